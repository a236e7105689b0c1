/* qm-presenting.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-presenting"

#include "config.h"

#include "qm-presenting.h"

struct _QmPresenting
{
  GObject           parent_instance;

  QmLiveConnection *live;
  GCancellable     *cancellable;
  guint             timer;

  char             *wanted_doc;     /* waiting to be sent when pending */
  gint64            wanted_page;
  gboolean          pending;
  char             *sent_doc;       /* the last one sent */
  gint64            sent_page;
  gboolean          in_flight;
  gint64            sent_at;        /* monotonic µs */
  guint             n_sent;
};

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmPresenting, qm_presenting, G_TYPE_OBJECT)

static void send_next (QmPresenting *self);

static void
set_state (QmPresenting *self,
           gboolean      pending,
           gboolean      in_flight)
{
  gboolean was_busy = qm_presenting_get_busy (self);

  self->pending = pending;
  self->in_flight = in_flight;
  if (was_busy != qm_presenting_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
timer_cb (gpointer user_data)
{
  QmPresenting *self = user_data;

  self->timer = 0;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(QmPresenting) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      /* Not (or no longer) the presenter, or offline: what did not go is
       * not retried; the next turn sends the position again. */
      g_debug ("present %.8s page %" G_GINT64_FORMAT " failed: %s",
               self->sent_doc, self->sent_page, error->message);
      g_clear_pointer (&self->sent_doc, g_free);
      self->sent_page = 0;
    }
  set_state (self, self->pending, FALSE);
  send_next (self);
}

static void
send_next (QmPresenting *self)
{
  g_autoptr(QmMessage) command = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 wait_ms;

  if (self->in_flight || !self->pending || self->timer != 0)
    return;

  wait_ms = (self->sent_at + QM_PRESENTING_MIN_INTERVAL_MS * 1000 - now) / 1000;
  if (self->n_sent > 0 && wait_ms > 0)
    {
      self->timer = g_timeout_add ((guint) wait_ms + 1, timer_cb, self);
      return;
    }

  command = qm_message_new (QM_MESSAGE_PRESENT);
  command->page.doc = g_strdup (self->wanted_doc);
  command->page.page = self->wanted_page;
  g_free (self->sent_doc);
  self->sent_doc = g_strdup (self->wanted_doc);
  self->sent_page = self->wanted_page;
  self->sent_at = now;
  self->n_sent++;
  g_debug ("present %.8s page %" G_GINT64_FORMAT, self->sent_doc, self->sent_page);
  set_state (self, FALSE, TRUE);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 sent_cb, g_object_ref (self));
}

QmPresenting *
qm_presenting_new (QmLiveConnection *live)
{
  QmPresenting *self;

  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);

  self = g_object_new (QM_TYPE_PRESENTING, NULL);
  self->live = g_object_ref (live);
  return self;
}

void
qm_presenting_show (QmPresenting *self,
                    const char   *doc,
                    gint64        page)
{
  g_return_if_fail (QM_IS_PRESENTING (self));
  g_return_if_fail (doc != NULL);
  g_return_if_fail (page >= 1);

  /* Back on the page that is on its way (or there): nothing new to say. */
  if (g_strcmp0 (doc, self->sent_doc) == 0 && page == self->sent_page)
    {
      set_state (self, FALSE, self->in_flight);
      return;
    }
  g_free (self->wanted_doc);
  self->wanted_doc = g_strdup (doc);
  self->wanted_page = page;
  set_state (self, TRUE, self->in_flight);
  send_next (self);
}

void
qm_presenting_cancel (QmPresenting *self)
{
  g_return_if_fail (QM_IS_PRESENTING (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_pointer (&self->wanted_doc, g_free);
  g_clear_pointer (&self->sent_doc, g_free);
  self->sent_page = 0;
  set_state (self, FALSE, self->in_flight);
}

gboolean
qm_presenting_get_busy (QmPresenting *self)
{
  g_return_val_if_fail (QM_IS_PRESENTING (self), FALSE);
  return self->pending || self->in_flight;
}

guint
qm_presenting_get_n_sent (QmPresenting *self)
{
  g_return_val_if_fail (QM_IS_PRESENTING (self), 0);
  return self->n_sent;
}

static void
qm_presenting_dispose (GObject *object)
{
  QmPresenting *self = QM_PRESENTING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->live);

  G_OBJECT_CLASS (qm_presenting_parent_class)->dispose (object);
}

static void
qm_presenting_finalize (GObject *object)
{
  QmPresenting *self = QM_PRESENTING (object);

  g_clear_object (&self->cancellable);
  g_free (self->wanted_doc);
  g_free (self->sent_doc);

  G_OBJECT_CLASS (qm_presenting_parent_class)->finalize (object);
}

static void
qm_presenting_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  QmPresenting *self = QM_PRESENTING (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, qm_presenting_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_presenting_class_init (QmPresentingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_presenting_dispose;
  object_class->finalize = qm_presenting_finalize;
  object_class->get_property = qm_presenting_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_presenting_init (QmPresenting *self)
{
  self->cancellable = g_cancellable_new ();
}
