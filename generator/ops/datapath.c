/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The datapath of ESP: the snippet generate wrote
 * (CHARON_CONFDIR/swanmobile_datapath.conf: the gateway.datapath it was
 * asked for, kernel-libipsec loaded or not), and doctor's check of what
 * charon loaded against what the kernel can do.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include "sm_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** Largest snippet read. */
#define CONF_MAX (64 * 1024)

/** The line of the snippet that records gateway.datapath. */
#define MODE_MARK "\n# gateway.datapath: "

/* whether a strongswan.conf value says yes (charon's booleans; a
 * number is a priority, so it loads) */
static bool loads(const char *value)
{
	static const char *const yes[] = {"1", "yes", "true", "enabled"};
	size_t i;

	for (i = 0; value && i < countof(yes); i++)
	{
		if (!strcasecmp(value, yes[i]))
		{
			return true;
		}
	}
	return value && value[0] >= '1' && value[0] <= '9';
}

bool sm_datapath_conf_read(const char *root, sm_datapath_conf_t *c)
{
	char *text, *mark, err[SM_OPS_ERR_LEN];
	sm_vnode_t *conf;
	size_t len, n;
	int e;

	memset(c, 0, sizeof(*c));
	/* without the snippet: the distribution's default */
	c->configured = SM_DATAPATH_KERNEL;
	if (snprintf(c->path, sizeof(c->path), "%s%s/" SM_DATAPATH_CONF,
				 root && strcmp(root, "/") ? root : "",
				 SM_CHARON_CONFDIR) >= (int)sizeof(c->path))
	{
		snprintf(c->error, sizeof(c->error), "the root is too long");
		return false;
	}
	text = sm_file_read(c->path, CONF_MAX, &len);
	if (!text)
	{
		e = errno;
		snprintf(c->error, sizeof(c->error),
				 "cannot read '%.400s': %s (swanmobile generate writes it)",
				 c->path, strerror(e));
		return e == ENOENT;
	}
	conf = sm_swconf_parse(c->path, text, len, err);
	mark = strstr(text, MODE_MARK);
	if (mark)
	{
		mark += strlen(MODE_MARK);
		n = strcspn(mark, " \t\r\n");
		c->mode = n == 8 && !strncmp(mark, "libipsec", n) ? SM_DATAPATH_LIBIPSEC
				  : n == 6 && !strncmp(mark, "kernel", n) ? SM_DATAPATH_KERNEL
														  : SM_DATAPATH_AUTO;
	}
	free(text);
	if (!conf)
	{
		snprintf(c->error, sizeof(c->error), "%s", err);
		return false;
	}
	c->found = true;
	c->configured = loads(sm_vnode_str(conf, "kernel-libipsec/load"))
						? SM_DATAPATH_LIBIPSEC
						: SM_DATAPATH_KERNEL;
	sm_vnode_free(conf);
	return true;
}

/* ---- doctor ----------------------------------------------------------- */

/* whether charon's stats list a plugin */
static bool loaded(const sm_doctor_t *d, const char *plugin)
{
	const sm_vnode_t *plugins = sm_vnode_get(d->stats, "plugins"), *p;

	for (p = plugins ? plugins->first : NULL; p; p = p->next)
	{
		if (p->value && !strcmp(p->value, plugin))
		{
			return true;
		}
	}
	return false;
}

/** What to do when the datapath cannot carry ESP. */
#define FIX_DATAPATH                                                           \
	"scripts/gateway up (it runs 'swanmobile datapath --update', which "       \
	"turns kernel-libipsec on where the kernel refuses ESP); or "              \
	"gateway.datapath: libipsec and swanmobile generate FILE"

/* without charon: whether the configuration can work here */
static void without_charon(sm_doctor_t *d, const sm_datapath_conf_t *conf,
						   sm_esp_t esp, const char *why)
{
	char tun[SM_ESP_WHY_LEN], plugin[SM_ESP_WHY_LEN];

	if (conf->configured == SM_DATAPATH_LIBIPSEC &&
		!sm_libipsec_installed(SM_STRONGSWAN_PLUGINDIR, plugin))
	{
		sm_checks_add(d->r, "datapath", "libipsec", SM_CHECK_FAIL,
					  "install strongSwan's kernel-libipsec (Debian: "
					  "apt install " SM_LIBIPSEC_PACKAGE ")",
					  "'%s' loads kernel-libipsec, but %s", conf->path, plugin);
	}
	else if (conf->configured == SM_DATAPATH_LIBIPSEC && !sm_tun_available(tun))
	{
		sm_checks_add(d->r, "datapath", "libipsec", SM_CHECK_FAIL,
					  "give the host (container) /dev/net/tun",
					  "'%s' loads kernel-libipsec, which %s", conf->path, tun);
	}
	else if (conf->configured == SM_DATAPATH_KERNEL && esp == SM_ESP_NO)
	{
		sm_checks_add(d->r, "datapath", "kernel", SM_CHECK_FAIL, FIX_DATAPATH,
					  "charon is configured for the kernel's IPsec, but this "
					  "kernel refuses AES-GCM ESP (%s)",
					  why);
	}
	else
	{
		sm_checks_add(
			d->r, "datapath", sm_datapath_name(conf->configured), SM_CHECK_SKIP,
			NULL, "charon does not answer; it is configured for %s",
			conf->configured == SM_DATAPATH_LIBIPSEC ? "kernel-libipsec"
													 : "the kernel's IPsec");
	}
}

/* kernel-libipsec routes a child's traffic into its TUN device from an
 * address of this host inside the child's local traffic selector
 * (get_address_by_ts() in its install_route()); where there is none it
 * logs "error installing route with policy ..." and the CHILD_SA fails */
static void libipsec_routes(sm_doctor_t *d)
{
	sm_prefix_t *addrs = calloc(SM_HOST_ADDRS_MAX, sizeof(*addrs)), ts;
	const sm_vnode_t *children, *child, *l, *t;
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	size_t n_addrs, i, used;
	char missing[SM_OPS_ERR_LEN];

	if (!addrs || !tmp || !d->gw)
	{
		sm_vnode_free(tmp);
		free(addrs);
		return;
	}
	n_addrs = sm_host_addresses(addrs, SM_HOST_ADDRS_MAX);
	for (i = 0; i < d->gw->n_conns; i++)
	{
		const sm_gw_conn_t *c = &d->gw->conns[i];

		children = c->conn ? sm_vnode_get(c->conn, "children") : NULL;
		missing[0] = '\0';
		used = 0;
		for (child = children ? children->first : NULL; child;
			 child = child->next)
		{
			l = sm_swconf_split(tmp, "ts", sm_vnode_str(child, "local_ts"));
			for (t = l ? l->first : NULL; t; t = t->next)
			{
				/* "dynamic" is the gateway's own address */
				if (sm_prefix_parse(t->value, &ts) != SM_NET_OK)
				{
					continue;
				}
				if (!sm_host_address_in(addrs, n_addrs, &ts) &&
					used < sizeof(missing))
				{
					used += (size_t)snprintf(
						missing + used, sizeof(missing) - used,
						"%s%s (child '%s')", used ? ", " : "", t->value,
						child->name ? child->name : "?");
				}
			}
		}
		if (missing[0])
		{
			sm_checks_add(d->r, "local-ts", c->name, SM_CHECK_FAIL,
						  "give this host an address in each of them (its "
						  "LAN interface), or carry ESP in the kernel where "
						  "it can (gateway.datapath)",
						  "kernel-libipsec routes a child's traffic from an "
						  "address of this host inside its local traffic "
						  "selectors, and this host has none in %s: clients "
						  "connect, but its CHILD_SAs fail (\"error installing "
						  "route with policy\")",
						  missing);
		}
		else if (children && children->first)
		{
			sm_checks_add(d->r, "local-ts", c->name, SM_CHECK_PASS, NULL,
						  "this host has an address in every local traffic "
						  "selector of the connection's children, which "
						  "kernel-libipsec routes from");
		}
	}
	sm_vnode_free(tmp);
	free(addrs);
}

void sm_doctor_datapath(sm_doctor_t *d)
{
	sm_datapath_conf_t conf;
	char why[SM_ESP_WHY_LEN], note[SM_OPS_ERR_LEN] = "";
	sm_esp_t esp = sm_esp_probe(why);
	bool libipsec;

	sm_datapath_conf_read(d->o->root, &conf);
	sm_checks_fact(d->r, "kernel_esp",
				   esp == SM_ESP_YES  ? "yes"
				   : esp == SM_ESP_NO ? "no"
									  : "unknown");
	if (!d->vici)
	{
		without_charon(d, &conf, esp, why);
		if (conf.configured == SM_DATAPATH_LIBIPSEC)
		{
			libipsec_routes(d);
		}
		return;
	}
	libipsec = loaded(d, "kernel-libipsec");
	sm_checks_fact(d->r, "datapath", libipsec ? "libipsec" : "kernel");
	if (conf.found && conf.configured != (libipsec ? SM_DATAPATH_LIBIPSEC
												   : SM_DATAPATH_KERNEL))
	{
		snprintf(note, sizeof(note),
				 "; '%.300s' says %s: scripts/gateway up restarts charon "
				 "with it",
				 conf.path, sm_datapath_name(conf.configured));
	}
	if (libipsec)
	{
		sm_checks_add(d->r, "datapath", "libipsec", SM_CHECK_PASS, NULL,
					  "charon carries ESP in userspace (kernel-libipsec, TUN "
					  "device " SM_LIBIPSEC_TUN "); the kernel: %s%s",
					  why, note);
		libipsec_routes(d);
	}
	else if (!loaded(d, "kernel-netlink"))
	{
		sm_checks_add(d->r, "datapath", NULL, SM_CHECK_FAIL, FIX_DATAPATH,
					  "charon loaded neither kernel-netlink nor "
					  "kernel-libipsec: it cannot install an IPsec SA");
	}
	else if (esp == SM_ESP_NO)
	{
		sm_checks_add(
			d->r, "datapath", "kernel", SM_CHECK_FAIL,
			conf.configured == SM_DATAPATH_LIBIPSEC
				? "restart charon: scripts/gateway up (if "
				  "kernel-libipsec does not load, charon's log "
				  "says why: no /dev/net/tun?)"
				: FIX_DATAPATH,
			"charon uses the kernel's IPsec, but this kernel "
			"refuses AES-GCM ESP (%s): clients connect, but no CHILD_SA is set "
			"up and no packet passes%s",
			why, note);
	}
	else if (esp == SM_ESP_UNKNOWN)
	{
		sm_checks_add(d->r, "datapath", "kernel", SM_CHECK_WARN,
					  "run swanmobile doctor as root",
					  "charon uses the kernel's IPsec; whether the kernel "
					  "carries AES-GCM ESP is unknown (%s)%s",
					  why, note);
	}
	else
	{
		sm_checks_add(d->r, "datapath", "kernel", SM_CHECK_PASS, NULL,
					  "charon uses the kernel's IPsec (XFRM, kernel-netlink): "
					  "%s%s",
					  why, note);
	}
}
