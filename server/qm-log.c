/* qm-log.c: structured log entries with Quorum's own fields.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-log.h"

void
_qm_log (const char       *domain,
         QmLogKind         kind,
         const char       *file,
         const char       *line,
         const char       *func,
         const QmLogAbout *about,
         const char       *format,
         ...)
{
  g_autofree char *message = NULL;
  g_autofree char *meeting = NULL;
  g_autofree char *user = NULL;
  g_autofree char *vote = NULL;
  GLogField fields[11];
  gsize n = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fields[n++] = (GLogField) { "MESSAGE", message, -1 };
  /* syslog(3) priorities: warning, notice. */
  fields[n++] = (GLogField) { "PRIORITY", kind == QM_LOG_PROBLEM ? "4" : "5", -1 };
  fields[n++] = (GLogField) { "GLIB_DOMAIN", domain != NULL ? domain : "quorum-server", -1 };
  fields[n++] = (GLogField) { "CODE_FILE", file, -1 };
  fields[n++] = (GLogField) { "CODE_LINE", line, -1 };
  fields[n++] = (GLogField) { "CODE_FUNC", func, -1 };
  fields[n++] = (GLogField) { "SYSLOG_IDENTIFIER", "quorum-server", -1 };
  if (about != NULL && about->meeting > 0)
    {
      meeting = g_strdup_printf ("%" G_GINT64_FORMAT, about->meeting);
      fields[n++] = (GLogField) { "QUORUM_MEETING", meeting, -1 };
    }
  if (about != NULL && about->user > 0)
    {
      user = g_strdup_printf ("%" G_GINT64_FORMAT, about->user);
      fields[n++] = (GLogField) { "QUORUM_USER", user, -1 };
    }
  if (about != NULL && about->vote > 0)
    {
      vote = g_strdup_printf ("%" G_GINT64_FORMAT, about->vote);
      fields[n++] = (GLogField) { "QUORUM_VOTE", vote, -1 };
    }
  if (about != NULL && about->document != NULL)
    fields[n++] = (GLogField) { "QUORUM_DOCUMENT", about->document, -1 };

  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, n);
}
