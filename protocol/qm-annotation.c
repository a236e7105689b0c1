/* qm-annotation.c: annotations (ink, highlight, note) with their strict JSON codec.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "qm-json-private.h"

static void
free_stroke (gpointer stroke)
{
  g_array_unref (stroke);
}

QmAnnotation *
qm_annotation_new (void)
{
  QmAnnotation *self = g_new0 (QmAnnotation, 1);

  self->rev = 1;
  strcpy (self->color, "#000000");
  return self;
}

void
qm_annotation_free (QmAnnotation *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->doc);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  g_clear_pointer (&self->quads, g_array_unref);
  g_free (self->text);
  g_free (self);
}

static JsonNode *
data_to_json (const QmAnnotation *self)
{
  JsonObject *o = json_object_new ();

  switch (self->kind)
    {
    case QM_ANNOTATION_INK:
      {
        JsonArray *strokes = json_array_new ();

        for (guint i = 0; self->strokes != NULL && i < self->strokes->len; i++)
          {
            GArray *points = g_ptr_array_index (self->strokes, i);
            JsonArray *stroke = json_array_new ();

            for (guint j = 0; j < points->len; j++)
              {
                const QmInkPoint *p = &g_array_index (points, QmInkPoint, j);
                JsonArray *point = json_array_new ();

                json_array_add_double_element (point, p->x);
                json_array_add_double_element (point, p->y);
                if (p->pressure >= 0)
                  json_array_add_double_element (point, p->pressure);
                json_array_add_array_element (stroke, point);
              }
            json_array_add_array_element (strokes, stroke);
          }
        json_object_set_array_member (o, "strokes", strokes);
        json_object_set_string_member (o, "color", self->color);
        json_object_set_double_member (o, "width", self->width);
        break;
      }

    case QM_ANNOTATION_HIGHLIGHT:
      {
        JsonArray *quads = json_array_new ();

        for (guint i = 0; self->quads != NULL && i < self->quads->len; i++)
          {
            const QmQuad *q = &g_array_index (self->quads, QmQuad, i);
            JsonArray *quad = json_array_new ();

            json_array_add_double_element (quad, q->x1);
            json_array_add_double_element (quad, q->y1);
            json_array_add_double_element (quad, q->x2);
            json_array_add_double_element (quad, q->y2);
            json_array_add_array_element (quads, quad);
          }
        json_object_set_array_member (o, "quads", quads);
        json_object_set_string_member (o, "color", self->color);
        break;
      }

    case QM_ANNOTATION_NOTE:
    default:
      json_object_set_double_member (o, "x", self->x);
      json_object_set_double_member (o, "y", self->y);
      json_object_set_string_member (o, "text", self->text ? self->text : "");
      break;
    }

  return _qm_json_object_node (o);
}

JsonNode *
qm_annotation_to_json (const QmAnnotation *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", self->id);
  json_object_set_string_member (o, "doc", self->doc);
  json_object_set_int_member (o, "page", self->page);
  json_object_set_string_member (o, "kind", qm_annotation_kind_to_string (self->kind));
  json_object_set_boolean_member (o, "shared", self->shared);
  json_object_set_int_member (o, "rev", self->rev);
  json_object_set_member (o, "data", data_to_json (self));
  _qm_json_set_id_or_null (o, "author", self->author);
  return _qm_json_object_node (o);
}

static gboolean
bad_data (GError     **error,
          const char  *format,
          ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_data (GError     **error,
          const char  *format,
          ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST, "'data': %s", text);
  return FALSE;
}

static JsonArray *
get_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
get_color (JsonObject    *data,
           QmAnnotation  *self,
           GError       **error)
{
  g_autofree char *color = NULL;

  if (!_qm_json_get_string (data, "color", TRUE, 7, &color, error))
    return FALSE;
  if (!qm_is_color (color))
    return bad_data (error, "'color' must be #rrggbb");
  memcpy (self->color, color, 8);
  return TRUE;
}

static gboolean
ink_from_json (JsonObject    *data,
               QmAnnotation  *self,
               GError       **error)
{
  JsonArray *strokes = get_array (json_object_get_member (data, "strokes"));
  guint n_strokes, total = 0;

  if (strokes == NULL)
    return bad_data (error, "'strokes' must be an array");
  n_strokes = json_array_get_length (strokes);
  if (n_strokes == 0 || n_strokes > QM_MAX_INK_STROKES)
    return bad_data (error, "an ink annotation has 1 to %d strokes", QM_MAX_INK_STROKES);

  self->strokes = g_ptr_array_new_full (n_strokes, free_stroke);
  for (guint i = 0; i < n_strokes; i++)
    {
      JsonArray *stroke = get_array (json_array_get_element (strokes, i));
      GArray *points;
      guint n_points;

      if (stroke == NULL || (n_points = json_array_get_length (stroke)) == 0)
        return bad_data (error, "stroke %u must be a non-empty array of points", i);
      if ((total += n_points) > QM_MAX_INK_POINTS)
        return bad_data (error, "an ink annotation has at most %d points", QM_MAX_INK_POINTS);

      points = g_array_sized_new (FALSE, FALSE, sizeof (QmInkPoint), n_points);
      g_ptr_array_add (self->strokes, points);
      for (guint j = 0; j < n_points; j++)
        {
          JsonArray *point = get_array (json_array_get_element (stroke, j));
          QmInkPoint p = { 0, 0, -1 };
          guint len = point ? json_array_get_length (point) : 0;

          if ((len != 2 && len != 3)
              || !_qm_json_node_double (json_array_get_element (point, 0), 0, QM_MAX_PAGE_POINTS, &p.x)
              || !_qm_json_node_double (json_array_get_element (point, 1), 0, QM_MAX_PAGE_POINTS, &p.y)
              || (len == 3
                  && !_qm_json_node_double (json_array_get_element (point, 2), 0, 1, &p.pressure)))
            return bad_data (error, "stroke %u point %u must be [x,y] or [x,y,pressure] "
                             "with 0 ≤ x,y ≤ %g and 0 ≤ pressure ≤ 1", i, j, QM_MAX_PAGE_POINTS);
          g_array_append_val (points, p);
        }
    }

  if (!get_color (data, self, error)
      || !_qm_json_get_double (data, "width", 0, QM_MAX_INK_WIDTH, &self->width, error))
    return FALSE;
  if (self->width <= 0)
    return bad_data (error, "'width' must be above 0");
  return TRUE;
}

static gboolean
highlight_from_json (JsonObject    *data,
                     QmAnnotation  *self,
                     GError       **error)
{
  JsonArray *quads = get_array (json_object_get_member (data, "quads"));
  guint n_quads;

  if (quads == NULL)
    return bad_data (error, "'quads' must be an array");
  n_quads = json_array_get_length (quads);
  if (n_quads == 0 || n_quads > QM_MAX_HIGHLIGHT_QUADS)
    return bad_data (error, "a highlight has 1 to %d quads", QM_MAX_HIGHLIGHT_QUADS);

  self->quads = g_array_sized_new (FALSE, FALSE, sizeof (QmQuad), n_quads);
  for (guint i = 0; i < n_quads; i++)
    {
      JsonArray *quad = get_array (json_array_get_element (quads, i));
      double v[4];

      if (quad == NULL || json_array_get_length (quad) != 4)
        return bad_data (error, "quad %u must be [x1,y1,x2,y2]", i);
      for (guint k = 0; k < 4; k++)
        if (!_qm_json_node_double (json_array_get_element (quad, k), 0, QM_MAX_PAGE_POINTS, &v[k]))
          return bad_data (error, "quad %u must hold numbers from 0 to %g", i, QM_MAX_PAGE_POINTS);

      g_array_append_val (self->quads, ((QmQuad) { v[0], v[1], v[2], v[3] }));
    }

  return get_color (data, self, error);
}

static gboolean
note_from_json (JsonObject    *data,
                QmAnnotation  *self,
                GError       **error)
{
  return _qm_json_get_double (data, "x", 0, QM_MAX_PAGE_POINTS, &self->x, error)
         && _qm_json_get_double (data, "y", 0, QM_MAX_PAGE_POINTS, &self->y, error)
         && _qm_json_get_string (data, "text", TRUE, QM_MAX_NOTE_CHARS, &self->text, error);
}

QmAnnotation *
_qm_annotation_from_json (JsonNode  *node,
                          gboolean   from_client,
                          GError   **error)
{
  g_autoptr(QmAnnotation) self = qm_annotation_new ();
  g_autofree char *kind = NULL;
  JsonObject *o, *data;
  gboolean ok;

  if (!(o = _qm_json_object (node, "annotation", error))
      || !_qm_json_get_string (o, "id", TRUE, QM_UUID_LENGTH, &self->id, error))
    return NULL;
  if (!qm_is_uuid (self->id))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'id' must be a UUID");
      return NULL;
    }

  if (!_qm_json_get_docid (o, "doc", TRUE, &self->doc, error)
      || !_qm_json_get_int (o, "page", TRUE, 1, QM_MAX_PAGE, NULL, &self->page, error)
      || !_qm_json_get_string (o, "kind", TRUE, 16, &kind, error))
    return NULL;
  if (!qm_annotation_kind_from_string (kind, &self->kind))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'kind' must be ink, highlight or note");
      return NULL;
    }

  if (!_qm_json_get_bool (o, "shared", TRUE, NULL, &self->shared, error)
      || !_qm_json_get_int (o, "rev", TRUE, 1, QM_MAX_ID, NULL, &self->rev, error)
      || (!from_client && !_qm_json_get_id (o, "author", FALSE, &self->author, error))
      || !(data = _qm_json_object (json_object_get_member (o, "data"), "'data'", error)))
    return NULL;

  switch (self->kind)
    {
    case QM_ANNOTATION_INK:
      ok = ink_from_json (data, self, error);
      break;
    case QM_ANNOTATION_HIGHLIGHT:
      ok = highlight_from_json (data, self, error);
      break;
    case QM_ANNOTATION_NOTE:
    default:
      ok = note_from_json (data, self, error);
      break;
    }

  return ok ? g_steal_pointer (&self) : NULL;
}

QmAnnotation *
qm_annotation_from_json (JsonNode  *node,
                         GError   **error)
{
  return _qm_annotation_from_json (node, FALSE, error);
}

QM_DEFINE_CODEC (QmAnnotation, qm_annotation)

gboolean
qm_annotation_fits_page (const QmAnnotation *annotation,
                         double              page_width,
                         double              page_height)
{
  g_return_val_if_fail (annotation != NULL, FALSE);

#define FITS(px, py) ((px) >= 0 && (px) <= page_width && (py) >= 0 && (py) <= page_height)
  switch (annotation->kind)
    {
    case QM_ANNOTATION_INK:
      for (guint i = 0; annotation->strokes != NULL && i < annotation->strokes->len; i++)
        {
          GArray *points = g_ptr_array_index (annotation->strokes, i);

          for (guint j = 0; j < points->len; j++)
            {
              const QmInkPoint *p = &g_array_index (points, QmInkPoint, j);

              if (!FITS (p->x, p->y))
                return FALSE;
            }
        }
      return TRUE;

    case QM_ANNOTATION_HIGHLIGHT:
      for (guint i = 0; annotation->quads != NULL && i < annotation->quads->len; i++)
        {
          const QmQuad *q = &g_array_index (annotation->quads, QmQuad, i);

          if (!FITS (q->x1, q->y1) || !FITS (q->x2, q->y2))
            return FALSE;
        }
      return TRUE;

    case QM_ANNOTATION_NOTE:
    default:
      return FITS (annotation->x, annotation->y);
    }
#undef FITS
}
