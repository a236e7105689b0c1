/* qm-backup.c: backups of a data dir that a running server keeps writing to,
 * and their restoration.
 *
 * The database is copied with SQLite's online backup API from a read-only
 * connection: in WAL mode that reads one consistent snapshot and never
 * blocks the server's writer. Documents are content-addressed and placed
 * before the database row that names them, so copying them after the
 * snapshot gives every document the snapshot knows (and maybe a few newer
 * ones, which are harmless).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <quorum/qm-validate.h>

#include "qm-backup.h"

#define MANIFEST        "MANIFEST"
#define MANIFEST_GROUP  "backup"
#define FORMAT          1
#define DATABASE        "quorum.db"
#define RECORD_KEY      "record-key"
#define DOCUMENTS       "documents"
#define COPY_CHUNK      (1024 * 1024)
/* How long a backup step waits for a lock before giving up. */
#define BUSY_MS         30000

static gboolean
errno_error (GError     **error,
             int          saved_errno,
             const char  *what,
             const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot %s %s: %s", what,
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC, 0);
  gboolean ok = TRUE;

  if (fd < 0)
    return errno_error (error, errno, "open", path);
  while (fsync (fd) != 0)
    if (errno != EINTR)
      {
        ok = errno_error (error, errno, "sync", path);
        break;
      }
  g_close (fd, NULL);
  return ok;
}

/* Copies a file (mode 0600), syncs it, and returns its SHA-256. */
static char *
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  int in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  int out = -1;
  gboolean ok = TRUE;

  if (in < 0)
    {
      errno_error (error, errno, "open", from);
      return NULL;
    }
  out = g_open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      errno_error (error, errno, "create", to);
      g_close (in, NULL);
      return NULL;
    }
  while (ok)
    {
      ssize_t n = read (in, buffer, COPY_CHUNK);

      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno != EINTR)
            ok = errno_error (error, errno, "read", from);
          continue;
        }
      g_checksum_update (checksum, buffer, n);
      for (ssize_t done = 0; ok && done < n;)
        {
          ssize_t w = write (out, buffer + done, (size_t) (n - done));

          if (w < 0 && errno != EINTR)
            ok = errno_error (error, errno, "write", to);
          else if (w > 0)
            done += w;
        }
    }
  if (ok)
    while (fsync (out) != 0)
      if (errno != EINTR)
        {
          ok = errno_error (error, errno, "sync", to);
          break;
        }
  g_close (in, NULL);
  g_close (out, NULL);
  return ok ? g_strdup (g_checksum_get_string (checksum)) : NULL;
}

static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      errno_error (error, errno, "open", path);
      return NULL;
    }
  for (;;)
    {
      ssize_t n = read (fd, buffer, COPY_CHUNK);

      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          errno_error (error, errno, "read", path);
          g_close (fd, NULL);
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
    }
  g_close (fd, NULL);
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
sqlite_failed (sqlite3     *db,
               int          rc,
               const char  *what,
               GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* "ok", or the first problem integrity_check finds. */
static gboolean
check_integrity (sqlite3  *db,
                 GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *answer = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check;", -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (db, 0, "checking the database", error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (answer, "ok") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the database is damaged: %s",
                   answer != NULL ? answer : "no answer");
      return FALSE;
    }
  return TRUE;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The snapshot: source read-only, destination a standalone file (no WAL). */
static gboolean
backup_database (const char  *source_path,
                 const char  *target_path,
                 gint64      *out_schema,
                 GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_failed (source, rc, source_path, error);
      goto out;
    }
  sqlite3_busy_timeout (source, BUSY_MS);
  rc = sqlite3_open_v2 (target_path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_failed (target, rc, target_path, error);
      goto out;
    }

  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      sqlite_failed (target, 0, "starting the backup", error);
      goto out;
    }
  /* All pages in one step: one read transaction, so one snapshot. */
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      sqlite_failed (target, rc, "copying the database", error);
      goto out;
    }

  if (sqlite3_exec (target, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite_failed (target, 0, "writing the copy", error);
      goto out;
    }
  if (!check_integrity (target, error))
    goto out;
  *out_schema = query_int (target, "PRAGMA user_version;");
  ok = g_chmod (target_path, 0600) == 0 || errno_error (error, errno, "protect", target_path);

out:
  sqlite3_close (source);
  sqlite3_close (target);
  return ok && sync_path (target_path, FALSE, error);
}

/* documents/ab/<id>.pdf of from into to: hard links where the file system
 * allows (documents never change once stored), copies otherwise. */
static gboolean
copy_documents (const char  *from,
                const char  *to,
                gboolean     verify,
                gboolean     allow_links,
                guint       *out_count,
                GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *prefix;

  *out_count = 0;
  if (g_mkdir (to, 0700) != 0)
    return errno_error (error, errno, "create", to);
  if (!g_file_test (from, G_FILE_TEST_IS_DIR))
    return sync_path (to, TRUE, error);
  if (!(dir = g_dir_open (from, 0, error)))
    return FALSE;

  while ((prefix = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source_dir = g_build_filename (from, prefix, NULL);
      g_autofree char *target_dir = g_build_filename (to, prefix, NULL);
      g_autoptr(GDir) inner = NULL;
      const char *name;

      /* tmp/ holds uploads in progress; only the two-digit folders count. */
      if (strlen (prefix) != 2 || !g_file_test (source_dir, G_FILE_TEST_IS_DIR))
        continue;
      if (g_mkdir (target_dir, 0700) != 0)
        return errno_error (error, errno, "create", target_dir);
      if (!(inner = g_dir_open (source_dir, 0, error)))
        return FALSE;
      while ((name = g_dir_read_name (inner)) != NULL)
        {
          g_autofree char *docid = NULL;
          g_autofree char *source = NULL;
          g_autofree char *target = NULL;
          g_autofree char *sha = NULL;

          if (!g_str_has_suffix (name, ".pdf"))
            continue;
          docid = g_strndup (name, strlen (name) - 4);
          if (!qm_is_docid (docid) || !g_str_has_prefix (docid, prefix))
            continue;
          source = g_build_filename (source_dir, name, NULL);
          target = g_build_filename (target_dir, name, NULL);
          if (allow_links && !verify && link (source, target) == 0)
            {
              (*out_count)++;
              continue;
            }
          if (!(sha = copy_file (source, target, error)))
            return FALSE;
          if (verify && !g_str_equal (sha, docid))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s does not hold the document its name says (damaged?)", source);
              return FALSE;
            }
          (*out_count)++;
        }
      if (!sync_path (target_dir, TRUE, error))
        return FALSE;
    }
  return sync_path (to, TRUE, error);
}

static gboolean
move_into_place (const char  *staging,
                 const char  *target,
                 GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (target);

  if (!sync_path (staging, TRUE, error))
    return FALSE;
  if (g_rename (staging, target) != 0)
    return errno_error (error, errno, "rename the finished copy to", target);
  return sync_path (parent, TRUE, error);
}

gboolean
qm_backup_create (const char  *data_dir,
                  const char  *target,
                  char       **out_summary,
                  GError     **error)
{
  g_autofree char *database = g_build_filename (data_dir, DATABASE, NULL);
  g_autofree char *record_key = g_build_filename (data_dir, RECORD_KEY, NULL);
  g_autofree char *documents = g_build_filename (data_dir, DOCUMENTS, NULL);
  g_autofree char *staging = g_strconcat (target, ".partial", NULL);
  g_autofree char *staged_db = g_build_filename (staging, DATABASE, NULL);
  g_autofree char *staged_key = g_build_filename (staging, RECORD_KEY, NULL);
  g_autofree char *staged_docs = g_build_filename (staging, DOCUMENTS, NULL);
  g_autofree char *manifest_path = g_build_filename (staging, MANIFEST, NULL);
  g_autofree char *db_sha = NULL;
  g_autofree char *key_sha = NULL;
  g_autofree char *now = NULL;
  g_autofree char *manifest_text = NULL;
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  g_autoptr(GDateTime) time = g_date_time_new_now_utc ();
  gint64 schema = 0;
  guint n_documents = 0;

  g_return_val_if_fail (data_dir != NULL && target != NULL, FALSE);

  if (!g_file_test (database, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s holds no Quorum database", data_dir);
      return FALSE;
    }
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s exists already; a backup goes to a new folder", target);
      return FALSE;
    }
  if (g_file_test (staging, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is left from an unfinished backup; remove it first", staging);
      return FALSE;
    }
  if (g_mkdir_with_parents (staging, 0700) != 0)
    return errno_error (error, errno, "create", staging);

  if (!backup_database (database, staged_db, &schema, error)
      || !(db_sha = file_sha256 (staged_db, error))
      || !(key_sha = copy_file (record_key, staged_key, error))
      || !copy_documents (documents, staged_docs, FALSE, TRUE, &n_documents, error))
    return FALSE;

  now = g_date_time_format_iso8601 (time);
  g_key_file_set_integer (manifest, MANIFEST_GROUP, "format", FORMAT);
  g_key_file_set_string (manifest, MANIFEST_GROUP, "created", now);
  g_key_file_set_string (manifest, MANIFEST_GROUP, "server-version", PACKAGE_VERSION);
  g_key_file_set_int64 (manifest, MANIFEST_GROUP, "schema", schema);
  g_key_file_set_string (manifest, MANIFEST_GROUP, "database-sha256", db_sha);
  g_key_file_set_string (manifest, MANIFEST_GROUP, "record-key-sha256", key_sha);
  g_key_file_set_integer (manifest, MANIFEST_GROUP, "documents", (gint) n_documents);
  manifest_text = g_key_file_to_data (manifest, NULL, NULL);
  if (!g_file_set_contents_full (manifest_path, manifest_text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error)
      || !move_into_place (staging, target, error))
    return FALSE;

  if (out_summary != NULL)
    *out_summary = g_strdup_printf ("Backed up %s to %s: the database (schema %" G_GINT64_FORMAT
                                    "), the record key and %u documents.\n",
                                    data_dir, target, schema, n_documents);
  return TRUE;
}

static gboolean
is_empty_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* A new history: clients holding seqs of the old one get a full welcome. */
static gboolean
new_epoch (const char  *database,
           char       **out_epoch,
           GError     **error)
{
  GString *epoch = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (epoch, "%02x", (guint) g_random_int_range (0, 256));

  if (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO settings (key, value) VALUES ('epoch', ?1) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                             -1, &stmt, NULL) != SQLITE_OK)
    sqlite_failed (db, 0, "giving the restored database a new epoch", error);
  else
    {
      sqlite3_bind_text (stmt, 1, epoch->str, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        sqlite_failed (db, 0, "giving the restored database a new epoch", error);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  *out_epoch = g_string_free (epoch, FALSE);
  return ok && sync_path (database, FALSE, error);
}

gboolean
qm_backup_restore (const char  *backup,
                   const char  *data_dir,
                   gboolean     force,
                   char       **out_summary,
                   GError     **error)
{
  g_autofree char *manifest_path = g_build_filename (backup, MANIFEST, NULL);
  g_autofree char *database = g_build_filename (backup, DATABASE, NULL);
  g_autofree char *record_key = g_build_filename (backup, RECORD_KEY, NULL);
  g_autofree char *documents = g_build_filename (backup, DOCUMENTS, NULL);
  g_autofree char *canonical = g_canonicalize_filename (data_dir, NULL);
  g_autofree char *staging = g_strconcat (canonical, ".restoring", NULL);
  g_autofree char *staged_db = g_build_filename (staging, DATABASE, NULL);
  g_autofree char *staged_key = g_build_filename (staging, RECORD_KEY, NULL);
  g_autofree char *staged_docs = g_build_filename (staging, DOCUMENTS, NULL);
  g_autofree char *staged_tmp = NULL;
  g_autofree char *want_db = NULL;
  g_autofree char *want_key = NULL;
  g_autofree char *db_sha = NULL;
  g_autofree char *key_sha = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  sqlite3 *db = NULL;
  guint n_documents = 0;
  gint64 want_documents;
  gboolean intact;

  g_return_val_if_fail (backup != NULL && data_dir != NULL, FALSE);

  if (!g_key_file_load_from_file (manifest, manifest_path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s is not a Quorum backup: ", backup);
      return FALSE;
    }
  if (g_key_file_get_integer (manifest, MANIFEST_GROUP, "format", NULL) != FORMAT
      || !(want_db = g_key_file_get_string (manifest, MANIFEST_GROUP, "database-sha256", NULL))
      || !(want_key = g_key_file_get_string (manifest, MANIFEST_GROUP, "record-key-sha256", NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not a backup this version can read", manifest_path);
      return FALSE;
    }
  want_documents = g_key_file_get_int64 (manifest, MANIFEST_GROUP, "documents", NULL);

  if (g_file_test (canonical, G_FILE_TEST_EXISTS) && !is_empty_dir (canonical))
    {
      if (!force)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "%s is not empty; restore into a new folder, or add --force to move "
                       "what is there aside", canonical);
          return FALSE;
        }
    }
  if (g_file_test (staging, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is left from an unfinished restore; remove it first", staging);
      return FALSE;
    }

  /* Everything is checked as it is copied, before anything is replaced. */
  if (g_mkdir_with_parents (staging, 0700) != 0)
    return errno_error (error, errno, "create", staging);
  if (!(db_sha = copy_file (database, staged_db, error))
      || !(key_sha = copy_file (record_key, staged_key, error)))
    return FALSE;
  if (!g_str_equal (db_sha, want_db) || !g_str_equal (key_sha, want_key))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the %s is not the one the backup was made with (damaged?)", backup,
                   g_str_equal (db_sha, want_db) ? "record key" : "database");
      return FALSE;
    }
  if (sqlite3_open_v2 (staged_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite_failed (db, 0, staged_db, error);
      sqlite3_close (db);
      return FALSE;
    }
  intact = check_integrity (db, error);
  sqlite3_close (db);
  if (!intact
      || !copy_documents (documents, staged_docs, TRUE, FALSE, &n_documents, error))
    return FALSE;
  if (want_documents >= 0 && n_documents != (guint64) want_documents)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s holds %u documents; its manifest says %" G_GINT64_FORMAT, backup,
                   n_documents, want_documents);
      return FALSE;
    }
  staged_tmp = g_build_filename (staged_docs, "tmp", NULL);
  if (g_mkdir (staged_tmp, 0700) != 0)
    return errno_error (error, errno, "create", staged_tmp);
  if (!new_epoch (staged_db, &epoch, error))
    return FALSE;

  if (g_file_test (canonical, G_FILE_TEST_EXISTS))
    {
      if (is_empty_dir (canonical))
        {
          if (g_rmdir (canonical) != 0)
            return errno_error (error, errno, "replace the empty folder", canonical);
        }
      else
        {
          g_autoptr(GDateTime) time = g_date_time_new_now_local ();
          g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");

          aside = g_strdup_printf ("%s.replaced-%s", canonical, stamp);
          if (g_rename (canonical, aside) != 0)
            return errno_error (error, errno, "move aside", canonical);
        }
    }
  if (!move_into_place (staging, canonical, error))
    return FALSE;

  if (out_summary != NULL)
    *out_summary = g_strdup_printf ("Restored %s into %s: the database, the record key and %u "
                                    "documents; new live epoch %s.%s%s%s\n",
                                    backup, canonical, n_documents, epoch,
                                    aside != NULL ? " What was there is now in " : "",
                                    aside != NULL ? aside : "", aside != NULL ? "." : "");
  return TRUE;
}
