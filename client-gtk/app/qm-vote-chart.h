/* qm-vote-chart.h: a vote's result as a bar chart — yes, no and abstain as
 * bars with their counts, drawn with cairo.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

#define QM_TYPE_VOTE_CHART (qm_vote_chart_get_type ())
G_DECLARE_FINAL_TYPE (QmVoteChart, qm_vote_chart, QM, VOTE_CHART, GtkDrawingArea)

GtkWidget          *qm_vote_chart_new        (void);
/* NULL shows empty bars. */
void                qm_vote_chart_set_result (QmVoteChart        *self,
                                              const QmVoteResult *result);
/* What the chart draws, or NULL. */
const QmVoteResult *qm_vote_chart_get_result (QmVoteChart        *self);

G_END_DECLS
