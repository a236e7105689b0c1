/* qm-vote-control.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-vote-control"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-chair-private.h"
#include "qm-vote-control.h"

struct _QmVoteControl
{
  AdwBin            parent_instance;

  /* template */
  GtkStack         *stack;
  AdwEntryRow      *question_row;
  AdwComboRow      *item_row;
  GtkStringList    *item_names;
  AdwComboRow      *majority_row;
  GtkSwitch        *secret_switch;
  GtkLabel         *open_question;
  GtkLabel         *open_details;
  GtkLabel         *progress_label;
  GtkProgressBar   *progress_bar;
  GtkWidget        *close_button;
  GtkLabel         *result_question;
  GtkLabel         *verdict_label;
  QmVoteChart      *chart;
  GtkLabel         *result_details;
  GtkWidget        *roll_group;
  GtkListBox       *roll_list;
  GtkWidget        *new_button;
  GtkLabel         *error_label;

  QmMeetingModel   *model;
  QmLiveConnection *live;
  QmSession        *session;
  GCancellable     *cancellable;
  gboolean          can_manage;
  gboolean          in_flight;

  QmVote           *shown;          /* a copy: it outlives the model's list */
  gboolean          has_roll_call;
  GArray           *item_ids;       /* gint64 per item_names row; 0: none */
  AdwMessageDialog *confirmation;
};

enum
{
  PROP_0,
  PROP_CAN_MANAGE,
  PROP_HAS_ROLL_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmVoteControl, qm_vote_control, ADW_TYPE_BIN)

static void fetch_votes (QmVoteControl *self);

static const char *
majority_name (QmMajority majority)
{
  switch (majority)
    {
    case QM_MAJORITY_ABSOLUTE:
      return _("absolute majority");
    case QM_MAJORITY_TWO_THIRDS:
      return _("two-thirds majority");
    case QM_MAJORITY_SIMPLE:
    default:
      return _("simple majority");
    }
}

static const char *
choice_name (QmChoice choice)
{
  switch (choice)
    {
    case QM_CHOICE_YES:
      return C_("vote choice", "Yes");
    case QM_CHOICE_NO:
      return C_("vote choice", "No");
    case QM_CHOICE_ABSTAIN:
    default:
      return C_("vote choice", "Abstain");
    }
}

static const QmAgendaItem *
find_item (QmVoteControl *self,
           gint64         item_id)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);

  if (meeting == NULL || item_id == 0)
    return NULL;
  for (guint i = 0; i < meeting->agenda->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      if (item->id == item_id)
        return item;
    }
  return NULL;
}

/* "Named vote · simple majority · Item 2: Budget" */
static char *
describe_vote (QmVoteControl *self,
               const QmVote  *vote)
{
  const QmAgendaItem *item = find_item (self, vote->item);
  const char *kind = vote->secret ? _("Secret ballot") : _("Named vote");

  if (item != NULL)
    /* Translators: kind of vote · majority · "Item <n>: <title>" */
    return g_strdup_printf (_("%s · %s · Item %u: %s"),
                            kind, majority_name (vote->majority), (guint) item->position + 1, item->title);
  return g_strdup_printf ("%s · %s", kind, majority_name (vote->majority));
}

/* The form */

static gboolean
question_is_blank (QmVoteControl *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->question_row));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
update_actions (QmVoteControl *self)
{
  gboolean open = self->shown != NULL && self->shown->status == QM_VOTE_STATUS_OPEN;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.open",
                                 self->can_manage && !self->in_flight && !question_is_blank (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.close",
                                 self->can_manage && !self->in_flight && open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.new", self->can_manage && !open);
  gtk_widget_set_visible (self->close_button, self->can_manage);
  gtk_widget_set_visible (self->new_button, self->can_manage);
}

static void
form_changed_cb (QmVoteControl *self)
{
  update_actions (self);
}

static void
rebuild_items (QmVoteControl *self)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);
  guint selected = adw_combo_row_get_selected (self->item_row);
  gint64 selected_id = selected < self->item_ids->len ? g_array_index (self->item_ids, gint64, selected) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->item_names));
  gint64 none = 0;

  g_array_set_size (self->item_ids, 0);
  gtk_string_list_splice (self->item_names, 0, n, NULL);
  gtk_string_list_append (self->item_names, _("No agenda item"));
  g_array_append_val (self->item_ids, none);
  selected = 0;
  for (guint i = 0; meeting != NULL && i < meeting->agenda->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);
      g_autofree char *name = g_strdup_printf ("%u. %s", i + 1, item->title);

      gtk_string_list_append (self->item_names, name);
      g_array_append_val (self->item_ids, item->id);
      if (item->id == selected_id)
        selected = i + 1;
    }
  adw_combo_row_set_selected (self->item_row, selected);
}

/* The vote shown */

static GtkWidget *
ballot_row_new (QmVoteControl  *self,
                const QmBallot *ballot)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choice = gtk_label_new (choice_name (ballot->choice));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _qm_chair_name (self->model, ballot->user));
  if (ballot->by != 0 && ballot->by != ballot->user)
    {
      g_autofree char *by = g_strdup_printf (_("Cast by %s, holding the proxy"),
                                             _qm_chair_name (self->model, ballot->by));

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), by);
    }
  gtk_widget_add_css_class (choice, "heading");
  gtk_widget_add_css_class (choice, ballot->choice == QM_CHOICE_YES ? "success"
                                    : ballot->choice == QM_CHOICE_NO ? "error" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choice);
  return row;
}

static void
fill_roll_call (QmVoteControl *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->roll_list, 0)) != NULL)
    gtk_list_box_remove (self->roll_list, GTK_WIDGET (row));
  gtk_widget_set_visible (self->roll_group, self->shown != NULL && !self->shown->secret &&
                                            self->shown->ballots != NULL);
  if (self->shown == NULL || self->shown->ballots == NULL)
    return;
  for (guint i = 0; i < self->shown->ballots->len; i++)
    gtk_list_box_append (self->roll_list,
                         ballot_row_new (self, &g_array_index (self->shown->ballots, QmBallot, i)));
}

static void
set_has_roll_call (QmVoteControl *self,
                   gboolean       has_roll_call)
{
  if (self->has_roll_call == has_roll_call)
    return;
  self->has_roll_call = has_roll_call;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ROLL_CALL]);
}

static void
show_vote (QmVoteControl *self)
{
  const QmVote *vote = self->shown;
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;

  update_actions (self);
  if (vote == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, self->can_manage ? "compose" : "idle");
      return;
    }

  details = describe_vote (self, vote);
  if (vote->status == QM_VOTE_STATUS_OPEN)
    {
      gtk_label_set_label (self->open_question, vote->question);
      gtk_label_set_label (self->open_details, details);
      /* Translators: ballots cast out of the members who may vote, "17 / 23 cast" */
      text = g_strdup_printf (_("%u / %u cast"), (guint) vote->cast, (guint) vote->eligible);
      gtk_label_set_label (self->progress_label, text);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     vote->eligible > 0 ? (double) vote->cast / (double) vote->eligible : 0);
      gtk_stack_set_visible_child_name (self->stack, "open");
      return;
    }

  gtk_label_set_label (self->result_question, vote->question);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  if (vote->has_result)
    {
      gint64 absent = MAX (vote->result.eligible - vote->result.cast, 0);
      g_autofree char *counts = NULL;

      gtk_label_set_label (self->verdict_label, vote->result.passed ? _("Passed") : _("Not passed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label),
                                vote->result.passed ? "success" : "error");
      /* Translators: "17 of 23 members voted, 6 did not" */
      counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u of %u members voted, %u did not",
                                             "%u of %u members voted, %u did not",
                                             (gulong) absent),
                                (guint) vote->result.cast, (guint) vote->result.eligible, (guint) absent);
      text = g_strdup_printf ("%s\n%s", counts, details);
      qm_vote_chart_set_result (self->chart, &vote->result);
    }
  else
    {
      gtk_label_set_label (self->verdict_label, _("Closed"));
      text = g_strdup (details);
      qm_vote_chart_set_result (self->chart, NULL);
    }
  gtk_label_set_label (self->result_details, text);
  fill_roll_call (self);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void
set_shown (QmVoteControl *self,
           const QmVote  *vote)
{
  if (vote != self->shown)
    {
      g_clear_pointer (&self->shown, qm_vote_free);
      if (vote != NULL)
        self->shown = qm_vote_copy (vote);
    }
  set_has_roll_call (self, self->shown != NULL && self->shown->ballots != NULL);
  show_vote (self);
  /* A named vote's roll-call is only in the list over HTTP. */
  if (self->shown != NULL && self->shown->status == QM_VOTE_STATUS_CLOSED &&
      !self->shown->secret && self->shown->ballots == NULL)
    fetch_votes (self);
}

/* The latest open vote but skip, or NULL. */
static const QmVote *
latest_open_vote (QmVoteControl *self,
                  gint64         skip)
{
  GPtrArray *votes = qm_meeting_model_get_votes (self->model);

  for (guint i = votes->len; i > 0; i--)
    {
      const QmVote *vote = g_ptr_array_index (votes, i - 1);

      if (vote->status == QM_VOTE_STATUS_OPEN && vote->id != skip)
        return vote;
    }
  return NULL;
}

static void
votes_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(QmVoteControl) self = user_data;
  g_autoptr(GPtrArray) votes = NULL;
  g_autoptr(GError) error = NULL;

  votes = qm_session_list_votes_finish (QM_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (votes == NULL)
    {
      _qm_chair_show_error (self->error_label, error);
      return;
    }
  for (guint i = 0; self->shown != NULL && i < votes->len; i++)
    {
      const QmVote *vote = g_ptr_array_index (votes, i);

      /* The list is the server's word: it also tells a vote that closed
       * while this client was away. */
      if (vote->id == self->shown->id && vote->status == QM_VOTE_STATUS_CLOSED)
        {
          g_clear_pointer (&self->shown, qm_vote_free);
          self->shown = qm_vote_copy (vote);
          set_has_roll_call (self, !vote->secret && vote->ballots != NULL);
          show_vote (self);
          return;
        }
    }
}

static void
fetch_votes (QmVoteControl *self)
{
  if (self->session == NULL)
    return;
  qm_session_list_votes_async (self->session, qm_live_connection_get_meeting_id (self->live),
                               self->cancellable, votes_fetched_cb, g_object_ref (self));
}

/* The model */

static void
vote_opened_cb (QmVoteControl *self,
                gint64         vote_id)
{
  /* The newest vote is the one the room looks at. */
  set_shown (self, qm_meeting_model_lookup_vote (self->model, vote_id));
}

static void
vote_changed_cb (QmVoteControl *self,
                 gint64         vote_id)
{
  const QmVote *vote;

  if (self->shown == NULL || self->shown->id != vote_id)
    return;
  vote = qm_meeting_model_lookup_vote (self->model, vote_id);
  if (vote != NULL)
    set_shown (self, vote);
}

static void
reset_cb (QmVoteControl *self)
{
  const QmVote *vote = self->shown != NULL ? qm_meeting_model_lookup_vote (self->model, self->shown->id) : NULL;

  rebuild_items (self);
  if (vote != NULL)
    set_shown (self, vote);
  else if (self->shown != NULL && self->shown->status == QM_VOTE_STATUS_OPEN)
    /* It closed while we were away: the list has its result. */
    fetch_votes (self);
  else if (self->shown == NULL)
    set_shown (self, latest_open_vote (self, 0));
  else
    show_vote (self);
}

static void
agenda_changed_cb (QmVoteControl *self)
{
  rebuild_items (self);
  show_vote (self);
}

static void
participants_changed_cb (QmVoteControl *self)
{
  if (self->shown != NULL && self->shown->status == QM_VOTE_STATUS_CLOSED)
    fill_roll_call (self);
}

/* Commands */

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(QmVoteControl) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight = FALSE;
  if (reply == NULL)
    {
      if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
        {
          gtk_label_set_label (self->error_label,
                               _("This meeting needs a quorum to open a vote, and there is none."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      else
        _qm_chair_show_error (self->error_label, error);
      update_actions (self);
      return;
    }
  /* The vote.opened event came before the reply. */
  gtk_editable_set_text (GTK_EDITABLE (self->question_row), "");
  gtk_switch_set_active (self->secret_switch, FALSE);
  if (qm_meeting_model_lookup_vote (self->model, reply->reply.vote) != NULL)
    set_shown (self, qm_meeting_model_lookup_vote (self->model, reply->reply.vote));
  else
    update_actions (self);
}

static void
open_vote (QmVoteControl *self,
           gboolean       force)
{
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_VOTE_OPEN);
  guint item = adw_combo_row_get_selected (self->item_row);
  guint majority = adw_combo_row_get_selected (self->majority_row);

  command->vote_open.question = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->question_row))));
  command->vote_open.item = item < self->item_ids->len ? g_array_index (self->item_ids, gint64, item) : 0;
  command->vote_open.secret = gtk_switch_get_active (self->secret_switch);
  command->vote_open.majority = majority == 1 ? QM_MAJORITY_ABSOLUTE
                                : majority == 2 ? QM_MAJORITY_TWO_THIRDS : QM_MAJORITY_SIMPLE;
  command->vote_open.force = force;
  self->in_flight = TRUE;
  _qm_chair_show_error (self->error_label, NULL);
  update_actions (self);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 opened_cb, g_object_ref (self));
}

static void
confirmation_response_cb (QmVoteControl    *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);

  self->confirmation = NULL;
  if (g_strcmp0 (response, "open") != 0)
    return;
  /* Only a meeting that requires quorum refuses without force; force is
   * noted in the record, so it is sent only when it matters. */
  open_vote (self, meeting != NULL && meeting->require_quorum &&
                   !qm_meeting_model_get_quorum (self->model)->reached);
}

static void
confirm_without_quorum (QmVoteControl *self)
{
  const QmQuorum *quorum = qm_meeting_model_get_quorum (self->model);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Only %u of %u voting member is present; more than half must be for a quorum. The result may not be valid.",
                                       "Only %u of %u voting members are present; more than half must be for a quorum. The result may not be valid.",
                                       (gulong) quorum->voting_total),
                          (guint) quorum->voting_present, (guint) quorum->voting_total);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Open the Vote Without a Quorum?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirmation_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->confirmation = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmVoteControl *self = QM_VOTE_CONTROL (widget);

  if (!self->can_manage || self->in_flight || self->confirmation != NULL || question_is_blank (self))
    return;
  if (!qm_meeting_model_get_quorum (self->model)->reached)
    confirm_without_quorum (self);
  else
    open_vote (self, FALSE);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(QmVoteControl) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->in_flight = FALSE;
  /* vote_closed: someone (the chair on another device) was first; the
   * event shows the result either way. */
  if (!g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_VOTE_CLOSED))
    _qm_chair_show_error (self->error_label, error);
  update_actions (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  QmVoteControl *self = QM_VOTE_CONTROL (widget);
  g_autoptr(QmMessage) command = qm_message_new (QM_MESSAGE_VOTE_CLOSE);

  if (!self->can_manage || self->in_flight || self->shown == NULL ||
      self->shown->status != QM_VOTE_STATUS_OPEN)
    return;
  command->vote_close.vote = self->shown->id;
  self->in_flight = TRUE;
  _qm_chair_show_error (self->error_label, NULL);
  update_actions (self);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 closed_cb, g_object_ref (self));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  QmVoteControl *self = QM_VOTE_CONTROL (widget);

  if (!self->can_manage)
    return;
  /* Another vote still open comes first. */
  set_shown (self, latest_open_vote (self, self->shown != NULL ? self->shown->id : 0));
  _qm_chair_show_error (self->error_label, NULL);
  if (self->shown == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->question_row));
}

/* API */

GtkWidget *
qm_vote_control_new (QmMeetingModel   *model,
                     QmLiveConnection *live,
                     QmSession        *session)
{
  QmVoteControl *self;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (model), NULL);
  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);
  g_return_val_if_fail (session == NULL || QM_IS_SESSION (session), NULL);

  self = g_object_new (QM_TYPE_VOTE_CONTROL, NULL);
  self->model = g_object_ref (model);
  self->live = g_object_ref (live);
  if (session != NULL)
    self->session = g_object_ref (session);
  g_signal_connect_object (model, "reset", G_CALLBACK (reset_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "agenda-changed", G_CALLBACK (agenda_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "participants-changed", G_CALLBACK (participants_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "vote-opened", G_CALLBACK (vote_opened_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "vote-progress", G_CALLBACK (vote_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "vote-closed", G_CALLBACK (vote_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild_items (self);
  set_shown (self, latest_open_vote (self, 0));
  return GTK_WIDGET (self);
}

gboolean
qm_vote_control_get_can_manage (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), FALSE);
  return self->can_manage;
}

void
qm_vote_control_set_can_manage (QmVoteControl *self,
                                gboolean       can_manage)
{
  g_return_if_fail (QM_IS_VOTE_CONTROL (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;
  self->can_manage = can_manage;
  if (self->model != NULL)
    show_vote (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

void
qm_vote_control_compose (QmVoteControl *self,
                         const char    *question,
                         gint64         item,
                         gboolean       secret,
                         QmMajority     majority)
{
  g_return_if_fail (QM_IS_VOTE_CONTROL (self));
  g_return_if_fail (question != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->question_row), question);
  adw_combo_row_set_selected (self->item_row, 0);
  for (guint i = 0; i < self->item_ids->len; i++)
    if (g_array_index (self->item_ids, gint64, i) == item)
      adw_combo_row_set_selected (self->item_row, i);
  gtk_switch_set_active (self->secret_switch, secret);
  adw_combo_row_set_selected (self->majority_row,
                              majority == QM_MAJORITY_ABSOLUTE ? 1
                              : majority == QM_MAJORITY_TWO_THIRDS ? 2 : 0);
}

const QmVote *
qm_vote_control_get_vote (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), NULL);
  return self->shown;
}

const char *
qm_vote_control_get_state (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

QmVoteChart *
qm_vote_control_get_chart (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), NULL);
  return self->chart;
}

AdwMessageDialog *
qm_vote_control_get_confirmation (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), NULL);
  return self->confirmation;
}

gboolean
qm_vote_control_get_has_roll_call (QmVoteControl *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CONTROL (self), FALSE);
  return self->has_roll_call;
}

/* GObject */

static void
qm_vote_control_dispose (GObject *object)
{
  QmVoteControl *self = QM_VOTE_CONTROL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->confirmation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->confirmation, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirmation)));
    }
  g_clear_object (&self->model);
  g_clear_object (&self->live);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_vote_control_parent_class)->dispose (object);
}

static void
qm_vote_control_finalize (GObject *object)
{
  QmVoteControl *self = QM_VOTE_CONTROL (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shown, qm_vote_free);
  g_clear_pointer (&self->item_ids, g_array_unref);

  G_OBJECT_CLASS (qm_vote_control_parent_class)->finalize (object);
}

static void
qm_vote_control_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  QmVoteControl *self = QM_VOTE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    case PROP_HAS_ROLL_CALL:
      g_value_set_boolean (value, self->has_roll_call);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_vote_control_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  QmVoteControl *self = QM_VOTE_CONTROL (object);

  switch (prop_id)
    {
    case PROP_CAN_MANAGE:
      qm_vote_control_set_can_manage (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_vote_control_class_init (QmVoteControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_vote_control_dispose;
  object_class->finalize = qm_vote_control_finalize;
  object_class->get_property = qm_vote_control_get_property;
  object_class->set_property = qm_vote_control_set_property;

  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_ROLL_CALL] =
    g_param_spec_boolean ("has-roll-call", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (QM_TYPE_VOTE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-vote-control.ui");
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, stack);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, question_row);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, item_row);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, item_names);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, majority_row);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, secret_switch);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, open_question);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, open_details);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, progress_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, close_button);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, result_question);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, chart);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, result_details);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, roll_group);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, roll_list);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, new_button);
  gtk_widget_class_bind_template_child (widget_class, QmVoteControl, error_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "chair-vote.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "chair-vote.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "chair-vote.new", NULL, new_action);
}

static void
qm_vote_control_init (QmVoteControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->item_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.close", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chair-vote.new", FALSE);
}
