/* qm-meeting-editor.c: the meeting editor page — loading a meeting (or
 * starting a new one), its details form with validation and Save, and the
 * tabs and board book around it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meeting-editor.h"
#include "qm-meeting-editor-private.h"
#include "qm-meeting-editor-queue.h"

/* A new meeting starts tomorrow at this hour. */
#define DEFAULT_HOUR 8

struct _QmMeetingEditor
{
  AdwBin                parent_instance;

  AdwToastOverlay      *toasts;
  GtkStack             *views;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  GtkWidget            *book_button;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *participants_page;
  AdwViewStackPage     *agenda_page;
  AdwEntryRow          *title_row;
  GtkMenuButton        *date_button;
  GtkCalendar          *calendar;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;
  AdwEntryRow          *location_row;
  GtkSwitch            *quorum_switch;
  GtkLabel             *error_label;
  GtkWidget            *save_button;
  GtkWidget            *next_steps_label;
  QmParticipantsEditor *participants_editor;
  QmAgendaEditor       *agenda_editor;
  QmMeetingEditorBook  *book;

  QmSession            *session;
  QmDocumentCache      *cache;
  QmUploader           *uploader;
  QmMeetingEditorQueue *queue;
  GCancellable         *cancellable;
  gint64                meeting_id;
  QmMeeting            *meeting;      /* details as the server has them */
  gboolean              loading;
  gboolean              saving;
  gboolean              filling;      /* setting the fields, not the user */
  gboolean              leave_when_idle;
};

G_DEFINE_FINAL_TYPE (QmMeetingEditor, qm_meeting_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MEETING_ID,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_busy (QmMeetingEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The chosen day and time, in this device's time zone. */
static GDateTime *
get_starts_at (QmMeetingEditor *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  return g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin), 0);
}

static char *
format_starts_at (GDateTime *time)
{
  /* RFC 3339 with the offset, as the meeting is "08:00 in Hà Nội". */
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Whether the form differs from the meeting as saved. */
static gboolean
details_changed (QmMeetingEditor *self)
{
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GDateTime) starts_at = NULL;
  g_autoptr(GDateTime) saved = NULL;

  if (self->meeting == NULL)
    return TRUE;
  title = stripped_text (self->title_row);
  location = stripped_text (self->location_row);
  starts_at = get_starts_at (self);
  saved = qm_time_parse_rfc3339 (self->meeting->starts_at);
  return g_strcmp0 (title, self->meeting->title) != 0
         || g_strcmp0 (location, self->meeting->location) != 0
         || saved == NULL
         || g_date_time_to_unix (starts_at) / 60 != g_date_time_to_unix (saved) / 60
         || gtk_switch_get_active (self->quorum_switch) != self->meeting->require_quorum;
}

static void
update_header (QmMeetingEditor *self)
{
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *subtitle = NULL;

  if (self->meeting == NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("New Meeting"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      return;
    }
  saved = qm_time_parse_rfc3339 (self->meeting->starts_at);
  if (saved != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (saved);
      g_autofree char *day = _qm_format_day (local);
      g_autofree char *time = g_date_time_format (local, "%H:%M");

      /* TRANSLATORS: when a meeting starts: "Tuesday, 1 December 2026, 08:00" */
      subtitle = g_strdup_printf (_("%s, %s"), day, time);
    }
  adw_view_switcher_title_set_title (self->switcher_title, self->meeting->title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
}

static void
update_save_state (QmMeetingEditor *self)
{
  gboolean is_new = self->meeting == NULL;

  gtk_button_set_label (GTK_BUTTON (self->save_button),
                        is_new ? _("_Create Meeting") : _("_Save Changes"));
  gtk_widget_set_visible (self->next_steps_label, is_new);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 !self->saving && self->session != NULL
                                 && (is_new || details_changed (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-book", !is_new);
  gtk_widget_set_visible (self->book_button, !is_new);
  /* One tab is no choice: no switcher bar for a new meeting. (Changing
   * the pages under a revealed bar also upsets libadwaita 1.2's layout.) */
  gtk_widget_set_visible (self->switcher_bar, !is_new);
  adw_view_stack_page_set_visible (self->participants_page, !is_new);
  adw_view_stack_page_set_visible (self->agenda_page, !is_new);
}

static void
set_error (QmMeetingEditor *self,
           const char      *text,
           GtkWidget       *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->location_row), "error");
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
field_changed_cb (QmMeetingEditor *self)
{
  if (self->filling)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    set_error (self, NULL, NULL);
  update_save_state (self);
}

static void
update_date_label (QmMeetingEditor *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *label = _qm_format_day (day);

  gtk_menu_button_set_label (self->date_button, label);
}

static void
day_selected_cb (QmMeetingEditor *self)
{
  update_date_label (self);
  field_changed_cb (self);
}

static gboolean
spin_output_cb (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Puts meeting's details in the form, or a new meeting's defaults. */
static void
fill_details (QmMeetingEditor *self)
{
  g_autoptr(GDateTime) starts_at = NULL;

  if (self->meeting != NULL)
    {
      g_autoptr(GDateTime) saved = qm_time_parse_rfc3339 (self->meeting->starts_at);

      if (saved != NULL)
        starts_at = g_date_time_to_local (saved);
    }
  if (starts_at == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

      starts_at = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                         g_date_time_get_month (tomorrow),
                                         g_date_time_get_day_of_month (tomorrow),
                                         DEFAULT_HOUR, 0, 0);
    }

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         self->meeting != NULL ? self->meeting->title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->location_row),
                         self->meeting != NULL ? self->meeting->location : "");
  gtk_switch_set_active (self->quorum_switch,
                         self->meeting != NULL && self->meeting->require_quorum);
  gtk_calendar_select_day (self->calendar, starts_at);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (starts_at));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (starts_at));
  self->filling = FALSE;

  update_date_label (self);
  set_error (self, NULL, NULL);
  update_header (self);
  update_save_state (self);
}

static void
agenda_changed_cb (QmMeetingEditor *self)
{
  g_autoptr(GPtrArray) items = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "book") != 0)
    return;
  items = qm_agenda_editor_get_items (self->agenda_editor);
  qm_meeting_editor_book_show (self->book, self->cache, self->meeting->title, items);
}

static void leave (QmMeetingEditor *self);

static void
queue_busy_cb (QmMeetingEditor *self)
{
  notify_busy (self);
  if (self->leave_when_idle && !qm_meeting_editor_queue_get_busy (self->queue))
    leave (self);
}

/* The meeting exists on the server: everything can be edited. */
static void
show_meeting (QmMeetingEditor *self,
              QmMeeting       *meeting)
{
  g_autoptr(GPtrArray) no_participants = g_ptr_array_new ();

  g_clear_pointer (&self->meeting, qm_meeting_free);
  self->meeting = meeting;
  if (self->meeting_id != meeting->id)
    {
      self->meeting_id = meeting->id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEETING_ID]);
    }
  if (self->queue == NULL)
    {
      self->queue = qm_meeting_editor_queue_new (self->session, meeting->id);
      g_signal_connect_swapped (self->queue, "notify::busy", G_CALLBACK (queue_busy_cb), self);
    }

  fill_details (self);
  qm_participants_editor_load (self->participants_editor, self->queue,
                               meeting->participants != NULL ? meeting->participants
                                                             : no_participants);
  qm_agenda_editor_load (self->agenda_editor, self->queue, self->uploader, meeting->agenda);
  gtk_stack_set_visible_child_name (self->views, "editor");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  QmMeetingEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  QmMeeting *meeting;

  meeting = qm_session_get_meeting_finish (QM_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  notify_busy (self);
  if (meeting == NULL)
    {
      adw_status_page_set_description (self->error_page, _qm_meeting_editor_error_text (error));
      gtk_stack_set_visible_child_name (self->views, "error");
      return;
    }
  show_meeting (self, meeting);
}

static void
load (QmMeetingEditor *self)
{
  self->loading = TRUE;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->views, "loading");
  notify_busy (self);
  qm_session_get_meeting_async (self->session, self->meeting_id, self->cancellable,
                                loaded_cb, self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QmMeetingEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  gboolean created = self->meeting == NULL;

  if (QM_IS_SESSION (source))
    body = qm_session_request_finish (QM_SESSION (source), result, NULL, &error);
  else
    body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  notify_busy (self);
  if (body != NULL)
    meeting = _qm_meeting_editor_parse (body, (gpointer) qm_meeting_parse, &error);
  if (meeting == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the meeting: %s"),
                                               _qm_meeting_editor_error_text (error));

      set_error (self, text, NULL);
      update_save_state (self);
      return;
    }

  if (created)
    {
      show_meeting (self, g_steal_pointer (&meeting));
      _qm_meeting_editor_toast (GTK_WIDGET (self->view_stack),
                                adw_toast_new (_("Meeting created. Now add its participants and agenda.")));
      return;
    }
  /* Only the details: the tabs keep what they show. */
  g_free (self->meeting->title);
  self->meeting->title = g_strdup (meeting->title);
  g_free (self->meeting->starts_at);
  self->meeting->starts_at = g_strdup (meeting->starts_at);
  g_free (self->meeting->location);
  self->meeting->location = g_strdup (meeting->location);
  self->meeting->require_quorum = meeting->require_quorum;
  update_header (self);
  update_save_state (self);
  _qm_meeting_editor_toast (GTK_WIDGET (self->view_stack), adw_toast_new (_("Changes saved")));
}

/* The form's problem, if any, said and shown on its row. */
static gboolean
validate (QmMeetingEditor *self)
{
  g_autofree char *title = stripped_text (self->title_row);
  g_autofree char *location = stripped_text (self->location_row);

  if (title[0] == '\0')
    {
      set_error (self, _("Enter the meeting’s title."), GTK_WIDGET (self->title_row));
      return FALSE;
    }
  if (g_utf8_strlen (title, -1) > QM_MAX_TITLE_CHARS)
    {
      set_error (self, _("The title is too long (at most 300 characters)."),
                 GTK_WIDGET (self->title_row));
      return FALSE;
    }
  if (g_utf8_strlen (location, -1) > QM_MAX_LOCATION_CHARS)
    {
      set_error (self, _("The place is too long (at most 300 characters)."),
                 GTK_WIDGET (self->location_row));
      return FALSE;
    }
  set_error (self, NULL, NULL);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (widget);
  g_autoptr(GDateTime) starts_at = NULL;
  g_autofree char *json = NULL;

  if (self->session == NULL || self->saving || !validate (self))
    return;
  starts_at = get_starts_at (self);

  if (self->meeting == NULL)
    {
      g_autoptr(QmMeetingCreate) create = qm_meeting_create_new ();

      create->title = stripped_text (self->title_row);
      create->starts_at = format_starts_at (starts_at);
      create->location = stripped_text (self->location_row);
      json = qm_meeting_create_serialize (create, NULL);
      qm_session_request_async (self->session, "POST", "/api/v1/meetings", json,
                                self->cancellable, saved_cb, self);
    }
  else
    {
      g_autoptr(QmMeetingPatch) patch = qm_meeting_patch_new ();
      g_autofree char *title = stripped_text (self->title_row);
      g_autofree char *location = stripped_text (self->location_row);
      g_autoptr(GDateTime) saved = qm_time_parse_rfc3339 (self->meeting->starts_at);

      if (!details_changed (self))
        return;
      /* Only what changed, so that a meeting's own offset stays as given
       * when only its title is corrected. */
      if (g_strcmp0 (title, self->meeting->title) != 0)
        patch->title = g_steal_pointer (&title);
      if (g_strcmp0 (location, self->meeting->location) != 0)
        patch->location = g_steal_pointer (&location);
      if (saved == NULL || g_date_time_to_unix (starts_at) / 60 != g_date_time_to_unix (saved) / 60)
        patch->starts_at = format_starts_at (starts_at);
      if (gtk_switch_get_active (self->quorum_switch) != self->meeting->require_quorum)
        {
          patch->has_require_quorum = TRUE;
          patch->require_quorum = gtk_switch_get_active (self->quorum_switch);
        }
      json = qm_meeting_patch_serialize (patch, NULL);
      qm_meeting_editor_queue_request (self->queue, "PATCH", "", json, self->cancellable,
                                       saved_cb, self);
    }
  self->saving = TRUE;
  update_save_state (self);
  notify_busy (self);
}

static void
entry_activated_cb (QmMeetingEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
leave (QmMeetingEditor *self)
{
  qm_meeting_editor_close (self);
  /* The window's page switch; a lone editor (in tests) has none. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-meetings", NULL);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   QmMeetingEditor  *self)
{
  if (g_strcmp0 (response, "leave") == 0)
    leave (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (widget);
  gboolean uploading = qm_agenda_editor_get_uploading (self->agenda_editor);
  gboolean unsaved = g_strcmp0 (gtk_stack_get_visible_child_name (self->views), "editor") == 0
                     && self->meeting != NULL && details_changed (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (!uploading && !unsaved)
    {
      /* Changes on their way go first: leaving would cancel them. */
      if (self->queue != NULL && qm_meeting_editor_queue_get_busy (self->queue))
        {
          self->leave_when_idle = TRUE;
          /* (Focus leaves first: GtkText warns when made insensitive while focused.) */
          if (root != NULL)
            gtk_root_set_focus (root, NULL);
          gtk_widget_set_sensitive (GTK_WIDGET (self->views), FALSE);
          return;
        }
      leave (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Leave the Meeting Editor?"),
                                   uploading ? _("Files are still being uploaded; leaving cancels them.")
                                             : _("The changes to the meeting’s details have not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "stay", _("_Stay"),
                                    "leave", _("_Leave"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (widget);

  if (self->session != NULL && self->meeting_id > 0)
    load (self);
}

static void
show_book_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (widget);
  g_autoptr(GPtrArray) items = NULL;

  if (self->meeting == NULL)
    return;
  items = qm_agenda_editor_get_items (self->agenda_editor);
  qm_meeting_editor_book_show (self->book, self->cache, self->meeting->title, items);
  gtk_stack_set_visible_child_name (self->views, "book");
}

static void
book_close_cb (QmMeetingEditor *self)
{
  gtk_stack_set_visible_child_name (self->views, "editor");
}

static void
uploads_changed_cb (QmMeetingEditor *self)
{
  notify_busy (self);
}

void
qm_meeting_editor_open (QmMeetingEditor *self,
                        QmSession       *session,
                        QmDocumentCache *cache,
                        gint64           meeting_id)
{
  g_return_if_fail (QM_IS_MEETING_EDITOR (self));
  g_return_if_fail (QM_IS_SESSION (session));
  g_return_if_fail (QM_IS_DOCUMENT_CACHE (cache));
  g_return_if_fail (meeting_id >= 0);

  qm_meeting_editor_close (self);
  g_set_object (&self->cache, cache);
  if (self->session != session)
    {
      g_set_object (&self->session, session);
      if (self->uploader != NULL)
        g_signal_handlers_disconnect_by_data (self->uploader, self);
      g_clear_object (&self->uploader);
      self->uploader = qm_uploader_new (session);
      g_signal_connect_swapped (self->uploader, "notify::n-pending",
                                G_CALLBACK (uploads_changed_cb), self);
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "details");
  if (meeting_id == 0)
    {
      fill_details (self);
      gtk_stack_set_visible_child_name (self->views, "editor");
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return;
    }
  self->meeting_id = meeting_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEETING_ID]);
  load (self);
}

void
qm_meeting_editor_close (QmMeetingEditor *self)
{
  g_return_if_fail (QM_IS_MEETING_EDITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->saving = FALSE;
  self->leave_when_idle = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->views), TRUE);
  gtk_spinner_stop (self->spinner);

  qm_agenda_editor_clear (self->agenda_editor);
  qm_participants_editor_clear (self->participants_editor);
  qm_meeting_editor_book_clear (self->book);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->meeting, qm_meeting_free);
  if (self->meeting_id != 0)
    {
      self->meeting_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEETING_ID]);
    }
  gtk_stack_set_visible_child_name (self->views, "loading");
  update_save_state (self);
  notify_busy (self);
}

gint64
qm_meeting_editor_get_meeting_id (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), 0);
  return self->meeting_id;
}

const QmMeeting *
qm_meeting_editor_get_meeting (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->meeting;
}

gboolean
qm_meeting_editor_get_busy (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), FALSE);

  return self->loading || self->saving
         || (self->queue != NULL && qm_meeting_editor_queue_get_busy (self->queue))
         || (self->uploader != NULL && qm_uploader_get_n_pending (self->uploader) > 0);
}

const char *
qm_meeting_editor_get_view_name (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return gtk_stack_get_visible_child_name (self->views);
}

QmUploader *
qm_meeting_editor_get_uploader (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->uploader;
}

AdwEntryRow *
qm_meeting_editor_get_title_row (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->title_row;
}

AdwEntryRow *
qm_meeting_editor_get_location_row (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->location_row;
}

GtkCalendar *
qm_meeting_editor_get_calendar (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->calendar;
}

GtkSpinButton *
qm_meeting_editor_get_hour_spin (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->hour_spin;
}

GtkSpinButton *
qm_meeting_editor_get_minute_spin (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->minute_spin;
}

GtkLabel *
qm_meeting_editor_get_error_label (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->error_label;
}

AdwViewStack *
qm_meeting_editor_get_view_stack (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->view_stack;
}

QmAgendaEditor *
qm_meeting_editor_get_agenda_editor (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->agenda_editor;
}

QmParticipantsEditor *
qm_meeting_editor_get_participants_editor (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->participants_editor;
}

QmMeetingEditorBook *
qm_meeting_editor_get_book (QmMeetingEditor *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR (self), NULL);
  return self->book;
}

static void
qm_meeting_editor_dispose (GObject *object)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  if (self->uploader != NULL)
    g_signal_handlers_disconnect_by_data (self->uploader, self);
  /* A named direct child would be unparented behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_MEETING_EDITOR);
  g_clear_object (&self->queue);
  g_clear_object (&self->uploader);
  g_clear_object (&self->cache);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_meeting_editor_parent_class)->dispose (object);
}

static void
qm_meeting_editor_finalize (GObject *object)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->meeting, qm_meeting_free);

  G_OBJECT_CLASS (qm_meeting_editor_parent_class)->finalize (object);
}

static void
qm_meeting_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  QmMeetingEditor *self = QM_MEETING_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MEETING_ID:
      g_value_set_int64 (value, self->meeting_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, qm_meeting_editor_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_meeting_editor_class_init (QmMeetingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_meeting_editor_dispose;
  object_class->finalize = qm_meeting_editor_finalize;
  object_class->get_property = qm_meeting_editor_get_property;

  properties[PROP_MEETING_ID] =
    g_param_spec_int64 ("meeting-id", NULL, NULL, 0, QM_MAX_ID, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (QM_TYPE_PARTICIPANTS_EDITOR);
  g_type_ensure (QM_TYPE_AGENDA_EDITOR);
  g_type_ensure (QM_TYPE_MEETING_EDITOR_BOOK);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-meeting-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, toasts);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, views);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, error_page);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, book_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, participants_page);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, agenda_page);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, date_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, quorum_switch);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, next_steps_label);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, participants_editor);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, agenda_editor);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditor, book);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, agenda_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, book_close_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "editor.show-book", NULL, show_book_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
qm_meeting_editor_init (QmMeetingEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_save_state (self);
}
