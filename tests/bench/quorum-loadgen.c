/* quorum-loadgen: opens N live connections to one meeting, lets the chair
 * turn pages at a fixed interval (or, with --vote, lets N members cast a
 * ballot each in one burst) and reports how long each turn takes to reach
 * the last tablet (or each ballot its reply, and the close every member),
 * whether any event was lost or reordered, and what the server spent on it.
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
  gboolean  vote;
  char     *vote_kind;
  int       cast_window_ms;
  int       rounds;
  int       setup_parallel;
  gboolean  setup_only;
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

/* Vote mode: one connection per voting member; the chair opens a vote, every
 * member casts once, the chair closes it. */

#define VOTE_TIMEOUT_NS      (60 * G_GINT64_CONSTANT (1000000000))
/* vote.progress is gathered for 250 ms: the last one follows the last ballot. */
#define PROGRESS_TAIL_NS     (400 * NS_PER_MS)
#define OPEN_RE              1
#define CLOSE_RE             2
#define CAST_RE              7

static const char *choices[] = { "yes", "no", "abstain" };

/* Other work on this machine skews every number: say how busy it was. */
static void
print_load (void)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    printf ("%-40s %s", "machine load (1/5/15 min, run/total)", loadavg);
}

typedef struct
{
  guint    round;
  gboolean secret;
  gint64   vote_id;
  gint64   open_sent_ns;
  gint64   opened_ns;         /* vote.open sent → last vote.opened */
  guint    opened;            /* connections that saw vote.opened */
  GArray  *latency;           /* per ballot: cast sent → its reply, ns */
  guint    sent;
  guint    answered;
  guint    errors;            /* error frames of the round, on every connection */
  gint64   first_cast_ns;
  gint64   last_cast_ns;
  gint64   last_reply_ns;
  guint    progress_one;      /* vote.progress at connection 1 */
  guint    progress_min;
  guint    progress_max;
  gint64   close_sent_ns;
  gint64   close_reply_ns;    /* vote.close → its reply */
  gint64   closed_ns;         /* vote.close → last vote.closed */
  guint    closed;            /* connections that saw vote.closed */
  guint    open_conns;
  gint64   expected[3];
  QmVoteResult result;
  gboolean result_ok;
  double   burst_cpu;
  double   close_cpu;
  gint64   burst_write_bytes;
  gint64   close_write_bytes;
  char    *note;
} VoteRound;

static void
vote_round_clear (VoteRound *round)
{
  g_clear_pointer (&round->latency, g_array_unref);
  g_clear_pointer (&round->note, g_free);
}

static guint
count_open (LgRun *run)
{
  guint count = 0;

  for (guint i = 0; i < run->n_conns; i++)
    count += run->conns[i].state == LG_CONN_OPEN;
  return count;
}

/* Open connections whose field at `offset` is still 0. */
static guint
count_waiting (LgRun *run,
               gsize  offset,
               guint  from)
{
  guint count = 0;

  for (guint i = from; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      if (conn->state == LG_CONN_OPEN && G_STRUCT_MEMBER (gint64, conn, offset) == 0)
        count++;
    }
  return count;
}

/* Polls until no open connection from `from` on waits for the field at
 * `offset` and the chair has its answer to `re` (or -1: no answer wanted). */
static gboolean
wait_for (LgRun  *run,
          gsize   offset,
          guint   from,
          gint64  re,
          gint64  timeout_ns)
{
  gint64 deadline = lg_now_ns () + timeout_ns;
  LgConn *chair = &run->conns[0];

  while (count_waiting (run, offset, from) > 0 || (re >= 0 && chair->reply_re != re))
    {
      if (lg_now_ns () >= deadline || chair->state != LG_CONN_OPEN)
        return FALSE;
      lg_run_poll (run, 10);
    }
  return TRUE;
}

static void
send_cast (LgRun  *run,
           LgConn *conn)
{
  char text[160];
  int length = g_snprintf (text, sizeof text,
                           "{\"type\":\"vote.cast\",\"id\":%d,\"vote\":%" G_GINT64_FORMAT ",\"choice\":\"%s\"}",
                           CAST_RE, run->vote_id, choices[(conn->index - 1) % 3]);

  conn->cast_ns = lg_now_ns ();
  lg_conn_send_text (conn, text, (gsize) length);
}

/* Every member's ballot, spread evenly over `window_ms` (0: all at once). */
static void
cast_burst (LgRun     *run,
            int        window_ms,
            VoteRound *round)
{
  gint64 start = lg_now_ns (), window_ns = window_ms * NS_PER_MS;
  guint voters = run->n_conns - 1, next = 0;

  while (next < voters)
    {
      gint64 now = lg_now_ns ();
      guint due = window_ns > 0 ? (guint) MIN ((gint64) voters, (now - start) * voters / window_ns + 1)
                                : voters;

      for (; next < due; next++)
        {
          LgConn *conn = &run->conns[1 + next];

          if (conn->state != LG_CONN_OPEN)
            continue;
          send_cast (run, conn);
          round->expected[next % 3]++;
          round->sent++;
        }
      /* Replies are read meanwhile; a 1 ms wait leaves the cores to the server. */
      lg_run_poll (run, next < voters ? 1 : 0);
    }
}

static gboolean
vote_round (LgRun     *run,
            Options   *options,
            VoteRound *round)
{
  LgConn *chair = &run->conns[0];
  g_autofree char *open_text = NULL;
  g_autofree char *close_text = NULL;
  g_autoptr(QmMessage) closed = NULL;
  g_autoptr(GError) error = NULL;
  LgProc before, after;
  gint64 start, io_before, io_after, calls;

  lg_run_vote_reset (run);
  run->cast_re = CAST_RE;
  round->latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  round->open_conns = count_open (run);

  /* Open, and wait until every connection holds vote.opened. */
  open_text = g_strdup_printf ("{\"type\":\"vote.open\",\"id\":%d,\"question\":\"quorum-loadgen ballot %u\","
                               "\"secret\":%s,\"majority\":\"simple\"}", OPEN_RE, round->round,
                               round->secret ? "true" : "false");
  start = round->open_sent_ns = lg_now_ns ();
  lg_conn_send_text (chair, open_text, strlen (open_text));
  if (!wait_for (run, G_STRUCT_OFFSET (LgConn, opened_ns), 0, OPEN_RE, VOTE_TIMEOUT_NS)
      || chair->reply_vote <= 0)
    {
      round->note = g_strdup_printf ("vote.open failed: %s",
                                     run->first_error ? run->first_error : "no reply or no vote.opened");
      return FALSE;
    }
  run->vote_id = chair->reply_vote;
  round->vote_id = run->vote_id;
  for (guint i = 0; i < run->n_conns; i++)
    if (run->conns[i].opened_ns != 0)
      {
        round->opened++;
        round->opened_ns = MAX (round->opened_ns, run->conns[i].opened_ns - start);
      }

  /* The burst, until every ballot has its answer. */
  lg_proc_read (options->pid, &before);
  lg_proc_io (options->pid, &io_before, &calls);
  cast_burst (run, options->cast_window_ms, round);
  wait_for (run, G_STRUCT_OFFSET (LgConn, cast_reply_ns), 1, -1, VOTE_TIMEOUT_NS);
  lg_proc_read (options->pid, &after);
  lg_proc_io (options->pid, &io_after, &calls);
  round->burst_cpu = after.cpu_seconds - before.cpu_seconds;
  round->burst_write_bytes = io_before >= 0 ? io_after - io_before : -1;
  round->first_cast_ns = G_MAXINT64;
  for (guint i = 1; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];
      gint64 took;

      if (conn->cast_ns == 0)
        continue;
      round->first_cast_ns = MIN (round->first_cast_ns, conn->cast_ns);
      round->last_cast_ns = MAX (round->last_cast_ns, conn->cast_ns);
      if (conn->cast_reply_ns == 0)
        continue;
      round->answered++;
      round->last_reply_ns = MAX (round->last_reply_ns, conn->cast_reply_ns);
      took = conn->cast_reply_ns - conn->cast_ns;
      g_array_append_val (round->latency, took);
    }
  lg_sort (round->latency);

  /* The last gathered vote.progress, then the close. */
  poll_for (run, PROGRESS_TAIL_NS);
  lg_proc_read (options->pid, &before);
  lg_proc_io (options->pid, &io_before, &calls);
  close_text = g_strdup_printf ("{\"type\":\"vote.close\",\"id\":%d,\"vote\":%" G_GINT64_FORMAT "}",
                                CLOSE_RE, run->vote_id);
  round->close_sent_ns = lg_now_ns ();
  lg_conn_send_text (chair, close_text, strlen (close_text));
  if (!wait_for (run, G_STRUCT_OFFSET (LgConn, closed_ns), 0, CLOSE_RE, VOTE_TIMEOUT_NS / 4))
    round->note = g_strdup_printf ("vote.closed did not reach every connection (%s)",
                                   run->first_error ? run->first_error : "no error frame");
  lg_proc_read (options->pid, &after);
  lg_proc_io (options->pid, &io_after, &calls);
  round->close_cpu = after.cpu_seconds - before.cpu_seconds;
  round->close_write_bytes = io_before >= 0 ? io_after - io_before : -1;
  if (chair->reply_re == CLOSE_RE)
    round->close_reply_ns = chair->reply_ns - round->close_sent_ns;
  round->progress_min = G_MAXUINT;
  for (guint i = 0; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];

      round->errors += conn->vote_errors;
      if (conn->closed_ns != 0)
        {
          round->closed++;
          round->closed_ns = MAX (round->closed_ns, conn->closed_ns - round->close_sent_ns);
        }
      if (i > 0 && conn->state == LG_CONN_OPEN)
        {
          round->progress_min = MIN (round->progress_min, conn->progress);
          round->progress_max = MAX (round->progress_max, conn->progress);
        }
    }
  round->progress_one = run->n_conns > 1 ? run->conns[1].progress : 0;
  if (round->progress_min == G_MAXUINT)
    round->progress_min = 0;

  /* The result must hold exactly the ballots cast. */
  if (chair->closed_text != NULL)
    closed = qm_message_parse (chair->closed_text, strlen (chair->closed_text), QM_ORIGIN_SERVER, NULL,
                               &error);
  if (closed != NULL && closed->type == QM_MESSAGE_VOTE_CLOSED)
    {
      round->result = closed->vote_closed.result;
      round->result_ok = round->result.yes == round->expected[0] && round->result.no == round->expected[1]
                         && round->result.abstain == round->expected[2]
                         && round->result.cast == (gint64) round->sent
                         && round->result.eligible == (gint64) run->n_conns
                         && round->result.passed == (round->expected[0] > round->expected[1]);
    }
  else if (round->note == NULL)
    round->note = g_strdup_printf ("the chair's vote.closed: %s", error ? error->message : "missing");
  return round->note == NULL;
}

static gboolean
vote_round_ok (VoteRound *round)
{
  return round->note == NULL && round->result_ok && round->errors == 0 && round->answered == round->sent
         && round->sent == round->open_conns - 1 && round->closed == round->open_conns
         && round->opened == round->open_conns;
}

static void
vote_round_print (VoteRound *round,
                  Options   *options)
{
  gint64 burst_ns = round->last_reply_ns - round->first_cast_ns;
  double rate = burst_ns > 0 ? round->answered / (burst_ns / 1e9) : 0;

  printf ("\n%-40s %u: vote %" G_GINT64_FORMAT ", %s, majority simple\n", "vote", round->round,
          round->vote_id, round->secret ? "secret" : "named");
  printf ("%-40s %.2f ms (%u of %u connections)\n", "vote.open → last vote.opened",
          lg_ms (round->opened_ns), round->opened, round->open_conns);
  printf ("%-40s %u sent over %.1f ms (window %d ms), %u answered, %u error frames\n", "ballots",
          round->sent, lg_ms (round->last_cast_ns - round->first_cast_ns), options->cast_window_ms,
          round->answered, round->errors);
  printf ("%-40s p50 %.2f  p99 %.2f  max %.2f ms\n", "cast → its reply (per ballot)",
          lg_ms (lg_percentile (round->latency, 0.5)), lg_ms (lg_percentile (round->latency, 0.99)),
          lg_ms (lg_percentile (round->latency, 1.0)));
  printf ("%-40s %.1f ms; after the last cast %.1f ms\n", "first cast → last reply",
          lg_ms (burst_ns), lg_ms (round->last_reply_ns - round->last_cast_ns));
  printf ("%-40s %.0f ballots/s (answered / first cast → last reply)\n", "committed", rate);
  printf ("%-40s %u at connection 1 (min %u, max %u over the members) for %u ballots\n", "vote.progress events",
          round->progress_one, round->progress_min, round->progress_max, round->sent);
  printf ("%-40s %.2f ms (its reply to the chair: %.2f ms); %u of %u connections\n",
          "vote.close → last vote.closed", lg_ms (round->closed_ns), lg_ms (round->close_reply_ns),
          round->closed, round->open_conns);
  printf ("%-40s yes %" G_GINT64_FORMAT " no %" G_GINT64_FORMAT " abstain %" G_GINT64_FORMAT " cast %"
          G_GINT64_FORMAT " eligible %" G_GINT64_FORMAT " passed %s; expected %" G_GINT64_FORMAT "/%"
          G_GINT64_FORMAT "/%" G_GINT64_FORMAT " of %u: %s\n", "result",
          round->result.yes, round->result.no, round->result.abstain, round->result.cast,
          round->result.eligible, round->result.passed ? "yes" : "no", round->expected[0],
          round->expected[1], round->expected[2], round->sent, round->result_ok ? "exact" : "WRONG");
  if (options->pid > 0)
    {
      printf ("%-40s %.2f s burst (%.2f ms per ballot), %.3f s close\n", "server CPU (user+sys)",
              round->burst_cpu, round->sent ? round->burst_cpu * 1000 / round->sent : 0.0, round->close_cpu);
      if (round->burst_write_bytes >= 0)
        printf ("%-40s %.1f KiB burst (%.0f B per ballot), %.1f KiB close\n", "server disk writes (write_bytes)",
                round->burst_write_bytes / 1024.0,
                round->sent ? (double) round->burst_write_bytes / round->sent : 0.0,
                round->close_write_bytes / 1024.0);
    }
  /* To line up with a trace of the server (perf record -k CLOCK_MONOTONIC). */
  printf ("%-40s open %.3f, first cast %.3f, last reply %.3f, close %.3f, last closed %.3f\n",
          "CLOCK_MONOTONIC, s", round->open_sent_ns / 1e9, round->first_cast_ns / 1e9,
          round->last_reply_ns / 1e9, round->close_sent_ns / 1e9,
          (round->close_sent_ns + round->closed_ns) / 1e9);
  if (round->note != NULL)
    printf ("%-40s %s\n", "problem", round->note);
  printf ("\nSUMMARY mode=vote kind=%s n=%u window_ms=%d sent=%u answered=%u errors=%u cast_p50_ms=%.3f "
          "cast_p99_ms=%.3f cast_max_ms=%.3f burst_ms=%.1f ballots_per_s=%.0f progress_events=%u "
          "open_ms=%.2f close_ms=%.2f close_reply_ms=%.2f closed=%u result_ok=%d burst_cpu_s=%.3f "
          "close_cpu_s=%.3f burst_write_kib=%.1f ok=%d\n",
          round->secret ? "secret" : "named", round->open_conns - 1, options->cast_window_ms, round->sent,
          round->answered, round->errors, lg_ms (lg_percentile (round->latency, 0.5)),
          lg_ms (lg_percentile (round->latency, 0.99)), lg_ms (lg_percentile (round->latency, 1.0)),
          lg_ms (burst_ns), rate, round->progress_one, lg_ms (round->opened_ns), lg_ms (round->closed_ns),
          lg_ms (round->close_reply_ns), round->closed, round->result_ok, round->burst_cpu, round->close_cpu,
          round->burst_write_bytes / 1024.0, vote_round_ok (round));
}

/* Why connections closed, most frequent first. */
static void
print_failures (LgRun *run)
{
  g_autoptr(GHashTable) reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < run->n_conns; i++)
    {
      LgConn *conn = &run->conns[i];
      char *reason;

      if (conn->state != LG_CONN_CLOSED)
        continue;
      reason = g_strdup_printf ("%u %s", conn->close_code, conn->close_reason ? conn->close_reason : "");
      value = g_hash_table_lookup (reasons, reason);
      g_hash_table_replace (reasons, reason, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
    }
  g_hash_table_iter_init (&iter, reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    printf ("%-40s %u × %s\n", "closed", GPOINTER_TO_UINT (value), (const char *) key);
}

/* Runs the votes; 0 when every one was exact and error-free, 3 otherwise. */
static int
run_votes (LgRun   *run,
           Options *options,
           gint64   connect_ns,
           guint    accounts)
{
  gboolean both = g_strcmp0 (options->vote_kind, "both") == 0;
  gboolean secret = g_strcmp0 (options->vote_kind, "secret") == 0;
  int status = 0;

  printf ("\n%-40s %s\n", "quorum-loadgen", "quorum-server, vote mode");
  printf ("%-40s %u voting members, one connection each (+ the chair), %u accounts\n", "connections",
          run->n_conns - 1, accounts);
  printf ("%-40s %u welcomed, %u failed, %u closed later\n", "connection outcome", run->welcomed,
          run->failed, run->closed);
  printf ("%-40s %.3f s\n", "connect time (first connect → last welcome)", connect_ns / 1e9);
  print_failures (run);
  print_load ();
  if (run->welcomed < run->n_conns)
    status = 3;
  for (int r = 0; r < options->rounds; r++)
    {
      VoteRound round = { 0 };

      round.round = (guint) r + 1;
      round.secret = both ? r % 2 == 1 : secret;
      vote_round (run, options, &round);
      vote_round_print (&round, options);
      if (!vote_round_ok (&round))
        status = 3;
      vote_round_clear (&round);
      /* Let the close's events and the checkpoint of a secret vote pass. */
      poll_for (run, SETTLE_NS / 2);
    }
  print_load ();
  return status;
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
                      .stall_events = 400, .admin = NULL, .cast_window_ms = 1000, .rounds = 0,
                      .setup_parallel = 32 };
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
    { "vote", 0, 0, G_OPTION_ARG_NONE, &options.vote, "Vote mode: N members (an account each) cast one ballot each in a burst", NULL },
    { "vote-kind", 0, 0, G_OPTION_ARG_STRING, &options.vote_kind, "named (default), secret, or both (alternating)", "KIND" },
    { "cast-window", 0, 0, G_OPTION_ARG_INT, &options.cast_window_ms, "Spread the ballots over this many ms (default 1000; 0: all at once)", "MS" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &options.rounds, "Votes in a row on the same connections (default 1; 2 with both)", "R" },
    { "setup-parallel", 0, 0, G_OPTION_ARG_INT, &options.setup_parallel, "HTTP calls in flight during the set-up (default 32)", "P" },
    { "setup-only", 0, 0, G_OPTION_ARG_NONE, &options.setup_only, "Stop after the set-up (with --save-users)", NULL },
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
    "Vote mode makes N delegate accounts (one connection each: one ballot per member);\n"
    "with --users-from it seats them in a new meeting.\n"
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
      || options.stalled < 0 || options.stalled >= options.connections || options.pages < 50
      || (options.vote && (reference || options.stalled > 0 || options.cast_window_ms < 0 || options.rounds < 0
                           || (options.vote_kind != NULL && !g_strv_contains ((const char *[]) { "named", "secret", "both", NULL },
                                                                              options.vote_kind)))))
    {
      g_printerr ("quorum-loadgen: give --url or --spawn (reference mode: --url); N ≥ 1, M ≥ 1, "
                  "0 ≤ K < N, --pages ≥ 50; --vote only in quorum mode without --stalled, "
                  "--vote-kind named|secret|both\n");
      return 2;
    }
  if (options.rounds == 0)
    options.rounds = g_strcmp0 (options.vote_kind, "both") == 0 ? 2 : 1;
  raise_file_limit (options.connections + 256);
  /* A vote needs one account per connection: a member's second connection
   * could not cast a second ballot. */
  followers = options.vote ? (guint) options.connections
              : (guint) (options.connections + LG_CONNECTIONS_PER_USER - 1) / LG_CONNECTIONS_PER_USER;
  lg_setup_set_parallel ((guint) MAX (options.setup_parallel, 1));

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
  lg_run_init (&run, options.connections + 1,
               options.vote ? 1 : options.turns + (options.stalled ? options.stall_events : 0));
  run.reference = reference;
  run.vote_mode = options.vote;
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
          /* The server may listen elsewhere now than when the file was saved. */
          g_free (setup.url);
          setup.url = g_strdup (options.url);
          /* Exactly N voting members (and the chair): eligible is known. */
          if (options.vote && !lg_setup_new_meeting (&setup, followers, &error))
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
      if (options.setup_only)
        {
          status = 0;
          goto out;
        }
      run.path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/live", setup.meeting_id);
      run.doc = g_strdup (setup.doc);
      run.pages = setup.pages;
    }
  for (guint i = 0; i < run.n_conns; i++)
    {
      LgConn *conn = &run.conns[i];

      conn->token = reference ? NULL
                    : i == 0 ? setup.chair_token
                    : g_ptr_array_index (setup.tokens, options.vote ? i - 1 : (i - 1) / LG_CONNECTIONS_PER_USER);
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

  if (options.vote)
    {
      status = run_votes (&run, &options, connect_ns, followers + 1);
      goto out;
    }

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
      double user = after_turns.user_seconds - before_turns.user_seconds;
      double total = after_turns.cpu_seconds - before_turns.cpu_seconds;

      printf ("%-40s %.3f s for %d turns = %.3f ms per broadcast (user %.3f, system %.3f)\n",
              "server CPU (user+sys)", total, options.turns, cpu_per_turn_ms,
              user * 1000.0 / options.turns, (total - user) * 1000.0 / options.turns);
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
  g_free (options.vote_kind);
  return status;
}
