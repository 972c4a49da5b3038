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

#include "swanmobile_creds.h"

#include <library.h>
#include <utils/debug.h>

typedef struct private_swanmobile_creds_t private_swanmobile_creds_t;

/**
 * Private data of a swanmobile_creds_t object.
 */
struct private_swanmobile_creds_t {

	/**
	 * Public interface.
	 */
	swanmobile_creds_t public;

	/**
	 * The user database (not owned).
	 */
	swanmobile_users_t *users;
};

/**
 * Enumerator yielding one shared key.
 */
typedef struct {

	/**
	 * Implements enumerator_t.
	 */
	enumerator_t public;

	/**
	 * The key, owned.
	 */
	shared_key_t *key;

	/**
	 * How well the key matches the local and the remote identity.
	 */
	id_match_t me, other;

	/**
	 * Whether the key was returned.
	 */
	bool done;
} shared_enumerator_t;

METHOD(enumerator_t, shared_enumerate, bool,
	shared_enumerator_t *this, va_list args)
{
	shared_key_t **key;
	id_match_t *me, *other;

	VA_ARGS_VGET(args, key, me, other);
	if (this->done)
	{
		return FALSE;
	}
	this->done = TRUE;
	*key = this->key;
	if (me)
	{
		*me = this->me;
	}
	if (other)
	{
		*other = this->other;
	}
	return TRUE;
}

METHOD(enumerator_t, shared_destroy, void,
	shared_enumerator_t *this)
{
	/* wipes the hash */
	this->key->destroy(this->key);
	free(this);
}

/**
 * Whether name is that of the local identity (then it is never served).
 */
static bool is_own(identification_t *me, char *name)
{
	char mine[SM_USER_IDENTITY_MAX + 1];

	return me && swanmobile_users_name(me, mine, sizeof(mine)) &&
		   strcasecmp(mine, name) == 0;
}

METHOD(credential_set_t, create_shared_enumerator, enumerator_t*,
	private_swanmobile_creds_t *this, shared_key_type_t type,
	identification_t *me, identification_t *other)
{
	char name[SM_USER_IDENTITY_MAX + 1];
	shared_enumerator_t *enumerator;
	id_match_t match;
	sm_user_t user;
	chunk_t hash;

	if ((type != SHARED_NT_HASH && type != SHARED_ANY) || !other ||
		!swanmobile_users_name(other, name, sizeof(name)))
	{
		return NULL;
	}
	if ((me && me->equals(me, other)) || is_own(me, name))
	{
		DBG2(DBG_CFG, "swanmobile: not serving a secret for the local "
			 "identity '%Y'", other);
		return NULL;
	}
	match = this->users->get(this->users, other, &user);
	if (match == ID_MATCH_NONE)
	{
		return NULL;
	}
	/* DOMAIN\user found as user: that may be the local identity */
	if (is_own(me, user.identity))
	{
		DBG2(DBG_CFG, "swanmobile: not serving a secret for the local "
			 "identity '%s'", user.identity);
		sm_user_wipe(&user);
		return NULL;
	}
	hash = chunk_clone(chunk_create(user.nt_hash, sizeof(user.nt_hash)));
	sm_user_wipe(&user);
	DBG2(DBG_CFG, "swanmobile: serving the NT hash of EAP user '%Y'", other);
	INIT(enumerator,
		.public = {
			.enumerate = enumerator_enumerate_default,
			.venumerate = _shared_enumerate,
			.destroy = _shared_destroy,
		},
		.key = shared_key_create(SHARED_NT_HASH, hash),
		.me = ID_MATCH_ANY,
		.other = match,
	);
	return &enumerator->public;
}

METHOD(swanmobile_creds_t, destroy, void,
	private_swanmobile_creds_t *this)
{
	free(this);
}

/*
 * see header file
 */
swanmobile_creds_t *swanmobile_creds_create(swanmobile_users_t *users)
{
	private_swanmobile_creds_t *this;

	INIT(this,
		.public = {
			.set = {
				.create_shared_enumerator = _create_shared_enumerator,
				.create_private_enumerator = (void*)return_null,
				.create_cert_enumerator = (void*)return_null,
				.create_cdp_enumerator = (void*)return_null,
				.cache_cert = (void*)nop,
			},
			.destroy = _destroy,
		},
		.users = users,
	);

	return &this->public;
}
