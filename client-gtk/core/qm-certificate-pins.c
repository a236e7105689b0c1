/* qm-certificate-pins.c: the known-servers file (trust on first use, as SSH
 * does) and the errors that carry what the user must compare.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-certificate-pins"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "qm-certificate-pins.h"

#define KEY_SHA256     "sha256"
#define KEY_FIRST_SEEN "first-seen"
#define SHA256_HEX_LENGTH 64

/* The error domain, with the fingerprints as the error's own data */

typedef struct
{
  char *address;
  char *fingerprint;
  char *pinned;
} QmCertificateErrorPrivate;

static void
qm_certificate_error_private_init (QmCertificateErrorPrivate *priv)
{
}

static void
qm_certificate_error_private_copy (const QmCertificateErrorPrivate *src,
                                   QmCertificateErrorPrivate       *dest)
{
  dest->address = g_strdup (src->address);
  dest->fingerprint = g_strdup (src->fingerprint);
  dest->pinned = g_strdup (src->pinned);
}

static void
qm_certificate_error_private_clear (QmCertificateErrorPrivate *priv)
{
  g_clear_pointer (&priv->address, g_free);
  g_clear_pointer (&priv->fingerprint, g_free);
  g_clear_pointer (&priv->pinned, g_free);
}

G_DEFINE_EXTENDED_ERROR (QmCertificateError, qm_certificate_error)

static const QmCertificateErrorPrivate *
get_private (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (error->domain == QM_CERTIFICATE_ERROR, NULL);

  return qm_certificate_error_get_private (error);
}

const char *
qm_certificate_error_get_address (const GError *error)
{
  const QmCertificateErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->address : NULL;
}

const char *
qm_certificate_error_get_fingerprint (const GError *error)
{
  const QmCertificateErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->fingerprint : NULL;
}

const char *
qm_certificate_error_get_pinned_fingerprint (const GError *error)
{
  const QmCertificateErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->pinned : NULL;
}

static GError *
certificate_error_new (QmCertificateError  code,
                       const char         *address,
                       const char         *fingerprint,
                       const char         *pinned)
{
  GError *error;
  QmCertificateErrorPrivate *priv;

  if (code == QM_CERTIFICATE_ERROR_CHANGED)
    error = g_error_new (QM_CERTIFICATE_ERROR, code,
                         "The certificate of %s has changed: sha256 %s, pinned %s",
                         address, fingerprint, pinned);
  else
    error = g_error_new (QM_CERTIFICATE_ERROR, code,
                         "The certificate of %s is not known yet: sha256 %s",
                         address, fingerprint);
  priv = qm_certificate_error_get_private (error);
  priv->address = g_strdup (address);
  priv->fingerprint = g_strdup (fingerprint);
  priv->pinned = g_strdup (pinned);
  return error;
}

/* Fingerprints and addresses */

char *
qm_certificate_get_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  g_return_val_if_fail (der != NULL, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

char *
qm_certificate_format_fingerprint (const char *sha256)
{
  GString *text;
  gsize length;

  g_return_val_if_fail (sha256 != NULL, NULL);

  length = strlen (sha256);
  text = g_string_sized_new (length * 3 / 2 + 2);
  for (gsize i = 0; i + 1 < length; i += 2)
    {
      if (i > 0)
        g_string_append_c (text, i % 32 == 0 ? '\n' : ':');
      g_string_append_c (text, g_ascii_toupper (sha256[i]));
      g_string_append_c (text, g_ascii_toupper (sha256[i + 1]));
    }
  return g_string_free (text, FALSE);
}

char *
qm_certificate_address_for_uri (GUri *uri)
{
  g_autofree char *host = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (g_uri_get_host (uri) != NULL, NULL);

  scheme = g_uri_get_scheme (uri);
  port = g_uri_get_port (uri);
  if (port <= 0)
    port = g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "wss") == 0 ? 443 : 80;
  /* A lowercase host: the same server whatever case the user typed. An IPv6
   * address stays without brackets (brackets cannot be in a group name). */
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  return g_strdup_printf ("%s:%d", host, port);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != SHA256_HEX_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
normalize_address (const char *address)
{
  return g_ascii_strdown (address, -1);
}

/* The store */

struct _QmCertificatePins
{
  GObject  parent_instance;

  char    *path;
  GMutex   lock;   /* libsoup may ask from another thread's context */
};

G_DEFINE_FINAL_TYPE (QmCertificatePins, qm_certificate_pins, G_TYPE_OBJECT)

static void
qm_certificate_pins_finalize (GObject *object)
{
  QmCertificatePins *self = QM_CERTIFICATE_PINS (object);

  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (qm_certificate_pins_parent_class)->finalize (object);
}

static void
qm_certificate_pins_class_init (QmCertificatePinsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = qm_certificate_pins_finalize;
}

static void
qm_certificate_pins_init (QmCertificatePins *self)
{
  g_mutex_init (&self->lock);
}

QmCertificatePins *
qm_certificate_pins_new (const char *path)
{
  QmCertificatePins *self = g_object_new (QM_TYPE_CERTIFICATE_PINS, NULL);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    self->path = g_build_filename (g_get_user_config_dir (), "quorum", "known-servers", NULL);
  return self;
}

const char *
qm_certificate_pins_get_path (QmCertificatePins *self)
{
  g_return_val_if_fail (QM_IS_CERTIFICATE_PINS (self), NULL);

  return self->path;
}

/* The file as it is now: empty when there is none yet. Called with the lock. */
static GKeyFile *
load (QmCertificatePins  *self,
      GError            **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "The list of known servers (%s) cannot be read: %s",
                   self->path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

static gboolean
save (QmCertificatePins  *self,
      GKeyFile           *file,
      GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create %s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  /* g_file_set_contents writes a temporary file and renames it: a crash
   * leaves the old list or the new one, never half of it. */
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
qm_certificate_pins_lookup (QmCertificatePins  *self,
                            const char         *address,
                            GDateTime         **out_first_seen)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (QM_IS_CERTIFICATE_PINS (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (out_first_seen != NULL)
    *out_first_seen = NULL;

  g_mutex_lock (&self->lock);
  file = load (self, NULL);
  g_mutex_unlock (&self->lock);
  if (file == NULL)
    return NULL;

  group = normalize_address (address);
  sha256 = g_key_file_get_string (file, group, KEY_SHA256, NULL);
  if (!is_sha256_hex (sha256))
    return NULL;
  if (out_first_seen != NULL)
    {
      g_autofree char *seen = g_key_file_get_string (file, group, KEY_FIRST_SEEN, NULL);

      if (seen != NULL)
        *out_first_seen = g_date_time_new_from_iso8601 (seen, NULL);
    }
  return g_ascii_strdown (sha256, -1);
}

gboolean
qm_certificate_pins_trust (QmCertificatePins  *self,
                           const char         *address,
                           const char         *fingerprint,
                           GError            **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *group = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *seen = NULL;
  gboolean saved;

  g_return_val_if_fail (QM_IS_CERTIFICATE_PINS (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (is_sha256_hex (fingerprint), FALSE);

  group = normalize_address (address);
  sha256 = g_ascii_strdown (fingerprint, -1);
  now = g_date_time_new_now_utc ();
  seen = g_date_time_format_iso8601 (now);

  g_mutex_lock (&self->lock);
  file = load (self, error);
  if (file != NULL)
    {
      g_key_file_remove_group (file, group, NULL);
      g_key_file_set_string (file, group, KEY_SHA256, sha256);
      g_key_file_set_string (file, group, KEY_FIRST_SEEN, seen);
    }
  saved = file != NULL && save (self, file, error);
  g_mutex_unlock (&self->lock);
  return saved;
}

gboolean
qm_certificate_pins_forget (QmCertificatePins  *self,
                            const char         *address,
                            GError            **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;
  gboolean saved = TRUE;

  g_return_val_if_fail (QM_IS_CERTIFICATE_PINS (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  group = normalize_address (address);
  g_mutex_lock (&self->lock);
  file = load (self, error);
  if (file == NULL)
    saved = FALSE;
  else if (g_key_file_remove_group (file, group, NULL))
    saved = save (self, file, error);
  g_mutex_unlock (&self->lock);
  return saved;
}

gboolean
qm_certificate_pins_check (QmCertificatePins  *self,
                           const char         *address,
                           GTlsCertificate    *certificate,
                           GError            **error)
{
  g_autofree char *presented = NULL;
  g_autofree char *pinned = NULL;

  g_return_val_if_fail (QM_IS_CERTIFICATE_PINS (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  presented = qm_certificate_get_sha256 (certificate);
  pinned = qm_certificate_pins_lookup (self, address, NULL);
  if (pinned != NULL && g_strcmp0 (pinned, presented) == 0)
    return TRUE;
  g_propagate_error (error, certificate_error_new (pinned != NULL ? QM_CERTIFICATE_ERROR_CHANGED
                                                                  : QM_CERTIFICATE_ERROR_UNKNOWN,
                                                   address, presented, pinned));
  return FALSE;
}
