/* qm-meeting-editor-util.c: toasts, error texts and labels shared by the
 * meeting editor's pages.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-client-error.h"
#include "qm-meeting-editor-private.h"

gboolean
_qm_meeting_editor_toast (GtkWidget *widget,
                          AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_debug ("toast outside an overlay: %s", adw_toast_get_title (toast));
      g_object_unref (toast);
      return FALSE;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

void
_qm_meeting_editor_toast_error (GtkWidget    *widget,
                                const char   *what,
                                const GError *error)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("%s: %s", what, error->message);
  /* TRANSLATORS: a failed change: "Could not rename the item: Cannot reach the server…" */
  text = g_strdup_printf (_("%s: %s"), what, _qm_meeting_editor_error_text (error));
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  _qm_meeting_editor_toast (widget, toast);
}

const char *
_qm_meeting_editor_error_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == QM_CLIENT_ERROR)
    {
      switch ((QmClientError) error->code)
        {
        case QM_CLIENT_ERROR_UNREACHABLE:
        case QM_CLIENT_ERROR_TIMED_OUT:
        case QM_CLIENT_ERROR_DISCONNECTED:
          return _("Cannot reach the server. Check the network connection and try again.");
        case QM_CLIENT_ERROR_TLS:
          return _("The server’s security certificate is not trusted.");
        case QM_CLIENT_ERROR_TOKEN_INVALID:
        case QM_CLIENT_ERROR_NOT_LOGGED_IN:
        case QM_CLIENT_ERROR_WRONG_CREDENTIALS:
          return _("Your session has ended. Please sign in again.");
        case QM_CLIENT_ERROR_RATE_LIMITED:
          return _("Too many requests. Wait a moment and try again.");
        case QM_CLIENT_ERROR_SERVER:
          return _("The server had a problem. Try again later.");
        case QM_CLIENT_ERROR_PROTOCOL:
        case QM_CLIENT_ERROR_VERIFICATION:
        case QM_CLIENT_ERROR_FORBIDDEN:
        default:
          return _("The server gave an answer this application does not understand.");
        }
    }
  if (error->domain == QM_PROTOCOL_ERROR)
    {
      switch ((QmProtocolError) error->code)
        {
        case QM_PROTOCOL_ERROR_FORBIDDEN:
          return _("Only the meeting’s secretary may change it.");
        case QM_PROTOCOL_ERROR_NOT_FOUND:
          return _("It no longer exists on the server.");
        case QM_PROTOCOL_ERROR_CONFLICT:
          return _("It clashes with the meeting as it is now.");
        case QM_PROTOCOL_ERROR_TOO_LARGE:
          return _("It is too large for the server.");
        case QM_PROTOCOL_ERROR_RATE_LIMITED:
          return _("Too many requests. Wait a moment and try again.");
        case QM_PROTOCOL_ERROR_INTERNAL:
        case QM_PROTOCOL_ERROR_UNAVAILABLE:
          return _("The server had a problem. Try again later.");
        default:
          return _("The server refused the change.");
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return _("The file no longer exists.");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return _("The file cannot be read.");
  return _("Something went wrong.");
}

const char *
_qm_meeting_role_label (QmMeetingRole role)
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
      return "";
    }
}

char *
_qm_format_day (GDateTime *time)
{
  static const char *weekdays[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
  };
  /* TRANSLATORS: a date for g_date_time_format, without the weekday:
   * "1 December 2026". Month names come from the system's locale, which a
   * tablet may not have in your language: in Vietnamese write numbers,
   * e.g. "ngày %d/%m/%Y". */
  g_autofree char *date = g_date_time_format (time, _("%-d %B %Y"));

  /* TRANSLATORS: a weekday and a date: "Tuesday, 1 December 2026" */
  return g_strdup_printf (_("%s, %s"), _(weekdays[g_date_time_get_day_of_week (time) - 1]), date);
}

char *
_qm_format_pages (gint64 pages)
{
  /* Pages are at most 100 000 (contract). */
  int n = (int) CLAMP (pages, 0, G_MAXINT);

  return g_strdup_printf (ngettext ("%d page", "%d pages", (gulong) n), n);
}

char *
_qm_format_document_details (gint64 pages,
                             gint64 bytes)
{
  g_autofree char *page_text = _qm_format_pages (pages);
  g_autofree char *size = g_format_size ((guint64) bytes);

  /* TRANSLATORS: a document's page count and size: "22 pages · 734.1 kB" */
  return g_strdup_printf (_("%s · %s"), page_text, size);
}

gpointer
_qm_meeting_editor_parse (GBytes   *body,
                          gpointer (*parse) (const char *, gssize, GError **),
                          GError  **error)
{
  g_autoptr(GError) parse_error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (body, &length);
  gpointer parsed = parse (text, (gssize) length, &parse_error);

  if (parsed == NULL)
    g_set_error (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL,
                 "The server's answer does not follow the protocol: %s", parse_error->message);
  return parsed;
}
