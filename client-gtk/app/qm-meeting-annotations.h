/* qm-meeting-annotations.h: annotating in the meeting page — the meeting's
 * annotation store, the editor, a layer over each page of the document on
 * screen, the Annotate button, the tool bar, the "annotate" actions with
 * their shortcuts (Ctrl+Z, Ctrl+Shift+Z), and toasts for what the server
 * refused.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "qm-annotation-editor.h"
#include "qm-annotation-layer.h"
#include "qm-annotation-store.h"
#include "qm-document-view.h"
#include "qm-live-connection.h"
#include "qm-meeting-model.h"
#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_ANNOTATIONS (qm_meeting_annotations_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingAnnotations, qm_meeting_annotations, QM, MEETING_ANNOTATIONS, GObject)

/* host gets the "annotate" actions and shortcuts; view the Annotate button
 * and the page layers; the tool bar goes into bar_box after bar_sibling. */
QmMeetingAnnotations *qm_meeting_annotations_new          (GtkWidget            *host,
                                                           QmDocumentView       *view,
                                                           GtkBox               *bar_box,
                                                           GtkWidget            *bar_sibling);
/* Opens the meeting's store and follows live with it: call before live is
 * started. db_path NULL is the default database. */
void                  qm_meeting_annotations_open         (QmMeetingAnnotations *self,
                                                           const char           *db_path,
                                                           QmSession            *session,
                                                           QmLiveConnection     *live,
                                                           QmMeetingModel       *model,
                                                           gint64                meeting_id);
void                  qm_meeting_annotations_close        (QmMeetingAnnotations *self);
/* The viewer now shows doc (NULL: nothing): layers go on its pages. */
void                  qm_meeting_annotations_set_document (QmMeetingAnnotations *self,
                                                           const char           *doc);

QmAnnotationStore    *qm_meeting_annotations_get_store    (QmMeetingAnnotations *self);
QmAnnotationEditor   *qm_meeting_annotations_get_editor   (QmMeetingAnnotations *self);
/* The revealer of the tool bar (revealed while annotating). */
GtkWidget            *qm_meeting_annotations_get_tool_bar (QmMeetingAnnotations *self);
/* The layer over page (1-based) of the document shown, or NULL. */
QmAnnotationLayer    *qm_meeting_annotations_get_layer    (QmMeetingAnnotations *self,
                                                           guint                 page);

G_END_DECLS
