/* qm-message-private.h: what the message files of libquorum-protocol share.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-json-private.h"

G_BEGIN_DECLS

QmMessage *_qm_message_from_json  (JsonNode         *node,
                                   QmOrigin          origin,
                                   JsonNode        **out_id,
                                   GError          **error);

void       _qm_welcome_init       (QmWelcome        *welcome);
void       _qm_welcome_clear      (QmWelcome        *welcome);
gboolean   _qm_welcome_from_json  (QmWelcome        *welcome,
                                   JsonObject       *object,
                                   GError          **error);
void       _qm_welcome_to_json    (const QmWelcome  *welcome,
                                   JsonObject       *object);

void       _qm_speakers_clear     (QmSpeakers       *speakers);
gboolean   _qm_speakers_from_json (JsonObject       *object,
                                   QmSpeakers       *speakers,
                                   GError          **error);
void       _qm_speakers_to_json   (JsonObject       *object,
                                   const QmSpeakers *speakers);

/* The quorum's four numbers, in the quorum event and in welcome. */
gboolean   _qm_quorum_from_json   (JsonNode         *node,      /* NULL: absent */
                                   gboolean         *out_present,
                                   QmQuorum         *quorum,
                                   GError          **error);
gboolean   _qm_quorum_read        (JsonObject       *object,
                                   QmQuorum         *quorum,
                                   GError          **error);
void       _qm_quorum_to_json     (JsonObject       *object,
                                   const QmQuorum   *quorum);

G_END_DECLS
