/* qm-db.c: one SQLite connection, its prepared-statement cache and error translation.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-db"

#include "config.h"

#include <quorum/qm-protocol-error.h>

#include "qm-db.h"

struct _QmDb
{
  sqlite3    *handle;
  GHashTable *statements;      /* SQL address → sqlite3_stmt */
};

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
set_error (sqlite3  *handle,
           int       rc,
           GError  **error)
{
  int code = rc & 0xff;
  QmProtocolError kind;

  switch (code)
    {
    case SQLITE_CONSTRAINT:
      kind = QM_PROTOCOL_ERROR_CONFLICT;
      break;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
      kind = QM_PROTOCOL_ERROR_UNAVAILABLE;
      break;
    default:
      kind = QM_PROTOCOL_ERROR_INTERNAL;
      break;
    }

  g_set_error (error, QM_PROTOCOL_ERROR, kind, "database: %s",
               handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
  return FALSE;
}

QmDb *
qm_db_open (const char  *path,
            QmDbMode     mode,
            GError     **error)
{
  g_autoptr(QmDb) db = g_new0 (QmDb, 1);
  int flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  flags |= mode == QM_DB_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  db->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  rc = sqlite3_open_v2 (path, &db->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (db->handle, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (db->handle, TRUE);
  /* The writer holds its lock only for a batch; readers in WAL never wait on it. */
  sqlite3_busy_timeout (db->handle, 5000);

  if (!qm_db_exec (db, "PRAGMA foreign_keys = ON;", error))
    return NULL;
  if (mode == QM_DB_READ_WRITE
      && !qm_db_exec (db,
                      "PRAGMA journal_mode = WAL;"
                      "PRAGMA synchronous = FULL;"
                      "PRAGMA secure_delete = ON;",
                      error))
    return NULL;

  return g_steal_pointer (&db);
}

void
qm_db_close (QmDb *db)
{
  if (db == NULL)
    return;
  g_clear_pointer (&db->statements, g_hash_table_unref);
  sqlite3_close (db->handle);
  g_free (db);
}

sqlite3 *
qm_db_handle (QmDb *db)
{
  return db->handle;
}

sqlite3_stmt *
qm_db_prepare (QmDb        *db,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (db->handle, rc, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
qm_db_exec (QmDb        *db,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error (db->handle, rc, error);
  return TRUE;
}

gboolean
qm_db_step_done (QmDb          *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_error (db->handle, rc, error);
  return TRUE;
}

gboolean
qm_db_fail (QmDb    *db,
            GError **error)
{
  return set_error (db->handle, sqlite3_extended_errcode (db->handle), error);
}

gint64
qm_db_int_pragma (QmDb       *db,
                  const char *pragma)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s;", pragma);
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

void
qm_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
qm_db_dup_text (sqlite3_stmt *stmt,
                int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text ? (const char *) text : "");
}
