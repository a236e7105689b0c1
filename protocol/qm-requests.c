/* qm-requests.c: HTTP request bodies, the login and health answers and the
 * error body, with their strict JSON codecs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "qm-json-private.h"

/* Defines _new (zero-filled) and _free for a struct of strings. */
#define STRING_STRUCT(T, t, ...)                                    \
  T *                                                               \
  t##_new (void)                                                    \
  {                                                                 \
    return g_new0 (T, 1);                                           \
  }                                                                 \
  void                                                              \
  t##_free (T *self)                                                \
  {                                                                 \
    char **fields[] = { __VA_ARGS__ };                              \
    if (self == NULL)                                               \
      return;                                                       \
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)               \
      g_free (*fields[i]);                                          \
    g_free (self);                                                  \
  }

static gboolean
require_some (JsonObject  *object,
              const char  *what,
              guint        n_present,
              GError     **error)
{
  if (n_present == 0)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "a %s changes at least one field", what);
      return FALSE;
    }
  return TRUE;
}

/* error body */

STRING_STRUCT (QmErrorBody, qm_error_body, &self->code, &self->message)

JsonNode *
qm_error_body_to_json (const QmErrorBody *self)
{
  JsonObject *o = json_object_new ();
  JsonObject *inner = json_object_new ();

  json_object_set_string_member (inner, "code", self->code);
  json_object_set_string_member (inner, "message", self->message ? self->message : "");
  json_object_set_object_member (o, "error", inner);
  return _qm_json_object_node (o);
}

QmErrorBody *
qm_error_body_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(QmErrorBody) self = qm_error_body_new ();
  JsonObject *o, *inner;

  if (!(o = _qm_json_object (node, "error body", error))
      || !(inner = _qm_json_object (json_object_get_member (o, "error"), "'error'", error))
      || !_qm_json_get_string (inner, "code", TRUE, 64, &self->code, error)
      || !_qm_json_get_string (inner, "message", TRUE, QM_MAX_MESSAGE_CHARS, &self->message, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmErrorBody, qm_error_body)

char *
qm_error_body_serialize_error (const GError *error,
                               gsize        *out_length)
{
  QmErrorBody body = { 0 };
  g_autofree char *valid = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == QM_PROTOCOL_ERROR)
    {
      /* Stay within what a strict peer accepts. */
      valid = g_utf8_make_valid (error->message, -1);
      message = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), QM_MAX_MESSAGE_CHARS));
      body.code = (char *) qm_protocol_error_to_code (error->code);
      body.message = message;
    }
  else
    {
      /* Other domains are internal details; their text stays in the log. */
      body.code = (char *) "internal";
      body.message = (char *) "internal error";
    }
  return qm_error_body_serialize (&body, out_length);
}

/* health */

STRING_STRUCT (QmHealth, qm_health, &self->status, &self->version)

JsonNode *
qm_health_to_json (const QmHealth *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "status", self->status);
  json_object_set_string_member (o, "version", self->version);
  return _qm_json_object_node (o);
}

QmHealth *
qm_health_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(QmHealth) self = qm_health_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "health", error))
      || !_qm_json_get_string (o, "status", TRUE, 32, &self->status, error)
      || !_qm_json_get_string (o, "version", TRUE, QM_MAX_VERSION_CHARS, &self->version, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmHealth, qm_health)

/* login */

STRING_STRUCT (QmLoginRequest, qm_login_request, &self->username, &self->password)

JsonNode *
qm_login_request_to_json (const QmLoginRequest *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "username", self->username);
  json_object_set_string_member (o, "password", self->password);
  return _qm_json_object_node (o);
}

static gboolean
get_password (JsonObject  *o,
              guint        min_chars,
              char       **out_password,
              GError     **error)
{
  g_autofree char *password = NULL;

  *out_password = NULL;
  if (!_qm_json_get_string (o, "password", TRUE, QM_MAX_PASSWORD_BYTES, &password, error))
    return FALSE;
  if (strlen (password) > QM_MAX_PASSWORD_BYTES
      || (guint) g_utf8_strlen (password, -1) < min_chars)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'password' must have at least %u characters and at most %d bytes",
                   MAX (min_chars, 1), QM_MAX_PASSWORD_BYTES);
      return FALSE;
    }
  *out_password = g_steal_pointer (&password);
  return TRUE;
}

static gboolean
get_username (JsonObject  *o,
              char       **out_username,
              GError     **error)
{
  if (!_qm_json_get_string (o, "username", TRUE, QM_MAX_USERNAME_CHARS, out_username, error))
    return FALSE;
  if (!qm_is_username (*out_username))
    {
      g_clear_pointer (out_username, g_free);
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'username' may hold only letters, digits and . _ - @");
      return FALSE;
    }
  return TRUE;
}

QmLoginRequest *
qm_login_request_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(QmLoginRequest) self = qm_login_request_new ();
  JsonObject *o;

  /* Any name and any non-empty password may be tried: a name that cannot
   * exist is a wrong credential (401 from the server), not a bad request. */
  if (!(o = _qm_json_object (node, "login", error))
      || !_qm_json_get_string (o, "username", TRUE, QM_MAX_LOGIN_NAME_CHARS, &self->username, error)
      || !get_password (o, 1, &self->password, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmLoginRequest, qm_login_request)

QmLoginResponse *
qm_login_response_new (void)
{
  return g_new0 (QmLoginResponse, 1);
}

void
qm_login_response_free (QmLoginResponse *self)
{
  if (self == NULL)
    return;
  g_free (self->token);
  qm_user_free (self->user);
  g_free (self);
}

JsonNode *
qm_login_response_to_json (const QmLoginResponse *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "token", self->token);
  json_object_set_member (o, "user", qm_user_to_json (self->user));
  return _qm_json_object_node (o);
}

QmLoginResponse *
qm_login_response_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(QmLoginResponse) self = qm_login_response_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "login response", error))
      || !_qm_json_get_string (o, "token", TRUE, QM_MAX_TOKEN_BYTES, &self->token, error)
      || !(self->user = qm_user_from_json (json_object_get_member (o, "user"), error)))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmLoginResponse, qm_login_response)

/* user creation */

STRING_STRUCT (QmUserCreate, qm_user_create, &self->username, &self->display_name, &self->password)

JsonNode *
qm_user_create_to_json (const QmUserCreate *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "username", self->username);
  json_object_set_string_member (o, "display_name", self->display_name);
  json_object_set_string_member (o, "password", self->password);
  json_object_set_member (o, "roles", _qm_json_account_roles (self->roles));
  return _qm_json_object_node (o);
}

QmUserCreate *
qm_user_create_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(QmUserCreate) self = qm_user_create_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "user", error))
      || !get_username (o, &self->username, error)
      || !_qm_json_get_string (o, "display_name", TRUE, QM_MAX_DISPLAY_NAME_CHARS,
                               &self->display_name, error)
      || !get_password (o, QM_MIN_PASSWORD_CHARS, &self->password, error))
    return NULL;

  if (_qm_json_member (o, "roles") != NULL
      && !_qm_json_get_account_roles (o, "roles", &self->roles, error))
    return NULL;

  if (g_utf8_strlen (self->display_name, -1) == 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'display_name' must not be empty");
      return NULL;
    }

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmUserCreate, qm_user_create)

/* meetings */

static gboolean
check_title (const char  *title,
             GError     **error)
{
  if (!_qm_has_text (title))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'title' must not be empty");
      return FALSE;
    }
  return TRUE;
}

STRING_STRUCT (QmMeetingCreate, qm_meeting_create, &self->title, &self->starts_at, &self->location)

JsonNode *
qm_meeting_create_to_json (const QmMeetingCreate *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "title", self->title);
  json_object_set_string_member (o, "starts_at", self->starts_at);
  json_object_set_string_member (o, "location", self->location ? self->location : "");
  return _qm_json_object_node (o);
}

QmMeetingCreate *
qm_meeting_create_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(QmMeetingCreate) self = qm_meeting_create_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "meeting", error))
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !check_title (self->title, error)
      || !_qm_json_get_time (o, "starts_at", TRUE, &self->starts_at, error)
      || !_qm_json_get_string (o, "location", FALSE, QM_MAX_LOCATION_CHARS, &self->location, error))
    return NULL;

  if (self->location == NULL)
    self->location = g_strdup ("");
  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmMeetingCreate, qm_meeting_create)

STRING_STRUCT (QmMeetingPatch, qm_meeting_patch, &self->title, &self->starts_at, &self->location)

JsonNode *
qm_meeting_patch_to_json (const QmMeetingPatch *self)
{
  JsonObject *o = json_object_new ();

  if (self->title)
    json_object_set_string_member (o, "title", self->title);
  if (self->starts_at)
    json_object_set_string_member (o, "starts_at", self->starts_at);
  if (self->location)
    json_object_set_string_member (o, "location", self->location);
  if (self->has_require_quorum)
    json_object_set_boolean_member (o, "require_quorum", self->require_quorum);
  return _qm_json_object_node (o);
}

QmMeetingPatch *
qm_meeting_patch_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(QmMeetingPatch) self = qm_meeting_patch_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "meeting change", error))
      || !_qm_json_get_string (o, "title", FALSE, QM_MAX_TITLE_CHARS, &self->title, error)
      || (self->title != NULL && !check_title (self->title, error))
      || !_qm_json_get_time (o, "starts_at", FALSE, &self->starts_at, error)
      || !_qm_json_get_string (o, "location", FALSE, QM_MAX_LOCATION_CHARS, &self->location, error)
      || !_qm_json_get_bool (o, "require_quorum", FALSE, &self->has_require_quorum,
                             &self->require_quorum, error)
      || !require_some (o, "meeting change",
                        (self->title != NULL) + (self->starts_at != NULL)
                        + (self->location != NULL) + self->has_require_quorum, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmMeetingPatch, qm_meeting_patch)

/* participants and proxies */

QmParticipantPut *
qm_participant_put_new (void)
{
  return g_new0 (QmParticipantPut, 1);
}

void
qm_participant_put_free (QmParticipantPut *self)
{
  g_free (self);
}

JsonNode *
qm_participant_put_to_json (const QmParticipantPut *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "role", qm_meeting_role_to_string (self->role));
  return _qm_json_object_node (o);
}

QmParticipantPut *
qm_participant_put_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(QmParticipantPut) self = qm_participant_put_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "participant", error))
      || !_qm_json_get_meeting_role (o, "role", TRUE, &self->role, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmParticipantPut, qm_participant_put)

QmProxyPut *
qm_proxy_put_new (void)
{
  return g_new0 (QmProxyPut, 1);
}

void
qm_proxy_put_free (QmProxyPut *self)
{
  g_free (self);
}

JsonNode *
qm_proxy_put_to_json (const QmProxyPut *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "holder", self->holder);
  return _qm_json_object_node (o);
}

QmProxyPut *
qm_proxy_put_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(QmProxyPut) self = qm_proxy_put_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "proxy", error))
      || !_qm_json_get_id (o, "holder", TRUE, &self->holder, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmProxyPut, qm_proxy_put)

QmProxy *
qm_proxy_new (void)
{
  return g_new0 (QmProxy, 1);
}

void
qm_proxy_free (QmProxy *self)
{
  g_free (self);
}

JsonNode *
qm_proxy_to_json (const QmProxy *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "member", self->member);
  json_object_set_int_member (o, "holder", self->holder);
  return _qm_json_object_node (o);
}

QmProxy *
qm_proxy_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(QmProxy) self = qm_proxy_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "proxy", error))
      || !_qm_json_get_id (o, "member", TRUE, &self->member, error)
      || !_qm_json_get_id (o, "holder", TRUE, &self->holder, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmProxy, qm_proxy)

/* agenda */

STRING_STRUCT (QmAgendaItemCreate, qm_agenda_item_create, &self->title, &self->description)

JsonNode *
qm_agenda_item_create_to_json (const QmAgendaItemCreate *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "title", self->title);
  if (self->description != NULL)
    json_object_set_string_member (o, "description", self->description);
  return _qm_json_object_node (o);
}

QmAgendaItemCreate *
qm_agenda_item_create_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(QmAgendaItemCreate) self = qm_agenda_item_create_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "agenda item", error))
      || !_qm_json_get_string (o, "title", TRUE, QM_MAX_TITLE_CHARS, &self->title, error)
      || !check_title (self->title, error)
      || !_qm_json_get_string (o, "description", FALSE, QM_MAX_DESCRIPTION_CHARS,
                               &self->description, error))
    return NULL;

  if (self->description == NULL)
    self->description = g_strdup ("");
  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmAgendaItemCreate, qm_agenda_item_create)

STRING_STRUCT (QmAgendaItemPatch, qm_agenda_item_patch, &self->title, &self->description)

JsonNode *
qm_agenda_item_patch_to_json (const QmAgendaItemPatch *self)
{
  JsonObject *o = json_object_new ();

  if (self->title != NULL)
    json_object_set_string_member (o, "title", self->title);
  if (self->description != NULL)
    json_object_set_string_member (o, "description", self->description);
  return _qm_json_object_node (o);
}

QmAgendaItemPatch *
qm_agenda_item_patch_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(QmAgendaItemPatch) self = qm_agenda_item_patch_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "agenda item change", error))
      || !_qm_json_get_string (o, "title", FALSE, QM_MAX_TITLE_CHARS, &self->title, error)
      || (self->title != NULL && !check_title (self->title, error))
      || !_qm_json_get_string (o, "description", FALSE, QM_MAX_DESCRIPTION_CHARS,
                               &self->description, error)
      || !require_some (o, "agenda item change",
                        (self->title != NULL) + (self->description != NULL), error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmAgendaItemPatch, qm_agenda_item_patch)

QmAgendaOrder *
qm_agenda_order_new (void)
{
  QmAgendaOrder *self = g_new0 (QmAgendaOrder, 1);

  self->items = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

void
qm_agenda_order_free (QmAgendaOrder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->items, g_array_unref);
  g_free (self);
}

JsonNode *
qm_agenda_order_to_json (const QmAgendaOrder *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_member (o, "items", _qm_json_id_array (self->items));
  return _qm_json_object_node (o);
}

QmAgendaOrder *
qm_agenda_order_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(QmAgendaOrder) self = qm_agenda_order_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  JsonObject *o;

  g_clear_pointer (&self->items, g_array_unref);
  if (!(o = _qm_json_object (node, "agenda order", error))
      || !_qm_json_get_id_array (o, "items", TRUE, &self->items, error))
    return NULL;

  for (guint i = 0; i < self->items->len; i++)
    if (!g_hash_table_add (seen, &g_array_index (self->items, gint64, i)))
      {
        g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                     "'items' names item %" G_GINT64_FORMAT " twice",
                     g_array_index (self->items, gint64, i));
        return NULL;
      }

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmAgendaOrder, qm_agenda_order)

STRING_STRUCT (QmAttachDocument, qm_attach_document, &self->document, &self->title)

JsonNode *
qm_attach_document_to_json (const QmAttachDocument *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "document", self->document);
  if (self->title != NULL)
    json_object_set_string_member (o, "title", self->title);
  return _qm_json_object_node (o);
}

QmAttachDocument *
qm_attach_document_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(QmAttachDocument) self = qm_attach_document_new ();
  JsonObject *o;

  if (!(o = _qm_json_object (node, "document attachment", error))
      || !_qm_json_get_docid (o, "document", TRUE, &self->document, error)
      || !_qm_json_get_string (o, "title", FALSE, QM_MAX_TITLE_CHARS, &self->title, error)
      || (self->title != NULL && !check_title (self->title, error)))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmAttachDocument, qm_attach_document)
