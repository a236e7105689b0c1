/* qm-meetings-page.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meetings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meetings-page.h"

struct _QmMeetingsPage
{
  AdwBin     parent_instance;

  QmSession *session;
};

enum { MEETING_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (QmMeetingsPage, qm_meetings_page, ADW_TYPE_BIN)

void
qm_meetings_page_set_session (QmMeetingsPage *self,
                              QmSession      *session)
{
  g_return_if_fail (QM_IS_MEETINGS_PAGE (self));
  g_set_object (&self->session, session);
}

void
qm_meetings_page_reload (QmMeetingsPage *self)
{
  g_return_if_fail (QM_IS_MEETINGS_PAGE (self));
}

static void
qm_meetings_page_dispose (GObject *object)
{
  QmMeetingsPage *self = QM_MEETINGS_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (qm_meetings_page_parent_class)->dispose (object);
}

static void
qm_meetings_page_class_init (QmMeetingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_meetings_page_dispose;

  signals[MEETING_ACTIVATED] =
    g_signal_new ("meeting-activated", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
qm_meetings_page_init (QmMeetingsPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}
