/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for lib/sm_userdb*.c, the file: file and directory
 * permissions and owners, schema migrations and the schema's own checks,
 * damaged files, locks and WAL (the records: test_userdb.c).
 */
#include "config.h"

#include "userdb_fixture.h"

#include "sm_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

static void expect_open(fixture_t *f, int flags, sm_userdb_err_t expected,
						const char *msg_part)
{
	sm_userdb_t *db = (sm_userdb_t *)1;
	char err[512] = "";
	sm_userdb_err_t ret;

	ret = sm_userdb_open(f->db, flags, 0, &db, err, sizeof(err));
	if (ret != expected)
	{
		fail_msg("open %s: got %d (%s), expected %d", f->db, ret, err,
				 expected);
	}
	assert_null(db);
	if (!strstr(err, msg_part))
	{
		fail_msg("'%s' does not contain '%s'", err, msg_part);
	}
}

static void test_permissions(void **state)
{
	fixture_t *f = *state;
	char dir[128], link[128];
	sm_userdb_t *db;

	/* missing, without CREATE */
	expect_open(f, 0, SM_USERDB_EMISSING, "does not exist");
	expect_open(f, SM_USERDB_READONLY | SM_USERDB_CREATE, SM_USERDB_EMISSING,
				"does not exist");
	db = open_db(f, SM_USERDB_CREATE);
	add_user(db, "alice", 1);
	sm_userdb_close(db);

	/* others may read the file: refused, read-only too */
	assert_int_equal(chmod(f->db, 0644), 0);
	expect_open(f, 0, SM_USERDB_EPERM,
				"is accessible by group or others "
				"(mode 0644, expected 0600)");
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, "mode 0644");
	assert_int_equal(chmod(f->db, 0640), 0);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, "mode 0640");
	assert_int_equal(chmod(f->db, 0600), 0);

	/* the directory is group/world accessible */
	snprintf(dir, sizeof(dir), "%s/lib", f->dir);
	assert_int_equal(chmod(dir, 0755), 0);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, "directory");
	expect_open(f, SM_USERDB_CREATE, SM_USERDB_EPERM,
				"is accessible by group or others (mode 0755, expected 0700)");
	assert_int_equal(chmod(dir, 0710), 0);
	expect_open(f, 0, SM_USERDB_EPERM, "mode 0710");
	assert_int_equal(chmod(dir, 0700), 0);

	/* a symbolic link is refused, not followed */
	snprintf(link, sizeof(link), "%s/lib/link.db", f->dir);
	assert_int_equal(symlink(f->db, link), 0);
	snprintf(f->db, sizeof(f->db), "%s", link);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, "symbolic link");

	/* a directory where the file should be */
	snprintf(dir, sizeof(dir), "%s/lib/sub", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(f->db, sizeof(f->db), "%s", dir);
	expect_open(f, 0, SM_USERDB_EPERM, "not a regular file");
}

/* ownership: the file and its directory must belong to root or the
 * caller; only root can give them away (skipped for other users) */
static void test_owner(void **state)
{
	fixture_t *f = *state;
	const uid_t other = 65534;
	char dir[300], msg[600];
	sm_userdb_err_t ret;
	sm_userdb_t *db, *r;

	if (geteuid() != 0)
	{
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/lib", f->dir);
	db = open_db(f, SM_USERDB_CREATE);
	add_user(db, "alice", 1);
	sm_userdb_close(db);
	r = open_db(f, SM_USERDB_READONLY);
	assert_false(sm_userdb_stale(r));

	assert_int_equal(chown(f->db, other, other), 0);
	snprintf(msg, sizeof(msg),
			 "user database '%s' belongs to uid 65534, "
			 "not to root or the current user",
			 f->db);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, msg);
	expect_open(f, 0, SM_USERDB_EPERM, msg);
	/* the plugin's open handle notices too */
	assert_true(sm_userdb_stale(r));
	assert_int_equal(chown(f->db, 0, 0), 0);
	assert_false(sm_userdb_stale(r));
	sm_userdb_close(r);

	assert_int_equal(chown(dir, other, other), 0);
	snprintf(msg, sizeof(msg),
			 "directory '%s' belongs to uid 65534, "
			 "not to root or the current user",
			 dir);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_EPERM, msg);
	expect_open(f, SM_USERDB_CREATE, SM_USERDB_EPERM, msg);

	/* all owned by the caller: accepted */
	assert_int_equal(chown(f->db, other, other), 0);
	snprintf(msg, sizeof(msg), "%s-wal", f->db);
	assert_true(chown(msg, other, other) == 0 || errno == ENOENT);
	snprintf(msg, sizeof(msg), "%s-shm", f->db);
	assert_true(chown(msg, other, other) == 0 || errno == ENOENT);
	assert_int_equal(chmod(f->dir, 0711), 0);
	assert_int_equal(seteuid(other), 0);
	ret = sm_userdb_open(f->db, SM_USERDB_READONLY, 0, &r, msg, sizeof(msg));
	assert_int_equal(seteuid(0), 0);
	if (ret != SM_USERDB_OK)
	{
		fail_msg("open as uid %u: %s", (unsigned int)other, msg);
	}
	assert_int_equal(count(r), 1);
	sm_userdb_close(r);
}

/* the file is created 0600 even with a permissive umask */
static void test_create_umask(void **state)
{
	fixture_t *f = *state;
	mode_t old = umask(0);
	struct stat st;
	sm_userdb_t *db;

	db = open_db(f, SM_USERDB_CREATE);
	umask(old);
	assert_int_equal(stat(f->db, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	sm_userdb_close(db);
}

static void test_migrations(void **state)
{
	fixture_t *f = *state;
	char dir[512];
	sm_userdb_t *db;
	int fd;

	snprintf(dir, sizeof(dir), "%s/lib", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);

	/* an empty file is a database at version 0 */
	fd = open(f->db, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_ESCHEMA,
				"is empty (no user was ever added)");
	db = open_db(f, 0);
	add_user(db, "alice", 1);
	sm_userdb_close(db);

	/* an older version: read-only handles do not migrate */
	raw_sql(f->db, "PRAGMA user_version = 0");
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_ESCHEMA, "");
	/* version 0 with a users table in the way: rolled back, still 0 */
	expect_open(f, 0, SM_USERDB_ESCHEMA, "cannot upgrade user database");
	expect_open(f, 0, SM_USERDB_ESCHEMA, "from schema version 0 to 1");
	raw_sql(f->db, "DROP TABLE users");
	db = open_db(f, 0);
	assert_int_equal(count(db), 0);
	sm_userdb_close(db);
	db = open_db(f, SM_USERDB_READONLY);
	sm_userdb_close(db);

	/* a newer version than this code knows */
	raw_sql(f->db, "PRAGMA user_version = 99");
	expect_open(f, 0, SM_USERDB_ESCHEMA,
				"has schema version 99, this "
				"swanmobile knows versions up to 1");
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_ESCHEMA, "version 99");

	/* the right version with the wrong tables */
	raw_sql(f->db, "DROP TABLE users; CREATE TABLE users (x INTEGER);"
				   "PRAGMA user_version = 1");
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_ECORRUPT,
				"has unexpected tables");
}

static void test_corrupt(void **state)
{
	fixture_t *f = *state;
	char garbage[8192];
	sm_userdb_t *db;
	size_t i;

	db = open_db(f, SM_USERDB_CREATE);
	sm_userdb_close(db);
	for (i = 0; i < sizeof(garbage); i++)
	{
		garbage[i] = (char)(i * 7 + 3);
	}
	assert_int_equal(
		sm_file_write(f->db, garbage, sizeof(garbage), 0600, 0, NULL), 0);
	expect_open(f, SM_USERDB_READONLY, SM_USERDB_ECORRUPT,
				"is damaged or not a SQLite database");
	expect_open(f, 0, SM_USERDB_ECORRUPT, "is damaged");
}

/* changes of a writer are seen by an open reader at once (WAL), and a
 * writer holding the lock blocks another writer only for the timeout */
static void test_wal_readers_and_locks(void **state)
{
	fixture_t *f = *state;
	sm_userdb_t *w1, *w2, *r;
	sm_user_t user;
	char err[512];

	w1 = open_db(f, SM_USERDB_CREATE);
	r = open_db(f, SM_USERDB_READONLY);
	assert_int_equal(sm_userdb_get(r, "alice", &user), SM_USERDB_ENOTFOUND);
	add_user(w1, "alice", 1);
	assert_int_equal(sm_userdb_get(r, "alice", &user), SM_USERDB_OK);

	/* read-only handles refuse writes */
	make_user(&user, "bob", 2);
	assert_int_equal(sm_userdb_add(r, &user), SM_USERDB_EIO);
	assert_non_null(strstr(sm_userdb_errmsg(r), "is open read-only"));

	assert_int_equal(sm_userdb_open(f->db, 0, 50, &w2, err, sizeof(err)),
					 SM_USERDB_OK);
	assert_int_equal(sm_userdb_begin(w1), SM_USERDB_OK);
	add_user(w1, "bob", 2);
	assert_int_equal(sm_userdb_add(w2, &user), SM_USERDB_EBUSY);
	assert_non_null(strstr(sm_userdb_errmsg(w2), "is locked by another "
												 "process"));
	/* the reader still sees the last committed state */
	assert_int_equal(sm_userdb_get(r, "alice", &user), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(r, "bob", &user), SM_USERDB_ENOTFOUND);
	assert_int_equal(sm_userdb_commit(w1), SM_USERDB_OK);
	assert_int_equal(sm_userdb_get(r, "bob", &user), SM_USERDB_OK);
	sm_user_wipe(&user);
	sm_userdb_close(w2);
	sm_userdb_close(r);
	sm_userdb_close(w1);
}

static void test_stale(void **state)
{
	fixture_t *f = *state;
	char moved[512];
	sm_userdb_t *db, *r;

	db = open_db(f, SM_USERDB_CREATE);
	add_user(db, "alice", 1);
	sm_userdb_close(db);
	r = open_db(f, SM_USERDB_READONLY);
	assert_false(sm_userdb_stale(r));
	assert_int_equal(chmod(f->db, 0644), 0);
	assert_true(sm_userdb_stale(r));
	assert_int_equal(chmod(f->db, 0600), 0);
	assert_false(sm_userdb_stale(r));

	/* deleted, then created anew with leftovers of the old one around */
	snprintf(moved, sizeof(moved), "%s.old", f->db);
	assert_int_equal(rename(f->db, moved), 0);
	assert_true(sm_userdb_stale(r));
	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(count(db), 0);
	add_user(db, "bob", 2);
	assert_true(sm_userdb_stale(r));
	sm_userdb_close(r);
	r = open_db(f, SM_USERDB_READONLY);
	assert_false(sm_userdb_stale(r));
	assert_int_equal(count(r), 1);
	sm_userdb_close(r);
	sm_userdb_close(db);
}

/* a new database ignores the WAL a deleted one left behind (SQLite drops
 * the WAL of an empty database file, which is what creation makes) */
static void test_leftover_wal(void **state)
{
	fixture_t *f = *state;
	char wal[512], *copy;
	sm_userdb_t *db, *keep;
	sm_user_t user;
	size_t len;

	db = open_db(f, SM_USERDB_CREATE);
	keep = open_db(f, SM_USERDB_READONLY);
	add_user(db, "ghost", 1);
	/* copy the WAL while it holds "ghost", as a crash would leave it */
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	copy = sm_file_read(wal, 1 << 20, &len);
	assert_non_null(copy);
	assert_true(len > 0);
	sm_userdb_close(keep);
	sm_userdb_close(db);
	assert_int_equal(unlink(f->db), 0);
	assert_int_equal(sm_file_write(wal, copy, len, 0600, 0, NULL), 0);
	free(copy);

	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(count(db), 0);
	assert_int_equal(sm_userdb_get(db, "ghost", &user), SM_USERDB_ENOTFOUND);
	sm_userdb_close(db);
}

/** users of test_small_cache: a file of about 2 MB */
#define CACHE_USERS 20000

static int next_cache_user(void *ctx, sm_user_t *user)
{
	size_t *next = ctx;

	if (*next >= CACHE_USERS)
	{
		return 0;
	}
	snprintf(user->identity, sizeof(user->identity), "user%06zu@example.com",
			 *next);
	memcpy(user->nt_hash, next, sizeof(*next));
	(*next)++;
	return 1;
}

/* SQLite's heap growth (bytes) while a new handle looks every user up */
static long cache_growth(fixture_t *f, int flags)
{
	char name[SM_USER_IDENTITY_MAX + 1];
	sqlite3_int64 before;
	sm_userdb_t *db;
	sm_user_t user;
	long growth;
	size_t i;

	before = sqlite3_memory_used();
	db = open_db(f, flags);
	for (i = 0; i < CACHE_USERS; i++)
	{
		snprintf(name, sizeof(name), "user%06zu@example.com", i);
		assert_int_equal(sm_userdb_get(db, name, &user), SM_USERDB_OK);
	}
	sm_user_wipe(&user);
	growth = (long)(sqlite3_memory_used() - before);
	sm_userdb_close(db);
	return growth;
}

/* a handle opened with SM_USERDB_SMALL_CACHE keeps its page cache small
 * after reading the whole file; without it, SQLite keeps about 2 MB */
static void test_small_cache(void **state)
{
	fixture_t *f = *state;
	sm_userdb_t *db;
	size_t next = 0;
	long plain, small;

	db = open_db(f, SM_USERDB_CREATE);
	assert_int_equal(sm_userdb_import(db, next_cache_user, &next, 0, NULL),
					 SM_USERDB_OK);
	sm_userdb_close(db);
	plain = cache_growth(f, SM_USERDB_READONLY);
	small = cache_growth(f, SM_USERDB_READONLY | SM_USERDB_SMALL_CACHE);
	printf("# SQLite heap of a handle after %d lookups: %ld KiB, with "
		   "SM_USERDB_SMALL_CACHE %ld KiB\n",
		   CACHE_USERS, plain / 1024, small / 1024);
	assert_true(plain > 1024 * 1024);
	assert_true(small < 2 * SM_USERDB_SMALL_CACHE_KIB * 1024);
	/* the CLI's read-write handles may ask for it too */
	small = cache_growth(f, SM_USERDB_SMALL_CACHE);
	assert_true(small < 2 * SM_USERDB_SMALL_CACHE_KIB * 1024);
}

/* the table's own checks hold the library's limits, whoever writes to
 * it, and its text is what databases of earlier versions hold */
static void test_schema_limits(void **state)
{
	fixture_t *f = *state;
	char sql[1024], id[SM_USER_IDENTITY_MAX + 2];
	sqlite3_stmt *stmt;
	sqlite3 *s;
	int i;

	sm_userdb_close(open_db(f, SM_USERDB_CREATE));
	assert_int_equal(sqlite3_open(f->db, &s), SQLITE_OK);
	for (i = 0; i < 4; i++)
	{
		/* identity at the limit and one byte over; hash of the right
		 * length and one byte short */
		memset(id, 'a' + i, sizeof(id));
		id[i % 2 ? SM_USER_IDENTITY_MAX + 1 : SM_USER_IDENTITY_MAX] = '\0';
		snprintf(sql, sizeof(sql),
				 "INSERT INTO users (identity, nt_hash, "
				 "created, updated) VALUES ('%s', zeroblob(%d), 0, 0)",
				 id, i < 2 ? SM_NT_HASH_LEN : SM_NT_HASH_LEN - 1);
		assert_int_equal(sqlite3_exec(s, sql, NULL, NULL, NULL) == SQLITE_OK,
						 i == 0);
	}
	assert_int_equal(sqlite3_prepare_v2(s,
										"SELECT sql FROM sqlite_master "
										"WHERE name = 'users'",
										-1, &stmt, NULL),
					 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(stmt, 0),
						   "CHECK (length(CAST(identity AS BLOB)) BETWEEN 1 "
						   "AND 255), nt_hash BLOB NOT NULL  CHECK "
						   "(typeof(nt_hash) = 'blob' AND length(nt_hash) = "
						   "16),"));
	sqlite3_finalize(stmt);
	sqlite3_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_permissions),   T(test_owner),
		T(test_create_umask),  T(test_migrations),
		T(test_corrupt),       T(test_wal_readers_and_locks),
		T(test_stale),         T(test_leftover_wal),
		T(test_schema_limits), T(test_small_cache),
	};

	return sm_run_tests(tests);
}
