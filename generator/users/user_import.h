/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file user_import.h
 * Stage users/ (libusers.la): what swanmobile user reads and prints.  This
 * header says what the folder holds.
 *
 *   in          CSV (csv.h) or YAML files of users, passwords and NT
 *               hashes from a terminal or standard input (user_secret.h)
 *   out         users imported into the database, all or none (this
 *               header); users printed as a table, text or JSON
 *               (user_print.h).  Unlike the other stages, the import and
 *               the password input print their errors (to stderr) and
 *               return an outcome of their own, which the command turns
 *               into its exit code.
 *   includes    model/, base/ and lib/; never pki/, render/ or the
 *               commands
 *
 * swanmobile user import: users from a CSV file or from YAML into the user
 * database, all or none.  Passwords are hashed on the way and never kept.
 *
 * CSV: a header row naming the columns (identity, password or nt_hash,
 * optional address, address6, dns, enabled), then one user per row.
 * YAML: read by the loader of VPN descriptions (model/load.h,
 * sm_load_users_buffer()): a complete description, whose users.accounts are
 * imported, or a users file holding only users (and version); the same
 * schema and rules either way.  Identities and passwords follow the one rule
 * of sm_identity.h.
 */
#ifndef SM_USER_IMPORT_H_
#define SM_USER_IMPORT_H_

#include <stddef.h>

#include "base/nthash.h"
#include "model/model.h"
#include "sm_userdb.h"

/** An import source in progress. */
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
 * Start yielding the users.accounts of a loaded, validated model.
 *
 * @param model		from sm_load_users_buffer(), not copied: must stay valid
 *					(with the diagnostics list it was loaded with) until
 *					destroy
 * @param nthash	MD4 for passwords, not owned
 * @return			import (must be destroyed), NULL if out of memory
 */
sm_import_t *sm_import_accounts(const sm_model_t *model,
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

/** What sm_users_import() reads. */
typedef enum {
	SM_IMPORT_CSV,
	SM_IMPORT_YAML,
} sm_import_format_t;

/** The outcome of sm_users_import(). */
typedef enum {
	/** imported; the counts were printed */
	SM_IMPORT_OK = 0,
	/** invalid input: the file, a user, a user that already exists */
	SM_IMPORT_EINPUT,
	/** environment: the file cannot be read or others may read it, the
	 *  database, MD4, writing the output */
	SM_IMPORT_EENV,
} sm_import_result_t;

/**
 * Import a file into a user database in one transaction, printing what
 * went wrong (stderr) or the counts (stdout).  "-" is standard input; other
 * files must not be accessible by group or others (they hold secrets).
 *
 * @param db_path	user database (created if missing)
 * @param path		file to import
 * @param format	SM_IMPORT_CSV or SM_IMPORT_YAML
 * @param flags		SM_USERDB_IMPORT_REPLACE, SM_USERDB_IMPORT_PRUNE
 * @return			the outcome
 */
sm_import_result_t sm_users_import(const char *db_path, const char *path,
								   sm_import_format_t format, int flags);

#endif /* SM_USER_IMPORT_H_ */
