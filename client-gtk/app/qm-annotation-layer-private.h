/* qm-annotation-layer-private.h: what the layer's files share.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-annotation-layer.h"

G_BEGIN_DECLS

struct _QmAnnotationLayer
{
  GtkWidget            parent_instance;

  QmAnnotationEditor  *editor;
  QmTextLayout        *layout;
  guint                page;
  double               page_width;
  double               page_height;

  /* The input in progress. */
  QmAnnotationTool     input;
  gboolean             eraser_end;        /* the stylus is upside down */
  gboolean             moved;
  gboolean             multi_touch;
  double               press_x;
  double               press_y;
  char                 input_color[8];
  GArray              *stroke;            /* of QmInkPoint, in points */
  double               ax, ay, bx, by;    /* the highlighter's drag, in points */
  GArray              *preview;           /* of QmTextRect */

  /* A highlight that waits for the page's text. */
  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             busy_moved;
  double               busy_rect[4];
  char                 busy_color[8];

  QmAnnotationPopover *popover;
  gboolean             popover_open;
  gboolean             popover_editable;
  char                *popover_id;        /* NULL: a new note */
  QmAnnotationKind     popover_kind;
  double               note_x;
  double               note_y;

  double               drag_x;            /* where the drag began */
  double               drag_y;
  double               pinch_zoom;
  double               pan_x;
  double               pan_y;
};

/* qm-annotation-gestures.c: the layer's input controllers. */
void  _qm_annotation_layer_init_gestures (QmAnnotationLayer *self);

/* The id of the topmost annotation at (x, y) in widget pixels, or NULL. */
char *_qm_annotation_layer_hit_test      (QmAnnotationLayer *self,
                                          double             x,
                                          double             y,
                                          gboolean           own_only);
/* Opens the popover of annotation id, or of a new note at (note_x,
 * note_y) in points when id is NULL. */
void  _qm_annotation_layer_open_popover  (QmAnnotationLayer *self,
                                          const char        *id,
                                          double             note_x,
                                          double             note_y);

G_END_DECLS
