/* test-server-lean.c: the server's lean path for document GETs
 * (server/qm-fast-http.c) over raw sockets: pipelining, heads split across
 * many writes, garbage, the hand-over to libsoup on a busy connection, slow
 * readers and peers that go away mid-answer.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qm-test-server.h"

#define ADMIN       "root"
#define PASSWORD    "correct horse battery"
#define TIMEOUT_MS  (QM_TEST_HTTP_TIMEOUT_SECONDS * 1000)

static struct
{
  QmTestServer *server;
  guint16       port;
  char         *token;        /* ROOT: admin and secretary */
  char         *outsider;     /* a plain account that may read nothing */
  GBytes       *pdf;
  char         *docid;
} fixture;

/* Raw HTTP */

typedef struct
{
  int         fd;
  GByteArray *in;       /* received, not yet taken */
} Raw;

typedef struct
{
  guint       status;
  char       *head;     /* status line and headers */
  GBytes     *body;
} Response;

static void
response_clear (Response *response)
{
  g_free (response->head);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static Raw *
raw_connect (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (fixture.port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  Raw *raw = g_new0 (Raw, 1);
  int one = 1;

  raw->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (raw->fd, >=, 0);
  g_assert_cmpint (setsockopt (raw->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), ==, 0);
  g_assert_cmpint (connect (raw->fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  raw->in = g_byte_array_new ();
  return raw;
}

static void
raw_free (Raw *raw)
{
  if (raw->fd >= 0)
    close (raw->fd);
  g_byte_array_unref (raw->in);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)

static void
raw_send (Raw        *raw,
          const void *data,
          gsize       length)
{
  const guint8 *bytes = data;

  while (length > 0)
    {
      gssize sent = send (raw->fd, bytes, length, MSG_NOSIGNAL);

      g_assert_cmpint (sent, >, 0);
      bytes += sent;
      length -= (gsize) sent;
    }
}

static void
raw_send_str (Raw        *raw,
              const char *text)
{
  raw_send (raw, text, strlen (text));
}

/* Receives more into raw->in; FALSE at end of stream. Fails the test after
 * the timeout. */
static gboolean
raw_receive (Raw *raw)
{
  struct pollfd poller = { .fd = raw->fd, .events = POLLIN };
  guint8 chunk[65536];
  gssize received;

  if (poll (&poller, 1, TIMEOUT_MS) != 1)
    g_error ("no answer from the server within %d s", QM_TEST_HTTP_TIMEOUT_SECONDS);
  received = recv (raw->fd, chunk, sizeof chunk, 0);
  if (received < 0 && errno == ECONNRESET)
    return FALSE;
  g_assert_cmpint (received, >=, 0);
  g_byte_array_append (raw->in, chunk, (guint) received);
  return received > 0;
}

/* Whether the server closed the connection (after anything already taken). */
static gboolean
raw_closed (Raw *raw)
{
  while (raw->in->len == 0)
    if (!raw_receive (raw))
      return TRUE;
  return FALSE;
}

/* Reads one response (with a Content-Length body; none after a HEAD or a
 * 304). FALSE when the connection ends before a complete one. */
static gboolean
raw_read_response (Raw      *raw,
                   gboolean  head_request,
                   Response *response)
{
  const guint8 *blank;
  gsize head_bytes;
  guint64 length = 0;
  g_auto(GStrv) lines = NULL;

  memset (response, 0, sizeof *response);
  /* Heads hold no NUL, and the bytes before one are always a head. */
  while (raw->in->len == 0
         || (blank = (const guint8 *) g_strstr_len ((const char *) raw->in->data, raw->in->len,
                                                    "\r\n\r\n")) == NULL)
    if (!raw_receive (raw))
      return FALSE;

  head_bytes = (gsize) (blank - raw->in->data);
  response->head = g_strndup ((const char *) raw->in->data, head_bytes);
  g_byte_array_remove_range (raw->in, 0, (guint) head_bytes + 4);

  lines = g_strsplit (response->head, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "HTTP/1."));
  response->status = (guint) g_ascii_strtoull (lines[0] + 9, NULL, 10);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
      length = g_ascii_strtoull (lines[i] + 15, NULL, 10);
  if (head_request || response->status == 304)
    length = 0;

  while (raw->in->len < length)
    if (!raw_receive (raw))
      return FALSE;
  response->body = g_bytes_new (raw->in->data, length);
  g_byte_array_remove_range (raw->in, 0, (guint) length);
  return TRUE;
}

/* The value of a response header, or NULL. */
static char *
header_of (const Response *response,
           const char     *name)
{
  g_auto(GStrv) lines = g_strsplit (response->head, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize) (colon - lines[i]) == strlen (name)
          && g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

/* "GET /api/v1/documents/ID" with the root token and extra header lines. */
static char *
document_get (const char *docid,
              const char *token,
              const char *extra)
{
  return g_strdup_printf ("GET /api/v1/documents/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n%s\r\n",
                          docid, token, extra != NULL ? extra : "");
}

static char *
range_get (gsize first,
           gsize last)
{
  g_autofree char *range = g_strdup_printf ("Range: bytes=%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                            "\r\n", first, last);

  return document_get (fixture.docid, fixture.token, range);
}

static void
assert_range (const Response *response,
              gsize           first,
              gsize           last)
{
  g_autoptr(GBytes) expected = g_bytes_new_from_bytes (fixture.pdf, first, last - first + 1);
  g_autofree char *content_range = header_of (response, "Content-Range");
  g_autofree char *wanted = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%"
                                             G_GSIZE_FORMAT, first, last,
                                             g_bytes_get_size (fixture.pdf));

  g_assert_cmpuint (response->status, ==, 206);
  g_assert_cmpstr (content_range, ==, wanted);
  g_assert_true (g_bytes_equal (response->body, expected));
}

static void
assert_whole (const Response *response)
{
  g_autofree char *etag = header_of (response, "ETag");
  g_autofree char *wanted = g_strdup_printf ("\"%s\"", fixture.docid);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (etag, ==, wanted);
  g_assert_true (g_bytes_equal (response->body, fixture.pdf));
}

/* On a new connection: the server still answers a range and its health. */
static void
assert_serving (void)
{
  g_autoptr(Raw) raw = raw_connect ();
  g_autofree char *get = range_get (10, 19);
  g_auto(Response) range = { 0 };
  g_auto(Response) health = { 0 };

  raw_send_str (raw, get);
  g_assert_true (raw_read_response (raw, FALSE, &range));
  assert_range (&range, 10, 19);
  raw_send_str (raw, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  g_assert_true (raw_read_response (raw, FALSE, &health));
  g_assert_cmpuint (health.status, ==, 200);
}

/* Tests */

/* The lean path's answers carry what libsoup's did, header for header. */
static void
test_headers (void)
{
  g_autoptr(Raw) raw = raw_connect ();
  g_autofree char *get = range_get (0, 99);
  g_autofree char *whole = document_get (fixture.docid, fixture.token, NULL);
  g_autofree char *etag_line = g_strdup_printf ("If-None-Match: W/\"x\", \"%s\"\r\n", fixture.docid);
  g_autofree char *cached = document_get (fixture.docid, fixture.token, etag_line);
  g_auto(Response) range = { 0 };
  g_auto(Response) all = { 0 };
  g_auto(Response) not_modified = { 0 };
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) order = g_string_new (NULL);

  raw_send_str (raw, get);
  g_assert_true (raw_read_response (raw, FALSE, &range));
  assert_range (&range, 0, 99);
  names = g_strsplit (range.head, "\r\n", -1);
  for (guint i = 1; names[i] != NULL; i++)
    {
      *strchr (names[i], ':') = '\0';
      g_string_append_printf (order, "%s%s", i > 1 ? " " : "", names[i]);
    }
  g_assert_cmpstr (order->str, ==, "Server Date WWW-Authenticate ETag Cache-Control "
                                   "Accept-Ranges Content-Type Content-Range Content-Length");
  {
    g_autofree char *cache = header_of (&range, "Cache-Control");
    g_autofree char *type = header_of (&range, "Content-Type");
    g_autofree char *accept = header_of (&range, "Accept-Ranges");
    g_autofree char *date = header_of (&range, "Date");

    g_assert_cmpstr (cache, ==, "private, no-cache");
    g_assert_cmpstr (type, ==, "application/pdf");
    g_assert_cmpstr (accept, ==, "bytes");
    g_assert_true (g_str_has_suffix (date, " GMT"));
  }

  raw_send_str (raw, whole);
  g_assert_true (raw_read_response (raw, FALSE, &all));
  assert_whole (&all);

  raw_send_str (raw, cached);
  g_assert_true (raw_read_response (raw, FALSE, &not_modified));
  g_assert_cmpuint (not_modified.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (not_modified.body), ==, 0);
  g_assert_true (strstr (not_modified.head, "\r\nContent-Length: 0") != NULL);
  g_assert_null (strstr (not_modified.head, "Content-Type"));
}

/* Many requests in one write, answered in order; the health check in the
 * middle moves the connection to libsoup, which answers the rest. */
static void
test_pipelined (void)
{
  g_autoptr(Raw) raw = raw_connect ();
  g_autoptr(GString) burst = g_string_new (NULL);
  gsize size = g_bytes_get_size (fixture.pdf);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *get = range_get (i * 7, i * 7 + 99);

      g_string_append (burst, get);
    }
  g_string_append (burst, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  {
    g_autofree char *get = range_get (size - 50, size - 1);

    g_string_append (burst, get);
  }
  raw_send (raw, burst->str, burst->len);

  for (guint i = 0; i < 40; i++)
    {
      g_auto(Response) response = { 0 };

      g_assert_true (raw_read_response (raw, FALSE, &response));
      assert_range (&response, i * 7, i * 7 + 99);
    }
  {
    g_auto(Response) health = { 0 };
    g_auto(Response) last = { 0 };

    g_assert_true (raw_read_response (raw, FALSE, &health));
    g_assert_cmpuint (health.status, ==, 200);
    g_assert_true (strstr (health.head, "application/json") != NULL);
    g_assert_true (raw_read_response (raw, FALSE, &last));
    assert_range (&last, size - 50, size - 1);
  }
}

/* One byte per write: the head arrives in pieces, twice over. */
static void
test_split_head (void)
{
  g_autoptr(Raw) raw = raw_connect ();
  g_autofree char *get = range_get (100, 199);

  for (guint round = 0; round < 2; round++)
    {
      g_auto(Response) response = { 0 };

      for (gsize i = 0; get[i] != '\0'; i++)
        {
          struct pollfd poller = { .fd = raw->fd, .events = POLLIN };

          raw_send (raw, get + i, 1);
          /* Nothing may come back before the head is complete; the wait
           * also makes each byte its own read on the server. */
          if (get[i + 1] != '\0')
            g_assert_cmpint (poll (&poller, 1, 1), ==, 0);
        }
      g_assert_true (raw_read_response (raw, FALSE, &response));
      assert_range (&response, 100, 199);
    }
}

/* Heads the lean path does not take go to libsoup, which answers them as
 * it always did; the server keeps serving. */
static void
test_garbage (void)
{
  g_autofree char *no_host = g_strdup_printf ("GET /api/v1/documents/%s HTTP/1.1\r\n"
                                              "Authorization: Bearer %s\r\n\r\n",
                                              fixture.docid, fixture.token);
  g_autofree char *no_colon = document_get (fixture.docid, fixture.token, "Range bytes=0-1\r\n");
  g_autofree char *folded = document_get (fixture.docid, fixture.token,
                                          "Range: bytes=0-1\r\n X-Folded: yes\r\n");
  /* What libsoup 3.2 makes of each: a 404 from our own catch-all, 400 for
   * what it cannot parse, and a line without a colon or a folded line are
   * dropped or joined, which leaves no usable Range: the whole document. */
  const struct
  {
    const char *head;
    guint       status;
  } odd[] = {
    { "BREW /pot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404 },
    { "\x01\x02\x03\x04 garbage\r\n\r\n", 400 },
    { no_host, 400 },
    { no_colon, 200 },
    { folded, 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(Raw) raw = raw_connect ();
      g_auto(Response) response = { 0 };

      raw_send_str (raw, odd[i].head);
      g_assert_true (raw_read_response (raw, FALSE, &response));
      g_assert_cmpuint (response.status, ==, odd[i].status);
      if (odd[i].status == 200)
        assert_whole (&response);
      if (odd[i].status == 400)
        g_assert_true (raw_closed (raw));
      assert_serving ();
    }

  /* A head longer than the lean path reads is libsoup's to judge. */
  {
    g_autoptr(Raw) raw = raw_connect ();
    g_autofree char *filler = g_strnfill (12000, 'x');
    g_autofree char *header = g_strdup_printf ("X-Filler: %s\r\nRange: bytes=5-9\r\n", filler);
    g_autofree char *get = document_get (fixture.docid, fixture.token, header);
    g_auto(Response) response = { 0 };

    raw_send_str (raw, get);
    g_assert_true (raw_read_response (raw, FALSE, &response));
    assert_range (&response, 5, 9);
  }

  /* A client that sends half a head and goes away. */
  {
    g_autoptr(Raw) raw = raw_connect ();

    raw_send_str (raw, "GET /api/v1/documents/");
    close (raw->fd);
    raw->fd = -1;
    assert_serving ();
  }
}

/* After document GETs on the lean path, the same connection creates a
 * meeting, asks for its account, and downloads again (now through libsoup). */
static void
test_hand_over (void)
{
  g_autoptr(Raw) raw = raw_connect ();
  g_autofree char *get = range_get (0, 9);
  g_autofree char *me = g_strdup_printf ("GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                         "Authorization: Bearer %s\r\n\r\n", fixture.token);
  const char *create_body = "{\"title\":\"Lean\",\"starts_at\":\"2026-12-01T09:00:00+07:00\","
                            "\"location\":\"Hall\"}";
  g_autofree char *create = g_strdup_printf ("POST /api/v1/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             "Authorization: Bearer %s\r\n"
                                             "Content-Type: application/json\r\n"
                                             "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                                             fixture.token, strlen (create_body), create_body);

  for (guint i = 0; i < 3; i++)
    {
      g_auto(Response) response = { 0 };

      raw_send_str (raw, get);
      g_assert_true (raw_read_response (raw, FALSE, &response));
      assert_range (&response, 0, 9);
    }
  {
    g_auto(Response) created = { 0 };
    g_auto(Response) account = { 0 };
    g_auto(Response) again = { 0 };
    g_autoptr(QmMeeting) meeting = NULL;
    g_autoptr(QmUser) user = NULL;

    /* The body comes in a second write: libsoup must read it from the socket
     * after the replayed head. */
    raw_send (raw, create, strlen (create) - strlen (create_body));
    raw_send_str (raw, create_body);
    g_assert_true (raw_read_response (raw, FALSE, &created));
    g_assert_cmpuint (created.status, ==, 201);
    meeting = qm_test_parse (created.body, (gpointer) qm_meeting_parse);
    g_assert_cmpstr (meeting->title, ==, "Lean");

    raw_send_str (raw, me);
    g_assert_true (raw_read_response (raw, FALSE, &account));
    g_assert_cmpuint (account.status, ==, 200);
    user = qm_test_parse (account.body, (gpointer) qm_user_parse);
    g_assert_cmpstr (user->username, ==, ADMIN);

    raw_send_str (raw, get);
    g_assert_true (raw_read_response (raw, FALSE, &again));
    assert_range (&again, 0, 9);
  }
}

/* Errors are libsoup's: the same status, code and headers as before. */
static void
test_errors (void)
{
  const char *no_such = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autofree char *outside = g_strdup_printf ("Range: bytes=%" G_GSIZE_FORMAT "-\r\n",
                                              g_bytes_get_size (fixture.pdf));
  struct
  {
    char       *request;
    guint       status;
    const char *code;
  } cases[] = {
    { document_get (fixture.docid, fixture.outsider, "Range: bytes=0-9\r\n"), 404, "not_found" },
    { document_get (no_such, fixture.token, "Range: bytes=0-9\r\n"), 404, "not_found" },
    { document_get (fixture.docid, "not-a-token", "Range: bytes=0-9\r\n"), 401, "unauthorized" },
    { document_get (fixture.docid, fixture.token, outside), 416, "range_not_satisfiable" },
    { g_strdup_printf ("HEAD /api/v1/documents/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Authorization: Bearer %s\r\n\r\n", fixture.docid, fixture.token),
      404, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Raw) raw = raw_connect ();
      g_auto(Response) response = { 0 };

      raw_send_str (raw, cases[i].request);
      g_assert_true (raw_read_response (raw, g_str_has_prefix (cases[i].request, "HEAD"),
                                        &response));
      g_assert_cmpuint (response.status, ==, cases[i].status);
      if (cases[i].code != NULL)
        {
          g_autofree char *code = qm_test_error_code (response.body);

          g_assert_cmpstr (code, ==, cases[i].code);
        }
      if (cases[i].status == 416)
        {
          g_autofree char *content_range = header_of (&response, "Content-Range");
          g_autofree char *wanted = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT,
                                                     g_bytes_get_size (fixture.pdf));

          g_assert_cmpstr (content_range, ==, wanted);
        }
      g_free (cases[i].request);
    }
}

/* Connection: close, HTTP/1.0, and a client that shuts down its side after
 * its request: each gets its answer, then the end of the connection. */
static void
test_closing (void)
{
  g_autofree char *closing = document_get (fixture.docid, fixture.token,
                                           "Range: bytes=0-9\r\nConnection: keep-alive, Close\r\n");
  g_autofree char *old = g_strdup_printf ("GET /api/v1/documents/%s HTTP/1.0\r\n"
                                          "Authorization: Bearer %s\r\nRange: bytes=0-9\r\n\r\n",
                                          fixture.docid, fixture.token);
  g_autofree char *get = range_get (0, 9);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Raw) raw = raw_connect ();
      g_auto(Response) response = { 0 };

      raw_send_str (raw, i == 0 ? closing : i == 1 ? old : get);
      if (i == 2)
        g_assert_cmpint (shutdown (raw->fd, SHUT_WR), ==, 0);
      g_assert_true (raw_read_response (raw, FALSE, &response));
      assert_range (&response, 0, 9);
      g_assert_true (raw_closed (raw));
    }
}

/* A client that stops reading in the middle of many large answers holds up
 * nobody else, and gets every byte once it reads again; one that leaves in
 * the middle of an answer costs nothing. The answers add up to more than
 * any socket buffers on either side (Linux tops out near 10 MiB), so the
 * server must wait for this client. */
static void
test_slow_reader (void)
{
  g_autoptr(GBytes) big = qm_test_make_pdf (800, "Big", 12);
  g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.token, "big.pdf", big);
  g_autofree char *whole = document_get (document->id, fixture.token, NULL);
  g_autoptr(GString) burst = g_string_new (NULL);
  guint n = (guint) ((24u << 20) / g_bytes_get_size (big)) + 1;
  g_autoptr(Raw) slow = raw_connect ();

  g_assert_cmpuint (n, <=, 100);
  for (guint i = 0; i < n; i++)
    g_string_append (burst, whole);

  raw_send (slow, burst->str, burst->len);
  assert_serving ();
  for (guint i = 0; i < n; i++)
    {
      g_auto(Response) response = { 0 };

      g_assert_true (raw_read_response (slow, FALSE, &response));
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_true (g_bytes_equal (response.body, big));
    }

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Raw) gone = raw_connect ();
      struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };

      raw_send (gone, burst->str, burst->len);
      g_assert_true (raw_receive (gone));
      /* A reset at once, or an orderly close with unread data (a reset too,
       * once the server writes again). */
      if (i % 2 == 0)
        g_assert_cmpint (setsockopt (gone->fd, SOL_SOCKET, SO_LINGER, &abort_close,
                                     sizeof abort_close), ==, 0);
      close (gone->fd);
      gone->fd = -1;
    }
  assert_serving ();
}

/* Permission changes reach the lean path at once: a logged-out token. */
static void
test_logout (void)
{
  g_autofree char *token = qm_test_login (fixture.server, ADMIN, PASSWORD);
  g_autofree char *get = document_get (fixture.docid, token, "Range: bytes=0-9\r\n");
  g_autoptr(Raw) raw = raw_connect ();
  g_auto(Response) before = { 0 };
  g_auto(Response) after = { 0 };
  guint status;

  raw_send_str (raw, get);
  g_assert_true (raw_read_response (raw, FALSE, &before));
  assert_range (&before, 0, 9);
  {
    g_autoptr(GBytes) body = qm_test_json (fixture.server, "POST", "/api/v1/logout", token,
                                           NULL, &status);

    qm_test_assert_status (body, status, 204);
  }
  raw_send_str (raw, get);
  g_assert_true (raw_read_response (raw, FALSE, &after));
  g_assert_cmpuint (after.status, ==, 401);
}

/* Who may read a document changes with every committed change, and the
 * next request sees it (the store remembers answers between changes). */
static void
test_access_changes (void)
{
  g_autoptr(QmUser) reader = qm_test_create_user (fixture.server, fixture.token, "reader",
                                                  PASSWORD, 0);
  g_autofree char *token = qm_test_login (fixture.server, "reader", PASSWORD);
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.token,
                                                         "Access", NULL);
  g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.token, meeting->id,
                                                   "Read this");
  g_autofree char *get = document_get (fixture.docid, token, "Range: bytes=0-9\r\n");
  g_autofree char *participant = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT
                                                  "/participants/%" G_GINT64_FORMAT,
                                                  meeting->id, reader->id);
  g_autofree char *detach = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/agenda/%"
                                             G_GINT64_FORMAT "/documents/%s",
                                             meeting->id, item->id, fixture.docid);
  g_autoptr(Raw) raw = raw_connect ();
  /* Each step, then the status the reader's next request must get. */
  enum { ADD, ATTACH, REMOVE, READD, DETACH, N_STEPS };
  const guint expected[N_STEPS] = { 404, 206, 404, 206, 404 };

  for (guint step = 0; step < N_STEPS; step++)
    {
      guint status = 0;

      switch (step)
        {
        case ADD:
        case READD:
          {
            g_autoptr(QmParticipant) added =
              qm_test_put_participant (fixture.server, fixture.token, meeting->id, reader->id,
                                       "observer");
          }
          break;
        case ATTACH:
          {
            g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.token,
                                                               meeting->id, item->id,
                                                               fixture.docid);
          }
          break;
        case REMOVE:
        case DETACH:
          {
            g_autoptr(GBytes) body = qm_test_json (fixture.server, "DELETE",
                                                   step == REMOVE ? participant : detach,
                                                   fixture.token, NULL, &status);

            qm_test_assert_status (body, status, 204);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      /* Asked twice: the second answer comes from what was remembered. */
      for (guint again = 0; again < 2; again++)
        {
          g_auto(Response) asked = { 0 };

          raw_send_str (raw, get);
          g_assert_true (raw_read_response (raw, FALSE, &asked));
          g_assert_cmpuint (asked.status, ==, expected[step]);
          if (asked.status != 206)
            {
              /* libsoup answered and keeps the connection: ask on a new one. */
              g_clear_pointer (&raw, raw_free);
              raw = raw_connect ();
            }
        }
    }
}

int
main (int    argc,
      char **argv)
{
  QmTestServerOptions options = { .admin_username = ADMIN, .admin_password = PASSWORD };
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(QmUser) outsider = NULL;
  g_autoptr(GUri) uri = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture.server = qm_test_server_new (&options);
  uri = g_uri_parse (qm_test_server_get_url (fixture.server), G_URI_FLAGS_NONE, NULL);
  fixture.port = (guint16) g_uri_get_port (uri);
  fixture.token = qm_test_login (fixture.server, ADMIN, PASSWORD);
  outsider = qm_test_create_user (fixture.server, fixture.token, "outsider", PASSWORD, 0);
  fixture.outsider = qm_test_login (fixture.server, "outsider", PASSWORD);
  fixture.pdf = qm_test_make_pdf (30, "Lean", 11);
  document = qm_test_upload (fixture.server, fixture.token, "lean.pdf", fixture.pdf);
  fixture.docid = g_strdup (document->id);

  g_test_add_func ("/quorum/server/lean/headers", test_headers);
  g_test_add_func ("/quorum/server/lean/pipelined", test_pipelined);
  g_test_add_func ("/quorum/server/lean/split-head", test_split_head);
  g_test_add_func ("/quorum/server/lean/garbage", test_garbage);
  g_test_add_func ("/quorum/server/lean/hand-over", test_hand_over);
  g_test_add_func ("/quorum/server/lean/errors", test_errors);
  g_test_add_func ("/quorum/server/lean/closing", test_closing);
  g_test_add_func ("/quorum/server/lean/slow-reader", test_slow_reader);
  g_test_add_func ("/quorum/server/lean/logout", test_logout);
  g_test_add_func ("/quorum/server/lean/access-changes", test_access_changes);
  status = g_test_run ();

  qm_test_server_free (fixture.server);
  g_free (fixture.token);
  g_free (fixture.outsider);
  g_free (fixture.docid);
  g_bytes_unref (fixture.pdf);
  return status;
}
