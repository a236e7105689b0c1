/* qm-speakers-control.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-speakers-control"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-chair-private.h"
#include "qm-speakers-control.h"

/* A speakers event comes at most 250 ms after the change (the server gathers
 * them), plus the trip: more than this between `since` and our clock is the
 * clocks disagreeing, not time spent speaking. */
#define MAX_EVENT_DELAY_US (2 * G_USEC_PER_SEC)

struct _QmSpeakersControl
{
  AdwBin            parent_instance;

  /* template */
  AdwActionRow     *current_row;
  GtkLabel         *timer_label;
  AdwActionRow     *limit_row;
  GtkSpinButton    *limit_spin;
  GtkAdjustment    *limit_adjustment;
  AdwPreferencesGroup *queue_group;
  GtkListBox       *queue_list;
  GtkWidget        *buttons;
  GtkWidget        *next_button;
  GtkWidget        *end_button;
  GtkLabel         *error_label;

  QmMeetingModel   *model;
  QmLiveConnection *live;
  GCancellable     *cancellable;
  gboolean          can_manage;
  gboolean          in_flight;

  gint64            current;        /* 0: no one */
  char             *since;
  gint64            started_at;     /* monotonic µs the speech began */
  guint             tick;
  char             *timer_text;
  gboolean          overtime;
};

enum
{
  PROP_0,
  PROP_CAN_MANAGE,
  PROP_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmSpeakersControl, qm_speakers_control, ADW_TYPE_BIN)

static gint64
parse_time_us (const char *text)
{
  g_autoptr(GDateTime) when = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (when == NULL)
    return 0;
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/* The timer */

static gboolean tick_cb (gpointer user_data);

static void
update_timer (QmSpeakersControl *self)
{
  gint64 elapsed_us;
  gint64 seconds;
  gboolean overtime;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->tick, g_source_remove);
  if (self->current == 0)
    {
      g_clear_pointer (&self->timer_text, g_free);
      gtk_label_set_label (self->timer_label, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), "error");
      self->overtime = FALSE;
      return;
    }

  elapsed_us = MAX (g_get_monotonic_time () - self->started_at, 0);
  seconds = elapsed_us / G_USEC_PER_SEC;
  text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
  if (g_strcmp0 (text, self->timer_text) != 0)
    {
      g_free (self->timer_text);
      self->timer_text = g_steal_pointer (&text);
      gtk_label_set_label (self->timer_label, self->timer_text);
    }
  overtime = seconds >= (gint64) qm_speakers_control_get_limit (self) * 60;
  if (overtime != self->overtime)
    {
      self->overtime = overtime;
      if (overtime)
        gtk_widget_add_css_class (GTK_WIDGET (self->timer_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), "error");
    }
  /* Wake up when the next second starts, not every so often. */
  self->tick = g_timeout_add ((guint) ((G_USEC_PER_SEC - elapsed_us % G_USEC_PER_SEC) / 1000) + 1,
                              tick_cb, self);
}

static gboolean
tick_cb (gpointer user_data)
{
  QmSpeakersControl *self = user_data;

  self->tick = 0;
  update_timer (self);
  return G_SOURCE_REMOVE;
}

/* The list */

static GtkWidget *
queue_row_new (QmSpeakersControl *self,
               guint              position,
               gint64             user_id)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number = g_strdup_printf ("%u", position);
  GtkWidget *label = gtk_label_new (number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _qm_chair_name (self->model, user_id));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_size_request (label, 24, -1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
  if (position == 1)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Next"));
  return row;
}

static void
update (QmSpeakersControl *self,
        gboolean           live_event)
{
  const QmSpeakers *speakers = qm_meeting_model_get_speakers (self->model);
  GtkListBoxRow *row;
  guint queued = speakers->queue != NULL ? speakers->queue->len : 0;

  if (speakers->current != self->current || g_strcmp0 (speakers->since, self->since) != 0)
    {
      gint64 delay = g_get_real_time () - parse_time_us (speakers->since);

      /* Seen as it happens: the speech began a moment ago, whatever the
       * clocks say. Found in a welcome: it began at since. */
      if (live_event)
        delay = CLAMP (delay, 0, MAX_EVENT_DELAY_US);
      else
        delay = MAX (delay, 0);
      self->current = speakers->current;
      g_free (self->since);
      self->since = g_strdup (speakers->since);
      self->started_at = g_get_monotonic_time () - delay;
    }

  if (self->current != 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                     _qm_chair_name (self->model, self->current));
      adw_action_row_set_subtitle (self->current_row, _("Has the floor"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                     _("No one has the floor"));
      adw_action_row_set_subtitle (self->current_row, NULL);
    }
  update_timer (self);

  /* Rows only: the placeholder is a child of the list too. */
  while ((row = gtk_list_box_get_row_at_index (self->queue_list, 0)) != NULL)
    gtk_list_box_remove (self->queue_list, GTK_WIDGET (row));
  for (guint i = 0; i < queued; i++)
    gtk_list_box_append (self->queue_list,
                         queue_row_new (self, i + 1, g_array_index (speakers->queue, gint64, i)));
  {
    g_autofree char *title = NULL;

    if (queued > 0)
      title = g_strdup_printf (_("Waiting to Speak (%u)"), queued);
    adw_preferences_group_set_title (self->queue_group,
                                     title != NULL ? title : _("Waiting to Speak"));
  }

  /* "Next" gives the floor and ends the speech before it; with no one
   * waiting, "End" does the same for the last speaker. */
  gtk_widget_set_visible (self->buttons, self->can_manage);
  gtk_widget_set_visible (self->next_button, queued > 0 || self->current == 0);
  gtk_widget_set_visible (self->end_button, queued == 0 && self->current != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-speakers.next",
                                 self->can_manage && !self->in_flight && queued > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-speakers.end",
                                 self->can_manage && !self->in_flight &&
                                 queued == 0 && self->current != 0);
}

static void
speakers_changed_cb (QmSpeakersControl *self)
{
  update (self, TRUE);
}

static void
reset_cb (QmSpeakersControl *self)
{
  update (self, FALSE);
}

static void
names_changed_cb (QmSpeakersControl *self)
{
  update (self, FALSE);
}

/* Commands */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(QmSpeakersControl) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight = FALSE;
  _qm_chair_show_error (self->error_label, error);
  update (self, FALSE);
}

/* speak.next is both: the first waiting gets the floor, and with no one
 * waiting the floor is simply free again. */
static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmSpeakersControl *self = QM_SPEAKERS_CONTROL (widget);
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_SPEAK_NEXT);

  if (!self->can_manage || self->in_flight)
    return;
  self->in_flight = TRUE;
  _qm_chair_show_error (self->error_label, NULL);
  update (self, FALSE);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 sent_cb, g_object_ref (self));
}

static void
limit_changed_cb (QmSpeakersControl *self)
{
  update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

/* API */

GtkWidget *
qm_speakers_control_new (QmMeetingModel   *model,
                         QmLiveConnection *live)
{
  QmSpeakersControl *self;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (model), NULL);
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);

  self = g_object_new (QM_TYPE_SPEAKERS_CONTROL, NULL);
  self->model = g_object_ref (model);
  self->live = g_object_ref (live);
  g_signal_connect_object (model, "speakers-changed", G_CALLBACK (speakers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "reset", G_CALLBACK (reset_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "participants-changed", G_CALLBACK (names_changed_cb), self, G_CONNECT_SWAPPED);
  update (self, FALSE);
  return GTK_WIDGET (self);
}

gboolean
qm_speakers_control_get_can_manage (QmSpeakersControl *self)
{
  g_return_val_if_fail (QM_IS_SPEAKERS_CONTROL (self), FALSE);
  return self->can_manage;
}

void
qm_speakers_control_set_can_manage (QmSpeakersControl *self,
                                    gboolean           can_manage)
{
  g_return_if_fail (QM_IS_SPEAKERS_CONTROL (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;
  self->can_manage = can_manage;
  if (self->model != NULL)
    update (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

int
qm_speakers_control_get_limit (QmSpeakersControl *self)
{
  g_return_val_if_fail (QM_IS_SPEAKERS_CONTROL (self), 0);
  return (int) gtk_adjustment_get_value (self->limit_adjustment);
}

void
qm_speakers_control_set_limit (QmSpeakersControl *self,
                               int                minutes)
{
  g_return_if_fail (QM_IS_SPEAKERS_CONTROL (self));
  g_return_if_fail (minutes >= 1);

  /* The adjustment notifies, and limit_changed_cb with it. */
  gtk_adjustment_set_value (self->limit_adjustment, minutes);
}

const char *
qm_speakers_control_get_timer_text (QmSpeakersControl *self)
{
  g_return_val_if_fail (QM_IS_SPEAKERS_CONTROL (self), NULL);
  return self->timer_text;
}

gboolean
qm_speakers_control_get_overtime (QmSpeakersControl *self)
{
  g_return_val_if_fail (QM_IS_SPEAKERS_CONTROL (self), FALSE);
  return self->overtime;
}

/* GObject */

static void
qm_speakers_control_dispose (GObject *object)
{
  QmSpeakersControl *self = QM_SPEAKERS_CONTROL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->model);
  g_clear_object (&self->live);

  G_OBJECT_CLASS (qm_speakers_control_parent_class)->dispose (object);
}

static void
qm_speakers_control_finalize (GObject *object)
{
  QmSpeakersControl *self = QM_SPEAKERS_CONTROL (object);

  g_clear_object (&self->cancellable);
  g_free (self->since);
  g_free (self->timer_text);

  G_OBJECT_CLASS (qm_speakers_control_parent_class)->finalize (object);
}

static void
qm_speakers_control_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  QmSpeakersControl *self = QM_SPEAKERS_CONTROL (object);

  switch (prop_id)
    {
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    case PROP_LIMIT:
      g_value_set_int (value, qm_speakers_control_get_limit (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_speakers_control_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  QmSpeakersControl *self = QM_SPEAKERS_CONTROL (object);

  switch (prop_id)
    {
    case PROP_CAN_MANAGE:
      qm_speakers_control_set_can_manage (self, g_value_get_boolean (value));
      break;
    case PROP_LIMIT:
      qm_speakers_control_set_limit (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_speakers_control_class_init (QmSpeakersControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_speakers_control_dispose;
  object_class->finalize = qm_speakers_control_finalize;
  object_class->get_property = qm_speakers_control_get_property;
  object_class->set_property = qm_speakers_control_set_property;

  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT] =
    g_param_spec_int ("limit", NULL, NULL, 1, 120, 5,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-speakers-control.ui");
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, current_row);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, timer_label);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, limit_row);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, limit_adjustment);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, queue_group);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, queue_list);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, buttons);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, next_button);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, end_button);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersControl, error_label);

  gtk_widget_class_install_action (widget_class, "chair-speakers.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "chair-speakers.end", NULL, next_action);
}

static void
qm_speakers_control_init (QmSpeakersControl *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  placeholder = gtk_label_new (_("No one is waiting to speak"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->queue_list, placeholder);
  g_signal_connect_object (self->limit_adjustment, "value-changed",
                           G_CALLBACK (limit_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->buttons, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-speakers.next", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-speakers.end", FALSE);
}
