/* qm-sign-in-page.h: server address, username and password; the token kept
 * in the user's keyring so the next start skips the form.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-session.h"

G_BEGIN_DECLS

#define QM_TYPE_SIGN_IN_PAGE (qm_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (QmSignInPage, qm_sign_in_page, QM, SIGN_IN_PAGE, AdwBin)

/* The page signs this session in and remembers the server and username in
 * settings ("server-url", "username"). Emits "signed-in" once the session
 * has a token and a user. */
void qm_sign_in_page_setup     (QmSignInPage *self,
                                QmSession    *session,
                                GSettings    *settings);
/* Looks for a token kept from last time; if the server still takes it, emits
 * "signed-in", else leaves the form showing. */
void qm_sign_in_page_restore   (QmSignInPage *self);
/* Empties the password and shows message (may be NULL) above the form. */
void qm_sign_in_page_reset     (QmSignInPage *self,
                                const char   *message);
/* Logs out on the server, forgets the kept token, and resets the form. */
void qm_sign_in_page_sign_out  (QmSignInPage *self);

/* Whether a sign-in, or the look for a kept token, is on its way ("busy"). */
gboolean    qm_sign_in_page_get_busy    (QmSignInPage *self);
/* The message shown above the form, or NULL ("message"). */
const char *qm_sign_in_page_get_message (QmSignInPage *self);
/* The question about the server's certificate on screen now, or NULL. */
AdwMessageDialog *qm_sign_in_page_get_trust_dialog (QmSignInPage *self);

G_END_DECLS
