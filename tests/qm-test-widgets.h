/* qm-test-widgets.h: what the app's widget tests share — a signed-in client
 * of the real server (session, live connection, model), the application's
 * style, finding what the screen shows by its text, tapping buttons, and
 * screenshots on request. (The waits are in qm-test-server.h.)
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "qm-test-server.h"
#include "quorum-client.h"

G_BEGIN_DECLS

/* Sets up GTK for a widget test on the X display (software rendering, no
 * portal), then g_test_init. */
void      qm_test_widgets_init      (int    *argc,
                                     char ***argv);
/* The application's style.css and icons on the default display, as the
 * application itself loads them (once; qm_test_widgets_init calls it). */
void      qm_test_widgets_load_style (void);

/* One member's client, signed in with a token (no password hashing): the
 * live connection is not started. */
typedef struct
{
  QmSession        *session;
  QmLiveConnection *live;
  QmMeetingModel   *model;
} QmTestClient;

QmTestClient *qm_test_client_new       (QmTestServer *server,
                                        const char   *token,
                                        gint64        meeting_id);
/* Starts the connection and waits until it is online and the model loaded. */
void          qm_test_client_go_online (QmTestClient *self);
/* Stops the connection and asserts that everything is finalized. */
void          qm_test_client_free      (QmTestClient *self);
/* A ping through the connection, answered: every answer to what was sent
 * before it has been handled. */
void          qm_test_client_round_trip (QmTestClient *self);

/* A toplevel of this size (the QM_TEST_WINDOW_SIZE environment variable,
 * "WIDTHxHEIGHT", overrides it), shown. */
GtkWidget    *qm_test_window_new        (int           width,
                                         int           height,
                                         GtkWidget    *child);
/* A stand-in for a document page (a title and paragraphs on paper), for the
 * widgets that lie beside or over one. */
GtkWidget    *qm_test_document_new      (void);
/* Waits until the window has drawn a few frames (a layout settled). */
void          qm_test_wait_frames       (GtkWidget    *widget,
                                         guint         n_frames);

/* Whether a mapped label under root shows text (anywhere in it). */
gboolean      qm_test_shows_text        (GtkWidget    *root,
                                         const char   *text);
/* The first mapped label under root whose text is text, or NULL. */
GtkWidget    *qm_test_find_label        (GtkWidget    *root,
                                         const char   *text);
/* The first mapped label under root whose text starts with prefix, or NULL. */
GtkWidget    *qm_test_find_label_prefix (GtkWidget    *root,
                                         const char   *prefix);
/* The first mapped button under root showing text (its label, or a label
 * inside it), or NULL. */
GtkWidget    *qm_test_find_button       (GtkWidget    *root,
                                         const char   *text);
/* Counts the mapped labels under root whose text is text. */
guint         qm_test_count_labels      (GtkWidget    *root,
                                         const char   *text);
/* The nearest ancestor of widget (or widget itself) of this type. */
GtkWidget    *qm_test_ancestor          (GtkWidget    *widget,
                                         GType         type);
/* Taps a button as a finger would: it must be mapped and sensitive. */
void          qm_test_tap               (GtkWidget    *button);

/* With QM_SCREENSHOT_DIR set: saves what widget shows as DIR/NAME.png. */
void          qm_test_screenshot        (GtkWidget    *widget,
                                         const char   *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmTestClient, qm_test_client_free)

G_END_DECLS
