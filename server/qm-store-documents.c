/* qm-store-documents.c: the rows describing stored PDF documents and who may read them.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-store"

#include "config.h"

#include <string.h>

#include "qm-store-private.h"

QmDocument *
qm_store_get_document (QmStore    *self,
                       const char *docid)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT id, name, title, pages, bytes FROM documents "
                                      "WHERE id = ?1;", NULL);
  QmDocument *document = NULL;

  if (stmt == NULL)
    return NULL;
  qm_db_bind_text (stmt, 1, docid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      document = qm_document_new ();
      document->id = qm_db_dup_text (stmt, 0);
      document->name = qm_db_dup_text (stmt, 1);
      document->title = qm_db_dup_text (stmt, 2);
      document->pages = sqlite3_column_int64 (stmt, 3);
      document->bytes = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  return document;
}

GArray *
qm_store_get_page_sizes (QmStore    *self,
                         const char *docid)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT page_sizes FROM documents WHERE id = ?1;", NULL);
  GArray *sizes = NULL;

  if (stmt == NULL)
    return NULL;
  qm_db_bind_text (stmt, 1, docid);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    {
      int bytes = sqlite3_column_bytes (stmt, 0);
      guint n = (guint) bytes / sizeof (double);

      sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      g_array_set_size (sizes, n);
      memcpy (sizes->data, sqlite3_column_blob (stmt, 0), n * sizeof (double));
    }
  sqlite3_reset (stmt);
  return sizes;
}

gboolean
qm_store_document_visible_to (QmStore    *self,
                              const char *docid,
                              gint64      user_id)
{
  sqlite3_stmt *stmt = qm_db_prepare (_qm_store_reader (self),
                                      "SELECT 1 FROM document_uploaders "
                                      "WHERE document_id = ?1 AND user_id = ?2 "
                                      "UNION ALL "
                                      "SELECT 1 FROM item_documents i "
                                      "JOIN agenda_items a ON a.id = i.item_id "
                                      "JOIN participants p ON p.meeting_id = a.meeting_id "
                                      "WHERE i.document_id = ?1 AND p.user_id = ?2 LIMIT 1;", NULL);
  gboolean visible;

  if (stmt == NULL)
    return FALSE;
  qm_db_bind_text (stmt, 1, docid);
  sqlite3_bind_int64 (stmt, 2, user_id);
  visible = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return visible;
}

/* Enough for a room's readers and documents; more, and it starts over. */
#define READABLE_CACHE_MAX 8192

gboolean
qm_store_document_readable (QmStore    *self,
                            const char *docid,
                            gint64      user_id)
{
  GHashTable *cache = _qm_store_readable_cache (self);
  char key[QM_DOCID_LENGTH + 32];
  gpointer answer;
  gboolean readable;

  g_snprintf (key, sizeof key, "%s/%" G_GINT64_FORMAT, docid, user_id);
  if (g_hash_table_lookup_extended (cache, key, NULL, &answer))
    return GPOINTER_TO_INT (answer);

  {
    g_autoptr(QmDocument) document = qm_store_get_document (self, docid);

    readable = document != NULL
               && (user_id == 0 || qm_store_document_visible_to (self, docid, user_id));
  }
  if (g_hash_table_size (cache) >= READABLE_CACHE_MAX)
    g_hash_table_remove_all (cache);
  g_hash_table_insert (cache, g_strdup (key), GINT_TO_POINTER (readable));
  return readable;
}

typedef struct
{
  char   *id;
  char   *name;
  char   *title;
  gint64  pages;
  gint64  bytes;
  GArray *page_sizes;
  gint64  uploader;
} NewDocument;

static void
new_document_free (gpointer data)
{
  NewDocument *document = data;

  g_free (document->id);
  g_free (document->name);
  g_free (document->title);
  g_clear_pointer (&document->page_sizes, g_array_unref);
  g_free (document);
}

static gboolean
write_document (QmDb     *db,
                gpointer  data,
                gint64   *out_id,
                GError  **error)
{
  NewDocument *document = data;
  sqlite3_stmt *stmt;

  /* The same bytes again keep their first name and title. */
  if (!(stmt = qm_db_prepare (db, "INSERT INTO documents (id, name, title, pages, bytes, page_sizes, "
                                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                                  "ON CONFLICT (id) DO NOTHING;", error)))
    return FALSE;
  qm_db_bind_text (stmt, 1, document->id);
  qm_db_bind_text (stmt, 2, document->name);
  qm_db_bind_text (stmt, 3, document->title);
  sqlite3_bind_int64 (stmt, 4, document->pages);
  sqlite3_bind_int64 (stmt, 5, document->bytes);
  if (document->page_sizes != NULL)
    sqlite3_bind_blob (stmt, 6, document->page_sizes->data,
                       (int) (document->page_sizes->len * sizeof (double)), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (!qm_db_step_done (db, stmt, error))
    return FALSE;

  if (document->uploader > 0)
    {
      if (!(stmt = qm_db_prepare (db, "INSERT INTO document_uploaders (document_id, user_id) "
                                      "VALUES (?1, ?2) ON CONFLICT DO NOTHING;", error)))
        return FALSE;
      qm_db_bind_text (stmt, 1, document->id);
      sqlite3_bind_int64 (stmt, 2, document->uploader);
      if (!qm_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* A title for a PDF without one: its file name without the extension. */
static char *
title_from_name (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);

  if (g_str_has_suffix (base, ".pdf") || g_str_has_suffix (base, ".PDF"))
    base[strlen (base) - 4] = '\0';
  return g_strdup (base[0] ? base : name);
}

void
qm_store_add_document_async (QmStore              *self,
                             const QmDocumentInfo *info,
                             const char           *name,
                             gint64                uploader,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  NewDocument *document = g_new0 (NewDocument, 1);

  document->id = g_strdup (info->id);
  document->name = g_strdup (name);
  document->title = info->title ? g_utf8_substring (info->title, 0,
                                                    MIN (g_utf8_strlen (info->title, -1),
                                                         QM_MAX_TITLE_CHARS))
                                : title_from_name (name);
  document->pages = info->pages;
  document->bytes = info->bytes;
  document->page_sizes = info->page_sizes ? g_array_ref (info->page_sizes) : NULL;
  document->uploader = uploader;
  _qm_store_write (self, write_document, document, new_document_free, callback, user_data);
}
