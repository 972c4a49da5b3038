/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file account.h
 * An account of a validated description as the user database stores it
 * (sm_user_t): the one conversion, used by generate's sync into the
 * database (render/users_sync.c) and by user import --yaml
 * (users/user_import.c).
 */
#ifndef SM_ACCOUNT_H_
#define SM_ACCOUNT_H_

#include "base/nthash.h"
#include "model.h"
#include "sm_user.h"

#include <stddef.h>
#include <stdint.h>

/** Which part of an account could not be converted. */
typedef enum {
	SM_ACCOUNT_OK = 0,
	/** the identity (the message is sm_user_set_identity()'s) */
	SM_ACCOUNT_EIDENTITY,
	/** an address or the DNS servers (sm_user_set_attrs()'s message) */
	SM_ACCOUNT_EATTRS,
	/** hashing the password (sm_nthash_ctx_hash()'s message) */
	SM_ACCOUNT_EHASH,
} sm_account_err_t;

/**
 * The NT hash of an account: the one it gives, or the hash of its
 * password.
 *
 * @param a			a validated account
 * @param ctx		MD4, for accounts with a password
 * @param hash		receives the NT hash
 * @param err		receives a message on failure
 * @param errlen	size of err
 * @return			SM_ACCOUNT_OK or SM_ACCOUNT_EHASH
 */
sm_account_err_t sm_account_hash(const sm_account_t *a, sm_nthash_ctx_t *ctx,
								 uint8_t hash[SM_NT_HASH_LEN], char *err,
								 size_t errlen);

/**
 * The database record of a validated account: identity, static
 * addresses, DNS servers, enabled flag and NT hash.
 *
 * @param a			a validated account
 * @param ctx		MD4 for a password, or NULL to leave the hash of an
 *					account with a password zero (the caller has it)
 * @param user		receives the record (wipe it after use)
 * @param err		receives a message on failure
 * @param errlen	size of err
 * @return			SM_ACCOUNT_OK, or the part that failed
 */
sm_account_err_t sm_account_user(const sm_account_t *a, sm_nthash_ctx_t *ctx,
								 sm_user_t *user, char *err, size_t errlen);

#endif /* SM_ACCOUNT_H_ */
