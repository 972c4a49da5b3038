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

#include "render_int.h"
#include "pki/pki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

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
	sm_error(diag, sm_nopos(NULL), "out of memory");
}

static char *path_join(const char *dir, const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

static void wipe_free(char *s, size_t len)
{
	if (s)
	{
		OPENSSL_cleanse(s, len);
	}
	free(s);
}

/* append dir/name to out (data gets owned, see sm_outputs_add()) */
static bool add_file(sm_outputs_t *out, const char *dir, const char *name,
					 char *data, size_t len, mode_t mode, bool secret)
{
	char *path = path_join(dir, name);
	bool ok;

	if (!path)
	{
		wipe_free(data, len);
		return false;
	}
	ok = sm_outputs_add(out, path, data, len, mode, secret);
	free(path);
	return ok;
}

/* render templates_dir/profiles/tmpl with vars in syntax; the text (must
 * be freed, wiped when it holds a secret) */
static char *render(const sm_model_t *m, const sm_profile_opts_t *o,
					const char *tmpl, const char *file, sm_syntax_t syntax,
					sm_tvars_t *v, size_t *len, sm_diag_t *diag)
{
	sm_emit_ctx_t ctx = {
		.templates_dir = o->templates_dir,
		.source = o->source,
	};
	char *name = NULL, *out = NULL;

	if (!sm_tvars_set(v, "file", file) ||
		!sm_tvars_set(v, "server", m->gateway.hostname.v) ||
		!sm_tvars_set(v, "remote_id", m->gateway.identifier.v) ||
		asprintf(&name, "profiles/%s", tmpl) < 0)
	{
		oom(diag);
		return NULL;
	}
	if (!sm_emit_text(m, &ctx, name, syntax, v, &out, len, diag))
	{
		out = NULL;
	}
	free(name);
	return out;
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
	if (sm_pki_pem_to_der(o->ca_pem, o->ca_pem_len, &der, &len, diag) != 0)
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
	/* add_file() owns what it is given, also when it fails */
	ok = add_file(out, o->out_dir, name, pem, o->ca_pem_len, 0644, false);
	pem = NULL;
	if (ok && with_der)
	{
		ok = add_file(out, o->out_dir, name2, (char *)der, len, 0644, false);
		der = NULL;
	}
	if (!ok)
	{
		oom(diag);
	}
out:
	free(der);
	free(pem);
	free(name);
	free(name2);
	return ok;
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
	sm_profile_nets_t *nets = NULL;
	char err[256], file[300], *dir = NULL;
	bool ok = false, secret = o->password != NULL;

	if (kind == SM_PROFILE_CA)
	{
		return render_ca(m, o, true, out, diag);
	}
	c = calloc(1, sizeof(*c));
	nets = calloc(1, sizeof(*nets));
	v = sm_tvars_create();
	if (!c || !nets || !v || !sm_profile_user_vars(v, o) ||
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
	sm_profile_nets(m, nets);
	switch (kind)
	{
		case SM_PROFILE_WINDOWS:
			snprintf(file, sizeof(file), "%s.ps1", m->name.v);
			/* a BOM: Windows PowerShell 5.1 reads files without one in the
			 * ANSI code page */
			ok = sm_profile_ca_vars(v, o, 0, "", diag) &&
				 sm_profile_windows_vars(v, m, c, nets) &&
				 one_file(m, o, o->out_dir, "windows.ps1.tmpl", file,
						  SM_SYNTAX_POWERSHELL, v, 0644, false, "\xef\xbb\xbf",
						  out, diag);
			break;
		case SM_PROFILE_APPLE:
			snprintf(file, sizeof(file), "%s.mobileconfig", m->name.v);
			ok = sm_profile_ca_vars(v, o, 52, "\n\t\t\t", diag) &&
				 sm_profile_apple_vars(v, m, o, c) &&
				 one_file(m, o, o->out_dir, "apple.mobileconfig.tmpl", file,
						  SM_SYNTAX_XML, v, secret ? 0600 : 0644, secret, NULL,
						  out, diag) &&
				 (!o->sign_cert || sign_last(out, o, diag));
			break;
		case SM_PROFILE_ANDROID:
			snprintf(file, sizeof(file), "%s.sswan", m->name.v);
			ok = sm_profile_ca_vars(v, o, 0, "", diag) &&
				 sm_profile_android_vars(v, m, o, c, nets) &&
				 one_file(m, o, o->out_dir, "android.sswan.tmpl", file,
						  SM_SYNTAX_JSON, v, secret ? 0600 : 0644, secret, NULL,
						  out, diag);
			break;
		case SM_PROFILE_NETWORKMANAGER:
			snprintf(file, sizeof(file), "%s.nmconnection", m->name.v);
			/* NetworkManager loads keyfiles only with mode 0600 */
			ok = sm_profile_nm_vars(v, m, o, c, nets) &&
				 one_file(m, o, o->out_dir, "networkmanager.nmconnection.tmpl",
						  file, SM_SYNTAX_KEYFILE, v, 0600, secret, NULL, out,
						  diag);
			break;
		case SM_PROFILE_LINUX:
			snprintf(file, sizeof(file), "%s.conf", m->name.v);
			if (!sm_profile_linux_vars(v, m, c, nets) ||
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
			sm_error(diag, sm_nopos(NULL), "unknown profile");
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
		ok = ok &&
			 sm_profile_render(m, SM_PROFILE_NETWORKMANAGER, &all, out, diag);
		if (!linux_dir)
		{
			oom(diag);
		}
	}
	free(linux_dir);
	return ok;
}
