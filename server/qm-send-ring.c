/* qm-send-ring.c: a broadcast's sends submitted together through io_uring.
 *
 * On loopback a send costs the sender the whole TCP path, the receiver's
 * side included, and returning to user space after each one (where the
 * woken reader may take the CPU) costs as much again. io_uring runs a batch
 * of non-blocking sends inside one system call: measured on the project's
 * 2-core VM, 1,000 sends of a 64-byte frame cost 3.3 ms of CPU instead of
 * 6.4 ms with one send() each.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-send-ring"

#include "config.h"

#include <errno.h>
#include <liburing.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "qm-send-ring.h"

struct _QmSendRing
{
  struct io_uring  ring;
  QmSendRingDone   done;
  guint            entries;
  guint            queued;     /* prepared, not yet completed */
  gboolean         reaping;
};

QmSendRing *
qm_send_ring_new (guint            entries,
                  QmSendRingDone   done,
                  GError         **error)
{
  g_autofree QmSendRing *ring = g_new0 (QmSendRing, 1);
  struct io_uring_params params = { 0 };
  int ret;

  g_return_val_if_fail (entries > 0 && done != NULL, NULL);

  /* SUBMIT_ALL (Linux 5.18): one failing send does not hold back the rest. */
  params.flags = IORING_SETUP_SUBMIT_ALL;
  ret = io_uring_queue_init_params (entries, &ring->ring, &params);
  if (ret < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-ret), "io_uring: %s", g_strerror (-ret));
      return NULL;
    }
  /* The kernel rounds up to a power of two; completions have twice the room. */
  ring->entries = params.sq_entries;
  ring->done = done;
  return g_steal_pointer (&ring);
}

void
qm_send_ring_free (QmSendRing *ring)
{
  if (ring == NULL)
    return;
  g_assert (ring->queued == 0);
  io_uring_queue_exit (&ring->ring);
  g_free (ring);
}

static void
reap (QmSendRing *ring)
{
  struct io_uring_cqe *cqe;
  unsigned head, seen = 0;

  ring->reaping = TRUE;
  io_uring_for_each_cqe (&ring->ring, head, cqe)
    {
      ring->done (io_uring_cqe_get_data (cqe), cqe->res);
      seen++;
    }
  io_uring_cq_advance (&ring->ring, seen);
  ring->queued -= seen;
  ring->reaping = FALSE;
}

void
qm_send_ring_submit (QmSendRing *ring)
{
  g_return_if_fail (ring != NULL);
  g_return_if_fail (!ring->reaping);

  while (ring->queued > 0)
    {
      /* Non-blocking sends complete while they are submitted: the wait
       * returns at once, and only makes sure none is left behind. */
      int ret = io_uring_submit_and_wait (&ring->ring, ring->queued);

      if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
        g_error ("io_uring_submit_and_wait: %s", g_strerror (-ret));
      reap (ring);
    }
}

void
qm_send_ring_send (QmSendRing *ring,
                   int         fd,
                   const void *data,
                   gsize       size,
                   gpointer    user_data)
{
  struct io_uring_sqe *sqe;

  g_return_if_fail (ring != NULL);
  g_return_if_fail (!ring->reaping);

  if (ring->queued == ring->entries)
    qm_send_ring_submit (ring);
  sqe = io_uring_get_sqe (&ring->ring);
  g_assert (sqe != NULL);
  /* MSG_DONTWAIT: what the socket cannot take now comes back at once
   * (the caller queues it) rather than waiting inside the kernel. */
  io_uring_prep_send (sqe, fd, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
  io_uring_sqe_set_data (sqe, user_data);
  ring->queued++;
}
