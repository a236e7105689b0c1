/* bench-viewer.h: what the parts of the reader's benchmark share.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*BenchCondition) (gpointer data);

/* Iterates the default main context until condition holds; exits the
 * program with a message naming what after timeout_s seconds. */
void     bench_wait          (BenchCondition  condition,
                              gpointer        data,
                              guint           timeout_s,
                              const char     *what);
/* CPU seconds (user + system) of RUSAGE_SELF or RUSAGE_CHILDREN. */
double   bench_cpu_seconds   (int             who);
/* The median of values (sorted in place); 0 for none. */
double   bench_median        (GArray         *doubles);

typedef struct
{
  double pages_per_s;        /* median over the rounds */
  double cpu_ms_per_page;    /* median over the rounds */
} BenchRate;

typedef struct
{
  guint     pages;
  guint     rounds;
  int       width;
  int       height;
  BenchRate viewer;            /* the cache full: what a reader sees */
  BenchRate viewer_filling;    /* a fresh scheduler, its cache filling */
  BenchRate poppler;
  BenchRate pdftoppm;
  gboolean  have_pdftoppm;
  char     *pdftoppm_dir;      /* where its PPM files went */
} BenchRenderNumbers;

/* Renders the first pages of the PDF at path, width pixels wide, through
 * QmRenderScheduler (after as many others, to fill its cache), a bare
 * poppler loop and pdftoppm, in rounds that take turns. */
gboolean bench_render_compare (const char          *path,
                               guint                pages,
                               int                  width,
                               guint                rounds,
                               BenchRenderNumbers  *out,
                               GError             **error);

G_END_DECLS
