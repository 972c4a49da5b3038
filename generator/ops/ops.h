/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file ops.h
 * Operating a running gateway: who is connected (status), throwing a user
 * off (disconnect), why nothing works (doctor) and whether it works at all
 * (selftest).
 *
 * In: charon's vici socket (libvici), the files `swanmobile generate`
 * wrote for each connection below a root (render/paths.h: the swanctl
 * connection and pools, the mobile profile, the certificates, the plugin's
 * settings, the user database), and the host the gateway runs on (/proc,
 * interfaces, routes, sockets, processes).  selftest also runs strongSwan's charon, ip(8) and
 * ping(8) with fixed argument vectors; doctor runs nft(8) through
 * firewall/ to compare the table in the kernel with each ruleset.
 * Out: sessions and pools (sm_status_t), lists of checks with a verdict
 * and the fix (sm_checks_t), and their printing as text or JSON to a
 * stream the command chooses.  Nothing here exits or reads the terminal;
 * errors are returned as text.
 *
 * The files: vnode.c (trees of sections, lists and values), vici.c (the
 * vici client), swconf.c (the swanctl.conf reader), gateway.c (what
 * generate made, address ranges), profile.c (what the plugin pushes by a
 * mobile profile), datapath.c (the datapath snippet, doctor's datapath
 * check), status.c and status_print.c (sessions,
 * pools, disconnect), checks.c (checks), doctor.c, doctor_host.c,
 * doctor_files.c (the checks), cpattr.c (configuration attributes a client
 * received), spawn.c (programs with fixed argv), selftest.c (the test and
 * its cleanup), selftest_net.c (the client's namespaces and link),
 * selftest_client.c (its charon and connection), selftest_verify.c (what
 * it got); ops_int.h declares what they share.
 */
#ifndef SM_OPS_H_
#define SM_OPS_H_

#include "base/esp.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** charon's vici socket unless --uri says otherwise (libvici's default). */
#define SM_VICI_DEFAULT_URI "unix:///var/run/charon.vici"

/** Size of the error texts the functions here fill in. */
#define SM_OPS_ERR_LEN 512

/** Where the gateway is; all members may be NULL. */
typedef struct {
	/** charon's vici socket, NULL for SM_VICI_DEFAULT_URI */
	const char *uri;
	/** the root generate wrote below (generate --root), NULL for / */
	const char *root;
	/** the user database, NULL for the one the plugin's settings below
	 *  root name (below root), else the default below root */
	const char *db;
	/** the generated connection to look at, NULL for every one */
	const char *conn;
} sm_ops_opts_t;

/**
 * For user add and set: warn, one line per pool, when a pool of the
 * gateway generated below o->root leases a user's new static address and
 * that gateway's plugin serves users from db (generate leaves the
 * database's static addresses out of the pools only when it runs again).
 * Nothing is said when the gateway cannot be read or uses another
 * database.
 *
 * @param o			the root (db and conn are not used)
 * @param db		the user database the address was written to
 * @param addr		the static address, NULL or "" for none
 * @param out		where the warnings go
 * @return			the number of pools that lease it
 */
size_t sm_ops_warn_pooled(const sm_ops_opts_t *o, const char *db,
						  const char *addr, FILE *out);

/** Whether this build has libvici (else nothing here reaches charon). */
bool sm_vici_available(void);

/* ---- status and disconnect (status.c, status_print.c) ----------------- */

/** What charon reports: IKE_SAs, pools, version and uptime. */
typedef struct sm_status sm_status_t;

/**
 * Ask charon (version, stats, list-sas, get-pools with leases).
 *
 * @param o			where charon is (uri)
 * @param status	receives the answer (destroy with sm_status_destroy)
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 * @return			0, or -1 if charon cannot be asked
 */
int sm_status_query(const sm_ops_opts_t *o, sm_status_t **status, char *err);

/** Destroy a status; NULL is fine. */
void sm_status_destroy(sm_status_t *status);

/** Number of IKE_SAs in a status. */
size_t sm_status_sessions(const sm_status_t *status);

/**
 * Print a status for people: one block per IKE_SA (user, virtual IPs,
 * client address and port, since when, bytes and packets in and out, IKE
 * and ESP algorithms), then the pools.
 */
void sm_status_print(const sm_status_t *status, FILE *out);

/** Print a status as JSON (swanmobile(8), STATUS JSON). */
void sm_status_print_json(const sm_status_t *status, FILE *out);

/** Outcome of sm_disconnect(). */
typedef struct {
	/** IKE_SAs authenticated as the user */
	size_t found;
	/** of these, the ones charon terminated */
	size_t terminated;
	/** IKE_SAs of the user still there afterwards */
	size_t remaining;
} sm_disconnect_result_t;

/**
 * Terminate every IKE_SA authenticated as user: whose EAP (or XAuth, else
 * IKE) identity is user, or DOMAIN\user, ignoring ASCII case, the way the
 * plugin finds users.  Each is deleted with a DELETE to the client, forced
 * when the client does not answer.  Prints one line per IKE_SA to out.
 *
 * @param o			where charon is
 * @param user		the identity
 * @param out		receives "disconnected ..." lines (may be NULL)
 * @param result	receives the counts
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 * @return			0, or -1 if charon cannot be asked
 */
int sm_disconnect(const sm_ops_opts_t *o, const char *user, FILE *out,
				  sm_disconnect_result_t *result, char *err);

/* ---- checks (checks.c) ------------------------------------------------ */

/** Verdict of one check. */
typedef enum {
	SM_CHECK_PASS,
	SM_CHECK_WARN,
	SM_CHECK_FAIL,
	/** not applicable, or could not be checked (the message says why) */
	SM_CHECK_SKIP,
} sm_check_t;

/** A list of checks, in the order they ran, and facts (key/value). */
typedef struct sm_checks sm_checks_t;

/** A new, empty report; NULL if out of memory. */
sm_checks_t *sm_checks_create(void);

/** Destroy a report; NULL is fine. */
void sm_checks_destroy(sm_checks_t *report);

/**
 * Add a check.
 *
 * @param check		stable name of the check ("charon", "forwarding", ...)
 * @param object	what it looked at ("rw", a path, an address), or NULL
 * @param verdict	the verdict
 * @param fix		what to do about it (cloned), NULL if nothing
 * @param fmt		what was found, printf() style
 */
void sm_checks_add(sm_checks_t *report, const char *check, const char *object,
				   sm_check_t verdict, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/** Record a fact (a later value for the same key replaces it). */
void sm_checks_fact(sm_checks_t *report, const char *key, const char *value);

/**
 * The value of a fact.
 *
 * @return			internal data of the report, NULL if there is none
 */
const char *sm_checks_get_fact(const sm_checks_t *report, const char *key);

/** Number of checks with a verdict. */
size_t sm_checks_count(const sm_checks_t *report, sm_check_t verdict);

/**
 * Print the checks for people, one line each ("PASS  check  object:
 * message") with the fix indented below, then a summary line.
 */
void sm_checks_print(const sm_checks_t *report, FILE *out);

/** Print the report as JSON (swanmobile(8), DOCTOR JSON). */
void sm_checks_print_json(const sm_checks_t *report, FILE *out);

/** Text of a verdict: "pass", "warn", "fail", "skip". */
const char *sm_verdict_name(sm_check_t verdict);

/* ---- doctor (doctor*.c) ----------------------------------------------- */

/** The renew window of a connection whose generate recorded none (an
 *  older swanmobile): certificate.renew_before's default. */
#define SM_OPS_RENEW_DAYS 30

/** sm_doctor()'s renew_days for each connection's certificate.renew_before
 *  as generate recorded it (CONFDIR/NAME/certificate.conf). */
#define SM_OPS_RENEW_RECORDED UINT_MAX

/**
 * Check the host the gateway runs on: charon and the plugin, the datapath
 * of ESP (the kernel's IPsec or kernel-libipsec), the mobile profiles, the
 * generated connections, pools and certificates as loaded, UDP 500/4500,
 * each connection's firewall against the table in the kernel (firewall/;
 * needs root and nft), IP forwarding, pools overlapping interfaces or
 * routes, the certificates as clients verify them, the user database.
 *
 * @param o			where the gateway is
 * @param renew_days	warn about certificates that expire within this many
 *					days; SM_OPS_RENEW_RECORDED for each connection's
 *					certificate.renew_before
 * @return			the report (must be destroyed), NULL if out of memory
 */
sm_checks_t *sm_doctor(const sm_ops_opts_t *o, unsigned int renew_days);

/* ---- the datapath of ESP (datapath.c) --------------------------------- */

/** The datapath snippet generate wrote (render/paths.h SM_DATAPATH_CONF),
 *  as read. */
typedef struct {
	/** its path below the root */
	char path[4096];
	/** whether it exists and parses */
	bool found;
	/** the gateway.datapath it records (SM_DATAPATH_AUTO if it names none) */
	sm_datapath_t mode;
	/** what it makes charon use: SM_DATAPATH_LIBIPSEC if it loads
	 *  kernel-libipsec, else SM_DATAPATH_KERNEL (also without the file:
	 *  the distribution's default) */
	sm_datapath_t configured;
	/** why it was not found or did not parse, "" if it was */
	char error[SM_OPS_ERR_LEN];
} sm_datapath_conf_t;

/**
 * Read the datapath snippet below a root.
 *
 * @param root		the root generate wrote below, NULL or "/" for /
 * @param conf		receives what it says
 * @return			true if it was read or does not exist (conf->found
 *					says which), false if it cannot be read or parsed
 *					(conf->error says why)
 */
bool sm_datapath_conf_read(const char *root, sm_datapath_conf_t *conf);

/* ---- selftest (selftest*.c) ------------------------------------------- */

/** What sm_selftest() tests with. */
typedef struct {
	/** where the gateway is */
	const sm_ops_opts_t *ops;
	/** an existing user to connect as, NULL for a temporary one */
	const char *user;
	/** with user: the NT hash of its password (read only) */
	const uint8_t *nt_hash;
	/** address to ping through the tunnel, NULL to pick one of the
	 *  gateway's own addresses in the networks it routes to clients */
	const char *ping;
	/** seconds to wait for the connection */
	unsigned int timeout;
	/** strongSwan's charon daemon, for the client */
	const char *charon;
	/** where the distribution's per-plugin settings snippets are (the
	 *  client loads the plugins they load, but not swanmobile) */
	const char *snippetdir;
} sm_selftest_opts_t;

/**
 * Connect to the gateway from a throw-away network namespace, as a client
 * would, and check the virtual IP, what was pushed and traffic; clean up
 * everything (client daemon, namespace, temporary user) even when a
 * SIGINT, SIGTERM or SIGHUP arrives meanwhile.  The fact "result" says
 * "passed", "failed" (a check failed), "error" (selftest could not run
 * the test: not root, no charon, no namespaces) or "interrupted".
 *
 * @param o			what to test with
 * @param signo		receives the signal that interrupted the test, 0 if
 *					none
 * @return			the report (must be destroyed), NULL if out of memory
 */
sm_checks_t *sm_selftest(const sm_selftest_opts_t *o, int *signo);

#endif /* SM_OPS_H_ */
