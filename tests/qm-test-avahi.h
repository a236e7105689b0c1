/* qm-test-avahi.h: a private system bus with a real avahi-daemon on it, for
 * the LAN discovery tests; the daemon speaks mDNS on the loopback only.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every wait (the bus, the daemon, an announcement) gives up after this. */
#define QM_TEST_AVAHI_TIMEOUT_SECONDS 60

typedef struct _QmTestAvahi QmTestAvahi;

/* Why the daemon cannot run here (not root: it must write
 * /run/avahi-daemon/pid; or the machine runs its own avahi-daemon), or NULL
 * when it can. Tests g_test_skip () with this message, never silently. */
const char  *qm_test_avahi_unavailable   (void);

/* Starts dbus-daemon with a permissive system-bus config and points
 * DBUS_SYSTEM_BUS_ADDRESS of this process (and so of its children) at it;
 * then starts avahi-daemon on it and waits until it runs. */
QmTestAvahi *qm_test_avahi_new           (void);
/* Stops both and unsets DBUS_SYSTEM_BUS_ADDRESS. */
void         qm_test_avahi_free          (QmTestAvahi *self);

/* SIGTERM to avahi-daemon; waits for its exit (status 0). */
void         qm_test_avahi_stop_daemon   (QmTestAvahi *self);
/* Starts avahi-daemon and waits until it has joined the loopback and
 * announced its host name (server state "running"). */
void         qm_test_avahi_start_daemon  (QmTestAvahi *self);

/* Spawns argv as a child that dies with the test (PR_SET_PDEATHSIG). */
GSubprocess *qm_test_avahi_spawn         (GSubprocessFlags    flags,
                                          const char * const *argv);
/* The next line of a child's output; g_error after the timeout or at its end. */
char        *qm_test_avahi_read_line     (GDataInputStream   *stream);
/* SIGTERM, then waits for the exit; g_error after the timeout. */
void         qm_test_avahi_terminate     (GSubprocess        *process,
                                          const char         *what);

/* Iterates the thread-default main context until condition (data) holds;
 * g_error naming what after the timeout. */
void         qm_test_avahi_wait          (gboolean   (*condition) (gpointer data),
                                          gpointer     data,
                                          const char  *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmTestAvahi, qm_test_avahi_free)

G_END_DECLS
