/* test-render-scheduler.c
 *
 * Tests of the viewer's off-thread renderer: sizes, order, staleness, the
 * cache budget, search and broken documents, with no display.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-render-scheduler"

#include "config.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "qm-page-pixels-private.h"
#include "qm-render-scheduler.h"

#define N_PAGES     12
#define PAGE_WIDTH  300
#define PAGE_HEIGHT 400
#define WAIT_USEC   (30 * G_USEC_PER_SEC)

typedef struct
{
  char              *dir;
  char              *path;
  QmRenderScheduler *scheduler;
  GArray            *ready;      /* page indexes in the order they arrived */
  GArray            *dropped;    /* page indexes in the order they left the cache */
} Fixture;

/* Pages say "Page N"; pages 3 and 7 also say "the quorum is met". */
static void
write_pdf (const char *path)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_font_size (cr, 24);
  for (int i = 0; i < N_PAGES; i++)
    {
      char label[32];

      g_snprintf (label, sizeof label, "Page %d", i + 1);
      cairo_move_to (cr, 40, 60);
      cairo_show_text (cr, label);
      if (i == 2 || i == 6)
        {
          cairo_move_to (cr, 40, 200);
          cairo_show_text (cr, "the quorum is met");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
page_ready_cb (QmRenderScheduler *scheduler,
               guint              page,
               Fixture           *fixture)
{
  g_array_append_val (fixture->ready, page);
}

static void
page_dropped_cb (QmRenderScheduler *scheduler,
                 guint              page,
                 Fixture           *fixture)
{
  /* Told after the trim: the cache is within its budget again. */
  g_assert_cmpuint (qm_render_scheduler_get_cache_bytes (scheduler), <=,
                    qm_render_scheduler_get_budget (scheduler));
  g_assert_null (qm_render_scheduler_lookup (scheduler, page, 1.0, NULL));
  g_array_append_val (fixture->dropped, page);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
any_pending (QmRenderScheduler *scheduler)
{
  for (guint i = 0; i < qm_render_scheduler_get_n_pages (scheduler); i++)
    if (qm_render_scheduler_is_pending (scheduler, i))
      return TRUE;
  return FALSE;
}

/* Runs the main context until nothing is pending, with a hard deadline. */
static void
wait_idle (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint wake = g_timeout_add (50, wake_cb, NULL);

  while (any_pending (fixture->scheduler))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("quorum-render-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "doc.pdf", NULL);
  write_pdf (fixture->path);

  file = g_file_new_for_path (fixture->path);
  fixture->scheduler = qm_render_scheduler_new_for_file (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->scheduler);

  fixture->ready = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (fixture->scheduler, "page-ready", G_CALLBACK (page_ready_cb), fixture);
  g_signal_connect (fixture->scheduler, "page-dropped", G_CALLBACK (page_dropped_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->scheduler != NULL)
    g_assert_finalize_object (fixture->scheduler);
  g_array_unref (fixture->ready);
  g_array_unref (fixture->dropped);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  double w, h;

  g_assert_cmpuint (qm_render_scheduler_get_n_pages (fixture->scheduler), ==, N_PAGES);
  qm_render_scheduler_get_page_size (fixture->scheduler, N_PAGES - 1, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, PAGE_WIDTH, 0.01);
  g_assert_cmpfloat_with_epsilon (h, PAGE_HEIGHT, 0.01);
}

static void
test_sizes (Fixture       *fixture,
            gconstpointer  data)
{
  GdkTexture *texture;
  gboolean exact = FALSE;

  qm_render_scheduler_request (fixture->scheduler, 0, 1.0, 0);
  g_assert_true (qm_render_scheduler_is_pending (fixture->scheduler, 0));
  wait_idle (fixture);

  texture = qm_render_scheduler_lookup (fixture->scheduler, 0, 1.0, &exact);
  g_assert_true (exact);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, PAGE_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, PAGE_HEIGHT);

  /* Until the sharper one arrives, the old one stands in. */
  qm_render_scheduler_request (fixture->scheduler, 0, 2.0, 0);
  texture = qm_render_scheduler_lookup (fixture->scheduler, 0, 2.0, &exact);
  g_assert_false (exact);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, PAGE_WIDTH);
  wait_idle (fixture);

  texture = qm_render_scheduler_lookup (fixture->scheduler, 0, 2.0, &exact);
  g_assert_true (exact);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * PAGE_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2 * PAGE_HEIGHT);

  /* A cached page is not queued again. */
  qm_render_scheduler_request (fixture->scheduler, 0, 2.0, 0);
  g_assert_false (qm_render_scheduler_is_pending (fixture->scheduler, 0));
  g_assert_cmpuint (fixture->ready->len, ==, 2);
}

static void
test_priority (Fixture       *fixture,
               gconstpointer  data)
{
  /* Current page, next, previous, the other visible one, then the
   * neighbours nearest first. */
  static const guint expected[] = { 4, 5, 3, 6, 2, 7, 1 };

  qm_render_scheduler_set_wanted (fixture->scheduler, 3, 5, 4, 1.0, 2);
  wait_idle (fixture);

  g_assert_cmpuint (fixture->ready->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_array_index (fixture->ready, guint, i), ==, expected[i]);
}

static void
test_priority_reorder (Fixture       *fixture,
                       gconstpointer  data)
{
  /* Queued in the opposite order of their priorities: after the first one
   * (which the worker may take before the rest are queued) they come out
   * most urgent first. */
  for (guint i = 0; i < N_PAGES; i++)
    qm_render_scheduler_request (fixture->scheduler, i, 1.0, 100 - i);
  wait_idle (fixture);

  g_assert_cmpuint (fixture->ready->len, ==, N_PAGES);
  {
    guint skip = g_array_index (fixture->ready, guint, 0) == 0 ? 1 : 0;
    guint expected = N_PAGES - 1;

    for (guint i = skip; i < N_PAGES; i++, expected--)
      g_assert_cmpuint (g_array_index (fixture->ready, guint, i), ==, expected);
    /* Every page came out, down to page 0 or page 1. */
    g_assert_cmpuint (expected + 1, ==, skip);
  }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  for (guint i = 0; i < N_PAGES; i++)
    qm_render_scheduler_request (fixture->scheduler, i, 1.0, i);
  for (guint i = 4; i < N_PAGES; i++)
    qm_render_scheduler_cancel (fixture->scheduler, i);
  wait_idle (fixture);

  /* A page cancelled while it rendered is dropped when it arrives. */
  for (guint i = 0; i < N_PAGES; i++)
    {
      GdkTexture *texture = qm_render_scheduler_lookup (fixture->scheduler, i, 1.0, NULL);

      if (i < 4)
        g_assert_nonnull (texture);
      else
        g_assert_null (texture);
    }
  g_assert_cmpuint (fixture->ready->len, ==, 4);

  /* set_wanted drops every request outside its range. */
  qm_render_scheduler_request (fixture->scheduler, 11, 1.0, 50);
  qm_render_scheduler_set_wanted (fixture->scheduler, 0, 0, 0, 1.0, 1);
  g_assert_false (qm_render_scheduler_is_pending (fixture->scheduler, 11));
  wait_idle (fixture);
  g_assert_null (qm_render_scheduler_lookup (fixture->scheduler, 11, 1.0, NULL));
}

static void
test_stale_scale (Fixture       *fixture,
                  gconstpointer  data)
{
  gboolean exact = FALSE;

  /* The second request replaces the first; the first's render, if it
   * started, is thrown away. */
  qm_render_scheduler_request (fixture->scheduler, 2, 1.0, 0);
  qm_render_scheduler_request (fixture->scheduler, 2, 1.5, 0);
  wait_idle (fixture);

  g_assert_cmpuint (fixture->ready->len, ==, 1);
  qm_render_scheduler_lookup (fixture->scheduler, 2, 1.5, &exact);
  g_assert_true (exact);
  qm_render_scheduler_lookup (fixture->scheduler, 2, 1.0, &exact);
  g_assert_false (exact);
}

static void
test_budget (Fixture       *fixture,
             gconstpointer  data)
{
  gsize page_bytes = PAGE_WIDTH * PAGE_HEIGHT * 4;

  /* Three pages, and room for the next one's memory. */
  qm_render_scheduler_set_budget (fixture->scheduler, 4 * page_bytes + page_bytes / 2);
  for (guint i = 0; i < 6; i++)
    {
      qm_render_scheduler_request (fixture->scheduler, i, 1.0, 0);
      wait_idle (fixture);
      g_assert_cmpuint (qm_render_scheduler_get_pixel_bytes (fixture->scheduler), <=,
                        qm_render_scheduler_get_budget (fixture->scheduler));
    }

  /* An evicted page's buffer waits for the next render, within the budget. */
  g_assert_cmpuint (qm_render_scheduler_get_pixel_bytes (fixture->scheduler), ==, 4 * page_bytes);

  /* The oldest went first. */
  g_assert_cmpuint (qm_render_scheduler_get_cache_bytes (fixture->scheduler), ==, 3 * page_bytes);
  for (guint i = 0; i < 3; i++)
    g_assert_null (qm_render_scheduler_lookup (fixture->scheduler, i, 1.0, NULL));
  for (guint i = 3; i < 6; i++)
    g_assert_nonnull (qm_render_scheduler_lookup (fixture->scheduler, i, 1.0, NULL));

  /* Looking at page 3 makes it recent: page 4 goes next. */
  qm_render_scheduler_lookup (fixture->scheduler, 3, 1.0, NULL);
  qm_render_scheduler_request (fixture->scheduler, 6, 1.0, 0);
  wait_idle (fixture);
  g_assert_nonnull (qm_render_scheduler_lookup (fixture->scheduler, 3, 1.0, NULL));
  g_assert_null (qm_render_scheduler_lookup (fixture->scheduler, 4, 1.0, NULL));

  qm_render_scheduler_set_budget (fixture->scheduler, 0);
  g_assert_cmpuint (qm_render_scheduler_get_cache_bytes (fixture->scheduler), ==, 0);
  g_assert_cmpuint (qm_render_scheduler_get_pixel_bytes (fixture->scheduler), ==, 0);

  /* Each eviction was told, least recently used first. */
  {
    static const guint expected[] = { 0, 1, 2, 4, 5, 6, 3 };

    g_assert_cmpuint (fixture->dropped->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpuint (g_array_index (fixture->dropped, guint, i), ==, expected[i]);
  }
}

static void
test_sibling (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmRenderScheduler) sibling = qm_render_scheduler_new_sibling (fixture->scheduler, &error);
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  GdkTexture *texture;

  g_assert_no_error (error);
  g_assert_cmpuint (qm_render_scheduler_get_n_pages (sibling), ==, N_PAGES);
  for (guint i = 0; i < N_PAGES; i++)
    {
      double w, h;

      qm_render_scheduler_get_page_size (sibling, i, &w, &h);
      g_assert_cmpfloat_with_epsilon (w, PAGE_WIDTH, 0.01);
      g_assert_cmpfloat_with_epsilon (h, PAGE_HEIGHT, 0.01);
    }

  /* A thread and a cache of its own. */
  qm_render_scheduler_request (sibling, 5, 0.5, 0);
  while (qm_render_scheduler_is_pending (sibling, 5))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  texture = qm_render_scheduler_lookup (sibling, 5, 0.5, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, PAGE_WIDTH / 2);
  g_assert_null (qm_render_scheduler_lookup (fixture->scheduler, 5, 0.5, NULL));
}

static GBytes *
download (GdkTexture *texture)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  gsize size = stride * gdk_texture_get_height (texture);
  guchar *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* Page index at scale 1.0 from a scheduler of its own, which recycles
 * nothing. */
static GBytes *
reference_pixels (Fixture *fixture,
                  guint    index)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(QmRenderScheduler) scheduler = qm_render_scheduler_new_for_file (file, &error);
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  g_assert_no_error (error);
  qm_render_scheduler_request (scheduler, index, 1.0, 0);
  while (qm_render_scheduler_is_pending (scheduler, index))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return download (qm_render_scheduler_lookup (scheduler, index, 1.0, NULL));
}

static gpointer
pixels_of (GdkTexture *texture)
{
  cairo_surface_t *surface = _qm_page_pixels_texture_get_surface (texture);

  g_assert_nonnull (surface);
  return cairo_image_surface_get_data (surface);
}

static void
test_recycled_pixels (Fixture       *fixture,
                      gconstpointer  data)
{
  gsize page_bytes = PAGE_WIDTH * PAGE_HEIGHT * 4;
  g_autoptr(GBytes) expected = reference_pixels (fixture, 2);
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) kept = NULL;
  gpointer first_buffer;

  /* Room for one page and the next one's memory: each render evicts the
   * one before, and the next render gets the evicted page's memory back. */
  qm_render_scheduler_set_budget (fixture->scheduler, 2 * page_bytes + page_bytes / 2);
  qm_render_scheduler_request (fixture->scheduler, 0, 1.0, 0);
  wait_idle (fixture);
  first_buffer = pixels_of (qm_render_scheduler_lookup (fixture->scheduler, 0, 1.0, NULL));
  qm_render_scheduler_request (fixture->scheduler, 1, 1.0, 0);
  wait_idle (fixture);
  g_assert_null (qm_render_scheduler_lookup (fixture->scheduler, 0, 1.0, NULL));
  qm_render_scheduler_request (fixture->scheduler, 2, 1.0, 0);
  wait_idle (fixture);

  /* Page 3 in page 1's memory, with nothing of page 1 left in it. */
  kept = g_object_ref (qm_render_scheduler_lookup (fixture->scheduler, 2, 1.0, NULL));
  g_assert_true (pixels_of (kept) == first_buffer);
  pixels = download (kept);
  g_assert_true (g_bytes_equal (pixels, expected));

  /* A texture outlives its scheduler, pixels and all. */
  g_assert_finalize_object (g_steal_pointer (&fixture->scheduler));
  g_clear_pointer (&pixels, g_bytes_unref);
  pixels = download (kept);
  g_assert_true (g_bytes_equal (pixels, expected));
}

static void
test_pixel_pool (void)
{
  g_autoptr(QmPagePixels) pool = _qm_page_pixels_new (2 * 100 * 4 * 100);
  cairo_surface_t *surfaces[3];
  gpointer data[3];

  for (guint i = 0; i < 3; i++)
    {
      surfaces[i] = _qm_page_pixels_surface_new (pool, 100, 100);
      g_assert_nonnull (surfaces[i]);
      data[i] = cairo_image_surface_get_data (surfaces[i]);
    }
  g_assert_cmpuint (_qm_page_pixels_get_spare_bytes (pool), ==, 0);

  /* Two buffers fit in the spare budget, the third is unmapped. */
  for (guint i = 0; i < 3; i++)
    cairo_surface_destroy (surfaces[i]);
  g_assert_cmpuint (_qm_page_pixels_get_spare_bytes (pool), ==, 2 * 100 * 4 * 100);

  /* The latest returned comes back first; a slightly smaller page fits
   * in it, a much smaller one does not. */
  surfaces[0] = _qm_page_pixels_surface_new (pool, 100, 95);
  g_assert_true (cairo_image_surface_get_data (surfaces[0]) == data[1]);
  surfaces[1] = _qm_page_pixels_surface_new (pool, 10, 10);
  g_assert_true (cairo_image_surface_get_data (surfaces[1]) != data[0]);
  g_assert_cmpuint (_qm_page_pixels_get_spare_bytes (pool), ==, 100 * 4 * 100);

  /* A lower cap lets go of the spare buffers beyond it at once. */
  _qm_page_pixels_set_max_spare_bytes (pool, 100 * 4 * 100 - 1);
  g_assert_cmpuint (_qm_page_pixels_get_spare_bytes (pool), ==, 0);
  _qm_page_pixels_set_max_spare_bytes (pool, 2 * 100 * 4 * 100);

  /* The pool lives on while a buffer is lent out. */
  g_clear_pointer (&pool, _qm_page_pixels_unref);
  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GArray **hits = user_data;
  g_autoptr(GError) error = NULL;

  *hits = qm_render_scheduler_find_text_finish (QM_RENDER_SCHEDULER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GArray) hits = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  /* Renders and a search share the thread. */
  qm_render_scheduler_set_wanted (fixture->scheduler, 0, 1, 0, 1.0, 1);
  qm_render_scheduler_find_text_async (fixture->scheduler, "QUORUM", NULL, search_cb, &hits);
  while (hits == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  wait_idle (fixture);

  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (g_array_index (hits, QmTextHit, 0).page, ==, 2);
  g_assert_cmpuint (g_array_index (hits, QmTextHit, 1).page, ==, 6);
  for (guint i = 0; i < hits->len; i++)
    {
      const QmTextHit *hit = &g_array_index (hits, QmTextHit, i);

      /* Drawn at x 40, baseline 200, from the top left. */
      g_assert_cmpfloat (hit->x1, >, 40);
      g_assert_cmpfloat (hit->x2, >, hit->x1);
      g_assert_cmpfloat (hit->y1, <, 200);
      g_assert_cmpfloat (hit->y1, >, 170);
      g_assert_cmpfloat (hit->y2, >, hit->y1);
      g_assert_cmpfloat (hit->y2, <, 210);
    }
}

static void
test_search_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  qm_render_scheduler_find_text_async (fixture->scheduler, "page", cancellable,
                                       (GAsyncReadyCallback) NULL, NULL);
  g_cancellable_cancel (cancellable);

  /* A second search after a cancelled one still completes. */
  {
    g_autoptr(GArray) hits = NULL;

    qm_render_scheduler_find_text_async (fixture->scheduler, "Page 12", NULL, search_cb, &hits);
    while (hits == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
    g_assert_cmpuint (hits->len, ==, 1);
    done = TRUE;
  }
  g_assert_true (done);

  /* Let the cancelled task return before the fixture checks for leaks. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_broken (void)
{
  g_autofree char *dir = g_dir_make_tmp ("quorum-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "doc.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  static const char garbage[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

  write_pdf (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  for (guint tenth = 0; tenth < 10; tenth++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (contents, length * tenth / 10);
      g_autoptr(GError) error = NULL;
      g_autoptr(QmRenderScheduler) scheduler = qm_render_scheduler_new_for_bytes (bytes, &error);

      g_assert_null (scheduler);
      g_assert_error (error, QM_RENDER_ERROR, QM_RENDER_ERROR_OPEN);
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (garbage, sizeof garbage - 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(QmRenderScheduler) scheduler = qm_render_scheduler_new_for_bytes (bytes, &error);

    g_assert_null (scheduler);
    g_assert_nonnull (error);
  }

  {
    g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/quorum.pdf");
    g_autoptr(GError) error = NULL;
    g_autoptr(QmRenderScheduler) scheduler = qm_render_scheduler_new_for_file (file, &error);

    g_assert_null (scheduler);
    g_assert_nonnull (error);
  }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/quorum/viewer/render-scheduler/open", Fixture, NULL,
              fixture_set_up, test_open, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/sizes", Fixture, NULL,
              fixture_set_up, test_sizes, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/priority", Fixture, NULL,
              fixture_set_up, test_priority, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/priority-reorder", Fixture, NULL,
              fixture_set_up, test_priority_reorder, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/stale-scale", Fixture, NULL,
              fixture_set_up, test_stale_scale, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/budget", Fixture, NULL,
              fixture_set_up, test_budget, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/sibling", Fixture, NULL,
              fixture_set_up, test_sibling, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/recycled-pixels", Fixture, NULL,
              fixture_set_up, test_recycled_pixels, fixture_tear_down);
  g_test_add_func ("/quorum/viewer/render-scheduler/pixel-pool", test_pixel_pool);
  g_test_add ("/quorum/viewer/render-scheduler/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/quorum/viewer/render-scheduler/search-cancel", Fixture, NULL,
              fixture_set_up, test_search_cancel, fixture_tear_down);
  g_test_add_func ("/quorum/viewer/render-scheduler/broken", test_broken);

  return g_test_run ();
}
