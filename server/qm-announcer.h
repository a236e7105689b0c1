/* qm-announcer.h: the server's DNS-SD announcement (_quorum._tcp) through
 * the Avahi daemon, so apps on the meeting-room network find it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define QM_ANNOUNCE_SERVICE_TYPE "_quorum._tcp"

typedef struct _QmAnnouncer QmAnnouncer;

/* Starts announcing name (at most 63 bytes) on port, with the TXT keys
 * path=/api/v1, tls=1|0, version=, and sha256= when fingerprint is not NULL.
 * Never fails and never blocks the caller: Avahi is talked to on a thread of
 * its own. A missing or restarting daemon is logged once and the service is
 * registered again when the daemon is back; a name taken by another service
 * is replaced by Avahi's alternative ("NAME #2"). */
QmAnnouncer *qm_announcer_new  (const char  *name,
                                guint        port,
                                gboolean     tls,
                                const char  *fingerprint);
/* Withdraws the service (if registered) and stops the thread. */
void         qm_announcer_free (QmAnnouncer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmAnnouncer, qm_announcer_free)

G_END_DECLS
