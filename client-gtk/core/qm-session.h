/* qm-session.h: a signed-in connection to one Quorum server over its HTTP API.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <quorum/quorum-protocol.h>

#include "qm-certificate-pins.h"

G_BEGIN_DECLS

#define QM_TYPE_SESSION (qm_session_get_type ())
G_DECLARE_FINAL_TYPE (QmSession, qm_session, QM, SESSION, GObject)

/* Every HTTP request gives up after this many seconds without progress. */
#define QM_SESSION_TIMEOUT_SECONDS 30

QmSession     *qm_session_new                (const char           *base_url);

const char    *qm_session_get_base_url       (QmSession            *self);
void           qm_session_set_base_url       (QmSession            *self,
                                              const char           *base_url);
/* The bearer token, kept in memory only; NULL when signed out. Setting it
 * restores a session from the keyring (the user stays unknown until
 * qm_session_fetch_me_async). */
const char    *qm_session_get_token          (QmSession            *self);
void           qm_session_set_token          (QmSession            *self,
                                              const char           *token);
gboolean       qm_session_get_logged_in      (QmSession            *self);
/* The signed-in account, or NULL. */
const QmUser  *qm_session_get_user           (QmSession            *self);
SoupSession   *qm_session_get_soup_session   (QmSession            *self);
/* A pool of its own for document downloads: its connections carry nothing
 * but document GETs, which a Quorum server answers on its lean path (a
 * connection that started with another request stays on the slower one). */
SoupSession   *qm_session_get_download_session (QmSession          *self);
/* A new pool with the main pool's proxy, TLS and user-agent settings, kept
 * in step with them (max_conns_per_host 0: libsoup's default). */
SoupSession   *qm_session_new_pool           (QmSession            *self,
                                              guint                 timeout_seconds,
                                              guint                 max_conns_per_host);

/* The pins that decide about certificates the system does not trust (see
 * qm-certificate-pins.h); by default the user's known-servers file. A
 * certificate the system's CAs trust is accepted without a pin: an admin who
 * deploys one has chosen the CA system, and its renewals must not look like
 * an attack. */
QmCertificatePins *qm_session_get_certificate_pins (QmSession         *self);
void           qm_session_set_certificate_pins (QmSession            *self,
                                                QmCertificatePins    *pins);
/* Makes message subject to the pins (qm_session_new_message does it; a
 * message made elsewhere, such as the live channel's, must ask for it).
 * Without it an untrusted certificate is simply refused. */
void           qm_session_watch_certificate  (QmSession            *self,
                                              SoupMessage          *message);
/* The error for a failed message: QM_CERTIFICATE_ERROR_UNKNOWN or _CHANGED
 * when its certificate was refused by the pins, else as
 * qm_client_error_from_transport. */
GError        *qm_session_error_from_transport (QmSession          *self,
                                                SoupMessage        *message,
                                                const GError       *error);

/* base URL + path ("/api/v1/…"); ws:// or wss:// when websocket is set. */
char          *qm_session_build_url          (QmSession            *self,
                                              const char           *path,
                                              gboolean              websocket);
/* A request to path with the Authorization header set (when signed in). */
SoupMessage   *qm_session_new_message        (QmSession            *self,
                                              const char           *method,
                                              const char           *path);

/* POST /api/v1/login; on success the token and user are set. Every call
 * fails with QM_CERTIFICATE_ERROR when the pins refused the certificate. */
void           qm_session_login_async        (QmSession            *self,
                                              const char           *username,
                                              const char           *password,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       qm_session_login_finish       (QmSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /api/v1/logout; the token is forgotten whatever the server says. */
void           qm_session_logout_async       (QmSession            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       qm_session_logout_finish      (QmSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* GET /api/v1/me; also sets the session's user. */
void           qm_session_fetch_me_async     (QmSession            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
QmUser        *qm_session_fetch_me_finish    (QmSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /api/v1/meetings: a GPtrArray of QmMeetingSummary. */
void           qm_session_list_meetings_async  (QmSession          *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GPtrArray     *qm_session_list_meetings_finish (QmSession          *self,
                                                GAsyncResult       *result,
                                                GError            **error);
/* GET /api/v1/meetings/{mid}. */
void           qm_session_get_meeting_async  (QmSession            *self,
                                              gint64                meeting_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
QmMeeting     *qm_session_get_meeting_finish (QmSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /api/v1/meetings/{mid}/votes: a GPtrArray of QmVote. */
void           qm_session_list_votes_async   (QmSession            *self,
                                              gint64                meeting_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *qm_session_list_votes_finish  (QmSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Any authenticated JSON request (GET, POST, PATCH, PUT, DELETE): json is the
 * body or NULL. Returns the body of a 2xx answer (empty for 204) and its
 * status; any other status is an error (see qm-client-error.h). A 401 also
 * signs the session out. */
void           qm_session_request_async      (QmSession            *self,
                                              const char           *method,
                                              const char           *path,
                                              const char           *json,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GBytes        *qm_session_request_finish     (QmSession            *self,
                                              GAsyncResult         *result,
                                              guint                *out_status,
                                              GError              **error);

/* Forgets the token and user without telling the server (also done on any
 * 401 and on a live 4401). */
void           qm_session_forget_token       (QmSession            *self);

G_END_DECLS
