/* qm-upload-row.h: one file on its way to an agenda item — its progress, a
 * cancel button, and what went wrong if it did.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-uploader.h"

G_BEGIN_DECLS

typedef enum
{
  QM_UPLOAD_STATE_WAITING,     /* in the uploader's line */
  QM_UPLOAD_STATE_SENDING,
  QM_UPLOAD_STATE_ATTACHING,   /* uploaded; being attached to the item */
  QM_UPLOAD_STATE_FAILED,      /* shows why, until dismissed */
} QmUploadState;

#define QM_TYPE_UPLOAD_ROW (qm_upload_row_get_type ())
G_DECLARE_FINAL_TYPE (QmUploadRow, qm_upload_row, QM, UPLOAD_ROW, AdwActionRow)

/* Starts uploading file at once. Emits "progress" (sent, total bytes) as
 * it goes, "uploaded" (a const QmDocument *) when
 * the server has it (the owner then attaches it and calls
 * qm_upload_row_set_attaching, then removes the row or calls
 * qm_upload_row_fail), and "dismissed" when it should go: cancelled, or its
 * error dismissed. */
GtkWidget     *qm_upload_row_new            (QmUploader  *uploader,
                                             GFile       *file);
GFile         *qm_upload_row_get_file       (QmUploadRow *self);
QmUploadState  qm_upload_row_get_state      (QmUploadRow *self);
guint64        qm_upload_row_get_sent       (QmUploadRow *self);
guint64        qm_upload_row_get_total      (QmUploadRow *self);
/* What the row says went wrong, or NULL. */
const char    *qm_upload_row_get_error_text (QmUploadRow *self);
void           qm_upload_row_set_attaching  (QmUploadRow *self);
void           qm_upload_row_fail           (QmUploadRow *self,
                                             const char  *text);
/* Stops the upload; the row is dismissed once the uploader lets go. */
void           qm_upload_row_cancel         (QmUploadRow *self);

G_END_DECLS
