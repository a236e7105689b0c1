/* qm-message-welcome.c: the welcome message, the full state a live client starts from.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "qm-message-private.h"

void
_qm_welcome_init (QmWelcome *welcome)
{
  welcome->features = g_ptr_array_new_with_free_func (g_free);
  welcome->online = g_array_new (FALSE, FALSE, sizeof (gint64));
  welcome->votes = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_vote_free);
  welcome->speakers.queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  welcome->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) qm_annotation_free);
}

void
_qm_welcome_clear (QmWelcome *welcome)
{
  g_clear_pointer (&welcome->epoch, g_free);
  g_clear_pointer (&welcome->now, g_free);
  g_clear_pointer (&welcome->server_version, g_free);
  g_clear_pointer (&welcome->features, g_ptr_array_unref);
  g_clear_pointer (&welcome->meeting, qm_meeting_free);
  g_clear_pointer (&welcome->presenter_doc, g_free);
  g_clear_pointer (&welcome->online, g_array_unref);
  g_clear_pointer (&welcome->votes, g_ptr_array_unref);
  _qm_speakers_clear (&welcome->speakers);
  g_clear_pointer (&welcome->annotations, g_ptr_array_unref);
  g_clear_pointer (&welcome->following, g_array_unref);
}

static gboolean
read_features (JsonObject  *server,
               GPtrArray   *features,
               GError     **error)
{
  JsonNode *node = _qm_json_member (server, "features");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) > QM_MAX_FEATURES)
    goto bad;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || strlen (json_node_get_string (element)) > 64)
        goto bad;
      g_ptr_array_add (features, g_strdup (json_node_get_string (element)));
    }
  return TRUE;

bad:
  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
               "'server.features' must be an array of at most %d short strings", QM_MAX_FEATURES);
  return FALSE;
}

static gboolean
read_annotations (JsonObject  *o,
                  GPtrArray   *annotations,
                  GError     **error)
{
  JsonNode *node = _qm_json_member (o, "annotations");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'annotations' must be an array");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      QmAnnotation *annotation = qm_annotation_from_json (json_array_get_element (array, i), error);

      if (annotation == NULL)
        {
          g_prefix_error (error, "'annotations'[%u]: ", i);
          return FALSE;
        }
      g_ptr_array_add (annotations, annotation);
    }
  return TRUE;
}

gboolean
_qm_welcome_from_json (QmWelcome   *welcome,
                       JsonObject  *o,
                       GError     **error)
{
  JsonObject *server, *you, *presenter, *speakers;
  g_autoptr(GPtrArray) votes = NULL;

  if (!_qm_json_get_bool (o, "resumed", FALSE, NULL, &welcome->resumed, error)
      || !_qm_json_get_string (o, "epoch", TRUE, QM_MAX_EPOCH_BYTES, &welcome->epoch, error)
      || !_qm_json_get_time (o, "now", TRUE, &welcome->now, error)
      || !(server = _qm_json_object (json_object_get_member (o, "server"), "'server'", error))
      || !_qm_json_get_string (server, "version", TRUE, QM_MAX_VERSION_CHARS,
                               &welcome->server_version, error)
      || !read_features (server, welcome->features, error)
      || !(you = _qm_json_object (json_object_get_member (o, "you"), "'you'", error))
      || !_qm_json_get_id (you, "user", TRUE, &welcome->you_user, error)
      || !_qm_json_get_meeting_role (you, "role", TRUE, &welcome->you_role, error))
    return FALSE;

  /* A resumed welcome may leave the state out: the missed events follow it. */
  if (welcome->resumed && _qm_json_member (o, "meeting") == NULL)
    return TRUE;

  if (!(welcome->meeting = qm_meeting_from_json (json_object_get_member (o, "meeting"), error)))
    {
      g_prefix_error (error, "'meeting': ");
      return FALSE;
    }

  /* presenter.user is null only in a meeting that has no chair yet. */
  if (!(presenter = _qm_json_object (json_object_get_member (o, "presenter"), "'presenter'", error))
      || !_qm_json_get_id (presenter, "user", FALSE, &welcome->presenter_user, error)
      || !_qm_json_get_docid (presenter, "doc", FALSE, &welcome->presenter_doc, error)
      || !_qm_json_get_int (presenter, "page", FALSE, 1, QM_MAX_PAGE, NULL,
                            &welcome->presenter_page, error))
    return FALSE;

  g_clear_pointer (&welcome->online, g_array_unref);
  if (!_qm_json_get_id_array (o, "online", TRUE, &welcome->online, error)
      || !_qm_json_get_list (o, "votes", TRUE, (QmFromJsonFunc) qm_vote_from_json,
                             (GDestroyNotify) qm_vote_free, &votes, error)
      || !(speakers = _qm_json_object (json_object_get_member (o, "speakers"), "'speakers'", error))
      || !_qm_speakers_from_json (speakers, &welcome->speakers, error)
      || !read_annotations (o, welcome->annotations, error)
      || !_qm_quorum_from_json (_qm_json_member (o, "quorum"), &welcome->has_quorum,
                                &welcome->quorum, error)
      || (_qm_json_member (o, "following") != NULL
          && !_qm_json_get_id_array (o, "following", TRUE, &welcome->following, error)))
    return FALSE;

  g_ptr_array_unref (welcome->votes);
  welcome->votes = g_steal_pointer (&votes);
  return TRUE;
}

void
_qm_welcome_to_json (const QmWelcome *welcome,
                     JsonObject      *o)
{
  JsonObject *server = json_object_new ();
  JsonObject *you = json_object_new ();
  JsonObject *presenter = json_object_new ();
  JsonObject *speakers = json_object_new ();
  JsonArray *features = json_array_new ();

  json_object_set_string_member (o, "epoch", welcome->epoch);
  json_object_set_string_member (o, "now", welcome->now);

  json_object_set_string_member (server, "version", welcome->server_version);
  for (guint i = 0; welcome->features != NULL && i < welcome->features->len; i++)
    json_array_add_string_element (features, g_ptr_array_index (welcome->features, i));
  json_object_set_array_member (server, "features", features);
  json_object_set_object_member (o, "server", server);

  json_object_set_int_member (you, "user", welcome->you_user);
  json_object_set_string_member (you, "role", qm_meeting_role_to_string (welcome->you_role));
  json_object_set_object_member (o, "you", you);
  if (welcome->resumed)
    json_object_set_boolean_member (o, "resumed", TRUE);

  /* A resumed welcome without a meeting carries no state. */
  if (welcome->meeting == NULL)
    {
      json_object_unref (presenter);
      json_object_unref (speakers);
      return;
    }

  json_object_set_member (o, "meeting", qm_meeting_to_json (welcome->meeting));

  _qm_json_set_id_or_null (presenter, "user", welcome->presenter_user);
  _qm_json_set_string_or_null (presenter, "doc", welcome->presenter_doc);
  _qm_json_set_id_or_null (presenter, "page", welcome->presenter_page);
  json_object_set_object_member (o, "presenter", presenter);

  json_object_set_member (o, "online", _qm_json_id_array (welcome->online));
  json_object_set_member (o, "votes", _qm_json_list (welcome->votes, (QmToJsonFunc) qm_vote_to_json));

  _qm_speakers_to_json (speakers, &welcome->speakers);
  json_object_set_object_member (o, "speakers", speakers);

  json_object_set_member (o, "annotations",
                          _qm_json_list (welcome->annotations, (QmToJsonFunc) qm_annotation_to_json));
  if (welcome->has_quorum)
    {
      JsonObject *quorum = json_object_new ();

      _qm_quorum_to_json (quorum, &welcome->quorum);
      json_object_set_object_member (o, "quorum", quorum);
    }
  if (welcome->following != NULL)
    json_object_set_member (o, "following", _qm_json_id_array (welcome->following));
}
