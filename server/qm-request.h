/* qm-request.h: one HTTP API request on its way through the server: the route
 * it matched, the ids in its path, its caller and body, and the ways to answer it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "qm-auth.h"
#include "qm-config.h"
#include "qm-document-store.h"
#include "qm-live.h"
#include "qm-log.h"
#include "qm-store.h"

G_BEGIN_DECLS

typedef struct _QmRequest QmRequest;

typedef void (*QmRouteHandler) (QmRequest *request);

typedef enum
{
  QM_ROUTE_PUBLIC = 1 << 0,    /* no token needed */
  QM_ROUTE_UPLOAD = 1 << 1,    /* the body is a document, streamed to the document store */
  QM_ROUTE_LIVE   = 1 << 2,    /* a WebSocket upgrade */
} QmRouteFlags;

typedef struct
{
  const char     *method;
  /* Segments after /api/v1/; "{id}" matches a wire id, "{doc}" a document id. */
  const char     *pattern;
  QmRouteHandler  handler;
  QmRouteFlags    flags;
} QmRoute;

/* What every handler can reach. */
typedef struct _QmServices QmServices;
struct _QmServices
{
  QmConfig        *config;
  QmStore         *store;
  QmAuth          *auth;
  QmDocumentStore *documents;
  QmLive          *live;
};

struct _QmRequest
{
  const QmServices  *services;
  SoupServerMessage *message;
  const QmRoute     *route;
  gint64             ids[3];          /* the {id} segments, in order */
  char              *docid;           /* the {doc} segment */
  QmCaller          *caller;          /* NULL on public routes */

  gboolean          *answered;        /* set when the handler answered before returning */
  gboolean           paused;

  GByteArray        *body;            /* JSON bodies, up to the limit */
  QmUpload          *upload;          /* document bodies */
  gboolean           too_large;
  GError            *body_error;      /* writing an upload failed */
};

/* Answers, each finishing the request (and freeing it). */
void        qm_request_reply_json    (QmRequest   *request,
                                      guint        status,
                                      char        *json,     /* taken */
                                      gsize        length);
void        qm_request_reply_node    (QmRequest   *request,
                                      guint        status,
                                      JsonNode    *node);    /* taken */
void        qm_request_reply_empty   (QmRequest   *request,
                                      guint        status);
void        qm_request_reply_error   (QmRequest   *request,
                                      const GError *error);
void        qm_request_reply_code    (QmRequest   *request,
                                      QmProtocolError code,
                                      const char  *message);

/* The body, parsed by a protocol codec; on failure the request is answered
 * (400 or 413) and NULL returned. */
gpointer    qm_request_parse_body    (QmRequest   *request,
                                      gpointer   (*parse) (const char *, gssize, GError **));

const char *qm_request_get_query     (QmRequest   *request,
                                      const char  *name);
const char *qm_request_peer_address  (QmRequest   *request);

/* The caller's account roles, and whether they are an admin or a secretary. */
gboolean    qm_request_caller_is     (QmRequest   *request,
                                      QmAccountRoles roles);

/* Meeting access, each answering the request and returning FALSE when denied:
 * a caller who may not see the meeting gets 404; one who may see it but not
 * do this, 403. */
gboolean    qm_request_may_see_meeting   (QmRequest *request,
                                          gint64     meeting_id);
gboolean    qm_request_is_participant    (QmRequest *request,
                                          gint64     meeting_id);
gboolean    qm_request_is_meeting_secretary (QmRequest *request,
                                             gint64     meeting_id);

/* Answers a message outside the request flow (early refusals, upgrades)
 * with the contract's error body. */
void        qm_server_message_set_error (SoupServerMessage *message,
                                         QmProtocolError    code,
                                         const char        *text);

/* For the router: runs the handler, pausing the message only if the
 * handler returns before answering. */
void        qm_request_run           (QmRequest         *request,
                                      QmRouteHandler     handler);

/* For the router. */
QmRequest  *qm_request_new           (const QmServices  *services,
                                      SoupServerMessage *message);
void        qm_request_free          (QmRequest         *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmRequest, qm_request_free)

G_END_DECLS
