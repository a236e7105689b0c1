/* qm-annotation-editor.c: what the user annotates with (the tool, its
 * colour) and every edit they make, with undo and redo, on top of the
 * meeting's QmAnnotationStore.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-annotation-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "qm-annotation-editor.h"

/* GNOME's palette: red, orange, yellow, green, blue, purple. */
const char * const qm_annotation_colors[QM_N_ANNOTATION_COLORS] = {
  "#e01b24", "#ff7800", "#f6d32d", "#33d17a", "#3584e4", "#9141ac",
};

#define PEN_WIDTH 2.0

/* One annotation before and after an edit (NULL: it did not exist). */
typedef struct
{
  char         *id;
  QmAnnotation *before;
  QmAnnotation *after;
} Change;

struct _QmAnnotationEditor
{
  GObject            parent_instance;

  QmAnnotationStore *store;
  QmMeetingModel    *model;
  char              *doc;
  QmAnnotationTool   tool;
  char               pen_color[8];
  char               highlight_color[8];
  gboolean           stylus_seen;

  GPtrArray         *undo;          /* of GPtrArray of Change, newest last */
  GPtrArray         *redo;
  GPtrArray         *group;         /* the changes of an open group */
  guint              group_depth;
};

G_DEFINE_FINAL_TYPE (QmAnnotationEditor, qm_annotation_editor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DOCUMENT,
  PROP_TOOL,
  PROP_COLOR,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const tool_names[] = { "none", "pen", "highlighter", "note", "eraser" };

const char *
qm_annotation_tool_to_string (QmAnnotationTool tool)
{
  g_return_val_if_fail (tool <= QM_ANNOTATION_TOOL_ERASER, NULL);
  return tool_names[tool];
}

gboolean
qm_annotation_tool_from_string (const char       *text,
                                QmAnnotationTool *out_tool)
{
  for (guint i = 0; i < G_N_ELEMENTS (tool_names); i++)
    if (g_strcmp0 (text, tool_names[i]) == 0)
      {
        *out_tool = (QmAnnotationTool) i;
        return TRUE;
      }
  return FALSE;
}

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->id);
  g_clear_pointer (&change->before, qm_annotation_free);
  g_clear_pointer (&change->after, qm_annotation_free);
  g_free (change);
}

static GPtrArray *
changes_new (void)
{
  return g_ptr_array_new_with_free_func (change_free);
}

static void
notify_history (QmAnnotationEditor *self,
                gboolean            could_undo,
                gboolean            could_redo)
{
  if (could_undo != qm_annotation_editor_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != qm_annotation_editor_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
forget_history (QmAnnotationEditor *self)
{
  gboolean could_undo = qm_annotation_editor_get_can_undo (self);
  gboolean could_redo = qm_annotation_editor_get_can_redo (self);

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  g_clear_pointer (&self->group, g_ptr_array_unref);
  self->group_depth = 0;
  notify_history (self, could_undo, could_redo);
}

/* A new edit: it joins the open group, or is a step of its own; either way
 * what was undone can no longer be redone. */
static void
record (QmAnnotationEditor *self,
        const char         *id,
        QmAnnotation       *before,
        QmAnnotation       *after)
{
  gboolean could_undo = qm_annotation_editor_get_can_undo (self);
  gboolean could_redo = qm_annotation_editor_get_can_redo (self);
  Change *change = g_new0 (Change, 1);

  change->id = g_strdup (id);
  change->before = before;
  change->after = after;
  g_ptr_array_set_size (self->redo, 0);
  if (self->group != NULL)
    g_ptr_array_add (self->group, change);
  else
    {
      GPtrArray *step = changes_new ();

      g_ptr_array_add (step, change);
      g_ptr_array_add (self->undo, step);
    }
  notify_history (self, could_undo, could_redo);
}

static QmAnnotation *
copy_of (QmAnnotationEditor *self,
         const char         *id)
{
  const QmAnnotation *shown = id != NULL ? qm_annotation_store_lookup (self->store, id) : NULL;

  return shown != NULL ? qm_annotation_copy (shown) : NULL;
}

/* Store signals */

static void
store_changed_cb (QmAnnotationStore  *store,
                  const char         *doc,
                  gint64              page,
                  QmAnnotationEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0, doc, page);
}

static void
rename_in (GPtrArray  *steps,
           const char *id,
           const char *new_id)
{
  for (guint i = 0; i < steps->len; i++)
    {
      GPtrArray *step = g_ptr_array_index (steps, i);

      for (guint j = 0; j < step->len; j++)
        {
          Change *change = g_ptr_array_index (step, j);

          if (g_strcmp0 (change->id, id) == 0)
            {
              g_free (change->id);
              change->id = g_strdup (new_id);
            }
        }
    }
}

static void
store_conflict_cb (QmAnnotationStore  *store,
                   const char         *id,
                   const char         *new_id,
                   QmAnnotationEditor *self)
{
  const QmAnnotation *kept = qm_annotation_store_lookup (store, new_id);

  /* The user's edits now live under new_id: undo follows them there. */
  rename_in (self->undo, id, new_id);
  rename_in (self->redo, id, new_id);
  if (self->group != NULL)
    {
      g_autoptr(GPtrArray) wrapper = g_ptr_array_new ();

      g_ptr_array_add (wrapper, self->group);
      rename_in (wrapper, id, new_id);
    }

  if (kept != NULL && kept->kind == QM_ANNOTATION_NOTE)
    qm_annotation_editor_report (self, _("Your note was changed on another device; "
                                         "your version was kept as a new note"));
  else
    qm_annotation_editor_report (self, _("Your annotation was changed on another device; "
                                         "your version was kept as a new one"));
}

static void
store_rejected_cb (QmAnnotationStore  *store,
                   const char         *id,
                   const GError       *error,
                   const QmAnnotation *edit,
                   QmAnnotationEditor *self)
{
  g_debug ("annotation %s refused: %s", id, error->message);
  if (g_error_matches (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_LIMIT))
    qm_annotation_editor_report (self, _("Annotation limit reached"));
  else if (g_error_matches (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_FORBIDDEN))
    qm_annotation_editor_report (self, _("You may not annotate in this meeting"));
  else if (edit == NULL)
    qm_annotation_editor_report (self, _("The annotation could not be deleted"));
  else
    qm_annotation_editor_report (self, _("The server refused an annotation"));
}

static void
names_changed_cb (QmAnnotationEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0, NULL, (gint64) 0);
}

/* GObject */

static void
qm_annotation_editor_dispose (GObject *object)
{
  QmAnnotationEditor *self = QM_ANNOTATION_EDITOR (object);

  qm_annotation_editor_set_store (self, NULL, NULL);

  G_OBJECT_CLASS (qm_annotation_editor_parent_class)->dispose (object);
}

static void
qm_annotation_editor_finalize (GObject *object)
{
  QmAnnotationEditor *self = QM_ANNOTATION_EDITOR (object);

  g_free (self->doc);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_clear_pointer (&self->group, g_ptr_array_unref);

  G_OBJECT_CLASS (qm_annotation_editor_parent_class)->finalize (object);
}

static void
qm_annotation_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  QmAnnotationEditor *self = QM_ANNOTATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DOCUMENT:
      g_value_set_string (value, self->doc);
      break;
    case PROP_TOOL:
      g_value_set_int (value, self->tool);
      break;
    case PROP_COLOR:
      g_value_set_string (value, qm_annotation_editor_get_color (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, qm_annotation_editor_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, qm_annotation_editor_get_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_annotation_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  QmAnnotationEditor *self = QM_ANNOTATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      qm_annotation_editor_set_document (self, g_value_get_string (value));
      break;
    case PROP_TOOL:
      qm_annotation_editor_set_tool (self, g_value_get_int (value));
      break;
    case PROP_COLOR:
      qm_annotation_editor_set_color (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qm_annotation_editor_class_init (QmAnnotationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qm_annotation_editor_dispose;
  object_class->finalize = qm_annotation_editor_finalize;
  object_class->get_property = qm_annotation_editor_get_property;
  object_class->set_property = qm_annotation_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, QM_TYPE_ANNOTATION_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_string ("document", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An int rather than an enum type: nothing outside this file needs one. */
  properties[PROP_TOOL] =
    g_param_spec_int ("tool", NULL, NULL, QM_ANNOTATION_TOOL_NONE, QM_ANNOTATION_TOOL_ERASER,
                      QM_ANNOTATION_TOOL_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
qm_annotation_editor_init (QmAnnotationEditor *self)
{
  g_strlcpy (self->pen_color, qm_annotation_colors[0], sizeof self->pen_color);
  g_strlcpy (self->highlight_color, qm_annotation_colors[2], sizeof self->highlight_color);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

QmAnnotationEditor *
qm_annotation_editor_new (void)
{
  return g_object_new (QM_TYPE_ANNOTATION_EDITOR, NULL);
}

void
qm_annotation_editor_set_store (QmAnnotationEditor *self,
                                QmAnnotationStore  *store,
                                QmMeetingModel     *model)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (store == NULL || QM_IS_ANNOTATION_STORE (store));
  g_return_if_fail (model == NULL || QM_IS_MEETING_MODEL (model));

  if (self->model != model)
    {
      if (self->model != NULL)
        g_signal_handlers_disconnect_by_data (self->model, self);
      g_set_object (&self->model, model);
      /* Authors' names come with the meeting. */
      if (model != NULL)
        {
          g_signal_connect_object (model, "reset", G_CALLBACK (names_changed_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (model, "participants-changed", G_CALLBACK (names_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
    }
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  forget_history (self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
      g_signal_connect_object (store, "conflict", G_CALLBACK (store_conflict_cb), self, 0);
      g_signal_connect_object (store, "rejected", G_CALLBACK (store_rejected_cb), self, 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

QmAnnotationStore *
qm_annotation_editor_get_store (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), NULL);
  return self->store;
}

void
qm_annotation_editor_set_document (QmAnnotationEditor *self,
                                   const char         *doc)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));

  if (g_strcmp0 (self->doc, doc) == 0)
    return;
  g_free (self->doc);
  self->doc = g_strdup (doc);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

const char *
qm_annotation_editor_get_document (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), NULL);
  return self->doc;
}

QmAnnotationTool
qm_annotation_editor_get_tool (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), QM_ANNOTATION_TOOL_NONE);
  return self->tool;
}

void
qm_annotation_editor_set_tool (QmAnnotationEditor *self,
                               QmAnnotationTool    tool)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (tool <= QM_ANNOTATION_TOOL_ERASER);

  if (self->tool == tool)
    return;
  self->tool = tool;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

const char *
qm_annotation_editor_get_tool_color (QmAnnotationEditor *self,
                                     QmAnnotationTool    tool)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), NULL);
  return tool == QM_ANNOTATION_TOOL_HIGHLIGHTER ? self->highlight_color : self->pen_color;
}

const char *
qm_annotation_editor_get_color (QmAnnotationEditor *self)
{
  return qm_annotation_editor_get_tool_color (self, self->tool);
}

void
qm_annotation_editor_set_color (QmAnnotationEditor *self,
                                const char         *color)
{
  char *slot;

  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (color != NULL && strlen (color) == 7 && color[0] == '#');

  slot = self->tool == QM_ANNOTATION_TOOL_HIGHLIGHTER ? self->highlight_color : self->pen_color;
  if (g_ascii_strcasecmp (slot, color) == 0)
    return;
  g_strlcpy (slot, color, 8);
  for (char *c = slot; *c != '\0'; c++)
    *c = g_ascii_tolower (*c);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

double
qm_annotation_editor_get_pen_width (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), PEN_WIDTH);
  return PEN_WIDTH;
}

gboolean
qm_annotation_editor_get_stylus_seen (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  return self->stylus_seen;
}

void
qm_annotation_editor_set_stylus_seen (QmAnnotationEditor *self,
                                      gboolean            seen)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  self->stylus_seen = !!seen;
}

gint64
qm_annotation_editor_get_user_id (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), 0);
  return self->store != NULL ? qm_annotation_store_get_user_id (self->store) : 0;
}

gboolean
qm_annotation_editor_is_own (QmAnnotationEditor *self,
                             const QmAnnotation *annotation)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);

  return self->store != NULL && annotation->author == qm_annotation_store_get_user_id (self->store);
}

const char *
qm_annotation_editor_get_author_name (QmAnnotationEditor *self,
                                      gint64              author)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), NULL);

  if (self->model == NULL || !qm_meeting_model_get_loaded (self->model))
    return NULL;
  return qm_meeting_model_get_display_name (self->model, author);
}

static gboolean
no_store (QmAnnotationEditor  *self,
          GError             **error)
{
  if (self->store != NULL)
    return FALSE;
  g_set_error_literal (error, QM_ANNOTATION_STORE_ERROR, QM_ANNOTATION_STORE_ERROR_DATABASE,
                       "No annotation store");
  return TRUE;
}

char *
qm_annotation_editor_put (QmAnnotationEditor  *self,
                          const QmAnnotation  *annotation,
                          GError             **error)
{
  g_autoptr(QmAnnotation) before = NULL;
  char *id;

  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), NULL);
  g_return_val_if_fail (annotation != NULL, NULL);

  if (no_store (self, error))
    return NULL;
  if (annotation->id != NULL && annotation->id[0] != '\0')
    before = copy_of (self, annotation->id);
  id = qm_annotation_store_put (self->store, annotation, error);
  if (id == NULL)
    return NULL;
  record (self, id, g_steal_pointer (&before), copy_of (self, id));
  return id;
}

gboolean
qm_annotation_editor_remove (QmAnnotationEditor  *self,
                             const char          *id,
                             GError             **error)
{
  g_autoptr(QmAnnotation) before = NULL;

  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (no_store (self, error))
    return FALSE;
  before = copy_of (self, id);
  if (!qm_annotation_store_delete (self->store, id, error))
    return FALSE;
  record (self, id, g_steal_pointer (&before), NULL);
  return TRUE;
}

void
qm_annotation_editor_begin_group (QmAnnotationEditor *self)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));

  if (self->group_depth++ == 0)
    self->group = changes_new ();
}

void
qm_annotation_editor_end_group (QmAnnotationEditor *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;
  could_undo = qm_annotation_editor_get_can_undo (self);
  could_redo = qm_annotation_editor_get_can_redo (self);
  if (self->group->len > 0)
    g_ptr_array_add (self->undo, g_steal_pointer (&self->group));
  g_clear_pointer (&self->group, g_ptr_array_unref);
  notify_history (self, could_undo, could_redo);
}

gboolean
qm_annotation_editor_get_can_undo (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  return self->store != NULL && self->undo->len > 0;
}

gboolean
qm_annotation_editor_get_can_redo (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  return self->store != NULL && self->redo->len > 0;
}

/* Makes id what state says (NULL: gone). */
static gboolean
apply (QmAnnotationEditor *self,
       const char         *id,
       const QmAnnotation *state)
{
  g_autoptr(GError) error = NULL;

  if (state == NULL)
    {
      if (qm_annotation_store_lookup (self->store, id) == NULL)
        return TRUE;
      if (qm_annotation_store_delete (self->store, id, &error))
        return TRUE;
    }
  else
    {
      g_autoptr(QmAnnotation) copy = qm_annotation_copy (state);
      g_autofree char *put = NULL;

      g_free (copy->id);
      copy->id = g_strdup (id);
      put = qm_annotation_store_put (self->store, copy, &error);
      if (put != NULL)
        return TRUE;
    }
  g_debug ("cannot restore annotation %s: %s", id, error->message);
  return FALSE;
}

/* Moves the newest step of from onto to, applying each change's before
 * (undo) or after (redo) state. */
static gboolean
step (QmAnnotationEditor *self,
      GPtrArray          *from,
      GPtrArray          *to,
      gboolean            backwards)
{
  gboolean could_undo = qm_annotation_editor_get_can_undo (self);
  gboolean could_redo = qm_annotation_editor_get_can_redo (self);
  gboolean ok = TRUE;
  GPtrArray *changes;

  if (self->store == NULL || from->len == 0 || self->group != NULL)
    return FALSE;

  changes = g_ptr_array_steal_index (from, from->len - 1);
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, backwards ? changes->len - 1 - i : i);

      ok &= apply (self, change->id, backwards ? change->before : change->after);
    }
  g_ptr_array_add (to, changes);
  if (!ok)
    qm_annotation_editor_report (self, backwards ? _("Could not undo all of it")
                                                 : _("Could not redo all of it"));
  notify_history (self, could_undo, could_redo);
  return TRUE;
}

gboolean
qm_annotation_editor_undo (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  return step (self, self->undo, self->redo, TRUE);
}

gboolean
qm_annotation_editor_redo (QmAnnotationEditor *self)
{
  g_return_val_if_fail (QM_IS_ANNOTATION_EDITOR (self), FALSE);
  return step (self, self->redo, self->undo, FALSE);
}

void
qm_annotation_editor_report (QmAnnotationEditor *self,
                             const char         *message)
{
  g_return_if_fail (QM_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[MESSAGE], 0, message);
}
