/* test-discovery.c: LAN discovery end to end: the real quorum-server with
 * --announce, a real avahi-daemon on a private system bus, and QmServerBrowser
 * finding it (port, TXT, a URL that answers), dropping it when it stops,
 * naming a second server of the same name "NAME #2", and both sides riding
 * out the daemon stopping and coming back.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "qm-server-browser.h"
#include "qm-test-avahi.h"
#include "qm-test-server.h"

static QmTestAvahi *avahi;

/* A name no other test run on this machine uses. */
static char *
unique_name (const char *what)
{
  return g_strdup_printf ("Quorum test %s %d", what, (int) getpid ());
}

static QmTestServer *
start_announced (const char *name,
                 gboolean    by_option)
{
  const char *config[] = { "server", "name", name, "server", "announce", "true", NULL };
  const char *config_name_only[] = { "server", "name", name, NULL };
  const char *args[] = { "--announce", NULL };
  const QmTestServerOptions options = {
    .config = by_option ? config_name_only : config,
    .args = by_option ? args : NULL,
  };
  return qm_test_server_new (&options);
}

static guint
server_port (QmTestServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (qm_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);

  return (guint) g_uri_get_port (uri);
}

typedef struct
{
  QmServerBrowser *browser;
  const char      *name;
} Lookup;

static QmDiscoveredServer *
find (QmServerBrowser *browser,
      const char      *name)
{
  GListModel *servers = qm_server_browser_get_servers (browser);

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(QmDiscoveredServer) server = g_list_model_get_item (servers, i);

      if (g_str_equal (qm_discovered_server_get_name (server), name))
        return server;
    }
  return NULL;
}

static gboolean
is_listed (gpointer data)
{
  Lookup *lookup = data;

  return find (lookup->browser, lookup->name) != NULL;
}

static gboolean
is_gone (gpointer data)
{
  return !is_listed (data);
}

static gboolean
is_available (gpointer data)
{
  return qm_server_browser_get_available (data);
}

static gboolean
is_unavailable (gpointer data)
{
  return !qm_server_browser_get_available (data);
}

static gboolean
is_empty (gpointer data)
{
  return g_list_model_get_n_items (qm_server_browser_get_servers (data)) == 0;
}

static QmDiscoveredServer *
wait_listed (QmServerBrowser *browser,
             const char      *name)
{
  Lookup lookup = { browser, name };
  g_autofree char *what = g_strdup_printf ("“%s” in the browser's list", name);

  qm_test_avahi_wait (is_listed, &lookup, what);
  return find (browser, name);
}

static void
wait_gone (QmServerBrowser *browser,
           const char      *name)
{
  Lookup lookup = { browser, name };
  g_autofree char *what = g_strdup_printf ("“%s” to leave the browser's list", name);

  qm_test_avahi_wait (is_gone, &lookup, what);
}

/* What a client does with the URL it found: ask the server's health. */
static void
assert_answers (QmDiscoveredServer *found)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout",
                                                                  QM_TEST_HTTP_TIMEOUT_SECONDS,
                                                                  "proxy-resolver", NULL, NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/health", qm_discovered_server_get_url (found));
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_nonnull (body);
}

static void
assert_health (QmTestServer *server)
{
  guint status = 0;
  g_autoptr(GBytes) body = qm_test_json (server, "GET", "/api/v1/health", NULL, NULL, &status);

  qm_test_assert_status (body, status, 200);
}

static void
test_announce_and_browse (void)
{
  g_autofree char *name = unique_name ("browse");
  g_autoptr(QmServerBrowser) browser = qm_server_browser_new ();
  g_autoptr(QmTestServer) server = start_announced (name, FALSE);
  QmDiscoveredServer *found;
  g_autofree char *url = NULL;

  found = wait_listed (browser, name);
  g_assert_true (qm_server_browser_get_available (browser));
  g_assert_cmpuint (qm_discovered_server_get_port (found), ==, server_port (server));
  g_assert_cmpstr (qm_discovered_server_get_host (found), ==, "127.0.0.1");
  g_assert_true (g_str_has_suffix (qm_discovered_server_get_host_name (found), ".local"));
  url = g_strdup_printf ("http://127.0.0.1:%u", server_port (server));
  g_assert_cmpstr (qm_discovered_server_get_url (found), ==, url);
  g_assert_false (qm_discovered_server_get_tls (found));
  g_assert_null (qm_discovered_server_get_fingerprint (found));
  g_assert_cmpstr (qm_discovered_server_get_version (found), ==, PACKAGE_VERSION);
  assert_answers (found);

  /* Stopping withdraws the announcement. */
  qm_test_server_stop (server);
  wait_gone (browser, name);

  g_assert_finalize_object (g_steal_pointer (&browser));
}

static void
test_name_collision (void)
{
  g_autofree char *name = unique_name ("same name");
  g_autofree char *second_name = g_strdup_printf ("%s #2", name);
  g_autoptr(QmServerBrowser) browser = qm_server_browser_new ();
  g_autoptr(QmTestServer) first = start_announced (name, TRUE);
  g_autoptr(QmTestServer) second = NULL;
  QmDiscoveredServer *found;

  found = wait_listed (browser, name);
  g_assert_cmpuint (qm_discovered_server_get_port (found), ==, server_port (first));

  /* The second one, with --announce and the same configured name. */
  second = start_announced (name, TRUE);
  found = wait_listed (browser, second_name);
  g_assert_cmpuint (qm_discovered_server_get_port (found), ==, server_port (second));
  assert_answers (found);
  found = find (browser, name);
  g_assert_nonnull (found);
  g_assert_cmpuint (qm_discovered_server_get_port (found), ==, server_port (first));

  qm_test_server_stop (first);
  wait_gone (browser, name);
  g_assert_nonnull (find (browser, second_name));
  qm_test_server_stop (second);
  wait_gone (browser, second_name);

  g_assert_finalize_object (g_steal_pointer (&browser));
}

static void
test_daemon_restart (void)
{
  g_autofree char *name = unique_name ("restart");
  g_autoptr(QmServerBrowser) browser = qm_server_browser_new ();
  g_autoptr(QmTestServer) server = start_announced (name, FALSE);
  QmDiscoveredServer *found;

  wait_listed (browser, name);

  /* The daemon goes: the browser empties its list, the server keeps serving. */
  qm_test_avahi_stop_daemon (avahi);
  qm_test_avahi_wait (is_unavailable, browser, "the browser to see the daemon gone");
  qm_test_avahi_wait (is_empty, browser, "the browser's list to empty");
  assert_health (server);

  /* It comes back: the server registers again, the browser finds it again. */
  qm_test_avahi_start_daemon (avahi);
  qm_test_avahi_wait (is_available, browser, "the browser to see the daemon back");
  found = wait_listed (browser, name);
  g_assert_cmpuint (qm_discovered_server_get_port (found), ==, server_port (server));
  assert_answers (found);

  qm_test_server_stop (server);
  wait_gone (browser, name);
  g_assert_finalize_object (g_steal_pointer (&browser));
}

static void
test_server_before_daemon (void)
{
  g_autofree char *name = unique_name ("early");
  g_autoptr(QmServerBrowser) browser = NULL;
  g_autoptr(QmTestServer) server = NULL;

  /* No daemon: the server serves, the browser has nothing and says so. */
  qm_test_avahi_stop_daemon (avahi);
  server = start_announced (name, FALSE);
  assert_health (server);
  browser = qm_server_browser_new ();
  g_assert_false (qm_server_browser_get_available (browser));
  g_assert_cmpuint (g_list_model_get_n_items (qm_server_browser_get_servers (browser)), ==, 0);

  qm_test_avahi_start_daemon (avahi);
  qm_test_avahi_wait (is_available, browser, "the browser to find the daemon");
  wait_listed (browser, name);

  qm_test_server_stop (server);
  wait_gone (browser, name);
  g_assert_finalize_object (g_steal_pointer (&browser));
}

static char *
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* With TLS: tls=1, an https URL, and the fingerprint the server prints. */
static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("quorum-discovery-XXXXXX", &error);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "quorum-server.conf", NULL);
  g_autofree char *name = unique_name ("tls");
  g_autofree char *config_text = g_strdup_printf ("[server]\nname=%s\n", name);
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=quorum-test", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert, NULL };
  const char *argv[] = { g_getenv ("QUORUM_SERVER"), "--data-dir", data, "--listen",
                         "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, "--config",
                         config, "--announce", NULL };
  g_autoptr(QmServerBrowser) browser = qm_server_browser_new ();
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *url = NULL;
  g_autofree char *printed = NULL;
  QmDiscoveredServer *found;

  g_assert_no_error (error);
  g_free (run_openssl (req));
  g_file_set_contents (config, config_text, -1, &error);
  g_assert_no_error (error);

  server = qm_test_avahi_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, argv);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  first = qm_test_avahi_read_line (out);
  second = qm_test_avahi_read_line (out);
  g_assert_true (g_str_has_prefix (first, "quorum-server listening on https://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (second, "quorum-server certificate sha256 "));
  printed = g_strdup (second + strlen ("quorum-server certificate sha256 "));
  url = g_strndup (first + strlen ("quorum-server listening on "),
                   strlen (first) - strlen ("quorum-server listening on ") - 1);

  found = wait_listed (browser, name);
  g_assert_true (qm_discovered_server_get_tls (found));
  g_assert_cmpstr (qm_discovered_server_get_url (found), ==, url);
  g_assert_cmpstr (qm_discovered_server_get_fingerprint (found), ==, printed);
  g_assert_cmpuint (strlen (printed), ==, 32 * 3 - 1);

  qm_test_avahi_terminate (server, "quorum-server to stop");
  g_assert_true (g_subprocess_get_successful (server));
  wait_gone (browser, name);
  g_assert_finalize_object (g_steal_pointer (&browser));
  qm_test_remove_tree (dir);
}

/* A config the server cannot announce with stops it at start (status 2). */
static void
test_bad_config (void)
{
  const char *bad[] = {
    "[server]\nannounce=yes\n",
    "[server]\nname=\n",
    "[server]\nname=0123456789012345678901234567890123456789012345678901234567890123\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("quorum-discovery-XXXXXX", &error);
      g_autofree char *config = g_build_filename (dir, "quorum-server.conf", NULL);
      g_autofree char *data = g_build_filename (dir, "data", NULL);
      const char *argv[] = { g_getenv ("QUORUM_SERVER"), "--data-dir", data, "--listen",
                             "127.0.0.1:0", "--config", config, NULL };
      g_autoptr(GSubprocess) server = NULL;
      g_autofree char *err = NULL;

      g_file_set_contents (config, bad[i], -1, &error);
      g_assert_no_error (error);
      server = qm_test_avahi_spawn (G_SUBPROCESS_FLAGS_STDERR_PIPE, argv);
      g_assert_true (g_subprocess_communicate_utf8 (server, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (server));
      g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 2);
      g_assert_nonnull (strstr (err, "[server]"));
      qm_test_remove_tree (dir);
    }
}

static void
test_no_system_bus (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"));
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "quorum-no-bus-XXXXXX", NULL);
  g_autofree char *address = NULL;
  g_autoptr(QmServerBrowser) browser = NULL;
  g_autoptr(QmTestServer) server = NULL;
  g_autofree char *name = unique_name ("no bus");

  /* A bus address where nothing listens, as on a machine without D-Bus. */
  g_assert_nonnull (g_mkdtemp (nowhere));
  address = g_strdup_printf ("unix:path=%s/socket", nowhere);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  server = start_announced (name, FALSE);
  browser = qm_server_browser_new ();

  /* Both carry on; fatal-warnings would stop the test on a g_warning. */
  assert_health (server);
  g_assert_false (qm_server_browser_get_available (browser));
  g_assert_cmpuint (g_list_model_get_n_items (qm_server_browser_get_servers (browser)), ==, 0);
  qm_test_server_stop (server);
  /* Its thread reads the environment: put it back only once that is gone. */
  g_assert_finalize_object (g_steal_pointer (&browser));
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", saved, TRUE);
  g_rmdir (nowhere);
}

int
main (int    argc,
      char **argv)
{
  const char *unavailable;
  int status;

  g_test_init (&argc, &argv, NULL);

  unavailable = qm_test_avahi_unavailable ();
  if (unavailable == NULL)
    avahi = qm_test_avahi_new ();

#define ADD(path, func)                                                        \
  G_STMT_START {                                                               \
    if (unavailable != NULL)                                                   \
      g_test_add_data_func ("/quorum/discovery/" path, unavailable,            \
                            (GTestDataFunc) g_test_skip);                      \
    else                                                                       \
      g_test_add_func ("/quorum/discovery/" path, func);                       \
  } G_STMT_END

  g_test_add_func ("/quorum/discovery/bad-config", test_bad_config);
  ADD ("announce-and-browse", test_announce_and_browse);
  ADD ("name-collision", test_name_collision);
  ADD ("tls", test_tls);
  ADD ("daemon-restart", test_daemon_restart);
  ADD ("server-before-daemon", test_server_before_daemon);
  ADD ("no-system-bus", test_no_system_bus);

  status = g_test_run ();
  qm_test_avahi_free (avahi);
  return status;
}
