/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for lib/sm_net.c: strict prefix parsing and set relations,
 * DNS names */
#include "config.h"

#include "sm_test.h"

#include "sm_net.h"

#include <string.h>
#include <sys/socket.h>

static const struct {
	const char *in;
	sm_net_err_t err;
	const char *canonical;
	bool host_bits;
} parse_cases[] = {
	{"10.3.0.0/24", SM_NET_OK, "10.3.0.0/24", false},
	{"10.3.0.1/24", SM_NET_OK, "10.3.0.1/24", true},
	{"10.3.0.1", SM_NET_OK, "10.3.0.1", false},
	{"0.0.0.0/0", SM_NET_OK, "0.0.0.0/0", false},
	{"192.0.2.255/32", SM_NET_OK, "192.0.2.255", false},
	{"2001:db8::/64", SM_NET_OK, "2001:db8::/64", false},
	{"2001:DB8:0:0::1/64", SM_NET_OK, "2001:db8::1/64", true},
	{"::/0", SM_NET_OK, "::/0", false},
	{"::ffff:192.0.2.1", SM_NET_OK, "::ffff:192.0.2.1", false},
	{"fd00::1/128", SM_NET_OK, "fd00::1", false},
	{"", SM_NET_ESYNTAX, NULL, false},
	{"/24", SM_NET_ESYNTAX, NULL, false},
	{"10.3.0/24", SM_NET_ESYNTAX, NULL, false},
	{"10.3.0.256", SM_NET_ESYNTAX, NULL, false},
	{"010.3.0.1", SM_NET_ESYNTAX, NULL, false},
	{"10.3.0.1 ", SM_NET_ESYNTAX, NULL, false},
	{"vpn.example.com", SM_NET_ESYNTAX, NULL, false},
	{"2001:db8::g", SM_NET_ESYNTAX, NULL, false},
	{"10.3.0.0/33", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/024", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/-1", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/+8", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/24/8", SM_NET_EPREFIX, NULL, false},
	{"2001:db8::/129", SM_NET_EPREFIX, NULL, false},
	{"10.3.0.0/99999999999999999999", SM_NET_EPREFIX, NULL, false},
};

static void test_parse_table(void **state)
{
	char buf[SM_PREFIX_STRLEN];
	sm_prefix_t p;
	size_t i;

	(void)state;
	for (i = 0; i < countof(parse_cases); i++)
	{
		sm_net_err_t err = sm_prefix_parse(parse_cases[i].in, &p);

		if (err != parse_cases[i].err)
		{
			fail_msg("'%s': got error %d, expected %d", parse_cases[i].in, err,
					 parse_cases[i].err);
		}
		if (err != SM_NET_OK)
		{
			continue;
		}
		assert_non_null(sm_prefix_format(&p, false, buf, sizeof(buf)));
		assert_string_equal(buf, parse_cases[i].canonical);
		assert_int_equal(sm_prefix_host_bits(&p), parse_cases[i].host_bits);
	}
}

static void test_network_clears_host_bits(void **state)
{
	char buf[SM_PREFIX_STRLEN];
	sm_prefix_t p;

	(void)state;
	assert_int_equal(sm_prefix_parse("10.3.0.77/20", &p), SM_NET_OK);
	sm_prefix_network(&p);
	assert_false(sm_prefix_host_bits(&p));
	assert_string_equal(sm_prefix_format(&p, true, buf, sizeof(buf)),
						"10.3.0.0/20");
	assert_int_equal(sm_prefix_parse("2001:db8:1:2:3:4:5:6/61", &p), SM_NET_OK);
	sm_prefix_network(&p);
	assert_string_equal(sm_prefix_format(&p, true, buf, sizeof(buf)),
						"2001:db8:1::/61");
}

static sm_prefix_t P(const char *s)
{
	sm_prefix_t p;

	assert_int_equal(sm_prefix_parse(s, &p), SM_NET_OK);
	return p;
}

static void test_overlap_contains(void **state)
{
	sm_prefix_t lan = P("10.3.0.0/24"), pool = P("10.3.200.0/24");
	sm_prefix_t big = P("10.0.0.0/8"), any = P("0.0.0.0/0");
	sm_prefix_t v6 = P("2001:db8::/64"), v6host = P("2001:db8::5");

	(void)state;
	assert_false(sm_prefix_overlaps(&lan, &pool));
	assert_true(sm_prefix_overlaps(&lan, &big));
	assert_true(sm_prefix_overlaps(&big, &pool));
	assert_true(sm_prefix_contains(&big, &pool));
	assert_false(sm_prefix_contains(&pool, &big));
	assert_true(sm_prefix_contains(&any, &lan));
	assert_true(sm_prefix_contains(&lan, &lan));
	assert_false(sm_prefix_overlaps(&lan, &v6));
	assert_true(sm_prefix_contains(&v6, &v6host));
	assert_false(sm_prefix_contains(&v6host, &v6));
}

static void test_size(void **state)
{
	sm_prefix_t a = P("10.3.200.0/24"), b = P("2001:db8::/64");
	sm_prefix_t c = P("2001:db8::/120"), d = P("192.0.2.1");

	(void)state;
	assert_int_equal(sm_prefix_size(&a), 256);
	assert_true(sm_prefix_size(&b) == UINT64_MAX);
	assert_int_equal(sm_prefix_size(&c), 256);
	assert_int_equal(sm_prefix_size(&d), 1);
}

static void test_format_small_buffer(void **state)
{
	sm_prefix_t p = P("10.3.0.0/24");
	char buf[8];

	(void)state;
	assert_null(sm_prefix_format(&p, true, buf, sizeof(buf)));
}

/* the names the plugin pushes (and selftest expects) */
static void test_dns_name(void **state)
{
	static const struct {
		const char *in;
		bool ok;
	} cases[] = {
		{"example.com",           true },
		{"Corp-1.Example.ORG",    true },
		{"_srv.example.com",      true },
		{"xn--bcher-kva.example", true },
		{"a",					 true },
		{"",					  false},
		{".example.com",          false},
		{"example.com.",          false},
		{"example..com",          false},
		{"-corp.example",         false},
		{"corp-.example",         false},
		{"corp.example-",         false},
		{"bad name.example",      false},
		{"b\xc3\xbc"
		 "cher.example", false},
		{"a@b.example",           false},
	};
	char label[70], name[300];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		if (sm_dns_name_valid(cases[i].in) != cases[i].ok)
		{
			fail_msg("'%s': expected %s", cases[i].in,
					 cases[i].ok ? "valid" : "invalid");
		}
	}
	/* 63 bytes a label, 253 a name */
	memset(label, 'a', 63);
	label[63] = '\0';
	assert_true(sm_dns_name_valid(label));
	label[63] = 'a';
	label[64] = '\0';
	assert_false(sm_dns_name_valid(label));
	memset(name, 'a', 253);
	for (i = 63; i < 253; i += 64)
	{
		name[i] = '.';
	}
	name[253] = '\0';
	assert_true(sm_dns_name_valid(name));
	name[253] = 'a';
	name[254] = '\0';
	assert_false(sm_dns_name_valid(name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_network_clears_host_bits),
		cmocka_unit_test(test_overlap_contains),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_dns_name),
	};

	return sm_run_tests(tests);
}
