/* qm-server-list.c: a QmServerBrowser's list as activatable rows.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-server-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "qm-server-browser.h"
#include "qm-server-list.h"

struct _QmServerList
{
  AdwBin           parent_instance;

  GtkListBox      *list;

  QmServerBrowser *browser;
};

G_DEFINE_FINAL_TYPE (QmServerList, qm_server_list, ADW_TYPE_BIN)

enum {
  SIGNAL_SERVER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  QmDiscoveredServer *server = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *where = NULL;
  const char *host = qm_discovered_server_get_host (server);

  /* Shown as typed into the address field, without the scheme. */
  where = g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%u" : "%s:%u", host,
                           qm_discovered_server_get_port (server));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), qm_discovered_server_get_name (server));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_size_request (row, -1, 56);

  icon = gtk_image_new_from_icon_name ("network-server-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Server"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (qm_discovered_server_get_tls (server))
    {
      icon = gtk_image_new_from_icon_name ("channel-secure-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Encrypted connection (TLS)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Encrypted connection (TLS)"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
row_activated_cb (QmServerList  *self,
                  GtkListBoxRow *row)
{
  GListModel *servers = qm_server_browser_get_servers (self->browser);
  g_autoptr(QmDiscoveredServer) server =
    g_list_model_get_item (servers, (guint) gtk_list_box_row_get_index (row));

  if (server != NULL)
    g_signal_emit (self, signals[SIGNAL_SERVER_CHOSEN], 0, qm_discovered_server_get_url (server));
}

static void
servers_changed_cb (QmServerList *self,
                    guint         position,
                    guint         removed,
                    guint         added,
                    GListModel   *servers)
{
  gtk_widget_set_visible (GTK_WIDGET (self), g_list_model_get_n_items (servers) > 0);
}

GtkWidget *
qm_server_list_new (void)
{
  return g_object_new (QM_TYPE_SERVER_LIST, NULL);
}

GListModel *
qm_server_list_get_servers (QmServerList *self)
{
  g_return_val_if_fail (QM_IS_SERVER_LIST (self), NULL);
  return qm_server_browser_get_servers (self->browser);
}

static void
qm_server_list_dispose (GObject *object)
{
  QmServerList *self = QM_SERVER_LIST (object);

  if (self->browser != NULL)
    {
      g_signal_handlers_disconnect_by_data (qm_server_browser_get_servers (self->browser), self);
      gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->browser);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_SERVER_LIST);

  G_OBJECT_CLASS (qm_server_list_parent_class)->dispose (object);
}

static void
qm_server_list_class_init (QmServerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_server_list_dispose;

  /* The URL to connect to, e.g. "https://192.168.1.10:8443". */
  signals[SIGNAL_SERVER_CHOSEN] =
    g_signal_new ("server-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/vn/quorum/Quorum/qm-server-list.ui");
  gtk_widget_class_bind_template_child (widget_class, QmServerList, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
qm_server_list_init (QmServerList *self)
{
  GListModel *servers;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->browser = qm_server_browser_new ();
  servers = qm_server_browser_get_servers (self->browser);
  gtk_list_box_bind_model (self->list, servers, create_row, NULL, NULL);
  g_signal_connect_object (servers, "items-changed", G_CALLBACK (servers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), g_list_model_get_n_items (servers) > 0);
}
