/* qm-fast-http.h: the lean HTTP/1.1 path: accepts plain-HTTP connections
 * itself, answers keep-alive document GETs without libsoup's per-message
 * machinery, and hands every other connection to libsoup.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _QmFastHttp QmFastHttp;

/* A request the lean path may answer: GET /api/v1/documents/{docid}
 * HTTP/1.1 with no body. Header values are trimmed, NULL when absent. */
typedef struct
{
  const char *docid;
  const char *authorization;
  const char *range;
  const char *if_none_match;
} QmFastRequest;

/* Appends the header lines after Server and Date to headers, sets status
 * (200, 206, 304) and body (NULL for none), and returns TRUE; or returns
 * FALSE and the connection goes to libsoup, this request included. */
typedef gboolean (*QmFastServe) (const QmFastRequest *request,
                                 guint               *status,
                                 GString             *headers,
                                 GBytes             **body,
                                 gpointer             user_data);

/* Starts accepting on listener (bound and listening) on the thread-default
 * main context. server_header is the Server header's value. */
QmFastHttp *qm_fast_http_new     (GSocket     *listener,
                                  SoupServer  *soup,
                                  const char  *server_header,
                                  QmFastServe  serve,
                                  gpointer     user_data,
                                  GError     **error);
/* Stops accepting and closes the connections still on the lean path. */
void        qm_fast_http_free    (QmFastHttp  *self);

/* For the status report: what the lean path has done since the start. */
char       *qm_fast_http_describe (QmFastHttp *self);

/* The socket of a connection handed to libsoup, which does not tell it
 * (libsoup 3.2 sees only a stream): NULL for any other message. */
GSocket    *qm_fast_http_socket_of (SoupServerMessage *message);

G_END_DECLS
