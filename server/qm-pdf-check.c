/* qm-pdf-check.c: quorum-pdf-check FILE, the short-lived helper that opens an
 * untrusted PDF with poppler and prints its page count, title and page sizes
 * as JSON, so that a hostile file can crash or exhaust only this process.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "quorum-pdf-check"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>
#include <poppler.h>

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* Exit statuses the document store tells apart. */
#define EXIT_NOT_A_DOCUMENT 2
#define EXIT_FAILURE_OTHER  1

/* Far above any title the server keeps; only bounds what is printed. */
#define MAX_TITLE_CHARS     1000

static int
refuse (const char *reason)
{
  /* One line: the store passes the first line on. */
  fprintf (stderr, "%s\n", reason);
  return EXIT_NOT_A_DOCUMENT;
}

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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  gsize length;
  int pages;

  if (argc != 2)
    {
      fprintf (stderr, "usage: quorum-pdf-check FILE\n");
      return EXIT_FAILURE_OTHER;
    }

  path = g_canonicalize_filename (argv[1], NULL);
  uri = g_filename_to_uri (path, NULL, &error);
  if (uri == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE_OTHER;
    }

  document = poppler_document_new_from_file (uri, NULL, &error);
  if (document == NULL)
    {
      if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return refuse ("the document is protected by a password");
      return refuse (error->message);
    }
  pages = poppler_document_get_n_pages (document);
  if (pages <= 0)
    return refuse ("the document has no pages");

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
        return refuse ("a page of the document cannot be read");
      poppler_page_get_size (page, &width, &height);
      if (!(isfinite (width) && isfinite (height) && width > 0 && height > 0))
        return refuse ("a page of the document has no usable size");
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
  text = json_generator_to_data (generator, &length);

  if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      fprintf (stderr, "cannot write the answer\n");
      return EXIT_FAILURE_OTHER;
    }
  return EXIT_SUCCESS;
}
