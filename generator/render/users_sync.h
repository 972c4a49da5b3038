/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file users_sync.h
 * The description's users: rendered as swanctl ntlm secrets
 * (users.backend: swanctl) or synchronised into the plugin's user database
 * (users.backend: database).  Either way only NT hashes leave the process.
 */
#ifndef SM_USERS_SYNC_H_
#define SM_USERS_SYNC_H_

#include "base/diag.h"
#include "emit.h"
#include "model/model.h"
#include "paths.h"

#include <stdbool.h>

/**
 * For users.backend swanctl, render the secrets file (0600) into out.
 * For users.backend database, warn about a secrets file a previous run left.
 *
 * @return			true on success
 */
bool sm_users_render(const sm_model_t *m, const sm_paths_t *paths,
					 const sm_emit_ctx_t *ctx, sm_outputs_t *out,
					 sm_diag_t *diag);

/** What a sync did (or, in a dry run, would do). */
typedef struct {
	/** whether the users went to the database at all (backend database) */
	bool synced;
	size_t added;
	size_t updated;
	size_t unchanged;
	size_t removed;
} sm_users_stats_t;

/** Result of sm_users_plan() and sm_users_stage(). */
typedef enum {
	SM_USERS_OK,
	/** an account is invalid (input: exit 1) */
	SM_USERS_EINPUT,
	/** the database is locked, unreadable, unsafe, or hashing is not
	 * available (environment: exit 3) */
	SM_USERS_EENV,
} sm_users_err_t;

/**
 * The description's users on their way into the database: the steps of a
 * sync, so that every check and the database's write lock come before the
 * first file generate writes, and the commit after the last.
 */
typedef struct sm_users_plan sm_users_plan_t;

/**
 * Step 1 (nothing written): for users.backend database, validate every
 * account the way the database will store it (identity, addresses, DNS,
 * password hash) and report every invalid one, and every static address
 * of an account that a database user the description does not list
 * already has; read those users' static addresses
 * (sm_users_plan_statics()).
 *
 * @param m			validated model (must outlive the plan)
 * @param paths		output paths (must outlive the plan)
 * @param prune		also remove users absent from the description (also
 *					when users.authoritative is true)
 * @param plan		receives the plan (destroy with sm_users_plan_destroy());
 *					NULL for users.backend swanctl
 * @param diag		receives the errors
 * @return			SM_USERS_OK, SM_USERS_EINPUT or SM_USERS_EENV
 */
sm_users_err_t sm_users_plan(const sm_model_t *m, const sm_paths_t *paths,
							 bool prune, sm_users_plan_t **plan,
							 sm_diag_t *diag);

/**
 * The static addresses of the database's users that the description does
 * not list and the sync keeps (no --prune, users.authoritative false), as
 * sm_users_plan() read them: generate carves them out of the pools.
 *
 * @param plan		from sm_users_plan(); NULL has none
 * @param n			receives their number
 * @return			the addresses (owned by the plan), NULL for none
 */
const sm_prefix_t *sm_users_plan_statics(const sm_users_plan_t *plan,
										 size_t *n);

/**
 * Step 2 (nothing written yet): open the existing database, take its
 * write lock (waiting up to the busy timeout) and stage the additions,
 * updates and the prune in a transaction that only sm_users_commit()
 * commits.  A database that does not exist yet is created by
 * sm_users_commit().  With dry_run only read and count.
 *
 * @param plan		from sm_users_plan(); NULL does nothing
 * @param dry_run	only count what would change
 * @param stats		receives the counts (synced stays false until the
 *					commit, or is set at once in a dry run)
 * @return			SM_USERS_OK or SM_USERS_EENV (locked, unsafe, damaged)
 */
sm_users_err_t sm_users_stage(sm_users_plan_t *plan, bool dry_run,
							  sm_users_stats_t *stats, sm_diag_t *diag);

/**
 * Step 3, after the other files were written: commit the staged
 * transaction; a database that did not exist is built complete in a
 * temporary file (0600, in a 0700 directory) and linked into place, so
 * that no empty or half-made database is ever visible.
 *
 * @param plan		staged plan; NULL does nothing
 * @param stats		stats of sm_users_stage(): synced is set on success
 * @return			true on success
 */
bool sm_users_commit(sm_users_plan_t *plan, sm_users_stats_t *stats,
					 sm_diag_t *diag);

/**
 * Roll back what was staged and not committed, close the database and
 * free the plan.  NULL is fine.
 */
void sm_users_plan_destroy(sm_users_plan_t *plan);

#endif /* SM_USERS_SYNC_H_ */
