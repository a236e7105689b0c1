/* qm-server-list.h: "Servers on this network": the Quorum servers announced
 * on the local network, to pick one instead of typing its address. Hidden
 * while it has none.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define QM_TYPE_SERVER_LIST (qm_server_list_get_type ())
G_DECLARE_FINAL_TYPE (QmServerList, qm_server_list, QM, SERVER_LIST, AdwBin)

/* Browses from the start ("server-chosen" (url) when a row is activated). */
GtkWidget  *qm_server_list_new         (void);
/* The servers shown (QmDiscoveredServer items). */
GListModel *qm_server_list_get_servers (QmServerList *self);

G_END_DECLS
