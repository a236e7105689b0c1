/* qm-types.h: the objects of the wire contract (users, meetings, agenda items,
 * documents, votes, annotations) as plain C structs with JSON codecs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "qm-codec.h"

G_BEGIN_DECLS

typedef enum
{
  QM_ACCOUNT_ROLE_ADMIN     = 1 << 0,
  QM_ACCOUNT_ROLE_SECRETARY = 1 << 1,
} QmAccountRoles;

typedef enum
{
  QM_MEETING_ROLE_NONE,      /* not a participant; "null" on the wire */
  QM_MEETING_ROLE_CHAIR,
  QM_MEETING_ROLE_SECRETARY,
  QM_MEETING_ROLE_DELEGATE,
  QM_MEETING_ROLE_OBSERVER,
} QmMeetingRole;

typedef enum
{
  QM_MAJORITY_SIMPLE,
  QM_MAJORITY_ABSOLUTE,
  QM_MAJORITY_TWO_THIRDS,
} QmMajority;

typedef enum
{
  QM_CHOICE_YES,
  QM_CHOICE_NO,
  QM_CHOICE_ABSTAIN,
} QmChoice;

typedef enum
{
  QM_VOTE_STATUS_OPEN,
  QM_VOTE_STATUS_CLOSED,
} QmVoteStatus;

typedef enum
{
  QM_ANNOTATION_INK,
  QM_ANNOTATION_HIGHLIGHT,
  QM_ANNOTATION_NOTE,
} QmAnnotationKind;

const char *qm_account_role_to_string  (QmAccountRoles    role);
const char *qm_meeting_role_to_string  (QmMeetingRole     role);  /* NULL for NONE */
gboolean    qm_meeting_role_from_string (const char       *text,
                                         QmMeetingRole    *out_role);
gboolean    qm_meeting_role_is_voting  (QmMeetingRole     role);
const char *qm_majority_to_string      (QmMajority        majority);
gboolean    qm_majority_from_string    (const char       *text,
                                        QmMajority       *out_majority);
const char *qm_choice_to_string        (QmChoice          choice);
gboolean    qm_choice_from_string      (const char       *text,
                                        QmChoice         *out_choice);
const char *qm_annotation_kind_to_string (QmAnnotationKind kind);
gboolean    qm_annotation_kind_from_string (const char     *text,
                                            QmAnnotationKind *out_kind);

/* The contract's majority rules over yes/no/abstain. */
gboolean    qm_majority_passes         (QmMajority        majority,
                                        gint64            yes,
                                        gint64            no,
                                        gint64            eligible);

/* user: {"id","username","display_name","roles":[...]} */
typedef struct
{
  gint64          id;
  char           *username;
  char           *display_name;
  QmAccountRoles  roles;
} QmUser;
QM_DECLARE_CODEC (QmUser, qm_user)

/* participant: {"user":{"id","display_name"},"role","proxy_holder":uid|null} */
typedef struct
{
  gint64         user_id;
  char          *display_name;
  QmMeetingRole  role;            /* never NONE */
  gint64         proxy_holder;    /* 0 when null */
} QmParticipant;
QM_DECLARE_CODEC (QmParticipant, qm_participant)

/* An agenda item's document entry: {"id","title","pages","bytes"} */
typedef struct
{
  char   *id;
  char   *title;
  gint64  pages;
  gint64  bytes;
} QmItemDocument;
QM_DECLARE_CODEC (QmItemDocument, qm_item_document)

/* agenda item: {"id","position","title","description","documents":[...]} */
typedef struct
{
  gint64     id;
  gint64     position;
  char      *title;
  char      *description;        /* never NULL; "" when empty */
  GPtrArray *documents;          /* of QmItemDocument */
} QmAgendaItem;
QM_DECLARE_CODEC (QmAgendaItem, qm_agenda_item)

/* meeting: {"id","title","starts_at","location","require_quorum","participants","agenda"} */
typedef struct
{
  gint64     id;
  char      *title;
  char      *starts_at;          /* RFC 3339 with offset */
  char      *location;
  gboolean   require_quorum;
  GPtrArray *participants;       /* of QmParticipant; NULL when left out (the agenda event) */
  GPtrArray *agenda;             /* of QmAgendaItem, by position */
} QmMeeting;
QM_DECLARE_CODEC (QmMeeting, qm_meeting)
QmParticipant *qm_meeting_find_participant (const QmMeeting *meeting,
                                            gint64           user_id);

/* meeting summary: {"id","title","starts_at","location","role"} */
typedef struct
{
  gint64         id;
  char          *title;
  char          *starts_at;
  char          *location;
  QmMeetingRole  role;           /* NONE when null */
} QmMeetingSummary;
QM_DECLARE_CODEC (QmMeetingSummary, qm_meeting_summary)

/* document: {"id","name","title","pages","bytes"} */
typedef struct
{
  char   *id;                    /* lowercase hex SHA-256 of the bytes */
  char   *name;
  char   *title;
  gint64  pages;
  gint64  bytes;
} QmDocument;
QM_DECLARE_CODEC (QmDocument, qm_document)

typedef struct
{
  gint64   yes;
  gint64   no;
  gint64   abstain;
  gint64   cast;
  gint64   eligible;
  gboolean passed;
} QmVoteResult;

typedef struct
{
  gint64   user;
  QmChoice choice;
  gint64   by;                   /* == user unless a proxy holder cast it */
} QmBallot;

/* vote: see the contract, section 2 */
typedef struct
{
  gint64        id;
  char         *question;
  gint64        item;            /* 0 when null */
  gboolean      secret;
  QmMajority    majority;
  QmVoteStatus  status;
  gint64        eligible;
  gint64        cast;
  char         *opened_at;
  char         *closed_at;       /* NULL while open */
  gboolean      has_result;
  QmVoteResult  result;
  GArray       *ballots;         /* of QmBallot; NULL when not listed */
} QmVote;
QM_DECLARE_CODEC (QmVote, qm_vote)

JsonNode *qm_vote_result_to_json   (const QmVoteResult *result);
gboolean  qm_vote_result_from_json (JsonNode           *node,
                                    QmVoteResult       *out_result,
                                    GError            **error);

typedef struct
{
  double x;
  double y;
  double pressure;               /* 0..1, or < 0 when the point has none */
} QmInkPoint;

typedef struct
{
  double x1, y1, x2, y2;
} QmQuad;

/* annotation: {"id","doc","page","kind","shared","rev","data","author"} */
typedef struct
{
  char             *id;          /* client-made UUID */
  char             *doc;
  gint64            page;
  QmAnnotationKind  kind;
  gboolean          shared;
  gint64            rev;
  gint64            author;      /* set by the server; 0 when absent */

  /* ink and highlight */
  char              color[8];    /* "#rrggbb" */
  /* ink */
  double            width;
  GPtrArray        *strokes;     /* of GArray of QmInkPoint */
  /* highlight */
  GArray           *quads;       /* of QmQuad */
  /* note */
  double            x;
  double            y;
  char             *text;
} QmAnnotation;
QM_DECLARE_CODEC (QmAnnotation, qm_annotation)

/* Whether every coordinate of the annotation lies on a page of this size. */
gboolean qm_annotation_fits_page (const QmAnnotation *annotation,
                                  double              page_width,
                                  double              page_height);

G_END_DECLS
