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
 * @defgroup swanmobile_users swanmobile_users
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_USERS_H_
#define SWANMOBILE_USERS_H_

#include <utils/identification.h>

#include <sm_user.h>

typedef struct swanmobile_users_t swanmobile_users_t;

/**
 * How long a lookup waits for a lock on the database (ms): a worker thread
 * must not stall (in WAL mode, writers do not block readers anyway).
 */
#define SWANMOBILE_USERS_BUSY_MS 50

/**
 * Most idle read-only handles kept between lookups; more lookups at the
 * same time open handles of their own and close them afterwards.
 */
#define SWANMOBILE_USERS_POOL_MAX 32

/**
 * The user database of swanmobile(8) (users.db), as the plugin reads it:
 * the credential set looks up the NT hashes of EAP users in it, the
 * attribute provider their static addresses and DNS servers.
 *
 * The database is read on every lookup, so users added, changed, disabled
 * or deleted take effect at once; a file that is replaced or deleted is
 * noticed and reopened.  While it is missing, damaged, locked or unsafe,
 * nobody is found in it and the reason is logged once for all uses (when
 * it appears or changes, then at most once a minute), and a line when it
 * is usable again.
 *
 * Lookups from several threads run in parallel, each on a read-only handle
 * of its own (up to SWANMOBILE_USERS_POOL_MAX idle handles are kept for
 * the next lookups, each with a small page cache); no lock is held while
 * SQLite runs, so a locked database delays each lookup by about
 * SWANMOBILE_USERS_BUSY_MS, however many threads wait.
 */
struct swanmobile_users_t {

	/**
	 * Look up the enabled user an identity names.
	 *
	 * Identities in FQDN, e-mail or key ID form name a user (see
	 * swanmobile_users_name()), compared ignoring ASCII case.  An identity
	 * DOMAIN\user that is not in the database, enabled or not, is looked
	 * up as "user", the name eap-mschapv2 hashes for MS-CHAPv2 (the part
	 * after the first backslash).
	 *
	 * @param id		identity the client authenticated with (EAP or
	 *					XAuth identity), NULL for none
	 * @param user		receives the user, with its identity as stored;
	 *					it holds the NT hash: wipe it with sm_user_wipe()
	 * @return			ID_MATCH_PERFECT if id names the user,
	 *					ID_MATCH_ONE_WILDCARD if the user part of
	 *					DOMAIN\user does, ID_MATCH_NONE if there is no
	 *					such enabled user or no usable database (user is
	 *					then wiped)
	 */
	id_match_t (*get)(swanmobile_users_t *this, identification_t *id,
					  sm_user_t *user);

	/**
	 * Read users from another database file, or from none, and log where
	 * they come from now; nothing happens if path is the current one.
	 * Lookups running meanwhile finish on the old file.  If path cannot
	 * be copied (out of memory), no database is used and that is logged.
	 *
	 * @param path		database file (cloned), NULL for none (the
	 *					plugin's eap_users = no)
	 */
	void (*set_path)(swanmobile_users_t *this, char *path);

	/**
	 * Destroy a swanmobile_users_t; no lookup may run any more.
	 */
	void (*destroy)(swanmobile_users_t *this);
};

/**
 * The name of a user an identity stands for: the text of an identity in
 * FQDN, e-mail or key ID form (the forms eap-mschapv2 and XAuth create
 * from a user name); addresses, DNs and %any name no user.
 *
 * @param id		identity
 * @param buf		receives the name, NUL-terminated
 * @param size		size of buf (SM_USER_IDENTITY_MAX + 1 holds any user)
 * @return			FALSE if id names no user or does not fit into buf
 */
bool swanmobile_users_name(identification_t *id, char *buf, size_t size);

/**
 * Create the object and try to open the database (logging the outcome; a
 * missing database is not an error here).
 *
 * @param path		database file (cloned), NULL for none
 * @return			object, NULL if out of memory (logged)
 */
swanmobile_users_t *swanmobile_users_create(char *path);

#endif /** SWANMOBILE_USERS_H_ @}*/
