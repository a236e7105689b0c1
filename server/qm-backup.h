/* qm-backup.h: quorum-server --backup and --restore: a consistent copy of a
 * data dir (the database through SQLite's online backup, the documents and
 * the record key) taken while the server runs, and bringing it back.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes a backup of data_dir into the folder target, which must not exist:
 * quorum.db (a consistent snapshot, even while a server writes), record-key,
 * documents/ab/<sha256>.pdf, and MANIFEST (what is in it, with checksums).
 * The folder appears under its name only once complete and synced.
 * *out_summary says what was copied. */
gboolean qm_backup_create  (const char  *data_dir,
                            const char  *target,
                            char       **out_summary,
                            GError     **error);

/* Checks a backup (its manifest, the database's integrity, every file's
 * checksum) and puts it in data_dir, which must be missing or empty unless
 * force (then what is there moves aside to <data_dir>.replaced-<time>).
 * The restored history gets a new live epoch, so clients that remember seqs
 * of the old one start over with a full welcome. */
gboolean qm_backup_restore (const char  *backup,
                            const char  *data_dir,
                            gboolean     force,
                            char       **out_summary,
                            GError     **error);

G_END_DECLS
