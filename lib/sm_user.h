/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_user.h
 * One record of the user database: identity, NT hash, enabled flag, static
 * virtual addresses and DNS servers, with validation into canonical form.
 */
#ifndef SM_USER_H_
#define SM_USER_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sm_identity.h"
#include "sm_net.h"

/** Longest identity in bytes (an MS-CHAPv2 name has at most 255). */
#define SM_USER_IDENTITY_MAX SM_IDENTITY_MAX_BYTES

/** Length of an NT hash (MD4) in bytes. */
#define SM_NT_HASH_LEN 16

/** Most DNS servers per user. */
#define SM_USER_DNS_MAX 4

/** Size of the comma-separated DNS list in sm_user_t, with the NUL. */
#define SM_USER_DNS_STRLEN (SM_USER_DNS_MAX * SM_PREFIX_STRLEN)

/** One user.  Contains a secret: wipe with sm_user_wipe() after use. */
typedef struct {
	/** identity exactly as clients send it (UTF-8, 1..255 bytes) */
	char identity[SM_USER_IDENTITY_MAX + 1];
	/** MD4 of the UTF-16LE password */
	uint8_t nt_hash[SM_NT_HASH_LEN];
	/** whether the user may log in */
	bool enabled;
	/** static virtual IPv4 address, "" for none (canonical text) */
	char vip4[SM_PREFIX_STRLEN];
	/** static virtual IPv6 address, "" for none (canonical text) */
	char vip6[SM_PREFIX_STRLEN];
	/** DNS servers, canonical addresses separated by ",", "" for none */
	char dns[SM_USER_DNS_STRLEN];
	/** when the user was added, seconds since the epoch (set by the db) */
	int64_t created;
	/** when the user was last changed, seconds since the epoch (db) */
	int64_t updated;
} sm_user_t;

/**
 * Clear a record and enable it (hash zero, no addresses).
 */
void sm_user_init(sm_user_t *user);

/**
 * Wipe a record (it holds an NT hash).
 */
void sm_user_wipe(sm_user_t *user);

/**
 * Validate an identity with sm_identity_check() (the one rule for every
 * entry point) and copy it into user.
 *
 * @param identity	NUL-terminated identity
 * @param err		receives a message on failure (may be NULL)
 * @param errlen	size of err
 * @return			whether identity was valid (if not, user is unchanged)
 */
bool sm_user_set_identity(sm_user_t *user, const char *identity, char *err,
						  size_t errlen);

/**
 * Validate addresses and DNS servers and store them in canonical form.
 *
 * @param vip4		IPv4 address (no prefix, or /32); "" clears; NULL keeps
 * @param vip6		IPv6 address (no prefix, or /128); "" clears; NULL keeps
 * @param dns		up to SM_USER_DNS_MAX IPv4/IPv6 addresses separated by
 *					commas and/or spaces; "" clears; NULL keeps
 * @param err		receives a message on failure (may be NULL)
 * @param errlen	size of err
 * @return			whether all were valid (if not, user is unchanged)
 */
bool sm_user_set_attrs(sm_user_t *user, const char *vip4, const char *vip6,
					   const char *dns, char *err, size_t errlen);

#endif /* SM_USER_H_ */
