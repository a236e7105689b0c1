/* qm-upload-row.c: a row that uploads one file and shows how far it got.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-upload-row"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meeting-editor-private.h"
#include "qm-upload-row.h"

struct _QmUploadRow
{
  AdwActionRow    parent_instance;

  GtkImage       *icon;
  GtkProgressBar *progress;
  GtkWidget      *cancel_button;
  GtkWidget      *dismiss_button;

  QmUploader     *uploader;
  GFile          *file;
  GCancellable   *cancellable;
  QmUploadState   state;
  guint64         sent;
  guint64         total;
  char           *error_text;
};

G_DEFINE_FINAL_TYPE (QmUploadRow, qm_upload_row, ADW_TYPE_ACTION_ROW)

enum {
  SIGNAL_PROGRESS,
  SIGNAL_UPLOADED,
  SIGNAL_DISMISSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_progress (QmUploadRow *self)
{
  g_autofree char *sent = g_format_size (self->sent);
  g_autofree char *total = g_format_size (self->total);
  g_autofree char *text = NULL;

  if (self->state != QM_UPLOAD_STATE_SENDING)
    return;
  /* TRANSLATORS: upload progress, "1.2 MB of 5.0 MB" */
  text = g_strdup_printf (_("Sending… %s of %s"), sent, total);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_progress_bar_set_fraction (self->progress,
                                 self->total > 0 ? (double) self->sent / (double) self->total : 0.0);
}

static void
on_progress (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  QmUploadRow *self = user_data;

  if (self->state == QM_UPLOAD_STATE_WAITING)
    self->state = QM_UPLOAD_STATE_SENDING;
  self->sent = sent;
  self->total = total;
  show_progress (self);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, sent, total);
}

/* The text for a failed upload: the user's words for each refusal. */
static char *
upload_error_text (QmUploadRow  *self,
                   const GError *error)
{
  if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE))
    return g_strdup (_("Not a PDF file"));
  if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_INVALID_DOCUMENT))
    return g_strdup (_("Damaged or password-protected PDF"));
  if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_TOO_LARGE))
    {
      guint64 max_bytes = qm_uploader_get_max_bytes (self->uploader);

      /* Over the limit this client knows; the server's own limit may be
       * lower, and the contract gives no way to ask it. */
      if (max_bytes > 0 && self->total > max_bytes)
        return g_strdup_printf (_("Too large (max %u MB)"),
                                (guint) (max_bytes / (1024 * 1024)));
      return g_strdup (_("Too large for the server"));
    }
  if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_FORBIDDEN))
    return g_strdup (_("This account may not upload documents"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE))
    return g_strdup (_("Not a file"));
  return g_strdup (_qm_meeting_editor_error_text (error));
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(QmUploadRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(QmDocument) document = NULL;

  document = qm_uploader_upload_finish (QM_UPLOADER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
      return;
    }
  if (document == NULL)
    {
      g_autofree char *text = upload_error_text (self, error);

      g_debug ("upload of %s failed: %s", g_file_peek_path (self->file), error->message);
      qm_upload_row_fail (self, text);
      return;
    }

  self->sent = self->total = (guint64) document->bytes;
  gtk_progress_bar_set_fraction (self->progress, 1.0);
  g_signal_emit (self, signals[SIGNAL_UPLOADED], 0, document);
}

GtkWidget *
qm_upload_row_new (QmUploader *uploader,
                   GFile      *file)
{
  QmUploadRow *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (QM_IS_UPLOADER (uploader), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (QM_TYPE_UPLOAD_ROW, NULL);
  self->uploader = g_object_ref (uploader);
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  if (name != NULL)
    {
      g_autofree char *display = g_filename_display_name (name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), display);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Waiting…"));

  qm_uploader_upload_async (uploader, file, on_progress, g_object_ref (self), g_object_unref,
                            self->cancellable, on_uploaded, g_object_ref (self));
  return GTK_WIDGET (self);
}

GFile *
qm_upload_row_get_file (QmUploadRow *self)
{
  g_return_val_if_fail (QM_IS_UPLOAD_ROW (self), NULL);
  return self->file;
}

QmUploadState
qm_upload_row_get_state (QmUploadRow *self)
{
  g_return_val_if_fail (QM_IS_UPLOAD_ROW (self), QM_UPLOAD_STATE_FAILED);
  return self->state;
}

guint64
qm_upload_row_get_sent (QmUploadRow *self)
{
  g_return_val_if_fail (QM_IS_UPLOAD_ROW (self), 0);
  return self->sent;
}

guint64
qm_upload_row_get_total (QmUploadRow *self)
{
  g_return_val_if_fail (QM_IS_UPLOAD_ROW (self), 0);
  return self->total;
}

const char *
qm_upload_row_get_error_text (QmUploadRow *self)
{
  g_return_val_if_fail (QM_IS_UPLOAD_ROW (self), NULL);
  return self->error_text;
}

void
qm_upload_row_set_attaching (QmUploadRow *self)
{
  g_return_if_fail (QM_IS_UPLOAD_ROW (self));

  self->state = QM_UPLOAD_STATE_ATTACHING;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Attaching…"));
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
}

void
qm_upload_row_fail (QmUploadRow *self,
                    const char  *text)
{
  g_return_if_fail (QM_IS_UPLOAD_ROW (self));
  g_return_if_fail (text != NULL);

  self->state = QM_UPLOAD_STATE_FAILED;
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_image_set_from_icon_name (self->icon, "dialog-error-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->dismiss_button, TRUE);
}

void
qm_upload_row_cancel (QmUploadRow *self)
{
  g_return_if_fail (QM_IS_UPLOAD_ROW (self));
  g_cancellable_cancel (self->cancellable);
}

static void
cancel_clicked_cb (QmUploadRow *self)
{
  qm_upload_row_cancel (self);
}

static void
dismiss_clicked_cb (QmUploadRow *self)
{
  g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
}

static void
qm_upload_row_dispose (GObject *object)
{
  QmUploadRow *self = QM_UPLOAD_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_UPLOAD_ROW);

  G_OBJECT_CLASS (qm_upload_row_parent_class)->dispose (object);
}

static void
qm_upload_row_finalize (GObject *object)
{
  QmUploadRow *self = QM_UPLOAD_ROW (object);

  g_clear_object (&self->uploader);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_free (self->error_text);

  G_OBJECT_CLASS (qm_upload_row_parent_class)->finalize (object);
}

static void
qm_upload_row_class_init (QmUploadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_upload_row_dispose;
  object_class->finalize = qm_upload_row_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[SIGNAL_UPLOADED] =
    g_signal_new ("uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_DISMISSED] =
    g_signal_new ("dismissed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-upload-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QmUploadRow, icon);
  gtk_widget_class_bind_template_child (widget_class, QmUploadRow, progress);
  gtk_widget_class_bind_template_child (widget_class, QmUploadRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, QmUploadRow, dismiss_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
}

static void
qm_upload_row_init (QmUploadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
