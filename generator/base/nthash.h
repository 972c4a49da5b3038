/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file nthash.h
 * NT password hashes for EAP-MSCHAPv2: MD4 over the UTF-16LE encoding of the
 * password (RFC 2759, section 8.3 NtPasswordHash), with a strict UTF-8 to
 * UTF-16LE conversion.  MD4 comes from OpenSSL's legacy provider, which is
 * loaded into a private library context so the process-wide default context
 * (and its configuration) is left alone.
 */
#ifndef SM_NTHASH_H_
#define SM_NTHASH_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sm_user.h"

/** Length of an NT hash as hex text, without the NUL. */
#define SM_NT_HASH_HEXLEN 32

/** Result of the NT hash functions. */
typedef enum {
	/** done */
	SM_NTHASH_OK = 0,
	/** the password is not valid UTF-8 (or contains a NUL character) */
	SM_NTHASH_EUTF8,
	/** MD4 is unavailable (legacy provider missing) or failed */
	SM_NTHASH_ECRYPTO,
	/** out of memory */
	SM_NTHASH_ENOMEM,
} sm_nthash_err_t;

/** A loaded MD4 implementation; one per thread, not shareable. */
typedef struct sm_nthash_ctx sm_nthash_ctx_t;

/**
 * Load MD4 from OpenSSL's legacy provider into a private library context.
 *
 * @param err		receives a message on failure (may be NULL)
 * @param errlen	size of err
 * @return			context (must be destroyed), or NULL if MD4 is unavailable
 */
sm_nthash_ctx_t *sm_nthash_ctx_create(char *err, size_t errlen);

/**
 * Compute the NT hash of a UTF-8 password with a loaded context.  The
 * intermediate UTF-16LE copy is wiped; messages never contain the password.
 *
 * @param ctx		context from sm_nthash_ctx_create()
 * @param password	UTF-8 password (need not be NUL-terminated)
 * @param len		length of password in bytes
 * @param hash		receives the NT hash
 * @param err		receives a message on failure (may be NULL)
 * @param errlen	size of err
 * @return			SM_NTHASH_OK or the reason it failed
 */
sm_nthash_err_t sm_nthash_ctx_hash(sm_nthash_ctx_t *ctx, const char *password,
								   size_t len, uint8_t hash[SM_NT_HASH_LEN],
								   char *err, size_t errlen);

/**
 * Unload MD4 and free the context.  NULL is accepted.
 */
void sm_nthash_ctx_destroy(sm_nthash_ctx_t *ctx);

/**
 * One-shot NT hash: creates a context, hashes, destroys the context.  Use a
 * context for many passwords (loading the provider costs far more than MD4).
 *
 * @see sm_nthash_ctx_hash()
 */
sm_nthash_err_t sm_nthash(const char *password, size_t len,
						  uint8_t hash[SM_NT_HASH_LEN], char *err,
						  size_t errlen);

/**
 * Parse an NT hash written as exactly 32 hex digits (either case).
 *
 * @param hex		NUL-terminated text
 * @param hash		receives the hash (unchanged on failure)
 * @return			whether hex was a valid hash
 */
bool sm_nthash_from_hex(const char *hex, uint8_t hash[SM_NT_HASH_LEN]);

/**
 * Write an NT hash as 32 lower-case hex digits and a NUL.
 */
void sm_nthash_to_hex(const uint8_t hash[SM_NT_HASH_LEN],
					  char hex[SM_NT_HASH_HEXLEN + 1]);

/**
 * A short English explanation of an sm_nthash_err_t.
 */
const char *sm_nthash_strerror(sm_nthash_err_t err);

#endif /* SM_NTHASH_H_ */
