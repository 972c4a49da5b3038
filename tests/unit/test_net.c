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

/* the one rule of DNS names (sm_dns_name_check()): the domains the plugin
 * pushes and the YAML accepts, and host names, at each boundary */
static void test_dns_name(void **state)
{
	static const struct {
		const char *in;
		/* as a domain, and as a host name */
		sm_dns_err_t domain;
		sm_dns_err_t host;
	} cases[] = {
		{"example.com", SM_DNS_OK, SM_DNS_OK},
		{"Corp-1.Example.ORG", SM_DNS_OK, SM_DNS_OK},
		{"xn--bcher-kva.example", SM_DNS_OK, SM_DNS_OK},
		{"a", SM_DNS_OK, SM_DNS_OK},
		/* '_': a domain may hold it (RFC 2181), a host name may not */
		{"_msdcs.corp.example", SM_DNS_OK, SM_DNS_ECHAR},
		{"under_score.example", SM_DNS_OK, SM_DNS_ECHAR},
		/* one trailing dot: an absolute name */
		{"example.com.", SM_DNS_OK, SM_DNS_OK},
		{"example.com..", SM_DNS_ELABEL_EMPTY, SM_DNS_ELABEL_EMPTY},
		{".", SM_DNS_EEMPTY, SM_DNS_EEMPTY},
		{"", SM_DNS_EEMPTY, SM_DNS_EEMPTY},
		{".example.com", SM_DNS_ELABEL_EMPTY, SM_DNS_ELABEL_EMPTY},
		{"example..com", SM_DNS_ELABEL_EMPTY, SM_DNS_ELABEL_EMPTY},
		{"-corp.example", SM_DNS_EHYPHEN, SM_DNS_EHYPHEN},
		{"corp-.example", SM_DNS_EHYPHEN, SM_DNS_EHYPHEN},
		{"corp.example-", SM_DNS_EHYPHEN, SM_DNS_EHYPHEN},
		{"-", SM_DNS_EHYPHEN, SM_DNS_EHYPHEN},
		/* a number as the last label is an address, not a name */
		{"10.3.0.1", SM_DNS_ENUMERIC, SM_DNS_ENUMERIC},
		{"192.0.2", SM_DNS_ENUMERIC, SM_DNS_ENUMERIC},
		{"10.3.0.1.", SM_DNS_ENUMERIC, SM_DNS_ENUMERIC},
		{"host.1a", SM_DNS_OK, SM_DNS_OK},
		{"1.example", SM_DNS_OK, SM_DNS_OK},
		{"bad name.example", SM_DNS_ECHAR, SM_DNS_ECHAR},
		{"a@b.example", SM_DNS_ECHAR, SM_DNS_ECHAR},
		{"b\xc3\xbc"
		 "cher.example",
		 SM_DNS_ENONASCII, SM_DNS_ENONASCII},
	};
	char label[70], name[300];
	sm_dns_fault_t f;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		if (sm_dns_name_check(cases[i].in, 0, NULL) != cases[i].domain ||
			sm_dns_name_check(cases[i].in, SM_DNS_HOST, NULL) != cases[i].host)
		{
			fail_msg("'%s': expected %s as a domain, %s as a host name",
					 cases[i].in, sm_dns_strerror(cases[i].domain),
					 sm_dns_strerror(cases[i].host));
		}
		assert_true(sm_dns_name_valid(cases[i].in) ==
					(cases[i].domain == SM_DNS_OK));
	}
	/* where the fault is */
	assert_int_equal(sm_dns_name_check("ok.bad_x.example", SM_DNS_HOST, &f),
					 SM_DNS_ECHAR);
	assert_int_equal(f.label, 3);
	assert_int_equal(f.label_len, 5);
	assert_int_equal(f.at, 6);
	/* the name without its trailing dot */
	assert_int_equal(sm_dns_name_len("example.com."), 11);
	assert_int_equal(sm_dns_name_len("example.com"), 11);
	assert_int_equal(sm_dns_name_len("."), 1);
	/* 63 bytes a label, 253 a name (a trailing dot not counted) */
	memset(label, 'a', 63);
	label[63] = '\0';
	assert_true(sm_dns_name_valid(label));
	label[63] = 'a';
	label[64] = '\0';
	assert_int_equal(sm_dns_name_check(label, 0, NULL), SM_DNS_ELABEL_LONG);
	memset(name, 'a', 253);
	for (i = 63; i < 253; i += 64)
	{
		name[i] = '.';
	}
	name[253] = '\0';
	assert_true(sm_dns_name_valid(name));
	name[253] = '.';
	name[254] = '\0';
	assert_true(sm_dns_name_valid(name));
	name[253] = 'a';
	assert_int_equal(sm_dns_name_check(name, 0, NULL), SM_DNS_ETOOLONG);
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
