/* test-follow-state.c: following the presenter and browsing on one's own.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-follow-state.h"

typedef struct
{
  GPtrArray *docs;
  GArray    *pages;
} Navigations;

static void
on_navigate (QmFollowState *follow,
             const char    *doc,
             gint64         page,
             Navigations   *seen)
{
  g_ptr_array_add (seen->docs, g_strdup (doc));
  g_array_append_val (seen->pages, page);
}

static void
seen_init (Navigations *seen)
{
  seen->docs = g_ptr_array_new_with_free_func (g_free);
  seen->pages = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
seen_clear (Navigations *seen)
{
  g_ptr_array_unref (seen->docs);
  g_array_unref (seen->pages);
}

static void
assert_last (Navigations *seen,
             guint        count,
             const char  *doc,
             gint64       page)
{
  g_assert_cmpuint (seen->docs->len, ==, count);
  g_assert_cmpstr (g_ptr_array_index (seen->docs, count - 1), ==, doc);
  g_assert_cmpint (g_array_index (seen->pages, gint64, count - 1), ==, page);
}

static void
test_follow (void)
{
  QmFollowState *follow = qm_follow_state_new ();
  Navigations seen;

  seen_init (&seen);
  g_signal_connect (follow, "navigate", G_CALLBACK (on_navigate), &seen);

  /* On by default; nothing to go to before the first present. */
  g_assert_true (qm_follow_state_get_following (follow));
  g_assert_false (qm_follow_state_get_can_return (follow));
  qm_follow_state_return (follow);
  g_assert_cmpuint (seen.docs->len, ==, 0);
  /* Browsing before anyone presents does not pause. */
  qm_follow_state_user_moved (follow, "a", 4);
  g_assert_true (qm_follow_state_get_following (follow));

  qm_follow_state_presenter_moved (follow, "a", 3);
  assert_last (&seen, 1, "a", 3);
  /* The same position again is announced again (a drifted view lands). */
  qm_follow_state_presenter_moved (follow, "a", 3);
  assert_last (&seen, 2, "a", 3);
  /* The reader reporting the presenter's own page is not browsing. */
  qm_follow_state_user_moved (follow, "a", 3);
  g_assert_true (qm_follow_state_get_following (follow));

  g_object_unref (follow);
  seen_clear (&seen);
}

static void
test_browse_and_return (void)
{
  QmFollowState *follow = qm_follow_state_new ();
  Navigations seen;

  seen_init (&seen);
  g_signal_connect (follow, "navigate", G_CALLBACK (on_navigate), &seen);

  qm_follow_state_presenter_moved (follow, "a", 3);
  qm_follow_state_user_moved (follow, "a", 4);
  g_assert_false (qm_follow_state_get_following (follow));
  g_assert_true (qm_follow_state_get_can_return (follow));

  /* Paused: the presenter moves on without the reader. */
  qm_follow_state_presenter_moved (follow, "b", 7);
  g_assert_cmpuint (seen.docs->len, ==, 1);
  g_assert_cmpstr (qm_follow_state_get_presenter_doc (follow), ==, "b");
  g_assert_cmpint (qm_follow_state_get_presenter_page (follow), ==, 7);

  qm_follow_state_return (follow);
  g_assert_true (qm_follow_state_get_following (follow));
  g_assert_false (qm_follow_state_get_can_return (follow));
  assert_last (&seen, 2, "b", 7);

  /* Switching following off by hand, then on, goes to the presenter. */
  qm_follow_state_set_following (follow, FALSE);
  qm_follow_state_presenter_moved (follow, "b", 8);
  g_assert_cmpuint (seen.docs->len, ==, 2);
  g_object_set (follow, "following", TRUE, NULL);
  assert_last (&seen, 3, "b", 8);

  g_object_unref (follow);
  seen_clear (&seen);
}

static void
test_notify (void)
{
  QmFollowState *follow = qm_follow_state_new ();
  guint following = 0, can_return = 0;

  g_signal_connect_swapped (follow, "notify::following", G_CALLBACK (g_atomic_int_inc), &following);
  g_signal_connect_swapped (follow, "notify::can-return", G_CALLBACK (g_atomic_int_inc), &can_return);

  qm_follow_state_presenter_moved (follow, "a", 1);
  g_assert_cmpuint (can_return, ==, 1);     /* a position appeared */
  qm_follow_state_user_moved (follow, "a", 2);
  g_assert_cmpuint (following, ==, 1);
  qm_follow_state_user_moved (follow, "a", 5);
  g_assert_cmpuint (following, ==, 1);      /* no change, no notify */
  qm_follow_state_return (follow);
  g_assert_cmpuint (following, ==, 2);

  g_object_unref (follow);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quorum/client/follow/follow", test_follow);
  g_test_add_func ("/quorum/client/follow/browse-and-return", test_browse_and_return);
  g_test_add_func ("/quorum/client/follow/notify", test_notify);
  return g_test_run ();
}
