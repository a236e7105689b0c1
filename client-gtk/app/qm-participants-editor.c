/* qm-participants-editor.c: participants, their meeting roles and proxies,
 * each change sent to the server as it is made; the server's meeting is
 * read back after each so that the proxies a change ends disappear too.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-participants-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qm-client-error.h"
#include "qm-meeting-editor-private.h"
#include "qm-participants-editor.h"

struct _QmParticipantsEditor
{
  AdwBin                parent_instance;

  GtkListBox           *participants_list;
  GtkListBox           *proxies_list;
  GtkWidget            *add_button;
  GtkPopover           *add_popover;
  GtkEditable          *search_entry;
  GtkListBox           *accounts_list;
  GtkLabel             *accounts_status;
  AdwComboRow          *member_row;
  AdwComboRow          *holder_row;
  GtkWidget            *add_proxy_button;

  QmMeetingEditorQueue *queue;
  GCancellable         *cancellable;
  GPtrArray            *participants;    /* of QmParticipant */
  GPtrArray            *accounts;        /* of QmUser; NULL until they come */
  gboolean              accounts_loaded;
  GHashTable           *participant_rows; /* user id → AdwComboRow */
  GArray               *member_ids;      /* ids behind member_row's entries */
  GArray               *holder_ids;      /* ids behind holder_row's entries */
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (QmParticipantsEditor, qm_participants_editor, ADW_TYPE_BIN)

/* Meeting roles in the order of the role lists. */
static const QmMeetingRole roles[] = {
  QM_MEETING_ROLE_CHAIR,
  QM_MEETING_ROLE_SECRETARY,
  QM_MEETING_ROLE_DELEGATE,
  QM_MEETING_ROLE_OBSERVER,
};

static const QmParticipant *
find_participant (QmParticipantsEditor *self,
                  gint64                user_id)
{
  for (guint i = 0; self->participants != NULL && i < self->participants->len; i++)
    {
      const QmParticipant *participant = g_ptr_array_index (self->participants, i);

      if (participant->user_id == user_id)
        return participant;
    }
  return NULL;
}

static const QmUser *
find_account (QmParticipantsEditor *self,
              gint64                user_id)
{
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      const QmUser *user = g_ptr_array_index (self->accounts, i);

      if (user->id == user_id)
        return user;
    }
  return NULL;
}

static const char *
name_of (QmParticipantsEditor *self,
         gint64                user_id)
{
  const QmParticipant *participant = find_participant (self, user_id);
  const QmUser *user;

  if (participant != NULL)
    return participant->display_name;
  user = find_account (self, user_id);
  return user != NULL ? user->display_name : "";
}

/* Refusals that need more than the generic words. */
static void
toast_refusal (QmParticipantsEditor *self,
               const char           *what,
               const GError         *error,
               const char           *conflict_text)
{
  g_autofree char *text = NULL;

  if (conflict_text != NULL && g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
    {
      g_autofree char *escaped = NULL;

      text = g_strdup_printf (_("%s: %s"), what, conflict_text);
      escaped = g_markup_escape_text (text, -1);
      _qm_meeting_editor_toast (GTK_WIDGET (self), adw_toast_new (escaped));
      return;
    }
  _qm_meeting_editor_toast_error (GTK_WIDGET (self), what, error);
}

static void sync_participants (QmParticipantsEditor *self);

static void
reload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QmParticipantsEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmMeeting) meeting = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body != NULL)
    meeting = _qm_meeting_editor_parse (body, (gpointer) qm_meeting_parse, &error);
  if (meeting == NULL || meeting->participants == NULL)
    {
      if (error != NULL)
        _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not reload the participants"),
                                        error);
      return;
    }
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  self->participants = g_steal_pointer (&meeting->participants);
  sync_participants (self);
}

/* After every change: the participants as the server has them. */
static void
reload (QmParticipantsEditor *self)
{
  qm_meeting_editor_queue_request (self->queue, "GET", "", NULL, self->cancellable,
                                   reload_done, self);
}

typedef struct
{
  QmParticipantsEditor *self;
  char                 *what;
  const char           *conflict_text;
} Change;

static void
change_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Change *change = user_data;
  QmParticipantsEditor *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (body == NULL)
        toast_refusal (self, change->what, error, change->conflict_text);
      /* A refused change shows the server's state again, too. */
      reload (self);
    }
  g_free (change->what);
  g_free (change);
}

static void
send_change (QmParticipantsEditor *self,
             const char           *method,
             const char           *path,
             const char           *json,
             const char           *what,
             const char           *conflict_text)
{
  Change *change = g_new0 (Change, 1);

  change->self = self;
  change->what = g_strdup (what);
  change->conflict_text = conflict_text;
  qm_meeting_editor_queue_request (self->queue, method, path, json, self->cancellable,
                                   change_done, change);
}

void
qm_participants_editor_add (QmParticipantsEditor *self,
                            gint64                user_id,
                            QmMeetingRole         role)
{
  qm_participants_editor_set_role (self, user_id, role);
}

void
qm_participants_editor_set_role (QmParticipantsEditor *self,
                                 gint64                user_id,
                                 QmMeetingRole         role)
{
  g_autoptr(QmParticipantPut) put = qm_participant_put_new ();
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (QM_IS_PARTICIPANTS_EDITOR (self));
  g_return_if_fail (self->queue != NULL);
  g_return_if_fail (role != QM_MEETING_ROLE_NONE);

  put->role = role;
  json = qm_participant_put_serialize (put, NULL);
  path = g_strdup_printf ("/participants/%" G_GINT64_FORMAT, user_id);
  send_change (self, "PUT", path, json, _("Could not change the participant"),
               _("A meeting needs at least one secretary."));
}

void
qm_participants_editor_remove (QmParticipantsEditor *self,
                               gint64                user_id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (QM_IS_PARTICIPANTS_EDITOR (self));
  g_return_if_fail (self->queue != NULL);

  path = g_strdup_printf ("/participants/%" G_GINT64_FORMAT, user_id);
  send_change (self, "DELETE", path, NULL, _("Could not remove the participant"),
               _("A meeting needs at least one secretary."));
}

void
qm_participants_editor_set_proxy (QmParticipantsEditor *self,
                                  gint64                member,
                                  gint64                holder)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (QM_IS_PARTICIPANTS_EDITOR (self));
  g_return_if_fail (self->queue != NULL);

  path = g_strdup_printf ("/proxies/%" G_GINT64_FORMAT, member);
  if (holder == 0)
    {
      send_change (self, "DELETE", path, NULL, _("Could not end the proxy"), NULL);
      return;
    }
  {
    g_autoptr(QmProxyPut) put = qm_proxy_put_new ();

    put->holder = holder;
    json = qm_proxy_put_serialize (put, NULL);
  }
  send_change (self, "PUT", path, json, _("Could not add the proxy"),
               _("Proxies cannot be passed on, and each member may hold only a limited number of them."));
}

static void
role_selected_cb (AdwComboRow          *row,
                  GParamSpec           *pspec,
                  QmParticipantsEditor *self)
{
  gint64 user_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "qm-user-id"));
  guint selected = adw_combo_row_get_selected (row);
  const QmParticipant *participant = find_participant (self, user_id);

  if (self->syncing || selected >= G_N_ELEMENTS (roles) || participant == NULL
      || participant->role == roles[selected])
    return;
  qm_participants_editor_set_role (self, user_id, roles[selected]);
}

static void
remove_clicked_cb (GtkButton            *button,
                   QmParticipantsEditor *self)
{
  qm_participants_editor_remove (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button),
                                                                            "qm-user-id")));
}

static void
end_proxy_clicked_cb (GtkButton            *button,
                      QmParticipantsEditor *self)
{
  qm_participants_editor_set_proxy (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button),
                                                                               "qm-user-id")), 0);
}

static GtkWidget *
participant_row_new (QmParticipantsEditor *self,
                     gint64                user_id)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (model, _qm_meeting_role_label (roles[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "qm-user-id", GSIZE_TO_POINTER (user_id));
  g_signal_connect (row, "notify::selected", G_CALLBACK (role_selected_cb), self);

  gtk_widget_set_tooltip_text (remove, _("Remove From Meeting"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (remove, 44, 44);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "qm-user-id", GSIZE_TO_POINTER (user_id));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
update_participant_row (QmParticipantsEditor *self,
                        AdwComboRow          *row,
                        const QmParticipant  *participant)
{
  const QmUser *account = find_account (self, participant->user_id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), participant->display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), account != NULL ? account->username : "");
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] == participant->role)
      adw_combo_row_set_selected (row, i);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
sync_proxies (QmParticipantsEditor *self)
{
  g_autoptr(GtkStringList) members = gtk_string_list_new (NULL);

  clear_list (self->proxies_list);
  g_array_set_size (self->member_ids, 0);

  for (guint i = 0; i < self->participants->len; i++)
    {
      const QmParticipant *participant = g_ptr_array_index (self->participants, i);
      gboolean holds = FALSE;

      if (!qm_meeting_role_is_voting (participant->role))
        continue;
      for (guint j = 0; j < self->participants->len; j++)
        holds |= ((QmParticipant *) g_ptr_array_index (self->participants, j))->proxy_holder
                 == participant->user_id;

      if (participant->proxy_holder != 0)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *end = gtk_button_new_from_icon_name ("edit-delete-symbolic");
          g_autofree char *subtitle =
            /* TRANSLATORS: under a member's name: who casts their votes */
            g_strdup_printf (_("Votes cast by %s"), name_of (self, participant->proxy_holder));

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), participant->display_name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_tooltip_text (end, _("End Proxy"));
          gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
          gtk_widget_set_size_request (end, 44, 44);
          gtk_widget_add_css_class (end, "flat");
          g_object_set_data (G_OBJECT (end), "qm-user-id", GSIZE_TO_POINTER (participant->user_id));
          g_signal_connect (end, "clicked", G_CALLBACK (end_proxy_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), end);
          gtk_list_box_append (self->proxies_list, row);
        }
      /* Proxies do not chain: a member who holds one cannot give theirs. */
      if (!holds)
        {
          g_array_append_val (self->member_ids, participant->user_id);
          gtk_string_list_append (members, participant->display_name);
        }
    }

  adw_combo_row_set_model (self->member_row, G_LIST_MODEL (members));
  gtk_widget_set_sensitive (GTK_WIDGET (self->member_row), self->member_ids->len > 0);
}

static void
member_selected_cb (QmParticipantsEditor *self)
{
  g_autoptr(GtkStringList) holders = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (self->member_row);
  gint64 member = selected < self->member_ids->len ? g_array_index (self->member_ids, gint64, selected) : 0;

  g_array_set_size (self->holder_ids, 0);
  for (guint i = 0; self->participants != NULL && i < self->participants->len; i++)
    {
      const QmParticipant *participant = g_ptr_array_index (self->participants, i);

      /* A holder is another voting member who has not given theirs away. */
      if (!qm_meeting_role_is_voting (participant->role) || participant->user_id == member
          || participant->proxy_holder != 0)
        continue;
      g_array_append_val (self->holder_ids, participant->user_id);
      gtk_string_list_append (holders, participant->display_name);
    }
  adw_combo_row_set_model (self->holder_row, G_LIST_MODEL (holders));
  gtk_widget_set_sensitive (GTK_WIDGET (self->holder_row), self->holder_ids->len > 0);
  gtk_widget_set_sensitive (self->add_proxy_button, member != 0 && self->holder_ids->len > 0);
}

static void
add_proxy_clicked_cb (QmParticipantsEditor *self)
{
  guint member = adw_combo_row_get_selected (self->member_row);
  guint holder = adw_combo_row_get_selected (self->holder_row);

  if (member >= self->member_ids->len || holder >= self->holder_ids->len)
    return;
  qm_participants_editor_set_proxy (self, g_array_index (self->member_ids, gint64, member),
                                    g_array_index (self->holder_ids, gint64, holder));
}

static gboolean
account_matches (const QmUser *user,
                 const char   *search)
{
  g_autofree char *name = NULL;
  g_autofree char *folded_search = NULL;

  if (search == NULL || search[0] == '\0')
    return TRUE;
  name = g_utf8_casefold (user->display_name, -1);
  folded_search = g_utf8_casefold (search, -1);
  return strstr (name, folded_search) != NULL || strstr (user->username, search) != NULL;
}

static void
sync_accounts (QmParticipantsEditor *self)
{
  const char *search = gtk_editable_get_text (self->search_entry);
  guint shown = 0;

  clear_list (self->accounts_list);
  for (guint i = 0; self->accounts != NULL && i < self->accounts->len; i++)
    {
      const QmUser *user = g_ptr_array_index (self->accounts, i);
      GtkWidget *row;

      if (find_participant (self, user->id) != NULL || !account_matches (user, search))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->display_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), user->username);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "qm-user-id", GSIZE_TO_POINTER (user->id));
      gtk_list_box_append (self->accounts_list, row);
      shown++;
    }

  if (!self->accounts_loaded)
    gtk_label_set_text (self->accounts_status, _("Loading accounts…"));
  else if (self->accounts == NULL)
    gtk_label_set_text (self->accounts_status,
                        _("Only secretaries and administrators may see the list of accounts."));
  else if (shown == 0 && search[0] != '\0')
    gtk_label_set_text (self->accounts_status, _("No account matches the search."));
  else if (shown == 0)
    gtk_label_set_text (self->accounts_status, _("Every account already takes part."));
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_status), shown == 0);
}

static void
search_changed_cb (QmParticipantsEditor *self)
{
  sync_accounts (self);
}

static void
account_activated_cb (QmParticipantsEditor *self,
                      GtkListBoxRow        *row)
{
  gint64 user_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "qm-user-id"));

  /* Added as a delegate, the common case; the role is one tap away after. */
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
  qm_participants_editor_add (self, user_id, QM_MEETING_ROLE_DELEGATE);
}

static void
sync_participants (QmParticipantsEditor *self)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer key, value;

  self->syncing = TRUE;
  for (guint i = 0; i < self->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (self->participants, i);
      AdwComboRow *row = g_hash_table_lookup (self->participant_rows, &participant->user_id);

      if (row == NULL)
        {
          gint64 *key_id = g_new (gint64, 1);

          *key_id = participant->user_id;
          row = ADW_COMBO_ROW (participant_row_new (self, participant->user_id));
          g_hash_table_insert (self->participant_rows, key_id, row);
          gtk_list_box_append (self->participants_list, GTK_WIDGET (row));
        }
      update_participant_row (self, row, participant);
      g_hash_table_add (kept, &participant->user_id);
    }
  g_hash_table_iter_init (&iter, self->participant_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (kept, key))
      {
        gtk_list_box_remove (self->participants_list, value);
        g_hash_table_iter_remove (&iter);
      }
  self->syncing = FALSE;

  sync_proxies (self);
  member_selected_cb (self);
  sync_accounts (self);
}

static void
accounts_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  QmParticipantsEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = qm_session_request_finish (QM_SESSION (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->accounts_loaded = TRUE;
  if (body != NULL)
    self->accounts = _qm_meeting_editor_parse (body, (gpointer) qm_user_list_parse, &error);
  if (self->accounts == NULL && !g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN))
    _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not load the accounts"), error);
  sync_participants (self);
}

void
qm_participants_editor_clear (QmParticipantsEditor *self)
{
  g_return_if_fail (QM_IS_PARTICIPANTS_EDITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->queue);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts_loaded = FALSE;
  g_hash_table_remove_all (self->participant_rows);
  clear_list (self->participants_list);
  clear_list (self->proxies_list);
  clear_list (self->accounts_list);
  gtk_editable_set_text (self->search_entry, "");
}

void
qm_participants_editor_load (QmParticipantsEditor *self,
                             QmMeetingEditorQueue *queue,
                             GPtrArray            *participants)
{
  g_return_if_fail (QM_IS_PARTICIPANTS_EDITOR (self));
  g_return_if_fail (QM_IS_MEETING_EDITOR_QUEUE (queue));
  g_return_if_fail (participants != NULL);

  qm_participants_editor_clear (self);
  self->queue = g_object_ref (queue);
  self->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
  for (guint i = 0; i < participants->len; i++)
    g_ptr_array_add (self->participants, qm_participant_copy (g_ptr_array_index (participants, i)));
  sync_participants (self);

  qm_session_request_async (qm_meeting_editor_queue_get_session (queue), "GET", "/api/v1/users",
                            NULL, self->cancellable, accounts_done, self);
}

GPtrArray *
qm_participants_editor_get_participants (QmParticipantsEditor *self)
{
  g_return_val_if_fail (QM_IS_PARTICIPANTS_EDITOR (self), NULL);
  return self->participants;
}

gboolean
qm_participants_editor_get_accounts_loaded (QmParticipantsEditor *self)
{
  g_return_val_if_fail (QM_IS_PARTICIPANTS_EDITOR (self), FALSE);
  return self->accounts_loaded;
}

static void
qm_participants_editor_dispose (GObject *object)
{
  QmParticipantsEditor *self = QM_PARTICIPANTS_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  /* A named direct child would be unparented behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_PARTICIPANTS_EDITOR);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (qm_participants_editor_parent_class)->dispose (object);
}

static void
qm_participants_editor_finalize (GObject *object)
{
  QmParticipantsEditor *self = QM_PARTICIPANTS_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->participant_rows);
  g_array_unref (self->member_ids);
  g_array_unref (self->holder_ids);

  G_OBJECT_CLASS (qm_participants_editor_parent_class)->finalize (object);
}

static void
qm_participants_editor_class_init (QmParticipantsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_participants_editor_dispose;
  object_class->finalize = qm_participants_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/vn/quorum/Quorum/qm-participants-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, participants_list);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, proxies_list);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, add_popover);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, accounts_status);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, member_row);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, holder_row);
  gtk_widget_class_bind_template_child (widget_class, QmParticipantsEditor, add_proxy_button);
  gtk_widget_class_bind_template_callback (widget_class, member_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_proxy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
}

static void
qm_participants_editor_init (QmParticipantsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->participant_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->holder_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}
