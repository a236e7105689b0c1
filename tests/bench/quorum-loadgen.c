/* quorum-loadgen: opens N live connections to one meeting, lets the chair
 * turn pages at a fixed interval and reports how long each turn takes to
 * reach the last tablet, whether any event was lost or reordered, and what
 * the server spent on it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <quorum/quorum-protocol.h>

#include "loadgen/lg.h"

#define CHAIR_TIMEOUT_NS     (30 * G_GINT64_CONSTANT (1000000000))
#define CONNECT_TIMEOUT_NS   (300 * G_GINT64_CONSTANT (1000000000))
#define DELIVERY_TIMEOUT_NS  (15 * G_GINT64_CONSTANT (1000000000))
#define SETTLE_NS            (G_GINT64_CONSTANT (1000000000))
#define NS_PER_MS            G_GINT64_CONSTANT (1000000)
/* The stall phase's agenda events: items whose descriptions make each event big. */
#define BALLAST_ITEMS        6
#define BALLAST_BYTES        9000
#define REFERENCE_DOC        "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  char     *url;
  char     *spawn;
  char     *admin;
  char     *admin_password;
  int       pid;
  int       connections;
  double    ramp;
  int       turns;
  int       interval_ms;
  int       stalled;
  int       stall_events;
  char     *mode;
  char     *users_from;
  char     *save_users;
  int       pages;
  gboolean  strict;
} Options;

typedef struct
{
  guint   turns;            /* turns complete for every healthy follower */
  guint64 missing;          /* (turn, connection) pairs never delivered */
  GArray *last;             /* per turn: present → last healthy receiver, ns */
  GArray *each;             /* per delivery, ns */
} Latency;

static void
latency_clear (Latency *latency)
{
  g_clear_pointer (&latency->last, g_array_unref);
  g_clear_pointer (&latency->each, g_array_unref);
}

static gboolean
is_healthy (LgConn *conn)
{
  return conn->index > 0 && !conn->stalled && conn->state == LG_CONN_OPEN;
}

static void
measure (LgRun   *run,
         guint    first,
         guint    end,
         Latency *latency)
{
  latency->last = g_array_new (FALSE, FALSE, sizeof (gint64));
  latency->each = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint turn = first; turn < end; turn++)
    {
      gint64 last = 0;
      gboolean complete = TRUE;

      for (guint i = 1; i < run->n_conns; i++)
        {
          LgConn *conn = &run->conns[i];
          gint64 took;

          if (!is_healthy (conn))
            continue;
          if (conn->arrivals[turn] == 0)
            {
              complete = FALSE;
              latency->missing++;
              continue;
            }
          took = conn->arrivals[turn] - run->sent_ns[turn];
          g_array_append_val (latency->each, took);
          last = MAX (last, took);
        }
      if (complete)
        {
          g_array_append_val (latency->last, last);
          latency->turns++;
        }
    }
  lg_sort (latency->last);
  lg_sort (latency->each);
}

static guint
count_healthy (LgRun *run)
{
  guint count = 0;

  for (guint i = 1; i < run->n_conns; i++)
    count += is_healthy (&run->conns[i]);
  return count;
}

/* Polls until the last turn sent has reached every healthy follower. */
static gboolean
wait_delivered (LgRun *run)
{
  gint64 deadline = lg_now_ns () + DELIVERY_TIMEOUT_NS;

  while (run->sent > 0 && lg_run_count_received (run, run->sent - 1, TRUE) < count_healthy (run))
    {
      if (lg_now_ns () >= deadline)
        return FALSE;
      lg_run_poll (run, 10);
    }
  return TRUE;
}

static void
poll_for (LgRun  *run,
          gint64  ns)
{
  gint64 until = lg_now_ns () + ns;

  for (gint64 now = lg_now_ns (); now < until; now = lg_now_ns ())
    lg_run_poll (run, (int) MAX (1, (until - now) / NS_PER_MS));
}

/* Sends turns [run->sent, end) one every interval. */
static void
run_turns (LgRun *run,
           guint  end,
           int    interval_ms)
{
  gint64 next = lg_now_ns ();

  while (run->sent < end)
    {
      gint64 now = lg_now_ns ();

      if (now >= next)
        {
          lg_run_send_turn (run);
          next += interval_ms * NS_PER_MS;
          continue;
        }
      lg_run_poll (run, (int) ((next - now) / NS_PER_MS));
    }
}

static gboolean
connect_all (LgRun    *run,
             double    ramp,
             gint64   *out_elapsed,
             GError  **error)
{
  gint64 start, deadline, first = G_MAXINT64, last = 0;
  LgConn *chair = &run->conns[0];
  guint started = 1;

  /* The presenter first: without it there is nothing to measure. */
  if (!lg_conn_start (chair, error))
    return FALSE;
  deadline = lg_now_ns () + CHAIR_TIMEOUT_NS;
  while (chair->state != LG_CONN_OPEN && chair->state != LG_CONN_CLOSED && lg_now_ns () < deadline)
    lg_run_poll (run, 100);
  if (chair->state != LG_CONN_OPEN)
    {
      g_set_error (error, LG_ERROR, 0, "the presenter's connection got no welcome (%u %s)",
                   chair->close_code, chair->close_reason ? chair->close_reason : "");
      return FALSE;
    }

  start = lg_now_ns ();
  deadline = start + CONNECT_TIMEOUT_NS;
  while (run->welcomed + run->failed + run->closed < run->n_conns)
    {
      gint64 now = lg_now_ns ();
      guint due = ramp > 0 ? 1 + (guint) ((now - start) / 1e9 * ramp) : run->n_conns;

      while (started < MIN (due, run->n_conns))
        if (!lg_conn_start (&run->conns[started++], error))
          return FALSE;
      if (now >= deadline)
        {
          g_set_error (error, LG_ERROR, 0, "%u of %u connections welcomed after %d s", run->welcomed,
                       run->n_conns, (int) (CONNECT_TIMEOUT_NS / 1000000000));
          return FALSE;
        }
      lg_run_poll (run, started < run->n_conns ? 1 : 50);
    }

  for (guint i = 1; i < run->n_conns; i++)
    {
      first = MIN (first, run->conns[i].connect_ns);
      if (run->conns[i].state == LG_CONN_OPEN)
        last = MAX (last, run->conns[i].welcome_ns);
    }
  *out_elapsed = run->n_conns > 1 ? last - first : 0;
  return TRUE;
}

typedef struct
{
  guint   events;           /* agenda events sent */
  guint   closed_1008;
  guint   closed_other;
  guint   still_open;
  guint   server_closed;    /* server side no longer ESTABLISHED while we did not read */
  gint64  seconds_ns;
  char   *note;
} Stall;

/* Big agenda events until the server lets go of every stalled reader, with
 * a page turn after each, so the healthy ones are measured meanwhile. */
static void
stall_phase (LgRun    *run,
             LgSetup  *setup,
             Options  *options,
             Stall    *stall)
{
  gint64 start = lg_now_ns ();
  g_autoptr(GError) error = NULL;
  guint items = 0;

  while (stall->events < (guint) options->stall_events && run->sent < run->turns)
    {
      g_autoptr(GHashTable) table = NULL;
      guint established = 0;
      gboolean ok;

      if (items < BALLAST_ITEMS)
        {
          ok = lg_setup_add_item (setup, BALLAST_BYTES, &error);
          items++;
        }
      else
        ok = lg_setup_touch_agenda (setup, stall->events, BALLAST_BYTES, &error);
      if (!ok)
        {
          stall->note = g_strdup_printf ("agenda change failed: %s", error->message);
          break;
        }
      stall->events++;
      lg_run_send_turn (run);
      poll_for (run, options->interval_ms * NS_PER_MS);

      table = lg_tcp_table (run->port);
      for (guint i = 1; i < run->n_conns; i++)
        if (run->conns[i].stalled && run->conns[i].state != LG_CONN_CLOSED
            && g_str_equal (lg_tcp_state (run->port, run->conns[i].local_port, table), "ESTABLISHED"))
          established++;
      stall->server_closed = options->stalled - established;
      if (established == 0)
        break;
    }
  stall->seconds_ns = lg_now_ns () - start;
  wait_delivered (run);

  /* Read what the stalled ones were sent, and how they were let go. */
  for (guint i = 1; i < run->n_conns; i++)
    if (run->conns[i].stalled && run->conns[i].fd >= 0)
      {
        int size = 4 * 1024 * 1024;

        setsockopt (run->conns[i].fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        lg_conn_set_reading (&run->conns[i], TRUE);
      }
  poll_for (run, 3 * SETTLE_NS);
  for (guint i = 1; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      if (!conn->stalled)
        continue;
      if (conn->state != LG_CONN_CLOSED)
        stall->still_open++;
      else if (conn->close_code == 1008)
        stall->closed_1008++;
      else
        stall->closed_other++;
    }
}

static gboolean
parse_url (LgRun       *run,
           const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);

  if (uri == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0 || g_uri_get_port (uri) <= 0)
    {
      g_set_error (error, LG_ERROR, 0, "%s: only http://127.0.0.1:PORT/ is allowed", url);
      return FALSE;
    }
  run->host = g_strdup ("127.0.0.1");
  run->port = (guint16) g_uri_get_port (uri);
  return TRUE;
}

static void
raise_file_limit (guint needed)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < needed)
    {
      limit.rlim_cur = MIN (limit.rlim_max, MAX (needed, 65536));
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int    argc,
      char **argv)
{
  Options options = { .connections = 100, .turns = 200, .interval_ms = 20, .pages = 60,
                      .stall_events = 400, .admin = NULL };
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url, "A running server (or the reference)", "http://127.0.0.1:PORT/" },
    { "spawn", 0, 0, G_OPTION_ARG_FILENAME, &options.spawn, "Start this quorum-server on a temporary data dir", "PATH" },
    { "pid", 0, 0, G_OPTION_ARG_INT, &options.pid, "The server's process, for CPU and memory (with --url)", "PID" },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &options.admin, "Admin account (default: admin)", "NAME" },
    { "admin-password", 0, 0, G_OPTION_ARG_STRING, &options.admin_password, "Its password (with --url)", "PASSWORD" },
    { "connections", 'n', 0, G_OPTION_ARG_INT, &options.connections, "Followers' connections (default 100)", "N" },
    { "ramp", 0, 0, G_OPTION_ARG_DOUBLE, &options.ramp, "Connections opened per second (0: all at once)", "R" },
    { "turns", 'm', 0, G_OPTION_ARG_INT, &options.turns, "Page turns (default 200)", "M" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &options.interval_ms, "Milliseconds between turns (default 20)", "MS" },
    { "stalled", 0, 0, G_OPTION_ARG_INT, &options.stalled, "Connections that stop reading after their welcome", "K" },
    { "stall-events", 0, 0, G_OPTION_ARG_INT, &options.stall_events, "Most agenda events to push at them (default 400)", "E" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &options.mode, "quorum (default) or reference", "MODE" },
    { "users-from", 0, 0, G_OPTION_ARG_FILENAME, &options.users_from, "Reuse the meeting and tokens saved by --save-users", "FILE" },
    { "save-users", 0, 0, G_OPTION_ARG_FILENAME, &options.save_users, "Save the meeting and tokens made by this run", "FILE" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &options.pages, "Pages of the generated PDF (default 60, at least 50)", "P" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &options.strict, "Parse every frame with the protocol library", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— load the live channel of quorum-server");
  g_autoptr(GError) error = NULL;
  LgServer server = { 0 };
  LgSetup setup = { 0 };
  LgRun run = { 0 };
  LgProc before_connect, connected, before_turns, after_turns, at_end;
  Latency main_latency = { 0 }, stall_latency = { 0 };
  Stall stall = { 0 };
  gboolean reference, delivered;
  guint followers, healthy;
  guint64 lost = 0, reordered = 0, errors = 0, behind = 0, dropped = 0;
  gint64 connect_ns = 0;
  double cpu_per_turn_ms, rss_per_conn_kib;
  struct rusage usage;
  int status = 1;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
    "Quorum mode makes its accounts, meeting and a PDF over HTTP, then opens N live\n"
    "connections: ceil(N/8) follower accounts of 8 connections each (the contract\n"
    "allows a user 8 live connections per meeting), plus the chair, who presents.\n"
    "Reference mode connects to tests/bench/reference/ws-broadcast.js instead.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("quorum-loadgen: %s\n", error->message);
      return 2;
    }
  reference = g_strcmp0 (options.mode, "reference") == 0;
  if ((options.mode != NULL && !reference && g_strcmp0 (options.mode, "quorum") != 0)
      || (options.url == NULL) == (options.spawn == NULL) || (reference && options.spawn != NULL)
      || options.connections < 1 || options.turns < 1 || options.interval_ms < 1
      || options.stalled < 0 || options.stalled >= options.connections || options.pages < 50)
    {
      g_printerr ("quorum-loadgen: give --url or --spawn (reference mode: --url); N ≥ 1, M ≥ 1, "
                  "0 ≤ K < N, --pages ≥ 50\n");
      return 2;
    }
  raise_file_limit (options.connections + 256);
  followers = (options.connections + LG_CONNECTIONS_PER_USER - 1) / LG_CONNECTIONS_PER_USER;

  /* Set-up */
  if (options.spawn != NULL)
    {
      if (!lg_server_spawn (&server, options.spawn, &error))
        goto out;
      options.url = g_strdup (server.url);
      options.pid = server.pid;
      options.admin_password = g_strdup (server.password);
      printf ("server: %s, pid %d\n", server.url, (int) server.pid);
    }
  if (!parse_url (&run, options.url, &error))
    goto out;
  lg_run_init (&run, options.connections + 1, options.turns + (options.stalled ? options.stall_events : 0));
  run.reference = reference;
  if (reference)
    {
      run.path = g_strdup ("/api/v1/meetings/1/live");
      run.doc = g_strdup (REFERENCE_DOC);
      run.pages = options.pages;
    }
  else
    {
      gint64 t0 = lg_now_ns ();

      if (options.users_from != NULL)
        {
          if (!lg_setup_load (&setup, options.users_from, followers, &error))
            goto out;
        }
      else if (!lg_setup_create (&setup, options.url, options.admin ? options.admin : "admin",
                                 options.admin_password ? options.admin_password : "",
                                 followers, options.pages, &error))
        goto out;
      if (options.save_users != NULL && !lg_setup_save (&setup, options.save_users, &error))
        goto out;
      printf ("set-up: meeting %" G_GINT64_FORMAT ", %u follower accounts + chair, %u-page PDF, %.1f s\n",
              setup.meeting_id, followers, setup.pages, (lg_now_ns () - t0) / 1e9);
      run.path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/live", setup.meeting_id);
      run.doc = g_strdup (setup.doc);
      run.pages = setup.pages;
    }
  for (guint i = 0; i < run.n_conns; i++)
    {
      LgConn *conn = &run.conns[i];

      conn->token = reference ? NULL
                    : i == 0 ? setup.chair_token
                    : g_ptr_array_index (setup.tokens, (i - 1) / LG_CONNECTIONS_PER_USER);
      conn->stalled = i > 0 && i + options.stalled > (guint) options.connections;
      conn->strict = options.strict || i <= 1;
    }

  /* Connections */
  lg_proc_read (options.pid, &before_connect);
  if (!connect_all (&run, options.ramp, &connect_ns, &error))
    goto out;
  /* Presence events of the joins are gathered for 250 ms: let them pass. */
  poll_for (&run, SETTLE_NS);
  lg_proc_read (options.pid, &connected);

  /* Turns */
  lg_proc_read (options.pid, &before_turns);
  run_turns (&run, options.turns, options.interval_ms);
  delivered = wait_delivered (&run);
  lg_proc_read (options.pid, &after_turns);
  poll_for (&run, SETTLE_NS / 2);
  measure (&run, 0, options.turns, &main_latency);

  if (options.stalled > 0)
    {
      if (reference)
        stall.note = g_strdup ("the reference has no agenda events: page turns only");
      if (reference)
        {
          run_turns (&run, run.turns, options.interval_ms);
          wait_delivered (&run);
          stall.events = 0;
        }
      else
        stall_phase (&run, &setup, &options, &stall);
      measure (&run, options.turns, run.sent, &stall_latency);
    }
  lg_proc_read (options.pid, &at_end);

  /* Order and loss, over every event each healthy connection saw. */
  healthy = count_healthy (&run);
  for (guint i = 0; i < run.n_conns; i++)
    {
      LgConn *conn = &run.conns[i];

      errors += conn->errors;
      if (conn->stalled)
        continue;
      if (conn->state != LG_CONN_OPEN)
        {
          dropped++;
          continue;
        }
      lost += conn->lost;
      reordered += conn->reordered;
      if (conn->last_seq < run.max_seq)
        behind += run.max_seq - conn->last_seq;
    }
  lost += behind;

  cpu_per_turn_ms = (after_turns.cpu_seconds - before_turns.cpu_seconds) * 1000.0 / options.turns;
  rss_per_conn_kib = (double) (connected.rss_kib - before_connect.rss_kib) / options.connections;

  printf ("\n%-40s %s\n", "quorum-loadgen", reference ? "reference (Node ws)" : "quorum-server");
  printf ("%-40s %d (+1 presenter), %u account(s) x %d\n", "connections", options.connections,
          reference ? 0 : followers, LG_CONNECTIONS_PER_USER);
  printf ("%-40s %u welcomed, %u failed, %u closed later, %" G_GUINT64_FORMAT " healthy ones dropped\n",
          "connection outcome", run.welcomed, run.failed, run.closed, dropped);
  if (options.ramp > 0)
    printf ("%-40s %.3f s (ramp %.0f/s)\n", "connect time (first connect → last welcome)",
            connect_ns / 1e9, options.ramp);
  else
    printf ("%-40s %.3f s (all at once)\n", "connect time (first connect → last welcome)",
            connect_ns / 1e9);
  printf ("%-40s %d every %d ms, %u complete%s\n", "turns", options.turns, options.interval_ms,
          main_latency.turns, delivered ? "" : " (delivery timed out)");
  printf ("%-40s p50 %.2f  p99 %.2f  max %.2f ms\n", "present → last receiver",
          lg_ms (lg_percentile (main_latency.last, 0.5)), lg_ms (lg_percentile (main_latency.last, 0.99)),
          lg_ms (lg_percentile (main_latency.last, 1.0)));
  printf ("%-40s p50 %.2f  p99 %.2f  max %.2f ms (%u deliveries)\n", "present → each receiver",
          lg_ms (lg_percentile (main_latency.each, 0.5)), lg_ms (lg_percentile (main_latency.each, 0.99)),
          lg_ms (lg_percentile (main_latency.each, 1.0)), main_latency.each->len);
  printf ("%-40s %" G_GUINT64_FORMAT " lost (%" G_GUINT64_FORMAT " seq gaps incl. %" G_GUINT64_FORMAT
          " at the tail), %" G_GUINT64_FORMAT " out of order, %" G_GUINT64_FORMAT " page deliveries missing\n",
          "events (healthy connections)", lost + main_latency.missing, lost, behind, reordered,
          main_latency.missing);
  printf ("%-40s %" G_GUINT64_FORMAT " (bad or error frames)\n", "client-side errors", errors);
  printf ("%-40s %s\n", "arrival stamps", run.kernel_stamps ? "kernel (SO_TIMESTAMPNS)" : "on read");
  {
    g_autofree char *loadavg = NULL;

    /* Other work on this machine skews every number: say how busy it was. */
    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      printf ("%-40s %s", "machine load (1/5/15 min, run/total)", loadavg);
  }
  getrusage (RUSAGE_SELF, &usage);
  printf ("%-40s %.2f s CPU; read lag mean %.2f ms, max %.2f ms\n", "load generator itself",
          usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
          run.reads ? lg_ms (run.lag_sum_ns / (gint64) run.reads) : 0.0, lg_ms (run.lag_max_ns));
  if (options.pid > 0)
    {
      printf ("%-40s %.3f s for %d turns = %.3f ms per broadcast\n", "server CPU (user+sys)",
              after_turns.cpu_seconds - before_turns.cpu_seconds, options.turns, cpu_per_turn_ms);
      printf ("%-40s %" G_GINT64_FORMAT " KiB before, %" G_GINT64_FORMAT " KiB connected: %.1f KiB per connection\n",
              "server RSS", before_connect.rss_kib, connected.rss_kib, rss_per_conn_kib);
      printf ("%-40s %.1f MiB\n", "server peak RSS (VmHWM)", at_end.hwm_kib / 1024.0);
    }
  if (options.stalled > 0)
    {
      printf ("%-40s %d stalled readers (SO_RCVBUF %d, no reads after the welcome)\n", "stall", options.stalled, 1024);
      printf ("%-40s %u agenda events in %.1f s; the server had closed %u of %d; %s\n", "stall phase",
              stall.events, stall.seconds_ns / 1e9, stall.server_closed, options.stalled,
              stall.note ? stall.note : "");
      printf ("%-40s %u with 1008, %u otherwise (no close frame reached them), %u still open\n",
              "stalled connections, read afterwards", stall.closed_1008, stall.closed_other, stall.still_open);
      printf ("%-40s p50 %.2f  p99 %.2f  max %.2f ms over %u turns, %" G_GUINT64_FORMAT " missing\n",
              "healthy, during the stall phase", lg_ms (lg_percentile (stall_latency.last, 0.5)),
              lg_ms (lg_percentile (stall_latency.last, 0.99)), lg_ms (lg_percentile (stall_latency.last, 1.0)),
              stall_latency.turns, stall_latency.missing);
    }
  printf ("\nSUMMARY mode=%s n=%d healthy=%u connect_s=%.3f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f "
          "each_p50_ms=%.3f each_p99_ms=%.3f lost=%" G_GUINT64_FORMAT " reordered=%" G_GUINT64_FORMAT
          " cpu_per_broadcast_ms=%.4f rss_per_conn_kib=%.2f peak_rss_mib=%.1f stalled=%d",
          reference ? "reference" : "quorum", options.connections, healthy, connect_ns / 1e9,
          lg_ms (lg_percentile (main_latency.last, 0.5)), lg_ms (lg_percentile (main_latency.last, 0.99)),
          lg_ms (lg_percentile (main_latency.last, 1.0)), lg_ms (lg_percentile (main_latency.each, 0.5)),
          lg_ms (lg_percentile (main_latency.each, 0.99)), lost + main_latency.missing, reordered,
          cpu_per_turn_ms, rss_per_conn_kib, at_end.hwm_kib / 1024.0, options.stalled);
  if (options.stalled > 0)
    printf (" stall_p99_ms=%.3f stalled_closed_by_server=%u",
            lg_ms (lg_percentile (stall_latency.last, 0.99)), stall.server_closed);
  printf ("\n");
  status = (lost + main_latency.missing + reordered) == 0 && delivered ? 0 : 3;

out:
  if (error != NULL)
    g_printerr ("quorum-loadgen: %s\n", error->message);
  if (run.conns != NULL)
    lg_run_clear (&run);
  else
    g_free (run.host);
  lg_server_stop (&server);
  lg_setup_clear (&setup);
  latency_clear (&main_latency);
  latency_clear (&stall_latency);
  g_free (stall.note);
  g_free (options.url);
  g_free (options.spawn);
  g_free (options.admin);
  g_free (options.admin_password);
  g_free (options.mode);
  g_free (options.users_from);
  g_free (options.save_users);
  return status;
}
