/* qm-discovered-server.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-discovered-server"

#include "config.h"

#include <string.h>

#include "qm-discovered-server.h"

struct _QmDiscoveredServer
{
  GObject   parent_instance;

  char     *name;
  char     *host;
  char     *host_name;
  guint     port;
  gboolean  tls;
  char     *url;
  char     *fingerprint;
  char     *version;
};

enum
{
  PROP_0,
  PROP_NAME,
  PROP_HOST,
  PROP_HOST_NAME,
  PROP_PORT,
  PROP_TLS,
  PROP_URL,
  PROP_FINGERPRINT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmDiscoveredServer, qm_discovered_server, G_TYPE_OBJECT)

QmDiscoveredServer *
qm_discovered_server_new (const char *name,
                          const char *host,
                          const char *host_name,
                          guint       port,
                          gboolean    tls,
                          const char *fingerprint,
                          const char *version)
{
  QmDiscoveredServer *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (QM_TYPE_DISCOVERED_SERVER, NULL);
  self->name = g_strdup (name);
  self->host = g_strdup (host);
  self->host_name = g_strdup (host_name != NULL ? host_name : host);
  self->port = port;
  self->tls = !!tls;
  self->fingerprint = g_strdup (fingerprint);
  self->version = g_strdup (version);
  /* An IPv6 literal goes in brackets. */
  self->url = g_strdup_printf (strchr (host, ':') != NULL ? "%s://[%s]:%u" : "%s://%s:%u",
                               tls ? "https" : "http", host, port);
  return self;
}

const char *
qm_discovered_server_get_name (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->name;
}

const char *
qm_discovered_server_get_host (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->host;
}

const char *
qm_discovered_server_get_host_name (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->host_name;
}

guint
qm_discovered_server_get_port (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), 0);
  return self->port;
}

gboolean
qm_discovered_server_get_tls (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), FALSE);
  return self->tls;
}

const char *
qm_discovered_server_get_url (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->url;
}

const char *
qm_discovered_server_get_fingerprint (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->fingerprint;
}

const char *
qm_discovered_server_get_version (QmDiscoveredServer *self)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (self), NULL);
  return self->version;
}

gboolean
qm_discovered_server_equal (QmDiscoveredServer *a,
                            QmDiscoveredServer *b)
{
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (a), FALSE);
  g_return_val_if_fail (QM_IS_DISCOVERED_SERVER (b), FALSE);

  return g_str_equal (a->name, b->name) && g_str_equal (a->host, b->host)
         && g_str_equal (a->host_name, b->host_name) && a->port == b->port && a->tls == b->tls
         && g_strcmp0 (a->fingerprint, b->fingerprint) == 0
         && g_strcmp0 (a->version, b->version) == 0;
}

static void
qm_discovered_server_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  QmDiscoveredServer *self = QM_DISCOVERED_SERVER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_HOST_NAME:
      g_value_set_string (value, self->host_name);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_TLS:
      g_value_set_boolean (value, self->tls);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_discovered_server_finalize (GObject *object)
{
  QmDiscoveredServer *self = QM_DISCOVERED_SERVER (object);

  g_free (self->name);
  g_free (self->host);
  g_free (self->host_name);
  g_free (self->url);
  g_free (self->fingerprint);
  g_free (self->version);

  G_OBJECT_CLASS (qm_discovered_server_parent_class)->finalize (object);
}

static void
qm_discovered_server_class_init (QmDiscoveredServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = qm_discovered_server_get_property;
  object_class->finalize = qm_discovered_server_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_HOST_NAME] = g_param_spec_string ("host-name", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_TLS] = g_param_spec_boolean ("tls", NULL, NULL, FALSE, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_discovered_server_init (QmDiscoveredServer *self)
{
}
