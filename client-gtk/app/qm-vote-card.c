/* qm-vote-card.c: one vote on the voting sheet, open then closed.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-vote-card"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-ballot-row.h"
#include "qm-vote-card.h"
#include "qm-vote-labels.h"

struct _QmVoteCard
{
  GtkWidget         parent_instance;

  GtkWidget        *header_box;
  GtkLabel         *item_label;
  GtkWidget        *secret_badge;
  GtkLabel         *question_label;
  GtkLabel         *majority_label;
  GtkWidget        *progress_box;
  GtkProgressBar   *progress_bar;
  GtkLabel         *progress_label;
  GtkBox           *ballots_box;
  GtkWidget        *result_box;
  GtkImage         *result_icon;
  GtkLabel         *result_label;
  GtkLabel         *yes_number;
  GtkLabel         *no_number;
  GtkLabel         *abstain_number;
  GtkLabel         *yes_caption;
  GtkLabel         *no_caption;
  GtkLabel         *abstain_caption;
  GtkLabel         *turnout_label;

  QmLiveConnection *live;
  gint64            vote_id;
  gboolean          secret;
  gboolean          closed;
  guint             n_ballots;
};

enum { SIGNAL_DISMISSED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (QmVoteCard, qm_vote_card, GTK_TYPE_WIDGET)

static void
set_number (GtkLabel *label,
            gint64    value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  gtk_label_set_label (label, text);
}

static void
show_result (QmVoteCard         *self,
             const QmVoteResult *result)
{
  g_autofree char *turnout = NULL;
  GtkWidget *icon = GTK_WIDGET (self->result_icon);
  GtkWidget *label = GTK_WIDGET (self->result_label);

  gtk_label_set_label (self->result_label, result->passed ? _("Passed") : _("Not passed"));
  gtk_image_set_from_icon_name (self->result_icon,
                                result->passed ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_add_css_class (icon, result->passed ? "success" : "error");
  gtk_widget_add_css_class (label, result->passed ? "success" : "error");

  set_number (self->yes_number, result->yes);
  set_number (self->no_number, result->no);
  set_number (self->abstain_number, result->abstain);
  /* Translators: under a vote's result; both are numbers of members. */
  turnout = g_strdup_printf (_("%d of %d members voted."), (int) result->cast,
                             (int) result->eligible);
  gtk_label_set_label (self->turnout_label, turnout);

  gtk_widget_set_visible (GTK_WIDGET (self->ballots_box), FALSE);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_visible (self->result_box, TRUE);
}

void
qm_vote_card_update (QmVoteCard   *self,
                     const QmVote *vote,
                     const char   *item_label)
{
  g_autofree char *progress = NULL;
  g_autofree char *majority = NULL;

  g_return_if_fail (QM_IS_VOTE_CARD (self));
  g_return_if_fail (vote != NULL && vote->id == self->vote_id);

  gtk_label_set_label (self->item_label, item_label);
  gtk_widget_set_visible (GTK_WIDGET (self->item_label), item_label != NULL);
  gtk_label_set_label (self->question_label, vote->question);
  self->secret = vote->secret;
  gtk_widget_set_visible (self->secret_badge, vote->secret);
  gtk_widget_set_visible (self->header_box, item_label != NULL || vote->secret);
  majority = g_strdup_printf ("%s — %s", qm_vote_majority_label (vote->majority),
                              qm_vote_majority_rule (vote->majority));
  gtk_label_set_label (self->majority_label, majority);

  /* Translators: how many members have voted so far, of how many may. */
  progress = g_strdup_printf (_("%d / %d voted"), (int) vote->cast, (int) vote->eligible);
  gtk_label_set_label (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 vote->eligible > 0
                                   ? CLAMP ((double) vote->cast / vote->eligible, 0.0, 1.0)
                                   : 0.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, progress, -1);

  if (vote->status == QM_VOTE_STATUS_CLOSED && vote->has_result && !self->closed)
    {
      self->closed = TRUE;
      show_result (self, &vote->result);
    }
}

void
qm_vote_card_add_ballot (QmVoteCard *self,
                         gint64      for_user,
                         const char *for_name)
{
  GtkWidget *row;
  GtkWidget *child;

  g_return_if_fail (QM_IS_VOTE_CARD (self));

  row = qm_ballot_row_new (self->live, self->vote_id, self->secret, for_user, for_name);
  gtk_box_append (self->ballots_box, row);
  self->n_ballots++;
  /* One ballot needs no heading; several say whose each one is. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->ballots_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    qm_ballot_row_set_show_owner (QM_BALLOT_ROW (child), self->n_ballots > 1);
}

gint64
qm_vote_card_get_vote_id (QmVoteCard *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CARD (self), 0);
  return self->vote_id;
}

gboolean
qm_vote_card_get_closed (QmVoteCard *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CARD (self), FALSE);
  return self->closed;
}

GtkWidget *
qm_vote_card_new (QmLiveConnection *live,
                  const QmVote     *vote)
{
  QmVoteCard *self;

  g_return_val_if_fail (QM_IS_LIVE_CONNECTION (live), NULL);
  g_return_val_if_fail (vote != NULL, NULL);

  self = g_object_new (QM_TYPE_VOTE_CARD, NULL);
  self->live = g_object_ref (live);
  self->vote_id = vote->id;
  self->secret = vote->secret;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, vote->question, -1);
  return GTK_WIDGET (self);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  QmVoteCard *self = QM_VOTE_CARD (widget);

  if (self->closed)
    g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
}

static void
qm_vote_card_dispose (GObject *object)
{
  QmVoteCard *self = QM_VOTE_CARD (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_VOTE_CARD);
  /* Children the template does not name are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->live);

  G_OBJECT_CLASS (qm_vote_card_parent_class)->dispose (object);
}

static void
qm_vote_card_class_init (QmVoteCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_vote_card_dispose;

  /* The user closed the result. */
  signals[SIGNAL_DISMISSED] =
    g_signal_new ("dismissed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (QM_TYPE_BALLOT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-vote-card.ui");
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, header_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, item_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, secret_badge);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, question_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, majority_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, progress_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, progress_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, ballots_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, result_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, result_icon);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, result_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, yes_number);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, no_number);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, abstain_number);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, yes_caption);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, no_caption);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, abstain_caption);
  gtk_widget_class_bind_template_child (widget_class, QmVoteCard, turnout_label);

  gtk_widget_class_install_action (widget_class, "card.dismiss", NULL, dismiss_action);

  gtk_widget_class_set_css_name (widget_class, "qm-vote-card");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qm_vote_card_init (QmVoteCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_label (self->yes_caption, qm_vote_choice_label (QM_CHOICE_YES));
  gtk_label_set_label (self->no_caption, qm_vote_choice_label (QM_CHOICE_NO));
  gtk_label_set_label (self->abstain_caption, qm_vote_choice_label (QM_CHOICE_ABSTAIN));
}
