/* bench-viewer-reader.c: the reader's benchmark's window: a document view
 * whose frame clock is watched for the frame that draws an awaited page.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-viewer"

#include "config.h"

#include <time.h>

#include "bench-viewer.h"
#include "qm-page-view.h"

#define WAIT_S     60
#define QUIET_USEC (100 * 1000)

double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

/* A page counts as drawn at the end of the first frame painted while it is
 * the current page, sharp (its texture at the exact scale) and across the
 * middle of the window. */
static gboolean
page_on_screen (Reader *reader,
                guint   page)
{
  GtkWidget *widget = qm_document_view_get_page_view (reader->view, page);
  graphene_rect_t bounds;
  float middle = gtk_widget_get_height (reader->window) / 2.0f;

  if (widget == NULL || !gtk_widget_get_mapped (widget) ||
      qm_document_view_get_current_page (reader->view) != page ||
      !qm_page_view_get_rendered (QM_PAGE_VIEW (widget)) ||
      !gtk_widget_compute_bounds (widget, reader->window, &bounds))
    return FALSE;
  return bounds.origin.y < middle && bounds.origin.y + bounds.size.height > middle;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Reader        *reader)
{
  reader->frame_at = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Reader        *reader)
{
  reader->painted = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Reader        *reader)
{
  gint64 now = g_get_monotonic_time ();

  if (!reader->painted)
    return;
  reader->painted = FALSE;
  reader->frames++;
  reader->last_frame_at = now;
  if (reader->awaited != 0 && reader->drawn_at == 0 && page_on_screen (reader, reader->awaited))
    {
      reader->drawn_at = now;
      reader->drawn_frame_at = reader->frame_at;
      reader->drawn_cpu_ms = thread_cpu_ms ();
    }
}

static gboolean
reader_allocated (gpointer data)
{
  Reader *reader = data;

  return gtk_widget_get_width (GTK_WIDGET (reader->view)) > 0 && reader->frames > 0;
}

gboolean
reader_drawn (gpointer data)
{
  Reader *reader = data;

  return reader->drawn_at != 0;
}

void
reader_init (Reader *reader,
             int     width,
             int     height)
{
  memset (reader, 0, sizeof *reader);
  reader->view = QM_DOCUMENT_VIEW (g_object_ref_sink (qm_document_view_new ()));
  reader->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (reader->window), width, height);
  gtk_window_set_child (GTK_WINDOW (reader->window), GTK_WIDGET (reader->view));
  gtk_widget_realize (reader->window);
  reader->clock = g_object_ref (gtk_widget_get_frame_clock (reader->window));
  g_signal_connect (reader->clock, "before-paint", G_CALLBACK (before_paint_cb), reader);
  g_signal_connect (reader->clock, "paint", G_CALLBACK (paint_cb), reader);
  g_signal_connect (reader->clock, "after-paint", G_CALLBACK (after_paint_cb), reader);
  gtk_window_present (GTK_WINDOW (reader->window));
  bench_wait (reader_allocated, reader, WAIT_S, "the window");
}

void
reader_clear (Reader *reader)
{
  g_signal_handlers_disconnect_by_data (reader->clock, reader);
  g_clear_object (&reader->clock);
  gtk_window_destroy (GTK_WINDOW (reader->window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&reader->view);
}

void
reader_expect (Reader *reader,
               guint   page)
{
  reader->awaited = page;
  reader->drawn_at = 0;
}

/* The window as the renderer draws it. */
void
reader_save_png (Reader     *reader,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (reader->window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (reader->window));
  int width = gtk_widget_get_width (reader->window);
  int height = gtk_widget_get_height (reader->window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("bench-viewer: could not save %s\n", path);
  else
    g_print ("bench-viewer: the follower's window is in %s\n", path);
}

gboolean
reader_settled (gpointer data)
{
  Reader *reader = data;
  QmRenderScheduler *scheduler = qm_document_view_get_scheduler (reader->view);

  for (guint i = 0; i < qm_render_scheduler_get_n_pages (scheduler); i++)
    if (qm_render_scheduler_is_pending (scheduler, i))
      return FALSE;
  return TRUE;
}

/* Settled, and no frame for a while: a presenter turns pages seconds
 * apart, so the event finds the follower idle, with no frame just drawn
 * for the frame clock to keep pace with. */
gboolean
reader_quiet (gpointer data)
{
  Reader *reader = data;

  return reader_settled (reader) && g_get_monotonic_time () - reader->last_frame_at > QUIET_USEC;
}

gboolean
page_sharp (Reader *reader,
            guint   page)
{
  GtkWidget *widget = qm_document_view_get_page_view (reader->view, page);

  return widget != NULL && qm_page_view_get_rendered (QM_PAGE_VIEW (widget));
}

static gboolean
frame_after (gpointer data)
{
  Reader *reader = data;

  return reader->frames >= reader->frames_mark;
}

/* A new document view in the reader's window, drawn once, as when the
 * application shows a document: the window is already up. */
void
reader_replace_view (Reader *reader)
{
  g_clear_object (&reader->view);
  reader->view = QM_DOCUMENT_VIEW (g_object_ref_sink (qm_document_view_new ()));
  gtk_window_set_child (GTK_WINDOW (reader->window), GTK_WIDGET (reader->view));
  reader->frames_mark = reader->frames + 1;
  bench_wait (frame_after, reader, WAIT_S, "the new view's frames");
}
