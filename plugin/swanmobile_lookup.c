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

#include "swanmobile_lookup.h"

#include <sm_userdb.h>

#include <library.h>
#include <threading/mutex.h>
#include <threading/thread_value.h>
#include <utils/debug.h>

/**
 * How long a lookup waits for a writer's lock (ms); in WAL mode readers are
 * not blocked by writers, so this bounds only the rare checkpoint case.
 */
#define BUSY_TIMEOUT_MS 50

/**
 * Least time between two log lines about the same database problem (s).
 */
#define LOG_INTERVAL 60

typedef struct private_swanmobile_lookup_t private_swanmobile_lookup_t;

/**
 * Private data of a swanmobile_lookup_t object.
 */
struct private_swanmobile_lookup_t {

	/**
	 * Public interface.
	 */
	swanmobile_lookup_t public;

	/**
	 * Database file, "" for none.
	 */
	char *path;

	/**
	 * Incremented on every path change; connections of an older
	 * generation are reopened.
	 */
	u_int generation;

	/**
	 * Problem last logged, SM_USERDB_OK while the database is usable.
	 */
	sm_userdb_err_t state;

	/**
	 * When state was last logged (monotonic).
	 */
	time_t logged;

	/**
	 * Guards the fields above; never held during a query.
	 */
	mutex_t *mutex;

	/**
	 * Per-thread connection (connection_t*).
	 */
	thread_value_t *connection;
};

/**
 * One thread's connection.
 */
typedef struct {

	/**
	 * Read-only handle, NULL if not open.
	 */
	sm_userdb_t *db;

	/**
	 * Generation of the path it was opened with.
	 */
	u_int generation;
} connection_t;

/**
 * Close a thread's connection (at thread exit, or on destroy).
 */
static void connection_destroy(connection_t *this)
{
	sm_userdb_close(this->db);
	free(this);
}

/*
 * see header file
 */
void swanmobile_user_destroy(swanmobile_user_t *user)
{
	if (user)
	{
		DESTROY_IF(user->vip4);
		DESTROY_IF(user->vip6);
		user->dns->destroy_offset(user->dns, offsetof(host_t, destroy));
		free(user);
	}
}

/**
 * Log a database problem when it first appears or changes, then at most
 * once per LOG_INTERVAL.
 */
static void report(private_swanmobile_lookup_t *this, sm_userdb_err_t state,
				   const char *msg)
{
	time_t now = time_monotonic(NULL);

	this->mutex->lock(this->mutex);
	if (state != this->state || now - this->logged >= LOG_INTERVAL)
	{
		DBG1(DBG_CFG, "swanmobile: %s; no static address or DNS server of a "
			 "user is handed out from it", msg);
		this->state = state;
		this->logged = now;
	}
	this->mutex->unlock(this->mutex);
}

/**
 * Note that the database is usable (logged once after a problem).
 */
static void recovered(private_swanmobile_lookup_t *this, const char *path)
{
	this->mutex->lock(this->mutex);
	if (this->state != SM_USERDB_OK)
	{
		DBG1(DBG_CFG, "swanmobile: user database '%s' is usable again for "
			 "static addresses", path);
		this->state = SM_USERDB_OK;
	}
	this->mutex->unlock(this->mutex);
}

/**
 * The calling thread's connection, opened (again) if needed; NULL if the
 * database is off or unusable (logged).
 */
static connection_t *get_connection(private_swanmobile_lookup_t *this)
{
	connection_t *conn;
	char path[PATH_MAX], err[512];
	sm_userdb_err_t ret;
	u_int generation;

	this->mutex->lock(this->mutex);
	generation = this->generation;
	snprintf(path, sizeof(path), "%s", this->path);
	this->mutex->unlock(this->mutex);
	if (!*path)
	{
		return NULL;
	}
	conn = this->connection->get(this->connection);
	if (!conn)
	{
		INIT(conn);
		this->connection->set(this->connection, conn);
	}
	if (conn->db && (conn->generation != generation ||
					 sm_userdb_stale(conn->db)))
	{
		sm_userdb_close(conn->db);
		conn->db = NULL;
	}
	if (!conn->db)
	{
		ret = sm_userdb_open(path, SM_USERDB_READONLY, BUSY_TIMEOUT_MS,
							 &conn->db, err, sizeof(err));
		if (ret != SM_USERDB_OK)
		{
			report(this, ret, err);
			return NULL;
		}
		conn->generation = generation;
		recovered(this, path);
	}
	return conn;
}

/**
 * Copy the text of an identity a user can have (FQDN, e-mail or key ID
 * form); FALSE for addresses, DNs and %any.
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
 * Turn a database record into a swanmobile_user_t (addresses are stored in
 * canonical form; anything unparsable is skipped).
 */
static swanmobile_user_t *user_create(sm_user_t *record)
{
	swanmobile_user_t *user;
	enumerator_t *enumerator;
	host_t *host;
	char *token;

	INIT(user,
		.vip4 = record->vip4[0] ? host_create_from_string(record->vip4, 0)
								: NULL,
		.vip6 = record->vip6[0] ? host_create_from_string(record->vip6, 0)
								: NULL,
		.dns = linked_list_create(),
	);
	enumerator = enumerator_create_token(record->dns, ", ", ", ");
	while (enumerator->enumerate(enumerator, &token))
	{
		host = host_create_from_string(token, 0);
		if (host)
		{
			user->dns->insert_last(user->dns, host);
		}
	}
	enumerator->destroy(enumerator);
	return user;
}

/**
 * Query one identity on a connection.
 *
 * @param exists	receives whether the user exists (enabled or not)
 * @return			the enabled user, NULL otherwise
 */
static swanmobile_user_t *query(private_swanmobile_lookup_t *this,
								connection_t *conn, char *name, bool *exists)
{
	swanmobile_user_t *user = NULL;
	sm_userdb_err_t ret;
	sm_user_t record;

	*exists = FALSE;
	ret = sm_userdb_get(conn->db, name, &record);
	switch (ret)
	{
		case SM_USERDB_OK:
			*exists = TRUE;
			if (record.enabled)
			{
				user = user_create(&record);
			}
			break;
		case SM_USERDB_ENOTFOUND:
			break;
		case SM_USERDB_EBUSY:
			report(this, ret, sm_userdb_errmsg(conn->db));
			break;
		default:
			/* damaged or gone under us: reopen on the next lookup */
			report(this, ret, sm_userdb_errmsg(conn->db));
			sm_userdb_close(conn->db);
			conn->db = NULL;
			break;
	}
	sm_user_wipe(&record);
	return user;
}

METHOD(swanmobile_lookup_t, get, swanmobile_user_t*,
	private_swanmobile_lookup_t *this, identification_t *id)
{
	char name[SM_USER_IDENTITY_MAX + 1], *short_name;
	swanmobile_user_t *user;
	connection_t *conn;
	bool exists;

	if (!identity_text(id, name, sizeof(name)))
	{
		return NULL;
	}
	conn = get_connection(this);
	if (!conn)
	{
		return NULL;
	}
	user = query(this, conn, name, &exists);
	/* DOMAIN\user: the name eap-mschapv2 and the credential set use */
	short_name = strchr(name, '\\');
	if (!user && !exists && conn->db && short_name && *++short_name)
	{
		user = query(this, conn, short_name, &exists);
	}
	return user;
}

METHOD(swanmobile_lookup_t, set_path, void,
	private_swanmobile_lookup_t *this, char *path)
{
	this->mutex->lock(this->mutex);
	if (!streq(path ?: "", this->path))
	{
		free(this->path);
		this->path = strdup(path ?: "");
		this->generation++;
		this->state = SM_USERDB_OK;
	}
	this->mutex->unlock(this->mutex);
}

METHOD(swanmobile_lookup_t, destroy, void,
	private_swanmobile_lookup_t *this)
{
	this->connection->destroy(this->connection);
	this->mutex->destroy(this->mutex);
	free(this->path);
	free(this);
}

/*
 * see header file
 */
swanmobile_lookup_t *swanmobile_lookup_create(char *path)
{
	private_swanmobile_lookup_t *this;

	INIT(this,
		.public = {
			.get = _get,
			.set_path = _set_path,
			.destroy = _destroy,
		},
		.path = strdup(path ?: ""),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.connection = thread_value_create((void*)connection_destroy),
	);

	return &this->public;
}
