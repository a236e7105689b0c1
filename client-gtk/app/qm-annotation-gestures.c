/* qm-annotation-gestures.c: how fingers, a stylus and a mouse reach the
 * annotation layer. With no tool the page is left to the scroller; with
 * one, a drag claims its finger or stylus at once; once a stylus has been
 * seen, fingers scroll again; two fingers while drawing with a finger drop
 * the stroke and pan and zoom the pages.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-layer"

#include "config.h"

#include <math.h>

#include "qm-annotation-layer-private.h"
#include "qm-document-view.h"

/* A two-finger pinch below this much change is a two-finger scroll. */
#define PINCH_THRESHOLD 0.06

static double
event_pressure (GdkEvent *event)
{
  double pressure;

  if (event != NULL && gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &pressure))
    return CLAMP (pressure, 0, 1);
  return -1;
}

static GdkEvent *
current_event (GtkGesture *gesture)
{
  GdkEventSequence *sequence = gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));

  return gtk_gesture_get_last_event (gesture, sequence);
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               QmAnnotationLayer *self)
{
  GdkEvent *event = current_event (GTK_GESTURE (gesture));
  GdkDevice *device = event != NULL ? gdk_event_get_device (event) : NULL;
  GdkDeviceTool *tool = event != NULL ? gdk_event_get_device_tool (event) : NULL;
  GdkInputSource source = device != NULL ? gdk_device_get_source (device) : GDK_SOURCE_MOUSE;
  GdkDeviceToolType tool_type = tool != NULL ? gdk_device_tool_get_tool_type (tool)
                                             : GDK_DEVICE_TOOL_TYPE_UNKNOWN;
  gboolean stylus = source == GDK_SOURCE_PEN ||
                    tool_type == GDK_DEVICE_TOOL_TYPE_PEN ||
                    tool_type == GDK_DEVICE_TOOL_TYPE_ERASER ||
                    tool_type == GDK_DEVICE_TOOL_TYPE_BRUSH ||
                    tool_type == GDK_DEVICE_TOOL_TYPE_PENCIL;

  if (stylus)
    qm_annotation_editor_set_stylus_seen (self->editor, TRUE);

  /* Reading, or a finger on a tablet whose stylus draws: the page scrolls. */
  if (qm_annotation_editor_get_tool (self->editor) == QM_ANNOTATION_TOOL_NONE ||
      (source == GDK_SOURCE_TOUCHSCREEN && qm_annotation_editor_get_stylus_seen (self->editor)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->eraser_end = tool_type == GDK_DEVICE_TOOL_TYPE_ERASER;
  self->drag_x = x;
  self->drag_y = y;
  if (!qm_annotation_layer_press (self, x, y, event_pressure (event)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Claimed at once, before the scroller's own drag claims it. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                QmAnnotationLayer *self)
{
  qm_annotation_layer_motion (self, self->drag_x + dx, self->drag_y + dy,
                              event_pressure (current_event (GTK_GESTURE (gesture))));
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             QmAnnotationLayer *self)
{
  qm_annotation_layer_release (self, self->drag_x + dx, self->drag_y + dy,
                               event_pressure (current_event (GTK_GESTURE (gesture))));
  self->eraser_end = FALSE;
  self->multi_touch = FALSE;
}

static void
drag_cancel_cb (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                QmAnnotationLayer *self)
{
  qm_annotation_layer_cancel (self);
  self->eraser_end = FALSE;
}

/* Two fingers while drawing with a finger: the stroke is dropped and they
 * scroll and zoom the pages instead. */
static void
pinch_begin_cb (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                QmAnnotationLayer *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), QM_TYPE_DOCUMENT_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double x, y;

  if (self->input == QM_ANNOTATION_TOOL_NONE || view == NULL || scroller == NULL)
    {
      gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  qm_annotation_layer_cancel (self);
  self->multi_touch = TRUE;
  self->pinch_zoom = qm_document_view_get_zoom (QM_DOCUMENT_VIEW (view));
  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  gtk_widget_translate_coordinates (GTK_WIDGET (self), scroller, x, y, &self->pan_x, &self->pan_y);
}

static void
pinch_scale_changed_cb (GtkGestureZoom    *gesture,
                        double             scale,
                        QmAnnotationLayer *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), QM_TYPE_DOCUMENT_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *hadj, *vadj;
  double x, y, sx, sy;

  if (!self->multi_touch || view == NULL || scroller == NULL)
    return;

  if (fabs (scale - 1) > PINCH_THRESHOLD)
    qm_document_view_set_zoom (QM_DOCUMENT_VIEW (view), self->pinch_zoom * scale);

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y) ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), scroller, x, y, &sx, &sy))
    return;
  hadj = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (hadj, gtk_adjustment_get_value (hadj) - (sx - self->pan_x));
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) - (sy - self->pan_y));
  self->pan_x = sx;
  self->pan_y = sy;
}

/* Reading: a tap opens a note. */
static void
click_released_cb (GtkGestureClick   *gesture,
                   int                n_press,
                   double             x,
                   double             y,
                   QmAnnotationLayer *self)
{
  if (qm_annotation_editor_get_tool (self->editor) != QM_ANNOTATION_TOOL_NONE || n_press != 1)
    return;
  if (qm_annotation_layer_tap (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Right click or long press: one's own annotation's settings. */
static void
context_cb (QmAnnotationLayer *self,
            double             x,
            double             y,
            GtkGesture        *gesture)
{
  g_autofree char *id = _qm_annotation_layer_hit_test (self, x, y, TRUE);

  if (id == NULL)
    return;
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  _qm_annotation_layer_open_popover (self, id, 0, 0);
}

static void
right_click_cb (GtkGestureClick   *gesture,
                int                n_press,
                double             x,
                double             y,
                QmAnnotationLayer *self)
{
  context_cb (self, x, y, GTK_GESTURE (gesture));
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               QmAnnotationLayer   *self)
{
  context_cb (self, x, y, GTK_GESTURE (gesture));
}

void
_qm_annotation_layer_init_gestures (QmAnnotationLayer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *right = gtk_gesture_click_new ();
  GtkGesture *hold = gtk_gesture_long_press_new ();

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  /* With the drag in one group, so the finger it claimed counts for the
   * pinch too. */
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_group (pinch, drag);

  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right), GDK_BUTTON_SECONDARY);
  g_signal_connect (right, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (right));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (hold), TRUE);
  g_signal_connect (hold, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (hold));
}
