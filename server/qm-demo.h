/* qm-demo.h: the demo accounts and meeting that `quorum-server --demo` sets up.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-request.h"

G_BEGIN_DECLS

/* Creates the demo accounts, meeting, agenda and documents unless they exist
 * already, blocking (call before listening). Returns the text to print:
 * the meeting and each account's password. */
char *qm_demo_seed (const QmServices *services,
                    GError          **error);

G_END_DECLS
