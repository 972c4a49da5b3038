/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan of a user database sync (users_sync.h), shared by users_sync.c
 * (validation, stage, commit) and users_statics.c (the static addresses of
 * the database's users the description does not list): internal to the
 * two.
 */
#ifndef SM_USERS_SYNC_INT_H_
#define SM_USERS_SYNC_INT_H_

#include "users_sync.h"

#include "base/nthash.h"
#include "sm_userdb.h"

struct sm_users_plan {
	const sm_model_t *m;
	const sm_paths_t *paths;
	/** remove users absent from the description */
	bool prune;
	/** NT hashes of the passwords */
	sm_nthash_ctx_t *ctx;
	/** the NT hash of each account, SM_NT_HASH_LEN bytes each (wiped) */
	uint8_t *hashes;
	/** the existing database, with the staged transaction open */
	sm_userdb_t *db;
	bool in_tx;
	/** the database does not exist: sm_users_commit() creates it */
	bool create;
	/** what the staged transaction does */
	sm_userdb_stats_t st;
	/** static addresses of the database users the description does not
	 *  list (and the prune keeps): carved out of the pools */
	sm_prefix_t *statics;
	size_t n_statics;
};

/** Report a database error: what failed on path, with the database's own
 * message if db is open, else ret's. */
void sm_users_db_error(sm_diag_t *diag, const char *what, sm_userdb_t *db,
					   sm_userdb_err_t ret, const char *path);

/**
 * Step 1's read-only look at the database (none with plan->prune, which
 * removes those users, nor without a database): read the static addresses
 * of the database's users the description does not list into
 * plan->statics, and report each one an account of the description is
 * also given (by the account's position).
 *
 * @return			SM_USERS_OK, SM_USERS_EINPUT (a clash) or SM_USERS_EENV
 */
sm_users_err_t sm_users_db_statics(sm_users_plan_t *plan, sm_diag_t *diag);

/**
 * Under the write lock (plan->db in the staged transaction): the static
 * addresses the pools were made without are still the database's (a 'user
 * add --address' between the plan and the lock would otherwise be leased
 * from a pool until the next generate).  plan->statics is left as planned.
 *
 * @return			SM_USERS_OK, or the error reported (a change is
 *					SM_USERS_EENV: nothing may be written)
 */
sm_users_err_t sm_users_statics_unchanged(sm_users_plan_t *plan,
										  sm_diag_t *diag);

#endif /* SM_USERS_SYNC_INT_H_ */
