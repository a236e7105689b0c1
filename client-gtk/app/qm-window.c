/* qm-window.c: the application window — sign-in, the meetings list, a
 * meeting, and the secretary's editor, one at a time.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meeting-editor.h"
#include "qm-meeting-page.h"
#include "qm-meetings-page.h"
#include "qm-sign-in-page.h"
#include "qm-window.h"

struct _QmWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toasts;
  GtkStack        *pages;
  QmSignInPage    *sign_in_page;
  QmMeetingsPage  *meetings_page;
  QmMeetingPage   *meeting_page;
  QmMeetingEditor *editor_page;

  QmApplication   *application;
  gulong           logged_in_handler;
};

G_DEFINE_FINAL_TYPE (QmWindow, qm_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_meetings (QmWindow *self)
{
  qm_meeting_page_close (self->meeting_page);
  gtk_stack_set_visible_child_name (self->pages, "meetings");
  qm_meetings_page_reload (self->meetings_page);
}

/* The session is over: nothing opened under it stays on screen or at work. */
static void
close_session_pages (QmWindow *self)
{
  qm_meeting_page_close (self->meeting_page);
  qm_meeting_editor_close (self->editor_page);
}

static void
signed_in_cb (QmWindow *self)
{
  show_meetings (self);
}

static void
meeting_activated_cb (QmWindow *self,
                      gint64    meeting_id)
{
  qm_window_open_meeting (self, meeting_id);
}

/* A 401 anywhere, or the live channel's 4401, signs the session out: the
 * token is dead, so back to the sign-in form with a word on why. */
static void
logged_in_changed_cb (QmWindow *self)
{
  QmSession *session = qm_application_get_session (self->application);

  if (qm_session_get_logged_in (session))
    return;
  if (g_strcmp0 (qm_window_get_page_name (self), "sign-in") == 0)
    return;
  close_session_pages (self);
  qm_sign_in_page_reset (self->sign_in_page,
                         _("Your session has ended. Please sign in again."));
  gtk_stack_set_visible_child_name (self->pages, "sign-in");
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  QmWindow *self = QM_WINDOW (widget);

  close_session_pages (self);
  gtk_stack_set_visible_child_name (self->pages, "sign-in");
  qm_sign_in_page_sign_out (self->sign_in_page);
}

static void
show_meetings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_meetings (QM_WINDOW (widget));
}

/* win.new-meeting and win.edit-meeting(x): the secretary's editor. */
static void
edit_meeting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  QmWindow *self = QM_WINDOW (widget);

  qm_meeting_editor_open (self->editor_page,
                          qm_application_get_session (self->application),
                          qm_application_get_cache (self->application),
                          parameter != NULL ? g_variant_get_int64 (parameter) : 0);
  gtk_stack_set_visible_child_name (self->pages, "editor");
}

static void qm_window_setup (QmWindow *self);

QmWindow *
qm_window_new (QmApplication *application)
{
  QmWindow *self = g_object_new (QM_TYPE_WINDOW, "application", application, NULL);

  qm_window_setup (self);
  return self;
}

const char *
qm_window_get_page_name (QmWindow *self)
{
  g_return_val_if_fail (QM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages);
}

GtkWidget *
qm_window_get_page (QmWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (QM_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->pages, name);
}

void
qm_window_open_meeting (QmWindow *self,
                        gint64    meeting_id)
{
  g_return_if_fail (QM_IS_WINDOW (self));

  qm_meeting_page_open (self->meeting_page,
                        qm_application_get_session (self->application),
                        qm_application_get_cache (self->application),
                        qm_application_get_settings (self->application),
                        meeting_id);
  gtk_stack_set_visible_child_name (self->pages, "meeting");
}

void
qm_window_show_toast (QmWindow   *self,
                      const char *text)
{
  g_return_if_fail (QM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
restore_size (QmWindow *self)
{
  GSettings *settings = qm_application_get_settings (self->application);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
qm_window_close_request (GtkWindow *window)
{
  QmWindow *self = QM_WINDOW (window);
  GSettings *settings = self->application != NULL ? qm_application_get_settings (self->application) : NULL;
  int width, height;

  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (qm_window_parent_class)->close_request (window);
}

/* After construction: "application" is not a construct property. */
static void
qm_window_setup (QmWindow *self)
{
  QmSession *session;

  self->application = QM_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_assert (self->application != NULL);
  session = qm_application_get_session (self->application);
  restore_size (self);

  qm_sign_in_page_setup (self->sign_in_page, session,
                         qm_application_get_settings (self->application));
  qm_meetings_page_set_session (self->meetings_page, session);
  self->logged_in_handler =
    g_signal_connect_object (session, "notify::logged-in",
                             G_CALLBACK (logged_in_changed_cb), self,
                             G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->pages, "sign-in");
  /* A token kept in the keyring from last time skips the form. */
  qm_sign_in_page_restore (self->sign_in_page);
}

static void
qm_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), QM_TYPE_WINDOW);

  G_OBJECT_CLASS (qm_window_parent_class)->dispose (object);
}

static void
qm_window_class_init (QmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = qm_window_dispose;
  window_class->close_request = qm_window_close_request;

  g_type_ensure (QM_TYPE_SIGN_IN_PAGE);
  g_type_ensure (QM_TYPE_MEETINGS_PAGE);
  g_type_ensure (QM_TYPE_MEETING_PAGE);
  g_type_ensure (QM_TYPE_MEETING_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, QmWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, QmWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, QmWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, QmWindow, meetings_page);
  gtk_widget_class_bind_template_child (widget_class, QmWindow, meeting_page);
  gtk_widget_class_bind_template_child (widget_class, QmWindow, editor_page);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, meeting_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.show-meetings", NULL, show_meetings_action);
  gtk_widget_class_install_action (widget_class, "win.new-meeting", NULL, edit_meeting_action);
  gtk_widget_class_install_action (widget_class, "win.edit-meeting", "x", edit_meeting_action);
}

static void
qm_window_init (QmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
