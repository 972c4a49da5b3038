/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the fixture of the user database tests (see userdb_fixture.h) */
#include "config.h"

#include "userdb_fixture.h"

#include <stdlib.h>

#include <sqlite3.h>

int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof(*f));

	if (!f || !(f->dir = sm_test_tmpdir("userdb")))
	{
		free(f);
		return -1;
	}
	sm_test_path(f->db, sizeof(f->db), f->dir, "lib/users.db");
	*state = f;
	return 0;
}

int teardown(void **state)
{
	fixture_t *f = *state;

	sm_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

sm_userdb_t *open_db(fixture_t *f, int flags)
{
	sm_userdb_t *db = NULL;
	char err[512];

	if (sm_userdb_open(f->db, flags, 0, &db, err, sizeof(err)) != SM_USERDB_OK)
	{
		fail_msg("open %s: %s", f->db, err);
	}
	return db;
}

/* a user with a hash derived from its name */
void make_user(sm_user_t *user, const char *identity, uint8_t seed)
{
	sm_user_init(user);
	assert_int_equal(sm_user_set_identity(user, identity, NULL, 0), true);
	memset(user->nt_hash, seed, SM_NT_HASH_LEN);
}

void add_user(sm_userdb_t *db, const char *identity, uint8_t seed)
{
	sm_user_t user;

	make_user(&user, identity, seed);
	if (sm_userdb_add(db, &user) != SM_USERDB_OK)
	{
		fail_msg("add %s: %s", identity, sm_userdb_errmsg(db));
	}
}

size_t count(sm_userdb_t *db)
{
	size_t n = 0;

	assert_int_equal(sm_userdb_count(db, &n), SM_USERDB_OK);
	return n;
}

/* run SQL on the file directly, as another program would */
void raw_sql(const char *path, const char *sql)
{
	sqlite3 *s;

	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	if (sqlite3_exec(s, sql, NULL, NULL, NULL) != SQLITE_OK)
	{
		fail_msg("%s: %s", sql, sqlite3_errmsg(s));
	}
	sqlite3_close(s);
}
