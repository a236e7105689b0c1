/* qm-agenda-editor.h: the agenda of one meeting as the secretary builds it:
 * items added, renamed, reordered (drag and drop, Alt+↑/↓), removed with
 * undo, and documents attached to each.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

#include "qm-agenda-editor-row.h"
#include "qm-meeting-editor-queue.h"
#include "qm-uploader.h"

G_BEGIN_DECLS

#define QM_TYPE_AGENDA_EDITOR (qm_agenda_editor_get_type ())
G_DECLARE_FINAL_TYPE (QmAgendaEditor, qm_agenda_editor, QM, AGENDA_EDITOR, AdwBin)

/* Shows agenda (of QmAgendaItem, by position); changes go through queue,
 * files through uploader. */
void                qm_agenda_editor_load         (QmAgendaEditor       *self,
                                                   QmMeetingEditorQueue *queue,
                                                   QmUploader           *uploader,
                                                   GPtrArray            *agenda);
/* Forgets the meeting: pending changes and uploads are cancelled. */
void                qm_agenda_editor_clear        (QmAgendaEditor       *self);
/* The items in agenda order, as last confirmed by the server (the array is
 * new; the items belong to the rows). "changed" tells when it changes. */
GPtrArray          *qm_agenda_editor_get_items    (QmAgendaEditor       *self);
guint               qm_agenda_editor_get_n_items  (QmAgendaEditor       *self);
QmAgendaEditorRow  *qm_agenda_editor_get_row      (QmAgendaEditor       *self,
                                                   guint                 position);
/* Adds an item at the end. */
void                qm_agenda_editor_add_item     (QmAgendaEditor       *self,
                                                   const char           *title);
/* Moves the row at from to position to (both 0-based). */
void                qm_agenda_editor_move         (QmAgendaEditor       *self,
                                                   guint                 from,
                                                   guint                 to);
/* Removes an item at once; its toast offers to undo it. */
void                qm_agenda_editor_remove       (QmAgendaEditor       *self,
                                                   QmAgendaEditorRow    *row);
/* Whether uploads are still under way in any item. */
gboolean            qm_agenda_editor_get_uploading (QmAgendaEditor      *self);

/* Its parts, for tests. */
AdwEntryRow        *qm_agenda_editor_get_new_item_row (QmAgendaEditor   *self);
/* The "Undo" toast of a removed item, while it is offered. */
AdwToast           *qm_agenda_editor_get_undo_toast   (QmAgendaEditor   *self,
                                                       gint64            item_id);

G_END_DECLS
