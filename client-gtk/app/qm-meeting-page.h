/* qm-meeting-page.h: one meeting — agenda sidebar, the document reader
 * following the presenter, connection state, votes and speakers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-chair-console.h"
#include "qm-document-cache.h"
#include "qm-document-view.h"
#include "qm-follow-state.h"
#include "qm-live-connection.h"
#include "qm-meeting-annotations.h"
#include "qm-meeting-model.h"
#include "qm-speakers-panel.h"
#include "qm-vote-sheet.h"
#include "qm-presenting.h"
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

/* What the open meeting runs on (NULL when closed); for the widgets the page
 * hosts, and for tests. */
QmMeetingModel   *qm_meeting_page_get_model          (QmMeetingPage *self);
QmLiveConnection *qm_meeting_page_get_live           (QmMeetingPage *self);
QmFollowState    *qm_meeting_page_get_follow_state   (QmMeetingPage *self);
QmDocumentView   *qm_meeting_page_get_document_view  (QmMeetingPage *self);
/* Annotating the document in the viewer. */
QmMeetingAnnotations *qm_meeting_page_get_annotations (QmMeetingPage *self);
/* The document in the viewer, or NULL. */
const char       *qm_meeting_page_get_shown_document (QmMeetingPage *self);
QmVoteSheet      *qm_meeting_page_get_vote_sheet     (QmMeetingPage *self);
QmSpeakersPanel  *qm_meeting_page_get_speakers_panel (QmMeetingPage *self);

/* The chair's tools: the console (NULL unless the user is the meeting's
 * chair or secretary), whether it shows, and what sends the presenter's page
 * turns (NULL when closed). */
QmChairConsole   *qm_meeting_page_get_chair_console  (QmMeetingPage *self);
gboolean          qm_meeting_page_get_chair_console_revealed (QmMeetingPage *self);
void              qm_meeting_page_set_chair_console_revealed (QmMeetingPage *self,
                                                              gboolean       revealed);
QmPresenting     *qm_meeting_page_get_presenting     (QmMeetingPage *self);

G_END_DECLS
