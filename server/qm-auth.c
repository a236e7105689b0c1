/* qm-auth.c: password hashing on a bounded pool, tokens, login and logout.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-auth"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sodium.h>

#include "qm-auth.h"
#include "qm-login-limiter.h"
#include "qm-password.h"

#define TOKEN_BYTES 32
/* Restarting the idle clock costs a write; a minute's precision is plenty. */
#define TOUCH_EVERY_SECONDS 60

/* Verified against when the username does not exist, so that a wrong name
 * costs the same time as a wrong password and names cannot be probed. */
static const char dummy_hash[] =
  "$argon2id$v=19$m=65536,t=2,p=1$oQ1LMCVB6fXbkNT29dLpHQ$1gBKZDMh8Dil/lsH73eigvr5bv+sSvkkv4aMilli5F4";

/* A token checked a moment ago is not looked up again: each request would
 * otherwise cost two SQLite reads. Logout drops the entry at once. */
#define TOKEN_CACHE_SECONDS 10
#define TOKEN_CACHE_MAX     10000

typedef struct
{
  QmUser *user;
  gint64  last_used;      /* wall clock, seconds */
  gint64  checked_at;     /* monotonic, microseconds */
} CachedToken;

struct _QmAuth
{
  GObject         parent_instance;

  QmStore        *store;
  GThreadPool    *pool;
  QmLoginLimiter *limiter;
  gint64          idle_seconds;
  GHashTable     *tokens;   /* GBytes of the token hash → CachedToken */
};

static void
cached_token_free (CachedToken *cached)
{
  qm_user_free (cached->user);
  g_free (cached);
}

static QmUser *
user_dup (const QmUser *user)
{
  QmUser *copy = qm_user_new ();

  copy->id = user->id;
  copy->username = g_strdup (user->username);
  copy->display_name = g_strdup (user->display_name);
  copy->roles = user->roles;
  return copy;
}

G_DEFINE_FINAL_TYPE (QmAuth, qm_auth, G_TYPE_OBJECT)

void
qm_caller_free (QmCaller *caller)
{
  if (caller == NULL)
    return;
  qm_user_free (caller->user);
  g_free (caller);
}

gboolean
qm_auth_init_crypto (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INTERNAL,
                           "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}


typedef struct
{
  GTask *task;
  char  *password;
  char  *hash;      /* NULL: make a hash; otherwise verify against it */
} HashJob;

static void
hash_job_free (HashJob *job)
{
  g_clear_object (&job->task);
  secret_free (job->password);
  g_free (job->hash);
  g_free (job);
}

char *
qm_auth_hash_password (const char  *password,
                       GError     **error)
{
  /* Once, off the serving path: no memory kept for it. */
  return qm_password_hash (NULL, password, error);
}

/* Each worker's own 64 MiB (qm-password.h), freed when the worker ends. */
static GPrivate worker_arena = G_PRIVATE_INIT ((GDestroyNotify) qm_password_arena_free);

static void
run_hash_job (gpointer data,
              gpointer user_data)
{
  HashJob *job = data;
  QmPasswordArena *arena = g_private_get (&worker_arena);

  /* Hashing may take every core; the main loop must still answer at once.
   * (SCHED_IDLE measured no better, and could starve logins on a busy box.) */
  if (arena == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19);
      arena = qm_password_arena_new ();
      g_private_set (&worker_arena, arena);
    }

  if (job->hash == NULL)
    {
      GError *error = NULL;
      char *hash = qm_password_hash (arena, job->password, &error);

      if (hash != NULL)
        g_task_return_pointer (job->task, hash, g_free);
      else
        g_task_return_error (job->task, error);
    }
  else
    {
      gboolean match = qm_password_verify (arena, job->hash, job->password);

      g_task_return_boolean (job->task, match);
    }

  hash_job_free (job);
}

static void
queue_hash_job (QmAuth     *self,
                GTask      *task,
                const char *password,
                const char *hash)
{
  HashJob *job = g_new0 (HashJob, 1);

  job->task = g_object_ref (task);
  job->password = g_strdup (password);
  job->hash = g_strdup (hash);
  g_thread_pool_push (self->pool, job, NULL);
}

void
qm_auth_hash_password_async (QmAuth             *self,
                             const char         *password,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, qm_auth_hash_password_async);
  queue_hash_job (self, task, password, NULL);
}

char *
qm_auth_hash_password_finish (QmAuth        *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
hash_token (const char *token,
            guint8     *out_hash)
{
  crypto_hash_sha256 (out_hash, (const guint8 *) token, strlen (token));
}

/* Login */

typedef struct
{
  char             *username;
  char             *address;
  QmUser           *user;
  char             *token;
  guint8            token_hash[QM_TOKEN_HASH_BYTES];
} Login;

static void
login_free (Login *login)
{
  g_free (login->username);
  g_free (login->address);
  qm_user_free (login->user);
  secret_free (login->token);
  g_free (login);
}

static void
token_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Login *login = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  QmLoginResponse *response;

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  response = qm_login_response_new ();
  response->token = g_steal_pointer (&login->token);
  response->user = g_steal_pointer (&login->user);
  g_task_return_pointer (task, response, (GDestroyNotify) qm_login_response_free);
}

static void
password_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  QmAuth *self = QM_AUTH (source);
  g_autoptr(GTask) task = user_data;
  Login *login = g_task_get_task_data (task);
  guint8 random[TOKEN_BYTES];
  gboolean match;

  match = g_task_propagate_boolean (G_TASK (result), NULL);
  if (!match || login->user == NULL)
    {
      qm_login_limiter_failed (self->limiter, login->username, login->address,
                               g_get_monotonic_time () / G_USEC_PER_SEC);
      g_task_return_new_error (task, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNAUTHORIZED,
                               "wrong username or password");
      return;
    }

  randombytes_buf (random, sizeof random);
  login->token = g_malloc (TOKEN_BYTES * 2 + 1);
  sodium_bin2hex (login->token, TOKEN_BYTES * 2 + 1, random, sizeof random);
  sodium_memzero (random, sizeof random);
  hash_token (login->token, login->token_hash);

  qm_store_create_token_async (self->store, login->token_hash, login->user->id,
                               g_get_real_time () / G_USEC_PER_SEC, token_stored,
                               g_steal_pointer (&task));
}

void
qm_auth_login_async (QmAuth             *self,
                     const char         *username,
                     const char         *password,
                     const char         *address,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GTask) check = NULL;
  g_autofree char *hash = NULL;
  Login *login = g_new0 (Login, 1);

  g_task_set_source_tag (task, qm_auth_login_async);
  login->username = g_strdup (username);
  login->address = g_strdup (address ? address : "");
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);

  if (!qm_login_limiter_allows (self->limiter, login->username, login->address,
                                g_get_monotonic_time () / G_USEC_PER_SEC))
    {
      g_task_return_new_error (task, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_RATE_LIMITED,
                               "too many failed logins; wait a few minutes and try again");
      return;
    }

  login->user = qm_store_find_user (self->store, username, &hash);
  check = g_task_new (self, NULL, password_checked, g_steal_pointer (&task));
  queue_hash_job (self, check, password, login->user ? hash : dummy_hash);
}

QmLoginResponse *
qm_auth_login_finish (QmAuth        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tokens */

QmCaller *
qm_auth_check_token (QmAuth      *self,
                     const char  *token,
                     GError     **error)
{
  g_autoptr(QmCaller) caller = g_new0 (QmCaller, 1);
  g_autoptr(GBytes) key = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 user_id, last_used;
  CachedToken *cached;

  if (token == NULL || token[0] == '\0' || strlen (token) > QM_MAX_TOKEN_BYTES)
    goto invalid;

  hash_token (token, caller->token_hash);
  key = g_bytes_new (caller->token_hash, QM_TOKEN_HASH_BYTES);
  cached = g_hash_table_lookup (self->tokens, key);
  if (cached != NULL && g_get_monotonic_time () - cached->checked_at < TOKEN_CACHE_SECONDS * G_USEC_PER_SEC
      && now - cached->last_used < self->idle_seconds)
    {
      caller->user = user_dup (cached->user);
      return g_steal_pointer (&caller);
    }

  if (!qm_store_check_token (self->store, caller->token_hash, now, self->idle_seconds,
                             &user_id, &last_used)
      || !(caller->user = qm_store_get_user (self->store, user_id)))
    {
      g_hash_table_remove (self->tokens, key);
      goto invalid;
    }

  if (now - last_used >= TOUCH_EVERY_SECONDS)
    {
      qm_store_touch_token (self->store, caller->token_hash, now);
      last_used = now;
    }

  if (g_hash_table_size (self->tokens) >= TOKEN_CACHE_MAX)
    g_hash_table_remove_all (self->tokens);
  cached = g_new0 (CachedToken, 1);
  cached->user = user_dup (caller->user);
  cached->last_used = last_used;
  cached->checked_at = g_get_monotonic_time ();
  g_hash_table_replace (self->tokens, g_steal_pointer (&key), cached);
  return g_steal_pointer (&caller);

invalid:
  g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNAUTHORIZED,
                       "missing, wrong or expired token; log in again");
  return NULL;
}

gboolean
qm_auth_check_token_hash (QmAuth       *self,
                          const guint8 *token_hash)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 user_id, last_used;

  if (!qm_store_check_token (self->store, token_hash, now, self->idle_seconds, &user_id,
                             &last_used))
    return FALSE;
  if (now - last_used >= TOUCH_EVERY_SECONDS)
    qm_store_touch_token (self->store, token_hash, now);
  return TRUE;
}

static void
token_deleted (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
qm_auth_logout_async (QmAuth             *self,
                      const QmCaller     *caller,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GBytes) key = g_bytes_new (caller->token_hash, QM_TOKEN_HASH_BYTES);

  g_task_set_source_tag (task, qm_auth_logout_async);
  g_hash_table_remove (self->tokens, key);
  qm_store_delete_token_async (self->store, caller->token_hash, token_deleted, task);
}

gboolean
qm_auth_logout_finish (QmAuth        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Object */

QmAuth *
qm_auth_new (QmStore        *store,
             const QmConfig *config)
{
  QmAuth *self = g_object_new (QM_TYPE_AUTH, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  self->idle_seconds = config->token_idle_seconds;
  self->tokens = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                        (GDestroyNotify) cached_token_free);
  self->limiter = qm_login_limiter_new (config->login_failures_per_user,
                                        config->login_failures_per_address,
                                        config->login_window_seconds);
  /* Each hash takes 64 MiB: a burst of logins queues here instead of
   * allocating for all of them at once. The workers start now and stay:
   * a shared pool would start a thread inside g_thread_pool_push, on the
   * main loop (measured: 7–15 ms here), and would hand our niced threads
   * to other pools. */
  self->pool = g_thread_pool_new (run_hash_job, NULL, MAX (config->hash_workers, 1), TRUE, &error);
  if (self->pool == NULL)
    {
      g_message ("password workers start on demand: %s", error->message);
      self->pool = g_thread_pool_new (run_hash_job, NULL, MAX (config->hash_workers, 1), FALSE,
                                      NULL);
    }
  return self;
}

static void
qm_auth_finalize (GObject *object)
{
  QmAuth *self = (QmAuth *) object;

  /* Pending jobs hold a reference to us through their tasks, so none is left. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_clear_pointer (&self->limiter, qm_login_limiter_free);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (qm_auth_parent_class)->finalize (object);
}

static void
qm_auth_class_init (QmAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qm_auth_finalize;
}

static void
qm_auth_init (QmAuth *self)
{
}
