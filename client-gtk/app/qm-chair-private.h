/* qm-chair-private.h: what the chair's widgets share.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-meeting-model.h"

G_BEGIN_DECLS

/* A failed command or download, in words for the user (translated; the
 * server's own message is for logs). */
char       *_qm_chair_describe_error (const GError   *error);
/* A participant's name, never NULL. */
const char *_qm_chair_name           (QmMeetingModel *model,
                                      gint64          user_id);
/* A role in words. */
const char *_qm_chair_role_name      (QmMeetingRole   role);
/* Shows text in an error label, or hides it for NULL. */
void        _qm_chair_show_error     (GtkLabel       *label,
                                      const GError   *error);

G_END_DECLS
