/* qm-annotation-db.c: the annotation store's SQLite file, one schema for
 * every (server, user, meeting) on this machine, in WAL mode with full sync:
 * it holds edits the server has not seen yet.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-db"

#include "config.h"

#include <errno.h>

#include <sqlite3.h>

#include "qm-annotation-db-private.h"
#include "qm-annotation-store.h"

#define SCHEMA_VERSION 1

struct _QmAnnotationDb
{
  sqlite3 *handle;
  gint64   scope;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char schema[] =
  /* One row per (server, user, meeting) whose annotations are kept here. */
  "CREATE TABLE scopes ("
  "  id         INTEGER PRIMARY KEY,"
  "  server     TEXT NOT NULL,"
  "  user_id    INTEGER NOT NULL,"
  "  meeting_id INTEGER NOT NULL,"
  "  UNIQUE (server, user_id, meeting_id));"
  /* The server's copy of each annotation the user may see, as last heard;
   * position keeps the server's order (oldest first). */
  "CREATE TABLE known ("
  "  scope    INTEGER NOT NULL REFERENCES scopes (id) ON DELETE CASCADE,"
  "  id       TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  json     TEXT NOT NULL,"
  "  PRIMARY KEY (scope, id)) WITHOUT ROWID;"
  /* The user's edits the server has not acknowledged, in the order made.
   * base_rev: the rev a put builds on (it is sent with base_rev + 1); -1
   * while it waits for the edit before it on the same annotation. */
  "CREATE TABLE outbox ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  scope      INTEGER NOT NULL REFERENCES scopes (id) ON DELETE CASCADE,"
  "  annotation TEXT NOT NULL,"
  "  op         TEXT NOT NULL CHECK (op IN ('put', 'delete')),"
  "  json       TEXT,"
  "  base_rev   INTEGER NOT NULL);"
  "CREATE INDEX outbox_by_scope ON outbox (scope, seq);";

static gboolean
set_error (QmAnnotationDb  *db,
           GError         **error)
{
  g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_DATABASE,
               "Annotation database: %s", sqlite3_errmsg (db->handle));
  return FALSE;
}

static gboolean
exec (QmAnnotationDb  *db,
      const char      *sql,
      GError         **error)
{
  if (sqlite3_exec (db->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_error (db, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (QmAnnotationDb  *db,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (db, error);
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (QmAnnotationDb  *db,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_error (db, error);
  return TRUE;
}

static gint64
int_query (QmAnnotationDb  *db,
           const char      *sql,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_error (db, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
ensure_schema (QmAnnotationDb  *db,
               GError         **error)
{
  gint64 version;

  /* Immediate: two processes opening a new file at once must not both
   * create the schema. */
  if (!exec (db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  version = int_query (db, "PRAGMA user_version;", error);
  if (version < 0)
    goto fail;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_DATABASE,
                   "Annotation database: written by a newer version (schema %" G_GINT64_FORMAT ")",
                   version);
      goto fail;
    }
  if (version == 0)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", SCHEMA_VERSION);

      if (!exec (db, schema, error) || !exec (db, bump, error))
        goto fail;
    }
  return exec (db, "COMMIT;", error);

fail:
  sqlite3_exec (db->handle, "ROLLBACK;", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
ensure_scope (QmAnnotationDb  *db,
              const char      *server_url,
              gint64           user_id,
              gint64           meeting_id,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;

  insert = prepare (db, "INSERT OR IGNORE INTO scopes (server, user_id, meeting_id) VALUES (?, ?, ?);",
                    error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, server_url, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, user_id);
  sqlite3_bind_int64 (insert, 3, meeting_id);
  if (!step_done (db, insert, error))
    return FALSE;

  select = prepare (db, "SELECT id FROM scopes WHERE server = ? AND user_id = ? AND meeting_id = ?;",
                    error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, server_url, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (select, 2, user_id);
  sqlite3_bind_int64 (select, 3, meeting_id);
  if (sqlite3_step (select) != SQLITE_ROW)
    return set_error (db, error);
  db->scope = sqlite3_column_int64 (select, 0);
  return TRUE;
}

QmAnnotationDb *
_qm_annotation_db_open (const char  *path,
                        const char  *server_url,
                        gint64       user_id,
                        gint64       meeting_id,
                        GError     **error)
{
  QmAnnotationDb *db = g_new0 (QmAnnotationDb, 1);
  g_autofree char *directory = g_path_get_dirname (path);
  int rc;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_DATABASE,
                   "Annotation database: cannot create %s: %s", directory,
                   g_strerror (saved_errno));
      g_free (db);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_extended_result_codes (db->handle, TRUE);
  sqlite3_busy_timeout (db->handle, 5000);

  /* Full sync: an edit is on disk before put returns, power cut or not. */
  if (!exec (db, "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 "PRAGMA foreign_keys = ON;", NULL)
      || !ensure_schema (db, error)
      || !ensure_scope (db, server_url, user_id, meeting_id, error))
    goto fail_set;
  return db;

fail:
  g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_DATABASE,
               "Annotation database: cannot open %s: %s", path,
               db->handle != NULL ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
  _qm_annotation_db_close (db);
  return NULL;

fail_set:
  if (error != NULL && *error == NULL)
    set_error (db, error);
  _qm_annotation_db_close (db);
  return NULL;
}

void
_qm_annotation_db_close (QmAnnotationDb *db)
{
  if (db == NULL)
    return;
  sqlite3_close (db->handle);
  g_free (db);
}

static QmAnnotation *
column_annotation (sqlite3_stmt *stmt,
                   int           column)
{
  const char *json = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GError) error = NULL;
  QmAnnotation *annotation;

  if (json == NULL)
    return NULL;
  annotation = qm_annotation_parse (json, -1, &error);
  if (annotation == NULL)
    g_debug ("skipping a damaged row: %s", error->message);
  return annotation;
}

gboolean
_qm_annotation_db_load (QmAnnotationDb          *db,
                        QmAnnotationDbKnownFunc  known_func,
                        QmAnnotationDbOpFunc     op_func,
                        gpointer                 user_data,
                        GError                 **error)
{
  g_autoptr(sqlite3_stmt) known = NULL;
  g_autoptr(sqlite3_stmt) outbox = NULL;
  int rc;

  known = prepare (db, "SELECT position, json FROM known WHERE scope = ? ORDER BY position;", error);
  if (known == NULL)
    return FALSE;
  sqlite3_bind_int64 (known, 1, db->scope);
  while ((rc = sqlite3_step (known)) == SQLITE_ROW)
    {
      QmAnnotation *annotation = column_annotation (known, 1);

      if (annotation != NULL)
        known_func (sqlite3_column_int64 (known, 0), annotation, user_data);
    }
  if (rc != SQLITE_DONE)
    return set_error (db, error);

  outbox = prepare (db, "SELECT seq, annotation, op, json, base_rev FROM outbox"
                        " WHERE scope = ? ORDER BY seq;", error);
  if (outbox == NULL)
    return FALSE;
  sqlite3_bind_int64 (outbox, 1, db->scope);
  while ((rc = sqlite3_step (outbox)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (outbox, 1);
      const char *op = (const char *) sqlite3_column_text (outbox, 2);
      QmAnnotation *put = NULL;

      if (g_strcmp0 (op, "put") == 0 && (put = column_annotation (outbox, 3)) == NULL)
        continue;
      if (id == NULL || !qm_is_uuid (id))
        {
          g_clear_pointer (&put, qm_annotation_free);
          continue;
        }
      op_func (sqlite3_column_int64 (outbox, 0), id, put, sqlite3_column_int64 (outbox, 4),
               user_data);
    }
  if (rc != SQLITE_DONE)
    return set_error (db, error);
  return TRUE;
}

gboolean
_qm_annotation_db_begin (QmAnnotationDb  *db,
                         GError         **error)
{
  return exec (db, "BEGIN IMMEDIATE;", error);
}

gboolean
_qm_annotation_db_commit (QmAnnotationDb  *db,
                          GError         **error)
{
  return exec (db, "COMMIT;", error);
}

void
_qm_annotation_db_rollback (QmAnnotationDb *db)
{
  sqlite3_exec (db->handle, "ROLLBACK;", NULL, NULL, NULL);
}

gboolean
_qm_annotation_db_put_known (QmAnnotationDb      *db,
                             const QmAnnotation  *annotation,
                             gint64               position,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = qm_annotation_serialize (annotation, NULL);

  stmt = prepare (db, "INSERT OR REPLACE INTO known (scope, id, position, json) VALUES (?, ?, ?, ?);",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, db->scope);
  sqlite3_bind_text (stmt, 2, annotation->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  return step_done (db, stmt, error);
}

gboolean
_qm_annotation_db_delete_known (QmAnnotationDb  *db,
                                const char      *id,
                                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "DELETE FROM known WHERE scope = ? AND id = ?;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, db->scope);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  return step_done (db, stmt, error);
}

gboolean
_qm_annotation_db_clear_known (QmAnnotationDb  *db,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "DELETE FROM known WHERE scope = ?;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, db->scope);
  return step_done (db, stmt, error);
}

static void
bind_op (sqlite3_stmt       *stmt,
         const char         *id,
         const QmAnnotation *put,
         gint64              base_rev,
         char              **out_json)
{
  *out_json = put != NULL ? qm_annotation_serialize (put, NULL) : NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, put != NULL ? "put" : "delete", -1, SQLITE_STATIC);
  if (*out_json != NULL)
    sqlite3_bind_text (stmt, 3, *out_json, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, base_rev);
}

gint64
_qm_annotation_db_add_op (QmAnnotationDb      *db,
                          const char          *id,
                          const QmAnnotation  *put,
                          gint64               base_rev,
                          GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;

  stmt = prepare (db, "INSERT INTO outbox (annotation, op, json, base_rev, scope)"
                      " VALUES (?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    return 0;
  bind_op (stmt, id, put, base_rev, &json);
  sqlite3_bind_int64 (stmt, 5, db->scope);
  if (!step_done (db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (db->handle);
}

gboolean
_qm_annotation_db_update_op (QmAnnotationDb      *db,
                             gint64               seq,
                             const char          *id,
                             const QmAnnotation  *put,
                             gint64               base_rev,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;

  stmt = prepare (db, "UPDATE outbox SET annotation = ?, op = ?, json = ?, base_rev = ?"
                      " WHERE seq = ? AND scope = ?;", error);
  if (stmt == NULL)
    return FALSE;
  bind_op (stmt, id, put, base_rev, &json);
  sqlite3_bind_int64 (stmt, 5, seq);
  sqlite3_bind_int64 (stmt, 6, db->scope);
  return step_done (db, stmt, error);
}

gboolean
_qm_annotation_db_remove_op (QmAnnotationDb  *db,
                             gint64           seq,
                             GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "DELETE FROM outbox WHERE seq = ? AND scope = ?;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, db->scope);
  return step_done (db, stmt, error);
}
