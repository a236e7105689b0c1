/* qm-page-view.h
 *
 * One PDF page on screen: its rendered texture, a placeholder while it
 * renders, and the search hits on it.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "qm-render-scheduler.h"

G_BEGIN_DECLS

#define QM_TYPE_PAGE_VIEW (qm_page_view_get_type ())

G_DECLARE_FINAL_TYPE (QmPageView, qm_page_view, QM, PAGE_VIEW, GtkWidget)

GtkWidget         *qm_page_view_new           (QmRenderScheduler *scheduler,
                                               guint              index);
QmRenderScheduler *qm_page_view_get_scheduler (QmPageView        *self);
void               qm_page_view_set_scheduler (QmPageView        *self,
                                               QmRenderScheduler *scheduler);
guint              qm_page_view_get_index     (QmPageView        *self);
void               qm_page_view_set_index     (QmPageView        *self,
                                               guint              index);
double             qm_page_view_get_zoom      (QmPageView        *self);
void               qm_page_view_set_zoom      (QmPageView        *self,
                                               double             zoom);
gboolean           qm_page_view_get_dark      (QmPageView        *self);
void               qm_page_view_set_dark      (QmPageView        *self,
                                               gboolean           dark);
gboolean           qm_page_view_get_rendered  (QmPageView        *self);
void               qm_page_view_set_hits      (QmPageView        *self,
                                               const QmTextHit   *hits,
                                               guint              n_hits,
                                               int                current_hit);
void               qm_page_view_update        (QmPageView        *self);
void               qm_page_view_set_overlay   (QmPageView        *self,
                                               GtkWidget         *overlay);
GtkWidget         *qm_page_view_get_overlay   (QmPageView        *self);

G_END_DECLS
