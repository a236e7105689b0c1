/* qm-routes.h: the HTTP API's handlers, one per route of the contract.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-request.h"

G_BEGIN_DECLS

/* qm-routes-accounts.c */
void qm_route_health        (QmRequest *request);
void qm_route_login         (QmRequest *request);
void qm_route_logout        (QmRequest *request);
void qm_route_me            (QmRequest *request);
void qm_route_create_user   (QmRequest *request);
void qm_route_list_users    (QmRequest *request);

/* qm-routes-meetings.c */
void qm_route_list_meetings     (QmRequest *request);
void qm_route_create_meeting    (QmRequest *request);
void qm_route_get_meeting       (QmRequest *request);
void qm_route_patch_meeting     (QmRequest *request);
void qm_route_put_participant   (QmRequest *request);
void qm_route_delete_participant (QmRequest *request);
void qm_route_put_proxy         (QmRequest *request);
void qm_route_delete_proxy      (QmRequest *request);
void qm_route_add_agenda_item   (QmRequest *request);
void qm_route_patch_agenda_item (QmRequest *request);
void qm_route_delete_agenda_item (QmRequest *request);
void qm_route_order_agenda      (QmRequest *request);
void qm_route_list_votes        (QmRequest *request);

/* qm-routes-documents.c */
void qm_route_upload_document   (QmRequest *request);
void qm_route_get_document      (QmRequest *request);
void qm_route_attach_document   (QmRequest *request);
void qm_route_detach_document   (QmRequest *request);
/* Whether the caller may upload documents (checked before the body is read). */
gboolean qm_route_may_upload    (QmRequest *request);

/* A document GET's answer outside libsoup (qm-fast-http.c). */
typedef struct
{
  guint    status;   /* 200, 206 or 304 */
  GString *headers;  /* header lines to append to, after Server and Date */
  GBytes  *body;     /* set for 200 and 206 */
} QmDocumentAnswer;

/* Fills answer and returns TRUE only for a success; FALSE (answer untouched
 * but for headers) when the request must go the ordinary way, which gives
 * the error. The arguments are the request's header values, or NULL. */
gboolean qm_route_answer_document (const QmServices *services,
                                   const char       *docid,
                                   const char       *authorization,
                                   const char       *range_header,
                                   const char       *if_none_match,
                                   QmDocumentAnswer *answer);

/* qm-routes-minutes.c */
void qm_route_minutes           (QmRequest *request);

/* qm-routes-annotations.c */
void qm_route_list_annotations  (QmRequest *request);


G_END_DECLS
