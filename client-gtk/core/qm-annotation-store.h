/* qm-annotation-store.h: one user's annotations in one meeting (their own and
 * the shared ones), kept on disk, edited offline and sent to the server in
 * order, exactly once in effect, when the live channel is up.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

#include "qm-live-connection.h"
#include "qm-meeting-model.h"

G_BEGIN_DECLS

/*
 * What the store holds
 * ====================
 * A store is for one (server, user, meeting). It keeps two layers in an
 * SQLite database ($XDG_DATA_HOME/quorum/annotations.db by default, shared by
 * every store of the account on this machine):
 *
 *  - the server's copies, as last heard (welcome, `annotation` and
 *    `annotation.deleted` events, replies): the user's own annotations and
 *    the other participants' shared ones;
 *  - the outbox: the user's edits (put, delete) not yet acknowledged, in the
 *    order they were made. An edit is written to disk before put/delete
 *    return, so it survives a crash or a restart of the application.
 *
 * What the UI draws is the server's copy with the outbox applied on top: an
 * edit shows at once, online or not. qm_annotation_store_list and _lookup
 * give that view.
 *
 * Sending
 * =======
 * While the followed live connection is online, the outbox is sent one edit
 * at a time, oldest first. Each put carries the rev its edit was based on
 * + 1, decided when the edit was made (or, for an edit made on top of
 * another unsent edit, when that one is acknowledged) and stored with it, so
 * a resend after a lost reply (a dropped connection, a restart of the server
 * or of the application) sends the same rev. The server then either applies
 * it, or answers `conflict` with its copy; when that copy is the edit itself
 * the edit was applied before and counts as acknowledged. A delete the
 * server answers `not_found` is acknowledged too (it is gone). So an edit
 * never takes effect twice and never creates a duplicate.
 *
 * Conflicts
 * =========
 * Only the author may change an annotation, so a conflict means another
 * device of the same user changed it first. Neither side is lost: the
 * server's copy keeps the id, the local edit becomes a new annotation (a
 * fresh UUID, rev 1, same place in the queue; later queued edits of the old
 * id follow it to the new one) and "conflict" is emitted. An edit of an
 * annotation another device deleted re-creates it under its id (rev 1),
 * silently: the edit is kept.
 *
 * Refusals
 * ========
 * Any other refusal ("annotation limit reached", a document no longer on
 * the agenda, a page or coordinates beyond the page, forbidden, not_found)
 * emits "rejected" with a QM_ANNOTATION_STORE_ERROR and the edit leaves the
 * queue; the queue goes on with the next one. The annotation then shows what
 * is left: the server's copy (or the edits still queued after the refused
 * one), and nothing for a refused new annotation. A transient failure
 * (disconnected, no answer in time, rate limited, a server error) keeps the
 * edit at the head of the queue and retries with backoff, or when the
 * connection is back.
 *
 * Threading: main thread only. Signals are emitted once the store's state
 * is consistent; the pointers they and the getters hand out stay valid until
 * the store next changes (do not keep them across main loop iterations).
 */

#define QM_TYPE_ANNOTATION_STORE (qm_annotation_store_get_type ())
G_DECLARE_FINAL_TYPE (QmAnnotationStore, qm_annotation_store, QM, ANNOTATION_STORE, GObject)

#define QM_ANNOTATION_STORE_ERROR (qm_annotation_store_error_quark ())

typedef enum
{
  /* The local database could not be opened, read or written. */
  QM_ANNOTATION_STORE_ERROR_DATABASE,
  /* put: the annotation breaks a rule of the protocol (PROTOCOL.md §2.6 and
   * §6: a note over 4 000 characters, too many ink points, a bad colour…)
   * or would not fit in one live message (64 KiB). Nothing was stored.
   * rejected: the server found it invalid (a document no longer on the
   * agenda, a page or coordinates beyond the page). */
  QM_ANNOTATION_STORE_ERROR_INVALID,
  /* put, delete: the annotation is another participant's. */
  QM_ANNOTATION_STORE_ERROR_NOT_OWNER,
  /* delete: no such annotation here. rejected: the server's not_found. */
  QM_ANNOTATION_STORE_ERROR_NOT_FOUND,
  /* rejected: the server's per-user limit (count or bytes, PROTOCOL.md §6). */
  QM_ANNOTATION_STORE_ERROR_LIMIT,
  /* rejected: the server's forbidden. */
  QM_ANNOTATION_STORE_ERROR_FORBIDDEN,
} QmAnnotationStoreError;

typedef enum
{
  QM_ANNOTATION_LIST_OWN    = 1 << 0,   /* the user's own, private and shared */
  QM_ANNOTATION_LIST_OTHERS = 1 << 1,   /* the other participants' shared ones */
  QM_ANNOTATION_LIST_ALL    = QM_ANNOTATION_LIST_OWN | QM_ANNOTATION_LIST_OTHERS,
} QmAnnotationListFlags;

GQuark             qm_annotation_store_error_quark (void);

/* Opens (creating if needed) the database at path, or at
 * $XDG_DATA_HOME/quorum/annotations.db when path is NULL, and loads what it
 * holds for (server_url, user_id, meeting_id): the store works offline at
 * once. server_url names the server (its base URL as the user entered it).
 * Fails with QM_ANNOTATION_STORE_ERROR_DATABASE. One store per
 * (server, user, meeting) at a time. */
QmAnnotationStore *qm_annotation_store_new         (const char         *path,
                                                    const char         *server_url,
                                                    gint64              user_id,
                                                    gint64              meeting_id,
                                                    GError            **error);

/* Learns the server's state from the connection's messages (full welcomes
 * replace it, events update it) and sends the outbox through it whenever it
 * is online. The connection must be for this meeting and signed in as this
 * user. Follow it before it is started; when it is already welcomed, pass
 * its model (following it) so the store starts from the model's state;
 * otherwise the store trusts its disk until the next full welcome. model
 * may be NULL. At most one connection; following another replaces it. */
void               qm_annotation_store_follow      (QmAnnotationStore  *self,
                                                    QmLiveConnection   *live,
                                                    QmMeetingModel     *model);

const char        *qm_annotation_store_get_path       (QmAnnotationStore *self);
const char        *qm_annotation_store_get_server_url (QmAnnotationStore *self);
gint64             qm_annotation_store_get_user_id    (QmAnnotationStore *self);
gint64             qm_annotation_store_get_meeting_id (QmAnnotationStore *self);
/* Edits not yet acknowledged by the server (the "pending" property). */
guint              qm_annotation_store_get_pending    (QmAnnotationStore *self);
/* Whether this annotation has edits not yet acknowledged (to mark it
 * "not synced yet"). */
gboolean           qm_annotation_store_is_pending     (QmAnnotationStore *self,
                                                       const char        *id);

/* The annotations on a document, on one page (1-based) or on every page
 * (page 0), as they should be drawn: oldest first (draw in this order). A
 * new array of borrowed const QmAnnotation *. In each, author is the user id
 * of its author (this user's for their own, even before the server saw
 * them), and rev the server's rev of the last acknowledged version (1 while
 * the server has none; qm_annotation_store_is_pending tells). To edit one,
 * qm_annotation_copy it, change the copy and put it. */
GPtrArray         *qm_annotation_store_list        (QmAnnotationStore     *self,
                                                    const char            *doc,
                                                    gint64                 page,
                                                    QmAnnotationListFlags  flags);
/* One annotation as drawn, or NULL. */
const QmAnnotation *qm_annotation_store_lookup     (QmAnnotationStore  *self,
                                                    const char         *id);

/* Creates or replaces one of the user's annotations; returns its id.
 * annotation->id NULL or "" creates one with a fresh UUID; an id the store
 * does not hold creates one with that id (it must be a UUID); the id of one
 * of the user's annotations replaces it entirely (any field may change, kind
 * and page included). shared says who sees it (FALSE, the default of
 * qm_annotation_new, keeps it private). rev and author are ignored. The edit
 * is stored before this returns, shows at once, and is sent when online.
 * Fails with INVALID (nothing stored), NOT_OWNER or DATABASE. */
char              *qm_annotation_store_put         (QmAnnotationStore  *self,
                                                    const QmAnnotation *annotation,
                                                    GError            **error);
/* Deletes one of the user's annotations (stored, shown and sent like put).
 * Fails with NOT_FOUND, NOT_OWNER or DATABASE. */
gboolean           qm_annotation_store_delete      (QmAnnotationStore  *self,
                                                    const char         *id,
                                                    GError            **error);

/*
 * Signals
 *
 * "changed" (const char *doc, gint64 page): what is drawn on that page of
 *   that document changed (an annotation appeared, changed or went away);
 *   redraw it.
 * "conflict" (const char *id, const char *new_id): another device of the
 *   user changed annotation id first; the server's version keeps id, and
 *   this device's edit now lives on as new_id (queued, shared or not as the
 *   edit was). Both show; the UI may tell the user.
 * "rejected" (const char *id, const GError *error, const QmAnnotation *edit):
 *   the server refused an edit of annotation id for good; edit is the
 *   refused put (NULL for a delete). error is a QM_ANNOTATION_STORE_ERROR
 *   (LIMIT, INVALID, NOT_FOUND, FORBIDDEN) whose message quotes the server.
 */

G_END_DECLS
