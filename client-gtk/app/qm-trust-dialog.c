/* qm-trust-dialog.c: the questions about a server's certificate: trust on
 * first contact, and the warning when it changed, where replacing the pin
 * takes a second, deliberate answer.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-trust-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-trust-dialog.h"

#define SHOWN_KEY "qm-trust-dialog-shown"

typedef struct
{
  GtkWidget        *parent;
  QmSession        *session;
  GError           *problem;
  GTask            *task;          /* not a reference: the dialog holds one */
  AdwMessageDialog *dialog;        /* on screen now, or NULL */
  guint             step;          /* 1 in the second step of a replacement */
  char             *response;
  guint             idle_id;
  gulong            cancelled_id;
} Ask;

static void
ask_free (Ask *ask)
{
  g_assert (ask->dialog == NULL);
  g_clear_object (&ask->parent);
  g_clear_object (&ask->session);
  g_clear_error (&ask->problem);
  g_free (ask->response);
  g_free (ask);
}

static void
on_dialog_destroyed (GtkWidget *dialog,
                     Ask       *ask);

static void
set_shown (Ask              *ask,
           AdwMessageDialog *dialog)
{
  if (ask->dialog != NULL)
    g_signal_handlers_disconnect_by_func (ask->dialog, on_dialog_destroyed, ask);
  ask->dialog = dialog;
  g_object_set_data (G_OBJECT (ask->parent), SHOWN_KEY, dialog);
  if (dialog != NULL)
    g_signal_connect (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), ask);
}

static gboolean on_response_idle (gpointer user_data);

/* Closed by a button, Escape, or along with the window: the response, if
 * any, follows at once and is what the idle sees; otherwise it is "no". */
static void
on_dialog_destroyed (GtkWidget *dialog,
                     Ask       *ask)
{
  set_shown (ask, NULL);
  if (ask->idle_id == 0)
    ask->idle_id = g_idle_add (on_response_idle, ask->task);
}

/* Takes the dialog off the screen without it answering again. Never called
 * inside one of the dialog's own emissions (a close in progress would
 * destroy it a second time). */
static void
take_down (Ask  *ask,
           GTask *task)
{
  AdwMessageDialog *dialog = ask->dialog;

  if (dialog == NULL)
    return;   /* a button or Escape closed it already */
  g_signal_handlers_disconnect_by_data (dialog, task);
  set_shown (ask, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_handle_id (&ask->idle_id, g_source_remove);
}

/* Ends the question; drops the reference the dialog held on task. */
static void
finish (GTask    *task,
        gboolean  trusted,
        GError   *error)
{
  Ask *ask = g_task_get_task_data (task);

  if (ask->cancelled_id != 0)
    g_signal_handler_disconnect (g_task_get_cancellable (task), ask->cancelled_id);
  ask->cancelled_id = 0;
  g_clear_handle_id (&ask->idle_id, g_source_remove);
  take_down (ask, task);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, trusted);
  g_object_unref (task);
}

static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  finish (task, FALSE, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
}

static void
trust (GTask *task)
{
  Ask *ask = g_task_get_task_data (task);
  GError *error = NULL;

  if (!qm_certificate_pins_trust (qm_session_get_certificate_pins (ask->session),
                                  qm_certificate_error_get_address (ask->problem),
                                  qm_certificate_error_get_fingerprint (ask->problem),
                                  &error))
    {
      finish (task, FALSE, error);
      return;
    }
  finish (task, TRUE, NULL);
}

/* A caption over a fingerprint, in monospace, selectable so it can be read
 * out or copied. */
static void
add_fingerprint (GtkBox     *box,
                 const char *caption,
                 const char *sha256,
                 gboolean    alarming)
{
  g_autofree char *text = qm_certificate_format_fingerprint (sha256);
  GtkWidget *title = gtk_label_new (caption);
  GtkWidget *value = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_set_margin_top (title, 6);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_add_css_class (value, "monospace");
  if (alarming)
    {
      gtk_widget_add_css_class (title, "error");
      gtk_widget_add_css_class (value, "error");
    }
  gtk_box_append (box, title);
  gtk_box_append (box, value);
}

static AdwMessageDialog *
new_dialog (Ask        *ask,
            const char *heading,
            const char *body)
{
  GtkRoot *root = gtk_widget_get_root (ask->parent);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void on_response (AdwMessageDialog *dialog,
                         const char       *response,
                         GTask            *task);

/* The second step: the new fingerprint once more, and "replace" is neither
 * the default nor what Escape does. */
static void
confirm_replace (GTask *task)
{
  Ask *ask = g_task_get_task_data (task);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  take_down (ask, task);
  ask->step = 1;
  g_clear_pointer (&ask->response, g_free);
  /* Translators: %s is the server's host:port. */
  body = g_strdup_printf (_("Only continue if your administrator has told you that the certificate of %s was replaced, and that its new fingerprint is exactly this one. Otherwise you may be giving your password to an attacker."),
                          qm_certificate_error_get_address (ask->problem));
  dialog = new_dialog (ask, _("Trust the New Certificate?"), body);
  add_fingerprint (GTK_BOX (box), _("New SHA-256 fingerprint"),
                   qm_certificate_error_get_fingerprint (ask->problem), FALSE);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace and Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), task);
  set_shown (ask, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
on_response_idle (gpointer user_data)
{
  GTask *task = user_data;
  Ask *ask = g_task_get_task_data (task);

  ask->idle_id = 0;
  if (g_strcmp0 (ask->response, "trust") == 0)
    trust (task);
  else if (g_strcmp0 (ask->response, "replace") == 0 && ask->step == 0)
    confirm_replace (task);
  else if (g_strcmp0 (ask->response, "replace") == 0)
    trust (task);
  else
    finish (task, FALSE, NULL);
  return G_SOURCE_REMOVE;
}

/* Answered after the emission, once a close in progress is over. */
static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  Ask *ask = g_task_get_task_data (task);

  g_free (ask->response);
  ask->response = g_strdup (response);
  if (ask->idle_id == 0)
    ask->idle_id = g_idle_add (on_response_idle, task);
}

static AdwMessageDialog *
unknown_dialog (Ask *ask)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  /* Translators: %s is the server's host:port. */
  body = g_strdup_printf (_("This device has not connected to %s before, and no authority it knows vouches for the server’s certificate. Compare the fingerprint below with the one your administrator shows (the server prints it when it starts). Trust the server only if they are the same."),
                          qm_certificate_error_get_address (ask->problem));
  dialog = new_dialog (ask, _("Trust This Server?"), body);
  add_fingerprint (GTK_BOX (box), _("SHA-256 fingerprint"),
                   qm_certificate_error_get_fingerprint (ask->problem), FALSE);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
  /* Enter alone does not trust: that takes a look at the fingerprint. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

static AdwMessageDialog *
changed_dialog (Ask *ask)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  /* Translators: %s is the server's host:port. */
  body = g_strdup_printf (_("The server at %s presents a different certificate from the one this device trusted before. Someone on the network may be pretending to be the server to capture passwords and votes. Do not connect unless your administrator confirms that the server’s certificate was replaced."),
                          qm_certificate_error_get_address (ask->problem));
  dialog = new_dialog (ask, _("The Server’s Identity Has Changed — This May Be an Attack"), body);
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "qm-certificate-changed");

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
  gtk_widget_add_css_class (icon, "error");
  gtk_box_append (GTK_BOX (box), icon);
  add_fingerprint (GTK_BOX (box), _("Trusted before"),
                   qm_certificate_error_get_pinned_fingerprint (ask->problem), FALSE);
  add_fingerprint (GTK_BOX (box), _("Presented now"),
                   qm_certificate_error_get_fingerprint (ask->problem), TRUE);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog,
                                    "replace", _("_Trust the New Certificate…"),
                                    "close", _("_Don’t Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  return dialog;
}

void
qm_trust_dialog_ask_async (GtkWidget           *parent,
                           QmSession           *session,
                           const GError        *problem,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AdwMessageDialog *dialog;
  Ask *ask;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (QM_IS_SESSION (session));
  g_return_if_fail (problem != NULL && problem->domain == QM_CERTIFICATE_ERROR);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_trust_dialog_ask_async);
  if (g_task_return_error_if_cancelled (task))
    return;

  ask = g_new0 (Ask, 1);
  ask->parent = g_object_ref (parent);
  ask->session = g_object_ref (session);
  ask->problem = g_error_copy (problem);
  ask->task = task;
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);

  dialog = problem->code == QM_CERTIFICATE_ERROR_CHANGED ? changed_dialog (ask)
                                                         : unknown_dialog (ask);
  /* The dialog's answer holds the task until finish. */
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), g_object_ref (task));
  if (cancellable != NULL)
    ask->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                          G_CALLBACK (on_cancelled), task);
  set_shown (ask, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
qm_trust_dialog_ask_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_trust_dialog_ask_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

AdwMessageDialog *
qm_trust_dialog_get_shown (GtkWidget *parent)
{
  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  return g_object_get_data (G_OBJECT (parent), SHOWN_KEY);
}
