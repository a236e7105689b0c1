/* qm-replay-connection.c: a TCP connection that hands back bytes already read
 * from it before reading on, pollable so that libsoup can drive it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-server"

#include "config.h"

#include <string.h>

#include "qm-replay-connection.h"

/* The input stream: the replayed bytes, then the socket's own stream. */

#define QM_TYPE_REPLAY_INPUT_STREAM (qm_replay_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (QmReplayInputStream, qm_replay_input_stream, QM, REPLAY_INPUT_STREAM,
                      GFilterInputStream)

struct _QmReplayInputStream
{
  GFilterInputStream parent_instance;

  GBytes *replay;
  gsize   offset;
};

static void qm_replay_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (QmReplayInputStream, qm_replay_input_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      qm_replay_input_stream_pollable_init))

static GInputStream *
base_of (QmReplayInputStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

static gsize
remaining (QmReplayInputStream *self)
{
  return self->replay != NULL ? g_bytes_get_size (self->replay) - self->offset : 0;
}

/* Takes up to count replayed bytes; drops the replay once it is used up. */
static gsize
take_replayed (QmReplayInputStream *self,
               void                *buffer,
               gsize                count)
{
  gsize n = MIN (count, remaining (self));

  if (buffer != NULL)
    memcpy (buffer, (const guint8 *) g_bytes_get_data (self->replay, NULL) + self->offset, n);
  self->offset += n;
  if (remaining (self) == 0)
    g_clear_pointer (&self->replay, g_bytes_unref);
  return n;
}

static gssize
qm_replay_input_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (stream);

  if (remaining (self) > 0)
    return (gssize) take_replayed (self, buffer, count);
  return g_input_stream_read (base_of (self), buffer, count, cancellable, error);
}

static gssize
qm_replay_input_stream_skip (GInputStream  *stream,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (stream);

  if (remaining (self) > 0)
    return (gssize) take_replayed (self, NULL, count);
  return g_input_stream_skip (base_of (self), count, cancellable, error);
}

static gboolean
qm_replay_input_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
qm_replay_input_stream_is_readable (GPollableInputStream *stream)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (stream);

  return remaining (self) > 0
         || g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_of (self)));
}

static GSource *
qm_replay_input_stream_create_source (GPollableInputStream *stream,
                                      GCancellable         *cancellable)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (stream);
  g_autoptr(GSource) child = NULL;

  /* Replayed bytes are ready now; the socket's are ready when it says so. */
  if (remaining (self) > 0)
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base_of (self)),
                                                   NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
qm_replay_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                         void                  *buffer,
                                         gsize                  count,
                                         GError               **error)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (stream);

  if (remaining (self) > 0)
    return (gssize) take_replayed (self, buffer, count);
  return g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base_of (self)),
                                                   buffer, count, NULL, error);
}

static void
qm_replay_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = qm_replay_input_stream_can_poll;
  iface->is_readable = qm_replay_input_stream_is_readable;
  iface->create_source = qm_replay_input_stream_create_source;
  iface->read_nonblocking = qm_replay_input_stream_read_nonblocking;
}

static void
qm_replay_input_stream_finalize (GObject *object)
{
  QmReplayInputStream *self = QM_REPLAY_INPUT_STREAM (object);

  g_clear_pointer (&self->replay, g_bytes_unref);

  G_OBJECT_CLASS (qm_replay_input_stream_parent_class)->finalize (object);
}

static void
qm_replay_input_stream_class_init (QmReplayInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = qm_replay_input_stream_finalize;
  stream_class->read_fn = qm_replay_input_stream_read;
  stream_class->skip = qm_replay_input_stream_skip;
}

static void
qm_replay_input_stream_init (QmReplayInputStream *self)
{
}

/* The connection */

struct _QmReplayConnection
{
  GTcpConnection parent_instance;

  GBytes       *replay;   /* until the input stream is made */
  GInputStream *input;
};

G_DEFINE_FINAL_TYPE (QmReplayConnection, qm_replay_connection, G_TYPE_TCP_CONNECTION)

static GInputStream *
qm_replay_connection_get_input_stream (GIOStream *stream)
{
  QmReplayConnection *self = QM_REPLAY_CONNECTION (stream);

  if (self->input == NULL)
    {
      GInputStream *base =
        G_IO_STREAM_CLASS (qm_replay_connection_parent_class)->get_input_stream (stream);
      QmReplayInputStream *input = g_object_new (QM_TYPE_REPLAY_INPUT_STREAM,
                                                 "base-stream", base,
                                                 "close-base-stream", TRUE,
                                                 NULL);

      input->replay = g_steal_pointer (&self->replay);
      self->input = G_INPUT_STREAM (input);
    }
  return self->input;
}

static gboolean
qm_replay_connection_close (GIOStream     *stream,
                            GCancellable  *cancellable,
                            GError       **error)
{
  QmReplayConnection *self = QM_REPLAY_CONNECTION (stream);

  /* Marks the wrapper closed too; the socket itself is closed by the parent. */
  if (self->input != NULL)
    g_input_stream_close (self->input, cancellable, NULL);
  return G_IO_STREAM_CLASS (qm_replay_connection_parent_class)->close_fn (stream, cancellable,
                                                                           error);
}

static void
qm_replay_connection_finalize (GObject *object)
{
  QmReplayConnection *self = QM_REPLAY_CONNECTION (object);

  g_clear_pointer (&self->replay, g_bytes_unref);
  g_clear_object (&self->input);

  G_OBJECT_CLASS (qm_replay_connection_parent_class)->finalize (object);
}

static void
qm_replay_connection_class_init (QmReplayConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = qm_replay_connection_finalize;
  stream_class->get_input_stream = qm_replay_connection_get_input_stream;
  stream_class->close_fn = qm_replay_connection_close;
}

static void
qm_replay_connection_init (QmReplayConnection *self)
{
}

GIOStream *
qm_replay_connection_new (GSocket *socket,
                          GBytes  *replay)
{
  QmReplayConnection *self;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);

  self = g_object_new (QM_TYPE_REPLAY_CONNECTION, "socket", socket, NULL);
  if (replay != NULL && g_bytes_get_size (replay) > 0)
    self->replay = g_bytes_ref (replay);
  return G_IO_STREAM (self);
}
