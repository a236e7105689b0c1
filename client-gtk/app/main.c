/* main.c: the quorum application's entry point.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(QmApplication) app = NULL;

  qm_application_init_i18n ();
  app = qm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
