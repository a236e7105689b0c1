/* qm-send-ring.h: many sends on many sockets in one system call (io_uring),
 * for the fan-out of a broadcast.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _QmSendRing QmSendRing;

/* result: the bytes the socket took (possibly fewer than asked: a send
 * never waits), or -errno (-EAGAIN when it took nothing). */
typedef void (*QmSendRingDone) (gpointer user_data,
                                gssize   result);

/* NULL with an error when the kernel offers no io_uring (too old, or
 * forbidden by a seccomp filter or kernel.io_uring_disabled). Sends queue
 * until entries are waiting, then go out at once. One thread only. */
QmSendRing *qm_send_ring_new    (guint            entries,
                                 QmSendRingDone   done,
                                 GError         **error);
void        qm_send_ring_free   (QmSendRing      *ring);

/* Queues a non-blocking send; data must stay valid until done is called for
 * it. done must not send on the ring. */
void        qm_send_ring_send   (QmSendRing      *ring,
                                 int              fd,
                                 const void      *data,
                                 gsize            size,
                                 gpointer         user_data);
/* Sends everything queued and calls done for each before returning. */
void        qm_send_ring_submit (QmSendRing      *ring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmSendRing, qm_send_ring_free)

G_END_DECLS
