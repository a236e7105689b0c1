/* test-votes.c: votes on the live channel of the real quorum-server — who may
 * open, cast and close, majorities, roll-calls, proxies, quorum, many ballots
 * at once, a crash in a burst of ballots, and what a secret vote leaves on disk.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "qm-test-live.h"

#define PASSWORD  "correct horse battery"
#define MEETINGS  "/api/v1/meetings/%" G_GINT64_FORMAT
/* Distinct voting members for the mass and crash tests. Each costs two
 * argon2 hashes (creation and login), about 0.2 s each on the server's two
 * workers (far more on a loaded machine): 40 members take 10–60 s to set up. */
#define N_MASS    40

typedef enum
{
  ROOT,        /* admin and secretary; the secretary of every meeting here */
  CHAIR,
  ALICE,
  BOB,
  CAROL,
  DAVE,
  OLGA,        /* an observer */
  OUTSIDER,
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = {
  "root", "chair", "alice", "bob", "carol", "dave", "olga", "outsider",
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  gint64        mass_ids[N_MASS];
  char         *mass_tokens[N_MASS];
} fixture;

static char *
path_of (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
path_of (const char *format,
         ...)
{
  va_list args;
  char *path;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return path;
}

static void
http (const char *method,
      const char *path,
      const char *json,
      guint       expected)
{
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, method, path, fixture.tokens[ROOT], json,
                                         &status);

  qm_test_assert_status (body, status, expected);
}

/* CHAIR chairs, ALICE, BOB, CAROL and DAVE are delegates, OLGA observes:
 * five voting members. */
static gint64
new_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Votes", NULL);

  for (Who who = CHAIR; who <= OLGA; who++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id, fixture.ids[who],
                                 who == CHAIR ? "chair" : who == OLGA ? "observer" : "delegate");
    }
  return meeting->id;
}

static QmTestLive *
join (gint64 meeting_id,
      Who    who)
{
  return qm_test_live_join (fixture.server, meeting_id, fixture.tokens[who]);
}

static gint64
open_vote (QmTestLive *chair,
           gint64      id,
           const char *majority,
           gboolean    secret)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (chair, id,
                                                     "\"type\":\"vote.open\",\"question\":\"Q%"
                                                     G_GINT64_FORMAT "\",\"secret\":%s,"
                                                     "\"majority\":\"%s\"", id,
                                                     secret ? "true" : "false", majority);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.open failed: %s", qm_test_live_last_raw (chair));
  g_assert_cmpint (reply->reply.vote, >, 0);
  return reply->reply.vote;
}

static void
cast_ok (QmTestLive *live,
         gint64      id,
         gint64      vote,
         const char *choice)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (live, id, "\"type\":\"vote.cast\",\"vote\":%"
                                                     G_GINT64_FORMAT ",\"choice\":\"%s\"", vote,
                                                     choice);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.cast failed: %s", qm_test_live_last_raw (live));
}

static QmVoteResult
close_vote (QmTestLive *chair,
            gint64      id,
            gint64      vote)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (chair, id, "\"type\":\"vote.close\",\"vote\":%"
                                                     G_GINT64_FORMAT, vote);
  g_autoptr(QmMessage) closed = NULL;

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.close failed: %s", qm_test_live_last_raw (chair));
  closed = qm_test_live_wait_type (chair, QM_MESSAGE_VOTE_CLOSED);
  g_assert_cmpint (closed->vote_closed.vote, ==, vote);
  return closed->vote_closed.result;
}

static QmVote *
get_vote (gint64 meeting_id,
          gint64 vote_id)
{
  g_autofree char *path = path_of (MEETINGS "/votes", meeting_id);
  g_autoptr(GPtrArray) votes = qm_test_get (fixture.server, path, fixture.tokens[ROOT],
                                            (gpointer) qm_vote_list_parse);

  for (guint i = 0; i < votes->len; i++)
    if (((QmVote *) g_ptr_array_index (votes, i))->id == vote_id)
      return qm_vote_copy (g_ptr_array_index (votes, i));
  g_error ("vote %" G_GINT64_FORMAT " is not listed", vote_id);
  return NULL;
}

/* The roll-call entry of user, asserted to exist. */
static const QmBallot *
find_ballot (const QmVote *vote,
             gint64        user)
{
  for (guint i = 0; vote->ballots != NULL && i < vote->ballots->len; i++)
    if (g_array_index (vote->ballots, QmBallot, i).user == user)
      return &g_array_index (vote->ballots, QmBallot, i);
  g_error ("no ballot of user %" G_GINT64_FORMAT " in vote %" G_GINT64_FORMAT, user, vote->id);
}

/* Who may open, cast and close */

static void
test_open_and_cast (void)
{
  gint64 mid = new_meeting ();
  gint64 other = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) olga = join (mid, OLGA);
  g_autoptr(QmTestLive) root = join (mid, ROOT);
  g_autoptr(QmTestLive) other_chair = join (other, CHAIR);
  g_autoptr(QmMessage) opened = NULL;
  g_autoptr(QmMessage) welcome_later = NULL;
  g_autoptr(QmTestLive) bob = NULL;
  gint64 vote, foreign;

  qm_test_live_expect_error (alice, 1, "forbidden", "\"type\":\"vote.open\",\"question\":\"Q\","
                             "\"secret\":false,\"majority\":\"simple\"");
  qm_test_live_expect_error (chair, 2, "bad_request", "\"type\":\"vote.open\",\"question\":\"Q\","
                             "\"secret\":false,\"majority\":\"most\"");
  vote = open_vote (chair, 3, "simple", FALSE);
  opened = qm_test_live_wait_type (alice, QM_MESSAGE_VOTE_OPENED);
  g_assert_cmpint (opened->vote_opened.vote->id, ==, vote);
  g_assert_cmpstr (opened->vote_opened.vote->question, ==, "Q3");
  g_assert_false (opened->vote_opened.vote->secret);
  g_assert_cmpint (opened->vote_opened.vote->majority, ==, QM_MAJORITY_SIMPLE);
  g_assert_cmpint (opened->vote_opened.vote->status, ==, QM_VOTE_STATUS_OPEN);
  /* The chair and four delegates; not the observer nor the secretary. */
  g_assert_cmpint (opened->vote_opened.vote->eligible, ==, 5);
  g_assert_cmpint (opened->vote_opened.vote->cast, ==, 0);
  g_clear_pointer (&opened, qm_message_free);
  opened = qm_test_live_wait_type (olga, QM_MESSAGE_VOTE_OPENED);
  g_clear_pointer (&opened, qm_message_free);
  opened = qm_test_live_wait_type (root, QM_MESSAGE_VOTE_OPENED);
  bob = join (mid, BOB);
  g_assert_cmpuint (qm_test_live_get_welcome (bob)->welcome.votes->len, ==, 1);
  g_assert_cmpint (((QmVote *) g_ptr_array_index (qm_test_live_get_welcome (bob)->welcome.votes,
                                                  0))->id, ==, vote);

  cast_ok (alice, 4, vote, "yes");
  qm_test_live_expect_error (alice, 5, "already_voted",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  qm_test_live_expect_error (olga, 6, "forbidden",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  qm_test_live_expect_error (root, 7, "forbidden",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  qm_test_live_expect_error (alice, 8, "not_found",
                             "\"type\":\"vote.cast\",\"vote\":987654321,\"choice\":\"no\"");
  foreign = open_vote (other_chair, 9, "simple", FALSE);
  qm_test_live_expect_error (alice, 10, "not_found",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             foreign);
  qm_test_live_expect_error (alice, 12, "forbidden",
                             "\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, vote);
  qm_test_live_expect_error (chair, 13, "not_found",
                             "\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, foreign);
  {
    QmVoteResult result = close_vote (chair, 14, vote);
    g_autoptr(QmMessage) closed = qm_test_live_wait_type (olga, QM_MESSAGE_VOTE_CLOSED);

    g_assert_cmpint (result.yes, ==, 1);
    g_assert_cmpint (result.cast, ==, 1);
    g_assert_cmpint (result.eligible, ==, 5);
    g_assert_true (result.passed);
    g_assert_cmpint (closed->vote_closed.vote, ==, vote);
  }
  qm_test_live_expect_error (bob, 15, "vote_closed",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  qm_test_live_expect_error (chair, 16, "vote_closed",
                             "\"type\":\"vote.close\",\"vote\":%" G_GINT64_FORMAT, vote);
  welcome_later = qm_test_live_command (bob, 17, "\"type\":\"ping\"");
  close_vote (other_chair, 18, foreign);
}

/* Majorities */

typedef struct
{
  const char *majority;
  const char *choices;     /* CHAIR, ALICE, BOB, CAROL, DAVE: y, n, a or - (none) */
  gboolean    passed;
} Case;

static void
test_majorities (void)
{
  static const Case cases[] = {
    { "simple", "yyn--", TRUE },
    { "simple", "yn---", FALSE },          /* a tie */
    { "simple", "yaaaa", TRUE },           /* abstentions do not count against */
    { "simple", "-----", FALSE },          /* nobody voted */
    { "absolute", "yyy--", TRUE },         /* 3 of 5 */
    { "absolute", "yyaa-", FALSE },        /* 2 of 5: the others weigh against */
    { "absolute", "yy---", FALSE },
    { "two_thirds", "yynaa", TRUE },       /* 2 of 3 cast yes or no */
    { "two_thirds", "yyynn", FALSE },      /* 3 of 5 */
    { "two_thirds", "aaaaa", FALSE },      /* yes + no must be above 0 */
    { "two_thirds", "-----", FALSE },
  };
  gint64 mid = new_meeting ();
  QmTestLive *members[5];
  gint64 id = 1;

  for (guint m = 0; m < 5; m++)
    members[m] = join (mid, CHAIR + m);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gint64 vote = open_vote (members[0], id++, cases[c].majority, c % 2 == 1);
      QmVoteResult result;
      gint64 yes = 0, no = 0, abstain = 0;

      for (guint m = 0; m < 5; m++)
        {
          const char *choice = NULL;

          switch (cases[c].choices[m])
            {
            case 'y': choice = "yes"; yes++; break;
            case 'n': choice = "no"; no++; break;
            case 'a': choice = "abstain"; abstain++; break;
            default: break;
            }
          if (choice != NULL)
            cast_ok (members[m], id++, vote, choice);
        }
      result = close_vote (members[0], id++, vote);
      g_test_message ("%s %s: passed %d", cases[c].majority, cases[c].choices, result.passed);
      g_assert_cmpint (result.yes, ==, yes);
      g_assert_cmpint (result.no, ==, no);
      g_assert_cmpint (result.abstain, ==, abstain);
      g_assert_cmpint (result.cast, ==, yes + no + abstain);
      g_assert_cmpint (result.eligible, ==, 5);
      g_assert_cmpint (result.passed, ==, cases[c].passed);
    }
  for (guint m = 0; m < 5; m++)
    qm_test_live_free (members[m]);
}

/* Roll-calls and proxies */

static void
test_named_and_secret (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  gint64 named = open_vote (chair, 1, "simple", FALSE);
  gint64 secret = open_vote (chair, 2, "simple", TRUE);
  g_autoptr(QmVote) named_open = NULL;
  g_autoptr(QmVote) named_vote = NULL;
  g_autoptr(QmVote) secret_vote = NULL;
  const QmBallot *ballot;

  cast_ok (alice, 3, named, "yes");
  cast_ok (bob, 4, named, "abstain");
  cast_ok (alice, 5, secret, "no");
  cast_ok (bob, 6, secret, "yes");
  /* While open, nobody sees who chose what. */
  named_open = get_vote (mid, named);
  g_assert_null (named_open->ballots);
  g_assert_false (named_open->has_result);
  g_assert_cmpint (named_open->cast, ==, 2);

  close_vote (chair, 7, named);
  close_vote (chair, 8, secret);
  named_vote = get_vote (mid, named);
  g_assert_nonnull (named_vote->ballots);
  g_assert_cmpuint (named_vote->ballots->len, ==, 2);
  ballot = find_ballot (named_vote, fixture.ids[ALICE]);
  g_assert_nonnull (ballot);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_YES);
  g_assert_cmpint (ballot->by, ==, fixture.ids[ALICE]);
  ballot = find_ballot (named_vote, fixture.ids[BOB]);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_ABSTAIN);

  secret_vote = get_vote (mid, secret);
  g_assert_true (secret_vote->secret);
  g_assert_null (secret_vote->ballots);
  g_assert_cmpint (secret_vote->result.yes, ==, 1);
  g_assert_cmpint (secret_vote->result.no, ==, 1);
  g_assert_cmpint (secret_vote->result.cast, ==, 2);
}

static void
test_proxies (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autoptr(QmTestLive) carol = join (mid, CAROL);
  g_autoptr(QmTestLive) dave = join (mid, DAVE);
  g_autofree char *alice_proxy = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, mid,
                                          fixture.ids[ALICE]);
  g_autofree char *carol_proxy = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, mid,
                                          fixture.ids[CAROL]);
  g_autofree char *to_bob = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}", fixture.ids[BOB]);
  g_autofree char *to_dave = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                              fixture.ids[DAVE]);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(QmVote) roll = NULL;
  const QmBallot *ballot;
  gint64 vote;

  http ("PUT", alice_proxy, to_bob, 200);
  vote = open_vote (chair, 1, "simple", FALSE);
  /* Set after the vote opened: only later votes see it. */
  http ("PUT", carol_proxy, to_dave, 200);

  qm_test_live_expect_error (alice, 2, "forbidden",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  qm_test_live_expect_error (dave, 3, "forbidden",
                             "\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                             ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT, vote, fixture.ids[ALICE]);
  qm_test_live_expect_error (dave, 4, "forbidden",
                             "\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                             ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT, vote, fixture.ids[CAROL]);
  reply = qm_test_live_command (bob, 5, "\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                                ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT, vote,
                                fixture.ids[ALICE]);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  qm_test_live_expect_error (bob, 6, "already_voted",
                             "\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                             ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT, vote, fixture.ids[ALICE]);
  cast_ok (bob, 7, vote, "yes");
  cast_ok (carol, 8, vote, "yes");
  close_vote (chair, 9, vote);

  roll = get_vote (mid, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 3);
  ballot = find_ballot (roll, fixture.ids[ALICE]);
  g_assert_nonnull (ballot);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_NO);
  g_assert_cmpint (ballot->by, ==, fixture.ids[BOB]);
  g_assert_cmpint (find_ballot (roll, fixture.ids[BOB])->by, ==, fixture.ids[BOB]);
  g_assert_cmpint (find_ballot (roll, fixture.ids[CAROL])->by, ==, fixture.ids[CAROL]);

  /* The next vote sees CAROL's proxy. */
  vote = open_vote (chair, 10, "simple", FALSE);
  qm_test_live_expect_error (carol, 11, "forbidden",
                             "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"no\"",
                             vote);
  g_clear_pointer (&reply, qm_message_free);
  reply = qm_test_live_command (dave, 12, "\"type\":\"vote.cast.proxy\",\"vote\":%" G_GINT64_FORMAT
                                ",\"choice\":\"no\",\"for\":%" G_GINT64_FORMAT, vote,
                                fixture.ids[CAROL]);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  close_vote (chair, 13, vote);
}

/* Quorum */

static QmMessage *
wait_quorum (QmTestLive *live,
             gint64      voting_present)
{
  for (;;)
    {
      QmMessage *quorum = qm_test_live_wait_type (live, QM_MESSAGE_QUORUM);

      if (quorum->quorum.voting_present == voting_present)
        return quorum;
      qm_message_free (quorum);
    }
}

static void
test_quorum (void)
{
  gint64 mid = new_meeting ();
  g_autofree char *meeting_path = path_of (MEETINGS, mid);
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmTestLive) alice = NULL;
  g_autoptr(QmTestLive) bob = NULL;
  g_autoptr(QmTestLive) olga = NULL;
  g_autoptr(QmMessage) quorum = NULL;
  g_autoptr(QmMessage) forced = NULL;

  http ("PATCH", meeting_path, "{\"require_quorum\":true}", 200);
  chair = join (mid, CHAIR);
  g_assert_true (qm_test_live_get_welcome (chair)->welcome.meeting->require_quorum);
  quorum = wait_quorum (chair, 1);
  g_assert_cmpint (quorum->quorum.present, ==, 1);
  g_assert_cmpint (quorum->quorum.voting_total, ==, 5);
  g_assert_false (quorum->quorum.reached);
  g_clear_pointer (&quorum, qm_message_free);

  qm_test_live_expect_error (chair, 1, "conflict", "\"type\":\"vote.open\",\"question\":\"Q\","
                             "\"secret\":false,\"majority\":\"simple\"");
  forced = qm_test_live_command (chair, 2, "\"type\":\"vote.open\",\"question\":\"Q\","
                                 "\"secret\":false,\"majority\":\"simple\",\"force\":true");
  g_assert_cmpint (forced->type, ==, QM_MESSAGE_REPLY);
  g_assert_cmpint (forced->reply.vote, >, 0);

  /* An observer counts as present but not as voting. */
  olga = join (mid, OLGA);
  alice = join (mid, ALICE);
  quorum = wait_quorum (chair, 2);
  g_assert_false (quorum->quorum.reached);
  g_clear_pointer (&quorum, qm_message_free);
  bob = join (mid, BOB);
  quorum = wait_quorum (chair, 3);
  g_assert_cmpint (quorum->quorum.present, ==, 4);
  g_assert_cmpint (quorum->quorum.voting_total, ==, 5);
  g_assert_true (quorum->quorum.reached);
  g_clear_pointer (&quorum, qm_message_free);
  g_clear_pointer (&forced, qm_message_free);
  forced = qm_test_live_command (chair, 3, "\"type\":\"vote.open\",\"question\":\"Q\","
                                 "\"secret\":false,\"majority\":\"simple\"");
  g_assert_cmpint (forced->type, ==, QM_MESSAGE_REPLY);

  g_clear_pointer (&bob, qm_test_live_free);
  quorum = wait_quorum (chair, 2);
  g_assert_cmpint (quorum->quorum.present, ==, 3);
  g_assert_false (quorum->quorum.reached);
  g_clear_pointer (&quorum, qm_message_free);

  /* A member whose proxy holder is present counts as present. */
  {
    g_autofree char *bob_proxy = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, mid,
                                          fixture.ids[BOB]);
    g_autofree char *to_alice = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                                 fixture.ids[ALICE]);

    http ("PUT", bob_proxy, to_alice, 200);
    quorum = wait_quorum (chair, 3);
    g_assert_true (quorum->quorum.reached);
    g_assert_cmpint (quorum->quorum.present, ==, 3);
  }
}

/* Many ballots */

static void
mass_meeting (gint64       *out_meeting,
              QmTestLive  **clients,
              QmTestLive  **chair)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Mass", NULL);
  g_autoptr(GString) dummy = g_string_new (NULL);
  g_autofree QmTestCall *calls = g_new0 (QmTestCall, N_MASS + 1);
  g_auto(GStrv) paths = g_new0 (char *, N_MASS + 2);

  for (guint i = 0; i <= N_MASS; i++)
    {
      gint64 user = i < N_MASS ? fixture.mass_ids[i] : fixture.ids[CHAIR];

      paths[i] = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, meeting->id, user);
      calls[i] = (QmTestCall) { "PUT", paths[i], fixture.tokens[ROOT],
                                i < N_MASS ? "{\"role\":\"delegate\"}" : "{\"role\":\"chair\"}" };
    }
  qm_test_json_parallel (fixture.server, calls, N_MASS + 1);
  for (guint i = 0; i <= N_MASS; i++)
    qm_test_assert_status (calls[i].body, calls[i].status, 200);
  qm_test_calls_clear (calls, N_MASS + 1);

  *chair = join (meeting->id, CHAIR);
  for (guint i = 0; i < N_MASS; i++)
    clients[i] = qm_test_live_connect (fixture.server, meeting->id);
  for (guint i = 0; i < N_MASS; i++)
    qm_test_live_send_hello (clients[i], fixture.mass_tokens[i], -1, NULL);
  for (guint i = 0; i < N_MASS; i++)
    {
      g_autoptr(QmMessage) welcome = qm_test_live_wait_type (clients[i], QM_MESSAGE_WELCOME);
    }
  *out_meeting = meeting->id;
}

static void
test_mass (void)
{
  QmTestLive *clients[N_MASS];
  g_autoptr(QmTestLive) chair = NULL;
  guint progress_events = 0;
  gint64 mid, vote, last_cast = 0;
  QmVoteResult result;
  gint64 start;

  mass_meeting (&mid, clients, &chair);
  vote = open_vote (chair, 1, "absolute", FALSE);
  for (guint i = 0; i < N_MASS; i++)
    {
      g_autoptr(QmMessage) opened = qm_test_live_wait_type (clients[i], QM_MESSAGE_VOTE_OPENED);

      g_assert_cmpint (opened->vote_opened.vote->eligible, ==, N_MASS + 1);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_MASS; i++)
    qm_test_live_sendf (clients[i], "{\"type\":\"vote.cast\",\"id\":7,\"vote\":%" G_GINT64_FORMAT
                        ",\"choice\":\"%s\"}", vote, i % 3 == 2 ? "no" : "yes");
  for (guint i = 0; i < N_MASS; i++)
    {
      g_autoptr(QmMessage) reply = qm_test_live_wait_re (clients[i], 7);

      if (reply->type != QM_MESSAGE_REPLY)
        g_error ("a ballot failed: %s", qm_test_live_last_raw (clients[i]));
    }
  g_test_message ("%d ballots acknowledged in %.0f ms", N_MASS,
                  (g_get_monotonic_time () - start) / 1e3);

  /* Progress is gathered: far fewer events than ballots, the last one complete. */
  while (last_cast < N_MASS)
    {
      g_autoptr(QmMessage) progress = qm_test_live_wait_type (chair, QM_MESSAGE_VOTE_PROGRESS);

      g_assert_cmpint (progress->vote_progress.vote, ==, vote);
      g_assert_cmpint (progress->vote_progress.cast, >, last_cast);
      g_assert_cmpint (progress->vote_progress.eligible, ==, N_MASS + 1);
      last_cast = progress->vote_progress.cast;
      progress_events++;
    }
  g_test_message ("%d ballots: %u progress events", N_MASS, progress_events);
  g_assert_cmpuint (progress_events, <=, N_MASS / 10);

  result = close_vote (chair, 2, vote);
  g_assert_cmpint (result.cast, ==, N_MASS);
  g_assert_cmpint (result.no, ==, N_MASS / 3);
  g_assert_cmpint (result.yes, ==, N_MASS - N_MASS / 3);
  g_assert_cmpint (result.eligible, ==, N_MASS + 1);
  {
    g_autoptr(QmVote) roll = get_vote (mid, vote);

    g_assert_cmpuint (roll->ballots->len, ==, N_MASS);
    for (guint i = 0; i < N_MASS; i++)
      (void) (find_ballot (roll, fixture.mass_ids[i]));
  }
  for (guint i = 0; i < N_MASS; i++)
    qm_test_live_free (clients[i]);
}

typedef struct
{
  QmTestLive **clients;
  gint64       vote;
  guint        sent;
} Burst;

/* One ballot every 2 ms, so that the kill lands with ballots still coming. */
static gboolean
burst_tick (gpointer user_data)
{
  Burst *burst = user_data;

  /* Idle once all are sent: the test removes the source itself, before
   * the Burst on its stack goes away. */
  if (burst->sent == N_MASS)
    return G_SOURCE_CONTINUE;
  qm_test_live_sendf (burst->clients[burst->sent++], "{\"type\":\"vote.cast\",\"id\":9,"
                      "\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"yes\"}", burst->vote);
  return G_SOURCE_CONTINUE;
}

/* A crash in the middle of a burst of ballots loses none acknowledged. */
static void
test_crash (void)
{
  QmTestLive *clients[N_MASS];
  gboolean acked[N_MASS] = { FALSE };
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmVote) after = NULL;
  g_autoptr(QmVote) roll = NULL;
  guint n_acked = 0;
  gint64 mid, vote;

  mass_meeting (&mid, clients, &chair);
  vote = open_vote (chair, 1, "simple", FALSE);

  {
    Burst burst = { clients, vote, 0 };
    guint timer;

    /* Half at once, so some are on their way when the kill comes; the rest paced. */
    while (burst.sent < N_MASS / 2)
      burst_tick (&burst);
    timer = g_timeout_add (2, burst_tick, &burst);

    /* Kill once a quarter of them are acknowledged. */
    for (guint i = 0; i < N_MASS / 4; i++)
      {
        g_autoptr(QmMessage) reply = qm_test_live_wait_re (clients[i], 9);
      }
    qm_test_server_kill (fixture.server);
    g_source_remove (timer);
    g_test_message ("killed with %u of %d ballots sent", burst.sent, N_MASS);
  }
  for (guint i = 0; i < N_MASS; i++)
    {
      QmMessage *message;

      while ((message = qm_test_live_try_next (clients[i], 0)) != NULL)
        {
          if (message->type == QM_MESSAGE_REPLY)
            acked[i] = TRUE;
          qm_message_free (message);
        }
      n_acked += acked[i];
      g_assert_cmpuint (qm_test_live_wait_close (clients[i]), ==, 1006);
      g_clear_pointer (&clients[i], qm_test_live_free);
    }
  /* Queued replies of the first quarter were taken already. */
  for (guint i = 0; i < N_MASS / 4; i++)
    if (!acked[i])
      {
        acked[i] = TRUE;
        n_acked++;
      }
  g_test_message ("killed with %u of %d ballots acknowledged", n_acked, N_MASS);
  g_clear_pointer (&chair, qm_test_live_free);
  qm_test_server_start (fixture.server);

  after = get_vote (mid, vote);
  g_assert_cmpint (after->status, ==, QM_VOTE_STATUS_OPEN);
  g_assert_cmpint (after->cast, >=, n_acked);
  g_assert_cmpint (after->cast, <=, N_MASS);

  /* Every acknowledged ballot stands: casting again is already_voted. */
  chair = join (mid, CHAIR);
  for (guint i = 0; i < N_MASS; i++)
    if (acked[i])
      {
        g_autoptr(QmTestLive) again = qm_test_live_join (fixture.server, mid,
                                                         fixture.mass_tokens[i]);

        qm_test_live_expect_error (again, 1, "already_voted",
                                   "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT
                                   ",\"choice\":\"no\"", vote);
      }
  close_vote (chair, 2, vote);
  roll = get_vote (mid, vote);
  g_assert_cmpuint (roll->ballots->len, ==, after->cast);
  for (guint i = 0; i < roll->ballots->len; i++)
    {
      const QmBallot *ballot = &g_array_index (roll->ballots, QmBallot, i);

      g_assert_cmpint (ballot->choice, ==, QM_CHOICE_YES);
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (g_array_index (roll->ballots, QmBallot, j).user, !=, ballot->user);
    }
  for (guint i = 0; i < N_MASS; i++)
    if (acked[i])
      (void) (find_ballot (roll, fixture.mass_ids[i]));
}

/* What a secret vote leaves on disk */

/* The bytes SQLite writes for a ballots row (vote_id, member, choice,
 * cast_by) of a WITHOUT ROWID table: a record header of serial types, then
 * the values. Integers here are below 2^15. */
static GByteArray *
ballot_record (gint64      vote,
               gint64      member,
               const char *choice,
               gint64      by)
{
  GByteArray *record = g_byte_array_new ();
  gint64 values[3] = { vote, member, by };
  guint8 types[4], header_length = 5;
  guint8 bytes[8];

  for (guint i = 0, t = 0; i < 4; i++)
    {
      gint64 value = values[t];

      if (i == 2)
        {
          types[i] = (guint8) (13 + 2 * strlen (choice));
          continue;
        }
      t++;
      g_assert_cmpint (value, <, 32768);
      types[i] = value == 0 ? 8 : value == 1 ? 9 : value < 128 ? 1 : 2;
    }
  g_byte_array_append (record, &header_length, 1);
  g_byte_array_append (record, types, 4);
  for (guint i = 0, t = 0; i < 4; i++)
    {
      if (i == 2)
        {
          g_byte_array_append (record, (const guint8 *) choice, (guint) strlen (choice));
          continue;
        }
      if (types[i] == 1)
        {
          bytes[0] = (guint8) values[t];
          g_byte_array_append (record, bytes, 1);
        }
      else if (types[i] == 2)
        {
          bytes[0] = (guint8) (values[t] >> 8);
          bytes[1] = (guint8) values[t];
          g_byte_array_append (record, bytes, 2);
        }
      t++;
    }
  return record;
}

static gboolean
file_contains (const char *path,
               GByteArray *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + needle->len <= length; i++)
    if (memcmp (contents + i, needle->data, needle->len) == 0)
      return TRUE;
  return FALSE;
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gint64      parameter)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, parameter);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_secret_storage (void)
{
  gint64 mid = new_meeting ();
  QmTestLive *members[5];
  static const char *choices[] = { "yes", "no", "abstain", "yes", "no" };
  g_autofree char *db_path = g_build_filename (qm_test_server_get_data_dir (fixture.server),
                                               "quorum.db", NULL);
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  sqlite3 *db = NULL;
  gint64 named, secret;

  for (guint m = 0; m < 5; m++)
    members[m] = join (mid, CHAIR + m);
  /* A named vote with the same choices, as a control for the byte search. */
  named = open_vote (members[0], 1, "simple", FALSE);
  secret = open_vote (members[0], 2, "simple", TRUE);
  for (guint m = 0; m < 5; m++)
    {
      cast_ok (members[m], 10 + m, named, choices[m]);
      cast_ok (members[m], 20 + m, secret, choices[m]);
    }
  close_vote (members[0], 3, named);
  close_vote (members[0], 4, secret);

  /* The close truncated the log before it answered. (Not asserted empty:
   * the room's own bookkeeping, such as reserving the next block of event
   * numbers, may write again at any moment; what matters is that no page
   * written while the ballots were cast is still in it, below.) */

  for (guint m = 0; m < 5; m++)
    {
      g_autoptr(GByteArray) kept = ballot_record (named, fixture.ids[CHAIR + m], choices[m],
                                                  fixture.ids[CHAIR + m]);
      g_autoptr(GByteArray) never = ballot_record (secret, fixture.ids[CHAIR + m], choices[m],
                                                   fixture.ids[CHAIR + m]);

      g_assert_true (file_contains (db_path, kept));
      g_assert_false (file_contains (db_path, never));
      g_assert_false (file_contains (wal_path, never));
    }

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ballots WHERE vote_id = ?1;", secret), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM ballots WHERE vote_id = ?1;", named), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM vote_voters WHERE vote_id = ?1;", secret),
                   ==, 5);
  /* Who voted is kept apart from what: no choice next to a member. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('vote_voters') "
                                  "WHERE name NOT IN ('vote_id', 'member', 'caster', 'voted') "
                                  "AND ?1;", 1), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT yes FROM votes WHERE id = ?1;", secret), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT no FROM votes WHERE id = ?1;", secret), ==, 2);
  sqlite3_close (db);

  for (guint m = 0; m < 5; m++)
    qm_test_live_free (members[m]);
}

/* The shared server */

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[MAX (N_ACCOUNTS, N_MASS)] = { 0 };
  const char *created[N_ACCOUNTS];
  g_auto(GStrv) mass_names = g_new0 (char *, N_MASS + 1);
  gint64 start;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ROOT] = me->id;
  }
  memcpy (created, names, sizeof created);
  created[ROOT] = NULL;
  for (guint i = 0; i < N_MASS; i++)
    mass_names[i] = g_strdup_printf ("member%03u", i);

  start = g_get_monotonic_time ();
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, created, roles,
                        PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_ACCOUNTS, created, PASSWORD, fixture.tokens);
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_MASS,
                        (const char * const *) mass_names, roles, PASSWORD, fixture.mass_ids);
  qm_test_login_many (fixture.server, N_MASS, (const char * const *) mass_names, PASSWORD,
                      fixture.mass_tokens);
  g_test_message ("%d accounts made and logged in in %.1f s", N_ACCOUNTS + N_MASS,
                  (g_get_monotonic_time () - start) / 1e6);
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  for (guint i = 0; i < N_MASS; i++)
    g_clear_pointer (&fixture.mass_tokens[i], g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/votes/open-and-cast", test_open_and_cast);
  g_test_add_func ("/quorum/votes/majorities", test_majorities);
  g_test_add_func ("/quorum/votes/named-and-secret", test_named_and_secret);
  g_test_add_func ("/quorum/votes/proxies", test_proxies);
  g_test_add_func ("/quorum/votes/quorum", test_quorum);
  g_test_add_func ("/quorum/votes/mass", test_mass);
  g_test_add_func ("/quorum/votes/secret-storage", test_secret_storage);
  g_test_add_func ("/quorum/votes/crash", test_crash);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
