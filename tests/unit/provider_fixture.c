/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture of the attribute provider tests, see provider_fixture.h.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>

#include "plugin_fixture.h"
#include "provider_fixture.h"

/* the provider on its own user database object, registered with charon's
 * attribute manager and bus as the plugin does it */
void register_provider(fixture_t *f)
{
	charon->attributes->add_provider(charon->attributes,
									 &f->provider->provider);
	charon->bus->add_listener(charon->bus,
							  f->provider->get_listener(f->provider));
}

void unregister_provider(fixture_t *f)
{
	charon->bus->remove_listener(charon->bus,
								 f->provider->get_listener(f->provider));
	charon->attributes->remove_provider(charon->attributes,
										&f->provider->provider);
}

int setup(void **state)
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

int teardown(void **state)
{
	fixture_t *f = *state;

	if (f->provider)
	{
		unregister_provider(f);
	}
	fixture_destroy(f);
	return 0;
}

/* a connection and a responder IKE_SA of it, authenticated as spec says */
ike_sa_t *make_sa(sa_spec_t spec)
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

linked_list_t *pools_of(ike_sa_t *sa)
{
	peer_cfg_t *cfg = sa->get_peer_cfg(sa);

	return linked_list_create_from_enumerator(cfg->create_pool_enumerator(cfg));
}

/* what ike_config does: acquire an address of the requested family from
 * all providers, add it to the IKE_SA, tell the bus; returns the address
 * as text ("" for none) in buf */
const char *assign(ike_sa_t *sa, const char *requested, char *buf,
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
void assign_other(ike_sa_t *sa, const char *address)
{
	host_t *vip = host_create_from_string((char *)address, 0);

	sa->add_virtual_ip(sa, FALSE, vip);
	charon->bus->assign_vips(charon->bus, sa, TRUE);
	vip->destroy(vip);
}

/* the attributes charon would send, as "TYPE VALUE|..." (must be freed) */
char *attributes(ike_sa_t *sa)
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
