/* qm-document-cache.h: the meeting documents on disk, downloaded once,
 * verified against their SHA-256 id, and readable offline.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_DOCUMENT_CACHE (qm_document_cache_get_type ())
G_DECLARE_FINAL_TYPE (QmDocumentCache, qm_document_cache, QM, DOCUMENT_CACHE, GObject)

/* Overall progress of qm_document_cache_fetch_meeting_async: bytes of the
 * meeting's documents done (downloaded, or found in the cache) out of all. */
typedef void (*QmDocumentProgressFunc) (guint64  done_bytes,
                                        guint64  total_bytes,
                                        guint    done_documents,
                                        guint    n_documents,
                                        gpointer user_data);

/* directory NULL: $XDG_CACHE_HOME/quorum/documents. */
QmDocumentCache *qm_document_cache_new                 (QmSession        *session,
                                                        const char       *directory);
const char      *qm_document_cache_get_directory       (QmDocumentCache  *self);
/* Where a document lives in the cache: DIR/ab/<docid>.pdf (whether there or not). */
char            *qm_document_cache_get_path            (QmDocumentCache  *self,
                                                        const char       *docid);

/* Offline: the local path if the file is there and its SHA-256 is docid
 * (checked once per cache object, then remembered), else NULL. A file that
 * fails the check is removed. Blocking (hashes the file the first time), so
 * not for the main loop of an application: use the _async form there. */
char            *qm_document_cache_lookup              (QmDocumentCache  *self,
                                                        const char       *docid);
/* The same, hashing on a worker thread. Finishes with the path; NULL without
 * an error when the document is not in the cache; NULL with
 * QM_CLIENT_ERROR_VERIFICATION when the file was damaged (it is removed). */
void             qm_document_cache_lookup_async        (QmDocumentCache  *self,
                                                        const char       *docid,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
char            *qm_document_cache_lookup_finish       (QmDocumentCache  *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);

/* Whether the file's SHA-256 is docid (QM_CLIENT_ERROR_VERIFICATION if not).
 * Blocking. */
gboolean         qm_document_cache_verify_file         (const char       *path,
                                                        const char       *docid,
                                                        GCancellable     *cancellable,
                                                        GError          **error);

/* Makes sure the document is in the cache. A cached file is verified (on a
 * worker thread) and revalidated with If-None-Match (304 keeps it); a bad one
 * is replaced. Downloads stream to a temp file, hashed on the way, and are
 * renamed into place only when the hash matches; nothing is kept otherwise.
 * The "progress" signal reports the bytes. Finishes with the local path;
 * out_downloaded tells whether bytes came over the network (FALSE on 304). */
void             qm_document_cache_fetch_async         (QmDocumentCache  *self,
                                                        const char       *docid,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
char            *qm_document_cache_fetch_finish        (QmDocumentCache  *self,
                                                        GAsyncResult     *result,
                                                        gboolean         *out_downloaded,
                                                        GError          **error);

/* Fetches every document on the meeting's agenda, one after another; the
 * first failure ends it (cancel to stop). progress may be NULL; it is called
 * on the main context, at least once at the start and once at the end. */
void             qm_document_cache_fetch_meeting_async (QmDocumentCache  *self,
                                                        const QmMeeting  *meeting,
                                                        QmDocumentProgressFunc progress,
                                                        gpointer          progress_data,
                                                        GDestroyNotify    progress_destroy,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
gboolean         qm_document_cache_fetch_meeting_finish (QmDocumentCache *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);

G_END_DECLS
