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
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
qm_annotation_tools_new (void)
{
  return g_object_new (QM_TYPE_ANNOTATION_TOOLS, NULL);
}
