/* fuzz-common.h: what every fuzz target shares: the libFuzzer entry point's
 * prototype, and a check that aborts (so both libFuzzer and the regression
 * driver report it) whatever the build's assertions are.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FUZZ_CHECK(condition, what)                                               \
  do {                                                                             \
    if (!(condition))                                                              \
      {                                                                            \
        fprintf (stderr, "%s:%d: %s\n", __FILE__, __LINE__, (what));               \
        abort ();                                                                  \
      }                                                                            \
  } while (0)
