/* qm-vote.c: votes, their results and ballots, with their strict JSON codecs.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "qm-json-private.h"

static gboolean
bad_enum (const char  *name,
          const char  *allowed,
          GError     **error)
{
  g_set_error (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
               "'%s' must be one of %s", name, allowed);
  return FALSE;
}

gboolean
_qm_json_get_majority (JsonObject  *object,
                       const char  *name,
                       QmMajority  *out_majority,
                       GError     **error)
{
  g_autofree char *text = NULL;

  if (!_qm_json_get_string (object, name, TRUE, 32, &text, error))
    return FALSE;
  if (!qm_majority_from_string (text, out_majority))
    return bad_enum (name, "simple, absolute, two_thirds", error);
  return TRUE;
}

gboolean
_qm_json_get_choice (JsonObject  *object,
                     const char  *name,
                     QmChoice    *out_choice,
                     GError     **error)
{
  g_autofree char *text = NULL;

  if (!_qm_json_get_string (object, name, TRUE, 32, &text, error))
    return FALSE;
  if (!qm_choice_from_string (text, out_choice))
    return bad_enum (name, "yes, no, abstain", error);
  return TRUE;
}

JsonNode *
qm_vote_result_to_json (const QmVoteResult *result)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "yes", result->yes);
  json_object_set_int_member (o, "no", result->no);
  json_object_set_int_member (o, "abstain", result->abstain);
  json_object_set_int_member (o, "cast", result->cast);
  json_object_set_int_member (o, "eligible", result->eligible);
  json_object_set_boolean_member (o, "passed", result->passed);
  return _qm_json_object_node (o);
}

gboolean
qm_vote_result_from_json (JsonNode      *node,
                          QmVoteResult  *out_result,
                          GError       **error)
{
  QmVoteResult result = { 0 };
  JsonObject *o;

  if (!(o = _qm_json_object (node, "'result'", error))
      || !_qm_json_get_int (o, "yes", TRUE, 0, QM_MAX_ID, NULL, &result.yes, error)
      || !_qm_json_get_int (o, "no", TRUE, 0, QM_MAX_ID, NULL, &result.no, error)
      || !_qm_json_get_int (o, "abstain", TRUE, 0, QM_MAX_ID, NULL, &result.abstain, error)
      || !_qm_json_get_int (o, "cast", TRUE, 0, QM_MAX_ID, NULL, &result.cast, error)
      || !_qm_json_get_int (o, "eligible", TRUE, 0, QM_MAX_ID, NULL, &result.eligible, error)
      || !_qm_json_get_bool (o, "passed", TRUE, NULL, &result.passed, error))
    return FALSE;

  *out_result = result;
  return TRUE;
}

static JsonNode *
ballots_to_json (GArray *ballots)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < ballots->len; i++)
    {
      const QmBallot *ballot = &g_array_index (ballots, QmBallot, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "user", ballot->user);
      json_object_set_string_member (o, "choice", qm_choice_to_string (ballot->choice));
      json_object_set_int_member (o, "by", ballot->by ? ballot->by : ballot->user);
      json_array_add_object_element (array, o);
    }

  json_node_take_array (node, array);
  return node;
}

static gboolean
ballots_from_json (JsonNode  *node,
                   GArray   **out_ballots,
                   GError   **error)
{
  g_autoptr(GArray) ballots = g_array_new (FALSE, TRUE, sizeof (QmBallot));
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'ballots' must be an array");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      QmBallot ballot = { 0 };
      JsonObject *o;

      if (!(o = _qm_json_object (json_array_get_element (array, i), "ballot", error))
          || !_qm_json_get_id (o, "user", TRUE, &ballot.user, error)
          || !_qm_json_get_choice (o, "choice", &ballot.choice, error)
          || !_qm_json_get_id (o, "by", TRUE, &ballot.by, error))
        {
          g_prefix_error (error, "'ballots'[%u]: ", i);
          return FALSE;
        }
      g_array_append_val (ballots, ballot);
    }

  *out_ballots = g_steal_pointer (&ballots);
  return TRUE;
}

QmVote *
qm_vote_new (void)
{
  return g_new0 (QmVote, 1);
}

void
qm_vote_free (QmVote *self)
{
  if (self == NULL)
    return;
  g_free (self->question);
  g_free (self->opened_at);
  g_free (self->closed_at);
  g_clear_pointer (&self->ballots, g_array_unref);
  g_free (self);
}

JsonNode *
qm_vote_to_json (const QmVote *self)
{
  JsonObject *o = json_object_new ();
  JsonArray *options = json_array_new ();

  for (QmChoice c = QM_CHOICE_YES; c <= QM_CHOICE_ABSTAIN; c++)
    json_array_add_string_element (options, qm_choice_to_string (c));

  json_object_set_int_member (o, "id", self->id);
  json_object_set_string_member (o, "question", self->question);
  _qm_json_set_id_or_null (o, "item", self->item);
  json_object_set_boolean_member (o, "secret", self->secret);
  json_object_set_string_member (o, "majority", qm_majority_to_string (self->majority));
  json_object_set_array_member (o, "options", options);
  json_object_set_string_member (o, "status",
                                 self->status == QM_VOTE_STATUS_OPEN ? "open" : "closed");
  json_object_set_int_member (o, "eligible", self->eligible);
  json_object_set_int_member (o, "cast", self->cast);
  json_object_set_string_member (o, "opened_at", self->opened_at);
  _qm_json_set_string_or_null (o, "closed_at", self->closed_at);
  if (self->has_result)
    json_object_set_member (o, "result", qm_vote_result_to_json (&self->result));
  else
    json_object_set_null_member (o, "result");
  /* A secret vote never lists ballots, whatever the caller filled in. */
  if (self->ballots != NULL && !self->secret)
    json_object_set_member (o, "ballots", ballots_to_json (self->ballots));
  else
    json_object_set_null_member (o, "ballots");
  return _qm_json_object_node (o);
}

QmVote *
qm_vote_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(QmVote) self = qm_vote_new ();
  g_autofree char *status = NULL;
  JsonNode *member;
  JsonObject *o;

  if (!(o = _qm_json_object (node, "vote", error))
      || !_qm_json_get_id (o, "id", TRUE, &self->id, error)
      || !_qm_json_get_string (o, "question", TRUE, QM_MAX_QUESTION_CHARS, &self->question, error)
      || !_qm_json_get_id (o, "item", FALSE, &self->item, error)
      || !_qm_json_get_bool (o, "secret", TRUE, NULL, &self->secret, error)
      || !_qm_json_get_majority (o, "majority", &self->majority, error)
      || !_qm_json_get_string (o, "status", TRUE, 16, &status, error)
      || !_qm_json_get_int (o, "eligible", TRUE, 0, QM_MAX_ID, NULL, &self->eligible, error)
      || !_qm_json_get_int (o, "cast", TRUE, 0, QM_MAX_ID, NULL, &self->cast, error)
      || !_qm_json_get_time (o, "opened_at", TRUE, &self->opened_at, error)
      || !_qm_json_get_time (o, "closed_at", FALSE, &self->closed_at, error))
    return NULL;

  if (g_str_equal (status, "open"))
    self->status = QM_VOTE_STATUS_OPEN;
  else if (g_str_equal (status, "closed"))
    self->status = QM_VOTE_STATUS_CLOSED;
  else
    {
      g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_BAD_REQUEST,
                           "'status' must be open or closed");
      return NULL;
    }

  if ((member = _qm_json_member (o, "result")) != NULL)
    {
      if (!qm_vote_result_from_json (member, &self->result, error))
        return NULL;
      self->has_result = TRUE;
    }

  if ((member = _qm_json_member (o, "ballots")) != NULL
      && !ballots_from_json (member, &self->ballots, error))
    return NULL;

  return g_steal_pointer (&self);
}

QM_DEFINE_CODEC (QmVote, qm_vote)
