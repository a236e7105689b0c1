/* test-password.c: the password workers' argon2id (server/qm-password.h)
 * makes hashes libsodium accepts, accepts libsodium's, refuses wrong
 * passwords and malformed hashes, and works in memory it keeps: a second
 * hash faults in almost no pages, where libsodium faults in 64 MiB.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <sodium.h>

#include "qm-password.h"

#define PASSWORD "mật khẩu đúng 2026"

static QmPasswordArena *arena;

static glong
page_faults (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_THREAD, &usage), ==, 0);
  return usage.ru_minflt + usage.ru_majflt;
}

static void
test_ours_for_libsodium (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = qm_password_hash (arena, PASSWORD, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_cmpuint (strlen (hash), <, crypto_pwhash_STRBYTES);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_verify (hash, PASSWORD, strlen (PASSWORD)), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "mật khẩu sai", strlen ("mật khẩu sai")), !=, 0);
  g_assert_true (qm_password_verify (arena, hash, PASSWORD));
  g_assert_false (qm_password_verify (arena, hash, PASSWORD " "));
  g_assert_false (qm_password_verify (arena, hash, ""));

  /* A fresh salt every time. */
  again = qm_password_hash (arena, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, again);
}

/* Without an arena (a one-off hash at start-up) libsodium does the work,
 * in the same format: either side verifies the other's. */
static void
test_without_arena (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = qm_password_hash (NULL, PASSWORD, &error);
  g_autofree char *ours = qm_password_hash (arena, PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_assert_true (qm_password_verify (arena, hash, PASSWORD));
  g_assert_true (qm_password_verify (NULL, hash, PASSWORD));
  g_assert_true (qm_password_verify (NULL, ours, PASSWORD));
  g_assert_false (qm_password_verify (NULL, ours, "password"));
  g_assert_false (qm_password_verify (NULL, "$argon2id$", PASSWORD));
}

static void
test_libsodium_for_ours (void)
{
  char interactive[crypto_pwhash_STRBYTES];
  char smaller[crypto_pwhash_STRBYTES];
  char argon2i[crypto_pwhash_STRBYTES];

  g_assert_cmpint (crypto_pwhash_str (interactive, PASSWORD, strlen (PASSWORD),
                                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
  g_assert_true (qm_password_verify (arena, interactive, PASSWORD));
  g_assert_false (qm_password_verify (arena, interactive, "password"));

  /* Other limits that fit the arena: computed there from the hash's own. */
  g_assert_cmpint (crypto_pwhash_str (smaller, PASSWORD, strlen (PASSWORD), 3, 8 << 20), ==, 0);
  g_assert_true (g_str_has_prefix (smaller, "$argon2id$v=19$m=8192,t=3,p=1$"));
  g_assert_true (qm_password_verify (arena, smaller, PASSWORD));
  g_assert_false (qm_password_verify (arena, smaller, "password"));

  /* Another algorithm: libsodium's to judge. */
  g_assert_cmpint (crypto_pwhash_str_alg (argon2i, PASSWORD, strlen (PASSWORD), 3, 8 << 20,
                                          crypto_pwhash_ALG_ARGON2I13), ==, 0);
  g_assert_true (g_str_has_prefix (argon2i, "$argon2i$"));
  g_assert_true (qm_password_verify (arena, argon2i, PASSWORD));
  g_assert_false (qm_password_verify (arena, argon2i, "password"));
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = qm_password_hash (arena, PASSWORD, &error);
  const char *salt = strrchr (hash, '$');
  g_autofree char *truncated = g_strndup (hash, strlen (hash) - 3);
  g_autofree char *no_hash = g_strndup (hash, (gsize) (salt - hash) + 1);
  g_autofree char *bad_char = g_strdup (hash);
  g_autofree char *padded = g_strconcat (hash, "=", NULL);
  g_autofree char *zero = NULL;
  g_autofree char *lanes = NULL;
  const char *broken[] = {
    "", "$", "$argon2id$", "$argon2id$v=19$m=,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
    "$argon2id$v=19$m=65536,t=2,p=1$$", "$argon2id$v=19$m=99999999999,t=2,p=1$AAAA$AAAA",
    "$argon2id$v=19$m=65536,t=0,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "plain text",
  };

  g_assert_no_error (error);
  bad_char[strlen (bad_char) - 2] = '!';
  /* A leading zero is in no hash libsodium writes; two lanes are not ours. */
  zero = g_strconcat ("$argon2id$v=19$m=065536", hash + strlen ("$argon2id$v=19$m=65536"), NULL);
  lanes = g_strconcat ("$argon2id$v=19$m=65536,t=2,p=2",
                       hash + strlen ("$argon2id$v=19$m=65536,t=2,p=1"), NULL);

  g_assert_true (qm_password_verify (arena, hash, PASSWORD));
  g_assert_false (qm_password_verify (arena, truncated, PASSWORD));
  g_assert_false (qm_password_verify (arena, no_hash, PASSWORD));
  g_assert_false (qm_password_verify (arena, bad_char, PASSWORD));
  g_assert_false (qm_password_verify (arena, padded, PASSWORD));
  g_assert_false (qm_password_verify (arena, zero, PASSWORD));
  g_assert_false (qm_password_verify (arena, lanes, PASSWORD));
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    g_assert_false (qm_password_verify (arena, broken[i], PASSWORD));
}

/* The point of the arena: after the first hash, the memory is in place. */
static void
test_memory_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = qm_password_hash (arena, PASSWORD, &error);
  char sodium_hash[crypto_pwhash_STRBYTES];
  glong before, ours, theirs;

  g_assert_no_error (error);
  before = page_faults ();
  g_assert_true (qm_password_verify (arena, hash, PASSWORD));
  ours = page_faults () - before;

  before = page_faults ();
  g_assert_cmpint (crypto_pwhash_str (sodium_hash, PASSWORD, strlen (PASSWORD),
                                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
  theirs = page_faults () - before;
  g_test_message ("page faults for one hash: %ld in the arena, %ld through libsodium", ours,
                  theirs);
  /* 64 MiB is 16,384 pages of 4 KiB. */
  g_assert_cmpint (ours, <, 100);
  g_assert_cmpint (theirs, >, 1000);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  arena = qm_password_arena_new ();

  g_test_add_func ("/quorum/server/password/ours-for-libsodium", test_ours_for_libsodium);
  g_test_add_func ("/quorum/server/password/libsodium-for-ours", test_libsodium_for_ours);
  g_test_add_func ("/quorum/server/password/without-arena", test_without_arena);
  g_test_add_func ("/quorum/server/password/malformed", test_malformed);
  g_test_add_func ("/quorum/server/password/memory-kept", test_memory_kept);

  status = g_test_run ();
  qm_password_arena_free (arena);
  return status;
}
