/* test-document-view.c
 *
 * Drives the document view by its actions on a real display (Xvfb) and
 * checks the page shown, the zoom and search highlights.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-document-view"

#include "config.h"

#include <adwaita.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "qm-document-view.h"
#include "qm-fitting-title.h"
#include "qm-page-view.h"

#define N_PAGES   9
#define WAIT_USEC (30 * G_USEC_PER_SEC)

typedef struct
{
  char           *dir;
  char           *path;
  GtkWidget      *window;
  QmDocumentView *view;
} Fixture;

/* A4 pages saying "Page N"; page 7 also says "the quorum is met". */
static void
write_pdf (const char *path)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_font_size (cr, 28);
  for (int i = 0; i < N_PAGES; i++)
    {
      char label[32];

      g_snprintf (label, sizeof label, "Page %d", i + 1);
      cairo_move_to (cr, 60, 100);
      cairo_show_text (cr, label);
      if (i == 6)
        {
          cairo_move_to (cr, 60, 600);
          cairo_show_text (cr, "the quorum is met");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static void
wait_for (Fixture       *fixture,
          Condition      condition,
          gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
page_rendered (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page = qm_document_view_get_page_view (fixture->view, GPOINTER_TO_UINT (data));

  return page != NULL && qm_page_view_get_rendered (QM_PAGE_VIEW (page)) &&
         gtk_widget_get_mapped (page);
}

static gboolean
has_hits (Fixture       *fixture,
          gconstpointer  data)
{
  return qm_document_view_get_n_hits (fixture->view) > 0;
}

static gboolean
allocated (Fixture       *fixture,
           gconstpointer  data)
{
  return gtk_widget_get_width (GTK_WIDGET (fixture->view)) > 0;
}

static gboolean
title_shown_is (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *header = qm_document_view_get_header_bar (fixture->view);
  GtkWidget *title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (header));

  return qm_fitting_title_get_shown (QM_FITTING_TITLE (title)) == GPOINTER_TO_INT (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("quorum-view-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "doc.pdf", NULL);
  write_pdf (fixture->path);

  fixture->view = QM_DOCUMENT_VIEW (g_object_ref_sink (qm_document_view_new ()));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for (fixture, allocated, NULL);

  file = g_file_new_for_path (fixture->path);
  g_assert_true (qm_document_view_load_file (fixture->view, file, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (fixture->view);

  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_first_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpuint (qm_document_view_get_n_pages (fixture->view), ==, N_PAGES);
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 1);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
}

static void
test_navigation (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  g_assert_true (gtk_widget_activate_action (view, "viewer.go-to-page", "u", 5));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 5);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (5));
  /* Scrolling to the page must not move the current page elsewhere. */
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 5);

  g_assert_true (gtk_widget_activate_action (view, "viewer.next-page", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 6);
  g_assert_true (gtk_widget_activate_action (view, "viewer.previous-page", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 5);
  g_assert_true (gtk_widget_activate_action (view, "viewer.last-page", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, N_PAGES);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (N_PAGES));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, N_PAGES);
  g_assert_true (gtk_widget_activate_action (view, "viewer.first-page", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 1);

  /* The presenter's page, beyond the end, lands on the last page. */
  qm_document_view_go_to_page (fixture->view, 1000);
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, N_PAGES);

  /* Single-page mode shows only the current page. */
  qm_document_view_set_continuous (fixture->view, FALSE);
  qm_document_view_go_to_page (fixture->view, 3);
  g_assert_true (gtk_widget_get_visible (qm_document_view_get_page_view (fixture->view, 3)));
  g_assert_false (gtk_widget_get_visible (qm_document_view_get_page_view (fixture->view, 4)));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (3));
  g_assert_true (gtk_widget_activate_action (view, "viewer.next-page", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 4);
  g_assert_false (gtk_widget_get_visible (qm_document_view_get_page_view (fixture->view, 3)));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (4));
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  double fit_width, fit_page, zoom;

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
  g_assert_cmpint (qm_document_view_get_zoom_mode (fixture->view), ==, QM_ZOOM_FIT_WIDTH);
  fit_width = qm_document_view_get_zoom (fixture->view);

  g_assert_true (gtk_widget_activate_action (view, "viewer.zoom-mode", "s", "fit-page"));
  g_assert_cmpint (qm_document_view_get_zoom_mode (fixture->view), ==, QM_ZOOM_FIT_PAGE);
  fit_page = qm_document_view_get_zoom (fixture->view);
  /* A portrait page in a landscape window: the whole page is smaller. */
  g_assert_cmpfloat (fit_page, <, fit_width);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  g_assert_true (gtk_widget_activate_action (view, "viewer.zoom-in", NULL));
  g_assert_cmpint (qm_document_view_get_zoom_mode (fixture->view), ==, QM_ZOOM_FREE);
  zoom = qm_document_view_get_zoom (fixture->view);
  g_assert_cmpfloat_with_epsilon (zoom, fit_page * 1.2, 1e-6);
  g_assert_true (gtk_widget_activate_action (view, "viewer.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (qm_document_view_get_zoom (fixture->view), fit_page, 1e-6);

  /* The page widgets follow the zoom and render sharp again. */
  g_assert_cmpfloat_with_epsilon (qm_page_view_get_zoom (QM_PAGE_VIEW (qm_document_view_get_page_view (fixture->view, 1))),
                                  fit_page, 1e-6);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  g_assert_true (gtk_widget_activate_action (view, "viewer.zoom-mode", "s", "fit-width"));
  g_assert_cmpfloat_with_epsilon (qm_document_view_get_zoom (fixture->view), fit_width, 1e-6);
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 1);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
  g_assert_true (gtk_widget_activate_action (view, "viewer.find", NULL));
  qm_document_view_search (fixture->view, "quorum");
  wait_for (fixture, has_hits, NULL);

  /* The view goes to the hit and draws it. */
  g_assert_cmpuint (qm_document_view_get_n_hits (fixture->view), ==, 1);
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 7);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (7));

  g_assert_true (gtk_widget_activate_action (view, "viewer.find-next", NULL));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 7);

  qm_document_view_search (fixture->view, "");
  g_assert_cmpuint (qm_document_view_get_n_hits (fixture->view), ==, 0);
}

static void
test_dark (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *page;

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "viewer.dark", NULL));
  g_assert_true (qm_document_view_get_dark (fixture->view));
  page = qm_document_view_get_page_view (fixture->view, 1);
  g_assert_true (qm_page_view_get_dark (QM_PAGE_VIEW (page)));
  g_assert_true (gtk_widget_has_css_class (page, "dark"));
}

static void
test_dropped (Fixture       *fixture,
              gconstpointer  data)
{
  QmRenderScheduler *scheduler = qm_document_view_get_scheduler (fixture->view);
  GtkWidget *page = qm_document_view_get_page_view (fixture->view, 1);

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  /* A page that leaves the cache is no longer drawn from it: the widget
   * hears of it at once, not at its next update. */
  qm_render_scheduler_set_budget (scheduler, 0);
  g_assert_false (qm_page_view_get_rendered (QM_PAGE_VIEW (page)));

  /* With room again, turning to it renders it again. */
  qm_render_scheduler_set_budget (scheduler, QM_RENDER_DEFAULT_BUDGET);
  qm_document_view_go_to_page (fixture->view, 2);
  qm_document_view_go_to_page (fixture->view, 1);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
}

static void
test_visible_first (Fixture       *fixture,
                    gconstpointer  data)
{
  QmRenderScheduler *scheduler = qm_document_view_get_scheduler (fixture->view);

  /* Only page 1 is on screen: nothing else is asked for until it is
   * drawn, then the pages after it are. */
  g_assert_true (qm_render_scheduler_is_pending (scheduler, 0) ||
                 qm_page_view_get_rendered (QM_PAGE_VIEW (qm_document_view_get_page_view (fixture->view, 1))));
  g_assert_false (qm_render_scheduler_is_pending (scheduler, 1));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (2));

  /* The same for a far page; the page before it shows only the gap
   * between them and waits too. */
  qm_document_view_go_to_page (fixture->view, 7);
  g_assert_true (qm_render_scheduler_is_pending (scheduler, 6));
  g_assert_false (qm_render_scheduler_is_pending (scheduler, 5));
  g_assert_false (qm_render_scheduler_is_pending (scheduler, 7));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (7));
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (8));
}

static gboolean
page_mapped (Fixture       *fixture,
             gconstpointer  data)
{
  return gtk_widget_get_mapped (qm_document_view_get_page_view (fixture->view, GPOINTER_TO_UINT (data)));
}

static void
test_far_pages_unmapped (Fixture       *fixture,
                         gconstpointer  data)
{
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  /* Pages far from the view are not mapped (not drawn at all)... */
  wait_for (fixture, page_mapped, GUINT_TO_POINTER (2));
  g_assert_false (gtk_widget_get_mapped (qm_document_view_get_page_view (fixture->view, 9)));

  /* ...until the view gets near them (once the column has its size);
   * they keep their place meanwhile. */
  qm_document_view_go_to_page (fixture->view, 9);
  wait_for (fixture, page_rendered, GUINT_TO_POINTER (9));
  g_assert_false (gtk_widget_get_mapped (qm_document_view_get_page_view (fixture->view, 1)));
  g_assert_cmpuint (qm_document_view_get_current_page (fixture->view), ==, 9);
}

static void
collect_page_views (GtkWidget *widget,
                    GPtrArray *pages)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (QM_IS_PAGE_VIEW (child))
        g_ptr_array_add (pages, child);
      collect_page_views (child, pages);
    }
}

/* Page views outside the column of pages: the thumbnails. */
static GPtrArray *
thumbnails (Fixture *fixture)
{
  GPtrArray *pages = g_ptr_array_new ();

  collect_page_views (GTK_WIDGET (fixture->view), pages);
  for (guint i = 1; i <= N_PAGES; i++)
    g_ptr_array_remove (pages, qm_document_view_get_page_view (fixture->view, i));
  return pages;
}

static gboolean
thumbnail_rendered (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = thumbnails (fixture);

  for (guint i = 0; i < pages->len; i++)
    if (qm_page_view_get_index (g_ptr_array_index (pages, i)) == 0 &&
        qm_page_view_get_rendered (g_ptr_array_index (pages, i)))
      return TRUE;
  return FALSE;
}

static void
test_thumbnails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  /* Nothing is made for them before they are shown... */
  before = thumbnails (fixture);
  g_assert_cmpuint (before->len, ==, 0);

  /* ...and they work when they are. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "viewer.toggle-thumbnails", NULL));
  wait_for (fixture, thumbnail_rendered, NULL);
}

/* The first node of this type under node, through the wrappers a page
 * view's snapshot uses. */
static GskRenderNode *
find_node (GskRenderNode     *node,
           GskRenderNodeType  type)
{
  GskRenderNode *found = NULL;

  if (gsk_render_node_get_node_type (node) == type)
    return node;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; found == NULL && i < gsk_container_node_get_n_children (node); i++)
        found = find_node (gsk_container_node_get_child (node, i), type);
      return found;
    case GSK_TRANSFORM_NODE:
      return find_node (gsk_transform_node_get_child (node), type);
    case GSK_CLIP_NODE:
      return find_node (gsk_clip_node_get_child (node), type);
    case GSK_COLOR_MATRIX_NODE:
      return find_node (gsk_color_matrix_node_get_child (node), type);
    case GSK_DEBUG_NODE:
      return find_node (gsk_debug_node_get_child (node), type);
    default:
      return NULL;
    }
}

typedef struct
{
  guint ink;     /* pixels darker than mid grey */
  guint paper;   /* pixels as light as the paper */
  guint total;
} Pixels;

static gboolean
page_allocated (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *page = qm_document_view_get_page_view (fixture->view, GPOINTER_TO_UINT (data));

  return gtk_widget_get_width (page) > 0 && gtk_widget_get_height (page) > 0;
}

/* Draws page with the window's own renderer and counts its pixels. */
static GskRenderNode *
draw_page (Fixture *fixture,
           guint    index,
           Pixels  *pixels)
{
  GtkWidget *page = qm_document_view_get_page_view (fixture->view, index);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  int width, height;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  GskRenderNode *node;

  wait_for (fixture, page_allocated, GUINT_TO_POINTER (index));
  width = gtk_widget_get_width (page);
  height = gtk_widget_get_height (page);

  /* What the page view draws, as the window's snapshot would take it. */
  GTK_WIDGET_GET_CLASS (page)->snapshot (page, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, data, (gsize) width * 4);
  memset (pixels, 0, sizeof *pixels);
  for (int i = 0; i < width * height; i++)
    {
      /* Premultiplied BGRA, opaque here. */
      guint green = data[4 * i + 1];

      pixels->total++;
      if (green < 128)
        pixels->ink++;
      if (green > 240)
        pixels->paper++;
    }
  return node;
}

static void
test_pixels (Fixture       *fixture,
             gconstpointer  data)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  g_autoptr(GskRenderNode) node = NULL;
  Pixels pixels;

  wait_for (fixture, page_rendered, GUINT_TO_POINTER (1));

  /* Mostly paper, some ink ("Page 1"), nothing else. */
  node = draw_page (fixture, 1, &pixels);
  g_assert_cmpuint (pixels.ink, >, 200);
  g_assert_cmpuint (pixels.paper, >, pixels.total * 9 / 10);

  /* The cairo renderer draws the page from its own surface, not through a
   * texture node it would convert at every frame. */
  if (GSK_IS_CAIRO_RENDERER (renderer))
    {
      g_assert_nonnull (find_node (node, GSK_CAIRO_NODE));
      g_assert_null (find_node (node, GSK_TEXTURE_NODE));
    }
  else
    g_assert_nonnull (find_node (node, GSK_TEXTURE_NODE));
  g_clear_pointer (&node, gsk_render_node_unref);

  /* Dark reading: no paper-white left, the ink turns light. */
  qm_document_view_set_dark (fixture->view, TRUE);
  node = draw_page (fixture, 1, &pixels);
  g_assert_cmpuint (pixels.paper, <, 2000);
  g_assert_cmpuint (pixels.ink, >, pixels.total * 9 / 10);
}

/* The document's title shows where there is room for it, and steps aside
 * where the header's buttons leave only a sliver (beside the chair's
 * console on a tablet: "Dự t…"). */
static void
test_title (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *header = qm_document_view_get_header_bar (fixture->view);

  wait_for (fixture, title_shown_is, GINT_TO_POINTER (TRUE));
  /* As narrow as the window goes: the buttons take the header. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1, 700);
  wait_for (fixture, title_shown_is, GINT_TO_POINTER (FALSE));
  g_assert_cmpint (gtk_widget_get_width (header), <, 900);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  wait_for (fixture, title_shown_is, GINT_TO_POINTER (TRUE));
}

int
main (int   argc,
      char *argv[])
{
  /* The software renderer: the same pixels under Xvfb everywhere, and no
   * GL driver state for the leak checker to report. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's GSettings
   * schemas; the test environment already points HOME elsewhere. */
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  g_test_add ("/quorum/viewer/document-view/first-page", Fixture, NULL,
              fixture_set_up, test_first_page, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/navigation", Fixture, NULL,
              fixture_set_up, test_navigation, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/zoom", Fixture, NULL,
              fixture_set_up, test_zoom, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/dark", Fixture, NULL,
              fixture_set_up, test_dark, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/dropped", Fixture, NULL,
              fixture_set_up, test_dropped, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/pixels", Fixture, NULL,
              fixture_set_up, test_pixels, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/thumbnails", Fixture, NULL,
              fixture_set_up, test_thumbnails, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/visible-first", Fixture, NULL,
              fixture_set_up, test_visible_first, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/far-pages-unmapped", Fixture, NULL,
              fixture_set_up, test_far_pages_unmapped, fixture_tear_down);
  g_test_add ("/quorum/viewer/document-view/title", Fixture, NULL,
              fixture_set_up, test_title, fixture_tear_down);

  return g_test_run ();
}
