/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Settings model of the attribute provider: plugin/swanmobile_attrs.c (the
 * profiles) and swanmobile_attrs_build.c (their encoding) are compiled into
 * this binary and run against the installed libstrongswan.
 * Profiles are read from settings text (as strongswan.conf would hold it)
 * and the attributes are checked byte for byte, decoded into readable lines
 * "TYPE VALUE": every attribute, the IKEv1 and IKEv2 encodings, the
 * default-domain fallback, the address-family filter, the user's DNS
 * servers, pool matching, values that are ignored, and reload.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>

#include <library.h>
#include <daemon.h>

#include "swanmobile_attrs.h"

/* cmocka after strongSwan: both define countof-style helpers */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/** DBG1 lines logged, and the last one */
static int logged;
static char last_log[512];

static void capture_log(logger_t *this, debug_t group, level_t level,
						int thread, ike_sa_t *ike_sa, const char *message)
{
	if (level <= 1 && !strncmp(message, "swanmobile: ", 12))
	{
		logged++;
		snprintf(last_log, sizeof(last_log), "%s", message);
	}
}

static level_t capture_level(logger_t *this, debug_t group)
{
	return LEVEL_CTRL;
}

static logger_t capture = {
	.log = capture_log,
	.get_level = capture_level,
};

static int setup_lib(void **state)
{
	(void)state;
	if (!library_init(NULL, "charon-swanmobile-test") || !libcharon_init())
	{
		return -1;
	}
	charon->bus->add_logger(charon->bus, &capture);
	return 0;
}

static int teardown_lib(void **state)
{
	(void)state;
	charon->bus->remove_logger(charon->bus, &capture);
	libcharon_deinit();
	library_deinit();
	return 0;
}

/* replace the settings by text inside the test's namespace section */
static void settings(const char *text)
{
	char *buf;

	assert_true(asprintf(&buf, "%s { plugins { swanmobile { %s } } }",
						 lib->ns, text) > 0);
	assert_true(lib->settings->load_string(lib->settings, buf, FALSE));
	free(buf);
}

/* a list of hosts from "a, b" (host_t*, must be destroyed) */
static linked_list_t *hosts(const char *text)
{
	enumerator_t *enumerator;
	linked_list_t *list = linked_list_create();
	char *token;

	enumerator = enumerator_create_token(text, ",", " ");
	while (enumerator->enumerate(enumerator, &token))
	{
		list->insert_last(list, host_create_from_string(token, 0));
	}
	enumerator->destroy(enumerator);
	return list;
}

/* traffic selectors from "cidr, cidr" (must be destroyed) */
static linked_list_t *selectors(const char *text)
{
	enumerator_t *enumerator;
	linked_list_t *list = linked_list_create();
	char *token, *dash;
	host_t *from, *to;

	enumerator = enumerator_create_token(text, ",", " ");
	while (enumerator->enumerate(enumerator, &token))
	{
		dash = strchr(token, '-');
		if (dash)
		{	/* a range */
			*dash = '\0';
			from = host_create_from_string(token, 0);
			to = host_create_from_string(dash + 1, 0);
			list->insert_last(list, traffic_selector_create_from_bytes(0,
							  TS_IPV4_ADDR_RANGE, from->get_address(from), 0,
							  to->get_address(to), 65535));
			from->destroy(from);
			to->destroy(to);
			continue;
		}
		list->insert_last(list, traffic_selector_create_from_cidr(token, 0, 0,
																  65535));
	}
	enumerator->destroy(enumerator);
	return list;
}

/* one attribute as a line "TYPE VALUE", values decoded where the type says
 * how, strings with \xNN for bytes outside printable ASCII, else hex */
static void decode(swanmobile_attr_t *attr, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN];
	chunk_t v = attr->value;
	size_t i, n;

	n = snprintf(buf, size, "%d ", attr->type);
	switch (attr->type)
	{
		case INTERNAL_IP4_DNS:
		case INTERNAL_IP4_NBNS:
			if (v.len == 4)
			{
				snprintf(buf + n, size - n, "%s",
						 inet_ntop(AF_INET, v.ptr, a, sizeof(a)));
				return;
			}
			break;
		case INTERNAL_IP6_DNS:
			if (v.len == 16)
			{
				snprintf(buf + n, size - n, "%s",
						 inet_ntop(AF_INET6, v.ptr, a, sizeof(a)));
				return;
			}
			break;
		case INTERNAL_IP4_SUBNET:
			if (v.len == 8)
			{
				snprintf(buf + n, size - n, "%s/%s",
						 inet_ntop(AF_INET, v.ptr, a, sizeof(a)),
						 inet_ntop(AF_INET, v.ptr + 4, m, sizeof(m)));
				return;
			}
			break;
		case INTERNAL_IP6_SUBNET:
			if (v.len == 17)
			{
				snprintf(buf + n, size - n, "%s/%u",
						 inet_ntop(AF_INET6, v.ptr, a, sizeof(a)), v.ptr[16]);
				return;
			}
			break;
		case INTERNAL_DNS_DOMAIN:
		case UNITY_BANNER:
		case UNITY_DEF_DOMAIN:
		case UNITY_SPLITDNS_NAME:
			for (i = 0; i < v.len && n + 5 < size; i++)
			{
				n += snprintf(buf + n, size - n, v.ptr[i] >= 32 &&
							  v.ptr[i] < 127 ? "%c" : "\\x%02x", v.ptr[i]);
			}
			return;
		default:
			break;
	}
	for (i = 0; i < v.len && n + 3 < size; i++)
	{
		n += snprintf(buf + n, size - n, "%02x", v.ptr[i]);
	}
}

/* all attributes as lines joined by "|" (must be freed); the list is
 * destroyed */
static char *lines(linked_list_t *list)
{
	enumerator_t *enumerator;
	swanmobile_attr_t *attr;
	char line[1024], *out = strdup(""), *tmp;

	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &attr))
	{
		decode(attr, line, sizeof(line));
		assert_true(asprintf(&tmp, "%s%s%s", out, *out ? "|" : "", line) > 0);
		free(out);
		out = tmp;
	}
	enumerator->destroy(enumerator);
	swanmobile_attr_list_destroy(list);
	return out;
}

/* the attributes of profile name for a client, as lines (must be freed) */
static char *build(swanmobile_attrs_t *attrs, const char *name,
				   ike_version_t version, const char *vips, const char *dns,
				   const char *networks, bool unity)
{
	linked_list_t *pools = linked_list_create_with_items((char *)name, NULL);
	swanmobile_profile_t *profile;
	swanmobile_client_t client = {
		.version = version,
		.vips = hosts(vips),
		.dns = dns ? hosts(dns) : NULL,
		.networks = networks ? selectors(networks) : NULL,
		.unity_split_include = unity,
	};
	char *out;

	profile = attrs->find(attrs, pools);
	assert_non_null(profile);
	out = lines(attrs->build(attrs, profile, &client));
	client.vips->destroy_offset(client.vips, offsetof(host_t, destroy));
	DESTROY_OFFSET_IF(client.dns, offsetof(host_t, destroy));
	DESTROY_OFFSET_IF(client.networks, offsetof(traffic_selector_t, destroy));
	pools->destroy(pools);
	return out;
}

#define FULL_PROFILE \
	"pools { rw {" \
	"  dns = 10.3.0.1, 2001:db8::53 10.3.0.2, 10.3.0.1\n" \
	"  nbns = 10.3.0.5\n" \
	"  default_domain = example.com\n" \
	"  split_dns = example.com, example.org\n" \
	"  network_list = yes\n" \
	"  banner = \"Welcome, friend.\\nAuthorized use only.\"\n" \
	"  save_password = yes\n" \
	"  pfs_group = modp2048\n" \
	"} }"

#define NETS "10.3.0.0/24, 2001:db8:1::/64, 10.3.0.0/24, 0.0.0.0/0"

/* IKEv2: DNS by family in the configured order (once each), WINS, the
 * default domain, one INTERNAL_DNS_DOMAIN per split domain, the networks;
 * nothing IKEv1-only */
static void test_ikev2(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings(FULL_PROFILE);
	attrs = swanmobile_attrs_create();
	assert_int_equal(attrs->get_count(attrs), 1);
	out = build(attrs, "rw", IKEV2, "10.3.200.7, 2001:db8:200::7", NULL, NETS,
				FALSE);
	assert_string_equal(out,
		"3 10.3.0.1|10 2001:db8::53|3 10.3.0.2|4 10.3.0.5|"
		"28674 example.com|25 example.com|25 example.org|"
		"13 10.3.0.0/255.255.255.0|15 2001:db8:1::/64|13 0.0.0.0/0.0.0.0");
	free(out);
	attrs->destroy(attrs);
}

/* IKEv1: the split domains in one UNITY_SPLITDNS_NAME, the IPv4 networks
 * but 0.0.0.0/0 in one UNITY_SPLIT_INCLUDE (14 bytes each), banner,
 * save-password and PFS group as 16-bit values */
static void test_ikev1(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings(FULL_PROFILE);
	attrs = swanmobile_attrs_create();
	out = build(attrs, "rw", IKEV1, "10.3.200.7, 2001:db8:200::7", NULL, NETS,
				FALSE);
	assert_string_equal(out,
		"3 10.3.0.1|10 2001:db8::53|3 10.3.0.2|4 10.3.0.5|"
		"28674 example.com|28675 example.com,example.org|"
		"13 10.3.0.0/255.255.255.0|15 2001:db8:1::/64|13 0.0.0.0/0.0.0.0|"
		"28676 0a030000ffffff00000000000000|"
		"28672 Welcome, friend.\\x0aAuthorized use only.|"
		"28673 0001|28679 000e");
	free(out);
	/* the unity plugin sends split-include to Unity clients itself */
	out = build(attrs, "rw", IKEV1, "10.3.200.7", NULL, NETS, TRUE);
	assert_null(strstr(out, "28676 "));
	assert_non_null(strstr(out, "13 10.3.0.0/255.255.255.0"));
	free(out);
	attrs->destroy(attrs);
}

/* split DNS empty: the default domain is the split domain; %none sends
 * none; no default domain: nothing */
static void test_default_domain_fallback(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings("pools { a { default_domain = corp.example } "
			 "b { default_domain = corp.example\n split_dns = %none } "
			 "c { split_dns = \n dns = 10.3.0.1 } }");
	attrs = swanmobile_attrs_create();
	assert_int_equal(attrs->get_count(attrs), 3);
	out = build(attrs, "a", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "28674 corp.example|25 corp.example");
	free(out);
	out = build(attrs, "a", IKEV1, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "28674 corp.example|28675 corp.example");
	free(out);
	out = build(attrs, "b", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "28674 corp.example");
	free(out);
	out = build(attrs, "c", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "3 10.3.0.1");
	free(out);
	attrs->destroy(attrs);
}

/* servers and networks of a family the client got no address of are left
 * out; without a virtual IP nothing is sent; the network list only when
 * asked for */
static void test_family_filter(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings(FULL_PROFILE);
	attrs = swanmobile_attrs_create();
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NETS, FALSE);
	assert_string_equal(out,
		"3 10.3.0.1|3 10.3.0.2|4 10.3.0.5|28674 example.com|"
		"25 example.com|25 example.org|13 10.3.0.0/255.255.255.0|"
		"13 0.0.0.0/0.0.0.0");
	free(out);
	out = build(attrs, "rw", IKEV2, "2001:db8:200::7", NULL, NETS, FALSE);
	assert_string_equal(out,
		"10 2001:db8::53|28674 example.com|25 example.com|25 example.org|"
		"15 2001:db8:1::/64");
	free(out);
	out = build(attrs, "rw", IKEV2, "", NULL, NETS, FALSE);
	assert_string_equal(out, "");
	free(out);
	attrs->destroy(attrs);

	settings("pools { rw { network_list = no } }");
	attrs = swanmobile_attrs_create();
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NETS, FALSE);
	assert_string_equal(out, "");
	free(out);
	attrs->destroy(attrs);
}

/* a user's DNS servers replace the profile's, in the user's order, each
 * once */
static void test_user_dns(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings(FULL_PROFILE);
	attrs = swanmobile_attrs_create();
	out = build(attrs, "rw", IKEV2, "10.3.200.7, 2001:db8:200::7",
				"10.9.0.54, 10.9.0.53, 2001:db8:9::53, 10.9.0.54", NULL, FALSE);
	assert_string_equal(out,
		"3 10.9.0.54|3 10.9.0.53|10 2001:db8:9::53|4 10.3.0.5|"
		"28674 example.com|25 example.com|25 example.org");
	free(out);
	attrs->destroy(attrs);
}

/* ranges that are not subnets stay out of the network list */
static void test_network_ranges(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	settings("pools { rw { network_list = yes } }");
	attrs = swanmobile_attrs_create();
	out = build(attrs, "rw", IKEV2, "10.3.200.7",
				NULL, "10.3.0.1-10.3.0.5, 10.3.0.8-10.3.0.15", FALSE);
	assert_string_equal(out, "13 10.3.0.8/255.255.255.248");
	free(out);
	attrs->destroy(attrs);
}

/* a connection's profile is that of the first of its pools that has one */
static void test_pool_matching(void **state)
{
	swanmobile_attrs_t *attrs;
	linked_list_t *pools;
	char *out;

	settings("pools { rw { dns = 10.3.0.1 } corp { dns = 10.4.0.1 } }");
	attrs = swanmobile_attrs_create();
	assert_int_equal(attrs->get_count(attrs), 2);
	pools = linked_list_create_with_items("rw-v4", "corp", "rw", NULL);
	assert_non_null(attrs->find(attrs, pools));
	pools->destroy(pools);
	out = build(attrs, "corp", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "3 10.4.0.1");
	free(out);
	pools = linked_list_create_with_items("rw-v4", "rw-v6", "other", NULL);
	assert_null(attrs->find(attrs, pools));
	pools->destroy(pools);
	pools = linked_list_create();
	assert_null(attrs->find(attrs, pools));
	pools->destroy(pools);
	attrs->destroy(attrs);
}

/* values that cannot be sent are ignored and named in the log */
static void test_ignored_values(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	logged = 0;
	settings("pools { rw {"
			 "  dns = 10.3.0.1, dns.example, 10.3.0.0/24\n"
			 "  nbns = 2001:db8::5, 10.3.0.5\n"
			 "  default_domain = bad..example\n"
			 "  split_dns = ok.example, -, under_score.example, a b\n"
			 "  pfs_group = aes256\n"
			 "  dsn = 10.3.0.9\n"
			 "} }");
	attrs = swanmobile_attrs_create();
	/* 2 dns, 1 nbns, domain, '-', pfs, dsn; plus the summary line */
	assert_int_equal(logged, 8);
	assert_string_equal(last_log, "swanmobile: loaded 1 mobile profile");
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out,
		"3 10.3.0.1|4 10.3.0.5|25 ok.example|25 under_score.example|25 a|"
		"25 b");
	free(out);
	attrs->destroy(attrs);

	logged = 0;
	settings("pools { rw { split_dns = a.example, %none\n pfs_group = 19 } }");
	attrs = swanmobile_attrs_create();
	assert_int_equal(logged, 2);
	out = build(attrs, "rw", IKEV1, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "28679 0013");
	free(out);
	attrs->destroy(attrs);
}

/* the DNS names of tests/data/bad/dns-names.yaml, whose errors the YAML
 * reports: the plugin takes and ignores the same ones (one rule,
 * sm_dns_name_check()), and sends a name without its trailing dot */
static void test_dns_name_rule(void **state)
{
	swanmobile_attrs_t *attrs;
	char *out;

	logged = 0;
	settings("pools { rw {"
			 "  default_domain = corp.example.\n"
			 "  split_dns = _msdcs.corp.example, Lab.Example., a, host.1a, "
			 "xn--bcher-kva.example, 10.3.0.1, lab..example, lab.example-, "
			 "lab.example\n"
			 "} }");
	attrs = swanmobile_attrs_create();
	/* three names ignored, one listed twice; plus the summary line */
	assert_int_equal(logged, 5);
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out,
		"28674 corp.example|25 _msdcs.corp.example|25 Lab.Example|25 a|"
		"25 host.1a|25 xn--bcher-kva.example");
	free(out);
	attrs->destroy(attrs);

	logged = 0;
	settings("pools { rw { default_domain = 10.3.0.1 } }");
	attrs = swanmobile_attrs_create();
	assert_int_equal(logged, 2);
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "");
	free(out);
	attrs->destroy(attrs);
}

/* a reload is a new object from the new settings; a reference to the old
 * one keeps the old values (a client being served keeps what it got) */
static void test_reload(void **state)
{
	swanmobile_attrs_t *old, *attrs, *ref;
	char *out;

	settings("pools { rw { dns = 10.3.0.1 } }");
	old = swanmobile_attrs_create();
	ref = old->get_ref(old);
	settings("pools { rw { dns = 10.3.0.2 } other { } }");
	attrs = swanmobile_attrs_create();
	old->destroy(old);
	assert_int_equal(attrs->get_count(attrs), 2);
	out = build(attrs, "rw", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "3 10.3.0.2");
	free(out);
	out = build(ref, "rw", IKEV2, "10.3.200.7", NULL, NULL, FALSE);
	assert_string_equal(out, "3 10.3.0.1");
	free(out);
	ref->destroy(ref);
	attrs->destroy(attrs);

	settings("");
	attrs = swanmobile_attrs_create();
	assert_int_equal(attrs->get_count(attrs), 0);
	attrs->destroy(attrs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ikev2),
		cmocka_unit_test(test_ikev1),
		cmocka_unit_test(test_default_domain_fallback),
		cmocka_unit_test(test_dns_name_rule),
		cmocka_unit_test(test_family_filter),
		cmocka_unit_test(test_user_dns),
		cmocka_unit_test(test_network_ranges),
		cmocka_unit_test(test_pool_matching),
		cmocka_unit_test(test_ignored_values),
		cmocka_unit_test(test_reload),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup_lib, teardown_lib);
}
