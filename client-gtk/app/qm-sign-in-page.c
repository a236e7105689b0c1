/* qm-sign-in-page.c: the sign-in form, the token kept in the keyring between
 * runs, and the words for everything that can go wrong on the way in.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-sign-in-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "qm-client-error.h"
#include "qm-credentials.h"
#include "qm-server-list.h"
#include "qm-sign-in-page.h"
#include "qm-trust-dialog.h"

struct _QmSignInPage
{
  AdwBin         parent_instance;

  GtkWidget     *message_box;
  GtkImage      *message_icon;
  GtkLabel      *message_label;
  GtkWidget     *retry_button;
  GtkWidget     *form;
  AdwEntryRow   *server_row;
  AdwEntryRow   *username_row;
  AdwEntryRow   *password_row;
  GtkWidget     *sign_in_button;
  GtkSpinner    *spinner;
  GtkLabel      *button_label;
  GtkWidget     *keyring_note;

  QmSession     *session;
  GSettings     *settings;
  QmCredentials *credentials;
  /* The sign-in or restore in progress; cancelled by a newer one, by
   * reset, sign-out and dispose. Callbacks that see it cancelled touch
   * nothing. */
  GCancellable  *cancellable;

  gboolean       busy;
  /* A logout is on its way to the server; a sign-in waits for it, so its
   * answer cannot sign out the session that follows. */
  gboolean       logging_out;
  gboolean       sign_in_queued;

  /* What a sign-in sent, kept only until its answer: if the server's
   * certificate needs the user's word first, the same sign-in follows. */
  char          *pending_username;
  char          *pending_password;
};

enum { SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmSignInPage, qm_sign_in_page, ADW_TYPE_BIN)

static void restore (QmSignInPage *self);
static void on_logged_in (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_me_fetched (GObject *source, GAsyncResult *result, gpointer user_data);

static void
forget_pending (QmSignInPage *self)
{
  if (self->pending_password != NULL)
    memset (self->pending_password, 0, strlen (self->pending_password));
  g_clear_pointer (&self->pending_password, g_free);
  g_clear_pointer (&self->pending_username, g_free);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
row_is_empty (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (row)));

  return text[0] == '\0';
}

/* What the user typed, as a base URL: https:// unless they said otherwise. */
static char *
normalize_server (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  if (strstr (trimmed, "://") == NULL)
    return g_strconcat ("https://", trimmed, NULL);
  return g_steal_pointer (&trimmed);
}

static gboolean
is_host_name (const char *host)
{
  g_autofree char *ascii = NULL;

  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  /* Vietnamese domain names may be written with diacritics. */
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL)
    return FALSE;
  for (const char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_server_address (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  return uri != NULL
         && (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0
             || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
         && is_host_name (g_uri_get_host (uri));
}

static void
focus_first_empty (QmSignInPage *self)
{
  AdwEntryRow *row = self->password_row;

  if (self->busy)
    return;
  if (row_is_empty (self->server_row))
    row = self->server_row;
  else if (row_is_empty (self->username_row))
    row = self->username_row;
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
update_button (QmSignInPage *self)
{
  gboolean complete = !row_is_empty (self->server_row)
                      && !row_is_empty (self->username_row)
                      && row_text (self->password_row)[0] != '\0';

  gtk_widget_set_sensitive (self->sign_in_button, complete && !self->busy);
}

static void
set_busy (QmSignInPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;

  if (busy)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      /* A field that turns insensitive while it has the focus never hears
       * that it lost it (GTK 4.8), and its cursor blinks on: let go first.
       * The outcome puts the focus where typing goes next. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, self->form))
        gtk_root_set_focus (root, NULL);
    }
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_text_with_mnemonic (self->button_label, busy ? _("Signing In…") : _("_Sign In"));
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* failure: red, for what went wrong; otherwise a plain notice. retry: offer
 * to look for the kept session again. */
static void
show_message (QmSignInPage *self,
              const char   *message,
              gboolean      failure,
              gboolean      retry)
{
  if (message == NULL)
    {
      gtk_widget_set_visible (self->message_box, FALSE);
      gtk_label_set_text (self->message_label, "");
    }
  else
    {
      gtk_label_set_text (self->message_label, message);
      gtk_image_set_from_icon_name (self->message_icon,
                                    failure ? "dialog-warning-symbolic"
                                            : "dialog-information-symbolic");
      if (failure)
        gtk_widget_add_css_class (self->message_box, "failure");
      else
        gtk_widget_remove_css_class (self->message_box, "failure");
      gtk_widget_set_visible (self->retry_button, retry);
      gtk_widget_set_visible (self->message_box, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static char *
describe_error (const GError *error,
                const char   *server)
{
  if (error->domain == QM_CLIENT_ERROR)
    {
      switch ((QmClientError) error->code)
        {
        case QM_CLIENT_ERROR_WRONG_CREDENTIALS:
          return g_strdup (_("Wrong username or password."));
        case QM_CLIENT_ERROR_RATE_LIMITED:
          return g_strdup (_("Too many attempts, try again in a few minutes."));
        case QM_CLIENT_ERROR_UNREACHABLE:
          return g_strdup_printf (_("Cannot reach the server at %s. Check the address and the network connection."),
                                  server);
        case QM_CLIENT_ERROR_TLS:
          return g_strdup_printf (_("Could not open a secure connection to %s: its certificate is not valid or not trusted on this device. Check the address."),
                                  server);
        case QM_CLIENT_ERROR_PROTOCOL:
          return g_strdup_printf (_("The server at %s does not answer like a Quorum server. Check the address."),
                                  server);
        case QM_CLIENT_ERROR_SERVER:
          return g_strdup (_("The server has a problem and cannot sign you in now. Try again later."));
        case QM_CLIENT_ERROR_TOKEN_INVALID:
          return g_strdup (_("Your session has ended. Please sign in again."));
        default:
          break;
        }
    }
  /* The technical text is English, but better than nothing. */
  return g_strdup_printf (_("Could not sign in: %s"), error->message);
}

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only cancellation fails; the keyring's absence shows as "persistent". */
  qm_credentials_store_finish (QM_CREDENTIALS (source), result, &error);
}

static void
on_token_cleared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  qm_credentials_clear_finish (QM_CREDENTIALS (source), result, &error);
}

static void
clear_kept_token (QmSignInPage *self,
                  const char   *username)
{
  const char *server = qm_session_get_base_url (self->session);

  if (server == NULL || username == NULL || username[0] == '\0')
    return;
  /* Not cancellable: forgetting must happen even if the page goes away. */
  qm_credentials_clear_async (self->credentials, server, username, NULL,
                              on_token_cleared, NULL);
}

static GCancellable *
restart_cancellable (QmSignInPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

static void
on_trust_answered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  QmSignInPage *self = QM_SIGN_IN_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean restoring;

  if (qm_trust_dialog_ask_finish (result, &error))
    {
      /* Pinned now: the same request again, over a certificate that passes. */
      if (self->pending_password != NULL)
        qm_session_login_async (self->session, self->pending_username, self->pending_password,
                                self->cancellable, on_logged_in, self);
      else
        qm_session_fetch_me_async (self->session, self->cancellable, on_me_fetched, self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A restore is offered again ("Try Again" asks once more); a sign-in
   * starts over from the form. */
  restoring = self->pending_password == NULL;
  forget_pending (self);
  if (qm_session_get_user (self->session) == NULL)
    qm_session_forget_token (self->session);
  set_busy (self, FALSE);
  if (error != NULL)
    message = g_strdup_printf (_("The server’s certificate could not be remembered: %s"),
                               error->message);
  else
    message = g_strdup (_("Not connected: the server’s identity was not confirmed."));
  show_message (self, message, TRUE, restoring);
  gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

/* The certificate is unknown or changed: the user decides (qm-trust-dialog.c);
 * the page stays busy meanwhile. */
static void
ask_about_certificate (QmSignInPage *self,
                       const GError *problem)
{
  qm_trust_dialog_ask_async (GTK_WIDGET (self), self->session, problem, self->cancellable,
                             on_trust_answered, NULL);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QmSession *session = QM_SESSION (source);
  QmSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const QmUser *user;

  if (!qm_session_login_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (error->domain == QM_CERTIFICATE_ERROR)
        {
          /* Nothing was sent: the question comes before the password. */
          ask_about_certificate (self, error);
          return;
        }
      forget_pending (self);
      set_busy (self, FALSE);
      message = describe_error (error, qm_session_get_base_url (session));
      show_message (self, message, TRUE, FALSE);
      if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_UNREACHABLE)
          || g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TLS)
          || g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_PROTOCOL))
        gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  forget_pending (self);
  user = qm_session_get_user (session);
  g_settings_set_string (self->settings, "server-url", qm_session_get_base_url (session));
  g_settings_set_string (self->settings, "username", user->username);
  /* Kept apart from the page's cancellable: signing in again or out cancels
   * a store still on its way, and a sign-out clears the keyring after it. */
  qm_credentials_store_async (self->credentials, qm_session_get_base_url (session),
                              user->username, qm_session_get_token (session),
                              restart_cancellable (self), on_token_stored, NULL);
  set_busy (self, FALSE);
  show_message (self, NULL, FALSE, FALSE);
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
sign_in (QmSignInPage *self)
{
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;
  g_autofree char *message = NULL;

  if (self->busy && !self->sign_in_queued)
    return;
  if (row_is_empty (self->server_row) || row_is_empty (self->username_row)
      || row_text (self->password_row)[0] == '\0')
    {
      focus_first_empty (self);
      return;
    }

  server = normalize_server (row_text (self->server_row));
  if (!is_server_address (server))
    {
      /* Translators: %s is what the user typed in "Server address". */
      message = g_strdup_printf (_("“%s” is not a server address. A server address looks like https://quorum.example.vn."),
                                 server);
      show_message (self, message, TRUE, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }
  if (g_strcmp0 (server, row_text (self->server_row)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  /* The word on the last attempt goes with it. */
  show_message (self, NULL, FALSE, FALSE);
  set_busy (self, TRUE);
  if (self->logging_out)
    {
      self->sign_in_queued = TRUE;
      return;
    }
  self->sign_in_queued = FALSE;

  username = g_strstrip (g_strdup (row_text (self->username_row)));
  qm_session_set_base_url (self->session, server);
  forget_pending (self);
  self->pending_username = g_strdup (username);
  self->pending_password = g_strdup (row_text (self->password_row));
  qm_session_login_async (self->session, username, self->pending_password,
                          restart_cancellable (self), on_logged_in, self);
  /* The request has its copy, the page one until the answer; the form
   * keeps none. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
sign_in_clicked_cb (QmSignInPage *self)
{
  sign_in (self);
}

/* Enter: on to the next empty field, or sign in when there is none. */
static void
row_activated_cb (QmSignInPage *self,
                  AdwEntryRow  *row)
{
  if (row == self->server_row && row_is_empty (self->username_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else if (row != self->password_row && row_text (self->password_row)[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    sign_in (self);
}

static void
fields_changed_cb (QmSignInPage *self)
{
  update_button (self);
}

static void
retry_clicked_cb (QmSignInPage *self)
{
  restore (self);
}

/* A server found on the network: its address goes in the form, and the
 * user goes on to the next empty field. */
static void
server_chosen_cb (QmSignInPage *self,
                  const char   *url)
{
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  if (row_text (self->username_row)[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_me_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  QmSession *session = QM_SESSION (source);
  QmSignInPage *self = user_data;
  g_autoptr(QmUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  user = qm_session_fetch_me_finish (session, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL && error->domain == QM_CERTIFICATE_ERROR)
    {
      /* The kept token was not sent: ask before it is. */
      ask_about_certificate (self, error);
      return;
    }
  set_busy (self, FALSE);
  if (user != NULL)
    {
      g_signal_emit (self, signals[SIGNED_IN], 0);
      return;
    }

  if (g_error_matches (error, QM_CLIENT_ERROR, QM_CLIENT_ERROR_TOKEN_INVALID))
    {
      g_autofree char *username = g_settings_get_string (self->settings, "username");

      /* Expired or revoked: the session has already dropped it; so does
       * the keyring. */
      clear_kept_token (self, username);
      show_message (self, _("Your last session has ended. Please sign in again."), FALSE, FALSE);
    }
  else
    {
      /* Offline or a server in trouble says nothing about the token: keep
       * it for "Try Again" or the next start. */
      qm_session_forget_token (session);
      message = describe_error (error, qm_session_get_base_url (session));
      show_message (self, message, TRUE, TRUE);
    }
  focus_first_empty (self);
}

static void
on_token_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  QmSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = qm_credentials_lookup_finish (QM_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (token == NULL)
    {
      set_busy (self, FALSE);
      focus_first_empty (self);
      return;
    }

  qm_session_set_token (self->session, token);
  qm_session_fetch_me_async (self->session, self->cancellable, on_me_fetched, self);
}

static void
on_keyring_probed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *token = qm_credentials_lookup_finish (QM_CREDENTIALS (source), result, NULL);
}

static void
restore (QmSignInPage *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *username = g_settings_get_string (self->settings, "username");

  if (server[0] == '\0' || username[0] == '\0')
    {
      /* Nothing to restore on a first start, but asking tells whether
       * there is a keyring: the note shows before the first sign-in. */
      qm_credentials_lookup_async (self->credentials, server, "", NULL, on_keyring_probed, NULL);
      focus_first_empty (self);
      return;
    }

  show_message (self, NULL, FALSE, FALSE);
  set_busy (self, TRUE);
  qm_session_set_base_url (self->session, server);
  qm_credentials_lookup_async (self->credentials, qm_session_get_base_url (self->session),
                               username, restart_cancellable (self), on_token_found, self);
}

static void
on_logged_out (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(QmSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The server may be gone; the token is forgotten here either way. */
  qm_session_logout_finish (QM_SESSION (source), result, &error);
  self->logging_out = FALSE;
  if (self->sign_in_queued && self->session != NULL)
    sign_in (self);
}

static void
reset_form (QmSignInPage *self,
            const char   *message)
{
  g_cancellable_cancel (self->cancellable);
  self->sign_in_queued = FALSE;
  forget_pending (self);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_message (self, message, FALSE, FALSE);
  focus_first_empty (self);
}

static void
on_persistent_changed (QmSignInPage *self)
{
  gtk_widget_set_visible (self->keyring_note,
                          !qm_credentials_get_persistent (self->credentials));
}

void
qm_sign_in_page_setup (QmSignInPage *self,
                       QmSession    *session,
                       GSettings    *settings)
{
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (QM_IS_SESSION (session));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->session, session);
  g_set_object (&self->settings, settings);

  server = g_settings_get_string (settings, "server-url");
  username = g_settings_get_string (settings, "username");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  focus_first_empty (self);
}

void
qm_sign_in_page_restore (QmSignInPage *self)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (self->session != NULL);

  restore (self);
}

void
qm_sign_in_page_reset (QmSignInPage *self,
                       const char   *message)
{
  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (self->session != NULL);

  /* Called when the session ended under us: whatever token the keyring
   * holds for this account is the dead one. */
  if (!qm_session_get_logged_in (self->session))
    {
      g_autofree char *username = g_settings_get_string (self->settings, "username");

      clear_kept_token (self, username);
    }
  reset_form (self, message);
}

void
qm_sign_in_page_sign_out (QmSignInPage *self)
{
  const QmUser *user;
  g_autofree char *username = NULL;

  g_return_if_fail (QM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (self->session != NULL);

  user = qm_session_get_user (self->session);
  username = user != NULL ? g_strdup (user->username)
                          : g_settings_get_string (self->settings, "username");

  /* Cancels a restore or a keyring store still on its way first. */
  g_cancellable_cancel (self->cancellable);
  if (qm_session_get_logged_in (self->session))
    {
      self->logging_out = TRUE;
      qm_session_logout_async (self->session, NULL, on_logged_out, g_object_ref (self));
    }
  clear_kept_token (self, username);
  reset_form (self, NULL);
}

gboolean
qm_sign_in_page_get_busy (QmSignInPage *self)
{
  g_return_val_if_fail (QM_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

AdwMessageDialog *
qm_sign_in_page_get_trust_dialog (QmSignInPage *self)
{
  g_return_val_if_fail (QM_IS_SIGN_IN_PAGE (self), NULL);

  return qm_trust_dialog_get_shown (GTK_WIDGET (self));
}

const char *
qm_sign_in_page_get_message (QmSignInPage *self)
{
  g_return_val_if_fail (QM_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->message_box))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

static void
qm_sign_in_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (qm_sign_in_page_parent_class)->map (widget);

  /* Each time the page shows, the cursor is where typing starts. */
  focus_first_empty (QM_SIGN_IN_PAGE (widget));
}

static void
qm_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  QmSignInPage *self = QM_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, qm_sign_in_page_get_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_sign_in_page_dispose (GObject *object)
{
  QmSignInPage *self = QM_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_pending (self);
  /* Keyring calls still on their way hold the credentials, and may yet
   * change "persistent". */
  if (self->credentials != NULL)
    g_signal_handlers_disconnect_by_data (self->credentials, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->credentials);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (qm_sign_in_page_parent_class)->dispose (object);
}

static void
qm_sign_in_page_class_init (QmSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_sign_in_page_dispose;
  object_class->get_property = qm_sign_in_page_get_property;
  widget_class->map = qm_sign_in_page_map;

  g_type_ensure (QM_TYPE_SERVER_LIST);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, message_box);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, message_icon);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, form);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, button_label);
  gtk_widget_class_bind_template_child (widget_class, QmSignInPage, keyring_note);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_chosen_cb);
}

static void
qm_sign_in_page_init (QmSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->credentials = qm_credentials_new ();
  g_signal_connect_object (self->credentials, "notify::persistent",
                           G_CALLBACK (on_persistent_changed), self, G_CONNECT_SWAPPED);
  on_persistent_changed (self);
}
