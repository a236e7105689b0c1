/* qm-discovered-server.h: one Quorum server found on the local network
 * (DNS-SD, _quorum._tcp): its name, where it answers, and what its TXT
 * record says. Immutable: a change arrives as a new object.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define QM_TYPE_DISCOVERED_SERVER (qm_discovered_server_get_type ())
G_DECLARE_FINAL_TYPE (QmDiscoveredServer, qm_discovered_server, QM, DISCOVERED_SERVER, GObject)

/* host is an address literal ("192.168.1.10", "fd00::2"); host_name is the
 * mDNS name ("room-3.local"); fingerprint is the TXT sha256, or NULL. */
QmDiscoveredServer *qm_discovered_server_new             (const char *name,
                                                          const char *host,
                                                          const char *host_name,
                                                          guint       port,
                                                          gboolean    tls,
                                                          const char *fingerprint,
                                                          const char *version);

/* The announced name, e.g. "Quorum on room-3" ("name"). */
const char *qm_discovered_server_get_name        (QmDiscoveredServer *self);
/* The address the URL uses ("host"). */
const char *qm_discovered_server_get_host        (QmDiscoveredServer *self);
/* The machine's mDNS name ("host-name"). */
const char *qm_discovered_server_get_host_name   (QmDiscoveredServer *self);
guint       qm_discovered_server_get_port        (QmDiscoveredServer *self);
gboolean    qm_discovered_server_get_tls         (QmDiscoveredServer *self);
/* "https://192.168.1.10:8443" or "http://[fd00::2]:8080" ("url"). */
const char *qm_discovered_server_get_url         (QmDiscoveredServer *self);
/* The certificate's SHA-256 as the server announced it, or NULL. Only a hint
 * for pinning: anyone on the network can announce anything. */
const char *qm_discovered_server_get_fingerprint (QmDiscoveredServer *self);
const char *qm_discovered_server_get_version     (QmDiscoveredServer *self);
/* Same name, address, port and TXT values. */
gboolean    qm_discovered_server_equal           (QmDiscoveredServer *a,
                                                  QmDiscoveredServer *b);

G_END_DECLS
