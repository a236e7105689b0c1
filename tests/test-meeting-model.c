/* test-meeting-model.c: QmMeetingModel fed hand-made server messages, for
 * what needs a server that lies about the time: the clock offset.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include "quorum-client.h"

/* A welcome (resumed without state when resumed) whose "now" is the local
 * time shifted by offset_seconds. */
static QmMessage *
welcome_at (gint64   offset_seconds,
            gboolean resumed)
{
  g_autoptr(GDateTime) local = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) server = g_date_time_add_seconds (local, (double) offset_seconds);
  g_autofree char *now = qm_time_format_rfc3339 (server);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  QmMessage *message;

  if (resumed)
    json = g_strdup_printf ("{\"type\":\"welcome\",\"seq\":3,\"epoch\":\"e1\",\"now\":\"%s\","
                            "\"resumed\":true,\"server\":{\"version\":\"1\",\"features\":[]},"
                            "\"you\":{\"user\":2,\"role\":\"delegate\"}}", now);
  else
    json = g_strdup_printf ("{\"type\":\"welcome\",\"seq\":3,\"epoch\":\"e1\",\"now\":\"%s\","
                            "\"server\":{\"version\":\"1\",\"features\":[]},"
                            "\"you\":{\"user\":2,\"role\":\"delegate\"},"
                            "\"meeting\":{\"id\":1,\"title\":\"M\","
                            "\"starts_at\":\"2026-12-01T08:00:00+07:00\",\"location\":\"\","
                            "\"require_quorum\":false,\"participants\":[],\"agenda\":[]},"
                            "\"presenter\":{\"user\":1,\"doc\":null,\"page\":null},"
                            "\"online\":[],\"votes\":[],"
                            "\"speakers\":{\"current\":null,\"since\":null,\"queue\":[]},"
                            "\"annotations\":[]}", now);
  message = qm_message_parse (json, -1, QM_ORIGIN_SERVER, NULL, &error);
  g_assert_no_error (error);
  return message;
}

static void
assert_offset (QmMeetingModel *model,
               gint64          seconds)
{
  gint64 offset = qm_meeting_model_get_clock_offset (model);
  gint64 server_time = qm_meeting_model_get_server_time (model);

  /* A few seconds of slack for a slow machine between the two clocks' reads. */
  g_assert_cmpint (ABS (offset - seconds * G_USEC_PER_SEC), <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (ABS (server_time - g_get_real_time () - seconds * G_USEC_PER_SEC), <,
                   5 * G_USEC_PER_SEC);
}

static void
test_clock_offset (void)
{
  g_autoptr(QmMeetingModel) model = qm_meeting_model_new ();
  g_autoptr(QmMessage) ahead = welcome_at (3600, FALSE);
  g_autoptr(QmMessage) behind = welcome_at (-90, TRUE);

  g_assert_cmpint (qm_meeting_model_get_clock_offset (model), ==, 0);

  /* The tablet's clock is an hour behind the server's. */
  qm_meeting_model_apply (model, ahead);
  g_assert_true (qm_meeting_model_get_loaded (model));
  assert_offset (model, 3600);

  /* A resumed welcome measures again (the tablet's clock was set). */
  qm_meeting_model_apply (model, behind);
  assert_offset (model, -90);
  g_assert_nonnull (qm_meeting_model_get_meeting (model));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/quorum/client/meeting-model/clock-offset", test_clock_offset);

  return g_test_run ();
}
