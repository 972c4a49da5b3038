/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Credential set tests: plugin/swanmobile_creds.c and the user database
 * object it reads (swanmobile_users.c) are compiled into this binary and
 * run against the installed libstrongswan, with a database made by
 * lib/sm_userdb in a private directory (tests/unit/creds_fixture.c on
 * plugin_fixture.c).  Covers what eap-mschapv2 asks (SHARED_NT_HASH for
 * me = gateway, other = user), the identities that must never be served,
 * DOMAIN\user, a database that changes, disappears, is replaced or breaks
 * (the pool of handles, its log lines), and the plugin's registration
 * (locks and threads: test_creds_threads.c).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin_fixture.h"
#include "creds_fixture.h"
#include "swanmobile_plugin.h"
#include <sm_file.h>
#include <threading/thread.h>

#include <sqlite3.h>

static void test_found(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	uint8_t hash[SM_NT_HASH_LEN];
	id_match_t me, other;
	shared_key_t *key;

	key = ask(f, SHARED_NT_HASH, gw, alice, &me, &other);
	assert_non_null(key);
	fixture_hash_of("alice", hash);
	assert_true(chunk_equals(key->get_key(key), chunk_create(hash, 16)));
	assert_int_equal(me, ID_MATCH_ANY);
	assert_int_equal(other, ID_MATCH_PERFECT);
	key->destroy(key);

	/* SHARED_ANY gets the NT hash too; plaintext requests get nothing */
	key = ask(f, SHARED_ANY, gw, alice, NULL, NULL);
	assert_non_null(key);
	assert_int_equal(key->get_type(key), SHARED_NT_HASH);
	key->destroy(key);
	assert_null(ask(f, SHARED_EAP, gw, alice, NULL, NULL));
	assert_null(ask(f, SHARED_IKE, gw, alice, NULL, NULL));
	assert_null(ask(f, SHARED_PRIVATE_KEY_PASS, gw, alice, NULL, NULL));
	alice->destroy(alice);

	assert_true(serves(f, "bob@example.com", "bob@example.com"));
	/* case as strongSwan compares FQDN and e-mail identities */
	assert_true(serves(f, "ALICE", "alice"));
	assert_true(serves(f, "Bob@Example.com", "bob@example.com"));
}

static void test_not_found(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	identification_t *any = identification_create_from_string("%any");
	identification_t *server;

	assert_true(serves_none(f, "mallory"));
	/* disabled */
	assert_true(serves_none(f, "carol"));
	/* no remote identity, or one that is not a user name */
	assert_null(ask(f, SHARED_NT_HASH, gw, NULL, NULL, NULL));
	assert_null(ask(f, SHARED_NT_HASH, NULL, NULL, NULL, NULL));
	assert_null(ask(f, SHARED_NT_HASH, alice, any, NULL, NULL));
	assert_true(serves_none(f, "192.0.2.1"));
	assert_true(serves_none(f, "2001:db8::1"));
	assert_true(serves_none(f, "CN=alice, O=example"));
	/* never matched on "me" (a client-side lookup has the user there) */
	server = identification_create_from_string("vpn2.example.org");
	assert_null(ask(f, SHARED_NT_HASH, alice, server, NULL, NULL));
	server->destroy(server);
	alice->destroy(alice);
	any->destroy(any);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("serving EAP users from"));
}

/* a user named like the gateway is never served for the gateway */
static void test_own_identity(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	identification_t *own, *own_email, *domain;
	shared_key_t *key;

	own = identification_create_from_string("vpn.example.com");
	own_email = identification_create_from_string("email:vpn.example.com");
	domain = identification_create_from_string("CORP\\vpn.example.com");

	assert_null(ask(f, SHARED_NT_HASH, gw, own, NULL, NULL));
	assert_null(ask(f, SHARED_ANY, gw, own, NULL, NULL));
	/* the same text in another identity type */
	assert_null(ask(f, SHARED_NT_HASH, gw, own_email, NULL, NULL));
	/* or behind a domain */
	assert_null(ask(f, SHARED_NT_HASH, gw, domain, NULL, NULL));
	/* in any ASCII case, as the user table compares them */
	assert_true(serves_none(f, "VPN.EXAMPLE.COM"));
	assert_true(serves_none(f, "email:VPN.Example.COM"));
	assert_true(serves_none(f, "CORP\\VPN.EXAMPLE.COM"));
	assert_true(serves_none(f, "email:corp\\Vpn.Example.Com"));
	/* other == me in general */
	assert_null(ask(f, SHARED_NT_HASH, alice, alice, NULL, NULL));
	/* without a local identity, the remote one is served */
	key = ask(f, SHARED_NT_HASH, NULL, alice, NULL, NULL);
	assert_non_null(key);
	key->destroy(key);
	alice->destroy(alice);
	own->destroy(own);
	own_email->destroy(own_email);
	domain->destroy(domain);
}

static void test_domain_user(void **state)
{
	fixture_t *f = *state;
	identification_t *id;
	id_match_t other;
	shared_key_t *key;

	/* not stored with the domain: the part after the backslash */
	assert_true(serves(f, "CORP\\alice", "alice"));
	id = identification_create_from_string("CORP\\alice");
	key = ask(f, SHARED_NT_HASH, gw, id, NULL, &other);
	assert_int_equal(other, ID_MATCH_ONE_WILDCARD);
	key->destroy(key);
	id->destroy(id);
	/* stored with the domain: that entry, not the bare one */
	assert_true(serves(f, "CORP\\dave", "CORP\\dave"));
	assert_true(serves(f, "corp\\DAVE", "CORP\\dave"));
	/* a disabled DOMAIN\user entry is not bypassed via the bare name */
	assert_true(serves_none(f, "CORP\\erin"));
	assert_true(serves(f, "erin", "erin"));
	/* a disabled bare user stays disabled behind a domain */
	assert_true(serves_none(f, "CORP\\carol"));
	/* first backslash, like eap-mschapv2's extract_username() */
	assert_true(serves_none(f, "A\\B\\alice"));
	assert_true(serves_none(f, "CORP\\"));
	assert_true(serves_none(f, "\\"));
}

/* whether pattern is somewhere in mem (not const: mem is left as it is) */
static __attribute__((noinline)) bool find_bytes(uint8_t *mem, size_t len,
												 const uint8_t *pattern,
												 size_t plen)
{
	size_t i;

	for (i = 0; i + plen <= len; i++)
	{
		if (!memcmp(mem + i, pattern, plen))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/* whether pattern is in the stack below the caller's frame, where the
 * functions it called before have left their locals */
static __attribute__((noinline)) bool on_stack(const uint8_t *pattern)
{
	uint8_t below[65536];

	return find_bytes(below, sizeof(below), pattern, SM_NT_HASH_LEN);
}

/* a lookup leaves no copy of the hash in the stack it ran on */
static void test_wipes_hash(void **state)
{
	fixture_t *f = *state;
	identification_t *id;
	uint8_t *hash;
	shared_key_t *key;
	sm_user_t *user;

	/* on the heap, so that only the code under test puts it on the stack */
	hash = malloc(SM_NT_HASH_LEN);
	user = malloc(sizeof(*user));
	fixture_hash_of("wiped", hash);
	sm_user_init(user);
	assert_true(sm_user_set_identity(user, "wiped", NULL, 0));
	memcpy(user->nt_hash, hash, SM_NT_HASH_LEN);
	assert_int_equal(sm_userdb_add(f->db, user), SM_USERDB_OK);
	sm_user_wipe(user);
	free(user);
	assert_false(on_stack(hash));

	id = identification_create_from_string("wiped");
	key = ask(f, SHARED_NT_HASH, gw, id, NULL, NULL);
	assert_non_null(key);
	assert_true(chunk_equals(key->get_key(key),
							 chunk_create(hash, SM_NT_HASH_LEN)));
	key->destroy(key);
	id->destroy(id);
	assert_false(on_stack(hash));
	free(hash);
}

/* changes through the library apply to the next lookup */
static void test_live_changes(void **state)
{
	fixture_t *f = *state;
	uint8_t hash[SM_NT_HASH_LEN];

	assert_true(serves_none(f, "frank"));
	add(f, "frank", TRUE);
	assert_true(serves(f, "frank", "frank"));
	assert_int_equal(sm_userdb_set_enabled(f->db, "frank", FALSE),
					 SM_USERDB_OK);
	assert_true(serves_none(f, "frank"));
	assert_int_equal(sm_userdb_set_enabled(f->db, "frank", TRUE),
					 SM_USERDB_OK);
	fixture_hash_of("other", hash);
	assert_int_equal(sm_userdb_set_hash(f->db, "frank", hash), SM_USERDB_OK);
	assert_true(serves(f, "frank", "other"));
	assert_int_equal(sm_userdb_delete(f->db, "frank"), SM_USERDB_OK);
	assert_true(serves_none(f, "frank"));
}

static void test_deleted_and_recreated(void **state)
{
	fixture_t *f = *state;
	int i;

	assert_true(serves(f, "alice", "alice"));
	sm_userdb_close(f->db);
	assert_int_equal(unlink(f->path), 0);
	fixture_log_reset();
	for (i = 0; i < 100; i++)
	{
		assert_true(serves_none(f, "alice"));
	}
	/* one line, not one per lookup */
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("does not exist; no EAP user is "
									 "authenticated from it"));

	f->db = fixture_open_writer(f);
	add(f, "alice", TRUE);
	assert_true(serves(f, "alice", "alice"));
	assert_int_equal(fixture_logged(), 2);
	assert_true(fixture_last_log_has("is usable again"));
	assert_true(serves_none(f, "bob@example.com"));
}

static void *miss(void *arg)
{
	serves_none(arg, "mallory");
	return NULL;
}

/* a file moved over the database is read, not the old open one */
static void test_replaced(void **state)
{
	fixture_t *f = *state;
	char other[192], deleted[192];
	pthread_barrier_t barrier;
	thread_t *threads[4];
	sm_userdb_t *db;
	sm_user_t user;
	char err[256];
	size_t i;

	assert_true(serves(f, "alice", "alice"));
	/* four lookups at the same time leave four idle handles */
	pthread_barrier_init(&barrier, NULL, countof(threads));
	fixture_hold_lookups(&barrier);
	for (i = 0; i < countof(threads); i++)
	{
		threads[i] = thread_create(miss, f);
		assert_non_null(threads[i]);
	}
	for (i = 0; i < countof(threads); i++)
	{
		threads[i]->join(threads[i]);
	}
	fixture_hold_lookups(NULL);
	pthread_barrier_destroy(&barrier);
	/* the CLI has exited */
	sm_userdb_close(f->db);
	f->db = NULL;
	assert_true(fixture_fds_on(f->path) >= (int)countof(threads));
	snprintf(other, sizeof(other), "%s/new.db", f->dir);
	assert_int_equal(sm_userdb_open(other, SM_USERDB_CREATE, 0, &db, err,
									sizeof(err)), SM_USERDB_OK);
	sm_user_init(&user);
	assert_true(sm_user_set_identity(&user, "zoe", NULL, 0));
	fixture_hash_of("zoe", user.nt_hash);
	assert_int_equal(sm_userdb_add(db, &user), SM_USERDB_OK);
	sm_userdb_close(db);
	assert_int_equal(rename(other, f->path), 0);
	assert_true(serves_none(f, "alice"));
	assert_true(serves(f, "zoe", "zoe"));
	/* the first lookup that noticed closed every handle of the old file */
	snprintf(deleted, sizeof(deleted), "%s (deleted)", f->path);
	assert_int_equal(fixture_fds_on(deleted), 0);
}

static void test_corrupt(void **state)
{
	fixture_t *f = *state;
	char garbage[4096];
	FILE *fp;
	size_t i;

	assert_true(serves(f, "alice", "alice"));
	sm_userdb_close(f->db);
	f->db = NULL;
	for (i = 0; i < sizeof(garbage); i++)
	{
		garbage[i] = (char)(i * 31 + 7);
	}
	assert_int_equal(sm_file_write(f->path, garbage, sizeof(garbage), 0600, 0,
								   NULL), 0);
	fixture_log_reset();
	for (i = 0; i < 50; i++)
	{
		assert_true(serves_none(f, "alice"));
	}
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("is damaged or not a SQLite database"));

	/* garbage written into the open file itself: SQLite does not notice
	 * (neither does stat()), so the open handle may go on with its cache;
	 * what counts is that nothing crashes */
	assert_int_equal(unlink(f->path), 0);
	f->db = fixture_open_writer(f);
	add(f, "alice", TRUE);
	assert_true(serves(f, "alice", "alice"));
	sm_userdb_close(f->db);
	f->db = NULL;
	fp = fopen(f->path, "r+");
	assert_non_null(fp);
	assert_int_equal(fwrite(garbage, 1, 100, fp), 100);
	fclose(fp);
	for (i = 0; i < 10; i++)
	{
		serves(f, "alice", "alice");
	}

	/* fixed by the admin: recovers without a reload */
	assert_int_equal(unlink(f->path), 0);
	f->db = fixture_open_writer(f);
	add(f, "alice", TRUE);
	assert_true(serves(f, "alice", "alice"));
}

/* rewrite the users table's schema text through a connection of its own
 * (bumping the schema cookie, so that open handles read it again) */
static void set_users_schema(const char *path, const char *sql)
{
	sqlite3_stmt *stmt;
	sqlite3 *s;

	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "PRAGMA writable_schema = ON", NULL, NULL,
								  NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "UPDATE sqlite_schema SET sql = ?1 "
										"WHERE name = 'users'", -1, &stmt,
										NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, sql, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_exec(s, "PRAGMA schema_version = 1000", NULL,
								  NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

/* a handle that failed on a damaged database is dropped, not kept */
static void test_damaged_handle(void **state)
{
	fixture_t *f = *state;
	sqlite3_stmt *stmt;
	char *schema;
	sqlite3 *s;

	assert_true(serves(f, "alice", "alice"));
	sm_userdb_close(f->db);
	f->db = NULL;
	/* the set keeps the handle of the lookup for the next one (SQLite
	 * also keeps the closed writer's descriptor while it has a lock) */
	assert_true(fixture_fds_on(f->path) > 0);

	assert_int_equal(sqlite3_open(f->path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT sql FROM sqlite_schema "
										"WHERE name = 'users'", -1, &stmt,
										NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	schema = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(s);

	/* damaged in place: same file, so only the lookup can notice */
	set_users_schema(f->path, "CREATE TABLE users (");
	fixture_log_reset();
	assert_true(serves_none(f, "alice"));
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("is damaged or not a SQLite database"));
	assert_int_equal(fixture_fds_on(f->path), 0);
	assert_true(serves_none(f, "alice"));
	assert_int_equal(fixture_logged(), 1);
	assert_int_equal(fixture_fds_on(f->path), 0);

	/* repaired in place */
	set_users_schema(f->path, schema);
	assert_true(serves(f, "alice", "alice"));
	assert_int_equal(fixture_logged(), 2);
	assert_true(fixture_last_log_has("is usable again"));
	assert_true(fixture_fds_on(f->path) > 0);
	free(schema);
}

/* a problem is logged when it changes, also inside the minute in which
 * the same problem is not logged again */
static void test_log_changes(void **state)
{
	fixture_t *f = *state;
	char garbage[4096], away[192];
	size_t i;

	assert_true(serves(f, "alice", "alice"));
	sm_userdb_close(f->db);
	f->db = NULL;
	snprintf(away, sizeof(away), "%s.away", f->path);
	assert_int_equal(rename(f->path, away), 0);
	fixture_log_reset();
	assert_true(serves_none(f, "alice"));
	assert_true(serves_none(f, "alice"));
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("does not exist"));

	for (i = 0; i < sizeof(garbage); i++)
	{
		garbage[i] = (char)(i * 13 + 5);
	}
	assert_int_equal(sm_file_write(f->path, garbage, sizeof(garbage), 0600, 0,
								   NULL), 0);
	assert_true(serves_none(f, "alice"));
	assert_true(serves_none(f, "alice"));
	assert_int_equal(fixture_logged(), 2);
	assert_true(fixture_last_log_has("is damaged or not a SQLite database"));

	assert_int_equal(chmod(f->path, 0644), 0);
	assert_true(serves_none(f, "alice"));
	assert_int_equal(fixture_logged(), 3);
	assert_true(fixture_last_log_has("is accessible by group or others"));

	assert_int_equal(rename(away, f->path), 0);
	assert_true(serves(f, "alice", "alice"));
	assert_int_equal(fixture_logged(), 4);
	assert_true(fixture_last_log_has("is usable again"));
}

static void test_unsafe_mode(void **state)
{
	fixture_t *f = *state;

	assert_true(serves(f, "alice", "alice"));
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_true(serves_none(f, "alice"));
	assert_true(fixture_last_log_has("is accessible by group or others"));
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_true(serves(f, "alice", "alice"));
}

/* the plugin registers the set with the credential manager, reading the
 * database path from strongswan.conf; reload follows a changed path */
static void test_plugin_registers(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	plugin_feature_t *features;
	shared_key_t *key;
	plugin_t *plugin;

	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	plugin = swanmobile_plugin_create();
	assert_int_equal(plugin->get_features(plugin, &features), 2);
	assert_null(lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw,
										 alice));
	fixture_log_reset();
	assert_true(features[0].arg.cb.f(plugin, &features[1], TRUE,
									 features[0].arg.cb.data));
	assert_false(fixture_log_has("registered"));
	/* what eap-mschapv2's get_nt_hash() does on the server */
	key = lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw, alice);
	assert_non_null(key);
	assert_int_equal(key->get_type(key), SHARED_NT_HASH);
	assert_int_equal(key->get_key(key).len, SM_NT_HASH_LEN);
	key->destroy(key);

	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   "/nonexistent/users.db", lib->ns);
	assert_true(plugin->reload(plugin));
	assert_null(lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw,
										 alice));
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	assert_true(plugin->reload(plugin));
	key = lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw, alice);
	assert_non_null(key);
	key->destroy(key);

	assert_true(features[0].arg.cb.f(plugin, &features[1], FALSE,
									 features[0].arg.cb.data));
	assert_false(fixture_log_has("registered"));
	assert_null(lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw,
										 alice));
	plugin->destroy(plugin);
	alice->destroy(alice);
}

/* eap_users = no in strongswan.conf turns the plugin's lookups off (the
 * plugin hands the set no path at all), and yes turns them on again */
static void test_plugin_eap_users_off(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	plugin_feature_t *features;
	shared_key_t *key;
	plugin_t *plugin;

	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	lib->settings->set_bool(lib->settings, "%s.plugins.swanmobile.eap_users",
							FALSE, lib->ns);
	plugin = swanmobile_plugin_create();
	assert_int_equal(plugin->get_features(plugin, &features), 2);
	fixture_log_reset();
	assert_true(features[0].arg.cb.f(plugin, &features[1], TRUE,
									 features[0].arg.cb.data));
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("not serving EAP users (eap_users = no)"));
	assert_null(lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw,
										 alice));

	lib->settings->set_bool(lib->settings, "%s.plugins.swanmobile.eap_users",
							TRUE, lib->ns);
	assert_true(plugin->reload(plugin));
	assert_true(fixture_last_log_has("serving EAP users from"));
	key = lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw, alice);
	assert_non_null(key);
	key->destroy(key);

	assert_true(features[0].arg.cb.f(plugin, &features[1], FALSE,
									 features[0].arg.cb.data));
	plugin->destroy(plugin);
	alice->destroy(alice);
}

/* no path (eap_users = no, users.backend: swanctl) turns the lookups off
 * quietly */
static void test_disabled_by_null_path(void **state)
{
	fixture_t *f = *state;
	identification_t *alice = identification_create_from_string("alice");
	shared_key_t *key;

	key = ask(f, SHARED_NT_HASH, gw, alice, NULL, NULL);
	assert_non_null(key);
	key->destroy(key);
	fixture_log_reset();
	f->users->set_path(f->users, NULL);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_last_log_has("not serving EAP users (eap_users = no)"));
	assert_null(ask(f, SHARED_NT_HASH, gw, alice, NULL, NULL));
	assert_null(ask(f, SHARED_ANY, gw, alice, NULL, NULL));
	/* no complaint per lookup */
	assert_int_equal(fixture_logged(), 1);
	f->users->set_path(f->users, f->path);
	assert_true(fixture_last_log_has("serving EAP users from"));
	alice->destroy(alice);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_found),
		T(test_not_found),
		T(test_own_identity),
		T(test_domain_user),
		T(test_wipes_hash),
		T(test_live_changes),
		T(test_deleted_and_recreated),
		T(test_replaced),
		T(test_corrupt),
		T(test_damaged_handle),
		T(test_log_changes),
		T(test_unsafe_mode),
		T(test_plugin_registers),
		T(test_plugin_eap_users_off),
		T(test_disabled_by_null_path),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup_lib, teardown_lib);
}
