/* qm-db.h: one SQLite connection with its cache of prepared statements and
 * the translation of SQLite failures into errors. Holds no SQL of its own
 * beyond connection settings; the store files hold the rest.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _QmDb QmDb;

typedef enum
{
  QM_DB_READ_WRITE,
  QM_DB_READ_ONLY,
} QmDbMode;

QmDb         *qm_db_open       (const char  *path,
                                QmDbMode     mode,
                                GError     **error);
void          qm_db_close      (QmDb        *db);
sqlite3      *qm_db_handle     (QmDb        *db);

/* A cached statement for this SQL text, reset and with bindings cleared.
 * Keyed by the string's address: pass string literals. */
sqlite3_stmt *qm_db_prepare    (QmDb        *db,
                                const char  *sql,
                                GError     **error);
/* Runs statements that return no rows (a script of several is fine). */
gboolean      qm_db_exec       (QmDb        *db,
                                const char  *sql,
                                GError     **error);
/* Steps a prepared statement that returns no rows. */
gboolean      qm_db_step_done  (QmDb        *db,
                                sqlite3_stmt *stmt,
                                GError     **error);
/* Sets error from the connection's last failure and returns FALSE. */
gboolean      qm_db_fail       (QmDb        *db,
                                GError     **error);
gint64        qm_db_int_pragma (QmDb        *db,
                                const char  *pragma);

/* Binds text, or NULL. */
void          qm_db_bind_text  (sqlite3_stmt *stmt,
                                int           index,
                                const char   *text);
/* Column text as a new string ("" for NULL). */
char         *qm_db_dup_text   (sqlite3_stmt *stmt,
                                int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmDb, qm_db_close)

G_END_DECLS
