/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/ops/ without a charon: the trees, the
 * swanctl.conf reader (on the golden generated files too), durations, pools
 * split around static addresses, and what the plugin pushes by a mobile
 * profile (the golden one and the plugin's rules).  Pool ranges,
 * configuration attributes, sessions and the JSON of status are in
 * test_ops_status.c.
 */
#include "config.h"

#include "sm_test.h"

#include "ops/ops_int.h"
#include "sm_file.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* a string is there and equal (assert_string_equal() crashes on NULL) */
#define assert_str(a, b)                                                       \
	do                                                                         \
	{                                                                          \
		const char *a_ = (a);                                                  \
		if (!a_)                                                               \
		{                                                                      \
			fail_msg("%s is missing, expected '%s'", #a, (b));                 \
		}                                                                      \
		assert_string_equal(a_, (b));                                          \
	} while (0)

/* ---- trees ------------------------------------------------------------ */

static void test_vnode(void **state)
{
	sm_vnode_t *root = sm_vnode_section(NULL), *s, *l;
	uint64_t v = 0;

	(void)state;
	assert_non_null(root);
	s = sm_vnode_add(root, SM_VNODE_SECTION, "local-1");
	assert_non_null(sm_vnode_add_str(s, "id", "vpn.example.com"));
	assert_non_null(sm_vnode_add_fmt(s, "n", "%d", 42));
	l = sm_vnode_add(s, SM_VNODE_LIST, "certs");
	assert_non_null(sm_vnode_add_str(l, NULL, "a"));
	assert_non_null(sm_vnode_add_value(l, NULL, "b\0c", 3));
	/* a key/value pair needs a section, an item a list */
	assert_null(sm_vnode_add_str(l, "key", "x"));
	assert_null(sm_vnode_add_str(s, NULL, "x"));
	assert_string_equal(sm_vnode_str(root, "local-1/id"), "vpn.example.com");
	assert_true(sm_vnode_u64(root, "local-1/n", &v));
	assert_int_equal(v, 42);
	assert_false(sm_vnode_u64(root, "local-1/id", &v));
	assert_null(sm_vnode_str(root, "local-1/certs"));
	assert_null(sm_vnode_get(root, "local-1/nothing"));
	assert_int_equal(sm_vnode_count(sm_vnode_get(root, "local-1/certs")), 2);
	assert_int_equal(sm_vnode_get(root, "local-1/certs")->last->len, 3);
	sm_vnode_free(root);
}

/* ---- swanctl.conf ----------------------------------------------------- */

static void test_swconf(void **state)
{
	static const char text[] = "# comment\n"
							   "connections {\n"
							   "\trw : base, other {   # a reference\n"
							   "\t\tversion = 2\n"
							   "\t\tproposals = a, b ,c   # trailing comment\n"
							   "\t\tlocal {\n"
							   "\t\t\tid = \"CN=x, O=\\\"y\\\"\"\n"
							   "\t\t}\n"
							   "\t\tversion = 1\n"
							   "\t}\n"
							   "}\n"
							   "include conf.d/*.conf\n"
							   "connections {\n"
							   "\trw {\n\t\tempty =\n\t}\n"
							   "\tsecond { x = 1 }\n"
							   "}\n";
	char err[SM_OPS_ERR_LEN];
	sm_vnode_t *root, *tmp;
	const sm_vnode_t *list;

	(void)state;
	root = sm_swconf_parse("t.conf", text, sizeof(text) - 1, err);
	assert_non_null(root);
	/* a later value wins, repeated sections merge */
	assert_string_equal(sm_vnode_str(root, "connections/rw/version"), "1");
	assert_string_equal(sm_vnode_str(root, "connections/rw/proposals"),
						"a, b ,c");
	assert_string_equal(sm_vnode_str(root, "connections/rw/local/id"),
						"CN=x, O=\"y\"");
	assert_string_equal(sm_vnode_str(root, "connections/rw/empty"), "");
	assert_string_equal(sm_vnode_str(root, "connections/second/x"), "1");
	assert_int_equal(sm_vnode_count(sm_vnode_get(root, "connections")), 2);
	assert_null(sm_vnode_get(root, "include"));
	tmp = sm_vnode_section(NULL);
	list = sm_swconf_split(tmp, "l",
						   sm_vnode_str(root, "connections/rw/proposals"));
	assert_int_equal(sm_vnode_count(list), 3);
	assert_string_equal(list->first->next->value, "b");
	assert_string_equal(list->last->value, "c");
	sm_vnode_free(tmp);
	sm_vnode_free(root);
}

static void test_swconf_errors(void **state)
{
	static const struct {
		const char *text;
		const char *err;
	} cases[] = {
		{"a {\n b = 1\n", "e.conf:3: missing '}' at the end of the file"},
		{"a = 1\n}\n", "e.conf:2: '}' without a section to close"},
		{"a {\n b\n}\n", "e.conf:3: expected '{' or '=' after 'b'"},
		{"a = \"open\n", "e.conf:2: missing '\"' at the end of a quoted value"},
		{"{\n", "e.conf:1: unexpected '{'"},
	};
	char err[SM_OPS_ERR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_null(sm_swconf_parse("e.conf", cases[i].text,
									strlen(cases[i].text), err));
		assert_string_equal(err, cases[i].err);
	}
}

/* the golden rw.conf of generate: what doctor and selftest read of it (the
 * pushed attributes are in the mobile profile, not in the pools) */
static void test_swconf_generated(void **state)
{
	char err[SM_OPS_ERR_LEN];
	const sm_vnode_t *conn;
	sm_gw_conn_t c = {0};
	sm_vnode_t *root;

	(void)state;
	root = sm_swconf_load(SM_GOLDEN_ROOT "/etc/swanctl/conf.d/rw.conf", err);
	if (!root)
	{
		fail_msg("%s", err);
	}
	conn = sm_vnode_get(root, "connections/rw");
	assert_non_null(conn);
	assert_str(sm_vnode_str(sm_gw_auth(conn, "local"), "id"),
			   "vpn.example.com");
	assert_str(sm_vnode_str(sm_gw_auth(conn, "remote"), "auth"),
			   "eap-mschapv2");
	assert_str(sm_vnode_str(conn, "children/lan/local_ts"), "10.3.0.0/24");
	/* the profile's name first, then the address pool */
	assert_str(sm_vnode_str(conn, "pools"), "rw, rw-v4");
	assert_str(sm_vnode_str(root, "pools/rw-v4/addrs"), "10.3.200.0/24");
	assert_int_equal(sm_vnode_count(sm_vnode_get(root, "pools/rw-v4")), 1);
	c.conn = conn;
	c.pools = sm_vnode_get(root, "pools");
	assert_true(sm_gw_pool_ranges(&c));
	assert_int_equal(c.n_ranges, 1);
	assert_str(c.range_names[0], "rw-v4");
	assert_int_equal(c.ranges[0].plen, 24);
	free(c.ranges);
	free(c.range_names);
	sm_vnode_free(root);
}

/* ---- the generated tree and its mobile profile ------------------------ */

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* mkdir -p */
static void mkdirs(const char *dir, mode_t mode)
{
	char path[1024], *slash;

	snprintf(path, sizeof(path), "%s", dir);
	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/'))
	{
		*slash = '\0';
		assert_true(mkdir(path, mode) == 0 || errno == EEXIST);
		*slash = '/';
	}
	assert_true(mkdir(path, mode) == 0 || errno == EEXIST);
}

/* a root below /tmp with the golden files and what else sm_gw_load() needs
 * (the connection's state directory); profile, if not NULL, replaces the
 * golden mobile profile */
static char *golden_root(const char *profile)
{
	static const char *const files[] = {
		SM_SWANCTLDIR "/conf.d/rw.conf",
		SM_CHARON_CONFDIR "/swanmobile.conf",
		SM_CHARON_CONFDIR "/swanmobile-rw.conf",
	};
	char *root = strdup("/tmp/sm-test-ops.XXXXXX"), path[1024], *text;
	size_t i, len;

	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	for (i = 0; i < countof(files); i++)
	{
		snprintf(path, sizeof(path), "%s%s", SM_GOLDEN_ROOT, files[i]);
		text = sm_file_read(path, 1 << 20, &len);
		assert_non_null(text);
		if (profile && strstr(files[i], "swanmobile-rw"))
		{
			free(text);
			text = strdup(profile);
			len = strlen(text);
		}
		snprintf(path, sizeof(path), "%s%s", root, files[i]);
		*strrchr(path, '/') = '\0';
		mkdirs(path, 0755);
		snprintf(path, sizeof(path), "%s%s", root, files[i]);
		assert_int_equal(sm_file_write(path, text, len, 0644, 0, NULL), 0);
		free(text);
	}
	snprintf(path, sizeof(path), "%s%s/rw", root, SM_CONFDIR);
	mkdirs(path, 0700);
	return root;
}

static void rm_root(char *root)
{
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

static const char *text_of(const sm_values_t *v)
{
	static char buf[1024];

	return sm_values_text(v, buf, sizeof(buf));
}

/* generate's files: the profile is found by the connection's first pool,
 * and says what an IPv4 client gets */
static void test_profile_golden(void **state)
{
	sm_push_client_t cl = {.v4 = true, .gateway = "192.0.2.1"};
	sm_ops_opts_t o = {0};
	char err[SM_OPS_ERR_LEN];
	const sm_gw_conn_t *c;
	sm_pushed_t *p = calloc(1, sizeof(*p));
	sm_gw_t *gw;

	(void)state;
	assert_non_null(p);
	o.root = golden_root(NULL);
	gw = sm_gw_load(&o, err);
	if (!gw)
	{
		fail_msg("%s", err);
	}
	assert_int_equal(gw->n_conns, 1);
	c = &gw->conns[0];
	assert_non_null(c->conn);
	if (!c->profile)
	{
		fail_msg("no profile: %s", c->profile_error);
	}
	assert_str(c->profile->name, "rw");
	assert_str(c->profile_path, c->paths->profile_conf);
	assert_str(c->profile_error, "");
	assert_int_equal(c->n_ranges, 1);
	sm_profile_pushed(c, &cl, p);
	assert_str(text_of(&p->dns), "10.3.0.1");
	assert_str(text_of(&p->nbns), "none");
	assert_str(text_of(&p->default_domain), "example.com");
	assert_str(text_of(&p->split_dns), "example.com, example.org");
	assert_true(p->network_list);
	assert_str(text_of(&p->networks), "10.3.0.0/24");
	/* a client without a virtual IP gets nothing */
	cl.v4 = false;
	sm_profile_pushed(c, &cl, p);
	assert_int_equal(
		p->dns.n + p->default_domain.n + p->split_dns.n + p->networks.n, 0);
	sm_gw_destroy(gw);
	rm_root((char *)o.root);
	free(p);
}

/* a profile file without the connection's profile: no profile, and a
 * message naming the file and what is missing (nothing crashes) */
static void test_profile_missing(void **state)
{
	static const char *const files[] = {
		"swanmobile {\n\tpools {\n\t\tother {\n\t\t\tdns = 10.9.9.9\n"
		"\t\t}\n\t}\n}\n",
		"# empty\n",
		"swanmobile {\n",
	};
	sm_push_client_t cl = {.v4 = true};
	sm_ops_opts_t o = {0};
	char err[SM_OPS_ERR_LEN];
	sm_pushed_t p;
	sm_gw_t *gw;
	size_t i;

	(void)state;
	for (i = 0; i < countof(files); i++)
	{
		o.root = golden_root(files[i]);
		gw = sm_gw_load(&o, err);
		assert_non_null(gw);
		assert_null(gw->conns[0].profile);
		assert_null(gw->conns[0].profile_path);
		if (!strstr(gw->conns[0].profile_error, "swanmobile-rw.conf"))
		{
			fail_msg("file %zu: '%s'", i, gw->conns[0].profile_error);
		}
		sm_profile_pushed(&gw->conns[0], &cl, &p);
		assert_int_equal(p.dns.n + p.split_dns.n, 0);
		sm_gw_destroy(gw);
		rm_root((char *)o.root);
	}
}

/* the plugin's rules (swanmobile_attrs_build.c), on profiles in memory */
static void test_profile_rules(void **state)
{
	static const struct {
		const char *profile;
		const char *local_ts;
		bool v4, v6;
		const char *user_dns;
		/* dns | nbns | default | split | networks */
		const char *want[5];
	} cases[] = {
		/* split_dns empty: the default domain is the split domain */
		{"default_domain = Corp.Example\n",
		 "10.0.0.0/8",
		 true,
		 false,
		 NULL,
		 {"none", "none", "corp.example", "corp.example", "none"}},
		/* %none: no split domain, the default domain still */
		{"default_domain = corp.example\nsplit_dns = %none\n",
		 NULL,
		 true,
		 false,
		 NULL,
		 {"none", "none", "corp.example", "none", "none"}},
		/* %none wins over domains next to it */
		{"split_dns = a.example, %none b.example\n",
		 NULL,
		 true,
		 false,
		 NULL,
		 {"none", "none", "none", "none", "none"}},
		/* no DNS name, no address: left out; duplicates once */
		{"dns = 10.0.0.1 bogus, 10.0.0.1,10.0.0.2\ndefault_domain = "
		 "bad..name\nsplit_dns = ok.example -bad.example OK.example\n",
		 NULL,
		 true,
		 false,
		 NULL,
		 {"10.0.0.1, 10.0.0.2", "none", "none", "ok.example", "none"}},
		/* families: an IPv4-only client gets no IPv6 server or network;
		 * WINS is IPv4 only */
		{"dns = 2001:db8::53, 10.0.0.53\nnbns = 10.0.0.4, 2001:db8::4\n"
		 "network_list = yes\n",
		 "10.0.0.0/8, 2001:db8::/64",
		 true,
		 false,
		 NULL,
		 {"10.0.0.53", "10.0.0.4", "none", "none", "10.0.0.0/8"}},
		{"dns = 2001:db8::53, 10.0.0.53\nnbns = 10.0.0.4\n"
		 "network_list = yes\n",
		 "10.0.0.0/8, 2001:db8::/64",
		 false,
		 true,
		 NULL,
		 {"2001:db8::53", "none", "none", "none", "2001:db8::/64"}},
		/* the user's own DNS servers replace the profile's */
		{"dns = 10.0.0.53\n",
		 NULL,
		 true,
		 false,
		 "10.0.0.99,10.0.0.98",
		 {"10.0.0.99, 10.0.0.98", "none", "none", "none", "none"}},
		/* ... unless the user has none that is an address */
		{"dns = 10.0.0.53\n",
		 NULL,
		 true,
		 false,
		 "",
		 {"10.0.0.53", "none", "none", "none", "none"}},
		/* network list: "dynamic" is the gateway, ranges that are subnets
		 * count, others not, host bits cleared, protocol/port ignored */
		{"network_list = true\n",
		 "dynamic, 10.1.0.0-10.1.0.255, 10.2.0.0-10.2.0.5, "
		 "10.3.0.1/16[tcp/80]",
		 true,
		 false,
		 NULL,
		 {"none", "none", "none", "none",
		  "192.0.2.1/32, 10.1.0.0/24, 10.3.0.0/16"}},
		/* no local_ts: dynamic */
		{"network_list = 1\n",
		 NULL,
		 true,
		 false,
		 NULL,
		 {"none", "none", "none", "none", "192.0.2.1/32"}},
		/* only charon's booleans switch it on */
		{"network_list = maybe\n",
		 "10.0.0.0/8",
		 true,
		 false,
		 NULL,
		 {"none", "none", "none", "none", "none"}},
		{"network_list = no\n",
		 "10.0.0.0/8",
		 true,
		 false,
		 NULL,
		 {"none", "none", "none", "none", "none"}},
	};
	char conn[512], prof[512], err[SM_OPS_ERR_LEN];
	sm_push_client_t cl;
	sm_gw_conn_t c;
	sm_pushed_t *p = calloc(1, sizeof(*p));
	sm_vnode_t *cf, *pf;
	const sm_values_t *got[5];
	size_t i, k;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < countof(cases); i++)
	{
		snprintf(conn, sizeof(conn),
				 "connections { rw { pools = other, rw, rw-v4\n children { "
				 "lan { %s%s%s } } } }\n",
				 cases[i].local_ts ? "local_ts = " : "",
				 cases[i].local_ts ? cases[i].local_ts : "",
				 cases[i].local_ts ? "\n" : "");
		snprintf(prof, sizeof(prof), "swanmobile { pools { rw {\n%s} } }\n",
				 cases[i].profile);
		cf = sm_swconf_parse("c.conf", conn, strlen(conn), err);
		pf = sm_swconf_parse("p.conf", prof, strlen(prof), err);
		assert_non_null(cf);
		assert_non_null(pf);
		memset(&c, 0, sizeof(c));
		c.conn = sm_vnode_get(cf, "connections/rw");
		c.profile = sm_vnode_get(pf, "swanmobile/pools/rw");
		cl = (sm_push_client_t){
			.v4 = cases[i].v4,
			.v6 = cases[i].v6,
			.user_dns = cases[i].user_dns,
			.gateway = "192.0.2.1",
		};
		sm_profile_pushed(&c, &cl, p);
		got[0] = &p->dns;
		got[1] = &p->nbns;
		got[2] = &p->default_domain;
		got[3] = &p->split_dns;
		got[4] = &p->networks;
		for (k = 0; k < 5; k++)
		{
			if (strcmp(text_of(got[k]), cases[i].want[k]))
			{
				fail_msg("case %zu, value %zu: got '%s', expected '%s'", i, k,
						 text_of(got[k]), cases[i].want[k]);
			}
		}
		sm_vnode_free(cf);
		sm_vnode_free(pf);
	}
	free(p);
}

/* a pool split around static addresses: its parts are one pool */
static void test_pool_groups(void **state)
{
	static const char text[] =
		"connections { rw { pools = rw, rw-v4, rw-v4-2, rw-v4-3, rw-v6, "
		"rw-v6-x, other-2 } }\n"
		"pools {\n"
		" rw-v4 { addrs = 10.3.200.1-10.3.200.9 }\n"
		" rw-v4-2 { addrs = 10.3.200.11/32 }\n"
		" rw-v4-3 { addrs = 10.3.200.13-10.3.200.254 }\n"
		" rw-v6 { addrs = 2001:db8::/120 }\n"
		" rw-v6-x { addrs = 2001:db8:1::/120 }\n"
		" other-2 { addrs = 10.9.0.0/24 }\n"
		"}\n";
	char err[SM_OPS_ERR_LEN], buf[128];
	sm_gw_conn_t c = {0};
	sm_vnode_t *root;

	(void)state;
	root = sm_swconf_parse("g.conf", text, sizeof(text) - 1, err);
	assert_non_null(root);
	c.conn = sm_vnode_get(root, "connections/rw");
	c.pools = sm_vnode_get(root, "pools");
	assert_true(sm_gw_pool_ranges(&c));
	/* "rw" is the profile, not a pool */
	assert_int_equal(c.n_ranges, 6);
	assert_str(c.range_names[0], "rw-v4");
	assert_int_equal(sm_gw_pool_group(&c, 0), 3);
	assert_str(sm_gw_pool_text(&c, 0, 3, buf, sizeof(buf)),
			   "10.3.200.1-10.3.200.254 in 3 parts");
	/* rw-v6-x is no part of rw-v6, other-2 none of rw-v6-x */
	assert_int_equal(sm_gw_pool_group(&c, 3), 4);
	assert_int_equal(sm_gw_pool_group(&c, 4), 5);
	assert_int_equal(sm_gw_pool_group(&c, 5), 6);
	assert_str(sm_gw_pool_text(&c, 3, 4, buf, sizeof(buf)), "2001:db8::/120");
	free(c.ranges);
	free(c.range_names);
	sm_vnode_free(root);
}

static void test_duration(void **state)
{
	static const struct {
		const char *in;
		bool ok;
		uint64_t s;
	} cases[] = {
		{"30", true, 30},    {"30s", true, 30},
		{"5m", true, 300},   {"2h", true, 7200},
		{"1d", true, 86400}, {"0s", true, 0},
		{"", false, 0},      {"s", false, 0},
		{"1x", false, 0},    {"-1", false, 0},
		{"1ss", false, 0},   {"99999999999999999999", false, 0},
	};
	uint64_t s;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		s = 0;
		if (sm_swconf_duration(cases[i].in, &s) != cases[i].ok ||
			(cases[i].ok && s != cases[i].s))
		{
			fail_msg("'%s': got %d/%llu", cases[i].in, !cases[i].ok,
					 (unsigned long long)s);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vnode),
		cmocka_unit_test(test_swconf),
		cmocka_unit_test(test_swconf_errors),
		cmocka_unit_test(test_swconf_generated),
		cmocka_unit_test(test_profile_golden),
		cmocka_unit_test(test_profile_missing),
		cmocka_unit_test(test_profile_rules),
		cmocka_unit_test(test_pool_groups),
		cmocka_unit_test(test_duration),
	};

	return sm_run_tests(tests);
}
