/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "users_sync_int.h"
#include "template.h"

#include "base/nthash.h"
#include "model/account.h"
#include "sm_file.h"
#include "sm_userdb.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

static void hash_error(sm_diag_t *diag, const sm_account_t *a, const char *err)
{
	sm_error(diag, a->password.pos, "cannot hash the password of '%s': %s",
			 a->identity.v, err);
}

/* the NT hash of an account: given, or computed from its password */
static bool account_hash(sm_nthash_ctx_t *ctx, const sm_account_t *a,
						 uint8_t hash[SM_NT_HASH_LEN], sm_diag_t *diag)
{
	char err[256];

	if (sm_account_hash(a, ctx, hash, err, sizeof(err)) != SM_ACCOUNT_OK)
	{
		hash_error(diag, a, err);
		return false;
	}
	return true;
}

static bool secrets_vars(sm_tvars_t *v, const sm_model_t *m,
						 sm_nthash_ctx_t *ctx, sm_diag_t *diag)
{
	uint8_t hash[SM_NT_HASH_LEN];
	char hex[SM_NT_HASH_HEXLEN + 1];
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
		sm_error(diag, sm_nopos(NULL), "out of memory");
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
		sm_error(diag, sm_nopos(NULL), "cannot compute NT hashes: %s",
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

/* the database record of an account: with hash NULL, computed from the
 * password, else copied from hash */
static bool account_user(sm_nthash_ctx_t *ctx, const sm_account_t *a,
						 const uint8_t *hash, sm_user_t *u, sm_diag_t *diag)
{
	char err[700];

	switch (sm_account_user(a, hash ? NULL : ctx, u, err, sizeof(err)))
	{
		case SM_ACCOUNT_OK:
			break;
		case SM_ACCOUNT_EIDENTITY:
			sm_error(diag, a->identity.pos, "%s", err);
			return false;
		case SM_ACCOUNT_EATTRS:
			sm_error(diag, a->pos, "user '%s': %s", a->identity.v, err);
			return false;
		case SM_ACCOUNT_EHASH:
			hash_error(diag, a, err);
			return false;
	}
	if (hash)
	{
		memcpy(u->nt_hash, hash, SM_NT_HASH_LEN);
	}
	return true;
}

/* see users_sync_int.h */
void sm_users_db_error(sm_diag_t *diag, const char *what, sm_userdb_t *db,
					   sm_userdb_err_t ret, const char *path)
{
	sm_error(diag, sm_nopos(NULL), "%s '%s': %s", what, path,
			 db ? sm_userdb_errmsg(db) : sm_userdb_strerror(ret));
}

void sm_users_plan_destroy(sm_users_plan_t *plan)
{
	if (!plan)
	{
		return;
	}
	if (plan->in_tx)
	{
		sm_userdb_rollback(plan->db);
	}
	sm_userdb_close(plan->db);
	sm_nthash_ctx_destroy(plan->ctx);
	free(plan->statics);
	if (plan->hashes)
	{
		OPENSSL_cleanse(plan->hashes,
						plan->m->users.n_accounts * SM_NT_HASH_LEN);
		free(plan->hashes);
	}
	free(plan);
}

sm_users_err_t sm_users_plan(const sm_model_t *m, const sm_paths_t *paths,
							 bool prune, sm_users_plan_t **out, sm_diag_t *diag)
{
	sm_users_plan_t *plan;
	sm_users_err_t ret;
	sm_user_t u;
	char err[256];
	size_t i;
	bool ok = true;

	*out = NULL;
	if (m->users.backend.v != SM_BACKEND_DATABASE)
	{
		return SM_USERS_OK;
	}
	plan = calloc(1, sizeof(*plan));
	if (!plan)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return SM_USERS_EENV;
	}
	plan->m = m;
	plan->paths = paths;
	plan->prune = prune || m->users.authoritative.v;
	plan->ctx = sm_nthash_ctx_create(err, sizeof(err));
	plan->hashes = calloc(m->users.n_accounts + 1, SM_NT_HASH_LEN);
	if (!plan->ctx || !plan->hashes)
	{
		sm_error(diag, sm_nopos(NULL), "cannot compute NT hashes: %s",
				 plan->ctx ? "out of memory" : err);
		sm_users_plan_destroy(plan);
		return SM_USERS_EENV;
	}
	/* every account, so that all invalid ones are reported at once; the
	 * hashes are kept for the steps that write */
	for (i = 0; i < m->users.n_accounts; i++)
	{
		if (account_user(plan->ctx, &m->users.accounts[i], NULL, &u, diag))
		{
			memcpy(plan->hashes + i * SM_NT_HASH_LEN, u.nt_hash,
				   SM_NT_HASH_LEN);
		}
		else
		{
			ok = false;
		}
		sm_user_wipe(&u);
	}
	if (!ok)
	{
		sm_users_plan_destroy(plan);
		return SM_USERS_EINPUT;
	}
	ret = sm_users_db_statics(plan, diag);
	if (ret != SM_USERS_OK)
	{
		sm_users_plan_destroy(plan);
		return ret;
	}
	*out = plan;
	return SM_USERS_OK;
}

/* what a sync would do, from a read-only look at the database */
static bool count(sm_users_plan_t *plan, sm_userdb_stats_t *st, sm_diag_t *diag)
{
	const sm_model_t *m = plan->m;
	const char *path = plan->paths->database;
	sm_userdb_t *db = NULL;
	sm_userdb_err_t ret;
	sm_user_t want, have;
	size_t i, n = 0, present = 0;
	char err[512];
	bool ok = false;

	sm_user_init(&want);
	sm_user_init(&have);
	ret = sm_userdb_open(path, SM_USERDB_READONLY, SM_USERDB_BUSY_DEFAULT_MS,
						 &db, err, sizeof(err));
	if (ret == SM_USERDB_EMISSING)
	{
		st->created = m->users.n_accounts;
		return true;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, sm_nopos(NULL), "cannot open '%s': %s", path, err);
		return false;
	}
	for (i = 0; i < m->users.n_accounts; i++)
	{
		if (!account_user(plan->ctx, &m->users.accounts[i],
						  plan->hashes + i * SM_NT_HASH_LEN, &want, diag))
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
			sm_users_db_error(diag, "cannot read", db, ret, path);
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
	if (plan->prune)
	{
		ret = sm_userdb_count(db, &n);
		if (ret != SM_USERDB_OK)
		{
			sm_users_db_error(diag, "cannot read", db, ret, path);
			goto out;
		}
		st->deleted = n - present;
	}
	ok = true;
out:
	sm_user_wipe(&want);
	sm_userdb_close(db);
	return ok;
}

/* the upserts, then the prune, inside db's open transaction */
static bool write_users(sm_users_plan_t *plan, sm_userdb_t *db,
						sm_userdb_stats_t *st, sm_diag_t *diag)
{
	const sm_model_t *m = plan->m;
	const char *path = plan->paths->database;
	sm_userdb_change_t change;
	sm_userdb_err_t ret;
	const char **keep;
	sm_user_t u;
	size_t i;
	bool ok = false;

	*st = (sm_userdb_stats_t){0};
	sm_user_init(&u);
	keep = calloc(m->users.n_accounts + 1, sizeof(*keep));
	if (!keep)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		return false;
	}
	for (i = 0; i < m->users.n_accounts; i++)
	{
		if (!account_user(plan->ctx, &m->users.accounts[i],
						  plan->hashes + i * SM_NT_HASH_LEN, &u, diag))
		{
			goto out;
		}
		ret = sm_userdb_upsert(db, &u, &change);
		sm_user_wipe(&u);
		if (ret != SM_USERDB_OK)
		{
			sm_error(diag, m->users.accounts[i].pos,
					 "cannot store user '%s' "
					 "in '%s': %s",
					 m->users.accounts[i].identity.v, path,
					 sm_userdb_errmsg(db));
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
	if (plan->prune)
	{
		ret = sm_userdb_prune(db, keep, m->users.n_accounts, &st->deleted);
		if (ret != SM_USERDB_OK)
		{
			sm_users_db_error(diag, "cannot remove users from", db, ret, path);
			goto out;
		}
	}
	ok = true;
out:
	sm_user_wipe(&u);
	free(keep);
	return ok;
}

static void set_stats(sm_users_stats_t *stats, const sm_userdb_stats_t *st,
					  bool synced)
{
	*stats = (sm_users_stats_t){
		.synced = synced,
		.added = st->created,
		.updated = st->updated,
		.unchanged = st->unchanged,
		.removed = st->deleted,
	};
}

sm_users_err_t sm_users_stage(sm_users_plan_t *plan, bool dry_run,
							  sm_users_stats_t *stats, sm_diag_t *diag)
{
	sm_users_err_t ret_users;
	const char *path;
	sm_userdb_err_t ret;
	char err[512];

	*stats = (sm_users_stats_t){0};
	if (!plan)
	{
		return SM_USERS_OK;
	}
	path = plan->paths->database;
	plan->st = (sm_userdb_stats_t){0};
	if (dry_run)
	{
		if (!count(plan, &plan->st, diag))
		{
			return SM_USERS_EENV;
		}
		set_stats(stats, &plan->st, true);
		return SM_USERS_OK;
	}
	ret = sm_userdb_open(path, 0, SM_USERDB_BUSY_DEFAULT_MS, &plan->db, err,
						 sizeof(err));
	if (ret == SM_USERDB_EMISSING)
	{
		plan->create = true;
		plan->st.created = plan->m->users.n_accounts;
		set_stats(stats, &plan->st, false);
		return SM_USERS_OK;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, sm_nopos(NULL), "cannot open '%s': %s", path, err);
		return SM_USERS_EENV;
	}
	/* the write lock now, before generate writes its first file: a
	 * database another process holds fails here, not half way */
	ret = sm_userdb_begin(plan->db);
	if (ret == SM_USERDB_EBUSY)
	{
		sm_error(diag, sm_nopos(NULL),
				 "%s: nothing was written; run generate "
				 "again when that process is done",
				 sm_userdb_errmsg(plan->db));
		return SM_USERS_EENV;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_users_db_error(diag, "cannot write", plan->db, ret, path);
		return SM_USERS_EENV;
	}
	plan->in_tx = true;
	ret_users = sm_users_statics_unchanged(plan, diag);
	if (ret_users != SM_USERS_OK)
	{
		return ret_users;
	}
	if (!write_users(plan, plan->db, &plan->st, diag))
	{
		return SM_USERS_EENV;
	}
	set_stats(stats, &plan->st, false);
	return SM_USERS_OK;
}

/* build a new database in a temporary file and link it into place */
static bool create_db(sm_users_plan_t *plan, sm_diag_t *diag)
{
	const char *path = plan->paths->database;
	char dir[PATH_MAX], err[512];
	sm_userdb_stats_t st;
	sm_userdb_err_t ret;
	sm_userdb_t *db = NULL;
	sm_file_tmp_t tmp;
	bool ok = false;

	if (!sm_path_dir(path, dir, sizeof(dir)))
	{
		sm_error(diag, sm_nopos(NULL), "path too long: '%s'", path);
		return false;
	}
	if (sm_mkdirs(dir, 0700) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot create directory '%s': %s", dir,
				 strerror(errno));
		return false;
	}
	if (sm_file_tmp_create(&tmp, path, 0600) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot create '%s': %s", path,
				 strerror(errno));
		return false;
	}
	/* SQLite opens the file itself; a second descriptor of ours would
	 * drop its locks when closed */
	close(tmp.fd);
	tmp.fd = -1;
	ret = sm_userdb_open(tmp.path, SM_USERDB_CREATE, SM_USERDB_BUSY_DEFAULT_MS,
						 &db, err, sizeof(err));
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, sm_nopos(NULL), "cannot create '%s': %s", path, err);
		goto out;
	}
	ret = sm_userdb_begin(db);
	if (ret != SM_USERDB_OK)
	{
		sm_users_db_error(diag, "cannot write", db, ret, path);
		goto out;
	}
	if (!write_users(plan, db, &st, diag))
	{
		sm_userdb_rollback(db);
		goto out;
	}
	ret = sm_userdb_commit(db);
	if (ret != SM_USERDB_OK)
	{
		sm_users_db_error(diag, "cannot write", db, ret, path);
		goto out;
	}
	/* closing moves everything into the file: it is the whole database */
	sm_userdb_close(db);
	db = NULL;
	if (sm_file_tmp_commit(&tmp, SM_FILE_NOCLOBBER) != 0)
	{
		sm_error(diag, sm_nopos(NULL), "cannot create '%s': %s", path,
				 errno == EEXIST ? "another process created it meanwhile; "
								   "run generate again"
								 : strerror(errno));
		goto out;
	}
	plan->st = st;
	ok = true;
out:
	sm_userdb_close(db);
	sm_file_tmp_release(&tmp);
	return ok;
}

bool sm_users_commit(sm_users_plan_t *plan, sm_users_stats_t *stats,
					 sm_diag_t *diag)
{
	sm_userdb_err_t ret;

	if (!plan)
	{
		return true;
	}
	if (plan->create)
	{
		if (!create_db(plan, diag))
		{
			return false;
		}
	}
	else if (plan->in_tx)
	{
		plan->in_tx = false;
		ret = sm_userdb_commit(plan->db);
		if (ret != SM_USERDB_OK)
		{
			sm_users_db_error(diag, "cannot write", plan->db, ret,
							  plan->paths->database);
			return false;
		}
	}
	set_stats(stats, &plan->st, true);
	return true;
}
