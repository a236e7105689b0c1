/* test-demo-documents.c
 *
 * Tests the demo PDFs: exact page counts, metadata, Vietnamese text, determinism.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "qm-demo-documents.h"
#include "qm-demo-content-private.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("quorum-demo-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->dir);
}

static char *
write_spec (Fixture                  *f,
            const QmDemoDocumentSpec *spec,
            const char               *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (qm_demo_document_write (path, spec, &error));
  g_assert_no_error (error);
  return path;
}

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* Whitespace collapsed to single spaces: a title may wrap over lines. */
static char *
normalise (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr (" \t\r\n\f\v", *p) != NULL)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* poppler-glib 22.12 declares no autoptr cleanups, hence the unrefs. */
static char *
page_text (PopplerDocument *document,
           int              index)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  g_autofree char *text = NULL;

  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  return normalise (text != NULL ? text : "");
}

/* The first page from index first on whose text needle occurs, or -1. */
static int
find_page (PopplerDocument *document,
           int              first,
           const char      *needle)
{
  int n = poppler_document_get_n_pages (document);

  for (int i = first; i < n; i++)
    {
      g_autofree char *text = page_text (document, i);

      if (strstr (text, needle) != NULL)
        return i;
    }
  return -1;
}

static void
test_meeting_set (void)
{
  const QmDemoDocumentSpec *specs;
  guint n_specs, n_long = 0;
  guint per_item[6] = { 0 };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (strstr (qm_demo_meeting_title (), "tháng 12"));

  specs = qm_demo_documents_for_meeting (&n_specs);
  g_assert_nonnull (specs);
  g_assert_cmpuint (n_specs, >=, 5);

  for (guint i = 0; i < n_specs; i++)
    {
      const QmDemoDocumentSpec *spec = &specs[i];

      g_assert_nonnull (spec->title);
      g_assert_nonnull (spec->agenda_item);
      g_assert_nonnull (spec->file_name);
      g_assert_false (g_str_has_suffix (spec->file_name, ".pdf"));
      g_assert_true (g_hash_table_add (names, (gpointer) spec->file_name));
      g_assert_cmpuint (spec->agenda_index, >=, 1);
      g_assert_cmpuint (spec->agenda_index, <=, 5);
      if (i > 0)
        {
          g_assert_cmpuint (spec->agenda_index, >=, specs[i - 1].agenda_index);
          if (spec->agenda_index == specs[i - 1].agenda_index)
            g_assert_cmpstr (spec->agenda_item, ==, specs[i - 1].agenda_item);
        }
      per_item[spec->agenda_index]++;

      if (spec->n_pages >= 200)
        {
          n_long++;
        }
      else
        {
          g_assert_cmpuint (spec->n_pages, >=, 3);
          g_assert_cmpuint (spec->n_pages, <=, 30);
        }
    }

  for (guint item = 1; item <= 5; item++)
    {
      g_assert_cmpuint (per_item[item], >=, 1);
      g_assert_cmpuint (per_item[item], <=, 3);
    }
  g_assert_cmpuint (n_long, ==, 1);
}

static void
test_meeting_pdfs (Fixture       *f,
                   gconstpointer  data)
{
  const QmDemoDocumentSpec *specs;
  guint n_specs, n_long = 0;

  specs = qm_demo_documents_for_meeting (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      const QmDemoDocumentSpec *spec = &specs[i];
      g_autofree char *name = g_strdup_printf ("%s.pdf", spec->file_name);
      g_autofree char *path = write_spec (f, spec, name);
      PopplerDocument *document = open_pdf (path);
      g_autofree char *title = poppler_document_get_title (document);
      g_autofree char *first = page_text (document, 0);
      g_autofree char *wanted_title = normalise (spec->title);
      g_autofree char *sample = _qm_demo_document_dup_table_sample (spec);
      g_autofree char *second_footer = g_strdup_printf ("Trang 2/%u", spec->n_pages);
      g_autofree char *last_footer = g_strdup_printf ("Trang %u/%u", spec->n_pages, spec->n_pages);
      g_autofree char *last = NULL;
      g_autofree char *second = NULL;

      g_test_message ("%s: %u pages", name, spec->n_pages);

      g_assert_cmpint (poppler_document_get_n_pages (document), ==, (int) spec->n_pages);
      g_assert_cmpstr (title, ==, spec->title);

      /* The title page: the title, and diacritics that survived the trip. */
      g_assert_nonnull (strstr (first, wanted_title));
      g_assert_nonnull (strstr (first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
      g_assert_nonnull (strstr (first, "Độc lập - Tự do - Hạnh phúc"));
      g_assert_nonnull (strstr (first, "TỈNH TÂN HÀ"));
      g_assert_nonnull (strstr (first, spec->number));

      /* Body pages carry numbers in the footer. */
      second = page_text (document, 1);
      g_assert_nonnull (strstr (second, second_footer));
      last = page_text (document, spec->n_pages - 1);
      g_assert_nonnull (strstr (last, last_footer));

      /* A number drawn in the first table, found on a page after the title. */
      g_assert_nonnull (sample);
      g_assert_cmpint (strlen (sample), >=, 4);
      g_assert_cmpint (find_page (document, 1, sample), >=, 1);
      g_assert_cmpint (find_page (document, 1, "Biểu đồ"), >=, 1);

      if (spec->n_pages >= 200)
        n_long++;
      g_object_unref (document);
    }

  g_assert_cmpuint (n_long, ==, 1);
}

static void
assert_same_bytes (const char *a,
                   const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents_a = NULL;
  g_autofree char *contents_b = NULL;
  gsize len_a, len_b;

  g_file_get_contents (a, &contents_a, &len_a, &error);
  g_assert_no_error (error);
  g_file_get_contents (b, &contents_b, &len_b, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents_a, len_a, contents_b, len_b);
}

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  const QmDemoDocumentSpec *specs;
  QmDemoDocumentSpec annex = { "Phụ lục thử nghiệm", NULL, 6, 11, QM_DEMO_DOCUMENT_ANNEX };
  guint n_specs;

  /* The first report, the shortest document and a small annex cover every
   * generator; the 216-page annex is written once, by meeting-pdfs. */
  specs = qm_demo_documents_for_meeting (&n_specs);
  for (guint i = 0; i < n_specs + 1; i++)
    {
      const QmDemoDocumentSpec *spec = i < n_specs ? &specs[i] : &annex;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      if (i > 0 && i < n_specs && spec->n_pages > 3)
        continue;
      a = write_spec (f, spec, "a.pdf");
      b = write_spec (f, spec, "b.pdf");
      assert_same_bytes (a, b);
    }
}

/* Any kind at any size comes out with exactly the pages asked for. */
static void
test_custom_sizes (Fixture       *f,
                   gconstpointer  data)
{
  static const guint sizes[] = { 2, 4, 9 };

  for (guint kind = QM_DEMO_DOCUMENT_REPORT; kind <= QM_DEMO_DOCUMENT_ANNEX; kind++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        QmDemoDocumentSpec spec = { 0 };
        g_autofree char *path = NULL;
        g_autofree char *first = NULL;
        PopplerDocument *document;

        spec.title = "Tài liệu thử nghiệm";
        spec.n_pages = sizes[i];
        spec.seed = 7 * kind + sizes[i];
        spec.kind = kind;
        spec.topic = (kind + i) % (QM_DEMO_TOPIC_SOCIAL + 1);

        path = write_spec (f, &spec, "custom.pdf");
        document = open_pdf (path);
        g_assert_cmpint (poppler_document_get_n_pages (document), ==, (int) sizes[i]);
        first = page_text (document, 0);
        g_assert_nonnull (strstr (first, "Tài liệu thử nghiệm"));
        g_object_unref (document);
      }
}

/* The server accepts titles of up to 300 characters. */
static void
test_long_title (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) title = g_string_new ("Báo cáo");
  QmDemoDocumentSpec spec = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *wanted = NULL;
  PopplerDocument *document;

  while (g_utf8_strlen (title->str, -1) < 290)
    g_string_append (title, " về tình hình thực hiện nhiệm vụ");
  spec.title = title->str;
  spec.n_pages = 3;
  spec.seed = 5;

  path = write_spec (f, &spec, "long-title.pdf");
  document = open_pdf (path);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 3);
  first = page_text (document, 0);
  wanted = normalise (title->str);
  g_assert_nonnull (strstr (first, wanted));
  g_object_unref (document);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  QmDemoDocumentSpec spec = { "Tài liệu thử nghiệm", NULL, 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "too-short.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "x.pdf", NULL);
  PopplerDocument *document;

  g_assert_false (qm_demo_document_write (path, &spec, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  spec.n_pages = 3;
  g_assert_false (qm_demo_document_write (missing, &spec, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An existing file is replaced. */
  g_assert_true (g_file_set_contents (path, "not a pdf", -1, &error));
  g_assert_no_error (error);
  g_assert_true (qm_demo_document_write (path, &spec, &error));
  g_assert_no_error (error);
  document = open_pdf (path);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 3);
  g_object_unref (document);
}

int
main (int   argc,
      char *argv[])
{
  /* It writes only into folders of its own (g_dir_make_tmp). */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quorum/demo/documents/meeting-set", test_meeting_set);
  g_test_add ("/quorum/demo/documents/meeting-pdfs", Fixture, NULL,
              fixture_set_up, test_meeting_pdfs, fixture_tear_down);
  g_test_add ("/quorum/demo/documents/deterministic", Fixture, NULL,
              fixture_set_up, test_deterministic, fixture_tear_down);
  g_test_add ("/quorum/demo/documents/custom-sizes", Fixture, NULL,
              fixture_set_up, test_custom_sizes, fixture_tear_down);
  g_test_add ("/quorum/demo/documents/long-title", Fixture, NULL,
              fixture_set_up, test_long_title, fixture_tear_down);
  g_test_add ("/quorum/demo/documents/errors", Fixture, NULL,
              fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
