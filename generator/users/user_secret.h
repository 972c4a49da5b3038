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

/** The outcome of sm_secret_nt_hash(). */
typedef enum {
	/** the hash is there */
	SM_SECRET_OK = 0,
	/** invalid input: the passwords differ, or the password or hash is
	 *  empty, too long, not UTF-8, against the password rule, not hex */
	SM_SECRET_EINPUT,
	/** no terminal to ask on (a usage error: --password-stdin was
	 *  wanted) */
	SM_SECRET_ENOTTY,
	/** the environment: MD4 cannot be loaded */
	SM_SECRET_EENV,
} sm_secret_result_t;

/**
 * Get the NT hash of a user's new password; prints what went wrong.
 *
 * @param source	where to read from
 * @param identity	user, named in the terminal prompt
 * @param hash		receives the NT hash
 * @return			the outcome
 */
sm_secret_result_t sm_secret_nt_hash(sm_secret_source_t source,
									 const char *identity,
									 uint8_t hash[SM_NT_HASH_LEN]);

#endif /* SM_USER_SECRET_H_ */
