/* test-loop-watch.c: the main-loop watch measures the stretches between
 * polls (a callback that holds the loop shows up as a long stretch, an idle
 * loop as short ones) and tells work that may wait a turn when the current
 * stretch has used its budget.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "qm-loop-watch.h"

/* Keeps the thread busy (on a CPU, so the CPU reading sees it too). */
static void
spin (gint64 microseconds)
{
  gint64 until = g_get_monotonic_time () + microseconds;

  while (g_get_monotonic_time () < until)
    ;
}

typedef struct
{
  gboolean done;
  gboolean over_at_start;
  gboolean over_after_spin;
  gint64   stretch_at_start;
} Turn;

static gboolean
busy_turn (gpointer user_data)
{
  Turn *turn = user_data;

  turn->stretch_at_start = qm_loop_watch_stretch_us ();
  turn->over_at_start = qm_loop_watch_over_budget ();
  spin (3 * QM_LOOP_WATCH_TURN_BUDGET_US);
  turn->over_after_spin = qm_loop_watch_over_budget ();
  /* Six busy milliseconds: one stretch over 5 ms. */
  spin (3 * QM_LOOP_WATCH_TURN_BUDGET_US);
  turn->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_stretches (void)
{
  QmLoopWatchStats stats;
  Turn turn = { 0 };
  gboolean woke = FALSE;

  /* Outside any stretch nothing is over budget. */
  g_assert_false (qm_loop_watch_over_budget ());

  /* Idle: short stretches around two waits in poll. */
  for (guint i = 0; i < 2; i++)
    {
      woke = FALSE;
      g_timeout_add (10, wake, &woke);
      while (!woke)
        g_main_context_iteration (NULL, TRUE);
      if (i == 0)
        qm_loop_watch_take (&stats);
    }
  qm_loop_watch_take (&stats);
  g_assert_cmpuint (stats.iterations, >=, 1);
  g_assert_cmpint (stats.longest_us, >=, 0);
  g_assert_cmpint (stats.busy_us, >=, stats.longest_us);
  /* Installed without the CPU reading. */
  g_assert_cmpint (stats.longest_cpu_us, ==, -1);

  /* A callback that holds the loop for 6 ms. */
  g_idle_add (busy_turn, &turn);
  while (!turn.done)
    g_main_context_iteration (NULL, TRUE);
  /* The stretch ends at the next poll. */
  woke = FALSE;
  g_timeout_add (1, wake, &woke);
  while (!woke)
    g_main_context_iteration (NULL, TRUE);
  qm_loop_watch_take (&stats);

  /* (A loaded machine may preempt the thread before the callback starts.) */
  g_assert_cmpint (turn.over_at_start, ==, turn.stretch_at_start > QM_LOOP_WATCH_TURN_BUDGET_US);
  g_assert_true (turn.over_after_spin);
  g_assert_cmpint (stats.longest_us, >=, 6 * QM_LOOP_WATCH_TURN_BUDGET_US);
  g_assert_cmpuint (stats.over_5ms, >=, 1);
  g_assert_cmpuint (stats.over_1ms, >=, stats.over_5ms);
  g_assert_cmpint (stats.busy_us, >=, stats.longest_us);

  /* Taking starts the counts over. */
  qm_loop_watch_take (&stats);
  g_assert_cmpuint (stats.iterations, ==, 0);
  g_assert_cmpint (stats.longest_us, ==, 0);
  g_assert_cmpuint (stats.over_1ms, ==, 0);
}

static gboolean
stall (gpointer user_data)
{
  /* Four times the threshold below. */
  spin (20000);
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A stretch past the threshold makes the main thread write where it is. */
static void
test_trace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  gboolean done = FALSE;
  gboolean woke = FALSE;
  int fd = g_file_open_tmp ("quorum-trace-XXXXXX", &path, &error);

  g_assert_no_error (error);
  qm_loop_watch_trace_stalls (5000, fd);

  g_idle_add (stall, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  /* And a stretch ended by a poll. */
  g_timeout_add (1, wake, &woke);
  while (!woke)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_test_message ("%s", written);
  g_assert_nonnull (strstr (written, "main loop stalled for "));
  /* The header, then one line per frame, the spinning callback's among
   * them (under the binary's name: it is static). */
  {
    g_auto(GStrv) lines = g_strsplit (strstr (written, "main loop stalled for "), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), >=, 4);
    g_assert_nonnull (strstr (written, "test-loop-watch"));
  }
  g_close (fd, NULL);
  g_unlink (path);
}

/* A competitor for the loop's CPU. */
typedef struct
{
  cpu_set_t cpu;
  gint      stop;
} Rival;

static gpointer
rival_run (gpointer data)
{
  Rival *rival = data;

  pthread_setaffinity_np (pthread_self (), sizeof rival->cpu, &rival->cpu);
  while (!g_atomic_int_get (&rival->stop))
    ;
  return NULL;
}

typedef struct
{
  gint64   spin_us;
  gboolean done;
} Hold;

static gboolean
hold_loop (gpointer user_data)
{
  Hold *hold = user_data;

  spin (hold->spin_us);
  hold->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_stretch (gint64            spin_us,
             QmLoopWatchStats *stats)
{
  Hold hold = { spin_us, FALSE };
  gboolean woke = FALSE;

  qm_loop_watch_take (stats);
  g_idle_add (hold_loop, &hold);
  while (!hold.done)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (1, wake, &woke);
  while (!woke)
    g_main_context_iteration (NULL, TRUE);
  qm_loop_watch_take (stats);
}

/* With the CPU reading: a stretch is split into time on a CPU, time
 * runnable but waiting for one, and the rest; a stretch made long by
 * another thread taking the loop's only CPU counts in full, but not as the
 * loop's own. */
static void
test_cpu_wait_subprocess (void)
{
  QmLoopWatchStats stats;
  Rival rival = { 0 };
  GThread *thread;

  /* Alone on a CPU: nearly all of a 6 ms stretch is the loop's own. */
  CPU_SET (sched_getcpu (), &rival.cpu);
  g_assert_cmpint (pthread_setaffinity_np (pthread_self (), sizeof rival.cpu, &rival.cpu), ==, 0);
  run_stretch (6000, &stats);
  g_assert_cmpint (stats.longest_us, >=, 6000);
  g_assert_cmpint (stats.longest_cpu_us, >, 0);
  g_assert_cmpint (stats.longest_cpu_us, <=, stats.longest_us + 1000);
  g_assert_cmpint (stats.longest_wait_us, >=, 0);
  g_assert_cmpint (stats.longest_own_us, <=, stats.longest_us);
  g_assert_cmpint (stats.longest_own_us, >=, stats.longest_us - stats.longest_wait_us);
  g_assert_cmpuint (stats.own_over_5ms, <=, stats.over_5ms);

  /* Sharing that CPU with a thread that never sleeps: 30 ms of wall time,
   * of which the scheduler gives the rival a good part. */
  thread = g_thread_new ("rival", rival_run, &rival);
  run_stretch (30000, &stats);
  g_atomic_int_set (&rival.stop, 1);
  g_thread_join (thread);
  g_test_message ("30 ms stretch: %" G_GINT64_FORMAT " µs on a CPU, %" G_GINT64_FORMAT
                  " µs waiting for one, %" G_GINT64_FORMAT " µs the loop's own",
                  stats.longest_cpu_us, stats.longest_wait_us, stats.longest_own_us);
  g_assert_cmpint (stats.longest_us, >=, 30000);
  g_assert_cmpint (stats.longest_wait_us, >=, 5000);
  g_assert_cmpint (stats.longest_own_us, <=, stats.longest_us - stats.longest_wait_us);
  g_assert_cmpint (stats.longest_own_us, <, stats.longest_us);
}

static void
test_cpu_wait (void)
{
  if (!g_file_test ("/proc/thread-self/schedstat", G_FILE_TEST_EXISTS))
    {
      /* Kernels without scheduler statistics: the split is not offered. */
      g_test_skip ("this kernel keeps no scheduler statistics");
      return;
    }
  g_test_trap_subprocess ("/quorum/server/loop-watch/cpu-wait/subprocess", 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The subprocess measures CPU time too; install once per process. */
  qm_loop_watch_install (g_test_subprocess ());
  g_test_add_func ("/quorum/server/loop-watch/stretches", test_stretches);
  g_test_add_func ("/quorum/server/loop-watch/trace", test_trace);
  g_test_add_func ("/quorum/server/loop-watch/cpu-wait", test_cpu_wait);
  g_test_add_func ("/quorum/server/loop-watch/cpu-wait/subprocess", test_cpu_wait_subprocess);

  return g_test_run ();
}
