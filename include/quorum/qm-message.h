/* qm-message.h: every message of the live channel (client commands and server
 * events) as one tagged C type, with strict parsing and serialisation.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-types.h"

G_BEGIN_DECLS

typedef enum
{
  /* client → server */
  QM_MESSAGE_HELLO,
  QM_MESSAGE_PRESENT,
  QM_MESSAGE_PRESENTER_SET,
  QM_MESSAGE_VOTE_OPEN,
  QM_MESSAGE_VOTE_CAST,
  QM_MESSAGE_VOTE_CAST_PROXY,
  QM_MESSAGE_VOTE_CLOSE,
  QM_MESSAGE_ANNOTATION_PUT,
  QM_MESSAGE_ANNOTATION_DELETE,
  QM_MESSAGE_SPEAK_REQUEST,
  QM_MESSAGE_SPEAK_WITHDRAW,
  QM_MESSAGE_SPEAK_NEXT,
  QM_MESSAGE_PING,
  /* server → client */
  QM_MESSAGE_WELCOME,
  QM_MESSAGE_REPLY,
  QM_MESSAGE_ERROR,
  QM_MESSAGE_PONG,
  QM_MESSAGE_PAGE,
  QM_MESSAGE_PRESENTER,
  QM_MESSAGE_PRESENCE,
  QM_MESSAGE_AGENDA,
  QM_MESSAGE_PARTICIPANTS,
  QM_MESSAGE_VOTE_OPENED,
  QM_MESSAGE_VOTE_PROGRESS,
  QM_MESSAGE_VOTE_CLOSED,
  QM_MESSAGE_ANNOTATION,
  QM_MESSAGE_ANNOTATION_DELETED,
  QM_MESSAGE_SPEAKERS,
  QM_MESSAGE_QUORUM,
  /* additions to the contract, announced as the feature "following" */
  QM_MESSAGE_FOLLOW_SET,         /* client → server */
  QM_MESSAGE_FOLLOWING,          /* server → client */
  QM_N_MESSAGE_TYPES
} QmMessageType;

/* Who sent the text being parsed: a client may send only commands, a server
 * only events and answers. */
typedef enum
{
  QM_ORIGIN_CLIENT,
  QM_ORIGIN_SERVER,
} QmOrigin;

typedef struct
{
  gint64  current;               /* 0 when null */
  char   *since;                 /* NULL when null */
  GArray *queue;                 /* of gint64 */
} QmSpeakers;

typedef struct
{
  gint64   present;
  gint64   voting_present;
  gint64   voting_total;
  gboolean reached;
} QmQuorum;

typedef struct
{
  char          *epoch;
  char          *now;
  char          *server_version;
  GPtrArray     *features;       /* of char* */
  gint64         you_user;
  QmMeetingRole  you_role;
  QmMeeting     *meeting;
  gint64         presenter_user;
  char          *presenter_doc;  /* NULL until the first present */
  gint64         presenter_page; /* 0 until the first present */
  GArray        *online;         /* of gint64 */
  GPtrArray     *votes;          /* of QmVote */
  QmSpeakers     speakers;
  GPtrArray     *annotations;    /* of QmAnnotation */
  gboolean       resumed;
  gboolean       has_quorum;     /* an addition to the contract: "quorum":{…} */
  QmQuorum       quorum;
  GArray        *following;      /* an addition: "following":[uid…], or NULL when absent */
} QmWelcome;

typedef struct
{
  QmMessageType type;
  JsonNode     *id;              /* commands: the client's "id", or NULL */
  JsonNode     *re;              /* reply, error, pong: the command's id, or NULL */
  gint64        seq;             /* events and welcome */

  union
  {
    struct { char *token; gboolean has_resume_from; gint64 resume_from; char *epoch; } hello;
    struct { char *doc; gint64 page; gint64 by; } page;          /* present (no by) and page */
    struct { gint64 user; } presenter;                           /* presenter.set and presenter */
    struct { char *question; gint64 item; gboolean secret; QmMajority majority; gboolean force; } vote_open;
    struct { gint64 vote; QmChoice choice; gint64 for_user; } vote_cast;  /* for_user: proxy only */
    struct { gint64 vote; } vote_close;
    struct { QmAnnotation *annotation; } annotation;             /* annotation.put and annotation */
    struct { char *id; } annotation_deleted;                      /* annotation.delete and .deleted */
    QmWelcome welcome;
    struct { gint64 vote; QmAnnotation *annotation; } reply;      /* either may be absent (0, NULL) */
    struct { char *code; char *message; QmAnnotation *annotation; } error;
    struct { GArray *joined; GArray *left; } presence;
    struct { QmMeeting *meeting; } agenda;                        /* participants left out */
    struct { GPtrArray *set; GArray *removed; } participants;
    struct { QmVote *vote; } vote_opened;
    struct { gint64 vote; gint64 cast; gint64 eligible; gboolean has_counts; gint64 yes, no, abstain; } vote_progress;
    struct { gint64 vote; QmVoteResult result; } vote_closed;
    QmSpeakers speakers;
    QmQuorum quorum;
    struct { gboolean following; } follow_set;
    struct { GArray *users; } following;                          /* of gint64 */
  };
} QmMessage;

const char *qm_message_type_to_string   (QmMessageType type);
gboolean    qm_message_type_from_string (const char    *text,
                                         QmMessageType *out_type);
/* Whether clients send this type (otherwise the server does). */
gboolean    qm_message_type_is_command  (QmMessageType type);
/* Whether this type carries a seq that counts in the meeting's event order. */
gboolean    qm_message_type_is_event    (QmMessageType type);

/* A zero-filled message of this type, with its arrays allocated empty. */
QmMessage  *qm_message_new       (QmMessageType    type);
void        qm_message_free      (QmMessage       *message);
QmMessage  *qm_message_copy      (const QmMessage *message);

/* Parses one frame. Fails with TOO_LARGE over the origin's size limit,
 * MALFORMED when the text is not a JSON object, BAD_REQUEST for anything else
 * (unknown type, a type the origin may not send, missing or wrong fields).
 * When the text is an object with a valid "id" (number or string), *out_id
 * receives a copy of it even on failure, so the error can carry "re". */
QmMessage  *qm_message_parse     (const char      *text,
                                  gsize            length,
                                  QmOrigin         origin,
                                  JsonNode       **out_id,
                                  GError         **error);
JsonNode   *qm_message_to_json   (const QmMessage *message);
char       *qm_message_serialize (const QmMessage *message,
                                  gsize           *out_length);

/* The answers to a command, ready to send. */
QmMessage  *qm_message_new_error (JsonNode        *re,
                                  const GError    *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmMessage, qm_message_free)

G_END_DECLS
