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

#include "swanmobile_attrs_int.h"

#include <library.h>
#include <bio/bio_writer.h>
#include <selectors/traffic_selector.h>
#include <utils/debug.h>

/**
 * Size of one entry of UNITY_SPLIT_INCLUDE: address, mask and six bytes the
 * Cisco client reads as protocol and ports (sent as zero).
 */
#define SPLIT_INCLUDE_ENTRY 14

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
		if (swanmobile_has_host(sent, dns))
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
			SPLIT_INCLUDE_ENTRY <= SWANMOBILE_MAX_VALUE)
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

/*
 * see header file
 */
linked_list_t *swanmobile_profile_build(swanmobile_profile_t *profile,
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
