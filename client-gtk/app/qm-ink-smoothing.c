/* qm-ink-smoothing.c: turning the points a pen or a finger sends into a
 * smooth, compact stroke, and drawing one with cairo.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-ink-smoothing"

#include "config.h"

#include <math.h>

#include "qm-ink-smoothing.h"

gboolean
qm_ink_accept_point (const QmInkPoint *last,
                     const QmInkPoint *point,
                     double            min_distance)
{
  g_return_val_if_fail (point != NULL, FALSE);

  if (last == NULL)
    return TRUE;
  return hypot (point->x - last->x, point->y - last->y) >= min_distance;
}

static double
segment_distance (const QmInkPoint *p,
                  const QmInkPoint *a,
                  const QmInkPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length2 = dx * dx + dy * dy;
  double t;

  if (length2 <= 0)
    return hypot (p->x - a->x, p->y - a->y);
  t = CLAMP (((p->x - a->x) * dx + (p->y - a->y) * dy) / length2, 0, 1);
  return hypot (p->x - (a->x + t * dx), p->y - (a->y + t * dy));
}

GArray *
qm_ink_smooth (const GArray *points,
               double        tolerance)
{
  const QmInkPoint *in;
  g_autofree QmInkPoint *soft = NULL;
  g_autofree gboolean *keep = NULL;
  g_autoptr(GArray) stack = NULL;
  GArray *out;
  guint n;

  g_return_val_if_fail (points != NULL, NULL);

  n = points->len;
  out = g_array_sized_new (FALSE, FALSE, sizeof (QmInkPoint), n);
  if (n <= 2)
    {
      g_array_append_vals (out, points->data, n);
      return out;
    }

  /* A light average over neighbours takes out the jitter. */
  in = (const QmInkPoint *) points->data;
  soft = g_new (QmInkPoint, n);
  soft[0] = in[0];
  soft[n - 1] = in[n - 1];
  for (guint i = 1; i + 1 < n; i++)
    {
      soft[i].x = (in[i - 1].x + 2 * in[i].x + in[i + 1].x) / 4;
      soft[i].y = (in[i - 1].y + 2 * in[i].y + in[i + 1].y) / 4;
      soft[i].pressure = in[i].pressure;
      if (in[i - 1].pressure >= 0 && in[i].pressure >= 0 && in[i + 1].pressure >= 0)
        soft[i].pressure = (in[i - 1].pressure + 2 * in[i].pressure + in[i + 1].pressure) / 4;
    }

  /* Ramer–Douglas–Peucker without recursion: a long stroke must not run
   * the stack dry. */
  keep = g_new0 (gboolean, n);
  keep[0] = keep[n - 1] = TRUE;
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    guint range[2] = { 0, n - 1 };

    g_array_append_vals (stack, range, 2);
  }
  while (stack->len > 0)
    {
      guint last = g_array_index (stack, guint, stack->len - 1);
      guint first = g_array_index (stack, guint, stack->len - 2);
      guint worst = 0;
      double worst_distance = -1;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = first + 1; i < last; i++)
        {
          double d = segment_distance (&soft[i], &soft[first], &soft[last]);

          /* A change of pressure shows as much as a change of direction. */
          if (soft[i].pressure >= 0 && soft[first].pressure >= 0 && soft[last].pressure >= 0)
            d = MAX (d, 10 * tolerance * fabs (soft[i].pressure -
                                               (soft[first].pressure + soft[last].pressure) / 2));
          if (d > worst_distance)
            {
              worst = i;
              worst_distance = d;
            }
        }
      if (worst_distance > tolerance)
        {
          guint left[2] = { first, worst };
          guint right[2] = { worst, last };

          keep[worst] = TRUE;
          g_array_append_vals (stack, left, 2);
          g_array_append_vals (stack, right, 2);
        }
    }

  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_val (out, soft[i]);
  return out;
}

double
qm_ink_width_at (double width,
                 double pressure)
{
  if (pressure < 0)
    return width;
  return width * (0.35 + 1.0 * CLAMP (pressure, 0, 1));
}

void
qm_ink_draw (cairo_t          *cr,
             const QmInkPoint *points,
             guint             n_points,
             double            width,
             double            scale)
{
  g_return_if_fail (cr != NULL);

  if (n_points == 0)
    return;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (n_points == 1)
    {
      cairo_arc (cr, points[0].x * scale, points[0].y * scale,
                 qm_ink_width_at (width, points[0].pressure) * scale / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }

  /* Quadratic curves from midpoint to midpoint with the points as control
   * points: smooth through corners a finger makes. Each piece has its own
   * width, so pressure shows. */
  for (guint i = 0; i + 1 < n_points; i++)
    {
      const QmInkPoint *p = &points[i];
      const QmInkPoint *q = &points[i + 1];
      double sx = i == 0 ? p->x : (points[i - 1].x + p->x) / 2;
      double sy = i == 0 ? p->y : (points[i - 1].y + p->y) / 2;
      double ex = i + 2 == n_points ? q->x : (p->x + q->x) / 2;
      double ey = i + 2 == n_points ? q->y : (p->y + q->y) / 2;
      double cx = i == 0 ? (p->x + ex) / 2 : p->x;
      double cy = i == 0 ? (p->y + ey) / 2 : p->y;
      double pressure = p->pressure >= 0 && q->pressure >= 0 ? (p->pressure + q->pressure) / 2 : -1;

      cairo_move_to (cr, sx * scale, sy * scale);
      /* cairo has cubic curves only: the quadratic one raised. */
      cairo_curve_to (cr,
                      (sx + 2 * cx) / 3 * scale, (sy + 2 * cy) / 3 * scale,
                      (ex + 2 * cx) / 3 * scale, (ey + 2 * cy) / 3 * scale,
                      ex * scale, ey * scale);
      cairo_set_line_width (cr, MAX (qm_ink_width_at (width, pressure) * scale, 0.5));
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}
