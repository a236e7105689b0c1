/* test-client-session.c: QmSession against the real quorum-server: login,
 * the error codes the sign-in page explains, meetings, votes, logout.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include "qm-test-server.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"

static struct
{
  QmTestServer *server;
  char         *root_token;
  gint64        meeting_id;
} fixture;

static QmSession *
new_session (void)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (fixture.server));

  /* The server is on the loopback, whatever the environment's proxy says. */
  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  return session;
}

static gboolean
login (QmSession   *session,
       const char  *username,
       const char  *password,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_session_login_async (session, username, password, NULL, qm_test_store_result, &result);
  return qm_session_login_finish (session, qm_test_wait_result (&result), error);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_login_success (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (session, "notify::logged-in", G_CALLBACK (on_notify), &notified);
  g_assert_false (qm_session_get_logged_in (session));

  g_assert_true (login (session, "alice", PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (qm_session_get_logged_in (session));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (qm_session_get_token (session));
  g_assert_nonnull (qm_session_get_user (session));
  g_assert_cmpstr (qm_session_get_user (session)->username, ==, "alice");
}

static void
test_login_wrong_password (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;

  g_assert_false (login (session, "bob", "not the password", &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_WRONG_CREDENTIALS);
  g_assert_false (qm_session_get_logged_in (session));
  g_assert_null (qm_session_get_user (session));
}

static void
test_login_rate_limited (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;
  guint i;

  /* The contract: 5 failures per username within 5 minutes, then 429. */
  for (i = 0; i < 5; i++)
    {
      g_assert_false (login (session, "locked", "not the password", &error));
      g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_WRONG_CREDENTIALS);
      g_clear_error (&error);
    }
  g_assert_false (login (session, "locked", PASSWORD, &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED);
}

/* A port on the loopback that nobody listens on: bound, then closed. */
static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u/", port);
}

static void
test_login_unreachable (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autofree char *url = closed_port_url ();
  g_autoptr(GError) error = NULL;

  qm_session_set_base_url (session, url);
  g_assert_false (login (session, "alice", PASSWORD, &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE);
}

static void
test_login_bad_url (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;

  qm_session_set_base_url (session, "not a url");
  g_assert_false (login (session, "alice", PASSWORD, &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE);
}

static gboolean
on_plain_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_login_tls (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* An https:// address whose server answers in plain text: the TLS
   * handshake fails, which the sign-in page must tell apart from a server
   * that is down. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_plain_incoming), NULL);
  g_socket_service_start (service);

  url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  qm_session_set_base_url (session, url);
  g_assert_false (login (session, "alice", PASSWORD, &error));
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TLS);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_meetings (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(GPtrArray) votes = NULL;
  QmMeetingSummary *summary;

  g_assert_true (login (session, "alice", PASSWORD, &error));

  qm_session_list_meetings_async (session, NULL, qm_test_store_result, &result);
  meetings = qm_session_list_meetings_finish (session, qm_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 1);
  summary = g_ptr_array_index (meetings, 0);
  g_assert_cmpint (summary->id, ==, fixture.meeting_id);
  g_assert_cmpstr (summary->title, ==, "Phiên họp thường kỳ");
  g_assert_cmpint (summary->role, ==, QM_MEETING_ROLE_DELEGATE);
  g_clear_object (&result);

  qm_session_get_meeting_async (session, fixture.meeting_id, NULL, qm_test_store_result, &result);
  meeting = qm_session_get_meeting_finish (session, qm_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (meeting->id, ==, fixture.meeting_id);
  g_assert_cmpuint (meeting->agenda->len, ==, 1);
  g_assert_nonnull (qm_meeting_find_participant (meeting, qm_session_get_user (session)->id));
  g_clear_object (&result);

  qm_session_list_votes_async (session, fixture.meeting_id, NULL, qm_test_store_result, &result);
  votes = qm_session_list_votes_finish (session, qm_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (votes->len, ==, 0);
  g_clear_object (&result);

  /* Not revealing what exists: another meeting is not found. */
  qm_session_get_meeting_async (session, 987654321, NULL, qm_test_store_result, &result);
  g_assert_null (qm_session_get_meeting_finish (session, qm_test_wait_result (&result), &error));
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND);
}

static void
test_request (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmUser) user = NULL;
  guint status = 0;

  g_assert_true (login (session, "alice", PASSWORD, &error));

  qm_session_request_async (session, "GET", "/api/v1/me", NULL, NULL, qm_test_store_result, &result);
  body = qm_session_request_finish (session, qm_test_wait_result (&result), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  user = qm_user_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->username, ==, "alice");
  g_clear_object (&result);
  g_clear_pointer (&body, g_bytes_unref);

  /* A plain account may not create meetings. */
  qm_session_request_async (session, "POST", "/api/v1/meetings",
                            "{\"title\":\"x\",\"starts_at\":\"2026-12-01T08:00:00+07:00\",\"location\":\"\"}",
                            NULL, qm_test_store_result, &result);
  body = qm_session_request_finish (session, qm_test_wait_result (&result), &status, &error);
  g_assert_null (body);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN);
  g_assert_cmpuint (status, ==, 403);
}

static void
test_logout (void)
{
  g_autoptr(QmSession) session = new_session ();
  g_autoptr(QmSession) other = new_session ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autofree char *token = NULL;

  g_assert_true (login (session, "alice", PASSWORD, &error));
  token = g_strdup (qm_session_get_token (session));

  qm_session_logout_async (session, NULL, qm_test_store_result, &result);
  g_assert_true (qm_session_logout_finish (session, qm_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (qm_session_get_logged_in (session));
  g_clear_object (&result);

  qm_session_list_meetings_async (session, NULL, qm_test_store_result, &result);
  meetings = qm_session_list_meetings_finish (session, qm_test_wait_result (&result), &error);
  g_assert_null (meetings);
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A revoked token (as a keyring would restore it) signs the session out. */
  qm_session_set_token (other, token);
  g_assert_true (qm_session_get_logged_in (other));
  qm_session_list_meetings_async (other, NULL, qm_test_store_result, &result);
  meetings = qm_session_list_meetings_finish (other, qm_test_wait_result (&result), &error);
  g_assert_null (meetings);
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID);
  g_assert_false (qm_session_get_logged_in (other));
}

static void
test_finalize (void)
{
  QmSession *session = new_session ();
  g_autoptr(GError) error = NULL;

  g_assert_true (login (session, "alice", PASSWORD, &error));
  g_assert_finalize_object (session);
}

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  const char *names[] = { "alice", "bob", "locked" };
  QmAccountRoles roles[G_N_ELEMENTS (names)] = { 0 };
  gint64 ids[G_N_ELEMENTS (names)];
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmParticipant) participant = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  qm_test_create_users (fixture.server, fixture.root_token, G_N_ELEMENTS (names), names, roles,
                        PASSWORD, ids);
  meeting = qm_test_create_meeting (fixture.server, fixture.root_token, "Phiên họp thường kỳ", NULL);
  fixture.meeting_id = meeting->id;
  participant = qm_test_put_participant (fixture.server, fixture.root_token, meeting->id, ids[0],
                                         "delegate");
  item = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Khai mạc");
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/client/session/login/success", test_login_success);
  g_test_add_func ("/quorum/client/session/login/wrong-password", test_login_wrong_password);
  g_test_add_func ("/quorum/client/session/login/rate-limited", test_login_rate_limited);
  g_test_add_func ("/quorum/client/session/login/unreachable", test_login_unreachable);
  g_test_add_func ("/quorum/client/session/login/bad-url", test_login_bad_url);
  g_test_add_func ("/quorum/client/session/login/tls", test_login_tls);
  g_test_add_func ("/quorum/client/session/meetings", test_meetings);
  g_test_add_func ("/quorum/client/session/request", test_request);
  g_test_add_func ("/quorum/client/session/logout", test_logout);
  g_test_add_func ("/quorum/client/session/finalize", test_finalize);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  return result;
}
