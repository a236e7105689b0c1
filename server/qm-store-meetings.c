/* qm-store-meetings.c: meetings, participants, proxies and agenda items in SQLite.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include "qm-record.h"
#include "qm-store-private.h"

static gboolean
not_found (GError    **error,
           const char *what)
{
  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND, "no such %s", what);
  return FALSE;
}

static gint64
unix_time_of (const char *rfc3339)
{
  g_autoptr(GDateTime) time = qm_time_parse_rfc3339 (rfc3339);

  return time ? g_date_time_to_unix (time) : 0;
}

/* A query that returns one integer, or fallback when it returns no row; binds
 * a and b to ?1 and ?2 (a query without ?2 ignores b). */
static gint64
query_int (QmDb        *db,
           const char  *sql,
           gint64       a,
           gint64       b,
           gint64       fallback)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, sql, NULL);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Reads */

gboolean
qm_store_meeting_exists (QmStore *self,
                         gint64   meeting_id)
{
  return query_int (_qm_store_reader (self), "SELECT 1 FROM meetings WHERE id = ?1;",
                    meeting_id, 0, 0) == 1;
}

static QmMeetingRole
role_from_column (sqlite3_stmt *stmt,
                  int           column)
{
  QmMeetingRole role = QM_MEETING_ROLE_NONE;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    qm_meeting_role_from_string ((const char *) sqlite3_column_text (stmt, column), &role);
  return role;
}

static QmMeetingRole role_in (QmDb *db, gint64 meeting_id, gint64 user_id);

QmMeetingRole
qm_store_get_role (QmStore *self,
                   gint64   meeting_id,
                   gint64   user_id)
{
  return role_in (_qm_store_reader (self), meeting_id, user_id);
}

gboolean
qm_store_is_secretary_anywhere (QmStore *self,
                                gint64   user_id)
{
  return query_int (_qm_store_reader (self), "SELECT 1 FROM participants "
                                             "WHERE user_id = ?1 AND role = 'secretary' LIMIT 1;",
                    user_id, 0, 0) == 1;
}

#define PARTICIPANT_SELECT                                                         \
  "SELECT p.user_id, u.display_name, p.role, p.proxy_holder "                      \
  "FROM participants p JOIN users u ON u.id = p.user_id "

static QmParticipant *
participant_from_row (sqlite3_stmt *stmt)
{
  QmParticipant *participant = qm_participant_new ();

  participant->user_id = sqlite3_column_int64 (stmt, 0);
  participant->display_name = qm_db_dup_text (stmt, 1);
  participant->role = role_from_column (stmt, 2);
  participant->proxy_holder = sqlite3_column_int64 (stmt, 3);
  return participant;
}

QmParticipant *
qm_store_get_participant (QmStore *self,
                          gint64   meeting_id,
                          gint64   user_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      PARTICIPANT_SELECT
                                      "WHERE p.meeting_id = ?1 AND p.user_id = ?2;", NULL);
  QmParticipant *participant = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    participant = participant_from_row (stmt);
  sqlite3_reset (stmt);
  return participant;
}

static void
read_item_documents (QmDb         *db,
                     QmAgendaItem *item)
{
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "SELECT d.id, i.title, d.pages, d.bytes "
                                      "FROM item_documents i JOIN documents d ON d.id = i.document_id "
                                      "WHERE i.item_id = ?1 ORDER BY i.position;", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, item->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmItemDocument *document = qm_item_document_new ();

      document->id = qm_db_dup_text (stmt, 0);
      document->title = qm_db_dup_text (stmt, 1);
      document->pages = sqlite3_column_int64 (stmt, 2);
      document->bytes = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (item->documents, document);
    }
  sqlite3_reset (stmt);
}

static QmAgendaItem *
agenda_item_from_row (sqlite3_stmt *stmt)
{
  QmAgendaItem *item = qm_agenda_item_new ();

  item->id = sqlite3_column_int64 (stmt, 0);
  item->position = sqlite3_column_int64 (stmt, 1);
  item->title = qm_db_dup_text (stmt, 2);
  g_free (item->description);
  item->description = qm_db_dup_text (stmt, 3);
  return item;
}

QmAgendaItem *
qm_store_get_agenda_item (QmStore *self,
                          gint64   meeting_id,
                          gint64   item_id)
{
  QmDb *db = _qm_store_reader (self);
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "SELECT id, position, title, description FROM agenda_items "
                                      "WHERE meeting_id = ?1 AND id = ?2;", NULL);
  QmAgendaItem *item = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item = agenda_item_from_row (stmt);
  sqlite3_reset (stmt);

  if (item != NULL)
    read_item_documents (db, item);
  return item;
}

QmMeeting *
qm_store_get_meeting (QmStore *self,
                      gint64   meeting_id)
{
  QmDb *db = _qm_store_reader (self);
  g_autoptr(QmMeeting) meeting = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = qm_db_prepare (db, "SELECT id, title, starts_at, location, require_quorum "
                                  "FROM meetings WHERE id = ?1;", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      meeting = qm_meeting_new ();
      meeting->id = sqlite3_column_int64 (stmt, 0);
      meeting->title = qm_db_dup_text (stmt, 1);
      meeting->starts_at = qm_db_dup_text (stmt, 2);
      meeting->location = qm_db_dup_text (stmt, 3);
      meeting->require_quorum = sqlite3_column_int (stmt, 4) != 0;
    }
  sqlite3_reset (stmt);
  if (meeting == NULL)
    return NULL;

  if (!(stmt = qm_db_prepare (db, PARTICIPANT_SELECT "WHERE p.meeting_id = ?1 ORDER BY "
                                  "CASE p.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 "
                                  "WHEN 'delegate' THEN 2 ELSE 3 END, u.display_name, u.id;", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (meeting->participants, participant_from_row (stmt));
  sqlite3_reset (stmt);

  if (!(stmt = qm_db_prepare (db, "SELECT id, position, title, description FROM agenda_items "
                                  "WHERE meeting_id = ?1 ORDER BY position;", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (meeting->agenda, agenda_item_from_row (stmt));
  sqlite3_reset (stmt);

  for (guint i = 0; i < meeting->agenda->len; i++)
    read_item_documents (db, g_ptr_array_index (meeting->agenda, i));

  return g_steal_pointer (&meeting);
}

GPtrArray *
qm_store_list_meetings (QmStore  *self,
                        gint64    user_id,
                        gboolean  all)
{
  /* Upcoming meetings first, soonest first; then past ones, latest first. */
  static const char sql_all[] =
    "SELECT m.id, m.title, m.starts_at, m.location, p.role FROM meetings m "
    "LEFT JOIN participants p ON p.meeting_id = m.id AND p.user_id = ?1 "
    "ORDER BY m.starts_at_unix < ?2, "
    "CASE WHEN m.starts_at_unix >= ?2 THEN m.starts_at_unix END, m.starts_at_unix DESC, m.id;";
  static const char sql_mine[] =
    "SELECT m.id, m.title, m.starts_at, m.location, p.role FROM meetings m "
    "JOIN participants p ON p.meeting_id = m.id AND p.user_id = ?1 "
    "ORDER BY m.starts_at_unix < ?2, "
    "CASE WHEN m.starts_at_unix >= ?2 THEN m.starts_at_unix END, m.starts_at_unix DESC, m.id;";
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self), all ? sql_all : sql_mine, NULL);
  GPtrArray *meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_meeting_summary_free);
  /* A meeting that began this morning still counts as upcoming. */
  gint64 cutoff = g_get_real_time () / G_USEC_PER_SEC - 12 * 3600;

  if (stmt == NULL)
    return meetings;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, cutoff);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmMeetingSummary *summary = qm_meeting_summary_new ();

      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->title = qm_db_dup_text (stmt, 1);
      summary->starts_at = qm_db_dup_text (stmt, 2);
      summary->location = qm_db_dup_text (stmt, 3);
      summary->role = role_from_column (stmt, 4);
      g_ptr_array_add (meetings, summary);
    }
  sqlite3_reset (stmt);
  return meetings;
}

/* Changes */

typedef struct
{
  gint64         meeting_id;
  gint64         user_id;       /* participant, member, or creator */
  gint64         other;         /* holder, item */
  guint          limit;
  QmMeetingRole  role;
  gboolean       has_flag;
  gboolean       flag;
  char          *title;
  char          *starts_at;
  char          *location;
  char          *description;
  char          *text;
  GArray        *ids;
} Change;

static Change *
change_new (gint64 meeting_id,
            gint64 user_id)
{
  Change *change = g_new0 (Change, 1);

  change->meeting_id = meeting_id;
  change->user_id = user_id;
  return change;
}

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->title);
  g_free (change->starts_at);
  g_free (change->location);
  g_free (change->description);
  g_free (change->text);
  g_clear_pointer (&change->ids, g_array_unref);
  g_free (change);
}

static gboolean
meeting_exists (QmDb   *db,
                gint64  meeting_id)
{
  return query_int (db, "SELECT 1 FROM meetings WHERE id = ?1;", meeting_id, 0, 0) == 1;
}

static gboolean
write_meeting (QmDb     *db,
               gpointer  data,
               gint64   *out_id,
               GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;

  if (!(stmt = qm_db_prepare (db, "INSERT INTO meetings (title, starts_at, starts_at_unix, location, "
                                  "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6);", error)))
    return FALSE;
  qm_db_bind_text (stmt, 1, change->title);
  qm_db_bind_text (stmt, 2, change->starts_at);
  sqlite3_bind_int64 (stmt, 3, unix_time_of (change->starts_at));
  qm_db_bind_text (stmt, 4, change->location ? change->location : "");
  sqlite3_bind_int64 (stmt, 5, change->user_id);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (qm_db_handle (db));

  if (!(stmt = qm_db_prepare (db, "INSERT INTO participants (meeting_id, user_id, role) "
                                  "VALUES (?1, ?2, 'secretary');", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *out_id);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_create_meeting_async (QmStore               *self,
                               const QmMeetingCreate *request,
                               gint64                 creator,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  Change *change = change_new (0, creator);

  change->title = g_strdup (request->title);
  change->starts_at = g_strdup (request->starts_at);
  change->location = g_strdup (request->location);
  _qm_store_write (self, write_meeting, change, change_free, callback, user_data);
}

static gboolean
update_meeting (QmDb     *db,
                gpointer  data,
                gint64   *out_id,
                GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;

  if (!meeting_exists (db, change->meeting_id))
    return not_found (error, "meeting");

  if (!(stmt = qm_db_prepare (db, "UPDATE meetings SET title = coalesce(?2, title), "
                                  "starts_at = coalesce(?3, starts_at), "
                                  "starts_at_unix = coalesce(?4, starts_at_unix), "
                                  "location = coalesce(?5, location), "
                                  "require_quorum = coalesce(?6, require_quorum) WHERE id = ?1;",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->title);
  qm_db_bind_text (stmt, 3, change->starts_at);
  if (change->starts_at != NULL)
    sqlite3_bind_int64 (stmt, 4, unix_time_of (change->starts_at));
  qm_db_bind_text (stmt, 5, change->location);
  if (change->has_flag)
    sqlite3_bind_int (stmt, 6, change->flag);
  *out_id = change->meeting_id;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_update_meeting_async (QmStore              *self,
                               gint64                meeting_id,
                               const QmMeetingPatch *patch,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->title = g_strdup (patch->title);
  change->starts_at = g_strdup (patch->starts_at);
  change->location = g_strdup (patch->location);
  change->has_flag = patch->has_require_quorum;
  change->flag = patch->require_quorum;
  _qm_store_write (self, update_meeting, change, change_free, callback, user_data);
}

static QmMeetingRole
role_in (QmDb   *db,
         gint64  meeting_id,
         gint64  user_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT role FROM participants "
                                          "WHERE meeting_id = ?1 AND user_id = ?2;", NULL);
  QmMeetingRole role = QM_MEETING_ROLE_NONE;

  if (stmt == NULL)
    return role;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    role = role_from_column (stmt, 0);
  sqlite3_reset (stmt);
  return role;
}

static gboolean
keeps_a_secretary (QmDb    *db,
                   gint64   meeting_id,
                   gint64   leaving,
                   GError **error)
{
  gint64 others = query_int (db, "SELECT count(*) FROM participants WHERE meeting_id = ?1 "
                                 "AND role = 'secretary' AND user_id != ?2;",
                             meeting_id, leaving, 0);

  if (others == 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                           "a meeting keeps at least one secretary");
      return FALSE;
    }
  return TRUE;
}

/* A member who is no longer a voting member neither gives nor holds a proxy. */
static gboolean
drop_proxies_of (QmDb    *db,
                 gint64   meeting_id,
                 gint64   user_id,
                 GError **error)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "UPDATE participants SET proxy_holder = NULL "
                                          "WHERE meeting_id = ?1 AND (user_id = ?2 OR proxy_holder = ?2);",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  return qm_db_step_done (db, stmt, error);
}

static gboolean
put_participant (QmDb     *db,
                 gpointer  data,
                 gint64   *out_id,
                 GError  **error)
{
  Change *change = data;
  QmMeetingRole current;
  sqlite3_stmt *stmt;

  if (!meeting_exists (db, change->meeting_id))
    return not_found (error, "meeting");
  if (query_int (db, "SELECT 1 FROM users WHERE id = ?1;", change->user_id, 0, 0) != 1)
    return not_found (error, "user");

  current = role_in (db, change->meeting_id, change->user_id);
  if (current == QM_MEETING_ROLE_SECRETARY && change->role != QM_MEETING_ROLE_SECRETARY
      && !keeps_a_secretary (db, change->meeting_id, change->user_id, error))
    return FALSE;
  if (!qm_meeting_role_is_voting (change->role)
      && !drop_proxies_of (db, change->meeting_id, change->user_id, error))
    return FALSE;

  if (!(stmt = qm_db_prepare (db, "INSERT INTO participants (meeting_id, user_id, role) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT (meeting_id, user_id) "
                                  "DO UPDATE SET role = excluded.role;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  qm_db_bind_text (stmt, 3, qm_meeting_role_to_string (change->role));
  *out_id = change->user_id;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_put_participant_async (QmStore            *self,
                                gint64              meeting_id,
                                gint64              user_id,
                                QmMeetingRole       role,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  Change *change = change_new (meeting_id, user_id);

  change->role = role;
  _qm_store_write (self, put_participant, change, change_free, callback, user_data);
}

static gboolean
delete_participant (QmDb     *db,
                    gpointer  data,
                    gint64   *out_id,
                    GError  **error)
{
  Change *change = data;
  QmMeetingRole current = role_in (db, change->meeting_id, change->user_id);
  sqlite3_stmt *stmt;

  if (current == QM_MEETING_ROLE_NONE)
    return not_found (error, "participant");
  if (current == QM_MEETING_ROLE_SECRETARY
      && !keeps_a_secretary (db, change->meeting_id, change->user_id, error))
    return FALSE;
  if (!drop_proxies_of (db, change->meeting_id, change->user_id, error))
    return FALSE;

  if (!(stmt = qm_db_prepare (db, "DELETE FROM participants WHERE meeting_id = ?1 AND user_id = ?2;",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  *out_id = change->user_id;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_delete_participant_async (QmStore            *self,
                                   gint64              meeting_id,
                                   gint64              user_id,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  _qm_store_write (self, delete_participant, change_new (meeting_id, user_id), change_free,
                   callback, user_data);
}

static gboolean
record_proxy (QmDb    *db,
              gint64   meeting_id,
              gint64   member,
              gint64   holder,
              GError **error)
{
  JsonObject *body = json_object_new ();

  json_object_set_int_member (body, "member", member);
  if (holder > 0)
    json_object_set_int_member (body, "holder", holder);
  else
    json_object_set_null_member (body, "holder");
  return _qm_record_append (db, meeting_id, "proxy", body, FALSE, error);
}

static gboolean
put_proxy (QmDb     *db,
           gpointer  data,
           gint64   *out_id,
           GError  **error)
{
  Change *change = data;
  gint64 member = change->user_id, holder = change->other;
  sqlite3_stmt *stmt;

  if (role_in (db, change->meeting_id, member) == QM_MEETING_ROLE_NONE)
    return not_found (error, "participant");
  if (!qm_meeting_role_is_voting (role_in (db, change->meeting_id, member))
      || !qm_meeting_role_is_voting (role_in (db, change->meeting_id, holder)))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "a proxy is between two voting members (chair or delegate)");
      return FALSE;
    }
  if (member == holder)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "a member cannot hold their own proxy");
      return FALSE;
    }
  if (query_int (db, "SELECT count(*) FROM participants WHERE meeting_id = ?1 "
                     "AND proxy_holder = ?2;", change->meeting_id, member, 0) > 0
      || query_int (db, "SELECT proxy_holder IS NOT NULL FROM participants "
                        "WHERE meeting_id = ?1 AND user_id = ?2;", change->meeting_id, holder, 0))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                           "proxies do not chain: the member holds a proxy, "
                           "or the holder has given theirs away");
      return FALSE;
    }
  if (query_int (db, "SELECT proxy_holder FROM participants WHERE meeting_id = ?1 AND user_id = ?2;",
                 change->meeting_id, member, 0) != holder
      && query_int (db, "SELECT count(*) FROM participants WHERE meeting_id = ?1 "
                        "AND proxy_holder = ?2;", change->meeting_id, holder, 0) >= change->limit)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                   "the holder already holds %u proxies", change->limit);
      return FALSE;
    }

  if (!(stmt = qm_db_prepare (db, "UPDATE participants SET proxy_holder = ?3 "
                                  "WHERE meeting_id = ?1 AND user_id = ?2;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, member);
  sqlite3_bind_int64 (stmt, 3, holder);
  *out_id = member;
  return qm_db_step_done (db, stmt, error) && record_proxy (db, change->meeting_id, member, holder, error);
}

void
qm_store_put_proxy_async (QmStore            *self,
                          gint64              meeting_id,
                          gint64              member,
                          gint64              holder,
                          guint               max_held,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  Change *change = change_new (meeting_id, member);

  change->other = holder;
  change->limit = max_held;
  _qm_store_write (self, put_proxy, change, change_free, callback, user_data);
}

static gboolean
delete_proxy (QmDb     *db,
              gpointer  data,
              gint64   *out_id,
              GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;

  if (role_in (db, change->meeting_id, change->user_id) == QM_MEETING_ROLE_NONE)
    return not_found (error, "participant");
  if (!(stmt = qm_db_prepare (db, "UPDATE participants SET proxy_holder = NULL "
                                  "WHERE meeting_id = ?1 AND user_id = ?2;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, change->user_id);
  *out_id = change->user_id;
  return qm_db_step_done (db, stmt, error)
         && record_proxy (db, change->meeting_id, change->user_id, 0, error);
}

void
qm_store_delete_proxy_async (QmStore            *self,
                             gint64              meeting_id,
                             gint64              member,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  _qm_store_write (self, delete_proxy, change_new (meeting_id, member), change_free,
                   callback, user_data);
}

/* Agenda */

static gboolean
add_agenda_item (QmDb     *db,
                 gpointer  data,
                 gint64   *out_id,
                 GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;

  if (!meeting_exists (db, change->meeting_id))
    return not_found (error, "meeting");
  if (!(stmt = qm_db_prepare (db, "INSERT INTO agenda_items (meeting_id, position, title, description) "
                                  "SELECT ?1, count(*), ?2, ?3 FROM agenda_items WHERE meeting_id = ?1;",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->title);
  qm_db_bind_text (stmt, 3, change->description ? change->description : "");
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (qm_db_handle (db));
  return TRUE;
}

void
qm_store_add_agenda_item_async (QmStore            *self,
                                gint64              meeting_id,
                                const char         *title,
                                const char         *description,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->title = g_strdup (title);
  change->description = g_strdup (description);
  _qm_store_write (self, add_agenda_item, change, change_free, callback, user_data);
}

static gint64
item_position (QmDb   *db,
               gint64  meeting_id,
               gint64  item_id)
{
  return query_int (db, "SELECT position FROM agenda_items WHERE meeting_id = ?1 AND id = ?2;",
                    meeting_id, item_id, -1);
}

static gboolean
update_agenda_item (QmDb     *db,
                    gpointer  data,
                    gint64   *out_id,
                    GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;

  if (item_position (db, change->meeting_id, change->other) < 0)
    return not_found (error, "agenda item");
  if (!(stmt = qm_db_prepare (db, "UPDATE agenda_items SET title = coalesce(?2, title), "
                                  "description = coalesce(?3, description) WHERE id = ?1;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->other);
  qm_db_bind_text (stmt, 2, change->title);
  qm_db_bind_text (stmt, 3, change->description);
  *out_id = change->other;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_update_agenda_item_async (QmStore                 *self,
                                   gint64                   meeting_id,
                                   gint64                   item_id,
                                   const QmAgendaItemPatch *patch,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->other = item_id;
  change->title = g_strdup (patch->title);
  change->description = g_strdup (patch->description);
  _qm_store_write (self, update_agenda_item, change, change_free, callback, user_data);
}

static gboolean
delete_agenda_item (QmDb     *db,
                    gpointer  data,
                    gint64   *out_id,
                    GError  **error)
{
  Change *change = data;
  gint64 position = item_position (db, change->meeting_id, change->other);
  sqlite3_stmt *stmt;

  if (position < 0)
    return not_found (error, "agenda item");
  if (!(stmt = qm_db_prepare (db, "DELETE FROM agenda_items WHERE id = ?1;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->other);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;

  /* Positions stay 0..n-1. */
  if (!(stmt = qm_db_prepare (db, "UPDATE agenda_items SET position = position - 1 "
                                  "WHERE meeting_id = ?1 AND position > ?2;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  sqlite3_bind_int64 (stmt, 2, position);
  *out_id = change->other;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_delete_agenda_item_async (QmStore            *self,
                                   gint64              meeting_id,
                                   gint64              item_id,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->other = item_id;
  _qm_store_write (self, delete_agenda_item, change, change_free, callback, user_data);
}

static gboolean
reorder_agenda (QmDb     *db,
                gpointer  data,
                gint64   *out_id,
                GError  **error)
{
  Change *change = data;
  gint64 count;
  sqlite3_stmt *stmt;

  if (!meeting_exists (db, change->meeting_id))
    return not_found (error, "meeting");

  /* The request holds no repeats (the protocol checks), so it is a
   * permutation when it has as many items as the meeting and all are its own. */
  count = query_int (db, "SELECT count(*) FROM agenda_items WHERE meeting_id = ?1;",
                     change->meeting_id, 0, 0);
  if ((gint64) change->ids->len != count)
    goto not_a_permutation;
  for (guint i = 0; i < change->ids->len; i++)
    if (item_position (db, change->meeting_id, g_array_index (change->ids, gint64, i)) < 0)
      goto not_a_permutation;

  if (!(stmt = qm_db_prepare (db, "UPDATE agenda_items SET position = ?2 WHERE id = ?1;", error)))
    return FALSE;
  for (guint i = 0; i < change->ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (change->ids, gint64, i));
      sqlite3_bind_int64 (stmt, 2, i);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }
  *out_id = change->meeting_id;
  return TRUE;

not_a_permutation:
  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
               "'items' must list each of the meeting's %" G_GINT64_FORMAT " agenda items once",
               count);
  return FALSE;
}

void
qm_store_reorder_agenda_async (QmStore            *self,
                               gint64              meeting_id,
                               GArray             *items,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->ids = g_array_copy (items);
  _qm_store_write (self, reorder_agenda, change, change_free, callback, user_data);
}

/* Documents on agenda items */

static gboolean
attach_document (QmDb     *db,
                 gpointer  data,
                 gint64   *out_id,
                 GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;
  g_autoptr(GError) local_error = NULL;

  if (item_position (db, change->meeting_id, change->other) < 0)
    return not_found (error, "agenda item");
  if (!(stmt = qm_db_prepare (db, "INSERT INTO item_documents (item_id, document_id, title, position) "
                                  "SELECT ?1, d.id, coalesce(?3, d.title), "
                                  "(SELECT count(*) FROM item_documents WHERE item_id = ?1) "
                                  "FROM documents d WHERE d.id = ?2;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->other);
  qm_db_bind_text (stmt, 2, change->text);
  qm_db_bind_text (stmt, 3, change->title);
  if (!qm_db_step_done (db, stmt, &local_error))
    {
      if (g_error_matches (local_error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
        g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT,
                             "the agenda item holds this document already");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (sqlite3_changes (qm_db_handle (db)) == 0)
    return not_found (error, "document");
  *out_id = change->other;
  return TRUE;
}

void
qm_store_attach_document_async (QmStore            *self,
                                gint64              meeting_id,
                                gint64              item_id,
                                const char         *docid,
                                const char         *title,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->other = item_id;
  change->text = g_strdup (docid);
  change->title = g_strdup (title);
  _qm_store_write (self, attach_document, change, change_free, callback, user_data);
}

static gboolean
detach_document (QmDb     *db,
                 gpointer  data,
                 gint64   *out_id,
                 GError  **error)
{
  Change *change = data;
  sqlite3_stmt *stmt;
  gint64 position = -1;

  if (item_position (db, change->meeting_id, change->other) < 0)
    return not_found (error, "agenda item");

  if (!(stmt = qm_db_prepare (db, "DELETE FROM item_documents WHERE item_id = ?1 AND document_id = ?2 "
                                  "RETURNING position;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->other);
  qm_db_bind_text (stmt, 2, change->text);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (position < 0)
    return not_found (error, "document on this agenda item");

  if (!(stmt = qm_db_prepare (db, "UPDATE item_documents SET position = position - 1 "
                                  "WHERE item_id = ?1 AND position > ?2;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->other);
  sqlite3_bind_int64 (stmt, 2, position);
  *out_id = change->other;
  return qm_db_step_done (db, stmt, error);
}

void
qm_store_detach_document_async (QmStore            *self,
                                gint64              meeting_id,
                                gint64              item_id,
                                const char         *docid,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  Change *change = change_new (meeting_id, 0);

  change->other = item_id;
  change->text = g_strdup (docid);
  _qm_store_write (self, detach_document, change, change_free, callback, user_data);
}
