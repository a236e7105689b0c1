/* qm-annotation-paint.h: how one annotation looks on a page at a zoom, and
 * where it lies for a finger: drawing and geometry, no state. Coordinates
 * are page points from the top left; zoom is logical pixels per point.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

/* A note is an icon of this size on screen (logical pixels), whatever the
 * zoom; others' annotations carry a disc of this radius. */
#define QM_ANNOTATION_NOTE_SIZE     28.0
#define QM_ANNOTATION_MARKER_RADIUS 8.0

GdkRGBA         qm_annotation_paint_rgba    (const char            *color,
                                             double                 alpha);
/* The annotation's extent, in points. */
graphene_rect_t qm_annotation_paint_bounds  (const QmAnnotation    *a,
                                             double                 zoom);
/* Whether (px, py) is on it, slop (in points) around it included. */
gboolean        qm_annotation_paint_touches (const QmAnnotation    *a,
                                             double                 px,
                                             double                 py,
                                             double                 slop,
                                             double                 zoom);
/* Draws it; nothing outside visible (widget pixels) is drawn. own chooses
 * the paper of a note. */
void            qm_annotation_paint         (GtkSnapshot           *snapshot,
                                             const QmAnnotation    *a,
                                             double                 zoom,
                                             gboolean               own,
                                             const graphene_rect_t *visible);
/* Translucent rectangles: quads is n × {x1, y1, x2, y2} (QmQuad or
 * QmTextRect). */
void            qm_annotation_paint_quads   (GtkSnapshot           *snapshot,
                                             const char            *color,
                                             const void            *quads,
                                             guint                  n,
                                             double                 zoom);
/* A disc in the author's colour with the initial of their given name, for
 * what others share, centred on (cx, cy) in widget pixels. */
void            qm_annotation_paint_author  (GtkSnapshot           *snapshot,
                                             GtkWidget             *widget,
                                             gint64                 author,
                                             const char            *name,
                                             double                 cx,
                                             double                 cy,
                                             const graphene_rect_t *visible);
/* A small grey dot: kept on this device, not on the server yet. */
void            qm_annotation_paint_pending (GtkSnapshot           *snapshot,
                                             double                 cx,
                                             double                 cy,
                                             const graphene_rect_t *visible);

G_END_DECLS
