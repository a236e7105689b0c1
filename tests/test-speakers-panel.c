/* test-speakers-panel.c: the speakers panel on a real display, bound to a
 * member's real live connection and model, against the real quorum-server:
 * others ask for the floor on raw live connections, the chair gives it, and
 * the test taps the panel's button like a user and checks what the chair sees.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "qm-speakers-panel.h"
#include "qm-test-live.h"
#include "qm-test-widgets.h"

#define PASSWORD "correct horse battery"

typedef enum
{
  ROOT,
  CHAIR,
  ALICE,       /* the user of the panel */
  BOB,
  CAROL,
  N_ACCOUNTS
} Who;

static const char * const usernames[N_ACCOUNTS] = { "root", "chair", "alice", "bob", "carol" };
static const char * const display_names[N_ACCOUNTS] = {
  "Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Quang Minh", "Võ Anh Tuấn", "Phạm Thị Hoa",
};

static struct
{
  QmTestServer *server;
  gint64        ids[N_ACCOUNTS];
  char         *tokens[N_ACCOUNTS];
} fixture;

typedef struct
{
  gint64        meeting_id;
  QmTestLive   *chair;
  QmTestLive   *bob;
  QmTestLive   *carol;
  QmTestClient *client;
  GtkWidget    *panel;
  GtkWidget    *window;
  gint64        next_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(QmMeeting) meeting = qm_test_create_meeting (fixture.server, fixture.tokens[ROOT],
                                                         "Kỳ họp thứ 12", NULL);
  GtkWidget *box, *document;

  for (Who who = CHAIR; who < N_ACCOUNTS; who++)
    {
      g_autoptr(QmParticipant) participant =
        qm_test_put_participant (fixture.server, fixture.tokens[ROOT], meeting->id, fixture.ids[who],
                                 who == CHAIR ? "chair" : "delegate");
    }
  f->meeting_id = meeting->id;
  f->chair = qm_test_live_join (fixture.server, f->meeting_id, fixture.tokens[CHAIR]);
  f->bob = qm_test_live_join (fixture.server, f->meeting_id, fixture.tokens[BOB]);
  f->carol = qm_test_live_join (fixture.server, f->meeting_id, fixture.tokens[CAROL]);
  f->client = qm_test_client_new (fixture.server, fixture.tokens[ALICE], f->meeting_id);
  qm_test_client_go_online (f->client);
  f->next_id = 1;

  f->panel = g_object_ref_sink (qm_speakers_panel_new ());
  qm_speakers_panel_bind (QM_SPEAKERS_PANEL (f->panel), f->client->model, f->client->live);

  /* A sidebar column beside a stand-in document. */
  gtk_widget_set_size_request (f->panel, 300, -1);
  gtk_widget_set_margin_top (f->panel, 18);
  gtk_widget_set_margin_bottom (f->panel, 18);
  gtk_widget_set_margin_start (f->panel, 18);
  gtk_widget_set_margin_end (f->panel, 18);
  document = qm_test_document_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (box), f->panel);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), document);
  f->window = qm_test_window_new (1280, 800, box);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->panel);
  qm_test_client_free (f->client);
  qm_test_live_free (f->carol);
  qm_test_live_free (f->bob);
  qm_test_live_free (f->chair);
}

static void
command (Fixture    *f,
         QmTestLive *live,
         const char *type)
{
  g_autoptr(QmMessage) reply = qm_test_live_command (live, f->next_id++, "\"type\":\"%s\"", type);

  if (reply->type != QM_MESSAGE_REPLY)
    g_error ("%s failed: %s", type, qm_test_live_last_raw (live));
}

/* Waits until the chair receives a speakers list with this current speaker
 * and queue (user ids, 0-terminated). */
static void
chair_sees (Fixture *f,
            gint64   current,
            ...)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  gint64 id;

  va_start (args, current);
  while ((id = va_arg (args, gint64)) != 0)
    g_array_append_val (queue, id);
  va_end (args);

  for (;;)
    {
      g_autoptr(QmMessage) speakers = qm_test_live_wait_type (f->chair, QM_MESSAGE_SPEAKERS);

      if (speakers->speakers.current == current
          && speakers->speakers.queue->len == queue->len
          && (queue->len == 0
              || memcmp (speakers->speakers.queue->data, queue->data, queue->len * sizeof (gint64)) == 0))
        return;
    }
}

static GtkWidget *
request_button (Fixture    *f,
                const char *label)
{
  GtkWidget *button = qm_test_find_button (f->panel, label);

  g_assert_nonnull (button);
  return button;
}

/* The button after an answer sleeps a moment against double taps. */
static void
tap_when_awake (Fixture    *f,
                const char *label)
{
  GtkWidget *button;

  qm_test_wait_until ((button = qm_test_find_button (f->panel, label)) != NULL
                      && gtk_widget_is_sensitive (button));
  qm_test_tap (button);
}

static gboolean
shows_elapsed (Fixture *f)
{
  return qm_test_find_label (f->panel, "0:00") != NULL || qm_test_find_label (f->panel, "0:01") != NULL
         || qm_test_find_label (f->panel, "0:02") != NULL || qm_test_find_label (f->panel, "0:03") != NULL;
}

/* "You are 3rd in line", in the test's language. */
static char *
place_text (guint place)
{
  g_autofree char *ordinal = NULL;

  g_assert (place == 2 || place == 3);
  ordinal = place == 2 ? g_strdup_printf (C_("ordinal", "%und"), place)
                       : g_strdup_printf (C_("ordinal", "%urd"), place);
  return g_strdup_printf (_("You are %s in line"), ordinal);
}

static void
test_queue_and_withdraw (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *waiting_2 = g_strdup_printf (_("Waiting to speak (%u)"), 2);
  g_autofree char *waiting_3 = g_strdup_printf (_("Waiting to speak (%u)"), 3);
  g_autofree char *third = place_text (3);
  g_autofree char *second = place_text (2);
  GtkWidget *button;

  g_assert_nonnull (qm_test_find_label (f->panel, _("Nobody has the floor")));
  g_assert_nonnull (qm_test_find_label (f->panel, _("Nobody is waiting to speak")));
  button = request_button (f, _("Request to speak"));
  g_assert_true (gtk_widget_is_sensitive (button));

  command (f, f->bob, "speak.request");
  command (f, f->carol, "speak.request");
  qm_test_wait_until (qm_test_find_label (f->panel, waiting_2) != NULL);
  g_assert_nonnull (qm_test_find_label (f->panel, display_names[BOB]));
  g_assert_nonnull (qm_test_find_label (f->panel, display_names[CAROL]));
  qm_test_screenshot (f->window, "speakers-queue");

  /* A double tap asks once. */
  g_signal_emit_by_name (button, "clicked");
  g_signal_emit_by_name (button, "clicked");
  qm_test_wait_until (qm_test_find_label (f->panel, third) != NULL);
  chair_sees (f, 0, fixture.ids[BOB], fixture.ids[CAROL], fixture.ids[ALICE], (gint64) 0);
  g_assert_nonnull (qm_test_find_label (f->panel, waiting_3));
  g_assert_nonnull (qm_test_find_label (f->panel, _("You")));
  g_assert_nonnull (qm_test_find_button (f->panel, _("Withdraw request")));
  qm_test_client_round_trip (f->client);
  g_assert_nonnull (qm_test_find_label (f->panel, third));

  /* The chair gives the floor: the line moves up. */
  command (f, f->chair, "speak.next");
  qm_test_wait_until (qm_test_find_label (f->panel, second) != NULL);
  g_assert_nonnull (qm_test_find_label (f->panel, _("Speaking now")));
  g_assert_nonnull (qm_test_find_label (f->panel, display_names[BOB]));
  g_assert_true (shows_elapsed (f));
  qm_test_screenshot (f->window, "speakers-second");

  command (f, f->chair, "speak.next");
  qm_test_wait_until (qm_test_find_label (f->panel, _("You are next in line")) != NULL);
  g_assert_nonnull (qm_test_find_label (f->panel, display_names[CAROL]));
  g_assert_null (qm_test_find_label (f->panel, display_names[BOB]));

  tap_when_awake (f, _("Withdraw request"));
  chair_sees (f, fixture.ids[CAROL], (gint64) 0);
  qm_test_wait_until (qm_test_find_label (f->panel, _("Nobody is waiting to speak")) != NULL);
  g_assert_null (qm_test_find_label (f->panel, _("You are next in line")));
  g_assert_null (qm_test_find_label (f->panel, _("Your request has been sent")));
  qm_test_wait_until ((button = qm_test_find_button (f->panel, _("Request to speak"))) != NULL
                      && gtk_widget_is_sensitive (button));
}

static void
test_speaking (Fixture       *f,
               gconstpointer  data)
{
  tap_when_awake (f, _("Request to speak"));
  chair_sees (f, 0, fixture.ids[ALICE], (gint64) 0);
  qm_test_wait_until (qm_test_find_label (f->panel, _("You are next in line")) != NULL);

  command (f, f->chair, "speak.next");
  qm_test_wait_until (qm_test_find_label (f->panel, _("You have the floor")) != NULL);
  g_assert_nonnull (qm_test_find_label (f->panel, display_names[ALICE]));
  g_assert_true (shows_elapsed (f));
  qm_test_screenshot (f->window, "speakers-speaking");

  tap_when_awake (f, _("Finish speaking"));
  chair_sees (f, 0, (gint64) 0);
  qm_test_wait_until (qm_test_find_label (f->panel, _("Nobody has the floor")) != NULL);
  g_assert_null (qm_test_find_label (f->panel, _("You have the floor")));
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *button = request_button (f, _("Request to speak"));

  qm_live_connection_stop (f->client->live);
  qm_test_wait_until (!gtk_widget_is_sensitive (button));
  g_assert_nonnull (qm_test_find_label (f->panel, _("Not connected")));
  qm_test_screenshot (f->window, "speakers-offline");

  qm_test_client_go_online (f->client);
  qm_test_wait_until (gtk_widget_is_sensitive (button));
  g_assert_null (qm_test_find_label (f->panel, _("Not connected")));
  g_assert_null (qm_test_find_label (f->panel, _("Not connected — reconnecting…")));
  qm_test_tap (button);
  chair_sees (f, 0, fixture.ids[ALICE], (gint64) 0);
  qm_test_wait_until (qm_test_find_label (f->panel, _("You are next in line")) != NULL);
}

static void
server_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmTestCall calls[N_ACCOUNTS];
  g_auto(GStrv) bodies = g_new0 (char *, N_ACCOUNTS + 1);
  const char *logins[N_ACCOUNTS];
  guint n = 0;

  fixture.server = qm_test_server_new (&options);
  fixture.tokens[ROOT] = qm_test_login (fixture.server, "root", PASSWORD);

  /* Real names: the screens show them. */
  for (Who who = CHAIR; who < N_ACCOUNTS; who++)
    {
      bodies[n] = g_strdup_printf ("{\"username\":\"%s\",\"display_name\":\"%s\","
                                   "\"password\":\"%s\",\"roles\":[]}",
                                   usernames[who], display_names[who], PASSWORD);
      calls[n] = (QmTestCall) { "POST", "/api/v1/users", fixture.tokens[ROOT], bodies[n] };
      n++;
    }
  qm_test_json_parallel (fixture.server, calls, n);
  for (Who who = CHAIR; who < N_ACCOUNTS; who++)
    {
      g_autoptr(QmUser) user = NULL;

      qm_test_assert_status (calls[who - CHAIR].body, calls[who - CHAIR].status, 201);
      user = qm_test_parse (calls[who - CHAIR].body, (gpointer) qm_user_parse);
      fixture.ids[who] = user->id;
    }
  qm_test_calls_clear (calls, n);

  memcpy (logins, usernames, sizeof logins);
  logins[ROOT] = NULL;
  qm_test_login_many (fixture.server, N_ACCOUNTS, logins, PASSWORD, fixture.tokens);
}

int
main (int    argc,
      char **argv)
{
  int result;

  qm_test_widgets_init (&argc, &argv);

#define ADD(path, test) \
  g_test_add ("/quorum/app/speakers-panel/" path, Fixture, NULL, fixture_set_up, test, fixture_tear_down)
  ADD ("queue-and-withdraw", test_queue_and_withdraw);
  ADD ("speaking", test_speaking);
  ADD ("offline", test_offline);
#undef ADD

  server_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    g_clear_pointer (&fixture.tokens[i], g_free);
  return result;
}
