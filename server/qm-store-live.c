/* qm-store-live.c: what the live meeting keeps in SQLite: reserved event
 * numbers and the presenter's position.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <string.h>

#include "qm-record.h"
#include "qm-store-private.h"

void
qm_live_state_clear (QmLiveState *state)
{
  g_clear_pointer (&state->doc, g_free);
  g_clear_pointer (&state->speaker_since, g_free);
  g_clear_pointer (&state->speaker_queue, g_array_unref);
}

static GArray *
ids_from_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (qm_parse_id (parts[i], &id))
        g_array_append_val (ids, id);
    }
  return ids;
}

static char *
ids_to_text (GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

void
qm_store_get_live_state (QmStore     *self,
                         gint64       meeting_id,
                         QmLiveState *out_state)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT seq_reserved, presenter_user, doc, page, speaker, "
                                      "speaker_since, speaker_queue "
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
      out_state->speaker = sqlite3_column_int64 (stmt, 4);
      if (out_state->speaker > 0)
        out_state->speaker_since = qm_db_dup_text (stmt, 5);
      out_state->speaker_queue = ids_from_text ((const char *) sqlite3_column_text (stmt, 6));
    }
  else
    out_state->speaker_queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_reset (stmt);
}

typedef struct
{
  gint64  meeting_id;
  gint64  number;     /* seq, presenter or speaker */
  char   *doc;        /* or the speaker's start */
  gint64  page;       /* or the previous speaker */
  gint64  item;
  char   *queue;
  gboolean handover;   /* the floor changed hands */
} LiveChange;

static void
live_change_free (gpointer data)
{
  LiveChange *change = data;

  g_free (change->doc);
  g_free (change->queue);
  g_free (change);
}

static gboolean
save_speakers (QmDb     *db,
               gpointer  data,
               gint64   *out_id,
               GError  **error)
{
  LiveChange *change = data;
  const char *since = change->doc;
  JsonObject *body;
  sqlite3_stmt *stmt = qm_db_prepare (db, "INSERT INTO meeting_live (meeting_id, speaker, speaker_since, "
                                          "speaker_queue) VALUES (?1, ?2, ?3, ?4) "
                                          "ON CONFLICT (meeting_id) DO UPDATE SET speaker = excluded.speaker, "
                                          "speaker_since = excluded.speaker_since, "
                                          "speaker_queue = excluded.speaker_queue;", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  if (change->number > 0)
    sqlite3_bind_int64 (stmt, 2, change->number);
  qm_db_bind_text (stmt, 3, change->number > 0 ? since : NULL);
  qm_db_bind_text (stmt, 4, change->queue);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;

  if (!change->handover)
    return TRUE;
  if (change->page > 0)
    {
      if (!(stmt = qm_db_prepare (db, "UPDATE speeches SET ended_at = ?3 WHERE meeting_id = ?1 "
                                      "AND user_id = ?2 AND ended_at IS NULL;", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, change->meeting_id);
      sqlite3_bind_int64 (stmt, 2, change->page);
      qm_db_bind_text (stmt, 3, since);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }

  body = json_object_new ();
  if (change->number > 0)
    json_object_set_int_member (body, "speaker", change->number);
  else
    json_object_set_null_member (body, "speaker");
  if (change->item > 0)
    json_object_set_int_member (body, "item", change->item);
  if (!_qm_record_append (db, change->meeting_id, "floor", body, FALSE, error))
    return FALSE;

  if (change->number > 0)
    {
      if (!(stmt = qm_db_prepare (db, "INSERT INTO speeches (meeting_id, user_id, item_id, started_at) "
                                      "VALUES (?1, ?2, ?3, ?4);", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, change->meeting_id);
      sqlite3_bind_int64 (stmt, 2, change->number);
      if (change->item > 0)
        sqlite3_bind_int64 (stmt, 3, change->item);
      qm_db_bind_text (stmt, 4, since);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

void
qm_store_save_speakers_async (QmStore            *self,
                              gint64              meeting_id,
                              gint64              speaker,
                              const char         *since,
                              GArray             *queue,
                              gboolean            handover,
                              gint64              previous,
                              gint64              item,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  LiveChange *change = g_new0 (LiveChange, 1);

  change->handover = handover;
  change->meeting_id = meeting_id;
  change->number = speaker;
  change->doc = g_strdup (since);
  change->page = previous;
  change->item = item;
  change->queue = ids_to_text (queue);
  _qm_store_write (self, save_speakers, change, live_change_free, callback, user_data);
}

gint64
qm_store_item_of_document (QmStore    *self,
                           gint64      meeting_id,
                           const char *docid)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT a.id FROM item_documents i "
                                      "JOIN agenda_items a ON a.id = i.item_id "
                                      "WHERE a.meeting_id = ?1 AND i.document_id = ?2 "
                                      "ORDER BY a.position LIMIT 1;", NULL);
  gint64 item = 0;

  if (stmt == NULL || docid == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  qm_db_bind_text (stmt, 2, docid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return item;
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
