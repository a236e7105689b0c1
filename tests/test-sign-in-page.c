/* test-sign-in-page.c: the sign-in page against the real quorum-server: the
 * form, what it says for each failure, the token kept between runs (in
 * memory: the test's private bus has no keyring), restore and sign-out.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include "qm-credentials.h"
#include "qm-sign-in-page.h"
#include "qm-test-gui.h"
#include "qm-test-server.h"
#include "qm-test-widgets.h"

#define PASSWORD "correct horse battery"

static struct
{
  QmTestServer *server;
  char         *url;         /* as the session keeps it: no trailing slash */
} shared;

typedef struct
{
  QmSession    *session;
  GSettings    *settings;
  QmSignInPage *page;
  GtkWindow    *window;
  guint         signed_in;
  gboolean      was_busy;
} Fixture;

static void
on_signed_in (QmSignInPage *page,
              Fixture      *fixture)
{
  fixture->signed_in++;
}

static void
on_busy (QmSignInPage *page,
         GParamSpec   *pspec,
         Fixture      *fixture)
{
  if (qm_sign_in_page_get_busy (page))
    fixture->was_busy = TRUE;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
}

static void
open_page_sized (Fixture *fixture,
                 int      width,
                 int      height)
{
  fixture->session = qm_session_new (NULL);
  /* The server is on the loopback, whatever the environment's proxy says. */
  g_object_set (qm_session_get_soup_session (fixture->session), "proxy-resolver", NULL, NULL);
  fixture->settings = g_settings_new (APPLICATION_ID);
  fixture->page = g_object_ref_sink (g_object_new (QM_TYPE_SIGN_IN_PAGE, NULL));
  fixture->signed_in = 0;
  fixture->was_busy = FALSE;
  g_signal_connect (fixture->page, "signed-in", G_CALLBACK (on_signed_in), fixture);
  g_signal_connect (fixture->page, "notify::busy", G_CALLBACK (on_busy), fixture);
  qm_sign_in_page_setup (fixture->page, fixture->session, fixture->settings);
  fixture->window = qm_test_gui_show (GTK_WIDGET (fixture->page), width, height);
}

static void
open_page (Fixture *fixture)
{
  open_page_sized (fixture, 1280, 800);
}

static void
close_page (Fixture *fixture)
{
  qm_test_gui_destroy (fixture->window, fixture->page);
  fixture->page = NULL;
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->session);
}

static void forget_kept_token (const char *username);

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Kept tokens live as long as the process: each test starts without. */
  forget_kept_token ("lan");
  forget_kept_token ("hung");
  reset_settings ();
  open_page (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  /* Translated when the screenshots are taken in another language. */
  GtkWidget *found = qm_test_gui_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                       g_dgettext (GETTEXT_PACKAGE, title));

  g_assert_nonnull (found);
  return found;
}

static const char *
row_text (Fixture    *fixture,
          const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (row (fixture, title)));
}

static GtkWidget *
sign_in_button (Fixture *fixture)
{
  /* The button with the spinner. */
  GtkWidget *spinner = qm_test_gui_find (GTK_WIDGET (fixture->page), GTK_TYPE_SPINNER, NULL);

  g_assert_nonnull (spinner);
  return gtk_widget_get_ancestor (spinner, GTK_TYPE_BUTTON);
}

/* Fills the form and presses Enter in the password field; waits for the
 * answer. */
static void
sign_in (Fixture    *fixture,
         const char *server,
         const char *username,
         const char *password)
{
  guint signed_in = fixture->signed_in;

  qm_test_gui_type (row (fixture, "Server address"), server);
  qm_test_gui_type (row (fixture, "Username"), username);
  qm_test_gui_type (row (fixture, "Password"), password);
  g_assert_true (gtk_widget_get_sensitive (sign_in_button (fixture)));
  fixture->was_busy = FALSE;
  qm_test_gui_press_enter (row (fixture, "Password"));
  g_assert_true (qm_sign_in_page_get_busy (fixture->page));
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  /* The password is gone from the form, whatever the outcome. */
  g_assert_cmpstr (row_text (fixture, "Password"), ==, "");
  g_assert_cmpuint (fixture->signed_in, <=, signed_in + 1);
}

static char *
kept_token (const char *server,
            const char *username)
{
  g_autoptr(QmCredentials) credentials = qm_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  qm_credentials_lookup_async (credentials, server, username, NULL, qm_test_store_result, &result);
  qm_test_gui_wait_until (result != NULL);
  token = qm_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);
  return token;
}

static void
forget_kept_token (const char *username)
{
  g_autoptr(QmCredentials) credentials = qm_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  qm_credentials_clear_async (credentials, shared.url, username, NULL, qm_test_store_result, &result);
  qm_test_gui_wait_until (result != NULL);
  g_assert_true (qm_credentials_clear_finish (credentials, result, &error));
  g_assert_no_error (error);
}

/* The keyring store runs after "signed-in": waits until it has landed (or,
 * kept FALSE, until the token is gone). */
static char *
wait_kept_token (const char *username,
                 gboolean    kept)
{
  gint64 deadline = g_get_monotonic_time () + QM_TEST_GUI_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  char *token;

  while ((token = kept_token (shared.url, username)) == NULL ? kept : !kept)
    {
      g_free (token);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the kept token of %s", username);
      g_main_context_iteration (NULL, FALSE);
    }
  return token;
}

static void
assert_shows (Fixture    *fixture,
              const char *text)
{
  if (!qm_test_shows_text (GTK_WIDGET (fixture->page), text))
    g_error ("the page does not show “%s”; its message: “%s”", text,
             qm_sign_in_page_get_message (fixture->page));
}

/* A port on the loopback that nobody listens on: bound, then closed. */
static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* Reads what the client sends up to the end of its headers and its body, so
 * that closing does not reset the connection under the answer. */
static void
read_request (GInputStream *in)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      const char *end, *length;

      g_string_append_len (request, buffer, n);
      end = strstr (request->str, "\r\n\r\n");
      if (end == NULL)
        {
          /* Not HTTP (a TLS hello): answer what came. */
          if (request->len > 0 && !g_ascii_isupper (request->str[0]))
            return;
          continue;
        }
      length = g_strstr_len (request->str, end - request->str, "Content-Length:");
      if (length == NULL
          || request->len - (end + 4 - request->str) >= g_ascii_strtoull (length + 15, NULL, 10))
        return;
    }
}

/* A web server that is not Quorum (or a plain-text server behind https://):
 * every request gets the same canned answer (NULL: none, ever). On a thread of its own, as the
 * client runs on the main one. */
static gboolean
on_incoming (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             gpointer                user_data)
{
  const char *answer = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  char buffer[4096];

  if (answer == NULL)
    {
      /* A server that never answers: reads until the client gives up. */
      while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
        ;
      return TRUE;
    }
  read_request (in);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static GSocketService *
canned_server (const char *answer,
               guint16    *out_port)
{
  GSocketService *service = g_threaded_socket_service_new (2);
  g_autoptr(GError) error = NULL;

  *out_port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (on_incoming), (gpointer) answer);
  g_socket_service_start (service);
  return service;
}

static void
stop_canned_server (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

static void
test_success (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *saved = NULL;

  /* The default server from settings is there; the cursor waits in the
   * first empty field. */
  g_assert_cmpstr (row_text (fixture, "Server address"), ==, "http://127.0.0.1:8080");
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Username")));
  g_assert_false (gtk_widget_get_sensitive (sign_in_button (fixture)));

  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 1);
  g_assert_true (qm_session_get_logged_in (fixture->session));
  g_assert_nonnull (qm_session_get_user (fixture->session));
  g_assert_cmpstr (qm_session_get_user (fixture->session)->username, ==, "lan");
  g_assert_cmpstr (qm_session_get_user (fixture->session)->display_name, ==, "Test lan");
  g_assert_null (qm_sign_in_page_get_message (fixture->page));

  /* Remembered for next time. */
  saved = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (saved, ==, shared.url);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (fixture->settings, "username");
  g_assert_cmpstr (saved, ==, "lan");
  token = wait_kept_token ("lan", TRUE);
  g_assert_cmpstr (token, ==, qm_session_get_token (fixture->session));
}

static void
test_enter_moves_on (Fixture       *fixture,
                     gconstpointer  data)
{
  /* Enter in a field with an empty one after it goes there, not to the
   * server. */
  qm_test_gui_type (row (fixture, "Username"), "lan");
  qm_test_gui_press_enter (row (fixture, "Username"));
  g_assert_false (qm_sign_in_page_get_busy (fixture->page));
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Password")));

  /* An address without a scheme is tried over https; one that is not an
   * address at all is refused before any request. */
  qm_test_gui_type (row (fixture, "Server address"), "not a server");
  qm_test_gui_type (row (fixture, "Password"), PASSWORD);
  qm_test_gui_press_enter (row (fixture, "Password"));
  g_assert_false (qm_sign_in_page_get_busy (fixture->page));
  assert_shows (fixture, "“https://not a server” is not a server address");
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Server address")));
  g_assert_cmpuint (fixture->signed_in, ==, 0);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *saved = NULL;

  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", "not the password");
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  g_assert_false (qm_session_get_logged_in (fixture->session));
  assert_shows (fixture, "Wrong username or password.");
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Password")));
  /* The username stays; the settings learn nothing from a failure. */
  g_assert_cmpstr (row_text (fixture, "Username"), ==, "lan");
  saved = g_settings_get_string (fixture->settings, "username");
  g_assert_cmpstr (saved, ==, "");
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = closed_port_url ();
  g_autofree char *expected = g_strdup_printf ("Cannot reach the server at %s.", url);

  sign_in (fixture, url, "lan", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  assert_shows (fixture, expected);
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Server address")));
}

static void
test_not_quorum (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char not_found[] =
    "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 22\r\n"
    "Connection: close\r\n\r\n<html>Not Found</html>";
  static const char plain[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  GSocketService *service;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  /* Some other web server at that address. */
  service = canned_server (not_found, &port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  expected = g_strdup_printf ("The server at %s does not answer like a Quorum server.", url);
  sign_in (fixture, url, "lan", PASSWORD);
  assert_shows (fixture, expected);
  stop_canned_server (service);
  g_clear_pointer (&url, g_free);
  g_clear_pointer (&expected, g_free);

  /* https:// to a server that only speaks plain HTTP: the TLS handshake
   * fails, which is not the same as a server that is down. */
  service = canned_server (plain, &port);
  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  expected = g_strdup_printf ("Could not open a secure connection to %s", url);
  sign_in (fixture, url, "lan", PASSWORD);
  assert_shows (fixture, expected);
  stop_canned_server (service);
  g_assert_cmpuint (fixture->signed_in, ==, 0);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The contract: 5 failures per username within 5 minutes, then 429 even
   * for the right password. One through the page, the others straight
   * over HTTP (under AddressSanitizer every redrawn page costs seconds). */
  sign_in (fixture, qm_test_server_get_url (shared.server), "hung", "not the password");
  assert_shows (fixture, "Wrong username or password.");
  for (guint i = 1; i < 5; i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      body = qm_test_json (shared.server, "POST", "/api/v1/login", NULL,
                           "{\"username\":\"hung\",\"password\":\"not the password\"}", &status);
      qm_test_assert_error (body, status, 401, "unauthorized");
    }
  sign_in (fixture, qm_test_server_get_url (shared.server), "hung", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  assert_shows (fixture, "Too many attempts, try again in a few minutes.");
  g_assert_false (qm_test_shows_text (GTK_WIDGET (fixture->page), "Wrong username"));
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 1);
  token = g_strdup (qm_session_get_token (fixture->session));
  kept = wait_kept_token ("lan", TRUE);
  g_assert_cmpstr (kept, ==, token);
  g_clear_pointer (&kept, g_free);
  /* The test's bus has no keyring: the page says so. */
  assert_shows (fixture, "you will need to sign in again next time");

  /* The next start: a new session and page, the same settings. */
  close_page (fixture);
  open_page (fixture);
  qm_sign_in_page_restore (fixture->page);
  g_assert_true (qm_sign_in_page_get_busy (fixture->page));
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_cmpuint (fixture->signed_in, ==, 1);
  g_assert_cmpstr (qm_session_get_token (fixture->session), ==, token);
  g_assert_cmpstr (qm_session_get_user (fixture->session)->username, ==, "lan");
  g_assert_cmpstr (row_text (fixture, "Password"), ==, "");

  /* The token is revoked behind the client's back. */
  body = qm_test_json (shared.server, "POST", "/api/v1/logout", token, NULL, &status);
  qm_test_assert_status (body, status, 204);

  close_page (fixture);
  open_page (fixture);
  qm_sign_in_page_restore (fixture->page);
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_true (fixture->was_busy);
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  g_assert_false (qm_session_get_logged_in (fixture->session));
  assert_shows (fixture, "Your last session has ended. Please sign in again.");
  /* The dead token is gone from the keyring; the form waits for the
   * password. */
  kept = wait_kept_token ("lan", FALSE);
  g_assert_null (kept);
  g_assert_cmpstr (row_text (fixture, "Username"), ==, "lan");
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Password")));

  /* Nothing kept at all: restore leaves the form as it is. */
  qm_sign_in_page_restore (fixture->page);
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_cmpuint (fixture->signed_in, ==, 0);
}

static void
test_restore_offline (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(QmCredentials) credentials = qm_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = closed_port_url ();
  g_autofree char *expected = g_strdup_printf ("Cannot reach the server at %s.", closed);
  g_autofree char *kept = NULL;
  GtkWidget *retry;

  /* Last run signed in to a server that is unreachable this morning. */
  qm_credentials_store_async (credentials, closed, "lan", "a-token-from-yesterday", NULL,
                              qm_test_store_result, &result);
  qm_test_gui_wait_until (result != NULL);
  g_assert_true (qm_credentials_store_finish (credentials, result, &error));
  g_settings_set_string (fixture->settings, "server-url", closed);
  g_settings_set_string (fixture->settings, "username", "lan");

  qm_sign_in_page_restore (fixture->page);
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  g_assert_false (qm_session_get_logged_in (fixture->session));
  assert_shows (fixture, expected);

  /* Being offline says nothing against the token: it stays for Try Again
   * and the next start. */
  kept = kept_token (closed, "lan");
  g_assert_cmpstr (kept, ==, "a-token-from-yesterday");
  retry = qm_test_gui_find (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  fixture->was_busy = FALSE;
  g_signal_emit_by_name (retry, "clicked");
  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_true (fixture->was_busy);
  assert_shows (fixture, expected);

  g_clear_object (&result);
  qm_credentials_clear_async (credentials, closed, "lan", NULL, qm_test_store_result, &result);
  qm_test_gui_wait_until (result != NULL);
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 1);
  token = g_strdup (qm_session_get_token (fixture->session));
  kept = wait_kept_token ("lan", TRUE);
  g_assert_cmpstr (kept, ==, token);
  g_clear_pointer (&kept, g_free);

  qm_sign_in_page_sign_out (fixture->page);
  qm_test_gui_wait_until (!qm_session_get_logged_in (fixture->session));
  /* The server no longer takes the token, and the keyring forgot it. */
  body = qm_test_json (shared.server, "GET", "/api/v1/me", token, NULL, &status);
  qm_test_assert_error (body, status, 401, "unauthorized");
  kept = wait_kept_token ("lan", FALSE);
  g_assert_null (kept);
  g_assert_null (qm_sign_in_page_get_message (fixture->page));
  g_assert_cmpstr (row_text (fixture, "Username"), ==, "lan");
  g_assert_true (qm_test_gui_has_focus (row (fixture, "Password")));

  /* The window's word when the server ends the session. */
  qm_sign_in_page_reset (fixture->page, "Your session has ended. Please sign in again.");
  assert_shows (fixture, "Your session has ended. Please sign in again.");

  /* Signing in again right after works, with the new token kept. */
  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", PASSWORD);
  g_assert_cmpuint (fixture->signed_in, ==, 2);
  g_assert_true (qm_session_get_logged_in (fixture->session));
  g_assert_cmpstr (qm_session_get_token (fixture->session), !=, token);
  g_assert_null (qm_sign_in_page_get_message (fixture->page));
}

/* Not a test: with QM_TEST_SCREENSHOTS set, pictures of the page in its
 * states, landscape and portrait (run on a screen of 1280×1280 or more). */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *closed = closed_port_url ();
  g_autofree char *silent_url = NULL;
  GSocketService *silent;
  guint16 port;

  if (g_getenv ("QM_TEST_SCREENSHOTS") == NULL)
    {
      g_test_skip ("set QM_TEST_SCREENSHOTS to a folder to take screenshots");
      return;
    }

  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-landscape");
  sign_in (fixture, qm_test_server_get_url (shared.server), "lan", "not the password");
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-wrong-password");
  close_page (fixture);

  open_page_sized (fixture, 800, 1280);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-portrait");

  silent = canned_server (NULL, &port);
  silent_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  qm_test_gui_type (row (fixture, "Server address"), silent_url);
  qm_test_gui_type (row (fixture, "Username"), "lan");
  qm_test_gui_type (row (fixture, "Password"), PASSWORD);
  qm_test_gui_press_enter (row (fixture, "Password"));
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-portrait-busy");
  close_page (fixture);
  stop_canned_server (silent);

  open_page_sized (fixture, 800, 1280);
  sign_in (fixture, closed, "lan", PASSWORD);
  qm_test_gui_screenshot (GTK_WIDGET (fixture->window), "sign-in-portrait-unreachable");
}

int
main (int   argc,
      char *argv[])
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  g_autofree char *root_token = NULL;
  g_autoptr(QmUser) lan = NULL;
  g_autoptr(QmUser) hung = NULL;
  int status;

  qm_test_gui_init (&argc, &argv);

  shared.server = qm_test_server_new (&options);
  shared.url = g_strdup (qm_test_server_get_url (shared.server));
  if (g_str_has_suffix (shared.url, "/"))
    shared.url[strlen (shared.url) - 1] = '\0';
  root_token = qm_test_login (shared.server, "root", PASSWORD);
  lan = qm_test_create_user (shared.server, root_token, "lan", PASSWORD, 0);
  hung = qm_test_create_user (shared.server, root_token, "hung", PASSWORD, 0);

#define ADD(path, func) \
  g_test_add ("/quorum/app/sign-in-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("enter-moves-on", test_enter_moves_on);
  ADD ("wrong-password", test_wrong_password);
  ADD ("unreachable", test_unreachable);
  ADD ("not-quorum", test_not_quorum);
  ADD ("rate-limited", test_rate_limited);
  ADD ("restore", test_restore);
  ADD ("restore-offline", test_restore_offline);
  ADD ("sign-out", test_sign_out);
  ADD ("screenshots", test_screenshots);
#undef ADD

  status = qm_test_gui_run ();
  qm_test_server_free (shared.server);
  g_free (shared.url);
  return status;
}
