/* qm-annotation-popover.h: the popover of one annotation on the page: a
 * note's text (up to 4 000 characters), whether it is shared with the
 * meeting, and a way to delete it. Others' notes show read-only.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

#define QM_TYPE_ANNOTATION_POPOVER (qm_annotation_popover_get_type ())
G_DECLARE_FINAL_TYPE (QmAnnotationPopover, qm_annotation_popover, QM, ANNOTATION_POPOVER, GtkPopover)

GtkWidget *qm_annotation_popover_new        (void);
/* Shows kind's fields: the text for a note; the switch and Delete only when
 * editable (the user's own); author names a note of someone else's. */
void       qm_annotation_popover_setup      (QmAnnotationPopover *self,
                                             QmAnnotationKind     kind,
                                             const char          *text,
                                             gboolean             shared,
                                             gboolean             editable,
                                             gboolean             is_new,
                                             const char          *author);
char      *qm_annotation_popover_get_text   (QmAnnotationPopover *self);
void       qm_annotation_popover_set_text   (QmAnnotationPopover *self,
                                             const char          *text);
gboolean   qm_annotation_popover_get_shared (QmAnnotationPopover *self);
void       qm_annotation_popover_set_shared (QmAnnotationPopover *self,
                                             gboolean             shared);
/* Whether the text fits the protocol's limit. */
gboolean   qm_annotation_popover_get_valid  (QmAnnotationPopover *self);
/* Whether Delete was pressed since the last setup. */
gboolean   qm_annotation_popover_get_deleted (QmAnnotationPopover *self);
/* Presses Delete (for keyboard users and tests, as the button does). */
void       qm_annotation_popover_delete     (QmAnnotationPopover *self);

G_END_DECLS
