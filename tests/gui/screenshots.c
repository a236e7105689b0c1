/* screenshots.c: PNG pictures of the quorum application's main screens, in
 * Vietnamese and English, at tablet (portrait and landscape) and desktop
 * sizes, against a real quorum-server with its demo meeting.
 *
 *   script/screenshots [OUTDIR]
 *
 * The parent starts the server and runs itself once per language (a
 * process binds its translations once); each child signs in through the
 * real application window and photographs every screen at every size.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-screenshots"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "qm-application.h"
#include "qm-chair-console.h"
#include "qm-meeting-page.h"
#include "qm-test-server.h"
#include "qm-test-shot.h"
#include "qm-text-layout.h"
#include "qm-window.h"

typedef struct
{
  const char *name;
  int         width;
  int         height;
} Size;

static const Size sizes[] = {
  { "tablet-portrait", 800, 1280 },
  { "tablet-landscape", 1280, 800 },
  { "desktop", 1440, 900 },
};

static char *child_lang;
static char *out_dir;
static char *server_url;
static gint64 meeting_id;
static char *chair_token;
static char *doc_id;
static const char *meeting_title = "Họp UBND tỉnh";

static const GOptionEntry entries[] = {
  { "child", 0, 0, G_OPTION_ARG_STRING, &child_lang, "Photograph in this language", "LANG" },
  { "url", 0, 0, G_OPTION_ARG_STRING, &server_url, "Server (child)", "URL" },
  { "meeting", 0, 0, G_OPTION_ARG_INT64, &meeting_id, "Meeting (child)", "ID" },
  { "chair-token", 0, 0, G_OPTION_ARG_STRING, &chair_token, "The chair's token (child)", "TOKEN" },
  { "doc", 0, 0, G_OPTION_ARG_STRING, &doc_id, "Document to present (child)", "ID" },
  { NULL }
};

typedef void (*PrepareFunc) (gpointer data);

/* prepare (may be NULL) runs at each size before the picture: a flap that
 * folded at a size needs revealing again, a list scrolling into view. */
static void
shoot_prepared (GtkWindow   *window,
                const char  *screen,
                PrepareFunc  prepare,
                gpointer     data)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s-%s.png", screen, sizes[i].name, child_lang);
      g_autofree char *path = g_build_filename (out_dir, file, NULL);

      /* Without a window manager a shown window keeps its size: show it
       * again at the new one. */
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      gtk_window_set_default_size (window, sizes[i].width, sizes[i].height);
      gtk_window_present (window);
      /* The window's size counts its resize border (a few pixels). */
      qm_test_wait_until (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - sizes[i].width) <= 16 &&
                  ABS (gtk_widget_get_height (GTK_WIDGET (window)) - sizes[i].height) <= 16);
      if (prepare != NULL)
        prepare (data);
      qm_test_shot_window (window, path);
      g_print ("%s\n", path);
    }
}

static void
shoot (GtkWindow  *window,
       const char *screen)
{
  shoot_prepared (window, screen, NULL, NULL);
}

static gboolean
flap_settled (AdwFlap *flap)
{
  return adw_flap_get_reveal_progress (flap) >= 1.0;
}

/* The chair's console in view: revealed (folded over the pages on a
 * portrait tablet) and scrolled to its top. */
static void
reveal_console (gpointer data)
{
  QmMeetingPage *page = data;
  GtkWidget *console = GTK_WIDGET (qm_meeting_page_get_chair_console (page));
  AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (console, ADW_TYPE_FLAP));
  GtkWidget *participants = GTK_WIDGET (gtk_widget_get_template_child (console, QM_TYPE_CHAIR_CONSOLE,
                                                                       "participants_row"));
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (participants,
                                                                              GTK_TYPE_SCROLLED_WINDOW));

  qm_meeting_page_set_chair_console_revealed (page, TRUE);
  qm_test_wait_until (flap_settled (flap) && gtk_widget_get_mapped (console));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
}

/* The same, scrolled down to the attendance list: who is online and who
 * follows the presenter. */
static void
reveal_attendance (gpointer data)
{
  QmMeetingPage *page = data;
  GtkWidget *console = GTK_WIDGET (qm_meeting_page_get_chair_console (page));
  GtkWidget *participants = GTK_WIDGET (gtk_widget_get_template_child (console, QM_TYPE_CHAIR_CONSOLE,
                                                                       "participants_row"));
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (participants,
                                                                              GTK_TYPE_SCROLLED_WINDOW));
  GtkWidget *child = gtk_scrolled_window_get_child (scrolled);
  double x = 0, y = 0;

  reveal_console (page);
  g_assert_true (gtk_widget_translate_coordinates (participants, child, 0, 0, &x, &y));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), MAX (0, y - 12));
  /* One frame, so the scrolled list is drawn where it now is. */
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The chair, through the client core, sends a command. */
static QmMessage *
command (QmLiveConnection *chair,
         QmMessage        *message)
{
  QmMessage *reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  qm_live_connection_send_async (chair, message, NULL, store_result, &result);
  qm_test_wait_until (result != NULL);
  reply = qm_live_connection_send_finish (chair, result, &error);
  if (reply == NULL)
    g_error ("command: %s", error->message);
  return reply;
}

static void
present (QmLiveConnection *chair,
         guint             page)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_PRESENT);

  message->page.doc = g_strdup (doc_id);
  message->page.page = page;
  qm_message_free (command (chair, message));
}

static gint64
open_vote (QmLiveConnection *chair,
           const char       *question)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_VOTE_OPEN);
  g_autoptr(QmMessage) reply = NULL;

  message->vote_open.question = g_strdup (question);
  message->vote_open.majority = QM_MAJORITY_SIMPLE;
  reply = command (chair, message);
  return reply->reply.vote;
}

static void
close_vote (QmLiveConnection *chair,
            gint64            vote)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_VOTE_CLOSE);

  message->vote_close.vote = vote;
  qm_message_free (command (chair, message));
}

static void
text_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!qm_text_layout_load_finish (QM_TEXT_LAYOUT (source), result, &error))
    g_error ("page text: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

/* The words from a fifth to four fifths of the width of the first line of
 * text below y on page (1-based) of the document shown, as the highlighter
 * would cover them. */
static GArray *
find_line (QmMeetingPage *page,
           guint          number,
           double         y)
{
  QmRenderScheduler *scheduler = qm_document_view_get_scheduler (qm_meeting_page_get_document_view (page));
  g_autoptr(QmTextLayout) layout = qm_text_layout_new (scheduler);
  gboolean loaded = FALSE;
  double width;

  qm_render_scheduler_get_page_size (scheduler, number - 1, &width, NULL);
  qm_text_layout_load_async (layout, number - 1, NULL, text_loaded_cb, &loaded);
  qm_test_wait_until (loaded);
  for (; y < 700; y += 3)
    {
      g_autoptr(GArray) quads = qm_text_layout_snap (layout, number - 1, width / 5, y, width * 4 / 5, y);

      if (quads != NULL && quads->len == 1)
        return g_steal_pointer (&quads);
    }
  g_error ("no line of text on page %u", number);
}

static QmAnnotation *
annotation_new (const char       *doc,
                guint             page,
                QmAnnotationKind  kind)
{
  QmAnnotation *a = qm_annotation_new ();

  a->doc = g_strdup (doc);
  a->page = page;
  a->kind = kind;
  return a;
}

/* A highlighted line with a wavy pen mark under it and a note of one's own,
 * and a note the chair shares, on the page being read; the pen in hand. */
static void
annotate (QmMeetingPage    *page,
          QmLiveConnection *chair)
{
  QmMeetingAnnotations *annotations = qm_meeting_page_get_annotations (page);
  QmAnnotationStore *store = qm_meeting_annotations_get_store (annotations);
  guint number = qm_document_view_get_current_page (qm_meeting_page_get_document_view (page));
  g_autoptr(GArray) line = find_line (page, number, 320);
  const QmTextRect *r = &g_array_index (line, QmTextRect, 0);
  g_autoptr(QmAnnotation) highlight = annotation_new (doc_id, number, QM_ANNOTATION_HIGHLIGHT);
  g_autoptr(QmAnnotation) ink = annotation_new (doc_id, number, QM_ANNOTATION_INK);
  g_autoptr(QmAnnotation) note = annotation_new (doc_id, number, QM_ANNOTATION_NOTE);
  g_autoptr(QmAnnotation) shared = annotation_new (doc_id, number, QM_ANNOTATION_NOTE);
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (QmInkPoint));
  QmQuad quad = { r->x1, r->y1, r->x2, r->y2 };
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;

  g_strlcpy (highlight->color, "#f6d32d", sizeof highlight->color);
  highlight->quads = g_array_new (FALSE, FALSE, sizeof (QmQuad));
  g_array_append_val (highlight->quads, quad);

  for (guint i = 0; i <= 40; i++)
    {
      double t = i / 40.0;
      QmInkPoint point = { r->x1 + t * (r->x2 - r->x1), r->y2 + 4 + 1.5 * sin (t * 6 * G_PI),
                           0.4 + 0.4 * sin (t * G_PI) };

      g_array_append_val (stroke, point);
    }
  g_strlcpy (ink->color, "#e01b24", sizeof ink->color);
  ink->width = 1.5;
  ink->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (ink->strokes, stroke);

  note->x = MIN (r->x2 + 10, 560);
  note->y = r->y1 - 6;
  /* What a delegate writes is theirs, in their language, whatever the UI's. */
  note->text = g_strdup ("Đề nghị Sở Tài chính giải trình số liệu này");

  id1 = qm_annotation_store_put (store, highlight, &error);
  g_assert_no_error (error);
  id2 = qm_annotation_store_put (store, ink, &error);
  g_assert_no_error (error);
  id3 = qm_annotation_store_put (store, note, &error);
  g_assert_no_error (error);

  shared->id = g_uuid_string_random ();
  shared->shared = TRUE;
  shared->x = 60;
  shared->y = r->y1 + 60;
  shared->text = g_strdup ("Số liệu năm 2027 xem phụ lục kèm theo");
  message->annotation.annotation = g_steal_pointer (&shared);
  qm_live_connection_send_async (chair, message, NULL, store_result, &result);
  qm_test_wait_until (result != NULL);
  reply = qm_live_connection_send_finish (chair, result, &error);
  if (reply == NULL)
    g_error ("annotation.put: %s", error->message);
  qm_test_wait_until (qm_annotation_store_lookup (store, message->annotation.annotation->id) != NULL &&
              qm_annotation_store_get_pending (store) == 0);

  gtk_widget_activate_action (GTK_WIDGET (page), "annotate.tool", "s", "pen");
}

/* Whether a label on screen under widget shows text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (widget == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  if (GTK_IS_EDITABLE (widget) && strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Another tablet in the room, through the client core: it follows the
 * presenter or browses on its own, and tells the server which. */
typedef struct
{
  QmSession        *session;
  QmLiveConnection *live;
  QmFollowState    *follow;
} Tablet;

static Tablet *
tablet_join (const char *username,
             gboolean    following)
{
  Tablet *tablet = g_new0 (Tablet, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strconcat ("demo-", username, NULL);

  tablet->session = qm_session_new (server_url);
  g_object_set (qm_session_get_soup_session (tablet->session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (tablet->session, username, password, NULL, store_result, &result);
  qm_test_wait_until (result != NULL);
  if (!qm_session_login_finish (tablet->session, result, &error))
    g_error ("%s", error->message);
  tablet->live = qm_live_connection_new (tablet->session, meeting_id);
  tablet->follow = qm_follow_state_new ();
  qm_follow_state_set_following (tablet->follow, following);
  qm_follow_state_set_live (tablet->follow, tablet->live);
  qm_live_connection_start (tablet->live);
  qm_test_wait_until (qm_live_connection_get_state (tablet->live) == QM_LIVE_STATE_ONLINE);
  return tablet;
}

static void
tablet_leave (Tablet *tablet)
{
  qm_live_connection_stop (tablet->live);
  g_object_unref (tablet->follow);
  g_object_unref (tablet->live);
  g_object_unref (tablet->session);
  g_free (tablet);
}

/* Signs the application's session in again as username (demo password). */
static void
sign_in_as (QmWindow   *window,
            QmSession  *session,
            const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strconcat ("demo-", username, NULL);

  qm_session_forget_token (session);
  qm_session_login_async (session, username, password, NULL, store_result, &result);
  qm_test_wait_until (result != NULL);
  if (!qm_session_login_finish (session, result, &error))
    g_error ("%s", error->message);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-meetings", NULL);
}

static int
run_child (void)
{
  g_autoptr(QmApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  QmSession *session;
  QmWindow *window;
  QmMeetingPage *page;
  g_autoptr(QmSession) chair_session = NULL;
  g_autoptr(QmLiveConnection) chair = NULL;
  Tablet *tablets[3];
  gint64 vote;

  qm_application_init_i18n ();
  app = qm_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  session = qm_application_get_session (app);
  qm_session_set_base_url (session, server_url);
  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  g_application_activate (G_APPLICATION (app));
  window = QM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  shoot (GTK_WINDOW (window), "sign-in");

  qm_session_login_async (session, "daibieu1", "demo-daibieu1", NULL, store_result, &result);
  qm_test_wait_until (result != NULL);
  if (!qm_session_login_finish (session, result, &error))
    g_error ("%s", error->message);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-meetings", NULL);
  qm_test_wait_until (shows_text (qm_window_get_page (window, "meetings"), meeting_title));
  shoot (GTK_WINDOW (window), "meetings");

  qm_window_open_meeting (window, meeting_id);
  page = QM_MEETING_PAGE (qm_window_get_page (window, "meeting"));
  qm_test_wait_until (qm_meeting_page_get_model (page) != NULL &&
              qm_meeting_model_get_loaded (qm_meeting_page_get_model (page)));
  shoot (GTK_WINDOW (window), "meeting-waiting");

  chair_session = qm_session_new (server_url);
  qm_session_set_token (chair_session, chair_token);
  chair = qm_live_connection_new (chair_session, meeting_id);
  qm_live_connection_start (chair);
  qm_test_wait_until (qm_live_connection_get_state (chair) == QM_LIVE_STATE_ONLINE);
  present (chair, 2);
  qm_test_wait_until (g_strcmp0 (qm_meeting_page_get_shown_document (page), doc_id) == 0 &&
              qm_document_view_get_current_page (qm_meeting_page_get_document_view (page)) == 2);
  shoot (GTK_WINDOW (window), "viewer-following");

  gtk_widget_activate_action (GTK_WIDGET (qm_meeting_page_get_document_view (page)),
                              "viewer.next-page", NULL);
  qm_test_wait_until (qm_follow_state_get_can_return (qm_meeting_page_get_follow_state (page)));
  shoot (GTK_WINDOW (window), "viewer-browsing");

  gtk_widget_activate_action (GTK_WIDGET (page), "meeting.return-to-presenter", NULL);
  vote = open_vote (chair, "Thông qua Báo cáo tình hình kinh tế – xã hội năm 2026?");
  qm_test_wait_until (qm_vote_sheet_get_active (qm_meeting_page_get_vote_sheet (page)));
  shoot (GTK_WINDOW (window), "vote-sheet");
  close_vote (chair, vote);
  annotate (page, chair);
  shoot (GTK_WINDOW (window), "viewer-annotations");

  /* The chair's console, signed in as the chair, with three other tablets
   * in the room: two follow the presenter, one browses. */
  qm_live_connection_stop (chair);
  tablets[0] = tablet_join ("daibieu2", TRUE);
  tablets[1] = tablet_join ("daibieu3", TRUE);
  tablets[2] = tablet_join ("quansat", FALSE);
  sign_in_as (window, session, "chutich");
  qm_window_open_meeting (window, meeting_id);
  qm_test_wait_until (qm_meeting_page_get_model (page) != NULL &&
              qm_meeting_model_get_loaded (qm_meeting_page_get_model (page)) &&
              qm_meeting_page_get_chair_console (page) != NULL);
  qm_test_wait_until (qm_meeting_model_is_following (qm_meeting_page_get_model (page),
                                             qm_session_get_user (tablets[0]->session)->id) &&
              qm_meeting_model_is_following (qm_meeting_page_get_model (page),
                                             qm_session_get_user (tablets[1]->session)->id) &&
              qm_meeting_model_is_online (qm_meeting_page_get_model (page),
                                          qm_session_get_user (tablets[2]->session)->id));
  shoot_prepared (GTK_WINDOW (window), "chair-console", reveal_console, page);
  shoot_prepared (GTK_WINDOW (window), "chair-attendance", reveal_attendance, page);
  for (guint i = 0; i < G_N_ELEMENTS (tablets); i++)
    tablet_leave (tablets[i]);

  /* The secretary's editor of the same meeting. */
  qm_meeting_page_close (page);
  sign_in_as (window, session, "thuky");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-meeting", "x", meeting_id);
  qm_test_wait_until (shows_text (qm_window_get_page (window, "editor"), meeting_title));
  shoot (GTK_WINDOW (window), "meeting-editor");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The demo's first document, for the chair to present. */
static char *
first_document (QmTestServer *server,
                const char   *token,
                gint64        id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT, id);
  guint status;
  g_autoptr(GBytes) body = qm_test_json (server, "GET", path, token, NULL, &status);
  g_autoptr(QmMeeting) meeting = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  g_assert_cmpuint (status, ==, 200);
  meeting = qm_meeting_parse (data, (gssize) length, NULL);
  g_assert_nonnull (meeting);
  for (guint i = 0; i < meeting->agenda->len; i++)
    {
      QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      if (item->documents->len > 0)
        return g_strdup (((QmItemDocument *) g_ptr_array_index (item->documents, 0))->id);
    }
  g_error ("the demo meeting has no document");
}

static int
run_parent (const char *self_path)
{
  QmTestServerOptions options = { NULL, NULL, NULL, TRUE };
  g_autoptr(QmTestServer) server = NULL;
  g_autofree char *line = NULL;
  g_autofree char *token = NULL;
  g_autofree char *doc = NULL;
  gint64 id = 0;
  const char *langs[] = { "en", "vi" };

  server = qm_test_server_new (&options);
  line = qm_test_server_read_line (server);
  if (line == NULL || sscanf (line, "Demo meeting %" G_GINT64_FORMAT ":", &id) != 1)
    g_error ("the demo server did not name its meeting: %s", line);
  token = qm_test_login (server, "chutich", "demo-chutich");
  doc = first_document (server, token, id);
  g_mkdir_with_parents (out_dir, 0755);

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *meeting = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      const char *argv[] = { self_path, "--child", langs[i], "--url", qm_test_server_get_url (server),
                             "--meeting", meeting, "--chair-token", token, "--doc", doc, out_dir, NULL };
      g_auto(GStrv) envp = g_get_environ ();
      g_autoptr(GError) error = NULL;
      int status = 0;

      envp = g_environ_setenv (envp, "LANGUAGE", langs[i], TRUE);
      envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "TZ", "Asia/Ho_Chi_Minh", TRUE);
      if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("screenshots in %s: %s", langs[i], error->message);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("OUTDIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  out_dir = g_strdup (argc > 1 ? argv[1] : "screenshots");
  if (child_lang != NULL)
    {
      adw_init ();
      return run_child ();
    }
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  return run_parent (self_path != NULL ? self_path : argv[0]);
}
