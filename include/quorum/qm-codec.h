/* qm-codec.h: the JSON codec every wire type offers, declared by one macro.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* For a type T with prefix t this declares:
 *   T         *t_new            (void);      arrays allocated empty, strings NULL
 *                                            (descriptions ""), numbers 0 except
 *                                            documented defaults (role, rev)
 *   void       t_free           (T *);
 *   T         *t_copy           (const T *);
 *   JsonNode  *t_to_json        (const T *);
 *   T         *t_from_json      (JsonNode *, GError **);   strict, total
 *   T         *t_parse          (const char *, gssize, GError **);
 *   char      *t_serialize      (const T *, gsize *);
 *   GPtrArray *t_list_parse     (const char *, gssize, GError **);  a JSON array of T
 *   char      *t_list_serialize (GPtrArray *, gsize *);
 * and the g_autoptr cleanup. Parsing fails with a QM_PROTOCOL_ERROR and never
 * returns a partial object; unknown fields are ignored. */
#define QM_DECLARE_CODEC(T, t)                                                    \
  T         *t##_new            (void);                                           \
  void       t##_free           (T *self);                                        \
  T         *t##_copy           (const T *self);                                  \
  JsonNode  *t##_to_json        (const T *self);                                  \
  T         *t##_from_json      (JsonNode *node, GError **error);                 \
  T         *t##_parse          (const char *text, gssize length, GError **error); \
  char      *t##_serialize      (const T *self, gsize *out_length);               \
  GPtrArray *t##_list_parse     (const char *text, gssize length, GError **error); \
  char      *t##_list_serialize (GPtrArray *list, gsize *out_length);             \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (T, t##_free)

G_END_DECLS
