/* qm-pdf-check.c: quorum-pdf-check FILE, the short-lived helper that opens an
 * untrusted PDF with poppler and prints its page count, title and page sizes
 * as JSON, so that a hostile file can crash or exhaust only this process.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "quorum-pdf-check"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "qm-pdf-describe.h"

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)

/* Exit statuses the document store tells apart. */
#define EXIT_NOT_A_DOCUMENT 2
#define EXIT_FAILURE_OTHER  1

static int
refuse (const char *reason)
{
  /* One line: the store passes the first line on. */
  fprintf (stderr, "%s\n", reason);
  return EXIT_NOT_A_DOCUMENT;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  g_autofree char *refusal = NULL;
  gsize length;

  if (argc != 2)
    {
      fprintf (stderr, "usage: quorum-pdf-check FILE\n");
      return EXIT_FAILURE_OTHER;
    }

  path = g_canonicalize_filename (argv[1], NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  if (uri == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE_OTHER;
    }

  document = poppler_document_new_from_file (uri, NULL, &error);
  if (document == NULL)
    {
      refusal = qm_pdf_refusal (error);
      return refuse (refusal);
    }
  text = qm_pdf_describe (document, &length, &refusal);
  if (text == NULL)
    return refuse (refusal);

  if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      fprintf (stderr, "cannot write the answer\n");
      return EXIT_FAILURE_OTHER;
    }
  return EXIT_SUCCESS;
}
