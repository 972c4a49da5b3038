/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Copyright (C) 2026 The swanmobile developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.
 */

#include "swanmobile_attrs.h"

#include "sm_net.h"

#include <ctype.h>
#include <errno.h>

#include <library.h>
#include <bio/bio_writer.h>
#include <collections/array.h>
#include <crypto/proposal/proposal_keywords.h>
#include <selectors/traffic_selector.h>
#include <utils/debug.h>

/**
 * Longest attribute value (its length field has 16 bits).
 */
#define MAX_VALUE 65535

/**
 * Largest Diffie-Hellman group number accepted for pfs_group.
 */
#define MAX_PFS_GROUP 0xFFFF

/**
 * Size of one entry of UNITY_SPLIT_INCLUDE: address, mask and six bytes the
 * Cisco client reads as protocol and ports (sent as zero).
 */
#define SPLIT_INCLUDE_ENTRY 14

/**
 * The settings a profile section may hold (others are reported).
 */
static const char *known_keys[] = {
	"dns", "nbns", "default_domain", "split_dns", "network_list", "banner",
	"save_password", "pfs_group",
};

/**
 * One mobile profile.
 */
struct swanmobile_profile_t {

	/**
	 * Pool name the profile is keyed on.
	 */
	char *name;

	/**
	 * DNS servers in the configured order (host_t*).
	 */
	array_t *dns;

	/**
	 * WINS servers (host_t*, IPv4).
	 */
	array_t *nbns;

	/**
	 * Default search domain, NULL for none.
	 */
	char *default_domain;

	/**
	 * Split DNS domains (char*); the default domain if empty.
	 */
	array_t *split_dns;

	/**
	 * split_dns = %none: no split DNS domain at all.
	 */
	bool split_dns_none;

	/**
	 * Whether the network list is pushed.
	 */
	bool network_list;

	/**
	 * Login banner for IKEv1 clients, NULL for none.
	 */
	char *banner;

	/**
	 * Whether IKEv1 clients may save their password.
	 */
	bool save_password;

	/**
	 * PFS group pushed to IKEv1 clients, 0 for none.
	 */
	uint16_t pfs_group;
};

typedef struct private_swanmobile_attrs_t private_swanmobile_attrs_t;

/**
 * Private data of a swanmobile_attrs_t object.
 */
struct private_swanmobile_attrs_t {

	/**
	 * Public interface.
	 */
	swanmobile_attrs_t public;

	/**
	 * Profiles (swanmobile_profile_t*).
	 */
	array_t *profiles;

	/**
	 * References.
	 */
	refcount_t ref;
};

/**
 * One network of the network list.
 */
typedef struct {

	/**
	 * Network address.
	 */
	host_t *net;

	/**
	 * Prefix length.
	 */
	uint8_t bits;
} network_t;

static void network_destroy(network_t *this)
{
	this->net->destroy(this->net);
	free(this);
}

static void profile_destroy(swanmobile_profile_t *this)
{
	array_destroy_offset(this->dns, offsetof(host_t, destroy));
	array_destroy_offset(this->nbns, offsetof(host_t, destroy));
	array_destroy_function(this->split_dns, (void*)free, NULL);
	free(this->default_domain);
	free(this->banner);
	free(this->name);
	free(this);
}

/**
 * Whether a list of hosts holds an address equal to host.
 */
static bool has_host(array_t *hosts, host_t *host)
{
	enumerator_t *enumerator;
	host_t *current;
	bool found = FALSE;

	enumerator = array_create_enumerator(hosts);
	while (enumerator->enumerate(enumerator, &current))
	{
		if (current->ip_equals(current, host))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Whether a list of domains holds name (ignoring ASCII case).
 */
static bool has_domain(array_t *domains, const char *name)
{
	enumerator_t *enumerator;
	char *current;
	bool found = FALSE;

	enumerator = array_create_enumerator(domains);
	while (enumerator->enumerate(enumerator, &current))
	{
		if (strcaseeq(current, name))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * A copy of a DNS name without its trailing dot, if it has one: the name
 * sent (sm_dns_name_len()).
 */
static char *dup_name(const char *name)
{
	return strndup(name, sm_dns_name_len(name));
}

/**
 * Read a list of addresses (separated by commas and/or spaces) from key of
 * profile into hosts, skipping (and logging) what is not an address of an
 * allowed family and duplicates.
 */
static void load_hosts(swanmobile_profile_t *profile, char *key,
					   bool ipv6, array_t *hosts)
{
	enumerator_t *enumerator;
	host_t *host;
	char *value, *token;

	value = lib->settings->get_str(lib->settings, SWANMOBILE_POOLS_SECTION
								   ".%s.%s", NULL, lib->ns, profile->name,
								   key);
	if (!value)
	{
		return;
	}
	enumerator = enumerator_create_token(value, ", ", ", ");
	while (enumerator->enumerate(enumerator, &token))
	{
		host = host_create_from_string(token, 0);
		if (!host)
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.%s: '%s' is not an IP "
				 "address, ignored", profile->name, key, token);
			continue;
		}
		if (!ipv6 && host->get_family(host) != AF_INET)
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.%s: '%s' is not an IPv4 "
				 "address, ignored", profile->name, key, token);
			host->destroy(host);
			continue;
		}
		if (has_host(hosts, host))
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.%s: '%s' is listed twice, "
				 "sent once", profile->name, key, token);
			host->destroy(host);
			continue;
		}
		array_insert(hosts, ARRAY_TAIL, host);
	}
	enumerator->destroy(enumerator);
}

/**
 * Read split_dns of a profile.
 */
static void load_split_dns(swanmobile_profile_t *profile)
{
	enumerator_t *enumerator;
	char *value, *token, *name;
	sm_dns_err_t err;

	value = lib->settings->get_str(lib->settings, SWANMOBILE_POOLS_SECTION
								   ".%s.split_dns", NULL, lib->ns,
								   profile->name);
	if (!value)
	{
		return;
	}
	enumerator = enumerator_create_token(value, ", ", ", ");
	while (enumerator->enumerate(enumerator, &token))
	{
		if (streq(token, SWANMOBILE_SPLIT_DNS_NONE))
		{
			profile->split_dns_none = TRUE;
		}
		else if ((err = sm_dns_name_check(token, 0, NULL)) != SM_DNS_OK)
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.split_dns: '%s' is not a "
				 "DNS name (%s), ignored", profile->name, token,
				 sm_dns_strerror(err));
		}
		else
		{
			name = dup_name(token);
			if (has_domain(profile->split_dns, name))
			{
				DBG1(DBG_CFG, "swanmobile: pools.%s.split_dns: '%s' is "
					 "listed twice, sent once", profile->name, token);
				free(name);
			}
			else
			{
				array_insert(profile->split_dns, ARRAY_TAIL, name);
			}
		}
	}
	enumerator->destroy(enumerator);
	if (profile->split_dns_none && array_count(profile->split_dns))
	{
		DBG1(DBG_CFG, "swanmobile: pools.%s.split_dns: %s cannot be combined "
			 "with domains; no split DNS domain is sent", profile->name,
			 SWANMOBILE_SPLIT_DNS_NONE);
	}
}

/**
 * Read pfs_group of a profile: a group number or a key exchange keyword.
 */
static void load_pfs_group(swanmobile_profile_t *profile)
{
	const proposal_token_t *token;
	char *value, *end;
	u_long group;

	value = lib->settings->get_str(lib->settings, SWANMOBILE_POOLS_SECTION
								   ".%s.pfs_group", NULL, lib->ns,
								   profile->name);
	if (!value || !*value)
	{
		return;
	}
	errno = 0;
	group = strtoul(value, &end, 10);
	if (isdigit((unsigned char)*value) && !*end && !errno &&
		group <= MAX_PFS_GROUP)
	{
		profile->pfs_group = group;
		return;
	}
	token = lib->proposal->get_token(lib->proposal, value);
	if (token && token->type == KEY_EXCHANGE_METHOD)
	{
		profile->pfs_group = token->algorithm;
		return;
	}
	DBG1(DBG_CFG, "swanmobile: pools.%s.pfs_group: '%s' is neither a group "
		 "number nor a key exchange method such as modp2048, ignored",
		 profile->name, value);
}

/**
 * Report keys of a profile section that are not settings.
 */
static void check_keys(swanmobile_profile_t *profile)
{
	enumerator_t *enumerator;
	char *key, *value;
	int i;
	bool known;

	enumerator = lib->settings->create_key_value_enumerator(lib->settings,
						SWANMOBILE_POOLS_SECTION ".%s", lib->ns, profile->name);
	while (enumerator->enumerate(enumerator, &key, &value))
	{
		known = FALSE;
		for (i = 0; i < countof(known_keys); i++)
		{
			known = known || streq(key, known_keys[i]);
		}
		if (!known)
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.%s is not a setting, ignored",
				 profile->name, key);
		}
	}
	enumerator->destroy(enumerator);
}

/**
 * Read one profile section.
 */
static swanmobile_profile_t *load_profile(char *name)
{
	swanmobile_profile_t *this;
	char *domain, *banner;
	sm_dns_err_t err;

	INIT(this,
		.name = strdup(name),
		.dns = array_create(0, 0),
		.nbns = array_create(0, 0),
		.split_dns = array_create(0, 0),
	);

	check_keys(this);
	load_hosts(this, "dns", TRUE, this->dns);
	load_hosts(this, "nbns", FALSE, this->nbns);
	domain = lib->settings->get_str(lib->settings, SWANMOBILE_POOLS_SECTION
									".%s.default_domain", NULL, lib->ns, name);
	if (domain && *domain)
	{
		err = sm_dns_name_check(domain, 0, NULL);
		if (err == SM_DNS_OK)
		{
			this->default_domain = dup_name(domain);
		}
		else
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.default_domain: '%s' is not "
				 "a DNS name (%s), ignored", name, domain,
				 sm_dns_strerror(err));
		}
	}
	load_split_dns(this);
	this->network_list = lib->settings->get_bool(lib->settings,
							SWANMOBILE_POOLS_SECTION ".%s.network_list", FALSE,
							lib->ns, name);
	banner = lib->settings->get_str(lib->settings, SWANMOBILE_POOLS_SECTION
									".%s.banner", NULL, lib->ns, name);
	if (banner && *banner)
	{
		if (strlen(banner) <= MAX_VALUE)
		{
			this->banner = strdup(banner);
		}
		else
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.banner is longer than %d "
				 "bytes, ignored", name, MAX_VALUE);
		}
	}
	this->save_password = lib->settings->get_bool(lib->settings,
							SWANMOBILE_POOLS_SECTION ".%s.save_password", FALSE,
							lib->ns, name);
	load_pfs_group(this);
	return this;
}

METHOD(swanmobile_attrs_t, find, swanmobile_profile_t*,
	private_swanmobile_attrs_t *this, linked_list_t *pools)
{
	enumerator_t *names, *profiles;
	swanmobile_profile_t *profile, *found = NULL;
	char *name;

	names = pools->create_enumerator(pools);
	while (!found && names->enumerate(names, &name))
	{
		profiles = array_create_enumerator(this->profiles);
		while (profiles->enumerate(profiles, &profile))
		{
			if (streq(profile->name, name))
			{
				found = profile;
				break;
			}
		}
		profiles->destroy(profiles);
	}
	names->destroy(names);
	return found;
}

METHOD(swanmobile_attrs_t, network_list, bool,
	private_swanmobile_attrs_t *this, swanmobile_profile_t *profile)
{
	return profile->network_list;
}

/**
 * Whether the client got a virtual IP of a family.
 */
static bool has_family(swanmobile_client_t *client, int family)
{
	enumerator_t *enumerator;
	host_t *vip;
	bool found = FALSE;

	enumerator = client->vips->create_enumerator(client->vips);
	while (enumerator->enumerate(enumerator, &vip))
	{
		if (vip->get_family(vip) == family)
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Append an attribute to a list; value gets owned.
 */
static void add(linked_list_t *list, configuration_attribute_type_t type,
				chunk_t value)
{
	swanmobile_attr_t *attr;

	INIT(attr,
		.type = type,
		.value = value,
	);
	list->insert_last(list, attr);
}

/**
 * Append a string attribute (without a terminating NUL).
 */
static void add_string(linked_list_t *list, configuration_attribute_type_t type,
					   char *value)
{
	add(list, type, chunk_clone(chunk_from_str(value)));
}

/**
 * Append a 16-bit value in network order.
 */
static void add_uint16(linked_list_t *list, configuration_attribute_type_t type,
					   uint16_t value)
{
	value = htons(value);
	add(list, type, chunk_clone(chunk_from_thing(value)));
}

/**
 * Append the DNS servers of a family the client got an address of, from an
 * enumerator over host_t* (gets destroyed), skipping duplicates.
 */
static void add_dns(linked_list_t *list, swanmobile_client_t *client,
					enumerator_t *enumerator)
{
	array_t *sent;
	host_t *dns;
	bool v4, v6;

	v4 = has_family(client, AF_INET);
	v6 = has_family(client, AF_INET6);
	sent = array_create(0, 0);
	while (enumerator->enumerate(enumerator, &dns))
	{
		if (has_host(sent, dns))
		{
			continue;
		}
		if (dns->get_family(dns) == AF_INET && v4)
		{
			add(list, INTERNAL_IP4_DNS, chunk_clone(dns->get_address(dns)));
		}
		else if (dns->get_family(dns) == AF_INET6 && v6)
		{
			add(list, INTERNAL_IP6_DNS, chunk_clone(dns->get_address(dns)));
		}
		array_insert(sent, ARRAY_TAIL, dns);
	}
	enumerator->destroy(enumerator);
	array_destroy(sent);
}

/**
 * Append the split DNS domains: INTERNAL_DNS_DOMAIN (RFC 8598), one per
 * domain, for IKEv2; one UNITY_SPLITDNS_NAME with the domains separated by
 * commas (as Cisco gateways send it) for IKEv1.  Without split DNS domains
 * the default domain is the split domain; split_dns = %none sends none.
 */
static void add_split_dns(linked_list_t *list, swanmobile_profile_t *profile,
						  ike_version_t version)
{
	enumerator_t *enumerator;
	bio_writer_t *writer;
	char *domain;

	if (profile->split_dns_none)
	{
		return;
	}
	if (!array_count(profile->split_dns))
	{
		if (profile->default_domain)
		{
			add_string(list, version == IKEV1 ? UNITY_SPLITDNS_NAME
											  : INTERNAL_DNS_DOMAIN,
					   profile->default_domain);
		}
		return;
	}
	if (version != IKEV1)
	{
		enumerator = array_create_enumerator(profile->split_dns);
		while (enumerator->enumerate(enumerator, &domain))
		{
			add_string(list, INTERNAL_DNS_DOMAIN, domain);
		}
		enumerator->destroy(enumerator);
		return;
	}
	writer = bio_writer_create(64);
	enumerator = array_create_enumerator(profile->split_dns);
	while (enumerator->enumerate(enumerator, &domain))
	{
		if (writer->get_buf(writer).len)
		{
			writer->write_data(writer, chunk_from_chars(','));
		}
		writer->write_data(writer, chunk_from_str(domain));
	}
	enumerator->destroy(enumerator);
	add(list, UNITY_SPLITDNS_NAME, writer->extract_buf(writer));
	writer->destroy(writer);
}

/**
 * Whether a network list holds a network.
 */
static bool has_network(linked_list_t *networks, network_t *network)
{
	enumerator_t *enumerator;
	network_t *current;
	bool found = FALSE;

	enumerator = networks->create_enumerator(networks);
	while (enumerator->enumerate(enumerator, &current))
	{
		if (current->bits == network->bits &&
			current->net->ip_equals(current->net, network->net))
		{
			found = TRUE;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * The networks of the traffic selectors that are exact subnets of a family
 * the client got an address of, without duplicates (network_t*).
 */
static linked_list_t *collect_networks(swanmobile_client_t *client)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	linked_list_t *networks;
	network_t *network;
	host_t *net;
	uint8_t bits;
	bool v4, v6;

	networks = linked_list_create();
	if (!client->networks)
	{
		return networks;
	}
	v4 = has_family(client, AF_INET);
	v6 = has_family(client, AF_INET6);
	enumerator = client->networks->create_enumerator(client->networks);
	while (enumerator->enumerate(enumerator, &ts))
	{
		net = NULL;
		if (!ts->to_subnet(ts, &net, &bits))
		{
			DBG2(DBG_IKE, "swanmobile: %R is not a subnet, left out of the "
				 "network list", ts);
			DESTROY_IF(net);
			continue;
		}
		if ((net->get_family(net) == AF_INET && !v4) ||
			(net->get_family(net) == AF_INET6 && !v6))
		{
			net->destroy(net);
			continue;
		}
		INIT(network,
			.net = net,
			.bits = bits,
		);
		if (has_network(networks, network))
		{
			network_destroy(network);
			continue;
		}
		networks->insert_last(networks, network);
	}
	enumerator->destroy(enumerator);
	return networks;
}

/**
 * Append the network list: INTERNAL_IP4/6_SUBNET per network, and for IKEv1
 * one UNITY_SPLIT_INCLUDE with every IPv4 network but 0.0.0.0/0 (unless
 * the unity plugin sends it).
 */
static void add_networks(linked_list_t *list, swanmobile_client_t *client)
{
	enumerator_t *enumerator;
	linked_list_t *networks;
	network_t *network;
	bio_writer_t *split;
	host_t *mask;

	networks = collect_networks(client);
	split = bio_writer_create(SPLIT_INCLUDE_ENTRY);
	enumerator = networks->create_enumerator(networks);
	while (enumerator->enumerate(enumerator, &network))
	{
		if (network->net->get_family(network->net) == AF_INET6)
		{
			add(list, INTERNAL_IP6_SUBNET,
				chunk_cat("cc", network->net->get_address(network->net),
						  chunk_from_thing(network->bits)));
			continue;
		}
		mask = host_create_netmask(AF_INET, network->bits);
		add(list, INTERNAL_IP4_SUBNET,
			chunk_cat("cc", network->net->get_address(network->net),
					  mask->get_address(mask)));
		if (network->bits && split->get_buf(split).len +
			SPLIT_INCLUDE_ENTRY <= MAX_VALUE)
		{
			split->write_data(split, network->net->get_address(network->net));
			split->write_data(split, mask->get_address(mask));
			split->write_uint16(split, 0);
			split->write_uint32(split, 0);
		}
		mask->destroy(mask);
	}
	enumerator->destroy(enumerator);
	if (client->version == IKEV1 && !client->unity_split_include &&
		split->get_buf(split).len)
	{
		add(list, UNITY_SPLIT_INCLUDE, split->extract_buf(split));
	}
	split->destroy(split);
	networks->destroy_function(networks, (void*)network_destroy);
}

METHOD(swanmobile_attrs_t, build, linked_list_t*,
	private_swanmobile_attrs_t *this, swanmobile_profile_t *profile,
	swanmobile_client_t *client)
{
	linked_list_t *list;
	host_t *nbns;
	enumerator_t *enumerator;

	list = linked_list_create();
	if (!client->vips->get_count(client->vips))
	{
		return list;
	}
	if (client->dns && client->dns->get_count(client->dns))
	{
		add_dns(list, client, client->dns->create_enumerator(client->dns));
	}
	else
	{
		add_dns(list, client, array_create_enumerator(profile->dns));
	}
	if (has_family(client, AF_INET))
	{
		enumerator = array_create_enumerator(profile->nbns);
		while (enumerator->enumerate(enumerator, &nbns))
		{
			add(list, INTERNAL_IP4_NBNS, chunk_clone(nbns->get_address(nbns)));
		}
		enumerator->destroy(enumerator);
	}
	if (profile->default_domain)
	{
		add_string(list, UNITY_DEF_DOMAIN, profile->default_domain);
	}
	add_split_dns(list, profile, client->version);
	if (profile->network_list)
	{
		add_networks(list, client);
	}
	if (client->version == IKEV1)
	{
		if (profile->banner)
		{
			add_string(list, UNITY_BANNER, profile->banner);
		}
		if (profile->save_password)
		{
			add_uint16(list, UNITY_SAVE_PASSWD, 1);
		}
		if (profile->pfs_group)
		{
			add_uint16(list, UNITY_PFS, profile->pfs_group);
		}
	}
	return list;
}

METHOD(swanmobile_attrs_t, get_count, u_int,
	private_swanmobile_attrs_t *this)
{
	return array_count(this->profiles);
}

METHOD(swanmobile_attrs_t, get_ref, swanmobile_attrs_t*,
	private_swanmobile_attrs_t *this)
{
	ref_get(&this->ref);
	return &this->public;
}

METHOD(swanmobile_attrs_t, destroy, void,
	private_swanmobile_attrs_t *this)
{
	if (ref_put(&this->ref))
	{
		array_destroy_function(this->profiles, (void*)profile_destroy, NULL);
		free(this);
	}
}

/*
 * see header file
 */
swanmobile_attrs_t *swanmobile_attrs_create()
{
	private_swanmobile_attrs_t *this;
	enumerator_t *enumerator;
	char *name;

	INIT(this,
		.public = {
			.find = _find,
			.network_list = _network_list,
			.build = _build,
			.get_count = _get_count,
			.get_ref = _get_ref,
			.destroy = _destroy,
		},
		.profiles = array_create(0, 0),
		.ref = 1,
	);

	enumerator = lib->settings->create_section_enumerator(lib->settings,
											SWANMOBILE_POOLS_SECTION, lib->ns);
	while (enumerator->enumerate(enumerator, &name))
	{
		array_insert(this->profiles, ARRAY_TAIL, load_profile(name));
	}
	enumerator->destroy(enumerator);
	DBG1(DBG_CFG, "swanmobile: loaded %u mobile profile%s",
		 array_count(this->profiles),
		 array_count(this->profiles) == 1 ? "" : "s");
	return &this->public;
}

/*
 * see header file
 */
void swanmobile_attr_list_destroy(linked_list_t *list)
{
	swanmobile_attr_t *attr;

	if (!list)
	{
		return;
	}
	while (list->remove_first(list, (void**)&attr) == SUCCESS)
	{
		chunk_free(&attr->value);
		free(attr);
	}
	list->destroy(list);
}
