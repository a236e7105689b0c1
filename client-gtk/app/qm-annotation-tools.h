/* qm-annotation-tools.h: the bar under the pages while annotating: pen,
 * highlighter, sticky note, eraser, six colours, undo, redo and Done. Its
 * buttons drive the "annotate" actions of the widget it lives in.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define QM_TYPE_ANNOTATION_TOOLS (qm_annotation_tools_get_type ())
G_DECLARE_FINAL_TYPE (QmAnnotationTools, qm_annotation_tools, QM, ANNOTATION_TOOLS, GtkBox)

GtkWidget *qm_annotation_tools_new (void);

G_END_DECLS
