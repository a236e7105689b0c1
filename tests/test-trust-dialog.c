/* test-trust-dialog.c: the sign-in page against quorum-server over HTTPS
 * with a certificate made at test time: "Trust this server?" with the
 * fingerprint the server printed, declined and then trusted; and after the
 * server comes back with another certificate, the warning that does not
 * connect unless the user takes the second, deliberate step.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "qm-sign-in-page.h"
#include "qm-test-gui.h"
#include "qm-test-widgets.h"
#include "qm-test-server.h"

#define PASSWORD "correct horse battery"

static struct
{
  QmTestServer *server;
  char         *dir;
  char         *cert;
  char         *key;
  char         *cert_a;
  char         *key_a;
  char         *cert_b;
  char         *key_b;
  char         *openssl_a;
  char         *openssl_b;
  guint         tests;
} shared;

typedef struct
{
  char         *pins_path;
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
  g_autoptr(QmCertificatePins) pins = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
  /* Each test starts with no server known. */
  fixture->pins_path = g_strdup_printf ("%s/pins-%u/known-servers", shared.dir, ++shared.tests);
  pins = qm_certificate_pins_new (fixture->pins_path);

  fixture->session = qm_session_new (NULL);
  g_object_set (qm_session_get_soup_session (fixture->session), "proxy-resolver", NULL, NULL);
  qm_session_set_certificate_pins (fixture->session, pins);
  fixture->settings = g_settings_new (APPLICATION_ID);
  fixture->page = g_object_ref_sink (g_object_new (QM_TYPE_SIGN_IN_PAGE, NULL));
  g_signal_connect (fixture->page, "signed-in", G_CALLBACK (on_signed_in), fixture);
  qm_sign_in_page_setup (fixture->page, fixture->session, fixture->settings);
  fixture->window = qm_test_gui_show (GTK_WIDGET (fixture->page), 1280, 800);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  qm_test_gui_destroy (fixture->window, fixture->page);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->session);
  g_free (fixture->pins_path);
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *found = qm_test_gui_find (GTK_WIDGET (fixture->page), ADW_TYPE_ENTRY_ROW,
                                       g_dgettext (GETTEXT_PACKAGE, title));

  g_assert_nonnull (found);
  return found;
}

/* The lowercase hex the pins keep, from the "AB:CD:…" the server prints. */
static char *
hex_of (const char *printed)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = printed; *p != '\0'; p++)
    if (*p != ':')
      g_string_append_c (hex, g_ascii_tolower (*p));
  return g_string_free (hex, FALSE);
}

static char *
address (void)
{
  g_autoptr(GUri) uri = g_uri_parse (qm_test_server_get_url (shared.server), G_URI_FLAGS_NONE,
                                     NULL);

  return g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
}

static char *
pinned (Fixture *fixture)
{
  g_autofree char *at = address ();

  return qm_certificate_pins_lookup (qm_session_get_certificate_pins (fixture->session), at,
                                     NULL);
}

/* Fills the form, presses Enter, and waits for the certificate question. */
static AdwMessageDialog *
sign_in_until_asked (Fixture *fixture)
{
  AdwMessageDialog *dialog;

  qm_test_gui_type (row (fixture, "Server address"), qm_test_server_get_url (shared.server));
  qm_test_gui_type (row (fixture, "Username"), "root");
  qm_test_gui_type (row (fixture, "Password"), PASSWORD);
  qm_test_gui_press_enter (row (fixture, "Password"));
  qm_test_gui_wait_until (qm_sign_in_page_get_trust_dialog (fixture->page) != NULL);
  dialog = qm_sign_in_page_get_trust_dialog (fixture->page);
  qm_test_gui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  /* The page waits for the answer; nothing is signed in yet. */
  g_assert_true (qm_sign_in_page_get_busy (fixture->page));
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  g_assert_false (qm_session_get_logged_in (fixture->session));
  return dialog;
}

static void
assert_shows_fingerprint (AdwMessageDialog *dialog,
                          const char       *sha256,
                          const char       *openssl)
{
  g_autofree char *formatted = qm_certificate_format_fingerprint (sha256);
  g_autofree char *one_line = g_strdup (formatted);

  /* The same pairs as `openssl x509 -fingerprint -sha256`, in two lines. */
  g_strdelimit (one_line, "\n", ':');
  g_assert_cmpstr (one_line, ==, openssl);
  if (!qm_test_shows_text (GTK_WIDGET (dialog), formatted))
    g_error ("the dialog does not show the fingerprint %s", formatted);
}

static void
respond (Fixture          *fixture,
         AdwMessageDialog *dialog,
         const char       *response)
{
  /* Held while waiting, so a dialog that follows cannot get its address. */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  qm_test_gui_wait_until (qm_sign_in_page_get_trust_dialog (fixture->page) != dialog);
  g_object_unref (dialog);
}

static void
assert_declined (Fixture *fixture)
{
  const char *expected = _("Not connected: the server’s identity was not confirmed.");

  qm_test_gui_wait_until (!qm_sign_in_page_get_busy (fixture->page));
  g_assert_null (qm_sign_in_page_get_trust_dialog (fixture->page));
  g_assert_cmpstr (qm_sign_in_page_get_message (fixture->page), ==, expected);
  g_assert_true (qm_test_shows_text (GTK_WIDGET (fixture->page), expected));
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  g_assert_false (qm_session_get_logged_in (fixture->session));
}

/* First contact: the fingerprint the server printed; Cancel stores nothing
 * and signs nobody in; Trust and Connect pins it and signs in. */
static void
test_first_contact (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *printed = hex_of (qm_test_server_get_certificate_sha256 (shared.server));
  AdwMessageDialog *dialog;
  g_autofree char *pin = NULL;

  dialog = sign_in_until_asked (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Trust This Server?"));
  assert_shows_fingerprint (dialog, printed, shared.openssl_a);
  /* Enter alone does not trust. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  qm_test_gui_screenshot (GTK_WIDGET (dialog), "trust-dialog-first-contact");

  respond (fixture, dialog, "cancel");
  assert_declined (fixture);
  g_assert_false (g_file_test (fixture->pins_path, G_FILE_TEST_EXISTS));

  dialog = sign_in_until_asked (fixture);
  respond (fixture, dialog, "trust");
  qm_test_gui_wait_until (fixture->signed_in == 1);
  g_assert_true (qm_session_get_logged_in (fixture->session));
  g_assert_null (qm_sign_in_page_get_trust_dialog (fixture->page));
  pin = pinned (fixture);
  g_assert_cmpstr (pin, ==, printed);
}

/* Another certificate on the same host:port: a warning with both
 * fingerprints, "Don't Connect" by default; replacing takes a second
 * answer, and only then signs in. */
static void
test_changed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *at = address ();
  g_autofree char *old = hex_of (qm_test_server_get_certificate_sha256 (shared.server));
  g_autofree char *now = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  AdwMessageDialog *second;

  g_assert_true (qm_certificate_pins_trust (qm_session_get_certificate_pins (fixture->session),
                                            at, old, &error));
  g_assert_no_error (error);
  qm_test_copy_file (shared.cert_b, shared.cert);
  qm_test_copy_file (shared.key_b, shared.key);
  qm_test_server_restart (shared.server);
  now = hex_of (qm_test_server_get_certificate_sha256 (shared.server));
  g_assert_cmpstr (now, !=, old);

  dialog = sign_in_until_asked (fixture);
  g_assert_true (strstr (adw_message_dialog_get_heading (dialog),
                         _("The Server’s Identity Has Changed — This May Be an Attack")) != NULL);
  assert_shows_fingerprint (dialog, old, shared.openssl_a);
  assert_shows_fingerprint (dialog, now, shared.openssl_b);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "close");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "close");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "replace"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  qm_test_gui_screenshot (GTK_WIDGET (dialog), "trust-dialog-changed");

  /* The default: nothing connects, the old pin stays. */
  respond (fixture, dialog, "close");
  assert_declined (fixture);
  pin = pinned (fixture);
  g_assert_cmpstr (pin, ==, old);
  g_clear_pointer (&pin, g_free);

  /* Replacing asks again, with "Cancel" as the default... */
  dialog = sign_in_until_asked (fixture);
  respond (fixture, dialog, "replace");
  qm_test_gui_wait_until (qm_sign_in_page_get_trust_dialog (fixture->page) != NULL);
  second = qm_sign_in_page_get_trust_dialog (fixture->page);
  g_assert_cmpstr (adw_message_dialog_get_heading (second), ==, _("Trust the New Certificate?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (second), ==, "cancel");
  assert_shows_fingerprint (second, now, shared.openssl_b);
  g_assert_cmpuint (fixture->signed_in, ==, 0);
  pin = pinned (fixture);
  g_assert_cmpstr (pin, ==, old);
  g_clear_pointer (&pin, g_free);
  qm_test_gui_screenshot (GTK_WIDGET (second), "trust-dialog-replace");

  /* ...and only the second "replace" pins the new one and signs in. */
  respond (fixture, second, "replace");
  qm_test_gui_wait_until (fixture->signed_in == 1);
  pin = pinned (fixture);
  g_assert_cmpstr (pin, ==, now);

  qm_test_copy_file (shared.cert_a, shared.cert);
  qm_test_copy_file (shared.key_a, shared.key);
  qm_test_server_restart (shared.server);
}

int
main (int   argc,
      char *argv[])
{
  const char *config[] = { "server", "tls-cert", NULL, "server", "tls-key", NULL, NULL };
  QmTestServerOptions options = { "root", PASSWORD, config, FALSE, .keep_port = TRUE };
  g_autoptr(GError) error = NULL;
  int status;

  qm_test_gui_init (&argc, &argv);

  shared.dir = g_dir_make_tmp ("quorum-trust-XXXXXX", &error);
  g_assert_no_error (error);
  shared.cert = g_build_filename (shared.dir, "cert.pem", NULL);
  shared.key = g_build_filename (shared.dir, "key.pem", NULL);
  shared.cert_a = g_build_filename (shared.dir, "a-cert.pem", NULL);
  shared.key_a = g_build_filename (shared.dir, "a-key.pem", NULL);
  shared.cert_b = g_build_filename (shared.dir, "b-cert.pem", NULL);
  shared.key_b = g_build_filename (shared.dir, "b-key.pem", NULL);
  shared.openssl_a = qm_test_make_certificate (shared.cert_a, shared.key_a);
  shared.openssl_b = qm_test_make_certificate (shared.cert_b, shared.key_b);
  if (shared.openssl_a == NULL || shared.openssl_b == NULL)
    g_error ("openssl is not installed (script/bootstrap installs it)");
  qm_test_copy_file (shared.cert_a, shared.cert);
  qm_test_copy_file (shared.key_a, shared.key);
  config[2] = shared.cert;
  config[5] = shared.key;
  shared.server = qm_test_server_new (&options);

#define ADD(path, func) \
  g_test_add ("/quorum/app/trust-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-contact", test_first_contact);
  ADD ("changed", test_changed);
#undef ADD

  status = qm_test_gui_run ();
  qm_test_server_free (shared.server);
  qm_test_remove_tree (shared.dir);
  g_free (shared.dir);
  g_free (shared.cert);
  g_free (shared.key);
  g_free (shared.cert_a);
  g_free (shared.key_a);
  g_free (shared.cert_b);
  g_free (shared.key_b);
  g_free (shared.openssl_a);
  g_free (shared.openssl_b);
  return status;
}
