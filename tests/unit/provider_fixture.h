/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file provider_fixture.h
 * The fixture of the attribute provider tests (test_provider.c,
 * test_provider_plugin.c), on top of plugin_fixture.h: a user database with
 * the same users in every test, the profiles (PROFILES), the provider on it
 * registered with charon's attribute manager and bus as the plugin does it,
 * and IKE_SAs driven like ike_config drives them.  Implemented in
 * provider_fixture.c.
 */
#ifndef PROVIDER_FIXTURE_H_
#define PROVIDER_FIXTURE_H_

#include "plugin_fixture.h"

/** the profiles of the tests */
#define PROFILES \
	"pools { rw { dns = 10.3.0.1\n default_domain = example.com\n" \
	"             network_list = yes }" \
	"        corp { dns = 10.4.0.1 } }"

/**
 * Register the provider of f with charon's attribute manager and bus, as
 * the plugin does it.
 */
void register_provider(fixture_t *f);

/**
 * Unregister what register_provider() registered.
 */
void unregister_provider(fixture_t *f);

/**
 * cmocka setup: a fixture_t whose database holds alice (static IPv4 and
 * IPv6 addresses inside the pools, own DNS server), bob@example.com
 * (nothing of his own), carol (disabled), dave (a static address outside
 * the pools), erin (found as CORP\erin too) and mallory (alice's address),
 * the settings PROFILES, the provider on it registered, the log reset.
 */
int setup(void **state);

/**
 * cmocka teardown of setup(); unregisters the provider if f still has one.
 */
int teardown(void **state);

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

/**
 * A connection and a responder IKE_SA of it, authenticated as spec says.
 *
 * @return				IKE_SA (must be destroyed)
 */
ike_sa_t *make_sa(sa_spec_t spec);

/**
 * The pool names of the connection of sa.
 *
 * @return				list of char* (points to internal data of the peer
 *						config; the list must be destroyed)
 */
linked_list_t *pools_of(ike_sa_t *sa);

/**
 * What ike_config does: acquire an address of the requested family from
 * all providers, add it to the IKE_SA, tell the bus.
 *
 * @return				the address as text ("" for none), in buf
 */
const char *assign(ike_sa_t *sa, const char *requested, char *buf,
				   size_t size);

/**
 * A session that leased an address from somewhere else (a swanctl pool):
 * the address added to sa, the bus told.
 */
void assign_other(ike_sa_t *sa, const char *address);

/**
 * The attributes charon would send to sa, as "TYPE VALUE|...".
 *
 * @return				text (must be freed)
 */
char *attributes(ike_sa_t *sa);

/** A test with the fixture. */
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

#endif /* PROVIDER_FIXTURE_H_ */
