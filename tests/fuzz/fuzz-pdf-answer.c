/* fuzz-pdf-answer.c: the server's reading of quorum-pdf-check's answer,
 * which comes from a process that has just read hostile bytes.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <quorum/quorum-protocol.h>

#include "qm-pdf-validator.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QmDocumentInfo) info = _qm_pdf_parse_answer (data, size, &error);

  if (info == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT),
                  "a refused answer that is not invalid_document");
      return 0;
    }
  FUZZ_CHECK (info->pages >= 1 && info->pages <= QM_MAX_PAGE, "a page count out of range");
  FUZZ_CHECK (info->page_sizes->len == 2 * (guint) info->pages, "not one size per page");
  for (guint i = 0; i < info->page_sizes->len; i++)
    {
      double points = g_array_index (info->page_sizes, double, i);

      FUZZ_CHECK (isfinite (points) && points > 0, "an unusable page size");
    }
  FUZZ_CHECK (info->title == NULL
              || (g_utf8_validate (info->title, -1, NULL) && info->title[0] != '\0'
                  && g_utf8_strlen (info->title, -1) <= QM_MAX_TITLE_CHARS),
              "a title the server cannot keep");
  return 0;
}
