/* qm-live.h: the live meeting channel: WebSocket connections, one room per
 * meeting, and the hooks by which HTTP changes reach them.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

typedef struct _QmServices QmServices;

#define QM_TYPE_LIVE (qm_live_get_type ())
G_DECLARE_FINAL_TYPE (QmLive, qm_live, QM, LIVE, GObject)

QmLive  *qm_live_new                  (const QmServices  *services);

/* GET /api/v1/meetings/{mid}/live: checks the handshake and takes over the
 * connection once the 101 answer is written. */
void     qm_live_upgrade              (QmLive            *self,
                                       SoupServerMessage *message,
                                       gint64             meeting_id);

/* HTTP changes, after they are committed and before the HTTP reply. */
void     qm_live_agenda_changed       (QmLive            *self,
                                       gint64             meeting_id);
void     qm_live_participants_changed (QmLive            *self,
                                       gint64             meeting_id);
/* The token stopped working (logout): its connections close with 4401. */
void     qm_live_token_revoked        (QmLive            *self,
                                       const guint8      *token_hash);

/* Closes every connection with 1001 after flushing, saves each room's
 * presenter position, and returns once done or after timeout_ms. */
void     qm_live_shutdown             (QmLive            *self,
                                       guint              timeout_ms);

/* For tests and benchmarks: live connections now. */
guint    qm_live_count_connections    (QmLive            *self);
/* For the status report: a line on the connections and how they are written. */
char    *qm_live_describe             (QmLive            *self);

G_END_DECLS
