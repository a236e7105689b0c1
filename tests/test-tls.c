/* test-tls.c: quorum-server with --tls-cert/--tls-key and a certificate
 * made at test time: the first line says https, the next one the
 * certificate's SHA-256, and HTTPS and the live channel over wss work for a
 * client that pins exactly that fingerprint.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <quorum/quorum-protocol.h>

#include "qm-test-server.h"

#define PASSWORD        "correct horse battery"
#define TIMEOUT_SECONDS 60
#define LISTENING       "quorum-server listening on "
#define FINGERPRINT     "quorum-server certificate sha256 "

static struct
{
  char *dir;
  char *cert;
  char *key;
  char *other_key;
  char *openssl_sha256;
} fixture;

/* Waiting, with a hard deadline on everything */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean   *done,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add_seconds (TIMEOUT_SECONDS, set_flag, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!*done)
    g_error ("%s did not happen within %d s", what, TIMEOUT_SECONDS);
  g_source_remove (timer);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Run;

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &run->error);
  run->done = TRUE;
}

/* Runs a program to its end; returns its exit status. */
static int
run_program (const char * const *argv,
             const char         *input,
             char              **out_stdout,
             char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicated, &run);
  wait_for (&run.done, argv[0]);
  g_assert_no_error (run.error);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&run.out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  g_subprocess_wait (process, NULL, NULL);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* The server */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  char             *fingerprint;
} Server;

typedef struct
{
  gboolean  done;
  char     *line;
} Line;

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Line *line = user_data;

  line->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  line->done = TRUE;
}

static char *
read_line (Server *server)
{
  Line line = { 0 };

  g_data_input_stream_read_line_async (server->out, G_PRIORITY_DEFAULT, NULL, line_read, &line);
  wait_for (&line.done, "a line from quorum-server");
  return line.line;
}

static const char *
server_path (void)
{
  return g_getenv ("QUORUM_SERVER");
}

/* With config, TLS comes from it; otherwise from the command line when tls. */
static Server *
server_start_full (const char *data_dir,
                   const char *config,
                   const char *host,
                   gboolean    tls)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *listen = g_strdup_printf ("%s:0", host);
  g_autofree char *prefix = g_strdup_printf (LISTENING "%s://%s:", tls ? "https" : "http", host);
  Server *server = g_new0 (Server, 1);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (config != NULL)
    server->process = g_subprocess_launcher_spawn (launcher, &error, server_path (),
                                                   "--data-dir", data_dir, "--listen", listen,
                                                   "--config", config, NULL);
  else if (tls)
    server->process = g_subprocess_launcher_spawn (launcher, &error, server_path (),
                                                   "--data-dir", data_dir, "--listen", listen,
                                                   "--tls-cert", fixture.cert,
                                                   "--tls-key", fixture.key, NULL);
  else
    server->process = g_subprocess_launcher_spawn (launcher, &error, server_path (),
                                                   "--data-dir", data_dir, "--listen", listen,
                                                   NULL);
  g_assert_no_error (error);
  server->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));

  /* The contract's first line, with https; then the fingerprint. */
  first = read_line (server);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, prefix));
  g_assert_true (g_str_has_suffix (first, "/"));
  server->url = g_strdup (first + strlen (LISTENING));
  if (!tls)
    return server;
  second = read_line (server);
  g_assert_nonnull (second);
  g_assert_true (g_str_has_prefix (second, FINGERPRINT));
  server->fingerprint = g_strdup (second + strlen (FINGERPRINT));
  return server;
}

static Server *
server_start (const char *data_dir,
              const char *config)
{
  return server_start_full (data_dir, config, "127.0.0.1", TRUE);
}

static void
exited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
server_stop (Server *server)
{
  gboolean done = FALSE;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_async (server->process, NULL, exited, &done);
  wait_for (&done, "quorum-server's exit");
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_object_unref (server->out);
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server->fingerprint);
  g_free (server);
}

/* A client that pins the fingerprint */

static char *
sha256_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *pairs = g_string_new (NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (pairs, "%s%c%c", i > 0 ? ":" : "", g_ascii_toupper (hex[i]),
                            g_ascii_toupper (hex[i + 1]));
  return g_string_free (pairs, FALSE);
}

typedef struct
{
  const char *pinned;
  guint       checked;
} Pin;

static gboolean
accept_pinned (SoupMessage          *message,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  Pin *pin = user_data;
  g_autofree char *seen = sha256_of (certificate);

  pin->checked++;
  return g_str_equal (seen, pin->pinned);
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Fetch;

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &fetch->error);
  fetch->done = TRUE;
}

static GBytes *
request_as (SoupSession *session,
            Pin         *pin,
            const char  *token,
            const char  *method,
            const char  *url,
            const char  *json,
            guint       *out_status,
            GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  Fetch fetch = { 0 };

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    bearer);
    }
  if (pin != NULL)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_pinned), pin);
  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (message, "application/json", body);
    }
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, fetched, &fetch);
  wait_for (&fetch.done, url);
  *out_status = soup_message_get_status (message);
  if (fetch.error != NULL)
    g_propagate_error (error, fetch.error);
  return fetch.body;
}

static GBytes *
request (SoupSession *session,
         Pin         *pin,
         const char  *method,
         const char  *url,
         const char  *json,
         guint       *out_status,
         GError     **error)
{
  return request_as (session, pin, NULL, method, url, json, out_status, error);
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", TIMEOUT_SECONDS, "proxy-resolver", NULL, NULL);
}

/* The live channel over wss */

typedef struct
{
  gboolean                  done;
  SoupWebsocketConnection  *connection;
  GError                   *error;
  GQueue                    messages;
} Live;

static void
live_connected (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Live *live = user_data;

  live->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                            &live->error);
  live->done = TRUE;
}

static void
live_message (SoupWebsocketConnection *connection,
              gint                     type,
              GBytes                  *message,
              gpointer                 user_data)
{
  Live *live = user_data;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);
  g_autoptr(GError) error = NULL;
  QmMessage *parsed = qm_message_parse (text, length, QM_ORIGIN_SERVER, NULL, &error);

  g_assert_no_error (error);
  g_queue_push_tail (&live->messages, parsed);
}

static QmMessage *
live_next (Live *live)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add_seconds (TIMEOUT_SECONDS, set_flag, &timed_out);

  while (g_queue_is_empty (&live->messages) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (g_queue_is_empty (&live->messages))
    g_error ("no live message within %d s", TIMEOUT_SECONDS);
  g_source_remove (timer);
  return g_queue_pop_head (&live->messages);
}

static void
test_https_and_wss (void)
{
  g_autofree char *data_dir = g_build_filename (fixture.dir, "data", NULL);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmHealth) health = NULL;
  g_autoptr(QmLoginResponse) login = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autofree char *url = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *create_out = NULL;
  const char *create_admin[] = { server_path (), "--data-dir", data_dir, "--create-admin", "root",
                                 NULL };
  Server *server;
  Pin pin = { NULL, 0 };
  guint status;

  g_assert_cmpint (run_program (create_admin, PASSWORD "\n", &create_out, NULL), ==, 0);
  server = server_start (data_dir, NULL);

  /* What the server prints is the certificate's own fingerprint. */
  g_assert_cmpstr (server->fingerprint, ==, fixture.openssl_sha256);
  pin.pinned = server->fingerprint;

  /* HTTPS with the fingerprint pinned. */
  url = g_strconcat (server->url, "api/v1/health", NULL);
  body = request (session, &pin, "GET", url, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (pin.checked, ==, 1);
  health = qm_test_parse (body, (gpointer) qm_health_parse);
  g_assert_cmpstr (health->status, ==, "ok");
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&url, g_free);

  url = g_strconcat (server->url, "api/v1/login", NULL);
  body = request (session, &pin, "POST", url,
                  "{\"username\":\"root\",\"password\":\"" PASSWORD "\"}", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  login = qm_test_parse (body, (gpointer) qm_login_response_parse);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&url, g_free);

  {
    g_autofree char *bearer = g_strdup_printf ("Bearer %s", login->token);
    g_autoptr(SoupMessage) message = NULL;
    static const char meeting_body[] = "{\"title\":\"Over TLS\","
                                       "\"starts_at\":\"2026-12-01T08:00:00+07:00\","
                                       "\"location\":\"P.301\"}";
    g_autoptr(GBytes) json = g_bytes_new_static (meeting_body, strlen (meeting_body));
    Fetch fetch = { 0 };

    url = g_strconcat (server->url, "api/v1/meetings", NULL);
    message = soup_message_new ("POST", url);
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_pinned), &pin);
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  bearer);
    soup_message_set_request_body_from_bytes (message, "application/json", json);
    soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, fetched, &fetch);
    wait_for (&fetch.done, "the meeting's creation");
    g_assert_no_error (fetch.error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 201);
    meeting = qm_test_parse (fetch.body, (gpointer) qm_meeting_parse);
    g_bytes_unref (fetch.body);
    g_clear_pointer (&url, g_free);
  }

  /* A certificate other than the pinned one is refused. */
  {
    g_autoptr(SoupSession) wary = new_session ();
    Pin wrong = { "00:11:22", 0 };

    url = g_strconcat (server->url, "api/v1/health", NULL);
    body = request (wary, &wrong, "GET", url, NULL, &status, &error);
    g_assert_nonnull (error);
    g_assert_null (body);
    g_assert_cmpuint (wrong.checked, ==, 1);
    g_clear_error (&error);
    g_clear_pointer (&url, g_free);
  }

  /* Plain HTTP on the TLS port gets nothing. */
  plain = g_strdup_printf ("http://%s", server->url + strlen ("https://"));
  url = g_strconcat (plain, "api/v1/health", NULL);
  body = request (session, NULL, "GET", url, NULL, &status, &error);
  g_assert_true (error != NULL || status != 200);
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&url, g_free);

  /* The live channel over wss, with the same pin. */
  {
    char *protocols[] = { (char *) "quorum.v1", NULL };
    g_autoptr(SoupMessage) message = NULL;
    g_autoptr(QmMessage) welcome = NULL;
    g_autoptr(QmMessage) pong = NULL;
    Live live = { 0 };

    url = g_strdup_printf ("wss://%sapi/v1/meetings/%" G_GINT64_FORMAT "/live",
                           server->url + strlen ("https://"), meeting->id);
    message = soup_message_new ("GET", url);
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_pinned), &pin);
    soup_session_websocket_connect_async (session, message, NULL, protocols, G_PRIORITY_DEFAULT,
                                          NULL, live_connected, &live);
    wait_for (&live.done, "the wss connection");
    g_assert_no_error (live.error);
    g_signal_connect (live.connection, "message", G_CALLBACK (live_message), &live);

    hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", login->token);
    soup_websocket_connection_send_text (live.connection, hello);
    welcome = live_next (&live);
    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    g_assert_cmpint (welcome->welcome.meeting->id, ==, meeting->id);
    soup_websocket_connection_send_text (live.connection, "{\"type\":\"ping\",\"id\":1}");
    pong = live_next (&live);
    while (pong->type != QM_MESSAGE_PONG)
      {
        qm_message_free (pong);
        pong = live_next (&live);
      }
    soup_websocket_connection_close (live.connection, 1000, NULL);
    g_clear_object (&live.connection);
    g_queue_clear_full (&live.messages, (GDestroyNotify) qm_message_free);
    g_clear_pointer (&url, g_free);
  }

  server_stop (server);

  /* The same from the config file's keys. */
  {
    g_autofree char *config = g_build_filename (fixture.dir, "tls.conf", NULL);
    g_autofree char *text = g_strdup_printf ("[server]\ntls-cert=%s\ntls-key=%s\n", fixture.cert,
                                             fixture.key);

    g_assert_true (g_file_set_contents (config, text, -1, NULL));
    server = server_start (data_dir, config);
    g_assert_cmpstr (server->fingerprint, ==, fixture.openssl_sha256);
    server_stop (server);
  }
  qm_test_remove_tree (data_dir);
}

/* An IPv4 address of this machine that is not the loopback, or NULL. */
static char *
lan_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *at = list; at != NULL && found == NULL; at = at->ifa_next)
    if (at->ifa_addr != NULL && at->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GSocketAddress) address =
          g_socket_address_new_from_native (at->ifa_addr, sizeof (struct sockaddr_in));
        GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

        if (!g_inet_address_get_is_loopback (inet))
          found = g_inet_address_to_string (inet);
      }
  freeifaddrs (list);
  return found;
}

static GBytes *
api (SoupSession *session,
     Server      *server,
     Pin         *pin,
     const char  *token,
     const char  *method,
     const char  *path,
     const char  *json,
     guint        expected)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(GError) error = NULL;
  guint status;
  GBytes *body = request_as (session, pin, token, method, url, json, &status, &error);

  g_assert_no_error (error);
  qm_test_assert_status (body, status, expected);
  return body;
}

/* Joins the live channel and opens a vote; returns the answer's type and code. */
static QmMessage *
open_vote_over (SoupSession *session,
                Server      *server,
                Pin         *pin,
                gint64       meeting_id,
                const char  *token,
                gboolean     secret)
{
  char *protocols[] = { (char *) "quorum.v1", NULL };
  const char *rest = strstr (server->url, "://") + 3;
  g_autofree char *url = g_strdup_printf ("%s://%sapi/v1/meetings/%" G_GINT64_FORMAT "/live",
                                          pin != NULL ? "wss" : "ws", rest, meeting_id);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}", token);
  g_autofree char *open = g_strdup_printf ("{\"type\":\"vote.open\",\"id\":7,\"question\":\"Nhân sự\","
                                           "\"secret\":%s,\"majority\":\"simple\"}",
                                           secret ? "true" : "false");
  g_autoptr(QmMessage) welcome = NULL;
  QmMessage *answer = NULL;
  Live live = { 0 };

  if (pin != NULL)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_pinned), pin);
  soup_session_websocket_connect_async (session, message, NULL, protocols, G_PRIORITY_DEFAULT,
                                        NULL, live_connected, &live);
  wait_for (&live.done, url);
  g_assert_no_error (live.error);
  g_signal_connect (live.connection, "message", G_CALLBACK (live_message), &live);
  soup_websocket_connection_send_text (live.connection, hello);
  welcome = live_next (&live);
  g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
  soup_websocket_connection_send_text (live.connection, open);
  while (answer == NULL)
    {
      QmMessage *next = live_next (&live);

      if ((next->type == QM_MESSAGE_REPLY || next->type == QM_MESSAGE_ERROR) && next->re != NULL)
        answer = next;
      else
        qm_message_free (next);
    }
  soup_websocket_connection_close (live.connection, 1000, NULL);
  g_clear_object (&live.connection);
  g_queue_clear_full (&live.messages, (GDestroyNotify) qm_message_free);
  return answer;
}

/* From another machine, a secret vote needs TLS: refused on a plain
 * connection (others on the Wi-Fi would read the ballots), allowed over
 * TLS. Named votes are allowed on both. */
static void
test_secret_vote_needs_tls (void)
{
  g_autofree char *host = lan_address ();
  g_autofree char *data_dir = g_build_filename (fixture.dir, "data-lan", NULL);
  g_autofree char *create_out = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(QmLoginResponse) root = NULL;
  g_autoptr(QmLoginResponse) chair = NULL;
  g_autoptr(QmUser) chair_user = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autofree char *participant_path = NULL;
  const char *create_admin[] = { server_path (), "--data-dir", data_dir, "--create-admin", "root",
                                 NULL };
  Server *server;

  if (host == NULL)
    {
      g_test_skip ("this machine has no address but the loopback");
      return;
    }
  g_assert_cmpint (run_program (create_admin, PASSWORD "\n", &create_out, NULL), ==, 0);

  /* Plain HTTP, reached through the machine's network address. */
  server = server_start_full (data_dir, NULL, host, FALSE);
  {
    g_autoptr(GBytes) login = api (session, server, NULL, NULL, "POST", "api/v1/login",
                                   "{\"username\":\"root\",\"password\":\"" PASSWORD "\"}", 200);
    g_autoptr(GBytes) user = NULL;
    g_autoptr(GBytes) created = NULL;
    g_autoptr(GBytes) put = NULL;
    g_autoptr(GBytes) chair_login = NULL;
    g_autoptr(QmMessage) secret = NULL;
    g_autoptr(QmMessage) named = NULL;

    root = qm_test_parse (login, (gpointer) qm_login_response_parse);
    user = api (session, server, NULL, root->token, "POST", "api/v1/users",
                "{\"username\":\"chutich\",\"display_name\":\"Chủ tịch\",\"password\":\""
                PASSWORD "\"}", 201);
    chair_user = qm_test_parse (user, (gpointer) qm_user_parse);
    created = api (session, server, NULL, root->token, "POST", "api/v1/meetings",
                   "{\"title\":\"Kỳ họp\",\"starts_at\":\"2026-12-01T08:00:00+07:00\","
                   "\"location\":\"P.301\"}", 201);
    meeting = qm_test_parse (created, (gpointer) qm_meeting_parse);
    participant_path = g_strdup_printf ("api/v1/meetings/%" G_GINT64_FORMAT "/participants/%"
                                        G_GINT64_FORMAT, meeting->id, chair_user->id);
    put = api (session, server, NULL, root->token, "PUT", participant_path,
               "{\"role\":\"chair\"}", 200);
    chair_login = api (session, server, NULL, NULL, "POST", "api/v1/login",
                       "{\"username\":\"chutich\",\"password\":\"" PASSWORD "\"}", 200);
    chair = qm_test_parse (chair_login, (gpointer) qm_login_response_parse);

    secret = open_vote_over (session, server, NULL, meeting->id, chair->token, TRUE);
    g_assert_cmpint (secret->type, ==, QM_MESSAGE_ERROR);
    g_assert_cmpstr (secret->error.code, ==, "forbidden");
    named = open_vote_over (session, server, NULL, meeting->id, chair->token, FALSE);
    g_assert_cmpint (named->type, ==, QM_MESSAGE_REPLY);
  }
  server_stop (server);

  /* The same address with TLS: allowed. */
  server = server_start_full (data_dir, NULL, host, TRUE);
  {
    Pin pin = { server->fingerprint, 0 };
    g_autoptr(QmMessage) secret = open_vote_over (session, server, &pin, meeting->id,
                                                  chair->token, TRUE);

    g_assert_cmpint (secret->type, ==, QM_MESSAGE_REPLY);
    g_assert_cmpuint (pin.checked, >=, 1);
  }
  server_stop (server);
  qm_test_remove_tree (data_dir);
}

/* A key that is not the certificate's, or half a pair: a clear error, no start. */
static void
test_bad_pair (void)
{
  g_autofree char *data_dir = g_build_filename (fixture.dir, "data-bad", NULL);
  g_autofree char *err = NULL;
  g_autofree char *half_err = NULL;
  const char *mismatch[] = { server_path (), "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                             "--tls-cert", fixture.cert, "--tls-key", fixture.other_key, NULL };
  const char *half[] = { server_path (), "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                         "--tls-cert", fixture.cert, NULL };

  g_assert_cmpint (run_program (mismatch, NULL, NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, "cannot use the TLS certificate"));
  g_assert_cmpint (run_program (half, NULL, NULL, &half_err), ==, 2);
  g_assert_nonnull (strstr (half_err, "--tls-cert and --tls-key go together"));
  qm_test_remove_tree (data_dir);
}

static gboolean
make_certificate (void)
{
  g_autofree char *out = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=quorum-test", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", fixture.key, "-out", fixture.cert, NULL };
  const char *other[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-out", fixture.other_key, NULL };
  const char *print[] = { "openssl", "x509", "-in", fixture.cert, "-noout", "-fingerprint",
                          "-sha256", NULL };
  char *equals;

  if (openssl == NULL)
    return FALSE;
  g_assert_cmpint (run_program (req, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_program (other, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_program (print, NULL, &out, NULL), ==, 0);
  /* "sha256 Fingerprint=AB:CD:…" */
  equals = strchr (out, '=');
  g_assert_nonnull (equals);
  fixture.openssl_sha256 = g_strdup (g_strstrip (equals + 1));
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  fixture.dir = g_dir_make_tmp ("quorum-tls-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.cert = g_build_filename (fixture.dir, "cert.pem", NULL);
  fixture.key = g_build_filename (fixture.dir, "key.pem", NULL);
  fixture.other_key = g_build_filename (fixture.dir, "other-key.pem", NULL);
  if (!make_certificate ())
    {
      g_test_skip ("openssl is not installed (script/bootstrap installs it)");
      qm_test_remove_tree (fixture.dir);
      return g_test_run ();
    }

  g_test_add_func ("/quorum/tls/https-and-wss", test_https_and_wss);
  g_test_add_func ("/quorum/tls/bad-pair", test_bad_pair);
  g_test_add_func ("/quorum/tls/secret-vote-needs-tls", test_secret_vote_needs_tls);
  result = g_test_run ();

  qm_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.cert);
  g_free (fixture.key);
  g_free (fixture.other_key);
  g_free (fixture.openssl_sha256);
  return result;
}
