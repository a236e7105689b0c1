/* test-protocol-messages.c: every message of the live channel survives
 * serialisation and parsing, with ids, replies and text intact.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <quorum/quorum-protocol.h>

#include <string.h>

#define DOCID_A "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define DOCID_B "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define UUID_A  "3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f"
#define UUID_B  "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
#define VIETNAMESE "Họp UBND tỉnh — phiên thường kỳ"

/* {{{ Helpers */

static JsonNode *
int_node (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
string_node (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

static void
assert_nodes_equal (JsonNode *a,
                    JsonNode *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_null (a);
      g_assert_null (b);
      return;
    }
  if (!json_node_equal (a, b))
    {
      g_autofree char *ta = json_to_string (a, FALSE);
      g_autofree char *tb = json_to_string (b, FALSE);

      g_error ("JSON differs:\n  %s\n  %s", ta, tb);
    }
}

/* Nested objects are compared through their codecs, which
 * test-protocol-codec checks field by field. */
#define ASSERT_SAME_OBJECT(t, a, b)                      \
  G_STMT_START {                                         \
    g_autoptr(JsonNode) so_a = NULL;                     \
    g_autoptr(JsonNode) so_b = NULL;                     \
                                                         \
    g_assert_nonnull ((a));                              \
    g_assert_nonnull ((b));                              \
    so_a = t##_to_json ((a));                            \
    so_b = t##_to_json ((b));                            \
    assert_nodes_equal (so_a, so_b);                     \
  } G_STMT_END

static void
assert_int_arrays_equal (GArray *a,
                         GArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
append_ids (GArray      *array,
            const gint64 *ids,
            guint        n_ids)
{
  g_array_append_vals (array, ids, n_ids);
}

static QmParticipant *
make_participant (gint64        user_id,
                  QmMeetingRole role,
                  gint64        proxy_holder)
{
  QmParticipant *participant = qm_participant_new ();

  participant->user_id = user_id;
  participant->display_name = g_strdup_printf ("Đại biểu %" G_GINT64_FORMAT, user_id);
  participant->role = role;
  participant->proxy_holder = proxy_holder;
  return participant;
}

/* The builders clear each array before setting it: a _new () may hand
 * them out already allocated and empty. */
static QmMeeting *
make_meeting (gboolean with_participants)
{
  QmMeeting *meeting = qm_meeting_new ();
  QmAgendaItem *item = qm_agenda_item_new ();
  QmItemDocument *document = qm_item_document_new ();

  meeting->id = 17;
  meeting->title = g_strdup (VIETNAMESE);
  meeting->starts_at = g_strdup ("2026-12-01T09:00:00+07:00");
  meeting->location = g_strdup ("Phòng họp số 2");
  meeting->require_quorum = TRUE;
  if (with_participants)
    {
      g_clear_pointer (&meeting->participants, g_ptr_array_unref);
      meeting->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
      g_ptr_array_add (meeting->participants, make_participant (1, QM_MEETING_ROLE_CHAIR, 0));
      g_ptr_array_add (meeting->participants, make_participant (3, QM_MEETING_ROLE_DELEGATE, 4));
      g_ptr_array_add (meeting->participants, make_participant (4, QM_MEETING_ROLE_DELEGATE, 0));
    }
  else
    {
      g_clear_pointer (&meeting->participants, g_ptr_array_unref);
    }

  document->id = g_strdup (DOCID_A);
  document->title = g_strdup ("Tờ trình");
  document->pages = 12;
  document->bytes = 345678;
  item->id = 31;
  item->position = 0;
  item->title = g_strdup ("Thông qua dự toán");
  g_free (item->description);
  item->description = g_strdup ("Biểu quyết");
  g_clear_pointer (&item->documents, g_ptr_array_unref);
  item->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_item_document_free);
  g_ptr_array_add (item->documents, document);
  g_clear_pointer (&meeting->agenda, g_ptr_array_unref);
  meeting->agenda = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_agenda_item_free);
  g_ptr_array_add (meeting->agenda, item);
  return meeting;
}

static QmVote *
make_open_vote (void)
{
  QmVote *vote = qm_vote_new ();

  vote->id = 10;
  vote->question = g_strdup ("Thông qua nghị quyết về " VIETNAMESE "?");
  vote->item = 31;
  vote->secret = FALSE;
  vote->majority = QM_MAJORITY_ABSOLUTE;
  vote->status = QM_VOTE_STATUS_OPEN;
  vote->eligible = 3;
  vote->cast = 1;
  vote->opened_at = g_strdup ("2026-12-01T02:10:00.000Z");
  return vote;
}

static QmAnnotation *
make_ink (gint64 author)
{
  QmAnnotation *annotation = qm_annotation_new ();
  const QmInkPoint points[] = { { 10, 20, -1 }, { 30.5, 40.25, 0.5 }, { 0, 14400, 1 } };
  GArray *stroke = g_array_new (FALSE, TRUE, sizeof (QmInkPoint));

  g_array_append_vals (stroke, points, G_N_ELEMENTS (points));
  annotation->id = g_strdup (UUID_A);
  annotation->doc = g_strdup (DOCID_A);
  annotation->page = 3;
  annotation->kind = QM_ANNOTATION_INK;
  annotation->shared = TRUE;
  annotation->rev = 1;
  annotation->author = author;
  g_strlcpy (annotation->color, "#ff0000", sizeof annotation->color);
  annotation->width = 2.5;
  g_clear_pointer (&annotation->strokes, g_ptr_array_unref);
  annotation->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (annotation->strokes, stroke);
  return annotation;
}

static QmAnnotation *
make_highlight (gint64 author)
{
  QmAnnotation *annotation = qm_annotation_new ();
  const QmQuad quad = { 72, 100, 300.5, 112 };

  annotation->id = g_strdup (UUID_B);
  annotation->doc = g_strdup (DOCID_B);
  annotation->page = 2;
  annotation->kind = QM_ANNOTATION_HIGHLIGHT;
  annotation->shared = FALSE;
  annotation->rev = 5;
  annotation->author = author;
  g_strlcpy (annotation->color, "#ffee00", sizeof annotation->color);
  g_clear_pointer (&annotation->quads, g_array_unref);
  annotation->quads = g_array_new (FALSE, TRUE, sizeof (QmQuad));
  g_array_append_val (annotation->quads, quad);
  return annotation;
}

static QmAnnotation *
make_note (gint64 author)
{
  QmAnnotation *annotation = qm_annotation_new ();

  annotation->id = g_strdup (UUID_A);
  annotation->doc = g_strdup (DOCID_A);
  annotation->page = 7;
  annotation->kind = QM_ANNOTATION_NOTE;
  annotation->shared = TRUE;
  annotation->rev = 2;
  annotation->author = author;
  annotation->x = 56.5;
  annotation->y = 700;
  annotation->text = g_strdup (VIETNAMESE);
  return annotation;
}

static JsonObject *
text_to_object (const char *text,
                gsize       length,
                JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* Serialises, checks the text against qm_message_to_json, parses it back
 * as from @origin and checks what every message type shares. */
static QmMessage *
round_trip (const QmMessage *message,
            QmOrigin         origin)
{
  gsize length = 0;
  g_autofree char *text = qm_message_serialize (message, &length);
  g_autoptr(JsonNode) node = qm_message_to_json (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out_id = NULL;
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(QmMessage) copy = NULL;
  g_autoptr(JsonNode) parsed_node = NULL;
  g_autoptr(JsonNode) copy_node = NULL;
  JsonObject *object;

  g_assert_nonnull (text);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_true (g_utf8_validate (text, length, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  object = text_to_object (text, length, parser);
  assert_nodes_equal (node, json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==,
                   qm_message_type_to_string (message->type));
  if (qm_message_type_is_event (message->type) || message->type == QM_MESSAGE_WELCOME)
    g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, message->seq);

  parsed = qm_message_parse (text, length, origin, &out_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpint (parsed->type, ==, message->type);
  g_assert_cmpint (parsed->seq, ==, message->seq);
  assert_nodes_equal (message->id, parsed->id);
  assert_nodes_equal (message->re, parsed->re);
  assert_nodes_equal (message->id, out_id);

  /* The parsed message says exactly the same again, and so does a copy */
  parsed_node = qm_message_to_json (parsed);
  assert_nodes_equal (node, parsed_node);
  copy = qm_message_copy (parsed);
  g_assert_nonnull (copy);
  copy_node = qm_message_to_json (copy);
  assert_nodes_equal (node, copy_node);

  return g_steal_pointer (&parsed);
}

/* }}} */

/* {{{ Fill and check, one pair per message type */

typedef void (*FillFunc)  (QmMessage *message);
typedef void (*CheckFunc) (const QmMessage *expected,
                           const QmMessage *parsed);

static void
fill_hello (QmMessage *m)
{
  m->id = int_node (1);
  m->hello.token = g_strdup ("q1.AbCdEf0123456789-_xyz");
  m->hello.has_resume_from = TRUE;
  m->hello.resume_from = 41;
  m->hello.epoch = g_strdup ("7f3a9c2e-epoch");
}

static void
check_hello (const QmMessage *e,
             const QmMessage *p)
{
  g_assert_cmpstr (p->hello.token, ==, e->hello.token);
  g_assert_cmpint (!!p->hello.has_resume_from, ==, !!e->hello.has_resume_from);
  g_assert_cmpint (p->hello.resume_from, ==, e->hello.resume_from);
  g_assert_cmpstr (p->hello.epoch, ==, e->hello.epoch);
}

static void
fill_present (QmMessage *m)
{
  m->id = string_node ("c-2");
  m->page.doc = g_strdup (DOCID_A);
  m->page.page = 12;
}

static void
check_present (const QmMessage *e,
               const QmMessage *p)
{
  g_assert_cmpstr (p->page.doc, ==, e->page.doc);
  g_assert_cmpint (p->page.page, ==, e->page.page);
}

static void
fill_presenter_set (QmMessage *m)
{
  m->id = int_node (3);
  m->presenter.user = 4;
}

static void
check_presenter (const QmMessage *e,
                 const QmMessage *p)
{
  g_assert_cmpint (p->presenter.user, ==, e->presenter.user);
}

static void
fill_vote_open (QmMessage *m)
{
  m->id = int_node (4);
  m->vote_open.question = g_strdup (VIETNAMESE);
  m->vote_open.item = 31;
  m->vote_open.secret = TRUE;
  m->vote_open.majority = QM_MAJORITY_TWO_THIRDS;
  m->vote_open.force = TRUE;
}

static void
check_vote_open (const QmMessage *e,
                 const QmMessage *p)
{
  g_assert_cmpstr (p->vote_open.question, ==, e->vote_open.question);
  g_assert_cmpint (p->vote_open.item, ==, e->vote_open.item);
  g_assert_cmpint (!!p->vote_open.secret, ==, !!e->vote_open.secret);
  g_assert_cmpint (p->vote_open.majority, ==, e->vote_open.majority);
  g_assert_cmpint (!!p->vote_open.force, ==, !!e->vote_open.force);
}

static void
fill_vote_cast (QmMessage *m)
{
  m->id = string_node ("cast-1");
  m->vote_cast.vote = 9;
  m->vote_cast.choice = QM_CHOICE_NO;
}

static void
fill_vote_cast_proxy (QmMessage *m)
{
  m->id = int_node (6);
  m->vote_cast.vote = 9;
  m->vote_cast.choice = QM_CHOICE_ABSTAIN;
  m->vote_cast.for_user = 4;
}

static void
check_vote_cast (const QmMessage *e,
                 const QmMessage *p)
{
  g_assert_cmpint (p->vote_cast.vote, ==, e->vote_cast.vote);
  g_assert_cmpint (p->vote_cast.choice, ==, e->vote_cast.choice);
  g_assert_cmpint (p->vote_cast.for_user, ==, e->vote_cast.for_user);
}

static void
fill_vote_close (QmMessage *m)
{
  m->id = int_node (7);
  m->vote_close.vote = QM_MAX_ID;
}

static void
check_vote_close (const QmMessage *e,
                  const QmMessage *p)
{
  g_assert_cmpint (p->vote_close.vote, ==, e->vote_close.vote);
}

static void
fill_annotation_put (QmMessage *m)
{
  m->id = int_node (8);
  g_clear_pointer (&m->annotation.annotation, qm_annotation_free);
  m->annotation.annotation = make_ink (0);
}

static void
fill_annotation (QmMessage *m)
{
  m->seq = 20;
  g_clear_pointer (&m->annotation.annotation, qm_annotation_free);
  m->annotation.annotation = make_note (12);
}

static void
check_annotation (const QmMessage *e,
                  const QmMessage *p)
{
  ASSERT_SAME_OBJECT (qm_annotation, e->annotation.annotation, p->annotation.annotation);
  g_assert_cmpstr (p->annotation.annotation->id, ==, e->annotation.annotation->id);
  g_assert_cmpint (p->annotation.annotation->author, ==, e->annotation.annotation->author);
  g_assert_cmpint (p->annotation.annotation->kind, ==, e->annotation.annotation->kind);
}

static void
fill_annotation_delete (QmMessage *m)
{
  m->id = int_node (9);
  m->annotation_deleted.id = g_strdup (UUID_B);
}

static void
fill_annotation_deleted (QmMessage *m)
{
  m->seq = 21;
  m->annotation_deleted.id = g_strdup (UUID_A);
}

static void
check_annotation_deleted (const QmMessage *e,
                          const QmMessage *p)
{
  g_assert_cmpstr (p->annotation_deleted.id, ==, e->annotation_deleted.id);
}

static void
fill_id_only (QmMessage *m)
{
  m->id = string_node ("ping-7");
}

static void
fill_nothing (QmMessage *m)
{
}

static void
check_nothing (const QmMessage *e,
               const QmMessage *p)
{
}

static void
fill_welcome (QmMessage *m)
{
  QmWelcome *w = &m->welcome;
  const gint64 online[] = { 1, 3, 4 };
  const gint64 queue[] = { 4, 3 };

  m->seq = 42;
  w->epoch = g_strdup ("7f3a9c2e-epoch");
  w->now = g_strdup ("2026-12-01T02:00:00.123Z");
  w->server_version = g_strdup ("0.1.0");
  g_ptr_array_add (w->features, g_strdup ("vote.cast.proxy"));
  g_ptr_array_add (w->features, g_strdup ("quorum"));
  w->you_user = 3;
  w->you_role = QM_MEETING_ROLE_DELEGATE;
  g_clear_pointer (&w->meeting, qm_meeting_free);
  w->meeting = make_meeting (TRUE);
  w->presenter_user = 1;
  w->presenter_doc = g_strdup (DOCID_A);
  w->presenter_page = 5;
  append_ids (w->online, online, G_N_ELEMENTS (online));
  g_ptr_array_add (w->votes, make_open_vote ());
  w->speakers.current = 4;
  w->speakers.since = g_strdup ("2026-12-01T01:59:00.000Z");
  append_ids (w->speakers.queue, queue, G_N_ELEMENTS (queue));
  g_ptr_array_add (w->annotations, make_ink (3));
  g_ptr_array_add (w->annotations, make_highlight (1));
  w->resumed = TRUE;
  w->has_quorum = TRUE;
  w->quorum.present = 5;
  w->quorum.voting_present = 4;
  w->quorum.voting_total = 7;
  w->quorum.reached = TRUE;
  w->following = g_array_new (FALSE, FALSE, sizeof (gint64));
  append_ids (w->following, queue, G_N_ELEMENTS (queue));
}

static void
check_speakers (const QmSpeakers *e,
                const QmSpeakers *p)
{
  g_assert_cmpint (p->current, ==, e->current);
  g_assert_cmpstr (p->since, ==, e->since);
  assert_int_arrays_equal (e->queue, p->queue);
}

static void
check_welcome (const QmMessage *em,
               const QmMessage *pm)
{
  const QmWelcome *e = &em->welcome;
  const QmWelcome *p = &pm->welcome;

  g_assert_cmpstr (p->epoch, ==, e->epoch);
  g_assert_cmpstr (p->now, ==, e->now);
  g_assert_cmpstr (p->server_version, ==, e->server_version);
  g_assert_nonnull (p->features);
  g_assert_cmpuint (p->features->len, ==, e->features->len);
  for (guint i = 0; i < e->features->len; i++)
    g_assert_cmpstr (g_ptr_array_index (p->features, i), ==, g_ptr_array_index (e->features, i));
  g_assert_cmpint (p->you_user, ==, e->you_user);
  g_assert_cmpint (p->you_role, ==, e->you_role);
  ASSERT_SAME_OBJECT (qm_meeting, e->meeting, p->meeting);
  g_assert_nonnull (p->meeting->participants);
  g_assert_cmpuint (p->meeting->participants->len, ==, e->meeting->participants->len);
  g_assert_cmpint (p->presenter_user, ==, e->presenter_user);
  g_assert_cmpstr (p->presenter_doc, ==, e->presenter_doc);
  g_assert_cmpint (p->presenter_page, ==, e->presenter_page);
  assert_int_arrays_equal (e->online, p->online);
  g_assert_nonnull (p->votes);
  g_assert_cmpuint (p->votes->len, ==, e->votes->len);
  for (guint i = 0; i < e->votes->len; i++)
    ASSERT_SAME_OBJECT (qm_vote, (QmVote *) g_ptr_array_index (e->votes, i),
                        (QmVote *) g_ptr_array_index (p->votes, i));
  check_speakers (&e->speakers, &p->speakers);
  g_assert_nonnull (p->annotations);
  g_assert_cmpuint (p->annotations->len, ==, e->annotations->len);
  for (guint i = 0; i < e->annotations->len; i++)
    ASSERT_SAME_OBJECT (qm_annotation, (QmAnnotation *) g_ptr_array_index (e->annotations, i),
                        (QmAnnotation *) g_ptr_array_index (p->annotations, i));
  g_assert_cmpint (!!p->resumed, ==, !!e->resumed);
  g_assert_cmpint (!!p->has_quorum, ==, !!e->has_quorum);
  g_assert_cmpint (p->quorum.present, ==, e->quorum.present);
  g_assert_cmpint (p->quorum.voting_present, ==, e->quorum.voting_present);
  g_assert_cmpint (p->quorum.voting_total, ==, e->quorum.voting_total);
  g_assert_cmpint (!!p->quorum.reached, ==, !!e->quorum.reached);
  g_assert_cmpint (p->following != NULL, ==, e->following != NULL);
  if (e->following != NULL)
    assert_int_arrays_equal (e->following, p->following);
}

static void
fill_reply (QmMessage *m)
{
  m->re = int_node (5);
  m->reply.vote = 10;
  g_clear_pointer (&m->reply.annotation, qm_annotation_free);
  m->reply.annotation = make_note (3);
}

static void
check_reply (const QmMessage *e,
             const QmMessage *p)
{
  g_assert_cmpint (p->reply.vote, ==, e->reply.vote);
  if (e->reply.annotation != NULL)
    ASSERT_SAME_OBJECT (qm_annotation, e->reply.annotation, p->reply.annotation);
  else
    g_assert_null (p->reply.annotation);
}

static void
fill_error (QmMessage *m)
{
  m->re = string_node ("c-9");
  m->error.code = g_strdup ("conflict");
  m->error.message = g_strdup ("Stale revision: " VIETNAMESE);
  g_clear_pointer (&m->error.annotation, qm_annotation_free);
  m->error.annotation = make_highlight (3);
}

static void
check_error (const QmMessage *e,
             const QmMessage *p)
{
  g_assert_cmpstr (p->error.code, ==, e->error.code);
  g_assert_cmpstr (p->error.message, ==, e->error.message);
  if (e->error.annotation != NULL)
    ASSERT_SAME_OBJECT (qm_annotation, e->error.annotation, p->error.annotation);
  else
    g_assert_null (p->error.annotation);
}

static void
fill_pong (QmMessage *m)
{
  m->re = int_node (77);
}

static void
fill_page (QmMessage *m)
{
  m->seq = 12;
  m->page.doc = g_strdup (DOCID_B);
  m->page.page = QM_MAX_PAGE;
  m->page.by = 1;
}

static void
check_page (const QmMessage *e,
            const QmMessage *p)
{
  check_present (e, p);
  g_assert_cmpint (p->page.by, ==, e->page.by);
}

static void
fill_presenter (QmMessage *m)
{
  m->seq = 13;
  m->presenter.user = 4;
}

static void
fill_presence (QmMessage *m)
{
  const gint64 joined[] = { 3, 5, QM_MAX_ID };
  const gint64 left[] = { 6 };

  m->seq = 14;
  append_ids (m->presence.joined, joined, G_N_ELEMENTS (joined));
  append_ids (m->presence.left, left, G_N_ELEMENTS (left));
}

static void
check_presence (const QmMessage *e,
                const QmMessage *p)
{
  assert_int_arrays_equal (e->presence.joined, p->presence.joined);
  assert_int_arrays_equal (e->presence.left, p->presence.left);
}

static void
fill_agenda (QmMessage *m)
{
  m->seq = 15;
  g_clear_pointer (&m->agenda.meeting, qm_meeting_free);
  m->agenda.meeting = make_meeting (FALSE);
}

static void
check_agenda (const QmMessage *e,
              const QmMessage *p)
{
  ASSERT_SAME_OBJECT (qm_meeting, e->agenda.meeting, p->agenda.meeting);
  g_assert_null (p->agenda.meeting->participants);
  g_assert_cmpstr (p->agenda.meeting->title, ==, VIETNAMESE);
  g_assert_cmpuint (p->agenda.meeting->agenda->len, ==, 1);
}

static void
fill_participants (QmMessage *m)
{
  const gint64 removed[] = { 7, 8 };

  m->seq = 16;
  g_ptr_array_add (m->participants.set, make_participant (3, QM_MEETING_ROLE_DELEGATE, 4));
  g_ptr_array_add (m->participants.set, make_participant (5, QM_MEETING_ROLE_OBSERVER, 0));
  append_ids (m->participants.removed, removed, G_N_ELEMENTS (removed));
}

static void
check_participants (const QmMessage *e,
                    const QmMessage *p)
{
  g_assert_nonnull (p->participants.set);
  g_assert_cmpuint (p->participants.set->len, ==, e->participants.set->len);
  for (guint i = 0; i < e->participants.set->len; i++)
    {
      const QmParticipant *a = g_ptr_array_index (e->participants.set, i);
      const QmParticipant *b = g_ptr_array_index (p->participants.set, i);

      g_assert_cmpint (b->user_id, ==, a->user_id);
      g_assert_cmpstr (b->display_name, ==, a->display_name);
      g_assert_cmpint (b->role, ==, a->role);
      g_assert_cmpint (b->proxy_holder, ==, a->proxy_holder);
    }
  assert_int_arrays_equal (e->participants.removed, p->participants.removed);
}

static void
fill_vote_opened (QmMessage *m)
{
  m->seq = 17;
  g_clear_pointer (&m->vote_opened.vote, qm_vote_free);
  m->vote_opened.vote = make_open_vote ();
}

static void
check_vote_opened (const QmMessage *e,
                   const QmMessage *p)
{
  ASSERT_SAME_OBJECT (qm_vote, e->vote_opened.vote, p->vote_opened.vote);
  g_assert_cmpint (p->vote_opened.vote->id, ==, 10);
  g_assert_cmpint (p->vote_opened.vote->status, ==, QM_VOTE_STATUS_OPEN);
  g_assert_null (p->vote_opened.vote->closed_at);
  g_assert_false (p->vote_opened.vote->has_result);
}

static void
fill_vote_progress (QmMessage *m)
{
  m->seq = 18;
  m->vote_progress.vote = 10;
  m->vote_progress.cast = 3;
  m->vote_progress.eligible = 5;
  m->vote_progress.has_counts = TRUE;
  m->vote_progress.yes = 2;
  m->vote_progress.no = 1;
  m->vote_progress.abstain = 0;
}

static void
check_vote_progress (const QmMessage *e,
                     const QmMessage *p)
{
  g_assert_cmpint (p->vote_progress.vote, ==, e->vote_progress.vote);
  g_assert_cmpint (p->vote_progress.cast, ==, e->vote_progress.cast);
  g_assert_cmpint (p->vote_progress.eligible, ==, e->vote_progress.eligible);
  g_assert_cmpint (!!p->vote_progress.has_counts, ==, !!e->vote_progress.has_counts);
  if (e->vote_progress.has_counts)
    {
      g_assert_cmpint (p->vote_progress.yes, ==, e->vote_progress.yes);
      g_assert_cmpint (p->vote_progress.no, ==, e->vote_progress.no);
      g_assert_cmpint (p->vote_progress.abstain, ==, e->vote_progress.abstain);
    }
}

static void
fill_vote_closed (QmMessage *m)
{
  m->seq = 19;
  m->vote_closed.vote = 9;
  m->vote_closed.result.yes = 7;
  m->vote_closed.result.no = 2;
  m->vote_closed.result.abstain = 1;
  m->vote_closed.result.cast = 10;
  m->vote_closed.result.eligible = 12;
  m->vote_closed.result.passed = TRUE;
}

static void
check_vote_closed (const QmMessage *e,
                   const QmMessage *p)
{
  g_assert_cmpint (p->vote_closed.vote, ==, e->vote_closed.vote);
  g_assert_cmpint (p->vote_closed.result.yes, ==, e->vote_closed.result.yes);
  g_assert_cmpint (p->vote_closed.result.no, ==, e->vote_closed.result.no);
  g_assert_cmpint (p->vote_closed.result.abstain, ==, e->vote_closed.result.abstain);
  g_assert_cmpint (p->vote_closed.result.cast, ==, e->vote_closed.result.cast);
  g_assert_cmpint (p->vote_closed.result.eligible, ==, e->vote_closed.result.eligible);
  g_assert_cmpint (!!p->vote_closed.result.passed, ==, !!e->vote_closed.result.passed);
}

static void
fill_speakers (QmMessage *m)
{
  const gint64 queue[] = { 5, 4, 9 };

  m->seq = 22;
  m->speakers.current = 3;
  m->speakers.since = g_strdup ("2026-12-01T02:05:00.000Z");
  append_ids (m->speakers.queue, queue, G_N_ELEMENTS (queue));
}

static void
check_speakers_message (const QmMessage *e,
                        const QmMessage *p)
{
  check_speakers (&e->speakers, &p->speakers);
}

static void
fill_quorum (QmMessage *m)
{
  m->seq = 23;
  m->quorum.present = 30;
  m->quorum.voting_present = 25;
  m->quorum.voting_total = 40;
  m->quorum.reached = TRUE;
}

static void
check_quorum (const QmMessage *e,
              const QmMessage *p)
{
  g_assert_cmpint (p->quorum.present, ==, e->quorum.present);
  g_assert_cmpint (p->quorum.voting_present, ==, e->quorum.voting_present);
  g_assert_cmpint (p->quorum.voting_total, ==, e->quorum.voting_total);
  g_assert_cmpint (!!p->quorum.reached, ==, !!e->quorum.reached);
}

static void
fill_follow_set (QmMessage *m)
{
  m->id = string_node ("follow-1");
  m->follow_set.following = TRUE;
}

static void
check_follow_set (const QmMessage *e,
                  const QmMessage *p)
{
  g_assert_cmpint (!!p->follow_set.following, ==, !!e->follow_set.following);
}

static void
fill_following (QmMessage *m)
{
  const gint64 users[] = { 2, 7, QM_MAX_ID };

  m->seq = 24;
  append_ids (m->following.users, users, G_N_ELEMENTS (users));
}

static void
check_following (const QmMessage *e,
                 const QmMessage *p)
{
  assert_int_arrays_equal (e->following.users, p->following.users);
}

typedef struct
{
  QmMessageType  type;
  const char    *wire;
  QmOrigin       origin;
  gboolean       is_event;
  FillFunc       fill;
  CheckFunc      check;
} TypeRow;

/* In enum order, so a type added without a row here fails /types. */
static const TypeRow type_rows[] = {
  { QM_MESSAGE_HELLO, "hello", QM_ORIGIN_CLIENT, FALSE, fill_hello, check_hello },
  { QM_MESSAGE_PRESENT, "present", QM_ORIGIN_CLIENT, FALSE, fill_present, check_present },
  { QM_MESSAGE_PRESENTER_SET, "presenter.set", QM_ORIGIN_CLIENT, FALSE, fill_presenter_set, check_presenter },
  { QM_MESSAGE_VOTE_OPEN, "vote.open", QM_ORIGIN_CLIENT, FALSE, fill_vote_open, check_vote_open },
  { QM_MESSAGE_VOTE_CAST, "vote.cast", QM_ORIGIN_CLIENT, FALSE, fill_vote_cast, check_vote_cast },
  { QM_MESSAGE_VOTE_CAST_PROXY, "vote.cast.proxy", QM_ORIGIN_CLIENT, FALSE, fill_vote_cast_proxy, check_vote_cast },
  { QM_MESSAGE_VOTE_CLOSE, "vote.close", QM_ORIGIN_CLIENT, FALSE, fill_vote_close, check_vote_close },
  { QM_MESSAGE_ANNOTATION_PUT, "annotation.put", QM_ORIGIN_CLIENT, FALSE, fill_annotation_put, check_annotation },
  { QM_MESSAGE_ANNOTATION_DELETE, "annotation.delete", QM_ORIGIN_CLIENT, FALSE, fill_annotation_delete, check_annotation_deleted },
  { QM_MESSAGE_SPEAK_REQUEST, "speak.request", QM_ORIGIN_CLIENT, FALSE, fill_id_only, check_nothing },
  { QM_MESSAGE_SPEAK_WITHDRAW, "speak.withdraw", QM_ORIGIN_CLIENT, FALSE, fill_nothing, check_nothing },
  { QM_MESSAGE_SPEAK_NEXT, "speak.next", QM_ORIGIN_CLIENT, FALSE, fill_id_only, check_nothing },
  { QM_MESSAGE_PING, "ping", QM_ORIGIN_CLIENT, FALSE, fill_id_only, check_nothing },
  { QM_MESSAGE_WELCOME, "welcome", QM_ORIGIN_SERVER, FALSE, fill_welcome, check_welcome },
  { QM_MESSAGE_REPLY, "reply", QM_ORIGIN_SERVER, FALSE, fill_reply, check_reply },
  { QM_MESSAGE_ERROR, "error", QM_ORIGIN_SERVER, FALSE, fill_error, check_error },
  { QM_MESSAGE_PONG, "pong", QM_ORIGIN_SERVER, FALSE, fill_pong, check_nothing },
  { QM_MESSAGE_PAGE, "page", QM_ORIGIN_SERVER, TRUE, fill_page, check_page },
  { QM_MESSAGE_PRESENTER, "presenter", QM_ORIGIN_SERVER, TRUE, fill_presenter, check_presenter },
  { QM_MESSAGE_PRESENCE, "presence", QM_ORIGIN_SERVER, TRUE, fill_presence, check_presence },
  { QM_MESSAGE_AGENDA, "agenda", QM_ORIGIN_SERVER, TRUE, fill_agenda, check_agenda },
  { QM_MESSAGE_PARTICIPANTS, "participants", QM_ORIGIN_SERVER, TRUE, fill_participants, check_participants },
  { QM_MESSAGE_VOTE_OPENED, "vote.opened", QM_ORIGIN_SERVER, TRUE, fill_vote_opened, check_vote_opened },
  { QM_MESSAGE_VOTE_PROGRESS, "vote.progress", QM_ORIGIN_SERVER, TRUE, fill_vote_progress, check_vote_progress },
  { QM_MESSAGE_VOTE_CLOSED, "vote.closed", QM_ORIGIN_SERVER, TRUE, fill_vote_closed, check_vote_closed },
  { QM_MESSAGE_ANNOTATION, "annotation", QM_ORIGIN_SERVER, TRUE, fill_annotation, check_annotation },
  { QM_MESSAGE_ANNOTATION_DELETED, "annotation.deleted", QM_ORIGIN_SERVER, TRUE, fill_annotation_deleted, check_annotation_deleted },
  { QM_MESSAGE_SPEAKERS, "speakers", QM_ORIGIN_SERVER, TRUE, fill_speakers, check_speakers_message },
  { QM_MESSAGE_QUORUM, "quorum", QM_ORIGIN_SERVER, TRUE, fill_quorum, check_quorum },
  { QM_MESSAGE_FOLLOW_SET, "follow.set", QM_ORIGIN_CLIENT, FALSE, fill_follow_set, check_follow_set },
  { QM_MESSAGE_FOLLOWING, "following", QM_ORIGIN_SERVER, TRUE, fill_following, check_following },
};

/* }}} */

static void
test_round_trip (gconstpointer data)
{
  const TypeRow *row = data;
  g_autoptr(QmMessage) message = qm_message_new (row->type);
  g_autoptr(QmMessage) parsed = NULL;

  g_assert_nonnull (message);
  g_assert_cmpint (message->type, ==, row->type);
  row->fill (message);
  parsed = round_trip (message, row->origin);
  row->check (message, parsed);
}

static void
test_types (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (type_rows), ==, QM_N_MESSAGE_TYPES);

  for (guint i = 0; i < G_N_ELEMENTS (type_rows); i++)
    {
      const TypeRow *row = &type_rows[i];
      QmMessageType type = QM_N_MESSAGE_TYPES;

      g_assert_cmpint (row->type, ==, (QmMessageType) i);
      g_assert_cmpstr (qm_message_type_to_string (row->type), ==, row->wire);
      g_assert_true (qm_message_type_from_string (row->wire, &type));
      g_assert_cmpint (type, ==, row->type);
      g_assert_cmpint (!!qm_message_type_is_command (row->type), ==, row->origin == QM_ORIGIN_CLIENT);
      g_assert_cmpint (!!qm_message_type_is_event (row->type), ==, !!row->is_event);
    }

  {
    const char *bad[] = { "", "dance", "PING", "Ping", "vote", "vote.", "vote.cast.", "hello ", "welcome2" };
    QmMessageType type;

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      g_assert_false (qm_message_type_from_string (bad[i], &type));
  }
}

/* {{{ Variants the table does not cover */

static void
test_hello_minimal (void)
{
  const char *text = "{\"type\":\"hello\",\"token\":\"abc\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(QmMessage) hello = qm_message_parse (text, strlen (text), QM_ORIGIN_CLIENT, &id, &error);
  g_autoptr(QmMessage) from_zero = qm_message_new (QM_MESSAGE_HELLO);
  g_autoptr(QmMessage) parsed = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hello->type, ==, QM_MESSAGE_HELLO);
  g_assert_cmpstr (hello->hello.token, ==, "abc");
  g_assert_false (hello->hello.has_resume_from);
  g_assert_null (hello->hello.epoch);
  g_assert_null (hello->id);
  g_assert_null (id);
  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (hello, QM_ORIGIN_CLIENT);
  check_hello (hello, parsed);

  /* resume_from 0 is a real value: "I have seen nothing yet" */
  from_zero->hello.token = g_strdup ("t");
  from_zero->hello.has_resume_from = TRUE;
  from_zero->hello.resume_from = 0;
  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (from_zero, QM_ORIGIN_CLIENT);
  g_assert_true (parsed->hello.has_resume_from);
  g_assert_cmpint (parsed->hello.resume_from, ==, 0);
}

static void
test_vote_open_variants (void)
{
  const char *with_null =
    "{\"type\":\"vote.open\",\"question\":\"Q?\",\"item\":null,\"secret\":false,\"majority\":\"simple\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) open = qm_message_parse (with_null, strlen (with_null), QM_ORIGIN_CLIENT, NULL, &error);
  g_autoptr(QmMessage) parsed = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (open->vote_open.question, ==, "Q?");
  g_assert_cmpint (open->vote_open.item, ==, 0);
  g_assert_false (open->vote_open.secret);
  g_assert_cmpint (open->vote_open.majority, ==, QM_MAJORITY_SIMPLE);
  g_assert_false (open->vote_open.force);
  parsed = round_trip (open, QM_ORIGIN_CLIENT);
  check_vote_open (open, parsed);

  for (QmMajority majority = QM_MAJORITY_SIMPLE; majority <= QM_MAJORITY_TWO_THIRDS; majority++)
    {
      g_clear_pointer (&parsed, qm_message_free);
      open->vote_open.majority = majority;
      parsed = round_trip (open, QM_ORIGIN_CLIENT);
      g_assert_cmpint (parsed->vote_open.majority, ==, majority);
    }
}

static void
test_vote_cast_wire (void)
{
  const char *proxy = "{\"type\":\"vote.cast.proxy\",\"vote\":9,\"choice\":\"yes\",\"for\":4,\"id\":2}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (proxy, strlen (proxy), QM_ORIGIN_CLIENT, NULL, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpint (message->type, ==, QM_MESSAGE_VOTE_CAST_PROXY);
  g_assert_cmpint (message->vote_cast.vote, ==, 9);
  g_assert_cmpint (message->vote_cast.choice, ==, QM_CHOICE_YES);
  g_assert_cmpint (message->vote_cast.for_user, ==, 4);

  node = qm_message_to_json (message);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "for"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (object, "vote"), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (object, "choice"), ==, "yes");

  for (QmChoice choice = QM_CHOICE_YES; choice <= QM_CHOICE_ABSTAIN; choice++)
    {
      g_autoptr(QmMessage) cast = qm_message_new (QM_MESSAGE_VOTE_CAST);
      g_autoptr(QmMessage) parsed = NULL;

      cast->vote_cast.vote = 1;
      cast->vote_cast.choice = choice;
      parsed = round_trip (cast, QM_ORIGIN_CLIENT);
      g_assert_cmpint (parsed->vote_cast.choice, ==, choice);
    }
}

static void
test_annotation_kinds (void)
{
  QmAnnotation *(*makers[]) (gint64) = { make_ink, make_highlight, make_note };

  for (guint i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autoptr(QmMessage) put = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);
      g_autoptr(QmMessage) event = qm_message_new (QM_MESSAGE_ANNOTATION);
      g_autoptr(QmMessage) parsed_put = NULL;
      g_autoptr(QmMessage) parsed_event = NULL;

      g_clear_pointer (&put->annotation.annotation, qm_annotation_free);
      put->annotation.annotation = makers[i] (0);
      parsed_put = round_trip (put, QM_ORIGIN_CLIENT);
      check_annotation (put, parsed_put);

      event->seq = 100 + i;
      g_clear_pointer (&event->annotation.annotation, qm_annotation_free);
      event->annotation.annotation = makers[i] (8);
      parsed_event = round_trip (event, QM_ORIGIN_SERVER);
      check_annotation (event, parsed_event);
    }
}

static void
test_annotation_author_ignored (void)
{
  const char *text =
    "{\"type\":\"annotation.put\",\"id\":1,\"annotation\":{\"id\":\"" UUID_A "\",\"doc\":\"" DOCID_A "\","
    "\"page\":1,\"kind\":\"note\",\"shared\":true,\"rev\":1,\"author\":99,"
    "\"data\":{\"x\":1,\"y\":2,\"text\":\"t\"}}}";
  const char *event =
    "{\"type\":\"annotation\",\"seq\":5,\"annotation\":{\"id\":\"" UUID_A "\",\"doc\":\"" DOCID_A "\","
    "\"page\":1,\"kind\":\"note\",\"shared\":true,\"rev\":1,\"author\":99,"
    "\"data\":{\"x\":1,\"y\":2,\"text\":\"t\"}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) put = qm_message_parse (text, strlen (text), QM_ORIGIN_CLIENT, NULL, &error);
  g_autoptr(QmMessage) from_server = NULL;

  /* A client cannot claim to be someone else */
  g_assert_no_error (error);
  g_assert_cmpint (put->annotation.annotation->author, ==, 0);
  g_assert_cmpint (put->annotation.annotation->rev, ==, 1);
  g_assert_cmpstr (put->annotation.annotation->text, ==, "t");

  from_server = qm_message_parse (event, strlen (event), QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (from_server->seq, ==, 5);
  g_assert_cmpint (from_server->annotation.annotation->author, ==, 99);
}

static void
test_annotation_delete_wire (void)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_ANNOTATION_DELETE);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  message->annotation_deleted.id = g_strdup (UUID_A);
  node = qm_message_to_json (message);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "annotation.delete");
  g_assert_cmpstr (json_object_get_string_member (object, "annotation"), ==, UUID_A);
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_false (json_object_has_member (object, "seq"));
}

static void
test_welcome_empty (void)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_WELCOME);
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *presenter;
  JsonObject *speakers;

  /* Before any event: seq 0, no page shown, nobody speaking */
  message->welcome.epoch = g_strdup ("e");
  message->welcome.now = g_strdup ("2026-12-01T02:00:00.000Z");
  message->welcome.server_version = g_strdup ("0.1.0");
  message->welcome.you_user = 1;
  message->welcome.you_role = QM_MEETING_ROLE_CHAIR;
  g_clear_pointer (&message->welcome.meeting, qm_meeting_free);
  message->welcome.meeting = make_meeting (TRUE);
  message->welcome.presenter_user = 1;

  parsed = round_trip (message, QM_ORIGIN_SERVER);
  check_welcome (message, parsed);
  g_assert_null (parsed->welcome.presenter_doc);
  g_assert_cmpint (parsed->welcome.presenter_page, ==, 0);
  g_assert_cmpint (parsed->welcome.speakers.current, ==, 0);
  g_assert_null (parsed->welcome.speakers.since);
  g_assert_false (parsed->welcome.resumed);

  node = qm_message_to_json (message);
  presenter = json_object_get_object_member (json_node_get_object (node), "presenter");
  g_assert_cmpint (json_object_get_int_member (presenter, "user"), ==, 1);
  g_assert_true (json_object_get_null_member (presenter, "doc"));
  g_assert_true (json_object_get_null_member (presenter, "page"));
  speakers = json_object_get_object_member (json_node_get_object (node), "speakers");
  g_assert_true (json_object_get_null_member (speakers, "current"));
  g_assert_true (json_object_get_null_member (speakers, "since"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "epoch"), ==, "e");
}

static void
test_welcome_contract_text (void)
{
  const char *text =
    "{\"type\": \"welcome\", \"seq\": 42, \"epoch\": \"7f3a\", \"now\": \"2026-12-01T02:00:00.000Z\","
    " \"server\": {\"version\": \"0.1.0\", \"features\": [\"vote.cast.proxy\", \"quorum\"]},"
    " \"you\": {\"user\": 3, \"role\": \"delegate\"},"
    " \"meeting\": {\"id\": 17, \"title\": \"" VIETNAMESE "\", \"starts_at\": \"2026-12-01T09:00:00+07:00\","
    "   \"location\": \"Hội trường\", \"require_quorum\": false,"
    "   \"participants\": [{\"user\": {\"id\": 1, \"display_name\": \"Chủ tọa\"}, \"role\": \"chair\", \"proxy_holder\": null},"
    "                      {\"user\": {\"id\": 3, \"display_name\": \"Đại biểu\"}, \"role\": \"delegate\", \"proxy_holder\": null}],"
    "   \"agenda\": []},"
    " \"presenter\": {\"user\": 1, \"doc\": null, \"page\": null},"
    " \"online\": [1, 3],"
    " \"votes\": [{\"id\": 10, \"question\": \"Q\", \"item\": null, \"secret\": true, \"majority\": \"simple\","
    "   \"options\": [\"yes\", \"no\", \"abstain\"], \"status\": \"open\", \"eligible\": 2, \"cast\": 0,"
    "   \"opened_at\": \"2026-12-01T01:00:00Z\", \"closed_at\": null, \"result\": null, \"ballots\": null}],"
    " \"speakers\": {\"current\": null, \"since\": null, \"queue\": [3]},"
    " \"annotations\": [],"
    " \"later\": {\"added\": \"by a newer server\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (text, strlen (text), QM_ORIGIN_SERVER, NULL, &error);
  const QmWelcome *w;
  QmVote *vote;

  g_assert_no_error (error);
  g_assert_cmpint (message->type, ==, QM_MESSAGE_WELCOME);
  g_assert_cmpint (message->seq, ==, 42);
  w = &message->welcome;
  g_assert_cmpstr (w->epoch, ==, "7f3a");
  g_assert_cmpstr (w->now, ==, "2026-12-01T02:00:00.000Z");
  g_assert_cmpstr (w->server_version, ==, "0.1.0");
  g_assert_cmpuint (w->features->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (w->features, 1), ==, "quorum");
  g_assert_cmpint (w->you_user, ==, 3);
  g_assert_cmpint (w->you_role, ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (w->meeting->id, ==, 17);
  g_assert_cmpstr (w->meeting->title, ==, VIETNAMESE);
  g_assert_cmpuint (w->meeting->participants->len, ==, 2);
  g_assert_cmpint (w->presenter_user, ==, 1);
  g_assert_null (w->presenter_doc);
  g_assert_cmpint (w->presenter_page, ==, 0);
  g_assert_cmpuint (w->online->len, ==, 2);
  g_assert_cmpint (g_array_index (w->online, gint64, 1), ==, 3);
  g_assert_cmpuint (w->votes->len, ==, 1);
  vote = g_ptr_array_index (w->votes, 0);
  g_assert_cmpint (vote->id, ==, 10);
  g_assert_true (vote->secret);
  g_assert_cmpint (w->speakers.current, ==, 0);
  g_assert_null (w->speakers.since);
  g_assert_cmpuint (w->speakers.queue->len, ==, 1);
  g_assert_cmpuint (w->annotations->len, ==, 0);
  g_assert_false (w->resumed);
}

static void
test_events_contract_text (void)
{
  const char *page = "{\"type\":\"page\",\"seq\":3,\"doc\":\"" DOCID_A "\",\"page\":2,\"by\":1}";
  const char *progress = "{\"type\":\"vote.progress\",\"seq\":4,\"vote\":10,\"cast\":3,\"eligible\":5}";
  const char *closed =
    "{\"type\":\"vote.closed\",\"seq\":5,\"vote\":10,"
    "\"result\":{\"yes\":3,\"no\":1,\"abstain\":1,\"cast\":5,\"eligible\":5,\"passed\":true}}";
  const char *quorum =
    "{\"type\":\"quorum\",\"seq\":6,\"present\":9,\"voting_present\":7,\"voting_total\":12,\"reached\":true}";
  const char *speakers = "{\"type\":\"speakers\",\"seq\":7,\"current\":3,\"since\":\"2026-12-01T02:00:00Z\",\"queue\":[]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) a = qm_message_parse (page, strlen (page), QM_ORIGIN_SERVER, NULL, &error);
  g_autoptr(QmMessage) b = NULL;
  g_autoptr(QmMessage) c = NULL;
  g_autoptr(QmMessage) d = NULL;
  g_autoptr(QmMessage) e = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (a->type, ==, QM_MESSAGE_PAGE);
  g_assert_cmpint (a->seq, ==, 3);
  g_assert_cmpstr (a->page.doc, ==, DOCID_A);
  g_assert_cmpint (a->page.page, ==, 2);
  g_assert_cmpint (a->page.by, ==, 1);

  /* A secret vote's progress carries no counts */
  b = qm_message_parse (progress, strlen (progress), QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->vote_progress.vote, ==, 10);
  g_assert_cmpint (b->vote_progress.cast, ==, 3);
  g_assert_cmpint (b->vote_progress.eligible, ==, 5);
  g_assert_false (b->vote_progress.has_counts);
  {
    g_autoptr(JsonNode) node = qm_message_to_json (b);

    g_assert_false (json_object_has_member (json_node_get_object (node), "counts"));
  }

  c = qm_message_parse (closed, strlen (closed), QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->vote_closed.vote, ==, 10);
  g_assert_cmpint (c->vote_closed.result.yes, ==, 3);
  g_assert_cmpint (c->vote_closed.result.cast, ==, 5);
  g_assert_true (c->vote_closed.result.passed);

  d = qm_message_parse (quorum, strlen (quorum), QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->quorum.present, ==, 9);
  g_assert_cmpint (d->quorum.voting_present, ==, 7);
  g_assert_cmpint (d->quorum.voting_total, ==, 12);
  g_assert_true (d->quorum.reached);

  e = qm_message_parse (speakers, strlen (speakers), QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->speakers.current, ==, 3);
  g_assert_cmpstr (e->speakers.since, ==, "2026-12-01T02:00:00Z");
  g_assert_cmpuint (e->speakers.queue->len, ==, 0);
}

static void
test_reply_variants (void)
{
  g_autoptr(QmMessage) bare = qm_message_new (QM_MESSAGE_REPLY);
  g_autoptr(QmMessage) with_vote = qm_message_new (QM_MESSAGE_REPLY);
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  bare->re = string_node ("only-re");
  parsed = round_trip (bare, QM_ORIGIN_SERVER);
  g_assert_cmpint (parsed->reply.vote, ==, 0);
  g_assert_null (parsed->reply.annotation);
  node = qm_message_to_json (bare);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "re"), ==, "only-re");
  g_assert_false (json_object_has_member (object, "vote"));
  g_assert_false (json_object_has_member (object, "annotation"));

  with_vote->re = int_node (3);
  with_vote->reply.vote = 11;
  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (with_vote, QM_ORIGIN_SERVER);
  g_assert_cmpint (parsed->reply.vote, ==, 11);
  g_assert_null (parsed->reply.annotation);
}

static void
test_error_and_pong_variants (void)
{
  g_autoptr(QmMessage) error_message = qm_message_new (QM_MESSAGE_ERROR);
  g_autoptr(QmMessage) pong = qm_message_new (QM_MESSAGE_PONG);
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A command without id gets an error without re */
  error_message->error.code = g_strdup ("vote_closed");
  error_message->error.message = g_strdup ("The vote is closed");
  parsed = round_trip (error_message, QM_ORIGIN_SERVER);
  g_assert_null (parsed->re);
  g_assert_cmpstr (parsed->error.code, ==, "vote_closed");
  g_assert_null (parsed->error.annotation);
  node = qm_message_to_json (error_message);
  g_assert_false (json_object_has_member (json_node_get_object (node), "re"));

  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (pong, QM_ORIGIN_SERVER);
  g_assert_null (parsed->re);

  pong->re = string_node ("p-1");
  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (pong, QM_ORIGIN_SERVER);
  g_assert_cmpstr (json_node_get_string (parsed->re), ==, "p-1");
}

static void
test_vote_progress_counts (void)
{
  g_autoptr(QmMessage) message = qm_message_new (QM_MESSAGE_VOTE_PROGRESS);
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *counts;

  fill_vote_progress (message);
  node = qm_message_to_json (message);
  counts = json_object_get_object_member (json_node_get_object (node), "counts");
  g_assert_nonnull (counts);
  g_assert_cmpint (json_object_get_int_member (counts, "yes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "no"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "abstain"), ==, 0);

  message->vote_progress.has_counts = FALSE;
  parsed = round_trip (message, QM_ORIGIN_SERVER);
  g_assert_false (parsed->vote_progress.has_counts);
}

/* }}} */

/* {{{ Ids */

static void
check_id (const char *text,
          JsonNode   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out_id = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (text, strlen (text), QM_ORIGIN_CLIENT, &out_id, &error);
  g_autoptr(QmMessage) parsed = NULL;
  g_autoptr(QmMessage) pong = NULL;
  g_autoptr(JsonNode) pong_node = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (message);
  assert_nodes_equal (expected, message->id);
  assert_nodes_equal (expected, out_id);
  if (JSON_NODE_HOLDS_VALUE (expected))
    g_assert_true (json_node_get_value_type (message->id) == json_node_get_value_type (expected));

  /* Kept as it came through serialisation, and echoed as re */
  parsed = round_trip (message, QM_ORIGIN_CLIENT);
  assert_nodes_equal (expected, parsed->id);
  pong = qm_message_new (QM_MESSAGE_PONG);
  pong->re = json_node_copy (message->id);
  g_clear_pointer (&parsed, qm_message_free);
  parsed = round_trip (pong, QM_ORIGIN_SERVER);
  assert_nodes_equal (expected, parsed->re);
  pong_node = qm_message_to_json (pong);
  assert_nodes_equal (expected, json_object_get_member (json_node_get_object (pong_node), "re"));
}

static void
test_id_number (void)
{
  g_autoptr(JsonNode) seven = int_node (7);
  g_autoptr(JsonNode) zero = int_node (0);
  g_autoptr(JsonNode) negative = int_node (-12);
  g_autoptr(JsonNode) big = int_node (G_GINT64_CONSTANT (9007199254740993));
  g_autoptr(JsonNode) nineteen_digits = int_node (G_GINT64_CONSTANT (1234567890123456789));
  g_autoptr(JsonNode) fraction = json_node_init_double (json_node_alloc (), 2.5);

  /* A command id is the client's business: any number goes */
  check_id ("{\"type\":\"ping\",\"id\":7}", seven);
  check_id ("{\"id\":0,\"type\":\"ping\"}", zero);
  check_id ("{\"type\":\"ping\",\"id\":-12}", negative);
  check_id ("{\"type\":\"ping\",\"id\":9007199254740993}", big);
  check_id ("{\"type\":\"ping\",\"id\":2.5}", fraction);
  /* 19 digits, still a 64-bit integer and a JSON number like any other */
  check_id ("{\"type\":\"ping\",\"id\":1234567890123456789}", nineteen_digits);
}

static void
test_id_string (void)
{
  g_autoptr(JsonNode) plain = string_node ("c-1");
  g_autoptr(JsonNode) digits = string_node ("7");
  g_autoptr(JsonNode) empty = string_node ("");
  g_autoptr(JsonNode) vietnamese = string_node ("lệnh-số-1");
  g_autofree char *longest = g_strnfill (QM_MAX_COMMAND_ID_CHARS, 'x');
  g_autoptr(JsonNode) longest_node = string_node (longest);
  g_autofree char *longest_text = g_strdup_printf ("{\"type\":\"ping\",\"id\":\"%s\"}", longest);

  check_id ("{\"type\":\"ping\",\"id\":\"c-1\"}", plain);
  check_id ("{\"type\":\"speak.request\",\"id\":\"7\"}", digits);
  check_id ("{\"type\":\"ping\",\"id\":\"\"}", empty);
  check_id ("{\"type\":\"ping\",\"id\":\"lệnh-số-1\"}", vietnamese);
  check_id (longest_text, longest_node);
}

static void
test_id_on_failure (void)
{
  const char *text = "{\"type\":\"vote.cast\",\"id\":\"c-3\",\"vote\":9,\"choice\":\"maybe\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out_id = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (text, strlen (text), QM_ORIGIN_CLIENT, &out_id, &error);
  g_autoptr(QmMessage) answer = NULL;
  g_autoptr(QmMessage) parsed = NULL;

  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST);
  g_assert_null (message);
  g_assert_nonnull (out_id);
  g_assert_cmpstr (json_node_get_string (out_id), ==, "c-3");

  /* which is what the server answers with */
  answer = qm_message_new_error (out_id, error);
  parsed = round_trip (answer, QM_ORIGIN_SERVER);
  g_assert_cmpstr (json_node_get_string (parsed->re), ==, "c-3");
  g_assert_cmpstr (parsed->error.code, ==, "bad_request");
}

/* }}} */

/* {{{ Text */

static void
test_unknown_fields (void)
{
  const char *texts[] = {
    "{\"type\":\"vote.cast\",\"vote\":3,\"choice\":\"yes\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"z\":null}",
    "{\"future\":true,\"type\":\"ping\",\"id\":1,\"seq\":\"whatever\"}",
    "{\"type\":\"hello\",\"token\":\"t\",\"client\":{\"name\":\"quorum-gtk\",\"version\":\"0.1\"}}",
    "{\"type\":\"present\",\"doc\":\"" DOCID_A "\",\"page\":1,\"by\":\"ignored\",\"zoom\":1.5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(QmMessage) message = qm_message_parse (texts[i], strlen (texts[i]), QM_ORIGIN_CLIENT, NULL, &error);
      g_autofree char *out = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (message);
      out = qm_message_serialize (message, NULL);
      g_assert_null (strstr (out, "extra"));
      g_assert_null (strstr (out, "future"));
      g_assert_null (strstr (out, "client"));
      g_assert_null (strstr (out, "zoom"));
    }

  {
    const char *event = "{\"type\":\"presenter\",\"seq\":4,\"user\":2,\"since\":\"2026-12-01T02:00:00Z\"}";
    g_autoptr(GError) error = NULL;
    g_autoptr(QmMessage) message = qm_message_parse (event, strlen (event), QM_ORIGIN_SERVER, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (message->presenter.user, ==, 2);
  }
}

static void
test_vietnamese (void)
{
  const char *texts[] = {
    VIETNAMESE,
    "Tiếng Việt có dấu: ăâđêôơư ĂÂĐÊÔƠƯ ả ã ạ ỳ ỹ",
    "\"quoted\" \\ backslash / slash\n\ttab \u2028 line separator",
    "emoji 🗳️ ✓ and CJK 会议",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(QmMessage) open = qm_message_new (QM_MESSAGE_VOTE_OPEN);
      g_autoptr(QmMessage) error_message = qm_message_new (QM_MESSAGE_ERROR);
      g_autoptr(QmMessage) put = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);
      g_autoptr(QmMessage) parsed = NULL;

      open->vote_open.question = g_strdup (texts[i]);
      open->vote_open.majority = QM_MAJORITY_SIMPLE;
      parsed = round_trip (open, QM_ORIGIN_CLIENT);
      g_assert_cmpstr (parsed->vote_open.question, ==, texts[i]);

      error_message->error.code = g_strdup ("forbidden");
      error_message->error.message = g_strdup (texts[i]);
      g_clear_pointer (&parsed, qm_message_free);
      parsed = round_trip (error_message, QM_ORIGIN_SERVER);
      g_assert_cmpstr (parsed->error.message, ==, texts[i]);

      g_clear_pointer (&put->annotation.annotation, qm_annotation_free);
      put->annotation.annotation = make_note (0);
      g_free (put->annotation.annotation->text);
      put->annotation.annotation->text = g_strdup (texts[i]);
      g_clear_pointer (&parsed, qm_message_free);
      parsed = round_trip (put, QM_ORIGIN_CLIENT);
      g_assert_cmpstr (parsed->annotation.annotation->text, ==, texts[i]);
    }
}

/* }}} */

/* {{{ Errors as messages */

static void
test_new_error (void)
{
  struct {
    GQuark      domain;
    int         code;
    const char *wire;
  } rows[] = {
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST, "bad_request" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED, "bad_request" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN, "forbidden" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND, "not_found" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT, "conflict" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_ALREADY_VOTED, "already_voted" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_VOTE_CLOSED, "vote_closed" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_RATE_LIMITED, "rate_limited" },
    { G_IO_ERROR, G_IO_ERROR_FAILED, "internal" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = g_error_new (rows[i].domain, rows[i].code, "Lỗi số %u", i);
      g_autoptr(JsonNode) re = int_node (100 + i);
      g_autoptr(QmMessage) with_re = qm_message_new_error (re, error);
      g_autoptr(QmMessage) without_re = qm_message_new_error (NULL, error);
      g_autoptr(QmMessage) parsed = NULL;

      g_assert_nonnull (with_re);
      g_assert_cmpint (with_re->type, ==, QM_MESSAGE_ERROR);
      g_assert_cmpstr (with_re->error.code, ==, rows[i].wire);
      g_assert_nonnull (with_re->error.message);
      if (rows[i].domain == QM_PROTOCOL_ERROR)
        g_assert_cmpstr (with_re->error.message, ==, error->message);
      g_assert_null (with_re->error.annotation);
      assert_nodes_equal (re, with_re->re);
      g_assert_true (with_re->re != re);   /* a copy: the caller keeps its own */

      parsed = round_trip (with_re, QM_ORIGIN_SERVER);
      check_error (with_re, parsed);

      g_assert_null (without_re->re);
      g_assert_cmpstr (without_re->error.code, ==, rows[i].wire);
    }
}

static void
test_new_error_long_message (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) message = NULL;
  g_autoptr(QmMessage) parsed = NULL;

  for (guint i = 0; i < QM_MAX_MESSAGE_CHARS + 50; i++)
    g_string_append (text, "ệ");
  error = g_error_new_literal (QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST, text->str);
  message = qm_message_new_error (NULL, error);

  /* Whatever it does with a long message, the peer must accept the frame */
  g_assert_true (g_utf8_validate (message->error.message, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (message->error.message, -1), <=, QM_MAX_MESSAGE_CHARS);
  parsed = round_trip (message, QM_ORIGIN_SERVER);
  g_assert_cmpstr (parsed->error.message, ==, message->error.message);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/protocol/messages/types", test_types);
  for (guint i = 0; i < G_N_ELEMENTS (type_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/quorum/protocol/messages/round-trip/%s", type_rows[i].wire);

      g_test_add_data_func (path, &type_rows[i], test_round_trip);
    }
  g_test_add_func ("/quorum/protocol/messages/hello/minimal", test_hello_minimal);
  g_test_add_func ("/quorum/protocol/messages/vote.open/variants", test_vote_open_variants);
  g_test_add_func ("/quorum/protocol/messages/vote.cast/wire", test_vote_cast_wire);
  g_test_add_func ("/quorum/protocol/messages/annotation/kinds", test_annotation_kinds);
  g_test_add_func ("/quorum/protocol/messages/annotation/author-ignored", test_annotation_author_ignored);
  g_test_add_func ("/quorum/protocol/messages/annotation.delete/wire", test_annotation_delete_wire);
  g_test_add_func ("/quorum/protocol/messages/welcome/empty", test_welcome_empty);
  g_test_add_func ("/quorum/protocol/messages/welcome/contract-text", test_welcome_contract_text);
  g_test_add_func ("/quorum/protocol/messages/events/contract-text", test_events_contract_text);
  g_test_add_func ("/quorum/protocol/messages/reply/variants", test_reply_variants);
  g_test_add_func ("/quorum/protocol/messages/error/variants", test_error_and_pong_variants);
  g_test_add_func ("/quorum/protocol/messages/vote.progress/counts", test_vote_progress_counts);
  g_test_add_func ("/quorum/protocol/messages/id/number", test_id_number);
  g_test_add_func ("/quorum/protocol/messages/id/string", test_id_string);
  g_test_add_func ("/quorum/protocol/messages/id/on-failure", test_id_on_failure);
  g_test_add_func ("/quorum/protocol/messages/unknown-fields", test_unknown_fields);
  g_test_add_func ("/quorum/protocol/messages/vietnamese", test_vietnamese);
  g_test_add_func ("/quorum/protocol/messages/new-error", test_new_error);
  g_test_add_func ("/quorum/protocol/messages/new-error-long-message", test_new_error_long_message);

  return g_test_run ();
}
