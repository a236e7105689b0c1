/* qm-trust-dialog.h: asks the user about a server certificate the pins
 * refused: "trust this server?" on first contact, and a loud warning, with a
 * deliberate second step before replacing the pin, when it changed.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-session.h"

G_BEGIN_DECLS

/* Shows the dialog for problem (QM_CERTIFICATE_ERROR) over parent's window.
 * Finishes TRUE once the user trusted the presented certificate and its pin
 * is stored in the session's pins; FALSE when they declined. Cancelling
 * closes the dialog (G_IO_ERROR_CANCELLED). */
void              qm_trust_dialog_ask_async  (GtkWidget           *parent,
                                              QmSession           *session,
                                              const GError        *problem,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean          qm_trust_dialog_ask_finish (GAsyncResult        *result,
                                              GError             **error);

/* The dialog asking on behalf of parent right now, or NULL. */
AdwMessageDialog *qm_trust_dialog_get_shown  (GtkWidget           *parent);

G_END_DECLS
