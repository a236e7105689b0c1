/* qm-live-connection.h: the live channel of one meeting, kept up by itself:
 * hello and resume, every server message as a signal, commands with replies,
 * pings, and reconnection with backoff.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_LIVE_CONNECTION (qm_live_connection_get_type ())
G_DECLARE_FINAL_TYPE (QmLiveConnection, qm_live_connection, QM, LIVE_CONNECTION, GObject)

typedef enum
{
  QM_LIVE_STATE_OFFLINE,       /* not started, or stopped (see the stop reason) */
  QM_LIVE_STATE_CONNECTING,    /* the first connection since start */
  QM_LIVE_STATE_ONLINE,        /* welcomed: events flow */
  QM_LIVE_STATE_RECONNECTING,  /* dropped; waiting for the next try or trying */
} QmLiveState;

typedef enum
{
  QM_LIVE_STOP_NONE,           /* running, or never started */
  QM_LIVE_STOP_REQUESTED,      /* qm_live_connection_stop () */
  QM_LIVE_STOP_TOKEN_INVALID,  /* 4401, or no token: sign in again */
  QM_LIVE_STOP_FORBIDDEN,      /* 4403: not (or no longer) a participant */
  QM_LIVE_STOP_PROTOCOL,       /* 4400 on every try: the server refuses this client */
  QM_LIVE_STOP_CERTIFICATE,    /* the server's certificate is not the pinned one
                                * (last error: QM_CERTIFICATE_ERROR) */
} QmLiveStopReason;

/* Defaults; qm_live_connection_set_timing changes them (tests). */
#define QM_LIVE_INITIAL_BACKOFF_MS   500
#define QM_LIVE_MAX_BACKOFF_MS       30000
#define QM_LIVE_PING_INTERVAL_MS     15000
#define QM_LIVE_PONG_TIMEOUT_MS      10000
#define QM_LIVE_COMMAND_TIMEOUT_MS   15000
/* 4400 closes in a row, with no welcome between them, before giving up. */
#define QM_LIVE_MAX_PROTOCOL_CLOSES  5

QmLiveConnection *qm_live_connection_new             (QmSession         *session,
                                                      gint64             meeting_id);

QmSession        *qm_live_connection_get_session     (QmLiveConnection  *self);
gint64            qm_live_connection_get_meeting_id  (QmLiveConnection  *self);
QmLiveState       qm_live_connection_get_state       (QmLiveConnection  *self);
QmLiveStopReason  qm_live_connection_get_stop_reason (QmLiveConnection  *self);
/* Why the last attempt failed or the last connection dropped (QM_CLIENT_ERROR,
 * or QM_CERTIFICATE_ERROR with QM_LIVE_STOP_CERTIFICATE), or NULL. */
const GError     *qm_live_connection_get_last_error  (QmLiveConnection  *self);
/* The latest seq seen, and the epoch of the last welcome (NULL before one). */
gint64            qm_live_connection_get_seq         (QmLiveConnection  *self);
const char       *qm_live_connection_get_epoch       (QmLiveConnection  *self);
/* Milliseconds until the next try while reconnecting, else 0. */
guint             qm_live_connection_get_retry_delay (QmLiveConnection  *self);
/* Connection attempts made since the last welcome. */
guint             qm_live_connection_get_attempts    (QmLiveConnection  *self);

/* 0 keeps a value as it is. */
void              qm_live_connection_set_timing      (QmLiveConnection  *self,
                                                      guint              initial_backoff_ms,
                                                      guint              max_backoff_ms,
                                                      guint              ping_interval_ms,
                                                      guint              pong_timeout_ms,
                                                      guint              command_timeout_ms);

/* Connects and stays connected until stop, 4401, 4403, 4400 or a refused
 * certificate. Starting a
 * stopped connection resumes from the seq it had. */
void              qm_live_connection_start           (QmLiveConnection  *self);
void              qm_live_connection_stop            (QmLiveConnection  *self);
/* While reconnecting: try now instead of waiting out the backoff. */
void              qm_live_connection_reconnect_now   (QmLiveConnection  *self);

/* Sends a command without an id (its effect shows in events). */
gboolean          qm_live_connection_send            (QmLiveConnection  *self,
                                                      const QmMessage   *command,
                                                      GError           **error);
/* Sends a copy of command with a fresh id; finishes with the reply (or pong).
 * An error answer becomes QM_PROTOCOL_ERROR with its code (rate_limited:
 * QM_CLIENT_ERROR_RATE_LIMITED); no answer in time: QM_CLIENT_ERROR_TIMED_OUT;
 * offline or dropped before the answer: QM_CLIENT_ERROR_DISCONNECTED. */
void              qm_live_connection_send_async      (QmLiveConnection  *self,
                                                      const QmMessage   *command,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
QmMessage        *qm_live_connection_send_finish     (QmLiveConnection  *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* The same, and when the server answered with an error, *out_error receives
 * a copy of that error message (with whatever it carries besides its code,
 * such as the stored annotation of a conflict); otherwise NULL. out_error may
 * be NULL. */
QmMessage        *qm_live_connection_send_finish_full (QmLiveConnection  *self,
                                                      GAsyncResult      *result,
                                                      QmMessage        **out_error,
                                                      GError           **error);

G_END_DECLS
