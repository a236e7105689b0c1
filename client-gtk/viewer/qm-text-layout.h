/* qm-text-layout.h
 *
 * Where each character of a page's text lies, read with poppler off the main
 * thread from a document of its own, and the selection between two points
 * snapped to whole words (for the highlighter).
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qm-render-scheduler.h"

G_BEGIN_DECLS

/* A rectangle in page points, origin at the page's top left. */
typedef struct
{
  double x1;
  double y1;
  double x2;
  double y2;
} QmTextRect;

#define QM_TYPE_TEXT_LAYOUT (qm_text_layout_get_type ())

G_DECLARE_FINAL_TYPE (QmTextLayout, qm_text_layout, QM, TEXT_LAYOUT, GObject)

QmTextLayout *qm_text_layout_new         (QmRenderScheduler   *scheduler);
void          qm_text_layout_load_async  (QmTextLayout        *self,
                                          guint                page,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      qm_text_layout_load_finish (QmTextLayout        *self,
                                          GAsyncResult        *result,
                                          GError             **error);
gboolean      qm_text_layout_is_loaded   (QmTextLayout        *self,
                                          guint                page);
GArray       *qm_text_layout_snap        (QmTextLayout        *self,
                                          guint                page,
                                          double               ax,
                                          double               ay,
                                          double               bx,
                                          double               by);

GArray       *qm_text_snap               (const char          *text,
                                          const QmTextRect    *chars,
                                          guint                n_chars,
                                          double               ax,
                                          double               ay,
                                          double               bx,
                                          double               by);

G_END_DECLS
