/* qm-json.c: strict JSON field readers and the codec plumbing shared by every wire type.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qm-json-private.h"

/* json-glib is lenient (it takes comments, single quotes, bare words,
 * control characters in strings, leading zeros and text after the value,
 * and wraps integers that overflow 64 bits) and its parser recurses once per
 * nesting level. This scan, run before it, refuses what is not strict JSON
 * and bounds the nesting, so a hostile "[[[[…" cannot exhaust the stack. It
 * also notes where whole numbers too large for 64 bits end, so they can be
 * read as the (inexact) doubles they are instead of wrapping. */
typedef struct
{
  const char *problem;
  GArray     *long_integers;   /* offsets just past each one's last digit */
} Scan;

static gboolean
scan_fail (Scan       *scan,
           const char *problem)
{
  scan->problem = problem;
  return FALSE;
}

static gboolean
fits_int64 (const char *digits,
            gsize       n_digits)
{
  static const char max[] = "9223372036854775807";

  return n_digits < sizeof max - 1
         || (n_digits == sizeof max - 1 && strncmp (digits, max, n_digits) <= 0);
}

static gboolean
is_strict_json (const char *text,
                gsize       length,
                Scan       *scan)
{
  guint depth = 0;
  gboolean finished = FALSE;   /* the top-level value is complete */

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (finished)
        return scan_fail (scan, "text after the end of the value");

      if (c == '"')
        {
          for (i++; i < length && text[i] != '"'; i++)
            {
              if ((guchar) text[i] < 0x20)
                return scan_fail (scan, "a control character inside a string");
              if (text[i] == '\\')
                i++;
            }
          if (i >= length)
            return scan_fail (scan, "an unterminated string");
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize digits_start = c == '-' ? i + 1 : i;
          gsize j = digits_start;
          gboolean fraction = FALSE;

          while (j < length && g_ascii_isdigit (text[j]))
            j++;
          if (j == digits_start)
            return scan_fail (scan, "a number without digits");
          if (text[digits_start] == '0' && j - digits_start > 1)
            return scan_fail (scan, "a number with a leading zero");
          if (j < length && (text[j] == '.' || text[j] == 'e' || text[j] == 'E'))
            fraction = TRUE;
          if (!fraction && !fits_int64 (text + digits_start, j - digits_start))
            g_array_append_val (scan->long_integers, j);
          while (j < length && (g_ascii_isdigit (text[j]) || text[j] == '.' || text[j] == 'e'
                                || text[j] == 'E' || text[j] == '+' || text[j] == '-'))
            j++;
          i = j - 1;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > QM_MAX_JSON_DEPTH)
            return scan_fail (scan, "nesting too deep");
          continue;
        }
      else if (c == ']' || c == '}')
        {
          if (depth == 0)
            return scan_fail (scan, "a closing bracket without an opening one");
          depth--;
        }
      else if (c == ',' || c == ':')
        continue;
      else if (strncmp (text + i, "true", MIN (4, length - i)) == 0 && length - i >= 4)
        i += 3;
      else if (strncmp (text + i, "false", MIN (5, length - i)) == 0 && length - i >= 5)
        i += 4;
      else if (strncmp (text + i, "null", MIN (4, length - i)) == 0 && length - i >= 4)
        i += 3;
      else
        return scan_fail (scan, "a character that JSON does not allow here");

      if (depth == 0)
        finished = TRUE;
    }

  return TRUE;
}

JsonNode *
_qm_json_parse_text (const char  *text,
                     gssize       length,
                     gsize        max_bytes,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) patched = NULL;
  g_autoptr(GArray) long_integers = g_array_new (FALSE, FALSE, sizeof (gsize));
  Scan scan = { NULL, NULL };
  gsize len;

  if (text == NULL)
    text = "";
  len = length < 0 ? strlen (text) : (gsize) length;

  if (len > max_bytes)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE,
                   "message of %" G_GSIZE_FORMAT " bytes is over the limit of %" G_GSIZE_FORMAT,
                   len, max_bytes);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "empty message");
      return NULL;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "message is not valid UTF-8");
      return NULL;
    }
  scan.long_integers = long_integers;
  if (!is_strict_json (text, len, &scan))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED, "not JSON: %s",
                   scan.problem);
      return NULL;
    }
  if (scan.long_integers->len > 0)
    {
      /* "…digits" becomes "…digits.0": json-glib then reads a double. */
      gsize from = 0;

      patched = g_string_sized_new (len + 2 * scan.long_integers->len);
      for (guint i = 0; i < scan.long_integers->len; i++)
        {
          gsize at = g_array_index (scan.long_integers, gsize, i);

          g_string_append_len (patched, text + from, at - from);
          g_string_append (patched, ".0");
          from = at;
        }
      g_string_append_len (patched, text + from, len - from);
      text = patched->str;
      len = patched->len;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                   "not JSON: %s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "empty message");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

char *
_qm_json_to_text (JsonNode *node,
                  gsize    *out_length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, out_length);
}

JsonObject *
_qm_json_object (JsonNode    *node,
                 const char  *what,
                 GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "%s must be a JSON object", what);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonNode *
_qm_json_member (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
missing (const char  *name,
         gboolean     required,
         GError     **error)
{
  if (required)
    g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                 "'%s' is required", name);
  return !required;
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

gboolean
_qm_json_get_int (JsonObject  *object,
                  const char  *name,
                  gboolean     required,
                  gint64       min,
                  gint64       max,
                  gboolean    *out_present,
                  gint64      *out_value,
                  GError     **error)
{
  JsonNode *node = _qm_json_member (object, name);
  gint64 value;

  if (out_present)
    *out_present = FALSE;
  *out_value = 0;

  if (node == NULL)
    return missing (name, required, error);

  if (!node_is (node, G_TYPE_INT64))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be an integer", name);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   name, min, max);
      return FALSE;
    }

  if (out_present)
    *out_present = TRUE;
  *out_value = value;
  return TRUE;
}

gboolean
_qm_json_get_id (JsonObject  *object,
                 const char  *name,
                 gboolean     required,
                 gint64      *out_id,
                 GError     **error)
{
  return _qm_json_get_int (object, name, required, 1, QM_MAX_ID, NULL, out_id, error);
}

gboolean
_qm_json_get_bool (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   gboolean    *out_present,
                   gboolean    *out_value,
                   GError     **error)
{
  JsonNode *node = _qm_json_member (object, name);

  if (out_present)
    *out_present = FALSE;
  *out_value = FALSE;

  if (node == NULL)
    return missing (name, required, error);

  if (!node_is (node, G_TYPE_BOOLEAN))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be true or false", name);
      return FALSE;
    }

  if (out_present)
    *out_present = TRUE;
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_qm_json_node_double (JsonNode *node,
                      double    min,
                      double    max,
                      double   *out_value)
{
  double value;

  if (node_is (node, G_TYPE_INT64))
    value = (double) json_node_get_int (node);
  else if (node_is (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return FALSE;

  if (!isfinite (value) || value < min || value > max)
    return FALSE;

  *out_value = value;
  return TRUE;
}

gboolean
_qm_json_get_double (JsonObject  *object,
                     const char  *name,
                     double       min,
                     double       max,
                     double      *out_value,
                     GError     **error)
{
  JsonNode *node = _qm_json_member (object, name);

  *out_value = 0;
  if (node == NULL)
    return missing (name, TRUE, error);

  if (!_qm_json_node_double (node, min, max, out_value))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be a number from %g to %g", name, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
_qm_json_get_string (JsonObject  *object,
                     const char  *name,
                     gboolean     required,
                     gsize        max_chars,
                     char       **out_value,
                     GError     **error)
{
  JsonNode *node = _qm_json_member (object, name);
  const char *value;

  *out_value = NULL;
  if (node == NULL)
    return missing (name, required, error);

  if (!node_is (node, G_TYPE_STRING))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be a string", name);
      return FALSE;
    }

  value = json_node_get_string (node);
  if ((gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' is longer than %" G_GSIZE_FORMAT " characters", name, max_chars);
      return FALSE;
    }

  *out_value = g_strdup (value);
  return TRUE;
}

static gboolean
get_checked_string (JsonObject   *object,
                    const char   *name,
                    gboolean      required,
                    gsize         max_chars,
                    gboolean    (*check) (const char *),
                    const char   *format_name,
                    char        **out_value,
                    GError      **error)
{
  g_autofree char *value = NULL;

  *out_value = NULL;
  if (!_qm_json_get_string (object, name, required, max_chars, &value, error))
    return FALSE;
  if (value != NULL && !check (value))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be %s", name, format_name);
      return FALSE;
    }
  *out_value = g_steal_pointer (&value);
  return TRUE;
}

gboolean
_qm_json_get_docid (JsonObject  *object,
                    const char  *name,
                    gboolean     required,
                    char       **out_value,
                    GError     **error)
{
  return get_checked_string (object, name, required, QM_DOCID_LENGTH, qm_is_docid,
                             "a document id (64 lowercase hex digits)", out_value, error);
}

gboolean
_qm_json_get_time (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   char       **out_value,
                   GError     **error)
{
  return get_checked_string (object, name, required, 64, qm_is_rfc3339,
                             "an RFC 3339 date-time with an offset", out_value, error);
}

gboolean
_qm_json_get_id_array (JsonObject  *object,
                       const char  *name,
                       gboolean     required,
                       GArray     **out_ids,
                       GError     **error)
{
  JsonNode *node = _qm_json_member (object, name);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;
  guint n;

  *out_ids = NULL;
  if (node == NULL)
    {
      if (!missing (name, required, error))
        return FALSE;
      *out_ids = g_steal_pointer (&ids);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be an array of ids", name);
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!node_is (element, G_TYPE_INT64)
          || (id = json_node_get_int (element)) < 1 || id > QM_MAX_ID)
        {
          g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                       "'%s'[%u] must be an id", name, i);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }

  *out_ids = g_steal_pointer (&ids);
  return TRUE;
}

gboolean
_qm_json_get_list (JsonObject     *object,
                   const char     *name,
                   gboolean        required,
                   QmFromJsonFunc  from_json,
                   GDestroyNotify  free_func,
                   GPtrArray     **out_list,
                   GError        **error)
{
  JsonNode *node = _qm_json_member (object, name);
  g_autoptr(GPtrArray) list = NULL;
  JsonArray *array;
  guint n;

  *out_list = NULL;
  if (node == NULL)
    return missing (name, required, error);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                   "'%s' must be an array", name);
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  list = g_ptr_array_new_full (n, free_func);
  for (guint i = 0; i < n; i++)
    {
      gpointer element = from_json (json_array_get_element (array, i), error);

      if (element == NULL)
        {
          g_prefix_error (error, "'%s'[%u]: ", name, i);
          return FALSE;
        }
      g_ptr_array_add (list, element);
    }

  *out_list = g_steal_pointer (&list);
  return TRUE;
}

void
_qm_json_set_id_or_null (JsonObject *object,
                         const char *name,
                         gint64      id)
{
  if (id > 0)
    json_object_set_int_member (object, name, id);
  else
    json_object_set_null_member (object, name);
}

void
_qm_json_set_string_or_null (JsonObject *object,
                             const char *name,
                             const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

JsonNode *
_qm_json_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
_qm_json_id_array (GArray *ids)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    json_array_add_int_element (array, g_array_index (ids, gint64, i));

  json_node_take_array (node, array);
  return node;
}

JsonNode *
_qm_json_list (GPtrArray    *list,
               QmToJsonFunc  to_json)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; list != NULL && i < list->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (list, i)));

  json_node_take_array (node, array);
  return node;
}

gpointer
_qm_codec_parse (const char     *text,
                 gssize          length,
                 QmFromJsonFunc  from_json,
                 GError        **error)
{
  g_autoptr(JsonNode) root = _qm_json_parse_text (text, length, QM_MAX_SERVER_MESSAGE_BYTES,
                                                  error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "the body must be a JSON object");
      return NULL;
    }
  return from_json (root, error);
}

GPtrArray *
_qm_codec_list_parse (const char     *text,
                      gssize          length,
                      QmFromJsonFunc  from_json,
                      GDestroyNotify  free_func,
                      GError        **error)
{
  g_autoptr(JsonNode) root = _qm_json_parse_text (text, length, QM_MAX_SERVER_MESSAGE_BYTES,
                                                  error);
  g_autoptr(JsonObject) wrapper = NULL;
  GPtrArray *list = NULL;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_MALFORMED,
                           "the body must be a JSON array");
      return NULL;
    }

  /* Reuse the member reader by hanging the array off a throwaway object. */
  wrapper = json_object_new ();
  json_object_set_member (wrapper, "list", json_node_ref (root));
  if (!_qm_json_get_list (wrapper, "list", TRUE, from_json, free_func, &list, error))
    return NULL;
  return list;
}

char *
_qm_codec_serialize (JsonNode *node,
                     gsize    *out_length)
{
  char *text = _qm_json_to_text (node, out_length);

  json_node_unref (node);
  return text;
}

gboolean
_qm_has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}
