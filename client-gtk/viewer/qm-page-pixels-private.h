/* qm-page-pixels-private.h
 *
 * The pixel buffers of rendered pages, recycled: a page evicted from the
 * render cache lends its memory to the next page rendered.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gdk/gdk.h>

G_BEGIN_DECLS

typedef struct _QmPagePixels QmPagePixels;

QmPagePixels    *_qm_page_pixels_new                 (gsize          max_spare_bytes);
QmPagePixels    *_qm_page_pixels_ref                 (QmPagePixels  *self);
void             _qm_page_pixels_unref               (QmPagePixels  *self);
void             _qm_page_pixels_set_max_spare_bytes (QmPagePixels  *self,
                                                      gsize          max_spare_bytes);
gsize            _qm_page_pixels_get_spare_bytes     (QmPagePixels  *self);

cairo_surface_t *_qm_page_pixels_surface_new         (QmPagePixels  *self,
                                                      int            width,
                                                      int            height);
GdkTexture      *_qm_page_pixels_texture_new         (cairo_surface_t *surface);
cairo_surface_t *_qm_page_pixels_texture_get_surface (GdkTexture    *texture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QmPagePixels, _qm_page_pixels_unref)

G_END_DECLS
