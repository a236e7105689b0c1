/* qm-config.c: defaults, the key file and the listen address of the server.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-config"

#include "config.h"

#include <string.h>

#include "qm-config.h"

QmConfig *
qm_config_new (void)
{
  QmConfig *config = g_new0 (QmConfig, 1);

  config->data_dir = g_build_filename (g_get_user_data_dir (), "quorum", NULL);
  config->listen_host = g_strdup ("127.0.0.1");
  config->listen_port = 8080;
  config->token_idle_seconds = 12 * 3600;
  config->max_document_bytes = 200 * 1024 * 1024;
  config->max_json_bytes = 1024 * 1024;
  config->hash_workers = 2;
  config->login_failures_per_user = 5;
  config->login_failures_per_address = 30;
  config->login_window_seconds = 300;
  config->max_proxies_per_holder = 1;
  config->max_annotations_per_user = 5000;
  config->max_annotation_bytes_per_user = 2 * 1024 * 1024;
  config->hello_timeout_ms = 10000;
  config->validator.timeout_ms = 20000;
  config->validator.cpu_seconds = 15;
  config->validator.memory_bytes = G_GUINT64_CONSTANT (1) << 30;
  return config;
}

void
qm_config_free (QmConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->data_dir);
  g_free (config->listen_host);
  g_free (config->tls_cert);
  g_free (config->tls_key);
  g_free (config->name);
  g_free (config->validator.helper_path);
  g_free (config);
}

gboolean
qm_config_set_listen (QmConfig    *config,
                      const char  *listen,
                      GError     **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = NULL;
  char *end = NULL;
  guint64 port;

  if (colon == NULL)
    goto bad;

  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (host[0] == '\0')
    {
      g_free (host);
      host = g_strdup ("0.0.0.0");
    }

  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (colon[1] == '\0' || *end != '\0' || port > 65535)
    goto bad;

  g_free (config->listen_host);
  config->listen_host = g_steal_pointer (&host);
  config->listen_port = (guint) port;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” is not an address to listen on; write it as HOST:PORT, e.g. 0.0.0.0:8080",
               listen);
  return FALSE;
}

typedef enum
{
  KIND_STRING,
  KIND_PATH,
  KIND_UINT,
  KIND_UINT64,
  KIND_INT64,
  KIND_LISTEN,
  KIND_BOOL,
  KIND_NAME,
} Kind;

typedef struct
{
  const char *group;
  const char *key;
  Kind        kind;
  gsize       offset;
} Setting;

#define AT(field) G_STRUCT_OFFSET (QmConfig, field)

static const Setting settings[] = {
  { "server", "data-dir", KIND_PATH, AT (data_dir) },
  { "server", "listen", KIND_LISTEN, 0 },
  { "server", "tls-cert", KIND_PATH, AT (tls_cert) },
  { "server", "tls-key", KIND_PATH, AT (tls_key) },
  { "server", "announce", KIND_BOOL, AT (announce) },
  { "server", "name", KIND_NAME, AT (name) },
  { "limits", "token-idle-seconds", KIND_INT64, AT (token_idle_seconds) },
  { "limits", "max-document-bytes", KIND_UINT64, AT (max_document_bytes) },
  { "limits", "max-json-bytes", KIND_UINT64, AT (max_json_bytes) },
  { "limits", "password-workers", KIND_UINT, AT (hash_workers) },
  { "limits", "login-failures-per-user", KIND_UINT, AT (login_failures_per_user) },
  { "limits", "login-failures-per-address", KIND_UINT, AT (login_failures_per_address) },
  { "limits", "login-window-seconds", KIND_INT64, AT (login_window_seconds) },
  { "limits", "proxies-per-holder", KIND_UINT, AT (max_proxies_per_holder) },
  { "limits", "annotations-per-user", KIND_UINT, AT (max_annotations_per_user) },
  { "limits", "annotation-bytes-per-user", KIND_UINT64, AT (max_annotation_bytes_per_user) },
  { "limits", "hello-timeout-ms", KIND_UINT, AT (hello_timeout_ms) },
  { "documents", "validator", KIND_PATH, AT (validator.helper_path) },
  { "documents", "validator-timeout-ms", KIND_UINT, AT (validator.timeout_ms) },
  { "documents", "validator-cpu-seconds", KIND_UINT, AT (validator.cpu_seconds) },
  { "documents", "validator-memory-bytes", KIND_UINT64, AT (validator.memory_bytes) },
};

static const Setting *
find_setting (const char *group,
              const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].group, group) && g_str_equal (settings[i].key, key))
      return &settings[i];
  return NULL;
}

static gboolean
apply (QmConfig       *config,
       const Setting  *setting,
       const char     *value,
       GError        **error)
{
  gpointer field = G_STRUCT_MEMBER_P (config, setting->offset);
  guint64 number = 0;

  if (setting->kind == KIND_LISTEN)
    return qm_config_set_listen (config, value, error);

  if (setting->kind == KIND_BOOL)
    {
      if (g_str_equal (value, "true"))
        *(gboolean *) field = TRUE;
      else if (g_str_equal (value, "false"))
        *(gboolean *) field = FALSE;
      else
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "“%s” is neither true nor false", value);
          return FALSE;
        }
      return TRUE;
    }

  /* A DNS-SD instance name is one DNS label: UTF-8, 1 to 63 bytes. */
  if (setting->kind == KIND_NAME
      && (value[0] == '\0' || strlen (value) > 63 || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "a name has 1 to 63 bytes of UTF-8");
      return FALSE;
    }

  if (setting->kind == KIND_STRING || setting->kind == KIND_PATH || setting->kind == KIND_NAME)
    {
      g_free (*(char **) field);
      *(char **) field = g_strdup (value);
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &number, error))
    return FALSE;
  if (setting->kind == KIND_UINT)
    {
      if (number > G_MAXUINT)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s is too large",
                       value);
          return FALSE;
        }
      *(guint *) field = (guint) number;
    }
  else if (setting->kind == KIND_UINT64)
    *(guint64 *) field = number;
  else
    *(gint64 *) field = (gint64) number;
  return TRUE;
}

gboolean
qm_config_load_file (QmConfig    *config,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (file, groups[i], NULL, NULL);

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          const Setting *setting = find_setting (groups[i], keys[j]);
          g_autofree char *value = NULL;

          if (setting == NULL)
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                           "%s: unknown setting [%s] %s", path, groups[i], keys[j]);
              return FALSE;
            }
          value = g_key_file_get_string (file, groups[i], keys[j], error);
          if (value == NULL || !apply (config, setting, value, error))
            {
              g_prefix_error (error, "%s: [%s] %s: ", path, groups[i], keys[j]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

char *
qm_config_get_announce_name (const QmConfig *config)
{
  g_autofree char *host = NULL;
  g_autofree char *name = NULL;
  const char *end;

  if (config->name != NULL)
    return g_strdup (config->name);

  /* The short host name: "room-3" of "room-3.example.org". */
  host = g_strdup (g_get_host_name ());
  host[strcspn (host, ".")] = '\0';
  name = g_strdup_printf ("Quorum on %s", host);
  if (strlen (name) <= 63)
    return g_steal_pointer (&name);
  g_utf8_validate (name, 63, &end);
  return g_strndup (name, end - name);
}

char *
qm_config_find_pdf_check (void)
{
  const char *from_env = g_getenv ("QUORUM_PDF_CHECK");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "quorum-pdf-check", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (QM_LIBEXECDIR, "quorum-pdf-check", NULL);
}
