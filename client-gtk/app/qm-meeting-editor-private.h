/* qm-meeting-editor-private.h: what the meeting editor's pages share — toasts,
 * error texts, role names — and the handles its tests use.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

/* Shows a toast (taking it) in the nearest AdwToastOverlay above widget;
 * FALSE when there is none. Toast titles are markup: escape what users wrote. */
gboolean    _qm_meeting_editor_toast          (GtkWidget     *widget,
                                               AdwToast      *toast);
/* A toast "what: why" for a failed request; nothing for a cancelled one. */
void        _qm_meeting_editor_toast_error    (GtkWidget     *widget,
                                               const char    *what,
                                               const GError  *error);
/* Why a request failed, in the user's words (translated). */
const char *_qm_meeting_editor_error_text     (const GError  *error);
/* "Chair", "Secretary", "Delegate", "Observer" (translated). */
const char *_qm_meeting_role_label            (QmMeetingRole  role);
/* "Tuesday, 1 December 2026" — in the user's language whatever the
 * system's locale (the weekday and date format are translations). */
char       *_qm_format_day                    (GDateTime     *time);
/* "22 pages" (translated, plural-aware). */
char       *_qm_format_pages                  (gint64         pages);
/* "22 pages · 734 kB" for an agenda item's document. */
char       *_qm_format_document_details       (gint64         pages,
                                               gint64         bytes);
/* Parses a 2xx body with a codec; on a bad body sets a protocol error. */
gpointer    _qm_meeting_editor_parse          (GBytes        *body,
                                               gpointer     (*parse) (const char *, gssize, GError **),
                                               GError       **error);

G_END_DECLS
