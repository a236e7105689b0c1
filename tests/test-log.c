/* test-log.c: the server's log entries carry the fields journald indexes
 * (MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_*, QUORUM_*), at GLib's
 * MESSAGE level whatever their priority, so a problem is never fatal.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test-log"

#include "config.h"

#include "qm-log.h"

typedef struct
{
  GLogLevelFlags  level;
  GHashTable     *fields;      /* key → value, both owned */
  guint           entries;
} Captured;

static GLogWriterOutput
capture (GLogLevelFlags   log_level,
         const GLogField *fields,
         gsize            n_fields,
         gpointer         user_data)
{
  Captured *captured = user_data;

  captured->level = log_level;
  captured->entries++;
  g_hash_table_remove_all (captured->fields);
  for (gsize i = 0; i < n_fields; i++)
    g_hash_table_insert (captured->fields, g_strdup (fields[i].key),
                         fields[i].length < 0 ? g_strdup (fields[i].value)
                                              : g_strndup (fields[i].value, fields[i].length));
  return G_LOG_WRITER_HANDLED;
}

static Captured captured;

static const char *
field (const char *key)
{
  return g_hash_table_lookup (captured.fields, key);
}

static void
test_event (void)
{
  qm_log (QM_LOG_EVENT, &((QmLogAbout) { .meeting = 3, .user = 12, .vote = 7 }),
          "meeting %d: vote %d opened", 3, 7);

  g_assert_cmpuint (captured.entries, ==, 1);
  g_assert_cmpint (captured.level, ==, G_LOG_LEVEL_MESSAGE);
  g_assert_cmpstr (field ("MESSAGE"), ==, "meeting 3: vote 7 opened");
  g_assert_cmpstr (field ("PRIORITY"), ==, "5");
  g_assert_cmpstr (field ("GLIB_DOMAIN"), ==, "qm-test-log");
  g_assert_cmpstr (field ("SYSLOG_IDENTIFIER"), ==, "quorum-server");
  g_assert_cmpstr (field ("QUORUM_MEETING"), ==, "3");
  g_assert_cmpstr (field ("QUORUM_USER"), ==, "12");
  g_assert_cmpstr (field ("QUORUM_VOTE"), ==, "7");
  g_assert_null (field ("QUORUM_DOCUMENT"));
  g_assert_nonnull (field ("CODE_FILE"));
  g_assert_nonnull (field ("CODE_LINE"));
  g_assert_cmpstr (field ("CODE_FUNC"), ==, "test_event");
}

static void
test_problem (void)
{
  qm_log (QM_LOG_PROBLEM, &((QmLogAbout) { .document = "ab12" }), "disk full");

  g_assert_cmpuint (captured.entries, ==, 2);
  /* Not WARNING: that would abort a server run with fatal warnings. */
  g_assert_cmpint (captured.level, ==, G_LOG_LEVEL_MESSAGE);
  g_assert_cmpstr (field ("PRIORITY"), ==, "4");
  g_assert_cmpstr (field ("QUORUM_DOCUMENT"), ==, "ab12");
  g_assert_null (field ("QUORUM_MEETING"));
  g_assert_null (field ("QUORUM_USER"));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  captured.fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_log_set_writer_func (capture, &captured, NULL);

  g_test_add_func ("/quorum/server/log/event", test_event);
  g_test_add_func ("/quorum/server/log/problem", test_problem);

  result = g_test_run ();
  g_hash_table_unref (captured.fields);
  return result;
}
