/* qm-meeting-editor-queue.c: a first-in first-out line of HTTP requests
 * about one meeting, one on the wire at a time.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-editor"

#include "config.h"

#include "qm-meeting-editor-queue.h"

struct _QmMeetingEditorQueue
{
  GObject    parent_instance;

  QmSession *session;
  gint64     meeting_id;
  GQueue     waiting;       /* of GTask */
  GTask     *running;
};

G_DEFINE_FINAL_TYPE (QmMeetingEditorQueue, qm_meeting_editor_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char                    *method;
  char                    *path;
  char                    *json;
  QmMeetingEditorBodyFunc  body_func;
  gpointer                 body_data;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->json);
  g_free (request);
}

static void run_next (QmMeetingEditorQueue *self);

/* GTask notifies "completed" once the callback has run. */
static void
on_task_completed (GTask                *task,
                   GParamSpec           *pspec,
                   QmMeetingEditorQueue *self)
{
  g_assert (self->running == task);
  self->running = NULL;
  g_object_unref (task);
  run_next (self);
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmMeetingEditorQueue *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = qm_session_request_finish (QM_SESSION (source), result, NULL, &error);
  g_assert (self->running == task);
  /* The next request goes once this one's callback has run, so that it is
   * built from this answer (on_task_completed). */
  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

static void
run_next (QmMeetingEditorQueue *self)
{
  GTask *task;
  Request *request;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  if (self->running != NULL)
    return;

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      if (!g_task_return_error_if_cancelled (task))
        break;
      g_object_unref (task);
    }
  if (task == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  request = g_task_get_task_data (task);
  json = request->body_func != NULL ? request->body_func (request->body_data)
                                    : g_strdup (request->json);
  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "%s",
                          self->meeting_id, request->path);
  self->running = task;   /* the queue's reference, until completed */
  g_signal_connect (task, "notify::completed", G_CALLBACK (on_task_completed), self);
  qm_session_request_async (self->session, request->method, path, json,
                            g_task_get_cancellable (task), on_request_done, g_object_ref (task));
}

static void
push (QmMeetingEditorQueue *self,
      Request              *request,
      GCancellable         *cancellable,
      GAsyncReadyCallback   callback,
      gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  gboolean was_busy = qm_meeting_editor_queue_get_busy (self);

  g_task_set_source_tag (task, qm_meeting_editor_queue_request);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_queue_push_tail (&self->waiting, task);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  run_next (self);
}

void
qm_meeting_editor_queue_request (QmMeetingEditorQueue *self,
                                 const char           *method,
                                 const char           *path,
                                 const char           *json,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  Request *request;

  g_return_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self));
  g_return_if_fail (method != NULL && path != NULL);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->json = g_strdup (json);
  push (self, request, cancellable, callback, user_data);
}

void
qm_meeting_editor_queue_request_later (QmMeetingEditorQueue    *self,
                                       const char              *method,
                                       const char              *path,
                                       QmMeetingEditorBodyFunc  body_func,
                                       gpointer                 body_data,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  Request *request;

  g_return_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self));
  g_return_if_fail (method != NULL && path != NULL && body_func != NULL);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body_func = body_func;
  request->body_data = body_data;
  push (self, request, cancellable, callback, user_data);
}

GBytes *
qm_meeting_editor_queue_request_finish (QmMeetingEditorQueue  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

QmMeetingEditorQueue *
qm_meeting_editor_queue_new (QmSession *session,
                             gint64     meeting_id)
{
  QmMeetingEditorQueue *self;

  g_return_val_if_fail (QM_IS_SESSION (session), NULL);
  g_return_val_if_fail (meeting_id > 0, NULL);

  self = g_object_new (QM_TYPE_MEETING_EDITOR_QUEUE, NULL);
  self->session = g_object_ref (session);
  self->meeting_id = meeting_id;
  return self;
}

QmSession *
qm_meeting_editor_queue_get_session (QmMeetingEditorQueue *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self), NULL);
  return self->session;
}

gint64
qm_meeting_editor_queue_get_meeting_id (QmMeetingEditorQueue *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self), 0);
  return self->meeting_id;
}

gboolean
qm_meeting_editor_queue_get_busy (QmMeetingEditorQueue *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_QUEUE (self), FALSE);
  return self->running != NULL || !g_queue_is_empty (&self->waiting);
}

static void
qm_meeting_editor_queue_dispose (GObject *object)
{
  QmMeetingEditorQueue *self = QM_MEETING_EDITOR_QUEUE (object);

  /* Tasks hold the queue, so the line is empty by now. */
  g_assert (self->running == NULL && g_queue_is_empty (&self->waiting));
  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_meeting_editor_queue_parent_class)->dispose (object);
}

static void
qm_meeting_editor_queue_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  QmMeetingEditorQueue *self = QM_MEETING_EDITOR_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, qm_meeting_editor_queue_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_meeting_editor_queue_class_init (QmMeetingEditorQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_meeting_editor_queue_dispose;
  object_class->get_property = qm_meeting_editor_queue_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_meeting_editor_queue_init (QmMeetingEditorQueue *self)
{
  g_queue_init (&self->waiting);
}
