/* qm-meetings-page.h: the signed-in user's meetings, upcoming first.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETINGS_PAGE (qm_meetings_page_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingsPage, qm_meetings_page, QM, MEETINGS_PAGE, AdwBin)

void qm_meetings_page_set_session (QmMeetingsPage *self,
                                   QmSession      *session);
/* Fetches the list again. Emits "meeting-activated" (gint64 meeting id) when
 * the user opens one. */
void qm_meetings_page_reload      (QmMeetingsPage *self);

G_END_DECLS
