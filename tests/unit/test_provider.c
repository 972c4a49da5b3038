/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Attribute provider tests: the plugin sources are compiled into this
 * binary and run against the installed libcharon.  The provider is
 * registered with charon's attribute manager and bus as the plugin does,
 * and is driven like ike_config does it, with real IKE_SA, peer and CHILD
 * configs (pools, traffic selectors, uniqueness policy, EAP identity) and a
 * user database made by lib/sm_userdb in a private directory
 * (tests/unit/provider_fixture.c on plugin_fixture.c).
 *
 * Covers every per-user address rule: static IPv4/IPv6 by EAP identity
 * (the IKE identity being the client's address, as Windows sends it), the
 * pool for users without one, disabled/unknown users, DOMAIN\user, a static
 * address never handed to a second identity (another user with the same
 * address, or a session that leased it from a pool), the two-sessions rule
 * per uniqueness policy, release; the user's DNS servers; pool matching;
 * the network list from the CHILD configs (reload, database changes,
 * concurrent lookups and the plugin: test_provider_plugin.c).
 */
#include "plugin_fixture.h"
#include "provider_fixture.h"

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
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, fixture_setup_daemon,
								  fixture_teardown_daemon);
}
