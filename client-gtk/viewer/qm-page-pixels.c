/* qm-page-pixels.c
 *
 * The pixel buffers of rendered pages, recycled: a page evicted from the
 * render cache lends its memory to the next page rendered.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-page-pixels"

#include "config.h"

#include <sys/mman.h>

#include "qm-page-pixels-private.h"

/* Memory fresh from the kernel is paid for on first touch, one fault per
 * 4 KiB: a page 1280 px wide is 9 MiB, 2,300 faults, which cost more than
 * drawing it (30 ms against 7 ms in a virtual machine). A page that leaves
 * the cache hands its buffer to the next render instead; a buffer that must
 * be new asks for huge pages, 4 faults instead of 2,300. */

typedef struct
{
  QmPagePixels *pool;      /* set while lent out */
  guchar       *data;
  gsize         size;
} Buffer;

struct _QmPagePixels
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  GQueue          spare;   /* Buffer, the latest returned first */
  gsize           spare_bytes;
  gsize           max_spare_bytes;
};

static const cairo_user_data_key_t buffer_key;

static GQuark
surface_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("qm-page-pixels-surface"));
  return (GQuark) quark;
}

static Buffer *
buffer_new (gsize size)
{
  Buffer *buffer;
  void *data = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (data == MAP_FAILED)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise (data, size, MADV_HUGEPAGE);
#endif

  buffer = g_new0 (Buffer, 1);
  buffer->data = data;
  buffer->size = size;
  return buffer;
}

static void
buffer_free (gpointer data)
{
  Buffer *buffer = data;

  munmap (buffer->data, buffer->size);
  g_free (buffer);
}

/* The surface's last reference is gone, on whichever thread dropped it. */
static void
buffer_release (gpointer data)
{
  Buffer *buffer = data;
  QmPagePixels *self = g_steal_pointer (&buffer->pool);

  g_mutex_lock (&self->mutex);
  if (self->spare_bytes + buffer->size <= self->max_spare_bytes)
    {
      self->spare_bytes += buffer->size;
      g_queue_push_head (&self->spare, g_steal_pointer (&buffer));
    }
  g_mutex_unlock (&self->mutex);

  if (buffer != NULL)
    buffer_free (buffer);
  _qm_page_pixels_unref (self);
}

/**
 * _qm_page_pixels_new:
 * @max_spare_bytes: how much returned memory to keep for later renders
 *
 * Returns: (transfer full): a new pool of page buffers
 */
QmPagePixels *
_qm_page_pixels_new (gsize max_spare_bytes)
{
  QmPagePixels *self = g_new0 (QmPagePixels, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  g_queue_init (&self->spare);
  self->max_spare_bytes = max_spare_bytes;
  return self;
}

QmPagePixels *
_qm_page_pixels_ref (QmPagePixels *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/* Every buffer lent out holds a reference, so the pool outlives the
 * textures that borrow its memory, even after the scheduler is gone. */
void
_qm_page_pixels_unref (QmPagePixels *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_queue_clear_full (&self->spare, buffer_free);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

/**
 * _qm_page_pixels_set_max_spare_bytes:
 *
 * Changes how much returned memory is kept; spare buffers beyond it, the
 * oldest first, are unmapped now.
 */
void
_qm_page_pixels_set_max_spare_bytes (QmPagePixels *self,
                                     gsize         max_spare_bytes)
{
  GQueue extra = G_QUEUE_INIT;

  g_mutex_lock (&self->mutex);
  self->max_spare_bytes = max_spare_bytes;
  while (self->spare_bytes > self->max_spare_bytes)
    {
      Buffer *buffer = g_queue_pop_tail (&self->spare);

      self->spare_bytes -= buffer->size;
      g_queue_push_tail (&extra, buffer);
    }
  g_mutex_unlock (&self->mutex);

  g_queue_clear_full (&extra, buffer_free);
}

gsize
_qm_page_pixels_get_spare_bytes (QmPagePixels *self)
{
  gsize bytes;

  g_mutex_lock (&self->mutex);
  bytes = self->spare_bytes;
  g_mutex_unlock (&self->mutex);
  return bytes;
}

/**
 * _qm_page_pixels_surface_new:
 *
 * Makes an ARGB32 image surface over a buffer of the pool, recycled when
 * one fits. Its pixels are left as they were: the caller paints them all.
 * When the surface is destroyed the buffer goes back to the pool.
 *
 * Returns: (transfer full) (nullable): a surface, or %NULL without memory
 */
cairo_surface_t *
_qm_page_pixels_surface_new (QmPagePixels *self,
                             int           width,
                             int           height)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  Buffer *buffer = NULL;
  cairo_surface_t *surface;
  gsize size;

  if (width <= 0 || height <= 0 || stride <= 0)
    return NULL;
  size = (gsize) stride * (gsize) height;

  /* A buffer a little larger does too: zoom steps change sizes slightly. */
  g_mutex_lock (&self->mutex);
  for (GList *l = self->spare.head; l != NULL; l = l->next)
    {
      Buffer *spare = l->data;

      if (spare->size >= size && spare->size - size <= size / 4)
        {
          buffer = spare;
          self->spare_bytes -= spare->size;
          g_queue_delete_link (&self->spare, l);
          break;
        }
    }
  g_mutex_unlock (&self->mutex);

  if (buffer == NULL && (buffer = buffer_new (size)) == NULL)
    return NULL;
  buffer->pool = _qm_page_pixels_ref (self);

  surface = cairo_image_surface_create_for_data (buffer->data, CAIRO_FORMAT_ARGB32,
                                                 width, height, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data (surface, &buffer_key, buffer, buffer_release) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      buffer_release (buffer);
      return NULL;
    }
  return surface;
}

/**
 * _qm_page_pixels_texture_new:
 * @surface: a finished surface from _qm_page_pixels_surface_new()
 *
 * Wraps @surface's pixels, without a copy, in a texture that keeps the
 * surface (see _qm_page_pixels_texture_get_surface()); the pixels must not
 * change from now on.
 *
 * Returns: (transfer full): a texture
 */
GdkTexture *
_qm_page_pixels_texture_new (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  GBytes *bytes;
  GdkTexture *texture;

  cairo_surface_flush (surface);
  /* Cairo's ARGB32 is premultiplied native-endian 32-bit, which is
   * GDK_MEMORY_DEFAULT. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  g_bytes_unref (bytes);
  g_object_set_qdata_full (G_OBJECT (texture), surface_quark (),
                           cairo_surface_reference (surface),
                           (GDestroyNotify) cairo_surface_destroy);
  return texture;
}

/**
 * _qm_page_pixels_texture_get_surface:
 *
 * Returns: (transfer none) (nullable): the surface holding @texture's
 *   pixels, for drawing it with cairo without a conversion
 */
cairo_surface_t *
_qm_page_pixels_texture_get_surface (GdkTexture *texture)
{
  return g_object_get_qdata (G_OBJECT (texture), surface_quark ());
}
