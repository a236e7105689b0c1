/* qm-login-limiter.c: sliding windows of failed logins per username and per address.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-login-limiter"

#include "config.h"

#include "qm-login-limiter.h"

/* Beyond this many tracked names or addresses the stalest are forgotten, so
 * a flood of made-up usernames cannot grow memory without bound. */
#define MAX_TRACKED 10000

struct _QmLoginLimiter
{
  guint       per_user;
  guint       per_address;
  gint64      window;
  GHashTable *users;        /* lowercased username → GQueue of gint64 times */
  GHashTable *addresses;    /* address → GQueue of gint64 times */
};

static void
times_free (gpointer queue)
{
  g_queue_free_full (queue, g_free);
}

QmLoginLimiter *
qm_login_limiter_new (guint  per_user,
                      guint  per_address,
                      gint64 window_seconds)
{
  QmLoginLimiter *limiter = g_new0 (QmLoginLimiter, 1);

  limiter->per_user = per_user;
  limiter->per_address = per_address;
  limiter->window = window_seconds;
  limiter->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, times_free);
  limiter->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, times_free);
  return limiter;
}

void
qm_login_limiter_free (QmLoginLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->users);
  g_hash_table_unref (limiter->addresses);
  g_free (limiter);
}

/* Failures still inside the window for this key. */
static guint
recent (QmLoginLimiter *limiter,
        GHashTable     *table,
        const char     *key,
        gint64          now)
{
  GQueue *times = g_hash_table_lookup (table, key);

  if (times == NULL)
    return 0;
  while (!g_queue_is_empty (times) && *(gint64 *) g_queue_peek_head (times) <= now - limiter->window)
    g_free (g_queue_pop_head (times));
  if (g_queue_is_empty (times))
    {
      g_hash_table_remove (table, key);
      return 0;
    }
  return g_queue_get_length (times);
}

static void
forget_stale (QmLoginLimiter *limiter,
              GHashTable     *table,
              gint64          now)
{
  GHashTableIter iter;
  GQueue *times;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &times))
    if (*(gint64 *) g_queue_peek_tail (times) <= now - limiter->window)
      g_hash_table_iter_remove (&iter);
}

static void
record (QmLoginLimiter *limiter,
        GHashTable     *table,
        const char     *key,
        guint           cap,
        gint64          now)
{
  GQueue *times = g_hash_table_lookup (table, key);
  gint64 *time = g_new (gint64, 1);

  if (times == NULL)
    {
      if (g_hash_table_size (table) >= MAX_TRACKED)
        forget_stale (limiter, table, now);
      if (g_hash_table_size (table) >= MAX_TRACKED)
        g_hash_table_remove_all (table);
      times = g_queue_new ();
      g_hash_table_insert (table, g_strdup (key), times);
    }

  *time = now;
  g_queue_push_tail (times, time);
  /* Only the newest cap failures matter for the decision. */
  while (g_queue_get_length (times) > cap)
    g_free (g_queue_pop_head (times));
}

gboolean
qm_login_limiter_allows (QmLoginLimiter *limiter,
                         const char     *username,
                         const char     *address,
                         gint64          now)
{
  g_autofree char *name = g_utf8_strdown (username, -1);

  return recent (limiter, limiter->users, name, now) < limiter->per_user
         && recent (limiter, limiter->addresses, address, now) < limiter->per_address;
}

void
qm_login_limiter_failed (QmLoginLimiter *limiter,
                         const char     *username,
                         const char     *address,
                         gint64          now)
{
  g_autofree char *name = g_utf8_strdown (username, -1);

  record (limiter, limiter->users, name, limiter->per_user, now);
  record (limiter, limiter->addresses, address, limiter->per_address, now);
}
