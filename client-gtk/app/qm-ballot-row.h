/* qm-ballot-row.h: one ballot of one vote — the user's own, or one cast for
 * a member whose proxy they hold: choose, confirm, send, and what came of it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"

G_BEGIN_DECLS

typedef enum
{
  QM_BALLOT_STATE_CHOOSING,   /* the three choices */
  QM_BALLOT_STATE_CONFIRMING, /* a choice made: Confirm or Change */
  QM_BALLOT_STATE_SENDING,    /* sent, waiting for the reply */
  QM_BALLOT_STATE_RECORDED,   /* the server holds a ballot for it */
  QM_BALLOT_STATE_FAILED,     /* not sent, or refused */
} QmBallotState;

#define QM_TYPE_BALLOT_ROW (qm_ballot_row_get_type ())
G_DECLARE_FINAL_TYPE (QmBallotRow, qm_ballot_row, QM, BALLOT_ROW, GtkWidget)

/* for_user 0 is the user's own ballot (vote.cast); otherwise the member
 * whose proxy the user holds (vote.cast.proxy), named for_name. */
GtkWidget     *qm_ballot_row_new          (QmLiveConnection *live,
                                           gint64            vote_id,
                                           gboolean          secret,
                                           gint64            for_user,
                                           const char       *for_name);
gint64         qm_ballot_row_get_for_user (QmBallotRow      *self);
QmBallotState  qm_ballot_row_get_state    (QmBallotRow      *self);
/* Whether the row says whose ballot it is ("Your vote", "For …"): only
 * needed when the user holds more than one. */
void           qm_ballot_row_set_show_owner (QmBallotRow    *self,
                                             gboolean        show_owner);

G_END_DECLS
