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

void sm_outputs_clear(sm_outputs_t *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
	{
		if (out->files[i].secret && out->files[i].data)
		{
			OPENSSL_cleanse(out->files[i].data, out->files[i].len);
		}
		free(out->files[i].data);
		free(out->files[i].path);
	}
	free(out->files);
	out->files = NULL;
	out->n = 0;
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

static bool add_output(sm_outputs_t *out, const char *path, char *data,
					   size_t len, mode_t mode, bool secret)
{
	sm_output_t *n = realloc(out->files, (out->n + 1) * sizeof(*n));

	if (!n)
	{
		return false;
	}
	out->files = n;
	n[out->n] = (sm_output_t){
		.path = strdup(path),
		.data = data,
		.len = len,
		.mode = mode,
		.secret = secret,
	};
	if (!n[out->n].path)
	{
		return false;
	}
	out->n++;
	return true;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* the base name of a path */
static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* see header file */
bool sm_emit_render(const sm_model_t *m, const sm_emit_ctx_t *ctx,
					const char *name, sm_tvars_t *vars, const char *path,
					mode_t mode, bool secret, sm_outputs_t *out,
					sm_diag_t *diag)
{
	char *tpath = NULL, *tmpl = NULL, *text = NULL;
	size_t tlen, len;
	bool ok = false;

	/* what every template's header comment says */
	if (!sm_tvars_set(vars, "name", m->name.v) ||
		!sm_tvars_set(vars, "version", PACKAGE_VERSION) ||
		!sm_tvars_set(vars, "source", ctx->source) ||
		!sm_tvars_set(vars, "conf_file", base(path)))
	{
		sm_error(diag, (sm_pos_t){.file = NULL}, "out of memory");
		return false;
	}
	if (asprintf(&tpath, "%s/%s", ctx->templates_dir, name) < 0)
	{
		tpath = NULL;
		goto out;
	}
	/* the engine escapes every value for the syntax of the output */
	if (!has_suffix(name, ".conf.tmpl"))
	{
		sm_error(diag, (sm_pos_t){.file = NULL}, "template '%s': only "
				 "strongswan.conf and swanctl.conf templates (*.conf.tmpl) "
				 "can be rendered", name);
		goto out;
	}
	tmpl = sm_file_read(tpath, MAX_TEMPLATE_SIZE, &tlen);
	if (!tmpl)
	{
		sm_error(diag, (sm_pos_t){.file = NULL},
				 "cannot read template '%s': %s (use --templates DIR to "
				 "point at the templates)", tpath, strerror(errno));
		goto out;
	}
	if (!sm_template_render(tmpl, tlen, tpath, SM_SYNTAX_SETTINGS, vars,
							&text, &len, diag))
	{
		goto out;
	}
	if (!add_output(out, path, text, len, mode, secret))
	{
		if (secret)
		{
			OPENSSL_cleanse(text, len);
		}
		free(text);
		goto out;
	}
	ok = true;
out:
	free(tmpl);
	free(tpath);
	return ok;
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


/* one pool section with the attributes of its address family */
static bool pool_vars(sm_tvars_t *v, const sm_model_t *m, const char *name,
					  const sm_prefix_t *pool, bool primary)
{
	list_t dns = {0}, nbns = {0}, subnet = {0}, domains = {0};
	sm_tvars_t *p = sm_tvars_add(v, "pool_list");
	size_t i, k;
	bool ok;

	if (!p)
	{
		return false;
	}
	for (i = 0; i < m->mobile.dns.n; i++)
	{
		if (m->mobile.dns.items[i].v.family == pool->family)
		{
			list_add_prefix(&dns, &m->mobile.dns.items[i].v, false);
		}
	}
	for (i = 0; i < m->mobile.wins.n; i++)
	{
		if (m->mobile.wins.items[i].v.family == pool->family)
		{
			list_add_prefix(&nbns, &m->mobile.wins.items[i].v, false);
		}
	}
	if (m->mobile.network_list.v)
	{
		for (i = 0; i < m->n_children; i++)
		{
			const sm_addrlist_t *nets = &m->children[i].local_networks;

			for (k = 0; k < nets->n; k++)
			{
				if (nets->items[k].v.family == pool->family)
				{
					list_add_prefix(&subnet, &nets->items[k].v, true);
				}
			}
		}
	}
	if (primary)
	{
		/* split DNS: the listed domains; set but empty: only the default
		 * domain goes to the VPN's servers */
		if (m->mobile.split_dns.set && m->mobile.split_dns.n)
		{
			for (i = 0; i < m->mobile.split_dns.n; i++)
			{
				list_add(&domains, m->mobile.split_dns.items[i].v);
			}
		}
		else if (m->mobile.split_dns.set && m->mobile.default_domain.v)
		{
			list_add(&domains, m->mobile.default_domain.v);
		}
	}
	ok = !dns.oom && !nbns.oom && !subnet.oom && !domains.oom &&
		 sm_tvars_set(p, "pool_name", name) &&
		 sm_tvars_set(p, "addrs", "") &&
		 sm_tvars_set(p, "dns", list_str(&dns)) &&
		 sm_tvars_set(p, "nbns", list_str(&nbns)) &&
		 sm_tvars_set(p, "subnet", list_str(&subnet)) &&
		 sm_tvars_set(p, "dns_domains", list_str(&domains)) &&
		 sm_tvars_set(p, "default_domain",
					  primary && m->mobile.default_domain.v
						  ? m->mobile.default_domain.v : "");
	if (ok)
	{
		char buf[SM_PREFIX_STRLEN];

		ok = sm_prefix_format(pool, true, buf, sizeof(buf)) &&
			 sm_tvars_set(p, "addrs", buf);
	}
	free(dns.s);
	free(nbns.s);
	free(subnet.s);
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
					  const sm_paths_t *paths)
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
	if ((m->mobile.pool.set &&
		 asprintf(&pool4, "%s-v4", m->name.v) < 0) ||
		(m->mobile.pool6.set &&
		 asprintf(&pool6, "%s-v6", m->name.v) < 0))
	{
		goto out;
	}
	if (pool4)
	{
		list_add(&pools, pool4);
	}
	if (pool6)
	{
		list_add(&pools, pool6);
	}
	longest = m->ike.rekey_time.v > m->ike.reauth_time.v ? m->ike.rekey_time.v
														 : m->ike.reauth_time.v;
	if (ike.oom || esp.oom || ts.oom || listen.oom || pools.oom ||
		sources.oom)
	{
		goto out;
	}
	ok = sm_tvars_set(v, "local_addrs", list_str(&listen)) &&
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
		 sm_tvars_setf(v, "child_rand_time", "%llu", (unsigned long long)rand) &&
		 sm_tvars_list(v, "pool_list") &&
		 (!pool4 || pool_vars(v, m, pool4, &m->mobile.pool.v, true)) &&
		 (!pool6 || pool_vars(v, m, pool6, &m->mobile.pool6.v, !pool4));
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
	sm_tvars_t *conn = NULL, *plugin = NULL;
	bool ok = false;

	conn = sm_tvars_create();
	plugin = sm_tvars_create();
	if (!conn || !plugin)
	{
		goto oom;
	}
	if (!conn_vars(conn, m, paths))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "swanctl.conf.tmpl", conn, paths->conn_conf,
						0644, false, out, diag))
	{
		goto out;
	}
	if (!sm_tvars_set(plugin, "database",
					  m->users.backend.v == SM_BACKEND_DATABASE
						  ? SM_DATABASE_PATH : ""))
	{
		goto oom;
	}
	if (!sm_emit_render(m, ctx, "strongswan-swanmobile.conf.tmpl", plugin,
						paths->plugin_conf, 0644, false, out, diag))
	{
		goto out;
	}
	ok = true;
	goto out;
oom:
	sm_error(diag, (sm_pos_t){.file = NULL}, "out of memory");
out:
	sm_tvars_destroy(conn);
	sm_tvars_destroy(plugin);
	return ok;
}
