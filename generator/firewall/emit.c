/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection's ruleset: the values of templates/firewall.nft.tmpl, one
 * item per address family of the pools, each with the rules that apply to
 * it.  The values go in raw; the engine checks every one for nft's syntax.
 */
#include "config.h"

#include "firewall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* nft's keyword for a protocol in one family; GRE by its number, since nft
 * has no keyword for it and resolves the name through /etc/protocols, which
 * a minimal system (no netbase) lacks */
static const char *l4_name(sm_l4_kind_t l4, int family)
{
	switch (l4)
	{
		case SM_L4_TCP:
			return "tcp";
		case SM_L4_UDP:
			return "udp";
		case SM_L4_SCTP:
			return "sctp";
		case SM_L4_ICMP:
			return family == AF_INET ? "icmp" : "icmpv6";
		case SM_L4_GRE:
			return "47";
		case SM_L4_ANY:
			break;
	}
	return "";
}

static bool add_net(sm_tvars_t *list, const char *name, const sm_prefix_t *p)
{
	char buf[SM_PREFIX_STRLEN];
	sm_tvars_t *item = sm_tvars_add(list, name);

	return item && sm_prefix_format(p, false, buf, sizeof(buf)) &&
		   sm_tvars_set(item, "net", buf);
}

/* one rule for one family; a rule whose destinations are all of the other
 * family does not apply to it */
static bool rule_vars(sm_tvars_t *fam, const sm_fw_rule_t *r, size_t index,
					  int family)
{
	sm_tvars_t *v;
	size_t k, n = 0;
	char port[16];

	for (k = 0; k < r->to.n; k++)
	{
		n += r->to.items[k].v.family == family;
	}
	if (r->to.n && !n)
	{
		return true;
	}
	v = sm_tvars_add(fam, "rules");
	if (!v || !sm_tvars_setf(v, "index", "%zu", index) ||
		!sm_tvars_flag(v, "to", n > 0) || !sm_tvars_list(v, "nets") ||
		!sm_tvars_set(v, "proto", l4_name(r->protocol.v, family)) ||
		!sm_tvars_flag(v, "ports", r->ports.n > 0) ||
		!sm_tvars_list(v, "port_list") ||
		!sm_tvars_flag(v, "allow", r->action.v == SM_RULE_ALLOW) ||
		!sm_tvars_flag(v, "deny", r->action.v == SM_RULE_DENY))
	{
		return false;
	}
	for (k = 0; k < r->to.n; k++)
	{
		if (r->to.items[k].v.family == family &&
			!add_net(v, "nets", &r->to.items[k].v))
		{
			return false;
		}
	}
	for (k = 0; k < r->ports.n; k++)
	{
		sm_tvars_t *p = sm_tvars_add(v, "port_list");

		if (r->ports.items[k].lo == r->ports.items[k].hi)
		{
			snprintf(port, sizeof(port), "%u", r->ports.items[k].lo);
		}
		else
		{
			snprintf(port, sizeof(port), "%u-%u", r->ports.items[k].lo,
					 r->ports.items[k].hi);
		}
		if (!p || !sm_tvars_set(p, "port", port))
		{
			return false;
		}
	}
	return true;
}

/* firewall.access networks: the children's local networks of the family */
static bool reach_vars(sm_tvars_t *fam, const sm_model_t *m, int family)
{
	sm_tvars_t *reach;
	size_t i, k;

	if (!sm_tvars_list(fam, "reach"))
	{
		return false;
	}
	if (m->firewall.access.v != SM_ACCESS_NETWORKS)
	{
		return true;
	}
	reach = NULL;
	for (i = 0; i < m->n_children; i++)
	{
		const sm_addrlist_t *nets = &m->children[i].local_networks;

		for (k = 0; k < nets->n; k++)
		{
			if (nets->items[k].v.family != family)
			{
				continue;
			}
			if (!reach && !(reach = sm_tvars_add(fam, "reach")))
			{
				return false;
			}
			if (!add_net(reach, "networks", &nets->items[k].v))
			{
				return false;
			}
		}
	}
	return true;
}

static bool family_vars(sm_tvars_t *v, const sm_model_t *m,
						const sm_addr_t *pool)
{
	const sm_firewall_t *f = &m->firewall;
	bool v4 = pool->v.family == AF_INET;
	char buf[SM_PREFIX_STRLEN];
	sm_tvars_t *fam;
	size_t i;

	fam = sm_tvars_add(v, "families");
	if (!fam || !sm_prefix_format(&pool->v, true, buf, sizeof(buf)) ||
		!sm_tvars_set(fam, "pool", buf) ||
		!sm_tvars_set(fam, "family", v4 ? "IPv4" : "IPv6") ||
		!sm_tvars_set(fam, "pool_key", v4 ? "pool" : "pool6") ||
		!sm_tvars_set(fam, "fam", v4 ? "ip" : "ip6") ||
		!sm_tvars_set(fam, "set", v4 ? "pool4" : "pool6") ||
		!sm_tvars_set(fam, "reach_set", v4 ? "networks4" : "networks6") ||
		!sm_tvars_set(fam, "chain", v4 ? "clients4" : "clients6") ||
		!sm_tvars_set(fam, "addr_type", v4 ? "ipv4_addr" : "ipv6_addr") ||
		/* the IPv6 header is 20 bytes longer */
		!sm_tvars_setf(fam, "mss", "%llu",
					   (unsigned long long)(v4 ? f->mss.v : f->mss.v - 20)) ||
		!sm_tvars_list(fam, "rules") ||
		!sm_tvars_flag(fam, "access_all", f->access.v == SM_ACCESS_ALL) ||
		!reach_vars(fam, m, pool->v.family))
	{
		return false;
	}
	for (i = 0; i < f->n_rules; i++)
	{
		if (!rule_vars(fam, &f->rules[i], i, pool->v.family))
		{
			return false;
		}
	}
	return true;
}

static bool firewall_vars(sm_tvars_t *v, const sm_model_t *m)
{
	const sm_firewall_t *f = &m->firewall;

	if (!sm_tvars_flag(v, "enabled", f->enabled.v) ||
		!sm_tvars_list(v, "families") ||
		!sm_tvars_flag(v, "auto", f->datapath.v == SM_DATAPATH_AUTO) ||
		!sm_tvars_flag(v, "kernel", f->datapath.v == SM_DATAPATH_KERNEL) ||
		!sm_tvars_flag(v, "libipsec", f->datapath.v == SM_DATAPATH_LIBIPSEC) ||
		!sm_tvars_set(v, "tunnel", f->tunnel_interface.v) ||
		!sm_tvars_flag(v, "nat", f->nat.v) ||
		!sm_tvars_set(v, "nat_interface",
					  f->nat_interface.v ? f->nat_interface.v : ""))
	{
		return false;
	}
	return (!m->mobile.pool.set || family_vars(v, m, &m->mobile.pool)) &&
		   (!m->mobile.pool6.set || family_vars(v, m, &m->mobile.pool6));
}

/* see header file */
bool sm_firewall_emit(const sm_model_t *m, const sm_paths_t *paths,
					  const sm_emit_ctx_t *ctx, sm_outputs_t *out,
					  sm_diag_t *diag)
{
	sm_tvars_t *v = sm_tvars_create();
	char *path = NULL;
	bool ok = false;

	if (!v || !firewall_vars(v, m) ||
		asprintf(&path, "%s/%s", paths->state_dir, SM_FIREWALL_FILE) < 0)
	{
		path = NULL;
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	ok = sm_emit_render(m, ctx, "firewall.nft.tmpl", v, path, 0644, false, out,
						diag);
out:
	free(path);
	sm_tvars_destroy(v);
	return ok;
}
