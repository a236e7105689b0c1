/* fuzz-pdf-check.c: quorum-pdf-check's work in-process (poppler opens the
 * bytes, the helper describes them) and the server's reading of the answer:
 * whatever a helper that did not crash says must be an answer the server
 * accepts.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <quorum/quorum-protocol.h>

#include "qm-pdf-describe.h"
#include "qm-pdf-validator.h"
#include "fuzz-common.h"

static void
quiet (const char     *log_domain,
       GLogLevelFlags  log_level,
       const char     *message,
       gpointer        user_data)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *answer = NULL;
  PopplerDocument *document;
  gsize length;
  static gboolean ready;

  if (!ready)
    {
      /* poppler reports every flaw of a broken file; the helper's stderr
       * is only read for its first line anyway. */
      g_log_set_handler ("Poppler", G_LOG_LEVEL_MASK, quiet, NULL);
      ready = TRUE;
    }

  bytes = g_bytes_new (data, size);
  document = qm_pdf_open_bytes (bytes, &refusal);
  if (document == NULL)
    {
      FUZZ_CHECK (refusal != NULL, "a refusal without a reason");
      return 0;
    }
  answer = qm_pdf_describe (document, &length, &refusal);
  g_object_unref (document);
  if (answer == NULL)
    {
      FUZZ_CHECK (refusal != NULL, "a refusal without a reason");
      return 0;
    }

  info = _qm_pdf_parse_answer ((const guint8 *) answer, length, &error);
  if (info == NULL)
    fprintf (stderr, "the server refuses the helper's answer: %s\n%s\n", error->message, answer);
  /* Only a page count over the limit may be refused. */
  FUZZ_CHECK (info != NULL || g_str_has_prefix (error->message, "the document has "),
              "the server refuses what the helper said");
  return 0;
}
