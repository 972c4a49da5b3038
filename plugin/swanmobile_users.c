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

#include "swanmobile_users.h"

#include <sm_userdb.h>

#include <library.h>
#include <threading/mutex.h>
#include <utils/debug.h>

/**
 * Least time between two log lines about the same database problem (s).
 */
#define LOG_INTERVAL 60

/**
 * What a database problem means, appended to its message: once for both
 * uses of the database.
 */
#define CONSEQUENCE "no EAP user is authenticated from it, and no static " \
					"address or DNS server is assigned from it"

typedef struct private_swanmobile_users_t private_swanmobile_users_t;

/**
 * Private data of a swanmobile_users_t object.
 */
struct private_swanmobile_users_t {

	/**
	 * Public interface.
	 */
	swanmobile_users_t public;

	/**
	 * Database file, NULL while there is no user database.
	 */
	char *path;

	/**
	 * Counts changes of path; handles opened before one are not kept.
	 */
	u_int generation;

	/**
	 * Idle read-only handles of path, each used by one lookup at a time.
	 */
	sm_userdb_t *idle[SWANMOBILE_USERS_POOL_MAX];

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
	 * Whether there is no user database (path is NULL).
	 */
	bool off;

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
 * Start a lookup: copy the path and take an idle handle, if any.
 *
 * @return			FALSE if there is no user database (or no memory to
 *					copy its path)
 */
static bool acquire(private_swanmobile_users_t *this, conn_t *conn)
{
	*conn = (conn_t){ .problem = SM_USERDB_OK, };
	this->mutex->lock(this->mutex);
	conn->off = this->path == NULL;
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
		ret = sm_userdb_open(conn->path,
							 SM_USERDB_READONLY | SM_USERDB_SMALL_CACHE,
							 SWANMOBILE_USERS_BUSY_MS, &conn->db, err,
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
static void release(private_swanmobile_users_t *this, conn_t *conn)
{
	time_t now = time_monotonic(NULL);
	bool log_problem = FALSE, log_usable = FALSE;
	sm_userdb_t *drop = conn->db, *old[SWANMOBILE_USERS_POOL_MAX];
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
		if (conn->db && this->nidle < SWANMOBILE_USERS_POOL_MAX)
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
		DBG1(DBG_CFG, "swanmobile: %s; " CONSEQUENCE, conn->err);
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
 * Say where users come from after the path was set (one line per load or
 * path change, or the problem that keeps the database from being used).
 */
static void log_source(private_swanmobile_users_t *this)
{
	conn_t conn;

	if (!acquire(this, &conn))
	{
		if (conn.off)
		{
			DBG1(DBG_CFG, "swanmobile: not serving EAP users (eap_users = "
				 "no): no NT hashes, static addresses or DNS servers from a "
				 "user database");
		}
		else
		{
			DBG1(DBG_CFG, "swanmobile: out of memory opening the user "
				 "database; lookups will try again");
		}
		return;
	}
	if (open_db(&conn))
	{
		DBG1(DBG_CFG, "swanmobile: serving EAP users from '%s' (NT hashes, "
			 "static addresses, DNS servers)", conn.path);
	}
	release(this, &conn);
}

/**
 * Look up one user on the lookup's handle.  A damaged database closes the
 * handle, so the next lookup opens the file anew.
 *
 * @param name		identity to look up
 * @param user		receives the user if it exists and is enabled
 * @param exists	receives whether the user exists (enabled or not)
 * @return			TRUE if the user exists and is enabled
 */
static bool lookup(conn_t *conn, char *name, sm_user_t *user, bool *exists)
{
	sm_userdb_err_t ret;

	*exists = FALSE;
	ret = sm_userdb_get(conn->db, name, user);
	switch (ret)
	{
		case SM_USERDB_OK:
			*exists = TRUE;
			if (user->enabled)
			{
				return TRUE;
			}
			DBG2(DBG_CFG, "swanmobile: EAP user '%s' is disabled", name);
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
	sm_user_wipe(user);
	return FALSE;
}

/*
 * see header file
 */
bool swanmobile_users_name(identification_t *id, char *buf, size_t size)
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

METHOD(swanmobile_users_t, get, id_match_t,
	private_swanmobile_users_t *this, identification_t *id, sm_user_t *user)
{
	char name[SM_USER_IDENTITY_MAX + 1], *short_name;
	id_match_t match = ID_MATCH_NONE;
	bool exists = FALSE;
	conn_t conn;

	sm_user_wipe(user);
	if (!id || !swanmobile_users_name(id, name, sizeof(name)) ||
		!acquire(this, &conn))
	{
		return ID_MATCH_NONE;
	}
	if (open_db(&conn))
	{
		if (lookup(&conn, name, user, &exists))
		{
			match = ID_MATCH_PERFECT;
		}
		/* DOMAIN\user: eap-mschapv2 hashes the part after the first
		 * backslash; not after a failure (one wait per lookup at most) */
		short_name = strchr(name, '\\');
		if (match == ID_MATCH_NONE && !exists &&
			conn.problem == SM_USERDB_OK && short_name && *++short_name &&
			lookup(&conn, short_name, user, &exists))
		{
			match = ID_MATCH_ONE_WILDCARD;
		}
	}
	if (match == ID_MATCH_NONE)
	{
		DBG2(DBG_CFG, "swanmobile: no enabled EAP user '%Y' in '%s'", id,
			 conn.path);
	}
	release(this, &conn);
	return match;
}

/**
 * Replace the path, and with it the idle handles (closed outside the
 * mutex).
 *
 * @param path		new path (cloned), NULL for none
 * @param changed	receives whether the path changed
 * @return			FALSE if path could not be copied (then it is NULL)
 */
static bool swap_path(private_swanmobile_users_t *this, char *path,
					  bool *changed)
{
	sm_userdb_t *drop[SWANMOBILE_USERS_POOL_MAX];
	char *copy = NULL, *old = NULL;
	bool ok = TRUE;
	int n = 0;

	if (path && !(copy = strdup(path)))
	{
		/* no database rather than the old one the admin moved away from */
		ok = FALSE;
	}
	this->mutex->lock(this->mutex);
	*changed = !ok || !streq(copy, this->path);
	if (*changed)
	{
		old = this->path;
		this->path = copy;
		copy = NULL;
		this->generation++;
		n = this->nidle;
		memcpy(drop, this->idle, n * sizeof(drop[0]));
		this->nidle = 0;
		this->state = SM_USERDB_OK;
	}
	this->mutex->unlock(this->mutex);
	close_all(drop, n);
	free(old);
	free(copy);
	if (!ok)
	{
		DBG1(DBG_CFG, "swanmobile: out of memory for the user database path "
			 "'%s'; " CONSEQUENCE, path);
	}
	return ok;
}

METHOD(swanmobile_users_t, set_path, void,
	private_swanmobile_users_t *this, char *path)
{
	bool changed;

	if (swap_path(this, path, &changed) && changed)
	{
		log_source(this);
	}
}

METHOD(swanmobile_users_t, destroy, void,
	private_swanmobile_users_t *this)
{
	close_all(this->idle, this->nidle);
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this);
}

/*
 * see header file
 */
swanmobile_users_t *swanmobile_users_create(char *path)
{
	private_swanmobile_users_t *this;
	bool changed;

	INIT(this,
		.public = {
			.get = _get,
			.set_path = _set_path,
			.destroy = _destroy,
		},
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	if (!swap_path(this, path, &changed))
	{
		destroy(this);
		return NULL;
	}
	log_source(this);
	return &this->public;
}
