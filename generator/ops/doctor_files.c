/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doctor's checks of files: the certificates as clients check them
 * (pki/'s sm_pki_verify_server()), and the user database charon reads:
 * there, its mode and owner such that charon (and nobody else) can read
 * it, its schema, SQLite's integrity_check, and users in it; no static
 * address of its users inside a pool (generate leaves them out of the
 * pools).  With users.backend: swanctl, the secrets files instead.
 */
#include "config.h"

#include "ops_int.h"

#include "base/diag.h"
#include "pki/pki.h"
#include "sm_userdb.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/** The fix for certificates that expire or were never right. */
#define FIX_RENEW                                                              \
	"reissue it: swanmobile renew FILE (FILE: the VPN "                        \
	"description), then swanctl --load-creds"
#define FIX_REGENERATE                                                         \
	"reissue it from the description: swanmobile "                             \
	"generate FILE, then swanctl --load-creds"

/* ---- certificates ----------------------------------------------------- */

/* where the renew window of a connection comes from, for the messages */
static char *renew_source(const sm_doctor_t *d, const sm_gw_conn_t *c,
						  char *buf, size_t size)
{
	if (d->renew_days != SM_OPS_RENEW_RECORDED)
	{
		snprintf(buf, size, "--days");
	}
	else if (c->renew_recorded)
	{
		snprintf(buf, size, "certificate.renew_before in '%.400s'",
				 c->paths->cert_conf);
	}
	else
	{
		snprintf(buf, size,
				 "the default certificate.renew_before: %.300s; "
				 "swanmobile generate FILE records the description's",
				 c->renew_error);
	}
	return buf;
}

static void check_certificate(sm_doctor_t *d, const sm_gw_conn_t *c)
{
	const char *id = sm_vnode_str(sm_gw_auth(c->conn, "local"), "id");
	unsigned int days =
		d->renew_days == SM_OPS_RENEW_RECORDED ? c->renew_days : d->renew_days;
	char day[32], source[SM_OPS_ERR_LEN];
	sm_pki_cert_info_t info;
	sm_diag_entry_t e;
	sm_diag_t *diag;
	struct tm tm;
	size_t i;

	diag = sm_diag_create();
	if (!diag)
	{
		sm_checks_add(d->r, "certificate", c->name, SM_CHECK_FAIL, NULL,
					  "out of memory");
		return;
	}
	if (sm_pki_verify_server(c->paths->ca_cert, c->paths->server_cert, id,
							 d->now, days, diag) == 0 &&
		sm_diag_size(diag) == 0)
	{
		if (sm_pki_cert_info(c->paths->server_cert, &info, diag) != 0 ||
			!gmtime_r(&info.not_after, &tm) ||
			!strftime(day, sizeof(day), "%Y-%m-%d", &tm))
		{
			snprintf(day, sizeof(day), "?");
		}
		sm_checks_add(d->r, "certificate", c->name, SM_CHECK_PASS, NULL,
					  "'%s' chains to '%s', names '%s', allows serverAuth, "
					  "valid until %s; neither expires within %u day%s (%s)",
					  c->paths->server_cert, c->paths->ca_cert, id ? id : "?",
					  day, days, days == 1 ? "" : "s",
					  renew_source(d, c, source, sizeof(source)));
		sm_diag_destroy(diag);
		return;
	}
	for (i = 0; sm_diag_get(diag, i, &e); i++)
	{
		/* a certificate that expires within the days: say whose days */
		bool expires = strstr(e.message, "expires on") != NULL;

		sm_checks_add(d->r, "certificate", c->name,
					  e.severity == SM_ERROR ? SM_CHECK_FAIL : SM_CHECK_WARN,
					  strstr(e.message, "expire") ||
							  strstr(e.message, "valid before")
						  ? FIX_RENEW
						  : FIX_REGENERATE,
					  "%s%s%s%s", e.message, expires ? " (" : "",
					  expires ? renew_source(d, c, source, sizeof(source)) : "",
					  expires ? ")" : "");
	}
	sm_diag_destroy(diag);
}

void sm_doctor_certificates(sm_doctor_t *d)
{
	size_t i;

	for (i = 0; d->gw && i < d->gw->n_conns; i++)
	{
		if (d->gw->conns[i].conn)
		{
			check_certificate(d, &d->gw->conns[i]);
		}
	}
}

/* ---- the user database ------------------------------------------------ */

static const char *user_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
	{
		snprintf(buf, size, "%s", pw->pw_name);
	}
	else
	{
		snprintf(buf, size, "uid %lu", (unsigned long)uid);
	}
	return buf;
}

/* the mode and owner of path: accessible by charon's user only */
static bool check_access(sm_doctor_t *d, const char *what, const char *path,
						 bool dir)
{
	char fix[PATH_MAX + 64], owner[64], charon[64];
	struct stat st;

	if (lstat(path, &st) != 0)
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL,
					  "create it: swanmobile generate FILE, or swanmobile "
					  "user add IDENTITY",
					  "%s '%s' does not exist (%s): nobody can log in", what,
					  path, strerror(errno));
		return false;
	}
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL,
					  "replace it by a regular file (swanmobile generate FILE)",
					  "%s '%s' is not a %s (a symbolic link?): the plugin "
					  "refuses it",
					  what, path, dir ? "directory" : "file");
		return false;
	}
	if (st.st_mode & 077)
	{
		snprintf(fix, sizeof(fix), "chmod %s '%s'", dir ? "700" : "600", path);
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL, fix,
					  "%s '%s' has mode %04o: others can %s the NT hashes, "
					  "and the plugin refuses it",
					  what, path, (unsigned int)(st.st_mode & 07777),
					  dir ? "reach" : "read");
		return false;
	}
	if (st.st_uid != d->charon_uid && (d->charon_uid != 0 || st.st_uid != 0))
	{
		snprintf(fix, sizeof(fix), "chown %s '%s'",
				 user_name(d->charon_uid, charon, sizeof(charon)), path);
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL, fix,
					  "%s '%s' belongs to %s, but charon runs as %s: the "
					  "plugin refuses a database that belongs to another "
					  "user",
					  what, path, user_name(st.st_uid, owner, sizeof(owner)),
					  charon);
		return false;
	}
	return true;
}

/* SQLite's integrity_check; false with its first complaint in why */
static bool integrity(const char *path, char *why, size_t size)
{
	sqlite3_stmt *stmt = NULL;
	sqlite3 *db = NULL;
	const char *row;
	bool ok = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		sqlite3_busy_timeout(db, SM_USERDB_BUSY_DEFAULT_MS) != SQLITE_OK ||
		sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &stmt, NULL) !=
			SQLITE_OK ||
		sqlite3_step(stmt) != SQLITE_ROW)
	{
		snprintf(why, size, "%s", db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	row = (const char *)sqlite3_column_text(stmt, 0);
	ok = row && !strcmp(row, "ok");
	if (!ok)
	{
		snprintf(why, size, "%s", row ? row : "no answer");
	}
out:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return ok;
}

/* users.backend: swanctl: the secrets files are for root only */
static void check_secrets(sm_doctor_t *d)
{
	const sm_gw_conn_t *c;
	char fix[PATH_MAX + 16];
	struct stat st;
	size_t i, n = 0;

	for (i = 0; i < d->gw->n_conns; i++)
	{
		c = &d->gw->conns[i];
		if (lstat(c->paths->secrets_conf, &st) != 0)
		{
			continue;
		}
		n++;
		if (st.st_mode & 077)
		{
			snprintf(fix, sizeof(fix), "chmod 600 '%s'",
					 c->paths->secrets_conf);
			sm_checks_add(d->r, "userdb", c->paths->secrets_conf, SM_CHECK_FAIL,
						  fix,
						  "the secrets file has mode %04o: others can "
						  "read the NT hashes",
						  (unsigned int)(st.st_mode & 07777));
		}
		else
		{
			sm_checks_add(d->r, "userdb", c->paths->secrets_conf, SM_CHECK_PASS,
						  NULL, "the users are swanctl secrets (mode %04o)",
						  (unsigned int)(st.st_mode & 07777));
		}
	}
	if (!n)
	{
		sm_checks_add(d->r, "userdb", NULL, SM_CHECK_SKIP, NULL,
					  "the plugin's user database is off (eap_users = no) and "
					  "no secrets file was generated");
	}
}

void sm_doctor_userdb(sm_doctor_t *d)
{
	char why[SM_OPS_ERR_LEN], dir[PATH_MAX], owner[64];
	sm_userdb_t *db = NULL;
	sm_userdb_err_t err;
	struct stat st;
	size_t users = 0;

	if (!d->gw)
	{
		return;
	}
	if (!d->gw->eap_users)
	{
		check_secrets(d);
		return;
	}
	snprintf(dir, sizeof(dir), "%s", d->gw->database);
	if (!check_access(d, "the directory", dirname(dir), true) ||
		!check_access(d, "the user database", d->gw->database, false))
	{
		return;
	}
	err = sm_userdb_open(d->gw->database, SM_USERDB_READONLY, 0, &db, why,
						 sizeof(why));
	if (err != SM_USERDB_OK)
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL,
					  "restore it from a backup, or create it again: "
					  "swanmobile generate FILE",
					  "the plugin cannot use it: %s", why);
		return;
	}
	err = sm_userdb_count(db, &users);
	sm_userdb_close(db);
	if (err != SM_USERDB_OK)
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL, NULL,
					  "cannot count its users: %s", sm_userdb_strerror(err));
		return;
	}
	if (!integrity(d->gw->database, why, sizeof(why)))
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_FAIL,
					  "restore it from a backup, or create it again: "
					  "swanmobile generate FILE",
					  "SQLite's integrity_check fails: %s", why);
		return;
	}
	if (!users)
	{
		sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_WARN,
					  "add one: swanmobile user add IDENTITY",
					  "the database has no users: nobody can log in");
		return;
	}
	stat(d->gw->database, &st);
	sm_checks_add(d->r, "userdb", d->gw->database, SM_CHECK_PASS, NULL,
				  "mode %04o, owner %s, schema %d, integrity ok, %zu user%s",
				  (unsigned int)(st.st_mode & 07777),
				  user_name(st.st_uid, owner, sizeof(owner)),
				  SM_USERDB_SCHEMA_VERSION, users, users == 1 ? "" : "s");
}

/* ---- static addresses ------------------------------------------------- */

/** What the walk over the database's users found. */
typedef struct {
	sm_doctor_t *d;
	/** static addresses seen */
	size_t statics;
	/** of them inside a pool */
	size_t inside;
} statics_walk_t;

/* one static address of a user: a FAIL for each pool that leases it */
static void check_static(statics_walk_t *w, const char *identity,
						 const char *text)
{
	char range[128];
	sm_prefix_t addr;
	const sm_gw_conn_t *c;
	size_t i, k;

	if (!*text || sm_prefix_parse(text, &addr) != SM_NET_OK)
	{
		return;
	}
	w->statics++;
	for (k = i = 0; sm_gw_next_leasing(w->d->gw, &addr, &k, &i); i++)
	{
		c = &w->d->gw->conns[k];
		w->inside++;
		sm_range_format(&c->ranges[i], range, sizeof(range));
		sm_checks_add(w->d->r, "static-address", identity, SM_CHECK_FAIL,
					  "run 'swanmobile generate' on the VPN description "
					  "again (it leaves the database's static addresses "
					  "out of the pools), then swanctl --load-pools",
					  "'%s' has the static address %s, inside pool %s "
					  "(%s) of '%s': charon may lease it to another client",
					  identity, text, c->range_names[i], range,
					  c->paths->conn_conf);
	}
}

static bool walk_static(void *ctx, const sm_user_t *user)
{
	statics_walk_t *w = ctx;

	check_static(w, user->identity, user->vip4);
	check_static(w, user->identity, user->vip6);
	return true;
}

void sm_doctor_statics(sm_doctor_t *d)
{
	statics_walk_t w = {.d = d};
	sm_userdb_t *db = NULL;

	/* without a database the userdb check has said why */
	if (!d->gw || !d->gw->eap_users ||
		sm_userdb_open(d->gw->database, SM_USERDB_READONLY, 0, &db, NULL, 0) !=
			SM_USERDB_OK)
	{
		return;
	}
	if (sm_userdb_foreach(db, walk_static, &w) != SM_USERDB_OK)
	{
		sm_checks_add(d->r, "static-address", d->gw->database, SM_CHECK_FAIL,
					  NULL, "cannot read the users' static addresses");
	}
	else if (!w.statics)
	{
		sm_checks_add(d->r, "static-address", d->gw->database, SM_CHECK_PASS,
					  NULL, "no user of the database has a static address");
	}
	else if (!w.inside)
	{
		sm_checks_add(d->r, "static-address", d->gw->database, SM_CHECK_PASS,
					  NULL,
					  "no pool leases any of the %zu static address%s of "
					  "the database's users",
					  w.statics, w.statics == 1 ? "" : "es");
	}
	sm_userdb_close(db);
}
