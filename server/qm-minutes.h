/* qm-minutes.h: a meeting's minutes ("biên bản") as plain data, and their
 * rendering to an A4 PDF with cairo and pango on a worker thread.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

typedef struct
{
  gint64         user_id;
  char          *name;
  QmMeetingRole  role;
  char          *proxy_holder;    /* display name of the standing holder, or NULL */
  char          *first_check_in;  /* RFC 3339, or NULL when never present */
} QmMinutesPerson;

typedef struct
{
  char   *title;
  gint64  pages;
} QmMinutesDocument;

typedef struct
{
  char   *name;
  gint64  item;          /* 0: not on an agenda item */
  char   *started_at;
  char   *ended_at;      /* NULL while speaking */
} QmMinutesSpeech;

typedef struct
{
  char     *member;
  char     *by;          /* NULL when the member cast it */
  gboolean  voted;
  QmChoice  choice;
} QmMinutesBallot;

typedef struct
{
  gint64      id;
  char       *question;
  gint64      item;
  gboolean    secret;
  QmMajority  majority;
  gboolean    forced;
  gboolean    closed;
  gboolean    passed;
  gint64      eligible;
  gint64      yes;
  gint64      no;
  gint64      abstain;
  char       *opened_at;
  char       *closed_at;
  GPtrArray  *ballots;   /* of QmMinutesBallot; named votes once closed */
} QmMinutesVote;

typedef struct
{
  gint64      id;
  char       *title;
  char       *description;
  GPtrArray  *documents; /* of QmMinutesDocument */
} QmMinutesItem;

typedef struct
{
  char *at;
  char *member;
  char *holder;          /* NULL: the proxy was withdrawn */
} QmMinutesProxy;

typedef struct _QmMinutes QmMinutes;
struct _QmMinutes
{
  gint64      meeting_id;
  char       *title;
  char       *starts_at;
  char       *location;
  GPtrArray  *people;    /* of QmMinutesPerson, chair first */
  GPtrArray  *items;     /* of QmMinutesItem, in agenda order */
  GPtrArray  *speeches;  /* of QmMinutesSpeech, oldest first */
  GPtrArray  *votes;     /* of QmMinutesVote, oldest first */
  GPtrArray  *proxies;   /* of QmMinutesProxy: the record's proxy entries */

  gint64      record_entries;
  char       *record_hash;       /* NULL: nothing on the record */
  char       *record_signature;
  char       *public_key;        /* the server's record key, hex */
  char       *generated_at;      /* RFC 3339 */
};

#define QM_MINUTES_ERROR (qm_minutes_error_quark ())
GQuark      qm_minutes_error_quark   (void);

typedef enum
{
  QM_MINUTES_ERROR_RENDER,
} QmMinutesError;

/* Empty, with every array made (each frees its elements). */
QmMinutes  *qm_minutes_new           (void);
void        qm_minutes_free          (QmMinutes *minutes);
QmMinutesItem *qm_minutes_item_new   (void);
/* An empty roll-call, of QmMinutesBallot. */
GPtrArray  *qm_minutes_ballots_new   (void);

/* Draws the PDF; touches nothing but minutes, so any thread may call it. */
GBytes     *qm_minutes_render        (const QmMinutes *minutes,
                                      guint           *out_pages,
                                      GError         **error);
/* The same on the minutes worker; takes minutes. */
void        qm_minutes_render_async  (QmMinutes          *minutes,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
GBytes     *qm_minutes_render_finish (GAsyncResult  *result,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmMinutes, qm_minutes_free)

G_END_DECLS
