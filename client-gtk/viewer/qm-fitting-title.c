/* qm-fitting-title.c
 *
 * A header bar's title that steps aside when there is no room for it.
 *
 * Beside the chair's console on a 1280-pixel tablet the viewer's header has
 * about 40 pixels left for the document's title: "Dự t…", which says
 * nothing and looks broken. Given less than a few characters' width, this
 * widget shows nothing instead; the agenda beside the pages names the
 * document anyway. Its minimum width is 0, so the title never makes the
 * header, or the window, wider.
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
  GtkWidget  parent_instance;

  GtkWidget *child;
};

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (QmFittingTitle, qm_fitting_title, GTK_TYPE_WIDGET)

static int
fitting_width (QmFittingTitle *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int width = FITTING_CHARS * pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return width;
}

static void
qm_fitting_title_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  QmFittingTitle *self = QM_FITTING_TITLE (widget);

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 0;
}

static void
qm_fitting_title_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  QmFittingTitle *self = QM_FITTING_TITLE (widget);
  int child_minimum = 0, child_natural = 0;
  gboolean fits;

  if (self->child == NULL)
    return;
  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum,
                      &child_natural, NULL, NULL);
  /* A short title shows whole; a long one from a few characters on. */
  fits = width >= MAX (child_minimum, MIN (child_natural, fitting_width (self)));
  gtk_widget_set_child_visible (self->child, fits);
  if (fits)
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
qm_fitting_title_dispose (GObject *object)
{
  QmFittingTitle *self = QM_FITTING_TITLE (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (qm_fitting_title_parent_class)->dispose (object);
}

static void
qm_fitting_title_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  QmFittingTitle *self = QM_FITTING_TITLE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_fitting_title_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  QmFittingTitle *self = QM_FITTING_TITLE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      qm_fitting_title_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_fitting_title_class_init (QmFittingTitleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = qm_fitting_title_dispose;
  object_class->get_property = qm_fitting_title_get_property;
  object_class->set_property = qm_fitting_title_set_property;
  widget_class->measure = qm_fitting_title_measure;
  widget_class->size_allocate = qm_fitting_title_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qm_fitting_title_init (QmFittingTitle *self)
{
}

GtkWidget *
qm_fitting_title_new (GtkWidget *child)
{
  return g_object_new (QM_TYPE_FITTING_TITLE, "child", child, NULL);
}

GtkWidget *
qm_fitting_title_get_child (QmFittingTitle *self)
{
  g_return_val_if_fail (QM_IS_FITTING_TITLE (self), NULL);
  return self->child;
}

void
qm_fitting_title_set_child (QmFittingTitle *self,
                            GtkWidget      *child)
{
  g_return_if_fail (QM_IS_FITTING_TITLE (self));
  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == NULL);

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

gboolean
qm_fitting_title_get_shown (QmFittingTitle *self)
{
  g_return_val_if_fail (QM_IS_FITTING_TITLE (self), FALSE);
  return self->child != NULL && gtk_widget_get_child_visible (self->child) &&
         gtk_widget_get_mapped (self->child);
}
