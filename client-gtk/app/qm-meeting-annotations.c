/* qm-meeting-annotations.c: annotating in the meeting page.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-meeting-annotations"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "qm-annotation-tools.h"
#include "qm-meeting-annotations.h"
#include "qm-page-view.h"
#include "qm-text-layout.h"

struct _QmMeetingAnnotations
{
  GObject             parent_instance;

  GtkWidget          *host;           /* unowned: it owns us */
  QmDocumentView     *view;           /* unowned, inside host */
  GtkWidget          *annotate_button;
  GtkRevealer        *bar;
  GSimpleActionGroup *actions;

  QmAnnotationEditor *editor;
  QmAnnotationStore  *store;
  QmLiveConnection   *live;
  QmMeetingModel     *model;
  char               *server_url;
  char               *db_path;
  gint64              meeting_id;
  QmTextLayout       *layout;
  QmAnnotationTool    last_tool;
};

G_DEFINE_FINAL_TYPE (QmMeetingAnnotations, qm_meeting_annotations, G_TYPE_OBJECT)

static GAction *
action (QmMeetingAnnotations *self,
        const char           *name)
{
  return g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);
}

static void
update_actions (QmMeetingAnnotations *self)
{
  QmAnnotationTool tool = qm_annotation_editor_get_tool (self->editor);
  gboolean can = self->store != NULL && qm_annotation_editor_get_document (self->editor) != NULL;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "active")), can);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "tool")), can);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "stop")), tool != QM_ANNOTATION_TOOL_NONE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "undo")),
                               qm_annotation_editor_get_can_undo (self->editor));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "redo")),
                               qm_annotation_editor_get_can_redo (self->editor));
  g_simple_action_set_state (G_SIMPLE_ACTION (action (self, "active")),
                             g_variant_new_boolean (tool != QM_ANNOTATION_TOOL_NONE));
  g_simple_action_set_state (G_SIMPLE_ACTION (action (self, "tool")),
                             g_variant_new_string (qm_annotation_tool_to_string (tool)));
  g_simple_action_set_state (G_SIMPLE_ACTION (action (self, "color")),
                             g_variant_new_string (qm_annotation_editor_get_color (self->editor)));
  /* The colours mean nothing to the eraser or a note. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action (self, "color")),
                               tool == QM_ANNOTATION_TOOL_PEN || tool == QM_ANNOTATION_TOOL_HIGHLIGHTER);
  gtk_revealer_set_reveal_child (self->bar, tool != QM_ANNOTATION_TOOL_NONE);
}

static void
tool_changed_cb (QmMeetingAnnotations *self)
{
  QmAnnotationTool tool = qm_annotation_editor_get_tool (self->editor);

  if (tool != QM_ANNOTATION_TOOL_NONE)
    self->last_tool = tool;
  update_actions (self);
}

/* Actions */

static void
active_change_cb (GSimpleAction *simple,
                  GVariant      *value,
                  gpointer       user_data)
{
  QmMeetingAnnotations *self = user_data;

  qm_annotation_editor_set_tool (self->editor, g_variant_get_boolean (value) ? self->last_tool
                                                                             : QM_ANNOTATION_TOOL_NONE);
}

static void
tool_change_cb (GSimpleAction *simple,
                GVariant      *value,
                gpointer       user_data)
{
  QmMeetingAnnotations *self = user_data;
  QmAnnotationTool tool;

  if (qm_annotation_tool_from_string (g_variant_get_string (value, NULL), &tool))
    qm_annotation_editor_set_tool (self->editor, tool);
}

static void
color_change_cb (GSimpleAction *simple,
                 GVariant      *value,
                 gpointer       user_data)
{
  QmMeetingAnnotations *self = user_data;
  const char *color = g_variant_get_string (value, NULL);

  if (strlen (color) == 7 && color[0] == '#')
    qm_annotation_editor_set_color (self->editor, color);
}

static void
stop_activate_cb (GSimpleAction *simple,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  QmMeetingAnnotations *self = user_data;

  qm_annotation_editor_set_tool (self->editor, QM_ANNOTATION_TOOL_NONE);
}

static void
undo_activate_cb (GSimpleAction *simple,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  qm_annotation_editor_undo (QM_MEETING_ANNOTATIONS (user_data)->editor);
}

static void
redo_activate_cb (GSimpleAction *simple,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  qm_annotation_editor_redo (QM_MEETING_ANNOTATIONS (user_data)->editor);
}

static const GActionEntry action_entries[] = {
  { .name = "active", .state = "false", .change_state = active_change_cb },
  { .name = "tool", .parameter_type = "s", .state = "'none'", .change_state = tool_change_cb },
  { .name = "color", .parameter_type = "s", .state = "'#e01b24'", .change_state = color_change_cb },
  { .name = "stop", .activate = stop_activate_cb },
  { .name = "undo", .activate = undo_activate_cb },
  { .name = "redo", .activate = redo_activate_cb },
};

/* Toasts */

static void
message_cb (QmMeetingAnnotations *self,
            const char           *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (self->host, ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_debug ("toast: %s", text);
  if (overlay == NULL)
    return;
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The store */

static void
use_store (QmMeetingAnnotations *self,
           gint64                user_id,
           QmMeetingModel       *model)
{
  g_autoptr(GError) error = NULL;

  self->store = qm_annotation_store_new (self->db_path, self->server_url, user_id,
                                         self->meeting_id, &error);
  if (self->store == NULL)
    {
      g_debug ("no annotations: %s", error->message);
      qm_annotation_editor_report (self->editor, _("Annotations cannot be saved on this device"));
      return;
    }
  qm_annotation_store_follow (self->store, self->live, model);
  qm_annotation_editor_set_store (self->editor, self->store, self->model);
  update_actions (self);
}

/* Signed in with a kept token, the user is known once the meeting is. */
static void
model_reset_cb (QmMeetingAnnotations *self)
{
  if (self->store != NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->model, model_reset_cb, self);
  use_store (self, qm_meeting_model_get_you_user (self->model), self->model);
}

void
qm_meeting_annotations_open (QmMeetingAnnotations *self,
                             const char           *db_path,
                             QmSession            *session,
                             QmLiveConnection     *live,
                             QmMeetingModel       *model,
                             gint64                meeting_id)
{
  const QmUser *user;

  g_return_if_fail (QM_IS_MEETING_ANNOTATIONS (self));
  g_return_if_fail (QM_IS_SESSION (session));
  g_return_if_fail (QM_IS_LIVE_CONNECTION (live));
  g_return_if_fail (QM_IS_MEETING_MODEL (model));

  qm_meeting_annotations_close (self);
  self->live = g_object_ref (live);
  self->model = g_object_ref (model);
  self->server_url = g_strdup (qm_session_get_base_url (session));
  self->db_path = g_strdup (db_path);
  self->meeting_id = meeting_id;

  user = qm_session_get_user (session);
  if (user != NULL && user->id > 0)
    use_store (self, user->id, NULL);
  else
    g_signal_connect_object (model, "reset", G_CALLBACK (model_reset_cb), self, G_CONNECT_SWAPPED);
}

void
qm_meeting_annotations_close (QmMeetingAnnotations *self)
{
  g_return_if_fail (QM_IS_MEETING_ANNOTATIONS (self));

  qm_meeting_annotations_set_document (self, NULL);
  qm_annotation_editor_set_tool (self->editor, QM_ANNOTATION_TOOL_NONE);
  qm_annotation_editor_set_store (self->editor, NULL, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_reset_cb, self);
  g_clear_object (&self->store);
  g_clear_object (&self->live);
  g_clear_object (&self->model);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->db_path, g_free);
  self->meeting_id = 0;
  update_actions (self);
}

void
qm_meeting_annotations_set_document (QmMeetingAnnotations *self,
                                     const char           *doc)
{
  QmRenderScheduler *scheduler;
  guint n_pages;

  g_return_if_fail (QM_IS_MEETING_ANNOTATIONS (self));

  scheduler = qm_document_view_get_scheduler (self->view);
  n_pages = qm_document_view_get_n_pages (self->view);
  g_clear_object (&self->layout);
  qm_annotation_editor_set_document (self->editor, doc);
  if (doc == NULL || scheduler == NULL)
    {
      for (guint i = 1; i <= n_pages; i++)
        qm_page_view_set_overlay (QM_PAGE_VIEW (qm_document_view_get_page_view (self->view, i)), NULL);
      qm_annotation_editor_set_tool (self->editor, QM_ANNOTATION_TOOL_NONE);
      update_actions (self);
      return;
    }

  self->layout = qm_text_layout_new (scheduler);
  for (guint i = 1; i <= n_pages; i++)
    {
      double width, height;

      qm_render_scheduler_get_page_size (scheduler, i - 1, &width, &height);
      qm_page_view_set_overlay (QM_PAGE_VIEW (qm_document_view_get_page_view (self->view, i)),
                                qm_annotation_layer_new (self->editor, self->layout, i, width, height));
    }
  update_actions (self);
}

QmAnnotationStore *
qm_meeting_annotations_get_store (QmMeetingAnnotations *self)
{
  g_return_val_if_fail (QM_IS_MEETING_ANNOTATIONS (self), NULL);
  return self->store;
}

QmAnnotationEditor *
qm_meeting_annotations_get_editor (QmMeetingAnnotations *self)
{
  g_return_val_if_fail (QM_IS_MEETING_ANNOTATIONS (self), NULL);
  return self->editor;
}

GtkWidget *
qm_meeting_annotations_get_tool_bar (QmMeetingAnnotations *self)
{
  g_return_val_if_fail (QM_IS_MEETING_ANNOTATIONS (self), NULL);
  return GTK_WIDGET (self->bar);
}

QmAnnotationLayer *
qm_meeting_annotations_get_layer (QmMeetingAnnotations *self,
                                  guint                 page)
{
  GtkWidget *page_view;
  GtkWidget *overlay;

  g_return_val_if_fail (QM_IS_MEETING_ANNOTATIONS (self), NULL);

  page_view = qm_document_view_get_page_view (self->view, page);
  overlay = page_view != NULL ? qm_page_view_get_overlay (QM_PAGE_VIEW (page_view)) : NULL;
  return overlay != NULL && QM_IS_ANNOTATION_LAYER (overlay) ? QM_ANNOTATION_LAYER (overlay) : NULL;
}

/* GObject */

static void
qm_meeting_annotations_dispose (GObject *object)
{
  QmMeetingAnnotations *self = QM_MEETING_ANNOTATIONS (object);

  if (self->editor != NULL)
    {
      qm_meeting_annotations_close (self);
      g_signal_handlers_disconnect_by_data (self->editor, self);
      /* The actions call back into this object. */
      gtk_widget_insert_action_group (self->host, "annotate", NULL);
    }
  g_clear_object (&self->editor);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (qm_meeting_annotations_parent_class)->dispose (object);
}

static void
qm_meeting_annotations_class_init (QmMeetingAnnotationsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qm_meeting_annotations_dispose;
}

static void
qm_meeting_annotations_init (QmMeetingAnnotations *self)
{
  self->editor = qm_annotation_editor_new ();
  self->last_tool = QM_ANNOTATION_TOOL_PEN;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
}

static void
add_shortcut (GtkEventController *controller,
              const char         *trigger,
              const char         *action_name)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action_name)));
}

QmMeetingAnnotations *
qm_meeting_annotations_new (GtkWidget      *host,
                            QmDocumentView *view,
                            GtkBox         *bar_box,
                            GtkWidget      *bar_sibling)
{
  QmMeetingAnnotations *self;
  GtkEventController *shortcuts;

  g_return_val_if_fail (GTK_IS_WIDGET (host), NULL);
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (view), NULL);
  g_return_val_if_fail (GTK_IS_BOX (bar_box), NULL);

  self = g_object_new (QM_TYPE_MEETING_ANNOTATIONS, NULL);
  self->host = host;
  self->view = view;
  gtk_widget_insert_action_group (host, "annotate", G_ACTION_GROUP (self->actions));

  shortcuts = gtk_shortcut_controller_new ();
  add_shortcut (shortcuts, "<Control>z", "annotate.undo");
  add_shortcut (shortcuts, "<Control><Shift>z", "annotate.redo");
  add_shortcut (shortcuts, "<Control>y", "annotate.redo");
  add_shortcut (shortcuts, "<Control>e", "annotate.active");
  add_shortcut (shortcuts, "Escape", "annotate.stop");
  gtk_widget_add_controller (host, shortcuts);

  /* Annotate: next to the viewer's own buttons. */
  self->annotate_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (self->annotate_button), "document-edit-symbolic");
  gtk_widget_set_tooltip_text (self->annotate_button, _("Annotate (Ctrl+E)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->annotate_button), "annotate.active");
  adw_header_bar_pack_end (ADW_HEADER_BAR (qm_document_view_get_header_bar (view)), self->annotate_button);

  self->bar = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->bar, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_revealer_set_child (self->bar, qm_annotation_tools_new ());
  gtk_box_insert_child_after (bar_box, GTK_WIDGET (self->bar), bar_sibling);

  g_signal_connect_object (self->editor, "notify::tool", G_CALLBACK (tool_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::color", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::can-undo", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::can-redo", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
  return self;
}
