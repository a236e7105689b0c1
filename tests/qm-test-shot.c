/* qm-test-shot.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-test-shot.h"

static gboolean
frames_passed (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
painted (GdkFrameClock *clock,
         gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
settle (GtkWindow *window)
{
  gboolean done = FALSE;
  gboolean drawn = FALSE;
  GdkFrameClock *clock;
  gulong handler;
  guint timeout;

  /* Pages render on worker threads and arrive at idle: give them a moment
   * of main-loop time (a bounded pause: this is a picture, not a check). */
  g_timeout_add (400, frames_passed, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Then one whole frame, so the widgets have what they draw. */
  done = FALSE;
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted), &drawn);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  timeout = g_timeout_add_seconds (10, frames_passed, &done);
  while (!drawn && !done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  /* Left behind, it would set done in whatever frame is on the stack then. */
  if (!done)
    g_source_remove (timeout);
}

void
qm_test_shot_window (GtkWindow  *window,
                     const char *path)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GtkWidget *content = gtk_window_get_child (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  GdkRGBA background;
  int width, height;

  settle (window);
  if (content == NULL)
    content = widget;
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);
  g_assert_cmpint (width, >, 0);

  paintable = gtk_widget_paintable_new (content);
  snapshot = gtk_snapshot_new ();
  /* The window draws the background, not its child: paint it first. */
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget),
                                       "window_bg_color", &background))
    gdk_rgba_parse (&background, "#fafafa");
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
qm_test_shot_maybe (GtkWindow  *window,
                    const char *name)
{
  const char *dir = g_getenv ("QUORUM_TEST_SHOTS");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  qm_test_shot_window (window, path);
}
