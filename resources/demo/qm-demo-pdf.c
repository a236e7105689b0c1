/* qm-demo-pdf.c
 *
 * Writes the documents of the demo meeting into a folder, for eyeballing.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-demo"

#include "config.h"

#include <errno.h>
#include <locale.h>

#include <glib/gstdio.h>

#include "qm-demo-documents.h"

int
main (int   argc,
      char *argv[])
{
  const QmDemoDocumentSpec *specs;
  guint n_specs;
  guint64 total_bytes = 0;
  gint64 start;

  setlocale (LC_ALL, "");

  if (argc != 2)
    {
      g_printerr ("Usage: %s OUTDIR\n", argv[0]);
      return 2;
    }

  if (g_mkdir_with_parents (argv[1], 0755) != 0)
    {
      int saved = errno;

      g_printerr ("Could not create %s: %s\n", argv[1], g_strerror (saved));
      return 1;
    }

  g_print ("%s\n", qm_demo_meeting_title ());
  specs = qm_demo_documents_for_meeting (&n_specs);
  start = g_get_monotonic_time ();

  for (guint i = 0; i < n_specs; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.pdf", specs[i].file_name);
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      GStatBuf st;

      if (!qm_demo_document_write (path, &specs[i], &error))
        {
          g_printerr ("%s: %s\n", path, error->message);
          return 1;
        }
      if (g_stat (path, &st) != 0)
        {
          int saved = errno;

          g_printerr ("%s: %s\n", path, g_strerror (saved));
          return 1;
        }

      total_bytes += (guint64) st.st_size;
      g_print ("%-44s %4u pages %9" G_GUINT64_FORMAT " bytes %6.0f ms\n",
               name, specs[i].n_pages, (guint64) st.st_size,
               (g_get_monotonic_time () - t0) / 1000.0);
    }

  g_print ("%u documents, %" G_GUINT64_FORMAT " bytes, %.0f ms\n",
           n_specs, total_bytes, (g_get_monotonic_time () - start) / 1000.0);
  return 0;
}
