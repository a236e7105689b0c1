/* qm-fast-http.c: the lean HTTP/1.1 path for document GETs. It accepts
 * plain-HTTP connections, reads request heads into its own buffer and
 * answers the document GETs it recognises (the clients' range requests)
 * with one sendmsg each from the mapped file; the first request it does not
 * recognise, with everything after it, goes to libsoup on a replaying stream
 * and the connection stays with libsoup from then on.
 *
 * What it answers is decided by qm_route_answer_document; it only ever
 * answers 200, 206 and 304, so every error, every other route, every
 * unusual head (HTTP/1.0, a body, a duplicated header, a folded line, a
 * missing Host, a head over HEAD_MAX) is libsoup's, exactly as without it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gunixsocketaddress.h>

#include "qm-fast-http.h"
#include "qm-loop-watch.h"
#include "qm-replay-connection.h"

/* A longer head is libsoup's to refuse. */
#define HEAD_MAX             8192
#define BUFFER_BYTES         (2 * HEAD_MAX)
/* Pipelined requests answered in one go before other sources get a turn. */
#define REQUESTS_PER_TURN    32
#define ACCEPTS_PER_TURN     64
/* After an accept error other than "none waiting" (out of descriptors). */
#define ACCEPT_PAUSE_MS      100

#define PATH_PREFIX          "GET /api/v1/documents/"
#define PATH_SUFFIX          " HTTP/1.1"
#define DOCID_BYTES          64
#define SOCKET_KEY           "qm-fast-http-socket"

typedef struct _Connection Connection;

struct _QmFastHttp
{
  GMainContext *context;
  GSocket      *listener;
  GSource      *accept_source;
  guint         accept_pause;
  SoupServer   *soup;
  char         *server_header;
  QmFastServe   serve;
  gpointer      user_data;
  GQueue        connections;
  /* Connections that spoke when the loop's turn was used up, in order, with
   * their descriptors unwatched; one source takes them up again. */
  GQueue        deferred;
  GSource      *resume;
  guint64       answered;      /* requests answered here */
  guint64       handed_off;    /* connections given to libsoup */

  gint64        date_second;
  char          date[64];

  /* Where a head is taken apart; one main loop parses one head at a time. */
  char          scratch[HEAD_MAX + 1];
};

/* A connection is its own GSource: one allocation, one fd watch. */
struct _Connection
{
  GSource       source;
  QmFastHttp   *owner;
  GList         link;           /* in owner->connections */
  GList         defer_link;     /* in owner->deferred while deferred */
  gboolean      deferred;
  GIOCondition  deferred_watch; /* what to watch again when taken up */
  GIOCondition  deferred_ready; /* what the poll said when it was put off */
  GSocket      *socket;
  int           fd;
  gpointer      tag;
  GIOCondition  watching;
  gboolean      peer_closed;
  gboolean      close_after;    /* the request said "Connection: close" */

  guint8       *in;             /* BUFFER_BYTES, only while bytes wait in it */
  gsize         in_start;       /* unparsed bytes are in[in_start, in_end) */
  gsize         in_end;

  GString      *head;           /* the response head being written */
  GString      *headers;        /* scratch for the serve callback */
  GBytes       *body;
  gsize         out_done;       /* bytes of head + body already sent */
};

typedef enum
{
  PARSE_MORE,       /* no complete head yet */
  PARSE_REQUEST,    /* a document GET: the request is filled in */
  PARSE_HAND_OFF,   /* libsoup's */
} ParseResult;

/* Heads */

static gboolean
name_is (const char *name,
         gsize       length,
         const char *wanted)
{
  return strlen (wanted) == length && g_ascii_strncasecmp (name, wanted, length) == 0;
}

/* Whether a comma-separated header value holds token (case-insensitive). */
static gboolean
has_token (const char *value,
           const char *token)
{
  gsize length = strlen (token);

  while (*value != '\0')
    {
      const char *end;

      while (*value == ' ' || *value == '\t' || *value == ',')
        value++;
      end = value;
      while (*end != '\0' && *end != ',')
        end++;
      while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
      if ((gsize) (end - value) == length && g_ascii_strncasecmp (value, token, length) == 0)
        return TRUE;
      while (*value != '\0' && *value != ',')
        value++;
    }
  return FALSE;
}

/* Parses one header line ("Name: value", NUL-terminated, no CR or LF) into
 * the request; FALSE when the head is not the lean path's. */
static gboolean
parse_header (char          *line,
              QmFastRequest *request,
              const char   **connection,
              gboolean      *host)
{
  char *colon = strchr (line, ':');
  char *value, *end;
  gsize length;
  const char **slot = NULL;

  if (colon == NULL || colon == line)
    return FALSE;
  length = (gsize) (colon - line);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isgraph (line[i]))
      return FALSE;

  value = colon + 1;
  while (*value == ' ' || *value == '\t')
    value++;
  end = value + strlen (value);
  while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  *end = '\0';

  if (name_is (line, length, "Host"))
    {
      if (*host)
        return FALSE;
      *host = TRUE;
      return TRUE;
    }
  if (name_is (line, length, "Authorization"))
    slot = &request->authorization;
  else if (name_is (line, length, "Range"))
    slot = &request->range;
  else if (name_is (line, length, "If-None-Match"))
    slot = &request->if_none_match;
  else if (name_is (line, length, "Connection"))
    slot = connection;
  else if (name_is (line, length, "Content-Length")
           || name_is (line, length, "Transfer-Encoding")
           || name_is (line, length, "Expect")
           || name_is (line, length, "Upgrade"))
    return FALSE;
  else
    return TRUE;

  /* A repeated header is combined or refused by libsoup: its call. */
  if (*slot != NULL)
    return FALSE;
  *slot = value;
  return TRUE;
}

/* The "\r\n\r\n" that ends a head, or NULL. */
static const guint8 *
find_blank_line (const guint8 *data,
                 gsize         length)
{
  const guint8 *end = data + length;

  for (const guint8 *p = data; end - p >= 4; p++)
    {
      p = memchr (p, '\r', (gsize) (end - p) - 3);
      if (p == NULL)
        return NULL;
      if (memcmp (p, "\r\n\r\n", 4) == 0)
        return p;
    }
  return NULL;
}

/* Looks at the head at the start of the unparsed input. */
static ParseResult
parse_head (Connection    *conn,
            QmFastRequest *request,
            gsize         *out_head_bytes)
{
  gsize available = conn->in_end - conn->in_start;
  const guint8 *start, *blank;
  char *scratch = conn->owner->scratch;
  const char *connection = NULL;
  gboolean host = FALSE;
  gsize head_bytes;
  char *line, *end;

  if (available == 0)
    return PARSE_MORE;
  start = conn->in + conn->in_start;
  blank = find_blank_line (start, MIN (available, HEAD_MAX));
  if (blank == NULL)
    return available >= HEAD_MAX ? PARSE_HAND_OFF : PARSE_MORE;
  head_bytes = (gsize) (blank - start) + 4;

  /* The lines, each with its CRLF, without the blank line; the input stays
   * as it came in case libsoup gets it. */
  memcpy (scratch, start, head_bytes - 2);
  scratch[head_bytes - 2] = '\0';
  end = scratch + head_bytes - 2;
  for (char *p = scratch; p < end; p++)
    if ((*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') || *p == 0x7f)
      return PARSE_HAND_OFF;

  memset (request, 0, sizeof *request);
  line = scratch;
  {
    char *eol = strstr (line, "\r\n");
    gsize length = (gsize) (eol - line);

    if (length != strlen (PATH_PREFIX) + DOCID_BYTES + strlen (PATH_SUFFIX)
        || memcmp (line, PATH_PREFIX, strlen (PATH_PREFIX)) != 0
        || memcmp (line + strlen (PATH_PREFIX) + DOCID_BYTES, PATH_SUFFIX,
                   strlen (PATH_SUFFIX)) != 0)
      return PARSE_HAND_OFF;
    line[strlen (PATH_PREFIX) + DOCID_BYTES] = '\0';
    request->docid = line + strlen (PATH_PREFIX);
    for (guint i = 0; i < DOCID_BYTES; i++)
      if (!g_ascii_isdigit (request->docid[i])
          && !(request->docid[i] >= 'a' && request->docid[i] <= 'f'))
        return PARSE_HAND_OFF;
    line = eol + 2;
  }

  while (line < end)
    {
      char *eol = strstr (line, "\r\n");

      *eol = '\0';
      /* A folded line, or a bare CR or LF inside one. */
      if (line[0] == ' ' || line[0] == '\t' || strpbrk (line, "\r\n") != NULL
          || !parse_header (line, request, &connection, &host))
        return PARSE_HAND_OFF;
      line = eol + 2;
    }
  if (!host)
    return PARSE_HAND_OFF;

  conn->close_after = connection != NULL && has_token (connection, "close");
  *out_head_bytes = head_bytes;
  return PARSE_REQUEST;
}

/* The Date header libsoup would write, made once a second. */
static const char *
http_date (QmFastHttp *self)
{
  gint64 now = g_get_real_time ();

  if (now / G_USEC_PER_SEC != self->date_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
      g_autofree char *text = soup_date_time_to_string (time, SOUP_DATE_HTTP);

      g_strlcpy (self->date, text, sizeof self->date);
      self->date_second = now / G_USEC_PER_SEC;
    }
  return self->date;
}

/* Connections */

static void
watch (Connection   *conn,
       GIOCondition  condition)
{
  if (conn->watching != condition)
    {
      g_source_modify_unix_fd (&conn->source, conn->tag, condition);
      conn->watching = condition;
    }
}

/* Leaves the lean path: the socket is closed (close_socket) or now libsoup's. */
static void
connection_end (Connection *conn,
                gboolean    close_socket)
{
  if (close_socket)
    g_socket_close (conn->socket, NULL);
  g_queue_unlink (&conn->owner->connections, &conn->link);
  if (conn->deferred)
    {
      g_queue_unlink (&conn->owner->deferred, &conn->defer_link);
      conn->deferred = FALSE;
    }
  g_source_destroy (&conn->source);
}

static gboolean
output_pending (Connection *conn)
{
  return conn->head->len > 0;
}

/* Sends what it can; FALSE when the peer is gone. */
static gboolean
flush (Connection *conn)
{
  gsize body_size = conn->body != NULL ? g_bytes_get_size (conn->body) : 0;
  gsize total = conn->head->len + body_size;

  while (conn->out_done < total)
    {
      struct iovec iov[2];
      struct msghdr message = { .msg_iov = iov };
      gssize sent;

      if (conn->out_done < conn->head->len)
        {
          iov[message.msg_iovlen].iov_base = conn->head->str + conn->out_done;
          iov[message.msg_iovlen++].iov_len = conn->head->len - conn->out_done;
        }
      if (body_size > 0 && conn->out_done < total)
        {
          gsize offset = conn->out_done > conn->head->len ? conn->out_done - conn->head->len : 0;

          iov[message.msg_iovlen].iov_base =
            (guint8 *) g_bytes_get_data (conn->body, NULL) + offset;
          iov[message.msg_iovlen++].iov_len = body_size - offset;
        }
      sent = sendmsg (conn->fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent < 0)
        {
          if (errno == EINTR)
            continue;
          return errno == EAGAIN || errno == EWOULDBLOCK;
        }
      conn->out_done += (gsize) sent;
    }

  g_string_truncate (conn->head, 0);
  g_clear_pointer (&conn->body, g_bytes_unref);
  conn->out_done = 0;
  return TRUE;
}

/* Gives the connection to libsoup with the bytes not yet answered. */
static void
hand_off (Connection *conn)
{
  QmFastHttp *self = conn->owner;
  g_autoptr(GBytes) replay = g_bytes_new (conn->in != NULL ? conn->in + conn->in_start : NULL,
                                          conn->in_end - conn->in_start);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (conn->socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (conn->socket, NULL);
  g_autoptr(GIOStream) stream = NULL;

  if (local == NULL || remote == NULL)
    {
      connection_end (conn, TRUE);
      return;
    }
  self->handed_off++;
  stream = qm_replay_connection_new (conn->socket, replay);
  /* libsoup keeps this address object for the connection's life. */
  g_object_set_data_full (G_OBJECT (remote), SOCKET_KEY, g_object_ref (conn->socket),
                          g_object_unref);
  if (!soup_server_accept_iostream (self->soup, stream, local, remote, NULL))
    {
      connection_end (conn, TRUE);
      return;
    }
  connection_end (conn, FALSE);
}

/* Answers the head parsed into request; FALSE when it is libsoup's. */
static gboolean
answer (Connection          *conn,
        const QmFastRequest *request)
{
  QmFastHttp *self = conn->owner;
  guint status = 0;
  GBytes *body = NULL;

  g_string_truncate (conn->headers, 0);
  if (!self->serve (request, &status, conn->headers, &body, self->user_data))
    {
      g_clear_pointer (&body, g_bytes_unref);
      return FALSE;
    }
  g_string_printf (conn->head, "HTTP/1.1 %u %s\r\nServer: %s\r\nDate: %s\r\n%s"
                   "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                   status, soup_status_get_phrase (status), self->server_header,
                   http_date (self), conn->headers->str,
                   body != NULL ? g_bytes_get_size (body) : 0);
  conn->body = body;
  conn->out_done = 0;
  return TRUE;
}

/* Reads what the socket holds; FALSE on an error. Sets peer_closed at EOF. */
static gboolean
read_more (Connection *conn)
{
  gssize received;

  if (conn->in == NULL)
    conn->in = g_malloc (BUFFER_BYTES);
  if (conn->in_start > 0)
    {
      memmove (conn->in, conn->in + conn->in_start, conn->in_end - conn->in_start);
      conn->in_end -= conn->in_start;
      conn->in_start = 0;
    }
  do
    received = recv (conn->fd, conn->in + conn->in_end, BUFFER_BYTES - conn->in_end,
                     MSG_DONTWAIT);
  while (received < 0 && errno == EINTR);

  if (received < 0)
    return errno == EAGAIN || errno == EWOULDBLOCK;
  if (received == 0)
    conn->peer_closed = TRUE;
  conn->in_end += (gsize) received;
  return TRUE;
}

static gboolean dispatch_turn (Connection *conn, GIOCondition condition);

/* One turn of a connection; FALSE when it has ended. An idle keep-alive
 * connection holds no input buffer. */
static gboolean
run_turn (Connection   *conn,
          GIOCondition  condition)
{
  gboolean keep = dispatch_turn (conn, condition);

  if (keep && conn->in_start == conn->in_end)
    {
      g_clear_pointer (&conn->in, g_free);
      conn->in_start = conn->in_end = 0;
    }
  return keep;
}

/* When many connections speak at once (a room's tablets after a network
 * drop), each main-loop turn takes a share and then lets the rest of the
 * loop — a health check, a live message — have its turn. Waiting
 * connections cost nothing per turn: their descriptors are not polled. */
static void
defer (Connection   *conn,
       GIOCondition  ready)
{
  QmFastHttp *self = conn->owner;

  g_source_set_ready_time (&conn->source, -1);
  conn->deferred_ready = ready;
  conn->deferred_watch = conn->watching;
  watch (conn, 0);
  conn->deferred = TRUE;
  g_queue_push_tail_link (&self->deferred, &conn->defer_link);
  g_source_set_ready_time (self->resume, 0);
}

static gboolean
connection_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  Connection *conn = (Connection *) source;
  GIOCondition condition;

  /* A hang-up is reported even on a descriptor not watched: the connection
   * keeps its place in the line. */
  if (conn->deferred)
    return G_SOURCE_CONTINUE;
  condition = g_source_query_unix_fd (source, conn->tag);
  if (qm_loop_watch_over_budget ())
    {
      defer (conn, condition);
      return G_SOURCE_CONTINUE;
    }
  return run_turn (conn, condition);
}

typedef struct
{
  GSource     source;
  QmFastHttp *owner;
} ResumeSource;

static gboolean
resume_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  QmFastHttp *self = ((ResumeSource *) source)->owner;

  g_source_set_ready_time (source, -1);
  if (g_queue_is_empty (&self->deferred))
    return G_SOURCE_CONTINUE;
  /* At least one a turn, whatever the others used. */
  do
    {
      Connection *conn = g_queue_pop_head_link (&self->deferred)->data;

      conn->deferred = FALSE;
      watch (conn, conn->deferred_watch);
      /* Ending destroys the source; the connection lives until we are done. */
      g_source_ref (&conn->source);
      /* Its descriptor was not polled meanwhile: what was ready then still is. */
      run_turn (conn, conn->deferred_ready);
      g_source_unref (&conn->source);
    }
  while (!g_queue_is_empty (&self->deferred) && !qm_loop_watch_over_budget ());
  if (!g_queue_is_empty (&self->deferred))
    g_source_set_ready_time (source, 0);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs resume_funcs = {
  .dispatch = resume_dispatch,
};

static gboolean
dispatch_turn (Connection   *conn,
               GIOCondition  condition)
{
  GSource *source = &conn->source;
  gboolean readable = (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0;

  g_source_set_ready_time (source, -1);

  if (output_pending (conn))
    {
      if (!flush (conn))
        {
          connection_end (conn, TRUE);
          return G_SOURCE_REMOVE;
        }
      if (output_pending (conn))
        return G_SOURCE_CONTINUE;
      if (conn->close_after)
        {
          connection_end (conn, TRUE);
          return G_SOURCE_REMOVE;
        }
    }

  for (guint answered = 0; ; )
    {
      QmFastRequest request;
      gsize head_bytes = 0;

      switch (parse_head (conn, &request, &head_bytes))
        {
        case PARSE_HAND_OFF:
          hand_off (conn);
          return G_SOURCE_REMOVE;

        case PARSE_REQUEST:
          if (!answer (conn, &request))
            {
              hand_off (conn);
              return G_SOURCE_REMOVE;
            }
          conn->owner->answered++;
          conn->in_start += head_bytes;
          if (!flush (conn))
            {
              connection_end (conn, TRUE);
              return G_SOURCE_REMOVE;
            }
          if (output_pending (conn))
            {
              watch (conn, G_IO_OUT);
              return G_SOURCE_CONTINUE;
            }
          if (conn->close_after)
            {
              connection_end (conn, TRUE);
              return G_SOURCE_REMOVE;
            }
          if (++answered >= REQUESTS_PER_TURN)
            {
              /* More may wait in our buffer, where no poll sees them. */
              watch (conn, G_IO_IN);
              g_source_set_ready_time (source, 0);
              return G_SOURCE_CONTINUE;
            }
          break;

        case PARSE_MORE:
          if (conn->peer_closed)
            {
              connection_end (conn, TRUE);
              return G_SOURCE_REMOVE;
            }
          if (!readable)
            {
              watch (conn, G_IO_IN);
              return G_SOURCE_CONTINUE;
            }
          {
            gsize before = conn->in_end - conn->in_start;

            if (!read_more (conn))
              {
                connection_end (conn, TRUE);
                return G_SOURCE_REMOVE;
              }
            /* A short read emptied the socket: do not ask it again. */
            if (conn->in_end < BUFFER_BYTES)
              readable = FALSE;
            if (conn->in_end - conn->in_start == before && !conn->peer_closed)
              {
                watch (conn, G_IO_IN);
                return G_SOURCE_CONTINUE;
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
connection_finalize (GSource *source)
{
  Connection *conn = (Connection *) source;

  g_clear_object (&conn->socket);
  g_free (conn->in);
  g_string_free (conn->head, TRUE);
  g_string_free (conn->headers, TRUE);
  g_clear_pointer (&conn->body, g_bytes_unref);
}

static GSourceFuncs connection_funcs = {
  .dispatch = connection_dispatch,
  .finalize = connection_finalize,
};

static void
connection_new (QmFastHttp *self,
                GSocket    *socket)
{
  Connection *conn = (Connection *) g_source_new (&connection_funcs, sizeof (Connection));

  /* Headers and body go out in one sendmsg, but a response larger than the
   * send buffer ends in a short segment that must not wait for an ACK. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  conn->owner = self;
  conn->socket = socket;
  conn->fd = g_socket_get_fd (socket);
  conn->head = g_string_sized_new (512);
  conn->headers = g_string_sized_new (256);
  conn->watching = G_IO_IN;
  conn->tag = g_source_add_unix_fd (&conn->source, conn->fd, G_IO_IN);
  g_source_set_static_name (&conn->source, "qm-fast-http connection");
  /* No main loop runs inside our dispatch; a source that may not recurse is
   * taken out of the context's descriptor list and put back around every
   * dispatch, a walk over every live connection each time. */
  g_source_set_can_recurse (&conn->source, TRUE);
  conn->link.data = conn;
  conn->defer_link.data = conn;
  g_queue_push_tail_link (&self->connections, &conn->link);
  g_source_attach (&conn->source, self->context);
  g_source_unref (&conn->source);
}

/* The listener */

static void start_accepting (QmFastHttp *self);

static gboolean
resume_accepting (gpointer user_data)
{
  QmFastHttp *self = user_data;

  self->accept_pause = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_ready (GSocket      *listener,
              GIOCondition  condition,
              gpointer      user_data)
{
  QmFastHttp *self = user_data;

  for (guint i = 0; i < ACCEPTS_PER_TURN; i++)
    {
      g_autoptr(GError) error = NULL;
      GSocket *socket = g_socket_accept (listener, NULL, &error);

      if (socket != NULL)
        {
          connection_new (self, socket);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      /* Out of descriptors, most likely: the next try would fail at once and
       * spin the main loop. */
      g_debug ("cannot accept a connection: %s", error->message);
      g_clear_pointer (&self->accept_source, g_source_unref);
      self->accept_pause = g_timeout_add (ACCEPT_PAUSE_MS, resume_accepting, self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_accepting (QmFastHttp *self)
{
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_ready), self, NULL);
  g_source_set_static_name (self->accept_source, "qm-fast-http listener");
  g_source_attach (self->accept_source, self->context);
}

/* libsoup keeps a connection open after an answer only while it has a
 * listener of its own: it gets one that nobody can reach (a Unix socket
 * whose name is gone). */
static gboolean
give_soup_a_listener (SoupServer  *soup,
                      GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("quorum-server-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean listening;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "unreachable", NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         error);
  listening = socket != NULL && g_socket_bind (socket, address, FALSE, error)
              && g_socket_listen (socket, error);
  g_unlink (path);
  g_rmdir (dir);
  return listening && soup_server_listen_socket (soup, socket, 0, error);
}

QmFastHttp *
qm_fast_http_new (GSocket     *listener,
                  SoupServer  *soup,
                  const char  *server_header,
                  QmFastServe  serve,
                  gpointer     user_data,
                  GError     **error)
{
  QmFastHttp *self;

  g_return_val_if_fail (G_IS_SOCKET (listener), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);

  if (!give_soup_a_listener (soup, error))
    {
      g_prefix_error (error, "cannot set up the HTTP server: ");
      return NULL;
    }
  self = g_new0 (QmFastHttp, 1);
  self->context = g_main_context_ref_thread_default ();
  self->listener = g_object_ref (listener);
  self->soup = g_object_ref (soup);
  self->server_header = g_strdup (server_header);
  self->serve = serve;
  self->user_data = user_data;
  self->date_second = -1;
  g_queue_init (&self->connections);
  g_queue_init (&self->deferred);
  self->resume = g_source_new (&resume_funcs, sizeof (ResumeSource));
  ((ResumeSource *) self->resume)->owner = self;
  g_source_set_static_name (self->resume, "qm-fast-http deferred connections");
  g_source_set_can_recurse (self->resume, TRUE);
  g_source_attach (self->resume, self->context);
  g_socket_set_blocking (listener, FALSE);
  start_accepting (self);
  return self;
}

void
qm_fast_http_free (QmFastHttp *self)
{
  if (self == NULL)
    return;

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  g_clear_handle_id (&self->accept_pause, g_source_remove);
  g_socket_close (self->listener, NULL);
  while (self->connections.head != NULL)
    connection_end (self->connections.head->data, TRUE);
  g_source_destroy (self->resume);
  g_clear_pointer (&self->resume, g_source_unref);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->server_header);
  g_free (self);
}

GSocket *
qm_fast_http_socket_of (SoupServerMessage *message)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (message);

  return remote != NULL ? g_object_get_data (G_OBJECT (remote), SOCKET_KEY) : NULL;
}

char *
qm_fast_http_describe (QmFastHttp *self)
{
  return g_strdup_printf ("lean document path: %" G_GUINT64_FORMAT " request(s) answered, %"
                          G_GUINT64_FORMAT " connection(s) handed to libsoup, %u open",
                          self->answered, self->handed_off,
                          g_queue_get_length (&self->connections));
}
