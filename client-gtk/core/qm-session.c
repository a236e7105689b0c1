/* qm-session.c: the HTTP side of a client: base URL, login and token, and
 * authenticated requests whose answers come back parsed by the protocol codecs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-session"

#include "config.h"

#include <string.h>

#include "qm-certificate-pins.h"
#include "qm-client-error.h"
#include "qm-session.h"

struct _QmSession
{
  GObject      parent_instance;

  char        *base_url;     /* without a trailing slash */
  char        *token;
  QmUser      *user;
  SoupSession *soup;
  SoupSession *downloads;   /* document GETs only; made on first use */
  QmCertificatePins *pins;  /* created on first use unless set */
};

/* Where a message keeps the error of the certificate it refused. */
static GQuark
certificate_error_quark (void)
{
  return g_quark_from_static_string ("qm-session-certificate-error");
}

G_DEFINE_FINAL_TYPE (QmSession, qm_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_LOGGED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gpointer (*ParseFunc) (const char *text,
                               gssize      length,
                               GError    **error);

typedef enum
{
  CALL_PLAIN,      /* authenticated, the body as GBytes */
  CALL_PARSED,     /* authenticated, parsed with parse */
  CALL_LOGIN,
  CALL_LOGOUT,
  CALL_ME,
} CallKind;

typedef struct
{
  CallKind        kind;
  SoupMessage    *message;
  ParseFunc       parse;
  GDestroyNotify  free_func;
  guint           status;
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->message);
  g_free (call);
}

static void
set_token_and_user (QmSession  *self,
                    const char *token,
                    QmUser     *user)
{
  gboolean was_logged_in = self->token != NULL;
  gboolean token_changed = g_strcmp0 (self->token, token) != 0;

  if (token_changed)
    {
      g_free (self->token);
      self->token = g_strdup (token);
    }
  g_clear_pointer (&self->user, qm_user_free);
  self->user = user;

  if (token_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
  if (was_logged_in != (self->token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
}

static void
qm_session_dispose (GObject *object)
{
  QmSession *self = QM_SESSION (object);

  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);
  if (self->downloads != NULL)
    soup_session_abort (self->downloads);
  g_clear_object (&self->downloads);
  g_clear_object (&self->pins);

  G_OBJECT_CLASS (qm_session_parent_class)->dispose (object);
}

static void
qm_session_finalize (GObject *object)
{
  QmSession *self = QM_SESSION (object);

  g_free (self->base_url);
  g_free (self->token);
  g_clear_pointer (&self->user, qm_user_free);

  G_OBJECT_CLASS (qm_session_parent_class)->finalize (object);
}

static void
qm_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  QmSession *self = QM_SESSION (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  QmSession *self = QM_SESSION (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      qm_session_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_TOKEN:
      qm_session_set_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_session_class_init (QmSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_session_dispose;
  object_class->finalize = qm_session_finalize;
  object_class->get_property = qm_session_get_property;
  object_class->set_property = qm_session_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_session_init (QmSession *self)
{
  /* "timeout" bounds connecting and every read or write, so a dead Wi-Fi
   * turns into UNREACHABLE instead of a spinner forever. */
  self->soup = soup_session_new_with_options ("timeout", QM_SESSION_TIMEOUT_SECONDS,
                                              "idle-timeout", 60,
                                              "user-agent", "quorum/" PACKAGE_VERSION " ",
                                              NULL);
}

QmSession *
qm_session_new (const char *base_url)
{
  return g_object_new (QM_TYPE_SESSION, "base-url", base_url, NULL);
}

const char *
qm_session_get_base_url (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  return self->base_url;
}

void
qm_session_set_base_url (QmSession  *self,
                         const char *base_url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (QM_IS_SESSION (self));

  if (base_url != NULL)
    {
      trimmed = g_strstrip (g_strdup (base_url));
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }
  if (g_strcmp0 (trimmed, self->base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
qm_session_get_token (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  return self->token;
}

void
qm_session_set_token (QmSession  *self,
                      const char *token)
{
  g_return_if_fail (QM_IS_SESSION (self));

  if (g_strcmp0 (token, self->token) == 0)
    return;
  set_token_and_user (self, token, NULL);
}

gboolean
qm_session_get_logged_in (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), FALSE);

  return self->token != NULL;
}

const QmUser *
qm_session_get_user (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  return self->user;
}

SoupSession *
qm_session_get_soup_session (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  return self->soup;
}

SoupSession *
qm_session_new_pool (QmSession *self,
                     guint      timeout_seconds,
                     guint      max_conns_per_host)
{
  static const char *shared[] = { "proxy-resolver", "tls-database", "tls-interaction",
                                   "user-agent" };
  SoupSession *pool;

  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  /* max-conns-per-host can only be given at construction. */
  if (max_conns_per_host > 0)
    pool = soup_session_new_with_options ("timeout", timeout_seconds,
                                          "idle-timeout", 60,
                                          "max-conns-per-host", max_conns_per_host,
                                          NULL);
  else
    pool = soup_session_new_with_options ("timeout", timeout_seconds,
                                          "idle-timeout", 60,
                                          NULL);
  /* The same network settings as the main pool, now and later. */
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    g_object_bind_property (self->soup, shared[i], pool, shared[i], G_BINDING_SYNC_CREATE);
  return pool;
}

SoupSession *
qm_session_get_download_session (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  if (self->downloads == NULL)
    self->downloads = qm_session_new_pool (self, QM_SESSION_TIMEOUT_SECONDS, 0);
  return self->downloads;
}

void
qm_session_forget_token (QmSession *self)
{
  g_return_if_fail (QM_IS_SESSION (self));

  set_token_and_user (self, NULL, NULL);
}

char *
qm_session_build_url (QmSession  *self,
                      const char *path,
                      gboolean    websocket)
{
  const char *base;

  g_return_val_if_fail (QM_IS_SESSION (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  base = self->base_url != NULL ? self->base_url : "";
  if (websocket && g_str_has_prefix (base, "http"))
    return g_strconcat ("ws", base + strlen ("http"), path, NULL);
  return g_strconcat (base, path, NULL);
}

QmCertificatePins *
qm_session_get_certificate_pins (QmSession *self)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);

  if (self->pins == NULL)
    self->pins = qm_certificate_pins_new (NULL);
  return self->pins;
}

void
qm_session_set_certificate_pins (QmSession         *self,
                                 QmCertificatePins *pins)
{
  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (pins == NULL || QM_IS_CERTIFICATE_PINS (pins));

  g_set_object (&self->pins, pins);
}

/* libsoup asks only about a certificate the system's CAs do not vouch for
 * (or one for another name, or expired): then the pin decides. Refusing
 * ends the handshake before a byte of the request (a password, a token) is
 * sent. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  QmSession *self = user_data;
  g_autofree char *address = qm_certificate_address_for_uri (soup_message_get_uri (message));
  GError *error = NULL;

  if (qm_certificate_pins_check (qm_session_get_certificate_pins (self), address, certificate,
                                 &error))
    {
      g_object_set_qdata (G_OBJECT (message), certificate_error_quark (), NULL);
      return TRUE;
    }
  g_debug ("refusing the certificate of %s: %s", address, error->message);
  g_object_set_qdata_full (G_OBJECT (message), certificate_error_quark (), error,
                           (GDestroyNotify) g_error_free);
  return FALSE;
}

void
qm_session_watch_certificate (QmSession   *self,
                              SoupMessage *message)
{
  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, 0);
}

GError *
qm_session_error_from_transport (QmSession    *self,
                                 SoupMessage  *message,
                                 const GError *error)
{
  const GError *certificate_error;

  g_return_val_if_fail (QM_IS_SESSION (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  certificate_error = message != NULL
                      ? g_object_get_qdata (G_OBJECT (message), certificate_error_quark ())
                      : NULL;
  if (certificate_error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (certificate_error);
  return qm_client_error_from_transport (error);
}

SoupMessage *
qm_session_new_message (QmSession  *self,
                        const char *method,
                        const char *path)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *message;

  g_return_val_if_fail (QM_IS_SESSION (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);

  url = qm_session_build_url (self, path, FALSE);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return NULL;

  message = soup_message_new_from_uri (method, uri);
  qm_session_watch_certificate (self, message);
  soup_message_headers_append (soup_message_get_request_headers (message),
                               "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
    }
  return message;
}

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *text;
  gsize length;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, qm_session_error_from_transport (self, call->message, error));
      return;
    }

  call->status = soup_message_get_status (call->message);
  if (call->kind == CALL_LOGOUT)
    {
      /* Whatever the answer, this client is signed out now. */
      qm_session_forget_token (self);
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      if (call->status == SOUP_STATUS_UNAUTHORIZED && call->kind != CALL_LOGIN)
        qm_session_forget_token (self);
      g_task_return_error (task, qm_client_error_from_response (call->status, body,
                                                                call->kind == CALL_LOGIN));
      return;
    }

  text = g_bytes_get_data (body, &length);
  switch (call->kind)
    {
    case CALL_PLAIN:
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    case CALL_LOGOUT:
      g_task_return_boolean (task, TRUE);
      return;
    case CALL_LOGIN:
      {
        g_autoptr(QmLoginResponse) response = qm_login_response_parse (text, length, &error);

        if (response == NULL)
          break;
        set_token_and_user (self, response->token, g_steal_pointer (&response->user));
        g_task_return_boolean (task, TRUE);
        return;
      }
    case CALL_ME:
      {
        g_autoptr(QmUser) user = qm_user_parse (text, length, &error);

        if (user == NULL)
          break;
        g_clear_pointer (&self->user, qm_user_free);
        self->user = qm_user_copy (user);
        g_task_return_pointer (task, g_steal_pointer (&user), (GDestroyNotify) qm_user_free);
        return;
      }
    case CALL_PARSED:
      {
        gpointer parsed = call->parse (text, length, &error);

        if (parsed == NULL)
          break;
        g_task_return_pointer (task, parsed, call->free_func);
        return;
      }
    default:
      g_assert_not_reached ();
    }

  g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                           "The server's answer does not follow the protocol: %s",
                           error->message);
}

static void
start_call (QmSession           *self,
            CallKind             kind,
            const char          *method,
            const char          *path,
            GBytes              *json,
            ParseFunc            parse,
            GDestroyNotify       free_func,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call;

  g_task_set_source_tag (task, source_tag);

  if (kind != CALL_LOGIN && self->token == NULL)
    {
      g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN,
                               "Not signed in");
      return;
    }

  call = g_new0 (Call, 1);
  call->kind = kind;
  call->parse = parse;
  call->free_func = free_func;
  call->message = qm_session_new_message (self, method, path);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  if (call->message == NULL)
    {
      g_task_return_new_error (task, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE,
                               "“%s” is not a server address (http:// or https://)",
                               self->base_url != NULL ? self->base_url : "");
      return;
    }
  if (json != NULL)
    soup_message_set_request_body_from_bytes (call->message, "application/json", json);

  soup_session_send_and_read_async (self->soup, call->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_call_done, g_object_ref (task));
}

/* The typed GETs: one authenticated GET whose answer a codec parses
 * (parse returns NULL and sets the error on bad input; free_func frees what
 * it returns). Finished with finish_pointer and the same source_tag. */
static void
get_parsed (QmSession           *self,
            const char          *path,
            ParseFunc            parse,
            GDestroyNotify       free_func,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_assert (parse != NULL && free_func != NULL);

  start_call (self, CALL_PARSED, "GET", path, NULL, parse, free_func, source_tag,
              cancellable, callback, user_data);
}

static gpointer
finish_pointer (QmSession     *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (QM_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
qm_session_login_async (QmSession           *self,
                        const char          *username,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(QmLoginRequest) request = qm_login_request_new ();
  g_autoptr(GBytes) body = NULL;
  char *text;
  gsize length;

  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  request->username = g_strdup (username);
  request->password = g_strdup (password);
  text = qm_login_request_serialize (request, &length);
  body = g_bytes_new_take (text, length);

  start_call (self, CALL_LOGIN, "POST", "/api/v1/login", body, NULL, NULL,
              qm_session_login_async, cancellable, callback, user_data);
}

gboolean
qm_session_login_finish (QmSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (QM_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_session_login_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
qm_session_logout_async (QmSession           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (QM_IS_SESSION (self));

  start_call (self, CALL_LOGOUT, "POST", "/api/v1/logout", NULL, NULL, NULL,
              qm_session_logout_async, cancellable, callback, user_data);
}

gboolean
qm_session_logout_finish (QmSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (QM_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_session_logout_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
qm_session_fetch_me_async (QmSession           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (QM_IS_SESSION (self));

  start_call (self, CALL_ME, "GET", "/api/v1/me", NULL, NULL, NULL,
              qm_session_fetch_me_async, cancellable, callback, user_data);
}

QmUser *
qm_session_fetch_me_finish (QmSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, qm_session_fetch_me_async, error);
}

void
qm_session_list_meetings_async (QmSession           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (QM_IS_SESSION (self));

  get_parsed (self, "/api/v1/meetings",
              (ParseFunc) qm_meeting_summary_list_parse, (GDestroyNotify) g_ptr_array_unref,
              qm_session_list_meetings_async, cancellable, callback, user_data);
}

GPtrArray *
qm_session_list_meetings_finish (QmSession     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, qm_session_list_meetings_async, error);
}

void
qm_session_get_meeting_async (QmSession           *self,
                              gint64               meeting_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (meeting_id > 0);

  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT, meeting_id);
  get_parsed (self, path, (ParseFunc) qm_meeting_parse, (GDestroyNotify) qm_meeting_free,
              qm_session_get_meeting_async, cancellable, callback, user_data);
}

QmMeeting *
qm_session_get_meeting_finish (QmSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, qm_session_get_meeting_async, error);
}

void
qm_session_list_votes_async (QmSession           *self,
                             gint64               meeting_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (meeting_id > 0);

  path = g_strdup_printf ("/api/v1/meetings/%" G_GINT64_FORMAT "/votes", meeting_id);
  get_parsed (self, path, (ParseFunc) qm_vote_list_parse, (GDestroyNotify) g_ptr_array_unref,
              qm_session_list_votes_async, cancellable, callback, user_data);
}

GPtrArray *
qm_session_list_votes_finish (QmSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, qm_session_list_votes_async, error);
}

void
qm_session_request_async (QmSession           *self,
                          const char          *method,
                          const char          *path,
                          const char          *json,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (QM_IS_SESSION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  if (json != NULL)
    body = g_bytes_new (json, strlen (json));
  start_call (self, CALL_PLAIN, method, path, body, NULL, NULL,
              qm_session_request_async, cancellable, callback, user_data);
}

GBytes *
qm_session_request_finish (QmSession     *self,
                           GAsyncResult  *result,
                           guint         *out_status,
                           GError       **error)
{
  Call *call;

  g_return_val_if_fail (QM_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  call = g_task_get_task_data (G_TASK (result));
  if (out_status != NULL)
    *out_status = call != NULL ? call->status : 0;
  return finish_pointer (self, result, qm_session_request_async, error);
}
