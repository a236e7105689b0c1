/* qm-floor.c: a room's speakers list — requests, withdrawals, the chair
 * giving the floor — gathered into speakers events and kept on the record
 * (who spoke, on which agenda item, from when to when).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-floor"

#include "config.h"

#include "qm-live-private.h"

#define GATHER_MS 250

struct _QmFloor
{
  QmRoom *room;
  gint64  current;        /* 0: nobody has the floor */
  char   *since;
  GArray *queue;          /* of gint64, first asked first */
  guint   gather_timer;
};

QmFloor *
_qm_floor_new (QmRoom            *room,
               const QmLiveState *state)
{
  QmFloor *floor = g_new0 (QmFloor, 1);

  floor->room = room;
  floor->current = state->speaker;
  floor->since = g_strdup (state->speaker_since);
  floor->queue = state->speaker_queue ? g_array_copy (state->speaker_queue)
                                      : g_array_new (FALSE, FALSE, sizeof (gint64));
  return floor;
}

void
_qm_floor_free (QmFloor *floor)
{
  g_clear_handle_id (&floor->gather_timer, g_source_remove);
  g_free (floor->since);
  g_array_unref (floor->queue);
  g_free (floor);
}

void
_qm_floor_fill (QmFloor    *floor,
                QmSpeakers *speakers)
{
  speakers->current = floor->current;
  g_free (speakers->since);
  speakers->since = g_strdup (floor->current ? floor->since : NULL);
  g_array_set_size (speakers->queue, 0);
  g_array_append_vals (speakers->queue, floor->queue->data, floor->queue->len);
}

static gboolean
send_speakers (gpointer user_data)
{
  QmFloor *floor = user_data;
  QmMessage *event = qm_message_new (QM_MESSAGE_SPEAKERS);

  floor->gather_timer = 0;
  _qm_floor_fill (floor, &event->speakers);
  _qm_room_emit (floor->room, event, 0, QM_WS_FRAME_NORMAL);
  return G_SOURCE_REMOVE;
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    g_message ("the speakers list could not be saved: %s", error->message);
}

/* Keeps the list (and, when the floor changed hands, the record) and tells
 * everyone within the gathering window. */
static void
changed (QmFloor *floor,
         gint64   previous)
{
  const QmServices *services = _qm_room_services (floor->room);
  gint64 meeting_id = _qm_room_meeting_id (floor->room);
  gint64 item = 0;

  if (floor->current != previous && floor->current > 0)
    item = qm_store_item_of_document (services->store, meeting_id, _qm_room_presenter_doc (floor->room));
  qm_store_save_speakers_async (services->store, meeting_id, floor->current, floor->since,
                                floor->queue, floor->current != previous, previous, item,
                                saved, NULL);
  if (floor->gather_timer == 0)
    floor->gather_timer = g_timeout_add (GATHER_MS, send_speakers, floor);
}

static gboolean
queued (QmFloor *floor,
        gint64   user_id,
        guint   *out_index)
{
  for (guint i = 0; i < floor->queue->len; i++)
    if (g_array_index (floor->queue, gint64, i) == user_id)
      {
        if (out_index)
          *out_index = i;
        return TRUE;
      }
  return FALSE;
}

void
_qm_floor_command (QmFloor   *floor,
                   QmClient  *client,
                   QmMessage *command)
{
  QmMeetingRole role = _qm_room_role_of (floor->room, client->user_id);
  gint64 previous = floor->current;
  guint index;

  switch (command->type)
    {
    case QM_MESSAGE_SPEAK_REQUEST:
      if (role == QM_MEETING_ROLE_OBSERVER)
        {
          _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                            "observers do not take the floor");
          return;
        }
      /* Asking twice keeps one's place. */
      if (floor->current != client->user_id && !queued (floor, client->user_id, NULL))
        {
          g_array_append_val (floor->queue, client->user_id);
          changed (floor, previous);
        }
      break;

    case QM_MESSAGE_SPEAK_WITHDRAW:
      if (queued (floor, client->user_id, &index))
        {
          g_array_remove_index (floor->queue, index);
          changed (floor, previous);
        }
      else if (floor->current == client->user_id)
        {
          /* Speakers may yield the floor themselves. */
          floor->current = 0;
          g_free (floor->since);
          floor->since = qm_time_now_rfc3339 ();
          changed (floor, previous);
        }
      break;

    case QM_MESSAGE_SPEAK_NEXT:
      if (role != QM_MEETING_ROLE_CHAIR)
        {
          _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                            "only the chair gives the floor");
          return;
        }
      floor->current = 0;
      if (floor->queue->len > 0)
        {
          floor->current = g_array_index (floor->queue, gint64, 0);
          g_array_remove_index (floor->queue, 0);
        }
      g_free (floor->since);
      floor->since = qm_time_now_rfc3339 ();
      changed (floor, previous);
      break;

    default:
      g_assert_not_reached ();
    }

  _qm_client_reply (client, command->id, 0);
}

/* Someone left the meeting: they neither wait nor speak any more. */
void
_qm_floor_forget (QmFloor *floor,
                  gint64   user_id)
{
  gint64 previous = floor->current;
  guint index;

  if (queued (floor, user_id, &index))
    g_array_remove_index (floor->queue, index);
  else if (floor->current == user_id)
    {
      floor->current = 0;
      g_free (floor->since);
      floor->since = qm_time_now_rfc3339 ();
    }
  else
    return;
  changed (floor, previous);
}
