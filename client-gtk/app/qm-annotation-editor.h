/* qm-annotation-editor.h: what the user annotates with (the tool, its
 * colour) and every edit they make, with undo and redo, on top of the
 * meeting's QmAnnotationStore. No widget: the page layers and the tool bar
 * share one editor.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-annotation-store.h"
#include "qm-meeting-model.h"

G_BEGIN_DECLS

typedef enum
{
  QM_ANNOTATION_TOOL_NONE,          /* reading: the pages scroll */
  QM_ANNOTATION_TOOL_PEN,
  QM_ANNOTATION_TOOL_HIGHLIGHTER,
  QM_ANNOTATION_TOOL_NOTE,
  QM_ANNOTATION_TOOL_ERASER,
} QmAnnotationTool;

const char *qm_annotation_tool_to_string   (QmAnnotationTool  tool);
gboolean    qm_annotation_tool_from_string (const char       *text,
                                            QmAnnotationTool *out_tool);

/* The swatches of the tool bar, "#rrggbb". */
extern const char * const qm_annotation_colors[];
#define QM_N_ANNOTATION_COLORS 6

#define QM_TYPE_ANNOTATION_EDITOR (qm_annotation_editor_get_type ())
G_DECLARE_FINAL_TYPE (QmAnnotationEditor, qm_annotation_editor, QM, ANNOTATION_EDITOR, GObject)

QmAnnotationEditor *qm_annotation_editor_new          (void);

/* The store edits go to (NULL: none, nothing can be edited); model, when
 * given, names the authors. Forgets the undo history. */
void                qm_annotation_editor_set_store    (QmAnnotationEditor *self,
                                                       QmAnnotationStore  *store,
                                                       QmMeetingModel     *model);
QmAnnotationStore  *qm_annotation_editor_get_store    (QmAnnotationEditor *self);
/* The document on screen (its id), which new annotations go on. */
void                qm_annotation_editor_set_document (QmAnnotationEditor *self,
                                                       const char         *doc);
const char         *qm_annotation_editor_get_document (QmAnnotationEditor *self);

QmAnnotationTool    qm_annotation_editor_get_tool     (QmAnnotationEditor *self);
void                qm_annotation_editor_set_tool     (QmAnnotationEditor *self,
                                                       QmAnnotationTool    tool);
/* The colour of the current tool (the pen's and the highlighter's are
 * kept apart: a red pen and a yellow highlighter). */
const char         *qm_annotation_editor_get_color    (QmAnnotationEditor *self);
void                qm_annotation_editor_set_color    (QmAnnotationEditor *self,
                                                       const char         *color);
const char         *qm_annotation_editor_get_tool_color (QmAnnotationEditor *self,
                                                         QmAnnotationTool    tool);
/* The pen's width in points. */
double              qm_annotation_editor_get_pen_width (QmAnnotationEditor *self);

/* Once a stylus has drawn, fingers scroll and only the stylus draws. */
gboolean            qm_annotation_editor_get_stylus_seen (QmAnnotationEditor *self);
void                qm_annotation_editor_set_stylus_seen (QmAnnotationEditor *self,
                                                          gboolean            seen);

gint64              qm_annotation_editor_get_user_id  (QmAnnotationEditor *self);
gboolean            qm_annotation_editor_is_own       (QmAnnotationEditor *self,
                                                       const QmAnnotation *annotation);
/* The author's name as the meeting knows it, or NULL. */
const char         *qm_annotation_editor_get_author_name (QmAnnotationEditor *self,
                                                          gint64              author);

/* Edits through the store, each undoable. put returns the id (NULL with
 * error: the edit was refused and nothing changed). Between begin_group and
 * end_group, edits undo as one (an eraser stroke over several). */
char               *qm_annotation_editor_put          (QmAnnotationEditor *self,
                                                       const QmAnnotation *annotation,
                                                       GError            **error);
gboolean            qm_annotation_editor_remove       (QmAnnotationEditor *self,
                                                       const char         *id,
                                                       GError            **error);
void                qm_annotation_editor_begin_group  (QmAnnotationEditor *self);
void                qm_annotation_editor_end_group    (QmAnnotationEditor *self);

gboolean            qm_annotation_editor_get_can_undo (QmAnnotationEditor *self);
gboolean            qm_annotation_editor_get_can_redo (QmAnnotationEditor *self);
gboolean            qm_annotation_editor_undo         (QmAnnotationEditor *self);
gboolean            qm_annotation_editor_redo         (QmAnnotationEditor *self);

/* Tells the user something through the "message" signal (a toast). */
void                qm_annotation_editor_report       (QmAnnotationEditor *self,
                                                       const char         *message);

/*
 * Signals
 *
 * "changed" (const char *doc, gint64 page): the store's, passed on; doc
 *   NULL when every page changed (the authors' names came).
 * "message" (const char *text): something to tell the user in a toast (a
 *   conflict, a refusal), translated.
 */

G_END_DECLS
