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
#include <collections/linked_list.h>
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
	linked_list_t *shared;
	entry_t *entry;
	host_t *vip;

	id = ike_sa->get_other_eap_id(ike_sa);
	/* addresses of other identities too (entry_t*, logged after unlock) */
	shared = linked_list_create();
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
				shared->insert_last(shared, entry_create(vip, entry->id,
														 NULL));
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
	while (shared->remove_first(shared, (void**)&entry) == SUCCESS)
	{
		DBG1(DBG_IKE, "swanmobile: virtual IP %H of '%Y' is also assigned "
			 "to '%Y'", entry->address, entry->id, id);
		entry_destroy(entry);
	}
	shared->destroy(shared);
	return TRUE;
}

/**
 * Why acquire() refused a static address, or moved it.
 */
typedef enum {
	/** nothing to say */
	NOTE_NONE,
	/** another user with the same static address holds it */
	NOTE_OTHER_USER,
	/** another identity has it as a virtual IP (from a pool) */
	NOTE_IN_USE,
	/** another session of the user holds it, and keeps it */
	NOTE_OTHER_SESSION,
	/** it moves from another session of the user to this one */
	NOTE_MOVED,
} note_t;

METHOD(swanmobile_leases_t, acquire, bool,
	private_swanmobile_leases_t *this, host_t *address, identification_t *id,
	host_t *peer, unique_policy_t unique)
{
	identification_t *holder = NULL;
	entry_t *entry, *vip;
	note_t note = NOTE_NONE;
	bool ok = FALSE;

	this->mutex->lock(this->mutex);
	entry = this->statics->get(this->statics, address);
	if (entry && !entry->id->equals(entry->id, id))
	{
		note = NOTE_OTHER_USER;
		holder = entry->id->clone(entry->id);
		goto out;
	}
	vip = this->vips->get(this->vips, address);
	if (vip && !vip->id->equals(vip->id, id))
	{
		note = NOTE_IN_USE;
		holder = vip->id->clone(vip->id);
		goto out;
	}
	if (entry)
	{
		if (!peer->equals(peer, entry->peer))
		{
			if (unique == UNIQUE_NO || unique == UNIQUE_NEVER)
			{
				note = NOTE_OTHER_SESSION;
				goto out;
			}
			note = NOTE_MOVED;
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
	switch (note)
	{
		case NOTE_OTHER_USER:
			DBG1(DBG_IKE, "swanmobile: static address %H of '%Y' is also "
				 "that of '%Y', who holds it; '%Y' gets an address from a "
				 "pool (give every user an address of their own)", address,
				 id, holder, id);
			break;
		case NOTE_IN_USE:
			DBG1(DBG_IKE, "swanmobile: static address %H of '%Y' is in use "
				 "by '%Y' (leased from a pool that includes it?); '%Y' gets "
				 "an address from a pool", address, id, holder, id);
			break;
		case NOTE_OTHER_SESSION:
			DBG1(DBG_IKE, "swanmobile: static address %H is held by another "
				 "session of '%Y'; this one gets an address from a pool",
				 address, id);
			break;
		case NOTE_MOVED:
			DBG1(DBG_IKE, "swanmobile: static address %H moves to the "
				 "newest session of '%Y'", address, id);
			break;
		case NOTE_NONE:
			break;
	}
	DESTROY_IF(holder);
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
