/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile doctor: the checks, in the order an admin would look (is
 * charon there, did it load what generate wrote, can packets arrive and
 * go on, will clients accept the certificate, can users log in).  Each is
 * one row of the table below; doctor_host.c checks the host,
 * doctor_files.c the certificates and the user database, datapath.c the
 * datapath of ESP.  New checks are new rows.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include "base/diag.h"
#include "pki/pki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** What to do when charon does not answer. */
#define FIX_CHARON                                                             \
	"start charon: scripts/gateway up (with systemd: "                         \
	"systemctl start strongswan); its log says why it stopped"
/** What to do when charon holds other settings than the files. */
#define FIX_LOAD                                                               \
	"load the generated files: swanctl --load-all (or "                        \
	"scripts/gateway up)"

static const char *uri(const sm_doctor_t *d)
{
	return d->o->uri ? d->o->uri : SM_VICI_DEFAULT_URI;
}

/* charon answers over vici; ask it once for what the other checks need */
static void check_charon(sm_doctor_t *d)
{
	sm_vnode_t *version, *events = NULL, *res, *args;
	char err[SM_OPS_ERR_LEN];

	d->vici = sm_vici_open(d->o->uri, d->vici_error);
	if (!d->vici)
	{
		sm_checks_add(d->r, "charon", uri(d), SM_CHECK_FAIL, FIX_CHARON, "%s",
					  d->vici_error);
		return;
	}
	version = sm_vici_call(d->vici, "version", NULL, NULL, NULL, err);
	d->stats = sm_vici_call(d->vici, "stats", NULL, NULL, NULL, err);
	if (!version || !d->stats)
	{
		snprintf(d->vici_error, sizeof(d->vici_error), "%s", err);
		sm_checks_add(d->r, "charon", uri(d), SM_CHECK_FAIL, FIX_CHARON, "%s",
					  err);
		sm_vici_close(d->vici);
		d->vici = NULL;
		sm_vnode_free(version);
		return;
	}
	sm_checks_add(d->r, "charon", uri(d), SM_CHECK_PASS, NULL,
				  "charon %s answers, running since %s, %s IKE_SA(s)",
				  sm_vnode_str(version, "version") ?: "?",
				  sm_vnode_str(d->stats, "uptime/since") ?: "?",
				  sm_vnode_str(d->stats, "ikesas/total") ?: "?");
	sm_vnode_free(version);
	res = sm_vici_call(d->vici, "list-conns", NULL, "list-conn", &events, err);
	sm_vnode_free(res);
	d->conns = events;
	events = NULL;
	args = sm_vnode_section(NULL);
	if (args && sm_vnode_add_str(args, "type", "X509"))
	{
		res = sm_vici_call(d->vici, "list-certs", args, "list-cert", &events,
						   err);
		sm_vnode_free(res);
		d->certs = events;
	}
	sm_vnode_free(args);
	d->pools = sm_vici_call(d->vici, "get-pools", NULL, NULL, NULL, err);
}

static void check_plugin(sm_doctor_t *d)
{
	const sm_vnode_t *plugins, *p;

	if (!d->vici)
	{
		sm_checks_add(d->r, "plugin", "swanmobile", SM_CHECK_SKIP, NULL,
					  "charon does not answer");
		return;
	}
	plugins = sm_vnode_get(d->stats, "plugins");
	for (p = plugins ? plugins->first : NULL; p; p = p->next)
	{
		if (!strcmp(p->value, "swanmobile"))
		{
			sm_checks_add(d->r, "plugin", "swanmobile", SM_CHECK_PASS, NULL,
						  "charon loaded the swanmobile plugin");
			return;
		}
	}
	sm_checks_add(
		d->r, "plugin", "swanmobile", SM_CHECK_FAIL,
		"install it (make install puts libstrongswan-swanmobile.so "
		"into strongSwan's plugin directory), make sure " SM_CHARON_CONFDIR
		"/swanmobile.conf says load = yes, then "
		"restart charon (scripts/gateway up)",
		"charon runs without the swanmobile plugin: no user of the "
		"database can log in, and charon's log names the reason");
}

/* ---- the loaded connection against the generated file ----------------- */

/* a file value, or its default */
static const char *fval(const sm_vnode_t *n, const char *key, const char *def)
{
	const char *v = sm_vnode_str(n, key);

	return v ? v : def;
}

/* charon's names for a few swanctl.conf values */
static const char *version_name(const char *v)
{
	return !strcmp(v, "1") ? "IKEv1" : !strcmp(v, "2") ? "IKEv2" : "IKEv1/2";
}

static const char *auth_class(const char *auth)
{
	if (!strncmp(auth, "pubkey", 6) || !strncmp(auth, "rsa", 3) ||
		!strncmp(auth, "ecdsa", 5))
	{
		return "public key";
	}
	if (!strncmp(auth, "eap", 3))
	{
		return "EAP";
	}
	if (!strcmp(auth, "psk"))
	{
		return "pre-shared key";
	}
	return auth;
}

/* a comma-separated file value against a vici list (order matters) */
static bool same_list(const char *fvalue, const sm_vnode_t *vlist)
{
	sm_vnode_t *tmp = sm_vnode_section(NULL);
	const sm_vnode_t *a, *b;
	bool same = false;

	if (tmp && sm_swconf_split(tmp, "l", fvalue))
	{
		a = tmp->first->first;
		b = vlist ? vlist->first : NULL;
		while (a && b && !strcmp(a->value, b->value))
		{
			a = a->next;
			b = b->next;
		}
		same = !a && !b;
	}
	sm_vnode_free(tmp);
	return same;
}

/* a duration of the file against charon's seconds; absent in charon is 0 */
static bool same_time(const char *fvalue, const sm_vnode_t *v, const char *key)
{
	uint64_t want, got = 0;

	if (!fvalue)
	{
		return true;
	}
	if (!sm_swconf_duration(fvalue, &want))
	{
		return false;
	}
	sm_vnode_u64(v, key, &got);
	return want == got;
}

#define DIFF(...) (snprintf(why, size, __VA_ARGS__), false)

/* the first difference between the file's connection f and charon's v */
static bool same_conn(const sm_vnode_t *f, const sm_vnode_t *v, char *why,
					  size_t size)
{
	const sm_vnode_t *fa, *va, *fchildren, *vchildren, *fc, *vc;
	const char *x;

	x = version_name(fval(f, "version", "0"));
	if (strcmp(x, sm_vnode_str(v, "version") ?: ""))
	{
		return DIFF("version %s, charon has %s", x,
					sm_vnode_str(v, "version") ?: "none");
	}
	if (!same_list(fval(f, "local_addrs", "%any"),
				   sm_vnode_get(v, "local_addrs")))
	{
		return DIFF("local_addrs differ");
	}
	if (!same_list(fval(f, "remote_addrs", "%any"),
				   sm_vnode_get(v, "remote_addrs")))
	{
		return DIFF("remote_addrs differ");
	}
	if (strcasecmp(fval(f, "unique", "no"),
				   (sm_vnode_str(v, "unique") ?: "UNIQUE_?") +
					   strlen("UNIQUE_")))
	{
		return DIFF("unique = %s, charon has %s", fval(f, "unique", "no"),
					sm_vnode_str(v, "unique") ?: "none");
	}
	if (!same_time(sm_vnode_str(f, "rekey_time"), v, "rekey_time") ||
		!same_time(sm_vnode_str(f, "reauth_time"), v, "reauth_time") ||
		!same_time(sm_vnode_str(f, "dpd_delay"), v, "dpd_delay"))
	{
		return DIFF("rekey_time, reauth_time or dpd_delay differ (charon "
					"has %s, %s, %s)",
					sm_vnode_str(v, "rekey_time") ?: "0",
					sm_vnode_str(v, "reauth_time") ?: "0",
					sm_vnode_str(v, "dpd_delay") ?: "0");
	}
	fa = sm_gw_auth(f, "local");
	va = sm_vnode_get(v, "local-1");
	if (!fa || !va ||
		strcmp(auth_class(fval(fa, "auth", "pubkey")),
			   sm_vnode_str(va, "class") ?: "") ||
		(sm_vnode_str(fa, "id") &&
		 strcmp(sm_vnode_str(fa, "id"), sm_vnode_str(va, "id") ?: "")))
	{
		return DIFF("the local authentication differs (charon: %s, id %s)",
					sm_vnode_str(va, "class") ?: "none",
					sm_vnode_str(va, "id") ?: "none");
	}
	fa = sm_gw_auth(f, "remote");
	va = sm_vnode_get(v, "remote-1");
	if (!fa || !va ||
		strcmp(auth_class(fval(fa, "auth", "pubkey")),
			   sm_vnode_str(va, "class") ?: "") ||
		(sm_vnode_str(fa, "eap_id") &&
		 strcmp(sm_vnode_str(fa, "eap_id"), sm_vnode_str(va, "eap_id") ?: "")))
	{
		return DIFF("the remote authentication differs (charon: %s)",
					sm_vnode_str(va, "class") ?: "none");
	}
	fchildren = sm_vnode_get(f, "children");
	vchildren = sm_vnode_get(v, "children");
	if (sm_vnode_count(fchildren) != sm_vnode_count(vchildren))
	{
		return DIFF("%zu children, charon has %zu", sm_vnode_count(fchildren),
					sm_vnode_count(vchildren));
	}
	for (fc = fchildren ? fchildren->first : NULL; fc; fc = fc->next)
	{
		vc = fc->kind == SM_VNODE_SECTION ? sm_vnode_get(vchildren, fc->name)
										  : NULL;
		if (!vc)
		{
			return DIFF("charon lacks the child '%s'", fc->name);
		}
		if (!same_list(fval(fc, "local_ts", "dynamic"),
					   sm_vnode_get(vc, "local-ts")) ||
			!same_list(fval(fc, "remote_ts", "dynamic"),
					   sm_vnode_get(vc, "remote-ts")))
		{
			return DIFF("the traffic selectors of child '%s' differ", fc->name);
		}
		if (!same_time(sm_vnode_str(fc, "rekey_time"), vc, "rekey_time"))
		{
			return DIFF("the rekey_time of child '%s' differs", fc->name);
		}
	}
	return true;
}

/* whether charon holds pool i of c as generated; if not, why */
static bool pool_loaded(const sm_doctor_t *d, const sm_gw_conn_t *c, size_t i,
						char *why, size_t size, uint64_t *online,
						uint64_t *offline)
{
	char base[SM_PREFIX_STRLEN], text[128];
	const sm_vnode_t *p = sm_vnode_get(d->pools, c->range_names[i]);
	uint64_t want, got, n;

	sm_range_pool(&c->ranges[i], base, sizeof(base), &want);
	sm_range_format(&c->ranges[i], text, sizeof(text));
	if (!p)
	{
		snprintf(why, size, "charon has not loaded the pool %s (%s) of '%s'",
				 c->range_names[i], text, c->paths->conn_conf);
		return false;
	}
	if (strcmp(sm_vnode_str(p, "base") ?: "", base) ||
		!sm_vnode_u64(p, "size", &got) || got != want)
	{
		snprintf(why, size,
				 "charon's pool %s starts at %s with %s addresses, '%s' "
				 "says %s",
				 c->range_names[i], sm_vnode_str(p, "base") ?: "?",
				 sm_vnode_str(p, "size") ?: "?", c->paths->conn_conf, text);
		return false;
	}
	*online += sm_vnode_u64(p, "online", &n) ? n : 0;
	*offline += sm_vnode_u64(p, "offline", &n) ? n : 0;
	return true;
}

/* the pools of a connection, as charon holds them: one verdict per pool
 * of the VPN description, whose parts (a pool split around the users'
 * static addresses) must all be loaded */
static void check_pools(sm_doctor_t *d, const sm_gw_conn_t *c)
{
	char why[SM_OPS_ERR_LEN], text[160];
	uint64_t size, total, online, offline;
	char base[SM_PREFIX_STRLEN];
	size_t i, start, end;
	bool ok;

	for (start = 0; start < c->n_ranges; start = end)
	{
		end = sm_gw_pool_group(c, start);
		ok = true;
		total = online = offline = 0;
		for (i = start; i < end && ok; i++)
		{
			ok = pool_loaded(d, c, i, why, sizeof(why), &online, &offline);
			sm_range_pool(&c->ranges[i], base, sizeof(base), &size);
			total += size;
		}
		sm_gw_pool_text(c, start, end, text, sizeof(text));
		if (!ok)
		{
			sm_checks_add(d->r, "pool", c->range_names[start], SM_CHECK_FAIL,
						  FIX_LOAD, "%s", why);
			continue;
		}
		sm_checks_add(
			d->r, "pool", c->range_names[start], SM_CHECK_PASS, NULL,
			"loaded as generated: %s%s, %llu addresses, %llu "
			"online, %llu offline",
			text, end - start > 1 ? " around the users' static addresses" : "",
			(unsigned long long)total, (unsigned long long)online,
			(unsigned long long)offline);
	}
}

/* the mobile profile of a connection: what the plugin pushes to its
 * clients, and where the users' static addresses come from */
static void check_profile(sm_doctor_t *d, const sm_gw_conn_t *c)
{
	sm_push_client_t cl = {.v4 = true, .v6 = true};
	sm_pushed_t *p = calloc(1, sizeof(*p));
	char dns[256], domains[256], nets[256];

	if (!p)
	{
		sm_checks_add(d->r, "profile", c->name, SM_CHECK_FAIL, NULL,
					  "out of memory");
		return;
	}
	if (!c->profile)
	{
		sm_checks_add(d->r, "profile", c->name, SM_CHECK_FAIL,
					  "write it again: swanmobile generate FILE",
					  "%s: the plugin pushes no DNS servers, domains or "
					  "networks to the connection's clients and gives users "
					  "no static address",
					  c->profile_error);
		free(p);
		return;
	}
	/* what a client with both families gets ("dynamic" aside) */
	sm_profile_pushed(c, &cl, p);
	sm_checks_add(d->r, "profile", c->name, SM_CHECK_PASS, NULL,
				  "'%s' (profile %s) pushes DNS %s, split domains %s, "
				  "network list %s",
				  c->profile_path, c->profile->name,
				  sm_values_text(&p->dns, dns, sizeof(dns)),
				  sm_values_text(&p->split_dns, domains, sizeof(domains)),
				  p->network_list
					  ? sm_values_text(&p->networks, nets, sizeof(nets))
					  : "off");
	free(p);
}

/* charon holds the certificate file's content */
static bool cert_loaded(const sm_doctor_t *d, const char *path, char *why)
{
	const sm_vnode_t *ev, *data;
	unsigned char *der = NULL;
	sm_diag_t *diag = sm_diag_create();
	sm_diag_entry_t e;
	size_t len;
	bool found = false;

	if (!diag || sm_pki_cert_der(path, &der, &len, diag) != 0)
	{
		snprintf(why, SM_OPS_ERR_LEN, "%s",
				 diag && sm_diag_get(diag, 0, &e) ? e.message
												  : "out of memory");
		sm_diag_destroy(diag);
		return false;
	}
	for (ev = d->certs ? d->certs->first : NULL; ev && !found; ev = ev->next)
	{
		data = sm_vnode_get(ev, "data");
		found = data && data->len == len && !memcmp(data->value, der, len);
	}
	if (!found)
	{
		snprintf(why, SM_OPS_ERR_LEN,
				 "charon holds another certificate than "
				 "'%s' (changed since it was loaded?)",
				 path);
	}
	free(der);
	sm_diag_destroy(diag);
	return found;
}

static void check_connections(sm_doctor_t *d)
{
	char why[SM_OPS_ERR_LEN];
	const sm_vnode_t *ev, *v;
	const sm_gw_conn_t *c;
	size_t i;

	if (!d->gw)
	{
		/* sm_doctor() said why */
		return;
	}
	if (!d->gw->n_conns)
	{
		sm_checks_add(
			d->r, "connection", NULL, SM_CHECK_FAIL,
			"write one: swanmobile generate FILE",
			"no connection generated below '%s' (a directory " SM_CONFDIR
			"/NAME and " SM_SWANCTLDIR "/conf.d/NAME.conf)",
			*d->gw->root ? d->gw->root : "/");
		return;
	}
	for (i = 0; i < d->gw->n_conns; i++)
	{
		c = &d->gw->conns[i];
		if (!c->conn)
		{
			sm_checks_add(d->r, "connection", c->name, SM_CHECK_FAIL,
						  "write it again: swanmobile generate FILE", "%s",
						  c->error);
			continue;
		}
		check_profile(d, c);
		if (!d->vici)
		{
			sm_checks_add(d->r, "connection", c->name, SM_CHECK_SKIP, NULL,
						  "charon does not answer");
			continue;
		}
		v = NULL;
		for (ev = d->conns ? d->conns->first : NULL; ev && !v; ev = ev->next)
		{
			v = sm_vnode_get(ev, c->name);
		}
		if (!v)
		{
			sm_checks_add(d->r, "connection", c->name, SM_CHECK_FAIL, FIX_LOAD,
						  "charon has not loaded the connection of '%s'",
						  c->paths->conn_conf);
		}
		else if (!same_conn(c->conn, v, why, sizeof(why)))
		{
			sm_checks_add(d->r, "connection", c->name, SM_CHECK_FAIL, FIX_LOAD,
						  "charon's connection differs from '%s': %s",
						  c->paths->conn_conf, why);
		}
		else
		{
			sm_checks_add(d->r, "connection", c->name, SM_CHECK_PASS, NULL,
						  "loaded as in '%s'", c->paths->conn_conf);
		}
		check_pools(d, c);
		if (!cert_loaded(d, c->paths->server_cert, why) ||
			!cert_loaded(d, c->paths->ca_cert, why))
		{
			sm_checks_add(d->r, "loaded-certs", c->name, SM_CHECK_FAIL,
						  "load them: swanctl --load-creds (or scripts/gateway "
						  "up)",
						  "%s", why);
		}
		else
		{
			sm_checks_add(d->r, "loaded-certs", c->name, SM_CHECK_PASS, NULL,
						  "charon holds the CA and server certificates on "
						  "disk");
		}
	}
}

/* ---- the table -------------------------------------------------------- */

/** The checks, in order. */
static void (*const checks[])(sm_doctor_t *d) = {
	check_charon,       check_plugin,       sm_doctor_ports,
	sm_doctor_datapath, sm_doctor_firewall, sm_doctor_forwarding,
	check_connections,  sm_doctor_overlap,  sm_doctor_certificates,
	sm_doctor_userdb,   sm_doctor_statics,
};

sm_checks_t *sm_doctor(const sm_ops_opts_t *o, unsigned int renew_days)
{
	char err[SM_OPS_ERR_LEN];
	sm_doctor_t d = {
		.o = o,
		.renew_days = renew_days,
		.now = time(NULL),
	};
	size_t i;

	d.r = sm_checks_create();
	if (!d.r)
	{
		return NULL;
	}
	d.gw = sm_gw_load(o, err);
	if (!d.gw)
	{
		sm_checks_add(d.r, "gateway", o->conn, SM_CHECK_FAIL,
					  "generate it: swanmobile generate FILE", "%s", err);
	}
	for (i = 0; i < countof(checks); i++)
	{
		checks[i](&d);
	}
	sm_vici_close(d.vici);
	sm_vnode_free(d.stats);
	sm_vnode_free(d.conns);
	sm_vnode_free(d.certs);
	sm_vnode_free(d.pools);
	sm_gw_destroy(d.gw);
	return d.r;
}
