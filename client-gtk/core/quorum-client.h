/* quorum-client.h: the whole of libquorum-client.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "qm-certificate-pins.h"
#include "qm-client-error.h"
#include "qm-client-enums.h"
#include "qm-credentials.h"
#include "qm-session.h"
#include "qm-live-connection.h"
#include "qm-meeting-model.h"
#include "qm-document-cache.h"
#include "qm-follow-state.h"
#include "qm-offline-copy.h"
#include "qm-annotation-store.h"
#include "qm-annotation-export.h"
#include "qm-uploader.h"
