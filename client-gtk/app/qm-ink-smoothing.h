/* qm-ink-smoothing.h: turning the points a pen or a finger sends into a
 * smooth, compact stroke, and drawing one with cairo.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

/* Whether point is far enough from the last one kept (min_distance, in the
 * points' unit) to be worth keeping while drawing. */
gboolean  qm_ink_accept_point (const QmInkPoint *last,
                               const QmInkPoint *point,
                               double            min_distance);
/* A finished stroke, smoothed (the jitter of a hand on glass averaged out)
 * and thinned: points that move it less than tolerance are left out. The
 * first and last points stay where they were. A new GArray of QmInkPoint. */
GArray   *qm_ink_smooth       (const GArray     *points,
                               double            tolerance);
/* Strokes points at scale (pixels per point) in cr's source: curves through
 * the midpoints, each piece as wide as width × its pressure allows. */
void      qm_ink_draw         (cairo_t          *cr,
                               const QmInkPoint *points,
                               guint             n_points,
                               double            width,
                               double            scale);
/* How wide the pen draws at this pressure (< 0: none known). */
double    qm_ink_width_at     (double            width,
                               double            pressure);

G_END_DECLS
