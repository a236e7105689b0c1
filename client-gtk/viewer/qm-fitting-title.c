/* qm-fitting-title.c
 *
 * A header bar's title that steps aside when there is no room for it.
 *
 * Beside the chair's console on a 1280-pixel tablet the viewer's header has
 * about 40 pixels left for the document's title: "Dự t…", which says
 * nothing and looks broken. Given less than a few characters' width, this
 * bin shows nothing instead; the agenda beside the pages names the document
 * anyway. Its minimum width is 0, so the title never makes the header, or
 * the window, wider. (AdwBin lays its child out with a layout manager, so
 * this one is swapped for ours.)
 *
 * Copyright 2026 The Quorum authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-fitting-title"

#include "config.h"

#include "qm-fitting-title.h"

/* Fewer characters than this of a title are not worth showing. */
#define FITTING_CHARS 10

struct _QmFittingTitle
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (QmFittingTitle, qm_fitting_title, ADW_TYPE_BIN)

static int
fitting_width (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int width = FITTING_CHARS * pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return width;
}

static void
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         int            *minimum,
         int            *natural,
         int            *minimum_baseline,
         int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child == NULL || !gtk_widget_get_visible (child))
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 0;
}

static void
allocate (GtkWidget *widget,
          int        width,
          int        height,
          int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  int child_minimum = 0, child_natural = 0;
  gboolean fits;

  if (child == NULL)
    return;
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, &child_natural,
                      NULL, NULL);
  /* A short title shows whole; a long one from a few characters on. */
  fits = width >= MAX (child_minimum, MIN (child_natural, fitting_width (widget)));
  gtk_widget_set_child_visible (child, fits);
  if (fits)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
qm_fitting_title_class_init (QmFittingTitleClass *klass)
{
}

static void
qm_fitting_title_init (QmFittingTitle *self)
{
  gtk_widget_set_layout_manager (GTK_WIDGET (self), gtk_custom_layout_new (NULL, measure, allocate));
}

GtkWidget *
qm_fitting_title_new (void)
{
  return g_object_new (QM_TYPE_FITTING_TITLE, NULL);
}

gboolean
qm_fitting_title_get_shown (QmFittingTitle *self)
{
  GtkWidget *child;

  g_return_val_if_fail (QM_IS_FITTING_TITLE (self), FALSE);

  child = adw_bin_get_child (ADW_BIN (self));
  return child != NULL && gtk_widget_get_child_visible (child) && gtk_widget_get_mapped (child);
}
