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
 * @defgroup swanmobile_creds swanmobile_creds
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_CREDS_H_
#define SWANMOBILE_CREDS_H_

#include <credentials/credential_set.h>

typedef struct swanmobile_creds_t swanmobile_creds_t;

/**
 * How long a lookup waits for a lock on the database (ms): a worker thread
 * must not stall (in WAL mode, writers do not block readers anyway).
 */
#define SWANMOBILE_CREDS_BUSY_MS 50

/**
 * Credential set serving the NT hashes of EAP-MSCHAPv2 users from the
 * swanmobile user database (users.db).
 *
 * Answers SHARED_NT_HASH and SHARED_ANY requests with a SHARED_NT_HASH key,
 * matched on the remote identity ("other") only: never without one, never
 * when it equals the local identity ("me"), never for disabled users.  An
 * identity DOMAIN\user that is not in the database is looked up as "user",
 * the name eap-mschapv2 uses for the MS-CHAPv2 hash.
 *
 * The database is read on every lookup, so users added, changed, disabled
 * or deleted take effect at once; a file that is replaced or deleted is
 * noticed and reopened.  While it is missing, damaged or locked, nobody is
 * authenticated from it and the reason is logged (when it appears or
 * changes, then at most once a minute).
 *
 * Lookups from several threads run in parallel, each on a read-only handle
 * of its own (idle handles are kept for the next lookups); no lock is held
 * while SQLite runs, so a locked database delays each lookup by about
 * SWANMOBILE_CREDS_BUSY_MS, however many threads wait.
 */
struct swanmobile_creds_t {

	/**
	 * Implements credential_set_t.
	 */
	credential_set_t set;

	/**
	 * Serve users from another database file, or from none.
	 *
	 * @param path		database file (cloned), NULL to serve no users
	 */
	void (*set_path)(swanmobile_creds_t *this, char *path);

	/**
	 * Destroy a swanmobile_creds_t.
	 */
	void (*destroy)(swanmobile_creds_t *this);
};

/**
 * Create the credential set and try to open the database (logging the
 * outcome; a missing database is not an error here).
 *
 * @param path		database file (cloned), NULL to serve no users
 * @return			credential set
 */
swanmobile_creds_t *swanmobile_creds_create(char *path);

#endif /** SWANMOBILE_CREDS_H_ @}*/
