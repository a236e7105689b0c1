/* lg-stats.c: what the load generator reads about the server from /proc,
 * and percentiles.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lg.h"

static gint64
status_kib (const char *status,
            const char *field)
{
  const char *line = strstr (status, field);

  return line ? g_ascii_strtoll (line + strlen (field), NULL, 10) : 0;
}

gboolean
lg_proc_read (GPid    pid,
              LgProc *proc)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  memset (proc, 0, sizeof *proc);
  if (pid <= 0
      || !g_file_get_contents (stat_path, &stat, NULL, NULL)
      || !g_file_get_contents (status_path, &status, NULL, NULL)
      || (after_name = strrchr (stat, ')')) == NULL)
    return FALSE;
  /* After the name: state is field 3 of proc(5); utime 14, stime 15. */
  fields = g_strsplit (after_name + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return FALSE;
  proc->user_seconds = g_ascii_strtod (fields[11], NULL) / sysconf (_SC_CLK_TCK);
  proc->cpu_seconds = proc->user_seconds + g_ascii_strtod (fields[12], NULL) / sysconf (_SC_CLK_TCK);
  proc->rss_kib = status_kib (status, "VmRSS:");
  proc->hwm_kib = status_kib (status, "VmHWM:");
  return TRUE;
}

void
lg_proc_io (GPid    pid,
            gint64 *write_bytes,
            gint64 *write_calls)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/io", (int) pid);
  g_autofree char *io = NULL;
  const char *bytes, *calls;

  *write_bytes = *write_calls = -1;
  if (pid <= 0 || !g_file_get_contents (path, &io, NULL, NULL))
    return;
  /* At the start of a line: "cancelled_write_bytes:" ends the same way. */
  if ((bytes = strstr (io, "\nwrite_bytes:")) != NULL)
    *write_bytes = g_ascii_strtoll (bytes + strlen ("\nwrite_bytes:"), NULL, 10);
  if ((calls = strstr (io, "syscw:")) != NULL)
    *write_calls = g_ascii_strtoll (calls + strlen ("syscw:"), NULL, 10);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

void
lg_sort (GArray *values)
{
  g_array_sort (values, compare_gint64);
}

/* Nearest rank. */
gint64
lg_percentile (GArray *sorted,
               double  fraction)
{
  gsize rank;

  if (sorted->len == 0)
    return 0;
  rank = (gsize) (fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, gint64, rank - 1);
}

double
lg_ms (gint64 ns)
{
  return ns / 1e6;
}

/* /proc/net/tcp rows whose local port is the server's, keyed by the client's port. */
GHashTable *
lg_tcp_table (guint16 server_port)
{
  static const char *states[] = {
    "?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
  };
  GHashTable *table = g_hash_table_new (NULL, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL))
    return table;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      unsigned local_port, remote_port, state;
      char local[64], remote[64];

      if (sscanf (lines[i], " %*d: %63[0-9A-F]:%x %63[0-9A-F]:%x %x", local, &local_port, remote,
                  &remote_port, &state) != 5)
        continue;
      if (local_port == server_port && state < G_N_ELEMENTS (states))
        g_hash_table_insert (table, GUINT_TO_POINTER (remote_port), (gpointer) states[state]);
    }
  return table;
}

const char *
lg_tcp_state (guint16     server_port,
              guint16     client_port,
              GHashTable *table)
{
  const char *state = g_hash_table_lookup (table, GUINT_TO_POINTER (client_port));

  return state ? state : "gone";
}
