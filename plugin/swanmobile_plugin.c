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

#include "swanmobile_plugin.h"
#include "swanmobile_creds.h"
#include "swanmobile_provider.h"
#include "swanmobile_users.h"

#include <daemon.h>
#include <sm_userdb.h>

/* the daemon's version (from strongSwan's config.h), not ours */
const char *swanmobile_plugin_version = VERSION;

typedef struct private_swanmobile_plugin_t private_swanmobile_plugin_t;

/**
 * Private data of the swanmobile plugin.
 */
struct private_swanmobile_plugin_t {

	/**
	 * Public interface.
	 */
	swanmobile_plugin_t public;

	/**
	 * The user database, read by creds and provider, while registered.
	 */
	swanmobile_users_t *users;

	/**
	 * EAP-MSCHAPv2 users from the user database, while registered.
	 */
	swanmobile_creds_t *creds;

	/**
	 * Mobile-client attributes and static addresses, while registered.
	 */
	swanmobile_provider_t *provider;
};

/**
 * Whether EAP users are served from the database by default.
 */
#define DEFAULT_EAP_USERS TRUE

/**
 * Default user database file (set by configure, see sm_userdb.h).
 */
#define DEFAULT_DATABASE SM_USERDB_DEFAULT_PATH

/**
 * The user database file from strongswan.conf, NULL when eap_users is off.
 */
static char *database_path()
{
	if (!lib->settings->get_bool(lib->settings,
								 "%s.plugins.swanmobile.eap_users",
								 DEFAULT_EAP_USERS, lib->ns))
	{
		return NULL;
	}
	return lib->settings->get_str(lib->settings,
								  "%s.plugins.swanmobile.database",
								  DEFAULT_DATABASE, lib->ns);
}

METHOD(plugin_t, get_name, char*,
	private_swanmobile_plugin_t *this)
{
	return "swanmobile";
}

/**
 * Register (reg == TRUE) and unregister (FALSE) what the plugin provides;
 * the unregister branch mirrors the register branch.
 */
static bool plugin_cb(private_swanmobile_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		this->users = swanmobile_users_create(database_path());
		if (!this->users)
		{
			return FALSE;
		}
		this->creds = swanmobile_creds_create(this->users);
		lib->credmgr->add_set(lib->credmgr, &this->creds->set);
		this->provider = swanmobile_provider_create(this->users);
		charon->attributes->add_provider(charon->attributes,
										 &this->provider->provider);
		charon->bus->add_listener(charon->bus,
								  this->provider->get_listener(this->provider));
		DBG2(DBG_CFG, "swanmobile %s registered (built against strongSwan %s)",
			 SWANMOBILE_VERSION, VERSION);
	}
	else
	{
		charon->bus->remove_listener(charon->bus,
								this->provider->get_listener(this->provider));
		charon->attributes->remove_provider(charon->attributes,
											&this->provider->provider);
		this->provider->destroy(this->provider);
		this->provider = NULL;
		lib->credmgr->remove_set(lib->credmgr, &this->creds->set);
		this->creds->destroy(this->creds);
		this->creds = NULL;
		this->users->destroy(this->users);
		this->users = NULL;
		DBG2(DBG_CFG, "swanmobile unregistered");
	}
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_swanmobile_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "swanmobile"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_swanmobile_plugin_t *this)
{
	if (this->users)
	{
		this->users->set_path(this->users, database_path());
		this->provider->reload(this->provider);
	}
	return TRUE;
}

METHOD(plugin_t, destroy, void,
	private_swanmobile_plugin_t *this)
{
	free(this);
}

/*
 * see header file
 */
plugin_t *swanmobile_plugin_create()
{
	private_swanmobile_plugin_t *this;

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
	);

	return &this->public.plugin;
}
