/* qm-agenda-editor.c: the list of agenda items — adding, ordering and
 * removing them on the server, each change as soon as it is made.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-agenda-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-agenda-editor.h"
#include "qm-meeting-editor-private.h"
#include "qm-upload-row.h"

/* Long enough to notice a mistake and reach for the button. */
#define UNDO_TIMEOUT_SECONDS 10

struct _QmAgendaEditor
{
  AdwBin                parent_instance;

  GtkListBox           *list;
  AdwEntryRow          *new_item_row;

  QmMeetingEditorQueue *queue;
  QmUploader           *uploader;
  GCancellable         *cancellable;
  GPtrArray            *rows;       /* of QmAgendaEditorRow, in agenda order */
  GPtrArray            *removals;   /* of Removal, while their undo is offered */
};

G_DEFINE_FINAL_TYPE (QmAgendaEditor, qm_agenda_editor, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* An item removed from the server that its toast can bring back. */
typedef struct
{
  QmAgendaEditor *self;
  QmAgendaItem   *item;
  guint           position;
  AdwToast       *toast;
  gboolean        shown;       /* in an overlay, and not yet dismissed */
} Removal;

static void
removal_free (Removal *removal)
{
  g_signal_handlers_disconnect_by_data (removal->toast, removal);
  /* libadwaita 1.2 complains when a toast is dismissed twice. */
  if (removal->shown)
    adw_toast_dismiss (removal->toast);
  g_object_unref (removal->toast);
  qm_agenda_item_free (removal->item);
  g_free (removal);
}

static void
changed (QmAgendaEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
renumber (QmAgendaEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    qm_agenda_editor_row_set_position (g_ptr_array_index (self->rows, i), i, self->rows->len);
  gtk_list_box_invalidate_sort (self->list);
}

static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  guint pa = qm_agenda_editor_row_get_position (QM_AGENDA_EDITOR_ROW (a));
  guint pb = qm_agenda_editor_row_get_position (QM_AGENDA_EDITOR_ROW (b));

  return pa < pb ? -1 : pa > pb;
}

static QmAgendaEditorRow *
find_row (QmAgendaEditor *self,
          gint64          item_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (qm_agenda_editor_row_get_item_id (g_ptr_array_index (self->rows, i)) == item_id)
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

static void row_move_cb (QmAgendaEditorRow *row, int delta, QmAgendaEditor *self);
static void row_drop_row_cb (QmAgendaEditorRow *row, QmAgendaEditorRow *dropped, QmAgendaEditor *self);
static void row_remove_cb (QmAgendaEditorRow *row, QmAgendaEditor *self);

static QmAgendaEditorRow *
insert_row (QmAgendaEditor     *self,
            const QmAgendaItem *item,
            guint               position)
{
  QmAgendaEditorRow *row = qm_agenda_editor_row_new (self->queue, self->uploader, item);

  g_ptr_array_insert (self->rows, (int) MIN (position, self->rows->len), g_object_ref_sink (row));
  g_signal_connect (row, "move", G_CALLBACK (row_move_cb), self);
  g_signal_connect (row, "drop-row", G_CALLBACK (row_drop_row_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (row_remove_cb), self);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed), self);
  gtk_list_box_append (self->list, GTK_WIDGET (row));
  return row;
}

static void
drop_row (QmAgendaEditor    *self,
          QmAgendaEditorRow *row)
{
  qm_agenda_editor_row_cancel_uploads (row);
  g_signal_handlers_disconnect_by_data (row, self);
  gtk_list_box_remove (self->list, GTK_WIDGET (row));
  g_ptr_array_remove (self->rows, row);
}

/* Makes the list what the server says, keeping the rows (and their uploads
 * and half-typed text) of the items that stay. */
static void
sync_items (QmAgendaEditor *self,
            GPtrArray      *agenda)
{
  g_autoptr(GPtrArray) old_rows = g_ptr_array_new_with_free_func (g_object_unref);

  /* The references move from the list to old_rows. */
  while (self->rows->len > 0)
    g_ptr_array_add (old_rows, g_ptr_array_steal_index (self->rows, 0));
  for (guint i = 0; i < agenda->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (agenda, i);
      QmAgendaEditorRow *row = NULL;

      for (guint j = 0; j < old_rows->len && row == NULL; j++)
        if (qm_agenda_editor_row_get_item_id (g_ptr_array_index (old_rows, j)) == item->id)
          row = g_ptr_array_steal_index (old_rows, j);

      if (row == NULL)
        {
          insert_row (self, item, self->rows->len);
          continue;
        }
      qm_agenda_editor_row_set_item (row, item);
      g_ptr_array_add (self->rows, row);
    }
  /* Rows of items the server no longer has, put back to be dropped. */
  for (guint i = 0; i < old_rows->len; i++)
    {
      QmAgendaEditorRow *row = g_ptr_array_index (old_rows, i);

      g_ptr_array_add (self->rows, g_object_ref (row));
      drop_row (self, row);
    }
  renumber (self);
  changed (self);
}

static void
reload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmMeeting) meeting = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body != NULL)
    meeting = _qm_meeting_editor_parse (body, (gpointer) qm_meeting_parse, &error);
  if (meeting == NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not reload the agenda"), error);
      return;
    }
  sync_items (self, meeting->agenda);
}

/* After a refused change: show the agenda as the server has it. */
static void
reload (QmAgendaEditor *self)
{
  qm_meeting_editor_queue_request (self->queue, "GET", "", NULL, self->cancellable,
                                   reload_done, self);
}

static char *
order_body (gpointer user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(QmAgendaOrder) order = qm_agenda_order_new ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      gint64 id = qm_agenda_editor_row_get_item_id (g_ptr_array_index (self->rows, i));

      g_array_append_val (order->items, id);
    }
  return qm_agenda_order_serialize (order, NULL);
}

static void
order_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not change the order"), error);
      reload (self);
    }
}

/* The order goes as the list stands when its turn comes. */
static void
send_order (QmAgendaEditor *self)
{
  qm_meeting_editor_queue_request_later (self->queue, "PUT", "/agenda-order", order_body, self,
                                         self->cancellable, order_done, self);
}

void
qm_agenda_editor_move (QmAgendaEditor *self,
                       guint           from,
                       guint           to)
{
  QmAgendaEditorRow *row;

  g_return_if_fail (QM_IS_AGENDA_EDITOR (self));
  g_return_if_fail (from < self->rows->len && to < self->rows->len);

  if (from == to)
    return;
  row = g_ptr_array_steal_index (self->rows, from);
  g_ptr_array_insert (self->rows, (int) to, row);
  /* The rows stay where they are in the list box, so the moved one keeps
   * the keyboard focus for the next Alt+↑. */
  renumber (self);
  send_order (self);
  changed (self);
}

static void
row_move_cb (QmAgendaEditorRow *row,
             int                delta,
             QmAgendaEditor    *self)
{
  guint from = qm_agenda_editor_row_get_position (row);

  if ((delta < 0 && from == 0) || (delta > 0 && from + 1 >= self->rows->len))
    return;
  qm_agenda_editor_move (self, from, delta < 0 ? from - 1 : from + 1);
}

static void
row_drop_row_cb (QmAgendaEditorRow *row,
                 QmAgendaEditorRow *dropped,
                 QmAgendaEditor    *self)
{
  guint from, to;

  if (!g_ptr_array_find (self->rows, dropped, &from) || !g_ptr_array_find (self->rows, row, &to))
    return;
  qm_agenda_editor_move (self, from, to);
}

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body != NULL)
    item = _qm_meeting_editor_parse (body, (gpointer) qm_agenda_item_parse, &error);
  if (item == NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not add the item"), error);
      return;
    }
  insert_row (self, item, self->rows->len);
  renumber (self);
  changed (self);
}

void
qm_agenda_editor_add_item (QmAgendaEditor *self,
                           const char     *title)
{
  g_autoptr(QmAgendaItemCreate) create = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stripped = NULL;

  g_return_if_fail (QM_IS_AGENDA_EDITOR (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (self->queue != NULL);

  stripped = g_strstrip (g_strdup (title));
  if (stripped[0] == '\0')
    return;
  if (g_utf8_strlen (stripped, -1) > QM_MAX_TITLE_CHARS)
    {
      _qm_meeting_editor_toast (GTK_WIDGET (self),
                                adw_toast_new (_("The title is too long (at most 300 characters).")));
      return;
    }

  create = qm_agenda_item_create_new ();
  create->title = g_steal_pointer (&stripped);
  json = qm_agenda_item_create_serialize (create, NULL);
  qm_meeting_editor_queue_request (self->queue, "POST", "/agenda", json, self->cancellable,
                                   add_done, self);
}

static void
new_item_apply_cb (QmAgendaEditor *self)
{
  g_autofree char *title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_item_row)));

  if (self->queue == NULL)
    return;
  /* Cleared at once, so the next title can be typed while this one goes. */
  gtk_editable_set_text (GTK_EDITABLE (self->new_item_row), "");
  qm_agenda_editor_add_item (self, title);
}

static void
attach_again_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmAgendaItem) item = NULL;
  QmAgendaEditorRow *row;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body != NULL)
    item = _qm_meeting_editor_parse (body, (gpointer) qm_agenda_item_parse, &error);
  if (item == NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not attach a document again"),
                                      error);
      return;
    }
  row = find_row (self, item->id);
  if (row != NULL)
    qm_agenda_editor_row_set_item (row, item);
}

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Removal *removal = user_data;
  QmAgendaEditor *self = removal->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(QmAgendaItem) item = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (body != NULL)
    item = _qm_meeting_editor_parse (body, (gpointer) qm_agenda_item_parse, &error);
  if (item == NULL)
    _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not restore the item"), error);
  else
    {
      /* A new item on the server: its documents again, then its place. */
      for (guint i = 0; i < removal->item->documents->len; i++)
        {
          const QmItemDocument *document = g_ptr_array_index (removal->item->documents, i);
          g_autoptr(QmAttachDocument) attach = qm_attach_document_new ();
          g_autofree char *path = g_strdup_printf ("/agenda/%" G_GINT64_FORMAT "/documents", item->id);
          g_autofree char *json = NULL;

          attach->document = g_strdup (document->id);
          attach->title = g_strdup (document->title);
          json = qm_attach_document_serialize (attach, NULL);
          qm_meeting_editor_queue_request (self->queue, "POST", path, json, self->cancellable,
                                           attach_again_done, self);
        }
      insert_row (self, item, removal->position);
      renumber (self);
      if (removal->position < self->rows->len - 1)
        send_order (self);
      changed (self);
    }

  qm_agenda_item_free (removal->item);
  g_free (removal);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Removal  *removal)
{
  QmAgendaEditor *self = removal->self;
  g_autoptr(QmAgendaItemCreate) create = qm_agenda_item_create_new ();
  g_autofree char *json = NULL;
  Removal *restore = g_new0 (Removal, 1);

  restore->self = self;
  restore->item = qm_agenda_item_copy (removal->item);
  restore->position = removal->position;
  /* The toast dismisses itself after this. */
  removal->shown = FALSE;
  g_ptr_array_remove (self->removals, removal);

  create->title = g_strdup (restore->item->title);
  g_free (create->description);
  create->description = g_strdup (restore->item->description);
  json = qm_agenda_item_create_serialize (create, NULL);
  qm_meeting_editor_queue_request (self->queue, "POST", "/agenda", json, self->cancellable,
                                   restore_done, restore);
}

static void
undo_dismissed_cb (AdwToast *toast,
                   Removal  *removal)
{
  removal->shown = FALSE;
  g_ptr_array_remove (removal->self->removals, removal);
}

static void
delete_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QmAgendaEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = qm_meeting_editor_queue_request_finish (QM_MEETING_EDITOR_QUEUE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      _qm_meeting_editor_toast_error (GTK_WIDGET (self), _("Could not remove the item"), error);
      reload (self);
    }
}

void
qm_agenda_editor_remove (QmAgendaEditor    *self,
                         QmAgendaEditorRow *row)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  Removal *removal;

  g_return_if_fail (QM_IS_AGENDA_EDITOR (self));
  g_return_if_fail (QM_IS_AGENDA_EDITOR_ROW (row));

  removal = g_new0 (Removal, 1);
  removal->self = self;
  removal->item = qm_agenda_item_copy (qm_agenda_editor_row_get_item (row));
  removal->position = qm_agenda_editor_row_get_position (row);

  path = g_strdup_printf ("/agenda/%" G_GINT64_FORMAT, removal->item->id);
  qm_meeting_editor_queue_request (self->queue, "DELETE", path, NULL, self->cancellable,
                                   delete_done, self);
  drop_row (self, row);
  renumber (self);
  changed (self);

  /* Toast titles are markup. */
  escaped = g_markup_escape_text (removal->item->title, -1);
  /* TRANSLATORS: after an agenda item was removed; %s is its title */
  removal->toast = adw_toast_new_format (_("“%s” removed"), escaped);
  adw_toast_set_button_label (removal->toast, _("_Undo"));
  adw_toast_set_timeout (removal->toast, UNDO_TIMEOUT_SECONDS);
  adw_toast_set_priority (removal->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (removal->toast, "button-clicked", G_CALLBACK (undo_clicked_cb), removal);
  g_signal_connect (removal->toast, "dismissed", G_CALLBACK (undo_dismissed_cb), removal);
  g_ptr_array_add (self->removals, removal);
  removal->shown = _qm_meeting_editor_toast (GTK_WIDGET (self), g_object_ref (removal->toast));
}

static void
row_remove_cb (QmAgendaEditorRow *row,
               QmAgendaEditor    *self)
{
  qm_agenda_editor_remove (self, row);
}

void
qm_agenda_editor_clear (QmAgendaEditor *self)
{
  g_return_if_fail (QM_IS_AGENDA_EDITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->removals, 0);
  while (self->rows->len > 0)
    drop_row (self, g_ptr_array_index (self->rows, 0));
  g_clear_object (&self->queue);
  g_clear_object (&self->uploader);
  gtk_editable_set_text (GTK_EDITABLE (self->new_item_row), "");
}

void
qm_agenda_editor_load (QmAgendaEditor       *self,
                       QmMeetingEditorQueue *queue,
                       QmUploader           *uploader,
                       GPtrArray            *agenda)
{
  g_return_if_fail (QM_IS_AGENDA_EDITOR (self));
  g_return_if_fail (QM_IS_MEETING_EDITOR_QUEUE (queue));
  g_return_if_fail (QM_IS_UPLOADER (uploader));
  g_return_if_fail (agenda != NULL);

  qm_agenda_editor_clear (self);
  self->queue = g_object_ref (queue);
  self->uploader = g_object_ref (uploader);
  for (guint i = 0; i < agenda->len; i++)
    insert_row (self, g_ptr_array_index (agenda, i), i);
  renumber (self);
  changed (self);
}

GPtrArray *
qm_agenda_editor_get_items (QmAgendaEditor *self)
{
  GPtrArray *items;

  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), NULL);

  items = g_ptr_array_new ();
  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (items, (gpointer) qm_agenda_editor_row_get_item (g_ptr_array_index (self->rows, i)));
  return items;
}

guint
qm_agenda_editor_get_n_items (QmAgendaEditor *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), 0);
  return self->rows->len;
}

QmAgendaEditorRow *
qm_agenda_editor_get_row (QmAgendaEditor *self,
                          guint           position)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, position);
}

gboolean
qm_agenda_editor_get_uploading (QmAgendaEditor *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autoptr(GList) uploads = qm_agenda_editor_row_get_upload_rows (g_ptr_array_index (self->rows, i));

      for (GList *l = uploads; l != NULL; l = l->next)
        if (qm_upload_row_get_state (l->data) != QM_UPLOAD_STATE_FAILED)
          return TRUE;
    }
  return FALSE;
}

AdwEntryRow *
qm_agenda_editor_get_new_item_row (QmAgendaEditor *self)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), NULL);
  return self->new_item_row;
}

AdwToast *
qm_agenda_editor_get_undo_toast (QmAgendaEditor *self,
                                 gint64          item_id)
{
  g_return_val_if_fail (QM_IS_AGENDA_EDITOR (self), NULL);

  for (guint i = 0; i < self->removals->len; i++)
    {
      Removal *removal = g_ptr_array_index (self->removals, i);

      if (removal->item->id == item_id)
        return removal->toast;
    }
  return NULL;
}

static void
qm_agenda_editor_dispose (GObject *object)
{
  QmAgendaEditor *self = QM_AGENDA_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->rows != NULL)
    {
      g_ptr_array_set_size (self->removals, 0);
      while (self->rows->len > 0)
        drop_row (self, g_ptr_array_index (self->rows, 0));
    }
  /* A named direct child would be unparented behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_AGENDA_EDITOR);
  g_clear_object (&self->queue);
  g_clear_object (&self->uploader);

  G_OBJECT_CLASS (qm_agenda_editor_parent_class)->dispose (object);
}

static void
qm_agenda_editor_finalize (GObject *object)
{
  QmAgendaEditor *self = QM_AGENDA_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->removals);

  G_OBJECT_CLASS (qm_agenda_editor_parent_class)->finalize (object);
}

static void
qm_agenda_editor_class_init (QmAgendaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_agenda_editor_dispose;
  object_class->finalize = qm_agenda_editor_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-agenda-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditor, list);
  gtk_widget_class_bind_template_child (widget_class, QmAgendaEditor, new_item_row);
  gtk_widget_class_bind_template_callback (widget_class, new_item_apply_cb);
}

static void
qm_agenda_editor_init (QmAgendaEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->removals = g_ptr_array_new_with_free_func ((GDestroyNotify) removal_free);
  gtk_list_box_set_sort_func (self->list, sort_rows, NULL, NULL);
}
