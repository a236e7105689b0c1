/* qm-routes-accounts.c: health, login, logout and accounts.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-http"

#include "config.h"

#include "qm-log.h"
#include "qm-routes.h"

void
qm_route_health (QmRequest *request)
{
  QmHealth health = { (char *) "ok", (char *) PACKAGE_VERSION };
  gsize length;
  char *json = qm_health_serialize (&health, &length);

  qm_request_reply_json (request, 200, json, length);
}

static void
logged_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmLoginResponse) response = qm_auth_login_finish (QM_AUTH (source), result, &error);
  gsize length;
  char *json;

  if (response == NULL)
    {
      /* Never the username: people type their password there by mistake. */
      qm_log (QM_LOG_EVENT, NULL, "login refused from %s: %s",
              qm_request_peer_address (request),
              error->domain == QM_PROTOCOL_ERROR ? qm_protocol_error_to_code (error->code)
                                                 : "internal");
      qm_request_reply_error (request, error);
      return;
    }
  qm_log (QM_LOG_EVENT, &((QmLogAbout) { .user = response->user->id }),
          "user %" G_GINT64_FORMAT " logged in from %s", response->user->id,
          qm_request_peer_address (request));
  json = qm_login_response_serialize (response, &length);
  qm_request_reply_json (request, 200, json, length);
}

void
qm_route_login (QmRequest *request)
{
  g_autoptr(QmLoginRequest) login = qm_request_parse_body (request,
                                                           (gpointer) qm_login_request_parse);

  if (login == NULL)
    return;
  qm_auth_login_async (request->services->auth, login->username, login->password,
                       qm_request_peer_address (request), logged_in, request);
}

static void
logged_out (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!qm_auth_logout_finish (QM_AUTH (source), result, &error))
    {
      qm_request_reply_error (request, error);
      return;
    }
  qm_live_token_revoked (request->services->live, request->caller->token_hash);
  qm_log (QM_LOG_EVENT, &((QmLogAbout) { .user = request->caller->user->id }),
          "user %" G_GINT64_FORMAT " logged out", request->caller->user->id);
  qm_request_reply_empty (request, 204);
}

void
qm_route_logout (QmRequest *request)
{
  qm_auth_logout_async (request->services->auth, request->caller, logged_out, request);
}

void
qm_route_me (QmRequest *request)
{
  qm_request_reply_node (request, 200, qm_user_to_json (request->caller->user));
}

void
qm_route_list_users (QmRequest *request)
{
  g_autoptr(GPtrArray) users = NULL;
  gsize length;
  char *json;

  if (!qm_request_caller_is (request, QM_ACCOUNT_ROLE_ADMIN | QM_ACCOUNT_ROLE_SECRETARY))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN,
                             "only admins and secretaries may list accounts");
      return;
    }
  users = qm_store_list_users (request->services->store);
  json = qm_user_list_serialize (users, &length);
  qm_request_reply_json (request, 200, json, length);
}

typedef struct
{
  QmRequest    *request;
  QmUserCreate *user;
} NewUser;

static void
new_user_free (NewUser *new_user)
{
  qm_user_create_free (new_user->user);
  g_free (new_user);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewUser, new_user_free)

static void
user_stored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QmRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmUser) user = NULL;
  gint64 id;

  if (!qm_store_write_finish (QM_STORE (source), result, &id, &error))
    {
      qm_request_reply_error (request, error);
      return;
    }
  user = qm_store_get_user (request->services->store, id);
  qm_request_reply_node (request, 201, qm_user_to_json (user));
}

static void
password_hashed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(NewUser) new_user = user_data;
  QmRequest *request = new_user->request;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = qm_auth_hash_password_finish (QM_AUTH (source), result, &error);

  if (hash == NULL)
    {
      qm_request_reply_error (request, error);
      return;
    }
  qm_store_create_user_async (request->services->store, new_user->user->username,
                              new_user->user->display_name, hash, new_user->user->roles,
                              user_stored, request);
}

void
qm_route_create_user (QmRequest *request)
{
  NewUser *new_user;
  QmUserCreate *user;
  char *password_hash = NULL;
  g_autoptr(QmUser) existing = NULL;

  if (!qm_request_caller_is (request, QM_ACCOUNT_ROLE_ADMIN))
    {
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_FORBIDDEN, "only admins may create accounts");
      return;
    }
  if (!(user = qm_request_parse_body (request, (gpointer) qm_user_create_parse)))
    return;

  /* Answer a taken name at once instead of after hashing; the unique index
   * still decides when two requests race. */
  existing = qm_store_find_user (request->services->store, user->username, &password_hash);
  g_free (password_hash);
  if (existing != NULL)
    {
      qm_user_create_free (user);
      qm_request_reply_code (request, QM_PROTOCOL_ERROR_CONFLICT, "this username is taken");
      return;
    }

  new_user = g_new0 (NewUser, 1);
  new_user->request = request;
  new_user->user = user;
  qm_auth_hash_password_async (request->services->auth, user->password, password_hashed, new_user);
}
