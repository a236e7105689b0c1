/* qm-window.h: the main window — sign in, then the user's meetings, then one
 * meeting.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-application.h"

G_BEGIN_DECLS

#define QM_TYPE_WINDOW (qm_window_get_type ())
G_DECLARE_FINAL_TYPE (QmWindow, qm_window, QM, WINDOW, AdwApplicationWindow)

QmWindow   *qm_window_new           (QmApplication *application);
/* Which page shows: "sign-in", "meetings" or "meeting". */
const char *qm_window_get_page_name (QmWindow      *self);
void        qm_window_open_meeting  (QmWindow      *self,
                                     gint64         meeting_id);
void        qm_window_show_toast    (QmWindow      *self,
                                     const char    *text);
GtkWidget  *qm_window_get_page      (QmWindow      *self,
                                     const char    *name);

G_END_DECLS
