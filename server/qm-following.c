/* qm-following.c: who follows the presenter — each connection says so with
 * follow.set, a user follows while any of their connections does, and the
 * whole set goes to everyone in following events gathered like presence.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-following"

#include "config.h"

#include <string.h>

#include "qm-live-private.h"

#define GATHER_MS 250

typedef struct
{
  QmWs     *ws;
  JsonNode *re;
} HeldReply;

struct _QmFollowing
{
  QmRoom    *room;
  GArray    *sent;          /* sorted user ids, as the last event (or none: empty) */
  guint      gather_timer;
  GPtrArray *held;          /* of HeldReply: answered once the event is out */
};

static void
held_reply_free (gpointer data)
{
  HeldReply *held = data;

  qm_ws_unref (held->ws);
  g_clear_pointer (&held->re, json_node_unref);
  g_free (held);
}

QmFollowing *
_qm_following_new (QmRoom *room)
{
  QmFollowing *following = g_new0 (QmFollowing, 1);

  following->room = room;
  following->sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  following->held = g_ptr_array_new_with_free_func (held_reply_free);
  return following;
}

void
_qm_following_free (QmFollowing *following)
{
  g_clear_handle_id (&following->gather_timer, g_source_remove);
  g_array_unref (following->sent);
  g_ptr_array_unref (following->held);
  g_free (following);
}

void
_qm_following_fill_welcome (QmFollowing *following,
                            QmWelcome   *welcome)
{
  g_clear_pointer (&welcome->following, g_array_unref);
  welcome->following = g_array_copy (following->sent);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The users with at least one following connection, ascending, once each. */
static GArray *
current_set (QmFollowing *following)
{
  GPtrArray *clients = _qm_room_clients (following->room);
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint kept = 0;

  for (guint i = 0; i < clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (clients, i);

      if (client->following)
        g_array_append_val (users, client->user_id);
    }
  g_array_sort (users, compare_id);
  for (guint i = 0; i < users->len; i++)
    if (kept == 0 || g_array_index (users, gint64, kept - 1) != g_array_index (users, gint64, i))
      g_array_index (users, gint64, kept++) = g_array_index (users, gint64, i);
  g_array_set_size (users, kept);
  return users;
}

static gboolean
same_ids (GArray *a,
          GArray *b)
{
  /* An empty GArray may hold no buffer at all: memcmp must not see NULL. */
  return a->len == b->len
         && (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

static gboolean
flush (gpointer user_data)
{
  QmFollowing *following = user_data;
  g_autoptr(GArray) now = current_set (following);

  following->gather_timer = 0;
  /* Off and on again within the window: nothing to tell. */
  if (!same_ids (now, following->sent))
    {
      QmMessage *event = qm_message_new (QM_MESSAGE_FOLLOWING);

      g_array_append_vals (event->following.users, now->data, now->len);
      g_array_unref (following->sent);
      following->sent = g_steal_pointer (&now);
      _qm_room_emit (following->room, event, 0, QM_WS_FRAME_NORMAL);
    }

  for (guint i = 0; i < following->held->len; i++)
    {
      HeldReply *held = g_ptr_array_index (following->held, i);
      QmMessage *reply = qm_message_new (QM_MESSAGE_REPLY);

      reply->re = g_steal_pointer (&held->re);
      _qm_room_send_after_events (following->room, held->ws, reply);
    }
  g_ptr_array_set_size (following->held, 0);
  return G_SOURCE_REMOVE;
}

static void
changed (QmFollowing *following)
{
  if (following->gather_timer == 0)
    following->gather_timer = g_timeout_add (GATHER_MS, flush, following);
}

void
_qm_following_command (QmFollowing *following,
                       QmClient    *client,
                       QmMessage   *command)
{
  gboolean wanted = !!command->follow_set.following;

  g_assert (command->type == QM_MESSAGE_FOLLOW_SET);

  if (_qm_room_role_of (following->room, client->user_id) == QM_MEETING_ROLE_NONE)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "only participants follow the presenter");
      return;
    }
  if (client->following != wanted)
    {
      client->following = wanted;
      changed (following);
    }

  /* A reply comes after the event its command caused, which waits for the
   * gathering window. */
  if (command->id != NULL && following->gather_timer != 0)
    {
      HeldReply *held = g_new0 (HeldReply, 1);

      held->ws = qm_ws_ref (client->ws);
      held->re = json_node_copy (command->id);
      g_ptr_array_add (following->held, held);
      return;
    }
  _qm_client_reply (client, command->id, 0);
}

void
_qm_following_client_left (QmFollowing *following,
                           QmClient    *client)
{
  if (client->following)
    {
      client->following = FALSE;
      changed (following);
    }
}
