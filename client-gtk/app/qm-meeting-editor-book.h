/* qm-meeting-editor-book.h: the board book preview — every document of the
 * agenda in order, with a table of contents, read in the document viewer.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

#include "qm-document-cache.h"
#include "qm-document-view.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_EDITOR_BOOK (qm_meeting_editor_book_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingEditorBook, qm_meeting_editor_book, QM, MEETING_EDITOR_BOOK, AdwBin)

/* Shows the contents of items (of QmAgendaItem, in agenda order); documents
 * open from cache. Emits "close" when the user goes back. */
void            qm_meeting_editor_book_show          (QmMeetingEditorBook *self,
                                                      QmDocumentCache     *cache,
                                                      const char          *meeting_title,
                                                      GPtrArray           *items);
void            qm_meeting_editor_book_clear         (QmMeetingEditorBook *self);
/* Opens one of the documents in the viewer. */
void            qm_meeting_editor_book_open_document (QmMeetingEditorBook *self,
                                                      const char          *docid);
/* The documents and pages in the book. */
guint           qm_meeting_editor_book_get_n_documents (QmMeetingEditorBook *self);
gint64          qm_meeting_editor_book_get_n_pages   (QmMeetingEditorBook *self);
/* The document shown, once loaded, or NULL. */
const char     *qm_meeting_editor_book_get_shown_document (QmMeetingEditorBook *self);
QmDocumentView *qm_meeting_editor_book_get_view      (QmMeetingEditorBook *self);

G_END_DECLS
