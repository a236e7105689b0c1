/* qm-ws.h: a lean server-side WebSocket (RFC 6455) connection over a stream
 * taken from libsoup after the handshake: one shared frame buffer for every
 * receiver of a broadcast, a bounded send queue that coalesces page events
 * for slow readers, a whole-message size limit, and no compression.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _QmWs QmWs;

typedef enum
{
  QM_WS_FRAME_NORMAL,
  /* A newer frame of this kind replaces one still waiting in the queue. */
  QM_WS_FRAME_COALESCE,
} QmWsFrameKind;

typedef struct
{
  /* A complete text message (not NUL-terminated). */
  void (*message) (QmWs *ws, const char *text, gsize length, gpointer user_data);
  /* A message broke a rule: too large, binary, bad framing. The connection
   * closes after this with the code the callback returns (0: the default). */
  guint16 (*violation) (QmWs *ws, guint16 suggested_code, const char *what, gpointer user_data);
  /* The connection is gone; called once. */
  void (*closed) (QmWs *ws, guint16 code, gpointer user_data);
} QmWsCallbacks;

typedef struct
{
  gsize max_message_bytes;   /* whole messages, over all fragments */
  gsize max_queue_bytes;     /* queued output before the reader counts as stuck */
} QmWsLimits;

/* Takes over the stream. socket: the plain TCP socket under it (never one
 * under TLS), written to directly; NULL writes through the stream. */
QmWs    *qm_ws_new            (GIOStream           *stream,
                               GSocket             *socket,
                               const QmWsLimits    *limits,
                               const QmWsCallbacks *callbacks,
                               gpointer             user_data);
QmWs    *qm_ws_ref            (QmWs                *ws);
void     qm_ws_unref          (QmWs                *ws);

/* A server text frame holding this message, built once for any number of sends. */
GBytes  *qm_ws_frame_text     (const char          *text,
                               gsize                length);

/* Queues a frame; FALSE when the connection is closing or its reader is
 * stuck (the queue is over its limit: the connection is then closed with 1008). */
gboolean qm_ws_send           (QmWs                *ws,
                               GBytes              *frame,
                               QmWsFrameKind        kind);
/* qm_ws_send() to each connection, the sends submitted together (one
 * system call through io_uring where the kernel allows it). */
void     qm_ws_send_many      (QmWs               **connections,
                               guint                n,
                               GBytes              *frame,
                               QmWsFrameKind        kind);
gboolean qm_ws_send_text      (QmWs                *ws,
                               const char          *text,
                               gsize                length);
void     qm_ws_ping           (QmWs                *ws);
/* Sends what is queued, then a close frame, then ends the connection. */
void     qm_ws_close          (QmWs                *ws,
                               guint16              code,
                               const char          *reason);

gboolean qm_ws_is_open        (QmWs                *ws);
/* Monotonic time at which the last frame received was read from the
 * socket (frames read together share it, however long parsing takes). */
gint64   qm_ws_last_heard     (QmWs                *ws);
gsize    qm_ws_queued_bytes   (QmWs                *ws);
/* Whether frames go straight to the socket's descriptor (plain TCP), not
 * through the stream (TLS). */
gboolean qm_ws_writes_directly (QmWs               *ws);
/* How broadcasts go out: "io_uring", "one send per connection", or "not yet
 * decided" before the first one. */
const char *qm_ws_fanout_mode (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmWs, qm_ws_unref)

G_END_DECLS
