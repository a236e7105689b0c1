/* qm-agenda-editor-row.h: one agenda item in the editor — its title,
 * description and documents, uploads on their way, and the handles to
 * move or remove it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

#include "qm-meeting-editor-queue.h"
#include "qm-uploader.h"

G_BEGIN_DECLS

#define QM_TYPE_AGENDA_EDITOR_ROW (qm_agenda_editor_row_get_type ())
G_DECLARE_FINAL_TYPE (QmAgendaEditorRow, qm_agenda_editor_row, QM, AGENDA_EDITOR_ROW, AdwExpanderRow)

/* Title, description and documents go to the server through queue; files
 * through uploader, then attached. The row asks its list to move it
 * ("move", a delta: -1 up, +1 down; "drop-row", the row dropped on it) and
 * to remove it ("remove"). */
QmAgendaEditorRow  *qm_agenda_editor_row_new             (QmMeetingEditorQueue *queue,
                                                          QmUploader           *uploader,
                                                          const QmAgendaItem   *item);
const QmAgendaItem *qm_agenda_editor_row_get_item        (QmAgendaEditorRow    *self);
gint64              qm_agenda_editor_row_get_item_id     (QmAgendaEditorRow    *self);
/* The item as the server now has it. */
void                qm_agenda_editor_row_set_item        (QmAgendaEditorRow    *self,
                                                          const QmAgendaItem   *item);
/* Where the row stands in the list (0-based) of n_items. */
guint               qm_agenda_editor_row_get_position    (QmAgendaEditorRow    *self);
void                qm_agenda_editor_row_set_position    (QmAgendaEditorRow    *self,
                                                          guint                 position,
                                                          guint                 n_items);
/* Uploads each file (several at once) and attaches it to the item. */
void                qm_agenda_editor_row_attach_files    (QmAgendaEditorRow    *self,
                                                          GListModel           *files);
/* Uploads still in the row: waiting, sending, attaching or failed. */
GList              *qm_agenda_editor_row_get_upload_rows (QmAgendaEditorRow    *self);
void                qm_agenda_editor_row_cancel_uploads  (QmAgendaEditorRow    *self);

/* Its parts, for tests. */
AdwEntryRow        *qm_agenda_editor_row_get_title_row       (QmAgendaEditorRow *self);
AdwEntryRow        *qm_agenda_editor_row_get_description_row (QmAgendaEditorRow *self);

G_END_DECLS
