/* qm-application.h: the quorum application — one session to one server, the
 * document cache and the settings every window shares.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-document-cache.h"
#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_APPLICATION (qm_application_get_type ())
G_DECLARE_FINAL_TYPE (QmApplication, qm_application, QM, APPLICATION, AdwApplication)

/* The user's locale and our translations; QUORUM_LOCALEDIR points at
 * another folder of them (the build tree's, for tests). */
void             qm_application_init_i18n        (void);
QmApplication   *qm_application_new              (void);
QmApplication   *qm_application_get_default      (void);
QmSession       *qm_application_get_session      (QmApplication *self);
QmDocumentCache *qm_application_get_cache        (QmApplication *self);
GSettings       *qm_application_get_settings     (QmApplication *self);

G_END_DECLS
