/* qm-password.h: argon2id password hashes computed in memory that stays
 * mapped, for the password workers.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 64 MiB an argon2id hash at libsodium's interactive limits works in,
 * kept by one worker thread across hashes. libsodium maps and unmaps that
 * much for every hash: 16,384 fresh pages faulted in, then an unmap that
 * takes the whole process's address space for writing and interrupts every
 * CPU running one of its threads. The server's main thread shares that
 * address space, and measured here it stalled for up to 13 ms at a time
 * during a burst of logins; with the memory kept, under 3 ms. */
typedef struct _QmPasswordArena QmPasswordArena;

QmPasswordArena *qm_password_arena_new  (void);
void             qm_password_arena_free (QmPasswordArena *arena);

/* A new hash of password in libsodium's crypto_pwhash_str format
 * ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash", interactive limits, random
 * salt), which crypto_pwhash_str_verify accepts. Computed in arena, or by
 * libsodium without one (arena NULL: a one-off hash, such as at start-up).
 * NULL and error when libsodium has no memory for it. */
char            *qm_password_hash       (QmPasswordArena  *arena,
                                         const char       *password,
                                         GError          **error);

/* Whether password matches stored, a crypto_pwhash_str hash. Hashes whose
 * memory fits in the arena are computed there; others (another algorithm,
 * larger limits, or arena NULL) by libsodium. FALSE for a malformed hash. */
gboolean         qm_password_verify     (QmPasswordArena  *arena,
                                         const char       *stored,
                                         const char       *password);

G_END_DECLS
