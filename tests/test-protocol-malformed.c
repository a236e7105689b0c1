/* test-protocol-malformed.c: every kind of bad live message and HTTP body is
 * refused with its exact error code, and the limits hold at their edges.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <quorum/quorum-protocol.h>

#include <string.h>

/* The texts below write ' for ", which keeps hundreds of JSON snippets
 * readable; fix_quotes() turns them into real JSON before use. None of the
 * texts needs a literal apostrophe. */
static char *
fix_quotes (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

#define DOC  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define UUID "3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f"

/* Valid messages: each row below breaks exactly one thing in one of them. */
#define HELLO_OK       "{'type':'hello','id':1,'token':'abc','resume_from':3,'epoch':'e1'}"
#define PRESENT(f)     "{'type':'present','id':1," f "}"
#define PRESENT_OK     PRESENT ("'doc':'" DOC "','page':1")
#define PRESENTER(f)   "{'type':'presenter.set','id':1," f "}"
#define VOTE_OPEN(f)   "{'type':'vote.open','id':1," f "}"
#define VOTE_OPEN_OK   VOTE_OPEN ("'question':'Q?','item':3,'secret':false,'majority':'simple','force':false")
#define VOTE_CAST(f)   "{'type':'vote.cast','id':1," f "}"
#define VOTE_PROXY(f)  "{'type':'vote.cast.proxy','id':1," f "}"
#define VOTE_CLOSE(f)  "{'type':'vote.close','id':1," f "}"
#define ANN_DELETE(f)  "{'type':'annotation.delete','id':1," f "}"

#define ANN(f)         "{'type':'annotation.put','id':1,'annotation':{" f "}}"
#define ANN_HEAD       "'id':'" UUID "','doc':'" DOC "','page':1,'shared':false,'rev':1"
#define INK(data)      ANN (ANN_HEAD ",'kind':'ink','data':" data)
#define HIGHLIGHT(d)   ANN (ANN_HEAD ",'kind':'highlight','data':" d)
#define NOTE(data)     ANN (ANN_HEAD ",'kind':'note','data':" data)
#define INK_DATA       "{'strokes':[[[10,20],[30,40,0.5]]],'color':'#ff0000','width':2}"
#define HIGHLIGHT_DATA "{'quads':[[1,2,3,4]],'color':'#ffee00'}"
#define NOTE_DATA      "{'x':10,'y':20,'text':'ghi chú'}"
#define STROKES(s)     INK ("{'strokes':" s ",'color':'#ff0000','width':2}")

/* Server messages, without their opening brace so an id can go first */
#define PAGE_BODY      "'type':'page','seq':3,'doc':'" DOC "','page':2,'by':1}"
#define PAGE_OK        "{" PAGE_BODY
#define REPLY_BODY     "'type':'reply','re':1,'vote':5}"
#define PONG_BODY      "'type':'pong','re':2}"
#define CLOSED_BODY    "'type':'vote.closed','seq':9,'vote':10," \
                       "'result':{'yes':3,'no':1,'abstain':0,'cast':4,'eligible':5,'passed':true}}"
#define PROGRESS(f)    "{'type':'vote.progress','seq':4,'vote':10," f "}"
#define PROGRESS_OK    PROGRESS ("'cast':3,'eligible':5")
#define QUORUM(f)      "{'type':'quorum','seq':6,'present':9,'voting_present':7,'voting_total':12," f "}"
#define QUORUM_OK      QUORUM ("'reached':true")
#define FOLLOW_SET(f)  "{'type':'follow.set','id':1," f "}"
#define FOLLOWING(f)   "{'type':'following','seq':7," f "}"
#define PRESENCE(f)    "{'type':'presence','seq':5," f "}"
#define PRESENCE_OK    PRESENCE ("'joined':[1],'left':[]")
#define ERROR_MSG(f)   "{'type':'error','re':1," f "}"
#define ERROR_OK       ERROR_MSG ("'code':'forbidden','message':'m'")
#define WELCOME(epoch) WELCOME_SEQ ("1", epoch)
#define WELCOME_SEQ(seq, epoch) \
                       "{'type':'welcome','seq':" seq ",'epoch':" epoch ",'now':'2026-12-01T02:00:00Z'," \
                       "'server':{'version':'0.1.0','features':[]},'you':{'user':1,'role':'chair'}," \
                       "'meeting':{'id':1,'title':'T','starts_at':'2026-12-01T09:00:00+07:00'," \
                       "'location':'L','require_quorum':false,'participants':[],'agenda':[]}," \
                       "'presenter':{'user':1,'doc':null,'page':null},'online':[],'votes':[]," \
                       "'speakers':{'current':null,'since':null,'queue':[]},'annotations':[]}"
#define WELCOME_OK     WELCOME ("'e1'")
#define WELCOME_WITH(extra) \
                       "{'type':'welcome','seq':1,'epoch':'e1','now':'2026-12-01T02:00:00Z'," \
                       "'server':{'version':'0.1.0','features':['following']},'you':{'user':1,'role':'chair'}," \
                       "'meeting':{'id':1,'title':'T','starts_at':'2026-12-01T09:00:00+07:00'," \
                       "'location':'L','require_quorum':false,'participants':[],'agenda':[]}," \
                       "'presenter':{'user':1,'doc':null,'page':null},'online':[],'votes':[]," \
                       "'speakers':{'current':null,'since':null,'queue':[]},'annotations':[]" extra "}"

/* {{{ Texts built at run time */

typedef char *(*BuildFunc) (void);

static char *
nested_arrays (guint depth)
{
  GString *text = g_string_new ("{'type':'ping','x':");

  /* the object itself is the first level */
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static char *
nested_objects (guint depth)
{
  GString *text = g_string_new ("{'type':'ping','x':");

  for (guint i = 1; i < depth; i++)
    g_string_append (text, "{'a':");
  g_string_append (text, "1");
  for (guint i = 1; i < depth; i++)
    g_string_append_c (text, '}');
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static char *
repeat (const char *piece,
        guint       count,
        const char *separator)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    {
      if (i > 0 && separator != NULL)
        g_string_append (text, separator);
      g_string_append (text, piece);
    }
  return g_string_free (text, FALSE);
}

/* A frame of exactly @size bytes around @head ... @tail */
static char *
padded (const char *head,
        const char *tail,
        gsize       size)
{
  gsize fixed = strlen (head) + strlen (tail);
  GString *text = g_string_sized_new (size + 1);

  g_assert_cmpuint (size, >, fixed);
  g_string_append (text, head);
  for (gsize i = 0; i < size - fixed; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, tail);
  g_assert_cmpuint (text->len, ==, size);
  return g_string_free (text, FALSE);
}

static char *
question_of (const char *character,
             guint       count)
{
  g_autofree char *question = repeat (character, count, NULL);

  return g_strdup_printf (VOTE_OPEN ("'question':'%s','secret':false,'majority':'simple'"), question);
}

static char *
note_of (guint count)
{
  g_autofree char *text = repeat ("ư", count, NULL);

  return g_strdup_printf (NOTE ("{'x':1,'y':2,'text':'%s'}"), text);
}

static char *
ink_of (guint n_strokes,
        guint points_per_stroke)
{
  g_autofree char *points = repeat ("[1,1]", points_per_stroke, ",");
  g_autofree char *stroke = g_strdup_printf ("[%s]", points);
  g_autofree char *strokes = repeat (stroke, n_strokes, ",");

  return g_strdup_printf (STROKES ("[%s]"), strokes);
}

static char *
highlight_of (guint n_quads)
{
  g_autofree char *quads = repeat ("[1,1,2,2]", n_quads, ",");

  return g_strdup_printf (HIGHLIGHT ("{'quads':[%s],'color':'#ffee00'}"), quads);
}

static char *
hello_with (const char *token_char,
            guint       token_bytes,
            guint       epoch_bytes)
{
  g_autofree char *token = repeat (token_char, token_bytes, NULL);
  g_autofree char *epoch = repeat ("e", epoch_bytes, NULL);

  return g_strdup_printf ("{'type':'hello','id':1,'token':'%s','epoch':'%s'}", token, epoch);
}

static char *
build_too_deep_arrays (void)
{
  return nested_arrays (QM_MAX_JSON_DEPTH + 1);
}

static char *
build_too_deep_objects (void)
{
  return nested_objects (QM_MAX_JSON_DEPTH + 1);
}

/* Deep enough to overflow a recursive parser's stack, yet under the
 * client size limit, so only the depth check can refuse it. */
static char *
build_very_deep (void)
{
  return nested_arrays (32000);
}

static char *
build_client_too_large (void)
{
  return padded ("{'type':'ping','pad':'", "'}", QM_MAX_CLIENT_MESSAGE_BYTES + 1);
}

static char *
build_server_too_large (void)
{
  return padded ("{'type':'pong','pad':'", "'}", QM_MAX_SERVER_MESSAGE_BYTES + 1);
}

static char *
build_question_ascii (void)
{
  return question_of ("a", QM_MAX_QUESTION_CHARS + 1);
}

static char *
build_question_vi (void)
{
  return question_of ("ệ", QM_MAX_QUESTION_CHARS + 1);
}

static char *
build_note_too_long (void)
{
  return note_of (QM_MAX_NOTE_CHARS + 1);
}

static char *
build_too_many_strokes (void)
{
  return ink_of (QM_MAX_INK_STROKES + 1, 1);
}

static char *
build_too_many_points (void)
{
  return ink_of (2, QM_MAX_INK_POINTS / 2 + 1);
}

static char *
build_too_many_quads (void)
{
  return highlight_of (QM_MAX_HIGHLIGHT_QUADS + 1);
}

static char *
build_token_too_long (void)
{
  return hello_with ("t", QM_MAX_TOKEN_BYTES + 1, 2);
}

static char *
build_epoch_too_long (void)
{
  return hello_with ("t", 3, QM_MAX_EPOCH_BYTES + 1);
}

static char *
build_command_id_too_long (void)
{
  g_autofree char *id = repeat ("x", QM_MAX_COMMAND_ID_CHARS + 1, NULL);

  return g_strdup_printf ("{'type':'ping','id':'%s'}", id);
}

/* }}} */

/* {{{ Live messages */

typedef struct
{
  const char      *name;
  QmOrigin         origin;
  const char      *text;         /* with ' for " */
  BuildFunc        build;        /* when text is NULL */
  QmProtocolError  code;
  gboolean         expect_id;
} MessageRow;

#define CLIENT QM_ORIGIN_CLIENT
#define SERVER QM_ORIGIN_SERVER
#define BAD    QM_PROTOCOL_ERROR_BAD_REQUEST
#define MAL    QM_PROTOCOL_ERROR_MALFORMED
#define LARGE  QM_PROTOCOL_ERROR_TOO_LARGE

static const MessageRow message_rows[] = {
  /* Not a JSON object at all */
  { "not-json", CLIENT, "hello", NULL, MAL, FALSE },
  { "empty", CLIENT, "", NULL, MAL, FALSE },
  { "whitespace", CLIENT, "  \n\t ", NULL, MAL, FALSE },
  { "truncated", CLIENT, "{'type':'ping','id':1", NULL, MAL, FALSE },
  { "trailing-garbage", CLIENT, "{'type':'ping','id':1} x", NULL, MAL, FALSE },
  { "two-objects", CLIENT, "{'type':'ping'}{'type':'ping'}", NULL, MAL, FALSE },
  { "trailing-comma", CLIENT, "{'type':'ping',}", NULL, MAL, FALSE },
  { "comment", CLIENT, "{'type':'ping' /* hi */}", NULL, MAL, FALSE },
  { "bare-key", CLIENT, "{type:'ping'}", NULL, MAL, FALSE },
  { "hex-number", CLIENT, "{'type':'presenter.set','id':1,'user':0x10}", NULL, MAL, FALSE },
  { "leading-zero", CLIENT, "{'type':'presenter.set','id':1,'user':07}", NULL, MAL, FALSE },
  { "nan-literal", CLIENT, "{'type':'presenter.set','id':1,'user':NaN}", NULL, MAL, FALSE },
  { "raw-control-char", CLIENT, "{'type':'ping','x':'a\tb'}", NULL, MAL, FALSE },
  { "top-array", CLIENT, "[{'type':'ping','id':1}]", NULL, MAL, FALSE },
  { "top-string", CLIENT, "'ping'", NULL, MAL, FALSE },
  { "top-number", CLIENT, "42", NULL, MAL, FALSE },
  { "top-null", CLIENT, "null", NULL, MAL, FALSE },
  { "top-true", CLIENT, "true", NULL, MAL, FALSE },
  { "top-array-from-server", SERVER, "[]", NULL, MAL, FALSE },
  { "utf8-invalid-byte", CLIENT, "{'type':'ping','id':'\xff\xfe'}", NULL, MAL, FALSE },
  { "utf8-overlong", CLIENT, "{'type':'vote.cast','vote':1,'choice':'yes','x':'\xc0\xaf'}", NULL, MAL, FALSE },
  { "utf8-surrogate", CLIENT, "{'type':'ping','x':'\xed\xa0\x80'}", NULL, MAL, FALSE },
  { "utf8-truncated", CLIENT, "{'type':'ping','x':'\xe1\xbb'}", NULL, MAL, FALSE },
  { "utf8-in-key", CLIENT, "{'type':'ping','\xc3\x28':1}", NULL, MAL, FALSE },
  { "too-deep-arrays", CLIENT, NULL, build_too_deep_arrays, MAL, FALSE },
  { "too-deep-objects", CLIENT, NULL, build_too_deep_objects, MAL, FALSE },
  { "too-deep-32000", CLIENT, NULL, build_very_deep, MAL, FALSE },

  /* Over the size limit */
  { "client-too-large", CLIENT, NULL, build_client_too_large, LARGE, FALSE },
  { "server-too-large", SERVER, NULL, build_server_too_large, LARGE, FALSE },

  /* type */
  { "type-missing", CLIENT, "{'id':1}", NULL, BAD, TRUE },
  { "empty-object", CLIENT, "{}", NULL, BAD, FALSE },
  { "type-null", CLIENT, "{'type':null,'id':1}", NULL, BAD, TRUE },
  { "type-number", CLIENT, "{'type':5,'id':1}", NULL, BAD, TRUE },
  { "type-array", CLIENT, "{'type':['ping'],'id':1}", NULL, BAD, TRUE },
  { "type-object", CLIENT, "{'type':{'name':'ping'},'id':'x'}", NULL, BAD, TRUE },
  { "type-unknown", CLIENT, "{'type':'dance','id':'x'}", NULL, BAD, TRUE },
  { "type-uppercase", CLIENT, "{'type':'PING','id':2}", NULL, BAD, TRUE },
  { "type-empty", CLIENT, "{'type':'','id':2}", NULL, BAD, TRUE },
  { "type-unknown-from-server", SERVER, "{'type':'dance','seq':1}", NULL, BAD, FALSE },

  /* A type the origin may not send */
  { "client-sends-welcome", CLIENT, WELCOME_OK, NULL, BAD, FALSE },
  { "client-sends-page", CLIENT, "{'id':1," PAGE_BODY, NULL, BAD, TRUE },
  { "client-sends-reply", CLIENT, "{'id':1," REPLY_BODY, NULL, BAD, TRUE },
  { "client-sends-pong", CLIENT, "{'id':1," PONG_BODY, NULL, BAD, TRUE },
  { "client-sends-vote-closed", CLIENT, "{'id':1," CLOSED_BODY, NULL, BAD, TRUE },
  { "client-sends-quorum", CLIENT, QUORUM_OK, NULL, BAD, FALSE },
  { "server-sends-hello", SERVER, "{'type':'hello','token':'abc'}", NULL, BAD, FALSE },
  { "server-sends-ping", SERVER, "{'type':'ping'}", NULL, BAD, FALSE },
  { "server-sends-vote-cast", SERVER, "{'type':'vote.cast','vote':3,'choice':'yes'}", NULL, BAD, FALSE },
  { "server-sends-present", SERVER, "{'type':'present','doc':'" DOC "','page':1}", NULL, BAD, FALSE },

  /* The command id */
  { "id-object", CLIENT, "{'type':'ping','id':{}}", NULL, BAD, FALSE },
  { "id-bool", CLIENT, "{'type':'ping','id':true}", NULL, BAD, FALSE },
  { "id-array", CLIENT, "{'type':'ping','id':[1]}", NULL, BAD, FALSE },
  { "id-too-long", CLIENT, NULL, build_command_id_too_long, BAD, FALSE },

  /* hello */
  { "hello-no-token", CLIENT, "{'type':'hello','id':1}", NULL, BAD, TRUE },
  { "hello-token-null", CLIENT, "{'type':'hello','id':1,'token':null}", NULL, BAD, TRUE },
  { "hello-token-number", CLIENT, "{'type':'hello','id':1,'token':12345}", NULL, BAD, TRUE },
  { "hello-token-too-long", CLIENT, NULL, build_token_too_long, BAD, TRUE },
  { "hello-resume-negative", CLIENT, "{'type':'hello','id':1,'token':'abc','resume_from':-1}", NULL, BAD, TRUE },
  { "hello-resume-string", CLIENT, "{'type':'hello','id':1,'token':'abc','resume_from':'3'}", NULL, BAD, TRUE },
  { "hello-resume-float", CLIENT, "{'type':'hello','id':1,'token':'abc','resume_from':1.5}", NULL, BAD, TRUE },
  { "hello-epoch-number", CLIENT, "{'type':'hello','id':1,'token':'abc','epoch':5}", NULL, BAD, TRUE },
  { "hello-epoch-object", CLIENT, "{'type':'hello','id':1,'token':'abc','epoch':{}}", NULL, BAD, TRUE },
  { "hello-epoch-too-long", CLIENT, NULL, build_epoch_too_long, BAD, TRUE },

  /* present */
  { "present-no-doc", CLIENT, PRESENT ("'page':1"), NULL, BAD, TRUE },
  { "present-no-page", CLIENT, PRESENT ("'doc':'" DOC "'"), NULL, BAD, TRUE },
  { "present-page-zero", CLIENT, PRESENT ("'doc':'" DOC "','page':0"), NULL, BAD, TRUE },
  { "present-page-negative", CLIENT, PRESENT ("'doc':'" DOC "','page':-1"), NULL, BAD, TRUE },
  { "present-page-over-max", CLIENT, PRESENT ("'doc':'" DOC "','page':100001"), NULL, BAD, TRUE },
  { "present-page-string", CLIENT, PRESENT ("'doc':'" DOC "','page':'2'"), NULL, BAD, TRUE },
  { "present-page-fraction", CLIENT, PRESENT ("'doc':'" DOC "','page':1.5"), NULL, BAD, TRUE },
  { "present-page-whole-float", CLIENT, PRESENT ("'doc':'" DOC "','page':2.0"), NULL, BAD, TRUE },
  { "present-page-exponent", CLIENT, PRESENT ("'doc':'" DOC "','page':1e400"), NULL, BAD, TRUE },
  { "present-doc-63", CLIENT, PRESENT ("'doc':'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85','page':1"), NULL, BAD, TRUE },
  { "present-doc-65", CLIENT, PRESENT ("'doc':'" DOC "0','page':1"), NULL, BAD, TRUE },
  { "present-doc-uppercase", CLIENT, PRESENT ("'doc':'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855','page':1"), NULL, BAD, TRUE },
  { "present-doc-not-hex", CLIENT, PRESENT ("'doc':'g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855','page':1"), NULL, BAD, TRUE },
  { "present-doc-number", CLIENT, PRESENT ("'doc':5,'page':1"), NULL, BAD, TRUE },

  /* presenter.set: ids are integers 1..QM_MAX_ID */
  { "presenter-no-user", CLIENT, PRESENTER ("'x':1"), NULL, BAD, TRUE },
  { "presenter-user-zero", CLIENT, PRESENTER ("'user':0"), NULL, BAD, TRUE },
  { "presenter-user-negative", CLIENT, PRESENTER ("'user':-3"), NULL, BAD, TRUE },
  { "presenter-user-over-max", CLIENT, PRESENTER ("'user':9007199254740992"), NULL, BAD, TRUE },
  { "presenter-user-overflow", CLIENT, PRESENTER ("'user':99999999999999999999"), NULL, BAD, TRUE },
  { "presenter-user-bool", CLIENT, PRESENTER ("'user':true"), NULL, BAD, TRUE },
  { "presenter-user-string", CLIENT, PRESENTER ("'user':'7'"), NULL, BAD, TRUE },
  { "presenter-user-null", CLIENT, PRESENTER ("'user':null"), NULL, BAD, TRUE },
  { "presenter-user-huge", CLIENT, PRESENTER ("'user':1e400"), NULL, BAD, TRUE },

  /* vote.open */
  { "vote-open-no-question", CLIENT, VOTE_OPEN ("'secret':false,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-no-secret", CLIENT, VOTE_OPEN ("'question':'Q?','majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-no-majority", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false"), NULL, BAD, TRUE },
  { "vote-open-majority-unknown", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':'unanimous'"), NULL, BAD, TRUE },
  { "vote-open-majority-case", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':'Simple'"), NULL, BAD, TRUE },
  { "vote-open-majority-dash", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':'two-thirds'"), NULL, BAD, TRUE },
  { "vote-open-majority-number", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':1"), NULL, BAD, TRUE },
  { "vote-open-question-number", CLIENT, VOTE_OPEN ("'question':5,'secret':false,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-question-too-long", CLIENT, NULL, build_question_ascii, BAD, TRUE },
  { "vote-open-question-too-long-vi", CLIENT, NULL, build_question_vi, BAD, TRUE },
  { "vote-open-secret-string", CLIENT, VOTE_OPEN ("'question':'Q?','secret':'true','majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-secret-number", CLIENT, VOTE_OPEN ("'question':'Q?','secret':1,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-item-zero", CLIENT, VOTE_OPEN ("'question':'Q?','item':0,'secret':false,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-item-negative", CLIENT, VOTE_OPEN ("'question':'Q?','item':-4,'secret':false,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-item-string", CLIENT, VOTE_OPEN ("'question':'Q?','item':'3','secret':false,'majority':'simple'"), NULL, BAD, TRUE },
  { "vote-open-force-string", CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':'simple','force':'yes'"), NULL, BAD, TRUE },

  /* vote.cast, vote.cast.proxy, vote.close */
  { "vote-cast-no-vote", CLIENT, VOTE_CAST ("'choice':'yes'"), NULL, BAD, TRUE },
  { "vote-cast-no-choice", CLIENT, VOTE_CAST ("'vote':3"), NULL, BAD, TRUE },
  { "vote-cast-choice-unknown", CLIENT, VOTE_CAST ("'vote':3,'choice':'maybe'"), NULL, BAD, TRUE },
  { "vote-cast-choice-case", CLIENT, VOTE_CAST ("'vote':3,'choice':'YES'"), NULL, BAD, TRUE },
  { "vote-cast-choice-bool", CLIENT, VOTE_CAST ("'vote':3,'choice':true"), NULL, BAD, TRUE },
  { "vote-cast-vote-zero", CLIENT, VOTE_CAST ("'vote':0,'choice':'yes'"), NULL, BAD, TRUE },
  { "vote-cast-vote-fraction", CLIENT, VOTE_CAST ("'vote':1.5,'choice':'yes'"), NULL, BAD, TRUE },
  { "vote-cast-vote-whole-float", CLIENT, VOTE_CAST ("'vote':3.0,'choice':'yes'"), NULL, BAD, TRUE },
  { "vote-cast-vote-string", CLIENT, VOTE_CAST ("'vote':'3','choice':'yes'"), NULL, BAD, TRUE },
  { "vote-proxy-no-for", CLIENT, VOTE_PROXY ("'vote':3,'choice':'yes'"), NULL, BAD, TRUE },
  { "vote-proxy-for-zero", CLIENT, VOTE_PROXY ("'vote':3,'choice':'yes','for':0"), NULL, BAD, TRUE },
  { "vote-proxy-for-string", CLIENT, VOTE_PROXY ("'vote':3,'choice':'yes','for':'9'"), NULL, BAD, TRUE },
  { "vote-proxy-for-null", CLIENT, VOTE_PROXY ("'vote':3,'choice':'yes','for':null"), NULL, BAD, TRUE },
  { "vote-proxy-bad-choice", CLIENT, VOTE_PROXY ("'vote':3,'choice':'no!','for':4"), NULL, BAD, TRUE },
  { "vote-close-no-vote", CLIENT, VOTE_CLOSE ("'x':3"), NULL, BAD, TRUE },
  { "vote-close-vote-negative", CLIENT, VOTE_CLOSE ("'vote':-1"), NULL, BAD, TRUE },
  { "vote-close-vote-over-max", CLIENT, VOTE_CLOSE ("'vote':9007199254740992"), NULL, BAD, TRUE },

  /* annotation.put: the annotation's own fields */
  { "ann-missing", CLIENT, "{'type':'annotation.put','id':1}", NULL, BAD, TRUE },
  { "ann-not-object", CLIENT, "{'type':'annotation.put','id':1,'annotation':'" UUID "'}", NULL, BAD, TRUE },
  { "ann-null", CLIENT, "{'type':'annotation.put','id':1,'annotation':null}", NULL, BAD, TRUE },
  { "ann-no-id", CLIENT, ANN ("'doc':'" DOC "','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-bad-uuid", CLIENT, ANN ("'id':'not-a-uuid','doc':'" DOC "','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-uuid-no-dashes", CLIENT, ANN ("'id':'3f1c2a4e8b7d4c2a9e1f0a1b2c3d4e5f','doc':'" DOC "','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-uuid-number", CLIENT, ANN ("'id':7,'doc':'" DOC "','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-doc", CLIENT, ANN ("'id':'" UUID "','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-bad-doc", CLIENT, ANN ("'id':'" UUID "','doc':'abc','page':1,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-page", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-page-zero", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':0,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-page-over-max", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':100001,'shared':false,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-kind", CLIENT, ANN (ANN_HEAD ",'data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-kind-unknown", CLIENT, ANN (ANN_HEAD ",'kind':'circle','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-kind-case", CLIENT, ANN (ANN_HEAD ",'kind':'Note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-shared", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-shared-string", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':'false','rev':1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-rev", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':false,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-rev-zero", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':false,'rev':0,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-rev-negative", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':false,'rev':-1,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-rev-fraction", CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':false,'rev':1.5,'kind':'note','data':" NOTE_DATA), NULL, BAD, TRUE },
  { "ann-no-data", CLIENT, ANN (ANN_HEAD ",'kind':'note'"), NULL, BAD, TRUE },
  { "ann-data-array", CLIENT, NOTE ("[10,20,'t']"), NULL, BAD, TRUE },
  { "ann-data-of-other-kind", CLIENT, INK (NOTE_DATA), NULL, BAD, TRUE },

  /* ink */
  { "ink-no-strokes", CLIENT, INK ("{'color':'#ff0000','width':2}"), NULL, BAD, TRUE },
  { "ink-no-color", CLIENT, INK ("{'strokes':[[[1,2]]],'width':2}"), NULL, BAD, TRUE },
  { "ink-no-width", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000'}"), NULL, BAD, TRUE },
  { "ink-color-short", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#12345','width':2}"), NULL, BAD, TRUE },
  { "ink-color-name", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'red','width':2}"), NULL, BAD, TRUE },
  { "ink-color-not-hex", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#gggggg','width':2}"), NULL, BAD, TRUE },
  { "ink-color-no-hash", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'ff0000','width':2}"), NULL, BAD, TRUE },
  { "ink-color-number", CLIENT, INK ("{'strokes':[[[1,2]]],'color':16711680,'width':2}"), NULL, BAD, TRUE },
  { "ink-width-zero", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':0}"), NULL, BAD, TRUE },
  { "ink-width-negative", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':-1}"), NULL, BAD, TRUE },
  { "ink-width-over-max", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':100.5}"), NULL, BAD, TRUE },
  { "ink-width-huge", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':1e400}"), NULL, BAD, TRUE },
  { "ink-width-string", CLIENT, INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':'2'}"), NULL, BAD, TRUE },
  { "ink-point-one-number", CLIENT, STROKES ("[[[10]]]"), NULL, BAD, TRUE },
  { "ink-point-four-numbers", CLIENT, STROKES ("[[[10,20,0.5,1]]]"), NULL, BAD, TRUE },
  { "ink-point-empty", CLIENT, STROKES ("[[[]]]"), NULL, BAD, TRUE },
  { "ink-point-string", CLIENT, STROKES ("[[['10',20]]]"), NULL, BAD, TRUE },
  { "ink-point-null", CLIENT, STROKES ("[[[null,20]]]"), NULL, BAD, TRUE },
  { "ink-point-object", CLIENT, STROKES ("[[{'x':10,'y':20}]]"), NULL, BAD, TRUE },
  { "ink-x-negative", CLIENT, STROKES ("[[[-0.5,20]]]"), NULL, BAD, TRUE },
  { "ink-y-negative", CLIENT, STROKES ("[[[10,-1]]]"), NULL, BAD, TRUE },
  { "ink-x-over-max", CLIENT, STROKES ("[[[14400.5,20]]]"), NULL, BAD, TRUE },
  { "ink-y-over-max", CLIENT, STROKES ("[[[10,20000]]]"), NULL, BAD, TRUE },
  { "ink-x-huge", CLIENT, STROKES ("[[[1e400,20]]]"), NULL, BAD, TRUE },
  { "ink-y-minus-huge", CLIENT, STROKES ("[[[10,-1e400]]]"), NULL, BAD, TRUE },
  { "ink-pressure-over-one", CLIENT, STROKES ("[[[10,20,1.5]]]"), NULL, BAD, TRUE },
  { "ink-pressure-negative", CLIENT, STROKES ("[[[10,20,-0.1]]]"), NULL, BAD, TRUE },
  { "ink-pressure-string", CLIENT, STROKES ("[[[10,20,'0.5']]]"), NULL, BAD, TRUE },
  { "ink-strokes-object", CLIENT, STROKES ("{'a':[[1,2]]}"), NULL, BAD, TRUE },
  { "ink-stroke-number", CLIENT, STROKES ("[5]"), NULL, BAD, TRUE },
  { "ink-stroke-flat", CLIENT, STROKES ("[[10,20]]"), NULL, BAD, TRUE },
  { "ink-too-many-strokes", CLIENT, NULL, build_too_many_strokes, BAD, TRUE },
  { "ink-too-many-points", CLIENT, NULL, build_too_many_points, BAD, TRUE },

  /* highlight */
  { "highlight-no-quads", CLIENT, HIGHLIGHT ("{'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-no-color", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3,4]]}"), NULL, BAD, TRUE },
  { "highlight-bad-color", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3,4]],'color':'#ffee0'}"), NULL, BAD, TRUE },
  { "highlight-quad-three", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3]],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quad-five", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3,4,5]],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quad-negative", CLIENT, HIGHLIGHT ("{'quads':[[1,-2,3,4]],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quad-over-max", CLIENT, HIGHLIGHT ("{'quads':[[1,2,14401,4]],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quad-huge", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3,1e400]],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quad-string", CLIENT, HIGHLIGHT ("{'quads':[[1,2,3,'4']],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-quads-flat", CLIENT, HIGHLIGHT ("{'quads':[1,2,3,4],'color':'#ffee00'}"), NULL, BAD, TRUE },
  { "highlight-too-many-quads", CLIENT, NULL, build_too_many_quads, BAD, TRUE },

  /* note */
  { "note-no-text", CLIENT, NOTE ("{'x':1,'y':2}"), NULL, BAD, TRUE },
  { "note-no-x", CLIENT, NOTE ("{'y':2,'text':'t'}"), NULL, BAD, TRUE },
  { "note-text-number", CLIENT, NOTE ("{'x':1,'y':2,'text':5}"), NULL, BAD, TRUE },
  { "note-text-too-long", CLIENT, NULL, build_note_too_long, BAD, TRUE },
  { "note-x-negative", CLIENT, NOTE ("{'x':-1,'y':2,'text':'t'}"), NULL, BAD, TRUE },
  { "note-y-over-max", CLIENT, NOTE ("{'x':1,'y':14400.01,'text':'t'}"), NULL, BAD, TRUE },
  { "note-x-huge", CLIENT, NOTE ("{'x':1e400,'y':2,'text':'t'}"), NULL, BAD, TRUE },
  { "note-x-string", CLIENT, NOTE ("{'x':'1','y':2,'text':'t'}"), NULL, BAD, TRUE },

  /* annotation.delete */
  { "ann-delete-missing", CLIENT, ANN_DELETE ("'x':1"), NULL, BAD, TRUE },
  { "ann-delete-bad-uuid", CLIENT, ANN_DELETE ("'annotation':'3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5'"), NULL, BAD, TRUE },
  { "ann-delete-number", CLIENT, ANN_DELETE ("'annotation':12"), NULL, BAD, TRUE },
  { "ann-delete-object", CLIENT, ANN_DELETE ("'annotation':{'id':'" UUID "'}"), NULL, BAD, TRUE },

  /* Server messages */
  { "welcome-epoch-number", SERVER, WELCOME ("5"), NULL, BAD, FALSE },
  { "welcome-epoch-null", SERVER, WELCOME ("null"), NULL, BAD, FALSE },
  { "page-seq-negative", SERVER, "{'type':'page','seq':-1,'doc':'" DOC "','page':2,'by':1}", NULL, BAD, FALSE },
  { "page-seq-string", SERVER, "{'type':'page','seq':'3','doc':'" DOC "','page':2,'by':1}", NULL, BAD, FALSE },
  { "page-page-zero", SERVER, "{'type':'page','seq':3,'doc':'" DOC "','page':0,'by':1}", NULL, BAD, FALSE },
  { "page-bad-doc", SERVER, "{'type':'page','seq':3,'doc':'" UUID "','page':2,'by':1}", NULL, BAD, FALSE },
  { "error-no-code", SERVER, ERROR_MSG ("'message':'m'"), NULL, BAD, FALSE },
  { "error-code-number", SERVER, ERROR_MSG ("'code':403,'message':'m'"), NULL, BAD, FALSE },
  { "progress-cast-string", SERVER, PROGRESS ("'cast':'3','eligible':5"), NULL, BAD, FALSE },
  { "progress-no-eligible", SERVER, PROGRESS ("'cast':3"), NULL, BAD, FALSE },
  { "quorum-reached-string", SERVER, QUORUM ("'reached':'yes'"), NULL, BAD, FALSE },
  { "quorum-no-reached", SERVER, QUORUM ("'x':true"), NULL, BAD, FALSE },
  { "presence-joined-object", SERVER, PRESENCE ("'joined':{},'left':[]"), NULL, BAD, FALSE },
  { "presence-joined-zero", SERVER, PRESENCE ("'joined':[0],'left':[]"), NULL, BAD, FALSE },
  { "presence-left-string", SERVER, PRESENCE ("'joined':[],'left':['4']"), NULL, BAD, FALSE },
  { "follow-set-missing", CLIENT, FOLLOW_SET ("'x':true"), NULL, BAD, TRUE },
  { "follow-set-null", CLIENT, FOLLOW_SET ("'following':null"), NULL, BAD, TRUE },
  { "follow-set-string", CLIENT, FOLLOW_SET ("'following':'true'"), NULL, BAD, TRUE },
  { "follow-set-number", CLIENT, FOLLOW_SET ("'following':1"), NULL, BAD, TRUE },
  { "server-sends-follow-set", SERVER, "{'type':'follow.set','following':true}", NULL, BAD, FALSE },
  { "client-sends-following", CLIENT, FOLLOWING ("'users':[1]"), NULL, BAD, FALSE },
  { "following-no-users", SERVER, FOLLOWING ("'x':[]"), NULL, BAD, FALSE },
  { "following-users-object", SERVER, FOLLOWING ("'users':{}"), NULL, BAD, FALSE },
  { "following-users-zero", SERVER, FOLLOWING ("'users':[0]"), NULL, BAD, FALSE },
  { "following-users-string", SERVER, FOLLOWING ("'users':['4']"), NULL, BAD, FALSE },
  { "following-no-seq", SERVER, "{'type':'following','users':[]}", NULL, BAD, FALSE },
  { "welcome-following-object", SERVER, WELCOME_WITH (",'following':{}"), NULL, BAD, FALSE },
  { "welcome-following-negative", SERVER, WELCOME_WITH (",'following':[-3]"), NULL, BAD, FALSE },
};

#undef CLIENT
#undef SERVER

static char *
row_text (const char *text,
          BuildFunc   build)
{
  g_autofree char *raw = text != NULL ? g_strdup (text) : build ();

  return fix_quotes (raw);
}

static void
test_message_row (gconstpointer data)
{
  const MessageRow *row = data;
  g_autofree char *text = row_text (row->text, row->build);
  gsize length = strlen (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out_id = NULL;
  g_autoptr(QmMessage) message = NULL;

  if (length < 300)
    {
      /* Escaped, so rows of broken UTF-8 keep the TAP output readable. */
      g_autofree char *shown = g_strescape (text, NULL);

      g_test_message ("%s: %s", row->name, shown);
    }
  else
    g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", row->name, length);

  message = qm_message_parse (text, length, row->origin, &out_id, &error);
  if (error != NULL)
    g_test_message ("refused: %s", error->message);
  g_assert_error (error, QM_PROTOCOL_ERROR, (gint) row->code);
  g_assert_null (message);

  if (row->expect_id)
    {
      g_autoptr(JsonNode) root = json_from_string (text, NULL);

      /* out_id is the text's own "id", whatever its type */
      g_assert_nonnull (out_id);
      g_assert_nonnull (root);
      g_assert_true (json_node_equal (out_id, json_object_get_member (json_node_get_object (root), "id")));
    }
  else
    {
      g_assert_null (out_id);
    }
}

/* Also without out_id: the parser must not need it. */
static void
test_message_rows_without_out_id (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (message_rows); i++)
    {
      const MessageRow *row = &message_rows[i];
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(QmMessage) message = NULL;

      if (row->build == build_server_too_large || row->build == build_very_deep)
        continue;   /* slow, and the same path as with out_id */
      text = row_text (row->text, row->build);
      message = qm_message_parse (text, strlen (text), row->origin, NULL, &error);
      g_assert_error (error, QM_PROTOCOL_ERROR, (gint) row->code);
      g_assert_null (message);
    }
}

/* }}} */

/* {{{ What the rows start from, and the limits at their edge, must pass */

static void
assert_parses (const char *what,
               QmOrigin    origin,
               const char *text)
{
  g_autofree char *fixed = fix_quotes (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (fixed, strlen (fixed), origin, NULL, &error);

  if (error != NULL)
    g_error ("%s should parse but got %s (%s)", what,
             qm_protocol_error_to_code (error->code), error->message);
  g_assert_nonnull (message);
}

static void
test_baselines (void)
{
  struct { const char *name; QmOrigin origin; const char *text; } rows[] = {
    { "hello", QM_ORIGIN_CLIENT, HELLO_OK },
    { "hello-resume-zero", QM_ORIGIN_CLIENT, "{'type':'hello','token':'abc','resume_from':0}" },
    { "present", QM_ORIGIN_CLIENT, PRESENT_OK },
    { "presenter.set", QM_ORIGIN_CLIENT, PRESENTER ("'user':2") },
    { "vote.open", QM_ORIGIN_CLIENT, VOTE_OPEN_OK },
    { "vote.open-minimal", QM_ORIGIN_CLIENT, VOTE_OPEN ("'question':'Q?','secret':false,'majority':'simple'") },
    { "vote.open-item-null", QM_ORIGIN_CLIENT, VOTE_OPEN ("'question':'Q?','item':null,'secret':true,'majority':'two_thirds'") },
    { "vote.cast", QM_ORIGIN_CLIENT, VOTE_CAST ("'vote':3,'choice':'yes'") },
    { "vote.cast.proxy", QM_ORIGIN_CLIENT, VOTE_PROXY ("'vote':3,'choice':'no','for':4") },
    { "vote.close", QM_ORIGIN_CLIENT, VOTE_CLOSE ("'vote':3") },
    { "annotation.put-ink", QM_ORIGIN_CLIENT, INK (INK_DATA) },
    { "annotation.put-highlight", QM_ORIGIN_CLIENT, HIGHLIGHT (HIGHLIGHT_DATA) },
    { "annotation.put-note", QM_ORIGIN_CLIENT, NOTE (NOTE_DATA) },
    { "annotation.put-rev-2", QM_ORIGIN_CLIENT, ANN ("'id':'" UUID "','doc':'" DOC "','page':1,'shared':true,'rev':2,'kind':'note','data':" NOTE_DATA) },
    { "annotation.delete", QM_ORIGIN_CLIENT, ANN_DELETE ("'annotation':'" UUID "'") },
    { "speak.request", QM_ORIGIN_CLIENT, "{'type':'speak.request'}" },
    { "speak.withdraw", QM_ORIGIN_CLIENT, "{'type':'speak.withdraw','id':'w'}" },
    { "speak.next", QM_ORIGIN_CLIENT, "{'type':'speak.next','id':3}" },
    { "ping", QM_ORIGIN_CLIENT, "{'type':'ping'}" },
    { "welcome", QM_ORIGIN_SERVER, WELCOME_OK },
    { "page", QM_ORIGIN_SERVER, PAGE_OK },
    { "welcome-seq-zero", QM_ORIGIN_SERVER, WELCOME_SEQ ("0", "'e1'") },
    { "reply", QM_ORIGIN_SERVER, "{" REPLY_BODY },
    { "pong", QM_ORIGIN_SERVER, "{" PONG_BODY },
    { "vote.closed", QM_ORIGIN_SERVER, "{" CLOSED_BODY },
    { "vote.progress", QM_ORIGIN_SERVER, PROGRESS_OK },
    { "quorum", QM_ORIGIN_SERVER, QUORUM_OK },
    { "presence", QM_ORIGIN_SERVER, PRESENCE_OK },
    { "follow.set-on", QM_ORIGIN_CLIENT, FOLLOW_SET ("'following':true") },
    { "follow.set-off", QM_ORIGIN_CLIENT, "{'type':'follow.set','following':false}" },
    { "following", QM_ORIGIN_SERVER, FOLLOWING ("'users':[3,1]") },
    { "following-empty", QM_ORIGIN_SERVER, FOLLOWING ("'users':[]") },
    { "welcome-following", QM_ORIGIN_SERVER, WELCOME_WITH (",'following':[1,2]") },
    { "welcome-following-null", QM_ORIGIN_SERVER, WELCOME_WITH (",'following':null") },
    { "error", QM_ORIGIN_SERVER, ERROR_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    assert_parses (rows[i].name, rows[i].origin, rows[i].text);
}

static void
test_edges (void)
{
  struct { const char *name; const char *text; } rows[] = {
    { "page-max", PRESENT ("'doc':'" DOC "','page':100000") },
    { "id-max", PRESENTER ("'user':9007199254740991") },
    { "vote-id-max", VOTE_CLOSE ("'vote':9007199254740991") },
    { "width-max", INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':100}") },
    { "width-small", INK ("{'strokes':[[[1,2]]],'color':'#ff0000','width':0.01}") },
    { "pressure-zero-and-one", STROKES ("[[[1,2,0],[3,4,1]]]") },
    { "coordinates-zero-and-max", STROKES ("[[[0,0],[14400,14400]]]") },
    { "coordinates-float-max", STROKES ("[[[14400.0,0.0]]]") },
    { "quad-edges", HIGHLIGHT ("{'quads':[[0,0,14400,14400]],'color':'#ffee00'}") },
    { "color-uppercase", INK ("{'strokes':[[[1,2]]],'color':'#ABCDEF','width':2}") },
    { "color-mixed", HIGHLIGHT ("{'quads':[[1,2,3,4]],'color':'#aBcDeF'}") },
    { "note-edges", NOTE ("{'x':0,'y':14400,'text':'t'}") },
    { "note-integer-coordinates", NOTE ("{'x':0,'y':1,'text':'t'}") },
    { "author-ignored", ANN (ANN_HEAD ",'kind':'note','author':'whoever','data':" NOTE_DATA) },
    { "vote-proxy-for-max", VOTE_PROXY ("'vote':3,'choice':'abstain','for':9007199254740991") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    assert_parses (rows[i].name, QM_ORIGIN_CLIENT, rows[i].text);
}

static void
assert_built_parses (const char *what,
                     QmOrigin    origin,
                     char       *text)
{
  g_autofree char *owned = text;

  assert_parses (what, origin, owned);
}

static void
test_limits_at_edge (void)
{
  /* Limits count characters: this question is three times as many bytes */
  assert_built_parses ("question-ascii", QM_ORIGIN_CLIENT, question_of ("a", QM_MAX_QUESTION_CHARS));
  assert_built_parses ("question-vietnamese", QM_ORIGIN_CLIENT, question_of ("ệ", QM_MAX_QUESTION_CHARS));
  assert_built_parses ("note-vietnamese", QM_ORIGIN_CLIENT, note_of (QM_MAX_NOTE_CHARS));
  assert_built_parses ("strokes", QM_ORIGIN_CLIENT, ink_of (QM_MAX_INK_STROKES, 1));
  assert_built_parses ("points", QM_ORIGIN_CLIENT, ink_of (2, QM_MAX_INK_POINTS / 2));
  assert_built_parses ("quads", QM_ORIGIN_CLIENT, highlight_of (QM_MAX_HIGHLIGHT_QUADS));
  assert_built_parses ("token", QM_ORIGIN_CLIENT, hello_with ("t", QM_MAX_TOKEN_BYTES, QM_MAX_EPOCH_BYTES));
  assert_built_parses ("depth-arrays", QM_ORIGIN_CLIENT, nested_arrays (QM_MAX_JSON_DEPTH));
  assert_built_parses ("depth-objects", QM_ORIGIN_CLIENT, nested_objects (QM_MAX_JSON_DEPTH));
  assert_built_parses ("client-size", QM_ORIGIN_CLIENT,
                       padded ("{'type':'ping','pad':'", "'}", QM_MAX_CLIENT_MESSAGE_BYTES));
  /* A server may send more than a client */
  assert_built_parses ("server-size", QM_ORIGIN_SERVER,
                       padded ("{'type':'pong','pad':'", "'}", 4 * QM_MAX_CLIENT_MESSAGE_BYTES));
}

/* }}} */

/* {{{ HTTP bodies */

typedef gpointer (*ParseFunc) (const char *text,
                               GError    **error);

#define HTTP_PARSER(t)                                             \
  static gpointer                                                  \
  parse_##t (const char *text,                                     \
             GError    **error)                                    \
  {                                                                \
    return t##_parse (text, -1, error);                            \
  }                                                                \
  static void                                                      \
  free_##t (gpointer data)                                         \
  {                                                                \
    t##_free (data);                                               \
  }

HTTP_PARSER (qm_login_request)
HTTP_PARSER (qm_user_create)
HTTP_PARSER (qm_meeting_create)
HTTP_PARSER (qm_meeting_patch)
HTTP_PARSER (qm_participant_put)
HTTP_PARSER (qm_proxy_put)
HTTP_PARSER (qm_agenda_item_create)
HTTP_PARSER (qm_agenda_item_patch)
HTTP_PARSER (qm_agenda_order)
HTTP_PARSER (qm_attach_document)

typedef struct
{
  const char      *name;
  ParseFunc        parse;
  GDestroyNotify   free;
  const char      *text;         /* with ' for " */
  BuildFunc        build;        /* when text is NULL */
  QmProtocolError  code;
} HttpRow;

#define HTTP(name, t, text, code)  { name, parse_##t, free_##t, text, NULL, code }
#define HTTP_BUILT(name, t, build, code)  { name, parse_##t, free_##t, NULL, build, code }

#define USER_CREATE(f)    "{" f "}"
#define USER_OK_FIELDS    "'username':'alice','display_name':'Alice','password':'12345678','roles':['secretary']"
#define MEETING_CREATE(s) "{'title':'T','starts_at':" s ",'location':'L'}"

static char *
long_string_body (const char *head,
                  guint       count,
                  const char *tail)
{
  g_autofree char *value = repeat ("ơ", count, NULL);

  return g_strconcat (head, value, tail, NULL);
}

static char *
build_password_too_long (void)
{
  g_autofree char *password = repeat ("p", QM_MAX_PASSWORD_BYTES + 1, NULL);

  return g_strdup_printf ("{'username':'alice','password':'%s'}", password);
}

static char *
build_username_too_long (void)
{
  g_autofree char *username = repeat ("u", QM_MAX_USERNAME_CHARS + 1, NULL);

  return g_strdup_printf ("{'username':'%s','display_name':'A','password':'12345678','roles':[]}", username);
}

static char *
build_display_name_too_long (void)
{
  return long_string_body ("{'username':'alice','display_name':'", QM_MAX_DISPLAY_NAME_CHARS + 1,
                           "','password':'12345678','roles':[]}");
}

static char *
build_meeting_title_too_long (void)
{
  return long_string_body ("{'title':'", QM_MAX_TITLE_CHARS + 1,
                           "','starts_at':'2026-12-01T09:00:00+07:00','location':'L'}");
}

static char *
build_meeting_location_too_long (void)
{
  return long_string_body ("{'title':'T','starts_at':'2026-12-01T09:00:00+07:00','location':'",
                           QM_MAX_LOCATION_CHARS + 1, "'}");
}

static char *
build_patch_title_too_long (void)
{
  return long_string_body ("{'title':'", QM_MAX_TITLE_CHARS + 1, "'}");
}

static char *
build_item_title_too_long (void)
{
  return long_string_body ("{'title':'", QM_MAX_TITLE_CHARS + 1, "'}");
}

static char *
build_item_description_too_long (void)
{
  return long_string_body ("{'title':'T','description':'", QM_MAX_DESCRIPTION_CHARS + 1, "'}");
}

static char *
build_attach_title_too_long (void)
{
  return long_string_body ("{'document':'" DOC "','title':'", QM_MAX_TITLE_CHARS + 1, "'}");
}

static const HttpRow http_rows[] = {
  /* POST /api/v1/login */
  HTTP ("login/not-json", qm_login_request, "{username", MAL),
  HTTP ("login/empty", qm_login_request, "", MAL),
  HTTP ("login/array", qm_login_request, "[]", MAL),
  HTTP ("login/string", qm_login_request, "'alice'", MAL),
  HTTP ("login/null", qm_login_request, "null", MAL),
  HTTP ("login/invalid-utf8", qm_login_request, "{'username':'al\xffice','password':'12345678'}", MAL),
  HTTP ("login/empty-object", qm_login_request, "{}", BAD),
  HTTP ("login/no-password", qm_login_request, "{'username':'alice'}", BAD),
  HTTP ("login/no-username", qm_login_request, "{'password':'12345678'}", BAD),
  HTTP ("login/username-number", qm_login_request, "{'username':5,'password':'12345678'}", BAD),
  HTTP ("login/password-null", qm_login_request, "{'username':'alice','password':null}", BAD),
  HTTP ("login/password-array", qm_login_request, "{'username':'alice','password':['1']}", BAD),
  HTTP_BUILT ("login/password-too-long", qm_login_request, build_password_too_long, BAD),

  /* POST /api/v1/users */
  HTTP ("user-create/not-json", qm_user_create, "username=alice", MAL),
  HTTP ("user-create/password-short", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'1234567','roles':[]"), BAD),
  HTTP ("user-create/password-short-multibyte", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'ệệệệệệệ','roles':[]"), BAD),
  HTTP ("user-create/password-empty", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'','roles':[]"), BAD),
  HTTP ("user-create/password-missing", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','roles':[]"), BAD),
  HTTP ("user-create/password-number", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':12345678,'roles':[]"), BAD),
  HTTP ("user-create/username-space", qm_user_create, USER_CREATE ("'username':'ali ce','display_name':'A','password':'12345678','roles':[]"), BAD),
  HTTP ("user-create/username-empty", qm_user_create, USER_CREATE ("'username':'','display_name':'A','password':'12345678','roles':[]"), BAD),
  HTTP ("user-create/username-vietnamese", qm_user_create, USER_CREATE ("'username':'người','display_name':'A','password':'12345678','roles':[]"), BAD),
  HTTP ("user-create/username-slash", qm_user_create, USER_CREATE ("'username':'a/b','display_name':'A','password':'12345678','roles':[]"), BAD),
  HTTP ("user-create/username-missing", qm_user_create, USER_CREATE ("'display_name':'A','password':'12345678','roles':[]"), BAD),
  HTTP_BUILT ("user-create/username-too-long", qm_user_create, build_username_too_long, BAD),
  HTTP ("user-create/display-name-missing", qm_user_create, USER_CREATE ("'username':'alice','password':'12345678','roles':[]"), BAD),
  HTTP_BUILT ("user-create/display-name-too-long", qm_user_create, build_display_name_too_long, BAD),
  HTTP ("user-create/role-unknown", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'12345678','roles':['king']"), BAD),
  HTTP ("user-create/role-meeting-only", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'12345678','roles':['chair']"), BAD),
  HTTP ("user-create/role-case", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'12345678','roles':['Admin']"), BAD),
  HTTP ("user-create/role-number", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'12345678','roles':[1]"), BAD),
  HTTP ("user-create/roles-string", qm_user_create, USER_CREATE ("'username':'alice','display_name':'A','password':'12345678','roles':'admin'"), BAD),

  /* POST /api/v1/meetings */
  HTTP ("meeting-create/array", qm_meeting_create, "[" MEETING_CREATE ("'2026-12-01T09:00:00+07:00'") "]", MAL),
  HTTP ("meeting-create/starts-at-no-offset", qm_meeting_create, MEETING_CREATE ("'2026-12-01T09:00:00'"), BAD),
  HTTP ("meeting-create/starts-at-date-only", qm_meeting_create, MEETING_CREATE ("'2026-12-01'"), BAD),
  HTTP ("meeting-create/starts-at-words", qm_meeting_create, MEETING_CREATE ("'tomorrow at nine'"), BAD),
  HTTP ("meeting-create/starts-at-month-13", qm_meeting_create, MEETING_CREATE ("'2026-13-01T09:00:00Z'"), BAD),
  HTTP ("meeting-create/starts-at-number", qm_meeting_create, MEETING_CREATE ("1764554400"), BAD),
  HTTP ("meeting-create/starts-at-null", qm_meeting_create, MEETING_CREATE ("null"), BAD),
  HTTP ("meeting-create/starts-at-missing", qm_meeting_create, "{'title':'T','location':'L'}", BAD),
  HTTP ("meeting-create/title-missing", qm_meeting_create, "{'starts_at':'2026-12-01T09:00:00Z','location':'L'}", BAD),
  HTTP ("meeting-create/title-number", qm_meeting_create, "{'title':5,'starts_at':'2026-12-01T09:00:00Z','location':'L'}", BAD),
  HTTP_BUILT ("meeting-create/title-too-long", qm_meeting_create, build_meeting_title_too_long, BAD),
  HTTP_BUILT ("meeting-create/location-too-long", qm_meeting_create, build_meeting_location_too_long, BAD),

  /* PATCH /api/v1/meetings/{mid} */
  HTTP ("meeting-patch/empty", qm_meeting_patch, "{}", BAD),
  HTTP ("meeting-patch/only-unknown", qm_meeting_patch, "{'colour':'red'}", BAD),
  HTTP ("meeting-patch/require-quorum-string", qm_meeting_patch, "{'require_quorum':'yes'}", BAD),
  HTTP ("meeting-patch/require-quorum-number", qm_meeting_patch, "{'require_quorum':1}", BAD),
  HTTP ("meeting-patch/starts-at-no-offset", qm_meeting_patch, "{'starts_at':'2026-12-01T09:00:00'}", BAD),
  HTTP ("meeting-patch/title-number", qm_meeting_patch, "{'title':5}", BAD),
  HTTP_BUILT ("meeting-patch/title-too-long", qm_meeting_patch, build_patch_title_too_long, BAD),
  HTTP ("meeting-patch/array", qm_meeting_patch, "[{'title':'T'}]", MAL),

  /* PUT /api/v1/meetings/{mid}/participants/{uid} */
  HTTP ("participant-put/role-king", qm_participant_put, "{'role':'king'}", BAD),
  HTTP ("participant-put/role-case", qm_participant_put, "{'role':'Chair'}", BAD),
  HTTP ("participant-put/role-missing", qm_participant_put, "{}", BAD),
  HTTP ("participant-put/role-null", qm_participant_put, "{'role':null}", BAD),
  HTTP ("participant-put/role-number", qm_participant_put, "{'role':1}", BAD),
  HTTP ("participant-put/role-account-only", qm_participant_put, "{'role':'admin'}", BAD),

  /* PUT /api/v1/meetings/{mid}/proxies/{uid} */
  HTTP ("proxy-put/holder-missing", qm_proxy_put, "{}", BAD),
  HTTP ("proxy-put/holder-zero", qm_proxy_put, "{'holder':0}", BAD),
  HTTP ("proxy-put/holder-negative", qm_proxy_put, "{'holder':-5}", BAD),
  HTTP ("proxy-put/holder-string", qm_proxy_put, "{'holder':'5'}", BAD),
  HTTP ("proxy-put/holder-float", qm_proxy_put, "{'holder':5.0}", BAD),
  HTTP ("proxy-put/holder-over-max", qm_proxy_put, "{'holder':9007199254740992}", BAD),

  /* POST and PATCH /api/v1/meetings/{mid}/agenda... */
  HTTP ("agenda-item-create/title-missing", qm_agenda_item_create, "{'description':'d'}", BAD),
  HTTP ("agenda-item-create/title-number", qm_agenda_item_create, "{'title':1}", BAD),
  HTTP ("agenda-item-create/description-number", qm_agenda_item_create, "{'title':'T','description':1}", BAD),
  HTTP_BUILT ("agenda-item-create/title-too-long", qm_agenda_item_create, build_item_title_too_long, BAD),
  HTTP_BUILT ("agenda-item-create/description-too-long", qm_agenda_item_create, build_item_description_too_long, BAD),
  HTTP ("agenda-item-patch/empty", qm_agenda_item_patch, "{}", BAD),
  HTTP ("agenda-item-patch/title-number", qm_agenda_item_patch, "{'title':1}", BAD),

  /* PUT /api/v1/meetings/{mid}/agenda-order */
  HTTP ("agenda-order/duplicate", qm_agenda_order, "{'items':[1,2,1]}", BAD),
  HTTP ("agenda-order/string-item", qm_agenda_order, "{'items':[1,'2']}", BAD),
  HTTP ("agenda-order/fraction-item", qm_agenda_order, "{'items':[1,2.5]}", BAD),
  HTTP ("agenda-order/whole-float-item", qm_agenda_order, "{'items':[1,2.0]}", BAD),
  HTTP ("agenda-order/zero-item", qm_agenda_order, "{'items':[0,1]}", BAD),
  HTTP ("agenda-order/negative-item", qm_agenda_order, "{'items':[-1]}", BAD),
  HTTP ("agenda-order/null-item", qm_agenda_order, "{'items':[1,null]}", BAD),
  HTTP ("agenda-order/nested-item", qm_agenda_order, "{'items':[[1]]}", BAD),
  HTTP ("agenda-order/items-missing", qm_agenda_order, "{}", BAD),
  HTTP ("agenda-order/items-number", qm_agenda_order, "{'items':1}", BAD),
  HTTP ("agenda-order/top-array", qm_agenda_order, "[1,2]", MAL),

  /* POST /api/v1/meetings/{mid}/agenda/{iid}/documents */
  HTTP ("attach-document/docid-short", qm_attach_document, "{'document':'e3b0c442'}", BAD),
  HTTP ("attach-document/docid-uppercase", qm_attach_document, "{'document':'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'}", BAD),
  HTTP ("attach-document/docid-not-hex", qm_attach_document, "{'document':'z3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'}", BAD),
  HTTP ("attach-document/docid-path", qm_attach_document, "{'document':'../../etc/passwd'}", BAD),
  HTTP ("attach-document/docid-number", qm_attach_document, "{'document':5}", BAD),
  HTTP ("attach-document/document-missing", qm_attach_document, "{'title':'Phụ lục'}", BAD),
  HTTP ("attach-document/title-number", qm_attach_document, "{'document':'" DOC "','title':5}", BAD),
  HTTP_BUILT ("attach-document/title-too-long", qm_attach_document, build_attach_title_too_long, BAD),
};

static void
test_http_row (gconstpointer data)
{
  const HttpRow *row = data;
  g_autofree char *text = row_text (row->text, row->build);
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (strlen (text) < 300)
    {
      g_autofree char *shown = g_strescape (text, NULL);

      g_test_message ("%s: %s", row->name, shown);
    }

  result = row->parse (text, &error);
  if (error != NULL)
    g_test_message ("refused: %s", error->message);
  if (result != NULL)
    {
      row->free (result);
      g_error ("%s: parsed, but should fail with %s", row->name, qm_protocol_error_to_code (row->code));
    }
  g_assert_error (error, QM_PROTOCOL_ERROR, (gint) row->code);
}

static void
test_http_baselines (void)
{
  struct { const char *name; ParseFunc parse; GDestroyNotify free; const char *text; } rows[] = {
    { "login", parse_qm_login_request, free_qm_login_request, "{'username':'alice','password':'x'}" },
    { "user-create", parse_qm_user_create, free_qm_user_create, "{" USER_OK_FIELDS "}" },
    { "user-create-multibyte-password", parse_qm_user_create, free_qm_user_create,
      "{'username':'alice','display_name':'A','password':'ệệệệệệệệ','roles':['admin','secretary']}" },
    { "meeting-create", parse_qm_meeting_create, free_qm_meeting_create, MEETING_CREATE ("'2026-12-01T09:00:00+07:00'") },
    { "meeting-create-z", parse_qm_meeting_create, free_qm_meeting_create, MEETING_CREATE ("'2026-12-01T02:00:00Z'") },
    { "meeting-patch", parse_qm_meeting_patch, free_qm_meeting_patch, "{'require_quorum':true}" },
    { "participant-put", parse_qm_participant_put, free_qm_participant_put, "{'role':'observer'}" },
    { "proxy-put", parse_qm_proxy_put, free_qm_proxy_put, "{'holder':9007199254740991}" },
    { "agenda-item-create", parse_qm_agenda_item_create, free_qm_agenda_item_create, "{'title':'T','description':'d'}" },
    { "agenda-item-patch", parse_qm_agenda_item_patch, free_qm_agenda_item_patch, "{'title':'T'}" },
    { "agenda-order", parse_qm_agenda_order, free_qm_agenda_order, "{'items':[2,1,3]}" },
    { "agenda-order-empty", parse_qm_agenda_order, free_qm_agenda_order, "{'items':[]}" },
    { "attach-document", parse_qm_attach_document, free_qm_attach_document, "{'document':'" DOC "','title':'Phụ lục'}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = fix_quotes (rows[i].text);
      g_autoptr(GError) error = NULL;
      gpointer result = rows[i].parse (text, &error);

      if (error != NULL)
        g_error ("%s should parse but got %s (%s)", rows[i].name,
                 qm_protocol_error_to_code (error->code), error->message);
      g_assert_nonnull (result);
      rows[i].free (result);
    }

  /* Character limits, not bytes */
  {
    g_autofree char *title = long_string_body ("{'title':'", QM_MAX_TITLE_CHARS, "'}");
    g_autofree char *text = fix_quotes (title);
    g_autoptr(GError) error = NULL;
    g_autoptr(QmAgendaItemCreate) create = qm_agenda_item_create_parse (text, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_utf8_strlen (create->title, -1), ==, QM_MAX_TITLE_CHARS);
  }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The table is the point of this file; keep it from shrinking unnoticed. */
  g_assert_cmpuint (G_N_ELEMENTS (message_rows), >=, 70);

  for (guint i = 0; i < G_N_ELEMENTS (message_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/quorum/protocol/malformed/message/%s", message_rows[i].name);

      g_test_add_data_func (path, &message_rows[i], test_message_row);
    }
  g_test_add_func ("/quorum/protocol/malformed/message-without-out-id", test_message_rows_without_out_id);
  g_test_add_func ("/quorum/protocol/malformed/baselines", test_baselines);
  g_test_add_func ("/quorum/protocol/malformed/edges", test_edges);
  g_test_add_func ("/quorum/protocol/malformed/limits-at-edge", test_limits_at_edge);

  for (guint i = 0; i < G_N_ELEMENTS (http_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/quorum/protocol/malformed/http/%s", http_rows[i].name);

      g_test_add_data_func (path, &http_rows[i], test_http_row);
    }
  g_test_add_func ("/quorum/protocol/malformed/http-baselines", test_http_baselines);

  return g_test_run ();
}
