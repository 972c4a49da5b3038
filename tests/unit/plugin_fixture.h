/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file plugin_fixture.h
 * What the plugin's unit tests (test_creds*, test_provider*, test_users)
 * share: libstrongswan and libcharon initialised as in charon, the plugin's
 * log lines captured at charon's default level, and a user database made by
 * lib/sm_userdb in a private directory, with the plugin's objects on it.
 *
 * Include it after strongSwan's headers; it includes cmocka.  Tests run
 * lookups in threads of strongSwan (thread_create()), as charon's workers
 * are: the bus gives a foreign thread that logs a thread_t it never frees.
 */
#ifndef PLUGIN_FIXTURE_H_
#define PLUGIN_FIXTURE_H_

#include <pthread.h>

#include <library.h>
#include <daemon.h>

#include "swanmobile_creds.h"
#include "swanmobile_provider.h"
#include "swanmobile_users.h"
#include <sm_userdb.h>

/* cmocka after strongSwan: both define countof-style helpers */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/** per-test state */
typedef struct {
	/** private directory */
	char dir[64];
	/** database file in it */
	char path[128];
	/** writer handle on path, NULL while closed */
	sm_userdb_t *db;
	/** the user database object, NULL unless the test makes one */
	swanmobile_users_t *users;
	/** credential set on users, NULL unless the test makes one */
	swanmobile_creds_t *creds;
	/** attribute provider on users, NULL unless the test makes one */
	swanmobile_provider_t *provider;
} fixture_t;

/**
 * cmocka group setup: libstrongswan and libcharon as charon has them, and
 * the log capture below.
 */
int fixture_setup_daemon(void **state);

/**
 * cmocka group teardown of fixture_setup_daemon().
 */
int fixture_teardown_daemon(void **state);

/**
 * A private directory /tmp/sm-test-NAME.XXXXXX with an empty user database
 * in it and a writer handle on it; no plugin object yet.
 *
 * @param name		short name of the test program
 * @return			fixture (destroy with fixture_destroy())
 */
fixture_t *fixture_create(const char *name);

/**
 * Destroy the provider, credential set and user database object (each if
 * set; unregister them first), close the writer, remove the directory.
 */
void fixture_destroy(fixture_t *f);

/**
 * Open a writer on the fixture's path (fails the test if it cannot).
 *
 * @return			handle, to be closed
 */
sm_userdb_t *fixture_open_writer(fixture_t *f);

/**
 * Add a user through the writer; its NT hash is fixture_hash_of(name).
 *
 * @param vip4		static IPv4 address, "" for none
 * @param vip6		static IPv6 address, "" for none
 * @param dns		DNS servers, "" for none
 */
void fixture_add(fixture_t *f, const char *name, bool enabled,
				 const char *vip4, const char *vip6, const char *dns);

/**
 * The NT hash a user gets from fixture_add(): made from its name, so that
 * a served hash tells whose it is.
 */
void fixture_hash_of(const char *name, uint8_t hash[SM_NT_HASH_LEN]);

/**
 * Replace the plugin's settings by text (inside the test's namespace
 * section "plugins { swanmobile { ... } }").
 */
void fixture_settings(const char *text);

/**
 * How many descriptors of this process are open on path.
 */
int fixture_fds_on(const char *path);

/**
 * Forget the captured log lines.
 */
void fixture_log_reset(void);

/**
 * How many lines the plugin logged at charon's default level (DBG0/DBG1,
 * every line starting with "swanmobile") since the last reset; the
 * attribute provider's summary of its profiles is not counted
 * (test_attrs checks it).
 */
int fixture_logged(void);

/**
 * The last line counted by fixture_logged(), "" if none.
 *
 * @return			copy, valid until the next line is logged
 */
const char *fixture_last_log(void);

/**
 * Whether the last line counted by fixture_logged() contains text.
 */
bool fixture_last_log_has(const char *text);

/**
 * Whether a line counted since the last reset contains text.
 */
bool fixture_log_has(const char *text);

/**
 * While barrier is set, every lookup that finds nobody waits at it before
 * it ends (before its handle goes back to the pool), so that the lookups
 * of the threads that wait hold a handle each at the same time.
 *
 * @param barrier	barrier, NULL to stop
 */
void fixture_hold_lookups(pthread_barrier_t *barrier);

#endif /* PLUGIN_FIXTURE_H_ */
