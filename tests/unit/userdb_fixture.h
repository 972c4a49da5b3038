/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file userdb_fixture.h
 * The fixture of the user database tests (test_userdb.c,
 * test_userdb_file.c): a fresh private directory per test, and helpers
 * to open the database and add users.  Implemented in userdb_fixture.c.
 */
#ifndef USERDB_FIXTURE_H_
#define USERDB_FIXTURE_H_

#include "sm_test.h"

#include "sm_userdb.h"

/** per-test state: a fresh private directory */
typedef struct {
	/** the directory (sm_test_tmpdir()) */
	char *dir;
	/** DIR/lib/users.db */
	char db[256];
} fixture_t;

/** cmocka setup and teardown: a fixture_t in its own directory */
int setup(void **state);
int teardown(void **state);

/** Open the database, or fail the test (must be closed). */
sm_userdb_t *open_db(fixture_t *f, int flags);

/** A user with a hash made of seed. */
void make_user(sm_user_t *user, const char *identity, uint8_t seed);

/** Add a user, or fail the test. */
void add_user(sm_userdb_t *db, const char *identity, uint8_t seed);

/** The number of users. */
size_t count(sm_userdb_t *db);

/** Run SQL on the file directly, as another program would. */
void raw_sql(const char *path, const char *sql);

/** A test with the fixture. */
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

#endif /* USERDB_FIXTURE_H_ */
