/* qm-protocol-error.h: the error domain shared by server and clients, and its wire codes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define QM_PROTOCOL_ERROR (qm_protocol_error_quark ())

/* One code per error code of the contract, plus MALFORMED: input that is not
 * a JSON object at all. It travels as "bad_request" but a live connection
 * that sends it is closed with 4400. */
typedef enum
{
  QM_PROTOCOL_ERROR_BAD_REQUEST,
  QM_PROTOCOL_ERROR_UNAUTHORIZED,
  QM_PROTOCOL_ERROR_FORBIDDEN,
  QM_PROTOCOL_ERROR_NOT_FOUND,
  QM_PROTOCOL_ERROR_CONFLICT,
  QM_PROTOCOL_ERROR_TOO_LARGE,
  QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
  QM_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE,
  QM_PROTOCOL_ERROR_INVALID_DOCUMENT,
  QM_PROTOCOL_ERROR_RATE_LIMITED,
  QM_PROTOCOL_ERROR_INTERNAL,
  QM_PROTOCOL_ERROR_UNAVAILABLE,
  QM_PROTOCOL_ERROR_ALREADY_VOTED,
  QM_PROTOCOL_ERROR_VOTE_CLOSED,
  QM_PROTOCOL_ERROR_MALFORMED,
} QmProtocolError;

/* WebSocket close codes of the live channel. */
typedef enum
{
  QM_CLOSE_GOING_AWAY = 1001,
  QM_CLOSE_POLICY_VIOLATION = 1008,
  QM_CLOSE_PROTOCOL_ERROR = 4400,
  QM_CLOSE_UNAUTHORIZED = 4401,
  QM_CLOSE_FORBIDDEN = 4403,
  QM_CLOSE_RATE_LIMITED = 4429,
} QmCloseCode;

GQuark      qm_protocol_error_quark       (void);
const char *qm_protocol_error_to_code     (QmProtocolError error);
gboolean    qm_protocol_error_from_code   (const char      *code,
                                           QmProtocolError *out_error);
guint       qm_protocol_error_http_status (QmProtocolError error);

G_END_DECLS
