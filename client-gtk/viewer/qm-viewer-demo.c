/* qm-viewer-demo.c
 *
 * Opens one PDF in the document view, for screenshots and trying it by hand.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-viewer-demo"

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "qm-document-view.h"

static char *path;
static int start_page = 1;
static int width = 1280;
static int height = 800;
static gboolean dark;
static gboolean single_page;
static gboolean thumbnails;
static gboolean fit_page;
static char *search_text;

static const GOptionEntry entries[] = {
  { "page", 'p', 0, G_OPTION_ARG_INT, &start_page, "Page to open at", "N" },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark pages", NULL },
  { "single-page", 0, 0, G_OPTION_ARG_NONE, &single_page, "One page at a time", NULL },
  { "fit-page", 0, 0, G_OPTION_ARG_NONE, &fit_page, "Fit the whole page", NULL },
  { "thumbnails", 0, 0, G_OPTION_ARG_NONE, &thumbnails, "Show thumbnails", NULL },
  { "search", 0, 0, G_OPTION_ARG_STRING, &search_text, "Text to find", "TEXT" },
  { NULL }
};

static void
activate_cb (GtkApplication *app)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *view = qm_document_view_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), view);

  if (!qm_document_view_load_file (QM_DOCUMENT_VIEW (view), file, &error))
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("The document could not be opened"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status), error->message);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), status);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  qm_document_view_set_continuous (QM_DOCUMENT_VIEW (view), !single_page);
  qm_document_view_set_dark (QM_DOCUMENT_VIEW (view), dark);
  if (fit_page)
    qm_document_view_set_zoom_mode (QM_DOCUMENT_VIEW (view), QM_ZOOM_FIT_PAGE);
  if (thumbnails)
    gtk_widget_activate_action (view, "viewer.toggle-thumbnails", NULL);
  gtk_window_present (GTK_WINDOW (window));

  qm_document_view_go_to_page (QM_DOCUMENT_VIEW (view), (guint) MAX (start_page, 1));
  if (search_text != NULL)
    {
      gtk_widget_activate_action (view, "viewer.find", NULL);
      qm_document_view_search (QM_DOCUMENT_VIEW (view), search_text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("FILE.pdf");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("Usage: %s [OPTION…] FILE.pdf\n", g_get_prgname ());
      return 2;
    }
  path = argv[1];

  app = adw_application_new ("vn.quorum.Quorum.ViewerDemo", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
