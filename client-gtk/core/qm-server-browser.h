/* qm-server-browser.h: the Quorum servers announced on the local network
 * (DNS-SD _quorum._tcp, through the Avahi daemon), as a list that follows
 * them as they come and go.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "qm-discovered-server.h"

G_BEGIN_DECLS

#define QM_TYPE_SERVER_BROWSER (qm_server_browser_get_type ())
G_DECLARE_FINAL_TYPE (QmServerBrowser, qm_server_browser, QM, SERVER_BROWSER, GObject)

/* Starts browsing at once. Changes arrive on the thread-default main context
 * of the caller; Avahi itself is talked to on a thread of its own, so a slow
 * daemon never holds up the caller. Without a daemon (or a system bus) the
 * list stays empty, quietly, and fills when a daemon appears. */
QmServerBrowser *qm_server_browser_new         (void);
/* QmDiscoveredServer items, one per announced name, sorted by name; a
 * server leaves the list when it withdraws its announcement ("servers"). */
GListModel      *qm_server_browser_get_servers (QmServerBrowser *self);
/* Whether an Avahi daemon answers ("available"). */
gboolean         qm_server_browser_get_available (QmServerBrowser *self);

G_END_DECLS
