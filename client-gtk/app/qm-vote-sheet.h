/* qm-vote-sheet.h: the voting sheet over the document — one card per open
 * vote the user may cast in (their own ballot and those of the members whose
 * proxies they hold), then each vote's result until dismissed.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"

G_BEGIN_DECLS

#define QM_TYPE_VOTE_SHEET (qm_vote_sheet_get_type ())
G_DECLARE_FINAL_TYPE (QmVoteSheet, qm_vote_sheet, QM, VOTE_SHEET, GtkWidget)

/* The sheet is meant to lie over the document, filling it (a GtkOverlay's
 * overlay child): it places its card itself — a bottom sheet when the area
 * is portrait or narrow, a centred card otherwise — and lets taps elsewhere
 * through to the document. */
GtkWidget *qm_vote_sheet_new        (void);
/* Follows the model's votes and casts over live; NULL, NULL unbinds. */
void       qm_vote_sheet_bind       (QmVoteSheet      *self,
                                     QmMeetingModel   *model,
                                     QmLiveConnection *live);
/* Whether the sheet has something to show: a vote the user may cast in, or
 * a result not yet dismissed. */
gboolean   qm_vote_sheet_get_active (QmVoteSheet      *self);

G_END_DECLS
