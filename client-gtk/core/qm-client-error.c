/* qm-client-error.c: classifies transport, HTTP and live failures into the
 * client error domain the UI translates.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-client-error"

#include "config.h"

#include <quorum/quorum-protocol.h>

#include "qm-certificate-pins.h"
#include "qm-client-error.h"

G_DEFINE_QUARK (qm-client-error-quark, qm_client_error)

GError *
qm_client_error_from_transport (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == QM_CLIENT_ERROR || error->domain == QM_PROTOCOL_ERROR
      || error->domain == QM_CERTIFICATE_ERROR
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_TLS, "TLS: %s", error->message);

  if (error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR)
    {
      /* Everything the network stack says that is not TLS or cancellation
       * means the same to a user: the server cannot be reached. */
      return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                          "Cannot reach the server: %s", error->message);
    }

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                        "Unexpected answer: %s", error->message);

  if (error->domain == SOUP_WEBSOCKET_ERROR)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                        "The live channel could not be opened: %s", error->message);

  return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                      "Cannot reach the server: %s", error->message);
}

GError *
qm_client_error_from_wire_code (const char *code,
                                const char *message)
{
  QmProtocolError protocol_error;

  if (message == NULL)
    message = "";

  if (g_strcmp0 (code, "rate_limited") == 0)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED,
                        "Too many requests: %s", message);
  if (g_strcmp0 (code, "internal") == 0 || g_strcmp0 (code, "unavailable") == 0)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_SERVER,
                        "Server error (%s): %s", code, message);
  if (code != NULL && qm_protocol_error_from_code (code, &protocol_error))
    return g_error_new_literal (QM_PROTOCOL_ERROR, protocol_error, message);
  return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                      "Unknown error code “%s”: %s", code != NULL ? code : "(none)", message);
}

GError *
qm_client_error_from_response (guint     status,
                               GBytes   *body,
                               gboolean  login)
{
  g_autoptr(QmErrorBody) error_body = NULL;
  const char *message = NULL;

  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize length;
      const char *text = g_bytes_get_data (body, &length);

      error_body = qm_error_body_parse (text, length, NULL);
    }
  if (error_body != NULL)
    message = error_body->message;
  if (message == NULL)
    message = soup_status_get_phrase (status);
  if (message == NULL)
    message = "";

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (login)
        return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_WRONG_CREDENTIALS,
                            "Wrong username or password: %s", message);
      return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID,
                          "The session has ended: %s", message);
    }
  if (status == 429)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED,
                        "Too many attempts: %s", message);
  if (status >= 500)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_SERVER,
                        "Server error %u: %s", status, message);
  if (status >= 400 && error_body != NULL)
    return qm_client_error_from_wire_code (error_body->code, message);
  if (status >= 400)
    return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                        "HTTP %u without an error body", status);
  return g_error_new (QM_CLIENT_ERROR, QM_CLIENT_ERROR_SERVER,
                      "Unexpected HTTP status %u", status);
}
