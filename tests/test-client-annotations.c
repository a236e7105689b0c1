/* test-client-annotations.c: QmAnnotationStore and the annotation export
 * against the real quorum-server: the offline queue across restarts of the
 * application and of the server, conflicts between two devices, lost
 * replies, visibility, limits, and the exported PDF read back with poppler.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "qm-test-live.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"
#define DOC_PAGES       3
/* qm_test_make_pdf draws A4 pages. */
#define PAGE_HEIGHT     842.0
/* The server of these tests keeps at most this much annotation JSON per
 * user and meeting (config below): two near-limit notes do not fit. */
#define MAX_BYTES       20000
/* A store names its server by the URL the user entered; the harness gives
 * a restarted server a new port, so these stores use one fixed name. */
#define SERVER_NAME     "https://quorum.test/"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef enum
{
  ROOT,     /* admin and secretary: creates the meetings */
  ALICE,
  BOB,
  N_ACCOUNTS
} Who;

static const char *usernames[N_ACCOUNTS] = { "root", "alice", "bob" };

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
  GBytes       *pdf;
  char         *doc;
} fixture;

static char *
db_path (const char *device)
{
  return g_build_filename (g_get_user_data_dir (), device, "annotations.db", NULL);
}

/* A meeting of ROOT's with ALICE and BOB as delegates and the document on
 * its agenda. */
static gint64
new_meeting (void)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Họp thẩm tra dự toán", NULL);
  g_autoptr(QmParticipant) alice = NULL;
  g_autoptr(QmParticipant) bob = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;

  alice = qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id,
                                   fixture.ids[ALICE], "delegate");
  bob = qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id,
                                 fixture.ids[BOB], "delegate");
  item = qm_test_add_item (fixture.server, fixture.tokens[ROOT], meeting->id, "Dự toán 2027");
  attached = qm_test_attach (fixture.server, fixture.tokens[ROOT], meeting->id, item->id,
                             fixture.doc);
  return meeting->id;
}

/* One device of one user in one meeting: session, live connection, model
 * and annotation store. */
typedef struct
{
  Who                who;
  QmSession         *session;
  QmLiveConnection  *live;
  QmMeetingModel    *model;
  QmAnnotationStore *store;
  GPtrArray         *conflicts;     /* "old new" */
  GPtrArray         *rejected;      /* of GError (ids in rejected_ids) */
  GPtrArray         *rejected_ids;
  GHashTable        *changed;       /* "page:doc" → count */
} Device;

static void
on_conflict (QmAnnotationStore *store,
             const char        *id,
             const char        *new_id,
             gpointer           user_data)
{
  Device *device = user_data;

  g_assert_cmpstr (id, !=, new_id);
  g_ptr_array_add (device->conflicts, g_strdup_printf ("%s %s", id, new_id));
}

static void
on_rejected (QmAnnotationStore  *store,
             const char         *id,
             const GError       *error,
             const QmAnnotation *edit,
             gpointer            user_data)
{
  Device *device = user_data;

  g_assert_nonnull (error);
  g_assert_true (edit == NULL || g_strcmp0 (edit->id, id) == 0);
  g_ptr_array_add (device->rejected, g_error_copy (error));
  g_ptr_array_add (device->rejected_ids, g_strdup (id));
}

static void
on_changed (QmAnnotationStore *store,
            const char        *doc,
            gint64             page,
            gpointer           user_data)
{
  Device *device = user_data;
  char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", page, doc);

  g_hash_table_insert (device->changed, key,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (device->changed,
                                                                                key)) + 1));
}

static guint
changes_on (Device *device,
            gint64  page)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", page, fixture.doc);

  return GPOINTER_TO_UINT (g_hash_table_lookup (device->changed, key));
}

static QmAnnotationStore *
open_store (Who          who,
            gint64       meeting_id,
            const char  *path)
{
  g_autoptr(GError) error = NULL;
  QmAnnotationStore *store = qm_annotation_store_new (path, SERVER_NAME, fixture.ids[who],
                                                      meeting_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (qm_annotation_store_get_path (store), ==, path);
  return store;
}

static Device *
device_new (Who          who,
            gint64       meeting_id,
            const char  *device_name)
{
  Device *device = g_new0 (Device, 1);
  g_autofree char *path = db_path (device_name);

  device->who = who;
  device->session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (device->session), "proxy-resolver", NULL, NULL);
  qm_session_set_token (device->session, fixture.tokens[who]);
  device->live = qm_live_connection_new (device->session, meeting_id);
  /* Quick retries, so a restart costs a second or two, not thirty. */
  qm_live_connection_set_timing (device->live, 50, 800, 0, 0, 0);
  device->model = qm_meeting_model_new ();
  qm_meeting_model_follow (device->model, device->live);
  device->store = open_store (who, meeting_id, path);
  qm_annotation_store_follow (device->store, device->live, device->model);

  device->conflicts = g_ptr_array_new_with_free_func (g_free);
  device->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  device->rejected_ids = g_ptr_array_new_with_free_func (g_free);
  device->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (device->store, "conflict", G_CALLBACK (on_conflict), device);
  g_signal_connect (device->store, "rejected", G_CALLBACK (on_rejected), device);
  g_signal_connect (device->store, "changed", G_CALLBACK (on_changed), device);
  return device;
}

/* Closes the device as quitting the application would: nothing is kept in
 * memory, everything must finalize. */
static void
device_free (Device *device)
{
  qm_live_connection_stop (device->live);
  /* A command the stop cut short answers from an idle, holding the
   * connection until then. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (device->store);
  g_assert_finalize_object (device->live);
  g_assert_finalize_object (device->model);
  g_assert_finalize_object (device->session);
  g_ptr_array_unref (device->conflicts);
  g_ptr_array_unref (device->rejected);
  g_ptr_array_unref (device->rejected_ids);
  g_hash_table_unref (device->changed);
  g_free (device);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

static void
device_go_online (Device *device)
{
  qm_live_connection_start (device->live);
  qm_test_wait_until (qm_live_connection_get_state (device->live) == QM_LIVE_STATE_ONLINE);
}

static void
device_go_offline (Device *device)
{
  qm_live_connection_stop (device->live);
  g_assert_cmpint (qm_live_connection_get_state (device->live), ==, QM_LIVE_STATE_OFFLINE);
}

static void
device_sync (Device *device)
{
  qm_test_wait_until (qm_annotation_store_get_pending (device->store) == 0);
}

/* Annotations */

static QmAnnotation *
make_note (gint64      page,
           double      x,
           double      y,
           const char *text,
           gboolean    shared)
{
  QmAnnotation *note = qm_annotation_new ();

  note->doc = g_strdup (fixture.doc);
  note->page = page;
  note->kind = QM_ANNOTATION_NOTE;
  note->shared = shared;
  note->x = x;
  note->y = y;
  note->text = g_strdup (text);
  return note;
}

static QmAnnotation *
make_highlight (gint64      page,
                const char *color,
                gboolean    shared)
{
  QmAnnotation *highlight = qm_annotation_new ();
  QmQuad quad = { 70.0, 400.0, 525.0, 413.5 };

  highlight->doc = g_strdup (fixture.doc);
  highlight->page = page;
  highlight->kind = QM_ANNOTATION_HIGHLIGHT;
  highlight->shared = shared;
  g_strlcpy (highlight->color, color, sizeof highlight->color);
  highlight->quads = g_array_new (FALSE, FALSE, sizeof (QmQuad));
  g_array_append_val (highlight->quads, quad);
  return highlight;
}

/* strokes: x, y pairs, a stroke ending at a negative x. */
static QmAnnotation *
make_ink (gint64        page,
          const char   *color,
          double        width,
          const double *coords,
          guint         n_coords)
{
  QmAnnotation *ink = qm_annotation_new ();
  GArray *stroke = NULL;

  ink->doc = g_strdup (fixture.doc);
  ink->page = page;
  ink->kind = QM_ANNOTATION_INK;
  g_strlcpy (ink->color, color, sizeof ink->color);
  ink->width = width;
  ink->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n_coords; i += 2)
    {
      QmInkPoint point = { coords[i], coords[i + 1], -1 };

      if (coords[i] < 0)
        {
          stroke = NULL;
          i--;
          continue;
        }
      if (stroke == NULL)
        {
          stroke = g_array_new (FALSE, FALSE, sizeof (QmInkPoint));
          g_ptr_array_add (ink->strokes, stroke);
        }
      g_array_append_val (stroke, point);
    }
  return ink;
}

static char *
put_ok (Device             *device,
        const QmAnnotation *annotation)
{
  g_autoptr(GError) error = NULL;
  char *id = qm_annotation_store_put (device->store, annotation, &error);

  g_assert_no_error (error);
  g_assert_true (qm_is_uuid (id));
  return id;
}

static void
delete_ok (Device     *device,
           const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (qm_annotation_store_delete (device->store, id, &error));
  g_assert_no_error (error);
}

/* A changed copy of what the store shows for id. */
static QmAnnotation *
edit_of (Device     *device,
         const char *id)
{
  const QmAnnotation *shown = qm_annotation_store_lookup (device->store, id);

  g_assert_nonnull (shown);
  return qm_annotation_copy (shown);
}

/* The server's list for the meeting's document, over HTTP, as who sees it. */
static GPtrArray *
server_list (gint64 meeting_id,
             Who    who)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/annotations?doc=%s",
                                           meeting_id, fixture.doc);

  return qm_test_get (fixture.server, path, fixture.tokens[who],
                      (gpointer) qm_annotation_list_parse);
}

static const QmAnnotation *
find (GPtrArray  *list,
      const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((QmAnnotation *) g_ptr_array_index (list, i))->id, id) == 0)
      return g_ptr_array_index (list, i);
  return NULL;
}

/* The same, asserted to be there. */
static const QmAnnotation *
get (GPtrArray  *list,
     const char *id)
{
  const QmAnnotation *found = find (list, id);

  if (found == NULL)
    g_error ("%s is not in the list", id);
  return found;
}

/* What a store shows for id, asserted to be there. */
static const QmAnnotation *
shown (Device     *device,
       const char *id)
{
  const QmAnnotation *found = qm_annotation_store_lookup (device->store, id);

  if (found == NULL)
    g_error ("%s is not in the store", id);
  return found;
}

/* Polls the server over HTTP (whose client runs on its own main context, so
 * the devices read nothing meanwhile) until annotation id has rev (0: is
 * gone). */
static void
wait_server_rev (gint64      meeting_id,
                 const char *id,
                 gint64      rev)
{
  gint64 deadline = g_get_monotonic_time () + QM_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) list = server_list (meeting_id, ALICE);
      const QmAnnotation *found = find (list, id);

      if ((rev == 0 && found == NULL) || (found != NULL && found->rev == rev))
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("the server never had %s at rev %" G_GINT64_FORMAT, id, rev);
      g_usleep (10000);
    }
}

/* The annotation events an observing connection receives, "+id rev" for a
 * put and "-id" for a deletion, until n of them came and nothing more for a
 * while. */
static GPtrArray *
observe (QmTestLive *observer,
         guint       n)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      g_autoptr(QmMessage) message = seen->len < n ? qm_test_live_next (observer)
                                                   : qm_test_live_try_next (observer, 500);

      if (message == NULL)
        return seen;
      if (message->type == QM_MESSAGE_ANNOTATION)
        g_ptr_array_add (seen, g_strdup_printf ("+%s %" G_GINT64_FORMAT,
                                                message->annotation.annotation->id,
                                                message->annotation.annotation->rev));
      else if (message->type == QM_MESSAGE_ANNOTATION_DELETED)
        g_ptr_array_add (seen, g_strdup_printf ("-%s", message->annotation_deleted.id));
    }
}

static void
assert_events (GPtrArray          *seen,
               const char * const *expected)
{
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  g_ptr_array_add (seen, NULL);
  got = g_strjoinv (", ", (char **) seen->pdata);
  want = g_strjoinv (", ", (char **) expected);
  g_assert_cmpstr (got, ==, want);
}

/* Tests */

/* The live connection hands over what an error answer carries. */
static void
test_send_finish_full (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice-raw");
  g_autoptr(QmAnnotation) note = make_note (1, 100, 100, "Nội dung", FALSE);
  g_autoptr(QmMessage) put = qm_message_new (QM_MESSAGE_ANNOTATION_PUT);

  device_go_online (alice);
  note->id = g_uuid_string_random ();
  put->annotation.annotation = qm_annotation_copy (note);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(QmMessage) reply = NULL;
      g_autoptr(QmMessage) error_message = NULL;
      g_autoptr(GError) error = NULL;

      qm_live_connection_send_async (alice->live, put, NULL, qm_test_store_result, &result);
      qm_test_wait_until (result != NULL);
      if (attempt == 2)
        {
          /* The short form still gives the code alone. */
          reply = qm_live_connection_send_finish (alice->live, result, &error);
          g_assert_null (reply);
          g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT);
          continue;
        }

      reply = qm_live_connection_send_finish_full (alice->live, result, &error_message, &error);
      if (attempt == 0)
        {
          g_assert_no_error (error);
          g_assert_null (error_message);
          g_assert_cmpint (reply->reply.annotation->rev, ==, 1);
          g_assert_cmpint (reply->reply.annotation->author, ==, fixture.ids[ALICE]);
        }
      else
        {
          /* rev 1 again: a conflict that carries the stored copy. */
          g_assert_null (reply);
          g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT);
          g_assert_nonnull (error_message);
          g_assert_cmpint (error_message->type, ==, QM_MESSAGE_ERROR);
          g_assert_cmpstr (error_message->error.code, ==, "conflict");
          g_assert_nonnull (error_message->error.annotation);
          g_assert_cmpstr (error_message->error.annotation->id, ==, note->id);
          g_assert_cmpstr (error_message->error.annotation->text, ==, "Nội dung");
        }
    }
}

static void
test_offline_queue (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice-tablet");
  g_autoptr(QmAnnotation) note = make_note (1, 90, 120, "Cần làm rõ nguồn vốn", FALSE);
  const double stroke[] = { 100, 500, 150, 505, 200, 510 };
  g_autoptr(QmAnnotation) ink = make_ink (1, "#c0392b", 1.5, stroke, G_N_ELEMENTS (stroke));
  g_autoptr(QmAnnotation) doomed = make_note (2, 300, 300, "Xoá sau", FALSE);
  g_autoptr(QmAnnotation) highlight = make_highlight (2, "#f1c40f", TRUE);
  g_autoptr(QmAnnotation) edit = NULL;
  g_autoptr(QmTestLive) observer = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autofree char *n1 = NULL, *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *path = db_path ("alice-tablet");
  const QmAnnotation *found;

  device_go_online (alice);
  n1 = put_ok (alice, note);
  device_sync (alice);

  /* The server goes away; the user keeps annotating. */
  qm_test_server_stop (fixture.server);
  qm_test_wait_until (qm_live_connection_get_state (alice->live) == QM_LIVE_STATE_RECONNECTING);

  a = put_ok (alice, ink);
  b = put_ok (alice, doomed);
  edit = edit_of (alice, n1);
  g_free (edit->text);
  edit->text = g_strdup ("Cần làm rõ nguồn vốn đối ứng");
  g_free (put_ok (alice, edit));
  delete_ok (alice, b);
  c = put_ok (alice, highlight);
  g_clear_pointer (&edit, qm_annotation_free);
  edit = edit_of (alice, a);
  strcpy (edit->color, "#2980b9");
  g_free (put_ok (alice, edit));

  g_assert_cmpuint (qm_annotation_store_get_pending (alice->store), ==, 6);
  g_assert_true (qm_annotation_store_is_pending (alice->store, a));
  g_assert_null (qm_annotation_store_lookup (alice->store, b));
  g_assert_cmpstr (shown (alice, a)->color, ==, "#2980b9");
  g_assert_cmpint (shown (alice, a)->rev, ==, 1);
  g_assert_cmpint (shown (alice, a)->author, ==, fixture.ids[ALICE]);
  g_assert_cmpint (shown (alice, n1)->rev, ==, 1);
  g_assert_cmpuint (changes_on (alice, 2), >=, 1);

  /* The application quits, and starts again while the server is still
   * down: everything is there, from disk. */
  g_clear_pointer (&alice, device_free);
  {
    g_autoptr(QmAnnotationStore) store = open_store (ALICE, mid, path);
    g_autoptr(GPtrArray) page1 = qm_annotation_store_list (store, fixture.doc, 1,
                                                            QM_ANNOTATION_LIST_ALL);
    g_autoptr(GPtrArray) page2 = qm_annotation_store_list (store, fixture.doc, 2,
                                                            QM_ANNOTATION_LIST_ALL);
    const QmAnnotation *edited = qm_annotation_store_lookup (store, n1);
    const QmAnnotation *shared = qm_annotation_store_lookup (store, c);

    g_assert_cmpuint (qm_annotation_store_get_pending (store), ==, 6);
    g_assert_cmpuint (page1->len, ==, 2);
    /* Drawing order: what the server has, then the local ones. */
    g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (page1, 0))->id, ==, n1);
    g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (page1, 1))->id, ==, a);
    g_assert_nonnull (edited);
    g_assert_cmpstr (edited->text, ==, "Cần làm rõ nguồn vốn đối ứng");
    g_assert_cmpuint (page2->len, ==, 1);
    g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (page2, 0))->id, ==, c);
    g_assert_nonnull (shared);
    g_assert_true (shared->shared);
    g_assert_finalize_object (g_steal_pointer (&store));
  }

  /* The server is back (on a new port). Another of Alice's devices watches
   * what it announces. */
  qm_test_server_start (fixture.server);
  observer = qm_test_live_join (fixture.server, mid, fixture.tokens[ALICE]);
  alice = device_new (ALICE, mid, "alice-tablet");
  g_assert_cmpuint (qm_annotation_store_get_pending (alice->store), ==, 6);
  device_go_online (alice);
  device_sync (alice);

  /* Every edit once, in the order made. */
  seen = observe (observer, 6);
  {
    g_autofree char *a1 = g_strdup_printf ("+%s 1", a);
    g_autofree char *b1 = g_strdup_printf ("+%s 1", b);
    g_autofree char *n2 = g_strdup_printf ("+%s 2", n1);
    g_autofree char *b0 = g_strdup_printf ("-%s", b);
    g_autofree char *c1 = g_strdup_printf ("+%s 1", c);
    g_autofree char *a2 = g_strdup_printf ("+%s 2", a);
    const char *expected[] = { a1, b1, n2, b0, c1, a2, NULL };

    assert_events (seen, expected);
  }

  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (listed, 0))->id, ==, n1);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (listed, 1))->id, ==, a);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (listed, 2))->id, ==, c);
  found = get (listed, n1);
  g_assert_cmpint (found->rev, ==, 2);
  g_assert_cmpstr (found->text, ==, "Cần làm rõ nguồn vốn đối ứng");
  found = get (listed, a);
  g_assert_cmpint (found->rev, ==, 2);
  g_assert_cmpstr (found->color, ==, "#2980b9");
  g_assert_cmpuint (((GArray *) g_ptr_array_index (found->strokes, 0))->len, ==, 3);
  found = get (listed, c);
  g_assert_true (found->shared);
  g_assert_cmpint (found->author, ==, fixture.ids[ALICE]);

  /* The store now shows the server's revs, and nothing is pending. */
  g_assert_cmpint (shown (alice, a)->rev, ==, 2);
  g_assert_false (qm_annotation_store_is_pending (alice->store, a));
  g_assert_cmpuint (alice->conflicts->len, ==, 0);
  g_assert_cmpuint (alice->rejected->len, ==, 0);
}

static void
test_conflict (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) tablet = device_new (ALICE, mid, "alice-tablet");
  g_autoptr(Device) laptop = device_new (ALICE, mid, "alice-laptop");
  g_autoptr(Device) bob = device_new (BOB, mid, "bob");
  g_autoptr(QmAnnotation) note = make_note (1, 200, 220, "Bản gốc", TRUE);
  g_autoptr(QmAnnotation) edit = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *s = NULL;
  g_auto(GStrv) pair = NULL;
  const char *forked;
  const QmAnnotation *found;

  device_go_online (tablet);
  device_go_online (laptop);
  device_go_online (bob);
  s = put_ok (tablet, note);
  device_sync (tablet);
  qm_test_wait_until (qm_annotation_store_lookup (laptop->store, s) != NULL);
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, s) != NULL);

  /* The laptop is offline while both devices change the note. */
  device_go_offline (laptop);
  edit = edit_of (tablet, s);
  g_free (edit->text);
  edit->text = g_strdup ("Sửa trên máy tính bảng");
  g_free (put_ok (tablet, edit));
  device_sync (tablet);

  g_clear_pointer (&edit, qm_annotation_free);
  edit = edit_of (laptop, s);
  g_free (edit->text);
  edit->text = g_strdup ("Sửa trên máy tính xách tay");
  g_free (put_ok (laptop, edit));
  g_assert_cmpstr (shown (laptop, s)->text, ==,
                   "Sửa trên máy tính xách tay");

  device_go_online (laptop);
  device_sync (laptop);

  /* The tablet's version keeps the id; the laptop's lives on beside it. */
  g_assert_cmpuint (laptop->conflicts->len, ==, 1);
  pair = g_strsplit (g_ptr_array_index (laptop->conflicts, 0), " ", 2);
  g_assert_cmpstr (pair[0], ==, s);
  forked = pair[1];
  g_assert_true (qm_is_uuid (forked));
  g_assert_cmpuint (laptop->rejected->len, ==, 0);

  found = shown (laptop, s);
  g_assert_cmpstr (found->text, ==, "Sửa trên máy tính bảng");
  g_assert_cmpint (found->rev, ==, 2);
  found = shown (laptop, forked);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->text, ==, "Sửa trên máy tính xách tay");
  g_assert_true (found->shared);
  g_assert_cmpint (found->rev, ==, 1);

  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (get (listed, s)->text, ==, "Sửa trên máy tính bảng");
  g_assert_cmpint (get (listed, s)->rev, ==, 2);
  g_assert_cmpstr (get (listed, forked)->text, ==, "Sửa trên máy tính xách tay");
  g_assert_cmpint (get (listed, forked)->rev, ==, 1);

  /* Everyone sees both. */
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, forked) != NULL);
  qm_test_wait_until (qm_annotation_store_lookup (tablet->store, forked) != NULL);
  g_assert_cmpstr (shown (bob, s)->text, ==, "Sửa trên máy tính bảng");
  g_assert_cmpuint (tablet->conflicts->len, ==, 0);

  /* Edit against delete: the tablet deletes the note the offline laptop
   * changes. The change is kept: the note comes back under its id. */
  device_go_offline (laptop);
  delete_ok (tablet, s);
  device_sync (tablet);
  g_clear_pointer (&edit, qm_annotation_free);
  edit = edit_of (laptop, s);
  g_free (edit->text);
  edit->text = g_strdup ("Vẫn cần ghi chú này");
  g_free (put_ok (laptop, edit));
  device_go_online (laptop);
  device_sync (laptop);
  g_assert_cmpuint (laptop->conflicts->len, ==, 1);
  g_assert_cmpuint (laptop->rejected->len, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = server_list (mid, BOB);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (get (listed, s)->text, ==, "Vẫn cần ghi chú này");
  g_assert_cmpint (get (listed, s)->rev, ==, 1);
  qm_test_wait_until (qm_annotation_store_lookup (tablet->store, s) != NULL);
}

/* Sends an edit, lets the server commit it, and drops the connection before
 * the device reads the reply; then the device quits. */
static void
lose_reply (Device    **device,
            gint64      meeting_id,
            const char *id,
            gint64      committed_rev)
{
  /* put and delete hand the edit to the socket at once; the device's main
   * context is not iterated until it is stopped, so the reply stays unread. */
  g_assert_cmpuint (qm_annotation_store_get_pending ((*device)->store), ==, 1);
  wait_server_rev (meeting_id, id, committed_rev);
  device_go_offline (*device);
  g_assert_cmpuint (qm_annotation_store_get_pending ((*device)->store), ==, 1);
  g_clear_pointer (device, device_free);
}

static void
test_lost_reply (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice-lost");
  g_autoptr(QmAnnotation) note = make_note (1, 50, 60, "Lần một", FALSE);
  g_autoptr(QmAnnotation) edit = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *x = NULL;

  device_go_online (alice);

  /* A new annotation, applied, its reply lost: sent again it must not make
   * a second one (nor a conflict). */
  x = put_ok (alice, note);
  lose_reply (&alice, mid, x, 1);
  alice = device_new (ALICE, mid, "alice-lost");
  g_assert_cmpuint (qm_annotation_store_get_pending (alice->store), ==, 1);
  device_go_online (alice);
  device_sync (alice);
  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpint (get (listed, x)->rev, ==, 1);
  g_assert_cmpuint (alice->conflicts->len, ==, 0);
  g_assert_cmpuint (alice->rejected->len, ==, 0);

  /* A change, applied, then the server is killed: it comes back with the
   * change (committed before the reply), which must not apply twice. */
  edit = edit_of (alice, x);
  g_free (edit->text);
  edit->text = g_strdup ("Lần hai");
  g_free (put_ok (alice, edit));
  lose_reply (&alice, mid, x, 2);
  qm_test_server_kill_restart (fixture.server);
  alice = device_new (ALICE, mid, "alice-lost");
  device_go_online (alice);
  device_sync (alice);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpint (get (listed, x)->rev, ==, 2);
  g_assert_cmpstr (get (listed, x)->text, ==, "Lần hai");
  g_assert_cmpstr (shown (alice, x)->text, ==, "Lần hai");
  g_assert_cmpint (shown (alice, x)->rev, ==, 2);
  g_assert_cmpuint (alice->conflicts->len, ==, 0);
  g_assert_cmpuint (alice->rejected->len, ==, 0);

  /* A deletion, applied: sent again, not_found means done. */
  delete_ok (alice, x);
  lose_reply (&alice, mid, x, 0);
  alice = device_new (ALICE, mid, "alice-lost");
  device_go_online (alice);
  device_sync (alice);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 0);
  g_assert_null (qm_annotation_store_lookup (alice->store, x));
  g_assert_cmpuint (alice->rejected->len, ==, 0);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_visibility (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice");
  g_autoptr(Device) bob = device_new (BOB, mid, "bob");
  g_autoptr(QmAnnotation) secret = make_note (1, 10, 10, "Chỉ mình tôi đọc", FALSE);
  g_autoptr(QmAnnotation) highlight = make_highlight (1, "#2ecc71", TRUE);
  g_autoptr(QmAnnotation) edit = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = NULL, *s = NULL;
  g_autofree char *bob_path = db_path ("bob");
  g_autofree char *bob_wal = g_strconcat (bob_path, "-wal", NULL);
  guint bob_changes;

  device_go_online (alice);
  device_go_online (bob);
  p = put_ok (alice, secret);
  s = put_ok (alice, highlight);
  device_sync (alice);
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, s) != NULL);

  g_assert_null (qm_annotation_store_lookup (bob->store, p));
  all = qm_annotation_store_list (bob->store, fixture.doc, 1, QM_ANNOTATION_LIST_ALL);
  own = qm_annotation_store_list (bob->store, fixture.doc, 1, QM_ANNOTATION_LIST_OWN);
  others = qm_annotation_store_list (bob->store, fixture.doc, 0, QM_ANNOTATION_LIST_OTHERS);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpuint (own->len, ==, 0);
  g_assert_cmpuint (others->len, ==, 1);
  g_assert_cmpstr (((QmAnnotation *) g_ptr_array_index (all, 0))->id, ==, s);
  g_assert_cmpint (((QmAnnotation *) g_ptr_array_index (all, 0))->author, ==, fixture.ids[ALICE]);
  g_assert_cmpuint (changes_on (bob, 1), >=, 1);

  /* A store that follows a connection already welcomed starts from the
   * model's state, at once. */
  {
    g_autofree char *path = db_path ("bob-late");
    g_autoptr(QmAnnotationStore) late = open_store (BOB, mid, path);

    g_assert_null (qm_annotation_store_lookup (late, s));
    qm_annotation_store_follow (late, bob->live, bob->model);
    g_assert_nonnull (qm_annotation_store_lookup (late, s));
    g_assert_null (qm_annotation_store_lookup (late, p));
    g_assert_finalize_object (g_steal_pointer (&late));
  }

  /* Bob may not change or delete Alice's annotation. */
  edit = edit_of (bob, s);
  g_assert_null (qm_annotation_store_put (bob->store, edit, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_NOT_OWNER);
  g_clear_error (&error);
  g_assert_false (qm_annotation_store_delete (bob->store, s, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_NOT_OWNER);
  g_clear_error (&error);
  g_assert_false (qm_annotation_store_delete (bob->store, p, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (qm_annotation_store_get_pending (bob->store), ==, 0);

  /* Made private, it leaves Bob's store, and page 1 redraws. */
  bob_changes = changes_on (bob, 1);
  g_clear_pointer (&edit, qm_annotation_free);
  edit = edit_of (alice, s);
  edit->shared = FALSE;
  g_free (put_ok (alice, edit));
  device_sync (alice);
  qm_test_wait_until (qm_annotation_store_lookup (bob->store, s) == NULL);
  g_assert_cmpuint (changes_on (bob, 1), >, bob_changes);
  g_assert_nonnull (qm_annotation_store_lookup (alice->store, s));

  /* Not on Bob's disk either, and a fresh welcome brings neither back. */
  g_clear_pointer (&bob, device_free);
  g_assert_false (file_contains (bob_path, p) || file_contains (bob_wal, p));
  bob = device_new (BOB, mid, "bob");
  g_assert_null (qm_annotation_store_lookup (bob->store, p));
  g_assert_null (qm_annotation_store_lookup (bob->store, s));
  device_go_online (bob);
  qm_test_settle (200);
  g_assert_null (qm_annotation_store_lookup (bob->store, p));
  g_assert_null (qm_annotation_store_lookup (bob->store, s));
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static void
test_limits (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice");
  /* "ệ" is three bytes: each of these holds about 11.7 KB of JSON. */
  g_autofree char *long_text = repeat ("ệ", 3900);
  g_autofree char *too_long = repeat ("ệ", QM_MAX_NOTE_CHARS + 1);
  g_autoptr(QmAnnotation) first = make_note (1, 10, 10, long_text, FALSE);
  g_autoptr(QmAnnotation) second = make_note (1, 20, 20, long_text, FALSE);
  g_autoptr(QmAnnotation) small = make_note (1, 30, 30, "Ngắn", FALSE);
  g_autoptr(QmAnnotation) oversized = make_note (1, 40, 40, too_long, FALSE);
  g_autoptr(QmAnnotation) huge_ink = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree double *coords = g_new (double, QM_MAX_INK_POINTS * 2);
  const GError *refusal;

  /* What the protocol refuses for its form is refused at once, and nothing
   * is queued: a note over 4 000 characters, an ink too big for one live
   * message (64 KiB), a non-UUID id. */
  g_assert_null (qm_annotation_store_put (alice->store, oversized, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  for (guint i = 0; i < QM_MAX_INK_POINTS; i++)
    {
      coords[2 * i] = 100.123456 + i % 300;
      coords[2 * i + 1] = 200.654321 + i % 400;
    }
  huge_ink = make_ink (1, "#000000", 1, coords, QM_MAX_INK_POINTS * 2);
  g_assert_null (qm_annotation_store_put (alice->store, huge_ink, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  small->id = g_strdup ("{not-a-uuid}");
  g_assert_null (qm_annotation_store_put (alice->store, small, &error));
  g_assert_error (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&small->id, g_free);
  g_assert_cmpuint (qm_annotation_store_get_pending (alice->store), ==, 0);

  /* What only the server can tell: the second long note passes its byte
   * limit. It is refused, and the queue goes on with the next edit. */
  a = put_ok (alice, first);
  b = put_ok (alice, second);
  c = put_ok (alice, small);
  g_assert_cmpuint (qm_annotation_store_get_pending (alice->store), ==, 3);
  device_go_online (alice);
  device_sync (alice);

  g_assert_cmpuint (alice->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (alice->rejected_ids, 0), ==, b);
  refusal = g_ptr_array_index (alice->rejected, 0);
  g_assert_error (refusal, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_LIMIT);
  g_assert_nonnull (strstr (refusal->message, "annotation limit reached"));
  g_test_message ("%s", refusal->message);

  g_assert_nonnull (qm_annotation_store_lookup (alice->store, a));
  g_assert_null (qm_annotation_store_lookup (alice->store, b));
  g_assert_nonnull (qm_annotation_store_lookup (alice->store, c));
  listed = server_list (mid, ALICE);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_nonnull (find (listed, a));
  g_assert_nonnull (find (listed, c));
}

/* Export */

static guint
count_shown (Device                *device,
             QmAnnotationListFlags  flags)
{
  g_autoptr(GPtrArray) list = qm_annotation_store_list (device->store, fixture.doc, 0, flags);

  return list->len;
}

static guint
export (const char  *source,
        const char  *dest,
        GPtrArray   *annotations,
        QmMeetingModel *names,
        GCancellable *cancellable,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint written = G_MAXUINT;

  qm_annotation_export_async (source, dest, annotations, names, cancellable, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  if (!qm_annotation_export_finish (result, &written, error))
    return G_MAXUINT;
  return written;
}

/* The annotations poppler reads on a page, of one type. */
static GList *
page_annots (PopplerDocument  *document,
             int               index,
             PopplerAnnotType  type)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  GList *mapping = poppler_page_get_annot_mapping (page);
  GList *found = NULL;

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerAnnotMapping *entry = l->data;

      if (poppler_annot_get_annot_type (entry->annot) == type)
        found = g_list_append (found, g_object_ref (entry->annot));
    }
  poppler_page_free_annot_mapping (mapping);
  return found;
}

static void
assert_color (PopplerAnnot *annot,
              guint         rgb)
{
  g_autofree PopplerColor *color = poppler_annot_get_color (annot);

  /* The file keeps colours as fractions: 8 bits survive, 16 may not. */
  g_assert_nonnull (color);
  g_assert_cmpuint ((color->red + 128) / 257, ==, (rgb >> 16) & 0xff);
  g_assert_cmpuint ((color->green + 128) / 257, ==, (rgb >> 8) & 0xff);
  g_assert_cmpuint ((color->blue + 128) / 257, ==, rgb & 0xff);
}

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 0.6)

static void
test_export (void)
{
  gint64 mid = new_meeting ();
  g_autoptr(Device) alice = device_new (ALICE, mid, "alice");
  g_autoptr(Device) bob = device_new (BOB, mid, "bob");
  g_autoptr(QmAnnotation) note = make_note (1, 100, 150, "Ý kiến: giảm chi thường xuyên 5%", FALSE);
  g_autoptr(QmAnnotation) bobs = make_note (1, 400, 700, "Đồng ý", TRUE);
  g_autoptr(QmAnnotation) highlight = make_highlight (2, "#2ecc71", TRUE);
  /* A line with a point on it (dropped), a corner, then a dot. */
  const double strokes[] = { 100, 500, 150, 500, 200, 500, 200, 550, -1, 300, 300 };
  g_autoptr(QmAnnotation) ink = make_ink (1, "#c0392b", 2, strokes, G_N_ELEMENTS (strokes));
  g_autoptr(QmAnnotation) nowhere = make_note (1, 1, 1, "Trang không có", FALSE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "export", NULL);
  g_autofree char *source = g_build_filename (folder, "du-toan.pdf", NULL);
  g_autofree char *dest = g_build_filename (folder, "du-toan-ghi-chu.pdf", NULL);
  g_autofree char *dest_own = g_build_filename (folder, "du-toan-cua-toi.pdf", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *n = NULL, *h = NULL, *i = NULL;
  GList *texts, *lines, *circles, *highlights;
  PopplerRectangle rect;
  gboolean found_alice = FALSE, found_bob = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (source, g_bytes_get_data (fixture.pdf, NULL),
                                      g_bytes_get_size (fixture.pdf), NULL));

  device_go_online (alice);
  device_go_online (bob);
  g_free (put_ok (bob, bobs));
  n = put_ok (alice, note);
  h = put_ok (alice, highlight);
  i = put_ok (alice, ink);
  device_sync (alice);
  device_sync (bob);
  qm_test_wait_until (count_shown (alice, QM_ANNOTATION_LIST_OTHERS) == 1);
  all = qm_annotation_store_list (alice->store, fixture.doc, 0, QM_ANNOTATION_LIST_ALL);
  own = qm_annotation_store_list (alice->store, fixture.doc, 0, QM_ANNOTATION_LIST_OWN);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpuint (own->len, ==, 3);

  /* One on a page the document does not have is left out. */
  nowhere->id = g_uuid_string_random ();
  nowhere->page = DOC_PAGES + 1;
  g_ptr_array_add (all, nowhere);
  g_assert_cmpuint (export (source, dest, all, alice->model, NULL, &error), ==, 4);
  g_assert_no_error (error);

  uri = g_filename_to_uri (dest, NULL, NULL);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, DOC_PAGES);

  /* Notes: the icon's top-left corner at the point, the text, the author. */
  texts = page_annots (document, 0, POPPLER_ANNOT_TEXT);
  g_assert_cmpuint (g_list_length (texts), ==, 2);
  for (GList *l = texts; l != NULL; l = l->next)
    {
      PopplerAnnot *annot = l->data;
      g_autofree char *contents = poppler_annot_get_contents (annot);
      g_autofree char *label = poppler_annot_markup_get_label (POPPLER_ANNOT_MARKUP (annot));

      poppler_annot_get_rectangle (annot, &rect);
      if (g_strcmp0 (contents, note->text) == 0)
        {
          found_alice = TRUE;
          g_assert_cmpstr (label, ==, "Test alice");
          assert_near (rect.x1, 100);
          assert_near (rect.y2, PAGE_HEIGHT - 150);
        }
      else
        {
          g_assert_cmpstr (contents, ==, "Đồng ý");
          found_bob = TRUE;
          g_assert_cmpstr (label, ==, "Test bob");
          assert_near (rect.x1, 400);
          assert_near (rect.y2, PAGE_HEIGHT - 700);
        }
      assert_color (annot, 0xf1c40f);
    }
  g_assert_true (found_alice && found_bob);
  g_list_free_full (texts, g_object_unref);

  /* Ink: two segments (the middle point of the straight run dropped), each
   * within the width of its ends, and the dot. */
  lines = page_annots (document, 0, POPPLER_ANNOT_LINE);
  g_assert_cmpuint (g_list_length (lines), ==, 2);
  for (GList *l = lines; l != NULL; l = l->next)
    {
      poppler_annot_get_rectangle (l->data, &rect);
      assert_color (l->data, 0xc0392b);
      if (rect.y2 - rect.y1 < 10)
        {
          /* (100, 500) → (200, 500) */
          assert_near (rect.x1, 100 - 1);
          assert_near (rect.x2, 200 + 1);
          assert_near ((rect.y1 + rect.y2) / 2, PAGE_HEIGHT - 500);
        }
      else
        {
          /* (200, 500) → (200, 550) */
          assert_near ((rect.x1 + rect.x2) / 2, 200);
          assert_near (rect.y1, PAGE_HEIGHT - 550 - 1);
          assert_near (rect.y2, PAGE_HEIGHT - 500 + 1);
        }
    }
  g_list_free_full (lines, g_object_unref);
  circles = page_annots (document, 0, POPPLER_ANNOT_CIRCLE);
  g_assert_cmpuint (g_list_length (circles), ==, 1);
  poppler_annot_get_rectangle (circles->data, &rect);
  assert_near ((rect.x1 + rect.x2) / 2, 300);
  assert_near ((rect.y1 + rect.y2) / 2, PAGE_HEIGHT - 300);
  assert_near (rect.x2 - rect.x1, 2);
  assert_color (circles->data, 0xc0392b);
  g_list_free_full (circles, g_object_unref);

  /* The highlight on page 2, its quad turned to bottom-left coordinates. */
  g_assert_null (page_annots (document, 0, POPPLER_ANNOT_HIGHLIGHT));
  highlights = page_annots (document, 1, POPPLER_ANNOT_HIGHLIGHT);
  g_assert_cmpuint (g_list_length (highlights), ==, 1);
  assert_color (highlights->data, 0x2ecc71);
  {
    g_autoptr(GArray) quads =
      poppler_annot_text_markup_get_quadrilaterals (POPPLER_ANNOT_TEXT_MARKUP (highlights->data));
    PopplerQuadrilateral *quad;

    g_assert_cmpuint (quads->len, ==, 1);
    quad = &g_array_index (quads, PopplerQuadrilateral, 0);
    assert_near (quad->p1.x, 70);
    assert_near (quad->p1.y, PAGE_HEIGHT - 400);
    assert_near (quad->p4.x, 525);
    assert_near (quad->p4.y, PAGE_HEIGHT - 413.5);
  }
  g_list_free_full (highlights, g_object_unref);
  g_clear_object (&document);

  /* The user's own only: Bob's note stays out. */
  g_assert_cmpuint (export (source, dest_own, own, NULL, NULL, &error), ==, 3);
  g_assert_no_error (error);
  g_free (uri);
  uri = g_filename_to_uri (dest_own, NULL, NULL);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  texts = page_annots (document, 0, POPPLER_ANNOT_TEXT);
  g_assert_cmpuint (g_list_length (texts), ==, 1);
  {
    g_autofree char *label = poppler_annot_markup_get_label (POPPLER_ANNOT_MARKUP (texts->data));

    g_assert_true (label == NULL || *label == '\0');
  }
  g_list_free_full (texts, g_object_unref);
  g_clear_object (&document);

  /* Cancelled: an error, and nothing written. */
  g_assert_cmpint (g_unlink (dest_own), ==, 0);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (export (source, dest_own, own, NULL, cancellable, &error), ==, G_MAXUINT);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (dest_own, G_FILE_TEST_EXISTS));

  /* Not a PDF: an error. */
  g_assert_cmpuint (export (dest_own, dest, own, NULL, NULL, &error), ==, G_MAXUINT);
  g_assert_error (error, QM_ANNOTATION_EXPORT_ERROR, QM_ANNOTATION_EXPORT_ERROR_OPEN);
  g_assert_true (g_file_test (dest, G_FILE_TEST_EXISTS));

  g_ptr_array_remove (all, nowhere);
  (void) n; (void) h; (void) i;
}

/* Set-up */

static void
fixture_set_up (void)
{
  static const char *config[] = {
    "limits", "annotation-bytes-per-user", G_STRINGIFY (MAX_BYTES),
    NULL
  };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE };
  QmAccountRoles roles[N_ACCOUNTS] = { 0 };
  const char *created[N_ACCOUNTS];
  g_autoptr(QmDocument) doc = NULL;
  g_autoptr(QmUser) me = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);
  me = qm_test_get (fixture.server, "/api/v1/me", fixture.tokens[ROOT], (gpointer) qm_user_parse);
  fixture.ids[ROOT] = me->id;
  memcpy (created, usernames, sizeof created);
  created[ROOT] = NULL;
  qm_test_create_users (fixture.server, fixture.tokens[ROOT], N_ACCOUNTS, created, roles,
                        PASSWORD, fixture.ids);
  qm_test_login_many (fixture.server, N_ACCOUNTS, created, PASSWORD, fixture.tokens);
  fixture.pdf = qm_test_make_pdf (DOC_PAGES, "Dự toán ngân sách 2027", 7);
  doc = qm_test_upload (fixture.server, fixture.tokens[ROOT], "du-toan.pdf", fixture.pdf);
  fixture.doc = g_strdup (doc->id);
}

static void
fixture_tear_down (void)
{
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  g_clear_pointer (&fixture.pdf, g_bytes_unref);
  g_clear_pointer (&fixture.doc, g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/client/annotations/send-finish-full", test_send_finish_full);
  g_test_add_func ("/quorum/client/annotations/offline-queue", test_offline_queue);
  g_test_add_func ("/quorum/client/annotations/conflict", test_conflict);
  g_test_add_func ("/quorum/client/annotations/lost-reply", test_lost_reply);
  g_test_add_func ("/quorum/client/annotations/visibility", test_visibility);
  g_test_add_func ("/quorum/client/annotations/limits", test_limits);
  g_test_add_func ("/quorum/client/annotations/export", test_export);

  fixture_set_up ();
  result = g_test_run ();
  fixture_tear_down ();
  return result;
}
