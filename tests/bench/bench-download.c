/* bench-download.c: how fast quorum-server hands out a 50 MiB PDF, whole and
 * in 64 KiB ranges, to 20 clients at once, next to nginx serving the same file.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-common.h"

#include <cairo-pdf.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#define ADMIN             "bench-admin"
#define ADMIN_PASSWORD    "bench-admin-password"
#define RANGE_BYTES       65536
/* Noise does not compress: each page carries IMAGE_SIDE² × 3 bytes. */
#define IMAGE_SIDE        1024
#define RUN_TIMEOUT_US    (300 * G_USEC_PER_SEC)
#define DEFAULT_NGINX     "/usr/sbin/nginx"

static int clients = 20;
static int downloads = 10;
static int ranges = 1000;
static int document_mib = 50;
static char *nginx_path = NULL;
static gboolean no_nginx = FALSE;

typedef struct
{
  const char *name;
  guint16     port;
  GString    *get;          /* the request line and headers for the document */
  guint64     size;
} Target;

typedef struct
{
  double  download_mib_s;
  double  download_s;
  double  download_server_cpu;
  double  download_client_cpu;
  double  range_rps;
  double  range_s;
  gint64  range_p50_us;
  gint64  range_p99_us;
  double  range_server_cpu;
  double  range_client_cpu;
} Numbers;

/* The document */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint64
next_random (guint64 *state)
{
  /* xorshift64: noise for images, not for secrets. */
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

/* A real PDF of about target_bytes: pages of A4 each showing an image of
 * noise, which cairo stores deflated and so at full size. */
static GBytes *
make_pdf (gsize    target_bytes,
          guint   *out_pages,
          GError **error)
{
  GByteArray *buffer = g_byte_array_sized_new ((guint) target_bytes + (1 << 20));
  cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (append_bytes, buffer, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  guint pages = (guint) ((target_bytes + IMAGE_SIDE * IMAGE_SIDE * 3 - 1)
                         / (IMAGE_SIDE * IMAGE_SIDE * 3));
  guint64 state = 0x9e3779b97f4a7c15;
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, "Quorum download benchmark");
  for (guint page = 0; page < pages; page++)
    {
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, IMAGE_SIDE,
                                                           IMAGE_SIDE);
      guint8 *data = cairo_image_surface_get_data (image);
      int stride = cairo_image_surface_get_stride (image);

      for (int y = 0; y < IMAGE_SIDE; y++)
        {
          guint64 *row = (guint64 *) (data + (gsize) y * stride);

          for (int x = 0; x < IMAGE_SIDE / 2; x++)
            row[x] = next_random (&state);
        }
      cairo_surface_mark_dirty (image);

      cairo_save (cr);
      cairo_scale (cr, 595.0 / IMAGE_SIDE, 595.0 / IMAGE_SIDE);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, QM_BENCH_ERROR, 0, "cairo: %s", cairo_status_to_string (status));
      g_byte_array_unref (buffer);
      return NULL;
    }
  *out_pages = pages;
  return g_byte_array_free_to_bytes (buffer);
}

static char *
upload (guint16      port,
        const char  *token,
        GBytes      *pdf,
        GError     **error)
{
  g_autoptr(QmBenchResponse) response = NULL;
  g_autoptr(JsonObject) document = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (pdf, &size);
  int fd = qm_bench_connect (port, error);

  if (fd < 0)
    return NULL;
  response = qm_bench_request (fd, "POST", "/api/v1/documents?name=bench.pdf", token,
                               "application/pdf", data, size, error);
  close (fd);
  if (response == NULL || !(document = qm_bench_response_object (response, 201, error)))
    return NULL;
  if (json_object_get_int_member_with_default (document, "bytes", 0) != (gint64) size)
    {
      g_set_error (error, QM_BENCH_ERROR, 0, "the server stored %" G_GINT64_FORMAT " bytes, not %"
                   G_GSIZE_FORMAT, json_object_get_int_member_with_default (document, "bytes", 0),
                   size);
      return NULL;
    }
  return g_strdup (json_object_get_string_member_with_default (document, "id", ""));
}

/* Measuring */

/* One whole download, hashed: the server (and nginx) serve exactly the
 * uploaded bytes. It also brings the file into the page cache. */
static gboolean
verify (Target      *target,
        const char  *path,
        const char  *token,
        const char  *docid,
        GError     **error)
{
  g_autoptr(QmBenchResponse) response = NULL;
  g_autofree char *sha256 = NULL;
  int fd = qm_bench_connect (target->port, error);

  if (fd < 0)
    return FALSE;
  response = qm_bench_request (fd, "GET", path, token, NULL, NULL, 0, error);
  close (fd);
  if (response == NULL)
    return FALSE;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
  if (response->status != 200 || !g_str_equal (sha256, docid))
    {
      g_set_error (error, QM_BENCH_ERROR, 0, "%s: status %u, %" G_GSIZE_FORMAT
                   " bytes, SHA-256 %s; expected 200 and %s", target->name, response->status,
                   g_bytes_get_size (response->body), sha256, docid);
      return FALSE;
    }
  return TRUE;
}

static void
make_download (guint    conn,
               guint    index,
               GString *request,
               gpointer user_data)
{
  Target *target = user_data;

  g_string_append_len (request, target->get->str, (gssize) target->get->len);
  g_string_append (request, "\r\n");
}

static guint64
splitmix64 (guint64 x)
{
  x += 0x9e3779b97f4a7c15;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

/* The same random offsets for every server: a function of (conn, index). */
static void
make_range (guint    conn,
            guint    index,
            GString *request,
            gpointer user_data)
{
  Target *target = user_data;
  guint64 offset = splitmix64 (((guint64) conn << 32) | index) % (target->size - RANGE_BYTES + 1);

  g_string_append_len (request, target->get->str, (gssize) target->get->len);
  g_string_append_printf (request, "Range: bytes=%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "\r\n\r\n",
                          offset, offset + RANGE_BYTES - 1);
}

static gboolean
measure (Target          *target,
         QmBenchProcess  *process,
         Numbers         *numbers,
         GError         **error)
{
  QmBenchLoad load = {
    .port = target->port,
    .connections = (guint) clients,
    .requests_per_connection = (guint) downloads,
    .make_request = make_download,
    .user_data = target,
    .expect_status = 200,
    .expect_body_bytes = (gint64) target->size,
    .timeout_us = RUN_TIMEOUT_US,
  };
  QmBenchResult result;
  double cpu;

  cpu = qm_bench_process_cpu_seconds (process);
  if (!qm_bench_load_run (&load, &result, error))
    {
      g_prefix_error (error, "%s, whole downloads: ", target->name);
      qm_bench_result_clear (&result);
      return FALSE;
    }
  numbers->download_server_cpu = qm_bench_process_cpu_seconds (process) - cpu;
  numbers->download_client_cpu = result.client_cpu_seconds;
  numbers->download_s = result.elapsed_us / 1e6;
  numbers->download_mib_s = result.body_bytes / 1048576.0 / numbers->download_s;
  g_print ("  %-6s whole: %" G_GUINT64_FORMAT " × %.1f MiB = %.0f MiB in %.2f s: %.0f MiB/s"
           " (CPU s: server %.2f, client %.2f)\n",
           target->name, result.requests, target->size / 1048576.0,
           result.body_bytes / 1048576.0, numbers->download_s, numbers->download_mib_s,
           numbers->download_server_cpu, numbers->download_client_cpu);
  qm_bench_result_clear (&result);

  load.requests_per_connection = (guint) ranges;
  load.make_request = make_range;
  load.expect_status = 206;
  load.expect_body_bytes = RANGE_BYTES;
  cpu = qm_bench_process_cpu_seconds (process);
  if (!qm_bench_load_run (&load, &result, error))
    {
      g_prefix_error (error, "%s, ranges: ", target->name);
      qm_bench_result_clear (&result);
      return FALSE;
    }
  numbers->range_server_cpu = qm_bench_process_cpu_seconds (process) - cpu;
  numbers->range_client_cpu = result.client_cpu_seconds;
  numbers->range_s = result.elapsed_us / 1e6;
  numbers->range_rps = result.requests / numbers->range_s;
  qm_bench_sort (result.latencies_us);
  numbers->range_p50_us = qm_bench_percentile (result.latencies_us, 0.5);
  numbers->range_p99_us = qm_bench_percentile (result.latencies_us, 0.99);
  g_print ("  %-6s 64 KiB ranges: %" G_GUINT64_FORMAT " in %.2f s: %.0f requests/s, "
           "latency p50 %.2f ms, p99 %.2f ms (CPU s: server %.2f, client %.2f)\n",
           target->name, result.requests, numbers->range_s, numbers->range_rps,
           qm_bench_ms (numbers->range_p50_us), qm_bench_ms (numbers->range_p99_us),
           numbers->range_server_cpu, numbers->range_client_cpu);
  qm_bench_result_clear (&result);
  return TRUE;
}

static void
print_row (const char *label,
           double      quorum,
           double      nginx,
           int         decimals)
{
  g_print ("  %-34s %12.*f %12.*f %10.2f\n", label, decimals, quorum, decimals, nginx,
           nginx > 0 ? quorum / nginx : 0);
}

static void
print_table (const Numbers *q,
             const Numbers *n)
{
  g_print ("\n  %-34s %12s %12s %10s\n", "", "quorum", "nginx", "q/nginx");
  print_row ("whole document, MiB/s", q->download_mib_s, n->download_mib_s, 0);
  print_row ("  server CPU s per GiB", q->download_server_cpu / (q->download_mib_s * q->download_s / 1024),
             n->download_server_cpu / (n->download_mib_s * n->download_s / 1024), 3);
  print_row ("64 KiB ranges, requests/s", q->range_rps, n->range_rps, 0);
  print_row ("  latency p50, ms", q->range_p50_us / 1000.0, n->range_p50_us / 1000.0, 2);
  print_row ("  latency p99, ms", q->range_p99_us / 1000.0, n->range_p99_us / 1000.0, 2);
  print_row ("  server CPU µs per request",
             q->range_server_cpu * 1e6 / (q->range_rps * q->range_s),
             n->range_server_cpu * 1e6 / (n->range_rps * n->range_s), 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmBenchProcess) server = NULL;
  g_autoptr(QmBenchProcess) nginx = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *token = NULL;
  g_autofree char *docid = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GString) get = g_string_new (NULL);
  const char *server_path;
  Target quorum = { "quorum", 0, get, 0 };
  Target reference = { "nginx", 0, get, 0 };
  Numbers quorum_numbers = { 0 };
  Numbers nginx_numbers = { 0 };
  guint pages;
  gint64 started;
  GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Concurrent connections (20)", "N" },
    { "downloads", 0, 0, G_OPTION_ARG_INT, &downloads, "Whole downloads per connection (10)", "N" },
    { "ranges", 0, 0, G_OPTION_ARG_INT, &ranges, "64 KiB range requests per connection (1000)", "N" },
    { "mib", 0, 0, G_OPTION_ARG_INT, &document_mib, "Document size in MiB (50)", "N" },
    { "nginx", 0, 0, G_OPTION_ARG_FILENAME, &nginx_path, "nginx to compare with (" DEFAULT_NGINX ")", "PATH" },
    { "no-nginx", 0, 0, G_OPTION_ARG_NONE, &no_nginx, "Measure quorum-server only", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("[QUORUM-SERVER]");
  g_option_context_set_summary (context, "Measures document downloads from quorum-server "
                                "(given here or in $QUORUM_SERVER) against nginx.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || clients < 1 || downloads < 1 || ranges < 1 || document_mib < 1)
    {
      g_printerr ("bench-download: %s\n", error != NULL ? error->message : "counts must be positive");
      return 2;
    }
  if ((server_path = qm_bench_server_path (argc, argv)) == NULL)
    {
      g_printerr ("bench-download: set QUORUM_SERVER or name the quorum-server binary\n");
      return 2;
    }
  if (nginx_path == NULL)
    nginx_path = g_strdup (DEFAULT_NGINX);

  started = g_get_monotonic_time ();
  if (!(pdf = make_pdf ((gsize) document_mib << 20, &pages, &error)))
    goto failed;
  g_print ("bench-download: a %u-page PDF of %.1f MiB made in %.1f s\n", pages,
           g_bytes_get_size (pdf) / 1048576.0, (g_get_monotonic_time () - started) / 1e6);

  if (!(server = qm_bench_server_start (server_path, ADMIN, ADMIN_PASSWORD, &error))
      || !(token = qm_bench_login (server->port, ADMIN, ADMIN_PASSWORD, &error)))
    goto failed;
  started = g_get_monotonic_time ();
  if (!(docid = upload (server->port, token, pdf, &error)))
    goto failed;
  g_print ("bench-download: uploaded and validated by quorum-server in %.1f s\n",
           (g_get_monotonic_time () - started) / 1e6);

  path = g_strconcat ("/api/v1/documents/", docid, NULL);
  /* nginx gets the very same requests; it ignores the token. */
  g_string_printf (get, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n",
                   path, token);
  quorum.port = reference.port = server->port;
  quorum.size = reference.size = g_bytes_get_size (pdf);
  g_clear_pointer (&pdf, g_bytes_unref);

  g_print ("bench-download: %d clients, each %d whole downloads then %d random 64 KiB ranges; "
           "one epoll client thread, bodies dropped in the kernel\n", clients, downloads, ranges);
  if (!verify (&quorum, path, token, docid, &error)
      || !measure (&quorum, server, &quorum_numbers, &error))
    goto failed;

  file = g_strdup_printf ("%s/data/documents/%.2s/%s.pdf", server->dir, docid, docid);
  if (no_nginx)
    g_print ("\nbench-download: comparison with nginx skipped (--no-nginx)\n");
  else if (!g_file_test (nginx_path, G_FILE_TEST_IS_EXECUTABLE))
    g_print ("\nbench-download: comparison with nginx skipped: %s is not installed; "
             "`script/bootstrap --bench` installs it\n", nginx_path);
  else if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (&error, QM_BENCH_ERROR, 0, "the stored document is not at %s", file);
      goto failed;
    }
  else
    {
      if (!(nginx = qm_bench_nginx_start (nginx_path, path, file, &error)))
        goto failed;
      reference.port = nginx->port;
      if (!verify (&reference, path, token, docid, &error)
          || !measure (&reference, nginx, &nginx_numbers, &error))
        goto failed;
      g_print ("\nbench-download: nginx with 1 process, sendfile on, serving %s\n", file);
      print_table (&quorum_numbers, &nginx_numbers);
    }

  g_clear_pointer (&nginx, qm_bench_process_free);
  g_clear_pointer (&server, qm_bench_process_free);
  g_free (nginx_path);
  return 0;

failed:
  g_printerr ("bench-download: %s\n", error->message);
  g_free (nginx_path);
  return 1;
}
