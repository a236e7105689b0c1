/* qm-uploader.c: a small queue of document uploads, each streamed from its
 * file with its own progress, on a connection pool of its own.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-uploader"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "qm-client-error.h"
#include "qm-uploader.h"

/* The server checks the PDF (a helper process with its own 20 s limit) before
 * it answers, so the wait after the last byte may exceed the session's 30 s. */
#define UPLOAD_TIMEOUT_SECONDS 90
/* Progress callbacks per file, at most (plus the first and the last). */
#define PROGRESS_STEPS         200
/* The queue decides how many run; the pool only needs room for them. */
#define MAX_CONCURRENT         16

struct _QmUploader
{
  GObject      parent_instance;

  QmSession   *session;
  /* Uploads have their own pool: a shared session allows two connections per
   * host, and two long uploads there would hold up every other request. */
  SoupSession *soup;
  GQueue       waiting;      /* of GTask */
  guint        n_running;
  guint        max_concurrent;
  guint64      max_bytes;
};

G_DEFINE_FINAL_TYPE (QmUploader, qm_uploader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MAX_CONCURRENT,
  PROP_MAX_BYTES,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GFile                *file;
  char                 *name;
  QmUploadProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
  gulong                cancelled_handler;   /* while waiting in line */
  gboolean              running;
  GInputStream         *stream;
  SoupMessage          *message;
  guint64               size;
  guint64               sent;
  guint64               reported;
  char                  magic[5];
} Upload;

static void
upload_free (Upload *upload)
{
  if (upload->progress_destroy != NULL)
    upload->progress_destroy (upload->progress_data);
  g_clear_object (&upload->file);
  g_free (upload->name);
  g_clear_object (&upload->stream);
  g_clear_object (&upload->message);
  g_free (upload);
}

static void pump (QmUploader *self);

static void
report (Upload *upload)
{
  if (upload->progress != NULL)
    upload->progress (upload->sent, upload->size, upload->progress_data);
  upload->reported = upload->sent;
}

/* Every way out of a started upload comes here: the slot is free again.
 * Takes the error or the document. */
static void
finish_running (GTask      *task,
                GError     *error,
                QmDocument *document)
{
  QmUploader *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);

  g_assert (upload->running);
  upload->running = FALSE;
  if (upload->message != NULL)
    g_signal_handlers_disconnect_by_data (upload->message, task);
  self->n_running--;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, (GDestroyNotify) qm_document_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  pump (self);
}

static void
on_wrote_body_data (SoupMessage *message,
                    guint        chunk_size,
                    GTask       *task)
{
  Upload *upload = g_task_get_task_data (task);
  guint64 step = MAX (upload->size / PROGRESS_STEPS, 1);

  upload->sent = MIN (upload->sent + chunk_size, upload->size);
  if (upload->sent == upload->size || upload->sent - upload->reported >= step)
    report (upload);
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  /* Without this the last segment of every body waits for the server's
   * delayed ACK (Nagle): 40 ms per upload for nothing. */
  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmUploader *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmDocument) document = NULL;
  guint status;
  const char *text;
  gsize length;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      finish_running (task, qm_session_error_from_transport (self->session, upload->message,
                                                             error), NULL);
      return;
    }

  status = soup_message_get_status (upload->message);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    qm_session_forget_token (self->session);
  if (status != SOUP_STATUS_CREATED)
    {
      finish_running (task, qm_client_error_from_response (status, body, FALSE), NULL);
      return;
    }

  text = g_bytes_get_data (body, &length);
  document = qm_document_parse (text, length, &error);
  if (document == NULL)
    {
      finish_running (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                                         "The server's answer does not follow the protocol: %s",
                                         error->message), NULL);
      return;
    }

  if (upload->sent != upload->size)
    {
      upload->sent = upload->size;
      report (upload);
    }
  finish_running (task, NULL, g_steal_pointer (&document));
}

static char *
build_path (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

  return g_strconcat ("/api/v1/documents?name=", escaped, NULL);
}

static void
send_body (GTask *task)
{
  QmUploader *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autofree char *path = build_path (upload->name);

  if (qm_session_get_token (self->session) == NULL)
    {
      finish_running (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN,
                                         "Not signed in"), NULL);
      return;
    }
  upload->message = qm_session_new_message (self->session, "POST", path);
  if (upload->message == NULL)
    {
      finish_running (task, g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                                         "“%s” is not a server address (http:// or https://)",
                                         qm_session_get_base_url (self->session)), NULL);
      return;
    }

  /* No "Expect: 100-continue": libsoup 3.2 crashes when the server answers
   * it with a refusal. The server reads and drops a refused body and then
   * answers, so a 413 still comes as a 413, only later. */
  soup_message_set_request_body (upload->message, "application/pdf", upload->stream,
                                 (gssize) upload->size);
  g_signal_connect (upload->message, "wrote-body-data", G_CALLBACK (on_wrote_body_data), task);
  g_signal_connect (upload->message, "network-event", G_CALLBACK (on_network_event), NULL);

  soup_session_send_and_read_async (self->soup, upload->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_sent, g_object_ref (task));
}

static void
on_magic_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize n_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n_read, &error))
    {
      finish_running (task, g_steal_pointer (&error), NULL);
      return;
    }
  /* The server would answer 415 for this after the whole body; say it now. */
  if (n_read < sizeof upload->magic || memcmp (upload->magic, "%PDF-", sizeof upload->magic) != 0)
    {
      finish_running (task, g_error_new (QM_PROTOCOL_ERROR,
                                         QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                                         "“%s” is not a PDF file", upload->name), NULL);
      return;
    }
  if (!g_seekable_seek (G_SEEKABLE (upload->stream), 0, G_SEEK_SET,
                        g_task_get_cancellable (task), &error))
    {
      finish_running (task, g_steal_pointer (&error), NULL);
      return;
    }
  send_body (task);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileInputStream *stream;
  GCancellable *cancellable;

  stream = g_file_read_finish (G_FILE (source), result, &error);
  if (stream == NULL)
    {
      finish_running (task, g_steal_pointer (&error), NULL);
      return;
    }
  upload->stream = G_INPUT_STREAM (stream);
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_all_async (upload->stream, upload->magic, sizeof upload->magic,
                                 G_PRIORITY_DEFAULT, cancellable,
                                 on_magic_read, g_steal_pointer (&task));
}

/* The server keeps at most 255 characters of a name: keep the end (".pdf")
 * and cut the middle. */
static char *
limit_name (const char *name)
{
  glong length = g_utf8_strlen (name, -1);
  const char *tail;
  g_autofree char *head = NULL;

  if (length <= QM_MAX_DOCUMENT_NAME_CHARS)
    return g_strdup (name);
  tail = g_utf8_offset_to_pointer (name, length - 8);
  head = g_utf8_substring (name, 0, QM_MAX_DOCUMENT_NAME_CHARS - 9);
  return g_strconcat (head, "…", tail, NULL);
}

static void
on_file_info (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmUploader *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GCancellable *cancellable;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (info == NULL)
    {
      finish_running (task, g_steal_pointer (&error), NULL);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      finish_running (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                         "“%s” is not a file",
                                         g_file_info_get_display_name (info)), NULL);
      return;
    }

  g_free (upload->name);
  upload->name = limit_name (g_file_info_get_display_name (info));
  upload->size = (guint64) g_file_info_get_size (info);
  report (upload);

  if (self->max_bytes > 0 && upload->size > self->max_bytes)
    {
      finish_running (task, g_error_new (QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE,
                                         "“%s” is over the limit of %" G_GUINT64_FORMAT " bytes",
                                         upload->name, self->max_bytes), NULL);
      return;
    }
  if (upload->size == 0)
    {
      finish_running (task, g_error_new (QM_PROTOCOL_ERROR,
                                         QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                                         "“%s” is empty", upload->name), NULL);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_read_async (upload->file, G_PRIORITY_DEFAULT, cancellable,
                     on_file_read, g_steal_pointer (&task));
}

static void
start (QmUploader *self,
       GTask      *task)
{
  Upload *upload = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (upload->cancelled_handler != 0)
    g_signal_handler_disconnect (cancellable, upload->cancelled_handler);
  upload->cancelled_handler = 0;

  upload->running = TRUE;
  self->n_running++;
  g_file_query_info_async (upload->file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           on_file_info, task);
}

static void
pump (QmUploader *self)
{
  while (self->n_running < self->max_concurrent && !g_queue_is_empty (&self->waiting))
    start (self, g_queue_pop_head (&self->waiting));
}

static gboolean
return_cancelled_cb (gpointer user_data)
{
  GTask *task = user_data;
  QmUploader *self = g_task_get_source_object (task);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "The upload was cancelled");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  return G_SOURCE_REMOVE;
}

/* Cancelled while waiting in line: leave the line now rather than when a
 * slot frees up. (Cancellables of uploads are cancelled on the main thread.) */
static void
on_waiting_cancelled (GCancellable *cancellable,
                      GTask        *task)
{
  QmUploader *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);

  g_signal_handler_disconnect (cancellable, upload->cancelled_handler);
  upload->cancelled_handler = 0;
  if (!g_queue_remove (&self->waiting, task))
    return;
  /* The queue's reference goes to the idle, which returns from there so that
   * no callback runs inside g_cancellable_cancel(). */
  g_idle_add_full (G_PRIORITY_DEFAULT, return_cancelled_cb, task, g_object_unref);
}

void
qm_uploader_upload_async (QmUploader          *self,
                          GFile               *file,
                          QmUploadProgressFunc progress,
                          gpointer             progress_data,
                          GDestroyNotify       progress_destroy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Upload *upload;

  g_return_if_fail (QM_IS_UPLOADER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_uploader_upload_async);
  upload = g_new0 (Upload, 1);
  upload->file = g_object_ref (file);
  upload->name = g_file_get_basename (file);
  upload->progress = progress;
  upload->progress_data = progress_data;
  upload->progress_destroy = progress_destroy;
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (cancellable != NULL)
    upload->cancelled_handler = g_signal_connect (cancellable, "cancelled",
                                                  G_CALLBACK (on_waiting_cancelled), task);
  g_queue_push_tail (&self->waiting, task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  pump (self);
}

QmDocument *
qm_uploader_upload_finish (QmUploader    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (QM_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_uploader_upload_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

QmUploader *
qm_uploader_new (QmSession *session)
{
  g_return_val_if_fail (QM_IS_SESSION (session), NULL);

  return g_object_new (QM_TYPE_UPLOADER, "session", session, NULL);
}

QmSession *
qm_uploader_get_session (QmUploader *self)
{
  g_return_val_if_fail (QM_IS_UPLOADER (self), NULL);
  return self->session;
}

guint
qm_uploader_get_max_concurrent (QmUploader *self)
{
  g_return_val_if_fail (QM_IS_UPLOADER (self), 0);
  return self->max_concurrent;
}

void
qm_uploader_set_max_concurrent (QmUploader *self,
                                guint       max_concurrent)
{
  g_return_if_fail (QM_IS_UPLOADER (self));
  g_return_if_fail (max_concurrent > 0 && max_concurrent <= MAX_CONCURRENT);

  if (self->max_concurrent == max_concurrent)
    return;
  self->max_concurrent = max_concurrent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENT]);
  pump (self);
}

guint64
qm_uploader_get_max_bytes (QmUploader *self)
{
  g_return_val_if_fail (QM_IS_UPLOADER (self), 0);
  return self->max_bytes;
}

void
qm_uploader_set_max_bytes (QmUploader *self,
                           guint64     max_bytes)
{
  g_return_if_fail (QM_IS_UPLOADER (self));

  if (self->max_bytes == max_bytes)
    return;
  self->max_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BYTES]);
}

guint
qm_uploader_get_n_pending (QmUploader *self)
{
  g_return_val_if_fail (QM_IS_UPLOADER (self), 0);
  return self->n_running + g_queue_get_length (&self->waiting);
}

static void
qm_uploader_constructed (GObject *object)
{
  QmUploader *self = QM_UPLOADER (object);

  G_OBJECT_CLASS (qm_uploader_parent_class)->constructed (object);

  self->soup = qm_session_new_pool (self->session, UPLOAD_TIMEOUT_SECONDS, MAX_CONCURRENT);
}

static void
qm_uploader_dispose (GObject *object)
{
  QmUploader *self = QM_UPLOADER (object);

  /* Tasks hold the uploader, so nothing is waiting or running here. */
  g_assert (g_queue_is_empty (&self->waiting));
  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_uploader_parent_class)->dispose (object);
}

static void
qm_uploader_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  QmUploader *self = QM_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MAX_CONCURRENT:
      g_value_set_uint (value, self->max_concurrent);
      break;
    case PROP_MAX_BYTES:
      g_value_set_uint64 (value, self->max_bytes);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, qm_uploader_get_n_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_uploader_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  QmUploader *self = QM_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MAX_CONCURRENT:
      qm_uploader_set_max_concurrent (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BYTES:
      qm_uploader_set_max_bytes (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_uploader_class_init (QmUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = qm_uploader_constructed;
  object_class->dispose = qm_uploader_dispose;
  object_class->get_property = qm_uploader_get_property;
  object_class->set_property = qm_uploader_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, QM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, MAX_CONCURRENT, QM_UPLOADER_DEFAULT_CONCURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BYTES] =
    g_param_spec_uint64 ("max-bytes", NULL, NULL, 0, G_MAXUINT64, QM_UPLOADER_DEFAULT_MAX_BYTES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_uploader_init (QmUploader *self)
{
  g_queue_init (&self->waiting);
  self->max_concurrent = QM_UPLOADER_DEFAULT_CONCURRENT;
  self->max_bytes = QM_UPLOADER_DEFAULT_MAX_BYTES;
}
