/* qm-vote-chart.c
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-vote-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-vote-chart.h"

#define BAR_HEIGHT  28.0
#define BAR_GAP     12.0
#define LABEL_GAP   12.0
#define COUNT_GAP   8.0

struct _QmVoteChart
{
  GtkDrawingArea parent_instance;

  gboolean       has_result;
  QmVoteResult   result;
};

G_DEFINE_FINAL_TYPE (QmVoteChart, qm_vote_chart, GTK_TYPE_DRAWING_AREA)

typedef struct
{
  const char *label;
  gint64      count;
  /* libadwaita's palette: green 4, red 3, dark 1 */
  double      r, g, b;
} Bar;

static PangoLayout *
layout_new (GtkWidget  *widget,
            const char *text,
            gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  QmVoteChart *self = QM_VOTE_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg;
  Bar bars[3] = {
    { C_("vote choice", "Yes"), 0, 0.149, 0.635, 0.412 },
    { C_("vote choice", "No"), 0, 0.753, 0.110, 0.157 },
    { C_("vote choice", "Abstain"), 0, 0.467, 0.463, 0.482 },
  };
  double label_width = 0;
  double count_width = 0;
  double track_x, track_width, top;
  gint64 scale;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (self->has_result)
    {
      bars[0].count = self->result.yes;
      bars[1].count = self->result.no;
      bars[2].count = self->result.abstain;
    }
  /* Bars measure against the members who could vote, so a half-empty room
   * shows as half-empty. */
  scale = MAX (self->result.eligible, MAX (self->result.cast, 1));

  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      g_autoptr(PangoLayout) label = layout_new (widget, bars[i].label, FALSE);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, bars[i].count);
      g_autoptr(PangoLayout) count = layout_new (widget, text, TRUE);
      int w, h;

      pango_layout_get_pixel_size (label, &w, &h);
      label_width = MAX (label_width, w);
      pango_layout_get_pixel_size (count, &w, &h);
      count_width = MAX (count_width, w);
    }
  /* Room for a count as wide as the number of members. */
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, scale);
    g_autoptr(PangoLayout) count = layout_new (widget, text, TRUE);
    int w, h;

    pango_layout_get_pixel_size (count, &w, &h);
    count_width = MAX (count_width, w);
  }

  track_x = label_width + LABEL_GAP;
  track_width = MAX (width - track_x - COUNT_GAP - count_width, 1);
  top = MAX ((height - (3 * BAR_HEIGHT + 2 * BAR_GAP)) / 2, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      double y = top + i * (BAR_HEIGHT + BAR_GAP);
      double bar_width = track_width * (double) bars[i].count / (double) scale;
      g_autoptr(PangoLayout) label = layout_new (widget, bars[i].label, FALSE);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, bars[i].count);
      g_autoptr(PangoLayout) count = layout_new (widget, text, TRUE);
      int w, h;

      /* The track, faint, then the bar. */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
      cairo_rectangle (cr, track_x, y, track_width, BAR_HEIGHT);
      cairo_fill (cr);
      if (bar_width > 0)
        {
          cairo_set_source_rgb (cr, bars[i].r, bars[i].g, bars[i].b);
          cairo_rectangle (cr, track_x, y, MAX (bar_width, 2.0), BAR_HEIGHT);
          cairo_fill (cr);
        }

      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_get_pixel_size (label, &w, &h);
      cairo_move_to (cr, 0, y + (BAR_HEIGHT - h) / 2);
      pango_cairo_show_layout (cr, label);
      pango_layout_get_pixel_size (count, &w, &h);
      cairo_move_to (cr, track_x + MAX (bar_width, 2.0) + COUNT_GAP, y + (BAR_HEIGHT - h) / 2);
      pango_cairo_show_layout (cr, count);
    }
}

static void
update_description (QmVoteChart *self)
{
  g_autofree char *text = NULL;

  if (self->has_result)
    /* Translators: the chart's text for screen readers */
    text = g_strdup_printf (_("Yes %u, no %u, abstain %u"), (guint) self->result.yes,
                            (guint) self->result.no, (guint) self->result.abstain);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
}

GtkWidget *
qm_vote_chart_new (void)
{
  return g_object_new (QM_TYPE_VOTE_CHART, NULL);
}

void
qm_vote_chart_set_result (QmVoteChart        *self,
                          const QmVoteResult *result)
{
  g_return_if_fail (QM_IS_VOTE_CHART (self));

  self->has_result = result != NULL;
  if (result != NULL)
    self->result = *result;
  else
    memset (&self->result, 0, sizeof self->result);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const QmVoteResult *
qm_vote_chart_get_result (QmVoteChart *self)
{
  g_return_val_if_fail (QM_IS_VOTE_CHART (self), NULL);
  return self->has_result ? &self->result : NULL;
}

static void
qm_vote_chart_class_init (QmVoteChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_css_name (widget_class, "qm-vote-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
qm_vote_chart_init (QmVoteChart *self)
{
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       (int) (3 * BAR_HEIGHT + 2 * BAR_GAP));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_chart, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chart of the vote result"), -1);
}
