/* test-client-documents.c: QmDocumentCache against the real quorum-server:
 * download with progress, SHA-256 verification, If-None-Match, repair of a
 * damaged file, refusal of wrong bytes, a whole meeting, cancellation, and
 * offline lookups that hash off the main loop.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "qm-test-server.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"
/* Large enough that hashing it takes many milliseconds. */
#define LARGE_FILE_BYTES (32u * 1024 * 1024)

static struct
{
  QmTestServer *server;
  char         *root_token;
  QmMeeting    *meeting;
  QmDocument   *documents[2];
} fixture;

typedef struct
{
  QmSession       *session;
  QmDocumentCache *cache;
  char            *directory;
  guint            progress_events;
  gint64           last_received;
  gint64           last_total;
  GPtrArray       *messages;     /* every HTTP request made, in order */
  GCancellable    *cancel_on_progress;
} Client;

static void
on_progress (QmDocumentCache *cache,
             const char      *docid,
             gint64           received,
             gint64           total,
             gpointer         user_data)
{
  Client *client = user_data;

  /* Each download starts at 0 and only grows. */
  if (received != 0)
    g_assert_cmpint (received, >=, client->last_received);
  client->progress_events++;
  client->last_received = received;
  client->last_total = total;
  if (client->cancel_on_progress != NULL)
    g_cancellable_cancel (client->cancel_on_progress);
}

static void
on_request_queued (SoupSession *soup,
                   SoupMessage *message,
                   gpointer     user_data)
{
  Client *client = user_data;

  g_ptr_array_add (client->messages, g_object_ref (message));
}

static Client *
client_new (const char *url,
            gboolean    login)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(GError) error = NULL;

  client->session = qm_session_new (url);
  g_object_set (qm_session_get_soup_session (client->session), "proxy-resolver", NULL, NULL);
  if (login)
    {
      g_autoptr(GAsyncResult) result = NULL;

      qm_session_login_async (client->session, "alice", PASSWORD, NULL, qm_test_store_result, &result);
      g_assert_true (qm_session_login_finish (client->session, qm_test_wait_result (&result), &error));
    }
  client->directory = g_dir_make_tmp ("quorum-cache-XXXXXX", &error);
  g_assert_no_error (error);
  client->cache = qm_document_cache_new (client->session, client->directory);
  client->messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (client->cache, "progress", G_CALLBACK (on_progress), client);
  g_signal_connect (qm_session_get_soup_session (client->session), "request-queued",
                    G_CALLBACK (on_request_queued), client);
  g_signal_connect (qm_session_get_download_session (client->session), "request-queued",
                    G_CALLBACK (on_request_queued), client);
  return client;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Every file under path, recursively (temp files included). */
static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (qm_session_get_soup_session (client->session), client);
  g_signal_handlers_disconnect_by_data (qm_session_get_download_session (client->session), client);
  g_assert_finalize_object (client->cache);
  g_assert_finalize_object (client->session);
  remove_tree (client->directory);
  g_free (client->directory);
  g_ptr_array_unref (client->messages);
  g_clear_object (&client->cancel_on_progress);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static char *
fetch (Client      *client,
       const char  *docid,
       GCancellable *cancellable,
       gboolean    *out_downloaded,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_document_cache_fetch_async (client->cache, docid, cancellable, qm_test_store_result, &result);
  return qm_document_cache_fetch_finish (client->cache, qm_test_wait_result (&result), out_downloaded,
                                         error);
}

/* The status the server answered the latest request with. */
static guint
last_status (Client *client)
{
  g_assert_cmpuint (client->messages->len, >, 0);
  return soup_message_get_status (g_ptr_array_index (client->messages, client->messages->len - 1));
}

static void
test_download (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), TRUE);
  QmDocument *document = fixture.documents[0];
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *again = NULL;
  g_autofree char *looked_up = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize length;
  gboolean downloaded = FALSE;

  g_assert_null (qm_document_cache_lookup (client->cache, document->id));

  path = fetch (client, document->id, NULL, &downloaded, &error);
  g_assert_no_error (error);
  g_assert_true (downloaded);
  g_assert_cmpuint (last_status (client), ==, 200);

  /* DIR/ab/<docid>.pdf, with the server's bytes. */
  {
    char prefix[3] = { document->id[0], document->id[1], '\0' };
    g_autofree char *name = g_strconcat (document->id, ".pdf", NULL);

    expected = g_build_filename (client->directory, prefix, name, NULL);
  }
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (length, ==, document->bytes);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  g_assert_cmpstr (sha256, ==, document->id);
  g_assert_cmpuint (count_files (client->directory), ==, 1);

  /* Progress: a start and the bytes as they came, ending at the total. */
  g_assert_cmpuint (client->progress_events, >=, 2);
  g_assert_cmpint (client->last_received, ==, document->bytes);
  g_assert_cmpint (client->last_total, ==, document->bytes);

  /* Offline. */
  looked_up = qm_document_cache_lookup (client->cache, document->id);
  g_assert_cmpstr (looked_up, ==, path);

  /* Again: If-None-Match, the server answers 304, no bytes move. */
  client->progress_events = 0;
  again = fetch (client, document->id, NULL, &downloaded, &error);
  g_assert_no_error (error);
  g_assert_false (downloaded);
  g_assert_cmpstr (again, ==, path);
  g_assert_cmpuint (last_status (client), ==, 304);
  g_assert_cmpuint (client->progress_events, ==, 0);
}

static void
test_damaged_file (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), TRUE);
  QmDocument *document = fixture.documents[1];
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autoptr(QmDocumentCache) fresh = NULL;
  gboolean downloaded = FALSE;

  path = fetch (client, document->id, NULL, &downloaded, &error);
  g_assert_no_error (error);
  g_assert_true (qm_document_cache_verify_file (path, document->id, NULL, &error));
  g_assert_no_error (error);

  /* One byte flipped on disk. */
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    contents[length / 2] ^= 0x20;
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  g_assert_false (qm_document_cache_verify_file (path, document->id, NULL, &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION);
  g_clear_error (&error);

  /* A lookup that has not checked the file yet (a new cache object, as
   * after a restart of the app) refuses it and removes it. */
  fresh = qm_document_cache_new (client->session, client->directory);
  g_assert_null (qm_document_cache_lookup (fresh, document->id));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Damaged again, this time found by a fetch: downloaded anew (no
   * If-None-Match, so a 200). */
  g_assert_true (g_file_set_contents (path, "%PDF-1.4 not the document", -1, NULL));
  again = fetch (client, document->id, NULL, &downloaded, &error);
  g_assert_no_error (error);
  g_assert_true (downloaded);
  g_assert_cmpuint (last_status (client), ==, 200);
  g_assert_true (qm_document_cache_verify_file (again, document->id, NULL, &error));
  g_assert_no_error (error);
}

/* A server that sends other bytes than the document asked for. */
static void
lying_handler (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char body[] = "%PDF-1.4 these are not the bytes you are looking for";

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/pdf", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
}

static void
test_mismatch_refused (void)
{
  g_autoptr(SoupServer) liar = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Client) client = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  gboolean downloaded = TRUE;

  soup_server_add_handler (liar, "/api/v1/documents", lying_handler, NULL, NULL);
  /* Our own socket: soup_server_listen_local leaks its address in 3.2. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_true (soup_server_listen_socket (liar, socket, 0, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  client = client_new (url, FALSE);
  qm_session_set_token (client->session, "any token");
  path = fetch (client, fixture.documents[0]->id, NULL, &downloaded, &error);
  g_assert_null (path);
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION);
  g_assert_false (downloaded);
  /* Nothing is kept: neither the document nor the temp file. */
  g_assert_cmpuint (count_files (client->directory), ==, 0);
  g_assert_null (qm_document_cache_lookup (client->cache, fixture.documents[0]->id));

  soup_server_disconnect (liar);
}

static void
test_not_found (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = fetch (client, "0000000000000000000000000000000000000000000000000000000000000000", NULL,
                NULL, &error);
  g_assert_null (path);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_files (client->directory), ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* Cancelled at the first progress report, mid-download. */
  client->cancel_on_progress = g_cancellable_new ();
  path = fetch (client, fixture.documents[0]->id, client->cancel_on_progress, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (client->directory), ==, 0);
}

typedef struct
{
  guint64 done_bytes;
  guint64 total_bytes;
  guint   done_documents;
  guint   n_documents;
  guint   calls;
} MeetingProgress;

static void
on_meeting_progress (guint64  done_bytes,
                     guint64  total_bytes,
                     guint    done_documents,
                     guint    n_documents,
                     gpointer user_data)
{
  MeetingProgress *progress = user_data;

  g_assert_cmpuint (done_bytes, >=, progress->done_bytes);
  g_assert_cmpuint (done_bytes, <=, total_bytes);
  progress->done_bytes = done_bytes;
  progress->total_bytes = total_bytes;
  progress->done_documents = done_documents;
  progress->n_documents = n_documents;
  progress->calls++;
}

static void
test_meeting (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), TRUE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MeetingProgress progress = { 0, };
  guint i;

  qm_document_cache_fetch_meeting_async (client->cache, fixture.meeting, on_meeting_progress,
                                         &progress, NULL, NULL, qm_test_store_result, &result);
  g_assert_true (qm_document_cache_fetch_meeting_finish (client->cache, qm_test_wait_result (&result),
                                                         &error));
  g_assert_no_error (error);

  g_assert_cmpuint (progress.n_documents, ==, 2);
  g_assert_cmpuint (progress.done_documents, ==, 2);
  g_assert_cmpuint (progress.total_bytes, ==,
                    fixture.documents[0]->bytes + fixture.documents[1]->bytes);
  g_assert_cmpuint (progress.done_bytes, ==, progress.total_bytes);
  g_assert_cmpuint (progress.calls, >, 3);

  for (i = 0; i < G_N_ELEMENTS (fixture.documents); i++)
    {
      g_autofree char *path = qm_document_cache_lookup (client->cache, fixture.documents[i]->id);

      g_assert_nonnull (path);
    }
}

typedef struct
{
  GAsyncResult *result;
  guint         ticks_while_hashing;
} LookupWatch;

static gboolean
count_tick (gpointer user_data)
{
  LookupWatch *watch = user_data;

  if (watch->result == NULL)
    watch->ticks_while_hashing++;
  return G_SOURCE_CONTINUE;
}

/* A large file the cache has not checked yet: the lookup hashes it on a
 * worker thread while the main loop keeps dispatching; a damaged one is
 * refused and removed. */
static void
test_lookup_async (void)
{
  g_autoptr(Client) client = client_new (qm_test_server_get_url (fixture.server), FALSE);
  g_autoptr(QmDocumentCache) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (LARGE_FILE_BYTES);
  g_autofree char *docid = NULL;
  g_autofree char *path = NULL;
  g_autofree char *found = NULL;
  g_autofree char *dir = NULL;
  LookupWatch watch = { NULL, 0 };
  guint tick;
  guint32 state = 1;

  for (gsize i = 0; i < LARGE_FILE_BYTES; i++)
    {
      state = state * 1103515245u + 12345u;
      bytes[i] = (guint8) (state >> 16);
    }
  docid = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, LARGE_FILE_BYTES);
  path = qm_document_cache_get_path (client->cache, docid);
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (char *) bytes, LARGE_FILE_BYTES, NULL));

  tick = g_timeout_add (1, count_tick, &watch);
  qm_document_cache_lookup_async (client->cache, docid, NULL, qm_test_store_result, &watch.result);
  found = qm_document_cache_lookup_finish (client->cache, qm_test_wait_result (&watch.result), &error);
  g_source_remove (tick);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, path);
  g_test_message ("%u ticks of 1 ms while hashing %u MiB", watch.ticks_while_hashing,
                  LARGE_FILE_BYTES >> 20);
  g_assert_cmpuint (watch.ticks_while_hashing, >=, 3);
  g_clear_object (&watch.result);
  g_clear_pointer (&found, g_free);

  /* Verified once: the next lookup answers without hashing again. */
  qm_document_cache_lookup_async (client->cache, docid, NULL, qm_test_store_result, &watch.result);
  found = qm_document_cache_lookup_finish (client->cache, qm_test_wait_result (&watch.result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, path);
  g_clear_object (&watch.result);
  g_clear_pointer (&found, g_free);

  /* Tampered on disk, seen by a cache object that has not checked it. */
  bytes[LARGE_FILE_BYTES / 3] ^= 0x01;
  g_assert_true (g_file_set_contents (path, (char *) bytes, LARGE_FILE_BYTES, NULL));
  fresh = qm_document_cache_new (client->session, client->directory);
  qm_document_cache_lookup_async (fresh, docid, NULL, qm_test_store_result, &watch.result);
  found = qm_document_cache_lookup_finish (fresh, qm_test_wait_result (&watch.result), &error);
  g_assert_null (found);
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&watch.result);

  /* Gone: not in the cache, which is no error. */
  qm_document_cache_lookup_async (fresh, docid, NULL, qm_test_store_result, &watch.result);
  found = qm_document_cache_lookup_finish (fresh, qm_test_wait_result (&watch.result), &error);
  g_assert_null (found);
  g_assert_no_error (error);
  g_clear_object (&watch.result);
}

static void
test_default_directory (void)
{
  g_autoptr(QmSession) session = qm_session_new ("http://127.0.0.1:1/");
  g_autoptr(QmDocumentCache) cache = qm_document_cache_new (session, NULL);
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "quorum", "documents",
                                                NULL);

  g_assert_cmpstr (qm_document_cache_get_directory (cache), ==, expected);
}

/* A fresh server with root signed in and alice a delegate of one new
 * meeting, with two agenda items. */
static QmTestServer *
server_with_meeting (char          **out_root,
                     QmMeeting     **out_meeting,
                     QmAgendaItem  **out_first,
                     QmAgendaItem  **out_second)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  const char *names[] = { "alice" };
  QmAccountRoles roles[] = { 0 };
  gint64 ids[1];
  QmTestServer *server = qm_test_server_new (&options);
  g_autoptr(QmParticipant) participant = NULL;

  *out_root = qm_test_login (server, "root", PASSWORD);
  qm_test_create_users (server, *out_root, 1, names, roles, PASSWORD, ids);
  *out_meeting = qm_test_create_meeting (server, *out_root, "Họp tài liệu", NULL);
  participant = qm_test_put_participant (server, *out_root, (*out_meeting)->id, ids[0],
                                         "delegate");
  *out_first = qm_test_add_item (server, *out_root, (*out_meeting)->id, "Một");
  *out_second = qm_test_add_item (server, *out_root, (*out_meeting)->id, "Hai");
  return server;
}

/* Downloads go over connections of their own, which the server answers on
 * its lean path (its status report counts them), even after the session
 * spoke JSON on the main pool. */
static void
test_lean_path (void)
{
  g_autoptr(QmTestServer) server = NULL;
  g_autoptr(Client) client = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) other = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(GBytes) pdf = qm_test_make_pdf (3, "Đường ngắn", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *log = NULL;
  QmTestLogCapture capture;

  /* A server of its own: only a server started after the capture logs to it. */
  qm_test_log_capture_begin (&capture);
  server = server_with_meeting (&root, &meeting, &item, &other);
  document = qm_test_upload (server, root, "doc.pdf", pdf);
  attached = qm_test_attach (server, root, meeting->id, item->id, document->id);

  /* Signing in is a JSON request on the session's main pool. */
  client = client_new (qm_test_server_get_url (server), TRUE);
  path = fetch (client, document->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last_status (client), ==, 200);
  again = fetch (client, document->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (last_status (client), ==, 304);

  qm_test_server_signal (server, SIGUSR1);
  qm_test_log_capture_wait (&capture, "status: lean document path: ");
  qm_test_server_stop (server);
  log = qm_test_log_capture_end (&capture);
  g_assert_nonnull (strstr (log, "status: lean document path: 2 request(s) answered"));
}

static void
fixture_set_up (void)
{
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) first = NULL;
  g_autoptr(QmAgendaItem) second = NULL;
  guint i;

  fixture.server = server_with_meeting (&fixture.root_token, &meeting, &first, &second);
  for (i = 0; i < G_N_ELEMENTS (fixture.documents); i++)
    {
      g_autoptr(GBytes) pdf = qm_test_make_pdf (40 + 20 * i, "Tài liệu", 7 + i);
      g_autoptr(QmAgendaItem) item = NULL;

      fixture.documents[i] = qm_test_upload (fixture.server, fixture.root_token, "doc.pdf", pdf);
      item = qm_test_attach (fixture.server, fixture.root_token, meeting->id,
                             i == 0 ? first->id : second->id, fixture.documents[i]->id);
    }
  /* The first document on both items: fetched once. */
  {
    g_autoptr(QmAgendaItem) item = qm_test_attach (fixture.server, fixture.root_token,
                                                   meeting->id, second->id,
                                                   fixture.documents[0]->id);
  }
  fixture.meeting = qm_test_get_meeting (fixture.server, fixture.root_token, meeting->id);
}

int
main (int    argc,
      char **argv)
{
  int result;
  guint i;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/client/documents/download", test_download);
  g_test_add_func ("/quorum/client/documents/damaged-file", test_damaged_file);
  g_test_add_func ("/quorum/client/documents/mismatch-refused", test_mismatch_refused);
  g_test_add_func ("/quorum/client/documents/not-found", test_not_found);
  g_test_add_func ("/quorum/client/documents/cancel", test_cancel);
  g_test_add_func ("/quorum/client/documents/meeting", test_meeting);
  g_test_add_func ("/quorum/client/documents/lookup-async", test_lookup_async);
  g_test_add_func ("/quorum/client/documents/default-directory", test_default_directory);
  g_test_add_func ("/quorum/client/documents/lean-path", test_lean_path);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  g_clear_pointer (&fixture.meeting, qm_meeting_free);
  for (i = 0; i < G_N_ELEMENTS (fixture.documents); i++)
    g_clear_pointer (&fixture.documents[i], qm_document_free);
  return result;
}
