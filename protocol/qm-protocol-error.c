/* qm-protocol-error.c: the QmProtocolError domain and its wire codes and HTTP statuses.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-protocol-error.h"

G_DEFINE_QUARK (qm-protocol-error-quark, qm_protocol_error)

static const struct
{
  const char *code;
  guint       status;
} errors[] = {
  [QM_PROTOCOL_ERROR_BAD_REQUEST] = { "bad_request", 400 },
  [QM_PROTOCOL_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [QM_PROTOCOL_ERROR_FORBIDDEN] = { "forbidden", 403 },
  [QM_PROTOCOL_ERROR_NOT_FOUND] = { "not_found", 404 },
  [QM_PROTOCOL_ERROR_CONFLICT] = { "conflict", 409 },
  [QM_PROTOCOL_ERROR_TOO_LARGE] = { "too_large", 413 },
  [QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415 },
  [QM_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE] = { "range_not_satisfiable", 416 },
  [QM_PROTOCOL_ERROR_INVALID_DOCUMENT] = { "invalid_document", 422 },
  [QM_PROTOCOL_ERROR_RATE_LIMITED] = { "rate_limited", 429 },
  [QM_PROTOCOL_ERROR_INTERNAL] = { "internal", 500 },
  [QM_PROTOCOL_ERROR_UNAVAILABLE] = { "unavailable", 503 },
  [QM_PROTOCOL_ERROR_ALREADY_VOTED] = { "already_voted", 409 },
  [QM_PROTOCOL_ERROR_VOTE_CLOSED] = { "vote_closed", 409 },
  [QM_PROTOCOL_ERROR_MALFORMED] = { "bad_request", 400 },
};

const char *
qm_protocol_error_to_code (QmProtocolError error)
{
  if ((guint) error >= G_N_ELEMENTS (errors))
    return "internal";
  return errors[error].code;
}

gboolean
qm_protocol_error_from_code (const char      *code,
                             QmProtocolError *out_error)
{
  g_return_val_if_fail (out_error != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  /* MALFORMED is last and shares "bad_request", so the first match wins. */
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    if (g_str_equal (errors[i].code, code))
      {
        *out_error = (QmProtocolError) i;
        return TRUE;
      }
  return FALSE;
}

guint
qm_protocol_error_http_status (QmProtocolError error)
{
  if ((guint) error >= G_N_ELEMENTS (errors))
    return 500;
  return errors[error].status;
}
