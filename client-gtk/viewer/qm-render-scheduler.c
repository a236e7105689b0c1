/* qm-render-scheduler.c
 *
 * Renders the pages of one PDF on a worker thread, in priority order, into a
 * byte-budgeted cache of GdkTextures.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-render-scheduler"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "qm-page-pixels-private.h"
#include "qm-render-scheduler.h"

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A hostile page size must not become a gigabyte surface. */
#define MAX_SIDE_PIXELS 8192
#define MAX_PIXELS      (48 * 1024 * 1024)
#define MAX_PAGE_POINTS 14400.0

/* Memory of pages evicted from the cache kept for the next renders. */
#define SPARE_PIXEL_BYTES (32 * 1024 * 1024)

/* A search step yields the thread after this long so renders interleave. */
#define SEARCH_SLICE_USEC 8000

#define SEARCH_PRIORITY G_MAXUINT

G_DEFINE_QUARK (qm-render-error-quark, qm_render_error)

typedef struct
{
  char   *text;
  guint   next_page;
  GArray *hits;
} SearchState;

typedef struct
{
  guint   page;
  double  scale;
  guint   priority;
  guint64 serial;
  GTask  *task;      /* non-NULL for a search job */
} Job;

typedef struct
{
  guint       page;
  double      scale;
  guint64     serial;
  GdkTexture *texture;
  GTask      *task;      /* a finished search, returned on the main thread */
} Result;

typedef struct
{
  gint64      key;
  guint       page;
  double      scale;
  GdkTexture *texture;
  gsize       bytes;
  GList       link;
} CacheEntry;

typedef struct
{
  double  scale;
  guint64 serial;    /* 0: nothing wanted */
} Want;

struct _QmRenderScheduler
{
  GObject          parent_instance;

  PopplerDocument *document;
  guint            n_pages;
  double          *widths;
  double          *heights;
  char            *title;
  GFile           *file;
  GBytes          *bytes;
  QmPagePixels    *pixels;

  /* Shared with the worker, under mutex. */
  GMutex           mutex;
  GCond            cond;
  GPtrArray       *queue;
  GPtrArray       *results;
  gboolean         shutdown;
  GThread         *thread;
  GSource         *inbox;

  /* Main thread only. */
  guint64          next_serial;
  Want            *wants;
  GHashTable      *cache;
  GQueue           lru;
  gsize            cache_bytes;
  gsize            page_bytes;   /* of the latest page cached */
  gsize            budget;
};

G_DEFINE_FINAL_TYPE (QmRenderScheduler, qm_render_scheduler, G_TYPE_OBJECT)

enum {
  PAGE_READY,
  PAGE_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
search_state_free (gpointer data)
{
  SearchState *state = data;

  g_free (state->text);
  g_clear_pointer (&state->hits, g_array_unref);
  g_free (state);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->task);
  g_free (job);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_object (&result->texture);
  g_clear_object (&result->task);
  g_free (result);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

static gint64
cache_key (guint  page,
           double scale)
{
  return ((gint64) page << 32) | (gint64) (guint32) lround (scale * 1000.0);
}

static gboolean
scales_equal (double a,
              double b)
{
  return lround (a * 1000.0) == lround (b * 1000.0);
}

/* Worker thread ------------------------------------------------------------ */

static GdkTexture *
render_page (QmRenderScheduler *self,
             guint              index,
             double             scale)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (self->document, index);
  double width = self->widths[index];
  double height = self->heights[index];
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkTexture *texture;
  int w, h;

  if (!isfinite (scale) || scale <= 0)
    scale = 1.0;

  w = MAX (1, (int) ceil (width * scale - 0.001));
  h = MAX (1, (int) ceil (height * scale - 0.001));
  if (w > MAX_SIDE_PIXELS || h > MAX_SIDE_PIXELS || (double) w * h > MAX_PIXELS)
    {
      double shrink = MIN (MIN ((double) MAX_SIDE_PIXELS / w, (double) MAX_SIDE_PIXELS / h),
                           sqrt ((double) MAX_PIXELS / ((double) w * h)));

      w = MAX (1, (int) floor (w * shrink));
      h = MAX (1, (int) floor (h * shrink));
    }

  surface = _qm_page_pixels_surface_new (self->pixels, w, h);
  if (surface == NULL)
    return NULL;

  /* A recycled buffer holds an old page: the paper covers it all. */
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  if (page != NULL)
    {
      cairo_scale (cr, w / width, h / height);
      poppler_page_render (page, cr);
    }
  cairo_destroy (cr);

  texture = _qm_page_pixels_texture_new (surface);
  cairo_surface_destroy (surface);

  return texture;
}

static void
search_step (QmRenderScheduler *self,
             Job               *job)
{
  SearchState *state = g_task_get_task_data (job->task);
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  gint64 deadline = g_get_monotonic_time () + SEARCH_SLICE_USEC;

  while (state->next_page < self->n_pages && g_get_monotonic_time () < deadline)
    {
      guint index = state->next_page++;
      g_autoptr(PopplerPage) page = NULL;
      GList *rects;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      page = poppler_document_get_page (self->document, index);
      if (page == NULL)
        continue;

      rects = poppler_page_find_text_with_options (page, state->text, POPPLER_FIND_DEFAULT);
      for (GList *l = rects; l != NULL; l = l->next)
        {
          PopplerRectangle *rect = l->data;
          QmTextHit hit;

          /* Poppler's rectangles have their origin at the bottom left. */
          hit.page = index;
          hit.x1 = MIN (rect->x1, rect->x2);
          hit.x2 = MAX (rect->x1, rect->x2);
          hit.y1 = self->heights[index] - MAX (rect->y1, rect->y2);
          hit.y2 = self->heights[index] - MIN (rect->y1, rect->y2);
          g_array_append_val (state->hits, hit);
        }
      g_list_free_full (rects, (GDestroyNotify) poppler_rectangle_free);
    }

  /* The task holds the scheduler: it is returned and dropped on the main
   * thread, or the last reference could go on this one. */
  if (g_cancellable_is_cancelled (cancellable) || state->next_page >= self->n_pages)
    {
      Result *result = g_new0 (Result, 1);

      result->task = g_steal_pointer (&job->task);
      job_free (job);
      g_mutex_lock (&self->mutex);
      g_ptr_array_add (self->results, result);
      g_mutex_unlock (&self->mutex);
      g_source_set_ready_time (self->inbox, 0);
      return;
    }

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->queue, job);
  g_mutex_unlock (&self->mutex);
}

static Job *
pop_job_locked (QmRenderScheduler *self)
{
  guint best = 0;

  for (guint i = 1; i < self->queue->len; i++)
    {
      Job *a = g_ptr_array_index (self->queue, i);
      Job *b = g_ptr_array_index (self->queue, best);

      if (a->priority < b->priority)
        best = i;
    }

  return g_ptr_array_steal_index (self->queue, best);
}

static gpointer
worker_main (gpointer data)
{
  QmRenderScheduler *self = data;

  for (;;)
    {
      Job *job;
      Result *result;

      g_mutex_lock (&self->mutex);
      while (!self->shutdown && self->queue->len == 0)
        g_cond_wait (&self->cond, &self->mutex);
      if (self->shutdown)
        {
          g_mutex_unlock (&self->mutex);
          break;
        }
      job = pop_job_locked (self);
      g_mutex_unlock (&self->mutex);

      if (job->task != NULL)
        {
          search_step (self, job);
          continue;
        }

      result = g_new0 (Result, 1);
      result->page = job->page;
      result->scale = job->scale;
      result->serial = job->serial;
      result->texture = render_page (self, job->page, job->scale);
      job_free (job);

      g_mutex_lock (&self->mutex);
      g_ptr_array_add (self->results, result);
      g_mutex_unlock (&self->mutex);
      g_source_set_ready_time (self->inbox, 0);
    }

  return NULL;
}

/* Main thread ------------------------------------------------------------- */

static void
cache_remove (QmRenderScheduler *self,
              CacheEntry        *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  self->cache_bytes -= entry->bytes;
  g_hash_table_remove (self->cache, &entry->key);
}

/* The budget holds the cache and the spare buffers kept for the next
 * renders. The cache leaves room for one page (the size of the latest) so
 * that the page it evicts can be the next one's memory; the spare buffers
 * get what the cache leaves. Evicts the least recently used entries but
 * keep; returns the pages that lost an entry, or NULL. */
static GArray *
cache_trim (QmRenderScheduler *self,
            CacheEntry        *keep)
{
  GArray *dropped = NULL;
  GList *l = self->lru.tail;

  while (self->cache_bytes + self->page_bytes > self->budget && l != NULL)
    {
      CacheEntry *entry = l->data;

      l = l->prev;
      if (entry == keep)
        continue;
      if (dropped == NULL)
        dropped = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (dropped, entry->page);
      cache_remove (self, entry);
    }

  _qm_page_pixels_set_max_spare_bytes (self->pixels,
                                       self->budget > self->cache_bytes
                                       ? MIN (self->budget - self->cache_bytes, SPARE_PIXEL_BYTES)
                                       : 0);
  return dropped;
}

/* Told after the trim, so that handlers may look at the cache again. */
static void
emit_dropped (QmRenderScheduler *self,
              GArray            *dropped)
{
  if (dropped == NULL)
    return;

  for (guint i = 0; i < dropped->len; i++)
    g_signal_emit (self, signals[PAGE_DROPPED], 0, g_array_index (dropped, guint, i));
  g_array_unref (dropped);
}

static GArray *
cache_insert (QmRenderScheduler *self,
              guint              page,
              double             scale,
              GdkTexture        *texture)
{
  CacheEntry *entry;
  gint64 key = cache_key (page, scale);

  entry = g_hash_table_lookup (self->cache, &key);
  if (entry != NULL)
    cache_remove (self, entry);

  entry = g_new0 (CacheEntry, 1);
  entry->key = key;
  entry->page = page;
  entry->scale = scale;
  entry->texture = g_object_ref (texture);
  entry->bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  entry->link.data = entry;
  g_hash_table_insert (self->cache, &entry->key, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  self->cache_bytes += entry->bytes;
  self->page_bytes = entry->bytes;

  return cache_trim (self, entry);
}

static gboolean
inbox_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs inbox_funcs = {
  .dispatch = inbox_dispatch,
};

static gboolean
drain_results (gpointer user_data)
{
  QmRenderScheduler *self = user_data;
  g_autoptr(GPtrArray) results = NULL;

  g_mutex_lock (&self->mutex);
  results = g_steal_pointer (&self->results);
  self->results = g_ptr_array_new_with_free_func (result_free);
  g_mutex_unlock (&self->mutex);

  g_object_ref (self);
  for (guint i = 0; i < results->len; i++)
    {
      Result *result = g_ptr_array_index (results, i);
      Want *want = &self->wants[result->page];
      GArray *dropped = NULL;

      if (result->task != NULL)
        {
          SearchState *state = g_task_get_task_data (result->task);

          if (!g_task_return_error_if_cancelled (result->task))
            g_task_return_pointer (result->task, g_steal_pointer (&state->hits),
                                   (GDestroyNotify) g_array_unref);
          continue;
        }

      /* Cancelled, or wanted at another scale since: stale. */
      if (want->serial != result->serial)
        continue;

      want->serial = 0;
      if (result->texture != NULL)
        dropped = cache_insert (self, result->page, result->scale, result->texture);
      g_signal_emit (self, signals[PAGE_READY], 0, result->page);
      emit_dropped (self, g_steal_pointer (&dropped));
    }
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static void
qm_render_scheduler_dispose (GObject *object)
{
  QmRenderScheduler *self = (QmRenderScheduler *) object;

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->mutex);
      self->shutdown = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->mutex);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  if (self->inbox != NULL)
    {
      g_source_destroy (self->inbox);
      g_clear_pointer (&self->inbox, g_source_unref);
    }

  /* Search tasks still queued would otherwise never return. */
  if (self->queue != NULL)
    {
      for (guint i = 0; i < self->queue->len; i++)
        {
          Job *job = g_ptr_array_index (self->queue, i);

          if (job->task != NULL)
            g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     "The document was closed");
        }
      g_ptr_array_set_size (self->queue, 0);
    }

  while (self->lru.head != NULL)
    cache_remove (self, self->lru.head->data);

  g_clear_object (&self->document);

  G_OBJECT_CLASS (qm_render_scheduler_parent_class)->dispose (object);
}

static void
qm_render_scheduler_finalize (GObject *object)
{
  QmRenderScheduler *self = (QmRenderScheduler *) object;

  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->file);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->pixels, _qm_page_pixels_unref);
  g_free (self->widths);
  g_free (self->heights);
  g_free (self->wants);
  g_free (self->title);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (qm_render_scheduler_parent_class)->finalize (object);
}

static void
qm_render_scheduler_class_init (QmRenderSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_render_scheduler_dispose;
  object_class->finalize = qm_render_scheduler_finalize;

  /**
   * QmRenderScheduler::page-ready:
   * @page: the page index
   *
   * A wanted page has a new texture in the cache (or failed to render).
   */
  signals[PAGE_READY] =
    g_signal_new ("page-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * QmRenderScheduler::page-dropped:
   * @page: the page index
   *
   * A texture of @page left the cache to keep it within its budget. A
   * widget still showing it should draw again, or its render node keeps
   * the pixels alive beyond the budget.
   */
  signals[PAGE_DROPPED] =
    g_signal_new ("page-dropped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
qm_render_scheduler_init (QmRenderScheduler *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->queue = g_ptr_array_new_with_free_func (job_free);
  self->results = g_ptr_array_new_with_free_func (result_free);
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cache_entry_free);
  self->budget = QM_RENDER_DEFAULT_BUDGET;
  self->pixels = _qm_page_pixels_new (SPARE_PIXEL_BYTES);
}

/* same_as, when set, is a scheduler of the same file: its page sizes are
 * taken instead of read again, page by page. */
static QmRenderScheduler *
scheduler_new (PopplerDocument    *document,
               QmRenderScheduler  *same_as,
               GError            **error)
{
  g_autoptr(QmRenderScheduler) self = NULL;
  int n_pages = poppler_document_get_n_pages (document);

  if (n_pages <= 0)
    {
      g_set_error_literal (error, QM_RENDER_ERROR, QM_RENDER_ERROR_EMPTY,
                           "The document has no pages");
      return NULL;
    }

  self = g_object_new (QM_TYPE_RENDER_SCHEDULER, NULL);
  self->document = g_object_ref (document);
  self->n_pages = (guint) n_pages;
  self->widths = g_new (double, self->n_pages);
  self->heights = g_new (double, self->n_pages);
  self->wants = g_new0 (Want, self->n_pages);
  self->title = poppler_document_get_title (document);

  if (same_as != NULL && same_as->n_pages == self->n_pages)
    {
      memcpy (self->widths, same_as->widths, self->n_pages * sizeof (double));
      memcpy (self->heights, same_as->heights, self->n_pages * sizeof (double));
    }
  else for (guint i = 0; i < self->n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      double w = 0, h = 0;

      if (page != NULL)
        poppler_page_get_size (page, &w, &h);
      /* A missing or absurd page still gets an A4-sized slot. */
      if (!isfinite (w) || !isfinite (h) || w < 1 || h < 1)
        {
          w = 595.0;
          h = 842.0;
        }
      self->widths[i] = MIN (w, MAX_PAGE_POINTS);
      self->heights[i] = MIN (h, MAX_PAGE_POINTS);
    }

  self->inbox = g_source_new (&inbox_funcs, sizeof (GSource));
  g_source_set_name (self->inbox, "[quorum] render results");
  g_source_set_priority (self->inbox, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->inbox, drain_results, self, NULL);
  g_source_set_ready_time (self->inbox, -1);
  g_source_attach (self->inbox, g_main_context_get_thread_default ());

  self->thread = g_thread_new ("qm-render", worker_main, self);

  return g_steal_pointer (&self);
}

static gboolean
translate_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return FALSE;

  if (g_error_matches (*error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      g_autoptr(GError) inner = g_steal_pointer (error);

      g_set_error (error, QM_RENDER_ERROR, QM_RENDER_ERROR_ENCRYPTED,
                   "The document is encrypted: %s", inner->message);
    }
  else if ((*error)->domain != G_IO_ERROR)
    {
      g_autoptr(GError) inner = g_steal_pointer (error);

      g_set_error (error, QM_RENDER_ERROR, QM_RENDER_ERROR_OPEN,
                   "The document could not be opened: %s", inner->message);
    }
  return TRUE;
}

/* Opens @file, or else @bytes. */
static PopplerDocument *
open_document (GFile   *file,
               GBytes  *bytes,
               GError **error)
{
  PopplerDocument *document;
  g_autoptr(GError) local_error = NULL;

  if (file != NULL)
    document = poppler_document_new_from_gfile (file, NULL, NULL, &local_error);
  else
    document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, QM_RENDER_ERROR, QM_RENDER_ERROR_OPEN,
                             "The document could not be opened");
      translate_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return document;
}

static QmRenderScheduler *
scheduler_open (GFile              *file,
                GBytes             *bytes,
                QmRenderScheduler  *same_as,
                GError            **error)
{
  g_autoptr(PopplerDocument) document = open_document (file, bytes, error);
  QmRenderScheduler *self;

  if (document == NULL)
    return NULL;

  self = scheduler_new (document, same_as, error);
  if (self != NULL)
    {
      self->file = file != NULL ? g_object_ref (file) : NULL;
      self->bytes = file == NULL ? g_bytes_ref (bytes) : NULL;
    }
  return self;
}

/**
 * qm_render_scheduler_new_for_file:
 * @file: a PDF file
 * @error: return location for an error
 *
 * Opens @file and starts its render thread. Page sizes are known on return.
 *
 * Returns: (transfer full): a new scheduler, or %NULL with @error set
 */
QmRenderScheduler *
qm_render_scheduler_new_for_file (GFile   *file,
                                  GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return scheduler_open (file, NULL, NULL, error);
}

/**
 * qm_render_scheduler_new_for_bytes:
 * @bytes: the bytes of a PDF
 * @error: return location for an error
 *
 * Returns: (transfer full): a new scheduler, or %NULL with @error set
 */
QmRenderScheduler *
qm_render_scheduler_new_for_bytes (GBytes  *bytes,
                                   GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return scheduler_open (NULL, bytes, NULL, error);
}

/**
 * qm_render_scheduler_new_sibling:
 *
 * Opens the same PDF again, with a thread and a cache of its own: for work
 * that must not queue behind the pages on screen, like thumbnails. The
 * page sizes are the ones @self read.
 *
 * Returns: (transfer full): a new scheduler, or %NULL with @error set
 */
QmRenderScheduler *
qm_render_scheduler_new_sibling (QmRenderScheduler  *self,
                                 GError            **error)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return scheduler_open (self->file, self->bytes, self, error);
}

/**
 * qm_render_scheduler_get_file:
 *
 * Returns: (transfer none) (nullable): the file the document was opened
 *   from, or %NULL when it came as bytes
 */
GFile *
qm_render_scheduler_get_file (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);

  return self->file;
}

/**
 * qm_render_scheduler_get_bytes:
 *
 * Returns: (transfer none) (nullable): the bytes the document was opened
 *   from, or %NULL when it came from a file
 */
GBytes *
qm_render_scheduler_get_bytes (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);

  return self->bytes;
}

guint
qm_render_scheduler_get_n_pages (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), 0);

  return self->n_pages;
}

/**
 * qm_render_scheduler_get_page_size:
 *
 * Gets the size of @page in points, known since the document was opened.
 */
void
qm_render_scheduler_get_page_size (QmRenderScheduler *self,
                                   guint              page,
                                   double            *width,
                                   double            *height)
{
  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));
  g_return_if_fail (page < self->n_pages);

  if (width != NULL)
    *width = self->widths[page];
  if (height != NULL)
    *height = self->heights[page];
}

const char *
qm_render_scheduler_get_title (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);

  return self->title;
}

void
qm_render_scheduler_set_budget (QmRenderScheduler *self,
                                gsize              budget)
{
  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));

  self->budget = budget;
  emit_dropped (self, cache_trim (self, NULL));
}

gsize
qm_render_scheduler_get_budget (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), 0);

  return self->budget;
}

gsize
qm_render_scheduler_get_cache_bytes (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), 0);

  return self->cache_bytes;
}

/**
 * qm_render_scheduler_get_pixel_bytes:
 *
 * Returns: the bytes of pixels the scheduler holds: its cache and the
 *   buffers it keeps for the next renders; within the budget
 */
gsize
qm_render_scheduler_get_pixel_bytes (QmRenderScheduler *self)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), 0);

  return self->cache_bytes + _qm_page_pixels_get_spare_bytes (self->pixels);
}

static Job *
find_job_locked (QmRenderScheduler *self,
                 guint              page,
                 guint             *index)
{
  for (guint i = 0; i < self->queue->len; i++)
    {
      Job *job = g_ptr_array_index (self->queue, i);

      if (job->task == NULL && job->page == page)
        {
          if (index != NULL)
            *index = i;
          return job;
        }
    }

  return NULL;
}

/**
 * qm_render_scheduler_request:
 * @page: a page index
 * @scale: device pixels per point
 * @priority: lower renders sooner
 *
 * Asks for @page at @scale. A request for a page already queued replaces
 * it (new scale, new priority); a result rendered for an older request is
 * dropped. Nothing is queued when the cache already holds it.
 */
void
qm_render_scheduler_request (QmRenderScheduler *self,
                             guint              page,
                             double             scale,
                             guint              priority)
{
  Want *want;
  gint64 key;
  Job *job;

  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));
  g_return_if_fail (page < self->n_pages);
  g_return_if_fail (scale > 0);

  want = &self->wants[page];
  key = cache_key (page, scale);

  if (g_hash_table_contains (self->cache, &key))
    {
      if (want->serial != 0)
        qm_render_scheduler_cancel (self, page);
      return;
    }

  g_mutex_lock (&self->mutex);
  job = find_job_locked (self, page, NULL);
  if (want->serial != 0 && scales_equal (want->scale, scale))
    {
      /* Already queued or rendering: only reorder. */
      if (job != NULL)
        job->priority = priority;
      g_mutex_unlock (&self->mutex);
      return;
    }

  want->scale = scale;
  want->serial = ++self->next_serial;
  if (job == NULL)
    {
      job = g_new0 (Job, 1);
      job->page = page;
      g_ptr_array_add (self->queue, job);
      g_cond_signal (&self->cond);
    }
  job->scale = scale;
  job->priority = priority;
  job->serial = want->serial;
  g_mutex_unlock (&self->mutex);
}

/**
 * qm_render_scheduler_cancel:
 *
 * Drops a queued request for @page; a render already running for it is
 * discarded when it finishes.
 */
void
qm_render_scheduler_cancel (QmRenderScheduler *self,
                            guint              page)
{
  guint index;

  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));
  g_return_if_fail (page < self->n_pages);

  self->wants[page].serial = 0;

  g_mutex_lock (&self->mutex);
  if (find_job_locked (self, page, &index) != NULL)
    g_ptr_array_remove_index_fast (self->queue, index);
  g_mutex_unlock (&self->mutex);
}

/**
 * qm_render_scheduler_set_wanted:
 * @first_visible: first page on screen
 * @last_visible: last page on screen
 * @current: the page the reader is on
 * @scale: device pixels per point
 * @prefetch: how many neighbours on each side to render ahead
 *
 * Replaces every request with: @current, the next page, the previous page,
 * the rest of the visible pages, then the neighbours. Requests for any other
 * page are dropped.
 */
void
qm_render_scheduler_set_wanted (QmRenderScheduler *self,
                                guint              first_visible,
                                guint              last_visible,
                                guint              current,
                                double             scale,
                                guint              prefetch)
{
  g_autofree gboolean *wanted = NULL;
  g_autoptr(GArray) order = NULL;
  guint first, last;

  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));
  g_return_if_fail (scale > 0);

  last_visible = MIN (last_visible, self->n_pages - 1);
  first_visible = MIN (first_visible, last_visible);
  current = CLAMP (current, first_visible, last_visible);

  first = first_visible > prefetch ? first_visible - prefetch : 0;
  last = MIN (last_visible + prefetch, self->n_pages - 1);

  order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (order, current);
  for (guint d = 1; current + d <= last || d <= current - first; d++)
    {
      if (current + d <= last)
        {
          guint p = current + d;

          g_array_append_val (order, p);
        }
      if (d <= current - first)
        {
          guint p = current - d;

          g_array_append_val (order, p);
        }
    }

  wanted = g_new0 (gboolean, self->n_pages);
  for (guint i = first; i <= last; i++)
    wanted[i] = TRUE;
  for (guint i = 0; i < self->n_pages; i++)
    if (!wanted[i] && self->wants[i].serial != 0)
      qm_render_scheduler_cancel (self, i);

  /* Visible pages go before off-screen neighbours, nearest first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0, rank = pass * order->len; i < order->len; i++)
      {
        guint p = g_array_index (order, guint, i);
        gboolean visible = p >= first_visible && p <= last_visible;

        if (visible == (pass == 0))
          qm_render_scheduler_request (self, p, scale, rank++);
      }
}

gboolean
qm_render_scheduler_is_pending (QmRenderScheduler *self,
                                guint              page)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), FALSE);
  g_return_val_if_fail (page < self->n_pages, FALSE);

  return self->wants[page].serial != 0;
}

/**
 * qm_render_scheduler_lookup:
 * @page: a page index
 * @scale: the wanted scale
 * @exact: (out) (optional): whether the texture is at @scale
 *
 * Finds the cached texture of @page at @scale, or else the one at the
 * nearest scale (to show, stretched, while the sharp one renders).
 *
 * Returns: (transfer none) (nullable): a texture
 */
GdkTexture *
qm_render_scheduler_lookup (QmRenderScheduler *self,
                            guint              page,
                            double             scale,
                            gboolean          *exact)
{
  gint64 key;
  CacheEntry *entry;

  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);
  g_return_val_if_fail (page < self->n_pages, NULL);

  key = cache_key (page, scale);
  entry = g_hash_table_lookup (self->cache, &key);
  if (exact != NULL)
    *exact = entry != NULL;

  if (entry == NULL)
    {
      for (GList *l = self->lru.head; l != NULL; l = l->next)
        {
          CacheEntry *candidate = l->data;

          if (candidate->page == page &&
              (entry == NULL || fabs (candidate->scale - scale) < fabs (entry->scale - scale)))
            entry = candidate;
        }
    }

  if (entry == NULL)
    return NULL;

  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);

  return entry->texture;
}

/**
 * qm_render_scheduler_find_text_async:
 * @text: the text to find, case-insensitively
 *
 * Searches every page on the render thread, a few pages at a time so that
 * renders are not held up.
 */
void
qm_render_scheduler_find_text_async (QmRenderScheduler   *self,
                                     const char          *text,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchState *state;
  Job *job;

  g_return_if_fail (QM_IS_RENDER_SCHEDULER (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, qm_render_scheduler_find_text_async);

  state = g_new0 (SearchState, 1);
  state->text = g_strdup (text);
  state->hits = g_array_new (FALSE, FALSE, sizeof (QmTextHit));
  g_task_set_task_data (task, state, search_state_free);

  if (*text == '\0')
    {
      g_task_return_pointer (task, g_array_new (FALSE, FALSE, sizeof (QmTextHit)),
                             (GDestroyNotify) g_array_unref);
      return;
    }

  job = g_new0 (Job, 1);
  job->priority = SEARCH_PRIORITY;
  job->task = g_steal_pointer (&task);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->queue, job);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * qm_render_scheduler_find_text_finish:
 *
 * Returns: (transfer full) (element-type QmTextHit): the hits in page order
 */
GArray *
qm_render_scheduler_find_text_finish (QmRenderScheduler  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (QM_IS_RENDER_SCHEDULER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
