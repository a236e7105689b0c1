/* qm-meeting-editor.h: the secretary's workspace for one meeting — its
 * details, participants and agenda, and the board book preview.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

#include "qm-agenda-editor.h"
#include "qm-document-cache.h"
#include "qm-meeting-editor-book.h"
#include "qm-participants-editor.h"
#include "qm-session.h"
#include "qm-uploader.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_EDITOR (qm_meeting_editor_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingEditor, qm_meeting_editor, QM, MEETING_EDITOR, AdwBin)

/* Edits meeting meeting_id, or prepares a new one (0) that Save creates.
 * Details are saved with Save; participants and agenda changes go to the
 * server as they are made. The back button leaves through "win.show-meetings". */
void                  qm_meeting_editor_open        (QmMeetingEditor *self,
                                                     QmSession       *session,
                                                     QmDocumentCache *cache,
                                                     gint64           meeting_id);
/* Cancels what is under way and forgets the meeting. */
void                  qm_meeting_editor_close       (QmMeetingEditor *self);
/* 0 for a meeting not created yet ("meeting-id" notifies). */
gint64                qm_meeting_editor_get_meeting_id (QmMeetingEditor *self);
/* The meeting's details as last saved or loaded, or NULL. */
const QmMeeting      *qm_meeting_editor_get_meeting (QmMeetingEditor *self);
/* Whether it is loading, saving, sending changes or uploading ("busy"). */
gboolean              qm_meeting_editor_get_busy    (QmMeetingEditor *self);
/* "loading", "error" or "editor" (with the book as "book"). */
const char           *qm_meeting_editor_get_view_name (QmMeetingEditor *self);
QmUploader           *qm_meeting_editor_get_uploader (QmMeetingEditor *self);

/* Its parts, for tests and the screenshot program. */
AdwEntryRow          *qm_meeting_editor_get_title_row     (QmMeetingEditor *self);
AdwEntryRow          *qm_meeting_editor_get_location_row  (QmMeetingEditor *self);
GtkCalendar          *qm_meeting_editor_get_calendar      (QmMeetingEditor *self);
GtkSpinButton        *qm_meeting_editor_get_hour_spin     (QmMeetingEditor *self);
GtkSpinButton        *qm_meeting_editor_get_minute_spin   (QmMeetingEditor *self);
GtkLabel             *qm_meeting_editor_get_error_label   (QmMeetingEditor *self);
AdwViewStack         *qm_meeting_editor_get_view_stack    (QmMeetingEditor *self);
QmAgendaEditor       *qm_meeting_editor_get_agenda_editor (QmMeetingEditor *self);
QmParticipantsEditor *qm_meeting_editor_get_participants_editor (QmMeetingEditor *self);
QmMeetingEditorBook  *qm_meeting_editor_get_book          (QmMeetingEditor *self);

G_END_DECLS
