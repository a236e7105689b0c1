/* test-send-ring.c: the fan-out ring sends to many loopback TCP sockets in
 * few submissions and reports what each socket took: all of it, part of
 * it when full, nothing (-EAGAIN), or the error of a reset connection.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "qm-send-ring.h"

typedef struct
{
  int    sender;
  int    receiver;
  gssize result;
  guint  calls;
} Pair;

static void
pair_open (Pair *pair,
           int   listener)
{
  struct sockaddr_in address;
  socklen_t length = sizeof address;

  g_assert_no_errno (getsockname (listener, (struct sockaddr *) &address, &length));
  pair->receiver = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (pair->receiver, >=, 0);
  g_assert_no_errno (connect (pair->receiver, (struct sockaddr *) &address, length));
  pair->sender = accept (listener, NULL, NULL);
  g_assert_cmpint (pair->sender, >=, 0);
  g_assert_true (g_unix_set_fd_nonblocking (pair->sender, TRUE, NULL));
  pair->result = G_MINSSIZE;
  pair->calls = 0;
}

static void
pair_close (Pair *pair)
{
  if (pair->sender >= 0)
    close (pair->sender);
  if (pair->receiver >= 0)
    close (pair->receiver);
}

static int
listener_new (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (bind (fd, (struct sockaddr *) &address, sizeof address));
  g_assert_no_errno (listen (fd, 1024));
  return fd;
}

static void
done (gpointer user_data,
      gssize   result)
{
  Pair *pair = user_data;

  pair->result = result;
  pair->calls++;
}

/* NULL (and the test skipped) where the kernel offers no io_uring: the
 * server then sends one by one, which test-live covers. */
static QmSendRing *
ring_new (guint entries)
{
  g_autoptr(GError) error = NULL;
  QmSendRing *ring = qm_send_ring_new (entries, done, &error);

  if (ring == NULL)
    g_test_skip_printf ("no io_uring here: %s", error->message);
  return ring;
}

/* Reads exactly size bytes, with a hard deadline. */
static void
read_exactly (int    fd,
              char  *buffer,
              gsize  size)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gsize got = 0;

  while (got < size)
    {
      struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
      gssize n;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&poll_fd, 1, 1000) <= 0)
        continue;
      n = read (fd, buffer + got, size - got);
      g_assert_cmpint (n, >, 0);
      got += (gsize) n;
    }
}

static void
test_fan_out (void)
{
  /* More sends than entries: the ring submits as it fills. */
  const guint n = 300;
  g_autoptr(QmSendRing) ring = ring_new (64);
  g_autofree Pair *pairs = g_new0 (Pair, n);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  int listener;

  if (ring == NULL)
    return;
  listener = listener_new ();
  for (guint i = 0; i < n; i++)
    {
      pair_open (&pairs[i], listener);
      g_ptr_array_add (messages, g_strdup_printf ("{\"type\":\"page\",\"seq\":%u}", i));
    }

  for (guint i = 0; i < n; i++)
    {
      const char *message = g_ptr_array_index (messages, i);

      qm_send_ring_send (ring, pairs[i].sender, message, strlen (message), &pairs[i]);
    }
  qm_send_ring_submit (ring);

  for (guint i = 0; i < n; i++)
    {
      const char *message = g_ptr_array_index (messages, i);
      gsize size = strlen (message);
      g_autofree char *got = g_malloc0 (size + 1);

      g_assert_cmpuint (pairs[i].calls, ==, 1);
      g_assert_cmpint (pairs[i].result, ==, (gssize) size);
      read_exactly (pairs[i].receiver, got, size);
      g_assert_cmpstr (got, ==, message);
      pair_close (&pairs[i]);
    }
  close (listener);
}

static void
test_full_socket (void)
{
  g_autoptr(QmSendRing) ring = ring_new (8);
  const gsize size = 4 * 1024 * 1024;
  g_autofree char *big = g_malloc (size);
  int small = 4096;
  gssize first;
  int listener;
  Pair pair;

  if (ring == NULL)
    return;
  memset (big, 'x', size);
  listener = listener_new ();
  pair_open (&pair, listener);
  g_assert_no_errno (setsockopt (pair.sender, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));

  /* The socket takes part of it and the send does not wait for the rest... */
  qm_send_ring_send (ring, pair.sender, big, size, &pair);
  qm_send_ring_submit (ring);
  first = pair.result;
  g_assert_cmpuint (pair.calls, ==, 1);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (first, <, (gssize) size);

  /* ...and once it is full (the receiver's side too: nobody reads), takes nothing. */
  for (guint i = 2; pair.result != -EAGAIN; i++)
    {
      g_assert_cmpuint (i, <, 1000);
      qm_send_ring_send (ring, pair.sender, big, size, &pair);
      qm_send_ring_submit (ring);
      g_assert_cmpuint (pair.calls, ==, i);
      g_assert_true (pair.result == -EAGAIN || (pair.result > 0 && pair.result < (gssize) size));
    }

  pair_close (&pair);
  close (listener);
}

static void
test_reset_peer (void)
{
  g_autoptr(QmSendRing) ring = ring_new (8);
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };
  struct pollfd poll_fd;
  int listener;
  Pair pair;

  if (ring == NULL)
    return;
  listener = listener_new ();
  pair_open (&pair, listener);
  /* Closed with a reset: the sender's socket learns of it at once. */
  g_assert_no_errno (setsockopt (pair.receiver, SOL_SOCKET, SO_LINGER, &linger, sizeof linger));
  close (pair.receiver);
  pair.receiver = -1;
  poll_fd = (struct pollfd) { .fd = pair.sender, .events = POLLIN };
  g_assert_cmpint (poll (&poll_fd, 1, 10000), ==, 1);

  qm_send_ring_send (ring, pair.sender, "{}", 2, &pair);
  qm_send_ring_submit (ring);
  g_assert_cmpuint (pair.calls, ==, 1);
  g_assert_cmpint (pair.result, <, 0);
  g_assert_cmpint (pair.result, !=, -EAGAIN);

  pair_close (&pair);
  close (listener);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quorum/server/send-ring/fan-out", test_fan_out);
  g_test_add_func ("/quorum/server/send-ring/full-socket", test_full_socket);
  g_test_add_func ("/quorum/server/send-ring/reset-peer", test_reset_peer);

  return g_test_run ();
}
