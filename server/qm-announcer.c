/* qm-announcer.c: registers _quorum._tcp with the Avahi daemon, and keeps it
 * registered while the daemon comes and goes.
 *
 * libavahi-client makes blocking D-Bus calls (connecting, adding a service,
 * committing), each of which may wait for a slow or stuck daemon. So all of
 * it runs on a thread of its own with its own GMainContext, which the
 * avahi-glib adapter polls; the server's main loop never waits for Avahi.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-announcer"

#include "config.h"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-watch.h>

#include "qm-announcer.h"
#include "qm-log.h"

/* How often to look for the system bus again when there is none. The
 * daemon itself coming back is seen at once, through the bus. */
#define RETRY_SECONDS 10

struct _QmAnnouncer
{
  /* Set before the thread starts, then only the thread touches them. */
  char            *name;       /* changes to the alternative on a collision */
  guint            port;
  AvahiStringList *txt;

  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  AvahiGLibPoll   *poll;
  AvahiClient     *client;
  AvahiEntryGroup *group;
  GSource         *retry;
  gboolean         said_unavailable; /* logged once until it works again */
};

static void connect_client (QmAnnouncer *self);

static void
say_unavailable (QmAnnouncer *self,
                 const char  *why)
{
  if (self->said_unavailable)
    return;
  self->said_unavailable = TRUE;
  qm_log (QM_LOG_PROBLEM, NULL,
          "not announced on the network: %s; still serving, and announcing as soon as the "
          "Avahi daemon is available", why);
}

static gboolean
retry_cb (gpointer user_data)
{
  QmAnnouncer *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  connect_client (self);
  return G_SOURCE_REMOVE;
}

/* Later, from the loop: the client is not freed from within its own callback. */
static void
schedule_reconnect (QmAnnouncer *self,
                    guint        seconds)
{
  if (self->retry != NULL)
    return;
  self->retry = seconds > 0 ? g_timeout_source_new_seconds (seconds) : g_idle_source_new ();
  g_source_set_callback (self->retry, retry_cb, self, NULL);
  g_source_attach (self->retry, self->context);
}

static void register_service (QmAnnouncer *self,
                              AvahiClient *client);

static void
pick_alternative_name (QmAnnouncer *self)
{
  char *alternative = avahi_alternative_service_name (self->name);

  qm_log (QM_LOG_EVENT, NULL, "the name “%s” is taken on the network; announcing as “%s”",
          self->name, alternative);
  g_free (self->name);
  self->name = g_strdup (alternative);
  avahi_free (alternative);
}

static void
group_cb (AvahiEntryGroup      *group,
          AvahiEntryGroupState  state,
          void                 *user_data)
{
  QmAnnouncer *self = user_data;

  switch (state)
    {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
      self->said_unavailable = FALSE;
      qm_log (QM_LOG_EVENT, NULL, "announced on the network as “%s” (%s, port %u)", self->name,
              QM_ANNOUNCE_SERVICE_TYPE, self->port);
      break;

    case AVAHI_ENTRY_GROUP_COLLISION:
      /* Another machine announces this name: take the next one. */
      pick_alternative_name (self);
      register_service (self, avahi_entry_group_get_client (group));
      break;

    case AVAHI_ENTRY_GROUP_FAILURE:
      qm_log (QM_LOG_PROBLEM, NULL, "the announcement failed: %s",
              avahi_strerror (avahi_client_errno (avahi_entry_group_get_client (group))));
      break;

    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING:
    default:
      break;
    }
}

/* client is passed in: during avahi_client_new () self->client is not set yet. */
static void
register_service (QmAnnouncer *self,
                  AvahiClient *client)
{
  int status;

  if (self->group == NULL)
    {
      self->group = avahi_entry_group_new (client, group_cb, self);
      if (self->group == NULL)
        {
          qm_log (QM_LOG_PROBLEM, NULL, "cannot announce on the network: %s",
                  avahi_strerror (avahi_client_errno (client)));
          return;
        }
    }
  avahi_entry_group_reset (self->group);

  /* A service of this program under the same name is a local collision,
   * reported here rather than through group_cb. */
  for (guint tries = 0; tries < 100; tries++)
    {
      status = avahi_entry_group_add_service_strlst (self->group, AVAHI_IF_UNSPEC,
                                                     AVAHI_PROTO_UNSPEC, 0, self->name,
                                                     QM_ANNOUNCE_SERVICE_TYPE, NULL, NULL,
                                                     (guint16) self->port, self->txt);
      if (status != AVAHI_ERR_COLLISION)
        break;
      pick_alternative_name (self);
    }
  if (status >= 0)
    status = avahi_entry_group_commit (self->group);
  if (status < 0)
    qm_log (QM_LOG_PROBLEM, NULL, "cannot announce “%s” on the network: %s", self->name,
            avahi_strerror (status));
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  QmAnnouncer *self = user_data;

  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      register_service (self, client);
      break;

    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      /* The daemon is choosing a new host name: register again once it runs. */
      if (self->group != NULL)
        avahi_entry_group_reset (self->group);
      break;

    case AVAHI_CLIENT_CONNECTING:
      say_unavailable (self, "the Avahi daemon is not running");
      break;

    case AVAHI_CLIENT_FAILURE:
      /* The daemon went away (or the bus did): start over with a new client,
       * which waits for the daemon to come back. */
      say_unavailable (self, avahi_client_errno (client) == AVAHI_ERR_DISCONNECTED
                             ? "the Avahi daemon stopped"
                             : avahi_strerror (avahi_client_errno (client)));
      schedule_reconnect (self, 0);
      break;

    default:
      break;
    }
}

static void
disconnect_client (QmAnnouncer *self)
{
  /* Freeing the client frees its entry group and withdraws the service. */
  self->group = NULL;
  g_clear_pointer (&self->client, avahi_client_free);
}

static void
connect_client (QmAnnouncer *self)
{
  int error = 0;

  disconnect_client (self);
  self->client = avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL,
                                   client_cb, self, &error);
  if (self->client == NULL)
    {
      /* No system bus at all: look again now and then. */
      say_unavailable (self, avahi_strerror (error));
      schedule_reconnect (self, RETRY_SECONDS);
    }
}

static gpointer
run (gpointer user_data)
{
  QmAnnouncer *self = user_data;

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

QmAnnouncer *
qm_announcer_new (const char *name,
                  guint       port,
                  gboolean    tls,
                  const char *fingerprint)
{
  QmAnnouncer *self;

  g_return_val_if_fail (name != NULL && name[0] != '\0', NULL);
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);

  self = g_new0 (QmAnnouncer, 1);
  self->name = g_strdup (name);
  self->port = port;
  /* The list is built back to front. */
  if (fingerprint != NULL)
    self->txt = avahi_string_list_add_pair (self->txt, "sha256", fingerprint);
  self->txt = avahi_string_list_add_pair (self->txt, "version", PACKAGE_VERSION);
  self->txt = avahi_string_list_add_pair (self->txt, "tls", tls ? "1" : "0");
  self->txt = avahi_string_list_add_pair (self->txt, "path", "/api/v1");
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("qm-announcer", run, self);
  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
qm_announcer_free (QmAnnouncer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  avahi_string_list_free (self->txt);
  g_free (self->name);
  g_free (self);
}
