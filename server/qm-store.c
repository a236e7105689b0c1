/* qm-store.c: opening and migrating the database, and the writer thread that
 * commits changes in groups.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <errno.h>

#include "qm-record.h"
#include "qm-store-private.h"

/* Most changes a batch takes; more wait for the next one. */
#define MAX_BATCH 512

struct _QmStore
{
  GObject       parent_instance;

  char         *path;
  QmDb         *reader;
  QmDb         *writer;       /* owned by the writer thread once it runs */
  GThread      *thread;
  GAsyncQueue  *queue;        /* of WriteJob */
  char         *epoch;

  gint          generation;   /* bumped by the writer after every batch */
  GHashTable   *readable;     /* "docid/user" → readable, as of readable_generation */
  gint          readable_generation;
};

G_DEFINE_FINAL_TYPE (QmStore, qm_store, G_TYPE_OBJECT)

typedef struct
{
  QmStoreWriteFunc  func;     /* NULL: stop */
  gpointer          data;
  GDestroyNotify    destroy;
  GTask            *task;
  gint64            id;
  GError           *error;
  gboolean          checkpoint;   /* fold and truncate the WAL once committed */
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  if (job->destroy)
    job->destroy (job->data);
  g_clear_object (&job->task);
  g_clear_error (&job->error);
  g_free (job);
}

/* Each entry moves the schema from version i to i + 1; never edit one that
 * has shipped, add a new one. */
static const char *migrations[] = {
  /* 0 → 1: accounts, meetings, agenda, documents */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  display_name TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  roles INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE tokens ("
  "  hash BLOB PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  last_used INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX tokens_by_user ON tokens(user_id);"
  "CREATE TABLE meetings ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  starts_at TEXT NOT NULL,"
  "  starts_at_unix INTEGER NOT NULL,"
  "  location TEXT NOT NULL DEFAULT '',"
  "  require_quorum INTEGER NOT NULL DEFAULT 0,"
  "  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE participants ("
  "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'delegate', 'observer')),"
  "  proxy_holder INTEGER REFERENCES users(id),"
  "  PRIMARY KEY (meeting_id, user_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX participants_by_user ON participants(user_id);"
  "CREATE TABLE agenda_items ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX agenda_by_meeting ON agenda_items(meeting_id, position);"
  "CREATE TABLE documents ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  pages INTEGER NOT NULL,"
  "  bytes INTEGER NOT NULL,"
  "  page_sizes BLOB,"
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE document_uploaders ("
  "  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (document_id, user_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE item_documents ("
  "  item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,"
  "  document_id TEXT NOT NULL REFERENCES documents(id),"
  "  title TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (item_id, document_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX item_documents_by_document ON item_documents(document_id);",

  /* 1 → 2: the live meeting: event numbers handed out in blocks, and where
   * the presenter is */
  "CREATE TABLE meeting_live ("
  "  meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,"
  "  seq_reserved INTEGER NOT NULL DEFAULT 0,"
  "  presenter_user INTEGER REFERENCES users(id) ON DELETE SET NULL,"
  "  doc TEXT,"
  "  page INTEGER"
  ");",

  /* 2 → 3: votes. Who may and did vote is kept apart from the counts; a
   * ballot row (member, choice) exists only for named votes. No row of a
   * secret vote carries a time or an order that could pair them. */
  "CREATE TABLE votes ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"
  "  item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,"
  "  secret INTEGER NOT NULL,"
  "  majority TEXT NOT NULL,"
  "  forced INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
  "  eligible INTEGER NOT NULL,"
  "  yes INTEGER NOT NULL DEFAULT 0,"
  "  no INTEGER NOT NULL DEFAULT 0,"
  "  abstain INTEGER NOT NULL DEFAULT 0,"
  "  opened_at TEXT NOT NULL,"
  "  closed_at TEXT,"
  "  passed INTEGER"
  ");"
  "CREATE INDEX votes_by_meeting ON votes(meeting_id, id);"
  "CREATE TABLE vote_voters ("
  "  vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,"
  "  member INTEGER NOT NULL,"
  "  caster INTEGER NOT NULL,"
  "  voted INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (vote_id, member)"
  ") WITHOUT ROWID;"
  "CREATE TABLE ballots ("
  "  vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,"
  "  member INTEGER NOT NULL,"
  "  choice TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),"
  "  cast_by INTEGER NOT NULL,"
  "  PRIMARY KEY (vote_id, member)"
  ") WITHOUT ROWID;",

  /* 3 → 4: the speakers list, and the record of who spoke, on what, how long */
  "ALTER TABLE meeting_live ADD COLUMN speaker INTEGER;"
  "ALTER TABLE meeting_live ADD COLUMN speaker_since TEXT;"
  "ALTER TABLE meeting_live ADD COLUMN speaker_queue TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE speeches ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,"
  "  started_at TEXT NOT NULL,"
  "  ended_at TEXT"
  ");"
  "CREATE INDEX speeches_by_meeting ON speeches(meeting_id, id);",

  /* 4 → 5: the tamper-evident record, a hash chain per meeting */
  "CREATE TABLE record ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  signature TEXT,"
  "  UNIQUE (meeting_id, position)"
  ");"
  "CREATE TABLE record_heads ("
  "  meeting_id INTEGER PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  signature TEXT NOT NULL"
  ");",

  /* 5 → 6: annotations, each the JSON the clients get (author set) beside
   * the columns the server looks them up and counts them by. A rowid table:
   * an ink annotation's JSON can fill many pages. */
  "CREATE TABLE annotations ("
  "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
  "  id TEXT NOT NULL,"
  "  author INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  doc TEXT NOT NULL,"
  "  page INTEGER NOT NULL,"
  "  shared INTEGER NOT NULL,"
  "  rev INTEGER NOT NULL,"
  "  bytes INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  UNIQUE (meeting_id, id)"
  ");"
  "CREATE INDEX annotations_by_author ON annotations(meeting_id, author, bytes);"
  "CREATE INDEX annotations_shared ON annotations(meeting_id, shared, doc);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == QM_STORE_SCHEMA_VERSION);

static gboolean
migrate (QmDb    *db,
         GError **error)
{
  gint64 version = qm_db_int_pragma (db, "user_version");

  if (version < 0 || version > QM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INTERNAL,
                   "the database has schema version %" G_GINT64_FORMAT
                   "; this server knows up to %d: use a newer quorum-server",
                   version, QM_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < QM_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT ";",
                                               version + 1);

      if (!qm_db_exec (db, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!qm_db_exec (db, migrations[version], error) || !qm_db_exec (db, bump, error))
        {
          qm_db_exec (db, "ROLLBACK;", NULL);
          g_prefix_error (error, "migrating to schema %" G_GINT64_FORMAT ": ", version + 1);
          return FALSE;
        }
      if (!qm_db_exec (db, "COMMIT;", error))
        return FALSE;
      g_debug ("database migrated to schema %" G_GINT64_FORMAT, version + 1);
    }

  return TRUE;
}

static void
run_batch (QmDb   *db,
           GPtrArray *batch)
{
  g_autoptr(GError) begin_error = NULL;
  g_autoptr(GError) commit_error = NULL;

  if (!qm_db_exec (db, "BEGIN IMMEDIATE;", &begin_error))
    {
      for (guint i = 0; i < batch->len; i++)
        {
          WriteJob *job = g_ptr_array_index (batch, i);

          job->error = g_error_copy (begin_error);
        }
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      WriteJob *job = g_ptr_array_index (batch, i);

      qm_db_exec (db, "SAVEPOINT job;", NULL);
      if (job->func (db, job->data, &job->id, &job->error))
        qm_db_exec (db, "RELEASE job;", NULL);
      else
        {
          if (job->error == NULL)
            g_set_error_literal (&job->error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INTERNAL,
                                 "change failed");
          qm_db_exec (db, "ROLLBACK TO job; RELEASE job;", NULL);
        }
    }

  if (!qm_db_exec (db, "COMMIT;", &commit_error))
    {
      qm_db_exec (db, "ROLLBACK;", NULL);
      for (guint i = 0; i < batch->len; i++)
        {
          WriteJob *job = g_ptr_array_index (batch, i);

          if (job->error == NULL)
            job->error = g_error_copy (commit_error);
        }
    }
}

static void
truncate_wal (QmDb *db)
{
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      sqlite3_stmt *stmt = NULL;
      int busy = 1;

      if (sqlite3_prepare_v2 (qm_db_handle (db), "PRAGMA wal_checkpoint(TRUNCATE);", -1, &stmt,
                              NULL) == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        busy = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (busy == 0)
        return;
      /* A reader holds an old snapshot: give it a moment. */
      g_usleep (2000);
    }
  g_message ("the write-ahead log could not be truncated: readers kept it busy");
}

static gpointer
writer_thread (gpointer user_data)
{
  QmStore *self = user_data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  gboolean stopping = FALSE;

  while (!stopping)
    {
      WriteJob *job = g_async_queue_pop (self->queue);

      /* Everything that queued up while the last batch committed goes into this one. */
      do
        {
          if (job->func == NULL)
            {
              stopping = TRUE;
              write_job_free (job);
              break;
            }
          g_ptr_array_add (batch, job);
        }
      while (batch->len < MAX_BATCH && (job = g_async_queue_try_pop (self->queue)) != NULL);

      if (batch->len > 0)
        {
          gboolean checkpoint = FALSE;

          run_batch (self->writer, batch);
          /* Before any reply: a reader that then asks again sees the change. */
          g_atomic_int_inc (&self->generation);
          for (guint i = 0; i < batch->len; i++)
            {
              WriteJob *done = g_ptr_array_index (batch, i);

              checkpoint |= done->checkpoint && done->error == NULL;
            }
          /* Before anyone hears of the change, so no stale page of the log
           * outlives it (secret ballots). */
          if (checkpoint)
            truncate_wal (self->writer);
        }

      for (guint i = 0; i < batch->len; i++)
        {
          WriteJob *done = g_ptr_array_index (batch, i);

          if (done->task != NULL)
            {
              if (done->error != NULL)
                g_task_return_error (done->task, g_steal_pointer (&done->error));
              else
                g_task_return_int (done->task, (gssize) done->id);
            }
          else if (done->error != NULL)
            g_message ("background change failed: %s", done->error->message);
          write_job_free (done);
        }
      g_ptr_array_set_size (batch, 0);
    }

  return NULL;
}

void
_qm_store_write (QmStore            *self,
                 QmStoreWriteFunc    func,
                 gpointer            data,
                 GDestroyNotify      destroy,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  _qm_store_write_full (self, func, data, destroy, FALSE, callback, user_data);
}

void
_qm_store_write_full (QmStore            *self,
                      QmStoreWriteFunc    func,
                      gpointer            data,
                      GDestroyNotify      destroy,
                      gboolean            checkpoint,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->checkpoint = checkpoint;

  g_return_if_fail (QM_IS_STORE (self));
  g_return_if_fail (self->thread != NULL);

  job->func = func;
  job->data = data;
  job->destroy = destroy;
  if (callback != NULL)
    {
      job->task = g_task_new (self, NULL, callback, user_data);
      g_task_set_source_tag (job->task, _qm_store_write_full);
    }
  g_async_queue_push (self->queue, job);
}

gboolean
qm_store_write_finish (QmStore       *self,
                       GAsyncResult  *result,
                       gint64        *out_id,
                       GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  id = g_task_propagate_int (G_TASK (result), error);
  if (out_id != NULL)
    *out_id = id < 0 ? 0 : id;
  return id >= 0;
}

QmDb *
_qm_store_reader (QmStore *self)
{
  return self->reader;
}

GHashTable *
_qm_store_readable_cache (QmStore *self)
{
  gint generation = g_atomic_int_get (&self->generation);

  if (self->readable == NULL)
    self->readable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (generation != self->readable_generation)
    {
      g_hash_table_remove_all (self->readable);
      self->readable_generation = generation;
    }
  return self->readable;
}

static gboolean
ensure_epoch (QmStore  *self,
              GError  **error)
{
  sqlite3_stmt *stmt;
  guint8 random[8];
  g_autoptr(GString) epoch = g_string_new (NULL);

  self->epoch = qm_store_get_setting (self, "epoch");
  if (self->epoch != NULL)
    return TRUE;

  for (guint i = 0; i < sizeof random; i++)
    random[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof random; i++)
    g_string_append_printf (epoch, "%02x", random[i]);

  /* Before the writer thread runs, so the writer connection is ours here. */
  if (!(stmt = qm_db_prepare (self->writer,
                              "INSERT INTO settings (key, value) VALUES ('epoch', ?1);", error)))
    return FALSE;
  qm_db_bind_text (stmt, 1, epoch->str);
  if (!qm_db_step_done (self->writer, stmt, error))
    return FALSE;

  self->epoch = g_string_free (g_steal_pointer (&epoch), FALSE);
  return TRUE;
}

QmStore *
qm_store_open (const char  *data_dir,
               GError     **error)
{
  g_autoptr(QmStore) self = g_object_new (QM_TYPE_STORE, NULL);

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (g_mkdir_with_parents (data_dir, 0750) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create the data folder %s: %s", data_dir, g_strerror (saved_errno));
      return NULL;
    }

  self->path = g_build_filename (data_dir, "quorum.db", NULL);
  if (!qm_record_load_key (data_dir, error))
    return NULL;
  if (!(self->writer = qm_db_open (self->path, QM_DB_READ_WRITE, error))
      || !migrate (self->writer, error)
      || !(self->reader = qm_db_open (self->path, QM_DB_READ_ONLY, error))
      || !ensure_epoch (self, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("qm-store-writer", writer_thread, self);
  return g_steal_pointer (&self);
}

void
qm_store_close (QmStore *self)
{
  g_return_if_fail (QM_IS_STORE (self));

  if (self->thread == NULL)
    return;

  g_async_queue_push (self->queue, g_new0 (WriteJob, 1));
  g_thread_join (g_steal_pointer (&self->thread));
  /* Fold the WAL back so the database file stands alone. */
  qm_db_exec (self->writer, "PRAGMA wal_checkpoint(TRUNCATE);", NULL);
}

gint64
qm_store_get_schema_version (QmStore *self)
{
  return qm_db_int_pragma (self->reader, "user_version");
}

const char *
qm_store_get_epoch (QmStore *self)
{
  return self->epoch;
}

char *
qm_store_get_setting (QmStore    *self,
                      const char *key)
{
  sqlite3_stmt *stmt = qm_db_prepare (self->reader ? self->reader : self->writer,
                                      "SELECT value FROM settings WHERE key = ?1;", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  qm_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = qm_db_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

typedef struct
{
  char *key;
  char *value;
} SettingChange;

static void
setting_change_free (gpointer data)
{
  SettingChange *change = data;

  g_free (change->key);
  g_free (change->value);
  g_free (change);
}

static gboolean
write_setting (QmDb     *db,
               gpointer  data,
               gint64   *out_id,
               GError  **error)
{
  SettingChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                                      error);

  if (stmt == NULL)
    return FALSE;
  qm_db_bind_text (stmt, 1, change->key);
  qm_db_bind_text (stmt, 2, change->value);
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_set_setting_async (QmStore            *self,
                            const char         *key,
                            const char         *value,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  SettingChange *change = g_new0 (SettingChange, 1);

  change->key = g_strdup (key);
  change->value = g_strdup (value);
  _qm_store_write (self, write_setting, change, setting_change_free, callback, user_data);
}

static void
qm_store_finalize (GObject *object)
{
  QmStore *self = (QmStore *) object;

  if (self->thread != NULL)
    qm_store_close (self);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->reader, qm_db_close);
  g_clear_pointer (&self->writer, qm_db_close);
  g_free (self->path);
  g_free (self->epoch);
  g_clear_pointer (&self->readable, g_hash_table_unref);

  G_OBJECT_CLASS (qm_store_parent_class)->finalize (object);
}

static void
qm_store_class_init (QmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qm_store_finalize;
}

static void
qm_store_init (QmStore *self)
{
}

gboolean
qm_store_verify_record (QmStore *self,
                        gint64   meeting_id,
                        GString *report)
{
  return qm_record_verify (self->reader, meeting_id, report);
}

typedef struct
{
  gint64      meeting_id;
  char       *kind;
  JsonObject *body;
} RecordEntry;

static void
record_entry_free (gpointer data)
{
  RecordEntry *entry = data;

  g_free (entry->kind);
  g_clear_pointer (&entry->body, json_object_unref);
  g_free (entry);
}

static gboolean
write_record (QmDb     *db,
              gpointer  data,
              gint64   *out_id,
              GError  **error)
{
  RecordEntry *entry = data;

  return _qm_record_append (db, entry->meeting_id, entry->kind,
                            g_steal_pointer (&entry->body), FALSE, error);
}

void
qm_store_record_async (QmStore            *self,
                       gint64              meeting_id,
                       const char         *kind,
                       JsonObject         *body,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  RecordEntry *entry = g_new0 (RecordEntry, 1);

  entry->meeting_id = meeting_id;
  entry->kind = g_strdup (kind);
  entry->body = body;
  _qm_store_write (self, write_record, entry, record_entry_free, callback, user_data);
}
