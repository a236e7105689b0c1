/* qm-meeting-page.h: one meeting — agenda sidebar, the document reader
 * following the presenter, connection state, votes and speakers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-document-cache.h"
#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_PAGE (qm_meeting_page_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingPage, qm_meeting_page, QM, MEETING_PAGE, AdwBin)

void   qm_meeting_page_open           (QmMeetingPage   *self,
                                       QmSession       *session,
                                       QmDocumentCache *cache,
                                       GSettings       *settings,
                                       gint64           meeting_id);
/* Stops the live channel and downloads; the page shows nothing. */
void   qm_meeting_page_close          (QmMeetingPage   *self);
gint64 qm_meeting_page_get_meeting_id (QmMeetingPage   *self);

G_END_DECLS
