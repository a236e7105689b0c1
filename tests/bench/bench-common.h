/* bench-common.h: what the Quorum benchmarks share: the server under test as
 * a child process, a blocking HTTP/1.1 client for set-up, and an epoll load
 * driver that measures the server rather than itself.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define QM_BENCH_ERROR (qm_bench_error_quark ())
GQuark qm_bench_error_quark (void);

/* A child process: quorum-server or nginx. */
typedef struct
{
  GPid     pid;
  guint16  port;
  char    *dir;         /* a temp folder owned by the benchmark, removed at the end */
  int      stdout_fd;
  char    *log_path;    /* quorum-server: its stderr, in dir */
} QmBenchProcess;

void            qm_bench_process_free        (QmBenchProcess *process);
/* CPU seconds (user + system) the process has used so far. */
double          qm_bench_process_cpu_seconds (QmBenchProcess *process);

/* The main thread's time on a CPU and waiting for one, in ns, from
 * /proc/PID/task/PID/schedstat; FALSE when the kernel does not say. */
gboolean        qm_bench_process_schedstat   (QmBenchProcess *process,
                                              gint64         *out_cpu_ns,
                                              gint64         *out_wait_ns);

/* One line from fd (without its newline), waiting at most until deadline
 * (monotonic µs). */
char           *qm_bench_read_line           (int              fd,
                                              gint64           deadline,
                                              GError         **error);

/* The server named by $QUORUM_SERVER, else by the first argument. */
const char     *qm_bench_server_path         (int              argc,
                                              char           **argv);
/* Creates the admin with --create-admin on a fresh data folder, then starts
 * the server on 127.0.0.1, port 0. */
QmBenchProcess *qm_bench_server_start        (const char      *server_path,
                                              const char      *admin,
                                              const char      *password,
                                              GError         **error);
/* Asks the server for its status report (SIGUSR1, docs/ADMIN.md) and
 * returns its main-loop line, e.g. "status: main loop over the last 2.0 s:
 * …", once it is in the log (at most 10 s). Each report covers the time
 * since the previous one. */
char           *qm_bench_server_status       (QmBenchProcess  *process,
                                              GError         **error);
/* Starts nginx in the foreground on 127.0.0.1 with a config of its own,
 * serving file at url_path with sendfile. */
QmBenchProcess *qm_bench_nginx_start         (const char      *nginx_path,
                                              const char      *url_path,
                                              const char      *file,
                                              GError         **error);

/* Blocking client */

typedef struct
{
  guint       status;
  GBytes     *body;
} QmBenchResponse;

void             qm_bench_response_free     (QmBenchResponse *response);
int              qm_bench_connect           (guint16          port,
                                             GError         **error);
/* One request on a keep-alive connection. body may be NULL. */
QmBenchResponse *qm_bench_request           (int              fd,
                                             const char      *method,
                                             const char      *path,
                                             const char      *token,
                                             const char      *content_type,
                                             gconstpointer    body,
                                             gsize            length,
                                             GError         **error);
/* The body as a JSON object, when the status is the expected one. */
JsonObject      *qm_bench_response_object   (QmBenchResponse *response,
                                             guint            expect_status,
                                             GError         **error);
char            *qm_bench_login             (guint16          port,
                                             const char      *username,
                                             const char      *password,
                                             GError         **error);

/* Load driver */

/* Writes request number index of connection conn into request. */
typedef void (*QmBenchRequestFunc) (guint    conn,
                                    guint    index,
                                    GString *request,
                                    gpointer user_data);

typedef struct
{
  guint16            port;
  guint              connections;
  guint              requests_per_connection;
  QmBenchRequestFunc make_request;
  gpointer           user_data;
  guint              expect_status;
  gint64             expect_body_bytes;   /* -1: any length */
  gint64             timeout_us;          /* for the whole run */
} QmBenchLoad;

typedef struct
{
  guint64  requests;
  guint64  body_bytes;
  gint64   elapsed_us;    /* first request written to last response read */
  double   client_cpu_seconds;
  GArray  *latencies_us;  /* gint64, one per request, in completion order */
} QmBenchResult;

void     qm_bench_result_clear (QmBenchResult     *result);
/* Opens the connections, then runs all of them from one thread with epoll.
 * Bodies are dropped in the kernel (recv with MSG_TRUNC), never copied. */
gboolean qm_bench_load_run     (const QmBenchLoad *load,
                                QmBenchResult     *result,
                                GError           **error);

/* Numbers */

gint64   qm_bench_percentile   (GArray            *sorted_us,
                                double             fraction);
void     qm_bench_sort         (GArray            *values_us);
double   qm_bench_ms           (gint64             us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmBenchProcess, qm_bench_process_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmBenchResponse, qm_bench_response_free)

G_END_DECLS
