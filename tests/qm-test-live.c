/* qm-test-live.c: a live-channel test client over libsoup's WebSocket, and a
 * raw-socket one that writes frames by hand.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "qm-test-live.h"

#define SUBPROTOCOL "quorum.v1"
/* Server frames may be far larger than client ones (a welcome of a big room). */
#define MAX_INCOMING (64 * 1024 * 1024)

typedef struct
{
  char      *raw;
  QmMessage *message;      /* NULL when the text did not parse */
  char      *parse_error;
} Entry;

struct _QmTestLive
{
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  gboolean                 connected;
  GError                  *connect_error;
  gboolean                 closed;
  GQueue                   queue;       /* of Entry */
  char                    *last_raw;
  QmMessage               *welcome;
  GArray                  *seqs;
};

static void
entry_free (Entry *entry)
{
  g_free (entry->raw);
  g_clear_pointer (&entry->message, qm_message_free);
  g_free (entry->parse_error);
  g_free (entry);
}

/* Waiting */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the thread-default context until condition or timeout_ms. */
static gboolean
iterate_until (Condition condition,
               gpointer  data,
               guint     timeout_ms)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new (timeout_ms);
  gboolean met;

  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!(met = condition (data)) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_unref (context);
  return met;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
qm_test_live_iterate_until (gboolean *flag,
                            guint     timeout_ms)
{
  return iterate_until (flag_is_set, flag, timeout_ms);
}

/* Receiving */

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  QmTestLive *self = user_data;
  Entry *entry = g_new0 (Entry, 1);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  entry->raw = g_strndup (data, length);
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    entry->parse_error = g_strdup ("a binary frame from the server");
  else if (!(entry->message = qm_message_parse (data, length, QM_ORIGIN_SERVER, NULL, &error)))
    entry->parse_error = g_strdup (error->message);

  if (entry->message != NULL)
    {
      if (entry->message->type == QM_MESSAGE_WELCOME && self->welcome == NULL)
        self->welcome = qm_message_copy (entry->message);
      if (qm_message_type_is_event (entry->message->type))
        g_array_append_val (self->seqs, entry->message->seq);
    }
  g_queue_push_tail (&self->queue, entry);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  QmTestLive *self = user_data;

  self->closed = TRUE;
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  /* A server that breaks the framing shows up as a close without a code. */
  g_test_message ("live client: %s", error->message);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  QmTestLive *self = user_data;

  self->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                            &self->connect_error);
  self->connected = TRUE;
}

QmTestLive *
qm_test_live_connect (QmTestServer *server,
                      gint64        meeting_id)
{
  QmTestLive *self = g_new0 (QmTestLive, 1);
  const char *url = qm_test_server_get_url (server);
  char *protocols[] = { (char *) SUBPROTOCOL, NULL };
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_assert_true (g_str_has_prefix (url, "http://"));
  uri = g_strdup_printf ("ws://%.*s/api/v1/meetings/%" G_GINT64_FORMAT "/live",
                         (int) strlen (url) - 8, url + 7, meeting_id);
  g_queue_init (&self->queue);
  self->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->session = soup_session_new_with_options ("timeout", QM_TEST_LIVE_TIMEOUT_SECONDS,
                                                 "proxy-resolver", NULL,
                                                 NULL);
  message = soup_message_new ("GET", uri);
  g_assert_nonnull (message);
  soup_session_websocket_connect_async (self->session, message, NULL, protocols,
                                        G_PRIORITY_DEFAULT, NULL, connected, self);
  if (!qm_test_live_iterate_until (&self->connected, QM_TEST_LIVE_TIMEOUT_SECONDS * 1000))
    g_error ("the WebSocket upgrade of %s did not finish within %d s", uri,
             QM_TEST_LIVE_TIMEOUT_SECONDS);
  if (self->connection == NULL)
    g_error ("the WebSocket upgrade of %s failed: %s", uri, self->connect_error->message);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (self->connection), ==, SUBPROTOCOL);

  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_INCOMING);
  soup_websocket_connection_set_keepalive_interval (self->connection, 0);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (on_error), self);
  return self;
}

QmTestLive *
qm_test_live_join (QmTestServer *server,
                   gint64        meeting_id,
                   const char   *token)
{
  QmTestLive *self = qm_test_live_connect (server, meeting_id);
  g_autoptr(QmMessage) welcome = NULL;

  qm_test_live_send_hello (self, token, -1, NULL);
  welcome = qm_test_live_next (self);
  if (welcome->type != QM_MESSAGE_WELCOME)
    g_error ("expected a welcome, got %s", qm_test_live_last_raw (self));
  return self;
}

static gboolean
settled (gpointer data)
{
  QmTestLive *self = data;

  return self->closed;
}

void
qm_test_live_free (QmTestLive *self)
{
  if (self == NULL)
    return;
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        {
          g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
          soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
          /* Let the close handshake end, so the server sees a clean goodbye. */
          iterate_until (settled, self, 5000);
          g_signal_handlers_disconnect_by_data (self->connection, self);
        }
    }
  g_clear_object (&self->connection);
  g_clear_error (&self->connect_error);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_queue_clear_full (&self->queue, (GDestroyNotify) entry_free);
  g_free (self->last_raw);
  g_clear_pointer (&self->welcome, qm_message_free);
  g_array_unref (self->seqs);
  g_free (self);
}

/* Sending */

void
qm_test_live_send (QmTestLive *self,
                   const char *json)
{
  g_assert_nonnull (self->connection);
  if (soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  soup_websocket_connection_send_text (self->connection, json);
}

void
qm_test_live_sendf (QmTestLive *self,
                    const char *format,
                    ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  qm_test_live_send (self, json);
}

void
qm_test_live_send_binary (QmTestLive   *self,
                          gconstpointer data,
                          gsize         length)
{
  soup_websocket_connection_send_binary (self->connection, data, length);
}

void
qm_test_live_send_hello (QmTestLive *self,
                         const char *token,
                         gint64      resume_from,
                         const char *epoch)
{
  g_autoptr(QmMessage) hello = qm_message_new (QM_MESSAGE_HELLO);
  g_autofree char *json = NULL;

  hello->hello.token = g_strdup (token);
  hello->hello.has_resume_from = resume_from >= 0;
  hello->hello.resume_from = MAX (resume_from, 0);
  hello->hello.epoch = g_strdup (epoch);
  json = qm_message_serialize (hello, NULL);
  qm_test_live_send (self, json);
}

/* Taking messages */

static gboolean
has_message_or_closed (gpointer data)
{
  QmTestLive *self = data;

  return !g_queue_is_empty (&self->queue) || self->closed;
}

static QmMessage *
take (QmTestLive *self)
{
  Entry *entry = g_queue_pop_head (&self->queue);
  QmMessage *message;

  g_free (self->last_raw);
  self->last_raw = g_steal_pointer (&entry->raw);
  if (entry->message == NULL)
    g_error ("the server sent a message that does not parse (%s): %s", entry->parse_error,
             self->last_raw);
  message = g_steal_pointer (&entry->message);
  entry_free (entry);
  return message;
}

QmMessage *
qm_test_live_try_next (QmTestLive *self,
                       guint       timeout_ms)
{
  iterate_until (has_message_or_closed, self, timeout_ms);
  if (g_queue_is_empty (&self->queue))
    return NULL;
  return take (self);
}

QmMessage *
qm_test_live_next (QmTestLive *self)
{
  QmMessage *message = qm_test_live_try_next (self, QM_TEST_LIVE_TIMEOUT_SECONDS * 1000);

  if (message == NULL)
    g_error ("no message from the server within %d s (%s)", QM_TEST_LIVE_TIMEOUT_SECONDS,
             self->closed ? "the connection closed" : "still open");
  return message;
}

static gboolean
re_is (const QmMessage *message,
       gint64           id)
{
  return message->re != NULL && JSON_NODE_HOLDS_VALUE (message->re)
         && json_node_get_value_type (message->re) == G_TYPE_INT64
         && json_node_get_int (message->re) == id;
}

typedef struct
{
  QmTestLive    *self;
  QmMessageType  type;      /* QM_N_MESSAGE_TYPES: an answer with re */
  gint64         re;
  GList         *found;
  GList         *checked;   /* the last entry looked at */
} Search;

static gboolean
matches (const Search *search,
         const Entry  *entry)
{
  const QmMessage *message = entry->message;

  if (message == NULL)
    return TRUE;   /* take() reports it */
  if (search->type != QM_N_MESSAGE_TYPES)
    return message->type == search->type;
  return (message->type == QM_MESSAGE_REPLY || message->type == QM_MESSAGE_ERROR
          || message->type == QM_MESSAGE_PONG) && re_is (message, search->re);
}

static gboolean
search_step (gpointer data)
{
  Search *search = data;
  GList *l = search->checked ? search->checked->next : search->self->queue.head;

  for (; l != NULL; l = l->next)
    {
      search->checked = l;
      if (matches (search, l->data))
        {
          search->found = l;
          return TRUE;
        }
    }
  return search->self->closed;
}

/* Takes the first queued message that matches, leaving the others queued. */
static QmMessage *
wait_match (QmTestLive    *self,
            QmMessageType  type,
            gint64         re)
{
  Search search = { self, type, re, NULL, NULL };
  Entry *entry;

  iterate_until (search_step, &search, QM_TEST_LIVE_TIMEOUT_SECONDS * 1000);
  if (search.found == NULL)
    {
      if (type != QM_N_MESSAGE_TYPES)
        g_error ("no %s from the server within %d s (%s)", qm_message_type_to_string (type),
                 QM_TEST_LIVE_TIMEOUT_SECONDS, self->closed ? "the connection closed" : "still open");
      g_error ("no answer with re %" G_GINT64_FORMAT " within %d s (%s)", re,
               QM_TEST_LIVE_TIMEOUT_SECONDS, self->closed ? "the connection closed" : "still open");
    }
  entry = search.found->data;
  g_queue_delete_link (&self->queue, search.found);
  g_queue_push_head (&self->queue, entry);
  return take (self);
}

QmMessage *
qm_test_live_wait_type (QmTestLive    *self,
                        QmMessageType  type)
{
  return wait_match (self, type, 0);
}

QmMessage *
qm_test_live_wait_re (QmTestLive *self,
                      gint64      id)
{
  return wait_match (self, QM_N_MESSAGE_TYPES, id);
}

guint16
qm_test_live_wait_close (QmTestLive *self)
{
  guint16 code;

  if (!iterate_until (settled, self, QM_TEST_LIVE_TIMEOUT_SECONDS * 1000))
    g_error ("the server did not close the connection within %d s", QM_TEST_LIVE_TIMEOUT_SECONDS);
  g_queue_clear_full (&self->queue, (GDestroyNotify) entry_free);
  code = soup_websocket_connection_get_close_code (self->connection);
  return code == 0 ? 1006 : code;
}

static QmMessage *
command_valist (QmTestLive *self,
                gint64      id,
                const char *format,
                va_list     args)
{
  g_autofree char *body = g_strdup_vprintf (format, args);
  g_autofree char *json = NULL;

  /* format is the object's members after the id: "\"type\":\"ping\"". */
  json = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",%s}", id, body);
  qm_test_live_send (self, json);
  return qm_test_live_wait_re (self, id);
}

QmMessage *
qm_test_live_command (QmTestLive *self,
                      gint64      id,
                      const char *format,
                      ...)
{
  QmMessage *answer;
  va_list args;

  va_start (args, format);
  answer = command_valist (self, id, format, args);
  va_end (args);
  return answer;
}

void
qm_test_live_expect_error (QmTestLive *self,
                           gint64      id,
                           const char *code,
                           const char *format,
                           ...)
{
  g_autoptr(QmMessage) answer = NULL;
  va_list args;

  va_start (args, format);
  answer = command_valist (self, id, format, args);
  va_end (args);
  if (answer->type != QM_MESSAGE_ERROR || g_strcmp0 (answer->error.code, code) != 0)
    g_error ("expected error “%s” for command %" G_GINT64_FORMAT ", got %s", code, id,
             self->last_raw);
  /* A live connection survives an error. */
  g_assert_false (self->closed);
}

gboolean
qm_test_live_is_closed (QmTestLive *self)
{
  return self->closed;
}

guint
qm_test_live_n_queued (QmTestLive *self)
{
  return g_queue_get_length (&self->queue);
}

const char *
qm_test_live_last_raw (QmTestLive *self)
{
  return self->last_raw;
}

QmMessage *
qm_test_live_get_welcome (QmTestLive *self)
{
  return self->welcome;
}

GArray *
qm_test_live_get_seqs (QmTestLive *self)
{
  return self->seqs;
}

/* Raw WebSocket */

struct _QmTestRawWs
{
  GSocket    *socket;
  GByteArray *in;
};

static void
raw_send_all (QmTestRawWs  *self,
              const guint8 *data,
              gsize         length)
{
  while (length > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (self->socket, (const char *) data, length, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      data += n;
      length -= (gsize) n;
    }
}

/* Reads more bytes into self->in; FALSE at the end or on timeout. */
static gboolean
raw_fill (QmTestRawWs *self)
{
  guint8 chunk[16384];
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_receive (self->socket, (char *) chunk, sizeof chunk, NULL, &error);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (self->in, chunk, (guint) n);
  return TRUE;
}

QmTestRawWs *
qm_test_raw_ws_connect (QmTestServer *server,
                        gint64        meeting_id,
                        int           receive_buffer)
{
  QmTestRawWs *self = g_new0 (QmTestRawWs, 1);
  const char *url = qm_test_server_get_url (server);
  const char *port = strrchr (url, ':') + 1;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *host_port = NULL;
  const guint8 *end;

  address = g_inet_socket_address_new (loopback, (guint16) g_ascii_strtoull (port, NULL, 10));
  self->in = g_byte_array_new ();
  self->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                               &error);
  g_assert_no_error (error);
  if (receive_buffer > 0)
    {
      g_socket_set_option (self->socket, SOL_SOCKET, SO_RCVBUF, receive_buffer, &error);
      g_assert_no_error (error);
    }
  g_socket_set_timeout (self->socket, QM_TEST_LIVE_TIMEOUT_SECONDS);
  g_socket_connect (self->socket, address, NULL, &error);
  g_assert_no_error (error);

  /* The URL's port ends with its "/". */
  host_port = g_strndup (port, strlen (port) - 1);
  request = g_strdup_printf ("GET /api/v1/meetings/%" G_GINT64_FORMAT "/live HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%s\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Protocol: " SUBPROTOCOL "\r\n"
                             "\r\n", meeting_id, host_port);
  raw_send_all (self, (const guint8 *) request, strlen (request));

  while (self->in->len < 4 || !(end = (const guint8 *) g_strstr_len ((const char *) self->in->data, self->in->len,
                                                 "\r\n\r\n")))
    if (!raw_fill (self))
      g_error ("no answer to the raw WebSocket upgrade");
  g_assert_true (self->in->len >= 12 && memcmp (self->in->data, "HTTP/1.1 101", 12) == 0);
  g_byte_array_remove_range (self->in, 0, (guint) (end + 4 - self->in->data));
  return self;
}

void
qm_test_raw_ws_free (QmTestRawWs *self)
{
  if (self == NULL)
    return;
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_byte_array_unref (self->in);
  g_free (self);
}

void
qm_test_raw_ws_send_frame (QmTestRawWs   *self,
                           gboolean       fin,
                           guint8         opcode,
                           gconstpointer  payload,
                           gsize          length)
{
  static const guint8 mask[4] = { 0x37, 0xfa, 0x21, 0x3d };
  g_autoptr(GByteArray) frame = g_byte_array_sized_new ((guint) length + 14);
  guint8 header[10];
  gsize header_length;

  header[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  if (length < 126)
    {
      header[1] = 0x80 | (guint8) length;
      header_length = 2;
    }
  else if (length <= G_MAXUINT16)
    {
      header[1] = 0x80 | 126;
      header[2] = (guint8) (length >> 8);
      header[3] = (guint8) length;
      header_length = 4;
    }
  else
    {
      header[1] = 0x80 | 127;
      for (int i = 0; i < 8; i++)
        header[2 + i] = (guint8) ((guint64) length >> (56 - 8 * i));
      header_length = 10;
    }
  g_byte_array_append (frame, header, (guint) header_length);
  g_byte_array_append (frame, mask, 4);
  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = ((const guint8 *) payload)[i] ^ mask[i & 3];

      g_byte_array_append (frame, &byte, 1);
    }
  raw_send_all (self, frame->data, frame->len);
}

gboolean
qm_test_raw_ws_read_frame (QmTestRawWs  *self,
                           guint8       *out_opcode,
                           GBytes      **out_payload)
{
  guint64 length;
  gsize header = 2;

  while (self->in->len < 2)
    if (!raw_fill (self))
      return FALSE;
  length = self->in->data[1] & 0x7f;
  g_assert_cmpint (self->in->data[1] & 0x80, ==, 0);   /* servers never mask */
  if (length >= 126)
    {
      header = length == 126 ? 4 : 10;
      while (self->in->len < header)
        if (!raw_fill (self))
          return FALSE;
      length = 0;
      for (gsize i = 2; i < header; i++)
        length = length << 8 | self->in->data[i];
    }
  while (self->in->len < header + length)
    if (!raw_fill (self))
      return FALSE;
  *out_opcode = self->in->data[0] & 0x0f;
  *out_payload = g_bytes_new (self->in->data + header, (gsize) length);
  g_byte_array_remove_range (self->in, 0, (guint) (header + length));
  return TRUE;
}

guint16
qm_test_raw_ws_wait_close (QmTestRawWs *self)
{
  guint8 opcode;
  GBytes *payload;

  while (qm_test_raw_ws_read_frame (self, &opcode, &payload))
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (payload, &length);
      guint16 code = length >= 2 ? (guint16) (data[0] << 8 | data[1]) : 1005;

      g_bytes_unref (payload);
      if (opcode == 0x8)
        return code;
    }
  return 1006;
}
