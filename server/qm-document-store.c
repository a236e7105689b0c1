/* qm-document-store.c: the content-addressed PDF store: temp-file uploads,
 * validation in a confined helper process, durable placement, shared maps.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-document-store"

#include "config.h"

#include "qm-document-store.h"

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

/* What is kept of the helper's answer and of its complaint. A 100 000-page
 * document's page sizes fit the first easily. */
#define MAX_HELPER_OUTPUT     (4 * 1024 * 1024)
#define MAX_HELPER_MESSAGE    1024
/* The answer is {"pages":…,"title":…,"page_sizes":[[w,h],…]}. */
#define MAX_HELPER_DEPTH      3

#define IMPORT_CHUNK_BYTES    (1024 * 1024)

/* Commits and imports run on a few threads of their own: each starts a
 * helper that may take up to memory_bytes, so their number is what bounds
 * the memory a burst of uploads can take. */
#define MAX_PARALLEL_COMMITS  2

/* An AddressSanitizer build's helper reserves terabytes of shadow memory
 * before main(), so an address-space limit would stop every helper. Such
 * builds are test builds; the CPU and wall-clock limits still hold there. */
#if defined(__SANITIZE_ADDRESS__)
# define LIMIT_ADDRESS_SPACE 0
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define LIMIT_ADDRESS_SPACE 0
# endif
#endif
#ifndef LIMIT_ADDRESS_SPACE
# define LIMIT_ADDRESS_SPACE 1
#endif

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

/* The helper process */

typedef struct
{
  rlim_t cpu_seconds;
  rlim_t memory_bytes;
} ChildLimits;

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
helper_child_setup (gpointer user_data)
{
  const ChildLimits *limits = user_data;
  /* The hard limit a second later turns an ignored SIGXCPU into SIGKILL. */
  struct rlimit cpu = { limits->cpu_seconds, limits->cpu_seconds + 1 };
  struct rlimit memory = { limits->memory_bytes, limits->memory_bytes };
  struct rlimit core = { 0, 0 };

  /* Its own process group, so a timeout also kills anything it started. */
  setpgid (0, 0);
  /* Dies with the worker thread that waits for it, should the server die. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  setrlimit (RLIMIT_CORE, &core);
  setrlimit (RLIMIT_CPU, &cpu);
  if (LIMIT_ADDRESS_SPACE)
    setrlimit (RLIMIT_AS, &memory);
}

typedef struct _HelperRun HelperRun;

typedef struct
{
  HelperRun  *run;
  GByteArray *data;
  gsize       limit;         /* bytes kept; the rest is read and dropped */
  gboolean    overflow;
  gboolean    done;
  guint8      buffer[16384];
} PipeRead;

struct _HelperRun
{
  GSubprocess  *process;
  GCancellable *reads;       /* stops the pipe reads once the helper is gone */
  PipeRead      out;
  PipeRead      err;
  gboolean      exited;
  gboolean      killed;
  gboolean      timed_out;
  gboolean      cancelled;
};

static void
helper_run_kill (HelperRun *run)
{
  const char *id;

  if (run->exited || run->killed)
    return;
  run->killed = TRUE;
  id = g_subprocess_get_identifier (run->process);
  if (id != NULL)
    kill (-(pid_t) g_ascii_strtoll (id, NULL, 10), SIGKILL);
  g_subprocess_force_exit (run->process);
}

static void pipe_read_next (PipeRead *pipe_read, GInputStream *stream);

static void
pipe_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PipeRead *pipe_read = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  gssize n = g_input_stream_read_finish (stream, result, NULL);
  gsize kept;

  if (n <= 0)
    {
      pipe_read->done = TRUE;
      return;
    }
  kept = MIN ((gsize) n, pipe_read->limit - pipe_read->data->len);
  g_byte_array_append (pipe_read->data, pipe_read->buffer, kept);
  if (kept < (gsize) n)
    {
      pipe_read->overflow = TRUE;
      /* An answer this long is wrong already; no need to wait for the rest. */
      if (pipe_read == &pipe_read->run->out)
        helper_run_kill (pipe_read->run);
    }
  pipe_read_next (pipe_read, stream);
}

static void
pipe_read_next (PipeRead     *pipe_read,
                GInputStream *stream)
{
  g_input_stream_read_async (stream, pipe_read->buffer, sizeof pipe_read->buffer,
                             G_PRIORITY_DEFAULT, pipe_read->run->reads,
                             pipe_read_cb, pipe_read);
}

static void
helper_wait_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HelperRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
}

static gboolean
helper_timeout_cb (gpointer user_data)
{
  HelperRun *run = user_data;

  run->timed_out = TRUE;
  helper_run_kill (run);
  return G_SOURCE_REMOVE;
}

static gboolean
helper_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  HelperRun *run = user_data;

  run->cancelled = TRUE;
  helper_run_kill (run);
  return G_SOURCE_REMOVE;
}

/* The first line of what the helper said on stderr, fit for a log. */
static char *
helper_message (GByteArray *err)
{
  g_autofree char *text = NULL;
  char *end;

  if (err->len == 0)
    return g_strdup ("no reason given");
  text = g_utf8_make_valid ((const char *) err->data, err->len);
  end = strchr (text, '\n');

  if (end != NULL)
    *end = '\0';
  for (char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  g_strstrip (text);
  if (*text == '\0')
    return g_strdup ("no reason given");
  return g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 200));
}

static gboolean
invalid_document (GError     **error,
                  const char  *format,
                  ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_document (GError     **error,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT, message);
  return FALSE;
}

/* The helper's answer comes from a process that read hostile bytes, so it is
 * checked as strictly as any input: shape, counts, ranges, nesting (json-glib
 * recurses once per level). */
static gboolean
nesting_within (const char *text,
                gsize       length,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (in_string)
        {
          if (text[i] == '\\')
            i++;
          else if (text[i] == '"')
            in_string = FALSE;
        }
      else if (text[i] == '"')
        in_string = TRUE;
      else if ((text[i] == '[' || text[i] == '{') && ++depth > max_depth)
        return FALSE;
      else if ((text[i] == ']' || text[i] == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static QmDocumentInfo *
parse_helper_output (GByteArray  *out,
                     GError     **error)
{
  g_autoptr(QmDocumentInfo) info = g_new0 (QmDocumentInfo, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *text = (const char *) out->data;
  JsonObject *root;
  JsonNode *node;
  JsonArray *sizes;

  if (out->len == 0 || !g_utf8_validate (text, out->len, NULL)
      || !nesting_within (text, out->len, MAX_HELPER_DEPTH))
    {
      invalid_document (error, "the document checker gave an unreadable answer");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, out->len, &local_error))
    {
      invalid_document (error, "the document checker gave an unreadable answer: %s",
                        local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  root = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = root != NULL ? json_object_get_member (root, "pages") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      invalid_document (error, "the document checker gave no page count");
      return NULL;
    }
  info->pages = json_node_get_int (node);
  if (info->pages < 1 || info->pages > QM_MAX_PAGE)
    {
      invalid_document (error, "the document has %" G_GINT64_FORMAT " pages; 1 to %d are accepted",
                        info->pages, QM_MAX_PAGE);
      return NULL;
    }

  node = json_object_get_member (root, "title");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *title = g_strstrip (g_strdup (json_node_get_string (node)));

      if (*title != '\0' && g_utf8_validate (title, -1, NULL))
        info->title = g_utf8_substring (title, 0, MIN (g_utf8_strlen (title, -1),
                                                       QM_MAX_TITLE_CHARS));
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      invalid_document (error, "the document checker gave a title that is not a string");
      return NULL;
    }

  node = json_object_get_member (root, "page_sizes");
  sizes = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (sizes == NULL || json_array_get_length (sizes) != (guint) info->pages)
    {
      invalid_document (error, "the document checker gave no size for each page");
      return NULL;
    }
  info->page_sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * info->pages);
  for (guint i = 0; i < json_array_get_length (sizes); i++)
    {
      JsonNode *pair_node = json_array_get_element (sizes, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pair_node) ? json_node_get_array (pair_node) : NULL;

      if (pair == NULL || json_array_get_length (pair) != 2)
        {
          invalid_document (error, "the document checker gave no size for page %u", i + 1);
          return NULL;
        }
      for (guint k = 0; k < 2; k++)
        {
          JsonNode *value = json_array_get_element (pair, k);
          double points = node_is_number (value) ? json_node_get_double (value) : NAN;

          if (!isfinite (points) || points <= 0)
            {
              invalid_document (error, "page %u of the document has no usable size", i + 1);
              return NULL;
            }
          g_array_append_val (info->page_sizes, points);
        }
    }

  return g_steal_pointer (&info);
}

/* Runs the helper on @path under the store's limits and reads its answer.
 * Called on a worker thread, which it blocks; the waiting happens in a
 * private main context so the pipes, the exit and the clock are one loop. */
static QmDocumentInfo *
run_helper (QmDocumentStore  *store,
            const char       *path,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GSource) cancel = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) err = g_byte_array_new ();
  g_autofree char *message = NULL;
  QmDocumentInfo *info = NULL;
  ChildLimits limits;
  HelperRun run = { 0 };

  limits.cpu_seconds = store->limits.cpu_seconds;
  limits.memory_bytes = store->limits.memory_bytes >= RLIM_INFINITY
                        ? RLIM_INFINITY : (rlim_t) store->limits.memory_bytes;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, helper_child_setup, &limits, NULL);

  g_main_context_push_thread_default (context);

  run.process = g_subprocess_launcher_spawn (launcher, &local_error,
                                             store->limits.helper_path, path, NULL);
  if (run.process == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot start the document checker %s: %s",
                   store->limits.helper_path, local_error->message);
      return NULL;
    }

  run.reads = g_cancellable_new ();
  run.out = (PipeRead) { .run = &run, .data = out, .limit = MAX_HELPER_OUTPUT };
  run.err = (PipeRead) { .run = &run, .data = err, .limit = MAX_HELPER_MESSAGE };
  pipe_read_next (&run.out, g_subprocess_get_stdout_pipe (run.process));
  pipe_read_next (&run.err, g_subprocess_get_stderr_pipe (run.process));
  g_subprocess_wait_async (run.process, NULL, helper_wait_cb, &run);

  timeout = g_timeout_source_new (store->limits.timeout_ms);
  g_source_set_callback (timeout, helper_timeout_cb, &run, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    {
      cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel, G_SOURCE_FUNC (helper_cancelled_cb), &run, NULL);
      g_source_attach (cancel, context);
    }

  /* Past the deadline the pipes are not waited for: something the helper
   * started outside its group might hold them open. */
  while (!run.exited
         || (!(run.out.done && run.err.done) && !run.timed_out && !run.cancelled))
    g_main_context_iteration (context, TRUE);
  g_cancellable_cancel (run.reads);
  while (!(run.out.done && run.err.done))
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (cancel != NULL)
    g_source_destroy (cancel);
  g_main_context_pop_thread_default (context);

  if (run.cancelled)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the document check was cancelled");
  else if (run.timed_out)
    invalid_document (error, "the document took too long to open");
  else if (run.out.overflow)
    invalid_document (error, "the document checker gave an answer over %d bytes",
                      MAX_HELPER_OUTPUT);
  else if (g_subprocess_get_if_signaled (run.process))
    {
      int sig = g_subprocess_get_term_sig (run.process);

      if (sig == SIGXCPU || (sig == SIGKILL && !run.killed))
        invalid_document (error, "the document needed too much processor time or memory to open");
      else
        invalid_document (error, "the document checker crashed on the document (signal %d, %s)",
                          sig, g_strsignal (sig));
    }
  else if (g_subprocess_get_exit_status (run.process) != 0)
    {
      message = helper_message (err);
      invalid_document (error, "the document cannot be opened as a PDF: %s", message);
    }
  else
    info = parse_helper_output (out, error);

  g_object_unref (run.reads);
  g_object_unref (run.process);
  return info;
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

  info = run_helper (upload->store, upload->tmp_path, cancellable, error);
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
