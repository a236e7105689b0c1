/* test-uploader.c: QmUploader against the real quorum-server: streamed
 * uploads with progress, two at a time and a line behind them, every refusal
 * as its own error, and cancellation that leaves nothing behind.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-test-files.h"
#include "qm-test-server.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"
/* The server's document limit in these tests. */
#define SERVER_LIMIT    (1024 * 1024)

static struct
{
  QmTestServer *server;
  char         *root_token;
  char         *dir;
  QmSession    *session;     /* signed in as root; logins cost an argon2 hash each */
} fixture;

/* One upload under watch: its progress calls and its outcome. */
typedef struct
{
  GArray       *sent;       /* guint64, every progress call */
  guint64       total;
  GCancellable *cancellable;
  gboolean      cancel_mid_body;
  gboolean      done;
  gint64        done_order;
  gint64        first_progress_order;
  QmDocument   *document;
  GError       *error;
} Watch;

static gint64 event_counter;

static void
watch_init (Watch *watch)
{
  memset (watch, 0, sizeof *watch);
  watch->sent = g_array_new (FALSE, FALSE, sizeof (guint64));
  watch->cancellable = g_cancellable_new ();
  watch->first_progress_order = -1;
}

static void
watch_clear (Watch *watch)
{
  g_array_unref (watch->sent);
  g_clear_object (&watch->cancellable);
  g_clear_pointer (&watch->document, qm_document_free);
  g_clear_error (&watch->error);
}

static void
on_progress (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  Watch *watch = user_data;

  if (watch->first_progress_order < 0)
    watch->first_progress_order = ++event_counter;
  g_array_append_val (watch->sent, sent);
  watch->total = total;
  if (watch->cancel_mid_body && sent > 0 && sent < total)
    g_cancellable_cancel (watch->cancellable);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Watch *watch = user_data;

  watch->document = qm_uploader_upload_finish (QM_UPLOADER (source), result, &watch->error);
  watch->done = TRUE;
  watch->done_order = ++event_counter;
}

static void
start_upload (QmUploader *uploader,
              const char *path,
              Watch      *watch)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  qm_uploader_upload_async (uploader, file, on_progress, watch, NULL, watch->cancellable,
                            on_uploaded, watch);
}

static QmSession *
session_new (const char *username)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (session, username, PASSWORD, NULL, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  g_assert_true (qm_session_login_finish (session, result, &error));
  g_assert_no_error (error);
  return session;
}

static void
assert_progress (Watch   *watch,
                 guint64  size)
{
  g_assert_cmpuint (watch->total, ==, size);
  g_assert_cmpuint (watch->sent->len, >=, 2);
  g_assert_cmpuint (g_array_index (watch->sent, guint64, 0), ==, 0);
  for (guint i = 1; i < watch->sent->len; i++)
    g_assert_cmpuint (g_array_index (watch->sent, guint64, i), >, g_array_index (watch->sent, guint64, i - 1));
  g_assert_cmpuint (g_array_index (watch->sent, guint64, watch->sent->len - 1), ==, size);
}

/* Whether the server holds a document (the admin may read any). */
static guint
document_status (const char *docid)
{
  g_autofree char *path = g_strconcat ("/api/v1/documents/", docid, NULL);
  guint status;
  g_autoptr(GBytes) body = qm_test_request (fixture.server, "GET", path, fixture.root_token,
                                            NULL, NULL, 0, &status, NULL);

  return status;
}

static void
test_two_at_once (void)
{
  QmSession *session = fixture.session;
  g_autoptr(QmUploader) uploader = qm_uploader_new (session);
  g_autoptr(GBytes) heavy = qm_test_make_heavy_pdf (700 * 1024, "Báo cáo tổng hợp", 1);
  g_autoptr(GBytes) light = qm_test_make_pdf (3, "Tờ trình dự toán 2027", 2);
  g_autofree char *heavy_path = qm_test_write_file (fixture.dir, "bao-cao.pdf", heavy);
  g_autofree char *light_path = qm_test_write_file (fixture.dir, "Tờ trình dự toán.pdf", light);
  g_autofree char *heavy_id = qm_test_sha256 (heavy);
  g_autofree char *light_id = qm_test_sha256 (light);
  Watch watches[2];

  watch_init (&watches[0]);
  watch_init (&watches[1]);
  start_upload (uploader, heavy_path, &watches[0]);
  start_upload (uploader, light_path, &watches[1]);
  g_assert_cmpuint (qm_uploader_get_n_pending (uploader), ==, 2);
  qm_test_wait_until (watches[0].done && watches[1].done);
  g_assert_cmpuint (qm_uploader_get_n_pending (uploader), ==, 0);

  g_assert_no_error (watches[0].error);
  g_assert_no_error (watches[1].error);
  g_assert_cmpstr (watches[0].document->id, ==, heavy_id);
  g_assert_cmpstr (watches[0].document->name, ==, "bao-cao.pdf");
  g_assert_cmpstr (watches[0].document->title, ==, "Báo cáo tổng hợp");
  g_assert_cmpint (watches[0].document->pages, ==, 1);
  g_assert_cmpint (watches[0].document->bytes, ==, (gint64) g_bytes_get_size (heavy));
  g_assert_cmpstr (watches[1].document->id, ==, light_id);
  /* The name travels URL-encoded and comes back as it was. */
  g_assert_cmpstr (watches[1].document->name, ==, "Tờ trình dự toán.pdf");
  g_assert_cmpint (watches[1].document->pages, ==, 3);

  /* Both ran at once: each had started before either finished. */
  g_assert_cmpint (watches[0].first_progress_order, <, watches[1].done_order);
  g_assert_cmpint (watches[1].first_progress_order, <, watches[0].done_order);
  assert_progress (&watches[0], g_bytes_get_size (heavy));
  assert_progress (&watches[1], g_bytes_get_size (light));
  /* A body of 700 KiB goes out in many steps, not one. */
  g_assert_cmpuint (watches[0].sent->len, >=, 10);

  g_assert_cmpuint (document_status (heavy_id), ==, 200);
  g_assert_cmpuint (document_status (light_id), ==, 200);
  watch_clear (&watches[0]);
  watch_clear (&watches[1]);
}

static void
test_queue (void)
{
  QmSession *session = fixture.session;
  g_autoptr(QmUploader) uploader = qm_uploader_new (session);
  Watch watches[3];
  char *paths[3] = { NULL };

  qm_uploader_set_max_concurrent (uploader, 1);
  for (guint i = 0; i < G_N_ELEMENTS (watches); i++)
    {
      g_autoptr(GBytes) pdf = qm_test_make_pdf (1 + i, "In line", 10 + i);
      g_autofree char *name = g_strdup_printf ("line-%u.pdf", i);

      paths[i] = qm_test_write_file (fixture.dir, name, pdf);
      watch_init (&watches[i]);
      start_upload (uploader, paths[i], &watches[i]);
    }
  g_assert_cmpuint (qm_uploader_get_n_pending (uploader), ==, 3);
  qm_test_wait_until (watches[0].done && watches[1].done && watches[2].done);

  for (guint i = 0; i < G_N_ELEMENTS (watches); i++)
    {
      g_assert_no_error (watches[i].error);
      g_assert_cmpint (watches[i].document->pages, ==, 1 + i);
      /* One at a time, in order: each starts after the one before it ends. */
      if (i > 0)
        g_assert_cmpint (watches[i].first_progress_order, >, watches[i - 1].done_order);
      watch_clear (&watches[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
}

static void
expect_error (QmUploader *uploader,
              const char *path,
              GQuark      domain,
              int         code)
{
  Watch watch;

  watch_init (&watch);
  start_upload (uploader, path, &watch);
  qm_test_wait_until (watch.done);
  g_assert_null (watch.document);
  g_assert_error (watch.error, domain, code);
  watch_clear (&watch);
}

static void
test_refusals (void)
{
  QmSession *session = fixture.session;
  g_autoptr(QmSession) plain_session = session_new ("plain");
  g_autoptr(QmUploader) uploader = qm_uploader_new (session);
  g_autoptr(QmUploader) plain_uploader = qm_uploader_new (plain_session);
  g_autoptr(GBytes) pdf = qm_test_make_pdf (4, "Cut short", 3);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 2);
  g_autoptr(GBytes) text = g_bytes_new_static ("Biên bản họp\n", 14);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  /* Eight times the server's limit: far more than the socket buffers hold,
   * so the 413 must come through as a 413, not as a connection broken
   * halfway through the body. */
  g_autoptr(GBytes) huge = qm_test_make_heavy_pdf (8 * SERVER_LIMIT, "Huge", 4);
  g_autofree char *damaged_path = qm_test_write_file (fixture.dir, "damaged.pdf", truncated);
  g_autofree char *text_path = qm_test_write_file (fixture.dir, "notes.pdf", text);
  g_autofree char *empty_path = qm_test_write_file (fixture.dir, "empty.pdf", empty);
  g_autofree char *huge_path = qm_test_write_file (fixture.dir, "huge.pdf", huge);
  g_autofree char *pdf_path = qm_test_write_file (fixture.dir, "fine.pdf", pdf);
  g_autofree char *missing_path = g_build_filename (fixture.dir, "missing.pdf", NULL);
  g_autofree char *huge_id = qm_test_sha256 (huge);
  gint64 started;

  expect_error (uploader, damaged_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT);
  expect_error (uploader, text_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
  expect_error (uploader, empty_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
  expect_error (uploader, missing_path, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  expect_error (uploader, fixture.dir, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);

  /* Over the uploader's own limit: refused before anything is sent. */
  qm_uploader_set_max_bytes (uploader, 4096);
  expect_error (uploader, huge_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE);

  /* Over the server's limit only: the server's 413. */
  qm_uploader_set_max_bytes (uploader, 0);
  started = g_get_monotonic_time ();
  expect_error (uploader, huge_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE);
  g_test_message ("413 for %" G_GSIZE_FORMAT " bytes after %" G_GINT64_FORMAT " ms",
                  g_bytes_get_size (huge), (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpuint (document_status (huge_id), ==, 404);

  /* An account that may not upload. */
  expect_error (plain_uploader, pdf_path, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN);

  /* A dead token signs the session out. */
  qm_session_set_token (plain_session, "0000000000000000000000000000000000000000000000000000000000000000");
  expect_error (plain_uploader, pdf_path, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID);
  g_assert_false (qm_session_get_logged_in (plain_session));
  expect_error (plain_uploader, pdf_path, QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN);

  /* After all that the uploader still works. */
  {
    Watch watch;

    watch_init (&watch);
    start_upload (uploader, pdf_path, &watch);
    qm_test_wait_until (watch.done);
    g_assert_no_error (watch.error);
    g_assert_cmpint (watch.document->pages, ==, 4);
    watch_clear (&watch);
  }
}

static void
test_unreachable (void)
{
  g_autoptr(QmSession) session = qm_session_new ("http://127.0.0.1:1");
  g_autoptr(QmUploader) uploader = NULL;
  g_autoptr(GBytes) pdf = qm_test_make_pdf (1, "Nowhere", 5);
  g_autofree char *path = qm_test_write_file (fixture.dir, "nowhere.pdf", pdf);

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (session, "0000000000000000000000000000000000000000000000000000000000000000");
  uploader = qm_uploader_new (session);
  expect_error (uploader, path, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE);
}

static void
test_cancel (void)
{
  QmSession *session = fixture.session;
  g_autoptr(QmUploader) uploader = qm_uploader_new (session);
  g_autoptr(GBytes) heavy = qm_test_make_heavy_pdf (900 * 1024, "Cancelled", 6);
  g_autoptr(GBytes) light = qm_test_make_pdf (2, "Waiting", 7);
  g_autoptr(GBytes) after = qm_test_make_pdf (2, "After", 8);
  g_autofree char *heavy_path = qm_test_write_file (fixture.dir, "cancelled.pdf", heavy);
  g_autofree char *light_path = qm_test_write_file (fixture.dir, "waiting.pdf", light);
  g_autofree char *after_path = qm_test_write_file (fixture.dir, "after.pdf", after);
  g_autofree char *heavy_id = qm_test_sha256 (heavy);
  g_autofree char *light_id = qm_test_sha256 (light);
  Watch sending, waiting, next;

  /* One slot: the second waits in line behind the first. */
  qm_uploader_set_max_concurrent (uploader, 1);
  watch_init (&sending);
  watch_init (&waiting);
  watch_init (&next);
  sending.cancel_mid_body = TRUE;
  start_upload (uploader, heavy_path, &sending);
  start_upload (uploader, light_path, &waiting);
  start_upload (uploader, after_path, &next);

  /* Cancelled in line: it leaves at once, without ever starting. */
  g_cancellable_cancel (waiting.cancellable);
  g_assert_false (waiting.done);
  qm_test_wait_until (waiting.done);
  g_assert_error (waiting.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (waiting.sent->len, ==, 0);

  /* Cancelled halfway through its body. */
  qm_test_wait_until (sending.done);
  g_assert_error (sending.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sending.document);
  g_assert_cmpuint (g_array_index (sending.sent, guint64, sending.sent->len - 1), <,
                    g_bytes_get_size (heavy));

  /* The line moves on. */
  qm_test_wait_until (next.done);
  g_assert_no_error (next.error);
  g_assert_cmpuint (qm_uploader_get_n_pending (uploader), ==, 0);

  /* Neither cancelled file reached the server's store. */
  g_assert_cmpuint (document_status (heavy_id), ==, 404);
  g_assert_cmpuint (document_status (light_id), ==, 404);

  /* Cancelled before it was even asked. */
  {
    Watch early;

    watch_init (&early);
    g_cancellable_cancel (early.cancellable);
    start_upload (uploader, after_path, &early);
    qm_test_wait_until (early.done);
    g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    watch_clear (&early);
  }

  watch_clear (&sending);
  watch_clear (&waiting);
  watch_clear (&next);
}

int
main (int   argc,
      char *argv[])
{
  char limit[32];
  const char *config[] = { "limits", "max-document-bytes", limit, NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(QmUser) plain = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_snprintf (limit, sizeof limit, "%d", SERVER_LIMIT);
  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  plain = qm_test_create_user (fixture.server, fixture.root_token, "plain", PASSWORD, 0);
  fixture.dir = g_dir_make_tmp ("quorum-upload-XXXXXX", &error);
  g_assert_no_error (error);

  fixture.session = session_new ("root");

  g_test_add_func ("/quorum/client/uploader/two-at-once", test_two_at_once);
  g_test_add_func ("/quorum/client/uploader/queue", test_queue);
  g_test_add_func ("/quorum/client/uploader/refusals", test_refusals);
  g_test_add_func ("/quorum/client/uploader/unreachable", test_unreachable);
  g_test_add_func ("/quorum/client/uploader/cancel", test_cancel);
  status = g_test_run ();

  g_assert_finalize_object (fixture.session);
  qm_test_remove_dir (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.root_token);
  qm_test_server_free (fixture.server);
  return status;
}
