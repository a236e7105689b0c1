/* test-server-list.c: "Servers on this network" on the sign-in page, with a
 * real avahi-daemon on a private system bus and the real quorum-server
 * --announce: hidden while nothing is announced, the server's row appears,
 * choosing it fills the address and signing in works, and the row goes
 * (and the list hides) when the server stops.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "qm-server-list.h"
#include "qm-sign-in-page.h"
#include "qm-test-avahi.h"
#include "qm-test-gui.h"
#include "qm-test-widgets.h"
#include "qm-test-server.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  QmTestAvahi  *avahi;
  QmSession    *session;
  GSettings    *settings;
  QmSignInPage *page;
  GtkWindow    *window;
  guint         signed_in;
} Fixture;

static void
on_signed_in (QmSignInPage *page,
              Fixture      *fixture)
{
  fixture->signed_in++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->avahi = qm_test_avahi_new ();
  fixture->session = qm_session_new (NULL);
  g_object_set (qm_session_get_soup_session (fixture->session), "proxy-resolver", NULL, NULL);
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "server-url");
  g_settings_reset (fixture->settings, "username");
  fixture->page = g_object_ref_sink (g_object_new (QM_TYPE_SIGN_IN_PAGE, NULL));
  g_signal_connect (fixture->page, "signed-in", G_CALLBACK (on_signed_in), fixture);
  qm_sign_in_page_setup (fixture->page, fixture->session, fixture->settings);
  fixture->window = qm_test_gui_show (GTK_WIDGET (fixture->page), 900, 760);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  qm_test_gui_destroy (fixture->window, fixture->page);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->session);
  /* Before qm_test_gui_run () stops the session bus: a test still busy
   * when that bus goes gets SIGTERM from GDBus. */
  g_clear_pointer (&fixture->avahi, qm_test_avahi_free);
}

static GtkWidget *
entry_row (Fixture    *fixture,
           const char *title)
{
  GtkWidget *found = qm_test_gui_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                       g_dgettext (GETTEXT_PACKAGE, title));

  g_assert_nonnull (found);
  return found;
}

static QmServerList *
server_list (Fixture *fixture)
{
  GtkWidget *list = qm_test_gui_find (GTK_WIDGET (fixture->page), QM_TYPE_SERVER_LIST, NULL);

  g_assert_nonnull (list);
  return QM_SERVER_LIST (list);
}

static void
test_pick_and_sign_in (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("Quorum room %d", (int) getpid ());
  const char *config[] = { "server", "name", name, NULL };
  const char *args[] = { "--announce", NULL };
  const QmTestServerOptions options = { "root", PASSWORD, config, FALSE, args };
  g_autoptr(QmTestServer) server = NULL;
  g_autofree char *url = NULL;
  QmServerList *list = server_list (fixture);
  GtkWidget *row = NULL;

  /* Nothing announced yet: no list at all. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page),
                                          g_dgettext (GETTEXT_PACKAGE, "Servers on this network")));

  server = qm_test_server_new (&options);
  url = g_strndup (qm_test_server_get_url (server), strlen (qm_test_server_get_url (server)) - 1);
  qm_test_gui_wait_until ((row = qm_test_gui_find (GTK_WIDGET (list), ADW_TYPE_ACTION_ROW, name))
                          != NULL && gtk_widget_get_mapped (row));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (fixture->page),
                                         g_dgettext (GETTEXT_PACKAGE, "Servers on this network")));
  /* The row says where: the address and port, as in the URL. */
  g_assert_true (qm_test_shows_text (row, url + strlen ("http://")));
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-servers");

  /* Choosing it fills the address and moves on to the username. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (fixture, "Server address"))),
                   !=, url);
  gtk_widget_activate (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (fixture, "Server address"))),
                   ==, url);
  qm_test_gui_wait_until (qm_test_gui_has_focus (entry_row (fixture, "Username")));

  /* And that address signs in. */
  qm_test_gui_type (entry_row (fixture, "Username"), "root");
  qm_test_gui_type (entry_row (fixture, "Password"), PASSWORD);
  qm_test_gui_press_enter (entry_row (fixture, "Password"));
  qm_test_gui_wait_until (fixture->signed_in == 1);
  g_assert_cmpstr (qm_session_get_base_url (fixture->session), ==, url);

  /* The server stops: its row goes, and the list with it. */
  qm_test_server_stop (server);
  qm_test_gui_wait_until (!gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpuint (g_list_model_get_n_items (qm_server_list_get_servers (list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *unavailable;

  qm_test_gui_init (&argc, &argv);

  unavailable = qm_test_avahi_unavailable ();
  if (unavailable != NULL)
    g_test_add_data_func ("/quorum/app/server-list/pick-and-sign-in", unavailable,
                          (GTestDataFunc) g_test_skip);
  else
    g_test_add ("/quorum/app/server-list/pick-and-sign-in", Fixture, NULL, fixture_set_up,
                test_pick_and_sign_in, fixture_tear_down);

  return qm_test_gui_run ();
}
