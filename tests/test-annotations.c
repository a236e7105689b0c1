/* test-annotations.c: annotations on the live channel of the real
 * quorum-server — who sees them (live, in welcome, on resume and over HTTP),
 * revs and conflicts, ownership, page bounds, limits, deletion and restarts.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-test-live.h"

#define PASSWORD    "correct horse battery"
#define MEETINGS    "/api/v1/meetings/%" G_GINT64_FORMAT
#define NO_SUCH_DOC "0000000000000000000000000000000000000000000000000000000000000000"
#define DOC_PAGES   12
/* qm_test_make_pdf draws A4 pages. */
#define PAGE_WIDTH  595
#define PAGE_HEIGHT 842
/* The limits this server runs with (config below). */
#define MAX_COUNT   12
#define MAX_BYTES   40000

typedef enum
{
  ROOT,        /* admin and secretary; the secretary of every meeting here */
  CHAIR,
  ALICE,
  BOB,
  OUTSIDER,    /* in no meeting */
  N_ACCOUNTS
} Who;

static const char *names[N_ACCOUNTS] = { "root", "chair", "alice", "bob", "outsider" };

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  char         *doc;      /* DOC_PAGES pages, on every meeting's agenda */
  char         *loose;    /* uploaded, on no agenda */
  gint64        next_id;  /* command ids, unique across the run */
} fixture;

static gint64
next_id (void)
{
  return ++fixture.next_id;
}

/* A meeting of ROOT's with CHAIR as chair, ALICE and BOB as delegates, and
 * an item holding the document. */
static gint64
new_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Annotations", NULL);
  static const struct { Who who; const char *role; } members[] = {
    { CHAIR, "chair" }, { ALICE, "delegate" }, { BOB, "delegate" },
  };
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id,
                                 fixture.ids[members[i].who], members[i].role);
    }
  item = qm_test_add_item (fixture.server, fixture.tokens[ROOT], meeting->id, "Budget");
  attached = qm_test_attach (fixture.server, fixture.tokens[ROOT], meeting->id, item->id,
                             fixture.doc);
  return meeting->id;
}

static QmTestLive *
join (gint64 meeting_id,
      Who    who)
{
  return qm_test_live_join (fixture.server, meeting_id, fixture.tokens[who]);
}

/* A note on page 1 of the document. */
static char *
note (const char *id,
      gboolean    shared,
      gint64      rev,
      double      x,
      double      y,
      const char *text)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"doc\":\"%s\",\"page\":1,\"kind\":\"note\","
                          "\"shared\":%s,\"rev\":%" G_GINT64_FORMAT ",\"data\":{\"x\":%g,\"y\":%g,"
                          "\"text\":\"%s\"}}",
                          id, fixture.doc, shared ? "true" : "false", rev, x, y, text);
}

static gboolean
is_answer_to (QmMessage *message,
              gint64     id)
{
  return (message->type == QM_MESSAGE_REPLY || message->type == QM_MESSAGE_ERROR
          || message->type == QM_MESSAGE_PONG)
         && message->re != NULL && JSON_NODE_HOLDS_VALUE (message->re)
         && json_node_get_value_type (message->re) == G_TYPE_INT64
         && json_node_get_int (message->re) == id;
}

static const char *
event_annotation_id (QmMessage *message)
{
  if (message->type == QM_MESSAGE_ANNOTATION)
    return message->annotation.annotation->id;
  if (message->type == QM_MESSAGE_ANNOTATION_DELETED)
    return message->annotation_deleted.id;
  return NULL;
}

/* Sends a command and returns every message up to and including its answer
 * (the last element). */
static GPtrArray *
exchange (QmTestLive *live,
          gint64      id,
          const char *fields)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_message_free);

  qm_test_live_sendf (live, "{\"id\":%" G_GINT64_FORMAT ",%s}", id, fields);
  for (;;)
    {
      QmMessage *message = qm_test_live_next (live);

      g_ptr_array_add (messages, message);
      if (is_answer_to (message, id))
        return messages;
    }
}

static QmMessage *
last (GPtrArray *messages)
{
  return g_ptr_array_index (messages, messages->len - 1);
}

/* The events about annotation id among messages, of this type. */
static guint
count_events (GPtrArray     *messages,
              QmMessageType  type,
              const char    *id)
{
  guint n = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      QmMessage *message = g_ptr_array_index (messages, i);

      n += message->type == type && g_strcmp0 (event_annotation_id (message), id) == 0;
    }
  return n;
}

/* Every message up to a pong: what the server sent this client so far. */
static GPtrArray *
drain (QmTestLive *live)
{
  GPtrArray *messages = exchange (live, next_id (), "\"type\":\"ping\"");

  g_assert_cmpint (last (messages)->type, ==, QM_MESSAGE_PONG);
  return messages;
}

/* Puts and asserts success: the annotation event reached the sender before
 * the reply, and the reply carries the annotation as stored. */
static void
put_ok (QmTestLive *live,
        const char *annotation,
        Who         author)
{
  g_autofree char *fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s",
                                             annotation);
  g_autoptr(GPtrArray) messages = exchange (live, next_id (), fields);
  QmMessage *reply = last (messages);
  g_autoptr(QmAnnotation) sent = qm_annotation_parse (annotation, -1, NULL);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("annotation.put failed: %s", qm_test_live_last_raw (live));
  g_assert_nonnull (reply->reply.annotation);
  g_assert_cmpstr (reply->reply.annotation->id, ==, sent->id);
  g_assert_cmpint (reply->reply.annotation->rev, ==, sent->rev);
  g_assert_cmpint (reply->reply.annotation->shared, ==, sent->shared);
  g_assert_cmpint (reply->reply.annotation->author, ==, fixture.ids[author]);
  g_assert_cmpuint (count_events (messages, QM_MESSAGE_ANNOTATION, sent->id), ==, 1);
  g_assert_cmpuint (count_events (messages, QM_MESSAGE_ANNOTATION_DELETED, sent->id), ==, 0);
}

static void
delete_ok (QmTestLive *live,
           const char *id)
{
  g_autofree char *fields = g_strdup_printf ("\"type\":\"annotation.delete\",\"annotation\":\"%s\"",
                                             id);
  g_autoptr(GPtrArray) messages = exchange (live, next_id (), fields);

  if (last (messages)->type != QM_MESSAGE_REPLY)
    g_error ("annotation.delete failed: %s", qm_test_live_last_raw (live));
  g_assert_cmpuint (count_events (messages, QM_MESSAGE_ANNOTATION_DELETED, id), ==, 1);
}

/* Puts and asserts an error with this code; returns it. */
static QmMessage *
put_error (QmTestLive *live,
           const char *annotation,
           const char *code)
{
  g_autofree char *fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s",
                                             annotation);
  g_autoptr(GPtrArray) messages = exchange (live, next_id (), fields);
  QmMessage *answer = g_ptr_array_steal_index (messages, messages->len - 1);

  if (answer->type != QM_MESSAGE_ERROR || g_strcmp0 (answer->error.code, code) != 0)
    g_error ("expected “%s”, got %s", code, qm_test_live_last_raw (live));
  return answer;
}

/* An error that must not carry any copy of the annotation. */
static void
expect_bare_error (QmTestLive *live,
                   const char *code,
                   const char *fields)
{
  g_autoptr(GPtrArray) messages = exchange (live, next_id (), fields);
  QmMessage *answer = last (messages);

  if (answer->type != QM_MESSAGE_ERROR || g_strcmp0 (answer->error.code, code) != 0)
    g_error ("expected “%s”, got %s", code, qm_test_live_last_raw (live));
  g_assert_null (answer->error.annotation);
  g_assert_null (strstr (qm_test_live_last_raw (live), "\"annotation\":"));
  g_assert_false (qm_test_live_is_closed (live));
}

static gboolean
has (GPtrArray  *annotations,
     const char *id)
{
  for (guint i = 0; i < annotations->len; i++)
    if (g_str_equal (((QmAnnotation *) g_ptr_array_index (annotations, i))->id, id))
      return TRUE;
  return FALSE;
}

static GPtrArray *
welcome_annotations (QmTestLive *live)
{
  return qm_test_live_get_welcome (live)->welcome.annotations;
}

static GPtrArray *
http_list (gint64      meeting_id,
           Who         who,
           const char *doc)
{
  g_autofree char *path = doc ? g_strdup_printf (MEETINGS "/annotations?doc=%s", meeting_id, doc)
                              : g_strdup_printf (MEETINGS "/annotations", meeting_id);

  return qm_test_get (fixture.server, path, fixture.tokens[who], (gpointer) qm_annotation_list_parse);
}

/* Tests */

static void
test_private (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) alice2 = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *a = NULL;
  g_autofree char *fields = NULL;
  g_autoptr(GPtrArray) on_alice2 = NULL;
  g_autoptr(GPtrArray) on_bob = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(QmTestLive) alice3 = NULL;
  g_autoptr(QmTestLive) bob2 = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  QmMessage *reply;

  /* The author a client names is ignored, whatever its type. */
  a = g_strdup_printf ("{\"id\":\"%s\",\"doc\":\"%s\",\"page\":3,\"kind\":\"ink\",\"shared\":false,"
                       "\"rev\":1,\"author\":%" G_GINT64_FORMAT ",\"data\":{\"strokes\":"
                       "[[[72.5,540.25,0.42],[80,538.5]],[[1,1]]],\"color\":\"#c0392b\",\"width\":1.5}}",
                       id, fixture.doc, fixture.ids[BOB]);
  fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s", a);
  messages = exchange (alice, next_id (), fields);
  reply = last (messages);
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  g_assert_cmpint (reply->reply.annotation->author, ==, fixture.ids[ALICE]);
  g_assert_cmpint (reply->reply.annotation->page, ==, 3);
  g_assert_cmpuint (reply->reply.annotation->strokes->len, ==, 2);
  /* The event came first, with the author set by the server. */
  g_assert_cmpuint (count_events (messages, QM_MESSAGE_ANNOTATION, id), ==, 1);
  for (guint i = 0; i < messages->len; i++)
    {
      QmMessage *message = g_ptr_array_index (messages, i);

      if (message->type == QM_MESSAGE_ANNOTATION)
        g_assert_cmpint (message->annotation.annotation->author, ==, fixture.ids[ALICE]);
    }
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":{\"id\":\"%s\",\"doc\":\"%s\","
                            "\"page\":1,\"kind\":\"note\",\"shared\":false,\"rev\":2,\"author\":\"x\","
                            "\"data\":{\"x\":1,\"y\":2,\"text\":\"\"}}", id, fixture.doc);
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = exchange (alice, next_id (), fields);
  g_assert_cmpint (last (messages)->type, ==, QM_MESSAGE_REPLY);
  g_assert_cmpint (last (messages)->reply.annotation->author, ==, fixture.ids[ALICE]);

  /* Every connection of the author hears of it; nobody else does. */
  on_alice2 = drain (alice2);
  g_assert_cmpuint (count_events (on_alice2, QM_MESSAGE_ANNOTATION, id), ==, 2);
  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION, id), ==, 0);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION_DELETED, id), ==, 0);

  /* Nor in a welcome, nor over HTTP. */
  alice3 = join (mid, ALICE);
  bob2 = join (mid, BOB);
  g_assert_true (has (welcome_annotations (alice3), id));
  g_assert_false (has (welcome_annotations (bob2), id));
  g_assert_cmpuint (welcome_annotations (bob2)->len, ==, 0);
  listed = http_list (mid, ALICE, NULL);
  g_assert_true (has (listed, id));
  g_assert_cmpint (((QmAnnotation *) g_ptr_array_index (listed, 0))->author, ==, fixture.ids[ALICE]);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = http_list (mid, BOB, NULL);
  g_assert_cmpuint (listed->len, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = http_list (mid, CHAIR, fixture.doc);
  g_assert_cmpuint (listed->len, ==, 0);
}

static void
test_shared (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autoptr(QmTestLive) chair = join (mid, CHAIR);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *mine = g_uuid_string_random ();
  g_autofree char *a = note (id, TRUE, 1, 420, 188.5, "Đề nghị làm rõ khoản chi");
  g_autofree char *b = note (mine, FALSE, 1, 10, 10, "bob's own");
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) on_bob = NULL;
  g_autoptr(GPtrArray) on_chair = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(QmTestLive) bob2 = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  put_ok (alice, a, ALICE);
  put_ok (bob, b, BOB);
  on_chair = drain (chair);
  g_assert_cmpuint (count_events (on_chair, QM_MESSAGE_ANNOTATION, id), ==, 1);
  g_assert_cmpuint (count_events (on_chair, QM_MESSAGE_ANNOTATION, mine), ==, 0);
  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION, id), ==, 0);   /* taken by put_ok */

  bob2 = join (mid, BOB);
  g_assert_cmpuint (welcome_annotations (bob2)->len, ==, 2);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (welcome_annotations (bob2), 0))->id, ==, id);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (welcome_annotations (bob2), 0))->text, ==,
                   "Đề nghị làm rõ khoản chi");
  g_assert_true (has (welcome_annotations (bob2), mine));

  /* HTTP: the caller's and the shared ones, by document when asked. */
  listed = http_list (mid, CHAIR, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_true (has (listed, id));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = http_list (mid, BOB, fixture.doc);
  g_assert_cmpuint (listed->len, ==, 2);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = http_list (mid, BOB, fixture.loose);
  g_assert_cmpuint (listed->len, ==, 0);

  path = g_strdup_printf (MEETINGS "/annotations?doc=ABC", mid);
  body = qm_test_json (fixture.server, "GET", path, fixture.tokens[BOB], NULL, &status);
  qm_test_assert_error (body, status, 400, "bad_request");
  g_clear_pointer (&body, g_bytes_unref);
  /* Outsiders learn nothing, whatever they ask. */
  body = qm_test_json (fixture.server, "GET", path, fixture.tokens[OUTSIDER], NULL, &status);
  qm_test_assert_error (body, status, 404, "not_found");
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf (MEETINGS "/annotations", mid);
  body = qm_test_json (fixture.server, "GET", path, fixture.tokens[OUTSIDER], NULL, &status);
  qm_test_assert_error (body, status, 404, "not_found");
  g_clear_pointer (&body, g_bytes_unref);
  body = qm_test_json (fixture.server, "GET", path, NULL, NULL, &status);
  qm_test_assert_error (body, status, 401, "unauthorized");
}

static void
test_made_private (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *r1 = note (id, TRUE, 1, 100, 100, "one");
  g_autofree char *r2 = note (id, FALSE, 2, 100, 100, "two");
  g_autofree char *r3 = note (id, TRUE, 3, 100, 100, "three");
  g_autoptr(GPtrArray) on_bob = NULL;
  g_autoptr(GPtrArray) replay = NULL;
  g_autoptr(QmTestLive) bob2 = NULL;
  g_autoptr(QmTestLive) resumed = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  QmMessage *alice_welcome = qm_test_live_get_welcome (alice);
  gint64 since = alice_welcome->seq;

  put_ok (alice, r1, ALICE);
  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION, id), ==, 1);
  g_clear_pointer (&on_bob, g_ptr_array_unref);

  /* Made private: gone for everyone else, kept (changed) for the author. */
  put_ok (alice, r2, ALICE);
  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION_DELETED, id), ==, 1);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION, id), ==, 0);
  g_clear_pointer (&on_bob, g_ptr_array_unref);
  bob2 = join (mid, BOB);
  g_assert_false (has (welcome_annotations (bob2), id));
  listed = http_list (mid, BOB, NULL);
  g_assert_false (has (listed, id));

  /* Shared again: everyone hears of it. */
  put_ok (alice, r3, ALICE);
  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION, id), ==, 1);

  /* A resume replays each user's events only: bob never sees rev 2, alice
   * never the deletion meant for the others. */
  resumed = qm_test_live_connect (fixture.server, mid);
  qm_test_live_send_hello (resumed, fixture.tokens[BOB], since, alice_welcome->welcome.epoch);
  replay = drain (resumed);
  g_assert_true (qm_test_live_get_welcome (resumed)->welcome.resumed);
  g_assert_cmpuint (count_events (replay, QM_MESSAGE_ANNOTATION, id), ==, 2);
  g_assert_cmpuint (count_events (replay, QM_MESSAGE_ANNOTATION_DELETED, id), ==, 1);
  for (guint i = 0; i < replay->len; i++)
    {
      QmMessage *message = g_ptr_array_index (replay, i);

      if (message->type == QM_MESSAGE_ANNOTATION)
        g_assert_true (message->annotation.annotation->shared);
    }
  g_clear_pointer (&replay, g_ptr_array_unref);
  g_clear_pointer (&resumed, qm_test_live_free);

  resumed = qm_test_live_connect (fixture.server, mid);
  qm_test_live_send_hello (resumed, fixture.tokens[ALICE], since, alice_welcome->welcome.epoch);
  replay = drain (resumed);
  g_assert_true (qm_test_live_get_welcome (resumed)->welcome.resumed);
  g_assert_cmpuint (count_events (replay, QM_MESSAGE_ANNOTATION, id), ==, 3);
  g_assert_cmpuint (count_events (replay, QM_MESSAGE_ANNOTATION_DELETED, id), ==, 0);
}

static void
test_revs (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) alice2 = join (mid, ALICE);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *r1 = note (id, FALSE, 1, 50, 60, "first");
  g_autofree char *r2 = note (id, FALSE, 2, 50, 60, "second");
  g_autofree char *r2b = note (id, FALSE, 2, 70, 80, "second, elsewhere");
  g_autofree char *r3 = note (id, FALSE, 3, 50, 60, "third");
  g_autofree char *fresh = note (id, FALSE, 2, 50, 60, "new at 2");
  g_autoptr(QmMessage) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  /* A new id starts at rev 1. */
  g_clear_pointer (&error, qm_message_free);
  error = put_error (alice, fresh, "bad_request");
  g_assert_null (error->error.annotation);

  put_ok (alice, r1, ALICE);
  /* The same rev again, or one too far: conflict, with the stored copy. */
  g_clear_pointer (&error, qm_message_free);
  error = put_error (alice, r1, "conflict");
  g_assert_nonnull (error->error.annotation);
  g_assert_cmpstr (error->error.annotation->id, ==, id);
  g_assert_cmpint (error->error.annotation->rev, ==, 1);
  g_assert_cmpint (error->error.annotation->author, ==, fixture.ids[ALICE]);
  g_assert_cmpstr (error->error.annotation->text, ==, "first");
  g_clear_pointer (&error, qm_message_free);
  error = put_error (alice, r3, "conflict");
  g_assert_cmpint (error->error.annotation->rev, ==, 1);

  /* Two devices of the author racing with the same rev: one wins. */
  put_ok (alice, r2, ALICE);
  g_clear_pointer (&error, qm_message_free);
  error = put_error (alice2, r2b, "conflict");
  g_assert_cmpint (error->error.annotation->rev, ==, 2);
  g_assert_cmpstr (error->error.annotation->text, ==, "second");
  put_ok (alice2, r3, ALICE);

  listed = http_list (mid, ALICE, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpint (((QmAnnotation *) g_ptr_array_index (listed, 0))->rev, ==, 3);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (listed, 0))->text, ==, "third");
}

static void
test_not_author (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *private_id = g_uuid_string_random ();
  g_autofree char *shared_id = g_uuid_string_random ();
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *p1 = note (private_id, FALSE, 1, 10, 10, "mine");
  g_autofree char *s1 = note (shared_id, TRUE, 1, 10, 10, "ours");
  g_autofree char *fields = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  put_ok (alice, p1, ALICE);
  put_ok (alice, s1, ALICE);

  /* Someone else's private one does not exist for bob, at any rev. */
  for (gint64 rev = 1; rev <= 3; rev++)
    {
      g_autofree char *attempt = note (private_id, TRUE, rev, 20, 20, "taken over");

      g_clear_pointer (&fields, g_free);
      fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s", attempt);
      expect_bare_error (bob, "not_found", fields);
    }
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("\"type\":\"annotation.delete\",\"annotation\":\"%s\"", private_id);
  expect_bare_error (bob, "not_found", fields);

  /* A shared one is visible, but not bob's to change. */
  for (gint64 rev = 1; rev <= 3; rev++)
    {
      g_autofree char *attempt = note (shared_id, TRUE, rev, 20, 20, "taken over");

      g_clear_pointer (&fields, g_free);
      fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s", attempt);
      expect_bare_error (bob, "forbidden", fields);
    }
  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("\"type\":\"annotation.delete\",\"annotation\":\"%s\"", shared_id);
  expect_bare_error (bob, "forbidden", fields);

  g_clear_pointer (&fields, g_free);
  fields = g_strdup_printf ("\"type\":\"annotation.delete\",\"annotation\":\"%s\"", unknown);
  expect_bare_error (bob, "not_found", fields);
  expect_bare_error (bob, "bad_request", "\"type\":\"annotation.delete\",\"annotation\":\"nope\"");

  /* Nothing changed. */
  listed = http_list (mid, ALICE, NULL);
  g_assert_cmpuint (listed->len, ==, 2);
  for (guint i = 0; i < listed->len; i++)
    {
      QmAnnotation *annotation = g_ptr_array_index (listed, i);

      g_assert_cmpint (annotation->rev, ==, 1);
      g_assert_cmpint (annotation->author, ==, fixture.ids[ALICE]);
    }
}

static void
test_bounds (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  static const char *outside[] = {
    /* note past the right edge, the bottom edge */
    "\"page\":1,\"kind\":\"note\",\"data\":{\"x\":595.5,\"y\":10,\"text\":\"\"}",
    "\"page\":1,\"kind\":\"note\",\"data\":{\"x\":10,\"y\":842.01,\"text\":\"\"}",
    /* one ink point of many */
    "\"page\":2,\"kind\":\"ink\",\"data\":{\"strokes\":[[[1,1],[2,2]],[[3,3],[10,900,0.5]]],"
    "\"color\":\"#000000\",\"width\":1}",
    /* one corner of one quad */
    "\"page\":3,\"kind\":\"highlight\",\"data\":{\"quads\":[[1,1,5,5],[10,10,600,20]],"
    "\"color\":\"#FFFF00\"}",
    /* beyond the document's last page */
    "\"page\":13,\"kind\":\"note\",\"data\":{\"x\":1,\"y\":1,\"text\":\"\"}",
    /* not an annotation kind */
    "\"page\":1,\"kind\":\"stamp\",\"data\":{\"x\":1,\"y\":1,\"text\":\"\"}",
  };
  g_autofree char *edge_id = g_uuid_string_random ();
  g_autofree char *edge = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *fields =
        g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":{\"id\":\"%s\",\"doc\":\"%s\","
                         "\"shared\":true,\"rev\":1,%s}", id, fixture.doc, outside[i]);

      expect_bare_error (alice, "bad_request", fields);
    }

  /* Documents not on this meeting's agenda. */
  {
    const char *docs[] = { fixture.loose, NO_SUCH_DOC };

    for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
      {
        g_autofree char *id = g_uuid_string_random ();
        g_autofree char *fields =
          g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":{\"id\":\"%s\",\"doc\":\"%s\","
                           "\"page\":1,\"kind\":\"note\",\"shared\":false,\"rev\":1,"
                           "\"data\":{\"x\":1,\"y\":1,\"text\":\"\"}}", id, docs[i]);

        expect_bare_error (alice, "bad_request", fields);
      }
  }

  /* The page's very corners and its last page are fine. */
  edge = g_strdup_printf ("{\"id\":\"%s\",\"doc\":\"%s\",\"page\":%d,\"kind\":\"highlight\","
                          "\"shared\":false,\"rev\":1,\"data\":{\"quads\":[[0,0,%d,%d]],"
                          "\"color\":\"#f1c40f\"}}", edge_id, fixture.doc, DOC_PAGES,
                          PAGE_WIDTH, PAGE_HEIGHT);
  put_ok (alice, edge, ALICE);
  listed = http_list (mid, ALICE, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
}

static void
test_delete (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) alice2 = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autofree char *shared_id = g_uuid_string_random ();
  g_autofree char *private_id = g_uuid_string_random ();
  g_autofree char *s1 = note (shared_id, TRUE, 1, 5, 5, "shared");
  g_autofree char *p1 = note (private_id, FALSE, 1, 5, 5, "private");
  g_autofree char *again = note (shared_id, FALSE, 1, 6, 6, "again");
  g_autofree char *fields = NULL;
  g_autoptr(GPtrArray) on_bob = NULL;
  g_autoptr(GPtrArray) on_alice2 = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(QmTestLive) bob2 = NULL;

  put_ok (alice, s1, ALICE);
  put_ok (alice, p1, ALICE);
  delete_ok (alice, shared_id);
  delete_ok (alice, private_id);

  on_bob = drain (bob);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION_DELETED, shared_id), ==, 1);
  g_assert_cmpuint (count_events (on_bob, QM_MESSAGE_ANNOTATION_DELETED, private_id), ==, 0);
  on_alice2 = drain (alice2);
  g_assert_cmpuint (count_events (on_alice2, QM_MESSAGE_ANNOTATION_DELETED, shared_id), ==, 1);
  g_assert_cmpuint (count_events (on_alice2, QM_MESSAGE_ANNOTATION_DELETED, private_id), ==, 1);

  listed = http_list (mid, ALICE, NULL);
  g_assert_cmpuint (listed->len, ==, 0);
  bob2 = join (mid, BOB);
  g_assert_cmpuint (welcome_annotations (bob2)->len, ==, 0);

  /* Gone: a second delete finds nothing; the id may start over at rev 1. */
  fields = g_strdup_printf ("\"type\":\"annotation.delete\",\"annotation\":\"%s\"", shared_id);
  expect_bare_error (alice, "not_found", fields);
  put_ok (alice, again, ALICE);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = http_list (mid, ALICE, NULL);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (listed, 0))->text, ==, "again");
}

static void
test_limits (void)
{
  gint64 mid = new_meeting ();
  gint64 other = new_meeting ();
  guint max_count = MAX_COUNT;
  g_autoptr(QmTestLive) alice = join (mid, ALICE);
  g_autoptr(QmTestLive) bob = join (mid, BOB);
  g_autoptr(QmTestLive) alice_elsewhere = join (other, ALICE);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *one_more_id = g_uuid_string_random ();
  g_autofree char *elsewhere_id = g_uuid_string_random ();
  g_autofree char *bobs_id = g_uuid_string_random ();
  g_autofree char *one_more = note (one_more_id, FALSE, 1, 1, 1, "one more");
  g_autofree char *elsewhere = note (elsewhere_id, FALSE, 1, 1, 1, "elsewhere");
  g_autofree char *bobs = note (bobs_id, FALSE, 1, 1, 1, "bob's");
  g_autofree char *changed = NULL;
  g_autoptr(QmMessage) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint accepted = 0;
  gsize accepted_bytes = 0;

  /* Count: the author's annotations in this meeting. */
  for (guint i = 0; i < max_count; i++)
    {
      char *id = g_uuid_string_random ();
      g_autofree char *a = note (id, i % 2 == 0, 1, i, i, "n");

      g_ptr_array_add (ids, id);
      put_ok (alice, a, ALICE);
    }
  error = put_error (alice, one_more, "bad_request");
  g_assert_true (g_str_has_prefix (error->error.message, "annotation limit reached"));
  /* A change is no new annotation; someone else, or another meeting, has room. */
  changed = note (g_ptr_array_index (ids, 0), TRUE, 2, 3, 3, "changed");
  put_ok (alice, changed, ALICE);
  put_ok (bob, bobs, BOB);
  put_ok (alice_elsewhere, elsewhere, ALICE);
  /* A delete makes room. */
  delete_ok (alice, g_ptr_array_index (ids, 1));
  put_ok (alice, one_more, ALICE);

  /* Bytes: bob's notes of 3 900 characters each fill his 40 000 bytes. */
  for (guint i = 0; i < 3900; i++)
    g_string_append_c (text, 'a' + i % 26);
  for (guint i = 0; i < max_count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *a = note (id, FALSE, 1, 1, 1, text->str);
      g_autofree char *fields = g_strdup_printf ("\"type\":\"annotation.put\",\"annotation\":%s", a);
      g_autoptr(GPtrArray) messages = exchange (bob, next_id (), fields);
      QmMessage *answer = last (messages);

      if (answer->type == QM_MESSAGE_REPLY)
        {
          accepted++;
          accepted_bytes += strlen (a);
          continue;
        }
      g_assert_cmpstr (answer->error.code, ==, "bad_request");
      g_assert_true (g_str_has_prefix (answer->error.message, "annotation limit reached"));
      g_assert_nonnull (strstr (answer->error.message, "bytes"));
      break;
    }
  /* 1 small note + 9 big ones fit; the tenth would pass 40 000 bytes. */
  g_assert_cmpuint (accepted, ==, 9);
  g_assert_cmpuint (accepted_bytes, <, MAX_BYTES);
}

static void
test_restart (void)
{
  gint64 mid = new_meeting ();
  g_autofree char *shared_id = g_uuid_string_random ();
  g_autofree char *private_id = g_uuid_string_random ();
  g_autofree char *s1 = note (shared_id, TRUE, 1, 5, 5, "shared");
  g_autofree char *p1 = note (private_id, FALSE, 1, 5, 5, "private");
  g_autofree char *s2 = note (shared_id, TRUE, 2, 5, 5, "shared, rev 2");
  g_autofree char *p2 = note (private_id, FALSE, 2, 5, 5, "private, rev 2");

  {
    g_autoptr(QmTestLive) alice = join (mid, ALICE);

    put_ok (alice, s1, ALICE);
    put_ok (alice, p1, ALICE);
  }
  /* Acknowledged, then killed at once: nothing is lost. */
  qm_test_server_kill_restart (fixture.server);
  {
    g_autoptr(QmTestLive) alice = join (mid, ALICE);
    g_autoptr(QmTestLive) bob = join (mid, BOB);
    g_autoptr(QmMessage) error = NULL;

    g_assert_cmpuint (welcome_annotations (alice)->len, ==, 2);
    g_assert_true (has (welcome_annotations (alice), private_id));
    g_assert_cmpuint (welcome_annotations (bob)->len, ==, 1);
    g_assert_true (has (welcome_annotations (bob), shared_id));
    /* Revs go on where they were. */
    error = put_error (alice, s1, "conflict");
    g_assert_cmpint (error->error.annotation->rev, ==, 1);
    put_ok (alice, s2, ALICE);
    put_ok (alice, p2, ALICE);
  }
  qm_test_server_restart (fixture.server);
  {
    g_autoptr(QmTestLive) alice = join (mid, ALICE);
    g_autoptr(GPtrArray) listed = http_list (mid, ALICE, NULL);

    g_assert_cmpuint (welcome_annotations (alice)->len, ==, 2);
    g_assert_cmpuint (listed->len, ==, 2);
    for (guint i = 0; i < listed->len; i++)
      g_assert_cmpint (((QmAnnotation *) g_ptr_array_index (listed, i))->rev, ==, 2);
    delete_ok (alice, private_id);
  }
  qm_test_server_kill_restart (fixture.server);
  {
    g_autoptr(GPtrArray) listed = http_list (mid, ALICE, NULL);

    g_assert_cmpuint (listed->len, ==, 1);
    g_assert_true (has (listed, shared_id));
  }
}

/* Set-up */

static void
fixture_set_up (void)
{
  static const char *config[] = {
    "limits", "annotations-per-user", G_STRINGIFY (MAX_COUNT),
    "limits", "annotation-bytes-per-user", G_STRINGIFY (MAX_BYTES),
    NULL
  };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  QmAccountRoles roles[N_ACCOUNTS] = { 0 };
  const char *created[N_ACCOUNTS];
  g_autoptr(GBytes) pdf = qm_test_make_pdf (DOC_PAGES, "Annotated document", 1);
  g_autoptr(GBytes) loose_pdf = qm_test_make_pdf (2, "Loose document", 2);
  g_autoptr(QmDocument) doc = NULL;
  g_autoptr(QmDocument) loose = NULL;
  g_autoptr(QmUser) me = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT], (gpointer) qm_user_parse);
  fixture.ids[ROOT] = me->id;
  memcpy (created, names, sizeof created);
  created[ROOT] = NULL;
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, created, roles,
                        PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_ACCOUNTS, created, PASSWORD, fixture.tokens);
  doc = qm_test_upload (fixture.server, fixture.tokens[ROOT], "annotated.pdf", pdf);
  fixture.doc = g_strdup (doc->id);
  loose = qm_test_upload (fixture.server, fixture.tokens[ROOT], "loose.pdf", loose_pdf);
  fixture.loose = g_strdup (loose->id);
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  g_clear_pointer (&fixture.doc, g_free);
  g_clear_pointer (&fixture.loose, g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/annotations/visibility/private", test_private);
  g_test_add_func ("/quorum/annotations/visibility/shared", test_shared);
  g_test_add_func ("/quorum/annotations/visibility/made-private", test_made_private);
  g_test_add_func ("/quorum/annotations/revs", test_revs);
  g_test_add_func ("/quorum/annotations/not-author", test_not_author);
  g_test_add_func ("/quorum/annotations/bounds", test_bounds);
  g_test_add_func ("/quorum/annotations/delete", test_delete);
  g_test_add_func ("/quorum/annotations/limits", test_limits);
  /* Last: it restarts the shared server. */
  g_test_add_func ("/quorum/annotations/restart", test_restart);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
