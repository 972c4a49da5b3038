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
 * @defgroup swanmobile_leases swanmobile_leases
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_LEASES_H_
#define SWANMOBILE_LEASES_H_

#include <bus/listeners/listener.h>
#include <config/peer_cfg.h>

typedef struct swanmobile_leases_t swanmobile_leases_t;

/**
 * Who holds which static address, and which virtual IPs are in use at all.
 *
 * A static address belongs to one user (the database's owner of it) and is
 * held by at most one of that user's sessions at a time:
 * - it is never handed out while another identity holds it, whether it got
 *   it from this table or leased from a pool (tracked through the
 *   assign_vips hook of every IKE_SA, as a listener);
 * - a new session of the same user from the same remote address and port
 *   (a reauthentication) takes it over;
 * - a new session from elsewhere takes it over when the connection replaces
 *   duplicates (unique = replace, or keep): the newest replaces the oldest,
 *   charon deletes the older session;
 * - with unique = no or never (several sessions per user allowed) the
 *   older session keeps it and the new one gets an address from a pool.
 *
 * Leases are kept by address and identity, like charon's in-memory pools,
 * so they survive IKE_SA rekeying (which moves virtual IPs without
 * releasing them).  All operations are in memory under one mutex.
 */
struct swanmobile_leases_t {

	/**
	 * Implements listener_t: tracks the virtual IPs of every IKE_SA.
	 */
	listener_t listener;

	/**
	 * Lease a user's static address to one of its sessions.
	 *
	 * @param address	the static address
	 * @param id		identity of the user
	 * @param peer		remote IKE address and port of the session
	 * @param unique	uniqueness policy of the session's connection
	 * @return			TRUE if the session may use the address
	 */
	bool (*acquire)(swanmobile_leases_t *this, host_t *address,
					identification_t *id, host_t *peer,
					unique_policy_t unique);

	/**
	 * Release a static address a session of a user held.
	 *
	 * @param address	the address
	 * @param id		identity of the user
	 * @return			TRUE if it was a static lease of that user
	 */
	bool (*release)(swanmobile_leases_t *this, host_t *address,
					identification_t *id);

	/**
	 * Number of sessions holding a static address.
	 *
	 * @param address	the address
	 * @return			number of sessions, 0 if it is free
	 */
	u_int (*get_online)(swanmobile_leases_t *this, host_t *address);

	/**
	 * Destroy a swanmobile_leases_t.
	 */
	void (*destroy)(swanmobile_leases_t *this);
};

/**
 * Create an empty lease table.
 *
 * @return			lease table
 */
swanmobile_leases_t *swanmobile_leases_create();

#endif /** SWANMOBILE_LEASES_H_ @}*/
