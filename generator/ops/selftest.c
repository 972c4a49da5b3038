/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile selftest: the book's connection test as a command.  A
 * throw-away client (selftest_net.c: its own network and mount
 * namespaces, a veth pair into this namespace; selftest_client.c: its
 * charon, configuration and checks) connects to the running gateway as a
 * temporary user (added to the database, which the plugin sees at once)
 * or as a given one.  Whatever happens, and on SIGINT, SIGTERM or SIGHUP
 * too, everything is removed afterwards: the client's IKE_SA on both
 * sides, the client and its namespaces, the temporary user, the files.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include "sm_mem.h"
#include "sm_userdb.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/** The domain of temporary users (RFC 2606: never a real one). */
#define TEMP_DOMAIN "selftest.invalid"

static volatile sig_atomic_t got_signal;
static volatile pid_t client_pid;

/* stop waiting: the client's charon goes, and with it every wait on it */
static void on_signal(int signo)
{
	got_signal = signo;
	if (client_pid > 0)
	{
		kill(client_pid, SIGTERM);
	}
}

bool sm_selftest_interrupted(void)
{
	return got_signal != 0;
}

/* ---- before the client ------------------------------------------------ */

static bool setup_fail(sm_selftest_t *t, const char *fix, const char *msg)
{
	sm_checks_add(t->r, "setup", NULL, SM_CHECK_FAIL, fix, "%s", msg);
	t->error = true;
	return false;
}

/* the connection to test and what it says */
static bool find_conn(sm_selftest_t *t)
{
	char err[SM_OPS_ERR_LEN];

	t->gw = sm_gw_load(t->o->ops, err);
	if (!t->gw)
	{
		return setup_fail(t, "swanmobile generate FILE writes one", err);
	}
	if (!t->gw->n_conns)
	{
		snprintf(err, sizeof(err), "no connection generated below '%s'",
				 *t->gw->root ? t->gw->root : "/");
		return setup_fail(t, "swanmobile generate FILE writes one", err);
	}
	if (t->gw->n_conns > 1 && !t->o->ops->conn)
	{
		return setup_fail(t, "name one with --conn NAME",
						  "several generated connections");
	}
	t->conn = &t->gw->conns[0];
	if (!t->conn->conn)
	{
		return setup_fail(t, "swanmobile generate FILE writes it again",
						  t->conn->error);
	}
	t->local_id = sm_vnode_str(sm_gw_auth(t->conn->conn, "local"), "id");
	if (!t->local_id)
	{
		return setup_fail(t, "swanmobile generate FILE writes it again",
						  "the connection has no local identity");
	}
	sm_checks_fact(t->r, "connection", t->conn->name);
	return true;
}

/* the gateway's charon answers and has the connection loaded */
static bool gateway(sm_selftest_t *t)
{
	sm_vnode_t *res, *events = NULL, *version;
	const sm_vnode_t *ev, *found = NULL;
	char err[SM_OPS_ERR_LEN];

	t->gwv = sm_vici_open(t->o->ops->uri, err);
	version =
		t->gwv ? sm_vici_call(t->gwv, "version", NULL, NULL, NULL, err) : NULL;
	res = version ? sm_vici_call(t->gwv, "list-conns", NULL, "list-conn",
								 &events, err)
				  : NULL;
	for (ev = events ? events->first : NULL; ev && !found; ev = ev->next)
	{
		found = sm_vnode_get(ev, t->conn->name);
	}
	if (!res)
	{
		sm_checks_add(t->r, "gateway", NULL, SM_CHECK_FAIL,
					  "swanmobile doctor tells why", "%s", err);
	}
	else if (!found)
	{
		sm_checks_add(t->r, "gateway", t->conn->name, SM_CHECK_FAIL,
					  "load it: swanctl --load-all (or scripts/gateway up)",
					  "charon has not loaded the connection");
	}
	else
	{
		sm_checks_add(t->r, "gateway", t->conn->name, SM_CHECK_PASS, NULL,
					  "charon %s at %s serves the connection as '%s'",
					  sm_vnode_str(version, "version") ?: "?",
					  sm_vici_uri(t->gwv), t->local_id);
	}
	sm_vnode_free(version);
	sm_vnode_free(res);
	sm_vnode_free(events);
	return found != NULL;
}

/* what the plugin gives an existing user besides the profile: its static
 * addresses and own DNS servers (none if the database cannot tell) */
static void user_record(sm_selftest_t *t)
{
	sm_userdb_t *db = NULL;
	sm_user_t u;

	if (!t->gw->eap_users || sm_userdb_open(t->gw->database, SM_USERDB_READONLY,
											0, &db, NULL, 0) != SM_USERDB_OK)
	{
		return;
	}
	sm_user_init(&u);
	if (sm_userdb_get(db, t->user, &u) == SM_USERDB_OK)
	{
		snprintf(t->user_vip4, sizeof(t->user_vip4), "%s", u.vip4);
		snprintf(t->user_vip6, sizeof(t->user_vip6), "%s", u.vip6);
		snprintf(t->user_dns, sizeof(t->user_dns), "%s", u.dns);
	}
	sm_user_wipe(&u);
	sm_userdb_close(db);
}

/* the user to connect as: the given one, or a temporary one added now */
static bool user(sm_selftest_t *t)
{
	char err[SM_OPS_ERR_LEN], hex[17];
	uint8_t rnd[8];
	sm_userdb_t *db = NULL;
	sm_userdb_err_t e;
	sm_user_t u;
	size_t i;

	if (t->o->user)
	{
		snprintf(t->user, sizeof(t->user), "%s", t->o->user);
		memcpy(t->hash, t->o->nt_hash, sizeof(t->hash));
		sm_checks_fact(t->r, "user", t->user);
		user_record(t);
		return true;
	}
	if (!t->gw->eap_users)
	{
		return setup_fail(t,
						  "name an existing user: swanmobile selftest "
						  "--user ID (the password on standard input)",
						  "the users are swanctl secrets (users.backend: "
						  "swanctl): selftest cannot add a temporary one");
	}
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd) ||
		getrandom(t->hash, sizeof(t->hash), 0) != sizeof(t->hash))
	{
		return setup_fail(t, NULL, "no random numbers (getrandom)");
	}
	for (i = 0; i < sizeof(rnd); i++)
	{
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	}
	snprintf(t->user, sizeof(t->user), "selftest-%s@" TEMP_DOMAIN, hex);
	/* a random NT hash and no password at all: both ends use the hash */
	sm_user_init(&u);
	e = sm_user_set_identity(&u, t->user, err, sizeof(err))
			? sm_userdb_open(t->gw->database, 0, 0, &db, err, sizeof(err))
			: SM_USERDB_EINVAL;
	if (e == SM_USERDB_OK)
	{
		memcpy(u.nt_hash, t->hash, sizeof(u.nt_hash));
		e = sm_userdb_add(db, &u);
		if (e != SM_USERDB_OK)
		{
			snprintf(err, sizeof(err), "%s", sm_userdb_errmsg(db));
		}
	}
	sm_user_wipe(&u);
	sm_userdb_close(db);
	if (e != SM_USERDB_OK)
	{
		sm_checks_add(t->r, "user", t->gw->database, SM_CHECK_FAIL,
					  "swanmobile doctor checks the database",
					  "cannot add a temporary user: %s", err);
		return false;
	}
	t->added = true;
	sm_checks_fact(t->r, "user", t->user);
	sm_checks_add(t->r, "user", t->user, SM_CHECK_PASS, NULL,
				  "temporary user added to '%s' (removed afterwards)",
				  t->gw->database);
	return true;
}

/* a given user must not be connected: the generated connection's unique =
 * replace would end that connection (and keep would refuse the test) */
static bool not_connected(sm_selftest_t *t)
{
	const char *unique = sm_vnode_str(t->conn->conn, "unique") ?: "no";
	sm_vnode_t *res, *events = NULL;
	const sm_vnode_t *ev, *ike;
	char err[SM_OPS_ERR_LEN];
	size_t n = 0;

	if (!t->o->user || !strcmp(unique, "no") || !strcmp(unique, "never"))
	{
		return true;
	}
	res = sm_vici_call(t->gwv, "list-sas", NULL, "list-sa", &events, err);
	for (ev = events ? events->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			n +=
				ike->kind == SM_VNODE_SECTION && sm_session_is(ike, t->o->user);
		}
	}
	sm_vnode_free(res);
	sm_vnode_free(events);
	if (n)
	{
		snprintf(err, sizeof(err),
				 "'%s' is connected now: the gateway "
				 "(unique = %s) would end that connection",
				 t->o->user, unique);
		return setup_fail(t,
						  "test with a user who is not connected, or "
						  "with a temporary one (no --user)",
						  err);
	}
	return true;
}

static bool prepare(sm_selftest_t *t)
{
	char path[256];

	if (geteuid() != 0)
	{
		return setup_fail(t, "run it as root",
						  "selftest makes network "
						  "namespaces and a temporary user: it needs root");
	}
	if (access(t->o->charon, X_OK) != 0)
	{
		snprintf(path, sizeof(path), "no charon at '%s'", t->o->charon);
		return setup_fail(t, "install strongswan-charon", path);
	}
	if (!sm_spawn_which("ip", path, sizeof(path)) ||
		!sm_spawn_which("nsenter", path, sizeof(path)))
	{
		return setup_fail(t, "install iproute2 and util-linux",
						  "selftest needs ip(8) and nsenter(1)");
	}
	return find_conn(t) && gateway(t) && not_connected(t) && !got_signal &&
		   user(t);
}

/* ---- the client ------------------------------------------------------- */

static bool start_client(sm_selftest_t *t)
{
	char err[SM_OPS_ERR_LEN], run[300];
	sm_selftest_client_t *c = &t->client;
	const char *tmpdir;

	/* in $TMPDIR (an absolute path), else /tmp */
	tmpdir = getenv("TMPDIR");
	if (!tmpdir || tmpdir[0] != '/')
	{
		tmpdir = "/tmp";
	}
	if ((size_t)snprintf(c->dir, sizeof(c->dir),
						 "%s/swanmobile-selftest.XXXXXX",
						 tmpdir) >= sizeof(c->dir))
	{
		errno = ENAMETOOLONG;
		c->dir[0] = '\0';
	}
	if (!c->dir[0] || !mkdtemp(c->dir))
	{
		c->dir[0] = '\0';
		snprintf(err, sizeof(err),
				 "cannot make a private directory in %.200s: %s", tmpdir,
				 strerror(errno));
		return setup_fail(t, NULL, err);
	}
	snprintf(run, sizeof(run), "%s/run", c->dir);
	if (mkdir(run, 0700) != 0 || !sm_client_pick_link(c, err) ||
		!sm_selftest_conf(t, err) || !sm_client_spawn(c, t->o->charon, err))
	{
		return setup_fail(t, NULL, err);
	}
	client_pid = c->pid;
	if (!sm_client_link(c, err))
	{
		return setup_fail(t,
						  "does this system allow network namespaces "
						  "and veth links? (ip netns add)",
						  err);
	}
	if (!sm_client_exec(c, err))
	{
		return setup_fail(t, NULL, err);
	}
	sm_checks_fact(t->r, "client_address", c->client_addr);
	sm_checks_fact(t->r, "gateway_address", c->host_addr);
	return true;
}

/* ---- cleanup ---------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* the gateway's IKE_SAs from the client's address (an interrupted client
 * leaves them behind until DPD notices) */
static void gateway_cleanup(sm_selftest_t *t)
{
	sm_vnode_t *res, *events = NULL, *args;
	const sm_vnode_t *ev, *ike;
	const char *host, *id;
	char err[SM_OPS_ERR_LEN];

	if (!t->gwv || !t->client.client_addr[0])
	{
		return;
	}
	res = sm_vici_call(t->gwv, "list-sas", NULL, "list-sa", &events, err);
	for (ev = events ? events->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			host = sm_vnode_str(ike, "remote-host");
			id = sm_vnode_str(ike, "uniqueid");
			if (!host || !id || strcmp(host, t->client.client_addr))
			{
				continue;
			}
			args = sm_vnode_section(NULL);
			if (args && sm_vnode_add_str(args, "ike-id", id) &&
				sm_vnode_add_str(args, "force", "yes") &&
				sm_vnode_add_str(args, "timeout", "2000"))
			{
				sm_vnode_free(
					sm_vici_call(t->gwv, "terminate", args, NULL, NULL, err));
			}
			sm_vnode_free(args);
		}
	}
	sm_vnode_free(res);
	sm_vnode_free(events);
}

static void cleanup(sm_selftest_t *t)
{
	char err[SM_OPS_ERR_LEN];
	sm_vnode_t *args, *res;
	sm_userdb_t *db = NULL;
	sm_userdb_err_t e = SM_USERDB_OK;

	if (t->cv)
	{
		/* a DELETE to the gateway: it frees the lease at once */
		args = sm_vnode_section(NULL);
		if (args && sm_vnode_add_str(args, "ike", "selftest") &&
			sm_vnode_add_str(args, "timeout", "3000"))
		{
			res = sm_vici_call(t->cv, "terminate", args, NULL, NULL, err);
			sm_vnode_free(res);
		}
		sm_vnode_free(args);
		sm_vici_close(t->cv);
		t->cv = NULL;
	}
	client_pid = 0;
	sm_client_stop(&t->client);
	gateway_cleanup(t);
	if (t->added)
	{
		e = sm_userdb_open(t->gw->database, 0, 0, &db, err, sizeof(err));
		if (e == SM_USERDB_OK)
		{
			e = sm_userdb_delete(db, t->user);
			snprintf(err, sizeof(err), "%s", sm_userdb_errmsg(db));
		}
		sm_userdb_close(db);
	}
	if (t->client.dir[0])
	{
		nftw(t->client.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (e != SM_USERDB_OK)
	{
		char fix[320];

		snprintf(fix, sizeof(fix), "swanmobile user del '%s'", t->user);
		sm_checks_add(t->r, "cleanup", t->user, SM_CHECK_FAIL, fix,
					  "cannot remove the temporary user: %s", err);
	}
	else if (t->added || t->client.dir[0])
	{
		sm_checks_add(t->r, "cleanup", NULL, SM_CHECK_PASS, NULL,
					  "removed the client, its namespaces and files%s",
					  t->added ? " and the temporary user" : "");
	}
}

sm_checks_t *sm_selftest(const sm_selftest_opts_t *o, int *signo)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa = {.sa_handler = on_signal}, old[countof(signals)];
	struct sigaction ign = {.sa_handler = SIG_IGN}, oldpipe;
	sm_selftest_got_t got;
	sm_selftest_t *t;
	sm_checks_t *r;
	size_t i;

	*signo = 0;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->r = sm_checks_create()))
	{
		free(t);
		return NULL;
	}
	t->o = o;
	t->client.ready_fd = t->client.go_fd = -1;
	got_signal = 0;
	/* no SA_RESTART: waits end with EINTR */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < countof(signals); i++)
	{
		sigaction(signals[i], &sa, &old[i]);
	}
	/* a client charon that went away must not take selftest with it:
	 * libvici writes to its socket without MSG_NOSIGNAL */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &oldpipe);
	if (prepare(t) && !got_signal && start_client(t) && !got_signal)
	{
		got = sm_selftest_connect(t);
		if (got != SM_SELFTEST_NONE && !got_signal)
		{
			sm_selftest_verify(t, got);
		}
	}
	cleanup(t);
	if (got_signal)
	{
		sm_checks_add(t->r, "interrupted", NULL, SM_CHECK_FAIL, NULL,
					  "stopped by signal %d after cleaning up",
					  (int)got_signal);
		sm_checks_fact(t->r, "result", "interrupted");
		*signo = got_signal;
	}
	else
	{
		sm_checks_fact(t->r, "result",
					   t->error                               ? "error"
					   : sm_checks_count(t->r, SM_CHECK_FAIL) ? "failed"
															  : "passed");
	}
	for (i = 0; i < countof(signals); i++)
	{
		sigaction(signals[i], &old[i], NULL);
	}
	sigaction(SIGPIPE, &oldpipe, NULL);
	sm_vici_close(t->gwv);
	sm_vnode_free(t->sas);
	sm_gw_destroy(t->gw);
	sm_wipe(t->hash, sizeof(t->hash));
	r = t->r;
	sm_wipe(t, sizeof(*t));
	free(t);
	return r;
}
