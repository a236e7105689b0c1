/* qm-demo-layout-private.h
 *
 * The page engine of the demo documents: blocks, pagination, tables, charts.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "qm-demo-content-private.h"

G_BEGIN_DECLS

/* A4 in points, margins after Decree 30/2020/NĐ-CP (30 mm left, 20 mm right). */
#define PAGE_WIDTH     595.0
#define PAGE_HEIGHT    842.0
#define MARGIN_LEFT    85.0
#define MARGIN_RIGHT   57.0
#define TEXT_WIDTH     (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define CONTENT_TOP    72.0
#define CONTENT_BOTTOM 784.0
#define INDENT         28.0 /* 1 cm first-line indent */

typedef enum
{
  QM_DEMO_FONT_BODY,
  QM_DEMO_FONT_BODY_BOLD,
  QM_DEMO_FONT_BODY_ITALIC,
  QM_DEMO_FONT_CAPTION,
  QM_DEMO_FONT_NOTE,
  QM_DEMO_FONT_TABLE,
  QM_DEMO_FONT_TABLE_BOLD,
  QM_DEMO_FONT_CHART,
  QM_DEMO_FONT_CHART_SMALL,
  QM_DEMO_FONT_RUNNING,
  QM_DEMO_FONT_SIGN_BOLD,
  QM_DEMO_FONT_SIGN_SMALL,
  QM_DEMO_FONT_SIGN_SMALL_BOLD_ITALIC,
  QM_DEMO_N_FONTS
} QmDemoFont;

typedef struct
{
  /* The page engine */
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *context;
  PangoLayout          *scratch;
  PangoLayout          *running;      /* the title in the running header */
  PangoFontDescription *fonts[QM_DEMO_N_FONTS];
  double                table_line_h;
  guint                 page;         /* 1-based */
  guint                 n_pages;
  double                y;
  double                reserve;      /* kept free on the last page for the closing */
  gboolean              full;         /* nothing more fits before the closing */
  int                   outline_parent;
  gboolean              outline_open; /* top-level outline entries start expanded */
  char                 *header_left;
  char                 *footer_left;

  /* The document, owned by qm-demo-documents.c */
  const QmDemoDocumentSpec *spec;
  const QmDemoTemplate     *tpl;
  guint64                   seed;
  QmDemoRng                 rng;
  guint                     n_tables;
  guint                     n_charts;
  guint32                   tables_used[QM_DEMO_N_POOLS];
  guint32                   charts_used[QM_DEMO_N_POOLS];
  char                     *number;
} QmDemoWriter;

typedef enum
{
  QM_DEMO_BLOCK_TEXT,
  QM_DEMO_BLOCK_TABLE,
  QM_DEMO_BLOCK_CHART,
  QM_DEMO_BLOCK_CUSTOM,
} QmDemoBlockKind;

/* Draws at y when draw is TRUE; returns the height either way. */
typedef double (*QmDemoDrawFunc) (QmDemoWriter *w,
                                  double        y,
                                  gboolean      draw);

/* The unit of pagination: a text line, a table row, a whole chart. */
typedef struct
{
  double           h;
  gboolean         glue; /* stays on the page of the unit before it */
  PangoLayoutLine *line;
  double           dx;
  double           baseline;
} QmDemoUnit;

typedef struct
{
  QmDemoBlockKind  kind;
  double           space_before;
  double           space_after;
  double           keep_next;    /* room a heading wants below itself */
  gboolean         break_before;
  double           x;
  PangoLayout     *layout;
  QmDemoUnit      *units;
  guint            n_units;
  double           repeat_h;     /* table header repeated on continuation pages */
  char            *outline;
  int              outline_level;
  QmDemoDrawFunc   draw;

  /* QM_DEMO_BLOCK_TABLE and QM_DEMO_BLOCK_CHART */
  char            *caption;
  double           caption_h;
  double           note_h;
  double           header_h;
  double          *row_h;
  double          *col_x;
  QmDemoTable     *table;
  QmDemoChart     *chart;
} QmDemoBlock;

void         _qm_demo_writer_init         (QmDemoWriter               *w,
                                           cairo_surface_t            *surface,
                                           guint                       n_pages,
                                           const char                 *running_title);
void         _qm_demo_writer_clear        (QmDemoWriter               *w);

double       _qm_demo_measure_text        (QmDemoWriter               *w,
                                           const char                 *text,
                                           const PangoFontDescription *font,
                                           double                      width,
                                           double                     *text_width);
double       _qm_demo_show_text           (QmDemoWriter               *w,
                                           const char                 *text,
                                           const PangoFontDescription *font,
                                           double                      x,
                                           double                      y,
                                           double                      width,
                                           PangoAlignment              align);
void         _qm_demo_hline               (cairo_t                    *cr,
                                           double                      x0,
                                           double                      x1,
                                           double                      y,
                                           double                      width);

QmDemoBlock *_qm_demo_text_block_new      (QmDemoWriter               *w,
                                           const char                 *text,
                                           QmDemoFont                  font,
                                           PangoAlignment              align,
                                           gboolean                    justify,
                                           double                      indent,
                                           double                      left);
QmDemoBlock *_qm_demo_paragraph_block_new (QmDemoWriter               *w,
                                           const char                 *text);
QmDemoBlock *_qm_demo_heading_block_new   (QmDemoWriter               *w,
                                           const char                 *text,
                                           int                         level);
QmDemoBlock *_qm_demo_table_block_new     (QmDemoWriter               *w,
                                           QmDemoTable                *table,
                                           const char                 *label);
QmDemoBlock *_qm_demo_chart_block_new     (QmDemoWriter               *w,
                                           QmDemoChart                *chart,
                                           const char                 *label);
QmDemoBlock *_qm_demo_custom_block_new    (QmDemoWriter               *w,
                                           QmDemoDrawFunc              draw);
void         _qm_demo_block_free          (QmDemoBlock                *b);

void         _qm_demo_next_page           (QmDemoWriter               *w);
double       _qm_demo_page_limit          (const QmDemoWriter         *w,
                                           guint                       page);
double       _qm_demo_remaining_space     (const QmDemoWriter         *w);
gboolean     _qm_demo_starts_here         (const QmDemoWriter         *w,
                                           const QmDemoBlock          *b);
gboolean     _qm_demo_place_block         (QmDemoWriter               *w,
                                           QmDemoBlock                *b,
                                           gboolean                    draw);
gboolean     _qm_demo_try_place           (QmDemoWriter               *w,
                                           QmDemoBlock                *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmDemoBlock, _qm_demo_block_free)

G_END_DECLS
