/* qm-document-store.h: the content-addressed PDF store of the server: uploads
 * streamed to a temp file, validated in a sandboxed helper process, fsync'd and
 * renamed to documents/ab/<sha256>.pdf; downloads served from memory maps.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the helper process that opens untrusted PDFs is confined. */
typedef struct
{
  char   *helper_path;       /* quorum-pdf-check, or a test stand-in */
  guint   timeout_ms;        /* wall clock; the helper is killed after it (default 20000) */
  guint   cpu_seconds;       /* RLIMIT_CPU (default 15) */
  guint64 memory_bytes;      /* RLIMIT_AS (default 1 GiB) */
} QmValidatorLimits;

/* What the store knows of a stored document. */
typedef struct
{
  char   *id;                /* lowercase hex SHA-256 */
  char   *title;             /* from the PDF's metadata; NULL when it has none */
  gint64  pages;
  gint64  bytes;
  GArray *page_sizes;        /* of double pairs: width, height in PDF points, page by page */
} QmDocumentInfo;

void qm_document_info_free (QmDocumentInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmDocumentInfo, qm_document_info_free)

#define QM_TYPE_DOCUMENT_STORE (qm_document_store_get_type ())
G_DECLARE_FINAL_TYPE (QmDocumentStore, qm_document_store, QM, DOCUMENT_STORE, GObject)

/* Creates <data_dir>/documents and its tmp/ folder, and removes temp files a
 * crash left behind. */
QmDocumentStore *qm_document_store_new          (const char              *data_dir,
                                                 const QmValidatorLimits *limits,
                                                 GError                 **error);

/* An upload in progress: bytes go to a temp file as they arrive, hashed on the way. */
typedef struct _QmUpload QmUpload;

QmUpload        *qm_upload_new                  (QmDocumentStore         *store,
                                                 guint64                  max_bytes,
                                                 GError                 **error);
/* Past max_bytes the upload is marked too large and further bytes are dropped. */
gboolean         qm_upload_write                (QmUpload                *upload,
                                                 const guint8            *data,
                                                 gsize                    length,
                                                 GError                 **error);
gboolean         qm_upload_is_too_large         (QmUpload                *upload);
guint64          qm_upload_get_size             (QmUpload                *upload);
/* Removes the temp file unless the upload was committed. */
void             qm_upload_free                 (QmUpload                *upload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmUpload, qm_upload_free)

/* Finishes the upload: QM_PROTOCOL_ERROR_TOO_LARGE over the limit,
 * UNSUPPORTED_MEDIA_TYPE unless it starts with "%PDF-" (an empty one
 * included), INVALID_DOCUMENT when the helper cannot open it (it crashed,
 * timed out, ran out of CPU or memory, or said no); otherwise the file is
 * fsync'd and renamed into place (the same bytes twice: the existing file is
 * kept) and the result describes it. Takes the upload; never blocks the
 * calling main context. */
void             qm_document_store_commit_async (QmDocumentStore         *store,
                                                 QmUpload                *upload,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
QmDocumentInfo  *qm_document_store_commit_finish (QmDocumentStore        *store,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* Stores a file already on disk (the demo documents) the same way. */
void             qm_document_store_import_async (QmDocumentStore         *store,
                                                 const char              *path,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
QmDocumentInfo  *qm_document_store_import_finish (QmDocumentStore        *store,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* The document's bytes, memory-mapped (maps are shared and cached; slices of
 * the result cost no copy). NULL with G_IO_ERROR_NOT_FOUND when absent. */
GBytes          *qm_document_store_map          (QmDocumentStore         *store,
                                                 const char              *docid,
                                                 GError                 **error);
gboolean         qm_document_store_contains     (QmDocumentStore         *store,
                                                 const char              *docid);

G_END_DECLS
