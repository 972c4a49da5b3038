/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file user_import.h
 * Users from a CSV file or a YAML users list, as a source for
 * sm_userdb_import().  Passwords are hashed on the way and never kept.
 *
 * CSV: a header row naming the columns (identity, password or nt_hash,
 * optional address, address6, dns, enabled), then one user per row.
 * YAML: a top-level mapping whose 'users' key holds a list of mappings with
 * the same keys (dns may be a list); other top-level keys are skipped.
 */
#ifndef SM_USER_IMPORT_H_
#define SM_USER_IMPORT_H_

#include <stddef.h>

#include "base/nthash.h"
#include "sm_userdb.h"

/** An import in progress. */
typedef struct sm_import sm_import_t;

/**
 * Start reading users from CSV text.
 *
 * @param name		file name for messages
 * @param data		the text, not copied: must stay valid until destroy
 * @param len		length of data
 * @param nthash	MD4 for password columns, not owned
 * @return			import (must be destroyed), NULL if out of memory
 */
sm_import_t *sm_import_csv(const char *name, const char *data, size_t len,
						   sm_nthash_ctx_t *nthash);

/**
 * Start reading users from YAML text.
 *
 * @see sm_import_csv()
 */
sm_import_t *sm_import_yaml(const char *name, const char *data, size_t len,
							sm_nthash_ctx_t *nthash);

/**
 * Yield the next user: an sm_userdb_source_t, ctx is the sm_import_t.
 *
 * @return			1 with a user, 0 at the end, -1 on an error (see
 *					sm_import_error())
 */
int sm_import_next(void *ctx, sm_user_t *user);

/**
 * Where the last user (or error) was: "FILE:LINE" or "FILE:LINE:COL".
 *
 * @return			internal data, do not free
 */
const char *sm_import_where(const sm_import_t *imp);

/**
 * What was wrong after sm_import_next() returned -1, prefixed with
 * sm_import_where().
 *
 * @return			internal data, do not free
 */
const char *sm_import_error(const sm_import_t *imp);

/**
 * Wipe and free an import.  NULL is accepted.
 */
void sm_import_destroy(sm_import_t *imp);

#endif /* SM_USER_IMPORT_H_ */
