/* qm-test-files.c: heavy PDFs and scratch files for the upload tests.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <math.h>

#include "qm-test-files.h"

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
qm_test_make_heavy_pdf (gsize       min_bytes,
                        const char *title,
                        guint       seed)
{
  /* Three bytes a pixel once in the PDF (RGB), and noise does not deflate. */
  int side = (int) ceil (sqrt ((double) min_bytes / 3.0)) + 8;
  GByteArray *bytes = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (seed);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  cairo_surface_t *surface;
  unsigned char *data;
  int stride;
  cairo_t *cr;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      ((guint32 *) (data + y * stride))[x] = g_rand_int (rand) & 0xffffff;
  cairo_surface_mark_dirty (image);

  surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, 595.0, 842.0);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cr = cairo_create (surface);
  cairo_scale (cr, 500.0 / side, 500.0 / side);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (image);
  g_rand_free (rand);

  g_assert_cmpuint (bytes->len, >=, min_bytes);
  return g_byte_array_free_to_bytes (bytes);
}

char *
qm_test_write_file (const char *dir,
                    const char *name,
                    GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return path;
}

void
qm_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}
