/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_userdb.h
 * The EAP-MSCHAPv2 user database: one SQLite file of NT hashes and per-user
 * settings, written by the CLI and read by the charon plugin.
 *
 * The file lives in a directory of mode 0700 and has mode 0600; opening
 * refuses files and directories that group or others can access, that
 * belong to someone other than root or the caller, and symbolic links.
 * Writers use WAL mode, so readers (the plugin) see the last committed state
 * without waiting, and changes take effect on the next lookup.
 *
 * Identities are compared like strongSwan compares FQDN and e-mail
 * identities: exact bytes except for ASCII case ("Alice" finds "alice").
 *
 * A handle is not thread-safe: use one per thread, or serialize its use.
 * Functions return an sm_userdb_err_t; the message of the last failure
 * (naming the value at fault, never a password or hash) is available from
 * sm_userdb_errmsg().  Nothing here prints.
 */
#ifndef SM_USERDB_H_
#define SM_USERDB_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sm_user.h"

/* configure's LOCALSTATEDIR/lib/swanmobile, from the compiler's command line
 * (Makefile.am's SM_PATH_CPPFLAGS) */
#ifndef SM_STATEDIR
#error "SM_STATEDIR is not defined: compile with Makefile.am's SM_PATH_CPPFLAGS"
#endif

/** Where the CLI and the plugin look by default (/var/lib/swanmobile/users.db
 *  with configure's defaults). */
#define SM_USERDB_DEFAULT_PATH SM_STATEDIR "/users.db"

/** The schema version this code reads and writes (PRAGMA user_version). */
#define SM_USERDB_SCHEMA_VERSION 1

/** Busy timeout used when the caller passes 0 (milliseconds). */
#define SM_USERDB_BUSY_DEFAULT_MS 5000

/** Page cache of a handle opened with SM_USERDB_SMALL_CACHE (KiB). */
#define SM_USERDB_SMALL_CACHE_KIB 128

/** Result of the user database functions. */
typedef enum {
	/** done */
	SM_USERDB_OK = 0,
	/** no such user */
	SM_USERDB_ENOTFOUND,
	/** the user already exists */
	SM_USERDB_EEXIST,
	/** invalid identity, address, DNS list or argument, or a user that
	 * appears twice in an import */
	SM_USERDB_EINVAL,
	/** the database file does not exist */
	SM_USERDB_EMISSING,
	/** unsafe permissions or ownership of the file or its directory */
	SM_USERDB_EPERM,
	/** not a SQLite database, damaged, or tables not as expected */
	SM_USERDB_ECORRUPT,
	/** schema version this code cannot use (newer, or older read-only) */
	SM_USERDB_ESCHEMA,
	/** locked by another process for longer than the busy timeout */
	SM_USERDB_EBUSY,
	/** an import source reported an error of its own */
	SM_USERDB_EABORT,
	/** any other failure: I/O, disk full, out of memory, read-only handle */
	SM_USERDB_EIO,
} sm_userdb_err_t;

/** Flags for sm_userdb_open(). */
enum {
	/** open for lookups only (never writes, never migrates) */
	SM_USERDB_READONLY = 1 << 0,
	/** create the directory (0700) and file (0600) if missing */
	SM_USERDB_CREATE = 1 << 1,
	/** keep at most SM_USERDB_SMALL_CACHE_KIB of the file's pages in memory
	 * instead of SQLite's default of 2 MB, for processes that keep many
	 * handles open (the plugin's pool); lookups by identity are not slower
	 * (the kernel caches the file, and the upper levels of the B-trees fit) */
	SM_USERDB_SMALL_CACHE = 1 << 2,
};

/** Flags for sm_userdb_import(). */
enum {
	/** update existing users instead of failing with SM_USERDB_EEXIST */
	SM_USERDB_IMPORT_REPLACE = 1 << 0,
	/** delete every user that the source did not yield */
	SM_USERDB_IMPORT_PRUNE = 1 << 1,
};

/** What sm_userdb_upsert() did. */
typedef enum {
	/** the user existed with exactly these values: nothing written */
	SM_USERDB_UNCHANGED,
	/** the user was added */
	SM_USERDB_CREATED,
	/** the user existed and was changed */
	SM_USERDB_UPDATED,
} sm_userdb_change_t;

/** Counts of sm_userdb_import(). */
typedef struct {
	/** users added */
	size_t created;
	/** existing users changed (SM_USERDB_IMPORT_REPLACE) */
	size_t updated;
	/** existing users left as they were (SM_USERDB_IMPORT_REPLACE) */
	size_t unchanged;
	/** users deleted (SM_USERDB_IMPORT_PRUNE) */
	size_t deleted;
} sm_userdb_stats_t;

/** An open user database. */
typedef struct sm_userdb sm_userdb_t;

/**
 * Yields the users of sm_userdb_import() one by one.
 *
 * @param ctx		the caller's context
 * @param user		receives the next user (identity, hash, enabled,
 *					addresses; times are ignored)
 * @return			1 with a user, 0 at the end, -1 on an error of the
 *					source (the import is rolled back, SM_USERDB_EABORT)
 */
typedef int (*sm_userdb_source_t)(void *ctx, sm_user_t *user);

/**
 * Called by sm_userdb_foreach() for each user, in identity order.
 *
 * @param ctx		the caller's context
 * @param user		the user; internal data, wiped after the call
 * @return			true to continue, false to stop (SM_USERDB_EABORT)
 *
 * visit may look users up but must not write to the database.
 */
typedef bool (*sm_userdb_visit_t)(void *ctx, const sm_user_t *user);

/**
 * Open (and with SM_USERDB_CREATE create) a user database and bring its
 * schema up to date (unless read-only).
 *
 * @param path		database file
 * @param flags		SM_USERDB_READONLY, SM_USERDB_CREATE,
 *					SM_USERDB_SMALL_CACHE
 * @param busy_ms	how long to wait for another process's lock, 0 for
 *					SM_USERDB_BUSY_DEFAULT_MS
 * @param db		receives the handle (must be closed); NULL on failure
 * @param err		receives a message on failure (may be NULL)
 * @param errlen	size of err
 * @return			SM_USERDB_OK or the reason it failed
 */
sm_userdb_err_t sm_userdb_open(const char *path, int flags, int busy_ms,
							   sm_userdb_t **db, char *err, size_t errlen);

/**
 * Close a handle.  NULL is accepted.  Closing a read-write handle moves
 * all committed changes from the WAL into the database file (waiting up to
 * the busy timeout for readers), so the file alone holds the database once
 * no writer runs: it may then be copied, or replaced by rename.
 */
void sm_userdb_close(sm_userdb_t *db);

/**
 * The message of the last failure on this handle.
 *
 * @return			internal data, do not free; "" after success
 */
const char *sm_userdb_errmsg(const sm_userdb_t *db);

/**
 * The path the handle was opened with.
 *
 * @return			internal data, do not free
 */
const char *sm_userdb_path(const sm_userdb_t *db);

/**
 * Whether the path no longer names the file this handle opened (deleted,
 * replaced, or its permissions became unsafe); such a handle should be
 * closed and the database opened again.  Costs one stat().
 */
bool sm_userdb_stale(const sm_userdb_t *db);

/**
 * Look up one user (disabled users too: check user->enabled).
 *
 * @param identity	identity, compared ignoring ASCII case
 * @param user		receives the user; wipe it after use
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND or a failure
 */
sm_userdb_err_t sm_userdb_get(sm_userdb_t *db, const char *identity,
							  sm_user_t *user);

/**
 * Add a user; created/updated are set to the current time.
 *
 * @param user		the user (validated; addresses stored canonical)
 * @return			SM_USERDB_OK, SM_USERDB_EEXIST, SM_USERDB_EINVAL or a
 *					failure
 */
sm_userdb_err_t sm_userdb_add(sm_userdb_t *db, const sm_user_t *user);

/**
 * Add a user, or make an existing one (same identity ignoring case) equal
 * to user: hash, enabled flag, addresses, DNS and the identity's spelling.
 * Writes nothing when all of them are already equal.
 *
 * @param user		the user
 * @param change	receives what was done (may be NULL)
 * @return			SM_USERDB_OK, SM_USERDB_EINVAL or a failure
 */
sm_userdb_err_t sm_userdb_upsert(sm_userdb_t *db, const sm_user_t *user,
								 sm_userdb_change_t *change);

/**
 * Change the hash, enabled flag, addresses and DNS of an existing user: the
 * whole record.  A record read with sm_userdb_get() and written back here
 * undoes what other processes wrote in between; to change some values of a
 * user, use sm_userdb_set_hash(), sm_userdb_set_enabled() or
 * sm_userdb_set_attrs(), or read and update inside sm_userdb_begin().
 *
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND, SM_USERDB_EINVAL or
 *					a failure
 */
sm_userdb_err_t sm_userdb_update(sm_userdb_t *db, const sm_user_t *user);

/**
 * Change the static addresses and DNS servers of an existing user, in one
 * statement that leaves every other value (and each one passed as NULL)
 * as it is in the database at that moment.
 *
 * @param vip4		IPv4 address; "" clears; NULL keeps
 * @param vip6		IPv6 address; "" clears; NULL keeps
 * @param dns		DNS servers, as for sm_user_set_attrs(); "" clears;
 *					NULL keeps
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND, SM_USERDB_EINVAL or
 *					a failure
 */
sm_userdb_err_t sm_userdb_set_attrs(sm_userdb_t *db, const char *identity,
									const char *vip4, const char *vip6,
									const char *dns);

/**
 * Set the NT hash of an existing user.
 *
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND or a failure
 */
sm_userdb_err_t sm_userdb_set_hash(sm_userdb_t *db, const char *identity,
								   const uint8_t hash[SM_NT_HASH_LEN]);

/**
 * Enable or disable an existing user.
 *
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND or a failure
 */
sm_userdb_err_t sm_userdb_set_enabled(sm_userdb_t *db, const char *identity,
									  bool enabled);

/**
 * Delete a user.
 *
 * @return			SM_USERDB_OK, SM_USERDB_ENOTFOUND or a failure
 */
sm_userdb_err_t sm_userdb_delete(sm_userdb_t *db, const char *identity);

/**
 * Delete every user whose identity is not in keep (for a sync from a list
 * that is the source of truth).
 *
 * @param keep		identities to keep (ignoring case)
 * @param n			number of entries in keep
 * @param deleted	receives the number of users deleted (may be NULL)
 * @return			SM_USERDB_OK or a failure
 */
sm_userdb_err_t sm_userdb_prune(sm_userdb_t *db, const char *const *keep,
								size_t n, size_t *deleted);

/**
 * Count the users (enabled or not).
 */
sm_userdb_err_t sm_userdb_count(sm_userdb_t *db, size_t *count);

/**
 * Call visit for every user in identity order.
 *
 * @return			SM_USERDB_OK, SM_USERDB_EABORT if visit stopped, or a
 *					failure
 */
sm_userdb_err_t sm_userdb_foreach(sm_userdb_t *db, sm_userdb_visit_t visit,
								  void *ctx);

/**
 * Import users in one transaction: either all of them are written, or, on
 * any error, none.  A user yielded twice is an error (SM_USERDB_EINVAL).
 *
 * @param source	yields the users
 * @param ctx		passed to source
 * @param flags		SM_USERDB_IMPORT_REPLACE, SM_USERDB_IMPORT_PRUNE
 * @param stats		receives the counts (may be NULL)
 * @return			SM_USERDB_OK, SM_USERDB_EABORT (the source failed), or
 *					the failure of the user last yielded
 */
sm_userdb_err_t sm_userdb_import(sm_userdb_t *db, sm_userdb_source_t source,
								 void *ctx, int flags,
								 sm_userdb_stats_t *stats);

/**
 * Start a transaction, so that several calls commit together (e.g. upserts
 * and a prune).  Takes the write lock at once.
 */
sm_userdb_err_t sm_userdb_begin(sm_userdb_t *db);

/**
 * Commit the transaction started by sm_userdb_begin().
 */
sm_userdb_err_t sm_userdb_commit(sm_userdb_t *db);

/**
 * Roll back the transaction started by sm_userdb_begin().
 */
sm_userdb_err_t sm_userdb_rollback(sm_userdb_t *db);

/**
 * A short English explanation of an sm_userdb_err_t.
 */
const char *sm_userdb_strerror(sm_userdb_err_t err);

#endif /* SM_USERDB_H_ */
