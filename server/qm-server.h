/* qm-server.h: the running quorum-server: its services, the HTTP listener and
 * the routing of API requests.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "qm-request.h"

G_BEGIN_DECLS

#define QM_TYPE_SERVER (qm_server_get_type ())
G_DECLARE_FINAL_TYPE (QmServer, qm_server, QM, SERVER, GObject)

/* Opens the data dir (database and documents). Takes the config. */
QmServer         *qm_server_new          (QmConfig  *config,
                                          GError   **error);
const QmServices *qm_server_get_services (QmServer  *self);
/* Starts accepting connections; the URL it listens on, e.g. "http://127.0.0.1:8080/". */
char             *qm_server_listen       (QmServer  *self,
                                          GError   **error);
/* With TLS, the SHA-256 of the server certificate (DER) as upper-case hex
 * pairs joined by colons, as `openssl x509 -fingerprint -sha256` prints it,
 * for clients to pin; NULL without TLS. */
char             *qm_server_get_certificate_sha256 (QmServer *self);
/* For the status report: the lean document path's counts, or NULL when
 * there is none (TLS). */
char             *qm_server_describe_lean_path (QmServer *self);
/* Stops accepting, closes connections and commits what is pending. */
void              qm_server_stop         (QmServer  *self);

G_END_DECLS
