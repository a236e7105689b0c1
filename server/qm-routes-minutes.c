/* qm-routes-minutes.c: GET /api/v1/meetings/{mid}/minutes.pdf, the meeting's
 * minutes drawn on the minutes worker.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include "qm-minutes.h"
#include "qm-record.h"
#include "qm-routes.h"

#define MEETING_ID(request) ((request)->ids[0])

static void
minutes_rendered (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = qm_minutes_render_finish (result, &error);
  SoupMessageHeaders *headers;
  g_autofree char *disposition = NULL;

  if (pdf == NULL)
    {
      g_autoptr(GError) internal = g_error_new (QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INTERNAL,
                                                "%s", error->message);

      qm_request_reply_error (request, internal);
      return;
    }

  headers = soup_server_message_get_response_headers (request->message);
  disposition = g_strdup_printf ("attachment; filename=\"bien-ban-%" G_GINT64_FORMAT ".pdf\"",
                                 MEETING_ID (request));
  soup_message_headers_set_content_type (headers, "application/pdf", NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  /* The record grows while the meeting runs: never serve an old copy. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_body_append_bytes (soup_server_message_get_response_body (request->message), pdf);
  qm_request_reply_empty (request, 200);
}

void
qm_route_minutes (QmRequest *request)
{
  QmMinutes *minutes;

  if (!qm_request_may_see_meeting (request, MEETING_ID (request)))
    return;
  /* Every read happens here, on the main thread; the worker only draws. */
  minutes = qm_store_get_minutes (request->services->store, MEETING_ID (request));
  if (minutes == NULL)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such meeting");
      return;
    }
  minutes->public_key = qm_record_public_key ();
  qm_minutes_render_async (minutes, NULL, minutes_rendered, request);
}
