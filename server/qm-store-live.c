/* qm-store-live.c: what the live meeting keeps in SQLite: reserved event
 * numbers and the presenter's position.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <string.h>

#include "qm-store-private.h"

void
qm_live_state_clear (QmLiveState *state)
{
  g_clear_pointer (&state->doc, g_free);
}

void
qm_store_get_live_state (QmStore     *self,
                         gint64       meeting_id,
                         QmLiveState *out_state)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT seq_reserved, presenter_user, doc, page "
                                      "FROM meeting_live WHERE meeting_id = ?1;", NULL);

  memset (out_state, 0, sizeof *out_state);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      out_state->seq_reserved = sqlite3_column_int64 (stmt, 0);
      out_state->presenter_user = sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          out_state->doc = qm_db_dup_text (stmt, 2);
          out_state->page = sqlite3_column_int64 (stmt, 3);
        }
    }
  sqlite3_reset (stmt);
}

typedef struct
{
  gint64  meeting_id;
  gint64  number;     /* seq or presenter */
  char   *doc;
  gint64  page;
} LiveChange;

static void
live_change_free (gpointer data)
{
  LiveChange *change = data;

  g_free (change->doc);
  g_free (change);
}

static gboolean
reserve_seq (QmDb     *db,
             gpointer  data,
             gint64   *out_id,
             GError  **error)
{
  LiveChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db, "INSERT INTO meeting_live (meeting_id, seq_reserved) "
                                          "VALUES (?1, ?2) ON CONFLICT (meeting_id) DO UPDATE "
                                          "SET seq_reserved = max(seq_reserved, excluded.seq_reserved);",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, change->number);
  *out_id = change->number;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_reserve_seq_async (QmStore            *self,
                            gint64              meeting_id,
                            gint64              up_to,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  LiveChange *change = g_new0 (LiveChange, 1);

  change->meeting_id = meeting_id;
  change->number = up_to;
  _qm_store_write (self, reserve_seq, change, live_change_free, callback, user_data);
}

static gboolean
save_presenter (QmDb     *db,
                gpointer  data,
                gint64   *out_id,
                GError  **error)
{
  LiveChange *change = data;
  sqlite3_stmt *stmt = qm_db_prepare (db, "INSERT INTO meeting_live (meeting_id, presenter_user, doc, page) "
                                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id) DO UPDATE "
                                          "SET presenter_user = excluded.presenter_user, "
                                          "doc = excluded.doc, page = excluded.page;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  if (change->number > 0)
    sqlite3_bind_int64 (stmt, 2, change->number);
  qm_db_bind_text (stmt, 3, change->doc);
  if (change->doc != NULL)
    sqlite3_bind_int64 (stmt, 4, change->page);
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_save_presenter_async (QmStore            *self,
                               gint64              meeting_id,
                               gint64              presenter_user,
                               const char         *doc,
                               gint64              page,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  LiveChange *change = g_new0 (LiveChange, 1);

  change->meeting_id = meeting_id;
  change->number = presenter_user;
  change->doc = g_strdup (doc);
  change->page = page;
  _qm_store_write (self, save_presenter, change, live_change_free, callback, user_data);
}

gint64
qm_store_agenda_document_pages (QmStore    *self,
                                gint64      meeting_id,
                                const char *docid)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT d.pages FROM item_documents i "
                                      "JOIN agenda_items a ON a.id = i.item_id "
                                      "JOIN documents d ON d.id = i.document_id "
                                      "WHERE a.meeting_id = ?1 AND i.document_id = ?2 LIMIT 1;", NULL);
  gint64 pages = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  qm_db_bind_text (stmt, 2, docid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return pages;
}
