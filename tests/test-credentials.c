/* test-credentials.c: QmCredentials on a private session bus with no Secret
 * Service: tokens are kept in memory for the process, per server and
 * username, shared by every QmCredentials, and never written to a file.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-credentials.h"

#define TIMEOUT_SECONDS 30

#define SERVER_A "http://127.0.0.1:8080"
#define SERVER_B "https://hop.example.vn"

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Iterates the main context until the call is answered; fails after a hard
 * timeout. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint deadline = g_timeout_add_seconds (TIMEOUT_SECONDS, on_deadline, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (deadline);
  if (*slot == NULL)
    g_error ("timed out waiting for the keyring");
  return *slot;
}

static gboolean
store (QmCredentials *credentials,
       const char    *server,
       const char    *username,
       const char    *token,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_credentials_store_async (credentials, server, username, token, cancellable,
                              store_result, &result);
  return qm_credentials_store_finish (credentials, wait_result (&result), error);
}

static char *
lookup (QmCredentials *credentials,
        const char    *server,
        const char    *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  qm_credentials_lookup_async (credentials, server, username, NULL, store_result, &result);
  token = qm_credentials_lookup_finish (credentials, wait_result (&result), &error);
  g_assert_no_error (error);
  return token;
}

static void
clear (QmCredentials *credentials,
       const char    *server,
       const char    *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  qm_credentials_clear_async (credentials, server, username, NULL, store_result, &result);
  g_assert_true (qm_credentials_clear_finish (credentials, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* Whether any regular file under dir holds needle. */
static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return FALSE;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &contents, &length, NULL)
          && g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_memory_fallback (void)
{
  g_autoptr(QmCredentials) credentials = qm_credentials_new ();
  g_autoptr(QmCredentials) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_uuid_string_random ();
  g_autofree char *found = NULL;
  guint notified = 0;

  /* Nothing has failed yet in this process. */
  g_assert_true (qm_credentials_get_persistent (credentials));
  g_signal_connect (credentials, "notify::persistent", G_CALLBACK (on_notify), &notified);

  found = lookup (credentials, SERVER_A, "lan");
  g_assert_null (found);
  /* The lookup found no keyring: the UI can say so before sign-in. */
  g_assert_false (qm_credentials_get_persistent (credentials));
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (store (credentials, SERVER_A, "lan", token, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (qm_credentials_get_persistent (credentials));
  g_assert_cmpuint (notified, ==, 1);

  found = lookup (credentials, SERVER_A, "lan");
  g_assert_cmpstr (found, ==, token);
  g_clear_pointer (&found, g_free);
  /* Kept per server and username. */
  found = lookup (credentials, SERVER_A, "hung");
  g_assert_null (found);
  found = lookup (credentials, SERVER_B, "lan");
  g_assert_null (found);

  /* A later object of the same process finds it, and knows there is no
   * keyring before asking. */
  other = qm_credentials_new ();
  g_assert_false (qm_credentials_get_persistent (other));
  found = lookup (other, SERVER_A, "lan");
  g_assert_cmpstr (found, ==, token);
  g_clear_pointer (&found, g_free);

  /* Never in a plain file: not anywhere under the test's home. */
  g_assert_false (tree_contains (g_get_home_dir (), token));
  g_assert_false (tree_contains (g_get_user_data_dir (), token));

  /* A new token replaces the old one. */
  g_assert_true (store (other, SERVER_A, "lan", "second-token", NULL, &error));
  g_assert_no_error (error);
  found = lookup (credentials, SERVER_A, "lan");
  g_assert_cmpstr (found, ==, "second-token");
  g_clear_pointer (&found, g_free);

  clear (credentials, SERVER_A, "lan");
  found = lookup (other, SERVER_A, "lan");
  g_assert_null (found);
  /* Clearing what is not there is fine. */
  clear (credentials, SERVER_B, "nobody");
}

static void
test_cancelled (void)
{
  g_autoptr(QmCredentials) credentials = qm_credentials_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *found = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (store (credentials, SERVER_B, "hoa", "never-kept", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  found = lookup (credentials, SERVER_B, "hoa");
  g_assert_null (found);

  g_assert_true (store (credentials, SERVER_B, "hoa", "kept", NULL, &error));
  g_assert_no_error (error);
  qm_credentials_lookup_async (credentials, SERVER_B, "hoa", cancellable, store_result, &result);
  g_assert_null (qm_credentials_lookup_finish (credentials, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  clear (credentials, SERVER_B, "hoa");
}

/* Not freed: finalizing it would wait for the bus connection to go, and
 * libsecret keeps that connection for the life of the process. */
static GTestDBus *bus;

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A private session bus with no services: no Secret Service, whatever the
   * machine running the test has, and the user's keyring is never touched. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  g_test_add_func ("/quorum/client/credentials/memory-fallback", test_memory_fallback);
  g_test_add_func ("/quorum/client/credentials/cancelled", test_cancelled);

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
