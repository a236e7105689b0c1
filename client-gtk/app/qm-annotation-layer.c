/* qm-annotation-layer.c: the annotations of one page, drawn over it at its
 * zoom, and the pen, highlighter, note and eraser at work on it.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-layer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "qm-annotation-layer-private.h"
#include "qm-annotation-paint.h"
#include "qm-ink-smoothing.h"
#include "qm-page-view.h"

/* Sizes on screen, in logical pixels, whatever the zoom. */
#define NOTE_SIZE        QM_ANNOTATION_NOTE_SIZE
#define MARKER_RADIUS    QM_ANNOTATION_MARKER_RADIUS
#define HIT_SLOP         10.0
#define TAP_SLOP         8.0
#define PEN_STEP         1.5
#define PEN_TOLERANCE    0.6
/* A highlight drawn where there is no text is at least this tall (points). */
#define HIGHLIGHT_HEIGHT 12.0

G_DEFINE_FINAL_TYPE (QmAnnotationLayer, qm_annotation_layer, GTK_TYPE_WIDGET)

static void commit_highlight (QmAnnotationLayer *self, double ax, double ay, double bx,
                              double by, gboolean moved, const char *color);

static QmAnnotationStore *
store (QmAnnotationLayer *self)
{
  return qm_annotation_editor_get_store (self->editor);
}

static const char *
doc (QmAnnotationLayer *self)
{
  return qm_annotation_editor_get_document (self->editor);
}

double
qm_annotation_layer_get_zoom (QmAnnotationLayer *self)
{
  GtkWidget *parent;

  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), 1.0);

  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (parent != NULL && QM_IS_PAGE_VIEW (parent))
    return qm_page_view_get_zoom (QM_PAGE_VIEW (parent));
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    return gtk_widget_get_width (GTK_WIDGET (self)) / self->page_width;
  return 1.0;
}

void
qm_annotation_layer_to_page (QmAnnotationLayer *self,
                             double             x,
                             double             y,
                             double            *page_x,
                             double            *page_y)
{
  double zoom;

  g_return_if_fail (QM_IS_ANNOTATION_LAYER (self));

  zoom = qm_annotation_layer_get_zoom (self);
  /* The server takes nothing off the page. */
  *page_x = CLAMP (x / zoom, 0, self->page_width);
  *page_y = CLAMP (y / zoom, 0, self->page_height);
}

/* The id of the topmost annotation at (x, y) in widget coordinates. */
char *
_qm_annotation_layer_hit_test (QmAnnotationLayer *self,
                               double             x,
                               double             y,
                               gboolean           own_only)
{
  g_autoptr(GPtrArray) list = NULL;
  double zoom = qm_annotation_layer_get_zoom (self);
  double px = x / zoom, py = y / zoom;

  if (store (self) == NULL || doc (self) == NULL)
    return NULL;
  list = qm_annotation_store_list (store (self), doc (self), self->page,
                                   own_only ? QM_ANNOTATION_LIST_OWN : QM_ANNOTATION_LIST_ALL);
  for (guint i = list->len; i > 0; i--)
    {
      const QmAnnotation *a = g_ptr_array_index (list, i - 1);

      if (qm_annotation_paint_touches (a, px, py, HIT_SLOP / zoom, zoom))
        return g_strdup (a->id);
    }
  return NULL;
}

/* Drawing ----------------------------------------------------------------- */

/* The part of the layer the scroller shows: nothing else is drawn, so a
 * page at 800 % costs no more than the screen. */
static graphene_rect_t
visible_area (QmAnnotationLayer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                            gtk_widget_get_height (widget));
  graphene_rect_t shown;

  if (scroller != NULL && gtk_widget_compute_bounds (scroller, widget, &shown) &&
      !graphene_rect_intersection (&all, &shown, &all))
    return GRAPHENE_RECT_INIT (0, 0, 0, 0);
  return all;
}

static void
qm_annotation_layer_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  QmAnnotationLayer *self = QM_ANNOTATION_LAYER (widget);
  double zoom = qm_annotation_layer_get_zoom (self);
  graphene_rect_t visible = visible_area (self);
  g_autoptr(GPtrArray) list = NULL;

  if (visible.size.width <= 0 || visible.size.height <= 0)
    return;

  if (store (self) != NULL && doc (self) != NULL)
    list = qm_annotation_store_list (store (self), doc (self), self->page, QM_ANNOTATION_LIST_ALL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const QmAnnotation *a = g_ptr_array_index (list, i);
      graphene_rect_t bounds = qm_annotation_paint_bounds (a, zoom);
      gboolean own = qm_annotation_editor_is_own (self->editor, a);

      qm_annotation_paint (snapshot, a, zoom, own, &visible);
      if (!own)
        qm_annotation_paint_author (snapshot, widget, a->author,
                                    qm_annotation_editor_get_author_name (self->editor, a->author),
                                    MAX (bounds.origin.x * zoom, MARKER_RADIUS + 1),
                                    MAX (bounds.origin.y * zoom, MARKER_RADIUS + 1), &visible);
      else if (qm_annotation_store_is_pending (store (self), a->id))
        qm_annotation_paint_pending (snapshot, (bounds.origin.x + bounds.size.width) * zoom + 2,
                                     bounds.origin.y * zoom - 2, &visible);
    }

  /* What the hand is doing now. */
  if (self->input == QM_ANNOTATION_TOOL_PEN && self->stroke != NULL && self->stroke->len > 0)
    {
      graphene_rect_t area = visible;
      GdkRGBA c = qm_annotation_paint_rgba (self->input_color, 1);
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &area);

      gdk_cairo_set_source_rgba (cr, &c);
      qm_ink_draw (cr, (const QmInkPoint *) self->stroke->data, self->stroke->len,
                   qm_annotation_editor_get_pen_width (self->editor), zoom);
      cairo_destroy (cr);
    }
  if (self->input == QM_ANNOTATION_TOOL_HIGHLIGHTER && self->preview != NULL)
    qm_annotation_paint_quads (snapshot, self->input_color, self->preview->data, self->preview->len, zoom);
}

/* Input ------------------------------------------------------------------- */

static void
set_preview (QmAnnotationLayer *self,
             GArray            *quads)
{
  g_clear_pointer (&self->preview, g_array_unref);
  self->preview = quads;
}

/* What a highlight from a to b covers: whole words when there is text
 * there, else the rectangle dragged (a tap on no text covers nothing). */
static GArray *
highlight_quads (QmAnnotationLayer *self,
                 double             ax,
                 double             ay,
                 double             bx,
                 double             by,
                 gboolean           moved)
{
  GArray *quads = NULL;

  if (self->layout != NULL)
    quads = qm_text_layout_snap (self->layout, self->page - 1, ax, ay, bx, by);
  if (quads != NULL && quads->len == 0)
    g_clear_pointer (&quads, g_array_unref);
  if (quads == NULL && moved)
    {
      QmTextRect r = { MIN (ax, bx), MIN (ay, by), MAX (ax, bx), MAX (ay, by) };

      if (r.y2 - r.y1 < HIGHLIGHT_HEIGHT)
        {
          double middle = (r.y1 + r.y2) / 2;

          r.y1 = MAX (middle - HIGHLIGHT_HEIGHT / 2, 0);
          r.y2 = MIN (middle + HIGHLIGHT_HEIGHT / 2, self->page_height);
        }
      quads = g_array_new (FALSE, FALSE, sizeof (QmTextRect));
      g_array_append_val (quads, r);
    }
  return quads;
}

static void
update_preview (QmAnnotationLayer *self)
{
  set_preview (self, highlight_quads (self, self->ax, self->ay, self->bx, self->by, self->moved));
}

static void
layout_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(QmAnnotationLayer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!qm_text_layout_load_finish (QM_TEXT_LAYOUT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("no text on page %u: %s", self->page, error->message);
    }
  if (self->busy)
    {
      self->busy = FALSE;
      commit_highlight (self, self->busy_rect[0], self->busy_rect[1], self->busy_rect[2],
                        self->busy_rect[3], self->busy_moved, self->busy_color);
    }
  else if (self->input == QM_ANNOTATION_TOOL_HIGHLIGHTER)
    update_preview (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
load_layout (QmAnnotationLayer *self)
{
  if (self->layout == NULL || qm_text_layout_is_loaded (self->layout, self->page - 1))
    return;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  qm_text_layout_load_async (self->layout, self->page - 1, self->cancellable,
                             layout_loaded_cb, g_object_ref (self));
}

static void
report_failure (QmAnnotationLayer *self,
                const GError      *error)
{
  g_debug ("annotation not saved: %s", error->message);
  qm_annotation_editor_report (self->editor, _("The annotation could not be saved"));
}

static QmAnnotation *
annotation_new (QmAnnotationLayer *self,
                QmAnnotationKind   kind)
{
  QmAnnotation *a = qm_annotation_new ();

  a->doc = g_strdup (doc (self));
  a->page = self->page;
  a->kind = kind;
  a->shared = FALSE;
  return a;
}

static void
commit_highlight (QmAnnotationLayer *self,
                  double             ax,
                  double             ay,
                  double             bx,
                  double             by,
                  gboolean           moved,
                  const char        *color)
{
  g_autoptr(GArray) quads = NULL;
  g_autoptr(QmAnnotation) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (store (self) == NULL || doc (self) == NULL)
    return;
  if (self->layout != NULL && !qm_text_layout_is_loaded (self->layout, self->page - 1))
    {
      /* Finished when the page's text is in. */
      self->busy = TRUE;
      self->busy_moved = moved;
      self->busy_rect[0] = ax;
      self->busy_rect[1] = ay;
      self->busy_rect[2] = bx;
      self->busy_rect[3] = by;
      g_strlcpy (self->busy_color, color, sizeof self->busy_color);
      load_layout (self);
      return;
    }

  quads = highlight_quads (self, ax, ay, bx, by, moved);
  if (quads == NULL)
    return;
  a = annotation_new (self, QM_ANNOTATION_HIGHLIGHT);
  g_strlcpy (a->color, color, sizeof a->color);
  a->quads = g_array_sized_new (FALSE, FALSE, sizeof (QmQuad), MIN (quads->len, QM_MAX_HIGHLIGHT_QUADS));
  for (guint i = 0; i < quads->len && i < QM_MAX_HIGHLIGHT_QUADS; i++)
    {
      const QmTextRect *r = &g_array_index (quads, QmTextRect, i);
      QmQuad q = {
        CLAMP (r->x1, 0, self->page_width), CLAMP (r->y1, 0, self->page_height),
        CLAMP (r->x2, 0, self->page_width), CLAMP (r->y2, 0, self->page_height),
      };

      g_array_append_val (a->quads, q);
    }
  id = qm_annotation_editor_put (self->editor, a, &error);
  if (id == NULL)
    report_failure (self, error);
}

static void
commit_ink (QmAnnotationLayer *self)
{
  g_autoptr(QmAnnotation) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  double zoom = qm_annotation_layer_get_zoom (self);
  double tolerance = CLAMP (PEN_TOLERANCE / zoom, 0.05, 2.0);
  GArray *smooth;

  if (self->stroke == NULL || self->stroke->len == 0)
    return;

  smooth = qm_ink_smooth (self->stroke, tolerance);
  /* A scribble past the protocol's limit is thinned until it fits. */
  while (smooth->len > QM_MAX_INK_POINTS)
    {
      g_array_unref (smooth);
      tolerance *= 2;
      smooth = qm_ink_smooth (self->stroke, tolerance);
    }

  a = annotation_new (self, QM_ANNOTATION_INK);
  g_strlcpy (a->color, self->input_color, sizeof a->color);
  a->width = qm_annotation_editor_get_pen_width (self->editor);
  a->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (a->strokes, smooth);
  id = qm_annotation_editor_put (self->editor, a, &error);
  if (id == NULL)
    report_failure (self, error);
}

static void
erase_at (QmAnnotationLayer *self,
          double             x,
          double             y)
{
  char *id;

  while ((id = _qm_annotation_layer_hit_test (self, x, y, TRUE)) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!qm_annotation_editor_remove (self->editor, id, &error))
        {
          g_debug ("cannot erase %s: %s", id, error->message);
          g_free (id);
          return;
        }
      g_free (id);
    }
}

static void
popover_closed_cb (QmAnnotationLayer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  const QmAnnotation *a;
  gboolean shared;

  if (!self->popover_open)
    return;
  self->popover_open = FALSE;
  if (!self->popover_editable || store (self) == NULL)
    return;

  if (qm_annotation_popover_get_deleted (self->popover))
    {
      if (self->popover_id != NULL && !qm_annotation_editor_remove (self->editor, self->popover_id, &error))
        g_debug ("cannot delete %s: %s", self->popover_id, error->message);
      return;
    }

  text = qm_annotation_popover_get_text (self->popover);
  shared = qm_annotation_popover_get_shared (self->popover);
  if (self->popover_kind == QM_ANNOTATION_NOTE && g_utf8_strlen (text, -1) > QM_MAX_NOTE_CHARS)
    {
      char *shorter = g_utf8_substring (text, 0, QM_MAX_NOTE_CHARS);

      g_free (text);
      text = shorter;
      qm_annotation_editor_report (self->editor, _("The note was cut to 4,000 characters"));
    }

  if (self->popover_id == NULL)
    {
      g_autoptr(QmAnnotation) note = NULL;
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      /* A note left empty was never written. */
      if (*stripped == '\0')
        return;
      note = annotation_new (self, QM_ANNOTATION_NOTE);
      note->x = self->note_x;
      note->y = self->note_y;
      note->text = g_steal_pointer (&text);
      note->shared = shared;
      id = qm_annotation_editor_put (self->editor, note, &error);
    }
  else if ((a = qm_annotation_store_lookup (store (self), self->popover_id)) != NULL &&
           (a->shared != shared ||
            (a->kind == QM_ANNOTATION_NOTE && g_strcmp0 (a->text, text) != 0)))
    {
      g_autoptr(QmAnnotation) edit = qm_annotation_copy (a);

      edit->shared = shared;
      if (edit->kind == QM_ANNOTATION_NOTE)
        {
          g_free (edit->text);
          edit->text = g_steal_pointer (&text);
        }
      id = qm_annotation_editor_put (self->editor, edit, &error);
    }
  else
    return;

  if (id == NULL)
    report_failure (self, error);
}

void
_qm_annotation_layer_open_popover (QmAnnotationLayer *self,
                                   const char        *id,
                                   double             note_x,
                                   double             note_y)
{
  const QmAnnotation *a = id != NULL ? qm_annotation_store_lookup (store (self), id) : NULL;
  double zoom = qm_annotation_layer_get_zoom (self);
  gboolean own = a == NULL || qm_annotation_editor_is_own (self->editor, a);
  GdkRectangle pointing;

  if (id != NULL && a == NULL)
    return;

  if (self->popover == NULL)
    {
      self->popover = QM_ANNOTATION_POPOVER (qm_annotation_popover_new ());
      gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
      g_signal_connect_object (self->popover, "closed", G_CALLBACK (popover_closed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  /* Whatever was open is settled first. */
  if (self->popover_open)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  self->popover_kind = a != NULL ? a->kind : QM_ANNOTATION_NOTE;
  self->popover_editable = own;
  g_free (self->popover_id);
  self->popover_id = g_strdup (id);
  self->note_x = note_x;
  self->note_y = note_y;
  qm_annotation_popover_setup (self->popover, self->popover_kind,
                               a != NULL ? a->text : NULL, a != NULL && a->shared, own, a == NULL,
                               a != NULL && !own
                                 ? qm_annotation_editor_get_author_name (self->editor, a->author)
                                 : NULL);
  if (a != NULL)
    {
      graphene_rect_t b = qm_annotation_paint_bounds (a, zoom);

      pointing = (GdkRectangle) { (int) (b.origin.x * zoom), (int) (b.origin.y * zoom),
                                  MAX ((int) (b.size.width * zoom), 1),
                                  MAX ((int) (b.size.height * zoom), 1) };
    }
  else
    pointing = (GdkRectangle) { (int) (note_x * zoom), (int) (note_y * zoom), (int) NOTE_SIZE,
                                (int) NOTE_SIZE };
  /* It points at what shows of the annotation: a popover pointing off
   * screen has nowhere to go. */
  {
    graphene_rect_t visible = visible_area (self);
    int x1 = MAX (pointing.x, (int) ceil (visible.origin.x));
    int y1 = MAX (pointing.y, (int) ceil (visible.origin.y));
    int x2 = MIN (pointing.x + pointing.width, (int) (visible.origin.x + visible.size.width));
    int y2 = MIN (pointing.y + pointing.height, (int) (visible.origin.y + visible.size.height));

    if (x2 <= x1 || y2 <= y1)
      {
        g_clear_pointer (&self->popover_id, g_free);
        return;
      }
    pointing = (GdkRectangle) { x1, y1, x2 - x1, y2 - y1 };
  }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &pointing);
  self->popover_open = TRUE;
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

/* A new note at (x, y) in widget coordinates, kept whole on the page. */
static void
open_new_note (QmAnnotationLayer *self,
               double             x,
               double             y)
{
  double zoom = qm_annotation_layer_get_zoom (self);
  double px, py;

  qm_annotation_layer_to_page (self, x - NOTE_SIZE / 2, y - NOTE_SIZE / 2, &px, &py);
  px = MIN (px, MAX (self->page_width - NOTE_SIZE / zoom, 0));
  py = MIN (py, MAX (self->page_height - NOTE_SIZE / zoom, 0));
  _qm_annotation_layer_open_popover (self, NULL, px, py);
}

gboolean
qm_annotation_layer_tap (QmAnnotationLayer *self,
                         double             x,
                         double             y)
{
  g_autofree char *id = NULL;
  g_autofree char *own = NULL;
  const QmAnnotation *a;

  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), FALSE);

  id = _qm_annotation_layer_hit_test (self, x, y, FALSE);
  if (id == NULL)
    return FALSE;
  a = qm_annotation_store_lookup (store (self), id);
  /* Anyone's note opens; of the rest, only one's own has settings. */
  if (a->kind != QM_ANNOTATION_NOTE && !qm_annotation_editor_is_own (self->editor, a))
    {
      own = _qm_annotation_layer_hit_test (self, x, y, TRUE);
      if (own == NULL)
        return FALSE;
      g_free (id);
      id = g_steal_pointer (&own);
    }
  _qm_annotation_layer_open_popover (self, id, 0, 0);
  return TRUE;
}

gboolean
qm_annotation_layer_press (QmAnnotationLayer *self,
                           double             x,
                           double             y,
                           double             pressure)
{
  QmAnnotationTool tool;
  double px, py;

  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), FALSE);

  tool = self->eraser_end ? QM_ANNOTATION_TOOL_ERASER : qm_annotation_editor_get_tool (self->editor);
  if (tool == QM_ANNOTATION_TOOL_NONE || store (self) == NULL || doc (self) == NULL)
    return FALSE;

  qm_annotation_layer_cancel (self);
  self->input = tool;
  self->moved = FALSE;
  self->press_x = x;
  self->press_y = y;
  g_strlcpy (self->input_color, qm_annotation_editor_get_tool_color (self->editor, tool),
             sizeof self->input_color);
  qm_annotation_layer_to_page (self, x, y, &px, &py);

  switch (tool)
    {
    case QM_ANNOTATION_TOOL_PEN:
      {
        QmInkPoint point = { px, py, pressure >= 0 ? CLAMP (pressure, 0, 1) : -1 };

        self->stroke = g_array_new (FALSE, FALSE, sizeof (QmInkPoint));
        g_array_append_val (self->stroke, point);
      }
      break;

    case QM_ANNOTATION_TOOL_HIGHLIGHTER:
      self->ax = self->bx = px;
      self->ay = self->by = py;
      load_layout (self);
      break;

    case QM_ANNOTATION_TOOL_ERASER:
      qm_annotation_editor_begin_group (self->editor);
      erase_at (self, x, y);
      break;

    case QM_ANNOTATION_TOOL_NOTE:
    case QM_ANNOTATION_TOOL_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

void
qm_annotation_layer_motion (QmAnnotationLayer *self,
                            double             x,
                            double             y,
                            double             pressure)
{
  double px, py;

  g_return_if_fail (QM_IS_ANNOTATION_LAYER (self));

  if (self->input == QM_ANNOTATION_TOOL_NONE || self->multi_touch)
    return;
  if (hypot (x - self->press_x, y - self->press_y) > TAP_SLOP)
    self->moved = TRUE;
  qm_annotation_layer_to_page (self, x, y, &px, &py);

  switch (self->input)
    {
    case QM_ANNOTATION_TOOL_PEN:
      {
        QmInkPoint point = { px, py, pressure >= 0 ? CLAMP (pressure, 0, 1) : -1 };
        const QmInkPoint *last = &g_array_index (self->stroke, QmInkPoint, self->stroke->len - 1);

        if (qm_ink_accept_point (last, &point, PEN_STEP / qm_annotation_layer_get_zoom (self)))
          g_array_append_val (self->stroke, point);
      }
      break;

    case QM_ANNOTATION_TOOL_HIGHLIGHTER:
      self->bx = px;
      self->by = py;
      update_preview (self);
      break;

    case QM_ANNOTATION_TOOL_ERASER:
      erase_at (self, x, y);
      break;

    case QM_ANNOTATION_TOOL_NOTE:
    case QM_ANNOTATION_TOOL_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
qm_annotation_layer_release (QmAnnotationLayer *self,
                             double             x,
                             double             y,
                             double             pressure)
{
  g_autofree char *own = NULL;
  QmAnnotationTool input;

  g_return_if_fail (QM_IS_ANNOTATION_LAYER (self));

  input = self->input;
  if (input == QM_ANNOTATION_TOOL_NONE || self->multi_touch)
    {
      qm_annotation_layer_cancel (self);
      return;
    }
  qm_annotation_layer_motion (self, x, y, pressure);

  /* A tap on one's own drawing or highlight opens it, rather than making
   * a dot or highlighting over it. */
  if (!self->moved && (input == QM_ANNOTATION_TOOL_PEN || input == QM_ANNOTATION_TOOL_HIGHLIGHTER))
    own = _qm_annotation_layer_hit_test (self, x, y, TRUE);

  switch (input)
    {
    case QM_ANNOTATION_TOOL_PEN:
      if (own != NULL)
        _qm_annotation_layer_open_popover (self, own, 0, 0);
      else
        commit_ink (self);
      break;

    case QM_ANNOTATION_TOOL_HIGHLIGHTER:
      if (own != NULL)
        _qm_annotation_layer_open_popover (self, own, 0, 0);
      else
        commit_highlight (self, self->ax, self->ay, self->bx, self->by, self->moved, self->input_color);
      break;

    case QM_ANNOTATION_TOOL_NOTE:
      {
        g_autofree char *note = _qm_annotation_layer_hit_test (self, x, y, FALSE);
        const QmAnnotation *a = note != NULL ? qm_annotation_store_lookup (store (self), note) : NULL;

        if (a != NULL && a->kind == QM_ANNOTATION_NOTE)
          _qm_annotation_layer_open_popover (self, note, 0, 0);
        else
          open_new_note (self, x, y);
      }
      break;

    case QM_ANNOTATION_TOOL_ERASER:
      qm_annotation_editor_end_group (self->editor);
      break;

    case QM_ANNOTATION_TOOL_NONE:
    default:
      break;
    }

  self->input = QM_ANNOTATION_TOOL_NONE;
  g_clear_pointer (&self->stroke, g_array_unref);
  set_preview (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
qm_annotation_layer_cancel (QmAnnotationLayer *self)
{
  g_return_if_fail (QM_IS_ANNOTATION_LAYER (self));

  if (self->input == QM_ANNOTATION_TOOL_ERASER)
    qm_annotation_editor_end_group (self->editor);
  self->input = QM_ANNOTATION_TOOL_NONE;
  g_clear_pointer (&self->stroke, g_array_unref);
  set_preview (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (QmAnnotationLayer *self,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip)
{
  g_autofree char *id = keyboard ? NULL : _qm_annotation_layer_hit_test (self, x, y, FALSE);
  const QmAnnotation *a = id != NULL ? qm_annotation_store_lookup (store (self), id) : NULL;
  g_autoptr(GString) text = NULL;

  if (a == NULL)
    return FALSE;
  text = g_string_new (NULL);
  if (!qm_annotation_editor_is_own (self->editor, a))
    {
      const char *name = qm_annotation_editor_get_author_name (self->editor, a->author);

      g_string_append_printf (text, _("Shared by %s"), name != NULL ? name : _("another participant"));
    }
  else if (qm_annotation_store_is_pending (store (self), a->id))
    g_string_append (text, _("Saved on this device, not sent yet"));
  else if (a->shared)
    g_string_append (text, _("Shared with the meeting"));
  if (a->kind == QM_ANNOTATION_NOTE && a->text != NULL && *a->text != '\0')
    {
      g_autofree char *preview = g_utf8_substring (a->text, 0, MIN (g_utf8_strlen (a->text, -1), 300));

      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append (text, preview);
    }
  if (text->len == 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* GObject ----------------------------------------------------------------- */

static void
editor_changed_cb (QmAnnotationLayer *self,
                   const char        *changed_doc,
                   gint64             page)
{
  if (changed_doc == NULL || ((gint64) self->page == page && g_strcmp0 (changed_doc, doc (self)) == 0))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tool_changed_cb (QmAnnotationLayer *self)
{
  static const char * const cursors[] = { NULL, "crosshair", "text", "copy", "cell" };
  QmAnnotationTool tool = qm_annotation_editor_get_tool (self->editor);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursors[tool]);
  if (tool == QM_ANNOTATION_TOOL_NONE)
    qm_annotation_layer_cancel (self);
}

static void
qm_annotation_layer_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  QmAnnotationLayer *self = QM_ANNOTATION_LAYER (widget);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
qm_annotation_layer_dispose (GObject *object)
{
  QmAnnotationLayer *self = QM_ANNOTATION_LAYER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->popover != NULL)
    {
      /* Closing it keeps what was typed. */
      if (self->popover_open)
        popover_closed_cb (self);
      g_signal_handlers_disconnect_by_data (self->popover, self);
      g_clear_pointer ((GtkWidget **) &self->popover, gtk_widget_unparent);
    }
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  g_clear_object (&self->editor);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (qm_annotation_layer_parent_class)->dispose (object);
}

static void
qm_annotation_layer_finalize (GObject *object)
{
  QmAnnotationLayer *self = QM_ANNOTATION_LAYER (object);

  g_clear_pointer (&self->stroke, g_array_unref);
  g_clear_pointer (&self->preview, g_array_unref);
  g_free (self->popover_id);

  G_OBJECT_CLASS (qm_annotation_layer_parent_class)->finalize (object);
}

static void
qm_annotation_layer_class_init (QmAnnotationLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_annotation_layer_dispose;
  object_class->finalize = qm_annotation_layer_finalize;
  widget_class->snapshot = qm_annotation_layer_snapshot;
  widget_class->size_allocate = qm_annotation_layer_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "qm-annotation-layer");
}

static void
qm_annotation_layer_init (QmAnnotationLayer *self)
{
  _qm_annotation_layer_init_gestures (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
qm_annotation_layer_new (QmAnnotationEditor *editor,
                         QmTextLayout       *layout,
                         guint               page,
                         double              page_width,
                         double              page_height)
{
  QmAnnotationLayer *self;

  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (editor), NULL);
  g_return_val_if_fail (layout == NULL || QM_IS_TEXT_LAYOUT (layout), NULL);
  g_return_val_if_fail (page >= 1, NULL);

  self = g_object_new (QM_TYPE_ANNOTATION_LAYER, NULL);
  self->editor = g_object_ref (editor);
  self->layout = layout != NULL ? g_object_ref (layout) : NULL;
  self->page = page;
  self->page_width = page_width;
  self->page_height = page_height;
  g_signal_connect_object (editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "notify::document", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "notify::tool", G_CALLBACK (tool_changed_cb), self, G_CONNECT_SWAPPED);
  tool_changed_cb (self);
  return GTK_WIDGET (self);
}

guint
qm_annotation_layer_get_page (QmAnnotationLayer *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), 0);
  return self->page;
}

QmAnnotationPopover *
qm_annotation_layer_get_popover (QmAnnotationLayer *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), NULL);
  return self->popover_open ? self->popover : NULL;
}

gboolean
qm_annotation_layer_get_busy (QmAnnotationLayer *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_LAYER (self), FALSE);
  return self->busy;
}
