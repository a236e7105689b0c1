/* qm-chair-console.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-chair-console"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-chair-console.h"
#include "qm-chair-private.h"
#include "qm-client-error.h"

struct _QmChairConsole
{
  AdwBin             parent_instance;

  /* template */
  AdwWindowTitle    *title;
  GtkBox            *sections;
  AdwActionRow      *quorum_row;
  GtkImage          *quorum_icon;
  GtkLabel          *quorum_count;
  AdwActionRow      *presenter_row;
  GtkWidget         *take_back_button;
  GtkWidget         *hand_over_button;
  GtkPopover        *hand_over_popover;
  GtkListBox        *hand_over_list;
  AdwExpanderRow    *participants_row;
  GtkBox            *vote_slot;
  GtkBox            *speakers_slot;
  AdwActionRow      *minutes_row;
  GtkWidget         *minutes_spinner;
  GtkWidget         *minutes_button;
  /* built in code */
  GtkLabel          *error_label;
  QmVoteControl     *vote_control;
  QmSpeakersControl *speakers_control;
  GPtrArray         *participant_rows;

  QmSession         *session;
  QmLiveConnection  *live;
  QmMeetingModel    *model;
  GCancellable      *cancellable;
  GtkNativeDialog   *save_dialog;
  gboolean           can_manage;
  gboolean           in_flight;
};

G_DEFINE_FINAL_TYPE (QmChairConsole, qm_chair_console, ADW_TYPE_BIN)

/* Shared with the chair's other widgets */

char *
_qm_chair_describe_error (const GError *error)
{
  if (error->domain == QM_PROTOCOL_ERROR)
    switch (error->code)
      {
      case QM_PROTOCOL_ERROR_FORBIDDEN:
        return g_strdup (_("Only the chair may do this."));
      case QM_PROTOCOL_ERROR_NOT_FOUND:
        return g_strdup (_("It is not there any more."));
      case QM_PROTOCOL_ERROR_CONFLICT:
        return g_strdup (_("The meeting changed meanwhile; look again and retry."));
      case QM_PROTOCOL_ERROR_VOTE_CLOSED:
        return g_strdup (_("The vote is closed already."));
      case QM_PROTOCOL_ERROR_BAD_REQUEST:
        return g_strdup (_("The server did not accept this."));
      default:
        break;
      }
  if (error->domain == QM_CLIENT_ERROR)
    switch (error->code)
      {
      case QM_CLIENT_ERROR_DISCONNECTED:
      case QM_CLIENT_ERROR_UNREACHABLE:
        return g_strdup (_("Not connected to the server. Try again once the meeting is online."));
      case QM_CLIENT_ERROR_TIMED_OUT:
        return g_strdup (_("The server did not answer in time. Try again."));
      case QM_CLIENT_ERROR_RATE_LIMITED:
        return g_strdup (_("Too many requests at once. Wait a moment and try again."));
      default:
        break;
      }
  /* Translators: %s is a technical reason, in English */
  return g_strdup_printf (_("Something went wrong: %s"), error->message);
}

const char *
_qm_chair_name (QmMeetingModel *model,
                gint64          user_id)
{
  const char *name = qm_meeting_model_get_display_name (model, user_id);

  return name != NULL ? name : _("Unknown participant");
}

const char *
_qm_chair_role_name (QmMeetingRole role)
{
  switch (role)
    {
    case QM_MEETING_ROLE_CHAIR:
      return C_("meeting role", "Chair");
    case QM_MEETING_ROLE_SECRETARY:
      return C_("meeting role", "Secretary");
    case QM_MEETING_ROLE_DELEGATE:
      return C_("meeting role", "Delegate");
    case QM_MEETING_ROLE_OBSERVER:
      return C_("meeting role", "Observer");
    case QM_MEETING_ROLE_NONE:
    default:
      return "";
    }
}

void
_qm_chair_show_error (GtkLabel     *label,
                      const GError *error)
{
  g_autofree char *text = error != NULL ? _qm_chair_describe_error (error) : NULL;

  if (error != NULL)
    g_debug ("%s", error->message);
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

gboolean
qm_chair_console_role_allowed (QmMeetingRole role)
{
  return role == QM_MEETING_ROLE_CHAIR || role == QM_MEETING_ROLE_SECRETARY;
}

/* Attendance */

static void
update_quorum (QmChairConsole *self)
{
  const QmQuorum *quorum = qm_meeting_model_get_quorum (self->model);
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  GtkWidget *icon = GTK_WIDGET (self->quorum_icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->quorum_row),
                                 quorum->reached ? _("Quorum reached") : _("No quorum"));
  /* Translators: "3 of 4 voting members present · 5 online" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u of %u voting member present · %u online",
                                           "%u of %u voting members present · %u online",
                                           (gulong) quorum->voting_total),
                              (guint) quorum->voting_present, (guint) quorum->voting_total,
                              (guint) quorum->present);
  adw_action_row_set_subtitle (self->quorum_row, subtitle);
  count = g_strdup_printf ("%u/%u", (guint) quorum->voting_present, (guint) quorum->voting_total);
  gtk_label_set_label (self->quorum_count, count);
  gtk_image_set_from_icon_name (self->quorum_icon,
                                quorum->reached ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (icon, quorum->reached ? "warning" : "success");
  gtk_widget_add_css_class (icon, quorum->reached ? "success" : "warning");
}

static void
update_presenter (QmChairConsole *self)
{
  gint64 presenter = qm_meeting_model_get_presenter_user (self->model);
  gint64 you = qm_meeting_model_get_you_user (self->model);
  g_autofree char *subtitle = NULL;

  if (presenter == 0)
    subtitle = g_strdup (_("No one"));
  else if (presenter == you)
    subtitle = g_strdup (_("You"));
  else
    subtitle = g_strdup (_qm_chair_name (self->model, presenter));
  adw_action_row_set_subtitle (self->presenter_row, subtitle);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->take_back_button), "x", you);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->take_back_button), "console.make-presenter");
  gtk_widget_set_visible (self->take_back_button, self->can_manage && presenter != you);
  gtk_widget_set_visible (self->hand_over_button, self->can_manage);
}

static int
role_rank (QmMeetingRole role)
{
  switch (role)
    {
    case QM_MEETING_ROLE_CHAIR:
      return 0;
    case QM_MEETING_ROLE_SECRETARY:
      return 1;
    case QM_MEETING_ROLE_DELEGATE:
      return 2;
    case QM_MEETING_ROLE_OBSERVER:
    case QM_MEETING_ROLE_NONE:
    default:
      return 3;
    }
}

static int
compare_participants (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  QmMeetingModel *model = user_data;
  const QmParticipant *x = *(QmParticipant * const *) a;
  const QmParticipant *y = *(QmParticipant * const *) b;
  gboolean x_online = qm_meeting_model_is_online (model, x->user_id);
  gboolean y_online = qm_meeting_model_is_online (model, y->user_id);

  if (x_online != y_online)
    return x_online ? -1 : 1;
  if (role_rank (x->role) != role_rank (y->role))
    return role_rank (x->role) - role_rank (y->role);
  return g_utf8_collate (x->display_name, y->display_name);
}

/* Whether an online reader follows the presenter: a small tag after the name. */
static GtkWidget *
following_tag_new (gboolean following)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (following ? _("Following") : _("Browsing"));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "caption");
  gtk_widget_add_css_class (box, following ? "accent" : "dim-label");
  gtk_widget_set_tooltip_text (box, following ? _("Sees the page the presenter shows")
                                              : _("Reads on their own, not the presenter’s page"));
  if (following)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic"));
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
participant_row_new (QmChairConsole      *self,
                     const QmParticipant *participant,
                     gboolean             online,
                     gboolean             presenting)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dot = gtk_label_new ("●");
  GString *subtitle = g_string_new (_qm_chair_role_name (participant->role));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), participant->display_name);
  gtk_widget_add_css_class (dot, online ? "success" : "dim-label");
  gtk_widget_set_tooltip_text (dot, online ? _("Online") : _("Offline"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  online ? _("Online") : _("Offline"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);
  if (participant->proxy_holder != 0)
    /* Translators: after the role, "Delegate · proxy: <name>" */
    g_string_append_printf (subtitle, _(" · proxy: %s"),
                            _qm_chair_name (self->model, participant->proxy_holder));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  if (presenting)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name ("x-office-presentation-symbolic");

      gtk_widget_set_tooltip_text (mark, _("Presenting"));
      gtk_widget_add_css_class (mark, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
  else if (online && qm_meeting_model_get_has_following (self->model))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               following_tag_new (qm_meeting_model_is_following (self->model,
                                                                                 participant->user_id)));
  return row;
}

/* Who the role can go to: whoever is online, but the presenter. */
static void
rebuild_hand_over (QmChairConsole  *self,
                   GPtrArray       *sorted)
{
  gint64 presenter = qm_meeting_model_get_presenter_user (self->model);
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->hand_over_list, 0)) != NULL)
    gtk_list_box_remove (self->hand_over_list, GTK_WIDGET (old));
  for (guint i = 0; sorted != NULL && i < sorted->len; i++)
    {
      const QmParticipant *participant = g_ptr_array_index (sorted, i);
      GtkWidget *row, *box, *name, *role;

      if (participant->user_id == presenter ||
          !qm_meeting_model_is_online (self->model, participant->user_id))
        continue;
      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      name = gtk_label_new (participant->display_name);
      role = gtk_label_new (_qm_chair_role_name (participant->role));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (role), 0);
      gtk_widget_add_css_class (role, "dim-label");
      gtk_widget_add_css_class (role, "caption");
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), role);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "user-id",
                              g_memdup2 (&participant->user_id, sizeof (gint64)), g_free);
      gtk_list_box_append (self->hand_over_list, row);
    }
}

static void
hand_over_activated_cb (QmChairConsole *self,
                        GtkListBoxRow  *row)
{
  const gint64 *user_id = g_object_get_data (G_OBJECT (row), "user-id");

  gtk_popover_popdown (self->hand_over_popover);
  if (user_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "console.make-presenter", "x", *user_id);
}

static void
rebuild_participants (QmChairConsole *self)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);
  gint64 presenter = qm_meeting_model_get_presenter_user (self->model);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;
  guint online = 0, readers = 0, following = 0;

  for (guint i = 0; i < self->participant_rows->len; i++)
    adw_expander_row_remove (self->participants_row, g_ptr_array_index (self->participant_rows, i));
  g_ptr_array_set_size (self->participant_rows, 0);
  if (meeting == NULL || meeting->participants == NULL)
    {
      rebuild_hand_over (self, NULL);
      return;
    }

  for (guint i = 0; i < meeting->participants->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (meeting->participants, i));
  g_ptr_array_sort_with_data (sorted, compare_participants, self->model);
  for (guint i = 0; i < sorted->len; i++)
    {
      const QmParticipant *participant = g_ptr_array_index (sorted, i);
      gboolean is_online = qm_meeting_model_is_online (self->model, participant->user_id);
      GtkWidget *row = participant_row_new (self, participant, is_online,
                                            participant->user_id == presenter);

      online += is_online;
      /* The presenter leads; everyone else online could follow. */
      if (is_online && participant->user_id != presenter)
        {
          readers++;
          following += qm_meeting_model_is_following (self->model, participant->user_id);
        }
      adw_expander_row_add_row (self->participants_row, row);
      g_ptr_array_add (self->participant_rows, row);
    }
  rebuild_hand_over (self, sorted);
  if (qm_meeting_model_get_has_following (self->model))
    /* Translators: "6 of 7 online · 4 of 5 following the presenter"; the
     * second count leaves out the presenter */
    subtitle = g_strdup_printf (_("%u of %u online · %u of %u following"),
                                online, sorted->len, following, readers);
  else
    /* Translators: "5 of 7 online" */
    subtitle = g_strdup_printf (_("%u of %u online"), online, sorted->len);
  adw_expander_row_set_subtitle (self->participants_row, subtitle);
}

static void
update_all (QmChairConsole *self)
{
  QmMeetingRole role = qm_meeting_model_get_you_role (self->model);

  self->can_manage = role == QM_MEETING_ROLE_CHAIR;
  adw_window_title_set_title (self->title, self->can_manage ? _("Chair’s Console")
                                                            : _("Secretary’s Console"));
  qm_vote_control_set_can_manage (self->vote_control, self->can_manage);
  qm_speakers_control_set_can_manage (self->speakers_control, self->can_manage);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.make-presenter",
                                 self->can_manage && !self->in_flight);
  update_quorum (self);
  update_presenter (self);
  rebuild_participants (self);
}

static void
presence_changed_cb (QmChairConsole *self)
{
  update_presenter (self);
  rebuild_participants (self);
}

/* The presenter role */

static void
presenter_set_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(QmChairConsole) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight = FALSE;
  _qm_chair_show_error (self->error_label, error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.make-presenter", self->can_manage);
}

static void
make_presenter_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  QmChairConsole *self = QM_CHAIR_CONSOLE (widget);
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_PRESENTER_SET);

  if (self->in_flight || self->model == NULL || !self->can_manage)
    return;
  command->presenter.user = g_variant_get_int64 (parameter);
  self->in_flight = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.make-presenter", FALSE);
  _qm_chair_show_error (self->error_label, NULL);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 presenter_set_cb, g_object_ref (self));
}

/* Minutes */

static void
minutes_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
minutes_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  GFile *file = g_task_get_task_data (task);
  gsize length = 0;
  const char *data;

  body = qm_session_request_finish (QM_SESSION (object), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_bytes_get_data (body, &length);
  if (length < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                               "The minutes are not a PDF");
      return;
    }
  g_file_replace_contents_bytes_async (file, body, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task),
                                       minutes_written_cb, g_object_ref (task));
}

void
qm_chair_console_save_minutes_async (QmChairConsole      *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (QM_IS_CHAIR_CONSOLE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_chair_console_save_minutes_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/minutes.pdf",
                          qm_live_connection_get_meeting_id (self->live));
  qm_session_request_async (self->session, "GET", path, NULL, cancellable,
                            minutes_fetched_cb, g_steal_pointer (&task));
}

gboolean
qm_chair_console_save_minutes_finish (QmChairConsole  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (QM_IS_CHAIR_CONSOLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_chair_console_save_minutes_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_minutes_busy (QmChairConsole *self,
                  gboolean        busy)
{
  gtk_widget_set_visible (self->minutes_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->minutes_spinner), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.download-minutes", !busy);
}

static void
minutes_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  QmChairConsole *self = QM_CHAIR_CONSOLE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (!qm_chair_console_save_minutes_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_minutes_busy (self, FALSE);
      adw_action_row_set_subtitle (self->minutes_row, _("The minutes could not be saved"));
      _qm_chair_show_error (self->error_label, error);
      return;
    }
  set_minutes_busy (self, FALSE);
  adw_action_row_set_subtitle (self->minutes_row, g_file_peek_path (file));
  uri = g_file_get_uri (file);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
save_dialog_response_cb (QmChairConsole  *self,
                         int              response,
                         GtkNativeDialog *dialog)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->save_dialog);
  if (file == NULL)
    return;
  set_minutes_busy (self, TRUE);
  _qm_chair_show_error (self->error_label, NULL);
  adw_action_row_set_subtitle (self->minutes_row, _("Downloading…"));
  qm_chair_console_save_minutes_async (self, file, self->cancellable, minutes_saved_cb,
                                       g_object_ref (file));
}

/* "Biên bản - Kỳ họp thứ 12.pdf", with nothing a file name cannot hold. */
static char *
minutes_file_name (QmChairConsole *self)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);
  g_autofree char *title = g_strdup (meeting != NULL ? meeting->title : "");

  g_strdelimit (title, "/\\:*?\"<>|\n\r\t", ' ');
  g_strstrip (title);
  if (title[0] == '\0')
    return g_strdup_printf ("%s.pdf", _("Minutes"));
  /* Translators: the file name of the minutes; %s is the meeting's title */
  return g_strdup_printf (_("Minutes - %s.pdf"), title);
}

static void
download_minutes_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  QmChairConsole *self = QM_CHAIR_CONSOLE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *name = minutes_file_name (self);
  GtkFileChooserNative *dialog;

  if (self->save_dialog != NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save the Minutes"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }
  self->save_dialog = GTK_NATIVE_DIALOG (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->save_dialog);
}

/* API */

GtkWidget *
qm_chair_console_new (QmSession        *session,
                      QmLiveConnection *live,
                      QmMeetingModel   *model,
                      GSettings        *settings)
{
  QmChairConsole *self;

  g_return_val_if_fail (QM_IS_SESSION (session), NULL);
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);
  g_return_val_if_fail (QM_IS_MEETING_MODEL (model), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (QM_TYPE_CHAIR_CONSOLE, NULL);
  self->session = g_object_ref (session);
  self->live = g_object_ref (live);
  self->model = g_object_ref (model);

  self->vote_control = QM_VOTE_CONTROL (qm_vote_control_new (model, live, session));
  gtk_box_append (self->vote_slot, GTK_WIDGET (self->vote_control));
  self->speakers_control = QM_SPEAKERS_CONTROL (qm_speakers_control_new (model, live));
  gtk_box_append (self->speakers_slot, GTK_WIDGET (self->speakers_control));
  if (settings != NULL)
    g_settings_bind (settings, "speaking-limit", self->speakers_control, "limit",
                     G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (model, "reset", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "participants-changed", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "online-changed", G_CALLBACK (presence_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "presenter-changed", G_CALLBACK (presence_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "following-changed", G_CALLBACK (rebuild_participants), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "quorum-changed", G_CALLBACK (update_quorum), self, G_CONNECT_SWAPPED);
  update_all (self);
  return GTK_WIDGET (self);
}

QmVoteControl *
qm_chair_console_get_vote_control (QmChairConsole *self)
{
  g_return_val_if_fail (QM_IS_CHAIR_CONSOLE (self), NULL);
  return self->vote_control;
}

QmSpeakersControl *
qm_chair_console_get_speakers_control (QmChairConsole *self)
{
  g_return_val_if_fail (QM_IS_CHAIR_CONSOLE (self), NULL);
  return self->speakers_control;
}

/* GObject */

static void
qm_chair_console_dispose (GObject *object)
{
  QmChairConsole *self = QM_CHAIR_CONSOLE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->save_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->save_dialog, self);
      gtk_native_dialog_destroy (self->save_dialog);
      g_clear_object (&self->save_dialog);
    }
  if (self->speakers_control != NULL)
    g_settings_unbind (self->speakers_control, "limit");
  g_clear_object (&self->session);
  g_clear_object (&self->live);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (qm_chair_console_parent_class)->dispose (object);
}

static void
qm_chair_console_finalize (GObject *object)
{
  QmChairConsole *self = QM_CHAIR_CONSOLE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->participant_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (qm_chair_console_parent_class)->finalize (object);
}

static void
qm_chair_console_class_init (QmChairConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_chair_console_dispose;
  object_class->finalize = qm_chair_console_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-chair-console.ui");
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, title);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, sections);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, quorum_row);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, quorum_icon);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, quorum_count);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, presenter_row);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, take_back_button);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, hand_over_button);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, hand_over_popover);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, hand_over_list);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, participants_row);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, vote_slot);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, speakers_slot);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, minutes_spinner);
  gtk_widget_class_bind_template_child (widget_class, QmChairConsole, minutes_button);

  gtk_widget_class_bind_template_callback (widget_class, hand_over_activated_cb);

  gtk_widget_class_install_action (widget_class, "console.make-presenter", "x", make_presenter_action);
  gtk_widget_class_install_action (widget_class, "console.download-minutes", NULL, download_minutes_action);
}

static void
qm_chair_console_init (QmChairConsole *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->participant_rows = g_ptr_array_new ();

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_prepend (self->sections, GTK_WIDGET (self->error_label));

  {
    GtkWidget *placeholder = gtk_label_new (_("No one else is online"));

    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_widget_set_margin_top (placeholder, 12);
    gtk_widget_set_margin_bottom (placeholder, 12);
    gtk_list_box_set_placeholder (self->hand_over_list, placeholder);
  }
}
