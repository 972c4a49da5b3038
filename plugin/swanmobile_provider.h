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
 * @defgroup swanmobile_provider swanmobile_provider
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_PROVIDER_H_
#define SWANMOBILE_PROVIDER_H_

#include "swanmobile_users.h"

#include <attributes/attribute_provider.h>
#include <bus/listeners/listener.h>

typedef struct swanmobile_provider_t swanmobile_provider_t;

/**
 * Attribute provider of the mobile profiles (charon.plugins.swanmobile.
 * pools.<name>, see swanmobile_attrs.h) and the per-user static addresses
 * and DNS servers of the user database.
 *
 * A connection belongs to a profile when one of its pools is named like
 * the profile.  To its clients the provider hands
 * - a static address, when the user (the EAP or XAuth identity, not the
 *   IKE identity) has one of the requested family in the user database,
 *   under the rules of swanmobile_leases.h; users without one get an
 *   address from the connection's other pools;
 * - once the client has a virtual IP, the profile's attributes, with the
 *   user's DNS servers instead of the profile's if the user has some, and
 *   the network list taken from the local traffic selectors of the
 *   connection's CHILD configs.
 *
 * charon asks providers in the order they registered, each with all pool
 * names of the connection: this provider must register before the one
 * serving the connection's other pools (vici's), which it does when the
 * plugin loads before vici (the default for a plugin charon does not know).
 */
struct swanmobile_provider_t {

	/**
	 * Implements attribute_provider_t.
	 */
	attribute_provider_t provider;

	/**
	 * The listener that tracks the virtual IPs of every IKE_SA; register
	 * it with the bus together with the provider.
	 *
	 * @return			listener (internal data)
	 */
	listener_t *(*get_listener)(swanmobile_provider_t *this);

	/**
	 * Read the profiles from the settings again; sessions that are up keep
	 * what they got.
	 */
	void (*reload)(swanmobile_provider_t *this);

	/**
	 * Destroy a swanmobile_provider_t.
	 */
	void (*destroy)(swanmobile_provider_t *this);
};

/**
 * Create the provider and read the profiles.
 *
 * @param users		user database, not owned (must outlive the provider)
 * @return			provider
 */
swanmobile_provider_t *swanmobile_provider_create(swanmobile_users_t *users);

#endif /** SWANMOBILE_PROVIDER_H_ @}*/
