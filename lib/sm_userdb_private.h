/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_userdb_private.h
 * Internals shared by sm_userdb.c (opening, schema, reading) and
 * sm_userdb_write.c (writing, import, transactions).  Not for other users.
 */
#ifndef SM_USERDB_PRIVATE_H_
#define SM_USERDB_PRIVATE_H_

#include "sm_userdb.h"

#include <sys/types.h>

#include <sqlite3.h>

/** The prepared statements, kept for the life of the handle. */
typedef enum {
	STMT_GET,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_SET_HASH,
	STMT_SET_ENABLED,
	STMT_SET_ATTRS,
	STMT_DELETE,
	STMT_COUNT,
	STMT_LIST,
	STMT_SEEN_CLEAR,
	STMT_SEEN_ADD,
	STMT_PRUNE,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_MAX,
} sm_udb_stmt_t;

#define SM_USERDB_COLUMNS                                                      \
	"identity, nt_hash, enabled, vip4, vip6, dns, created, updated"

struct sm_userdb {
	/** the SQLite connection */
	sqlite3 *sql;
	/** path as given to sm_userdb_open() */
	char *path;
	/** opened with SM_USERDB_READONLY */
	bool readonly;
	/** whether temp.sm_seen exists on this connection */
	bool have_seen;
	/** device and inode of the file that was opened */
	dev_t dev;
	ino_t ino;
	/** prepared statements, NULL until first use */
	sqlite3_stmt *stmt[STMT_MAX];
	/** message of the last failure */
	char err[512];
};

/**
 * Record a failure on the handle.
 *
 * @return			code
 */
sm_userdb_err_t sm_udb_fail(sm_userdb_t *db, sm_userdb_err_t code,
							const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Record a SQLite failure as "what: SQLite's message".
 *
 * @return			the matching sm_userdb_err_t
 */
sm_userdb_err_t sm_udb_sql_fail(sm_userdb_t *db, int rc, const char *what);

/**
 * Run SQL without results; quiet keeps the message of an earlier failure.
 */
sm_userdb_err_t sm_udb_exec(sm_userdb_t *db, const char *sql, bool quiet);

/**
 * A cached prepared statement.
 *
 * @return			statement (internal, reset with sm_udb_done()), or NULL
 *					with the failure recorded and returned in *ret
 */
sqlite3_stmt *sm_udb_prep(sm_userdb_t *db, sm_udb_stmt_t id,
						  sm_userdb_err_t *ret);

/**
 * Reset a statement after use; bound buffers are no longer referenced.
 */
void sm_udb_done(sqlite3_stmt *stmt);

#endif /* SM_USERDB_PRIVATE_H_ */
