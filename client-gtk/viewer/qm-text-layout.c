/* qm-text-layout.c
 *
 * Where each character of a page's text lies, read with poppler off the main
 * thread from a document of its own, and the selection between two points
 * snapped to whole words (for the highlighter).
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-text-layout"

#include "config.h"

#include <math.h>

#include <poppler.h>

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#include "qm-text-layout.h"

/* A press further than this from any word highlights no text. */
#define SNAP_DISTANCE 24.0

typedef struct
{
  gunichar   *chars;
  QmTextRect *rects;
  guint       n;
} PageText;

struct _QmTextLayout
{
  GObject          parent_instance;

  /* Immutable once made; read by the worker. */
  GFile           *file;
  GBytes          *bytes;

  /* The document, opened on first use; poppler is not thread-safe per
   * document, and this one belongs to no renderer, so one lock is enough. */
  GMutex           mutex;
  PopplerDocument *document;

  /* Main thread only: page index → PageText. */
  GHashTable      *pages;
};

G_DEFINE_FINAL_TYPE (QmTextLayout, qm_text_layout, G_TYPE_OBJECT)

static void
page_text_free (gpointer data)
{
  PageText *text = data;

  g_free (text->chars);
  g_free (text->rects);
  g_free (text);
}

static void
qm_text_layout_finalize (GObject *object)
{
  QmTextLayout *self = QM_TEXT_LAYOUT (object);

  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (qm_text_layout_parent_class)->finalize (object);
}

static void
qm_text_layout_class_init (QmTextLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qm_text_layout_finalize;
}

static void
qm_text_layout_init (QmTextLayout *self)
{
  g_mutex_init (&self->mutex);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_text_free);
}

/**
 * qm_text_layout_new:
 * @scheduler: the document on screen
 *
 * The text of @scheduler's document, read from a copy of its own so that
 * reading it never waits for a render.
 */
QmTextLayout *
qm_text_layout_new (QmRenderScheduler *scheduler)
{
  QmTextLayout *self;

  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (scheduler), NULL);

  self = g_object_new (QM_TYPE_TEXT_LAYOUT, NULL);
  if (qm_render_scheduler_get_file (scheduler) != NULL)
    self->file = g_object_ref (qm_render_scheduler_get_file (scheduler));
  else if (qm_render_scheduler_get_bytes (scheduler) != NULL)
    self->bytes = g_bytes_ref (qm_render_scheduler_get_bytes (scheduler));
  return self;
}

/* Worker thread, under the lock. */
static PageText *
read_page (QmTextLayout  *self,
           guint          index,
           GError       **error)
{
  g_autoptr(PopplerPage) page = NULL;
  g_autofree char *utf8 = NULL;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  glong n_chars = 0;
  PageText *text;

  if (self->document == NULL)
    {
      if (self->file != NULL)
        self->document = poppler_document_new_from_gfile (self->file, NULL, NULL, error);
      else if (self->bytes != NULL)
        self->document = poppler_document_new_from_bytes (self->bytes, NULL, error);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No document");
      if (self->document == NULL)
        return NULL;
    }

  page = poppler_document_get_page (self->document, (int) index);
  if (page == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No page %u", index);
      return NULL;
    }

  text = g_new0 (PageText, 1);
  utf8 = poppler_page_get_text (page);
  if (utf8 != NULL && poppler_page_get_text_layout (page, &rects, &n_rects))
    {
      /* One rectangle per character of the page's text. */
      text->chars = g_utf8_to_ucs4_fast (utf8, -1, &n_chars);
      text->n = MIN (n_rects, (guint) n_chars);
      text->rects = g_new (QmTextRect, MAX (text->n, 1));
      for (guint i = 0; i < text->n; i++)
        {
          text->rects[i].x1 = MIN (rects[i].x1, rects[i].x2);
          text->rects[i].x2 = MAX (rects[i].x1, rects[i].x2);
          text->rects[i].y1 = MIN (rects[i].y1, rects[i].y2);
          text->rects[i].y2 = MAX (rects[i].y1, rects[i].y2);
        }
      g_free (rects);
    }
  return text;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  QmTextLayout *self = source_object;
  guint index = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  PageText *text;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->mutex);
  text = read_page (self, index, &error);
  g_mutex_unlock (&self->mutex);

  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, page_text_free);
}

/**
 * qm_text_layout_load_async:
 * @page: a 0-based page index
 *
 * Reads where the characters of @page lie, unless already known.
 */
void
qm_text_layout_load_async (QmTextLayout        *self,
                           guint                page,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (QM_IS_TEXT_LAYOUT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_text_layout_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (page), NULL);
  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

gboolean
qm_text_layout_load_finish (QmTextLayout  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  PageText *text;
  GError *local_error = NULL;
  guint page;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  page = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  text = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (text != NULL && !g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), text);
  else if (text != NULL)
    page_text_free (text);
  return TRUE;
}

gboolean
qm_text_layout_is_loaded (QmTextLayout *self,
                          guint         page)
{
  g_return_val_if_fail (QM_IS_TEXT_LAYOUT (self), FALSE);

  return g_hash_table_contains (self->pages, GUINT_TO_POINTER (page));
}

/**
 * qm_text_layout_snap:
 * @page: a loaded page's index
 *
 * Returns: (transfer full) (nullable): see qm_text_snap(); %NULL also when
 *   the page is not loaded yet
 */
GArray *
qm_text_layout_snap (QmTextLayout *self,
                     guint         page,
                     double        ax,
                     double        ay,
                     double        bx,
                     double        by)
{
  PageText *text;
  g_autofree char *utf8 = NULL;

  g_return_val_if_fail (QM_IS_TEXT_LAYOUT (self), NULL);

  text = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (text == NULL || text->n == 0)
    return NULL;
  utf8 = g_ucs4_to_utf8 (text->chars, text->n, NULL, NULL, NULL);
  return qm_text_snap (utf8, text->rects, text->n, ax, ay, bx, by);
}

/* The character nearest to (x, y), a gap across lines counting more than
 * one along a line; -1 when none is near. */
static int
nearest_char (const gunichar   *chars,
              const QmTextRect *rects,
              guint             n,
              double            x,
              double            y)
{
  int best = -1;
  double best_score = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      const QmTextRect *r = &rects[i];
      double dx, dy, score;

      if (g_unichar_isspace (chars[i]) || r->x2 <= r->x1 || r->y2 <= r->y1)
        continue;
      dx = x < r->x1 ? r->x1 - x : x > r->x2 ? x - r->x2 : 0;
      dy = y < r->y1 ? r->y1 - y : y > r->y2 ? y - r->y2 : 0;
      score = dx + 4 * dy;
      if (score < best_score)
        {
          best = (int) i;
          best_score = score;
        }
    }
  return best_score <= SNAP_DISTANCE ? best : -1;
}

/**
 * qm_text_snap:
 * @text: the page's text, one character per rectangle of @chars
 * @chars: (array length=n_chars): where each character lies
 * @ax, @ay: where the selection starts, in points
 * @bx, @by: where it ends
 *
 * The words from the one nearest to (@ax, @ay) to the one nearest to
 * (@bx, @by), in reading order, as one rectangle per line.
 *
 * Returns: (transfer full) (nullable): a #GArray of #QmTextRect, or %NULL
 *   when no word is near either point
 */
GArray *
qm_text_snap (const char       *text,
              const QmTextRect *chars,
              guint             n_chars,
              double            ax,
              double            ay,
              double            bx,
              double            by)
{
  g_autofree gunichar *ucs = NULL;
  glong n_ucs = 0;
  guint n;
  int a, b, lo, hi;
  GArray *quads;
  gboolean open = FALSE;
  QmTextRect line = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  ucs = g_utf8_to_ucs4_fast (text, -1, &n_ucs);
  n = MIN (n_chars, (guint) n_ucs);
  a = nearest_char (ucs, chars, n, ax, ay);
  b = nearest_char (ucs, chars, n, bx, by);
  if (a < 0 || b < 0)
    return NULL;

  lo = MIN (a, b);
  hi = MAX (a, b);
  while (lo > 0 && !g_unichar_isspace (ucs[lo - 1]))
    lo--;
  while (hi + 1 < (int) n && !g_unichar_isspace (ucs[hi + 1]))
    hi++;

  quads = g_array_new (FALSE, FALSE, sizeof (QmTextRect));
  for (int i = lo; i <= hi; i++)
    {
      const QmTextRect *r = &chars[i];
      double middle = (r->y1 + r->y2) / 2;

      if (g_unichar_isspace (ucs[i]) || r->x2 <= r->x1 || r->y2 <= r->y1)
        continue;
      /* The same line goes on to the right at the same height. */
      if (open && middle >= line.y1 && middle <= line.y2 && r->x1 >= line.x1 - 1)
        {
          line.x1 = MIN (line.x1, r->x1);
          line.y1 = MIN (line.y1, r->y1);
          line.x2 = MAX (line.x2, r->x2);
          line.y2 = MAX (line.y2, r->y2);
          continue;
        }
      if (open)
        g_array_append_val (quads, line);
      line = *r;
      open = TRUE;
    }
  if (open)
    g_array_append_val (quads, line);
  return quads;
}
