/* qm-store-private.h: what the store's files share: the connections and the
 * writer queue.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-db.h"
#include "qm-store.h"

G_BEGIN_DECLS

/* Runs on the writer thread inside the batch's transaction (in a savepoint of
 * its own, so a failure undoes only this change). */
typedef gboolean (*QmStoreWriteFunc) (QmDb     *db,
                                      gpointer  data,
                                      gint64   *out_id,
                                      GError  **error);

/* The main-thread connection, for reads. */
QmDb *_qm_store_reader (QmStore *self);

/* qm_store_document_readable's answers ("docid/user" → readable), emptied
 * whenever a batch has committed since they were given. Main thread only. */
GHashTable *_qm_store_readable_cache (QmStore *self);

/* Queues a change; callback runs in the calling thread's main context once
 * the batch holding it is committed (or failed). Takes data. */
void  _qm_store_write  (QmStore            *self,
                        QmStoreWriteFunc    func,
                        gpointer            data,
                        GDestroyNotify      destroy,
                        GAsyncReadyCallback callback,
                        gpointer            user_data);

/* The same; checkpoint: once committed, fold the write-ahead log into the
 * database and truncate it before anyone is told. */
void  _qm_store_write_full (QmStore            *self,
                            QmStoreWriteFunc    func,
                            gpointer            data,
                            GDestroyNotify      destroy,
                            gboolean            checkpoint,
                            GAsyncReadyCallback callback,
                            gpointer            user_data);

/* Row readers shared between the store files. */
QmUser *_qm_store_user_from_row (sqlite3_stmt *stmt);   /* id, username, display_name, roles */

G_END_DECLS
