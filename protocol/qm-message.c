/* qm-message.c: the live channel's messages: type table, memory, and the strict
 * parser and serialiser of every command and event (welcome is in its own file).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "qm-message-private.h"

static const struct
{
  const char *name;
  gboolean    command;
  gboolean    event;
} types[QM_N_MESSAGE_TYPES] = {
  [QM_MESSAGE_HELLO] = { "hello", TRUE, FALSE },
  [QM_MESSAGE_PRESENT] = { "present", TRUE, FALSE },
  [QM_MESSAGE_PRESENTER_SET] = { "presenter.set", TRUE, FALSE },
  [QM_MESSAGE_VOTE_OPEN] = { "vote.open", TRUE, FALSE },
  [QM_MESSAGE_VOTE_CAST] = { "vote.cast", TRUE, FALSE },
  [QM_MESSAGE_VOTE_CAST_PROXY] = { "vote.cast.proxy", TRUE, FALSE },
  [QM_MESSAGE_VOTE_CLOSE] = { "vote.close", TRUE, FALSE },
  [QM_MESSAGE_ANNOTATION_PUT] = { "annotation.put", TRUE, FALSE },
  [QM_MESSAGE_ANNOTATION_DELETE] = { "annotation.delete", TRUE, FALSE },
  [QM_MESSAGE_SPEAK_REQUEST] = { "speak.request", TRUE, FALSE },
  [QM_MESSAGE_SPEAK_WITHDRAW] = { "speak.withdraw", TRUE, FALSE },
  [QM_MESSAGE_SPEAK_NEXT] = { "speak.next", TRUE, FALSE },
  [QM_MESSAGE_PING] = { "ping", TRUE, FALSE },
  [QM_MESSAGE_WELCOME] = { "welcome", FALSE, FALSE },
  [QM_MESSAGE_REPLY] = { "reply", FALSE, FALSE },
  [QM_MESSAGE_ERROR] = { "error", FALSE, FALSE },
  [QM_MESSAGE_PONG] = { "pong", FALSE, FALSE },
  [QM_MESSAGE_PAGE] = { "page", FALSE, TRUE },
  [QM_MESSAGE_PRESENTER] = { "presenter", FALSE, TRUE },
  [QM_MESSAGE_PRESENCE] = { "presence", FALSE, TRUE },
  [QM_MESSAGE_AGENDA] = { "agenda", FALSE, TRUE },
  [QM_MESSAGE_PARTICIPANTS] = { "participants", FALSE, TRUE },
  [QM_MESSAGE_VOTE_OPENED] = { "vote.opened", FALSE, TRUE },
  [QM_MESSAGE_VOTE_PROGRESS] = { "vote.progress", FALSE, TRUE },
  [QM_MESSAGE_VOTE_CLOSED] = { "vote.closed", FALSE, TRUE },
  [QM_MESSAGE_ANNOTATION] = { "annotation", FALSE, TRUE },
  [QM_MESSAGE_ANNOTATION_DELETED] = { "annotation.deleted", FALSE, TRUE },
  [QM_MESSAGE_SPEAKERS] = { "speakers", FALSE, TRUE },
  [QM_MESSAGE_QUORUM] = { "quorum", FALSE, TRUE },
  [QM_MESSAGE_FOLLOW_SET] = { "follow.set", TRUE, FALSE },
  [QM_MESSAGE_FOLLOWING] = { "following", FALSE, TRUE },
};

const char *
qm_message_type_to_string (QmMessageType type)
{
  g_return_val_if_fail ((guint) type < QM_N_MESSAGE_TYPES, NULL);
  return types[type].name;
}

gboolean
qm_message_type_from_string (const char    *text,
                             QmMessageType *out_type)
{
  g_return_val_if_fail (out_type != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < QM_N_MESSAGE_TYPES; i++)
    if (g_str_equal (types[i].name, text))
      {
        *out_type = (QmMessageType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
qm_message_type_is_command (QmMessageType type)
{
  return (guint) type < QM_N_MESSAGE_TYPES && types[type].command;
}

gboolean
qm_message_type_is_event (QmMessageType type)
{
  return (guint) type < QM_N_MESSAGE_TYPES && types[type].event;
}

static GArray *
id_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

QmMessage *
qm_message_new (QmMessageType type)
{
  QmMessage *self;

  g_return_val_if_fail ((guint) type < QM_N_MESSAGE_TYPES, NULL);

  self = g_new0 (QmMessage, 1);
  self->type = type;

  switch (type)
    {
    case QM_MESSAGE_WELCOME:
      _qm_welcome_init (&self->welcome);
      break;
    case QM_MESSAGE_PRESENCE:
      self->presence.joined = id_array_new ();
      self->presence.left = id_array_new ();
      break;
    case QM_MESSAGE_PARTICIPANTS:
      self->participants.set = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
      self->participants.removed = id_array_new ();
      break;
    case QM_MESSAGE_SPEAKERS:
      self->speakers.queue = id_array_new ();
      break;
    case QM_MESSAGE_FOLLOWING:
      self->following.users = id_array_new ();
      break;
    case QM_MESSAGE_VOTE_OPEN:
      self->vote_open.majority = QM_MAJORITY_SIMPLE;
      break;
    default:
      break;
    }

  return self;
}

void
_qm_speakers_clear (QmSpeakers *speakers)
{
  g_clear_pointer (&speakers->since, g_free);
  g_clear_pointer (&speakers->queue, g_array_unref);
}

void
qm_message_free (QmMessage *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->id, json_node_unref);
  g_clear_pointer (&self->re, json_node_unref);

  switch (self->type)
    {
    case QM_MESSAGE_HELLO:
      g_free (self->hello.token);
      g_free (self->hello.epoch);
      break;
    case QM_MESSAGE_PRESENT:
    case QM_MESSAGE_PAGE:
      g_free (self->page.doc);
      break;
    case QM_MESSAGE_VOTE_OPEN:
      g_free (self->vote_open.question);
      break;
    case QM_MESSAGE_ANNOTATION_PUT:
    case QM_MESSAGE_ANNOTATION:
      qm_annotation_free (self->annotation.annotation);
      break;
    case QM_MESSAGE_ANNOTATION_DELETE:
    case QM_MESSAGE_ANNOTATION_DELETED:
      g_free (self->annotation_deleted.id);
      break;
    case QM_MESSAGE_WELCOME:
      _qm_welcome_clear (&self->welcome);
      break;
    case QM_MESSAGE_REPLY:
      qm_annotation_free (self->reply.annotation);
      break;
    case QM_MESSAGE_ERROR:
      g_free (self->error.code);
      g_free (self->error.message);
      qm_annotation_free (self->error.annotation);
      break;
    case QM_MESSAGE_PRESENCE:
      g_clear_pointer (&self->presence.joined, g_array_unref);
      g_clear_pointer (&self->presence.left, g_array_unref);
      break;
    case QM_MESSAGE_AGENDA:
      qm_meeting_free (self->agenda.meeting);
      break;
    case QM_MESSAGE_PARTICIPANTS:
      g_clear_pointer (&self->participants.set, g_ptr_array_unref);
      g_clear_pointer (&self->participants.removed, g_array_unref);
      break;
    case QM_MESSAGE_VOTE_OPENED:
      qm_vote_free (self->vote_opened.vote);
      break;
    case QM_MESSAGE_SPEAKERS:
      _qm_speakers_clear (&self->speakers);
      break;
    case QM_MESSAGE_FOLLOWING:
      g_clear_pointer (&self->following.users, g_array_unref);
      break;
    default:
      break;
    }

  g_free (self);
}

QmMessage *
qm_message_copy (const QmMessage *self)
{
  g_autoptr(JsonNode) node = NULL;
  QmOrigin origin;

  if (self == NULL)
    return NULL;

  node = qm_message_to_json (self);
  origin = qm_message_type_is_command (self->type) ? QM_ORIGIN_CLIENT : QM_ORIGIN_SERVER;
  return _qm_message_from_json (node, origin, NULL, NULL);
}

/* Command ids: any JSON number or a bounded string. */
static gboolean
read_command_id (JsonObject  *o,
                 const char  *name,
                 JsonNode   **out_id,
                 GError     **error)
{
  JsonNode *node = _qm_json_member (o, name);
  GType type;

  *out_id = NULL;
  if (node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  /* A number too large for a double (1e400) would come back as "inf": refuse it. */
  if ((type == G_TYPE_STRING
       && g_utf8_strlen (json_node_get_string (node), -1) <= QM_MAX_COMMAND_ID_CHARS)
      || type == G_TYPE_INT64 || (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node))))
    {
      *out_id = json_node_copy (node);
      return TRUE;
    }

  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
               "'%s' must be a number or a string of at most %d characters",
               name, QM_MAX_COMMAND_ID_CHARS);
  return FALSE;
}

static gboolean
read_uuid (JsonObject  *o,
           const char  *name,
           char       **out_value,
           GError     **error)
{
  if (!_qm_json_get_string (o, name, TRUE, QM_UUID_LENGTH, out_value, error))
    return FALSE;
  if (!qm_is_uuid (*out_value))
    {
      g_clear_pointer (out_value, g_free);
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be a UUID", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_annotation (JsonObject     *o,
                 gboolean        required,
                 gboolean        from_client,
                 QmAnnotation  **out_annotation,
                 GError        **error)
{
  JsonNode *node = _qm_json_member (o, "annotation");

  *out_annotation = NULL;
  if (node == NULL)
    {
      if (required)
        g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                             "'annotation' is required");
      return !required;
    }

  *out_annotation = _qm_annotation_from_json (node, from_client, error);
  if (*out_annotation == NULL)
    {
      g_prefix_error (error, "'annotation': ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_count (JsonObject  *o,
            const char  *name,
            gint64      *out_value,
            GError     **error)
{
  return _qm_json_get_int (o, name, TRUE, 0, QM_MAX_ID, NULL, out_value, error);
}

static gboolean
read_speakers (JsonObject  *o,
               QmSpeakers  *speakers,
               GError     **error)
{
  g_clear_pointer (&speakers->queue, g_array_unref);
  return _qm_json_get_id (o, "current", FALSE, &speakers->current, error)
         && _qm_json_get_time (o, "since", FALSE, &speakers->since, error)
         && _qm_json_get_id_array (o, "queue", TRUE, &speakers->queue, error);
}

gboolean
_qm_speakers_from_json (JsonObject  *o,
                        QmSpeakers  *speakers,
                        GError     **error)
{
  return read_speakers (o, speakers, error);
}

void
_qm_speakers_to_json (JsonObject       *o,
                      const QmSpeakers *speakers)
{
  _qm_json_set_id_or_null (o, "current", speakers->current);
  _qm_json_set_string_or_null (o, "since", speakers->since);
  json_object_set_member (o, "queue", _qm_json_id_array (speakers->queue));
}

gboolean
_qm_quorum_read (JsonObject  *o,
                 QmQuorum    *quorum,
                 GError     **error)
{
  return read_count (o, "present", &quorum->present, error)
         && read_count (o, "voting_present", &quorum->voting_present, error)
         && read_count (o, "voting_total", &quorum->voting_total, error)
         && _qm_json_get_bool (o, "reached", TRUE, NULL, &quorum->reached, error);
}

gboolean
_qm_quorum_from_json (JsonNode  *node,
                      gboolean  *out_present,
                      QmQuorum  *quorum,
                      GError   **error)
{
  JsonObject *o;

  *out_present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!(o = _qm_json_object (node, "'quorum'", error)) || !_qm_quorum_read (o, quorum, error))
    return FALSE;
  *out_present = TRUE;
  return TRUE;
}

void
_qm_quorum_to_json (JsonObject     *o,
                    const QmQuorum *quorum)
{
  json_object_set_int_member (o, "present", quorum->present);
  json_object_set_int_member (o, "voting_present", quorum->voting_present);
  json_object_set_int_member (o, "voting_total", quorum->voting_total);
  json_object_set_boolean_member (o, "reached", quorum->reached);
}

/* Reads the fields of one message type; the frame's type, id, re and seq are already read. */
static gboolean
read_fields (QmMessage   *self,
             JsonObject  *o,
             GError     **error)
{
  switch (self->type)
    {
    case QM_MESSAGE_HELLO:
      if (!_qm_json_get_string (o, "token", TRUE, QM_MAX_TOKEN_BYTES, &self->hello.token, error)
          || !_qm_json_get_int (o, "resume_from", FALSE, 0, QM_MAX_ID,
                                &self->hello.has_resume_from, &self->hello.resume_from, error)
          || !_qm_json_get_string (o, "epoch", FALSE, QM_MAX_EPOCH_BYTES, &self->hello.epoch, error))
        return FALSE;
      if (self->hello.token[0] == '\0')
        {
          g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                               "'token' must not be empty");
          return FALSE;
        }
      return TRUE;

    case QM_MESSAGE_PRESENT:
    case QM_MESSAGE_PAGE:
      return _qm_json_get_docid (o, "doc", TRUE, &self->page.doc, error)
             && _qm_json_get_int (o, "page", TRUE, 1, QM_MAX_PAGE, NULL, &self->page.page, error)
             && (self->type == QM_MESSAGE_PRESENT
                 || _qm_json_get_id (o, "by", TRUE, &self->page.by, error));

    case QM_MESSAGE_PRESENTER_SET:
    case QM_MESSAGE_PRESENTER:
      return _qm_json_get_id (o, "user", TRUE, &self->presenter.user, error);

    case QM_MESSAGE_VOTE_OPEN:
      if (!_qm_json_get_string (o, "question", TRUE, QM_MAX_QUESTION_CHARS,
                                &self->vote_open.question, error)
          || !_qm_json_get_id (o, "item", FALSE, &self->vote_open.item, error)
          || !_qm_json_get_bool (o, "secret", TRUE, NULL, &self->vote_open.secret, error)
          || !_qm_json_get_majority (o, "majority", &self->vote_open.majority, error)
          || !_qm_json_get_bool (o, "force", FALSE, NULL, &self->vote_open.force, error))
        return FALSE;
      if (!_qm_has_text (self->vote_open.question))
        {
          g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                               "'question' must not be empty");
          return FALSE;
        }
      return TRUE;

    case QM_MESSAGE_VOTE_CAST:
    case QM_MESSAGE_VOTE_CAST_PROXY:
      return _qm_json_get_id (o, "vote", TRUE, &self->vote_cast.vote, error)
             && _qm_json_get_choice (o, "choice", &self->vote_cast.choice, error)
             && (self->type == QM_MESSAGE_VOTE_CAST
                 || _qm_json_get_id (o, "for", TRUE, &self->vote_cast.for_user, error));

    case QM_MESSAGE_VOTE_CLOSE:
      return _qm_json_get_id (o, "vote", TRUE, &self->vote_close.vote, error);

    case QM_MESSAGE_ANNOTATION_PUT:
    case QM_MESSAGE_ANNOTATION:
      return read_annotation (o, TRUE, self->type == QM_MESSAGE_ANNOTATION_PUT,
                              &self->annotation.annotation, error);

    case QM_MESSAGE_ANNOTATION_DELETE:
    case QM_MESSAGE_ANNOTATION_DELETED:
      return read_uuid (o, "annotation", &self->annotation_deleted.id, error);

    case QM_MESSAGE_SPEAK_REQUEST:
    case QM_MESSAGE_SPEAK_WITHDRAW:
    case QM_MESSAGE_SPEAK_NEXT:
    case QM_MESSAGE_PING:
    case QM_MESSAGE_PONG:
      return TRUE;

    case QM_MESSAGE_WELCOME:
      return _qm_welcome_from_json (&self->welcome, o, error);

    case QM_MESSAGE_REPLY:
      return _qm_json_get_id (o, "vote", FALSE, &self->reply.vote, error)
             && read_annotation (o, FALSE, FALSE, &self->reply.annotation, error);

    case QM_MESSAGE_ERROR:
      return _qm_json_get_string (o, "code", TRUE, 64, &self->error.code, error)
             && _qm_json_get_string (o, "message", TRUE, QM_MAX_MESSAGE_CHARS,
                                     &self->error.message, error)
             && read_annotation (o, FALSE, FALSE, &self->error.annotation, error);

    case QM_MESSAGE_PRESENCE:
      g_clear_pointer (&self->presence.joined, g_array_unref);
      g_clear_pointer (&self->presence.left, g_array_unref);
      return _qm_json_get_id_array (o, "joined", TRUE, &self->presence.joined, error)
             && _qm_json_get_id_array (o, "left", TRUE, &self->presence.left, error);

    case QM_MESSAGE_AGENDA:
      if (!(self->agenda.meeting = qm_meeting_from_json (json_object_get_member (o, "meeting"),
                                                         error)))
        {
          g_prefix_error (error, "'meeting': ");
          return FALSE;
        }
      /* The agenda event leaves participants out even if a server sent them. */
      g_clear_pointer (&self->agenda.meeting->participants, g_ptr_array_unref);
      return TRUE;

    case QM_MESSAGE_PARTICIPANTS:
      g_clear_pointer (&self->participants.set, g_ptr_array_unref);
      g_clear_pointer (&self->participants.removed, g_array_unref);
      return _qm_json_get_list (o, "set", TRUE, (QmFromJsonFunc) qm_participant_from_json,
                                (GDestroyNotify) qm_participant_free, &self->participants.set,
                                error)
             && _qm_json_get_id_array (o, "removed", TRUE, &self->participants.removed, error);

    case QM_MESSAGE_VOTE_OPENED:
      if (!(self->vote_opened.vote = qm_vote_from_json (json_object_get_member (o, "vote"), error)))
        {
          g_prefix_error (error, "'vote': ");
          return FALSE;
        }
      return TRUE;

    case QM_MESSAGE_VOTE_PROGRESS:
      {
        JsonNode *counts_node = _qm_json_member (o, "counts");
        JsonObject *counts;

        if (!_qm_json_get_id (o, "vote", TRUE, &self->vote_progress.vote, error)
            || !read_count (o, "cast", &self->vote_progress.cast, error)
            || !read_count (o, "eligible", &self->vote_progress.eligible, error))
          return FALSE;
        if (counts_node == NULL)
          return TRUE;
        self->vote_progress.has_counts = TRUE;
        return (counts = _qm_json_object (counts_node, "'counts'", error)) != NULL
               && read_count (counts, "yes", &self->vote_progress.yes, error)
               && read_count (counts, "no", &self->vote_progress.no, error)
               && read_count (counts, "abstain", &self->vote_progress.abstain, error);
      }

    case QM_MESSAGE_VOTE_CLOSED:
      return _qm_json_get_id (o, "vote", TRUE, &self->vote_closed.vote, error)
             && qm_vote_result_from_json (json_object_get_member (o, "result"),
                                          &self->vote_closed.result, error);

    case QM_MESSAGE_SPEAKERS:
      return read_speakers (o, &self->speakers, error);

    case QM_MESSAGE_QUORUM:
      return _qm_quorum_read (o, &self->quorum, error);

    case QM_MESSAGE_FOLLOW_SET:
      return _qm_json_get_bool (o, "following", TRUE, NULL, &self->follow_set.following, error);

    case QM_MESSAGE_FOLLOWING:
      g_clear_pointer (&self->following.users, g_array_unref);
      return _qm_json_get_id_array (o, "users", TRUE, &self->following.users, error);

    case QM_N_MESSAGE_TYPES:
    default:
      g_assert_not_reached ();
    }
}

QmMessage *
_qm_message_from_json (JsonNode   *node,
                       QmOrigin    origin,
                       JsonNode  **out_id,
                       GError    **error)
{
  g_autoptr(QmMessage) self = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autofree char *type_name = NULL;
  QmMessageType type;
  JsonObject *o;

  if (out_id != NULL)
    *out_id = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "a message must be a JSON object");
      return NULL;
    }
  o = json_node_get_object (node);

  if (origin == QM_ORIGIN_CLIENT)
    {
      if (!read_command_id (o, "id", &id, error))
        return NULL;
      if (out_id != NULL && id != NULL)
        *out_id = json_node_copy (id);
    }

  if (!_qm_json_get_string (o, "type", TRUE, 32, &type_name, error))
    return NULL;
  if (!qm_message_type_from_string (type_name, &type)
      || qm_message_type_is_command (type) != (origin == QM_ORIGIN_CLIENT))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "unknown message type '%s'", type_name);
      return NULL;
    }

  self = qm_message_new (type);
  self->id = g_steal_pointer (&id);

  if (type == QM_MESSAGE_REPLY || type == QM_MESSAGE_ERROR || type == QM_MESSAGE_PONG)
    {
      if (!read_command_id (o, "re", &self->re, error))
        return NULL;
      if (type == QM_MESSAGE_REPLY && self->re == NULL)
        {
          g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                               "'re' is required");
          return NULL;
        }
    }

  if (type == QM_MESSAGE_WELCOME || qm_message_type_is_event (type))
    {
      gint64 min = type == QM_MESSAGE_WELCOME ? 0 : 1;

      if (!_qm_json_get_int (o, "seq", TRUE, min, QM_MAX_ID, NULL, &self->seq, error))
        return NULL;
    }

  if (!read_fields (self, o, error))
    return NULL;

  return g_steal_pointer (&self);
}

QmMessage *
qm_message_parse (const char  *text,
                  gsize        length,
                  QmOrigin     origin,
                  JsonNode   **out_id,
                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize limit = origin == QM_ORIGIN_CLIENT ? QM_MAX_CLIENT_MESSAGE_BYTES
                                           : QM_MAX_SERVER_MESSAGE_BYTES;

  if (out_id != NULL)
    *out_id = NULL;

  root = _qm_json_parse_text (text, (gssize) length, limit, error);
  if (root == NULL)
    return NULL;

  return _qm_message_from_json (root, origin, out_id, error);
}

static void
write_fields (const QmMessage *self,
              JsonObject      *o)
{
  switch (self->type)
    {
    case QM_MESSAGE_HELLO:
      json_object_set_string_member (o, "token", self->hello.token);
      if (self->hello.has_resume_from)
        json_object_set_int_member (o, "resume_from", self->hello.resume_from);
      if (self->hello.epoch != NULL)
        json_object_set_string_member (o, "epoch", self->hello.epoch);
      break;

    case QM_MESSAGE_PRESENT:
    case QM_MESSAGE_PAGE:
      json_object_set_string_member (o, "doc", self->page.doc);
      json_object_set_int_member (o, "page", self->page.page);
      if (self->type == QM_MESSAGE_PAGE)
        json_object_set_int_member (o, "by", self->page.by);
      break;

    case QM_MESSAGE_PRESENTER_SET:
    case QM_MESSAGE_PRESENTER:
      json_object_set_int_member (o, "user", self->presenter.user);
      break;

    case QM_MESSAGE_VOTE_OPEN:
      json_object_set_string_member (o, "question", self->vote_open.question);
      if (self->vote_open.item > 0)
        json_object_set_int_member (o, "item", self->vote_open.item);
      json_object_set_boolean_member (o, "secret", self->vote_open.secret);
      json_object_set_string_member (o, "majority", qm_majority_to_string (self->vote_open.majority));
      if (self->vote_open.force)
        json_object_set_boolean_member (o, "force", TRUE);
      break;

    case QM_MESSAGE_VOTE_CAST:
    case QM_MESSAGE_VOTE_CAST_PROXY:
      json_object_set_int_member (o, "vote", self->vote_cast.vote);
      json_object_set_string_member (o, "choice", qm_choice_to_string (self->vote_cast.choice));
      if (self->type == QM_MESSAGE_VOTE_CAST_PROXY)
        json_object_set_int_member (o, "for", self->vote_cast.for_user);
      break;

    case QM_MESSAGE_VOTE_CLOSE:
      json_object_set_int_member (o, "vote", self->vote_close.vote);
      break;

    case QM_MESSAGE_ANNOTATION_PUT:
    case QM_MESSAGE_ANNOTATION:
      json_object_set_member (o, "annotation", qm_annotation_to_json (self->annotation.annotation));
      break;

    case QM_MESSAGE_ANNOTATION_DELETE:
    case QM_MESSAGE_ANNOTATION_DELETED:
      json_object_set_string_member (o, "annotation", self->annotation_deleted.id);
      break;

    case QM_MESSAGE_WELCOME:
      _qm_welcome_to_json (&self->welcome, o);
      break;

    case QM_MESSAGE_REPLY:
      if (self->reply.vote > 0)
        json_object_set_int_member (o, "vote", self->reply.vote);
      if (self->reply.annotation != NULL)
        json_object_set_member (o, "annotation", qm_annotation_to_json (self->reply.annotation));
      break;

    case QM_MESSAGE_ERROR:
      json_object_set_string_member (o, "code", self->error.code);
      json_object_set_string_member (o, "message", self->error.message ? self->error.message : "");
      if (self->error.annotation != NULL)
        json_object_set_member (o, "annotation", qm_annotation_to_json (self->error.annotation));
      break;

    case QM_MESSAGE_PRESENCE:
      json_object_set_member (o, "joined", _qm_json_id_array (self->presence.joined));
      json_object_set_member (o, "left", _qm_json_id_array (self->presence.left));
      break;

    case QM_MESSAGE_AGENDA:
      {
        JsonNode *meeting = qm_meeting_to_json (self->agenda.meeting);

        json_object_remove_member (json_node_get_object (meeting), "participants");
        json_object_set_member (o, "meeting", meeting);
        break;
      }

    case QM_MESSAGE_PARTICIPANTS:
      json_object_set_member (o, "set", _qm_json_list (self->participants.set,
                                                       (QmToJsonFunc) qm_participant_to_json));
      json_object_set_member (o, "removed", _qm_json_id_array (self->participants.removed));
      break;

    case QM_MESSAGE_VOTE_OPENED:
      json_object_set_member (o, "vote", qm_vote_to_json (self->vote_opened.vote));
      break;

    case QM_MESSAGE_VOTE_PROGRESS:
      json_object_set_int_member (o, "vote", self->vote_progress.vote);
      json_object_set_int_member (o, "cast", self->vote_progress.cast);
      json_object_set_int_member (o, "eligible", self->vote_progress.eligible);
      if (self->vote_progress.has_counts)
        {
          JsonObject *counts = json_object_new ();

          json_object_set_int_member (counts, "yes", self->vote_progress.yes);
          json_object_set_int_member (counts, "no", self->vote_progress.no);
          json_object_set_int_member (counts, "abstain", self->vote_progress.abstain);
          json_object_set_object_member (o, "counts", counts);
        }
      break;

    case QM_MESSAGE_VOTE_CLOSED:
      json_object_set_int_member (o, "vote", self->vote_closed.vote);
      json_object_set_member (o, "result", qm_vote_result_to_json (&self->vote_closed.result));
      break;

    case QM_MESSAGE_SPEAKERS:
      _qm_speakers_to_json (o, &self->speakers);
      break;

    case QM_MESSAGE_QUORUM:
      _qm_quorum_to_json (o, &self->quorum);
      break;

    case QM_MESSAGE_FOLLOW_SET:
      json_object_set_boolean_member (o, "following", self->follow_set.following);
      break;

    case QM_MESSAGE_FOLLOWING:
      json_object_set_member (o, "users", _qm_json_id_array (self->following.users));
      break;

    case QM_MESSAGE_SPEAK_REQUEST:
    case QM_MESSAGE_SPEAK_WITHDRAW:
    case QM_MESSAGE_SPEAK_NEXT:
    case QM_MESSAGE_PING:
    case QM_MESSAGE_PONG:
    case QM_N_MESSAGE_TYPES:
    default:
      break;
    }
}

JsonNode *
qm_message_to_json (const QmMessage *self)
{
  JsonObject *o;

  g_return_val_if_fail (self != NULL, NULL);

  o = json_object_new ();
  json_object_set_string_member (o, "type", qm_message_type_to_string (self->type));
  if (self->id != NULL)
    json_object_set_member (o, "id", json_node_copy (self->id));
  if (self->re != NULL)
    json_object_set_member (o, "re", json_node_copy (self->re));
  if (self->type == QM_MESSAGE_WELCOME || qm_message_type_is_event (self->type))
    json_object_set_int_member (o, "seq", self->seq);

  write_fields (self, o);
  return _qm_json_object_node (o);
}

char *
qm_message_serialize (const QmMessage *self,
                      gsize           *out_length)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _qm_codec_serialize (qm_message_to_json (self), out_length);
}

QmMessage *
qm_message_new_error (JsonNode     *re,
                      const GError *error)
{
  QmMessage *self;

  g_return_val_if_fail (error != NULL, NULL);

  self = qm_message_new (QM_MESSAGE_ERROR);
  self->re = re ? json_node_copy (re) : NULL;
  if (error->domain == QM_PROTOCOL_ERROR)
    {
      g_autofree char *valid = g_utf8_make_valid (error->message, -1);

      self->error.code = g_strdup (qm_protocol_error_to_code (error->code));
      /* Stay within what a strict peer accepts. */
      self->error.message = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1),
                                                             QM_MAX_MESSAGE_CHARS));
    }
  else
    {
      self->error.code = g_strdup ("internal");
      self->error.message = g_strdup ("internal error");
    }
  return self;
}
