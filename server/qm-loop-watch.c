/* qm-loop-watch.c: measures the stretches between the main loop's polls.
 *
 * A stretch runs from one poll's return to the next poll's call: the
 * dispatch of everything that was ready plus the next iteration's prepare.
 * Nothing that arrives meanwhile is looked at, so the longest stretch is the
 * longest stall a client could see from the loop itself. Wall time includes
 * time the thread was runnable but had no CPU; the optional reading of the
 * thread's scheduler statistics (/proc/thread-self/schedstat: time on a CPU,
 * time runnable but waiting for one) tells them apart, so that a stretch
 * made long by other processes taking the CPUs is not taken for the loop's
 * own work.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-loop-watch"

#include "config.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
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
static gint64 stretch_wait_started;
static int schedstat_fd = -1;       /* the loop thread's; -1: CPU time from the clock */
static gint64 turn_started;         /* 0: nobody asked for the budget this turn */
static QmLoopWatchStats stats;

/* Stall tracing: the stretch's start as the watchdog sees it (0 while in
 * poll), and where the main thread writes its backtrace. */
static gint64 traced_since;
static int trace_fd = -1;
static pthread_t loop_thread;

/* The loop thread's time on a CPU and, where the kernel keeps scheduler
 * statistics, its time runnable but waiting for a CPU (else -1). */
static void
read_thread_times (gint64 *cpu_us,
                   gint64 *wait_us)
{
  struct timespec now;

  if (schedstat_fd >= 0)
    {
      char text[96];
      ssize_t length = pread (schedstat_fd, text, sizeof text - 1, 0);
      guint64 on_cpu_ns, waiting_ns;

      if (length > 0)
        {
          text[length] = '\0';
          if (sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu_ns,
                      &waiting_ns) == 2)
            {
              *cpu_us = (gint64) (on_cpu_ns / 1000);
              *wait_us = (gint64) (waiting_ns / 1000);
              return;
            }
        }
    }
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  *cpu_us = (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
  *wait_us = -1;
}

static void
stretch_ended (gint64 now)
{
  gint64 length = now - stretch_started;
  gint64 cpu = -1, wait = -1;

  stats.iterations++;
  stats.busy_us += length;
  if (length > 1000)
    stats.over_1ms++;
  if (length > 5000)
    stats.over_5ms++;
  if (measure_cpu)
    {
      read_thread_times (&cpu, &wait);
      cpu -= stretch_cpu_started;
      if (wait >= 0 && stretch_wait_started >= 0)
        {
          gint64 own = length - MIN (wait - stretch_wait_started, length);

          if (own > stats.longest_own_us)
            stats.longest_own_us = own;
          if (own > 5000)
            stats.own_over_5ms++;
          wait -= stretch_wait_started;
        }
      else
        wait = -1;
    }
  if (length > stats.longest_us)
    {
      stats.longest_us = length;
      stats.longest_cpu_us = cpu;
      stats.longest_wait_us = wait;
    }
}

static void
start_counts (void)
{
  gboolean own = measure_cpu && schedstat_fd >= 0;

  stats = (QmLoopWatchStats) {
    .longest_cpu_us = -1,
    .longest_wait_us = -1,
    .longest_own_us = own ? 0 : -1,
    .since_us = g_get_monotonic_time (),
  };
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
    read_thread_times (&stretch_cpu_started, &stretch_wait_started);
  return result;
}

void
qm_loop_watch_install (gboolean cpu)
{
  GMainContext *context = g_main_context_default ();

  g_return_if_fail (inner_poll == NULL);

  measure_cpu = cpu;
  if (cpu)
    {
      gint64 on_cpu, waiting;

      schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
      read_thread_times (&on_cpu, &waiting);
      if (waiting < 0 && schedstat_fd >= 0)
        {
          close (schedstat_fd);
          schedstat_fd = -1;
        }
    }
  inner_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, watched_poll);
  start_counts ();
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
          char header[128];
          int length = snprintf (header, sizeof header,
                                 "main loop stalled for %.1f ms (since %.6f s, monotonic); "
                                 "it is at:\n", stalled / 1e3, since / 1e6);

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
  start_counts ();
}
