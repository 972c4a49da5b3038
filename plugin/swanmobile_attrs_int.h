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
 * @defgroup swanmobile_attrs_int swanmobile_attrs_int
 * @{ @ingroup swanmobile_attrs
 */

#ifndef SWANMOBILE_ATTRS_INT_H_
#define SWANMOBILE_ATTRS_INT_H_

/*
 * What the two halves of swanmobile_attrs_t share, for them alone:
 * swanmobile_attrs.c reads the profiles from the settings (and owns them,
 * immutable once read); swanmobile_attrs_build.c encodes a profile into the
 * attributes of a client.  In: a profile as read, the client.  Out: a list
 * of swanmobile_attr_t.
 */

#include "swanmobile_attrs.h"

#include <collections/array.h>
#include <networking/host.h>

/**
 * Longest attribute value (its length field has 16 bits).
 */
#define SWANMOBILE_MAX_VALUE 65535

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

/**
 * Whether a list of hosts holds an address equal to host.
 *
 * @param hosts		list of host_t*
 * @param host		address to look for
 * @return			TRUE if an equal address is in the list
 */
bool swanmobile_has_host(array_t *hosts, host_t *host);

/**
 * Build the attributes of a profile for a client; see
 * swanmobile_attrs_t.build(), which calls this.
 *
 * @param profile	profile as read (not modified)
 * @param client	the client
 * @return			list of swanmobile_attr_t (must be destroyed with
 *					swanmobile_attr_list_destroy())
 */
linked_list_t *swanmobile_profile_build(swanmobile_profile_t *profile,
										swanmobile_client_t *client);

#endif /** SWANMOBILE_ATTRS_INT_H_ @}*/
