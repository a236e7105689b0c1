/* qm-server-browser.c: browses _quorum._tcp on a worker thread (libavahi-client
 * makes blocking D-Bus calls) and hands the results to the caller's context.
 *
 * The worker sees one announcement per interface and IP protocol; it folds
 * them into one entry per name, with the most useful address (a LAN IPv4
 * address before a global IPv6 one before the loopback; link-local IPv6 is
 * left out, as a URL cannot carry its interface portably), and posts only
 * changes of that entry.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-server-browser"

#include "config.h"

#include <string.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-watch.h>

#include "qm-server-browser.h"

#define SERVICE_TYPE "_quorum._tcp"
/* How often to look for a system bus when there is none at all. */
#define RETRY_SECONDS 10

/* One announcement as the daemon reports it; worker thread only. */
typedef struct
{
  QmServerBrowser      *browser;
  char                 *name;
  AvahiServiceResolver *resolver;
  QmDiscoveredServer   *found;   /* NULL until resolved, or unusable */
  int                   rank;    /* how good its address is */
  guint64               serial;  /* resolution order, to break ties */
} Instance;

/* What the worker posts: a name's entry changed (server NULL: it is gone),
 * or the daemon came or went (name NULL). */
typedef struct
{
  char               *name;
  QmDiscoveredServer *server;
  gboolean            available;
} Change;

struct _QmServerBrowser
{
  GObject              parent_instance;

  /* Owner's context only. */
  GListStore          *servers;
  gboolean             available;
  GSource             *wakeup;

  GMutex               lock;
  GQueue               changes;    /* Change *, under lock */

  /* Worker thread only, between start and join. */
  GThread             *thread;
  GMainContext        *context;
  GMainLoop           *loop;
  AvahiGLibPoll       *poll;
  AvahiClient         *client;
  AvahiServiceBrowser *browser;
  GHashTable          *instances;  /* "IFACE/PROTO/DOMAIN/NAME" → Instance */
  GHashTable          *posted;     /* name → the QmDiscoveredServer last posted */
  GSource             *retry;
  guint64              next_serial;
  gboolean             posted_available;
};

enum
{
  PROP_0,
  PROP_SERVERS,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmServerBrowser, qm_server_browser, G_TYPE_OBJECT)

static void
change_free (Change *change)
{
  g_free (change->name);
  g_clear_object (&change->server);
  g_free (change);
}

static void
instance_free (Instance *instance)
{
  g_clear_pointer (&instance->resolver, avahi_service_resolver_free);
  g_clear_object (&instance->found);
  g_free (instance->name);
  g_free (instance);
}

/* ---- the worker's side ---- */

static void
post (QmServerBrowser    *self,
      const char         *name,
      QmDiscoveredServer *server,
      gboolean            available)
{
  Change *change = g_new0 (Change, 1);

  change->name = g_strdup (name);
  change->server = server != NULL ? g_object_ref (server) : NULL;
  change->available = available;
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->changes, change);
  g_mutex_unlock (&self->lock);
  g_source_set_ready_time (self->wakeup, 0);
}

static void
post_available (QmServerBrowser *self,
                gboolean         available)
{
  if (self->posted_available == available)
    return;
  self->posted_available = available;
  post (self, NULL, NULL, available);
}

/* Posts the best resolved instance of name, if it differs from the last. */
static void
update_name (QmServerBrowser *self,
             const char      *name)
{
  GHashTableIter iter;
  Instance *instance;
  Instance *best = NULL;
  QmDiscoveredServer *before = g_hash_table_lookup (self->posted, name);

  g_hash_table_iter_init (&iter, self->instances);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &instance))
    if (instance->found != NULL && g_str_equal (instance->name, name)
        && (best == NULL || instance->rank > best->rank
            || (instance->rank == best->rank && instance->serial < best->serial)))
      best = instance;

  if (best == NULL)
    {
      if (before != NULL)
        {
          post (self, name, NULL, FALSE);
          g_hash_table_remove (self->posted, name);
        }
      return;
    }
  if (before != NULL && qm_discovered_server_equal (before, best->found))
    return;
  post (self, name, best->found, FALSE);
  g_hash_table_replace (self->posted, g_strdup (name), g_object_ref (best->found));
}

static char *
txt_value (AvahiStringList *txt,
           const char      *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *found_key = NULL;
  char *value = NULL;
  size_t size = 0;
  char *result = NULL;

  if (item == NULL || avahi_string_list_get_pair (item, &found_key, &value, &size) < 0)
    return NULL;
  if (value != NULL && strlen (value) == size && g_utf8_validate (value, size, NULL))
    result = g_strdup (value);
  avahi_free (found_key);
  avahi_free (value);
  return result;
}

/* Higher is better; -1 is unusable. */
static int
rank_address (const char *text)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);
  gboolean v4;

  if (address == NULL || g_inet_address_get_is_link_local (address)
      || g_inet_address_get_is_any (address) || g_inet_address_get_is_multicast (address))
    return -1;
  v4 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;
  if (g_inet_address_get_is_loopback (address))
    return v4 ? 2 : 1;
  return v4 ? 4 : 3;
}

static void
resolve_cb (AvahiServiceResolver   *resolver,
            AvahiIfIndex            interface,
            AvahiProtocol           protocol,
            AvahiResolverEvent      event,
            const char             *name,
            const char             *type,
            const char             *domain,
            const char             *host_name,
            const AvahiAddress     *address,
            uint16_t                port,
            AvahiStringList        *txt,
            AvahiLookupResultFlags  flags,
            void                   *user_data)
{
  Instance *instance = user_data;
  QmServerBrowser *self = instance->browser;
  char host[AVAHI_ADDRESS_STR_MAX];
  g_autofree char *tls = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *version = NULL;

  g_clear_object (&instance->found);
  if (event == AVAHI_RESOLVER_FOUND && address != NULL && port > 0
      && avahi_address_snprint (host, sizeof host, address) != NULL
      && (instance->rank = rank_address (host)) >= 0)
    {
      tls = txt_value (txt, "tls");
      fingerprint = txt_value (txt, "sha256");
      version = txt_value (txt, "version");
      instance->found = qm_discovered_server_new (instance->name, host, host_name, port,
                                                  g_strcmp0 (tls, "1") == 0, fingerprint,
                                                  version);
      instance->serial = self->next_serial++;
    }
  else if (event == AVAHI_RESOLVER_FAILURE)
    g_debug ("cannot resolve “%s”: %s", instance->name,
             avahi_strerror (avahi_client_errno (self->client)));
  update_name (self, instance->name);
}

static char *
instance_key (AvahiIfIndex   interface,
              AvahiProtocol  protocol,
              const char    *domain,
              const char    *name)
{
  return g_strdup_printf ("%d/%d/%s/%s", interface, protocol, domain, name);
}

static void
browse_cb (AvahiServiceBrowser    *browser,
           AvahiIfIndex            interface,
           AvahiProtocol           protocol,
           AvahiBrowserEvent       event,
           const char             *name,
           const char             *type,
           const char             *domain,
           AvahiLookupResultFlags  flags,
           void                   *user_data)
{
  QmServerBrowser *self = user_data;
  g_autofree char *key = NULL;
  g_autofree char *removed = NULL;
  Instance *instance;

  switch (event)
    {
    case AVAHI_BROWSER_NEW:
      if (!g_utf8_validate (name, -1, NULL))
        return;
      key = instance_key (interface, protocol, domain, name);
      if (g_hash_table_contains (self->instances, key))
        return;
      instance = g_new0 (Instance, 1);
      instance->browser = self;
      instance->name = g_strdup (name);
      instance->resolver = avahi_service_resolver_new (self->client, interface, protocol, name,
                                                       type, domain, AVAHI_PROTO_UNSPEC, 0,
                                                       resolve_cb, instance);
      if (instance->resolver == NULL)
        g_debug ("cannot resolve “%s”: %s", name,
                 avahi_strerror (avahi_client_errno (self->client)));
      g_hash_table_insert (self->instances, g_steal_pointer (&key), instance);
      break;

    case AVAHI_BROWSER_REMOVE:
      key = instance_key (interface, protocol, domain, name);
      instance = g_hash_table_lookup (self->instances, key);
      if (instance == NULL)
        return;
      removed = g_strdup (instance->name);
      g_hash_table_remove (self->instances, key);
      update_name (self, removed);
      break;

    case AVAHI_BROWSER_FAILURE:
      g_debug ("browsing failed: %s", avahi_strerror (avahi_client_errno (self->client)));
      break;

    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    case AVAHI_BROWSER_ALL_FOR_NOW:
    default:
      break;
    }
}

/* Forgets every announcement: the daemon that made them is gone. */
static void
forget_all (QmServerBrowser *self)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_remove_all (self->instances);
  g_clear_pointer (&self->browser, avahi_service_browser_free);
  g_hash_table_iter_init (&iter, self->posted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    post (self, name, NULL, FALSE);
  g_hash_table_remove_all (self->posted);
}

static void connect_client (QmServerBrowser *self);

static gboolean
retry_cb (gpointer user_data)
{
  QmServerBrowser *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  connect_client (self);
  return G_SOURCE_REMOVE;
}

/* From the loop, later: a client is not freed inside its own callback. */
static void
schedule_reconnect (QmServerBrowser *self,
                    guint            seconds)
{
  if (self->retry != NULL)
    return;
  self->retry = seconds > 0 ? g_timeout_source_new_seconds (seconds) : g_idle_source_new ();
  g_source_set_callback (self->retry, retry_cb, self, NULL);
  g_source_attach (self->retry, self->context);
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  QmServerBrowser *self = user_data;

  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      post_available (self, TRUE);
      if (self->browser == NULL)
        {
          /* client, not self->client: this may run inside avahi_client_new (). */
          self->browser = avahi_service_browser_new (client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                     SERVICE_TYPE, NULL, 0, browse_cb, self);
          if (self->browser == NULL)
            g_debug ("cannot browse: %s", avahi_strerror (avahi_client_errno (client)));
        }
      break;

    case AVAHI_CLIENT_CONNECTING:
      post_available (self, FALSE);
      break;

    case AVAHI_CLIENT_FAILURE:
      /* The daemon went away: what it announced is unknown now. A new client
       * waits for it to come back. */
      post_available (self, FALSE);
      forget_all (self);
      schedule_reconnect (self, 0);
      break;

    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
    default:
      break;
    }
}

static void
disconnect_client (QmServerBrowser *self)
{
  /* Resolvers and the browser before the client that owns them. */
  g_hash_table_remove_all (self->instances);
  g_clear_pointer (&self->browser, avahi_service_browser_free);
  g_clear_pointer (&self->client, avahi_client_free);
}

static void
connect_client (QmServerBrowser *self)
{
  int error = 0;

  disconnect_client (self);
  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   client_cb, self, &error);
  if (self->client == NULL)
    {
      /* No system bus: nothing to browse. Quietly look again later. */
      g_debug ("no Avahi client: %s", avahi_strerror (error));
      schedule_reconnect (self, RETRY_SECONDS);
    }
}

static gpointer
run (gpointer user_data)
{
  QmServerBrowser *self = user_data;

  g_main_context_push_thread_default (self->context);
  self->poll = avahi_glib_poll_new (self->context, G_PRIORITY_DEFAULT);
  connect_client (self);

  g_main_loop_run (self->loop);

  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  disconnect_client (self);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* ---- the owner's side ---- */

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_utf8_collate (qm_discovered_server_get_name ((QmDiscoveredServer *) a),
                         qm_discovered_server_get_name ((QmDiscoveredServer *) b));
}

static gboolean
find_name (QmServerBrowser *self,
           const char      *name,
           guint           *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(QmDiscoveredServer) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_str_equal (qm_discovered_server_get_name (server), name))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
apply (QmServerBrowser *self,
       Change          *change)
{
  guint position;

  if (change->name == NULL)
    {
      if (self->available != change->available)
        {
          self->available = change->available;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
        }
      return;
    }

  if (find_name (self, change->name, &position))
    {
      if (change->server != NULL)
        g_list_store_splice (self->servers, position, 1, (gpointer *) &change->server, 1);
      else
        g_list_store_remove (self->servers, position);
    }
  else if (change->server != NULL)
    g_list_store_insert_sorted (self->servers, change->server, compare_names, NULL);
}

static gboolean
wakeup_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  QmServerBrowser *self = user_data;
  GQueue changes = G_QUEUE_INIT;
  Change *change;

  g_source_set_ready_time (source, -1);
  g_mutex_lock (&self->lock);
  changes = self->changes;
  g_queue_init (&self->changes);
  g_mutex_unlock (&self->lock);

  g_object_ref (self);
  while ((change = g_queue_pop_head (&changes)) != NULL)
    {
      apply (self, change);
      change_free (change);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs wakeup_funcs = {
  .dispatch = wakeup_dispatch,
};

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
qm_server_browser_dispose (GObject *object)
{
  QmServerBrowser *self = QM_SERVER_BROWSER (object);

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self->loop);
      g_clear_pointer (&self->thread, g_thread_join);
    }
  if (self->wakeup != NULL)
    {
      g_source_destroy (self->wakeup);
      g_clear_pointer (&self->wakeup, g_source_unref);
    }
  g_queue_clear_full (&self->changes, (GDestroyNotify) change_free);
  if (self->servers != NULL)
    g_list_store_remove_all (self->servers);

  G_OBJECT_CLASS (qm_server_browser_parent_class)->dispose (object);
}

static void
qm_server_browser_finalize (GObject *object)
{
  QmServerBrowser *self = QM_SERVER_BROWSER (object);

  g_clear_object (&self->servers);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->instances, g_hash_table_unref);
  g_clear_pointer (&self->posted, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (qm_server_browser_parent_class)->finalize (object);
}

static void
qm_server_browser_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  QmServerBrowser *self = QM_SERVER_BROWSER (object);

  switch (prop_id)
    {
    case PROP_SERVERS:
      g_value_set_object (value, self->servers);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_server_browser_class_init (QmServerBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_server_browser_dispose;
  object_class->finalize = qm_server_browser_finalize;
  object_class->get_property = qm_server_browser_get_property;

  properties[PROP_SERVERS] =
    g_param_spec_object ("servers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_server_browser_init (QmServerBrowser *self)
{
  self->servers = g_list_store_new (QM_TYPE_DISCOVERED_SERVER);
  g_mutex_init (&self->lock);
  g_queue_init (&self->changes);
  self->instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) instance_free);
  self->posted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

QmServerBrowser *
qm_server_browser_new (void)
{
  QmServerBrowser *self = g_object_new (QM_TYPE_SERVER_BROWSER, NULL);

  self->wakeup = g_source_new (&wakeup_funcs, sizeof (GSource));
  g_source_set_callback (self->wakeup, NULL, self, NULL);
  g_source_set_name (self->wakeup, "QmServerBrowser");
  g_source_attach (self->wakeup, g_main_context_get_thread_default ());

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("qm-server-browser", run, self);
  return self;
}

GListModel *
qm_server_browser_get_servers (QmServerBrowser *self)
{
  g_return_val_if_fail (QM_IS_SERVER_BROWSER (self), NULL);
  return G_LIST_MODEL (self->servers);
}

gboolean
qm_server_browser_get_available (QmServerBrowser *self)
{
  g_return_val_if_fail (QM_IS_SERVER_BROWSER (self), FALSE);
  return self->available;
}
