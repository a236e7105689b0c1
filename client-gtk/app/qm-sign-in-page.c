/* qm-sign-in-page.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-sign-in-page.h"

struct _QmSignInPage
{
  AdwBin     parent_instance;

  QmSession *session;
  GSettings *settings;
};

enum { SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (QmSignInPage, qm_sign_in_page, ADW_TYPE_BIN)

void
qm_sign_in_page_setup (QmSignInPage *self,
                       QmSession    *session,
                       GSettings    *settings)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  g_set_object (&self->session, session);
  g_set_object (&self->settings, settings);
}

void
qm_sign_in_page_restore (QmSignInPage *self)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
}

void
qm_sign_in_page_reset (QmSignInPage *self,
                       const char   *message)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
}

void
qm_sign_in_page_sign_out (QmSignInPage *self)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  qm_session_forget_token (self->session);
}

static void
qm_sign_in_page_dispose (GObject *object)
{
  QmSignInPage *self = QM_SIGN_IN_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (qm_sign_in_page_parent_class)->dispose (object);
}

static void
qm_sign_in_page_class_init (QmSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_sign_in_page_dispose;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
}

static void
qm_sign_in_page_init (QmSignInPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}
