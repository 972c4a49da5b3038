/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What generate wrote below a root: the connections (a directory
 * CONFDIR/NAME with the CA key, and SWANCTLDIR/conf.d/NAME.conf, with
 * their address pools), their mobile profiles
 * (CHARON_CONFDIR/swanmobile-NAME.conf), the plugin's settings and the
 * user database they name; and address ranges, for pools.
 */
#include "config.h"

#include "ops_int.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const sm_gw_conn_t *)a)->name,
				  ((const sm_gw_conn_t *)b)->name);
}

void sm_gw_destroy(sm_gw_t *gw)
{
	size_t i;

	if (!gw)
	{
		return;
	}
	for (i = 0; i < gw->n_conns; i++)
	{
		free(gw->conns[i].name);
		sm_paths_destroy(gw->conns[i].paths);
		sm_vnode_free(gw->conns[i].file);
		free(gw->conns[i].ranges);
		free(gw->conns[i].range_names);
		sm_vnode_free(gw->conns[i].profile_file);
	}
	free(gw->conns);
	free(gw->root);
	free(gw->plugin_conf);
	sm_vnode_free(gw->plugin);
	free(gw->database);
	free(gw);
}

/* whether path is a regular file (following links, as charon does) */
static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* the profile section NAME of a file holding swanmobile { pools { } }
 * (a file included in charon.plugins, as strongswan.conf does with
 * CHARON_CONFDIR/\*.conf), NULL if none */
static const sm_vnode_t *profile_in(const sm_vnode_t *file, const char *name)
{
	const sm_vnode_t *pools = sm_vnode_get(file, "swanmobile/pools"), *p;

	for (p = pools ? pools->first : NULL; p; p = p->next)
	{
		if (p->kind == SM_VNODE_SECTION && !strcmp(p->name, name))
		{
			return p;
		}
	}
	return NULL;
}

/* the mobile profile of a connection: the first of its pools that names
 * one decides (the plugin's find()) */
static void find_profile(sm_gw_conn_t *c, const sm_gw_t *gw)
{
	char err[SM_OPS_ERR_LEN];
	sm_vnode_t *tmp;
	const sm_vnode_t *l, *i;

	c->profile_file = sm_swconf_load(c->paths->profile_conf, err);
	tmp = sm_vnode_section(NULL);
	l = tmp ? sm_swconf_split(tmp, "pools", sm_vnode_str(c->conn, "pools"))
			: NULL;
	for (i = l ? l->first : NULL; i && !c->profile; i = i->next)
	{
		c->profile = profile_in(c->profile_file, i->value);
		c->profile_path = c->profile_file ? c->paths->profile_conf : NULL;
		if (!c->profile)
		{
			c->profile = profile_in(gw->plugin, i->value);
			c->profile_path = gw->plugin_conf;
		}
	}
	sm_vnode_free(tmp);
	if (c->profile)
	{
		return;
	}
	c->profile_path = NULL;
	if (!c->profile_file)
	{
		snprintf(c->profile_error, sizeof(c->profile_error),
				 "no mobile profile: %.400s", err);
	}
	else
	{
		snprintf(c->profile_error, sizeof(c->profile_error),
				 "no pool of the connection (pools = %.64s) names a mobile "
				 "profile in '%.256s' (swanmobile { pools { %.64s { ... } } })",
				 sm_vnode_str(c->conn, "pools") ?: "", c->paths->profile_conf,
				 c->name);
	}
}

/* read conf.d/NAME.conf of one connection, and its mobile profile */
static bool load_conn(sm_gw_conn_t *c, const sm_gw_t *gw)
{
	char path[SM_OPS_ERR_LEN];

	c->file = sm_swconf_load(c->paths->conn_conf, c->error);
	if (!c->file)
	{
		return true;
	}
	snprintf(path, sizeof(path), "connections/%s", c->name);
	c->conn = sm_vnode_get(c->file, path);
	c->pools = sm_vnode_get(c->file, "pools");
	if (!c->conn || c->conn->kind != SM_VNODE_SECTION)
	{
		c->conn = NULL;
		snprintf(c->error, sizeof(c->error), "'%s' defines no connection '%s'",
				 c->paths->conn_conf, c->name);
		return true;
	}
	find_profile(c, gw);
	return sm_gw_pool_ranges(c);
}

/* the connections below root: directories of CONFDIR with a conf.d file */
static bool find_conns(sm_gw_t *gw, const char *only, char *err)
{
	char dir[4096], conf[4096];
	struct dirent *e;
	sm_gw_conn_t *grown;
	size_t room = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s%s", gw->root, SM_CONFDIR);
	d = opendir(dir);
	while (d && (e = readdir(d)))
	{
		if (e->d_name[0] == '.' || (only && strcmp(only, e->d_name)))
		{
			continue;
		}
		if (snprintf(conf, sizeof(conf), "%s/%s", dir, e->d_name) >=
				(int)sizeof(conf) ||
			!is_dir(conf) ||
			snprintf(conf, sizeof(conf), "%s%s/conf.d/%s.conf", gw->root,
					 SM_SWANCTLDIR, e->d_name) >= (int)sizeof(conf) ||
			!is_file(conf))
		{
			continue;
		}
		if (gw->n_conns == room)
		{
			room = room ? room * 2 : 4;
			grown = realloc(gw->conns, room * sizeof(*grown));
			if (!grown)
			{
				closedir(d);
				snprintf(err, SM_OPS_ERR_LEN, "out of memory");
				return false;
			}
			gw->conns = grown;
		}
		memset(&gw->conns[gw->n_conns], 0, sizeof(gw->conns[0]));
		gw->conns[gw->n_conns].name = strdup(e->d_name);
		gw->conns[gw->n_conns].paths = sm_paths_create(gw->root, e->d_name);
		if (!gw->conns[gw->n_conns++].name || !gw->conns[gw->n_conns - 1].paths)
		{
			closedir(d);
			snprintf(err, SM_OPS_ERR_LEN, "out of memory");
			return false;
		}
	}
	if (d)
	{
		closedir(d);
	}
	if (only && !gw->n_conns)
	{
		if (snprintf(err, SM_OPS_ERR_LEN,
					 "no connection '%s' generated below '%s': it needs "
					 "'%s/%s' and '%s%s/conf.d/%s.conf'",
					 only, *gw->root ? gw->root : "/", dir, only, gw->root,
					 SM_SWANCTLDIR, only) >= SM_OPS_ERR_LEN)
		{
			snprintf(err, SM_OPS_ERR_LEN, "no connection '%.64s' generated",
					 only);
		}
		return false;
	}
	if (gw->n_conns > 1)
	{
		qsort(gw->conns, gw->n_conns, sizeof(gw->conns[0]), name_cmp);
	}
	return true;
}

sm_gw_t *sm_gw_load(const sm_ops_opts_t *o, char *err)
{
	sm_gw_t *gw = calloc(1, sizeof(*gw));
	sm_paths_t *p = NULL;
	const char *db, *users;
	char dummy[SM_OPS_ERR_LEN];
	size_t i;

	/* sm_paths_create() normalises the root ("/" and "dir/") */
	if (!gw || !(p = sm_paths_create(o->root, "_")) ||
		!(gw->root = strdup(p->root)) ||
		!(gw->plugin_conf = strdup(p->plugin_conf)))
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		goto fail;
	}
	if (!find_conns(gw, o->conn, err))
	{
		goto fail;
	}
	/* a missing or unreadable settings file: the plugin's defaults */
	gw->plugin = sm_swconf_load(gw->plugin_conf, dummy);
	for (i = 0; i < gw->n_conns; i++)
	{
		if (!load_conn(&gw->conns[i], gw))
		{
			snprintf(err, SM_OPS_ERR_LEN, "out of memory");
			goto fail;
		}
	}
	users = sm_vnode_str(gw->plugin, "swanmobile/eap_users");
	gw->eap_users = !users || !(!strcmp(users, "no") ||
								!strcmp(users, "false") || !strcmp(users, "0"));
	if (o->db)
	{
		gw->database = strdup(o->db);
	}
	else
	{
		db = sm_vnode_str(gw->plugin, "swanmobile/database");
		if (asprintf(&gw->database, "%s%s", gw->root,
					 db && *db ? db : SM_USERDB_DEFAULT_PATH) < 0)
		{
			gw->database = NULL;
		}
	}
	if (!gw->database)
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		goto fail;
	}
	sm_paths_destroy(p);
	return gw;

fail:
	sm_paths_destroy(p);
	sm_gw_destroy(gw);
	return NULL;
}

const sm_vnode_t *sm_gw_auth(const sm_vnode_t *conn, const char *prefix)
{
	const sm_vnode_t *c;
	size_t len = strlen(prefix);

	for (c = conn ? conn->first : NULL; c; c = c->next)
	{
		if (c->kind == SM_VNODE_SECTION && !strncmp(c->name, prefix, len) &&
			(c->name[len] == '\0' || c->name[len] == '-'))
		{
			return c;
		}
	}
	return NULL;
}

/* ---- ranges ----------------------------------------------------------- */

static size_t alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

void sm_range_from_prefix(const sm_prefix_t *p, sm_range_t *r)
{
	size_t n = alen(p->family), i;
	unsigned int bits;

	memset(r, 0, sizeof(*r));
	r->family = p->family;
	r->plen = (int)p->len;
	for (i = 0; i < n; i++)
	{
		bits = p->len > i * 8 ? p->len - i * 8 : 0;
		if (bits >= 8)
		{
			r->lo[i] = r->hi[i] = p->addr[i];
		}
		else
		{
			r->lo[i] = p->addr[i] & (uint8_t)(0xff << (8 - bits));
			r->hi[i] = r->lo[i] | (uint8_t)(0xff >> bits);
		}
	}
}

bool sm_range_parse(const char *text, sm_range_t *r)
{
	sm_prefix_t a, b;
	const char *dash = strchr(text, '-');
	char from[SM_PREFIX_STRLEN];

	if (!dash)
	{
		if (sm_prefix_parse(text, &a) != SM_NET_OK)
		{
			return false;
		}
		sm_range_from_prefix(&a, r);
		return true;
	}
	if ((size_t)(dash - text) >= sizeof(from))
	{
		return false;
	}
	memcpy(from, text, (size_t)(dash - text));
	from[dash - text] = '\0';
	if (sm_prefix_parse(from, &a) != SM_NET_OK ||
		sm_prefix_parse(dash + 1, &b) != SM_NET_OK || a.family != b.family ||
		a.len != b.len || a.len != alen(a.family) * 8 ||
		memcmp(a.addr, b.addr, alen(a.family)) > 0)
	{
		return false;
	}
	memset(r, 0, sizeof(*r));
	r->family = a.family;
	r->plen = -1;
	memcpy(r->lo, a.addr, alen(a.family));
	memcpy(r->hi, b.addr, alen(a.family));
	return true;
}

bool sm_range_overlaps(const sm_range_t *a, const sm_range_t *b)
{
	size_t n = alen(a->family);

	return a->family == b->family && memcmp(a->lo, b->hi, n) <= 0 &&
		   memcmp(b->lo, a->hi, n) <= 0;
}

bool sm_range_contains(const sm_range_t *r, const sm_prefix_t *addr)
{
	size_t n = alen(r->family);

	return addr->family == r->family && memcmp(r->lo, addr->addr, n) <= 0 &&
		   memcmp(addr->addr, r->hi, n) <= 0;
}

/* the last 8 bytes of an address as a number */
static uint64_t low64(const uint8_t *a, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = n > 8 ? n - 8 : 0; i < n; i++)
	{
		v = v << 8 | a[i];
	}
	return v;
}

void sm_range_pool(const sm_range_t *r, char *base, size_t len, uint64_t *size)
{
	/* strongSwan's POOL_LIMIT: at most 2^31 addresses per pool */
	const unsigned int limit = 31;
	size_t n = alen(r->family);
	unsigned int hostbits;
	uint64_t lo, hi;

	if (!inet_ntop(r->family, r->lo, base, (socklen_t)len))
	{
		snprintf(base, len, "?");
	}
	if (r->plen >= 0)
	{
		hostbits = (unsigned int)(n * 8) - (unsigned int)r->plen;
		if (hostbits > limit)
		{
			hostbits = limit;
		}
		*size = (uint64_t)1 << hostbits;
		if (*size > 2)
		{
			/* the network address and the broadcast address */
			*size -= 2;
		}
		return;
	}
	lo = low64(r->lo, n);
	hi = low64(r->hi, n);
	*size = hi - lo + 1;
	/* an IPv6 range wider than 2^64: as large as a pool gets */
	if ((n > 8 && memcmp(r->lo, r->hi, n - 8)) || *size == 0 ||
		*size > ((uint64_t)1 << limit))
	{
		*size = (uint64_t)1 << limit;
	}
}

char *sm_range_format(const sm_range_t *r, char *buf, size_t len)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];

	if (!inet_ntop(r->family, r->lo, lo, sizeof(lo)) ||
		!inet_ntop(r->family, r->hi, hi, sizeof(hi)))
	{
		snprintf(buf, len, "?");
	}
	else if (r->plen >= 0)
	{
		snprintf(buf, len, "%s/%d", lo, r->plen);
	}
	else
	{
		snprintf(buf, len, "%s-%s", lo, hi);
	}
	return buf;
}

bool sm_gw_pool_ranges(sm_gw_conn_t *c)
{
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	const sm_vnode_t *l, *i, *pool;
	const char *addrs;
	size_t room;

	l = tmp ? sm_swconf_split(tmp, "pools", sm_vnode_str(c->conn, "pools"))
			: NULL;
	room = l ? sm_vnode_count(l) : 0;
	c->n_ranges = 0;
	if (!l ||
		(room && (!(c->ranges = calloc(room, sizeof(*c->ranges))) ||
				  !(c->range_names = calloc(room, sizeof(*c->range_names))))))
	{
		sm_vnode_free(tmp);
		return false;
	}
	for (i = l->first; i; i = i->next)
	{
		/* the profile's name has no section here: it is no pool */
		pool = sm_vnode_get(c->pools, i->value);
		addrs = sm_vnode_str(pool, "addrs");
		if (pool && pool->kind == SM_VNODE_SECTION && addrs &&
			sm_range_parse(addrs, &c->ranges[c->n_ranges]))
		{
			c->range_names[c->n_ranges++] = pool->name;
		}
	}
	sm_vnode_free(tmp);
	return true;
}

/* whether name is base-N with N a number above 1 */
static bool part_of(const char *name, const char *base)
{
	size_t len = strlen(base);
	const char *n = name + len + 1;

	if (strncmp(name, base, len) || name[len] != '-' || *n < '1' || *n > '9')
	{
		return false;
	}
	return strspn(n, "0123456789") == strlen(n) && strcmp(n, "1");
}

size_t sm_gw_pool_group(const sm_gw_conn_t *c, size_t start)
{
	size_t end = start + 1;

	while (end < c->n_ranges &&
		   c->ranges[end].family == c->ranges[start].family &&
		   part_of(c->range_names[end], c->range_names[start]))
	{
		end++;
	}
	return end;
}

char *sm_gw_pool_text(const sm_gw_conn_t *c, size_t start, size_t end,
					  char *buf, size_t len)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];
	const sm_range_t *first = &c->ranges[start], *last = &c->ranges[end - 1];

	if (end - start == 1)
	{
		return sm_range_format(first, buf, len);
	}
	if (!inet_ntop(first->family, first->lo, lo, sizeof(lo)) ||
		!inet_ntop(last->family, last->hi, hi, sizeof(hi)))
	{
		snprintf(buf, len, "?");
		return buf;
	}
	snprintf(buf, len, "%s-%s in %zu parts", lo, hi, end - start);
	return buf;
}
