/* test-window.c: the application window — where it starts, the size it
 * keeps, and the way back to sign-in when the session ends.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "qm-application.h"
#include "qm-meeting-editor.h"
#include "qm-window.h"

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus objects until the process ends. */
static QmApplication *app;

static void
test_size_kept (void)
{
  GSettings *settings = qm_application_get_settings (app);
  QmWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 700);
  window = qm_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "sign-in");
  gtk_window_present (GTK_WINDOW (window));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 650);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* A token that dies (a 401, a live 4401) brings the sign-in page back. */
static void
test_session_end (void)
{
  QmSession *session = qm_application_get_session (app);
  QmWindow *window = qm_window_new (app);

  qm_session_set_token (session, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-meetings", NULL);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "meetings");
  qm_session_forget_token (session);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "sign-in");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The secretary's editor closes with the session: signed out, or the token
 * revoked, no half-edited meeting of the old session stays open or at work. */
static void
test_session_end_closes_editor (void)
{
  QmSession *session = qm_application_get_session (app);
  QmWindow *window = qm_window_new (app);
  QmMeetingEditor *editor = QM_MEETING_EDITOR (qm_window_get_page (window, "editor"));
  const char *token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  /* A new meeting being prepared; the token dies under it. */
  qm_session_set_token (session, token);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-meeting", NULL);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "editor");
  g_assert_cmpstr (qm_meeting_editor_get_view_name (editor), ==, "editor");
  qm_session_forget_token (session);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "sign-in");
  g_assert_cmpstr (qm_meeting_editor_get_view_name (editor), ==, "loading");

  /* A meeting being edited; the user signs out. */
  qm_session_set_token (session, token);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-meeting", "x", (gint64) 42);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "editor");
  g_assert_cmpint (qm_meeting_editor_get_meeting_id (editor), ==, 42);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  g_assert_cmpstr (qm_window_get_page_name (window), ==, "sign-in");
  g_assert_cmpint (qm_meeting_editor_get_meeting_id (editor), ==, 0);
  g_assert_cmpstr (qm_meeting_editor_get_view_name (editor), ==, "loading");
  g_assert_false (qm_meeting_editor_get_busy (editor));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/quorum/app/window/size-kept", test_size_kept);
  g_test_add_func ("/quorum/app/window/session-end", test_session_end);
  g_test_add_func ("/quorum/app/window/session-end-closes-editor", test_session_end_closes_editor);

  app = qm_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  result = g_test_run ();
  g_object_unref (app);
  return result;
}
