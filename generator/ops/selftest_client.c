/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * selftest's client: its charon's settings (the distribution's plugin
 * snippets, but not swanmobile's, kernel-libipsec for ESP, a file log with
 * raw payload dumps, nothing written outside its directory), what it is
 * given over vici (the gateway's CA certificate, the user's NT hash, a
 * connection equivalent to a Linux swanctl profile for the gateway), the
 * connection and what it got: the virtual IP, the configuration attributes
 * (cpattr.c), the networks routed into the tunnel, and a ping.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include "base/diag.h"
#include "pki/pki.h"
#include "sm_file.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/** How long the client's charon may take to answer on vici (ms). */
#define START_TIMEOUT_MS 10000
/** Largest log read for the reason of a failure. */
#define LOG_MAX (1024 * 1024)
/** Most configuration attributes read. */
#define ATTRS_MAX 64

/* ---- settings --------------------------------------------------------- */

/* a snippet name safe to write into an include line */
static bool plain_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".conf") &&
		   strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						"0123456789._-") == n;
}

bool sm_selftest_conf(sm_selftest_t *t, char *err)
{
	const char *dir = t->client.dir, *snippets = t->o->snippetdir;
	char path[320];
	struct dirent **names = NULL;
	FILE *f;
	int i, n;
	bool ok;

	snprintf(path, sizeof(path), "%s/strongswan.conf", dir);
	f = fopen(path, "wx");
	if (!f)
	{
		snprintf(err, SM_OPS_ERR_LEN, "cannot write '%s': %s", path,
				 strerror(errno));
		return false;
	}
	fprintf(f, "# the client of swanmobile selftest (removed afterwards)\n"
			   "charon {\n\tload_modular = yes\n\tplugins {\n");
	/* the distribution's per-plugin snippets (which plugins to load and
	 * how), in a stable order, but not the gateway's swanmobile*.conf (the
	 * plugin's settings, mobile profiles, datapath) */
	n = snippets ? scandir(snippets, &names, NULL, alphasort) : 0;
	for (i = 0; i < n; i++)
	{
		if (plain_name(names[i]->d_name) &&
			strncmp(names[i]->d_name, "swanmobile", strlen("swanmobile")))
		{
			fprintf(f, "\t\tinclude %s/%s\n", snippets, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	fprintf(f,
			"\t\tswanmobile {\n\t\t\tload = no\n\t\t}\n"
			/* ipsec.secrets and ipsec.conf are the host's business */
			"\t\tstroke {\n\t\t\tload = no\n\t\t}\n"
			"\t\tkernel-libipsec {\n\t\t\tload = yes\n\t\t}\n"
			"\t\tforecast {\n\t\t\tload = no\n\t\t}\n"
			"\t\tresolve {\n\t\t\tfile = %s/resolv.conf\n\t\t}\n"
			"\t}\n"
			"\tsyslog {\n\t\tdaemon {\n\t\t\tdefault = -1\n\t\t}\n\t}\n"
			"\tfilelog {\n"
			"\t\tselftest {\n\t\t\tpath = %s/charon.log\n"
			"\t\t\ttime_format = %%H:%%M:%%S\n\t\t\tdefault = 1\n"
			"\t\t\tike = 2\n\t\t\tcfg = 2\n\t\t\tflush_line = yes\n\t\t}\n"
			/* raw payload dumps: the attributes the gateway sent */
			"\t\traw {\n\t\t\tpath = %s/charon-raw.log\n\t\t\tdefault = -1\n"
			"\t\t\tenc = 3\n\t\t\tflush_line = yes\n\t\t}\n"
			"\t}\n}\n",
			dir, dir, dir);
	ok = !ferror(f);
	ok &= fclose(f) == 0;
	if (!ok)
	{
		snprintf(err, SM_OPS_ERR_LEN, "cannot write '%s'", path);
	}
	return ok;
}

/* ---- starting and loading --------------------------------------------- */

/* the last lines of a file in the client's directory, on one line, for
 * messages */
static void tail(const sm_selftest_t *t, const char *name, char *out,
				 size_t size)
{
	char path[320], *text, *p;
	size_t len;
	int lines = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", t->client.dir, name);
	text = sm_file_read(path, LOG_MAX, &len);
	if (!text)
	{
		return;
	}
	while (len && text[len - 1] == '\n')
	{
		text[--len] = '\0';
	}
	for (p = text + len; p > text; p--)
	{
		if (p[-1] == '\n' && ++lines == 4)
		{
			break;
		}
	}
	snprintf(out, size, "%s", p);
	for (p = out; *p; p++)
	{
		*p = *p == '\n' ? ' ' : *p;
	}
	free(text);
}

/* wait until the client's charon answers */
static bool wait_client(sm_selftest_t *t)
{
	char uri[320], err[SM_OPS_ERR_LEN], why[1024];
	struct timespec pause = {.tv_nsec = 50 * 1000 * 1000};
	int i, status;

	snprintf(uri, sizeof(uri), "unix://%s/run/charon.vici", t->client.dir);
	for (i = 0; i < START_TIMEOUT_MS / 50 && !sm_selftest_interrupted(); i++)
	{
		if (waitpid(t->client.pid, &status, WNOHANG) == t->client.pid)
		{
			t->client.pid = 0;
			tail(t, "charon.stderr", why, sizeof(why));
			sm_checks_add(t->r, "client", NULL, SM_CHECK_FAIL,
						  "install strongswan-charon and "
						  "libcharon-extra-plugins (kernel-libipsec)",
						  "the client's charon exited: %s", why);
			t->error = true;
			return false;
		}
		t->cv = sm_vici_open(uri, err);
		if (t->cv)
		{
			return true;
		}
		nanosleep(&pause, NULL);
	}
	sm_checks_add(t->r, "client", NULL, SM_CHECK_FAIL, NULL,
				  "the client's charon does not answer: %s", err);
	t->error = true;
	return false;
}

/* the client loaded kernel-libipsec: ESP in userspace, as on the gateway */
static bool client_plugins(sm_selftest_t *t)
{
	const sm_vnode_t *p;
	sm_vnode_t *stats;
	char err[SM_OPS_ERR_LEN];
	bool found = false;

	stats = sm_vici_call(t->cv, "stats", NULL, NULL, NULL, err);
	for (p = sm_vnode_get(stats, "plugins")
				 ? sm_vnode_get(stats, "plugins")->first
				 : NULL;
		 p && !found; p = p->next)
	{
		found = !strcmp(p->value, "kernel-libipsec");
	}
	sm_vnode_free(stats);
	if (!found)
	{
		sm_checks_add(t->r, "client", NULL, SM_CHECK_FAIL,
					  "install libcharon-extra-plugins",
					  "the client's charon has no kernel-libipsec plugin");
		t->error = true;
		return false;
	}
	sm_checks_add(t->r, "client", t->client.client_addr, SM_CHECK_PASS, NULL,
				  "a client charon in throw-away namespaces reaches the "
				  "gateway at %s over %s",
				  t->client.host_addr, t->client.host_if);
	return true;
}

/* one vici command with arguments; false with the reason in err */
static bool command(sm_selftest_t *t, const char *cmd, sm_vnode_t *args,
					char *err)
{
	sm_vnode_t *res;
	bool ok;

	res = args ? sm_vici_call(t->cv, cmd, args, NULL, NULL, err) : NULL;
	if (!args)
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
	}
	ok = res && sm_vici_success(res, err);
	sm_vnode_free(res);
	sm_vnode_free(args);
	return ok;
}

/* a comma-separated value of the generated file as a vici list */
static bool list_of(sm_vnode_t *parent, const char *name, const char *value,
					const char *def)
{
	return sm_swconf_split(parent, name, value && *value ? value : def) != NULL;
}

/* the families of the gateway's pools: bit 0 IPv4, bit 1 IPv6 */
static unsigned int families(const sm_selftest_t *t)
{
	unsigned int f = 0;
	size_t i;

	for (i = 0; i < t->conn->n_ranges; i++)
	{
		f |= t->conn->ranges[i].family == AF_INET ? 1 : 2;
	}
	return f ? f : 1;
}

/* the CA certificate, the user's NT hash and the connection */
static bool load(sm_selftest_t *t, char *err)
{
	const sm_vnode_t *children = sm_vnode_get(t->conn->conn, "children");
	sm_vnode_t *a, *conn, *s, *l;
	unsigned char *der = NULL;
	sm_diag_entry_t e;
	sm_diag_t *diag;
	size_t len;
	bool ok;

	diag = sm_diag_create();
	if (!diag || sm_pki_cert_der(t->conn->paths->ca_cert, &der, &len, diag))
	{
		snprintf(err, SM_OPS_ERR_LEN, "%s",
				 diag && sm_diag_get(diag, 0, &e) ? e.message
												  : "out of memory");
		sm_diag_destroy(diag);
		return false;
	}
	sm_diag_destroy(diag);
	a = sm_vnode_section(NULL);
	ok = a && sm_vnode_add_str(a, "type", "X509") &&
		 sm_vnode_add_str(a, "flag", "CA") &&
		 sm_vnode_add_value(a, "data", der, len);
	free(der);
	if (!ok || !command(t, "load-cert", a, err))
	{
		return false;
	}
	/* the NT hash, as the gateway's plugin has it: no password needed */
	a = sm_vnode_section(NULL);
	ok = a && sm_vnode_add_str(a, "id", "selftest") &&
		 sm_vnode_add_str(a, "type", "NTLM") &&
		 sm_vnode_add_value(a, "data", t->hash, sizeof(t->hash)) &&
		 (l = sm_vnode_add(a, SM_VNODE_LIST, "owners")) &&
		 sm_vnode_add_str(l, NULL, t->user);
	if (!ok || !command(t, "load-shared", a, err))
	{
		return false;
	}
	/* a Linux client's connection for the gateway: its proposals, EAP as
	 * the user, the gateway's certificate for its identity */
	a = sm_vnode_section(NULL);
	conn = a ? sm_vnode_add(a, SM_VNODE_SECTION, "selftest") : NULL;
	ok = conn && sm_vnode_add_str(conn, "version", "2") &&
		 list_of(conn, "local_addrs", t->client.client_addr, NULL) &&
		 list_of(conn, "remote_addrs", t->client.host_addr, NULL) &&
		 list_of(conn, "vips",
				 families(t) == 1   ? "0.0.0.0"
				 : families(t) == 2 ? "::"
									: "0.0.0.0, ::",
				 NULL) &&
		 list_of(conn, "proposals", sm_vnode_str(t->conn->conn, "proposals"),
				 "default") &&
		 (s = sm_vnode_add(conn, SM_VNODE_SECTION, "local")) &&
		 sm_vnode_add_str(s, "auth", "eap-mschapv2") &&
		 sm_vnode_add_str(s, "eap_id", t->user) &&
		 (s = sm_vnode_add(conn, SM_VNODE_SECTION, "remote")) &&
		 sm_vnode_add_str(s, "auth", "pubkey") &&
		 sm_vnode_add_str(s, "id", t->local_id) &&
		 (s = sm_vnode_add(conn, SM_VNODE_SECTION, "children")) &&
		 (s = sm_vnode_add(s, SM_VNODE_SECTION, "selftest")) &&
		 list_of(s, "remote_ts",
				 families(t) == 1   ? "0.0.0.0/0"
				 : families(t) == 2 ? "::/0"
									: "0.0.0.0/0, ::/0",
				 NULL) &&
		 list_of(s, "esp_proposals",
				 children && children->first
					 ? sm_vnode_str(children->first, "esp_proposals")
					 : NULL,
				 "default");
	if (!ok)
	{
		sm_vnode_free(a);
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		return false;
	}
	return command(t, "load-conn", a, err);
}

/* ---- why it failed ---------------------------------------------------- */

/* the pools of a family whose addresses are all online (charon leases
 * from the next pool while one has room: a pool split around static
 * addresses is exhausted only when every part is), NULL if none */
static const char *full_pool(sm_selftest_t *t, char *text, size_t size)
{
	const sm_gw_conn_t *c = t->conn;
	const sm_vnode_t *p;
	sm_vnode_t *pools;
	char err[SM_OPS_ERR_LEN], names[256];
	static const int fams[] = {AF_INET, AF_INET6};
	uint64_t online, sz, total;
	size_t i, k, n, len;
	bool full;

	pools = sm_vici_call(t->gwv, "get-pools", NULL, NULL, NULL, err);
	for (k = 0; pools && k < countof(fams); k++)
	{
		full = true;
		total = 0;
		n = len = 0;
		names[0] = '\0';
		for (i = 0; i < c->n_ranges && full; i++)
		{
			if (c->ranges[i].family != fams[k])
			{
				continue;
			}
			p = sm_vnode_get(pools, c->range_names[i]);
			full = sm_vnode_u64(p, "online", &online) &&
				   sm_vnode_u64(p, "size", &sz) && online >= sz;
			total += sz;
			if (len < sizeof(names))
			{
				len +=
					(size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
									 n ? ", " : "", c->range_names[i]);
			}
			n++;
		}
		if (full && n)
		{
			snprintf(text, size,
					 "the pool%s %s %s exhausted: all %llu addresses "
					 "are in use by connected clients",
					 n > 1 ? "s" : "", names, n > 1 ? "are" : "is",
					 (unsigned long long)total);
			sm_vnode_free(pools);
			return text;
		}
	}
	sm_vnode_free(pools);
	return NULL;
}

static bool logged(const sm_selftest_t *t, const char *file, const char *what)
{
	return strstr(t->log, what) || (file && strstr(file, what));
}

/* the reason of a failed connection, from what charon logged */
static void failure(sm_selftest_t *t, const char *err)
{
	char path[320], text[512], *file;
	const char *msg = NULL, *fix = "swanmobile doctor checks the gateway";

	snprintf(path, sizeof(path), "%s/charon.log", t->client.dir);
	file = sm_file_read(path, LOG_MAX, NULL);
	if (logged(t, file, "EAP_MSCHAPV2 method failed") ||
		logged(t, file, "ERROR_AUTHENTICATION_FAILURE") ||
		logged(t, file, "received EAP_FAILURE"))
	{
		snprintf(text, sizeof(text),
				 "the gateway rejected the password of "
				 "'%s' (EAP-MSCHAPv2 failed)",
				 t->user);
		msg = text;
		fix = t->added ? "the plugin does not find users in the database "
						 "selftest wrote: swanmobile doctor"
					   : "check the password (swanmobile user passwd) and "
						 "that the user is enabled (swanmobile user show)";
	}
	else if (logged(t, file, "INTERNAL_ADDRESS_FAILURE") ||
			 logged(t, file, "FAILED_CP_REQUIRED"))
	{
		msg = full_pool(t, text, sizeof(text));
		if (!msg)
		{
			msg = "the gateway assigned no virtual IP";
		}
		fix = "use a larger pool (mobile.pool), or disconnect users "
			  "(swanmobile status, swanmobile disconnect)";
	}
	else if (logged(t, file, "NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"))
	{
		snprintf(text, sizeof(text),
				 "the gateway authenticated '%s' but "
				 "set up no CHILD_SA (NO_PROPOSAL_CHOSEN): it refused the ESP "
				 "proposals of its own configuration, or could not install "
				 "the SA in its kernel",
				 t->user);
		msg = text;
		fix = "the gateway's charon log says which: 'unable to install "
			  "inbound and outbound IPsec SA' means no kernel IPsec (load "
			  "the kernel-libipsec plugin), else swanctl --load-all";
	}
	else if (logged(t, file, "NO_PROPOSAL_CHOSEN"))
	{
		msg = "the gateway accepted none of the proposals of its own "
			  "configuration (NO_PROPOSAL_CHOSEN)";
		fix = "load the generated files: swanctl --load-all";
	}
	else if (logged(t, file, "peer not responding") ||
			 logged(t, file, "giving up after"))
	{
		snprintf(text, sizeof(text),
				 "no answer from the gateway at %s "
				 "(UDP 500): charon does not listen, or a firewall drops "
				 "it",
				 t->client.host_addr);
		msg = text;
	}
	else if (logged(t, file, "constraint check failed") ||
			 logged(t, file, "no trusted") ||
			 logged(t, file, "no issuer certificate"))
	{
		snprintf(text, sizeof(text),
				 "the client does not trust the "
				 "gateway's certificate for '%s'",
				 t->local_id);
		msg = text;
	}
	else if (logged(t, file, "AUTHENTICATION_FAILED"))
	{
		msg = "the gateway refused the authentication (AUTHENTICATION_FAILED)";
	}
	if (!msg)
	{
		snprintf(text, sizeof(text), "the connection failed: %.400s", err);
		msg = text;
	}
	free(file);
	sm_checks_add(t->r, "connect", t->user, SM_CHECK_FAIL, fix, "%s", msg);
}

/* ---- connecting ------------------------------------------------------- */

/* what charon said while it initiated, "[IKE] ..." lines */
static void keep_log(sm_selftest_t *t, const sm_vnode_t *events)
{
	const sm_vnode_t *ev;
	size_t len = strlen(t->log);

	for (ev = events ? events->first : NULL; ev; ev = ev->next)
	{
		if (len + 2 < sizeof(t->log))
		{
			len +=
				(size_t)snprintf(t->log + len, sizeof(t->log) - len,
								 "[%s] %s\n", sm_vnode_str(ev, "group") ?: "?",
								 sm_vnode_str(ev, "msg") ?: "");
		}
	}
	if (len >= sizeof(t->log))
	{
		t->log[sizeof(t->log) - 1] = '\0';
	}
}

/* the client's IKE_SA (t->sas), if one is established */
static bool client_ike(sm_selftest_t *t)
{
	sm_vnode_t *args = sm_vnode_section(NULL), *res = NULL;
	const sm_vnode_t *ev, *ike;
	char err[SM_OPS_ERR_LEN];

	sm_vnode_free(t->sas);
	t->sas = NULL;
	if (args && sm_vnode_add_str(args, "ike", "selftest"))
	{
		res = sm_vici_call(t->cv, "list-sas", args, "list-sa", &t->sas, err);
	}
	sm_vnode_free(args);
	sm_vnode_free(res);
	for (ev = t->sas ? t->sas->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			if (!strcmp(sm_vnode_str(ike, "state") ?: "", "ESTABLISHED"))
			{
				return true;
			}
		}
	}
	return false;
}

sm_selftest_got_t sm_selftest_connect(sm_selftest_t *t)
{
	sm_vnode_t *args, *res = NULL, *events = NULL;
	char err[SM_OPS_ERR_LEN];
	struct timespec a, b;
	bool ok;

	if (!wait_client(t) || !client_plugins(t))
	{
		return SM_SELFTEST_NONE;
	}
	if (!load(t, err))
	{
		sm_checks_add(t->r, "client", NULL, SM_CHECK_FAIL, NULL,
					  "the client's charon refused its configuration: %s", err);
		t->error = true;
		return SM_SELFTEST_NONE;
	}
	args = sm_vnode_section(NULL);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ok = args && sm_vnode_add_str(args, "ike", "selftest") &&
		 sm_vnode_add_str(args, "child", "selftest") &&
		 sm_vnode_add_fmt(args, "timeout", "%u", t->o->timeout * 1000) &&
		 sm_vnode_add_str(args, "loglevel", "1") &&
		 (res = sm_vici_call(t->cv, "initiate", args, "control-log", &events,
							 err)) &&
		 sm_vici_success(res, err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	t->seconds =
		(double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	keep_log(t, events);
	sm_vnode_free(args);
	sm_vnode_free(res);
	sm_vnode_free(events);
	if (sm_selftest_interrupted())
	{
		return SM_SELFTEST_NONE;
	}
	if (!ok)
	{
		failure(t, err);
		/* an IKE_SA without a CHILD_SA still shows what was pushed */
		return client_ike(t) ? SM_SELFTEST_IKE : SM_SELFTEST_NONE;
	}
	client_ike(t);
	sm_checks_add(t->r, "connect", t->user, SM_CHECK_PASS, NULL,
				  "connected to '%s' as '%s' in %.2f s", t->local_id, t->user,
				  t->seconds);
	return SM_SELFTEST_CHILD;
}
