/* qm-password.c: argon2id password hashes computed in memory that stays
 * mapped (libargon2 with our own allocator), in libsodium's format.
 *
 * Copyright 2026 The Quorum authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "qm-password"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include <argon2.h>
#include <sodium.h>

#include "qm-password.h"
#include <quorum/quorum-protocol.h>

#define HASH_BYTES 32
#define PREFIX     "$argon2id$v=19$"

struct _QmPasswordArena
{
  guint8 *memory;
  gsize   size;
};

/* libargon2's allocator callbacks take no user data: the arena in use on
 * this thread, set around each computation. */
static __thread QmPasswordArena *current_arena;

static int
arena_allocate (uint8_t **memory,
                size_t    bytes)
{
  if (current_arena == NULL || bytes > current_arena->size)
    return ARGON2_MEMORY_ALLOCATION_ERROR;
  *memory = current_arena->memory;
  return ARGON2_OK;
}

static void
arena_release (uint8_t *memory,
               size_t   bytes)
{
  /* Stays mapped; libargon2 has already wiped it. */
}

QmPasswordArena *
qm_password_arena_new (void)
{
  QmPasswordArena *arena = g_new0 (QmPasswordArena, 1);

  arena->size = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  /* Faulted in once, here, not page by page in every hash. */
  arena->memory = mmap (NULL, arena->size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (arena->memory == MAP_FAILED)
    {
      g_warning ("no memory for a password worker's %zu MiB: hashing through libsodium",
                 arena->size >> 20);
      arena->memory = NULL;
      arena->size = 0;
    }
  return arena;
}

void
qm_password_arena_free (QmPasswordArena *arena)
{
  if (arena == NULL)
    return;
  if (arena->memory != NULL)
    munmap (arena->memory, arena->size);
  g_free (arena);
}

/* argon2id over password and salt in the arena; FALSE when it does not fit. */
static gboolean
compute (QmPasswordArena *arena,
         const char      *password,
         const guint8    *salt,
         gsize            salt_length,
         guint32          passes,
         guint32          memory_kib,
         guint8          *out,
         gsize            out_length)
{
  argon2_context context = {
    .out = out,
    .outlen = (uint32_t) out_length,
    .pwd = (uint8_t *) password,
    .pwdlen = (uint32_t) strlen (password),
    .salt = (uint8_t *) salt,
    .saltlen = (uint32_t) salt_length,
    .t_cost = passes,
    .m_cost = memory_kib,
    .lanes = 1,
    .threads = 1,
    .version = ARGON2_VERSION_13,
    .allocate_cbk = arena_allocate,
    .free_cbk = arena_release,
    .flags = ARGON2_DEFAULT_FLAGS,
  };
  int result;

  if (arena == NULL || arena->memory == NULL || strlen (password) > G_MAXUINT32)
    return FALSE;
  current_arena = arena;
  result = argon2_ctx (&context, Argon2_id);
  current_arena = NULL;
  return result == ARGON2_OK;
}

char *
qm_password_hash (QmPasswordArena  *arena,
                  const char       *password,
                  GError          **error)
{
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 out[HASH_BYTES];
  char salt64[sodium_base64_ENCODED_LEN (sizeof salt, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
  char out64[sodium_base64_ENCODED_LEN (sizeof out, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
  char *hash;

  g_return_val_if_fail (password != NULL, NULL);

  randombytes_buf (salt, sizeof salt);
  if (!compute (arena, password, salt, sizeof salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024, out, sizeof out))
    {
      char fallback[crypto_pwhash_STRBYTES];

      if (crypto_pwhash_str (fallback, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        {
          g_set_error_literal (error, QM_PROTOCOL_ERROR, QM_PROTOCOL_ERROR_UNAVAILABLE,
                               "out of memory while hashing a password");
          return NULL;
        }
      return g_strdup (fallback);
    }
  sodium_bin2base64 (salt64, sizeof salt64, salt, sizeof salt,
                     sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  sodium_bin2base64 (out64, sizeof out64, out, sizeof out,
                     sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  sodium_memzero (out, sizeof out);
  hash = g_strdup_printf (PREFIX "m=%u,t=%u,p=1$%s$%s",
                          (guint) (crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024),
                          (guint) crypto_pwhash_OPSLIMIT_INTERACTIVE, salt64, out64);
  g_assert (strlen (hash) < crypto_pwhash_STRBYTES);
  return hash;
}

/* A decimal number without sign or leading zeros, then the separator. */
static gboolean
parse_number (const char **text,
              char         separator,
              guint32     *out)
{
  const char *p = *text;
  guint64 value = 0;

  if (!g_ascii_isdigit (*p) || (*p == '0' && g_ascii_isdigit (p[1])))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXUINT32)
        return FALSE;
    }
  if (*p != separator)
    return FALSE;
  *text = p + 1;
  *out = (guint32) value;
  return TRUE;
}

/* Base64 (no padding) up to the separator or the end, decoded strictly. */
static gboolean
parse_base64 (const char **text,
              char         separator,
              guint8      *out,
              gsize        out_max,
              gsize       *out_length)
{
  const char *end = separator != '\0' ? strchr (*text, separator) : *text + strlen (*text);
  const char *decoded_end = NULL;

  if (end == NULL || end == *text
      || sodium_base642bin (out, out_max, *text, (gsize) (end - *text), NULL, out_length,
                            &decoded_end, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0
      || decoded_end != end)
    return FALSE;
  *text = separator != '\0' ? end + 1 : end;
  return TRUE;
}

gboolean
qm_password_verify (QmPasswordArena *arena,
                    const char      *stored,
                    const char      *password)
{
  const char *p = stored;
  guint32 memory_kib, passes, lanes;
  guint8 salt[64], expected[64], computed[64];
  gsize salt_length, expected_length;
  gboolean match;

  g_return_val_if_fail (stored != NULL && password != NULL, FALSE);

  /* What the arena can compute: argon2id, one lane, memory that fits;
   * anything else is libsodium's to judge, malformed hashes included. */
  if (!g_str_has_prefix (p, PREFIX "m="))
    goto libsodium;
  p += strlen (PREFIX "m=");
  if (!parse_number (&p, ',', &memory_kib) || !g_str_has_prefix (p, "t=")
      || (p += 2, !parse_number (&p, ',', &passes)) || !g_str_has_prefix (p, "p=")
      || (p += 2, !parse_number (&p, '$', &lanes))
      || !parse_base64 (&p, '$', salt, sizeof salt, &salt_length)
      || !parse_base64 (&p, '\0', expected, sizeof expected, &expected_length))
    goto libsodium;
  if (arena == NULL || lanes != 1 || passes < 1 || memory_kib < ARGON2_MIN_MEMORY
      || (gsize) memory_kib * 1024 > arena->size || salt_length < ARGON2_MIN_SALT_LENGTH
      || expected_length < 16)
    goto libsodium;
  if (!compute (arena, password, salt, salt_length, passes, memory_kib, computed,
                expected_length))
    goto libsodium;
  match = sodium_memcmp (computed, expected, expected_length) == 0;
  sodium_memzero (computed, sizeof computed);
  return match;

libsodium:
  return crypto_pwhash_str_verify (stored, password, strlen (password)) == 0;
}
