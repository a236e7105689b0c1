/* qm-speakers-panel.c: shows the model's speakers list and sends the user's
 * speak.request and speak.withdraw.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-speakers-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-client-error.h"
#include "qm-speakers-panel.h"

/* After an answer the button changes meaning (Request → Withdraw): the
 * second tap of a double tap must not undo the first. */
#define ANSWER_GUARD_MS 500

typedef enum
{
  EXPECT_NOTHING,
  EXPECT_QUEUED,      /* the request was answered; the list is not sent yet */
  EXPECT_GONE,        /* the same for a withdrawal */
} Expectation;

struct _QmSpeakersPanel
{
  GtkWidget         parent_instance;

  GtkStack         *current_stack;
  AdwAvatar        *current_avatar;
  GtkLabel         *current_name;
  GtkLabel         *elapsed_label;
  GtkLabel         *queue_title;
  GtkListBox       *queue_list;
  GtkLabel         *position_label;
  GtkButton        *request_button;
  GtkSpinner       *request_spinner;
  GtkImage         *request_icon;
  GtkLabel         *request_label;
  GtkLabel         *hint_label;

  QmMeetingModel   *model;
  QmLiveConnection *live;
  GCancellable     *cancellable;   /* the command in flight, if any */
  Expectation       expect;
  char             *error_text;
  gint64            since;         /* µs since the epoch, server clock; 0 unknown */
  guint             tick_id;
  guint             guard_id;
};

G_DEFINE_FINAL_TYPE (QmSpeakersPanel, qm_speakers_panel, GTK_TYPE_WIDGET)

static const char *
name_of (QmSpeakersPanel *self,
         gint64           user_id)
{
  const char *name = qm_meeting_model_get_display_name (self->model, user_id);

  return name != NULL ? name : _("Unknown participant");
}

/* "1st", "2nd", "3rd", "4th", … */
static char *
ordinal (guint n)
{
  guint last = n % 10;

  if (n % 100 >= 11 && n % 100 <= 13)
    last = 0;
  switch (last)
    {
    /* Translators: ordinal numbers (a place in the speakers' line) ending
     * in 1, 2, 3, and any other. Vietnamese: "thứ %u" for all four. */
    case 1:
      return g_strdup_printf (C_("ordinal", "%ust"), n);
    case 2:
      return g_strdup_printf (C_("ordinal", "%und"), n);
    case 3:
      return g_strdup_printf (C_("ordinal", "%urd"), n);
    default:
      return g_strdup_printf (C_("ordinal", "%uth"), n);
    }
}

static char *
format_elapsed (gint64 usec)
{
  gint64 seconds = MAX (usec, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static void
update_elapsed (QmSpeakersPanel *self)
{
  g_autofree char *text = NULL;

  if (self->since == 0 || self->model == NULL)
    {
      gtk_label_set_label (self->elapsed_label, NULL);
      return;
    }
  text = format_elapsed (qm_meeting_model_get_server_time (self->model) - self->since);
  gtk_label_set_label (self->elapsed_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_elapsed (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_ticking (QmSpeakersPanel *self)
{
  gboolean tick = self->since != 0 && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (tick && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!tick)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static GtkWidget *
queue_row (QmSpeakersPanel *self,
           guint            position,
           gint64           user_id,
           gboolean         you)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *number, *avatar, *name;
  g_autofree char *number_text = g_strdup_printf ("%u", position);
  const char *display_name = name_of (self, user_id);

  gtk_widget_add_css_class (box, "qm-queue-row");
  number = gtk_label_new (number_text);
  gtk_label_set_width_chars (GTK_LABEL (number), 2);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (number, "dim-label");
  avatar = adw_avatar_new (32, display_name, TRUE);
  name = gtk_label_new (display_name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), name);
  if (you)
    {
      GtkWidget *tag = gtk_label_new (_("You"));

      gtk_widget_add_css_class (tag, "qm-you");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), tag);
      gtk_widget_add_css_class (row, "qm-you-row");
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
refresh (QmSpeakersPanel *self)
{
  const QmSpeakers *speakers = self->model != NULL ? qm_meeting_model_get_speakers (self->model) : NULL;
  gint64 you = self->model != NULL ? qm_meeting_model_get_you_user (self->model) : 0;
  gboolean online = self->live != NULL && qm_live_connection_get_state (self->live) == QM_LIVE_STATE_ONLINE;
  gboolean pending = self->cancellable != NULL;
  gboolean speaking = FALSE, queued;
  guint position = 0, n_queue = 0, i;
  g_autofree char *queue_title = NULL;
  g_autofree char *position_text = NULL;
  GtkListBoxRow *row;
  GtkWidget *button = GTK_WIDGET (self->request_button);
  const char *hint = NULL;

  /* Who has the floor. */
  self->since = 0;
  if (speakers != NULL && speakers->current != 0)
    {
      g_autoptr(GDateTime) since = qm_time_parse_rfc3339 (speakers->since);
      const char *name = name_of (self, speakers->current);

      speaking = speakers->current == you;
      if (since != NULL)
        self->since = g_date_time_to_unix (since) * G_USEC_PER_SEC + g_date_time_get_microsecond (since);
      gtk_label_set_label (self->current_name, name);
      adw_avatar_set_text (self->current_avatar, name);
      gtk_stack_set_visible_child_name (self->current_stack, "speaker");
    }
  else
    gtk_stack_set_visible_child_name (self->current_stack, "none");
  update_elapsed (self);
  update_ticking (self);

  /* Who waits. */
  while ((row = gtk_list_box_get_row_at_index (self->queue_list, 0)) != NULL)
    gtk_list_box_remove (self->queue_list, GTK_WIDGET (row));
  if (speakers != NULL && speakers->queue != NULL)
    {
      n_queue = speakers->queue->len;
      for (i = 0; i < n_queue; i++)
        {
          gint64 user_id = g_array_index (speakers->queue, gint64, i);

          if (user_id == you)
            position = i + 1;
          gtk_list_box_append (self->queue_list, queue_row (self, i + 1, user_id, user_id == you));
        }
    }
  if (n_queue > 0)
    /* Translators: the heading of the speakers' queue, with its length. */
    queue_title = g_strdup_printf (_("Waiting to speak (%u)"), n_queue);
  else
    queue_title = g_strdup (_("Waiting to speak"));
  gtk_label_set_label (self->queue_title, queue_title);

  /* An answered command whose speakers event is still on its way (the
   * server gathers them) already counts. */
  queued = position > 0;
  if (self->expect == EXPECT_QUEUED && !queued && !speaking)
    queued = TRUE;
  else if (self->expect == EXPECT_GONE && (queued || speaking))
    queued = speaking = FALSE;

  /* The user's place. */
  if (speaking)
    position_text = g_strdup (_("You have the floor"));
  else if (position == 1)
    position_text = g_strdup (_("You are next in line"));
  else if (position > 1)
    {
      g_autofree char *place = ordinal (position);

      /* Translators: %s is an ordinal number: "You are 3rd in line". */
      position_text = g_strdup_printf (_("You are %s in line"), place);
    }
  else if (queued)
    position_text = g_strdup (_("Your request has been sent"));
  gtk_label_set_label (self->position_label, position_text);
  gtk_widget_set_visible (GTK_WIDGET (self->position_label), position_text != NULL);

  /* The button. */
  gtk_widget_remove_css_class (button, "suggested-action");
  gtk_widget_remove_css_class (button, "destructive-action");
  if (pending)
    gtk_label_set_label (self->request_label, _("Sending…"));
  else if (speaking)
    {
      gtk_label_set_label (self->request_label, _("Finish speaking"));
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else if (queued)
    gtk_label_set_label (self->request_label, _("Withdraw request"));
  else
    {
      gtk_label_set_label (self->request_label, _("Request to speak"));
      gtk_widget_add_css_class (button, "suggested-action");
    }
  gtk_image_set_from_icon_name (self->request_icon,
                                speaking || queued ? "process-stop-symbolic"
                                                   : "audio-input-microphone-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->request_icon), !pending);
  gtk_widget_set_visible (GTK_WIDGET (self->request_spinner), pending);
  gtk_spinner_set_spinning (self->request_spinner, pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "speakers.toggle",
                                 online && !pending && self->guard_id == 0 && self->model != NULL
                                 && qm_meeting_model_get_loaded (self->model));

  /* What went wrong, or why the button sleeps. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "dim-label");
  if (self->error_text != NULL)
    {
      hint = self->error_text;
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
    }
  else if (self->live != NULL && !online)
    {
      hint = qm_live_connection_get_state (self->live) == QM_LIVE_STATE_OFFLINE
               ? _("Not connected")
               : _("Not connected — reconnecting…");
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "dim-label");
    }
  gtk_label_set_label (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

static gboolean
guard_done_cb (gpointer user_data)
{
  QmSpeakersPanel *self = user_data;

  self->guard_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
speakers_changed_cb (QmSpeakersPanel *self)
{
  self->expect = EXPECT_NOTHING;
  refresh (self);
}

static void
command_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(QmSpeakersPanel) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean withdraw;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  withdraw = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->cancellable), "withdraw"));
  g_clear_object (&self->cancellable);

  if (error == NULL)
    self->expect = withdraw ? EXPECT_GONE : EXPECT_QUEUED;
  else
    {
      const char *text;

      if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED))
        text = withdraw ? _("Not connected — your withdrawal was not sent.")
                        : _("Not connected — your request was not sent.");
      else if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TIMED_OUT))
        text = _("The server did not answer. Try again.");
      else if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED))
        text = _("Too many requests at once. Wait a moment, then try again.");
      else
        text = withdraw ? _("Your withdrawal could not be sent. Try again.")
                        : _("Your request could not be sent. Try again.");
      g_debug ("speakers command: %s", error->message);
      self->error_text = g_strdup (text);
    }

  g_clear_handle_id (&self->guard_id, g_source_remove);
  self->guard_id = g_timeout_add (ANSWER_GUARD_MS, guard_done_cb, self);
  refresh (self);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmSpeakersPanel *self = QM_SPEAKERS_PANEL (widget);
  g_autoptr(QmMessage) command = NULL;
  const QmSpeakers *speakers;
  gint64 you;
  gboolean withdraw;
  guint i;

  if (self->model == NULL || self->cancellable != NULL || self->guard_id != 0)
    return;

  /* Withdraw what the screen shows as asked for; otherwise ask. */
  speakers = qm_meeting_model_get_speakers (self->model);
  you = qm_meeting_model_get_you_user (self->model);
  withdraw = speakers->current == you;
  for (i = 0; speakers->queue != NULL && i < speakers->queue->len; i++)
    if (g_array_index (speakers->queue, gint64, i) == you)
      withdraw = TRUE;
  if (self->expect == EXPECT_QUEUED)
    withdraw = TRUE;
  else if (self->expect == EXPECT_GONE)
    withdraw = FALSE;

  command = qm_message_new (withdraw ? QM_MESSAGE_SPEAK_WITHDRAW : QM_MESSAGE_SPEAK_REQUEST);
  g_clear_pointer (&self->error_text, g_free);
  self->cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->cancellable), "withdraw", GINT_TO_POINTER (withdraw));
  qm_live_connection_send_async (self->live, command, self->cancellable, command_cb,
                                 g_object_ref (self));
  refresh (self);
}

static void
live_state_cb (QmSpeakersPanel *self)
{
  /* Back online: an old "not connected" no longer holds. */
  if (qm_live_connection_get_state (self->live) == QM_LIVE_STATE_ONLINE)
    g_clear_pointer (&self->error_text, g_free);
  refresh (self);
}

static void
unbind (QmSpeakersPanel *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->live);
  g_clear_handle_id (&self->guard_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->error_text, g_free);
  self->expect = EXPECT_NOTHING;
  self->since = 0;
}

void
qm_speakers_panel_bind (QmSpeakersPanel  *self,
                        QmMeetingModel   *model,
                        QmLiveConnection *live)
{
  g_return_if_fail (QM_IS_SPEAKERS_PANEL (self));
  g_return_if_fail (model == NULL || QM_IS_MEETING_MODEL (model));
  g_return_if_fail (live == NULL || QM_IS_LIVE_CONNECTION (live));
  g_return_if_fail ((model == NULL) == (live == NULL));

  unbind (self);
  g_set_object (&self->model, model);
  g_set_object (&self->live, live);
  if (model != NULL)
    {
      g_signal_connect_swapped (model, "reset", G_CALLBACK (speakers_changed_cb), self);
      g_signal_connect_swapped (model, "speakers-changed", G_CALLBACK (speakers_changed_cb), self);
      g_signal_connect_swapped (model, "participants-changed", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (live, "notify::state", G_CALLBACK (live_state_cb), self);
    }
  refresh (self);
}

GtkWidget *
qm_speakers_panel_new (void)
{
  return g_object_new (QM_TYPE_SPEAKERS_PANEL, NULL);
}

static void
qm_speakers_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (qm_speakers_panel_parent_class)->map (widget);
  update_elapsed (QM_SPEAKERS_PANEL (widget));
  update_ticking (QM_SPEAKERS_PANEL (widget));
}

static void
qm_speakers_panel_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (qm_speakers_panel_parent_class)->unmap (widget);
  update_ticking (QM_SPEAKERS_PANEL (widget));
}

static void
qm_speakers_panel_dispose (GObject *object)
{
  QmSpeakersPanel *self = QM_SPEAKERS_PANEL (object);
  GtkWidget *child;

  unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_SPEAKERS_PANEL);
  /* Children the template does not name are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (qm_speakers_panel_parent_class)->dispose (object);
}

static void
qm_speakers_panel_class_init (QmSpeakersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_speakers_panel_dispose;
  widget_class->map = qm_speakers_panel_map;
  widget_class->unmap = qm_speakers_panel_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-speakers-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, current_stack);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, current_avatar);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, current_name);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, queue_title);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, queue_list);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, position_label);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, request_button);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, request_spinner);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, request_icon);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, request_label);
  gtk_widget_class_bind_template_child (widget_class, QmSpeakersPanel, hint_label);

  gtk_widget_class_install_action (widget_class, "speakers.toggle", NULL, toggle_action);

  gtk_widget_class_set_css_name (widget_class, "qm-speakers-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qm_speakers_panel_init (QmSpeakersPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}
