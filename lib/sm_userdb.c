/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the user database: opening, schema, errors (reads: sm_userdb_read.c,
 * writes: sm_userdb_write.c) */
#include "config.h"

#include "sm_userdb_private.h"
#include "sm_err.h"

#include "sm_file.h"
#include "sm_countof.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* a number macro as SQL text: STR(SM_NT_HASH_LEN) is "16" */
#define STR_(x) #x
#define STR(x) STR_(x)

/**
 * Schema migrations: migrations[i] takes a database from user_version i to
 * i + 1, inside the same transaction as the version bump.  Append only.
 * The limits are the library's (the SQL text is the same as when they
 * were written out: "BETWEEN 1 AND 255", "= 16").
 */
static const char *const migrations[SM_USERDB_SCHEMA_VERSION] = {
	/* 0 -> 1: the users table; UNIQUE gives the lookup index, and NOCASE
	 * compares identities the way strongSwan compares FQDN/e-mail IDs */
	"CREATE TABLE users ( id INTEGER PRIMARY KEY,"
	" identity TEXT NOT NULL COLLATE NOCASE UNIQUE"
	"  CHECK (length(CAST(identity AS BLOB)) BETWEEN 1 AND " STR(
		SM_USER_IDENTITY_MAX) "),"
							  " nt_hash BLOB NOT NULL"
							  "  CHECK (typeof(nt_hash) = 'blob' AND length(nt_hash) = " STR(
								  SM_NT_HASH_LEN) "),"
												  " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), vip4 TEXT,"
												  " vip6 TEXT, dns TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL"
												  ");",
};

static const char *const stmt_sql[STMT_MAX] = {
	[STMT_GET] = "SELECT " SM_USERDB_COLUMNS " FROM users WHERE identity = ?1",
	[STMT_INSERT] = "INSERT INTO users (" SM_USERDB_COLUMNS ") "
					"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
	[STMT_UPDATE] = "UPDATE users SET identity = ?1, nt_hash = ?2, "
					"enabled = ?3, vip4 = ?4, vip6 = ?5, dns = ?6, "
					"updated = ?7 WHERE identity = ?1",
	[STMT_SET_HASH] = "UPDATE users SET nt_hash = ?2, updated = ?3 "
					  "WHERE identity = ?1",
	[STMT_SET_ENABLED] = "UPDATE users SET enabled = ?2, updated = ?3 "
						 "WHERE identity = ?1 AND enabled != ?2",
	/* ?2/?4/?6 say whether to set vip4/vip6/dns: other columns, and those
	 * not named, keep what concurrent writers put there */
	[STMT_SET_ATTRS] = "UPDATE users SET "
					   "vip4 = CASE WHEN ?2 THEN ?3 ELSE vip4 END, "
					   "vip6 = CASE WHEN ?4 THEN ?5 ELSE vip6 END, "
					   "dns = CASE WHEN ?6 THEN ?7 ELSE dns END, "
					   "updated = ?8 WHERE identity = ?1",
	[STMT_DELETE] = "DELETE FROM users WHERE identity = ?1",
	[STMT_COUNT] = "SELECT count(*) FROM users",
	[STMT_LIST] = "SELECT " SM_USERDB_COLUMNS " FROM users ORDER BY identity",
	[STMT_SEEN_CLEAR] = "DELETE FROM temp.sm_seen",
	[STMT_SEEN_ADD] = "INSERT INTO temp.sm_seen (identity) VALUES (?1)",
	[STMT_PRUNE] = "DELETE FROM users WHERE identity NOT IN "
				   "(SELECT identity FROM temp.sm_seen)",
	/* every write inside a transaction: prepared once, not parsed per user */
	[STMT_SAVEPOINT] = "SAVEPOINT sm_op",
	[STMT_RELEASE] = "RELEASE sm_op",
};

sm_userdb_err_t sm_udb_fail(sm_userdb_t *db, sm_userdb_err_t code,
							const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sm_verr(db->err, sizeof(db->err), fmt, args);
	va_end(args);
	return code;
}

sm_userdb_err_t sm_udb_sql_fail(sm_userdb_t *db, int rc, const char *what)
{
	sm_userdb_err_t code;

	switch (rc & 0xFF)
	{
		case SQLITE_BUSY:
		case SQLITE_LOCKED:
			code = SM_USERDB_EBUSY;
			break;
		case SQLITE_NOTADB:
		case SQLITE_CORRUPT:
			code = SM_USERDB_ECORRUPT;
			break;
		case SQLITE_CONSTRAINT:
			code = rc == SQLITE_CONSTRAINT_UNIQUE ||
						   rc == SQLITE_CONSTRAINT_PRIMARYKEY
					   ? SM_USERDB_EEXIST
					   : SM_USERDB_EINVAL;
			break;
		default:
			code = SM_USERDB_EIO;
			break;
	}
	if (code == SM_USERDB_ECORRUPT)
	{
		return sm_udb_fail(db, code,
						   "user database '%s' is damaged or not a SQLite "
						   "database (%s: %s)",
						   db->path, what, sqlite3_errstr(rc));
	}
	if (code == SM_USERDB_EBUSY)
	{
		return sm_udb_fail(db, code,
						   "user database '%s' is locked by another "
						   "process (%s)",
						   db->path, what);
	}
	return sm_udb_fail(db, code, "user database '%s': %s: %s", db->path, what,
					   db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
}

sm_userdb_err_t sm_udb_exec(sm_userdb_t *db, const char *sql, bool quiet)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
	{
		return quiet ? SM_USERDB_EIO : sm_udb_sql_fail(db, rc, sql);
	}
	return SM_USERDB_OK;
}

sqlite3_stmt *sm_udb_prep(sm_userdb_t *db, sm_udb_stmt_t id,
						  sm_userdb_err_t *ret)
{
	int rc;

	if (!db->stmt[id])
	{
		rc = sqlite3_prepare_v3(db->sql, stmt_sql[id], -1,
								SQLITE_PREPARE_PERSISTENT, &db->stmt[id], NULL);
		if (rc != SQLITE_OK)
		{
			*ret = sm_udb_sql_fail(db, rc, "preparing a query");
			if (*ret == SM_USERDB_EIO)
			{
				/* tables not as we made them */
				*ret = sm_udb_fail(db, SM_USERDB_ECORRUPT,
								   "user database '%s' has "
								   "unexpected tables: %s",
								   db->path, sqlite3_errmsg(db->sql));
			}
			return NULL;
		}
	}
	return db->stmt[id];
}

void sm_udb_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

static bool unsafe_mode(const struct stat *st)
{
	return (st->st_mode & 077) != 0;
}

static bool foreign_owner(const struct stat *st)
{
	return st->st_uid != 0 && st->st_uid != geteuid();
}

/* create an empty file with mode 0600 (SQLite would use 0644); SQLite
 * deletes a WAL that a deleted database left next to an empty file */
static sm_userdb_err_t create_file(sm_userdb_t *db, bool *created)
{
	int fd;

	fd = open(db->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0600);
	if (fd < 0)
	{
		if (errno == EEXIST)
		{
			/* someone else was faster; check theirs */
			return SM_USERDB_OK;
		}
		return sm_udb_fail(
			db, errno == EACCES ? SM_USERDB_EPERM : SM_USERDB_EIO,
			"cannot create user database '%s': %s", db->path, strerror(errno));
	}
	if (fchmod(fd, 0600) != 0)
	{
		close(fd);
		unlink(db->path);
		return sm_udb_fail(db, SM_USERDB_EIO,
						   "cannot set mode 0600 on '%s': %s", db->path,
						   strerror(errno));
	}
	close(fd);
	*created = true;
	return SM_USERDB_OK;
}

/* directory and file checks; creates both with SM_USERDB_CREATE (created:
 * whether this call created the file) */
static sm_userdb_err_t check_location(sm_userdb_t *db, int flags, bool *created)
{
	char dir[PATH_MAX];
	struct stat st;
	sm_userdb_err_t ret;

	if (!sm_path_dir(db->path, dir, sizeof(dir)))
	{
		return sm_udb_fail(db, SM_USERDB_EINVAL, "path too long: '%s'",
						   db->path);
	}
	if (stat(dir, &st) != 0 && errno == ENOENT && (flags & SM_USERDB_CREATE))
	{
		if (sm_mkdirs(dir, 0700) != 0)
		{
			return sm_udb_fail(
				db, errno == EACCES ? SM_USERDB_EPERM : SM_USERDB_EIO,
				"cannot create directory '%s': %s", dir, strerror(errno));
		}
	}
	if (stat(dir, &st) != 0)
	{
		if (errno == ENOENT)
		{
			return sm_udb_fail(db, SM_USERDB_EMISSING,
							   "user database '%s' does not "
							   "exist (no directory '%s')",
							   db->path, dir);
		}
		return sm_udb_fail(
			db, errno == EACCES ? SM_USERDB_EPERM : SM_USERDB_EIO,
			"cannot access directory '%s': %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
	{
		return sm_udb_fail(db, SM_USERDB_EINVAL, "'%s' is not a directory",
						   dir);
	}
	if (foreign_owner(&st))
	{
		return sm_udb_fail(db, SM_USERDB_EPERM,
						   "directory '%s' belongs to uid %u, "
						   "not to root or the current user",
						   dir, (unsigned int)st.st_uid);
	}
	if (unsafe_mode(&st))
	{
		return sm_udb_fail(db, SM_USERDB_EPERM,
						   "directory '%s' is accessible by "
						   "group or others (mode %04o, expected 0700)",
						   dir, (unsigned int)(st.st_mode & 07777));
	}
	if (lstat(db->path, &st) != 0 && errno == ENOENT &&
		(flags & SM_USERDB_CREATE))
	{
		ret = create_file(db, created);
		if (ret != SM_USERDB_OK)
		{
			return ret;
		}
	}
	if (lstat(db->path, &st) != 0)
	{
		if (errno == ENOENT)
		{
			return sm_udb_fail(db, SM_USERDB_EMISSING,
							   "user database '%s' does not exist", db->path);
		}
		return sm_udb_fail(
			db, errno == EACCES ? SM_USERDB_EPERM : SM_USERDB_EIO,
			"cannot access user database '%s': %s", db->path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
	{
		return sm_udb_fail(
			db, SM_USERDB_EPERM, "user database '%s' is not a regular file%s",
			db->path,
			S_ISLNK(st.st_mode) ? " (symbolic links are refused)" : "");
	}
	if (foreign_owner(&st))
	{
		return sm_udb_fail(db, SM_USERDB_EPERM,
						   "user database '%s' belongs to uid "
						   "%u, not to root or the current user",
						   db->path, (unsigned int)st.st_uid);
	}
	if (unsafe_mode(&st))
	{
		return sm_udb_fail(db, SM_USERDB_EPERM,
						   "user database '%s' is accessible by "
						   "group or others (mode %04o, expected 0600)",
						   db->path, (unsigned int)(st.st_mode & 07777));
	}
	db->dev = st.st_dev;
	db->ino = st.st_ino;
	return SM_USERDB_OK;
}

/* remove a database file this open created, with SQLite's files beside it */
static void remove_created(const char *path)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	char side[PATH_MAX];
	size_t i;

	unlink(path);
	for (i = 0; i < countof(suffixes); i++)
	{
		if (snprintf(side, sizeof(side), "%s%s", path, suffixes[i]) <
			(int)sizeof(side))
		{
			unlink(side);
		}
	}
}

static sm_userdb_err_t user_version(sm_userdb_t *db, int *version)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
	{
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
		{
			*version = sqlite3_column_int(stmt, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK
			   ? SM_USERDB_OK
			   : sm_udb_sql_fail(db, rc, "reading the schema version");
}

static sm_userdb_err_t migrate(sm_userdb_t *db, int from)
{
	char sql[64];
	sm_userdb_err_t ret;
	int v;

	ret = sm_udb_exec(db, "BEGIN IMMEDIATE", false);
	if (ret != SM_USERDB_OK)
	{
		return ret;
	}
	for (v = from; v < SM_USERDB_SCHEMA_VERSION; v++)
	{
		if (sm_udb_exec(db, migrations[v], false) != SM_USERDB_OK)
		{
			ret = sm_udb_fail(db, SM_USERDB_ESCHEMA,
							  "cannot upgrade user database "
							  "'%s' from schema version %d to %d: %s",
							  db->path, v, v + 1, sqlite3_errmsg(db->sql));
			sm_udb_exec(db, "ROLLBACK", true);
			return ret;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 SM_USERDB_SCHEMA_VERSION);
	ret = sm_udb_exec(db, sql, false);
	if (ret == SM_USERDB_OK)
	{
		ret = sm_udb_exec(db, "COMMIT", false);
	}
	if (ret != SM_USERDB_OK)
	{
		sm_udb_exec(db, "ROLLBACK", true);
	}
	return ret;
}

/* check the schema version; read-write handles set WAL and migrate */
static sm_userdb_err_t check_schema(sm_userdb_t *db)
{
	sqlite3_stmt *stmt;
	sm_userdb_err_t ret;
	int version = 0, rc;

	ret = user_version(db, &version);
	if (ret != SM_USERDB_OK)
	{
		return ret;
	}
	if (version > SM_USERDB_SCHEMA_VERSION || version < 0)
	{
		return sm_udb_fail(
			db, SM_USERDB_ESCHEMA,
			"user database '%s' has schema "
			"version %d, this swanmobile knows versions up to %d",
			db->path, version, SM_USERDB_SCHEMA_VERSION);
	}
	if (db->readonly)
	{
		if (version == 0)
		{
			return sm_udb_fail(db, SM_USERDB_ESCHEMA,
							   "user database '%s' is empty "
							   "(no user was ever added)",
							   db->path);
		}
		if (version < SM_USERDB_SCHEMA_VERSION)
		{
			return sm_udb_fail(db, SM_USERDB_ESCHEMA,
							   "user database '%s' has schema "
							   "version %d, expected %d (any 'swanmobile user' "
							   "command upgrades it)",
							   db->path, version, SM_USERDB_SCHEMA_VERSION);
		}
	}
	else
	{
		rc = sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode = WAL", -1, &stmt,
								NULL);
		if (rc == SQLITE_OK)
		{
			rc = sqlite3_step(stmt);
			if (rc == SQLITE_ROW)
			{
				rc = strcmp((const char *)sqlite3_column_text(stmt, 0), "wal")
						 ? SQLITE_ERROR
						 : SQLITE_OK;
			}
		}
		sqlite3_finalize(stmt);
		if (rc != SQLITE_OK)
		{
			return sm_udb_sql_fail(db, rc, "switching to WAL mode");
		}
		ret = sm_udb_exec(db, "PRAGMA secure_delete = ON", false);
		if (ret == SM_USERDB_OK && version < SM_USERDB_SCHEMA_VERSION)
		{
			ret = migrate(db, version);
		}
		if (ret != SM_USERDB_OK)
		{
			return ret;
		}
	}
	/* the lookup must compile against the tables we find */
	return sm_udb_prep(db, STMT_GET, &ret) ? SM_USERDB_OK : ret;
}

/* path with its directory resolved (symbolic links, "..") and its last
 * name as given; NULL if that fails */
static char *real_path(const char *path)
{
	char dir[PATH_MAX], *real, *out = NULL;

	if (!sm_path_dir(path, dir, sizeof(dir)) || !(real = realpath(dir, NULL)))
	{
		return NULL;
	}
	if (asprintf(&out, "%s/%s", strcmp(real, "/") ? real : "",
				 sm_path_base(path)) < 0)
	{
		out = NULL;
	}
	free(real);
	return out;
}

sm_userdb_err_t sm_userdb_open(const char *path, int flags, int busy_ms,
							   sm_userdb_t **out, char *err, size_t errlen)
{
	sm_userdb_t *db;
	sm_userdb_err_t ret;
	char *real, pragma[64];
	bool created = false;
	int rc;

	*out = NULL;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path)))
	{
		free(db);
		sm_err(err, errlen, "out of memory");
		return SM_USERDB_EIO;
	}
	db->readonly = (flags & SM_USERDB_READONLY) != 0;
	if (db->readonly)
	{
		flags &= ~SM_USERDB_CREATE;
	}
	ret = check_location(db, flags, &created);
	if (ret != SM_USERDB_OK)
	{
		goto fail;
	}
	/* SQLite's NOFOLLOW refuses a symbolic link anywhere in the path, but
	 * a relocated directory (/var/lib/swanmobile -> /srv/swanmobile,
	 * checked above like any other) is fine; only the file itself may not
	 * be a link: hand SQLite the directory's real path */
	real = real_path(path);
	rc = sqlite3_open_v2(
		real ? real : path, &db->sql,
		(db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
			SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
		NULL);
	free(real);
	if (rc != SQLITE_OK)
	{
		ret = sm_udb_sql_fail(db, rc, "opening");
		goto fail;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql,
						 busy_ms > 0 ? busy_ms : SM_USERDB_BUSY_DEFAULT_MS);
	/* no schema tricks from the file: it holds secrets */
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (flags & SM_USERDB_SMALL_CACHE)
	{
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d",
				 SM_USERDB_SMALL_CACHE_KIB);
		ret = sm_udb_exec(db, pragma, false);
		if (ret != SM_USERDB_OK)
		{
			goto fail;
		}
	}
	ret = check_schema(db);
	if (ret != SM_USERDB_OK)
	{
		goto fail;
	}
	db->err[0] = '\0';
	*out = db;
	return SM_USERDB_OK;

fail:
	sm_err(err, errlen, "%s", db->err);
	sm_userdb_close(db);
	if (created)
	{
		/* no empty database file where there was none */
		remove_created(path);
	}
	return ret;
}

void sm_userdb_close(sm_userdb_t *db)
{
	size_t i;
	int frames = -1;

	if (!db)
	{
		return;
	}
	for (i = 0; i < STMT_MAX; i++)
	{
		sqlite3_finalize(db->stmt[i]);
	}
	if (db->sql && !db->readonly &&
		(sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_PASSIVE,
								   &frames, NULL) != SQLITE_OK ||
		 frames != 0))
	{
		/* with a reader open (charon), SQLite leaves committed changes in
		 * the WAL on close; move them into the file, so that the file alone
		 * is the database once no writer runs (and replacing it is safe).
		 * An empty WAL needs no wait (e.g. for another process's lock) */
		sqlite3_exec(db->sql, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
					 NULL);
	}
	sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

const char *sm_userdb_errmsg(const sm_userdb_t *db)
{
	return db->err;
}

const char *sm_userdb_path(const sm_userdb_t *db)
{
	return db->path;
}

bool sm_userdb_stale(const sm_userdb_t *db)
{
	struct stat st;

	return lstat(db->path, &st) != 0 || st.st_dev != db->dev ||
		   st.st_ino != db->ino || !S_ISREG(st.st_mode) || unsafe_mode(&st) ||
		   foreign_owner(&st);
}

const char *sm_userdb_strerror(sm_userdb_err_t err)
{
	switch (err)
	{
		case SM_USERDB_OK:
			return "success";
		case SM_USERDB_ENOTFOUND:
			return "no such user";
		case SM_USERDB_EEXIST:
			return "user already exists";
		case SM_USERDB_EINVAL:
			return "invalid value";
		case SM_USERDB_EMISSING:
			return "database does not exist";
		case SM_USERDB_EPERM:
			return "unsafe permissions";
		case SM_USERDB_ECORRUPT:
			return "database damaged";
		case SM_USERDB_ESCHEMA:
			return "unsupported schema version";
		case SM_USERDB_EBUSY:
			return "database locked";
		case SM_USERDB_EABORT:
			return "aborted";
		case SM_USERDB_EIO:
			return "I/O error";
	}
	return "unknown error";
}
