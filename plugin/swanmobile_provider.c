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

#include "swanmobile_provider.h"
#include "swanmobile_attrs.h"
#include "swanmobile_leases.h"

#include <daemon.h>
#include <threading/mutex.h>

typedef struct private_swanmobile_provider_t private_swanmobile_provider_t;

/**
 * Private data of a swanmobile_provider_t object.
 */
struct private_swanmobile_provider_t {

	/**
	 * Public interface.
	 */
	swanmobile_provider_t public;

	/**
	 * Current profiles, replaced on reload.
	 */
	swanmobile_attrs_t *attrs;

	/**
	 * Guards attrs (only while a reference is taken or replaced).
	 */
	mutex_t *mutex;

	/**
	 * The user database (not owned).
	 */
	swanmobile_users_t *users;

	/**
	 * Static address leases and the virtual IPs in use.
	 */
	swanmobile_leases_t *leases;
};

/**
 * Enumerator over a list of swanmobile_attr_t it owns.
 */
typedef struct {

	/**
	 * Implements enumerator_t.
	 */
	enumerator_t public;

	/**
	 * The attributes.
	 */
	linked_list_t *list;

	/**
	 * Enumerator over list.
	 */
	enumerator_t *inner;
} attribute_enumerator_t;

METHOD(enumerator_t, attribute_enumerate, bool,
	attribute_enumerator_t *this, va_list args)
{
	configuration_attribute_type_t *type;
	swanmobile_attr_t *attr;
	chunk_t *value;

	VA_ARGS_VGET(args, type, value);
	if (!this->inner->enumerate(this->inner, &attr))
	{
		return FALSE;
	}
	*type = attr->type;
	*value = attr->value;
	return TRUE;
}

METHOD(enumerator_t, attribute_destroy, void,
	attribute_enumerator_t *this)
{
	this->inner->destroy(this->inner);
	swanmobile_attr_list_destroy(this->list);
	free(this);
}

/**
 * A reference to the current profiles (destroy it).
 */
static swanmobile_attrs_t *get_attrs(private_swanmobile_provider_t *this)
{
	swanmobile_attrs_t *attrs;

	this->mutex->lock(this->mutex);
	attrs = this->attrs->get_ref(this->attrs);
	this->mutex->unlock(this->mutex);
	return attrs;
}

/**
 * Whether the IKE_SA's connection belongs to a profile.
 */
static bool has_profile(private_swanmobile_provider_t *this,
						linked_list_t *pools)
{
	swanmobile_attrs_t *attrs;
	bool found;

	attrs = get_attrs(this);
	found = attrs->find(attrs, pools) != NULL;
	attrs->destroy(attrs);
	return found;
}

/**
 * The static address of a user in the family of requested (must be
 * destroyed), NULL for none.
 */
static host_t *static_address(sm_user_t *user, host_t *requested)
{
	char *text;

	text = requested->get_family(requested) == AF_INET ? user->vip4
													   : user->vip6;
	return *text ? host_create_from_string(text, 0) : NULL;
}

/**
 * The DNS servers of a user (host_t*, must be destroyed), in their order;
 * addresses are stored in canonical form, anything unparsable is skipped.
 */
static linked_list_t *user_dns(sm_user_t *user)
{
	enumerator_t *enumerator;
	linked_list_t *list;
	host_t *host;
	char *token;

	list = linked_list_create();
	enumerator = enumerator_create_token(user->dns, ", ", ", ");
	while (enumerator->enumerate(enumerator, &token))
	{
		host = host_create_from_string(token, 0);
		if (host)
		{
			list->insert_last(list, host);
		}
	}
	enumerator->destroy(enumerator);
	return list;
}

METHOD(attribute_provider_t, acquire_address, host_t*,
	private_swanmobile_provider_t *this, linked_list_t *pools,
	ike_sa_t *ike_sa, host_t *requested)
{
	identification_t *id;
	peer_cfg_t *peer_cfg;
	host_t *address = NULL;
	unique_policy_t unique = UNIQUE_NO;
	sm_user_t user;

	if (!has_profile(this, pools))
	{
		return NULL;
	}
	id = ike_sa->get_other_eap_id(ike_sa);
	if (this->users->get(this->users, id, &user) != ID_MATCH_NONE)
	{
		address = static_address(&user, requested);
		sm_user_wipe(&user);
	}
	if (!address)
	{
		return NULL;
	}
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (peer_cfg)
	{
		unique = peer_cfg->get_unique_policy(peer_cfg);
	}
	if (!this->leases->acquire(this->leases, address, id,
							   ike_sa->get_other_host(ike_sa), unique))
	{
		address->destroy(address);
		return NULL;
	}
	DBG2(DBG_IKE, "swanmobile: assigning static address %H to '%Y'",
		 address, id);
	return address;
}

METHOD(attribute_provider_t, release_address, bool,
	private_swanmobile_provider_t *this, linked_list_t *pools,
	host_t *address, ike_sa_t *ike_sa)
{
	return this->leases->release(this->leases, address,
								 ike_sa->get_other_eap_id(ike_sa));
}

/**
 * The local traffic selectors of the CHILD configs of the IKE_SA's
 * connection (traffic_selector_t*, must be destroyed); "dynamic" stands for
 * the gateway's own address.
 */
static linked_list_t *local_networks(ike_sa_t *ike_sa)
{
	enumerator_t *enumerator;
	linked_list_t *networks, *current, *hosts;
	traffic_selector_t *ts;
	child_cfg_t *child_cfg;
	peer_cfg_t *peer_cfg;

	networks = linked_list_create();
	peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	if (!peer_cfg)
	{
		return networks;
	}
	hosts = linked_list_create_with_items(ike_sa->get_my_host(ike_sa), NULL);
	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &child_cfg))
	{
		current = child_cfg->get_traffic_selectors(child_cfg, TRUE, NULL,
												   hosts, FALSE);
		while (current->remove_first(current, (void**)&ts) == SUCCESS)
		{
			networks->insert_last(networks, ts);
		}
		current->destroy(current);
	}
	enumerator->destroy(enumerator);
	hosts->destroy(hosts);
	return networks;
}

/**
 * Whether strongSwan's unity plugin sends UNITY_SPLIT_INCLUDE to the
 * client (loaded, and the client is a Unity client).
 */
static bool unity_sends_split_include(ike_sa_t *ike_sa)
{
	return ike_sa->get_version(ike_sa) == IKEV1 &&
		   ike_sa->supports_extension(ike_sa, EXT_CISCO_UNITY) &&
		   lib->plugins->has_feature(lib->plugins,
									 PLUGIN_PROVIDE(CUSTOM, "unity"));
}

METHOD(attribute_provider_t, create_attribute_enumerator, enumerator_t*,
	private_swanmobile_provider_t *this, linked_list_t *pools,
	ike_sa_t *ike_sa, linked_list_t *vips)
{
	attribute_enumerator_t *enumerator;
	swanmobile_profile_t *profile;
	swanmobile_attrs_t *attrs;
	swanmobile_client_t client;
	linked_list_t *list = NULL, *dns = NULL;
	sm_user_t user;

	if (!vips->get_count(vips))
	{
		return NULL;
	}
	attrs = get_attrs(this);
	profile = attrs->find(attrs, pools);
	if (profile)
	{
		if (this->users->get(this->users, ike_sa->get_other_eap_id(ike_sa),
							 &user) != ID_MATCH_NONE)
		{
			dns = user_dns(&user);
			sm_user_wipe(&user);
		}
		client = (swanmobile_client_t){
			.version = ike_sa->get_version(ike_sa),
			.vips = vips,
			.dns = dns,
			.networks = attrs->network_list(attrs, profile)
							? local_networks(ike_sa) : NULL,
			.unity_split_include = unity_sends_split_include(ike_sa),
		};
		list = attrs->build(attrs, profile, &client);
		DESTROY_OFFSET_IF(client.networks, offsetof(traffic_selector_t,
													destroy));
		DESTROY_OFFSET_IF(dns, offsetof(host_t, destroy));
	}
	attrs->destroy(attrs);
	if (!list)
	{
		return NULL;
	}
	INIT(enumerator,
		.public = {
			.enumerate = enumerator_enumerate_default,
			.venumerate = _attribute_enumerate,
			.destroy = _attribute_destroy,
		},
		.list = list,
		.inner = list->create_enumerator(list),
	);
	return &enumerator->public;
}

METHOD(swanmobile_provider_t, get_listener, listener_t*,
	private_swanmobile_provider_t *this)
{
	return &this->leases->listener;
}

METHOD(swanmobile_provider_t, reload, void,
	private_swanmobile_provider_t *this)
{
	swanmobile_attrs_t *attrs, *old;

	attrs = swanmobile_attrs_create();
	this->mutex->lock(this->mutex);
	old = this->attrs;
	this->attrs = attrs;
	this->mutex->unlock(this->mutex);
	old->destroy(old);
}

METHOD(swanmobile_provider_t, destroy, void,
	private_swanmobile_provider_t *this)
{
	this->attrs->destroy(this->attrs);
	this->leases->destroy(this->leases);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * see header file
 */
swanmobile_provider_t *swanmobile_provider_create(swanmobile_users_t *users)
{
	private_swanmobile_provider_t *this;

	INIT(this,
		.public = {
			.provider = {
				.acquire_address = _acquire_address,
				.release_address = _release_address,
				.create_attribute_enumerator = _create_attribute_enumerator,
			},
			.get_listener = _get_listener,
			.reload = _reload,
			.destroy = _destroy,
		},
		.attrs = swanmobile_attrs_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.users = users,
		.leases = swanmobile_leases_create(),
	);

	return &this->public;
}
