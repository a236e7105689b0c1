/* test-vote-sheet.c: the voting sheet on a real display, bound to a member's
 * real live connection and model, against the real quorum-server: the chair
 * (a raw live client) opens votes, the test taps the sheet's buttons like a
 * user, and the server's roll-call says what was counted.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "qm-test-live.h"
#include "qm-test-widgets.h"
#include "qm-vote-sheet.h"

#define PASSWORD "correct horse battery"
#define MEETINGS "/api/v1/meetings/%" G_GINT64_FORMAT

typedef enum
{
  ROOT,        /* admin and secretary: the secretary of every meeting here */
  CHAIR,
  ALICE,       /* the user of the sheet */
  BOB,
  CAROL,
  OLGA,        /* an observer */
  N_ACCOUNTS
} Who;

static const char * const usernames[N_ACCOUNTS] = {
  "root", "chair", "alice", "bob", "carol", "olga",
};
static const char * const display_names[N_ACCOUNTS] = {
  "Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Quang Minh", "Võ Anh Tuấn", "Phạm Thị Hoa",
  "Đỗ Thu Trang",
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
} fixture;

/* One test: a fresh meeting with its agenda item, a chair on the live
 * channel, and the sheet of one user in a window over a stand-in document. */
typedef struct
{
  gint64        meeting_id;
  gint64        item_id;
  QmTestLive   *chair;
  QmTestClient *client;
  GtkWidget    *sheet;
  GtkWidget    *document;
  GtkWidget    *window;
  gint64        next_id;
} Fixture;

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

/* CHAIR chairs, ALICE, BOB and CAROL are delegates, OLGA observes: four
 * voting members. */
static void
make_meeting (Fixture *f)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Kỳ họp thứ 12", NULL);
  g_autoptr(QmAgendaItem) first = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  for (Who who = CHAIR; who <= OLGA; who++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id, fixture.ids[who],
                                 who == CHAIR ? "chair" : who == OLGA ? "observer" : "delegate");
    }
  first = qm_test_add_item (fixture.server, fixture.tokens[ROOT], meeting->id, "Khai mạc");
  item = qm_test_add_item (fixture.server, fixture.tokens[ROOT], meeting->id,
                           "Dự toán ngân sách năm 2027");
  f->meeting_id = meeting->id;
  f->item_id = item->id;
}

static void
set_up_as (Fixture *f,
           Who      who)
{
  GtkWidget *overlay = gtk_overlay_new ();

  make_meeting (f);
  f->chair = qm_test_live_join (fixture.server, f->meeting_id, fixture.tokens[CHAIR]);
  f->client = qm_test_client_new (fixture.server, fixture.tokens[who], f->meeting_id);
  qm_test_client_go_online (f->client);
  f->next_id = 1;

  f->sheet = g_object_ref_sink (qm_vote_sheet_new ());
  qm_vote_sheet_bind (QM_VOTE_SHEET (f->sheet), f->client->model, f->client->live);

  /* Stands in for the document: the sheet lies over it. */
  f->document = qm_test_document_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), f->document);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), f->sheet);
  f->window = qm_test_window_new (1280, 800, overlay);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_up_as (f, ALICE);
}

static void
fixture_set_up_observer (Fixture       *f,
                         gconstpointer  data)
{
  set_up_as (f, OLGA);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->sheet);
  qm_test_client_free (f->client);
  qm_test_live_free (f->chair);
}

static gint64
open_vote (Fixture    *f,
           const char *question,
           gboolean    secret,
           gboolean    with_item)
{
  g_autofree char *item = with_item ? g_strdup_printf (",\"item\":%" G_GINT64_FORMAT, f->item_id)
                                    : g_strdup ("");
  g_autoptr(QmMessage) reply = qm_test_live_command (f->chair, f->next_id++,
                                                     "\"type\":\"vote.open\",\"question\":\"%s\","
                                                     "\"secret\":%s,\"majority\":\"simple\"%s",
                                                     question, secret ? "true" : "false", item);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.open failed: %s", qm_test_live_last_raw (f->chair));
  return reply->reply.vote;
}

static void
close_vote (Fixture *f,
            gint64   vote)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (f->chair, f->next_id++,
                                                     "\"type\":\"vote.close\",\"vote\":%"
                                                     G_GINT64_FORMAT, vote);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("vote.close failed: %s", qm_test_live_last_raw (f->chair));
}

static QmVote *
get_vote (Fixture *f,
          gint64   vote_id)
{
  g_autofree char *path = path_of (MEETINGS "/votes", f->meeting_id);
  g_autoptr(GPtrArray) votes = qm_test_get (fixture.server, path, fixture.tokens[ROOT],
                                            (gpointer) qm_vote_list_parse);

  for (guint i = 0; i < votes->len; i++)
    if (((QmVote *) g_ptr_array_index (votes, i))->id == vote_id)
      return qm_vote_copy (g_ptr_array_index (votes, i));
  g_error ("vote %" G_GINT64_FORMAT " is not listed", vote_id);
  return NULL;
}

static const QmBallot *
find_ballot (const QmVote *vote,
             gint64        user)
{
  for (guint i = 0; vote->ballots != NULL && i < vote->ballots->len; i++)
    if (g_array_index (vote->ballots, QmBallot, i).user == user)
      return &g_array_index (vote->ballots, QmBallot, i);
  g_error ("no ballot of user %" G_GINT64_FORMAT " in vote %" G_GINT64_FORMAT, user, vote->id);
}

#define YES     C_("vote choice", "Yes")
#define NO      C_("vote choice", "No")
#define ABSTAIN C_("vote choice", "Abstain")

static gboolean
is_active (Fixture *f)
{
  return qm_vote_sheet_get_active (QM_VOTE_SHEET (f->sheet));
}

/* The card of the vote with this question. */
static GtkWidget *
card_of (Fixture    *f,
         const char *question)
{
  GtkWidget *label = qm_test_find_label (f->sheet, question);

  g_assert_nonnull (label);
  return gtk_widget_get_parent (label);
}

/* Choose, wait for Confirm to wake (it sleeps a moment against double taps),
 * confirm. */
static void
cast (GtkWidget  *scope,
      const char *choice)
{
  GtkWidget *confirm;

  qm_test_tap (qm_test_find_button (scope, choice));
  qm_test_wait_until ((confirm = qm_test_find_button (scope, _("Confirm"))) != NULL
                      && gtk_widget_is_sensitive (confirm));
  qm_test_tap (confirm);
}

static void
test_cast_and_result (Fixture       *f,
                      gconstpointer  data)
{
  const char *question = "Thông qua dự toán ngân sách địa phương năm 2027";
  g_autofree char *item_text = g_strdup_printf (_("Item %d: %s"), 2, "Dự toán ngân sách năm 2027");
  g_autofree char *in_progress = g_strdup_printf (ngettext ("Vote in progress", "%u votes in progress", 1), 1);
  g_autofree char *result_title = g_strdup (ngettext ("Vote result", "Vote results", 1));
  g_autofree char *none_voted = g_strdup_printf (_("%d / %d voted"), 0, 4);
  g_autofree char *one_voted = g_strdup_printf (_("%d / %d voted"), 1, 4);
  g_autofree char *confirm_no = g_strdup_printf (_("Confirm your vote: %s?"), NO);
  g_autofree char *voted_yes = g_strdup_printf (_("You voted: %s"), YES);
  g_autofree char *one_of_four = g_strdup_printf (_("%d of %d members voted."), 1, 4);
  g_autoptr(QmVote) roll = NULL;
  GtkWidget *card, *confirm, *picked;
  const QmBallot *ballot;
  gint64 vote;

  g_assert_false (is_active (f));
  vote = open_vote (f, question, FALSE, TRUE);
  qm_test_wait_until (is_active (f));

  card = card_of (f, question);
  g_assert_nonnull (qm_test_find_label (card, item_text));
  g_assert_nonnull (qm_test_find_label (f->sheet, in_progress));
  g_assert_null (qm_test_find_label (card, _("Secret ballot")));
  g_assert_nonnull (qm_test_find_label (card, none_voted));
  /* One ballot: no heading saying whose. */
  g_assert_null (qm_test_find_label (card, _("Your vote")));
  qm_test_screenshot (f->window, "vote-sheet-choose");

  /* Taps elsewhere reach the document under the sheet. */
  qm_test_wait_frames (f->window, 2);
  picked = gtk_widget_pick (gtk_widget_get_parent (f->sheet), 5, 5, GTK_PICK_DEFAULT);
  g_assert_nonnull (picked);
  g_assert_true (picked == f->document || gtk_widget_is_ancestor (picked, f->document));

  /* Choosing asks for confirmation; Change goes back. */
  qm_test_tap (qm_test_find_button (card, NO));
  g_assert_nonnull (qm_test_find_label (card, confirm_no));
  confirm = qm_test_find_button (card, _("Confirm"));
  g_assert_nonnull (confirm);
  qm_test_tap (qm_test_find_button (card, _("Change")));
  g_assert_null (qm_test_find_label (card, confirm_no));

  /* From the keyboard: focus follows to Change, then to Confirm once awake. */
  g_assert_true (gtk_widget_grab_focus (qm_test_find_button (card, YES)));
  qm_test_tap (qm_test_find_button (card, YES));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == qm_test_find_button (card, _("Change")));
  qm_test_wait_until ((confirm = qm_test_find_button (card, _("Confirm"))) != NULL
                      && gtk_widget_is_sensitive (confirm));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == confirm);
  qm_test_screenshot (f->window, "vote-sheet-confirm");
  qm_test_tap (confirm);
  qm_test_wait_until (qm_test_find_label (card, _("Your vote has been recorded")) != NULL);
  g_assert_nonnull (qm_test_find_label (card, voted_yes));
  qm_test_wait_until (qm_test_find_label (card, one_voted) != NULL);
  qm_test_screenshot (f->window, "vote-sheet-recorded");

  close_vote (f, vote);
  qm_test_wait_until (qm_test_find_label (card, _("Passed")) != NULL);
  g_assert_true (is_active (f));
  g_assert_nonnull (qm_test_find_label (f->sheet, result_title));
  g_assert_nonnull (qm_test_find_label (card, one_of_four));
  g_assert_null (qm_test_find_button (card, YES));
  qm_test_screenshot (f->window, "vote-sheet-result");

  roll = get_vote (f, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 1);
  ballot = find_ballot (roll, fixture.ids[ALICE]);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_YES);
  g_assert_cmpint (ballot->by, ==, fixture.ids[ALICE]);
  g_assert_cmpint (roll->result.yes, ==, 1);
  g_assert_cmpint (roll->result.cast, ==, 1);

  qm_test_tap (qm_test_find_button (card, _("Dismiss")));
  g_assert_false (is_active (f));
  g_assert_null (qm_test_find_label (f->sheet, question));
}

static void
test_double_tap (Fixture       *f,
                 gconstpointer  data)
{
  const char *question = "Miễn nhiệm Phó Chủ tịch";
  g_autofree char *confirm_no = g_strdup_printf (_("Confirm your vote: %s?"), NO);
  g_autoptr(QmVote) roll = NULL;
  GtkWidget *card, *confirm;
  gint64 vote;

  vote = open_vote (f, question, FALSE, FALSE);
  qm_test_wait_until (is_active (f));
  card = card_of (f, question);

  /* The second tap of a double tap on "No" lands where Confirm now is:
   * Confirm is still asleep and nothing is sent. */
  qm_test_tap (qm_test_find_button (card, NO));
  confirm = qm_test_find_button (card, _("Confirm"));
  g_assert_false (gtk_widget_is_sensitive (confirm));
  g_signal_emit_by_name (confirm, "clicked");
  gtk_widget_activate_action (qm_test_ancestor (confirm, g_type_from_name ("QmBallotRow")),
                              "ballot.confirm", NULL);
  g_assert_nonnull (qm_test_find_label (card, confirm_no));

  /* Awake, a double tap on Confirm casts once. */
  qm_test_wait_until (gtk_widget_is_sensitive (confirm));
  g_signal_emit_by_name (confirm, "clicked");
  g_signal_emit_by_name (confirm, "clicked");
  qm_test_wait_until (qm_test_find_label (card, _("Your vote has been recorded")) != NULL);
  /* A second cast would come back as already_voted by now. */
  qm_test_client_round_trip (f->client);
  g_assert_nonnull (qm_test_find_label (card, _("Your vote has been recorded")));
  g_assert_null (qm_test_find_label (card, _("A vote had already been recorded for this ballot")));

  close_vote (f, vote);
  roll = get_vote (f, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 1);
  g_assert_cmpint (find_ballot (roll, fixture.ids[ALICE])->choice, ==, QM_CHOICE_NO);
  g_assert_cmpint (roll->result.no, ==, 1);
  g_assert_cmpint (roll->result.cast, ==, 1);
}

static void
test_proxy (Fixture       *f,
            gconstpointer  data)
{
  const char *question = "Thông qua chương trình làm việc";
  g_autofree char *bob_proxy = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, f->meeting_id,
                                        fixture.ids[BOB]);
  g_autofree char *to_alice = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}", fixture.ids[ALICE]);
  g_autofree char *on_behalf = g_strdup_printf (_("On behalf of %s"), display_names[BOB]);
  g_autoptr(QmVote) roll = NULL;
  const QmBallot *ballot;
  GtkWidget *own, *held;
  gint64 vote;

  http ("PUT", bob_proxy, to_alice, 200);
  qm_test_wait_until (qm_meeting_model_get_display_name (f->client->model, fixture.ids[BOB]) != NULL
                      && qm_meeting_find_participant (qm_meeting_model_get_meeting (f->client->model),
                                                      fixture.ids[BOB])->proxy_holder == fixture.ids[ALICE]);

  vote = open_vote (f, question, FALSE, TRUE);
  qm_test_wait_until (is_active (f));

  /* Two ballots, each saying whose it is, each with its own buttons. */
  own = qm_test_find_label (f->sheet, _("Your vote"));
  held = qm_test_find_label (f->sheet, on_behalf);
  g_assert_nonnull (own);
  g_assert_nonnull (held);
  own = gtk_widget_get_parent (own);
  held = gtk_widget_get_parent (held);
  g_assert_true (own != held);
  g_assert_cmpuint (qm_test_count_labels (f->sheet, ABSTAIN), ==, 2);
  qm_test_screenshot (f->window, "vote-sheet-proxy");

  cast (held, NO);
  qm_test_wait_until (qm_test_find_label (held, _("Your vote has been recorded")) != NULL);
  /* The other ballot is untouched. */
  g_assert_nonnull (qm_test_find_button (own, YES));
  cast (own, YES);
  qm_test_wait_until (qm_test_find_label (own, _("Your vote has been recorded")) != NULL);
  qm_test_screenshot (f->window, "vote-sheet-proxy-recorded");

  close_vote (f, vote);
  roll = get_vote (f, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 2);
  ballot = find_ballot (roll, fixture.ids[ALICE]);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_YES);
  g_assert_cmpint (ballot->by, ==, fixture.ids[ALICE]);
  ballot = find_ballot (roll, fixture.ids[BOB]);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_NO);
  g_assert_cmpint (ballot->by, ==, fixture.ids[ALICE]);
}

static void
test_two_votes_secret (Fixture       *f,
                       gconstpointer  data)
{
  const char *named = "Thông qua biên bản kỳ họp trước";
  const char *secret = "Bầu Ủy viên Ủy ban nhân dân tỉnh";
  g_autofree char *in_progress = g_strdup_printf (ngettext ("Vote in progress", "%u votes in progress", 1), 1);
  g_autofree char *two_in_progress = g_strdup_printf (ngettext ("Vote in progress", "%u votes in progress", 2), 2);
  g_autofree char *voted_prefix = g_strdup_printf (_("You voted: %s"), "");
  g_autofree char *none_of_four = g_strdup_printf (_("%d of %d members voted."), 0, 4);
  g_autoptr(QmVote) roll = NULL;
  GtkWidget *named_card, *secret_card;
  gint64 named_vote, secret_vote;

  named_vote = open_vote (f, named, FALSE, FALSE);
  secret_vote = open_vote (f, secret, TRUE, TRUE);
  qm_test_wait_until (qm_test_find_label (f->sheet, secret) != NULL);
  named_card = card_of (f, named);
  secret_card = card_of (f, secret);
  g_assert_true (named_card != secret_card);
  g_assert_nonnull (qm_test_find_label (f->sheet, two_in_progress));
  g_assert_nonnull (qm_test_find_label (secret_card, _("Secret ballot")));
  g_assert_null (qm_test_find_label (named_card, _("Secret ballot")));
  qm_test_screenshot (f->window, "vote-sheet-two-votes");

  /* A secret ballot, once cast, does not show the choice. */
  cast (secret_card, NO);
  qm_test_wait_until (qm_test_find_label (secret_card, _("Your vote has been recorded")) != NULL);
  g_assert_null (qm_test_find_label_prefix (secret_card, voted_prefix));
  g_assert_nonnull (qm_test_find_button (named_card, YES));

  close_vote (f, secret_vote);
  qm_test_wait_until (qm_test_find_label (secret_card, _("Not passed")) != NULL);
  g_assert_nonnull (qm_test_find_label (f->sheet, in_progress));
  roll = get_vote (f, secret_vote);
  g_assert_null (roll->ballots);
  g_assert_cmpint (roll->result.no, ==, 1);
  g_assert_cmpint (roll->result.cast, ==, 1);

  qm_test_tap (qm_test_find_button (secret_card, _("Dismiss")));
  g_assert_null (qm_test_find_label (f->sheet, secret));
  g_assert_true (is_active (f));

  /* Closed without this user's ballot: the result all the same. */
  close_vote (f, named_vote);
  qm_test_wait_until (qm_test_find_label (named_card, none_of_four) != NULL);
  g_assert_nonnull (qm_test_find_label (named_card, _("Not passed")));
  qm_test_tap (qm_test_find_button (named_card, _("Dismiss")));
  g_assert_false (is_active (f));
}

static void
test_already_voted (Fixture       *f,
                    gconstpointer  data)
{
  const char *question = "Điều chỉnh quy hoạch sử dụng đất";
  g_autoptr(QmTestLive) other = qm_test_live_join (fixture.server, f->meeting_id, fixture.tokens[ALICE]);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(QmVote) roll = NULL;
  GtkWidget *card;
  gint64 vote;

  vote = open_vote (f, question, FALSE, FALSE);
  qm_test_wait_until (is_active (f));
  card = card_of (f, question);

  /* The same member voted from another tablet. */
  reply = qm_test_live_command (other, 1, "\"type\":\"vote.cast\",\"vote\":%" G_GINT64_FORMAT
                                ",\"choice\":\"abstain\"", vote);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);

  cast (card, YES);
  qm_test_wait_until (qm_test_find_label (card, _("A vote had already been recorded for this ballot")) != NULL);
  g_assert_null (qm_test_find_button (card, _("Try again")));

  close_vote (f, vote);
  roll = get_vote (f, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 1);
  g_assert_cmpint (find_ballot (roll, fixture.ids[ALICE])->choice, ==, QM_CHOICE_ABSTAIN);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  const char *question = "Thành lập Ban chỉ đạo";
  g_autoptr(QmVote) roll = NULL;
  GtkWidget *card;
  gint64 vote;

  vote = open_vote (f, question, FALSE, FALSE);
  qm_test_wait_until (is_active (f));
  card = card_of (f, question);

  qm_live_connection_stop (f->client->live);
  qm_test_wait_until (qm_test_find_label (f->sheet, _("Not connected")) != NULL);
  cast (card, YES);
  qm_test_wait_until (qm_test_find_label (card, _("Not connected — your vote was not sent.")) != NULL);
  qm_test_screenshot (f->window, "vote-sheet-offline");

  /* Back online, the same vote goes with one tap. */
  qm_test_client_go_online (f->client);
  qm_test_wait_until (qm_test_find_label (f->sheet, _("Not connected")) == NULL);
  qm_test_tap (qm_test_find_button (card, _("Try again")));
  qm_test_wait_until (qm_test_find_label (card, _("Your vote has been recorded")) != NULL);

  close_vote (f, vote);
  roll = get_vote (f, vote);
  g_assert_cmpuint (roll->ballots->len, ==, 1);
  g_assert_cmpint (find_ballot (roll, fixture.ids[ALICE])->choice, ==, QM_CHOICE_YES);
}

static void
test_opened_before (Fixture       *f,
                    gconstpointer  data)
{
  const char *question = "Phê duyệt kế hoạch đầu tư công";
  g_autoptr(GtkWidget) sheet = g_object_ref_sink (qm_vote_sheet_new ());
  g_autoptr(QmTestClient) late = NULL;
  gint64 vote;

  vote = open_vote (f, question, FALSE, FALSE);
  qm_test_wait_until (is_active (f));

  /* A sheet bound once the vote is open (a welcome) shows it too. */
  late = qm_test_client_new (fixture.server, fixture.tokens[ALICE], f->meeting_id);
  qm_test_client_go_online (late);
  g_assert_nonnull (qm_meeting_model_lookup_vote (late->model, vote));
  qm_vote_sheet_bind (QM_VOTE_SHEET (sheet), late->model, late->live);
  g_assert_true (qm_vote_sheet_get_active (QM_VOTE_SHEET (sheet)));
  qm_vote_sheet_bind (QM_VOTE_SHEET (sheet), NULL, NULL);
  g_assert_false (qm_vote_sheet_get_active (QM_VOTE_SHEET (sheet)));
  g_assert_finalize_object (g_steal_pointer (&sheet));
}

static void
test_hide_and_show (Fixture       *f,
                    gconstpointer  data)
{
  const char *question = "Kéo dài thời gian kỳ họp";
  GtkWidget *show;
  gint64 vote;

  vote = open_vote (f, question, FALSE, FALSE);
  qm_test_wait_until (is_active (f));

  /* Put away to read the document; a button brings it back. */
  gtk_widget_activate_action (f->sheet, "sheet.hide", NULL);
  g_assert_null (qm_test_find_label (f->sheet, question));
  show = qm_test_find_button (f->sheet, _("Back to the vote"));
  g_assert_nonnull (show);
  g_assert_true (is_active (f));
  qm_test_screenshot (f->window, "vote-sheet-hidden");
  qm_test_tap (show);
  g_assert_nonnull (qm_test_find_label (f->sheet, question));

  /* The result comes up even over a sheet put away. */
  gtk_widget_activate_action (f->sheet, "sheet.hide", NULL);
  close_vote (f, vote);
  qm_test_wait_until (qm_test_find_label (f->sheet, _("Not passed")) != NULL);
}

static void
test_observer (Fixture       *f,
               gconstpointer  data)
{
  gint64 vote;

  vote = open_vote (f, "Thông qua nghị quyết", FALSE, FALSE);
  qm_test_wait_until (qm_meeting_model_lookup_vote (f->client->model, vote) != NULL);
  g_assert_false (is_active (f));
  close_vote (f, vote);
  qm_test_wait_until (qm_meeting_model_lookup_vote (f->client->model, vote)->status
                      == QM_VOTE_STATUS_CLOSED);
  g_assert_false (is_active (f));
}

/* The shared server */

static void
server_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmTestCall calls[N_ACCOUNTS];
  g_auto(GStrv) bodies = g_new0 (char *, N_ACCOUNTS + 1);
  guint n = 0;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ROOT] = me->id;
  }

  /* Real names: the screens show them. */
  for (Who who = CHAIR; who < N_ACCOUNTS; who++)
    {
      bodies[n] = g_strdup_printf ("{\"username\":\"%s\",\"display_name\":\"%s\","
                                   "\"password\":\"%s\",\"roles\":[]}",
                                   usernames[who], display_names[who], PASSWORD);
      calls[n] = (QmTestCall) { "POST", "/api/v1/users", fixture.tokens[ROOT], bodies[n] };
      n++;
    }
  qm_test_json_parallel (fixture.server, calls, n);
  for (Who who = CHAIR; who < N_ACCOUNTS; who++)
    {
      g_autoptr(QmUser) user = NULL;

      qm_test_assert_status (calls[who - CHAIR].body, calls[who - CHAIR].status, 201);
      user = qm_test_parse (calls[who - CHAIR].body, (gpointer) qm_user_parse);
      fixture.ids[who] = user->id;
    }
  qm_test_calls_clear (calls, n);
  {
    const char *logins[N_ACCOUNTS];

    memcpy (logins, usernames, sizeof logins);
    logins[ROOT] = NULL;
    qm_test_login_many (fixture.server, N_ACCOUNTS, logins, PASSWORD, fixture.tokens);
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  qm_test_widgets_init (&argc, &argv);

#define ADD(path, set_up, test) \
  g_test_add ("/quorum/app/vote-sheet/" path, Fixture, NULL, set_up, test, fixture_tear_down)
  ADD ("cast-and-result", fixture_set_up, test_cast_and_result);
  ADD ("double-tap", fixture_set_up, test_double_tap);
  ADD ("proxy", fixture_set_up, test_proxy);
  ADD ("two-votes-secret", fixture_set_up, test_two_votes_secret);
  ADD ("already-voted", fixture_set_up, test_already_voted);
  ADD ("offline", fixture_set_up, test_offline);
  ADD ("opened-before", fixture_set_up, test_opened_before);
  ADD ("hide-and-show", fixture_set_up, test_hide_and_show);
  ADD ("observer", fixture_set_up_observer, test_observer);
#undef ADD

  server_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  return result;
}
