/* qm-annotation-tools.c: the bar under the pages while annotating.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-tools"

#include "config.h"

#include "qm-annotation-tools.h"

struct _QmAnnotationTools
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (QmAnnotationTools, qm_annotation_tools, GTK_TYPE_BOX)

/* The bar's look and its icons (the theme has no highlighter or eraser),
 * once per display: tests and the screenshot program show it outside the
 * GtkApplication that would find the icons by itself. */
static void
load_resources (GtkWidget *widget)
{
  static GdkDisplay *loaded_for;
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded_for == display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/vn/quorum/Quorum/qm-annotation-tools.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/vn/quorum/Quorum/icons");
  loaded_for = display;
}

static void
qm_annotation_tools_class_init (QmAnnotationToolsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/quorum/Quorum/qm-annotation-tools.ui");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
qm_annotation_tools_init (QmAnnotationTools *self)
{
  load_resources (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
qm_annotation_tools_new (void)
{
  return g_object_new (QM_TYPE_ANNOTATION_TOOLS, NULL);
}
