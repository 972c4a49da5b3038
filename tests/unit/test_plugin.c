/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plugin tests: the plugin sources are compiled into this binary (strongSwan's
 * vici test pattern) and run against the installed libstrongswan/libcharon.
 *
 * The ABI group guards the headers: Debian's libcharon is built with
 * mediation (ME), which changes the layout of daemon_t and peer_cfg_t.
 * Headers that do not match make these tests fail instead of a plugin
 * silently calling the wrong functions inside charon.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

#include <library.h>
#include <daemon.h>
#include <config/peer_cfg.h>

#include "swanmobile_plugin.h"

/* cmocka after strongSwan: both define countof-style helpers */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* whether p is code in the shared object whose name contains lib */
static bool in_library(void *p, const char *lib)
{
	Dl_info info;

	return p && dladdr(p, &info) && info.dli_fname &&
		   strstr(info.dli_fname, lib);
}

static int setup_daemon(void **state)
{
	(void)state;
	if (!library_init(NULL, "charon-swanmobile-test") || !libcharon_init())
	{
		return -1;
	}
	return 0;
}

static int teardown_daemon(void **state)
{
	(void)state;
	libcharon_deinit();
	library_deinit();
	return 0;
}

/* the methods after the ME members of daemon_t point into libcharon */
static void test_abi_daemon(void **state)
{
	(void)state;
	assert_non_null(charon);
	assert_true(in_library((void*)charon->initialize, "libcharon.so"));
	assert_true(in_library((void*)charon->start, "libcharon.so"));
	assert_true(in_library((void*)charon->load_loggers, "libcharon.so"));
	assert_true(in_library((void*)charon->set_default_loggers, "libcharon.so"));
	assert_true(in_library((void*)charon->set_level, "libcharon.so"));
	assert_non_null(charon->bus);
	assert_non_null(charon->attributes);
}

/* peer_cfg_t methods behind the ME block do what their names say */
static void test_abi_peer_cfg(void **state)
{
	ike_cfg_create_t ike = {
		.version = IKEV2,
		.local = "0.0.0.0",
		.remote = "0.0.0.0",
		.local_port = 500,
		.remote_port = 500,
	};
	peer_cfg_create_t peer = {
		.dpd = 30,
		.unique = UNIQUE_REPLACE,
	};
	peer_cfg_t *cfg;

	(void)state;
	cfg = peer_cfg_create("abi-probe", ike_cfg_create(&ike), &peer);
	assert_non_null(cfg);
	assert_string_equal(cfg->get_name(cfg), "abi-probe");
	assert_int_equal(cfg->get_dpd(cfg), 30);
	assert_ptr_equal(cfg->get_ref(cfg), cfg);
	assert_true(cfg->equals(cfg, cfg));
	cfg->destroy(cfg);
	cfg->destroy(cfg);
}

static void test_plugin_identity(void **state)
{
	plugin_t *plugin;

	(void)state;
	plugin = swanmobile_plugin_create();
	assert_non_null(plugin);
	assert_string_equal(plugin->get_name(plugin), "swanmobile");
	/* strongSwan >= 6.0.3 requires this to equal the daemon's version */
	assert_string_equal(swanmobile_plugin_version, VERSION);
	plugin->destroy(plugin);
}

static void test_plugin_features(void **state)
{
	plugin_feature_t *f;
	plugin_t *plugin;
	int count;

	(void)state;
	plugin = swanmobile_plugin_create();
	count = plugin->get_features(plugin, &f);
	assert_int_equal(count, 2);
	assert_int_equal(f[0].kind, FEATURE_CALLBACK);
	assert_non_null(f[0].arg.cb.f);
	assert_int_equal(f[1].kind, FEATURE_PROVIDE);
	assert_int_equal(f[1].type, FEATURE_CUSTOM);
	assert_string_equal(f[1].arg.custom, "swanmobile");

	/* register, then unregister: both succeed, as the loader calls them */
	assert_true(f[0].arg.cb.f(plugin, &f[1], TRUE, f[0].arg.cb.data));
	assert_true(f[0].arg.cb.f(plugin, &f[1], FALSE, f[0].arg.cb.data));
	plugin->destroy(plugin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abi_daemon),
		cmocka_unit_test(test_abi_peer_cfg),
		cmocka_unit_test(test_plugin_identity),
		cmocka_unit_test(test_plugin_features),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup_daemon, teardown_daemon);
}
