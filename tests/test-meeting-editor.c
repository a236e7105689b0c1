/* test-meeting-editor.c: the secretary's meeting editor on a real display
 * against the real quorum-server — creating and saving a meeting, building
 * the agenda (add, rename, reorder by keyboard action, remove and undo),
 * participants and proxies, uploads with progress, refusals and cancel, and
 * the board book — each checked in the server's own state.
 *
 * With QM_SCREENSHOT_DIR set, it also saves screenshots of the editor there,
 * at 1280×800 or at QM_SCREENSHOT_SIZE (e.g. 800x1280).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "qm-application.h"
#include "qm-meeting-editor.h"
#include "qm-test-files.h"
#include "qm-test-server.h"
#include "qm-test-widgets.h"
#include "qm-upload-row.h"
#include "qm-window.h"
#include "quorum-client.h"

/* What the page shows for an English text, in the language it runs in. */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

#define PASSWORD        "correct horse battery"
#define TIMEOUT_SECONDS 60
/* The server's document limit here; the editor's own is set to twice it. */
#define SERVER_LIMIT    (1024 * 1024)

/* The window's size: 1280×800, or QM_SCREENSHOT_SIZE ("800x1280"). */
static int window_size[2] = { 1280, 800 };

static struct
{
  QmTestServer *server;
  char         *token;
  char         *dir;
  gint64        users[3];
  QmSession    *session;     /* signed in as root, once: each login is an argon2 hash */
} shared;

typedef struct
{
  QmSession       *session;
  QmDocumentCache *cache;
  char            *cache_dir;
  GtkWidget       *window;
  QmMeetingEditor *editor;
} Fixture;

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until cond holds, failing after a hard timeout. */
#define wait_until(cond)                                                        \
  G_STMT_START {                                                                \
    gboolean timed_out_ = FALSE;                                                \
    guint deadline_ = g_timeout_add_seconds (TIMEOUT_SECONDS, on_deadline,      \
                                             &timed_out_);                      \
    guint wake_ = g_timeout_add (50, wake_cb, NULL);                            \
    while (!(cond) && !timed_out_)                                              \
      g_main_context_iteration (NULL, TRUE);                                    \
    g_source_remove (wake_);                                                    \
    if (!timed_out_)                                                            \
      g_source_remove (deadline_);                                              \
    if (!(cond))                                                                \
      g_error ("timed out waiting for %s", #cond);                              \
  } G_STMT_END

/* Every change the editor sent has been answered. */
static void
wait_idle (Fixture *fixture)
{
  wait_until (!qm_meeting_editor_get_busy (fixture->editor));
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static QmSession *
session_new (void)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (shared.server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (session, "root", PASSWORD, NULL, store_result, &result);
  wait_until (result != NULL);
  g_assert_true (qm_session_login_finish (session, result, &error));
  g_assert_no_error (error);
  return session;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->session = g_object_ref (shared.session);
  fixture->cache_dir = g_dir_make_tmp ("quorum-editor-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache = qm_document_cache_new (fixture->session, fixture->cache_dir);

  fixture->window = adw_window_new ();
  fixture->editor = g_object_new (QM_TYPE_MEETING_EDITOR, NULL);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->editor));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), window_size[0], window_size[1]);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->editor), (gpointer *) &fixture->editor);
  g_object_add_weak_pointer (G_OBJECT (fixture->cache), (gpointer *) &fixture->cache);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_object_unref (fixture->cache);
  /* Cancelled requests and uploads let go of everything once their
   * callbacks have run: nothing may stay behind (leaks are bugs); the
   * shared session is back to the one reference main holds. */
  wait_until (fixture->editor == NULL && fixture->cache == NULL
              && G_OBJECT (fixture->session)->ref_count == 2);
  g_object_unref (fixture->session);
  remove_tree (fixture->cache_dir);
  g_free (fixture->cache_dir);
}

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Screenshots for a human to look at, when asked for, at the window's size
 * (QM_SCREENSHOT_SIZE, 1280x800 by default: run once per size). */
static void
save_screenshot_after (Fixture    *fixture,
                       const char *name,
                       gint64      settle_usec)
{
  const char *dir = g_getenv ("QM_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkFrameClock *clock;
  gint64 first_frame, first_time;
  guint tick;
  int width, height;

  if (dir == NULL)
    return;
  /* Transitions advance with drawn frames, and a virtual display under
   * load draws few: wait for frame time, not wall time. */
  clock = gtk_widget_get_frame_clock (fixture->window);
  first_frame = gdk_frame_clock_get_frame_counter (clock);
  first_time = gdk_frame_clock_get_frame_time (clock);
  tick = gtk_widget_add_tick_callback (fixture->window, keep_ticking, NULL, NULL);
  wait_until (gdk_frame_clock_get_frame_counter (clock) >= first_frame + 3
              && gdk_frame_clock_get_frame_time (clock) >= first_time + settle_usec);
  gtk_widget_remove_tick_callback (fixture->window, tick);

  width = gtk_widget_get_width (fixture->window);
  height = gtk_widget_get_height (fixture->window);
  path = g_strdup_printf ("%s/%s-%dx%d.png", dir, name, window_size[0], window_size[1]);
  paintable = gtk_widget_paintable_new (fixture->window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The whole virtual screen, popovers included (ImageMagick's import). */
static void
save_screen (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s-%dx%d.png", g_getenv ("QM_SCREENSHOT_DIR"), name,
                                           window_size[0], window_size[1]);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static void
save_screenshot (Fixture    *fixture,
                 const char *name)
{
  /* Pictures of where things end up, not of them on their way. */
  save_screenshot_after (fixture, name, 2 * G_USEC_PER_SEC);
}

static void
open_meeting (Fixture *fixture,
              gint64   meeting_id)
{
  qm_meeting_editor_open (fixture->editor, fixture->session, fixture->cache, meeting_id);
  wait_until (g_strcmp0 (qm_meeting_editor_get_view_name (fixture->editor), "editor") == 0);
  wait_idle (fixture);
}

static QmMeeting *
server_meeting (gint64 meeting_id)
{
  return qm_test_get_meeting (shared.server, shared.token, meeting_id);
}

static QmMeeting *
new_meeting (const char *title)
{
  return qm_test_create_meeting (shared.server, shared.token, title, "2026-12-01T08:00:00+07:00");
}

static QmAgendaItem *
server_item (const QmMeeting *meeting,
             guint            position)
{
  g_assert_cmpuint (position, <, meeting->agenda->len);
  return g_ptr_array_index (meeting->agenda, position);
}

static void
type_and_apply (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 12, 1, 0, 0, 0);
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(GPtrArray) before = qm_test_get (shared.server, "/api/v1/meetings", shared.token,
                                             (gpointer) qm_meeting_summary_list_parse);
  g_autoptr(GPtrArray) after = NULL;
  GtkLabel *error_label = qm_meeting_editor_get_error_label (fixture->editor);
  gint64 meeting_id;

  qm_meeting_editor_open (fixture->editor, fixture->session, fixture->cache, 0);
  g_assert_cmpstr (qm_meeting_editor_get_view_name (fixture->editor), ==, "editor");
  g_assert_cmpint (qm_meeting_editor_get_meeting_id (fixture->editor), ==, 0);
  /* A new meeting has only its details to fill in. */
  g_assert_false (adw_view_stack_page_get_visible (
    adw_view_stack_get_page (qm_meeting_editor_get_view_stack (fixture->editor),
                             GTK_WIDGET (qm_meeting_editor_get_agenda_editor (fixture->editor)))));
  save_screenshot (fixture, "editor-new");

  /* No title: refused here, with the reason shown, and nothing sent. */
  gtk_editable_set_text (GTK_EDITABLE (qm_meeting_editor_get_title_row (fixture->editor)), "   ");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, T ("Enter the meeting’s title."));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (qm_meeting_editor_get_title_row (fixture->editor)), "error"));
  save_screenshot (fixture, "editor-invalid");
  wait_idle (fixture);
  after = qm_test_get (shared.server, "/api/v1/meetings", shared.token,
                       (gpointer) qm_meeting_summary_list_parse);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (qm_meeting_editor_get_title_row (fixture->editor)),
                         "Họp UBND tỉnh — phiên thường kỳ tháng 12");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  gtk_editable_set_text (GTK_EDITABLE (qm_meeting_editor_get_location_row (fixture->editor)),
                         "Phòng họp số 1, trụ sở UBND tỉnh");
  gtk_calendar_select_day (qm_meeting_editor_get_calendar (fixture->editor), day);
  gtk_spin_button_set_value (qm_meeting_editor_get_hour_spin (fixture->editor), 8);
  gtk_spin_button_set_value (qm_meeting_editor_get_minute_spin (fixture->editor), 30);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
  wait_until (qm_meeting_editor_get_meeting_id (fixture->editor) != 0);
  wait_idle (fixture);

  meeting_id = qm_meeting_editor_get_meeting_id (fixture->editor);
  meeting = server_meeting (meeting_id);
  g_assert_cmpstr (meeting->title, ==, "Họp UBND tỉnh — phiên thường kỳ tháng 12");
  g_assert_cmpstr (meeting->location, ==, "Phòng họp số 1, trụ sở UBND tỉnh");
  /* The tests run in Asia/Ho_Chi_Minh: the offset travels with the time. */
  g_assert_cmpstr (meeting->starts_at, ==, "2026-12-01T08:30:00+07:00");
  g_assert_false (meeting->require_quorum);
  g_clear_pointer (&meeting, qm_meeting_free);
  /* Now the participants and the agenda can be edited. */
  g_assert_true (adw_view_stack_page_get_visible (
    adw_view_stack_get_page (qm_meeting_editor_get_view_stack (fixture->editor),
                             GTK_WIDGET (qm_meeting_editor_get_agenda_editor (fixture->editor)))));
  save_screenshot (fixture, "editor-details");

  /* Saving again sends only what changed. */
  gtk_editable_set_text (GTK_EDITABLE (qm_meeting_editor_get_location_row (fixture->editor)),
                         "Hội trường tầng 3");
  gtk_spin_button_set_value (qm_meeting_editor_get_hour_spin (fixture->editor), 14);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.save", NULL);
  wait_idle (fixture);
  meeting = server_meeting (meeting_id);
  g_assert_cmpstr (meeting->title, ==, "Họp UBND tỉnh — phiên thường kỳ tháng 12");
  g_assert_cmpstr (meeting->location, ==, "Hội trường tầng 3");
  g_assert_cmpstr (meeting->starts_at, ==, "2026-12-01T14:30:00+07:00");
  g_assert_cmpstr (qm_meeting_editor_get_meeting (fixture->editor)->location, ==, "Hội trường tầng 3");

  /* Reopened, the form shows what the server has. */
  open_meeting (fixture, meeting_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (qm_meeting_editor_get_location_row (fixture->editor))),
                   ==, "Hội trường tầng 3");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (qm_meeting_editor_get_hour_spin (fixture->editor)), ==, 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (qm_meeting_editor_get_minute_spin (fixture->editor)), ==, 30);
}

static void
test_open_missing (Fixture       *fixture,
                   gconstpointer  data)
{
  qm_meeting_editor_open (fixture->editor, fixture->session, fixture->cache, 999999);
  wait_until (g_strcmp0 (qm_meeting_editor_get_view_name (fixture->editor), "error") == 0);
  g_assert_false (qm_meeting_editor_get_busy (fixture->editor));
}

static void
assert_agenda (gint64              meeting_id,
               const char * const *titles)
{
  g_autoptr(QmMeeting) meeting = server_meeting (meeting_id);

  g_assert_cmpuint (meeting->agenda->len, ==, g_strv_length ((char **) titles));
  for (guint i = 0; titles[i] != NULL; i++)
    {
      g_assert_cmpstr (server_item (meeting, i)->title, ==, titles[i]);
      g_assert_cmpint (server_item (meeting, i)->position, ==, i);
    }
}

static void
assert_rows (QmAgendaEditor     *agenda,
             const char * const *titles)
{
  g_assert_cmpuint (qm_agenda_editor_get_n_items (agenda), ==, g_strv_length ((char **) titles));
  for (guint i = 0; titles[i] != NULL; i++)
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (qm_agenda_editor_get_row (agenda, i))),
                     ==, titles[i]);
}

/* What a drop on a row does, through the row's own GtkDropTarget (GTK
 * offers no way to drive a real drag in a test). */
static gboolean
drop_on (GtkWidget    *widget,
         const GValue *value)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean accepted = FALSE;

      if (!GTK_IS_DROP_TARGET (controller))
        continue;
      g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &accepted);
      return accepted;
    }
  g_assert_not_reached ();
}

static void
test_agenda (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp chuyên đề đầu tư công");
  QmAgendaEditor *agenda = qm_meeting_editor_get_agenda_editor (fixture->editor);
  AdwEntryRow *new_item = qm_agenda_editor_get_new_item_row (agenda);
  const char *added[] = { "Báo cáo kinh tế – xã hội", "Dự toán ngân sách 2027", "Các vấn đề khác", NULL };
  const char *renamed[] = { "Báo cáo kinh tế – xã hội", "Dự toán ngân sách địa phương 2027",
                            "Các vấn đề khác", NULL };
  const char *reordered[] = { "Các vấn đề khác", "Báo cáo kinh tế – xã hội",
                              "Dự toán ngân sách địa phương 2027", NULL };
  QmAgendaEditorRow *row;

  open_meeting (fixture, created->id);
  adw_view_stack_set_visible_child_name (qm_meeting_editor_get_view_stack (fixture->editor), "agenda");

  for (guint i = 0; added[i] != NULL; i++)
    type_and_apply (new_item, added[i]);
  /* Cleared at once for the next title. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (new_item)), ==, "");
  wait_idle (fixture);
  assert_agenda (created->id, added);
  assert_rows (agenda, added);

  /* Rename and describe the second item from its own rows. */
  row = qm_agenda_editor_get_row (agenda, 1);
  type_and_apply (qm_agenda_editor_row_get_title_row (row), "Dự toán ngân sách địa phương 2027");
  type_and_apply (qm_agenda_editor_row_get_description_row (row), "Sở Tài chính trình.");
  /* A blank title is refused here and the old one comes back. */
  wait_idle (fixture);
  type_and_apply (qm_agenda_editor_row_get_title_row (row), "  ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (qm_agenda_editor_row_get_title_row (row))),
                   ==, "Dự toán ngân sách địa phương 2027");
  wait_idle (fixture);
  assert_agenda (created->id, renamed);
  {
    g_autoptr(QmMeeting) meeting = server_meeting (created->id);

    g_assert_cmpstr (server_item (meeting, 1)->description, ==, "Sở Tài chính trình.");
  }

  /* Reorder with the actions Alt+↑ and Alt+↓ are bound to: the last item
   * up twice, then the (new) second one down and back up. */
  row = qm_agenda_editor_get_row (agenda, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "item.move-up", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "item.move-up", NULL));
  g_assert_cmpuint (qm_agenda_editor_row_get_position (row), ==, 0);
  row = qm_agenda_editor_get_row (agenda, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "item.move-down", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "item.move-up", NULL));
  wait_idle (fixture);
  assert_agenda (created->id, reordered);
  assert_rows (agenda, reordered);
  /* The first can go no higher. */
  row = qm_agenda_editor_get_row (agenda, 0);
  gtk_widget_activate_action (GTK_WIDGET (row), "item.move-up", NULL);
  wait_idle (fixture);
  assert_agenda (created->id, reordered);

  /* Dragged by its handle and dropped on the last row: it takes that place. */
  {
    const char *dragged[] = { "Báo cáo kinh tế – xã hội", "Dự toán ngân sách địa phương 2027",
                              "Các vấn đề khác", NULL };
    g_auto(GValue) value = G_VALUE_INIT;

    g_value_init (&value, QM_TYPE_AGENDA_EDITOR_ROW);
    g_value_set_object (&value, qm_agenda_editor_get_row (agenda, 0));
    g_assert_true (drop_on (GTK_WIDGET (qm_agenda_editor_get_row (agenda, 2)), &value));
    /* A row dropped on itself does nothing. */
    g_value_set_object (&value, qm_agenda_editor_get_row (agenda, 1));
    g_assert_false (drop_on (GTK_WIDGET (qm_agenda_editor_get_row (agenda, 1)), &value));
    wait_idle (fixture);
    assert_agenda (created->id, dragged);
    assert_rows (agenda, dragged);
  }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (qm_agenda_editor_get_row (agenda, 2)), TRUE);
  save_screenshot (fixture, "editor-agenda");
}

static void
test_remove_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp giao ban tuần");
  g_autoptr(GBytes) pdf = qm_test_make_pdf (3, "Báo cáo tuần", 21);
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(QmAgendaItem) first = qm_test_add_item (shared.server, shared.token, created->id, "Mở đầu");
  g_autoptr(QmAgendaItem) second = qm_test_add_item (shared.server, shared.token, created->id, "Báo cáo tuần");
  g_autoptr(QmAgendaItem) third = qm_test_add_item (shared.server, shared.token, created->id, "Kết luận");
  g_autoptr(QmAgendaItem) attached = NULL;
  QmAgendaEditor *agenda = qm_meeting_editor_get_agenda_editor (fixture->editor);
  const char *all[] = { "Mở đầu", "Báo cáo tuần", "Kết luận", NULL };
  const char *without[] = { "Mở đầu", "Kết luận", NULL };
  AdwToast *toast;

  document = qm_test_upload (shared.server, shared.token, "bao-cao-tuan.pdf", pdf);
  attached = qm_test_attach (shared.server, shared.token, created->id, second->id, document->id);
  {
    g_autofree char *json = g_strdup ("{\"description\":\"Văn phòng trình bày.\"}");
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda/%" G_GINT64_FORMAT,
                                             created->id, second->id);
    guint status;
    g_autoptr(GBytes) body = qm_test_json (shared.server, "PATCH", path, shared.token, json, &status);

    qm_test_assert_status (body, status, 200);
  }

  open_meeting (fixture, created->id);
  adw_view_stack_set_visible_child_name (qm_meeting_editor_get_view_stack (fixture->editor), "agenda");
  assert_rows (agenda, all);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (qm_agenda_editor_get_row (agenda, 1)),
                                             "item.remove", NULL));
  /* Gone from the list at once, and from the server. */
  assert_rows (agenda, without);
  wait_idle (fixture);
  assert_agenda (created->id, without);
  toast = qm_agenda_editor_get_undo_toast (agenda, second->id);
  g_assert_nonnull (toast);
  {
    g_autofree char *title = g_strdup_printf (T ("“%s” removed"), "Báo cáo tuần");

    g_assert_cmpstr (adw_toast_get_title (toast), ==, title);
  }
  save_screenshot (fixture, "editor-undo");

  /* Undo: back in its place, with its description and its document. */
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_null (qm_agenda_editor_get_undo_toast (agenda, second->id));
  wait_idle (fixture);
  assert_agenda (created->id, all);
  assert_rows (agenda, all);
  {
    g_autoptr(QmMeeting) meeting = server_meeting (created->id);
    QmAgendaItem *restored = server_item (meeting, 1);

    g_assert_cmpstr (restored->description, ==, "Văn phòng trình bày.");
    g_assert_cmpuint (restored->documents->len, ==, 1);
    g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (restored->documents, 0))->id, ==, document->id);
    g_assert_cmpuint (qm_agenda_editor_row_get_item (qm_agenda_editor_get_row (agenda, 1))->documents->len, ==, 1);
  }
  (void) first;
  (void) third;
}

typedef struct
{
  GArray  *sent;
  guint64  total;
} Progress;

static void
on_upload_progress (QmUploadRow *row,
                    guint64      sent,
                    guint64      total,
                    Progress    *progress)
{
  g_array_append_val (progress->sent, sent);
  progress->total = total;
}

static QmUploadRow *
find_upload (QmAgendaEditorRow *row,
             const char        *basename)
{
  g_autoptr(GList) uploads = qm_agenda_editor_row_get_upload_rows (row);

  for (GList *l = uploads; l != NULL; l = l->next)
    {
      g_autofree char *name = g_file_get_basename (qm_upload_row_get_file (l->data));

      if (g_strcmp0 (name, basename) == 0)
        return l->data;
    }
  return NULL;
}

static guint
n_uploads (QmAgendaEditorRow *row)
{
  g_autoptr(GList) uploads = qm_agenda_editor_row_get_upload_rows (row);

  return g_list_length (uploads);
}

static gboolean
upload_failed (QmAgendaEditorRow *row,
               const char        *basename)
{
  QmUploadRow *upload = find_upload (row, basename);

  return upload != NULL && qm_upload_row_get_state (upload) == QM_UPLOAD_STATE_FAILED;
}

static void
assert_shown_error (QmAgendaEditorRow *row,
                    const char        *basename,
                    const char        *text)
{
  QmUploadRow *upload = find_upload (row, basename);

  g_assert_nonnull (upload);
  g_assert_cmpint (qm_upload_row_get_state (upload), ==, QM_UPLOAD_STATE_FAILED);
  /* The text the row shows, not only what it knows. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (upload)), ==, text);
}

static void
assert_progress (Progress *progress,
                 gsize     size)
{
  g_assert_cmpuint (progress->total, ==, size);
  g_assert_cmpuint (progress->sent->len, >=, 2);
  for (guint i = 1; i < progress->sent->len; i++)
    g_assert_cmpuint (g_array_index (progress->sent, guint64, i), >,
                      g_array_index (progress->sent, guint64, i - 1));
  g_assert_cmpuint (g_array_index (progress->sent, guint64, progress->sent->len - 1), ==, size);
}

/* The first widget of this type under widget. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first button under widget with this tooltip (the first document's
 * detach button, say). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_uploads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp thẩm định dự án");
  g_autoptr(QmAgendaItem) item = qm_test_add_item (shared.server, shared.token, created->id,
                                                  "Thẩm định dự án đường tỉnh 293");
  g_autoptr(GBytes) heavy = qm_test_make_heavy_pdf (600 * 1024, "Báo cáo thẩm định", 31);
  g_autoptr(GBytes) light = qm_test_make_pdf (4, "Tờ trình phê duyệt", 32);
  g_autoptr(GBytes) text = g_bytes_new_static ("Biên bản họp\n", 14);
  g_autoptr(GBytes) pdf = qm_test_make_pdf (4, "Cut short", 33);
  g_autoptr(GBytes) damaged = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 2);
  /* Between the server's limit and the editor's: the server refuses it. */
  g_autoptr(GBytes) large = qm_test_make_heavy_pdf (SERVER_LIMIT + SERVER_LIMIT / 2, "Large", 34);
  /* Over the editor's own limit: refused before sending. */
  g_autoptr(GBytes) huge = qm_test_make_heavy_pdf (3 * SERVER_LIMIT, "Huge", 35);
  const char *names[] = { "bao-cao-tham-dinh.pdf", "to-trinh.pdf", "bien-ban.pdf", "hong.pdf",
                          "lon.pdf", "rat-lon.pdf" };
  GBytes *contents[] = { heavy, light, text, damaged, large, huge };
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  QmAgendaEditor *agenda = qm_meeting_editor_get_agenda_editor (fixture->editor);
  QmAgendaEditorRow *row;
  Progress progress[2];
  g_autoptr(QmMeeting) meeting = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = qm_test_write_file (shared.dir, names[i], contents[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_list_store_append (files, file);
    }

  open_meeting (fixture, created->id);
  adw_view_stack_set_visible_child_name (qm_meeting_editor_get_view_stack (fixture->editor), "agenda");
  qm_uploader_set_max_bytes (qm_meeting_editor_get_uploader (fixture->editor), 2 * SERVER_LIMIT);
  row = qm_agenda_editor_get_row (agenda, 0);

  /* All six at once, dropped from the file manager. */
  {
    g_auto(GValue) value = G_VALUE_INIT;
    GSList *list = NULL;

    for (guint i = G_N_ELEMENTS (names); i > 0; i--)
      list = g_slist_prepend (list, g_list_model_get_item (G_LIST_MODEL (files), i - 1));
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, list);
    g_assert_true (drop_on (GTK_WIDGET (row), &value));
  }
  g_assert_cmpuint (n_uploads (row), ==, 6);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  for (guint i = 0; i < G_N_ELEMENTS (progress); i++)
    {
      progress[i].sent = g_array_new (FALSE, FALSE, sizeof (guint64));
      progress[i].total = 0;
      g_signal_connect (find_upload (row, names[i]), "progress", G_CALLBACK (on_upload_progress),
                        &progress[i]);
    }
  g_assert_true (qm_agenda_editor_get_uploading (agenda));
  g_assert_true (qm_meeting_editor_get_busy (fixture->editor));

  /* The good ones end up attached (their rows go); the others say why. */
  wait_until (upload_failed (row, "bien-ban.pdf") && upload_failed (row, "hong.pdf")
              && upload_failed (row, "lon.pdf") && upload_failed (row, "rat-lon.pdf")
              && n_uploads (row) == 4);
  wait_idle (fixture);
  assert_shown_error (row, "bien-ban.pdf", T ("Not a PDF file"));
  assert_shown_error (row, "hong.pdf", T ("Damaged or password-protected PDF"));
  assert_shown_error (row, "lon.pdf", T ("Too large for the server"));
  {
    g_autofree char *too_large = g_strdup_printf (T ("Too large (max %u MB)"), 2);

    assert_shown_error (row, "rat-lon.pdf", too_large);
  }
  assert_progress (&progress[0], g_bytes_get_size (heavy));
  assert_progress (&progress[1], g_bytes_get_size (light));
  g_assert_false (qm_agenda_editor_get_uploading (agenda));

  meeting = server_meeting (created->id);
  {
    QmAgendaItem *on_server = server_item (meeting, 0);
    g_autofree char *heavy_id = qm_test_sha256 (heavy);
    g_autofree char *light_id = qm_test_sha256 (light);
    gboolean has_heavy = FALSE, has_light = FALSE;

    g_assert_cmpuint (on_server->documents->len, ==, 2);
    for (guint i = 0; i < on_server->documents->len; i++)
      {
        QmItemDocument *document = g_ptr_array_index (on_server->documents, i);

        has_heavy |= g_str_equal (document->id, heavy_id);
        has_light |= g_str_equal (document->id, light_id);
      }
    g_assert_true (has_heavy && has_light);
    g_assert_cmpuint (qm_agenda_editor_row_get_item (row)->documents->len, ==, 2);
    {
      g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page", "%d pages", 5), 5);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document · %s",
                                                                "%u documents · %s", 2), 2, pages);

      g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, subtitle);
    }
  }
  save_screenshot (fixture, "editor-uploads");

  /* The same file again: uploaded (same id), but already on the item. */
  {
    g_autoptr(GListStore) again = g_list_store_new (G_TYPE_FILE);
    g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (files), 1);

    g_list_store_append (again, file);
    qm_agenda_editor_row_attach_files (row, G_LIST_MODEL (again));
    wait_until (upload_failed (row, "to-trinh.pdf"));
    assert_shown_error (row, "to-trinh.pdf", T ("Already attached to this item"));
  }

  /* A document taken off the item, from its row's button. */
  {
    const QmItemDocument *first = g_ptr_array_index (qm_agenda_editor_row_get_item (row)->documents, 0);
    g_autofree char *docid = g_strdup (first->id);
    GtkWidget *button = find_button (GTK_WIDGET (row), T ("Remove Document From Item"));
    g_autoptr(QmMeeting) after = NULL;

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    wait_idle (fixture);
    after = server_meeting (created->id);
    g_assert_cmpuint (server_item (after, 0)->documents->len, ==, 1);
    g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (server_item (after, 0)->documents, 0))->id, !=, docid);
    g_assert_cmpuint (qm_agenda_editor_row_get_item (row)->documents->len, ==, 1);
  }

  /* Dismissed errors go. */
  g_signal_emit_by_name (find_upload (row, "bien-ban.pdf"), "dismissed");
  g_assert_null (find_upload (row, "bien-ban.pdf"));

  for (guint i = 0; i < G_N_ELEMENTS (progress); i++)
    g_array_unref (progress[i].sent);
}

static void
cancel_on_progress (QmUploadRow *row,
                    guint64      sent,
                    guint64      total,
                    gpointer     user_data)
{
  if (sent > 0 && sent < total)
    qm_upload_row_cancel (row);
}

static gboolean
hold_connection (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source,
                 GPtrArray         *held)
{
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

static gboolean
upload_sending (QmAgendaEditorRow *row,
                const char        *basename)
{
  QmUploadRow *upload = find_upload (row, basename);

  return upload != NULL && qm_upload_row_get_state (upload) == QM_UPLOAD_STATE_SENDING
         && qm_upload_row_get_sent (upload) > 0;
}

static void
test_cancel_upload (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp rà soát hồ sơ");
  g_autoptr(QmAgendaItem) item = qm_test_add_item (shared.server, shared.token, created->id, "Hồ sơ");
  g_autoptr(GBytes) heavy = qm_test_make_heavy_pdf (900 * 1024, "Hồ sơ dự án", 41);
  g_autofree char *path = qm_test_write_file (shared.dir, "ho-so.pdf", heavy);
  g_autofree char *docid = qm_test_sha256 (heavy);
  g_autofree char *document_path = g_strconcat ("/api/v1/documents/", docid, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(GBytes) body = NULL;
  QmAgendaEditorRow *row;
  guint status;

  open_meeting (fixture, created->id);
  adw_view_stack_set_visible_child_name (qm_meeting_editor_get_view_stack (fixture->editor), "agenda");
  row = qm_agenda_editor_get_row (qm_meeting_editor_get_agenda_editor (fixture->editor), 0);
  g_list_store_append (files, file);
  qm_agenda_editor_row_attach_files (row, G_LIST_MODEL (files));
  g_signal_connect (find_upload (row, "ho-so.pdf"), "progress", G_CALLBACK (cancel_on_progress), NULL);

  /* Cancelled halfway: the row goes, nothing is attached or stored. */
  wait_until (n_uploads (row) == 0);
  wait_idle (fixture);
  meeting = server_meeting (created->id);
  g_assert_cmpuint (server_item (meeting, 0)->documents->len, ==, 0);
  g_assert_cmpuint (qm_agenda_editor_row_get_item (row)->documents->len, ==, 0);
  body = qm_test_request (shared.server, "GET", document_path, shared.token, NULL, NULL, 0, &status, NULL);
  g_assert_cmpuint (status, ==, 404);

  /* A network that takes the first bytes and then nothing: uploads show how
   * far they got, and each can still be cancelled. */
  {
    g_autoptr(GSocketService) service = g_socket_service_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GError) error = NULL;
    g_autofree char *real_url = g_strdup (qm_session_get_base_url (fixture->session));
    g_autofree char *stuck_url = NULL;
    const char *names[] = { "ban-ve-thiet-ke.pdf", "du-toan-chi-tiet.pdf" };
    g_autoptr(GListStore) stuck = g_list_store_new (G_TYPE_FILE);

    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    g_signal_connect (service, "incoming", G_CALLBACK (hold_connection), held);
    stuck_url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GBytes) pdf = qm_test_make_heavy_pdf (4 * 1024 * 1024, names[i], 42 + i);
        g_autofree char *stuck_path = qm_test_write_file (shared.dir, names[i], pdf);
        g_autoptr(GFile) stuck_file = g_file_new_for_path (stuck_path);

        g_list_store_append (stuck, stuck_file);
      }

    qm_session_set_base_url (fixture->session, stuck_url);
    qm_agenda_editor_row_attach_files (row, G_LIST_MODEL (stuck));
    wait_until (upload_sending (row, names[0]) && upload_sending (row, names[1]));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        QmUploadRow *upload = find_upload (row, names[i]);
        g_autofree char *sent = g_format_size (qm_upload_row_get_sent (upload));
        g_autofree char *total = g_format_size (qm_upload_row_get_total (upload));
        g_autofree char *text = g_strdup_printf (T ("Sending… %s of %s"), sent, total);

        g_assert_cmpuint (qm_upload_row_get_sent (upload), <, qm_upload_row_get_total (upload));
        g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (upload)), ==, text);
      }
    save_screenshot (fixture, "editor-uploading");

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      qm_upload_row_cancel (find_upload (row, names[i]));
    wait_until (n_uploads (row) == 0);
    wait_idle (fixture);
    qm_session_set_base_url (fixture->session, real_url);
    g_socket_service_stop (service);
    g_socket_listener_close (G_SOCKET_LISTENER (service));
  }
}

static gint64
find_proxy_holder (const QmMeeting *meeting,
                   gint64           user_id)
{
  QmParticipant *participant = qm_meeting_find_participant (meeting, user_id);

  g_assert_nonnull (participant);
  return participant->proxy_holder;
}

static QmMeetingRole
role_of (const QmMeeting *meeting,
         gint64           user_id)
{
  QmParticipant *participant = qm_meeting_find_participant (meeting, user_id);

  return participant != NULL ? participant->role : QM_MEETING_ROLE_NONE;
}

static void
test_participants (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp thường trực");
  QmParticipantsEditor *participants = qm_meeting_editor_get_participants_editor (fixture->editor);
  g_autoptr(QmMeeting) meeting = NULL;

  open_meeting (fixture, created->id);
  adw_view_stack_set_visible_child_name (qm_meeting_editor_get_view_stack (fixture->editor), "participants");
  wait_until (qm_participants_editor_get_accounts_loaded (participants));
  if (g_getenv ("QM_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *add = find_widget (GTK_WIDGET (participants), GTK_TYPE_MENU_BUTTON);

      gtk_menu_button_popup (GTK_MENU_BUTTON (add));
      /* A popover is a surface of its own: the whole screen, then. */
      save_screenshot (fixture, "editor-add-participant");
      save_screen (fixture, "editor-add-participant-screen");
      gtk_menu_button_popdown (GTK_MENU_BUTTON (add));
    }

  qm_participants_editor_add (participants, shared.users[0], QM_MEETING_ROLE_DELEGATE);
  qm_participants_editor_add (participants, shared.users[1], QM_MEETING_ROLE_DELEGATE);
  qm_participants_editor_add (participants, shared.users[2], QM_MEETING_ROLE_OBSERVER);
  qm_participants_editor_set_role (participants, shared.users[0], QM_MEETING_ROLE_CHAIR);
  qm_participants_editor_set_proxy (participants, shared.users[1], shared.users[0]);
  wait_idle (fixture);

  meeting = server_meeting (created->id);
  g_assert_cmpint (role_of (meeting, shared.users[0]), ==, QM_MEETING_ROLE_CHAIR);
  g_assert_cmpint (role_of (meeting, shared.users[1]), ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (role_of (meeting, shared.users[2]), ==, QM_MEETING_ROLE_OBSERVER);
  g_assert_cmpint (find_proxy_holder (meeting, shared.users[1]), ==, shared.users[0]);
  g_assert_cmpuint (qm_participants_editor_get_participants (participants)->len, ==, 4);
  save_screenshot (fixture, "editor-participants");
  g_clear_pointer (&meeting, qm_meeting_free);

  /* An observer cannot hold a proxy: refused, and the page keeps the truth. */
  qm_participants_editor_set_proxy (participants, shared.users[1], shared.users[2]);
  wait_idle (fixture);
  meeting = server_meeting (created->id);
  g_assert_cmpint (find_proxy_holder (meeting, shared.users[1]), ==, shared.users[0]);
  g_clear_pointer (&meeting, qm_meeting_free);

  /* A chair made observer gives up the proxy it held (the server ends it,
   * the page shows it ended); then removed. */
  qm_participants_editor_set_role (participants, shared.users[0], QM_MEETING_ROLE_OBSERVER);
  qm_participants_editor_remove (participants, shared.users[2]);
  wait_idle (fixture);
  meeting = server_meeting (created->id);
  g_assert_cmpint (find_proxy_holder (meeting, shared.users[1]), ==, 0);
  g_assert_cmpint (role_of (meeting, shared.users[2]), ==, QM_MEETING_ROLE_NONE);
  for (guint i = 0; i < qm_participants_editor_get_participants (participants)->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (qm_participants_editor_get_participants (participants), i);

      g_assert_cmpint (participant->proxy_holder, ==, 0);
      g_assert_cmpint (participant->user_id, !=, shared.users[2]);
    }
}

static void
test_board_book (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(QmMeeting) created = new_meeting ("Kỳ họp thứ 12 HĐND tỉnh");
  g_autoptr(QmAgendaItem) first = qm_test_add_item (shared.server, shared.token, created->id,
                                                   "Báo cáo của UBND tỉnh");
  g_autoptr(QmAgendaItem) second = qm_test_add_item (shared.server, shared.token, created->id,
                                                    "Tờ trình nghị quyết");
  GBytes *pdfs[3] = { qm_test_make_pdf (3, "Báo cáo tổng hợp", 51),
                      qm_test_make_pdf (5, "Phụ lục số liệu", 52),
                      qm_test_make_pdf (2, "Dự thảo nghị quyết", 53) };
  QmDocument *documents[3] = { NULL };
  QmMeetingEditorBook *book = qm_meeting_editor_get_book (fixture->editor);

  for (guint i = 0; i < G_N_ELEMENTS (pdfs); i++)
    {
      g_autoptr(QmAgendaItem) attached = NULL;
      g_autofree char *name = g_strdup_printf ("tai-lieu-%u.pdf", i);

      documents[i] = qm_test_upload (shared.server, shared.token, name, pdfs[i]);
      attached = qm_test_attach (shared.server, shared.token, created->id,
                                 i < 2 ? first->id : second->id, documents[i]->id);
    }

  open_meeting (fixture, created->id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.show-book", NULL));
  g_assert_cmpstr (qm_meeting_editor_get_view_name (fixture->editor), ==, "book");
  g_assert_cmpuint (qm_meeting_editor_book_get_n_documents (book), ==, 3);
  g_assert_cmpint (qm_meeting_editor_book_get_n_pages (book), ==, 10);

  qm_meeting_editor_book_open_document (book, documents[1]->id);
  wait_until (g_strcmp0 (qm_meeting_editor_book_get_shown_document (book), documents[1]->id) == 0);
  g_assert_cmpuint (qm_document_view_get_n_pages (qm_meeting_editor_book_get_view (book)), ==, 5);
  save_screenshot (fixture, "editor-book");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (book), "book.close", NULL));
  g_assert_cmpstr (qm_meeting_editor_get_view_name (fixture->editor), ==, "editor");

  for (guint i = 0; i < G_N_ELEMENTS (pdfs); i++)
    {
      g_bytes_unref (pdfs[i]);
      qm_document_free (documents[i]);
    }
}

/* The window's page and its actions: win.new-meeting, win.edit-meeting(x),
 * and the editor's back button to the meetings page. */
static void
test_window (void)
{
  g_autoptr(QmMeeting) created = new_meeting ("Họp giao ban tháng");
  g_autoptr(GError) error = NULL;
  QmApplication *app = qm_application_new ();
  QmWindow *window;
  QmMeetingEditor *editor;
  QmSession *session;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  session = qm_application_get_session (app);
  qm_session_set_base_url (session, qm_test_server_get_url (shared.server));
  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (session, shared.token);

  window = qm_window_new (app);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  editor = QM_MEETING_EDITOR (qm_window_get_page (window, "editor"));
  g_assert_nonnull (editor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-meeting", NULL));
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "editor");
  g_assert_cmpint (qm_meeting_editor_get_meeting_id (editor), ==, 0);
  g_assert_cmpstr (qm_meeting_editor_get_view_name (editor), ==, "editor");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-meeting", "x", created->id));
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "editor");
  wait_until (g_strcmp0 (qm_meeting_editor_get_view_name (editor), "editor") == 0
              && qm_meeting_editor_get_meeting (editor) != NULL);
  g_assert_cmpstr (qm_meeting_editor_get_meeting (editor)->title, ==, "Họp giao ban tháng");
  wait_until (!qm_meeting_editor_get_busy (editor));

  /* Back right after a change: the change goes first, then the page. */
  type_and_apply (qm_agenda_editor_get_new_item_row (qm_meeting_editor_get_agenda_editor (editor)),
                  "Tình hình thực hiện nhiệm vụ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.back", NULL));
  wait_until (g_strcmp0 (qm_window_get_page_name (window), "meetings") == 0);
  g_assert_cmpint (qm_meeting_editor_get_meeting_id (editor), ==, 0);
  {
    const char *titles[] = { "Tình hình thực hiện nhiệm vụ", NULL };

    assert_agenda (created->id, titles);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  /* A registered GApplication keeps its D-Bus objects, and so itself,
   * until the process ends (as in test-window). */
  g_object_unref (app);
}

int
main (int   argc,
      char *argv[])
{
  char limit[32];
  const char *config[] = { "limits", "max-document-bytes", limit, NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  const char *usernames[] = { "chutich.hung", "pct.minh", "cvp.trang" };
  const QmAccountRoles roles[] = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  int status;

  /* Software GL's JIT frames deadlock the sanitizers' unwinder: cairo. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* Times are checked with their offset: a fixed zone, Việt Nam's. */
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  /* English unless QUORUM_LOCALEDIR gives catalogues (and LANGUAGE one). */
  if (g_getenv ("QUORUM_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("QUORUM_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  else
    g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() sets the C locale, under which gettext translates nothing. */
  if (g_getenv ("QUORUM_LOCALEDIR") != NULL)
    setlocale (LC_ALL, "");
  adw_init ();
  qm_test_widgets_load_style ();
  if (g_getenv ("QM_SCREENSHOT_SIZE") != NULL)
    g_assert_cmpint (sscanf (g_getenv ("QM_SCREENSHOT_SIZE"), "%dx%d", &window_size[0], &window_size[1]), ==, 2);

  g_snprintf (limit, sizeof limit, "%d", SERVER_LIMIT);
  shared.server = qm_test_server_new (&options);
  shared.token = qm_test_login (shared.server, "root", PASSWORD);
  qm_test_create_users (shared.server, shared.token, G_N_ELEMENTS (usernames), usernames, roles,
                        PASSWORD, shared.users);
  shared.dir = g_dir_make_tmp ("quorum-editor-XXXXXX", &error);
  g_assert_no_error (error);

  shared.session = session_new ();

  g_test_add ("/quorum/gui/meeting-editor/create", Fixture, NULL,
              fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/open-missing", Fixture, NULL,
              fixture_set_up, test_open_missing, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/agenda", Fixture, NULL,
              fixture_set_up, test_agenda, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/remove-undo", Fixture, NULL,
              fixture_set_up, test_remove_undo, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/uploads", Fixture, NULL,
              fixture_set_up, test_uploads, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/cancel-upload", Fixture, NULL,
              fixture_set_up, test_cancel_upload, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/participants", Fixture, NULL,
              fixture_set_up, test_participants, fixture_tear_down);
  g_test_add ("/quorum/gui/meeting-editor/board-book", Fixture, NULL,
              fixture_set_up, test_board_book, fixture_tear_down);
  g_test_add_func ("/quorum/gui/meeting-editor/window", test_window);
  status = g_test_run ();

  g_assert_finalize_object (shared.session);
  qm_test_remove_dir (shared.dir);
  g_free (shared.dir);
  g_free (shared.token);
  qm_test_server_free (shared.server);
  return status;
}
