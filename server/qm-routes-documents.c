/* qm-routes-documents.c: uploading, downloading and attaching PDF documents.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include <string.h>

#include "qm-routes.h"

static gboolean
caller_may_read_document (const QmServices *services,
                          const QmCaller   *caller,
                          const char       *docid)
{
  gboolean everything = (caller->user->roles
                         & (QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY)) != 0;

  return qm_store_document_readable (services->store, docid, everything ? 0 : caller->user->id);
}

static gboolean
may_read_document (QmRequest  *request,
                   const char *docid)
{
  return caller_may_read_document (request->services, request->caller, docid);
}

gboolean
qm_route_may_upload (QmRequest *request)
{
  return qm_request_caller_is (request, QM_ACCOUNT_ROLE_SECRETARY)
         || qm_store_is_secretary_anywhere (request->services->store, request->caller->user->id);
}

/* Upload */

typedef struct
{
  QmRequest *request;
  char      *name;
} Upload;

static void
upload_free (Upload *upload)
{
  g_free (upload->name);
  g_free (upload);
}

static void
document_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmDocument) document = NULL;

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    {
      qm_request_reply_error (request, error);
      return;
    }
  document = qm_store_get_document (request->services->store, request->docid);
  qm_log (QM_LOG_EVENT,
          &((QmLogAbout) { .user = request->caller->user->id, .document = document->id }),
          "user %" G_GINT64_FORMAT " uploaded document %s (%" G_GINT64_FORMAT " pages, %"
          G_GINT64_FORMAT " bytes)", request->caller->user->id, document->id, document->pages,
          document->bytes);
  qm_request_reply_node (request, 201, qm_document_to_json (document));
}

static void
document_committed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Upload *upload = user_data;
  QmRequest *request = upload->request;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmDocumentInfo) info = qm_document_store_commit_finish (QM_DOCUMENT_STORE (source),
                                                                    result, &error);

  if (info == NULL)
    {
      if (error->domain == QM_PROTOCOL_ERROR)
        qm_log (QM_LOG_EVENT, &((QmLogAbout) { .user = request->caller->user->id }),
                "an upload by user %" G_GINT64_FORMAT " was refused: %s",
                request->caller->user->id, error->message);
      qm_request_reply_error (request, error);
    }
  else
    {
      request->docid = g_strdup (info->id);
      qm_store_add_document_async (request->services->store, info, upload->name,
                                   request->caller->user->id, document_stored, request);
    }
  upload_free (upload);
}

/* A file name to keep: its last path component, never empty. */
static char *
clean_name (const char *name)
{
  g_autofree char *base = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("document.pdf");
  base = g_path_get_basename (name);
  if (base[0] == '\0' || g_str_equal (base, ".") || g_str_equal (base, "/"))
    return g_strdup ("document.pdf");
  return g_utf8_substring (base, 0, MIN (g_utf8_strlen (base, -1), QM_MAX_DOCUMENT_NAME_CHARS));
}

void
qm_route_upload_document (QmRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  Upload *upload;

  if (!qm_route_may_upload (request))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN,
                             "only secretaries may upload documents");
      return;
    }
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/pdf") != 0
      && g_ascii_strcasecmp (content_type, "application/octet-stream") != 0)
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                             "documents are uploaded as application/pdf");
      return;
    }
  if (request->body_error != NULL)
    {
      qm_log (QM_LOG_PROBLEM, &((QmLogAbout) { .user = request->caller->user->id }),
              "storing an upload failed: %s", request->body_error->message);
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_UNAVAILABLE,
                             "the server could not store the document; is its disk full?");
      return;
    }

  upload = g_new0 (Upload, 1);
  upload->request = request;
  upload->name = clean_name (qm_request_get_query (request, "name"));
  qm_document_store_commit_async (request->services->documents,
                                  g_steal_pointer (&request->upload), NULL,
                                  document_committed, upload);
}

/* Download */

/* Parses a single "bytes=a-b", "bytes=a-" or "bytes=-n" range against size.
 * Returns 1 for a range, 0 when the header is absent or not a single byte
 * range (the whole document is sent), -1 when it cannot be satisfied. */
static int
parse_range (const char *header,
             guint64     size,
             guint64    *out_start,
             guint64    *out_end)
{
  const char *spec;
  const char *dash;
  char *end;
  guint64 first, last;

  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return 0;
  spec = header + 6;
  if (strchr (spec, ',') != NULL || (dash = strchr (spec, '-')) == NULL)
    return 0;

  if (dash == spec)
    {
      guint64 suffix = g_ascii_strtoull (dash + 1, &end, 10);

      if (dash[1] == '\0' || *end != '\0')
        return 0;
      if (suffix == 0 || size == 0)
        return -1;
      first = suffix >= size ? 0 : size - suffix;
      last = size - 1;
    }
  else
    {
      first = g_ascii_strtoull (spec, &end, 10);
      if (end != dash)
        return 0;
      if (dash[1] == '\0')
        last = size - 1;
      else
        {
          last = g_ascii_strtoull (dash + 1, &end, 10);
          if (*end != '\0' || last < first)
            return 0;
          last = MIN (last, size - 1);
        }
      if (first >= size)
        return -1;
    }

  *out_start = first;
  *out_end = last;
  return 1;
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

void
qm_route_get_document (QmRequest *request)
{
  SoupMessageHeaders *in = soup_server_message_get_request_headers (request->message);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (request->message);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", request->docid);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint64 size, start = 0, end = 0;
  int range;

  if (!may_read_document (request, request->docid))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such document");
      return;
    }

  soup_message_headers_replace (out, "ETag", etag);
  soup_message_headers_replace (out, "Cache-Control", "private, no-cache");
  soup_message_headers_replace (out, "Accept-Ranges", "bytes");
  if (etag_matches (soup_message_headers_get_one (in, "If-None-Match"), etag))
    {
      qm_request_reply_empty (request, 304);
      return;
    }

  bytes = qm_document_store_map (request->services->documents, request->docid, &error);
  if (bytes == NULL)
    {
      qm_log (QM_LOG_PROBLEM, &((QmLogAbout) { .document = request->docid }),
              "document %s is in the database but cannot be read: %s", request->docid,
              error->message);
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_INTERNAL, "the document cannot be read");
      return;
    }
  size = g_bytes_get_size (bytes);

  range = parse_range (soup_message_headers_get_one (in, "Range"), size, &start, &end);
  /* libsoup would otherwise answer ranges itself, by copying the whole body. */
  soup_message_headers_remove (in, "Range");
  if (range < 0)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, size);

      soup_message_headers_replace (out, "Content-Range", content_range);
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE,
                             "the range lies outside the document");
      return;
    }

  soup_message_headers_set_content_type (out, "application/pdf", NULL);
  if (range > 0)
    {
      g_autoptr(GBytes) slice = g_bytes_new_from_bytes (bytes, start, end - start + 1);

      soup_message_headers_set_content_range (out, start, end, size);
      soup_message_body_append_bytes (soup_server_message_get_response_body (request->message),
                                      slice);
      qm_request_reply_empty (request, 206);
    }
  else
    {
      soup_message_body_append_bytes (soup_server_message_get_response_body (request->message),
                                      bytes);
      qm_request_reply_empty (request, 200);
    }
}

/* The same answers for the lean HTTP path (qm-fast-http.c), without a
 * SoupServerMessage: only the successful ones (200, 206, 304); anything else
 * goes back to libsoup, which runs qm_route_get_document above and so gives
 * every error exactly as before. The header lines follow libsoup's order. */
gboolean
qm_route_answer_document (const QmServices *services,
                          const char       *docid,
                          const char       *authorization,
                          const char       *range_header,
                          const char       *if_none_match,
                          QmDocumentAnswer *answer)
{
  g_autoptr(QmCaller) caller = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 size, start = 0, end = 0;
  int range;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return FALSE;
  caller = qm_auth_check_token (services->auth, authorization + 7, NULL);
  if (caller == NULL || !caller_may_read_document (services, caller, docid))
    return FALSE;

  g_string_append (answer->headers, "WWW-Authenticate: Bearer realm=\"quorum\"\r\n"
                                    "ETag: \"");
  g_string_append (answer->headers, docid);
  g_string_append (answer->headers, "\"\r\nCache-Control: private, no-cache\r\n"
                                    "Accept-Ranges: bytes\r\n");
  if (if_none_match != NULL)
    {
      char etag[QM_DOCID_LENGTH + 3];

      g_snprintf (etag, sizeof etag, "\"%s\"", docid);
      if (etag_matches (if_none_match, etag))
        {
          answer->status = 304;
          return TRUE;
        }
    }

  bytes = qm_document_store_map (services->documents, docid, NULL);
  if (bytes == NULL)
    return FALSE;
  size = g_bytes_get_size (bytes);
  range = parse_range (range_header, size, &start, &end);
  if (range < 0)
    return FALSE;

  g_string_append (answer->headers, "Content-Type: application/pdf\r\n");
  if (range > 0)
    {
      g_string_append_printf (answer->headers, "Content-Range: bytes %" G_GUINT64_FORMAT "-%"
                              G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\r\n", start, end, size);
      answer->status = 206;
      answer->body = g_bytes_new_from_bytes (bytes, start, end - start + 1);
    }
  else
    {
      answer->status = 200;
      answer->body = g_steal_pointer (&bytes);
    }
  return TRUE;
}

/* Agenda attachments */

static void
attached (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  gint64 id;

  if (!qm_store_write_finish (QM_STORE (source), result, &id, &error))
    {
      qm_request_reply_error (request, error);
      return;
    }
  qm_live_agenda_changed (request->services->live, request->ids[0]);
  item = qm_store_get_agenda_item (request->services->store, request->ids[0], id);
  qm_request_reply_node (request, 201, qm_agenda_item_to_json (item));
}

void
qm_route_attach_document (QmRequest *request)
{
  g_autoptr(QmAttachDocument) attach = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  if (!qm_request_is_meeting_secretary (request, request->ids[0]))
    return;
  if (!(item = qm_store_get_agenda_item (request->services->store, request->ids[0],
                                         request->ids[1])))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such agenda item");
      return;
    }
  if (!(attach = qm_request_parse_body (request, (gpointer) qm_attach_document_parse)))
    return;
  if (!may_read_document (request, attach->document))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND, "no such document");
      return;
    }
  qm_store_attach_document_async (request->services->store, request->ids[0], request->ids[1],
                                  attach->document, attach->title, attached, request);
}

static void
detached (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!qm_store_write_finish (QM_STORE (source), result, NULL, &error))
    {
      qm_request_reply_error (request, error);
      return;
    }
  qm_live_agenda_changed (request->services->live, request->ids[0]);
  qm_request_reply_empty (request, 204);
}

void
qm_route_detach_document (QmRequest *request)
{
  if (!qm_request_is_meeting_secretary (request, request->ids[0]))
    return;
  qm_store_detach_document_async (request->services->store, request->ids[0], request->ids[1],
                                  request->docid, detached, request);
}
