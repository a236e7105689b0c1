/* test-faults.c: the real quorum-server under faults — SIGKILL in the middle
 * of uploads and of an annotation burst, a full disk, and a client that
 * floods the live channel with malformed commands, drops and comes back.
 * (A SIGKILL during a ballot burst is /quorum/votes/crash; a client that
 * stops reading is /quorum/live/limits/stalled-reader.)
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"
/* unshare() and CLONE_NEWNS */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "qm-test-live.h"

#define PASSWORD   "correct horse battery"
#define MEETINGS   "/api/v1/meetings/%" G_GINT64_FORMAT
#define DOC_PAGES  4
/* Every poll of the disk gives up after this. */
#define POLL_SECONDS 30

typedef enum
{
  ROOT,        /* admin and secretary */
  CHAIR,
  ALICE,
  BOB,
  CAROL,
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = { "root", "chair", "alice", "bob", "carol" };

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  char         *doc;
  gint64        next_id;
} fixture;

static gint64
next_id (void)
{
  return ++fixture.next_id;
}

static void
accounts_set_up (QmTestServer *server,
                 gint64       *ids,
                 char        **tokens)
{
  static const QmAccountRoles roles[N_ACCOUNTS] = { 0 };

  tokens[ROOT] = qm_test_login (server, names[ROOT], PASSWORD);
  qm_test_create_users (server, tokens[ROOT], N_ACCOUNTS - 1, names + 1, roles + 1, PASSWORD,
                        ids + 1);
  qm_test_login_many (server, N_ACCOUNTS - 1, names + 1, PASSWORD, tokens + 1);
}

static QmTestServer *
new_server (void)
{
  QmTestServerOptions options = { .admin_username = names[ROOT], .admin_password = PASSWORD };

  return qm_test_server_new (&options);
}

static void
fixture_set_up (void)
{
  g_autoptr(GBytes) pdf = qm_test_make_pdf (DOC_PAGES, "Faults", 1);
  g_autoptr(QmDocument) document = NULL;

  fixture.server = new_server ();
  accounts_set_up (fixture.server, fixture.ids, fixture.tokens);
  document = qm_test_upload (fixture.server, fixture.tokens[ROOT], "faults.pdf", pdf);
  fixture.doc = g_strdup (document->id);
}

static void
fixture_tear_down (void)
{
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_free (fixture.tokens[i]);
  g_free (fixture.doc);
  qm_test_server_free (fixture.server);
}

/* A meeting with CHAIR as chair and the others as delegates, and an item
 * holding the document. */
static gint64
new_meeting (QmTestServer *server,
             gint64       *ids,
             char        **tokens,
             const char   *doc)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (server, tokens[ROOT], "Faults", NULL);
  g_autoptr(QmAgendaItem) item = NULL;

  for (guint who = CHAIR; who < N_ACCOUNTS; who++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (server, tokens[ROOT], meeting->id, ids[who],
                                 who == CHAIR ? "chair" : "delegate");
    }
  item = qm_test_add_item (server, tokens[ROOT], meeting->id, "Budget");
  if (doc != NULL)
    {
      g_autoptr(QmAgendaItem) attached = qm_test_attach (server, tokens[ROOT], meeting->id,
                                                         item->id, doc);
    }
  return meeting->id;
}

/* Waiting for the disk: polls a condition until it holds or a hard deadline. */
static gboolean
poll_until (gboolean (*condition) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + POLL_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static char *
tmp_dir_of (QmTestServer *server)
{
  return g_build_filename (qm_test_server_get_data_dir (server), "documents", "tmp", NULL);
}

/* The bytes in the temp files of uploads in progress. */
static guint64
tmp_bytes (QmTestServer *server)
{
  g_autofree char *tmp = tmp_dir_of (server);
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        total += (guint64) st.st_size;
    }
  return total;
}

static guint
tmp_files (QmTestServer *server)
{
  g_autofree char *tmp = tmp_dir_of (server);
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
tmp_has_bytes (gpointer server)
{
  return tmp_bytes (server) > 0;
}

static gboolean
tmp_is_empty (gpointer server)
{
  return tmp_files (server) == 0;
}

/* Every stored document file holds exactly the bytes its name promises:
 * nothing half-written ever sits under its final name. Returns how many. */
static guint
assert_documents_whole (QmTestServer *server)
{
  g_autofree char *root = g_build_filename (qm_test_server_get_data_dir (server), "documents",
                                            NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *prefix;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((prefix = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (root, prefix, NULL);
      g_autoptr(GDir) inner = NULL;
      const char *name;

      if (g_str_equal (prefix, "tmp"))
        continue;
      inner = g_dir_open (folder, 0, NULL);
      g_assert_nonnull (inner);
      while ((name = g_dir_read_name (inner)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *contents = NULL;
          g_autofree char *sha = NULL;
          g_autofree char *expected = NULL;
          g_autoptr(GBytes) bytes = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
          sha = qm_test_sha256 (bytes);
          expected = g_strconcat (sha, ".pdf", NULL);
          g_assert_cmpstr (name, ==, expected);
          n++;
        }
    }
  return n;
}

/* A raw HTTP upload that sends its headers and as much of the body as asked,
 * so the server can be killed in the middle of it. */
static GSocketConnection *
raw_upload_start (QmTestServer *server,
                  const char   *token,
                  guint64       content_length,
                  const guint8 *body,
                  gsize         length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  const char *url = qm_test_server_get_url (server);
  guint port = (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  GSocketConnection *connection;
  g_autofree char *head = NULL;
  GOutputStream *out;

  g_socket_client_set_timeout (client, QM_TEST_HTTP_TIMEOUT_SECONDS);
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL,
                                                &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("POST /api/v1/documents?name=partial.pdf HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/pdf\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n\r\n",
                          token, content_length);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, body, length, NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* SIGKILL while a document's bytes are still arriving, and again while
 * several complete uploads are being checked and committed: after the
 * restart no temp file is left, every document file is whole, and a
 * document is either there with its exact bytes or not there at all. */
static void
test_kill_upload (void)
{
  g_autoptr(GSocketConnection) partial = NULL;
  g_autoptr(GBytes) big = qm_test_make_pdf (40, "Partial", 2);
  GBytes *whole[6];
  GSocketConnection *in_flight[G_N_ELEMENTS (whole)];
  guint present = 0;

  /* 1. Half a document: the server has it in a temp file when it dies. */
  {
    gsize length;
    const guint8 *data = g_bytes_get_data (big, &length);

    partial = raw_upload_start (fixture.server, fixture.tokens[ROOT], length, data, length / 2);
    g_assert_true (poll_until (tmp_has_bytes, fixture.server));
    qm_test_server_kill_restart (fixture.server);
    g_assert_cmpuint (tmp_files (fixture.server), ==, 0);
    assert_documents_whole (fixture.server);
    {
      g_autofree char *sha = qm_test_sha256 (big);
      g_autofree char *path = g_strdup_printf ("/api/v1/documents/%s", sha);
      guint status;
      g_autoptr(GBytes) body = qm_test_request (fixture.server, "GET", path, fixture.tokens[ROOT],
                                                NULL, NULL, 0, &status, NULL);

      qm_test_assert_error (body, status, 404, "not_found");
    }
  }

  /* 2. Whole documents whose answer has not come yet. */
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      gsize length;
      const guint8 *data;

      whole[i] = qm_test_make_pdf (8 + i, "In flight", 100 + i);
      data = g_bytes_get_data (whole[i], &length);
      in_flight[i] = raw_upload_start (fixture.server, fixture.tokens[ROOT], length, data, length);
    }
  /* Past the first commit: something is being validated or written. */
  g_assert_true (poll_until (tmp_has_bytes, fixture.server));
  qm_test_server_kill_restart (fixture.server);

  g_assert_cmpuint (tmp_files (fixture.server), ==, 0);
  g_assert_cmpuint (assert_documents_whole (fixture.server), >=, 1);
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autofree char *sha = qm_test_sha256 (whole[i]);
      g_autofree char *path = g_strdup_printf ("/api/v1/documents/%s", sha);
      guint status;
      g_autoptr(GBytes) body = qm_test_request (fixture.server, "GET", path, fixture.tokens[ROOT],
                                                NULL, NULL, 0, &status, NULL);

      if (status == 200)
        {
          g_assert_true (g_bytes_equal (body, whole[i]));
          present++;
        }
      else
        qm_test_assert_error (body, status, 404, "not_found");
      g_object_unref (in_flight[i]);
      g_bytes_unref (whole[i]);
    }
  g_test_message ("killed with %u of %u uploads stored", present, (guint) G_N_ELEMENTS (whole));

  /* And the server takes the same uploads again. */
  {
    g_autoptr(GBytes) again = qm_test_make_pdf (8, "In flight", 100);
    g_autoptr(QmDocument) document = qm_test_upload (fixture.server, fixture.tokens[ROOT],
                                                     "again.pdf", again);

    g_assert_cmpint (document->pages, ==, 8);
  }
}

/* Annotation puts from three members on three connections each, SIGKILL in
 * the middle of the stream: every acknowledged put is there after the
 * restart. */
#define BURST_PER_CLIENT 90
#define N_ANNOTATORS     9

typedef struct
{
  QmTestLive *live;
  Who         who;
  char       *ids[BURST_PER_CLIENT];    /* annotation ids, by command */
  gint64      first_command;
  gboolean    acked[BURST_PER_CLIENT];
} Annotator;

static gboolean
take_acks (Annotator *annotator,
           guint      timeout_ms)
{
  QmMessage *message;
  gboolean any = FALSE;

  while ((message = qm_test_live_try_next (annotator->live, timeout_ms)) != NULL)
    {
      if (message->type == QM_MESSAGE_REPLY && message->re != NULL
          && JSON_NODE_HOLDS_VALUE (message->re))
        {
          gint64 index = json_node_get_int (message->re) - annotator->first_command;

          g_assert_cmpint (index, >=, 0);
          g_assert_cmpint (index, <, BURST_PER_CLIENT);
          annotator->acked[index] = TRUE;
          any = TRUE;
        }
      g_assert_cmpint (message->type, !=, QM_MESSAGE_ERROR);
      qm_message_free (message);
      timeout_ms = 0;
    }
  return any;
}

static void
test_kill_annotations (void)
{
  gint64 mid = new_meeting (fixture.server, fixture.ids, fixture.tokens, fixture.doc);
  Annotator annotators[N_ANNOTATORS] = {
    { NULL, CHAIR }, { NULL, ALICE }, { NULL, BOB },
    { NULL, CHAIR }, { NULL, ALICE }, { NULL, BOB },
    { NULL, CHAIR }, { NULL, ALICE }, { NULL, BOB },
  };
  guint n_acked = 0, n_acked_before = 0, sent = 0;

  for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
    {
      annotators[a].live = qm_test_live_join (fixture.server, mid,
                                              fixture.tokens[annotators[a].who]);
      annotators[a].first_command = fixture.next_id + 1;
      fixture.next_id += BURST_PER_CLIENT;
    }
  /* Half paced, half at once, so that the kill finds puts acknowledged and
   * puts on their way however fast the server is: one round of nine puts
   * every 10 ms until half way (and at least one acknowledgement), then the
   * other half at once (within 100 per second per connection), then SIGKILL. */
  for (guint i = 0; i < BURST_PER_CLIENT; i++)
    {
      gint64 next_round = g_get_monotonic_time () + 10 * 1000;
      /* From half way on, the rest at once: the kill finds them on their way. */
      gboolean rush = i > BURST_PER_CLIENT / 2;

      for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
        {
          Annotator *annotator = &annotators[a];

          annotator->ids[i] = g_uuid_string_random ();
          qm_test_live_sendf (annotator->live,
                              "{\"type\":\"annotation.put\",\"id\":%" G_GINT64_FORMAT ","
                              "\"annotation\":{\"id\":\"%s\",\"doc\":\"%s\",\"page\":%u,"
                              "\"kind\":\"note\",\"shared\":%s,\"rev\":1,"
                              "\"data\":{\"x\":%u,\"y\":%u,\"text\":\"burst %u\"}}}",
                              annotator->first_command + i, annotator->ids[i], fixture.doc,
                              i % DOC_PAGES + 1, i % 2 ? "true" : "false", 10 + i, 20 + a, i);
        }
      if (rush)
        {
          if (i == BURST_PER_CLIENT - 1)
            {
              sent = BURST_PER_CLIENT * G_N_ELEMENTS (annotators);
              /* Out of the client's queue, into the sockets. */
              while (g_main_context_iteration (NULL, FALSE))
                ;
            }
          continue;
        }
      do
        {
          for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
            take_acks (&annotators[a], 1);
          n_acked_before = 0;
          for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
            for (guint k = 0; k <= i; k++)
              n_acked_before += annotators[a].acked[k];
        }
      while (g_get_monotonic_time () < next_round
             || (i == BURST_PER_CLIENT / 2 && n_acked_before == 0));
    }
  qm_test_server_kill (fixture.server);
  for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
    {
      take_acks (&annotators[a], 0);
      g_assert_cmpuint (qm_test_live_wait_close (annotators[a].live), ==, 1006);
      g_clear_pointer (&annotators[a].live, qm_test_live_free);
      for (guint i = 0; i < BURST_PER_CLIENT; i++)
        n_acked += annotators[a].acked[i];
    }
  g_test_message ("killed with %u of %u annotation puts sent acknowledged", n_acked, sent);
  g_assert_cmpuint (n_acked, >=, 1);
  qm_test_server_start (fixture.server);

  for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
    {
      Annotator *annotator = &annotators[a];
      g_autofree char *path = g_strdup_printf (MEETINGS "/annotations", mid);
      g_autoptr(GPtrArray) stored = qm_test_get (fixture.server, path,
                                                 fixture.tokens[annotator->who],
                                                 (gpointer) qm_annotation_list_parse);
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint k = 0; k < stored->len; k++)
        {
          QmAnnotation *annotation = g_ptr_array_index (stored, k);

          g_hash_table_insert (by_id, annotation->id, annotation);
        }
      for (guint i = 0; i < BURST_PER_CLIENT; i++)
        {
          QmAnnotation *annotation = annotator->ids[i] != NULL
                                     ? g_hash_table_lookup (by_id, annotator->ids[i]) : NULL;

          if (annotator->acked[i] && annotation == NULL)
            g_error ("the acknowledged annotation %s is gone after the restart", annotator->ids[i]);
          if (annotator->acked[i] && annotation != NULL)
            {
              g_assert_cmpint (annotation->author, ==, fixture.ids[annotator->who]);
              g_assert_cmpint (annotation->rev, ==, 1);
              g_assert_cmpint (annotation->page, ==, i % DOC_PAGES + 1);
              g_assert_true (g_str_has_prefix (annotation->text, "burst "));
            }
          g_free (annotator->ids[i]);
        }
    }
}

/* One member sends 1,000 malformed commands in a row (ten bursts of 100,
 * just within the rate limit, so every one is read and answered) while the
 * chair turns pages and a delegate votes: the others get every page, in
 * order, within the hard timeout; then the flooder's connection drops
 * without a close frame, it misses events, and its resume gets them. */
static const char *const malformed[] = {
  "{\"type\":\"no.such.command\"}",
  "{\"type\":\"present\"}",
  "{\"type\":\"present\",\"doc\":\"XYZ\",\"page\":1}",
  "{\"type\":\"present\",\"doc\":7,\"page\":\"1\"}",
  "{\"type\":\"vote.cast\",\"vote\":-1,\"choice\":\"yes\"}",
  "{\"type\":\"vote.cast\",\"vote\":1,\"choice\":\"maybe\"}",
  "{\"type\":\"vote.open\",\"question\":\"   \",\"secret\":false,\"majority\":\"simple\"}",
  "{\"type\":\"vote.open\",\"question\":\"q\",\"secret\":\"no\",\"majority\":\"most\"}",
  "{\"type\":\"annotation.put\",\"annotation\":{\"id\":\"not-a-uuid\"}}",
  "{\"type\":\"annotation.put\",\"annotation\":[1,2,3]}",
  "{\"type\":\"annotation.delete\",\"annotation\":12}",
  "{\"type\":\"presenter.set\",\"user\":1.5}",
  "{\"type\":\"hello\",\"token\":\"again\"}",
  "{\"type\":\"vote.close\",\"vote\":99999999999999999999}",
  "{\"type\":\"present\",\"doc\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"page\":100001}",
  "{\"type\":\"welcome\",\"seq\":1}",
};

#define FLOOD_FRAMES 1000
#define FLOOD_BURST  100

static void
test_malformed_flood (void)
{
  gint64 mid = new_meeting (fixture.server, fixture.ids, fixture.tokens, fixture.doc);
  g_autoptr(QmTestLive) chair = qm_test_live_join (fixture.server, mid, fixture.tokens[CHAIR]);
  g_autoptr(QmTestLive) alice = qm_test_live_join (fixture.server, mid, fixture.tokens[ALICE]);
  g_autoptr(QmTestLive) bob = qm_test_live_join (fixture.server, mid, fixture.tokens[BOB]);
  g_autoptr(QmTestLive) back = NULL;
  g_autoptr(QmTestRawWs) raw = NULL;
  g_autoptr(QmMessage) opened = NULL;
  g_autofree char *epoch = NULL;
  gint64 vote = 0, worst = 0, calm = 0, last_seq = 0;
  guint errors = 0, sent = 0, page = 0;

  /* Page turns without the flood, to compare. */
  for (guint i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(QmMessage) turned = NULL;

      page = page % DOC_PAGES + 1;
      qm_test_live_sendf (chair, "{\"type\":\"present\",\"doc\":\"%s\",\"page\":%u}", fixture.doc,
                          page);
      turned = qm_test_live_wait_type (alice, QM_MESSAGE_PAGE);
      last_seq = turned->seq;
      calm = MAX (calm, g_get_monotonic_time () - start);
    }

  opened = qm_test_live_command (chair, next_id (),
                                 "\"type\":\"vote.open\",\"question\":\"Flood\","
                                 "\"secret\":false,\"majority\":\"simple\"");
  g_assert_cmpint (opened->type, ==, QM_MESSAGE_REPLY);
  vote = opened->reply.vote;

  while (sent < FLOOD_FRAMES)
    {
      gint64 answered;
      gint64 start;

      for (guint i = 0; i < FLOOD_BURST && sent < FLOOD_FRAMES; i++, sent++)
        {
          const char *frame = malformed[sent % G_N_ELEMENTS (malformed)];

          /* With an id, so each answer can be counted: {"id":N, …}. */
          qm_test_live_sendf (bob, "{\"id\":%u,%s", 1000000 + sent, frame + 1);
        }

      /* Meanwhile the chair turns a page; Alice sees it promptly. */
      start = g_get_monotonic_time ();
      page = page % DOC_PAGES + 1;
      qm_test_live_sendf (chair, "{\"type\":\"present\",\"doc\":\"%s\",\"page\":%u}", fixture.doc,
                          page);
      {
        g_autoptr(QmMessage) turned = qm_test_live_wait_type (alice, QM_MESSAGE_PAGE);

        g_assert_cmpint (turned->page.page, ==, page);
        g_assert_cmpint (turned->seq, >, last_seq);
        last_seq = turned->seq;
        worst = MAX (worst, g_get_monotonic_time () - start);
      }

      /* Bob's answers: an error for each, never a close. */
      while (errors < sent)
        {
          g_autoptr(QmMessage) message = qm_test_live_next (bob);

          g_assert_false (qm_test_live_is_closed (bob));
          if (message->type == QM_MESSAGE_ERROR)
            {
              g_assert_nonnull (message->re);
              g_assert_cmpstr (message->error.code, ==, "bad_request");
              errors++;
            }
        }
      /* Stay within 100 commands a second: the server's second began when
       * it read the burst, before its answers came. */
      answered = g_get_monotonic_time ();
      while (g_get_monotonic_time () - answered < G_USEC_PER_SEC + 50000)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (5000);
    }
  g_test_message ("%u malformed frames answered; a page reached a healthy client within %"
                  G_GINT64_FORMAT " ms at worst (%" G_GINT64_FORMAT " ms without the flood)",
                  errors, worst / 1000, calm / 1000);
  g_assert_cmpuint (errors, ==, FLOOD_FRAMES);

  /* The vote still works for everyone. */
  {
    g_autoptr(QmMessage) cast = qm_test_live_command (alice, next_id (),
                                                      "\"type\":\"vote.cast\",\"vote\":%"
                                                      G_GINT64_FORMAT ",\"choice\":\"yes\"", vote);
    g_autoptr(QmMessage) bob_cast = qm_test_live_command (bob, next_id (),
                                                          "\"type\":\"vote.cast\",\"vote\":%"
                                                          G_GINT64_FORMAT ",\"choice\":\"no\"",
                                                          vote);

    g_assert_cmpint (cast->type, ==, QM_MESSAGE_REPLY);
    g_assert_cmpint (bob_cast->type, ==, QM_MESSAGE_REPLY);
  }

  /* Carol, on a raw connection, drops without a close frame... */
  raw = qm_test_raw_ws_connect (fixture.server, mid, 0);
  {
    g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}",
                                              fixture.tokens[CAROL]);
    g_autoptr(GBytes) payload = NULL;
    g_autoptr(QmMessage) welcome = NULL;
    g_autoptr(GError) error = NULL;
    guint8 opcode;
    gsize length;
    const char *text;

    qm_test_raw_ws_send_frame (raw, TRUE, 1, hello, strlen (hello));
    g_assert_true (qm_test_raw_ws_read_frame (raw, &opcode, &payload));
    text = g_bytes_get_data (payload, &length);
    welcome = qm_message_parse (text, length, QM_ORIGIN_SERVER, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    epoch = g_strdup (welcome->welcome.epoch);
    last_seq = welcome->seq;
  }
  g_clear_pointer (&raw, qm_test_raw_ws_free);

  /* ...misses two pages... */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(QmMessage) turned = NULL;

      page = page % DOC_PAGES + 1;
      qm_test_live_sendf (chair, "{\"type\":\"present\",\"doc\":\"%s\",\"page\":%u}", fixture.doc,
                          page);
      turned = qm_test_live_wait_type (alice, QM_MESSAGE_PAGE);
    }

  /* ...and resumes: the welcome says so, and the missed pages follow in order. */
  back = qm_test_live_connect (fixture.server, mid);
  qm_test_live_send_hello (back, fixture.tokens[CAROL], last_seq, epoch);
  {
    g_autoptr(QmMessage) welcome = qm_test_live_next (back);
    guint pages = 0;
    gint64 previous = last_seq;

    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    g_assert_true (welcome->welcome.resumed);
    while (pages < 2)
      {
        g_autoptr(QmMessage) event = qm_test_live_next (back);

        g_assert_cmpint (event->seq, >, previous);
        previous = event->seq;
        if (event->type == QM_MESSAGE_PAGE)
          pages++;
      }
  }
}

/* A full disk */

static gboolean
bind_tmpfs (const char *dir,
            const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  return mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0;
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        {
          g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
          copy_tree (source, target);
        }
      else
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
          g_assert_true (g_file_set_contents_full (target, contents, length,
                                                   G_FILE_SET_CONTENTS_NONE, 0600, NULL));
        }
    }
}

/* Fills the file system of dir, leaving about `leave` bytes free. */
static void
fill_disk (const char *path,
           guint64     leave)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs vfs;
  guint64 free_bytes;
  g_autofree char *zeros = NULL;
  int fd;

  g_assert_cmpint (statvfs (dir, &vfs), ==, 0);
  free_bytes = (guint64) vfs.f_bavail * vfs.f_frsize;
  g_assert_cmpuint (free_bytes, >, leave);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  zeros = g_malloc0 (64 * 1024);
  for (guint64 left = free_bytes - leave; left > 0;)
    {
      ssize_t n = write (fd, zeros, MIN (left, 64 * 1024));

      if (n <= 0)
        break;
      left -= (guint64) n;
    }
  g_close (fd, NULL);
}

static char *
integrity (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "quorum.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *answer = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check;", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  answer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return answer;
}

/* The disk fills up under a running server (its data dir on a small
 * tmpfs): uploads and changes get 503 unavailable, nothing acknowledged is
 * lost, reads go on, nothing is corrupted, and once there is room again
 * everything works without a restart. Needs root (for the mount; in its own
 * mount namespace, so nothing outlives the test). */
static void
test_disk_full (void)
{
  g_autoptr(QmTestServer) server = NULL;
  gint64 ids[N_ACCOUNTS] = { 0 };
  char *tokens[N_ACCOUNTS] = { NULL };
  g_autofree char *aside = NULL;
  g_autofree char *ballast = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *items_path = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *description = g_strnfill (9000, 'x');
  g_autofree char *item_json = g_strdup_printf ("{\"title\":\"Filler\",\"description\":\"%s\"}",
                                                description);
  g_autoptr(GBytes) kept_pdf = qm_test_make_pdf (3, "Kept", 7);
  g_autoptr(GBytes) late_pdf = qm_test_make_pdf (250, "Too late", 8);
  const char *data_dir;
  guint acked = 0, refused = 0;
  gint64 mid;

  if (geteuid () != 0 || unshare (CLONE_NEWNS) != 0
      || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      g_test_skip ("needs root for a tmpfs in a mount namespace of its own");
      return;
    }

  server = new_server ();
  accounts_set_up (server, ids, tokens);
  data_dir = qm_test_server_get_data_dir (server);

  /* The data dir moves onto a 12 MiB tmpfs. */
  qm_test_server_stop (server);
  aside = g_strconcat (data_dir, ".aside", NULL);
  g_assert_cmpint (g_rename (data_dir, aside), ==, 0);
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  g_assert_true (bind_tmpfs (data_dir, "12m"));
  copy_tree (aside, data_dir);
  qm_test_server_start (server);

  {
    g_autoptr(QmDocument) document = qm_test_upload (server, tokens[ROOT], "kept.pdf", kept_pdf);

    doc = g_strdup (document->id);
  }
  mid = new_meeting (server, ids, tokens, doc);
  items_path = g_strdup_printf (MEETINGS "/agenda", mid);

  /* Full, but for a few pages. */
  ballast = g_build_filename (data_dir, "ballast", NULL);
  fill_disk (ballast, 96 * 1024);

  /* An upload bigger than what is left: 503, and no temp file stays. */
  {
    guint status;
    g_autoptr(GBytes) body = qm_test_request (server, "POST", "/api/v1/documents?name=late.pdf",
                                              tokens[ROOT], "application/pdf",
                                              g_bytes_get_data (late_pdf, NULL),
                                              g_bytes_get_size (late_pdf), &status, NULL);

    g_assert_cmpuint (g_bytes_get_size (late_pdf), >, 96 * 1024);
    qm_test_assert_error (body, status, 503, "unavailable");
    g_assert_true (poll_until (tmp_is_empty, server));
  }

  /* Changes until the database has no room: each is either acknowledged or 503. */
  while (refused < 3 && acked < 200)
    {
      guint status;
      g_autoptr(GBytes) body = qm_test_json (server, "POST", items_path, tokens[ROOT], item_json,
                                             &status);

      if (status == 201)
        acked++;
      else
        {
          qm_test_assert_error (body, status, 503, "unavailable");
          refused++;
        }
    }
  g_test_message ("the disk took %u agenda items before refusing", acked);
  g_assert_cmpuint (refused, ==, 3);

  /* Reads go on: the meeting with every acknowledged item, the document. */
  {
    g_autoptr(QmMeeting) meeting = qm_test_get_meeting (server, tokens[ROOT], mid);
    g_autofree char *path = g_strdup_printf ("/api/v1/documents/%s", doc);
    guint status;
    g_autoptr(GBytes) body = qm_test_request (server, "GET", path, tokens[ROOT], NULL, NULL, 0,
                                              &status, NULL);

    g_assert_cmpuint (meeting->agenda->len, ==, 1 + acked);
    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_bytes_equal (body, kept_pdf));
  }
  /* The live channel: joining (presence) and voting on a full disk. */
  {
    g_autoptr(QmTestLive) chair = qm_test_live_join (server, mid, tokens[CHAIR]);
    g_autoptr(QmMessage) opened = qm_test_live_command (chair, 1,
                                                        "\"type\":\"vote.open\","
                                                        "\"question\":\"Full\",\"secret\":false,"
                                                        "\"majority\":\"simple\"");

    if (opened->type == QM_MESSAGE_ERROR)
      g_assert_cmpstr (opened->error.code, ==, "unavailable");
  }

  /* Room again: everything works, without a restart. */
  g_assert_cmpint (g_unlink (ballast), ==, 0);
  {
    g_autoptr(QmDocument) late = qm_test_upload (server, tokens[ROOT], "late.pdf", late_pdf);
    guint status;
    g_autoptr(GBytes) body = qm_test_json (server, "POST", items_path, tokens[ROOT], item_json,
                                           &status);

    g_assert_cmpint (late->pages, ==, 250);
    qm_test_assert_status (body, status, 201);
    acked++;
  }

  /* Nothing corrupted; everything acknowledged is there after a restart. */
  qm_test_server_stop (server);
  answer = integrity (data_dir);
  g_assert_cmpstr (answer, ==, "ok");
  assert_documents_whole (server);
  qm_test_server_start (server);
  {
    g_autoptr(QmMeeting) meeting = qm_test_get_meeting (server, tokens[ROOT], mid);

    g_assert_cmpuint (meeting->agenda->len, ==, 1 + acked);
  }

  qm_test_server_stop (server);
  g_assert_cmpint (umount2 (data_dir, MNT_DETACH), ==, 0);
  qm_test_remove_tree (aside);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_free (tokens[i]);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/faults/kill/upload", test_kill_upload);
  g_test_add_func ("/quorum/faults/kill/annotations", test_kill_annotations);
  g_test_add_func ("/quorum/faults/live/malformed-flood", test_malformed_flood);
  g_test_add_func ("/quorum/faults/disk-full", test_disk_full);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
