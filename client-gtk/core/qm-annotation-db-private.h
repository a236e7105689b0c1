/* qm-annotation-db-private.h: the annotation store's SQLite file — the
 * server's copies and the outbox of one (server, user, meeting).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

typedef struct _QmAnnotationDb QmAnnotationDb;

/* Errors are QM_ANNOTATION_STORE_ERROR_DATABASE. */
QmAnnotationDb *_qm_annotation_db_open          (const char      *path,
                                                 const char      *server_url,
                                                 gint64           user_id,
                                                 gint64           meeting_id,
                                                 GError         **error);
void            _qm_annotation_db_close         (QmAnnotationDb  *db);

/* Rows that do not parse (a damaged file) are skipped. annotation is
 * handed over to the callback. */
typedef void  (*QmAnnotationDbKnownFunc)        (gint64           position,
                                                 QmAnnotation    *annotation,
                                                 gpointer         user_data);
/* put is NULL for a delete. */
typedef void  (*QmAnnotationDbOpFunc)           (gint64           seq,
                                                 const char      *id,
                                                 QmAnnotation    *put,
                                                 gint64           base_rev,
                                                 gpointer         user_data);
gboolean        _qm_annotation_db_load          (QmAnnotationDb          *db,
                                                 QmAnnotationDbKnownFunc  known_func,
                                                 QmAnnotationDbOpFunc     op_func,
                                                 gpointer                 user_data,
                                                 GError                 **error);

gboolean        _qm_annotation_db_begin         (QmAnnotationDb  *db,
                                                 GError         **error);
gboolean        _qm_annotation_db_commit        (QmAnnotationDb  *db,
                                                 GError         **error);
void            _qm_annotation_db_rollback      (QmAnnotationDb  *db);

/* The server's copies. */
gboolean        _qm_annotation_db_put_known     (QmAnnotationDb     *db,
                                                 const QmAnnotation *annotation,
                                                 gint64              position,
                                                 GError            **error);
gboolean        _qm_annotation_db_delete_known  (QmAnnotationDb  *db,
                                                 const char      *id,
                                                 GError         **error);
gboolean        _qm_annotation_db_clear_known   (QmAnnotationDb  *db,
                                                 GError         **error);

/* The outbox: returns the new edit's seq (> 0), or 0 on failure. */
gint64          _qm_annotation_db_add_op        (QmAnnotationDb     *db,
                                                 const char         *id,
                                                 const QmAnnotation *put,
                                                 gint64              base_rev,
                                                 GError            **error);
gboolean        _qm_annotation_db_update_op     (QmAnnotationDb     *db,
                                                 gint64              seq,
                                                 const char         *id,
                                                 const QmAnnotation *put,
                                                 gint64              base_rev,
                                                 GError            **error);
gboolean        _qm_annotation_db_remove_op     (QmAnnotationDb  *db,
                                                 gint64           seq,
                                                 GError         **error);

G_END_DECLS
