/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doctor's checks of the host, in the network namespace it runs in: who
 * listens on UDP 500 and 4500 (/proc/net/udp{,6} and the processes'
 * sockets), the firewall generate wrote against the table in the kernel
 * and IP forwarding (firewall/), and pools overlapping the networks of
 * interfaces (getifaddrs) or routes (/proc/net/route,
 * /proc/net/ipv6_route).
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include "base/diag.h"
#include "firewall/firewall.h"

#include "sm_file.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** Largest /proc file read. */
#define PROC_MAX (8 * 1024 * 1024)

/* ---- UDP 500 and 4500 ------------------------------------------------- */

/** A bound UDP port: the socket's inode and the process holding it. */
typedef struct {
	unsigned int port;
	unsigned long inode;
	pid_t pid;
	char comm[32];
	uid_t uid;
} bound_t;

/* the inode of a socket bound to port in /proc/net/udp or udp6, 0 if none */
static unsigned long udp_inode(const char *file, unsigned int port)
{
	unsigned long inode = 0, ino;
	unsigned int p;
	char *text, *line, *save = NULL, local[64];

	text = sm_file_read(file, PROC_MAX, NULL);
	if (!text)
	{
		return 0;
	}
	for (line = strtok_r(text, "\n", &save); line && !inode;
		 line = strtok_r(NULL, "\n", &save))
	{
		/* "sl local_address rem_address st tx:rx tr:tm retr uid timeout
		 * inode"; the local address is HEXADDR:HEXPORT */
		if (sscanf(line, " %*s %63s %*s %*s %*s %*s %*s %*u %*u %lu", local,
				   &ino) == 2 &&
			strchr(local, ':') &&
			sscanf(strchr(local, ':') + 1, "%x", &p) == 1 && p == port)
		{
			inode = ino;
		}
	}
	free(text);
	return inode;
}

/* the process with a descriptor for socket:[inode], and its name and user */
static void socket_owner(bound_t *b)
{
	char path[PATH_MAX], link[64], want[64], *text;
	struct dirent *p, *f;
	DIR *procs, *fds;
	ssize_t n;
	char *uid;

	snprintf(want, sizeof(want), "socket:[%lu]", b->inode);
	procs = opendir("/proc");
	while (procs && !b->pid && (p = readdir(procs)))
	{
		if (!isdigit((unsigned char)p->d_name[0]) ||
			snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name) >=
				(int)sizeof(path) ||
			!(fds = opendir(path)))
		{
			continue;
		}
		while (!b->pid && (f = readdir(fds)))
		{
			if (snprintf(path, sizeof(path), "/proc/%s/fd/%s", p->d_name,
						 f->d_name) >= (int)sizeof(path))
			{
				continue;
			}
			n = readlink(path, link, sizeof(link) - 1);
			if (n > 0)
			{
				link[n] = '\0';
				if (!strcmp(link, want))
				{
					b->pid = (pid_t)atol(p->d_name);
				}
			}
		}
		closedir(fds);
	}
	if (procs)
	{
		closedir(procs);
	}
	if (!b->pid)
	{
		return;
	}
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)b->pid);
	text = sm_file_read(path, 64, NULL);
	snprintf(b->comm, sizeof(b->comm), "%s", text ? text : "?");
	b->comm[strcspn(b->comm, "\n")] = '\0';
	free(text);
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)b->pid);
	text = sm_file_read(path, 64 * 1024, NULL);
	uid = text ? strstr(text, "\nUid:") : NULL;
	if (uid)
	{
		b->uid = (uid_t)strtoul(uid + 5, NULL, 10);
	}
	free(text);
}

static bool is_charon(const char *comm)
{
	return !strcmp(comm, "charon") || !strcmp(comm, "charon-systemd");
}

void sm_doctor_ports(sm_doctor_t *d)
{
	bound_t ports[] = {{.port = 500}, {.port = 4500}};
	size_t i;

	for (i = 0; i < countof(ports); i++)
	{
		ports[i].inode = udp_inode("/proc/net/udp", ports[i].port);
		if (!ports[i].inode)
		{
			ports[i].inode = udp_inode("/proc/net/udp6", ports[i].port);
		}
		if (ports[i].inode)
		{
			socket_owner(&ports[i]);
		}
	}
	for (i = 0; i < countof(ports); i++)
	{
		if (!ports[i].inode)
		{
			sm_checks_add(
				d->r, "ports", NULL, SM_CHECK_FAIL,
				"start charon (scripts/gateway up); if it runs, its "
				"log says why it could not bind (another IKE daemon?)",
				"nothing listens on UDP %u: clients get no answer",
				ports[i].port);
			return;
		}
		if (ports[i].pid && !is_charon(ports[i].comm))
		{
			sm_checks_add(d->r, "ports", NULL, SM_CHECK_FAIL,
						  "stop the other IKE daemon, then restart charon "
						  "(scripts/gateway up)",
						  "UDP %u is held by '%s' (pid %ld), not by charon",
						  ports[i].port, ports[i].comm, (long)ports[i].pid);
			return;
		}
	}
	if (ports[0].pid)
	{
		d->charon_pid = ports[0].pid;
		d->charon_uid = ports[0].uid;
		sm_checks_add(d->r, "ports", NULL, SM_CHECK_PASS, NULL,
					  "%s (pid %ld) listens on UDP 500 and 4500", ports[0].comm,
					  (long)ports[0].pid);
	}
	else
	{
		sm_checks_add(d->r, "ports", NULL, SM_CHECK_PASS, NULL,
					  "UDP 500 and 4500 are bound (by a process not visible "
					  "here)");
	}
}

/* ---- forwarding ------------------------------------------------------- */

/* the pools' families: bit 0 IPv4, bit 1 IPv6 */
static unsigned int pool_families(const sm_doctor_t *d)
{
	const sm_gw_conn_t *c;
	unsigned int families = 0;
	size_t i, j;

	for (i = 0; d->gw && i < d->gw->n_conns; i++)
	{
		c = &d->gw->conns[i];
		for (j = 0; j < c->n_ranges; j++)
		{
			families |= c->ranges[j].family == AF_INET ? 1 : 2;
		}
	}
	return families;
}

/* "swanmobile firewall apply" with the root doctor looked below and the
 * connection (name NULL: none), then more */
static void apply_fix(const sm_doctor_t *d, const char *name, const char *more,
					  char *buf, size_t size)
{
	const char *root =
		d->o->root && strcmp(d->o->root, "/") ? d->o->root : NULL;

	snprintf(buf, size, "swanmobile firewall apply%s%s%s%s%s",
			 root ? " --root " : "", root ? root : "", name ? " --name " : "",
			 name ? name : "", more);
}

/* the first message of diag, or what failed */
static const char *diag_text(sm_diag_t *diag, const char *none)
{
	sm_diag_entry_t e;

	return diag && sm_diag_get(diag, 0, &e) ? e.message : none;
}

void sm_doctor_forwarding(sm_doctor_t *d)
{
	static const struct {
		sm_fwd_t which;
		const char *key;
		const char *family;
	} fw[] = {
		{SM_FWD_IPV4, "net.ipv4.ip_forward", "IPv4"},
		{SM_FWD_IPV6, "net.ipv6.conf.all.forwarding", "IPv6"},
	};
	unsigned int families = pool_families(d);
	sm_diag_t *diag;
	char fix[PATH_MAX + 128];
	size_t i;
	bool on;

	if (!families)
	{
		/* no pool known: IPv4, the usual case */
		families = 1;
	}
	for (i = 0; i < countof(fw); i++)
	{
		if (!(families & (1u << i)))
		{
			continue;
		}
		/* firewall apply turns it on where a ruleset needs it */
		if (d->fw_forwards)
		{
			apply_fix(d, NULL,
					  " (turns it on, and on at boot in " SM_FIREWALL_SYSCTL
					  ")",
					  fix, sizeof(fix));
		}
		else
		{
			snprintf(fix, sizeof(fix),
					 "sysctl -w %s=1, and '%s = 1' in a "
					 "file of /etc/sysctl.d to keep it",
					 fw[i].key, fw[i].key);
		}
		diag = sm_diag_create();
		if (!diag || !sm_forwarding_get(fw[i].which, &on, diag))
		{
			sm_checks_add(d->r, "forwarding", fw[i].family, SM_CHECK_FAIL, fix,
						  "%s forwarding unknown: %s", fw[i].family,
						  diag_text(diag, "out of memory"));
		}
		else if (on)
		{
			sm_checks_add(d->r, "forwarding", fw[i].family, SM_CHECK_PASS, NULL,
						  "%s forwarding is on", fw[i].family);
		}
		else
		{
			sm_checks_add(d->r, "forwarding", fw[i].family, SM_CHECK_FAIL, fix,
						  "%s forwarding is off (%s): clients connect but "
						  "reach nothing behind the gateway",
						  fw[i].family, fw[i].key);
		}
		sm_diag_destroy(diag);
	}
}

/* ---- firewall --------------------------------------------------------- */

/* the ruleset generate wrote for connection name against the table in the
 * kernel; several: the gateway has more than one connection (the fix
 * names this one) */
static void check_ruleset(sm_doctor_t *d, const char *name, bool several)
{
	sm_fw_status_t st = {0};
	sm_diag_t *diag = sm_diag_create();
	char fix[PATH_MAX + 128], *file = NULL;

	apply_fix(d, several ? name : NULL, "", fix, sizeof(fix));
	if (!diag)
	{
		sm_checks_add(d->r, "firewall", name, SM_CHECK_FAIL, NULL,
					  "out of memory");
		return;
	}
	file = sm_firewall_find(d->o->root, name, diag);
	if (!file)
	{
		sm_checks_add(d->r, "firewall", name, SM_CHECK_FAIL,
					  "write it again: swanmobile generate FILE", "%s",
					  diag_text(diag, "no ruleset"));
		goto out;
	}
	if (!sm_firewall_status(file, &st, diag))
	{
		sm_checks_add(d->r, "firewall", name, SM_CHECK_FAIL,
					  "run swanmobile doctor as root, with nft installed "
					  "(Debian: apt-get install nftables)",
					  "cannot compare the table " SM_FIREWALL_TABLE " with "
					  "'%s': %s",
					  file, diag_text(diag, "nft failed"));
		goto out;
	}
	/* firewall apply turns forwarding on for the ruleset's pools */
	d->fw_forwards |= st.ipv4 || st.ipv6;
	switch (st.state)
	{
		case SM_FW_LOADED:
			if (st.expected)
			{
				sm_checks_add(d->r, "firewall", name, SM_CHECK_PASS, NULL,
							  "the table " SM_FIREWALL_TABLE " is the ruleset "
							  "of '%s'",
							  file);
			}
			else
			{
				sm_checks_add(
					d->r, "firewall", name, SM_CHECK_SKIP, NULL,
					"firewall.enabled is false in the VPN "
					"description ('%s' only removes the table " SM_FIREWALL_TABLE
					"): the host's own firewall "
					"decides",
					file);
			}
			break;
		case SM_FW_ABSENT:
			sm_checks_add(d->r, "firewall", name, SM_CHECK_FAIL, fix,
						  "the table " SM_FIREWALL_TABLE " is not loaded: "
						  "nothing keeps hosts outside the tunnel from using "
						  "the pools' addresses, or clients from reaching "
						  "what firewall.access refuses ('%s')",
						  file);
			break;
		case SM_FW_DIFFERENT:
			sm_checks_add(d->r, "firewall", name, SM_CHECK_FAIL, fix,
						  "the table " SM_FIREWALL_TABLE " differs from the "
						  "ruleset '%s' (changed since it was loaded, or "
						  "generate wrote a new one)",
						  file);
			break;
		case SM_FW_STALE:
			sm_checks_add(d->r, "firewall", name, SM_CHECK_WARN, fix,
						  "firewall.enabled is false in the VPN description, "
						  "but the table " SM_FIREWALL_TABLE " is still "
						  "loaded ('%s' removes it)",
						  file);
			break;
	}
out:
	sm_fw_status_clear(&st);
	free(file);
	sm_diag_destroy(diag);
}

void sm_doctor_firewall(sm_doctor_t *d)
{
	size_t i;

	if (!d->gw || !d->gw->n_conns)
	{
		/* the gateway and connection checks say what is missing */
		sm_checks_add(d->r, "firewall", d->o->conn, SM_CHECK_SKIP, NULL,
					  "no generated connection, so no ruleset to compare");
		return;
	}
	for (i = 0; i < d->gw->n_conns; i++)
	{
		check_ruleset(d, d->gw->conns[i].name, d->gw->n_conns > 1);
	}
}

/* ---- pools overlapping interfaces and routes -------------------------- */

/* a prefix from an address and a netmask */
static bool mask_prefix(const struct sockaddr *addr,
						const struct sockaddr *mask, sm_prefix_t *p)
{
	const uint8_t *a, *m;
	size_t n, i;
	unsigned int bits = 0;

	if (!addr || !mask || addr->sa_family != mask->sa_family)
	{
		return false;
	}
	if (addr->sa_family == AF_INET)
	{
		a = (const uint8_t *)&((const struct sockaddr_in *)addr)->sin_addr;
		m = (const uint8_t *)&((const struct sockaddr_in *)mask)->sin_addr;
		n = 4;
	}
	else if (addr->sa_family == AF_INET6)
	{
		a = (const uint8_t *)&((const struct sockaddr_in6 *)addr)->sin6_addr;
		m = (const uint8_t *)&((const struct sockaddr_in6 *)mask)->sin6_addr;
		n = 16;
	}
	else
	{
		return false;
	}
	memset(p, 0, sizeof(*p));
	p->family = addr->sa_family;
	memcpy(p->addr, a, n);
	for (i = 0; i < n; i++)
	{
		bits += (unsigned int)__builtin_popcount(m[i]);
	}
	p->len = bits;
	return true;
}

/* one pool against the interfaces; true if it overlaps one */
static bool overlaps_interface(sm_doctor_t *d, const char *pool,
							   const sm_range_t *r, struct ifaddrs *ifs)
{
	char text[SM_PREFIX_STRLEN], rtext[128];
	struct ifaddrs *i;
	sm_range_t net;
	sm_prefix_t p;

	for (i = ifs; i; i = i->ifa_next)
	{
		if (!mask_prefix(i->ifa_addr, i->ifa_netmask, &p) ||
			p.family != r->family)
		{
			continue;
		}
		sm_range_from_prefix(&p, &net);
		if (sm_range_overlaps(r, &net))
		{
			sm_prefix_format(&p, true, text, sizeof(text));
			sm_checks_add(d->r, "pool-overlap", pool, SM_CHECK_FAIL,
						  "choose a pool outside the host's networks "
						  "(mobile.pool) and generate again",
						  "the pool %s overlaps %s on %s, an interface of this "
						  "host: clients would get addresses of that network",
						  sm_range_format(r, rtext, sizeof(rtext)), text,
						  i->ifa_name);
			return true;
		}
	}
	return false;
}

/* one route: "10.0.0.0/8 dev eth0" */
typedef struct {
	sm_prefix_t dst;
	char dev[IF_NAMESIZE + 1];
} route_t;

/* the IPv4 routes of the main table, then the IPv6 routes; without the
 * default routes, which overlap everything */
static size_t read_routes(route_t *routes, size_t max)
{
	unsigned int dst, mask, plen, i;
	char *text, *line, *save = NULL, dev[64], hex[33];
	route_t *rt;
	size_t n = 0;

	text = sm_file_read("/proc/net/route", PROC_MAX, NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && n < max;
		 line = strtok_r(NULL, "\n", &save))
	{
		/* Iface Destination Gateway Flags RefCnt Use Metric Mask ...; the
		 * addresses are the kernel's 32 bits in network order, as hex */
		if (sscanf(line, "%63s %x %*x %*x %*d %*d %*d %x", dev, &dst, &mask) !=
				3 ||
			!mask)
		{
			continue;
		}
		rt = &routes[n++];
		memset(rt, 0, sizeof(*rt));
		rt->dst.family = AF_INET;
		memcpy(rt->dst.addr, &dst, 4);
		rt->dst.len = (unsigned int)__builtin_popcount(mask);
		snprintf(rt->dev, sizeof(rt->dev), "%.*s", IF_NAMESIZE, dev);
	}
	free(text);
	save = NULL;
	text = sm_file_read("/proc/net/ipv6_route", PROC_MAX, NULL);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && n < max;
		 line = strtok_r(NULL, "\n", &save))
	{
		/* dst plen src srcplen nexthop metric refcnt use flags dev */
		if (sscanf(line, "%32s %x %*s %*s %*s %*s %*s %*s %*s %63s", hex, &plen,
				   dev) != 3 ||
			!plen || plen > 128 || strlen(hex) != 32 || !strcmp(dev, "lo"))
		{
			continue;
		}
		rt = &routes[n];
		memset(rt, 0, sizeof(*rt));
		rt->dst.family = AF_INET6;
		rt->dst.len = plen;
		for (i = 0; i < 16; i++)
		{
			if (sscanf(hex + 2 * i, "%2hhx", &rt->dst.addr[i]) != 1)
			{
				break;
			}
		}
		if (i == 16)
		{
			snprintf(rt->dev, sizeof(rt->dev), "%.*s", IF_NAMESIZE, dev);
			n++;
		}
	}
	free(text);
	return n;
}

void sm_doctor_overlap(sm_doctor_t *d)
{
	const sm_gw_conn_t *c;
	sm_range_t net;
	char text[SM_PREFIX_STRLEN], rtext[128];
	struct ifaddrs *ifs = NULL;
	route_t *routes;
	size_t i, j, k, start = 0, end, n_routes, pools = 0;
	bool bad, group_bad = false;

	routes = calloc(4096, sizeof(*routes));
	if (!routes || getifaddrs(&ifs) != 0)
	{
		sm_checks_add(d->r, "pool-overlap", NULL, SM_CHECK_SKIP, NULL,
					  "cannot list the interfaces: %s", strerror(errno));
		free(routes);
		return;
	}
	n_routes = read_routes(routes, 4096);
	for (i = 0; d->gw && i < d->gw->n_conns; i++)
	{
		c = &d->gw->conns[i];
		for (j = 0, end = 0; j < c->n_ranges; j++, pools++)
		{
			if (j == end)
			{
				/* one verdict for the parts of a split pool */
				start = j;
				end = sm_gw_pool_group(c, j);
				group_bad = false;
			}
			sm_range_format(&c->ranges[j], rtext, sizeof(rtext));
			bad = overlaps_interface(d, c->range_names[j], &c->ranges[j], ifs);
			for (k = 0; !bad && k < n_routes; k++)
			{
				if (routes[k].dst.family != c->ranges[j].family)
				{
					continue;
				}
				sm_range_from_prefix(&routes[k].dst, &net);
				if (sm_range_overlaps(&c->ranges[j], &net))
				{
					sm_prefix_format(&routes[k].dst, true, text, sizeof(text));
					sm_checks_add(
						d->r, "pool-overlap", c->range_names[j], SM_CHECK_WARN,
						"choose a pool that no route covers "
						"(mobile.pool), or remove the route",
						"the pool %s overlaps the route to %s via %s: "
						"traffic for clients may leave there instead "
						"of through the tunnel",
						rtext, text, routes[k].dev);
					bad = true;
				}
			}
			group_bad = group_bad || bad;
			if (j + 1 == end && !group_bad)
			{
				sm_checks_add(
					d->r, "pool-overlap", c->range_names[start], SM_CHECK_PASS,
					NULL,
					"the pool %s overlaps no interface and no "
					"route",
					sm_gw_pool_text(c, start, end, rtext, sizeof(rtext)));
			}
		}
	}
	if (!pools)
	{
		sm_checks_add(d->r, "pool-overlap", NULL, SM_CHECK_SKIP, NULL,
					  "no generated pool to check");
	}
	freeifaddrs(ifs);
	free(routes);
}

size_t sm_host_addresses(sm_prefix_t *addrs, size_t max)
{
	struct ifaddrs *ifs = NULL, *i;
	size_t n = 0;

	if (getifaddrs(&ifs) != 0)
	{
		return 0;
	}
	for (i = ifs; i && n < max; i = i->ifa_next)
	{
		if (mask_prefix(i->ifa_addr, i->ifa_addr, &addrs[n]))
		{
			/* the address itself */
			addrs[n].len = addrs[n].family == AF_INET ? 32 : 128;
			n++;
		}
	}
	freeifaddrs(ifs);
	return n;
}

const sm_prefix_t *sm_host_address_in(const sm_prefix_t *addrs, size_t n,
									  const sm_prefix_t *net)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (sm_prefix_contains(net, &addrs[i]))
		{
			return &addrs[i];
		}
	}
	return NULL;
}

size_t sm_host_networks(sm_prefix_t *nets, size_t max)
{
	struct ifaddrs *ifs = NULL, *i;
	route_t *routes;
	size_t n = 0, k, n_routes;

	if (getifaddrs(&ifs) == 0)
	{
		for (i = ifs; i && n < max; i = i->ifa_next)
		{
			if (mask_prefix(i->ifa_addr, i->ifa_netmask, &nets[n]))
			{
				n++;
			}
		}
		freeifaddrs(ifs);
	}
	routes = calloc(max, sizeof(*routes));
	if (routes)
	{
		n_routes = read_routes(routes, max);
		for (k = 0; k < n_routes && n < max; k++)
		{
			nets[n++] = routes[k].dst;
		}
		free(routes);
	}
	return n;
}
