/* qm-meeting-editor-queue.h: the meeting editor's changes, sent to the
 * server one after another in the order they were made.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_EDITOR_QUEUE (qm_meeting_editor_queue_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingEditorQueue, qm_meeting_editor_queue, QM, MEETING_EDITOR_QUEUE, GObject)

/* Builds a request's JSON body when its turn comes (so that it sees the
 * answers to every earlier request); NULL sends none. */
typedef char *(*QmMeetingEditorBodyFunc) (gpointer user_data);

QmMeetingEditorQueue *qm_meeting_editor_queue_new        (QmSession            *session,
                                                          gint64                meeting_id);
QmSession            *qm_meeting_editor_queue_get_session (QmMeetingEditorQueue *self);
gint64                qm_meeting_editor_queue_get_meeting_id (QmMeetingEditorQueue *self);
/* Whether a request is waiting or on its way ("busy" notifies). */
gboolean              qm_meeting_editor_queue_get_busy   (QmMeetingEditorQueue *self);

/* Queues method path (relative to /api/v1/meetings/{mid}, "" for the meeting
 * itself) with json as the body (NULL: none). Requests run one at a time,
 * each after the previous one's callback has run, so that two changes never
 * overtake each other on the way (the order of the agenda, for one, must
 * arrive in the order it was made). Finish with
 * qm_meeting_editor_queue_request_finish. */
void                  qm_meeting_editor_queue_request    (QmMeetingEditorQueue *self,
                                                          const char           *method,
                                                          const char           *path,
                                                          const char           *json,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* The same, with the body made by body_func when the request's turn comes. */
void                  qm_meeting_editor_queue_request_later (QmMeetingEditorQueue  *self,
                                                          const char           *method,
                                                          const char           *path,
                                                          QmMeetingEditorBodyFunc body_func,
                                                          gpointer              body_data,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* The answer's body (empty for 204). */
GBytes               *qm_meeting_editor_queue_request_finish (QmMeetingEditorQueue *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
