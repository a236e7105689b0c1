/* qm-participants-editor.h: who takes part in a meeting and in which role,
 * and who casts whose votes (proxies).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

#include "qm-meeting-editor-queue.h"

G_BEGIN_DECLS

#define QM_TYPE_PARTICIPANTS_EDITOR (qm_participants_editor_get_type ())
G_DECLARE_FINAL_TYPE (QmParticipantsEditor, qm_participants_editor, QM, PARTICIPANTS_EDITOR, AdwBin)

/* Shows participants (of QmParticipant) and fetches the accounts that can
 * be added (GET /api/v1/users); changes go through queue. */
void                 qm_participants_editor_load       (QmParticipantsEditor *self,
                                                        QmMeetingEditorQueue *queue,
                                                        GPtrArray            *participants);
void                 qm_participants_editor_clear      (QmParticipantsEditor *self);
/* The participants as last confirmed by the server (of QmParticipant). */
GPtrArray           *qm_participants_editor_get_participants (QmParticipantsEditor *self);
/* Whether the accounts list has arrived (or failed). */
gboolean             qm_participants_editor_get_accounts_loaded (QmParticipantsEditor *self);

/* What its rows and buttons do. */
void                 qm_participants_editor_add        (QmParticipantsEditor *self,
                                                        gint64                user_id,
                                                        QmMeetingRole         role);
void                 qm_participants_editor_set_role   (QmParticipantsEditor *self,
                                                        gint64                user_id,
                                                        QmMeetingRole         role);
void                 qm_participants_editor_remove     (QmParticipantsEditor *self,
                                                        gint64                user_id);
/* holder 0 ends member's proxy. */
void                 qm_participants_editor_set_proxy  (QmParticipantsEditor *self,
                                                        gint64                member,
                                                        gint64                holder);

G_END_DECLS
