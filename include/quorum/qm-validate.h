/* qm-validate.h: checks of the small formats the contract fixes (document ids,
 * UUIDs, colours, usernames, times), for the codecs and for path segments.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean qm_is_docid       (const char *text);   /* 64 lowercase hex digits */
gboolean qm_is_uuid        (const char *text);   /* 8-4-4-4-12 hex digits */
gboolean qm_is_color       (const char *text);   /* #rrggbb */
gboolean qm_is_username    (const char *text);   /* 1..64 of A-Z a-z 0-9 . _ - @ */
/* RFC 3339 date-time with a "Z" or numeric offset. */
gboolean qm_is_rfc3339     (const char *text);
/* A path segment that is a wire id: decimal, no sign or leading zero, 1..QM_MAX_ID. */
gboolean qm_parse_id       (const char *text,
                            gint64     *out_id);

/* Now, or a GDateTime, as RFC 3339 UTC with milliseconds: 2026-11-28T09:40:41.123Z */
char    *qm_time_now_rfc3339    (void);
char    *qm_time_format_rfc3339 (GDateTime *time);
/* Parses what qm_is_rfc3339 accepts; NULL otherwise. */
GDateTime *qm_time_parse_rfc3339 (const char *text);

G_END_DECLS
