/* test-meetings-page.c: the meetings page against the real quorum-server:
 * whose meetings it lists and in what order, what a row says, the empty and
 * error states, refreshing, opening a meeting, and a secretary's buttons.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-meetings-page.h"
#include "qm-test-gui.h"
#include "qm-test-server.h"
#include "qm-test-widgets.h"

#define PASSWORD "correct horse battery"

/* The accounts: a secretary who prepares every meeting, a delegate in some
 * of them, and someone in none (until the refresh test). */
typedef enum
{
  LAN,
  HOA,
  TUAN,
  N_USERS
} Who;

static const struct
{
  const char     *username;
  const char     *display_name;
  QmAccountRoles  roles;
} users[N_USERS] = {
  [LAN] = { "thuky.lan", "Nguyễn Thị Lan", QM_ACCOUNT_ROLE_SECRETARY },
  [HOA] = { "gd.hoa", "Phạm Thị Hoa", 0 },
  [TUAN] = { "tuan", "Võ Anh Tuấn", 0 },
};

/* Hoa's meetings, in the order the page must show them. */
enum
{
  TODAY,          /* today at 00:00:01: today, even once started */
  SOON,           /* in three days */
  FAR,            /* 2099 */
  LAST_WEEK,      /* a week ago */
  LONG_AGO,       /* 2020 */
  N_MEETINGS
};

static struct
{
  QmTestServer *server;
  gint64        user_ids[N_USERS];
  char         *tokens[N_USERS];
  gint64        meeting_ids[N_MEETINGS];
  gint64        others_meeting_id;  /* Lan's, without Hoa */
} shared;

static const char *titles[N_MEETINGS] = {
  [TODAY] = "Họp giao ban đầu tuần",
  [SOON] = "Phiên họp thường kỳ tháng 12",
  [FAR] = "Hội nghị tổng kết nhiệm kỳ",
  [LAST_WEEK] = "Họp chuyên đề về ngân sách",
  [LONG_AGO] = "Họp thường kỳ tháng 1 năm 2020",
};
#define OTHERS_TITLE "Họp Ban Thường vụ (không có chị Hoa)"

typedef struct
{
  QmSession      *session;
  QmMeetingsPage *page;
  GtkWindow      *window;
  gint64          activated;
  guint           new_meeting;
  gint64          edited;
} Fixture;

static QmSession *
signed_in_session (Who who)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (shared.server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The server is on the loopback, whatever the environment's proxy says. */
  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (session, users[who].username, PASSWORD, NULL, qm_test_store_result, &result);
  qm_test_gui_wait_until (result != NULL);
  g_assert_true (qm_session_login_finish (session, result, &error));
  g_assert_no_error (error);
  return session;
}

static void
on_activated (QmMeetingsPage *page,
              gint64          meeting_id,
              Fixture        *fixture)
{
  fixture->activated = meeting_id;
}

static void
open_page (Fixture   *fixture,
           QmSession *session,
           int        width,
           int        height)
{
  fixture->session = session;
  fixture->page = g_object_ref_sink (g_object_new (QM_TYPE_MEETINGS_PAGE, NULL));
  fixture->activated = 0;
  g_signal_connect (fixture->page, "meeting-activated", G_CALLBACK (on_activated), fixture);
  qm_meetings_page_set_session (fixture->page, session);
  fixture->window = qm_test_gui_show (GTK_WIDGET (fixture->page), width, height);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The screenshots, skipped, open nothing. */
  if (fixture->window != NULL)
    qm_test_gui_destroy (fixture->window, fixture->page);
  g_clear_object (&fixture->session);
}

static GPtrArray *
rows (Fixture *fixture)
{
  return qm_test_gui_find_all (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW);
}

static guint
n_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) found = rows (fixture);

  return found->len;
}

static GtkWidget *
row_titled (Fixture    *fixture,
            const char *title)
{
  GtkWidget *row = qm_test_gui_find (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
labelled_button (Fixture    *fixture,
                 const char *label)
{
  GtkWidget *found = qm_test_gui_find (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, label);

  g_assert_nonnull (found);
  return gtk_widget_get_ancestor (found, GTK_TYPE_BUTTON);
}

/* The visible buttons whose tooltip is text, in order. */
static GPtrArray *
buttons_with_tooltip (Fixture    *fixture,
                      const char *text)
{
  g_autoptr(GPtrArray) buttons = qm_test_gui_find_all (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (gtk_widget_is_visible (button)
          && g_strcmp0 (gtk_widget_get_tooltip_text (button), text) == 0)
        g_ptr_array_add (found, button);
    }
  return found;
}

static void
assert_shows (Fixture    *fixture,
              const char *text)
{
  if (!qm_test_shows_text (GTK_WIDGET (fixture->page), text))
    g_error ("the page does not show “%s”", text);
}

static void
reload_and_wait (Fixture *fixture,
                 guint    expected_rows)
{
  qm_meetings_page_reload (fixture->page);
  qm_test_gui_wait_until (n_rows (fixture) == expected_rows
                          && !qm_test_shows_text (GTK_WIDGET (fixture->page),
                                                      g_dgettext (GETTEXT_PACKAGE, "Loading your meetings…")));
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  GtkWidget *row;

  open_page (fixture, signed_in_session (HOA), 1280, 800);
  reload_and_wait (fixture, N_MEETINGS);

  /* Today's and the coming ones, soonest first, then the past ones, latest
   * first; not the meeting Hoa is not in. */
  found = rows (fixture);
  for (guint i = 0; i < N_MEETINGS; i++)
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (found, i)), ==, titles[i]);
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page), OTHERS_TITLE));
  assert_shows (fixture, "Upcoming");
  assert_shows (fixture, "Past Meetings");
  /* The past ones are in the list under that heading. */
  g_assert_true (gtk_widget_get_ancestor (row_titled (fixture, titles[LAST_WEEK]), GTK_TYPE_LIST_BOX)
                 == gtk_widget_get_ancestor (row_titled (fixture, titles[LONG_AGO]), GTK_TYPE_LIST_BOX));
  g_assert_true (gtk_widget_get_ancestor (row_titled (fixture, titles[TODAY]), GTK_TYPE_LIST_BOX)
                 != gtk_widget_get_ancestor (row_titled (fixture, titles[LAST_WEEK]), GTK_TYPE_LIST_BOX));

  /* What a row says: when (local time, the weekday first), where, the
   * state and the role. */
  row = row_titled (fixture, titles[LONG_AGO]);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Wednesday, 15 January 2020, 09:00\nPhòng họp 1");
  g_assert_true (qm_test_shows_text (row, "Ended"));
  g_assert_true (qm_test_shows_text (row, "Delegate"));
  g_assert_true (qm_test_shows_text (row_titled (fixture, titles[TODAY]), "Today"));
  g_assert_true (qm_test_shows_text (row_titled (fixture, titles[SOON]), "In 3 days"));
  g_assert_true (qm_test_shows_text (row_titled (fixture, titles[FAR]), "Upcoming"));

  /* The header names the user; a delegate prepares nothing. */
  assert_shows (fixture, "Phạm Thị Hoa");
  g_assert_false (gtk_widget_is_visible (labelled_button (fixture, "New Meeting")));
  edits = buttons_with_tooltip (fixture, "Edit Meeting");
  g_assert_cmpuint (edits->len, ==, 0);

  /* Another user never sees Hoa's list, not even while theirs loads. */
  qm_session_forget_token (fixture->session);
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page), "Phạm Thị Hoa"));
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  open_page (fixture, signed_in_session (HOA), 1280, 800);
  reload_and_wait (fixture, N_MEETINGS);

  /* A tap or Enter on a row opens that meeting. */
  g_signal_emit_by_name (row_titled (fixture, titles[SOON]), "activate");
  g_assert_cmpint (fixture->activated, ==, shared.meeting_ids[SOON]);
  g_signal_emit_by_name (row_titled (fixture, titles[LONG_AGO]), "activate");
  g_assert_cmpint (fixture->activated, ==, shared.meeting_ids[LONG_AGO]);
}

static void
test_empty_then_refresh (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmParticipant) participant = NULL;
  GtkEventController *shortcuts = NULL;
  g_autoptr(GListModel) controllers = NULL;
  gboolean f5 = FALSE, ctrl_r = FALSE;

  open_page (fixture, signed_in_session (TUAN), 1280, 800);
  qm_meetings_page_reload (fixture->page);
  qm_test_gui_wait_until (qm_test_shows_text (GTK_WIDGET (fixture->page), "No Meetings Yet"));
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "meetings-empty");

  /* The secretary adds Tuấn to a meeting; Refresh shows it. */
  meeting = qm_test_create_meeting (shared.server, shared.tokens[LAN], "Họp bổ sung", NULL);
  participant = qm_test_put_participant (shared.server, shared.tokens[LAN], meeting->id,
                                         shared.user_ids[TUAN], "observer");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "meetings.refresh", NULL));
  qm_test_gui_wait_until (n_rows (fixture) == 1);
  g_assert_true (qm_test_shows_text (row_titled (fixture, "Họp bổ sung"), "Observer"));
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page), "No Meetings Yet"));

  /* F5 and Ctrl+R are that action, wherever the focus is in the window. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller)
          && gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) == GTK_SHORTCUT_SCOPE_MANAGED)
        shortcuts = controller;
    }
  g_assert_nonnull (shortcuts);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shortcuts)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (shortcuts), i);
      g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
      g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

      g_assert_cmpstr (action, ==, "action(meetings.refresh)");
      f5 = f5 || strstr (trigger, "F5") != NULL;
      ctrl_r = ctrl_r || strstr (trigger, "<Control>r") != NULL;
    }
  g_assert_true (f5);
  g_assert_true (ctrl_r);
}

static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  QmSession *session = signed_in_session (HOA);
  g_autofree char *url = g_strdup (qm_session_get_base_url (session));
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;

  /* The network goes: a port on the loopback that nobody listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  closed = g_strdup_printf ("http://127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  qm_session_set_base_url (session, closed);

  open_page (fixture, session, 1280, 800);
  qm_meetings_page_reload (fixture->page);
  qm_test_gui_wait_until (qm_test_shows_text (GTK_WIDGET (fixture->page), "Could Not Load the Meetings"));
  assert_shows (fixture, "The server cannot be reached.");
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "meetings-error");

  /* It comes back; Retry. */
  qm_session_set_base_url (session, url);
  g_signal_emit_by_name (labelled_button (fixture, "Retry"), "clicked");
  qm_test_gui_wait_until (n_rows (fixture) == N_MEETINGS);
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page), "Could Not Load"));
}

static void
count_new_meeting (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ((Fixture *) user_data)->new_meeting++;
}

static void
record_edit (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ((Fixture *) user_data)->edited = g_variant_get_int64 (parameter);
}

static void
test_secretary (Fixture       *fixture,
                gconstpointer  data)
{
  const GActionEntry entries[] = {
    { "new-meeting", count_new_meeting, NULL, NULL, NULL },
    { "edit-meeting", record_edit, "x", NULL, NULL },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GPtrArray) hers = NULL;
  GtkWidget *new_button;
  GtkWidget *edit;

  /* The server's word on how many meetings she has: every one made so far. */
  hers = qm_test_get (shared.server, "/api/v1/meetings", shared.tokens[LAN],
                      (gpointer) qm_meeting_summary_list_parse);
  g_assert_cmpuint (hers->len, >=, N_MEETINGS + 1);

  open_page (fixture, signed_in_session (LAN), 1280, 800);
  reload_and_wait (fixture, hers->len);
  assert_shows (fixture, "Nguyễn Thị Lan");
  assert_shows (fixture, OTHERS_TITLE);

  new_button = labelled_button (fixture, "New Meeting");
  g_assert_true (gtk_widget_is_visible (new_button));
  /* One Edit per meeting she prepares: all of them. */
  edits = buttons_with_tooltip (fixture, "Edit Meeting");
  g_assert_cmpuint (edits->len, ==, hers->len);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "meetings-secretary");

  /* Before the window has these actions, the buttons do nothing, quietly
   * (warnings are fatal here). */
  g_signal_emit_by_name (new_button, "clicked");
  g_signal_emit_by_name (g_ptr_array_index (edits, 0), "clicked");

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), fixture);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  g_signal_emit_by_name (new_button, "clicked");
  g_assert_cmpuint (fixture->new_meeting, ==, 1);
  edit = qm_test_gui_find (row_titled (fixture, titles[FAR]), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (edit);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (edit), ==, "Edit Meeting");
  g_signal_emit_by_name (edit, "clicked");
  g_assert_cmpint (fixture->edited, ==, shared.meeting_ids[FAR]);
  /* Editing is not opening. */
  g_assert_cmpint (fixture->activated, ==, 0);
}

/* Not a test: with QM_TEST_SCREENSHOTS set, Hoa's list landscape and
 * portrait (run on a screen of 1280×1280 or more). */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  if (g_getenv ("QM_TEST_SCREENSHOTS") == NULL)
    {
      g_test_skip ("set QM_TEST_SCREENSHOTS to a folder to take screenshots");
      return;
    }
  open_page (fixture, signed_in_session (HOA), 1280, 800);
  reload_and_wait (fixture, N_MEETINGS);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "meetings-landscape");
  qm_test_gui_destroy (fixture->window, fixture->page);
  g_clear_object (&fixture->session);

  open_page (fixture, signed_in_session (HOA), 800, 1280);
  reload_and_wait (fixture, N_MEETINGS);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "meetings-portrait");
}

/* RFC 3339 with the local offset. */
static char *
rfc3339 (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
create_meetings (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 1);
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  char *starts[N_MEETINGS] = {
    [TODAY] = rfc3339 (today),
    [SOON] = rfc3339 (soon),
    [FAR] = g_strdup ("2099-12-01T08:00:00+07:00"),
    [LAST_WEEK] = rfc3339 (last_week),
    [LONG_AGO] = g_strdup ("2020-01-15T09:00:00+07:00"),
  };
  g_autofree char *others_start = rfc3339 (tomorrow);
  g_autoptr(QmMeeting) others = NULL;

  /* Made in an order that is not the one shown. */
  for (int i = N_MEETINGS - 1; i >= 0; i--)
    {
      g_autoptr(QmMeeting) meeting = qm_test_create_meeting (shared.server, shared.tokens[LAN],
                                                             titles[i], starts[i]);
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (shared.server, shared.tokens[LAN], meeting->id,
                                 shared.user_ids[HOA], "delegate");

      shared.meeting_ids[i] = meeting->id;
      g_free (starts[i]);
    }
  others = qm_test_create_meeting (shared.server, shared.tokens[LAN], OTHERS_TITLE, others_start);
  shared.others_meeting_id = others->id;
}

int
main (int   argc,
      char *argv[])
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  g_autofree char *root_token = NULL;
  int status;

  /* The meetings' times are written for, and read in, Vietnam's time. */
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  qm_test_gui_init (&argc, &argv);

  shared.server = qm_test_server_new (&options);
  root_token = qm_test_login (shared.server, "root", PASSWORD);
  for (guint i = 0; i < N_USERS; i++)
    {
      g_autoptr(QmUserCreate) request = qm_user_create_new ();
      g_autoptr(GBytes) body = NULL;
      g_autofree char *json = NULL;
      g_autoptr(QmUser) user = NULL;
      guint code;

      request->username = g_strdup (users[i].username);
      request->display_name = g_strdup (users[i].display_name);
      request->password = g_strdup (PASSWORD);
      request->roles = users[i].roles;
      json = qm_user_create_serialize (request, NULL);
      body = qm_test_json (shared.server, "POST", "/api/v1/users", root_token, json, &code);
      qm_test_assert_status (body, code, 201);
      user = qm_test_parse (body, (gpointer) qm_user_parse);
      shared.user_ids[i] = user->id;
      shared.tokens[i] = qm_test_login (shared.server, users[i].username, PASSWORD);
    }
  create_meetings ();

#define ADD(path, func) \
  g_test_add ("/quorum/app/meetings-page/" path, Fixture, NULL, NULL, func, fixture_tear_down)
  ADD ("order", test_order);
  ADD ("activate", test_activate);
  ADD ("error", test_error);
  ADD ("secretary", test_secretary);
  ADD ("empty-then-refresh", test_empty_then_refresh);
  ADD ("screenshots", test_screenshots);
#undef ADD

  status = qm_test_gui_run ();
  for (guint i = 0; i < N_USERS; i++)
    g_free (shared.tokens[i]);
  qm_test_server_free (shared.server);
  return status;
}
