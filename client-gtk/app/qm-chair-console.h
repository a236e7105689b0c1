/* qm-chair-console.h: the chair's console beside the document — who is
 * here and the quorum, the presenter role, votes, the speakers list and the
 * minutes. The meeting secretary sees it too, without the chair's buttons.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"
#include "qm-session.h"
#include "qm-speakers-control.h"
#include "qm-vote-control.h"

G_BEGIN_DECLS

#define QM_TYPE_CHAIR_CONSOLE (qm_chair_console_get_type ())
G_DECLARE_FINAL_TYPE (QmChairConsole, qm_chair_console, QM, CHAIR_CONSOLE, AdwBin)

/* Whether a meeting role gets the console: chair and secretary. */
gboolean           qm_chair_console_role_allowed         (QmMeetingRole     role);

/* settings (optional) keeps the speaking time limit. */
GtkWidget         *qm_chair_console_new                  (QmSession        *session,
                                                          QmLiveConnection *live,
                                                          QmMeetingModel   *model,
                                                          GSettings        *settings);
QmVoteControl     *qm_chair_console_get_vote_control     (QmChairConsole   *self);
QmSpeakersControl *qm_chair_console_get_speakers_control (QmChairConsole   *self);

/* GET …/minutes.pdf into file (replaced). "console.download-minutes" asks
 * where with a save dialog, then opens the file it saved. */
void               qm_chair_console_save_minutes_async   (QmChairConsole   *self,
                                                          GFile            *file,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
gboolean           qm_chair_console_save_minutes_finish  (QmChairConsole   *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

G_END_DECLS
