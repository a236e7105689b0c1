/* qm-certificate-pins.h: trust on first use for servers whose certificate
 * the system does not trust: the SHA-256 of each server's certificate, kept
 * per host:port in a small key file, and the errors that say "unknown" or
 * "changed" with the fingerprints the user has to compare.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define QM_CERTIFICATE_ERROR (qm_certificate_error_quark ())

/* Both carry the address and fingerprints (see the getters below). */
typedef enum
{
  QM_CERTIFICATE_ERROR_UNKNOWN,  /* first contact: nothing pinned for this address */
  QM_CERTIFICATE_ERROR_CHANGED,  /* a certificate other than the pinned one */
} QmCertificateError;

GQuark      qm_certificate_error_quark                  (void);
/* "host:port" the error is about. */
const char *qm_certificate_error_get_address            (const GError *error);
/* SHA-256 of the certificate the server presented, lowercase hex. */
const char *qm_certificate_error_get_fingerprint        (const GError *error);
/* SHA-256 pinned before, lowercase hex; NULL for UNKNOWN. */
const char *qm_certificate_error_get_pinned_fingerprint (const GError *error);

/* The lowercase hex SHA-256 of the certificate's DER bytes (what
 * quorum-server prints on its second line). */
char       *qm_certificate_get_sha256                   (GTlsCertificate *certificate);
/* For people: upper-case pairs with colons (the way `openssl x509
 * -fingerprint -sha256` prints them), two lines of 16 pairs. */
char       *qm_certificate_format_fingerprint           (const char      *sha256);
/* "host:port" for an http(s) or ws(s) URI (the scheme's port when it has none). */
char       *qm_certificate_address_for_uri              (GUri            *uri);

#define QM_TYPE_CERTIFICATE_PINS (qm_certificate_pins_get_type ())
G_DECLARE_FINAL_TYPE (QmCertificatePins, qm_certificate_pins, QM, CERTIFICATE_PINS, GObject)

/* path NULL: $XDG_CONFIG_HOME/quorum/known-servers. The file is read on each
 * lookup, so every window and process sees a pin as soon as it is stored. */
QmCertificatePins *qm_certificate_pins_new           (const char        *path);
const char        *qm_certificate_pins_get_path      (QmCertificatePins *self);

/* The pinned fingerprint of address, or NULL; out_first_seen (may be NULL)
 * receives when it was pinned. */
char              *qm_certificate_pins_lookup        (QmCertificatePins *self,
                                                      const char        *address,
                                                      GDateTime        **out_first_seen);
/* Pins fingerprint for address (replacing a pin there), written atomically. */
gboolean           qm_certificate_pins_trust         (QmCertificatePins *self,
                                                      const char        *address,
                                                      const char        *fingerprint,
                                                      GError           **error);
gboolean           qm_certificate_pins_forget        (QmCertificatePins *self,
                                                      const char        *address,
                                                      GError           **error);
/* The verdict on a certificate the system's CAs do not vouch for: TRUE when
 * it is the one pinned for address; otherwise FALSE with
 * QM_CERTIFICATE_ERROR_UNKNOWN or _CHANGED. */
gboolean           qm_certificate_pins_check         (QmCertificatePins *self,
                                                      const char        *address,
                                                      GTlsCertificate   *certificate,
                                                      GError           **error);

G_END_DECLS
