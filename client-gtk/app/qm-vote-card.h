/* qm-vote-card.h: one vote on the voting sheet — its question, agenda item,
 * progress, the user's ballots, and its result once closed.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"

G_BEGIN_DECLS

#define QM_TYPE_VOTE_CARD (qm_vote_card_get_type ())
G_DECLARE_FINAL_TYPE (QmVoteCard, qm_vote_card, QM, VOTE_CARD, GtkWidget)

GtkWidget *qm_vote_card_new         (QmLiveConnection *live,
                                     const QmVote     *vote);
/* for_user 0: the user's own ballot; else the member whose proxy they hold. */
void       qm_vote_card_add_ballot  (QmVoteCard       *self,
                                     gint64            for_user,
                                     const char       *for_name);
gint64     qm_vote_card_get_vote_id (QmVoteCard       *self);
/* Whether it shows a result (the vote closed). */
gboolean   qm_vote_card_get_closed  (QmVoteCard       *self);
/* Takes the vote's latest numbers and status; item_label names its agenda
 * item, or NULL. */
void       qm_vote_card_update      (QmVoteCard       *self,
                                     const QmVote     *vote,
                                     const char       *item_label);

G_END_DECLS
