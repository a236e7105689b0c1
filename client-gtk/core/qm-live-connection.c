/* qm-live-connection.c: one meeting's live WebSocket, reconnected with
 * exponential backoff and jitter and resumed from the last seq seen.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-live-connection"

#include "config.h"

#include "qm-client-enums.h"
#include "qm-client-error.h"
#include "qm-live-connection.h"

#define SUBPROTOCOL "quorum.v1"

struct _QmLiveConnection
{
  GObject                  parent_instance;

  QmSession               *session;
  gint64                   meeting_id;

  QmLiveState              state;
  QmLiveStopReason         stop_reason;
  GError                  *last_error;

  /* What resuming needs: set by the first welcome. */
  gboolean                 welcomed;
  gint64                   seq;
  char                    *epoch;

  GCancellable            *connect_cancellable;
  SoupMessage             *connect_message;  /* its certificate verdict, while connecting */
  SoupWebsocketConnection *ws;
  gboolean                 ws_welcomed;

  guint                    reconnect_id;
  guint                    retry_delay_ms;
  guint                    attempts;
  guint                    protocol_closes;   /* 4400s since the last welcome */
  guint                    hello_timeout_id;
  guint                    ping_id;
  guint                    pong_timeout_id;

  GHashTable              *pending;       /* id → Pending */
  gint64                   next_id;

  guint                    initial_backoff_ms;
  guint                    max_backoff_ms;
  guint                    ping_interval_ms;
  guint                    pong_timeout_ms;
  guint                    command_timeout_ms;
};

G_DEFINE_FINAL_TYPE (QmLiveConnection, qm_live_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MEETING_ID,
  PROP_STATE,
  PROP_STOP_REASON,
  PROP_SEQ,
  PROP_EPOCH,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  QmLiveConnection *self;        /* unowned: the table that holds this is its */
  GTask            *task;
  gint64            id;
  guint             timeout_id;
} Pending;

static void connect_now (QmLiveConnection *self);

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (pending->task != NULL)
    {
      /* Still here means nobody answered: the connection went away. */
      g_task_return_new_error (pending->task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED,
                               "The live connection closed before the server answered");
      g_clear_object (&pending->task);
    }
  g_free (pending);
}

static void
set_state (QmLiveConnection *self,
           QmLiveState       state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_stop_reason (QmLiveConnection *self,
                 QmLiveStopReason  reason)
{
  if (self->stop_reason == reason)
    return;
  self->stop_reason = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOP_REASON]);
}

static void
set_last_error (QmLiveConnection *self,
                GError           *error)
{
  g_clear_error (&self->last_error);
  self->last_error = error;
}

static gboolean
unref_in_idle (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Releases the reference drop_socket kept for the close handshake, after the
 * emission that reports it. */
static void
on_closing_ws_closed (SoupWebsocketConnection *ws,
                      gpointer                 user_data)
{
  g_idle_add (unref_in_idle, ws);
}

static void
fail_pending (QmLiveConnection *self)
{
  GList *list = g_hash_table_get_values (self->pending);

  /* Stolen first: a callback may send the next command at once. */
  g_hash_table_steal_all (self->pending);
  g_list_free_full (list, (GDestroyNotify) pending_free);
}

/* Lets go of the socket: the close handshake finishes on its own (libsoup
 * force-closes it after a few seconds). References are dropped from an idle
 * because this may run inside one of the socket's own signal emissions. */
static void
drop_socket (QmLiveConnection *self,
             gushort           code)
{
  SoupWebsocketConnection *ws = g_steal_pointer (&self->ws);

  g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->connect_message);
  g_clear_handle_id (&self->hello_timeout_id, g_source_remove);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->pong_timeout_id, g_source_remove);
  self->ws_welcomed = FALSE;

  if (ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (ws, self);
      if (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_CLOSED)
        {
          g_signal_connect (g_object_ref (ws), "closed", G_CALLBACK (on_closing_ws_closed), NULL);
          if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_close (ws, code, NULL);
        }
      g_idle_add (unref_in_idle, ws);
    }

  fail_pending (self);
}

static void
stop_with (QmLiveConnection *self,
           QmLiveStopReason  reason)
{
  drop_socket (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->retry_delay_ms = 0;
  set_stop_reason (self, reason);
  set_state (self, QM_LIVE_STATE_OFFLINE);
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  QmLiveConnection *self = user_data;

  self->reconnect_id = 0;
  self->retry_delay_ms = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (QmLiveConnection *self,
                    guint             min_attempts)
{
  guint shift;
  double delay;

  drop_socket (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  /* Exponential backoff with ±20 % jitter, so a room of tablets that lost
   * the server together does not come back in one burst. */
  self->attempts = MAX (self->attempts, min_attempts);
  shift = MIN (self->attempts, 20);
  delay = MIN ((double) self->initial_backoff_ms * (double) (1u << shift),
               (double) self->max_backoff_ms);
  delay *= g_random_double_range (0.8, 1.2);
  self->retry_delay_ms = MAX ((guint) delay, 1);
  self->attempts++;

  g_debug ("reconnecting to meeting %" G_GINT64_FORMAT " in %u ms (attempt %u)",
           self->meeting_id, self->retry_delay_ms, self->attempts);
  self->reconnect_id = g_timeout_add (self->retry_delay_ms, on_reconnect_timeout, self);
  set_state (self, QM_LIVE_STATE_RECONNECTING);
}

/* A connection that stopped answering: drop it and try again. */
static void
connection_dead (QmLiveConnection *self,
                 const char       *why)
{
  set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                                     "The live connection stopped answering (%s)", why));
  schedule_reconnect (self, 0);
}

static gboolean
on_hello_timeout (gpointer user_data)
{
  QmLiveConnection *self = user_data;

  self->hello_timeout_id = 0;
  connection_dead (self, "no welcome");
  return G_SOURCE_REMOVE;
}

static gboolean
on_pong_timeout (gpointer user_data)
{
  QmLiveConnection *self = user_data;

  self->pong_timeout_id = 0;
  connection_dead (self, "no pong");
  return G_SOURCE_REMOVE;
}

static gboolean
send_message (QmLiveConnection  *self,
              const QmMessage   *message,
              GError           **error)
{
  g_autofree char *text = NULL;

  if (self->ws == NULL || soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_set_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED,
                   "The live connection is not open");
      return FALSE;
    }
  text = qm_message_serialize (message, NULL);
  soup_websocket_connection_send_text (self->ws, text);
  return TRUE;
}

static gboolean
on_ping_tick (gpointer user_data)
{
  QmLiveConnection *self = user_data;
  g_autoptr(QmMessage) ping = qm_message_new (QM_MESSAGE_PING);

  /* Any frame from the server clears the pong timeout: a busy connection
   * is alive even if the pong itself is queued behind events. */
  ping->id = json_node_init_int (json_node_alloc (), self->next_id++);
  if (send_message (self, ping, NULL) && self->pong_timeout_id == 0)
    self->pong_timeout_id = g_timeout_add (self->pong_timeout_ms, on_pong_timeout, self);
  return G_SOURCE_CONTINUE;
}

static gboolean
read_re (JsonNode *re,
         gint64   *out_id)
{
  if (re == NULL || !JSON_NODE_HOLDS_VALUE (re))
    return FALSE;
  switch (json_node_get_value_type (re))
    {
    case G_TYPE_INT64:
      *out_id = json_node_get_int (re);
      return TRUE;
    case G_TYPE_DOUBLE:
      /* The server may spell a number differently (1000.0). */
      *out_id = (gint64) json_node_get_double (re);
      return (double) *out_id == json_node_get_double (re);
    default:
      return FALSE;
    }
}

static void
answer_pending (QmLiveConnection *self,
                const QmMessage  *message)
{
  Pending *pending;
  g_autoptr(GTask) task = NULL;
  gint64 id;

  if (!read_re (message->re, &id))
    return;
  pending = g_hash_table_lookup (self->pending, &id);
  if (pending == NULL)
    return;

  task = g_steal_pointer (&pending->task);
  g_hash_table_remove (self->pending, &id);
  if (message->type == QM_MESSAGE_ERROR)
    {
      /* Kept for qm_live_connection_send_finish_full: some errors carry
       * more than a code (a conflict, the stored annotation). */
      g_task_set_task_data (task, qm_message_copy (message), (GDestroyNotify) qm_message_free);
      g_task_return_error (task, qm_client_error_from_wire_code (message->error.code,
                                                                 message->error.message));
    }
  else
    g_task_return_pointer (task, qm_message_copy (message), (GDestroyNotify) qm_message_free);
}

static void
handle_welcome (QmLiveConnection *self,
                const QmMessage  *message)
{
  const QmWelcome *welcome = &message->welcome;

  g_clear_handle_id (&self->hello_timeout_id, g_source_remove);

  /* A resumed welcome is followed by the missed events, which move seq on;
   * taking welcome.seq now would skip them if the connection dropped
   * halfway through the replay. */
  if (!welcome->resumed || welcome->meeting != NULL)
    {
      if (self->seq != message->seq)
        {
          self->seq = message->seq;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
        }
    }
  if (g_strcmp0 (self->epoch, welcome->epoch) != 0)
    {
      g_free (self->epoch);
      self->epoch = g_strdup (welcome->epoch);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EPOCH]);
    }

  self->welcomed = TRUE;
  self->ws_welcomed = TRUE;
  self->attempts = 0;
  self->protocol_closes = 0;
  set_last_error (self, NULL);
  set_state (self, QM_LIVE_STATE_ONLINE);
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *bytes,
               gpointer                 user_data)
{
  g_autoptr(QmLiveConnection) self = g_object_ref (user_data);
  g_autoptr(QmMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize length;

  g_clear_handle_id (&self->pong_timeout_id, g_source_remove);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  text = g_bytes_get_data (bytes, &length);
  message = qm_message_parse (text, length, QM_ORIGIN_SERVER, NULL, &error);
  if (message == NULL)
    {
      /* Forward compatibility: a newer server may send event types this
       * client does not know. */
      g_debug ("ignoring a server message: %s", error->message);
      return;
    }

  if (message->type == QM_MESSAGE_WELCOME)
    handle_welcome (self, message);
  else if (!self->ws_welcomed)
    {
      g_debug ("ignoring a %s before the welcome", qm_message_type_to_string (message->type));
      return;
    }
  else if (qm_message_type_is_event (message->type) && message->seq > self->seq)
    {
      self->seq = message->seq;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
    }

  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);

  if (message->type == QM_MESSAGE_REPLY || message->type == QM_MESSAGE_ERROR
      || message->type == QM_MESSAGE_PONG)
    answer_pending (self, message);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  QmLiveConnection *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (ws);
  const char *data = soup_websocket_connection_get_close_data (ws);

  g_debug ("live connection closed: %u %s", code, data != NULL ? data : "");

  switch (code)
    {
    case QM_CLOSE_UNAUTHORIZED:
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID,
                                         "The session is no longer valid: sign in again"));
      stop_with (self, QM_LIVE_STOP_TOKEN_INVALID);
      qm_session_forget_token (self->session);
      break;
    case QM_CLOSE_FORBIDDEN:
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_FORBIDDEN,
                                         "Not a participant of this meeting"));
      stop_with (self, QM_LIVE_STOP_FORBIDDEN);
      break;
    case QM_CLOSE_PROTOCOL_ERROR:
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                                         "The server refused this client's messages: %s",
                                         data != NULL ? data : ""));
      /* Usually not this client's fault: a loaded tablet can miss the
       * server's hello deadline. Only a server that refuses every hello
       * in a row is one this client cannot talk to. */
      if (++self->protocol_closes >= QM_LIVE_MAX_PROTOCOL_CLOSES)
        stop_with (self, QM_LIVE_STOP_PROTOCOL);
      else
        schedule_reconnect (self, 1);
      break;
    case QM_CLOSE_RATE_LIMITED:
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED,
                                         "Too many commands"));
      /* Back off for a few seconds at least. */
      schedule_reconnect (self, 3);
      break;
    default:
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                                         "The live connection closed (%u)", code));
      schedule_reconnect (self, 0);
      break;
    }
}

static void
on_ws_error (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  g_debug ("live connection error: %s", error->message);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QmLiveConnection *self;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(QmMessage) hello = NULL;
  g_autoptr(GError) error = NULL;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* stopped or disposed: self may be gone */

  self = user_data;
  g_clear_object (&self->connect_cancellable);
  if (ws == NULL)
    {
      set_last_error (self, qm_session_error_from_transport (self->session, self->connect_message,
                                                             error));
      g_clear_object (&self->connect_message);
      /* Another certificate than the pinned one will not go away by
       * retrying, and must not be retried into silently: the user decides. */
      if (self->last_error->domain == QM_CERTIFICATE_ERROR)
        stop_with (self, QM_LIVE_STOP_CERTIFICATE);
      else
        schedule_reconnect (self, 0);
      return;
    }
  g_clear_object (&self->connect_message);
  if (qm_session_get_token (self->session) == NULL)
    {
      /* Signed out while connecting. */
      self->ws = g_steal_pointer (&ws);
      stop_with (self, QM_LIVE_STOP_TOKEN_INVALID);
      return;
    }

  self->ws = g_steal_pointer (&ws);
  soup_websocket_connection_set_max_incoming_payload_size (self->ws, QM_MAX_SERVER_MESSAGE_BYTES);
  /* Pings are the protocol's own, so a missing pong is noticed. */
  soup_websocket_connection_set_keepalive_interval (self->ws, 0);
  g_signal_connect (self->ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (on_ws_closed), self);
  g_signal_connect (self->ws, "error", G_CALLBACK (on_ws_error), self);

  hello = qm_message_new (QM_MESSAGE_HELLO);
  hello->hello.token = g_strdup (qm_session_get_token (self->session));
  if (self->welcomed)
    {
      hello->hello.has_resume_from = TRUE;
      hello->hello.resume_from = self->seq;
      hello->hello.epoch = g_strdup (self->epoch);
    }
  send_message (self, hello, NULL);

  self->hello_timeout_id = g_timeout_add (self->command_timeout_ms, on_hello_timeout, self);
  self->ping_id = g_timeout_add (self->ping_interval_ms, on_ping_tick, self);
}

static void
connect_now (QmLiveConnection *self)
{
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  const char *protocols[] = { SUBPROTOCOL, NULL };

  g_assert (self->ws == NULL);
  g_assert (self->connect_cancellable == NULL);

  if (qm_session_get_token (self->session) == NULL)
    {
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN,
                                         "Not signed in"));
      stop_with (self, QM_LIVE_STOP_TOKEN_INVALID);
      return;
    }

  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/live", self->meeting_id);
  url = qm_session_build_url (self->session, path, TRUE);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      set_last_error (self, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                                         "“%s” is not a server address", url));
      schedule_reconnect (self, 0);
      return;
    }

  message = soup_message_new_from_uri ("GET", uri);
  qm_session_watch_certificate (self->session, message);
  self->connect_message = g_object_ref (message);
  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (qm_session_get_soup_session (self->session), message,
                                        NULL, (char **) protocols, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, on_connected, self);
}

static void
qm_live_connection_dispose (GObject *object)
{
  QmLiveConnection *self = QM_LIVE_CONNECTION (object);

  drop_socket (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_live_connection_parent_class)->dispose (object);
}

static void
qm_live_connection_finalize (GObject *object)
{
  QmLiveConnection *self = QM_LIVE_CONNECTION (object);

  g_clear_error (&self->last_error);
  g_free (self->epoch);
  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (qm_live_connection_parent_class)->finalize (object);
}

static void
qm_live_connection_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  QmLiveConnection *self = QM_LIVE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MEETING_ID:
      g_value_set_int64 (value, self->meeting_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STOP_REASON:
      g_value_set_enum (value, self->stop_reason);
      break;
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_EPOCH:
      g_value_set_string (value, self->epoch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_live_connection_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  QmLiveConnection *self = QM_LIVE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MEETING_ID:
      self->meeting_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_live_connection_class_init (QmLiveConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_live_connection_dispose;
  object_class->finalize = qm_live_connection_finalize;
  object_class->get_property = qm_live_connection_get_property;
  object_class->set_property = qm_live_connection_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, QM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEETING_ID] =
    g_param_spec_int64 ("meeting-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, QM_TYPE_LIVE_STATE, QM_LIVE_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STOP_REASON] =
    g_param_spec_enum ("stop-reason", NULL, NULL, QM_TYPE_LIVE_STOP_REASON, QM_LIVE_STOP_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EPOCH] =
    g_param_spec_string ("epoch", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every server message, parsed (a const QmMessage *, valid during the
   * emission): welcome, events, replies and errors. */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
qm_live_connection_init (QmLiveConnection *self)
{
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify) pending_free);
  self->next_id = 1;
  self->initial_backoff_ms = QM_LIVE_INITIAL_BACKOFF_MS;
  self->max_backoff_ms = QM_LIVE_MAX_BACKOFF_MS;
  self->ping_interval_ms = QM_LIVE_PING_INTERVAL_MS;
  self->pong_timeout_ms = QM_LIVE_PONG_TIMEOUT_MS;
  self->command_timeout_ms = QM_LIVE_COMMAND_TIMEOUT_MS;
}

QmLiveConnection *
qm_live_connection_new (QmSession *session,
                        gint64     meeting_id)
{
  g_return_val_if_fail (QM_IS_SESSION (session), NULL);
  g_return_val_if_fail (meeting_id > 0, NULL);

  return g_object_new (QM_TYPE_LIVE_CONNECTION,
                       "session", session,
                       "meeting-id", meeting_id,
                       NULL);
}

QmSession *
qm_live_connection_get_session (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), NULL);
  return self->session;
}

gint64
qm_live_connection_get_meeting_id (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), 0);
  return self->meeting_id;
}

QmLiveState
qm_live_connection_get_state (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), QM_LIVE_STATE_OFFLINE);
  return self->state;
}

QmLiveStopReason
qm_live_connection_get_stop_reason (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), QM_LIVE_STOP_NONE);
  return self->stop_reason;
}

const GError *
qm_live_connection_get_last_error (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), NULL);
  return self->last_error;
}

gint64
qm_live_connection_get_seq (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), 0);
  return self->seq;
}

const char *
qm_live_connection_get_epoch (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), NULL);
  return self->epoch;
}

guint
qm_live_connection_get_retry_delay (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), 0);
  return self->reconnect_id != 0 ? self->retry_delay_ms : 0;
}

guint
qm_live_connection_get_attempts (QmLiveConnection *self)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), 0);
  return self->attempts;
}

void
qm_live_connection_set_timing (QmLiveConnection *self,
                               guint             initial_backoff_ms,
                               guint             max_backoff_ms,
                               guint             ping_interval_ms,
                               guint             pong_timeout_ms,
                               guint             command_timeout_ms)
{
  g_return_if_fail (QM_IS_LIVE_CONNECTION (self));

  if (initial_backoff_ms > 0)
    self->initial_backoff_ms = initial_backoff_ms;
  if (max_backoff_ms > 0)
    self->max_backoff_ms = max_backoff_ms;
  if (ping_interval_ms > 0)
    self->ping_interval_ms = ping_interval_ms;
  if (pong_timeout_ms > 0)
    self->pong_timeout_ms = pong_timeout_ms;
  if (command_timeout_ms > 0)
    self->command_timeout_ms = command_timeout_ms;
}

void
qm_live_connection_start (QmLiveConnection *self)
{
  g_return_if_fail (QM_IS_LIVE_CONNECTION (self));

  if (self->state != QM_LIVE_STATE_OFFLINE)
    return;

  self->attempts = 0;
  self->protocol_closes = 0;
  set_last_error (self, NULL);
  set_stop_reason (self, QM_LIVE_STOP_NONE);
  set_state (self, self->welcomed ? QM_LIVE_STATE_RECONNECTING : QM_LIVE_STATE_CONNECTING);
  connect_now (self);
}

void
qm_live_connection_stop (QmLiveConnection *self)
{
  g_return_if_fail (QM_IS_LIVE_CONNECTION (self));

  if (self->state == QM_LIVE_STATE_OFFLINE)
    return;
  stop_with (self, QM_LIVE_STOP_REQUESTED);
}

void
qm_live_connection_reconnect_now (QmLiveConnection *self)
{
  g_return_if_fail (QM_IS_LIVE_CONNECTION (self));

  if (self->reconnect_id == 0)
    return;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->retry_delay_ms = 0;
  connect_now (self);
}

gboolean
qm_live_connection_send (QmLiveConnection  *self,
                         const QmMessage   *command,
                         GError           **error)
{
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (qm_message_type_is_command (command->type), FALSE);

  if (!self->ws_welcomed)
    {
      g_set_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED,
                   "The live connection is not online");
      return FALSE;
    }
  return send_message (self, command, error);
}

static gboolean
on_command_timeout (gpointer user_data)
{
  Pending *pending = user_data;
  QmLiveConnection *self = pending->self;
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);
  gint64 id = pending->id;

  pending->timeout_id = 0;
  g_hash_table_remove (self->pending, &id);
  g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TIMED_OUT,
                           "The server did not answer within %u ms", self->command_timeout_ms);
  return G_SOURCE_REMOVE;
}

void
qm_live_connection_send_async (QmLiveConnection    *self,
                               const QmMessage     *command,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(QmMessage) copy = NULL;
  g_autoptr(GError) error = NULL;
  Pending *pending;

  g_return_if_fail (QM_IS_LIVE_CONNECTION (self));
  g_return_if_fail (command != NULL);
  g_return_if_fail (qm_message_type_is_command (command->type));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_live_connection_send_async);

  copy = qm_message_copy (command);
  g_clear_pointer (&copy->id, json_node_unref);
  copy->id = json_node_init_int (json_node_alloc (), self->next_id++);

  if (!qm_live_connection_send (self, copy, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->task = g_steal_pointer (&task);
  pending->id = json_node_get_int (copy->id);
  pending->timeout_id = g_timeout_add (self->command_timeout_ms, on_command_timeout, pending);
  g_hash_table_insert (self->pending, &pending->id, pending);
}

QmMessage *
qm_live_connection_send_finish (QmLiveConnection  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  return qm_live_connection_send_finish_full (self, result, NULL, error);
}

QmMessage *
qm_live_connection_send_finish_full (QmLiveConnection  *self,
                                     GAsyncResult      *result,
                                     QmMessage        **out_error,
                                     GError           **error)
{
  QmMessage *answer;
  QmMessage *error_message;

  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_live_connection_send_async,
                        NULL);

  if (out_error != NULL)
    *out_error = NULL;
  answer = g_task_propagate_pointer (G_TASK (result), error);
  error_message = g_task_get_task_data (G_TASK (result));
  if (answer == NULL && out_error != NULL && error_message != NULL)
    *out_error = qm_message_copy (error_message);
  return answer;
}
