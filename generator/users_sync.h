/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file users_sync.h
 * The description's users: rendered as swanctl ntlm secrets
 * (users.backend: swanctl) or synchronised into the plugin's user database
 * (users.backend: database).  Either way only NT hashes leave the process.
 */
#ifndef SM_USERS_SYNC_H_
#define SM_USERS_SYNC_H_

#include "diag.h"
#include "emit.h"
#include "model.h"
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

/**
 * For users.backend database, add and update the description's users in
 * paths->database (created 0600 in a 0700 directory) in one transaction;
 * users absent from the description are removed only when users.
 * authoritative is true or prune is given.  Prints what changed unless
 * quiet; with dry_run only says what would change.
 *
 * @return			true on success
 */
bool sm_users_sync(const sm_model_t *m, const sm_paths_t *paths, bool dry_run,
				   bool prune, bool quiet, sm_diag_t *diag);

#endif /* SM_USERS_SYNC_H_ */
