/* qm-annotation-paint.c: how one annotation looks on a page at a zoom, and
 * where it lies for a finger: drawing and geometry, no state.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-paint"

#include "config.h"

#include <math.h>
#include <string.h>

#include "qm-annotation-paint.h"
#include "qm-ink-smoothing.h"

#define NOTE_SIZE        QM_ANNOTATION_NOTE_SIZE
#define MARKER_RADIUS    QM_ANNOTATION_MARKER_RADIUS
#define HIGHLIGHT_ALPHA  0.35

/* Others' markers, by author: dark enough for a white initial. */
static const char * const marker_colors[] = {
  "#1c71d8", "#813d9c", "#26a269", "#c64600", "#c01c28", "#1a5fb4", "#865e3c",
};

GdkRGBA
qm_annotation_paint_rgba (const char *color,
                          double      alpha)
{
  GdkRGBA result = { 0.2, 0.2, 0.2, 1 };

  if (color != NULL)
    gdk_rgba_parse (&result, color);
  result.alpha = alpha;
  return result;
}

graphene_rect_t
qm_annotation_paint_bounds (const QmAnnotation *a,
                            double              zoom)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  switch (a->kind)
    {
    case QM_ANNOTATION_NOTE:
      return GRAPHENE_RECT_INIT (a->x, a->y, NOTE_SIZE / zoom, NOTE_SIZE / zoom);

    case QM_ANNOTATION_HIGHLIGHT:
      for (guint i = 0; a->quads != NULL && i < a->quads->len; i++)
        {
          const QmQuad *q = &g_array_index (a->quads, QmQuad, i);

          x1 = MIN (x1, MIN (q->x1, q->x2));
          y1 = MIN (y1, MIN (q->y1, q->y2));
          x2 = MAX (x2, MAX (q->x1, q->x2));
          y2 = MAX (y2, MAX (q->y1, q->y2));
        }
      break;

    case QM_ANNOTATION_INK:
    default:
      for (guint i = 0; a->strokes != NULL && i < a->strokes->len; i++)
        {
          GArray *stroke = g_ptr_array_index (a->strokes, i);

          for (guint j = 0; j < stroke->len; j++)
            {
              const QmInkPoint *p = &g_array_index (stroke, QmInkPoint, j);

              x1 = MIN (x1, p->x);
              y1 = MIN (y1, p->y);
              x2 = MAX (x2, p->x);
              y2 = MAX (y2, p->y);
            }
        }
      x1 -= a->width;
      y1 -= a->width;
      x2 += a->width;
      y2 += a->width;
      break;
    }
  if (x2 < x1)
    return GRAPHENE_RECT_INIT (0, 0, 0, 0);
  return GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1);
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / length2, 0, 1) : 0;

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

gboolean
qm_annotation_paint_touches (const QmAnnotation *a,
                             double              px,
                             double              py,
                             double              slop,
                             double              zoom)
{
  switch (a->kind)
    {
    case QM_ANNOTATION_NOTE:
      {
        graphene_rect_t r = qm_annotation_paint_bounds (a, zoom);

        return px >= r.origin.x - slop && px <= r.origin.x + r.size.width + slop &&
               py >= r.origin.y - slop && py <= r.origin.y + r.size.height + slop;
      }

    case QM_ANNOTATION_HIGHLIGHT:
      for (guint i = 0; a->quads != NULL && i < a->quads->len; i++)
        {
          const QmQuad *q = &g_array_index (a->quads, QmQuad, i);

          if (px >= MIN (q->x1, q->x2) - slop && px <= MAX (q->x1, q->x2) + slop &&
              py >= MIN (q->y1, q->y2) - slop && py <= MAX (q->y1, q->y2) + slop)
            return TRUE;
        }
      return FALSE;

    case QM_ANNOTATION_INK:
    default:
      for (guint i = 0; a->strokes != NULL && i < a->strokes->len; i++)
        {
          GArray *stroke = g_ptr_array_index (a->strokes, i);

          for (guint j = 0; j < stroke->len; j++)
            {
              const QmInkPoint *p = &g_array_index (stroke, QmInkPoint, j);
              const QmInkPoint *q = j + 1 < stroke->len ? p + 1 : p;

              if (segment_distance (px, py, p->x, p->y, q->x, q->y) <= a->width / 2 + slop)
                return TRUE;
            }
        }
      return FALSE;
    }
}

static gboolean
clip_to (const graphene_rect_t *visible,
         graphene_rect_t       *rect)
{
  return graphene_rect_intersection (rect, visible, rect) &&
         rect->size.width >= 1 && rect->size.height >= 1;
}

static void
draw_ink (GtkSnapshot           *snapshot,
          const QmAnnotation    *a,
          const char            *color,
          double                 zoom,
          const graphene_rect_t *bounds,
          const graphene_rect_t *visible)
{
  graphene_rect_t area;
  GdkRGBA c = qm_annotation_paint_rgba (color, 1);
  cairo_t *cr;

  graphene_rect_scale (bounds, zoom, zoom, &area);
  graphene_rect_inset (&area, -2, -2);
  if (!clip_to (visible, &area))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &area);
  gdk_cairo_set_source_rgba (cr, &c);
  for (guint i = 0; a->strokes != NULL && i < a->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (a->strokes, i);

      qm_ink_draw (cr, (const QmInkPoint *) stroke->data, stroke->len, a->width, zoom);
    }
  cairo_destroy (cr);
}

void
qm_annotation_paint_quads (GtkSnapshot *snapshot,
                           const char  *color,
                           const void  *quads,
                           guint        n,
                           double       zoom)
{
  GdkRGBA c = qm_annotation_paint_rgba (color, HIGHLIGHT_ALPHA);
  /* QmQuad and QmTextRect are the same four doubles. */
  const double *q = quads;

  for (guint i = 0; i < n; i++, q += 4)
    {
      graphene_rect_t r = GRAPHENE_RECT_INIT (MIN (q[0], q[2]) * zoom, MIN (q[1], q[3]) * zoom,
                                              fabs (q[2] - q[0]) * zoom, fabs (q[3] - q[1]) * zoom);

      gtk_snapshot_append_color (snapshot, &c, &r);
    }
}

static void
draw_note (GtkSnapshot           *snapshot,
           const QmAnnotation    *a,
           const char            *paper,
           double                 zoom,
           const graphene_rect_t *visible)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT (a->x * zoom - 2, a->y * zoom - 1,
                                             NOTE_SIZE + 5, NOTE_SIZE + 5);
  double x = a->x * zoom, y = a->y * zoom, s = NOTE_SIZE, fold = 8;
  GdkRGBA c = qm_annotation_paint_rgba (paper, 1);
  cairo_t *cr;

  if (!clip_to (visible, &area))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &area);

  /* A square of paper with a folded corner and a shadow under it. */
  cairo_new_path (cr);
  cairo_move_to (cr, x + 1.5, y + 2.5);
  cairo_rel_line_to (cr, s - fold, 0);
  cairo_rel_line_to (cr, fold, fold);
  cairo_rel_line_to (cr, 0, s - fold);
  cairo_rel_line_to (cr, -s, 0);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_fill (cr);

  cairo_move_to (cr, x, y);
  cairo_rel_line_to (cr, s - fold, 0);
  cairo_rel_line_to (cr, fold, fold);
  cairo_rel_line_to (cr, 0, s - fold);
  cairo_rel_line_to (cr, -s, 0);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_move_to (cr, x + s - fold, y);
  cairo_rel_line_to (cr, 0, fold);
  cairo_rel_line_to (cr, fold, 0);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
  cairo_fill (cr);

  /* Lines of writing. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_set_line_width (cr, 1.5);
  for (int i = 0; i < 3; i++)
    {
      cairo_move_to (cr, x + 6, y + 11 + i * 5);
      cairo_line_to (cr, x + s - (i == 2 ? 12 : 6), y + 11 + i * 5);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
qm_annotation_paint_author (GtkSnapshot           *snapshot,
                            GtkWidget             *widget,
                            gint64                 author,
                            const char            *name,
                            double                 cx,
                            double                 cy,
                            const graphene_rect_t *visible)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT (cx - MARKER_RADIUS - 1, cy - MARKER_RADIUS - 1,
                                             2 * MARKER_RADIUS + 2, 2 * MARKER_RADIUS + 2);
  GdkRGBA c = qm_annotation_paint_rgba (marker_colors[(guint64) author % G_N_ELEMENTS (marker_colors)], 1);
  GdkRGBA white = { 1, 1, 1, 1 };
  char initial[8] = "?";
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *markup = NULL;
  int w, h;
  cairo_t *cr;

  if (!clip_to (visible, &area))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &area);
  cairo_arc (cr, cx, cy, MARKER_RADIUS, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1.25);
  cairo_stroke (cr);
  cairo_destroy (cr);

  if (name != NULL && *name != '\0')
    {
      /* The given name comes last in Vietnamese: "Nguyễn Văn An" is An. */
      const char *last = strrchr (name, ' ');
      const char *word = last != NULL && last[1] != '\0' ? last + 1 : name;
      gunichar letter = g_unichar_toupper (g_utf8_get_char (word));

      initial[g_unichar_to_utf8 (letter, initial)] = '\0';
    }
  markup = g_markup_printf_escaped ("<span size='7500' weight='bold'>%s</span>", initial);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx - w / 2.0, cy - h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

void
qm_annotation_paint_pending (GtkSnapshot           *snapshot,
                             double                 cx,
                             double                 cy,
                             const graphene_rect_t *visible)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT (cx - 5, cy - 5, 10, 10);
  cairo_t *cr;

  if (!clip_to (visible, &area))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &area);
  cairo_arc (cr, cx, cy, 3.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.47, 0.47, 0.5, 0.85);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
qm_annotation_paint (GtkSnapshot           *snapshot,
                     const QmAnnotation    *a,
                     double                 zoom,
                     gboolean               own,
                     const graphene_rect_t *visible)
{
  graphene_rect_t bounds;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (a != NULL);

  switch (a->kind)
    {
    case QM_ANNOTATION_HIGHLIGHT:
      if (a->quads != NULL)
        qm_annotation_paint_quads (snapshot, a->color, a->quads->data, a->quads->len, zoom);
      break;
    case QM_ANNOTATION_NOTE:
      /* One's own on yellow paper, others' on blue. */
      draw_note (snapshot, a, own ? "#f9e46c" : "#c6defa", zoom, visible);
      break;
    case QM_ANNOTATION_INK:
    default:
      bounds = qm_annotation_paint_bounds (a, zoom);
      draw_ink (snapshot, a, a->color, zoom, &bounds, visible);
      break;
    }
}
