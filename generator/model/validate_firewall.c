/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cross-field rules of the firewall section: source NAT needs its
 * interface, ports need a protocol that has them, allowed networks stay
 * outside the pools, and each pool's clients can reach something.
 */
#include "config.h"

#include "validate.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define report sm_validate_report

static const char *fmt_prefix(char *buf, const sm_prefix_t *p)
{
	if (!sm_prefix_format(p, false, buf, SM_PREFIX_STRLEN))
	{
		strcpy(buf, "?");
	}
	return buf;
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

static void check_nat(const sm_firewall_t *f, sm_diag_t *diag)
{
	if (f->nat.v && !f->nat_interface.v)
	{
		report(diag, SM_ERROR, f->nat.pos, "firewall.nat", "source NAT needs "
			   "the interface the clients' traffic leaves through; set "
			   "firewall.nat_interface (such as eth0)");
	}
	else if (!f->nat.v && f->nat_interface.v)
	{
		report(diag, SM_WARNING, f->nat_interface.pos,
			   "firewall.nat_interface", "not used, as firewall.nat is "
			   "false; set nat: true to masquerade the clients' traffic "
			   "leaving through it");
	}
	if (f->datapath.v == SM_DATAPATH_KERNEL && f->tunnel_interface.pos.line)
	{
		report(diag, SM_WARNING, f->tunnel_interface.pos,
			   "firewall.tunnel_interface", "used only with datapath "
			   "libipsec (kernel-libipsec's TUN device); with kernel IPsec "
			   "the rules check the packets' IPsec metadata");
	}
}

/* a rule's ports need a protocol with ports; an allowed network must not
 * overlap a pool (the rules are about what lies behind the gateway) */
static void check_rule(const sm_model_t *m, const sm_fw_rule_t *r, size_t i,
					   sm_diag_t *diag)
{
	const sm_addr_t *pools[] = {&m->mobile.pool, &m->mobile.pool6};
	char path[64], x[SM_PREFIX_STRLEN], y[SM_PREFIX_STRLEN];
	size_t k, j;

	if (r->ports.set && r->protocol.v != SM_L4_TCP &&
		r->protocol.v != SM_L4_UDP && r->protocol.v != SM_L4_SCTP)
	{
		snprintf(path, sizeof(path), "firewall.rules[%zu].ports", i);
		report(diag, SM_ERROR, r->ports.pos, path, "ports need protocol "
			   "tcp, udp or sctp%s", r->protocol.v == SM_L4_ANY ?
			   " (the rule names no protocol)" : "");
	}
	if (r->action.v != SM_RULE_ALLOW)
	{
		return;
	}
	for (k = 0; k < r->to.n; k++)
	{
		const sm_addr_t *to = &r->to.items[k];

		if (!to->v.len)
		{
			continue;
		}
		for (j = 0; j < 2; j++)
		{
			if (pools[j]->set && sm_prefix_overlaps(&pools[j]->v, &to->v))
			{
				snprintf(path, sizeof(path), "firewall.rules[%zu].to[%zu]", i,
						 k);
				report(diag, SM_ERROR, to->pos, path, "'%s' overlaps %s '%s' "
					   "(line %u): rules allow what clients reach behind the "
					   "gateway, not the clients' own addresses",
					   fmt_prefix(x, &to->v),
					   j ? "mobile.pool6" : "mobile.pool",
					   fmt_prefix(y, &pools[j]->v), pools[j]->pos.line);
			}
		}
	}
}

/* whether some local network of a child is of the family */
static bool has_network(const sm_model_t *m, int family)
{
	size_t i, k;

	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].local_networks.n; k++)
		{
			if (m->children[i].local_networks.items[k].v.family == family)
			{
				return true;
			}
		}
	}
	return false;
}

/* whether the firewall lets clients of the family reach anything */
static bool allows_family(const sm_model_t *m, int family)
{
	const sm_firewall_t *f = &m->firewall;
	size_t i, k;

	if (f->access.v == SM_ACCESS_ALL ||
		(f->access.v == SM_ACCESS_NETWORKS && has_network(m, family)))
	{
		return true;
	}
	for (i = 0; i < f->n_rules; i++)
	{
		if (f->rules[i].action.v != SM_RULE_ALLOW)
		{
			continue;
		}
		if (!f->rules[i].to.n)
		{
			return true;
		}
		for (k = 0; k < f->rules[i].to.n; k++)
		{
			if (f->rules[i].to.items[k].v.family == family)
			{
				return true;
			}
		}
	}
	return false;
}

/* a pool whose clients can reach nothing; a pool6 without any IPv6 local
 * network is reported (as a missing route) by check_dns() already */
static void check_reach(const sm_model_t *m, const sm_addr_t *pool,
						const char *path, sm_diag_t *diag)
{
	const sm_firewall_t *f = &m->firewall;
	int family;

	if (!pool->set)
	{
		return;
	}
	family = pool->v.family;
	if (allows_family(m, family) ||
		(family == AF_INET6 && f->access.v == SM_ACCESS_NETWORKS))
	{
		return;
	}
	report(diag, SM_ERROR, pool->pos, path, "the firewall lets its %s "
		   "clients reach nothing: %s and no entry of firewall.rules allows "
		   "%s; add a rule (to: [...] with %s networks), or set "
		   "firewall.access", family_name(family),
		   f->access.v == SM_ACCESS_NONE ? "firewall.access is none" :
		   "no child has a local network of the family",
		   family_name(family), family_name(family));
}

/* see header file */
bool sm_validate_firewall(const sm_model_t *m, sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR), i;

	if (!m->firewall.enabled.v)
	{
		return true;
	}
	check_nat(&m->firewall, diag);
	for (i = 0; i < m->firewall.n_rules; i++)
	{
		check_rule(m, &m->firewall.rules[i], i, diag);
	}
	check_reach(m, &m->mobile.pool, "mobile.pool", diag);
	check_reach(m, &m->mobile.pool6, "mobile.pool6", diag);
	return sm_diag_count(diag, SM_ERROR) == errors;
}
