/* qm-annotation-popover.c: the popover of one annotation on the page.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-annotation-popover.h"

struct _QmAnnotationPopover
{
  GtkPopover   parent_instance;

  GtkLabel    *title;
  GtkWidget   *text_box;
  GtkTextView *text_view;
  GtkLabel    *counter;
  GtkWidget   *share_box;
  GtkSwitch   *share_switch;
  GtkWidget   *delete_button;
  GtkWidget   *done_button;

  gboolean     deleted;
  gboolean     is_note;
};

G_DEFINE_FINAL_TYPE (QmAnnotationPopover, qm_annotation_popover, GTK_TYPE_POPOVER)

static glong
text_length (QmAnnotationPopover *self)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view));
}

static void
update_counter (QmAnnotationPopover *self)
{
  glong length = text_length (self);
  g_autofree char *label = NULL;
  gboolean valid = length <= QM_MAX_NOTE_CHARS;

  /* Translators: characters typed and the most a note holds, "12 / 4000" */
  label = g_strdup_printf (_("%ld / %d"), length, QM_MAX_NOTE_CHARS);
  gtk_label_set_label (self->counter, label);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->counter), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->counter), "error");
  /* Only the last 10 % of the room is worth a look. */
  gtk_widget_set_visible (GTK_WIDGET (self->counter), length > QM_MAX_NOTE_CHARS * 9 / 10);
  gtk_widget_set_sensitive (self->done_button, valid || !self->is_note);
}

static void
delete_clicked_cb (QmAnnotationPopover *self)
{
  qm_annotation_popover_delete (self);
}

static void
done_clicked_cb (QmAnnotationPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
qm_annotation_popover_class_init (QmAnnotationPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-annotation-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, title);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, text_box);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, text_view);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, counter);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, share_box);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, share_switch);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, delete_button);
  gtk_widget_class_bind_template_child (widget_class, QmAnnotationPopover, done_button);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
}

static void
qm_annotation_popover_init (QmAnnotationPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_counter), self, G_CONNECT_SWAPPED);
  update_counter (self);
}

GtkWidget *
qm_annotation_popover_new (void)
{
  return g_object_new (QM_TYPE_ANNOTATION_POPOVER, NULL);
}

void
qm_annotation_popover_setup (QmAnnotationPopover *self,
                             QmAnnotationKind     kind,
                             const char          *text,
                             gboolean             shared,
                             gboolean             editable,
                             gboolean             is_new,
                             const char          *author)
{
  g_autofree char *title = NULL;

  g_return_if_fail (QM_IS_ANNOTATION_POPOVER (self));

  self->deleted = FALSE;
  self->is_note = kind == QM_ANNOTATION_NOTE;
  if (!editable && author != NULL)
    /* Translators: the title of someone else's shared note or drawing */
    title = g_strdup_printf (self->is_note ? _("Note by %s") : _("Shared by %s"), author);
  else if (self->is_note)
    title = g_strdup (is_new ? _("New Note") : _("Note"));
  else if (kind == QM_ANNOTATION_HIGHLIGHT)
    title = g_strdup (_("Highlight"));
  else
    title = g_strdup (_("Drawing"));
  gtk_label_set_label (self->title, title);

  gtk_widget_set_visible (self->text_box, self->is_note);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
  gtk_text_view_set_editable (self->text_view, editable);
  gtk_text_view_set_cursor_visible (self->text_view, editable);
  gtk_switch_set_active (self->share_switch, shared);
  gtk_widget_set_visible (self->share_box, editable);
  gtk_widget_set_visible (self->delete_button, editable && !is_new);
  gtk_widget_set_visible (gtk_widget_get_parent (self->done_button), editable);
  update_counter (self);
}

char *
qm_annotation_popover_get_text (QmAnnotationPopover *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (QM_IS_ANNOTATION_POPOVER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
qm_annotation_popover_set_text (QmAnnotationPopover *self,
                                const char          *text)
{
  g_return_if_fail (QM_IS_ANNOTATION_POPOVER (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

gboolean
qm_annotation_popover_get_shared (QmAnnotationPopover *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_POPOVER (self), FALSE);
  return gtk_switch_get_active (self->share_switch);
}

void
qm_annotation_popover_set_shared (QmAnnotationPopover *self,
                                  gboolean             shared)
{
  g_return_if_fail (QM_IS_ANNOTATION_POPOVER (self));
  gtk_switch_set_active (self->share_switch, shared);
}

gboolean
qm_annotation_popover_get_valid (QmAnnotationPopover *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_POPOVER (self), FALSE);
  return !self->is_note || text_length (self) <= QM_MAX_NOTE_CHARS;
}

gboolean
qm_annotation_popover_get_deleted (QmAnnotationPopover *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_POPOVER (self), FALSE);
  return self->deleted;
}

void
qm_annotation_popover_delete (QmAnnotationPopover *self)
{
  g_return_if_fail (QM_IS_ANNOTATION_POPOVER (self));

  self->deleted = TRUE;
  gtk_popover_popdown (GTK_POPOVER (self));
}
