/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the user database: writing, import, transactions */
#include "config.h"

#include "sm_userdb_private.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sm_mem.h"

/* validate a caller's record into a canonical copy */
static sm_userdb_err_t normalize(sm_userdb_t *db, const sm_user_t *in,
								 sm_user_t *out)
{
	sm_user_init(out);
	if (!memchr(in->identity, '\0', sizeof(in->identity)) ||
		!memchr(in->vip4, '\0', sizeof(in->vip4)) ||
		!memchr(in->vip6, '\0', sizeof(in->vip6)) ||
		!memchr(in->dns, '\0', sizeof(in->dns)))
	{
		return sm_udb_fail(db, SM_USERDB_EINVAL,
						   "user record with unterminated text");
	}
	if (!sm_user_set_identity(out, in->identity, db->err, sizeof(db->err)) ||
		!sm_user_set_attrs(out, in->vip4, in->vip6, in->dns, db->err,
						   sizeof(db->err)))
	{
		return SM_USERDB_EINVAL;
	}
	memcpy(out->nt_hash, in->nt_hash, SM_NT_HASH_LEN);
	out->enabled = in->enabled;
	return SM_USERDB_OK;
}

static sm_userdb_err_t writable(sm_userdb_t *db)
{
	if (db->readonly)
	{
		return sm_udb_fail(db, SM_USERDB_EIO,
						   "user database '%s' is open read-only", db->path);
	}
	db->err[0] = '\0';
	return SM_USERDB_OK;
}

/* bind ?1..?7 of STMT_INSERT/STMT_UPDATE; text NULL for "" */
static void bind_user(sqlite3_stmt *stmt, const sm_user_t *user, int64_t now)
{
	sqlite3_bind_text(stmt, 1, user->identity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, user->nt_hash, SM_NT_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, user->enabled ? 1 : 0);
	if (user->vip4[0])
	{
		sqlite3_bind_text(stmt, 4, user->vip4, -1, SQLITE_STATIC);
	}
	if (user->vip6[0])
	{
		sqlite3_bind_text(stmt, 5, user->vip6, -1, SQLITE_STATIC);
	}
	if (user->dns[0])
	{
		sqlite3_bind_text(stmt, 6, user->dns, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(stmt, 7, now);
}

/* run a write statement once; *changes gets the number of rows changed */
static sm_userdb_err_t step_write(sm_userdb_t *db, sqlite3_stmt *stmt,
								  const char *what, int *changes)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	int rc;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
	{
		ret = sm_udb_sql_fail(db, rc, what);
	}
	else if (changes)
	{
		*changes = sqlite3_changes(db->sql);
	}
	sm_udb_done(stmt);
	return ret;
}

/* insert or update a normalized user */
static sm_userdb_err_t write_user(sm_userdb_t *db, sm_udb_stmt_t id,
								  const sm_user_t *user, int *changes)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;

	stmt = sm_udb_prep(db, id, &ret);
	if (!stmt)
	{
		return ret;
	}
	bind_user(stmt, user, (int64_t)time(NULL));
	ret = step_write(db, stmt,
					 id == STMT_INSERT ? "adding a user" : "changing a user",
					 changes);
	if (ret == SM_USERDB_EEXIST)
	{
		ret = sm_udb_fail(db, ret, "user '%s' already exists", user->identity);
	}
	return ret;
}

/* run one of the cached transaction-control statements */
static sm_userdb_err_t tx_stmt(sm_userdb_t *db, sm_udb_stmt_t id,
							   const char *what)
{
	sm_userdb_err_t ret;
	sqlite3_stmt *stmt = sm_udb_prep(db, id, &ret);

	return stmt ? step_write(db, stmt, what, NULL) : ret;
}

/* BEGIN IMMEDIATE outside a transaction, a savepoint inside one */
static sm_userdb_err_t tx_begin(sm_userdb_t *db, bool *outer)
{
	*outer = sqlite3_get_autocommit(db->sql) != 0;
	return *outer ? sm_udb_exec(db, "BEGIN IMMEDIATE", false)
				  : tx_stmt(db, STMT_SAVEPOINT, "opening a savepoint");
}

/* commit on success, roll back (keeping the message) on failure */
static sm_userdb_err_t tx_end(sm_userdb_t *db, bool outer, sm_userdb_err_t ret)
{
	if (ret == SM_USERDB_OK)
	{
		ret = outer ? sm_udb_exec(db, "COMMIT", false)
					: tx_stmt(db, STMT_RELEASE, "releasing a savepoint");
		if (ret == SM_USERDB_OK)
		{
			return ret;
		}
	}
	sm_udb_exec(db, outer ? "ROLLBACK" : "ROLLBACK TO sm_op; RELEASE sm_op",
				true);
	return ret;
}

sm_userdb_err_t sm_userdb_add(sm_userdb_t *db, const sm_user_t *user)
{
	sm_userdb_err_t ret;
	sm_user_t norm;

	ret = writable(db);
	if (ret == SM_USERDB_OK)
	{
		ret = normalize(db, user, &norm);
	}
	if (ret == SM_USERDB_OK)
	{
		ret = write_user(db, STMT_INSERT, &norm, NULL);
	}
	sm_user_wipe(&norm);
	return ret;
}

static bool same_user(const sm_user_t *a, const sm_user_t *b)
{
	return !strcmp(a->identity, b->identity) &&
		   sm_memeq_const(a->nt_hash, b->nt_hash, SM_NT_HASH_LEN) &&
		   a->enabled == b->enabled && !strcmp(a->vip4, b->vip4) &&
		   !strcmp(a->vip6, b->vip6) && !strcmp(a->dns, b->dns);
}

/* upsert a normalized user inside a transaction */
static sm_userdb_err_t upsert_one(sm_userdb_t *db, const sm_user_t *user,
								  sm_userdb_change_t *change)
{
	sm_userdb_err_t ret;
	sm_user_t old;

	ret = sm_userdb_get(db, user->identity, &old);
	if (ret == SM_USERDB_ENOTFOUND)
	{
		*change = SM_USERDB_CREATED;
		ret = write_user(db, STMT_INSERT, user, NULL);
	}
	else if (ret == SM_USERDB_OK)
	{
		*change = SM_USERDB_UNCHANGED;
		if (!same_user(&old, user))
		{
			*change = SM_USERDB_UPDATED;
			ret = write_user(db, STMT_UPDATE, user, NULL);
		}
	}
	sm_user_wipe(&old);
	return ret;
}

sm_userdb_err_t sm_userdb_upsert(sm_userdb_t *db, const sm_user_t *user,
								 sm_userdb_change_t *change)
{
	sm_userdb_change_t dummy;
	sm_userdb_err_t ret;
	sm_user_t norm;
	bool outer;

	ret = writable(db);
	if (ret == SM_USERDB_OK)
	{
		ret = normalize(db, user, &norm);
	}
	if (ret == SM_USERDB_OK)
	{
		ret = tx_begin(db, &outer);
		if (ret == SM_USERDB_OK)
		{
			ret = tx_end(db, outer,
						 upsert_one(db, &norm, change ? change : &dummy));
		}
	}
	sm_user_wipe(&norm);
	return ret;
}

sm_userdb_err_t sm_userdb_update(sm_userdb_t *db, const sm_user_t *user)
{
	sm_userdb_err_t ret;
	sm_user_t norm;
	int changes = 0;

	ret = writable(db);
	if (ret == SM_USERDB_OK)
	{
		ret = normalize(db, user, &norm);
	}
	if (ret == SM_USERDB_OK)
	{
		ret = write_user(db, STMT_UPDATE, &norm, &changes);
		if (ret == SM_USERDB_OK && changes == 0)
		{
			ret = sm_udb_fail(db, SM_USERDB_ENOTFOUND,
							  "user '%s' does not exist", norm.identity);
		}
	}
	sm_user_wipe(&norm);
	return ret;
}

/* run STMT_SET_HASH, STMT_SET_ENABLED or STMT_DELETE for one identity */
static sm_userdb_err_t change_one(sm_userdb_t *db, sm_udb_stmt_t id,
								  const char *identity, const void *hash,
								  int enabled)
{
	sm_userdb_err_t ret;
	sqlite3_stmt *stmt;
	int changes = 0;

	ret = writable(db);
	if (ret != SM_USERDB_OK || !(stmt = sm_udb_prep(db, id, &ret)))
	{
		return ret;
	}
	sqlite3_bind_text(stmt, 1, identity, -1, SQLITE_STATIC);
	if (id == STMT_SET_HASH)
	{
		sqlite3_bind_blob(stmt, 2, hash, SM_NT_HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL));
	}
	else if (id == STMT_SET_ENABLED)
	{
		sqlite3_bind_int(stmt, 2, enabled);
		sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL));
	}
	ret = step_write(db, stmt, "changing a user", &changes);
	if (ret == SM_USERDB_OK && changes == 0)
	{
		if (id == STMT_SET_ENABLED)
		{
			/* already in that state, or missing: tell the two apart */
			sm_user_t user;

			ret = sm_userdb_get(db, identity, &user);
			sm_user_wipe(&user);
			return ret;
		}
		ret = sm_udb_fail(db, SM_USERDB_ENOTFOUND, "user '%s' does not exist",
						  identity);
	}
	return ret;
}

sm_userdb_err_t sm_userdb_set_hash(sm_userdb_t *db, const char *identity,
								   const uint8_t hash[SM_NT_HASH_LEN])
{
	return change_one(db, STMT_SET_HASH, identity, hash, 0);
}

sm_userdb_err_t sm_userdb_set_enabled(sm_userdb_t *db, const char *identity,
									  bool enabled)
{
	return change_one(db, STMT_SET_ENABLED, identity, NULL, enabled ? 1 : 0);
}

sm_userdb_err_t sm_userdb_delete(sm_userdb_t *db, const char *identity)
{
	return change_one(db, STMT_DELETE, identity, NULL, 0);
}

/* bind ?n (whether to set) and ?n+1 (the value, NULL for "") */
static void bind_attr(sqlite3_stmt *stmt, int n, const char *given,
					  const char *value)
{
	sqlite3_bind_int(stmt, n, given ? 1 : 0);
	if (given && value[0])
	{
		sqlite3_bind_text(stmt, n + 1, value, -1, SQLITE_STATIC);
	}
}

sm_userdb_err_t sm_userdb_set_attrs(sm_userdb_t *db, const char *identity,
									const char *vip4, const char *vip6,
									const char *dns)
{
	sm_userdb_err_t ret;
	sqlite3_stmt *stmt;
	sm_user_t attrs;
	int changes = 0;

	sm_user_init(&attrs);
	ret = writable(db);
	if (ret != SM_USERDB_OK)
	{
		return ret;
	}
	if (!sm_user_set_attrs(&attrs, vip4, vip6, dns, db->err, sizeof(db->err)))
	{
		return SM_USERDB_EINVAL;
	}
	stmt = sm_udb_prep(db, STMT_SET_ATTRS, &ret);
	if (!stmt)
	{
		return ret;
	}
	sqlite3_bind_text(stmt, 1, identity, -1, SQLITE_STATIC);
	bind_attr(stmt, 2, vip4, attrs.vip4);
	bind_attr(stmt, 4, vip6, attrs.vip6);
	bind_attr(stmt, 6, dns, attrs.dns);
	sqlite3_bind_int64(stmt, 8, (int64_t)time(NULL));
	ret = step_write(db, stmt, "changing a user", &changes);
	if (ret == SM_USERDB_OK && changes == 0)
	{
		ret = sm_udb_fail(db, SM_USERDB_ENOTFOUND, "user '%s' does not exist",
						  identity);
	}
	return ret;
}

/* empty temp.sm_seen, creating it first if needed */
static sm_userdb_err_t seen_clear(sm_userdb_t *db)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;

	if (!db->have_seen)
	{
		ret = sm_udb_exec(
			db,
			"CREATE TEMP TABLE IF NOT EXISTS sm_seen ("
			"identity TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID",
			false);
		if (ret != SM_USERDB_OK)
		{
			return ret;
		}
		db->have_seen = true;
	}
	stmt = sm_udb_prep(db, STMT_SEEN_CLEAR, &ret);
	return stmt ? step_write(db, stmt, "clearing a temporary table", NULL)
				: ret;
}

/* remember an identity; SM_USERDB_EINVAL if it was seen before */
static sm_userdb_err_t seen_add(sm_userdb_t *db, const char *identity)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;

	stmt = sm_udb_prep(db, STMT_SEEN_ADD, &ret);
	if (!stmt)
	{
		return ret;
	}
	sqlite3_bind_text(stmt, 1, identity, -1, SQLITE_STATIC);
	ret = step_write(db, stmt, "remembering a user", NULL);
	if (ret == SM_USERDB_EEXIST)
	{
		ret = sm_udb_fail(db, SM_USERDB_EINVAL,
						  "user '%s' appears twice in the input", identity);
	}
	return ret;
}

/* delete the users not in temp.sm_seen */
static sm_userdb_err_t prune_unseen(sm_userdb_t *db, size_t *deleted)
{
	sm_userdb_err_t ret = SM_USERDB_OK;
	sqlite3_stmt *stmt;
	int changes = 0;

	stmt = sm_udb_prep(db, STMT_PRUNE, &ret);
	if (stmt)
	{
		ret = step_write(db, stmt, "deleting users", &changes);
	}
	*deleted = (size_t)changes;
	return ret;
}

sm_userdb_err_t sm_userdb_prune(sm_userdb_t *db, const char *const *keep,
								size_t n, size_t *deleted)
{
	sm_userdb_err_t ret;
	size_t i, count = 0;
	bool outer;

	ret = writable(db);
	if (ret != SM_USERDB_OK || (ret = tx_begin(db, &outer)) != SM_USERDB_OK)
	{
		return ret;
	}
	ret = seen_clear(db);
	for (i = 0; i < n && ret == SM_USERDB_OK; i++)
	{
		ret = seen_add(db, keep[i]);
		if (ret == SM_USERDB_EINVAL)
		{
			/* listed twice: keeping it once is what was asked */
			ret = SM_USERDB_OK;
		}
	}
	if (ret == SM_USERDB_OK)
	{
		ret = prune_unseen(db, &count);
	}
	ret = tx_end(db, outer, ret);
	if (deleted)
	{
		*deleted = ret == SM_USERDB_OK ? count : 0;
	}
	return ret;
}

sm_userdb_err_t sm_userdb_import(sm_userdb_t *db, sm_userdb_source_t source,
								 void *ctx, int flags, sm_userdb_stats_t *stats)
{
	sm_userdb_stats_t counts = {0};
	sm_userdb_change_t change;
	sm_userdb_err_t ret;
	sm_user_t in, norm;
	bool outer;
	int r;

	ret = writable(db);
	if (ret != SM_USERDB_OK || (ret = tx_begin(db, &outer)) != SM_USERDB_OK)
	{
		return ret;
	}
	ret = seen_clear(db);
	while (ret == SM_USERDB_OK)
	{
		sm_user_init(&in);
		r = source(ctx, &in);
		if (r <= 0)
		{
			if (r < 0)
			{
				ret = sm_udb_fail(db, SM_USERDB_EABORT,
								  "import stopped by its source");
			}
			break;
		}
		ret = normalize(db, &in, &norm);
		if (ret == SM_USERDB_OK)
		{
			ret = seen_add(db, norm.identity);
		}
		if (ret == SM_USERDB_OK)
		{
			if (flags & SM_USERDB_IMPORT_REPLACE)
			{
				ret = upsert_one(db, &norm, &change);
				counts.created += change == SM_USERDB_CREATED;
				counts.updated += change == SM_USERDB_UPDATED;
				counts.unchanged += change == SM_USERDB_UNCHANGED;
			}
			else
			{
				ret = write_user(db, STMT_INSERT, &norm, NULL);
				counts.created++;
			}
		}
		sm_user_wipe(&in);
		sm_user_wipe(&norm);
	}
	sm_user_wipe(&in);
	if (ret == SM_USERDB_OK && (flags & SM_USERDB_IMPORT_PRUNE))
	{
		ret = prune_unseen(db, &counts.deleted);
	}
	ret = tx_end(db, outer, ret);
	if (stats)
	{
		memset(stats, 0, sizeof(*stats));
		if (ret == SM_USERDB_OK)
		{
			*stats = counts;
		}
	}
	return ret;
}

sm_userdb_err_t sm_userdb_begin(sm_userdb_t *db)
{
	sm_userdb_err_t ret = writable(db);

	if (ret == SM_USERDB_OK && !sqlite3_get_autocommit(db->sql))
	{
		return sm_udb_fail(db, SM_USERDB_EINVAL,
						   "a transaction is already open");
	}
	return ret == SM_USERDB_OK ? sm_udb_exec(db, "BEGIN IMMEDIATE", false)
							   : ret;
}

sm_userdb_err_t sm_userdb_commit(sm_userdb_t *db)
{
	sm_userdb_err_t ret = sm_udb_exec(db, "COMMIT", false);

	if (ret != SM_USERDB_OK)
	{
		sm_udb_exec(db, "ROLLBACK", true);
	}
	return ret;
}

sm_userdb_err_t sm_userdb_rollback(sm_userdb_t *db)
{
	return sm_udb_exec(db, "ROLLBACK", false);
}
