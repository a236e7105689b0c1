/* test-following.c: who follows the presenter, on the real quorum-server —
 * follow.set, the gathered following event, several connections of one
 * user, closing, resumption, the welcome, and who may take part.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-test-live.h"

#define PASSWORD "correct horse battery"

typedef enum
{
  ROOT,        /* admin and secretary; the secretary of every meeting here */
  CHAIR,
  ALICE,
  BOB,
  OLGA,        /* an observer */
  OUTSIDER,    /* in no meeting */
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = {
  "root", "chair", "alice", "bob", "olga", "outsider",
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
} fixture;

/* A meeting of ROOT's: CHAIR chairs, ALICE and BOB are delegates, OLGA observes. */
static gint64
new_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Following test", NULL);
  static const struct { Who who; const char *role; } members[] = {
    { CHAIR, "chair" }, { ALICE, "delegate" }, { BOB, "delegate" }, { OLGA, "observer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id,
                                 fixture.ids[members[i].who], members[i].role);
    }
  return meeting->id;
}

static QmTestLive *
join (gint64 meeting_id,
      Who    who)
{
  return qm_test_live_join (fixture.server, meeting_id, fixture.tokens[who]);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Asserts the ids are exactly these users (a list ending with -1), in
 * ascending order of their ids. */
static void
assert_users (GArray *ids,
              ...)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  int who;

  va_start (args, ids);
  while ((who = va_arg (args, int)) >= 0)
    g_array_append_val (expected, fixture.ids[who]);
  va_end (args);
  g_array_sort (expected, compare_id);

  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, expected->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (expected, gint64, i));
}

/* The next following event this client gets. */
static QmMessage *
next_following (QmTestLive *live)
{
  return qm_test_live_wait_type (live, QM_MESSAGE_FOLLOWING);
}

/* follow.set with an id; asserts a plain reply. */
static void
follow (QmTestLive *live,
        gint64      id,
        gboolean    following)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (live, id,
                                                     "\"type\":\"follow.set\",\"following\":%s",
                                                     following ? "true" : "false");

  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
}

static gboolean
has_feature (const QmMessage *welcome,
             const char      *name)
{
  for (guint i = 0; i < welcome->welcome.features->len; i++)
    if (g_str_equal (g_ptr_array_index (welcome->welcome.features, i), name))
      return TRUE;
  return FALSE;
}

static void
test_set_unset (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) olga = join (mid, OLGA);
  QmMessage *welcome = qm_test_live_get_welcome (chair);

  g_assert_true (has_feature (welcome, "following"));
  assert_users (welcome->welcome.following, -1);

  /* The reply comes after the event it caused, on the sender's connection too. */
  follow (alice, 1, TRUE);
  {
    g_autoptr(QmMessage) own = next_following (alice);
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (own->following.users, ALICE, -1);
    assert_users (seen->following.users, ALICE, -1);
    g_assert_cmpint (own->seq, ==, seen->seq);
  }

  /* An observer follows too; the set stays sorted. */
  follow (olga, 2, TRUE);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, ALICE, OLGA, -1);
  }

  /* Saying it twice changes nothing: the next event is the unset below. */
  follow (alice, 3, TRUE);
  follow (alice, 4, FALSE);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, OLGA, -1);
  }

  /* A newcomer's welcome holds the set. */
  {
    g_autoptr(QmTestLive) bob = join (mid, BOB);

    assert_users (qm_test_live_get_welcome (bob)->welcome.following, OLGA, -1);
  }

  /* Without an id: no reply, the event still comes. */
  qm_test_live_send (alice, "{\"type\":\"follow.set\",\"following\":true}");
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, ALICE, OLGA, -1);
  }
}

static void
test_gathered (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);

  /* On and off again within one window, from nobody to nobody: no event
   * (the reply waits for the window), so the first one is the pair below. */
  qm_test_live_send (bob, "{\"type\":\"follow.set\",\"following\":true}");
  follow (bob, 1, FALSE);

  /* Both within one window: one event. */
  qm_test_live_send (alice, "{\"type\":\"follow.set\",\"following\":true}");
  qm_test_live_send (bob, "{\"type\":\"follow.set\",\"following\":true}");
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, ALICE, BOB, -1);
  }

  /* Off and on again within the window: no event at all, so the next one
   * the chair sees is BOB's unset. */
  qm_test_live_send (alice, "{\"type\":\"follow.set\",\"following\":false}");
  follow (alice, 2, TRUE);
  follow (bob, 3, FALSE);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, ALICE, -1);
  }
}

static void
test_two_connections (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) tablet = join (mid, ALICE);
  g_autoptr(QmTestLive) laptop = join (mid, ALICE);

  follow (tablet, 1, TRUE);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, ALICE, -1);
  }
  /* The laptop follows too, then the tablet stops: ALICE still follows,
   * so nothing is sent until the laptop stops as well. */
  follow (laptop, 2, TRUE);
  follow (tablet, 3, FALSE);
  follow (laptop, 4, FALSE);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, -1);
  }
}

static void
test_close (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) other = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);

  /* Each reply waits for its event: two events. */
  follow (alice, 1, TRUE);
  follow (bob, 2, TRUE);
  {
    g_autoptr(QmMessage) first = next_following (chair);
    g_autoptr(QmMessage) second = next_following (chair);

    assert_users (first->following.users, ALICE, -1);
    assert_users (second->following.users, ALICE, BOB, -1);
  }

  /* ALICE's following connection closes; her other one stays, not following. */
  g_clear_pointer (&alice, qm_test_live_free);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, BOB, -1);
  }

  /* A user removed from the meeting is closed out and follows no more. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT
                                             "/participants/%" G_GINT64_FORMAT, mid,
                                             fixture.ids[BOB]);
    guint status;
    g_autoptr(GBytes) body = qm_test_json (fixture.server, "DELETE", path, fixture.tokens[ROOT],
                                           NULL, &status);

    qm_test_assert_status (body, status, 204);
  }
  g_assert_cmpuint (qm_test_live_wait_close (bob), ==, QM_CLOSE_FORBIDDEN);
  {
    g_autoptr(QmMessage) seen = next_following (chair);

    assert_users (seen->following.users, -1);
  }
  g_assert_false (qm_test_live_is_closed (other));
}

static void
test_resume (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autofree char *epoch = g_strdup (qm_test_live_get_welcome (chair)->welcome.epoch);
  GArray *seqs;
  gint64 seen;

  follow (alice, 1, TRUE);
  {
    g_autoptr(QmMessage) event = next_following (chair);
    g_autoptr(QmMessage) own = next_following (alice);
  }
  seqs = qm_test_live_get_seqs (chair);
  seen = g_array_index (seqs, gint64, seqs->len - 1);
  g_clear_pointer (&chair, qm_test_live_free);

  /* What the chair misses. */
  follow (alice, 2, FALSE);
  {
    g_autoptr(QmMessage) event = next_following (alice);

    assert_users (event->following.users, -1);
  }

  chair = qm_test_live_connect (fixture.server, mid);
  qm_test_live_send_hello (chair, fixture.tokens[CHAIR], seen, epoch);
  {
    g_autoptr(QmMessage) welcome = qm_test_live_next (chair);
    g_autoptr(QmMessage) replayed = NULL;

    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    g_assert_true (welcome->welcome.resumed);
    replayed = next_following (chair);
    g_assert_cmpint (replayed->seq, >, seen);
    assert_users (replayed->following.users, -1);
  }

  /* A full welcome, once more following: the set is in it. */
  follow (alice, 3, TRUE);
  {
    g_autoptr(QmMessage) event = next_following (chair);
    g_autoptr(QmTestLive) fresh = join (mid, CHAIR);

    assert_users (event->following.users, ALICE, -1);
    assert_users (qm_test_live_get_welcome (fresh)->welcome.following, ALICE, -1);
  }
}

static void
test_who_may (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) outsider = qm_test_live_connect (fixture.server, mid);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);

  /* Someone outside the meeting never gets in to say anything. */
  qm_test_live_send_hello (outsider, fixture.tokens[OUTSIDER], -1, NULL);
  g_assert_cmpuint (qm_test_live_wait_close (outsider), ==, QM_CLOSE_FORBIDDEN);

  /* Malformed: an error, and the connection stays. */
  qm_test_live_expect_error (alice, 1, "bad_request", "\"type\":\"follow.set\"");
  qm_test_live_expect_error (alice, 2, "bad_request",
                             "\"type\":\"follow.set\",\"following\":\"yes\"");
  qm_test_live_expect_error (alice, 3, "bad_request",
                             "\"type\":\"following\",\"seq\":1,\"users\":[1]");
  follow (alice, 4, TRUE);
  {
    g_autoptr(QmMessage) event = next_following (alice);

    assert_users (event->following.users, ALICE, -1);
  }
}

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[N_ACCOUNTS] = { 0 };
  const char *created[N_ACCOUNTS];

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ROOT] = me->id;
  }
  memcpy (created, names, sizeof created);
  created[ROOT] = NULL;
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, created, roles,
                        PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_ACCOUNTS, created, PASSWORD, fixture.tokens);
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/following/set-unset", test_set_unset);
  g_test_add_func ("/quorum/following/gathered", test_gathered);
  g_test_add_func ("/quorum/following/two-connections", test_two_connections);
  g_test_add_func ("/quorum/following/close", test_close);
  g_test_add_func ("/quorum/following/resume", test_resume);
  g_test_add_func ("/quorum/following/who-may", test_who_may);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
