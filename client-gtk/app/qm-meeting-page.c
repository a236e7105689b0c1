/* qm-meeting-page.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-page"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meeting-page.h"

struct _QmMeetingPage
{
  AdwBin           parent_instance;

  QmSession       *session;
  QmDocumentCache *cache;
  GSettings       *settings;
  gint64           meeting_id;
};

G_DEFINE_FINAL_TYPE (QmMeetingPage, qm_meeting_page, ADW_TYPE_BIN)

void
qm_meeting_page_open (QmMeetingPage   *self,
                      QmSession       *session,
                      QmDocumentCache *cache,
                      GSettings       *settings,
                      gint64           meeting_id)
{
  g_return_if_fail (QM_IS_MEETING_PAGE (self));

  g_set_object (&self->session, session);
  g_set_object (&self->cache, cache);
  g_set_object (&self->settings, settings);
  self->meeting_id = meeting_id;
}

void
qm_meeting_page_close (QmMeetingPage *self)
{
  g_return_if_fail (QM_IS_MEETING_PAGE (self));
  self->meeting_id = 0;
}

gint64
qm_meeting_page_get_meeting_id (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), 0);
  return self->meeting_id;
}

static void
qm_meeting_page_dispose (GObject *object)
{
  QmMeetingPage *self = QM_MEETING_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (qm_meeting_page_parent_class)->dispose (object);
}

static void
qm_meeting_page_class_init (QmMeetingPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qm_meeting_page_dispose;
}

static void
qm_meeting_page_init (QmMeetingPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}
