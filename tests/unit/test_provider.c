/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Attribute provider tests: the plugin sources are compiled into this
 * binary and run against the installed libcharon.  The provider is
 * registered with charon's attribute manager and bus as the plugin does,
 * and is driven like ike_config does it, with real IKE_SA, peer and CHILD
 * configs (pools, traffic selectors, uniqueness policy, EAP identity) and a
 * user database made by lib/sm_userdb in a private directory.
 *
 * Covers every per-user address rule: static IPv4/IPv6 by EAP identity
 * (the IKE identity being the client's address, as Windows sends it), the
 * pool for users without one, disabled/unknown users, DOMAIN\user, a static
 * address never handed to a second identity (another user with the same
 * address, or a session that leased it from a pool), the two-sessions rule
 * per uniqueness policy, release; the user's DNS servers; pool matching;
 * the network list from the CHILD configs; reload; the plugin's symmetric
 * registration; a missing database; concurrent lookups.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <unistd.h>

#include "plugin_fixture.h"
#include "swanmobile_plugin.h"
#include <sm_file.h>
#include <threading/thread.h>

/** the profiles of the tests */
#define PROFILES \
	"pools { rw { dns = 10.3.0.1\n default_domain = example.com\n" \
	"             network_list = yes }" \
	"        corp { dns = 10.4.0.1 } }"

/* the provider on its own user database object, registered with charon's
 * attribute manager and bus as the plugin does it */
static void register_provider(fixture_t *f)
{
	charon->attributes->add_provider(charon->attributes,
									 &f->provider->provider);
	charon->bus->add_listener(charon->bus,
							  f->provider->get_listener(f->provider));
}

static void unregister_provider(fixture_t *f)
{
	charon->bus->remove_listener(charon->bus,
								 f->provider->get_listener(f->provider));
	charon->attributes->remove_provider(charon->attributes,
										&f->provider->provider);
}

static int setup(void **state)
{
	fixture_t *f = fixture_create("provider");

	/* alice: static addresses of both families inside the pools, own DNS */
	fixture_add(f, "alice", TRUE, "10.3.200.10", "2001:db8:200::10",
				"10.9.0.53");
	/* bob: none of his own */
	fixture_add(f, "bob@example.com", TRUE, "", "", "");
	/* carol: disabled */
	fixture_add(f, "carol", FALSE, "10.3.200.11", "", "");
	/* dave: a static address outside the pools */
	fixture_add(f, "dave", TRUE, "10.3.201.5", "", "");
	/* erin: found as CORP\erin too */
	fixture_add(f, "erin", TRUE, "10.3.201.6", "", "");
	/* mallory: alice's address, as `swanmobile user` allows */
	fixture_add(f, "mallory", TRUE, "10.3.200.10", "", "");
	fixture_settings(PROFILES);
	fixture_log_reset();
	f->users = swanmobile_users_create(f->path);
	assert_non_null(f->users);
	f->provider = swanmobile_provider_create(f->users);
	register_provider(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;

	if (f->provider)
	{
		unregister_provider(f);
	}
	fixture_destroy(f);
	return 0;
}

/** What a test IKE_SA looks like. */
typedef struct {
	ike_version_t version;
	/** EAP identity, NULL for none */
	const char *eap_id;
	/** IKE identity of the client */
	const char *ike_id;
	/** client's address and port */
	const char *peer;
	uint16_t port;
	unique_policy_t unique;
	/** the connection's pools, "a, b" */
	const char *pools;
	/** the CHILD config's local traffic selectors, "cidr, dynamic" */
	const char *local_ts;
} sa_spec_t;

/* a connection and a responder IKE_SA of it, authenticated as spec says */
static ike_sa_t *make_sa(sa_spec_t spec)
{
	static uint64_t next_spi = 1;
	uint64_t spi = __atomic_fetch_add(&next_spi, 2, __ATOMIC_RELAXED);
	ike_cfg_create_t ike = {
		.version = spec.version,
		.local = "192.0.2.1",
		.remote = "0.0.0.0",
		.local_port = 500,
		.remote_port = 500,
	};
	peer_cfg_create_t peer = {
		.unique = spec.unique,
	};
	child_cfg_create_t child = {
		.mode = MODE_TUNNEL,
	};
	enumerator_t *enumerator;
	identification_t *ike_id;
	child_cfg_t *child_cfg;
	peer_cfg_t *peer_cfg;
	ike_sa_id_t *sa_id;
	auth_cfg_t *auth;
	ike_sa_t *sa;
	char *token;

	peer_cfg = peer_cfg_create("rw", ike_cfg_create(&ike), &peer);
	enumerator = enumerator_create_token(spec.pools ?: "rw, rw-v4", ",", " ");
	while (enumerator->enumerate(enumerator, &token))
	{
		peer_cfg->add_pool(peer_cfg, token);
	}
	enumerator->destroy(enumerator);
	child_cfg = child_cfg_create("lan", &child);
	enumerator = enumerator_create_token(spec.local_ts ?: "10.3.0.0/24", ",",
										 " ");
	while (enumerator->enumerate(enumerator, &token))
	{
		child_cfg->add_traffic_selector(child_cfg, TRUE, streq(token, "dynamic")
				? traffic_selector_create_dynamic(0, 0, 65535)
				: traffic_selector_create_from_cidr(token, 0, 0, 65535));
	}
	enumerator->destroy(enumerator);
	peer_cfg->add_child_cfg(peer_cfg, child_cfg);

	sa_id = ike_sa_id_create(spec.version ?: IKEV2, spi, spi + 1, FALSE);
	sa = ike_sa_create(sa_id, FALSE, spec.version ?: IKEV2);
	sa_id->destroy(sa_id);
	sa->set_peer_cfg(sa, peer_cfg);
	peer_cfg->destroy(peer_cfg);
	sa->set_my_host(sa, host_create_from_string("192.0.2.1", 4500));
	sa->set_other_host(sa, host_create_from_string((char *)(spec.peer ?:
									"198.51.100.2"), spec.port ?: 4500));
	ike_id = identification_create_from_string(
							(char *)(spec.ike_id ?: "198.51.100.2"));
	sa->set_other_id(sa, ike_id->clone(ike_id));
	auth = auth_cfg_create();
	auth->add(auth, AUTH_RULE_IDENTITY, ike_id);
	if (spec.eap_id)
	{
		auth->add(auth, AUTH_RULE_EAP_IDENTITY,
				  identification_create_from_string((char *)spec.eap_id));
	}
	sa->add_auth_cfg(sa, FALSE, auth);
	return sa;
}

static linked_list_t *pools_of(ike_sa_t *sa)
{
	peer_cfg_t *cfg = sa->get_peer_cfg(sa);

	return linked_list_create_from_enumerator(cfg->create_pool_enumerator(cfg));
}

/* what ike_config does: acquire an address of the requested family from
 * all providers, add it to the IKE_SA, tell the bus; returns the address
 * as text ("" for none) in buf */
static const char *assign(ike_sa_t *sa, const char *requested, char *buf,
						  size_t size)
{
	linked_list_t *pools = pools_of(sa);
	host_t *req, *found;
	chunk_t addr;

	req = host_create_from_string((char *)requested, 0);
	found = charon->attributes->acquire_address(charon->attributes, pools, sa,
												req);
	buf[0] = '\0';
	if (found)
	{
		addr = found->get_address(found);
		inet_ntop(found->get_family(found), addr.ptr, buf, size);
		sa->add_virtual_ip(sa, FALSE, found);
		charon->bus->assign_vips(charon->bus, sa, TRUE);
		found->destroy(found);
	}
	req->destroy(req);
	pools->destroy(pools);
	return buf;
}

/* a session that leased an address from somewhere else (a swanctl pool) */
static void assign_other(ike_sa_t *sa, const char *address)
{
	host_t *vip = host_create_from_string((char *)address, 0);

	sa->add_virtual_ip(sa, FALSE, vip);
	charon->bus->assign_vips(charon->bus, sa, TRUE);
	vip->destroy(vip);
}

/* the attributes charon would send, as "TYPE VALUE|..." (must be freed) */
static char *attributes(ike_sa_t *sa)
{
	linked_list_t *pools = pools_of(sa), *vips = linked_list_create();
	configuration_attribute_type_t type;
	enumerator_t *enumerator;
	char *out = strdup(""), *tmp, text[INET6_ADDRSTRLEN];
	chunk_t value;
	host_t *vip;

	enumerator = sa->create_virtual_ip_enumerator(sa, FALSE);
	while (enumerator->enumerate(enumerator, &vip))
	{
		vips->insert_last(vips, vip);
	}
	enumerator->destroy(enumerator);
	enumerator = charon->attributes->create_responder_enumerator(
										charon->attributes, pools, sa, vips);
	while (enumerator->enumerate(enumerator, &type, &value))
	{
		if (value.len == 4 || value.len == 8)
		{
			inet_ntop(AF_INET, value.ptr, text, sizeof(text));
		}
		else
		{
			snprintf(text, sizeof(text), "%.*s", (int)value.len, value.ptr);
		}
		assert_true(asprintf(&tmp, "%s%s%d %s%s", out, *out ? "|" : "", type,
							 text, value.len == 8 ? "/.." : "") > 0);
		free(out);
		out = tmp;
	}
	enumerator->destroy(enumerator);
	vips->destroy(vips);
	pools->destroy(pools);
	return out;
}

/* a user gets its static addresses by EAP identity while the IKE identity
 * is the client's own address (Windows); others get nothing from the
 * provider (the pool serves them) */
static void test_static_by_eap_identity(void **state)
{
	char buf[64];
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = "alice" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	assert_string_equal(assign(sa, "::", buf, sizeof(buf)),
						"2001:db8:200::10");
	sa->destroy(sa);

	/* the IKE identity names alice, the EAP identity bob: bob counts */
	sa = make_sa((sa_spec_t){ .ike_id = "alice", .eap_id = "bob@example.com" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	/* case of the identity does not matter */
	sa = make_sa((sa_spec_t){ .eap_id = "DAVE" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.5");
	/* a requested address is not honoured, the static one is given */
	sa->destroy(sa);
	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(sa, "10.3.200.99", buf, sizeof(buf)),
						"10.3.201.5");
	/* no IPv6 address: from the pool */
	assert_string_equal(assign(sa, "::", buf, sizeof(buf)), "");
	sa->destroy(sa);
}

/* disabled, unknown and address identities get nothing; DOMAIN\user is
 * looked up as user */
static void test_other_users(void **state)
{
	char buf[64];
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = "carol" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	sa = make_sa((sa_spec_t){ .eap_id = "nobody" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	/* no EAP round: the IKE identity (an address) is no user */
	sa = make_sa((sa_spec_t){ .eap_id = NULL });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	sa->destroy(sa);
	sa = make_sa((sa_spec_t){ .eap_id = "CORP\\erin" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.6");
	sa->destroy(sa);
}

/* only connections that list a profile's pool are served */
static void test_pool_matching(void **state)
{
	char buf[64], *out;
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = "alice", .pools = "rw-v4, rw-v6" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "");
	assign_other(sa, "10.3.200.50");
	out = attributes(sa);
	assert_string_equal(out, "");
	free(out);
	sa->destroy(sa);

	sa = make_sa((sa_spec_t){ .eap_id = "bob@example.com",
							  .pools = "corp-v4, corp" });
	assign_other(sa, "10.4.200.50");
	out = attributes(sa);
	assert_string_equal(out, "3 10.4.0.1");
	free(out);
	sa->destroy(sa);
}

/* a static address is never handed to a second identity: not to another
 * user with the same address, not while a session leased it from a pool */
static void test_never_shared(void **state)
{
	ike_sa_t *alice, *mallory, *bob, *dave;
	char buf[64];

	alice = make_sa((sa_spec_t){ .eap_id = "alice" });
	assert_string_equal(assign(alice, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	mallory = make_sa((sa_spec_t){ .eap_id = "mallory",
								   .peer = "198.51.100.3" });
	fixture_log_reset();
	assert_string_equal(assign(mallory, "0.0.0.0", buf, sizeof(buf)), "");
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("is also that of 'alice', who holds it"));
	mallory->destroy(mallory);
	/* alice leaves: released through the attribute manager */
	alice->destroy(alice);
	mallory = make_sa((sa_spec_t){ .eap_id = "mallory",
								   .peer = "198.51.100.3" });
	assert_string_equal(assign(mallory, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	mallory->destroy(mallory);

	/* bob leased dave's address from a pool that includes it */
	bob = make_sa((sa_spec_t){ .eap_id = "bob@example.com",
							   .peer = "198.51.100.4" });
	assign_other(bob, "10.3.201.5");
	dave = make_sa((sa_spec_t){ .eap_id = "dave" });
	fixture_log_reset();
	assert_string_equal(assign(dave, "0.0.0.0", buf, sizeof(buf)), "");
	assert_int_equal(fixture_logged(), 1);
	assert_true(fixture_log_has("is in use by 'bob@example.com'"));
	dave->destroy(dave);
	bob->destroy(bob);
	dave = make_sa((sa_spec_t){ .eap_id = "dave" });
	assert_string_equal(assign(dave, "0.0.0.0", buf, sizeof(buf)),
						"10.3.201.5");
	dave->destroy(dave);
}

/* two sessions of one user with the default unique = replace: the newest
 * gets the address (charon deletes the older one); the older one's release
 * does not take it from the newer */
static void test_two_sessions_replace(void **state)
{
	ike_sa_t *first, *second, *third;
	char buf[64];

	first = make_sa((sa_spec_t){ .eap_id = "alice", .unique = UNIQUE_REPLACE,
								 .peer = "198.51.100.2" });
	assert_string_equal(assign(first, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	second = make_sa((sa_spec_t){ .eap_id = "alice", .unique = UNIQUE_REPLACE,
								  .peer = "203.0.113.9" });
	fixture_log_reset();
	assert_string_equal(assign(second, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	assert_true(fixture_log_has("moves to the newest session of 'alice'"));
	first->destroy(first);
	/* still the second session's: mallory cannot have it */
	third = make_sa((sa_spec_t){ .eap_id = "mallory", .peer = "192.0.2.77" });
	assert_string_equal(assign(third, "0.0.0.0", buf, sizeof(buf)), "");
	third->destroy(third);
	second->destroy(second);
	third = make_sa((sa_spec_t){ .eap_id = "mallory", .peer = "192.0.2.77" });
	assert_string_equal(assign(third, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	third->destroy(third);
}

/* with unique = no (several sessions per user allowed) the first session
 * keeps the address and later ones get a pool address; a new session from
 * the same address and port (reauthentication) takes it over */
static void test_two_sessions_no(void **state)
{
	ike_sa_t *first, *second, *reauth;
	char buf[64];

	first = make_sa((sa_spec_t){ .eap_id = "alice", .unique = UNIQUE_NO,
								 .peer = "198.51.100.2" });
	assert_string_equal(assign(first, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	second = make_sa((sa_spec_t){ .eap_id = "alice", .unique = UNIQUE_NO,
								  .peer = "198.51.100.2", .port = 4501 });
	fixture_log_reset();
	assert_string_equal(assign(second, "0.0.0.0", buf, sizeof(buf)), "");
	assert_true(fixture_log_has("held by another session of 'alice'"));
	second->destroy(second);
	reauth = make_sa((sa_spec_t){ .eap_id = "alice", .unique = UNIQUE_NO,
								  .peer = "198.51.100.2" });
	assert_string_equal(assign(reauth, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	first->destroy(first);
	reauth->destroy(reauth);
}

/* a virtual IP that two identities got (from pools that overlap) is
 * logged, naming both */
static void test_vip_shared(void **state)
{
	ike_sa_t *bob, *dave;

	bob = make_sa((sa_spec_t){ .eap_id = "bob@example.com",
							   .peer = "198.51.100.4" });
	assign_other(bob, "10.3.200.50");
	dave = make_sa((sa_spec_t){ .eap_id = "dave" });
	fixture_log_reset();
	assign_other(dave, "10.3.200.50");
	assert_int_equal(fixture_logged(), 1);
	assert_string_equal(fixture_last_log(), "swanmobile: virtual IP "
						"10.3.200.50 of 'bob@example.com' is also assigned to "
						"'dave'");
	dave->destroy(dave);
	bob->destroy(bob);
}

/* releasing is per identity and counted; other addresses are not ours */
static void test_release(void **state)
{
	linked_list_t *pools;
	ike_sa_t *sa, *bob;
	host_t *addr, *other;
	char buf[64];

	sa = make_sa((sa_spec_t){ .eap_id = "dave" });
	bob = make_sa((sa_spec_t){ .eap_id = "bob@example.com" });
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)), "10.3.201.5");
	pools = pools_of(sa);
	addr = host_create_from_string("10.3.201.5", 0);
	other = host_create_from_string("10.3.200.50", 0);
	assert_false(charon->attributes->release_address(charon->attributes,
													 pools, other, sa));
	assert_false(charon->attributes->release_address(charon->attributes,
													 pools, addr, bob));
	assert_true(charon->attributes->release_address(charon->attributes,
													pools, addr, sa));
	assert_false(charon->attributes->release_address(charon->attributes,
													 pools, addr, sa));
	sa->clear_virtual_ips(sa, FALSE);
	addr->destroy(addr);
	other->destroy(other);
	pools->destroy(pools);
	sa->destroy(sa);
	bob->destroy(bob);
}

/* the profile's attributes, the user's DNS servers replacing the
 * profile's, the network list from the CHILD configs ("dynamic" is the
 * gateway's own address); nothing without a virtual IP */
static void test_attributes(void **state)
{
	char buf[64], *out;
	ike_sa_t *sa;

	sa = make_sa((sa_spec_t){ .eap_id = "alice",
							  .local_ts = "10.3.0.0/24, dynamic" });
	out = attributes(sa);
	assert_string_equal(out, "");
	free(out);
	assert_string_equal(assign(sa, "0.0.0.0", buf, sizeof(buf)),
						"10.3.200.10");
	out = attributes(sa);
	assert_string_equal(out, "3 10.9.0.53|28674 example.com|"
						"25 example.com|13 10.3.0.0/..|13 192.0.2.1/..");
	free(out);
	sa->destroy(sa);

	sa = make_sa((sa_spec_t){ .eap_id = "bob@example.com" });
	assign_other(sa, "10.3.200.50");
	out = attributes(sa);
	assert_string_equal(out, "3 10.3.0.1|28674 example.com|25 example.com|"
						"13 10.3.0.0/..");
	free(out);
	sa->destroy(sa);
}

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

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_static_by_eap_identity),
		T(test_other_users),
		T(test_pool_matching),
		T(test_never_shared),
		T(test_two_sessions_replace),
		T(test_two_sessions_no),
		T(test_vip_shared),
		T(test_release),
		T(test_attributes),
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
