/* qm-test-gui.h: what the application's page tests share: a private bus, a
 * window to show a page in, waits with a hard timeout, and looking at the
 * widgets the way a user would (the text shown, the rows of a list).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Every wait gives up after this (the server may run under ASan). */
#define QM_TEST_GUI_TIMEOUT_SECONDS 60

/* Before anything touches D-Bus: a private session bus with no services (so
 * no Secret Service and never the user's keyring), the software renderer on
 * X11, libadwaita, and the application's icon. */
void        qm_test_gui_init          (int          *argc,
                                       char       ***argv);
/* Runs the tests, then stops the private bus. */
int         qm_test_gui_run           (void);

/* Iterates the main context until condition (data) holds; g_error after the
 * timeout, naming what. */
void        qm_test_gui_wait          (gboolean   (*condition) (gpointer data),
                                       gpointer     data,
                                       const char  *what);
#define qm_test_gui_wait_until(cond) \
  qm_test_gui_wait_expr ((cond), #cond)
/* Iterates until the expression, re-evaluated by the macro, holds. */
#define qm_test_gui_wait_expr(cond, what)                                      \
  G_STMT_START {                                                               \
    gint64 deadline_ = g_get_monotonic_time ()                                 \
                       + QM_TEST_GUI_TIMEOUT_SECONDS * G_USEC_PER_SEC;         \
    guint wake_ = g_timeout_add (20, qm_test_gui_wake, NULL);                  \
    while (!(cond))                                                            \
      {                                                                        \
        if (g_get_monotonic_time () > deadline_)                               \
          g_error ("timed out waiting for %s", what);                          \
        g_main_context_iteration (NULL, TRUE);                                 \
      }                                                                        \
    g_source_remove (wake_);                                                   \
  } G_STMT_END
gboolean    qm_test_gui_wake          (gpointer     data);

/* A window of this size showing child, presented and allocated. */
GtkWindow  *qm_test_gui_show          (GtkWidget   *child,
                                       int          width,
                                       int          height);
/* Destroys the window and waits until the test holds the last reference to
 * object (pending callbacks let go), then asserts it is finalized. */
void        qm_test_gui_destroy       (GtkWindow   *window,
                                       gpointer     object);

/* The first descendant of root (depth first) of type, whose "title" (for
 * rows) or label (for labels and buttons) is title; NULL title: any. */
GtkWidget  *qm_test_gui_find          (GtkWidget   *root,
                                       GType        type,
                                       const char  *title);
/* Every descendant of type, in order (depth first). */
GPtrArray  *qm_test_gui_find_all      (GtkWidget   *root,
                                       GType        type);
/* Whether the window's focus is row or inside it. */
gboolean    qm_test_gui_has_focus     (GtkWidget   *widget);
/* Types text into an entry row (as its editable) and presses Enter in it. */
void        qm_test_gui_type          (GtkWidget   *row,
                                       const char  *text);
void        qm_test_gui_press_enter   (GtkWidget   *row);
/* Draws widget and saves it as a PNG in $QM_TEST_SCREENSHOTS, if set. */
void        qm_test_gui_screenshot    (GtkWidget   *widget,
                                       const char  *name);

G_END_DECLS
