/* qm-offline-copy.h: the last copy of what the server said (a meeting, the
 * list of meetings), kept in the user's cache so the app opens them with no
 * network.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $XDG_CACHE_HOME/quorum/offline/<hash of server_url>/<name>.json: copies of
 * different servers never mix. */
char     *qm_offline_copy_get_path (const char  *server_url,
                                    const char  *name);
/* Replaces the copy atomically (a crash leaves the old one or the new one). */
gboolean  qm_offline_copy_save     (const char  *server_url,
                                    const char  *name,
                                    const char  *data,
                                    gsize        length,
                                    GError     **error);
/* The saved bytes, or NULL with G_FILE_ERROR_NOENT when there are none. */
char     *qm_offline_copy_load     (const char  *server_url,
                                    const char  *name,
                                    gsize       *out_length,
                                    GError     **error);

G_END_DECLS
