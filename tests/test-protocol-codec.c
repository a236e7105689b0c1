/* test-protocol-codec.c: the JSON codecs of the wire objects and HTTP bodies,
 * the enums, the majority rules, the format checks and the error codes.
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

/* Serialised text must be exactly the JSON that _to_json builds. */
static void
assert_text_is_json_of (const char *text,
                        gsize       length,
                        JsonNode   *node)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_true (g_utf8_validate (text, length, NULL));
  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  g_assert_true (json_node_equal (node, json_parser_get_root (parser)));
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* Serialise, parse back, copy and convert through a JsonNode; every path
 * must give the same object. */
#define ASSERT_ROUND_TRIP(T, t, object, assert_equal)                     \
  G_STMT_START {                                                          \
    gsize rt_length = 0;                                                  \
    g_autofree char *rt_text = t##_serialize ((object), &rt_length);      \
    g_autoptr(JsonNode) rt_node = t##_to_json ((object));                 \
    g_autoptr(GError) rt_error = NULL;                                    \
    g_autoptr(T) rt_parsed = NULL;                                        \
    g_autoptr(T) rt_copy = t##_copy ((object));                           \
    g_autoptr(T) rt_from_node = NULL;                                     \
    g_autoptr(JsonNode) rt_again = NULL;                                  \
                                                                          \
    assert_text_is_json_of (rt_text, rt_length, rt_node);                 \
    rt_parsed = t##_parse (rt_text, rt_length, &rt_error);                \
    g_assert_no_error (rt_error);                                         \
    g_assert_nonnull (rt_parsed);                                         \
    assert_equal ((object), rt_parsed);                                   \
    g_assert_nonnull (rt_copy);                                           \
    assert_equal ((object), rt_copy);                                     \
    rt_from_node = t##_from_json (rt_node, &rt_error);                    \
    g_assert_no_error (rt_error);                                         \
    g_assert_nonnull (rt_from_node);                                      \
    assert_equal ((object), rt_from_node);                                \
    rt_again = t##_to_json (rt_parsed);                                   \
    g_assert_true (json_node_equal (rt_node, rt_again));                  \
  } G_STMT_END

/* {{{ Comparisons */

static void
assert_user_equal (const QmUser *a,
                   const QmUser *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpstr (a->username, ==, b->username);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpint (a->roles, ==, b->roles);
}

static void
assert_participant_equal (const QmParticipant *a,
                          const QmParticipant *b)
{
  g_assert_cmpint (a->user_id, ==, b->user_id);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpint (a->role, ==, b->role);
  g_assert_cmpint (a->proxy_holder, ==, b->proxy_holder);
}

static void
assert_item_document_equal (const QmItemDocument *a,
                            const QmItemDocument *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpint (a->pages, ==, b->pages);
  g_assert_cmpint (a->bytes, ==, b->bytes);
}

static void
assert_agenda_item_equal (const QmAgendaItem *a,
                          const QmAgendaItem *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpint (a->position, ==, b->position);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_nonnull (a->documents);
  g_assert_nonnull (b->documents);
  g_assert_cmpuint (a->documents->len, ==, b->documents->len);
  for (guint i = 0; i < a->documents->len; i++)
    assert_item_document_equal (g_ptr_array_index (a->documents, i),
                                g_ptr_array_index (b->documents, i));
}

static void
assert_meeting_equal (const QmMeeting *a,
                      const QmMeeting *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->starts_at, ==, b->starts_at);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpint (!!a->require_quorum, ==, !!b->require_quorum);

  if (a->participants == NULL)
    {
      g_assert_null (b->participants);
    }
  else
    {
      g_assert_nonnull (b->participants);
      g_assert_cmpuint (a->participants->len, ==, b->participants->len);
      for (guint i = 0; i < a->participants->len; i++)
        assert_participant_equal (g_ptr_array_index (a->participants, i),
                                  g_ptr_array_index (b->participants, i));
    }

  g_assert_nonnull (a->agenda);
  g_assert_nonnull (b->agenda);
  g_assert_cmpuint (a->agenda->len, ==, b->agenda->len);
  for (guint i = 0; i < a->agenda->len; i++)
    assert_agenda_item_equal (g_ptr_array_index (a->agenda, i),
                              g_ptr_array_index (b->agenda, i));
}

static void
assert_meeting_summary_equal (const QmMeetingSummary *a,
                              const QmMeetingSummary *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->starts_at, ==, b->starts_at);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpint (a->role, ==, b->role);
}

static void
assert_document_equal (const QmDocument *a,
                       const QmDocument *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpint (a->pages, ==, b->pages);
  g_assert_cmpint (a->bytes, ==, b->bytes);
}

static void
assert_vote_result_equal (const QmVoteResult *a,
                          const QmVoteResult *b)
{
  g_assert_cmpint (a->yes, ==, b->yes);
  g_assert_cmpint (a->no, ==, b->no);
  g_assert_cmpint (a->abstain, ==, b->abstain);
  g_assert_cmpint (a->cast, ==, b->cast);
  g_assert_cmpint (a->eligible, ==, b->eligible);
  g_assert_cmpint (!!a->passed, ==, !!b->passed);
}

static void
assert_vote_equal (const QmVote *a,
                   const QmVote *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpstr (a->question, ==, b->question);
  g_assert_cmpint (a->item, ==, b->item);
  g_assert_cmpint (!!a->secret, ==, !!b->secret);
  g_assert_cmpint (a->majority, ==, b->majority);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->eligible, ==, b->eligible);
  g_assert_cmpint (a->cast, ==, b->cast);
  g_assert_cmpstr (a->opened_at, ==, b->opened_at);
  g_assert_cmpstr (a->closed_at, ==, b->closed_at);
  g_assert_cmpint (!!a->has_result, ==, !!b->has_result);
  if (a->has_result)
    assert_vote_result_equal (&a->result, &b->result);

  if (a->ballots == NULL)
    {
      g_assert_null (b->ballots);
    }
  else
    {
      g_assert_nonnull (b->ballots);
      g_assert_cmpuint (a->ballots->len, ==, b->ballots->len);
      for (guint i = 0; i < a->ballots->len; i++)
        {
          const QmBallot *x = &g_array_index (a->ballots, QmBallot, i);
          const QmBallot *y = &g_array_index (b->ballots, QmBallot, i);

          g_assert_cmpint (x->user, ==, y->user);
          g_assert_cmpint (x->choice, ==, y->choice);
          g_assert_cmpint (x->by, ==, y->by);
        }
    }
}

static void
assert_annotation_equal (const QmAnnotation *a,
                         const QmAnnotation *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->doc, ==, b->doc);
  g_assert_cmpint (a->page, ==, b->page);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpint (!!a->shared, ==, !!b->shared);
  g_assert_cmpint (a->rev, ==, b->rev);
  g_assert_cmpint (a->author, ==, b->author);

  switch (a->kind)
    {
    case QM_ANNOTATION_INK:
      g_assert_cmpstr (a->color, ==, b->color);
      g_assert_cmpfloat (a->width, ==, b->width);
      g_assert_nonnull (b->strokes);
      g_assert_cmpuint (a->strokes->len, ==, b->strokes->len);
      for (guint i = 0; i < a->strokes->len; i++)
        {
          GArray *sa = g_ptr_array_index (a->strokes, i);
          GArray *sb = g_ptr_array_index (b->strokes, i);

          g_assert_cmpuint (sa->len, ==, sb->len);
          for (guint j = 0; j < sa->len; j++)
            {
              const QmInkPoint *pa = &g_array_index (sa, QmInkPoint, j);
              const QmInkPoint *pb = &g_array_index (sb, QmInkPoint, j);

              g_assert_cmpfloat (pa->x, ==, pb->x);
              g_assert_cmpfloat (pa->y, ==, pb->y);
              if (pa->pressure < 0)
                g_assert_cmpfloat (pb->pressure, <, 0);
              else
                g_assert_cmpfloat (pa->pressure, ==, pb->pressure);
            }
        }
      break;

    case QM_ANNOTATION_HIGHLIGHT:
      g_assert_cmpstr (a->color, ==, b->color);
      g_assert_nonnull (b->quads);
      g_assert_cmpuint (a->quads->len, ==, b->quads->len);
      for (guint i = 0; i < a->quads->len; i++)
        {
          const QmQuad *qa = &g_array_index (a->quads, QmQuad, i);
          const QmQuad *qb = &g_array_index (b->quads, QmQuad, i);

          g_assert_cmpfloat (qa->x1, ==, qb->x1);
          g_assert_cmpfloat (qa->y1, ==, qb->y1);
          g_assert_cmpfloat (qa->x2, ==, qb->x2);
          g_assert_cmpfloat (qa->y2, ==, qb->y2);
        }
      break;

    case QM_ANNOTATION_NOTE:
      g_assert_cmpfloat (a->x, ==, b->x);
      g_assert_cmpfloat (a->y, ==, b->y);
      g_assert_cmpstr (a->text, ==, b->text);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* }}} */

/* {{{ Builders: every field set, none at its zero value */

static QmUser *
make_user (gint64      id,
           const char *username)
{
  QmUser *user = qm_user_new ();

  user->id = id;
  user->username = g_strdup (username);
  user->display_name = g_strdup ("Nguyễn Văn An");
  user->roles = QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY;
  return user;
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

static QmItemDocument *
make_item_document (const char *docid,
                    gint64      pages)
{
  QmItemDocument *document = qm_item_document_new ();

  document->id = g_strdup (docid);
  document->title = g_strdup ("Tờ trình số 12/TTr-UBND");
  document->pages = pages;
  document->bytes = G_GINT64_CONSTANT (5368709120);   /* over 32 bits */
  return document;
}

static QmAgendaItem *
make_agenda_item (gint64 id,
                  gint64 position)
{
  QmAgendaItem *item = qm_agenda_item_new ();

  item->id = id;
  item->position = position;
  item->title = g_strdup_printf ("Mục %" G_GINT64_FORMAT ": ngân sách", position + 1);
  g_free (item->description);
  item->description = g_strdup ("Thảo luận \"dự toán\" năm 2027\nvà biểu quyết.");
  g_clear_pointer (&item->documents, g_ptr_array_unref);
  item->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_item_document_free);
  g_ptr_array_add (item->documents, make_item_document (DOCID_A, 12));
  g_ptr_array_add (item->documents, make_item_document (DOCID_B, 1));
  return item;
}

/* The builders clear each array before setting it: a _new () may hand
 * them out already allocated and empty. */
static QmMeeting *
make_meeting (gboolean with_participants)
{
  QmMeeting *meeting = qm_meeting_new ();

  meeting->id = 17;
  meeting->title = g_strdup ("Họp UBND tỉnh — phiên thường kỳ");
  meeting->starts_at = g_strdup ("2026-12-01T09:00:00+07:00");
  meeting->location = g_strdup ("Phòng họp số 2");
  meeting->require_quorum = TRUE;
  if (with_participants)
    {
      g_clear_pointer (&meeting->participants, g_ptr_array_unref);
      meeting->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
      g_ptr_array_add (meeting->participants, make_participant (1, QM_MEETING_ROLE_CHAIR, 0));
      g_ptr_array_add (meeting->participants, make_participant (2, QM_MEETING_ROLE_SECRETARY, 0));
      g_ptr_array_add (meeting->participants, make_participant (3, QM_MEETING_ROLE_DELEGATE, 4));
      g_ptr_array_add (meeting->participants, make_participant (4, QM_MEETING_ROLE_DELEGATE, 0));
      g_ptr_array_add (meeting->participants, make_participant (5, QM_MEETING_ROLE_OBSERVER, 0));
    }
  else
    {
      g_clear_pointer (&meeting->participants, g_ptr_array_unref);
    }
  g_clear_pointer (&meeting->agenda, g_ptr_array_unref);
  meeting->agenda = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_agenda_item_free);
  g_ptr_array_add (meeting->agenda, make_agenda_item (31, 0));
  g_ptr_array_add (meeting->agenda, make_agenda_item (30, 1));
  return meeting;
}

static QmVote *
make_closed_vote (void)
{
  QmVote *vote = qm_vote_new ();
  QmBallot ballots[] = {
    { 1, QM_CHOICE_YES, 1 },
    { 3, QM_CHOICE_NO, 4 },
    { 4, QM_CHOICE_ABSTAIN, 4 },
  };

  vote->id = 9;
  vote->question = g_strdup ("Thông qua dự toán ngân sách năm 2027?");
  vote->item = 31;
  vote->secret = FALSE;
  vote->majority = QM_MAJORITY_TWO_THIRDS;
  vote->status = QM_VOTE_STATUS_CLOSED;
  vote->eligible = 4;
  vote->cast = 3;
  vote->opened_at = g_strdup ("2026-12-01T02:10:00.000Z");
  vote->closed_at = g_strdup ("2026-12-01T02:15:30.250Z");
  vote->has_result = TRUE;
  vote->result.yes = 1;
  vote->result.no = 1;
  vote->result.abstain = 1;
  vote->result.cast = 3;
  vote->result.eligible = 4;
  vote->result.passed = FALSE;
  g_clear_pointer (&vote->ballots, g_array_unref);
  vote->ballots = g_array_new (FALSE, TRUE, sizeof (QmBallot));
  g_array_append_vals (vote->ballots, ballots, G_N_ELEMENTS (ballots));
  return vote;
}

static QmVote *
make_open_vote (void)
{
  QmVote *vote = qm_vote_new ();

  vote->id = 10;
  vote->question = g_strdup ("Bầu thư ký phiên họp");
  vote->item = 0;
  vote->secret = TRUE;
  vote->majority = QM_MAJORITY_ABSOLUTE;
  vote->status = QM_VOTE_STATUS_OPEN;
  vote->eligible = 40;
  vote->cast = 17;
  vote->opened_at = g_strdup ("2026-12-01T03:00:00.000Z");
  vote->closed_at = NULL;
  vote->has_result = FALSE;
  vote->ballots = NULL;
  return vote;
}

static GArray *
make_stroke (const QmInkPoint *points,
             guint             n_points)
{
  GArray *stroke = g_array_new (FALSE, TRUE, sizeof (QmInkPoint));

  g_array_append_vals (stroke, points, n_points);
  return stroke;
}

static QmAnnotation *
make_ink_annotation (void)
{
  QmAnnotation *annotation = qm_annotation_new ();
  const QmInkPoint plain[] = { { 10, 20, -1 }, { 30.5, 40.25, -1 }, { 0, 0, -1 } };
  const QmInkPoint pressed[] = { { 100, 200, 0.5 }, { 110.75, 210, 1 }, { 14400, 14400, 0 } };

  annotation->id = g_strdup (UUID_A);
  annotation->doc = g_strdup (DOCID_A);
  annotation->page = 3;
  annotation->kind = QM_ANNOTATION_INK;
  annotation->shared = TRUE;
  annotation->rev = 4;
  annotation->author = 12;
  g_strlcpy (annotation->color, "#1a2b3c", sizeof annotation->color);
  annotation->width = 2.5;
  g_clear_pointer (&annotation->strokes, g_ptr_array_unref);
  annotation->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (annotation->strokes, make_stroke (plain, G_N_ELEMENTS (plain)));
  g_ptr_array_add (annotation->strokes, make_stroke (pressed, G_N_ELEMENTS (pressed)));
  return annotation;
}

static QmAnnotation *
make_highlight_annotation (void)
{
  QmAnnotation *annotation = qm_annotation_new ();
  const QmQuad quads[] = { { 72, 100.5, 300, 112 }, { 72, 114, 250.125, 126 } };

  annotation->id = g_strdup (UUID_B);
  annotation->doc = g_strdup (DOCID_B);
  annotation->page = 100000;
  annotation->kind = QM_ANNOTATION_HIGHLIGHT;
  annotation->shared = FALSE;
  annotation->rev = 1;
  annotation->author = 5;
  g_strlcpy (annotation->color, "#ffee00", sizeof annotation->color);
  g_clear_pointer (&annotation->quads, g_array_unref);
  annotation->quads = g_array_new (FALSE, TRUE, sizeof (QmQuad));
  g_array_append_vals (annotation->quads, quads, G_N_ELEMENTS (quads));
  return annotation;
}

static QmAnnotation *
make_note_annotation (void)
{
  QmAnnotation *annotation = qm_annotation_new ();

  annotation->id = g_strdup (UUID_A);
  annotation->doc = g_strdup (DOCID_A);
  annotation->page = 1;
  annotation->kind = QM_ANNOTATION_NOTE;
  annotation->shared = TRUE;
  annotation->rev = 2;
  annotation->author = 7;
  annotation->x = 56.5;
  annotation->y = 700;
  annotation->text = g_strdup ("Đề nghị làm rõ số liệu ở trang 3 — \"mục 2.1\"\n\txin cảm ơn ✓");
  return annotation;
}

/* }}} */

/* {{{ Object codecs */

static void
test_user_round_trip (void)
{
  g_autoptr(QmUser) user = make_user (42, "nguyen.van_an-1@ubnd");

  ASSERT_ROUND_TRIP (QmUser, qm_user, user, assert_user_equal);

  user->roles = 0;
  ASSERT_ROUND_TRIP (QmUser, qm_user, user, assert_user_equal);
  user->roles = QM_ACCOUNT_ROLE_SECRETARY;
  ASSERT_ROUND_TRIP (QmUser, qm_user, user, assert_user_equal);
  user->id = QM_MAX_ID;
  ASSERT_ROUND_TRIP (QmUser, qm_user, user, assert_user_equal);
}

static void
test_user_parse (void)
{
  const char *text =
    "{\"id\": 7, \"username\": \"chair\", \"display_name\": \"Trần Thị Bình\","
    " \"roles\": [\"secretary\", \"admin\"], \"avatar\": {\"future\": [1, 2]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmUser) user = qm_user_parse (text, -1, &error);
  g_autoptr(QmUser) plain = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *roles;

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (user->id, ==, 7);
  g_assert_cmpstr (user->username, ==, "chair");
  g_assert_cmpstr (user->display_name, ==, "Trần Thị Bình");
  g_assert_cmpint (user->roles, ==, QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY);

  plain = qm_user_parse ("{\"id\":8,\"username\":\"d\",\"display_name\":\"D\",\"roles\":[]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plain->roles, ==, 0);

  /* The contract's shape, and never a password */
  out = qm_user_serialize (user, NULL);
  object = parse_object (out, parser);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "chair");
  g_assert_cmpstr (json_object_get_string_member (object, "display_name"), ==, "Trần Thị Bình");
  roles = json_object_get_array_member (object, "roles");
  g_assert_nonnull (roles);
  g_assert_cmpuint (json_array_get_length (roles), ==, 2);
  g_assert_false (json_object_has_member (object, "password"));
}

static void
test_participant_round_trip (void)
{
  g_autoptr(QmParticipant) participant = make_participant (3, QM_MEETING_ROLE_DELEGATE, 4);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *user;

  ASSERT_ROUND_TRIP (QmParticipant, qm_participant, participant, assert_participant_equal);

  text = qm_participant_serialize (participant, NULL);
  object = parse_object (text, parser);
  user = json_object_get_object_member (object, "user");
  g_assert_nonnull (user);
  g_assert_cmpint (json_object_get_int_member (user, "id"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "Đại biểu 3");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "delegate");
  g_assert_cmpint (json_object_get_int_member (object, "proxy_holder"), ==, 4);

  for (QmMeetingRole role = QM_MEETING_ROLE_CHAIR; role <= QM_MEETING_ROLE_OBSERVER; role++)
    {
      participant->role = role;
      participant->proxy_holder = 0;
      ASSERT_ROUND_TRIP (QmParticipant, qm_participant, participant, assert_participant_equal);
    }
}

static void
test_participant_parse (void)
{
  const char *text =
    "{\"user\": {\"id\": 3, \"display_name\": \"Lê Văn Cường\"}, \"role\": \"chair\","
    " \"proxy_holder\": null, \"since\": \"ignored\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmParticipant) participant = qm_participant_parse (text, -1, &error);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpint (participant->user_id, ==, 3);
  g_assert_cmpstr (participant->display_name, ==, "Lê Văn Cường");
  g_assert_cmpint (participant->role, ==, QM_MEETING_ROLE_CHAIR);
  g_assert_cmpint (participant->proxy_holder, ==, 0);

  /* No proxy is a JSON null on the wire, not a missing member or a 0 */
  out = qm_participant_serialize (participant, NULL);
  object = parse_object (out, parser);
  g_assert_true (json_object_has_member (object, "proxy_holder"));
  g_assert_true (json_object_get_null_member (object, "proxy_holder"));
}

static void
test_item_document_round_trip (void)
{
  g_autoptr(QmItemDocument) document = make_item_document (DOCID_B, 250);
  g_autoptr(GError) error = NULL;
  g_autoptr(QmItemDocument) parsed = NULL;

  ASSERT_ROUND_TRIP (QmItemDocument, qm_item_document, document, assert_item_document_equal);

  parsed = qm_item_document_parse ("{\"id\":\"" DOCID_A "\",\"title\":\"Báo cáo\",\"pages\":3,\"bytes\":40960}",
                                   -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->id, ==, DOCID_A);
  g_assert_cmpstr (parsed->title, ==, "Báo cáo");
  g_assert_cmpint (parsed->pages, ==, 3);
  g_assert_cmpint (parsed->bytes, ==, 40960);
}

static void
test_agenda_item_round_trip (void)
{
  g_autoptr(QmAgendaItem) item = make_agenda_item (31, 4);

  ASSERT_ROUND_TRIP (QmAgendaItem, qm_agenda_item, item, assert_agenda_item_equal);

  g_free (item->description);
  item->description = g_strdup ("");
  g_ptr_array_set_size (item->documents, 0);
  ASSERT_ROUND_TRIP (QmAgendaItem, qm_agenda_item, item, assert_agenda_item_equal);
}

static void
test_agenda_item_parse (void)
{
  const char *text =
    "{\"id\": 5, \"position\": 0, \"title\": \"Khai mạc\", \"description\": \"\","
    " \"documents\": [{\"id\": \"" DOCID_B "\", \"title\": \"Chương trình\", \"pages\": 2, \"bytes\": 1234}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmAgendaItem) item = qm_agenda_item_parse (text, -1, &error);
  QmItemDocument *document;

  g_assert_no_error (error);
  g_assert_cmpint (item->id, ==, 5);
  g_assert_cmpint (item->position, ==, 0);
  g_assert_cmpstr (item->title, ==, "Khai mạc");
  g_assert_cmpstr (item->description, ==, "");
  g_assert_cmpuint (item->documents->len, ==, 1);
  document = g_ptr_array_index (item->documents, 0);
  g_assert_cmpstr (document->id, ==, DOCID_B);
  g_assert_cmpstr (document->title, ==, "Chương trình");
  g_assert_cmpint (document->pages, ==, 2);
  g_assert_cmpint (document->bytes, ==, 1234);
}

static void
test_meeting_round_trip (void)
{
  g_autoptr(QmMeeting) meeting = make_meeting (TRUE);

  ASSERT_ROUND_TRIP (QmMeeting, qm_meeting, meeting, assert_meeting_equal);

  meeting->require_quorum = FALSE;
  g_free (meeting->starts_at);
  meeting->starts_at = g_strdup ("2026-12-01T02:00:00Z");
  ASSERT_ROUND_TRIP (QmMeeting, qm_meeting, meeting, assert_meeting_equal);
}

static void
test_meeting_without_participants (void)
{
  g_autoptr(QmMeeting) meeting = make_meeting (FALSE);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  /* The agenda event sends a meeting with "participants" left out. */
  ASSERT_ROUND_TRIP (QmMeeting, qm_meeting, meeting, assert_meeting_equal);
  text = qm_meeting_serialize (meeting, NULL);
  object = parse_object (text, parser);
  g_assert_false (json_object_has_member (object, "participants"));
  g_assert_true (json_object_has_member (object, "agenda"));
}

static void
test_meeting_parse (void)
{
  const char *text =
    "{\"id\": 17, \"title\": \"Kỳ họp thứ 9\", \"starts_at\": \"2026-12-01T09:00:00+07:00\","
    " \"location\": \"Hội trường A\", \"require_quorum\": true,"
    " \"participants\": ["
    "   {\"user\": {\"id\": 1, \"display_name\": \"Chủ tọa\"}, \"role\": \"chair\", \"proxy_holder\": null},"
    "   {\"user\": {\"id\": 3, \"display_name\": \"Đại biểu\"}, \"role\": \"delegate\", \"proxy_holder\": 1}],"
    " \"agenda\": ["
    "   {\"id\": 30, \"position\": 0, \"title\": \"Mục 1\", \"description\": \"Mô tả\", \"documents\": []},"
    "   {\"id\": 28, \"position\": 1, \"title\": \"Mục 2\", \"description\": \"\","
    "    \"documents\": [{\"id\": \"" DOCID_A "\", \"title\": \"Tài liệu\", \"pages\": 9, \"bytes\": 99}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMeeting) meeting = qm_meeting_parse (text, -1, &error);
  QmParticipant *participant;
  QmAgendaItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (meeting->id, ==, 17);
  g_assert_cmpstr (meeting->title, ==, "Kỳ họp thứ 9");
  g_assert_cmpstr (meeting->starts_at, ==, "2026-12-01T09:00:00+07:00");
  g_assert_cmpstr (meeting->location, ==, "Hội trường A");
  g_assert_true (meeting->require_quorum);
  g_assert_cmpuint (meeting->participants->len, ==, 2);
  participant = g_ptr_array_index (meeting->participants, 1);
  g_assert_cmpint (participant->user_id, ==, 3);
  g_assert_cmpint (participant->role, ==, QM_MEETING_ROLE_DELEGATE);
  g_assert_cmpint (participant->proxy_holder, ==, 1);
  g_assert_cmpuint (meeting->agenda->len, ==, 2);
  item = g_ptr_array_index (meeting->agenda, 0);
  g_assert_cmpint (item->id, ==, 30);
  g_assert_cmpint (item->position, ==, 0);
  g_assert_cmpuint (item->documents->len, ==, 0);
  item = g_ptr_array_index (meeting->agenda, 1);
  g_assert_cmpint (item->id, ==, 28);
  g_assert_cmpuint (item->documents->len, ==, 1);

  g_assert_true (qm_meeting_find_participant (meeting, 3) == participant);
  g_assert_true (qm_meeting_find_participant (meeting, 1) == g_ptr_array_index (meeting->participants, 0));
  g_assert_null (qm_meeting_find_participant (meeting, 2));
  g_assert_null (qm_meeting_find_participant (meeting, 30));
}

static void
test_meeting_summary (void)
{
  g_autoptr(QmMeetingSummary) summary = qm_meeting_summary_new ();
  g_autoptr(QmMeetingSummary) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  summary->id = 3;
  summary->title = g_strdup ("Họp giao ban");
  summary->starts_at = g_strdup ("2026-12-02T08:00:00+07:00");
  summary->location = g_strdup ("Phòng 305");
  summary->role = QM_MEETING_ROLE_SECRETARY;
  ASSERT_ROUND_TRIP (QmMeetingSummary, qm_meeting_summary, summary, assert_meeting_summary_equal);

  /* Not a participant: "role": null */
  summary->role = QM_MEETING_ROLE_NONE;
  ASSERT_ROUND_TRIP (QmMeetingSummary, qm_meeting_summary, summary, assert_meeting_summary_equal);
  text = qm_meeting_summary_serialize (summary, NULL);
  object = parse_object (text, parser);
  g_assert_true (json_object_has_member (object, "role"));
  g_assert_true (json_object_get_null_member (object, "role"));

  parsed = qm_meeting_summary_parse ("{\"id\":4,\"title\":\"T\",\"starts_at\":\"2026-12-02T01:00:00Z\","
                                     "\"location\":\"L\",\"role\":\"observer\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->id, ==, 4);
  g_assert_cmpstr (parsed->title, ==, "T");
  g_assert_cmpstr (parsed->starts_at, ==, "2026-12-02T01:00:00Z");
  g_assert_cmpstr (parsed->location, ==, "L");
  g_assert_cmpint (parsed->role, ==, QM_MEETING_ROLE_OBSERVER);
}

static void
test_document (void)
{
  g_autoptr(QmDocument) document = qm_document_new ();
  g_autoptr(QmDocument) parsed = NULL;
  g_autoptr(GError) error = NULL;

  document->id = g_strdup (DOCID_A);
  document->name = g_strdup ("to-trinh-ngan-sach.pdf");
  document->title = g_strdup ("Tờ trình ngân sách");
  document->pages = 48;
  document->bytes = 1048576;
  ASSERT_ROUND_TRIP (QmDocument, qm_document, document, assert_document_equal);

  parsed = qm_document_parse ("{\"id\":\"" DOCID_B "\",\"name\":\"a.pdf\",\"title\":\"\","
                              "\"pages\":1,\"bytes\":512,\"sha\":\"extra\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->id, ==, DOCID_B);
  g_assert_cmpstr (parsed->name, ==, "a.pdf");
  g_assert_cmpstr (parsed->title, ==, "");
  g_assert_cmpint (parsed->pages, ==, 1);
  g_assert_cmpint (parsed->bytes, ==, 512);
}

static void
test_vote_round_trip_closed (void)
{
  g_autoptr(QmVote) vote = make_closed_vote ();

  ASSERT_ROUND_TRIP (QmVote, qm_vote, vote, assert_vote_equal);

  vote->majority = QM_MAJORITY_SIMPLE;
  vote->result.passed = TRUE;
  g_array_set_size (vote->ballots, 0);
  ASSERT_ROUND_TRIP (QmVote, qm_vote, vote, assert_vote_equal);
}

static void
test_vote_round_trip_open (void)
{
  g_autoptr(QmVote) vote = make_open_vote ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *options;

  ASSERT_ROUND_TRIP (QmVote, qm_vote, vote, assert_vote_equal);

  /* The nullable members are there, as null */
  text = qm_vote_serialize (vote, NULL);
  object = parse_object (text, parser);
  g_assert_true (json_object_get_null_member (object, "item"));
  g_assert_true (json_object_get_null_member (object, "closed_at"));
  g_assert_true (json_object_get_null_member (object, "result"));
  g_assert_true (json_object_get_null_member (object, "ballots"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (object, "majority"), ==, "absolute");
  g_assert_true (json_object_get_boolean_member (object, "secret"));
  options = json_object_get_array_member (object, "options");
  g_assert_nonnull (options);
  g_assert_cmpuint (json_array_get_length (options), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (options, 0), ==, "yes");
  g_assert_cmpstr (json_array_get_string_element (options, 1), ==, "no");
  g_assert_cmpstr (json_array_get_string_element (options, 2), ==, "abstain");
}

static void
test_vote_parse (void)
{
  const char *text =
    "{\"id\": 9, \"question\": \"Thông qua nghị quyết?\", \"item\": 31, \"secret\": false,"
    " \"majority\": \"two_thirds\", \"options\": [\"yes\", \"no\", \"abstain\"],"
    " \"status\": \"closed\", \"eligible\": 5, \"cast\": 4,"
    " \"opened_at\": \"2026-12-01T02:10:00Z\", \"closed_at\": \"2026-12-01T02:15:00Z\","
    " \"result\": {\"yes\": 3, \"no\": 1, \"abstain\": 0, \"cast\": 4, \"eligible\": 5, \"passed\": true},"
    " \"ballots\": [{\"user\": 1, \"choice\": \"yes\", \"by\": 1},"
    "              {\"user\": 3, \"choice\": \"no\", \"by\": 4}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmVote) vote = qm_vote_parse (text, -1, &error);
  const QmBallot *ballot;

  g_assert_no_error (error);
  g_assert_cmpint (vote->id, ==, 9);
  g_assert_cmpstr (vote->question, ==, "Thông qua nghị quyết?");
  g_assert_cmpint (vote->item, ==, 31);
  g_assert_false (vote->secret);
  g_assert_cmpint (vote->majority, ==, QM_MAJORITY_TWO_THIRDS);
  g_assert_cmpint (vote->status, ==, QM_VOTE_STATUS_CLOSED);
  g_assert_cmpint (vote->eligible, ==, 5);
  g_assert_cmpint (vote->cast, ==, 4);
  g_assert_cmpstr (vote->opened_at, ==, "2026-12-01T02:10:00Z");
  g_assert_cmpstr (vote->closed_at, ==, "2026-12-01T02:15:00Z");
  g_assert_true (vote->has_result);
  g_assert_cmpint (vote->result.yes, ==, 3);
  g_assert_cmpint (vote->result.no, ==, 1);
  g_assert_cmpint (vote->result.abstain, ==, 0);
  g_assert_cmpint (vote->result.cast, ==, 4);
  g_assert_cmpint (vote->result.eligible, ==, 5);
  g_assert_true (vote->result.passed);
  g_assert_nonnull (vote->ballots);
  g_assert_cmpuint (vote->ballots->len, ==, 2);
  ballot = &g_array_index (vote->ballots, QmBallot, 1);
  g_assert_cmpint (ballot->user, ==, 3);
  g_assert_cmpint (ballot->choice, ==, QM_CHOICE_NO);
  g_assert_cmpint (ballot->by, ==, 4);
}

static void
test_vote_parse_open (void)
{
  const char *text =
    "{\"id\": 10, \"question\": \"Q\", \"item\": null, \"secret\": true,"
    " \"majority\": \"simple\", \"options\": [\"yes\", \"no\", \"abstain\"],"
    " \"status\": \"open\", \"eligible\": 7, \"cast\": 0,"
    " \"opened_at\": \"2026-12-01T02:10:00.500Z\", \"closed_at\": null,"
    " \"result\": null, \"ballots\": null}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmVote) vote = qm_vote_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (vote->item, ==, 0);
  g_assert_true (vote->secret);
  g_assert_cmpint (vote->majority, ==, QM_MAJORITY_SIMPLE);
  g_assert_cmpint (vote->status, ==, QM_VOTE_STATUS_OPEN);
  g_assert_cmpint (vote->eligible, ==, 7);
  g_assert_cmpint (vote->cast, ==, 0);
  g_assert_null (vote->closed_at);
  g_assert_false (vote->has_result);
  g_assert_null (vote->ballots);
}

static void
test_vote_result (void)
{
  QmVoteResult result = { 12, 3, 2, 17, 20, TRUE };
  QmVoteResult parsed = { 0, };
  g_autoptr(JsonNode) node = qm_vote_result_to_json (&result);
  g_autoptr(JsonNode) bad = json_from_string ("{\"yes\":1,\"no\":0,\"abstain\":0,\"cast\":1,"
                                              "\"eligible\":2,\"passed\":\"yes\"}", NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "yes"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "no"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "abstain"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "cast"), ==, 17);
  g_assert_cmpint (json_object_get_int_member (object, "eligible"), ==, 20);
  g_assert_true (json_object_get_boolean_member (object, "passed"));

  g_assert_true (qm_vote_result_from_json (node, &parsed, &error));
  g_assert_no_error (error);
  assert_vote_result_equal (&result, &parsed);

  g_assert_nonnull (bad);
  g_assert_false (qm_vote_result_from_json (bad, &parsed, &error));
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST);
}

static void
test_annotation_ink (void)
{
  g_autoptr(QmAnnotation) annotation = make_ink_annotation ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *data;
  JsonArray *strokes;
  JsonArray *point;

  ASSERT_ROUND_TRIP (QmAnnotation, qm_annotation, annotation, assert_annotation_equal);

  text = qm_annotation_serialize (annotation, NULL);
  object = parse_object (text, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "ink");
  g_assert_cmpint (json_object_get_int_member (object, "author"), ==, 12);
  data = json_object_get_object_member (object, "data");
  g_assert_nonnull (data);
  g_assert_cmpstr (json_object_get_string_member (data, "color"), ==, "#1a2b3c");
  strokes = json_object_get_array_member (data, "strokes");
  g_assert_cmpuint (json_array_get_length (strokes), ==, 2);
  /* A point without pressure is [x,y]; with it [x,y,pressure] */
  point = json_array_get_array_element (json_array_get_array_element (strokes, 0), 0);
  g_assert_cmpuint (json_array_get_length (point), ==, 2);
  point = json_array_get_array_element (json_array_get_array_element (strokes, 1), 0);
  g_assert_cmpuint (json_array_get_length (point), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (point, 2), ==, 0.5);
}

static void
test_annotation_highlight (void)
{
  g_autoptr(QmAnnotation) annotation = make_highlight_annotation ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data;
  JsonArray *quad;

  ASSERT_ROUND_TRIP (QmAnnotation, qm_annotation, annotation, assert_annotation_equal);

  text = qm_annotation_serialize (annotation, NULL);
  data = json_object_get_object_member (parse_object (text, parser), "data");
  quad = json_array_get_array_element (json_object_get_array_member (data, "quads"), 1);
  g_assert_cmpuint (json_array_get_length (quad), ==, 4);
  g_assert_cmpfloat (json_array_get_double_element (quad, 2), ==, 250.125);
  g_assert_cmpstr (json_object_get_string_member (data, "color"), ==, "#ffee00");
}

static void
test_annotation_note (void)
{
  g_autoptr(QmAnnotation) annotation = make_note_annotation ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data;

  ASSERT_ROUND_TRIP (QmAnnotation, qm_annotation, annotation, assert_annotation_equal);

  text = qm_annotation_serialize (annotation, NULL);
  data = json_object_get_object_member (parse_object (text, parser), "data");
  g_assert_cmpfloat (json_object_get_double_member (data, "x"), ==, 56.5);
  g_assert_cmpfloat (json_object_get_double_member (data, "y"), ==, 700);
  g_assert_cmpstr (json_object_get_string_member (data, "text"), ==, annotation->text);
}

static void
test_annotation_parse (void)
{
  const char *ink =
    "{\"id\": \"" UUID_A "\", \"doc\": \"" DOCID_A "\", \"page\": 2, \"kind\": \"ink\","
    " \"shared\": false, \"rev\": 1, \"author\": 3,"
    " \"data\": {\"strokes\": [[[10, 20], [11.5, 21.5, 0.25]], [[0, 0, 1]]],"
    " \"color\": \"#AbCdEf\", \"width\": 1}}";
  const char *highlight =
    "{\"id\": \"" UUID_B "\", \"doc\": \"" DOCID_B "\", \"page\": 1, \"kind\": \"highlight\","
    " \"shared\": true, \"rev\": 2, \"author\": 4,"
    " \"data\": {\"quads\": [[1, 2, 3, 4]], \"color\": \"#00ff00\"}}";
  const char *note =
    "{\"id\": \"" UUID_A "\", \"doc\": \"" DOCID_A "\", \"page\": 5, \"kind\": \"note\","
    " \"shared\": true, \"rev\": 7, \"author\": 5,"
    " \"data\": {\"x\": 10.5, \"y\": 20, \"text\": \"Ghi chú\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(QmAnnotation) a = qm_annotation_parse (ink, -1, &error);
  g_autoptr(QmAnnotation) b = NULL;
  g_autoptr(QmAnnotation) c = NULL;
  GArray *stroke;
  const QmQuad *quad;

  g_assert_no_error (error);
  g_assert_cmpstr (a->id, ==, UUID_A);
  g_assert_cmpstr (a->doc, ==, DOCID_A);
  g_assert_cmpint (a->page, ==, 2);
  g_assert_cmpint (a->kind, ==, QM_ANNOTATION_INK);
  g_assert_false (a->shared);
  g_assert_cmpint (a->rev, ==, 1);
  g_assert_cmpint (a->author, ==, 3);
  g_assert_cmpint (g_ascii_strcasecmp (a->color, "#abcdef"), ==, 0);
  g_assert_cmpfloat (a->width, ==, 1);
  g_assert_cmpuint (a->strokes->len, ==, 2);
  stroke = g_ptr_array_index (a->strokes, 0);
  g_assert_cmpuint (stroke->len, ==, 2);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 0).x, ==, 10);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 0).y, ==, 20);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 0).pressure, <, 0);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 1).x, ==, 11.5);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 1).pressure, ==, 0.25);
  stroke = g_ptr_array_index (a->strokes, 1);
  g_assert_cmpuint (stroke->len, ==, 1);
  g_assert_cmpfloat (g_array_index (stroke, QmInkPoint, 0).pressure, ==, 1);

  b = qm_annotation_parse (highlight, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->kind, ==, QM_ANNOTATION_HIGHLIGHT);
  g_assert_true (b->shared);
  g_assert_cmpint (b->rev, ==, 2);
  g_assert_cmpint (b->author, ==, 4);
  g_assert_cmpstr (b->color, ==, "#00ff00");
  g_assert_cmpuint (b->quads->len, ==, 1);
  quad = &g_array_index (b->quads, QmQuad, 0);
  g_assert_cmpfloat (quad->x1, ==, 1);
  g_assert_cmpfloat (quad->y1, ==, 2);
  g_assert_cmpfloat (quad->x2, ==, 3);
  g_assert_cmpfloat (quad->y2, ==, 4);

  c = qm_annotation_parse (note, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->kind, ==, QM_ANNOTATION_NOTE);
  g_assert_cmpint (c->page, ==, 5);
  g_assert_cmpint (c->rev, ==, 7);
  g_assert_cmpfloat (c->x, ==, 10.5);
  g_assert_cmpfloat (c->y, ==, 20);
  g_assert_cmpstr (c->text, ==, "Ghi chú");
}

static void
test_annotation_fits_page (void)
{
  g_autoptr(QmAnnotation) ink = make_ink_annotation ();
  g_autoptr(QmAnnotation) highlight = make_highlight_annotation ();
  g_autoptr(QmAnnotation) note = make_note_annotation ();
  const QmInkPoint small[] = { { 10, 20, -1 }, { 500, 700, 0.5 } };
  QmQuad *quad;

  /* The ink annotation reaches (14400, 14400) */
  g_assert_true (qm_annotation_fits_page (ink, QM_MAX_PAGE_POINTS, QM_MAX_PAGE_POINTS));
  g_assert_false (qm_annotation_fits_page (ink, 612, 792));
  g_ptr_array_set_size (ink->strokes, 0);
  g_ptr_array_add (ink->strokes, make_stroke (small, G_N_ELEMENTS (small)));
  g_assert_true (qm_annotation_fits_page (ink, 612, 792));
  g_assert_false (qm_annotation_fits_page (ink, 400, 792));  /* x = 500 */
  g_assert_false (qm_annotation_fits_page (ink, 612, 600));  /* y = 700 */

  /* Quads reach x 300 and y 126 */
  g_assert_true (qm_annotation_fits_page (highlight, 612, 792));
  g_assert_false (qm_annotation_fits_page (highlight, 299, 792));
  g_assert_false (qm_annotation_fits_page (highlight, 612, 120));
  quad = &g_array_index (highlight->quads, QmQuad, 1);
  quad->x1 = 610;
  g_assert_false (qm_annotation_fits_page (highlight, 600, 792));

  /* The note sits at (56.5, 700) */
  g_assert_true (qm_annotation_fits_page (note, 612, 792));
  g_assert_false (qm_annotation_fits_page (note, 50, 792));
  g_assert_false (qm_annotation_fits_page (note, 612, 699));
}

/* }}} */

/* {{{ HTTP bodies */

static void
assert_error_body_equal (const QmErrorBody *a,
                         const QmErrorBody *b)
{
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->message, ==, b->message);
}

static void
test_error_body (void)
{
  g_autoptr(QmErrorBody) body = qm_error_body_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *inner;

  body->code = g_strdup ("not_found");
  body->message = g_strdup ("No such meeting");
  ASSERT_ROUND_TRIP (QmErrorBody, qm_error_body, body, assert_error_body_equal);

  text = qm_error_body_serialize (body, NULL);
  inner = json_object_get_object_member (parse_object (text, parser), "error");
  g_assert_nonnull (inner);
  g_assert_cmpstr (json_object_get_string_member (inner, "code"), ==, "not_found");
  g_assert_cmpstr (json_object_get_string_member (inner, "message"), ==, "No such meeting");
}

static void
test_error_body_serialize_error (void)
{
  struct {
    GQuark      domain;
    int         code;
    const char *message;
    const char *wire;
  } rows[] = {
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND, "No such meeting", "not_found" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED, "Not a JSON object", "bad_request" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_ALREADY_VOTED, "Already voted", "already_voted" },
    { QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT, "Cannot open", "invalid_document" },
    { G_IO_ERROR, G_IO_ERROR_FAILED, "Disk on fire", "internal" },
    { G_FILE_ERROR, G_FILE_ERROR_NOENT, "No such file", "internal" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) source = g_error_new_literal (rows[i].domain, rows[i].code, rows[i].message);
      g_autoptr(GError) error = NULL;
      g_autoptr(QmErrorBody) body = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length = 0;
      g_autofree char *text = qm_error_body_serialize_error (source, &length);
      JsonObject *object;

      g_assert_nonnull (text);
      g_assert_cmpuint (length, ==, strlen (text));
      object = parse_object (text, parser);
      g_assert_true (json_object_has_member (object, "error"));
      body = qm_error_body_parse (text, length, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (body->code, ==, rows[i].wire);
      g_assert_nonnull (body->message);
      if (rows[i].domain == QM_PROTOCOL_ERROR)
        g_assert_cmpstr (body->message, ==, rows[i].message);
    }
}

static void
assert_health_equal (const QmHealth *a,
                     const QmHealth *b)
{
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpstr (a->version, ==, b->version);
}

static void
test_health (void)
{
  g_autoptr(QmHealth) health = qm_health_new ();
  g_autoptr(QmHealth) parsed = NULL;
  g_autoptr(GError) error = NULL;

  health->status = g_strdup ("ok");
  health->version = g_strdup ("0.1.0");
  ASSERT_ROUND_TRIP (QmHealth, qm_health, health, assert_health_equal);

  parsed = qm_health_parse ("{\"status\":\"ok\",\"version\":\"1.2.3\",\"uptime\":5}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->status, ==, "ok");
  g_assert_cmpstr (parsed->version, ==, "1.2.3");
}

static void
assert_login_request_equal (const QmLoginRequest *a,
                            const QmLoginRequest *b)
{
  g_assert_cmpstr (a->username, ==, b->username);
  g_assert_cmpstr (a->password, ==, b->password);
}

static void
test_login_request (void)
{
  g_autoptr(QmLoginRequest) request = qm_login_request_new ();
  g_autoptr(QmLoginRequest) parsed = NULL;
  g_autoptr(GError) error = NULL;

  request->username = g_strdup ("chair");
  request->password = g_strdup ("mật khẩu \"bí mật\" 123");
  ASSERT_ROUND_TRIP (QmLoginRequest, qm_login_request, request, assert_login_request_equal);

  parsed = qm_login_request_parse ("{\"username\":\"alice\",\"password\":\"correct horse\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->username, ==, "alice");
  g_assert_cmpstr (parsed->password, ==, "correct horse");
}

static void
assert_login_response_equal (const QmLoginResponse *a,
                             const QmLoginResponse *b)
{
  g_assert_cmpstr (a->token, ==, b->token);
  g_assert_nonnull (b->user);
  assert_user_equal (a->user, b->user);
}

static void
test_login_response (void)
{
  g_autoptr(QmLoginResponse) response = qm_login_response_new ();
  g_autoptr(QmLoginResponse) parsed = NULL;
  g_autoptr(GError) error = NULL;

  response->token = g_strdup ("q1.AbCdEf0123456789-_xyz");
  response->user = make_user (5, "thu.ky");
  ASSERT_ROUND_TRIP (QmLoginResponse, qm_login_response, response, assert_login_response_equal);

  parsed = qm_login_response_parse ("{\"token\":\"T0K3N\",\"user\":{\"id\":2,\"username\":\"bob\","
                                    "\"display_name\":\"Bob\",\"roles\":[\"admin\"]}}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->token, ==, "T0K3N");
  g_assert_cmpint (parsed->user->id, ==, 2);
  g_assert_cmpstr (parsed->user->username, ==, "bob");
  g_assert_cmpint (parsed->user->roles, ==, QM_ACCOUNT_ROLE_ADMIN);
}

static void
assert_user_create_equal (const QmUserCreate *a,
                          const QmUserCreate *b)
{
  g_assert_cmpstr (a->username, ==, b->username);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpstr (a->password, ==, b->password);
  g_assert_cmpint (a->roles, ==, b->roles);
}

static void
test_user_create (void)
{
  g_autoptr(QmUserCreate) create = qm_user_create_new ();
  g_autoptr(QmUserCreate) parsed = NULL;
  g_autoptr(GError) error = NULL;

  create->username = g_strdup ("pho.chu.tich");
  create->display_name = g_strdup ("Phó Chủ tịch Đặng");
  create->password = g_strdup ("mậtkhẩu8");   /* 8 characters, more bytes */
  create->roles = QM_ACCOUNT_ROLE_SECRETARY;
  ASSERT_ROUND_TRIP (QmUserCreate, qm_user_create, create, assert_user_create_equal);
  create->roles = QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY;
  ASSERT_ROUND_TRIP (QmUserCreate, qm_user_create, create, assert_user_create_equal);

  parsed = qm_user_create_parse ("{\"username\":\"del1\",\"display_name\":\"Đại biểu 1\","
                                 "\"password\":\"12345678\",\"roles\":[]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->username, ==, "del1");
  g_assert_cmpstr (parsed->display_name, ==, "Đại biểu 1");
  g_assert_cmpstr (parsed->password, ==, "12345678");
  g_assert_cmpint (parsed->roles, ==, 0);
}

static void
assert_meeting_create_equal (const QmMeetingCreate *a,
                             const QmMeetingCreate *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->starts_at, ==, b->starts_at);
  g_assert_cmpstr (a->location, ==, b->location);
}

static void
test_meeting_create (void)
{
  g_autoptr(QmMeetingCreate) create = qm_meeting_create_new ();
  g_autoptr(QmMeetingCreate) parsed = NULL;
  g_autoptr(GError) error = NULL;

  create->title = g_strdup ("Họp UBND tỉnh — phiên thường kỳ");
  create->starts_at = g_strdup ("2026-12-01T09:00:00+07:00");
  create->location = g_strdup ("Trụ sở UBND");
  ASSERT_ROUND_TRIP (QmMeetingCreate, qm_meeting_create, create, assert_meeting_create_equal);

  parsed = qm_meeting_create_parse ("{\"title\":\"T\",\"starts_at\":\"2026-12-01T02:00:00Z\","
                                    "\"location\":\"L\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->title, ==, "T");
  g_assert_cmpstr (parsed->starts_at, ==, "2026-12-01T02:00:00Z");
  g_assert_cmpstr (parsed->location, ==, "L");
}

static void
assert_meeting_patch_equal (const QmMeetingPatch *a,
                            const QmMeetingPatch *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->starts_at, ==, b->starts_at);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpint (!!a->has_require_quorum, ==, !!b->has_require_quorum);
  if (a->has_require_quorum)
    g_assert_cmpint (!!a->require_quorum, ==, !!b->require_quorum);
}

static void
test_meeting_patch (void)
{
  g_autoptr(QmMeetingPatch) patch = qm_meeting_patch_new ();
  g_autoptr(QmMeetingPatch) only_quorum = NULL;
  g_autoptr(QmMeetingPatch) only_title = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  patch->title = g_strdup ("Tên mới");
  patch->starts_at = g_strdup ("2026-12-03T14:30:00+07:00");
  patch->location = g_strdup ("Phòng 1");
  patch->has_require_quorum = TRUE;
  patch->require_quorum = TRUE;
  ASSERT_ROUND_TRIP (QmMeetingPatch, qm_meeting_patch, patch, assert_meeting_patch_equal);

  only_quorum = qm_meeting_patch_parse ("{\"require_quorum\":false}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (only_quorum->title);
  g_assert_null (only_quorum->starts_at);
  g_assert_null (only_quorum->location);
  g_assert_true (only_quorum->has_require_quorum);
  g_assert_false (only_quorum->require_quorum);
  ASSERT_ROUND_TRIP (QmMeetingPatch, qm_meeting_patch, only_quorum, assert_meeting_patch_equal);

  only_title = qm_meeting_patch_parse ("{\"title\":\"Chỉ tên\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only_title->title, ==, "Chỉ tên");
  g_assert_null (only_title->starts_at);
  g_assert_null (only_title->location);
  g_assert_false (only_title->has_require_quorum);
  ASSERT_ROUND_TRIP (QmMeetingPatch, qm_meeting_patch, only_title, assert_meeting_patch_equal);

  /* What is left as it is stays out of the text */
  text = qm_meeting_patch_serialize (only_title, NULL);
  object = parse_object (text, parser);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
}

static void
assert_participant_put_equal (const QmParticipantPut *a,
                              const QmParticipantPut *b)
{
  g_assert_cmpint (a->role, ==, b->role);
}

static void
test_participant_put (void)
{
  for (QmMeetingRole role = QM_MEETING_ROLE_CHAIR; role <= QM_MEETING_ROLE_OBSERVER; role++)
    {
      g_autoptr(QmParticipantPut) put = qm_participant_put_new ();
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(QmParticipantPut) parsed = NULL;
      g_autoptr(GError) error = NULL;

      put->role = role;
      ASSERT_ROUND_TRIP (QmParticipantPut, qm_participant_put, put, assert_participant_put_equal);
      text = qm_participant_put_serialize (put, NULL);
      parsed = qm_participant_put_parse (text, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (parsed->role, ==, role);
      g_clear_pointer (&parsed, qm_participant_put_free);

      expected = g_strdup_printf ("{\"role\":\"%s\"}", qm_meeting_role_to_string (role));
      parsed = qm_participant_put_parse (expected, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (parsed->role, ==, role);
    }
}

static void
assert_proxy_put_equal (const QmProxyPut *a,
                        const QmProxyPut *b)
{
  g_assert_cmpint (a->holder, ==, b->holder);
}

static void
assert_proxy_equal (const QmProxy *a,
                    const QmProxy *b)
{
  g_assert_cmpint (a->member, ==, b->member);
  g_assert_cmpint (a->holder, ==, b->holder);
}

static void
test_proxy (void)
{
  g_autoptr(QmProxyPut) put = qm_proxy_put_new ();
  g_autoptr(QmProxy) proxy = qm_proxy_new ();
  g_autoptr(QmProxyPut) parsed_put = NULL;
  g_autoptr(QmProxy) parsed = NULL;
  g_autoptr(GError) error = NULL;

  put->holder = 77;
  ASSERT_ROUND_TRIP (QmProxyPut, qm_proxy_put, put, assert_proxy_put_equal);
  proxy->member = 3;
  proxy->holder = 4;
  ASSERT_ROUND_TRIP (QmProxy, qm_proxy, proxy, assert_proxy_equal);

  parsed_put = qm_proxy_put_parse ("{\"holder\":12}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed_put->holder, ==, 12);
  parsed = qm_proxy_parse ("{\"member\":5,\"holder\":6}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->member, ==, 5);
  g_assert_cmpint (parsed->holder, ==, 6);
}

static void
assert_agenda_item_create_equal (const QmAgendaItemCreate *a,
                                 const QmAgendaItemCreate *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
}

static void
assert_agenda_item_patch_equal (const QmAgendaItemPatch *a,
                                const QmAgendaItemPatch *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
}

static void
test_agenda_item_requests (void)
{
  g_autoptr(QmAgendaItemCreate) create = qm_agenda_item_create_new ();
  g_autoptr(QmAgendaItemCreate) no_description = NULL;
  g_autoptr(QmAgendaItemPatch) patch = qm_agenda_item_patch_new ();
  g_autoptr(QmAgendaItemPatch) only_description = NULL;
  g_autoptr(GError) error = NULL;

  create->title = g_strdup ("Báo cáo tình hình kinh tế - xã hội");
  create->description = g_strdup ("Quý IV/2026");
  ASSERT_ROUND_TRIP (QmAgendaItemCreate, qm_agenda_item_create, create, assert_agenda_item_create_equal);

  no_description = qm_agenda_item_create_parse ("{\"title\":\"Bế mạc\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (no_description->title, ==, "Bế mạc");
  g_assert_cmpstr (no_description->description, ==, "");

  patch->title = g_strdup ("Tiêu đề mới");
  patch->description = g_strdup ("Mô tả mới");
  ASSERT_ROUND_TRIP (QmAgendaItemPatch, qm_agenda_item_patch, patch, assert_agenda_item_patch_equal);

  only_description = qm_agenda_item_patch_parse ("{\"description\":\"Chỉ mô tả\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (only_description->title);
  g_assert_cmpstr (only_description->description, ==, "Chỉ mô tả");
  ASSERT_ROUND_TRIP (QmAgendaItemPatch, qm_agenda_item_patch, only_description, assert_agenda_item_patch_equal);
}

static void
assert_agenda_order_equal (const QmAgendaOrder *a,
                           const QmAgendaOrder *b)
{
  g_assert_nonnull (b->items);
  g_assert_cmpuint (a->items->len, ==, b->items->len);
  for (guint i = 0; i < a->items->len; i++)
    g_assert_cmpint (g_array_index (a->items, gint64, i), ==, g_array_index (b->items, gint64, i));
}

static void
test_agenda_order (void)
{
  g_autoptr(QmAgendaOrder) order = qm_agenda_order_new ();
  g_autoptr(QmAgendaOrder) parsed = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 items[] = { 30, 31, 2, QM_MAX_ID };

  g_clear_pointer (&order->items, g_array_unref);
  order->items = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (order->items, items, G_N_ELEMENTS (items));
  ASSERT_ROUND_TRIP (QmAgendaOrder, qm_agenda_order, order, assert_agenda_order_equal);

  parsed = qm_agenda_order_parse ("{\"items\":[3,1,2]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->items->len, ==, 3);
  g_assert_cmpint (g_array_index (parsed->items, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (parsed->items, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (parsed->items, gint64, 2), ==, 2);
}

static void
assert_attach_document_equal (const QmAttachDocument *a,
                              const QmAttachDocument *b)
{
  g_assert_cmpstr (a->document, ==, b->document);
  g_assert_cmpstr (a->title, ==, b->title);
}

static void
test_attach_document (void)
{
  g_autoptr(QmAttachDocument) attach = qm_attach_document_new ();
  g_autoptr(QmAttachDocument) no_title = NULL;
  g_autoptr(GError) error = NULL;

  attach->document = g_strdup (DOCID_A);
  attach->title = g_strdup ("Phụ lục 1");
  ASSERT_ROUND_TRIP (QmAttachDocument, qm_attach_document, attach, assert_attach_document_equal);

  no_title = qm_attach_document_parse ("{\"document\":\"" DOCID_B "\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (no_title->document, ==, DOCID_B);
  g_assert_null (no_title->title);
  ASSERT_ROUND_TRIP (QmAttachDocument, qm_attach_document, no_title, assert_attach_document_equal);
}

/* }}} */

/* {{{ Lists */

static void
test_list_users (void)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_user_free);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) empty_parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  g_autofree char *text = NULL;
  g_autofree char *empty_text = NULL;
  JsonNode *root;

  g_ptr_array_add (users, make_user (1, "admin"));
  g_ptr_array_add (users, make_user (2, "thu.ky"));
  g_ptr_array_add (users, make_user (3, "dai-bieu@3"));
  ((QmUser *) g_ptr_array_index (users, 2))->roles = 0;

  text = qm_user_list_serialize (users, &length);
  g_assert_cmpuint (length, ==, strlen (text));
  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 3);

  parsed = qm_user_list_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpuint (parsed->len, ==, 3);
  for (guint i = 0; i < users->len; i++)
    assert_user_equal (g_ptr_array_index (users, i), g_ptr_array_index (parsed, i));

  empty = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_user_free);
  empty_text = qm_user_list_serialize (empty, NULL);
  empty_parsed = qm_user_list_parse (empty_text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty_parsed);
  g_assert_cmpuint (empty_parsed->len, ==, 0);
}

static void
test_list_others (void)
{
  g_autoptr(GPtrArray) votes = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_vote_free);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_annotation_free);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) parsed_votes = NULL;
  g_autoptr(GPtrArray) parsed_annotations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *votes_text = NULL;
  g_autofree char *annotations_text = NULL;

  g_ptr_array_add (votes, make_closed_vote ());
  g_ptr_array_add (votes, make_open_vote ());
  votes_text = qm_vote_list_serialize (votes, NULL);
  parsed_votes = qm_vote_list_parse (votes_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed_votes->len, ==, 2);
  assert_vote_equal (g_ptr_array_index (votes, 0), g_ptr_array_index (parsed_votes, 0));
  assert_vote_equal (g_ptr_array_index (votes, 1), g_ptr_array_index (parsed_votes, 1));

  g_ptr_array_add (annotations, make_ink_annotation ());
  g_ptr_array_add (annotations, make_highlight_annotation ());
  g_ptr_array_add (annotations, make_note_annotation ());
  annotations_text = qm_annotation_list_serialize (annotations, NULL);
  parsed_annotations = qm_annotation_list_parse (annotations_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed_annotations->len, ==, 3);
  for (guint i = 0; i < annotations->len; i++)
    assert_annotation_equal (g_ptr_array_index (annotations, i), g_ptr_array_index (parsed_annotations, i));

  summaries = qm_meeting_summary_list_parse (
    "[{\"id\":1,\"title\":\"A\",\"starts_at\":\"2026-12-01T09:00:00+07:00\",\"location\":\"X\",\"role\":\"chair\"},"
    " {\"id\":2,\"title\":\"B\",\"starts_at\":\"2026-12-02T09:00:00+07:00\",\"location\":\"Y\",\"role\":null}]",
    -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 2);
  g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (summaries, 0))->role, ==, QM_MEETING_ROLE_CHAIR);
  g_assert_cmpint (((QmMeetingSummary *) g_ptr_array_index (summaries, 1))->role, ==, QM_MEETING_ROLE_NONE);
  g_assert_cmpstr (((QmMeetingSummary *) g_ptr_array_index (summaries, 1))->title, ==, "B");
}

static void
test_list_invalid (void)
{
  const char *texts[] = {
    /* one bad element spoils the list: no partial result */
    "[{\"id\":1,\"username\":\"a\",\"display_name\":\"A\",\"roles\":[]},"
    " {\"id\":\"2\",\"username\":\"b\",\"display_name\":\"B\",\"roles\":[]}]",
    "[{\"id\":1,\"username\":\"a\",\"display_name\":\"A\",\"roles\":[]}, 5]",
    "[null]",
    "{\"id\":1,\"username\":\"a\",\"display_name\":\"A\",\"roles\":[]}",
    "\"users\"",
    "not json",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = qm_user_list_parse (texts[i], -1, &error);

      g_assert_null (list);
      g_assert_nonnull (error);
      g_assert_true (error->domain == QM_PROTOCOL_ERROR);
    }
}

/* }}} */

/* {{{ Enums and rules */

static void
test_enum_account_role (void)
{
  g_assert_cmpstr (qm_account_role_to_string (QM_ACCOUNT_ROLE_ADMIN), ==, "admin");
  g_assert_cmpstr (qm_account_role_to_string (QM_ACCOUNT_ROLE_SECRETARY), ==, "secretary");
}

static void
test_enum_meeting_role (void)
{
  struct { QmMeetingRole role; const char *text; gboolean voting; } rows[] = {
    { QM_MEETING_ROLE_CHAIR, "chair", TRUE },
    { QM_MEETING_ROLE_SECRETARY, "secretary", FALSE },
    { QM_MEETING_ROLE_DELEGATE, "delegate", TRUE },
    { QM_MEETING_ROLE_OBSERVER, "observer", FALSE },
  };
  const char *bad[] = { "king", "Chair", "CHAIR", "", "null", "chair ", "none" };
  QmMeetingRole role;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (qm_meeting_role_to_string (rows[i].role), ==, rows[i].text);
      role = QM_MEETING_ROLE_NONE;
      g_assert_true (qm_meeting_role_from_string (rows[i].text, &role));
      g_assert_cmpint (role, ==, rows[i].role);
      g_assert_cmpint (!!qm_meeting_role_is_voting (rows[i].role), ==, rows[i].voting);
    }
  g_assert_null (qm_meeting_role_to_string (QM_MEETING_ROLE_NONE));
  g_assert_false (qm_meeting_role_is_voting (QM_MEETING_ROLE_NONE));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (qm_meeting_role_from_string (bad[i], &role));
}

static void
test_enum_majority (void)
{
  struct { QmMajority majority; const char *text; } rows[] = {
    { QM_MAJORITY_SIMPLE, "simple" },
    { QM_MAJORITY_ABSOLUTE, "absolute" },
    { QM_MAJORITY_TWO_THIRDS, "two_thirds" },
  };
  const char *bad[] = { "unanimous", "Simple", "two-thirds", "twothirds", "" };
  QmMajority majority;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (qm_majority_to_string (rows[i].majority), ==, rows[i].text);
      majority = (QmMajority) 99;
      g_assert_true (qm_majority_from_string (rows[i].text, &majority));
      g_assert_cmpint (majority, ==, rows[i].majority);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (qm_majority_from_string (bad[i], &majority));
}

static void
test_enum_choice (void)
{
  struct { QmChoice choice; const char *text; } rows[] = {
    { QM_CHOICE_YES, "yes" },
    { QM_CHOICE_NO, "no" },
    { QM_CHOICE_ABSTAIN, "abstain" },
  };
  const char *bad[] = { "maybe", "YES", "Yes", "y", "" };
  QmChoice choice;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (qm_choice_to_string (rows[i].choice), ==, rows[i].text);
      choice = (QmChoice) 99;
      g_assert_true (qm_choice_from_string (rows[i].text, &choice));
      g_assert_cmpint (choice, ==, rows[i].choice);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (qm_choice_from_string (bad[i], &choice));
}

static void
test_enum_annotation_kind (void)
{
  struct { QmAnnotationKind kind; const char *text; } rows[] = {
    { QM_ANNOTATION_INK, "ink" },
    { QM_ANNOTATION_HIGHLIGHT, "highlight" },
    { QM_ANNOTATION_NOTE, "note" },
  };
  const char *bad[] = { "circle", "Ink", "notes", "" };
  QmAnnotationKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (qm_annotation_kind_to_string (rows[i].kind), ==, rows[i].text);
      kind = (QmAnnotationKind) 99;
      g_assert_true (qm_annotation_kind_from_string (rows[i].text, &kind));
      g_assert_cmpint (kind, ==, rows[i].kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (qm_annotation_kind_from_string (bad[i], &kind));
}

typedef struct
{
  QmMajority majority;
  gint64     yes;
  gint64     no;
  gint64     eligible;
  gboolean   passes;
} MajorityRow;

static void
check_majority_rows (const MajorityRow *rows,
                     guint              n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      gboolean passes = qm_majority_passes (rows[i].majority, rows[i].yes, rows[i].no, rows[i].eligible);

      if (!!passes != !!rows[i].passes)
        g_error ("%s: yes %" G_GINT64_FORMAT " no %" G_GINT64_FORMAT " eligible %" G_GINT64_FORMAT
                 ": expected %s",
                 qm_majority_to_string (rows[i].majority), rows[i].yes, rows[i].no, rows[i].eligible,
                 rows[i].passes ? "pass" : "fail");
    }
}

static void
test_majority_simple (void)
{
  /* yes > no; abstentions and absentees do not count */
  const MajorityRow rows[] = {
    { QM_MAJORITY_SIMPLE, 1, 0, 10, TRUE },
    { QM_MAJORITY_SIMPLE, 0, 0, 10, FALSE },
    { QM_MAJORITY_SIMPLE, 0, 0, 0, FALSE },
    { QM_MAJORITY_SIMPLE, 5, 5, 10, FALSE },     /* a tie fails */
    { QM_MAJORITY_SIMPLE, 6, 5, 20, TRUE },
    { QM_MAJORITY_SIMPLE, 5, 6, 20, FALSE },
    { QM_MAJORITY_SIMPLE, 0, 1, 1, FALSE },
    { QM_MAJORITY_SIMPLE, 2, 1, 100, TRUE },     /* far below half the room */
  };

  check_majority_rows (rows, G_N_ELEMENTS (rows));
}

static void
test_majority_absolute (void)
{
  /* yes > eligible / 2 */
  const MajorityRow rows[] = {
    { QM_MAJORITY_ABSOLUTE, 3, 0, 5, TRUE },     /* odd: 3 of 5 */
    { QM_MAJORITY_ABSOLUTE, 2, 0, 5, FALSE },    /* odd: 2 of 5 */
    { QM_MAJORITY_ABSOLUTE, 3, 0, 4, TRUE },     /* even: 3 of 4 */
    { QM_MAJORITY_ABSOLUTE, 2, 0, 4, FALSE },    /* even: exactly half fails */
    { QM_MAJORITY_ABSOLUTE, 2, 2, 4, FALSE },
    { QM_MAJORITY_ABSOLUTE, 6, 5, 20, FALSE },   /* more yes than no, not enough */
    { QM_MAJORITY_ABSOLUTE, 11, 9, 20, TRUE },
    { QM_MAJORITY_ABSOLUTE, 10, 0, 20, FALSE },
    { QM_MAJORITY_ABSOLUTE, 1, 0, 1, TRUE },
    { QM_MAJORITY_ABSOLUTE, 0, 0, 1, FALSE },
    { QM_MAJORITY_ABSOLUTE, 0, 0, 0, FALSE },
    { QM_MAJORITY_ABSOLUTE, 1, 0, 2, FALSE },
    { QM_MAJORITY_ABSOLUTE, 501, 499, 1000, TRUE },
    { QM_MAJORITY_ABSOLUTE, 500, 0, 1000, FALSE },
    { QM_MAJORITY_ABSOLUTE, 500, 0, 999, TRUE },
  };

  check_majority_rows (rows, G_N_ELEMENTS (rows));
}

static void
test_majority_two_thirds (void)
{
  /* 3·yes ≥ 2·(yes + no) and yes + no > 0 */
  const MajorityRow rows[] = {
    { QM_MAJORITY_TWO_THIRDS, 0, 0, 10, FALSE },  /* nobody took a side */
    { QM_MAJORITY_TWO_THIRDS, 0, 0, 0, FALSE },
    { QM_MAJORITY_TWO_THIRDS, 2, 1, 10, TRUE },   /* exactly two thirds */
    { QM_MAJORITY_TWO_THIRDS, 4, 2, 10, TRUE },
    { QM_MAJORITY_TWO_THIRDS, 1, 1, 10, FALSE },
    { QM_MAJORITY_TWO_THIRDS, 3, 2, 10, FALSE },  /* 60 % */
    { QM_MAJORITY_TWO_THIRDS, 1, 0, 10, TRUE },
    { QM_MAJORITY_TWO_THIRDS, 0, 1, 10, FALSE },
    { QM_MAJORITY_TWO_THIRDS, 199, 100, 400, FALSE },  /* just under */
    { QM_MAJORITY_TWO_THIRDS, 200, 100, 400, TRUE },
    { QM_MAJORITY_TWO_THIRDS, 7, 3, 100, TRUE },
  };

  check_majority_rows (rows, G_N_ELEMENTS (rows));
}

/* }}} */

/* {{{ Format checks */

typedef struct
{
  const char *text;
  gboolean    valid;
} FormatRow;

static void
check_format_rows (const char      *what,
                   gboolean       (*check) (const char *),
                   const FormatRow *rows,
                   guint            n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      if (!!check (rows[i].text) != !!rows[i].valid)
        g_error ("%s: \"%s\" should be %s", what, rows[i].text, rows[i].valid ? "accepted" : "rejected");
    }
}

static void
test_validate_docid (void)
{
  const FormatRow rows[] = {
    { DOCID_A, TRUE },
    { DOCID_B, TRUE },
    { "0000000000000000000000000000000000000000000000000000000000000000", TRUE },
    { "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", FALSE },    /* 63 */
    { "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550", FALSE },  /* 65 */
    { "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", FALSE },   /* uppercase */
    { "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85A", FALSE },
    { "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FALSE },
    { "e3b0c44298fc1c149afbf4c8996fb924 7ae41e4649b934ca495991b7852b855", FALSE },
    { "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/", FALSE },
    { "../../../../etc/passwd", FALSE },
    { "", FALSE },
  };

  check_format_rows ("docid", qm_is_docid, rows, G_N_ELEMENTS (rows));
}

static void
test_validate_uuid (void)
{
  const FormatRow rows[] = {
    { UUID_A, TRUE },
    { UUID_B, TRUE },
    { "00000000-0000-0000-0000-000000000000", TRUE },
    { "3f1c2a4e8b7d4c2a9e1f0a1b2c3d4e5f", FALSE },            /* no dashes */
    { "3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5", FALSE },         /* 35 */
    { "3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f0", FALSE },       /* 37 */
    { "3f1c2a4-e8b7d-4c2a-9e1f-0a1b2c3d4e5f", FALSE },        /* dash misplaced */
    { "3f1c2a4e-8b7d-4c2a-9e1f0-a1b2c3d4e5f", FALSE },
    { "3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5g", FALSE },        /* not hex */
    { "{3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f}", FALSE },
    { "3f1c2a4e_8b7d_4c2a_9e1f_0a1b2c3d4e5f", FALSE },
    { " 3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5", FALSE },
    { "", FALSE },
  };

  check_format_rows ("uuid", qm_is_uuid, rows, G_N_ELEMENTS (rows));
}

static void
test_validate_color (void)
{
  const FormatRow rows[] = {
    { "#000000", TRUE },
    { "#ffffff", TRUE },
    { "#FFFFFF", TRUE },
    { "#a1B2c3", TRUE },
    { "#12345", FALSE },
    { "#1234567", FALSE },
    { "red", FALSE },
    { "#gggggg", FALSE },
    { "#12345g", FALSE },
    { "123456", FALSE },
    { "##12345", FALSE },
    { "#fff", FALSE },
    { "#ff ff00", FALSE },
    { "", FALSE },
  };

  check_format_rows ("color", qm_is_color, rows, G_N_ELEMENTS (rows));
}

static void
test_validate_username (void)
{
  g_autofree char *longest = g_strnfill (QM_MAX_USERNAME_CHARS, 'u');
  g_autofree char *too_long = g_strnfill (QM_MAX_USERNAME_CHARS + 1, 'u');
  const FormatRow rows[] = {
    { "a", TRUE },
    { "alice", TRUE },
    { "Nguyen.Van_A-1@ubnd", TRUE },
    { "0", TRUE },
    { longest, TRUE },
    { too_long, FALSE },
    { "", FALSE },
    { "ali ce", FALSE },
    { "alice!", FALSE },
    { "a/b", FALSE },
    { "người", FALSE },
    { "tab\tname", FALSE },
    { "semi;colon", FALSE },
  };

  check_format_rows ("username", qm_is_username, rows, G_N_ELEMENTS (rows));
}

static void
test_validate_rfc3339 (void)
{
  const FormatRow rows[] = {
    { "2026-12-01T09:00:00Z", TRUE },
    { "2026-12-01T09:00:00+07:00", TRUE },
    { "2026-12-01T09:00:00-05:30", TRUE },
    { "2026-11-28T09:40:41.123Z", TRUE },
    { "2026-11-28T09:40:41.123456+00:00", TRUE },
    { "2026-12-01T09:00:00", FALSE },        /* no offset */
    { "2026-12-01", FALSE },
    { "09:00:00Z", FALSE },
    { "2026-13-01T09:00:00Z", FALSE },
    { "2026-12-01T25:00:00Z", FALSE },
    { "2026-12-01T09:00Z", FALSE },          /* no seconds */
    { "2026-12-01T09:00:00+0700", FALSE },   /* offset without colon */
    { "2026-12-01T09:00:00 +07:00", FALSE },
    { "tomorrow", FALSE },
    { "", FALSE },
  };

  check_format_rows ("rfc3339", qm_is_rfc3339, rows, G_N_ELEMENTS (rows));
}

static void
test_validate_parse_id (void)
{
  struct { const char *text; gboolean valid; gint64 id; } rows[] = {
    { "1", TRUE, 1 },
    { "42", TRUE, 42 },
    { "9007199254740991", TRUE, QM_MAX_ID },
    { "9007199254740992", FALSE, 0 },
    { "18446744073709551617", FALSE, 0 },
    { "99999999999999999999999", FALSE, 0 },
    { "0", FALSE, 0 },
    { "-1", FALSE, 0 },
    { "+1", FALSE, 0 },
    { "01", FALSE, 0 },
    { "1a", FALSE, 0 },
    { "1.0", FALSE, 0 },
    { " 1", FALSE, 0 },
    { "1 ", FALSE, 0 },
    { "0x10", FALSE, 0 },
    { "1e3", FALSE, 0 },
    { "", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gint64 id = -7;
      gboolean valid = qm_parse_id (rows[i].text, &id);

      if (!!valid != !!rows[i].valid)
        g_error ("qm_parse_id: \"%s\" should be %s", rows[i].text, rows[i].valid ? "accepted" : "rejected");
      if (valid)
        g_assert_cmpint (id, ==, rows[i].id);
    }
}

static void
test_validate_time (void)
{
  g_autofree char *now = qm_time_now_rfc3339 ();
  g_autoptr(GDateTime) whole = g_date_time_new_utc (2026, 11, 28, 9, 40, 41);
  g_autoptr(GDateTime) utc = g_date_time_add (whole, 123 * G_TIME_SPAN_MILLISECOND);
  g_autoptr(GTimeZone) hanoi = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (hanoi, 2026, 12, 1, 9, 0, 0);
  g_autofree char *utc_text = qm_time_format_rfc3339 (utc);
  g_autofree char *local_text = qm_time_format_rfc3339 (local);
  g_autoptr(GDateTime) parsed = qm_time_parse_rfc3339 ("2026-12-01T09:00:00+07:00");
  g_autoptr(GDateTime) parsed_z = qm_time_parse_rfc3339 ("2026-12-01T02:00:00.500Z");
  g_autoptr(GDateTime) no_offset = qm_time_parse_rfc3339 ("2026-12-01T09:00:00");

  g_assert_true (qm_is_rfc3339 (now));
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_cmpstr (utc_text, ==, "2026-11-28T09:40:41.123Z");
  g_assert_cmpstr (local_text, ==, "2026-12-01T02:00:00.000Z");
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_to_unix (parsed), ==, g_date_time_to_unix (local));
  g_assert_nonnull (parsed_z);
  g_assert_cmpint (g_date_time_to_unix (parsed_z), ==, g_date_time_to_unix (local));
  g_assert_cmpint (g_date_time_get_microsecond (parsed_z), ==, 500000);
  g_assert_null (no_offset);
}

/* }}} */

/* {{{ Error codes */

static const struct
{
  QmProtocolError error;
  const char     *code;
  guint           status;
} error_rows[] = {
  { QM_PROTOCOL_ERROR_BAD_REQUEST, "bad_request", 400 },
  { QM_PROTOCOL_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { QM_PROTOCOL_ERROR_FORBIDDEN, "forbidden", 403 },
  { QM_PROTOCOL_ERROR_NOT_FOUND, "not_found", 404 },
  { QM_PROTOCOL_ERROR_CONFLICT, "conflict", 409 },
  { QM_PROTOCOL_ERROR_TOO_LARGE, "too_large", 413 },
  { QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415 },
  { QM_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE, "range_not_satisfiable", 416 },
  { QM_PROTOCOL_ERROR_INVALID_DOCUMENT, "invalid_document", 422 },
  { QM_PROTOCOL_ERROR_RATE_LIMITED, "rate_limited", 429 },
  { QM_PROTOCOL_ERROR_INTERNAL, "internal", 500 },
  { QM_PROTOCOL_ERROR_UNAVAILABLE, "unavailable", 503 },
  /* Live-channel codes: the contract gives them no status; any 4xx will do */
  { QM_PROTOCOL_ERROR_ALREADY_VOTED, "already_voted", 0 },
  { QM_PROTOCOL_ERROR_VOTE_CLOSED, "vote_closed", 0 },
  { QM_PROTOCOL_ERROR_MALFORMED, "bad_request", 400 },
};

static void
test_error_codes (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (error_rows), ==, QM_PROTOCOL_ERROR_MALFORMED + 1);
  g_assert_cmpstr (g_quark_to_string (QM_PROTOCOL_ERROR), !=, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_rows); i++)
    {
      QmProtocolError error = (QmProtocolError) 1000;
      guint status = qm_protocol_error_http_status (error_rows[i].error);

      g_assert_cmpstr (qm_protocol_error_to_code (error_rows[i].error), ==, error_rows[i].code);
      if (error_rows[i].status != 0)
        g_assert_cmpuint (status, ==, error_rows[i].status);
      else
        g_assert_true (status >= 400 && status < 500);

      g_assert_true (qm_protocol_error_from_code (error_rows[i].code, &error));
      /* "bad_request" always reads back as BAD_REQUEST, never MALFORMED */
      if (error_rows[i].error == QM_PROTOCOL_ERROR_MALFORMED)
        g_assert_cmpint (error, ==, QM_PROTOCOL_ERROR_BAD_REQUEST);
      else
        g_assert_cmpint (error, ==, error_rows[i].error);
    }
}

static void
test_error_unknown_codes (void)
{
  const char *bad[] = { "nope", "", "BAD_REQUEST", "Bad_Request", "malformed", "400", "not found" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      QmProtocolError error = QM_PROTOCOL_ERROR_CONFLICT;

      g_assert_false (qm_protocol_error_from_code (bad[i], &error));
    }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/protocol/codec/user/round-trip", test_user_round_trip);
  g_test_add_func ("/quorum/protocol/codec/user/parse", test_user_parse);
  g_test_add_func ("/quorum/protocol/codec/participant/round-trip", test_participant_round_trip);
  g_test_add_func ("/quorum/protocol/codec/participant/parse", test_participant_parse);
  g_test_add_func ("/quorum/protocol/codec/item-document/round-trip", test_item_document_round_trip);
  g_test_add_func ("/quorum/protocol/codec/agenda-item/round-trip", test_agenda_item_round_trip);
  g_test_add_func ("/quorum/protocol/codec/agenda-item/parse", test_agenda_item_parse);
  g_test_add_func ("/quorum/protocol/codec/meeting/round-trip", test_meeting_round_trip);
  g_test_add_func ("/quorum/protocol/codec/meeting/without-participants", test_meeting_without_participants);
  g_test_add_func ("/quorum/protocol/codec/meeting/parse", test_meeting_parse);
  g_test_add_func ("/quorum/protocol/codec/meeting-summary/round-trip", test_meeting_summary);
  g_test_add_func ("/quorum/protocol/codec/document/round-trip", test_document);
  g_test_add_func ("/quorum/protocol/codec/vote/round-trip-closed", test_vote_round_trip_closed);
  g_test_add_func ("/quorum/protocol/codec/vote/round-trip-open", test_vote_round_trip_open);
  g_test_add_func ("/quorum/protocol/codec/vote/parse", test_vote_parse);
  g_test_add_func ("/quorum/protocol/codec/vote/parse-open", test_vote_parse_open);
  g_test_add_func ("/quorum/protocol/codec/vote-result/round-trip", test_vote_result);
  g_test_add_func ("/quorum/protocol/codec/annotation/ink", test_annotation_ink);
  g_test_add_func ("/quorum/protocol/codec/annotation/highlight", test_annotation_highlight);
  g_test_add_func ("/quorum/protocol/codec/annotation/note", test_annotation_note);
  g_test_add_func ("/quorum/protocol/codec/annotation/parse", test_annotation_parse);
  g_test_add_func ("/quorum/protocol/codec/annotation/fits-page", test_annotation_fits_page);
  g_test_add_func ("/quorum/protocol/codec/error-body/round-trip", test_error_body);
  g_test_add_func ("/quorum/protocol/codec/error-body/serialize-error", test_error_body_serialize_error);
  g_test_add_func ("/quorum/protocol/codec/health/round-trip", test_health);
  g_test_add_func ("/quorum/protocol/codec/login-request/round-trip", test_login_request);
  g_test_add_func ("/quorum/protocol/codec/login-response/round-trip", test_login_response);
  g_test_add_func ("/quorum/protocol/codec/user-create/round-trip", test_user_create);
  g_test_add_func ("/quorum/protocol/codec/meeting-create/round-trip", test_meeting_create);
  g_test_add_func ("/quorum/protocol/codec/meeting-patch/round-trip", test_meeting_patch);
  g_test_add_func ("/quorum/protocol/codec/participant-put/round-trip", test_participant_put);
  g_test_add_func ("/quorum/protocol/codec/proxy/round-trip", test_proxy);
  g_test_add_func ("/quorum/protocol/codec/agenda-item-requests/round-trip", test_agenda_item_requests);
  g_test_add_func ("/quorum/protocol/codec/agenda-order/round-trip", test_agenda_order);
  g_test_add_func ("/quorum/protocol/codec/attach-document/round-trip", test_attach_document);
  g_test_add_func ("/quorum/protocol/codec/list/users", test_list_users);
  g_test_add_func ("/quorum/protocol/codec/list/others", test_list_others);
  g_test_add_func ("/quorum/protocol/codec/list/invalid", test_list_invalid);
  g_test_add_func ("/quorum/protocol/codec/enum/account-role", test_enum_account_role);
  g_test_add_func ("/quorum/protocol/codec/enum/meeting-role", test_enum_meeting_role);
  g_test_add_func ("/quorum/protocol/codec/enum/majority", test_enum_majority);
  g_test_add_func ("/quorum/protocol/codec/enum/choice", test_enum_choice);
  g_test_add_func ("/quorum/protocol/codec/enum/annotation-kind", test_enum_annotation_kind);
  g_test_add_func ("/quorum/protocol/codec/majority/simple", test_majority_simple);
  g_test_add_func ("/quorum/protocol/codec/majority/absolute", test_majority_absolute);
  g_test_add_func ("/quorum/protocol/codec/majority/two-thirds", test_majority_two_thirds);
  g_test_add_func ("/quorum/protocol/validate/docid", test_validate_docid);
  g_test_add_func ("/quorum/protocol/validate/uuid", test_validate_uuid);
  g_test_add_func ("/quorum/protocol/validate/color", test_validate_color);
  g_test_add_func ("/quorum/protocol/validate/username", test_validate_username);
  g_test_add_func ("/quorum/protocol/validate/rfc3339", test_validate_rfc3339);
  g_test_add_func ("/quorum/protocol/validate/parse-id", test_validate_parse_id);
  g_test_add_func ("/quorum/protocol/validate/time", test_validate_time);
  g_test_add_func ("/quorum/protocol/error/codes", test_error_codes);
  g_test_add_func ("/quorum/protocol/error/unknown-codes", test_error_unknown_codes);

  return g_test_run ();
}
