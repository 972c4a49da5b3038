/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User database object tests: plugin/swanmobile_users.c (the one reader of
 * users.db that the credential set and the attribute provider share) is
 * compiled into this binary and runs against the installed libstrongswan,
 * with a database made by lib/sm_userdb in a private directory.
 *
 * Covers what get() answers (the record, how the identity matched,
 * DOMAIN\user), which identities name a user, no database (NULL path),
 * the log lines of a path change, the pool's limit of idle handles, the
 * small page cache of pooled handles, and running out of memory while
 * copying the path (strdup is wrapped at link time, see Makefile.am).
 * The pool under locks, replaced and damaged files: test_creds; the two
 * users of one object inside the plugin: test_provider_plugin.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "plugin_fixture.h"
#include <threading/thread.h>

#include <sqlite3.h>

/** strdup() calls to let through before the next one fails, -1: never */
static int strdup_ok = -1;

char *__real_strdup(const char *s);

/* the linker sends the strdup() calls of this binary here */
char *__wrap_strdup(const char *s)
{
	if (strdup_ok == 0)
	{
		strdup_ok = -1;
		return NULL;
	}
	if (strdup_ok > 0)
	{
		strdup_ok--;
	}
	return __real_strdup(s);
}

static int setup(void **state)
{
	fixture_t *f = fixture_create("users");

	fixture_add(f, "alice", TRUE, "10.3.200.10", "2001:db8:200::10",
				"10.9.0.53, 2001:db8::53");
	fixture_add(f, "bob@example.com", TRUE, "", "", "");
	fixture_add(f, "carol", FALSE, "10.3.200.11", "", "");
	fixture_add(f, "CORP\\dave", TRUE, "10.3.201.4", "", "");
	fixture_add(f, "dave", TRUE, "10.3.201.5", "", "");
	fixture_add(f, "CORP\\erin", FALSE, "", "", "");
	fixture_add(f, "erin", TRUE, "", "", "");
	fixture_log_reset();
	f->users = swanmobile_users_create(f->path);
	assert_non_null(f->users);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_destroy(*state);
	return 0;
}

/* get() for the identity text id; the match, and the record in user */
static id_match_t get(fixture_t *f, const char *id, sm_user_t *user)
{
	identification_t *identity;
	id_match_t match;

	identity = identification_create_from_string((char *)id);
	match = f->users->get(f->users, identity, user);
	identity->destroy(identity);
	return match;
}

/* whether user holds nothing any more (no hash, no name, disabled) */
static bool wiped(sm_user_t *user)
{
	static const sm_user_t zero;

	return memcmp(user, &zero, sizeof(zero)) == 0;
}

/* the record as stored, and how the identity matched it */
static void test_get(void **state)
{
	fixture_t *f = *state;
	uint8_t hash[SM_NT_HASH_LEN];
	sm_user_t user;

	assert_int_equal(get(f, "alice", &user), ID_MATCH_PERFECT);
	assert_string_equal(user.identity, "alice");
	assert_true(user.enabled);
	fixture_hash_of("alice", hash);
	assert_memory_equal(user.nt_hash, hash, SM_NT_HASH_LEN);
	assert_string_equal(user.vip4, "10.3.200.10");
	assert_string_equal(user.vip6, "2001:db8:200::10");
	assert_string_equal(user.dns, "10.9.0.53,2001:db8::53");
	sm_user_wipe(&user);

	/* the identity as stored, whatever the case of the one asked for;
	 * e-mail and key ID identities of the same text find the user too */
	assert_int_equal(get(f, "BOB@Example.COM", &user), ID_MATCH_PERFECT);
	assert_string_equal(user.identity, "bob@example.com");
	sm_user_wipe(&user);
	assert_int_equal(get(f, "email:ALICE", &user), ID_MATCH_PERFECT);
	sm_user_wipe(&user);
	assert_int_equal(get(f, "keyid:alice", &user), ID_MATCH_PERFECT);
	assert_string_equal(user.identity, "alice");
	sm_user_wipe(&user);

	/* DOMAIN\user not in the database: user, as a wildcard match */
	assert_int_equal(get(f, "CORP\\alice", &user), ID_MATCH_ONE_WILDCARD);
	assert_string_equal(user.identity, "alice");
	sm_user_wipe(&user);
	/* in it: that entry */
	assert_int_equal(get(f, "corp\\DAVE", &user), ID_MATCH_PERFECT);
	assert_string_equal(user.identity, "CORP\\dave");
	assert_string_equal(user.vip4, "10.3.201.4");
	sm_user_wipe(&user);
}

/* no enabled user: ID_MATCH_NONE and a wiped record */
static void test_get_none(void **state)
{
	static const char *none[] = {
		/* unknown, disabled, disabled behind a domain */
		"mallory", "carol", "CORP\\carol",
		/* a disabled DOMAIN\user is not bypassed via the bare name */
		"CORP\\erin",
		/* the part after the first backslash only, and not empty */
		"A\\B\\alice", "CORP\\", "\\",
		/* identities that name no user */
		"192.0.2.1", "2001:db8::1", "CN=alice, O=example", "%any",
	};
	fixture_t *f = *state;
	sm_user_t user;
	size_t i;

	for (i = 0; i < countof(none); i++)
	{
		memset(&user, 0x5A, sizeof(user));
		if (get(f, none[i], &user) != ID_MATCH_NONE)
		{
			fail_msg("'%s' was found", none[i]);
		}
		assert_true(wiped(&user));
	}
	memset(&user, 0x5A, sizeof(user));
	assert_int_equal(f->users->get(f->users, NULL, &user), ID_MATCH_NONE);
	assert_true(wiped(&user));
	/* nothing logged for users that are not there */
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("serving EAP users from"));
}

/* which identities name a user, and how long a name may be */
static void test_name(void **state)
{
	static const struct {
		const char *id;
		const char *name;
	} tests[] = {
		{ "alice", "alice" },
		{ "Alice@Example.com", "Alice@Example.com" },
		{ "email:alice", "alice" },
		{ "keyid:alice", "alice" },
		{ "CORP\\alice", "CORP\\alice" },
		{ "192.0.2.1", NULL },
		{ "2001:db8::1", NULL },
		{ "CN=alice", NULL },
		{ "%any", NULL },
		{ "keyid:#00616c696365", NULL },
	};
	char buf[SM_USER_IDENTITY_MAX + 1];
	identification_t *id;
	size_t i;
	bool ok;

	(void)state;
	for (i = 0; i < countof(tests); i++)
	{
		id = identification_create_from_string((char *)tests[i].id);
		ok = swanmobile_users_name(id, buf, sizeof(buf));
		if (ok != (tests[i].name != NULL) ||
			(ok && strcmp(buf, tests[i].name)))
		{
			fail_msg("'%s' gave %s", tests[i].id, ok ? buf : "no name");
		}
		id->destroy(id);
	}
	/* the name and its NUL must fit */
	id = identification_create_from_string("alice");
	assert_false(swanmobile_users_name(id, buf, 5));
	assert_true(swanmobile_users_name(id, buf, 6));
	assert_string_equal(buf, "alice");
	id->destroy(id);
}

/* NULL: no database, said once; lookups find nobody and log nothing; a
 * path set again is no change and logs nothing */
static void test_no_database(void **state)
{
	fixture_t *f = *state;
	sm_user_t user;

	fixture_log_reset();
	f->users->set_path(f->users, NULL);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("not serving EAP users (eap_users = "
									 "no): no NT hashes, static addresses "
									 "or DNS servers"));
	assert_int_equal(get(f, "alice", &user), ID_MATCH_NONE);
	assert_int_equal(get(f, "CORP\\alice", &user), ID_MATCH_NONE);
	f->users->set_path(f->users, NULL);
	assert_int_equal(fixture_logged(), 1);

	f->users->set_path(f->users, f->path);
	assert_int_equal(fixture_logged(), 2);
	assert_true(fixture_last_log_has("serving EAP users from '"));
	assert_true(fixture_last_log_has("' (NT hashes, static "
									 "addresses, DNS servers)"));
	assert_int_equal(get(f, "alice", &user), ID_MATCH_PERFECT);
	sm_user_wipe(&user);
	f->users->set_path(f->users, f->path);
	assert_int_equal(fixture_logged(), 2);
}

/* a problem names both uses of the database, in one line */
static void test_problem_line(void **state)
{
	fixture_t *f = *state;
	char missing[192], expect[512];
	sm_user_t user;
	int i;

	snprintf(missing, sizeof(missing), "%s/missing.db", f->dir);
	fixture_log_reset();
	f->users->set_path(f->users, missing);
	for (i = 0; i < 10; i++)
	{
		assert_int_equal(get(f, "alice", &user), ID_MATCH_NONE);
	}
	assert_int_equal(fixture_logged(), 1);
	snprintf(expect, sizeof(expect), "swanmobile: user database '%s' does not "
			 "exist; no EAP user is authenticated from it, and no static "
			 "address or DNS server is assigned from it", missing);
	assert_string_equal(fixture_last_log(), expect);
}

/** shared state of the pool limit test */
typedef struct {
	fixture_t *f;
	int found;
	pthread_mutex_t lock;
} misses_t;

static void *miss(void *arg)
{
	misses_t *m = arg;
	sm_user_t user;
	id_match_t match;

	match = get(m->f, "mallory", &user);
	pthread_mutex_lock(&m->lock);
	m->found += match != ID_MATCH_NONE;
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* more lookups at the same time than the pool keeps: each has a handle of
 * its own; SWANMOBILE_USERS_POOL_MAX of them stay open afterwards, the
 * others are closed (SQLite keeps their descriptors for later handles
 * while others have locks on the file, so only a path change, which
 * closes every handle, shows that none was leaked) */
static void test_pool_limit(void **state)
{
	misses_t m = { .f = *state, .lock = PTHREAD_MUTEX_INITIALIZER };
	thread_t *threads[SWANMOBILE_USERS_POOL_MAX + 8];
	pthread_barrier_t barrier;
	fixture_t *f = *state;
	size_t i;

	sm_userdb_close(f->db);
	f->db = NULL;
	fixture_log_reset();
	pthread_barrier_init(&barrier, NULL, countof(threads));
	fixture_hold_lookups(&barrier);
	for (i = 0; i < countof(threads); i++)
	{
		threads[i] = thread_create(miss, &m);
		assert_non_null(threads[i]);
	}
	for (i = 0; i < countof(threads); i++)
	{
		threads[i]->join(threads[i]);
	}
	fixture_hold_lookups(NULL);
	pthread_barrier_destroy(&barrier);
	assert_int_equal(m.found, 0);
	assert_true(fixture_fds_on(f->path) >= SWANMOBILE_USERS_POOL_MAX);
	assert_int_equal(fixture_logged(), 0);
	/* a path change closes them */
	f->users->set_path(f->users, NULL);
	assert_int_equal(fixture_fds_on(f->path), 0);
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
	(*next)++;
	return 1;
}

/* the pool's handles keep a small page cache: looking up every user of a
 * 2 MB file grows SQLite's heap by a fraction of SQLite's default cache
 * (about 2 MB, see test_userdb's test_small_cache) */
static void test_small_cache(void **state)
{
	char name[SM_USER_IDENTITY_MAX + 1];
	fixture_t *f = *state;
	sqlite3_int64 before;
	size_t i, next = 0;
	sm_user_t user;
	long growth;

	assert_int_equal(sm_userdb_import(f->db, next_cache_user, &next, 0,
									  NULL), SM_USERDB_OK);
	sm_userdb_close(f->db);
	f->db = NULL;
	before = sqlite3_memory_used();
	for (i = 0; i < CACHE_USERS; i++)
	{
		snprintf(name, sizeof(name), "user%06zu@example.com", i);
		assert_int_equal(get(f, name, &user), ID_MATCH_PERFECT);
	}
	sm_user_wipe(&user);
	growth = (long)(sqlite3_memory_used() - before);
	printf("# SQLite heap growth over %d lookups: %ld KiB\n", CACHE_USERS,
		   growth / 1024);
	assert_true(growth < 2 * SM_USERDB_SMALL_CACHE_KIB * 1024);
}

/* no memory to copy the path: no database at all, said so; not the file
 * of before, which the administrator may have moved away from */
static void test_out_of_memory(void **state)
{
	fixture_t *f = *state;
	char other[192];
	sm_user_t user;

	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	fixture_log_reset();
	strdup_ok = 0;
	f->users->set_path(f->users, other);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("out of memory for the user "
									 "database path"));
	assert_true(fixture_last_log_has(other));
	assert_int_equal(get(f, "alice", &user), ID_MATCH_NONE);
	/* the same path again is a change (none is in use) */
	f->users->set_path(f->users, f->path);
	assert_int_equal(get(f, "alice", &user), ID_MATCH_PERFECT);
	sm_user_wipe(&user);

	/* the path is copied, but not for the check after it: said so, and
	 * the next lookup works */
	fixture_log_reset();
	strdup_ok = 1;
	f->users->set_path(f->users, other);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("out of memory opening the user "
									 "database"));
	f->users->set_path(f->users, f->path);
	assert_int_equal(get(f, "alice", &user), ID_MATCH_PERFECT);
	sm_user_wipe(&user);

	/* a lookup that cannot copy the path finds nobody */
	strdup_ok = 0;
	assert_int_equal(get(f, "alice", &user), ID_MATCH_NONE);
	assert_int_equal(get(f, "alice", &user), ID_MATCH_PERFECT);
	sm_user_wipe(&user);

	/* the constructor fails cleanly */
	fixture_log_reset();
	strdup_ok = 0;
	assert_null(swanmobile_users_create(f->path));
	assert_true(fixture_last_log_has("out of memory"));
	strdup_ok = -1;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_get),
		T(test_get_none),
		T(test_name),
		T(test_no_database),
		T(test_problem_line),
		T(test_pool_limit),
		T(test_small_cache),
		T(test_out_of_memory),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, fixture_setup_daemon,
								  fixture_teardown_daemon);
}
