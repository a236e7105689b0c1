/* qm-store.h: everything the server keeps in SQLite. Reads run on the calling
 * (main) thread on their own connection; changes go to one writer thread that
 * commits them in groups (one fsync per batch) and reports back to the main
 * context only once they are durable.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <quorum/quorum-protocol.h>

#include "qm-document-store.h"
#include "qm-minutes.h"

G_BEGIN_DECLS

#define QM_STORE_SCHEMA_VERSION 6
#define QM_TOKEN_HASH_BYTES 32

#define QM_TYPE_STORE (qm_store_get_type ())
G_DECLARE_FINAL_TYPE (QmStore, qm_store, QM, STORE, GObject)

/* Opens (creating and migrating as needed) <data_dir>/quorum.db. */
QmStore    *qm_store_open                (const char     *data_dir,
                                          GError        **error);
/* Waits for every queued change to be committed, then stops the writer. */
void        qm_store_close               (QmStore        *self);
gint64      qm_store_get_schema_version  (QmStore        *self);
/* A random name for this data dir's history, made once (welcome.epoch). */
const char *qm_store_get_epoch           (QmStore        *self);

/* Every change: finish with this. On success *out_id holds the new or changed
 * row's id where there is one. Errors are QM_PROTOCOL_ERROR codes. */
gboolean    qm_store_write_finish        (QmStore        *self,
                                          GAsyncResult   *result,
                                          gint64         *out_id,
                                          GError        **error);

/* Settings */
char       *qm_store_get_setting         (QmStore        *self,
                                          const char     *key);
void        qm_store_set_setting_async   (QmStore        *self,
                                          const char     *key,
                                          const char     *value,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);

/* Accounts */
QmUser     *qm_store_get_user            (QmStore        *self,
                                          gint64          user_id);
/* The account and its password hash, by username (any letter case). */
QmUser     *qm_store_find_user           (QmStore        *self,
                                          const char     *username,
                                          char          **out_password_hash);
GPtrArray  *qm_store_list_users          (QmStore        *self);   /* of QmUser */
gint64      qm_store_count_users         (QmStore        *self);
void        qm_store_create_user_async   (QmStore        *self,
                                          const char     *username,
                                          const char     *display_name,
                                          const char     *password_hash,
                                          QmAccountRoles  roles,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);

/* Tokens, known only by their SHA-256. A token is valid while it was used
 * less than idle_seconds ago. */
gboolean    qm_store_check_token         (QmStore        *self,
                                          const guint8   *hash,
                                          gint64          now,
                                          gint64          idle_seconds,
                                          gint64         *out_user_id,
                                          gint64         *out_last_used);
void        qm_store_create_token_async  (QmStore        *self,
                                          const guint8   *hash,
                                          gint64          user_id,
                                          gint64          now,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
void        qm_store_touch_token         (QmStore        *self,
                                          const guint8   *hash,
                                          gint64          now);
void        qm_store_delete_token_async  (QmStore        *self,
                                          const guint8   *hash,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
void        qm_store_delete_expired_tokens (QmStore      *self,
                                            gint64        older_than);

/* Meetings */
gboolean    qm_store_meeting_exists      (QmStore        *self,
                                          gint64          meeting_id);
QmMeeting  *qm_store_get_meeting         (QmStore        *self,
                                          gint64          meeting_id);
/* The user's role in the meeting, NONE when not a participant. */
QmMeetingRole qm_store_get_role          (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          user_id);
/* Meetings the user takes part in, or all of them; soonest first. */
GPtrArray  *qm_store_list_meetings       (QmStore        *self,
                                          gint64          user_id,
                                          gboolean        all);   /* of QmMeetingSummary */
/* Whether the user is the secretary of at least one meeting. */
gboolean    qm_store_is_secretary_anywhere (QmStore      *self,
                                            gint64        user_id);
QmParticipant *qm_store_get_participant  (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          user_id);
QmAgendaItem *qm_store_get_agenda_item   (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          item_id);
/* Creates the meeting with its creator as secretary. */
void        qm_store_create_meeting_async (QmStore       *self,
                                           const QmMeetingCreate *request,
                                           gint64         creator,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
void        qm_store_update_meeting_async (QmStore       *self,
                                           gint64         meeting_id,
                                           const QmMeetingPatch *patch,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
/* Adds or changes a participant; CONFLICT when it would leave the meeting
 * without a secretary. */
void        qm_store_put_participant_async (QmStore      *self,
                                            gint64        meeting_id,
                                            gint64        user_id,
                                            QmMeetingRole role,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
void        qm_store_delete_participant_async (QmStore   *self,
                                               gint64     meeting_id,
                                               gint64     user_id,
                                               GAsyncReadyCallback callback,
                                               gpointer   user_data);
/* member's vote goes to holder; both voting members, a holder holds at most
 * max_held proxies, and no chains. */
void        qm_store_put_proxy_async     (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          member,
                                          gint64          holder,
                                          guint           max_held,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
void        qm_store_delete_proxy_async  (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          member,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);

/* Agenda */
void        qm_store_add_agenda_item_async (QmStore      *self,
                                            gint64        meeting_id,
                                            const char   *title,
                                            const char   *description,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
void        qm_store_update_agenda_item_async (QmStore   *self,
                                               gint64     meeting_id,
                                               gint64     item_id,
                                               const QmAgendaItemPatch *patch,
                                               GAsyncReadyCallback callback,
                                               gpointer   user_data);
void        qm_store_delete_agenda_item_async (QmStore   *self,
                                               gint64     meeting_id,
                                               gint64     item_id,
                                               GAsyncReadyCallback callback,
                                               gpointer   user_data);
/* BAD_REQUEST unless items is a permutation of the meeting's items. */
void        qm_store_reorder_agenda_async (QmStore       *self,
                                           gint64         meeting_id,
                                           GArray        *items,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);

/* Documents */
QmDocument *qm_store_get_document        (QmStore        *self,
                                          const char     *docid);
/* Page sizes as stored (pairs of doubles), or NULL. */
GArray     *qm_store_get_page_sizes      (QmStore        *self,
                                          const char     *docid);
/* Whether the user uploaded it or takes part in a meeting whose agenda holds it. */
gboolean    qm_store_document_visible_to (QmStore        *self,
                                          const char     *docid,
                                          gint64          user_id);
/* Whether the document exists and, unless user_id is 0 (an admin or a
 * secretary, who may read every document), the user may read it: as
 * qm_store_get_document and qm_store_document_visible_to, but remembered
 * until the next committed change of any kind. */
gboolean    qm_store_document_readable   (QmStore        *self,
                                          const char     *docid,
                                          gint64          user_id);
void        qm_store_add_document_async  (QmStore        *self,
                                          const QmDocumentInfo *info,
                                          const char     *name,
                                          gint64          uploader,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
/* CONFLICT when the item holds it already. */
void        qm_store_attach_document_async (QmStore      *self,
                                            gint64        meeting_id,
                                            gint64        item_id,
                                            const char   *docid,
                                            const char   *title,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);
/* NOT_FOUND when the item does not hold it. */
void        qm_store_detach_document_async (QmStore      *self,
                                            gint64        meeting_id,
                                            gint64        item_id,
                                            const char   *docid,
                                            GAsyncReadyCallback callback,
                                            gpointer      user_data);

/* The live meeting */
typedef struct
{
  gint64  seq_reserved;    /* every seq ever sent is at most this */
  gint64  presenter_user;  /* 0: the chair presents */
  char   *doc;             /* NULL until the first page is shown */
  gint64  page;
  gint64  speaker;         /* 0: nobody has the floor */
  char   *speaker_since;
  GArray *speaker_queue;   /* of gint64 */
} QmLiveState;

void        qm_live_state_clear          (QmLiveState    *state);
/* Zeros when the meeting never went live. */
void        qm_store_get_live_state      (QmStore        *self,
                                          gint64          meeting_id,
                                          QmLiveState    *out_state);
/* Raises the reservation to at least up_to. */
void        qm_store_reserve_seq_async   (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          up_to,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
void        qm_store_save_presenter_async (QmStore       *self,
                                           gint64         meeting_id,
                                           gint64         presenter_user,
                                           const char    *doc,
                                           gint64         page,
                                           GAsyncReadyCallback callback,
                                           gpointer       user_data);
/* The speakers list as it stands; on a handover the previous speaker's
 * speech ends at since, the new one's starts (on item, 0 for none), and the
 * record notes who has the floor. */
void        qm_store_save_speakers_async (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          speaker,
                                          const char     *since,
                                          GArray         *queue,
                                          gboolean        handover,
                                          gint64          previous,
                                          gint64          item,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
/* The agenda item that holds a document of the meeting, or 0. */
gint64      qm_store_item_of_document    (QmStore        *self,
                                          gint64          meeting_id,
                                          const char     *docid);
/* The page count of a document on the meeting's agenda, or 0 when it is not there. */
gint64      qm_store_agenda_document_pages (QmStore      *self,
                                            gint64        meeting_id,
                                            const char   *docid);

/* The record (qm-record.h): appends an entry on its own; takes body. */
void        qm_store_record_async        (QmStore        *self,
                                          gint64          meeting_id,
                                          const char     *kind,
                                          JsonObject     *body,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
gboolean    qm_store_verify_record       (QmStore        *self,
                                          gint64          meeting_id,
                                          GString        *report);

/* Votes */
typedef struct
{
  gint64 member;     /* whose vote */
  gint64 caster;     /* who casts it: the member, or their proxy holder */
  gboolean voted;
} QmVoter;

typedef struct
{
  gint64      meeting_id;
  const char *question;
  gint64      item;
  gboolean    secret;
  QmMajority  majority;
  gboolean    forced;
  const char *opened_at;
  GArray     *voters;  /* of QmVoter */
} QmVoteOpening;

void        qm_store_open_vote_async     (QmStore        *self,
                                          const QmVoteOpening *opening,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
/* ALREADY_VOTED when the member has voted, VOTE_CLOSED when it closed. */
void        qm_store_cast_async          (QmStore        *self,
                                          gint64          vote_id,
                                          gint64          member,
                                          gint64          caster,
                                          QmChoice        choice,
                                          gboolean        secret,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
/* Closes the vote and fixes its result; a secret vote's log is truncated
 * before this finishes. */
void        qm_store_close_vote_async    (QmStore        *self,
                                          gint64          vote_id,
                                          const char     *closed_at,
                                          gboolean        secret,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
QmVote     *qm_store_get_vote            (QmStore        *self,
                                          gint64          vote_id);
/* Every vote of the meeting, oldest first; ballots of closed named votes. */
GPtrArray  *qm_store_list_votes          (QmStore        *self,
                                          gint64          meeting_id,
                                          gboolean        open_only);
/* The meeting a vote belongs to, or 0. */
gint64      qm_store_get_vote_meeting    (QmStore        *self,
                                          gint64          vote_id);
GArray     *qm_store_get_voters          (QmStore        *self,
                                          gint64          vote_id);   /* of QmVoter */

/* Annotations. A put or delete checks, in one transaction: another user's
 * annotation is FORBIDDEN when shared and NOT_FOUND when private; a new id
 * needs rev 1 (BAD_REQUEST); a change needs the stored rev + 1 (CONFLICT,
 * with the stored copy in the outcome); a put that adds an annotation or
 * bytes beyond the author's limits in the meeting is BAD_REQUEST. */
typedef struct
{
  gboolean      existed;      /* the id was stored before */
  gboolean      was_shared;   /* … and shared */
  QmAnnotation *stored;       /* on CONFLICT: the stored copy; else NULL */
} QmAnnotationOutcome;

void        qm_annotation_outcome_clear  (QmAnnotationOutcome *outcome);
/* annotation->author is the author. */
void        qm_store_put_annotation_async (QmStore      *self,
                                           gint64        meeting_id,
                                           const QmAnnotation *annotation,
                                           guint         max_count,
                                           guint64       max_bytes,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
void        qm_store_delete_annotation_async (QmStore   *self,
                                              gint64     meeting_id,
                                              const char *id,
                                              gint64     author,
                                              GAsyncReadyCallback callback,
                                              gpointer   user_data);
/* For both; out_outcome is filled on success and on failure alike. */
gboolean    qm_store_annotation_finish   (QmStore        *self,
                                          GAsyncResult   *result,
                                          QmAnnotationOutcome *out_outcome,
                                          GError        **error);
/* The user's own and the shared annotations of the meeting, oldest first;
 * only those on doc unless it is NULL. */
GPtrArray  *qm_store_list_annotations    (QmStore        *self,
                                          gint64          meeting_id,
                                          gint64          user_id,
                                          const char     *doc);   /* of QmAnnotation */

/* Minutes (qm-store-minutes.c): everything they show, in one snapshot; NULL
 * when there is no such meeting. */
QmMinutes  *qm_store_get_minutes         (QmStore        *self,
                                          gint64          meeting_id);

G_END_DECLS
