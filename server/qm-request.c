/* qm-request.c: answering HTTP API requests and checking who may do what.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include "qm-request.h"

QmRequest *
qm_request_new (const QmServices  *services,
                SoupServerMessage *message)
{
  QmRequest *request = g_new0 (QmRequest, 1);

  request->services = services;
  request->message = g_object_ref (message);
  return request;
}

void
qm_request_free (QmRequest *request)
{
  if (request == NULL)
    return;
  g_clear_object (&request->message);
  g_free (request->docid);
  qm_caller_free (request->caller);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->upload, qm_upload_free);
  g_clear_error (&request->body_error);
  g_free (request);
}

static void
finish (QmRequest *request)
{
  if (request->answered != NULL)
    *request->answered = TRUE;
  if (request->paused)
    soup_server_message_unpause (request->message);
  qm_request_free (request);
}

void
qm_request_run (QmRequest      *request,
                QmRouteHandler  handler)
{
  SoupServerMessage *message = request->message;
  gboolean answered = FALSE;

  request->answered = &answered;
  handler (request);
  if (answered)
    return;

  /* Still ours: the answer comes from a later main-loop turn. */
  request->answered = NULL;
  request->paused = TRUE;
  soup_server_message_pause (message);
}

void
qm_request_reply_json (QmRequest *request,
                       guint      status,
                       char      *json,
                       gsize      length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->message);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (request->message, status, NULL);
  soup_server_message_set_response (request->message, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, json, length);
  finish (request);
}

void
qm_request_reply_node (QmRequest *request,
                       guint      status,
                       JsonNode  *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) owned = node;
  gsize length;
  char *json;

  json_generator_set_root (generator, owned);
  json = json_generator_to_data (generator, &length);
  qm_request_reply_json (request, status, json, length);
}

void
qm_request_reply_empty (QmRequest *request,
                        guint      status)
{
  soup_server_message_set_status (request->message, status, NULL);
  finish (request);
}

void
qm_request_reply_error (QmRequest    *request,
                        const GError *error)
{
  guint status = 500;
  gsize length;
  char *json;

  if (error->domain == QM_PROTOCOL_ERROR)
    status = qm_protocol_error_http_status (error->code);
  if (status >= 500)
    qm_log (QM_LOG_PROBLEM,
            &((QmLogAbout) { .user = request->caller != NULL ? request->caller->user->id : 0 }),
            "%s %s: %s", soup_server_message_get_method (request->message),
            g_uri_get_path (soup_server_message_get_uri (request->message)), error->message);

  json = qm_error_body_serialize_error (error, &length);
  qm_request_reply_json (request, status, json, length);
}

void
qm_request_reply_code (QmRequest       *request,
                       QmProtocolError  code,
                       const char      *message)
{
  g_autoptr(GError) error = g_error_new_literal (QM_PROTOCOL_ERROR, code, message);

  qm_request_reply_error (request, error);
}

gpointer
qm_request_parse_body (QmRequest *request,
                       gpointer (*parse) (const char *, gssize, GError **))
{
  g_autoptr(GError) error = NULL;
  gpointer value;

  if (request->too_large)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_TOO_LARGE, "the request body is too large");
      return NULL;
    }
  if (request->body == NULL || request->body->len == 0)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_BAD_REQUEST, "a JSON body is required");
      return NULL;
    }

  value = parse ((const char *) request->body->data, request->body->len, &error);
  if (value == NULL)
    {
      /* Not JSON at all is still a 400 over HTTP. */
      if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED))
        error->code = QM_PROTOCOL_ERROR_BAD_REQUEST;
      qm_request_reply_error (request, error);
      return NULL;
    }
  return value;
}

const char *
qm_request_get_query (QmRequest  *request,
                      const char *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->message));
  GHashTable *params;
  const char *value = NULL;

  if (query == NULL)
    return NULL;

  /* Keep the decoded table alive as long as the request. */
  params = g_object_get_data (G_OBJECT (request->message), "qm-query");
  if (params == NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params == NULL)
        return NULL;
      g_object_set_data_full (G_OBJECT (request->message), "qm-query", params,
                              (GDestroyNotify) g_hash_table_unref);
    }
  value = g_hash_table_lookup (params, name);
  return value;
}

const char *
qm_request_peer_address (QmRequest *request)
{
  const char *host = soup_server_message_get_remote_host (request->message);

  return host ? host : "";
}

gboolean
qm_request_caller_is (QmRequest      *request,
                      QmAccountRoles  roles)
{
  return request->caller != NULL && (request->caller->user->roles & roles) != 0;
}

static gboolean
deny_unseen (QmRequest *request)
{
  qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such meeting");
  return FALSE;
}

gboolean
qm_request_may_see_meeting (QmRequest *request,
                            gint64     meeting_id)
{
  if (!qm_store_meeting_exists (request->services->store, meeting_id))
    return deny_unseen (request);
  if (qm_request_caller_is (request, QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY))
    return TRUE;
  if (qm_store_get_role (request->services->store, meeting_id,
                         request->caller->user->id) != QM_MEETING_ROLE_NONE)
    return TRUE;
  return deny_unseen (request);
}

gboolean
qm_request_is_participant (QmRequest *request,
                           gint64     meeting_id)
{
  if (!qm_request_may_see_meeting (request, meeting_id))
    return FALSE;
  if (qm_store_get_role (request->services->store, meeting_id,
                         request->caller->user->id) != QM_MEETING_ROLE_NONE)
    return TRUE;
  qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN,
                         "only the meeting's participants may do this");
  return FALSE;
}

gboolean
qm_request_is_meeting_secretary (QmRequest *request,
                                 gint64     meeting_id)
{
  if (!qm_request_may_see_meeting (request, meeting_id))
    return FALSE;
  if (qm_store_get_role (request->services->store, meeting_id,
                         request->caller->user->id) == QM_MEETING_ROLE_SECRETARY)
    return TRUE;
  qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN,
                         "only the meeting's secretary may do this");
  return FALSE;
}

void
qm_server_message_set_error (SoupServerMessage *message,
                             QmProtocolError    code,
                             const char        *text)
{
  g_autoptr(GError) error = g_error_new_literal (QM_PROTOCOL_ERROR, code, text);
  gsize length;
  char *json = qm_error_body_serialize_error (error, &length);

  soup_server_message_set_status (message, qm_protocol_error_http_status (code), NULL);
  soup_server_message_set_response (message, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    json, length);
}
