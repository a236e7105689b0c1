/* qm-meeting-model.h: a meeting's live state (agenda, participants, presenter,
 * who is online and who follows, votes, speakers, quorum, annotations) built from the welcome
 * and the events that follow, with signals a UI binds to.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-live-connection.h"

G_BEGIN_DECLS

#define QM_TYPE_MEETING_MODEL (qm_meeting_model_get_type ())
G_DECLARE_FINAL_TYPE (QmMeetingModel, qm_meeting_model, QM, MEETING_MODEL, GObject)

QmMeetingModel     *qm_meeting_model_new                (void);

/* Applies every message of the connection from now on (for as long as the
 * model lives). */
void                qm_meeting_model_follow             (QmMeetingModel   *self,
                                                         QmLiveConnection *live);
/* Applies one server message: a welcome (a full one replaces the state; a
 * resumed one keeps it for the replayed events), or an event. Events at or
 * below the model's seq were applied already and are skipped; other
 * messages are ignored. */
void                qm_meeting_model_apply              (QmMeetingModel   *self,
                                                         const QmMessage  *message);

/* Whether a full welcome has been applied. */
gboolean            qm_meeting_model_get_loaded         (QmMeetingModel   *self);
gint64              qm_meeting_model_get_seq            (QmMeetingModel   *self);
/* The meeting with participants and agenda (by position), or NULL. */
const QmMeeting    *qm_meeting_model_get_meeting        (QmMeetingModel   *self);
gint64              qm_meeting_model_get_you_user       (QmMeetingModel   *self);
QmMeetingRole       qm_meeting_model_get_you_role       (QmMeetingModel   *self);
/* The display name of a participant, or NULL. */
const char         *qm_meeting_model_get_display_name   (QmMeetingModel   *self,
                                                         gint64            user_id);

gint64              qm_meeting_model_get_presenter_user (QmMeetingModel   *self);
/* NULL and 0 until the first present. */
const char         *qm_meeting_model_get_presenter_doc  (QmMeetingModel   *self);
gint64              qm_meeting_model_get_presenter_page (QmMeetingModel   *self);

/* Whether the server reports who follows the presenter ("following"). */
gboolean            qm_meeting_model_get_has_following  (QmMeetingModel   *self);
/* The users following the presenter, ascending (gint64). */
GArray             *qm_meeting_model_get_following      (QmMeetingModel   *self);
gboolean            qm_meeting_model_is_following       (QmMeetingModel   *self,
                                                         gint64            user_id);

/* The users online, ascending (gint64). */
GArray             *qm_meeting_model_get_online         (QmMeetingModel   *self);
gboolean            qm_meeting_model_is_online          (QmMeetingModel   *self,
                                                         gint64            user_id);

/* The votes seen since the welcome (open ones from it, then opened, closed),
 * by id; QmVote. */
GPtrArray          *qm_meeting_model_get_votes          (QmMeetingModel   *self);
const QmVote       *qm_meeting_model_lookup_vote        (QmMeetingModel   *self,
                                                         gint64            vote_id);

const QmSpeakers   *qm_meeting_model_get_speakers       (QmMeetingModel   *self);
/* The server's clock minus this machine's, in microseconds, as measured at
 * the last welcome ("now"); 0 before one. */
gint64              qm_meeting_model_get_clock_offset   (QmMeetingModel   *self);
/* The server's time now (µs since the epoch), by that offset: compare the
 * times the server sends (speakers' since, votes' opened_at) with this. */
gint64              qm_meeting_model_get_server_time    (QmMeetingModel   *self);
/* The server's numbers when it sends them, else computed by the rule. */
const QmQuorum     *qm_meeting_model_get_quorum         (QmMeetingModel   *self);

const QmAnnotation *qm_meeting_model_lookup_annotation  (QmMeetingModel   *self,
                                                         const char       *id);
/* The annotations (the user's own and the shared ones): a new array of
 * borrowed QmAnnotation. */
GPtrArray          *qm_meeting_model_list_annotations   (QmMeetingModel   *self);

G_END_DECLS
