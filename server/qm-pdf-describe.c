/* qm-pdf-describe.c: reads the page count, the title and every page's size of
 * an untrusted PDF with poppler (in the confined helper only) and writes them
 * as JSON for the server.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "quorum-pdf-check"

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "qm-pdf-describe.h"

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* Far above any title the server keeps; only bounds what is printed. */
#define MAX_TITLE_CHARS     1000

/* NULL for no title, an empty one or one of only blanks. */
static char *
clean_title (char *title)
{
  g_autofree char *raw = title;
  g_autofree char *valid = NULL;

  if (raw == NULL)
    return NULL;
  valid = g_strstrip (g_utf8_make_valid (raw, -1));
  if (*valid == '\0')
    return NULL;
  return g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), MAX_TITLE_CHARS));
}

char *
qm_pdf_refusal (const GError *error)
{
  if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    return g_strdup ("the document is protected by a password");
  return g_strdup (error->message);
}

PopplerDocument *
qm_pdf_open_bytes (GBytes  *bytes,
                   char   **out_refusal)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, &error);

  if (document == NULL)
    *out_refusal = qm_pdf_refusal (error);
  return document;
}

char *
qm_pdf_describe (PopplerDocument  *document,
                 gsize            *out_length,
                 char            **out_refusal)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *title = NULL;
  int pages;

  *out_refusal = NULL;
  pages = poppler_document_get_n_pages (document);
  if (pages <= 0)
    {
      *out_refusal = g_strdup ("the document has no pages");
      return NULL;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, pages);

  json_builder_set_member_name (builder, "title");
  title = clean_title (poppler_document_get_title (document));
  if (title != NULL)
    json_builder_add_string_value (builder, title);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "page_sizes");
  json_builder_begin_array (builder);
  for (int i = 0; i < pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      double width = 0, height = 0;

      if (page == NULL)
        {
          *out_refusal = g_strdup ("a page of the document cannot be read");
          return NULL;
        }
      poppler_page_get_size (page, &width, &height);
      if (!(isfinite (width) && isfinite (height) && width > 0 && height > 0))
        {
          *out_refusal = g_strdup ("a page of the document has no usable size");
          return NULL;
        }
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, width);
      json_builder_add_double_value (builder, height);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, out_length);
}
