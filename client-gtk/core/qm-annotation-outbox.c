/* qm-annotation-outbox.c: sends the annotation store's outbox over the live
 * channel, one edit at a time, and settles each edit from the server's
 * answer: acknowledged, forked on a conflict, refused, or tried again.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-store"

#include "config.h"

#include <string.h>

#include "qm-annotation-store-private.h"
#include "qm-client-error.h"

#define RETRY_INITIAL_MS   500
#define RETRY_MAX_MS       30000
/* What PROTOCOL.md §6 says a limit refusal's message starts with. */
#define LIMIT_PREFIX       "annotation limit reached:"

/* A command in flight holds only a weak reference: a store closed meanwhile
 * ignores the answer (its edit stays in the outbox for the next store). */
typedef struct
{
  GWeakRef store;
  guint    generation;
  gint64   seq;
} Flight;

static void
save_op (QmAnnotationStore *self,
         Op                *op)
{
  g_autoptr(GError) error = NULL;

  /* Failing here costs at worst a resend, which the rev makes harmless. */
  if (!_qm_annotation_db_update_op (self->db, op->seq, op->id, op->put, op->base_rev, &error))
    g_debug ("%s", error->message);
}

/* The head edit is done (acknowledged, refused or dropped): it leaves the
 * outbox, and the next edit of the same annotation learns its base. */
static Op *
finish_head (QmAnnotationStore *self,
             gint64             resulting_rev)
{
  Op *op = g_queue_pop_head (&self->outbox);
  Op *next = _qm_annotation_store_next_op (self, NULL, op->id);
  g_autoptr(GError) error = NULL;

  if (!_qm_annotation_db_remove_op (self->db, op->seq, &error))
    g_debug ("%s", error->message);
  if (next != NULL && next->put != NULL && next->base_rev == FOLLOWS_PREVIOUS)
    {
      next->base_rev = resulting_rev;
      save_op (self, next);
    }
  self->retry_delay_ms = 0;
  _qm_annotation_store_notify_pending (self);
  return op;
}

static void
acknowledge (QmAnnotationStore  *self,
             const QmAnnotation *stored)
{
  Op *head = g_queue_peek_head (&self->outbox);
  g_autofree char *id = g_strdup (head->id);
  gint64 rev = 0;

  if (head->put != NULL)
    {
      g_autoptr(QmAnnotation) copy = NULL;

      if (stored == NULL)
        {
          /* A server that leaves the stored copy out of its reply. */
          copy = qm_annotation_copy (head->put);
          copy->rev = head->base_rev + 1;
          copy->author = self->user_id;
          stored = copy;
        }
      _qm_annotation_store_known_set (self, stored);
      rev = stored->rev;
    }
  else
    _qm_annotation_store_known_remove (self, id);

  _qm_annotation_store_op_free (finish_head (self, rev));
  _qm_annotation_store_refresh (self, id);
}

static void
reject (QmAnnotationStore *self,
        GError            *error)
{
  Known *known;
  Op *op;

  op = g_queue_peek_head (&self->outbox);
  known = g_hash_table_lookup (self->known, op->id);
  op = finish_head (self, known != NULL ? known->annotation->rev : 0);
  _qm_annotation_store_refresh (self, op->id);
  _qm_annotation_store_emit_changes (self);

  g_debug ("edit of %s rejected: %s", op->id, error->message);
  _qm_annotation_store_emit_rejected (self, op->id, error, op->put);
  _qm_annotation_store_op_free (op);
  g_error_free (error);
}

/* Another device changed the annotation first: its version keeps the id,
 * ours becomes a new annotation in the same place in the queue, and the
 * edits queued after it follow it there. */
static void
fork_head (QmAnnotationStore  *self,
           const QmAnnotation *stored)
{
  Op *head = g_queue_peek_head (&self->outbox);
  g_autofree char *old_id = g_strdup (head->id);
  g_autofree char *new_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  gboolean saved;

  _qm_annotation_store_known_set (self, stored);

  saved = _qm_annotation_db_begin (self->db, &error);
  for (GList *l = self->outbox.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (strcmp (op->id, old_id) != 0)
        continue;
      g_free (op->id);
      op->id = g_strdup (new_id);
      if (op->put != NULL)
        {
          g_free (op->put->id);
          op->put->id = g_strdup (new_id);
        }
      if (op == head)
        {
          op->base_rev = 0;
          op->recreating = FALSE;
        }
      saved = saved && _qm_annotation_db_update_op (self->db, op->seq, op->id, op->put,
                                                    op->base_rev, &error);
    }
  if (saved)
    saved = _qm_annotation_db_commit (self->db, &error);
  if (!saved)
    {
      /* On disk the edit keeps the old id: after a restart it conflicts
       * again and forks again. */
      g_debug ("%s", error->message);
      _qm_annotation_db_rollback (self->db);
    }

  _qm_annotation_store_refresh (self, old_id);
  _qm_annotation_store_refresh (self, new_id);
  _qm_annotation_store_emit_changes (self);
  _qm_annotation_store_emit_conflict (self, old_id, new_id);
}

static gboolean
on_retry (gpointer user_data)
{
  QmAnnotationStore *self = user_data;

  self->retry_id = 0;
  _qm_annotation_outbox_flush (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (QmAnnotationStore *self)
{
  self->retry_delay_ms = self->retry_delay_ms == 0
                         ? RETRY_INITIAL_MS : MIN (self->retry_delay_ms * 2, RETRY_MAX_MS);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (self->retry_delay_ms, on_retry, self);
}

static GError *
refusal (QmAnnotationStoreError  code,
         const char             *what,
         const char             *message)
{
  return g_error_new (QM_ANNOTATION_STORE_ERROR, code, "The server refused %s: %s",
                      what, message != NULL ? message : "");
}

/* Decides what the server's answer means for the head edit. */
static void
handle_answer (QmAnnotationStore *self,
               QmMessage         *reply,
               QmMessage         *error_message,
               const GError      *error)
{
  Op *head = g_queue_peek_head (&self->outbox);
  const char *what = head->put != NULL ? "the annotation" : "the deletion";
  const char *message = error_message != NULL ? error_message->error.message : NULL;
  const QmAnnotation *stored = error_message != NULL ? error_message->error.annotation : NULL;

  if (reply != NULL)
    {
      acknowledge (self, reply->reply.annotation);
      return;
    }

  if (message == NULL)
    message = error->message;

  if (error->domain != QM_PROTOCOL_ERROR)
    {
      /* Disconnected: the connection comes back by itself, and its state
       * change sends again. Anything else (no answer in time, rate limited,
       * a server fault): try again a little later. */
      if (!g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED)
          || (self->live != NULL
              && qm_live_connection_get_state (self->live) == QM_LIVE_STATE_ONLINE))
        retry_later (self);
      g_debug ("sending %s failed for now: %s", head->id, error->message);
      return;
    }

  switch (error->code)
    {
    case QM_PROTOCOL_ERROR_CONFLICT:
      if (head->put == NULL || stored == NULL || g_strcmp0 (stored->id, head->id) != 0)
        reject (self, refusal (QM_ANNOTATION_STORE_ERROR_INVALID, what, message));
      else if (_qm_annotation_same_content (stored, head->put))
        acknowledge (self, stored);     /* applied before; its reply was lost */
      else
        fork_head (self, stored);
      return;

    case QM_PROTOCOL_ERROR_NOT_FOUND:
      if (head->put == NULL)
        acknowledge (self, NULL);       /* gone already: deleted before, or elsewhere */
      else
        reject (self, refusal (QM_ANNOTATION_STORE_ERROR_NOT_FOUND, what, message));
      return;

    case QM_PROTOCOL_ERROR_FORBIDDEN:
      reject (self, refusal (QM_ANNOTATION_STORE_ERROR_FORBIDDEN, what, message));
      return;

    case QM_PROTOCOL_ERROR_BAD_REQUEST:
      if (g_str_has_prefix (message, LIMIT_PREFIX))
        reject (self, refusal (QM_ANNOTATION_STORE_ERROR_LIMIT, what, message));
      else if (head->put != NULL && head->base_rev > 0 && !head->recreating)
        {
          /* A change is refused like this only when the server no longer
           * has the annotation (another device deleted it): keep the edit
           * by creating it again under its id. Anything else wrong with it
           * is refused again, and then for good. */
          head->recreating = TRUE;
          head->base_rev = 0;
          save_op (self, head);
        }
      else
        reject (self, refusal (QM_ANNOTATION_STORE_ERROR_INVALID, what, message));
      return;

    default:
      reject (self, refusal (QM_ANNOTATION_STORE_ERROR_INVALID, what, message));
      return;
    }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Flight *flight = user_data;
  g_autoptr(QmAnnotationStore) self = g_weak_ref_get (&flight->store);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(QmMessage) error_message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = flight->seq;
  guint generation = flight->generation;
  Op *head;

  g_weak_ref_clear (&flight->store);
  g_free (flight);

  reply = qm_live_connection_send_finish_full (QM_LIVE_CONNECTION (source), result,
                                               &error_message, &error);
  /* Closed, or an answer on a connection no longer followed. */
  if (self == NULL || generation != self->generation)
    return;

  self->in_flight = FALSE;
  head = g_queue_peek_head (&self->outbox);
  if (head != NULL && head->seq == seq)
    handle_answer (self, reply, error_message, error);
  _qm_annotation_store_emit_changes (self);
  _qm_annotation_outbox_flush (self);
}

static QmMessage *
command_for (QmAnnotationStore *self,
             Op                *op)
{
  QmMessage *message;

  if (op->put == NULL)
    {
      message = qm_message_new (QM_MESSAGE_ANNOTATION_DELETE);
      message->annotation_deleted.id = g_strdup (op->id);
      return message;
    }

  message = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);
  message->annotation.annotation = qm_annotation_copy (op->put);
  message->annotation.annotation->rev = op->base_rev + 1;
  message->annotation.annotation->author = 0;
  return message;
}

/* Sends the head edit if nothing is in flight and the channel is up. */
void
_qm_annotation_outbox_flush (QmAnnotationStore *self)
{
  g_autoptr(QmMessage) command = NULL;
  Flight *flight;
  Op *head;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->in_flight || self->retry_id != 0 || self->live == NULL
      || qm_live_connection_get_state (self->live) != QM_LIVE_STATE_ONLINE)
    return;
  head = g_queue_peek_head (&self->outbox);
  if (head == NULL)
    return;

  if (head->put != NULL && head->base_rev == FOLLOWS_PREVIOUS)
    {
      /* Only after a damaged outbox lost the edit this one followed. */
      Known *known = g_hash_table_lookup (self->known, head->id);

      head->base_rev = known != NULL ? known->annotation->rev : 0;
      save_op (self, head);
    }

  command = command_for (self, head);
  flight = g_new0 (Flight, 1);
  g_weak_ref_init (&flight->store, self);
  flight->generation = self->generation;
  flight->seq = head->seq;
  self->in_flight = TRUE;
  qm_live_connection_send_async (self->live, command, NULL, on_sent, flight);
}

static gboolean
on_flush_idle (gpointer user_data)
{
  QmAnnotationStore *self = user_data;

  self->flush_id = 0;
  _qm_annotation_outbox_flush (self);
  return G_SOURCE_REMOVE;
}

void
_qm_annotation_outbox_on_live_state (GObject    *object,
                                     GParamSpec *pspec,
                                     gpointer    user_data)
{
  QmAnnotationStore *self = user_data;

  if (qm_live_connection_get_state (self->live) != QM_LIVE_STATE_ONLINE)
    return;
  /* From an idle: the connection announces online before it hands out the
   * welcome, which should be applied first. */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_delay_ms = 0;
  if (self->flush_id == 0)
    self->flush_id = g_idle_add (on_flush_idle, self);
}

void
_qm_annotation_outbox_stop (QmAnnotationStore *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->generation++;
  self->in_flight = FALSE;
}
