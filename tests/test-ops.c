/* test-ops.c: operating the real quorum-server — a backup taken while a
 * writer is busy, restored into another data dir and checked end to end
 * (accounts, tokens, meetings, documents, votes, annotations, the record,
 * a new live epoch); and logs that never hold a password or a token.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "qm-test-live.h"

#define PASSWORD  "correct horse battery"
#define MEETINGS  "/api/v1/meetings/%" G_GINT64_FORMAT
#define TIMEOUT_SECONDS 120

typedef enum
{
  ROOT,
  CHAIR,
  ALICE,
  BOB,
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = { "root", "chair", "alice", "bob" };

/* Running quorum-server's one-shot commands, with a hard deadline */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct
{
  gboolean     done;
  GSubprocess *process;
  char        *out;
  char        *err;
} Command;

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Command *command = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &command->out,
                                        &command->err, &error);
  g_assert_no_error (error);
  command->done = TRUE;
}

/* Starts quorum-server with these arguments (NULL-terminated). */
static Command *
command_start (const char *first,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Command *command = g_new0 (Command, 1);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("QUORUM_SERVER"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  command->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (command->process, NULL, NULL, communicated, command);
  return command;
}

/* Waits for the end (hard deadline); returns the exit status and frees. */
static int
command_finish (Command  *command,
                char    **out_stdout,
                char    **out_stderr)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add_seconds (TIMEOUT_SECONDS, set_flag, &timed_out);
  int status;

  while (!command->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!command->done)
    g_error ("quorum-server did not finish within %d s", TIMEOUT_SECONDS);
  g_source_remove (timer);
  g_subprocess_wait (command->process, NULL, NULL);
  status = g_subprocess_get_if_exited (command->process)
           ? g_subprocess_get_exit_status (command->process) : -1;
  if (status != 0)
    g_test_message ("quorum-server said: %s%s", command->out, command->err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&command->out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&command->err);
  g_free (command->out);
  g_free (command->err);
  g_object_unref (command->process);
  g_free (command);
  return status;
}

/* A meeting with documents, a closed named vote, an open one, annotations */

typedef struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  gint64        meeting;
  GBytes       *pdfs[3];
  char         *docids[3];
  gint64        closed_vote;
  gint64        open_vote;
  char         *shared_note;
  char         *private_note;
  char         *epoch;
} Scene;

static void
scene_make (Scene *scene)
{
  static const QmAccountRoles roles[N_ACCOUNTS] = { 0 };
  QmTestServerOptions options = { .admin_username = names[ROOT], .admin_password = PASSWORD };
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmTestLive) alice = NULL;
  g_autoptr(QmTestLive) bob = NULL;
  g_autoptr(QmMessage) opened = NULL;
  g_autoptr(QmMessage) second = NULL;

  scene->server = qm_test_server_new (&options);
  scene->tokens[ROOT] = qm_test_login (scene->server, names[ROOT], PASSWORD);
  qm_test_create_users (scene->server, scene->tokens[ROOT], N_ACCOUNTS - 1, names + 1, roles + 1,
                        PASSWORD, scene->ids + 1);
  qm_test_login_many (scene->server, N_ACCOUNTS - 1, names + 1, PASSWORD, scene->tokens + 1);

  meeting = qm_test_create_meeting (scene->server, scene->tokens[ROOT], "Backed up", NULL);
  scene->meeting = meeting->id;
  for (guint who = CHAIR; who < N_ACCOUNTS; who++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (scene->server, scene->tokens[ROOT], scene->meeting,
                                 scene->ids[who], who == CHAIR ? "chair" : "delegate");
    }
  item = qm_test_add_item (scene->server, scene->tokens[ROOT], scene->meeting, "Budget");
  for (guint i = 0; i < G_N_ELEMENTS (scene->pdfs); i++)
    {
      g_autoptr(QmDocument) document = NULL;
      g_autoptr(QmAgendaItem) attached = NULL;

      scene->pdfs[i] = qm_test_make_pdf (2 + i, "Backed up", 40 + i);
      document = qm_test_upload (scene->server, scene->tokens[ROOT], "backed-up.pdf",
                                 scene->pdfs[i]);
      scene->docids[i] = g_strdup (document->id);
      attached = qm_test_attach (scene->server, scene->tokens[ROOT], scene->meeting, item->id,
                                 document->id);
    }

  chair = qm_test_live_join (scene->server, scene->meeting, scene->tokens[CHAIR]);
  alice = qm_test_live_join (scene->server, scene->meeting, scene->tokens[ALICE]);
  bob = qm_test_live_join (scene->server, scene->meeting, scene->tokens[BOB]);
  scene->epoch = g_strdup (qm_test_live_get_welcome (chair)->welcome.epoch);

  opened = qm_test_live_command (chair, 1, "\"type\":\"vote.open\",\"question\":\"Budget\","
                                           "\"secret\":false,\"majority\":\"simple\"");
  g_assert_cmpint (opened->type, ==, QM_MESSAGE_REPLY);
  scene->closed_vote = opened->reply.vote;
  for (guint who = CHAIR; who < N_ACCOUNTS; who++)
    {
      QmTestLive *live = who == CHAIR ? chair : who == ALICE ? alice : bob;
      g_autoptr(QmMessage) cast = qm_test_live_command (live, 2,
                                                        "\"type\":\"vote.cast\",\"vote\":%"
                                                        G_GINT64_FORMAT ",\"choice\":\"%s\"",
                                                        scene->closed_vote,
                                                        who == BOB ? "no" : "yes");

      g_assert_cmpint (cast->type, ==, QM_MESSAGE_REPLY);
    }
  {
    g_autoptr(QmMessage) closed = qm_test_live_command (chair, 3,
                                                        "\"type\":\"vote.close\",\"vote\":%"
                                                        G_GINT64_FORMAT, scene->closed_vote);

    g_assert_cmpint (closed->type, ==, QM_MESSAGE_REPLY);
  }
  second = qm_test_live_command (chair, 4, "\"type\":\"vote.open\",\"question\":\"Still open\","
                                           "\"secret\":true,\"majority\":\"absolute\"");
  g_assert_cmpint (second->type, ==, QM_MESSAGE_REPLY);
  scene->open_vote = second->reply.vote;
  {
    g_autoptr(QmMessage) cast = qm_test_live_command (alice, 5, "\"type\":\"vote.cast\",\"vote\":%"
                                                      G_GINT64_FORMAT ",\"choice\":\"abstain\"",
                                                      scene->open_vote);

    g_assert_cmpint (cast->type, ==, QM_MESSAGE_REPLY);
  }

  scene->shared_note = g_uuid_string_random ();
  scene->private_note = g_uuid_string_random ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(QmMessage) put =
        qm_test_live_command (alice, 6 + i,
                              "\"type\":\"annotation.put\",\"annotation\":{\"id\":\"%s\","
                              "\"doc\":\"%s\",\"page\":1,\"kind\":\"note\",\"shared\":%s,"
                              "\"rev\":1,\"data\":{\"x\":10,\"y\":10,\"text\":\"Ghi chú %u\"}}",
                              i == 0 ? scene->shared_note : scene->private_note,
                              scene->docids[0], i == 0 ? "true" : "false", i);

      g_assert_cmpint (put->type, ==, QM_MESSAGE_REPLY);
    }
}

static void
scene_clear (Scene *scene)
{
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_free (scene->tokens[i]);
  for (guint i = 0; i < G_N_ELEMENTS (scene->pdfs); i++)
    {
      g_bytes_unref (scene->pdfs[i]);
      g_free (scene->docids[i]);
    }
  g_free (scene->shared_note);
  g_free (scene->private_note);
  g_free (scene->epoch);
  qm_test_server_free (scene->server);
}

static guint
agenda_length (QmTestServer *server,
               const char   *token,
               gint64        meeting_id)
{
  g_autoptr(QmMeeting) meeting = qm_test_get_meeting (server, token, meeting_id);

  return meeting->agenda->len;
}

/* Removes <dir>.replaced-* that a forced restore left beside dir. */
static guint
remove_replaced (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *prefix = g_strconcat (base, ".replaced-", NULL);
  g_autoptr(GDir) folder = g_dir_open (parent, 0, NULL);
  const char *name;
  guint n = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (parent, name, NULL);

        qm_test_remove_tree (path);
        n++;
      }
  return n;
}

static void
test_backup_restore (void)
{
  Scene scene = { 0 };
  g_autoptr(QmTestServer) other = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *items_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *meeting_arg = NULL;
  g_autoptr(GError) error = NULL;
  Command *command;
  guint before, after, restored, writes = 0;
  gint64 deadline;

  scene_make (&scene);
  scratch = g_dir_make_tmp ("quorum-backup-XXXXXX", &error);
  g_assert_no_error (error);
  backup = g_build_filename (scratch, "backup", NULL);
  items_path = g_strdup_printf (MEETINGS "/agenda", scene.meeting);

  /* The backup runs while the writer keeps adding agenda items. */
  before = agenda_length (scene.server, scene.tokens[ROOT], scene.meeting);
  command = command_start ("--data-dir", qm_test_server_get_data_dir (scene.server), "--backup",
                           backup, NULL);
  deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  while (!command->done)
    {
      guint status;
      g_autofree char *json = g_strdup_printf ("{\"title\":\"Written during the backup %u\"}",
                                               writes);
      g_autoptr(GBytes) body = qm_test_json (scene.server, "POST", items_path,
                                             scene.tokens[ROOT], json, &status);

      qm_test_assert_status (body, status, 201);
      writes++;
      /* The harness waits on a context of its own; the backup's end comes here. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_cmpint (command_finish (command, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 documents"));
  after = agenda_length (scene.server, scene.tokens[ROOT], scene.meeting);
  g_test_message ("%u agenda items written while the backup ran", writes);
  g_assert_cmpuint (writes, >=, 1);
  g_clear_pointer (&out, g_free);

  /* A backup never overwrites anything. */
  command = command_start ("--data-dir", qm_test_server_get_data_dir (scene.server), "--backup",
                           backup, NULL);
  g_assert_cmpint (command_finish (command, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "exists already"));
  g_clear_pointer (&err, g_free);

  /* Into another server's data dir: refused while it holds data... */
  other = qm_test_server_new (&(QmTestServerOptions) { .admin_username = "someone",
                                                       .admin_password = PASSWORD });
  qm_test_server_stop (other);
  command = command_start ("--data-dir", qm_test_server_get_data_dir (other), "--restore", backup,
                           NULL);
  g_assert_cmpint (command_finish (command, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not empty"));
  g_clear_pointer (&err, g_free);
  /* ...and with --force, what was there moves aside. */
  command = command_start ("--data-dir", qm_test_server_get_data_dir (other), "--restore", backup,
                           "--force", NULL);
  g_assert_cmpint (command_finish (command, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "new live epoch"));
  g_assert_cmpuint (remove_replaced (qm_test_server_get_data_dir (other)), ==, 1);
  qm_test_server_start (other);

  /* The same accounts (passwords and tokens), one consistent snapshot of the
   * agenda: everything from before, and a prefix of what came during. */
  {
    g_autofree char *token = qm_test_login (other, names[ROOT], PASSWORD);
    g_autoptr(QmMeeting) meeting = qm_test_get_meeting (other, scene.tokens[ALICE], scene.meeting);

    g_assert_nonnull (token);
    restored = meeting->agenda->len;
    g_test_message ("agenda items: %u before the backup, %u in it, %u after", before, restored,
                    after);
    g_assert_cmpuint (restored, >=, before);
    g_assert_cmpuint (restored, <=, after);
    for (guint i = 0; i < meeting->agenda->len; i++)
      {
        QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

        g_assert_cmpint (item->position, ==, i);
        if (i > 0)
          {
            g_autofree char *title = g_strdup_printf ("Written during the backup %u", i - 1);

            g_assert_cmpstr (item->title, ==, title);
          }
      }
    g_assert_cmpuint (meeting->participants->len, ==, 4);
  }
  /* Every document, byte for byte. */
  for (guint i = 0; i < G_N_ELEMENTS (scene.docids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/documents/%s", scene.docids[i]);
      guint status;
      g_autoptr(GBytes) body = qm_test_request (other, "GET", path, scene.tokens[ROOT], NULL, NULL,
                                                0, &status, NULL);

      g_assert_cmpuint (status, ==, 200);
      g_assert_true (g_bytes_equal (body, scene.pdfs[i]));
    }
  /* The votes: the closed one with its result and roll, the open one with its count. */
  {
    g_autofree char *path = g_strdup_printf (MEETINGS "/votes", scene.meeting);
    g_autoptr(GPtrArray) votes = qm_test_get (other, path, scene.tokens[CHAIR],
                                              (gpointer) qm_vote_list_parse);
    QmVote *closed, *open;

    g_assert_cmpuint (votes->len, ==, 2);
    closed = g_ptr_array_index (votes, 0);
    open = g_ptr_array_index (votes, 1);
    g_assert_cmpint (closed->id, ==, scene.closed_vote);
    g_assert_cmpint (closed->status, ==, QM_VOTE_STATUS_CLOSED);
    g_assert_cmpint (closed->result.yes, ==, 2);
    g_assert_cmpint (closed->result.no, ==, 1);
    g_assert_true (closed->result.passed);
    g_assert_cmpuint (closed->ballots->len, ==, 3);
    g_assert_cmpint (open->id, ==, scene.open_vote);
    g_assert_cmpint (open->status, ==, QM_VOTE_STATUS_OPEN);
    g_assert_cmpint (open->cast, ==, 1);
  }
  /* Annotations: Alice's two, Bob sees the shared one. */
  {
    g_autofree char *path = g_strdup_printf (MEETINGS "/annotations", scene.meeting);
    g_autoptr(GPtrArray) alices = qm_test_get (other, path, scene.tokens[ALICE],
                                               (gpointer) qm_annotation_list_parse);
    g_autoptr(GPtrArray) bobs = qm_test_get (other, path, scene.tokens[BOB],
                                             (gpointer) qm_annotation_list_parse);

    g_assert_cmpuint (alices->len, ==, 2);
    g_assert_cmpuint (bobs->len, ==, 1);
    g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (bobs, 0))->id, ==, scene.shared_note);
  }
  /* A new history: the old epoch no longer resumes. */
  {
    g_autoptr(QmTestLive) live = qm_test_live_connect (other, scene.meeting);
    g_autoptr(QmMessage) welcome = NULL;

    qm_test_live_send_hello (live, scene.tokens[CHAIR], 1, scene.epoch);
    welcome = qm_test_live_next (live);
    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    g_assert_cmpstr (welcome->welcome.epoch, !=, scene.epoch);
    g_assert_false (welcome->welcome.resumed);
    g_assert_cmpuint (welcome->welcome.votes->len, ==, 1);
  }
  /* The record and its signatures came along with the key. */
  qm_test_server_stop (other);
  meeting_arg = g_strdup_printf ("%" G_GINT64_FORMAT, scene.meeting);
  g_clear_pointer (&out, g_free);
  command = command_start ("--data-dir", qm_test_server_get_data_dir (other), "--verify-record",
                           meeting_arg, NULL);
  g_assert_cmpint (command_finish (command, &out, NULL), ==, 0);
  qm_test_server_start (other);

  qm_test_remove_tree (scratch);
  scene_clear (&scene);
}

/* Logs: everything the server wrote on stderr while people logged in,
 * uploaded, voted (secretly too) and logged out holds no password, no
 * token and no token hash; and the events are there. */
static void
test_logs_without_secrets (void)
{
  g_autofree char *log = NULL;
  QmTestLogCapture capture;
  Scene scene = { 0 };

  qm_test_log_capture_begin (&capture);
  scene_make (&scene);
  {
    guint status;
    g_autoptr(GBytes) wrong = qm_test_json (scene.server, "POST", "/api/v1/login", NULL,
                                            "{\"username\":\"" PASSWORD "\",\"password\":\""
                                            PASSWORD " typo\"}", &status);
    g_autoptr(GBytes) out = qm_test_json (scene.server, "POST", "/api/v1/logout",
                                          scene.tokens[BOB], NULL, &status);

    g_assert_cmpuint (status, ==, 204);
  }
  qm_test_server_stop (scene.server);
  log = qm_test_log_capture_end (&capture);

  /* What happened is there... */
  g_assert_nonnull (strstr (log, "logged in"));
  g_assert_nonnull (strstr (log, "login refused"));
  g_assert_nonnull (strstr (log, "logged out"));
  g_assert_nonnull (strstr (log, "uploaded document"));
  g_assert_nonnull (strstr (log, "opened (secret"));
  g_assert_nonnull (strstr (log, "closed: 2 yes, 1 no, 0 abstain"));
  /* ...and no secret. */
  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, "horse"));
  for (guint who = 0; who < N_ACCOUNTS; who++)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

      g_assert_null (strstr (log, scene.tokens[who]));
      /* Nor any 16-character piece of a token, nor its hash. */
      for (gsize at = 0; at + 16 <= strlen (scene.tokens[who]); at += 8)
        {
          g_autofree char *piece = g_strndup (scene.tokens[who] + at, 16);

          g_assert_null (strstr (log, piece));
        }
      g_checksum_update (checksum, (const guchar *) scene.tokens[who], -1);
      g_assert_null (strstr (log, g_checksum_get_string (checksum)));
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes of log checked", strlen (log));
  scene_clear (&scene);
}

/* SIGUSR1 makes the server report its main loop and live connections; every
 * plain live connection is written straight to its socket (a connection
 * that came through the lean document path too), and a broadcast has
 * settled how broadcasts go out. */
static void
test_status_report (void)
{
  static const char *people[] = { "chair", "alice" };
  static const QmAccountRoles roles[G_N_ELEMENTS (people)] = { 0 };
  QmTestServerOptions options = { .admin_username = names[ROOT], .admin_password = PASSWORD };
  g_autoptr(QmTestServer) server = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmTestLive) alice = NULL;
  g_autoptr(QmMessage) presence = NULL;
  g_autofree char *root = NULL;
  g_autofree char *log = NULL;
  char *tokens[G_N_ELEMENTS (people)] = { NULL };
  gint64 ids[G_N_ELEMENTS (people)];
  QmTestLogCapture capture;

  qm_test_log_capture_begin (&capture);
  server = qm_test_server_new (&options);
  root = qm_test_login (server, names[ROOT], PASSWORD);
  qm_test_create_users (server, root, G_N_ELEMENTS (people), people, roles, PASSWORD, ids);
  qm_test_login_many (server, G_N_ELEMENTS (people), people, PASSWORD, tokens);
  meeting = qm_test_create_meeting (server, root, "Reported", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (server, root, meeting->id, ids[i], i == 0 ? "chair" : "delegate");
    }

  chair = qm_test_live_join (server, meeting->id, tokens[0]);
  alice = qm_test_live_join (server, meeting->id, tokens[1]);
  /* Alice's arrival is broadcast to both. */
  presence = qm_test_live_wait_type (chair, QM_MESSAGE_PRESENCE);

  qm_test_server_signal (server, SIGUSR1);
  qm_test_log_capture_wait (&capture, "status: 2 live connection(s)");

  qm_test_server_stop (server);
  log = qm_test_log_capture_end (&capture);
  g_assert_nonnull (strstr (log, "status: main loop over the last "));
  g_assert_nonnull (strstr (log, " iterations, "));
  g_assert_nonnull (strstr (log, "status: 2 live connection(s) in 1 meeting(s), "
                                 "2 written straight to their sockets; broadcasts: "));
  g_assert_null (strstr (log, "broadcasts: not yet decided"));
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_free (tokens[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/ops/backup-restore", test_backup_restore);
  g_test_add_func ("/quorum/ops/logs-without-secrets", test_logs_without_secrets);
  g_test_add_func ("/quorum/ops/status-report", test_status_report);

  return g_test_run ();
}
