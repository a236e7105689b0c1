/* qm-follow-state.c: following the presenter, and telling the server.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-follow-state"

#include "config.h"

#include "qm-follow-state.h"

struct _QmFollowState
{
  GObject   parent_instance;

  gboolean          following;
  char             *presenter_doc;
  gint64            presenter_page;
  QmLiveConnection *live;
  gboolean          announced;     /* the server takes follow.set */
};

enum
{
  PROP_0,
  PROP_FOLLOWING,
  PROP_CAN_RETURN,
  PROP_PRESENTER_PAGE,
  N_PROPS
};

enum
{
  SIGNAL_NAVIGATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (QmFollowState, qm_follow_state, G_TYPE_OBJECT)

static void
navigate (QmFollowState *self)
{
  if (self->presenter_doc != NULL)
    g_signal_emit (self, signals[SIGNAL_NAVIGATE], 0,
                   self->presenter_doc, self->presenter_page);
}

/* Tells the server; a drop loses nothing, the next welcome says it again. */
static void
report (QmFollowState *self)
{
  g_autoptr(QmMessage) command = NULL;
  g_autoptr(GError) error = NULL;

  if (self->live == NULL || !self->announced
      || qm_live_connection_get_state (self->live) != QM_LIVE_STATE_ONLINE)
    return;
  command = qm_message_new (QM_MESSAGE_FOLLOW_SET);
  command->follow_set.following = self->following;
  if (!qm_live_connection_send (self->live, command, &error))
    g_debug ("following not reported: %s", error->message);
}

static void
live_message_cb (QmLiveConnection *live,
                 const QmMessage  *message,
                 gpointer          user_data)
{
  QmFollowState *self = user_data;

  if (message->type != QM_MESSAGE_WELCOME)
    return;
  self->announced = FALSE;
  for (guint i = 0; message->welcome.features != NULL && i < message->welcome.features->len; i++)
    if (g_strcmp0 (g_ptr_array_index (message->welcome.features, i), "following") == 0)
      self->announced = TRUE;
  /* Every connection starts out not following on the server. */
  if (self->following)
    report (self);
}

void
qm_follow_state_set_live (QmFollowState    *self,
                          QmLiveConnection *live)
{
  g_return_if_fail (QM_IS_FOLLOW_STATE (self));
  g_return_if_fail (live == NULL || QM_IS_LIVE_CONNECTION (live));

  if (self->live == live)
    return;
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_set_object (&self->live, live);
  self->announced = FALSE;
  if (live != NULL)
    g_signal_connect (live, "message", G_CALLBACK (live_message_cb), self);
}

static void
set_following (QmFollowState *self,
               gboolean       following)
{
  following = !!following;
  if (self->following == following)
    return;
  self->following = following;
  report (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETURN]);
}

QmFollowState *
qm_follow_state_new (void)
{
  return g_object_new (QM_TYPE_FOLLOW_STATE, NULL);
}

gboolean
qm_follow_state_get_following (QmFollowState *self)
{
  g_return_val_if_fail (QM_IS_FOLLOW_STATE (self), FALSE);
  return self->following;
}

void
qm_follow_state_set_following (QmFollowState *self,
                               gboolean       following)
{
  g_return_if_fail (QM_IS_FOLLOW_STATE (self));

  if (following && !self->following)
    {
      set_following (self, TRUE);
      navigate (self);
    }
  else
    set_following (self, following);
}

const char *
qm_follow_state_get_presenter_doc (QmFollowState *self)
{
  g_return_val_if_fail (QM_IS_FOLLOW_STATE (self), NULL);
  return self->presenter_doc;
}

gint64
qm_follow_state_get_presenter_page (QmFollowState *self)
{
  g_return_val_if_fail (QM_IS_FOLLOW_STATE (self), 0);
  return self->presenter_page;
}

gboolean
qm_follow_state_get_can_return (QmFollowState *self)
{
  g_return_val_if_fail (QM_IS_FOLLOW_STATE (self), FALSE);
  return !self->following && self->presenter_doc != NULL;
}

void
qm_follow_state_presenter_moved (QmFollowState *self,
                                 const char    *doc,
                                 gint64         page)
{
  gboolean had_doc;

  g_return_if_fail (QM_IS_FOLLOW_STATE (self));

  had_doc = self->presenter_doc != NULL;
  if (g_strcmp0 (self->presenter_doc, doc) != 0)
    {
      g_free (self->presenter_doc);
      self->presenter_doc = g_strdup (doc);
    }
  self->presenter_page = doc != NULL ? page : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTER_PAGE]);
  if (had_doc != (doc != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RETURN]);

  /* Every position is announced, also the one shown already: a follower
   * that drifted (a resize, a late layout) lands on it again. */
  if (self->following)
    navigate (self);
}

void
qm_follow_state_user_moved (QmFollowState *self,
                            const char    *doc,
                            gint64         page)
{
  g_return_if_fail (QM_IS_FOLLOW_STATE (self));

  if (!self->following)
    return;
  /* Before the first present there is nothing to follow away from. */
  if (self->presenter_doc == NULL)
    return;
  if (g_strcmp0 (doc, self->presenter_doc) == 0 && page == self->presenter_page)
    return;
  set_following (self, FALSE);
}

void
qm_follow_state_return (QmFollowState *self)
{
  g_return_if_fail (QM_IS_FOLLOW_STATE (self));

  set_following (self, TRUE);
  navigate (self);
}

static void
qm_follow_state_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  QmFollowState *self = QM_FOLLOW_STATE (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_CAN_RETURN:
      g_value_set_boolean (value, qm_follow_state_get_can_return (self));
      break;
    case PROP_PRESENTER_PAGE:
      g_value_set_int64 (value, self->presenter_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_follow_state_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  QmFollowState *self = QM_FOLLOW_STATE (object);

  switch (prop_id)
    {
    case PROP_FOLLOWING:
      qm_follow_state_set_following (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_follow_state_finalize (GObject *object)
{
  QmFollowState *self = QM_FOLLOW_STATE (object);

  g_free (self->presenter_doc);

  G_OBJECT_CLASS (qm_follow_state_parent_class)->finalize (object);
}

static void
qm_follow_state_dispose (GObject *object)
{
  qm_follow_state_set_live (QM_FOLLOW_STATE (object), NULL);

  G_OBJECT_CLASS (qm_follow_state_parent_class)->dispose (object);
}

static void
qm_follow_state_class_init (QmFollowStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = qm_follow_state_get_property;
  object_class->set_property = qm_follow_state_set_property;
  object_class->dispose = qm_follow_state_dispose;
  object_class->finalize = qm_follow_state_finalize;

  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RETURN] =
    g_param_spec_boolean ("can-return", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER_PAGE] =
    g_param_spec_int64 ("presenter-page", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (doc, page): the reader should show this now. */
  signals[SIGNAL_NAVIGATE] =
    g_signal_new ("navigate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
qm_follow_state_init (QmFollowState *self)
{
  self->following = TRUE;
}
