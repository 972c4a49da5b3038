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

/** Size of a buffer that holds any password sm_secret_password() takes. */
#define SM_SECRET_PASSWORD_SIZE 1025

/**
 * Get a user's password itself (for a client profile that carries it):
 * asked twice on the terminal, or one line of standard input, and checked
 * against the password rule (sm_identity.h); prints what went wrong.
 *
 * @param source	SM_SECRET_TTY or SM_SECRET_PASSWORD_STDIN
 * @param identity	user, named in the terminal prompt
 * @param buf		receives the password, NUL-terminated (the caller
 *					wipes it)
 * @param size		size of buf, at least SM_SECRET_PASSWORD_SIZE
 * @return			SM_SECRET_OK, SM_SECRET_EINPUT, SM_SECRET_ENOTTY (no
 *					terminal; also for a source it does not take) or
 *					SM_SECRET_EENV
 */
sm_secret_result_t sm_secret_password(sm_secret_source_t source,
									  const char *identity, char *buf,
									  size_t size);

#endif /* SM_USER_SECRET_H_ */
