/* qm-test-files.h: files for upload tests — heavy PDFs that take a while to
 * send, and a scratch folder to write them to.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real one-page PDF (drawn with cairo) of at least min_bytes: a picture of
 * random noise, which no compression shrinks. seed changes the bytes. */
GBytes *qm_test_make_heavy_pdf (gsize       min_bytes,
                                const char *title,
                                guint       seed);
/* Writes bytes to dir/name; returns the path. */
char   *qm_test_write_file     (const char *dir,
                                const char *name,
                                GBytes     *bytes);
/* Removes a scratch folder and the files in it (one level). */
void    qm_test_remove_dir     (const char *dir);

G_END_DECLS
