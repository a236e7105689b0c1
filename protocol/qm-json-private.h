/* qm-json-private.h: strict JSON field readers and the shared codec plumbing
 * of libquorum-protocol. Every reader fails with BAD_REQUEST and names the field.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "quorum-protocol.h"

G_BEGIN_DECLS

typedef gpointer  (*QmFromJsonFunc) (JsonNode *node, GError **error);
typedef JsonNode *(*QmToJsonFunc)   (gconstpointer value);

/* Size, UTF-8 and nesting checks, then json-glib. MALFORMED or TOO_LARGE. */
JsonNode   *_qm_json_parse_text (const char  *text,
                                 gssize       length,
                                 gsize        max_bytes,
                                 GError     **error);
char       *_qm_json_to_text    (JsonNode    *node,
                                 gsize       *out_length);
JsonObject *_qm_json_object     (JsonNode    *node,
                                 const char  *what,
                                 GError     **error);

/* A present, non-null member, or NULL. */
JsonNode   *_qm_json_member     (JsonObject  *object,
                                 const char  *name);

gboolean _qm_json_get_int       (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 gint64       min,
                                 gint64       max,
                                 gboolean    *out_present,
                                 gint64      *out_value,
                                 GError     **error);
/* 1..QM_MAX_ID; *out_id is 0 when absent or null (allowed unless required). */
gboolean _qm_json_get_id        (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 gint64      *out_id,
                                 GError     **error);
gboolean _qm_json_get_bool      (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 gboolean    *out_present,
                                 gboolean    *out_value,
                                 GError     **error);
gboolean _qm_json_get_double    (JsonObject  *object,
                                 const char  *name,
                                 double       min,
                                 double       max,
                                 double      *out_value,
                                 GError     **error);
/* Limits are in characters; *out is NULL when absent or null and not required. */
gboolean _qm_json_get_string    (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 gsize        max_chars,
                                 char       **out_value,
                                 GError     **error);
gboolean _qm_json_get_docid     (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 char       **out_value,
                                 GError     **error);
gboolean _qm_json_get_time      (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 char       **out_value,
                                 GError     **error);
/* An array of ids; an empty GArray when absent and not required. */
gboolean _qm_json_get_id_array  (JsonObject  *object,
                                 const char  *name,
                                 gboolean     required,
                                 GArray     **out_ids,
                                 GError     **error);
/* An array of objects, each read by from_json; NULL when absent and not required. */
gboolean _qm_json_get_list      (JsonObject     *object,
                                 const char     *name,
                                 gboolean        required,
                                 QmFromJsonFunc  from_json,
                                 GDestroyNotify  free_func,
                                 GPtrArray     **out_list,
                                 GError        **error);
/* A number in min..max (an integer or a double). */
gboolean _qm_json_node_double   (JsonNode    *node,
                                 double       min,
                                 double       max,
                                 double      *out_value);

gboolean _qm_json_get_meeting_role  (JsonObject      *object,
                                     const char      *name,
                                     gboolean         required,
                                     QmMeetingRole   *out_role,
                                     GError         **error);
gboolean _qm_json_get_account_roles (JsonObject      *object,
                                     const char      *name,
                                     QmAccountRoles  *out_roles,
                                     GError         **error);
JsonNode *_qm_json_account_roles    (QmAccountRoles   roles);
gboolean _qm_json_get_majority      (JsonObject      *object,
                                     const char      *name,
                                     QmMajority      *out_majority,
                                     GError         **error);
gboolean _qm_json_get_choice        (JsonObject      *object,
                                     const char      *name,
                                     QmChoice        *out_choice,
                                     GError         **error);
/* Annotations: a client's "author" is ignored (left 0). */
QmAnnotation *_qm_annotation_from_json (JsonNode *node,
                                        gboolean  from_client,
                                        GError  **error);
JsonNode *_qm_json_object_node      (JsonObject      *object);   /* takes the object */

/* Whether the string holds something other than white space. */
gboolean  _qm_has_text              (const char      *text);

void      _qm_json_set_id_or_null (JsonObject *object,
                                   const char *name,
                                   gint64      id);
void      _qm_json_set_string_or_null (JsonObject *object,
                                       const char *name,
                                       const char *value);
JsonNode *_qm_json_id_array     (GArray      *ids);
JsonNode *_qm_json_list         (GPtrArray   *list,
                                 QmToJsonFunc to_json);

gpointer   _qm_codec_parse          (const char     *text,
                                     gssize          length,
                                     QmFromJsonFunc  from_json,
                                     GError        **error);
GPtrArray *_qm_codec_list_parse     (const char     *text,
                                     gssize          length,
                                     QmFromJsonFunc  from_json,
                                     GDestroyNotify  free_func,
                                     GError        **error);
char      *_qm_codec_serialize      (JsonNode       *node,
                                     gsize          *out_length);

/* Defines _copy, _parse, _serialize, _list_parse and _list_serialize from the
 * type's own _new, _free, _to_json and _from_json. */
#define QM_DEFINE_CODEC(T, t)                                                      \
  T *                                                                              \
  t##_copy (const T *self)                                                         \
  {                                                                                \
    g_autoptr(JsonNode) node = NULL;                                               \
    if (self == NULL)                                                              \
      return NULL;                                                                 \
    node = t##_to_json (self);                                                     \
    return t##_from_json (node, NULL);                                             \
  }                                                                                \
  T *                                                                              \
  t##_parse (const char *text, gssize length, GError **error)                      \
  {                                                                                \
    return _qm_codec_parse (text, length, (QmFromJsonFunc) t##_from_json, error);  \
  }                                                                                \
  char *                                                                           \
  t##_serialize (const T *self, gsize *out_length)                                 \
  {                                                                                \
    g_return_val_if_fail (self != NULL, NULL);                                     \
    return _qm_codec_serialize (t##_to_json (self), out_length);                   \
  }                                                                                \
  GPtrArray *                                                                      \
  t##_list_parse (const char *text, gssize length, GError **error)                 \
  {                                                                                \
    return _qm_codec_list_parse (text, length, (QmFromJsonFunc) t##_from_json,    \
                                 (GDestroyNotify) t##_free, error);                \
  }                                                                                \
  char *                                                                           \
  t##_list_serialize (GPtrArray *list, gsize *out_length)                          \
  {                                                                                \
    g_return_val_if_fail (list != NULL, NULL);                                     \
    return _qm_codec_serialize (_qm_json_list (list, (QmToJsonFunc) t##_to_json),  \
                                out_length);                                       \
  }

G_END_DECLS
