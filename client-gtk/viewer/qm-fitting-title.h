/* qm-fitting-title.h
 *
 * A header bar's title that steps aside when there is no room for it.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QM_TYPE_FITTING_TITLE (qm_fitting_title_get_type ())

G_DECLARE_FINAL_TYPE (QmFittingTitle, qm_fitting_title, QM, FITTING_TITLE, AdwBin)

GtkWidget *qm_fitting_title_new       (void);
/* Whether the child had room to show at the last allocation. */
gboolean   qm_fitting_title_get_shown (QmFittingTitle *self);

G_END_DECLS
