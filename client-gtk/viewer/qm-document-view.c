/* qm-document-view.c
 *
 * The document reader: pages in a continuous column or one at a time, zoom,
 * touch gestures, search, thumbnails and a dark reading mode.
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-document-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "qm-document-view.h"
#include "qm-fitting-title.h"
#include "qm-page-view.h"

#define PAGE_MARGIN      24
#define PAGE_SPACING     16
#define PREFETCH         2
#define THUMBNAIL_WIDTH  120.0
#define THUMBNAIL_BUDGET (48 * 1024 * 1024)
#define ZOOM_STEP        1.2
/* Zoom is logical pixels per point; "100 %" is the printed size at 96 dpi. */
#define ZOOM_ACTUAL      (96.0 / 72.0)
#define ZOOM_MIN         (0.1 * ZOOM_ACTUAL)
#define ZOOM_MAX         (8.0 * ZOOM_ACTUAL)
#define SWIPE_VELOCITY   400.0

struct _QmDocumentView
{
  GtkWidget          parent_instance;

  QmRenderScheduler *scheduler;
  QmRenderScheduler *thumbnail_scheduler;
  GPtrArray         *pages;           /* QmPageView, one per page */
  double            *offsets;         /* top of each page in the column */

  guint              current;         /* 0-based */
  double             zoom;
  QmZoomMode         zoom_mode;
  gboolean           continuous;
  gboolean           dark;

  /* A scroll position that waits for the column's new size. */
  gboolean           pending_scroll;
  guint              pending_page;
  double             pending_points;
  double             pending_pixels;
  gboolean           programmatic_scroll;

  double             last_view_width;
  double             last_view_height;
  guint              refit_source;
  guint              update_source;
  GdkFrameClock     *prefetch_clock;   /* waiting for its paint to prefetch */
  gulong             prefetch_handler;
  gboolean           awaiting_visible; /* only the pages on screen asked for */
  guint              mapped_first;     /* pages mapped; none when first > last */
  guint              mapped_last;
  guint              wanted_first;
  guint              wanted_last;

  double             gesture_start_zoom;
  gboolean           pinching;

  GCancellable      *search_cancellable;
  GArray            *hits;
  int                current_hit;

  GtkWidget         *box;
  GtkWidget         *header_bar;
  AdwWindowTitle    *window_title;
  GtkToggleButton   *thumbnails_button;
  GtkEditable       *page_entry;
  GtkLabel          *n_pages_label;
  GtkLabel          *zoom_label;
  GtkToggleButton   *search_button;
  GtkSearchBar      *search_bar;
  GtkEditable       *search_entry;
  GtkLabel          *search_status;
  GtkWidget         *flap;
  GtkListView       *thumbnails;
  GtkScrolledWindow *scroller;
  GtkBox            *pages_box;
};

G_DEFINE_FINAL_TYPE (QmDocumentView, qm_document_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (QmZoomMode, qm_zoom_mode,
                    G_DEFINE_ENUM_VALUE (QM_ZOOM_FIT_WIDTH, "fit-width"),
                    G_DEFINE_ENUM_VALUE (QM_ZOOM_FIT_PAGE, "fit-page"),
                    G_DEFINE_ENUM_VALUE (QM_ZOOM_FREE, "free"))

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_N_PAGES,
  PROP_CURRENT_PAGE,
  PROP_ZOOM,
  PROP_ZOOM_MODE,
  PROP_CONTINUOUS,
  PROP_DARK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
n_pages (QmDocumentView *self)
{
  return self->scheduler != NULL ? qm_render_scheduler_get_n_pages (self->scheduler) : 0;
}

static double
page_height_px (QmDocumentView *self,
                guint           index)
{
  double h;

  qm_render_scheduler_get_page_size (self->scheduler, index, NULL, &h);
  return ceil (h * self->zoom - 0.001);
}

/* The column is laid out by a GtkBox, but the same arithmetic here gives
 * page positions without waiting for an allocation. */
static void
compute_offsets (QmDocumentView *self)
{
  double y = PAGE_MARGIN;

  g_clear_pointer (&self->offsets, g_free);
  if (self->scheduler == NULL)
    return;

  self->offsets = g_new (double, n_pages (self) + 1);
  for (guint i = 0; i < n_pages (self); i++)
    {
      self->offsets[i] = y;
      y += page_height_px (self, i) + PAGE_SPACING;
    }
  self->offsets[n_pages (self)] = y;
}

static double
page_top (QmDocumentView *self,
          guint           index)
{
  if (!self->continuous)
    return PAGE_MARGIN;
  return self->offsets[index];
}

static guint
page_at_y (QmDocumentView *self,
           double          y)
{
  guint lo = 0, hi = n_pages (self);

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (self->offsets[mid] <= y)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
visible_range (QmDocumentView *self,
               guint          *first,
               guint          *last)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double top = gtk_adjustment_get_value (vadj);
  double bottom = top + MAX (gtk_adjustment_get_page_size (vadj), 1);

  if (!self->continuous)
    {
      *first = *last = self->current;
      return;
    }

  *first = page_at_y (self, top);
  *last = page_at_y (self, bottom);
  /* Turned to, a page sits a little below the top: the page before shows
   * only the gap between them, and is not on screen. */
  if (*first < *last && self->offsets[*first + 1] - PAGE_SPACING <= top)
    (*first)++;
}

static void
update_page_views (QmDocumentView *self,
                   guint           first,
                   guint           last)
{
  for (guint i = first; i <= last && i < self->pages->len; i++)
    qm_page_view_update (g_ptr_array_index (self->pages, i));
}

/* Only the pages on screen and the few around are mapped: GTK 4.8 draws
 * every node of a frame, on screen or not, so 300 pages with their
 * shadows took 10 ms of CPU a frame to show two of them. Unmapping a page
 * also lets go of its render node, and of the pixels in it. */
static void
update_mapped_pages (QmDocumentView *self)
{
  guint first, last, lo, hi;

  if (self->scheduler == NULL || self->pages->len == 0)
    return;

  visible_range (self, &first, &last);
  lo = first > PREFETCH ? first - PREFETCH : 0;
  hi = MIN (last + PREFETCH, self->pages->len - 1);
  if (lo == self->mapped_first && hi == self->mapped_last)
    return;

  for (guint i = self->mapped_first; i <= self->mapped_last && i < self->pages->len; i++)
    if (i < lo || i > hi)
      gtk_widget_set_child_visible (g_ptr_array_index (self->pages, i), FALSE);
  for (guint i = lo; i <= hi; i++)
    gtk_widget_set_child_visible (g_ptr_array_index (self->pages, i), TRUE);
  self->mapped_first = lo;
  self->mapped_last = hi;
}

static void
cancel_deferred_prefetch (QmDocumentView *self)
{
  /* A clock disposed with its window has dropped its handlers already. */
  if (self->prefetch_clock != NULL &&
      g_signal_handler_is_connected (self->prefetch_clock, self->prefetch_handler))
    g_signal_handler_disconnect (self->prefetch_clock, self->prefetch_handler);
  self->prefetch_handler = 0;
  g_clear_object (&self->prefetch_clock);
}

static gboolean
all_sharp (QmDocumentView *self,
           guint           first,
           guint           last,
           double          scale)
{
  for (guint i = first; i <= last && i < n_pages (self); i++)
    {
      gboolean exact = FALSE;

      if (qm_render_scheduler_lookup (self->scheduler, i, scale, &exact) == NULL || !exact)
        return FALSE;
    }
  return TRUE;
}

static void update_wanted_now (QmDocumentView *self,
                               guint           prefetch);

static void
prefetch_after_paint_cb (GdkFrameClock  *clock,
                         QmDocumentView *self)
{
  cancel_deferred_prefetch (self);
  update_wanted_now (self, PREFETCH);
}

/* Asks for the pages around once the next frame is painted. */
static void
prefetch_after_paint (QmDocumentView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    {
      update_wanted_now (self, PREFETCH);
      return;
    }
  if (self->prefetch_clock == NULL)
    {
      self->prefetch_clock = g_object_ref (clock);
      self->prefetch_handler = g_signal_connect (clock, "after-paint",
                                                 G_CALLBACK (prefetch_after_paint_cb), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
visible_pending (QmDocumentView *self)
{
  guint first, last;

  visible_range (self, &first, &last);
  for (guint i = first; i <= last && i < n_pages (self); i++)
    if (qm_render_scheduler_is_pending (self->scheduler, i))
      return TRUE;
  return FALSE;
}

static void
update_wanted_now (QmDocumentView *self,
                   guint           prefetch)
{
  guint first, last, old_first, old_last;
  double scale;

  visible_range (self, &first, &last);
  scale = self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  qm_render_scheduler_set_wanted (self->scheduler, first, last,
                                  CLAMP (self->current, first, last),
                                  scale, prefetch);

  old_first = self->wanted_first;
  old_last = self->wanted_last;
  self->wanted_first = first > prefetch ? first - prefetch : 0;
  self->wanted_last = last + prefetch;
  update_page_views (self, self->wanted_first, self->wanted_last);
  if (old_last >= old_first)
    update_page_views (self, old_first, old_last);
}

/* The pages on screen come first, and so does the frame that shows them:
 * rendering the pages around at the same time would take the CPU from
 * both. So the pages on screen are asked for alone, and the ones around
 * once a frame has shown them (at once when they were prefetched). */
static void
update_wanted (QmDocumentView *self)
{
  guint first, last;

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->scheduler == NULL || self->pinching)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->awaiting_visible = FALSE;
      cancel_deferred_prefetch (self);
      update_wanted_now (self, PREFETCH);
      return;
    }

  visible_range (self, &first, &last);
  if (all_sharp (self, first, last, self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self))))
    {
      self->awaiting_visible = FALSE;
      prefetch_after_paint (self);
      return;
    }

  cancel_deferred_prefetch (self);
  self->awaiting_visible = TRUE;
  update_wanted_now (self, 0);
}

static gboolean
update_wanted_idle (gpointer user_data)
{
  QmDocumentView *self = user_data;

  self->update_source = 0;
  update_wanted (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update_wanted (QmDocumentView *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_wanted_idle, self, NULL);
}

static void
update_page_indicator (QmDocumentView *self)
{
  g_autofree char *page = NULL;
  g_autofree char *total = NULL;

  if (self->scheduler == NULL)
    {
      gtk_editable_set_text (self->page_entry, "");
      gtk_label_set_label (self->n_pages_label, "");
      return;
    }

  page = g_strdup_printf ("%u", self->current + 1);
  /* Translators: the number of pages after the current page, as in "5 / 216". */
  total = g_strdup_printf (_("/ %u"), n_pages (self));
  gtk_editable_set_text (self->page_entry, page);
  gtk_label_set_label (self->n_pages_label, total);
}

static void
update_zoom_label (QmDocumentView *self)
{
  g_autofree char *label = NULL;

  /* Translators: a zoom level, as in "125%". */
  label = g_strdup_printf (_("%.0f%%"), self->zoom / ZOOM_ACTUAL * 100.0);
  gtk_label_set_label (self->zoom_label, label);
}

static void
update_actions (QmDocumentView *self)
{
  gboolean loaded = self->scheduler != NULL;
  gboolean has_hits = self->hits != NULL && self->hits->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous-page", loaded && self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.first-page", loaded && self->current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next-page", loaded && self->current + 1 < n_pages (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.last-page", loaded && self->current + 1 < n_pages (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", loaded && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", loaded && self->zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.find-next", has_hits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.find-previous", has_hits);
}

static void
select_thumbnail (QmDocumentView *self)
{
  GtkSelectionModel *model = gtk_list_view_get_model (self->thumbnails);

  if (model == NULL)
    return;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), self->current);
  if (gtk_widget_get_mapped (GTK_WIDGET (self->thumbnails)))
    gtk_widget_activate_action (GTK_WIDGET (self->thumbnails), "list.scroll-to-item", "u", self->current);
}

static void
set_current (QmDocumentView *self,
             guint           index)
{
  if (self->current == index)
    return;

  self->current = index;
  update_page_indicator (self);
  update_actions (self);
  select_thumbnail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

/* The page the reader is on: the one that shows the most of itself. */
static guint
most_visible_page (QmDocumentView *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double top = gtk_adjustment_get_value (vadj);
  double bottom = top + gtk_adjustment_get_page_size (vadj);
  guint first, last, best;
  double best_seen = -1;

  visible_range (self, &first, &last);
  best = first;
  for (guint i = first; i <= last && i < n_pages (self); i++)
    {
      double seen = MIN (bottom, self->offsets[i + 1] - PAGE_SPACING) - MAX (top, self->offsets[i]);

      if (seen > best_seen + 0.5)
        {
          best = i;
          best_seen = seen;
        }
    }
  return best;
}

static gboolean
apply_pending_scroll (QmDocumentView *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double target, max;

  if (!self->pending_scroll || self->scheduler == NULL)
    return FALSE;

  target = page_top (self, self->pending_page) + self->pending_points * self->zoom + self->pending_pixels;
  max = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj);
  target = MAX (target, 0);

  /* The column has not grown to its new size yet: try again when it has. */
  if (target > max + 0.5 && gtk_adjustment_get_upper (vadj) + 0.5 < self->offsets[n_pages (self)] + PAGE_MARGIN)
    return FALSE;

  self->programmatic_scroll = TRUE;
  gtk_adjustment_set_value (vadj, MIN (target, MAX (max, 0)));
  self->programmatic_scroll = FALSE;
  self->pending_scroll = FALSE;
  queue_update_wanted (self);
  return TRUE;
}

static void
scroll_to (QmDocumentView *self,
           guint           index,
           double          points,
           double          pixels)
{
  self->pending_scroll = TRUE;
  self->pending_page = index;
  self->pending_points = points;
  self->pending_pixels = pixels;
  apply_pending_scroll (self);
}

static void
show_single_page (QmDocumentView *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->pages, i),
                            self->continuous || i == self->current);
}

static void
go_to_index (QmDocumentView *self,
             guint           index,
             double          points,
             double          pixels)
{
  guint old = self->current;

  if (self->scheduler == NULL)
    return;

  index = MIN (index, n_pages (self) - 1);
  set_current (self, index);

  if (!self->continuous)
    {
      if (old < self->pages->len)
        gtk_widget_set_visible (g_ptr_array_index (self->pages, old), FALSE);
      gtk_widget_set_visible (g_ptr_array_index (self->pages, index), TRUE);
    }
  scroll_to (self, index, points, pixels);
  update_mapped_pages (self);

  /* Ask for the page now, not at the next idle, so a cached page is on
   * screen in the very next frame. */
  update_wanted (self);
}

static double
fit_zoom (QmDocumentView *self,
          QmZoomMode      mode)
{
  double view_w = gtk_widget_get_width (GTK_WIDGET (self->scroller));
  double view_h = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  double page_w = 0, page_h = 0, zoom;

  if (self->scheduler == NULL || view_w <= 0 || view_h <= 0)
    return self->zoom;

  if (self->continuous)
    {
      for (guint i = 0; i < n_pages (self); i++)
        {
          double w;

          qm_render_scheduler_get_page_size (self->scheduler, i, &w, NULL);
          page_w = MAX (page_w, w);
        }
    }
  else
    qm_render_scheduler_get_page_size (self->scheduler, self->current, &page_w, NULL);
  qm_render_scheduler_get_page_size (self->scheduler, self->current, NULL, &page_h);

  zoom = (view_w - 2 * PAGE_MARGIN) / page_w;
  if (mode == QM_ZOOM_FIT_PAGE)
    zoom = MIN (zoom, (view_h - 2 * PAGE_MARGIN) / page_h);

  /* A readable page on a phone-sized view beats one that fits. */
  return CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
}

static void
apply_zoom (QmDocumentView *self,
            double          zoom)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double anchor_points = 0;

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (fabs (zoom - self->zoom) < 1e-4)
    return;

  /* Keep the same spot of the current page at the top of the view. */
  if (self->scheduler != NULL && self->continuous && !self->pending_scroll)
    anchor_points = (gtk_adjustment_get_value (vadj) - self->offsets[self->current]) / self->zoom;
  else if (self->pending_scroll)
    anchor_points = self->pending_points + self->pending_pixels / self->zoom;

  self->zoom = zoom;
  compute_offsets (self);
  for (guint i = 0; i < self->pages->len; i++)
    qm_page_view_set_zoom (g_ptr_array_index (self->pages, i), zoom);

  if (self->scheduler != NULL)
    scroll_to (self, self->current, anchor_points, 0);

  update_zoom_label (self);
  update_actions (self);
  queue_update_wanted (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
refit (QmDocumentView *self)
{
  if (self->zoom_mode != QM_ZOOM_FREE)
    apply_zoom (self, fit_zoom (self, self->zoom_mode));
}

static gboolean
refit_idle (gpointer user_data)
{
  QmDocumentView *self = user_data;

  self->refit_source = 0;
  refit (self);
  return G_SOURCE_REMOVE;
}

static void
adjustment_changed_cb (QmDocumentView *self,
                       GtkAdjustment  *adjustment)
{
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double w = gtk_adjustment_get_page_size (hadj);
  double h = gtk_adjustment_get_page_size (vadj);

  /* The view was resized: fit again, but after this allocation. */
  if ((w != self->last_view_width || h != self->last_view_height) && self->refit_source == 0)
    self->refit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refit_idle, self, NULL);
  self->last_view_width = w;
  self->last_view_height = h;

  apply_pending_scroll (self);
  update_mapped_pages (self);
  queue_update_wanted (self);
}

static void
vadjustment_value_changed_cb (QmDocumentView *self,
                              GtkAdjustment  *adjustment)
{
  if (self->scheduler == NULL)
    return;

  if (self->continuous && !self->programmatic_scroll && !self->pending_scroll)
    set_current (self, most_visible_page (self));
  /* Now, not at the idle: the frame being made may show them. */
  update_mapped_pages (self);
  queue_update_wanted (self);
}

static void
page_ready_cb (QmDocumentView    *self,
               guint              page,
               QmRenderScheduler *scheduler)
{
  if (page < self->pages->len)
    qm_page_view_update (g_ptr_array_index (self->pages, page));

  /* The pages on screen are done (drawn in the next frame, or failed):
   * the pages around come after that frame. */
  if (self->awaiting_visible && !visible_pending (self))
    {
      self->awaiting_visible = FALSE;
      prefetch_after_paint (self);
    }
}

/* Thumbnails ------------------------------------------------------------- */

static void
thumbnail_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    QmDocumentView           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *page = g_object_new (QM_TYPE_PAGE_VIEW,
                                  "auto-request", TRUE,
                                  "halign", GTK_ALIGN_CENTER,
                                  NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), page);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
thumbnail_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   QmDocumentView           *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  QmPageView *page = QM_PAGE_VIEW (gtk_widget_get_first_child (box));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_last_child (box));
  guint position = gtk_list_item_get_position (item);
  g_autofree char *number = g_strdup_printf ("%u", position + 1);
  double width;

  if (self->thumbnail_scheduler == NULL)
    return;

  qm_render_scheduler_get_page_size (self->thumbnail_scheduler, position, &width, NULL);
  qm_page_view_set_scheduler (page, self->thumbnail_scheduler);
  qm_page_view_set_zoom (page, THUMBNAIL_WIDTH / MAX (width, 1));
  qm_page_view_set_index (page, position);
  gtk_label_set_label (label, number);
}

static void
thumbnail_activate_cb (QmDocumentView *self,
                       guint           position)
{
  go_to_index (self, position, 0, -PAGE_MARGIN / 2.0);
  if (adw_flap_get_folded (ADW_FLAP (self->flap)))
    gtk_toggle_button_set_active (self->thumbnails_button, FALSE);
}

/* The thumbnails open the document a second time, with a render thread of
 * their own: only when they are first shown, not with every document. */
static void
ensure_thumbnails (QmDocumentView *self)
{
  g_autoptr(GtkStringList) strings = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GError) error = NULL;

  if (self->scheduler == NULL || self->thumbnail_scheduler != NULL)
    return;

  self->thumbnail_scheduler = qm_render_scheduler_new_sibling (self->scheduler, &error);
  if (self->thumbnail_scheduler == NULL)
    {
      g_debug ("No thumbnails: %s", error->message);
      return;
    }
  qm_render_scheduler_set_budget (self->thumbnail_scheduler, THUMBNAIL_BUDGET);

  strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_pages (self); i++)
    {
      char number[16];

      g_snprintf (number, sizeof number, "%u", i + 1);
      gtk_string_list_append (strings, number);
    }
  selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_list_view_set_model (self->thumbnails, GTK_SELECTION_MODEL (selection));
}

static void
reveal_flap_cb (QmDocumentView *self)
{
  if (adw_flap_get_reveal_flap (ADW_FLAP (self->flap)))
    {
      ensure_thumbnails (self);
      select_thumbnail (self);
    }
}

/* Search ----------------------------------------------------------------- */

static void
show_hits (QmDocumentView *self)
{
  guint i = 0;

  for (guint p = 0; p < self->pages->len; p++)
    qm_page_view_set_hits (g_ptr_array_index (self->pages, p), NULL, 0, -1);

  if (self->hits == NULL)
    return;

  while (i < self->hits->len)
    {
      const QmTextHit *first = &g_array_index (self->hits, QmTextHit, i);
      guint n = 1;

      while (i + n < self->hits->len && g_array_index (self->hits, QmTextHit, i + n).page == first->page)
        n++;

      qm_page_view_set_hits (g_ptr_array_index (self->pages, first->page), first, n,
                             self->current_hit >= (int) i && self->current_hit < (int) (i + n)
                               ? self->current_hit - (int) i : -1);
      i += n;
    }
}

static void
update_search_status (QmDocumentView *self)
{
  g_autofree char *status = NULL;

  if (self->hits == NULL)
    status = g_strdup ("");
  else if (self->hits->len == 0)
    status = g_strdup (_("No results"));
  else
    /* Translators: the selected search hit and the number of hits, as in "3 of 12". */
    status = g_strdup_printf (_("%d of %u"), self->current_hit + 1, self->hits->len);

  gtk_label_set_label (self->search_status, status);
}

static void
select_hit (QmDocumentView *self,
            int             hit)
{
  const QmTextHit *h;
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (self->hits == NULL || self->hits->len == 0)
    return;

  self->current_hit = hit;
  h = &g_array_index (self->hits, QmTextHit, hit);
  show_hits (self);
  update_search_status (self);
  /* The hit a third of the way down the view. */
  go_to_index (self, h->page, h->y1, -gtk_adjustment_get_page_size (vadj) / 3.0);
}

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QmDocumentView *self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *hits;

  /* The view cancels its search before it goes away (and before any new
   * search), so @self is alive unless this is a cancellation. */
  hits = qm_render_scheduler_find_text_finish (QM_RENDER_SCHEDULER (object), result, &error);
  if (hits == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Search failed: %s", error->message);
      return;
    }
  if (QM_RENDER_SCHEDULER (object) != self->scheduler)
    {
      g_array_unref (hits);
      return;
    }

  g_clear_pointer (&self->hits, g_array_unref);
  self->hits = hits;
  self->current_hit = -1;
  update_actions (self);

  /* Start at the first hit on or after the page being read. */
  for (guint i = 0; i < hits->len; i++)
    if (g_array_index (hits, QmTextHit, i).page >= self->current)
      {
        select_hit (self, (int) i);
        return;
      }
  if (hits->len > 0)
    select_hit (self, 0);
  else
    {
      show_hits (self);
      update_search_status (self);
    }
}

/**
 * qm_document_view_search:
 * @text: what to find; empty clears the search
 *
 * Finds @text on every page, highlights the hits and goes to the first one
 * on or after the current page.
 */
void
qm_document_view_search (QmDocumentView *self,
                         const char     *text)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->hits, g_array_unref);
  self->current_hit = -1;
  show_hits (self);
  update_search_status (self);
  update_actions (self);

  if (self->scheduler == NULL || text == NULL || *text == '\0')
    return;

  if (g_strcmp0 (gtk_editable_get_text (self->search_entry), text) != 0)
    gtk_editable_set_text (self->search_entry, text);

  gtk_label_set_label (self->search_status, _("Searching…"));
  self->search_cancellable = g_cancellable_new ();
  qm_render_scheduler_find_text_async (self->scheduler, text, self->search_cancellable,
                                       search_ready_cb, self);
}

guint
qm_document_view_get_n_hits (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), 0);

  return self->hits != NULL ? self->hits->len : 0;
}

static void
search_changed_cb (QmDocumentView *self)
{
  const char *text = gtk_editable_get_text (self->search_entry);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  qm_document_view_search (self, stripped);
}

static void
find_step (QmDocumentView *self,
           int             step)
{
  int n;

  if (self->hits == NULL || self->hits->len == 0)
    return;

  n = (int) self->hits->len;
  select_hit (self, ((self->current_hit + step) % n + n) % n);
}

static void
search_activate_cb (QmDocumentView *self)
{
  find_step (self, 1);
}

static void
search_next_cb (QmDocumentView *self)
{
  find_step (self, 1);
}

static void
search_previous_cb (QmDocumentView *self)
{
  find_step (self, -1);
}

static void
search_stop_cb (QmDocumentView *self)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->scroller));
}

static void
search_mode_cb (QmDocumentView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (self->search_entry, "");
      qm_document_view_search (self, NULL);
    }
}

/* Input ------------------------------------------------------------------ */

static void
page_entry_activate_cb (QmDocumentView *self)
{
  const char *text = gtk_editable_get_text (self->page_entry);
  guint64 page = 0;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &page, NULL))
    qm_document_view_go_to_page (self, (guint) page);
  else
    update_page_indicator (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->scroller));
}

static gboolean
scroll_cb (QmDocumentView           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  self->zoom_mode = QM_ZOOM_FREE;
  apply_zoom (self, self->zoom * pow (ZOOM_STEP, -dy));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  return TRUE;
}

static void
zoom_begin_cb (QmDocumentView *self)
{
  self->gesture_start_zoom = self->zoom;
  self->pinching = TRUE;
}

static void
zoom_scale_changed_cb (QmDocumentView *self,
                       double          scale)
{
  qm_document_view_set_zoom (self, self->gesture_start_zoom * scale);
}

static void
zoom_end_cb (QmDocumentView *self)
{
  /* Pages render at the final zoom only, not at every step of a pinch. */
  self->pinching = FALSE;
  update_wanted (self);
}

static void
swipe_cb (QmDocumentView *self,
          double          velocity_x,
          double          velocity_y)
{
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scroller);
  gboolean wider = gtk_adjustment_get_upper (hadj) > gtk_adjustment_get_page_size (hadj) + 1;

  /* A page wider than the view is panned, not turned. */
  if (self->continuous || wider || fabs (velocity_x) < SWIPE_VELOCITY ||
      fabs (velocity_x) < 2 * fabs (velocity_y))
    return;

  if (velocity_x < 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "viewer.next-page", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "viewer.previous-page", NULL);
}

/* Actions ---------------------------------------------------------------- */

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (widget);
  guint last = n_pages (self) > 0 ? n_pages (self) - 1 : 0;
  guint target = self->current;

  if (self->scheduler == NULL)
    return;

  if (g_str_equal (action_name, "viewer.next-page"))
    target = MIN (self->current + 1, last);
  else if (g_str_equal (action_name, "viewer.previous-page"))
    target = self->current > 0 ? self->current - 1 : 0;
  else if (g_str_equal (action_name, "viewer.first-page"))
    target = 0;
  else if (g_str_equal (action_name, "viewer.last-page"))
    target = last;
  else if (g_str_equal (action_name, "viewer.go-to-page"))
    target = MIN (MAX (g_variant_get_uint32 (parameter), 1) - 1, last);

  go_to_index (self, target, 0, -PAGE_MARGIN / 2.0);
}

static void
scroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (widget);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  int direction = g_str_equal (action_name, "viewer.scroll-down") ? 1 : -1;
  double value = gtk_adjustment_get_value (vadj);
  double max = gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj);

  /* In single-page mode, or at the end of a page taller than the view,
   * the arrows turn the page. */
  if (!self->continuous && ((direction > 0 && value >= max - 0.5) || (direction < 0 && value <= 0.5)))
    {
      page_action (widget, direction > 0 ? "viewer.next-page" : "viewer.previous-page", NULL);
      return;
    }

  gtk_adjustment_set_value (vadj, value + direction * gtk_adjustment_get_page_size (vadj) / 10.0);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (widget);

  if (g_str_equal (action_name, "viewer.zoom-in"))
    qm_document_view_set_zoom (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "viewer.zoom-out"))
    qm_document_view_set_zoom (self, self->zoom / ZOOM_STEP);
  else if (g_str_equal (action_name, "viewer.zoom-reset"))
    qm_document_view_set_zoom (self, ZOOM_ACTUAL);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (widget);

  if (g_str_equal (action_name, "viewer.find"))
    {
      gtk_toggle_button_set_active (self->search_button, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      gtk_editable_select_region (self->search_entry, 0, -1);
    }
  else if (g_str_equal (action_name, "viewer.find-next"))
    find_step (self, 1);
  else if (g_str_equal (action_name, "viewer.find-previous"))
    find_step (self, -1);
}

static void
thumbnails_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (widget);

  gtk_toggle_button_set_active (self->thumbnails_button,
                                !gtk_toggle_button_get_active (self->thumbnails_button));
}

/* GObject ---------------------------------------------------------------- */

static void
clear_document (QmDocumentView *self)
{
  GtkWidget *child;

  cancel_deferred_prefetch (self);
  self->awaiting_visible = FALSE;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->hits, g_array_unref);
  self->current_hit = -1;

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_func (self->scheduler, page_ready_cb, self);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->thumbnail_scheduler);
  if (self->thumbnails != NULL)
    gtk_list_view_set_model (self->thumbnails, NULL);

  if (self->pages_box != NULL)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
      gtk_box_remove (self->pages_box, child);
  if (self->pages != NULL)
    g_ptr_array_set_size (self->pages, 0);
  g_clear_pointer (&self->offsets, g_free);
  self->current = 0;
  self->pending_scroll = FALSE;
  self->wanted_first = 1;
  self->wanted_last = 0;
  self->mapped_first = 1;
  self->mapped_last = 0;
}

static void
qm_document_view_dispose (GObject *object)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (object);

  g_clear_handle_id (&self->refit_source, g_source_remove);
  g_clear_handle_id (&self->update_source, g_source_remove);
  cancel_deferred_prefetch (self);
  clear_document (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), QM_TYPE_DOCUMENT_VIEW);

  G_OBJECT_CLASS (qm_document_view_parent_class)->dispose (object);
}

static void
qm_document_view_finalize (GObject *object)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->offsets, g_free);

  G_OBJECT_CLASS (qm_document_view_parent_class)->finalize (object);
}

static void
qm_document_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, n_pages (self));
      break;
    case PROP_CURRENT_PAGE:
      g_value_set_uint (value, qm_document_view_get_current_page (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_CONTINUOUS:
      g_value_set_boolean (value, self->continuous);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_document_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  QmDocumentView *self = QM_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      qm_document_view_set_scheduler (self, g_value_get_object (value));
      break;
    case PROP_CURRENT_PAGE:
      qm_document_view_go_to_page (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      qm_document_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_ZOOM_MODE:
      qm_document_view_set_zoom_mode (self, g_value_get_enum (value));
      break;
    case PROP_CONTINUOUS:
      qm_document_view_set_continuous (self, g_value_get_boolean (value));
      break;
    case PROP_DARK:
      qm_document_view_set_dark (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_document_view_class_init (QmDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_document_view_dispose;
  object_class->finalize = qm_document_view_finalize;
  object_class->get_property = qm_document_view_get_property;
  object_class->set_property = qm_document_view_set_property;

  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, QM_TYPE_RENDER_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * QmDocumentView:current-page:
   *
   * The page being read, 1-based as in the protocol; 0 with no document.
   */
  properties[PROP_CURRENT_PAGE] =
    g_param_spec_uint ("current-page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, ZOOM_ACTUAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_MODE] =
    g_param_spec_enum ("zoom-mode", NULL, NULL, QM_TYPE_ZOOM_MODE, QM_ZOOM_FIT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTINUOUS] =
    g_param_spec_boolean ("continuous", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (QM_TYPE_FITTING_TITLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/viewer/qm-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, box);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, window_title);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, thumbnails_button);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, page_entry);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, n_pages_label);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, search_button);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, search_status);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, flap);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, scroller);
  gtk_widget_class_bind_template_child (widget_class, QmDocumentView, pages_box);
  gtk_widget_class_bind_template_callback (widget_class, page_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, scroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_end_cb);
  gtk_widget_class_bind_template_callback (widget_class, swipe_cb);

  gtk_widget_class_install_action (widget_class, "viewer.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.last-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.go-to-page", "u", page_action);
  gtk_widget_class_install_action (widget_class, "viewer.scroll-down", NULL, scroll_action);
  gtk_widget_class_install_action (widget_class, "viewer.scroll-up", NULL, scroll_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "viewer.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "viewer.find-previous", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "viewer.toggle-thumbnails", NULL, thumbnails_action);
  gtk_widget_class_install_property_action (widget_class, "viewer.zoom-mode", "zoom-mode");
  gtk_widget_class_install_property_action (widget_class, "viewer.continuous", "continuous");
  gtk_widget_class_install_property_action (widget_class, "viewer.dark", "dark");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "viewer.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "viewer.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "viewer.scroll-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "viewer.scroll-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "viewer.first-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "viewer.last-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "viewer.toggle-thumbnails", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "viewer.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "viewer.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "viewer.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-reset", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "qm-document-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
load_css (GtkWidget *widget)
{
  static GdkDisplay *loaded_for;
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded_for == display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/vn/quorum/Quorum/viewer/qm-viewer.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded_for = display;
}

static void
qm_document_view_init (QmDocumentView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *shortcuts;
  GtkAdjustment *hadj, *vadj;

  self->zoom = ZOOM_ACTUAL;
  self->zoom_mode = QM_ZOOM_FIT_WIDTH;
  self->continuous = TRUE;
  self->current_hit = -1;
  self->wanted_first = 1;
  self->mapped_first = 1;
  self->pages = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  load_css (GTK_WIDGET (self));

  gtk_box_set_spacing (self->pages_box, PAGE_SPACING);
  gtk_widget_set_margin_top (GTK_WIDGET (self->pages_box), PAGE_MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->pages_box), PAGE_MARGIN);
  gtk_widget_set_margin_start (GTK_WIDGET (self->pages_box), PAGE_MARGIN);
  gtk_widget_set_margin_end (GTK_WIDGET (self->pages_box), PAGE_MARGIN);
  gtk_widget_add_css_class (GTK_WIDGET (self->page_entry), "qm-page-entry");

  /* The scrolled window binds Page Up/Down to scrolling by a screen;
   * reading meeting papers, they turn the page. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                                                          gtk_named_action_new ("viewer.next-page")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                                                          gtk_named_action_new ("viewer.previous-page")));
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), shortcuts);
  gtk_widget_set_focusable (GTK_WIDGET (self->scroller), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->scroller), TRUE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (thumbnail_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (thumbnail_bind_cb), self);
  gtk_list_view_set_factory (self->thumbnails, factory);

  hadj = gtk_scrolled_window_get_hadjustment (self->scroller);
  vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (hadj, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadj, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadj, "value-changed", G_CALLBACK (vadjustment_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->thumbnails, "map", G_CALLBACK (select_thumbnail), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (reveal_flap_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  adw_window_title_set_title (self->window_title, _("Document"));
  update_page_indicator (self);
  update_zoom_label (self);
  update_actions (self);
}

GtkWidget *
qm_document_view_new (void)
{
  return g_object_new (QM_TYPE_DOCUMENT_VIEW, NULL);
}

/**
 * qm_document_view_load_file:
 *
 * Opens @file for reading. On failure the view is left empty.
 */
gboolean
qm_document_view_load_file (QmDocumentView  *self,
                            GFile           *file,
                            GError         **error)
{
  g_autoptr(QmRenderScheduler) scheduler = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  scheduler = qm_render_scheduler_new_for_file (file, error);
  qm_document_view_set_scheduler (self, scheduler);
  if (scheduler == NULL)
    return FALSE;

  if (qm_render_scheduler_get_title (scheduler) == NULL ||
      *qm_render_scheduler_get_title (scheduler) == '\0')
    {
      basename = g_file_get_basename (file);
      adw_window_title_set_title (self->window_title, basename);
    }
  return TRUE;
}

QmRenderScheduler *
qm_document_view_get_scheduler (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), NULL);

  return self->scheduler;
}

/**
 * qm_document_view_set_scheduler:
 * @scheduler: (nullable): an open document
 *
 * Shows the document of @scheduler from its first page.
 */
void
qm_document_view_set_scheduler (QmDocumentView    *self,
                                QmRenderScheduler *scheduler)
{
  const char *title;

  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (!scheduler || QM_IS_RENDER_SCHEDULER (scheduler));

  if (scheduler == self->scheduler)
    return;

  clear_document (self);
  if (scheduler != NULL)
    {
      self->scheduler = g_object_ref (scheduler);
      g_signal_connect_object (scheduler, "page-ready", G_CALLBACK (page_ready_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scheduler, "page-dropped", G_CALLBACK (page_ready_cb), self, G_CONNECT_SWAPPED);

      if (self->zoom_mode != QM_ZOOM_FREE)
        self->zoom = fit_zoom (self, self->zoom_mode);
      compute_offsets (self);

      for (guint i = 0; i < n_pages (self); i++)
        {
          GtkWidget *page = qm_page_view_new (scheduler, i);

          qm_page_view_set_zoom (QM_PAGE_VIEW (page), self->zoom);
          qm_page_view_set_dark (QM_PAGE_VIEW (page), self->dark);
          gtk_widget_set_visible (page, self->continuous || i == 0);
          gtk_box_append (self->pages_box, page);
          gtk_widget_set_child_visible (page, FALSE);
          g_ptr_array_add (self->pages, page);
        }
      self->mapped_first = 1;
      self->mapped_last = 0;
      if (adw_flap_get_reveal_flap (ADW_FLAP (self->flap)))
        ensure_thumbnails (self);

      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      update_mapped_pages (self);
      update_wanted (self);
    }

  title = scheduler != NULL ? qm_render_scheduler_get_title (scheduler) : NULL;
  adw_window_title_set_title (self->window_title, title != NULL && *title != '\0' ? title : _("Document"));
  update_page_indicator (self);
  update_zoom_label (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

guint
qm_document_view_get_n_pages (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), 0);

  return n_pages (self);
}

/**
 * qm_document_view_get_current_page:
 *
 * Returns: the page being read, 1-based; 0 with no document
 */
guint
qm_document_view_get_current_page (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), 0);

  return self->scheduler != NULL ? self->current + 1 : 0;
}

/**
 * qm_document_view_go_to_page:
 * @page: a 1-based page number; beyond the last page means the last
 *
 * Turns to @page at once; when its render is cached it is drawn in the
 * next frame.
 */
void
qm_document_view_go_to_page (QmDocumentView *self,
                             guint           page)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));

  if (self->scheduler == NULL || page == 0)
    return;

  go_to_index (self, page - 1, 0, -PAGE_MARGIN / 2.0);
}

double
qm_document_view_get_zoom (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), 1.0);

  return self->zoom;
}

/**
 * qm_document_view_set_zoom:
 * @zoom: logical pixels per point
 *
 * Sets a free zoom level, leaving the fit modes.
 */
void
qm_document_view_set_zoom (QmDocumentView *self,
                           double          zoom)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));

  if (self->zoom_mode != QM_ZOOM_FREE)
    {
      self->zoom_mode = QM_ZOOM_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
    }
  apply_zoom (self, zoom);
}

QmZoomMode
qm_document_view_get_zoom_mode (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), QM_ZOOM_FIT_WIDTH);

  return self->zoom_mode;
}

void
qm_document_view_set_zoom_mode (QmDocumentView *self,
                                QmZoomMode      mode)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (mode <= QM_ZOOM_FREE);

  if (self->zoom_mode == mode)
    return;

  self->zoom_mode = mode;
  refit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
}

gboolean
qm_document_view_get_continuous (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), TRUE);

  return self->continuous;
}

/**
 * qm_document_view_set_continuous:
 *
 * Chooses between one scrolling column of pages and one page at a time
 * (where a swipe turns the page).
 */
void
qm_document_view_set_continuous (QmDocumentView *self,
                                 gboolean        continuous)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));

  continuous = !!continuous;
  if (self->continuous == continuous)
    return;

  self->continuous = continuous;
  gtk_widget_set_valign (GTK_WIDGET (self->pages_box), continuous ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  show_single_page (self);
  refit (self);
  if (self->scheduler != NULL)
    go_to_index (self, self->current, 0, -PAGE_MARGIN / 2.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTINUOUS]);
}

gboolean
qm_document_view_get_dark (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), FALSE);

  return self->dark;
}

/**
 * qm_document_view_set_dark:
 *
 * Shows pages in a dark palette (light ink on dark paper) for reading in a
 * dim meeting room.
 */
void
qm_document_view_set_dark (QmDocumentView *self,
                           gboolean        dark)
{
  g_return_if_fail (QM_IS_DOCUMENT_VIEW (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  for (guint i = 0; i < self->pages->len; i++)
    qm_page_view_set_dark (g_ptr_array_index (self->pages, i), dark);
  if (dark)
    gtk_widget_add_css_class (GTK_WIDGET (self->scroller), "dark");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->scroller), "dark");
  gtk_widget_queue_draw (GTK_WIDGET (self->thumbnails));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

/**
 * qm_document_view_get_page_view:
 * @page: a 1-based page number
 *
 * Returns: (transfer none) (nullable): the widget showing @page
 */
GtkWidget *
qm_document_view_get_page_view (QmDocumentView *self,
                                guint           page)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), NULL);

  if (page == 0 || page > self->pages->len)
    return NULL;
  return g_ptr_array_index (self->pages, page - 1);
}

/**
 * qm_document_view_get_header_bar:
 *
 * Returns: (transfer none): the header bar, for the application to add to
 */
GtkWidget *
qm_document_view_get_header_bar (QmDocumentView *self)
{
  g_return_val_if_fail (QM_IS_DOCUMENT_VIEW (self), NULL);

  return self->header_bar;
}
