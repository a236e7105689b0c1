/* qm-vote-labels.c: translated names and icons of choices and majorities.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-vote-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "qm-vote-labels.h"

const char *
qm_vote_choice_label (QmChoice choice)
{
  switch (choice)
    {
    case QM_CHOICE_YES:
      return C_("vote choice", "Yes");
    case QM_CHOICE_NO:
      return C_("vote choice", "No");
    case QM_CHOICE_ABSTAIN:
      return C_("vote choice", "Abstain");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
qm_vote_choice_icon (QmChoice choice)
{
  switch (choice)
    {
    case QM_CHOICE_YES:
      return "object-select-symbolic";
    case QM_CHOICE_NO:
      return "window-close-symbolic";
    case QM_CHOICE_ABSTAIN:
      return "list-remove-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
qm_vote_majority_label (QmMajority majority)
{
  switch (majority)
    {
    case QM_MAJORITY_SIMPLE:
      return _("Simple majority");
    case QM_MAJORITY_ABSOLUTE:
      return _("Absolute majority");
    case QM_MAJORITY_TWO_THIRDS:
      return _("Two-thirds majority");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
qm_vote_majority_rule (QmMajority majority)
{
  switch (majority)
    {
    case QM_MAJORITY_SIMPLE:
      return _("Passes with more votes in favour than against.");
    case QM_MAJORITY_ABSOLUTE:
      return _("Passes when more than half of all voting members vote in favour.");
    case QM_MAJORITY_TWO_THIRDS:
      return _("Passes with at least two thirds of the votes cast for or against in favour.");
    default:
      g_return_val_if_reached (NULL);
    }
}
