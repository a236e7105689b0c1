/* test-record.c: the tamper-evident record holds, and an edited, removed or
 * reordered entry is found by verification at the entry that breaks.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <glib/gstdio.h>

#include "qm-store.h"

typedef struct
{
  char    *dir;
  QmStore *store;
  gint64   meeting_id;
} Fixture;

static gboolean
timed_out (gpointer user_data)
{
  g_error ("a store change took more than 30 s");
  return G_SOURCE_REMOVE;
}

static void
done (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Waits for a change to be committed, with a hard deadline. */
static gint64
wait_write (QmStore       *store,
            GAsyncResult **slot)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint deadline = g_timeout_add_seconds (30, timed_out, NULL);
  gint64 id = 0;

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
  result = g_steal_pointer (slot);
  g_assert_true (qm_store_write_finish (store, result, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  QmMeetingCreate meeting = { (char *) "Họp thử", (char *) "2026-12-01T08:00:00+07:00", (char *) "" };
  gint64 user;

  fixture->dir = g_dir_make_tmp ("quorum-record-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = qm_store_open (fixture->dir, &error);
  g_assert_no_error (error);

  qm_store_create_user_async (fixture->store, "chair", "Chủ tọa", "x", 0, done, &result);
  user = wait_write (fixture->store, &result);
  qm_store_create_meeting_async (fixture->store, &meeting, user, done, &result);
  fixture->meeting_id = wait_write (fixture->store, &result);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "quorum.db", NULL);
  g_autofree char *key = g_build_filename (fixture->dir, "record-key", NULL);
  g_autofree char *documents = g_build_filename (fixture->dir, "documents", NULL);

  qm_store_close (fixture->store);
  g_assert_finalize_object (fixture->store);
  g_unlink (db);
  g_unlink (key);
  g_rmdir (documents);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

/* Appends entries: attendance, a vote opened and closed (signed), a proxy change. */
static void
fill_record (Fixture *fixture)
{
  GAsyncResult *result = NULL;
  g_autoptr(GArray) voters = g_array_new (FALSE, TRUE, sizeof (QmVoter));
  QmVoter voter = { 1, 1, FALSE };
  QmVoteOpening opening = { 0 };
  JsonObject *body = json_object_new ();
  gint64 vote;

  json_object_set_int_member (body, "user", 1);
  json_object_set_boolean_member (body, "present", TRUE);
  qm_store_record_async (fixture->store, fixture->meeting_id, "attendance", body, done, &result);
  wait_write (fixture->store, &result);

  g_array_append_val (voters, voter);
  opening.meeting_id = fixture->meeting_id;
  opening.question = "Thông qua biên bản?";
  opening.majority = QM_MAJORITY_SIMPLE;
  opening.opened_at = "2026-12-01T01:00:00.000Z";
  opening.voters = voters;
  qm_store_open_vote_async (fixture->store, &opening, done, &result);
  vote = wait_write (fixture->store, &result);
  qm_store_cast_async (fixture->store, vote, 1, 1, QM_CHOICE_YES, FALSE, done, &result);
  wait_write (fixture->store, &result);
  qm_store_close_vote_async (fixture->store, vote, "2026-12-01T01:05:00.000Z", FALSE, done, &result);
  wait_write (fixture->store, &result);
}

static void
tamper (Fixture    *fixture,
        const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "quorum.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_close (db);
}

static void
test_intact (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);

  fill_record (fixture);
  g_assert_true (qm_store_verify_record (fixture->store, fixture->meeting_id, report));
  g_assert_nonnull (strstr (report->str, "3 entries, chain intact"));
}

static void
test_edited_result (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);

  fill_record (fixture);
  tamper (fixture, "UPDATE record SET body = replace (body, '\"yes\":1', '\"yes\":9') "
                   "WHERE kind = 'vote.closed';");
  g_assert_false (qm_store_verify_record (fixture->store, fixture->meeting_id, report));
  g_assert_cmpstr (report->str, ==, "entry 3 (vote.closed) was changed: its content does not match its hash\n");
}

static void
test_rehashed_entry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);

  /* Someone who recomputes the hash still cannot forge the signature. */
  fill_record (fixture);
  tamper (fixture, "UPDATE record SET signature = replace (signature, substr (signature, 1, 4), 'abcd') "
                   "WHERE kind = 'vote.closed';");
  g_assert_false (qm_store_verify_record (fixture->store, fixture->meeting_id, report));
  g_assert_cmpstr (report->str, ==, "entry 3 (vote.closed) has a bad signature\n");
}

static void
test_removed_entry (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);

  fill_record (fixture);
  tamper (fixture, "DELETE FROM record WHERE position = 2;");
  g_assert_false (qm_store_verify_record (fixture->store, fixture->meeting_id, report));
  g_assert_cmpstr (report->str, ==, "entry 2 is missing\n");
}

static void
test_removed_last_entry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);

  fill_record (fixture);
  tamper (fixture, "DELETE FROM record WHERE position = 3;");
  g_assert_false (qm_store_verify_record (fixture->store, fixture->meeting_id, report));
  g_assert_nonnull (strstr (report->str, "entries were removed or added"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/quorum/server/record/intact", Fixture, NULL, fixture_set_up, test_intact,
              fixture_tear_down);
  g_test_add ("/quorum/server/record/edited-result", Fixture, NULL, fixture_set_up,
              test_edited_result, fixture_tear_down);
  g_test_add ("/quorum/server/record/forged-signature", Fixture, NULL, fixture_set_up,
              test_rehashed_entry, fixture_tear_down);
  g_test_add ("/quorum/server/record/removed-entry", Fixture, NULL, fixture_set_up,
              test_removed_entry, fixture_tear_down);
  g_test_add ("/quorum/server/record/removed-last-entry", Fixture, NULL, fixture_set_up,
              test_removed_last_entry, fixture_tear_down);
  return g_test_run ();
}
