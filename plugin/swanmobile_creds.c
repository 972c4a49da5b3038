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

#include <sm_userdb.h>

#include <library.h>
#include <threading/mutex.h>
#include <utils/debug.h>

/**
 * How long a lookup waits for a writer's lock (ms); a worker thread must not
 * stall, and in WAL mode readers are not blocked by writers anyway.
 */
#define BUSY_TIMEOUT_MS 50

/**
 * Least time between two log lines about the same database problem (s).
 */
#define LOG_INTERVAL 60

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
	 * Database file.
	 */
	char *path;

	/**
	 * Read-only handle, NULL while the database is unusable.
	 */
	sm_userdb_t *db;

	/**
	 * Problem last logged, SM_USERDB_OK while the database is usable.
	 */
	sm_userdb_err_t state;

	/**
	 * When state was last logged (monotonic).
	 */
	time_t logged;

	/**
	 * Serializes lookups; guards every field above.
	 */
	mutex_t *mutex;
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
 * Log a database problem: when it first appears or changes, then at most
 * once per LOG_INTERVAL.  Call with the mutex held.
 */
static void report(private_swanmobile_creds_t *this, sm_userdb_err_t state,
				   const char *msg)
{
	time_t now = time_monotonic(NULL);

	if (state != this->state || now - this->logged >= LOG_INTERVAL)
	{
		DBG1(DBG_CFG, "swanmobile: %s; no EAP user is authenticated from it",
			 msg);
		this->state = state;
		this->logged = now;
	}
}

/**
 * The database handle, opened again if the file changed on disk; NULL if it
 * cannot be used (logged).  Call with the mutex held.
 */
static sm_userdb_t *get_db(private_swanmobile_creds_t *this)
{
	char err[512];
	sm_userdb_err_t ret;

	if (!this->path)
	{	/* eap_users = no: the user database is off */
		return NULL;
	}
	if (this->db)
	{
		if (!sm_userdb_stale(this->db))
		{
			return this->db;
		}
		DBG2(DBG_CFG, "swanmobile: user database '%s' changed on disk, "
			 "reopening", this->path);
		sm_userdb_close(this->db);
		this->db = NULL;
	}
	ret = sm_userdb_open(this->path, SM_USERDB_READONLY, BUSY_TIMEOUT_MS,
						 &this->db, err, sizeof(err));
	if (ret != SM_USERDB_OK)
	{
		report(this, ret, err);
		return NULL;
	}
	if (this->state != SM_USERDB_OK)
	{
		DBG1(DBG_CFG, "swanmobile: user database '%s' is usable again",
			 this->path);
		this->state = SM_USERDB_OK;
	}
	return this->db;
}

/**
 * Say where EAP users come from after the path was set.  Call with the mutex
 * held (or before the object is shared).
 */
static void log_source(private_swanmobile_creds_t *this)
{
	if (!this->path)
	{
		DBG1(DBG_CFG, "swanmobile: not serving EAP users (eap_users = no)");
	}
	else if (get_db(this))
	{
		DBG1(DBG_CFG, "swanmobile: serving EAP users from '%s'", this->path);
	}
}

/**
 * Look up one enabled user.  Call with the mutex held.
 *
 * @param identity	identity to look up
 * @param hash		receives the NT hash if found (allocated, clear it)
 * @param exists	receives whether the user exists (enabled or not)
 * @return			TRUE if the user exists and is enabled
 */
static bool lookup(private_swanmobile_creds_t *this, char *identity,
				   chunk_t *hash, bool *exists)
{
	sm_userdb_t *db;
	sm_userdb_err_t ret;
	sm_user_t user;
	bool ok = FALSE;

	*exists = FALSE;
	db = get_db(this);
	if (!db)
	{
		return FALSE;
	}
	ret = sm_userdb_get(db, identity, &user);
	switch (ret)
	{
		case SM_USERDB_OK:
			*exists = TRUE;
			if (user.enabled)
			{
				*hash = chunk_clone(chunk_create(user.nt_hash,
												 sizeof(user.nt_hash)));
				ok = TRUE;
			}
			else
			{
				DBG2(DBG_CFG, "swanmobile: EAP user '%s' is disabled",
					 identity);
			}
			break;
		case SM_USERDB_ENOTFOUND:
			break;
		case SM_USERDB_EBUSY:
			report(this, ret, sm_userdb_errmsg(db));
			break;
		default:
			/* damaged or gone under us: start over on the next lookup */
			report(this, ret, sm_userdb_errmsg(db));
			sm_userdb_close(this->db);
			this->db = NULL;
			break;
	}
	sm_user_wipe(&user);
	return ok;
}

/**
 * Copy the text of an identity that eap-mschapv2 creates from a user name
 * (FQDN, e-mail or key ID form); FALSE for addresses, DNs and %any.
 */
static bool identity_text(identification_t *id, char *buf, size_t size)
{
	chunk_t enc;

	switch (id->get_type(id))
	{
		case ID_FQDN:
		case ID_RFC822_ADDR:
		case ID_KEY_ID:
			break;
		default:
			return FALSE;
	}
	enc = id->get_encoding(id);
	if (!enc.len || enc.len >= size || memchr(enc.ptr, 0, enc.len))
	{
		return FALSE;
	}
	memcpy(buf, enc.ptr, enc.len);
	buf[enc.len] = '\0';
	return TRUE;
}

/**
 * Whether name is the local identity (then it is never served).
 */
static bool is_own(identification_t *me, char *name)
{
	char mine[SM_USER_IDENTITY_MAX + 1];

	return me && identity_text(me, mine, sizeof(mine)) &&
		   strcasecmp(mine, name) == 0;
}

METHOD(credential_set_t, create_shared_enumerator, enumerator_t*,
	private_swanmobile_creds_t *this, shared_key_type_t type,
	identification_t *me, identification_t *other)
{
	char name[SM_USER_IDENTITY_MAX + 1], *user;
	shared_enumerator_t *enumerator;
	chunk_t hash = chunk_empty;
	id_match_t match = ID_MATCH_PERFECT;
	bool found, exists;

	if ((type != SHARED_NT_HASH && type != SHARED_ANY) || !other ||
		!identity_text(other, name, sizeof(name)))
	{
		return NULL;
	}
	if ((me && me->equals(me, other)) || is_own(me, name))
	{
		DBG2(DBG_CFG, "swanmobile: not serving a secret for the local "
			 "identity '%Y'", other);
		return NULL;
	}
	this->mutex->lock(this->mutex);
	found = lookup(this, name, &hash, &exists);
	/* DOMAIN\user: eap-mschapv2 hashes the part after the first backslash */
	user = strchr(name, '\\');
	if (!found && !exists && user && *++user && !is_own(me, user))
	{
		found = lookup(this, user, &hash, &exists);
		match = ID_MATCH_ONE_WILDCARD;
	}
	if (!found && this->path)
	{	/* under the mutex: a reload may replace the path */
		DBG2(DBG_CFG, "swanmobile: no enabled EAP user '%Y' in '%s'", other,
			 this->path);
	}
	this->mutex->unlock(this->mutex);
	if (!found)
	{
		return NULL;
	}
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

METHOD(swanmobile_creds_t, set_path, void,
	private_swanmobile_creds_t *this, char *path)
{
	this->mutex->lock(this->mutex);
	if (!streq(path, this->path))
	{
		free(this->path);
		this->path = strdupnull(path);
		sm_userdb_close(this->db);
		this->db = NULL;
		this->state = SM_USERDB_OK;
		log_source(this);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(swanmobile_creds_t, destroy, void,
	private_swanmobile_creds_t *this)
{
	sm_userdb_close(this->db);
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this);
}

/*
 * see header file
 */
swanmobile_creds_t *swanmobile_creds_create(char *path)
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
			.set_path = _set_path,
			.destroy = _destroy,
		},
		.path = strdupnull(path),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	log_source(this);
	return &this->public;
}
