/* qm-client-error.h: the client core's error domain, one code per failure the
 * UI explains differently, and the mapping from transport and HTTP failures.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define QM_CLIENT_ERROR (qm_client_error_quark ())

/* An error the server answered with another wire code (forbidden, not_found,
 * conflict, already_voted, …) travels in QM_PROTOCOL_ERROR with that code
 * instead; cancellation stays G_IO_ERROR_CANCELLED. */
typedef enum
{
  QM_CLIENT_ERROR_WRONG_CREDENTIALS,  /* login answered 401 */
  QM_CLIENT_ERROR_TOKEN_INVALID,      /* the token expired or was revoked: log in again */
  QM_CLIENT_ERROR_RATE_LIMITED,       /* 429, or live 4429 */
  QM_CLIENT_ERROR_UNREACHABLE,        /* connection refused, DNS, network down, timeout */
  QM_CLIENT_ERROR_TLS,                /* bad or untrusted certificate, handshake failure */
  QM_CLIENT_ERROR_SERVER,             /* 5xx, or any status the contract does not give */
  QM_CLIENT_ERROR_PROTOCOL,           /* an answer that is not what the protocol says */
  QM_CLIENT_ERROR_NOT_LOGGED_IN,      /* an authenticated call without a token */
  QM_CLIENT_ERROR_VERIFICATION,       /* downloaded bytes whose SHA-256 is not their id */
  QM_CLIENT_ERROR_DISCONNECTED,       /* the live connection is not up, or dropped */
  QM_CLIENT_ERROR_TIMED_OUT,          /* a live command got no answer in time */
  QM_CLIENT_ERROR_FORBIDDEN,          /* live 4403: not (or no longer) a participant */
} QmClientError;

GQuark  qm_client_error_quark     (void);

/* Turns a transport error (GIOError, GResolverError, GTlsError, …) into a
 * QM_CLIENT_ERROR, keeping the original text; cancellation and
 * QM_CERTIFICATE_ERROR pass through (qm_session_error_from_transport tells a
 * certificate the pins refused from other TLS failures). */
GError *qm_client_error_from_transport (const GError *error);
/* The error for an HTTP answer with a non-2xx status and this body.
 * login: a 401 means wrong credentials rather than a dead token. */
GError *qm_client_error_from_response  (guint         status,
                                        GBytes       *body,
                                        gboolean      login);
/* The error for a live "error" answer: QM_PROTOCOL_ERROR with the wire code,
 * or QM_CLIENT_ERROR_RATE_LIMITED for rate_limited. */
GError *qm_client_error_from_wire_code (const char   *code,
                                        const char   *message);

G_END_DECLS
