/* qm-document-cache.c: downloads documents into a content-addressed folder,
 * streaming through SHA-256, and answers offline lookups.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-document-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "qm-client-error.h"
#include "qm-document-cache.h"

#define CHUNK_BYTES      (64 * 1024)
#define ERROR_BODY_BYTES (16 * 1024)

struct _QmDocumentCache
{
  GObject     parent_instance;

  QmSession  *session;
  char       *directory;
  GHashTable *verified;    /* docids checked since this object was made */
};

G_DEFINE_FINAL_TYPE (QmDocumentCache, qm_document_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DIRECTORY,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char         *docid;
  char         *path;
  char         *tmp_path;
  int           fd;
  GChecksum    *checksum;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *error_body;  /* set while reading an error answer */
  gint64        received;
  gint64        total;
  gboolean      had_file;
  gboolean      downloaded;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  if (fetch->fd >= 0)
    close (fetch->fd);
  if (fetch->tmp_path != NULL)
    g_unlink (fetch->tmp_path);
  g_free (fetch->tmp_path);
  g_free (fetch->docid);
  g_free (fetch->path);
  g_clear_pointer (&fetch->checksum, g_checksum_free);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->error_body, g_byte_array_unref);
  g_free (fetch);
}

gboolean
qm_document_cache_verify_file (const char    *path,
                               const char    *docid,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guchar *buffer = NULL;
  gssize n;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (docid != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  buffer = g_malloc (CHUNK_BYTES);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, CHUNK_BYTES,
                                   cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return FALSE;

  if (g_strcmp0 (g_checksum_get_string (checksum), docid) != 0)
    {
      g_set_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION,
                   "The bytes of %s do not match the document id %s (SHA-256 %s)",
                   path, docid, g_checksum_get_string (checksum));
      return FALSE;
    }
  return TRUE;
}

char *
qm_document_cache_get_path (QmDocumentCache *self,
                            const char      *docid)
{
  g_autofree char *name = NULL;
  char prefix[3];

  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), NULL);
  g_return_val_if_fail (qm_is_docid (docid), NULL);

  prefix[0] = docid[0];
  prefix[1] = docid[1];
  prefix[2] = '\0';
  name = g_strconcat (docid, ".pdf", NULL);
  return g_build_filename (self->directory, prefix, name, NULL);
}

char *
qm_document_cache_lookup (QmDocumentCache *self,
                          const char      *docid)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), NULL);
  g_return_val_if_fail (docid != NULL, NULL);

  if (!qm_is_docid (docid))
    return NULL;
  path = qm_document_cache_get_path (self, docid);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_hash_table_remove (self->verified, docid);
      return NULL;
    }
  if (g_hash_table_contains (self->verified, docid))
    return g_steal_pointer (&path);

  if (!qm_document_cache_verify_file (path, docid, NULL, &error))
    {
      g_debug ("dropping a cached document: %s", error->message);
      if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION))
        g_unlink (path);
      return NULL;
    }
  g_hash_table_add (self->verified, g_strdup (docid));
  return g_steal_pointer (&path);
}

static void
lookup_in_thread (GTask        *verify,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char * const *what = task_data;   /* path, docid */
  g_autoptr(GError) error = NULL;

  if (!qm_document_cache_verify_file (what[0], what[1], cancellable, &error))
    {
      if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION))
        g_unlink (what[0]);
      g_task_return_error (verify, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (verify, TRUE);
}

/* Back on the main context, where the table of verified ids lives. */
static void
on_lookup_verified (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmDocumentCache *self = g_task_get_source_object (task);
  const char * const *what = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("dropping a cached document: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_add (self->verified, g_strdup (what[1]));
  g_task_return_pointer (task, g_strdup (what[0]), g_free);
}

void
qm_document_cache_lookup_async (QmDocumentCache     *self,
                                const char          *docid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) verify = NULL;
  g_autofree char *path = NULL;
  char **what;

  g_return_if_fail (QM_IS_DOCUMENT_CACHE (self));
  g_return_if_fail (docid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_document_cache_lookup_async);
  if (!qm_is_docid (docid))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  path = qm_document_cache_get_path (self, docid);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_hash_table_remove (self->verified, docid);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (g_hash_table_contains (self->verified, docid))
    {
      g_task_return_pointer (task, g_steal_pointer (&path), g_free);
      return;
    }

  /* No source object: the worker thread lets go of its task only after
   * the callback ran, which must not keep the cache alive. */
  verify = g_task_new (NULL, cancellable, on_lookup_verified, g_steal_pointer (&task));
  what = g_new0 (char *, 3);
  what[0] = g_steal_pointer (&path);
  what[1] = g_strdup (docid);
  g_task_set_task_data (verify, what, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (verify, lookup_in_thread);
}

char *
qm_document_cache_lookup_finish (QmDocumentCache  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_document_cache_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_fail (GTask  *task,
            GError *error)
{
  g_task_return_error (task, error);
}

static void read_next (GTask *task);

static void
fetch_complete (GTask *task)
{
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  const char *sha256 = g_checksum_get_string (fetch->checksum);

  if (g_strcmp0 (sha256, fetch->docid) != 0)
    {
      /* fetch_free removes the temp file: nothing of it is kept. */
      fetch_fail (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION,
                                     "The server sent bytes whose SHA-256 (%s) is not the "
                                     "document id %s", sha256, fetch->docid));
      return;
    }

  /* Durable before it is visible under its final name. */
  if (fsync (fetch->fd) != 0 || close (fetch->fd) != 0)
    {
      int saved_errno = errno;

      fetch->fd = -1;
      fetch_fail (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     "Cannot write %s: %s", fetch->tmp_path,
                                     g_strerror (saved_errno)));
      return;
    }
  fetch->fd = -1;
  if (g_rename (fetch->tmp_path, fetch->path) != 0)
    {
      int saved_errno = errno;

      fetch_fail (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     "Cannot move the download to %s: %s", fetch->path,
                                     g_strerror (saved_errno)));
      return;
    }
  g_clear_pointer (&fetch->tmp_path, g_free);
  fetch->downloaded = TRUE;
  g_hash_table_add (self->verified, g_strdup (fetch->docid));
  g_task_return_pointer (task, g_strdup (fetch->path), g_free);
}

static void
finish_error_body (GTask *task)
{
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  guint status = soup_message_get_status (fetch->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->error_body));

  if (status == SOUP_STATUS_UNAUTHORIZED)
    qm_session_forget_token (self->session);
  fetch_fail (task, qm_client_error_from_response (status, body, FALSE));
}

static gboolean
write_all (int       fd,
           const guint8 *data,
           gsize     length,
           GError  **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot write to the document cache: %s", g_strerror (saved_errno));
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      fetch_fail (task, qm_client_error_from_transport (error));
      return;
    }
  data = g_bytes_get_data (bytes, &length);

  if (fetch->error_body != NULL)
    {
      if (length == 0 || fetch->error_body->len + length > ERROR_BODY_BYTES)
        {
          finish_error_body (task);
          return;
        }
      g_byte_array_append (fetch->error_body, data, length);
      read_next (task);
      return;
    }

  if (length == 0)
    {
      fetch_complete (task);
      return;
    }

  if (!write_all (fetch->fd, data, length, &error))
    {
      fetch_fail (task, g_steal_pointer (&error));
      return;
    }
  g_checksum_update (fetch->checksum, data, length);
  fetch->received += length;
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, fetch->docid, fetch->received, fetch->total);
  read_next (task);
}

static void
read_next (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (fetch->stream, CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, g_object_ref (task));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *template = NULL;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (fetch->stream == NULL)
    {
      /* A refused certificate says so (changed, or not known yet). */
      fetch_fail (task, qm_session_error_from_transport (self->session, fetch->message, error));
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (status == SOUP_STATUS_NOT_MODIFIED && fetch->had_file)
    {
      g_task_return_pointer (task, g_strdup (fetch->path), g_free);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      fetch->error_body = g_byte_array_new ();
      read_next (task);
      return;
    }

  folder = g_path_get_dirname (fetch->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      fetch_fail (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     "Cannot create %s: %s", folder, g_strerror (saved_errno)));
      return;
    }
  /* A dot name in the same folder: invisible to lookups, and the final
   * rename stays on one file system. */
  template = g_strdup_printf ("%s/.%s.XXXXXX", folder, fetch->docid);
  fetch->fd = g_mkstemp_full (template, O_WRONLY, 0600);
  if (fetch->fd < 0)
    {
      int saved_errno = errno;

      fetch_fail (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     "Cannot create a file in %s: %s", folder,
                                     g_strerror (saved_errno)));
      return;
    }
  fetch->tmp_path = g_steal_pointer (&template);
  fetch->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  fetch->total = soup_message_headers_get_content_length (soup_message_get_response_headers (fetch->message));
  if (fetch->total == 0)
    fetch->total = -1;
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, fetch->docid, (gint64) 0, fetch->total);
  read_next (task);
}

static void
start_request (GTask *task)
{
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree char *path = g_strconcat ("/api/v1/documents/", fetch->docid, NULL);

  if (qm_session_get_token (self->session) == NULL)
    {
      fetch_fail (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN,
                                     "Not signed in"));
      return;
    }
  fetch->message = qm_session_new_message (self->session, "GET", path);
  if (fetch->message == NULL)
    {
      fetch_fail (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                                     "Not a server address: %s",
                                     qm_session_get_base_url (self->session)));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                "Accept", "application/pdf");
  if (fetch->had_file)
    {
      g_autofree char *etag = g_strdup_printf ("\"%s\"", fetch->docid);

      soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                    "If-None-Match", etag);
    }
  soup_session_send_async (qm_session_get_download_session (self->session), fetch->message,
                           G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_sent,
                           g_object_ref (task));
}

static void
verify_in_thread (GTask        *verify,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char * const *what = task_data;   /* path, docid */
  g_autoptr(GError) error = NULL;

  if (qm_document_cache_verify_file (what[0], what[1], cancellable, &error))
    {
      g_task_return_boolean (verify, TRUE);
      return;
    }
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_VERIFICATION))
    {
      /* Corrupt (or truncated): download it again. */
      g_debug ("%s", error->message);
      g_unlink (what[0]);
      g_task_return_boolean (verify, FALSE);
      return;
    }
  g_task_return_error (verify, g_steal_pointer (&error));
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmDocumentCache *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean good;

  good = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      fetch_fail (task, g_steal_pointer (&error));
      return;
    }
  fetch->had_file = good;
  if (good)
    g_hash_table_add (self->verified, g_strdup (fetch->docid));
  start_request (task);
}

void
qm_document_cache_fetch_async (QmDocumentCache     *self,
                               const char          *docid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (QM_IS_DOCUMENT_CACHE (self));
  g_return_if_fail (docid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_document_cache_fetch_async);
  if (!qm_is_docid (docid))
    {
      g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                               "“%s” is not a document id", docid);
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->fd = -1;
  fetch->docid = g_strdup (docid);
  fetch->path = qm_document_cache_get_path (self, docid);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  /* A cached file is hashed again on every fetch (lookups trust what they
   * checked once): a fetch waits for the network anyway, and this is how a
   * file damaged since gets replaced. */
  g_hash_table_remove (self->verified, docid);
  if (!g_file_test (fetch->path, G_FILE_TEST_IS_REGULAR))
    start_request (task);
  else
    {
      /* No source object, as in qm_document_cache_lookup_async. */
      g_autoptr(GTask) verify = g_task_new (NULL, cancellable, on_verified, g_object_ref (task));
      char **what = g_new0 (char *, 3);

      what[0] = g_strdup (fetch->path);
      what[1] = g_strdup (docid);
      g_task_set_task_data (verify, what, (GDestroyNotify) g_strfreev);
      g_task_run_in_thread (verify, verify_in_thread);
    }
}

char *
qm_document_cache_fetch_finish (QmDocumentCache  *self,
                                GAsyncResult     *result,
                                gboolean         *out_downloaded,
                                GError          **error)
{
  Fetch *fetch;

  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_document_cache_fetch_async,
                        NULL);

  fetch = g_task_get_task_data (G_TASK (result));
  if (out_downloaded != NULL)
    *out_downloaded = fetch != NULL && fetch->downloaded;
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray              *docids;
  GArray                 *sizes;      /* guint64, as the agenda gives them */
  guint                   index;
  guint64                 done_bytes;
  guint64                 total_bytes;
  QmDocumentProgressFunc  progress;
  gpointer                progress_data;
  GDestroyNotify          progress_destroy;
  gulong                  handler;
  QmDocumentCache        *self;
} MeetingFetch;

static void
meeting_fetch_free (MeetingFetch *meeting_fetch)
{
  g_clear_signal_handler (&meeting_fetch->handler, meeting_fetch->self);
  if (meeting_fetch->progress_destroy != NULL)
    meeting_fetch->progress_destroy (meeting_fetch->progress_data);
  g_ptr_array_unref (meeting_fetch->docids);
  g_array_unref (meeting_fetch->sizes);
  g_free (meeting_fetch);
}

static void
report (MeetingFetch *meeting_fetch,
        guint64       current_bytes)
{
  if (meeting_fetch->progress != NULL)
    meeting_fetch->progress (MIN (meeting_fetch->done_bytes + current_bytes,
                                  meeting_fetch->total_bytes),
                             meeting_fetch->total_bytes,
                             meeting_fetch->index, meeting_fetch->docids->len,
                             meeting_fetch->progress_data);
}

static void
on_meeting_document_progress (QmDocumentCache *self,
                              const char      *docid,
                              gint64           received,
                              gint64           total,
                              gpointer         user_data)
{
  MeetingFetch *meeting_fetch = user_data;
  guint64 size;

  if (meeting_fetch->index >= meeting_fetch->docids->len
      || g_strcmp0 (docid, g_ptr_array_index (meeting_fetch->docids, meeting_fetch->index)) != 0)
    return;
  size = g_array_index (meeting_fetch->sizes, guint64, meeting_fetch->index);
  report (meeting_fetch, MIN ((guint64) received, size));
}

static void fetch_next_of_meeting (GTask *task);

static void
on_meeting_document_fetched (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MeetingFetch *meeting_fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = qm_document_cache_fetch_finish (QM_DOCUMENT_CACHE (source), result, NULL, &error);
  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  meeting_fetch->done_bytes += g_array_index (meeting_fetch->sizes, guint64, meeting_fetch->index);
  meeting_fetch->index++;
  report (meeting_fetch, 0);
  fetch_next_of_meeting (task);
}

static void
fetch_next_of_meeting (GTask *task)
{
  MeetingFetch *meeting_fetch = g_task_get_task_data (task);

  if (meeting_fetch->index >= meeting_fetch->docids->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  qm_document_cache_fetch_async (meeting_fetch->self,
                                 g_ptr_array_index (meeting_fetch->docids, meeting_fetch->index),
                                 g_task_get_cancellable (task),
                                 on_meeting_document_fetched, g_object_ref (task));
}

void
qm_document_cache_fetch_meeting_async (QmDocumentCache        *self,
                                       const QmMeeting        *meeting,
                                       QmDocumentProgressFunc  progress,
                                       gpointer                progress_data,
                                       GDestroyNotify          progress_destroy,
                                       GCancellable           *cancellable,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  MeetingFetch *meeting_fetch;
  guint i, j;

  g_return_if_fail (QM_IS_DOCUMENT_CACHE (self));
  g_return_if_fail (meeting != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_document_cache_fetch_meeting_async);

  meeting_fetch = g_new0 (MeetingFetch, 1);
  meeting_fetch->self = self;
  meeting_fetch->docids = g_ptr_array_new_with_free_func (g_free);
  meeting_fetch->sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  meeting_fetch->progress = progress;
  meeting_fetch->progress_data = progress_data;
  meeting_fetch->progress_destroy = progress_destroy;
  g_task_set_task_data (task, meeting_fetch, (GDestroyNotify) meeting_fetch_free);

  for (i = 0; meeting->agenda != NULL && i < meeting->agenda->len; i++)
    {
      QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      for (j = 0; item->documents != NULL && j < item->documents->len; j++)
        {
          QmItemDocument *document = g_ptr_array_index (item->documents, j);
          guint64 size = MAX (document->bytes, 0);

          /* A document on two items is fetched once. */
          if (g_ptr_array_find_with_equal_func (meeting_fetch->docids, document->id,
                                                g_str_equal, NULL))
            continue;
          g_ptr_array_add (meeting_fetch->docids, g_strdup (document->id));
          g_array_append_val (meeting_fetch->sizes, size);
          meeting_fetch->total_bytes += size;
        }
    }

  meeting_fetch->handler = g_signal_connect (self, "progress",
                                             G_CALLBACK (on_meeting_document_progress),
                                             meeting_fetch);
  report (meeting_fetch, 0);
  fetch_next_of_meeting (task);
}

gboolean
qm_document_cache_fetch_meeting_finish (QmDocumentCache  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == qm_document_cache_fetch_meeting_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
qm_document_cache_dispose (GObject *object)
{
  QmDocumentCache *self = QM_DOCUMENT_CACHE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_document_cache_parent_class)->dispose (object);
}

static void
qm_document_cache_finalize (GObject *object)
{
  QmDocumentCache *self = QM_DOCUMENT_CACHE (object);

  g_free (self->directory);
  g_hash_table_unref (self->verified);

  G_OBJECT_CLASS (qm_document_cache_parent_class)->finalize (object);
}

static void
qm_document_cache_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  QmDocumentCache *self = QM_DOCUMENT_CACHE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_document_cache_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  QmDocumentCache *self = QM_DOCUMENT_CACHE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_DIRECTORY:
      g_free (self->directory);
      self->directory = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_document_cache_constructed (GObject *object)
{
  QmDocumentCache *self = QM_DOCUMENT_CACHE (object);

  G_OBJECT_CLASS (qm_document_cache_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = g_build_filename (g_get_user_cache_dir (), "quorum", "documents", NULL);
}

static void
qm_document_cache_class_init (QmDocumentCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = qm_document_cache_constructed;
  object_class->dispose = qm_document_cache_dispose;
  object_class->finalize = qm_document_cache_finalize;
  object_class->get_property = qm_document_cache_get_property;
  object_class->set_property = qm_document_cache_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, QM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (docid, bytes received, total bytes or -1) while a document downloads;
   * the first emission has 0 bytes. */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
}

static void
qm_document_cache_init (QmDocumentCache *self)
{
  self->verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

QmDocumentCache *
qm_document_cache_new (QmSession  *session,
                       const char *directory)
{
  g_return_val_if_fail (QM_IS_SESSION (session), NULL);

  return g_object_new (QM_TYPE_DOCUMENT_CACHE,
                       "session", session,
                       "directory", directory,
                       NULL);
}

const char *
qm_document_cache_get_directory (QmDocumentCache *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_CACHE (self), NULL);
  return self->directory;
}
