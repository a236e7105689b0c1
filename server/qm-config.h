/* qm-config.h: the server's settings: command-line options, an optional key
 * file, and sensible defaults for everything else.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "qm-document-store.h"

G_BEGIN_DECLS

typedef struct
{
  char              *data_dir;
  char              *listen_host;
  guint              listen_port;
  char              *tls_cert;
  char              *tls_key;
  gboolean           announce;                  /* DNS-SD over Avahi: off */
  char              *name;                      /* announced name; NULL: "Quorum on HOST" */

  gint64             token_idle_seconds;        /* 12 h */
  guint64            max_document_bytes;        /* 200 MiB */
  guint64            max_json_bytes;            /* 1 MiB */
  guint              hash_workers;              /* 2 */
  guint              login_failures_per_user;   /* 5 */
  guint              login_failures_per_address;/* 30 */
  gint64             login_window_seconds;      /* 300 */
  guint              max_proxies_per_holder;    /* 1 */
  guint              max_annotations_per_user;  /* 5 000, per meeting */
  guint64            max_annotation_bytes_per_user; /* 2 MiB of annotation JSON, per meeting */
  guint              hello_timeout_ms;          /* 10 000, the contract's deadline */
  QmValidatorLimits  validator;
} QmConfig;

QmConfig *qm_config_new       (void);
void      qm_config_free      (QmConfig    *config);
/* Reads [server], [limits] and [documents] groups; unknown keys are errors,
 * so a typo does not silently leave a default in place. */
gboolean  qm_config_load_file (QmConfig    *config,
                               const char  *path,
                               GError     **error);
/* "HOST:PORT", "[v6]:PORT" or ":PORT". */
gboolean  qm_config_set_listen (QmConfig   *config,
                                const char *listen,
                                GError    **error);

/* The name the server announces on the LAN: config->name, else
 * "Quorum on HOST"; at most 63 bytes (one DNS label), cut at a character. */
char     *qm_config_get_announce_name (const QmConfig *config);

/* Where the PDF-checking helper is: $QUORUM_PDF_CHECK, beside this program
 * (a build tree), or the installed libexec folder. */
char     *qm_config_find_pdf_check (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmConfig, qm_config_free)

G_END_DECLS
