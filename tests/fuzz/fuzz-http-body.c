/* fuzz-http-body.c: every JSON body of the HTTP API, requests as the server
 * reads them and answers as a client reads them, through the codecs' _parse
 * and _list_parse; what parses must survive a serialise-and-parse round trip.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <quorum/quorum-protocol.h>

#include "fuzz-common.h"

typedef gpointer (*ParseFunc)     (const char *, gssize, GError **);
typedef char    *(*SerializeFunc) (gconstpointer, gsize *);
typedef char    *(*ListSerializeFunc) (GPtrArray *, gsize *);

typedef struct
{
  const char        *name;
  ParseFunc          parse;
  SerializeFunc      serialize;
  GDestroyNotify     free_func;
  ParseFunc          list_parse;
  ListSerializeFunc  list_serialize;
} Codec;

#define CODEC(t) { #t, (ParseFunc) t##_parse, (SerializeFunc) t##_serialize,              \
                   (GDestroyNotify) t##_free, (ParseFunc) t##_list_parse,                  \
                   (ListSerializeFunc) t##_list_serialize }

static const Codec codecs[] = {
  /* requests: what the server reads */
  CODEC (qm_login_request),
  CODEC (qm_user_create),
  CODEC (qm_meeting_create),
  CODEC (qm_meeting_patch),
  CODEC (qm_participant_put),
  CODEC (qm_proxy_put),
  CODEC (qm_agenda_item_create),
  CODEC (qm_agenda_item_patch),
  CODEC (qm_agenda_order),
  CODEC (qm_attach_document),
  /* answers: what a client reads */
  CODEC (qm_error_body),
  CODEC (qm_health),
  CODEC (qm_login_response),
  CODEC (qm_user),
  CODEC (qm_proxy),
  CODEC (qm_participant),
  CODEC (qm_meeting),
  CODEC (qm_meeting_summary),
  CODEC (qm_agenda_item),
  CODEC (qm_item_document),
  CODEC (qm_document),
  CODEC (qm_vote),
  CODEC (qm_annotation),
};

static void
same_text (const char *first,
           gsize       first_length,
           const char *second,
           gsize       second_length,
           const char *codec)
{
  if (first_length != second_length || memcmp (first, second, first_length) != 0)
    fprintf (stderr, "%s\nfirst:  %s\nsecond: %s\n", codec, first, second);
  FUZZ_CHECK (first_length == second_length && memcmp (first, second, first_length) == 0,
              "the round trip changed the body");
}

static void
check_one (const Codec *codec,
           const char  *text,
           size_t       size)
{
  g_autoptr(GError) error = NULL;
  gpointer value = codec->parse (text, (gssize) size, &error);
  gpointer again;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length, second_length;

  if (value == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == QM_PROTOCOL_ERROR, "a failure without an error");
      return;
    }
  first = codec->serialize (value, &first_length);
  again = codec->parse (first, (gssize) first_length, &error);
  if (again == NULL)
    fprintf (stderr, "%s: re-parse failed: %s\n%s\n", codec->name, error->message, first);
  FUZZ_CHECK (again != NULL, "a parsed body's serialisation does not parse");
  second = codec->serialize (again, &second_length);
  same_text (first, first_length, second, second_length, codec->name);
  codec->free_func (again);
  codec->free_func (value);
}

static void
check_list (const Codec *codec,
            const char  *text,
            size_t       size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = codec->list_parse (text, (gssize) size, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize first_length, second_length;

  if (list == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == QM_PROTOCOL_ERROR, "a failure without an error");
      return;
    }
  first = codec->list_serialize (list, &first_length);
  again = codec->list_parse (first, (gssize) first_length, &error);
  if (again == NULL)
    fprintf (stderr, "%s list: re-parse failed: %s\n%s\n", codec->name, error->message, first);
  FUZZ_CHECK (again != NULL, "a parsed list's serialisation does not parse");
  second = codec->list_serialize (again, &second_length);
  same_text (first, first_length, second, second_length, codec->name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  /* A list's text starts with '[' and an object's with '{': each input is
   * read by every codec that could take it. */
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      check_one (&codecs[i], text, size);
      check_list (&codecs[i], text, size);
    }
  return 0;
}
