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

#include "swanmobile_users.h"

#include <credentials/credential_set.h>

typedef struct swanmobile_creds_t swanmobile_creds_t;

/**
 * Credential set serving the NT hashes of EAP-MSCHAPv2 users from the user
 * database (see swanmobile_users.h).
 *
 * Answers SHARED_NT_HASH and SHARED_ANY requests with a SHARED_NT_HASH key,
 * matched on the remote identity ("other") only: never without one, never
 * for the local identity ("me"), nor for a user named like it (ASCII case
 * ignored, also behind DOMAIN\), never for disabled users.  SHARED_EAP is
 * never answered (plugins asking for it take the key as a plaintext
 * password).
 */
struct swanmobile_creds_t {

	/**
	 * Implements credential_set_t.
	 */
	credential_set_t set;

	/**
	 * Destroy a swanmobile_creds_t.
	 */
	void (*destroy)(swanmobile_creds_t *this);
};

/**
 * Create the credential set.
 *
 * @param users		user database, not owned (must outlive the set)
 * @return			credential set
 */
swanmobile_creds_t *swanmobile_creds_create(swanmobile_users_t *users);

#endif /** SWANMOBILE_CREDS_H_ @}*/
