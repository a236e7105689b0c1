/* qm-store-annotations.c: annotations in SQLite, with the ownership, rev and
 * per-user limit checks made inside the writer's transaction.
 *
 * The checks run on the writer thread, in commit order, so two connections
 * of one author racing with the same rev cannot both win, and a limit
 * cannot be overrun by puts that were all under it when they were sent.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include "qm-store-private.h"

typedef struct
{
  gint64        meeting_id;
  char         *id;
  gint64        author;
  /* a put; json NULL for a delete */
  char         *doc;
  gint64        page;
  gboolean      shared;
  gint64        rev;
  char         *json;
  gsize         bytes;
  guint         max_count;
  guint64       max_bytes;
  /* what the writer found, read on the main thread once it is done */
  gboolean      existed;
  gboolean      was_shared;
  QmAnnotation *stored;
} AnnotationChange;

static void
annotation_change_free (gpointer data)
{
  AnnotationChange *change = data;

  g_free (change->id);
  g_free (change->doc);
  g_free (change->json);
  g_clear_pointer (&change->stored, qm_annotation_free);
  g_free (change);
}

void
qm_annotation_outcome_clear (QmAnnotationOutcome *outcome)
{
  g_clear_pointer (&outcome->stored, qm_annotation_free);
}

/* Looks the id up and applies the ownership rule; fills *out_rev and
 * *out_bytes when the author's annotation exists. */
static gboolean
check_owner (QmDb              *db,
             AnnotationChange  *change,
             gint64            *out_rev,
             gint64            *out_bytes,
             char             **out_json,
             GError           **error)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT author, shared, rev, bytes, json FROM annotations "
                                          "WHERE meeting_id = ?1 AND id = ?2;", error);
  gint64 author;
  gboolean shared;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      qm_db_fail (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  author = sqlite3_column_int64 (stmt, 0);
  shared = sqlite3_column_int (stmt, 1) != 0;
  *out_rev = sqlite3_column_int64 (stmt, 2);
  *out_bytes = sqlite3_column_int64 (stmt, 3);
  if (out_json != NULL)
    *out_json = qm_db_dup_text (stmt, 4);
  sqlite3_reset (stmt);

  /* Someone else's: exactly as if it did not exist when private, and never a copy. */
  if (author != change->author)
    {
      if (shared)
        g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN,
                             "only its author may change or delete an annotation");
      else
        g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND,
                             "no such annotation");
      if (out_json != NULL)
        g_clear_pointer (out_json, g_free);
      return FALSE;
    }

  change->existed = TRUE;
  change->was_shared = shared;
  return TRUE;
}

static gboolean
check_limits (QmDb              *db,
              AnnotationChange  *change,
              gint64             old_bytes,
              GError           **error)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT count(*), coalesce(sum(bytes), 0) FROM annotations "
                                          "WHERE meeting_id = ?1 AND author = ?2 AND id != ?3;",
                                      error);
  gint64 count, bytes;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, change->author);
  qm_db_bind_text (stmt, 3, change->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      qm_db_fail (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  count = sqlite3_column_int64 (stmt, 0);
  bytes = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  /* A change that adds nothing is always let through, so lowering a limit
   * never keeps an author from trimming what they have. */
  if (!change->existed && (guint64) count + 1 > change->max_count)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "annotation limit reached: at most %u annotations per user in a meeting",
                   change->max_count);
      return FALSE;
    }
  if ((gint64) change->bytes > old_bytes
      && (guint64) bytes + change->bytes > change->max_bytes)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "annotation limit reached: at most %" G_GUINT64_FORMAT
                   " bytes of annotations per user in a meeting", change->max_bytes);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_put (QmDb     *db,
           gpointer  data,
           gint64   *out_id,
           GError  **error)
{
  AnnotationChange *change = data;
  g_autofree char *stored_json = NULL;
  gint64 rev = 0, old_bytes = 0;
  sqlite3_stmt *stmt;

  if (!check_owner (db, change, &rev, &old_bytes, &stored_json, error))
    return FALSE;

  if (!change->existed && change->rev != 1)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "a new annotation has rev 1");
      return FALSE;
    }
  if (change->existed && change->rev != rev + 1)
    {
      g_autoptr(GError) parse_error = NULL;

      change->stored = qm_annotation_parse (stored_json, -1, &parse_error);
      if (change->stored == NULL)
        g_message ("stored annotation %s cannot be read: %s", change->id, parse_error->message);
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                   "the stored rev is %" G_GINT64_FORMAT "; a change must carry rev %" G_GINT64_FORMAT,
                   rev, rev + 1);
      return FALSE;
    }
  if (!check_limits (db, change, old_bytes, error))
    return FALSE;

  if (change->existed)
    stmt = qm_db_prepare (db, "UPDATE annotations SET doc = ?3, page = ?4, shared = ?5, rev = ?6, "
                              "bytes = ?7, json = ?8 WHERE meeting_id = ?1 AND id = ?2;", error);
  else
    stmt = qm_db_prepare (db, "INSERT INTO annotations (meeting_id, id, doc, page, shared, rev, "
                              "bytes, json, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->id);
  qm_db_bind_text (stmt, 3, change->doc);
  sqlite3_bind_int64 (stmt, 4, change->page);
  sqlite3_bind_int (stmt, 5, change->shared);
  sqlite3_bind_int64 (stmt, 6, change->rev);
  sqlite3_bind_int64 (stmt, 7, (gint64) change->bytes);
  sqlite3_bind_text (stmt, 8, change->json, (int) change->bytes, SQLITE_STATIC);
  if (!change->existed)
    sqlite3_bind_int64 (stmt, 9, change->author);
  return qm_db_step_done (db, stmt, error);
}

static gboolean
write_delete (QmDb     *db,
              gpointer  data,
              gint64   *out_id,
              GError  **error)
{
  AnnotationChange *change = data;
  gint64 rev = 0, bytes = 0;
  sqlite3_stmt *stmt;

  if (!check_owner (db, change, &rev, &bytes, NULL, error))
    return FALSE;
  if (!change->existed)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND,
                           "no such annotation");
      return FALSE;
    }
  if (!(stmt = qm_db_prepare (db, "DELETE FROM annotations WHERE meeting_id = ?1 AND id = ?2;",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->id);
  return qm_db_step_done (db, stmt, error);
}

static void
change_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The writer fills the change in; the task keeps it (the job does not free
 * it) so its findings reach the finish function. */
static void
queue_change (QmStore             *self,
              QmStoreWriteFunc     func,
              AnnotationChange    *change,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, queue_change);
  g_task_set_task_data (task, change, annotation_change_free);
  _qm_store_write (self, func, change, NULL, change_written, task);
}

void
qm_store_put_annotation_async (QmStore            *self,
                               gint64              meeting_id,
                               const QmAnnotation *annotation,
                               guint               max_count,
                               guint64             max_bytes,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  AnnotationChange *change = g_new0 (AnnotationChange, 1);

  g_return_if_fail (QM_IS_STORE (self));
  g_return_if_fail (annotation != NULL && annotation->author > 0);

  change->meeting_id = meeting_id;
  change->id = g_strdup (annotation->id);
  change->author = annotation->author;
  change->doc = g_strdup (annotation->doc);
  change->page = annotation->page;
  change->shared = annotation->shared;
  change->rev = annotation->rev;
  change->json = qm_annotation_serialize (annotation, &change->bytes);
  change->max_count = max_count;
  change->max_bytes = max_bytes;
  queue_change (self, write_put, change, callback, user_data);
}

void
qm_store_delete_annotation_async (QmStore            *self,
                                  gint64              meeting_id,
                                  const char         *id,
                                  gint64              author,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  AnnotationChange *change = g_new0 (AnnotationChange, 1);

  g_return_if_fail (QM_IS_STORE (self));

  change->meeting_id = meeting_id;
  change->id = g_strdup (id);
  change->author = author;
  queue_change (self, write_delete, change, callback, user_data);
}

gboolean
qm_store_annotation_finish (QmStore              *self,
                            GAsyncResult         *result,
                            QmAnnotationOutcome  *out_outcome,
                            GError              **error)
{
  AnnotationChange *change;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == queue_change, FALSE);

  change = g_task_get_task_data (G_TASK (result));
  if (out_outcome != NULL)
    {
      out_outcome->existed = change->existed;
      out_outcome->was_shared = change->was_shared;
      out_outcome->stored = g_steal_pointer (&change->stored);
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
qm_store_list_annotations (QmStore    *self,
                           gint64      meeting_id,
                           gint64      user_id,
                           const char *doc)
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_annotation_free);
  sqlite3_stmt *stmt;

  if (doc != NULL)
    stmt = qm_db_prepare (_qm_store_reader (self),
                          "SELECT id, json FROM annotations WHERE meeting_id = ?1 "
                          "AND (author = ?2 OR shared = 1) AND doc = ?3 ORDER BY rowid;", NULL);
  else
    stmt = qm_db_prepare (_qm_store_reader (self),
                          "SELECT id, json FROM annotations WHERE meeting_id = ?1 "
                          "AND (author = ?2 OR shared = 1) ORDER BY rowid;", NULL);
  if (stmt == NULL)
    return annotations;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (doc != NULL)
    qm_db_bind_text (stmt, 3, doc);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      const char *json = (const char *) sqlite3_column_text (stmt, 1);
      QmAnnotation *annotation = qm_annotation_parse (json, sqlite3_column_bytes (stmt, 1), &error);

      if (annotation != NULL)
        g_ptr_array_add (annotations, annotation);
      else
        g_message ("stored annotation %s cannot be read: %s",
                   (const char *) sqlite3_column_text (stmt, 0), error->message);
    }
  sqlite3_reset (stmt);
  return annotations;
}
