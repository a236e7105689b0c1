/* bench-viewer.c: the reader's speed, in one run: a presenter's page event to
 * the follower's frame, a 300-page document's first page, the render path
 * against poppler and pdftoppm, and memory while flipping 600 pages.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-viewer"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-viewer.h"
#include "qm-demo-documents.h"
#include "qm-document-view.h"
#include "qm-page-view.h"
#include "qm-test-live.h"
#include "qm-test-server.h"
#include "quorum-client.h"

#define WAIT_S             60
#define FOLLOWER           "daibieu1"
#define PRESENTER          "chutich"
#define MIB                (1024.0 * 1024.0)

/* The targets of issue #7. */
#define TARGET_PREFETCHED_MS 16.0
#define TARGET_COLD_MS       100.0
#define TARGET_OPEN_MS       150.0
#define TARGET_POPPLER_RATIO 0.8

static int window_width = 1280;
static int window_height = 800;
static int turns = 40;
static int cold_turns = 20;
static int open_pages = 300;
static int opens = 5;
static int flip_pages = 600;
static int render_pages = 60;
static int render_width = 1280;
static int rounds = 3;
static char *parts = NULL;
static char *screenshot = NULL;

static gint64
rss_bytes (gint64 *out_hwm)
{
  g_autofree char *status = NULL;
  gint64 rss = 0;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    for (char *line = status; line != NULL && *line != '\0'; line = strchr (line, '\n'))
      {
        if (*line == '\n')
          line++;
        if (g_str_has_prefix (line, "VmRSS:"))
          rss = g_ascii_strtoll (line + 6, NULL, 10) * 1024;
        else if (out_hwm != NULL && g_str_has_prefix (line, "VmHWM:"))
          *out_hwm = g_ascii_strtoll (line + 6, NULL, 10) * 1024;
      }
  return rss;
}

static double
percentile (GArray *doubles,
            double  fraction)
{
  guint index;

  if (doubles->len == 0)
    return 0;
  bench_median (doubles);   /* sorts */
  index = (guint) MIN ((double) doubles->len - 1, fraction * doubles->len);
  return g_array_index (doubles, double, index);
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* 1. A page event to the follower's frame ------------------------------- */

typedef struct
{
  QmTestServer     *server;
  QmTestLive       *presenter;
  QmSession        *session;
  QmDocumentCache  *cache;
  QmLiveConnection *live;
  char             *docid;
  guint             doc_pages;
  char             *cache_dir;
  char             *path;      /* the document in the cache */
  Reader            reader;

  /* The turn in progress. */
  guint             page;       /* the page presented */
  gint64            sent_at;
  gint64            arrived_at; /* 0 until its event is here */
  gboolean          was_sharp;  /* the page was in the cache when it came */
  gboolean          was_pending;
  gint64            turned_at;  /* go_to_page returned */
  double            arrived_cpu_ms;

  GArray           *prefetched_ms;
  GArray           *prefetched_sent_ms;
  GArray           *prefetched_split_ms[3];  /* go_to_page, until the frame, the frame */
  GArray           *prefetched_cpu_ms;       /* the main thread's CPU time in between */
  GArray           *cold_cpu_ms;
  GArray           *cold_ms;
  GArray           *cold_sent_ms;
  guint             prefetched_hits;
  guint             cold_misses;
} Live;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
message_cb (QmLiveConnection *connection,
            const QmMessage  *message,
            Live             *live)
{
  gint64 now = g_get_monotonic_time ();
  QmRenderScheduler *scheduler;
  guint page;

  if (message->type != QM_MESSAGE_PAGE || g_strcmp0 (message->page.doc, live->docid) != 0 ||
      message->page.page != live->page)
    return;

  page = (guint) message->page.page;
  scheduler = qm_document_view_get_scheduler (live->reader.view);
  live->arrived_at = now;
  live->arrived_cpu_ms = thread_cpu_ms ();
  live->was_sharp = page_sharp (&live->reader, page);
  live->was_pending = qm_render_scheduler_is_pending (scheduler, page - 1);
  reader_expect (&live->reader, page);
  qm_document_view_go_to_page (live->reader.view, page);
  live->turned_at = g_get_monotonic_time ();
}

static gboolean
turn_done (gpointer data)
{
  Live *live = data;

  return live->arrived_at != 0 && live->reader.drawn_at != 0;
}

/* Presents page and waits until the follower has drawn it, then until its
 * prefetch is done, so that each turn starts from a quiet reader. */
static void
turn (Live    *live,
      guint    page,
      GArray  *event_ms,
      GArray  *sent_ms,
      GArray  *cpu_ms,
      GArray **split_ms)
{
  double ms, from_sent;

  live->page = page;
  live->arrived_at = 0;
  reader_expect (&live->reader, 0);
  live->sent_at = g_get_monotonic_time ();
  qm_test_live_sendf (live->presenter, "{\"type\":\"present\",\"doc\":\"%s\",\"page\":%u}",
                      live->docid, page);
  bench_wait (turn_done, live, WAIT_S, "the follower's frame");
  bench_wait (reader_quiet, &live->reader, WAIT_S, "the follower's prefetch");

  ms = (live->reader.drawn_at - live->arrived_at) / 1000.0;
  from_sent = (live->reader.drawn_at - live->sent_at) / 1000.0;
  if (event_ms != NULL)
    {
      g_array_append_val (event_ms, ms);
      g_array_append_val (sent_ms, from_sent);
    }
  if (cpu_ms != NULL)
    {
      double cpu = live->reader.drawn_cpu_ms - live->arrived_cpu_ms;

      g_array_append_val (cpu_ms, cpu);
    }
  if (split_ms != NULL)
    {
      gint64 frame_at = MAX (live->reader.drawn_frame_at, live->turned_at);
      double parts_ms[3] = {
        (live->turned_at - live->arrived_at) / 1000.0,
        (frame_at - live->turned_at) / 1000.0,
        (live->reader.drawn_at - frame_at) / 1000.0,
      };

      for (guint i = 0; i < 3; i++)
        g_array_append_val (split_ms[i], parts_ms[i]);
    }
}

static gboolean
live_online (gpointer data)
{
  Live *live = data;

  return qm_live_connection_get_state (live->live) == QM_LIVE_STATE_ONLINE;
}

static void
live_set_up (Live *live)
{
  QmTestServerOptions options = { .demo = TRUE };
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 meeting_id = 0;
  gint64 started = g_get_monotonic_time ();

  live->server = qm_test_server_new (&options);
  line = qm_test_server_read_line (live->server);
  if (sscanf (line, "Demo meeting %" G_GINT64_FORMAT ":", &meeting_id) != 1)
    g_error ("not the demo's first line: %s", line);
  g_print ("bench-viewer: quorum-server --demo up in %.1f s at %s\n",
           (g_get_monotonic_time () - started) / 1e6, qm_test_server_get_url (live->server));

  /* The presenter: the chair, on a raw live connection. */
  token = qm_test_login (live->server, PRESENTER, "demo-" PRESENTER);
  meeting = qm_test_get_meeting (live->server, token, meeting_id);
  for (guint i = 0; i < meeting->agenda->len; i++)
    {
      QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          QmItemDocument *document = g_ptr_array_index (item->documents, j);

          if ((guint) document->pages > live->doc_pages)
            {
              g_free (live->docid);
              live->docid = g_strdup (document->id);
              live->doc_pages = (guint) document->pages;
            }
        }
    }
  g_assert_nonnull (live->docid);
  live->presenter = qm_test_live_join (live->server, meeting_id, token);

  /* The follower: libquorum-client and the document view, as in the app. */
  live->session = qm_session_new (qm_test_server_get_url (live->server));
  g_object_set (qm_session_get_soup_session (live->session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (live->session, FOLLOWER, "demo-" FOLLOWER, NULL, store_result, &result);
  bench_wait (result_ready, &result, WAIT_S, "the follower's login");
  if (!qm_session_login_finish (live->session, result, &error))
    g_error ("login: %s", error->message);
  g_clear_object (&result);

  cache_dir = g_dir_make_tmp ("quorum-bench-cache-XXXXXX", &error);
  g_assert_no_error (error);
  live->cache = qm_document_cache_new (live->session, cache_dir);
  qm_document_cache_fetch_async (live->cache, live->docid, NULL, store_result, &result);
  bench_wait (result_ready, &result, WAIT_S, "the document's download");
  path = qm_document_cache_fetch_finish (live->cache, result, NULL, &error);
  g_assert_no_error (error);

  reader_init (&live->reader, window_width, window_height);
  file = g_file_new_for_path (path);
  reader_expect (&live->reader, 1);
  if (!qm_document_view_load_file (live->reader.view, file, &error))
    g_error ("%s: %s", path, error->message);
  bench_wait (reader_drawn, &live->reader, WAIT_S, "the first page");
  bench_wait (reader_settled, &live->reader, WAIT_S, "the first prefetch");

  if (screenshot != NULL)
    reader_save_png (&live->reader, screenshot);

  live->live = qm_live_connection_new (live->session, meeting_id);
  g_signal_connect (live->live, "message", G_CALLBACK (message_cb), live);
  qm_live_connection_start (live->live);
  bench_wait (live_online, live, WAIT_S, "the follower's welcome");

  g_print ("bench-viewer: follower %s reads %u-page document %.12s… (%s) in a %d×%d window, zoom %.3f\n",
           FOLLOWER, live->doc_pages, live->docid, path, window_width, window_height,
           qm_document_view_get_zoom (live->reader.view));

  live->path = g_steal_pointer (&path);
  live->cache_dir = g_steal_pointer (&cache_dir);
}

static void
live_run (Live *live)
{
  guint page = 1;

  live->prefetched_ms = g_array_new (FALSE, FALSE, sizeof (double));
  live->prefetched_sent_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < 3; i++)
    live->prefetched_split_ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  live->prefetched_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  live->cold_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  live->cold_ms = g_array_new (FALSE, FALSE, sizeof (double));
  live->cold_sent_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* The first present only puts the follower on page 1. */
  turn (live, page, NULL, NULL, NULL, NULL);
  for (int i = 0; i < turns && page < live->doc_pages; i++)
    {
      turn (live, ++page, live->prefetched_ms, live->prefetched_sent_ms, live->prefetched_cpu_ms,
            live->prefetched_split_ms);
      live->prefetched_hits += live->was_sharp;
    }

  /* Far pages never shown nor prefetched: 7 apart, beyond what the
   * prefetched turns touched, from both ends inwards. */
  {
    guint low = page + 8;
    guint high = live->doc_pages - 2;

    for (int i = 0; i < cold_turns && low <= high; i++)
      {
        guint target = i % 2 == 0 ? high : low;

        if (i % 2 == 0)
          high -= 7;
        else
          low += 7;
        turn (live, target, live->cold_ms, live->cold_sent_ms, live->cold_cpu_ms, NULL);
        live->cold_misses += !live->was_sharp;
      }
  }
}

static void
live_clear (Live *live)
{
  if (live->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (live->live, live);
      qm_live_connection_stop (live->live);
    }
  g_clear_object (&live->live);
  if (live->reader.view != NULL)
    reader_clear (&live->reader);
  g_clear_pointer (&live->presenter, qm_test_live_free);
  g_clear_object (&live->cache);
  g_clear_object (&live->session);
  g_clear_pointer (&live->server, qm_test_server_free);
  if (live->path != NULL)
    {
      g_autofree char *subdir = g_path_get_dirname (live->path);

      g_unlink (live->path);
      g_rmdir (subdir);
      g_rmdir (live->cache_dir);
    }
  g_free (live->path);
  g_free (live->cache_dir);
  g_free (live->docid);
}

/* 2. The first page of a long document ----------------------------------- */

typedef struct
{
  GArray *first_frame_ms;
  GArray *load_ms;
  GArray *main_cpu_ms;     /* the main thread's CPU time until the page is drawn */
  GArray *cpu_ms;          /* the whole process's */
} Open;

static void
measure_open (const char *path,
              Open       *open)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Reader reader;

  open->first_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  open->load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  open->main_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  open->cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  reader_init (&reader, window_width, window_height);
  for (int i = 0; i < opens; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start;
      double ms, main_cpu, cpu;

      reader_replace_view (&reader);
      reader_expect (&reader, 1);
      start = g_get_monotonic_time ();
      main_cpu = thread_cpu_ms ();
      cpu = bench_cpu_seconds (RUSAGE_SELF);
      if (!qm_document_view_load_file (reader.view, file, &error))
        g_error ("%s: %s", path, error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (open->load_ms, ms);
      bench_wait (reader_drawn, &reader, WAIT_S, "the first page");
      ms = (reader.drawn_at - start) / 1000.0;
      g_array_append_val (open->first_frame_ms, ms);
      main_cpu = thread_cpu_ms () - main_cpu;
      cpu = (bench_cpu_seconds (RUSAGE_SELF) - cpu) * 1000;
      g_array_append_val (open->main_cpu_ms, main_cpu);
      g_array_append_val (open->cpu_ms, cpu);
    }
  reader_clear (&reader);
}

/* 4. Memory while flipping ----------------------------------------------- */

typedef struct
{
  guint  pages;
  gsize  budget;
  gsize  max_cache;
  gsize  max_pixels;
  gint64 rss_before;
  gint64 rss_open;
  gint64 rss_max;
  gint64 rss_end;
  gint64 hwm;
  double seconds;
  GArray *flip_ms;
} Flip;

static void
measure_flip (const char *path,
              Flip       *flip)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  QmRenderScheduler *scheduler;
  Reader reader;
  gint64 start;

  flip->flip_ms = g_array_new (FALSE, FALSE, sizeof (double));
  reader_init (&reader, window_width, window_height);
  flip->rss_before = rss_bytes (NULL);
  reader_expect (&reader, 1);
  if (!qm_document_view_load_file (reader.view, file, &error))
    g_error ("%s: %s", path, error->message);
  bench_wait (reader_drawn, &reader, WAIT_S, "the first page");
  flip->rss_open = rss_bytes (NULL);
  scheduler = qm_document_view_get_scheduler (reader.view);
  flip->pages = qm_render_scheduler_get_n_pages (scheduler);
  flip->budget = qm_render_scheduler_get_budget (scheduler);

  start = g_get_monotonic_time ();
  for (guint page = 2; page <= flip->pages; page++)
    {
      gint64 turned = g_get_monotonic_time ();
      double ms;
      gint64 rss;

      reader_expect (&reader, page);
      qm_document_view_go_to_page (reader.view, page);
      bench_wait (reader_drawn, &reader, WAIT_S, "a flipped page");
      ms = (reader.drawn_at - turned) / 1000.0;
      g_array_append_val (flip->flip_ms, ms);

      flip->max_cache = MAX (flip->max_cache, qm_render_scheduler_get_cache_bytes (scheduler));
      flip->max_pixels = MAX (flip->max_pixels, qm_render_scheduler_get_pixel_bytes (scheduler));
      rss = rss_bytes (NULL);
      flip->rss_max = MAX (flip->rss_max, rss);
    }
  flip->seconds = (g_get_monotonic_time () - start) / 1e6;
  flip->rss_end = rss_bytes (&flip->hwm);
  reader_clear (&reader);
}

/* The report ------------------------------------------------------------- */

static const char *
verdict (gboolean ok)
{
  return ok ? "met" : "MISSED";
}

static gboolean
part (char number)
{
  return parts == NULL || strchr (parts, number) != NULL;
}

static void
print_report (Live                     *live,
              Open                     *open,
              const BenchRenderNumbers *render,
              Flip                     *flip,
              double                    load_start)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  GString *summary = g_string_new ("SUMMARY");

  g_print ("\nbench-viewer: GSK renderer %s, window %d×%d, load average %.2f → %.2f "
           "(1 min; 2 cores, shared)\n", renderer, window_width, window_height, load_start,
           load_average ());
  g_string_append_printf (summary, " renderer=%s load_start=%.2f load_end=%.2f", renderer,
                          load_start, load_average ());

  g_print ("\n  %-44s %10s %10s %10s   %s\n", "", "p50", "p95", "max", "target");
  if (live->prefetched_ms != NULL)
    {
      double p50 = percentile (live->prefetched_ms, 0.5);
      double p95 = percentile (live->prefetched_ms, 0.95);
      double cold50 = percentile (live->cold_ms, 0.5);
      double cold95 = percentile (live->cold_ms, 0.95);

      g_print ("  %-44s %7.2f ms %7.2f ms %7.2f ms   p95 ≤ %.0f ms: %s\n",
               "page event → frame, prefetched (next page)", p50, p95,
               percentile (live->prefetched_ms, 1.0), TARGET_PREFETCHED_MS,
               verdict (p95 <= TARGET_PREFETCHED_MS));
      g_print ("  %-44s %7.2f ms %7.2f ms %7.2f ms   p95 ≤ %.0f ms: %s\n",
               "page event → frame, cold (far page)", cold50, cold95,
               percentile (live->cold_ms, 1.0), TARGET_COLD_MS, verdict (cold95 <= TARGET_COLD_MS));
      g_string_append_printf (summary, " prefetched_p50_ms=%.2f prefetched_p95_ms=%.2f"
                              " cold_p50_ms=%.2f cold_p95_ms=%.2f", p50, p95, cold50, cold95);
    }
  if (open->first_frame_ms != NULL)
    {
      double p50 = percentile (open->first_frame_ms, 0.5);

      g_print ("  %-44s %7.1f ms %10s %7.1f ms   ≤ %.0f ms: %s\n",
               "open → first page drawn (300 pages)", p50, "",
               percentile (open->first_frame_ms, 1.0), TARGET_OPEN_MS, verdict (p50 <= TARGET_OPEN_MS));
      g_string_append_printf (summary, " open_p50_ms=%.1f", p50);
    }
  if (flip->flip_ms != NULL)
    g_print ("  %-44s %7.1f ms %7.1f ms %7.1f ms\n", "page turn → frame while flipping",
             percentile (flip->flip_ms, 0.5), percentile (flip->flip_ms, 0.95),
             percentile (flip->flip_ms, 1.0));

  if (render->pages > 0)
    {
      double ratio_poppler = render->viewer.pages_per_s / render->poppler.pages_per_s;
      double ratio_pdftoppm = render->viewer.pages_per_s / render->pdftoppm.pages_per_s;

      g_print ("\n  %-44s %10s %12s %10s   %s\n", "", "pages/s", "CPU ms/page", "viewer ÷", "target");
      g_print ("  %-44s %10.1f %12.1f\n", "viewer render path (thread, texture, cache)",
               render->viewer.pages_per_s, render->viewer.cpu_ms_per_page);
      g_print ("  %-44s %10.1f %12.1f %9.2f×\n", "  the same, a fresh cache filling up",
               render->viewer_filling.pages_per_s, render->viewer_filling.cpu_ms_per_page,
               render->viewer.pages_per_s / render->viewer_filling.pages_per_s);
      g_print ("  %-44s %10.1f %12.1f %9.2f×   ≥ %.1f×: %s\n", "bare poppler_page_render loop",
               render->poppler.pages_per_s, render->poppler.cpu_ms_per_page, ratio_poppler,
               TARGET_POPPLER_RATIO, verdict (ratio_poppler >= TARGET_POPPLER_RATIO));
      if (render->have_pdftoppm)
        g_print ("  %-44s %10.1f %12.1f %9.2f×   > 1×: %s\n", "pdftoppm (PPM files on tmpfs)",
                 render->pdftoppm.pages_per_s, render->pdftoppm.cpu_ms_per_page, ratio_pdftoppm,
                 verdict (ratio_pdftoppm > 1.0));
      else
        g_print ("  pdftoppm: not installed (poppler-utils), skipped\n");
      g_print ("  (%u pages at %d×%d px, median of %u rounds taking turns)\n", render->pages,
               render->width, render->height, render->rounds);
      g_string_append_printf (summary, " viewer_pps=%.1f viewer_filling_pps=%.1f poppler_pps=%.1f"
                              " pdftoppm_pps=%.1f", render->viewer.pages_per_s,
                              render->viewer_filling.pages_per_s, render->poppler.pages_per_s,
                              render->pdftoppm.pages_per_s);
    }

  if (flip->flip_ms != NULL)
    {
      gint64 growth = flip->rss_max - flip->rss_open;

      g_print ("\n  %-44s %8.1f MiB\n", "render cache, most while flipping", flip->max_cache / MIB);
      g_print ("  %-44s %8.1f MiB   budget %.0f MiB: %s\n", "  with the spare buffers (all its pixels)",
               flip->max_pixels / MIB, flip->budget / MIB, verdict (flip->max_pixels <= flip->budget));
      g_print ("  %-44s %8.1f MiB   budget %.0f MiB: %s\n", "process RSS growth while flipping",
               growth / MIB, flip->budget / MIB, verdict (growth <= (gint64) flip->budget));
      g_print ("  %-44s %8.1f MiB   (the budget and the document: %u page widgets, poppler)\n",
               "  over the reader without a document", (flip->rss_max - flip->rss_before) / MIB,
               flip->pages);
      g_print ("  (RSS %.1f MiB before the document, %.1f MiB with page 1 drawn, %.1f MiB at most, "
               "%.1f MiB at the end, peak %.1f MiB; %u pages in %.1f s)\n", flip->rss_before / MIB,
               flip->rss_open / MIB, flip->rss_max / MIB, flip->rss_end / MIB, flip->hwm / MIB,
               flip->pages, flip->seconds);
      g_string_append_printf (summary, " cache_max_mib=%.1f pixels_max_mib=%.1f rss_growth_mib=%.1f"
                              " budget_mib=%.0f", flip->max_cache / MIB, flip->max_pixels / MIB,
                              growth / MIB, flip->budget / MIB);
    }

  g_print ("\n%s\n", summary->str);
  g_string_free (summary, TRUE);
}

static void
make_document (const char *path,
               guint       pages,
               guint       seed)
{
  QmDemoDocumentSpec spec = {
    .title = "Báo cáo tổng hợp tình hình kinh tế – xã hội (bản đo tốc độ)",
    .n_pages = pages,
    .seed = seed,
    .kind = QM_DEMO_DOCUMENT_REPORT,
    .topic = QM_DEMO_TOPIC_ECONOMY,
  };
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!qm_demo_document_write (path, &spec, &error))
    g_error ("%s: %s", path, error->message);
  g_print ("bench-viewer: a %u-page report with charts made in %.1f s\n", pages,
           (g_get_monotonic_time () - started) / 1e6);
}

/* GTK needs a display: without one, run again under xvfb-run. */
static void
ensure_display (int    argc,
                char **argv)
{
  g_autoptr(GPtrArray) args = NULL;

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return;

  args = g_ptr_array_new ();
  g_ptr_array_add (args, (char *) "xvfb-run");
  g_ptr_array_add (args, (char *) "-a");
  g_ptr_array_add (args, (char *) "-s");
  g_ptr_array_add (args, (char *) "-screen 0 1280x800x24");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  execvp ("xvfb-run", (char **) args->pdata);
  g_printerr ("bench-viewer: no display, and xvfb-run could not be run: %s\n", g_strerror (errno));
  exit (2);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *open_path = NULL;
  g_autofree char *flip_path = NULL;
  BenchRenderNumbers render = { 0 };
  Live live = { 0 };
  Open open = { 0 };
  Flip flip = { 0 };
  double load_start;
  GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_INT, &window_width, "Window width (1280)", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &window_height, "Window height (800)", "PX" },
    { "turns", 0, 0, G_OPTION_ARG_INT, &turns, "Prefetched page turns (40)", "N" },
    { "cold", 0, 0, G_OPTION_ARG_INT, &cold_turns, "Jumps to far pages (20)", "N" },
    { "open-pages", 0, 0, G_OPTION_ARG_INT, &open_pages, "Pages of the document opened (300)", "N" },
    { "opens", 0, 0, G_OPTION_ARG_INT, &opens, "Times it is opened (5)", "N" },
    { "flip-pages", 0, 0, G_OPTION_ARG_INT, &flip_pages, "Pages flipped through (600)", "N" },
    { "render-pages", 0, 0, G_OPTION_ARG_INT, &render_pages, "Pages rendered per path and round (60)", "N" },
    { "render-width", 0, 0, G_OPTION_ARG_INT, &render_width, "Their width in pixels (1280)", "PX" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of the three render paths (3)", "N" },
    { "parts", 0, 0, G_OPTION_ARG_STRING, &parts, "Which parts to run (1234)", "DIGITS" },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &screenshot, "Save the follower's window as a PNG", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  ensure_display (argc, argv);
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Measures the document reader: page events to frames, "
                                "opening a long document, render throughput and memory.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || window_width < 200 || window_height < 200 || turns < 1 || cold_turns < 1
      || open_pages < 2 || opens < 1 || flip_pages < 2 || render_pages < 1 || render_width < 16
      || rounds < 1)
    {
      g_printerr ("bench-viewer: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }

  /* The software renderer unless told otherwise: the same pixels under Xvfb
   * everywhere, no GL driver in the numbers. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  gtk_disable_setlocale ();
  adw_init ();

  load_start = load_average ();
  dir = g_dir_make_tmp ("quorum-bench-viewer-XXXXXX", &error);
  g_assert_no_error (error);
  open_path = g_build_filename (dir, "open.pdf", NULL);
  flip_path = g_build_filename (dir, "flip.pdf", NULL);
  if (part ('2') || part ('3'))
    make_document (open_path, (guint) open_pages, 20260307);
  if (part ('4'))
    make_document (flip_path, (guint) flip_pages, 20260308);

  if (part ('1'))
    {
      g_print ("\nbench-viewer: 1. page event → frame drawn\n");
      live_set_up (&live);
      live_run (&live);
      g_print ("bench-viewer: prefetched: %u turns, %u with the page sharp in the cache on arrival; "
               "from the presenter's send: p50 %.2f ms, p95 %.2f ms\n",
               live.prefetched_ms->len, live.prefetched_hits,
               percentile (live.prefetched_sent_ms, 0.5), percentile (live.prefetched_sent_ms, 0.95));
      g_print ("bench-viewer: the main thread's CPU from the event to the frame, p50/p95: "
               "prefetched %.2f/%.2f ms, cold %.2f/%.2f ms\n",
               percentile (live.prefetched_cpu_ms, 0.5), percentile (live.prefetched_cpu_ms, 0.95),
               percentile (live.cold_cpu_ms, 0.5), percentile (live.cold_cpu_ms, 0.95));
      g_print ("bench-viewer: prefetched, p50/p95 of its parts: go_to_page %.2f/%.2f ms, "
               "waiting for the frame %.2f/%.2f ms, the frame %.2f/%.2f ms\n",
               percentile (live.prefetched_split_ms[0], 0.5), percentile (live.prefetched_split_ms[0], 0.95),
               percentile (live.prefetched_split_ms[1], 0.5), percentile (live.prefetched_split_ms[1], 0.95),
               percentile (live.prefetched_split_ms[2], 0.5), percentile (live.prefetched_split_ms[2], 0.95));
      g_print ("bench-viewer: cold: %u jumps, %u not in the cache on arrival; "
               "from the presenter's send: p50 %.2f ms, p95 %.2f ms\n",
               live.cold_ms->len, live.cold_misses,
               percentile (live.cold_sent_ms, 0.5), percentile (live.cold_sent_ms, 0.95));
    }

  if (part ('2'))
    {
      g_print ("\nbench-viewer: 2. opening a %d-page document, %d times\n", open_pages, opens);
      measure_open (open_path, &open);
      g_print ("bench-viewer: load_file returned after p50 %.1f ms; CPU until the page was drawn, "
               "p50: main thread %.1f ms, process %.1f ms\n", percentile (open.load_ms, 0.5),
               percentile (open.main_cpu_ms, 0.5), percentile (open.cpu_ms, 0.5));
    }

  if (part ('3'))
    {
      g_print ("\nbench-viewer: 3. render throughput, %d pages of the %d-page report, %d rounds\n",
               render_pages, open_pages, rounds);
      if (!bench_render_compare (open_path, (guint) render_pages, render_width, (guint) rounds,
                                 &render, &error))
        {
          g_printerr ("bench-viewer: %s\n", error->message);
          return 1;
        }
    }

  if (part ('4'))
    {
      g_print ("\nbench-viewer: 4. flipping through %d pages\n", flip_pages);
      measure_flip (flip_path, &flip);
    }

  print_report (&live, &open, &render, &flip, load_start);

  live_clear (&live);
  g_unlink (open_path);
  g_unlink (flip_path);
  g_rmdir (dir);
  g_free (render.pdftoppm_dir);
  g_free (parts);
  g_free (screenshot);
  return 0;
}
