/* qm-demo-content-private.h
 *
 * Deterministic content of the demo documents: prose, tables and chart data.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "qm-demo-documents.h"

G_BEGIN_DECLS

#define QM_DEMO_PROVINCE       "Tân Hà"
#define QM_DEMO_PROVINCE_UPPER "TÂN HÀ"

typedef struct
{
  guint64 seed;
  guint64 state;
} QmDemoRng;

double  _qm_demo_hash_unit  (guint64    seed,
                             guint64    a,
                             guint64    b,
                             guint64    c);
void    _qm_demo_rng_init   (QmDemoRng *rng,
                             guint64    seed,
                             guint64    stream);
guint64 _qm_demo_rng_next   (QmDemoRng *rng);
double  _qm_demo_rng_double (QmDemoRng *rng);
guint   _qm_demo_rng_range  (QmDemoRng *rng,
                             guint      n);

/* The first six pools share the values of QmDemoTopic. */
typedef enum
{
  QM_DEMO_POOL_ECONOMY,
  QM_DEMO_POOL_BUDGET,
  QM_DEMO_POOL_INVESTMENT,
  QM_DEMO_POOL_ADMIN_REFORM,
  QM_DEMO_POOL_DIGITAL,
  QM_DEMO_POOL_SOCIAL,
  QM_DEMO_POOL_LIMITS,
  QM_DEMO_POOL_TASKS,
  QM_DEMO_POOL_ANNEX,
  QM_DEMO_N_POOLS
} QmDemoPool;

#define QM_DEMO_MAX_SECTIONS    12
#define QM_DEMO_MAX_SUBHEADINGS 7

typedef struct
{
  const char *heading;      /* sentence case; NULL ends the list */
  QmDemoPool  pool;
  guint       weight;       /* share of the body pages; 0: just the essentials */
  guint       table_offset; /* first table of the pool this section shows */
  guint       chart_offset;
  gboolean    prose_only;   /* no tables or charts here */
  const char *subheadings[QM_DEMO_MAX_SUBHEADINGS + 1];
} QmDemoSection;

typedef struct
{
  QmDemoDocumentKind kind;
  QmDemoTopic        topic;
  const char        *preamble[6]; /* "Căn cứ …" lines, NULL-terminated */
  const char        *intro;       /* may hold {placeholders} */
  QmDemoSection      sections[QM_DEMO_MAX_SECTIONS + 1];
} QmDemoTemplate;

const QmDemoTemplate *_qm_demo_template_lookup     (QmDemoDocumentKind    kind,
                                                    QmDemoTopic           topic);
int                   _qm_demo_section_pick_figure (const QmDemoTemplate *tpl,
                                                    guint                 section,
                                                    gboolean              table,
                                                    guint32               used);

void     _qm_demo_append_number    (GString    *out,
                                    double      value,
                                    int         decimals);
void     _qm_demo_append_text      (GString    *out,
                                    const char *text,
                                    QmDemoRng  *rng);
void     _qm_demo_append_paragraph (GString    *out,
                                    QmDemoPool  pool,
                                    guint       part,
                                    guint       n_parts,
                                    guint       n_sentences,
                                    QmDemoRng  *rng);
void     _qm_demo_append_list      (GString    *out,
                                    QmDemoPool  pool,
                                    guint       part,
                                    guint       n_parts,
                                    guint       n_items,
                                    QmDemoRng  *rng);
char    *_qm_demo_lower_first      (const char *text);
guint    _qm_demo_pool_n_tables    (QmDemoPool  pool);
guint    _qm_demo_pool_n_charts    (QmDemoPool  pool);

typedef enum
{
  QM_DEMO_ALIGN_LEFT,
  QM_DEMO_ALIGN_CENTER,
  QM_DEMO_ALIGN_RIGHT,
} QmDemoAlign;

#define QM_DEMO_ROW_BOLD (1 << 0)

typedef struct
{
  char        *caption;   /* without the "Bảng 3." prefix */
  char        *unit_note; /* "Đơn vị tính: tỷ đồng", may be NULL */
  guint        n_columns;
  guint        n_rows;
  char       **headers;
  double      *widths;    /* fractions of the text width, summing to 1 */
  QmDemoAlign *aligns;
  char       **cells;     /* row-major, n_rows × n_columns */
  guint8      *row_flags;
  guint        sample_row;
  guint        sample_column;
} QmDemoTable;

#define QM_DEMO_TABLE_CELL(t, r, c) ((t)->cells[(r) * (t)->n_columns + (c)])

QmDemoTable *_qm_demo_table_new         (QmDemoPool      pool,
                                         guint           index,
                                         guint64         seed);
QmDemoTable *_qm_demo_table_alloc       (guint           n_rows,
                                         guint           n_columns);
void         _qm_demo_table_pick_sample (QmDemoTable    *table,
                                         const gboolean *numeric);
void         _qm_demo_table_free        (QmDemoTable    *table);
char        *_qm_demo_format_number     (double          value,
                                         int             decimals);

extern const char *const _qm_demo_quarter_names[4];

#define QM_DEMO_CHART_MAX_CATEGORIES 12

typedef struct
{
  char       *caption;
  gboolean    line;
  guint       n_categories;
  guint       n_series;
  char       *categories[QM_DEMO_CHART_MAX_CATEGORIES];
  const char *series[2];
  double      values[2][QM_DEMO_CHART_MAX_CATEGORIES];
  int         decimals;
  char       *x_title;
  char       *y_title;
  const char *source;
} QmDemoChart;

QmDemoChart *_qm_demo_chart_new  (QmDemoPool   pool,
                                  guint        index,
                                  guint64      seed);
void         _qm_demo_chart_free (QmDemoChart *chart);

/* The statistics annex: one section per chapter, items in a fixed order. */
typedef enum
{
  QM_DEMO_ANNEX_SUMMARY,
  QM_DEMO_ANNEX_TABLE,
  QM_DEMO_ANNEX_CHARTS,
} QmDemoAnnexItemKind;

QmDemoAnnexItemKind _qm_demo_annex_item          (guint    chapter,
                                                  guint    k,
                                                  guint   *indicator,
                                                  guint   *variant);
QmDemoTable        *_qm_demo_annex_summary_new   (guint    chapter,
                                                  guint64  seed);
QmDemoTable        *_qm_demo_annex_table_new     (guint    chapter,
                                                  guint    indicator,
                                                  guint    variant,
                                                  guint64  seed);
QmDemoChart        *_qm_demo_annex_chart_new     (guint    chapter,
                                                  guint    indicator,
                                                  guint64  seed);
guint               _qm_demo_annex_n_indicators  (guint    chapter);

/* The formatted text of a distinctive number in the document's first table. */
char *_qm_demo_document_dup_table_sample (const QmDemoDocumentSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmDemoTable, _qm_demo_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmDemoChart, _qm_demo_chart_free)

G_END_DECLS
