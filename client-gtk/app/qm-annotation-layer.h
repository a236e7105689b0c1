/* qm-annotation-layer.h: the annotations of one page, drawn over it at its
 * zoom, and the pen, highlighter, note and eraser at work on it.
 *
 * A layer is a QmPageView's overlay (qm_page_view_set_overlay). Input comes
 * from its gestures, or from the press/motion/release functions below, which
 * the gestures call with the same widget coordinates.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "qm-annotation-editor.h"
#include "qm-annotation-popover.h"
#include "qm-text-layout.h"

G_BEGIN_DECLS

#define QM_TYPE_ANNOTATION_LAYER (qm_annotation_layer_get_type ())
G_DECLARE_FINAL_TYPE (QmAnnotationLayer, qm_annotation_layer, QM, ANNOTATION_LAYER, GtkWidget)

/* page is 1-based; its size in points. layout (nullable) snaps the
 * highlighter to words. */
GtkWidget           *qm_annotation_layer_new         (QmAnnotationEditor *editor,
                                                      QmTextLayout       *layout,
                                                      guint               page,
                                                      double              page_width,
                                                      double              page_height);
guint                qm_annotation_layer_get_page    (QmAnnotationLayer  *self);
/* Logical pixels per point, as the page is shown. */
double               qm_annotation_layer_get_zoom    (QmAnnotationLayer  *self);
/* Widget coordinates to page points, kept on the page. */
void                 qm_annotation_layer_to_page     (QmAnnotationLayer  *self,
                                                      double              x,
                                                      double              y,
                                                      double             *page_x,
                                                      double             *page_y);

/* The current tool at work, in widget coordinates; pressure 0..1 or < 0
 * for none. press returns whether the tool takes the input. */
gboolean             qm_annotation_layer_press       (QmAnnotationLayer  *self,
                                                      double              x,
                                                      double              y,
                                                      double              pressure);
void                 qm_annotation_layer_motion      (QmAnnotationLayer  *self,
                                                      double              x,
                                                      double              y,
                                                      double              pressure);
void                 qm_annotation_layer_release     (QmAnnotationLayer  *self,
                                                      double              x,
                                                      double              y,
                                                      double              pressure);
void                 qm_annotation_layer_cancel      (QmAnnotationLayer  *self);
/* A tap: opens a note (or the popover of one's own annotation) under it. */
gboolean             qm_annotation_layer_tap         (QmAnnotationLayer  *self,
                                                      double              x,
                                                      double              y);

/* The annotation's popover while it is open, else NULL. */
QmAnnotationPopover *qm_annotation_layer_get_popover (QmAnnotationLayer  *self);
/* Whether a highlight waits for the page's text to be read. */
gboolean             qm_annotation_layer_get_busy    (QmAnnotationLayer  *self);

G_END_DECLS
