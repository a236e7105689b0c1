/* qm-speakers-panel.h: the speakers list of a meeting — who has the floor
 * and for how long, who waits, the user's place in line, and the button to
 * ask for the floor or give up the request.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"

G_BEGIN_DECLS

#define QM_TYPE_SPEAKERS_PANEL (qm_speakers_panel_get_type ())
G_DECLARE_FINAL_TYPE (QmSpeakersPanel, qm_speakers_panel, QM, SPEAKERS_PANEL, GtkWidget)

GtkWidget *qm_speakers_panel_new  (void);
/* Follows the model's speakers list and sends requests over live; NULL,
 * NULL unbinds. */
void       qm_speakers_panel_bind (QmSpeakersPanel  *self,
                                   QmMeetingModel   *model,
                                   QmLiveConnection *live);

G_END_DECLS
