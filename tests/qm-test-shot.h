/* qm-test-shot.h: PNG pictures of windows for the screenshot program and for
 * looking at what a test left on screen.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lets the window lay out and draw (a few frames, bounded in time), then
 * writes what it shows, without decorations, to path. */
void qm_test_shot_window (GtkWindow  *window,
                          const char *path);
/* When the environment names a folder in QUORUM_TEST_SHOTS, a shot of the
 * window as name.png there; else nothing. */
void qm_test_shot_maybe  (GtkWindow  *window,
                          const char *name);

G_END_DECLS
