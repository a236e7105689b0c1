/* qm-validate.c: checks of the small string formats the contract fixes, and RFC 3339 times.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "qm-limits.h"
#include "qm-validate.h"

gboolean
qm_is_docid (const char *text)
{
  if (text == NULL || strlen (text) != QM_DOCID_LENGTH)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
qm_is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != QM_UUID_LENGTH)
    return FALSE;
  for (guint i = 0; i < QM_UUID_LENGTH; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
qm_is_color (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
qm_is_username (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  if (len < 1 || len > QM_MAX_USERNAME_CHARS)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '@')
      return FALSE;
  return TRUE;
}

/* GLib's ISO 8601 parser also takes week dates, ordinal dates and times
 * without a zone; RFC 3339 is the strict subset
 * YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM), so check the shape first. */
static gboolean
has_rfc3339_shape (const char *text)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd";
  const char *p = text;

  for (guint i = 0; pattern[i]; i++, p++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (*p) : *p != pattern[i])
        if (!(pattern[i] == 'T' && (*p == 't' || *p == ' ')))
          return FALSE;
    }

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    return p[1] == '\0';
  if (*p == '+' || *p == '-')
    return g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && p[3] == ':'
           && g_ascii_isdigit (p[4]) && g_ascii_isdigit (p[5]) && p[6] == '\0'
           && (p[1] - '0') * 10 + (p[2] - '0') <= 23 && p[4] <= '5';
  return FALSE;
}

GDateTime *
qm_time_parse_rfc3339 (const char *text)
{
  g_autofree char *normal = NULL;

  if (text == NULL || strlen (text) > 64 || !has_rfc3339_shape (text))
    return NULL;

  normal = g_ascii_strup (text, -1);
  if (normal[10] == ' ')
    normal[10] = 'T';
  return g_date_time_new_from_iso8601 (normal, NULL);
}

gboolean
qm_is_rfc3339 (const char *text)
{
  g_autoptr(GDateTime) time = qm_time_parse_rfc3339 (text);

  return time != NULL;
}

gboolean
qm_parse_id (const char *text,
             gint64     *out_id)
{
  guint64 value = 0;

  g_return_val_if_fail (out_id != NULL, FALSE);

  *out_id = 0;
  if (text == NULL || text[0] < '1' || text[0] > '9' || strlen (text) > 16)
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (value > (guint64) QM_MAX_ID)
    return FALSE;

  *out_id = (gint64) value;
  return TRUE;
}

char *
qm_time_format_rfc3339 (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (utc) / 1000);
}

char *
qm_time_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return qm_time_format_rfc3339 (now);
}
