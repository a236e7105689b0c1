/* test-live.c: the live channel of the real quorum-server — the hello, close
 * codes, commands and errors, the welcome, event numbering, presence, the
 * presenter, resumption, restarts, limits and slow readers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "qm-test-live.h"

#define PASSWORD    "correct horse battery"
#define MEETINGS    "/api/v1/meetings/%" G_GINT64_FORMAT
#define NO_SUCH_DOC "0000000000000000000000000000000000000000000000000000000000000000"
#define DOC_PAGES   12

typedef enum
{
  ROOT,        /* admin and secretary; the secretary of every meeting here */
  CHAIR,
  ALICE,
  BOB,
  CAROL,
  DAVE,
  OLGA,        /* an observer */
  OUTSIDER,    /* in no meeting */
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = {
  "root", "chair", "alice", "bob", "carol", "dave", "olga", "outsider",
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  char         *doc;                /* DOC_PAGES pages, uploaded by ROOT */
  /* Opened at set-up and never spoken on: the hello timeout runs meanwhile. */
  QmTestRawWs  *silent;
  gint64        silent_since;
} fixture;

static char *
path_of (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
path_of (const char *format,
         ...)
{
  va_list args;
  char *path;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return path;
}

static void
http (const char *method,
      const char *path,
      const char *json,
      guint       expected)
{
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, method, path, fixture.tokens[ROOT], json,
                                         &status);

  qm_test_assert_status (body, status, expected);
}

/* A meeting of ROOT's with CHAIR as chair, ALICE and BOB as delegates and OLGA
 * as observer; with_doc adds an item holding the shared document. */
static gint64
new_meeting (gboolean with_doc)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Live test", NULL);
  static const struct { Who who; const char *role; } members[] = {
    { CHAIR, "chair" }, { ALICE, "delegate" }, { BOB, "delegate" }, { OLGA, "observer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id,
                                 fixture.ids[members[i].who], members[i].role);
    }
  if (with_doc)
    {
      g_autoptr(QmAgendaItem) item = qm_test_add_item (fixture.server, fixture.tokens[ROOT],
                                                       meeting->id, "Item with a document");
      g_autoptr(QmAgendaItem) attached = qm_test_attach (fixture.server, fixture.tokens[ROOT],
                                                         meeting->id, item->id, fixture.doc);
    }
  return meeting->id;
}

static QmTestLive *
join (gint64 meeting_id,
      Who    who)
{
  return qm_test_live_join (fixture.server, meeting_id, fixture.tokens[who]);
}

static gboolean
has_id (GArray *ids,
        gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Asserts the seqs a client received are welcome.seq + 1, + 2, … */
static void
assert_consecutive (QmTestLive *live)
{
  GArray *seqs = qm_test_live_get_seqs (live);
  gint64 expected = qm_test_live_get_welcome (live)->seq + 1;

  for (guint i = 0; i < seqs->len; i++, expected++)
    g_assert_cmpint (g_array_index (seqs, gint64, i), ==, expected);
}

/* Takes messages until an event of this type whose seq is above after. */
static QmMessage *
wait_event_after (QmTestLive    *live,
                  QmMessageType  type,
                  gint64         after)
{
  for (;;)
    {
      QmMessage *message = qm_test_live_wait_type (live, type);

      if (message->seq > after)
        return message;
      qm_message_free (message);
    }
}

/* Takes presence events until one in which who joined (or left). */
static void
wait_presence (QmTestLive *live,
               Who         who,
               gboolean    joined)
{
  for (;;)
    {
      g_autoptr(QmMessage) presence = qm_test_live_wait_type (live, QM_MESSAGE_PRESENCE);

      if (has_id (joined ? presence->presence.joined : presence->presence.left, fixture.ids[who]))
        return;
    }
}

static void
expect_close (QmTestLive *live,
              guint16     code)
{
  g_assert_cmpuint (qm_test_live_wait_close (live), ==, code);
}

/* Hello and close codes */

static void
test_hello_not_first (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) ping_first = qm_test_live_connect (fixture.server, mid);
  g_autoptr(QmTestLive) not_json = qm_test_live_connect (fixture.server, mid);
  g_autoptr(QmTestLive) empty_token = qm_test_live_connect (fixture.server, mid);

  qm_test_live_send (ping_first, "{\"type\":\"ping\",\"id\":1}");
  qm_test_live_send (not_json, "hello?");
  qm_test_live_send (empty_token, "{\"type\":\"hello\",\"token\":\"\"}");
  expect_close (ping_first, 4400);
  expect_close (not_json, 4400);
  expect_close (empty_token, 4400);
}

static void
test_hello_timeout (void)
{
  guint16 code = qm_test_raw_ws_wait_close (fixture.silent);
  gint64 waited = g_get_monotonic_time () - fixture.silent_since;

  g_assert_cmpuint (code, ==, 4400);
  /* The server waits 10 s; the socket was opened a little before. */
  g_assert_cmpint (waited, >=, 9 * G_USEC_PER_SEC);
  g_clear_pointer (&fixture.silent, qm_test_raw_ws_free);
}

static void
test_not_an_object (void)
{
  gint64 mid = new_meeting (FALSE);
  static const char *frames[] = { "[1,2]", "{\"type\":\"ping\"", "42", "{'type':'ping'}" };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(QmTestLive) live = join (mid, ALICE);

      qm_test_live_send (live, frames[i]);
      expect_close (live, 4400);
    }
}

static void
test_binary_frame (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, ALICE);
  static const char ping[] = "{\"type\":\"ping\"}";

  qm_test_live_send_binary (live, ping, strlen (ping));
  expect_close (live, 4400);
}

/* A ping padded with an ignored field to exactly size bytes. */
static char *
padded_ping (gint64 id,
             gsize  size)
{
  g_autofree char *head = g_strdup_printf ("{\"type\":\"ping\",\"id\":%" G_GINT64_FORMAT
                                           ",\"pad\":\"", id);
  GString *text = g_string_new (head);

  while (text->len < size - 2)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  g_assert_cmpuint (text->len, ==, size);
  return g_string_free (text, FALSE);
}

static void
test_message_size (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, ALICE);
  g_autofree char *fits = padded_ping (1, 64 * 1024 - 64);
  g_autofree char *exact = padded_ping (2, 64 * 1024);
  g_autofree char *over = padded_ping (3, 64 * 1024 + 1);
  g_autoptr(QmMessage) pong = NULL;
  g_autoptr(QmMessage) pong_exact = NULL;

  qm_test_live_send (live, fits);
  pong = qm_test_live_wait_re (live, 1);
  g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
  /* 64 KiB itself is not "over 64 KiB". */
  qm_test_live_send (live, exact);
  pong_exact = qm_test_live_wait_re (live, 2);
  g_assert_cmpint (pong_exact->type, ==, QM_MESSAGE_PONG);
  qm_test_live_send (live, over);
  expect_close (live, 4400);
}

static void
raw_hello (QmTestRawWs *raw,
           Who          who)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"token\":\"%s\"}",
                                            fixture.tokens[who]);

  qm_test_raw_ws_send_frame (raw, TRUE, 0x1, hello, strlen (hello));
}

/* Reads raw frames until a text frame containing needle. */
static void
raw_wait_text (QmTestRawWs *raw,
               const char  *needle)
{
  for (;;)
    {
      guint8 opcode;
      g_autoptr(GBytes) payload = NULL;
      g_autofree char *text = NULL;

      g_assert_true (qm_test_raw_ws_read_frame (raw, &opcode, &payload));
      g_assert_cmpuint (opcode, !=, 0x8);
      text = g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
      if (opcode == 0x1 && strstr (text, needle) != NULL)
        return;
    }
}

static void
test_fragmented (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestRawWs) raw = qm_test_raw_ws_connect (fixture.server, mid, 0);
  static const char *parts[] = { "{\"type\":", "\"ping\",\"id\"", ":77}" };
  g_autofree char *chunk = g_strnfill (1000, 'x');

  raw_hello (raw, ALICE);
  raw_wait_text (raw, "\"welcome\"");

  /* A small message in fragments is fine, */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    qm_test_raw_ws_send_frame (raw, i == G_N_ELEMENTS (parts) - 1, i == 0 ? 0x1 : 0x0, parts[i],
                               strlen (parts[i]));
  raw_wait_text (raw, "\"re\":77");

  /* but 100 KB in 1000-byte fragments is over the limit for the whole message. */
  qm_test_raw_ws_send_frame (raw, FALSE, 0x1, "{\"type\":\"ping\",\"pad\":\"", 22);
  for (guint i = 0; i < 100; i++)
    qm_test_raw_ws_send_frame (raw, FALSE, 0x0, chunk, 1000);
  g_assert_cmpuint (qm_test_raw_ws_wait_close (raw), ==, 4400);
}

static void
test_refused (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) bad_token = qm_test_live_connect (fixture.server, mid);
  g_autoptr(QmTestLive) outsider = qm_test_live_connect (fixture.server, mid);
  g_autoptr(QmTestLive) no_meeting = qm_test_live_connect (fixture.server, G_GINT64_CONSTANT (987654321));

  qm_test_live_send_hello (bad_token, "not-a-token", -1, NULL);
  qm_test_live_send_hello (outsider, fixture.tokens[OUTSIDER], -1, NULL);
  qm_test_live_send_hello (no_meeting, fixture.tokens[ALICE], -1, NULL);
  expect_close (bad_token, 4401);
  expect_close (outsider, 4403);
  expect_close (no_meeting, 4403);
}

static void
test_logout_closes (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autofree char *second = qm_test_login (fixture.server, "alice", PASSWORD);
  g_autoptr(QmTestLive) doomed = qm_test_live_join (fixture.server, mid, second);
  g_autoptr(QmTestLive) doomed_too = qm_test_live_join (fixture.server, mid, second);
  g_autoptr(QmTestLive) other_token = join (mid, ALICE);
  g_autoptr(QmMessage) pong = NULL;
  guint status;
  g_autoptr(GBytes) body = qm_test_json (fixture.server, "POST", "/api/v1/logout", second, NULL,
                                         &status);

  qm_test_assert_status (body, status, 204);
  expect_close (doomed, 4401);
  expect_close (doomed_too, 4401);
  /* The same user's connection on another token stays. */
  pong = qm_test_live_command (other_token, 5, "\"type\":\"ping\"");
  g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
}

static void
test_removed_closes (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) alice_too = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *path = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, mid,
                                   fixture.ids[ALICE]);
  g_autoptr(QmMessage) event = NULL;

  http ("DELETE", path, NULL, 204);
  expect_close (alice, 4403);
  expect_close (alice_too, 4403);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_PARTICIPANTS);
  g_assert_true (has_id (event->participants.removed, fixture.ids[ALICE]));
  g_assert_false (qm_test_live_is_closed (bob));
}

/* Commands, replies and errors */

static void
test_bad_commands (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, ALICE);
  g_autoptr(QmMessage) no_re = NULL;
  g_autoptr(QmMessage) pong = NULL;

  qm_test_live_expect_error (live, 1, "bad_request", "\"type\":\"vote.reopen\"");
  qm_test_live_expect_error (live, 2, "bad_request", "\"type\":\"present\",\"page\":1");
  qm_test_live_expect_error (live, 3, "bad_request", "\"type\":\"vote.cast\",\"vote\":1");
  qm_test_live_expect_error (live, 4, "bad_request", "\"type\":\"welcome\"");
  qm_test_live_expect_error (live, 5, "bad_request",
                             "\"type\":\"hello\",\"token\":\"%s\"", fixture.tokens[ALICE]);

  /* A string id comes back as that string, a big number as that number. */
  qm_test_live_send (live, "{\"type\":\"no.such\",\"id\":\"abc-1\"}");
  no_re = qm_test_live_wait_type (live, QM_MESSAGE_ERROR);
  g_assert_cmpstr (no_re->error.code, ==, "bad_request");
  g_assert_cmpstr (json_node_get_string (no_re->re), ==, "abc-1");
  g_assert_nonnull (strstr (qm_test_live_last_raw (live), "\"re\":\"abc-1\""));
  g_clear_pointer (&no_re, qm_message_free);
  qm_test_live_send (live, "{\"type\":\"no.such\",\"id\":9007199254740991}");
  no_re = qm_test_live_wait_type (live, QM_MESSAGE_ERROR);
  g_assert_nonnull (strstr (qm_test_live_last_raw (live), "\"re\":9007199254740991"));
  g_clear_pointer (&no_re, qm_message_free);

  /* Without an id, or with one that is not a number or string: no re. */
  qm_test_live_send (live, "{\"type\":\"no.such\"}");
  no_re = qm_test_live_wait_type (live, QM_MESSAGE_ERROR);
  g_assert_cmpstr (no_re->error.code, ==, "bad_request");
  g_assert_null (no_re->re);
  g_clear_pointer (&no_re, qm_message_free);
  qm_test_live_send (live, "{\"type\":\"ping\",\"id\":true}");
  no_re = qm_test_live_wait_type (live, QM_MESSAGE_ERROR);
  g_assert_null (no_re->re);

  pong = qm_test_live_command (live, 6, "\"type\":\"ping\"");
  g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
  g_assert_false (qm_test_live_is_closed (live));
}

static void
test_ping (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, OLGA);
  g_autoptr(QmMessage) pong = qm_test_live_command (live, 41, "\"type\":\"ping\"");
  g_autoptr(QmMessage) bare = NULL;

  g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
  g_assert_cmpstr (qm_test_live_last_raw (live), ==, "{\"type\":\"pong\",\"re\":41}");
  qm_test_live_send (live, "{\"type\":\"ping\"}");
  bare = qm_test_live_wait_type (live, QM_MESSAGE_PONG);
  g_assert_null (bare->re);
}

/* State */

static void
test_welcome (void)
{
  gint64 mid = new_meeting (TRUE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  QmMessage *welcome = qm_test_live_get_welcome (alice);
  QmAgendaItem *item;

  g_assert_cmpint (qm_test_live_get_welcome (bob)->seq, ==, 0);
  g_assert_cmpint (welcome->seq, >=, 0);
  g_assert_cmpuint (strlen (welcome->welcome.epoch), >, 0);
  g_assert_cmpstr (welcome->welcome.epoch, ==, qm_test_live_get_welcome (bob)->welcome.epoch);
  g_assert_nonnull (welcome->welcome.now);
  g_assert_nonnull (welcome->welcome.server_version);
  g_assert_false (welcome->welcome.resumed);
  g_assert_cmpint (welcome->welcome.you_user, ==, fixture.ids[ALICE]);
  g_assert_cmpint (welcome->welcome.you_role, ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (welcome->welcome.meeting->id, ==, mid);
  g_assert_cmpuint (welcome->welcome.meeting->participants->len, ==, 5);
  g_assert_cmpint (qm_meeting_find_participant (welcome->welcome.meeting,
                                                fixture.ids[CHAIR])->role, ==, QM_MEETING_ROLE_CHAIR);
  g_assert_cmpuint (welcome->welcome.meeting->agenda->len, ==, 1);
  item = g_ptr_array_index (welcome->welcome.meeting->agenda, 0);
  g_assert_cmpuint (item->documents->len, ==, 1);
  g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (item->documents, 0))->id, ==, fixture.doc);
  g_assert_cmpint (welcome->welcome.presenter_user, ==, fixture.ids[CHAIR]);
  g_assert_null (welcome->welcome.presenter_doc);
  g_assert_cmpint (welcome->welcome.presenter_page, ==, 0);
  g_assert_nonnull (strstr (qm_test_live_last_raw (alice), "\"doc\":null"));
  /* Online: Alice herself, and Bob — in the welcome, or, while his join is
   * still being gathered, in the presence event that follows it. */
  g_assert_true (has_id (welcome->welcome.online, fixture.ids[ALICE]));
  if (!has_id (welcome->welcome.online, fixture.ids[BOB]))
    {
      g_assert_cmpuint (welcome->welcome.online->len, ==, 1);
      wait_presence (alice, BOB, TRUE);
    }
  else
    g_assert_cmpuint (welcome->welcome.online->len, ==, 2);
  g_assert_cmpuint (welcome->welcome.votes->len, ==, 0);
  g_assert_cmpint (welcome->welcome.speakers.current, ==, 0);
  g_assert_null (welcome->welcome.speakers.since);
  g_assert_cmpuint (welcome->welcome.speakers.queue->len, ==, 0);
}

/* A leave and a join of one user cancel out within a gathering; a client
 * welcomed between the two must still count that user online: its welcome
 * says what the events so far told everyone, not what is still being
 * gathered. (When this machine is too slow to fit the steps into one
 * gathering, the events carry it all and the test checks that instead.) */
static void
test_presence_welcome_while_gathering (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  QmTestLive *bob = join (mid, BOB);
  g_autoptr(QmTestLive) chair = NULL;
  g_autoptr(QmTestLive) bob_again = NULL;
  g_autoptr(QmTestLive) olga = NULL;
  g_autoptr(GArray) online = g_array_new (FALSE, FALSE, sizeof (gint64));
  QmMessage *welcome;
  QmQuorum quorum;
  gboolean olga_seen = FALSE;

  wait_presence (alice, BOB, TRUE);
  /* Gone for the server once the close handshake is over. */
  qm_test_live_free (bob);
  chair = join (mid, CHAIR);
  bob_again = join (mid, BOB);
  olga = join (mid, OLGA);

  welcome = qm_test_live_get_welcome (chair);
  g_array_append_vals (online, welcome->welcome.online->data, welcome->welcome.online->len);
  g_assert_true (welcome->welcome.has_quorum);
  quorum = welcome->welcome.quorum;
  /* Olga's join comes in the last of the gatherings, after Bob's changes. */
  while (!olga_seen)
    {
      g_autoptr(QmMessage) event = qm_test_live_next (chair);

      if (event->type == QM_MESSAGE_QUORUM)
        quorum = event->quorum;
      if (event->type != QM_MESSAGE_PRESENCE)
        continue;
      for (guint i = 0; i < event->presence.left->len; i++)
        {
          gint64 id = g_array_index (event->presence.left, gint64, i);

          for (guint j = online->len; j > 0; j--)
            if (g_array_index (online, gint64, j - 1) == id)
              g_array_remove_index (online, j - 1);
        }
      for (guint i = 0; i < event->presence.joined->len; i++)
        {
          gint64 id = g_array_index (event->presence.joined, gint64, i);

          if (!has_id (online, id))
            g_array_append_val (online, id);
          olga_seen = olga_seen || id == fixture.ids[OLGA];
        }
    }
  /* A quorum event follows the presence event that changed it. */
  {
    g_autoptr(QmMessage) last = qm_test_live_try_next (chair, 300);

    if (last != NULL && last->type == QM_MESSAGE_QUORUM)
      quorum = last->quorum;
  }

  g_assert_true (has_id (online, fixture.ids[BOB]));
  g_assert_true (has_id (online, fixture.ids[ALICE]));
  g_assert_true (has_id (online, fixture.ids[CHAIR]));
  g_assert_cmpuint (online->len, ==, 4);
  g_assert_cmpint (quorum.present, ==, 4);
  g_assert_cmpint (quorum.voting_present, ==, 3);
}

static void
test_presence_gathered (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) watcher = join (mid, ROOT);
  static const Who who[] = { CHAIR, ALICE, BOB, OLGA, ALICE };
  QmTestLive *clients[G_N_ELEMENTS (who)];
  g_autoptr(GArray) joined = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint events = 0;

  g_autoptr(QmMessage) own = qm_test_live_wait_type (watcher, QM_MESSAGE_PRESENCE);
  g_assert_true (has_id (own->presence.joined, fixture.ids[ROOT]));

  /* Connect all, then say every hello at once. */
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    clients[i] = qm_test_live_connect (fixture.server, mid);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    qm_test_live_send_hello (clients[i], fixture.tokens[who[i]], -1, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(QmMessage) welcome = qm_test_live_next (clients[i]);

      g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    }

  while (joined->len < 4)
    {
      g_autoptr(QmMessage) presence = qm_test_live_wait_type (watcher, QM_MESSAGE_PRESENCE);

      events++;
      g_assert_cmpuint (presence->presence.left->len, ==, 0);
      for (guint i = 0; i < presence->presence.joined->len; i++)
        {
          gint64 id = g_array_index (presence->presence.joined, gint64, i);

          /* A user joins once, however many connections they open. */
          g_assert_false (has_id (joined, id));
          g_array_append_val (joined, id);
        }
    }
  g_test_message ("5 connections of 4 users: %u presence event(s)", events);
  g_assert_cmpuint (events, <=, 2);
  for (guint i = 0; i < 4; i++)
    g_assert_true (has_id (joined, fixture.ids[who[i]]));

  /* Leaving is gathered too: ALICE leaves only with her last connection. */
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    qm_test_live_free (clients[i]);
  {
    g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint64));

    events = 0;
    while (left->len < 4)
      {
        g_autoptr(QmMessage) presence = qm_test_live_wait_type (watcher, QM_MESSAGE_PRESENCE);

        events++;
        g_array_append_vals (left, presence->presence.left->data, presence->presence.left->len);
      }
    g_assert_cmpuint (left->len, ==, 4);
    g_assert_cmpuint (events, <=, 2);
  }
  assert_consecutive (watcher);
}

static void
test_seq_consecutive (void)
{
  gint64 mid = new_meeting (TRUE);
  g_autoptr(QmTestLive) watcher = join (mid, OLGA);
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autofree char *meeting_path = path_of (MEETINGS, mid);
  g_autofree char *agenda_path = path_of (MEETINGS "/agenda", mid);
  g_autofree char *dave_path = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, mid,
                                        fixture.ids[DAVE]);
  g_autoptr(QmMessage) last = NULL;

  g_assert_cmpint (qm_test_live_get_welcome (watcher)->seq, ==, 0);
  for (gint64 page = 1; page <= 5; page++)
    {
      g_autoptr(QmMessage) reply = qm_test_live_command (chair, page,
                                                         "\"type\":\"present\",\"doc\":\"%s\","
                                                         "\"page\":%" G_GINT64_FORMAT,
                                                         fixture.doc, page);

      g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
    }
  http ("PATCH", meeting_path, "{\"location\":\"Room 2\"}", 200);
  {
    g_autoptr(QmTestLive) alice = join (mid, ALICE);

    wait_presence (watcher, ALICE, TRUE);
  }
  http ("POST", agenda_path, "{\"title\":\"Any other business\"}", 201);
  http ("PUT", dave_path, "{\"role\":\"delegate\"}", 200);
  for (gint64 page = 6; page <= 8; page++)
    {
      g_autoptr(QmMessage) reply = qm_test_live_command (chair, page,
                                                         "\"type\":\"present\",\"doc\":\"%s\","
                                                         "\"page\":%" G_GINT64_FORMAT,
                                                         fixture.doc, page);
    }
  /* The last page event marks the end; everything before it has arrived. */
  for (;;)
    {
      g_autoptr(QmMessage) page = qm_test_live_wait_type (watcher, QM_MESSAGE_PAGE);

      if (page->page.page == 8)
        break;
    }
  g_test_message ("watcher saw %u events", qm_test_live_get_seqs (watcher)->len);
  g_assert_cmpuint (qm_test_live_get_seqs (watcher)->len, >=, 8 + 1 + 2 + 1 + 1);
  assert_consecutive (watcher);
  assert_consecutive (chair);
  last = qm_test_live_wait_type (chair, QM_MESSAGE_PAGE);
  g_assert_cmpint (last->seq, >, 0);
}

static QmMessage *
present (QmTestLive *live,
         gint64      id,
         const char *doc,
         gint64      page)
{
  return qm_test_live_command (live, id, "\"type\":\"present\",\"doc\":\"%s\",\"page\":%"
                               G_GINT64_FORMAT, doc, page);
}

static void
test_presenter (void)
{
  gint64 mid = new_meeting (TRUE);
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(QmMessage) page = NULL;
  g_autoptr(QmMessage) presenter = NULL;
  g_autoptr(QmTestLive) late = NULL;
  QmMessage *welcome;

  /* A reply comes after the events its command caused, the first one included. */
  qm_test_live_sendf (chair, "{\"type\":\"present\",\"id\":1,\"doc\":\"%s\",\"page\":2}",
                      fixture.doc);
  page = qm_test_live_next (chair);
  while (page->type != QM_MESSAGE_PAGE && page->type != QM_MESSAGE_REPLY)
    {
      qm_message_free (page);
      page = qm_test_live_next (chair);
    }
  /* The room's first event waits for its block of numbers to be reserved;
   * the reply must wait behind it. */
  g_assert_cmpint (page->type, ==, QM_MESSAGE_PAGE);
  reply = qm_test_live_wait_re (chair, 1);
  g_clear_pointer (&reply, qm_message_free);
  g_clear_pointer (&page, qm_message_free);
  page = qm_test_live_wait_type (alice, QM_MESSAGE_PAGE);
  g_assert_cmpstr (page->page.doc, ==, fixture.doc);
  g_assert_cmpint (page->page.page, ==, 2);
  g_assert_cmpint (page->page.by, ==, fixture.ids[CHAIR]);

  qm_test_live_expect_error (alice, 2, "forbidden", "\"type\":\"present\",\"doc\":\"%s\",\"page\":1",
                             fixture.doc);
  qm_test_live_expect_error (chair, 3, "bad_request",
                             "\"type\":\"present\",\"doc\":\"" NO_SUCH_DOC "\",\"page\":1");
  qm_test_live_expect_error (chair, 4, "bad_request", "\"type\":\"present\",\"doc\":\"%s\",\"page\":%d",
                             fixture.doc, DOC_PAGES + 1);
  qm_test_live_expect_error (chair, 5, "bad_request", "\"type\":\"present\",\"doc\":\"%s\",\"page\":0",
                             fixture.doc);
  /* The same page again is a page event too. */
  reply = present (chair, 6, fixture.doc, 2);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  g_clear_pointer (&reply, qm_message_free);

  /* Choosing the presenter. */
  qm_test_live_expect_error (alice, 7, "forbidden", "\"type\":\"presenter.set\",\"user\":%"
                             G_GINT64_FORMAT, fixture.ids[ALICE]);
  qm_test_live_expect_error (chair, 8, "bad_request", "\"type\":\"presenter.set\",\"user\":%"
                             G_GINT64_FORMAT, fixture.ids[OUTSIDER]);
  reply = qm_test_live_command (chair, 9, "\"type\":\"presenter.set\",\"user\":%" G_GINT64_FORMAT,
                                fixture.ids[ALICE]);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  g_clear_pointer (&reply, qm_message_free);
  presenter = qm_test_live_wait_type (alice, QM_MESSAGE_PRESENTER);
  g_assert_cmpint (presenter->presenter.user, ==, fixture.ids[ALICE]);

  /* The page stays until the new presenter turns it. */
  late = join (mid, BOB);
  welcome = qm_test_live_get_welcome (late);
  g_assert_cmpint (welcome->welcome.presenter_user, ==, fixture.ids[ALICE]);
  g_assert_cmpstr (welcome->welcome.presenter_doc, ==, fixture.doc);
  g_assert_cmpint (welcome->welcome.presenter_page, ==, 2);

  qm_test_live_expect_error (chair, 10, "forbidden", "\"type\":\"present\",\"doc\":\"%s\",\"page\":3",
                             fixture.doc);
  reply = present (alice, 11, fixture.doc, 3);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  g_clear_pointer (&reply, qm_message_free);
  g_clear_pointer (&page, qm_message_free);
  page = wait_event_after (late, QM_MESSAGE_PAGE, 0);
  g_assert_cmpint (page->page.page, ==, 3);
  g_assert_cmpint (page->page.by, ==, fixture.ids[ALICE]);

  /* The chair takes it back with its own id. */
  reply = qm_test_live_command (chair, 12, "\"type\":\"presenter.set\",\"user\":%" G_GINT64_FORMAT,
                                fixture.ids[CHAIR]);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  g_clear_pointer (&reply, qm_message_free);
  qm_test_live_expect_error (alice, 13, "forbidden", "\"type\":\"present\",\"doc\":\"%s\",\"page\":4",
                             fixture.doc);
  assert_consecutive (late);
}

static void
test_http_events (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *meeting_path = path_of (MEETINGS, mid);
  g_autofree char *agenda_path = path_of (MEETINGS "/agenda", mid);
  g_autofree char *dave_path = path_of (MEETINGS "/participants/%" G_GINT64_FORMAT, mid,
                                        fixture.ids[DAVE]);
  g_autofree char *proxy_path = path_of (MEETINGS "/proxies/%" G_GINT64_FORMAT, mid,
                                         fixture.ids[ALICE]);
  g_autofree char *proxy_json = g_strdup_printf ("{\"holder\":%" G_GINT64_FORMAT "}",
                                                 fixture.ids[BOB]);
  g_autoptr(QmMessage) event = NULL;
  g_autofree char *attach_path = NULL;
  g_autofree char *attach_json = NULL;
  QmParticipant *set;
  QmAgendaItem *item;

  http ("PATCH", meeting_path, "{\"title\":\"Renamed\"}", 200);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_AGENDA);
  g_assert_cmpstr (event->agenda.meeting->title, ==, "Renamed");
  g_assert_null (event->agenda.meeting->participants);
  g_assert_null (strstr (qm_test_live_last_raw (bob), "\"participants\""));
  g_clear_pointer (&event, qm_message_free);

  http ("POST", agenda_path, "{\"title\":\"Budget\",\"description\":\"2027\"}", 201);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_AGENDA);
  g_assert_cmpuint (event->agenda.meeting->agenda->len, ==, 1);
  item = g_ptr_array_index (event->agenda.meeting->agenda, 0);
  g_assert_cmpstr (item->title, ==, "Budget");
  g_assert_cmpstr (item->description, ==, "2027");
  attach_path = path_of (MEETINGS "/agenda/%" G_GINT64_FORMAT "/documents", mid, item->id);
  attach_json = g_strdup_printf ("{\"document\":\"%s\"}", fixture.doc);
  g_clear_pointer (&event, qm_message_free);

  http ("POST", attach_path, attach_json, 201);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_AGENDA);
  item = g_ptr_array_index (event->agenda.meeting->agenda, 0);
  g_assert_cmpuint (item->documents->len, ==, 1);
  g_assert_cmpstr (((QmItemDocument *) g_ptr_array_index (item->documents, 0))->id, ==, fixture.doc);
  g_assert_cmpint (((QmItemDocument *) g_ptr_array_index (item->documents, 0))->pages, ==, DOC_PAGES);
  g_assert_null (event->agenda.meeting->participants);
  g_clear_pointer (&event, qm_message_free);

  http ("PUT", dave_path, "{\"role\":\"delegate\"}", 200);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_PARTICIPANTS);
  g_assert_cmpuint (event->participants.set->len, ==, 1);
  set = g_ptr_array_index (event->participants.set, 0);
  g_assert_cmpint (set->user_id, ==, fixture.ids[DAVE]);
  g_assert_cmpint (set->role, ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpuint (event->participants.removed->len, ==, 0);
  g_clear_pointer (&event, qm_message_free);

  http ("PUT", proxy_path, proxy_json, 200);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_PARTICIPANTS);
  g_assert_cmpuint (event->participants.set->len, ==, 1);
  set = g_ptr_array_index (event->participants.set, 0);
  g_assert_cmpint (set->user_id, ==, fixture.ids[ALICE]);
  g_assert_cmpint (set->proxy_holder, ==, fixture.ids[BOB]);
  g_clear_pointer (&event, qm_message_free);

  http ("DELETE", proxy_path, NULL, 204);
  event = qm_test_live_wait_type (bob, QM_MESSAGE_PARTICIPANTS);
  set = g_ptr_array_index (event->participants.set, 0);
  g_assert_cmpint (set->user_id, ==, fixture.ids[ALICE]);
  g_assert_cmpint (set->proxy_holder, ==, 0);
}

/* Resumption */

static void
test_resume (void)
{
  gint64 mid = new_meeting (TRUE);
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *meeting_path = path_of (MEETINGS, mid);
  g_autofree char *epoch = g_strdup (qm_test_live_get_welcome (alice)->welcome.epoch);
  GArray *alice_seqs;
  gint64 seen, latest;

  /* A join and a leave within one gathering cancel out: let hers be seen. */
  wait_presence (alice, ALICE, TRUE);
  {
    g_autoptr(QmMessage) reply = present (chair, 1, fixture.doc, 4);
    g_autoptr(QmMessage) page = qm_test_live_wait_type (alice, QM_MESSAGE_PAGE);
  }
  alice_seqs = qm_test_live_get_seqs (alice);
  seen = g_array_index (alice_seqs, gint64, alice_seqs->len - 1);
  g_clear_pointer (&alice, qm_test_live_free);

  /* What ALICE misses, as the chair sees it: her leaving, pages, an agenda change. */
  wait_presence (chair, ALICE, FALSE);
  for (gint64 page = 5; page <= 7; page++)
    {
      g_autoptr(QmMessage) reply = present (chair, page, fixture.doc, page);
    }
  http ("PATCH", meeting_path, "{\"title\":\"While she was away\"}", 200);
  {
    g_autoptr(QmMessage) agenda = qm_test_live_wait_type (chair, QM_MESSAGE_AGENDA);
  }
  /* Every event the chair got after `seen`, as raw text. */
  {
    GArray *seqs = qm_test_live_get_seqs (chair);

    latest = g_array_index (seqs, gint64, seqs->len - 1);
  }
  g_assert_cmpint (latest, >, seen + 4);

  alice = qm_test_live_connect (fixture.server, mid);
  qm_test_live_send_hello (alice, fixture.tokens[ALICE], seen, epoch);
  {
    g_autoptr(QmMessage) welcome = qm_test_live_next (alice);

    g_assert_cmpint (welcome->type, ==, QM_MESSAGE_WELCOME);
    g_assert_true (welcome->welcome.resumed);
    g_assert_cmpint (welcome->seq, ==, latest);
  }
  for (gint64 expected = seen + 1; expected <= latest; expected++)
    {
      g_autoptr(QmMessage) event = qm_test_live_next (alice);

      g_assert_true (qm_message_type_is_event (event->type));
      g_assert_cmpint (event->seq, ==, expected);
      if (expected == seen + 1)
        {
          g_assert_cmpint (event->type, ==, QM_MESSAGE_PRESENCE);
          g_assert_true (has_id (event->presence.left, fixture.ids[ALICE]));
        }
      if (expected == latest)
        {
          g_assert_cmpint (event->type, ==, QM_MESSAGE_AGENDA);
          g_assert_cmpstr (event->agenda.meeting->title, ==, "While she was away");
        }
    }
  g_clear_pointer (&alice, qm_test_live_free);

  /* Another epoch, or a seq from the future: a full welcome. */
  {
    g_autoptr(QmTestLive) wrong_epoch = qm_test_live_connect (fixture.server, mid);
    g_autoptr(QmTestLive) future = qm_test_live_connect (fixture.server, mid);
    g_autoptr(QmMessage) full = NULL;
    g_autoptr(QmMessage) full_too = NULL;

    qm_test_live_send_hello (wrong_epoch, fixture.tokens[ALICE], seen, "0123456789abcdef");
    qm_test_live_send_hello (future, fixture.tokens[BOB], latest + 1000, epoch);
    full = qm_test_live_next (wrong_epoch);
    full_too = qm_test_live_next (future);
    for (QmMessage **w = (QmMessage *[]) { full, full_too, NULL }; *w != NULL; w++)
      {
        g_assert_cmpint ((*w)->type, ==, QM_MESSAGE_WELCOME);
        g_assert_false ((*w)->welcome.resumed);
        g_assert_nonnull ((*w)->welcome.meeting);
        g_assert_cmpstr ((*w)->welcome.meeting->title, ==, "While she was away");
        g_assert_cmpint ((*w)->welcome.presenter_page, ==, 7);
      }
  }
}

/* Restarts */

static gint64
max_seq (QmTestLive *live)
{
  GArray *seqs = qm_test_live_get_seqs (live);
  gint64 max = qm_test_live_get_welcome (live)->seq;

  for (guint i = 0; i < seqs->len; i++)
    max = MAX (max, g_array_index (seqs, gint64, i));
  return max;
}

/* The page the server has committed for the meeting, read from its database. */
static gint64
committed_page (QmTestServer *server,
                gint64        meeting_id)
{
  g_autofree char *path = g_build_filename (qm_test_server_get_data_dir (server), "quorum.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 page = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT page FROM meeting_live WHERE meeting_id = ?1;",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    page = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return page;
}

static void
check_restart (QmTestServer *server,
               const char   *token,
               gint64        mid,
               const char   *doc,
               gboolean      kill)
{
  g_autoptr(QmTestLive) before = qm_test_live_join (server, mid, token);
  g_autoptr(QmTestLive) after = NULL;
  g_autofree char *epoch = g_strdup (qm_test_live_get_welcome (before)->welcome.epoch);
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(QmMessage) event = NULL;
  QmMessage *welcome;
  gint64 seen;

  for (gint64 page = 1; page <= 3; page++)
    {
      g_autoptr(QmMessage) answer = present (before, page, doc, page);

      g_assert_cmpint (answer->type, ==, QM_MESSAGE_REPLY);
    }
  event = wait_event_after (before, QM_MESSAGE_PAGE, 0);
  while (event->page.page != 3)
    {
      qm_message_free (event);
      event = qm_test_live_wait_type (before, QM_MESSAGE_PAGE);
    }
  g_clear_pointer (&event, qm_message_free);
  if (kill)
    {
      /* Page turns are committed at most a second apart: wait for it (bounded). */
      gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
      gint64 committed;

      while ((committed = committed_page (server, mid)) != 3 && g_get_monotonic_time () < deadline)
        {
          g_autoptr(QmMessage) nothing = qm_test_live_try_next (before, 50);
        }
      g_assert_cmpint (committed, ==, 3);
      seen = max_seq (before);
      qm_test_server_kill_restart (server);
      g_assert_cmpuint (qm_test_live_wait_close (before), ==, 1006);
    }
  else
    {
      seen = max_seq (before);
      qm_test_server_stop (server);
      /* SIGTERM says goodbye with 1001. */
      g_assert_cmpuint (qm_test_live_wait_close (before), ==, 1001);
      qm_test_server_start (server);
    }

  after = qm_test_live_join (server, mid, token);
  welcome = qm_test_live_get_welcome (after);
  g_assert_cmpstr (welcome->welcome.epoch, ==, epoch);
  g_assert_cmpint (welcome->seq, >=, seen);
  g_assert_cmpstr (welcome->welcome.presenter_doc, ==, doc);
  g_assert_cmpint (welcome->welcome.presenter_page, ==, 3);
  reply = present (after, 10, doc, 4);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  event = qm_test_live_wait_type (after, QM_MESSAGE_PAGE);
  g_assert_cmpint (event->seq, >, seen);
  assert_consecutive (after);
}

static void
test_restart (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  g_autoptr(QmTestServer) server = qm_test_server_new (&options);
  g_autofree char *token = qm_test_login (server, "root", PASSWORD);
  g_autoptr(QmUser) chair = qm_test_create_user (server, token, "chair", PASSWORD, 0);
  g_autofree char *chair_token = qm_test_login (server, "chair", PASSWORD);
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (server, token, "Restarts", NULL);
  g_autoptr(QmParticipant) participant = qm_test_put_participant (server, token, meeting->id,
                                                                  chair->id, "chair");
  g_autoptr(QmAgendaItem) item = qm_test_add_item (server, token, meeting->id, "Item");
  g_autoptr(GBytes) pdf = qm_test_make_pdf (DOC_PAGES, "Restart", 7);
  g_autoptr(QmDocument) doc = qm_test_upload (server, token, "restart.pdf", pdf);
  g_autoptr(QmAgendaItem) attached = qm_test_attach (server, token, meeting->id, item->id, doc->id);

  check_restart (server, chair_token, meeting->id, doc->id, FALSE);
  check_restart (server, chair_token, meeting->id, doc->id, TRUE);
  check_restart (server, chair_token, meeting->id, doc->id, TRUE);
}

/* Limits */

static void
test_rate_limit_burst (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, BOB);
  guint pongs = 0, limited = 0;

  for (guint i = 1; i <= 150; i++)
    qm_test_live_sendf (live, "{\"type\":\"ping\",\"id\":%u}", i);
  while (pongs + limited < 150)
    {
      g_autoptr(QmMessage) answer = qm_test_live_next (live);

      if (answer->type == QM_MESSAGE_PONG)
        pongs++;
      else if (answer->type == QM_MESSAGE_ERROR)
        {
          g_assert_cmpstr (answer->error.code, ==, "rate_limited");
          g_assert_nonnull (answer->re);
          limited++;
        }
    }
  g_test_message ("150 pings: %u pongs, %u rate_limited", pongs, limited);
  g_assert_cmpuint (pongs, >=, 100);
  g_assert_cmpuint (limited, >=, 1);
  g_assert_false (qm_test_live_is_closed (live));
  {
    g_autoptr(QmMessage) after = qm_test_live_command (live, 1000, "\"type\":\"ping\"");

    g_assert_true (after->type == QM_MESSAGE_PONG || after->type == QM_MESSAGE_ERROR);
  }
}

typedef struct
{
  QmTestLive *live;
  guint       sent;
} Flood;

static gboolean
flood_tick (gpointer user_data)
{
  Flood *flood = user_data;

  /* 6 every 20 ms: 300 a second, under the hard limit of 400 in one. */
  for (guint i = 0; i < 6 && !qm_test_live_is_closed (flood->live); i++, flood->sent++)
    qm_test_live_send (flood->live, "{\"type\":\"ping\"}");
  return G_SOURCE_CONTINUE;
}

static void
test_rate_limit_flood (void)
{
  gint64 mid = new_meeting (FALSE);
  g_autoptr(QmTestLive) live = join (mid, BOB);
  Flood flood = { live, 0 };
  gint64 start = g_get_monotonic_time ();
  guint timer = g_timeout_add (20, flood_tick, &flood);
  guint16 code = qm_test_live_wait_close (live);
  gint64 took = g_get_monotonic_time () - start;

  g_source_remove (timer);
  g_test_message ("closed after %u pings in %.1f s", flood.sent, took / 1e6);
  g_assert_cmpuint (code, ==, 4429);
  /* Three seconds over the limit, not the first burst. */
  g_assert_cmpint (took, >=, 2 * G_USEC_PER_SEC);
}

static void
test_nine_connections (void)
{
  gint64 mid = new_meeting (FALSE);
  QmTestLive *clients[9];

  for (guint i = 0; i < 9; i++)
    clients[i] = join (mid, ALICE);
  g_assert_cmpuint (qm_test_live_wait_close (clients[0]), ==, 1008);
  for (guint i = 1; i < 9; i++)
    {
      g_autoptr(QmMessage) pong = qm_test_live_command (clients[i], i, "\"type\":\"ping\"");

      g_assert_cmpint (pong->type, ==, QM_MESSAGE_PONG);
    }
  for (guint i = 0; i < 9; i++)
    qm_test_live_free (clients[i]);
}

static void
test_stalled_reader (void)
{
  gint64 mid = new_meeting (TRUE);
  g_autoptr(QmTestRawWs) stalled = qm_test_raw_ws_connect (fixture.server, mid, 1024);
  g_autoptr(QmTestLive) healthy = join (mid, ALICE);
  QmTestLive *presenters[4];
  guint received = 0, stalled_pages = 0;
  gint64 worst = 0, last_seq = 0, previous = 0;
  gboolean stalled_closed = FALSE, stalled_final = FALSE;
  const guint total = 300;

  raw_hello (stalled, BOB);
  for (guint i = 0; i < G_N_ELEMENTS (presenters); i++)
    presenters[i] = join (mid, CHAIR);
  /* BOB is in the room once the healthy reader sees him arrive. */
  wait_presence (healthy, BOB, TRUE);

  /* Big agenda events (20 items of 9 KB each) fill the kernel's buffers
   * towards the stalled reader, so what follows queues in the server. */
  {
    g_autofree char *filler = g_strnfill (9000, 'a');
    g_autofree char *json = g_strdup_printf ("{\"title\":\"Long\",\"description\":\"%s\"}",
                                             filler);
    g_autofree char *path = path_of (MEETINGS "/agenda", mid);
    g_autofree char *patch_path = NULL;
    guint agenda_events = 0;

    for (guint i = 0; i < 20; i++, agenda_events++)
      http ("POST", path, json, 201);
    patch_path = path_of (MEETINGS, mid);
    for (guint i = 0; i < 30; i++, agenda_events++)
      {
        g_autofree char *title = g_strdup_printf ("{\"title\":\"Long meeting %u\"}", i);

        http ("PATCH", patch_path, title, 200);
      }
    for (guint i = 0; i < agenda_events; i++)
      {
        g_autoptr(QmMessage) agenda = qm_test_live_wait_type (healthy, QM_MESSAGE_AGENDA);
      }
  }

  for (guint sent = 0; sent < total; sent += G_N_ELEMENTS (presenters))
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < G_N_ELEMENTS (presenters); i++)
        qm_test_live_sendf (presenters[i], "{\"type\":\"present\",\"doc\":\"%s\",\"page\":%u}",
                            fixture.doc, (sent + i) % DOC_PAGES + 1);
      /* The healthy reader gets each of them, in order, promptly. */
      for (guint i = 0; i < G_N_ELEMENTS (presenters); i++)
        {
          g_autoptr(QmMessage) page = qm_test_live_wait_type (healthy, QM_MESSAGE_PAGE);

          /* In order; other events (the stalled reader let go: presence,
           * quorum) may take numbers in between, so no "+ 1" here —
           * continuity has its own test. */
          g_assert_cmpint (page->seq, >, last_seq);
          last_seq = page->seq;
          received++;
        }
      worst = MAX (worst, g_get_monotonic_time () - start);
    }
  g_test_message ("healthy reader: %u page events, slowest batch of 4 %.1f ms", received,
                  worst / 1e3);
  g_assert_cmpuint (received, ==, total);
  g_assert_cmpint (worst, <, 2 * G_USEC_PER_SEC);

  /* Now the stalled reader reads: the newest page at the end, older ones dropped
   * (or it was let go). */
  for (;;)
    {
      guint8 opcode;
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(QmMessage) message = NULL;

      if (!qm_test_raw_ws_read_frame (stalled, &opcode, &payload) || opcode == 0x8)
        {
          stalled_closed = TRUE;
          break;
        }
      if (opcode != 0x1)
        continue;
      message = qm_message_parse (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                                  QM_ORIGIN_SERVER, NULL, NULL);
      g_assert_nonnull (message);
      if (qm_message_type_is_event (message->type))
        {
          g_assert_cmpint (message->seq, >, previous);
          previous = message->seq;
        }
      if (message->type == QM_MESSAGE_PAGE)
        stalled_pages++;
      if (message->type == QM_MESSAGE_PAGE && message->seq == last_seq)
        {
          stalled_final = TRUE;
          break;
        }
    }
  g_test_message ("stalled reader: %u page events, %s", stalled_pages,
                  stalled_closed ? "closed" : "got the newest page");
  g_assert_true (stalled_closed || (stalled_final && stalled_pages < total));
  for (guint i = 0; i < G_N_ELEMENTS (presenters); i++)
    qm_test_live_free (presenters[i]);
}

/* The shared server */

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[N_ACCOUNTS] = { 0 };
  const char *created[N_ACCOUNTS];
  g_autoptr(GBytes) pdf = qm_test_make_pdf (DOC_PAGES, "Live document", 1);
  g_autoptr(QmDocument) doc = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  {
    g_autoptr(QmUser) me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT],
                                        (gpointer) qm_user_parse);

    fixture.ids[ROOT] = me->id;
  }
  memcpy (created, names, sizeof created);
  created[ROOT] = NULL;
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, created, roles,
                        PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_ACCOUNTS, created, PASSWORD, fixture.tokens);
  doc = qm_test_upload (fixture.server, fixture.tokens[ROOT], "live.pdf", pdf);
  fixture.doc = g_strdup (doc->id);

  fixture.silent = qm_test_raw_ws_connect (fixture.server, new_meeting (FALSE), 0);
  fixture.silent_since = g_get_monotonic_time ();
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.silent, qm_test_raw_ws_free);
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  g_clear_pointer (&fixture.doc, g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/live/hello/not-first", test_hello_not_first);
  g_test_add_func ("/quorum/live/frames/not-an-object", test_not_an_object);
  g_test_add_func ("/quorum/live/frames/binary", test_binary_frame);
  g_test_add_func ("/quorum/live/frames/size", test_message_size);
  g_test_add_func ("/quorum/live/frames/fragmented", test_fragmented);
  g_test_add_func ("/quorum/live/hello/refused", test_refused);
  g_test_add_func ("/quorum/live/close/logout", test_logout_closes);
  g_test_add_func ("/quorum/live/close/removed", test_removed_closes);
  g_test_add_func ("/quorum/live/commands/bad", test_bad_commands);
  g_test_add_func ("/quorum/live/commands/ping", test_ping);
  g_test_add_func ("/quorum/live/state/welcome", test_welcome);
  g_test_add_func ("/quorum/live/state/presence", test_presence_gathered);
  g_test_add_func ("/quorum/live/state/presence-welcome-while-gathering",
                   test_presence_welcome_while_gathering);
  g_test_add_func ("/quorum/live/state/seq", test_seq_consecutive);
  g_test_add_func ("/quorum/live/state/presenter", test_presenter);
  g_test_add_func ("/quorum/live/state/http-events", test_http_events);
  g_test_add_func ("/quorum/live/resume/missed-events", test_resume);
  g_test_add_func ("/quorum/live/limits/rate-burst", test_rate_limit_burst);
  g_test_add_func ("/quorum/live/limits/rate-flood", test_rate_limit_flood);
  g_test_add_func ("/quorum/live/limits/nine-connections", test_nine_connections);
  g_test_add_func ("/quorum/live/limits/stalled-reader", test_stalled_reader);
  g_test_add_func ("/quorum/live/restart/sigterm-sigkill", test_restart);
  /* Last (its suite is made last): by now its 10 s have passed. */
  g_test_add_func ("/quorum/live/timeout/hello", test_hello_timeout);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
