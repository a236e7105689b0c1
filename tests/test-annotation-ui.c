/* test-annotation-ui.c: annotating in the reader against the real
 * quorum-server — pen strokes mapped to PDF points at two zoom levels, the
 * highlighter snapped to a word of a cairo-made PDF, notes written, edited
 * and shared (a second participant's store sees the shared one, never the
 * private one), the eraser, undo and redo, annotating offline, and the toast
 * for the server's limit. Also the pure parts: ink smoothing, word snapping.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <cairo-pdf.h>

#include "qm-ink-smoothing.h"
#include "qm-meeting-page.h"
#include "qm-page-view.h"
#include "qm-test-server.h"
#include "qm-test-shot.h"
#include "qm-test-widgets.h"
#include "qm-text-layout.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"
#define PAGE_WIDTH      595.0
#define PAGE_HEIGHT     842.0
#define FONT_SIZE       24.0
#define BASELINE        300.0
/* The server keeps at most this many annotations per user and meeting. */
#define MAX_ANNOTATIONS 8

enum { ALICE, BOB, N_USERS };
static const char * const usernames[N_USERS] = { "alice", "bob" };

/* The words on the first page's line, where cairo drew them. */
enum { ALPHA, QUORUM, OMEGA, N_WORDS };
static const char * const words[N_WORDS] = { "alpha", "QUORUM", "omega" };
static const double word_x[N_WORDS] = { 72, 190, 380 };

static struct
{
  QmTestServer *server;
  char         *root_token;
  char         *tokens[N_USERS];
  gint64        ids[N_USERS];
  char         *doc;
  /* Ink boxes of the words, in points from the top left. */
  double        boxes[N_WORDS][4];
} fixture;

/* The PDF: three A4 pages; the first has three words on one line. */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (void)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes,
                                                                  PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Tờ trình ghi chú");
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, FONT_SIZE);
  for (guint i = 0; i < N_WORDS; i++)
    {
      cairo_text_extents_t extents;

      cairo_text_extents (cr, words[i], &extents);
      fixture.boxes[i][0] = word_x[i] + extents.x_bearing;
      fixture.boxes[i][1] = BASELINE + extents.y_bearing;
      fixture.boxes[i][2] = fixture.boxes[i][0] + extents.width;
      fixture.boxes[i][3] = fixture.boxes[i][1] + extents.height;
      cairo_move_to (cr, word_x[i], BASELINE);
      cairo_show_text (cr, words[i]);
    }
  cairo_move_to (cr, 72, 420);
  cairo_show_text (cr, "Dự toán ngân sách");
  for (guint page = 1; page < 3; page++)
    {
      cairo_show_page (cr);
      cairo_move_to (cr, 72, 120);
      cairo_show_text (cr, page == 1 ? "Trang hai" : "Trang ba");
    }
  cairo_show_page (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

/* A meeting of the root's with both users as delegates and the PDF on its
 * agenda: each test has its own, so limits and lists start empty. */
static gint64
new_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.root_token,
                                                         "Phiên thảo luận", NULL);
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;

  qm_test_put_participants (fixture.server, fixture.root_token, meeting->id, N_USERS, fixture.ids,
                            NULL);
  item = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Dự toán 2027");
  attached = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item->id, fixture.doc);
  return meeting->id;
}

/* The server's list, over HTTP, as who sees it. */
static GPtrArray *
server_list (gint64 meeting_id,
             guint  who)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/annotations?doc=%s",
                                           meeting_id, fixture.doc);

  return qm_test_get (fixture.server, path, fixture.tokens[who], (gpointer) qm_annotation_list_parse);
}

static const QmAnnotation *
find (GPtrArray  *list,
      const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((QmAnnotation *) g_ptr_array_index (list, i))->id, id) == 0)
      return g_ptr_array_index (list, i);
  return NULL;
}

/* The reader: Alice's meeting page in a window. */

typedef struct
{
  QmSession       *session;
  QmDocumentCache *cache;
  GSettings       *settings;
  GtkWindow       *window;
  QmMeetingPage   *page;
  char            *cache_dir;
  gint64           meeting_id;
  GPtrArray       *messages;     /* toasts asked for */
} Reader;

static void
message_cb (QmAnnotationEditor *editor,
            const char         *text,
            Reader             *reader)
{
  g_ptr_array_add (reader->messages, g_strdup (text));
}

static QmMeetingAnnotations *
annotations (Reader *reader)
{
  return qm_meeting_page_get_annotations (reader->page);
}

static QmAnnotationStore *
store (Reader *reader)
{
  return qm_meeting_annotations_get_store (annotations (reader));
}

static QmAnnotationEditor *
editor (Reader *reader)
{
  return qm_meeting_annotations_get_editor (annotations (reader));
}

static QmDocumentView *
viewer (Reader *reader)
{
  return qm_meeting_page_get_document_view (reader->page);
}

static Reader *
reader_new (void)
{
  Reader *reader = g_new0 (Reader, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reader->meeting_id = new_meeting ();
  reader->messages = g_ptr_array_new_with_free_func (g_free);
  reader->session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (reader->session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (reader->session, usernames[ALICE], PASSWORD, NULL, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  g_assert_true (qm_session_login_finish (reader->session, result, &error));
  g_assert_no_error (error);

  reader->cache_dir = g_build_filename (g_get_user_cache_dir (), "test-documents", NULL);
  reader->cache = qm_document_cache_new (reader->session, reader->cache_dir);
  reader->settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (reader->settings, "follow-presenter", FALSE);
  reader->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (reader->window, 1280, 800);
  reader->page = g_object_new (QM_TYPE_MEETING_PAGE, NULL);
  gtk_window_set_child (reader->window, GTK_WIDGET (reader->page));
  gtk_window_present (reader->window);
  g_signal_connect (editor (reader), "message", G_CALLBACK (message_cb), reader);

  qm_meeting_page_open (reader->page, reader->session, reader->cache, reader->settings,
                        reader->meeting_id);
  /* Quick retries, so a restart of the server costs a second, not thirty. */
  qm_live_connection_set_timing (qm_meeting_page_get_live (reader->page), 50, 800, 0, 0, 0);
  qm_test_wait_until (qm_meeting_model_get_loaded (qm_meeting_page_get_model (reader->page)));
  g_assert_nonnull (store (reader));
  g_assert_cmpint (qm_annotation_store_get_user_id (store (reader)), ==, fixture.ids[ALICE]);
  return reader;
}

static void
reader_free (Reader *reader)
{
  g_signal_handlers_disconnect_by_data (editor (reader), reader);
  qm_meeting_page_close (reader->page);
  g_object_add_weak_pointer (G_OBJECT (reader->page), (gpointer *) &reader->page);
  gtk_window_destroy (reader->window);
  qm_test_wait_until (reader->page == NULL);
  g_assert_finalize_object (reader->cache);
  g_assert_finalize_object (reader->session);
  g_assert_finalize_object (reader->settings);
  g_ptr_array_unref (reader->messages);
  g_free (reader->cache_dir);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

static QmAnnotationLayer *
layer (Reader *reader,
       guint   page)
{
  return qm_meeting_annotations_get_layer (annotations (reader), page);
}

/* Opens the PDF at page 1 and waits for the layers at zoom. */
static void
open_document (Reader *reader,
               double  zoom)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "meeting.open-document",
                                             "(sx)", fixture.doc, (gint64) 1));
  qm_test_wait_until (g_strcmp0 (qm_meeting_page_get_shown_document (reader->page), fixture.doc) == 0);
  qm_test_wait_until (layer (reader, 1) != NULL && layer (reader, 3) != NULL);
  qm_document_view_set_zoom (viewer (reader), zoom);
  qm_test_wait_until (gtk_widget_get_width (GTK_WIDGET (layer (reader, 1))) == (int) ceil (PAGE_WIDTH * zoom - 0.001));
  g_assert_cmpfloat_with_epsilon (qm_annotation_layer_get_zoom (layer (reader, 1)), zoom, 1e-9);
}

/* Turns to page and waits until its top is on screen. */
static void
show_page (Reader *reader,
           guint   page)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (layer (reader, page)),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, -1000, 0, 0);

  qm_document_view_go_to_page (viewer (reader), page);
  qm_test_wait_until (qm_document_view_get_current_page (viewer (reader)) == page &&
              gtk_widget_compute_bounds (GTK_WIDGET (layer (reader, page)), scroller, &bounds) &&
              bounds.origin.y >= 0 && bounds.origin.y < 40);
}

static void
use_tool (Reader     *reader,
          const char *tool)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.tool", "s", tool));
}

static void
wait_synced (Reader *reader)
{
  qm_test_wait_until (qm_annotation_store_get_pending (store (reader)) == 0);
}

/* A pen stroke along points (in page points) on page, drawn as the
 * gestures would: widget coordinates at the layer's zoom. */
static void
draw (Reader       *reader,
      guint         page,
      const double *points,
      guint         n_points,
      double        pressure)
{
  QmAnnotationLayer *l = layer (reader, page);
  double zoom = qm_annotation_layer_get_zoom (l);

  g_assert_true (qm_annotation_layer_press (l, points[0] * zoom, points[1] * zoom, pressure));
  for (guint i = 1; i + 1 < n_points; i++)
    qm_annotation_layer_motion (l, points[2 * i] * zoom, points[2 * i + 1] * zoom, pressure);
  qm_annotation_layer_release (l, points[2 * (n_points - 1)] * zoom,
                               points[2 * (n_points - 1) + 1] * zoom, pressure);
}

static void
draw_line (Reader *reader,
           guint   page,
           double  x1,
           double  y1,
           double  x2,
           double  y2,
           double  pressure)
{
  double points[2 * 21];

  for (guint i = 0; i <= 20; i++)
    {
      points[2 * i] = x1 + (x2 - x1) * i / 20.0;
      points[2 * i + 1] = y1 + (y2 - y1) * i / 20.0;
    }
  draw (reader, page, points, 21, pressure);
}

static void
tap (Reader *reader,
     guint   page,
     double  x,
     double  y)
{
  QmAnnotationLayer *l = layer (reader, page);
  double zoom = qm_annotation_layer_get_zoom (l);

  g_assert_true (qm_annotation_layer_press (l, x * zoom, y * zoom, -1));
  qm_annotation_layer_release (l, x * zoom, y * zoom, -1);
}

static const QmAnnotation *
only_one (GPtrArray        *list,
          QmAnnotationKind  kind)
{
  const QmAnnotation *found = NULL;

  for (guint i = 0; i < list->len; i++)
    {
      const QmAnnotation *a = g_ptr_array_index (list, i);

      if (a->kind == kind)
        {
          g_assert_null (found);
          found = a;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_point (const QmInkPoint *point,
              double            x,
              double            y)
{
  g_assert_cmpfloat_with_epsilon (point->x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (point->y, y, 0.01);
}

/* Tests */

static gboolean
was_told (Reader     *reader,
          const char *message)
{
  for (guint i = 0; i < reader->messages->len; i++)
    if (g_strcmp0 (g_ptr_array_index (reader->messages, i), message) == 0)
      return TRUE;
  return FALSE;
}

static guint
server_count (Reader *reader)
{
  g_autoptr(GPtrArray) list = server_list (reader->meeting_id, ALICE);

  return list->len;
}

/* The widget's pixels map to PDF points whatever the zoom, and stay on the
 * page. */
static void
test_ink_at_two_zooms (void)
{
  g_autoptr(Reader) reader = reader_new ();
  static const double zooms[] = { 1.0, 2.5 };
  double px, py;

  open_document (reader, zooms[0]);
  use_tool (reader, "pen");
  g_assert_cmpint (qm_annotation_editor_get_tool (editor (reader)), ==, QM_ANNOTATION_TOOL_PEN);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(GPtrArray) list = NULL;
      const QmAnnotation *ink;
      GArray *stroke;
      double y = 200 + 100 * z;

      if (z > 0)
        {
          qm_document_view_set_zoom (viewer (reader), zooms[z]);
          qm_test_wait_until (gtk_widget_get_width (GTK_WIDGET (layer (reader, 2))) ==
                      (int) ceil (PAGE_WIDTH * zooms[z] - 0.001));
        }
      qm_annotation_layer_to_page (layer (reader, 2), 100 * zooms[z], 50 * zooms[z], &px, &py);
      g_assert_cmpfloat_with_epsilon (px, 100, 1e-9);
      g_assert_cmpfloat_with_epsilon (py, 50, 1e-9);

      draw_line (reader, 2, 100, y, 300, y, z == 0 ? -1 : 0.5);
      wait_synced (reader);

      list = server_list (reader->meeting_id, ALICE);
      g_assert_cmpuint (list->len, ==, z + 1);
      ink = g_ptr_array_index (list, z);
      g_assert_cmpint (ink->kind, ==, QM_ANNOTATION_INK);
      g_assert_cmpint (ink->page, ==, 2);
      g_assert_false (ink->shared);
      g_assert_cmpstr (ink->color, ==, "#e01b24");
      g_assert_cmpfloat (ink->width, ==, 2.0);
      g_assert_cmpuint (ink->strokes->len, ==, 1);
      stroke = g_ptr_array_index (ink->strokes, 0);
      /* A straight line needs only its ends. */
      g_assert_cmpuint (stroke->len, ==, 2);
      assert_point (&g_array_index (stroke, QmInkPoint, 0), 100, y);
      assert_point (&g_array_index (stroke, QmInkPoint, 1), 300, y);
      if (z == 0)
        g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 0).pressure, <, 0);
      else
        g_assert_cmpfloat_with_epsilon (g_array_index (stroke, QmInkPoint, 1).pressure, 0.5, 1e-6);
    }

  /* A curve keeps its shape within a fraction of a point, with fewer points
   * than the hand gave; a stroke off the page stays on it. */
  {
    double curve[2 * 60];
    g_autoptr(GPtrArray) list = NULL;
    GArray *stroke;

    for (guint i = 0; i < 60; i++)
      {
        curve[2 * i] = 300 + 100 * cos (i * G_PI / 59);
        curve[2 * i + 1] = 600 - 100 * sin (i * G_PI / 59);
      }
    draw (reader, 2, curve, 60, -1);
    qm_annotation_layer_to_page (layer (reader, 2), -40, 1e6, &px, &py);
    g_assert_cmpfloat (px, ==, 0);
    g_assert_cmpfloat (py, ==, PAGE_HEIGHT);
    wait_synced (reader);
    list = server_list (reader->meeting_id, ALICE);
    g_assert_cmpuint (list->len, ==, 3);
    stroke = g_ptr_array_index (((QmAnnotation *) g_ptr_array_index (list, 2))->strokes, 0);
    g_assert_cmpuint (stroke->len, <, 60);
    g_assert_cmpuint (stroke->len, >, 8);
    for (guint i = 0; i < stroke->len; i++)
      {
        const QmInkPoint *p = &g_array_index (stroke, QmInkPoint, i);

        g_assert_cmpfloat (fabs (hypot (p->x - 300, p->y - 600) - 100), <, 0.5);
      }
  }
  qm_test_shot_maybe (reader->window, "annotations-ink");
}

static GtkGesture *
drag_gesture (QmAnnotationLayer *l)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (l));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_error ("the layer has no drag gesture");
}

/* What the drag gesture reports (its start and offsets, in the layer's
 * pixels) becomes the same PDF points: the signals as GTK emits them. */
static void
test_gesture_to_points (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(GPtrArray) list = NULL;
  GtkGesture *drag;
  GArray *stroke;
  double zoom = 1.75;

  open_document (reader, zoom);
  use_tool (reader, "pen");
  drag = drag_gesture (layer (reader, 1));
  g_signal_emit_by_name (drag, "drag-begin", 70.0 * zoom, 100.0 * zoom);
  for (guint i = 1; i <= 10; i++)
    g_signal_emit_by_name (drag, "drag-update", 10.0 * i * zoom, 5.0 * i * zoom);
  g_signal_emit_by_name (drag, "drag-end", 100.0 * zoom, 50.0 * zoom);
  wait_synced (reader);

  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 1);
  stroke = g_ptr_array_index (only_one (list, QM_ANNOTATION_INK)->strokes, 0);
  g_assert_cmpuint (stroke->len, ==, 2);
  assert_point (&g_array_index (stroke, QmInkPoint, 0), 70, 100);
  assert_point (&g_array_index (stroke, QmInkPoint, 1), 170, 150);

  /* Reading: the gesture leaves the page to the scroller. */
  use_tool (reader, "none");
  g_signal_emit_by_name (drag, "drag-begin", 10.0, 10.0);
  g_signal_emit_by_name (drag, "drag-end", 200.0, 200.0);
  qm_test_settle (100);
  g_assert_cmpuint (qm_annotation_store_get_pending (store (reader)), ==, 0);
  g_assert_cmpuint (server_count (reader), ==, 1);
  /* The tool bar shows only while annotating. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (qm_meeting_annotations_get_tool_bar (annotations (reader)))));
  use_tool (reader, "eraser");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (qm_meeting_annotations_get_tool_bar (annotations (reader)))));
}

/* The highlighter dragged across most of a word covers that word, and only
 * it, whatever the zoom. */
static void
test_highlight_snaps_to_word (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(GPtrArray) list = NULL;
  const double *box = fixture.boxes[QUORUM];
  const QmAnnotation *highlight;
  const QmQuad *quad;
  double zoom = 1.6;
  double middle = (box[1] + box[3]) / 2;
  QmAnnotationLayer *l;

  open_document (reader, zoom);
  use_tool (reader, "highlighter");
  l = layer (reader, 1);
  /* From inside the Q to inside the M. */
  g_assert_true (qm_annotation_layer_press (l, (box[0] + 4) * zoom, middle * zoom, -1));
  qm_annotation_layer_motion (l, (box[0] + 40) * zoom, middle * zoom, -1);
  qm_annotation_layer_release (l, (box[2] - 4) * zoom, (middle + 2) * zoom, -1);
  qm_test_wait_until (!qm_annotation_layer_get_busy (l));
  wait_synced (reader);

  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 1);
  highlight = only_one (list, QM_ANNOTATION_HIGHLIGHT);
  g_assert_cmpstr (highlight->color, ==, "#f6d32d");
  g_assert_cmpuint (highlight->quads->len, ==, 1);
  quad = &g_array_index (highlight->quads, QmQuad, 0);
  g_test_message ("QUORUM drawn at %.1f,%.1f–%.1f,%.1f; highlighted %.1f,%.1f–%.1f,%.1f",
                  box[0], box[1], box[2], box[3], quad->x1, quad->y1, quad->x2, quad->y2);
  /* The word's ink inside, within a point for the glyphs' side bearings. */
  g_assert_cmpfloat (quad->x1, <=, box[0] + 1);
  g_assert_cmpfloat (quad->x2, >=, box[2] - 1);
  g_assert_cmpfloat (quad->y1, <=, box[1] + 1);
  g_assert_cmpfloat (quad->y2, >=, box[3] - 1);
  /* Not the words either side, nor another line. */
  g_assert_cmpfloat (quad->x1, >, fixture.boxes[ALPHA][2]);
  g_assert_cmpfloat (quad->x2, <, fixture.boxes[OMEGA][0]);
  g_assert_cmpfloat (quad->y2 - quad->y1, <, 2 * FONT_SIZE);

  /* A tap highlights the one word under it. */
  {
    g_autoptr(GPtrArray) after = NULL;
    const double *omega = fixture.boxes[OMEGA];

    tap (reader, 1, (omega[0] + omega[2]) / 2, (omega[1] + omega[3]) / 2);
    qm_test_wait_until (!qm_annotation_layer_get_busy (l));
    wait_synced (reader);
    after = server_list (reader->meeting_id, ALICE);
    g_assert_cmpuint (after->len, ==, 2);
    quad = &g_array_index (((QmAnnotation *) g_ptr_array_index (after, 1))->quads, QmQuad, 0);
    g_assert_cmpfloat (quad->x1, <=, omega[0] + 1);
    g_assert_cmpfloat (quad->x2, >=, omega[2] - 1);
    g_assert_cmpfloat (quad->x1, >, box[2]);
  }
  qm_test_shot_maybe (reader->window, "annotations-highlight");
}

/* Another participant, or another device of Alice's. */
typedef struct
{
  QmSession         *session;
  QmLiveConnection  *live;
  QmMeetingModel    *model;
  QmAnnotationStore *store;
  char              *path;
  GHashTable        *seen;       /* every id his store ever showed */
} Observer;

static void
observer_changed_cb (QmAnnotationStore *obs_store,
                     const char        *doc,
                     gint64             page,
                     Observer          *observer)
{
  g_autoptr(GPtrArray) list = qm_annotation_store_list (obs_store, doc, 0, QM_ANNOTATION_LIST_ALL);

  for (guint i = 0; i < list->len; i++)
    g_hash_table_add (observer->seen, g_strdup (((QmAnnotation *) g_ptr_array_index (list, i))->id));
}

static Observer *
observer_new (gint64 meeting_id,
              guint  who)
{
  Observer *observer = g_new0 (Observer, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT ".db", usernames[who], meeting_id);

  observer->path = g_build_filename (g_get_user_data_dir (), name, NULL);
  observer->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  observer->session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (observer->session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (observer->session, fixture.tokens[who]);
  observer->live = qm_live_connection_new (observer->session, meeting_id);
  observer->model = qm_meeting_model_new ();
  qm_meeting_model_follow (observer->model, observer->live);
  observer->store = qm_annotation_store_new (observer->path, "second-device", fixture.ids[who],
                                             meeting_id, &error);
  g_assert_no_error (error);
  g_signal_connect (observer->store, "changed", G_CALLBACK (observer_changed_cb), observer);
  qm_annotation_store_follow (observer->store, observer->live, NULL);
  qm_live_connection_start (observer->live);
  qm_test_wait_until (qm_live_connection_get_state (observer->live) == QM_LIVE_STATE_ONLINE);
  return observer;
}

static void
observer_free (Observer *observer)
{
  qm_live_connection_stop (observer->live);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (observer->store);
  g_assert_finalize_object (observer->live);
  g_assert_finalize_object (observer->model);
  g_assert_finalize_object (observer->session);
  g_hash_table_unref (observer->seen);
  g_free (observer->path);
  g_free (observer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Observer, observer_free)

/* Notes: written in a popover, private by default, edited by tapping them,
 * shared with a switch; the other participant's store shows the shared one
 * and never the private one. */
static void
test_note_edit_share (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(Observer) bob = observer_new (reader->meeting_id, BOB);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *note_id = NULL;
  g_autofree char *private_id = NULL;
  QmAnnotationPopover *popover;
  const QmAnnotation *note;

  open_document (reader, 1.2);
  use_tool (reader, "note");

  /* A note written and closed: on the server, private. */
  tap (reader, 1, 400, 500);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (qm_annotation_popover_get_shared (popover));
  qm_annotation_popover_set_text (popover, "Đề nghị làm rõ nguồn vốn");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_null (qm_annotation_layer_get_popover (layer (reader, 1)));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  note = only_one (list, QM_ANNOTATION_NOTE);
  note_id = g_strdup (note->id);
  g_assert_cmpstr (note->text, ==, "Đề nghị làm rõ nguồn vốn");
  g_assert_false (note->shared);
  g_assert_cmpint (note->page, ==, 1);
  /* Where it was tapped: the icon centred on the finger. */
  g_assert_cmpfloat (fabs (note->x + 14 / 1.2 - 400), <, 0.01);
  g_assert_cmpfloat (fabs (note->y + 14 / 1.2 - 500), <, 0.01);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An empty note is no note. */
  tap (reader, 1, 100, 300);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  g_assert_nonnull (popover);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* Another one stays private throughout. */
  show_page (reader, 2);
  tap (reader, 2, 200, 200);
  popover = qm_annotation_layer_get_popover (layer (reader, 2));
  qm_annotation_popover_set_text (popover, "Ghi chú riêng");
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  private_id = g_strdup (((QmAnnotation *) g_ptr_array_index (list, 1))->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Tapping the note opens it with its text; edited and shared. */
  show_page (reader, 1);
  tap (reader, 1, 400, 500);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  g_assert_nonnull (popover);
  {
    g_autofree char *text = qm_annotation_popover_get_text (popover);

    g_assert_cmpstr (text, ==, "Đề nghị làm rõ nguồn vốn");
  }
  qm_annotation_popover_set_text (popover, "Đề nghị làm rõ nguồn vốn đối ứng");
  qm_annotation_popover_set_shared (popover, TRUE);
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_synced (reader);

  list = server_list (reader->meeting_id, ALICE);
  note = find (list, note_id);
  g_assert_nonnull (note);
  g_assert_true (note->shared);
  g_assert_cmpint (note->rev, ==, 2);
  g_assert_cmpstr (note->text, ==, "Đề nghị làm rõ nguồn vốn đối ứng");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Bob's store has it, by Alice; never the private one. */
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, note_id) != NULL);
  note = qm_annotation_store_lookup (bob->store, note_id);
  g_assert_cmpint (note->author, ==, fixture.ids[ALICE]);
  g_assert_cmpstr (note->text, ==, "Đề nghị làm rõ nguồn vốn đối ứng");
  g_assert_null (qm_annotation_store_lookup (bob->store, private_id));
  g_assert_false (g_hash_table_contains (bob->seen, private_id));
  list = server_list (reader->meeting_id, BOB);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Made private again: gone from Bob's store. */
  tap (reader, 1, 400, 500);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  qm_annotation_popover_set_shared (popover, FALSE);
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_synced (reader);
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, note_id) == NULL);
  qm_test_settle (200);
  g_assert_false (g_hash_table_contains (bob->seen, private_id));
  qm_test_shot_maybe (reader->window, "annotations-note");
}


/* The eraser takes one's own strokes away; undo puts them back, under the
 * same id, and redo takes them again; the same for creating and sharing. */
static void
test_eraser_undo_redo (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  QmAnnotationPopover *popover;

  open_document (reader, 1.0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.undo", NULL) &&
                  qm_annotation_editor_get_can_undo (editor (reader)));
  use_tool (reader, "pen");
  draw_line (reader, 1, 100, 450, 400, 450, -1);
  draw_line (reader, 1, 100, 520, 400, 520, -1);
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  a = g_strdup (((QmAnnotation *) g_ptr_array_index (list, 0))->id);
  b = g_strdup (((QmAnnotation *) g_ptr_array_index (list, 1))->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Erase A by dragging across it. */
  use_tool (reader, "eraser");
  draw_line (reader, 1, 250, 420, 250, 480, -1);
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_nonnull (find (list, b));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Undo (Ctrl+Z's action): A is back, as it was. */
  g_assert_true (qm_annotation_editor_get_can_undo (editor (reader)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.undo", NULL));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (find (list, a));
  g_assert_cmpuint (((GArray *) g_ptr_array_index (find (list, a)->strokes, 0))->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Undo again: B was never drawn. Redo: it is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.undo", NULL));
  wait_synced (reader);
  g_assert_cmpuint (server_count (reader), ==, 1);
  g_assert_true (qm_annotation_editor_get_can_redo (editor (reader)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.redo", NULL));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (find (list, b));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Redo the erasing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "annotate.redo", NULL));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_null (find (list, a));
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_false (qm_annotation_editor_get_can_redo (editor (reader)));

  /* Sharing B from its popover (a tap on it with the pen), then undoing. */
  use_tool (reader, "pen");
  tap (reader, 1, 250, 520);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  g_assert_nonnull (popover);
  qm_annotation_popover_set_shared (popover, TRUE);
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (find (list, b)->shared);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (qm_annotation_editor_undo (editor (reader)));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_false (find (list, b)->shared);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleting from the popover. */
  tap (reader, 1, 250, 520);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  qm_annotation_popover_delete (popover);
  wait_synced (reader);
  g_assert_cmpuint (server_count (reader), ==, 0);
  g_assert_true (qm_annotation_editor_undo (editor (reader)));
  wait_synced (reader);
  g_assert_cmpuint (server_count (reader), ==, 1);
}

/* With the server gone, annotating goes on; what was made arrives once it
 * is back. */
static void
test_offline (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(GPtrArray) list = NULL;
  QmAnnotationPopover *popover;

  open_document (reader, 1.0);
  qm_test_server_stop (fixture.server);
  qm_test_wait_until (qm_live_connection_get_state (qm_meeting_page_get_live (reader->page)) ==
              QM_LIVE_STATE_RECONNECTING);

  show_page (reader, 3);
  use_tool (reader, "pen");
  draw_line (reader, 3, 100, 100, 200, 150, -1);
  use_tool (reader, "note");
  tap (reader, 3, 300, 300);
  popover = qm_annotation_layer_get_popover (layer (reader, 3));
  qm_annotation_popover_set_text (popover, "Soạn khi mất mạng");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_cmpuint (qm_annotation_store_get_pending (store (reader)), ==, 2);
  {
    g_autoptr(GPtrArray) shown = qm_annotation_store_list (store (reader), fixture.doc, 3,
                                                           QM_ANNOTATION_LIST_OWN);

    g_assert_cmpuint (shown->len, ==, 2);
    g_assert_true (qm_annotation_store_is_pending (store (reader),
                                                   ((QmAnnotation *) g_ptr_array_index (shown, 0))->id));
  }
  qm_test_shot_maybe (reader->window, "annotations-offline");

  /* Back, on a new port. */
  qm_test_server_start (fixture.server);
  qm_session_set_base_url (reader->session, qm_test_server_get_url (fixture.server));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((QmAnnotation *) g_ptr_array_index (list, 0))->kind, ==, QM_ANNOTATION_INK);
  g_assert_cmpstr (only_one (list, QM_ANNOTATION_NOTE)->text, ==, "Soạn khi mất mạng");
}

/* A note edited here while another device of Alice's changed it first:
 * both versions stay, and the toast says so. */
static void
test_conflict_toast (void)
{
  g_autoptr(Reader) reader = reader_new ();
  g_autoptr(Observer) phone = observer_new (reader->meeting_id, ALICE);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(QmAnnotation) edit = NULL;
  g_autofree char *id = NULL;
  g_autofree char *put = NULL;
  g_autoptr(GError) error = NULL;
  QmLiveConnection *live = qm_meeting_page_get_live (reader->page);
  QmAnnotationPopover *popover;

  open_document (reader, 1.0);
  use_tool (reader, "note");
  tap (reader, 1, 300, 200);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  qm_annotation_popover_set_text (popover, "Bản đầu");
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_synced (reader);
  list = server_list (reader->meeting_id, ALICE);
  id = g_strdup (only_one (list, QM_ANNOTATION_NOTE)->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The tablet goes offline and edits; the phone edits first. */
  qm_live_connection_stop (live);
  tap (reader, 1, 300, 200);
  popover = qm_annotation_layer_get_popover (layer (reader, 1));
  qm_annotation_popover_set_text (popover, "Bản sửa trên máy tính bảng");
  gtk_popover_popdown (GTK_POPOVER (popover));
  qm_test_wait_until (qm_annotation_store_lookup (phone->store, id) != NULL);
  edit = qm_annotation_copy (qm_annotation_store_lookup (phone->store, id));
  g_free (edit->text);
  edit->text = g_strdup ("Bản sửa trên điện thoại");
  put = qm_annotation_store_put (phone->store, edit, &error);
  g_assert_no_error (error);
  qm_test_wait_until (qm_annotation_store_get_pending (phone->store) == 0);

  qm_live_connection_start (live);
  wait_synced (reader);
  qm_test_wait_until (was_told (reader, "Your note was changed on another device; "
                                "your version was kept as a new note"));
  list = server_list (reader->meeting_id, ALICE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (find (list, id)->text, ==, "Bản sửa trên điện thoại");
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (list, 1))->text, ==, "Bản sửa trên máy tính bảng");
}

/* The server's refusal reaches the user as a toast. */
static void
test_limit_toast (void)
{
  g_autoptr(Reader) reader = reader_new ();

  open_document (reader, 1.0);
  use_tool (reader, "pen");
  for (guint i = 0; i <= MAX_ANNOTATIONS; i++)
    draw_line (reader, 1, 100, 100 + 20 * i, 300, 100 + 20 * i, -1);
  wait_synced (reader);
  g_assert_cmpuint (server_count (reader), ==, MAX_ANNOTATIONS);
  g_assert_true (was_told (reader, "Annotation limit reached"));
}

/* Pure parts */

static GArray *
points_of (const double *xy,
           guint         n)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (QmInkPoint));

  for (guint i = 0; i < n; i++)
    {
      QmInkPoint p = { xy[2 * i], xy[2 * i + 1], -1 };

      g_array_append_val (points, p);
    }
  return points;
}

static void
test_ink_smoothing (void)
{
  double line[2 * 10];
  double corner[] = { 0, 0, 10, 0, 20, 0, 20, 10, 20, 20 };
  g_autoptr(GArray) straight = NULL;
  g_autoptr(GArray) smooth = NULL;
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GArray) smooth_kept = NULL;
  QmInkPoint a = { 0, 0, -1 }, b = { 0.4, 0, -1 }, c = { 2, 0, -1 };

  for (guint i = 0; i < 10; i++)
    {
      line[2 * i] = 10 + i * 5;
      /* A little hand tremor. */
      line[2 * i + 1] = 20 + (i % 2 ? 0.05 : -0.05);
    }
  straight = points_of (line, 10);
  smooth = qm_ink_smooth (straight, 0.25);
  g_assert_cmpuint (smooth->len, ==, 2);
  assert_point (&g_array_index (smooth, QmInkPoint, 0), 10, 19.95);
  assert_point (&g_array_index (smooth, QmInkPoint, 1), 55, 20.05);

  /* A real corner stays, rounded a little. */
  kept = points_of (corner, 5);
  smooth_kept = qm_ink_smooth (kept, 0.25);
  g_assert_cmpuint (smooth_kept->len, >=, 3);
  {
    gboolean near_corner = FALSE;

    for (guint i = 0; i < smooth_kept->len; i++)
      near_corner |= hypot (g_array_index (smooth_kept, QmInkPoint, i).x - 20,
                            g_array_index (smooth_kept, QmInkPoint, i).y) < 4;
    g_assert_true (near_corner);
  }

  g_assert_true (qm_ink_accept_point (NULL, &a, 1));
  g_assert_false (qm_ink_accept_point (&a, &b, 1));
  g_assert_true (qm_ink_accept_point (&a, &c, 1));
  g_assert_cmpfloat (qm_ink_width_at (2, -1), ==, 2);
  g_assert_cmpfloat (qm_ink_width_at (2, 1), >, qm_ink_width_at (2, 0.2));
}

static void
test_text_snap (void)
{
  /* "ab cd\nef": two lines of 12-point boxes. */
  static const QmTextRect chars[] = {
    { 10, 10, 20, 22 }, { 20, 10, 30, 22 }, { 30, 10, 35, 22 }, { 35, 10, 45, 22 }, { 45, 10, 55, 22 },
    { 55, 10, 56, 22 },
    { 10, 30, 20, 42 }, { 20, 30, 30, 42 },
  };
  g_autoptr(GArray) word = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) none = NULL;
  const QmTextRect *r;

  /* A press on "c" takes "cd". */
  word = qm_text_snap ("ab cd\nef", chars, G_N_ELEMENTS (chars), 38, 15, 38, 15);
  g_assert_nonnull (word);
  g_assert_cmpuint (word->len, ==, 1);
  r = &g_array_index (word, QmTextRect, 0);
  g_assert_cmpfloat (r->x1, ==, 35);
  g_assert_cmpfloat (r->x2, ==, 55);

  /* From "b" to "e": one rectangle per line. */
  lines = qm_text_snap ("ab cd\nef", chars, G_N_ELEMENTS (chars), 25, 15, 12, 35);
  g_assert_cmpuint (lines->len, ==, 2);
  r = &g_array_index (lines, QmTextRect, 0);
  g_assert_cmpfloat (r->x1, ==, 10);
  g_assert_cmpfloat (r->x2, ==, 55);
  r = &g_array_index (lines, QmTextRect, 1);
  g_assert_cmpfloat (r->y1, ==, 30);
  g_assert_cmpfloat (r->x2, ==, 30);

  /* Far from any text: nothing. */
  none = qm_text_snap ("ab cd\nef", chars, G_N_ELEMENTS (chars), 300, 300, 310, 300);
  g_assert_null (none);
}

static void
fixture_set_up (void)
{
  static const char * const config[] = { "limits", "annotations-per-user", G_STRINGIFY (MAX_ANNOTATIONS),
                                         NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  QmAccountRoles roles[N_USERS] = { 0 };
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(QmDocument) doc = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  qm_test_create_users (fixture.server, fixture.root_token, N_USERS,
                        (const char * const *) usernames, roles, PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_USERS, (const char * const *) usernames, PASSWORD,
                      fixture.tokens);
  doc = qm_test_upload (fixture.server, fixture.root_token, "to-trinh.pdf", pdf);
  fixture.doc = g_strdup (doc->id);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("quorum-annotation-ui-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int result;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's icon theme
   * (XDG_DATA_DIRS). Caches, documents and annotation databases go to a
   * fresh folder. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  qm_test_widgets_load_style ();

  g_test_add_func ("/quorum/app/annotations/ink-smoothing", test_ink_smoothing);
  g_test_add_func ("/quorum/app/annotations/text-snap", test_text_snap);
  g_test_add_func ("/quorum/app/annotations/ink-at-two-zooms", test_ink_at_two_zooms);
  g_test_add_func ("/quorum/app/annotations/gesture-to-points", test_gesture_to_points);
  g_test_add_func ("/quorum/app/annotations/highlight-snaps-to-word", test_highlight_snaps_to_word);
  g_test_add_func ("/quorum/app/annotations/note-edit-share", test_note_edit_share);
  g_test_add_func ("/quorum/app/annotations/eraser-undo-redo", test_eraser_undo_redo);
  g_test_add_func ("/quorum/app/annotations/offline", test_offline);
  g_test_add_func ("/quorum/app/annotations/conflict-toast", test_conflict_toast);
  g_test_add_func ("/quorum/app/annotations/limit-toast", test_limit_toast);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  for (guint i = 0; i < N_USERS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  g_clear_pointer (&fixture.doc, g_free);
  qm_test_remove_tree (home);
  return result;
}
