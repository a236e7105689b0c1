/* test-document-store.c: the PDF store against the real quorum-pdf-check and
 * against stand-in helpers that hang, burn CPU, crash or answer nonsense.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-document-store.h"

#include <quorum/qm-protocol-error.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#define TITLE           "Biên bản họp — Quorum"
#define PAGES           3
#define A4_WIDTH        595.0
#define A4_HEIGHT       842.0
/* Every wait for a result gives up after this; nothing here needs half. */
#define WAIT_SECONDS    10

typedef struct
{
  char            *data_dir;
  char            *tmp_dir;
  GBytes          *pdf;
  char            *pdf_id;
  QmDocumentStore *store;
} Fixture;

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real three-page A4 PDF with a title, as cairo writes it. */
static GBytes *
make_pdf (void)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, TITLE);
  cr = cairo_create (surface);
  for (int page = 0; page < PAGES; page++)
    {
      cairo_set_source_rgb (cr, 0.2 * page, 0.3, 0.6);
      cairo_rectangle (cr, 50 + 40 * page, 80, 300, 200);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (bytes);
}

static QmDocumentStore *
open_store (Fixture    *fixture,
            const char *helper_path,
            guint       timeout_ms,
            guint       cpu_seconds)
{
  QmValidatorLimits limits = {
    .helper_path = (char *) helper_path,
    .timeout_ms = timeout_ms,
    .cpu_seconds = cpu_seconds,
  };
  g_autoptr(GError) error = NULL;
  QmDocumentStore *store;

  store = qm_document_store_new (fixture->data_dir, &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->data_dir = g_build_filename (g_get_user_data_dir (), "quorum", NULL);
  fixture->tmp_dir = g_build_filename (fixture->data_dir, "documents", "tmp", NULL);
  fixture->pdf = make_pdf ();
  fixture->pdf_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fixture->pdf);
  fixture->store = open_store (fixture, g_getenv ("QUORUM_PDF_CHECK"), 0, 0);
}

static void
assert_no_temp_files (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (fixture->tmp_dir, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (dir), ==, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  assert_no_temp_files (fixture);
  g_clear_object (&fixture->store);
  g_free (fixture->data_dir);
  g_free (fixture->tmp_dir);
  g_bytes_unref (fixture->pdf);
  g_free (fixture->pdf_id);
}

/* Replaces the store with one that runs @script_body as its helper. */
static void
use_stand_in_helper (Fixture    *fixture,
                     const char *script_body,
                     guint       timeout_ms,
                     guint       cpu_seconds)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "stand-in-helper", NULL);
  g_autofree char *script = g_strconcat ("#!/bin/sh\n", script_body, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, script, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0755, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture, path, timeout_ms, cpu_seconds);
}

/* Feeds @length bytes in pieces of varying size, so that the "%PDF-" check
 * and the hash see every kind of chunk boundary. */
static QmUpload *
upload_in_chunks (QmDocumentStore *store,
                  const guint8    *data,
                  gsize            length,
                  guint64          max_bytes)
{
  static const gsize chunk_sizes[] = { 2, 1, 7, 997, 4096 };
  g_autoptr(GError) error = NULL;
  QmUpload *upload = qm_upload_new (store, max_bytes, &error);
  gsize offset = 0;

  g_assert_no_error (error);
  for (guint i = 0; offset < length; i++)
    {
      gsize n = MIN (chunk_sizes[i % G_N_ELEMENTS (chunk_sizes)], length - offset);

      g_assert_true (qm_upload_write (upload, data + offset, n, &error));
      g_assert_no_error (error);
      offset += n;
    }
  g_assert_cmpuint (qm_upload_get_size (upload), ==, length);
  return upload;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
set_flag (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until the result arrives, and fails the test if it
 * does not within WAIT_SECONDS. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (WAIT_SECONDS, set_flag, &expired);

  while (*slot == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  if (*slot == NULL)
    g_error ("no result within %d seconds", WAIT_SECONDS);
  return g_steal_pointer (slot);
}

static QmDocumentInfo *
commit (Fixture       *fixture,
        QmUpload      *upload,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  qm_document_store_commit_async (fixture->store, upload, cancellable, store_result, &slot);
  result = wait_for_result (&slot);
  return qm_document_store_commit_finish (fixture->store, result, error);
}

static QmDocumentInfo *
import (Fixture     *fixture,
        const char  *path,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  qm_document_store_import_async (fixture->store, path, NULL, store_result, &slot);
  result = wait_for_result (&slot);
  return qm_document_store_import_finish (fixture->store, result, error);
}

static QmDocumentInfo *
commit_bytes (Fixture       *fixture,
              const void    *data,
              gsize          length,
              GError       **error)
{
  return commit (fixture, upload_in_chunks (fixture->store, data, length, G_MAXUINT64),
                 NULL, error);
}

static QmDocumentInfo *
commit_pdf (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);
  QmDocumentInfo *info = commit_bytes (fixture, data, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

/* The files in documents/ab/…, tmp/ aside. */
static guint
count_documents (Fixture *fixture)
{
  g_autofree char *documents = g_build_filename (fixture->data_dir, "documents", NULL);
  g_autoptr(GDir) dir = g_dir_open (documents, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (documents, name, NULL);
      g_autoptr(GDir) subdir = NULL;

      if (g_str_equal (name, "tmp"))
        continue;
      subdir = g_dir_open (path, 0, NULL);
      g_assert_nonnull (subdir);
      while (g_dir_read_name (subdir) != NULL)
        count++;
    }
  return count;
}

static void
test_upload (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(QmDocumentInfo) again = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  char prefix[3] = { 0 };
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);

  info = commit_pdf (fixture);

  g_checksum_update (checksum, data, length);
  g_assert_cmpstr (info->id, ==, g_checksum_get_string (checksum));
  g_assert_cmpstr (info->title, ==, TITLE);
  g_assert_cmpint (info->pages, ==, PAGES);
  g_assert_cmpint (info->bytes, ==, length);
  g_assert_cmpuint (info->page_sizes->len, ==, 2 * PAGES);
  for (guint i = 0; i < PAGES; i++)
    {
      g_assert_cmpfloat_with_epsilon (g_array_index (info->page_sizes, double, 2 * i), A4_WIDTH, 0.01);
      g_assert_cmpfloat_with_epsilon (g_array_index (info->page_sizes, double, 2 * i + 1), A4_HEIGHT, 0.01);
    }

  memcpy (prefix, info->id, 2);
  name = g_strconcat (info->id, ".pdf", NULL);
  path = g_build_filename (fixture->data_dir, "documents", prefix, name, NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (fixture->pdf, NULL), g_bytes_get_size (fixture->pdf));
  g_assert_true (qm_document_store_contains (fixture->store, info->id));
  assert_no_temp_files (fixture);

  /* The same bytes again: the same id, still one file. */
  again = commit_pdf (fixture);
  g_assert_cmpstr (again->id, ==, info->id);
  g_assert_cmpint (again->pages, ==, PAGES);
  g_assert_cmpuint (count_documents (fixture), ==, 1);
}

static void
assert_refused (Fixture         *fixture,
                const char      *data,
                gsize            length,
                int              code)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = commit_bytes (fixture, data, length, &error);
  g_assert_error (error, QM_PROTOCOL_ERROR, code);
  g_assert_null (info);
  g_test_message ("refused: %s", error->message);
  assert_no_temp_files (fixture);
  g_assert_cmpuint (count_documents (fixture), ==, 0);
}

static void
test_not_pdf (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char text[] = "Minutes of the meeting, in plain text.\n";

  assert_refused (fixture, text, strlen (text), QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
  /* Shorter than the magic itself. */
  assert_refused (fixture, "%PDF", 4, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  assert_refused (fixture, "", 0, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  user_data)
{
  gsize length;
  const char *data = g_bytes_get_data (fixture->pdf, &length);

  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  assert_refused (fixture, data, length * 2 / 5, QM_PROTOCOL_ERROR_INVALID_DOCUMENT);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);
  QmUpload *upload;

  upload = upload_in_chunks (fixture->store, data, length, length - 1);
  g_assert_true (qm_upload_is_too_large (upload));
  info = commit (fixture, upload, NULL, &error);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (info);
  assert_no_temp_files (fixture);

  /* Exactly at the limit is allowed. */
  upload = upload_in_chunks (fixture->store, data, length, length);
  g_assert_false (qm_upload_is_too_large (upload));
  g_clear_error (&error);
  info = commit (fixture, upload, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->pages, ==, PAGES);
}

/* The stand-in helpers get a real PDF, so only the helper can refuse it. */
static void
assert_helper_refuses (Fixture    *fixture,
                       const char *message_part)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);

  info = commit_bytes (fixture, data, length, &error);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT);
  g_assert_null (info);
  g_test_message ("refused: %s", error->message);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  assert_no_temp_files (fixture);
  g_assert_cmpuint (count_documents (fixture), ==, 0);
}

static void
test_helper_hangs (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  use_stand_in_helper (fixture, "exec sleep 60", 300, 0);
  assert_helper_refuses (fixture, "took too long");
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, WAIT_SECONDS);
}

static void
test_helper_burns_cpu (Fixture       *fixture,
                       gconstpointer  user_data)
{
  use_stand_in_helper (fixture, "while :; do :; done", 60000, 1);
  assert_helper_refuses (fixture, "processor time");
}

static void
test_helper_crashes (Fixture       *fixture,
                     gconstpointer  user_data)
{
  use_stand_in_helper (fixture, "kill -SEGV $$", 0, 0);
  assert_helper_refuses (fixture, "crashed");
}

static void
test_helper_says_no (Fixture       *fixture,
                     gconstpointer  user_data)
{
  use_stand_in_helper (fixture, "echo 'the cross-reference table is damaged' >&2\nexit 2", 0, 0);
  assert_helper_refuses (fixture, "the cross-reference table is damaged");
}

/* Whatever the helper prints is checked as strictly as a client's JSON. */
static void
test_helper_bad_answers (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const char *const answers[] = {
    "echo 'not json'",
    "printf ''",
    "echo '[1, 2, 3]'",
    "echo '{\"pages\":0,\"title\":null,\"page_sizes\":[]}'",
    "echo '{\"pages\":\"3\",\"title\":null,\"page_sizes\":[[1,1],[1,1],[1,1]]}'",
    "echo '{\"pages\":2,\"title\":null,\"page_sizes\":[[595,842]]}'",
    "echo '{\"pages\":1,\"title\":null,\"page_sizes\":[[595,-1]]}'",
    "echo '{\"pages\":1,\"title\":null,\"page_sizes\":[[595,1e999]]}'",
    "echo '{\"pages\":1,\"title\":7,\"page_sizes\":[[595,842]]}'",
    "echo '{\"pages\":1,\"title\":null,\"page_sizes\":[[[[[595,842]]]]]}'",
    /* Far over the bound on what is read: the helper is stopped. */
    "exec yes '[[1,1],'",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_test_message ("stand-in helper: %s", answers[i]);
      use_stand_in_helper (fixture, answers[i], 0, 0);
      assert_helper_refuses (fixture, "document");
    }
}

/* The limits reach the helper: CPU seconds, address space, no core dumps,
 * stdin from /dev/null, and the temp file as its argument. */
static void
test_helper_limits (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  QmValidatorLimits limits = { 0 };
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "limits-helper", NULL);
  const char *script =
    "#!/bin/sh\n"
    "case \"$1\" in */documents/tmp/upload-*) where=tmp ;; *) where=\"$1\" ;; esac\n"
    "printf '{\"pages\":1,\"title\":\"%s %s %s %s %s\",\"page_sizes\":[[100,200.5]]}' "
    "\"$(ulimit -t)\" \"$(ulimit -v)\" \"$(ulimit -c)\" \"$(readlink /proc/$$/fd/0)\" \"$where\"\n";
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);
#if defined(__SANITIZE_ADDRESS__)
  /* See LIMIT_ADDRESS_SPACE in qm-document-store.c. */
  const char *expected = "7 unlimited 0 /dev/null tmp";
#else
  const char *expected = "7 524288 0 /dev/null tmp";
#endif

  g_file_set_contents_full (path, script, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0755, &error);
  g_assert_no_error (error);
  limits.helper_path = path;
  limits.cpu_seconds = 7;
  limits.memory_bytes = 512 * 1024 * 1024;
  g_clear_object (&fixture->store);
  fixture->store = qm_document_store_new (fixture->data_dir, &limits, &error);
  g_assert_no_error (error);

  info = commit_bytes (fixture, data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, expected);
  g_assert_cmpint (info->pages, ==, 1);
  g_assert_cmpfloat (g_array_index (info->page_sizes, double, 0), ==, 100);
  g_assert_cmpfloat (g_array_index (info->page_sizes, double, 1), ==, 200.5);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);

  use_stand_in_helper (fixture, "exec sleep 60", 60000, 0);
  qm_document_store_commit_async (fixture->store,
                                  upload_in_chunks (fixture->store, data, length, G_MAXUINT64),
                                  cancellable, store_result, &slot);
  g_cancellable_cancel (cancellable);
  result = wait_for_result (&slot);
  info = qm_document_store_commit_finish (fixture->store, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
}

/* Helpers run two at a time at most, whatever the burst; the same bytes
 * placed by several commits at once still make one file. */
static void
test_parallel_commits (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *running = g_build_filename (g_get_user_data_dir (), "running", NULL);
  g_autofree char *script = NULL;
  GAsyncResult *slots[5] = { NULL };
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->pdf, &length);

  g_assert_cmpint (g_mkdir_with_parents (running, 0700), ==, 0);
  script = g_strdup_printf ("touch '%s'/$$\n"
                            "n=$(ls '%s' | wc -l)\n"
                            "sleep 0.2\n"
                            "rm '%s'/$$\n"
                            "printf '{\"pages\":1,\"title\":\"%%s\",\"page_sizes\":[[1,1]]}' $n",
                            running, running, running);
  use_stand_in_helper (fixture, script, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    qm_document_store_commit_async (fixture->store,
                                    upload_in_chunks (fixture->store, data, length, G_MAXUINT64),
                                    NULL, store_result, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GAsyncResult) result = wait_for_result (&slots[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(QmDocumentInfo) info = NULL;

      info = qm_document_store_commit_finish (fixture->store, result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->id, ==, fixture->pdf_id);
      /* The title is how many helpers ran at once, this one included. */
      g_assert_cmpuint (g_ascii_strtoull (info->title, NULL, 10), >=, 1);
      g_assert_cmpuint (g_ascii_strtoull (info->title, NULL, 10), <=, 2);
    }
  g_assert_cmpuint (count_documents (fixture), ==, 1);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(QmDocumentInfo) info = NULL;
  g_autoptr(QmDocumentInfo) missing = NULL;
  g_autoptr(QmDocumentInfo) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "agenda.pdf", NULL);
  g_autofree char *text_path = g_build_filename (g_get_user_data_dir (), "agenda.txt", NULL);
  g_autofree char *missing_path = g_build_filename (g_get_user_data_dir (), "nothing.pdf", NULL);

  g_file_set_contents (path, g_bytes_get_data (fixture->pdf, NULL),
                       g_bytes_get_size (fixture->pdf), &error);
  g_assert_no_error (error);
  info = import (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->id, ==, fixture->pdf_id);
  g_assert_cmpstr (info->title, ==, TITLE);
  g_assert_cmpint (info->pages, ==, PAGES);
  g_assert_cmpint (info->bytes, ==, g_bytes_get_size (fixture->pdf));
  g_assert_true (qm_document_store_contains (fixture->store, fixture->pdf_id));

  missing = import (fixture, missing_path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  g_file_set_contents (text_path, "agenda\n", -1, &error);
  g_assert_no_error (error);
  text = import (fixture, text_path, &error);
  g_assert_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE);
  g_assert_null (text);
  g_assert_cmpuint (count_documents (fixture), ==, 1);
}

static void
test_map (Fixture       *fixture,
          gconstpointer  user_data)
{
  static const char *const bad_ids[] = {
    "../../etc/passwd",
    "",
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/",
  };
  g_autoptr(QmDocumentInfo) info = commit_pdf (fixture);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) later = NULL;
  g_autoptr(GBytes) absent = NULL;
  g_autoptr(GError) error = NULL;

  first = qm_document_store_map (fixture->store, info->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, fixture->pdf));
  second = qm_document_store_map (fixture->store, info->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (second, fixture->pdf));
  /* One map behind both. */
  g_assert_true (g_bytes_get_data (first, NULL) == g_bytes_get_data (second, NULL));

  /* Once both are gone a new map is made, with the same bytes. */
  g_clear_pointer (&first, g_bytes_unref);
  g_clear_pointer (&second, g_bytes_unref);
  later = qm_document_store_map (fixture->store, info->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (later, fixture->pdf));

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GBytes) bytes = qm_document_store_map (fixture->store, bad_ids[i], &error);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_null (bytes);
      g_assert_false (qm_document_store_contains (fixture->store, bad_ids[i]));
      g_clear_error (&error);
    }

  absent = qm_document_store_map (fixture->store,
                                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                  &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (absent);
}

/* A map may outlive the store that made it (a download still being sent). */
static void
test_map_outlives_store (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(QmDocumentInfo) info = commit_pdf (fixture);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = qm_document_store_map (fixture->store, info->id, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  g_assert_true (g_bytes_equal (bytes, fixture->pdf));
  fixture->store = open_store (fixture, g_getenv ("QUORUM_PDF_CHECK"), 0, 0);
}

static void
test_stale_temp_files (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *stale = g_build_filename (fixture->tmp_dir, "upload-Xy12ab", NULL);
  g_autofree char *other = g_build_filename (fixture->tmp_dir, "left-over", NULL);
  g_autoptr(GError) error = NULL;
  QmUpload *upload;

  g_file_set_contents (stale, "%PDF-1.7 half an upload", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (other, "", -1, &error);
  g_assert_no_error (error);

  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture, g_getenv ("QUORUM_PDF_CHECK"), 0, 0);
  assert_no_temp_files (fixture);

  /* An upload dropped before its commit leaves nothing either. */
  upload = qm_upload_new (fixture->store, G_MAXUINT64, &error);
  g_assert_no_error (error);
  g_assert_true (qm_upload_write (upload, (const guint8 *) "%PDF-", 5, &error));
  g_assert_no_error (error);
  qm_upload_free (upload);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("QUORUM_PDF_CHECK") == NULL)
    g_error ("QUORUM_PDF_CHECK must name the quorum-pdf-check to test");

#define ADD(path, func) \
  g_test_add ("/quorum/server/document-store/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("upload", test_upload);
  ADD ("not-pdf", test_not_pdf);
  ADD ("empty", test_empty);
  ADD ("truncated", test_truncated);
  ADD ("too-large", test_too_large);
  ADD ("helper-hangs", test_helper_hangs);
  ADD ("helper-burns-cpu", test_helper_burns_cpu);
  ADD ("helper-crashes", test_helper_crashes);
  ADD ("helper-says-no", test_helper_says_no);
  ADD ("helper-bad-answers", test_helper_bad_answers);
  ADD ("helper-limits", test_helper_limits);
  ADD ("cancel", test_cancel);
  ADD ("parallel-commits", test_parallel_commits);
  ADD ("import", test_import);
  ADD ("map", test_map);
  ADD ("map-outlives-store", test_map_outlives_store);
  ADD ("stale-temp-files", test_stale_temp_files);

#undef ADD

  return g_test_run ();
}
