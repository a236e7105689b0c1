/* qm-page-view.c
 *
 * One PDF page on screen: its rendered texture, a placeholder while it
 * renders, and the search hits on it.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-page-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "qm-page-pixels-private.h"
#include "qm-page-view.h"

struct _QmPageView
{
  GtkWidget          parent_instance;

  QmRenderScheduler *scheduler;
  guint              index;
  double             zoom;
  gboolean           dark;
  gboolean           rendered;
  gboolean           auto_request;

  GArray            *hits;
  int                current_hit;

  GtkSpinner        *spinner;
  GtkWidget         *overlay;
};

G_DEFINE_FINAL_TYPE (QmPageView, qm_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_INDEX,
  PROP_ZOOM,
  PROP_DARK,
  PROP_RENDERED,
  PROP_AUTO_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
device_scale (QmPageView *self)
{
  return self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
update_accessible_label (QmPageView *self)
{
  g_autofree char *label = g_strdup_printf (_("Page %u"), self->index + 1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
request_if_needed (QmPageView *self)
{
  if (self->auto_request && self->scheduler != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->rendered)
    qm_render_scheduler_request (self->scheduler, self->index, device_scale (self), 0);
}

/**
 * qm_page_view_update:
 *
 * Looks at the cache again: called when the scheduler has a new texture
 * for this page or the page was (un)wanted.
 */
void
qm_page_view_update (QmPageView *self)
{
  gboolean rendered = FALSE;
  gboolean pending = FALSE;
  GdkTexture *texture = NULL;

  g_return_if_fail (QM_IS_PAGE_VIEW (self));

  if (self->scheduler != NULL)
    {
      texture = qm_render_scheduler_lookup (self->scheduler, self->index,
                                            device_scale (self), &rendered);
      pending = qm_render_scheduler_is_pending (self->scheduler, self->index);
    }

  /* A stretched texture at another scale is fine to look at while the
   * sharp one renders; the spinner is only for a blank page. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), texture == NULL && pending);
  gtk_spinner_set_spinning (self->spinner, texture == NULL && pending);

  if (rendered != self->rendered)
    {
      self->rendered = rendered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERED]);
    }

  request_if_needed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
page_ready_cb (QmPageView *self,
               guint       page)
{
  if (page == self->index)
    qm_page_view_update (self);
}

static void
qm_page_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  QmPageView *self = QM_PAGE_VIEW (widget);
  double width = 595, height = 842;

  if (self->scheduler != NULL)
    qm_render_scheduler_get_page_size (self->scheduler, self->index, &width, &height);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MAX (1, (int) ceil (width * self->zoom - 0.001));
  else
    *minimum = *natural = MAX (1, (int) ceil (height * self->zoom - 0.001));
}

static void
qm_page_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  QmPageView *self = QM_PAGE_VIEW (widget);
  int min_w, min_h;

  gtk_widget_measure (GTK_WIDGET (self->spinner), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_w, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->spinner), GTK_ORIENTATION_VERTICAL, -1,
                      &min_h, NULL, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (self->spinner),
                            &(GtkAllocation) { (width - min_w) / 2, (height - min_h) / 2,
                                               min_w, min_h },
                            -1);
  if (self->overlay != NULL)
    {
      /* GTK wants a child measured before it is allocated. */
      gtk_widget_measure (self->overlay, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->overlay, &(GtkAllocation) { 0, 0, width, height }, -1);
    }
}

/* A raster source hands cairo the page's own surface, by reference: a
 * surface pattern would make the cairo node's recording take a snapshot,
 * which copies all the pixels once the page leaves the cache. */
static cairo_surface_t *
page_source_acquire (cairo_pattern_t             *pattern,
                     void                        *surface,
                     cairo_surface_t             *target,
                     const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (surface);
}

static void
page_source_release (cairo_pattern_t *pattern,
                     void            *surface,
                     cairo_surface_t *acquired)
{
  cairo_surface_destroy (acquired);
}

static cairo_status_t
page_source_copy (cairo_pattern_t       *pattern,
                  void                  *surface,
                  const cairo_pattern_t *other)
{
  cairo_surface_reference (surface);
  return CAIRO_STATUS_SUCCESS;
}

static void
page_source_finish (cairo_pattern_t *pattern,
                    void            *surface)
{
  cairo_surface_destroy (surface);
}

/* GTK 4.8's cairo renderer draws a texture node by converting all of its
 * pixels, through floats, into a new image surface, at every frame: 17 ms
 * for a page 1232 px wide, even when the frame only turns a spinner. The
 * surface the page was rendered into draws from a cairo node with no copy,
 * and only where the frame is damaged. GL renderers upload a texture once
 * and keep it, so they get the texture. */
static void
append_page (QmPageView            *self,
             GtkSnapshot           *snapshot,
             GdkTexture            *texture,
             const graphene_rect_t *bounds)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  cairo_surface_t *surface = _qm_page_pixels_texture_get_surface (texture);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  cairo_pattern_t *pattern;
  cairo_t *cr;

  if (surface == NULL || renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer))
    {
      gtk_snapshot_append_texture (snapshot, texture, bounds);
      return;
    }

  pattern = cairo_pattern_create_raster_source (cairo_surface_reference (surface),
                                                CAIRO_CONTENT_COLOR_ALPHA, width, height);
  cairo_raster_source_pattern_set_acquire (pattern, page_source_acquire, page_source_release);
  cairo_raster_source_pattern_set_copy (pattern, page_source_copy);
  cairo_raster_source_pattern_set_finish (pattern, page_source_finish);

  cr = gtk_snapshot_append_cairo (snapshot, bounds);
  cairo_translate (cr, bounds->origin.x, bounds->origin.y);
  cairo_scale (cr, bounds->size.width / width, bounds->size.height / height);
  cairo_set_source (cr, pattern);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_pattern_destroy (pattern);
}

static void
qm_page_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  QmPageView *self = QM_PAGE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  GdkTexture *texture = NULL;
  gboolean exact = FALSE;

  if (self->scheduler != NULL)
    texture = qm_render_scheduler_lookup (self->scheduler, self->index,
                                          device_scale (self), &exact);

  if (texture != NULL)
    {
      /* At its own scale the texture maps 1:1 onto device pixels, or text
       * would be resampled and blur; any other scale is stretched. */
      if (exact)
        {
          int sf = gtk_widget_get_scale_factor (widget);

          bounds.size.width = (float) gdk_texture_get_width (texture) / sf;
          bounds.size.height = (float) gdk_texture_get_height (texture) / sf;
        }

      if (self->dark)
        {
          /* A dark palette rather than a plain negative: white paper turns
           * to the window's dark grey and black ink to soft white. */
          const double ink = 0.87, paper = 0.14;
          graphene_matrix_t matrix;
          graphene_vec4_t offset;

          graphene_matrix_init_scale (&matrix, -(ink - paper), -(ink - paper), -(ink - paper));
          graphene_vec4_init (&offset, ink, ink, ink, 0);
          gtk_snapshot_push_color_matrix (snapshot, &matrix, &offset);
        }
      append_page (self, snapshot, texture, &bounds);
      if (self->dark)
        gtk_snapshot_pop (snapshot);
    }

  if (self->hits != NULL && self->hits->len > 0)
    {
      for (guint i = 0; i < self->hits->len; i++)
        {
          const QmTextHit *hit = &g_array_index (self->hits, QmTextHit, i);
          gboolean current = (int) i == self->current_hit;
          GdkRGBA colour = current
            ? (GdkRGBA) { 0.96, 0.47, 0.0, 0.45 }
            : (GdkRGBA) { 0.98, 0.85, 0.0, 0.40 };
          graphene_rect_t rect = GRAPHENE_RECT_INIT (hit->x1 * self->zoom - 1,
                                                     hit->y1 * self->zoom - 1,
                                                     (hit->x2 - hit->x1) * self->zoom + 2,
                                                     (hit->y2 - hit->y1) * self->zoom + 2);

          gtk_snapshot_append_color (snapshot, &colour, &rect);
        }
    }

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->spinner), snapshot);
  if (self->overlay != NULL)
    gtk_widget_snapshot_child (widget, self->overlay, snapshot);
}

static void
qm_page_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (qm_page_view_parent_class)->map (widget);
  request_if_needed (QM_PAGE_VIEW (widget));
}

static void
qm_page_view_unmap (GtkWidget *widget)
{
  QmPageView *self = QM_PAGE_VIEW (widget);

  if (self->auto_request && self->scheduler != NULL && !self->rendered)
    qm_render_scheduler_cancel (self->scheduler, self->index);

  GTK_WIDGET_CLASS (qm_page_view_parent_class)->unmap (widget);
}

static void
qm_page_view_dispose (GObject *object)
{
  QmPageView *self = QM_PAGE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_PAGE_VIEW);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_func (self->scheduler, page_ready_cb, self);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (qm_page_view_parent_class)->dispose (object);
}

static void
qm_page_view_finalize (GObject *object)
{
  QmPageView *self = QM_PAGE_VIEW (object);

  g_clear_pointer (&self->hits, g_array_unref);

  G_OBJECT_CLASS (qm_page_view_parent_class)->finalize (object);
}

static void
qm_page_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  QmPageView *self = QM_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    case PROP_RENDERED:
      g_value_set_boolean (value, self->rendered);
      break;
    case PROP_AUTO_REQUEST:
      g_value_set_boolean (value, self->auto_request);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_page_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  QmPageView *self = QM_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      qm_page_view_set_scheduler (self, g_value_get_object (value));
      break;
    case PROP_INDEX:
      qm_page_view_set_index (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      qm_page_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_DARK:
      qm_page_view_set_dark (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_REQUEST:
      g_return_if_fail (self->scheduler == NULL);
      self->auto_request = g_value_get_boolean (value);
      request_if_needed (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_page_view_class_init (QmPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_page_view_dispose;
  object_class->finalize = qm_page_view_finalize;
  object_class->get_property = qm_page_view_get_property;
  object_class->set_property = qm_page_view_set_property;

  widget_class->measure = qm_page_view_measure;
  widget_class->size_allocate = qm_page_view_size_allocate;
  widget_class->snapshot = qm_page_view_snapshot;
  widget_class->map = qm_page_view_map;
  widget_class->unmap = qm_page_view_unmap;

  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, QM_TYPE_RENDER_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.01, 64.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RENDERED] =
    g_param_spec_boolean ("rendered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_REQUEST] =
    g_param_spec_boolean ("auto-request", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/viewer/qm-page-view.ui");
  gtk_widget_class_bind_template_child (widget_class, QmPageView, spinner);
  gtk_widget_class_set_css_name (widget_class, "qm-page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
qm_page_view_init (QmPageView *self)
{
  self->zoom = 1.0;
  self->current_hit = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_accessible_label (self);
}

GtkWidget *
qm_page_view_new (QmRenderScheduler *scheduler,
                  guint              index)
{
  return g_object_new (QM_TYPE_PAGE_VIEW,
                       "scheduler", scheduler,
                       "index", index,
                       NULL);
}

QmRenderScheduler *
qm_page_view_get_scheduler (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), NULL);

  return self->scheduler;
}

void
qm_page_view_set_scheduler (QmPageView        *self,
                            QmRenderScheduler *scheduler)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));
  g_return_if_fail (!scheduler || QM_IS_RENDER_SCHEDULER (scheduler));

  if (self->scheduler == scheduler)
    return;

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_func (self->scheduler, page_ready_cb, self);
  g_set_object (&self->scheduler, scheduler);
  /* A page that asks for itself also listens for itself; pages of the
   * document view are told by the view instead. */
  if (scheduler != NULL && self->auto_request)
    {
      g_signal_connect_object (scheduler, "page-ready", G_CALLBACK (page_ready_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scheduler, "page-dropped", G_CALLBACK (page_ready_cb), self, G_CONNECT_SWAPPED);
    }

  if (scheduler != NULL && self->index >= qm_render_scheduler_get_n_pages (scheduler))
    self->index = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  qm_page_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
}

guint
qm_page_view_get_index (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), 0);

  return self->index;
}

void
qm_page_view_set_index (QmPageView *self,
                        guint       index)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));

  if (self->index == index)
    return;

  if (self->auto_request && self->scheduler != NULL && !self->rendered)
    qm_render_scheduler_cancel (self->scheduler, self->index);

  self->index = index;
  g_clear_pointer (&self->hits, g_array_unref);
  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  qm_page_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

double
qm_page_view_get_zoom (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), 1.0);

  return self->zoom;
}

void
qm_page_view_set_zoom (QmPageView *self,
                       double      zoom)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));
  g_return_if_fail (zoom > 0);

  if (self->zoom == zoom)
    return;

  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  qm_page_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

gboolean
qm_page_view_get_dark (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), FALSE);

  return self->dark;
}

void
qm_page_view_set_dark (QmPageView *self,
                       gboolean    dark)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  if (dark)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dark");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dark");
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

/**
 * qm_page_view_get_rendered:
 *
 * Returns: whether the page is drawn sharp, from a texture at its scale
 */
gboolean
qm_page_view_get_rendered (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), FALSE);

  return self->rendered;
}

/**
 * qm_page_view_set_hits:
 * @hits: (array length=n_hits) (nullable): hits on this page
 * @current_hit: index into @hits of the selected hit, or -1
 */
void
qm_page_view_set_hits (QmPageView      *self,
                       const QmTextHit *hits,
                       guint            n_hits,
                       int              current_hit)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));

  if (n_hits == 0 && self->hits == NULL)
    return;

  g_clear_pointer (&self->hits, g_array_unref);
  if (n_hits > 0)
    {
      self->hits = g_array_sized_new (FALSE, FALSE, sizeof (QmTextHit), n_hits);
      g_array_append_vals (self->hits, hits, n_hits);
    }
  self->current_hit = current_hit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * qm_page_view_set_overlay:
 * @overlay: (nullable): a widget to lay over the page
 *
 * Lays @overlay over the whole page, above the rendered page and its search
 * hits: for drawings on the page (annotations) that follow its zoom. The
 * overlay gets the page's size and its input; the page view owns it.
 */
void
qm_page_view_set_overlay (QmPageView *self,
                          GtkWidget  *overlay)
{
  g_return_if_fail (QM_IS_PAGE_VIEW (self));
  g_return_if_fail (overlay == NULL || GTK_IS_WIDGET (overlay));

  if (self->overlay == overlay)
    return;

  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  if (overlay != NULL)
    {
      self->overlay = overlay;
      gtk_widget_set_parent (overlay, GTK_WIDGET (self));
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/**
 * qm_page_view_get_overlay:
 *
 * Returns: (transfer none) (nullable): the widget laid over the page
 */
GtkWidget *
qm_page_view_get_overlay (QmPageView *self)
{
  g_return_val_if_fail (QM_IS_PAGE_VIEW (self), NULL);

  return self->overlay;
}
