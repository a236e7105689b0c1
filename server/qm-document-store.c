/* qm-document-store.c: the content-addressed PDF store: temp-file uploads,
 * validation (qm-pdf-validator.c), durable placement, shared maps.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-document-store"

#include "config.h"

#include "qm-document-store.h"
#include "qm-pdf-validator.h"

#include <quorum/qm-limits.h>
#include <quorum/qm-protocol-error.h>
#include <quorum/qm-validate.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define DEFAULT_TIMEOUT_MS    20000
#define DEFAULT_CPU_SECONDS   15
#define DEFAULT_MEMORY_BYTES  (G_GUINT64_CONSTANT (1) << 30)

#define PDF_MAGIC             "%PDF-"
#define PDF_MAGIC_LENGTH      5


#define IMPORT_CHUNK_BYTES    (1024 * 1024)

/* Commits and imports run on a few threads of their own: each starts a
 * helper that may take up to memory_bytes, so their number is what bounds
 * the memory a burst of uploads can take. */
#define MAX_PARALLEL_COMMITS  2


/* Maps outlive a request, and maybe the store: each shared map leaves the
 * table when the last GBytes handed out for it is freed, on any thread. */
typedef struct
{
  GMutex      lock;
  GHashTable *maps;          /* docid → SharedMap, both owned by the SharedMap */
} MapCache;

typedef struct
{
  MapCache *cache;           /* a reference */
  char     *docid;
  GBytes   *bytes;           /* of the GMappedFile */
  guint     users;           /* GBytes handed out and not yet freed */
} SharedMap;

struct _QmDocumentStore
{
  GObject            parent_instance;

  char              *documents_dir;
  char              *tmp_dir;
  QmValidatorLimits  limits;
  MapCache          *map_cache;
  /* The most recently read documents stay mapped between requests: mapping
   * and unmapping 50 MiB for every 64 KiB range costs more than the range. */
  GHashTable        *kept;           /* docid → GBytes of the map */
  GQueue             kept_order;     /* of docid (the table's keys), oldest first */
};

#define KEPT_MAPS 32

G_DEFINE_FINAL_TYPE (QmDocumentStore, qm_document_store, G_TYPE_OBJECT)

struct _QmUpload
{
  QmDocumentStore *store;
  char            *tmp_path;         /* NULL once renamed into place or removed */
  int              fd;
  GChecksum       *checksum;
  guint64          size;             /* every byte offered, dropped ones included */
  guint64          max_bytes;
  guint8           head[PDF_MAGIC_LENGTH];
  gsize            head_length;
  gboolean         too_large;
  gboolean         write_failed;
};

/* errno-based failures, with the path and what was being done. */
static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "cannot %s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
make_dir (const char  *path,
          gboolean    *out_created,
          GError     **error)
{
  if (out_created != NULL)
    *out_created = FALSE;
  if (g_mkdir (path, 0700) == 0)
    {
      if (out_created != NULL)
        *out_created = TRUE;
      return TRUE;
    }
  if (errno == EEXIST && g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  return set_errno_error (error, errno == EEXIST ? ENOTDIR : errno, "create the folder", path);
}

static gboolean
fsync_fd (int          fd,
          const char  *path,
          GError     **error)
{
  while (fsync (fd) != 0)
    if (errno != EINTR)
      return set_errno_error (error, errno, "sync", path);
  return TRUE;
}

/* A new directory entry is only durable once its folder is synced. */
static gboolean
fsync_dir (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return set_errno_error (error, errno, "open the folder", path);
  ok = fsync_fd (fd, path, error);
  g_close (fd, NULL);
  return ok;
}

/* Shared maps */

static MapCache *
map_cache_new (void)
{
  MapCache *cache = g_atomic_rc_box_new0 (MapCache);

  g_mutex_init (&cache->lock);
  cache->maps = g_hash_table_new (g_str_hash, g_str_equal);
  return cache;
}

static void
map_cache_clear (MapCache *cache)
{
  g_assert (g_hash_table_size (cache->maps) == 0);
  g_hash_table_unref (cache->maps);
  g_mutex_clear (&cache->lock);
}

static void
map_cache_unref (MapCache *cache)
{
  g_atomic_rc_box_release_full (cache, (GDestroyNotify) map_cache_clear);
}

static void
shared_map_release (gpointer data)
{
  SharedMap *shared = data;
  MapCache *cache = shared->cache;
  gboolean last;

  g_mutex_lock (&cache->lock);
  last = --shared->users == 0;
  if (last)
    g_hash_table_remove (cache->maps, shared->docid);
  g_mutex_unlock (&cache->lock);

  if (last)
    {
      g_bytes_unref (shared->bytes);
      g_free (shared->docid);
      map_cache_unref (shared->cache);
      g_free (shared);
    }
}

/* The store */

static void
qm_document_store_finalize (GObject *object)
{
  QmDocumentStore *self = QM_DOCUMENT_STORE (object);

  g_queue_clear (&self->kept_order);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_pointer (&self->map_cache, map_cache_unref);
  g_free (self->documents_dir);
  g_free (self->tmp_dir);
  g_free (self->limits.helper_path);

  G_OBJECT_CLASS (qm_document_store_parent_class)->finalize (object);
}

static void
qm_document_store_class_init (QmDocumentStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = qm_document_store_finalize;
}

static void
qm_document_store_init (QmDocumentStore *self)
{
  self->map_cache = map_cache_new ();
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  g_queue_init (&self->kept_order);
}

/* Only this store writes into tmp/, so whatever is there when it starts is
 * what a crash left behind. */
static gboolean
remove_stale_temp_files (const char  *tmp_dir,
                         GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        return set_errno_error (error, errno, "remove the stale temp file", path);
    }
  return TRUE;
}

QmDocumentStore *
qm_document_store_new (const char              *data_dir,
                       const QmValidatorLimits *limits,
                       GError                 **error)
{
  g_autoptr(QmDocumentStore) self = NULL;
  g_autofree char *root = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (QM_TYPE_DOCUMENT_STORE, NULL);
  root = g_canonicalize_filename (data_dir, NULL);
  self->documents_dir = g_build_filename (root, "documents", NULL);
  self->tmp_dir = g_build_filename (self->documents_dir, "tmp", NULL);

  if (limits != NULL)
    self->limits = *limits;
  self->limits.helper_path = g_strdup (limits != NULL && limits->helper_path != NULL
                                       ? limits->helper_path
                                       : QM_LIBEXECDIR "/quorum-pdf-check");
  if (self->limits.timeout_ms == 0)
    self->limits.timeout_ms = DEFAULT_TIMEOUT_MS;
  if (self->limits.cpu_seconds == 0)
    self->limits.cpu_seconds = DEFAULT_CPU_SECONDS;
  if (self->limits.memory_bytes == 0)
    self->limits.memory_bytes = DEFAULT_MEMORY_BYTES;

  if (g_mkdir_with_parents (root, 0700) != 0)
    {
      set_errno_error (error, errno, "create the folder", root);
      return NULL;
    }
  if (!make_dir (self->documents_dir, NULL, error)
      || !make_dir (self->tmp_dir, NULL, error)
      || !remove_stale_temp_files (self->tmp_dir, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
qm_document_info_free (QmDocumentInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->title);
  g_clear_pointer (&info->page_sizes, g_array_unref);
  g_free (info);
}

/* Uploads */

static void
upload_remove_temp (QmUpload *upload)
{
  if (upload->fd >= 0)
    {
      g_close (upload->fd, NULL);
      upload->fd = -1;
    }
  if (upload->tmp_path != NULL)
    {
      g_unlink (upload->tmp_path);
      g_clear_pointer (&upload->tmp_path, g_free);
    }
}

QmUpload *
qm_upload_new (QmDocumentStore  *store,
               guint64           max_bytes,
               GError          **error)
{
  g_autofree char *path = NULL;
  QmUpload *upload;
  int fd;

  g_return_val_if_fail (QM_IS_DOCUMENT_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_build_filename (store->tmp_dir, "upload-XXXXXX", NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (error, errno, "create a temp file in", store->tmp_dir);
      return NULL;
    }

  upload = g_new0 (QmUpload, 1);
  upload->store = g_object_ref (store);
  upload->tmp_path = g_steal_pointer (&path);
  upload->fd = fd;
  upload->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  upload->max_bytes = max_bytes;
  return upload;
}

gboolean
qm_upload_write (QmUpload      *upload,
                 const guint8  *data,
                 gsize          length,
                 GError       **error)
{
  g_return_val_if_fail (upload != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (upload->fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (upload->too_large || length > upload->max_bytes - upload->size)
    {
      /* The bytes so far will never be stored; give their disk space back. */
      if (!upload->too_large && ftruncate (upload->fd, 0) != 0)
        upload->write_failed = TRUE;
      upload->too_large = TRUE;
      upload->size = length > G_MAXUINT64 - upload->size ? G_MAXUINT64 : upload->size + length;
      return TRUE;
    }

  if (upload->head_length < PDF_MAGIC_LENGTH)
    {
      gsize n = MIN (length, PDF_MAGIC_LENGTH - upload->head_length);

      memcpy (upload->head + upload->head_length, data, n);
      upload->head_length += n;
    }
  upload->size += length;

  while (length > 0)
    {
      gsize piece = MIN (length, (gsize) G_MAXINT);
      ssize_t n = write (upload->fd, data, piece);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          upload->write_failed = TRUE;
          return set_errno_error (error, errno, "write to", upload->tmp_path);
        }
      g_checksum_update (upload->checksum, data, n);
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

gboolean
qm_upload_is_too_large (QmUpload *upload)
{
  g_return_val_if_fail (upload != NULL, FALSE);

  return upload->too_large;
}

guint64
qm_upload_get_size (QmUpload *upload)
{
  g_return_val_if_fail (upload != NULL, 0);

  return upload->size;
}

void
qm_upload_free (QmUpload *upload)
{
  if (upload == NULL)
    return;
  upload_remove_temp (upload);
  g_checksum_free (upload->checksum);
  g_object_unref (upload->store);
  g_free (upload);
}

/* The checks that need no helper, in the order the contract gives them. */
static gboolean
upload_check (QmUpload  *upload,
              GError   **error)
{
  if (upload->too_large)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE,
                   "the document is over the limit of %" G_GUINT64_FORMAT " bytes",
                   upload->max_bytes);
      return FALSE;
    }
  if (upload->write_failed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "a write to the upload's temp file failed");
      return FALSE;
    }
  if (upload->head_length < PDF_MAGIC_LENGTH
      || memcmp (upload->head, PDF_MAGIC, PDF_MAGIC_LENGTH) != 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                           "the document is not a PDF (it does not start with %PDF-)");
      return FALSE;
    }
  return TRUE;
}

/* Committing */

static char *
document_path (QmDocumentStore *store,
               const char      *docid)
{
  g_autofree char *name = g_strconcat (docid, ".pdf", NULL);
  char prefix[3] = { docid[0], docid[1], '\0' };

  return g_build_filename (store->documents_dir, prefix, name, NULL);
}

/* Moves the validated temp file to documents/ab/<id>.pdf, durably. The same
 * bytes stored before keep their file (maps of it stay as they are); a file
 * of the wrong size there, copied in by hand, say, is replaced. */
static gboolean
place_document (QmUpload    *upload,
                const char  *docid,
                GError     **error)
{
  QmDocumentStore *store = upload->store;
  g_autofree char *path = document_path (store, docid);
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;
  gboolean created;

  if (!make_dir (dir, &created, error))
    return FALSE;
  if (created && !fsync_dir (store->documents_dir, error))
    return FALSE;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_size == upload->size)
    {
      upload_remove_temp (upload);
      return TRUE;
    }
  if (g_rename (upload->tmp_path, path) != 0)
    return set_errno_error (error, errno, "move the upload to", path);
  g_clear_pointer (&upload->tmp_path, g_free);

  return fsync_dir (dir, error);
}

/* Checks, syncs, validates and places the upload; on a worker thread. */
static QmDocumentInfo *
store_upload (QmUpload      *upload,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  gboolean synced;

  if (!upload_check (upload, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  synced = fsync_fd (upload->fd, upload->tmp_path, error);
  g_close (upload->fd, NULL);
  upload->fd = -1;
  if (!synced)
    return NULL;

  info = _qm_pdf_validate (&upload->store->limits, upload->tmp_path, cancellable, error);
  if (info == NULL)
    return NULL;
  info->id = g_strdup (g_checksum_get_string (upload->checksum));
  info->bytes = (gint64) upload->size;

  if (!place_document (upload, info->id, error))
    return NULL;
  return g_steal_pointer (&info);
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} CommitJob;

static void
run_commit_job (gpointer data,
                gpointer user_data)
{
  CommitJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task),
             g_task_get_task_data (job->task), g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

/* Like g_task_run_in_thread(), on the commit threads. */
static void
run_in_commit_thread (GTask           *task,
                      GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  CommitJob *job = g_new (CommitJob, 1);

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (run_commit_job, NULL,
                                                 MAX_PARALLEL_COMMITS, FALSE, NULL));
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  QmUpload *upload = task_data;
  GError *error = NULL;
  QmDocumentInfo *info = store_upload (upload, cancellable, &error);

  /* Nothing of a failed upload stays on disk once the caller hears of it
   * (and removing a big file is disk work too). */
  upload_remove_temp (upload);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) qm_document_info_free);
}

void
qm_document_store_commit_async (QmDocumentStore     *store,
                                QmUpload            *upload,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (QM_IS_DOCUMENT_STORE (store));
  g_return_if_fail (upload != NULL && upload->store == store);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_document_store_commit_async);
  g_task_set_task_data (task, upload, (GDestroyNotify) qm_upload_free);
  run_in_commit_thread (task, commit_thread);
}

QmDocumentInfo *
qm_document_store_commit_finish (QmDocumentStore  *store,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_document_store_commit_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Importing */

static QmUpload *
upload_from_file (QmDocumentStore  *store,
                  const char       *path,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autoptr(QmUpload) upload = NULL;
  g_autofree guint8 *buffer = NULL;
  gboolean ok = TRUE;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, "open", path);
      return NULL;
    }
  upload = qm_upload_new (store, G_MAXUINT64, error);
  buffer = g_malloc (IMPORT_CHUNK_BYTES);

  while (ok && upload != NULL)
    {
      ssize_t n = read (fd, buffer, IMPORT_CHUNK_BYTES);

      if (n == 0)
        break;
      if (n < 0 && errno != EINTR)
        ok = set_errno_error (error, errno, "read", path);
      else if (n > 0)
        ok = !g_cancellable_set_error_if_cancelled (cancellable, error)
             && qm_upload_write (upload, buffer, (gsize) n, error);
    }
  g_close (fd, NULL);

  return ok ? g_steal_pointer (&upload) : NULL;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  QmDocumentStore *store = source_object;
  const char *path = task_data;
  g_autoptr(QmUpload) upload = NULL;
  GError *error = NULL;
  QmDocumentInfo *info = NULL;

  upload = upload_from_file (store, path, cancellable, &error);
  if (upload != NULL)
    info = store_upload (upload, cancellable, &error);
  /* Its temp file goes before the caller hears of the result. */
  g_clear_pointer (&upload, qm_upload_free);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) qm_document_info_free);
}

void
qm_document_store_import_async (QmDocumentStore     *store,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (QM_IS_DOCUMENT_STORE (store));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_document_store_import_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  run_in_commit_thread (task, import_thread);
}

QmDocumentInfo *
qm_document_store_import_finish (QmDocumentStore  *store,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_document_store_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading */

GBytes *
qm_document_store_map (QmDocumentStore  *store,
                       const char       *docid,
                       GError          **error)
{
  MapCache *cache;
  SharedMap *shared;
  gconstpointer data;
  GBytes *bytes;
  gsize size;

  g_return_val_if_fail (QM_IS_DOCUMENT_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The id becomes a file name: nothing but an id may get that far. */
  if (!qm_is_docid (docid))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such document");
      return NULL;
    }

  cache = store->map_cache;
  g_mutex_lock (&cache->lock);
  shared = g_hash_table_lookup (cache->maps, docid);
  if (shared == NULL)
    {
      g_autofree char *path = document_path (store, docid);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &local_error);

      if (file == NULL)
        {
          g_mutex_unlock (&cache->lock);
          if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such document");
          else
            g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                         "cannot read document %s: %s", docid, local_error->message);
          return NULL;
        }
      shared = g_new0 (SharedMap, 1);
      shared->cache = g_atomic_rc_box_acquire (cache);
      shared->docid = g_strdup (docid);
      shared->bytes = g_mapped_file_get_bytes (file);
      g_hash_table_insert (cache->maps, shared->docid, shared);
    }
  shared->users++;
  g_mutex_unlock (&cache->lock);

  data = g_bytes_get_data (shared->bytes, &size);
  bytes = g_bytes_new_with_free_func (data, size, shared_map_release, shared);

  if (!g_hash_table_contains (store->kept, docid))
    {
      char *key = g_strdup (docid);

      g_hash_table_insert (store->kept, key, g_bytes_ref (bytes));
      g_queue_push_tail (&store->kept_order, key);
      if (g_queue_get_length (&store->kept_order) > KEPT_MAPS)
        g_hash_table_remove (store->kept, g_queue_pop_head (&store->kept_order));
    }
  return bytes;
}

gboolean
qm_document_store_contains (QmDocumentStore *store,
                            const char      *docid)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (QM_IS_DOCUMENT_STORE (store), FALSE);

  if (!qm_is_docid (docid))
    return FALSE;
  path = document_path (store, docid);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}
