/* test-i18n.c: the application speaks Vietnamese when asked to, English
 * otherwise — checked on real widgets, through the built translations.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "qm-application.h"
#include "qm-meeting-page.h"

/* Whether a label under widget (shown or not) reads text exactly. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
check_language (const char *agenda,
                const char *back)
{
  GtkWidget *page;

  qm_application_init_i18n ();
  gtk_init ();
  adw_init ();

  page = g_object_ref_sink (g_object_new (QM_TYPE_MEETING_PAGE, NULL));
  g_assert_true (has_label (page, agenda));
  g_assert_cmpstr (_("Back to Meetings"), ==, back);
  g_object_unref (page);
}

/* Runs this test again in a child process with LANGUAGE set (the child
 * inherits the environment). */
static void
run_with_language (const char *language)
{
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_test_trap_assert_passed ();
}

static void
test_vietnamese (void)
{
  if (g_test_subprocess ())
    {
      check_language ("Chương trình họp", "Quay lại danh sách cuộc họp");
      return;
    }
  run_with_language ("vi");
}

static void
test_english (void)
{
  if (g_test_subprocess ())
    {
      check_language ("Agenda", "Back to Meetings");
      return;
    }
  run_with_language ("en");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quorum/app/i18n/vietnamese", test_vietnamese);
  g_test_add_func ("/quorum/app/i18n/english", test_english);
  return g_test_run ();
}
