/* qm-meeting-editor-book.c: a table of contents over the agenda's
 * documents — items, documents, page counts and where each starts in the
 * book — and the viewer that opens them.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-meeting-editor-book.h"
#include "qm-meeting-editor-private.h"

struct _QmMeetingEditorBook
{
  AdwBin           parent_instance;

  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar;
  AdwWindowTitle  *book_title;
  GtkListBox      *contents;
  GtkStack        *content;
  AdwStatusPage   *error_page;
  QmDocumentView  *view;

  QmDocumentCache *cache;
  GCancellable    *cancellable;   /* the document being fetched */
  char            *wanted;        /* its id */
  char            *shown;         /* the document in the viewer */
  guint            n_documents;
  gint64           n_pages;
};

G_DEFINE_FINAL_TYPE (QmMeetingEditorBook, qm_meeting_editor_book, ADW_TYPE_BIN)

enum {
  SIGNAL_CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_contents (QmMeetingEditorBook *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->contents, 0)) != NULL)
    gtk_list_box_remove (self->contents, GTK_WIDGET (row));
}

static GtkWidget *
item_row_new (guint               number,
              const QmAgendaItem *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *text = g_strdup_printf ("%u. %s", number, item->title);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_start (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
document_row_new (const QmItemDocument *document,
                  gint64                first_page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (document->title);
  g_autofree char *pages = _qm_format_pages (document->pages);
  /* TRANSLATORS: a document in the board book: its page count, then where it
   * lies in the whole book: "22 pages · book pages 5–26" */
  g_autofree char *text = g_strdup_printf (_("%s · book pages %d–%d"), pages, (int) first_page,
                                           (int) (first_page + document->pages - 1));
  GtkWidget *details = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_xalign (GTK_LABEL (details), 0.0);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_size_request (row, -1, 44);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "qm-docid", g_strdup (document->id), g_free);
  return row;
}

void
qm_meeting_editor_book_show (QmMeetingEditorBook *self,
                             QmDocumentCache     *cache,
                             const char          *meeting_title,
                             GPtrArray           *items)
{
  g_autofree char *pages = NULL;
  g_autofree char *subtitle = NULL;
  gint64 next_page = 1;

  g_return_if_fail (QM_IS_MEETING_EDITOR_BOOK (self));
  g_return_if_fail (QM_IS_DOCUMENT_CACHE (cache));
  g_return_if_fail (items != NULL);

  g_set_object (&self->cache, cache);
  clear_contents (self);
  self->n_documents = 0;
  for (guint i = 0; i < items->len; i++)
    {
      const QmAgendaItem *item = g_ptr_array_index (items, i);

      gtk_list_box_append (self->contents, item_row_new (i + 1, item));
      for (guint j = 0; j < item->documents->len; j++)
        {
          const QmItemDocument *document = g_ptr_array_index (item->documents, j);

          gtk_list_box_append (self->contents, document_row_new (document, next_page));
          next_page += document->pages;
          self->n_documents++;
        }
    }
  if (self->n_documents == 0)
    clear_contents (self);
  self->n_pages = next_page - 1;

  pages = _qm_format_pages (self->n_pages);
  /* TRANSLATORS: the board book's size: "5 documents · 130 pages" */
  subtitle = g_strdup_printf (ngettext ("%u document · %s", "%u documents · %s", self->n_documents),
                              self->n_documents, pages);
  adw_window_title_set_subtitle (self->book_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->book_title), meeting_title);
  if (self->shown == NULL)
    gtk_stack_set_visible_child_name (self->content, "empty");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  QmMeetingEditorBook *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  path = qm_document_cache_fetch_finish (QM_DOCUMENT_CACHE (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path != NULL)
    {
      file = g_file_new_for_path (path);
      if (qm_document_view_load_file (self->view, file, &error))
        {
          g_free (self->shown);
          self->shown = g_strdup (self->wanted);
          gtk_stack_set_visible_child_name (self->content, "view");
          return;
        }
    }
  g_debug ("cannot open %s: %s", self->wanted, error->message);
  adw_status_page_set_description (self->error_page, _qm_meeting_editor_error_text (error));
  gtk_stack_set_visible_child_name (self->content, "error");
}

void
qm_meeting_editor_book_open_document (QmMeetingEditorBook *self,
                                      const char          *docid)
{
  GtkListBoxRow *row;

  g_return_if_fail (QM_IS_MEETING_EDITOR_BOOK (self));
  g_return_if_fail (docid != NULL);
  g_return_if_fail (self->cache != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->wanted);
  self->wanted = g_strdup (docid);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->contents, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "qm-docid"), docid) == 0)
      gtk_list_box_select_row (self->contents, row);

  gtk_stack_set_visible_child_name (self->content, "loading");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
  qm_document_cache_fetch_async (self->cache, docid, self->cancellable, fetched_cb, self);
}

static void
contents_row_activated_cb (QmMeetingEditorBook *self,
                           GtkListBoxRow       *row)
{
  const char *docid = g_object_get_data (G_OBJECT (row), "qm-docid");

  if (docid != NULL)
    qm_meeting_editor_book_open_document (self, docid);
}

void
qm_meeting_editor_book_clear (QmMeetingEditorBook *self)
{
  g_return_if_fail (QM_IS_MEETING_EDITOR_BOOK (self));

  g_cancellable_cancel (self->cancellable);
  clear_contents (self);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->shown, g_free);
  qm_document_view_set_scheduler (self->view, NULL);
  gtk_stack_set_visible_child_name (self->content, "empty");
}

guint
qm_meeting_editor_book_get_n_documents (QmMeetingEditorBook *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_BOOK (self), 0);
  return self->n_documents;
}

gint64
qm_meeting_editor_book_get_n_pages (QmMeetingEditorBook *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_BOOK (self), 0);
  return self->n_pages;
}

const char *
qm_meeting_editor_book_get_shown_document (QmMeetingEditorBook *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_BOOK (self), NULL);
  return self->shown;
}

QmDocumentView *
qm_meeting_editor_book_get_view (QmMeetingEditorBook *self)
{
  g_return_val_if_fail (QM_IS_MEETING_EDITOR_BOOK (self), NULL);
  return self->view;
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE], 0);
}

static void
contents_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  QmMeetingEditorBook *self = QM_MEETING_EDITOR_BOOK (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
qm_meeting_editor_book_dispose (GObject *object)
{
  QmMeetingEditorBook *self = QM_MEETING_EDITOR_BOOK (object);

  g_cancellable_cancel (self->cancellable);
  /* A named direct child would be unparented behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_MEETING_EDITOR_BOOK);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (qm_meeting_editor_book_parent_class)->dispose (object);
}

static void
qm_meeting_editor_book_finalize (GObject *object)
{
  QmMeetingEditorBook *self = QM_MEETING_EDITOR_BOOK (object);

  g_clear_object (&self->cancellable);
  g_free (self->wanted);
  g_free (self->shown);

  G_OBJECT_CLASS (qm_meeting_editor_book_parent_class)->finalize (object);
}

static void
qm_meeting_editor_book_class_init (QmMeetingEditorBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_meeting_editor_book_dispose;
  object_class->finalize = qm_meeting_editor_book_finalize;

  signals[SIGNAL_CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (QM_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/vn/quorum/Quorum/qm-meeting-editor-book.ui");
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, leaflet);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, sidebar);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, book_title);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, contents);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, content);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, error_page);
  gtk_widget_class_bind_template_child (widget_class, QmMeetingEditorBook, view);
  gtk_widget_class_bind_template_callback (widget_class, contents_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "book.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "book.contents", NULL, contents_action);
}

static void
qm_meeting_editor_book_init (QmMeetingEditorBook *self)
{
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Narrow (portrait), the viewer has the whole width: a way back to the
   * contents in its own header bar. */
  gtk_widget_set_tooltip_text (back, _("Contents"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "book.contents");
  g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (qm_document_view_get_header_bar (self->view)), back);
  /* Back comes first, before the viewer's own buttons. */
  if (GTK_IS_BOX (gtk_widget_get_parent (back)))
    gtk_box_reorder_child_after (GTK_BOX (gtk_widget_get_parent (back)), back, NULL);
}
