/* test-chair-console.c: the chair's tools in the meeting page against the
 * real quorum-server — presenting from the reader, handing the presenter
 * role over and back, votes from compose to roll-call, the speakers list with
 * its timer, the minutes, and who gets the console at all.
 *
 * The other participants are headless clients of libquorum-client (a
 * QmLiveConnection and a QmMeetingModel each), so every check reads what the
 * server sent them, not what the chair's page believes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

/* Generous: under AddressSanitizer on a machine shared with other builds a
 * step can take long; a passing wait never takes this long. */
#define QM_TEST_WAIT_SECONDS 120

#include <adwaita.h>

#include "qm-chair-console.h"
#include "qm-meeting-page.h"
#include "qm-test-server.h"
#include "qm-test-shot.h"
#include "qm-test-widgets.h"
#include "qm-vote-chart.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"

enum { CHAIR, DELE1, DELE2, DELE3, SECRETARY, OBSERVER, N_USERS };
static const char * const usernames[N_USERS] = { "chair", "dele1", "dele2", "dele3", "thuky", "obs" };
static const char * const meeting_roles[N_USERS] = {
  "chair", "delegate", "delegate", "delegate", "secretary", "observer",
};
/* Chair and the three delegates. */
#define N_VOTING 4

static struct
{
  QmTestServer *server;
  char         *root_token;
  gint64        ids[N_USERS];
  char         *tokens[N_USERS];
  gint64        meeting_id;
  gint64        item_id;
  char         *doc_a;
  char         *doc_b;
} fixture;

/* A session on the token the fixture got at the start: a login costs an
 * argon2 hash, which under AddressSanitizer on a busy machine is slow. */
static QmSession *
session_login (guint who)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (fixture.server));

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (session, fixture.tokens[who]);
  g_assert_true (qm_session_get_logged_in (session));
  return session;
}

/* Waits for the model's first welcome (the client itself connects again
 * after a 4400 from a server whose hello deadline a loaded machine missed). */
static void
wait_welcomed (QmLiveConnection *live,
               QmMeetingModel   *model)
{
  qm_test_wait_until (qm_meeting_model_get_loaded (model) ||
                      qm_live_connection_get_stop_reason (live) != QM_LIVE_STOP_NONE);
  if (!qm_meeting_model_get_loaded (model))
    g_error ("the live connection stopped: %s",
             qm_live_connection_get_last_error (live) != NULL
             ? qm_live_connection_get_last_error (live)->message : "no error");
}

/* A participant with only the client core: what the room receives. */
typedef struct
{
  QmSession        *session;
  QmLiveConnection *live;
  QmMeetingModel   *model;
  QmFollowState    *follow;    /* reports to the server; starts not following */
  guint             page_events;
} Peer;

static void
on_peer_page (QmMeetingModel *model,
              const char     *doc,
              gint64          page,
              gint64          by,
              gpointer        user_data)
{
  ((Peer *) user_data)->page_events++;
}

static Peer *
peer_new (guint who)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->session = session_login (who);
  peer->live = qm_live_connection_new (peer->session, fixture.meeting_id);
  /* A failed try on a busy machine is retried at once, not after seconds. */
  qm_live_connection_set_timing (peer->live, 50, 800, 0, 0, 0);
  peer->model = qm_meeting_model_new ();
  qm_meeting_model_follow (peer->model, peer->live);
  peer->follow = qm_follow_state_new ();
  qm_follow_state_set_following (peer->follow, FALSE);
  qm_follow_state_set_live (peer->follow, peer->live);
  g_signal_connect (peer->model, "presenter-page", G_CALLBACK (on_peer_page), peer);
  qm_live_connection_start (peer->live);
  wait_welcomed (peer->live, peer->model);
  return peer;
}

static void
peer_free (Peer *peer)
{
  qm_live_connection_stop (peer->live);
  g_assert_finalize_object (peer->follow);
  g_assert_finalize_object (peer->live);
  g_assert_finalize_object (peer->model);
  g_assert_finalize_object (peer->session);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

/* Sends a command and returns its answer; error set for an error answer. */
static QmMessage *
peer_command (Peer       *peer,
              QmMessage  *command,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_live_connection_send_async (peer->live, command, NULL, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  return qm_live_connection_send_finish (peer->live, result, error);
}

static void
peer_cast (Peer     *peer,
           gint64    vote,
           QmChoice  choice)
{
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_VOTE_CAST);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  command->vote_cast.vote = vote;
  command->vote_cast.choice = choice;
  reply = peer_command (peer, command, &error);
  g_assert_no_error (error);
}

static void
peer_simple (Peer          *peer,
             QmMessageType  type)
{
  g_autoptr(QmMessage) command = qm_message_new (type);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = peer_command (peer, command, &error);
  g_assert_no_error (error);
}

static void
peer_present (Peer       *peer,
              const char *doc,
              gint64      page)
{
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_PRESENT);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  command->page.doc = g_strdup (doc);
  command->page.page = page;
  reply = peer_command (peer, command, &error);
  g_assert_no_error (error);
}

/* The quorum application's meeting page, signed in as someone. */
typedef struct
{
  QmSession       *session;
  QmDocumentCache *cache;
  GSettings       *settings;
  GtkWindow       *window;
  QmMeetingPage   *page;
  char            *cache_dir;
  /* The chair console's flap when the console was made: revealed or not,
   * how far (1: all the way, at once), and the width a reveal animates over. */
  gboolean         console_made;
  gboolean         console_revealed;
  double           console_progress;
  double           console_distance;
} Reader;

/* Just after the page has made the console (the model's reset, or a role
 * changed among the participants). */
static void
note_console_made (Reader *reader)
{
  QmChairConsole *console = qm_meeting_page_get_chair_console (reader->page);
  GtkWidget *flap;

  if (console == NULL || reader->console_made)
    return;
  flap = gtk_widget_get_ancestor (GTK_WIDGET (console), ADW_TYPE_FLAP);
  reader->console_made = TRUE;
  reader->console_revealed = adw_flap_get_reveal_flap (ADW_FLAP (flap));
  reader->console_progress = adw_swipeable_get_progress (ADW_SWIPEABLE (flap));
  reader->console_distance = adw_swipeable_get_distance (ADW_SWIPEABLE (flap));
}

/* libadwaita 1.2 animates a reveal at a speed divided by that width: over
 * a width of 0 the speed is NaN and the console is laid out at
 * x = -2147483648. A console made revealed is shown at once, or animated
 * over a real width. */
static gboolean
console_made_revealed (Reader *reader)
{
  return reader->console_made && reader->console_revealed &&
         (reader->console_progress == 1.0 || reader->console_distance > 0);
}

static Reader *
reader_new (guint who,
            int   width,
            int   height)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->session = session_login (who);
  reader->cache_dir = g_build_filename (g_get_user_cache_dir (), usernames[who], NULL);
  reader->cache = qm_document_cache_new (reader->session, reader->cache_dir);
  reader->settings = g_settings_new (APPLICATION_ID);
  reader->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (reader->window, width, height);
  reader->page = g_object_new (QM_TYPE_MEETING_PAGE, NULL);
  /* GTK keeps a default size within the screen (1280×800 here); a size
   * request makes a portrait tablet's window anyway. */
  if (height > 800)
    gtk_widget_set_size_request (GTK_WIDGET (reader->page), width, height);
  gtk_window_set_child (reader->window, GTK_WIDGET (reader->page));
  gtk_window_present (reader->window);

  qm_meeting_page_open (reader->page, reader->session, reader->cache, reader->settings,
                        fixture.meeting_id);
  g_signal_connect_swapped (qm_meeting_page_get_model (reader->page), "reset",
                            G_CALLBACK (note_console_made), reader);
  g_signal_connect_swapped (qm_meeting_page_get_model (reader->page), "participants-changed",
                            G_CALLBACK (note_console_made), reader);
  wait_welcomed (qm_meeting_page_get_live (reader->page), qm_meeting_page_get_model (reader->page));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Báo cáo tài chính"));
  return reader;
}

static void
reader_free (Reader *reader)
{
  qm_meeting_page_close (reader->page);
  g_object_add_weak_pointer (G_OBJECT (reader->page), (gpointer *) &reader->page);
  gtk_window_destroy (reader->window);
  qm_test_wait_until (reader->page == NULL);
  /* A document check the page started may still be on a worker thread; its
   * answer, delivered on the main loop, lets go of the cache. */
  g_object_add_weak_pointer (G_OBJECT (reader->cache), (gpointer *) &reader->cache);
  g_object_unref (reader->cache);
  qm_test_wait_until (reader->cache == NULL);
  /* So may a request of the page's, which holds the session until its
   * (cancelled) answer comes back. */
  g_object_add_weak_pointer (G_OBJECT (reader->session), (gpointer *) &reader->session);
  g_object_unref (reader->session);
  qm_test_wait_until (reader->session == NULL);
  g_assert_finalize_object (reader->settings);
  g_free (reader->cache_dir);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

static QmMeetingModel *
reader_model (Reader *reader)
{
  return qm_meeting_page_get_model (reader->page);
}

static QmChairConsole *
reader_console (Reader *reader)
{
  qm_test_wait_until (qm_meeting_page_get_chair_console (reader->page) != NULL);
  return qm_meeting_page_get_chair_console (reader->page);
}

static gboolean
shows (Reader     *reader,
       const char *doc,
       guint       page)
{
  return g_strcmp0 (qm_meeting_page_get_shown_document (reader->page), doc) == 0 &&
         qm_document_view_get_current_page (qm_meeting_page_get_document_view (reader->page)) == page;
}

static gboolean
vote_state_is (QmVoteControl *control,
               const char    *state)
{
  return g_strcmp0 (qm_vote_control_get_state (control), state) == 0;
}

/* Whether the roll-call has a row for name with choice as its answer. */
static gboolean
roll_call_has (QmVoteControl *control,
               const char    *name,
               const char    *choice)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (control),
                                                                   QM_TYPE_VOTE_CONTROL,
                                                                   "roll_list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
      return qm_test_shows_text (GTK_WIDGET (row), choice);
  return FALSE;
}

static guint
roll_call_length (QmVoteControl *control)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (control),
                                                                   QM_TYPE_VOTE_CONTROL,
                                                                   "roll_list"));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

/* The widget under root that triggers action_name (the first one found):
 * whether it is on screen and can be used. GTK activates a disabled action
 * from code as well, so the buttons tell what the user can do. */
static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
can_use (GtkWidget  *root,
         const char *action_name)
{
  GtkWidget *button = find_actionable (root, action_name);

  return button != NULL && gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button);
}

static gboolean
follow_switch_shown (Reader *reader)
{
  return qm_test_shows_text (GTK_WIDGET (reader->page), "_Follow");
}

/* Clicks "Present", which must be there to click. */
static void
click_present (Reader *reader)
{
  qm_test_wait_until (can_use (GTK_WIDGET (reader->page), "meeting.present-document"));
  g_signal_emit_by_name (find_actionable (GTK_WIDGET (reader->page), "meeting.present-document"),
                         "clicked");
}

/* Picks name in the console's "Hand Over…" popover. */
static void
hand_over (QmChairConsole *console,
           const char     *name)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                          QM_TYPE_CHAIR_CONSOLE,
                                                                          "hand_over_button"));
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                  QM_TYPE_CHAIR_CONSOLE,
                                                                  "hand_over_list"));
  GtkListBoxRow *row;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (list), name));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (qm_test_shows_text (GTK_WIDGET (row), name))
      {
        g_signal_emit_by_name (row, "activate");
        return;
      }
  g_assert_not_reached ();
}

/* The chair turns pages in the reader; the room follows, and fast flips
 * cost fewer commands than pages. */
static void
test_presenting (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  g_autoptr(Peer) delegate = peer_new (DELE1);
  QmDocumentView *view = qm_meeting_page_get_document_view (chair->page);
  QmPresenting *presenting = qm_meeting_page_get_presenting (chair->page);
  QmChairConsole *console = reader_console (chair);
  QmLiveConnection *live;
  GtkWidget *take_back;
  guint sent_before, events_before;

  g_assert_cmpint (qm_meeting_model_get_presenter_user (reader_model (chair)), ==, fixture.ids[CHAIR]);

  /* A document not presented yet: "Present" puts it on every screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chair->page), "meeting.open-document",
                                             "(sx)", fixture.doc_a, (gint64) 1));
  qm_test_wait_until (shows (chair, fixture.doc_a, 1));
  click_present (chair);
  qm_test_wait_until (g_strcmp0 (qm_meeting_model_get_presenter_doc (delegate->model), fixture.doc_a) == 0 &&
              qm_meeting_model_get_presenter_page (delegate->model) == 1);
  qm_test_wait_until (!qm_presenting_get_busy (presenting));
  /* Shown and presented: nothing more to present. */
  qm_test_wait_until (!can_use (GTK_WIDGET (chair->page), "meeting.present-document"));

  /* The presenter leads: no follow switch, no way back to themselves. */
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (chair->page), "You are presenting"));
  g_assert_false (follow_switch_shown (chair));
  g_assert_false (qm_follow_state_get_can_return (qm_meeting_page_get_follow_state (chair->page)));

  /* One turn, one page event in the room. */
  events_before = delegate->page_events;
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.next-page", NULL);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 2);
  g_assert_cmpuint (delegate->page_events, ==, events_before + 1);
  qm_test_wait_until (!qm_presenting_get_busy (presenting));

  /* Five fast flips: the room ends on the last page, with fewer commands. */
  sent_before = qm_presenting_get_n_sent (presenting);
  for (guint i = 0; i < 5; i++)
    gtk_widget_activate_action (GTK_WIDGET (view), "viewer.next-page", NULL);
  g_assert_cmpuint (qm_document_view_get_current_page (view), ==, 7);
  qm_test_wait_until (!qm_presenting_get_busy (presenting));
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 7);
  g_assert_cmpuint (qm_presenting_get_n_sent (presenting) - sent_before, <, 5);
  g_assert_cmpuint (qm_presenting_get_n_sent (presenting) - sent_before, >=, 1);
  g_test_message ("5 flips sent %u present commands",
                  qm_presenting_get_n_sent (presenting) - sent_before);
  g_assert_true (shows (chair, fixture.doc_a, 7));
  qm_test_shot_maybe (chair->window, "chair-presenting");

  /* Hand the role to a delegate from the popover of who is online: the
   * room sees it, the chair follows. */
  hand_over (console, "Test dele1");
  qm_test_wait_until (qm_meeting_model_get_presenter_user (delegate->model) == fixture.ids[DELE1]);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (chair->page), "Test dele1 presents"));
  g_assert_true (follow_switch_shown (chair));
  peer_present (delegate, fixture.doc_a, 3);
  qm_test_wait_until (shows (chair, fixture.doc_a, 3));

  /* Take it back from the console. */
  take_back = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (console), QM_TYPE_CHAIR_CONSOLE,
                                                         "take_back_button"));
  qm_test_wait_until (gtk_widget_get_mapped (take_back));
  g_signal_emit_by_name (take_back, "clicked");
  qm_test_wait_until (qm_meeting_model_get_presenter_user (delegate->model) == fixture.ids[CHAIR]);
  qm_test_wait_until (!follow_switch_shown (chair));

  /* Hand it over again; "Present" on another document takes it back and
   * shows that document. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "console.make-presenter",
                                             "x", fixture.ids[DELE1]));
  qm_test_wait_until (qm_meeting_model_get_presenter_user (reader_model (chair)) == fixture.ids[DELE1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chair->page), "meeting.open-document",
                                             "(sx)", fixture.doc_b, (gint64) 2));
  qm_test_wait_until (shows (chair, fixture.doc_b, 2));
  qm_test_wait_until (can_use (GTK_WIDGET (chair->page), "meeting.present-document"));
  qm_test_shot_maybe (chair->window, "chair-present-button");
  click_present (chair);
  qm_test_wait_until (qm_meeting_model_get_presenter_user (delegate->model) == fixture.ids[CHAIR] &&
              g_strcmp0 (qm_meeting_model_get_presenter_doc (delegate->model), fixture.doc_b) == 0 &&
              qm_meeting_model_get_presenter_page (delegate->model) == 2);
  qm_test_wait_until (!qm_presenting_get_busy (presenting));

  /* A turn while offline reaches the room once the chair is back. */
  live = qm_meeting_page_get_live (chair->page);
  qm_live_connection_stop (live);
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.next-page", NULL);
  g_assert_true (shows (chair, fixture.doc_b, 3));
  qm_test_wait_until (!qm_presenting_get_busy (presenting));
  g_assert_cmpint (qm_meeting_model_get_presenter_page (delegate->model), ==, 2);
  qm_live_connection_start (live);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 3);
  g_assert_true (shows (chair, fixture.doc_b, 3));
}

/* Compose, open, watch two ballots arrive, close: the chart and the
 * roll-call say what the server counted. */
static void
test_named_vote (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  g_autoptr(Peer) dele1 = peer_new (DELE1);
  g_autoptr(Peer) dele2 = peer_new (DELE2);
  QmVoteControl *control = qm_chair_console_get_vote_control (reader_console (chair));
  const QmVote *vote;
  const QmVote *seen;
  const QmVoteResult *charted;
  gint64 vote_id;

  g_assert_true (qm_meeting_page_get_chair_console_revealed (chair->page));
  g_assert_true (console_made_revealed (chair));
  qm_test_wait_until (qm_meeting_model_get_quorum (reader_model (chair))->voting_present == 3);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (control), "New Vote"));
  g_assert_true (vote_state_is (control, "compose"));

  /* Nothing to open without a question. */
  g_assert_false (can_use (GTK_WIDGET (control), "chair-vote.open"));

  qm_vote_control_compose (control, "Thông qua báo cáo tài chính năm 2026?", fixture.item_id,
                           FALSE, QM_MAJORITY_ABSOLUTE);
  g_assert_true (can_use (GTK_WIDGET (control), "chair-vote.open"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  qm_test_wait_until (vote_state_is (control, "open"));
  vote_id = qm_vote_control_get_vote (control)->id;

  /* What the room got is what the chair composed. */
  qm_test_wait_until (qm_meeting_model_lookup_vote (dele1->model, vote_id) != NULL);
  seen = qm_meeting_model_lookup_vote (dele1->model, vote_id);
  g_assert_cmpstr (seen->question, ==, "Thông qua báo cáo tài chính năm 2026?");
  g_assert_cmpint (seen->item, ==, fixture.item_id);
  g_assert_false (seen->secret);
  g_assert_cmpint (seen->majority, ==, QM_MAJORITY_ABSOLUTE);
  g_assert_cmpint (seen->eligible, ==, N_VOTING);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (control), "0 / 4 cast"));

  peer_cast (dele1, vote_id, QM_CHOICE_YES);
  peer_cast (dele2, vote_id, QM_CHOICE_ABSTAIN);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (control), "2 / 4 cast"));
  qm_test_shot_maybe (chair->window, "chair-console-vote-open");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.close", NULL));
  qm_test_wait_until (vote_state_is (control, "result"));
  vote = qm_vote_control_get_vote (control);
  g_assert_cmpint (vote->status, ==, QM_VOTE_STATUS_CLOSED);

  /* The chart draws the server's result, as the room received it. */
  qm_test_wait_until (qm_meeting_model_lookup_vote (dele2->model, vote_id)->status == QM_VOTE_STATUS_CLOSED);
  seen = qm_meeting_model_lookup_vote (dele2->model, vote_id);
  charted = qm_vote_chart_get_result (qm_vote_control_get_chart (control));
  g_assert_nonnull (charted);
  g_assert_cmpint (charted->yes, ==, 1);
  g_assert_cmpint (charted->no, ==, 0);
  g_assert_cmpint (charted->abstain, ==, 1);
  g_assert_cmpint (charted->cast, ==, 2);
  g_assert_cmpint (charted->eligible, ==, N_VOTING);
  g_assert_cmpint (charted->yes, ==, seen->result.yes);
  g_assert_cmpint (charted->no, ==, seen->result.no);
  g_assert_cmpint (charted->abstain, ==, seen->result.abstain);
  g_assert_cmpint (charted->passed, ==, seen->result.passed);
  /* Absolute: 1 yes of 4 members is not more than half. */
  g_assert_false (charted->passed);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (control), "Not passed"));

  /* Named: the roll-call lists both, with their choices. */
  qm_test_wait_until (qm_vote_control_get_has_roll_call (control));
  qm_test_wait_until (roll_call_has (control, "Test dele1", "Yes"));
  g_assert_true (roll_call_has (control, "Test dele2", "Abstain"));
  g_assert_cmpuint (roll_call_length (control), ==, 2);
  qm_test_shot_maybe (chair->window, "chair-console-vote-result");

  /* Back to a new question. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.new", NULL));
  g_assert_true (vote_state_is (control, "compose"));
}

/* A secret ballot: progress and result, never a roll-call. */
static void
test_secret_vote (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  g_autoptr(Peer) dele1 = peer_new (DELE1);
  g_autoptr(Peer) dele2 = peer_new (DELE2);
  QmVoteControl *control = qm_chair_console_get_vote_control (reader_console (chair));
  const QmVoteResult *charted;
  gint64 vote_id;

  qm_test_wait_until (qm_meeting_model_get_quorum (reader_model (chair))->reached);
  qm_vote_control_compose (control, "Bầu Phó Chủ tịch", 0, TRUE, QM_MAJORITY_SIMPLE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  qm_test_wait_until (vote_state_is (control, "open"));
  vote_id = qm_vote_control_get_vote (control)->id;
  qm_test_wait_until (qm_meeting_model_lookup_vote (dele1->model, vote_id) != NULL);
  g_assert_true (qm_meeting_model_lookup_vote (dele1->model, vote_id)->secret);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (control), "Secret ballot"));

  peer_cast (dele1, vote_id, QM_CHOICE_YES);
  peer_cast (dele2, vote_id, QM_CHOICE_YES);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (control), "2 / 4 cast"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.close", NULL));
  qm_test_wait_until (vote_state_is (control, "result"));

  charted = qm_vote_chart_get_result (qm_vote_control_get_chart (control));
  g_assert_cmpint (charted->yes, ==, 2);
  g_assert_cmpint (charted->no, ==, 0);
  g_assert_cmpint (charted->abstain, ==, 0);
  g_assert_true (charted->passed);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (control), "Passed"));
  g_assert_false (qm_vote_control_get_has_roll_call (control));
  g_assert_cmpuint (roll_call_length (control), ==, 0);
  g_assert_false (qm_test_shows_text (GTK_WIDGET (control), "Roll Call"));
}

static void
patch_require_quorum (gboolean required)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT, fixture.meeting_id);
  guint status = 0;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, "PATCH", path, fixture.root_token,
                                         required ? "{\"require_quorum\":true}"
                                                  : "{\"require_quorum\":false}",
                                         &status);

  qm_test_assert_status (body, status, 200);
}

static void
put_role (guint       who,
          const char *role)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/participants/%"
                                           G_GINT64_FORMAT, fixture.meeting_id, fixture.ids[who]);
  g_autofree char *json = g_strdup_printf ("{\"role\":\"%s\"}", role);
  guint status = 0;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, "PUT", path, fixture.root_token, json,
                                         &status);

  qm_test_assert_status (body, status, 200);
}

static gboolean
focus_within (Reader    *reader,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (reader->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
respond (QmVoteControl *control,
         const char    *response)
{
  AdwMessageDialog *dialog;

  qm_test_wait_until (qm_vote_control_get_confirmation (control) != NULL);
  dialog = qm_vote_control_get_confirmation (control);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  adw_message_dialog_response (dialog, response);
  g_assert_null (qm_vote_control_get_confirmation (control));
}

/* Without quorum the chair is asked first; where the meeting requires
 * quorum, "Open Anyway" forces it. */
static void
test_vote_without_quorum (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  QmVoteControl *control = qm_chair_console_get_vote_control (reader_console (chair));
  QmMeetingModel *model = reader_model (chair);
  gint64 first;

  /* The welcome says what the last quorum event said; the delegates of the
   * test before have just left, which a quorum event brings. */
  qm_test_wait_until (qm_meeting_model_get_quorum (model)->voting_total == N_VOTING &&
                      !qm_meeting_model_get_quorum (model)->reached);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader_console (chair)), "No quorum"));

  qm_vote_control_compose (control, "Hỏi khi thiếu túc số", 0, FALSE, QM_MAJORITY_SIMPLE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  respond (control, "cancel");
  g_assert_true (vote_state_is (control, "compose"));
  g_assert_null (qm_vote_control_get_vote (control));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  respond (control, "open");
  qm_test_wait_until (vote_state_is (control, "open"));
  first = qm_vote_control_get_vote (control)->id;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.close", NULL));
  qm_test_wait_until (vote_state_is (control, "result"));
  qm_test_wait_until (qm_vote_control_get_has_roll_call (control));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.new", NULL));

  /* The meeting now requires quorum: the server takes it only forced. */
  patch_require_quorum (TRUE);
  qm_test_wait_until (qm_meeting_model_get_meeting (model)->require_quorum);
  qm_vote_control_compose (control, "Biểu quyết có túc số bắt buộc", 0, FALSE, QM_MAJORITY_SIMPLE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  respond (control, "open");
  qm_test_wait_until (vote_state_is (control, "open"));
  g_assert_cmpint (qm_vote_control_get_vote (control)->id, >, first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.close", NULL));
  qm_test_wait_until (vote_state_is (control, "result"));
  qm_test_wait_until (qm_vote_control_get_has_roll_call (control));
  patch_require_quorum (FALSE);
  qm_test_wait_until (!qm_meeting_model_get_meeting (model)->require_quorum);
}

static const char *
timer_text (QmSpeakersControl *speakers)
{
  const char *text = qm_speakers_control_get_timer_text (speakers);

  return text != NULL ? text : "";
}

/* Two delegates ask to speak; the chair gives the floor in turn, the timer
 * runs, and the floor ends free. */
static void
test_speakers (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  g_autoptr(Peer) dele1 = peer_new (DELE1);
  g_autoptr(Peer) dele2 = peer_new (DELE2);
  QmSpeakersControl *speakers = qm_chair_console_get_speakers_control (reader_console (chair));
  const QmSpeakers *room = qm_meeting_model_get_speakers (dele1->model);
  g_autofree char *first_text = NULL;

  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (speakers), "No one has the floor"));
  g_assert_false (can_use (GTK_WIDGET (speakers), "chair-speakers.next"));

  peer_simple (dele1, QM_MESSAGE_SPEAK_REQUEST);
  peer_simple (dele2, QM_MESSAGE_SPEAK_REQUEST);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (speakers), "Waiting to Speak (2)"));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), "Test dele1"));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), "Test dele2"));

  /* The floor to the first: the room sees it, the timer starts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (speakers), "chair-speakers.next", NULL));
  qm_test_wait_until (room->current == fixture.ids[DELE1]);
  qm_test_wait_until (qm_meeting_model_get_speakers (reader_model (chair))->current == fixture.ids[DELE1]);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), "Has the floor"));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), "Waiting to Speak (1)"));
  first_text = g_strdup (timer_text (speakers));
  g_assert_true (g_str_has_prefix (first_text, "00:0"));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), first_text));
  /* It counts on the clock: the label moves on within a few seconds. */
  qm_test_wait_until (g_strcmp0 (timer_text (speakers), first_text) != 0);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (speakers), timer_text (speakers)));
  g_assert_false (qm_speakers_control_get_overtime (speakers));
  qm_test_shot_maybe (chair->window, "chair-console-speakers");

  /* Next: the second speaks, no one waits. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (speakers), "chair-speakers.next", NULL));
  qm_test_wait_until (room->current == fixture.ids[DELE2] && room->queue->len == 0);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (speakers), "No one is waiting to speak"));
  qm_test_wait_until (g_str_has_prefix (timer_text (speakers), "00:0"));

  /* End: the floor is free. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (speakers), "chair-speakers.end", NULL));
  qm_test_wait_until (room->current == 0);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (speakers), "No one has the floor"));
  g_assert_null (qm_speakers_control_get_timer_text (speakers));
}

/* A speech that began long before the chair's client joined: the timer
 * counts from `since`, and turns red past the limit. No server needed: the
 * model gets a welcome made here. */
static void
test_speaking_overtime (void)
{
  g_autoptr(QmSession) session = qm_session_new ("http://127.0.0.1:9/");
  g_autoptr(QmLiveConnection) live = qm_live_connection_new (session, fixture.meeting_id);
  g_autoptr(QmMeetingModel) model = qm_meeting_model_new ();
  g_autoptr(QmMessage) welcome = qm_message_new (QM_MESSAGE_WELCOME);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_seconds (now, -(7 * 60 + 3));
  QmSpeakersControl *speakers;
  GtkWidget *timer;

  welcome->seq = 1;
  welcome->welcome.you_user = fixture.ids[CHAIR];
  welcome->welcome.you_role = QM_MEETING_ROLE_CHAIR;
  welcome->welcome.meeting = qm_test_get_meeting (fixture.server, fixture.root_token, fixture.meeting_id);
  welcome->welcome.presenter_user = fixture.ids[CHAIR];
  welcome->welcome.speakers.current = fixture.ids[DELE2];
  welcome->welcome.speakers.since = g_date_time_format_iso8601 (since);
  qm_meeting_model_apply (model, welcome);
  g_assert_true (qm_meeting_model_get_loaded (model));

  speakers = QM_SPEAKERS_CONTROL (g_object_ref_sink (qm_speakers_control_new (model, live)));
  qm_speakers_control_set_can_manage (speakers, TRUE);
  g_assert_cmpint (qm_speakers_control_get_limit (speakers), ==, 5);
  /* 07:03, or 07:04 on a slow second. */
  g_assert_true (g_str_has_prefix (timer_text (speakers), "07:0"));
  g_assert_true (qm_speakers_control_get_overtime (speakers));
  timer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (speakers), QM_TYPE_SPEAKERS_CONTROL,
                                                     "timer_label"));
  g_assert_true (gtk_widget_has_css_class (timer, "error"));
  qm_speakers_control_set_limit (speakers, 10);
  g_assert_false (qm_speakers_control_get_overtime (speakers));
  g_assert_false (gtk_widget_has_css_class (timer, "error"));
  g_assert_finalize_object (speakers);
}

static void
minutes_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The minutes come down as a PDF. */
static void
test_minutes (void)
{
  /* The application's default window size. */
  g_autoptr(Reader) chair = reader_new (CHAIR, 1100, 760);
  QmChairConsole *console = reader_console (chair);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "minutes.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Too narrow to dock beside the pages: it lies over them when asked. */
  qm_test_wait_until (adw_flap_get_folded (ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (console),
                                                                      ADW_TYPE_FLAP))));
  qm_test_wait_until (!qm_meeting_page_get_chair_console_revealed (chair->page));
  gtk_widget_activate_action (GTK_WIDGET (chair->page), "meeting.toggle-chair-console", NULL);
  g_assert_true (qm_meeting_page_get_chair_console_revealed (chair->page));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (console), "Minutes of the meeting"));
  qm_test_shot_maybe (chair->window, "chair-console-1100");
  qm_chair_console_save_minutes_async (console, file, NULL, minutes_saved, &result);
  qm_test_wait_until (result != NULL);
  g_assert_true (qm_chair_console_save_minutes_finish (console, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

/* Who gets the console: the chair with every button, the secretary to
 * watch, delegates and observers not at all — and the server refuses a
 * delegate's vote.open whatever the UI shows. */
static void
test_roles (void)
{
  g_autoptr(Peer) delegate = peer_new (DELE3);
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_VOTE_OPEN);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(Reader) reader = reader_new (DELE3, 1280, 800);
    GtkWidget *view;

    g_assert_null (qm_meeting_page_get_chair_console (reader->page));
    g_assert_false (qm_meeting_page_get_chair_console_revealed (reader->page));
    g_assert_false (qm_test_shows_text (GTK_WIDGET (reader->page), "Console"));
    /* F9 and the action do nothing. */
    gtk_widget_activate_action (GTK_WIDGET (reader->page), "meeting.toggle-chair-console", NULL);
    g_assert_false (qm_meeting_page_get_chair_console_revealed (reader->page));
    /* A delegate has no "Present". */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "meeting.open-document",
                                               "(sx)", fixture.doc_a, (gint64) 1));
    qm_test_wait_until (shows (reader, fixture.doc_a, 1));
    g_assert_false (can_use (GTK_WIDGET (reader->page), "meeting.present-document"));
    qm_test_shot_maybe (reader->window, "delegate-page");

    /* Made chair while reading: the console opens beside the pages, at
     * once, and the keyboard stays on the pages. */
    view = GTK_WIDGET (qm_meeting_page_get_document_view (reader->page));
    g_assert_true (gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD));
    g_assert_true (focus_within (reader, view));
    put_role (DELE3, "chair");
    qm_test_wait_until (qm_meeting_page_get_chair_console (reader->page) != NULL);
    g_assert_true (qm_meeting_page_get_chair_console_revealed (reader->page));
    g_assert_true (console_made_revealed (reader));
    g_assert_true (focus_within (reader, view));
    put_role (DELE3, "delegate");
    qm_test_wait_until (qm_meeting_page_get_chair_console (reader->page) == NULL);
  }
  {
    g_autoptr(Reader) reader = reader_new (OBSERVER, 1280, 800);

    g_assert_null (qm_meeting_page_get_chair_console (reader->page));
    g_assert_false (qm_test_shows_text (GTK_WIDGET (reader->page), "Console"));
  }
  {
    g_autoptr(Reader) reader = reader_new (SECRETARY, 1280, 800);
    QmChairConsole *console = reader_console (reader);
    QmVoteControl *votes = qm_chair_console_get_vote_control (console);
    QmSpeakersControl *speakers = qm_chair_console_get_speakers_control (console);
    GtkWidget *appoint;

    /* Watching, not chairing: no compose form, no floor to give, no
     * presenter to appoint; the console stays closed until asked for. */
    g_assert_false (qm_meeting_page_get_chair_console_revealed (reader->page));
    qm_meeting_page_set_chair_console_revealed (reader->page, TRUE);
    qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (console), "Secretary’s Console"));
    g_assert_false (qm_vote_control_get_can_manage (votes));
    g_assert_true (vote_state_is (votes, "idle"));
    g_assert_false (can_use (GTK_WIDGET (votes), "chair-vote.open"));
    gtk_widget_activate_action (GTK_WIDGET (votes), "chair-vote.open", NULL);
    g_assert_null (qm_vote_control_get_confirmation (votes));
    g_assert_true (vote_state_is (votes, "idle"));
    g_assert_false (qm_speakers_control_get_can_manage (speakers));
    g_assert_false (qm_test_shows_text (GTK_WIDGET (speakers), "_Next Speaker"));
    appoint = find_actionable (GTK_WIDGET (console), "console.make-presenter");
    g_assert_true (appoint == NULL || !gtk_widget_get_mapped (appoint));
    gtk_widget_activate_action (GTK_WIDGET (console), "console.make-presenter", "x", fixture.ids[SECRETARY]);
    g_assert_true (can_use (GTK_WIDGET (console), "console.download-minutes"));
    g_assert_true (qm_test_shows_text (GTK_WIDGET (console), "voting members present"));
    qm_test_shot_maybe (reader->window, "secretary-console");
  }

  /* Nothing the secretary's console did reached the room. */
  g_assert_cmpint (qm_meeting_model_get_presenter_user (delegate->model), !=, fixture.ids[SECRETARY]);

  command->vote_open.question = g_strdup ("Q");
  reply = peer_command (delegate, command, &error);
  g_assert_null (reply);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN);
}

/* Whether the console's attendance list has a row for name that shows text. */
static gboolean
attendance_shows (QmChairConsole *console,
                  const char     *name,
                  const char     *text)
{
  GtkWidget *participants = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                       QM_TYPE_CHAIR_CONSOLE,
                                                                       "participants_row"));
  GtkWidget *widget = participants;

  /* Depth first over the expander's rows. */
  while (widget != NULL)
    {
      if (ADW_IS_ACTION_ROW (widget) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), name) == 0)
        return qm_test_shows_text (widget, text);
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != participants && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == participants ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }
  return FALSE;
}

/* A reader elsewhere (the client core, no display) follows or browses; the
 * chair's attendance list shows which, and how many follow. */
static void
test_following (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 1280, 800);
  g_autoptr(Peer) reader = peer_new (DELE2);
  QmChairConsole *console = reader_console (chair);
  QmMeetingModel *model = reader_model (chair);
  GtkWidget *participants = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (console),
                                                                       QM_TYPE_CHAIR_CONSOLE,
                                                                       "participants_row"));

  g_assert_true (qm_meeting_model_get_has_following (model));
  qm_test_wait_until (qm_meeting_model_get_presenter_user (model) == fixture.ids[CHAIR]);
  qm_test_wait_until (qm_meeting_model_is_online (model, fixture.ids[DELE2]));
  /* Online, not following: one reader who could, none who does. */
  qm_test_wait_until (attendance_shows (console, "Test dele2", "Browsing"));
  qm_test_wait_until (qm_test_shows_text (participants, "0 of 1 following"));

  qm_follow_state_set_following (reader->follow, TRUE);
  qm_test_wait_until (qm_meeting_model_is_following (model, fixture.ids[DELE2]));
  qm_test_wait_until (attendance_shows (console, "Test dele2", "Following"));
  qm_test_wait_until (qm_test_shows_text (participants, "1 of 1 following"));
  /* The presenter leads and is not counted. */
  g_assert_false (attendance_shows (console, "Test chair", "Following"));
  qm_test_shot_maybe (chair->window, "chair-following");

  qm_follow_state_set_following (reader->follow, FALSE);
  qm_test_wait_until (!qm_meeting_model_is_following (model, fixture.ids[DELE2]));
  qm_test_wait_until (attendance_shows (console, "Test dele2", "Browsing"));

  /* A dropped connection stops counting; the reconnected one says it again. */
  qm_follow_state_set_following (reader->follow, TRUE);
  qm_test_wait_until (qm_meeting_model_is_following (model, fixture.ids[DELE2]));
  qm_live_connection_stop (reader->live);
  qm_test_wait_until (!qm_meeting_model_is_following (model, fixture.ids[DELE2]));
  qm_test_wait_until (!attendance_shows (console, "Test dele2", "Following"));
  qm_live_connection_start (reader->live);
  qm_test_wait_until (qm_meeting_model_is_following (model, fixture.ids[DELE2]));
  qm_test_wait_until (attendance_shows (console, "Test dele2", "Following"));
}

/* On a portrait tablet the console lies over the pages, full height, and
 * still works. */
static void
test_portrait (void)
{
  g_autoptr(Reader) chair = reader_new (CHAIR, 800, 1280);
  g_autoptr(Peer) dele1 = peer_new (DELE1);
  g_autoptr(Peer) dele2 = peer_new (DELE2);
  QmChairConsole *console = reader_console (chair);
  QmVoteControl *control = qm_chair_console_get_vote_control (console);
  AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (GTK_WIDGET (console), ADW_TYPE_FLAP));

  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chair->page)), ==, 1280);
  /* Portrait: the agenda first, then the pages at full width. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chair->page), "meeting.open-document",
                                             "(sx)", fixture.doc_a, (gint64) 1));
  qm_test_wait_until (shows (chair, fixture.doc_a, 1));
  qm_test_wait_until (adw_flap_get_folded (flap));
  g_assert_false (qm_meeting_page_get_chair_console_revealed (chair->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chair->page), "meeting.toggle-chair-console", NULL));
  g_assert_true (qm_meeting_page_get_chair_console_revealed (chair->page));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (console), "Quorum reached"));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (console)), <=, 800);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (console)), >=, 1000);

  qm_vote_control_compose (control, "Thông qua chương trình kỳ họp", fixture.item_id, FALSE,
                           QM_MAJORITY_SIMPLE);
  qm_test_shot_maybe (chair->window, "chair-console-portrait-compose");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.open", NULL));
  qm_test_wait_until (vote_state_is (control, "open"));
  peer_cast (dele1, qm_vote_control_get_vote (control)->id, QM_CHOICE_YES);
  peer_cast (dele2, qm_vote_control_get_vote (control)->id, QM_CHOICE_NO);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (control), "2 / 4 cast"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "chair-vote.close", NULL));
  qm_test_wait_until (vote_state_is (control, "result"));
  qm_test_wait_until (qm_vote_control_get_has_roll_call (control));
  qm_test_shot_maybe (chair->window, "chair-console-portrait-result");

  /* The close button in the console hides it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (console), "meeting.hide-chair-console", NULL));
  g_assert_false (qm_meeting_page_get_chair_console_revealed (chair->page));
}

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[N_USERS] = { 0 };
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) item2 = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;
  g_autoptr(QmAgendaItem) attached2 = NULL;
  g_autoptr(GBytes) pdf_a = NULL;
  g_autoptr(GBytes) pdf_b = NULL;
  g_autoptr(QmDocument) doc_a = NULL;
  g_autoptr(QmDocument) doc_b = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  qm_test_create_users (fixture.server, fixture.root_token, N_USERS,
                        (const char * const *) usernames, roles, PASSWORD, fixture.ids);
  meeting = qm_test_create_meeting (fixture.server, fixture.root_token, "Kỳ họp thứ 12", NULL);
  fixture.meeting_id = meeting->id;
  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.root_token, meeting->id, fixture.ids[i],
                                 meeting_roles[i]);
    }
  item = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Báo cáo tài chính");
  item2 = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Dự thảo nghị quyết");
  fixture.item_id = item->id;
  pdf_a = qm_test_make_pdf (8, "Báo cáo tài chính", 1);
  pdf_b = qm_test_make_pdf (4, "Dự thảo nghị quyết", 2);
  doc_a = qm_test_upload (fixture.server, fixture.root_token, "bao-cao.pdf", pdf_a);
  doc_b = qm_test_upload (fixture.server, fixture.root_token, "du-thao.pdf", pdf_b);
  attached = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item->id, doc_a->id);
  attached2 = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item2->id, doc_b->id);
  fixture.doc_a = g_strdup (doc_a->id);
  fixture.doc_b = g_strdup (doc_b->id);
  qm_test_login_many (fixture.server, N_USERS, usernames, PASSWORD, fixture.tokens);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("quorum-chair-console-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int result;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's icon theme
   * (XDG_DATA_DIRS). The caches and documents go to a fresh folder. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  qm_test_widgets_load_style ();

  g_test_add_func ("/quorum/app/chair-console/presenting", test_presenting);
  g_test_add_func ("/quorum/app/chair-console/following", test_following);
  g_test_add_func ("/quorum/app/chair-console/named-vote", test_named_vote);
  g_test_add_func ("/quorum/app/chair-console/secret-vote", test_secret_vote);
  g_test_add_func ("/quorum/app/chair-console/vote-without-quorum", test_vote_without_quorum);
  g_test_add_func ("/quorum/app/chair-console/speakers", test_speakers);
  g_test_add_func ("/quorum/app/chair-console/speaking-overtime", test_speaking_overtime);
  g_test_add_func ("/quorum/app/chair-console/minutes", test_minutes);
  g_test_add_func ("/quorum/app/chair-console/roles", test_roles);
  g_test_add_func ("/quorum/app/chair-console/portrait", test_portrait);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  g_clear_pointer (&fixture.doc_a, g_free);
  g_clear_pointer (&fixture.doc_b, g_free);
  for (guint i = 0; i < N_USERS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  qm_test_remove_tree (home);
  return result;
}
