/* qm-record.c: the per-meeting hash chain of record entries and its signatures.
 *
 * entry.hash = SHA-256 (previous entry's hash in hex, "\n", the entry's JSON
 * body), the first entry's previous hash being 64 zeros. Vote results and
 * the newest head are signed (Ed25519, detached, over the hash in hex).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <quorum/quorum-protocol.h>

#include "qm-record.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static guint8 secret_key[crypto_sign_SECRETKEYBYTES];
static guint8 public_key[crypto_sign_PUBLICKEYBYTES];
static gboolean have_key;

gboolean
qm_record_load_key (const char  *data_dir,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "record-key", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL) && length == sizeof secret_key)
    memcpy (secret_key, contents, sizeof secret_key);
  else if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a record key; restore it from a backup", path);
      return FALSE;
    }
  else
    {
      int fd;

      crypto_sign_keypair (public_key, secret_key);
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0 || write (fd, secret_key, sizeof secret_key) != (gssize) sizeof secret_key
          || fsync (fd) != 0)
        {
          int saved_errno = errno;

          if (fd >= 0)
            g_close (fd, NULL);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "cannot write the record key %s: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
      g_close (fd, NULL);
    }

  if (contents != NULL)
    sodium_memzero (contents, length);
  crypto_sign_ed25519_sk_to_pk (public_key, secret_key);
  have_key = TRUE;
  return TRUE;
}

char *
qm_record_public_key (void)
{
  char hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];

  if (!have_key)
    return NULL;
  sodium_bin2hex (hex, sizeof hex, public_key, sizeof public_key);
  return g_strdup (hex);
}

static char *
chain_hash (const char *previous,
            const char *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) previous, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) body, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
sign_hex (const char *hash)
{
  guint8 signature[crypto_sign_BYTES];
  char hex[crypto_sign_BYTES * 2 + 1];

  crypto_sign_detached (signature, NULL, (const guint8 *) hash, strlen (hash), secret_key);
  sodium_bin2hex (hex, sizeof hex, signature, sizeof signature);
  return g_strdup (hex);
}

static gboolean
signature_holds (const char *hash,
                 const char *signature_hex)
{
  guint8 signature[crypto_sign_BYTES];
  size_t length = 0;

  if (signature_hex == NULL
      || sodium_hex2bin (signature, sizeof signature, signature_hex, strlen (signature_hex), NULL,
                         &length, NULL) != 0
      || length != sizeof signature)
    return FALSE;
  return crypto_sign_verify_detached (signature, (const guint8 *) hash, strlen (hash),
                                      public_key) == 0;
}

gboolean
_qm_record_append (QmDb        *db,
                   gint64       meeting_id,
                   const char  *kind,
                   JsonObject  *body,
                   gboolean     sign,
                   GError     **error)
{
  g_autoptr(JsonObject) owned = body;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *head_signature = NULL;
  g_autofree char *now = qm_time_now_rfc3339 ();
  gint64 position = 1;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (have_key, FALSE);

  json_object_set_string_member (body, "type", kind);
  json_object_set_string_member (body, "at", now);
  json_node_set_object (node, body);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  if (!(stmt = qm_db_prepare (db, "SELECT position, hash FROM record WHERE meeting_id = ?1 "
                                  "ORDER BY position DESC LIMIT 1;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      position = sqlite3_column_int64 (stmt, 0) + 1;
      previous = qm_db_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (previous == NULL)
    previous = g_strdup (GENESIS);

  hash = chain_hash (previous, text);
  signature = sign ? sign_hex (hash) : NULL;
  head_signature = sign_hex (hash);

  if (!(stmt = qm_db_prepare (db, "INSERT INTO record (meeting_id, position, kind, body, prev_hash, "
                                  "hash, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, position);
  qm_db_bind_text (stmt, 3, kind);
  qm_db_bind_text (stmt, 4, text);
  qm_db_bind_text (stmt, 5, previous);
  qm_db_bind_text (stmt, 6, hash);
  qm_db_bind_text (stmt, 7, signature);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;

  if (!(stmt = qm_db_prepare (db, "INSERT INTO record_heads (meeting_id, position, hash, signature) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id) DO UPDATE SET "
                                  "position = excluded.position, hash = excluded.hash, "
                                  "signature = excluded.signature;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, position);
  qm_db_bind_text (stmt, 3, hash);
  qm_db_bind_text (stmt, 4, head_signature);
  return qm_db_step_done (db, stmt, error);
}

gboolean
qm_record_verify (QmDb    *db,
                  gint64   meeting_id,
                  GString *report)
{
  sqlite3_stmt *stmt = qm_db_prepare (db, "SELECT position, kind, body, prev_hash, hash, signature "
                                          "FROM record WHERE meeting_id = ?1 ORDER BY position;", NULL);
  g_autofree char *previous = g_strdup (GENESIS);
  gint64 expected = 1;
  gboolean ok = TRUE;

  if (stmt == NULL || !have_key)
    {
      g_string_append (report, "the record cannot be read\n");
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 position = sqlite3_column_int64 (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *body = (const char *) sqlite3_column_text (stmt, 2);
      const char *stored_previous = (const char *) sqlite3_column_text (stmt, 3);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 4);
      const char *signature = (const char *) sqlite3_column_text (stmt, 5);
      g_autofree char *hash = chain_hash (previous, body ? body : "");

      if (position != expected)
        g_string_append_printf (report, "entry %" G_GINT64_FORMAT " is missing\n", expected);
      else if (g_strcmp0 (stored_previous, previous) != 0)
        g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s) does not follow entry %"
                                G_GINT64_FORMAT "\n", position, kind, position - 1);
      else if (g_strcmp0 (stored_hash, hash) != 0)
        g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s) was changed: its content "
                                "does not match its hash\n", position, kind);
      else if (signature != NULL && !signature_holds (hash, signature))
        g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s) has a bad signature\n",
                                position, kind);
      else
        {
          g_free (previous);
          previous = g_steal_pointer (&hash);
          expected++;
          continue;
        }
      ok = FALSE;
    }
  sqlite3_reset (stmt);
  if (!ok)
    return FALSE;

  if (!(stmt = qm_db_prepare (db, "SELECT position, hash, signature FROM record_heads "
                                  "WHERE meeting_id = ?1;", NULL)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) != expected - 1
          || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), previous) != 0)
        {
          g_string_append_printf (report, "the record ends after entry %" G_GINT64_FORMAT
                                  " but its signed head names entry %" G_GINT64_FORMAT
                                  ": entries were removed or added\n",
                                  expected - 1, (gint64) sqlite3_column_int64 (stmt, 0));
          ok = FALSE;
        }
      else if (!signature_holds (previous, (const char *) sqlite3_column_text (stmt, 2)))
        {
          g_string_append (report, "the head's signature does not hold\n");
          ok = FALSE;
        }
    }
  else if (expected > 1)
    {
      g_string_append (report, "the record has entries but no signed head\n");
      ok = FALSE;
    }
  sqlite3_reset (stmt);

  if (ok)
    g_string_append_printf (report, "%" G_GINT64_FORMAT " entries, chain intact, head %s signed\n",
                            expected - 1, previous);
  return ok;
}
