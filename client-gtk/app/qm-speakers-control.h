/* qm-speakers-control.h: the chair's side of the speakers list — who has the
 * floor and for how long, who waits, and the floor given to the next.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"

G_BEGIN_DECLS

#define QM_TYPE_SPEAKERS_CONTROL (qm_speakers_control_get_type ())
G_DECLARE_FINAL_TYPE (QmSpeakersControl, qm_speakers_control, QM, SPEAKERS_CONTROL, AdwBin)

GtkWidget  *qm_speakers_control_new            (QmMeetingModel    *model,
                                                QmLiveConnection  *live);
/* Whether the buttons that give the floor show (the chair's). */
gboolean    qm_speakers_control_get_can_manage (QmSpeakersControl *self);
void        qm_speakers_control_set_can_manage (QmSpeakersControl *self,
                                                gboolean           can_manage);
/* Minutes a speech may take before its timer turns red. */
int         qm_speakers_control_get_limit      (QmSpeakersControl *self);
void        qm_speakers_control_set_limit      (QmSpeakersControl *self,
                                                int                minutes);
/* The timer as shown ("03:12"), or NULL when no one speaks. */
const char *qm_speakers_control_get_timer_text (QmSpeakersControl *self);
/* Whether the current speech is over the limit. */
gboolean    qm_speakers_control_get_overtime   (QmSpeakersControl *self);

G_END_DECLS
