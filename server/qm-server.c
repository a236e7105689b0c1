/* qm-server.c: the HTTP listener, the route table and the path from a raw
 * request to its handler: body limits, streaming uploads, authentication.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-server"

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <gnutls/gnutls.h>

#include "qm-fast-http.h"
#include "qm-routes.h"
#include "qm-server.h"

#define API_PREFIX "/api/v1/"
#define LISTEN_BACKLOG 1024

/* How often to look for connections the peer closed while idle. */
#define SWEEP_SECONDS 5

struct _QmServer
{
  GObject      parent_instance;

  QmServices   services;
  SoupServer  *soup;
  QmFastHttp  *fast;         /* the lean path for document GETs (plain HTTP only) */
  GTlsCertificate *certificate;
  GHashTable  *sockets;      /* GSocket (weak) of every connection seen → requests in progress */
  guint        sweep_timer;
};

G_DEFINE_FINAL_TYPE (QmServer, qm_server, G_TYPE_OBJECT)

static const QmRoute routes[] = {
  { "GET", "health", qm_route_health, QM_ROUTE_PUBLIC },
  { "POST", "login", qm_route_login, QM_ROUTE_PUBLIC },
  { "POST", "logout", qm_route_logout, 0 },
  { "GET", "me", qm_route_me, 0 },
  { "POST", "users", qm_route_create_user, 0 },
  { "GET", "users", qm_route_list_users, 0 },
  { "GET", "meetings", qm_route_list_meetings, 0 },
  { "POST", "meetings", qm_route_create_meeting, 0 },
  { "GET", "meetings/{id}", qm_route_get_meeting, 0 },
  { "PATCH", "meetings/{id}", qm_route_patch_meeting, 0 },
  { "PUT", "meetings/{id}/participants/{id}", qm_route_put_participant, 0 },
  { "DELETE", "meetings/{id}/participants/{id}", qm_route_delete_participant, 0 },
  { "PUT", "meetings/{id}/proxies/{id}", qm_route_put_proxy, 0 },
  { "DELETE", "meetings/{id}/proxies/{id}", qm_route_delete_proxy, 0 },
  { "POST", "meetings/{id}/agenda", qm_route_add_agenda_item, 0 },
  { "PATCH", "meetings/{id}/agenda/{id}", qm_route_patch_agenda_item, 0 },
  { "DELETE", "meetings/{id}/agenda/{id}", qm_route_delete_agenda_item, 0 },
  { "PUT", "meetings/{id}/agenda-order", qm_route_order_agenda, 0 },
  { "POST", "meetings/{id}/agenda/{id}/documents", qm_route_attach_document, 0 },
  { "DELETE", "meetings/{id}/agenda/{id}/documents/{doc}", qm_route_detach_document, 0 },
  { "GET", "meetings/{id}/votes", qm_route_list_votes, 0 },
  { "GET", "meetings/{id}/minutes.pdf", qm_route_minutes, 0 },
  { "GET", "meetings/{id}/annotations", qm_route_list_annotations, 0 },
  { "GET", "meetings/{id}/live", NULL, QM_ROUTE_PUBLIC | QM_ROUTE_LIVE },
  { "POST", "documents", qm_route_upload_document, QM_ROUTE_UPLOAD },
  { "GET", "documents/{doc}", qm_route_get_document, 0 },
};

/* Each pattern split at its slashes, once. */
static char **
route_parts (guint index)
{
  static char **parts[G_N_ELEMENTS (routes)];
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
        parts[i] = g_strsplit (routes[i].pattern, "/", -1);
      g_once_init_leave (&ready, 1);
    }
  return parts[index];
}

/* Matches the path after /api/v1/ against one pattern, filling ids and docid. */
static gboolean
match_pattern (char       **parts,
               char       **segments,
               gint64      *ids,
               char       **out_docid)
{
  guint n_ids = 0;
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    {
      if (segments[i] == NULL)
        return FALSE;
      if (g_str_equal (parts[i], "{id}"))
        {
          if (n_ids >= 3 || !qm_parse_id (segments[i], &ids[n_ids++]))
            return FALSE;
        }
      else if (g_str_equal (parts[i], "{doc}"))
        {
          if (!qm_is_docid (segments[i]))
            return FALSE;
          *out_docid = segments[i];
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  return segments[i] == NULL;
}

/* The route for this request, or NULL. *out_path_known tells whether the path
 * exists with another method. */
static const QmRoute *
find_route (SoupServerMessage *message,
            gint64            *ids,
            char             **out_docid,
            gboolean          *out_path_known)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (message));
  const char *method = soup_server_message_get_method (message);
  g_auto(GStrv) segments = NULL;

  *out_path_known = FALSE;
  *out_docid = NULL;
  if (!g_str_has_prefix (path, API_PREFIX))
    return NULL;

  segments = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      char *docid = NULL;
      gint64 route_ids[3] = { 0 };

      if (!match_pattern (route_parts (i), segments, route_ids, &docid))
        continue;
      *out_path_known = TRUE;
      if (g_str_equal (routes[i].method, method))
        {
          memcpy (ids, route_ids, sizeof route_ids);
          *out_docid = g_strdup (docid);
          return &routes[i];
        }
    }
  return NULL;
}

static void
got_json_chunk (SoupServerMessage *message,
                GBytes            *chunk,
                QmRequest         *request)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (chunk, &size);

  if (request->too_large)
    return;
  if (request->body->len + size > request->services->config->max_json_bytes)
    {
      request->too_large = TRUE;
      g_byte_array_set_size (request->body, 0);
      return;
    }
  g_byte_array_append (request->body, data, size);
}

static void
got_upload_chunk (SoupServerMessage *message,
                  GBytes            *chunk,
                  QmRequest         *request)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (chunk, &size);

  if (request->body_error == NULL)
    qm_upload_write (request->upload, data, size, &request->body_error);
}

static QmCaller *check_bearer (QmRequest *request, GError **error);

/* Runs once the headers are in, before the body: bodies over their limit are
 * refused before they are read, JSON bodies are collected up to the limit,
 * documents go straight to a temp file. */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  QmServer *self = user_data;
  const QmConfig *config = self->services.config;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(QmRequest) request = qm_request_new (&self->services, message);
  g_autoptr(GError) error = NULL;
  gboolean path_known;
  guint64 limit;

  request->route = find_route (message, request->ids, &request->docid, &path_known);
  if (request->route == NULL)
    return;

  limit = request->route->flags & QM_ROUTE_UPLOAD ? config->max_document_bytes
                                                   : config->max_json_bytes;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && (guint64) soup_message_headers_get_content_length (headers) > limit)
    {
      qm_server_message_set_error (message, QM_PROTOCOL_ERROR_TOO_LARGE,
                                   "the request body is over the size limit");
      return;
    }

  soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
  if (request->route->flags & QM_ROUTE_UPLOAD)
    {
      /* Refuse a document from someone who may not upload before reading it. */
      request->caller = check_bearer (request, &error);
      if (request->caller == NULL)
        {
          qm_server_message_set_error (message, QM_PROTOCOL_ERROR_UNAUTHORIZED, error->message);
          return;
        }
      if (!qm_route_may_upload (request))
        {
          qm_server_message_set_error (message, QM_PROTOCOL_ERROR_FORBIDDEN,
                                       "only secretaries may upload documents");
          return;
        }

      request->upload = qm_upload_new (self->services.documents, limit, &error);
      if (request->upload == NULL)
        {
          qm_log (QM_LOG_PROBLEM, NULL, "cannot start an upload: %s", error->message);
          qm_server_message_set_error (message, QM_PROTOCOL_ERROR_UNAVAILABLE,
                                       "the server cannot store documents now");
          return;
        }
      g_signal_connect (message, "got-chunk", G_CALLBACK (got_upload_chunk), request);
    }
  else
    {
      request->body = g_byte_array_new ();
      g_signal_connect (message, "got-chunk", G_CALLBACK (got_json_chunk), request);
    }

  g_object_set_data_full (G_OBJECT (message), "qm-request", g_steal_pointer (&request),
                          (GDestroyNotify) qm_request_free);
}

static QmCaller *
check_bearer (QmRequest  *request,
              GError    **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *token = NULL;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = authorization + 7;

  soup_message_headers_replace (soup_server_message_get_response_headers (request->message),
                                "WWW-Authenticate", "Bearer realm=\"quorum\"");
  return qm_auth_check_token (request->services->auth, token, error);
}

static gboolean
authenticate (QmRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (request->caller != NULL)
    return TRUE;
  request->caller = check_bearer (request, &error);
  if (request->caller == NULL)
    {
      qm_request_reply_error (request, error);
      return FALSE;
    }
  return TRUE;
}

/* GIO loads a certificate and a key that do not belong together without a
 * word, and every handshake then fails; GnuTLS compares them. */
static gboolean
check_key_pair (const char  *cert_path,
                const char  *key_path,
                GError     **error)
{
  gnutls_certificate_credentials_t credentials;
  int rc;

  if (gnutls_certificate_allocate_credentials (&credentials) != GNUTLS_E_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory");
      return FALSE;
    }
  rc = gnutls_certificate_set_x509_key_file (credentials, cert_path, key_path,
                                             GNUTLS_X509_FMT_PEM);
  gnutls_certificate_free_credentials (credentials);
  if (rc < 0)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "%s",
                   rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH
                   ? "the key does not belong to the certificate" : gnutls_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

static void
socket_gone (gpointer  user_data,
             GObject  *socket)
{
  QmServer *self = user_data;

  g_hash_table_remove (self->sockets, socket);
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *message,
                 gpointer           user_data)
{
  QmServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (message);
  guint busy;

  if (socket == NULL)
    socket = qm_fast_http_socket_of (message);
  if (socket == NULL)
    return;

  if (!g_hash_table_contains (self->sockets, socket))
    {
      /* libsoup writes a response's headers and body separately; with
       * Nagle's algorithm the second write would wait for the peer's
       * delayed ACK. */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_object_weak_ref (G_OBJECT (socket), socket_gone, self);
    }
  busy = GPOINTER_TO_UINT (g_hash_table_lookup (self->sockets, socket));
  g_hash_table_insert (self->sockets, socket, GUINT_TO_POINTER (busy + 1));
  g_object_set_data (G_OBJECT (message), "qm-socket", socket);
}

/* A connection with a request in progress is never swept, even if its
 * client already shut down its side (it still waits for the answer). */
static void
request_ended (SoupServer        *soup,
               SoupServerMessage *message,
               gpointer           user_data)
{
  QmServer *self = user_data;
  GSocket *socket = g_object_get_data (G_OBJECT (message), "qm-socket");
  gpointer busy;

  if (socket != NULL && g_hash_table_lookup_extended (self->sockets, socket, NULL, &busy)
      && GPOINTER_TO_UINT (busy) > 0)
    g_hash_table_insert (self->sockets, socket, GUINT_TO_POINTER (GPOINTER_TO_UINT (busy) - 1));
}

/* libsoup 3.2 (Debian 12) never lets go of a keep-alive connection that the
 * client closes while it is idle (fixed upstream in 3.3): its file
 * descriptor would stay open for good. Close such sockets ourselves. */
static gboolean
sweep_closed_sockets (gpointer user_data)
{
  QmServer *self = user_data;
  GHashTableIter iter;
  GSocket *socket;
  gpointer busy;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, (gpointer *) &socket, &busy))
    {
      GIOCondition condition;
      char byte;

      if (GPOINTER_TO_UINT (busy) > 0 || g_socket_is_closed (socket))
        continue;
      condition = g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
      if (condition == 0)
        continue;
      /* Readable with nothing to read: the peer is gone. Pending bytes
       * mean a request on its way: leave those alone. */
      if ((condition & (G_IO_HUP | G_IO_ERR))
          || recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
        g_socket_close (socket, NULL);
    }
  return G_SOURCE_CONTINUE;
}

/* The lean path's document GETs: the same checks as qm_route_get_document. */
static gboolean
serve_document (const QmFastRequest *request,
                guint               *status,
                GString             *headers,
                GBytes             **body,
                gpointer             user_data)
{
  QmServer *self = user_data;
  QmDocumentAnswer answer = { .headers = headers };

  if (!qm_route_answer_document (&self->services, request->docid, request->authorization,
                                 request->range, request->if_none_match, &answer))
    return FALSE;
  *status = answer.status;
  *body = answer.body;
  return TRUE;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  QmServer *self = user_data;
  QmRequest *request = g_object_steal_data (G_OBJECT (message), "qm-request");

  /* The live channel authenticates with its first frame, after the upgrade. */
  if (request != NULL && request->route->flags & QM_ROUTE_LIVE)
    {
      g_signal_handlers_disconnect_by_data (message, request);
      qm_live_upgrade (self->services.live, message, request->ids[0]);
      qm_request_free (request);
      return;
    }

  if (request == NULL)
    {
      gboolean path_known;
      g_autofree char *docid = NULL;
      gint64 ids[3];

      request = qm_request_new (&self->services, message);
      find_route (message, ids, &docid, &path_known);
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_NOT_FOUND,
                             path_known ? "this method is not allowed here" : "no such endpoint");
      return;
    }

  /* The collector is done with the body: stop listening for chunks. */
  g_signal_handlers_disconnect_by_data (message, request);

  if (!(request->route->flags & QM_ROUTE_PUBLIC) && !authenticate (request))
    return;

  /* Most answers are ready before the handler returns and go out at once;
   * one that waits for a commit or a worker pauses the message meanwhile. */
  qm_request_run (request, request->route->handler);
}

QmServer *
qm_server_new (QmConfig  *config,
               GError   **error)
{
  g_autoptr(QmServer) self = g_object_new (QM_TYPE_SERVER, NULL);
  g_autofree char *server_header = g_strdup_printf ("quorum/%s", PACKAGE_VERSION);

  self->services.config = config;
  if (!(self->services.store = qm_store_open (config->data_dir, error))
      || !(self->services.documents = qm_document_store_new (config->data_dir, &config->validator,
                                                             error)))
    return NULL;
  self->services.auth = qm_auth_new (self->services.store, config);
  self->services.live = qm_live_new (&self->services);

  self->soup = soup_server_new ("server-header", server_header, NULL);
  if (config->tls_cert != NULL)
    {
      g_autoptr(GTlsCertificate) certificate =
        g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, error);

      if (certificate == NULL || !check_key_pair (config->tls_cert, config->tls_key, error))
        {
          g_prefix_error (error, "cannot use the TLS certificate %s with the key %s: ",
                          config->tls_cert, config->tls_key);
          return NULL;
        }
      soup_server_set_tls_certificate (self->soup, certificate);
      self->certificate = g_steal_pointer (&certificate);
    }

  /* libsoup keeps one entry per path for early and normal handlers: both
   * must be registered on "/api/v1", and "/" catches everything else. */
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_ended), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_ended), self);
  self->sockets = g_hash_table_new (NULL, NULL);
  self->sweep_timer = g_timeout_add_seconds (SWEEP_SECONDS, sweep_closed_sockets, self);
  soup_server_add_early_handler (self->soup, "/api/v1", early_handler, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1", handle_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  return g_steal_pointer (&self);
}

char *
qm_server_describe_lean_path (QmServer *self)
{
  return self->fast != NULL ? qm_fast_http_describe (self->fast) : NULL;
}

const QmServices *
qm_server_get_services (QmServer *self)
{
  return &self->services;
}

char *
qm_server_listen (QmServer  *self,
                  GError   **error)
{
  const QmConfig *config = self->services.config;
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (config->listen_host);
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *host = NULL;
  gboolean tls = config->tls_cert != NULL;
  guint port;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on", config->listen_host);
      return NULL;
    }

  /* Our own socket, for a backlog that lets a whole room connect at once
   * (libsoup's own listener keeps only 10 waiting). */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, NULL);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  bind_address = g_inet_socket_address_new (address, (guint16) config->listen_port);
  if (!g_socket_bind (socket, bind_address, TRUE, error) || !g_socket_listen (socket, error))
    {
      g_prefix_error (error, "cannot listen on %s:%u: ", config->listen_host, config->listen_port);
      return NULL;
    }
  if (tls)
    {
      /* Over TLS libsoup does it all; the lean path speaks plain HTTP only. */
      if (!soup_server_listen_socket (self->soup, socket, SOUP_SERVER_LISTEN_HTTPS, error))
        return NULL;
    }
  else
    {
      g_autofree char *server_header = NULL;

      g_object_get (self->soup, "server-header", &server_header, NULL);
      self->fast = qm_fast_http_new (socket, self->soup, server_header, serve_document, self,
                                     error);
      if (self->fast == NULL)
        return NULL;
    }

  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return NULL;
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  host = g_inet_address_to_string (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      g_autofree char *bare = g_steal_pointer (&host);

      host = g_strdup_printf ("[%s]", bare);
    }
  return g_strdup_printf ("%s://%s:%u/", tls ? "https" : "http", host, port);
}

char *
qm_server_get_certificate_sha256 (QmServer *self)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *pairs;

  g_return_val_if_fail (QM_IS_SERVER (self), NULL);

  if (self->certificate == NULL)
    return NULL;
  g_object_get (self->certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  pairs = g_string_sized_new (3 * strlen (hex));
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (pairs, ':');
      g_string_append_c (pairs, g_ascii_toupper (hex[i]));
      g_string_append_c (pairs, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (pairs, FALSE);
}

void
qm_server_stop (QmServer *self)
{
  g_clear_pointer (&self->fast, qm_fast_http_free);
  if (self->soup != NULL)
    {
      guint spins = 0;

      soup_server_disconnect (self->soup);
      /* libsoup lets go of closed connections from the main loop. */
      while (g_main_context_iteration (NULL, FALSE) && ++spins < 1000)
        ;
    }
  if (self->services.live != NULL)
    qm_live_shutdown (self->services.live, 3000);
  if (self->services.store != NULL)
    qm_store_close (self->services.store);
}

static void
qm_server_dispose (GObject *object)
{
  QmServer *self = (QmServer *) object;
  GHashTableIter iter;
  gpointer socket;

  qm_server_stop (self);
  g_clear_handle_id (&self->sweep_timer, g_source_remove);
  if (self->sockets != NULL)
    {
      g_hash_table_iter_init (&iter, self->sockets);
      while (g_hash_table_iter_next (&iter, &socket, NULL))
        g_object_weak_unref (socket, socket_gone, self);
      g_clear_pointer (&self->sockets, g_hash_table_unref);
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);
  g_clear_object (&self->services.live);
  g_clear_object (&self->services.auth);
  g_clear_object (&self->services.documents);
  g_clear_object (&self->services.store);

  G_OBJECT_CLASS (qm_server_parent_class)->dispose (object);
}

static void
qm_server_finalize (GObject *object)
{
  QmServer *self = (QmServer *) object;

  g_clear_pointer (&self->services.config, qm_config_free);

  G_OBJECT_CLASS (qm_server_parent_class)->finalize (object);
}

static void
qm_server_class_init (QmServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_server_dispose;
  object_class->finalize = qm_server_finalize;
}

static void
qm_server_init (QmServer *self)
{
}
