/* bench-viewer.h: what the parts of the reader's benchmark share.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "qm-document-view.h"

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

/* A window with a document view, and its frame clock watched
 * (bench-viewer-reader.c). */
typedef struct
{
  GtkWidget      *window;
  QmDocumentView *view;
  GdkFrameClock  *clock;
  gboolean        painted;
  guint64         frames;
  gint64          frame_at;   /* when the frame being made began */
  guint           awaited;    /* 1-based; 0: nothing */
  gint64          drawn_at;   /* 0 until the awaited page is drawn */
  gint64          drawn_frame_at;   /* when the frame that drew it began */
  double          drawn_cpu_ms;     /* the main thread's CPU clock then */
  guint64         frames_mark;
  gint64          last_frame_at;
} Reader;

/* The main thread's CPU clock, in ms: what it did, whoever else ran. */
double   thread_cpu_ms        (void);
void     reader_init          (Reader     *reader,
                               int         width,
                               int         height);
void     reader_clear         (Reader     *reader);
/* A new document view in the window, drawn once. */
void     reader_replace_view  (Reader     *reader);
/* Starts watching for page (1-based; 0 for none) to be drawn. */
void     reader_expect        (Reader     *reader,
                               guint       page);
/* Conditions for bench_wait (), their data a Reader. */
gboolean reader_drawn         (gpointer    data);
gboolean reader_settled       (gpointer    data);
gboolean reader_quiet         (gpointer    data);
/* Whether page (1-based) is drawn from a texture at its exact scale. */
gboolean page_sharp           (Reader     *reader,
                               guint       page);
void     reader_save_png      (Reader     *reader,
                               const char *path);

G_END_DECLS
