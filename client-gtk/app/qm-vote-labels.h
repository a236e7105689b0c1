/* qm-vote-labels.h: the words and icons a voter sees for the wire's choices
 * and majorities, in one place so every screen says the same thing.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <quorum/quorum-protocol.h>

G_BEGIN_DECLS

/* "Yes", "No", "Abstain", translated. */
const char *qm_vote_choice_label   (QmChoice   choice);
/* A symbolic icon that tells the choices apart without colour. */
const char *qm_vote_choice_icon    (QmChoice   choice);
/* "Simple majority", …, translated. */
const char *qm_vote_majority_label (QmMajority majority);
/* What the rule asks for, in one short sentence, translated. */
const char *qm_vote_majority_rule  (QmMajority majority);

G_END_DECLS
