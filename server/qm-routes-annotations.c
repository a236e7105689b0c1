/* qm-routes-annotations.c: GET /api/v1/meetings/{mid}/annotations, the
 * caller's own and the shared annotations of a meeting.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include "qm-routes.h"

#define MEETING_ID(request) ((request)->ids[0])

void
qm_route_list_annotations (QmRequest *request)
{
  const char *doc = qm_request_get_query (request, "doc");
  g_autoptr(GPtrArray) annotations = NULL;
  gsize length;
  char *json;

  /* Outsiders learn nothing, not even whether the doc filter was well formed. */
  if (!qm_request_is_participant (request, MEETING_ID (request)))
    return;
  if (doc != NULL && !qm_is_docid (doc))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_BAD_REQUEST,
                             "'doc' must be a document id (64 lowercase hex digits)");
      return;
    }

  annotations = qm_store_list_annotations (request->services->store, MEETING_ID (request),
                                           request->caller->user->id, doc);
  json = qm_annotation_list_serialize (annotations, &length);
  qm_request_reply_json (request, 200, json, length);
}
