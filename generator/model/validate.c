/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cross-field rules: pools, names, DNS, users, children, split DNS and
 * IPv6 routes.  The rules about lifetimes are in validate_times.c, those
 * about proposals and client platforms in validate_crypto.c.
 */
#include "config.h"

#include "validate.h"
#include "base/hset.h"
#include "base/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/*
 * strongSwan's in-memory pools (src/libcharon/attributes/mem_pool.c,
 * 5.9.8) count leases in an unsigned int: "#define POOL_LIMIT
 * (sizeof(u_int)*8 - 1)" host bits, and mem_pool_create() silently shrinks
 * larger pools ("virtual IP pool too large, limiting to %H/%d").  So an IPv6
 * pool must be a /97 or longer.  Pools of more than two addresses skip the
 * network address and the last (broadcast) address.
 */
#define POOL_LIMIT_BITS 31

/* pfSense's Mobile Clients page offers four DNS and two WINS servers */
#define MAX_DNS 4
#define MAX_WINS 2

/* see header file */
void sm_validate_report(sm_diag_t *diag, sm_severity_t sev, sm_pos_t pos,
						const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	sm_diag_add(diag, sev, pos, "%s: %s", path, msg);
}

/* the short name used below */
#define report sm_validate_report

static const char *fmt_prefix(char *buf, const sm_prefix_t *p)
{
	if (!sm_prefix_format(p, false, buf, SM_PREFIX_STRLEN))
	{
		strcpy(buf, "?");
	}
	return buf;
}

static bool is_any(const sm_prefix_t *p)
{
	return p->len == 0;
}

static uint64_t hash_prefix(const sm_prefix_t *p)
{
	uint64_t h = SM_HASH_INIT;

	h = sm_hash_bytes(h, &p->family, sizeof(p->family));
	h = sm_hash_bytes(h, p->addr, sizeof(p->addr));
	return sm_hash_bytes(h, &p->len, sizeof(p->len));
}

static bool same_prefix(const sm_prefix_t *a, const sm_prefix_t *b)
{
	return a->family == b->family && a->len == b->len &&
		   !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* --- pools ------------------------------------------------------------- */

typedef struct {
	const sm_addr_t *addr;
	const char *path;
} pool_t;

/* whether an address lies in a pool; reports it with the given name */
static bool in_pools(sm_diag_t *diag, const pool_t *pools, size_t n,
					 const sm_addr_t *a, const char *path, const char *why)
{
	char x[SM_PREFIX_STRLEN], y[SM_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (sm_prefix_overlaps(&pools[i].addr->v, &a->v))
		{
			report(diag, SM_ERROR, a->pos, path, "'%s' lies inside %s '%s'%s",
				   fmt_prefix(x, &a->v), pools[i].path,
				   fmt_prefix(y, &pools[i].addr->v), why);
			return true;
		}
	}
	return false;
}

static void check_addrs_outside(sm_diag_t *diag, const pool_t *pools, size_t n,
								const sm_addrlist_t *list, const char *name,
								const char *why)
{
	char path[128];
	size_t i;

	for (i = 0; i < list->n; i++)
	{
		snprintf(path, sizeof(path), "%s[%zu]", name, i);
		in_pools(diag, pools, n, &list->items[i], path, why);
	}
}

static void check_pools(const sm_model_t *m, sm_diag_t *diag)
{
	char x[SM_PREFIX_STRLEN], y[SM_PREFIX_STRLEN];
	pool_t pools[2];
	const sm_addr_t *net;
	unsigned int host;
	size_t n = 0, i, j, k;
	sm_prefix_t limit;

	if (m->mobile.pool.set)
	{
		pools[n++] = (pool_t){&m->mobile.pool, "mobile.pool"};
	}
	if (m->mobile.pool6.set)
	{
		pools[n++] = (pool_t){&m->mobile.pool6, "mobile.pool6"};
	}
	if (!n)
	{
		report(diag, SM_ERROR, m->mobile.pos, "mobile",
			   "no virtual address "
			   "pool; set pool (IPv4) and/or pool6 (IPv6)");
		return;
	}
	for (i = 0; i < n; i++)
	{
		const sm_prefix_t *p = &pools[i].addr->v;

		host = (p->family == AF_INET ? 32 : 128) - p->len;
		if (host > POOL_LIMIT_BITS)
		{
			limit = *p;
			limit.len = (p->family == AF_INET ? 32 : 128) - POOL_LIMIT_BITS;
			report(diag, SM_ERROR, pools[i].addr->pos, pools[i].path,
				   "'%s' "
				   "is larger than strongSwan's in-memory pools allow (at most "
				   "2^%d addresses, charon would shrink it to %s); use a /%u "
				   "or longer prefix",
				   fmt_prefix(x, p), POOL_LIMIT_BITS, fmt_prefix(y, &limit),
				   limit.len);
		}
		for (j = 0; j < m->n_children; j++)
		{
			for (k = 0; k < m->children[j].local_networks.n; k++)
			{
				net = &m->children[j].local_networks.items[k];
				/* a full tunnel's 0.0.0.0/0 or ::/0 contains every pool */
				if (is_any(&net->v) || !sm_prefix_overlaps(p, &net->v))
				{
					continue;
				}
				report(diag, SM_ERROR, pools[i].addr->pos, pools[i].path,
					   "'%s' overlaps children[%zu].local_networks[%zu] '%s' "
					   "(line %u); clients would get addresses of a network "
					   "behind the gateway",
					   fmt_prefix(x, p), j, k, fmt_prefix(y, &net->v),
					   net->pos.line);
			}
		}
		for (j = 0; j < i; j++)
		{
			if (sm_prefix_overlaps(p, &pools[j].addr->v))
			{
				report(diag, SM_ERROR, pools[i].addr->pos, pools[i].path,
					   "'%s' overlaps %s", fmt_prefix(x, p), pools[j].path);
			}
		}
	}
	check_addrs_outside(diag, pools, n, &m->gateway.addresses,
						"gateway.addresses", "");
	check_addrs_outside(diag, pools, n, &m->gateway.listen, "gateway.listen",
						"");
	check_addrs_outside(diag, pools, n, &m->mobile.dns, "mobile.dns",
						"; clients could not reach it");
	check_addrs_outside(diag, pools, n, &m->mobile.wins, "mobile.wins",
						"; clients could not reach it");
}

static void check_counts(sm_diag_t *diag, const sm_addrlist_t *list,
						 const char *path, size_t max, const char *what)
{
	if (list->n > max)
	{
		report(diag, SM_ERROR, list->items[max].pos, path,
			   "at most %zu %s "
			   "servers can be pushed to clients, got %zu",
			   max, what, list->n);
	}
}

/* --- gateway identity -------------------------------------------------- */

static void check_identifier(const sm_model_t *m, sm_diag_t *diag)
{
	const sm_gateway_t *g = &m->gateway;
	char q[SM_QUOTE_SIZE];
	sm_prefix_t id, host;
	size_t i;

	if (!g->identifier.v || !g->hostname.v)
	{
		return;
	}
	if (sm_prefix_parse(g->identifier.v, &id) == SM_NET_OK)
	{
		if (sm_prefix_parse(g->hostname.v, &host) == SM_NET_OK &&
			same_prefix(&id, &host))
		{
			return;
		}
		for (i = 0; i < g->addresses.n; i++)
		{
			if (same_prefix(&id, &g->addresses.items[i].v))
			{
				return;
			}
		}
	}
	else
	{
		if (!strcasecmp(g->identifier.v, g->hostname.v))
		{
			return;
		}
		for (i = 0; i < g->names.n; i++)
		{
			if (!strcasecmp(g->identifier.v, g->names.items[i].v))
			{
				return;
			}
		}
	}
	report(diag, SM_ERROR, g->identifier.pos, "gateway.identifier",
		   "'%s' is "
		   "not one of the server certificate's names (gateway.hostname, "
		   "gateway.names, gateway.addresses), so clients would reject the "
		   "certificate; add it to gateway.%s",
		   sm_quote(q, g->identifier.v, strlen(g->identifier.v)),
		   sm_prefix_parse(g->identifier.v, &id) == SM_NET_OK ? "addresses"
															  : "names");
}

/* --- users ------------------------------------------------------------- */

static bool same_identity(const void *ctx, size_t a, size_t b)
{
	const sm_account_t *acc = ctx;

	return !strcasecmp(acc[a].identity.v, acc[b].identity.v);
}

static bool same_address(const void *ctx, size_t a, size_t b)
{
	const sm_addr_t *const *addrs = ctx;

	return same_prefix(&addrs[a]->v, &addrs[b]->v);
}

/* a static address needs a pool of its family (the connection hands out
 * addresses of that family only then) and must not be routed elsewhere;
 * inside the pool is fine: generate leaves it out of the pool's ranges */
static void check_user_address(const sm_model_t *m, sm_diag_t *diag,
							   const sm_addr_t *a, const sm_addr_t *pool,
							   const char *pool_path, const char *path)
{
	char x[SM_PREFIX_STRLEN], y[SM_PREFIX_STRLEN];
	const sm_addr_t *net;
	size_t j, k;

	if (!pool->set)
	{
		report(diag, SM_ERROR, a->pos, path,
			   "'%s' is an %s address, but "
			   "there is no %s pool (%s): the connection is not set up for "
			   "%s clients; set %s or remove the address",
			   fmt_prefix(x, &a->v), a->v.family == AF_INET ? "IPv4" : "IPv6",
			   a->v.family == AF_INET ? "IPv4" : "IPv6", pool_path,
			   a->v.family == AF_INET ? "IPv4" : "IPv6", pool_path);
		return;
	}
	for (j = 0; j < m->n_children; j++)
	{
		for (k = 0; k < m->children[j].local_networks.n; k++)
		{
			net = &m->children[j].local_networks.items[k];
			if (!is_any(&net->v) && sm_prefix_contains(&net->v, &a->v))
			{
				report(diag, SM_ERROR, a->pos, path,
					   "'%s' lies inside "
					   "children[%zu].local_networks[%zu] '%s', a network "
					   "behind the gateway",
					   fmt_prefix(x, &a->v), j, k, fmt_prefix(y, &net->v));
				return;
			}
		}
	}
}

static void check_users(const sm_model_t *m, sm_diag_t *diag)
{
	const sm_account_t *acc = m->users.accounts;
	size_t n = m->users.n_accounts, i, dup, naddr = 0;
	const sm_addr_t **addrs;
	sm_hset_t ids = {NULL, 0}, hs = {NULL, 0};
	char path[128], q[SM_QUOTE_SIZE], x[SM_PREFIX_STRLEN];
	uint64_t h;

	if (!n)
	{
		return;
	}
	addrs = calloc(2 * n, sizeof(*addrs));
	if (!addrs || !sm_hset_init(&ids, n) || !sm_hset_init(&hs, 2 * n))
	{
		sm_error(diag, m->users.accounts_pos, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
	{
		snprintf(path, sizeof(path), "users.accounts[%zu].identity", i);
		h = sm_hash_fold(SM_HASH_INIT, acc[i].identity.v,
						 strlen(acc[i].identity.v));
		dup = sm_hset_put(&ids, h, i, same_identity, acc);
		if (dup != SIZE_MAX)
		{
			report(diag, SM_ERROR, acc[i].identity.pos, path,
				   "'%s' is already "
				   "used by users.accounts[%zu] (line %u)%s",
				   sm_quote(q, acc[i].identity.v, strlen(acc[i].identity.v)),
				   dup, acc[dup].identity.pos.line,
				   strcmp(acc[i].identity.v, acc[dup].identity.v)
					   ? "; identities are compared without regard to case"
					   : "");
		}
		/* charon asks for the secret of (gateway identity, user name):
		 * swanctl's secrets match either side, so a user named like the
		 * gateway would lend its password to every unknown name (the
		 * plugin never serves it at all) */
		if (m->gateway.identifier.v &&
			!strcasecmp(acc[i].identity.v, m->gateway.identifier.v))
		{
			report(diag, SM_ERROR, acc[i].identity.pos, path,
				   "'%s' is the "
				   "gateway's own IKE identity (gateway.identifier); charon "
				   "would offer this user's password for every unknown user "
				   "name; choose another name",
				   sm_quote(q, acc[i].identity.v, strlen(acc[i].identity.v)));
		}
		snprintf(path, sizeof(path), "users.accounts[%zu].dns", i);
		check_counts(diag, &acc[i].dns, path, MAX_DNS, "DNS");
		if (acc[i].address.set)
		{
			snprintf(path, sizeof(path), "users.accounts[%zu].address", i);
			check_user_address(m, diag, &acc[i].address, &m->mobile.pool,
							   "mobile.pool", path);
			addrs[naddr++] = &acc[i].address;
		}
		if (acc[i].address6.set)
		{
			snprintf(path, sizeof(path), "users.accounts[%zu].address6", i);
			check_user_address(m, diag, &acc[i].address6, &m->mobile.pool6,
							   "mobile.pool6", path);
			addrs[naddr++] = &acc[i].address6;
		}
	}
	for (i = 0; i < naddr; i++)
	{
		dup =
			sm_hset_put(&hs, hash_prefix(&addrs[i]->v), i, same_address, addrs);
		if (dup != SIZE_MAX)
		{
			report(diag, SM_ERROR, addrs[i]->pos, "users.accounts",
				   "static "
				   "address '%s' is given to two users (also on line %u)",
				   fmt_prefix(x, &addrs[i]->v), addrs[dup]->pos.line);
		}
	}
out:
	sm_hset_free(&ids);
	sm_hset_free(&hs);
	free(addrs);
}

/* --- children ---------------------------------------------------------- */

typedef struct {
	const sm_addr_t *net;
	size_t child;
	size_t index;
} net_ref_t;

static bool same_name(const void *ctx, size_t a, size_t b)
{
	const sm_child_t *c = ctx;

	return !strcmp(c[a].name.v, c[b].name.v);
}

static bool same_net(const void *ctx, size_t a, size_t b)
{
	const net_ref_t *refs = ctx;

	return same_prefix(&refs[a].net->v, &refs[b].net->v);
}

static void check_children(const sm_model_t *m, sm_diag_t *diag)
{
	size_t i, k, n = 0, total = 0, dup;
	char path[128], x[SM_PREFIX_STRLEN];
	net_ref_t *refs;
	sm_hset_t names = {NULL, 0}, nets = {NULL, 0};

	for (i = 0; i < m->n_children; i++)
	{
		total += m->children[i].local_networks.n;
	}
	refs = calloc(total + 1, sizeof(*refs));
	if (!refs || !sm_hset_init(&names, m->n_children) ||
		!sm_hset_init(&nets, total))
	{
		sm_error(diag, m->children_pos, "out of memory");
		goto out;
	}
	for (i = 0; i < m->n_children; i++)
	{
		const sm_child_t *c = &m->children[i];

		snprintf(path, sizeof(path), "children[%zu].name", i);
		dup = sm_hset_put(
			&names, sm_hash_bytes(SM_HASH_INIT, c->name.v, strlen(c->name.v)),
			i, same_name, m->children);
		if (dup != SIZE_MAX)
		{
			report(diag, SM_ERROR, c->name.pos, path,
				   "'%s' is already the "
				   "name of children[%zu] (line %u); child names must be "
				   "unique",
				   c->name.v, dup, m->children[dup].name.pos.line);
		}
		for (k = 0; k < c->local_networks.n; k++)
		{
			refs[n] = (net_ref_t){&c->local_networks.items[k], i, k};
			dup = sm_hset_put(&nets, hash_prefix(&refs[n].net->v), n, same_net,
							  refs);
			if (dup != SIZE_MAX)
			{
				snprintf(path, sizeof(path),
						 "children[%zu].local_networks[%zu]", i, k);
				if (refs[dup].child == i)
				{
					report(diag, SM_ERROR, refs[n].net->pos, path,
						   "'%s' is "
						   "listed twice",
						   fmt_prefix(x, &refs[n].net->v));
				}
				else
				{
					report(diag, SM_ERROR, refs[n].net->pos, path,
						   "'%s' is "
						   "already a local network of children[%zu] (line "
						   "%u); two children cannot share a local network",
						   fmt_prefix(x, &refs[n].net->v), refs[dup].child,
						   refs[dup].net->pos.line);
				}
			}
			n++;
		}
	}
out:
	sm_hset_free(&names);
	sm_hset_free(&nets);
	free(refs);
}

/* --- split DNS and IPv6 ------------------------------------------------ */

/* the first child that tunnels everything of a family (0 for any), or -1 */
static int full_tunnel(const sm_model_t *m, int family, bool *has_v6_any)
{
	size_t i, k;
	int found = -1;
	bool v6 = false;

	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].local_networks.n; k++)
		{
			const sm_prefix_t *p = &m->children[i].local_networks.items[k].v;

			if (is_any(p) && (!family || p->family == family) && found < 0)
			{
				found = (int)i;
			}
		}
	}
	if (has_v6_any && found >= 0)
	{
		const sm_addrlist_t *nets = &m->children[found].local_networks;

		for (k = 0; k < nets->n; k++)
		{
			v6 |= is_any(&nets->items[k].v) &&
				  nets->items[k].v.family == AF_INET6;
		}
		*has_v6_any = v6;
	}
	return found;
}

static bool any_v6_network(const sm_model_t *m)
{
	size_t i, k;

	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].local_networks.n; k++)
		{
			if (m->children[i].local_networks.items[k].v.family == AF_INET6)
			{
				return true;
			}
		}
	}
	return false;
}

static void check_dns(const sm_model_t *m, sm_diag_t *diag)
{
	const sm_mobile_t *mo = &m->mobile;
	bool v6_any = false;
	int full;

	check_counts(diag, &mo->dns, "mobile.dns", MAX_DNS, "DNS");
	check_counts(diag, &mo->wins, "mobile.wins", MAX_WINS, "WINS");
	if (mo->split_dns.set && !mo->split_dns.n && !mo->default_domain.v)
	{
		report(diag, SM_ERROR, mo->split_dns.pos, "mobile.split_dns",
			   "an "
			   "empty list means 'the default domain only', but "
			   "mobile.default_domain is not set; set it, or list the domains");
	}
	full = full_tunnel(m, 0, NULL);
	if (mo->split_dns.set && full >= 0)
	{
		report(diag, SM_WARNING, mo->split_dns.pos, "mobile.split_dns",
			   "children[%d] tunnels all traffic (its local_networks include "
			   "%s), but split DNS applies only to split tunnels (RFC 8598); "
			   "clients may ignore it",
			   full,
			   full_tunnel(m, AF_INET, NULL) == full ? "0.0.0.0/0" : "::/0");
	}
	if (!mo->pool6.set)
	{
		return;
	}
	full = full_tunnel(m, AF_INET, &v6_any);
	if ((m->clients & SM_CLIENT_APPLE) && full >= 0 && !v6_any)
	{
		char path[64];

		/* the more specific advice of the two */
		snprintf(path, sizeof(path), "children[%d].local_networks", full);
		report(diag, SM_WARNING, m->children[full].local_networks.pos, path,
			   "tunnels all IPv4 traffic but lacks ::/0; Apple clients that "
			   "get an IPv6 address from mobile.pool6 need ::/0 in a full "
			   "tunnel");
	}
	else if (!any_v6_network(m))
	{
		report(diag, SM_WARNING, mo->pool6.pos, "mobile.pool6",
			   "no child has "
			   "an IPv6 local network, so clients get an IPv6 address but no "
			   "IPv6 route through the tunnel; add one (or ::/0) to a child's "
			   "local_networks");
	}
}

/* --- client quirks that are not about proposals ------------------------ */

static void check_client_quirks(const sm_model_t *m, sm_diag_t *diag)
{
	if ((m->clients & SM_CLIENT_WINDOWS) && m->ike.reauth_time.v)
	{
		report(diag, SM_WARNING, m->ike.reauth_time.pos, "ike.reauth_time",
			   "Windows' built-in client drops the connection when the "
			   "gateway reauthenticates it; 0 (no reauthentication, the "
			   "default) is recommended with windows among the clients");
	}
	if ((m->clients & SM_CLIENT_APPLE) && m->certificate.key.pos.line &&
		(m->certificate.key.v == SM_KEY_ECDSA_P256 ||
		 m->certificate.key.v == SM_KEY_ECDSA_P384))
	{
		report(diag, SM_WARNING, m->certificate.key.pos, "certificate.key",
			   "iOS devices set up by hand (without a profile) accept only "
			   "RSA server certificates; use rsa-3072 unless every Apple "
			   "device gets a profile");
	}
}

bool sm_validate_users(const sm_model_t *m, sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR);

	check_users(m, diag);
	return sm_diag_count(diag, SM_ERROR) == errors;
}

bool sm_validate(const sm_model_t *m, sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR);

	check_pools(m, diag);
	check_identifier(m, diag);
	check_dns(m, diag);
	check_users(m, diag);
	check_children(m, diag);
	sm_validate_lifetimes(m, diag);
	check_client_quirks(m, diag);
	sm_validate_crypto(m, diag);
	sm_validate_firewall(m, diag);
	return sm_diag_count(diag, SM_ERROR) == errors;
}
