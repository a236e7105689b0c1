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
settle (GtkWindow *window)
{
  gboolean done = FALSE;

  /* Pages render on worker threads and arrive at idle: give them a moment
   * of main-loop time (a bounded pause: this is a picture, not a check). */
  g_timeout_add (400, frames_passed, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  for (int i = 0; i < 20 && g_main_context_iteration (NULL, FALSE); i++)
    ;
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
  int width, height;

  settle (window);
  if (content == NULL)
    content = widget;
  width = gtk_widget_get_width (content);
  height = gtk_widget_get_height (content);
  g_assert_cmpint (width, >, 0);

  paintable = gtk_widget_paintable_new (content);
  snapshot = gtk_snapshot_new ();
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
