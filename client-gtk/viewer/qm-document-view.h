/* qm-document-view.h
 *
 * The document reader: pages in a continuous column or one at a time, zoom,
 * touch gestures, search, thumbnails and a dark reading mode.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "qm-render-scheduler.h"

G_BEGIN_DECLS

typedef enum
{
  QM_ZOOM_FIT_WIDTH,
  QM_ZOOM_FIT_PAGE,
  QM_ZOOM_FREE,
} QmZoomMode;

#define QM_TYPE_ZOOM_MODE (qm_zoom_mode_get_type ())
GType qm_zoom_mode_get_type (void);

#define QM_TYPE_DOCUMENT_VIEW (qm_document_view_get_type ())

G_DECLARE_FINAL_TYPE (QmDocumentView, qm_document_view, QM, DOCUMENT_VIEW, GtkWidget)

GtkWidget         *qm_document_view_new              (void);
gboolean           qm_document_view_load_file        (QmDocumentView    *self,
                                                      GFile             *file,
                                                      GError           **error);
QmRenderScheduler *qm_document_view_get_scheduler    (QmDocumentView    *self);
void               qm_document_view_set_scheduler    (QmDocumentView    *self,
                                                      QmRenderScheduler *scheduler);
guint              qm_document_view_get_n_pages      (QmDocumentView    *self);
guint              qm_document_view_get_current_page (QmDocumentView    *self);
void               qm_document_view_go_to_page       (QmDocumentView    *self,
                                                      guint              page);
double             qm_document_view_get_zoom         (QmDocumentView    *self);
void               qm_document_view_set_zoom         (QmDocumentView    *self,
                                                      double             zoom);
QmZoomMode         qm_document_view_get_zoom_mode    (QmDocumentView    *self);
void               qm_document_view_set_zoom_mode    (QmDocumentView    *self,
                                                      QmZoomMode         mode);
gboolean           qm_document_view_get_continuous   (QmDocumentView    *self);
void               qm_document_view_set_continuous   (QmDocumentView    *self,
                                                      gboolean           continuous);
gboolean           qm_document_view_get_dark         (QmDocumentView    *self);
void               qm_document_view_set_dark         (QmDocumentView    *self,
                                                      gboolean           dark);
void               qm_document_view_search           (QmDocumentView    *self,
                                                      const char        *text);
guint              qm_document_view_get_n_hits       (QmDocumentView    *self);
GtkWidget         *qm_document_view_get_page_view    (QmDocumentView    *self,
                                                      guint              page);
GtkWidget         *qm_document_view_get_header_bar   (QmDocumentView    *self);

G_END_DECLS
