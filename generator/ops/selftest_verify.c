/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What selftest's client got, against what the generated configuration
 * says the gateway pushes: a virtual IP from one of the connection's
 * pools (or the user's static address), what the plugin pushes by the
 * connection's mobile profile (profile.c: DNS and WINS servers, domains,
 * the network list) as configuration attributes, the networks of the
 * gateway's CHILD_SA as the client's tunnel routes; and a ping through the
 * tunnel to an address of the gateway in those networks (or --ping).
 */
#include "config.h"

#include "ops_int.h"

#include "sm_file.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

static void received(const sm_cpattr_t *attrs, size_t n, unsigned int type,
					 sm_values_t *s)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (attrs[i].type == type)
		{
			sm_values_add(s, attrs[i].value);
		}
	}
}

/* one check: every value the profile pushes was received (else fail), and
 * nothing else (else warn: another plugin pushes it); key is the
 * profile's setting, source what else says it (NULL: the profile) */
static void compare(sm_selftest_t *t, const char *check, const char *what,
					const sm_values_t *want, const sm_values_t *got,
					const char *key, const char *source)
{
	const sm_gw_conn_t *c = t->conn;
	char a[LIST_LEN], b[LIST_LEN], fix[SM_OPS_ERR_LEN];
	size_t i;

	for (i = 0; i < want->n; i++)
	{
		if (!sm_values_has(got, want->v[i]))
		{
			break;
		}
	}
	if (i < want->n)
	{
		if (source || !c->profile)
		{
			snprintf(fix, sizeof(fix),
					 "charon pushes other values than %s says: swanmobile "
					 "doctor checks the plugin",
					 source ? source : "the mobile profile");
		}
		else
		{
			snprintf(fix, sizeof(fix),
					 "charon pushes other values than pools.%.64s.%s in "
					 "'%.256s' says: swanctl --reload-settings loads the "
					 "file; swanmobile doctor checks the plugin",
					 c->profile->name, key, c->profile_path);
		}
		sm_checks_add(t->r, check, NULL, SM_CHECK_FAIL, fix,
					  "%s: expected %s, received %s", what,
					  sm_values_text(want, a, sizeof(a)),
					  sm_values_text(got, b, sizeof(b)));
		return;
	}
	if (!want->n && !got->n)
	{
		sm_checks_add(t->r, check, NULL, SM_CHECK_SKIP, NULL,
					  "%s: none configured, none received", what);
		return;
	}
	if (got->n > want->n)
	{
		sm_checks_add(t->r, check, NULL, SM_CHECK_WARN,
					  "another plugin (attr?) or a swanctl pool pushes them",
					  "%s: received %s, the profile pushes %s", what,
					  sm_values_text(got, b, sizeof(b)),
					  sm_values_text(want, a, sizeof(a)));
		return;
	}
	sm_checks_add(t->r, check, NULL, SM_CHECK_PASS, NULL, "%s: received %s",
				  what, sm_values_text(got, b, sizeof(b)));
}

/* the pool of the connection a virtual IP is in, NULL if none */
static const char *vip_pool(const sm_gw_conn_t *c, const sm_prefix_t *vip)
{
	size_t i;

	for (i = 0; i < c->n_ranges; i++)
	{
		if (sm_range_contains(&c->ranges[i], vip))
		{
			return c->range_names[i];
		}
	}
	return NULL;
}

/* whether the user's static address is a virtual IP */
static bool is_static(const sm_selftest_t *t, const sm_prefix_t *vip)
{
	const char *mine = vip->family == AF_INET ? t->user_vip4 : t->user_vip6;
	sm_prefix_t p;

	return *mine && sm_prefix_parse(mine, &p) == SM_NET_OK &&
		   p.family == vip->family &&
		   !memcmp(p.addr, vip->addr, sizeof(p.addr));
}

/* the client's virtual IPs, from the pools or the user's static address;
 * sets the families the client has */
static void check_vips(sm_selftest_t *t, const sm_vnode_t *ike,
					   sm_push_client_t *cl)
{
	const sm_vnode_t *vips = sm_vnode_get(ike, "local-vips"), *v;
	const char *pool;
	sm_prefix_t p;

	if (!vips || !vips->first)
	{
		sm_checks_add(t->r, "virtual-ip", NULL, SM_CHECK_FAIL,
					  "swanmobile doctor checks the pools",
					  "the client got no virtual IP");
		return;
	}
	for (v = vips->first; v; v = v->next)
	{
		if (sm_prefix_parse(v->value, &p) != SM_NET_OK)
		{
			continue;
		}
		cl->v4 = cl->v4 || p.family == AF_INET;
		cl->v6 = cl->v6 || p.family == AF_INET6;
		pool = vip_pool(t->conn, &p);
		if (!pool && is_static(t, &p))
		{
			sm_checks_fact(t->r, "virtual_ip", v->value);
			sm_checks_add(t->r, "virtual-ip", v->value, SM_CHECK_PASS, NULL,
						  "the user's static address");
		}
		else if (!pool && t->conn->n_ranges)
		{
			sm_checks_add(
				t->r, "virtual-ip", v->value, SM_CHECK_FAIL,
				"a static address of the user set after it connected? "
				"(swanmobile user show)",
				"the virtual IP is in none of the connection's pools");
		}
		else
		{
			sm_checks_fact(t->r, "virtual_ip", v->value);
			sm_checks_add(t->r, "virtual-ip", v->value, SM_CHECK_PASS, NULL,
						  "from the pool %s", pool ? pool : "?");
		}
	}
}

/* the networks the client routes into the tunnel are the gateway's */
static void check_routes(sm_selftest_t *t, const sm_vnode_t *ike,
						 const sm_cpattr_t *attrs, size_t n,
						 const sm_pushed_t *pushed)
{
	const sm_vnode_t *children = sm_vnode_get(t->conn->conn, "children");
	const sm_vnode_t *ts = sm_vnode_get(first_child(ike), "remote-ts"), *i;
	sm_values_t *want = calloc(1, sizeof(*want)),
				*got = calloc(1, sizeof(*got));
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	const sm_vnode_t *l;
	char a[LIST_LEN], b[LIST_LEN];
	size_t k;
	bool same;

	if (!want || !got || !tmp)
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_FAIL, NULL,
					  "out of memory");
		goto out;
	}
	l = sm_swconf_split(tmp, "ts",
						children && children->first
							? sm_vnode_str(children->first, "local_ts")
							: NULL);
	for (i = l ? l->first : NULL; i; i = i->next)
	{
		sm_values_add(want, i->value);
	}
	for (i = ts ? ts->first : NULL; i; i = i->next)
	{
		sm_values_add(got, i->value);
	}
	same = want->n == got->n;
	for (k = 0; same && k < want->n; k++)
	{
		same = sm_values_has(got, want->v[k]);
	}
	if (!same)
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_FAIL,
					  "load the generated files: swanctl --load-all",
					  "the tunnel carries %s, the connection's children say %s",
					  sm_values_text(got, b, sizeof(b)),
					  sm_values_text(want, a, sizeof(a)));
	}
	else
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_PASS, NULL,
					  "the tunnel carries %s",
					  sm_values_text(got, b, sizeof(b)));
	}
	memset(got, 0, sizeof(*got));
	received(attrs, n, 13, got);
	received(attrs, n, 15, got);
	compare(t, "routes", "network list (INTERNAL_IP4/6_SUBNET)",
			&pushed->networks, got, "network_list", NULL);
out:
	sm_vnode_free(tmp);
	free(want);
	free(got);
}

/* an address of this host in the networks the gateway routes to clients */
static bool ping_target(const sm_selftest_t *t, char *addr, size_t size)
{
	const sm_vnode_t *children = sm_vnode_get(t->conn->conn, "children");
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	sm_prefix_t *addrs = calloc(SM_HOST_ADDRS_MAX, sizeof(*addrs)), net;
	const sm_prefix_t *a;
	const sm_vnode_t *c, *n, *l;
	size_t n_addrs;
	bool found = false;

	if (!tmp || !addrs)
	{
		sm_vnode_free(tmp);
		free(addrs);
		return false;
	}
	n_addrs = sm_host_addresses(addrs, SM_HOST_ADDRS_MAX);
	for (c = children ? children->first : NULL; c && !found; c = c->next)
	{
		l = sm_swconf_split(tmp, "ts", sm_vnode_str(c, "local_ts"));
		for (n = l ? l->first : NULL; n && !found; n = n->next)
		{
			if (sm_prefix_parse(n->value, &net) != SM_NET_OK)
			{
				continue;
			}
			a = sm_host_address_in(addrs, n_addrs, &net);
			found = a && sm_prefix_format(a, false, addr, size);
		}
	}
	sm_vnode_free(tmp);
	free(addrs);
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
	sm_pushed_t *want = calloc(1, sizeof(*want));
	sm_values_t *rcv = calloc(1, sizeof(*rcv));
	sm_push_client_t cl = {
		.user_dns = t->user_dns,
		.gateway = t->client.host_addr,
	};
	char path[320], *raw;
	size_t n = 0, len;

	if (!attrs || !want || !rcv)
	{
		sm_checks_add(t->r, "attributes", NULL, SM_CHECK_FAIL, NULL,
					  "out of memory");
		goto out;
	}
	check_vips(t, ike, &cl);
	if (t->conn->profile)
	{
		sm_checks_fact(t->r, "profile", t->conn->profile_path);
	}
	else
	{
		sm_checks_add(t->r, "profile", t->conn->name, SM_CHECK_FAIL,
					  "swanmobile generate FILE writes it", "%s",
					  t->conn->profile_error);
	}
	sm_profile_pushed(t->conn, &cl, want);
	snprintf(path, sizeof(path), "%s/charon-raw.log", t->client.dir);
	raw = sm_file_read(path, RAW_MAX, &len);
	if (raw)
	{
		n = sm_cpattr_parse(raw, len, attrs, ATTRS_MAX);
		n = n > ATTRS_MAX ? ATTRS_MAX : n;
		free(raw);
	}
	received(attrs, n, 3, rcv);
	received(attrs, n, 10, rcv);
	compare(t, "dns", "DNS servers", &want->dns, rcv, "dns",
			want->user_dns ? "the user's own DNS servers (swanmobile user show)"
						   : NULL);
	memset(rcv, 0, sizeof(*rcv));
	received(attrs, n, 4, rcv);
	if (want->nbns.n || rcv->n)
	{
		compare(t, "dns", "WINS servers (INTERNAL_IP4_NBNS)", &want->nbns, rcv,
				"nbns", NULL);
	}
	memset(rcv, 0, sizeof(*rcv));
	received(attrs, n, 25, rcv);
	compare(t, "domains", "split DNS domains (INTERNAL_DNS_DOMAIN)",
			&want->split_dns, rcv, "split_dns", NULL);
	memset(rcv, 0, sizeof(*rcv));
	received(attrs, n, 28674, rcv);
	compare(t, "domains", "default domain (UNITY_DEF_DOMAIN)",
			&want->default_domain, rcv, "default_domain", NULL);
	if (got != SM_SELFTEST_CHILD)
	{
		sm_checks_add(t->r, "routes", NULL, SM_CHECK_SKIP, NULL,
					  "no CHILD_SA, no tunnel");
		sm_checks_add(t->r, "ping", NULL, SM_CHECK_SKIP, NULL,
					  "no CHILD_SA, no tunnel");
	}
	else
	{
		check_routes(t, ike, attrs, n, want);
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
