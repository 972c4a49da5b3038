/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Copyright (C) 2026 The swanmobile developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

/**
 * @defgroup swanmobile_lookup swanmobile_lookup
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_LOOKUP_H_
#define SWANMOBILE_LOOKUP_H_

#include <collections/linked_list.h>
#include <networking/host.h>
#include <utils/identification.h>

typedef struct swanmobile_lookup_t swanmobile_lookup_t;

/**
 * What the user database says about a user's virtual address and DNS.
 */
typedef struct {

	/**
	 * Static IPv4 address, NULL for none.
	 */
	host_t *vip4;

	/**
	 * Static IPv6 address, NULL for none.
	 */
	host_t *vip6;

	/**
	 * The user's DNS servers (host_t*), in their order; empty for none.
	 */
	linked_list_t *dns;
} swanmobile_user_t;

/**
 * Destroy a swanmobile_user_t.  NULL is fine.
 *
 * @param user		user to destroy
 */
void swanmobile_user_destroy(swanmobile_user_t *user);

/**
 * Read-only lookups of a user's static addresses and DNS servers in the
 * user database (users.db), for the attribute provider.
 *
 * Every thread that looks a user up gets its own read-only connection,
 * opened on first use and again when the file is replaced or the path
 * changes, so lookups from several threads never wait for each other; a
 * lookup is one indexed query that waits at most the busy timeout for a
 * writer.  Database problems are logged (at most once a minute per
 * problem) and make every user "not found".
 */
struct swanmobile_lookup_t {

	/**
	 * Look up an enabled user by the identity it authenticated with (an
	 * identity DOMAIN\user that is not in the database is looked up as
	 * "user", as the credential set does).
	 *
	 * @param id		EAP (or XAuth) identity
	 * @return			user (must be destroyed), NULL if not found,
	 *					disabled, or the database is off or unusable
	 */
	swanmobile_user_t *(*get)(swanmobile_lookup_t *this, identification_t *id);

	/**
	 * Look users up in another database file.
	 *
	 * @param path		database file (cloned), NULL or "" for none
	 */
	void (*set_path)(swanmobile_lookup_t *this, char *path);

	/**
	 * Destroy a swanmobile_lookup_t.  Connections of other threads are
	 * closed when those threads exit.
	 */
	void (*destroy)(swanmobile_lookup_t *this);
};

/**
 * Create a lookup object; no connection is opened yet.
 *
 * @param path		database file (cloned), NULL or "" for none
 * @return			lookup object
 */
swanmobile_lookup_t *swanmobile_lookup_create(char *path);

#endif /** SWANMOBILE_LOOKUP_H_ @}*/
