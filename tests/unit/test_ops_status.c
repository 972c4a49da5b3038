/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/ops/ without a charon, on what status and
 * disconnect read from charon and the test bed from its dumps: pool ranges
 * as strongSwan counts them, the configuration attributes of captured
 * charon dumps, which IKE_SAs belong to a user, and the JSON of status and
 * of the checks.  The trees, swanctl.conf and the mobile profile are in
 * test_ops.c.
 */
#include "config.h"

#include "sm_test.h"

#include "ops/ops_int.h"
#include "sm_file.h"

#include <stdlib.h>

/* ---- ranges ----------------------------------------------------------- */

static void test_pool_ranges(void **state)
{
	/* as strongSwan's mem_pool counts a pool's addresses */
	static const struct {
		const char *addrs;
		const char *base;
		uint64_t size;
	} cases[] = {
		{"10.3.200.0/24", "10.3.200.0", 254},
		{"10.3.200.0/30", "10.3.200.0", 2},
		{"10.3.200.0/31", "10.3.200.0", 2},
		{"10.3.200.7/32", "10.3.200.7", 1},
		{"10.3.200.10-10.3.200.20", "10.3.200.10", 11},
		{"2001:db8::/120", "2001:db8::", 254},
		{"2001:db8::/64", "2001:db8::", ((uint64_t)1 << 31) - 2},
	};
	char base[SM_PREFIX_STRLEN];
	sm_range_t r;
	uint64_t size;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_true(sm_range_parse(cases[i].addrs, &r));
		sm_range_pool(&r, base, sizeof(base), &size);
		if (strcmp(base, cases[i].base) || size != cases[i].size)
		{
			fail_msg("%s: got %s, %llu", cases[i].addrs, base,
					 (unsigned long long)size);
		}
	}
	assert_false(sm_range_parse("10.3.200.20-10.3.200.10", &r));
	assert_false(sm_range_parse("10.3.200.1-2001:db8::1", &r));
	assert_false(sm_range_parse("10.3.200.0/24-10.3.201.0", &r));
	assert_false(sm_range_parse("pool", &r));
}

static void test_range_overlap(void **state)
{
	sm_range_t a, b;
	sm_prefix_t p;
	char text[128];

	(void)state;
	assert_true(sm_range_parse("10.3.200.0/24", &a));
	assert_true(sm_range_parse("10.3.200.77/24", &b));
	assert_true(sm_range_overlaps(&a, &b));
	assert_string_equal(sm_range_format(&b, text, sizeof(text)),
						"10.3.200.0/24");
	assert_true(sm_range_parse("10.3.200.255-10.3.201.5", &b));
	assert_true(sm_range_overlaps(&a, &b));
	assert_string_equal(sm_range_format(&b, text, sizeof(text)),
						"10.3.200.255-10.3.201.5");
	assert_true(sm_range_parse("10.3.201.0/24", &b));
	assert_false(sm_range_overlaps(&a, &b));
	assert_true(sm_range_parse("2001:db8::/64", &b));
	assert_false(sm_range_overlaps(&a, &b));
	assert_int_equal(sm_prefix_parse("10.3.200.254", &p), SM_NET_OK);
	assert_true(sm_range_contains(&a, &p));
	assert_int_equal(sm_prefix_parse("10.3.201.0", &p), SM_NET_OK);
	assert_false(sm_range_contains(&a, &p));
}

static void test_range_serves(void **state)
{
	/* the addresses charon's pool of a range leases (sm_range_pool) */
	static const struct {
		const char *addrs;
		const char *addr;
		bool served;
	} cases[] = {
		{"10.3.200.0/24", "10.3.200.0", false},
		{"10.3.200.0/24", "10.3.200.1", true},
		{"10.3.200.0/24", "10.3.200.254", true},
		{"10.3.200.0/24", "10.3.200.255", false},
		{"10.3.200.0/24", "10.3.201.1", false},
		{"10.3.200.0/30", "10.3.200.0", false},
		{"10.3.200.0/30", "10.3.200.2", true},
		{"10.3.200.0/30", "10.3.200.3", false},
		/* a /31 has no network and broadcast address to leave out */
		{"10.3.200.0/31", "10.3.200.0", true},
		{"10.3.200.0/31", "10.3.200.1", true},
		{"10.3.200.7/32", "10.3.200.7", true},
		{"10.3.200.10-10.3.200.20", "10.3.200.10", true},
		{"10.3.200.10-10.3.200.20", "10.3.200.20", true},
		{"10.3.200.10-10.3.200.20", "10.3.200.21", false},
		{"10.3.200.10-10.3.200.20", "10.3.200.9", false},
		{"2001:db8::/64", "2001:db8::", false},
		{"2001:db8::/64", "2001:db8::1", true},
		{"2001:db8::/64", "2001:db8::7fff:fffe", true},
		/* past the 2^31 addresses a pool holds */
		{"2001:db8::/64", "2001:db8::8000:0", false},
		{"2001:db8::/64", "2001:db8::1:0:0:1", false},
		{"2001:db8::/64", "10.3.200.1", false},
	};
	sm_range_t r;
	sm_prefix_t p;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_true(sm_range_parse(cases[i].addrs, &r));
		assert_int_equal(sm_prefix_parse(cases[i].addr, &p), SM_NET_OK);
		if (sm_range_serves(&r, &p) != cases[i].served)
		{
			fail_msg("%s in %s: expected %s", cases[i].addr, cases[i].addrs,
					 cases[i].served ? "served" : "not served");
		}
	}
}

/* ---- configuration attributes ----------------------------------------- */

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", SM_CPATTR_FIXTURES, name);
	text = sm_file_read(path, 1 << 24, len);
	assert_non_null(text);
	return text;
}

static void test_cpattr_response(void **state)
{
	/* what the bed's gateway sent (tests/fixtures/cpattr/README) */
	static const struct {
		unsigned int type;
		size_t len;
		const char *value;
	} want[] = {
		{1, 4, "10.3.200.1"},
		{8, 17, "2001:db8:200::1/64"},
		{3, 4, "10.3.0.1"},
		{10, 16, "2001:db8:3::53"},
		{4, 4, "10.3.0.2"},
		{25, 11, "example.com"},
		{25, 11, "example.org"},
		{28674, 11, "example.com"},
		{28672, 34, "Welcome to the swanmobile test bed"},
		{16400, 7, "70726976617465"},
		{13, 8, "10.3.0.0/24"},
		{15, 17, "2001:db8:3::/64"},
	};
	sm_cpattr_t attrs[32];
	size_t len, n, i;
	char *text;

	(void)state;
	text = fixture("response.raw", &len);
	n = sm_cpattr_parse(text, len, attrs, countof(attrs));
	assert_int_equal(n, countof(want));
	for (i = 0; i < n; i++)
	{
		assert_int_equal(attrs[i].type, want[i].type);
		assert_int_equal(attrs[i].len, want[i].len);
		assert_string_equal(attrs[i].value, want[i].value);
	}
	assert_string_equal(sm_cpattr_name(28674), "UNITY_DEF_DOMAIN");
	assert_string_equal(sm_cpattr_name(16400), "UNKNOWN");
	/* the payload charon generated before (its request) is not read */
	*strstr(text, "generating CONFIGURATION payload finished") = '\0';
	assert_int_equal(sm_cpattr_parse(text, strlen(text), attrs, countof(attrs)),
					 0);
	free(text);
}

/* dump lines of other threads inside the payload are ignored: after each
 * value's rule line, a dump line of thread 03 (it parsed the header) and
 * one of a thread whose number ends in the parser's (as tests/cli/cpattr.sh
 * builds it) */
static void test_cpattr_threads(void **state)
{
	sm_cpattr_t attrs[32];
	char *text, *mixed, *p, *nl, *other, tid[16], line[256];
	size_t len, n, used = 0;
	const char *dump;

	(void)state;
	text = fixture("response.raw", &len);
	p = strstr(text, "[ENC] parsing CONFIGURATION payload,");
	assert_non_null(p);
	for (nl = p; nl > text && nl[-1] != '\n'; nl--)
	{
	}
	snprintf(tid, sizeof(tid), "%.*s", (int)(p - nl), nl);
	assert_string_not_equal(tid, "03");
	dump = strstr(text, "\n03[ENC]    0: ");
	assert_non_null(dump);
	other = strndup(dump + 1, strcspn(dump + 1, "\n"));
	mixed = malloc(len * 3 + 1);
	for (p = text; *p; p = nl + 1)
	{
		nl = strchr(p, '\n');
		if (!nl)
		{
			break;
		}
		memcpy(mixed + used, p, (size_t)(nl - p + 1));
		used += (size_t)(nl - p + 1);
		if (memmem(p, (size_t)(nl - p), "parsing rule 3 ATTRIBUTE_VALUE", 30))
		{
			used += (size_t)sprintf(mixed + used, "%s\n", other);
			snprintf(line, sizeof(line), "1%s%s", tid, other + 2);
			used += (size_t)sprintf(mixed + used, "%s\n", line);
		}
	}
	mixed[used] = '\0';
	n = sm_cpattr_parse(mixed, used, attrs, countof(attrs));
	assert_int_equal(n, 12);
	assert_string_equal(attrs[0].value, "10.3.200.1");
	assert_string_equal(attrs[5].value, "example.com");
	free(other);
	free(mixed);
	free(text);
}

static void test_cpattr_request(void **state)
{
	sm_cpattr_t attrs[8];
	size_t len, n, i;
	char *text;

	(void)state;
	/* the client's request: four empty values, each once */
	text = fixture("request.raw", &len);
	n = sm_cpattr_parse(text, len, attrs, countof(attrs));
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
	{
		assert_int_equal(attrs[i].len, 0);
		assert_string_equal(attrs[i].value, "");
	}
	assert_int_equal(attrs[3].type, 10);
	/* fewer room than attributes: the count says so */
	assert_int_equal(sm_cpattr_parse(text, len, attrs, 2), 4);
	free(text);
}

/* ---- sessions --------------------------------------------------------- */

static sm_vnode_t *ike(const char *eap, const char *id)
{
	sm_vnode_t *root = sm_vnode_section(NULL), *s;

	s = sm_vnode_add(root, SM_VNODE_SECTION, "rw");
	if (eap)
	{
		sm_vnode_add_str(s, "remote-eap-id", eap);
	}
	sm_vnode_add_str(s, "remote-id", id);
	return root;
}

static void test_session_user(void **state)
{
	static const struct {
		const char *eap;
		const char *user;
		bool is;
	} cases[] = {
		{"alice@example.org", "alice@example.org", true},
		{"Alice@Example.ORG", "alice@example.org", true},
		{"CORP\\alice", "alice", true},
		{"CORP\\alice", "ALICE", true},
		{"CORP\\alice", "CORP\\alice", true},
		{"alice@example.org", "alice", false},
		{"alicex", "alice", false},
		{"CORP\\", "", false},
		/* ASCII case only, as the user database compares */
		{"\xc3\x84lice", "\xc3\xa4lice", false},
	};
	sm_vnode_t *root;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		root = ike(cases[i].eap, "198.51.100.2");
		if (sm_session_is(root->first, cases[i].user) != cases[i].is)
		{
			fail_msg("'%s' as '%s'", cases[i].eap, cases[i].user);
		}
		sm_vnode_free(root);
	}
	/* without EAP, the IKE identity */
	root = ike(NULL, "carol@example.org");
	assert_string_equal(sm_session_user(root->first), "carol@example.org");
	assert_true(sm_session_is(root->first, "carol@example.org"));
	sm_vnode_free(root);
}

/* ---- JSON ------------------------------------------------------------- */

static char *capture_report(const sm_checks_t *r, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
	{
		sm_checks_print_json(r, f);
	}
	else
	{
		sm_checks_print(r, f);
	}
	fclose(f);
	return buf;
}

static void test_report(void **state)
{
	sm_checks_t *r = sm_checks_create();
	char *out;

	(void)state;
	sm_checks_add(r, "charon", "unix:///x", SM_CHECK_PASS, "never shown",
				  "charon %s answers", "5.9.8");
	sm_checks_add(r, "userdb", NULL, SM_CHECK_FAIL, "chmod 600 'a\"b'",
				  "mode %04o", 0644);
	sm_checks_add(r, "firewall", NULL, SM_CHECK_SKIP, NULL, "later");
	sm_checks_fact(r, "result", "x");
	sm_checks_fact(r, "result", "failed");
	assert_string_equal(sm_checks_get_fact(r, "result"), "failed");
	assert_null(sm_checks_get_fact(r, "other"));
	out = capture_report(r, true);
	assert_string_equal(
		out,
		"{\n \"checks\": [\n"
		"  {\"check\": \"charon\", \"object\": \"unix:///x\", \"status\": \"pass\", "
		"\"message\": \"charon 5.9.8 answers\", \"fix\": \"never shown\"},\n"
		"  {\"check\": \"userdb\", \"object\": null, \"status\": \"fail\", "
		"\"message\": \"mode 0644\", \"fix\": \"chmod 600 'a\\\"b'\"},\n"
		"  {\"check\": \"firewall\", \"object\": null, \"status\": \"skip\", "
		"\"message\": \"later\", \"fix\": null}\n"
		" ],\n \"facts\": {\"result\": \"failed\"},\n"
		" \"summary\": {\"pass\": 1, \"warn\": 0, \"fail\": 1, \"skip\": 1},\n"
		" \"ok\": false\n}\n");
	free(out);
	out = capture_report(r, false);
	assert_string_equal(
		out, "PASS  charon         unix:///x: charon 5.9.8 answers\n"
			 "FAIL  userdb         mode 0644\n"
			 "                     fix: chmod 600 'a\"b'\n"
			 "SKIP  firewall       later\n"
			 "3 checks: 1 passed, 0 warnings, 1 failed, 1 skipped\n");
	free(out);
	sm_checks_destroy(r);
}

/* a status as charon answers, printed as JSON */
static void test_status_json(void **state)
{
	sm_status_t *s = calloc(1, sizeof(*s));
	sm_vnode_t *ev, *sa, *l, *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	s->uri = strdup("unix:///run/x.vici");
	s->now = 1000000;
	s->version = sm_vnode_section(NULL);
	sm_vnode_add_str(s->version, "version", "5.9.8");
	s->sas = sm_vnode_section(NULL);
	ev = sm_vnode_add(s->sas, SM_VNODE_SECTION, "list-sa");
	sa = sm_vnode_add(ev, SM_VNODE_SECTION, "rw");
	sm_vnode_add_str(sa, "uniqueid", "3");
	sm_vnode_add_str(sa, "version", "2");
	sm_vnode_add_str(sa, "state", "ESTABLISHED");
	sm_vnode_add_str(sa, "local-host", "198.51.100.1");
	sm_vnode_add_str(sa, "local-port", "4500");
	sm_vnode_add_str(sa, "remote-host", "198.51.100.2");
	sm_vnode_add_str(sa, "remote-port", "4500");
	sm_vnode_add_str(sa, "remote-id", "198.51.100.2");
	sm_vnode_add_str(sa, "remote-eap-id", "jimp@\"example\".com");
	sm_vnode_add_str(sa, "encr-alg", "AES_GCM_16");
	sm_vnode_add_str(sa, "encr-keysize", "256");
	sm_vnode_add_str(sa, "established", "60");
	l = sm_vnode_add(sa, SM_VNODE_LIST, "remote-vips");
	sm_vnode_add_str(l, NULL, "10.3.200.1");
	c = sm_vnode_add(sm_vnode_add(sa, SM_VNODE_SECTION, "child-sas"),
					 SM_VNODE_SECTION, "lan-4");
	sm_vnode_add_str(c, "name", "lan");
	sm_vnode_add_str(c, "bytes-in", "168");
	sm_vnode_add_str(c, "packets-in", "2");
	sm_vnode_add_str(c, "bytes-out", "100");
	sm_vnode_add_str(c, "packets-out", "1");
	l = sm_vnode_add(c, SM_VNODE_LIST, "local-ts");
	sm_vnode_add_str(l, NULL, "10.3.0.0/24");
	s->pools = sm_vnode_section(NULL);
	c = sm_vnode_add(s->pools, SM_VNODE_SECTION, "rw-v4");
	sm_vnode_add_str(c, "base", "10.3.200.0");
	sm_vnode_add_str(c, "size", "254");
	sm_vnode_add_str(c, "online", "1");
	sm_vnode_add_str(c, "offline", "0");
	l = sm_vnode_add(sm_vnode_add(c, SM_VNODE_SECTION, "leases"),
					 SM_VNODE_SECTION, "0");
	sm_vnode_add_str(l, "address", "10.3.200.1");
	sm_vnode_add_str(l, "identity", "jimp@\"example\".com");
	sm_vnode_add_str(l, "status", "online");
	s->sessions = calloc(1, sizeof(*s->sessions));
	s->sessions[s->n_sessions++] = sa;
	f = open_memstream(&buf, &len);
	sm_status_print_json(s, f);
	fclose(f);
	assert_string_equal(
		buf,
		"{\n \"charon\": {\"uri\": \"unix:///run/x.vici\", \"version\": \"5.9.8\", "
		"\"running_since\": null},\n"
		" \"sessions\": [\n"
		"  {\n"
		"   \"user\": \"jimp@\\\"example\\\".com\",\n"
		"   \"eap_identity\": \"jimp@\\\"example\\\".com\",\n"
		"   \"ike_identity\": \"198.51.100.2\",\n"
		"   \"connection\": \"rw\",\n"
		"   \"ike_sa_id\": 3,\n"
		"   \"state\": \"ESTABLISHED\",\n"
		"   \"version\": 2,\n"
		"   \"client\": {\"address\": \"198.51.100.2\", \"port\": 4500},\n"
		"   \"gateway\": {\"address\": \"198.51.100.1\", \"port\": 4500},\n"
		"   \"virtual_ips\": [\"10.3.200.1\"],\n"
		"   \"connected_since\": \"1970-01-12T13:45:40Z\",\n"
		"   \"connected_seconds\": 60,\n"
		"   \"bytes_in\": 168,\n"
		"   \"packets_in\": 2,\n"
		"   \"bytes_out\": 100,\n"
		"   \"packets_out\": 1,\n"
		"   \"ike\": {\"encryption\": \"AES_GCM_16\", \"key_size\": 256, "
		"\"integrity\": null, \"prf\": null, \"dh_group\": null},\n"
		"   \"children\": [\n"
		"    {\"name\": \"lan\", \"id\": null, \"state\": null, \"protocol\": null, "
		"\"udp_encapsulation\": false, \"encryption\": null, \"key_size\": null, "
		"\"integrity\": null, \"prf\": null, \"dh_group\": null, \"bytes_in\": 168, "
		"\"packets_in\": 2, \"bytes_out\": 100, \"packets_out\": 1, "
		"\"local_ts\": [\"10.3.0.0/24\"], \"remote_ts\": []}\n"
		"   ]\n"
		"  }\n"
		" ],\n"
		" \"pools\": [\n"
		"  {\n"
		"   \"name\": \"rw-v4\",\n"
		"   \"base\": \"10.3.200.0\",\n"
		"   \"size\": 254,\n"
		"   \"online\": 1,\n"
		"   \"offline\": 0,\n"
		"   \"leases\": [\n"
		"    {\"address\": \"10.3.200.1\", \"identity\": \"jimp@\\\"example\\\".com\", "
		"\"status\": \"online\"}\n"
		"   ]\n"
		"  }\n"
		" ]\n}\n");
	free(buf);
	sm_status_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_ranges),
		cmocka_unit_test(test_range_overlap),
		cmocka_unit_test(test_range_serves),
		cmocka_unit_test(test_cpattr_response),
		cmocka_unit_test(test_cpattr_threads),
		cmocka_unit_test(test_cpattr_request),
		cmocka_unit_test(test_session_user),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_status_json),
	};

	return sm_run_tests(tests);
}
