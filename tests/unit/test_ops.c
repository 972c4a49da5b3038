/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/ops/ without a charon: the trees, the
 * swanctl.conf reader (on the golden generated files too), durations, pool
 * ranges as strongSwan counts them and pools split around static
 * addresses, what the plugin pushes by a mobile profile (the golden one
 * and the plugin's rules), the configuration attributes of captured
 * charon dumps, which IKE_SAs belong to a user, and the JSON of status and
 * of the checks.
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
		cmocka_unit_test(test_vnode),
		cmocka_unit_test(test_swconf),
		cmocka_unit_test(test_swconf_errors),
		cmocka_unit_test(test_swconf_generated),
		cmocka_unit_test(test_profile_golden),
		cmocka_unit_test(test_profile_missing),
		cmocka_unit_test(test_profile_rules),
		cmocka_unit_test(test_pool_groups),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_pool_ranges),
		cmocka_unit_test(test_range_overlap),
		cmocka_unit_test(test_cpattr_response),
		cmocka_unit_test(test_cpattr_threads),
		cmocka_unit_test(test_cpattr_request),
		cmocka_unit_test(test_session_user),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_status_json),
	};

	return sm_run_tests(tests);
}
