/* test-loop-watch.c: the main-loop watch measures the stretches between
 * polls (a callback that holds the loop shows up as a long stretch, an idle
 * loop as short ones) and tells work that may wait a turn when the current
 * stretch has used its budget.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  qm_loop_watch_install (FALSE);
  g_test_add_func ("/quorum/server/loop-watch/stretches", test_stretches);
  g_test_add_func ("/quorum/server/loop-watch/trace", test_trace);

  return g_test_run ();
}
