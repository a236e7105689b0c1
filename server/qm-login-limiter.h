/* qm-login-limiter.h: counts failed logins per username and per peer address
 * in a sliding window, so guessing is throttled without locking a room out.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _QmLoginLimiter QmLoginLimiter;

QmLoginLimiter *qm_login_limiter_new    (guint           per_user,
                                         guint           per_address,
                                         gint64          window_seconds);
void            qm_login_limiter_free   (QmLoginLimiter *limiter);
/* Whether another attempt may be made now (now in seconds). */
gboolean        qm_login_limiter_allows (QmLoginLimiter *limiter,
                                         const char     *username,
                                         const char     *address,
                                         gint64          now);
void            qm_login_limiter_failed (QmLoginLimiter *limiter,
                                         const char     *username,
                                         const char     *address,
                                         gint64          now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmLoginLimiter, qm_login_limiter_free)

G_END_DECLS
