/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Attribute provider tests around the plugin: a reload of the profiles and
 * of the database path, users changed in the database and a missing
 * database, concurrent lookups in strongSwan threads, the plugin's
 * symmetric registration, and the one user database object that the
 * plugin's credential set and provider share (tests/unit/provider_fixture.c;
 * the address rules and the attributes: test_provider.c).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#include "plugin_fixture.h"
#include "provider_fixture.h"
#include "swanmobile_plugin.h"
#include <sm_file.h>
#include <threading/thread.h>

/* a reload applies to the next client; a changed database path too (the
 * plugin sets it on the user database object the provider reads) */
static void test_reload(void **state)
{
	fixture_t *f = *state;
	char buf[64], *out;
	ike_sa_t *sa;

	fixture_settings("pools { rw { dns = 10.3.0.2 } }");
	f->provider->reload(f->provider);
	sa = make_sa((sa_spec_t){ .eap_id = "bob@example.com" });
	assign_other(sa, "10.3.200.50");
	out = attributes(sa);
	assert_string_equal(out, "3 10.3.0.2");
	free(out);
	sa->destroy(sa);

	f->users->set_path(f->users, NULL);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	f->users->set_path(f->users, f->path);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.5");
	sa->destroy(sa);
}

/* users added or changed in the database take effect at once; a missing
 * database is logged once and recovered from */
static void test_database_changes(void **state)
{
	fixture_t *f = *state;
	char buf[64], missing[160], err[256];
	sm_user_t user;
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = "bob@example.com" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	assert_int_equal(sm_userdb_get(f->db, "bob@example.com", &user),
					 SM_USERDB_OK);
	assert_true(sm_user_set_attrs(&user, "10.3.201.7", NULL, NULL, err,
								  sizeof(err)));
	assert_int_equal(sm_userdb_update(f->db, &user), SM_USERDB_OK);
	sm_user_wipe(&user);
	sa = make_sa((sa_spec_t){ .eap_id = "bob@example.com" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.7");
	sa->destroy(sa);

	snprintf(missing, sizeof(missing), "%s/missing.db", f->dir);
	/* logged when the path is set, not again by the lookups */
	fixture_log_reset();
	f->users->set_path(f->users, missing);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	assert_string_equal(assign(sa, "::", buf, sizeof(buf)), "");
	sa->destroy(sa);
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("does not exist"));
	/* the writer moves its WAL into the file when it closes */
	sm_userdb_close(f->db);
	f->db = NULL;
	assert_int_equal(rename(f->path, missing), 0);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.5");
	sa->destroy(sa);
	assert_true(fixture_log_has("usable again"));
}

/** shared state of the threads test */
typedef struct {
	int errors;
	pthread_mutex_t lock;
} race_t;

static race_t race = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* one thread: its own user (a static address each) assigned and released
 * many times; every answer must be the user's address */
static void *worker(void *arg)
{
	static const char *users[][2] = {
		{ "alice", "10.3.200.10" }, { "dave", "10.3.201.5" },
		{ "erin", "10.3.201.6" }, { "bob@example.com", "" },
	};
	int n = (int)(intptr_t)arg, i, errors = 0;
	char buf[64];
	ike_sa_t *sa;

	for (i = 0; i < 300; i++)
	{
		sa = make_sa((sa_spec_t){ .eap_id = users[n][0] });
		if (!streq(assign(sa, "0.0.0.0", buf, sizeof(buf)), users[n][1]))
		{
			errors++;
		}
		sa->destroy(sa);
	}
	pthread_mutex_lock(&race.lock);
	race.errors += errors;
	pthread_mutex_unlock(&race.lock);
	return NULL;
}

/* concurrent lookups on the pool's handles give consistent answers
 * (strongSwan threads, as charon's workers are) */
static void test_threads(void **state)
{
	thread_t *threads[4];
	int i;

	race.errors = 0;
	for (i = 0; i < countof(threads); i++)
	{
		threads[i] = thread_create(worker, (void*)(intptr_t)i);
		assert_non_null(threads[i]);
	}
	for (i = 0; i < countof(threads); i++)
	{
		threads[i]->join(threads[i]);
	}
	assert_int_equal(race.errors, 0);
}

/* the plugin registers the provider with the attribute manager and the bus
 * and unregisters both */
static void test_plugin_registers(void **state)
{
	fixture_t *f = *state;
	plugin_feature_t *features;
	plugin_t *plugin;
	char buf[64];
	ike_sa_t *sa;

	/* only the plugin's provider this time */
	unregister_provider(f);
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	plugin = swanmobile_plugin_create();
	assert_int_equal(plugin->get_features(plugin, &features), 2);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	assert_true(features[0].arg.cb.f(plugin, &features[1], TRUE,
									 features[0].arg.cb.data));
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.5");
	sa->destroy(sa);
	/* reload reads the profiles again */
	fixture_settings("");
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	assert_true(plugin->reload(plugin));
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	assert_true(features[0].arg.cb.f(plugin, &features[1], FALSE,
									 features[0].arg.cb.data));
	fixture_settings(PROFILES);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	plugin->destroy(plugin);
	/* the fixture's teardown unregisters its provider again */
	register_provider(f);
}

/* whether the credential manager serves the NT hash of user to gw, as
 * eap-mschapv2 asks for it */
static bool nt_hash_served(identification_t *gw, const char *user)
{
	identification_t *id;
	shared_key_t *key;

	id = identification_create_from_string((char *)user);
	key = lib->credmgr->get_shared(lib->credmgr, SHARED_NT_HASH, gw, id);
	id->destroy(id);
	DESTROY_IF(key);
	return key != NULL;
}

/* the static IPv4 address a new session of user gets ("" for none) */
static const char *address_of(const char *user, char *buf, size_t size)
{
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = user });
	assign(sa, "0.0.0.0", buf, size);
	sa->destroy(sa);
	return buf;
}

/* the plugin's credential set and provider read one user database object:
 * one pool of handles, one path that reload sets for both, one log line
 * per problem for both uses */
static void test_plugin_shares_users(void **state)
{
	fixture_t *f = *state;
	char buf[64], missing[192], away[192], garbage[4096];
	plugin_feature_t *features;
	identification_t *gw;
	plugin_t *plugin;
	size_t i;

	/* nothing of the fixture's open on the file, and only the plugin's
	 * provider registered */
	unregister_provider(f);
	f->provider->destroy(f->provider);
	f->provider = NULL;
	f->users->destroy(f->users);
	f->users = NULL;
	sm_userdb_close(f->db);
	f->db = NULL;
	assert_int_equal(fixture_fds_on(f->path), 0);

	gw = identification_create_from_string("vpn.example.com");
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	plugin = swanmobile_plugin_create();
	assert_int_equal(plugin->get_features(plugin, &features), 2);
	fixture_log_reset();
	assert_true(features[0].arg.cb.f(plugin, &features[1], TRUE,
									 features[0].arg.cb.data));
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("swanmobile: serving EAP users from"));

	/* one after the other, both use the one handle of the pool */
	assert_true(nt_hash_served(gw, "alice"));
	assert_string_equal(address_of("dave", buf, sizeof(buf)), "10.3.201.5");
	assert_true(nt_hash_served(gw, "dave"));
	assert_int_equal(fixture_fds_on(f->path), 1);

	/* reload sets the path for both, and its problem is said once */
	snprintf(missing, sizeof(missing), "%s/missing.db", f->dir);
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   missing, lib->ns);
	fixture_log_reset();
	assert_true(plugin->reload(plugin));
	for (i = 0; i < 3; i++)
	{
		assert_false(nt_hash_served(gw, "alice"));
		assert_string_equal(address_of("dave", buf, sizeof(buf)), "");
	}
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("does not exist; no EAP user is "
								"authenticated from it, and no static address "
								"or DNS server is assigned from it"));
	assert_int_equal(fixture_fds_on(f->path), 0);
	lib->settings->set_str(lib->settings, "%s.plugins.swanmobile.database",
						   f->path, lib->ns);
	assert_true(plugin->reload(plugin));
	assert_true(nt_hash_served(gw, "alice"));
	assert_string_equal(address_of("dave", buf, sizeof(buf)), "10.3.201.5");

	/* a damaged file: one line for both uses, then one when it is usable
	 * again */
	snprintf(away, sizeof(away), "%s.away", f->path);
	assert_int_equal(rename(f->path, away), 0);
	for (i = 0; i < sizeof(garbage); i++)
	{
		garbage[i] = (char)(i * 31 + 7);
	}
	assert_int_equal(sm_file_write(f->path, garbage, sizeof(garbage), 0600, 0,
								   NULL), 0);
	fixture_log_reset();
	for (i = 0; i < 3; i++)
	{
		assert_string_equal(address_of("dave", buf, sizeof(buf)), "");
		assert_false(nt_hash_served(gw, "alice"));
	}
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("is damaged or not a SQLite database"));
	assert_int_equal(rename(away, f->path), 0);
	assert_true(nt_hash_served(gw, "alice"));
	assert_string_equal(address_of("dave", buf, sizeof(buf)), "10.3.201.5");
	assert_int_equal(fixture_logged(), 2);
	assert_true(fixture_log_has("is usable again"));

	assert_true(features[0].arg.cb.f(plugin, &features[1], FALSE,
									 features[0].arg.cb.data));
	plugin->destroy(plugin);
	gw->destroy(gw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reload),
		T(test_database_changes),
		T(test_threads),
		T(test_plugin_registers),
		T(test_plugin_shares_users),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, fixture_setup_daemon,
								  fixture_teardown_daemon);
}
