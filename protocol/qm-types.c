/* qm-types.c: enums, users, participants, meetings, agenda items and documents
 * of the wire contract, with their strict JSON codecs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-json-private.h"

/* Enum ↔ wire string tables. */

static const char *meeting_roles[] = { NULL, "chair", "secretary", "delegate", "observer" };
static const char *majorities[] = { "simple", "absolute", "two_thirds" };
static const char *choices[] = { "yes", "no", "abstain" };
static const char *annotation_kinds[] = { "ink", "highlight", "note" };

static gboolean
lookup (const char  *text,
        const char **table,
        guint        n,
        guint       *out_index)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (table[i] != NULL && g_str_equal (table[i], text))
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

#define ENUM_STRINGS(Type, name, table)                                      \
  const char *                                                               \
  name##_to_string (Type value)                                              \
  {                                                                          \
    if ((guint) value >= G_N_ELEMENTS (table))                               \
      return NULL;                                                           \
    return table[value];                                                     \
  }                                                                          \
  gboolean                                                                   \
  name##_from_string (const char *text, Type *out_value)                     \
  {                                                                          \
    guint index;                                                             \
    if (!lookup (text, table, G_N_ELEMENTS (table), &index))                 \
      return FALSE;                                                          \
    *out_value = (Type) index;                                               \
    return TRUE;                                                             \
  }

ENUM_STRINGS (QmMeetingRole, qm_meeting_role, meeting_roles)
ENUM_STRINGS (QmMajority, qm_majority, majorities)
ENUM_STRINGS (QmChoice, qm_choice, choices)
ENUM_STRINGS (QmAnnotationKind, qm_annotation_kind, annotation_kinds)

const char *
qm_account_role_to_string (QmAccountRoles role)
{
  switch ((int) role)
    {
    case QM_ACCOUNT_ROLE_ADMIN:
      return "admin";
    case QM_ACCOUNT_ROLE_SECRETARY:
      return "secretary";
    default:
      return NULL;
    }
}

gboolean
qm_meeting_role_is_voting (QmMeetingRole role)
{
  return role == QM_MEETING_ROLE_CHAIR || role == QM_MEETING_ROLE_DELEGATE;
}

gboolean
qm_majority_passes (QmMajority majority,
                    gint64     yes,
                    gint64     no,
                    gint64     eligible)
{
  switch (majority)
    {
    case QM_MAJORITY_SIMPLE:
      return yes > no;
    case QM_MAJORITY_ABSOLUTE:
      return 2 * yes > eligible;
    case QM_MAJORITY_TWO_THIRDS:
      return 3 * yes >= 2 * (yes + no) && yes + no > 0;
    default:
      return FALSE;
    }
}

gboolean
_qm_json_get_meeting_role (JsonObject     *object,
                  const char     *name,
                  gboolean        required,
                  QmMeetingRole  *out_role,
                  GError        **error)
{
  g_autofree char *text = NULL;

  *out_role = QM_MEETING_ROLE_NONE;
  if (!_qm_json_get_string (object, name, required, 32, &text, error))
    return FALSE;
  if (text != NULL && !qm_meeting_role_from_string (text, out_role))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be chair, secretary, delegate or observer", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
_qm_json_get_account_roles (JsonObject      *object,
                            const char      *name,
                            QmAccountRoles  *out_roles,
                            GError         **error)
{
  JsonNode *node = _qm_json_member (object, name);
  JsonArray *array;

  *out_roles = 0;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be an array of account roles", name);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = JSON_NODE_HOLDS_VALUE (element)
                         && json_node_get_value_type (element) == G_TYPE_STRING
                         ? json_node_get_string (element) : NULL;

      if (g_strcmp0 (text, "admin") == 0)
        *out_roles |= QM_ACCOUNT_ROLE_ADMIN;
      else if (g_strcmp0 (text, "secretary") == 0)
        *out_roles |= QM_ACCOUNT_ROLE_SECRETARY;
      else
        {
          g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                       "'%s'[%u] must be \"admin\" or \"secretary\"", name, i);
          return FALSE;
        }
    }
  return TRUE;
}

JsonNode *
_qm_json_account_roles (QmAccountRoles roles)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  if (roles & QM_ACCOUNT_ROLE_ADMIN)
    json_array_add_string_element (array, "admin");
  if (roles & QM_ACCOUNT_ROLE_SECRETARY)
    json_array_add_string_element (array, "secretary");
  json_node_take_array (node, array);
  return node;
}

/* user */

QmUser *
qm_user_new (void)
{
  return g_new0 (QmUser, 1);
}

void
qm_user_free (QmUser *self)
{
  if (self == NULL)
    return;
  g_free (self->username);
  g_free (self->display_name);
  g_free (self);
}

JsonNode *
qm_user_to_json (const QmUser *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", self->id);
  json_object_set_string_member (o, "username", self->username);
  json_object_set_string_member (o, "display_name", self->display_name);
  json_object_set_member (o, "roles", _qm_json_account_roles (self->roles));
  return _qm_json_object_node (o);
}

QmUser *
qm_user_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(QmUser) self = qm_user_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "user", error))
      || !_qm_json_get_id (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "username", TRUE, QM_MAX_USERNAME_CHARS, &self->username, error)
      || !_qm_json_get_string (o, "display_name", TRUE, QM_MAX_DISPLAY_NAME_CHARS,
                               &self->display_name, error)
      || !_qm_json_get_account_roles (o, "roles", &self->roles, error))
    return NULL;

  if (!qm_is_username (self->username))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'username' may hold only letters, digits and . _ - @");
      return NULL;
    }

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmUser, qm_user)

/* participant */

QmParticipant *
qm_participant_new (void)
{
  QmParticipant *self = g_new0 (QmParticipant, 1);

  self->role = QM_MEETING_ROLE_DELEGATE;
  return self;
}

void
qm_participant_free (QmParticipant *self)
{
  if (self == NULL)
    return;
  g_free (self->display_name);
  g_free (self);
}

JsonNode *
qm_participant_to_json (const QmParticipant *self)
{
  JsonObject *o = json_object_new ();
  JsonObject *user = json_object_new ();

  json_object_set_int_member (user, "id", self->user_id);
  json_object_set_string_member (user, "display_name", self->display_name);
  json_object_set_object_member (o, "user", user);
  json_object_set_string_member (o, "role", qm_meeting_role_to_string (self->role));
  _qm_json_set_id_or_null (o, "proxy_holder", self->proxy_holder);
  return _qm_json_object_node (o);
}

QmParticipant *
qm_participant_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(QmParticipant) self = qm_participant_new ();
  JsonObject *o, *user;

  if (!(o = _qm_json_object (node, "participant", error))
      || !(user = _qm_json_object (json_object_get_member (o, "user"), "'user'", error))
      || !_qm_json_get_id (user, "id", TRUE, &self->user_id, error)
      || !_qm_json_get_string (user, "display_name", TRUE, QM_MAX_DISPLAY_NAME_CHARS,
                               &self->display_name, error)
      || !_qm_json_get_meeting_role (o, "role", TRUE, &self->role, error)
      || !_qm_json_get_id (o, "proxy_holder", FALSE, &self->proxy_holder, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmParticipant, qm_participant)

/* an agenda item's document */

QmItemDocument *
qm_item_document_new (void)
{
  return g_new0 (QmItemDocument, 1);
}

void
qm_item_document_free (QmItemDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self);
}

JsonNode *
qm_item_document_to_json (const QmItemDocument *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", self->id);
  json_object_set_string_member (o, "title", self->title);
  json_object_set_int_member (o, "pages", self->pages);
  json_object_set_int_member (o, "bytes", self->bytes);
  return _qm_json_object_node (o);
}

QmItemDocument *
qm_item_document_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(QmItemDocument) self = qm_item_document_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "document", error))
      || !_qm_json_get_docid (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !_qm_json_get_int (o, "pages", TRUE, 1, QM_MAX_PAGE, NULL, &self->pages, error)
      || !_qm_json_get_int (o, "bytes", TRUE, 1, QM_MAX_ID, NULL, &self->bytes, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmItemDocument, qm_item_document)

/* agenda item */

QmAgendaItem *
qm_agenda_item_new (void)
{
  QmAgendaItem *self = g_new0 (QmAgendaItem, 1);

  self->description = g_strdup ("");
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_item_document_free);
  return self;
}

void
qm_agenda_item_free (QmAgendaItem *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->description);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
qm_agenda_item_to_json (const QmAgendaItem *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", self->id);
  json_object_set_int_member (o, "position", self->position);
  json_object_set_string_member (o, "title", self->title);
  json_object_set_string_member (o, "description", self->description ? self->description : "");
  json_object_set_member (o, "documents",
                          _qm_json_list (self->documents, (QmToJsonFunc) qm_item_document_to_json));
  return _qm_json_object_node (o);
}

QmAgendaItem *
qm_agenda_item_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(QmAgendaItem) self = qm_agenda_item_new ();
  JsonObject *o;

  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  if (!(o = _qm_json_object (node, "agenda item", error))
      || !_qm_json_get_id (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_int (o, "position", TRUE, 0, QM_MAX_ID, NULL, &self->position, error)
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !_qm_json_get_string (o, "description", FALSE, QM_MAX_DESCRIPTION_CHARS,
                               &self->description, error)
      || !_qm_json_get_list (o, "documents", TRUE, (QmFromJsonFunc) qm_item_document_from_json,
                             (GDestroyNotify) qm_item_document_free, &self->documents, error))
    return NULL;

  if (self->description == NULL)
    self->description = g_strdup ("");
  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmAgendaItem, qm_agenda_item)

/* meeting */

QmMeeting *
qm_meeting_new (void)
{
  QmMeeting *self = g_new0 (QmMeeting, 1);

  self->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
  self->agenda = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_agenda_item_free);
  return self;
}

void
qm_meeting_free (QmMeeting *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->starts_at);
  g_free (self->location);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  g_free (self);
}

JsonNode *
qm_meeting_to_json (const QmMeeting *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", self->id);
  json_object_set_string_member (o, "title", self->title);
  json_object_set_string_member (o, "starts_at", self->starts_at);
  json_object_set_string_member (o, "location", self->location ? self->location : "");
  json_object_set_boolean_member (o, "require_quorum", self->require_quorum);
  if (self->participants != NULL)
    json_object_set_member (o, "participants",
                            _qm_json_list (self->participants,
                                           (QmToJsonFunc) qm_participant_to_json));
  json_object_set_member (o, "agenda",
                          _qm_json_list (self->agenda, (QmToJsonFunc) qm_agenda_item_to_json));
  return _qm_json_object_node (o);
}

QmMeeting *
qm_meeting_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(QmMeeting) self = qm_meeting_new ();
  JsonObject *o;

  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  if (!(o = _qm_json_object (node, "meeting", error))
      || !_qm_json_get_id (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !_qm_json_get_time (o, "starts_at", TRUE, &self->starts_at, error)
      || !_qm_json_get_string (o, "location", FALSE, QM_MAX_LOCATION_CHARS, &self->location, error)
      || !_qm_json_get_bool (o, "require_quorum", FALSE, NULL, &self->require_quorum, error)
      || !_qm_json_get_list (o, "participants", FALSE, (QmFromJsonFunc) qm_participant_from_json,
                             (GDestroyNotify) qm_participant_free, &self->participants, error)
      || !_qm_json_get_list (o, "agenda", TRUE, (QmFromJsonFunc) qm_agenda_item_from_json,
                             (GDestroyNotify) qm_agenda_item_free, &self->agenda, error))
    return NULL;

  if (self->location == NULL)
    self->location = g_strdup ("");
  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmMeeting, qm_meeting)

QmParticipant *
qm_meeting_find_participant (const QmMeeting *meeting,
                             gint64           user_id)
{
  g_return_val_if_fail (meeting != NULL, NULL);

  for (guint i = 0; meeting->participants != NULL && i < meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (meeting->participants, i);

      if (participant->user_id == user_id)
        return participant;
    }
  return NULL;
}

/* meeting summary */

QmMeetingSummary *
qm_meeting_summary_new (void)
{
  return g_new0 (QmMeetingSummary, 1);
}

void
qm_meeting_summary_free (QmMeetingSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->starts_at);
  g_free (self->location);
  g_free (self);
}

JsonNode *
qm_meeting_summary_to_json (const QmMeetingSummary *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", self->id);
  json_object_set_string_member (o, "title", self->title);
  json_object_set_string_member (o, "starts_at", self->starts_at);
  json_object_set_string_member (o, "location", self->location ? self->location : "");
  _qm_json_set_string_or_null (o, "role", qm_meeting_role_to_string (self->role));
  return _qm_json_object_node (o);
}

QmMeetingSummary *
qm_meeting_summary_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(QmMeetingSummary) self = qm_meeting_summary_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "meeting summary", error))
      || !_qm_json_get_id (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !_qm_json_get_time (o, "starts_at", TRUE, &self->starts_at, error)
      || !_qm_json_get_string (o, "location", FALSE, QM_MAX_LOCATION_CHARS, &self->location, error)
      || !_qm_json_get_meeting_role (o, "role", FALSE, &self->role, error))
    return NULL;

  if (self->location == NULL)
    self->location = g_strdup ("");
  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmMeetingSummary, qm_meeting_summary)

/* document */

QmDocument *
qm_document_new (void)
{
  return g_new0 (QmDocument, 1);
}

void
qm_document_free (QmDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->title);
  g_free (self);
}

JsonNode *
qm_document_to_json (const QmDocument *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", self->id);
  json_object_set_string_member (o, "name", self->name);
  json_object_set_string_member (o, "title", self->title);
  json_object_set_int_member (o, "pages", self->pages);
  json_object_set_int_member (o, "bytes", self->bytes);
  return _qm_json_object_node (o);
}

QmDocument *
qm_document_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(QmDocument) self = qm_document_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "document", error))
      || !_qm_json_get_docid (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "name", TRUE, QM_MAX_DOCUMENT_NAME_CHARS, &self->name, error)
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !_qm_json_get_int (o, "pages", TRUE, 1, QM_MAX_PAGE, NULL, &self->pages, error)
      || !_qm_json_get_int (o, "bytes", TRUE, 1, QM_MAX_ID, NULL, &self->bytes, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmDocument, qm_document)
