/* bench-common.c: the server under test, a blocking HTTP/1.1 client for
 * set-up, and the epoll load driver shared by the Quorum benchmarks.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-common.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* Hard limits on every wait; none of them is a fixed sleep. */
#define START_TIMEOUT_US    (30 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US     (10 * G_USEC_PER_SEC)
#define SOCKET_TIMEOUT_S    60
#define POLL_STEP_US        5000
#define MAX_HEAD_BYTES      16384

G_DEFINE_QUARK (qm-bench-error-quark, qm_bench_error)

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (QM_BENCH_ERROR, 0, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_errno (GError    **error,
            const char *what)
{
  int saved = errno;

  return fail (error, "%s: %s", what, g_strerror (saved));
}

/* Processes */

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* Waits up to timeout_us for pid to exit; TRUE and its status if it did. */
static gboolean
wait_exit (GPid    pid,
           gint64  timeout_us,
           int    *out_status)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      pid_t done = waitpid (pid, out_status, WNOHANG);

      if (done == pid || (done < 0 && errno != EINTR))
        return done == pid;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (POLL_STEP_US);
    }
}

void
qm_bench_process_free (QmBenchProcess *process)
{
  int status;

  if (process == NULL)
    return;
  if (process->pid > 0)
    {
      kill (process->pid, SIGTERM);
      if (!wait_exit (process->pid, STOP_TIMEOUT_US, &status))
        {
          g_printerr ("bench: pid %d ignored SIGTERM; killing it\n", (int) process->pid);
          kill (process->pid, SIGKILL);
          wait_exit (process->pid, STOP_TIMEOUT_US, &status);
        }
      g_spawn_close_pid (process->pid);
    }
  if (process->stdout_fd >= 0)
    close (process->stdout_fd);
  /* QUORUM_BENCH_KEEP_LOG=FILE: the server's log is copied there first. */
  if (process->log_path != NULL && g_getenv ("QUORUM_BENCH_KEEP_LOG") != NULL)
    {
      g_autofree char *log = NULL;
      gsize length = 0;

      if (g_file_get_contents (process->log_path, &log, &length, NULL))
        g_file_set_contents (g_getenv ("QUORUM_BENCH_KEEP_LOG"), log, (gssize) length, NULL);
    }
  if (process->dir != NULL)
    remove_tree (process->dir);
  g_free (process->dir);
  g_free (process->log_path);
  g_free (process);
}

static QmBenchProcess *
process_new (GError **error)
{
  g_autoptr(QmBenchProcess) process = g_new0 (QmBenchProcess, 1);

  process->stdout_fd = -1;
  process->dir = g_dir_make_tmp ("quorum-bench-XXXXXX", error);
  if (process->dir == NULL)
    return NULL;
  return g_steal_pointer (&process);
}

double
qm_bench_process_cpu_seconds (QmBenchProcess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) process->pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL)
      || (after_name = strrchr (contents, ')')) == NULL)
    return 0;
  /* After the name: state is field 3, utime 14 and stime 15 of proc(5). */
  fields = g_strsplit (after_name + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

gboolean
qm_bench_process_schedstat (QmBenchProcess *process,
                            gint64         *out_cpu_ns,
                            gint64         *out_wait_ns)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/schedstat", (int) process->pid,
                                           (int) process->pid);
  g_autofree char *contents = NULL;
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  *out_cpu_ns = g_ascii_strtoll (contents, &end, 10);
  *out_wait_ns = g_ascii_strtoll (end, NULL, 10);
  return TRUE;
}

const char *
qm_bench_server_path (int    argc,
                      char **argv)
{
  const char *path = g_getenv ("QUORUM_SERVER");

  if (path != NULL && path[0] != '\0')
    return path;
  return argc > 1 ? argv[1] : NULL;
}

char *
qm_bench_read_line (int      fd,
                    gint64   deadline,
                    GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();
      char c;
      ssize_t n;

      if (left <= 0)
        {
          fail (error, "no whole line in time (got “%s”)", line->str);
          return NULL;
        }
      if (poll (&pfd, 1, (int) (left / 1000) + 1) < 0 && errno != EINTR)
        {
          fail_errno (error, "poll");
          return NULL;
        }
      if (!(pfd.revents & (POLLIN | POLLHUP)))
        continue;
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          fail (error, "the output ended before a whole line (got “%s”)", line->str);
          return NULL;
        }
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_append_c (line, c);
    }
}

static gboolean
create_admin (const char  *server_path,
              const char  *data_dir,
              const char  *admin,
              const char  *password,
              GError     **error)
{
  const char *argv[] = { server_path, "--data-dir", data_dir, "--create-admin", admin, NULL };
  g_autofree char *line = g_strconcat (password, "\n", NULL);
  GPid pid;
  int in_fd, out_fd, status;
  gboolean exited;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, &in_fd, &out_fd, NULL, error))
    return FALSE;
  if (write (in_fd, line, strlen (line)) != (ssize_t) strlen (line))
    g_printerr ("bench: could not hand --create-admin its password\n");
  close (in_fd);
  exited = wait_exit (pid, START_TIMEOUT_US, &status);
  if (!exited)
    {
      kill (pid, SIGKILL);
      wait_exit (pid, STOP_TIMEOUT_US, &status);
    }
  close (out_fd);
  g_spawn_close_pid (pid);
  if (!exited || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return fail (error, "%s --create-admin failed", server_path);
  return TRUE;
}

QmBenchProcess *
qm_bench_server_start (const char  *server_path,
                       const char  *admin,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(QmBenchProcess) process = process_new (error);
  g_autofree char *data_dir = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "quorum-server listening on http://127.0.0.1:";
  const char *argv[] = { server_path, "--data-dir", NULL, "--listen", "127.0.0.1:0", NULL };
  guint64 port;
  gboolean spawned;
  int log_fd;

  if (process == NULL)
    return NULL;
  data_dir = g_build_filename (process->dir, "data", NULL);
  argv[2] = data_dir;
  if (!create_admin (server_path, data_dir, admin, password, error))
    return NULL;

  /* The log goes to a file: a pipe nobody reads would block the server. */
  process->log_path = g_build_filename (process->dir, "server.log", NULL);
  log_fd = open (process->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0)
    {
      fail_errno (error, "creating the server's log");
      return NULL;
    }
  spawned = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                              NULL, -1, -1, log_fd, NULL, NULL, 0,
                                              &process->pid, NULL, &process->stdout_fd, NULL,
                                              error);
  close (log_fd);
  if (!spawned)
    return NULL;
  line = qm_bench_read_line (process->stdout_fd, g_get_monotonic_time () + START_TIMEOUT_US, error);
  if (line == NULL)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (process->log_path, &log, NULL, NULL);
      g_prefix_error (error, "%s did not start (its log: %s): ", server_path,
                      log != NULL ? log : "none");
      return NULL;
    }
  if (!g_str_has_prefix (line, prefix)
      || (port = g_ascii_strtoull (line + strlen (prefix), NULL, 10)) == 0 || port > G_MAXUINT16)
    {
      fail (error, "unexpected first line from the server: “%s”", line);
      return NULL;
    }
  process->port = (guint16) port;
  return g_steal_pointer (&process);
}

static guint
count_status_lines (const char  *log,
                    const char **last)
{
  const char *marker = "status: main loop ";
  guint count = 0;

  for (const char *at = log; (at = strstr (at, marker)) != NULL; at += strlen (marker))
    {
      *last = at;
      count++;
    }
  return count;
}

char *
qm_bench_server_status (QmBenchProcess  *process,
                        GError         **error)
{
  g_autofree char *log = NULL;
  const char *last = NULL;
  guint before;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (process->log_path == NULL)
    {
      fail (error, "not a quorum-server started by the benchmark");
      return NULL;
    }
  if (!g_file_get_contents (process->log_path, &log, NULL, error))
    return NULL;
  before = count_status_lines (log, &last);
  kill (process->pid, SIGUSR1);
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&log, g_free);
      if (!g_file_get_contents (process->log_path, &log, NULL, error))
        return NULL;
      if (count_status_lines (log, &last) > before && strchr (last, '\n') != NULL)
        return g_strndup (last, strchr (last, '\n') - last);
      g_usleep (POLL_STEP_US);
    }
  fail (error, "the server did not report its status within 10 s");
  return NULL;
}

/* A port that was free a moment ago; nginx cannot report the one it picks. */
static guint16
free_port (GError **error)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint16 port = 0;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0)
    fail_errno (error, "socket");
  else if (bind (fd, (struct sockaddr *) &address, sizeof address) < 0
           || getsockname (fd, (struct sockaddr *) &address, &length) < 0)
    fail_errno (error, "finding a free port");
  else
    port = ntohs (address.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

QmBenchProcess *
qm_bench_nginx_start (const char  *nginx_path,
                      const char  *url_path,
                      const char  *file,
                      GError     **error)
{
  g_autoptr(QmBenchProcess) process = process_new (error);
  g_autofree char *conf_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *conf = NULL;
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  const char *argv[] = { nginx_path, "-p", NULL, "-c", NULL, "-e", NULL, NULL };

  if (process == NULL || (process->port = free_port (error)) == 0)
    return NULL;
  conf_path = g_build_filename (process->dir, "nginx.conf", NULL);
  log_path = g_build_filename (process->dir, "error.log", NULL);
  /* One process, like quorum-server's one main loop; as root, master_process
   * off also keeps it from switching to a user who cannot read our temp dir.
   * No tcp_nopush: with it every 64 KiB range waited ~40 ms for its last
   * segment (TCP_CORK), and nginx served 480 ranges/s instead of ~20 000. */
  conf = g_strdup_printf ("daemon off;\n"
                          "master_process off;\n"
                          "worker_processes 1;\n"
                          "pid %1$s/nginx.pid;\n"
                          "error_log %1$s/error.log warn;\n"
                          "events { worker_connections 1024; }\n"
                          "http {\n"
                          "  access_log off;\n"
                          "  sendfile on;\n"
                          "  tcp_nodelay on;\n"
                          "  keepalive_requests 10000000;\n"
                          "  keepalive_timeout 300s;\n"
                          "  client_body_temp_path %1$s/body;\n"
                          "  proxy_temp_path %1$s/proxy;\n"
                          "  fastcgi_temp_path %1$s/fastcgi;\n"
                          "  uwsgi_temp_path %1$s/uwsgi;\n"
                          "  scgi_temp_path %1$s/scgi;\n"
                          "  default_type application/pdf;\n"
                          "  server {\n"
                          "    listen 127.0.0.1:%2$u;\n"
                          "    location = %3$s { alias %4$s; }\n"
                          "  }\n"
                          "}\n",
                          process->dir, process->port, url_path, file);
  if (!g_file_set_contents (conf_path, conf, -1, error))
    return NULL;
  argv[2] = process->dir;
  argv[4] = conf_path;
  argv[6] = log_path;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &process->pid, NULL, &process->stdout_fd, NULL, error))
    return NULL;

  for (;;)
    {
      g_autoptr(GError) connect_error = NULL;
      int status;
      int fd = qm_bench_connect (process->port, &connect_error);

      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&process);
        }
      if (waitpid (process->pid, &status, WNOHANG) == process->pid)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          process->pid = 0;
          fail (error, "nginx exited at start: %s", log != NULL ? log : "(no log)");
          return NULL;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          fail (error, "nginx is not accepting on port %u", process->port);
          return NULL;
        }
      g_usleep (POLL_STEP_US);
    }
}

/* HTTP */

void
qm_bench_response_free (QmBenchResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

int
qm_bench_connect (guint16   port,
                  GError  **error)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct timeval timeout = { SOCKET_TIMEOUT_S, 0 };
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0)
    {
      fail_errno (error, "socket");
      return -1;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) < 0)
    {
      fail_errno (error, "connect to 127.0.0.1");
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
write_all (int            fd,
           gconstpointer  data,
           gsize          length,
           GError       **error)
{
  const char *p = data;

  while (length > 0)
    {
      ssize_t n = send (fd, p, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return fail_errno (error, "sending a request");
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* The end of the head ("\r\n\r\n" included) in data, or 0. */
static gsize
find_head_end (const char *data,
               gsize       length,
               gsize       searched)
{
  gsize i = searched > 3 ? searched - 3 : 0;

  for (; i + 4 <= length; i++)
    if (data[i] == '\r' && memcmp (data + i, "\r\n\r\n", 4) == 0)
      return i + 4;
  return 0;
}

static gboolean
header_is (const char *line,
           gsize       length,
           const char *name,
           const char **out_value)
{
  gsize name_length = strlen (name);

  if (length <= name_length || line[name_length] != ':'
      || g_ascii_strncasecmp (line, name, name_length) != 0)
    return FALSE;
  *out_value = line + name_length + 1;
  while (*out_value < line + length && (**out_value == ' ' || **out_value == '\t'))
    (*out_value)++;
  return TRUE;
}

/* Reads the status, Content-Length and Connection: close from a head that
 * ends with "\r\n\r\n", without allocating. */
static gboolean
parse_head (const char  *head,
            gsize        length,
            guint       *out_status,
            gint64      *out_content_length,
            gboolean    *out_closes,
            GError     **error)
{
  const char *end = head + length;
  const char *line = head;
  gboolean first = TRUE;

  *out_content_length = -1;
  *out_closes = FALSE;
  while (line < end)
    {
      const char *eol = memchr (line, '\r', (gsize) (end - line));
      gsize n = (gsize) (eol - line);
      const char *value;

      if (eol == NULL)
        break;
      if (first)
        {
          if (n < 12 || strncmp (line, "HTTP/1.", 7) != 0 || line[8] != ' '
              || !g_ascii_isdigit (line[9]) || !g_ascii_isdigit (line[10])
              || !g_ascii_isdigit (line[11]))
            return fail (error, "not an HTTP/1.x status line: “%.*s”", (int) MIN (n, 80), line);
          *out_status = (guint) ((line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0'));
          first = FALSE;
        }
      else if (header_is (line, n, "Content-Length", &value))
        *out_content_length = g_ascii_strtoll (value, NULL, 10);
      else if (header_is (line, n, "Transfer-Encoding", &value))
        return fail (error, "the benchmark client reads Content-Length bodies only, got %.*s",
                     (int) n, line);
      else if (header_is (line, n, "Connection", &value))
        *out_closes = g_ascii_strncasecmp (value, "close", 5) == 0;
      line = eol + 2;
    }
  if (first)
    return fail (error, "an empty response head");
  /* 1xx, 204 and 304 have no body. */
  if (*out_content_length < 0
      && (*out_status < 200 || *out_status == 204 || *out_status == 304))
    *out_content_length = 0;
  if (*out_content_length < 0)
    return fail (error, "a %u response without Content-Length", *out_status);
  return TRUE;
}

static gboolean
read_response (int               fd,
               QmBenchResponse  *response,
               GError          **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  gsize head_end = 0;
  gint64 content_length;
  gboolean closes;
  char chunk[65536];

  while (head_end == 0)
    {
      gsize searched = buffer->len;
      ssize_t n = recv (fd, chunk, sizeof chunk, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail_errno (error, "reading a response");
      if (n == 0)
        return fail (error, "the server closed the connection");
      g_byte_array_append (buffer, (guint8 *) chunk, (guint) n);
      head_end = find_head_end ((char *) buffer->data, buffer->len, searched);
      if (head_end == 0 && buffer->len > MAX_HEAD_BYTES)
        return fail (error, "a response head over %d bytes", MAX_HEAD_BYTES);
    }
  if (!parse_head ((char *) buffer->data, head_end, &response->status, &content_length, &closes,
                   error))
    return FALSE;
  g_byte_array_remove_range (buffer, 0, (guint) head_end);
  while (buffer->len < (guint64) content_length)
    {
      ssize_t n = recv (fd, chunk, MIN (sizeof chunk, (guint64) content_length - buffer->len), 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return fail (error, "the response body ended early");
      g_byte_array_append (buffer, (guint8 *) chunk, (guint) n);
    }
  if (buffer->len != (guint64) content_length)
    return fail (error, "more bytes than Content-Length");
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

QmBenchResponse *
qm_bench_request (int            fd,
                  const char    *method,
                  const char    *path,
                  const char    *token,
                  const char    *content_type,
                  gconstpointer  body,
                  gsize          length,
                  GError       **error)
{
  g_autoptr(QmBenchResponse) response = g_new0 (QmBenchResponse, 1);
  g_autoptr(GString) head = g_string_new (NULL);

  g_string_append_printf (head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (token != NULL)
    g_string_append_printf (head, "Authorization: Bearer %s\r\n", token);
  if (content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", content_type);
  if (body != NULL || g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
  g_string_append (head, "\r\n");

  if (!write_all (fd, head->str, head->len, error)
      || (body != NULL && !write_all (fd, body, length, error))
      || !read_response (fd, response, error))
    return NULL;
  return g_steal_pointer (&response);
}

JsonObject *
qm_bench_response_object (QmBenchResponse  *response,
                          guint             expect_status,
                          GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (response->body, &size);
  JsonNode *root;

  if (response->status != expect_status)
    {
      fail (error, "status %u (expected %u): %.*s", response->status, expect_status,
            (int) MIN (size, 300), data != NULL ? data : "");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, "the response is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
qm_bench_login (guint16      port,
                const char  *username,
                const char  *password,
                GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autoptr(QmBenchResponse) response = NULL;
  g_autoptr(JsonObject) object = NULL;
  int fd;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  body = json_to_string (node, FALSE);

  if ((fd = qm_bench_connect (port, error)) < 0)
    return NULL;
  response = qm_bench_request (fd, "POST", "/api/v1/login", NULL, "application/json", body,
                               strlen (body), error);
  close (fd);
  if (response == NULL || !(object = qm_bench_response_object (response, 200, error)))
    return NULL;
  if (!json_object_has_member (object, "token"))
    {
      fail (error, "the login response has no token");
      return NULL;
    }
  return g_strdup (json_object_get_string_member (object, "token"));
}

/* Load driver */

typedef enum
{
  CONN_WRITING,
  CONN_HEAD,
  CONN_BODY,
  CONN_DONE,
} ConnState;

typedef struct
{
  int        fd;
  guint      index;
  ConnState  state;
  GString   *out;
  gsize      written;
  guint      done;
  gint64     sent_at;
  guint      status;
  gint64     content_length;
  gint64     remaining;
  gboolean   closes;
  gsize      head_length;
  char       head[MAX_HEAD_BYTES];
} Conn;

typedef struct
{
  const QmBenchLoad *load;
  QmBenchResult     *result;
  int                epoll_fd;
  guint              active;
  gint64             last_done;
} Driver;

void
qm_bench_result_clear (QmBenchResult *result)
{
  g_clear_pointer (&result->latencies_us, g_array_unref);
  memset (result, 0, sizeof *result);
}

static gboolean
watch (Driver  *driver,
       Conn    *conn,
       guint32  events,
       GError **error)
{
  struct epoll_event event = { .events = events, .data.ptr = conn };

  if (epoll_ctl (driver->epoll_fd, EPOLL_CTL_MOD, conn->fd, &event) < 0)
    return fail_errno (error, "epoll_ctl");
  return TRUE;
}

static gboolean
write_request (Driver  *driver,
               Conn    *conn,
               GError **error)
{
  while (conn->written < conn->out->len)
    {
      ssize_t n = send (conn->fd, conn->out->str + conn->written, conn->out->len - conn->written,
                        MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return watch (driver, conn, EPOLLOUT, error);
      if (n < 0)
        return fail_errno (error, "sending a request");
      conn->written += (gsize) n;
    }
  conn->state = CONN_HEAD;
  conn->head_length = 0;
  return watch (driver, conn, EPOLLIN, error);
}

static gboolean
start_request (Driver  *driver,
               Conn    *conn,
               GError **error)
{
  g_string_truncate (conn->out, 0);
  driver->load->make_request (conn->index, conn->done, conn->out, driver->load->user_data);
  conn->written = 0;
  conn->state = CONN_WRITING;
  conn->sent_at = g_get_monotonic_time ();
  return write_request (driver, conn, error);
}

static gboolean
finish_response (Driver  *driver,
                 Conn    *conn,
                 GError **error)
{
  const QmBenchLoad *load = driver->load;
  gint64 now = g_get_monotonic_time ();
  gint64 latency = now - conn->sent_at;

  g_array_append_val (driver->result->latencies_us, latency);
  driver->result->requests++;
  driver->result->body_bytes += (guint64) conn->content_length;
  driver->last_done = now;
  conn->done++;

  if (conn->closes && conn->done < load->requests_per_connection)
    return fail (error, "the server closed a keep-alive connection after %u requests", conn->done);
  if (conn->done < load->requests_per_connection)
    return start_request (driver, conn, error);

  conn->state = CONN_DONE;
  epoll_ctl (driver->epoll_fd, EPOLL_CTL_DEL, conn->fd, NULL);
  driver->active--;
  return TRUE;
}

static gboolean
read_head (Driver  *driver,
           Conn    *conn,
           GError **error)
{
  const QmBenchLoad *load = driver->load;
  gsize searched = conn->head_length;
  gsize head_end;
  gint64 surplus;
  ssize_t n = recv (conn->fd, conn->head + conn->head_length,
                    sizeof conn->head - conn->head_length, 0);

  if (n < 0)
    return errno == EAGAIN || errno == EINTR ? TRUE : fail_errno (error, "reading a response");
  if (n == 0)
    return fail (error, "the server closed the connection after %u responses", conn->done);
  conn->head_length += (gsize) n;

  head_end = find_head_end (conn->head, conn->head_length, searched);
  if (head_end == 0)
    return conn->head_length < sizeof conn->head
           ? TRUE : fail (error, "a response head over %d bytes", MAX_HEAD_BYTES);
  if (!parse_head (conn->head, head_end, &conn->status, &conn->content_length, &conn->closes,
                   error))
    return FALSE;
  if (conn->status != load->expect_status)
    return fail (error, "status %u (expected %u): %.*s", conn->status, load->expect_status,
                 (int) MIN (conn->head_length, 400), conn->head);
  if (load->expect_body_bytes >= 0 && conn->content_length != load->expect_body_bytes)
    return fail (error, "Content-Length %" G_GINT64_FORMAT " (expected %" G_GINT64_FORMAT ")",
                 conn->content_length, load->expect_body_bytes);

  surplus = (gint64) (conn->head_length - head_end);
  if (surplus > conn->content_length)
    return fail (error, "bytes after the response body that nobody asked for");
  conn->remaining = conn->content_length - surplus;
  conn->state = CONN_BODY;
  return conn->remaining > 0 ? TRUE : finish_response (driver, conn, error);
}

static gboolean
read_body (Driver  *driver,
           Conn    *conn,
           GError **error)
{
  static char unused[1];
  /* MSG_TRUNC on TCP (tcp(7)): the kernel drops the bytes and says how many. */
  ssize_t n = recv (conn->fd, unused, (gsize) MIN (conn->remaining, G_MAXINT32), MSG_TRUNC);

  if (n < 0)
    return errno == EAGAIN || errno == EINTR ? TRUE : fail_errno (error, "reading a body");
  if (n == 0)
    return fail (error, "the body ended %" G_GINT64_FORMAT " bytes early", conn->remaining);
  conn->remaining -= n;
  return conn->remaining > 0 ? TRUE : finish_response (driver, conn, error);
}

static gboolean
handle_event (Driver            *driver,
              struct epoll_event *event,
              GError           **error)
{
  Conn *conn = event->data.ptr;

  switch (conn->state)
    {
    case CONN_WRITING:
      return write_request (driver, conn, error);
    case CONN_HEAD:
      return read_head (driver, conn, error);
    case CONN_BODY:
      return read_body (driver, conn, error);
    case CONN_DONE:
    default:
      return TRUE;
    }
}

static double
thread_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

gboolean
qm_bench_load_run (const QmBenchLoad *load,
                   QmBenchResult     *result,
                   GError           **error)
{
  Driver driver = { load, result, -1, 0, 0 };
  g_autofree Conn *conns = g_new0 (Conn, load->connections);
  gint64 deadline, start;
  double cpu_before;
  gboolean ok = TRUE;
  guint opened = 0;

  g_return_val_if_fail (load->connections > 0 && load->requests_per_connection > 0, FALSE);

  memset (result, 0, sizeof *result);
  result->latencies_us = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                            load->connections * load->requests_per_connection);
  driver.epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (driver.epoll_fd < 0)
    return fail_errno (error, "epoll_create1");

  /* All connections first, so the measured part is requests only. */
  for (; opened < load->connections && ok; opened++)
    {
      Conn *conn = &conns[opened];
      struct epoll_event event = { .events = 0, .data.ptr = conn };

      conn->index = opened;
      conn->out = g_string_sized_new (512);
      conn->fd = qm_bench_connect (load->port, error);
      ok = conn->fd >= 0
           && fcntl (conn->fd, F_SETFL, fcntl (conn->fd, F_GETFL) | O_NONBLOCK) == 0
           && (epoll_ctl (driver.epoll_fd, EPOLL_CTL_ADD, conn->fd, &event) == 0
               || fail_errno (error, "epoll_ctl"));
    }

  cpu_before = thread_cpu_seconds ();
  start = g_get_monotonic_time ();
  deadline = start + load->timeout_us;
  driver.active = load->connections;
  for (guint i = 0; i < load->connections && ok; i++)
    ok = start_request (&driver, &conns[i], error);

  while (ok && driver.active > 0)
    {
      struct epoll_event events[64];
      gint64 left = deadline - g_get_monotonic_time ();
      int n;

      if (left <= 0)
        {
          ok = fail (error, "timed out after %" G_GINT64_FORMAT " s with %" G_GUINT64_FORMAT
                     " responses", load->timeout_us / G_USEC_PER_SEC, result->requests);
          break;
        }
      n = epoll_wait (driver.epoll_fd, events, G_N_ELEMENTS (events), (int) (left / 1000) + 1);
      if (n < 0 && errno != EINTR)
        ok = fail_errno (error, "epoll_wait");
      for (int i = 0; i < n && ok; i++)
        ok = handle_event (&driver, &events[i], error);
    }

  result->elapsed_us = driver.last_done - start;
  result->client_cpu_seconds = thread_cpu_seconds () - cpu_before;
  for (guint i = 0; i < opened; i++)
    {
      if (conns[i].fd >= 0)
        close (conns[i].fd);
      if (conns[i].out != NULL)
        g_string_free (conns[i].out, TRUE);
    }
  close (driver.epoll_fd);
  return ok;
}

/* Numbers */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

void
qm_bench_sort (GArray *values_us)
{
  g_array_sort (values_us, compare_gint64);
}

/* Nearest rank. */
gint64
qm_bench_percentile (GArray *sorted_us,
                     double  fraction)
{
  guint rank;

  if (sorted_us->len == 0)
    return 0;
  rank = (guint) (fraction * sorted_us->len + 0.999999);
  rank = CLAMP (rank, 1, sorted_us->len);
  return g_array_index (sorted_us, gint64, rank - 1);
}

double
qm_bench_ms (gint64 us)
{
  return us / 1000.0;
}
