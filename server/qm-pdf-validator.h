/* qm-pdf-validator.h: opening untrusted PDFs in a confined helper process.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-document-store.h"

G_BEGIN_DECLS

/* Runs the helper on path under the limits and reads its answer; blocks
 * (call on a worker thread). INVALID_DOCUMENT when the helper crashed, ran
 * out of time, CPU or memory, or said no. Fills pages, title and page
 * sizes; not the id or size. */
QmDocumentInfo *_qm_pdf_validate (const QmValidatorLimits  *confinement,
                                  const char               *path,
                                  GCancellable             *cancellable,
                                  GError                  **error);

/* Reads the helper's answer, {"pages","title","page_sizes"}, as the hostile
 * input it may be: INVALID_DOCUMENT unless it is exactly that shape, with
 * 1 to QM_MAX_PAGE pages and a finite, positive size for each. */
QmDocumentInfo *_qm_pdf_parse_answer (const guint8  *data,
                                      gsize          length,
                                      GError       **error);

G_END_DECLS
