/* qm-meetings-page.c: the signed-in user's meetings, today's and the coming
 * ones first (soonest first), then the past ones (latest first).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meetings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-client-error.h"
#include "qm-meetings-page.h"

struct _QmMeetingsPage
{
  AdwBin          parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *new_button;
  GtkWidget      *refresh_spinner;
  GtkStack       *stack;
  GtkSpinner     *loading_spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *upcoming_list;
  GtkWidget      *past_label;
  GtkListBox     *past_list;

  QmSession      *session;
  GCancellable   *cancellable;   /* the list request on its way */
  gint64          user_id;       /* whose meetings the list shows; 0: none */
};

enum { MEETING_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (QmMeetingsPage, qm_meetings_page, ADW_TYPE_BIN)

typedef enum
{
  WHEN_PAST,
  WHEN_TODAY,
  WHEN_LATER,
} When;

/* A meeting with its start parsed, for sorting and showing. */
typedef struct
{
  const QmMeetingSummary *summary;
  GDateTime              *start;   /* local time; NULL when unreadable */
} Entry;

static void
entry_clear (Entry *entry)
{
  g_clear_pointer (&entry->start, g_date_time_unref);
}

#define ROW_ID_KEY "qm-meeting-id"

static gint64
row_meeting_id (GtkWidget *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), ROW_ID_KEY);

  return id != NULL ? *id : 0;
}

static void
set_row_meeting_id (GtkWidget *widget,
                    gint64     id)
{
  g_object_set_data_full (G_OBJECT (widget), ROW_ID_KEY, g_memdup2 (&id, sizeof id), g_free);
}

static gboolean
user_prepares_meetings (const QmUser *user)
{
  return user != NULL
         && (user->roles & (QM_ACCOUNT_ROLE_SECRETARY | QM_ACCOUNT_ROLE_ADMIN)) != 0;
}

/* Day names come from our translations, not from the C library's locale
 * data: a tablet may show Vietnamese without vi_VN being installed. */
static const char *
weekday_name (GDateTime *time)
{
  static const char * const names[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
  };

  return _(names[g_date_time_get_day_of_week (time) - 1]);
}

static char *
format_start (GDateTime *start)
{
  g_autofree char *date = NULL;

  /* Translators: a meeting's date and time, after its weekday, in
   * g_date_time_format() notation: "30 November 2026, 08:00". Vietnamese:
   * "%d/%m/%Y %H:%M". */
  date = g_date_time_format (start, _("%-d %B %Y, %H:%M"));
  /* Translators: a weekday, then the date and time above: "Monday, 30
   * November 2026, 08:00". */
  return g_strdup_printf (C_("meeting start", "%s, %s"), weekday_name (start), date);
}

static const char *
role_name (QmMeetingRole role)
{
  switch (role)
    {
    case QM_MEETING_ROLE_CHAIR:
      return _("Chair");
    case QM_MEETING_ROLE_SECRETARY:
      return _("Secretary");
    case QM_MEETING_ROLE_DELEGATE:
      return _("Delegate");
    case QM_MEETING_ROLE_OBSERVER:
      return _("Observer");
    case QM_MEETING_ROLE_NONE:
    default:
      return NULL;
    }
}

static When
when_of (GDateTime *start,
         GDateTime *today,
         GDateTime *tomorrow)
{
  /* A start the server wrote badly still shows, among the coming ones. */
  if (start == NULL)
    return WHEN_LATER;
  if (g_date_time_compare (start, today) < 0)
    return WHEN_PAST;
  if (g_date_time_compare (start, tomorrow) < 0)
    return WHEN_TODAY;
  return WHEN_LATER;
}

/* Today, Tomorrow, In 3 days…, Ended. */
static char *
state_of (GDateTime *start,
          When       when,
          GDateTime *today)
{
  g_autoptr(GDateTime) day = NULL;
  GTimeSpan days;

  if (when == WHEN_PAST)
    return g_strdup (_("Ended"));
  if (when == WHEN_TODAY)
    return g_strdup (_("Today"));
  if (start == NULL)
    return g_strdup (_("Upcoming"));

  day = g_date_time_new_local (g_date_time_get_year (start), g_date_time_get_month (start),
                               g_date_time_get_day_of_month (start), 0, 0, 0);
  /* Rounded: a day with a daylight saving change is not 24 hours long. */
  days = (g_date_time_difference (day, today) + G_TIME_SPAN_HOUR * 12) / G_TIME_SPAN_DAY;
  if (days <= 1)
    return g_strdup (_("Tomorrow"));
  if (days <= 30)
    return g_strdup_printf (ngettext ("In %d day", "In %d days", days), (int) days);
  return g_strdup (_("Upcoming"));
}

static void
edit_clicked_cb (GtkButton      *button,
                 QmMeetingsPage *self)
{
  /* win.edit-meeting belongs to the window; until it has one this does
   * nothing (and says nothing). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-meeting", "x",
                              row_meeting_id (GTK_WIDGET (button)));
}

static GtkWidget *
create_row (QmMeetingsPage *self,
            const Entry    *entry,
            When            when,
            GDateTime      *today,
            gboolean        can_edit)
{
  const QmMeetingSummary *summary = entry->summary;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *state;
  g_autofree char *start = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state_text = NULL;
  const char *role = role_name (summary->role);

  set_row_meeting_id (row, summary->id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), summary->title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  start = entry->start != NULL ? format_start (entry->start) : g_strdup (summary->starts_at);
  if (summary->location != NULL && summary->location[0] != '\0')
    subtitle = g_strdup_printf ("%s\n%s", start, summary->location);
  else
    subtitle = g_steal_pointer (&start);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  state_text = state_of (entry->start, when, today);
  state = gtk_label_new (state_text);
  gtk_widget_set_halign (state, GTK_ALIGN_END);
  gtk_widget_add_css_class (state, "qm-meeting-state");
  gtk_widget_add_css_class (state, when == WHEN_TODAY ? "today"
                            : when == WHEN_LATER ? "upcoming" : "past");
  gtk_box_append (GTK_BOX (box), state);
  if (role != NULL)
    {
      GtkWidget *label = gtk_label_new (role);

      gtk_widget_set_halign (label, GTK_ALIGN_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  if (can_edit)
    {
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

      set_row_meeting_id (edit, summary->id);
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (edit, 44, 44);
      gtk_widget_set_tooltip_text (edit, _("Edit Meeting"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (edit),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Meeting"), -1);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_add_css_class (edit, "circular");
      g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static int
compare_soonest_first (gconstpointer a,
                       gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->start == NULL || y->start == NULL)
    return (x->start == NULL) - (y->start == NULL);
  return g_date_time_compare (x->start, y->start);
}

static int
compare_latest_first (gconstpointer a,
                      gconstpointer b)
{
  return compare_soonest_first (b, a);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  /* The placeholder is a child too, but not a row: it stays. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

static void
show_meetings (QmMeetingsPage *self,
               GPtrArray      *meetings)
{
  const QmUser *user = qm_session_get_user (self->session);
  gboolean prepares = user_prepares_meetings (user);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GArray) upcoming = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(GArray) past = g_array_new (FALSE, TRUE, sizeof (Entry));

  g_array_set_clear_func (upcoming, (GDestroyNotify) entry_clear);
  g_array_set_clear_func (past, (GDestroyNotify) entry_clear);

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  tomorrow = g_date_time_add_days (today, 1);

  for (guint i = 0; i < meetings->len; i++)
    {
      const QmMeetingSummary *summary = g_ptr_array_index (meetings, i);
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (summary->starts_at, NULL);
      Entry entry = { summary, parsed != NULL ? g_date_time_to_local (parsed) : NULL };

      if (when_of (entry.start, today, tomorrow) == WHEN_PAST)
        g_array_append_val (past, entry);
      else
        g_array_append_val (upcoming, entry);
    }
  g_array_sort (upcoming, compare_soonest_first);
  g_array_sort (past, compare_latest_first);

  clear_list (self->upcoming_list);
  clear_list (self->past_list);
  for (guint i = 0; i < upcoming->len; i++)
    {
      const Entry *entry = &g_array_index (upcoming, Entry, i);

      gtk_list_box_append (self->upcoming_list,
                           create_row (self, entry, when_of (entry->start, today, tomorrow), today,
                                       prepares && entry->summary->role == QM_MEETING_ROLE_SECRETARY));
    }
  for (guint i = 0; i < past->len; i++)
    {
      const Entry *entry = &g_array_index (past, Entry, i);

      gtk_list_box_append (self->past_list,
                           create_row (self, entry, WHEN_PAST, today,
                                       prepares && entry->summary->role == QM_MEETING_ROLE_SECRETARY));
    }
  gtk_widget_set_visible (self->past_label, past->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->past_list), past->len > 0);

  gtk_stack_set_visible_child_name (self->stack, meetings->len > 0 ? "list" : "empty");
}

static char *
describe_error (const GError *error)
{
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE))
    return g_strdup (_("The server cannot be reached. Check the network connection."));
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TLS))
    return g_strdup (_("The secure connection to the server failed."));
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_RATE_LIMITED))
    return g_strdup (_("Too many requests, try again in a minute."));
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_SERVER))
    return g_strdup (_("The server has a problem. Try again later."));
  return g_strdup_printf (_("Something went wrong: %s"), error->message);
}

static void
set_loading (QmMeetingsPage *self,
             gboolean        loading)
{
  /* A list already there stays while it refreshes, with a small spinner;
   * otherwise the whole page waits. */
  gboolean refreshing = loading
                        && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0;

  gtk_widget_set_visible (self->refresh_spinner, refreshing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->refresh_spinner), refreshing);
  gtk_spinner_set_spinning (self->loading_spinner, loading && !refreshing);
  if (loading && !refreshing)
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

static void
on_meetings_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  QmMeetingsPage *self = user_data;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  meetings = qm_session_list_meetings_finish (QM_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  g_clear_object (&self->cancellable);

  if (meetings != NULL)
    {
      show_meetings (self, meetings);
      return;
    }
  /* A dead token signs the session out: the window shows the sign-in page
   * and this list is cleared with the user. */
  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID)
      || g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_NOT_LOGGED_IN))
    return;
  message = describe_error (error);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
update_user (QmMeetingsPage *self)
{
  const QmUser *user = self->session != NULL ? qm_session_get_user (self->session) : NULL;
  gint64 user_id = user != NULL ? user->id : 0;

  adw_window_title_set_subtitle (self->window_title, user != NULL ? user->display_name : NULL);
  gtk_widget_set_visible (self->new_button, user_prepares_meetings (user));

  /* Someone else's list never shows, not even while the new one loads. */
  if (user_id != self->user_id)
    {
      self->user_id = user_id;
      clear_list (self->upcoming_list);
      clear_list (self->past_list);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
}

static void
logged_in_changed_cb (QmMeetingsPage *self)
{
  if (qm_session_get_logged_in (self->session))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  update_user (self);
}

void
qm_meetings_page_set_session (QmMeetingsPage *self,
                              QmSession      *session)
{
  g_return_if_fail (QM_IS_MEETINGS_PAGE (self));
  g_return_if_fail (session == NULL || QM_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::logged-in",
                              G_CALLBACK (logged_in_changed_cb), self);
  update_user (self);
}

void
qm_meetings_page_reload (QmMeetingsPage *self)
{
  g_return_if_fail (QM_IS_MEETINGS_PAGE (self));
  g_return_if_fail (self->session != NULL);

  update_user (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  qm_session_list_meetings_async (self->session, self->cancellable, on_meetings_listed, self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  QmMeetingsPage *self = QM_MEETINGS_PAGE (widget);

  if (self->session != NULL && qm_session_get_logged_in (self->session))
    qm_meetings_page_reload (self);
}

static void
new_clicked_cb (QmMeetingsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.new-meeting", NULL);
}

static void
row_activated_cb (QmMeetingsPage *self,
                  GtkListBoxRow  *row)
{
  gint64 id = row_meeting_id (GTK_WIDGET (row));

  if (id > 0)
    g_signal_emit (self, signals[MEETING_ACTIVATED], 0, id);
}

static void
qm_meetings_page_dispose (GObject *object)
{
  QmMeetingsPage *self = QM_MEETINGS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_MEETINGS_PAGE);

  G_OBJECT_CLASS (qm_meetings_page_parent_class)->dispose (object);
}

static void
qm_meetings_page_class_init (QmMeetingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_meetings_page_dispose;

  signals[MEETING_ACTIVATED] =
    g_signal_new ("meeting-activated", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-meetings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, past_label);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingsPage, past_list);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "meetings.refresh", NULL, refresh_action);
}

static void
qm_meetings_page_init (QmMeetingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
