/* qm-vote-sheet.c: follows the meeting model's votes, keeps one card per vote
 * the user takes part in, and lays the cards out as a sheet over the document.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-vote-sheet"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-vote-card.h"
#include "qm-vote-sheet.h"

/* Portrait or narrower than this: a bottom sheet; else a centred card. */
#define NARROW_WIDTH       600
#define BOTTOM_MAX_WIDTH   840
#define CARD_MAX_WIDTH     600
#define MARGIN             24
#define REVEAL_MS          250

struct _QmVoteSheet
{
  GtkWidget         parent_instance;

  GtkWidget        *panel;
  GtkLabel         *title_label;
  GtkWidget        *offline_box;
  GtkWidget        *hide_button;
  GtkBox           *cards_box;
  GtkWidget        *show_button;
  GtkLabel         *show_label;

  QmMeetingModel   *model;
  QmLiveConnection *live;
  GCancellable     *cancellable;    /* the fetch of results missed while away */

  gboolean          active;
  gboolean          collapsed;
  gboolean          bottom;         /* laid out as a bottom sheet */
  double            reveal;         /* 0 hidden … 1 in place */
  AdwAnimation     *reveal_animation;
};

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmVoteSheet, qm_vote_sheet, GTK_TYPE_WIDGET)

static QmVoteCard *
find_card (QmVoteSheet *self,
           gint64       vote_id)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (qm_vote_card_get_vote_id (QM_VOTE_CARD (child)) == vote_id)
      return QM_VOTE_CARD (child);
  return NULL;
}

static void
update_header (QmVoteSheet *self)
{
  g_autofree char *title = NULL;
  GtkWidget *child;
  guint n_open = 0, n_closed = 0;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (qm_vote_card_get_closed (QM_VOTE_CARD (child)))
        n_closed++;
      else
        n_open++;
    }

  if (n_open > 0)
    title = g_strdup_printf (ngettext ("Vote in progress", "%u votes in progress", n_open), n_open);
  else
    title = g_strdup (ngettext ("Vote result", "Vote results", n_closed));
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->show_label, n_open > 0 ? _("Back to the vote") : _("See the result"));
}

static void
update_visibility (QmVoteSheet *self)
{
  gtk_widget_set_visible (self->panel, self->active && !self->collapsed);
  gtk_widget_set_visible (self->show_button, self->active && self->collapsed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sheet.hide", self->active && !self->collapsed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sheet.show", self->active && self->collapsed);
}

static void
reveal (QmVoteSheet *self)
{
  self->collapsed = FALSE;
  update_visibility (self);
  if (self->reveal < 1.0)
    {
      gtk_widget_set_opacity (self->panel, self->reveal);
      adw_timed_animation_set_value_from (ADW_TIMED_ANIMATION (self->reveal_animation), self->reveal);
      adw_animation_play (self->reveal_animation);
    }
}

static void
update_active (QmVoteSheet *self)
{
  gboolean active = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box)) != NULL;

  update_header (self);
  if (active == self->active)
    return;

  self->active = active;
  if (active)
    {
      self->reveal = 0.0;
      reveal (self);
    }
  else
    {
      adw_animation_reset (self->reveal_animation);
      self->reveal = 0.0;
      self->collapsed = FALSE;
      update_visibility (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* The ballots the user casts in a vote opened now: their own, when they are
 * a voting member whose vote is not given to a proxy, and one per voting
 * member whose proxy they hold. The server fixes this when the vote opens;
 * a card made later (a welcome) goes by the participants as they are. */
static GArray *
list_ballots (QmVoteSheet *self)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);
  gint64 you = qm_meeting_model_get_you_user (self->model);
  GArray *ballots = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint i;

  if (meeting == NULL || meeting->participants == NULL)
    return ballots;

  for (i = 0; i < meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (meeting->participants, i);
      gint64 member = 0;

      if (!qm_meeting_role_is_voting (participant->role))
        continue;
      if (participant->user_id == you && participant->proxy_holder == 0)
        member = 0;
      else if (participant->proxy_holder == you && participant->user_id != you)
        member = participant->user_id;
      else
        continue;
      /* Our own ballot first, then the others in the order of the list. */
      if (member == 0)
        g_array_prepend_val (ballots, member);
      else
        g_array_append_val (ballots, member);
    }
  return ballots;
}

static char *
item_label (QmVoteSheet  *self,
            const QmVote *vote)
{
  const QmMeeting *meeting = qm_meeting_model_get_meeting (self->model);
  guint i;

  if (vote->item == 0 || meeting == NULL || meeting->agenda == NULL)
    return NULL;
  for (i = 0; i < meeting->agenda->len; i++)
    {
      QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      if (item->id == vote->item)
        /* Translators: the agenda item a vote is about: its number and title. */
        return g_strdup_printf (_("Item %d: %s"), (int) item->position + 1, item->title);
    }
  return NULL;
}

static void
card_dismissed_cb (QmVoteCard  *card,
                   QmVoteSheet *self)
{
  gtk_box_remove (self->cards_box, GTK_WIDGET (card));
  update_active (self);
}

static QmVoteCard *
add_card (QmVoteSheet  *self,
          const QmVote *vote)
{
  g_autoptr(GArray) ballots = list_ballots (self);
  GtkWidget *card, *child, *before = NULL;
  guint i;

  if (ballots->len == 0)
    return NULL;

  card = qm_vote_card_new (self->live, vote);
  for (i = 0; i < ballots->len; i++)
    {
      gint64 member = g_array_index (ballots, gint64, i);
      const char *name = member != 0 ? qm_meeting_model_get_display_name (self->model, member) : NULL;

      qm_vote_card_add_ballot (QM_VOTE_CARD (card), member, name);
    }
  g_signal_connect (card, "dismissed", G_CALLBACK (card_dismissed_cb), self);

  /* Oldest vote first. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL && qm_vote_card_get_vote_id (QM_VOTE_CARD (child)) < vote->id;
       child = gtk_widget_get_next_sibling (child))
    before = child;
  gtk_box_insert_child_after (self->cards_box, card, before);
  return QM_VOTE_CARD (card);
}

static void
sync_vote (QmVoteSheet  *self,
           const QmVote *vote)
{
  QmVoteCard *card = find_card (self, vote->id);
  g_autofree char *item = NULL;
  gboolean was_closed;

  if (card == NULL)
    {
      /* A vote that closed before we showed it is none of the sheet's business. */
      if (vote->status != QM_VOTE_STATUS_OPEN)
        return;
      card = add_card (self, vote);
      if (card == NULL)
        return;
      if (self->active)
        reveal (self);
    }

  was_closed = qm_vote_card_get_closed (card);
  item = item_label (self, vote);
  qm_vote_card_update (card, vote, item);
  /* The result comes up even over a sheet the user had put away. */
  if (!was_closed && qm_vote_card_get_closed (card) && self->active)
    reveal (self);
  update_active (self);
}

static void
vote_changed_cb (QmVoteSheet    *self,
                 gint64          vote_id,
                 QmMeetingModel *model)
{
  const QmVote *vote = qm_meeting_model_lookup_vote (model, vote_id);

  if (vote != NULL)
    sync_vote (self, vote);
}

static void
sync_all (QmVoteSheet *self)
{
  GPtrArray *votes = qm_meeting_model_get_votes (self->model);
  guint i;

  for (i = 0; i < votes->len; i++)
    sync_vote (self, g_ptr_array_index (votes, i));
}

static void
list_votes_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(QmVoteSheet) self = user_data;
  g_autoptr(GPtrArray) votes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child, *next;
  guint i;

  votes = qm_session_list_votes_finish (QM_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (votes == NULL)
    {
      g_debug ("the results missed while away are lost: %s", error->message);
      votes = g_ptr_array_new ();
    }

  /* Closed while we were away: show the result if the server has it, else
   * let the card go. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box)); child != NULL; child = next)
    {
      QmVoteCard *card = QM_VOTE_CARD (child);
      const QmVote *found = NULL;

      next = gtk_widget_get_next_sibling (child);
      if (qm_vote_card_get_closed (card) || self->model == NULL
          || qm_meeting_model_lookup_vote (self->model, qm_vote_card_get_vote_id (card)) != NULL)
        continue;
      for (i = 0; i < votes->len && found == NULL; i++)
        if (((QmVote *) g_ptr_array_index (votes, i))->id == qm_vote_card_get_vote_id (card))
          found = g_ptr_array_index (votes, i);
      if (found != NULL && found->status == QM_VOTE_STATUS_CLOSED && found->has_result)
        sync_vote (self, found);
      else
        gtk_box_remove (self->cards_box, child);
    }
  update_active (self);
}

/* A full welcome: its votes are the open ones. A card whose vote is gone
 * closed while the connection was down (and not resumed): ask the server. */
static void
reset_cb (QmVoteSheet *self)
{
  GtkWidget *child;
  gboolean orphans = FALSE;

  sync_all (self);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!qm_vote_card_get_closed (QM_VOTE_CARD (child))
        && qm_meeting_model_lookup_vote (self->model, qm_vote_card_get_vote_id (QM_VOTE_CARD (child))) == NULL)
      orphans = TRUE;

  if (!orphans || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  qm_session_list_votes_async (qm_live_connection_get_session (self->live),
                               qm_live_connection_get_meeting_id (self->live),
                               self->cancellable, list_votes_cb, g_object_ref (self));
}

static void
agenda_changed_cb (QmVoteSheet *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const QmVote *vote = qm_meeting_model_lookup_vote (self->model,
                                                         qm_vote_card_get_vote_id (QM_VOTE_CARD (child)));

      if (vote != NULL)
        {
          g_autofree char *item = item_label (self, vote);

          qm_vote_card_update (QM_VOTE_CARD (child), vote, item);
        }
    }
}

static void
live_state_cb (QmVoteSheet *self)
{
  gtk_widget_set_visible (self->offline_box,
                          self->live != NULL
                          && qm_live_connection_get_state (self->live) != QM_LIVE_STATE_ONLINE);
}

static void
remove_cards (QmVoteSheet *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
}

static void
unbind (QmVoteSheet *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->live);
}

void
qm_vote_sheet_bind (QmVoteSheet      *self,
                    QmMeetingModel   *model,
                    QmLiveConnection *live)
{
  g_return_if_fail (QM_IS_VOTE_SHEET (self));
  g_return_if_fail (model == NULL || QM_IS_MEETING_MODEL (model));
  g_return_if_fail (live == NULL || QM_IS_LIVE_CONNECTION (live));
  g_return_if_fail ((model == NULL) == (live == NULL));

  unbind (self);
  remove_cards (self);

  g_set_object (&self->model, model);
  g_set_object (&self->live, live);

  if (model != NULL)
    {
      g_signal_connect_swapped (model, "reset", G_CALLBACK (reset_cb), self);
      g_signal_connect_swapped (model, "vote-opened", G_CALLBACK (vote_changed_cb), self);
      g_signal_connect_swapped (model, "vote-progress", G_CALLBACK (vote_changed_cb), self);
      g_signal_connect_swapped (model, "vote-closed", G_CALLBACK (vote_changed_cb), self);
      g_signal_connect_swapped (model, "agenda-changed", G_CALLBACK (agenda_changed_cb), self);
      g_signal_connect_swapped (live, "notify::state", G_CALLBACK (live_state_cb), self);
      sync_all (self);
    }
  live_state_cb (self);
  update_active (self);
}

gboolean
qm_vote_sheet_get_active (QmVoteSheet *self)
{
  g_return_val_if_fail (QM_IS_VOTE_SHEET (self), FALSE);
  return self->active;
}

GtkWidget *
qm_vote_sheet_new (void)
{
  return g_object_new (QM_TYPE_VOTE_SHEET, NULL);
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmVoteSheet *self = QM_VOTE_SHEET (widget);

  self->collapsed = TRUE;
  update_visibility (self);
  gtk_widget_grab_focus (self->show_button);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmVoteSheet *self = QM_VOTE_SHEET (widget);

  self->reveal = 0.0;
  reveal (self);
  gtk_widget_grab_focus (self->hide_button);
}

static void
reveal_cb (double   value,
           gpointer user_data)
{
  QmVoteSheet *self = user_data;

  self->reveal = value;
  gtk_widget_set_opacity (self->panel, value);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
qm_vote_sheet_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  GtkWidget *child;

  *minimum = *natural = 0;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
allocate_panel (QmVoteSheet *self,
                int          width,
                int          height)
{
  int panel_width, panel_height, max_height, min_width, min_height, nat_height, y;
  gboolean bottom = width < height || width < NARROW_WIDTH;

  if (bottom != self->bottom)
    {
      /* As AdwClamp does with its size classes: the look follows the room. */
      self->bottom = bottom;
      if (bottom)
        gtk_widget_add_css_class (self->panel, "bottom");
      else
        gtk_widget_remove_css_class (self->panel, "bottom");
    }

  gtk_widget_measure (self->panel, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  panel_width = bottom ? MIN (width, BOTTOM_MAX_WIDTH) : MIN (width - 2 * MARGIN, CARD_MAX_WIDTH);
  panel_width = MAX (panel_width, min_width);
  gtk_widget_measure (self->panel, GTK_ORIENTATION_VERTICAL, panel_width,
                      &min_height, &nat_height, NULL, NULL);
  max_height = bottom ? height * 85 / 100 : height - 2 * MARGIN;
  panel_height = MAX (MIN (nat_height, max_height), min_height);

  y = bottom ? height - panel_height : (height - panel_height) / 2;
  /* Sliding in: up from the edge, or a little way up into the middle. */
  y += (int) ((1.0 - self->reveal) * (bottom ? panel_height : MARGIN * 2));
  gtk_widget_allocate (self->panel, panel_width, panel_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT ((width - panel_width) / 2, y)));
}

static void
qm_vote_sheet_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  QmVoteSheet *self = QM_VOTE_SHEET (widget);

  if (gtk_widget_should_layout (self->panel))
    allocate_panel (self, width, height);

  if (gtk_widget_should_layout (self->show_button))
    {
      int button_width, button_height;

      gtk_widget_measure (self->show_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &button_width, NULL, NULL);
      button_width = MIN (button_width, width);
      gtk_widget_measure (self->show_button, GTK_ORIENTATION_VERTICAL, button_width, NULL, &button_height, NULL, NULL);
      gtk_widget_allocate (self->show_button, button_width, button_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT ((width - button_width) / 2,
                                                                                height - button_height - MARGIN)));
    }
}

/* The sheet covers the document but only its card takes taps. */
static gboolean
qm_vote_sheet_contains (GtkWidget *widget,
                        double     x,
                        double     y)
{
  return FALSE;
}

static void
qm_vote_sheet_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  QmVoteSheet *self = QM_VOTE_SHEET (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_vote_sheet_dispose (GObject *object)
{
  QmVoteSheet *self = QM_VOTE_SHEET (object);
  GtkWidget *child;

  unbind (self);
  if (self->reveal_animation != NULL)
    adw_animation_reset (self->reveal_animation);
  g_clear_object (&self->reveal_animation);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_VOTE_SHEET);
  /* Children the template does not name are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (qm_vote_sheet_parent_class)->dispose (object);
}

static void
qm_vote_sheet_class_init (QmVoteSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_vote_sheet_dispose;
  object_class->get_property = qm_vote_sheet_get_property;
  widget_class->measure = qm_vote_sheet_measure;
  widget_class->size_allocate = qm_vote_sheet_size_allocate;
  widget_class->contains = qm_vote_sheet_contains;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (QM_TYPE_VOTE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-vote-sheet.ui");
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, panel);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, title_label);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, offline_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, hide_button);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, cards_box);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, show_button);
  gtk_widget_class_bind_template_child (widget_class, QmVoteSheet, show_label);

  gtk_widget_class_install_action (widget_class, "sheet.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "sheet.show", NULL, show_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sheet.hide", NULL);

  gtk_widget_class_set_css_name (widget_class, "qm-vote-sheet");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qm_vote_sheet_init (QmVoteSheet *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->reveal_animation =
    adw_timed_animation_new (GTK_WIDGET (self), 0.0, 1.0, REVEAL_MS,
                             adw_callback_animation_target_new (reveal_cb, self, NULL));
  adw_timed_animation_set_easing (ADW_TIMED_ANIMATION (self->reveal_animation), ADW_EASE_OUT_CUBIC);
  update_visibility (self);
}
