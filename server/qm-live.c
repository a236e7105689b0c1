/* qm-live.c: live connections: the WebSocket upgrade, the hello, limits,
 * keepalive pings, revocation, and the hand-over of commands to rooms.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-live"

#include "config.h"

#include <string.h>

#include "qm-fast-http.h"
#include "qm-live-private.h"

#define SUBPROTOCOL            "quorum.v1"
/* Connections that have not said hello yet, over all meetings. */
#define MAX_AWAITING_HELLO     2048
#define KEEPALIVE_SECONDS      20
/* A peer silent this long (pongs included) is taken for gone. */
#define SILENCE_LIMIT_SECONDS  65
#define COMMANDS_PER_SECOND    100
/* Seconds over the command limit, or commands in one second, before 4429. */
#define STRIKES_BEFORE_CLOSE   3
#define HARD_COMMANDS_PER_SECOND 400
#define MAX_QUEUE_BYTES        (4 * 1024 * 1024)

struct _QmLive
{
  GObject            parent_instance;

  const QmServices  *services;
  GHashTable        *rooms;          /* meeting id → QmRoom */
  GPtrArray         *clients;        /* every QmClient, hello or not */
  guint              awaiting_hello;
  guint              keepalive_timer;
  gboolean           shutting_down;
};

G_DEFINE_FINAL_TYPE (QmLive, qm_live, G_TYPE_OBJECT)

/* Sending */

void
_qm_client_send_message (QmClient  *client,
                         QmMessage *message)
{
  g_autofree char *text = NULL;
  gsize length;

  /* In a room, an answer waits behind the events still waiting for their
   * numbers: a reply comes after the events its command caused. */
  if (client->room != NULL)
    {
      _qm_room_send_after_events (client->room, client->ws, message);
      return;
    }
  text = qm_message_serialize (message, &length);
  qm_ws_send_text (client->ws, text, length);
  qm_message_free (message);
}

void
_qm_client_reply (QmClient *client,
                  JsonNode *re,
                  gint64    vote)
{
  QmMessage *reply;

  /* A command without an id gets no reply on success. */
  if (re == NULL)
    return;
  reply = qm_message_new (QM_MESSAGE_REPLY);
  reply->re = json_node_copy (re);
  reply->reply.vote = vote;
  _qm_client_send_message (client, reply);
}

void
_qm_client_error (QmClient        *client,
                  JsonNode        *re,
                  QmProtocolError  code,
                  const char      *message)
{
  g_autoptr(GError) error = g_error_new_literal (QM_PROTOCOL_ERROR, code, message);

  _qm_client_send_message (client, qm_message_new_error (re, error));
}

void
_qm_client_close (QmClient   *client,
                  guint16     code,
                  const char *reason)
{
  qm_ws_close (client->ws, code, reason);
}

/* Connections */

static void
client_free (QmClient *client)
{
  g_clear_handle_id (&client->hello_timer, g_source_remove);
  g_clear_handle_id (&client->teardown_idle, g_source_remove);
  qm_ws_unref (client->ws);
  g_free (client);
}

static gboolean
tear_down (gpointer user_data)
{
  QmClient *client = user_data;
  QmLive *self = client->live;

  client->teardown_idle = 0;
  if (client->room != NULL)
    _qm_room_leave (client->room, client);
  else
    self->awaiting_hello--;
  g_ptr_array_remove_fast (self->clients, client);
  client_free (client);
  return G_SOURCE_REMOVE;
}

static void
ws_closed (QmWs     *ws,
           guint16   code,
           gpointer  user_data)
{
  QmClient *client = user_data;

  /* Later, so no fan-out loop sees the client vanish under it. */
  if (client->teardown_idle == 0)
    client->teardown_idle = g_idle_add (tear_down, client);
}

static guint16
ws_violation (QmWs       *ws,
              guint16     suggested,
              const char *what,
              gpointer    user_data)
{
  /* Too large and not text are the contract's protocol errors. */
  if (suggested == 1009 || suggested == 1003)
    return QM_CLOSE_PROTOCOL_ERROR;
  return suggested;
}

static QmRoom *
room_for (QmLive *self,
          gint64  meeting_id)
{
  QmRoom *room = g_hash_table_lookup (self->rooms, &meeting_id);

  if (room == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = meeting_id;
      room = _qm_room_new (self, self->services, meeting_id);
      g_hash_table_insert (self->rooms, key, room);
    }
  return room;
}

static void
accept_hello (QmClient   *client,
              const char *text,
              gsize       length)
{
  QmLive *self = client->live;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) hello = qm_message_parse (text, length, QM_ORIGIN_CLIENT, NULL, &error);
  g_autoptr(QmCaller) caller = NULL;

  if (hello == NULL || hello->type != QM_MESSAGE_HELLO)
    {
      _qm_client_close (client, QM_CLOSE_PROTOCOL_ERROR, "the first message must be a hello");
      return;
    }
  if (!(caller = qm_auth_check_token (self->services->auth, hello->hello.token, NULL)))
    {
      _qm_client_close (client, QM_CLOSE_UNAUTHORIZED, "bad or expired token");
      return;
    }
  if (qm_store_get_role (self->services->store, client->meeting_id, caller->user->id)
      == QM_MEETING_ROLE_NONE)
    {
      _qm_client_close (client, QM_CLOSE_FORBIDDEN, "not a participant of this meeting");
      return;
    }

  g_clear_handle_id (&client->hello_timer, g_source_remove);
  self->awaiting_hello--;
  client->user_id = caller->user->id;
  memcpy (client->token_hash, caller->token_hash, QM_TOKEN_HASH_BYTES);
  _qm_room_join (room_for (self, client->meeting_id), client, hello);
}

/* Counts a command; FALSE when it must be refused. */
static gboolean
within_rate (QmClient *client)
{
  /* Counted by arrival, not by when the main loop got to them: a burst that
   * arrived in one read is one burst even on a loaded machine. */
  gint64 now = qm_ws_last_heard (client->ws);

  if (now - client->window_start >= G_USEC_PER_SEC)
    {
      if (client->window_count > COMMANDS_PER_SECOND)
        client->strikes++;
      else
        client->strikes = 0;
      client->window_start = now;
      client->window_count = 0;
    }
  client->window_count++;

  if (client->strikes >= STRIKES_BEFORE_CLOSE || client->window_count > HARD_COMMANDS_PER_SECOND)
    {
      _qm_client_close (client, QM_CLOSE_RATE_LIMITED, "too many commands");
      return FALSE;
    }
  return client->window_count <= COMMANDS_PER_SECOND;
}

static void
ws_message (QmWs       *ws,
            const char *text,
            gsize       length,
            gpointer    user_data)
{
  QmClient *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(QmMessage) command = NULL;
  gboolean allowed;

  if (client->room == NULL)
    {
      accept_hello (client, text, length);
      return;
    }

  allowed = within_rate (client);
  if (!qm_ws_is_open (ws))
    return;

  command = qm_message_parse (text, length, QM_ORIGIN_CLIENT, &id, &error);
  if (command == NULL)
    {
      if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED)
          || g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE))
        _qm_client_close (client, QM_CLOSE_PROTOCOL_ERROR, "not a JSON object");
      else
        _qm_client_send_message (client, qm_message_new_error (id, error));
      return;
    }
  if (!allowed)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_RATE_LIMITED,
                        "more than 100 commands in a second");
      return;
    }

  _qm_room_command (client->room, client, command);
}

static const QmWsCallbacks ws_callbacks = {
  ws_message,
  ws_violation,
  ws_closed,
};

static gboolean
hello_timed_out (gpointer user_data)
{
  QmClient *client = user_data;

  client->hello_timer = 0;
  _qm_client_close (client, QM_CLOSE_PROTOCOL_ERROR, "no hello in time");
  return G_SOURCE_REMOVE;
}

typedef struct
{
  QmLive   *live;
  gint64    meeting_id;
  gboolean  is_private;
} Upgrade;

static void
upgrade_written (SoupServerMessage *message,
                 gpointer           user_data)
{
  Upgrade *upgrade = user_data;
  QmLive *self = upgrade->live;
  /* Over TLS the socket carries ciphertext: only a plain one is written to directly. */
  gboolean plain = g_strcmp0 (g_uri_get_scheme (soup_server_message_get_uri (message)), "https") != 0;
  GSocket *raw = soup_server_message_get_socket (message);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GIOStream) stream = NULL;
  QmWsLimits limits = { QM_MAX_CLIENT_MESSAGE_BYTES, MAX_QUEUE_BYTES };
  QmClient *client;

  /* A connection that came through the lean document path reaches libsoup
   * as a stream, and only that path still knows its socket. */
  if (raw == NULL)
    raw = qm_fast_http_socket_of (message);
  socket = plain && raw != NULL ? g_object_ref (raw) : NULL;
  stream = soup_server_message_steal_connection (message);

  if (stream == NULL)
    return;

  client = g_new0 (QmClient, 1);
  client->live = self;
  client->meeting_id = upgrade->meeting_id;
  client->opened_at = g_get_monotonic_time ();
  client->is_private = upgrade->is_private;
  client->window_start = client->opened_at;
  client->ws = qm_ws_new (stream, socket, &limits, &ws_callbacks, client);
  client->hello_timer = g_timeout_add (self->services->config->hello_timeout_ms,
                                       hello_timed_out, client);
  g_ptr_array_add (self->clients, client);
  self->awaiting_hello++;
}

static gboolean
offers_subprotocol (SoupServerMessage *message)
{
  const char *offered = soup_message_headers_get_list (
    soup_server_message_get_request_headers (message), "Sec-WebSocket-Protocol");
  g_auto(GStrv) names = NULL;

  if (offered == NULL)
    return FALSE;
  names = g_strsplit (offered, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (g_strstrip (names[i]), SUBPROTOCOL))
      return TRUE;
  return FALSE;
}

/* Frames nobody can read on the way: over TLS, or from this very machine. */
static gboolean
is_private (SoupServerMessage *message)
{
  GSocketAddress *address = soup_server_message_get_remote_address (message);

  if (g_strcmp0 (g_uri_get_scheme (soup_server_message_get_uri (message)), "https") == 0)
    return TRUE;
  return address != NULL && G_IS_INET_SOCKET_ADDRESS (address)
         && g_inet_address_get_is_loopback (
           g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

void
qm_live_upgrade (QmLive            *self,
                 SoupServerMessage *message,
                 gint64             meeting_id)
{
  char *protocols[] = { (char *) SUBPROTOCOL, NULL };
  g_autoptr(GError) error = NULL;
  Upgrade *upgrade;

  if (self->shutting_down)
    {
      qm_server_message_set_error (message, QM_PROTOCOL_ERROR_UNAVAILABLE, "the server is stopping");
      return;
    }
  if (self->awaiting_hello >= MAX_AWAITING_HELLO)
    {
      qm_server_message_set_error (message, QM_PROTOCOL_ERROR_UNAVAILABLE,
                      "too many connections are opening at once; try again in a moment");
      return;
    }
  if (!offers_subprotocol (message))
    {
      qm_server_message_set_error (message, QM_PROTOCOL_ERROR_BAD_REQUEST,
                      "the live channel speaks the WebSocket subprotocol " SUBPROTOCOL);
      return;
    }
  /* No extensions offered: permessage-deflate costs more CPU than it saves here. */
  if (!soup_websocket_server_check_handshake (message, NULL, protocols, NULL, &error))
    {
      qm_server_message_set_error (message, QM_PROTOCOL_ERROR_BAD_REQUEST, error->message);
      return;
    }
  soup_websocket_server_process_handshake (message, NULL, protocols, NULL, NULL);

  upgrade = g_new0 (Upgrade, 1);
  upgrade->live = self;
  upgrade->meeting_id = meeting_id;
  upgrade->is_private = is_private (message);
  g_signal_connect_data (message, "wrote-informational", G_CALLBACK (upgrade_written), upgrade,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
}

/* Keepalive, expiry and revocation */

static gboolean
keepalive (gpointer user_data)
{
  QmLive *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) clients = g_ptr_array_copy (self->clients, NULL, NULL);

  for (guint i = 0; i < clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (clients, i);

      if (client->room == NULL || !qm_ws_is_open (client->ws))
        continue;
      if (now - qm_ws_last_heard (client->ws) > SILENCE_LIMIT_SECONDS * G_USEC_PER_SEC)
        {
          _qm_client_close (client, QM_CLOSE_GOING_AWAY, "no answer to pings");
          continue;
        }
      /* A live connection is use of its token; one that died ends it. */
      if (!qm_auth_check_token_hash (self->services->auth, client->token_hash))
        {
          _qm_client_close (client, QM_CLOSE_UNAUTHORIZED, "the token expired");
          continue;
        }
      qm_ws_ping (client->ws);
    }
  return G_SOURCE_CONTINUE;
}

void
qm_live_token_revoked (QmLive       *self,
                       const guint8 *token_hash)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (self->clients, i);

      if (client->room != NULL && memcmp (client->token_hash, token_hash, QM_TOKEN_HASH_BYTES) == 0)
        _qm_client_close (client, QM_CLOSE_UNAUTHORIZED, "logged out");
    }
}

void
qm_live_agenda_changed (QmLive *self,
                        gint64  meeting_id)
{
  QmRoom *room = g_hash_table_lookup (self->rooms, &meeting_id);

  if (room != NULL)
    _qm_room_agenda_changed (room);
}

void
qm_live_participants_changed (QmLive *self,
                              gint64  meeting_id)
{
  QmRoom *room = g_hash_table_lookup (self->rooms, &meeting_id);
  g_autoptr(GArray) removed = NULL;
  GPtrArray *clients;

  if (room == NULL)
    return;
  removed = _qm_room_participants_changed (room);
  clients = _qm_room_clients (room);
  for (guint i = 0; i < clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (clients, i);

      for (guint j = 0; j < removed->len; j++)
        if (client->user_id == g_array_index (removed, gint64, j))
          _qm_client_close (client, QM_CLOSE_FORBIDDEN, "removed from the meeting");
    }
}

guint
qm_live_count_connections (QmLive *self)
{
  return self->clients->len;
}

char *
qm_live_describe (QmLive *self)
{
  guint direct = 0;

  for (guint i = 0; i < self->clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (self->clients, i);

      if (qm_ws_writes_directly (client->ws))
        direct++;
    }
  return g_strdup_printf ("%u live connection(s) in %u meeting(s), %u written straight to "
                          "their sockets; broadcasts: %s", self->clients->len,
                          g_hash_table_size (self->rooms), direct, qm_ws_fanout_mode ());
}

static gboolean
any_room_saving (QmLive *self)
{
  GHashTableIter iter;
  gpointer room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &room))
    if (_qm_room_is_saving (room))
      return TRUE;
  return FALSE;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
qm_live_shutdown (QmLive *self,
                  guint   timeout_ms)
{
  GHashTableIter iter;
  gpointer room;
  gboolean timed_out = FALSE;
  guint timer;

  if (self->shutting_down)
    return;
  self->shutting_down = TRUE;
  g_clear_handle_id (&self->keepalive_timer, g_source_remove);

  for (guint i = 0; i < self->clients->len; i++)
    _qm_client_close (g_ptr_array_index (self->clients, i), QM_CLOSE_GOING_AWAY,
                      "the server is stopping");
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &room))
    _qm_room_save (room);

  /* Let the close frames go out and the last positions be committed. */
  timer = g_timeout_add (timeout_ms, set_flag, &timed_out);
  while (!timed_out && (self->clients->len > 0 || any_room_saving (self)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timer);

  /* Whoever is left goes without a goodbye. */
  while (self->clients->len > 0)
    tear_down (g_ptr_array_index (self->clients, 0));
  g_hash_table_remove_all (self->rooms);
}

QmLive *
qm_live_new (const QmServices *services)
{
  QmLive *self = g_object_new (QM_TYPE_LIVE, NULL);

  self->services = services;
  self->keepalive_timer = g_timeout_add_seconds (KEEPALIVE_SECONDS, keepalive, self);
  return self;
}

static void
qm_live_finalize (GObject *object)
{
  QmLive *self = (QmLive *) object;

  g_clear_handle_id (&self->keepalive_timer, g_source_remove);
  while (self->clients->len > 0)
    tear_down (g_ptr_array_index (self->clients, 0));
  g_ptr_array_unref (self->clients);
  g_hash_table_unref (self->rooms);

  G_OBJECT_CLASS (qm_live_parent_class)->finalize (object);
}

static void
qm_live_class_init (QmLiveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qm_live_finalize;
}

static void
qm_live_init (QmLive *self)
{
  self->rooms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) _qm_room_free);
  self->clients = g_ptr_array_new ();
}
