/* qm-agenda-editor-row.c: an agenda item that edits itself on the server —
 * title, description, documents — and uploads the files given to it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-agenda-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-agenda-editor-row.h"
#include "qm-meeting-editor-private.h"
#include "qm-upload-row.h"

struct _QmAgendaEditorRow
{
  AdwExpanderRow        parent_instance;

  GtkWidget            *drag_handle;
  GtkLabel             *number_label;
  AdwEntryRow          *title_row;
  AdwEntryRow          *description_row;
  AdwActionRow         *attach_row;

  QmMeetingEditorQueue *queue;
  QmUploader           *uploader;
  QmAgendaItem         *item;
  GCancellable         *cancellable;
  GPtrArray            *document_rows;   /* the rows shown for item->documents */
  GPtrArray            *upload_rows;     /* of QmUploadRow, owned */
  GtkNativeDialog      *chooser;
  guint                 position;
  guint                 n_items;
};

G_DEFINE_FINAL_TYPE (QmAgendaEditorRow, qm_agenda_editor_row, ADW_TYPE_EXPANDER_ROW)

enum {
  SIGNAL_MOVE,
  SIGNAL_DROP_ROW,
  SIGNAL_REMOVE,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_header (QmAgendaEditorRow *self)
{
  g_autofree char *number = g_strdup_printf ("%u.", self->position + 1);
  g_autofree char *subtitle = NULL;
  gint64 pages = 0;
  guint n_documents = self->item->documents->len;

  for (guint i = 0; i < n_documents; i++)
    pages += ((QmItemDocument *) g_ptr_array_index (self->item->documents, i))->pages;

  if (n_documents == 0)
    subtitle = g_strdup (_("No documents"));
  else
    {
      g_autofree char *page_text = _qm_format_pages (pages);

      /* TRANSLATORS: an agenda item's documents: "2 documents · 70 pages" */
      subtitle = g_strdup_printf (ngettext ("%u document · %s", "%u documents · %s", n_documents),
                                  n_documents, page_text);
    }

  gtk_label_set_text (self->number_label, number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->item->title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

static void detach_clicked_cb (GtkButton *button, QmAgendaEditorRow *self);

static GtkWidget *
document_row_new (QmAgendaEditorRow    *self,
                  const QmItemDocument *document)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  GtkWidget *detach = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autofree char *details = _qm_format_document_details (document->pages, document->bytes);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), document->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_tooltip_text (detach, _("Remove Document From Item"));
  gtk_widget_set_valign (detach, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (detach, 44, 44);
  gtk_widget_add_css_class (detach, "flat");
  g_object_set_data_full (G_OBJECT (detach), "docid", g_strdup (document->id), g_free);
  g_signal_connect (detach, "clicked", G_CALLBACK (detach_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), detach);
  return row;
}

/* Documents, then uploads, after the title, description and attach rows. */
static void
rebuild_rows (QmAgendaEditorRow *self)
{
  for (guint i = 0; i < self->document_rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->document_rows, i));
  g_ptr_array_set_size (self->document_rows, 0);
  for (guint i = 0; i < self->upload_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->upload_rows, i);

      if (gtk_widget_get_parent (row) != NULL)
        adw_expander_row_remove (ADW_EXPANDER_ROW (self), row);
    }

  for (guint i = 0; i < self->item->documents->len; i++)
    {
      GtkWidget *row = document_row_new (self, g_ptr_array_index (self->item->documents, i));

      g_ptr_array_add (self->document_rows, row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
  for (guint i = 0; i < self->upload_rows->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->upload_rows, i));
}

void
qm_agenda_editor_row_set_item (QmAgendaEditorRow  *self,
                               const QmAgendaItem *item)
{
  g_return_if_fail (QM_IS_AGENDA_EDITOR_ROW (self));
  g_return_if_fail (item != NULL);
  g_return_if_fail (self->item == NULL || self->item->id == item->id);

  g_clear_pointer (&self->item, qm_agenda_item_free);
  self->item = qm_agenda_item_copy (item);

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), item->title);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), item->description);
  update_header (self);
  rebuild_rows (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Every request of the row answers with the item as it now is (or nothing). */
static void
apply_item_answer (QmAgendaEditorRow  *self,
                   GBytes             *body,
                   GError            **error)
{
  g_autoptr(QmAgendaItem) item = _qm_meeting_editor_parse (body, (gpointer) qm_agenda_item_parse,
                                                           error);

  if (item != NULL)
    qm_agenda_editor_row_set_item (self, item);
}

typedef struct
{
  QmAgendaEditorRow *self;
  char              *what;     /* the toast's words if it fails */
} Patch;

static void
patch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Patch *patch = user_data;
  QmAgendaEditorRow *self = patch->self;
  g_autofree char *what = patch->what;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_free (patch);
  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body != NULL)
    apply_item_answer (self, body, &error);
  if (error != NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), what, error);
      /* Show what the server still has. */
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->item->title);
      gtk_editable_set_text (GTK_EDITABLE (self->description_row), self->item->description);
    }
}

static void
send_patch (QmAgendaEditorRow *self,
            QmAgendaItemPatch *item_patch,
            const char        *what)
{
  g_autofree char *path = g_strdup_printf ("/agenda/%" G_GINT64_FORMAT, self->item->id);
  g_autofree char *json = qm_agenda_item_patch_serialize (item_patch, NULL);
  Patch *patch = g_new0 (Patch, 1);

  patch->self = self;
  patch->what = g_strdup (what);
  qm_meeting_editor_queue_request (self->queue, "PATCH", path, json, self->cancellable,
                                   patch_done, patch);
}

static void
title_apply_cb (QmAgendaEditorRow *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autoptr(QmAgendaItemPatch) patch = NULL;

  if (title[0] == '\0' || g_utf8_strlen (title, -1) > QM_MAX_TITLE_CHARS)
    {
      AdwToast *toast = adw_toast_new (title[0] == '\0'
                                       ? _("An agenda item needs a title.")
                                       : _("The title is too long (at most 300 characters)."));

      _qm_meeting_editor_toast (GTK_WIDGET (self), toast);
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->item->title);
      return;
    }
  if (g_strcmp0 (title, self->item->title) == 0)
    return;

  patch = qm_agenda_item_patch_new ();
  patch->title = g_steal_pointer (&title);
  send_patch (self, patch, _("Could not rename the item"));
}

static void
description_apply_cb (QmAgendaEditorRow *self)
{
  g_autofree char *description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row))));
  g_autoptr(QmAgendaItemPatch) patch = NULL;

  if (g_utf8_strlen (description, -1) > QM_MAX_DESCRIPTION_CHARS)
    {
      _qm_meeting_editor_toast (GTK_WIDGET (self),
                                adw_toast_new (_("The description is too long (at most 10 000 characters).")));
      return;
    }
  if (g_strcmp0 (description, self->item->description) == 0)
    return;

  patch = qm_agenda_item_patch_new ();
  patch->description = g_steal_pointer (&description);
  send_patch (self, patch, _("Could not change the description"));
}

typedef struct
{
  QmAgendaEditorRow *self;
  QmItemDocument    *document;
  guint              index;
} Detach;

static void
detach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Detach *detach = user_data;
  QmAgendaEditorRow *self = detach->self;
  g_autoptr(QmItemDocument) document = detach->document;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint index = detach->index;

  g_free (detach);
  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      g_autoptr(QmAgendaItem) item = qm_agenda_item_copy (self->item);

      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not remove the document"), error);
      /* Still on the item, then: back in its place. */
      g_ptr_array_insert (item->documents, (int) MIN (index, item->documents->len),
                          g_steal_pointer (&document));
      qm_agenda_editor_row_set_item (self, item);
    }
}

static void
detach_clicked_cb (GtkButton         *button,
                   QmAgendaEditorRow *self)
{
  const char *docid = g_object_get_data (G_OBJECT (button), "docid");
  g_autofree char *path = g_strdup_printf ("/agenda/%" G_GINT64_FORMAT "/documents/%s",
                                           self->item->id, docid);
  g_autoptr(QmAgendaItem) item = qm_agenda_item_copy (self->item);
  Detach *detach = g_new0 (Detach, 1);

  /* Gone from the list at once (the server's 204 carries no item); put
   * back if the server refuses. */
  detach->self = self;
  for (guint i = 0; i < item->documents->len; i++)
    if (g_strcmp0 (((QmItemDocument *) g_ptr_array_index (item->documents, i))->id, docid) == 0)
      {
        detach->index = i;
        detach->document = g_ptr_array_steal_index (item->documents, i);
        break;
      }
  g_assert (detach->document != NULL);
  qm_meeting_editor_queue_request (self->queue, "DELETE", path, NULL, self->cancellable,
                                   detach_done, detach);
  qm_agenda_editor_row_set_item (self, item);
}

static void
remove_upload_row (QmAgendaEditorRow *self,
                   QmUploadRow       *upload_row)
{
  if (gtk_widget_get_parent (GTK_WIDGET (upload_row)) != NULL)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), GTK_WIDGET (upload_row));
  g_signal_handlers_disconnect_by_data (upload_row, self);
  g_ptr_array_remove (self->upload_rows, upload_row);
}

typedef struct
{
  QmAgendaEditorRow *self;
  QmUploadRow       *upload_row;
} Attach;

static void
attach_free (Attach *attach)
{
  g_object_unref (attach->upload_row);
  g_free (attach);
}

static void
attach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Attach *attach = user_data;
  QmAgendaEditorRow *self = attach->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_free (attach);
      return;
    }
  if (body != NULL)
    {
      remove_upload_row (self, attach->upload_row);
      apply_item_answer (self, body, &error);
    }
  else if (g_error_matches (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_CONFLICT))
    qm_upload_row_fail (attach->upload_row, _("Already attached to this item"));
  else
    qm_upload_row_fail (attach->upload_row, _qm_meeting_editor_error_text (error));
  attach_free (attach);
}

static void
upload_uploaded_cb (QmUploadRow       *upload_row,
                    const QmDocument  *document,
                    QmAgendaEditorRow *self)
{
  g_autoptr(QmAttachDocument) request = qm_attach_document_new ();
  g_autofree char *path = g_strdup_printf ("/agenda/%" G_GINT64_FORMAT "/documents", self->item->id);
  g_autofree char *json = NULL;
  Attach *attach = g_new0 (Attach, 1);

  request->document = g_strdup (document->id);
  json = qm_attach_document_serialize (request, NULL);
  attach->self = self;
  attach->upload_row = g_object_ref (upload_row);
  qm_upload_row_set_attaching (upload_row);
  qm_meeting_editor_queue_request (self->queue, "POST", path, json, self->cancellable,
                                   attach_done, attach);
}

static void
upload_dismissed_cb (QmUploadRow       *upload_row,
                     QmAgendaEditorRow *self)
{
  remove_upload_row (self, upload_row);
}

void
qm_agenda_editor_row_attach_files (QmAgendaEditorRow *self,
                                   GListModel        *files)
{
  guint n_files;

  g_return_if_fail (QM_IS_AGENDA_EDITOR_ROW (self));
  g_return_if_fail (G_IS_LIST_MODEL (files));

  n_files = g_list_model_get_n_items (files);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      GtkWidget *upload_row = qm_upload_row_new (self->uploader, file);

      g_ptr_array_add (self->upload_rows, g_object_ref_sink (upload_row));
      g_signal_connect (upload_row, "uploaded", G_CALLBACK (upload_uploaded_cb), self);
      g_signal_connect (upload_row, "dismissed", G_CALLBACK (upload_dismissed_cb), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), upload_row);
    }
  if (n_files > 0)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

GList *
qm_agenda_editor_row_get_upload_rows (QmAgendaEditorRow *self)
{
  GList *list = NULL;

  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), NULL);

  for (guint i = self->upload_rows->len; i > 0; i--)
    list = g_list_prepend (list, g_ptr_array_index (self->upload_rows, i - 1));
  return list;
}

void
qm_agenda_editor_row_cancel_uploads (QmAgendaEditorRow *self)
{
  g_return_if_fail (QM_IS_AGENDA_EDITOR_ROW (self));

  for (guint i = 0; i < self->upload_rows->len; i++)
    qm_upload_row_cancel (g_ptr_array_index (self->upload_rows, i));
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     QmAgendaEditorRow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      qm_agenda_editor_row_attach_files (self, files);
    }
  g_clear_object (&self->chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmAgendaEditorRow *self = QM_AGENDA_EDITOR_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach PDF Files"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_MOVE], 0,
                 g_str_equal (action_name, "item.move-up") ? -1 : 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE], 0);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource     *source,
                 double             x,
                 double             y,
                 QmAgendaEditorRow *self)
{
  return gdk_content_provider_new_typed (QM_TYPE_AGENDA_EDITOR_ROW, self);
}

static void
drag_begin_cb (GtkDragSource     *source,
               GdkDrag           *drag,
               QmAgendaEditorRow *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 24, 24);
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         QmAgendaEditorRow *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_list_store_append (files, l->data);
      qm_agenda_editor_row_attach_files (self, G_LIST_MODEL (files));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, QM_TYPE_AGENDA_EDITOR_ROW))
    {
      QmAgendaEditorRow *dropped = g_value_get_object (value);

      if (dropped == self)
        return FALSE;
      g_signal_emit (self, signals[SIGNAL_DROP_ROW], 0, dropped);
      return TRUE;
    }
  return FALSE;
}

QmAgendaEditorRow *
qm_agenda_editor_row_new (QmMeetingEditorQueue *queue,
                          QmUploader           *uploader,
                          const QmAgendaItem   *item)
{
  QmAgendaEditorRow *self;

  g_return_val_if_fail (QM_IS_MEETING_EDITOR_QUEUE (queue), NULL);
  g_return_val_if_fail (QM_IS_UPLOADER (uploader), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (QM_TYPE_AGENDA_EDITOR_ROW, NULL);
  self->queue = g_object_ref (queue);
  self->uploader = g_object_ref (uploader);
  qm_agenda_editor_row_set_item (self, item);
  return self;
}

const QmAgendaItem *
qm_agenda_editor_row_get_item (QmAgendaEditorRow *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), NULL);
  return self->item;
}

gint64
qm_agenda_editor_row_get_item_id (QmAgendaEditorRow *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), 0);
  return self->item->id;
}

guint
qm_agenda_editor_row_get_position (QmAgendaEditorRow *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), 0);
  return self->position;
}

void
qm_agenda_editor_row_set_position (QmAgendaEditorRow *self,
                                   guint              position,
                                   guint              n_items)
{
  g_return_if_fail (QM_IS_AGENDA_EDITOR_ROW (self));
  g_return_if_fail (position < n_items);

  self->position = position;
  self->n_items = n_items;
  self->item->position = position;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.move-up", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.move-down", position + 1 < n_items);
  update_header (self);
}

AdwEntryRow *
qm_agenda_editor_row_get_title_row (QmAgendaEditorRow *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), NULL);
  return self->title_row;
}

AdwEntryRow *
qm_agenda_editor_row_get_description_row (QmAgendaEditorRow *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR_ROW (self), NULL);
  return self->description_row;
}

static void
qm_agenda_editor_row_dispose (GObject *object)
{
  QmAgendaEditorRow *self = QM_AGENDA_EDITOR_ROW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->upload_rows != NULL)
    {
      qm_agenda_editor_row_cancel_uploads (self);
      while (self->upload_rows->len > 0)
        remove_upload_row (self, g_ptr_array_index (self->upload_rows, 0));
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_AGENDA_EDITOR_ROW);
  g_clear_object (&self->queue);
  g_clear_object (&self->uploader);

  G_OBJECT_CLASS (qm_agenda_editor_row_parent_class)->dispose (object);
}

static void
qm_agenda_editor_row_finalize (GObject *object)
{
  QmAgendaEditorRow *self = QM_AGENDA_EDITOR_ROW (object);

  g_clear_pointer (&self->item, qm_agenda_item_free);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->document_rows);
  g_ptr_array_unref (self->upload_rows);

  G_OBJECT_CLASS (qm_agenda_editor_row_parent_class)->finalize (object);
}

static void
qm_agenda_editor_row_class_init (QmAgendaEditorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_agenda_editor_row_dispose;
  object_class->finalize = qm_agenda_editor_row_finalize;

  signals[SIGNAL_MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_DROP_ROW] =
    g_signal_new ("drop-row", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, QM_TYPE_AGENDA_EDITOR_ROW);
  signals[SIGNAL_REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/vn/quorum/Quorum/qm-agenda-editor-row.ui");
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditorRow, drag_handle);
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditorRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditorRow, title_row);
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditorRow, description_row);
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditorRow, attach_row);
  gtk_widget_class_bind_template_callback (widget_class, title_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_apply_cb);

  gtk_widget_class_install_action (widget_class, "item.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "item.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "item.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "item.attach", NULL, attach_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "item.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "item.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "item.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "item.move-down", NULL);
}

static void
qm_agenda_editor_row_init (QmAgendaEditorRow *self)
{
  GtkDragSource *drag_source = gtk_drag_source_new ();
  GtkDropTarget *drop_target = gtk_drop_target_new (G_TYPE_INVALID,
                                                    GDK_ACTION_COPY | GDK_ACTION_MOVE);
  GType drop_types[] = { QM_TYPE_AGENDA_EDITOR_ROW, GDK_TYPE_FILE_LIST };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->document_rows = g_ptr_array_new ();
  self->upload_rows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Dragged by its handle, so that a finger scrolling the list or selecting
   * text in the entries never starts a drag. */
  gtk_drag_source_set_actions (drag_source, GDK_ACTION_MOVE);
  g_signal_connect (drag_source, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (drag_source, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  gtk_widget_add_controller (self->drag_handle, GTK_EVENT_CONTROLLER (drag_source));

  gtk_drop_target_set_gtypes (drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop_target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}
