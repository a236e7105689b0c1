/* qm-test-live.h: a test client for the live channel of a running
 * quorum-server, with hard-timeout waits and raw WebSocket framing.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-test-server.h"

G_BEGIN_DECLS

/* Every wait for a message or a close gives up (and fails the test) after this. */
#define QM_TEST_LIVE_TIMEOUT_SECONDS 30

typedef struct _QmTestLive QmTestLive;

/* Opens ws://…/api/v1/meetings/{mid}/live with the subprotocol quorum.v1 and
 * sends nothing. Every client runs in the thread-default main context. */
QmTestLive *qm_test_live_connect      (QmTestServer *server,
                                       gint64        meeting_id);
/* Connects, says hello with token and waits for the welcome (asserted). */
QmTestLive *qm_test_live_join         (QmTestServer *server,
                                       gint64        meeting_id,
                                       const char   *token);
void        qm_test_live_free         (QmTestLive   *self);

void        qm_test_live_send         (QmTestLive   *self,
                                       const char   *json);
void        qm_test_live_sendf        (QmTestLive   *self,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (2, 3);
void        qm_test_live_send_binary  (QmTestLive   *self,
                                       gconstpointer data,
                                       gsize         length);
/* resume_from < 0 and epoch NULL leave them out. */
void        qm_test_live_send_hello   (QmTestLive   *self,
                                       const char   *token,
                                       gint64        resume_from,
                                       const char   *epoch);

/* The next message (waited for, asserted to arrive and to parse as a server
 * message); the caller owns it. */
QmMessage  *qm_test_live_next         (QmTestLive   *self);
/* The next message within timeout_ms, or NULL (nothing came, or closed). */
QmMessage  *qm_test_live_try_next     (QmTestLive   *self,
                                       guint         timeout_ms);
/* Takes the first message of this type, waiting for one if none is queued;
 * the messages before it stay queued. */
QmMessage  *qm_test_live_wait_type    (QmTestLive   *self,
                                       QmMessageType type);
/* The same for the reply, error or pong whose re is the integer id. */
QmMessage  *qm_test_live_wait_re      (QmTestLive   *self,
                                       gint64        id);
/* Waits until the connection closes and drops what is queued; returns the
 * peer's close code (1006 when it ended without one). */
guint16     qm_test_live_wait_close   (QmTestLive   *self);
/* Sends a command with this integer id and returns its answer (see wait_re). */
QmMessage  *qm_test_live_command      (QmTestLive   *self,
                                       gint64        id,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (3, 4);
/* Like command, and asserts an error with this code. */
void        qm_test_live_expect_error (QmTestLive   *self,
                                       gint64        id,
                                       const char   *code,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (4, 5);

gboolean    qm_test_live_is_closed    (QmTestLive   *self);
/* Messages received and not yet taken. */
guint       qm_test_live_n_queued     (QmTestLive   *self);
/* The raw text of the message last returned by next/wait. */
const char *qm_test_live_last_raw     (QmTestLive   *self);
/* The welcome (the first message, if it was one); owned by the client. */
QmMessage  *qm_test_live_get_welcome  (QmTestLive   *self);
/* The seq of every event received so far, in arrival order (taken or not). */
GArray     *qm_test_live_get_seqs     (QmTestLive   *self);
/* Iterates the thread-default context until *flag or the hard timeout. */
gboolean    qm_test_live_iterate_until (gboolean    *flag,
                                        guint        timeout_ms);

/* A raw TCP connection that did the WebSocket upgrade by hand, for framing
 * tests and for readers that never read. Blocking, with a hard timeout. */
typedef struct _QmTestRawWs QmTestRawWs;

/* receive_buffer > 0 sets SO_RCVBUF before connecting. */
QmTestRawWs *qm_test_raw_ws_connect   (QmTestServer *server,
                                       gint64        meeting_id,
                                       int           receive_buffer);
void         qm_test_raw_ws_free      (QmTestRawWs  *self);
/* One client frame (masked). */
void         qm_test_raw_ws_send_frame (QmTestRawWs *self,
                                        gboolean     fin,
                                        guint8       opcode,
                                        gconstpointer payload,
                                        gsize        length);
/* Reads the next server frame; FALSE at end of stream or timeout. */
gboolean     qm_test_raw_ws_read_frame (QmTestRawWs *self,
                                        guint8      *out_opcode,
                                        GBytes     **out_payload);
/* Reads frames until a close frame (returns its code) or the end (1006). */
guint16      qm_test_raw_ws_wait_close (QmTestRawWs *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmTestLive, qm_test_live_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmTestRawWs, qm_test_raw_ws_free)

G_END_DECLS
