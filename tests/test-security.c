/* test-security.c: claims of docs/SECURITY.md that no other test checks —
 * tokens die after their idle time (HTTP and live channel alike), and what
 * the data dir keeps at rest: token hashes, argon2id password hashes, never
 * a token or a password in clear.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "qm-test-live.h"

#define PASSWORD      "correct horse battery"
#define IDLE_SECONDS  2
#define POLL_SECONDS  60

static const char * const config[] = {
  "limits", "token-idle-seconds", G_STRINGIFY (IDLE_SECONDS),
  NULL
};

static QmTestServer *
new_server (void)
{
  QmTestServerOptions options = { .admin_username = "root", .admin_password = PASSWORD,
                                  .config = config };

  return qm_test_server_new (&options);
}

/* A token unused for its idle time is refused everywhere: 401 over HTTP,
 * 4401 on the live channel; a new login works. */
static void
test_token_expiry (void)
{
  g_autoptr(QmTestServer) server = new_server ();
  g_autofree char *admin = qm_test_login (server, "root", PASSWORD);
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (server, admin, "Expiry", NULL);
  gint64 since = g_get_monotonic_time ();
  g_autofree char *token = qm_test_login (server, "root", PASSWORD);
  g_autofree char *fresh = NULL;
  gint64 deadline = g_get_monotonic_time () + POLL_SECONDS * G_USEC_PER_SEC;
  guint status = 200;

  /* Polled until refused, with a hard deadline: it must come. */
  while (status == 200)
    {
      g_autoptr(GBytes) body = qm_test_json (server, "GET", "/api/v1/me", token, NULL, &status);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (status == 200)
        g_usleep (200 * 1000);
      else
        qm_test_assert_error (body, status, 401, "unauthorized");
    }
  g_test_message ("the token died after %.1f s (idle limit %d s)",
                  (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC, IDLE_SECONDS);
  g_assert_cmpint (g_get_monotonic_time () - since, >=, (IDLE_SECONDS - 1) * G_USEC_PER_SEC);

  {
    g_autoptr(QmTestLive) live = qm_test_live_connect (server, meeting->id);

    qm_test_live_send_hello (live, token, -1, NULL);
    g_assert_cmpuint (qm_test_live_wait_close (live), ==, 4401);
  }
  fresh = qm_test_login (server, "root", PASSWORD);
  {
    g_autoptr(QmTestLive) live = qm_test_live_join (server, meeting->id, fresh);
  }
}

/* Everything in the data dir, as bytes: the database (after a clean stop
 * folds the WAL back) and every other file but the documents. */
static GByteArray *
data_dir_bytes (const char *dir)
{
  GByteArray *all = g_byte_array_new ();
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
          && g_file_get_contents (path, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }
  return all;
}

static gboolean
holds (GByteArray *haystack,
       const char *needle)
{
  gsize length = strlen (needle);

  for (gsize i = 0; i + length <= haystack->len; i++)
    if (memcmp (haystack->data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_at_rest (void)
{
  g_autoptr(QmTestServer) server = new_server ();
  g_autofree char *admin = qm_test_login (server, "root", PASSWORD);
  g_autoptr(QmUser) user = qm_test_create_user (server, admin, "lan.nt", "mật khẩu của Lan",
                                                0);
  g_autofree char *token = qm_test_login (server, "lan.nt", "mật khẩu của Lan");
  g_autofree char *db_path = g_build_filename (qm_test_server_get_data_dir (server), "quorum.db",
                                               NULL);
  g_autoptr(GByteArray) bytes = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint hashes = 0;

  qm_test_server_stop (server);
  bytes = data_dir_bytes (qm_test_server_get_data_dir (server));
  g_assert_cmpuint (bytes->len, >, 0);
  g_assert_false (holds (bytes, PASSWORD));
  g_assert_false (holds (bytes, "mật khẩu"));
  g_assert_false (holds (bytes, token));
  g_assert_false (holds (bytes, admin));

  /* Passwords as argon2id hashes, every one. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT password_hash FROM users;", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), "$argon2id$"));
      hashes++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (hashes, ==, 2);

  qm_test_server_start (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/security/token-expiry", test_token_expiry);
  g_test_add_func ("/quorum/security/at-rest", test_at_rest);

  return g_test_run ();
}
