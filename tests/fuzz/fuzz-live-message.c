/* fuzz-live-message.c: every frame of the live channel, as the server reads a
 * client's and as a client reads the server's: parse, and for what parses,
 * serialise and parse again (the round trip must give the same text).
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <quorum/quorum-protocol.h>

#include "fuzz-common.h"

static void
check_origin (const char *text,
              size_t      size,
              QmOrigin    origin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) id = NULL;
  g_autoptr(QmMessage) message = qm_message_parse (text, size, origin, &id, &error);
  g_autoptr(QmMessage) again = NULL;
  g_autoptr(QmMessage) copy = NULL;
  g_autoptr(QmMessage) answer = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *answer_text = NULL;
  gsize first_length, second_length;

  if (message == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == QM_PROTOCOL_ERROR, "a failure without an error");
      /* What the server sends back for a bad command must always serialise. */
      answer = qm_message_new_error (id, error);
      answer_text = qm_message_serialize (answer, NULL);
      FUZZ_CHECK (answer_text != NULL, "an error answer that does not serialise");
      return;
    }
  FUZZ_CHECK (error == NULL, "a message and an error");
  FUZZ_CHECK (qm_message_type_is_command (message->type) == (origin == QM_ORIGIN_CLIENT),
              "a message of a type its origin may not send");

  first = qm_message_serialize (message, &first_length);
  again = qm_message_parse (first, first_length, QM_ORIGIN_SERVER, NULL, &error);
  if (again == NULL && origin == QM_ORIGIN_CLIENT)
    {
      g_clear_error (&error);
      again = qm_message_parse (first, first_length, QM_ORIGIN_CLIENT, NULL, &error);
    }
  if (again == NULL)
    fprintf (stderr, "re-parse failed: %s\n%s\n", error->message, first);
  FUZZ_CHECK (again != NULL, "a parsed message's serialisation does not parse");
  second = qm_message_serialize (again, &second_length);
  if (first_length != second_length || memcmp (first, second, first_length) != 0)
    fprintf (stderr, "first:  %s\nsecond: %s\n", first, second);
  FUZZ_CHECK (first_length == second_length && memcmp (first, second, first_length) == 0,
              "the round trip changed the message");

  copy = qm_message_copy (message);
  FUZZ_CHECK (copy != NULL && copy->type == message->type, "a copy of another type");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  check_origin (text, size, QM_ORIGIN_CLIENT);
  check_origin (text, size, QM_ORIGIN_SERVER);
  return 0;
}
