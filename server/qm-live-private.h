/* qm-live-private.h: the live channel's connections and rooms, shared by
 * qm-live.c (connections) and qm-room.c (meeting state and fan-out).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-live.h"
#include "qm-request.h"
#include "qm-ws.h"

G_BEGIN_DECLS

typedef struct _QmRoom QmRoom;
typedef struct _QmVotes QmVotes;
typedef struct _QmFloor QmFloor;
typedef struct _QmAnnotations QmAnnotations;
typedef struct _QmFollowing QmFollowing;

/* One live connection. */
typedef struct
{
  QmLive        *live;
  QmRoom        *room;          /* set once the hello is accepted */
  QmWs          *ws;
  gint64         meeting_id;
  gint64         user_id;
  guint8         token_hash[QM_TOKEN_HASH_BYTES];
  gint64         opened_at;     /* monotonic */
  gboolean       is_private;    /* TLS, or a peer on this machine: nobody reads along */
  gboolean       following;     /* its reader follows the presenter (follow.set) */
  guint          hello_timer;
  guint          teardown_idle;
  /* Rate limiting: commands in the current one-second window. */
  gint64         window_start;
  guint          window_count;
  guint          strikes;
} QmClient;

/* Room life */
QmRoom     *_qm_room_new            (QmLive            *live,
                                     const QmServices  *services,
                                     gint64             meeting_id);
void        _qm_room_free           (QmRoom            *room);
/* Admits a client whose hello checked out: welcome (or resume) and presence. */
void        _qm_room_join           (QmRoom            *room,
                                     QmClient          *client,
                                     const QmMessage   *hello);
void        _qm_room_leave          (QmRoom            *room,
                                     QmClient          *client);
void        _qm_room_command        (QmRoom            *room,
                                     QmClient          *client,
                                     QmMessage         *command);
/* The clients of this user in the room, oldest first. */
GPtrArray  *_qm_room_clients_of     (QmRoom            *room,
                                     gint64             user_id);
GPtrArray  *_qm_room_clients        (QmRoom            *room);
QmMeetingRole _qm_room_role_of      (QmRoom            *room,
                                     gint64             user_id);
void        _qm_room_agenda_changed (QmRoom            *room);
/* Returns the users no longer in the meeting. */
GArray     *_qm_room_participants_changed (QmRoom      *room);
/* Commits the presenter's position now if it changed. */
void        _qm_room_save           (QmRoom            *room);
gboolean    _qm_room_is_saving      (QmRoom            *room);

/* For the room's parts (qm-votes.c). */
QmRoom     *_qm_room_ref            (QmRoom            *room);
void        _qm_room_unref          (QmRoom            *room);
gboolean    _qm_room_is_closed      (QmRoom            *room);
const QmServices *_qm_room_services (QmRoom            *room);
gint64      _qm_room_meeting_id     (QmRoom            *room);
const QmMeeting *_qm_room_meeting   (QmRoom            *room);
gboolean    _qm_room_is_online      (QmRoom            *room,
                                     gint64             user_id);
/* Numbers the event and sends it to everyone (audience 0), only to the user
 * audience, or to everyone but the user -audience. Takes it. */
void        _qm_room_emit           (QmRoom            *room,
                                     QmMessage         *event,
                                     gint64             audience,
                                     QmWsFrameKind      kind);
/* Sends an answer once every event emitted so far has gone out (some may
 * wait for their numbers): a reply comes after the events its command caused. Takes it. */
void        _qm_room_send_after_events (QmRoom         *room,
                                        QmWs           *ws,
                                        QmMessage      *message);

/* Votes and quorum (qm-votes.c) */
QmVotes    *_qm_votes_new           (QmRoom            *room);
void        _qm_votes_free          (QmVotes           *votes);
void        _qm_votes_command       (QmVotes           *votes,
                                     QmClient          *client,
                                     QmMessage         *command);
void        _qm_votes_fill_welcome  (QmVotes           *votes,
                                     QmWelcome         *welcome);
/* Sends a quorum event when presence or membership changed it. */
void        _qm_votes_check_quorum  (QmVotes           *votes);

/* The speakers list (qm-floor.c) */
QmFloor    *_qm_floor_new           (QmRoom            *room,
                                     const QmLiveState *state);
void        _qm_floor_free          (QmFloor           *floor);
void        _qm_floor_fill          (QmFloor           *floor,
                                     QmSpeakers        *speakers);
void        _qm_floor_command       (QmFloor           *floor,
                                     QmClient          *client,
                                     QmMessage         *command);
void        _qm_floor_forget        (QmFloor           *floor,
                                     gint64             user_id);
const char *_qm_room_presenter_doc  (QmRoom            *room);

/* Annotations (qm-annotations.c) */
QmAnnotations *_qm_annotations_new  (QmRoom            *room);
void        _qm_annotations_free    (QmAnnotations     *annotations);
void        _qm_annotations_command (QmAnnotations     *annotations,
                                     QmClient          *client,
                                     QmMessage         *command);
/* The user's own and the shared annotations. */
void        _qm_annotations_fill_welcome (QmAnnotations *annotations,
                                          QmWelcome     *welcome,
                                          gint64         user_id);

/* Who follows the presenter (qm-following.c) */
QmFollowing *_qm_following_new      (QmRoom            *room);
void        _qm_following_free      (QmFollowing       *following);
void        _qm_following_command   (QmFollowing       *following,
                                     QmClient          *client,
                                     QmMessage         *command);
/* The client is gone: it follows no more. */
void        _qm_following_client_left (QmFollowing     *following,
                                       QmClient        *client);
void        _qm_following_fill_welcome (QmFollowing    *following,
                                        QmWelcome      *welcome);

/* Answers to one client. */
void        _qm_client_send_message (QmClient          *client,
                                     QmMessage         *message);   /* takes */
void        _qm_client_reply        (QmClient          *client,
                                     JsonNode          *re,
                                     gint64             vote);
void        _qm_client_error        (QmClient          *client,
                                     JsonNode          *re,
                                     QmProtocolError    code,
                                     const char        *message);
void        _qm_client_close        (QmClient          *client,
                                     guint16            code,
                                     const char        *reason);

G_END_DECLS
