/* qm-store-votes.c: votes, who may and did vote, counts and named ballots in SQLite.
 *
 * Secret ballots: the counts live in the vote's row and who has voted in
 * vote_voters, which has no time and no insertion order (it is keyed by
 * member); no row ever pairs a member with a choice, and the write-ahead log
 * is truncated when the vote closes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <string.h>

#include "qm-record.h"
#include "qm-store-private.h"

typedef struct
{
  gint64      meeting_id;
  gint64      vote_id;
  char       *question;
  gint64      item;
  gboolean    secret;
  QmMajority  majority;
  gboolean    forced;
  char       *time;
  GArray     *voters;
  gint64      member;
  gint64      caster;
  QmChoice    choice;
} VoteChange;

static void
vote_change_free (gpointer data)
{
  VoteChange *change = data;

  g_free (change->question);
  g_free (change->time);
  g_clear_pointer (&change->voters, g_array_unref);
  g_free (change);
}

static gboolean
write_open (QmDb     *db,
            gpointer  data,
            gint64   *out_id,
            GError  **error)
{
  VoteChange *change = data;
  JsonObject *record;
  sqlite3_stmt *stmt;

  if (!(stmt = qm_db_prepare (db, "INSERT INTO votes (meeting_id, question, item_id, secret, majority, "
                                  "forced, eligible, opened_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->meeting_id);
  qm_db_bind_text (stmt, 2, change->question);
  if (change->item > 0)
    sqlite3_bind_int64 (stmt, 3, change->item);
  sqlite3_bind_int (stmt, 4, change->secret);
  qm_db_bind_text (stmt, 5, qm_majority_to_string (change->majority));
  sqlite3_bind_int (stmt, 6, change->forced);
  sqlite3_bind_int64 (stmt, 7, change->voters->len);
  qm_db_bind_text (stmt, 8, change->time);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (qm_db_handle (db));

  if (!(stmt = qm_db_prepare (db, "INSERT INTO vote_voters (vote_id, member, caster) VALUES (?1, ?2, ?3);",
                              error)))
    return FALSE;
  for (guint i = 0; i < change->voters->len; i++)
    {
      QmVoter *voter = &g_array_index (change->voters, QmVoter, i);

      sqlite3_bind_int64 (stmt, 1, *out_id);
      sqlite3_bind_int64 (stmt, 2, voter->member);
      sqlite3_bind_int64 (stmt, 3, voter->caster);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }

  record = json_object_new ();
  json_object_set_int_member (record, "vote", *out_id);
  json_object_set_string_member (record, "question", change->question);
  if (change->item > 0)
    json_object_set_int_member (record, "item", change->item);
  json_object_set_boolean_member (record, "secret", change->secret);
  json_object_set_string_member (record, "majority", qm_majority_to_string (change->majority));
  json_object_set_int_member (record, "eligible", change->voters->len);
  /* Opened without quorum on the chair's word: the record says so. */
  json_object_set_boolean_member (record, "forced", change->forced);
  return _qm_record_append (db, change->meeting_id, "vote.opened", record, FALSE, error);
}

void
qm_store_open_vote_async (QmStore             *self,
                          const QmVoteOpening *opening,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  VoteChange *change = g_new0 (VoteChange, 1);

  change->meeting_id = opening->meeting_id;
  change->question = g_strdup (opening->question);
  change->item = opening->item;
  change->secret = opening->secret;
  change->majority = opening->majority;
  change->forced = opening->forced;
  change->time = g_strdup (opening->opened_at);
  change->voters = g_array_copy (opening->voters);
  _qm_store_write (self, write_open, change, vote_change_free, callback, user_data);
}

static gboolean
write_cast (QmDb     *db,
            gpointer  data,
            gint64   *out_id,
            GError  **error)
{
  static const char *count_updates[] = {
    "UPDATE votes SET yes = yes + 1 WHERE id = ?1 AND status = 'open';",
    "UPDATE votes SET no = no + 1 WHERE id = ?1 AND status = 'open';",
    "UPDATE votes SET abstain = abstain + 1 WHERE id = ?1 AND status = 'open';",
  };
  VoteChange *change = data;
  sqlite3_stmt *stmt;

  if (!(stmt = qm_db_prepare (db, count_updates[change->choice], error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->vote_id);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (qm_db_handle (db)) == 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_VOTE_CLOSED,
                           "the vote is closed");
      return FALSE;
    }

  if (!(stmt = qm_db_prepare (db, "UPDATE vote_voters SET voted = 1 "
                                  "WHERE vote_id = ?1 AND member = ?2 AND caster = ?3 AND voted = 0;",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->vote_id);
  sqlite3_bind_int64 (stmt, 2, change->member);
  sqlite3_bind_int64 (stmt, 3, change->caster);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (qm_db_handle (db)) == 0)
    {
      /* The savepoint undoes the count above. */
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_ALREADY_VOTED,
                           "this vote was cast already");
      return FALSE;
    }

  if (!change->secret)
    {
      if (!(stmt = qm_db_prepare (db, "INSERT INTO ballots (vote_id, member, choice, cast_by) "
                                      "VALUES (?1, ?2, ?3, ?4);", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, change->vote_id);
      sqlite3_bind_int64 (stmt, 2, change->member);
      qm_db_bind_text (stmt, 3, qm_choice_to_string (change->choice));
      sqlite3_bind_int64 (stmt, 4, change->caster);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }

  *out_id = change->vote_id;
  return TRUE;
}

void
qm_store_cast_async (QmStore            *self,
                     gint64              vote_id,
                     gint64              member,
                     gint64              caster,
                     QmChoice            choice,
                     gboolean            secret,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  VoteChange *change = g_new0 (VoteChange, 1);

  change->vote_id = vote_id;
  change->member = member;
  change->caster = caster;
  change->choice = choice;
  change->secret = secret;
  _qm_store_write (self, write_cast, change, vote_change_free, callback, user_data);
}

static gboolean
write_close (QmDb     *db,
             gpointer  data,
             gint64   *out_id,
             GError  **error)
{
  VoteChange *change = data;
  sqlite3_stmt *stmt;
  gint64 yes, no, abstain, eligible, meeting_id;
  g_autofree char *question = NULL;
  QmMajority majority = QM_MAJORITY_SIMPLE;
  gboolean open, passed;
  JsonObject *record, *result;

  if (!(stmt = qm_db_prepare (db, "SELECT yes, no, eligible, majority, status = 'open', abstain, "
                                  "meeting_id, question FROM votes WHERE id = ?1;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->vote_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND, "no such vote");
      return FALSE;
    }
  yes = sqlite3_column_int64 (stmt, 0);
  no = sqlite3_column_int64 (stmt, 1);
  eligible = sqlite3_column_int64 (stmt, 2);
  qm_majority_from_string ((const char *) sqlite3_column_text (stmt, 3), &majority);
  open = sqlite3_column_int (stmt, 4);
  abstain = sqlite3_column_int64 (stmt, 5);
  meeting_id = sqlite3_column_int64 (stmt, 6);
  question = qm_db_dup_text (stmt, 7);
  sqlite3_reset (stmt);
  if (!open)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_VOTE_CLOSED,
                           "the vote is closed already");
      return FALSE;
    }

  if (!(stmt = qm_db_prepare (db, "UPDATE votes SET status = 'closed', closed_at = ?2, passed = ?3 "
                                  "WHERE id = ?1;", error)))
    return FALSE;
  passed = qm_majority_passes (majority, yes, no, eligible);
  sqlite3_bind_int64 (stmt, 1, change->vote_id);
  qm_db_bind_text (stmt, 2, change->time);
  sqlite3_bind_int (stmt, 3, passed);
  *out_id = change->vote_id;
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;

  /* The result goes on the record, signed, in the same transaction. */
  record = json_object_new ();
  result = json_object_new ();
  json_object_set_int_member (record, "vote", change->vote_id);
  json_object_set_string_member (record, "question", question);
  json_object_set_string_member (record, "majority", qm_majority_to_string (majority));
  json_object_set_int_member (result, "yes", yes);
  json_object_set_int_member (result, "no", no);
  json_object_set_int_member (result, "abstain", abstain);
  json_object_set_int_member (result, "cast", yes + no + abstain);
  json_object_set_int_member (result, "eligible", eligible);
  json_object_set_boolean_member (result, "passed", passed);
  json_object_set_object_member (record, "result", result);
  return _qm_record_append (db, meeting_id, "vote.closed", record, TRUE, error);
}

void
qm_store_close_vote_async (QmStore            *self,
                           gint64              vote_id,
                           const char         *closed_at,
                           gboolean            secret,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  VoteChange *change = g_new0 (VoteChange, 1);

  change->vote_id = vote_id;
  change->time = g_strdup (closed_at);
  _qm_store_write_full (self, write_close, change, vote_change_free, secret, callback, user_data);
}

#define VOTE_COLUMNS                                                                       \
  "SELECT id, question, item_id, secret, majority, status, eligible, yes, no, abstain, "   \
  "opened_at, closed_at, passed FROM votes "

static QmVote *
vote_from_row (sqlite3_stmt *stmt)
{
  QmVote *vote = qm_vote_new ();

  vote->id = sqlite3_column_int64 (stmt, 0);
  vote->question = qm_db_dup_text (stmt, 1);
  vote->item = sqlite3_column_int64 (stmt, 2);
  vote->secret = sqlite3_column_int (stmt, 3) != 0;
  qm_majority_from_string ((const char *) sqlite3_column_text (stmt, 4), &vote->majority);
  vote->status = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "open") == 0
                 ? QM_VOTE_STATUS_OPEN : QM_VOTE_STATUS_CLOSED;
  vote->eligible = sqlite3_column_int64 (stmt, 6);
  vote->result.yes = sqlite3_column_int64 (stmt, 7);
  vote->result.no = sqlite3_column_int64 (stmt, 8);
  vote->result.abstain = sqlite3_column_int64 (stmt, 9);
  vote->cast = vote->result.yes + vote->result.no + vote->result.abstain;
  vote->opened_at = qm_db_dup_text (stmt, 10);
  if (vote->status == QM_VOTE_STATUS_CLOSED)
    {
      vote->closed_at = qm_db_dup_text (stmt, 11);
      vote->has_result = TRUE;
      vote->result.cast = vote->cast;
      vote->result.eligible = vote->eligible;
      vote->result.passed = sqlite3_column_int (stmt, 12) != 0;
    }
  else
    /* Counts of an open vote are not shown to anyone. */
    memset (&vote->result, 0, sizeof vote->result);
  return vote;
}

static void
read_ballots (QmDb   *db,
              QmVote *vote)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT member, choice, cast_by FROM ballots "
                                          "WHERE vote_id = ?1 ORDER BY member;", NULL);

  if (stmt == NULL)
    return;
  vote->ballots = g_array_new (FALSE, TRUE, sizeof (QmBallot));
  sqlite3_bind_int64 (stmt, 1, vote->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmBallot ballot = { 0 };

      ballot.user = sqlite3_column_int64 (stmt, 0);
      qm_choice_from_string ((const char *) sqlite3_column_text (stmt, 1), &ballot.choice);
      ballot.by = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (vote->ballots, ballot);
    }
  sqlite3_reset (stmt);
}

QmVote *
qm_store_get_vote (QmStore *self,
                   gint64   vote_id)
{
  QmDb *db = _qm_store_reader (self);
  sqlite3_stmt *stmt = qm_db_prepare (db, VOTE_COLUMNS "WHERE id = ?1;", NULL);
  QmVote *vote = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vote_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    vote = vote_from_row (stmt);
  sqlite3_reset (stmt);
  if (vote != NULL && vote->status == QM_VOTE_STATUS_CLOSED && !vote->secret)
    read_ballots (db, vote);
  return vote;
}

GPtrArray *
qm_store_list_votes (QmStore  *self,
                     gint64    meeting_id,
                     gboolean  open_only)
{
  QmDb *db = _qm_store_reader (self);
  sqlite3_stmt *stmt = qm_db_prepare (db, open_only
                                          ? VOTE_COLUMNS "WHERE meeting_id = ?1 AND status = 'open' "
                                                         "ORDER BY id;"
                                          : VOTE_COLUMNS "WHERE meeting_id = ?1 ORDER BY id;", NULL);
  GPtrArray *votes = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_vote_free);

  if (stmt == NULL)
    return votes;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (votes, vote_from_row (stmt));
  sqlite3_reset (stmt);

  for (guint i = 0; i < votes->len; i++)
    {
      QmVote *vote = g_ptr_array_index (votes, i);

      if (vote->status == QM_VOTE_STATUS_CLOSED && !vote->secret)
        read_ballots (db, vote);
    }
  return votes;
}

GArray *
qm_store_get_voters (QmStore *self,
                     gint64   vote_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT member, caster, voted FROM vote_voters WHERE vote_id = ?1;",
                                      NULL);
  GArray *voters = g_array_new (FALSE, TRUE, sizeof (QmVoter));

  if (stmt == NULL)
    return voters;
  sqlite3_bind_int64 (stmt, 1, vote_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      QmVoter voter = { 0 };

      voter.member = sqlite3_column_int64 (stmt, 0);
      voter.caster = sqlite3_column_int64 (stmt, 1);
      voter.voted = sqlite3_column_int (stmt, 2) != 0;
      g_array_append_val (voters, voter);
    }
  sqlite3_reset (stmt);
  return voters;
}

gint64
qm_store_get_vote_meeting (QmStore *self,
                           gint64   vote_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT meeting_id FROM votes WHERE id = ?1;", NULL);
  gint64 meeting_id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, vote_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    meeting_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return meeting_id;
}
