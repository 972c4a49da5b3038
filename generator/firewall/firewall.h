/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file firewall.h
 * The gateway's firewall and IP forwarding (swanmobile.yaml(5), FIREWALL;
 * swanmobile(8), firewall).
 *
 * In: a validated model (generate renders its ruleset) or a ruleset file
 * that generate wrote (apply, remove, show, doctor).  Out: the ruleset
 * file SYSCONFDIR/swanmobile/NAME/firewall.nft, the nftables table
 * "inet swanmobile" in the running kernel, the sysctl.d file
 * /etc/sysctl.d/60-swanmobile.conf and the live forwarding switches.
 *
 * The ruleset owns one table and touches nothing else: its file creates
 * the table if it is missing, deletes it and creates it anew, all in one
 * nft transaction, so loading it is atomic and loading it again changes
 * nothing.  With firewall.enabled false the file only deletes the table.
 *
 * nft(8) runs as a child process with fixed arguments (execvp, no shell);
 * the file name is the only argument that varies.
 */
#ifndef SM_FIREWALL_H_
#define SM_FIREWALL_H_

#include "base/diag.h"
#include "model/model.h"
#include "render/emit.h"
#include "render/paths.h"

#include <stdbool.h>

/** The table the ruleset owns. */
#define SM_FIREWALL_TABLE "inet swanmobile"

/** The ruleset's file name in the connection's directory. */
#define SM_FIREWALL_FILE "firewall.nft"

/** Where firewall apply writes the forwarding switches (below --root). */
#define SM_FIREWALL_SYSCTL "/etc/sysctl.d/60-swanmobile.conf"

/**
 * Render the connection's ruleset (templates/firewall.nft.tmpl) and append
 * it to out as paths->state_dir/firewall.nft (0644).  Written also when
 * firewall.enabled is false: it then removes the table.
 *
 * @param m			validated model
 * @param paths		output paths
 * @param ctx		templates and source name
 * @param out		receives the file (appended)
 * @param diag		receives errors (unreadable or broken template)
 * @return			true on success
 */
bool sm_firewall_emit(const sm_model_t *m, const sm_paths_t *paths,
					  const sm_emit_ctx_t *ctx, sm_outputs_t *out,
					  sm_diag_t *diag);

/**
 * Find the ruleset generate wrote below root: the connection name's, or,
 * without a name, the only one there is (ROOT/SYSCONFDIR/swanmobile/
 * NAME/firewall.nft).
 *
 * @param root		root directory, NULL or "/" for the real system
 * @param name		connection name, or NULL
 * @param diag		receives an error when there is none, or several and
 *					no name
 * @return			the file's path (must be freed), or NULL
 */
char *sm_firewall_find(const char *root, const char *name, sm_diag_t *diag);

/** How the running kernel's table compares to a ruleset file. */
typedef enum {
	/** the table is what the file makes (or both have no table) */
	SM_FW_LOADED,
	/** the table differs from what the file makes */
	SM_FW_DIFFERENT,
	/** the file makes a table, the kernel has none */
	SM_FW_ABSENT,
	/** the file removes the table (firewall.enabled false), the kernel
	 *  still has one */
	SM_FW_STALE,
} sm_fw_state_t;

/** The state of a ruleset file in the running kernel. */
typedef struct {
	sm_fw_state_t state;
	/** `nft -s list table inet swanmobile` of the running kernel (no
	 *  counters); NULL without a table */
	char *live;
	/** the same for the file, loaded in a scratch network namespace; NULL
	 *  when the file makes no table */
	char *expected;
	/** the file's table holds an IPv4 / an IPv6 pool: forwarding needed */
	bool ipv4;
	bool ipv6;
} sm_fw_status_t;

/**
 * Compare the table in the running kernel (the caller's network namespace)
 * with the one file makes: `nft -s list table inet swanmobile` of both,
 * the file loaded into a fresh network namespace of a child process.  For
 * `swanmobile doctor`: st->state == SM_FW_LOADED says the generated
 * ruleset is loaded.  Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN).
 *
 * @param file		a ruleset file (sm_firewall_find())
 * @param st		receives the state (free with sm_fw_status_clear())
 * @param diag		receives errors: nft missing or failing, no permission,
 *					a file nft rejects
 * @return			true if st was filled
 */
bool sm_firewall_status(const char *file, sm_fw_status_t *st, sm_diag_t *diag);

/**
 * Free what sm_firewall_status() filled in; NULL members are fine.
 */
void sm_fw_status_clear(sm_fw_status_t *st);

/**
 * Load a ruleset file into the running kernel: `nft -f FILE`, one
 * transaction (all or nothing).
 *
 * @return			true on success (errors, with nft's message, in diag)
 */
bool sm_firewall_load(const char *file, sm_diag_t *diag);

/**
 * Delete the table inet swanmobile from the running kernel, if it is there.
 *
 * @param removed	receives whether there was a table (may be NULL)
 * @return			true on success
 */
bool sm_firewall_unload(bool *removed, sm_diag_t *diag);

/** An IP forwarding switch of the running kernel. */
typedef enum {
	/** net.ipv4.ip_forward */
	SM_FWD_IPV4,
	/** net.ipv6.conf.all.forwarding */
	SM_FWD_IPV6,
} sm_fwd_t;

/**
 * Read a forwarding switch of the caller's network namespace.
 *
 * @param on		receives whether it is on
 * @return			true on success
 */
bool sm_forwarding_get(sm_fwd_t which, bool *on, sm_diag_t *diag);

/**
 * Turn a forwarding switch of the caller's network namespace on.
 *
 * @return			true on success
 */
bool sm_forwarding_enable(sm_fwd_t which, sm_diag_t *diag);

/**
 * The content of the sysctl.d file that turns forwarding on at boot.
 *
 * @param name		the connection (for its comment)
 * @param ipv4		net.ipv4.ip_forward = 1
 * @param ipv6		net.ipv6.conf.all.forwarding = 1
 * @return			the text (must be freed), NULL if out of memory
 */
char *sm_forwarding_conf(const char *name, bool ipv4, bool ipv6);

#endif /* SM_FIREWALL_H_ */
