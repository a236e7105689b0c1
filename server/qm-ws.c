/* qm-ws.c: server-side WebSocket framing over a stream taken from libsoup.
 *
 * libsoup 3.2's own WebSocket connection cannot tell how much output waits
 * for a slow reader, limits frames rather than messages, and queues every
 * send behind a per-connection source; owning the framing gives bounded,
 * coalescing queues and lets one broadcast frame be written to every
 * connection at once.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-ws"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "qm-send-ring.h"
#include "qm-ws.h"

#define READ_CHUNK 16384
#define MAX_VECTORS 16
/* After our close frame, how long the peer has to answer with its own. */
#define CLOSE_WAIT_MS 2000
/* Sends per io_uring submission: 2 system calls for 1,000 connections,
 * 48 KiB of rings. */
#define FANOUT_ENTRIES 512

enum
{
  OPCODE_CONTINUATION = 0x0,
  OPCODE_TEXT = 0x1,
  OPCODE_BINARY = 0x2,
  OPCODE_CLOSE = 0x8,
  OPCODE_PING = 0x9,
  OPCODE_PONG = 0xA,
};

typedef enum
{
  STATE_OPEN,
  STATE_CLOSING,    /* our close frame is queued or sent */
  STATE_CLOSED,
} State;

typedef struct
{
  GBytes        *frame;
  QmWsFrameKind  kind;
  gboolean       is_close;
} OutFrame;

struct _QmWs
{
  gint                    ref_count;
  GIOStream              *stream;
  GPollableInputStream   *in;
  GPollableOutputStream  *out;
  GSocket                *socket;        /* the plain TCP socket under stream, or NULL */
  int                     fd;            /* its descriptor for direct writes, or -1 */
  GSource                *read_source;
  GSource                *write_source;
  GSource                *close_timer;
  QmWsLimits              limits;
  const QmWsCallbacks    *callbacks;
  gpointer                user_data;

  GByteArray             *pending;       /* received bytes not yet a whole frame */
  GByteArray             *message;       /* fragments of the message being put together */
  gboolean                in_message;

  GQueue                  queue;         /* of OutFrame */
  gsize                   queued;        /* bytes in the queue not yet written */
  gsize                   head_written;  /* bytes of the head frame already written */

  /* A frame handed to the fan-out ring, its result not known yet: what is
   * sent meanwhile queues behind it. */
  GBytes                 *in_flight;
  QmWsFrameKind           in_flight_kind;
  gboolean                close_after_flight;

  State                   state;
  gboolean                peer_closed;
  guint16                 close_code;
  gint64                  last_heard;
  gint64                  read_at;       /* when the bytes being parsed arrived */
};

static void finish (QmWs *ws, guint16 code);
static void flush (QmWs *ws);
static void stream_closed (GObject *source, GAsyncResult *result, gpointer user_data);

static void
out_frame_free (OutFrame *frame)
{
  g_bytes_unref (frame->frame);
  g_free (frame);
}

static GBytes *
build_frame (guint8        opcode,
             const guint8 *payload,
             gsize         length)
{
  gsize header = length < 126 ? 2 : length <= G_MAXUINT16 ? 4 : 10;
  guint8 *data = g_malloc (header + length);

  data[0] = 0x80 | opcode;
  if (length < 126)
    data[1] = (guint8) length;
  else if (length <= G_MAXUINT16)
    {
      data[1] = 126;
      data[2] = (guint8) (length >> 8);
      data[3] = (guint8) length;
    }
  else
    {
      data[1] = 127;
      for (int i = 0; i < 8; i++)
        data[2 + i] = (guint8) ((guint64) length >> (56 - 8 * i));
    }
  if (length > 0)
    memcpy (data + header, payload, length);
  return g_bytes_new_take (data, header + length);
}

GBytes *
qm_ws_frame_text (const char *text,
                  gsize       length)
{
  return build_frame (OPCODE_TEXT, (const guint8 *) text, length);
}

/* Reading */

static guint16
violation (QmWs       *ws,
           guint16     code,
           const char *what)
{
  guint16 chosen = 0;

  if (ws->callbacks->violation != NULL)
    chosen = ws->callbacks->violation (ws, code, what, ws->user_data);
  return chosen ? chosen : code;
}

static void
deliver (QmWs       *ws,
         const char *text,
         gsize       length)
{
  if (ws->state == STATE_OPEN)
    ws->callbacks->message (ws, text, length, ws->user_data);
}

static void
handle_control (QmWs    *ws,
                guint8   opcode,
                guint8  *payload,
                gsize    length)
{
  if (opcode == OPCODE_PING)
    {
      if (ws->state == STATE_OPEN)
        {
          g_autoptr(GBytes) pong = build_frame (OPCODE_PONG, payload, length);

          qm_ws_send (ws, pong, QM_WS_FRAME_NORMAL);
        }
    }
  else if (opcode == OPCODE_CLOSE)
    {
      guint16 code = length >= 2 ? (guint16) (payload[0] << 8 | payload[1]) : 1005;

      ws->peer_closed = TRUE;
      if (ws->state == STATE_OPEN)
        /* Answer with the same code, as the protocol asks. */
        qm_ws_close (ws, code == 1005 ? 1000 : code, NULL);
      else if (ws->state == STATE_CLOSING && g_queue_is_empty (&ws->queue))
        finish (ws, ws->close_code);
    }
}

/* Parses whole frames from data; returns the bytes used. */
static gsize
parse_frames (QmWs   *ws,
              guint8 *data,
              gsize   length)
{
  gsize used = 0;

  while (ws->state != STATE_CLOSED)
    {
      guint8 *frame = data + used;
      gsize available = length - used;
      gboolean fin;
      guint8 opcode;
      guint64 payload_length;
      gsize header = 2;
      guint8 *mask, *payload;

      if (available < 2)
        break;
      fin = (frame[0] & 0x80) != 0;
      opcode = frame[0] & 0x0f;
      payload_length = frame[1] & 0x7f;
      if (payload_length == 126)
        {
          if (available < 4)
            break;
          payload_length = (guint64) frame[2] << 8 | frame[3];
          header = 4;
        }
      else if (payload_length == 127)
        {
          if (available < 10)
            break;
          payload_length = 0;
          for (int i = 0; i < 8; i++)
            payload_length = payload_length << 8 | frame[2 + i];
          header = 10;
        }

      /* Judge the header before waiting for a payload that may never fit. */
      if ((frame[0] & 0x70) != 0 || (frame[1] & 0x80) == 0)
        {
          qm_ws_close (ws, violation (ws, 1002, "a frame without a mask or with reserved bits"), NULL);
          return length;
        }
      if (opcode >= 0x8)
        {
          if (!fin || payload_length > 125 || (opcode != OPCODE_CLOSE && opcode != OPCODE_PING
                                               && opcode != OPCODE_PONG))
            {
              qm_ws_close (ws, violation (ws, 1002, "a bad control frame"), NULL);
              return length;
            }
        }
      else if (opcode == OPCODE_BINARY)
        {
          qm_ws_close (ws, violation (ws, 1003, "a binary message"), NULL);
          return length;
        }
      else if ((opcode == OPCODE_TEXT && ws->in_message)
               || (opcode == OPCODE_CONTINUATION && !ws->in_message)
               || (opcode != OPCODE_TEXT && opcode != OPCODE_CONTINUATION))
        {
          qm_ws_close (ws, violation (ws, 1002, "fragments out of order"), NULL);
          return length;
        }
      else if (payload_length + (ws->message ? ws->message->len : 0) > ws->limits.max_message_bytes)
        {
          qm_ws_close (ws, violation (ws, 1009, "a message over the size limit"), NULL);
          return length;
        }

      if (available - header < 4 + payload_length)
        break;

      mask = frame + header;
      payload = mask + 4;
      for (gsize i = 0; i < payload_length; i++)
        payload[i] ^= mask[i & 3];
      used += header + 4 + payload_length;
      ws->last_heard = ws->read_at;

      if (opcode >= 0x8)
        handle_control (ws, opcode, payload, payload_length);
      else if (ws->state != STATE_OPEN)
        continue;   /* closing: data no longer matters */
      else if (fin && opcode == OPCODE_TEXT)
        deliver (ws, (const char *) payload, payload_length);
      else
        {
          if (ws->message == NULL)
            ws->message = g_byte_array_new ();
          g_byte_array_append (ws->message, payload, payload_length);
          ws->in_message = !fin;
          if (fin)
            {
              g_autoptr(GByteArray) message = g_steal_pointer (&ws->message);

              deliver (ws, (const char *) message->data, message->len);
            }
        }
    }

  return used;
}

static gboolean
on_readable (GObject  *stream,
             gpointer  user_data)
{
  QmWs *ws = user_data;
  guint8 chunk[READ_CHUNK];
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_pollable_input_stream_read_nonblocking (ws->in, chunk, sizeof chunk, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      ws->read_source = NULL;
      finish (ws, ws->peer_closed ? ws->close_code : 1006);
      return G_SOURCE_REMOVE;
    }

  ws->read_at = g_get_monotonic_time ();
  qm_ws_ref (ws);
  if (ws->pending == NULL)
    {
      /* The usual case: whole frames in one read, parsed where they landed. */
      gsize used = parse_frames (ws, chunk, (gsize) n);

      if (used < (gsize) n && ws->state != STATE_CLOSED)
        {
          ws->pending = g_byte_array_sized_new ((guint) ((gsize) n - used));
          g_byte_array_append (ws->pending, chunk + used, (guint) ((gsize) n - used));
        }
    }
  else
    {
      gsize used;

      g_byte_array_append (ws->pending, chunk, (guint) n);
      used = parse_frames (ws, ws->pending->data, ws->pending->len);
      if (ws->pending != NULL)
        {
          g_byte_array_remove_range (ws->pending, 0, (guint) used);
          /* Idle connections keep no buffer. */
          if (ws->pending->len == 0)
            g_clear_pointer (&ws->pending, g_byte_array_unref);
        }
    }
  qm_ws_unref (ws);
  return G_SOURCE_CONTINUE;
}

/* Writing */

/* GOutputVector has struct iovec's layout (GSocket relies on it too). */
G_STATIC_ASSERT (sizeof (GOutputVector) == sizeof (struct iovec));
G_STATIC_ASSERT (G_STRUCT_OFFSET (GOutputVector, buffer) == G_STRUCT_OFFSET (struct iovec, iov_base));
G_STATIC_ASSERT (G_STRUCT_OFFSET (GOutputVector, size) == G_STRUCT_OFFSET (struct iovec, iov_len));

/* Straight to the descriptor when there is one: a broadcast is one send per
 * connection, and GSocket's layers (pollable stream, blocking emulation,
 * cancellation checks) cost as much user time as the frame's bytes. */
static GPollableReturn
write_vectors (QmWs           *ws,
               GOutputVector  *vectors,
               guint           n,
               gsize          *written,
               GError        **error)
{
  struct msghdr msg = { 0 };
  gssize sent;

  if (ws->fd < 0)
    return g_pollable_output_stream_writev_nonblocking (ws->out, vectors, n, written, NULL, error);

  msg.msg_iov = (struct iovec *) vectors;
  msg.msg_iovlen = n;
  do
    sent = sendmsg (ws->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  if (sent < 0)
    {
      int saved = errno;

      *written = 0;
      if (saved == EAGAIN || saved == EWOULDBLOCK)
        return G_POLLABLE_RETURN_WOULD_BLOCK;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return G_POLLABLE_RETURN_FAILED;
    }
  *written = (gsize) sent;
  return G_POLLABLE_RETURN_OK;
}

/* One buffer; the bytes written, 0 when the socket is full, -1 on an error. */
static gssize
write_buffer (QmWs         *ws,
              const guint8 *data,
              gsize         size)
{
  gssize sent;

  if (ws->fd < 0)
    {
      g_autoptr(GError) error = NULL;

      sent = g_pollable_output_stream_write_nonblocking (ws->out, data, size, NULL, &error);
      if (sent < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return 0;
      return sent;
    }

  do
    sent = send (ws->fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return 0;
  return sent;
}

static gboolean
on_writable (GObject  *stream,
             gpointer  user_data)
{
  QmWs *ws = user_data;

  g_source_destroy (ws->write_source);
  g_clear_pointer (&ws->write_source, g_source_unref);
  qm_ws_ref (ws);
  flush (ws);
  qm_ws_unref (ws);
  return G_SOURCE_REMOVE;
}

static gboolean
close_timed_out (gpointer user_data)
{
  QmWs *ws = user_data;

  g_clear_pointer (&ws->close_timer, g_source_unref);
  finish (ws, ws->close_code);
  return G_SOURCE_REMOVE;
}

static void
flush (QmWs *ws)
{
  while (ws->state != STATE_CLOSED && !g_queue_is_empty (&ws->queue))
    {
      GOutputVector vectors[MAX_VECTORS];
      guint n = 0;
      gsize written = 0;
      g_autoptr(GError) error = NULL;
      GPollableReturn result;

      for (GList *l = ws->queue.head; l != NULL && n < MAX_VECTORS; l = l->next, n++)
        {
          OutFrame *frame = l->data;
          gsize size;
          const guint8 *data = g_bytes_get_data (frame->frame, &size);
          gsize skip = n == 0 ? ws->head_written : 0;

          vectors[n].buffer = data + skip;
          vectors[n].size = size - skip;
        }

      result = write_vectors (ws, vectors, n, &written, &error);
      if (result == G_POLLABLE_RETURN_WOULD_BLOCK)
        {
          if (ws->write_source == NULL)
            {
              ws->write_source = g_pollable_output_stream_create_source (ws->out, NULL);
              g_source_set_callback (ws->write_source, G_SOURCE_FUNC (on_writable), ws, NULL);
              g_source_attach (ws->write_source, NULL);
            }
          return;
        }
      if (result == G_POLLABLE_RETURN_FAILED)
        {
          finish (ws, 1006);
          return;
        }

      ws->queued -= written;
      while (written > 0)
        {
          OutFrame *head = g_queue_peek_head (&ws->queue);
          gsize left = g_bytes_get_size (head->frame) - ws->head_written;

          if (written < left)
            {
              ws->head_written += written;
              break;
            }
          written -= left;
          ws->head_written = 0;
          if (head->is_close && ws->peer_closed)
            {
              out_frame_free (g_queue_pop_head (&ws->queue));
              finish (ws, ws->close_code);
              return;
            }
          out_frame_free (g_queue_pop_head (&ws->queue));
        }
    }
}

static void
enqueue (QmWs          *ws,
         GBytes        *frame,
         QmWsFrameKind  kind,
         gboolean       is_close)
{
  OutFrame *out;

  /* The common case of a broadcast: nothing waits, the socket takes it all
   * at once, and nothing needs to be queued or allocated. */
  if (g_queue_is_empty (&ws->queue) && ws->write_source == NULL && ws->in_flight == NULL && !is_close)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (frame, &size);
      gssize written = write_buffer (ws, data, size);

      if (written == (gssize) size)
        return;
      if (written < 0)
        {
          finish (ws, 1006);
          return;
        }
      /* Part of it went out, or none: the rest waits in the queue. */
      out = g_new0 (OutFrame, 1);
      out->frame = g_bytes_ref (frame);
      out->kind = kind;
      g_queue_push_tail (&ws->queue, out);
      ws->head_written = (gsize) written;
      ws->queued += size - ws->head_written;
      flush (ws);
      return;
    }

  out = g_new0 (OutFrame, 1);

  out->frame = g_bytes_ref (frame);
  out->kind = kind;
  out->is_close = is_close;
  g_queue_push_tail (&ws->queue, out);
  ws->queued += g_bytes_get_size (frame);
  if (ws->write_source == NULL && ws->in_flight == NULL)
    flush (ws);
}

/* Drops queued frames that have not started going out, keeping those that
 * match keep (NULL: drop all). */
static void
drop_waiting (QmWs          *ws,
              QmWsFrameKind  kind,
              gboolean       only_kind)
{
  GList *l = ws->queue.head;

  /* A frame partly written must be finished, or the stream breaks. */
  if (l != NULL && ws->head_written > 0)
    l = l->next;
  while (l != NULL)
    {
      GList *next = l->next;
      OutFrame *frame = l->data;

      if (!only_kind || frame->kind == kind)
        {
          ws->queued -= g_bytes_get_size (frame->frame);
          out_frame_free (frame);
          g_queue_delete_link (&ws->queue, l);
        }
      l = next;
    }
}

/* Whether the frame may go to this connection at all. */
static gboolean
admit (QmWs          *ws,
       gsize          size,
       QmWsFrameKind  kind)
{
  if (ws->state != STATE_OPEN)
    return FALSE;
  if (kind == QM_WS_FRAME_COALESCE)
    drop_waiting (ws, QM_WS_FRAME_COALESCE, TRUE);
  if (ws->queued + size > ws->limits.max_queue_bytes)
    {
      /* The reader is stuck: let it go and come back with resume_from. */
      drop_waiting (ws, QM_WS_FRAME_NORMAL, FALSE);
      qm_ws_close (ws, 1008, "too far behind");
      return FALSE;
    }
  return TRUE;
}

gboolean
qm_ws_send (QmWs          *ws,
            GBytes        *frame,
            QmWsFrameKind  kind)
{
  g_return_val_if_fail (ws != NULL, FALSE);

  if (!admit (ws, g_bytes_get_size (frame), kind))
    return FALSE;
  enqueue (ws, frame, kind, FALSE);
  return TRUE;
}

/* The fan-out: one ring for the main thread, where the live channel runs. */

static QmSendRing *fanout_ring;
static gboolean fanout_tried;
static gboolean fanout_busy;

static void
fanout_done (gpointer user_data,
             gssize   result)
{
  QmWs *ws = user_data;
  g_autoptr(GBytes) frame = g_steal_pointer (&ws->in_flight);
  gsize size = g_bytes_get_size (frame);

  if (ws->state == STATE_CLOSED)
    {
      if (ws->close_after_flight)
        g_io_stream_close_async (ws->stream, G_PRIORITY_DEFAULT, NULL, stream_closed, NULL);
    }
  else if (result < 0 && result != -EAGAIN && result != -EWOULDBLOCK && result != -EINTR)
    finish (ws, 1006);
  else if ((gsize) result < size)
    {
      /* The rest goes first, before whatever was queued meanwhile. */
      OutFrame *out = g_new0 (OutFrame, 1);

      out->frame = g_steal_pointer (&frame);
      out->kind = ws->in_flight_kind;
      g_queue_push_head (&ws->queue, out);
      ws->head_written = result > 0 ? (gsize) result : 0;
      ws->queued += size - ws->head_written;
    }
  if (ws->state != STATE_CLOSED && !g_queue_is_empty (&ws->queue) && ws->write_source == NULL)
    flush (ws);
  qm_ws_unref (ws);
}

static QmSendRing *
fanout_ring_get (void)
{
  if (!fanout_tried)
    {
      g_autoptr(GError) error = NULL;

      fanout_tried = TRUE;
      /* QUORUM_IO_URING=0 measures (or tests) the one-send-per-connection path. */
      if (g_strcmp0 (g_getenv ("QUORUM_IO_URING"), "0") == 0)
        return NULL;
      fanout_ring = qm_send_ring_new (FANOUT_ENTRIES, fanout_done, &error);
      if (fanout_ring == NULL)
        g_message ("broadcasts go out one send at a time: %s", error->message);
    }
  return fanout_ring;
}

void
qm_ws_send_many (QmWs          **connections,
                 guint           n,
                 GBytes         *frame,
                 QmWsFrameKind   kind)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (frame, &size);
  /* A fan-out started from inside another one's callbacks sends one by one. */
  gboolean outer = !fanout_busy;
  QmSendRing *ring = outer ? fanout_ring_get () : NULL;

  fanout_busy = TRUE;
  for (guint i = 0; i < n; i++)
    {
      QmWs *ws = connections[i];

      if (!admit (ws, size, kind))
        continue;
      if (ring != NULL && ws->fd >= 0 && ws->in_flight == NULL && ws->write_source == NULL
          && g_queue_is_empty (&ws->queue))
        {
          ws->in_flight = g_bytes_ref (frame);
          ws->in_flight_kind = kind;
          qm_send_ring_send (ring, ws->fd, data, size, qm_ws_ref (ws));
        }
      else
        enqueue (ws, frame, kind, FALSE);
    }
  if (ring != NULL)
    qm_send_ring_submit (ring);
  if (outer)
    fanout_busy = FALSE;
}

gboolean
qm_ws_send_text (QmWs       *ws,
                 const char *text,
                 gsize       length)
{
  g_autoptr(GBytes) frame = qm_ws_frame_text (text, length);

  return qm_ws_send (ws, frame, QM_WS_FRAME_NORMAL);
}

void
qm_ws_ping (QmWs *ws)
{
  g_autoptr(GBytes) ping = NULL;

  if (ws->state != STATE_OPEN)
    return;
  ping = build_frame (OPCODE_PING, (const guint8 *) "quorum", 6);
  qm_ws_send (ws, ping, QM_WS_FRAME_NORMAL);
}

void
qm_ws_close (QmWs       *ws,
             guint16     code,
             const char *reason)
{
  guint8 payload[125];
  gsize reason_length = reason ? MIN (strlen (reason), sizeof payload - 2) : 0;
  g_autoptr(GBytes) frame = NULL;

  g_return_if_fail (ws != NULL);

  if (ws->state != STATE_OPEN)
    return;

  ws->state = STATE_CLOSING;
  ws->close_code = code;
  payload[0] = (guint8) (code >> 8);
  payload[1] = (guint8) code;
  if (reason_length > 0)
    memcpy (payload + 2, reason, reason_length);
  frame = build_frame (OPCODE_CLOSE, payload, 2 + reason_length);

  ws->close_timer = g_timeout_source_new (CLOSE_WAIT_MS);
  g_source_set_callback (ws->close_timer, close_timed_out, ws, NULL);
  g_source_attach (ws->close_timer, NULL);

  qm_ws_ref (ws);
  enqueue (ws, frame, QM_WS_FRAME_NORMAL, TRUE);
  qm_ws_unref (ws);
}

/* Life */

static void
stream_closed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
}

static void
finish (QmWs    *ws,
        guint16  code)
{
  if (ws->state == STATE_CLOSED)
    return;
  ws->state = STATE_CLOSED;

  if (ws->read_source != NULL)
    {
      g_source_destroy (ws->read_source);
      g_clear_pointer (&ws->read_source, g_source_unref);
    }
  if (ws->write_source != NULL)
    {
      g_source_destroy (ws->write_source);
      g_clear_pointer (&ws->write_source, g_source_unref);
    }
  if (ws->close_timer != NULL)
    {
      g_source_destroy (ws->close_timer);
      g_clear_pointer (&ws->close_timer, g_source_unref);
    }
  g_queue_clear_full (&ws->queue, (GDestroyNotify) out_frame_free);
  ws->queued = 0;
  g_clear_pointer (&ws->pending, g_byte_array_unref);
  g_clear_pointer (&ws->message, g_byte_array_unref);

  /* The descriptor is about to be closed, and its number reused: not
   * while a send on it waits in the fan-out ring. */
  ws->fd = -1;
  if (ws->in_flight != NULL)
    ws->close_after_flight = TRUE;
  else
    g_io_stream_close_async (ws->stream, G_PRIORITY_DEFAULT, NULL, stream_closed, NULL);

  qm_ws_ref (ws);
  if (ws->callbacks->closed != NULL)
    ws->callbacks->closed (ws, code, ws->user_data);
  qm_ws_unref (ws);
}

QmWs *
qm_ws_new (GIOStream           *stream,
           GSocket             *socket,
           const QmWsLimits    *limits,
           const QmWsCallbacks *callbacks,
           gpointer             user_data)
{
  QmWs *ws = g_new0 (QmWs, 1);

  ws->ref_count = 1;
  ws->stream = g_object_ref (stream);
  ws->socket = socket ? g_object_ref (socket) : NULL;
  ws->fd = socket ? g_socket_get_fd (socket) : -1;
  ws->in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  ws->out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));
  ws->limits = *limits;
  ws->callbacks = callbacks;
  ws->user_data = user_data;
  ws->last_heard = g_get_monotonic_time ();
  g_queue_init (&ws->queue);

  ws->read_source = g_pollable_input_stream_create_source (ws->in, NULL);
  g_source_set_callback (ws->read_source, G_SOURCE_FUNC (on_readable), ws, NULL);
  /* Nothing runs a main loop inside our callbacks, and a source that may
   * recurse is not taken out of (and put back into) the main context's
   * descriptor list around every dispatch — a walk of every connection's
   * descriptor each time, which made a burst of N messages cost N². */
  g_source_set_can_recurse (ws->read_source, TRUE);
  g_source_attach (ws->read_source, NULL);
  return ws;
}

QmWs *
qm_ws_ref (QmWs *ws)
{
  g_atomic_int_inc (&ws->ref_count);
  return ws;
}

void
qm_ws_unref (QmWs *ws)
{
  if (ws == NULL || !g_atomic_int_dec_and_test (&ws->ref_count))
    return;

  /* The last owner let go of an open connection: end it without ceremony. */
  if (ws->state != STATE_CLOSED)
    {
      ws->callbacks = &(const QmWsCallbacks) { 0 };
      ws->ref_count = 1;
      finish (ws, 1001);
      ws->ref_count = 0;
    }
  g_object_unref (ws->stream);
  g_clear_object (&ws->socket);
  g_free (ws);
}

gboolean
qm_ws_is_open (QmWs *ws)
{
  return ws->state == STATE_OPEN;
}

gint64
qm_ws_last_heard (QmWs *ws)
{
  return ws->last_heard;
}

gsize
qm_ws_queued_bytes (QmWs *ws)
{
  return ws->queued;
}

gboolean
qm_ws_writes_directly (QmWs *ws)
{
  return ws->fd >= 0;
}

const char *
qm_ws_fanout_mode (void)
{
  if (!fanout_tried)
    return "not yet decided";
  return fanout_ring != NULL ? "io_uring" : "one send per connection";
}
