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
 * Least time between two log lines about the same database problem (s).
 */
#define LOG_INTERVAL 60

/**
 * Most idle database handles kept between lookups; more lookups at the same
 * time open handles of their own and close them afterwards.
 */
#define POOL_MAX 32

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
	 * Database file, NULL while the user database is off.
	 */
	char *path;

	/**
	 * Counts changes of path; handles opened before one are not kept.
	 */
	u_int generation;

	/**
	 * Idle read-only handles of path, each used by one lookup at a time.
	 */
	sm_userdb_t *idle[POOL_MAX];

	/**
	 * Number of handles in idle.
	 */
	int nidle;

	/**
	 * Problem last logged, SM_USERDB_OK while the database is usable.
	 */
	sm_userdb_err_t state;

	/**
	 * When state was last logged (monotonic).
	 */
	time_t logged;

	/**
	 * Guards every field above; held only to copy or swap them, never
	 * across a SQLite call, a stat() or logging.
	 */
	mutex_t *mutex;
};

/**
 * What one lookup works with, outside the mutex.
 */
typedef struct {

	/**
	 * Database file (copy of path, owned).
	 */
	char *path;

	/**
	 * generation of path.
	 */
	u_int generation;

	/**
	 * Handle taken from the pool or opened, owned; NULL if none.
	 */
	sm_userdb_t *db;

	/**
	 * Problem met, SM_USERDB_OK if none.
	 */
	sm_userdb_err_t problem;

	/**
	 * Message of problem.
	 */
	char err[512];

	/**
	 * The file changed on disk: the idle handles are of the old one.
	 */
	bool changed;
} conn_t;

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
 * Start a lookup: copy the path and take an idle handle, if any.
 *
 * @return			FALSE if the user database is off (eap_users = no) or out of memory
 */
static bool acquire(private_swanmobile_creds_t *this, conn_t *conn)
{
	*conn = (conn_t){ .problem = SM_USERDB_OK, };
	this->mutex->lock(this->mutex);
	if (this->path)
	{
		conn->path = strdup(this->path);
		conn->generation = this->generation;
		if (conn->path && this->nidle)
		{
			conn->db = this->idle[--this->nidle];
		}
	}
	this->mutex->unlock(this->mutex);
	return conn->path != NULL;
}

/**
 * Record a problem of the lookup (logged by release()).
 */
static void problem(conn_t *conn, sm_userdb_err_t ret, const char *msg)
{
	conn->problem = ret;
	snprintf(conn->err, sizeof(conn->err), "%s", msg);
}

/**
 * Make sure the lookup has a usable handle: open the database if there is
 * none, or again if the file changed on disk.  Waits at most the busy
 * timeout.
 *
 * @return			FALSE if the database cannot be used (a problem)
 */
static bool open_db(conn_t *conn)
{
	char err[512];
	sm_userdb_err_t ret;

	if (conn->db && sm_userdb_stale(conn->db))
	{
		DBG2(DBG_CFG, "swanmobile: user database '%s' changed on disk, "
			 "reopening", conn->path);
		sm_userdb_close(conn->db);
		conn->db = NULL;
		conn->changed = TRUE;
	}
	if (!conn->db)
	{
		ret = sm_userdb_open(conn->path, SM_USERDB_READONLY,
							 SWANMOBILE_CREDS_BUSY_MS, &conn->db, err,
							 sizeof(err));
		if (ret != SM_USERDB_OK)
		{
			problem(conn, ret, err);
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * Close the idle handles taken out of the pool.
 */
static void close_all(sm_userdb_t **dbs, int n)
{
	while (n--)
	{
		sm_userdb_close(dbs[n]);
	}
}

/**
 * End a lookup: put the handle back (or close it), and log a problem when
 * it first appears or changes and then at most once per LOG_INTERVAL, or
 * that the database is usable again.
 */
static void release(private_swanmobile_creds_t *this, conn_t *conn)
{
	time_t now = time_monotonic(NULL);
	bool log_problem = FALSE, log_usable = FALSE;
	sm_userdb_t *drop = conn->db, *old[POOL_MAX];
	int nold = 0;

	this->mutex->lock(this->mutex);
	if (conn->generation == this->generation)
	{
		if (conn->changed)
		{	/* closed below, outside the mutex */
			nold = this->nidle;
			memcpy(old, this->idle, nold * sizeof(old[0]));
			this->nidle = 0;
		}
		if (conn->problem != SM_USERDB_OK)
		{
			if (conn->problem != this->state ||
				now - this->logged >= LOG_INTERVAL)
			{
				log_problem = TRUE;
				this->state = conn->problem;
				this->logged = now;
			}
		}
		else if (this->state != SM_USERDB_OK)
		{
			log_usable = TRUE;
			this->state = SM_USERDB_OK;
		}
		if (conn->db && this->nidle < POOL_MAX)
		{
			this->idle[this->nidle++] = conn->db;
			drop = NULL;
		}
	}
	this->mutex->unlock(this->mutex);

	sm_userdb_close(drop);
	close_all(old, nold);
	if (log_problem)
	{
		DBG1(DBG_CFG, "swanmobile: %s; no EAP user is authenticated from it",
			 conn->err);
	}
	if (log_usable)
	{
		DBG1(DBG_CFG, "swanmobile: user database '%s' is usable again",
			 conn->path);
	}
	free(conn->path);
	conn->path = NULL;
	conn->db = NULL;
}

/**
 * Say where EAP users come from after the path was set.
 */
static void log_source(private_swanmobile_creds_t *this)
{
	conn_t conn;

	if (!acquire(this, &conn))
	{
		DBG1(DBG_CFG, "swanmobile: not serving EAP users (eap_users = no)");
		return;
	}
	if (open_db(&conn))
	{
		DBG1(DBG_CFG, "swanmobile: serving EAP users from '%s'", conn.path);
	}
	release(this, &conn);
}

/**
 * Look up one enabled user on the lookup's handle.  A damaged database
 * closes the handle, so the next lookup opens the file anew.
 *
 * @param identity	identity to look up
 * @param hash		receives the NT hash if found (allocated, clear it)
 * @param exists	receives whether the user exists (enabled or not)
 * @return			TRUE if the user exists and is enabled
 */
static bool lookup(conn_t *conn, char *identity, chunk_t *hash, bool *exists)
{
	sm_userdb_err_t ret;
	sm_user_t user;
	bool ok = FALSE;

	*exists = FALSE;
	ret = sm_userdb_get(conn->db, identity, &user);
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
			problem(conn, ret, sm_userdb_errmsg(conn->db));
			break;
		default:
			/* damaged or gone under us: start over on the next lookup */
			problem(conn, ret, sm_userdb_errmsg(conn->db));
			sm_userdb_close(conn->db);
			conn->db = NULL;
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
	bool found = FALSE, exists = FALSE;
	conn_t conn;

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
	if (!acquire(this, &conn))
	{
		return NULL;
	}
	if (open_db(&conn))
	{
		found = lookup(&conn, name, &hash, &exists);
		/* DOMAIN\user: eap-mschapv2 hashes the part after the first
		 * backslash; not after a failure (one wait per lookup at most) */
		user = strchr(name, '\\');
		if (!found && !exists && conn.problem == SM_USERDB_OK && user &&
			*++user && !is_own(me, user))
		{
			found = lookup(&conn, user, &hash, &exists);
			match = ID_MATCH_ONE_WILDCARD;
		}
	}
	if (!found)
	{
		DBG2(DBG_CFG, "swanmobile: no enabled EAP user '%Y' in '%s'", other,
			 conn.path);
	}
	release(this, &conn);
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
	sm_userdb_t *drop[POOL_MAX];
	int n = 0;
	bool changed;

	this->mutex->lock(this->mutex);
	changed = !streq(path, this->path);
	if (changed)
	{
		free(this->path);
		this->path = strdupnull(path);
		this->generation++;
		n = this->nidle;
		memcpy(drop, this->idle, n * sizeof(drop[0]));
		this->nidle = 0;
		this->state = SM_USERDB_OK;
	}
	this->mutex->unlock(this->mutex);
	if (changed)
	{
		close_all(drop, n);
		log_source(this);
	}
}

METHOD(swanmobile_creds_t, destroy, void,
	private_swanmobile_creds_t *this)
{
	close_all(this->idle, this->nidle);
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
