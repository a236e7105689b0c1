/* qm-credentials.c: keeps the session token in the Secret Service through
 * libsecret, falling back to memory for this process only when no keyring
 * answers (a kiosk session, a bare D-Bus, a locked-down tablet).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-credentials"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "qm-credentials.h"

struct _QmCredentials
{
  GObject  parent_instance;

  gboolean persistent;
};

G_DEFINE_FINAL_TYPE (QmCredentials, qm_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PERSISTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tokens kept when the keyring could not take them, shared by every
 * QmCredentials of the process so a page made later still finds them.
 * Keyed by server and username; values are wiped when dropped. */
G_LOCK_DEFINE_STATIC (memory);
static GHashTable *memory;
/* Whether the last keyring call of the process failed: a new object starts
 * from what the others learnt. */
static gint keyring_failed;

typedef struct
{
  char *server;
  char *username;
  char *token;     /* store only */
} Call;

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
call_free (Call *call)
{
  g_free (call->server);
  g_free (call->username);
  wipe_free (call->token);
  g_free (call);
}

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    QM_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The unit separator cannot appear in a URL or a username. */
static char *
memory_key (const char *server,
            const char *username)
{
  return g_strconcat (server, "\x1f", username, NULL);
}

static void
memory_put (const char *server,
            const char *username,
            const char *token)
{
  G_LOCK (memory);
  if (memory == NULL)
    memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) wipe_free);
  g_hash_table_replace (memory, memory_key (server, username), g_strdup (token));
  G_UNLOCK (memory);
}

static char *
memory_get (const char *server,
            const char *username)
{
  g_autofree char *key = memory_key (server, username);
  char *token = NULL;

  G_LOCK (memory);
  if (memory != NULL)
    token = g_strdup (g_hash_table_lookup (memory, key));
  G_UNLOCK (memory);
  return token;
}

static void
memory_remove (const char *server,
               const char *username)
{
  g_autofree char *key = memory_key (server, username);

  G_LOCK (memory);
  if (memory != NULL)
    g_hash_table_remove (memory, key);
  G_UNLOCK (memory);
}

static void
set_persistent (QmCredentials *self,
                gboolean       persistent)
{
  g_atomic_int_set (&keyring_failed, !persistent);
  if (self->persistent == persistent)
    return;
  self->persistent = persistent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
}

/* TRUE when the caller gave up, with the task answered: a keyring that
 * failed because of that says nothing about the keyring. */
static gboolean
return_if_cancelled (GTask   *task,
                     GError **error)
{
  if (g_task_return_error_if_cancelled (task))
    return TRUE;
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (error));
      return TRUE;
    }
  return FALSE;
}

static void
log_unavailable (const GError *error)
{
  /* Why the keyring said no; never the token. */
  g_debug ("No keyring, the token stays in memory: %s",
           error != NULL ? error->message : "no reason given");
}

static void
qm_credentials_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  QmCredentials *self = QM_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_credentials_class_init (QmCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = qm_credentials_get_property;

  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_credentials_init (QmCredentials *self)
{
  self->persistent = !g_atomic_int_get (&keyring_failed);
}

QmCredentials *
qm_credentials_new (void)
{
  return g_object_new (QM_TYPE_CREDENTIALS, NULL);
}

gboolean
qm_credentials_get_persistent (QmCredentials *self)
{
  g_return_val_if_fail (QM_IS_CREDENTIALS (self), FALSE);

  return self->persistent;
}

static GTask *
new_call (QmCredentials       *self,
          const char          *server,
          const char          *username,
          const char          *token,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->server = g_strdup (server);
  call->username = g_strdup (username);
  call->token = g_strdup (token);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmCredentials *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      /* The keyring has it now: an older copy in memory would shadow it. */
      memory_remove (call->server, call->username);
      set_persistent (self, TRUE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (return_if_cancelled (task, &error))
    return;
  log_unavailable (error);
  memory_put (call->server, call->username, call->token);
  set_persistent (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
qm_credentials_store_async (QmCredentials       *self,
                            const char          *server,
                            const char          *username,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (QM_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (token != NULL);

  task = new_call (self, server, username, token, qm_credentials_store_async,
                   cancellable, callback, user_data);
  /* Translators: the name of the keyring entry that holds the session, as
   * seen in Passwords and Keys; the first %s is a username, the second a
   * server address. */
  label = g_strdup_printf (_("Quorum session of %s on %s"), username, server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, on_stored, task,
                         "server", server, "username", username, NULL);
}

gboolean
qm_credentials_store_finish (QmCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (QM_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error == NULL)
    {
      char *token = g_strdup (secret);

      if (secret != NULL)
        secret_password_free (secret);
      set_persistent (self, TRUE);
      g_task_return_pointer (task, token, (GDestroyNotify) wipe_free);
      return;
    }
  if (return_if_cancelled (task, &error))
    return;
  log_unavailable (error);
  set_persistent (self, FALSE);
  g_task_return_pointer (task, NULL, NULL);
}

void
qm_credentials_lookup_async (QmCredentials       *self,
                             const char          *server,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *token;

  g_return_if_fail (QM_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  task = new_call (self, server, username, NULL, qm_credentials_lookup_async,
                   cancellable, callback, user_data);
  if (g_task_return_error_if_cancelled (task))
    return;

  /* Only a token the keyring refused earlier in this run is in memory. */
  token = memory_get (server, username);
  if (token != NULL)
    {
      g_task_return_pointer (task, token, (GDestroyNotify) wipe_free);
      return;
    }
  secret_password_lookup (get_schema (), cancellable, on_looked_up, g_steal_pointer (&task),
                          "server", server, "username", username, NULL);
}

char *
qm_credentials_lookup_finish (QmCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (QM_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QmCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  secret_password_clear_finish (result, &error);
  if (error == NULL)
    {
      set_persistent (self, TRUE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (return_if_cancelled (task, &error))
    return;
  log_unavailable (error);
  set_persistent (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
qm_credentials_clear_async (QmCredentials       *self,
                            const char          *server,
                            const char          *username,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (QM_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (username != NULL);

  /* Memory first and at once: whatever the keyring does, this run no longer
   * has the token. */
  memory_remove (server, username);
  task = new_call (self, server, username, NULL, qm_credentials_clear_async,
                   cancellable, callback, user_data);
  secret_password_clear (get_schema (), cancellable, on_cleared, task,
                         "server", server, "username", username, NULL);
}

gboolean
qm_credentials_clear_finish (QmCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (QM_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
