/* test-client-live.c: QmLiveConnection and QmMeetingModel against the real
 * quorum-server: welcome, presenter pages, commands, reconnection with
 * backoff across a server restart and after a missed hello deadline, and
 * the end of a revoked session.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-test-server.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"

enum { CHAIR, DELEGATE, OTHER, N_USERS };
static const char * const usernames[N_USERS] = { "carol", "dave", "erin" };

static struct
{
  QmTestServer *server;
  char         *root_token;
  gint64        ids[N_USERS];
  gint64        meeting_id;
  char         *docid;
} fixture;

/* One signed-in client: session, live connection, model. */
typedef struct
{
  QmSession        *session;
  QmLiveConnection *live;
  QmMeetingModel   *model;
  GArray           *states;     /* every state the connection went through */
  guint             pages;      /* presenter-page emissions */
  guint             pongs;
  guint             resets;
} Client;

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  Client *client = user_data;
  QmLiveState state = qm_live_connection_get_state (client->live);

  g_array_append_val (client->states, state);
}

static void
on_page (QmMeetingModel *model,
         const char     *doc,
         gint64          page,
         gint64          by,
         gpointer        user_data)
{
  ((Client *) user_data)->pages++;
}

static void
on_reset (QmMeetingModel *model,
          gpointer        user_data)
{
  ((Client *) user_data)->resets++;
}

static void
on_message (QmLiveConnection *live,
            const QmMessage  *message,
            gpointer          user_data)
{
  if (message->type == QM_MESSAGE_PONG)
    ((Client *) user_data)->pongs++;
}

static Client *
client_new (guint who)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  client->session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (client->session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (client->session, usernames[who], PASSWORD, NULL, qm_test_store_result, &result);
  g_assert_true (qm_session_login_finish (client->session, qm_test_wait_result (&result), &error));
  g_assert_no_error (error);

  client->live = qm_live_connection_new (client->session, fixture.meeting_id);
  /* Quick retries, so a restart costs a second or two, not thirty. */
  qm_live_connection_set_timing (client->live, 50, 800, 0, 0, 0);
  client->model = qm_meeting_model_new ();
  qm_meeting_model_follow (client->model, client->live);
  client->states = g_array_new (FALSE, FALSE, sizeof (QmLiveState));

  g_signal_connect (client->live, "notify::state", G_CALLBACK (on_state), client);
  g_signal_connect (client->live, "message", G_CALLBACK (on_message), client);
  g_signal_connect (client->model, "presenter-page", G_CALLBACK (on_page), client);
  g_signal_connect (client->model, "reset", G_CALLBACK (on_reset), client);
  return client;
}

static void
client_free (Client *client)
{
  qm_live_connection_stop (client->live);
  g_assert_finalize_object (client->live);
  g_assert_finalize_object (client->model);
  g_assert_finalize_object (client->session);
  g_array_unref (client->states);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_go_online (Client *client)
{
  qm_live_connection_start (client->live);
  qm_test_wait_until (qm_live_connection_get_state (client->live) == QM_LIVE_STATE_ONLINE);
  g_assert_true (qm_meeting_model_get_loaded (client->model));
}

/* Sends a command and returns its answer (asserted to be a reply). */
static QmMessage *
command (Client    *client,
         QmMessage *message,
         GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_live_connection_send_async (client->live, message, NULL, qm_test_store_result, &result);
  return qm_live_connection_send_finish (client->live, qm_test_wait_result (&result), error);
}

static void
present (Client *chair,
         gint64  page)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_PRESENT);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  message->page.doc = g_strdup (fixture.docid);
  message->page.page = page;
  reply = command (chair, message, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
}

static void
test_welcome (void)
{
  g_autoptr(Client) delegate = client_new (DELEGATE);
  const QmMeeting *meeting;

  g_assert_cmpint (qm_live_connection_get_state (delegate->live), ==, QM_LIVE_STATE_OFFLINE);
  client_go_online (delegate);
  g_assert_cmpint (g_array_index (delegate->states, QmLiveState, 0), ==, QM_LIVE_STATE_CONNECTING);
  g_assert_cmpuint (delegate->resets, ==, 1);

  meeting = qm_meeting_model_get_meeting (delegate->model);
  g_assert_nonnull (meeting);
  g_assert_cmpint (meeting->id, ==, fixture.meeting_id);
  g_assert_cmpuint (meeting->agenda->len, ==, 1);
  g_assert_cmpuint (meeting->participants->len, ==, N_USERS + 1);   /* and root, the secretary */
  g_assert_cmpint (qm_meeting_model_get_you_user (delegate->model), ==, fixture.ids[DELEGATE]);
  g_assert_cmpint (qm_meeting_model_get_you_role (delegate->model), ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (qm_meeting_model_get_presenter_user (delegate->model), ==, fixture.ids[CHAIR]);
  g_assert_cmpstr (qm_meeting_model_get_display_name (delegate->model, fixture.ids[CHAIR]), ==,
                   "Test carol");
  g_assert_true (qm_meeting_model_is_online (delegate->model, fixture.ids[DELEGATE]));
  g_assert_nonnull (qm_live_connection_get_epoch (delegate->live));
  g_assert_cmpint (qm_meeting_model_get_seq (delegate->model), ==,
                   qm_live_connection_get_seq (delegate->live));
}

static void
test_present_and_commands (void)
{
  g_autoptr(Client) chair = client_new (CHAIR);
  g_autoptr(Client) delegate = client_new (DELEGATE);
  g_autoptr(QmMessage) message = NULL;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  const QmQuorum *quorum;

  client_go_online (delegate);
  client_go_online (chair);
  qm_test_wait_until (qm_meeting_model_is_online (delegate->model, fixture.ids[CHAIR]));

  present (chair, 3);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 3);
  g_assert_cmpstr (qm_meeting_model_get_presenter_doc (delegate->model), ==, fixture.docid);
  g_assert_cmpuint (delegate->pages, ==, 1);

  /* The same page again is still an event: followers turn back to it. */
  present (chair, 3);
  qm_test_wait_until (delegate->pages == 2);

  /* A delegate may not present: the error comes back with its wire code. */
  message = qm_message_new (QM_MESSAGE_PRESENT);
  message->page.doc = g_strdup (fixture.docid);
  message->page.page = 1;
  reply = command (delegate, message, &error);
  g_assert_null (reply);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_clear_pointer (&message, qm_message_free);

  /* Speakers: a request shows in both models. */
  message = qm_message_new (QM_MESSAGE_SPEAK_REQUEST);
  reply = command (delegate, message, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, qm_message_free);
  qm_test_wait_until (qm_meeting_model_get_speakers (chair->model)->queue->len == 1);
  g_assert_cmpint (g_array_index (qm_meeting_model_get_speakers (chair->model)->queue, gint64, 0),
                   ==, fixture.ids[DELEGATE]);

  /* Quorum: chair and one of two delegates present, 2 × 2 > 3. */
  quorum = qm_meeting_model_get_quorum (chair->model);
  g_assert_cmpint (quorum->voting_total, ==, 3);
  g_assert_cmpint (quorum->voting_present, ==, 2);
  g_assert_true (quorum->reached);

  /* Votes: opened, progress, closed. */
  g_clear_pointer (&message, qm_message_free);
  message = qm_message_new (QM_MESSAGE_VOTE_OPEN);
  message->vote_open.question = g_strdup ("Thông qua chương trình");
  message->vote_open.majority = QM_MAJORITY_SIMPLE;
  reply = command (chair, message, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply->reply.vote, >, 0);
  qm_test_wait_until (qm_meeting_model_lookup_vote (delegate->model, reply->reply.vote) != NULL);
  {
    gint64 vote_id = reply->reply.vote;
    g_autoptr(QmMessage) cast = qm_message_new (QM_MESSAGE_VOTE_CAST);
    g_autoptr(QmMessage) close = qm_message_new (QM_MESSAGE_VOTE_CLOSE);
    g_autoptr(QmMessage) answer = NULL;
    const QmVote *vote;

    cast->vote_cast.vote = vote_id;
    cast->vote_cast.choice = QM_CHOICE_YES;
    answer = command (delegate, cast, &error);
    g_assert_no_error (error);
    qm_test_wait_until (qm_meeting_model_lookup_vote (chair->model, vote_id)->cast == 1);
    g_clear_pointer (&answer, qm_message_free);

    close->vote_close.vote = vote_id;
    answer = command (chair, close, &error);
    g_assert_no_error (error);
    qm_test_wait_until (qm_meeting_model_lookup_vote (delegate->model, vote_id)->status
                == QM_VOTE_STATUS_CLOSED);
    vote = qm_meeting_model_lookup_vote (delegate->model, vote_id);
    g_assert_true (vote->has_result);
    g_assert_cmpint (vote->result.yes, ==, 1);
    g_assert_true (vote->result.passed);
  }

  g_assert_cmpint (qm_meeting_model_get_seq (delegate->model), ==,
                   qm_live_connection_get_seq (delegate->live));
}

static void
test_ping (void)
{
  g_autoptr(Client) delegate = client_new (DELEGATE);

  qm_live_connection_set_timing (delegate->live, 0, 0, 100, 5000, 0);
  client_go_online (delegate);
  qm_test_wait_until (delegate->pongs >= 3);
  g_assert_cmpint (qm_live_connection_get_state (delegate->live), ==, QM_LIVE_STATE_ONLINE);
}

static void
test_offline_command (void)
{
  g_autoptr(Client) delegate = client_new (DELEGATE);
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_SPEAK_WITHDRAW);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = command (delegate, message, &error);
  g_assert_null (reply);
  g_assert_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED);
}

static void
test_resume (void)
{
  g_autoptr(Client) chair = client_new (CHAIR);
  g_autoptr(Client) delegate = client_new (DELEGATE);
  guint resets;

  client_go_online (delegate);
  client_go_online (chair);
  present (chair, 1);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 1);
  resets = delegate->resets;

  /* Missed while away: two page turns. Starting again sends resume_from and
   * the epoch; the server replays what was missed into the kept state. */
  qm_live_connection_stop (delegate->live);
  g_assert_cmpint (qm_live_connection_get_stop_reason (delegate->live), ==, QM_LIVE_STOP_REQUESTED);
  present (chair, 2);
  present (chair, 6);
  qm_live_connection_start (delegate->live);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 6);
  g_assert_cmpint (qm_live_connection_get_state (delegate->live), ==, QM_LIVE_STATE_ONLINE);
  g_assert_cmpuint (delegate->resets, ==, resets);
  g_assert_cmpint (qm_meeting_model_get_seq (delegate->model), ==,
                   qm_live_connection_get_seq (delegate->live));
}

static void
test_reconnect_after_restart (void)
{
  g_autoptr(Client) chair = client_new (CHAIR);
  g_autoptr(Client) delegate = client_new (DELEGATE);
  gint64 seq_before;
  guint welcomes_before;
  guint pages_before;

  client_go_online (delegate);
  client_go_online (chair);
  present (chair, 2);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 2);
  seq_before = qm_live_connection_get_seq (delegate->live);
  welcomes_before = delegate->resets;
  pages_before = delegate->pages;

  /* SIGTERM closes live connections with 1001: both clients start to retry,
   * and fail while the server is down. */
  qm_test_server_stop (fixture.server);
  qm_test_wait_until (qm_live_connection_get_state (delegate->live) == QM_LIVE_STATE_RECONNECTING);
  qm_test_wait_until (qm_live_connection_get_attempts (delegate->live) >= 3);
  g_assert_error (qm_live_connection_get_last_error (delegate->live),
                  QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE);
  g_assert_cmpuint (qm_live_connection_get_retry_delay (delegate->live), <=, 800 * 12 / 10);

  /* The same data folder; the harness gives the server a new port, as a
   * user re-entering the server's address would. */
  qm_test_server_start (fixture.server);
  qm_session_set_base_url (delegate->session, qm_test_server_get_url (fixture.server));
  qm_session_set_base_url (chair->session, qm_test_server_get_url (fixture.server));
  qm_test_wait_until (qm_live_connection_get_state (delegate->live) == QM_LIVE_STATE_ONLINE);
  qm_test_wait_until (qm_live_connection_get_state (chair->live) == QM_LIVE_STATE_ONLINE);
  g_assert_cmpint (qm_live_connection_get_attempts (delegate->live), ==, 0);
  g_assert_null (qm_live_connection_get_last_error (delegate->live));

  /* Resumed (or welcomed afresh): either way the state is the server's. */
  g_assert_cmpint (qm_live_connection_get_seq (delegate->live), >=, seq_before);
  g_assert_cmpint (qm_meeting_model_get_presenter_page (delegate->model), ==, 2);
  g_assert_cmpstr (qm_meeting_model_get_presenter_doc (delegate->model), ==, fixture.docid);
  g_test_message ("after the restart: %s",
                  delegate->resets > welcomes_before ? "full welcome" : "resumed");

  present (chair, 5);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (delegate->model) == 5);
  g_assert_cmpuint (delegate->pages, >, pages_before);
  qm_test_wait_until (qm_meeting_model_is_online (delegate->model, fixture.ids[CHAIR]));
  g_assert_true (qm_meeting_model_is_online (delegate->model, fixture.ids[DELEGATE]));
  g_assert_cmpint (qm_meeting_model_get_seq (delegate->model), ==,
                   qm_live_connection_get_seq (delegate->live));
}

static void
test_logout_token_invalid (void)
{
  g_autoptr(Client) chair = client_new (CHAIR);
  g_autoptr(Client) delegate = client_new (DELEGATE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmSession) again = NULL;
  g_autofree char *token = NULL;

  client_go_online (delegate);
  client_go_online (chair);

  /* Another device of the same account signs out this token: the server
   * closes the live connection with 4401. */
  token = g_strdup (qm_session_get_token (delegate->session));
  again = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (again), "proxy-resolver", NULL, NULL);
  qm_session_set_token (again, token);
  qm_session_logout_async (again, NULL, qm_test_store_result, &result);
  g_assert_true (qm_session_logout_finish (again, qm_test_wait_result (&result), &error));
  g_assert_no_error (error);

  qm_test_wait_until (qm_live_connection_get_state (delegate->live) == QM_LIVE_STATE_OFFLINE);
  g_assert_cmpint (qm_live_connection_get_stop_reason (delegate->live), ==,
                   QM_LIVE_STOP_TOKEN_INVALID);
  g_assert_error (qm_live_connection_get_last_error (delegate->live),
                  QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID);
  g_assert_false (qm_session_get_logged_in (delegate->session));

  /* No reconnection loop: nothing is scheduled, and while the chair keeps
   * working the connection stays down. */
  g_assert_cmpuint (qm_live_connection_get_retry_delay (delegate->live), ==, 0);
  present (chair, 4);
  qm_test_wait_until (qm_meeting_model_get_presenter_page (chair->model) == 4);
  g_assert_cmpint (qm_live_connection_get_state (delegate->live), ==, QM_LIVE_STATE_OFFLINE);
  g_assert_cmpint (g_array_index (delegate->states, QmLiveState, delegate->states->len - 1), ==,
                   QM_LIVE_STATE_OFFLINE);
  g_assert_cmpint (qm_meeting_model_get_presenter_page (delegate->model), !=, 4);
}

static void
test_not_participant (void)
{
  g_autoptr(Client) other = client_new (OTHER);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT
                                           "/participants/%" G_GINT64_FORMAT,
                                           fixture.meeting_id, fixture.ids[OTHER]);
  g_autoptr(GBytes) body = NULL;

  client_go_online (other);
  /* Removed from the meeting: 4403, and no retry. */
  body = qm_test_json (fixture.server, "DELETE", path, fixture.root_token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  qm_test_wait_until (qm_live_connection_get_state (other->live) == QM_LIVE_STATE_OFFLINE);
  g_assert_cmpint (qm_live_connection_get_stop_reason (other->live), ==, QM_LIVE_STOP_FORBIDDEN);
  g_assert_cmpuint (qm_live_connection_get_retry_delay (other->live), ==, 0);
  g_assert_true (qm_session_get_logged_in (other->session));
}

/* A TCP proxy in front of the server that holds back what a client sends
 * after its upgrade request (its hello) on the first few connections, as a
 * client whose main loop a loaded machine stalls would. The hold ends when
 * the server sends anything after its 101, so the close handshake finishes. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  guint16         upstream_port;
  gint            stall_left;       /* atomic */
  gint            active;           /* atomic: connections being proxied */
} StallProxy;

typedef struct
{
  GSocketConnection *client;
  GSocketConnection *server;
  gint               held;          /* atomic: client bytes are being held */
} Link;

static gboolean
find_headers_end (GByteArray *seen,
                  gsize      *out_end)
{
  for (gsize i = 0; i + 4 <= seen->len; i++)
    if (memcmp (seen->data + i, "\r\n\r\n", 4) == 0)
      {
        *out_end = i + 4;
        return TRUE;
      }
  return FALSE;
}

/* Copies one direction until the end of the stream. From the client, bytes
 * after the request are held while link->held; from the server, bytes after
 * its response lift that. */
static void
pump (Link     *link,
      gboolean  from_client)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (from_client ? link->client
                                                                            : link->server));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (from_client ? link->server
                                                                               : link->client));
  g_autoptr(GByteArray) headers = g_byte_array_new ();
  g_autoptr(GByteArray) held = g_byte_array_new ();
  gboolean headers_done = FALSE;
  guint8 buffer[16384];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gsize start = 0;
      gsize end;

      if (!headers_done)
        {
          g_byte_array_append (headers, buffer, n);
          if (find_headers_end (headers, &end))
            {
              headers_done = TRUE;
              start = n - (headers->len - end);
            }
          else
            start = n;
          if (!g_output_stream_write_all (out, buffer, start, NULL, NULL, NULL))
            break;
        }
      if (start == (gsize) n)
        continue;
      if (!from_client)
        g_atomic_int_set (&link->held, FALSE);
      else if (g_atomic_int_get (&link->held))
        {
          g_byte_array_append (held, buffer + start, n - start);
          continue;
        }
      if (held->len > 0
          && !g_output_stream_write_all (out, held->data, held->len, NULL, NULL, NULL))
        break;
      g_byte_array_set_size (held, 0);
      if (!g_output_stream_write_all (out, buffer + start, n - start, NULL, NULL, NULL))
        break;
    }
  g_socket_shutdown (g_socket_connection_get_socket (from_client ? link->server : link->client),
                     FALSE, TRUE, NULL);
}

static gpointer
pump_from_server (gpointer data)
{
  pump (data, FALSE);
  return NULL;
}

static gboolean
on_proxy_run (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source_object,
              gpointer                user_data)
{
  StallProxy *proxy = user_data;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  Link link = { connection, NULL, FALSE };

  g_atomic_int_inc (&proxy->active);
  g_socket_client_set_enable_proxy (connector, FALSE);

  link.server = g_socket_client_connect_to_host (connector, "127.0.0.1", proxy->upstream_port,
                                                 NULL, &error);
  g_assert_no_error (error);
  link.held = g_atomic_int_add (&proxy->stall_left, -1) > 0;
  thread = g_thread_new ("proxy", pump_from_server, &link);
  pump (&link, TRUE);
  g_thread_join (g_steal_pointer (&thread));
  g_io_stream_close (G_IO_STREAM (link.server), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_object_unref (link.server);

  g_atomic_int_dec_and_test (&proxy->active);
  /* The test's main loop may be waiting for this. */
  g_main_context_wakeup (NULL);
  return TRUE;
}

static StallProxy *
stall_proxy_new (QmTestServer *server,
                 guint         stalls)
{
  StallProxy *proxy = g_new0 (StallProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (qm_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (uri);
  proxy->upstream_port = g_uri_get_port (uri);
  proxy->stall_left = stalls;
  proxy->service = g_threaded_socket_service_new (4);
  proxy->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL,
                                                     &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "run", G_CALLBACK (on_proxy_run), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

static char *
stall_proxy_get_url (StallProxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", proxy->port);
}

/* Iterates the main context (the clients' sockets close there) until every
 * proxied connection has ended, with the hard timeout. */
static void
stall_proxy_free (StallProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  qm_test_wait_until (g_atomic_int_get (&proxy->active) == 0);
  g_clear_object (&proxy->service);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StallProxy, stall_proxy_free)

static void
on_state_after_close (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  QmLiveConnection *live = QM_LIVE_CONNECTION (object);
  const GError *error = qm_live_connection_get_last_error (live);
  guint *retries = user_data;

  g_assert_cmpint (qm_live_connection_get_state (live), !=, QM_LIVE_STATE_OFFLINE);
  if (qm_live_connection_get_state (live) == QM_LIVE_STATE_RECONNECTING
      && g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL))
    {
      g_assert_cmpuint (qm_live_connection_get_retry_delay (live), >, 0);
      (*retries)++;
    }
}

/* A hello that reaches the server after its deadline gets 4400; the client
 * takes that for a drop, backs off and tries again, and gets in. */
static void
test_hello_deadline_missed (void)
{
  static const char * const config[] = { "limits", "hello-timeout-ms", "400", NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  g_autoptr(QmTestServer) server = qm_test_server_new (&options);
  g_autofree char *root = qm_test_login (server, "root", PASSWORD);
  g_autoptr(QmUser) user = qm_test_create_user (server, root, "dave", PASSWORD, 0);
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (server, root, "Họp muộn", NULL);
  g_autoptr(QmParticipant) participant =
    qm_test_put_participant (server, root, meeting->id, user->id, "delegate");
  g_autoptr(StallProxy) proxy = stall_proxy_new (server, 2);
  g_autofree char *proxy_url = stall_proxy_get_url (proxy);
  g_autoptr(QmSession) session = qm_session_new (qm_test_server_get_url (server));
  g_autoptr(QmLiveConnection) live = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint retries = 0;

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (session, "dave", PASSWORD, NULL, qm_test_store_result, &result);
  g_assert_true (qm_session_login_finish (session, qm_test_wait_result (&result), &error));
  g_assert_no_error (error);
  /* Only the live connections go through the proxy. */
  qm_session_set_base_url (session, proxy_url);

  live = qm_live_connection_new (session, meeting->id);
  qm_live_connection_set_timing (live, 50, 800, 0, 0, 0);
  g_signal_connect (live, "notify::state", G_CALLBACK (on_state_after_close), &retries);
  qm_live_connection_start (live);
  qm_test_wait_until (qm_live_connection_get_state (live) == QM_LIVE_STATE_ONLINE);

  /* The held hellos were refused with 4400 (the state stays reconnecting
   * from the first to the last try), and a third connection got in. */
  g_assert_cmpuint (retries, >=, 1);
  g_assert_cmpint (g_atomic_int_get (&proxy->stall_left), <, 0);
  g_assert_cmpint (qm_live_connection_get_stop_reason (live), ==, QM_LIVE_STOP_NONE);
  g_assert_null (qm_live_connection_get_last_error (live));
  g_assert_cmpint (qm_live_connection_get_attempts (live), ==, 0);

  g_signal_handlers_disconnect_by_func (live, on_state_after_close, &retries);
  qm_live_connection_stop (live);
  g_assert_finalize_object (g_steal_pointer (&live));
}

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[N_USERS] = { 0 };
  static const char * const meeting_roles[N_USERS] = { "chair", "delegate", "delegate" };
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(QmDocument) document = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  qm_test_create_users (fixture.server, fixture.root_token, N_USERS,
                        (const char * const *) usernames, roles, PASSWORD, fixture.ids);
  meeting = qm_test_create_meeting (fixture.server, fixture.root_token, "Họp giao ban", NULL);
  fixture.meeting_id = meeting->id;
  qm_test_put_participants (fixture.server, fixture.root_token, meeting->id, N_USERS, fixture.ids,
                            meeting_roles);
  item = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Báo cáo");
  pdf = qm_test_make_pdf (6, "Báo cáo quý", 1);
  document = qm_test_upload (fixture.server, fixture.root_token, "bao-cao.pdf", pdf);
  attached = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item->id,
                             document->id);
  fixture.docid = g_strdup (document->id);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/client/live/welcome", test_welcome);
  g_test_add_func ("/quorum/client/live/present-and-commands", test_present_and_commands);
  g_test_add_func ("/quorum/client/live/ping", test_ping);
  g_test_add_func ("/quorum/client/live/offline-command", test_offline_command);
  g_test_add_func ("/quorum/client/live/resume", test_resume);
  g_test_add_func ("/quorum/client/live/reconnect-after-restart", test_reconnect_after_restart);
  g_test_add_func ("/quorum/client/live/logout-token-invalid", test_logout_token_invalid);
  g_test_add_func ("/quorum/client/live/not-participant", test_not_participant);
  g_test_add_func ("/quorum/client/live/hello-deadline-missed", test_hello_deadline_missed);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  g_clear_pointer (&fixture.docid, g_free);
  return result;
}
