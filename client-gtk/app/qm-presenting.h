/* qm-presenting.h: sends the presenter's page turns as `present` commands —
 * the latest position only, one command in flight, fast flips coalesced.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-live-connection.h"

G_BEGIN_DECLS

/* At most one present every this many milliseconds: a reader holding the
 * arrow key flips 20–30 pages a second, and a room of tablets need not
 * render every one of them. */
#define QM_PRESENTING_MIN_INTERVAL_MS 150

#define QM_TYPE_PRESENTING (qm_presenting_get_type ())
G_DECLARE_FINAL_TYPE (QmPresenting, qm_presenting, QM, PRESENTING, GObject)

QmPresenting *qm_presenting_new      (QmLiveConnection *live);
/* The presenter now shows doc/page: send it once nothing is in flight and
 * the interval has passed; a newer position replaces one not sent yet. */
void          qm_presenting_show     (QmPresenting     *self,
                                      const char       *doc,
                                      gint64            page);
/* Forgets a position not sent yet (the user is no longer the presenter). */
void          qm_presenting_cancel   (QmPresenting     *self);
/* Whether a command is in flight or a position waits to be sent. */
gboolean      qm_presenting_get_busy (QmPresenting     *self);
/* How many present commands were sent (tests, and the debug log). */
guint         qm_presenting_get_n_sent (QmPresenting   *self);

G_END_DECLS
