/* qm-requests.h: the bodies of the HTTP API that are not objects of their own:
 * requests, the login and health answers, the error body.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-types.h"

G_BEGIN_DECLS

/* {"error":{"code","message"}} */
typedef struct
{
  char *code;
  char *message;
} QmErrorBody;
QM_DECLARE_CODEC (QmErrorBody, qm_error_body)
/* The body for a GError of any domain (non-protocol errors become "internal"). */
char *qm_error_body_serialize_error (const GError *error,
                                     gsize        *out_length);

/* GET /api/v1/health: {"status","version"} */
typedef struct
{
  char *status;
  char *version;
} QmHealth;
QM_DECLARE_CODEC (QmHealth, qm_health)

/* POST /api/v1/login: {"username","password"} */
typedef struct
{
  char *username;
  char *password;
} QmLoginRequest;
QM_DECLARE_CODEC (QmLoginRequest, qm_login_request)

/* its answer: {"token","user"} */
typedef struct
{
  char   *token;
  QmUser *user;
} QmLoginResponse;
QM_DECLARE_CODEC (QmLoginResponse, qm_login_response)

/* POST /api/v1/users: {"username","display_name","password","roles":[...]} */
typedef struct
{
  char           *username;
  char           *display_name;
  char           *password;
  QmAccountRoles  roles;
} QmUserCreate;
QM_DECLARE_CODEC (QmUserCreate, qm_user_create)

/* POST /api/v1/meetings: {"title","starts_at","location"} */
typedef struct
{
  char *title;
  char *starts_at;
  char *location;
} QmMeetingCreate;
QM_DECLARE_CODEC (QmMeetingCreate, qm_meeting_create)

/* PATCH /api/v1/meetings/{mid}: any of title, starts_at, location, require_quorum
 * (at least one). A NULL string means "leave as it is". */
typedef struct
{
  char     *title;
  char     *starts_at;
  char     *location;
  gboolean  has_require_quorum;
  gboolean  require_quorum;
} QmMeetingPatch;
QM_DECLARE_CODEC (QmMeetingPatch, qm_meeting_patch)

/* PUT /api/v1/meetings/{mid}/participants/{uid}: {"role"} */
typedef struct
{
  QmMeetingRole role;
} QmParticipantPut;
QM_DECLARE_CODEC (QmParticipantPut, qm_participant_put)

/* PUT /api/v1/meetings/{mid}/proxies/{uid}: {"holder"} */
typedef struct
{
  gint64 holder;
} QmProxyPut;
QM_DECLARE_CODEC (QmProxyPut, qm_proxy_put)

/* its answer: {"member","holder"} */
typedef struct
{
  gint64 member;
  gint64 holder;
} QmProxy;
QM_DECLARE_CODEC (QmProxy, qm_proxy)

/* POST /api/v1/meetings/{mid}/agenda: {"title","description"?} */
typedef struct
{
  char *title;
  char *description;             /* "" when absent */
} QmAgendaItemCreate;
QM_DECLARE_CODEC (QmAgendaItemCreate, qm_agenda_item_create)

/* PATCH /api/v1/meetings/{mid}/agenda/{iid}: title and/or description (at least one) */
typedef struct
{
  char *title;                   /* NULL: leave as it is */
  char *description;             /* NULL: leave as it is */
} QmAgendaItemPatch;
QM_DECLARE_CODEC (QmAgendaItemPatch, qm_agenda_item_patch)

/* PUT /api/v1/meetings/{mid}/agenda-order: {"items":[iid,...]} (no repeats) */
typedef struct
{
  GArray *items;                 /* of gint64 */
} QmAgendaOrder;
QM_DECLARE_CODEC (QmAgendaOrder, qm_agenda_order)

/* POST /api/v1/meetings/{mid}/agenda/{iid}/documents: {"document","title"?} */
typedef struct
{
  char *document;
  char *title;                   /* NULL when absent */
} QmAttachDocument;
QM_DECLARE_CODEC (QmAttachDocument, qm_attach_document)

G_END_DECLS
