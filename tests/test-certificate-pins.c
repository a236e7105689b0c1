/* test-certificate-pins.c: trust on first use against the real quorum-server
 * over HTTPS and wss, with certificates made by openssl at test time: first
 * contact refused with the fingerprint the server prints, accepted once
 * pinned (REST, live channel, document download), and refused with both
 * fingerprints when the server comes back on the same port with another
 * certificate; the known-servers file itself.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "qm-test-server.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"
#define TIMEOUT_SECONDS 60

static struct
{
  char         *dir;
  char         *cert;        /* what the server's config names */
  char         *key;
  char         *cert_a;
  char         *key_a;
  char         *cert_b;
  char         *key_b;
  char         *openssl_a;   /* `openssl x509 -fingerprint -sha256`: "AB:CD:…" */
  char         *openssl_b;
  QmTestServer *server;
} fixture;

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until cond holds, failing after a hard timeout. */
#define wait_until(cond)                                                        \
  G_STMT_START {                                                                \
    gboolean timed_out_ = FALSE;                                                \
    guint deadline_ = g_timeout_add_seconds (TIMEOUT_SECONDS, on_deadline,      \
                                             &timed_out_);                      \
    while (!(cond) && !timed_out_)                                              \
      g_main_context_iteration (NULL, TRUE);                                    \
    if (!timed_out_)                                                            \
      g_source_remove (deadline_);                                              \
    if (!(cond))                                                                \
      g_error ("timed out waiting for %s", #cond);                              \
  } G_STMT_END

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The server comes back on the same port with the other certificate. */
static void
restart_with (const char *cert,
              const char *key)
{
  qm_test_copy_file (cert, fixture.cert);
  qm_test_copy_file (key, fixture.key);
  qm_test_server_restart (fixture.server);
}

/* The openssl form of a fingerprint in our own format, to compare. */
static char *
one_line (const char *formatted)
{
  char *copy = g_strdup (formatted);

  g_strdelimit (copy, "\n", ':');
  return copy;
}

/* The lowercase hex the pins keep, from the "AB:CD:…" the server prints. */
static char *
hex_of (const char *printed)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = printed; *p != '\0'; p++)
    if (*p != ':')
      g_string_append_c (hex, g_ascii_tolower (*p));
  return g_string_free (hex, FALSE);
}

static char *
server_address (void)
{
  g_autoptr(GUri) uri = g_uri_parse (qm_test_server_get_url (fixture.server), G_URI_FLAGS_NONE,
                                     NULL);

  return g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
}

static QmSession *
session_new (const char *pins_path)
{
  QmSession *session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_autoptr(QmCertificatePins) pins = qm_certificate_pins_new (pins_path);

  g_object_set (qm_session_get_soup_session (session), "proxy-resolver", NULL, NULL);
  qm_session_set_certificate_pins (session, pins);
  return session;
}

static gboolean
login (QmSession  *session,
       GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_session_login_async (session, "admin", PASSWORD, NULL, store_result, &result);
  wait_until (result != NULL);
  return qm_session_login_finish (session, result, error);
}

static QmUser *
fetch_me (QmSession  *session,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  qm_session_fetch_me_async (session, NULL, store_result, &result);
  wait_until (result != NULL);
  return qm_session_fetch_me_finish (session, result, error);
}

static char *
fetch_document (QmSession   *session,
                const char  *docid,
                GError     **error)
{
  g_autofree char *folder = g_build_filename (fixture.dir, "cache-XXXXXX", NULL);
  g_autoptr(QmDocumentCache) cache = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *path;

  g_assert_nonnull (g_mkdtemp (folder));
  cache = qm_document_cache_new (session, folder);
  qm_document_cache_fetch_async (cache, docid, NULL, store_result, &result);
  wait_until (result != NULL);
  path = qm_document_cache_fetch_finish (cache, result, NULL, error);
  return path;
}

static void
assert_certificate_error (const GError *error,
                          int           code,
                          const char   *address,
                          const char   *presented,
                          const char   *pinned)
{
  g_assert_error (error, QM_CERTIFICATE_ERROR, code);
  g_assert_cmpstr (qm_certificate_error_get_address (error), ==, address);
  g_assert_cmpstr (qm_certificate_error_get_fingerprint (error), ==, presented);
  g_assert_cmpstr (qm_certificate_error_get_pinned_fingerprint (error), ==, pinned);
}

/* The known-servers file: format, pins, first-seen, atomic rewrite, and a
 * damaged file is not overwritten. */
static void
test_store (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "store", "known-servers", NULL);
  g_autoptr(QmCertificatePins) pins = qm_certificate_pins_new (path);
  g_autoptr(QmCertificatePins) again = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GDateTime) seen = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) https = g_uri_parse ("https://Quorum.Example.VN/api", G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) wss = g_uri_parse ("wss://10.0.0.5:8443/live", G_URI_FLAGS_NONE, NULL);
  const char *sha = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
  g_autofree char *formatted = qm_certificate_format_fingerprint (sha);
  g_autofree char *found = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *https_address = qm_certificate_address_for_uri (https);
  g_autofree char *wss_address = qm_certificate_address_for_uri (wss);
  GStatBuf st;

  g_assert_cmpstr (formatted, ==,
                   "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n"
                   "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  g_assert_cmpstr (https_address, ==, "quorum.example.vn:443");
  g_assert_cmpstr (wss_address, ==, "10.0.0.5:8443");

  g_assert_null (qm_certificate_pins_lookup (pins, "10.0.0.5:8443", NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (qm_certificate_pins_trust (pins, "10.0.0.5:8443", sha, &error));
  g_assert_no_error (error);

  /* Another object (another window, the next start) reads the same. */
  again = qm_certificate_pins_new (path);
  found = qm_certificate_pins_lookup (again, "10.0.0.5:8443", &seen);
  g_assert_cmpstr (found, ==, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  g_assert_nonnull (seen);
  /* first-seen is stored to the second. */
  g_assert_cmpint (g_date_time_difference (seen, before), >, -G_USEC_PER_SEC);
  g_assert_null (qm_certificate_pins_lookup (again, "10.0.0.5:8444", NULL));

  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error));
  stored = g_key_file_get_string (file, "10.0.0.5:8443", "sha256", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, found);
  g_assert_true (g_key_file_has_key (file, "10.0.0.5:8443", "first-seen", NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (qm_certificate_pins_forget (pins, "10.0.0.5:8443", &error));
  g_assert_no_error (error);
  g_assert_null (qm_certificate_pins_lookup (again, "10.0.0.5:8443", NULL));

  /* A damaged list is left for a person to look at, not replaced. */
  g_assert_true (g_file_set_contents (path, "[unterminated\nsha256=", -1, NULL));
  g_assert_false (qm_certificate_pins_trust (pins, "10.0.0.5:8443", sha, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "[unterminated\nsha256=");
  }
}

/* A certificate the system's CAs vouch for needs no pin and leaves none
 * (SECURITY.md): here the "system" is a database holding certificate A. */
static void
test_ca_trusted (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "ca", "known-servers", NULL);
  g_autoptr(QmSession) session = session_new (path);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = g_tls_file_database_new (fixture.cert_a, &error);
  g_assert_no_error (error);
  g_object_set (qm_session_get_soup_session (session), "tls-database", database, NULL);
  g_assert_true (login (session, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
on_live_state (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* First contact, trust, REST + wss + download; then another certificate on
 * the same host:port: everything refused, nothing retried forever, the pin
 * kept; replacing the pin lets everything through again. */
static void
test_trust_on_first_use (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "tofu", "known-servers", NULL);
  g_autofree char *address = server_address ();
  g_autoptr(QmSession) session = session_new (path);
  g_autoptr(QmSession) next = NULL;
  g_autoptr(QmLiveConnection) live = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmUser) me = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmDocument) document = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *admin_token = NULL;
  g_autofree char *fingerprint_a = NULL;
  g_autofree char *fingerprint_b = NULL;
  g_autofree char *formatted = NULL;
  g_autofree char *line = NULL;
  g_autofree char *downloaded = NULL;
  g_autofree char *pinned = NULL;
  guint state_changes = 0;

  g_assert_true (g_str_has_prefix (qm_test_server_get_url (fixture.server), "https://"));
  /* What the server prints is what openssl says. */
  g_assert_cmpstr (qm_test_server_get_certificate_sha256 (fixture.server), ==, fixture.openssl_a);
  fingerprint_a = hex_of (qm_test_server_get_certificate_sha256 (fixture.server));

  /* First contact: refused before the password goes out, with the
   * fingerprint the server printed (and openssl computes). */
  g_assert_false (login (session, &error));
  assert_certificate_error (error, QM_CERTIFICATE_ERROR_UNKNOWN, address, fingerprint_a, NULL);
  formatted = qm_certificate_format_fingerprint (qm_certificate_error_get_fingerprint (error));
  line = one_line (formatted);
  g_assert_cmpstr (line, ==, fixture.openssl_a);
  g_assert_false (qm_session_get_logged_in (session));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The user compared and trusts it: the same sign-in works over HTTPS. */
  g_assert_true (qm_certificate_pins_trust (qm_session_get_certificate_pins (session), address,
                                            fingerprint_a, &error));
  g_assert_no_error (error);
  g_assert_true (login (session, &error));
  g_assert_no_error (error);
  g_assert_true (qm_session_get_logged_in (session));

  /* A meeting (its creator is its secretary) with a document, made by the harness
   * (which trusts the printed certificate itself). */
  admin_token = qm_test_login (fixture.server, "admin", PASSWORD);
  meeting = qm_test_create_meeting (fixture.server, admin_token, "Họp qua TLS", NULL);
  item = qm_test_add_item (fixture.server, admin_token, meeting->id, "Báo cáo");
  pdf = qm_test_make_pdf (2, "Báo cáo", 7);
  document = qm_test_upload (fixture.server, admin_token, "bao-cao.pdf", pdf);
  attached = qm_test_attach (fixture.server, admin_token, meeting->id, item->id, document->id);

  /* The live channel over wss and a download, through the same pin. */
  live = qm_live_connection_new (session, meeting->id);
  qm_live_connection_set_timing (live, 50, 200, 0, 0, 0);
  g_signal_connect (live, "notify::state", G_CALLBACK (on_live_state), &state_changes);
  qm_live_connection_start (live);
  wait_until (qm_live_connection_get_state (live) == QM_LIVE_STATE_ONLINE);
  downloaded = fetch_document (session, document->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (downloaded);

  /* The pin outlives the session object: a new one signs in silently. */
  next = session_new (path);
  g_assert_true (login (next, &error));
  g_assert_no_error (error);
  g_clear_object (&next);

  /* The same host:port comes back with another certificate. */
  restart_with (fixture.cert_b, fixture.key_b);
  {
    g_autofree char *now = server_address ();

    g_assert_cmpstr (now, ==, address);
  }
  g_assert_cmpstr (qm_test_server_get_certificate_sha256 (fixture.server), ==, fixture.openssl_b);
  fingerprint_b = hex_of (qm_test_server_get_certificate_sha256 (fixture.server));
  g_assert_cmpstr (fingerprint_b, !=, fingerprint_a);
  g_clear_pointer (&formatted, g_free);
  g_clear_pointer (&line, g_free);
  formatted = qm_certificate_format_fingerprint (fingerprint_b);
  line = one_line (formatted);
  g_assert_cmpstr (line, ==, fixture.openssl_b);

  /* The live channel notices, stops with the reason, and does not retry. */
  wait_until (qm_live_connection_get_state (live) == QM_LIVE_STATE_OFFLINE);
  g_assert_cmpint (qm_live_connection_get_stop_reason (live), ==, QM_LIVE_STOP_CERTIFICATE);
  assert_certificate_error (qm_live_connection_get_last_error (live),
                            QM_CERTIFICATE_ERROR_CHANGED, address, fingerprint_b, fingerprint_a);
  {
    guint changes = state_changes;
    gboolean waited = FALSE;

    /* Three times the longest backoff: a retry would have shown. */
    g_timeout_add (600, on_deadline, &waited);
    wait_until (waited);
    g_assert_cmpuint (state_changes, ==, changes);
    g_assert_cmpint (qm_live_connection_get_state (live), ==, QM_LIVE_STATE_OFFLINE);
  }

  /* REST and downloads: refused, with both fingerprints. */
  me = fetch_me (session, &error);
  g_assert_null (me);
  assert_certificate_error (error, QM_CERTIFICATE_ERROR_CHANGED, address, fingerprint_b,
                            fingerprint_a);
  g_clear_error (&error);
  g_clear_pointer (&downloaded, g_free);
  downloaded = fetch_document (session, document->id, &error);
  g_assert_null (downloaded);
  assert_certificate_error (error, QM_CERTIFICATE_ERROR_CHANGED, address, fingerprint_b,
                            fingerprint_a);
  g_clear_error (&error);
  next = session_new (path);
  g_assert_false (login (next, &error));
  assert_certificate_error (error, QM_CERTIFICATE_ERROR_CHANGED, address, fingerprint_b,
                            fingerprint_a);
  g_clear_error (&error);
  g_clear_object (&next);

  /* Nothing replaced the pin behind the user's back. */
  pinned = qm_certificate_pins_lookup (qm_session_get_certificate_pins (session), address, NULL);
  g_assert_cmpstr (pinned, ==, fingerprint_a);

  /* The administrator confirmed the new one: replacing the pin lets REST and
   * the live channel through again (the token survived the restart). */
  g_assert_true (qm_certificate_pins_trust (qm_session_get_certificate_pins (session), address,
                                            fingerprint_b, &error));
  g_assert_no_error (error);
  me = fetch_me (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
  qm_live_connection_start (live);
  wait_until (qm_live_connection_get_state (live) == QM_LIVE_STATE_ONLINE);
  qm_live_connection_stop (live);
  /* The server keeps certificate B: this is the last test. */
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (openssl_path == NULL)
    {
      g_test_skip ("openssl is not installed (script/bootstrap installs it)");
      return g_test_run ();
    }

  fixture.dir = g_dir_make_tmp ("quorum-pins-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.cert = g_build_filename (fixture.dir, "cert.pem", NULL);
  fixture.key = g_build_filename (fixture.dir, "key.pem", NULL);
  fixture.cert_a = g_build_filename (fixture.dir, "a-cert.pem", NULL);
  fixture.key_a = g_build_filename (fixture.dir, "a-key.pem", NULL);
  fixture.cert_b = g_build_filename (fixture.dir, "b-cert.pem", NULL);
  fixture.key_b = g_build_filename (fixture.dir, "b-key.pem", NULL);
  fixture.openssl_a = qm_test_make_certificate (fixture.cert_a, fixture.key_a);
  fixture.openssl_b = qm_test_make_certificate (fixture.cert_b, fixture.key_b);
  g_assert_nonnull (fixture.openssl_a);
  g_assert_nonnull (fixture.openssl_b);
  qm_test_copy_file (fixture.cert_a, fixture.cert);
  qm_test_copy_file (fixture.key_a, fixture.key);
  {
    const char *config[] = { "server", "tls-cert", fixture.cert,
                             "server", "tls-key", fixture.key, NULL };
    QmTestServerOptions options = { .admin_username = "admin", .admin_password = PASSWORD,
                                    .config = config, .keep_port = TRUE };

    fixture.server = qm_test_server_new (&options);
  }

  g_test_add_func ("/quorum/client/certificate-pins/store", test_store);
  g_test_add_func ("/quorum/client/certificate-pins/ca-trusted", test_ca_trusted);
  g_test_add_func ("/quorum/client/certificate-pins/trust-on-first-use", test_trust_on_first_use);
  result = g_test_run ();

  qm_test_server_free (fixture.server);
  qm_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.cert);
  g_free (fixture.key);
  g_free (fixture.cert_a);
  g_free (fixture.key_a);
  g_free (fixture.cert_b);
  g_free (fixture.key_b);
  g_free (fixture.openssl_a);
  g_free (fixture.openssl_b);
  return result;
}
