/* qm-vote-control.h: the chair's votes — compose and open one, watch the
 * ballots come in, close it, and show the result with its chart and, for a
 * named vote, the roll-call.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"
#include "qm-session.h"
#include "qm-vote-chart.h"

G_BEGIN_DECLS

#define QM_TYPE_VOTE_CONTROL (qm_vote_control_get_type ())
G_DECLARE_FINAL_TYPE (QmVoteControl, qm_vote_control, QM, VOTE_CONTROL, AdwBin)

GtkWidget        *qm_vote_control_new              (QmMeetingModel   *model,
                                                    QmLiveConnection *live,
                                                    QmSession        *session);
/* Whether the chair's buttons show (compose, open, close). */
gboolean          qm_vote_control_get_can_manage   (QmVoteControl    *self);
void              qm_vote_control_set_can_manage   (QmVoteControl    *self,
                                                    gboolean          can_manage);
/* Fills the form as the chair would (item 0: none); "vote.open" sends it. */
void              qm_vote_control_compose          (QmVoteControl    *self,
                                                    const char       *question,
                                                    gint64            item,
                                                    gboolean          secret,
                                                    QmMajority        majority);
/* The vote shown (open, or closed with its result), or NULL. */
const QmVote     *qm_vote_control_get_vote         (QmVoteControl    *self);
/* "compose", "idle", "open" or "result". */
const char       *qm_vote_control_get_state        (QmVoteControl    *self);
QmVoteChart      *qm_vote_control_get_chart        (QmVoteControl    *self);
/* The question asked before opening a vote without quorum, while it shows. */
AdwMessageDialog *qm_vote_control_get_confirmation (QmVoteControl    *self);
/* Whether the roll-call of the vote shown has arrived. */
gboolean          qm_vote_control_get_has_roll_call (QmVoteControl   *self);

G_END_DECLS
