/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The static addresses of the user database's users that the description
 * does not list and the sync keeps: read when generate plans the sync (the
 * pools are carved around them, an account of the description given one
 * is an error) and read again under the write lock (a change stops the
 * run).  See users_sync_int.h.
 */
#include "config.h"

#include "users_sync_int.h"

#include "base/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* a static address of the description, for the look-up of clashes */
typedef struct {
	const sm_addr_t *addr;
	size_t account;
} yaml_addr_t;

static int cmp_prefix(const sm_prefix_t *a, const sm_prefix_t *b)
{
	if (a->family != b->family)
	{
		return a->family < b->family ? -1 : 1;
	}
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

static int cmp_yaml_addr(const void *a, const void *b)
{
	return cmp_prefix(&((const yaml_addr_t *)a)->addr->v,
					  &((const yaml_addr_t *)b)->addr->v);
}

static int cmp_identity(const void *a, const void *b)
{
	/* as the database compares identities: ASCII letters without regard
	 * to case (SQLite's NOCASE) */
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/** What the walk over the database's users collects. */
typedef struct {
	sm_users_plan_t *plan;
	/** the description's identities, sorted (cmp_identity) */
	const char **ids;
	/** the description's static addresses, sorted (cmp_yaml_addr) */
	yaml_addr_t *addrs;
	size_t n_addrs;
	/** room in plan->statics */
	size_t size;
	sm_diag_t *diag;
	/** a clash was reported */
	bool clash;
	bool oom;
} walk_t;

/* one static address of a database user the description does not list:
 * kept for the pools, and reported where the description gives it to one
 * of its accounts */
static void db_static(walk_t *w, const char *text, const char *identity)
{
	const sm_model_t *m = w->plan->m;
	sm_prefix_t p, *grown;
	sm_addr_t key_addr;
	yaml_addr_t key = {.addr = &key_addr}, *hit;
	char q[SM_QUOTE_SIZE], x[SM_PREFIX_STRLEN];

	if (!*text || sm_prefix_parse(text, &p) != SM_NET_OK)
	{
		return;
	}
	key_addr.v = p;
	hit = bsearch(&key, w->addrs, w->n_addrs, sizeof(*w->addrs), cmp_yaml_addr);
	if (hit)
	{
		sm_error(w->diag, hit->addr->pos,
				 "static address '%s' of '%s' is also that of '%s' in the "
				 "user database '%s'; give each user an address of their "
				 "own (swanmobile user set --address%s '' IDENTITY removes "
				 "the database's)",
				 sm_prefix_format(&p, false, x, sizeof(x)),
				 m->users.accounts[hit->account].identity.v,
				 sm_quote(q, identity, strlen(identity)),
				 w->plan->paths->database, p.family == AF_INET ? "" : "6");
		w->clash = true;
		return;
	}
	if (w->plan->n_statics == w->size)
	{
		w->size = w->size ? 2 * w->size : 16;
		grown = realloc(w->plan->statics, w->size * sizeof(*grown));
		if (!grown)
		{
			w->oom = true;
			return;
		}
		w->plan->statics = grown;
	}
	w->plan->statics[w->plan->n_statics++] = p;
}

static bool walk_user(void *ctx, const sm_user_t *u)
{
	walk_t *w = ctx;
	const char *id = u->identity;

	/* the description's own users get its addresses */
	if (bsearch(&id, w->ids, w->plan->m->users.n_accounts, sizeof(*w->ids),
				cmp_identity))
	{
		return true;
	}
	db_static(w, u->vip4, u->identity);
	db_static(w, u->vip6, u->identity);
	return !w->oom;
}

/* the static addresses of the database's users that the description does
 * not list and the sync keeps: the pools leave them out, and an account
 * of the description given one of them is an error (by its position) */
static sm_users_err_t walk_statics(sm_users_plan_t *plan, sm_userdb_t *db,
								   sm_diag_t *diag)
{
	const sm_model_t *m = plan->m;
	const char *path = plan->paths->database;
	walk_t w = {.plan = plan, .diag = diag};
	sm_users_err_t res = SM_USERS_EENV;
	sm_userdb_err_t ret;
	size_t i;

	w.ids = calloc(m->users.n_accounts + 1, sizeof(*w.ids));
	w.addrs = calloc(2 * m->users.n_accounts + 1, sizeof(*w.addrs));
	if (!w.ids || !w.addrs)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	for (i = 0; i < m->users.n_accounts; i++)
	{
		const sm_account_t *a = &m->users.accounts[i];

		w.ids[i] = a->identity.v;
		if (a->address.set)
		{
			w.addrs[w.n_addrs++] = (yaml_addr_t){&a->address, i};
		}
		if (a->address6.set)
		{
			w.addrs[w.n_addrs++] = (yaml_addr_t){&a->address6, i};
		}
	}
	qsort(w.ids, m->users.n_accounts, sizeof(*w.ids), cmp_identity);
	qsort(w.addrs, w.n_addrs, sizeof(*w.addrs), cmp_yaml_addr);
	ret = sm_userdb_foreach(db, walk_user, &w);
	if (w.oom)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_users_db_error(diag, "cannot read", db, ret, path);
		goto out;
	}
	res = w.clash ? SM_USERS_EINPUT : SM_USERS_OK;
out:
	free(w.ids);
	free(w.addrs);
	return res;
}

/* see users_sync_int.h */
sm_users_err_t sm_users_db_statics(sm_users_plan_t *plan, sm_diag_t *diag)
{
	const char *path = plan->paths->database;
	sm_users_err_t res;
	sm_userdb_t *db = NULL;
	sm_userdb_err_t ret;
	char err[512];

	/* a prune removes them all */
	if (plan->prune)
	{
		return SM_USERS_OK;
	}
	ret = sm_userdb_open(path, SM_USERDB_READONLY, SM_USERDB_BUSY_DEFAULT_MS,
						 &db, err, sizeof(err));
	if (ret == SM_USERDB_EMISSING)
	{
		return SM_USERS_OK;
	}
	if (ret != SM_USERDB_OK)
	{
		sm_error(diag, sm_nopos(NULL), "cannot open '%s': %s", path, err);
		return SM_USERS_EENV;
	}
	res = walk_statics(plan, db, diag);
	sm_userdb_close(db);
	return res;
}

/* see users_sync_int.h */
sm_users_err_t sm_users_statics_unchanged(sm_users_plan_t *plan,
										  sm_diag_t *diag)
{
	sm_prefix_t *planned = plan->statics;
	size_t n_planned = plan->n_statics;
	sm_users_err_t res;

	if (plan->prune)
	{
		return SM_USERS_OK;
	}
	plan->statics = NULL;
	plan->n_statics = 0;
	res = walk_statics(plan, plan->db, diag);
	if (res == SM_USERS_OK &&
		(plan->n_statics != n_planned ||
		 (n_planned &&
		  memcmp(plan->statics, planned, n_planned * sizeof(*planned)))))
	{
		sm_error(diag, sm_nopos(NULL),
				 "the static addresses in the user database '%s' changed "
				 "while generate ran; nothing was written; run generate "
				 "again",
				 plan->paths->database);
		res = SM_USERS_EENV;
	}
	free(plan->statics);
	plan->statics = planned;
	plan->n_statics = n_planned;
	return res;
}

/* see header file */
const sm_prefix_t *sm_users_plan_statics(const sm_users_plan_t *plan, size_t *n)
{
	*n = plan ? plan->n_statics : 0;
	return plan ? plan->statics : NULL;
}
