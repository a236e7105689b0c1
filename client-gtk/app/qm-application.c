/* qm-application.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-application"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "qm-application.h"
#include "qm-window.h"

struct _QmApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  QmSession       *session;
  QmDocumentCache *cache;

  /* from the command line */
  char            *server_url;
  char            *username;
};

G_DEFINE_FINAL_TYPE (QmApplication, qm_application, ADW_TYPE_APPLICATION)

void
qm_application_init_i18n (void)
{
  const char *dir = g_getenv ("QUORUM_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

QmApplication *
qm_application_new (void)
{
  return g_object_new (QM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/vn/quorum/Quorum",
                       NULL);
}

QmApplication *
qm_application_get_default (void)
{
  GApplication *app = g_application_get_default ();

  return QM_IS_APPLICATION (app) ? QM_APPLICATION (app) : NULL;
}

QmSession *
qm_application_get_session (QmApplication *self)
{
  g_return_val_if_fail (QM_IS_APPLICATION (self), NULL);
  return self->session;
}

QmDocumentCache *
qm_application_get_cache (QmApplication *self)
{
  g_return_val_if_fail (QM_IS_APPLICATION (self), NULL);
  return self->cache;
}

GSettings *
qm_application_get_settings (QmApplication *self)
{
  g_return_val_if_fail (QM_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
qm_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (qm_window_new (QM_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Quorum authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Quorum"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Paperless meetings: documents, presenting, votes and speakers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
qm_application_startup (GApplication *app)
{
  QmApplication *self = QM_APPLICATION (app);
  g_autofree char *url = NULL;

  G_APPLICATION_CLASS (qm_application_parent_class)->startup (app);

  self->settings = g_settings_new (APPLICATION_ID);
  if (self->server_url != NULL)
    g_settings_set_string (self->settings, "server-url", self->server_url);
  if (self->username != NULL)
    g_settings_set_string (self->settings, "username", self->username);
  url = g_settings_get_string (self->settings, "server-url");
  self->session = qm_session_new (url);
  self->cache = qm_document_cache_new (self->session, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static int
qm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  QmApplication *self = QM_APPLICATION (app);

  g_variant_dict_lookup (options, "server", "s", &self->server_url);
  g_variant_dict_lookup (options, "user", "s", &self->username);
  /* Several windows, each its own user (the demo; a training room). */
  if (g_variant_dict_contains (options, "new-instance"))
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
qm_application_finalize (GObject *object)
{
  QmApplication *self = QM_APPLICATION (object);

  g_free (self->server_url);
  g_free (self->username);

  G_OBJECT_CLASS (qm_application_parent_class)->finalize (object);
}

static void
qm_application_dispose (GObject *object)
{
  QmApplication *self = QM_APPLICATION (object);

  g_clear_object (&self->cache);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (qm_application_parent_class)->dispose (object);
}

static void
qm_application_class_init (QmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = qm_application_dispose;
  object_class->finalize = qm_application_finalize;
  app_class->handle_local_options = qm_application_handle_local_options;
  app_class->startup = qm_application_startup;
  app_class->activate = qm_application_activate;
}

static const GOptionEntry options[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("The Quorum server to sign in to"), N_("URL") },
  { "user", 'u', 0, G_OPTION_ARG_STRING, NULL,
    N_("The username to sign in with"), N_("NAME") },
  { "new-instance", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a window of its own, signed in separately"), NULL },
  { NULL }
};

static void
qm_application_init (QmApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
