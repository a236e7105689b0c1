/* qm-test-gui.c: the shared helpers of the application's page tests.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "qm-test-gui.h"
#include "qm-test-widgets.h"

/* Never freed: finalizing it waits for the bus connection to go, and GTK and
 * libsecret keep that connection for the life of the process. */
static GTestDBus *bus;

void
qm_test_gui_init (int    *argc,
                  char ***argv)
{
  g_autofree char *display = NULL;

  /* The software renderer: the same pixels under Xvfb everywhere, and no
   * GL driver state for the leak checker to report. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* The private bus has no accessibility bus to offer. */
  g_setenv ("GTK_A11Y", "none", FALSE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's GSettings
   * schemas; the test environment already points HOME elsewhere. */
  g_test_init (argc, argv, NULL);

  /* g_test_dbus_up() unsets DISPLAY, so nothing autolaunches a bus over
   * X11; GTK still needs it. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  /* Screenshots in another language: QM_TEST_LOCALEDIR holds
   * vi/LC_MESSAGES/quorum.mo, and LANGUAGE=vi picks it. */
  if (g_getenv ("QM_TEST_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("QM_TEST_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_disable_setlocale ();
  adw_init ();
  /* No CSS transitions or animations: what the tests look at is the state
   * the page settles in, and GTK 4.8 can leak the style of a widget whose
   * transition is cut short by its window going away. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Focusing a field or a label must not select its text: a selection
   * takes over the X display's PRIMARY selection, and every other GTK test
   * on that display (they run side by side under one Xvfb) then asks for
   * its contents, and leaks that request when it exits first. */
  g_object_set (gtk_settings_get_default (),
                "gtk-entry-select-on-focus", FALSE,
                "gtk-label-select-on-focus", FALSE,
                NULL);
  qm_test_widgets_load_style ();
}

int
qm_test_gui_run (void)
{
  int status = g_test_run ();

  g_test_dbus_stop (bus);
  return status;
}

gboolean
qm_test_gui_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
qm_test_gui_wait (gboolean   (*condition) (gpointer data),
                  gpointer     data,
                  const char  *what)
{
  qm_test_gui_wait_expr (condition (data), what);
}

GtkWindow *
qm_test_gui_show (GtkWidget *child,
                  int        width,
                  int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  qm_test_gui_wait_until (gtk_widget_get_mapped (child) && gtk_widget_get_width (child) > 0);
  return window;
}

void
qm_test_gui_destroy (GtkWindow *window,
                     gpointer   object)
{
  gtk_window_destroy (window);
  qm_test_gui_wait_until (G_OBJECT (object)->ref_count == 1);
  g_assert_finalize_object (object);
}

static const char *
title_of (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  return NULL;
}

static void
collect (GtkWidget  *widget,
         GType       type,
         const char *title,
         GPtrArray  *found,
         gboolean    first_only)
{
  GtkWidget *child;

  if (first_only && found->len > 0)
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (title == NULL || g_strcmp0 (title_of (widget), title) == 0))
    g_ptr_array_add (found, widget);
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, title, found, first_only);
}

GtkWidget *
qm_test_gui_find (GtkWidget  *root,
                  GType       type,
                  const char *title)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, title, found, TRUE);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

GPtrArray *
qm_test_gui_find_all (GtkWidget *root,
                      GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, NULL, found, FALSE);
  return found;
}

gboolean
qm_test_gui_has_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

void
qm_test_gui_type (GtkWidget  *row,
                  const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

void
qm_test_gui_press_enter (GtkWidget *row)
{
  GtkWidget *text = qm_test_gui_find (row, GTK_TYPE_TEXT, NULL);

  /* What Enter in the row's text does. */
  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

void
qm_test_gui_screenshot (GtkWidget  *widget,
                        const char *name)
{
  const char *dir = g_getenv ("QM_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  guint frames = 0;
  guint tick;
  int width, height;

  if (dir == NULL || dir[0] == '\0')
    return;

  /* Half a second of frames: layout and CSS transitions settle. */
  tick = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  qm_test_gui_wait_until (frames >= 30);
  gtk_widget_remove_tick_callback (widget, tick);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
