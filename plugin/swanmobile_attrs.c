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

#include "sm_net.h"

#include <ctype.h>
#include <errno.h>

#include <library.h>
#include <crypto/proposal/proposal_keywords.h>
#include <utils/debug.h>

/**
 * Largest Diffie-Hellman group number accepted for pfs_group.
 */
#define MAX_PFS_GROUP 0xFFFF

/**
 * The settings a profile section may hold (others are reported).
 */
static const char *known_keys[] = {
	"dns", "nbns", "default_domain", "split_dns", "network_list", "banner",
	"save_password", "pfs_group",
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

/*
 * see header file
 */
bool swanmobile_has_host(array_t *hosts, host_t *host)
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
		if (swanmobile_has_host(hosts, host))
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
		if (strlen(banner) <= SWANMOBILE_MAX_VALUE)
		{
			this->banner = strdup(banner);
		}
		else
		{
			DBG1(DBG_CFG, "swanmobile: pools.%s.banner is longer than %d "
				 "bytes, ignored", name, SWANMOBILE_MAX_VALUE);
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

METHOD(swanmobile_attrs_t, build, linked_list_t*,
	private_swanmobile_attrs_t *this, swanmobile_profile_t *profile,
	swanmobile_client_t *client)
{
	return swanmobile_profile_build(profile, client);
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
