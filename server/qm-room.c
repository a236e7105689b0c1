/* qm-room.c: one meeting's live state in memory — who is online, where the
 * presenter is, the numbered events and their recent log — and the fan-out
 * of each event, serialised once, to every connection entitled to it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-room"

#include "config.h"

#include <string.h>

#include "qm-live-private.h"

/* Event numbers are reserved in SQLite this many at a time, so a crash
 * can never hand out a number twice and numbering costs no fsync per event. */
#define SEQ_BLOCK          1000
/* What the resume log keeps. */
#define LOG_MAX_EVENTS     4096
#define LOG_MAX_BYTES      (8 * 1024 * 1024)
/* Presence changes are gathered this long into one event. */
#define GATHER_MS          250
/* Page turns are committed at most this far apart. */
#define SAVE_MS            1000
#define MAX_CONNECTIONS_PER_USER 8

typedef struct
{
  gint64  seq;
  GBytes *frame;
  gint64  audience;      /* 0: everyone; otherwise only this user */
} LogEntry;

typedef struct
{
  gint64 user_id;        /* the key */
  guint  connections;
} Online;

typedef struct
{
  QmMessage     *event;
  gint64         audience;
  QmWsFrameKind  kind;
  QmWs          *ws;           /* set: an answer for this connection, not an event */
} Waiting;

struct _QmRoom
{
  gint               ref_count;
  QmLive            *live;
  const QmServices  *services;
  gint64             meeting_id;
  gboolean           closed;

  GPtrArray         *clients;        /* QmClient*, welcomed, oldest first */
  GPtrArray         *audience;       /* QmWs*, a fan-out's receivers (kept for its storage) */
  GHashTable        *online;         /* user id → Online */

  gint64             seq;            /* the latest number handed out */
  gint64             reserved;       /* committed: every seq sent is at most this */
  gboolean           reserving;
  guint              reserve_retry;
  GQueue             waiting;        /* of Waiting: events waiting for numbers */

  GQueue             log;            /* of LogEntry, oldest first */
  gsize              log_bytes;
  gint64             log_floor;      /* every event after this seq is in the log */

  gint64             presenter_user; /* 0: the chair */
  char              *doc;
  gint64             page;
  gboolean           dirty;
  gboolean           saving;
  guint              save_timer;

  GArray            *joined;
  GArray            *left;
  guint              presence_timer;

  QmMeeting         *meeting;        /* as last read, participants included */
  QmVotes           *votes;
  QmFloor           *floor;
  QmAnnotations     *annotations;
  QmFollowing       *following;
  /* The meeting as it goes into every welcome, serialised once: a room of
   * N joining would otherwise serialise N participants N times. */
  char              *meeting_text;
};

static void emit (QmRoom *room, QmMessage *event, gint64 audience, QmWsFrameKind kind);

static void
log_entry_free (gpointer data)
{
  LogEntry *entry = data;

  g_bytes_unref (entry->frame);
  g_free (entry);
}

static void
waiting_free (gpointer data)
{
  Waiting *waiting = data;

  qm_message_free (waiting->event);
  g_clear_pointer (&waiting->ws, qm_ws_unref);
  g_free (waiting);
}

static QmRoom *
room_ref (QmRoom *room)
{
  room->ref_count++;
  return room;
}

static void
room_unref (QmRoom *room)
{
  if (--room->ref_count > 0)
    return;

  g_ptr_array_unref (room->clients);
  g_ptr_array_unref (room->audience);
  g_hash_table_unref (room->online);
  g_queue_clear_full (&room->log, log_entry_free);
  g_queue_clear_full (&room->waiting, waiting_free);
  g_free (room->doc);
  g_array_unref (room->joined);
  g_array_unref (room->left);
  qm_meeting_free (room->meeting);
  g_free (room->meeting_text);
  g_free (room);
}

void
_qm_room_free (QmRoom *room)
{
  room->closed = TRUE;
  g_clear_handle_id (&room->save_timer, g_source_remove);
  g_clear_handle_id (&room->presence_timer, g_source_remove);
  g_clear_handle_id (&room->reserve_retry, g_source_remove);
  g_queue_clear_full (&room->log, log_entry_free);
  g_queue_clear_full (&room->waiting, waiting_free);
  g_clear_pointer (&room->votes, _qm_votes_free);
  g_clear_pointer (&room->floor, _qm_floor_free);
  g_clear_pointer (&room->annotations, _qm_annotations_free);
  g_clear_pointer (&room->following, _qm_following_free);
  room_unref (room);
}

QmRoom *
_qm_room_new (QmLive           *live,
              const QmServices *services,
              gint64            meeting_id)
{
  QmRoom *room = g_new0 (QmRoom, 1);
  QmLiveState state;

  room->ref_count = 1;
  room->live = live;
  room->services = services;
  room->meeting_id = meeting_id;
  room->clients = g_ptr_array_new ();
  room->audience = g_ptr_array_new ();
  room->online = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  room->joined = g_array_new (FALSE, FALSE, sizeof (gint64));
  room->left = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_queue_init (&room->log);
  g_queue_init (&room->waiting);

  qm_store_get_live_state (services->store, meeting_id, &state);
  /* After a restart numbering goes on above everything that may have been
   * sent: the contract lets it jump forward. */
  room->seq = room->reserved = room->log_floor = state.seq_reserved;
  room->presenter_user = state.presenter_user;
  room->doc = g_steal_pointer (&state.doc);
  room->page = state.page;
  room->floor = _qm_floor_new (room, &state);
  qm_live_state_clear (&state);

  room->meeting = qm_store_get_meeting (services->store, meeting_id);
  room->votes = _qm_votes_new (room);
  room->annotations = _qm_annotations_new (room);
  room->following = _qm_following_new (room);
  return room;
}

/* Participants */

static QmParticipant *
participant_of (QmRoom *room,
                gint64  user_id)
{
  return room->meeting ? qm_meeting_find_participant (room->meeting, user_id) : NULL;
}

QmMeetingRole
_qm_room_role_of (QmRoom *room,
                  gint64  user_id)
{
  QmParticipant *participant = participant_of (room, user_id);

  return participant ? participant->role : QM_MEETING_ROLE_NONE;
}

static gint64
current_presenter (QmRoom *room)
{
  if (room->presenter_user > 0 && participant_of (room, room->presenter_user) != NULL)
    return room->presenter_user;
  for (guint i = 0; room->meeting && i < room->meeting->participants->len; i++)
    {
      QmParticipant *participant = g_ptr_array_index (room->meeting->participants, i);

      if (participant->role == QM_MEETING_ROLE_CHAIR)
        return participant->user_id;
    }
  return 0;
}

QmRoom *
_qm_room_ref (QmRoom *room)
{
  return room_ref (room);
}

void
_qm_room_unref (QmRoom *room)
{
  room_unref (room);
}

gboolean
_qm_room_is_closed (QmRoom *room)
{
  return room->closed;
}

const QmServices *
_qm_room_services (QmRoom *room)
{
  return room->services;
}

gint64
_qm_room_meeting_id (QmRoom *room)
{
  return room->meeting_id;
}

const char *
_qm_room_presenter_doc (QmRoom *room)
{
  return room->doc;
}

const QmMeeting *
_qm_room_meeting (QmRoom *room)
{
  return room->meeting;
}

gboolean
_qm_room_is_online (QmRoom *room,
                    gint64  user_id)
{
  return g_hash_table_contains (room->online, &user_id);
}

void
_qm_room_emit (QmRoom        *room,
               QmMessage     *event,
               gint64         audience,
               QmWsFrameKind  kind)
{
  emit (room, event, audience, kind);
}

GPtrArray *
_qm_room_clients (QmRoom *room)
{
  return room->clients;
}

GPtrArray *
_qm_room_clients_of (QmRoom *room,
                     gint64  user_id)
{
  GPtrArray *mine = g_ptr_array_new ();

  for (guint i = 0; i < room->clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (room->clients, i);

      if (client->user_id == user_id)
        g_ptr_array_add (mine, client);
    }
  return mine;
}

/* Numbering and fan-out */

/* 0: everyone; a user id: only them; minus a user id: everyone but them. */
static gboolean
audience_includes (gint64 audience,
                   gint64 user_id)
{
  return audience == 0 || audience == user_id || (audience < 0 && -audience != user_id);
}

static void
send_now (QmWs      *ws,
          QmMessage *message)
{
  g_autofree char *text = NULL;
  gsize length;

  text = qm_message_serialize (message, &length);
  qm_ws_send_text (ws, text, length);
}

static void
append_to_log (QmRoom *room,
               gint64  seq,
               GBytes *frame,
               gint64  audience)
{
  LogEntry *entry = g_new0 (LogEntry, 1);

  entry->seq = seq;
  entry->frame = g_bytes_ref (frame);
  entry->audience = audience;
  g_queue_push_tail (&room->log, entry);
  room->log_bytes += g_bytes_get_size (frame);

  while (g_queue_get_length (&room->log) > LOG_MAX_EVENTS || room->log_bytes > LOG_MAX_BYTES)
    {
      LogEntry *oldest = g_queue_pop_head (&room->log);

      room->log_floor = oldest->seq;
      room->log_bytes -= g_bytes_get_size (oldest->frame);
      log_entry_free (oldest);
    }
}

static void
deliver (QmRoom        *room,
         QmMessage     *event,
         gint64         audience,
         QmWsFrameKind  kind)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) frame = NULL;
  gsize length;

  event->seq = ++room->seq;
  text = qm_message_serialize (event, &length);
  frame = qm_ws_frame_text (text, length);
  append_to_log (room, event->seq, frame, audience);

  g_ptr_array_set_size (room->audience, 0);
  for (guint i = 0; i < room->clients->len; i++)
    {
      QmClient *client = g_ptr_array_index (room->clients, i);

      if (audience_includes (audience, client->user_id))
        g_ptr_array_add (room->audience, client->ws);
    }
  qm_ws_send_many ((QmWs **) room->audience->pdata, room->audience->len, frame, kind);
}

static void reserve_more (QmRoom *room);

static gboolean
retry_reserve (gpointer user_data)
{
  QmRoom *room = user_data;

  room->reserve_retry = 0;
  reserve_more (room);
  return G_SOURCE_REMOVE;
}

static void
reserved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QmRoom *room = user_data;
  g_autoptr(GError) error = NULL;
  gint64 up_to;

  room->reserving = FALSE;
  if (room->closed)
    {
      qm_store_write_finish (QM_STORE (source), result, NULL, NULL);
      room_unref (room);
      return;
    }

  if (!qm_store_write_finish (QM_STORE (source), result, &up_to, &error))
    {
      /* Events wait rather than risk a number being reused after a crash. */
      g_message ("meeting %" G_GINT64_FORMAT ": cannot reserve event numbers: %s",
                 room->meeting_id, error->message);
      if (room->reserve_retry == 0)
        room->reserve_retry = g_timeout_add (1000, retry_reserve, room);
      room_unref (room);
      return;
    }

  room->reserved = MAX (room->reserved, up_to);
  while (!g_queue_is_empty (&room->waiting)
         && (room->seq < room->reserved || ((Waiting *) g_queue_peek_head (&room->waiting))->ws))
    {
      Waiting *waiting = g_queue_pop_head (&room->waiting);

      if (waiting->ws != NULL)
        send_now (waiting->ws, waiting->event);
      else
        deliver (room, waiting->event, waiting->audience, waiting->kind);
      waiting_free (waiting);
    }
  reserve_more (room);
  room_unref (room);
}

static void
reserve_more (QmRoom *room)
{
  if (room->reserving || room->closed)
    return;
  if (room->reserved - room->seq > SEQ_BLOCK / 2 && g_queue_is_empty (&room->waiting))
    return;

  room->reserving = TRUE;
  qm_store_reserve_seq_async (room->services->store, room->meeting_id,
                              MAX (room->seq, room->reserved) + SEQ_BLOCK, reserved,
                              room_ref (room));
}

/* Takes the event. */
static void
emit (QmRoom        *room,
      QmMessage     *event,
      gint64         audience,
      QmWsFrameKind  kind)
{
  if (room->seq >= room->reserved || !g_queue_is_empty (&room->waiting))
    {
      Waiting *waiting = g_new0 (Waiting, 1);

      waiting->event = event;
      waiting->audience = audience;
      waiting->kind = kind;
      g_queue_push_tail (&room->waiting, waiting);
      reserve_more (room);
      return;
    }

  deliver (room, event, audience, kind);
  qm_message_free (event);
  reserve_more (room);
}

void
_qm_room_send_after_events (QmRoom    *room,
                            QmWs      *ws,
                            QmMessage *message)
{
  Waiting *waiting;

  if (room->closed || g_queue_is_empty (&room->waiting))
    {
      send_now (ws, message);
      qm_message_free (message);
      return;
    }
  waiting = g_new0 (Waiting, 1);
  waiting->event = message;
  waiting->ws = qm_ws_ref (ws);
  g_queue_push_tail (&room->waiting, waiting);
}

/* Presence */

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static gboolean
remove_id (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        g_array_remove_index (ids, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
flush_presence (gpointer user_data)
{
  QmRoom *room = user_data;
  QmMessage *event;

  room->presence_timer = 0;
  if (room->joined->len == 0 && room->left->len == 0)
    return G_SOURCE_REMOVE;

  /* Attendance goes on the record: who came and left, and when. */
  for (guint i = 0; i < room->joined->len + room->left->len; i++)
    {
      gboolean joined = i < room->joined->len;
      gint64 user = joined ? g_array_index (room->joined, gint64, i)
                           : g_array_index (room->left, gint64, i - room->joined->len);
      JsonObject *body = json_object_new ();

      json_object_set_int_member (body, "user", user);
      json_object_set_boolean_member (body, "present", joined);
      qm_store_record_async (room->services->store, room->meeting_id, "attendance", body,
                             NULL, NULL);
    }

  event = qm_message_new (QM_MESSAGE_PRESENCE);
  g_array_append_vals (event->presence.joined, room->joined->data, room->joined->len);
  g_array_append_vals (event->presence.left, room->left->data, room->left->len);
  g_array_set_size (room->joined, 0);
  g_array_set_size (room->left, 0);
  emit (room, event, 0, QM_WS_FRAME_NORMAL);
  _qm_votes_check_quorum (room->votes);
  return G_SOURCE_REMOVE;
}

static void
presence_changed (QmRoom   *room,
                  gint64    user_id,
                  gboolean  joined)
{
  /* A leave and a join within one gathering cancel out. */
  if (!remove_id (joined ? room->left : room->joined, user_id))
    g_array_append_val (joined ? room->joined : room->left, user_id);
  if (room->presence_timer == 0)
    room->presence_timer = g_timeout_add (GATHER_MS, flush_presence, room);
}

/* Welcome */

#define STAND_IN_TITLE "\001quorum: the meeting goes here\001"

static QmMeeting *
meeting_stand_in (void)
{
  QmMeeting *meeting = qm_meeting_new ();

  meeting->id = 1;
  meeting->title = g_strdup (STAND_IN_TITLE);
  meeting->starts_at = g_strdup ("2000-01-01T00:00:00Z");
  meeting->location = g_strdup ("");
  return meeting;
}

/* The welcome's text with the room's serialised meeting in place of the
 * stand-in. Both come from the same serialiser, so the stand-in's text
 * appears verbatim (and only once: its title cannot occur elsewhere). */
static char *
welcome_text (QmRoom    *room,
              QmMessage *welcome,
              gsize     *out_length)
{
  g_autoptr(QmMeeting) stand_in = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stand_in_text = NULL;
  GString *spliced;
  const char *at;

  text = qm_message_serialize (welcome, out_length);
  if (welcome->welcome.meeting == NULL || room->meeting == NULL)
    return g_steal_pointer (&text);

  stand_in = meeting_stand_in ();
  stand_in_text = qm_meeting_serialize (stand_in, NULL);
  at = strstr (text, stand_in_text);
  g_assert (at != NULL);

  if (room->meeting_text == NULL)
    room->meeting_text = qm_meeting_serialize (room->meeting, NULL);

  spliced = g_string_sized_new (*out_length + strlen (room->meeting_text));
  g_string_append_len (spliced, text, at - text);
  g_string_append (spliced, room->meeting_text);
  g_string_append (spliced, at + strlen (stand_in_text));
  *out_length = spliced->len;
  return g_string_free (spliced, FALSE);
}

static QmMessage *
build_welcome (QmRoom   *room,
               QmClient *client,
               gboolean  resumed)
{
  QmMessage *message = qm_message_new (QM_MESSAGE_WELCOME);
  QmWelcome *welcome = &message->welcome;
  GHashTableIter iter;
  gpointer key;

  message->seq = room->seq;
  welcome->epoch = g_strdup (qm_store_get_epoch (room->services->store));
  welcome->now = qm_time_now_rfc3339 ();
  welcome->server_version = g_strdup (PACKAGE_VERSION);
  g_ptr_array_add (welcome->features, g_strdup ("quorum"));
  g_ptr_array_add (welcome->features, g_strdup ("following"));
  welcome->you_user = client->user_id;
  welcome->you_role = _qm_room_role_of (room, client->user_id);
  welcome->resumed = resumed;
  if (resumed)
    return message;

  /* A stand-in: welcome_text () puts the serialised meeting in its place. */
  welcome->meeting = meeting_stand_in ();
  welcome->presenter_user = current_presenter (room);
  welcome->presenter_doc = g_strdup (room->doc);
  welcome->presenter_page = room->doc ? room->page : 0;
  /* Who is online as the events so far have told everyone: a change still
   * being gathered reaches this client as a presence event, or not at all
   * when a leave and a join cancel out. The newcomer is online already. */
  g_hash_table_iter_init (&iter, room->online);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (*(gint64 *) key == client->user_id || !contains_id (room->joined, *(gint64 *) key))
      g_array_append_val (welcome->online, *(gint64 *) key);
  g_array_append_vals (welcome->online, room->left->data, room->left->len);
  _qm_votes_fill_welcome (room->votes, welcome);
  _qm_floor_fill (room->floor, &welcome->speakers);
  _qm_annotations_fill_welcome (room->annotations, welcome, client->user_id);
  _qm_following_fill_welcome (room->following, welcome);
  return message;
}

static gboolean
can_resume (QmRoom          *room,
            const QmMessage *hello)
{
  return hello->hello.has_resume_from
         && g_strcmp0 (hello->hello.epoch, qm_store_get_epoch (room->services->store)) == 0
         && hello->hello.resume_from <= room->seq
         && hello->hello.resume_from >= room->log_floor;
}

void
_qm_room_join (QmRoom          *room,
               QmClient        *client,
               const QmMessage *hello)
{
  g_autoptr(GPtrArray) mine = _qm_room_clients_of (room, client->user_id);
  gboolean resumed = can_resume (room, hello);
  Online *online;

  /* A user's ninth connection pushes out their oldest. */
  if (mine->len >= MAX_CONNECTIONS_PER_USER)
    _qm_client_close (g_ptr_array_index (mine, 0), QM_CLOSE_POLICY_VIOLATION,
                      "too many connections for one user");

  client->room = room;
  g_ptr_array_add (room->clients, client);

  online = g_hash_table_lookup (room->online, &client->user_id);
  if (online == NULL)
    {
      online = g_new0 (Online, 1);
      online->user_id = client->user_id;
      g_hash_table_insert (room->online, &online->user_id, online);
      presence_changed (room, client->user_id, TRUE);
    }
  online->connections++;

  /* Straight away: events still waiting for their numbers reach this
   * client after its welcome, because it is in the room now. */
  {
    g_autoptr(QmMessage) welcome = build_welcome (room, client, resumed);
    gsize length;
    g_autofree char *text = welcome_text (room, welcome, &length);

    qm_ws_send_text (client->ws, text, length);
  }

  if (resumed)
    for (GList *l = room->log.head; l != NULL; l = l->next)
      {
        LogEntry *entry = l->data;

        if (entry->seq > hello->hello.resume_from
            && audience_includes (entry->audience, client->user_id))
          qm_ws_send (client->ws, entry->frame, QM_WS_FRAME_NORMAL);
      }
}

void
_qm_room_leave (QmRoom   *room,
                QmClient *client)
{
  Online *online;

  if (!g_ptr_array_remove (room->clients, client))
    return;
  if (room->following != NULL)
    _qm_following_client_left (room->following, client);

  online = g_hash_table_lookup (room->online, &client->user_id);
  if (online != NULL && --online->connections == 0)
    {
      g_hash_table_remove (room->online, &client->user_id);
      presence_changed (room, client->user_id, FALSE);
    }
}

/* The presenter's position */

static void save_now (QmRoom *room);

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  QmRoom *room = user_data;
  g_autoptr(GError) error = NULL;

  room->saving = FALSE;
  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    {
      g_message ("meeting %" G_GINT64_FORMAT ": cannot save the presenter's page: %s",
                 room->meeting_id, error->message);
      room->dirty = TRUE;
    }
  if (room->dirty && !room->closed && room->save_timer == 0)
    save_now (room);
  room_unref (room);
}

static void
save_now (QmRoom *room)
{
  if (!room->dirty || room->saving)
    return;
  room->dirty = FALSE;
  room->saving = TRUE;
  qm_store_save_presenter_async (room->services->store, room->meeting_id, room->presenter_user,
                                 room->doc, room->page, saved, room_ref (room));
}

static gboolean
save_later (gpointer user_data)
{
  QmRoom *room = user_data;

  room->save_timer = 0;
  save_now (room);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (QmRoom *room)
{
  room->dirty = TRUE;
  if (room->save_timer == 0 && !room->saving)
    room->save_timer = g_timeout_add (SAVE_MS, save_later, room);
}

void
_qm_room_save (QmRoom *room)
{
  g_clear_handle_id (&room->save_timer, g_source_remove);
  save_now (room);
}

gboolean
_qm_room_is_saving (QmRoom *room)
{
  return room->saving;
}

/* Commands */

static void
present (QmRoom    *room,
         QmClient  *client,
         QmMessage *command)
{
  QmMessage *event;
  gint64 pages;

  if (client->user_id != current_presenter (room))
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "only the presenter may turn pages");
      return;
    }
  pages = qm_store_agenda_document_pages (room->services->store, room->meeting_id,
                                          command->page.doc);
  if (pages == 0)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the document is not on this meeting's agenda");
      return;
    }
  if (command->page.page > pages)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the page is outside the document");
      return;
    }

  g_free (room->doc);
  room->doc = g_strdup (command->page.doc);
  room->page = command->page.page;
  mark_dirty (room);

  event = qm_message_new (QM_MESSAGE_PAGE);
  event->page.doc = g_strdup (room->doc);
  event->page.page = room->page;
  event->page.by = client->user_id;
  /* A slow reader only needs the newest page. */
  emit (room, event, 0, QM_WS_FRAME_COALESCE);
  _qm_client_reply (client, command->id, 0);
}

static void
set_presenter (QmRoom    *room,
               QmClient  *client,
               QmMessage *command)
{
  QmMessage *event;

  if (_qm_room_role_of (room, client->user_id) != QM_MEETING_ROLE_CHAIR)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_FORBIDDEN,
                        "only the chair may choose the presenter");
      return;
    }
  if (participant_of (room, command->presenter.user) == NULL)
    {
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "the presenter must be a participant of the meeting");
      return;
    }

  room->presenter_user = command->presenter.user;
  /* A hand-over matters more than a page turn: commit it now. */
  room->dirty = TRUE;
  _qm_room_save (room);

  event = qm_message_new (QM_MESSAGE_PRESENTER);
  event->presenter.user = command->presenter.user;
  emit (room, event, 0, QM_WS_FRAME_NORMAL);
  _qm_client_reply (client, command->id, 0);
}

void
_qm_room_command (QmRoom    *room,
                  QmClient  *client,
                  QmMessage *command)
{
  switch (command->type)
    {
    case QM_MESSAGE_PRESENT:
      present (room, client, command);
      break;

    case QM_MESSAGE_PRESENTER_SET:
      set_presenter (room, client, command);
      break;

    case QM_MESSAGE_PING:
      {
        QmMessage *pong = qm_message_new (QM_MESSAGE_PONG);

        pong->re = command->id ? json_node_copy (command->id) : NULL;
        _qm_client_send_message (client, pong);
        break;
      }

    case QM_MESSAGE_VOTE_OPEN:
    case QM_MESSAGE_VOTE_CAST:
    case QM_MESSAGE_VOTE_CAST_PROXY:
    case QM_MESSAGE_VOTE_CLOSE:
      _qm_votes_command (room->votes, client, command);
      break;

    case QM_MESSAGE_SPEAK_REQUEST:
    case QM_MESSAGE_SPEAK_WITHDRAW:
    case QM_MESSAGE_SPEAK_NEXT:
      _qm_floor_command (room->floor, client, command);
      break;

    case QM_MESSAGE_ANNOTATION_PUT:
    case QM_MESSAGE_ANNOTATION_DELETE:
      _qm_annotations_command (room->annotations, client, command);
      break;

    case QM_MESSAGE_FOLLOW_SET:
      _qm_following_command (room->following, client, command);
      break;

    case QM_MESSAGE_HELLO:
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "hello is sent once, first");
      break;

    default:
      _qm_client_error (client, command->id, QM_PROTOCOL_ERROR_BAD_REQUEST,
                        "this server does not offer this command");
      break;
    }
}

/* Changes made over HTTP */

void
_qm_room_agenda_changed (QmRoom *room)
{
  g_autoptr(QmMeeting) fresh = qm_store_get_meeting (room->services->store, room->meeting_id);
  QmMessage *event;

  if (fresh == NULL)
    return;
  qm_meeting_free (room->meeting);
  room->meeting = g_steal_pointer (&fresh);
  g_clear_pointer (&room->meeting_text, g_free);

  event = qm_message_new (QM_MESSAGE_AGENDA);
  event->agenda.meeting = qm_meeting_copy (room->meeting);
  g_clear_pointer (&event->agenda.meeting->participants, g_ptr_array_unref);
  emit (room, event, 0, QM_WS_FRAME_NORMAL);
}

static gboolean
same_participant (const QmParticipant *a,
                  const QmParticipant *b)
{
  return a->role == b->role && a->proxy_holder == b->proxy_holder
         && g_strcmp0 (a->display_name, b->display_name) == 0;
}

GArray *
_qm_room_participants_changed (QmRoom *room)
{
  g_autoptr(QmMeeting) fresh = qm_store_get_meeting (room->services->store, room->meeting_id);
  g_autoptr(QmMeeting) old = NULL;
  GArray *removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 presenter_before = current_presenter (room);
  QmMessage *event;

  if (fresh == NULL)
    return removed;
  old = g_steal_pointer (&room->meeting);
  room->meeting = g_steal_pointer (&fresh);
  g_clear_pointer (&room->meeting_text, g_free);

  event = qm_message_new (QM_MESSAGE_PARTICIPANTS);
  for (guint i = 0; i < room->meeting->participants->len; i++)
    {
      QmParticipant *now = g_ptr_array_index (room->meeting->participants, i);
      QmParticipant *before = old ? qm_meeting_find_participant (old, now->user_id) : NULL;

      if (before == NULL || !same_participant (before, now))
        g_ptr_array_add (event->participants.set, qm_participant_copy (now));
    }
  for (guint i = 0; old != NULL && i < old->participants->len; i++)
    {
      QmParticipant *before = g_ptr_array_index (old->participants, i);

      if (qm_meeting_find_participant (room->meeting, before->user_id) == NULL)
        {
          g_array_append_val (event->participants.removed, before->user_id);
          g_array_append_val (removed, before->user_id);
          _qm_floor_forget (room->floor, before->user_id);
        }
    }

  if (event->participants.set->len == 0 && event->participants.removed->len == 0)
    qm_message_free (event);
  else
    emit (room, event, 0, QM_WS_FRAME_NORMAL);

  if (current_presenter (room) != presenter_before)
    {
      QmMessage *presenter = qm_message_new (QM_MESSAGE_PRESENTER);

      presenter->presenter.user = current_presenter (room);
      if (presenter->presenter.user > 0)
        emit (room, presenter, 0, QM_WS_FRAME_NORMAL);
      else
        qm_message_free (presenter);
    }
  _qm_votes_check_quorum (room->votes);
  return removed;
}
