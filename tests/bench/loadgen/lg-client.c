/* lg-client.c: the load generator's own WebSocket client: thousands of
 * non-blocking sockets in one epoll loop, masked client frames, kernel
 * receive timestamps, and the per-connection check of event order.
 *
 * A general client (libsoup's included) costs a GSource, buffers and a JSON
 * tree per frame and connection; at 2,000 connections on two cores that
 * would bill the server's numbers with the client's work.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <quorum/quorum-protocol.h>

#include "lg.h"

#define READ_BUFFER      65536
#define MAX_EVENTS       512
#define MAX_HEAD_BYTES   8192
#define STALLED_RCVBUF   1024
#define WS_GUID          "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

G_DEFINE_QUARK (lg-error-quark, lg_error)

gint64
lg_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint64
realtime_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
lg_run_init (LgRun *run,
             guint  n_conns,
             guint  turns)
{
  gint64 before, real;

  run->n_conns = n_conns;
  run->conns = g_new0 (LgConn, n_conns);
  run->turns = turns;
  run->sent_ns = g_new0 (gint64, MAX (turns, 1));
  run->arrivals = g_new0 (gint64, (gsize) n_conns * MAX (turns, 1));
  run->seq_turn = g_hash_table_new (g_int64_hash, g_int64_equal);
  run->epfd = epoll_create1 (EPOLL_CLOEXEC);
  /* The offset to turn kernel (realtime) stamps into monotonic ones. */
  before = lg_now_ns ();
  real = realtime_ns ();
  run->rt_offset_ns = real - (before + lg_now_ns ()) / 2;

  for (guint i = 0; i < n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      conn->run = run;
      conn->index = i;
      conn->fd = -1;
      conn->last_seq = -1;
      conn->reply_re = -1;
      conn->arrivals = run->arrivals + (gsize) i * MAX (turns, 1);
    }
}

void
lg_run_clear (LgRun *run)
{
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      if (conn->fd >= 0)
        close (conn->fd);
      g_clear_pointer (&conn->in, g_byte_array_unref);
      g_clear_pointer (&conn->out, g_byte_array_unref);
      g_free (conn->key);
      g_free (conn->close_reason);
      g_free (conn->closed_text);
    }
  g_hash_table_iter_init (&iter, run->seq_turn);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_hash_table_unref (run->seq_turn);
  g_free (run->conns);
  g_free (run->sent_ns);
  g_free (run->arrivals);
  g_free (run->host);
  g_free (run->path);
  g_free (run->doc);
  g_free (run->first_error);
  if (run->epfd >= 0)
    close (run->epfd);
}

/* Output */

static void
update_interest (LgConn *conn)
{
  struct epoll_event event = { 0 };

  if (conn->fd < 0)
    return;
  if (conn->reading)
    event.events |= EPOLLIN;
  if (conn->state == LG_CONN_CONNECTING || (conn->out != NULL && conn->out->len > 0))
    event.events |= EPOLLOUT;
  event.data.ptr = conn;
  epoll_ctl (conn->run->epfd, EPOLL_CTL_MOD, conn->fd, &event);
}

static void conn_closed (LgConn *conn, guint16 code, const char *reason);

static void
flush_out (LgConn *conn)
{
  gboolean had = conn->out->len > 0;

  while (conn->out->len > 0)
    {
      ssize_t n = send (conn->fd, conn->out->data, conn->out->len, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno != EAGAIN)
            conn_closed (conn, 1006, g_strerror (errno));
          break;
        }
      g_byte_array_remove_range (conn->out, 0, (guint) n);
    }
  if (conn->fd >= 0 && had != (conn->out->len > 0))
    update_interest (conn);
}

static void
queue_bytes (LgConn       *conn,
             const guint8 *data,
             gsize         length)
{
  gboolean was_empty;

  if (conn->fd < 0)
    return;
  if (conn->out == NULL)
    conn->out = g_byte_array_new ();
  was_empty = conn->out->len == 0;
  g_byte_array_append (conn->out, data, (guint) length);
  if (was_empty && conn->state != LG_CONN_CONNECTING)
    flush_out (conn);
}

/* Client frames are masked (RFC 6455, 5.3). */
static void
send_frame (LgConn       *conn,
            guint8        opcode,
            const guint8 *payload,
            gsize         length)
{
  guint8 head[14];
  gsize head_length = 2;
  guint32 mask = g_random_int ();
  guint8 *masked;

  head[0] = 0x80 | opcode;
  if (length < 126)
    head[1] = 0x80 | (guint8) length;
  else if (length <= G_MAXUINT16)
    {
      head[1] = 0x80 | 126;
      head[2] = (guint8) (length >> 8);
      head[3] = (guint8) length;
      head_length = 4;
    }
  else
    {
      head[1] = 0x80 | 127;
      for (int i = 0; i < 8; i++)
        head[2 + i] = (guint8) ((guint64) length >> (56 - 8 * i));
      head_length = 10;
    }
  memcpy (head + head_length, &mask, 4);
  head_length += 4;

  masked = g_malloc (head_length + length);
  memcpy (masked, head, head_length);
  for (gsize i = 0; i < length; i++)
    masked[head_length + i] = payload[i] ^ head[head_length - 4 + (i & 3)];
  queue_bytes (conn, masked, head_length + length);
  g_free (masked);
}

void
lg_conn_send_text (LgConn     *conn,
                   const char *text,
                   gsize       length)
{
  send_frame (conn, 0x1, (const guint8 *) text, length);
}

void
lg_conn_set_reading (LgConn   *conn,
                     gboolean  reading)
{
  if (conn->reading == reading)
    return;
  conn->reading = reading;
  update_interest (conn);
}

static void
conn_closed (LgConn     *conn,
             guint16     code,
             const char *reason)
{
  LgRun *run = conn->run;

  if (conn->state == LG_CONN_CLOSED)
    return;
  if (conn->state == LG_CONN_OPEN)
    run->closed++;
  else
    run->failed++;
  conn->state = LG_CONN_CLOSED;
  conn->close_code = code;
  conn->close_reason = g_strdup (reason ? reason : "");
  epoll_ctl (run->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  close (conn->fd);
  conn->fd = -1;
  g_clear_pointer (&conn->in, g_byte_array_unref);
  g_clear_pointer (&conn->out, g_byte_array_unref);
}

/* Connecting */

gboolean
lg_conn_start (LgConn  *conn,
               GError **error)
{
  LgRun *run = conn->run;
  struct sockaddr_in address = { 0 };
  struct epoll_event event = { 0 };
  int one = 1;
  socklen_t length = sizeof address;

  conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (conn->fd < 0)
    {
      g_set_error (error, LG_ERROR, 0, "socket: %s", g_strerror (errno));
      return FALSE;
    }
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  /* Arrival times from the kernel: our own work cannot delay them. */
  setsockopt (conn->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  if (conn->stalled)
    {
      /* Set before connecting, so the advertised window stays small. */
      int size = STALLED_RCVBUF;

      setsockopt (conn->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }

  address.sin_family = AF_INET;
  address.sin_port = htons (run->port);
  inet_pton (AF_INET, run->host, &address.sin_addr);
  conn->connect_ns = lg_now_ns ();
  if (connect (conn->fd, (struct sockaddr *) &address, sizeof address) < 0 && errno != EINPROGRESS)
    {
      g_set_error (error, LG_ERROR, 0, "connect: %s", g_strerror (errno));
      close (conn->fd);
      conn->fd = -1;
      return FALSE;
    }
  memset (&address, 0, sizeof address);
  if (getsockname (conn->fd, (struct sockaddr *) &address, &length) == 0)
    conn->local_port = ntohs (address.sin_port);

  conn->state = LG_CONN_CONNECTING;
  conn->reading = TRUE;
  event.events = EPOLLIN | EPOLLOUT;
  event.data.ptr = conn;
  epoll_ctl (run->epfd, EPOLL_CTL_ADD, conn->fd, &event);
  run->started++;
  return TRUE;
}

static void
send_upgrade (LgConn *conn)
{
  LgRun *run = conn->run;
  guint8 nonce[16];
  g_autofree char *request = NULL;

  for (guint i = 0; i < sizeof nonce; i++)
    nonce[i] = (guint8) g_random_int_range (0, 256);
  conn->key = g_base64_encode (nonce, sizeof nonce);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\n"
                             "Host: %s:%u\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: %s\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Protocol: quorum.v1\r\n"
                             "\r\n",
                             run->path, run->host, run->port, conn->key);
  conn->state = LG_CONN_UPGRADING;
  queue_bytes (conn, (const guint8 *) request, strlen (request));
  flush_out (conn);
  update_interest (conn);
}

static void
send_hello (LgConn *conn)
{
  g_autoptr(QmMessage) hello = qm_message_new (QM_MESSAGE_HELLO);
  g_autofree char *text = NULL;
  gsize length;

  hello->hello.token = g_strdup (conn->token ? conn->token : "reference");
  text = qm_message_serialize (hello, &length);
  conn->state = LG_CONN_HELLO_SENT;
  lg_conn_send_text (conn, text, length);
}

/* The 101 answer; returns the bytes of the head, 0 for more, -1 on failure. */
static gssize
check_upgrade (LgConn       *conn,
               const guint8 *data,
               gsize         length)
{
  const char *end = g_strstr_len ((const char *) data, (gssize) length, "\r\n\r\n");
  g_autofree char *head = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GChecksum) sha1 = NULL;
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  g_autofree char *accept_line = NULL;

  if (end == NULL)
    return length > MAX_HEAD_BYTES ? -1 : 0;
  head = g_ascii_strdown ((const char *) data, end - (const char *) data);
  sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_checksum_update (sha1, (const guchar *) conn->key, -1);
  g_checksum_update (sha1, (const guchar *) WS_GUID, -1);
  g_checksum_get_digest (sha1, digest, &digest_length);
  expected = g_base64_encode (digest, digest_length);
  accept_line = g_ascii_strdown (expected, -1);
  if (!g_str_has_prefix (head, "http/1.1 101")
      || strstr (head, accept_line) == NULL
      || strstr (head, "sec-websocket-protocol: quorum.v1") == NULL)
    {
      g_printerr ("loadgen: connection %u: refused: %.*s\n", conn->index,
                  (int) MIN (strcspn (head, "\r"), 200), head);
      return -1;
    }
  return end + 4 - (const char *) data;
}

/* Frames */

static gboolean
skim_is (const LgSkim *skim,
         const char   *type)
{
  gsize n = strlen (type);

  return skim->type_length == n && memcmp (skim->type, type, n) == 0;
}

/* Which turn a page event reports. Turn t shows page t % pages + 1, and its
 * seq is at least seq_base + t + 1 (other events only push it higher), so the
 * latest turn sent that fits both is it, however late the event arrives, as
 * long as fewer than `pages` other events came in between. */
static gint64
turn_of (LgRun  *run,
         gint64  seq,
         gint64  page)
{
  gpointer found = g_hash_table_lookup (run->seq_turn, &seq);
  gint64 upper = MIN ((gint64) run->sent - 1, seq - run->seq_base - 1);
  gint64 *key;

  if (found != NULL)
    return GPOINTER_TO_SIZE (found) - 1;
  for (gint64 turn = upper; turn >= 0 && turn > upper - (gint64) run->pages; turn--)
    if (turn % run->pages + 1 == page)
      {
        key = g_new (gint64, 1);
        *key = seq;
        g_hash_table_insert (run->seq_turn, key, GSIZE_TO_POINTER ((gsize) turn + 1));
        return turn;
      }
  return -1;
}

/* Vote mode: replies and errors (no seq) */
static void
vote_answer (LgConn       *conn,
             const LgSkim *skim,
             const char   *text,
             gsize         length,
             gint64        stamp)
{
  LgRun *run = conn->run;
  gboolean error = skim_is (skim, "error");

  if (error)
    {
      conn->vote_errors++;
      if (run->first_error == NULL)
        run->first_error = g_strdup_printf ("connection %u: %.*s", conn->index, (int) MIN (length, 300),
                                            text);
    }
  else if (!skim_is (skim, "reply"))
    return;
  if (!skim->has_re)
    return;
  conn->reply_re = skim->re;
  conn->reply_ns = stamp;
  if (!error)
    conn->reply_vote = skim->vote;
  if (skim->re == run->cast_re && conn->cast_ns != 0 && conn->cast_reply_ns == 0)
    conn->cast_reply_ns = stamp;
}

/* Vote mode: events */
static void
vote_event (LgConn       *conn,
            const LgSkim *skim,
            const char   *text,
            gsize         length,
            gint64        stamp)
{
  LgRun *run = conn->run;

  if (skim_is (skim, "vote.opened"))
    {
      if (conn->opened_ns == 0)
        conn->opened_ns = stamp;
    }
  else if (skim_is (skim, "vote.progress"))
    {
      if (run->vote_id == 0 || skim->vote == run->vote_id)
        conn->progress++;
    }
  else if (skim_is (skim, "vote.closed") && skim->vote == run->vote_id && conn->closed_ns == 0)
    {
      conn->closed_ns = stamp;
      /* One copy is enough to check the result; parsing 2,000 would compete
       * with the server for the two cores while it still sends. */
      if (conn->index == 0)
        conn->closed_text = g_strndup (text, length);
    }
}

void
lg_run_vote_reset (LgRun *run)
{
  for (guint i = 0; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      conn->opened_ns = conn->cast_ns = conn->cast_reply_ns = conn->closed_ns = 0;
      conn->reply_vote = 0;
      conn->reply_re = -1;
      conn->reply_ns = 0;
      conn->progress = 0;
      conn->vote_errors = 0;
      g_clear_pointer (&conn->closed_text, g_free);
    }
  run->vote_id = 0;
}

static void
text_frame (LgConn     *conn,
            const char *text,
            gsize       length,
            gint64      stamp)
{
  LgRun *run = conn->run;
  LgSkim skim;

  if (conn->strict)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(QmMessage) message = qm_message_parse (text, length, QM_ORIGIN_SERVER, NULL, &error);

      /* The reference server speaks only a subset: its welcome is minimal. */
      if (message == NULL && !run->reference)
        {
          g_printerr ("loadgen: connection %u: the protocol library refuses a frame: %s\n",
                      conn->index, error->message);
          conn->errors++;
        }
    }
  if (!lg_skim (text, length, &skim))
    {
      conn->errors++;
      return;
    }

  if (conn->state == LG_CONN_HELLO_SENT)
    {
      if (!skim_is (&skim, "welcome") || !skim.has_seq)
        {
          conn->errors++;
          return;
        }
      conn->state = LG_CONN_OPEN;
      conn->welcome_ns = stamp;
      conn->last_seq = skim.seq;
      run->welcomed++;
      if (conn->stalled)
        lg_conn_set_reading (conn, FALSE);
      return;
    }

  if (!skim.has_seq)
    {
      if (skim_is (&skim, "error"))
        conn->errors++;
      if (run->vote_mode)
        vote_answer (conn, &skim, text, length, stamp);
      return;
    }

  conn->events++;
  if (skim.seq == conn->last_seq + 1)
    conn->last_seq = skim.seq;
  else if (skim.seq > conn->last_seq)
    {
      conn->lost += skim.seq - conn->last_seq - 1;
      conn->last_seq = skim.seq;
    }
  else
    conn->reordered++;
  run->max_seq = MAX (run->max_seq, skim.seq);

  if (skim_is (&skim, "page"))
    {
      gint64 turn = turn_of (run, skim.seq, skim.page);

      conn->pages++;
      if (turn >= 0 && conn->arrivals[turn] == 0)
        conn->arrivals[turn] = stamp;
    }
  else
    {
      run->other_events++;
      if (run->vote_mode)
        vote_event (conn, &skim, text, length, stamp);
    }
}

static void
control_frame (LgConn       *conn,
               guint8        opcode,
               const guint8 *payload,
               gsize         length)
{
  if (opcode == 0x9)
    send_frame (conn, 0xA, payload, length);
  else if (opcode == 0x8)
    {
      guint16 code = length >= 2 ? (guint16) (payload[0] << 8 | payload[1]) : 1005;
      g_autofree char *reason = length > 2 ? g_strndup ((const char *) payload + 2, length - 2)
                                           : NULL;

      send_frame (conn, 0x8, payload, MIN (length, 2));
      flush_out (conn);
      conn_closed (conn, code, reason);
    }
}

/* Parses whole frames; returns the bytes used. */
static gsize
parse_frames (LgConn *conn,
              guint8 *data,
              gsize   length,
              gint64  stamp)
{
  gsize used = 0;

  while (conn->state != LG_CONN_CLOSED)
    {
      guint8 *frame = data + used;
      gsize available = length - used, header = 2;
      guint64 payload_length;
      guint8 opcode;

      if (available < 2)
        break;
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
      if ((frame[1] & 0x80) != 0 || (frame[0] & 0x80) == 0 || payload_length > QM_MAX_SERVER_MESSAGE_BYTES)
        {
          /* Masked, fragmented or absurd: neither server sends such frames. */
          conn->errors++;
          conn_closed (conn, 1002, "a frame this client does not expect");
          break;
        }
      if (available - header < payload_length)
        break;
      used += header + payload_length;
      if (opcode == 0x1)
        text_frame (conn, (const char *) frame + header, payload_length, stamp);
      else if (opcode >= 0x8)
        control_frame (conn, opcode, frame + header, payload_length);
      else
        conn->errors++;
    }
  return used;
}

static void
consume (LgConn *conn,
         guint8 *data,
         gsize   length,
         gint64  stamp)
{
  gsize used;

  if (conn->state == LG_CONN_UPGRADING)
    {
      gssize head;

      if (conn->in == NULL)
        conn->in = g_byte_array_new ();
      g_byte_array_append (conn->in, data, (guint) length);
      head = check_upgrade (conn, conn->in->data, conn->in->len);
      if (head < 0)
        {
          conn_closed (conn, 1006, "the upgrade failed");
          return;
        }
      if (head == 0)
        return;
      send_hello (conn);
      g_byte_array_remove_range (conn->in, 0, (guint) head);
      if (conn->in->len == 0)
        return;
      /* Frames sent right behind the head. */
      {
        g_autoptr(GByteArray) rest = g_steal_pointer (&conn->in);

        consume (conn, rest->data, rest->len, stamp);
      }
      return;
    }

  if (conn->in == NULL || conn->in->len == 0)
    {
      used = parse_frames (conn, data, length, stamp);
      if (used < length && conn->state != LG_CONN_CLOSED)
        {
          if (conn->in == NULL)
            conn->in = g_byte_array_new ();
          g_byte_array_append (conn->in, data + used, (guint) (length - used));
        }
    }
  else
    {
      g_byte_array_append (conn->in, data, (guint) length);
      used = parse_frames (conn, conn->in->data, conn->in->len, stamp);
      if (conn->in != NULL)
        {
          g_byte_array_remove_range (conn->in, 0, (guint) used);
          /* Idle connections keep no buffer. */
          if (conn->in->len == 0)
            g_clear_pointer (&conn->in, g_byte_array_unref);
        }
    }
}

static void
on_readable (LgConn *conn)
{
  static guint8 buffer[READ_BUFFER];
  LgRun *run = conn->run;

  while (conn->fd >= 0 && conn->reading)
    {
      union
      {
        char control[CMSG_SPACE (sizeof (struct timespec)) * 2];
        struct cmsghdr align;
      } control;
      struct iovec iov = { buffer, sizeof buffer };
      struct msghdr message = { 0 };
      gint64 stamp = 0;
      ssize_t n;

      message.msg_iov = &iov;
      message.msg_iovlen = 1;
      message.msg_control = control.control;
      message.msg_controllen = sizeof control.control;
      n = recvmsg (conn->fd, &message, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          conn_closed (conn, 1006, n == 0 ? "end of stream without a close frame" : g_strerror (errno));
          return;
        }
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&message); c != NULL; c = CMSG_NXTHDR (&message, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS)
          {
            struct timespec ts;

            memcpy (&ts, CMSG_DATA (c), sizeof ts);
            stamp = (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec
                    - run->rt_offset_ns;
            run->kernel_stamps = TRUE;
          }
      if (stamp == 0)
        stamp = lg_now_ns ();
      else
        {
          gint64 lag = lg_now_ns () - stamp;

          run->lag_max_ns = MAX (run->lag_max_ns, lag);
          run->lag_sum_ns += lag;
        }
      run->reads++;
      conn->bytes_in += n;
      consume (conn, buffer, (gsize) n, stamp);
      if ((gsize) n < sizeof buffer)
        return;
    }
}

static void
on_writable (LgConn *conn)
{
  if (conn->state == LG_CONN_CONNECTING)
    {
      int problem = 0;
      socklen_t length = sizeof problem;

      getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &problem, &length);
      if (problem != 0)
        {
          conn_closed (conn, 1006, g_strerror (problem));
          return;
        }
      send_upgrade (conn);
      return;
    }
  if (conn->out != NULL)
    flush_out (conn);
}

void
lg_run_poll (LgRun *run,
             int    timeout_ms)
{
  struct epoll_event events[MAX_EVENTS];
  int n = epoll_wait (run->epfd, events, MAX_EVENTS, timeout_ms);

  for (int i = 0; i < n; i++)
    {
      LgConn *conn = events[i].data.ptr;

      if (conn->fd < 0)
        continue;
      if (events[i].events & EPOLLOUT)
        on_writable (conn);
      if (conn->fd >= 0 && (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        {
          if (conn->reading)
            on_readable (conn);
          else if (events[i].events & (EPOLLERR | EPOLLHUP))
            conn_closed (conn, 1006, "the connection broke");
        }
    }
}

void
lg_run_send_turn (LgRun *run)
{
  g_autoptr(QmMessage) present = qm_message_new (QM_MESSAGE_PRESENT);
  g_autofree char *text = NULL;
  gsize length;
  guint turn = run->sent;

  present->page.doc = g_strdup (run->doc);
  present->page.page = (turn % run->pages) + 1;
  text = qm_message_serialize (present, &length);
  if (turn == 0)
    run->seq_base = run->max_seq;
  run->sent_ns[turn] = lg_now_ns ();
  run->sent++;
  lg_conn_send_text (&run->conns[0], text, length);
}

guint
lg_run_count_received (LgRun    *run,
                       guint     turn,
                       gboolean  healthy_only)
{
  guint count = 0;

  for (guint i = 1; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      if (healthy_only && (conn->stalled || conn->state != LG_CONN_OPEN))
        continue;
      if (conn->arrivals[turn] != 0)
        count++;
    }
  return count;
}
