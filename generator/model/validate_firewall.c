/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cross-field rules of the firewall section: source NAT needs its
 * interface, ports need a protocol that has them, allowed networks stay
 * outside the pools, each pool's clients can reach something, and the
 * DNS servers pushed to clients answer them.
 */
#include "config.h"

#include "validate.h"

#include <stdint.h>
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
		report(diag, SM_ERROR, f->nat.pos, "firewall.nat",
			   "source NAT needs "
			   "the interface the clients' traffic leaves through; set "
			   "firewall.nat_interface (such as eth0)");
	}
	else if (!f->nat.v && f->nat_interface.v)
	{
		report(diag, SM_WARNING, f->nat_interface.pos, "firewall.nat_interface",
			   "not used, as firewall.nat is "
			   "false; set nat: true to masquerade the clients' traffic "
			   "leaving through it");
	}
	if (f->datapath.v == SM_DATAPATH_KERNEL && f->tunnel_interface.pos.line)
	{
		report(diag, SM_WARNING, f->tunnel_interface.pos,
			   "firewall.tunnel_interface",
			   "used only with datapath "
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
		report(diag, SM_ERROR, r->ports.pos, path,
			   "ports need protocol "
			   "tcp, udp or sctp%s",
			   r->protocol.v == SM_L4_ANY ? " (the rule names no protocol)"
										  : "");
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
				report(diag, SM_ERROR, to->pos, path,
					   "'%s' overlaps %s '%s' "
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

/* whether one of the rule's destinations (none: any) holds dst */
static bool rule_to(const sm_fw_rule_t *r, const sm_prefix_t *dst)
{
	size_t k;

	if (!r->to.n)
	{
		return true;
	}
	for (k = 0; k < r->to.n; k++)
	{
		if (sm_prefix_contains(&r->to.items[k].v, dst))
		{
			return true;
		}
	}
	return false;
}

/* whether the rule's ports (none: any) hold port */
static bool rule_port(const sm_fw_rule_t *r, uint16_t port)
{
	size_t k;

	if (!r->ports.n)
	{
		return true;
	}
	for (k = 0; k < r->ports.n; k++)
	{
		if (r->ports.items[k].lo <= port && port <= r->ports.items[k].hi)
		{
			return true;
		}
	}
	return false;
}

/* what the ruleset does with a new connection of a client to dst: the
 * first rule that matches (its index in *rule), else firewall.access
 * (*rule SIZE_MAX) */
static bool reaches(const sm_model_t *m, const sm_prefix_t *dst,
					sm_l4_kind_t l4, uint16_t port, size_t *rule)
{
	const sm_firewall_t *f = &m->firewall;
	size_t i, k;

	*rule = SIZE_MAX;
	for (i = 0; i < f->n_rules; i++)
	{
		const sm_fw_rule_t *r = &f->rules[i];

		if (rule_to(r, dst) &&
			(r->protocol.v == SM_L4_ANY || r->protocol.v == l4) &&
			rule_port(r, port))
		{
			*rule = i;
			return r->action.v == SM_RULE_ALLOW;
		}
	}
	if (f->access.v != SM_ACCESS_NETWORKS)
	{
		return f->access.v == SM_ACCESS_ALL;
	}
	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].local_networks.n; k++)
		{
			if (sm_prefix_contains(&m->children[i].local_networks.items[k].v,
								   dst))
			{
				return true;
			}
		}
	}
	return false;
}

/* the DNS servers pushed to clients must answer them */
static void check_dns_reach(const sm_model_t *m, sm_diag_t *diag)
{
	char path[64], x[SM_PREFIX_STRLEN];
	const sm_addr_t *dns;
	size_t i, rule;

	for (i = 0; i < m->mobile.dns.n; i++)
	{
		dns = &m->mobile.dns.items[i];
		if (!(dns->v.family == AF_INET ? m->mobile.pool.set
									   : m->mobile.pool6.set) ||
			reaches(m, &dns->v, SM_L4_UDP, 53, &rule))
		{
			continue;
		}
		snprintf(path, sizeof(path), "mobile.dns[%zu]", i);
		if (rule != SIZE_MAX)
		{
			report(diag, SM_WARNING, dns->pos, path,
				   "firewall.rules[%zu] "
				   "(line %u) refuses the clients' DNS queries to '%s' (UDP "
				   "port 53), so names would not resolve",
				   rule, m->firewall.rules[rule].pos.line,
				   fmt_prefix(x, &dns->v));
		}
		else
		{
			report(diag, SM_WARNING, dns->pos, path,
				   "the firewall refuses "
				   "the clients' DNS queries to '%s' (UDP port 53), so names "
				   "would not resolve; add it to a child's local_networks or "
				   "allow it in firewall.rules",
				   fmt_prefix(x, &dns->v));
		}
	}
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
	report(diag, SM_ERROR, pool->pos, path,
		   "the firewall lets its %s "
		   "clients reach nothing: %s and no entry of firewall.rules allows "
		   "%s; add a rule (to: [...] with %s networks), or set "
		   "firewall.access",
		   family_name(family),
		   f->access.v == SM_ACCESS_NONE
			   ? "firewall.access is none"
			   : "no child has a local network of the family",
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
	check_dns_reach(m, diag);
	check_reach(m, &m->mobile.pool, "mobile.pool", diag);
	check_reach(m, &m->mobile.pool6, "mobile.pool6", diag);
	return sm_diag_count(diag, SM_ERROR) == errors;
}
