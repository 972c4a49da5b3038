/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What selftest's client got, against what the generated configuration
 * says the gateway pushes: a virtual IP from one of the connection's
 * pools, the pools' DNS servers, domains (split DNS and the default
 * domain) and network list as configuration attributes, the networks of
 * the gateway's CHILD_SA as the client's tunnel routes; and a ping through
 * the tunnel to an address of the gateway in those networks (or --ping).
 */
#include "config.h"

#include "ops_int.h"

#include "sm_file.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Largest raw log read. */
#define RAW_MAX (16 * 1024 * 1024)
/** Most configuration attributes read. */
#define ATTRS_MAX 64
/** Room for a list of values in a message. */
#define LIST_LEN 512

/* the client's IKE_SA section in list-sas' events */
static const sm_vnode_t *client_sa(const sm_vnode_t *events)
{
	const sm_vnode_t *ev, *ike;

	for (ev = events ? events->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			if (ike->kind == SM_VNODE_SECTION)
			{
				return ike;
			}
		}
	}
	return NULL;
}

static const sm_vnode_t *first_child(const sm_vnode_t *ike)
{
	const sm_vnode_t *c, *children = sm_vnode_get(ike, "child-sas");

	for (c = children ? children->first : NULL; c; c = c->next)
	{
		if (c->kind == SM_VNODE_SECTION)
		{
			return c;
		}
	}
	return NULL;
}

/* a canonical text for comparing: addresses and prefixes canonical,
 * domains lower case */
static void canon(const char *in, char *out, size_t size)
{
	sm_prefix_t p;
	size_t i;

	if (sm_prefix_parse(in, &p) == SM_NET_OK &&
		sm_prefix_format(&p, strchr(in, '/') != NULL, out, size))
	{
		return;
	}
	for (i = 0; in[i] && i + 1 < size; i++)
	{
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i];
	}
	out[i] = '\0';
}

/** A set of values, for expected and received. */
typedef struct {
	char v[32][SM_CPATTR_VALUE_LEN];
	size_t n;
} set_t;

static void set_add(set_t *s, const char *value)
{
	char c[SM_CPATTR_VALUE_LEN];
	size_t i;

	canon(value, c, sizeof(c));
	for (i = 0; i < s->n; i++)
	{
		if (!strcmp(s->v[i], c))
		{
			return;
		}
	}
	if (s->n < countof(s->v))
	{
		snprintf(s->v[s->n++], sizeof(s->v[0]), "%s", c);
	}
}

/* the items of a comma-separated value */
static void set_add_list(set_t *s, const char *list)
{
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	const sm_vnode_t *i;

	if (tmp && list && sm_swconf_split(tmp, "l", list))
	{
		for (i = tmp->first->first; i; i = i->next)
		{
			set_add(s, i->value);
		}
	}
	sm_vnode_free(tmp);
}

static bool set_has(const set_t *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
	{
		if (!strcmp(s->v[i], value))
		{
			return true;
		}
	}
	return false;
}

static const char *set_text(const set_t *s, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < s->n && len < size; i++)
	{
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
								s->v[i]);
	}
	return s->n ? buf : "none";
}

/* what the pools configure for a key (several keys for one setting) */
static void expected(const sm_selftest_t *t, const char *key, set_t *s)
{
	const sm_vnode_t *pool;
	size_t i;

	for (i = 0; i < t->n_pools; i++)
	{
		pool = sm_vnode_get(t->conn->pools, t->pool_names[i]);
		set_add_list(s, sm_vnode_str(pool, key));
	}
}

static void received(const sm_cpattr_t *attrs, size_t n, unsigned int type,
					 set_t *s)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (attrs[i].type == type)
		{
			set_add(s, attrs[i].value);
		}
	}
}

/* one check: every expected value was received */
static void compare(sm_selftest_t *t, const char *check, const char *what,
					const set_t *want, const set_t *got, const char *setting)
{
	char a[LIST_LEN], b[LIST_LEN], fix[256];
	size_t i;

	for (i = 0; i < want->n; i++)
	{
		if (!set_has(got, want->v[i]))
		{
			snprintf(fix, sizeof(fix),
					 "the gateway does not push what its "
					 "pool's '%s' says: swanmobile doctor",
					 setting);
			sm_checks_add(t->r, check, NULL, SM_CHECK_FAIL, fix,
						  "%s: expected %s, received %s", what,
						  set_text(want, a, sizeof(a)),
						  set_text(got, b, sizeof(b)));
			return;
		}
	}
	if (!want->n && !got->n)
	{
		sm_checks_add(t->r, check, NULL, SM_CHECK_SKIP, NULL,
					  "%s: none configured, none received", what);
		return;
	}
	sm_checks_add(t->r, check, NULL, SM_CHECK_PASS, NULL, "%s: received %s",
				  what, set_text(got, b, sizeof(b)));
}

static void check_vips(sm_selftest_t *t, const sm_vnode_t *ike)
{
	const sm_vnode_t *vips = sm_vnode_get(ike, "local-vips"), *v;
	sm_prefix_t p;
	size_t i;
	bool in;

	if (!vips || !vips->first)
	{
		sm_checks_add(t->r, "virtual-ip", NULL, SM_CHECK_FAIL,
					  "swanmobile doctor checks the pools",
					  "the client got no virtual IP");
		return;
	}
	for (v = vips->first; v; v = v->next)
	{
		in = false;
		for (i = 0; i < t->n_pools && !in; i++)
		{
			in = sm_prefix_parse(v->value, &p) == SM_NET_OK &&
				 sm_range_contains(&t->pools[i], &p);
		}
		if (!in && t->n_pools)
		{
			sm_checks_add(
				t->r, "virtual-ip", v->value, SM_CHECK_FAIL,
				"a static address of the user outside the pools? "
				"(swanmobile user show)",
				"the virtual IP is in none of the connection's pools");
			continue;
		}
		sm_checks_fact(t->r, "virtual_ip", v->value);
		sm_checks_add(t->r, "virtual-ip", v->value, SM_CHECK_PASS, NULL,
					  "from the pool %s", in ? t->pool_names[i - 1] : "?");
	}
}

/* the networks the client routes into the tunnel are the gateway's */
static void check_routes(sm_selftest_t *t, const sm_vnode_t *ike,
						 const sm_cpattr_t *attrs, size_t n)
{
	const sm_vnode_t *children = sm_vnode_get(t->conn->conn, "children");
	const sm_vnode_t *ts = sm_vnode_get(first_child(ike), "remote-ts"), *i;
	set_t *want = calloc(1, sizeof(*want)), *got = calloc(1, sizeof(*got));
	char a[LIST_LEN], b[LIST_LEN];
	size_t k;
	bool same;

	if (!want || !got)
	{
		free(want);
		free(got);
		return;
	}
	set_add_list(want, children && children->first
						   ? sm_vnode_str(children->first, "local_ts")
						   : NULL);
	for (i = ts ? ts->first : NULL; i; i = i->next)
	{
		set_add(got, i->value);
	}
	same = want->n == got->n;
	for (k = 0; same && k < want->n; k++)
	{
		same = set_has(got, want->v[k]);
	}
	if (!same)
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_FAIL,
					  "load the generated files: swanctl --load-all",
					  "the tunnel carries %s, the connection's children say %s",
					  set_text(got, b, sizeof(b)),
					  set_text(want, a, sizeof(a)));
	}
	else
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_PASS, NULL,
					  "the tunnel carries %s", set_text(got, b, sizeof(b)));
	}
	memset(want, 0, sizeof(*want));
	memset(got, 0, sizeof(*got));
	expected(t, "subnet", want);
	received(attrs, n, 13, got);
	received(attrs, n, 15, got);
	compare(t, "routes", "network list (INTERNAL_IP4/6_SUBNET)", want, got,
			"subnet");
	free(want);
	free(got);
}

/* an address of this host in the networks the gateway routes to clients */
static bool ping_target(const sm_selftest_t *t, char *addr, size_t size)
{
	const sm_vnode_t *children = sm_vnode_get(t->conn->conn, "children");
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	const sm_vnode_t *c, *n, *l;
	struct ifaddrs *ifs = NULL, *i;
	sm_prefix_t net, a;
	bool found = false;

	if (!tmp || getifaddrs(&ifs) != 0)
	{
		sm_vnode_free(tmp);
		return false;
	}
	for (c = children ? children->first : NULL; c && !found; c = c->next)
	{
		l = sm_swconf_split(tmp, "ts", sm_vnode_str(c, "local_ts"));
		for (n = l ? l->first : NULL; n && !found; n = n->next)
		{
			if (sm_prefix_parse(n->value, &net) != SM_NET_OK)
			{
				continue;
			}
			for (i = ifs; i && !found; i = i->ifa_next)
			{
				if (!i->ifa_addr || i->ifa_addr->sa_family != net.family ||
					!inet_ntop(
						net.family,
						net.family == AF_INET
							? (void *)&((struct sockaddr_in *)i->ifa_addr)
								  ->sin_addr
							: (void *)&((struct sockaddr_in6 *)i->ifa_addr)
								  ->sin6_addr,
						addr, (socklen_t)size) ||
					sm_prefix_parse(addr, &a) != SM_NET_OK)
				{
					continue;
				}
				found = sm_prefix_contains(&net, &a);
			}
		}
	}
	freeifaddrs(ifs);
	sm_vnode_free(tmp);
	return found;
}

static void check_ping(sm_selftest_t *t)
{
	char addr[SM_PREFIX_STRLEN], summary[256], err[SM_OPS_ERR_LEN];
	sm_vnode_t *args, *res, *sas = NULL;
	uint64_t out = 0, in = 0;
	int rc;

	if (t->o->ping)
	{
		snprintf(addr, sizeof(addr), "%s", t->o->ping);
	}
	else if (!ping_target(t, addr, sizeof(addr)))
	{
		sm_checks_add(t->r, "ping", NULL, SM_CHECK_SKIP,
					  "name a host behind the gateway: --ping ADDR",
					  "the gateway has no address in the networks it routes "
					  "to clients");
		return;
	}
	sm_checks_fact(t->r, "ping", addr);
	rc = sm_client_ping(&t->client, addr, summary, sizeof(summary));
	if (sm_selftest_interrupted())
	{
		/* the client was stopped under the ping: no verdict */
		return;
	}
	args = sm_vnode_section(NULL);
	res = args && sm_vnode_add_str(args, "ike", "selftest")
			  ? sm_vici_call(t->cv, "list-sas", args, "list-sa", &sas, err)
			  : NULL;
	sm_vnode_u64(first_child(client_sa(sas)), "packets-out", &out);
	sm_vnode_u64(first_child(client_sa(sas)), "packets-in", &in);
	sm_vnode_free(args);
	sm_vnode_free(res);
	sm_vnode_free(sas);
	if (rc < 0)
	{
		sm_checks_add(t->r, "ping", addr, SM_CHECK_SKIP, "install iputils-ping",
					  "ping(8) is not installed");
	}
	else if (rc != 0)
	{
		sm_checks_add(t->r, "ping", addr, SM_CHECK_FAIL,
					  "swanmobile doctor checks forwarding and the firewall",
					  "no answer through the tunnel (%s; the tunnel carried "
					  "%" PRIu64 " packets out, %" PRIu64 " in)",
					  *summary ? summary : "ping failed", out, in);
	}
	else
	{
		sm_checks_add(t->r, "ping", addr, SM_CHECK_PASS, NULL,
					  "%s through the tunnel (%" PRIu64 " packets out, "
					  "%" PRIu64 " in)",
					  summary, out, in);
	}
}

void sm_selftest_verify(sm_selftest_t *t, sm_selftest_got_t got)
{
	const sm_vnode_t *ike = client_sa(t->sas);
	sm_cpattr_t *attrs = calloc(ATTRS_MAX, sizeof(*attrs));
	set_t *want = calloc(1, sizeof(*want)), *rcv = calloc(1, sizeof(*rcv));
	char path[320], *raw;
	size_t n = 0, len;

	if (!attrs || !want || !rcv)
	{
		sm_checks_add(t->r, "attributes", NULL, SM_CHECK_FAIL, NULL,
					  "out of memory");
		goto out;
	}
	check_vips(t, ike);
	snprintf(path, sizeof(path), "%s/charon-raw.log", t->client.dir);
	raw = sm_file_read(path, RAW_MAX, &len);
	if (raw)
	{
		n = sm_cpattr_parse(raw, len, attrs, ATTRS_MAX);
		n = n > ATTRS_MAX ? ATTRS_MAX : n;
		free(raw);
	}
	expected(t, "dns", want);
	received(attrs, n, 3, rcv);
	received(attrs, n, 10, rcv);
	compare(t, "dns", "DNS servers", want, rcv, "dns");
	memset(want, 0, sizeof(*want));
	memset(rcv, 0, sizeof(*rcv));
	expected(t, "25", want);
	received(attrs, n, 25, rcv);
	compare(t, "domains", "split DNS domains (INTERNAL_DNS_DOMAIN)", want, rcv,
			"25");
	memset(want, 0, sizeof(*want));
	memset(rcv, 0, sizeof(*rcv));
	expected(t, "28674", want);
	received(attrs, n, 28674, rcv);
	compare(t, "domains", "default domain (UNITY_DEF_DOMAIN)", want, rcv,
			"28674");
	if (got != SM_SELFTEST_CHILD)
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_SKIP, NULL,
					  "no CHILD_SA, no tunnel");
		sm_checks_add(t->r, "ping", NULL, SM_CHECK_SKIP, NULL,
					  "no CHILD_SA, no tunnel");
	}
	else
	{
		check_routes(t, ike, attrs, n);
		if (!sm_selftest_interrupted())
		{
			check_ping(t);
		}
	}
out:
	free(attrs);
	free(want);
	free(rcv);
}
