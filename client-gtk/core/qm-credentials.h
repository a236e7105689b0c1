/* qm-credentials.h: the session token kept in the user's keyring between
 * runs, or in this process's memory when no keyring answers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define QM_TYPE_CREDENTIALS (qm_credentials_get_type ())
G_DECLARE_FINAL_TYPE (QmCredentials, qm_credentials, QM, CREDENTIALS, GObject)

/* The Secret Service schema the token is stored under; its attributes are
 * "server" (the base URL) and "username". */
#define QM_CREDENTIALS_SCHEMA_NAME "vn.quorum.Quorum.Session"

QmCredentials *qm_credentials_new             (void);

/* FALSE once the keyring could not be reached: tokens are then kept in this
 * process's memory only (never in a plain file), and the next run starts
 * signed out. TRUE until a keyring call has failed. */
gboolean       qm_credentials_get_persistent  (QmCredentials        *self);

/* Keeps token for (server, username), replacing any older one. Fails only
 * when cancelled: without a keyring the token goes to memory. */
void           qm_credentials_store_async     (QmCredentials        *self,
                                               const char           *server,
                                               const char           *username,
                                               const char           *token,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       qm_credentials_store_finish    (QmCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* The token kept for (server, username), or NULL (and no error) for none. */
void           qm_credentials_lookup_async    (QmCredentials        *self,
                                               const char           *server,
                                               const char           *username,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *qm_credentials_lookup_finish   (QmCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Forgets the token kept for (server, username), in the keyring and memory. */
void           qm_credentials_clear_async     (QmCredentials        *self,
                                               const char           *server,
                                               const char           *username,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       qm_credentials_clear_finish    (QmCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
