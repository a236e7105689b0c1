/* qm-loop-watch.h: how long the main loop goes without polling — the time
 * every other connection waits when one piece of work holds the loop.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 iterations;
  gint64  busy_us;           /* all time spent between polls */
  gint64  longest_us;        /* the longest stretch between two polls */
  gint64  longest_cpu_us;    /* the thread's CPU time in that stretch; -1: not measured */
  gint64  longest_wait_us;   /* its time runnable but waiting for a CPU then; -1: not measured */
  guint64 over_1ms;
  guint64 over_5ms;
  /* The same not counting time spent waiting for a CPU: the loop's own work
   * and the calls it blocked in. -1 / 0 without scheduler statistics. */
  gint64  longest_own_us;
  guint64 own_over_5ms;
  gint64  since_us;          /* monotonic time the counts started */
} QmLoopWatchStats;

/* Wraps the poll function of the default main context (call on the thread
 * that runs it). With measure_cpu the thread's CPU time, and its time
 * waiting for a CPU where the kernel keeps scheduler statistics, are read
 * around every stretch too — a few µs a read, so only for diagnosis. */
void qm_loop_watch_install (gboolean          measure_cpu);
/* Work that can wait a turn (new requests on fresh connections) yields once
 * it has had this long of the current main-loop turn, so that what else is
 * waiting is answered first. The turn's share starts at the first question,
 * not at the poll: the loop's own walk over thousands of descriptors must
 * not use it up before any work is done. */
#define QM_LOOP_WATCH_TURN_BUDGET_US 2000

/* How long since the loop last polled (0 without install, or outside the
 * loop). */
gint64   qm_loop_watch_stretch_us  (void);
/* Whether budget-aware work has had QM_LOOP_WATCH_TURN_BUDGET_US of this
 * turn (the first call of a turn starts its clock). */
gboolean qm_loop_watch_over_budget (void);

/* Diagnosis (QUORUM_LOOP_WATCH_TRACE=MS): a thread of its own checks the
 * current stretch every quarter of threshold_us and, once a stretch passes
 * it, has the main thread write where it is — a header line and its
 * backtrace — to fd. Once per stretch. Call after qm_loop_watch_install,
 * from the thread that runs the loop. */
void qm_loop_watch_trace_stalls (gint64 threshold_us,
                                 int    fd);

/* The counts since the last call (or since install), and starts over. */
void qm_loop_watch_take    (QmLoopWatchStats *stats);

G_END_DECLS
