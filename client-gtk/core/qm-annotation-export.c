/* qm-annotation-export.c: writes annotations into a copy of a PDF with
 * poppler-glib, on a worker thread.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <unistd.h>

#include "qm-annotation-export.h"

#define NOTE_ICON_POINTS   20.0
#define NOTE_COLOR         "#f1c40f"
/* Points of a stroke closer than this to the line through their kept
 * neighbours add nothing a reader can see (0.1 mm). */
#define SIMPLIFY_POINTS    0.3

G_DEFINE_QUARK (qm-annotation-export-error-quark, qm_annotation_export_error)

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerAnnot, g_object_unref)

typedef struct
{
  char       *source_path;
  char       *dest_path;
  GPtrArray  *annotations;      /* of QmAnnotation, copies */
  GHashTable *labels;           /* author (gint64 *) → display name */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->source_path);
  g_free (data->dest_path);
  g_ptr_array_unref (data->annotations);
  g_hash_table_unref (data->labels);
  g_free (data);
}

/* The page geometry that turns our top-left points into poppler's. */
typedef struct
{
  double width;
  double height;
} Frame;

static double
pdf_y (const Frame *frame,
       double       y)
{
  return frame->height - y;
}

/* #rrggbb to 16 bits per channel: 0xab → 0xabab. */
static PopplerColor
parse_color (const char *hex)
{
  guint value = (guint) g_ascii_strtoull (hex + 1, NULL, 16);
  PopplerColor color;

  color.red = ((value >> 16) & 0xff) * 257;
  color.green = ((value >> 8) & 0xff) * 257;
  color.blue = (value & 0xff) * 257;
  return color;
}

static void
set_color (PopplerAnnot *annot,
           const char   *hex)
{
  PopplerColor color = parse_color (hex);

  poppler_annot_set_color (annot, &color);
}

static void
finish_annot (PopplerPage  *page,
              PopplerAnnot *annot,
              const char   *color,
              const char   *label)
{
  set_color (annot, color);
  if (POPPLER_IS_ANNOT_MARKUP (annot))
    poppler_annot_markup_set_label (POPPLER_ANNOT_MARKUP (annot), label);
  poppler_page_add_annot (page, annot);
}

static void
add_note (PopplerDocument    *document,
          PopplerPage        *page,
          const Frame        *frame,
          const QmAnnotation *note,
          const char         *label)
{
  g_autoptr(PopplerAnnot) annot = NULL;
  PopplerRectangle rect;

  /* The icon hangs from the point, kept inside the page. */
  rect.x1 = CLAMP (note->x, 0, MAX (frame->width - NOTE_ICON_POINTS, 0));
  rect.x2 = rect.x1 + NOTE_ICON_POINTS;
  rect.y2 = CLAMP (pdf_y (frame, note->y), MIN (NOTE_ICON_POINTS, frame->height), frame->height);
  rect.y1 = rect.y2 - NOTE_ICON_POINTS;

  annot = poppler_annot_text_new (document, &rect);
  poppler_annot_set_contents (annot, note->text != NULL ? note->text : "");
  poppler_annot_text_set_icon (POPPLER_ANNOT_TEXT (annot), POPPLER_ANNOT_TEXT_ICON_NOTE);
  finish_annot (page, annot, NOTE_COLOR, label);
}

static void
add_highlight (PopplerDocument    *document,
               PopplerPage        *page,
               const Frame        *frame,
               const QmAnnotation *highlight,
               const char         *label)
{
  g_autoptr(GArray) quads = NULL;
  g_autoptr(PopplerAnnot) annot = NULL;
  PopplerRectangle rect = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint n = highlight->quads != NULL ? highlight->quads->len : 0;

  if (n == 0)
    return;
  quads = g_array_sized_new (FALSE, FALSE, sizeof (PopplerQuadrilateral), n);
  for (guint i = 0; i < n; i++)
    {
      const QmQuad *q = &g_array_index (highlight->quads, QmQuad, i);
      double left = MIN (q->x1, q->x2), right = MAX (q->x1, q->x2);
      double top = pdf_y (frame, MIN (q->y1, q->y2));
      double bottom = pdf_y (frame, MAX (q->y1, q->y2));
      PopplerQuadrilateral quad;

      /* The order readers expect: upper left, upper right, lower left,
       * lower right. */
      quad.p1.x = left;   quad.p1.y = top;
      quad.p2.x = right;  quad.p2.y = top;
      quad.p3.x = left;   quad.p3.y = bottom;
      quad.p4.x = right;  quad.p4.y = bottom;
      g_array_append_val (quads, quad);

      rect.x1 = MIN (rect.x1, left);
      rect.x2 = MAX (rect.x2, right);
      rect.y1 = MIN (rect.y1, bottom);
      rect.y2 = MAX (rect.y2, top);
    }

  annot = poppler_annot_text_markup_new_highlight (document, &rect, quads);
  finish_annot (page, annot, highlight->color, label);
}

static double
distance_to_line (const QmInkPoint *p,
                  const QmInkPoint *a,
                  const QmInkPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length = hypot (dx, dy);

  if (length == 0)
    return hypot (p->x - a->x, p->y - a->y);
  return fabs (dy * p->x - dx * p->y + b->x * a->y - b->y * a->x) / length;
}

/* Ramer–Douglas–Peucker, with an explicit stack (a stroke may hold 8 000
 * points): marks the points to keep. */
static void
simplify (GArray   *points,
          gboolean *keep)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint range[2] = { 0, points->len - 1 };

  keep[0] = keep[points->len - 1] = TRUE;
  g_array_append_val (stack, range);
  while (stack->len > 0)
    {
      guint *top = &g_array_index (stack, guint, (stack->len - 1) * 2);
      guint first = top[0], last = top[1];
      const QmInkPoint *a = &g_array_index (points, QmInkPoint, first);
      const QmInkPoint *b = &g_array_index (points, QmInkPoint, last);
      double farthest = 0;
      guint index = 0;

      g_array_set_size (stack, stack->len - 1);
      for (guint i = first + 1; i < last; i++)
        {
          double d = distance_to_line (&g_array_index (points, QmInkPoint, i), a, b);

          if (d > farthest)
            {
              farthest = d;
              index = i;
            }
        }
      if (farthest > SIMPLIFY_POINTS)
        {
          guint left[2] = { first, index };
          guint right[2] = { index, last };

          keep[index] = TRUE;
          g_array_append_val (stack, left);
          g_array_append_val (stack, right);
        }
    }
}

static void
add_dot (PopplerDocument    *document,
         PopplerPage        *page,
         const Frame        *frame,
         const QmInkPoint   *point,
         const QmAnnotation *ink,
         const char         *label)
{
  g_autoptr(PopplerAnnot) annot = NULL;
  double radius = MAX (ink->width, 1.0) / 2;
  PopplerRectangle rect = {
    point->x - radius, pdf_y (frame, point->y) - radius,
    point->x + radius, pdf_y (frame, point->y) + radius,
  };
  PopplerColor fill = parse_color (ink->color);

  annot = poppler_annot_circle_new (document, &rect);
  poppler_annot_circle_set_interior_color (POPPLER_ANNOT_CIRCLE (annot), &fill);
  finish_annot (page, annot, ink->color, label);
}

static guint
add_ink (PopplerDocument    *document,
         PopplerPage        *page,
         const Frame        *frame,
         const QmAnnotation *ink,
         const char         *label)
{
  double margin = MAX (ink->width, 1.0) / 2;
  guint added = 0;

  for (guint s = 0; ink->strokes != NULL && s < ink->strokes->len; s++)
    {
      GArray *points = g_ptr_array_index (ink->strokes, s);
      g_autofree gboolean *keep = NULL;
      const QmInkPoint *previous = NULL;

      if (points->len == 0)
        continue;
      if (points->len == 1)
        {
          add_dot (document, page, frame, &g_array_index (points, QmInkPoint, 0), ink, label);
          added++;
          continue;
        }

      keep = g_new0 (gboolean, points->len);
      simplify (points, keep);
      for (guint i = 0; i < points->len; i++)
        {
          const QmInkPoint *point = &g_array_index (points, QmInkPoint, i);
          g_autoptr(PopplerAnnot) annot = NULL;
          PopplerPoint start, end;
          PopplerRectangle rect;

          if (!keep[i])
            continue;
          if (previous == NULL)
            {
              previous = point;
              continue;
            }
          start.x = previous->x;
          start.y = pdf_y (frame, previous->y);
          end.x = point->x;
          end.y = pdf_y (frame, point->y);
          rect.x1 = MIN (start.x, end.x) - margin;
          rect.x2 = MAX (start.x, end.x) + margin;
          rect.y1 = MIN (start.y, end.y) - margin;
          rect.y2 = MAX (start.y, end.y) + margin;
          annot = poppler_annot_line_new (document, &rect, &start, &end);
          finish_annot (page, annot, ink->color, label);
          previous = point;
          added++;
        }
    }
  return added;
}

/* Writes the document next to dest and renames it into place once synced. */
static gboolean
save_atomically (PopplerDocument  *document,
                 const char       *dest_path,
                 GError          **error)
{
  g_autofree char *temp_path = g_strdup_printf ("%s.XXXXXX", dest_path);
  g_autofree char *temp_uri = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;

  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, QM_ANNOTATION_EXPORT_ERROR, QM_ANNOTATION_EXPORT_ERROR_WRITE,
                   "Cannot write next to %s: %s", dest_path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Not poppler_document_save_to_fd: 22.12 leaves the end of the file in a
   * stdio buffer it never flushes. Saving by name closes the file. */
  temp_uri = g_filename_to_uri (temp_path, NULL, &local_error);
  if (temp_uri == NULL || !poppler_document_save (document, temp_uri, &local_error)
      || fsync (fd) != 0)
    {
      g_set_error (error, QM_ANNOTATION_EXPORT_ERROR, QM_ANNOTATION_EXPORT_ERROR_WRITE,
                   "Cannot write %s: %s", dest_path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      close (fd);
      g_unlink (temp_path);
      return FALSE;
    }
  close (fd);

  if (g_rename (temp_path, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, QM_ANNOTATION_EXPORT_ERROR, QM_ANNOTATION_EXPORT_ERROR_WRITE,
                   "Cannot write %s: %s", dest_path, g_strerror (saved_errno));
      g_unlink (temp_path);
      return FALSE;
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  guint written = 0;
  int n_pages;

  uri = g_filename_to_uri (data->source_path, NULL, &error);
  if (uri != NULL)
    document = poppler_document_new_from_file (uri, NULL, &error);
  if (document == NULL)
    {
      g_task_return_new_error (task, QM_ANNOTATION_EXPORT_ERROR, QM_ANNOTATION_EXPORT_ERROR_OPEN,
                               "Cannot open %s: %s", data->source_path, error->message);
      return;
    }

  n_pages = poppler_document_get_n_pages (document);
  for (guint i = 0; i < data->annotations->len; i++)
    {
      const QmAnnotation *annotation = g_ptr_array_index (data->annotations, i);
      const char *label;
      g_autoptr(PopplerPage) page = NULL;
      PopplerRectangle crop;
      Frame frame;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (annotation->page < 1 || annotation->page > n_pages)
        continue;

      page = poppler_document_get_page (document, (int) annotation->page - 1);
      poppler_page_get_crop_box (page, &crop);
      frame.width = fabs (crop.x2 - crop.x1);
      frame.height = fabs (crop.y2 - crop.y1);
      label = g_hash_table_lookup (data->labels, &annotation->author);
      if (label == NULL)
        label = "";

      switch (annotation->kind)
        {
        case QM_ANNOTATION_NOTE:
          add_note (document, page, &frame, annotation, label);
          break;
        case QM_ANNOTATION_HIGHLIGHT:
          add_highlight (document, page, &frame, annotation, label);
          break;
        case QM_ANNOTATION_INK:
        default:
          add_ink (document, page, &frame, annotation, label);
          break;
        }
      written++;
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!save_atomically (document, data->dest_path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, written);
}

void
qm_annotation_export_async (const char          *source_path,
                            const char          *dest_path,
                            GPtrArray           *annotations,
                            QmMeetingModel      *names,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (source_path != NULL);
  g_return_if_fail (dest_path != NULL);
  g_return_if_fail (annotations != NULL);
  g_return_if_fail (names == NULL || QM_IS_MEETING_MODEL (names));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_annotation_export_async);

  /* Everything the thread reads is its own copy. */
  data = g_new0 (ExportData, 1);
  data->source_path = g_strdup (source_path);
  data->dest_path = g_strdup (dest_path);
  data->annotations = g_ptr_array_new_full (annotations->len, (GDestroyNotify) qm_annotation_free);
  data->labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < annotations->len; i++)
    {
      const QmAnnotation *annotation = g_ptr_array_index (annotations, i);
      const char *name = names != NULL
                         ? qm_meeting_model_get_display_name (names, annotation->author) : NULL;
      /* The copy goes through the protocol's parser: NULL for one that
       * breaks its rules, which is left out. */
      QmAnnotation *copy = qm_annotation_copy (annotation);

      if (copy == NULL)
        continue;
      g_ptr_array_add (data->annotations, copy);
      if (name != NULL)
        g_hash_table_replace (data->labels, g_memdup2 (&annotation->author, sizeof (gint64)),
                              g_strdup (name));
    }
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
qm_annotation_export_finish (GAsyncResult  *result,
                             guint         *out_n_written,
                             GError       **error)
{
  gssize written;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == qm_annotation_export_async,
                        FALSE);

  written = g_task_propagate_int (G_TASK (result), error);
  if (written < 0)
    return FALSE;
  if (out_n_written != NULL)
    *out_n_written = (guint) written;
  return TRUE;
}
