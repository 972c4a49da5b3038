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
 * @defgroup swanmobile swanmobile
 * @ingroup cplugins
 *
 * @defgroup swanmobile_plugin swanmobile_plugin
 * @{ @ingroup swanmobile
 */

#ifndef SWANMOBILE_PLUGIN_H_
#define SWANMOBILE_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct swanmobile_plugin_t swanmobile_plugin_t;

/**
 * Mobile-client plugin: serves EAP-MSCHAPv2 users (NT hashes) and their
 * static addresses and DNS servers from swanmobile's user database, and
 * the configuration attributes of mobile profiles.
 */
struct swanmobile_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

/**
 * strongSwan >= 6.0.3 refuses plugins whose <name>_plugin_version differs
 * from the daemon's version; older versions ignore it.
 */
extern const char *swanmobile_plugin_version;

/**
 * Create a swanmobile_plugin instance, called by the plugin loader.
 *
 * @return			plugin instance
 */
plugin_t *swanmobile_plugin_create();

#endif /** SWANMOBILE_PLUGIN_H_ @}*/
