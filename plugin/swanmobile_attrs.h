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

/**
 * @defgroup swanmobile_attrs swanmobile_attrs
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_ATTRS_H_
#define SWANMOBILE_ATTRS_H_

#include <attributes/attributes.h>
#include <collections/linked_list.h>
#include <sa/ike_sa.h>

/**
 * Settings section of the mobile profiles, below charon.plugins.swanmobile:
 * pools.<name> { dns = ... }, keyed by the pool name a connection lists.
 */
#define SWANMOBILE_POOLS_SECTION "%s.plugins.swanmobile.pools"

/**
 * Value of split_dns that sends no split DNS domain at all.
 */
#define SWANMOBILE_SPLIT_DNS_NONE "%none"

typedef struct swanmobile_attrs_t swanmobile_attrs_t;
typedef struct swanmobile_profile_t swanmobile_profile_t;

/**
 * One configuration attribute to send.
 */
typedef struct {

	/**
	 * Attribute type.
	 */
	configuration_attribute_type_t type;

	/**
	 * Encoded value (allocated).
	 */
	chunk_t value;
} swanmobile_attr_t;

/**
 * What is known about a client when its attributes are built.
 */
typedef struct {

	/**
	 * IKE version of its IKE_SA.
	 */
	ike_version_t version;

	/**
	 * Virtual IPs assigned to it (host_t*); DNS servers and networks of a
	 * family it got no address of are left out.
	 */
	linked_list_t *vips;

	/**
	 * The user's own DNS servers (host_t*), which replace the profile's;
	 * NULL for none.
	 */
	linked_list_t *dns;

	/**
	 * Local traffic selectors of its connection (traffic_selector_t*), the
	 * network list; NULL if none.
	 */
	linked_list_t *networks;

	/**
	 * Whether strongSwan's unity plugin sends UNITY_SPLIT_INCLUDE to this
	 * client (then it is not sent twice).
	 */
	bool unity_split_include;
} swanmobile_client_t;

/**
 * The mobile profiles of charon.plugins.swanmobile.pools: the attributes
 * pushed to clients of the connections that list a profile's name in their
 * pools.  Read once from the settings; a reload creates a new object.
 * Immutable after creation, so it may be shared between threads; it is
 * reference counted.
 */
struct swanmobile_attrs_t {

	/**
	 * The profile of a connection: that of the first of its pools that has
	 * one.
	 *
	 * @param pools		pool names of the connection (char*)
	 * @return			profile (internal data, valid while this object
	 *					lives), NULL if no pool has one
	 */
	swanmobile_profile_t *(*find)(swanmobile_attrs_t *this,
								  linked_list_t *pools);

	/**
	 * Whether a profile pushes the network list.
	 *
	 * @param profile	profile from find()
	 * @return			TRUE if it does
	 */
	bool (*network_list)(swanmobile_attrs_t *this,
						 swanmobile_profile_t *profile);

	/**
	 * Build the attributes of a profile for a client: none for a client
	 * without a virtual IP; no attribute twice; DNS servers in the
	 * configured order.
	 *
	 * @param profile	profile from find()
	 * @param client	the client
	 * @return			list of swanmobile_attr_t (must be destroyed with
	 *					swanmobile_attr_list_destroy())
	 */
	linked_list_t *(*build)(swanmobile_attrs_t *this,
							swanmobile_profile_t *profile,
							swanmobile_client_t *client);

	/**
	 * Number of profiles.
	 *
	 * @return			number of profiles
	 */
	u_int (*get_count)(swanmobile_attrs_t *this);

	/**
	 * Get a new reference.
	 *
	 * @return			this, with one more reference
	 */
	swanmobile_attrs_t *(*get_ref)(swanmobile_attrs_t *this);

	/**
	 * Drop a reference; the last one destroys the object.
	 */
	void (*destroy)(swanmobile_attrs_t *this);
};

/**
 * Read the profiles from lib->settings, logging every value that is
 * ignored (naming the key) and a summary.
 *
 * @return			profiles (one reference)
 */
swanmobile_attrs_t *swanmobile_attrs_create();

/**
 * Destroy a list returned by swanmobile_attrs_t.build().  NULL is fine.
 *
 * @param list		list of swanmobile_attr_t
 */
void swanmobile_attr_list_destroy(linked_list_t *list);

#endif /** SWANMOBILE_ATTRS_H_ @}*/
