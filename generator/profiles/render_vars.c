/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The values of the client profile templates (render.c renders them):
 * the networks behind the gateway, the CA as base64, the user, and what
 * each platform's template needs.
 */
#include "config.h"

#include "render_int.h"
#include "pki/pki.h"

#include "sm_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* base64 (RFC 4648), lines of wrap characters joined by sep (wrap 0: one
 * line) */
static char *base64(const unsigned char *in, size_t len, size_t wrap,
					const char *sep)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
								"abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t olen = (len + 2) / 3 * 4, i, k = 0;
	size_t lines = wrap ? olen / wrap + 1 : 0;
	char *out = malloc(olen + lines * strlen(sep) + 1), *q = out;
	uint32_t v;

	if (!out)
	{
		return NULL;
	}
	for (i = 0; i < len; i += 3)
	{
		char chunk[4];
		size_t c;

		v = (uint32_t)in[i] << 16;
		if (i + 1 < len)
		{
			v |= (uint32_t)in[i + 1] << 8;
		}
		if (i + 2 < len)
		{
			v |= in[i + 2];
		}
		chunk[0] = alpha[(v >> 18) & 63];
		chunk[1] = alpha[(v >> 12) & 63];
		chunk[2] = i + 1 < len ? alpha[(v >> 6) & 63] : '=';
		chunk[3] = i + 2 < len ? alpha[v & 63] : '=';
		for (c = 0; c < 4; c++)
		{
			if (wrap && k && k % wrap == 0)
			{
				memcpy(q, sep, strlen(sep));
				q += strlen(sep);
			}
			*q++ = chunk[c];
			k++;
		}
	}
	*q = '\0';
	return out;
}

/* see render_int.h */
void sm_profile_nets(const sm_model_t *m, sm_profile_nets_t *nets)
{
	size_t i, k, j;
	bool dup;

	memset(nets, 0, sizeof(*nets));
	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].local_networks.n; k++)
		{
			const sm_prefix_t *p = &m->children[i].local_networks.items[k].v;

			if (p->len == 0)
			{
				*(p->family == AF_INET ? &nets->full4 : &nets->full6) = true;
			}
			for (dup = false, j = 0; j < nets->n && !dup; j++)
			{
				dup = !memcmp(&nets->nets[j], p, sizeof(*p));
			}
			if (!dup && nets->n < SM_PROFILE_NETS_MAX)
			{
				nets->nets[nets->n++] = *p;
			}
		}
	}
}

/* the networks a client routes through the tunnel: with only_v6_pool,
 * IPv6 ones only when there is an IPv6 pool */
static bool client_ts(const sm_model_t *m, const sm_profile_nets_t *nets,
					  const char *sep, char *buf, size_t size)
{
	char p[SM_PREFIX_STRLEN];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < nets->n; i++)
	{
		if (nets->nets[i].family == AF_INET6 && !m->mobile.pool6.set)
		{
			continue;
		}
		if (nets->nets[i].family == AF_INET && !m->mobile.pool.set)
		{
			continue;
		}
		if (!sm_prefix_format(&nets->nets[i], true, p, sizeof(p)))
		{
			return false;
		}
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s%s",
								len ? sep : "", p);
	}
	return len < size;
}

static bool uuid(sm_tvars_t *v, const char *var, const sm_model_t *m,
				 const sm_profile_opts_t *o, const char *purpose)
{
	char name[1024], id[SM_PKI_UUID_LEN + 1];

	snprintf(name, sizeof(name), "swanmobile:%s:%s:%s:%s",
			 m->gateway.hostname.v, m->name.v, purpose, o->user ? o->user : "");
	return sm_pki_uuid(name, id) == 0 && sm_tvars_set(v, var, id);
}

/* see render_int.h */
bool sm_profile_ca_vars(sm_tvars_t *v, const sm_profile_opts_t *o, size_t wrap,
						const char *sep, sm_diag_t *diag)
{
	unsigned char *der = NULL;
	size_t len;
	char *b64;
	bool ok;

	if (!o->ca_pem)
	{
		/* no CA yet: the templates are checked all the same */
		if (sm_tvars_set(v, "ca_base64", ""))
		{
			return true;
		}
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return false;
	}
	if (sm_pki_pem_to_der(o->ca_pem, o->ca_pem_len, &der, &len, diag) != 0)
	{
		return false;
	}
	b64 = base64(der, len, wrap, sep);
	ok = b64 && sm_tvars_set(v, "ca_base64", b64);
	if (!ok)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
	}
	free(b64);
	free(der);
	return ok;
}

/* see render_int.h */
bool sm_profile_user_vars(sm_tvars_t *v, const sm_profile_opts_t *o)
{
	return sm_tvars_set(v, "user", o->user ? o->user : "") &&
		   sm_tvars_set(v, "password", o->password ? o->password : "");
}

/* a list item with a separator flag for the ones before the last */
static sm_tvars_t *item(sm_tvars_t *v, const char *list, bool more)
{
	sm_tvars_t *it = sm_tvars_add(v, list);

	return it && sm_tvars_flag(it, "more", more) ? it : NULL;
}

/* see render_int.h */
bool sm_profile_windows_vars(sm_tvars_t *v, const sm_model_t *m,
							 const sm_profile_crypto_t *c,
							 const sm_profile_nets_t *nets)
{
	char p[SM_PREFIX_STRLEN];
	sm_tvars_t *it;
	size_t i, k;
	bool ok = true;

	/* split tunnelling unless IPv4 goes through the tunnel as a whole;
	 * routes for the networks (Windows adds no IPv6 default route, and
	 * Add-VpnConnectionRoute takes no ::/0: 2000::/3 stands for it) */
	ok = sm_tvars_flag(v, "split", !nets->full4) &&
		 sm_tvars_list(v, "routes") &&
		 sm_tvars_set(v, "encryption_method", c->encryption_method) &&
		 sm_tvars_set(v, "integrity_check_method", c->integrity_check_method) &&
		 sm_tvars_set(v, "dh_group", c->dh_group) &&
		 sm_tvars_set(v, "cipher_transform", c->cipher_transform) &&
		 sm_tvars_set(v, "auth_transform", c->auth_transform) &&
		 sm_tvars_set(v, "pfs_group", c->pfs_group) &&
		 sm_tvars_set(v, "dns_suffix",
					  m->mobile.default_domain.v ? m->mobile.default_domain.v
												 : "");
	for (i = 0; ok && i < nets->n; i++)
	{
		const sm_prefix_t *n = &nets->nets[i];

		if ((n->family == AF_INET && (!m->mobile.pool.set || n->len == 0)) ||
			(n->family == AF_INET6 && !m->mobile.pool6.set))
		{
			continue;
		}
		it = sm_tvars_add(v, "routes");
		ok = it &&
			 (n->len ? sm_prefix_format(n, true, p, sizeof(p)) != NULL
					 : snprintf(p, sizeof(p), "2000::/3") > 0) &&
			 sm_tvars_set(it, "prefix", p);
	}
	/* split DNS: the domains resolved through the tunnel's DNS servers */
	ok = ok && sm_tvars_list(v, "triggers");
	if (ok && m->mobile.dns.n && !nets->full4 && m->mobile.split_dns.set)
	{
		size_t n = m->mobile.split_dns.n ? m->mobile.split_dns.n : 1;

		for (i = 0; ok && i < n; i++)
		{
			const char *dom = m->mobile.split_dns.n
								  ? m->mobile.split_dns.items[i].v
								  : m->mobile.default_domain.v;

			it = dom ? sm_tvars_add(v, "triggers") : NULL;
			ok = it && sm_tvars_set(it, "domain", dom) &&
				 sm_tvars_list(it, "servers");
			for (k = 0; ok && k < m->mobile.dns.n; k++)
			{
				sm_tvars_t *s = item(it, "servers", k + 1 < m->mobile.dns.n);

				ok = s &&
					 sm_prefix_format(&m->mobile.dns.items[k].v, false, p,
									  sizeof(p)) &&
					 sm_tvars_set(s, "addr", p);
			}
		}
	}
	return ok;
}

/* see render_int.h */
bool sm_profile_apple_vars(sm_tvars_t *v, const sm_model_t *m,
						   const sm_profile_opts_t *o,
						   const sm_profile_crypto_t *c)
{
	char id[600];
	const char *host = m->gateway.hostname.v, *s;
	size_t len = 0;
	bool name = strchr(host, ':') == NULL &&
				strspn(host, "0123456789.") != strlen(host);

	/* reverse-DNS identifier: com.example.vpn.swanmobile.rw */
	id[0] = '\0';
	if (name)
	{
		for (s = host + strlen(host); s > host;)
		{
			const char *dot = s - 1;

			while (dot > host && dot[-1] != '.')
			{
				dot--;
			}
			len += (size_t)snprintf(id + len, sizeof(id) - len, "%s%.*s",
									len ? "." : "", (int)(s - dot), dot);
			s = dot > host ? dot - 1 : host;
		}
	}
	snprintf(id + len, sizeof(id) - len, "%sswanmobile.%s", len ? "." : "",
			 m->name.v);
	return sm_tvars_set(v, "payload_id", id) &&
		   uuid(v, "uuid_profile", m, o, "apple") &&
		   uuid(v, "uuid_vpn", m, o, "apple-vpn") &&
		   uuid(v, "uuid_ca", m, o, "apple-ca") &&
		   sm_tvars_setf(v, "ca_file", "%s-ca.crt", m->name.v) &&
		   sm_tvars_set(v, "ca_cn", m->ca.common_name.v) &&
		   sm_tvars_set(v, "ike_encr", c->apple_ike_encr) &&
		   sm_tvars_set(v, "ike_integ", c->apple_ike_integ) &&
		   sm_tvars_setf(v, "ike_dh", "%u", c->apple_ike_dh) &&
		   sm_tvars_setf(v, "ike_minutes", "%u", c->ike_minutes) &&
		   sm_tvars_set(v, "child_encr", c->apple_child_encr) &&
		   sm_tvars_set(v, "child_integ", c->apple_child_integ) &&
		   sm_tvars_setf(v, "child_dh", "%u", c->apple_child_dh) &&
		   sm_tvars_setf(v, "child_minutes", "%u", c->child_minutes) &&
		   sm_tvars_setf(v, "pfs", "%d", c->apple_pfs ? 1 : 0) &&
		   sm_tvars_setf(v, "disable_mobike", "%d", m->ike.mobike.v ? 0 : 1) &&
		   sm_tvars_flag(v, "on_demand", o->on_demand);
}

/* see render_int.h */
bool sm_profile_android_vars(sm_tvars_t *v, const sm_model_t *m,
							 const sm_profile_opts_t *o,
							 const sm_profile_crypto_t *c,
							 const sm_profile_nets_t *nets)
{
	char p[SM_PREFIX_STRLEN];
	sm_tvars_t *it;
	size_t i, n = 0, k = 0;
	bool ok;

	ok = uuid(v, "uuid", m, o, "android") && sm_tvars_set(v, "ike", c->ike) &&
		 sm_tvars_set(v, "esp", c->esp) &&
		 sm_tvars_flag(v, "split", !nets->full4) && sm_tvars_list(v, "subnets");
	for (i = 0; i < nets->n; i++)
	{
		n += nets->nets[i].len != 0;
	}
	/* the networks to route; only with a split IPv4 tunnel */
	for (i = 0; ok && !nets->full4 && i < nets->n; i++)
	{
		if (!nets->nets[i].len)
		{
			continue;
		}
		it = item(v, "subnets", ++k < n);
		ok = it && sm_prefix_format(&nets->nets[i], true, p, sizeof(p)) &&
			 sm_tvars_set(it, "net", p);
	}
	return ok;
}

/* see render_int.h */
bool sm_profile_nm_vars(sm_tvars_t *v, const sm_model_t *m,
						const sm_profile_opts_t *o,
						const sm_profile_crypto_t *c,
						const sm_profile_nets_t *nets)
{
	char ts[2048], path[1024];

	if (!client_ts(m, nets, ";", ts, sizeof(ts)))
	{
		return false;
	}
	snprintf(path, sizeof(path), "%s", o->nm_ca_path ? o->nm_ca_path : "");
	if (!path[0])
	{
		snprintf(path, sizeof(path), "/etc/ipsec.d/cacerts/%s-ca.pem",
				 m->name.v);
	}
	return uuid(v, "uuid", m, o, "networkmanager") &&
		   sm_tvars_set(v, "ca_path", path) &&
		   sm_tvars_flag(v, "proposal", c->ike[0] && c->esp[0]) &&
		   sm_tvars_set(v, "ike", c->ike) && sm_tvars_set(v, "esp", c->esp) &&
		   sm_tvars_flag(v, "split", !nets->full4) &&
		   sm_tvars_set(v, "remote_ts", ts) &&
		   sm_tvars_flag(v, "ipv6", m->mobile.pool6.set) &&
		   /* 0: NetworkManager keeps the secret; 1: an agent asks */
		   sm_tvars_set(v, "password_flags", o->password ? "0" : "1");
}

/* see render_int.h */
bool sm_profile_linux_vars(sm_tvars_t *v, const sm_model_t *m,
						   const sm_profile_crypto_t *c,
						   const sm_profile_nets_t *nets)
{
	char ts[2048];

	if (!client_ts(m, nets, ", ", ts, sizeof(ts)))
	{
		return false;
	}
	return sm_tvars_setf(v, "ca_file", "%s-ca.pem", m->name.v) &&
		   sm_tvars_set(v, "vips",
						m->mobile.pool.set && m->mobile.pool6.set
							? "0.0.0.0, ::"
						: m->mobile.pool.set ? "0.0.0.0"
											 : "::") &&
		   sm_tvars_set(v, "ike", c->ike) && sm_tvars_set(v, "esp", c->esp) &&
		   sm_tvars_set(v, "remote_ts", ts);
}
