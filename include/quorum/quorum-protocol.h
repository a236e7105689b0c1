/* quorum-protocol.h: the whole of libquorum-protocol.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-protocol-error.h"
#include "qm-limits.h"
#include "qm-validate.h"
#include "qm-codec.h"
#include "qm-types.h"
#include "qm-requests.h"
#include "qm-message.h"
