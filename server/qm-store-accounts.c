/* qm-store-accounts.c: accounts and session tokens in SQLite.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <string.h>

#include "qm-store-private.h"

#define USER_COLUMNS "id, username, display_name, roles"

QmUser *
_qm_store_user_from_row (sqlite3_stmt *stmt)
{
  QmUser *user = qm_user_new ();

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = qm_db_dup_text (stmt, 1);
  user->display_name = qm_db_dup_text (stmt, 2);
  user->roles = (QmAccountRoles) sqlite3_column_int (stmt, 3);
  return user;
}

QmUser *
qm_store_get_user (QmStore *self,
                   gint64   user_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT " USER_COLUMNS " FROM users WHERE id = ?1;", NULL);
  QmUser *user = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = _qm_store_user_from_row (stmt);
  sqlite3_reset (stmt);
  return user;
}

QmUser *
qm_store_find_user (QmStore     *self,
                    const char  *username,
                    char       **out_password_hash)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT " USER_COLUMNS ", password_hash FROM users "
                                      "WHERE username = ?1;", NULL);
  QmUser *user = NULL;

  *out_password_hash = NULL;
  if (stmt == NULL)
    return NULL;
  qm_db_bind_text (stmt, 1, username);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      user = _qm_store_user_from_row (stmt);
      *out_password_hash = qm_db_dup_text (stmt, 4);
    }
  sqlite3_reset (stmt);
  return user;
}

GPtrArray *
qm_store_list_users (QmStore *self)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT " USER_COLUMNS " FROM users ORDER BY display_name, id;",
                                      NULL);
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_user_free);

  if (stmt == NULL)
    return users;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (users, _qm_store_user_from_row (stmt));
  sqlite3_reset (stmt);
  return users;
}

gint64
qm_store_count_users (QmStore *self)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self), "SELECT count(*) FROM users;", NULL);
  gint64 count = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return count;
}

typedef struct
{
  char           *username;
  char           *display_name;
  char           *password_hash;
  QmAccountRoles  roles;
} NewUser;

static void
new_user_free (gpointer data)
{
  NewUser *user = data;

  g_free (user->username);
  g_free (user->display_name);
  /* The hash is not the password, but it need not linger either. */
  if (user->password_hash != NULL)
    memset (user->password_hash, 0, strlen (user->password_hash));
  g_free (user->password_hash);
  g_free (user);
}

static gboolean
write_user (QmDb     *db,
            gpointer  data,
            gint64   *out_id,
            GError  **error)
{
  NewUser *user = data;
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "INSERT INTO users (username, display_name, password_hash, "
                                      "roles, created_at) VALUES (?1, ?2, ?3, ?4, ?5);",
                                      error);
  g_autoptr(GError) local_error = NULL;

  if (stmt == NULL)
    return FALSE;
  qm_db_bind_text (stmt, 1, user->username);
  qm_db_bind_text (stmt, 2, user->display_name);
  qm_db_bind_text (stmt, 3, user->password_hash);
  sqlite3_bind_int (stmt, 4, user->roles);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!qm_db_step_done (db, stmt, &local_error))
    {
      if (g_error_matches (local_error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
        g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                     "the username '%s' is taken", user->username);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *out_id = sqlite3_last_insert_rowid (qm_db_handle (db));
  return TRUE;
}

void
qm_store_create_user_async (QmStore            *self,
                            const char         *username,
                            const char         *display_name,
                            const char         *password_hash,
                            QmAccountRoles      roles,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  NewUser *user = g_new0 (NewUser, 1);

  user->username = g_strdup (username);
  user->display_name = g_strdup (display_name);
  user->password_hash = g_strdup (password_hash);
  user->roles = roles;
  _qm_store_write (self, write_user, user, new_user_free, callback, user_data);
}

gboolean
qm_store_check_token (QmStore      *self,
                      const guint8 *hash,
                      gint64        now,
                      gint64        idle_seconds,
                      gint64       *out_user_id,
                      gint64       *out_last_used)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT user_id, last_used FROM tokens WHERE hash = ?1;", NULL);
  gboolean valid = FALSE;

  *out_user_id = 0;
  *out_last_used = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, QM_TOKEN_HASH_BYTES, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_user_id = sqlite3_column_int64 (stmt, 0);
      *out_last_used = sqlite3_column_int64 (stmt, 1);
      valid = now - *out_last_used < idle_seconds;
    }
  sqlite3_reset (stmt);
  return valid;
}

typedef struct
{
  guint8 hash[QM_TOKEN_HASH_BYTES];
  gint64 user_id;
  gint64 now;
} TokenChange;

static gboolean
write_token (QmDb     *db,
             gpointer  data,
             gint64   *out_id,
             GError  **error)
{
  TokenChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "INSERT INTO tokens (hash, user_id, created_at, last_used) "
                                      "VALUES (?1, ?2, ?3, ?3);", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, change->hash, QM_TOKEN_HASH_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  sqlite3_bind_int64 (stmt, 3, change->now);
  *out_id = change->user_id;
  return qm_db_step_done (db, stmt, error);
}

static gboolean
touch_token (QmDb     *db,
             gpointer  data,
             gint64   *out_id,
             GError  **error)
{
  TokenChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db, "UPDATE tokens SET last_used = max(last_used, ?2) "
                                          "WHERE hash = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, change->hash, QM_TOKEN_HASH_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, change->now);
  return qm_db_step_done (db, stmt, error);
}

static gboolean
remove_token (QmDb     *db,
              gpointer  data,
              gint64   *out_id,
              GError  **error)
{
  TokenChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db, "DELETE FROM tokens WHERE hash = ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, change->hash, QM_TOKEN_HASH_BYTES, SQLITE_STATIC);
  return qm_db_step_done (db, stmt, error);
}

static gboolean
remove_expired_tokens (QmDb     *db,
                       gpointer  data,
                       gint64   *out_id,
                       GError  **error)
{
  TokenChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db, "DELETE FROM tokens WHERE last_used < ?1;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->now);
  return qm_db_step_done (db, stmt, error);
}

static TokenChange *
token_change_new (const guint8 *hash,
                  gint64        user_id,
                  gint64        now)
{
  TokenChange *change = g_new0 (TokenChange, 1);

  if (hash != NULL)
    memcpy (change->hash, hash, QM_TOKEN_HASH_BYTES);
  change->user_id = user_id;
  change->now = now;
  return change;
}

void
qm_store_create_token_async (QmStore            *self,
                             const guint8       *hash,
                             gint64              user_id,
                             gint64              now,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  _qm_store_write (self, write_token, token_change_new (hash, user_id, now), g_free,
                   callback, user_data);
}

void
qm_store_touch_token (QmStore      *self,
                      const guint8 *hash,
                      gint64        now)
{
  _qm_store_write (self, touch_token, token_change_new (hash, 0, now), g_free, NULL, NULL);
}

void
qm_store_delete_token_async (QmStore            *self,
                             const guint8       *hash,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  _qm_store_write (self, remove_token, token_change_new (hash, 0, 0), g_free, callback, user_data);
}

void
qm_store_delete_expired_tokens (QmStore *self,
                                gint64   older_than)
{
  _qm_store_write (self, remove_expired_tokens, token_change_new (NULL, 0, older_than), g_free,
                   NULL, NULL);
}
