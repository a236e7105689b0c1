/* qm-votes.c: a room's votes — opening, casting (in person or by proxy),
 * closing, gathered progress — and its quorum.
 *
 * Ballots are acknowledged only once committed; the writer thread commits
 * all ballots that queued up together, so a burst costs a few fsyncs, not
 * one per ballot. For a secret vote nothing here keeps a choice next to a
 * member: the in-memory state knows only who has voted.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-votes"

#include "config.h"

#include <string.h>

#include "qm-live-private.h"

#define PROGRESS_GATHER_MS 250

typedef struct
{
  gint64   member;
  gint64   caster;
  gboolean voted;          /* committed, or on its way */
} Voter;

typedef struct
{
  QmVotes    *votes;
  QmVote     *vote;         /* as opened; cast kept current */
  GHashTable *voters;       /* member → Voter */
  gboolean    closing;
  guint       progress_timer;
  gboolean    progress_due;
} OpenVote;

struct _QmVotes
{
  QmRoom     *room;
  GHashTable *open;         /* vote id → OpenVote */
  gboolean    quorum_sent;
  QmQuorum    quorum;
};

/* An answer that arrives after a commit: the connection may be gone by then. */
typedef struct
{
  QmVotes  *votes;
  QmRoom   *room;
  QmWs     *ws;
  JsonNode *re;
  gint64    vote_id;
  gint64    member;
} Pending;

static Pending *
pending_new (QmVotes  *votes,
             QmClient *client,
             JsonNode *re,
             gint64    vote_id)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->votes = votes;
  pending->room = _qm_room_ref (votes->room);
  pending->ws = qm_ws_ref (client->ws);
  pending->re = re ? json_node_copy (re) : NULL;
  pending->vote_id = vote_id;
  return pending;
}

static void
pending_free (Pending *pending)
{
  _qm_room_unref (pending->room);
  qm_ws_unref (pending->ws);
  g_clear_pointer (&pending->re, json_node_unref);
  g_free (pending);
}

static void
pending_send (Pending   *pending,
              QmMessage *message)
{
  message->re = pending->re ? json_node_copy (pending->re) : NULL;
  _qm_room_send_after_events (pending->room, pending->ws, message);
}

static void
pending_reply (Pending *pending,
               gint64   vote)
{
  QmMessage *reply;

  if (pending->re == NULL)
    return;
  reply = qm_message_new (QM_MESSAGE_REPLY);
  reply->reply.vote = vote;
  pending_send (pending, reply);
}

static void
pending_error (Pending      *pending,
               const GError *error)
{
  QmMessage *message = qm_message_new_error (NULL, error);

  pending_send (pending, message);
}

static void
open_vote_free (OpenVote *open)
{
  g_clear_handle_id (&open->progress_timer, g_source_remove);
  qm_vote_free (open->vote);
  g_hash_table_unref (open->voters);
  g_free (open);
}

static OpenVote *
add_open_vote (QmVotes *votes,
               QmVote  *vote,
               GArray  *voters)
{
  OpenVote *open = g_new0 (OpenVote, 1);

  open->votes = votes;
  open->vote = vote;
  open->voters = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < voters->len; i++)
    {
      Voter *voter = g_new0 (Voter, 1);
      QmVoter *stored = &g_array_index (voters, QmVoter, i);

      voter->member = stored->member;
      voter->caster = stored->caster;
      voter->voted = stored->voted;
      g_hash_table_insert (open->voters, &voter->member, voter);
    }
  g_hash_table_insert (votes->open, &vote->id, open);
  return open;
}

QmVotes *
_qm_votes_new (QmRoom *room)
{
  QmVotes *votes = g_new0 (QmVotes, 1);
  const QmServices *services = _qm_room_services (room);
  g_autoptr(GPtrArray) open = NULL;

  votes->room = room;
  votes->open = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                       (GDestroyNotify) open_vote_free);

  /* After a restart, open votes go on with their counts and who has voted. */
  open = qm_store_list_votes (services->store, _qm_room_meeting_id (room), TRUE);
  for (guint i = 0; i < open->len; i++)
    {
      g_autoptr(GArray) voters = qm_store_get_voters (services->store,
                                                      ((QmVote *) g_ptr_array_index (open, i))->id);

      add_open_vote (votes, g_ptr_array_steal_index (open, i), voters);
      i--;
    }
  return votes;
}

void
_qm_votes_free (QmVotes *votes)
{
  g_hash_table_unref (votes->open);
  g_free (votes);
}

static QmQuorum compute_quorum (QmVotes *votes);

static int
by_vote_id (gconstpointer a,
            gconstpointer b)
{
  const QmVote *x = *(QmVote * const *) a;
  const QmVote *y = *(QmVote * const *) b;

  return (x->id > y->id) - (x->id < y->id);
}

void
_qm_votes_fill_welcome (QmVotes   *votes,
                        QmWelcome *welcome)
{
  GHashTableIter iter;
  OpenVote *open;

  g_hash_table_iter_init (&iter, votes->open);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &open))
    if (!open->closing)
      g_ptr_array_add (welcome->votes, qm_vote_copy (open->vote));
  g_ptr_array_sort (welcome->votes, by_vote_id);
  welcome->has_quorum = TRUE;
  /* As the last quorum event said: the next one (sent only on a change
   * from it) brings this client up to date, as it does everyone else. */
  welcome->quorum = votes->quorum_sent ? votes->quorum : compute_quorum (votes);
}

/* Quorum: more than half of the voting members present, a member whose
 * proxy holder is present counting as present. */

static QmQuorum
compute_quorum (QmVotes *votes)
{
  const QmMeeting *meeting = _qm_room_meeting (votes->room);
  QmQuorum quorum = { 0 };

  for (guint i = 0; meeting != NULL && i < meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (meeting->participants, i);
      gboolean here = _qm_room_is_online (votes->room, participant->user_id);

      quorum.present += here;
      if (!qm_meeting_role_is_voting (participant->role))
        continue;
      quorum.voting_total++;
      if (here || (participant->proxy_holder > 0
                   && _qm_room_is_online (votes->room, participant->proxy_holder)))
        quorum.voting_present++;
    }
  quorum.reached = 2 * quorum.voting_present > quorum.voting_total;
  return quorum;
}

void
_qm_votes_check_quorum (QmVotes *votes)
{
  QmQuorum now = compute_quorum (votes);
  QmMessage *event;

  if (votes->quorum_sent && memcmp (&now, &votes->quorum, sizeof now) == 0)
    return;
  votes->quorum = now;
  votes->quorum_sent = TRUE;

  event = qm_message_new (QM_MESSAGE_QUORUM);
  event->quorum = now;
  _qm_room_emit (votes->room, event, 0, QM_WS_FRAME_NORMAL);
}

/* Opening */

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Pending *pending = user_data;
  QmStore *store = QM_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) voters = NULL;
  QmMessage *event;
  QmVote *vote;
  gint64 id;

  if (!qm_store_write_finish (store, result, &id, &error))
    {
      pending_error (pending, error);
      pending_free (pending);
      return;
    }
  if (_qm_room_is_closed (pending->room))
    {
      pending_free (pending);
      return;
    }

  vote = qm_store_get_vote (store, id);
  voters = qm_store_get_voters (store, id);
  add_open_vote (pending->votes, vote, voters);

  qm_log (QM_LOG_EVENT,
          &((QmLogAbout) { .meeting = _qm_room_meeting_id (pending->room), .vote = vote->id }),
          "meeting %" G_GINT64_FORMAT ": vote %" G_GINT64_FORMAT " opened (%s, %s majority, %"
          G_GINT64_FORMAT " eligible)", _qm_room_meeting_id (pending->room), vote->id,
          vote->secret ? "secret" : "named", qm_majority_to_string (vote->majority),
          vote->eligible);
  event = qm_message_new (QM_MESSAGE_VOTE_OPENED);
  event->vote_opened.vote = qm_vote_copy (vote);
  _qm_room_emit (pending->room, event, 0, QM_WS_FRAME_NORMAL);
  pending_reply (pending, id);
  pending_free (pending);
}

static gboolean
on_agenda (const QmMeeting *meeting,
           gint64           item_id)
{
  for (guint i = 0; i < meeting->agenda->len; i++)
    if (((QmAgendaItem *) g_ptr_array_index (meeting->agenda, i))->id == item_id)
      return TRUE;
  return FALSE;
}

static void
open_vote (QmVotes   *votes,
           QmClient  *client,
           QmMessage *command)
{
  const QmMeeting *meeting = _qm_room_meeting (votes->room);
  g_autoptr(GArray) voters = g_array_new (FALSE, TRUE, sizeof (QmVoter));
  g_autofree char *now = NULL;
  QmVoteOpening opening = { 0 };

  if (_qm_room_role_of (votes->room, client->user_id) != QM_MEETING_ROLE_CHAIR)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "only the chair opens votes");
      return;
    }
  if (command->vote_open.item > 0 && !on_agenda (meeting, command->vote_open.item))
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the agenda item is not on this meeting's agenda");
      return;
    }
  if (command->vote_open.secret && !client->is_private)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "a secret vote needs an encrypted (TLS) connection");
      return;
    }
  if (meeting->require_quorum && !compute_quorum (votes).reached && !command->vote_open.force)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_CONFLICT,
                        "the meeting has no quorum; open with force to vote anyway");
      return;
    }

  /* Who may vote is fixed now: the voting members and the proxies standing. */
  for (guint i = 0; i < meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (meeting->participants, i);
      QmParticipant *holder;
      QmVoter voter = { 0 };

      if (!qm_meeting_role_is_voting (participant->role))
        continue;
      voter.member = participant->user_id;
      voter.caster = participant->user_id;
      if (participant->proxy_holder > 0
          && (holder = qm_meeting_find_participant (meeting, participant->proxy_holder)) != NULL
          && qm_meeting_role_is_voting (holder->role))
        voter.caster = holder->user_id;
      g_array_append_val (voters, voter);
    }
  if (voters->len == 0)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_CONFLICT,
                        "the meeting has no voting members");
      return;
    }

  now = qm_time_now_rfc3339 ();
  opening.meeting_id = _qm_room_meeting_id (votes->room);
  opening.question = command->vote_open.question;
  opening.item = command->vote_open.item;
  opening.secret = command->vote_open.secret;
  opening.majority = command->vote_open.majority;
  opening.forced = command->vote_open.force;
  opening.opened_at = now;
  opening.voters = voters;
  qm_store_open_vote_async (_qm_room_services (votes->room)->store, &opening, opened,
                            pending_new (votes, client, command->id, 0));
}

/* Casting */

static gboolean
send_progress (gpointer user_data)
{
  OpenVote *open = user_data;
  QmMessage *event;

  open->progress_timer = 0;
  if (!open->progress_due)
    return G_SOURCE_REMOVE;
  open->progress_due = FALSE;

  event = qm_message_new (QM_MESSAGE_VOTE_PROGRESS);
  event->vote_progress.vote = open->vote->id;
  event->vote_progress.cast = open->vote->cast;
  event->vote_progress.eligible = open->vote->eligible;
  _qm_room_emit (open->votes->room, event, 0, QM_WS_FRAME_NORMAL);

  /* At most one per gathering window: the next waits for the window to end. */
  open->progress_timer = g_timeout_add (PROGRESS_GATHER_MS, send_progress, open);
  return G_SOURCE_REMOVE;
}

static void
cast_committed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  OpenVote *open = NULL;

  if (!_qm_room_is_closed (pending->room))
    open = g_hash_table_lookup (pending->votes->open, &pending->vote_id);

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    {
      Voter *voter = open ? g_hash_table_lookup (open->voters, &pending->member) : NULL;

      if (voter != NULL && !g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_ALREADY_VOTED))
        voter->voted = FALSE;
      pending_error (pending, error);
      pending_free (pending);
      return;
    }

  if (open != NULL)
    {
      open->vote->cast++;
      open->progress_due = TRUE;
      if (open->progress_timer == 0)
        open->progress_timer = g_timeout_add (PROGRESS_GATHER_MS, send_progress, open);
    }
  pending_reply (pending, 0);
  pending_free (pending);
}

static gboolean
find_open (QmVotes    *votes,
           QmClient   *client,
           QmMessage  *command,
           gint64      vote_id,
           OpenVote  **out_open)
{
  OpenVote *open = g_hash_table_lookup (votes->open, &vote_id);

  *out_open = NULL;
  if (open != NULL && !open->closing)
    {
      *out_open = open;
      return TRUE;
    }
  /* A vote of another meeting does not exist for this one. */
  if (open == NULL
      && qm_store_get_vote_meeting (_qm_room_services (votes->room)->store, vote_id)
         != _qm_room_meeting_id (votes->room))
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_NOT_FOUND, "no such vote");
      return FALSE;
    }
  _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_VOTE_CLOSED, "the vote is closed");
  return FALSE;
}

static void
cast (QmVotes   *votes,
      QmClient  *client,
      QmMessage *command)
{
  gboolean by_proxy = command->type == QM_MESSAGE_VOTE_CAST_PROXY;
  gint64 member = by_proxy ? command->vote_cast.for_user : client->user_id;
  OpenVote *open;
  Voter *voter;
  Pending *pending;

  if (!find_open (votes, client, command, command->vote_cast.vote, &open))
    return;

  voter = g_hash_table_lookup (open->voters, &member);
  if (voter == NULL)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        by_proxy ? "that member may not vote in this vote"
                                 : "you may not vote in this vote");
      return;
    }
  if (voter->caster != client->user_id)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        by_proxy ? "you do not hold that member's proxy for this vote"
                                 : "your vote is cast by your proxy holder");
      return;
    }
  if (voter->voted)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_ALREADY_VOTED,
                        "this vote was cast already");
      return;
    }

  voter->voted = TRUE;
  pending = pending_new (votes, client, command->id, open->vote->id);
  pending->member = member;
  qm_store_cast_async (_qm_room_services (votes->room)->store, open->vote->id, member,
                       client->user_id, command->vote_cast.choice, open->vote->secret,
                       cast_committed, pending);
}

/* Closing */

static void
closed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Pending *pending = user_data;
  QmStore *store = QM_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(QmVote) vote = NULL;
  QmMessage *event;

  if (!qm_store_write_finish (store, result, NULL, &error))
    {
      OpenVote *open = _qm_room_is_closed (pending->room)
                       ? NULL : g_hash_table_lookup (pending->votes->open, &pending->vote_id);

      if (open != NULL)
        open->closing = FALSE;
      pending_error (pending, error);
      pending_free (pending);
      return;
    }
  if (_qm_room_is_closed (pending->room))
    {
      pending_free (pending);
      return;
    }

  g_hash_table_remove (pending->votes->open, &pending->vote_id);
  vote = qm_store_get_vote (store, pending->vote_id);
  /* Only the totals, which everyone in the meeting sees anyway. */
  qm_log (QM_LOG_EVENT,
          &((QmLogAbout) { .meeting = _qm_room_meeting_id (pending->room), .vote = vote->id }),
          "meeting %" G_GINT64_FORMAT ": vote %" G_GINT64_FORMAT " closed: %" G_GINT64_FORMAT
          " yes, %" G_GINT64_FORMAT " no, %" G_GINT64_FORMAT " abstain of %" G_GINT64_FORMAT
          " eligible, %s", _qm_room_meeting_id (pending->room), vote->id, vote->result.yes,
          vote->result.no, vote->result.abstain, vote->result.eligible,
          vote->result.passed ? "passed" : "not passed");
  event = qm_message_new (QM_MESSAGE_VOTE_CLOSED);
  event->vote_closed.vote = vote->id;
  event->vote_closed.result = vote->result;
  _qm_room_emit (pending->room, event, 0, QM_WS_FRAME_NORMAL);
  pending_reply (pending, 0);
  pending_free (pending);
}

static void
close_vote (QmVotes   *votes,
            QmClient  *client,
            QmMessage *command)
{
  g_autofree char *now = qm_time_now_rfc3339 ();
  OpenVote *open;

  if (_qm_room_role_of (votes->room, client->user_id) != QM_MEETING_ROLE_CHAIR)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "only the chair closes votes");
      return;
    }
  if (!find_open (votes, client, command, command->vote_close.vote, &open))
    return;

  /* Ballots already on their way are committed before the close (the writer
   * keeps order); later ones find the vote closed. */
  open->closing = TRUE;
  g_clear_handle_id (&open->progress_timer, g_source_remove);
  qm_store_close_vote_async (_qm_room_services (votes->room)->store, open->vote->id,
                             now, open->vote->secret, closed,
                             pending_new (votes, client, command->id, open->vote->id));
}

void
_qm_votes_command (QmVotes   *votes,
                   QmClient  *client,
                   QmMessage *command)
{
  switch (command->type)
    {
    case QM_MESSAGE_VOTE_OPEN:
      open_vote (votes, client, command);
      break;
    case QM_MESSAGE_VOTE_CAST:
    case QM_MESSAGE_VOTE_CAST_PROXY:
      cast (votes, client, command);
      break;
    case QM_MESSAGE_VOTE_CLOSE:
      close_vote (votes, client, command);
      break;
    default:
      g_assert_not_reached ();
    }
}
