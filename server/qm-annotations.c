/* qm-annotations.c: a room's annotations — annotation.put and
 * annotation.delete checked against the agenda and the page, committed, and
 * announced to exactly those who may see them.
 *
 * Nothing is kept in memory: the store decides ownership, revs and limits
 * inside its transaction, and the welcome reads the committed rows. Events
 * and answers go out only once the change is on disk.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotations"

#include "config.h"

#include "qm-live-private.h"

struct _QmAnnotations
{
  QmRoom *room;
};

/* An answer that arrives after a commit: the connection may be gone by then. */
typedef struct
{
  QmRoom       *room;
  QmWs         *ws;
  JsonNode     *re;
  gint64        author;
  QmAnnotation *annotation;   /* a put, as it will be stored */
  char         *id;           /* a delete */
} Pending;

static Pending *
pending_new (QmAnnotations *annotations,
             QmClient      *client,
             JsonNode      *re)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->room = _qm_room_ref (annotations->room);
  pending->ws = qm_ws_ref (client->ws);
  pending->re = re ? json_node_copy (re) : NULL;
  pending->author = client->user_id;
  return pending;
}

static void
pending_free (Pending *pending)
{
  _qm_room_unref (pending->room);
  qm_ws_unref (pending->ws);
  g_clear_pointer (&pending->re, json_node_unref);
  g_clear_pointer (&pending->annotation, qm_annotation_free);
  g_free (pending->id);
  g_free (pending);
}

/* After the events the command caused, in the order the commands committed. */
static void
pending_send (Pending   *pending,
              QmMessage *message)
{
  message->re = pending->re ? json_node_copy (pending->re) : NULL;
  _qm_room_send_after_events (pending->room, pending->ws, message);
}

static void
pending_error (Pending      *pending,
               GError       *error,
               QmAnnotation *stored)      /* taken */
{
  QmMessage *message = qm_message_new_error (NULL, error);

  /* Only a conflict carries the stored copy, and only the author's. */
  if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
    message->error.annotation = stored;
  else
    qm_annotation_free (stored);
  pending_send (pending, message);
}

QmAnnotations *
_qm_annotations_new (QmRoom *room)
{
  QmAnnotations *annotations = g_new0 (QmAnnotations, 1);

  annotations->room = room;
  return annotations;
}

void
_qm_annotations_free (QmAnnotations *annotations)
{
  g_free (annotations);
}

void
_qm_annotations_fill_welcome (QmAnnotations *annotations,
                              QmWelcome     *welcome,
                              gint64         user_id)
{
  QmRoom *room = annotations->room;
  GPtrArray *visible = qm_store_list_annotations (_qm_room_services (room)->store,
                                                  _qm_room_meeting_id (room), user_id, NULL);

  g_ptr_array_extend_and_steal (welcome->annotations, visible);
}

/* Putting */

static void
put_committed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;
  QmAnnotationOutcome outcome = { 0 };
  g_autoptr(GError) error = NULL;
  QmAnnotation *annotation = pending->annotation;
  QmMessage *event;
  QmMessage *reply;

  if (!qm_store_annotation_finish (QM_STORE (source), result, &outcome, &error))
    {
      pending_error (pending, error, g_steal_pointer (&outcome.stored));
      pending_free (pending);
      return;
    }
  if (_qm_room_is_closed (pending->room))
    {
      pending_free (pending);
      return;
    }

  /* Made private: it is gone for everyone but its author. */
  if (outcome.existed && outcome.was_shared && !annotation->shared)
    {
      event = qm_message_new (QM_MESSAGE_ANNOTATION_DELETED);
      event->annotation_deleted.id = g_strdup (annotation->id);
      _qm_room_emit (pending->room, event, -pending->author, QM_WS_FRAME_NORMAL);
    }
  event = qm_message_new (QM_MESSAGE_ANNOTATION);
  event->annotation.annotation = qm_annotation_copy (annotation);
  _qm_room_emit (pending->room, event, annotation->shared ? 0 : pending->author,
                 QM_WS_FRAME_NORMAL);

  if (pending->re != NULL)
    {
      reply = qm_message_new (QM_MESSAGE_REPLY);
      reply->reply.annotation = g_steal_pointer (&pending->annotation);
      pending_send (pending, reply);
    }
  pending_free (pending);
}

static gboolean
fits_document (QmRoom             *room,
               QmClient           *client,
               QmMessage          *command,
               const QmAnnotation *annotation)
{
  QmStore *store = _qm_room_services (room)->store;
  g_autoptr(GArray) sizes = NULL;
  gint64 pages;

  pages = qm_store_agenda_document_pages (store, _qm_room_meeting_id (room), annotation->doc);
  if (pages == 0)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the document is not on this meeting's agenda");
      return FALSE;
    }
  if (annotation->page > pages)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the page is outside the document");
      return FALSE;
    }

  /* A document stored without its page sizes keeps the parser's bounds. */
  sizes = qm_store_get_page_sizes (store, annotation->doc);
  if (sizes != NULL && sizes->len >= 2 * (guint) annotation->page
      && !qm_annotation_fits_page (annotation,
                                   g_array_index (sizes, double, 2 * (annotation->page - 1)),
                                   g_array_index (sizes, double, 2 * (annotation->page - 1) + 1)))
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the annotation reaches outside its page");
      return FALSE;
    }
  return TRUE;
}

static void
put_annotation (QmAnnotations *annotations,
                QmClient      *client,
                QmMessage     *command)
{
  const QmConfig *config = _qm_room_services (annotations->room)->config;
  QmAnnotation *annotation = command->annotation.annotation;
  Pending *pending;

  if (!fits_document (annotations->room, client, command, annotation))
    return;

  pending = pending_new (annotations, client, command->id);
  pending->annotation = qm_annotation_copy (annotation);
  /* Whatever the client said, the author is whoever sent it. */
  pending->annotation->author = client->user_id;
  qm_store_put_annotation_async (_qm_room_services (annotations->room)->store,
                                 _qm_room_meeting_id (annotations->room), pending->annotation,
                                 config->max_annotations_per_user,
                                 config->max_annotation_bytes_per_user,
                                 put_committed, pending);
}

/* Deleting */

static void
delete_committed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Pending *pending = user_data;
  QmAnnotationOutcome outcome = { 0 };
  g_autoptr(GError) error = NULL;
  QmMessage *event;

  if (!qm_store_annotation_finish (QM_STORE (source), result, &outcome, &error))
    {
      pending_error (pending, error, g_steal_pointer (&outcome.stored));
      pending_free (pending);
      return;
    }
  qm_annotation_outcome_clear (&outcome);
  if (_qm_room_is_closed (pending->room))
    {
      pending_free (pending);
      return;
    }

  /* Gone for whoever could see it. */
  event = qm_message_new (QM_MESSAGE_ANNOTATION_DELETED);
  event->annotation_deleted.id = g_strdup (pending->id);
  _qm_room_emit (pending->room, event, outcome.was_shared ? 0 : pending->author,
                 QM_WS_FRAME_NORMAL);
  if (pending->re != NULL)
    pending_send (pending, qm_message_new (QM_MESSAGE_REPLY));
  pending_free (pending);
}

static void
delete_annotation (QmAnnotations *annotations,
                   QmClient      *client,
                   QmMessage     *command)
{
  Pending *pending = pending_new (annotations, client, command->id);

  pending->id = g_strdup (command->annotation_deleted.id);
  qm_store_delete_annotation_async (_qm_room_services (annotations->room)->store,
                                    _qm_room_meeting_id (annotations->room), pending->id,
                                    client->user_id, delete_committed, pending);
}

void
_qm_annotations_command (QmAnnotations *annotations,
                         QmClient      *client,
                         QmMessage     *command)
{
  switch (command->type)
    {
    case QM_MESSAGE_ANNOTATION_PUT:
      put_annotation (annotations, client, command);
      break;
    case QM_MESSAGE_ANNOTATION_DELETE:
      delete_annotation (annotations, client, command);
      break;
    default:
      g_assert_not_reached ();
    }
}
