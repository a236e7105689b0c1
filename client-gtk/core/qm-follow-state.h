/* qm-follow-state.h: whether a reader follows the presenter or browses on
 * their own, and where "follow" should take them.
 *
 * Following is on by default. While following, every presenter position
 * becomes a "navigate" request. A move the user makes to anywhere else
 * pauses following; qm_follow_state_return goes back to the presenter's page
 * and follows again. Moves the reader makes because of a "navigate" are not
 * the user's: the view reports them with qm_follow_state_view_moved only
 * after they settle, and a position equal to the presenter's never pauses.
 *
 * Given a live connection, it tells the server whether the reader follows
 * (follow.set), so the chair sees who does: after every welcome and on
 * every change, and only to a server that announces the "following" feature.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "qm-live-connection.h"

G_BEGIN_DECLS

#define QM_TYPE_FOLLOW_STATE (qm_follow_state_get_type ())
G_DECLARE_FINAL_TYPE (QmFollowState, qm_follow_state, QM, FOLLOW_STATE, GObject)

QmFollowState *qm_follow_state_new                (void);
gboolean       qm_follow_state_get_following      (QmFollowState *self);
/* Turns following on (and navigates to the presenter) or off. */
void           qm_follow_state_set_following      (QmFollowState *self,
                                                   gboolean       following);
/* Where the presenter is: doc NULL until the first present. */
const char    *qm_follow_state_get_presenter_doc  (QmFollowState *self);
gint64         qm_follow_state_get_presenter_page (QmFollowState *self);
/* Whether "Return to presenter" makes sense: paused, and the presenter shows
 * a page. */
gboolean       qm_follow_state_get_can_return     (QmFollowState *self);
/* The presenter showed doc/page (a page event, a welcome, a resume). */
void           qm_follow_state_presenter_moved    (QmFollowState *self,
                                                   const char    *doc,
                                                   gint64         page);
/* The reader now shows doc/page because the user moved it. */
void           qm_follow_state_user_moved         (QmFollowState *self,
                                                   const char    *doc,
                                                   gint64         page);
/* Back to the presenter's page, following again. */
void           qm_follow_state_return             (QmFollowState *self);
/* Reports following on this connection from now on (NULL: to none). */
void           qm_follow_state_set_live           (QmFollowState    *self,
                                                   QmLiveConnection *live);

G_END_DECLS
