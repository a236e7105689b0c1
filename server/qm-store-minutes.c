/* qm-store-minutes.c: everything a meeting's minutes show, read at once on the
 * main thread into plain data that the renderer can take to its worker.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include "qm-store-private.h"

/* Display names of every account the minutes mention, by id. */
static char *
name_of (QmDb       *db,
         GHashTable *names,
         gint64      user_id)
{
  const char *name = g_hash_table_lookup (names, &user_id);
  sqlite3_stmt *stmt;
  gint64 *key;

  if (name != NULL)
    return g_strdup (name);
  if (!(stmt = qm_db_prepare (db, "SELECT display_name FROM users WHERE id = ?1;", NULL)))
    return g_strdup_printf ("#%" G_GINT64_FORMAT, user_id);
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = (const char *) sqlite3_column_text (stmt, 0);
  key = g_new (gint64, 1);
  *key = user_id;
  /* An account deleted since keeps its number. */
  g_hash_table_insert (names, key, name != NULL ? g_strdup (name)
                                                : g_strdup_printf ("#%" G_GINT64_FORMAT, user_id));
  sqlite3_reset (stmt);
  return g_strdup (g_hash_table_lookup (names, &user_id));
}

static gboolean
read_meeting (QmDb      *db,
              QmMinutes *minutes)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT title, starts_at, location FROM meetings "
                                          "WHERE id = ?1;", NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      minutes->title = qm_db_dup_text (stmt, 0);
      minutes->starts_at = qm_db_dup_text (stmt, 1);
      minutes->location = qm_db_dup_text (stmt, 2);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

static void
read_people (QmDb       *db,
             QmMinutes  *minutes,
             GHashTable *names,
             GHashTable *people_by_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (db,
                                      "SELECT p.user_id, u.display_name, p.role, p.proxy_holder "
                                      "FROM participants p JOIN users u ON u.id = p.user_id "
                                      "WHERE p.meeting_id = ?1 ORDER BY "
                                      "CASE p.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 "
                                      "WHEN 'delegate' THEN 2 ELSE 3 END, u.display_name, u.id;",
                                      NULL);
  GArray *holders = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          QmMinutesPerson *person = g_new0 (QmMinutesPerson, 1);
          gint64 holder = sqlite3_column_int64 (stmt, 3);
          gint64 *key = g_new (gint64, 1);

          person->user_id = sqlite3_column_int64 (stmt, 0);
          person->name = qm_db_dup_text (stmt, 1);
          qm_meeting_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &person->role);
          *key = person->user_id;
          g_hash_table_insert (names, key, g_strdup (person->name));
          g_hash_table_insert (people_by_id, &person->user_id, person);
          g_array_append_val (holders, holder);
          g_ptr_array_add (minutes->people, person);
        }
      sqlite3_reset (stmt);
    }

  /* Holders' names only once every participant's name is known. */
  for (guint i = 0; i < minutes->people->len; i++)
    {
      QmMinutesPerson *person = g_ptr_array_index (minutes->people, i);
      gint64 holder = g_array_index (holders, gint64, i);

      if (holder > 0)
        person->proxy_holder = name_of (db, names, holder);
    }
  g_array_unref (holders);
}

static void
read_agenda (QmDb      *db,
             QmMinutes *minutes)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT id, title, description FROM agenda_items "
                                          "WHERE meeting_id = ?1 ORDER BY position;", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmMinutesItem *item = qm_minutes_item_new ();

      item->id = sqlite3_column_int64 (stmt, 0);
      item->title = qm_db_dup_text (stmt, 1);
      item->description = qm_db_dup_text (stmt, 2);
      g_ptr_array_add (minutes->items, item);
    }
  sqlite3_reset (stmt);

  if (!(stmt = qm_db_prepare (db, "SELECT i.title, d.pages FROM item_documents i "
                                  "JOIN documents d ON d.id = i.document_id "
                                  "WHERE i.item_id = ?1 ORDER BY i.position;", NULL)))
    return;
  for (guint i = 0; i < minutes->items->len; i++)
    {
      QmMinutesItem *item = g_ptr_array_index (minutes->items, i);

      sqlite3_bind_int64 (stmt, 1, item->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          QmMinutesDocument *document = g_new0 (QmMinutesDocument, 1);

          document->title = qm_db_dup_text (stmt, 0);
          document->pages = sqlite3_column_int64 (stmt, 1);
          g_ptr_array_add (item->documents, document);
        }
      sqlite3_reset (stmt);
    }
}

static void
read_speeches (QmDb       *db,
               QmMinutes  *minutes,
               GHashTable *names)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT user_id, item_id, started_at, ended_at "
                                          "FROM speeches WHERE meeting_id = ?1 ORDER BY id;", NULL);
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          QmMinutesSpeech *speech = g_new0 (QmMinutesSpeech, 1);
          gint64 user = sqlite3_column_int64 (stmt, 0);

          speech->item = sqlite3_column_int64 (stmt, 1);
          speech->started_at = qm_db_dup_text (stmt, 2);
          if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
            speech->ended_at = qm_db_dup_text (stmt, 3);
          g_array_append_val (users, user);
          g_ptr_array_add (minutes->speeches, speech);
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < minutes->speeches->len; i++)
    {
      QmMinutesSpeech *speech = g_ptr_array_index (minutes->speeches, i);

      speech->name = name_of (db, names, g_array_index (users, gint64, i));
    }
  g_array_unref (users);
}

/* A named vote's roll-call: every member who could vote, with their choice
 * and who cast it; those who did not vote too. Never for a secret vote. */
static void
read_roll_call (QmDb          *db,
                QmMinutesVote *vote,
                GHashTable    *names)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT v.member, b.choice, b.cast_by FROM vote_voters v "
                                          "LEFT JOIN ballots b ON b.vote_id = v.vote_id "
                                          "AND b.member = v.member WHERE v.vote_id = ?1;", NULL);
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  g_assert (!vote->secret);
  vote->ballots = qm_minutes_ballots_new ();
  if (stmt == NULL)
    {
      g_array_unref (rows);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, vote->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmMinutesBallot *ballot = g_new0 (QmMinutesBallot, 1);
      gint64 ids[2];

      ids[0] = sqlite3_column_int64 (stmt, 0);
      ids[1] = sqlite3_column_int64 (stmt, 2);
      ballot->voted = sqlite3_column_type (stmt, 1) != SQLITE_NULL
                      && qm_choice_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                                &ballot->choice);
      g_array_append_val (rows, ids);
      g_ptr_array_add (vote->ballots, ballot);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < vote->ballots->len; i++)
    {
      QmMinutesBallot *ballot = g_ptr_array_index (vote->ballots, i);
      gint64 *ids = &g_array_index (rows, gint64, 2 * i);

      ballot->member = name_of (db, names, ids[0]);
      if (ballot->voted && ids[1] != ids[0])
        ballot->by = name_of (db, names, ids[1]);
    }
  g_array_unref (rows);
}

static int
compare_ballots (gconstpointer a,
                 gconstpointer b)
{
  const QmMinutesBallot *x = *(QmMinutesBallot **) a;
  const QmMinutesBallot *y = *(QmMinutesBallot **) b;

  return g_utf8_collate (x->member, y->member);
}

static void
read_votes (QmDb       *db,
            QmMinutes  *minutes,
            GHashTable *names)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT id, question, item_id, secret, majority, forced, "
                                          "status = 'closed', passed, eligible, yes, no, abstain, "
                                          "opened_at, closed_at FROM votes WHERE meeting_id = ?1 "
                                          "ORDER BY id;", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmMinutesVote *vote = g_new0 (QmMinutesVote, 1);

      vote->id = sqlite3_column_int64 (stmt, 0);
      vote->question = qm_db_dup_text (stmt, 1);
      vote->item = sqlite3_column_int64 (stmt, 2);
      vote->secret = sqlite3_column_int (stmt, 3) != 0;
      qm_majority_from_string ((const char *) sqlite3_column_text (stmt, 4), &vote->majority);
      vote->forced = sqlite3_column_int (stmt, 5) != 0;
      vote->closed = sqlite3_column_int (stmt, 6) != 0;
      vote->passed = sqlite3_column_int (stmt, 7) != 0;
      vote->eligible = sqlite3_column_int64 (stmt, 8);
      /* An open vote's running counts are shown to nobody. */
      if (vote->closed)
        {
          vote->yes = sqlite3_column_int64 (stmt, 9);
          vote->no = sqlite3_column_int64 (stmt, 10);
          vote->abstain = sqlite3_column_int64 (stmt, 11);
          vote->closed_at = qm_db_dup_text (stmt, 13);
        }
      vote->opened_at = qm_db_dup_text (stmt, 12);
      g_ptr_array_add (minutes->votes, vote);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < minutes->votes->len; i++)
    {
      QmMinutesVote *vote = g_ptr_array_index (minutes->votes, i);

      if (vote->closed && !vote->secret)
        {
          read_roll_call (db, vote, names);
          g_ptr_array_sort (vote->ballots, compare_ballots);
        }
    }
}

/* Attendance and proxy changes come from the record, the one place that
 * keeps their history. */
static void
read_record (QmDb       *db,
             QmMinutes  *minutes,
             GHashTable *names,
             GHashTable *people_by_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT kind, body FROM record WHERE meeting_id = ?1 "
                                          "AND kind IN ('attendance', 'proxy') ORDER BY position;",
                                      NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GArray *proxy_ids = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 0);
          const char *body = (const char *) sqlite3_column_text (stmt, 1);
          JsonObject *object;

          if (body == NULL || !json_parser_load_from_data (parser, body, -1, NULL)
              || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            continue;
          object = json_node_get_object (json_parser_get_root (parser));

          if (g_str_equal (kind, "attendance"))
            {
              gint64 user = json_object_get_int_member_with_default (object, "user", 0);
              QmMinutesPerson *person = g_hash_table_lookup (people_by_id, &user);

              if (person != NULL && person->first_check_in == NULL
                  && json_object_get_boolean_member_with_default (object, "present", FALSE))
                person->first_check_in
                  = g_strdup (json_object_get_string_member_with_default (object, "at", ""));
            }
          else
            {
              QmMinutesProxy *proxy = g_new0 (QmMinutesProxy, 1);
              gint64 ids[2];

              ids[0] = json_object_get_int_member_with_default (object, "member", 0);
              ids[1] = json_object_get_int_member_with_default (object, "holder", 0);
              proxy->at = g_strdup (json_object_get_string_member_with_default (object, "at", ""));
              g_array_append_val (proxy_ids, ids);
              g_ptr_array_add (minutes->proxies, proxy);
            }
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < minutes->proxies->len; i++)
    {
      QmMinutesProxy *proxy = g_ptr_array_index (minutes->proxies, i);
      gint64 *ids = &g_array_index (proxy_ids, gint64, 2 * i);

      proxy->member = name_of (db, names, ids[0]);
      if (ids[1] > 0)
        proxy->holder = name_of (db, names, ids[1]);
    }
  g_array_unref (proxy_ids);

  if (!(stmt = qm_db_prepare (db, "SELECT position, hash, signature FROM record_heads "
                                  "WHERE meeting_id = ?1;", NULL)))
    return;
  sqlite3_bind_int64 (stmt, 1, minutes->meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      minutes->record_entries = sqlite3_column_int64 (stmt, 0);
      minutes->record_hash = qm_db_dup_text (stmt, 1);
      minutes->record_signature = qm_db_dup_text (stmt, 2);
    }
  sqlite3_reset (stmt);
}

QmMinutes *
qm_store_get_minutes (QmStore *self,
                      gint64   meeting_id)
{
  QmDb *db = _qm_store_reader (self);
  g_autoptr(QmMinutes) minutes = qm_minutes_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) people_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean snapshot;

  g_return_val_if_fail (QM_IS_STORE (self), NULL);

  minutes->meeting_id = meeting_id;

  /* One snapshot for every read, so the parts agree with each other. */
  snapshot = qm_db_exec (db, "BEGIN;", NULL);
  if (read_meeting (db, minutes))
    {
      read_people (db, minutes, names, people_by_id);
      read_agenda (db, minutes);
      read_speeches (db, minutes, names);
      read_votes (db, minutes, names);
      read_record (db, minutes, names, people_by_id);
    }
  else
    g_clear_pointer (&minutes, qm_minutes_free);
  if (snapshot)
    qm_db_exec (db, "COMMIT;", NULL);

  if (minutes != NULL)
    minutes->generated_at = qm_time_now_rfc3339 ();
  return g_steal_pointer (&minutes);
}
