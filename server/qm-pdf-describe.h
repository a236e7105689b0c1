/* qm-pdf-describe.h: what quorum-pdf-check says of an open PDF, shared by the
 * helper program and its fuzz target.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <poppler.h>

G_BEGIN_DECLS

/* Opens a PDF from memory, as the helper opens its file: NULL and a one-line
 * reason in *out_refusal for bytes poppler cannot open (or a password). */
PopplerDocument *qm_pdf_open_bytes (GBytes           *bytes,
                                    char            **out_refusal);
/* The reason for an error of poppler_document_new_from_*(). */
char            *qm_pdf_refusal    (const GError     *error);
/* The answer {"pages","title","page_sizes":[[w,h],…]}, or NULL and a
 * one-line reason in *out_refusal (no pages, an unreadable page, a page with
 * no usable size). */
char            *qm_pdf_describe   (PopplerDocument  *document,
                                    gsize            *out_length,
                                    char            **out_refusal);

G_END_DECLS
