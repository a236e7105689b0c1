/* qm-render-scheduler.h
 *
 * Renders the pages of one PDF on a worker thread, in priority order, into a
 * byte-budgeted cache of GdkTextures.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define QM_RENDER_ERROR (qm_render_error_quark ())

typedef enum
{
  QM_RENDER_ERROR_OPEN,
  QM_RENDER_ERROR_ENCRYPTED,
  QM_RENDER_ERROR_EMPTY,
} QmRenderError;

GQuark qm_render_error_quark (void);

/* One search hit, in page points with the origin at the page's top left. */
typedef struct
{
  guint  page;
  double x1;
  double y1;
  double x2;
  double y2;
} QmTextHit;

#define QM_RENDER_DEFAULT_BUDGET (256 * 1024 * 1024)

#define QM_TYPE_RENDER_SCHEDULER (qm_render_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (QmRenderScheduler, qm_render_scheduler, QM, RENDER_SCHEDULER, GObject)

QmRenderScheduler *qm_render_scheduler_new_for_file  (GFile              *file,
                                                      GError            **error);
QmRenderScheduler *qm_render_scheduler_new_for_bytes (GBytes             *bytes,
                                                      GError            **error);
QmRenderScheduler *qm_render_scheduler_new_sibling   (QmRenderScheduler  *self,
                                                      GError            **error);
GFile             *qm_render_scheduler_get_file      (QmRenderScheduler  *self);
GBytes            *qm_render_scheduler_get_bytes     (QmRenderScheduler  *self);
guint              qm_render_scheduler_get_n_pages   (QmRenderScheduler  *self);
void               qm_render_scheduler_get_page_size (QmRenderScheduler  *self,
                                                      guint               page,
                                                      double             *width,
                                                      double             *height);
const char        *qm_render_scheduler_get_title     (QmRenderScheduler  *self);
void               qm_render_scheduler_set_budget    (QmRenderScheduler  *self,
                                                      gsize               budget);
gsize              qm_render_scheduler_get_budget    (QmRenderScheduler  *self);
gsize              qm_render_scheduler_get_cache_bytes (QmRenderScheduler *self);
gsize              qm_render_scheduler_get_pixel_bytes (QmRenderScheduler *self);
void               qm_render_scheduler_request       (QmRenderScheduler  *self,
                                                      guint               page,
                                                      double              scale,
                                                      guint               priority);
void               qm_render_scheduler_cancel        (QmRenderScheduler  *self,
                                                      guint               page);
void               qm_render_scheduler_set_wanted    (QmRenderScheduler  *self,
                                                      guint               first_visible,
                                                      guint               last_visible,
                                                      guint               current,
                                                      double              scale,
                                                      guint               prefetch);
gboolean           qm_render_scheduler_is_pending    (QmRenderScheduler  *self,
                                                      guint               page);
GdkTexture        *qm_render_scheduler_lookup        (QmRenderScheduler  *self,
                                                      guint               page,
                                                      double              scale,
                                                      gboolean           *exact);
void               qm_render_scheduler_find_text_async  (QmRenderScheduler   *self,
                                                         const char          *text,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GArray            *qm_render_scheduler_find_text_finish (QmRenderScheduler   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
