/* qm-loop-watch.c: measures the stretches between the main loop's polls.
 *
 * A stretch runs from one poll's return to the next poll's call: the
 * dispatch of everything that was ready plus the next iteration's prepare.
 * Nothing that arrives meanwhile is looked at, so the longest stretch is the
 * longest stall a client could see from the loop itself. Wall time includes
 * time the thread was runnable but had no CPU; the optional CPU reading
 * tells the two apart.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-loop-watch"

#include "config.h"

#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "qm-loop-watch.h"

static GPollFunc inner_poll;
static gboolean measure_cpu;
static gint64 stretch_started;      /* 0: no poll has returned yet */
static gint64 stretch_cpu_started;
static gint64 turn_started;         /* 0: nobody asked for the budget this turn */
static QmLoopWatchStats stats;

/* Stall tracing: the stretch's start as the watchdog sees it (0 while in
 * poll), and where the main thread writes its backtrace. */
static gint64 traced_since;
static int trace_fd = -1;
static pthread_t loop_thread;

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
stretch_ended (gint64 now)
{
  gint64 length = now - stretch_started;

  stats.iterations++;
  stats.busy_us += length;
  if (length > 1000)
    stats.over_1ms++;
  if (length > 5000)
    stats.over_5ms++;
  if (length > stats.longest_us)
    {
      stats.longest_us = length;
      stats.longest_cpu_us = measure_cpu ? thread_cpu_us () - stretch_cpu_started : -1;
    }
}

static gint
watched_poll (GPollFD *fds,
              guint    nfds,
              gint     timeout)
{
  gint result;

  if (stretch_started != 0)
    stretch_ended (g_get_monotonic_time ());
  __atomic_store_n (&traced_since, 0, __ATOMIC_RELAXED);
  result = inner_poll (fds, nfds, timeout);
  stretch_started = g_get_monotonic_time ();
  __atomic_store_n (&traced_since, stretch_started, __ATOMIC_RELAXED);
  turn_started = 0;
  if (measure_cpu)
    stretch_cpu_started = thread_cpu_us ();
  return result;
}

void
qm_loop_watch_install (gboolean cpu)
{
  GMainContext *context = g_main_context_default ();

  g_return_if_fail (inner_poll == NULL);

  measure_cpu = cpu;
  inner_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, watched_poll);
  stats = (QmLoopWatchStats) { .longest_cpu_us = -1, .since_us = g_get_monotonic_time () };
}

/* In the main thread, interrupted wherever the stall holds it: only calls
 * that are safe in a signal handler (the watchdog wrote the header). */
static void
write_backtrace (int signum)
{
  void *frames[64];
  int saved_errno = errno;
  int n = backtrace (frames, G_N_ELEMENTS (frames));

  backtrace_symbols_fd (frames, n, trace_fd);
  errno = saved_errno;
}

static gpointer
watch_for_stalls (gpointer data)
{
  gint64 threshold = GPOINTER_TO_SIZE (data);
  gint64 signalled = 0;

  for (;;)
    {
      gint64 since, stalled;

      g_usleep (MAX (threshold / 4, 250));
      since = __atomic_load_n (&traced_since, __ATOMIC_RELAXED);
      stalled = g_get_monotonic_time () - since;
      if (since != 0 && since != signalled && stalled > threshold)
        {
          char header[96];
          int length = snprintf (header, sizeof header,
                                 "main loop stalled for %.1f ms; it is at:\n", stalled / 1e3);

          signalled = since;
          if (length > 0 && write (trace_fd, header, (size_t) length) < 0)
            continue;
          pthread_kill (loop_thread, SIGRTMIN);
        }
    }
  return NULL;
}

void
qm_loop_watch_trace_stalls (gint64 threshold_us,
                            int    fd)
{
  struct sigaction action = { .sa_handler = write_backtrace, .sa_flags = SA_RESTART };
  void *frame;

  g_return_if_fail (inner_poll != NULL && trace_fd < 0 && threshold_us > 0);

  trace_fd = fd;
  loop_thread = pthread_self ();
  /* The first backtrace loads libgcc, which allocates: not in a handler. */
  backtrace (&frame, 1);
  sigemptyset (&action.sa_mask);
  sigaction (SIGRTMIN, &action, NULL);
  g_thread_unref (g_thread_new ("qm-stall-watch", watch_for_stalls,
                                GSIZE_TO_POINTER ((gsize) threshold_us)));
}

gint64
qm_loop_watch_stretch_us (void)
{
  return stretch_started != 0 ? g_get_monotonic_time () - stretch_started : 0;
}

gboolean
qm_loop_watch_over_budget (void)
{
  gint64 now;

  if (stretch_started == 0)
    return FALSE;
  now = g_get_monotonic_time ();
  if (turn_started == 0)
    turn_started = now;
  return now - turn_started > QM_LOOP_WATCH_TURN_BUDGET_US;
}

void
qm_loop_watch_take (QmLoopWatchStats *out)
{
  *out = stats;
  stats = (QmLoopWatchStats) { .longest_cpu_us = -1, .since_us = g_get_monotonic_time () };
}
