/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The client profile files, rendered from templates/profiles/ with the
 * template engine in the syntax of each (every value escaped for where it
 * lands, or refused):
 *
 *   NAME-ca.pem, NAME-ca.crt       the CA certificate, PEM and DER (for
 *                                  Windows' machine root store, Apple and
 *                                  Android)
 *   NAME.ps1                       Windows 10/11 (PowerShell)
 *   NAME.mobileconfig              iOS and macOS (XML property list; CMS
 *                                  signed when a signing certificate is
 *                                  given)
 *   NAME.sswan                     the strongSwan app on Android (JSON)
 *   NAME.nmconnection              NetworkManager (GLib key file)
 *   swanctl.conf, conf.d/, x509ca/ strongSwan's swanctl (a client
 *                                  directory)
 *
 * Passwords go in only when given for one user (sm_profile_opts_t).
 */
#include "config.h"

#include "profiles.h"
#include "pki/pki.h"
#include "render/template.h"

#include "sm_file.h"
#include "sm_net.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/crypto.h>

/** Largest template file accepted. */
#define MAX_TEMPLATE_SIZE (1024 * 1024)

static const char *const kind_names[SM_PROFILE_MAX] = {
	[SM_PROFILE_CA] = "ca",
	[SM_PROFILE_WINDOWS] = "windows",
	[SM_PROFILE_APPLE] = "apple",
	[SM_PROFILE_ANDROID] = "android",
	[SM_PROFILE_NETWORKMANAGER] = "networkmanager",
	[SM_PROFILE_LINUX] = "linux",
};

const char *sm_profile_name(sm_profile_kind_t kind)
{
	return kind > SM_PROFILE_NONE && kind < SM_PROFILE_MAX ? kind_names[kind]
														   : "none";
}

sm_profile_kind_t sm_profile_by_name(const char *name)
{
	int k;

	for (k = SM_PROFILE_NONE + 1; k < SM_PROFILE_MAX; k++)
	{
		if (!strcmp(name, kind_names[k]))
		{
			return (sm_profile_kind_t)k;
		}
	}
	return SM_PROFILE_NONE;
}

/* --- helpers -------------------------------------------------------------- */

static void oom(sm_diag_t *diag)
{
	sm_error(diag, (sm_pos_t){0}, "out of memory");
}

static char *path_join(const char *dir, const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static bool add_file(sm_outputs_t *out, const char *dir, const char *name,
					 char *data, size_t len, mode_t mode, bool secret)
{
	sm_output_t *n = realloc(out->files, (out->n + 1) * sizeof(*n));

	if (!n)
	{
		return false;
	}
	out->files = n;
	n[out->n] = (sm_output_t){
		.path = path_join(dir, name),
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

static void wipe_free(char *s, size_t len)
{
	if (s)
	{
		OPENSSL_cleanse(s, len);
	}
	free(s);
}

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

/* render templates_dir/profiles/tmpl with vars in syntax; the text (must
 * be freed, wiped when it holds a secret) */
static char *render(const sm_model_t *m, const sm_profile_opts_t *o,
					const char *tmpl, const char *file, sm_syntax_t syntax,
					sm_tvars_t *v, size_t *len, sm_diag_t *diag)
{
	char *tpath = NULL, *text = NULL, *out = NULL;
	size_t tlen;

	if (!sm_tvars_set(v, "name", m->name.v) ||
		!sm_tvars_set(v, "version", PACKAGE_VERSION) ||
		!sm_tvars_set(v, "source", o->source) ||
		!sm_tvars_set(v, "file", file) ||
		!sm_tvars_set(v, "server", m->gateway.hostname.v) ||
		!sm_tvars_set(v, "remote_id", m->gateway.identifier.v) ||
		asprintf(&tpath, "%s/profiles/%s", o->templates_dir, tmpl) < 0)
	{
		oom(diag);
		return NULL;
	}
	text = sm_file_read(tpath, MAX_TEMPLATE_SIZE, &tlen);
	if (!text)
	{
		sm_error(diag, (sm_pos_t){0}, "cannot read template '%s': %s (use "
				 "--templates DIR to point at the templates)", tpath,
				 strerror(errno));
	}
	else if (!sm_template_render(text, tlen, tpath, syntax, v, &out, len,
								 diag))
	{
		out = NULL;
	}
	free(text);
	free(tpath);
	return out;
}

/* the networks behind the gateway, each once */
typedef struct {
	sm_prefix_t nets[64];
	size_t n;
	bool full4;
	bool full6;
} nets_t;

static void collect_nets(const sm_model_t *m, nets_t *nets)
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
			if (!dup && nets->n < 64)
			{
				nets->nets[nets->n++] = *p;
			}
		}
	}
}

/* the networks a client routes through the tunnel: with only_v6_pool,
 * IPv6 ones only when there is an IPv6 pool */
static bool client_ts(const sm_model_t *m, const nets_t *nets,
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
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0,
								"%s%s", len ? sep : "", p);
	}
	return len < size;
}

static bool uuid(sm_tvars_t *v, const char *var, const sm_model_t *m,
				 const sm_profile_opts_t *o, const char *purpose)
{
	char name[1024], id[SM_PKI_UUID_LEN + 1];

	snprintf(name, sizeof(name), "swanmobile:%s:%s:%s:%s",
			 m->gateway.hostname.v, m->name.v, purpose,
			 o->user ? o->user : "");
	return sm_pki_uuid(name, id) == 0 && sm_tvars_set(v, var, id);
}

/* the CA in DER and base64 */
static bool ca_der(const sm_profile_opts_t *o, unsigned char **der,
				   size_t *len, sm_diag_t *diag)
{
	return sm_pki_pem_to_der(o->ca_pem, o->ca_pem_len, der, len, diag) == 0;
}

static bool ca_vars(sm_tvars_t *v, const sm_profile_opts_t *o, size_t wrap,
					const char *sep, sm_diag_t *diag)
{
	unsigned char *der = NULL;
	size_t len;
	char *b64;
	bool ok;

	if (!o->ca_pem)
	{
		/* no CA yet: the templates are checked all the same */
		return sm_tvars_set(v, "ca_base64", "") || (oom(diag), false);
	}
	if (!ca_der(o, &der, &len, diag))
	{
		return false;
	}
	b64 = base64(der, len, wrap, sep);
	ok = b64 && sm_tvars_set(v, "ca_base64", b64);
	if (!ok)
	{
		oom(diag);
	}
	free(b64);
	free(der);
	return ok;
}

static bool user_vars(sm_tvars_t *v, const sm_profile_opts_t *o)
{
	return sm_tvars_set(v, "user", o->user ? o->user : "") &&
		   sm_tvars_set(v, "password", o->password ? o->password : "");
}

/* --- the profiles --------------------------------------------------------- */

/* the CA certificate as PEM and, with der, DER */
static bool render_ca(const sm_model_t *m, const sm_profile_opts_t *o,
					  bool with_der, sm_outputs_t *out, sm_diag_t *diag)
{
	unsigned char *der = NULL;
	char *pem = NULL, *name = NULL, *name2 = NULL;
	size_t len;
	bool ok = false;

	if (!o->ca_pem)
	{
		/* no CA yet */
		return true;
	}
	if (!ca_der(o, &der, &len, diag))
	{
		return false;
	}
	pem = malloc(o->ca_pem_len + 1);
	if (!pem || asprintf(&name, "%s-ca.pem", m->name.v) < 0 ||
		asprintf(&name2, "%s-ca.crt", m->name.v) < 0)
	{
		oom(diag);
		goto out;
	}
	memcpy(pem, o->ca_pem, o->ca_pem_len);
	if (!add_file(out, o->out_dir, name, pem, o->ca_pem_len, 0644, false))
	{
		oom(diag);
		goto out;
	}
	pem = NULL;
	if (with_der &&
		!add_file(out, o->out_dir, name2, (char *)der, len, 0644, false))
	{
		oom(diag);
		goto out;
	}
	if (with_der)
	{
		der = NULL;
	}
	ok = true;
out:
	free(der);
	free(pem);
	free(name);
	free(name2);
	return ok;
}

/* a list item with a separator flag for the ones before the last */
static sm_tvars_t *item(sm_tvars_t *v, const char *list, bool more)
{
	sm_tvars_t *it = sm_tvars_add(v, list);

	return it && sm_tvars_flag(it, "more", more) ? it : NULL;
}

static bool windows_vars(sm_tvars_t *v, const sm_model_t *m,
						 const sm_profile_crypto_t *c, const nets_t *nets)
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
		 sm_tvars_set(v, "dns_suffix", m->mobile.default_domain.v
										   ? m->mobile.default_domain.v : "");
	for (i = 0; ok && i < nets->n; i++)
	{
		const sm_prefix_t *n = &nets->nets[i];

		if ((n->family == AF_INET && (!m->mobile.pool.set || n->len == 0)) ||
			(n->family == AF_INET6 && !m->mobile.pool6.set))
		{
			continue;
		}
		it = sm_tvars_add(v, "routes");
		ok = it && (n->len ? sm_prefix_format(n, true, p, sizeof(p)) != NULL
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

				ok = s && sm_prefix_format(&m->mobile.dns.items[k].v, false, p,
										   sizeof(p)) &&
					 sm_tvars_set(s, "addr", p);
			}
		}
	}
	return ok;
}

static bool apple_vars(sm_tvars_t *v, const sm_model_t *m,
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
		for (s = host + strlen(host); s > host; )
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

static bool android_vars(sm_tvars_t *v, const sm_model_t *m,
						 const sm_profile_opts_t *o,
						 const sm_profile_crypto_t *c, const nets_t *nets)
{
	char p[SM_PREFIX_STRLEN];
	sm_tvars_t *it;
	size_t i, n = 0, k = 0;
	bool ok;

	ok = uuid(v, "uuid", m, o, "android") &&
		 sm_tvars_set(v, "ike", c->ike) && sm_tvars_set(v, "esp", c->esp) &&
		 sm_tvars_flag(v, "split", !nets->full4) &&
		 sm_tvars_list(v, "subnets");
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

static bool nm_vars(sm_tvars_t *v, const sm_model_t *m,
					const sm_profile_opts_t *o, const sm_profile_crypto_t *c,
					const nets_t *nets)
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

static bool linux_vars(sm_tvars_t *v, const sm_model_t *m,
					   const sm_profile_crypto_t *c, const nets_t *nets)
{
	char ts[2048];

	if (!client_ts(m, nets, ", ", ts, sizeof(ts)))
	{
		return false;
	}
	return sm_tvars_setf(v, "ca_file", "%s-ca.pem", m->name.v) &&
		   sm_tvars_set(v, "vips", m->mobile.pool.set && m->mobile.pool6.set
									   ? "0.0.0.0, ::"
								   : m->mobile.pool.set ? "0.0.0.0" : "::") &&
		   sm_tvars_set(v, "ike", c->ike) && sm_tvars_set(v, "esp", c->esp) &&
		   sm_tvars_set(v, "remote_ts", ts);
}

/* render one template of a profile and add the file */
static bool one_file(const sm_model_t *m, const sm_profile_opts_t *o,
					 const char *dir, const char *tmpl, const char *file,
					 sm_syntax_t syntax, sm_tvars_t *v, mode_t mode,
					 bool secret, const char *prefix, sm_outputs_t *out,
					 sm_diag_t *diag)
{
	size_t len, plen = prefix ? strlen(prefix) : 0;
	char *text = render(m, o, tmpl, file, syntax, v, &len, diag), *data;

	if (!text)
	{
		return false;
	}
	data = text;
	if (plen)
	{
		data = malloc(plen + len + 1);
		if (data)
		{
			memcpy(data, prefix, plen);
			memcpy(data + plen, text, len + 1);
		}
		wipe_free(text, len);
		len += plen;
	}
	if (!data || !add_file(out, dir, file, data, len, mode, secret))
	{
		if (data)
		{
			wipe_free(data, len);
		}
		oom(diag);
		return false;
	}
	return true;
}

/* Apple: sign the rendered profile when asked to */
static bool sign_last(sm_outputs_t *out, const sm_profile_opts_t *o,
					  sm_diag_t *diag)
{
	sm_output_t *f = &out->files[out->n - 1];
	unsigned char *signed_data;
	size_t len;

	if (sm_pki_cms_sign(f->data, f->len, o->sign_cert, o->sign_key,
						o->sign_chain, &signed_data, &len, diag) != 0)
	{
		return false;
	}
	wipe_free(f->data, f->len);
	f->data = (char *)signed_data;
	f->len = len;
	return true;
}

bool sm_profile_render(const sm_model_t *m, sm_profile_kind_t kind,
					   const sm_profile_opts_t *o, sm_outputs_t *out,
					   sm_diag_t *diag)
{
	sm_profile_crypto_t *c = NULL;
	sm_tvars_t *v = NULL;
	nets_t *nets = NULL;
	char err[256], file[300], *dir = NULL;
	bool ok = false, secret = o->password != NULL;

	if (kind == SM_PROFILE_CA)
	{
		return render_ca(m, o, true, out, diag);
	}
	c = calloc(1, sizeof(*c));
	nets = calloc(1, sizeof(*nets));
	v = sm_tvars_create();
	if (!c || !nets || !v || !user_vars(v, o) ||
		!sm_tvars_set(v, "display_name", m->gateway.hostname.v))
	{
		oom(diag);
		goto out;
	}
	if (!sm_profile_crypto(m, kind, c, err, sizeof(err)))
	{
		sm_error(diag, m->clients_pos, "no %s profile fits the gateway: %s",
				 sm_profile_name(kind), err);
		goto out;
	}
	collect_nets(m, nets);
	switch (kind)
	{
		case SM_PROFILE_WINDOWS:
			snprintf(file, sizeof(file), "%s.ps1", m->name.v);
			/* a BOM: Windows PowerShell 5.1 reads files without one in the
			 * ANSI code page */
			ok = ca_vars(v, o, 0, "", diag) &&
				 windows_vars(v, m, c, nets) &&
				 one_file(m, o, o->out_dir, "windows.ps1.tmpl", file,
						  SM_SYNTAX_POWERSHELL, v, 0644, false, "\xef\xbb\xbf",
						  out, diag);
			break;
		case SM_PROFILE_APPLE:
			snprintf(file, sizeof(file), "%s.mobileconfig", m->name.v);
			ok = ca_vars(v, o, 52, "\n\t\t\t", diag) &&
				 apple_vars(v, m, o, c) &&
				 one_file(m, o, o->out_dir, "apple.mobileconfig.tmpl", file,
						  SM_SYNTAX_XML, v, secret ? 0600 : 0644, secret, NULL,
						  out, diag) &&
				 (!o->sign_cert || sign_last(out, o, diag));
			break;
		case SM_PROFILE_ANDROID:
			snprintf(file, sizeof(file), "%s.sswan", m->name.v);
			ok = ca_vars(v, o, 0, "", diag) &&
				 android_vars(v, m, o, c, nets) &&
				 one_file(m, o, o->out_dir, "android.sswan.tmpl", file,
						  SM_SYNTAX_JSON, v, secret ? 0600 : 0644, secret, NULL,
						  out, diag);
			break;
		case SM_PROFILE_NETWORKMANAGER:
			snprintf(file, sizeof(file), "%s.nmconnection", m->name.v);
			/* NetworkManager loads keyfiles only with mode 0600 */
			ok = nm_vars(v, m, o, c, nets) &&
				 one_file(m, o, o->out_dir, "networkmanager.nmconnection.tmpl",
						  file, SM_SYNTAX_KEYFILE, v, 0600, secret, NULL, out,
						  diag);
			break;
		case SM_PROFILE_LINUX:
			snprintf(file, sizeof(file), "%s.conf", m->name.v);
			if (!linux_vars(v, m, c, nets) ||
				!(dir = path_join(o->out_dir, "conf.d")))
			{
				oom(diag);
				break;
			}
			ok = one_file(m, o, o->out_dir, "linux-swanctl.conf.tmpl",
						  "swanctl.conf", SM_SYNTAX_SETTINGS, v, 0644, false,
						  NULL, out, diag) &&
				 one_file(m, o, dir, "linux-conn.conf.tmpl", file,
						  SM_SYNTAX_SETTINGS, v, 0644, false, NULL, out, diag);
			if (ok && o->password)
			{
				snprintf(file, sizeof(file), "%s-secrets.conf", m->name.v);
				ok = one_file(m, o, dir, "linux-secrets.conf.tmpl", file,
							  SM_SYNTAX_SETTINGS, v, 0600, true, NULL, out,
							  diag);
			}
			free(dir);
			dir = NULL;
			if (ok)
			{
				sm_profile_opts_t ca = *o;

				dir = path_join(o->out_dir, "x509ca");
				ca.out_dir = dir;
				ok = dir && render_ca(m, &ca, false, out, diag);
			}
			break;
		default:
			sm_error(diag, (sm_pos_t){0}, "unknown profile");
			break;
	}
out:
	free(dir);
	sm_tvars_destroy(v);
	free(nets);
	free(c);
	return ok;
}

bool sm_profiles_render_all(const sm_model_t *m, const sm_profile_opts_t *o,
							sm_outputs_t *out, sm_diag_t *diag)
{
	sm_profile_opts_t all = *o;
	char *linux_dir = NULL;
	bool ok;

	/* for no user in particular, never with a password, unsigned */
	all.user = NULL;
	all.password = NULL;
	all.sign_cert = NULL;
	all.on_demand = false;
	ok = sm_profile_render(m, SM_PROFILE_CA, &all, out, diag);
	if (ok && (m->clients & SM_CLIENT_WINDOWS))
	{
		ok = sm_profile_render(m, SM_PROFILE_WINDOWS, &all, out, diag);
	}
	if (ok && (m->clients & SM_CLIENT_APPLE))
	{
		ok = sm_profile_render(m, SM_PROFILE_APPLE, &all, out, diag);
	}
	if (ok && (m->clients & SM_CLIENT_ANDROID))
	{
		ok = sm_profile_render(m, SM_PROFILE_ANDROID, &all, out, diag);
	}
	if (ok && (m->clients & SM_CLIENT_LINUX))
	{
		linux_dir = path_join(o->out_dir, "linux");
		all.out_dir = linux_dir;
		ok = linux_dir &&
			 sm_profile_render(m, SM_PROFILE_LINUX, &all, out, diag);
		all.out_dir = o->out_dir;
		ok = ok && sm_profile_render(m, SM_PROFILE_NETWORKMANAGER, &all, out,
									 diag);
		if (!linux_dir)
		{
			oom(diag);
		}
	}
	free(linux_dir);
	return ok;
}
