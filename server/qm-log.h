/* qm-log.h: the server's log lines as structured entries (g_log_structured)
 * that journald keeps with their fields: MESSAGE, PRIORITY, GLIB_DOMAIN,
 * CODE_*, and QUORUM_MEETING / QUORUM_USER / QUORUM_DOCUMENT / QUORUM_VOTE
 * when they apply. Passwords, tokens, token hashes and ballots of secret
 * votes never go into a log line (docs/SECURITY.md).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much an entry matters. Both are logged at GLib's MESSAGE level (never
 * WARNING: that is for programmer errors, and fatal under test); the
 * journal's PRIORITY tells them apart. */
typedef enum
{
  QM_LOG_EVENT,              /* PRIORITY 5 (notice): logins, uploads, votes */
  QM_LOG_PROBLEM,            /* PRIORITY 4 (warning): 5xx answers, a full disk */
} QmLogKind;

typedef struct
{
  gint64      meeting;       /* 0: none */
  gint64      user;          /* 0: none */
  gint64      vote;          /* 0: none */
  const char *document;      /* NULL: none */
} QmLogAbout;

#define qm_log(kind, about, ...) \
  _qm_log (G_LOG_DOMAIN, (kind), __FILE__, G_STRINGIFY (__LINE__), G_STRFUNC, (about), __VA_ARGS__)

void _qm_log (const char       *domain,
              QmLogKind         kind,
              const char       *file,
              const char       *line,
              const char       *func,
              const QmLogAbout *about,
              const char       *format,
              ...) G_GNUC_PRINTF (7, 8);

G_END_DECLS
