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

/**
 * For users.backend database, add and update the description's users in
 * paths->database (created 0600 in a 0700 directory) in one transaction;
 * users absent from the description are removed only when users.
 * authoritative is true or prune is given.  With dry_run only count what
 * would change.
 *
 * @param stats		receives the counts
 * @return			true on success
 */
bool sm_users_sync(const sm_model_t *m, const sm_paths_t *paths, bool dry_run,
				   bool prune, sm_users_stats_t *stats, sm_diag_t *diag);

#endif /* SM_USERS_SYNC_H_ */
