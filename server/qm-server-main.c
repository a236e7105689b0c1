/* qm-server-main.c: the quorum-server command: options, the admin account
 * set-up, the demo, and a clean stop on SIGTERM or Ctrl+C.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "quorum-server"

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <unistd.h>

#include "qm-announcer.h"
#include "qm-backup.h"
#include "qm-demo.h"
#include "qm-live.h"
#include "qm-log.h"
#include "qm-loop-watch.h"
#include "qm-server.h"

typedef struct
{
  GMainLoop *loop;
  QmServer  *server;
  int        status;
  gboolean   stopping;
} Run;

static gboolean
stop_on_signal (gpointer user_data)
{
  Run *run = user_data;

  qm_log (QM_LOG_EVENT, NULL, "stopping");
  run->stopping = TRUE;
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1: what an administrator asks of a running server (ADMIN.md). */
static gboolean
report_status (gpointer user_data)
{
  Run *run = user_data;
  QmLoopWatchStats loop;
  double seconds;

  qm_loop_watch_take (&loop);
  seconds = MAX (g_get_monotonic_time () - loop.since_us, 1) / 1e6;
  if (loop.longest_own_us >= 0)
    qm_log (QM_LOG_EVENT, NULL, "status: main loop over the last %.1f s: %" G_GUINT64_FORMAT
            " iterations, %.1f%% busy, longest stretch %.2f ms (%.2f ms of it on a CPU, %.2f ms "
            "waiting for one), %" G_GUINT64_FORMAT " over 1 ms, %" G_GUINT64_FORMAT " over 5 ms; "
            "not counting waits for a CPU: longest %.2f ms, %" G_GUINT64_FORMAT " over 5 ms",
            seconds, loop.iterations, loop.busy_us / 1e4 / seconds, loop.longest_us / 1e3,
            loop.longest_cpu_us / 1e3, MAX (loop.longest_wait_us, 0) / 1e3, loop.over_1ms,
            loop.over_5ms, loop.longest_own_us / 1e3, loop.own_over_5ms);
  else if (loop.longest_cpu_us >= 0)
    qm_log (QM_LOG_EVENT, NULL, "status: main loop over the last %.1f s: %" G_GUINT64_FORMAT
            " iterations, %.1f%% busy, longest stretch %.2f ms (%.2f ms of it on a CPU), %"
            G_GUINT64_FORMAT " over 1 ms, %" G_GUINT64_FORMAT " over 5 ms", seconds,
            loop.iterations, loop.busy_us / 1e4 / seconds, loop.longest_us / 1e3,
            loop.longest_cpu_us / 1e3, loop.over_1ms, loop.over_5ms);
  else
    qm_log (QM_LOG_EVENT, NULL, "status: main loop over the last %.1f s: %" G_GUINT64_FORMAT
            " iterations, %.1f%% busy, longest stretch %.2f ms, %" G_GUINT64_FORMAT
            " over 1 ms, %" G_GUINT64_FORMAT " over 5 ms", seconds, loop.iterations,
            loop.busy_us / 1e4 / seconds, loop.longest_us / 1e3, loop.over_1ms, loop.over_5ms);
  if (run->server != NULL)
    {
      g_autofree char *live = qm_live_describe (qm_server_get_services (run->server)->live);

      g_autofree char *lean = qm_server_describe_lean_path (run->server);

      qm_log (QM_LOG_EVENT, NULL, "status: %s", live);
      if (lean != NULL)
        qm_log (QM_LOG_EVENT, NULL, "status: %s", lean);
    }
  return G_SOURCE_CONTINUE;
}

/* --create-admin: the password is one line on standard input. */
static char *
read_password (GError **error)
{
  char line[QM_MAX_PASSWORD_BYTES + 2];
  gsize length;

  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "type the new admin's password as one line on standard input");
      return NULL;
    }
  length = strcspn (line, "\r\n");
  line[length] = '\0';
  if (!g_utf8_validate (line, -1, NULL) || g_utf8_strlen (line, -1) < QM_MIN_PASSWORD_CHARS
      || length > QM_MAX_PASSWORD_BYTES)
    {
      memset (line, 0, sizeof line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the password must have %d to %d characters", QM_MIN_PASSWORD_CHARS,
                   QM_MAX_PASSWORD_BYTES);
      return NULL;
    }
  return g_strdup (line);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gint64     id;
} Wait;

static void
admin_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  qm_store_write_finish (QM_STORE (source), result, &wait->id, &wait->error);
  g_main_loop_quit (wait->loop);
}

static int
verify_record (QmConfig *config,
               gint64    meeting_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmStore) store = qm_store_open (config->data_dir, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean intact;

  if (store == NULL)
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 2;
    }
  intact = qm_store_verify_record (store, meeting_id, report);
  qm_store_close (store);
  g_print ("Record of meeting %" G_GINT64_FORMAT ": %s", meeting_id, report->str);
  return intact ? 0 : 1;
}

static int
create_admin (QmConfig   *config,
              const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmStore) store = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, 0 };

  if (!qm_is_username (username))
    {
      g_printerr ("quorum-server: “%s” is not a username: use 1 to 64 letters, digits and . _ - @\n",
                  username);
      return 1;
    }
  if (!(password = read_password (&error))
      || !(hash = qm_auth_hash_password (password, &error))
      || !(store = qm_store_open (config->data_dir, &error)))
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 1;
    }
  memset (password, 0, strlen (password));

  qm_store_create_user_async (store, username, username, hash,
                              QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY, admin_stored, &wait);
  g_main_loop_run (loop);
  qm_store_close (store);

  if (wait.error != NULL)
    {
      g_printerr ("quorum-server: cannot create “%s”: %s\n", username, wait.error->message);
      g_error_free (wait.error);
      return 1;
    }
  g_print ("Created the admin account “%s” (id %" G_GINT64_FORMAT ").\n", username, wait.id);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmConfig) config = qm_config_new ();
  g_autoptr(QmServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *url = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *fingerprint = NULL;
  gboolean demo = FALSE;
  gboolean announce = FALSE;
  g_autofree char *announce_name = NULL;
  g_autoptr(QmAnnouncer) announcer = NULL;
  gint64 verify_meeting = 0;
  g_autofree char *backup = NULL;
  g_autofree char *restore = NULL;
  gboolean force = FALSE;
  gboolean version = FALSE;
  Run run = { 0 };
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Folder for the database and the documents (default: ~/.local/share/quorum)", "DIR" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to accept connections on (default: 127.0.0.1:8080; "
      "0.0.0.0:8080 for the whole meeting-room network; port 0 picks a free one)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve HTTPS with this certificate (PEM)", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's private key (PEM)", "PEM" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file,
      "Read settings and limits from this file (see docs)", "FILE" },
    { "announce", 0, 0, G_OPTION_ARG_NONE, &announce,
      "Announce the server on the local network (mDNS/DNS-SD, _quorum._tcp, through the Avahi "
      "daemon) so the app lists it at sign-in; the name is [server] name of the config file "
      "(default: “Quorum on HOST”)", NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      "Add demo accounts and a demo meeting with documents (once), and print the passwords", NULL },
    { "create-admin", 0, 0, G_OPTION_ARG_STRING, &admin,
      "Create an admin account; its password is read as one line from standard input, "
      "then the program exits", "USERNAME" },
    { "verify-record", 0, 0, G_OPTION_ARG_INT64, &verify_meeting,
      "Check a meeting's record (its hash chain and signatures), say which entry breaks if any, "
      "and exit (0: intact, 1: broken)", "MEETING_ID" },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup,
      "Copy the data dir (database, documents, record key) into the new folder FOLDER, "
      "consistently, even while a server runs on it; then exit", "FOLDER" },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, &restore,
      "Check a backup folder and put it in --data-dir (missing or empty, unless --force); "
      "then exit", "FOLDER" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "With --restore: move a non-empty data dir aside (to DIR.replaced-TIME) instead of refusing",
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Requests allocate and free a little each; giving memory back to the
   * kernel after every one costs more (brk, TLB flushes) than keeping it. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "The Quorum meeting server: accounts, meetings, agendas, documents and the live meeting.");
  g_option_context_set_description (context,
    "First use:\n"
    "  echo 'a-long-password' | quorum-server --data-dir /srv/quorum --create-admin admin\n"
    "  quorum-server --data-dir /srv/quorum --listen 0.0.0.0:8080\n"
    "Then sign in from the Quorum app with the address it prints.\n"
    "To try it out: quorum-server --data-dir /tmp/quorum-demo --demo\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("quorum-server: %s\nTry “quorum-server --help”.\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("quorum-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("quorum-server: --tls-cert and --tls-key go together\n");
      return 2;
    }

  if ((config_file != NULL && !qm_config_load_file (config, config_file, &error))
      || (listen != NULL && !qm_config_set_listen (config, listen, &error)))
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 2;
    }
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (tls_cert != NULL)
    {
      g_free (config->tls_cert);
      g_free (config->tls_key);
      config->tls_cert = g_steal_pointer (&tls_cert);
      config->tls_key = g_steal_pointer (&tls_key);
    }
  if ((config->tls_cert == NULL) != (config->tls_key == NULL))
    {
      g_printerr ("quorum-server: a TLS certificate needs its key, and a key its certificate "
                  "(tls-cert and tls-key)\n");
      return 2;
    }
  if (config->validator.helper_path == NULL)
    config->validator.helper_path = qm_config_find_pdf_check ();
  announce = announce || config->announce;
  if (announce)
    {
      g_autoptr(GInetAddress) host = g_inet_address_new_from_string (config->listen_host);

      announce_name = qm_config_get_announce_name (config);
      if (host != NULL && g_inet_address_get_is_loopback (host))
        qm_log (QM_LOG_PROBLEM, NULL, "announcing a server that listens on %s only: other "
                "machines will see it but cannot connect (use --listen 0.0.0.0:PORT)",
                config->listen_host);
    }

  if (!qm_auth_init_crypto (&error))
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 1;
    }

  if (backup != NULL && restore != NULL)
    {
      g_printerr ("quorum-server: --backup and --restore are separate steps\n");
      return 2;
    }
  if (backup != NULL || restore != NULL)
    {
      g_autofree char *summary = NULL;
      gboolean ok = backup != NULL
                    ? qm_backup_create (config->data_dir, backup, &summary, &error)
                    : qm_backup_restore (restore, config->data_dir, force, &summary, &error);

      if (!ok)
        {
          g_printerr ("quorum-server: %s\n", error->message);
          return 1;
        }
      g_print ("%s", summary);
      return 0;
    }
  if (admin != NULL)
    return create_admin (config, admin);
  if (verify_meeting > 0)
    return verify_record (config, verify_meeting);

  /* Before anything can be listening: a stop request is never missed. */
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  g_unix_signal_add (SIGTERM, stop_on_signal, &run);
  g_unix_signal_add (SIGINT, stop_on_signal, &run);
  g_unix_signal_add (SIGUSR1, report_status, &run);
  /* QUORUM_LOOP_WATCH_CPU=1 also reads the main thread's CPU time around
   * every stretch, to tell a busy loop from one waiting for a CPU. */
  qm_loop_watch_install (g_strcmp0 (g_getenv ("QUORUM_LOOP_WATCH_CPU"), "1") == 0);
  /* QUORUM_LOOP_WATCH_TRACE=MS logs where the main loop is whenever it goes
   * MS milliseconds without polling (ADMIN.md). */
  if (g_getenv ("QUORUM_LOOP_WATCH_TRACE") != NULL)
    {
      gint64 ms = g_ascii_strtoll (g_getenv ("QUORUM_LOOP_WATCH_TRACE"), NULL, 10);

      if (ms > 0)
        qm_loop_watch_trace_stalls (ms * 1000, STDERR_FILENO);
    }

  if (!(server = qm_server_new (g_steal_pointer (&config), &error)))
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 1;
    }
  /* Seeded before listening, so nobody sees a half-made demo meeting. */
  if (demo && !(credentials = qm_demo_seed (qm_server_get_services (server), &error)))
    {
      g_printerr ("quorum-server: the demo could not be set up: %s\n", error->message);
      return 1;
    }
  if (!(url = qm_server_listen (server, &error)))
    {
      g_printerr ("quorum-server: %s\n", error->message);
      return 1;
    }

  run.server = server;
  /* The contract: this is the first line on stdout, flushed at once. */
  g_print ("quorum-server listening on %s\n", url);
  /* Then what clients pin on their first connection (PROTOCOL.md §10). */
  if ((fingerprint = qm_server_get_certificate_sha256 (server)) != NULL)
    g_print ("quorum-server certificate sha256 %s\n", fingerprint);
  fflush (stdout);

  if (credentials != NULL)
    {
      g_print ("%s", credentials);
      fflush (stdout);
    }

  if (announce)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      announcer = qm_announcer_new (announce_name, (guint) g_uri_get_port (uri),
                                    fingerprint != NULL, fingerprint);
    }

  /* A stop asked for while the demo was being set up counts too. */
  if (!run.stopping)
    g_main_loop_run (loop);

  /* Withdrawn first: nobody should find a server that no longer answers. */
  g_clear_pointer (&announcer, qm_announcer_free);
  qm_server_stop (server);
  return run.status;
}
