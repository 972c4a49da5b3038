/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file user_secret.h
 * The secret of a user for swanmobile user add/passwd: a password asked
 * twice on the terminal without echo, one line of standard input, or an NT
 * hash in hex on standard input.  Never from the command line.
 */
#ifndef SM_USER_SECRET_H_
#define SM_USER_SECRET_H_

#include <stdint.h>

#include "base/nthash.h"

/** Where the secret comes from. */
typedef enum {
	/** a password, asked twice on /dev/tty without echo */
	SM_SECRET_TTY,
	/** a password: one line of standard input (without CR/LF) */
	SM_SECRET_PASSWORD_STDIN,
	/** an NT hash: one line of 32 hex digits on standard input */
	SM_SECRET_HASH_STDIN,
} sm_secret_source_t;

/**
 * Get the NT hash of a user's new password; prints what went wrong.
 *
 * @param source	where to read from
 * @param identity	user, named in the terminal prompt
 * @param hash		receives the NT hash
 * @return			SM_EXIT_OK, SM_EXIT_INPUT (mismatch, empty, not UTF-8,
 *					bad hex), SM_EXIT_USAGE (no terminal) or SM_EXIT_ENV
 */
int sm_secret_nt_hash(sm_secret_source_t source, const char *identity,
					  uint8_t hash[SM_NT_HASH_LEN]);

#endif /* SM_USER_SECRET_H_ */
