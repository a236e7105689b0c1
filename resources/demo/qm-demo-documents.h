/* qm-demo-documents.h
 *
 * Realistic Vietnamese administrative PDFs for the server's --demo meeting.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kind decides the title page, the structure and the closing block. */
typedef enum
{
  QM_DEMO_DOCUMENT_REPORT,     /* Báo cáo */
  QM_DEMO_DOCUMENT_PROPOSAL,   /* Tờ trình */
  QM_DEMO_DOCUMENT_RESOLUTION, /* Dự thảo nghị quyết của HĐND */
  QM_DEMO_DOCUMENT_PLAN,       /* Kế hoạch */
  QM_DEMO_DOCUMENT_ANNEX,      /* Phụ lục số liệu thống kê */
} QmDemoDocumentKind;

/* The topic picks the prose, the tables and the charts. */
typedef enum
{
  QM_DEMO_TOPIC_ECONOMY,
  QM_DEMO_TOPIC_BUDGET,
  QM_DEMO_TOPIC_INVESTMENT,
  QM_DEMO_TOPIC_ADMIN_REFORM,
  QM_DEMO_TOPIC_DIGITAL,
  QM_DEMO_TOPIC_SOCIAL,
} QmDemoTopic;

#define QM_DEMO_DOCUMENT_MIN_PAGES 2
#define QM_DEMO_DOCUMENT_MAX_PAGES 5000

/* A zero-initialised spec with a title, a page count and a seed is a valid
 * report on the economy; the other fields refine it. */
typedef struct
{
  const char         *title;        /* shown on page 1 and set as PDF title */
  const char         *subtitle;     /* may be NULL */
  guint               n_pages;      /* exact page count of the output */
  guint               seed;         /* same spec and seed, same bytes */
  QmDemoDocumentKind  kind;
  QmDemoTopic         topic;
  const char         *number;       /* "312/BC-UBND"; NULL derives one from the seed */
  const char         *agenda_item;  /* title of the agenda item, may be NULL */
  guint               agenda_index; /* 1-based position of that item, 0 if none */
  const char         *file_name;    /* file name stem, without ".pdf"; may be NULL */
} QmDemoDocumentSpec;

const char               *qm_demo_meeting_title         (void);
const QmDemoDocumentSpec *qm_demo_documents_for_meeting (guint                    *n_specs);
gboolean                  qm_demo_document_write        (const char               *path,
                                                         const QmDemoDocumentSpec *spec,
                                                         GError                  **error);

G_END_DECLS
