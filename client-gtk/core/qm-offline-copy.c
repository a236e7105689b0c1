/* qm-offline-copy.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-offline-copy"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "qm-offline-copy.h"

char *
qm_offline_copy_get_path (const char *server_url,
                          const char *name)
{
  g_autofree char *hash = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (name != NULL && strchr (name, '/') == NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);
  hash[16] = '\0';
  file = g_strconcat (name, ".json", NULL);
  return g_build_filename (g_get_user_cache_dir (), "quorum", "offline", hash, file, NULL);
}

gboolean
qm_offline_copy_save (const char  *server_url,
                      const char  *name,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *path = qm_offline_copy_get_path (server_url, name);
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* g_file_set_contents_full writes a temp file, syncs and renames it. */
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
qm_offline_copy_load (const char  *server_url,
                      const char  *name,
                      gsize       *out_length,
                      GError     **error)
{
  g_autofree char *path = qm_offline_copy_get_path (server_url, name);
  char *data = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, out_length, error))
    return NULL;
  return data;
}
