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

#include "swanmobile_leases.h"

#include <daemon.h>
#include <collections/hashtable.h>
#include <threading/mutex.h>

typedef struct private_swanmobile_leases_t private_swanmobile_leases_t;

/**
 * Private data of a swanmobile_leases_t object.
 */
struct private_swanmobile_leases_t {

	/**
	 * Public interface.
	 */
	swanmobile_leases_t public;

	/**
	 * Static addresses handed out, host_t* => entry_t*.
	 */
	hashtable_t *statics;

	/**
	 * Virtual IPs of all IKE_SAs, host_t* => entry_t*.
	 */
	hashtable_t *vips;

	/**
	 * Guards both tables.
	 */
	mutex_t *mutex;
};

/**
 * An address in use.
 */
typedef struct {

	/**
	 * The address (the key).
	 */
	host_t *address;

	/**
	 * Identity holding it (of the newest session).
	 */
	identification_t *id;

	/**
	 * Remote IKE address and port of the newest session (statics only).
	 */
	host_t *peer;

	/**
	 * Number of sessions holding it (entries are removed at 0).
	 */
	u_int online;
} entry_t;

static entry_t *entry_create(host_t *address, identification_t *id,
							 host_t *peer)
{
	entry_t *this;

	INIT(this,
		.address = address->clone(address),
		.id = id->clone(id),
		.peer = peer ? peer->clone(peer) : NULL,
	);
	return this;
}

static void entry_destroy(entry_t *this)
{
	this->address->destroy(this->address);
	this->id->destroy(this->id);
	DESTROY_IF(this->peer);
	free(this);
}

/**
 * Hash of an address (ports ignored).
 */
static u_int address_hash(host_t *key)
{
	return chunk_hash(key->get_address(key));
}

/**
 * Equality of addresses (ports ignored).
 */
static bool address_equals(host_t *a, host_t *b)
{
	return a->ip_equals(a, b);
}

METHOD(listener_t, assign_vips, bool,
	private_swanmobile_leases_t *this, ike_sa_t *ike_sa, bool assign)
{
	identification_t *id;
	enumerator_t *enumerator;
	entry_t *entry;
	host_t *vip;

	id = ike_sa->get_other_eap_id(ike_sa);
	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, FALSE);
	this->mutex->lock(this->mutex);
	while (enumerator->enumerate(enumerator, &vip))
	{
		entry = this->vips->get(this->vips, vip);
		if (assign)
		{
			if (!entry)
			{
				entry = entry_create(vip, id, NULL);
				this->vips->put(this->vips, entry->address, entry);
			}
			else if (!entry->id->equals(entry->id, id))
			{
				DBG1(DBG_CFG, "swanmobile: virtual IP %H of '%Y' is also "
					 "assigned to '%Y'", vip, entry->id, id);
			}
			entry->online++;
		}
		else if (entry && --entry->online == 0)
		{
			this->vips->remove(this->vips, vip);
			entry_destroy(entry);
		}
	}
	this->mutex->unlock(this->mutex);
	enumerator->destroy(enumerator);
	return TRUE;
}

METHOD(swanmobile_leases_t, acquire, bool,
	private_swanmobile_leases_t *this, host_t *address, identification_t *id,
	host_t *peer, unique_policy_t unique)
{
	entry_t *entry, *vip;
	bool ok = FALSE;

	this->mutex->lock(this->mutex);
	entry = this->statics->get(this->statics, address);
	if (entry && !entry->id->equals(entry->id, id))
	{
		DBG1(DBG_CFG, "swanmobile: static address %H of '%Y' is also that "
			 "of '%Y', who holds it; '%Y' gets an address from a pool (give "
			 "every user an address of their own)", address, id, entry->id,
			 id);
		goto out;
	}
	vip = this->vips->get(this->vips, address);
	if (vip && !vip->id->equals(vip->id, id))
	{
		DBG1(DBG_CFG, "swanmobile: static address %H of '%Y' is in use by "
			 "'%Y' (leased from a pool that includes it?); '%Y' gets an "
			 "address from a pool", address, id, vip->id, id);
		goto out;
	}
	if (entry)
	{
		if (!peer->equals(peer, entry->peer))
		{
			if (unique == UNIQUE_NO || unique == UNIQUE_NEVER)
			{
				DBG1(DBG_CFG, "swanmobile: static address %H is held by "
					 "another session of '%Y'; this one gets an address from "
					 "a pool", address, id);
				goto out;
			}
			DBG1(DBG_CFG, "swanmobile: static address %H moves to the "
				 "newest session of '%Y'", address, id);
		}
		entry->peer->destroy(entry->peer);
		entry->peer = peer->clone(peer);
		entry->online++;
	}
	else
	{
		entry = entry_create(address, id, peer);
		entry->online = 1;
		this->statics->put(this->statics, entry->address, entry);
	}
	ok = TRUE;
out:
	this->mutex->unlock(this->mutex);
	return ok;
}

METHOD(swanmobile_leases_t, release, bool,
	private_swanmobile_leases_t *this, host_t *address, identification_t *id)
{
	entry_t *entry;
	bool found = FALSE;

	this->mutex->lock(this->mutex);
	entry = this->statics->get(this->statics, address);
	if (entry && entry->id->equals(entry->id, id))
	{
		found = TRUE;
		if (--entry->online == 0)
		{
			this->statics->remove(this->statics, address);
			entry_destroy(entry);
		}
	}
	this->mutex->unlock(this->mutex);
	return found;
}

METHOD(swanmobile_leases_t, get_online, u_int,
	private_swanmobile_leases_t *this, host_t *address)
{
	entry_t *entry;
	u_int online = 0;

	this->mutex->lock(this->mutex);
	entry = this->statics->get(this->statics, address);
	if (entry)
	{
		online = entry->online;
	}
	this->mutex->unlock(this->mutex);
	return online;
}

/**
 * Destroy every entry of a table, then the table.
 */
static void table_destroy(hashtable_t *table)
{
	enumerator_t *enumerator;
	entry_t *entry;

	enumerator = table->create_enumerator(table);
	while (enumerator->enumerate(enumerator, NULL, &entry))
	{
		table->remove_at(table, enumerator);
		entry_destroy(entry);
	}
	enumerator->destroy(enumerator);
	table->destroy(table);
}

METHOD(swanmobile_leases_t, destroy, void,
	private_swanmobile_leases_t *this)
{
	table_destroy(this->statics);
	table_destroy(this->vips);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * see header file
 */
swanmobile_leases_t *swanmobile_leases_create()
{
	private_swanmobile_leases_t *this;

	INIT(this,
		.public = {
			.listener = {
				.assign_vips = _assign_vips,
			},
			.acquire = _acquire,
			.release = _release,
			.get_online = _get_online,
			.destroy = _destroy,
		},
		.statics = hashtable_create((hashtable_hash_t)address_hash,
									(hashtable_equals_t)address_equals, 8),
		.vips = hashtable_create((hashtable_hash_t)address_hash,
								 (hashtable_equals_t)address_equals, 8),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
