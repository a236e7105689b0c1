/* qm-meeting-page.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-page"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-chair-console.h"
#include "qm-client-error.h"
#include "qm-document-view.h"
#include "qm-follow-state.h"
#include "qm-live-connection.h"
#include "qm-meeting-annotations.h"
#include "qm-meeting-model.h"
#include "qm-meeting-page.h"
#include "qm-offline-copy.h"
#include "qm-speakers-panel.h"
#include "qm-vote-sheet.h"
#include "qm-presenting.h"

struct _QmMeetingPage
{
  AdwBin            parent_instance;

  /* template */
  GtkStack         *state_stack;
  AdwStatusPage    *error_status;
  AdwLeaflet       *leaflet;
  GtkWidget        *sidebar;
  GtkLabel         *meeting_title;
  GtkLabel         *meeting_when;
  GtkImage         *connection_icon;
  GtkLabel         *connection_label;
  GtkWidget        *reconnect_button;
  GtkRevealer      *download_revealer;
  GtkLabel         *download_label;
  GtkProgressBar   *download_bar;
  GtkListBox       *agenda_list;
  GtkBox           *speakers_slot;
  GtkWidget        *content;
  GtkStack         *content_stack;
  AdwStatusPage    *empty_status;
  QmDocumentView   *document_view;
  GtkRevealer      *return_revealer;
  GtkButton        *return_button;
  /* packed into the viewer's header bar and under it */
  GtkWidget        *agenda_button;
  GtkWidget        *presenter_bar;
  GtkLabel         *presenter_label;
  GtkSwitch        *follow_switch;
  /* the official's live tools */
  QmVoteSheet      *vote_sheet;
  QmSpeakersPanel  *speakers_panel;
  /* the chair's tools: a console beside the document, presenting */
  GtkWidget        *empty_header;
  AdwFlap          *chair_flap;
  GtkWidget        *chair_console;
  GtkWidget        *chair_toggles[2];
  GtkWidget        *present_button;
  QmPresenting     *presenting;

  QmSession        *session;
  QmDocumentCache  *cache;
  GSettings        *settings;
  gint64            meeting_id;

  QmMeetingModel   *model;
  QmLiveConnection *live;
  QmFollowState    *follow;
  QmMeeting        *fetched;        /* over HTTP, or the offline copy */
  gboolean          from_copy;      /* fetched is the offline copy */
  GCancellable     *cancellable;    /* everything of the open meeting */
  GCancellable     *downloads;
  guint             retry_tick;

  char             *shown_doc;      /* in the viewer */
  char             *wanted_doc;     /* being fetched to be shown */
  gint64            wanted_page;
  guint             navigating;     /* > 0 while the page moves the viewer */
  gboolean          chair_shown;    /* the console was revealed once */

  QmMeetingAnnotations *annotations;
  int               return_margin;  /* the Return button's, without the tool bar */
};

G_DEFINE_FINAL_TYPE (QmMeetingPage, qm_meeting_page, ADW_TYPE_BIN)

static void show_document (QmMeetingPage *self, const char *doc, gint64 page);
static void update_presenting (QmMeetingPage *self);
static gboolean presenting_blocks_navigation (QmMeetingPage *self, const char *doc);
static gboolean presenting_page_turned (QmMeetingPage *self);
static void open_chair_tools (QmMeetingPage *self);
static void close_chair_tools (QmMeetingPage *self);

static const QmMeeting *
current_meeting (QmMeetingPage *self)
{
  if (self->model != NULL && qm_meeting_model_get_loaded (self->model))
    return qm_meeting_model_get_meeting (self->model);
  return self->fetched;
}

static const QmItemDocument *
find_document (QmMeetingPage *self,
               const char    *doc)
{
  const QmMeeting *meeting = current_meeting (self);

  if (meeting == NULL || doc == NULL)
    return NULL;
  for (guint i = 0; i < meeting->agenda->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          const QmItemDocument *d = g_ptr_array_index (item->documents, j);

          if (g_strcmp0 (d->id, doc) == 0)
            return d;
        }
    }
  return NULL;
}

/* "Thứ Hai, 30/11/2026 08:00". The weekday is ours to translate: tablets
 * often have no Vietnamese system locale for %A to use. */
static char *
format_starts_at (const char *starts_at)
{
  static const char *weekdays[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
  };
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  if (starts_at == NULL)
    return NULL;
  when = g_date_time_new_from_iso8601 (starts_at, NULL);
  if (when == NULL)
    return g_strdup (starts_at);
  local = g_date_time_to_local (when);
  /* Translators: a meeting's date and time, see g_date_time_format() */
  date = g_date_time_format (local, _("%d/%m/%Y %H:%M"));
  /* Translators: "<weekday>, <date and time>" */
  return g_strdup_printf (_("%s, %s"),
                          _(weekdays[g_date_time_get_day_of_week (local) - 1]), date);
}

/* Connection state */

static void
set_connection (QmMeetingPage *self,
                const char    *icon,
                const char    *css,
                const char    *text,
                gboolean       can_retry)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->connection_label));

  gtk_image_set_from_icon_name (self->connection_icon, icon);
  gtk_label_set_label (self->connection_label, text);
  /* The label may be cut short; the whole text stays at hand. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_label), text);
  gtk_widget_remove_css_class (box, "success");
  gtk_widget_remove_css_class (box, "warning");
  gtk_widget_remove_css_class (box, "error");
  if (css != NULL)
    gtk_widget_add_css_class (box, css);
  gtk_widget_set_visible (self->reconnect_button, can_retry);
}

static gboolean
retry_tick_cb (gpointer user_data);

static void
update_connection (QmMeetingPage *self)
{
  QmLiveState state;

  if (self->live == NULL)
    return;

  g_clear_handle_id (&self->retry_tick, g_source_remove);
  state = qm_live_connection_get_state (self->live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.reconnect",
                                 state == QM_LIVE_STATE_RECONNECTING);
  switch (state)
    {
    case QM_LIVE_STATE_ONLINE:
      set_connection (self, "network-wireless-symbolic", "success", _("Online"), FALSE);
      break;

    case QM_LIVE_STATE_CONNECTING:
      set_connection (self, "network-wireless-acquiring-symbolic", NULL, _("Connecting…"), FALSE);
      break;

    case QM_LIVE_STATE_RECONNECTING:
      {
        guint delay = qm_live_connection_get_retry_delay (self->live);
        g_autofree char *text = NULL;

        if (delay == 0)
          text = g_strdup (_("Reconnecting…"));
        else
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Offline — retrying in %u second",
                                               "Offline — retrying in %u seconds",
                                               (delay + 999) / 1000),
                                  (delay + 999) / 1000);
        set_connection (self, "network-offline-symbolic", "warning", text, TRUE);
        self->retry_tick = g_timeout_add_seconds (1, retry_tick_cb, self);
      }
      break;

    case QM_LIVE_STATE_OFFLINE:
    default:
      switch (qm_live_connection_get_stop_reason (self->live))
        {
        case QM_LIVE_STOP_FORBIDDEN:
          set_connection (self, "action-unavailable-symbolic", "error",
                          _("You are not a participant of this meeting any more"), FALSE);
          break;
        case QM_LIVE_STOP_TOKEN_INVALID:
          set_connection (self, "action-unavailable-symbolic", "error",
                          _("Signed out"), FALSE);
          break;
        case QM_LIVE_STOP_PROTOCOL:
          set_connection (self, "dialog-warning-symbolic", "error",
                          _("Disconnected: this app and the server do not understand each other"), FALSE);
          break;
        case QM_LIVE_STOP_CERTIFICATE:
          /* Not retried: another certificate may be someone in between. */
          set_connection (self, "security-low-symbolic", "error",
                          _("Disconnected: the server’s identity has changed — this may be an attack"),
                          FALSE);
          break;
        case QM_LIVE_STOP_NONE:
        case QM_LIVE_STOP_REQUESTED:
        default:
          set_connection (self, "network-offline-symbolic", NULL, _("Offline"), FALSE);
          break;
        }
      break;
    }
}

static gboolean
retry_tick_cb (gpointer user_data)
{
  QmMeetingPage *self = user_data;

  self->retry_tick = 0;
  update_connection (self);
  return G_SOURCE_REMOVE;
}

/* The meeting's header and agenda */

static GtkWidget *
item_row_new (const QmAgendaItem *item,
              guint               number)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = g_strdup_printf ("%u. %s", number, item->title);
  GtkWidget *label = gtk_label_new (title);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (item->description != NULL && item->description[0] != '\0')
    {
      GtkWidget *description = gtk_label_new (item->description);

      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_label_set_lines (GTK_LABEL (description), 3);
      gtk_label_set_ellipsize (GTK_LABEL (description), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (description, "dim-label");
      gtk_widget_add_css_class (description, "caption");
      gtk_box_append (GTK_BOX (box), description);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
document_row_new (const QmItemDocument *doc,
                  gboolean              presented)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  GtkWidget *title = gtk_label_new (doc->title);
  int n_pages = (int) CLAMP (doc->pages, 0, G_MAXINT);
  g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page", "%d pages", n_pages),
                                            n_pages);
  GtkWidget *subtitle = gtk_label_new (pages);

  g_object_set_data_full (G_OBJECT (row), "doc", g_strdup (doc->id), g_free);
  gtk_widget_set_margin_start (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  if (presented)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name ("x-office-presentation-symbolic");

      gtk_widget_set_tooltip_text (mark, _("Being presented"));
      gtk_widget_add_css_class (mark, "accent");
      gtk_box_append (GTK_BOX (box), mark);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
select_shown_row (QmMeetingPage *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->agenda_list, i)) != NULL; i++)
    {
      const char *doc = g_object_get_data (G_OBJECT (row), "doc");

      if (doc != NULL && g_strcmp0 (doc, self->shown_doc) == 0)
        {
          gtk_list_box_select_row (self->agenda_list, row);
          return;
        }
    }
  gtk_list_box_unselect_all (self->agenda_list);
}

static void
rebuild_agenda (QmMeetingPage *self)
{
  const QmMeeting *meeting = current_meeting (self);
  const char *presented = self->model != NULL ? qm_meeting_model_get_presenter_doc (self->model) : NULL;
  GtkWidget *child;
  g_autofree char *when = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agenda_list))) != NULL)
    gtk_list_box_remove (self->agenda_list, child);
  if (meeting == NULL)
    return;

  gtk_label_set_label (self->meeting_title, meeting->title);
  when = format_starts_at (meeting->starts_at);
  if (meeting->location != NULL && meeting->location[0] != '\0')
    {
      g_autofree char *line = g_strdup_printf ("%s · %s", when, meeting->location);

      gtk_label_set_label (self->meeting_when, line);
    }
  else
    gtk_label_set_label (self->meeting_when, when);

  for (guint i = 0; i < meeting->agenda->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (meeting->agenda, i);

      gtk_list_box_append (self->agenda_list, item_row_new (item, i + 1));
      for (guint j = 0; j < item->documents->len; j++)
        {
          const QmItemDocument *doc = g_ptr_array_index (item->documents, j);

          gtk_list_box_append (self->agenda_list,
                               document_row_new (doc, g_strcmp0 (doc->id, presented) == 0));
        }
    }
  select_shown_row (self);
}

/* Presenter and following */

static void
update_presenter (QmMeetingPage *self)
{
  gint64 presenter = self->model != NULL ? qm_meeting_model_get_presenter_user (self->model) : 0;
  const char *doc = qm_follow_state_get_presenter_doc (self->follow);
  gint64 page = qm_follow_state_get_presenter_page (self->follow);
  const char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *button = NULL;

  if (presenter != 0)
    name = qm_meeting_model_get_display_name (self->model, presenter);
  if (presenter == 0 || name == NULL)
    text = g_strdup (_("Waiting for the meeting to start"));
  else if (presenter == qm_meeting_model_get_you_user (self->model))
    text = g_strdup (_("You are presenting"));
  else if (doc == NULL)
    text = g_strdup_printf (_("%s presents"), name);
  else
    {
      const QmItemDocument *d = find_document (self, doc);

      /* Translators: "<name> presents page <n> of <document>"; the end
       * may be cut off on a narrow screen, so the page comes first */
      text = g_strdup_printf (_("%s presents page %d — %s"),
                              name, (int) page, d != NULL ? d->title : "");
    }
  gtk_label_set_label (self->presenter_label, text);

  button = g_strdup_printf (_("Return to Presenter — Page %d"), (int) page);
  gtk_button_set_label (self->return_button, button);
  gtk_revealer_set_reveal_child (self->return_revealer,
                                 qm_follow_state_get_can_return (self->follow));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.return-to-presenter",
                                 qm_follow_state_get_can_return (self->follow));
  update_presenting (self);
}

static void
navigate_cb (QmMeetingPage *self,
             const char    *doc,
             gint64         page)
{
  if (presenting_blocks_navigation (self, doc))
    return;
  g_debug ("following the presenter to %.8s page %" G_GINT64_FORMAT, doc, page);
  show_document (self, doc, page);
  /* A follower on a narrow screen sees the page, not the agenda. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
presenter_page_cb (QmMeetingPage *self,
                   const char    *doc,
                   gint64         page,
                   gint64         by)
{
  gboolean doc_changed = g_strcmp0 (doc, qm_follow_state_get_presenter_doc (self->follow)) != 0;

  qm_follow_state_presenter_moved (self->follow, doc, page);
  if (doc_changed)
    rebuild_agenda (self);
  update_presenter (self);
}

static void
follow_changed_cb (QmMeetingPage *self)
{
  update_presenter (self);
}

/* The viewer */

static void
show_content_message (QmMeetingPage *self,
                      const char    *icon,
                      const char    *title,
                      const char    *description)
{
  adw_status_page_set_icon_name (self->empty_status, icon);
  adw_status_page_set_title (self->empty_status, title);
  adw_status_page_set_description (self->empty_status, description);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
load_into_viewer (QmMeetingPage *self,
                  const char    *doc,
                  const char    *path,
                  gint64         page)
{
  self->navigating++;
  if (g_strcmp0 (self->shown_doc, doc) != 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      if (!qm_document_view_load_file (self->document_view, file, &error))
        {
          self->navigating--;
          show_content_message (self, "dialog-error-symbolic",
                                _("The document could not be opened"), error->message);
          return;
        }
      g_free (self->shown_doc);
      self->shown_doc = g_strdup (doc);
      qm_meeting_annotations_set_document (self->annotations, doc);
      select_shown_row (self);
      update_presenting (self);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "document");
  qm_document_view_go_to_page (self->document_view, (guint) MAX (page, 1));
  self->navigating--;
}

typedef struct
{
  QmMeetingPage *self;
  char          *doc;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_object_unref (data->self);
  g_free (data->doc);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchData, fetch_data_free)

static void
fetch_for_viewer_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FetchData) data = user_data;
  QmMeetingPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = qm_document_cache_fetch_finish (QM_DOCUMENT_CACHE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Only the newest wish is shown. */
  if (g_strcmp0 (data->doc, self->wanted_doc) != 0)
    return;
  g_clear_pointer (&self->wanted_doc, g_free);
  if (path == NULL)
    {
      show_content_message (self, "network-offline-symbolic",
                            _("The document is not available offline yet"),
                            error->message);
      return;
    }
  load_into_viewer (self, data->doc, path, self->wanted_page);
}

static void
lookup_for_viewer_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FetchData) data = user_data;
  QmMeetingPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *doc;

  path = qm_document_cache_lookup_finish (QM_DOCUMENT_CACHE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_strcmp0 (data->doc, self->wanted_doc) != 0)
    return;
  if (path != NULL)
    {
      g_clear_pointer (&self->wanted_doc, g_free);
      load_into_viewer (self, data->doc, path, self->wanted_page);
      return;
    }

  /* Not downloaded yet (or damaged, and removed): fetch this one now. */
  show_content_message (self, "folder-download-symbolic", _("Downloading the document…"), NULL);
  doc = data->doc;
  qm_document_cache_fetch_async (self->cache, doc, self->cancellable,
                                 fetch_for_viewer_cb, g_steal_pointer (&data));
}

static void
show_document (QmMeetingPage *self,
               const char    *doc,
               gint64         page)
{
  FetchData *data;

  if (doc == NULL)
    return;
  if (g_strcmp0 (doc, self->shown_doc) == 0)
    {
      g_clear_pointer (&self->wanted_doc, g_free);
      load_into_viewer (self, doc, NULL, page);
      return;
    }

  /* The cache hashes a file it has not checked yet on a worker thread;
   * the newest wish wins. */
  g_free (self->wanted_doc);
  self->wanted_doc = g_strdup (doc);
  self->wanted_page = page;
  data = g_new0 (FetchData, 1);
  data->self = g_object_ref (self);
  data->doc = g_strdup (doc);
  qm_document_cache_lookup_async (self->cache, doc, self->cancellable,
                                  lookup_for_viewer_cb, data);
}

/* A page the user turned (keys, swipe, scroll, thumbnails), not one the
 * page turned for the presenter: following pauses. */
static void
current_page_changed_cb (QmMeetingPage *self)
{
  if (self->navigating > 0 || self->shown_doc == NULL)
    return;
  if (presenting_page_turned (self))
    return;
  g_debug ("the reader turned to page %u", qm_document_view_get_current_page (self->document_view));
  qm_follow_state_user_moved (self->follow, self->shown_doc,
                              qm_document_view_get_current_page (self->document_view));
}

/* Opening a document is browsing on one's own, unless it is the one being
 * presented, which means following again. */
static void
open_document (QmMeetingPage *self,
               const char    *doc,
               gint64         page)
{
  if (self->follow == NULL || find_document (self, doc) == NULL)
    return;
  if (g_strcmp0 (doc, qm_follow_state_get_presenter_doc (self->follow)) == 0 &&
      (page == 1 || page == qm_follow_state_get_presenter_page (self->follow)))
    qm_follow_state_return (self->follow);
  else
    {
      qm_follow_state_user_moved (self->follow, doc, page);
      show_document (self, doc, page);
    }
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
agenda_row_activated_cb (QmMeetingPage *self,
                         GtkListBoxRow *row)
{
  const char *doc = g_object_get_data (G_OBJECT (row), "doc");

  if (doc != NULL)
    open_document (self, doc, 1);
}

/* Offline copies of the documents */

static void
download_progress_cb (guint64  done_bytes,
                      guint64  total_bytes,
                      guint    done_documents,
                      guint    n_documents,
                      gpointer user_data)
{
  QmMeetingPage *self = user_data;
  g_autofree char *done = g_format_size (done_bytes);
  g_autofree char *total = g_format_size (total_bytes);
  g_autofree char *text = NULL;

  /* Translators: "Saving documents for offline use: 3 of 7 (12.1 MB of 40.2 MB)" */
  text = g_strdup_printf (_("Saving documents for offline use: %u of %u (%s of %s)"),
                          done_documents, n_documents, done, total);
  gtk_label_set_label (self->download_label, text);
  gtk_progress_bar_set_fraction (self->download_bar,
                                 total_bytes > 0 ? (double) done_bytes / (double) total_bytes : 1.0);
  gtk_revealer_set_reveal_child (self->download_revealer, done_documents < n_documents);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(QmMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (qm_document_cache_fetch_meeting_finish (QM_DOCUMENT_CACHE (object), result, &error))
    {
      gtk_revealer_set_reveal_child (self->download_revealer, FALSE);
      /* A document the presenter showed meanwhile may be here now. */
      if (self->wanted_doc == NULL && self->shown_doc == NULL &&
          qm_follow_state_get_following (self->follow))
        show_document (self, qm_follow_state_get_presenter_doc (self->follow),
                       qm_follow_state_get_presenter_page (self->follow));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  {
    g_autofree char *text = g_strdup_printf (_("Some documents are not saved for offline use: %s"),
                                             error->message);

    gtk_label_set_label (self->download_label, text);
    gtk_revealer_set_reveal_child (self->download_revealer, TRUE);
  }
}

static void
start_downloads (QmMeetingPage *self)
{
  const QmMeeting *meeting = current_meeting (self);

  if (meeting == NULL)
    return;
  g_cancellable_cancel (self->downloads);
  g_clear_object (&self->downloads);
  self->downloads = g_cancellable_new ();
  qm_document_cache_fetch_meeting_async (self->cache, meeting,
                                         download_progress_cb, g_object_ref (self), g_object_unref,
                                         self->downloads, download_done_cb, g_object_ref (self));
}

/* The meeting itself: over HTTP, or the copy kept from last time */

static char *
copy_name (gint64 meeting_id)
{
  return g_strdup_printf ("meeting-%" G_GINT64_FORMAT, meeting_id);
}

static void
show_ready (QmMeetingPage *self)
{
  rebuild_agenda (self);
  update_presenter (self);
  gtk_stack_set_visible_child_name (self->state_stack, "ready");
}

static void
meeting_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(QmMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmMeeting) meeting = NULL;
  g_autofree char *name = NULL;

  meeting = qm_session_get_meeting_finish (QM_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  name = copy_name (self->meeting_id);

  if (meeting != NULL)
    {
      gsize length = 0;
      g_autofree char *json = qm_meeting_serialize (meeting, &length);
      g_autoptr(GError) save_error = NULL;

      if (!qm_offline_copy_save (qm_session_get_base_url (self->session), name,
                                 json, length, &save_error))
        g_debug ("no offline copy of the meeting: %s", save_error->message);
      g_clear_pointer (&self->fetched, qm_meeting_free);
      self->fetched = g_steal_pointer (&meeting);
      self->from_copy = FALSE;
      start_downloads (self);
      show_ready (self);
      return;
    }

  /* No network: the copy from last time, with the documents in the cache. */
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE) ||
      g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TLS))
    {
      gsize length = 0;
      g_autofree char *json = qm_offline_copy_load (qm_session_get_base_url (self->session),
                                                    name, &length, NULL);

      if (json != NULL)
        meeting = qm_meeting_parse (json, (gssize) length, NULL);
      if (meeting != NULL)
        {
          g_clear_pointer (&self->fetched, qm_meeting_free);
          self->fetched = g_steal_pointer (&meeting);
          self->from_copy = TRUE;
          show_ready (self);
          return;
        }
    }

  if (self->model != NULL && qm_meeting_model_get_loaded (self->model))
    return;
  adw_status_page_set_description (self->error_status, error->message);
  gtk_stack_set_visible_child_name (self->state_stack, "error");
}

static void
model_reset_cb (QmMeetingPage *self)
{
  /* A full welcome: show the meeting, then go where the presenter is (the
   * viewer turns pages best once it is on screen). */
  if (self->fetched == NULL || self->from_copy)
    start_downloads (self);
  show_ready (self);
  qm_follow_state_presenter_moved (self->follow,
                                   qm_meeting_model_get_presenter_doc (self->model),
                                   qm_meeting_model_get_presenter_page (self->model));
  update_presenter (self);
}

static void
agenda_changed_cb (QmMeetingPage *self)
{
  rebuild_agenda (self);
  update_presenter (self);
  start_downloads (self);
}

static void
fetch_meeting (QmMeetingPage *self)
{
  qm_session_get_meeting_async (self->session, self->meeting_id, self->cancellable,
                                meeting_fetched_cb, g_object_ref (self));
}

void
qm_meeting_page_open (QmMeetingPage   *self,
                      QmSession       *session,
                      QmDocumentCache *cache,
                      GSettings       *settings,
                      gint64           meeting_id)
{
  g_return_if_fail (QM_IS_MEETING_PAGE (self));
  g_return_if_fail (QM_IS_SESSION (session));
  g_return_if_fail (QM_IS_DOCUMENT_CACHE (cache));
  g_return_if_fail (meeting_id > 0);

  qm_meeting_page_close (self);

  g_set_object (&self->session, session);
  g_set_object (&self->cache, cache);
  g_set_object (&self->settings, settings);
  self->meeting_id = meeting_id;
  self->cancellable = g_cancellable_new ();

  self->follow = qm_follow_state_new ();
  if (settings != NULL)
    qm_follow_state_set_following (self->follow,
                                   g_settings_get_boolean (settings, "follow-presenter"));
  g_signal_connect_object (self->follow, "navigate", G_CALLBACK (navigate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follow, "notify::can-return", G_CALLBACK (follow_changed_cb), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->follow, "following", self->follow_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  if (settings != NULL)
    g_settings_bind (settings, "dark-pages", self->document_view, "dark", G_SETTINGS_BIND_DEFAULT);

  self->live = qm_live_connection_new (session, meeting_id);
  qm_follow_state_set_live (self->follow, self->live);
  self->model = qm_meeting_model_new ();
  qm_meeting_model_follow (self->model, self->live);
  g_signal_connect_object (self->live, "notify::state", G_CALLBACK (update_connection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "reset", G_CALLBACK (model_reset_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "agenda-changed", G_CALLBACK (agenda_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "participants-changed", G_CALLBACK (update_presenter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "presenter-changed", G_CALLBACK (update_presenter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "presenter-page", G_CALLBACK (presenter_page_cb), self, G_CONNECT_SWAPPED);
  qm_vote_sheet_bind (self->vote_sheet, self->model, self->live);
  qm_speakers_panel_bind (self->speakers_panel, self->model, self->live);

  show_content_message (self, "x-office-presentation-symbolic", _("Nothing Presented Yet"),
                        _("The presenter's page appears here as soon as the presentation starts. "
                          "You can open any document from the agenda meanwhile."));
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  update_connection (self);
  update_presenter (self);
  fetch_meeting (self);
  open_chair_tools (self);
  /* The store follows the connection before it starts (its rule). */
  qm_meeting_annotations_open (self->annotations, NULL, session, self->live, self->model, meeting_id);
  qm_live_connection_start (self->live);
}

void
qm_meeting_page_close (QmMeetingPage *self)
{
  g_return_if_fail (QM_IS_MEETING_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->downloads);
  g_clear_object (&self->downloads);
  g_clear_handle_id (&self->retry_tick, g_source_remove);
  qm_vote_sheet_bind (self->vote_sheet, NULL, NULL);
  qm_speakers_panel_bind (self->speakers_panel, NULL, NULL);
  if (self->live != NULL)
    qm_live_connection_stop (self->live);
  close_chair_tools (self);
  if (self->annotations != NULL)
    qm_meeting_annotations_close (self->annotations);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_clear_object (&self->model);
  g_clear_object (&self->live);
  if (self->follow != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->follow, self);
      g_clear_object (&self->follow);
    }
  g_clear_pointer (&self->fetched, qm_meeting_free);
  g_clear_pointer (&self->shown_doc, g_free);
  g_clear_pointer (&self->wanted_doc, g_free);
  g_settings_unbind (self->document_view, "dark");
  rebuild_agenda (self);
  gtk_label_set_label (self->meeting_title, "");
  gtk_label_set_label (self->meeting_when, "");
  gtk_revealer_set_reveal_child (self->download_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->return_revealer, FALSE);
  self->meeting_id = 0;
}

gint64
qm_meeting_page_get_meeting_id (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), 0);
  return self->meeting_id;
}

QmMeetingModel *
qm_meeting_page_get_model (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->model;
}

QmLiveConnection *
qm_meeting_page_get_live (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->live;
}

QmFollowState *
qm_meeting_page_get_follow_state (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->follow;
}

QmDocumentView *
qm_meeting_page_get_document_view (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->document_view;
}

const char *
qm_meeting_page_get_shown_document (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->shown_doc;
}

/* Actions */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  if (self->session == NULL)
    return;
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  fetch_meeting (self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  if (self->live != NULL)
    qm_live_connection_reconnect_now (self->live);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  if (self->follow != NULL)
    qm_follow_state_return (self->follow);
}

static void
show_agenda_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
open_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *doc;
  gint64 page;

  g_variant_get (parameter, "(&sx)", &doc, &page);
  open_document (QM_MEETING_PAGE (widget), doc, MAX (page, 1));
}

/* The viewer's own header bar gets the way back to the agenda; a bar under
 * the pages says who presents and holds the follow switch. */
static void
build_viewer_chrome (QmMeetingPage *self)
{
  AdwHeaderBar *header = ADW_HEADER_BAR (qm_document_view_get_header_bar (self->document_view));
  GtkWidget *box;
  GtkWidget *icon;
  GtkWidget *label;
  GtkWidget *parent;

  self->agenda_button = gtk_button_new_from_icon_name ("view-list-symbolic");
  gtk_widget_set_tooltip_text (self->agenda_button, _("Agenda"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->agenda_button), "meeting.show-agenda");
  g_object_bind_property (self->leaflet, "folded", self->agenda_button, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (header, self->agenda_button);

  self->presenter_bar = gtk_action_bar_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  icon = gtk_image_new_from_icon_name ("x-office-presentation-symbolic");
  self->presenter_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->presenter_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->presenter_label, 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->presenter_label));
  gtk_action_bar_pack_start (GTK_ACTION_BAR (self->presenter_bar), box);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("_Follow"));
  self->follow_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->follow_switch), GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->follow_switch));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->follow_switch),
                               _("Turn pages with the presenter"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->follow_switch));
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->presenter_bar), box);

  parent = gtk_widget_get_parent (GTK_WIDGET (self->content_stack));
  gtk_box_append (GTK_BOX (parent), self->presenter_bar);
}

/* The ballot sheet lies over the document; asking to speak sits under the
 * agenda. */
static void
build_live_tools (QmMeetingPage *self)
{
  self->vote_sheet = QM_VOTE_SHEET (qm_vote_sheet_new ());
  gtk_overlay_add_overlay (GTK_OVERLAY (self->content), GTK_WIDGET (self->vote_sheet));

  self->speakers_panel = QM_SPEAKERS_PANEL (qm_speakers_panel_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->speakers_panel), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->speakers_panel), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->speakers_panel), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->speakers_panel), 12);
  gtk_box_append (self->speakers_slot, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (self->speakers_slot, GTK_WIDGET (self->speakers_panel));
}

QmVoteSheet *
qm_meeting_page_get_vote_sheet (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->vote_sheet;
}

QmSpeakersPanel *
qm_meeting_page_get_speakers_panel (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->speakers_panel;
}

/* The chair's tools: presenting from this reader, and the console */

static gboolean
is_presenter (QmMeetingPage *self)
{
  return self->model != NULL && qm_meeting_model_get_loaded (self->model) &&
         qm_meeting_model_get_presenter_user (self->model) == qm_meeting_model_get_you_user (self->model);
}

/* The presenter leads: their own follow switch and way back make no sense,
 * and a document not presented yet can be put on everyone's screen. */
static void
update_presenting (QmMeetingPage *self)
{
  gboolean presenter = is_presenter (self);
  gboolean chair = self->model != NULL &&
                   qm_meeting_model_get_you_role (self->model) == QM_MEETING_ROLE_CHAIR;
  const char *presented = self->model != NULL ? qm_meeting_model_get_presenter_doc (self->model) : NULL;
  gboolean can_present;

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->follow_switch)), !presenter);
  if (presenter)
    gtk_revealer_set_reveal_child (self->return_revealer, FALSE);
  can_present = self->shown_doc != NULL && (presenter || chair) &&
                !(presenter && g_strcmp0 (self->shown_doc, presented) == 0);
  gtk_widget_set_visible (self->present_button, can_present);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.present-document", can_present);
}

static gboolean
presenting_blocks_navigation (QmMeetingPage *self,
                              const char    *doc)
{
  /* The presenter's own page events come back after their viewer moved on:
   * their viewer is where the room goes, not the other way round. */
  return is_presenter (self) && g_strcmp0 (doc, self->shown_doc) == 0;
}

static gboolean
presenting_page_turned (QmMeetingPage *self)
{
  guint page = qm_document_view_get_current_page (self->document_view);

  if (!is_presenter (self))
    return FALSE;
  if (self->presenting != NULL && page >= 1 &&
      g_strcmp0 (self->shown_doc, qm_meeting_model_get_presenter_doc (self->model)) == 0)
    qm_presenting_show (self->presenting, self->shown_doc, page);
  return TRUE;
}

static void
presenter_changed_for_presenting (QmMeetingPage *self)
{
  /* Whatever was not sent is not ours to send any more (and when the role
   * comes back, the first turn is sent whatever was sent before). */
  if (self->presenting != NULL)
    qm_presenting_cancel (self->presenting);
  update_presenting (self);
}

/* Back online as the presenter, with the viewer moved on while the turns
 * could not go out: the room catches up. (A resumed welcome replays events
 * after this; a page event of ours among them does not move our viewer, and
 * the present sent now comes after them all.) */
static void
resync_presenting (QmMeetingPage *self)
{
  guint page = qm_document_view_get_current_page (self->document_view);

  if (self->live == NULL || qm_live_connection_get_state (self->live) != QM_LIVE_STATE_ONLINE)
    return;
  if (self->presenting == NULL || !is_presenter (self) || page < 1 ||
      g_strcmp0 (self->shown_doc, qm_meeting_model_get_presenter_doc (self->model)) != 0 ||
      (gint64) page == qm_meeting_model_get_presenter_page (self->model))
    return;
  qm_presenting_cancel (self->presenting);
  qm_presenting_show (self->presenting, self->shown_doc, page);
}

static void
take_presenter_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(QmMeetingPage) self = user_data;
  g_autoptr(QmMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = qm_live_connection_send_finish (QM_LIVE_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("could not take the presenter role: %s", error->message);
      return;
    }
  /* The presenter event came before the reply. */
  if (self->presenting != NULL && self->shown_doc != NULL && is_presenter (self))
    qm_presenting_show (self->presenting, self->shown_doc,
                        MAX (qm_document_view_get_current_page (self->document_view), 1));
}

static void
present_document_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);
  g_autoptr(QmMessage) command = NULL;

  if (self->shown_doc == NULL || self->presenting == NULL)
    return;
  if (is_presenter (self))
    {
      qm_presenting_show (self->presenting, self->shown_doc,
                          MAX (qm_document_view_get_current_page (self->document_view), 1));
      return;
    }
  if (qm_meeting_model_get_you_role (self->model) != QM_MEETING_ROLE_CHAIR)
    return;
  /* The chair takes the role back, then shows this page. */
  command = qm_message_new (QM_MESSAGE_PRESENTER_SET);
  command->presenter.user = qm_meeting_model_get_you_user (self->model);
  qm_live_connection_send_async (self->live, command, self->cancellable,
                                 take_presenter_cb, g_object_ref (self));
}

static void
hide_chair_console_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  adw_flap_set_reveal_flap (self->chair_flap, FALSE);
}

/* The console's header ends the window and has the window's buttons: the
 * viewer's header gives them up while the console shows beside it (laid
 * over it, the console covers them anyway). */
static void
update_chair_docking (QmMeetingPage *self)
{
  gboolean beside = self->chair_console != NULL && !adw_flap_get_folded (self->chair_flap) &&
                    adw_flap_get_reveal_flap (self->chair_flap);
  AdwHeaderBar *header = ADW_HEADER_BAR (qm_document_view_get_header_bar (self->document_view));

  adw_header_bar_set_show_end_title_buttons (header, !beside);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (self->empty_header), !beside);
}

/* libadwaita 1.2's AdwFlap starts the reveal's spring at velocity 0 divided
 * by the flap's width, which is 0 until the flap has been laid out with its
 * child: a NaN that, when a frame comes within the spring's first
 * millisecond, lays the console out at x = -2147483648 ("GtkOverlay … width
 * -2147483648" warnings). A flap just given its child is revealed while
 * unmapped for that moment, where AdwFlap skips the animation. (Waiting for
 * the first layout instead changes what is shown: by then the window may
 * not have its size yet, and the flap may fold.) */
static void
reveal_chair_console (QmMeetingPage *self)
{
  GtkWidget *flap = GTK_WIDGET (self->chair_flap);

  if (!gtk_widget_get_mapped (flap) || adw_swipeable_get_distance (ADW_SWIPEABLE (flap)) > 0)
    {
      adw_flap_set_reveal_flap (self->chair_flap, TRUE);
      return;
    }
  /* (Unlike hiding, this keeps the keyboard focus where it is.) */
  gtk_widget_set_child_visible (flap, FALSE);
  adw_flap_set_reveal_flap (self->chair_flap, TRUE);
  gtk_widget_set_child_visible (flap, TRUE);
}

/* The console exists only for the roles it is for (a delegate's page never
 * builds one), and goes when the role does. */
static void
update_chair_console (QmMeetingPage *self)
{
  gboolean allowed = self->model != NULL && qm_meeting_model_get_loaded (self->model) &&
                     qm_chair_console_role_allowed (qm_meeting_model_get_you_role (self->model));
  GtkWidget *body = adw_flap_get_content (self->chair_flap);

  if (allowed && self->chair_console == NULL)
    {
      self->chair_console = qm_chair_console_new (self->session, self->live, self->model,
                                                  self->settings);
      adw_flap_set_flap (self->chair_flap, self->chair_console);
      /* Room for the pages beside it, or it folds over them. */
      gtk_widget_set_size_request (body, 460, -1);
      if (!self->chair_shown &&
          qm_meeting_model_get_you_role (self->model) == QM_MEETING_ROLE_CHAIR &&
          !adw_flap_get_folded (self->chair_flap))
        reveal_chair_console (self);
      self->chair_shown = TRUE;
    }
  else if (!allowed && self->chair_console != NULL)
    {
      adw_flap_set_reveal_flap (self->chair_flap, FALSE);
      adw_flap_set_flap (self->chair_flap, NULL);
      self->chair_console = NULL;
      gtk_widget_set_size_request (body, -1, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->chair_toggles); i++)
    gtk_widget_set_visible (self->chair_toggles[i], self->chair_console != NULL);
  update_chair_docking (self);
  update_presenting (self);
}

static void
open_chair_tools (QmMeetingPage *self)
{
  self->presenting = qm_presenting_new (self->live);
  self->chair_shown = FALSE;
  g_signal_connect_object (self->model, "reset", G_CALLBACK (update_chair_console), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "participants-changed", G_CALLBACK (update_chair_console), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "presenter-changed", G_CALLBACK (presenter_changed_for_presenting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "reset", G_CALLBACK (resync_presenting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live, "notify::state", G_CALLBACK (resync_presenting), self, G_CONNECT_SWAPPED);
}

static void
close_chair_tools (QmMeetingPage *self)
{
  if (self->presenting != NULL)
    qm_presenting_cancel (self->presenting);
  g_clear_object (&self->presenting);
  if (self->chair_console != NULL)
    {
      adw_flap_set_reveal_flap (self->chair_flap, FALSE);
      adw_flap_set_flap (self->chair_flap, NULL);
      self->chair_console = NULL;
      gtk_widget_set_size_request (adw_flap_get_content (self->chair_flap), -1, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->chair_toggles); i++)
    gtk_widget_set_visible (self->chair_toggles[i], FALSE);
  if (self->present_button != NULL)
    gtk_widget_set_visible (self->present_button, FALSE);
}

static GtkWidget *
chair_toggle_new (QmMeetingPage *self)
{
  GtkWidget *toggle = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (toggle), "sidebar-show-right-symbolic");
  gtk_widget_set_tooltip_text (toggle, _("Chair’s Console (F9)"));
  gtk_widget_set_visible (toggle, FALSE);
  g_object_bind_property (self->chair_flap, "reveal-flap", toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return toggle;
}

/* The console goes in a flap at the end of the content (over it when there
 * is no room, as on a portrait tablet); a toggle in both header bars shows
 * it. "Present" goes in the bar that says who presents: the viewer's header
 * is full already, and its minimum width decides when the console fits. */
static void
build_chair_chrome (QmMeetingPage *self)
{
  AdwHeaderBar *header = ADW_HEADER_BAR (qm_document_view_get_header_bar (self->document_view));
  GtkWidget *body = gtk_overlay_get_child (GTK_OVERLAY (self->content));
  GtkWidget *returning = GTK_WIDGET (self->return_revealer);
  GtkWidget *pages = gtk_overlay_new ();
  GtkWidget *content;

  self->chair_flap = ADW_FLAP (adw_flap_new ());
  adw_flap_set_flap_position (self->chair_flap, GTK_PACK_END);
  adw_flap_set_reveal_flap (self->chair_flap, FALSE);
  /* A swipe turns pages in the viewer; the toggle opens the console. */
  adw_flap_set_swipe_to_open (self->chair_flap, FALSE);
  adw_flap_set_separator (self->chair_flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  /* The pages and "Return to presenter" (centred over the pages, not over
   * pages and console) become the flap's content. */
  g_object_ref (body);
  g_object_ref (returning);
  gtk_overlay_remove_overlay (GTK_OVERLAY (self->content), returning);
  gtk_overlay_set_child (GTK_OVERLAY (self->content), GTK_WIDGET (self->chair_flap));
  gtk_overlay_set_child (GTK_OVERLAY (pages), body);
  gtk_overlay_add_overlay (GTK_OVERLAY (pages), returning);
  adw_flap_set_content (self->chair_flap, pages);
  g_object_unref (returning);
  g_object_unref (body);
  g_signal_connect_object (self->chair_flap, "notify::folded",
                           G_CALLBACK (update_chair_docking), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chair_flap, "notify::reveal-flap",
                           G_CALLBACK (update_chair_docking), self, G_CONNECT_SWAPPED);

  self->chair_toggles[0] = chair_toggle_new (self);
  adw_header_bar_pack_end (header, self->chair_toggles[0]);
  self->chair_toggles[1] = chair_toggle_new (self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (self->empty_header), self->chair_toggles[1]);

  self->present_button = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "x-office-presentation-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Present"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (self->present_button), content);
  gtk_widget_set_tooltip_text (self->present_button, _("Show this page to everyone"));
  gtk_widget_add_css_class (self->present_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->present_button), "meeting.present-document");
  gtk_widget_set_visible (self->present_button, FALSE);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->presenter_bar), self->present_button);
}

static void
toggle_chair_console_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  QmMeetingPage *self = QM_MEETING_PAGE (widget);

  if (self->chair_console != NULL)
    qm_meeting_page_set_chair_console_revealed (self, !adw_flap_get_reveal_flap (self->chair_flap));
}

QmChairConsole *
qm_meeting_page_get_chair_console (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->chair_console != NULL ? QM_CHAIR_CONSOLE (self->chair_console) : NULL;
}

QmPresenting *
qm_meeting_page_get_presenting (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->presenting;
}

gboolean
qm_meeting_page_get_chair_console_revealed (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), FALSE);
  return self->chair_console != NULL && adw_flap_get_reveal_flap (self->chair_flap);
}

void
qm_meeting_page_set_chair_console_revealed (QmMeetingPage *self,
                                            gboolean       revealed)
{
  g_return_if_fail (QM_IS_MEETING_PAGE (self));
  if (revealed && self->chair_console != NULL)
    reveal_chair_console (self);
  else
    adw_flap_set_reveal_flap (self->chair_flap, FALSE);
}

/* Annotating: the Annotate button in the viewer's header bar, the tool bar
 * under the pages, the layers over them (qm-meeting-annotations.c). */
static void
tool_bar_revealed_cb (QmMeetingPage *self)
{
  GtkRevealer *bar = GTK_REVEALER (qm_meeting_annotations_get_tool_bar (self->annotations));
  int height = 0;

  /* The Return button floats above the tool bar, not over it. */
  if (gtk_revealer_get_reveal_child (bar))
    gtk_widget_measure (gtk_revealer_get_child (bar), GTK_ORIENTATION_VERTICAL, -1,
                        NULL, &height, NULL, NULL);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->return_revealer), self->return_margin + height);
}

static void
build_annotations (QmMeetingPage *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->content_stack));

  self->annotations = qm_meeting_annotations_new (GTK_WIDGET (self), self->document_view,
                                                  GTK_BOX (box), GTK_WIDGET (self->content_stack));
  self->return_margin = gtk_widget_get_margin_bottom (GTK_WIDGET (self->return_revealer));
  g_signal_connect_object (qm_meeting_annotations_get_tool_bar (self->annotations), "notify::reveal-child",
                           G_CALLBACK (tool_bar_revealed_cb), self, G_CONNECT_SWAPPED);
}

QmMeetingAnnotations *
qm_meeting_page_get_annotations (QmMeetingPage *self)
{
  g_return_val_if_fail (QM_IS_MEETING_PAGE (self), NULL);
  return self->annotations;
}

static void
qm_meeting_page_dispose (GObject *object)
{
  QmMeetingPage *self = QM_MEETING_PAGE (object);

  qm_meeting_page_close (self);
  g_clear_object (&self->annotations);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  /* No gtk_widget_dispose_template: the template's root is AdwBin's child,
   * which AdwBin's own dispose unparents (doing both unparents it twice). */

  G_OBJECT_CLASS (qm_meeting_page_parent_class)->dispose (object);
}

static void
qm_meeting_page_class_init (QmMeetingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_meeting_page_dispose;

  g_type_ensure (QM_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-meeting-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, meeting_title);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, meeting_when);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, connection_label);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, download_revealer);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, download_label);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, download_bar);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, agenda_list);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, speakers_slot);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, content);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, document_view);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, return_revealer);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingPage, empty_header);
  gtk_widget_class_bind_template_callback (widget_class, agenda_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, current_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "meeting.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "meeting.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "meeting.return-to-presenter", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "meeting.show-agenda", NULL, show_agenda_action);
  gtk_widget_class_install_action (widget_class, "meeting.open-document", "(sx)", open_document_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "meeting.return-to-presenter", NULL);
  gtk_widget_class_install_action (widget_class, "meeting.present-document", NULL, present_document_action);
  gtk_widget_class_install_action (widget_class, "meeting.hide-chair-console", NULL, hide_chair_console_action);
  gtk_widget_class_install_action (widget_class, "meeting.toggle-chair-console", NULL, toggle_chair_console_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "meeting.toggle-chair-console", NULL);
}

static void
qm_meeting_page_init (QmMeetingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_viewer_chrome (self);
  build_live_tools (self);
  build_chair_chrome (self);
  build_annotations (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meeting.return-to-presenter", FALSE);
}
