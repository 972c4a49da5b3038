/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "emit.h"
#include "model/proposal.h"
#include "template.h"

#include "sm_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/crypto.h>

/** Largest template file accepted. */
#define MAX_TEMPLATE_SIZE (1024 * 1024)

/* free the content of a file, wiped first if it is secret */
static void free_data(char *data, size_t len, bool secret)
{
	if (secret && data)
	{
		OPENSSL_cleanse(data, len);
	}
	free(data);
}

void sm_outputs_truncate(sm_outputs_t *out, size_t from)
{
	size_t i;

	for (i = from; i < out->n; i++)
	{
		free_data(out->files[i].data, out->files[i].len, out->files[i].secret);
		free(out->files[i].path);
	}
	if (from < out->n)
	{
		out->n = from;
	}
}

void sm_outputs_clear(sm_outputs_t *out)
{
	sm_outputs_truncate(out, 0);
	free(out->files);
	out->files = NULL;
	out->n = 0;
}

bool sm_outputs_add(sm_outputs_t *out, const char *path, char *data, size_t len,
					mode_t mode, bool secret)
{
	sm_output_t *n = realloc(out->files, (out->n + 1) * sizeof(*n));
	char *copy = strdup(path);

	if (n)
	{
		out->files = n;
	}
	if (!n || !copy)
	{
		free(copy);
		free_data(data, len, secret);
		return false;
	}
	n[out->n++] = (sm_output_t){
		.path = copy,
		.data = data,
		.len = len,
		.mode = mode,
		.secret = secret,
	};
	return true;
}

/* --- a growable comma-separated list ----------------------------------------- */

typedef struct {
	char *s;
	size_t len;
	bool oom;
} list_t;

/* append item unless it is already in the list */
static void list_add(list_t *l, const char *item)
{
	size_t ilen = strlen(item);
	const char *p;
	char *n;

	for (p = l->s; p && *p;)
	{
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == ilen && !memcmp(p, item, ilen))
		{
			return;
		}
		p = end ? end + 2 : p + len;
	}
	n = realloc(l->s, l->len + ilen + 3);
	if (!n)
	{
		l->oom = true;
		return;
	}
	l->s = n;
	if (l->len)
	{
		memcpy(l->s + l->len, ", ", 2);
		l->len += 2;
	}
	memcpy(l->s + l->len, item, ilen + 1);
	l->len += ilen;
}

static void list_add_prefix(list_t *l, const sm_prefix_t *p, bool with_len)
{
	char buf[SM_PREFIX_STRLEN];

	if (sm_prefix_format(p, with_len, buf, sizeof(buf)))
	{
		list_add(l, buf);
	}
}

static const char *list_str(const list_t *l)
{
	return l->s ? l->s : "";
}

/* --- rendering ------------------------------------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* see header file */
bool sm_emit_text(const sm_model_t *m, const sm_emit_ctx_t *ctx,
				  const char *name, sm_syntax_t syntax, sm_tvars_t *vars,
				  char **text, size_t *len, sm_diag_t *diag)
{
	char *tpath = NULL, *tmpl = NULL;
	size_t tlen;
	bool ok = false;

	/* what every template's header comment says */
	if (!sm_tvars_set(vars, "name", m ? m->name.v : "") ||
		!sm_tvars_set(vars, "version", PACKAGE_VERSION) ||
		!sm_tvars_set(vars, "source", ctx->source) ||
		asprintf(&tpath, "%s/%s", ctx->templates_dir, name) < 0)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return false;
	}
	tmpl = sm_file_read(tpath, MAX_TEMPLATE_SIZE, &tlen);
	if (!tmpl)
	{
		sm_error(diag, sm_nopos(NULL),
				 "cannot read template '%s': %s (use --templates DIR to "
				 "point at the templates)",
				 tpath, strerror(errno));
		goto out;
	}
	ok = sm_template_render(tmpl, tlen, tpath, syntax, vars, text, len, diag);
out:
	free(tmpl);
	free(tpath);
	return ok;
}

/* see header file */
bool sm_emit_render(const sm_model_t *m, const sm_emit_ctx_t *ctx,
					const char *name, sm_tvars_t *vars, const char *path,
					mode_t mode, bool secret, sm_outputs_t *out,
					sm_diag_t *diag)
{
	sm_syntax_t syntax = SM_SYNTAX_SETTINGS;
	char *text;
	size_t len;

	if (!sm_tvars_set(vars, "conf_file", sm_path_base(path)))
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return false;
	}
	/* the engine escapes every value for the syntax of the output */
	if (has_suffix(name, ".nft.tmpl"))
	{
		syntax = SM_SYNTAX_NFT;
	}
	else if (!has_suffix(name, ".conf.tmpl"))
	{
		sm_error(diag, sm_nopos(NULL),
				 "template '%s': only "
				 "strongswan.conf and swanctl.conf templates (*.conf.tmpl) "
				 "and nft rulesets (*.nft.tmpl) can be rendered",
				 name);
		return false;
	}
	if (!sm_emit_text(m, ctx, name, syntax, vars, &text, &len, diag))
	{
		return false;
	}
	if (!sm_outputs_add(out, path, text, len, mode, secret))
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return false;
	}
	return true;
}

static const char *frag_name(sm_frag_kind_t f)
{
	switch (f)
	{
		case SM_FRAG_ACCEPT:
			return "accept";
		case SM_FRAG_FORCE:
			return "force";
		case SM_FRAG_NO:
			return "no";
		default:
			return "yes";
	}
}

static const char *unique_name(sm_unique_kind_t u)
{
	switch (u)
	{
		case SM_UNIQUE_KEEP:
			return "keep";
		case SM_UNIQUE_NEVER:
			return "never";
		case SM_UNIQUE_NO:
			return "no";
		default:
			return "replace";
	}
}

/* --- pools: the address ranges around the users' static addresses ------- */

/* the low 32 bits of an address: pools hold at most 2^31 addresses
 * (validated), so addresses of one pool differ only there */
static uint32_t low32(const sm_prefix_t *p)
{
	const uint8_t *a = p->family == AF_INET ? p->addr : p->addr + 12;

	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 |
		   a[3];
}

/* the address at an offset from a pool's network address, as text */
static bool offset_text(const sm_prefix_t *pool, uint32_t offset, char *buf,
						size_t size)
{
	sm_prefix_t a = *pool;
	uint8_t *p = a.family == AF_INET ? a.addr : a.addr + 12;
	uint32_t v = low32(pool) + offset;

	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	a.len = a.family == AF_INET ? 32 : 128;
	return sm_prefix_format(&a, false, buf, size) != NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* one swanctl pool: name and addrs */
static bool add_pool(sm_tvars_t *v, list_t *names, const char *name,
					 const char *addrs)
{
	sm_tvars_t *p = sm_tvars_add(v, "pool_list");

	list_add(names, name);
	return p && !names->oom && sm_tvars_set(p, "pool_name", name) &&
		   sm_tvars_set(p, "addrs", addrs);
}

/* the offset of a static address inside the leased part of a pool into
 * statics[*n] */
static void add_static(const sm_prefix_t *pool, const sm_prefix_t *a,
					   uint64_t first, uint64_t last, uint32_t *statics,
					   size_t *n)
{
	uint64_t off;

	if (sm_prefix_contains(pool, a))
	{
		off = (uint32_t)(low32(a) - low32(pool));
		if (off >= first && off <= last)
		{
			statics[(*n)++] = off;
		}
	}
}

/*
 * The swanctl pools of one address family: the addresses charon leases from
 * the pool (all but the network and the broadcast address of a pool larger
 * than two addresses) without the static addresses of the users (those of
 * users.accounts and ctx->statics, the user database's), so that they are
 * never leased to anyone else.  charon 5.9 takes one range per pool, so
 * each run of addresses between static ones is a pool of its own: NAME,
 * NAME-2, ...; without static addresses inside, NAME is the prefix.
 */
static bool pool_vars(sm_tvars_t *v, list_t *names, const sm_model_t *m,
					  const sm_emit_ctx_t *ctx, const char *name,
					  const sm_prefix_t *pool)
{
	char buf[SM_PREFIX_STRLEN], from[SM_PREFIX_STRLEN], to[SM_PREFIX_STRLEN];
	char range[2 * SM_PREFIX_STRLEN + 1], *pname = NULL;
	unsigned int bits = (pool->family == AF_INET ? 32 : 128) - pool->len;
	uint64_t size = (uint64_t)1 << (bits > 31 ? 31 : bits);
	uint64_t first = size > 2 ? 1 : 0, last = size > 2 ? size - 2 : size - 1;
	uint64_t start, end;
	uint32_t *statics;
	size_t i, n = 0, k = 0;
	bool ok = true;

	statics =
		calloc(m->users.n_accounts + ctx->n_statics + 1, sizeof(*statics));
	if (!statics)
	{
		return false;
	}
	for (i = 0; i < m->users.n_accounts; i++)
	{
		const sm_addr_t *a = pool->family == AF_INET
								 ? &m->users.accounts[i].address
								 : &m->users.accounts[i].address6;

		if (a->set)
		{
			add_static(pool, &a->v, first, last, statics, &n);
		}
	}
	for (i = 0; i < ctx->n_statics; i++)
	{
		add_static(pool, &ctx->statics[i], first, last, statics, &n);
	}
	if (!n)
	{
		ok = sm_prefix_format(pool, true, buf, sizeof(buf)) &&
			 add_pool(v, names, name, buf);
		goto out;
	}
	qsort(statics, n, sizeof(*statics), cmp_u32);
	/* each run of addresses before a static one, and after the last */
	start = first;
	for (i = 0; i <= n && ok; i++)
	{
		end = i < n ? statics[i] : last + 1;
		if (end > start)
		{
			ok = offset_text(pool, start, from, sizeof(from)) &&
				 offset_text(pool, end - 1, to, sizeof(to));
			if (end - 1 == start)
			{
				snprintf(range, sizeof(range), "%s/%u", from,
						 pool->family == AF_INET ? 32 : 128);
			}
			else
			{
				snprintf(range, sizeof(range), "%s-%s", from, to);
			}
			free(pname);
			pname = NULL;
			ok = ok && (k ? asprintf(&pname, "%s-%zu", name, k + 1) >= 0
						  : (pname = strdup(name)) != NULL);
			ok = ok && add_pool(v, names, pname, range);
			k++;
		}
		if (i < n && statics[i] + 1 > start)
		{
			start = statics[i] + 1;
		}
	}
out:
	free(pname);
	free(statics);
	return ok;
}

/* --- the mobile profile: what the plugin pushes --------------------------- */

static bool profile_vars(sm_tvars_t *v, const sm_model_t *m)
{
	list_t dns = {0}, nbns = {0}, domains = {0};
	const char *split = "";
	size_t i;
	bool ok;

	for (i = 0; i < m->mobile.dns.n; i++)
	{
		list_add_prefix(&dns, &m->mobile.dns.items[i].v, false);
	}
	for (i = 0; i < m->mobile.wins.n; i++)
	{
		list_add_prefix(&nbns, &m->mobile.wins.items[i].v, false);
	}
	/* not given: no split DNS; an empty list: the default domain (the
	 * plugin's rule for an empty split_dns); a list: those domains */
	if (!m->mobile.split_dns.set)
	{
		split = "%none";
	}
	for (i = 0; i < m->mobile.split_dns.n; i++)
	{
		list_add(&domains, m->mobile.split_dns.items[i].v);
	}
	/* values go in raw: the template engine quotes them for strongswan.conf */
	ok = !dns.oom && !nbns.oom && !domains.oom &&
		 sm_tvars_set(v, "profile", m->name.v) &&
		 sm_tvars_set(v, "dns", list_str(&dns)) &&
		 sm_tvars_set(v, "nbns", list_str(&nbns)) &&
		 sm_tvars_set(v, "default_domain",
					  m->mobile.default_domain.v ? m->mobile.default_domain.v
												 : "") &&
		 sm_tvars_set(v, "split_dns",
					  domains.len ? list_str(&domains) : split) &&
		 sm_tvars_flag(v, "split_default",
					   m->mobile.split_dns.set && !m->mobile.split_dns.n) &&
		 sm_tvars_set(v, "network_list",
					  m->mobile.network_list.v ? "yes" : "no") &&
		 sm_tvars_set(v, "banner",
					  m->mobile.banner.v ? m->mobile.banner.v : "") &&
		 sm_tvars_flag(v, "save_password", m->mobile.save_password.v) &&
		 sm_tvars_set(v, "pfs_group",
					  m->mobile.pfs_group.v ? m->mobile.pfs_group.v : "");
	free(dns.s);
	free(nbns.s);
	free(domains.s);
	return ok;
}

/* ESP proposals of a child: its PFS method is appended to every proposal
 * that names no key exchange method; proposals naming one are used as
 * written (swanmobile.yaml(5), children[].pfs) */
static void child_proposals(list_t *esp, const sm_child_t *c)
{
	sm_proposal_error_t err;
	sm_proposal_t p;
	char *text;
	size_t i;

	for (i = 0; i < c->proposals.n; i++)
	{
		const char *v = c->proposals.items[i].v;

		if (c->pfs.v && sm_proposal_parse(v, SM_PROTO_ESP, &p, &err) &&
			!sm_proposal_has_type(&p, SM_TRANS_KE))
		{
			if (asprintf(&text, "%s-%s", v, c->pfs.v) < 0)
			{
				esp->oom = true;
				return;
			}
			list_add(esp, text);
			free(text);
		}
		else
		{
			list_add(esp, v);
		}
	}
}

static bool conn_vars(sm_tvars_t *v, const sm_model_t *m,
					  const sm_emit_ctx_t *ctx, const sm_paths_t *paths)
{
	list_t ike = {0}, esp = {0}, ts = {0}, listen = {0}, pools = {0};
	list_t sources = {0};
	uint64_t life = UINT64_MAX, rekey = UINT64_MAX, rand = UINT64_MAX;
	uint64_t longest;
	char *pool4 = NULL, *pool6 = NULL;
	size_t i, k;
	bool ok = false;

	for (i = 0; i < m->ike.proposals.n; i++)
	{
		list_add(&ike, m->ike.proposals.items[i].v);
	}
	for (i = 0; i < m->gateway.listen.n; i++)
	{
		list_add_prefix(&listen, &m->gateway.listen.items[i].v, false);
	}
	/* like pfSense, all phase 2 entries become one CHILD_SA config: a
	 * mobile client negotiates one CHILD_SA and the gateway narrows it to
	 * the union of the local networks */
	for (i = 0; i < m->n_children; i++)
	{
		const sm_child_t *c = &m->children[i];

		list_add(&sources, c->name.v);
		for (k = 0; k < c->local_networks.n; k++)
		{
			list_add_prefix(&ts, &c->local_networks.items[k].v, true);
		}
		child_proposals(&esp, c);
		life = c->lifetime.v < life ? c->lifetime.v : life;
		rekey = c->rekey_time.v < rekey ? c->rekey_time.v : rekey;
		rand = c->rand_time.v < rand ? c->rand_time.v : rand;
	}
	if ((m->mobile.pool.set && asprintf(&pool4, "%s-v4", m->name.v) < 0) ||
		(m->mobile.pool6.set && asprintf(&pool6, "%s-v6", m->name.v) < 0))
	{
		goto out;
	}
	/* the plugin's mobile profile first: it hands out the static addresses
	 * (charon asks it before vici, see swanmobile.conf(5)) */
	list_add(&pools, m->name.v);
	if (!sm_tvars_list(v, "pool_list") ||
		(pool4 && !pool_vars(v, &pools, m, ctx, pool4, &m->mobile.pool.v)) ||
		(pool6 && !pool_vars(v, &pools, m, ctx, pool6, &m->mobile.pool6.v)))
	{
		goto out;
	}
	longest = m->ike.rekey_time.v > m->ike.reauth_time.v ? m->ike.rekey_time.v
														 : m->ike.reauth_time.v;
	if (ike.oom || esp.oom || ts.oom || listen.oom || pools.oom || sources.oom)
	{
		goto out;
	}
	ok =
		sm_tvars_set(v, "local_addrs", list_str(&listen)) &&
		sm_tvars_set(v, "pools", list_str(&pools)) &&
		sm_tvars_set(v, "ike_proposals", list_str(&ike)) &&
		sm_tvars_set(v, "fragmentation", frag_name(m->ike.fragmentation.v)) &&
		sm_tvars_set(v, "unique", unique_name(m->ike.unique_ids.v)) &&
		sm_tvars_set(v, "mobike", m->ike.mobike.v ? "yes" : "no") &&
		sm_tvars_setf(v, "dpd_delay", "%llu",
					  (unsigned long long)m->ike.dpd_delay.v) &&
		sm_tvars_setf(v, "ike_rekey_time", "%llu",
					  (unsigned long long)m->ike.rekey_time.v) &&
		sm_tvars_setf(v, "ike_reauth_time", "%llu",
					  (unsigned long long)m->ike.reauth_time.v) &&
		sm_tvars_setf(v, "ike_over_time", "%llu",
					  (unsigned long long)(m->ike.lifetime.v > longest
											   ? m->ike.lifetime.v - longest
											   : 0)) &&
		sm_tvars_setf(v, "ike_rand_time", "%llu",
					  (unsigned long long)m->ike.rand_time.v) &&
		sm_tvars_set(v, "cert_file", paths->cert_name) &&
		sm_tvars_set(v, "identifier", m->gateway.identifier.v) &&
		sm_tvars_set(v, "child_name",
					 m->n_children == 1 ? m->children[0].name.v : m->name.v) &&
		sm_tvars_set(v, "child_sources", list_str(&sources)) &&
		sm_tvars_flag(v, "merged", m->n_children > 1) &&
		sm_tvars_set(v, "local_ts", list_str(&ts)) &&
		sm_tvars_set(v, "esp_proposals", list_str(&esp)) &&
		sm_tvars_setf(v, "child_life_time", "%llu", (unsigned long long)life) &&
		sm_tvars_setf(v, "child_rekey_time", "%llu",
					  (unsigned long long)rekey) &&
		sm_tvars_setf(v, "child_rand_time", "%llu", (unsigned long long)rand);
out:
	free(ike.s);
	free(esp.s);
	free(ts.s);
	free(listen.s);
	free(pools.s);
	free(sources.s);
	free(pool4);
	free(pool6);
	return ok;
}

bool sm_emit_all(const sm_model_t *m, const sm_paths_t *paths,
				 const sm_emit_ctx_t *ctx, sm_outputs_t *out, sm_diag_t *diag)
{
	sm_tvars_t *conn = NULL, *plugin = NULL, *profile = NULL, *cert = NULL;
	bool ok = false;

	conn = sm_tvars_create();
	plugin = sm_tvars_create();
	profile = sm_tvars_create();
	cert = sm_tvars_create();
	if (!conn || !plugin || !profile || !cert)
	{
		goto oom;
	}
	if (!conn_vars(conn, m, ctx, paths))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "swanctl.conf.tmpl", conn, paths->conn_conf,
						0644, false, out, diag))
	{
		goto out;
	}
	if (!sm_tvars_set(
			plugin, "database",
			m->users.backend.v == SM_BACKEND_DATABASE ? SM_DATABASE_PATH : ""))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "strongswan-swanmobile.conf.tmpl", plugin,
						paths->plugin_conf, 0644, false, out, diag))
	{
		goto out;
	}
	if (!profile_vars(profile, m))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "strongswan-swanmobile-profile.conf.tmpl",
						profile, paths->profile_conf, 0644, false, out, diag))
	{
		goto out;
	}
	/* what doctor checks the certificates against */
	if (!sm_tvars_setf(cert, "renew_before", "%llu",
					   (unsigned long long)m->certificate.renew_before.v))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "certificate.conf.tmpl", cert, paths->cert_conf,
						0644, false, out, diag))
	{
		goto out;
	}
	ok = true;
	goto out;
oom:
	sm_error(diag, sm_nopos(NULL), "out of memory");
out:
	sm_tvars_destroy(conn);
	sm_tvars_destroy(plugin);
	sm_tvars_destroy(profile);
	sm_tvars_destroy(cert);
	return ok;
}

bool sm_emit_datapath(const sm_emit_ctx_t *ctx, const sm_datapath_choice_t *c,
					  const char *path, sm_outputs_t *out, sm_diag_t *diag)
{
	sm_tvars_t *v = sm_tvars_create();
	char reason[SM_ESP_WHY_LEN + 64];
	bool ok = false;

	if (c->mode == SM_DATAPATH_AUTO)
	{
		snprintf(reason, sizeof(reason), "%s", c->why);
	}
	else
	{
		snprintf(reason, sizeof(reason), "gateway.datapath is %s",
				 sm_datapath_name(c->mode));
	}
	if (!v || !sm_tvars_set(v, "mode", sm_datapath_name(c->mode)) ||
		!sm_tvars_flag(v, "libipsec", c->chosen == SM_DATAPATH_LIBIPSEC) ||
		!sm_tvars_set(v, "reason", reason))
	{
		sm_error(diag, (sm_pos_t){.file = NULL}, "out of memory");
		goto out;
	}
	ok = sm_emit_render(NULL, ctx, "strongswan-swanmobile-datapath.conf.tmpl",
						v, path, 0644, false, out, diag);
out:
	sm_tvars_destroy(v);
	return ok;
}
