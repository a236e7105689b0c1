/* lg.h: what the parts of quorum-loadgen share: the run, its WebSocket
 * connections, the HTTP set-up and the numbers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define LG_ERROR (lg_error_quark ())
GQuark lg_error_quark (void);

/* A user may hold this many live connections per meeting (contract, section 5). */
#define LG_CONNECTIONS_PER_USER 8

typedef enum
{
  LG_CONN_IDLE,
  LG_CONN_CONNECTING,
  LG_CONN_UPGRADING,      /* request written, waiting for 101 */
  LG_CONN_HELLO_SENT,
  LG_CONN_OPEN,           /* welcomed */
  LG_CONN_CLOSED,
} LgConnState;

typedef struct _LgRun LgRun;

typedef struct
{
  LgRun       *run;
  guint        index;           /* 0: the presenter (chair) */
  int          fd;
  LgConnState  state;
  gboolean     stalled;         /* stops reading after its welcome */
  gboolean     reading;         /* EPOLLIN wanted */
  gboolean     strict;          /* parse every frame with the protocol library */
  const char  *token;
  char        *key;             /* Sec-WebSocket-Key */
  guint16      local_port;

  GByteArray  *in;              /* bytes not yet a whole frame (or the HTTP head) */
  GByteArray  *out;             /* bytes not yet written */

  gint64       connect_ns;      /* connect() called */
  gint64       welcome_ns;
  gint64       last_seq;        /* -1 before the welcome */
  guint64      events;
  guint64      lost;            /* seq numbers skipped */
  guint64      reordered;       /* seq not above the previous */
  guint64      pages;
  guint64      errors;          /* error frames, bad frames */
  guint64      bytes_in;
  guint16      close_code;      /* 0: open; 1006: closed without a close frame */
  char        *close_reason;
  gint64      *arrivals;        /* per turn, ns; 0: not (yet) seen */

  /* Vote mode (the current vote only; lg_run_vote_reset clears them) */
  gint64       opened_ns;       /* vote.opened arrived */
  gint64       cast_ns;         /* vote.cast sent */
  gint64       cast_reply_ns;   /* its reply (or error) arrived */
  gint64       closed_ns;       /* vote.closed of the current vote arrived */
  gint64       reply_vote;      /* "vote" of the chair's latest reply */
  gint64       reply_re;        /* "re" of the latest reply, -1: none */
  gint64       reply_ns;        /* when it arrived */
  guint        progress;        /* vote.progress events */
  guint        vote_errors;     /* error frames since the reset */
  char        *closed_text;     /* the chair's vote.closed frame, for the result */
} LgConn;

struct _LgRun
{
  /* Target */
  char        *host;
  guint16      port;
  char        *path;            /* the live channel's path */
  gboolean     reference;

  /* Connections; conns[0] presents */
  LgConn      *conns;
  guint        n_conns;
  int          epfd;
  guint        started;
  guint        welcomed;
  guint        failed;          /* closed before the welcome */
  guint        closed;          /* closed after the welcome */

  /* Turns */
  char        *doc;
  guint        pages;
  guint        turns;
  guint        sent;
  gint64      *sent_ns;
  GHashTable  *seq_turn;        /* seq → turn + 1 */
  gint64       seq_base;        /* the latest seq before the first turn */
  gint64       max_seq;
  gint64      *arrivals;        /* n_conns × turns */
  gint64       rt_offset_ns;    /* CLOCK_REALTIME − CLOCK_MONOTONIC */
  gboolean     kernel_stamps;   /* a receive timestamp came with some read */
  guint64      other_events;
  /* How long data waited in the kernel before this client read it. */
  gint64       lag_max_ns;
  gint64       lag_sum_ns;
  guint64      reads;

  /* Vote mode */
  gboolean     vote_mode;
  gint64       vote_id;         /* the current vote; 0 before its reply */
  gint64       cast_re;         /* the id every vote.cast carries */
  char        *first_error;     /* the first error frame seen in vote mode */
};

/* The client side (lg-client.c) */
gint64   lg_now_ns            (void);
void     lg_run_init          (LgRun        *run,
                               guint         n_conns,
                               guint         turns);
void     lg_run_clear         (LgRun        *run);
gboolean lg_conn_start        (LgConn       *conn,
                               GError      **error);
/* One epoll round: waits at most timeout_ms (-1: forever). */
void     lg_run_poll          (LgRun        *run,
                               int           timeout_ms);
void     lg_conn_send_text    (LgConn       *conn,
                               const char   *text,
                               gsize         length);
void     lg_conn_set_reading  (LgConn       *conn,
                               gboolean      reading);
/* Sends `present` for the next turn from conns[0]. */
void     lg_run_send_turn     (LgRun        *run);
guint    lg_run_count_received (LgRun       *run,
                                guint        turn,
                                gboolean     healthy_only);
/* Vote mode: clears every connection's state of the previous vote. */
void     lg_run_vote_reset    (LgRun        *run);

/* A top-level look at a server frame, without building a tree. */
typedef struct
{
  const char *type;
  gsize       type_length;
  gboolean    has_seq;
  gint64      seq;
  gint64      page;
  gint64      code;
  gboolean    has_re;
  gint64      re;           /* a numeric "re" */
  gint64      vote;         /* a numeric "vote" (not vote.opened's object) */
} LgSkim;
gboolean lg_skim              (const char   *text,
                               gsize         length,
                               LgSkim       *skim);

/* Set-up over HTTP (lg-setup.c) */
typedef struct
{
  char      *url;
  gint64     meeting_id;
  gint64     item_id;
  char      *doc;
  guint      pages;
  char      *admin_token;
  char      *chair_token;
  GPtrArray *tokens;            /* follower accounts' tokens */
  gint64     chair_id;
  GArray    *user_ids;          /* follower accounts' ids (gint64), as tokens */
  char      *long_text;         /* for agenda events in the stall phase */
} LgSetup;

void     lg_setup_clear       (LgSetup      *setup);
gboolean lg_setup_create      (LgSetup      *setup,
                               const char   *url,
                               const char   *admin,
                               const char   *password,
                               guint         followers,
                               guint         pages,
                               GError      **error);
gboolean lg_setup_load        (LgSetup      *setup,
                               const char   *file,
                               guint         followers,
                               GError      **error);
/* A new meeting: the chair and the first `members` followers as delegates. */
gboolean lg_setup_new_meeting (LgSetup      *setup,
                               guint         members,
                               GError      **error);
/* HTTP calls in flight during the set-up (default 4). */
void     lg_setup_set_parallel (guint       calls);
gboolean lg_setup_save        (LgSetup      *setup,
                               const char   *file,
                               GError      **error);
/* Changes the agenda item's description, which sends every connection an
 * `agenda` event of about `bytes` bytes. */
gboolean lg_setup_touch_agenda (LgSetup     *setup,
                                guint        serial,
                                guint        bytes,
                                GError     **error);
/* Adds an agenda item with a long description (a larger `agenda` event). */
gboolean lg_setup_add_item    (LgSetup      *setup,
                               guint         bytes,
                               GError      **error);

/* The server under test (lg-setup.c) */
typedef struct
{
  GSubprocess *process;
  GPid         pid;
  char        *dir;
  char        *url;
  char        *password;
  char        *log;
} LgServer;

gboolean lg_server_spawn      (LgServer     *server,
                               const char   *binary,
                               GError      **error);
void     lg_server_stop       (LgServer     *server);

/* Numbers (lg-stats.c) */
typedef struct
{
  double   cpu_seconds;      /* user + system */
  double   user_seconds;
  gint64   rss_kib;
  gint64   hwm_kib;
} LgProc;

gboolean lg_proc_read         (GPid          pid,
                               LgProc       *proc);
/* write_bytes and syscw of /proc/PID/io (-1 when unreadable). */
void     lg_proc_io           (GPid          pid,
                               gint64       *write_bytes,
                               gint64       *write_calls);
void     lg_sort              (GArray       *values);
gint64   lg_percentile        (GArray       *sorted,
                               double        fraction);
double   lg_ms                (gint64        ns);
/* Server-side TCP state of the connection from local_port to server_port
 * ("ESTABLISHED", "FIN_WAIT1", ... or "gone"). */
const char *lg_tcp_state      (guint16       server_port,
                               guint16       client_port,
                               GHashTable   *table);
GHashTable *lg_tcp_table      (guint16       server_port);

G_END_DECLS
