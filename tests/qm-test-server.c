/* qm-test-server.c: runs the real quorum-server as a subprocess on a fresh
 * data folder, and offers HTTP shortcuts to the integration tests.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "qm-test-server.h"

#define LISTENING_PREFIX "quorum-server listening on "
#define FINGERPRINT_PREFIX "quorum-server certificate sha256 "

gboolean
_qm_test_deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
qm_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
qm_test_wait_result (GAsyncResult **slot)
{
  qm_test_wait_until (*slot != NULL);
  return *slot;
}

void
qm_test_settle (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, _qm_test_deadline_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

struct _QmTestServer
{
  char             *server_path;
  char             *data_dir;
  char             *config_path;
  gboolean          demo;
  GStrv             args;
  gboolean          keep_port;
  guint16           port;         /* of the last start */

  GMainContext     *context;      /* every wait iterates this one */
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  char             *certificate_sha256;  /* with TLS */
  SoupSession      *session;
};

/* Waiting */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the context until *done or the timeout; returns *done. */
static gboolean
wait_until (GMainContext *context,
            gboolean     *done,
            guint         seconds)
{
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!*done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return *done;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  char    *text;
  GError  *error;
} Op;

static void
op_clear (Op *op)
{
  g_clear_pointer (&op->text, g_free);
  g_clear_error (&op->error);
}

static void
process_waited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Op *op = user_data;

  op->ok = g_subprocess_wait_finish (G_SUBPROCESS (source), result, &op->error);
  op->done = TRUE;
}

/* Waits for the process to exit; on timeout kills it and returns FALSE. */
static gboolean
wait_for_exit (QmTestServer *self,
               GSubprocess  *process,
               guint         seconds)
{
  Op op = { 0 };
  gboolean exited;

  g_main_context_push_thread_default (self->context);
  g_subprocess_wait_async (process, NULL, process_waited, &op);
  exited = wait_until (self->context, &op.done, seconds);
  if (!exited)
    {
      g_subprocess_force_exit (process);
      /* The callback holds &op: it must run before we return. */
      while (!op.done)
        g_main_context_iteration (self->context, TRUE);
    }
  g_main_context_pop_thread_default (self->context);
  op_clear (&op);
  return exited;
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    return g_strdup_printf ("was killed by signal %d (%s)", g_subprocess_get_term_sig (process),
                            g_strsignal (g_subprocess_get_term_sig (process)));
  return g_strdup ("ended in an unknown way");
}

/* Processes */

/* Runs in the child between fork and exec: no server outlives the test. */
static void
die_with_parent (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The test may have died before prctl took effect. */
  if (getppid () != parent)
    _exit (127);
}

static GSubprocessLauncher *
make_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
  return launcher;
}

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Op *op = user_data;

  op->ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &op->text, NULL,
                                                 &op->error);
  op->done = TRUE;
}

static void
create_admin (QmTestServer *self,
              const char   *username,
              const char   *password)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                           | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autofree char *how = NULL;
  Op op = { 0 };

  process = g_subprocess_launcher_spawn (launcher, &error, self->server_path,
                                         "--data-dir", self->data_dir,
                                         "--create-admin", username, NULL);
  g_assert_no_error (error);

  /* Pushed for the whole operation: its later steps attach their sources to
   * the thread-default context of the moment. */
  g_main_context_push_thread_default (self->context);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicated, &op);
  if (!wait_until (self->context, &op.done, QM_TEST_SERVER_TIMEOUT_SECONDS))
    {
      g_subprocess_force_exit (process);
      while (!op.done)
        g_main_context_iteration (self->context, TRUE);
      op_clear (&op);
      g_error ("quorum-server --create-admin did not finish within %d s",
               QM_TEST_SERVER_TIMEOUT_SECONDS);
    }
  g_main_context_pop_thread_default (self->context);
  g_assert_no_error (op.error);
  g_assert_true (op.ok);
  g_assert_true (wait_for_exit (self, process, QM_TEST_SERVER_TIMEOUT_SECONDS));
  how = describe_exit (process);
  if (!g_subprocess_get_successful (process))
    g_error ("quorum-server --create-admin %s %s; it said: %s", username, how, op.text);
  g_assert_nonnull (strstr (op.text, username));
  op_clear (&op);
}

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;

  op->text = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                        NULL, &op->error);
  op->done = TRUE;
}

/* The next stdout line, or NULL at the end; FALSE on timeout. */
static gboolean
read_line (QmTestServer  *self,
           char         **out_line)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Op op = { 0 };
  gboolean in_time;

  g_main_context_push_thread_default (self->context);
  g_data_input_stream_read_line_async (self->out, G_PRIORITY_DEFAULT, cancellable, line_read, &op);
  in_time = wait_until (self->context, &op.done, QM_TEST_SERVER_TIMEOUT_SECONDS);
  if (!in_time)
    {
      g_cancellable_cancel (cancellable);
      while (!op.done)
        g_main_context_iteration (self->context, TRUE);
    }
  g_main_context_pop_thread_default (self->context);
  g_assert (in_time || op.error != NULL);
  if (in_time)
    g_assert_no_error (op.error);
  *out_line = g_steal_pointer (&op.text);
  op_clear (&op);
  return in_time;
}

static void
drop_session (QmTestServer *self)
{
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
}

void
qm_test_server_start (QmTestServer *self)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GUri) uri = NULL;

  g_assert_null (self->process);
  listen = self->keep_port && self->port != 0 ? g_strdup_printf ("127.0.0.1:%u", self->port)
                                              : g_strdup ("127.0.0.1:0");

  g_ptr_array_add (argv, self->server_path);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, listen);
  if (self->config_path != NULL)
    {
      g_ptr_array_add (argv, (char *) "--config");
      g_ptr_array_add (argv, self->config_path);
    }
  if (self->demo)
    g_ptr_array_add (argv, (char *) "--demo");
  for (guint i = 0; self->args != NULL && self->args[i] != NULL; i++)
    g_ptr_array_add (argv, self->args[i]);
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  self->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  if (!read_line (self, &line))
    {
      qm_test_server_kill (self);
      g_error ("quorum-server did not print its first line within %d s",
               QM_TEST_SERVER_TIMEOUT_SECONDS);
    }
  if (line == NULL)
    {
      g_autofree char *how = NULL;

      wait_for_exit (self, self->process, QM_TEST_SERVER_TIMEOUT_SECONDS);
      how = describe_exit (self->process);
      g_error ("quorum-server %s before saying where it listens", how);
    }
  if (!g_str_has_prefix (line, LISTENING_PREFIX) || !g_str_has_suffix (line, "/"))
    {
      qm_test_server_kill (self);
      g_error ("quorum-server's first line is “%s”, not “" LISTENING_PREFIX "http://HOST:PORT/”",
               line);
    }

  self->url = g_strdup (line + strlen (LISTENING_PREFIX));
  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:")
                 || g_str_has_prefix (self->url, "https://127.0.0.1:"));
  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  if (self->keep_port && self->port != 0)
    g_assert_cmpint (g_uri_get_port (uri), ==, self->port);
  self->port = g_uri_get_port (uri);
  if (g_str_has_prefix (self->url, "https://"))
    {
      g_autofree char *second = NULL;

      /* With TLS the next line is the certificate's fingerprint. */
      if (!read_line (self, &second) || second == NULL
          || !g_str_has_prefix (second, FINGERPRINT_PREFIX))
        {
          qm_test_server_kill (self);
          g_error ("quorum-server over https did not print its certificate's fingerprint");
        }
      self->certificate_sha256 = g_strdup (second + strlen (FINGERPRINT_PREFIX));
    }
  /* No proxy: the server is on the loopback, whatever the environment says. */
  self->session = soup_session_new_with_options ("timeout", QM_TEST_HTTP_TIMEOUT_SECONDS,
                                                 "idle-timeout", QM_TEST_HTTP_TIMEOUT_SECONDS,
                                                 "proxy-resolver", NULL,
                                                 NULL);
}

static void
forget_process (QmTestServer *self)
{
  drop_session (self);
  g_clear_object (&self->out);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->certificate_sha256, g_free);
}

void
qm_test_server_stop (QmTestServer *self)
{
  g_autofree char *how = NULL;
  gboolean clean;

  g_assert_nonnull (self->process);
  drop_session (self);
  g_subprocess_send_signal (self->process, SIGTERM);
  if (!wait_for_exit (self, self->process, QM_TEST_SERVER_TIMEOUT_SECONDS))
    {
      forget_process (self);
      g_error ("quorum-server did not exit within %d s of SIGTERM", QM_TEST_SERVER_TIMEOUT_SECONDS);
    }
  clean = g_subprocess_get_if_exited (self->process)
          && g_subprocess_get_exit_status (self->process) == 0;
  how = describe_exit (self->process);
  forget_process (self);
  if (!clean)
    g_error ("quorum-server %s after SIGTERM instead of exiting with 0 "
             "(under a sanitizer: see its report above)", how);
}

void
qm_test_server_kill (QmTestServer *self)
{
  g_assert_nonnull (self->process);
  drop_session (self);
  g_subprocess_send_signal (self->process, SIGKILL);
  if (!wait_for_exit (self, self->process, QM_TEST_SERVER_TIMEOUT_SECONDS))
    g_error ("quorum-server did not die of SIGKILL within %d s", QM_TEST_SERVER_TIMEOUT_SECONDS);
  g_assert_true (g_subprocess_get_if_signaled (self->process));
  g_assert_cmpint (g_subprocess_get_term_sig (self->process), ==, SIGKILL);
  forget_process (self);
}

void
qm_test_server_signal (QmTestServer *self,
                       int           signum)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, signum);
}

void
qm_test_server_restart (QmTestServer *self)
{
  qm_test_server_stop (self);
  qm_test_server_start (self);
}

void
qm_test_server_kill_restart (QmTestServer *self)
{
  qm_test_server_kill (self);
  qm_test_server_start (self);
}

gboolean
qm_test_server_is_running (QmTestServer *self)
{
  return self->process != NULL;
}

const char *
qm_test_server_get_url (QmTestServer *self)
{
  g_assert_nonnull (self->url);
  return self->url;
}

const char *
qm_test_server_get_certificate_sha256 (QmTestServer *self)
{
  return self->certificate_sha256;
}

const char *
qm_test_server_get_data_dir (QmTestServer *self)
{
  return self->data_dir;
}

char *
qm_test_server_read_line (QmTestServer *self)
{
  char *line = NULL;

  g_assert_nonnull (self->out);
  if (!read_line (self, &line))
    g_error ("quorum-server printed no further line within %d s", QM_TEST_SERVER_TIMEOUT_SECONDS);
  return line;
}

static void
write_config (QmTestServer       *self,
              const char * const *config)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; config[i] != NULL; i += 3)
    {
      g_assert_nonnull (config[i + 1]);
      g_assert_nonnull (config[i + 2]);
      g_key_file_set_string (file, config[i], config[i + 1], config[i + 2]);
    }
  self->config_path = g_build_filename (self->data_dir, "quorum-server.conf", NULL);
  g_key_file_save_to_file (file, self->config_path, &error);
  g_assert_no_error (error);
}

QmTestServer *
qm_test_server_new (const QmTestServerOptions *options)
{
  QmTestServer *self = g_new0 (QmTestServer, 1);
  const char *server_path = g_getenv ("QUORUM_SERVER");
  g_autoptr(GError) error = NULL;

  if (server_path == NULL || !g_file_test (server_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("QUORUM_SERVER must name the quorum-server binary (meson test sets it)");
  self->server_path = g_strdup (server_path);
  self->context = g_main_context_new ();
  self->data_dir = g_dir_make_tmp ("quorum-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->demo = options != NULL && options->demo;
  self->args = options != NULL ? g_strdupv ((char **) options->args) : NULL;
  self->keep_port = options != NULL && options->keep_port;

  if (options != NULL && options->config != NULL)
    write_config (self, options->config);
  if (options != NULL && options->admin_username != NULL)
    create_admin (self, options->admin_username, options->admin_password);

  qm_test_server_start (self);
  return self;
}

void
qm_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          qm_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
qm_test_server_free (QmTestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    qm_test_server_stop (self);
  qm_test_remove_tree (self->data_dir);
  g_free (self->data_dir);
  g_free (self->config_path);
  g_strfreev (self->args);
  g_free (self->server_path);
  g_main_context_unref (self->context);
  g_free (self);
}

/* HTTP */

/* Over TLS the harness trusts exactly the certificate the server printed. */
static gboolean
accept_printed (SoupMessage          *message,
                GTlsCertificate      *certificate,
                GTlsCertificateFlags  errors,
                gpointer              user_data)
{
  const char *expected = user_data;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *sha256 = NULL;

  GString *pairs = g_string_new (NULL);
  gboolean same;

  g_object_get (certificate, "certificate", &der, NULL);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  /* Printed as upper-case pairs joined by colons (PROTOCOL.md §10). */
  for (guint i = 0; sha256[i] != '\0'; i += 2)
    g_string_append_printf (pairs, "%s%c%c", i > 0 ? ":" : "",
                            g_ascii_toupper (sha256[i]), g_ascii_toupper (sha256[i + 1]));
  same = g_strcmp0 (pairs->str, expected) == 0;
  g_string_free (pairs, TRUE);
  return same;
}

static void
free_fingerprint (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static void
watch_certificate (QmTestServer *self,
                   SoupMessage  *message)
{
  if (self->certificate_sha256 != NULL)
    g_signal_connect_data (message, "accept-certificate", G_CALLBACK (accept_printed),
                           g_strdup (self->certificate_sha256), free_fingerprint, 0);
}

/* libsoup writes a request's headers and body apart: without this, Nagle's
 * algorithm and the server's delayed ACK cost 40 ms per request with a body. */
static void
network_event (SoupMessage        *message,
               GSocketClientEvent  event,
               GIOStream          *connection,
               gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

GBytes *
qm_test_request_full (QmTestServer        *self,
                      const char          *method,
                      const char          *path,
                      const char          *token,
                      const char * const  *request_headers,
                      const char          *content_type,
                      gconstpointer        body,
                      gsize                length,
                      gboolean             chunked,
                      guint               *out_status,
                      SoupMessageHeaders **out_headers)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GBytes *response;

  g_assert_nonnull (self->session);
  g_assert_true (path[0] == '/');
  uri = g_strdup_printf ("%.*s%s", (int) strlen (self->url) - 1, self->url, path);
  message = soup_message_new (method, uri);
  g_assert_nonnull (message);
  g_signal_connect (message, "network-event", G_CALLBACK (network_event), NULL);
  watch_certificate (self, message);
  /* The server answers document GETs on a lean path only while a connection
   * has carried nothing else (server/qm-fast-http.c): a fresh connection
   * makes every test's downloads go that way, and the JSON requests that
   * later reuse it test the hand-over to libsoup. */
  if (g_str_equal (method, "GET") && g_str_has_prefix (path, "/api/v1/documents/"))
    soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
  headers = soup_message_get_request_headers (message);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  for (guint i = 0; request_headers != NULL && request_headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, request_headers[i], request_headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      if (chunked)
        {
          g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

          soup_message_set_request_body (message, content_type, stream, -1);
        }
      else
        soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }

  response = soup_session_send_and_read (self->session, message, NULL, &error);
  if (response == NULL)
    g_error ("%s %s failed: %s", method, path, error->message);

  *out_status = soup_message_get_status (message);
  if (out_headers != NULL)
    *out_headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  return response;
}

GBytes *
qm_test_request (QmTestServer        *self,
                 const char          *method,
                 const char          *path,
                 const char          *token,
                 const char          *content_type,
                 gconstpointer        body,
                 gsize                length,
                 guint               *out_status,
                 SoupMessageHeaders **out_headers)
{
  return qm_test_request_full (self, method, path, token, NULL, content_type, body, length, FALSE,
                               out_status, out_headers);
}

GBytes *
qm_test_json (QmTestServer *self,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *json,
              guint        *out_status)
{
  return qm_test_request (self, method, path, token, "application/json", json,
                          json ? strlen (json) : 0, out_status, NULL);
}

typedef struct
{
  guint    left;
  gboolean all_done;
} Progress;

typedef struct
{
  QmTestCall *call;
  Progress   *progress;
  GError     *error;
} Pending;

static void
parallel_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  pending->call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                           &pending->error);
  pending->call->status = soup_message_get_status (message);
  if (--pending->progress->left == 0)
    pending->progress->all_done = TRUE;
}

void
qm_test_json_parallel (QmTestServer *self,
                       QmTestCall   *calls,
                       guint         n_calls)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree Pending *pendings = g_new0 (Pending, n_calls);
  Progress progress = { n_calls, n_calls == 0 };

  /* A session of its own, made and run in our context from start to end. */
  g_main_context_push_thread_default (self->context);
  session = soup_session_new_with_options ("timeout", QM_TEST_HTTP_TIMEOUT_SECONDS,
                                           "proxy-resolver", NULL,
                                           "max-conns-per-host", MAX (n_calls, 2),
                                           NULL);
  for (guint i = 0; i < n_calls; i++)
    {
      g_autofree char *uri = g_strdup_printf ("%.*s%s", (int) strlen (self->url) - 1, self->url,
                                              calls[i].path);
      g_autoptr(SoupMessage) message = soup_message_new (calls[i].method, uri);

      g_assert_nonnull (message);
      g_signal_connect (message, "network-event", G_CALLBACK (network_event), NULL);
      watch_certificate (self, message);
      if (calls[i].token != NULL)
        {
          g_autofree char *authorization = g_strdup_printf ("Bearer %s", calls[i].token);

          soup_message_headers_replace (soup_message_get_request_headers (message),
                                        "Authorization", authorization);
        }
      if (calls[i].json != NULL)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (calls[i].json, strlen (calls[i].json));

          soup_message_set_request_body_from_bytes (message, "application/json", bytes);
        }
      pendings[i].call = &calls[i];
      pendings[i].progress = &progress;
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                        parallel_done, &pendings[i]);
    }

  if (!wait_until (self->context, &progress.all_done, QM_TEST_HTTP_TIMEOUT_SECONDS))
    {
      /* The callbacks hold pointers into this frame: let them all run. */
      soup_session_abort (session);
      while (!progress.all_done)
        g_main_context_iteration (self->context, TRUE);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (self->context);

  for (guint i = 0; i < n_calls; i++)
    if (pendings[i].error != NULL)
      g_error ("%s %s failed: %s", calls[i].method, calls[i].path, pendings[i].error->message);
}

void
qm_test_calls_clear (QmTestCall *calls,
                     guint       n_calls)
{
  for (guint i = 0; i < n_calls; i++)
    g_clear_pointer (&calls[i].body, g_bytes_unref);
}

/* A short printable excerpt of a body, for failure messages. */
static char *
excerpt (GBytes *body)
{
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  g_autofree char *valid = NULL;

  if (size == 0)
    return g_strdup ("(empty)");
  valid = g_utf8_make_valid (data, MIN (size, 400));
  return g_strdup_printf ("%s%s", valid, size > 400 ? "…" : "");
}

char *
qm_test_error_code (GBytes *body)
{
  g_autoptr(QmErrorBody) error_body = NULL;
  gsize size = 0;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (size == 0)
    return NULL;
  error_body = qm_error_body_parse (data, size, NULL);
  return error_body ? g_strdup (error_body->code) : NULL;
}

void
qm_test_assert_status_at (const char *file,
                          int         line,
                          const char *func,
                          GBytes     *body,
                          guint       status,
                          guint       expected)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (status == expected)
    return;
  text = excerpt (body);
  message = g_strdup_printf ("expected status %u, got %u; body: %s", expected, status, text);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

void
qm_test_assert_error_at (const char *file,
                         int         line,
                         const char *func,
                         GBytes     *body,
                         guint       status,
                         guint       expected,
                         const char *code)
{
  g_autofree char *got = qm_test_error_code (body);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (status == expected && g_strcmp0 (got, code) == 0)
    return;
  text = excerpt (body);
  message = g_strdup_printf ("expected %u “%s”, got %u “%s”; body: %s", expected, code, status,
                             got ? got : "(no error body)", text);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
}

gpointer
qm_test_parse (GBytes   *body,
               gpointer (*parse) (const char *, gssize, GError **))
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  gpointer value = parse (data, size, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

gpointer
qm_test_get (QmTestServer *self,
             const char   *path,
             const char   *token,
             gpointer    (*parse) (const char *, gssize, GError **))
{
  guint status;
  g_autoptr(GBytes) body = qm_test_json (self, "GET", path, token, NULL, &status);

  qm_test_assert_status (body, status, 200);
  return qm_test_parse (body, parse);
}

/* Shortcuts */

char *
qm_test_login (QmTestServer *self,
               const char   *username,
               const char   *password)
{
  g_autoptr(QmLoginRequest) request = qm_login_request_new ();
  g_autoptr(QmLoginResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  guint status;

  request->username = g_strdup (username);
  request->password = g_strdup (password);
  json = qm_login_request_serialize (request, NULL);
  body = qm_test_json (self, "POST", "/api/v1/login", NULL, json, &status);
  qm_test_assert_status (body, status, 200);
  response = qm_test_parse (body, (gpointer) qm_login_response_parse);
  g_assert_cmpstr (response->user->username, ==, username);
  return g_steal_pointer (&response->token);
}

QmUser *
qm_test_create_user (QmTestServer   *self,
                     const char     *admin_token,
                     const char     *username,
                     const char     *password,
                     QmAccountRoles  roles)
{
  g_autoptr(QmUserCreate) request = qm_user_create_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  QmUser *user;
  guint status;

  request->username = g_strdup (username);
  request->display_name = g_strdup_printf ("Test %s", username);
  request->password = g_strdup (password);
  request->roles = roles;
  json = qm_user_create_serialize (request, NULL);
  body = qm_test_json (self, "POST", "/api/v1/users", admin_token, json, &status);
  qm_test_assert_status (body, status, 201);
  user = qm_test_parse (body, (gpointer) qm_user_parse);
  g_assert_cmpstr (user->username, ==, username);
  g_assert_cmpint (user->roles, ==, roles);
  return user;
}

void
qm_test_create_users (QmTestServer         *self,
                      const char           *admin_token,
                      guint                 n_users,
                      const char * const   *usernames,
                      const QmAccountRoles *roles,
                      const char           *password,
                      gint64               *out_ids)
{
  g_autofree QmTestCall *calls = g_new0 (QmTestCall, n_users);
  g_auto(GStrv) bodies = g_new0 (char *, n_users + 1);
  g_autofree guint *index = g_new0 (guint, n_users);
  guint n_calls = 0;

  for (guint i = 0; i < n_users; i++)
    {
      g_autoptr(QmUserCreate) request = qm_user_create_new ();

      if (usernames[i] == NULL)
        continue;
      request->username = g_strdup (usernames[i]);
      request->display_name = g_strdup_printf ("Test %s", usernames[i]);
      request->password = g_strdup (password);
      request->roles = roles[i];
      bodies[n_calls] = qm_user_create_serialize (request, NULL);
      calls[n_calls] = (QmTestCall) { "POST", "/api/v1/users", admin_token, bodies[n_calls] };
      index[n_calls++] = i;
    }
  qm_test_json_parallel (self, calls, n_calls);
  for (guint c = 0; c < n_calls; c++)
    {
      g_autoptr(QmUser) user = NULL;

      qm_test_assert_status (calls[c].body, calls[c].status, 201);
      user = qm_test_parse (calls[c].body, (gpointer) qm_user_parse);
      g_assert_cmpstr (user->username, ==, usernames[index[c]]);
      g_assert_cmpint (user->roles, ==, roles[index[c]]);
      out_ids[index[c]] = user->id;
    }
  qm_test_calls_clear (calls, n_calls);
}

void
qm_test_login_many (QmTestServer        *self,
                    guint                n_users,
                    const char * const  *usernames,
                    const char          *password,
                    char               **out_tokens)
{
  g_autofree QmTestCall *calls = g_new0 (QmTestCall, n_users);
  g_auto(GStrv) bodies = g_new0 (char *, n_users + 1);
  g_autofree guint *index = g_new0 (guint, n_users);
  guint n_calls = 0;

  for (guint i = 0; i < n_users; i++)
    {
      g_autoptr(QmLoginRequest) request = qm_login_request_new ();

      if (usernames[i] == NULL)
        continue;
      request->username = g_strdup (usernames[i]);
      request->password = g_strdup (password);
      bodies[n_calls] = qm_login_request_serialize (request, NULL);
      calls[n_calls] = (QmTestCall) { "POST", "/api/v1/login", NULL, bodies[n_calls] };
      index[n_calls++] = i;
    }
  qm_test_json_parallel (self, calls, n_calls);
  for (guint c = 0; c < n_calls; c++)
    {
      g_autoptr(QmLoginResponse) response = NULL;

      qm_test_assert_status (calls[c].body, calls[c].status, 200);
      response = qm_test_parse (calls[c].body, (gpointer) qm_login_response_parse);
      g_assert_cmpstr (response->user->username, ==, usernames[index[c]]);
      out_tokens[index[c]] = g_steal_pointer (&response->token);
    }
  qm_test_calls_clear (calls, n_calls);
}

QmMeeting *
qm_test_create_meeting (QmTestServer *self,
                        const char   *token,
                        const char   *title,
                        const char   *starts_at)
{
  g_autoptr(QmMeetingCreate) request = qm_meeting_create_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  QmMeeting *meeting;
  guint status;

  request->title = g_strdup (title);
  request->starts_at = g_strdup (starts_at ? starts_at : "2030-01-15T09:00:00+07:00");
  request->location = g_strdup ("Phòng họp 1");
  json = qm_meeting_create_serialize (request, NULL);
  body = qm_test_json (self, "POST", "/api/v1/meetings", token, json, &status);
  qm_test_assert_status (body, status, 201);
  meeting = qm_test_parse (body, (gpointer) qm_meeting_parse);
  g_assert_cmpstr (meeting->title, ==, title);
  return meeting;
}

QmParticipant *
qm_test_put_participant (QmTestServer *self,
                         const char   *token,
                         gint64        meeting_id,
                         gint64        user_id,
                         const char   *role)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT
                                           "/participants/%" G_GINT64_FORMAT,
                                           meeting_id, user_id);
  g_autofree char *json = g_strdup_printf ("{\"role\":\"%s\"}", role);
  g_autoptr(GBytes) body = NULL;
  QmParticipant *participant;
  guint status;

  body = qm_test_json (self, "PUT", path, token, json, &status);
  qm_test_assert_status (body, status, 200);
  participant = qm_test_parse (body, (gpointer) qm_participant_parse);
  g_assert_cmpint (participant->user_id, ==, user_id);
  g_assert_cmpstr (qm_meeting_role_to_string (participant->role), ==, role);
  return participant;
}

void
qm_test_put_participants (QmTestServer       *self,
                          const char         *token,
                          gint64              meeting_id,
                          guint               n_users,
                          const gint64       *user_ids,
                          const char * const *roles)
{
  for (guint i = 0; i < n_users; i++)
    qm_participant_free (qm_test_put_participant (self, token, meeting_id, user_ids[i],
                                                  roles != NULL ? roles[i] : "delegate"));
}

QmAgendaItem *
qm_test_add_item (QmTestServer *self,
                  const char   *token,
                  gint64        meeting_id,
                  const char   *title)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda",
                                           meeting_id);
  g_autoptr(QmAgendaItemCreate) request = qm_agenda_item_create_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  QmAgendaItem *item;
  guint status;

  request->title = g_strdup (title);
  json = qm_agenda_item_create_serialize (request, NULL);
  body = qm_test_json (self, "POST", path, token, json, &status);
  qm_test_assert_status (body, status, 201);
  item = qm_test_parse (body, (gpointer) qm_agenda_item_parse);
  g_assert_cmpstr (item->title, ==, title);
  return item;
}

QmDocument *
qm_test_upload (QmTestServer *self,
                const char   *token,
                const char   *name,
                GBytes       *pdf)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/documents?name=%s", escaped);
  g_autofree char *sha = qm_test_sha256 (pdf);
  g_autoptr(GBytes) body = NULL;
  QmDocument *document;
  gsize size;
  gconstpointer data = g_bytes_get_data (pdf, &size);
  guint status;

  body = qm_test_request (self, "POST", path, token, "application/pdf", data, size, &status, NULL);
  qm_test_assert_status (body, status, 201);
  document = qm_test_parse (body, (gpointer) qm_document_parse);
  g_assert_cmpstr (document->id, ==, sha);
  g_assert_cmpint (document->bytes, ==, size);
  return document;
}

QmAgendaItem *
qm_test_attach (QmTestServer *self,
                const char   *token,
                gint64        meeting_id,
                gint64        item_id,
                const char   *docid)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda/%"
                                           G_GINT64_FORMAT "/documents", meeting_id, item_id);
  g_autofree char *json = g_strdup_printf ("{\"document\":\"%s\"}", docid);
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = qm_test_json (self, "POST", path, token, json, &status);
  qm_test_assert_status (body, status, 201);
  return qm_test_parse (body, (gpointer) qm_agenda_item_parse);
}

QmMeeting *
qm_test_get_meeting (QmTestServer *self,
                     const char   *token,
                     gint64        meeting_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT, meeting_id);

  return qm_test_get (self, path, token, (gpointer) qm_meeting_parse);
}

/* Documents */

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
qm_test_make_pdf (guint       pages,
                  const char *title,
                  guint       seed)
{
  GByteArray *bytes = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (seed);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, 595.0, 842.0);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cr = cairo_create (surface);
  for (guint page = 0; page < pages; page++)
    {
      for (int shape = 0; shape < 8; shape++)
        {
          cairo_set_source_rgb (cr, g_rand_double (rand), g_rand_double (rand),
                                g_rand_double (rand));
          cairo_rectangle (cr, g_rand_double_range (rand, 20, 400),
                           g_rand_double_range (rand, 20, 600),
                           g_rand_double_range (rand, 10, 150),
                           g_rand_double_range (rand, 10, 200));
          cairo_fill (cr);
        }
      cairo_show_page (cr);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_rand_free (rand);

  return g_byte_array_free_to_bytes (bytes);
}

char *
qm_test_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* TLS certificates */

/* Runs openssl to a successful end in a context of its own; its stdout. */
static char *
run_openssl (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = make_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                           | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Op op = { 0 };
  char *out;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated, &op);
  if (!wait_until (context, &op.done, QM_TEST_SERVER_TIMEOUT_SECONDS))
    g_error ("openssl %s did not finish within %d s", argv[1], QM_TEST_SERVER_TIMEOUT_SECONDS);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (op.error);
  g_assert_true (g_subprocess_get_successful (process));
  out = g_steal_pointer (&op.text);
  op_clear (&op);
  return out;
}

char *
qm_test_make_certificate (const char *cert,
                          const char *key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=quorum-test", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert, NULL };
  const char *print[] = { "openssl", "x509", "-in", cert, "-noout", "-fingerprint",
                          "-sha256", NULL };
  g_autofree char *ignored = NULL;
  g_autofree char *out = NULL;
  char *equals;

  if (openssl == NULL)
    return NULL;
  ignored = run_openssl (req);
  out = run_openssl (print);
  /* "sha256 Fingerprint=AB:CD:…" */
  equals = strchr (out, '=');
  g_assert_nonnull (equals);
  return g_strdup (g_strstrip (equals + 1));
}

void
qm_test_copy_file (const char *from,
                   const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

/* Capturing the server's log */

void
qm_test_log_capture_begin (QmTestLogCapture *capture)
{
  g_autoptr(GError) error = NULL;

  fflush (stderr);
  capture->fd = g_file_open_tmp ("quorum-log-XXXXXX", &capture->path, &error);
  g_assert_no_error (error);
  capture->saved_stderr = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (capture->fd, STDERR_FILENO), ==, STDERR_FILENO);
}

char *
qm_test_log_capture_read (QmTestLogCapture *capture)
{
  char *log = NULL;

  fflush (stderr);
  g_assert_true (g_file_get_contents (capture->path, &log, NULL, NULL));
  return log;
}

static gboolean
log_holds (QmTestLogCapture *capture,
           const char       *text)
{
  g_autofree char *log = qm_test_log_capture_read (capture);

  return strstr (log, text) != NULL;
}

static gboolean
keep_awake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
qm_test_log_capture_wait (QmTestLogCapture *capture,
                          const char       *text)
{
  /* The file changes with no event on our main context: look again every
   * 20 ms. */
  guint awake = g_timeout_add (20, keep_awake, NULL);

  qm_test_wait_until (log_holds (capture, text));
  g_source_remove (awake);
}

char *
qm_test_log_capture_end (QmTestLogCapture *capture)
{
  char *log = qm_test_log_capture_read (capture);

  g_assert_cmpint (dup2 (capture->saved_stderr, STDERR_FILENO), ==, STDERR_FILENO);
  g_close (capture->saved_stderr, NULL);
  g_close (capture->fd, NULL);
  g_unlink (capture->path);
  g_clear_pointer (&capture->path, g_free);
  return log;
}
