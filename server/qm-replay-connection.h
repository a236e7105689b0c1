/* qm-replay-connection.h: a TCP connection whose reads first give back bytes
 * that were already read from it, so that libsoup can take over a connection
 * after the lean HTTP path (qm-fast-http.c) looked at its first bytes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define QM_TYPE_REPLAY_CONNECTION (qm_replay_connection_get_type ())
G_DECLARE_FINAL_TYPE (QmReplayConnection, qm_replay_connection, QM, REPLAY_CONNECTION,
                      GTcpConnection)

/* A connection on socket whose input stream yields replay (may be NULL or
 * empty) before anything the socket still holds. */
GIOStream *qm_replay_connection_new (GSocket *socket,
                                     GBytes  *replay);

G_END_DECLS
