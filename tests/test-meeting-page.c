/* test-meeting-page.c: the meeting page of the quorum application against
 * the real quorum-server — agenda, following the presenter, pausing when the
 * reader browses, returning, and opening the meeting again with no network.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-test"

#include "config.h"

#include <adwaita.h>

#include "qm-meeting-page.h"
#include "qm-test-live.h"
#include "qm-test-server.h"
#include "qm-test-shot.h"
#include "qm-test-widgets.h"
#include "quorum-client.h"

#define PASSWORD        "correct horse battery"

enum { CHAIR, DELEGATE, N_USERS };
static const char * const usernames[N_USERS] = { "chair", "dele" };

static struct
{
  QmTestServer *server;
  char         *root_token;
  char         *chair_token;
  gint64        ids[N_USERS];
  gint64        meeting_id;
  char         *doc_a;
  char         *doc_b;
} fixture;

typedef struct
{
  QmSession       *session;
  QmDocumentCache *cache;
  GSettings       *settings;
  GtkWindow       *window;
  QmMeetingPage   *page;
  char            *cache_dir;
} Reader;

static Reader *
reader_new (void)
{
  Reader *reader = g_new0 (Reader, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reader->session = qm_session_new (qm_test_server_get_url (fixture.server));
  g_object_set (qm_session_get_soup_session (reader->session), "proxy-resolver", NULL, NULL);
  qm_session_login_async (reader->session, usernames[DELEGATE], PASSWORD, NULL, qm_test_store_result, &result);
  qm_test_wait_until (result != NULL);
  g_assert_true (qm_session_login_finish (reader->session, result, &error));
  g_assert_no_error (error);

  reader->cache_dir = g_build_filename (g_get_user_cache_dir (), "test-documents", NULL);
  reader->cache = qm_document_cache_new (reader->session, reader->cache_dir);
  reader->settings = g_settings_new (APPLICATION_ID);
  reader->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (reader->window, 1280, 800);
  reader->page = g_object_new (QM_TYPE_MEETING_PAGE, NULL);
  gtk_window_set_child (reader->window, GTK_WIDGET (reader->page));
  gtk_window_present (reader->window);
  return reader;
}

static void
reader_free (Reader *reader)
{
  qm_meeting_page_close (reader->page);
  g_object_add_weak_pointer (G_OBJECT (reader->page), (gpointer *) &reader->page);
  gtk_window_destroy (reader->window);
  qm_test_wait_until (reader->page == NULL);
  g_assert_finalize_object (reader->cache);
  g_assert_finalize_object (reader->session);
  g_assert_finalize_object (reader->settings);
  g_free (reader->cache_dir);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

static QmLiveState
live_state (Reader *reader)
{
  QmLiveConnection *live = qm_meeting_page_get_live (reader->page);

  return live != NULL ? qm_live_connection_get_state (live) : QM_LIVE_STATE_OFFLINE;
}

static guint
shown_page (Reader *reader)
{
  return qm_document_view_get_current_page (qm_meeting_page_get_document_view (reader->page));
}

static gboolean
shows (Reader     *reader,
       const char *doc,
       guint       page)
{
  return g_strcmp0 (qm_meeting_page_get_shown_document (reader->page), doc) == 0 &&
         shown_page (reader) == page;
}

static gboolean
cached (Reader     *reader,
        const char *doc)
{
  g_autofree char *path = qm_document_cache_lookup (reader->cache, doc);

  return path != NULL;
}

static void
present (QmTestLive *chair,
         const char *doc,
         guint       page)
{
  g_autoptr(QmMessage) reply = NULL;

  qm_test_live_sendf (chair, "{\"type\":\"present\",\"id\":\"p%u\",\"doc\":\"%s\",\"page\":%u}",
                      page, doc, page);
  /* The chair's own page event may come before the reply. */
  for (;;)
    {
      g_clear_pointer (&reply, qm_message_free);
      reply = qm_test_live_next (chair);
      if (reply->type == QM_MESSAGE_REPLY || reply->type == QM_MESSAGE_ERROR)
        break;
    }
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
}

static void
open_and_wait (Reader *reader)
{
  QmMeetingModel *model;

  qm_meeting_page_open (reader->page, reader->session, reader->cache, reader->settings,
                        fixture.meeting_id);
  model = qm_meeting_page_get_model (reader->page);
  qm_test_wait_until (qm_meeting_model_get_loaded (model));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Báo cáo tài chính"));
}

static void
test_follow_and_browse (void)
{
  g_autoptr(Reader) reader = reader_new ();
  QmTestLive *chair = qm_test_live_join (fixture.server, fixture.meeting_id, fixture.chair_token);
  QmFollowState *follow;
  g_autofree char *path = NULL;

  open_and_wait (reader);
  follow = qm_meeting_page_get_follow_state (reader->page);
  g_assert_true (qm_follow_state_get_following (follow));
  /* The leaflet maps the content once it has laid itself out. */
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Nothing Presented Yet"));
  g_assert_true (qm_test_shows_text (GTK_WIDGET (reader->page), "Online"));

  /* The presenter turns pages; the reader goes with them. */
  present (chair, fixture.doc_a, 3);
  qm_test_wait_until (shows (reader, fixture.doc_a, 3));
  qm_test_shot_maybe (reader->window, "meeting-page-following");
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Test chair presents page 3 — Báo cáo tài chính"));
  present (chair, fixture.doc_a, 4);
  qm_test_wait_until (shows (reader, fixture.doc_a, 4));

  /* The reader turns a page: following pauses, the way back shows. */
  gtk_widget_activate_action (GTK_WIDGET (qm_meeting_page_get_document_view (reader->page)),
                              "viewer.next-page", NULL);
  qm_test_wait_until (shown_page (reader) == 5);
  g_assert_false (qm_follow_state_get_following (follow));
  g_assert_true (qm_follow_state_get_can_return (follow));

  present (chair, fixture.doc_a, 2);
  qm_test_wait_until (qm_follow_state_get_presenter_page (follow) == 2);
  g_assert_true (shows (reader, fixture.doc_a, 5));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Return to Presenter — Page 2"));
  qm_test_shot_maybe (reader->window, "meeting-page-browsing");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page),
                                             "meeting.return-to-presenter", NULL));
  qm_test_wait_until (shows (reader, fixture.doc_a, 2));
  g_assert_true (qm_follow_state_get_following (follow));
  g_assert_false (qm_follow_state_get_can_return (follow));

  /* Another document: loaded from the cache and turned to. */
  present (chair, fixture.doc_b, 6);
  qm_test_wait_until (shows (reader, fixture.doc_b, 6));

  /* Opening a document from the agenda is browsing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "meeting.open-document",
                                             "(sx)", fixture.doc_a, (gint64) 1));
  qm_test_wait_until (shows (reader, fixture.doc_a, 1));
  g_assert_false (qm_follow_state_get_following (follow));

  /* Both documents were saved for offline use and verified. */
  path = qm_document_cache_lookup (reader->cache, fixture.doc_b);
  g_assert_nonnull (path);

  qm_test_live_free (chair);
}

/* The sheet for a vote opened by the chair comes up over the document, and
 * the panel to ask for the floor sits with the agenda. */
static void
test_live_tools (void)
{
  g_autoptr(Reader) reader = reader_new ();
  QmTestLive *chair = qm_test_live_join (fixture.server, fixture.meeting_id, fixture.chair_token);
  g_autoptr(QmMessage) reply = NULL;
  QmVoteSheet *sheet;

  open_and_wait (reader);
  sheet = qm_meeting_page_get_vote_sheet (reader->page);
  g_assert_false (qm_vote_sheet_get_active (sheet));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Request to speak"));

  qm_test_live_send (chair, "{\"type\":\"vote.open\",\"id\":\"v1\",\"question\":"
                            "\"Thông qua báo cáo tài chính?\",\"secret\":false,\"majority\":\"simple\"}");
  for (;;)
    {
      g_clear_pointer (&reply, qm_message_free);
      reply = qm_test_live_next (chair);
      if (reply->type == QM_MESSAGE_REPLY || reply->type == QM_MESSAGE_ERROR)
        break;
    }
  g_assert_cmpint (reply->type, ==, QM_MESSAGE_REPLY);
  qm_test_wait_until (qm_vote_sheet_get_active (sheet));
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Thông qua báo cáo tài chính?"));
  qm_test_shot_maybe (reader->window, "meeting-page-vote");

  /* Closing the meeting lets go of the vote. */
  qm_meeting_page_close (reader->page);
  g_assert_false (qm_vote_sheet_get_active (sheet));
  qm_test_live_free (chair);
}

/* Joining late lands on the presenter's page. */
static void
test_join_late (void)
{
  g_autoptr(Reader) reader = reader_new ();
  QmTestLive *chair = qm_test_live_join (fixture.server, fixture.meeting_id, fixture.chair_token);

  present (chair, fixture.doc_b, 5);
  open_and_wait (reader);
  qm_test_wait_until (shows (reader, fixture.doc_b, 5));
  g_assert_true (qm_follow_state_get_following (qm_meeting_page_get_follow_state (reader->page)));
  qm_test_live_free (chair);
}

/* With the server gone, the meeting opens from the copy kept last time and
 * its documents from the cache; the page says it is offline. */
static void
test_offline (void)
{
  g_autoptr(Reader) reader = reader_new ();

  open_and_wait (reader);
  qm_test_wait_until (cached (reader, fixture.doc_a));
  qm_meeting_page_close (reader->page);

  qm_test_server_stop (fixture.server);
  qm_meeting_page_open (reader->page, reader->session, reader->cache, reader->settings,
                        fixture.meeting_id);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Báo cáo tài chính"));
  qm_test_wait_until (live_state (reader) == QM_LIVE_STATE_RECONNECTING);
  qm_test_wait_until (qm_test_shows_text (GTK_WIDGET (reader->page), "Offline"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader->page), "meeting.open-document",
                                             "(sx)", fixture.doc_a, (gint64) 2));
  qm_test_wait_until (shows (reader, fixture.doc_a, 2));

  qm_meeting_page_close (reader->page);
  qm_test_server_start (fixture.server);
}

static void
fixture_set_up (void)
{
  QmTestServerOptions options = { "root", PASSWORD, NULL, FALSE };
  QmAccountRoles roles[N_USERS] = { 0 };
  static const char * const meeting_roles[N_USERS] = { "chair", "delegate" };
  g_autoptr(QmMeeting) meeting = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  g_autoptr(QmAgendaItem) attached = NULL;
  g_autoptr(QmAgendaItem) attached2 = NULL;
  g_autoptr(GBytes) pdf_a = NULL;
  g_autoptr(GBytes) pdf_b = NULL;
  g_autoptr(QmDocument) doc_a = NULL;
  g_autoptr(QmDocument) doc_b = NULL;

  fixture.server = qm_test_server_new (&options);
  fixture.root_token = qm_test_login (fixture.server, "root", PASSWORD);
  qm_test_create_users (fixture.server, fixture.root_token, N_USERS,
                        (const char * const *) usernames, roles, PASSWORD, fixture.ids);
  meeting = qm_test_create_meeting (fixture.server, fixture.root_token, "Kỳ họp thứ 12", NULL);
  fixture.meeting_id = meeting->id;
  qm_test_put_participants (fixture.server, fixture.root_token, meeting->id, N_USERS, fixture.ids,
                            meeting_roles);
  item = qm_test_add_item (fixture.server, fixture.root_token, meeting->id, "Báo cáo tài chính");
  pdf_a = qm_test_make_pdf (6, "Báo cáo tài chính", 1);
  pdf_b = qm_test_make_pdf (7, "Dự thảo nghị quyết", 2);
  doc_a = qm_test_upload (fixture.server, fixture.root_token, "bao-cao.pdf", pdf_a);
  doc_b = qm_test_upload (fixture.server, fixture.root_token, "du-thao.pdf", pdf_b);
  attached = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item->id, doc_a->id);
  attached2 = qm_test_attach (fixture.server, fixture.root_token, meeting->id, item->id, doc_b->id);
  fixture.doc_a = g_strdup (doc_a->id);
  fixture.doc_b = g_strdup (doc_b->id);
  fixture.chair_token = qm_test_login (fixture.server, usernames[CHAIR], PASSWORD);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("quorum-meeting-page-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int result;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs the system's icon theme
   * (XDG_DATA_DIRS). The caches, documents and offline copies go to a
   * fresh folder. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  qm_test_widgets_load_style ();

  g_test_add_func ("/quorum/app/meeting-page/follow-and-browse", test_follow_and_browse);
  g_test_add_func ("/quorum/app/meeting-page/join-late", test_join_late);
  g_test_add_func ("/quorum/app/meeting-page/live-tools", test_live_tools);
  g_test_add_func ("/quorum/app/meeting-page/offline", test_offline);

  fixture_set_up ();
  result = g_test_run ();
  g_clear_pointer (&fixture.server, qm_test_server_free);
  g_clear_pointer (&fixture.root_token, g_free);
  g_clear_pointer (&fixture.chair_token, g_free);
  g_clear_pointer (&fixture.doc_a, g_free);
  g_clear_pointer (&fixture.doc_b, g_free);
  qm_test_remove_tree (home);
  return result;
}
