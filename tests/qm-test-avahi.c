/* qm-test-avahi.c: a private system bus (dbus-daemon with a generated,
 * permissive config) and a real avahi-daemon on it, restricted to the
 * loopback interface, for tests that announce and browse.
 *
 * What avahi-daemon needs in a container, found by trying: root, only for
 * its pid file (/run/avahi-daemon/pid, a path built into it, which is also
 * how it refuses to run twice); --no-drop-root and --no-chroot, so it needs
 * no "avahi" user set up; and a system bus, which DBUS_SYSTEM_BUS_ADDRESS
 * names for it and for libavahi-client alike. It ignores no interface that
 * is up: on "lo" (allow-interfaces=lo) it sees its own multicast, which is
 * all a test on one machine needs, and nothing leaves the machine.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "qm-test-avahi.h"

#define AVAHI_DAEMON "/usr/sbin/avahi-daemon"
#define DBUS_DAEMON  "dbus-daemon"
#define AVAHI_SERVER_RUNNING 2

struct _QmTestAvahi
{
  char        *dir;
  char        *bus_address;
  GSubprocess *bus;
  GSubprocess *daemon;
  GDBusConnection *system_bus; /* GIO's singleton, if anything here uses it */
};

static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow user=\"*\"/>\n"
  "    <allow own=\"*\"/>\n"
  "    <allow send_type=\"method_call\"/>\n"
  "    <allow send_destination=\"*\"/>\n"
  "    <allow receive_sender=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static const char avahi_config[] =
  "[server]\n"
  "use-ipv4=yes\n"
  "use-ipv6=no\n"
  "allow-interfaces=lo\n"
  "enable-dbus=yes\n"
  "[wide-area]\n"
  "enable-wide-area=no\n"
  "[publish]\n"
  "publish-hinfo=no\n"
  "publish-workstation=no\n";

/* Waiting */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
qm_test_avahi_wait (gboolean   (*condition) (gpointer data),
                    gpointer     data,
                    const char  *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new_seconds (QM_TEST_AVAHI_TIMEOUT_SECONDS);

  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!condition (data) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  if (timed_out)
    g_error ("timed out after %d s waiting for %s", QM_TEST_AVAHI_TIMEOUT_SECONDS, what);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Processes */

static void
die_with_parent (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127);
}

GSubprocess *
qm_test_avahi_spawn (GSubprocessFlags    flags,
                     const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  gboolean done;
  char    *line;
} LineOp;

static void
line_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LineOp *op = user_data;

  op->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                        NULL, NULL);
  op->done = TRUE;
}

static void
waited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

char *
qm_test_avahi_read_line (GDataInputStream *stream)
{
  LineOp op = { 0 };

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read, &op);
  qm_test_avahi_wait (is_true, &op.done, "a line of a child's output");
  if (op.line == NULL)
    g_error ("a child ended its output early (see its messages above)");
  return op.line;
}

void
qm_test_avahi_terminate (GSubprocess *process,
                         const char  *what)
{
  gboolean done = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, waited, &done);
  qm_test_avahi_wait (is_true, &done, what);
}

const char *
qm_test_avahi_unavailable (void)
{
  const char *check[] = { AVAHI_DAEMON, "--check", NULL };
  g_autoptr(GSubprocess) process = NULL;

  if (!g_file_test (AVAHI_DAEMON, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is missing: run script/bootstrap (Debian package avahi-daemon)", AVAHI_DAEMON);
  if (getuid () != 0)
    return "avahi-daemon needs root to write its pid file /run/avahi-daemon/pid "
           "(CI runs as root)";
  process = qm_test_avahi_spawn (G_SUBPROCESS_FLAGS_STDERR_SILENCE, check);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    return "this machine runs its own avahi-daemon, and a second one refuses to start "
           "(it keeps one pid file)";
  return NULL;
}

/* The daemon */

typedef struct
{
  gboolean appeared;
  gboolean running;
  gboolean exited;
} DaemonWait;

static void
state_changed (GDBusConnection *connection,
               const char      *sender,
               const char      *path,
               const char      *interface,
               const char      *signal,
               GVariant        *parameters,
               gpointer         user_data)
{
  DaemonWait *wait = user_data;
  gint32 state = 0;

  g_variant_get (parameters, "(is)", &state, NULL);
  if (state == AVAHI_SERVER_RUNNING)
    wait->running = TRUE;
}

static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         user_data)
{
  ((DaemonWait *) user_data)->appeared = TRUE;
}

static gboolean
daemon_ready (gpointer data)
{
  DaemonWait *wait = data;

  return wait->running || wait->exited;
}

static gboolean
daemon_appeared (gpointer data)
{
  DaemonWait *wait = data;

  return wait->appeared || wait->exited;
}

static void
daemon_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  ((DaemonWait *) user_data)->exited = TRUE;
}

void
qm_test_avahi_start_daemon (QmTestAvahi *self)
{
  g_autofree char *config = g_build_filename (self->dir, "avahi-daemon.conf", NULL);
  const char *argv[] = {
    AVAHI_DAEMON, "--no-drop-root", "--no-chroot", "--no-rlimits", "--no-proc-title",
    "-f", config, NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  DaemonWait wait = { 0 };
  guint subscription;
  guint watch;
  gint32 state = 0;

  g_assert_null (self->daemon);

  bus = g_dbus_connection_new_for_address_sync (self->bus_address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  subscription = g_dbus_connection_signal_subscribe (bus, NULL, "org.freedesktop.Avahi.Server",
                                                     "StateChanged", "/", NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE, state_changed,
                                                     &wait, NULL);
  watch = g_bus_watch_name_on_connection (bus, "org.freedesktop.Avahi",
                                          G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared, NULL,
                                          &wait, NULL);

  /* Its log (stderr) goes to the test's, for when something goes wrong. */
  self->daemon = qm_test_avahi_spawn (G_SUBPROCESS_FLAGS_NONE, argv);
  g_subprocess_wait_async (self->daemon, cancellable, daemon_exited, &wait);

  qm_test_avahi_wait (daemon_appeared, &wait, "avahi-daemon on the private system bus");
  if (!wait.exited)
    {
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Avahi", "/",
                                           "org.freedesktop.Avahi.Server", "GetState", NULL,
                                           G_VARIANT_TYPE ("(i)"), G_DBUS_CALL_FLAGS_NONE,
                                           QM_TEST_AVAHI_TIMEOUT_SECONDS * 1000, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(i)", &state);
      if (state == AVAHI_SERVER_RUNNING)
        wait.running = TRUE;
      qm_test_avahi_wait (daemon_ready, &wait, "avahi-daemon to announce its host name");
    }
  if (wait.exited)
    g_error ("avahi-daemon exited at start (see its messages above)");

  g_cancellable_cancel (cancellable);
  /* The cancelled wait reports before the flag can go out of scope. */
  qm_test_avahi_wait (is_true, &wait.exited, "the cancelled wait on avahi-daemon");
  g_bus_unwatch_name (watch);
  g_dbus_connection_signal_unsubscribe (bus, subscription);
  g_dbus_connection_close_sync (bus, NULL, NULL);
}

void
qm_test_avahi_stop_daemon (QmTestAvahi *self)
{
  g_assert_nonnull (self->daemon);
  qm_test_avahi_terminate (self->daemon, "avahi-daemon to exit");
  g_assert_true (g_subprocess_get_if_exited (self->daemon));
  g_assert_cmpint (g_subprocess_get_exit_status (self->daemon), ==, 0);
  g_clear_object (&self->daemon);
}

/* The bus */

QmTestAvahi *
qm_test_avahi_new (void)
{
  QmTestAvahi *self = g_new0 (QmTestAvahi, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *bus_config_path = NULL;
  g_autofree char *bus_text = NULL;
  g_autofree char *avahi_config_path = NULL;
  g_autofree char *config_arg = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  self->dir = g_dir_make_tmp ("quorum-avahi-XXXXXX", &error);
  g_assert_no_error (error);

  bus_config_path = g_build_filename (self->dir, "system-bus.conf", NULL);
  bus_text = g_strdup_printf (bus_config, self->dir);
  g_file_set_contents (bus_config_path, bus_text, -1, &error);
  g_assert_no_error (error);
  avahi_config_path = g_build_filename (self->dir, "avahi-daemon.conf", NULL);
  g_file_set_contents (avahi_config_path, avahi_config, -1, &error);
  g_assert_no_error (error);

  config_arg = g_strdup_printf ("--config-file=%s", bus_config_path);
  self->bus = qm_test_avahi_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                     (const char * const []) { DBUS_DAEMON, config_arg, "--nofork",
                                               "--print-address=1", NULL });
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->bus));
  self->bus_address = qm_test_avahi_read_line (out);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", self->bus_address, TRUE);

  /* GIO, GTK and their modules may reach for the system bus (the network
   * monitor does): they get GIO's singleton, now on this bus, which raises
   * SIGTERM in the test when the bus stops. Made first, so it does not. */
  self->system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (self->system_bus, FALSE);

  qm_test_avahi_start_daemon (self);
  return self;
}

void
qm_test_avahi_free (QmTestAvahi *self)
{
  if (self == NULL)
    return;
  if (self->daemon != NULL)
    qm_test_avahi_stop_daemon (self);
  g_dbus_connection_close_sync (self->system_bus, NULL, NULL);
  g_clear_object (&self->system_bus);
  qm_test_avahi_terminate (self->bus, "dbus-daemon to exit");
  g_clear_object (&self->bus);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  /* The bus's socket is gone with it; then the configs. */
  {
    g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (self->dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self->bus_address);
  g_free (self);
}
