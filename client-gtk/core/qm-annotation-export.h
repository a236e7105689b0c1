/* qm-annotation-export.h: a copy of a meeting document with the user's
 * annotations written into it as real PDF annotations, for reading and
 * printing anywhere.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-meeting-model.h"

G_BEGIN_DECLS

#define QM_ANNOTATION_EXPORT_ERROR (qm_annotation_export_error_quark ())

typedef enum
{
  QM_ANNOTATION_EXPORT_ERROR_OPEN,    /* the source is not a PDF poppler can open */
  QM_ANNOTATION_EXPORT_ERROR_WRITE,   /* the copy could not be written */
} QmAnnotationExportError;

GQuark   qm_annotation_export_error_quark (void);

/*
 * What each kind becomes (poppler-glib 22.12, what Debian 12 ships):
 *
 *  note       a text annotation ("sticky note", icon Note, yellow) whose
 *             20 × 20 pt icon has its top-left corner at the note's point
 *             (moved inside the page when the point is at its right or
 *             bottom edge); its contents are the note's text.
 *  highlight  a highlight (text markup) annotation, one quadrilateral per
 *             quad, in the highlight's colour.
 *  ink        poppler-glib 22.12 cannot create ink annotations (nor
 *             polylines), so each stroke becomes line annotations, one per
 *             segment, in the stroke's colour, after dropping points that
 *             lie within 0.3 pt of the line through their neighbours; a
 *             one-point stroke (a dot) becomes a filled circle of the ink's
 *             width. 22.12 cannot set a border width either: lines are
 *             drawn with PDF's default of 1 pt whatever the ink's width, and
 *             pressure is not kept.
 *
 * Every annotation's label (its author, /T) is the author's display name
 * from names (a meeting model), or empty. Our coordinates are PDF points
 * from the page's top-left; PDF annotations count from the bottom-left of
 * the crop box, so y becomes crop-box height − y. Pages with a /Rotate are
 * not turned back (poppler-glib 22.12 does not say a page's rotation):
 * annotations on them land in the unrotated page's frame.
 */

/* Writes a copy of the PDF at source_path to dest_path (replaced atomically:
 * a temporary file in the same folder, synced, then renamed) with the
 * annotations added to what the document already holds. annotations are
 * QmAnnotation of this document, copied (for the user's own and the shared
 * ones, see qm_annotation_store_list with QM_ANNOTATION_LIST_ALL, or
 * _OWN for the user's alone); one on a page the document does not have, or
 * one that breaks the protocol's rules, is left out. names (for the labels)
 * may be NULL. poppler runs on a worker thread; cancelling stops it and
 * leaves dest_path as it was. */
void     qm_annotation_export_async  (const char          *source_path,
                                      const char          *dest_path,
                                      GPtrArray           *annotations,
                                      QmMeetingModel      *names,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* out_n_written: how many of the annotations were written. */
gboolean qm_annotation_export_finish (GAsyncResult        *result,
                                      guint               *out_n_written,
                                      GError             **error);

G_END_DECLS
