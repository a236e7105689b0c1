/* fuzz-driver.c: runs a fuzz target's entry point over files and folders of
 * inputs without libFuzzer, so the normal (gcc) build replays the crashers
 * kept in tests/fuzz/regressions/ and the seed corpus as a plain test.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static guint
run_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* The same order every time, so a failure is easy to repeat. */
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        n += run_path (names->pdata[i]);
      return n;
    }

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      abort ();
    }
  fprintf (stderr, "%s\n", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return 2;
    }
  /* TAP, so meson shows it like the other tests. */
  printf ("1..%d\n", argc - 1);
  for (int i = 1; i < argc; i++)
    {
      guint files = run_path (argv[i]);

      n += files;
      printf ("ok %d %s (%u inputs)\n", i, argv[i], files);
    }
  fprintf (stderr, "%u inputs, no crash\n", n);
  return 0;
}
