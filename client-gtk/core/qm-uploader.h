/* qm-uploader.h: uploads local PDF files to the server's document store,
 * streamed from disk, a few at a time, with progress.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_UPLOADER (qm_uploader_get_type ())
G_DECLARE_FINAL_TYPE (QmUploader, qm_uploader, QM, UPLOADER, GObject)

/* The server's document limit when its configuration does not change it
 * (contract, section 4.7); the contract gives clients no way to ask. */
#define QM_UPLOADER_DEFAULT_MAX_BYTES  (G_GUINT64_CONSTANT (200) * 1024 * 1024)
#define QM_UPLOADER_DEFAULT_CONCURRENT 2

/* Bytes of the file sent so far out of its size. Called on the main context:
 * once with sent 0 when the file's size is known, then as the body goes out
 * (at most about 200 times per file), last with sent == total. sent never
 * goes down. */
typedef void (*QmUploadProgressFunc) (guint64  sent_bytes,
                                      guint64  total_bytes,
                                      gpointer user_data);

QmUploader *qm_uploader_new                (QmSession    *session);
QmSession  *qm_uploader_get_session        (QmUploader   *self);

/* How many uploads run at once; more wait in line (default 2). */
guint       qm_uploader_get_max_concurrent (QmUploader   *self);
void        qm_uploader_set_max_concurrent (QmUploader   *self,
                                            guint         max_concurrent);
/* Files over this many bytes fail at once with QM_PROTOCOL_ERROR_TOO_LARGE,
 * without sending anything (default QM_UPLOADER_DEFAULT_MAX_BYTES; 0: no
 * check, the server decides). */
guint64     qm_uploader_get_max_bytes      (QmUploader   *self);
void        qm_uploader_set_max_bytes      (QmUploader   *self,
                                            guint64       max_bytes);
/* Uploads waiting or running ("n-pending" notifies). */
guint       qm_uploader_get_n_pending      (QmUploader   *self);

/* POST /api/v1/documents?name=<the file's display name> with the file's bytes
 * streamed from disk (with a Content-Length). Finishes with the document, or
 * with:
 *  - QM_PROTOCOL_ERROR_TOO_LARGE: over max-bytes (nothing sent) or the server's limit (413);
 *  - QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE: empty, or not starting with "%PDF-"
 *    (checked locally first, nothing sent; or the server's 415);
 *  - QM_PROTOCOL_ERROR_INVALID_DOCUMENT: damaged or protected PDF (422);
 *  - QM_PROTOCOL_ERROR_FORBIDDEN: the account may not upload (403);
 *  - QM_CLIENT_ERROR_*: the network, the server, a dead token (see qm-client-error.h);
 *  - G_IO_ERROR_*: the local file (missing, unreadable, a folder),
 *    G_IO_ERROR_CANCELLED when cancelled, waiting or sending.
 * A cancelled upload leaves nothing on the server. progress may be NULL. */
void        qm_uploader_upload_async       (QmUploader          *self,
                                            GFile               *file,
                                            QmUploadProgressFunc progress,
                                            gpointer             progress_data,
                                            GDestroyNotify       progress_destroy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
QmDocument *qm_uploader_upload_finish      (QmUploader          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
