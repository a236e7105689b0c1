/* qm-annotation-store.c: the server's annotations with the user's unsent
 * edits on top, on disk: what is shown, the edits made, and the server's
 * state learnt from the live channel (qm-annotation-outbox.c sends).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-store"

#include "config.h"

#include <string.h>

#include "qm-annotation-store-private.h"

static void qm_annotation_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (QmAnnotationStore, qm_annotation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      qm_annotation_store_initable_iface_init))

G_DEFINE_QUARK (qm-annotation-store-error-quark, qm_annotation_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SERVER_URL,
  PROP_USER_ID,
  PROP_MEETING_ID,
  PROP_PENDING,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_CONFLICT,
  SIGNAL_REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
known_free (Known *known)
{
  qm_annotation_free (known->annotation);
  g_free (known);
}

void
_qm_annotation_store_op_free (Op *op)
{
  g_free (op->id);
  g_clear_pointer (&op->put, qm_annotation_free);
  g_free (op);
}

static void
shown_free (Shown *shown)
{
  qm_annotation_free (shown->annotation);
  g_free (shown);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static gboolean
same_strokes (GPtrArray *a,
              GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      GArray *pa = g_ptr_array_index (a, i);
      GArray *pb = g_ptr_array_index (b, i);

      if (pa->len != pb->len)
        return FALSE;
      for (guint j = 0; j < pa->len; j++)
        {
          const QmInkPoint *p = &g_array_index (pa, QmInkPoint, j);
          const QmInkPoint *q = &g_array_index (pb, QmInkPoint, j);

          /* Absent pressure is any negative number. */
          if (p->x != q->x || p->y != q->y
              || (p->pressure >= 0 || q->pressure >= 0 ? p->pressure != q->pressure : FALSE))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
same_quads (GArray *a,
            GArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    {
      const QmQuad *p = &g_array_index (a, QmQuad, i);
      const QmQuad *q = &g_array_index (b, QmQuad, i);

      if (p->x1 != q->x1 || p->y1 != q->y1 || p->x2 != q->x2 || p->y2 != q->y2)
        return FALSE;
    }
  return TRUE;
}

/* Whether two versions say the same thing (ignoring rev and author): what
 * tells a resent edit the server already applied from another device's. */
gboolean
_qm_annotation_same_content (const QmAnnotation *a,
                             const QmAnnotation *b)
{
  if (g_strcmp0 (a->id, b->id) != 0 || g_strcmp0 (a->doc, b->doc) != 0
      || a->page != b->page || a->kind != b->kind || !a->shared != !b->shared)
    return FALSE;

  switch (a->kind)
    {
    case QM_ANNOTATION_INK:
      return g_ascii_strcasecmp (a->color, b->color) == 0 && a->width == b->width
             && same_strokes (a->strokes, b->strokes);
    case QM_ANNOTATION_HIGHLIGHT:
      return g_ascii_strcasecmp (a->color, b->color) == 0 && same_quads (a->quads, b->quads);
    case QM_ANNOTATION_NOTE:
    default:
      return a->x == b->x && a->y == b->y && same_text (a->text, b->text);
    }
}

static void
mark_dirty (QmAnnotationStore  *self,
            const QmAnnotation *annotation)
{
  g_hash_table_add (self->dirty, g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                                  annotation->page, annotation->doc));
}

void
_qm_annotation_store_emit_changes (QmAnnotationStore *self)
{
  g_autoptr(GHashTable) dirty = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->dirty) == 0)
    return;
  /* Handlers may edit the store: announce a snapshot. */
  dirty = g_steal_pointer (&self->dirty);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *colon = strchr (key, ':');
      gint64 page = g_ascii_strtoll (key, NULL, 10);

      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, colon + 1, page);
    }
}

void
_qm_annotation_store_emit_conflict (QmAnnotationStore *self,
                                    const char        *id,
                                    const char        *new_id)
{
  g_signal_emit (self, signals[SIGNAL_CONFLICT], 0, id, new_id);
}

void
_qm_annotation_store_emit_rejected (QmAnnotationStore  *self,
                                    const char         *id,
                                    const GError       *error,
                                    const QmAnnotation *edit)
{
  g_signal_emit (self, signals[SIGNAL_REJECTED], 0, id, error, edit);
}

void
_qm_annotation_store_notify_pending (QmAnnotationStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* What the user should see of annotation id: the latest queued edit, else
 * the server's copy. */
static const QmAnnotation *
compute_shown (QmAnnotationStore *self,
               const char        *id,
               gint64            *out_order)
{
  Known *known = g_hash_table_lookup (self->known, id);
  Op *first = NULL, *last = NULL;

  for (GList *l = self->outbox.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (strcmp (op->id, id) == 0)
        {
          if (first == NULL)
            first = op;
          last = op;
        }
    }

  *out_order = known != NULL ? known->position : first != NULL ? LOCAL_ORDER + first->seq : 0;
  if (last != NULL)
    return last->put;
  return known != NULL ? known->annotation : NULL;
}

/* Brings what is drawn for id up to date and notes the pages to redraw. */
void
_qm_annotation_store_refresh (QmAnnotationStore *self,
                              const char        *id)
{
  Shown *shown = g_hash_table_lookup (self->shown, id);
  Known *known = g_hash_table_lookup (self->known, id);
  const QmAnnotation *now;
  gint64 order;
  /* Never 0, so the UI can copy what it is shown (qm_annotation_copy goes
   * through the parser, which wants a rev). */
  gint64 rev = known != NULL ? known->annotation->rev : 1;

  now = compute_shown (self, id, &order);
  if (now == NULL)
    {
      if (shown != NULL)
        {
          mark_dirty (self, shown->annotation);
          g_hash_table_remove (self->shown, id);
        }
      return;
    }

  if (shown != NULL && _qm_annotation_same_content (shown->annotation, now))
    {
      shown->order = order;
      shown->annotation->rev = rev;
      return;
    }

  if (shown != NULL)
    {
      mark_dirty (self, shown->annotation);
      qm_annotation_free (shown->annotation);
    }
  else
    {
      shown = g_new0 (Shown, 1);
      g_hash_table_insert (self->shown, g_strdup (id), shown);
    }
  shown->annotation = qm_annotation_copy (now);
  shown->annotation->rev = rev;
  if (shown->annotation->author == 0)
    shown->annotation->author = self->user_id;
  shown->order = order;
  mark_dirty (self, shown->annotation);
}

void
_qm_annotation_store_known_set (QmAnnotationStore  *self,
                                const QmAnnotation *annotation)
{
  Known *known = g_hash_table_lookup (self->known, annotation->id);
  g_autoptr(GError) error = NULL;

  if (known == NULL)
    {
      known = g_new0 (Known, 1);
      known->position = self->next_position++;
      g_hash_table_insert (self->known, g_strdup (annotation->id), known);
    }
  else
    qm_annotation_free (known->annotation);
  known->annotation = qm_annotation_copy (annotation);

  /* The disk is a cache of the server's copies: the next welcome mends it. */
  if (!_qm_annotation_db_put_known (self->db, known->annotation, known->position, &error))
    g_debug ("%s", error->message);
}

void
_qm_annotation_store_known_remove (QmAnnotationStore *self,
                                   const char        *id)
{
  g_autoptr(GError) error = NULL;

  if (!g_hash_table_remove (self->known, id))
    return;
  if (!_qm_annotation_db_delete_known (self->db, id, &error))
    g_debug ("%s", error->message);
}

/* A full state from the server (a welcome, or the model's): replaces every
 * server copy; the outbox stays on top. */
static void
replace_known (QmAnnotationStore *self,
               GPtrArray         *annotations)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;
  gboolean saved;

  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (ids, g_strdup (key));
  g_hash_table_remove_all (self->known);

  saved = _qm_annotation_db_begin (self->db, &error)
          && _qm_annotation_db_clear_known (self->db, &error);
  self->next_position = 0;
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      QmAnnotation *annotation = g_ptr_array_index (annotations, i);
      Known *known = g_new0 (Known, 1);

      known->annotation = qm_annotation_copy (annotation);
      known->position = self->next_position++;
      g_hash_table_replace (self->known, g_strdup (annotation->id), known);
      g_hash_table_add (ids, g_strdup (annotation->id));
      saved = saved && _qm_annotation_db_put_known (self->db, annotation, known->position, &error);
    }
  if (saved)
    saved = _qm_annotation_db_commit (self->db, &error);
  if (!saved)
    {
      g_debug ("%s", error->message);
      _qm_annotation_db_rollback (self->db);
    }

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    _qm_annotation_store_refresh (self, key);
}

Op *
_qm_annotation_store_next_op (QmAnnotationStore *self,
                              GList             *after,
                              const char        *id)
{
  for (GList *l = after != NULL ? after->next : self->outbox.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      if (strcmp (op->id, id) == 0)
        return op;
    }
  return NULL;
}

static void
on_live_message (QmLiveConnection *live,
                 const QmMessage  *message,
                 gpointer          user_data)
{
  QmAnnotationStore *self = user_data;

  if (message->type == QM_MESSAGE_WELCOME)
    {
      const QmWelcome *welcome = &message->welcome;

      if (welcome->you_user != self->user_id)
        {
          g_critical ("annotation store of user %" G_GINT64_FORMAT " fed the welcome of user %"
                      G_GINT64_FORMAT, self->user_id, welcome->you_user);
          return;
        }
      /* Resumed without state: ours stands, the missed events follow. */
      if (welcome->resumed && welcome->meeting == NULL)
        return;
      replace_known (self, welcome->annotations);
      self->seq = message->seq;
      _qm_annotation_store_emit_changes (self);
      return;
    }

  if (!qm_message_type_is_event (message->type) || message->seq <= self->seq)
    return;
  self->seq = message->seq;

  if (message->type == QM_MESSAGE_ANNOTATION)
    {
      _qm_annotation_store_known_set (self, message->annotation.annotation);
      _qm_annotation_store_refresh (self, message->annotation.annotation->id);
    }
  else if (message->type == QM_MESSAGE_ANNOTATION_DELETED)
    {
      _qm_annotation_store_known_remove (self, message->annotation_deleted.id);
      _qm_annotation_store_refresh (self, message->annotation_deleted.id);
    }
  _qm_annotation_store_emit_changes (self);
}

static void
unfollow (QmAnnotationStore *self)
{
  if (self->live == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->live, self);
  g_clear_object (&self->live);
  _qm_annotation_outbox_stop (self);
}

static void
load_known (gint64        position,
            QmAnnotation *annotation,
            gpointer      user_data)
{
  QmAnnotationStore *self = user_data;
  Known *known = g_new0 (Known, 1);

  known->annotation = annotation;
  known->position = position;
  self->next_position = MAX (self->next_position, position + 1);
  g_hash_table_replace (self->known, g_strdup (annotation->id), known);
}

static void
load_op (gint64        seq,
         const char   *id,
         QmAnnotation *put,
         gint64        base_rev,
         gpointer      user_data)
{
  QmAnnotationStore *self = user_data;
  Op *op = g_new0 (Op, 1);

  op->seq = seq;
  op->id = g_strdup (id);
  op->put = put;
  op->base_rev = base_rev;
  g_queue_push_tail (&self->outbox, op);
}

static gboolean
qm_annotation_store_initable_init (GInitable     *initable,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  QmAnnotationStore *self = QM_ANNOTATION_STORE (initable);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self->server_url != NULL, FALSE);
  g_return_val_if_fail (self->db == NULL, FALSE);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_data_dir (), "quorum", "annotations.db", NULL);

  self->db = _qm_annotation_db_open (self->path, self->server_url, self->user_id,
                                     self->meeting_id, error);
  if (self->db == NULL
      || !_qm_annotation_db_load (self->db, load_known, load_op, self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    _qm_annotation_store_refresh (self, key);
  for (GList *l = self->outbox.head; l != NULL; l = l->next)
    _qm_annotation_store_refresh (self, ((Op *) l->data)->id);
  g_hash_table_remove_all (self->dirty);
  return TRUE;
}

static void
qm_annotation_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = qm_annotation_store_initable_init;
}

static void
qm_annotation_store_dispose (GObject *object)
{
  QmAnnotationStore *self = QM_ANNOTATION_STORE (object);

  unfollow (self);

  G_OBJECT_CLASS (qm_annotation_store_parent_class)->dispose (object);
}

static void
qm_annotation_store_finalize (GObject *object)
{
  QmAnnotationStore *self = QM_ANNOTATION_STORE (object);

  g_clear_pointer (&self->db, _qm_annotation_db_close);
  g_hash_table_unref (self->known);
  g_queue_clear_full (&self->outbox, (GDestroyNotify) _qm_annotation_store_op_free);
  g_hash_table_unref (self->shown);
  g_hash_table_unref (self->dirty);
  g_free (self->path);
  g_free (self->server_url);

  G_OBJECT_CLASS (qm_annotation_store_parent_class)->finalize (object);
}

static void
qm_annotation_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  QmAnnotationStore *self = QM_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    case PROP_MEETING_ID:
      g_value_set_int64 (value, self->meeting_id);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->outbox.length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_annotation_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  QmAnnotationStore *self = QM_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_USER_ID:
      self->user_id = g_value_get_int64 (value);
      break;
    case PROP_MEETING_ID:
      self->meeting_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_annotation_store_class_init (QmAnnotationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = qm_annotation_store_dispose;
  object_class->finalize = qm_annotation_store_finalize;
  object_class->get_property = qm_annotation_store_get_property;
  object_class->set_property = qm_annotation_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, QM_MAX_ID, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEETING_ID] =
    g_param_spec_int64 ("meeting-id", NULL, NULL, 0, QM_MAX_ID, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[SIGNAL_CONFLICT] =
    g_signal_new ("conflict", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_REJECTED] =
    g_signal_new ("rejected", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_ERROR, G_TYPE_POINTER);
}

static void
qm_annotation_store_init (QmAnnotationStore *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) known_free);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) shown_free);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->outbox);
}

QmAnnotationStore *
qm_annotation_store_new (const char  *path,
                         const char  *server_url,
                         gint64       user_id,
                         gint64       meeting_id,
                         GError     **error)
{
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (user_id > 0, NULL);
  g_return_val_if_fail (meeting_id > 0, NULL);

  return g_initable_new (QM_TYPE_ANNOTATION_STORE, NULL, error,
                         "path", path,
                         "server-url", server_url,
                         "user-id", user_id,
                         "meeting-id", meeting_id,
                         NULL);
}

void
qm_annotation_store_follow (QmAnnotationStore *self,
                            QmLiveConnection  *live,
                            QmMeetingModel    *model)
{
  g_return_if_fail (QM_IS_ANNOTATION_STORE (self));
  g_return_if_fail (QM_IS_LIVE_CONNECTION (live));
  g_return_if_fail (model == NULL || QM_IS_MEETING_MODEL (model));
  g_return_if_fail (qm_live_connection_get_meeting_id (live) == self->meeting_id);

  unfollow (self);
  self->live = g_object_ref (live);
  self->seq = 0;
  g_signal_connect (live, "message", G_CALLBACK (on_live_message), self);
  g_signal_connect (live, "notify::state", G_CALLBACK (_qm_annotation_outbox_on_live_state), self);

  if (model != NULL && qm_meeting_model_get_loaded (model)
      && qm_meeting_model_get_you_user (model) == self->user_id)
    {
      g_autoptr(GPtrArray) annotations = qm_meeting_model_list_annotations (model);

      replace_known (self, annotations);
      self->seq = qm_meeting_model_get_seq (model);
      _qm_annotation_store_emit_changes (self);
    }
  _qm_annotation_outbox_flush (self);
}

const char *
qm_annotation_store_get_path (QmAnnotationStore *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), NULL);
  return self->path;
}

const char *
qm_annotation_store_get_server_url (QmAnnotationStore *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), NULL);
  return self->server_url;
}

gint64
qm_annotation_store_get_user_id (QmAnnotationStore *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), 0);
  return self->user_id;
}

gint64
qm_annotation_store_get_meeting_id (QmAnnotationStore *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), 0);
  return self->meeting_id;
}

guint
qm_annotation_store_get_pending (QmAnnotationStore *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), 0);
  return self->outbox.length;
}

gboolean
qm_annotation_store_is_pending (QmAnnotationStore *self,
                                const char        *id)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return _qm_annotation_store_next_op (self, NULL, id) != NULL;
}

static gint
compare_shown (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GHashTable *orders = user_data;
  gint64 x = *(gint64 *) g_hash_table_lookup (orders, *(gpointer *) a);
  gint64 y = *(gint64 *) g_hash_table_lookup (orders, *(gpointer *) b);

  return x < y ? -1 : x > y;
}

GPtrArray *
qm_annotation_store_list (QmAnnotationStore     *self,
                          const char            *doc,
                          gint64                 page,
                          QmAnnotationListFlags  flags)
{
  g_autoptr(GHashTable) orders = NULL;
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (page >= 0, NULL);

  list = g_ptr_array_new ();
  orders = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Shown *shown = value;
      const QmAnnotation *annotation = shown->annotation;
      QmAnnotationListFlags which = annotation->author == self->user_id
                                    ? QM_ANNOTATION_LIST_OWN : QM_ANNOTATION_LIST_OTHERS;

      if ((flags & which) == 0 || strcmp (annotation->doc, doc) != 0
          || (page != 0 && annotation->page != page))
        continue;
      g_ptr_array_add (list, shown->annotation);
      g_hash_table_insert (orders, shown->annotation, &shown->order);
    }
  g_ptr_array_sort_with_data (list, compare_shown, orders);
  return list;
}

const QmAnnotation *
qm_annotation_store_lookup (QmAnnotationStore *self,
                            const char        *id)
{
  Shown *shown;

  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  shown = g_hash_table_lookup (self->shown, id);
  return shown != NULL ? shown->annotation : NULL;
}

/* The annotation as the protocol's own parser reads it, or an error: what
 * the server would refuse for its form is refused here, before it is kept. */
static QmAnnotation *
validate (const QmAnnotation  *annotation,
          const char          *id,
          GError             **error)
{
  /* Shallow: the caller's annotation may be anything, even what
   * qm_annotation_copy cannot copy (it goes through the parser too). */
  QmAnnotation form = *annotation;
  g_autoptr(QmAnnotation) parsed = NULL;
  g_autoptr(QmMessage) command = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *frame = NULL;
  gsize length;

  form.id = (char *) id;
  form.rev = 1;
  form.author = 0;
  if (form.kind == QM_ANNOTATION_NOTE && form.text == NULL)
    form.text = (char *) "";

  json = qm_annotation_serialize (&form, NULL);
  parsed = qm_annotation_parse (json, -1, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID,
                   "Invalid annotation: %s", local_error->message);
      return NULL;
    }

  /* The largest frame it can be sent in: the biggest rev and command id. */
  command = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);
  command->id = json_node_init_int (json_node_alloc (), QM_MAX_ID);
  command->annotation.annotation = qm_annotation_copy (parsed);
  command->annotation.annotation->rev = QM_MAX_ID;
  frame = qm_message_serialize (command, &length);
  if (length > QM_MAX_CLIENT_MESSAGE_BYTES)
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID,
                   "Invalid annotation: %" G_GSIZE_FORMAT " bytes on the wire, over the %d a "
                   "live message may hold", length, QM_MAX_CLIENT_MESSAGE_BYTES);
      return NULL;
    }
  return g_steal_pointer (&parsed);
}

static gboolean
check_own (QmAnnotationStore  *self,
           const char         *id,
           GError            **error)
{
  const QmAnnotation *shown = qm_annotation_store_lookup (self, id);

  if (shown != NULL && shown->author != self->user_id)
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_NOT_OWNER,
                   "Annotation %s is another participant's", id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
enqueue (QmAnnotationStore  *self,
         const char         *id,
         QmAnnotation       *put,
         GError            **error)
{
  Known *known = g_hash_table_lookup (self->known, id);
  gint64 base_rev = 0;
  Op *op;

  if (put != NULL)
    base_rev = _qm_annotation_store_next_op (self, NULL, id) != NULL ? FOLLOWS_PREVIOUS
               : known != NULL ? known->annotation->rev : 0;

  op = g_new0 (Op, 1);
  op->id = g_strdup (id);
  op->put = put;
  op->base_rev = base_rev;
  op->seq = _qm_annotation_db_add_op (self->db, id, put, base_rev, error);
  if (op->seq == 0)
    {
      _qm_annotation_store_op_free (op);
      return FALSE;
    }

  g_queue_push_tail (&self->outbox, op);
  _qm_annotation_store_notify_pending (self);
  _qm_annotation_store_refresh (self, id);
  _qm_annotation_store_emit_changes (self);
  _qm_annotation_outbox_flush (self);
  return TRUE;
}

char *
qm_annotation_store_put (QmAnnotationStore   *self,
                         const QmAnnotation  *annotation,
                         GError             **error)
{
  g_autofree char *id = NULL;
  QmAnnotation *valid;

  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (annotation != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (annotation->id == NULL || annotation->id[0] == '\0')
    id = g_uuid_string_random ();
  else if (qm_is_uuid (annotation->id))
    id = g_strdup (annotation->id);
  else
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID,
                   "Invalid annotation: “%s” is not a UUID", annotation->id);
      return NULL;
    }

  if (!check_own (self, id, error) || (valid = validate (annotation, id, error)) == NULL)
    return NULL;
  if (!enqueue (self, id, valid, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
qm_annotation_store_delete (QmAnnotationStore  *self,
                            const char         *id,
                            GError            **error)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (qm_annotation_store_lookup (self, id) == NULL)
    {
      g_set_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_NOT_FOUND,
                   "No annotation %s", id);
      return FALSE;
    }
  if (!check_own (self, id, error))
    return FALSE;
  return enqueue (self, id, NULL, error);
}
