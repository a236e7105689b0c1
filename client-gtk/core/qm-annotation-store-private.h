/* qm-annotation-store-private.h: what the annotation store's files share —
 * its state (the server's copies, the outbox, what is shown) and the
 * functions that keep it consistent.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-annotation-db-private.h"
#include "qm-annotation-store.h"

G_BEGIN_DECLS

/* An edit made on top of another unsent edit of the same annotation: its
 * base is that edit's outcome, known once the server answers it. */
#define FOLLOWS_PREVIOUS   (-1)
/* Annotations the server has not seen draw after those it has. */
#define LOCAL_ORDER        (G_GINT64_CONSTANT (1) << 52)

typedef struct
{
  QmAnnotation *annotation;      /* the server's copy */
  gint64        position;        /* the server's order */
} Known;

typedef struct
{
  gint64        seq;             /* its outbox row */
  char         *id;
  QmAnnotation *put;             /* NULL for a delete; rev and author unused */
  gint64        base_rev;        /* put: sent with base_rev + 1; or FOLLOWS_PREVIOUS */
  gboolean      recreating;      /* put again with rev 1 after the server lost it */
} Op;

typedef struct
{
  QmAnnotation *annotation;      /* as drawn, owned */
  gint64        order;
} Shown;

struct _QmAnnotationStore
{
  GObject           parent_instance;

  char             *path;
  char             *server_url;
  gint64            user_id;
  gint64            meeting_id;

  QmAnnotationDb   *db;
  GHashTable       *known;       /* id → Known */
  GQueue            outbox;      /* of Op, oldest first */
  GHashTable       *shown;       /* id → Shown */
  gint64            next_position;
  GHashTable       *dirty;       /* "page:doc" of pages to announce */

  QmLiveConnection *live;
  gint64            seq;         /* the latest event applied */
  gboolean          in_flight;
  guint             generation;  /* of the followed connection */
  guint             flush_id;
  guint             retry_id;
  guint             retry_delay_ms;
};

/* qm-annotation-store.c */
void      _qm_annotation_store_op_free         (Op                 *op);
gboolean  _qm_annotation_same_content          (const QmAnnotation *a,
                                                const QmAnnotation *b);
/* The first queued edit of id after the element after (NULL: from the head). */
Op       *_qm_annotation_store_next_op         (QmAnnotationStore  *self,
                                                GList              *after,
                                                const char         *id);
/* Brings what is shown of id up to date and notes the pages to redraw. */
void      _qm_annotation_store_refresh         (QmAnnotationStore  *self,
                                                const char         *id);
/* Emits "changed" for the pages noted since the last time. */
void      _qm_annotation_store_emit_changes    (QmAnnotationStore  *self);
void      _qm_annotation_store_notify_pending  (QmAnnotationStore  *self);
/* The server's copy of one annotation, in memory and on disk. */
void      _qm_annotation_store_known_set       (QmAnnotationStore  *self,
                                                const QmAnnotation *annotation);
void      _qm_annotation_store_known_remove    (QmAnnotationStore  *self,
                                                const char         *id);
void      _qm_annotation_store_emit_conflict   (QmAnnotationStore  *self,
                                                const char         *id,
                                                const char         *new_id);
void      _qm_annotation_store_emit_rejected   (QmAnnotationStore  *self,
                                                const char         *id,
                                                const GError       *error,
                                                const QmAnnotation *edit);

/* qm-annotation-outbox.c */
/* Sends the head edit if nothing is in flight and the connection is up. */
void      _qm_annotation_outbox_flush          (QmAnnotationStore  *self);
/* The connection's notify::state handler: sends once it is online. */
void      _qm_annotation_outbox_on_live_state  (GObject            *object,
                                                GParamSpec         *pspec,
                                                gpointer            user_data);
/* Stops sending on the followed connection: answers still on their way
 * are ignored, the edit they were for is sent again. */
void      _qm_annotation_outbox_stop           (QmAnnotationStore  *self);

G_END_DECLS
