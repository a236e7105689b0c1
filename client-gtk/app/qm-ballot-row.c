/* qm-ballot-row.c: one ballot, from the choice to the server's answer, with
 * a confirmation step and never more than one cast in flight.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-ballot-row"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-ballot-row.h"
#include "qm-client-error.h"
#include "qm-vote-labels.h"

/* A double tap on a choice must not land on Confirm, which appears where the
 * choices were: Confirm wakes up only after this long. */
#define CONFIRM_GUARD_MS 400

struct _QmBallotRow
{
  GtkWidget         parent_instance;

  GtkLabel         *owner_label;
  GtkStack         *stack;
  GtkLabel         *yes_label;
  GtkLabel         *no_label;
  GtkLabel         *abstain_label;
  GtkImage         *confirm_icon;
  GtkLabel         *confirm_label;
  GtkButton        *change_button;
  GtkButton        *confirm_button;
  GtkSpinner       *spinner;
  GtkLabel         *recorded_label;
  GtkLabel         *recorded_detail;
  GtkLabel         *failed_label;
  GtkWidget        *retry_box;

  QmLiveConnection *live;
  GCancellable     *cancellable;
  gint64            vote_id;
  gboolean          secret;
  gint64            for_user;
  char             *for_name;

  QmBallotState     state;
  QmChoice          choice;
  guint             guard_id;
};

G_DEFINE_FINAL_TYPE (QmBallotRow, qm_ballot_row, GTK_TYPE_WIDGET)

static const char *
choice_class (QmChoice choice)
{
  switch (choice)
    {
    case QM_CHOICE_YES:
      return "yes";
    case QM_CHOICE_NO:
      return "no";
    case QM_CHOICE_ABSTAIN:
    default:
      return "abstain";
    }
}

static void
update_actions (QmBallotRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "ballot.choose",
                                 self->state == QM_BALLOT_STATE_CHOOSING);
  gtk_widget_action_set_enabled (widget, "ballot.confirm",
                                 self->state == QM_BALLOT_STATE_CONFIRMING
                                 && self->guard_id == 0);
  gtk_widget_action_set_enabled (widget, "ballot.change",
                                 self->state == QM_BALLOT_STATE_CONFIRMING
                                 || (self->state == QM_BALLOT_STATE_FAILED
                                     && gtk_widget_get_visible (self->retry_box)));
  gtk_widget_action_set_enabled (widget, "ballot.retry",
                                 self->state == QM_BALLOT_STATE_FAILED
                                 && gtk_widget_get_visible (self->retry_box));
}

static void
set_state (QmBallotRow   *self,
           QmBallotState  state)
{
  static const char * const pages[] = {
    [QM_BALLOT_STATE_CHOOSING] = "choose",
    [QM_BALLOT_STATE_CONFIRMING] = "confirm",
    [QM_BALLOT_STATE_SENDING] = "sending",
    [QM_BALLOT_STATE_RECORDED] = "recorded",
    [QM_BALLOT_STATE_FAILED] = "failed",
  };

  self->state = state;
  gtk_spinner_set_spinning (self->spinner, state == QM_BALLOT_STATE_SENDING);
  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  update_actions (self);
}

static gboolean
guard_done_cb (gpointer user_data)
{
  QmBallotRow *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  self->guard_id = 0;
  update_actions (self);
  /* A keyboard user who chose lands on Confirm once it wakes. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->confirm_button));
  return G_SOURCE_REMOVE;
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmBallotRow *self = QM_BALLOT_ROW (widget);
  g_autofree char *text = NULL;
  gboolean had_focus;
  QmChoice choice;
  guint i;

  if (self->state != QM_BALLOT_STATE_CHOOSING
      || !qm_choice_from_string (g_variant_get_string (parameter, NULL), &choice))
    return;

  self->choice = choice;
  /* Translators: the confirmation step of a ballot; %s is the choice
   * ("Yes", "No", "Abstain"). */
  text = g_strdup_printf (_("Confirm your vote: %s?"), qm_vote_choice_label (choice));
  gtk_label_set_label (self->confirm_label, text);
  gtk_image_set_from_icon_name (self->confirm_icon, qm_vote_choice_icon (choice));
  for (i = QM_CHOICE_YES; i <= QM_CHOICE_ABSTAIN; i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), choice_class (i));
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_icon), choice_class (i));
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), choice_class (choice));
  gtk_widget_add_css_class (GTK_WIDGET (self->confirm_icon), choice_class (choice));

  g_clear_handle_id (&self->guard_id, g_source_remove);
  self->guard_id = g_timeout_add (CONFIRM_GUARD_MS, guard_done_cb, self);
  had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL;
  set_state (self, QM_BALLOT_STATE_CONFIRMING);
  /* The chosen button is gone: focus stays in the ballot, on Change until
   * Confirm wakes up. */
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->change_button));
}

static void
change_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmBallotRow *self = QM_BALLOT_ROW (widget);

  if (self->state != QM_BALLOT_STATE_CONFIRMING && self->state != QM_BALLOT_STATE_FAILED)
    return;
  g_clear_handle_id (&self->guard_id, g_source_remove);
  set_state (self, QM_BALLOT_STATE_CHOOSING);
}

static void
show_recorded (QmBallotRow *self,
               gboolean     earlier)
{
  g_autofree char *detail = NULL;

  gtk_label_set_label (self->recorded_label,
                       earlier ? _("A vote had already been recorded for this ballot")
                               : _("Your vote has been recorded"));
  /* A secret ballot's choice stays off the screen once cast: a tablet is
   * easy to glance at. */
  if (!earlier && !self->secret)
    /* Translators: under "Your vote has been recorded"; %s is the choice. */
    detail = g_strdup_printf (_("You voted: %s"), qm_vote_choice_label (self->choice));
  gtk_label_set_label (self->recorded_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->recorded_detail), detail != NULL);
  set_state (self, QM_BALLOT_STATE_RECORDED);
}

static void
show_failed (QmBallotRow  *self,
             const GError *error)
{
  const char *text;
  gboolean retry = TRUE;

  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_DISCONNECTED))
    text = _("Not connected — your vote was not sent.");
  else if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TIMED_OUT))
    text = _("The server did not answer. Your vote may not have been recorded: try again.");
  else if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED))
    text = _("Too many requests at once. Wait a moment, then try again.");
  else if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_VOTE_CLOSED))
    {
      text = _("Voting has closed — this vote was not counted.");
      retry = FALSE;
    }
  else if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN))
    {
      text = _("You may not cast this ballot.");
      retry = FALSE;
    }
  else if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_NOT_FOUND))
    {
      text = _("This vote no longer exists.");
      retry = FALSE;
    }
  else
    text = _("Your vote could not be sent. Try again.");

  g_debug ("vote %" G_GINT64_FORMAT ": %s", self->vote_id, error->message);
  gtk_label_set_label (self->failed_label, text);
  gtk_widget_set_visible (self->retry_box, retry);
  set_state (self, QM_BALLOT_STATE_FAILED);
}

static void
cast_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(QmBallotRow) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (error == NULL)
    show_recorded (self, FALSE);
  else if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_ALREADY_VOTED))
    show_recorded (self, TRUE);
  else
    show_failed (self, error);
}

static void
send_ballot (QmBallotRow *self)
{
  g_autoptr(QmMessage) command = NULL;

  g_assert (self->state != QM_BALLOT_STATE_SENDING);

  command = qm_message_new (self->for_user != 0 ? QM_MESSAGE_VOTE_CAST_PROXY
                                                : QM_MESSAGE_VOTE_CAST);
  command->vote_cast.vote = self->vote_id;
  command->vote_cast.choice = self->choice;
  command->vote_cast.for_user = self->for_user;

  /* The state changes before anything is sent: a second tap, however
   * quick, finds the ballot busy. */
  set_state (self, QM_BALLOT_STATE_SENDING);
  self->cancellable = g_cancellable_new ();
  qm_live_connection_send_async (self->live, command, self->cancellable, cast_cb,
                                 g_object_ref (self));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  QmBallotRow *self = QM_BALLOT_ROW (widget);

  if (self->state != QM_BALLOT_STATE_CONFIRMING || self->guard_id != 0)
    return;
  send_ballot (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  QmBallotRow *self = QM_BALLOT_ROW (widget);

  if (self->state != QM_BALLOT_STATE_FAILED || !gtk_widget_get_visible (self->retry_box))
    return;
  send_ballot (self);
}

GtkWidget *
qm_ballot_row_new (QmLiveConnection *live,
                   gint64            vote_id,
                   gboolean          secret,
                   gint64            for_user,
                   const char       *for_name)
{
  QmBallotRow *self;
  g_autofree char *owner = NULL;

  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);
  g_return_val_if_fail (vote_id > 0, NULL);

  self = g_object_new (QM_TYPE_BALLOT_ROW, NULL);
  self->live = g_object_ref (live);
  self->vote_id = vote_id;
  self->secret = secret;
  self->for_user = for_user;
  self->for_name = g_strdup (for_name);

  if (for_user == 0)
    owner = g_strdup (_("Your vote"));
  else
    /* Translators: the heading of a ballot cast under a proxy; %s is the
     * member who gave it. */
    owner = g_strdup_printf (_("On behalf of %s"), for_name);
  gtk_label_set_label (self->owner_label, owner);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, owner, -1);
  return GTK_WIDGET (self);
}

gint64
qm_ballot_row_get_for_user (QmBallotRow *self)
{
  g_return_val_if_fail (QM_IS_BALLOT_ROW (self), 0);
  return self->for_user;
}

QmBallotState
qm_ballot_row_get_state (QmBallotRow *self)
{
  g_return_val_if_fail (QM_IS_BALLOT_ROW (self), QM_BALLOT_STATE_CHOOSING);
  return self->state;
}

void
qm_ballot_row_set_show_owner (QmBallotRow *self,
                              gboolean     show_owner)
{
  g_return_if_fail (QM_IS_BALLOT_ROW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->owner_label), show_owner);
}

static void
qm_ballot_row_dispose (GObject *object)
{
  QmBallotRow *self = QM_BALLOT_ROW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->guard_id, g_source_remove);
  g_clear_object (&self->live);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_BALLOT_ROW);
  /* Children the template does not name are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (qm_ballot_row_parent_class)->dispose (object);
}

static void
qm_ballot_row_finalize (GObject *object)
{
  QmBallotRow *self = QM_BALLOT_ROW (object);

  g_free (self->for_name);

  G_OBJECT_CLASS (qm_ballot_row_parent_class)->finalize (object);
}

static void
qm_ballot_row_class_init (QmBallotRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_ballot_row_dispose;
  object_class->finalize = qm_ballot_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-ballot-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, owner_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, stack);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, yes_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, no_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, abstain_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, confirm_icon);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, change_button);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, recorded_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, recorded_detail);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, failed_label);
  gtk_widget_class_bind_template_child (widget_class, QmBallotRow, retry_box);

  gtk_widget_class_install_action (widget_class, "ballot.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "ballot.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "ballot.change", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "ballot.retry", NULL, retry_action);

  gtk_widget_class_set_css_name (widget_class, "qm-ballot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qm_ballot_row_init (QmBallotRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_label (self->yes_label, qm_vote_choice_label (QM_CHOICE_YES));
  gtk_label_set_label (self->no_label, qm_vote_choice_label (QM_CHOICE_NO));
  gtk_label_set_label (self->abstain_label, qm_vote_choice_label (QM_CHOICE_ABSTAIN));
  set_state (self, QM_BALLOT_STATE_CHOOSING);
}
