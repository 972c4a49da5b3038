/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the user database: reading users (one, all, the count) */
#include "config.h"

#include "sm_userdb_private.h"

#include <stdio.h>
#include <string.h>

static bool copy_text(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	size_t len = (size_t)sqlite3_column_bytes(stmt, col);

	if (!text)
	{
		buf[0] = '\0';
		return sqlite3_column_type(stmt, col) == SQLITE_NULL;
	}
	if (len >= size || memchr(text, '\0', len))
	{
		return false;
	}
	memcpy(buf, text, len + 1);
	return true;
}

/* fill user from a row of SM_USERDB_COLUMNS */
static sm_userdb_err_t read_row(sm_userdb_t *db, sqlite3_stmt *stmt,
								sm_user_t *user)
{
	const void *hash;

	sm_user_init(user);
	hash = sqlite3_column_blob(stmt, 1);
	if (!copy_text(stmt, 0, user->identity, sizeof(user->identity)) ||
		!user->identity[0] || !hash ||
		sqlite3_column_bytes(stmt, 1) != SM_NT_HASH_LEN ||
		!copy_text(stmt, 3, user->vip4, sizeof(user->vip4)) ||
		!copy_text(stmt, 4, user->vip6, sizeof(user->vip6)) ||
		!copy_text(stmt, 5, user->dns, sizeof(user->dns)))
	{
		sm_user_wipe(user);
		return sm_udb_fail(db, SM_USERDB_ECORRUPT,
						   "user database '%s' holds a malformed user record",
						   db->path);
	}
	memcpy(user->nt_hash, hash, SM_NT_HASH_LEN);
	user->enabled = sqlite3_column_int(stmt, 2) != 0;
	user->created = sqlite3_column_int64(stmt, 6);
	user->updated = sqlite3_column_int64(stmt, 7);
	return SM_USERDB_OK;
}

sm_userdb_err_t sm_userdb_get(sm_userdb_t *db, const char *identity,
							  sm_user_t *user)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;
	int rc;

	stmt = sm_udb_prep(db, STMT_GET, &ret);
	if (!stmt)
	{
		return ret;
	}
	sqlite3_bind_text(stmt, 1, identity, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
	{
		ret = read_row(db, stmt, user);
	}
	else if (rc == SQLITE_DONE)
	{
		ret = sm_udb_fail(db, SM_USERDB_ENOTFOUND, "user '%s' does not exist",
						  identity);
	}
	else
	{
		ret = sm_udb_sql_fail(db, rc, "looking up a user");
	}
	sm_udb_done(stmt);
	if (ret == SM_USERDB_OK)
	{
		db->err[0] = '\0';
	}
	return ret;
}

sm_userdb_err_t sm_userdb_count(sm_userdb_t *db, size_t *count)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;
	int rc;

	stmt = sm_udb_prep(db, STMT_COUNT, &ret);
	if (!stmt)
	{
		return ret;
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
	{
		*count = (size_t)sqlite3_column_int64(stmt, 0);
	}
	else
	{
		ret = sm_udb_sql_fail(db, rc, "counting users");
	}
	sm_udb_done(stmt);
	return ret;
}

sm_userdb_err_t sm_userdb_foreach(sm_userdb_t *db, sm_userdb_visit_t visit,
								  void *ctx)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;
	sm_user_t user;
	int rc;

	stmt = sm_udb_prep(db, STMT_LIST, &ret);
	if (!stmt)
	{
		return ret;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
	{
		ret = read_row(db, stmt, &user);
		if (ret != SM_USERDB_OK)
		{
			break;
		}
		if (!visit(ctx, &user))
		{
			ret = sm_udb_fail(db, SM_USERDB_EABORT, "listing users stopped");
			break;
		}
		sm_user_wipe(&user);
	}
	if (ret == SM_USERDB_OK && rc != SQLITE_DONE)
	{
		ret = sm_udb_sql_fail(db, rc, "listing users");
	}
	sm_user_wipe(&user);
	sm_udb_done(stmt);
	return ret;
}
