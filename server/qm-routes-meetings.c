/* qm-routes-meetings.c: meetings, participants, proxies, the agenda and votes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include <string.h>

#include "qm-routes.h"

#define MEETING_ID(request) ((request)->ids[0])

/* Write callbacks: each answers with what the change made, read back after commit. */

static gboolean
written (GObject      *source,
         GAsyncResult *result,
         QmRequest    *request,
         gint64       *out_id)
{
  g_autoptr(GError) error = NULL;

  if (!qm_store_write_finish (QM_STORE (source), result, out_id, &error))
    {
      qm_request_reply_error (request, error);
      return FALSE;
    }
  return TRUE;
}

static void
reply_meeting (QmRequest *request,
               gint64     meeting_id,
               guint      status)
{
  g_autoptr(QmMeeting) meeting = qm_store_get_meeting (request->services->store, meeting_id);

  if (meeting == NULL)
    qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such meeting");
  else
    qm_request_reply_node (request, status, qm_meeting_to_json (meeting));
}

static void
meeting_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QmRequest *request = user_data;
  gint64 id;

  if (!written (source, result, request, &id))
    return;
  qm_live_agenda_changed (request->services->live, MEETING_ID (request));
  reply_meeting (request, MEETING_ID (request), 200);
}

static void
meeting_created (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QmRequest *request = user_data;
  gint64 id;

  if (written (source, result, request, &id))
    reply_meeting (request, id, 201);
}

static void
participant_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(QmParticipant) participant = NULL;
  gint64 id;

  if (!written (source, result, request, &id))
    return;
  qm_live_participants_changed (request->services->live, MEETING_ID (request));
  participant = qm_store_get_participant (request->services->store, MEETING_ID (request), id);
  if (participant == NULL)
    qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such participant");
  else
    qm_request_reply_node (request, 200, qm_participant_to_json (participant));
}

static void
proxy_written (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(QmParticipant) participant = NULL;
  QmProxy proxy = { 0 };
  gint64 id;

  if (!written (source, result, request, &id))
    return;
  qm_live_participants_changed (request->services->live, MEETING_ID (request));
  participant = qm_store_get_participant (request->services->store, MEETING_ID (request), id);
  proxy.member = id;
  proxy.holder = participant ? participant->proxy_holder : 0;
  qm_request_reply_node (request, 200, qm_proxy_to_json (&proxy));
}

static void
item_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(QmAgendaItem) item = NULL;
  gint64 id;

  if (!written (source, result, request, &id))
    return;
  qm_live_agenda_changed (request->services->live, MEETING_ID (request));
  item = qm_store_get_agenda_item (request->services->store, MEETING_ID (request), id);
  if (item == NULL)
    qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such agenda item");
  else
    qm_request_reply_node (request,
                           g_str_equal (request->route->method, "POST") ? 201 : 200,
                           qm_agenda_item_to_json (item));
}

/* After a DELETE: participants and proxies change the participant list,
 * anything else the agenda. */
static void
removed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  QmRequest *request = user_data;
  gint64 id;

  if (!written (source, result, request, &id))
    return;
  if (strstr (request->route->pattern, "participants") || strstr (request->route->pattern, "proxies"))
    qm_live_participants_changed (request->services->live, MEETING_ID (request));
  else
    qm_live_agenda_changed (request->services->live, MEETING_ID (request));
  qm_request_reply_empty (request, 204);
}

/* Meetings */

void
qm_route_list_meetings (QmRequest *request)
{
  gboolean all = qm_request_caller_is (request, QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY);
  g_autoptr(GPtrArray) meetings = qm_store_list_meetings (request->services->store,
                                                          request->caller->user->id, all);
  gsize length;
  char *json = qm_meeting_summary_list_serialize (meetings, &length);

  qm_request_reply_json (request, 200, json, length);
}

void
qm_route_create_meeting (QmRequest *request)
{
  g_autoptr(QmMeetingCreate) meeting = NULL;

  if (!qm_request_caller_is (request, QM_ACCOUNT_ROLE_SECRETARY))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN,
                             "only secretaries may create meetings");
      return;
    }
  if (!(meeting = qm_request_parse_body (request, (gpointer) qm_meeting_create_parse)))
    return;
  qm_store_create_meeting_async (request->services->store, meeting, request->caller->user->id,
                                 meeting_created, request);
}

void
qm_route_get_meeting (QmRequest *request)
{
  if (qm_request_may_see_meeting (request, MEETING_ID (request)))
    reply_meeting (request, MEETING_ID (request), 200);
}

void
qm_route_patch_meeting (QmRequest *request)
{
  g_autoptr(QmMeetingPatch) patch = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request))
      || !(patch = qm_request_parse_body (request, (gpointer) qm_meeting_patch_parse)))
    return;
  qm_store_update_meeting_async (request->services->store, MEETING_ID (request), patch,
                                 meeting_written, request);
}

/* Participants and proxies */

void
qm_route_put_participant (QmRequest *request)
{
  g_autoptr(QmParticipantPut) put = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request))
      || !(put = qm_request_parse_body (request, (gpointer) qm_participant_put_parse)))
    return;
  qm_store_put_participant_async (request->services->store, MEETING_ID (request), request->ids[1],
                                  put->role, participant_written, request);
}

void
qm_route_delete_participant (QmRequest *request)
{
  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request)))
    return;
  qm_store_delete_participant_async (request->services->store, MEETING_ID (request),
                                     request->ids[1], removed, request);
}

void
qm_route_put_proxy (QmRequest *request)
{
  g_autoptr(QmProxyPut) put = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request))
      || !(put = qm_request_parse_body (request, (gpointer) qm_proxy_put_parse)))
    return;
  if (qm_store_get_role (request->services->store, MEETING_ID (request), put->holder)
      == QM_MEETING_ROLE_NONE)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND,
                             "the holder is not a participant of this meeting");
      return;
    }
  qm_store_put_proxy_async (request->services->store, MEETING_ID (request), request->ids[1],
                            put->holder, request->services->config->max_proxies_per_holder,
                            proxy_written, request);
}

void
qm_route_delete_proxy (QmRequest *request)
{
  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request)))
    return;
  qm_store_delete_proxy_async (request->services->store, MEETING_ID (request), request->ids[1],
                               removed, request);
}

/* Agenda */

void
qm_route_add_agenda_item (QmRequest *request)
{
  g_autoptr(QmAgendaItemCreate) item = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request))
      || !(item = qm_request_parse_body (request, (gpointer) qm_agenda_item_create_parse)))
    return;
  qm_store_add_agenda_item_async (request->services->store, MEETING_ID (request), item->title,
                                  item->description, item_written, request);
}

void
qm_route_patch_agenda_item (QmRequest *request)
{
  g_autoptr(QmAgendaItemPatch) patch = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request)))
    return;
  /* An item of another meeting is "not found", before the body is judged. */
  item = qm_store_get_agenda_item (request->services->store, MEETING_ID (request), request->ids[1]);
  if (item == NULL)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such agenda item");
      return;
    }
  if (!(patch = qm_request_parse_body (request, (gpointer) qm_agenda_item_patch_parse)))
    return;
  qm_store_update_agenda_item_async (request->services->store, MEETING_ID (request),
                                     request->ids[1], patch, item_written, request);
}

void
qm_route_delete_agenda_item (QmRequest *request)
{
  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request)))
    return;
  qm_store_delete_agenda_item_async (request->services->store, MEETING_ID (request),
                                     request->ids[1], removed, request);
}

void
qm_route_order_agenda (QmRequest *request)
{
  g_autoptr(QmAgendaOrder) order = NULL;

  if (!qm_request_is_meeting_secretary (request, MEETING_ID (request))
      || !(order = qm_request_parse_body (request, (gpointer) qm_agenda_order_parse)))
    return;
  qm_store_reorder_agenda_async (request->services->store, MEETING_ID (request), order->items,
                                 meeting_written, request);
}

/* Votes */

void
qm_route_list_votes (QmRequest *request)
{
  g_autoptr(GPtrArray) votes = NULL;
  gsize length;
  char *json;

  if (!qm_request_is_participant (request, MEETING_ID (request)))
    return;
  votes = qm_store_list_votes (request->services->store, MEETING_ID (request), FALSE);
  json = qm_vote_list_serialize (votes, &length);
  qm_request_reply_json (request, 200, json, length);
}
