/* qm-auth.h: passwords (argon2id on a small bounded worker pool), session
 * tokens (256 random bits, kept only as their SHA-256) and login throttling.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "qm-config.h"
#include "qm-store.h"

G_BEGIN_DECLS

/* Who is calling: the account behind a valid token. */
typedef struct
{
  QmUser *user;
  guint8  token_hash[QM_TOKEN_HASH_BYTES];
} QmCaller;

void qm_caller_free (QmCaller *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmCaller, qm_caller_free)

#define QM_TYPE_AUTH (qm_auth_get_type ())
G_DECLARE_FINAL_TYPE (QmAuth, qm_auth, QM, AUTH, GObject)

QmAuth          *qm_auth_new                  (QmStore         *store,
                                               const QmConfig  *config);

/* Initialises libsodium; call once before anything else here. */
gboolean         qm_auth_init_crypto          (GError         **error);

/* A new argon2id hash of the password, computed on the worker pool. */
void             qm_auth_hash_password_async  (QmAuth          *self,
                                               const char      *password,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
char            *qm_auth_hash_password_finish (QmAuth          *self,
                                               GAsyncResult    *result,
                                               GError         **error);
/* The same, blocking: for the command line only. */
char            *qm_auth_hash_password        (const char      *password,
                                               GError         **error);

/* Checks the password off the main loop and issues a token once it is
 * stored. UNAUTHORIZED for a wrong name or password (the same answer, after
 * the same work, for both), RATE_LIMITED when throttled. */
void             qm_auth_login_async          (QmAuth          *self,
                                               const char      *username,
                                               const char      *password,
                                               const char      *address,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
QmLoginResponse *qm_auth_login_finish         (QmAuth          *self,
                                               GAsyncResult    *result,
                                               GError         **error);

/* The caller behind a token, or UNAUTHORIZED. Restarts the idle clock. */
QmCaller        *qm_auth_check_token          (QmAuth          *self,
                                               const char      *token,
                                               GError         **error);
/* Whether a token known by its hash still works; restarts its idle clock. */
gboolean         qm_auth_check_token_hash     (QmAuth          *self,
                                               const guint8    *token_hash);
/* Ends the caller's token once the deletion is committed. */
void             qm_auth_logout_async         (QmAuth          *self,
                                               const QmCaller  *caller,
                                               GAsyncReadyCallback callback,
                                               gpointer         user_data);
gboolean         qm_auth_logout_finish        (QmAuth          *self,
                                               GAsyncResult    *result,
                                               GError         **error);

G_END_DECLS
