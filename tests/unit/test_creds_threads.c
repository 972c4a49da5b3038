/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Credential set tests under locks and threads: plugin/swanmobile_creds.c
 * on a database that another process locks, lookups in many threads at
 * the same time while it is locked (each waits about the busy timeout,
 * not in a queue), and lookups racing a writer (tests/unit/creds_fixture.c;
 * lookups, changes and damage: test_creds.c).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "plugin_fixture.h"
#include "creds_fixture.h"
#include <threading/thread.h>

#include <sqlite3.h>

/* a lock held by another process delays a lookup only briefly */
static void test_locked(void **state)
{
	fixture_t *f = *state;
	struct timespec t0, t1;
	sqlite3 *s;
	double ms;

	assert_true(serves(f, "alice", "alice"));
	/* an ordinary write transaction: WAL readers are not blocked */
	assert_int_equal(sm_userdb_begin(f->db), SM_USERDB_OK);
	add(f, "grace", TRUE);
	assert_true(serves(f, "alice", "alice"));
	assert_true(serves_none(f, "grace"));
	assert_int_equal(sm_userdb_commit(f->db), SM_USERDB_OK);
	assert_true(serves(f, "grace", "grace"));

	/* an exclusive lock (swanmobile never takes one; it needs every other
	 * connection closed, so start over without ours) */
	sm_userdb_close(f->db);
	f->db = NULL;
	drop_set(f);
	assert_int_equal(sqlite3_open(f->path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "PRAGMA locking_mode = EXCLUSIVE;"
								  "BEGIN EXCLUSIVE;"
								  "UPDATE users SET enabled = enabled;",
								  NULL, NULL, NULL), SQLITE_OK);
	fixture_log_reset();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	make_set(f);
	assert_true(serves_none(f, "alice"));
	assert_true(serves_none(f, "alice"));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_true(ms < 1000);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("is locked by another process"));
	assert_int_equal(sqlite3_exec(s, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	assert_true(serves(f, "alice", "alice"));
}

/** shared state of the locked lookups test */
typedef struct {
	fixture_t *f;
	pthread_barrier_t start;
	/** lookups per thread */
	int rounds;
	pthread_mutex_t lock;
	/** slowest lookup (ms) and lookups that found a key */
	double max_ms;
	int served;
} locked_t;

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void *locked_reader(void *arg)
{
	locked_t *l = arg;
	struct timespec t0;
	double ms, max = 0;
	int i, served = 0;

	pthread_barrier_wait(&l->start);
	for (i = 0; i < l->rounds; i++)
	{
		clock_gettime(CLOCK_MONOTONIC, &t0);
		served += !serves_none(l->f, "alice");
		ms = ms_since(&t0);
		max = max(max, ms);
	}
	pthread_mutex_lock(&l->lock);
	l->max_ms = max(l->max_ms, max);
	l->served += served;
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

/* n threads look alice up three times each while the database is locked:
 * the slowest lookup's latency (ms); none may succeed */
static double locked_lookups(fixture_t *f, int n)
{
	locked_t l = {.f = f, .rounds = 3, .lock = PTHREAD_MUTEX_INITIALIZER};
	thread_t *threads[64];
	int i;

	assert_true(n <= (int)countof(threads));
	pthread_barrier_init(&l.start, NULL, n);
	for (i = 0; i < n; i++)
	{
		threads[i] = thread_create(locked_reader, &l);
		assert_non_null(threads[i]);
	}
	for (i = 0; i < n; i++)
	{
		threads[i]->join(threads[i]);
	}
	pthread_barrier_destroy(&l.start);
	assert_int_equal(l.served, 0);
	printf("# %2d threads, locked database: slowest lookup %.0f ms\n", n,
		   l.max_ms);
	return l.max_ms;
}

/* a lock that blocks readers delays each lookup by about the busy timeout,
 * however many threads wait at the same time (no queue behind one lock) */
static void test_locked_threads(void **state)
{
	static const int threads[] = {1, 8, 32};
	fixture_t *f = *state;
	double bound = 4 * SWANMOBILE_USERS_BUSY_MS;
	sqlite3 *s;
	size_t i;

	/* a database in rollback-journal mode (e.g. restored from a dump):
	 * a writer's exclusive lock blocks every reader, also the open handle
	 * of an earlier lookup */
	sm_userdb_close(f->db);
	f->db = NULL;
	drop_set(f);
	assert_int_equal(sqlite3_open(f->path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "PRAGMA journal_mode = DELETE", NULL,
								  NULL, NULL), SQLITE_OK);
	make_set(f);
	assert_true(serves(f, "alice", "alice"));
	assert_int_equal(sqlite3_exec(s, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
					 SQLITE_OK);
	fixture_log_reset();
	for (i = 0; i < countof(threads); i++)
	{
		assert_true(locked_lookups(f, threads[i]) < bound);
	}
	/* one line for all threads */
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("is locked by another process"));
	assert_int_equal(sqlite3_exec(s, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_true(serves(f, "alice", "alice"));

	/* WAL mode: only an exclusive locking mode blocks readers, and taking
	 * it needs every other connection closed */
	assert_int_equal(sqlite3_exec(s, "PRAGMA journal_mode = WAL", NULL, NULL,
								  NULL), SQLITE_OK);
	drop_set(f);
	assert_int_equal(sqlite3_exec(s, "PRAGMA locking_mode = EXCLUSIVE;"
								  "BEGIN EXCLUSIVE;"
								  "UPDATE users SET enabled = enabled;",
								  NULL, NULL, NULL), SQLITE_OK);
	make_set(f);
	for (i = 0; i < countof(threads); i++)
	{
		assert_true(locked_lookups(f, threads[i]) < bound);
	}
	assert_int_equal(sqlite3_exec(s, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	assert_true(serves(f, "alice", "alice"));
}

/** shared state of the threads test */
typedef struct {
	fixture_t *f;
	volatile bool stop;
	int errors;
	int lookups;
	pthread_mutex_t lock;
} race_t;

static void *reader(void *arg)
{
	static const char *names[] = {"alice", "bob@example.com", "dave", "erin"};
	race_t *race = arg;
	int i, errors = 0;

	for (i = 0; i < 2000; i++)
	{
		if (!serves(race->f, names[i % countof(names)],
					names[i % countof(names)]))
		{
			errors++;
		}
		if (serves(race->f, "carol", "carol"))
		{
			errors++;
		}
	}
	pthread_mutex_lock(&race->lock);
	race->errors += errors;
	race->lookups += 2 * i;
	pthread_mutex_unlock(&race->lock);
	return NULL;
}

static void *writer(void *arg)
{
	race_t *race = arg;
	char name[32];
	int i = 0;

	while (!race->stop)
	{
		snprintf(name, sizeof(name), "temp%d", i++);
		add(race->f, name, TRUE);
		sm_userdb_set_enabled(race->f->db, name, FALSE);
		if (i % 2)
		{
			sm_userdb_delete(race->f->db, name);
		}
	}
	return NULL;
}

static void test_threads(void **state)
{
	race_t race = {.f = *state, .lock = PTHREAD_MUTEX_INITIALIZER};
	thread_t *readers[8], *w;
	size_t i;

	w = thread_create(writer, &race);
	assert_non_null(w);
	for (i = 0; i < countof(readers); i++)
	{
		readers[i] = thread_create(reader, &race);
		assert_non_null(readers[i]);
	}
	for (i = 0; i < countof(readers); i++)
	{
		readers[i]->join(readers[i]);
	}
	race.stop = TRUE;
	w->join(w);
	assert_int_equal(race.lookups, 8 * 4000);
	assert_int_equal(race.errors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_locked),
		T(test_locked_threads),
		T(test_threads),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup_lib, teardown_lib);
}
