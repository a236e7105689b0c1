/* lg-skim.c: a top-level look at a server frame (its type, seq, page, re and vote)
 * without building a JSON tree, so 2,000 connections cost the load generator
 * little per event.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lg.h"

static gboolean
skim_string (const char **p,
             const char  *end,
             const char **start,
             gsize       *length)
{
  const char *s = *p + 1;

  for (const char *c = s; c < end; c++)
    {
      if (*c == '\\')
        c++;
      else if (*c == '"')
        {
          *start = s;
          *length = c - s;
          *p = c + 1;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
skim_value (const char **p,
            const char  *end)
{
  const char *c = *p;
  int depth = 0;

  if (*c == '"')
    {
      const char *s;
      gsize n;

      return skim_string (p, end, &s, &n);
    }
  for (; c < end; c++)
    {
      if (*c == '"')
        {
          const char *s;
          gsize n;

          if (!skim_string (&c, end, &s, &n))
            return FALSE;
          c--;
        }
      else if (*c == '{' || *c == '[')
        depth++;
      else if (*c == '}' || *c == ']')
        {
          if (depth == 0)
            break;
          if (--depth == 0)
            {
              c++;
              break;
            }
        }
      else if (*c == ',' && depth == 0)
        break;
    }
  *p = c;
  return c <= end;
}

static void
skip_space (const char **p,
            const char  *end)
{
  while (*p < end && g_ascii_isspace (**p))
    (*p)++;
}

gboolean
lg_skim (const char *text,
         gsize       length,
         LgSkim     *skim)
{
  const char *p = text, *end = text + length;

  memset (skim, 0, sizeof *skim);
  skip_space (&p, end);
  if (p >= end || *p++ != '{')
    return FALSE;
  for (;;)
    {
      const char *key;
      gsize key_length;

      skip_space (&p, end);
      if (p < end && *p == '}')
        return skim->type != NULL;
      if (p >= end || *p != '"' || !skim_string (&p, end, &key, &key_length))
        return FALSE;
      skip_space (&p, end);
      if (p >= end || *p++ != ':')
        return FALSE;
      skip_space (&p, end);
      if (p >= end)
        return FALSE;
      if (key_length == 4 && memcmp (key, "type", 4) == 0 && *p == '"')
        {
          if (!skim_string (&p, end, &skim->type, &skim->type_length))
            return FALSE;
        }
      else if ((key_length == 3 && memcmp (key, "seq", 3) == 0)
               || (key_length == 4 && memcmp (key, "page", 4) == 0)
               || (key_length == 2 && memcmp (key, "re", 2) == 0 && (g_ascii_isdigit (*p) || *p == '-'))
               || (key_length == 4 && memcmp (key, "vote", 4) == 0 && (g_ascii_isdigit (*p) || *p == '-'))
               || (key_length == 4 && memcmp (key, "code", 4) == 0 && *p != '"'))
        {
          char *number_end;
          gint64 value = g_ascii_strtoll (p, &number_end, 10);

          if (number_end == p)
            return FALSE;
          p = number_end;
          if (key_length == 3)
            {
              skim->seq = value;
              skim->has_seq = TRUE;
            }
          else if (key_length == 2)
            {
              skim->re = value;
              skim->has_re = TRUE;
            }
          else if (key[0] == 'p')
            skim->page = value;
          else if (key[0] == 'v')
            skim->vote = value;
          else
            skim->code = value;
        }
      else if (!skim_value (&p, end))
        return FALSE;
      skip_space (&p, end);
      if (p < end && *p == ',')
        p++;
    }
}
