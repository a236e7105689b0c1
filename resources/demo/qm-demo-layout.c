/* qm-demo-layout.c
 *
 * The page engine of the demo documents: blocks, pagination, tables, charts.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "qm-demo-layout-private.h"

#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.5
#define CHART_BODY 214.0

static const char *const font_names[QM_DEMO_N_FONTS] = {
  [QM_DEMO_FONT_BODY] = "Noto Serif 12",
  [QM_DEMO_FONT_BODY_BOLD] = "Noto Serif Bold 12",
  [QM_DEMO_FONT_BODY_ITALIC] = "Noto Serif Italic 12",
  [QM_DEMO_FONT_CAPTION] = "Noto Serif Bold 10.5",
  [QM_DEMO_FONT_NOTE] = "Noto Serif Italic 9.5",
  [QM_DEMO_FONT_TABLE] = "Noto Sans 8.5",
  [QM_DEMO_FONT_TABLE_BOLD] = "Noto Sans Bold 8.5",
  [QM_DEMO_FONT_CHART] = "Noto Sans 7.5",
  [QM_DEMO_FONT_CHART_SMALL] = "Noto Sans 6.5",
  [QM_DEMO_FONT_RUNNING] = "Noto Sans 7.5",
  [QM_DEMO_FONT_SIGN_BOLD] = "Noto Serif Bold 11.5",
  [QM_DEMO_FONT_SIGN_SMALL] = "Noto Serif 9.5",
  [QM_DEMO_FONT_SIGN_SMALL_BOLD_ITALIC] = "Noto Serif Bold Italic 10.5",
};

/* Text helpers ------------------------------------------------------------ */

static void
set_scratch (QmDemoWriter               *w,
             const char                 *text,
             const PangoFontDescription *font,
             double                      width,
             PangoAlignment              align)
{
  pango_layout_set_font_description (w->scratch, font);
  pango_layout_set_width (w->scratch, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (w->scratch, align);
  pango_layout_set_text (w->scratch, text, -1);
}

double
_qm_demo_measure_text (QmDemoWriter               *w,
                       const char                 *text,
                       const PangoFontDescription *font,
                       double                      width,
                       double                     *text_width)
{
  PangoRectangle logical;

  set_scratch (w, text, font, width, PANGO_ALIGN_LEFT);
  pango_layout_get_extents (w->scratch, NULL, &logical);
  if (text_width != NULL)
    *text_width = (double) logical.width / PANGO_SCALE;
  return (double) logical.height / PANGO_SCALE;
}

/* Draws text with its top at y, returns its height. */
double
_qm_demo_show_text (QmDemoWriter               *w,
                    const char                 *text,
                    const PangoFontDescription *font,
                    double                      x,
                    double                      y,
                    double                      width,
                    PangoAlignment              align)
{
  PangoRectangle logical;

  set_scratch (w, text, font, width, align);
  pango_layout_get_extents (w->scratch, NULL, &logical);
  cairo_move_to (w->cr, x, y);
  pango_cairo_show_layout (w->cr, w->scratch);
  /* Showing text leaves the current point behind; a later line_to would
   * start from it. */
  cairo_new_path (w->cr);
  return (double) logical.height / PANGO_SCALE;
}

void
_qm_demo_hline (cairo_t *cr,
                double   x0,
                double   x1,
                double   y,
                double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

/* Blocks ------------------------------------------------------------------ */

void
_qm_demo_block_free (QmDemoBlock *b)
{
  g_clear_object (&b->layout);
  g_free (b->units);
  g_free (b->outline);
  g_free (b->caption);
  g_free (b->row_h);
  g_free (b->col_x);
  _qm_demo_table_free (b->table);
  _qm_demo_chart_free (b->chart);
  g_free (b);
}

static QmDemoBlock *
block_new (QmDemoBlockKind kind,
           guint           n_units)
{
  QmDemoBlock *b = g_new0 (QmDemoBlock, 1);

  b->kind = kind;
  b->n_units = n_units;
  b->units = g_new0 (QmDemoUnit, n_units);
  return b;
}

QmDemoBlock *
_qm_demo_text_block_new (QmDemoWriter  *w,
                         const char    *text,
                         QmDemoFont     font,
                         PangoAlignment align,
                         gboolean       justify,
                         double         indent,
                         double         left)
{
  PangoLayout *layout = pango_layout_new (w->context);
  PangoLayoutIter *iter;
  QmDemoBlock *b;
  guint i = 0;

  pango_layout_set_font_description (layout, w->fonts[font]);
  pango_layout_set_width (layout, (int) ((TEXT_WIDTH - left) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_justify (layout, justify);
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  b = block_new (QM_DEMO_BLOCK_TEXT, pango_layout_get_line_count (layout));
  b->layout = layout;
  b->x = MARGIN_LEFT + left;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      b->units[i].line = pango_layout_iter_get_line_readonly (iter);
      b->units[i].h = (double) logical.height / PANGO_SCALE;
      b->units[i].dx = (double) logical.x / PANGO_SCALE;
      b->units[i].baseline
          = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      i++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  /* No orphans, no widows: the first two and last two lines stay together. */
  if (b->n_units >= 2)
    b->units[1].glue = TRUE;
  if (b->n_units >= 3)
    b->units[b->n_units - 1].glue = TRUE;

  return b;
}

QmDemoBlock *
_qm_demo_paragraph_block_new (QmDemoWriter *w,
                              const char   *text)
{
  QmDemoBlock *b
      = _qm_demo_text_block_new (w, text, QM_DEMO_FONT_BODY, PANGO_ALIGN_LEFT, TRUE, INDENT, 0);

  b->space_after = 6;
  return b;
}

QmDemoBlock *
_qm_demo_heading_block_new (QmDemoWriter *w,
                            const char   *text,
                            int           level)
{
  QmDemoBlock *b = _qm_demo_text_block_new (w, text, QM_DEMO_FONT_BODY_BOLD, PANGO_ALIGN_LEFT,
                                            FALSE, level == 1 ? 0 : INDENT, 0);

  for (guint i = 1; i < b->n_units; i++)
    b->units[i].glue = TRUE;
  b->space_before = level == 1 ? 12 : 6;
  b->space_after = 4;
  b->keep_next = 40;
  b->outline = g_strdup (text);
  b->outline_level = level;
  return b;
}

QmDemoBlock *
_qm_demo_table_block_new (QmDemoWriter *w,
                          QmDemoTable  *table,
                          const char   *label)
{
  QmDemoBlock *b = block_new (QM_DEMO_BLOCK_TABLE, table->n_rows + 1);
  double x = MARGIN_LEFT;

  b->table = table;
  b->caption = g_strdup_printf ("%s. %s", label, table->caption);
  b->caption_h
      = _qm_demo_measure_text (w, b->caption, w->fonts[QM_DEMO_FONT_CAPTION], TEXT_WIDTH, NULL);
  if (table->unit_note != NULL)
    b->note_h = _qm_demo_measure_text (w, table->unit_note, w->fonts[QM_DEMO_FONT_NOTE], -1, NULL);

  b->col_x = g_new0 (double, table->n_columns + 1);
  for (guint c = 0; c < table->n_columns; c++)
    {
      b->col_x[c] = x;
      x += table->widths[c] * TEXT_WIDTH;
    }
  b->col_x[table->n_columns] = MARGIN_LEFT + TEXT_WIDTH;

  for (guint c = 0; c < table->n_columns; c++)
    {
      double h = _qm_demo_measure_text (w, table->headers[c], w->fonts[QM_DEMO_FONT_TABLE_BOLD],
                               b->col_x[c + 1] - b->col_x[c] - 2 * CELL_PAD_X, NULL);

      b->header_h = MAX (b->header_h, h + 2 * CELL_PAD_Y);
    }

  /* Only text cells can wrap; numbers always fit on one line. */
  b->row_h = g_new0 (double, table->n_rows);
  for (guint r = 0; r < table->n_rows; r++)
    {
      double h = w->table_line_h;

      for (guint c = 0; c < table->n_columns; c++)
        if (table->aligns[c] != QM_DEMO_ALIGN_RIGHT)
          h = MAX (h,
                   _qm_demo_measure_text (
                       w, QM_DEMO_TABLE_CELL (table, r, c),
                       w->fonts[(table->row_flags[r] & QM_DEMO_ROW_BOLD) ? QM_DEMO_FONT_TABLE_BOLD
                                                                         : QM_DEMO_FONT_TABLE],
                       b->col_x[c + 1] - b->col_x[c] - 2 * CELL_PAD_X, NULL));
      b->row_h[r] = h + 2 * CELL_PAD_Y;
      b->units[r + 1].h = b->row_h[r];
    }

  /* The caption never ends a page: it keeps the header and three rows. */
  b->units[0].h = b->caption_h + 3 + (b->note_h > 0 ? b->note_h + 1 : 0) + b->header_h;
  for (guint r = 1; r <= MIN (3u, table->n_rows); r++)
    b->units[r].glue = TRUE;
  if (table->n_rows > 4)
    b->units[table->n_rows].glue = TRUE;
  b->repeat_h = b->header_h;
  b->space_before = 8;
  b->space_after = 10;
  return b;
}

QmDemoBlock *
_qm_demo_chart_block_new (QmDemoWriter *w,
                          QmDemoChart  *chart,
                          const char   *label)
{
  QmDemoBlock *b = block_new (QM_DEMO_BLOCK_CHART, 1);

  b->chart = chart;
  b->caption = g_strdup_printf ("%s. %s", label, chart->caption);
  b->caption_h
      = _qm_demo_measure_text (w, b->caption, w->fonts[QM_DEMO_FONT_CAPTION], TEXT_WIDTH, NULL);
  b->units[0].h = b->caption_h + 4 + CHART_BODY;
  b->space_before = 8;
  b->space_after = 10;
  return b;
}

QmDemoBlock *
_qm_demo_custom_block_new (QmDemoWriter  *w,
                           QmDemoDrawFunc draw)
{
  QmDemoBlock *b = block_new (QM_DEMO_BLOCK_CUSTOM, 1);

  b->draw = draw;
  b->units[0].h = draw (w, 0, FALSE);
  return b;
}

/* Table and chart drawing ------------------------------------------------- */

static void
draw_table_row (QmDemoWriter *w,
                QmDemoBlock  *b,
                char        **cells,
                QmDemoFont    font,
                double        y,
                double        h,
                gboolean      header)
{
  const QmDemoTable *t = b->table;
  cairo_t *cr = w->cr;
  double x0 = b->col_x[0], x1 = b->col_x[t->n_columns];

  if (header)
    {
      cairo_set_source_rgb (cr, 0.90, 0.92, 0.95);
      cairo_rectangle (cr, x0, y, x1 - x0, h);
      cairo_fill (cr);
    }

  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  cairo_set_line_width (cr, 0.5);
  for (guint c = 0; c < t->n_columns; c++)
    cairo_rectangle (cr, b->col_x[c], y, b->col_x[c + 1] - b->col_x[c], h);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint c = 0; c < t->n_columns; c++)
    {
      double width = b->col_x[c + 1] - b->col_x[c] - 2 * CELL_PAD_X;
      PangoAlignment align = header ? PANGO_ALIGN_CENTER
                           : t->aligns[c] == QM_DEMO_ALIGN_LEFT ? PANGO_ALIGN_LEFT
                           : t->aligns[c] == QM_DEMO_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                           : PANGO_ALIGN_RIGHT;
      PangoRectangle logical;

      double x = b->col_x[c] + CELL_PAD_X;

      if (cells[c] == NULL || cells[c][0] == '\0')
        continue;

      /* Numbers never wrap: a number broken over two lines misreads. */
      if (align == PANGO_ALIGN_RIGHT)
        {
          set_scratch (w, cells[c], w->fonts[font], -1, PANGO_ALIGN_LEFT);
          pango_layout_get_extents (w->scratch, NULL, &logical);
          x += width - (double) logical.width / PANGO_SCALE;
        }
      else
        {
          set_scratch (w, cells[c], w->fonts[font], width, align);
          pango_layout_get_extents (w->scratch, NULL, &logical);
        }
      cairo_move_to (cr, x, y + (h - (double) logical.height / PANGO_SCALE) / 2);
      pango_cairo_show_layout (cr, w->scratch);
    }
  cairo_new_path (cr);
}

static void
draw_table_header (QmDemoWriter *w,
                   QmDemoBlock  *b,
                   double        y)
{
  draw_table_row (w, b, b->table->headers, QM_DEMO_FONT_TABLE_BOLD, y, b->header_h, TRUE);
}

static void
draw_table_unit (QmDemoWriter *w,
                 QmDemoBlock  *b,
                 guint         i,
                 double        y)
{
  const QmDemoTable *t = b->table;
  guint r;

  if (i == 0)
    {
      y += _qm_demo_show_text (w, b->caption, w->fonts[QM_DEMO_FONT_CAPTION], MARGIN_LEFT, y,
                               TEXT_WIDTH, PANGO_ALIGN_CENTER)
           + 3;
      if (t->unit_note != NULL)
        y += _qm_demo_show_text (w, t->unit_note, w->fonts[QM_DEMO_FONT_NOTE], MARGIN_LEFT, y,
                                 TEXT_WIDTH, PANGO_ALIGN_RIGHT)
             + 1;
      draw_table_header (w, b, y);
      return;
    }

  r = i - 1;
  draw_table_row (w, b, &QM_DEMO_TABLE_CELL (t, r, 0),
                  (t->row_flags[r] & QM_DEMO_ROW_BOLD) ? QM_DEMO_FONT_TABLE_BOLD
                                                       : QM_DEMO_FONT_TABLE,
                  y, b->row_h[r], FALSE);
}

static const double series_colors[2][3] = {
  { 0.16, 0.33, 0.56 },
  { 0.85, 0.47, 0.16 },
};

static double
nice_step (double range)
{
  double raw = range / 5.0;
  double magnitude = pow (10, floor (log10 (raw)));
  double f = raw / magnitude;

  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
}

static void
draw_chart (QmDemoWriter *w,
            QmDemoBlock  *b,
            double        y)
{
  const QmDemoChart *chart = b->chart;
  cairo_t *cr = w->cr;
  double x0 = MARGIN_LEFT, x1 = MARGIN_LEFT + TEXT_WIDTH;
  double plot_l = x0 + 58, plot_r = x1 - 10, plot_t, plot_b;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, step, slot, label_h = 0, legend_x;
  double line_h = _qm_demo_measure_text (w, "0", w->fonts[QM_DEMO_FONT_CHART], -1, NULL);
  int tick_decimals;
  g_autoptr(GString) label = g_string_new (NULL);

  _qm_demo_show_text (w, b->caption, w->fonts[QM_DEMO_FONT_CAPTION], x0, y, TEXT_WIDTH,
                      PANGO_ALIGN_CENTER);
  y += b->caption_h + 4;
  plot_t = y + 20;
  plot_b = plot_t + 136;

  for (guint s = 0; s < chart->n_series; s++)
    for (guint i = 0; i < chart->n_categories; i++)
      {
        lo = MIN (lo, chart->values[s][i]);
        hi = MAX (hi, chart->values[s][i]);
      }

  if (chart->line)
    {
      double pad = hi > lo ? (hi - lo) * 0.2 : MAX (fabs (hi) * 0.1, 1.0);
      gboolean positive = lo >= 0;

      lo -= pad;
      hi += pad;
      if (positive && lo < 0)
        lo = 0;
    }
  else
    {
      lo = 0;
      hi = hi * 1.15;
    }
  step = nice_step (hi - lo);
  lo = floor (lo / step) * step;
  hi = ceil (hi / step) * step;
  tick_decimals = step < 1 ? (int) ceil (-log10 (step) - 1e-9) : 0;

#define MAP_Y(v) (plot_b - ((v) - lo) / (hi - lo) * (plot_b - plot_t))

  /* Grid and value axis. */
  for (double v = lo; v <= hi + step * 1e-6; v += step)
    {
      double yy = MAP_Y (v);

      cairo_set_source_rgb (cr, 0.86, 0.86, 0.86);
      _qm_demo_hline (cr, plot_l, plot_r, yy, 0.4);
      g_string_truncate (label, 0);
      _qm_demo_append_number (label, v, tick_decimals);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      _qm_demo_show_text (w, label->str, w->fonts[QM_DEMO_FONT_CHART], x0 + 14, yy - line_h / 2,
                          plot_l - x0 - 18, PANGO_ALIGN_RIGHT);
    }

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, plot_l, plot_t - 4);
  cairo_line_to (cr, plot_l, plot_b);
  cairo_line_to (cr, plot_r, plot_b);
  cairo_stroke (cr);

  /* Value axis title, rotated along the axis. */
  {
    double tw;

    _qm_demo_measure_text (w, chart->y_title, w->fonts[QM_DEMO_FONT_CHART], -1, &tw);
    cairo_save (cr);
    cairo_translate (cr, x0, (plot_t + plot_b) / 2);
    cairo_rotate (cr, -G_PI / 2);
    cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
    _qm_demo_show_text (w, chart->y_title, w->fonts[QM_DEMO_FONT_CHART], -tw / 2, 0, -1,
                        PANGO_ALIGN_LEFT);
    cairo_restore (cr);
  }

  /* Category axis. */
  slot = (plot_r - plot_l) / chart->n_categories;
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  for (guint i = 0; i < chart->n_categories; i++)
    {
      QmDemoFont font = chart->n_categories > 6 && strlen (chart->categories[i]) > 6
                            ? QM_DEMO_FONT_CHART_SMALL
                            : QM_DEMO_FONT_CHART;
      double h = _qm_demo_show_text (w, chart->categories[i], w->fonts[font], plot_l + slot * i + 1,
                                     plot_b + 4, slot - 2, PANGO_ALIGN_CENTER);

      label_h = MAX (label_h, h);
    }
  _qm_demo_show_text (w, chart->x_title, w->fonts[QM_DEMO_FONT_CHART], plot_l,
                      plot_b + 6 + MAX (label_h, 20), plot_r - plot_l, PANGO_ALIGN_CENTER);

  if (chart->line)
    {
      for (guint s = 0; s < chart->n_series; s++)
        {
          cairo_set_source_rgb (cr, series_colors[s][0], series_colors[s][1], series_colors[s][2]);
          cairo_set_line_width (cr, 1.6);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          for (guint i = 0; i < chart->n_categories; i++)
            cairo_line_to (cr, plot_l + slot * (i + 0.5), MAP_Y (chart->values[s][i]));
          cairo_stroke (cr);

          for (guint i = 0; i < chart->n_categories; i++)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, plot_l + slot * (i + 0.5), MAP_Y (chart->values[s][i]), 2.4, 0,
                         2 * G_PI);
            }
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, series_colors[s][0], series_colors[s][1], series_colors[s][2]);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
        }
    }
  else
    {
      double group = slot * 0.68;
      double bar = group / chart->n_series;
      gboolean values = chart->n_categories * chart->n_series <= 12;

      for (guint s = 0; s < chart->n_series; s++)
        for (guint i = 0; i < chart->n_categories; i++)
          {
            double bx = plot_l + slot * i + (slot - group) / 2 + bar * s;
            double by = MAP_Y (chart->values[s][i]);

            cairo_set_source_rgb (cr, series_colors[s][0], series_colors[s][1],
                                  series_colors[s][2]);
            cairo_rectangle (cr, bx + 0.6, by, bar - 1.2, plot_b - by);
            cairo_fill (cr);

            if (values)
              {
                g_string_truncate (label, 0);
                _qm_demo_append_number (label, chart->values[s][i], chart->decimals);
                cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
                _qm_demo_show_text (w, label->str, w->fonts[QM_DEMO_FONT_CHART_SMALL], bx - 12,
                                    by - 10, bar + 24, PANGO_ALIGN_CENTER);
              }
          }
    }
#undef MAP_Y

  /* Legend, right-aligned above the plot. */
  legend_x = plot_r;
  for (guint s = chart->n_series; s-- > 0;)
    {
      double tw;

      _qm_demo_measure_text (w, chart->series[s], w->fonts[QM_DEMO_FONT_CHART], -1, &tw);
      legend_x -= tw;
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      _qm_demo_show_text (w, chart->series[s], w->fonts[QM_DEMO_FONT_CHART], legend_x, y + 2, -1,
                          PANGO_ALIGN_LEFT);
      cairo_set_source_rgb (cr, series_colors[s][0], series_colors[s][1], series_colors[s][2]);
      if (chart->line)
        {
          legend_x -= 20;
          _qm_demo_hline (cr, legend_x, legend_x + 16, y + 9, 1.6);
          cairo_arc (cr, legend_x + 8, y + 9, 2.4, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else
        {
          legend_x -= 12;
          cairo_rectangle (cr, legend_x, y + 5, 8, 8);
          cairo_fill (cr);
        }
      legend_x -= 14;
    }

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  _qm_demo_show_text (w, chart->source, w->fonts[QM_DEMO_FONT_NOTE], x0, y + CHART_BODY - 14,
                      TEXT_WIDTH, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/* Pages ------------------------------------------------------------------- */

static void
draw_page_decorations (QmDemoWriter *w)
{
  cairo_t *cr = w->cr;
  g_autofree char *page = g_strdup_printf ("Trang %u/%u", w->page, w->n_pages);

  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  _qm_demo_show_text (w, w->header_left, w->fonts[QM_DEMO_FONT_RUNNING], MARGIN_LEFT, 36, -1,
                      PANGO_ALIGN_LEFT);
  cairo_move_to (cr, MARGIN_LEFT + 150, 36);
  pango_cairo_show_layout (cr, w->running);
  cairo_new_path (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  _qm_demo_hline (cr, MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, 50, 0.5);

  _qm_demo_hline (cr, MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, 800, 0.5);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  _qm_demo_show_text (w, w->footer_left, w->fonts[QM_DEMO_FONT_RUNNING], MARGIN_LEFT, 805, -1,
                      PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  _qm_demo_show_text (w, page, w->fonts[QM_DEMO_FONT_RUNNING], MARGIN_LEFT, 805, TEXT_WIDTH,
                      PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

void
_qm_demo_next_page (QmDemoWriter *w)
{
  g_assert (w->page < w->n_pages);
  cairo_show_page (w->cr);
  w->page++;
  w->y = CONTENT_TOP;
  draw_page_decorations (w);
}

double
_qm_demo_page_limit (const QmDemoWriter *w,
                     guint               page)
{
  return CONTENT_BOTTOM - (page == w->n_pages ? w->reserve : 0);
}

static void
draw_unit (QmDemoWriter *w,
           QmDemoBlock  *b,
           guint         i,
           double        y)
{
  switch (b->kind)
    {
    case QM_DEMO_BLOCK_TEXT:
      cairo_move_to (w->cr, b->x + b->units[i].dx, y + b->units[i].baseline);
      pango_cairo_show_layout_line (w->cr, b->units[i].line);
      cairo_new_path (w->cr);
      break;
    case QM_DEMO_BLOCK_TABLE:
      draw_table_unit (w, b, i, y);
      break;
    case QM_DEMO_BLOCK_CHART:
      draw_chart (w, b, y);
      break;
    case QM_DEMO_BLOCK_CUSTOM:
      b->draw (w, y, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }

  if (i == 0 && b->outline != NULL)
    {
      g_autofree char *link
          = g_strdup_printf ("page=%u pos=[%d %d]", w->page, (int) MARGIN_LEFT, (int) y);
      int parent = b->outline_level == 1 ? CAIRO_PDF_OUTLINE_ROOT : w->outline_parent;
      int id = cairo_pdf_surface_add_outline (w->surface, parent, b->outline, link,
                                              b->outline_level == 1 && w->outline_open
                                              ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);

      if (b->outline_level == 1)
        w->outline_parent = id;
    }
}

/* Runs the pagination of a block; with draw FALSE it only answers whether the
 * block fits before the last page's reserve, with draw TRUE it draws it the
 * same way. Blocks never push the document past its page count. */
gboolean
_qm_demo_place_block (QmDemoWriter *w,
                      QmDemoBlock  *b,
                      gboolean      draw)
{
  guint page = w->page;
  double y = w->y;
  gboolean fresh = y <= CONTENT_TOP + 0.01;
  guint i = 0;

  if (b->break_before && !fresh)
    {
      if (page >= w->n_pages)
        return FALSE;
      page++;
      y = CONTENT_TOP;
      fresh = TRUE;
      if (draw)
        _qm_demo_next_page (w);
    }
  if (!fresh)
    y += b->space_before;

  while (i < b->n_units)
    {
      guint j = i + 1;
      double h = b->units[i].h;

      while (j < b->n_units && b->units[j].glue)
        h += b->units[j++].h;

      if (y + h + (i == 0 ? b->keep_next : 0) > _qm_demo_page_limit (w, page))
        {
          if (!fresh)
            {
              if (page >= w->n_pages)
                return FALSE;
              page++;
              y = CONTENT_TOP;
              fresh = TRUE;
              if (draw)
                _qm_demo_next_page (w);
              if (i > 0 && b->repeat_h > 0)
                {
                  if (draw)
                    draw_table_header (w, b, y);
                  y += b->repeat_h;
                }
              continue;
            }

          /* Taller than a whole page: let it overflow the bottom margin,
           * except into the reserve of the final page. */
          if (page >= w->n_pages && y + h > _qm_demo_page_limit (w, page))
            return FALSE;
        }

      for (guint k = i; k < j; k++)
        {
          if (draw)
            draw_unit (w, b, k, y);
          y += b->units[k].h;
        }
      fresh = FALSE;
      i = j;
    }

  if (draw)
    w->y = y + b->space_after;
  return TRUE;
}

/* Whether the first unbreakable part of the block fits on the current page. */
gboolean
_qm_demo_starts_here (const QmDemoWriter *w,
                      const QmDemoBlock  *b)
{
  double h = b->units[0].h;

  for (guint j = 1; j < b->n_units && b->units[j].glue; j++)
    h += b->units[j].h;
  return w->y + b->space_before + h + b->keep_next <= _qm_demo_page_limit (w, w->page);
}

/* Places the block if it fits; the caller keeps ownership either way. */
gboolean
_qm_demo_try_place (QmDemoWriter *w,
                    QmDemoBlock  *b)
{
  if (w->full || !_qm_demo_place_block (w, b, FALSE))
    return FALSE;
  _qm_demo_place_block (w, b, TRUE);
  return TRUE;
}

/* Points of body text left before the closing, over all remaining pages. */
double
_qm_demo_remaining_space (const QmDemoWriter *w)
{
  return (double) (w->n_pages - w->page) * (CONTENT_BOTTOM - CONTENT_TOP)
         + _qm_demo_page_limit (w, w->page) - w->y;
}

/* Writer ------------------------------------------------------------------ */

void
_qm_demo_writer_init (QmDemoWriter    *w,
                      cairo_surface_t *surface,
                      guint            n_pages,
                      const char      *running_title)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  g_autoptr (PangoFontDescription) running
      = pango_font_description_from_string ("Noto Sans Italic 7.5");

  w->surface = surface;
  w->cr = cairo_create (surface);
  w->n_pages = n_pages;
  w->page = 1;
  w->y = CONTENT_TOP;

  /* Pango's default font map is per thread, so a worker thread shares no
   * font state with others, while documents written on one thread share
   * loaded fonts. No hinting: metrics must not depend on a device. */
  w->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (w->context, 72.0);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (w->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (w->context, FALSE);
  pango_context_set_language (w->context, pango_language_from_string ("vi"));
  pango_cairo_update_context (w->cr, w->context);

  for (guint i = 0; i < QM_DEMO_N_FONTS; i++)
    w->fonts[i] = pango_font_description_from_string (font_names[i]);

  w->scratch = pango_layout_new (w->context);
  pango_layout_set_wrap (w->scratch, PANGO_WRAP_WORD_CHAR);
  w->table_line_h = _qm_demo_measure_text (w, "0", w->fonts[QM_DEMO_FONT_TABLE], -1, NULL);

  w->running = pango_layout_new (w->context);
  pango_layout_set_font_description (w->running, running);
  pango_layout_set_width (w->running, (int) ((TEXT_WIDTH - 150) * PANGO_SCALE));
  pango_layout_set_alignment (w->running, PANGO_ALIGN_RIGHT);
  pango_layout_set_ellipsize (w->running, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (w->running, running_title, -1);
}

void
_qm_demo_writer_clear (QmDemoWriter *w)
{
  for (guint i = 0; i < QM_DEMO_N_FONTS; i++)
    g_clear_pointer (&w->fonts[i], pango_font_description_free);
  g_clear_object (&w->scratch);
  g_clear_object (&w->running);
  g_clear_object (&w->context);
  g_clear_pointer (&w->cr, cairo_destroy);
  g_clear_pointer (&w->header_left, g_free);
  g_clear_pointer (&w->footer_left, g_free);
}
