/* qm-limits.h: every size and range limit of the wire protocol, in one place.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A client message over this many bytes closes the live connection (4400). */
#define QM_MAX_CLIENT_MESSAGE_BYTES  (64 * 1024)
/* A sanity bound for what a client accepts from a server. */
#define QM_MAX_SERVER_MESSAGE_BYTES  (64 * 1024 * 1024)
/* Deepest nesting of arrays and objects accepted in any JSON text. */
#define QM_MAX_JSON_DEPTH            32

/* Ids are positive and exact in an IEEE double, so JavaScript clients keep them. */
#define QM_MAX_ID                    G_GINT64_CONSTANT (9007199254740991)
#define QM_MAX_PAGE                  100000
#define QM_MAX_PAGE_POINTS           14400.0   /* the largest PDF page, 200 inches */

/* Character (not byte) limits of strings. */
#define QM_MAX_USERNAME_CHARS        64
#define QM_MAX_LOGIN_NAME_CHARS      256    /* what a login may try */
#define QM_MAX_DISPLAY_NAME_CHARS    200
#define QM_MIN_PASSWORD_CHARS        8
#define QM_MAX_PASSWORD_BYTES        1024
#define QM_MAX_TOKEN_BYTES           512
#define QM_MAX_EPOCH_BYTES           64
#define QM_MAX_TITLE_CHARS           300
#define QM_MAX_LOCATION_CHARS        300
#define QM_MAX_DESCRIPTION_CHARS     10000
#define QM_MAX_QUESTION_CHARS        1000
#define QM_MAX_NOTE_CHARS            4000
#define QM_MAX_DOCUMENT_NAME_CHARS   255
#define QM_MAX_MESSAGE_CHARS         1000
#define QM_MAX_VERSION_CHARS         64
#define QM_MAX_FEATURES              64
#define QM_MAX_COMMAND_ID_CHARS      128

/* Annotations. */
#define QM_MAX_INK_STROKES           500
#define QM_MAX_INK_POINTS            8000   /* over all strokes of one annotation */
#define QM_MAX_INK_WIDTH             100.0
#define QM_MAX_HIGHLIGHT_QUADS       1000

#define QM_DOCID_LENGTH              64
#define QM_UUID_LENGTH               36

G_END_DECLS
