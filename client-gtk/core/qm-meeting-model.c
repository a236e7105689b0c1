/* qm-meeting-model.c: applies the live channel's welcome and events, in seq
 * order, to one in-memory picture of the meeting.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-model"

#include "config.h"

#include "qm-meeting-model.h"

struct _QmMeetingModel
{
  GObject        parent_instance;

  gboolean       loaded;
  gint64         seq;
  gboolean       server_quorum;   /* the server sends quorum events */
  gboolean       server_following; /* the server reports who follows */
  gint64         clock_offset;    /* µs: the server's clock minus ours */

  QmMeeting     *meeting;
  gint64         you_user;
  QmMeetingRole  you_role;
  gint64         presenter_user;
  char          *presenter_doc;
  gint64         presenter_page;
  GArray        *online;          /* sorted gint64 */
  GArray        *following;       /* sorted gint64 */
  GPtrArray     *votes;           /* QmVote, by id */
  QmSpeakers     speakers;
  QmQuorum       quorum;
  GHashTable    *annotations;     /* id → QmAnnotation */
};

G_DEFINE_FINAL_TYPE (QmMeetingModel, qm_meeting_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_SEQ,
  PROP_PRESENTER_USER,
  PROP_PRESENTER_DOC,
  PROP_PRESENTER_PAGE,
  PROP_QUORUM_REACHED,
  N_PROPS
};

enum {
  SIGNAL_RESET,
  SIGNAL_PAGE,
  SIGNAL_PRESENTER_CHANGED,
  SIGNAL_AGENDA_CHANGED,
  SIGNAL_PARTICIPANTS_CHANGED,
  SIGNAL_ONLINE_CHANGED,
  SIGNAL_FOLLOWING_CHANGED,
  SIGNAL_VOTE_OPENED,
  SIGNAL_VOTE_PROGRESS,
  SIGNAL_VOTE_CLOSED,
  SIGNAL_SPEAKERS_CHANGED,
  SIGNAL_QUORUM_CHANGED,
  SIGNAL_ANNOTATION_CHANGED,
  SIGNAL_ANNOTATION_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
speakers_clear (QmSpeakers *speakers)
{
  speakers->current = 0;
  g_clear_pointer (&speakers->since, g_free);
  g_array_set_size (speakers->queue, 0);
}

static void
speakers_set (QmSpeakers       *speakers,
              const QmSpeakers *from)
{
  speakers_clear (speakers);
  speakers->current = from->current;
  speakers->since = g_strdup (from->since);
  if (from->queue != NULL)
    g_array_append_vals (speakers->queue, from->queue->data, from->queue->len);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
ids_find (GArray  *ids,
          gint64   user_id,
          guint   *out_index)
{
  guint i;

  for (i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (id >= user_id)
        {
          *out_index = i;
          return id == user_id;
        }
    }
  *out_index = ids->len;
  return FALSE;
}

static gboolean
online_find (QmMeetingModel *self,
             gint64          user_id,
             guint          *out_index)
{
  return ids_find (self->online, user_id, out_index);
}

/* Replaces the following set (NULL: nobody). */
static void
set_following (QmMeetingModel *self,
               GArray         *users)
{
  g_array_set_size (self->following, 0);
  if (users != NULL)
    g_array_append_vals (self->following, users->data, users->len);
  g_array_sort (self->following, compare_id);
}

static void
set_presenter (QmMeetingModel *self,
               gint64          user,
               const char     *doc,
               gint64          page)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->presenter_user != user)
    {
      self->presenter_user = user;
      g_object_notify_by_pspec (object, properties[PROP_PRESENTER_USER]);
    }
  if (g_strcmp0 (self->presenter_doc, doc) != 0)
    {
      g_free (self->presenter_doc);
      self->presenter_doc = g_strdup (doc);
      g_object_notify_by_pspec (object, properties[PROP_PRESENTER_DOC]);
    }
  if (self->presenter_page != page)
    {
      self->presenter_page = page;
      g_object_notify_by_pspec (object, properties[PROP_PRESENTER_PAGE]);
    }
  g_object_thaw_notify (object);
}

static void
set_quorum (QmMeetingModel *self,
            const QmQuorum *quorum)
{
  gboolean reached_changed = self->quorum.reached != quorum->reached;

  if (self->quorum.present == quorum->present
      && self->quorum.voting_present == quorum->voting_present
      && self->quorum.voting_total == quorum->voting_total
      && !reached_changed)
    return;
  self->quorum = *quorum;
  if (reached_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUORUM_REACHED]);
  g_signal_emit (self, signals[SIGNAL_QUORUM_CHANGED], 0);
}

/* The contract's rule, for a server that sends no quorum numbers: more than
 * half of the voting members present, a member counting as present when its
 * proxy holder is. */
static void
compute_quorum (QmMeetingModel *self)
{
  QmQuorum quorum = { 0, };
  guint i;

  if (self->meeting == NULL || self->meeting->participants == NULL)
    return;
  for (i = 0; i < self->meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (self->meeting->participants, i);
      gboolean online = qm_meeting_model_is_online (self, participant->user_id);

      if (online)
        quorum.present++;
      if (!qm_meeting_role_is_voting (participant->role))
        continue;
      quorum.voting_total++;
      if (online || (participant->proxy_holder != 0
                     && qm_meeting_model_is_online (self, participant->proxy_holder)))
        quorum.voting_present++;
    }
  quorum.reached = 2 * quorum.voting_present > quorum.voting_total;
  set_quorum (self, &quorum);
}

static guint
vote_index (QmMeetingModel *self,
            gint64          vote_id)
{
  guint i;

  for (i = 0; i < self->votes->len; i++)
    if (((QmVote *) g_ptr_array_index (self->votes, i))->id == vote_id)
      return i;
  return G_MAXUINT;
}

static gint
compare_votes (gconstpointer a,
               gconstpointer b)
{
  const QmVote *x = *(QmVote * const *) a;
  const QmVote *y = *(QmVote * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static void
put_vote (QmMeetingModel *self,
          const QmVote   *vote)
{
  guint index = vote_index (self, vote->id);

  if (index != G_MAXUINT)
    g_ptr_array_remove_index (self->votes, index);
  g_ptr_array_add (self->votes, qm_vote_copy (vote));
  g_ptr_array_sort (self->votes, compare_votes);
}

/* A tablet's clock may be minutes off (no time server in the room): times
 * the server sends (a speaker's start) are read against its own "now". */
static gint64
clock_offset_of (const char *now)
{
  g_autoptr(GDateTime) server_now = qm_time_parse_rfc3339 (now);

  if (server_now == NULL)
    return 0;
  return g_date_time_to_unix (server_now) * G_USEC_PER_SEC
         + g_date_time_get_microsecond (server_now) - g_get_real_time ();
}

static void
apply_welcome (QmMeetingModel  *self,
               const QmMessage *message)
{
  const QmWelcome *welcome = &message->welcome;
  GObject *object = G_OBJECT (self);
  guint i;

  self->clock_offset = clock_offset_of (welcome->now);

  /* Resumed without state: keep ours, the missed events follow. */
  if (welcome->resumed && welcome->meeting == NULL)
    return;

  g_object_freeze_notify (object);

  g_clear_pointer (&self->meeting, qm_meeting_free);
  self->meeting = qm_meeting_copy (welcome->meeting);
  self->you_user = welcome->you_user;
  self->you_role = welcome->you_role;
  set_presenter (self, welcome->presenter_user, welcome->presenter_doc, welcome->presenter_page);

  g_array_set_size (self->online, 0);
  if (welcome->online != NULL)
    g_array_append_vals (self->online, welcome->online->data, welcome->online->len);
  g_array_sort (self->online, compare_id);

  g_ptr_array_set_size (self->votes, 0);
  for (i = 0; welcome->votes != NULL && i < welcome->votes->len; i++)
    put_vote (self, g_ptr_array_index (welcome->votes, i));

  speakers_set (&self->speakers, &welcome->speakers);

  self->server_following = FALSE;
  for (i = 0; welcome->features != NULL && i < welcome->features->len; i++)
    if (g_strcmp0 (g_ptr_array_index (welcome->features, i), "following") == 0)
      self->server_following = TRUE;
  set_following (self, welcome->following);

  g_hash_table_remove_all (self->annotations);
  for (i = 0; welcome->annotations != NULL && i < welcome->annotations->len; i++)
    {
      QmAnnotation *annotation = g_ptr_array_index (welcome->annotations, i);

      g_hash_table_replace (self->annotations, g_strdup (annotation->id),
                            qm_annotation_copy (annotation));
    }

  self->server_quorum = FALSE;
  for (i = 0; welcome->features != NULL && i < welcome->features->len; i++)
    if (g_strcmp0 (g_ptr_array_index (welcome->features, i), "quorum") == 0)
      self->server_quorum = TRUE;
  if (welcome->has_quorum)
    set_quorum (self, &welcome->quorum);
  else
    compute_quorum (self);

  if (self->seq != message->seq)
    {
      self->seq = message->seq;
      g_object_notify_by_pspec (object, properties[PROP_SEQ]);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (object, properties[PROP_LOADED]);
    }
  g_object_thaw_notify (object);

  g_signal_emit (self, signals[SIGNAL_RESET], 0);
}

static void
apply_agenda (QmMeetingModel  *self,
              const QmMeeting *meeting)
{
  QmMeeting *copy = qm_meeting_copy (meeting);

  /* The agenda event leaves participants out: keep ours. */
  if (self->meeting != NULL)
    {
      g_clear_pointer (&copy->participants, g_ptr_array_unref);
      copy->participants = g_steal_pointer (&self->meeting->participants);
    }
  g_clear_pointer (&self->meeting, qm_meeting_free);
  self->meeting = copy;
  g_signal_emit (self, signals[SIGNAL_AGENDA_CHANGED], 0);
}

static void
apply_participants (QmMeetingModel  *self,
                    const QmMessage *message)
{
  GPtrArray *participants;
  guint i, j;

  if (self->meeting == NULL)
    return;
  if (self->meeting->participants == NULL)
    self->meeting->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_participant_free);
  participants = self->meeting->participants;

  for (i = 0; message->participants.removed != NULL && i < message->participants.removed->len; i++)
    {
      gint64 user_id = g_array_index (message->participants.removed, gint64, i);

      for (j = 0; j < participants->len; j++)
        if (((QmParticipant *) g_ptr_array_index (participants, j))->user_id == user_id)
          {
            g_ptr_array_remove_index (participants, j);
            break;
          }
      if (user_id == self->you_user)
        self->you_role = QM_MEETING_ROLE_NONE;
    }

  for (i = 0; message->participants.set != NULL && i < message->participants.set->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (message->participants.set, i);
      gboolean replaced = FALSE;

      for (j = 0; j < participants->len && !replaced; j++)
        if (((QmParticipant *) g_ptr_array_index (participants, j))->user_id == participant->user_id)
          {
            qm_participant_free (g_ptr_array_index (participants, j));
            g_ptr_array_index (participants, j) = qm_participant_copy (participant);
            replaced = TRUE;
          }
      if (!replaced)
        g_ptr_array_add (participants, qm_participant_copy (participant));
      if (participant->user_id == self->you_user)
        self->you_role = participant->role;
    }

  g_signal_emit (self, signals[SIGNAL_PARTICIPANTS_CHANGED], 0);
  if (!self->server_quorum)
    compute_quorum (self);
}

static void
apply_presence (QmMeetingModel  *self,
                const QmMessage *message)
{
  guint i, index;

  for (i = 0; message->presence.joined != NULL && i < message->presence.joined->len; i++)
    {
      gint64 user_id = g_array_index (message->presence.joined, gint64, i);

      if (!online_find (self, user_id, &index))
        g_array_insert_val (self->online, index, user_id);
    }
  for (i = 0; message->presence.left != NULL && i < message->presence.left->len; i++)
    {
      gint64 user_id = g_array_index (message->presence.left, gint64, i);

      if (online_find (self, user_id, &index))
        g_array_remove_index (self->online, index);
    }
  g_signal_emit (self, signals[SIGNAL_ONLINE_CHANGED], 0);
  if (!self->server_quorum)
    compute_quorum (self);
}

static void
apply_event (QmMeetingModel  *self,
             const QmMessage *message)
{
  guint index;

  switch (message->type)
    {
    case QM_MESSAGE_PAGE:
      set_presenter (self, self->presenter_user, message->page.doc, message->page.page);
      g_signal_emit (self, signals[SIGNAL_PAGE], 0,
                     message->page.doc, message->page.page, message->page.by);
      break;

    case QM_MESSAGE_PRESENTER:
      set_presenter (self, message->presenter.user, self->presenter_doc, self->presenter_page);
      g_signal_emit (self, signals[SIGNAL_PRESENTER_CHANGED], 0);
      break;

    case QM_MESSAGE_PRESENCE:
      apply_presence (self, message);
      break;

    case QM_MESSAGE_AGENDA:
      apply_agenda (self, message->agenda.meeting);
      break;

    case QM_MESSAGE_PARTICIPANTS:
      apply_participants (self, message);
      break;

    case QM_MESSAGE_VOTE_OPENED:
      put_vote (self, message->vote_opened.vote);
      g_signal_emit (self, signals[SIGNAL_VOTE_OPENED], 0, message->vote_opened.vote->id);
      break;

    case QM_MESSAGE_VOTE_PROGRESS:
      index = vote_index (self, message->vote_progress.vote);
      if (index != G_MAXUINT)
        {
          QmVote *vote = g_ptr_array_index (self->votes, index);

          vote->cast = message->vote_progress.cast;
          vote->eligible = message->vote_progress.eligible;
        }
      g_signal_emit (self, signals[SIGNAL_VOTE_PROGRESS], 0, message->vote_progress.vote);
      break;

    case QM_MESSAGE_VOTE_CLOSED:
      index = vote_index (self, message->vote_closed.vote);
      if (index != G_MAXUINT)
        {
          QmVote *vote = g_ptr_array_index (self->votes, index);

          vote->status = QM_VOTE_STATUS_CLOSED;
          vote->has_result = TRUE;
          vote->result = message->vote_closed.result;
          vote->cast = message->vote_closed.result.cast;
          vote->eligible = message->vote_closed.result.eligible;
        }
      g_signal_emit (self, signals[SIGNAL_VOTE_CLOSED], 0, message->vote_closed.vote);
      break;

    case QM_MESSAGE_ANNOTATION:
      g_hash_table_replace (self->annotations, g_strdup (message->annotation.annotation->id),
                            qm_annotation_copy (message->annotation.annotation));
      g_signal_emit (self, signals[SIGNAL_ANNOTATION_CHANGED], 0,
                     message->annotation.annotation->id);
      break;

    case QM_MESSAGE_ANNOTATION_DELETED:
      if (g_hash_table_remove (self->annotations, message->annotation_deleted.id))
        g_signal_emit (self, signals[SIGNAL_ANNOTATION_REMOVED], 0,
                       message->annotation_deleted.id);
      break;

    case QM_MESSAGE_SPEAKERS:
      speakers_set (&self->speakers, &message->speakers);
      g_signal_emit (self, signals[SIGNAL_SPEAKERS_CHANGED], 0);
      break;

    case QM_MESSAGE_QUORUM:
      self->server_quorum = TRUE;
      set_quorum (self, &message->quorum);
      break;

    case QM_MESSAGE_FOLLOWING:
      self->server_following = TRUE;
      set_following (self, message->following.users);
      g_signal_emit (self, signals[SIGNAL_FOLLOWING_CHANGED], 0);
      break;

    default:
      break;
    }
}

void
qm_meeting_model_apply (QmMeetingModel  *self,
                        const QmMessage *message)
{
  g_return_if_fail (QM_IS_MEETING_MODEL (self));
  g_return_if_fail (message != NULL);

  if (message->type == QM_MESSAGE_WELCOME)
    {
      apply_welcome (self, message);
      return;
    }
  if (!qm_message_type_is_event (message->type) || !self->loaded)
    return;
  /* A replay after a resume may repeat what was applied already. */
  if (message->seq <= self->seq)
    return;

  apply_event (self, message);
  self->seq = message->seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ]);
}

static void
on_live_message (QmLiveConnection *live,
                 const QmMessage  *message,
                 gpointer          user_data)
{
  qm_meeting_model_apply (QM_MEETING_MODEL (user_data), message);
}

void
qm_meeting_model_follow (QmMeetingModel   *self,
                         QmLiveConnection *live)
{
  g_return_if_fail (QM_IS_MEETING_MODEL (self));
  g_return_if_fail (QM_IS_LIVE_CONNECTION (live));

  g_signal_connect_object (live, "message", G_CALLBACK (on_live_message), self, 0);
}

static void
qm_meeting_model_finalize (GObject *object)
{
  QmMeetingModel *self = QM_MEETING_MODEL (object);

  g_clear_pointer (&self->meeting, qm_meeting_free);
  g_free (self->presenter_doc);
  g_array_unref (self->online);
  g_array_unref (self->following);
  g_ptr_array_unref (self->votes);
  speakers_clear (&self->speakers);
  g_array_unref (self->speakers.queue);
  g_hash_table_unref (self->annotations);

  G_OBJECT_CLASS (qm_meeting_model_parent_class)->finalize (object);
}

static void
qm_meeting_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  QmMeetingModel *self = QM_MEETING_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_PRESENTER_USER:
      g_value_set_int64 (value, self->presenter_user);
      break;
    case PROP_PRESENTER_DOC:
      g_value_set_string (value, self->presenter_doc);
      break;
    case PROP_PRESENTER_PAGE:
      g_value_set_int64 (value, self->presenter_page);
      break;
    case PROP_QUORUM_REACHED:
      g_value_set_boolean (value, self->quorum.reached);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_meeting_model_class_init (QmMeetingModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->finalize = qm_meeting_model_finalize;
  object_class->get_property = qm_meeting_model_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER_USER] =
    g_param_spec_int64 ("presenter-user", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER_DOC] =
    g_param_spec_string ("presenter-doc", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTER_PAGE] =
    g_param_spec_int64 ("presenter-page", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUORUM_REACHED] =
    g_param_spec_boolean ("quorum-reached", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A full welcome replaced the whole state: redraw everything. */
  signals[SIGNAL_RESET] =
    g_signal_new ("reset", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Every page event (doc, page, by), also for the page already shown:
   * followers turn to it. */
  signals[SIGNAL_PAGE] =
    g_signal_new ("presenter-page", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64);
  signals[SIGNAL_PRESENTER_CHANGED] =
    g_signal_new ("presenter-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_AGENDA_CHANGED] =
    g_signal_new ("agenda-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_PARTICIPANTS_CHANGED] =
    g_signal_new ("participants-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_ONLINE_CHANGED] =
    g_signal_new ("online-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The following set changed (not on reset: a reset redraws everything). */
  signals[SIGNAL_FOLLOWING_CHANGED] =
    g_signal_new ("following-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The vote's id; qm_meeting_model_lookup_vote gives the rest. */
  signals[SIGNAL_VOTE_OPENED] =
    g_signal_new ("vote-opened", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_VOTE_PROGRESS] =
    g_signal_new ("vote-progress", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_VOTE_CLOSED] =
    g_signal_new ("vote-closed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_SPEAKERS_CHANGED] =
    g_signal_new ("speakers-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_QUORUM_CHANGED] =
    g_signal_new ("quorum-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The annotation's id. */
  signals[SIGNAL_ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ANNOTATION_REMOVED] =
    g_signal_new ("annotation-removed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
qm_meeting_model_init (QmMeetingModel *self)
{
  self->online = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->following = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->votes = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_vote_free);
  self->speakers.queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->annotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) qm_annotation_free);
}

QmMeetingModel *
qm_meeting_model_new (void)
{
  return g_object_new (QM_TYPE_MEETING_MODEL, NULL);
}

gboolean
qm_meeting_model_get_loaded (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), FALSE);
  return self->loaded;
}

gint64
qm_meeting_model_get_seq (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return self->seq;
}

const QmMeeting *
qm_meeting_model_get_meeting (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return self->meeting;
}

gint64
qm_meeting_model_get_you_user (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return self->you_user;
}

QmMeetingRole
qm_meeting_model_get_you_role (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), QM_MEETING_ROLE_NONE);
  return self->you_role;
}

const char *
qm_meeting_model_get_display_name (QmMeetingModel *self,
                                   gint64          user_id)
{
  QmParticipant *participant;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);

  if (self->meeting == NULL || self->meeting->participants == NULL)
    return NULL;
  participant = qm_meeting_find_participant (self->meeting, user_id);
  return participant != NULL ? participant->display_name : NULL;
}

gint64
qm_meeting_model_get_presenter_user (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return self->presenter_user;
}

const char *
qm_meeting_model_get_presenter_doc (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return self->presenter_doc;
}

gint64
qm_meeting_model_get_presenter_page (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return self->presenter_page;
}

gboolean
qm_meeting_model_get_has_following (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), FALSE);
  return self->server_following;
}

GArray *
qm_meeting_model_get_following (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return self->following;
}

gboolean
qm_meeting_model_is_following (QmMeetingModel *self,
                               gint64          user_id)
{
  guint index;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), FALSE);
  return ids_find (self->following, user_id, &index);
}

GArray *
qm_meeting_model_get_online (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return self->online;
}

gboolean
qm_meeting_model_is_online (QmMeetingModel *self,
                            gint64          user_id)
{
  guint index;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), FALSE);
  return online_find (self, user_id, &index);
}

GPtrArray *
qm_meeting_model_get_votes (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return self->votes;
}

const QmVote *
qm_meeting_model_lookup_vote (QmMeetingModel *self,
                              gint64          vote_id)
{
  guint index;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);

  index = vote_index (self, vote_id);
  return index != G_MAXUINT ? g_ptr_array_index (self->votes, index) : NULL;
}

const QmSpeakers *
qm_meeting_model_get_speakers (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return &self->speakers;
}

gint64
qm_meeting_model_get_clock_offset (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return self->clock_offset;
}

gint64
qm_meeting_model_get_server_time (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), 0);
  return g_get_real_time () + self->clock_offset;
}

const QmQuorum *
qm_meeting_model_get_quorum (QmMeetingModel *self)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  return &self->quorum;
}

const QmAnnotation *
qm_meeting_model_lookup_annotation (QmMeetingModel *self,
                                    const char     *id)
{
  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->annotations, id);
}

GPtrArray *
qm_meeting_model_list_annotations (QmMeetingModel *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (QM_IS_MEETING_MODEL (self), NULL);

  list = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->annotations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  return list;
}
