/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "users_sync.h"
#include "template.h"

#include "base/nthash.h"
#include "sm_userdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

/* the NT hash of an account: given, or computed from its password */
static bool account_hash(sm_nthash_ctx_t *ctx, const sm_account_t *a,
						 uint8_t hash[SM_NT_HASH_LEN], sm_diag_t *diag)
{
	char err[256];

	if (a->has_nt_hash)
	{
		memcpy(hash, a->nt_hash, SM_NT_HASH_LEN);
		return true;
	}
	if (sm_nthash_ctx_hash(ctx, a->password.v, strlen(a->password.v), hash,
						   err, sizeof(err)) != SM_NTHASH_OK)
	{
		sm_error(diag, a->password.pos, "cannot hash the password of '%s': %s",
				 a->identity.v, err);
		return false;
	}
	return true;
}

/* comma-separated canonical addresses of a list */
static void addr_list(const sm_addrlist_t *l, char *buf, size_t size)
{
	char one[SM_PREFIX_STRLEN];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n; i++)
	{
		if (sm_prefix_format(&l->items[i].v, false, one, sizeof(one)))
		{
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
									len ? "," : "", one);
			if (len >= size)
			{
				break;
			}
		}
	}
}

static bool secrets_vars(sm_tvars_t *v, const sm_model_t *m,
						 sm_nthash_ctx_t *ctx, sm_diag_t *diag)
{
	uint8_t hash[SM_NT_HASH_LEN];
	char hex[2 * SM_NT_HASH_LEN + 1];
	size_t i, n = 0;
	bool ok = sm_tvars_list(v, "users");

	for (i = 0; ok && i < m->users.n_accounts; i++)
	{
		const sm_account_t *a = &m->users.accounts[i];
		sm_tvars_t *u;

		/* a disabled user has no secret: swanctl knows no "disabled" */
		if (!a->enabled.v)
		{
			continue;
		}
		if (!account_hash(ctx, a, hash, diag))
		{
			return false;
		}
		sm_nthash_to_hex(hash, hex);
		OPENSSL_cleanse(hash, sizeof(hash));
		/* raw: the template engine quotes it */
		u = sm_tvars_add(v, "users");
		ok = u && sm_tvars_set(u, "identity", a->identity.v) &&
			 sm_tvars_set(u, "nt_hash", hex) &&
			 sm_tvars_setf(u, "index", "%zu", ++n);
		OPENSSL_cleanse(hex, sizeof(hex));
	}
	if (!ok)
	{
		sm_error(diag, (sm_pos_t){0}, "out of memory");
	}
	return ok;
}

bool sm_users_render(const sm_model_t *m, const sm_paths_t *paths,
					 const sm_emit_ctx_t *ectx, sm_outputs_t *out,
					 sm_diag_t *diag)
{
	sm_nthash_ctx_t *ctx = NULL;
	sm_tvars_t *v = NULL;
	char err[256];
	bool ok = false;

	if (m->users.backend.v != SM_BACKEND_SWANCTL)
	{
		if (access(paths->secrets_conf, F_OK) == 0)
		{
			sm_warning(diag, m->users.backend.pos,
					   "users.backend is 'database', but '%s' still holds "
					   "swanctl secrets of an earlier run: remove it, or "
					   "swanctl keeps accepting those users",
					   paths->secrets_conf);
		}
		return true;
	}
	ctx = sm_nthash_ctx_create(err, sizeof(err));
	v = sm_tvars_create();
	if (!ctx || !v)
	{
		sm_error(diag, (sm_pos_t){0}, "cannot compute NT hashes: %s",
				 ctx ? "out of memory" : err);
		goto out;
	}
	ok = secrets_vars(v, m, ctx, diag) &&
		 sm_emit_render(m, ectx, "swanctl-secrets.conf.tmpl", v,
						paths->secrets_conf, 0600, true, out, diag);
out:
	sm_tvars_destroy(v);
	sm_nthash_ctx_destroy(ctx);
	return ok;
}

/* the database record of an account */
static bool account_user(sm_nthash_ctx_t *ctx, const sm_account_t *a,
						 sm_user_t *u, sm_diag_t *diag)
{
	char vip4[SM_PREFIX_STRLEN] = "", vip6[SM_PREFIX_STRLEN] = "";
	char dns[SM_USER_DNS_STRLEN], err[256];

	sm_user_init(u);
	if (!sm_user_set_identity(u, a->identity.v, err, sizeof(err)))
	{
		sm_error(diag, a->identity.pos, "%s", err);
		return false;
	}
	if (a->address.set)
	{
		sm_prefix_format(&a->address.v, false, vip4, sizeof(vip4));
	}
	if (a->address6.set)
	{
		sm_prefix_format(&a->address6.v, false, vip6, sizeof(vip6));
	}
	addr_list(&a->dns, dns, sizeof(dns));
	if (!sm_user_set_attrs(u, vip4, vip6, dns, err, sizeof(err)))
	{
		sm_error(diag, a->pos, "user '%s': %s", a->identity.v, err);
		return false;
	}
	u->enabled = a->enabled.v;
	return account_hash(ctx, a, u->nt_hash, diag);
}

static void db_error(sm_diag_t *diag, const char *what, sm_userdb_t *db,
					 sm_userdb_err_t ret, const char *path)
{
	sm_error(diag, (sm_pos_t){0}, "%s '%s': %s", what, path,
			 db ? sm_userdb_errmsg(db) : sm_userdb_strerror(ret));
}

/* what a sync would do, from a read-only look at the database */
static bool plan(const sm_model_t *m, const sm_paths_t *paths,
				 sm_nthash_ctx_t *ctx, bool prune, sm_userdb_stats_t *st,
				 sm_diag_t *diag)
{
	sm_userdb_t *db = NULL;
	sm_userdb_err_t ret;
	sm_user_t want, have;
	size_t i, count = 0, present = 0;
	char err[512];
	bool ok = false;

	sm_user_init(&want);
	sm_user_init(&have);
	ret = sm_userdb_open(paths->database, SM_USERDB_READONLY,
						 SM_USERDB_BUSY_DEFAULT_MS, &db, err, sizeof(err));
	if (ret == SM_USERDB_EMISSING)
	{
		st->created = m->users.n_accounts;
		return true;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, (sm_pos_t){0}, "cannot open '%s': %s", paths->database,
				 err);
		return false;
	}
	for (i = 0; i < m->users.n_accounts; i++)
	{
		if (!account_user(ctx, &m->users.accounts[i], &want, diag))
		{
			goto out;
		}
		ret = sm_userdb_get(db, want.identity, &have);
		if (ret == SM_USERDB_ENOTFOUND)
		{
			st->created++;
		}
		else if (ret != SM_USERDB_OK)
		{
			db_error(diag, "cannot read", db, ret, paths->database);
			goto out;
		}
		else
		{
			present++;
			if (memcmp(want.nt_hash, have.nt_hash, SM_NT_HASH_LEN) ||
				want.enabled != have.enabled || strcmp(want.vip4, have.vip4) ||
				strcmp(want.vip6, have.vip6) || strcmp(want.dns, have.dns))
			{
				st->updated++;
			}
			else
			{
				st->unchanged++;
			}
			sm_user_wipe(&have);
		}
		sm_user_wipe(&want);
	}
	if (prune)
	{
		ret = sm_userdb_count(db, &count);
		if (ret != SM_USERDB_OK)
		{
			db_error(diag, "cannot read", db, ret, paths->database);
			goto out;
		}
		st->deleted = count - present;
	}
	ok = true;
out:
	sm_user_wipe(&want);
	sm_userdb_close(db);
	return ok;
}

/* the write: upserts, then the prune, in one transaction */
static bool apply(const sm_model_t *m, const sm_paths_t *paths,
				  sm_nthash_ctx_t *ctx, bool prune, sm_userdb_stats_t *st,
				  sm_diag_t *diag)
{
	sm_userdb_t *db = NULL;
	sm_userdb_err_t ret;
	sm_userdb_change_t change;
	const char **keep = NULL;
	sm_user_t u;
	char err[512];
	size_t i;
	bool ok = false, in_tx = false;

	sm_user_init(&u);
	ret = sm_userdb_open(paths->database, SM_USERDB_CREATE,
						 SM_USERDB_BUSY_DEFAULT_MS, &db, err, sizeof(err));
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, (sm_pos_t){0}, "cannot open '%s': %s", paths->database,
				 err);
		return false;
	}
	keep = calloc(m->users.n_accounts + 1, sizeof(*keep));
	ret = keep ? sm_userdb_begin(db) : SM_USERDB_EIO;
	if (ret != SM_USERDB_OK)
	{
		db_error(diag, "cannot write", db, ret, paths->database);
		goto out;
	}
	in_tx = true;
	for (i = 0; i < m->users.n_accounts; i++)
	{
		if (!account_user(ctx, &m->users.accounts[i], &u, diag))
		{
			goto out;
		}
		ret = sm_userdb_upsert(db, &u, &change);
		sm_user_wipe(&u);
		if (ret != SM_USERDB_OK)
		{
			sm_error(diag, m->users.accounts[i].pos, "cannot store user '%s' "
					 "in '%s': %s", m->users.accounts[i].identity.v,
					 paths->database, sm_userdb_errmsg(db));
			goto out;
		}
		switch (change)
		{
			case SM_USERDB_CREATED:
				st->created++;
				break;
			case SM_USERDB_UPDATED:
				st->updated++;
				break;
			case SM_USERDB_UNCHANGED:
				st->unchanged++;
				break;
		}
		keep[i] = m->users.accounts[i].identity.v;
	}
	if (prune)
	{
		ret = sm_userdb_prune(db, keep, m->users.n_accounts, &st->deleted);
		if (ret != SM_USERDB_OK)
		{
			db_error(diag, "cannot remove users from", db, ret,
					 paths->database);
			goto out;
		}
	}
	ret = sm_userdb_commit(db);
	if (ret != SM_USERDB_OK)
	{
		db_error(diag, "cannot write", db, ret, paths->database);
		goto out;
	}
	in_tx = false;
	ok = true;
out:
	if (in_tx)
	{
		sm_userdb_rollback(db);
	}
	sm_user_wipe(&u);
	free(keep);
	sm_userdb_close(db);
	return ok;
}

bool sm_users_sync(const sm_model_t *m, const sm_paths_t *paths, bool dry_run,
				   bool prune, sm_users_stats_t *stats, sm_diag_t *diag)
{
	sm_userdb_stats_t st = {0};
	sm_nthash_ctx_t *ctx;
	char err[256];
	bool ok;

	*stats = (sm_users_stats_t){0};
	if (m->users.backend.v != SM_BACKEND_DATABASE)
	{
		return true;
	}
	prune = prune || m->users.authoritative.v;
	ctx = sm_nthash_ctx_create(err, sizeof(err));
	if (!ctx)
	{
		sm_error(diag, (sm_pos_t){0}, "cannot compute NT hashes: %s", err);
		return false;
	}
	ok = dry_run ? plan(m, paths, ctx, prune, &st, diag)
				 : apply(m, paths, ctx, prune, &st, diag);
	sm_nthash_ctx_destroy(ctx);
	*stats = (sm_users_stats_t){
		.synced = ok,
		.added = st.created,
		.updated = st.updated,
		.unchanged = st.unchanged,
		.removed = st.deleted,
	};
	return ok;
}
