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

typedef struct
{
  gint64      meeting;       /* 0: none */
  gint64      user;          /* 0: none */
  gint64      vote;          /* 0: none */
  const char *document;      /* NULL: none */
} QmLogAbout;

#define qm_log(level, about, ...) \
  _qm_log (G_LOG_DOMAIN, (level), __FILE__, G_STRINGIFY (__LINE__), G_STRFUNC, (about), __VA_ARGS__)

void _qm_log (const char       *domain,
              GLogLevelFlags    level,
              const char       *file,
              const char       *line,
              const char       *func,
              const QmLogAbout *about,
              const char       *format,
              ...) G_GNUC_PRINTF (7, 8);

G_END_DECLS
