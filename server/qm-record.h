/* qm-record.h: each meeting's tamper-evident record: a SHA-256 hash chain of
 * the events that matter (attendance, votes, proxies, the floor), with vote
 * results and the chain head signed by the server's Ed25519 key.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "qm-db.h"

G_BEGIN_DECLS

/* Loads <data_dir>/record-key, making one on first start. */
gboolean qm_record_load_key  (const char  *data_dir,
                              GError     **error);
/* The public key, hex, or NULL before loading. */
char    *qm_record_public_key (void);

/* On the writer thread, inside the change's transaction: appends an entry
 * (kind and the body object, which gets "type" and is taken) to the
 * meeting's chain; sign also signs the entry's hash. */
gboolean _qm_record_append   (QmDb        *db,
                              gint64       meeting_id,
                              const char  *kind,
                              JsonObject  *body,
                              gboolean     sign,
                              GError     **error);

/* Re-checks a meeting's chain and signatures; report says what holds or
 * which entry breaks. */
gboolean qm_record_verify    (QmDb        *db,
                              gint64       meeting_id,
                              GString     *report);

G_END_DECLS
