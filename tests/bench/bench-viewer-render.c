/* bench-viewer-render.c: pages per second of the viewer's render path
 * (worker thread, texture, cache) next to a bare poppler loop into a cairo
 * image surface and to pdftoppm, at the same size and on the same pages.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "bench-viewer.h"
#include "qm-render-scheduler.h"

#define RENDER_TIMEOUT_S 600

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
bench_wait (BenchCondition  condition,
            gpointer        data,
            guint           timeout_s,
            const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  /* The frame clock, the live socket and the renders wake the loop; this
   * only makes sure the deadline is looked at. */
  guint wake = g_timeout_add (100, wake_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-viewer: timed out after %u s waiting for %s\n", timeout_s, what);
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

double
bench_cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_median (GArray *doubles)
{
  guint n = doubles->len;

  if (n == 0)
    return 0;
  g_array_sort (doubles, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (doubles, double, n / 2);
  return (g_array_index (doubles, double, n / 2 - 1) + g_array_index (doubles, double, n / 2)) / 2;
}

/* The viewer ------------------------------------------------------------- */

typedef struct
{
  guint  wanted;
  guint  ready;
  gint64 last;
} Count;

static void
page_ready_cb (QmRenderScheduler *scheduler,
               guint              page,
               Count             *count)
{
  count->ready++;
  count->last = g_get_monotonic_time ();
}

static gboolean
all_ready (gpointer data)
{
  Count *count = data;

  return count->ready >= count->wanted;
}

static void
render_batch (QmRenderScheduler *scheduler,
              guint              first,
              guint              pages,
              double             scale,
              double            *out_rate,
              double            *out_cpu_ms)
{
  guint n_pages = qm_render_scheduler_get_n_pages (scheduler);
  Count count = { pages, 0, 0 };
  gulong handler = g_signal_connect (scheduler, "page-ready", G_CALLBACK (page_ready_cb), &count);
  gint64 start = g_get_monotonic_time ();
  double cpu = bench_cpu_seconds (RUSAGE_SELF);

  for (guint i = 0; i < pages; i++)
    qm_render_scheduler_request (scheduler, (first + i) % n_pages, scale, i);
  bench_wait (all_ready, &count, RENDER_TIMEOUT_S, "the viewer's renders");

  *out_rate = pages / ((count.last - start) / 1e6);
  *out_cpu_ms = (bench_cpu_seconds (RUSAGE_SELF) - cpu) * 1000 / pages;
  g_signal_handler_disconnect (scheduler, handler);
}

/* Asks for every page at once, as a reader's prefetch would, and takes the
 * time until the last one is in the cache, on the main thread: first on a
 * fresh scheduler, whose cache takes new memory until it reaches its
 * budget, then, the cache full, for the pages the others render. */
static gboolean
measure_viewer (GFile     *file,
                guint      pages,
                double     scale,
                BenchRate *filling,
                BenchRate *full,
                GError   **error)
{
  g_autoptr(QmRenderScheduler) scheduler = qm_render_scheduler_new_for_file (file, error);

  if (scheduler == NULL)
    return FALSE;
  render_batch (scheduler, pages, pages, scale, &filling->pages_per_s, &filling->cpu_ms_per_page);
  render_batch (scheduler, 0, pages, scale, &full->pages_per_s, &full->cpu_ms_per_page);
  return TRUE;
}

static void
poppler_loop (PopplerDocument *document,
              guint            first,
              guint            pages,
              int              width,
              int              height)
{
  guint n_pages = (guint) poppler_document_get_n_pages (document);

  for (guint i = 0; i < pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, (first + i) % n_pages);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);
      double w, h;

      poppler_page_get_size (page, &w, &h);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, width / w, height / h);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cairo_surface_destroy (surface);
      g_object_unref (page);
    }
}

/* The limit: poppler straight into an image surface, nothing else. Its
 * document first renders the same other pages as the viewer's, so that
 * both have poppler's caches (fonts, objects) as warm. */
static gboolean
measure_poppler (GFile     *file,
                 guint      pages,
                 int        width,
                 int        height,
                 double    *out_rate,
                 double    *out_cpu_ms,
                 GError   **error)
{
  PopplerDocument *document = poppler_document_new_from_gfile (file, NULL, NULL, error);
  gint64 start;
  double cpu;

  if (document == NULL)
    return FALSE;

  poppler_loop (document, pages, pages, width, height);
  start = g_get_monotonic_time ();
  cpu = bench_cpu_seconds (RUSAGE_SELF);
  poppler_loop (document, 0, pages, width, height);
  *out_rate = pages / ((g_get_monotonic_time () - start) / 1e6);
  *out_cpu_ms = (bench_cpu_seconds (RUSAGE_SELF) - cpu) * 1000 / pages;
  g_object_unref (document);
  return TRUE;
}

static void
remove_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
}

/* pdftoppm writes PPM files; a tmpfs keeps the disk out of its time. */
static gboolean
measure_pdftoppm (const char  *path,
                  const char  *dir,
                  guint        pages,
                  int          width,
                  int          height,
                  double      *out_rate,
                  double      *out_cpu_ms,
                  GError     **error)
{
  g_autofree char *last = g_strdup_printf ("%u", pages);
  g_autofree char *x = g_strdup_printf ("%d", width);
  g_autofree char *y = g_strdup_printf ("%d", height);
  g_autofree char *root = g_build_filename (dir, "page", NULL);
  const char *argv[] = { "pdftoppm", "-f", "1", "-l", last, "-scale-to-x", x, "-scale-to-y", y,
                         path, root, NULL };
  g_autofree char *errors = NULL;
  int status;
  gint64 start;
  double cpu;

  start = g_get_monotonic_time ();
  cpu = bench_cpu_seconds (RUSAGE_CHILDREN);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &errors, &status, error))
    return FALSE;
  *out_rate = pages / ((g_get_monotonic_time () - start) / 1e6);
  *out_cpu_ms = (bench_cpu_seconds (RUSAGE_CHILDREN) - cpu) * 1000 / pages;
  remove_files (dir);
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "pdftoppm: %s: ", errors);
      return FALSE;
    }
  return TRUE;
}

gboolean
bench_render_compare (const char          *path,
                      guint                pages,
                      int                  width,
                      guint                rounds,
                      BenchRenderNumbers  *out,
                      GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GArray *rates[4];
  GArray *cpus[4];
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  PopplerDocument *document;
  PopplerPage *first;
  const char *shm = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  double page_w, page_h, scale;
  gboolean ok = TRUE;

  if (!(document = poppler_document_new_from_gfile (file, NULL, NULL, error)))
    return FALSE;
  pages = MIN (pages, (guint) poppler_document_get_n_pages (document));
  first = poppler_document_get_page (document, 0);
  poppler_page_get_size (first, &page_w, &page_h);
  g_object_unref (first);
  g_object_unref (document);

  /* The size the scheduler makes for this scale, which both others copy. */
  scale = width / page_w;
  out->pages = pages;
  out->rounds = rounds;
  out->width = (int) ceil (page_w * scale - 0.001);
  out->height = (int) ceil (page_h * scale - 0.001);
  out->have_pdftoppm = pdftoppm != NULL;
  if (out->have_pdftoppm)
    {
      out->pdftoppm_dir = g_build_filename (shm, "quorum-bench-ppm-XXXXXX", NULL);
      if (g_mkdtemp (out->pdftoppm_dir) == NULL)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "%s: %s", out->pdftoppm_dir, g_strerror (saved));
          return FALSE;
        }
    }

  for (guint i = 0; i < 4; i++)
    {
      rates[i] = g_array_new (FALSE, FALSE, sizeof (double));
      cpus[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (guint round = 0; ok && round < rounds; round++)
    {
      BenchRate filling, full;
      double rate, cpu;

      if (!measure_viewer (file, pages, scale, &filling, &full, error))
        {
          ok = FALSE;
          break;
        }
      g_array_append_val (rates[0], full.pages_per_s);
      g_array_append_val (cpus[0], full.cpu_ms_per_page);
      g_array_append_val (rates[3], filling.pages_per_s);
      g_array_append_val (cpus[3], filling.cpu_ms_per_page);
      g_print ("bench-viewer: round %u: viewer %.1f pages/s (cache filling %.1f)", round + 1,
               full.pages_per_s, filling.pages_per_s);

      if (!measure_poppler (file, pages, out->width, out->height, &rate, &cpu, error))
        {
          ok = FALSE;
          break;
        }
      g_array_append_val (rates[1], rate);
      g_array_append_val (cpus[1], cpu);
      g_print (", poppler loop %.1f pages/s", rate);

      if (out->have_pdftoppm)
        {
          if (!measure_pdftoppm (path, out->pdftoppm_dir, pages, out->width, out->height,
                                 &rate, &cpu, error))
            {
              ok = FALSE;
              break;
            }
          g_array_append_val (rates[2], rate);
          g_array_append_val (cpus[2], cpu);
          g_print (", pdftoppm %.1f pages/s", rate);
        }
      g_print ("\n");
    }

  if (out->have_pdftoppm)
    g_rmdir (out->pdftoppm_dir);

  out->viewer.pages_per_s = bench_median (rates[0]);
  out->viewer.cpu_ms_per_page = bench_median (cpus[0]);
  out->poppler.pages_per_s = bench_median (rates[1]);
  out->poppler.cpu_ms_per_page = bench_median (cpus[1]);
  out->pdftoppm.pages_per_s = bench_median (rates[2]);
  out->pdftoppm.cpu_ms_per_page = bench_median (cpus[2]);
  out->viewer_filling.pages_per_s = bench_median (rates[3]);
  out->viewer_filling.cpu_ms_per_page = bench_median (cpus[3]);
  for (guint i = 0; i < 4; i++)
    {
      g_array_unref (rates[i]);
      g_array_unref (cpus[i]);
    }
  return ok;
}
