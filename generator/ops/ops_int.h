/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file ops_int.h
 * What the files of ops/ share (see ops.h for the stage): the tree of
 * vici messages and swanctl.conf files (vnode.c), the vici client
 * (vici.c), the swanctl.conf reader (swconf.c), the generated gateway
 * (gateway.c), address ranges, the decoder of configuration attributes
 * (cpattr.c), what the plugin pushes (profile.c) and the program runner
 * (spawn.c).
 */
#ifndef SM_OPS_INT_H_
#define SM_OPS_INT_H_

#include "ops.h"

#include "render/paths.h"
#include "sm_net.h"
#include "sm_user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* ---- vnode.c ---------------------------------------------------------- */

/** What a node is. */
typedef enum {
	/** named, holds sections, lists and values */
	SM_VNODE_SECTION,
	/** named, holds unnamed values */
	SM_VNODE_LIST,
	/** named key/value pair, or an unnamed list item */
	SM_VNODE_VALUE,
} sm_vnode_kind_t;

/** A node; children are kept in order. */
typedef struct sm_vnode sm_vnode_t;
struct sm_vnode {
	sm_vnode_kind_t kind;
	/** name of a section, list or key; NULL for list items and roots */
	char *name;
	/** value bytes plus a NUL (SM_VNODE_VALUE only, else NULL) */
	char *value;
	/** length of value without the NUL */
	size_t len;
	/** children (sections and lists) */
	sm_vnode_t *first;
	sm_vnode_t *last;
	/** next sibling */
	sm_vnode_t *next;
};

/**
 * A new, empty section (a root if name is NULL).
 *
 * @param name		name (cloned), may be NULL
 * @return			node (free with sm_vnode_free), NULL if out of memory
 */
sm_vnode_t *sm_vnode_section(const char *name);

/**
 * Free a tree, wiping every value; NULL is fine.
 */
void sm_vnode_free(sm_vnode_t *node);

/**
 * Append a child section or list to parent.
 *
 * @param parent	section
 * @param kind		SM_VNODE_SECTION or SM_VNODE_LIST
 * @param name		name (cloned)
 * @return			the child (owned by parent), NULL if out of memory
 */
sm_vnode_t *sm_vnode_add(sm_vnode_t *parent, sm_vnode_kind_t kind,
						 const char *name);

/**
 * Append a value to a section (a key/value pair) or to a list (an item,
 * name NULL).
 *
 * @param parent	section or list
 * @param name		key (cloned), NULL for a list item
 * @param value		bytes (cloned)
 * @param len		their number
 * @return			the value node (owned by parent), NULL if out of memory
 */
sm_vnode_t *sm_vnode_add_value(sm_vnode_t *parent, const char *name,
							   const void *value, size_t len);

/** sm_vnode_add_value() of a NUL-terminated string. */
sm_vnode_t *sm_vnode_add_str(sm_vnode_t *parent, const char *name,
							 const char *value);

/** sm_vnode_add_value() of a printf() formatted string. */
sm_vnode_t *sm_vnode_add_fmt(sm_vnode_t *parent, const char *name,
							 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * The node at a path of names separated by '/' ("local-1/id"), first match
 * at each step; an empty path is node itself.
 *
 * @return			internal data of the tree, NULL if there is none
 */
const sm_vnode_t *sm_vnode_get(const sm_vnode_t *node, const char *path);

/**
 * The text of the value at path.
 *
 * @return			internal data of the tree, NULL if there is no value
 *					there
 */
const char *sm_vnode_str(const sm_vnode_t *node, const char *path);

/**
 * The unsigned decimal number at path.
 *
 * @return			whether there is one (out is unchanged if not)
 */
bool sm_vnode_u64(const sm_vnode_t *node, const char *path, uint64_t *out);

/** Number of children. */
size_t sm_vnode_count(const sm_vnode_t *node);

/* ---- vici.c ----------------------------------------------------------- */

/** A connection to a charon over vici. */
typedef struct sm_vici sm_vici_t;

/**
 * Connect to charon.
 *
 * @param uri		vici socket, NULL for SM_VICI_DEFAULT_URI
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 * @return			connection (close with sm_vici_close), NULL on failure
 */
sm_vici_t *sm_vici_open(const char *uri, char *err);

/** Close a connection; NULL is fine. */
void sm_vici_close(sm_vici_t *vici);

/** The URI of a connection (internal data, do not free). */
const char *sm_vici_uri(const sm_vici_t *vici);

/**
 * Send a command and wait for charon's answer.
 *
 * @param cmd		command ("list-sas", "initiate", ...)
 * @param req		its arguments (a root section, read only), NULL for none
 * @param event		the event the command streams ("list-sa",
 *					"control-log"), NULL for none
 * @param events	with event: receives a root section holding one section
 *					per event received, named event (must be freed)
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 * @return			the answer (a root section, must be freed), NULL on
 *					failure
 */
sm_vnode_t *sm_vici_call(sm_vici_t *vici, const char *cmd,
						 const sm_vnode_t *req, const char *event,
						 sm_vnode_t **events, char *err);

/**
 * Whether an answer says "success = yes"; if not, its errmsg (or a
 * generic text) in err.
 */
bool sm_vici_success(const sm_vnode_t *res, char *err);

/* ---- status.c --------------------------------------------------------- */

/** What sm_status_query() got from charon. */
struct sm_status {
	/** charon's vici socket */
	char *uri;
	/** when it was asked */
	time_t now;
	/** the answers to version and stats (stats NULL if it failed) */
	sm_vnode_t *version;
	sm_vnode_t *stats;
	/** list-sas' events: "list-sa" sections, each holding one IKE_SA
	 *  section named after its connection */
	sm_vnode_t *sas;
	/** the answer to get-pools with leases */
	sm_vnode_t *pools;
	/** the IKE_SA sections in sas (internal data of sas) */
	const sm_vnode_t **sessions;
	size_t n_sessions;
};

/**
 * The user of an IKE_SA: its EAP identity, else its XAuth identity, else
 * its IKE identity.
 *
 * @return			internal data of the tree ("" if none)
 */
const char *sm_session_user(const sm_vnode_t *ike);

/**
 * Whether an IKE_SA is authenticated as user (or DOMAIN\user), ignoring
 * ASCII case, as the plugin finds users.
 */
bool sm_session_is(const sm_vnode_t *ike, const char *user);

/* ---- swconf.c --------------------------------------------------------- */

/**
 * Read a file in strongswan.conf(5)/swanctl.conf(5) syntax: sections
 * "name {...}" and "key = value" with comments, quoted values and section
 * references ("name : ref {").  include statements are not followed.
 *
 * @param path		file
 * @param err		receives "PATH:LINE: reason" on failure, SM_OPS_ERR_LEN
 * @return			a root section (must be freed), NULL on failure
 */
sm_vnode_t *sm_swconf_load(const char *path, char *err);

/** sm_swconf_load() of text in memory; name is used in messages. */
sm_vnode_t *sm_swconf_parse(const char *name, const char *text, size_t len,
							char *err);

/**
 * The items of a comma-separated swanctl.conf value, trimmed, into list
 * (a new child list of parent named name).
 *
 * @return			the list, NULL if out of memory
 */
sm_vnode_t *sm_swconf_split(sm_vnode_t *parent, const char *name,
							const char *value);

/**
 * A swanctl.conf duration ("30s", "5m", "1h", "2d", "300") in seconds.
 *
 * @return			whether value is one
 */
bool sm_swconf_duration(const char *value, uint64_t *seconds);

/* ---- address ranges (gateway.c) --------------------------------------- */

/** A range of addresses of one family, both ends included. */
typedef struct {
	int family;
	uint8_t lo[16];
	uint8_t hi[16];
	/** prefix length if it came from a prefix, else -1 */
	int plen;
} sm_range_t;

/** The range of a prefix. */
void sm_range_from_prefix(const sm_prefix_t *p, sm_range_t *r);

/**
 * Parse a swanctl pool's addrs: "PREFIX" or "FROM-TO".
 *
 * @return			whether it is one
 */
bool sm_range_parse(const char *text, sm_range_t *r);

/** Whether two ranges share an address. */
bool sm_range_overlaps(const sm_range_t *a, const sm_range_t *b);

/** Whether an address (a full-length prefix) is in a range. */
bool sm_range_contains(const sm_range_t *r, const sm_prefix_t *addr);

/**
 * The first address and the number of addresses charon reports for a
 * pool of this range (as strongSwan's mem_pool counts: a subnet's network
 * and broadcast addresses are not served).
 *
 * @param base		receives the first address, as text
 * @param len		size of base (at least SM_PREFIX_STRLEN)
 * @param size		receives the number of addresses
 */
void sm_range_pool(const sm_range_t *r, char *base, size_t len, uint64_t *size);

/**
 * Whether charon's pool of this range leases an address (an address of
 * the range that sm_range_pool() counts: not a subnet's network or
 * broadcast address, nor one past the pool's size limit).
 */
bool sm_range_serves(const sm_range_t *r, const sm_prefix_t *addr);

/** Text of a range: PREFIX/LEN or FROM-TO. */
char *sm_range_format(const sm_range_t *r, char *buf, size_t len);

/* ---- gateway.c -------------------------------------------------------- */

/** One connection generate wrote (conf.d/NAME.conf and its files). */
typedef struct {
	/** its name */
	char *name;
	/** where its files are */
	sm_paths_t *paths;
	/** conf.d/NAME.conf as read (a root section); NULL if it did not read,
	 *  then error says why */
	sm_vnode_t *file;
	/** connections/NAME in file (internal data), NULL if missing */
	const sm_vnode_t *conn;
	/** pools/ in file (internal data), NULL if missing */
	const sm_vnode_t *pools;
	/** why file or conn is missing, "" if nothing is */
	char error[SM_OPS_ERR_LEN];
	/** the address pools of the connection: those of its pools that have
	 *  addrs in pools/, in its order (a pool split around users' static
	 *  addresses is several: NAME-v4, NAME-v4-2, ...); the names are
	 *  internal data of file */
	sm_range_t *ranges;
	const char **range_names;
	size_t n_ranges;
	/** CHARON_CONFDIR/swanmobile-NAME.conf (the mobile profile) as read,
	 *  a root section; NULL if it did not read */
	sm_vnode_t *profile_file;
	/** the mobile profile the plugin uses for the connection: the section
	 *  swanmobile/pools/P of the first pool P of the connection that has
	 *  one, in profile_file or else in the plugin's settings (internal
	 *  data); NULL if none (profile_error says why) */
	const sm_vnode_t *profile;
	/** the file profile was found in (internal data), NULL if none */
	const char *profile_path;
	/** why there is no profile, "" if there is one */
	char profile_error[SM_OPS_ERR_LEN];
	/** certificate.renew_before as generate recorded it in
	 *  CONFDIR/NAME/certificate.conf (paths->cert_conf), else
	 *  SM_OPS_RENEW_DAYS (the description's default) */
	unsigned int renew_days;
	/** whether renew_days comes from that file */
	bool renew_recorded;
	/** why the file did not give it (missing, unreadable, a bad value),
	 *  "" if it did */
	char renew_error[SM_OPS_ERR_LEN];
} sm_gw_conn_t;

/** The generated gateway below a root. */
typedef struct {
	/** the root ("" for /) */
	char *root;
	/** the connections, in name order */
	sm_gw_conn_t *conns;
	size_t n_conns;
	/** ROOT/CHARON_CONFDIR/swanmobile.conf */
	char *plugin_conf;
	/** it as read, NULL if missing or unreadable */
	sm_vnode_t *plugin;
	/** whether the plugin serves users from its database (eap_users) */
	bool eap_users;
	/** the user database (--db, else the plugin's setting below root) */
	char *database;
} sm_gw_t;

/**
 * Find what generate wrote below o->root: a connection NAME is one with a
 * directory CONFDIR/NAME (its CA key) and a file SWANCTLDIR/conf.d/NAME.conf.
 *
 * @param o			root, db and conn (only that connection, which must exist)
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 * @return			the gateway (destroy with sm_gw_destroy), NULL on
 *					failure (out of memory, o->conn not found)
 */
sm_gw_t *sm_gw_load(const sm_ops_opts_t *o, char *err);

/** Destroy a gateway; NULL is fine. */
void sm_gw_destroy(sm_gw_t *gw);

/**
 * The next pool of a connection that leases addr (sm_range_serves()), from
 * conns[*conn].ranges[*range] on; increment *range to go on after one.
 *
 * @return			whether there is one (then *conn and *range name it)
 */
bool sm_gw_next_leasing(const sm_gw_t *gw, const sm_prefix_t *addr,
						size_t *conn, size_t *range);

/**
 * The first section of a connection whose name starts with prefix ("local",
 * "remote": swanctl.conf names them local, local-1, local-cert, ...).
 */
const sm_vnode_t *sm_gw_auth(const sm_vnode_t *conn, const char *prefix);

/* ---- doctor*.c -------------------------------------------------------- */

/** What the checks of doctor share. */
typedef struct {
	const sm_ops_opts_t *o;
	sm_checks_t *r;
	/** the generated gateway, NULL if it could not be read */
	sm_gw_t *gw;
	/** charon, NULL if it does not answer (vici_error says why) */
	sm_vici_t *vici;
	char vici_error[SM_OPS_ERR_LEN];
	/** charon's answers: stats, list-conns' and list-certs' events,
	 *  get-pools (each NULL if not asked or failed) */
	sm_vnode_t *stats;
	sm_vnode_t *conns;
	sm_vnode_t *certs;
	sm_vnode_t *pools;
	/** the process listening on UDP 500 (0 if none or not found) */
	pid_t charon_pid;
	/** its user (0 when not found: charon runs as root by default) */
	uid_t charon_uid;
	/** warn about certificates that end within this many days,
	 *  SM_OPS_RENEW_RECORDED for each connection's renew_days */
	unsigned int renew_days;
	/** a connection's ruleset needs forwarding, which 'swanmobile firewall
	 *  apply' turns on (set by sm_doctor_firewall()) */
	bool fw_forwards;
	time_t now;
} sm_doctor_t;

/** doctor_host.c: UDP 500 and 4500 are bound, by charon (sets charon_pid). */
void sm_doctor_ports(sm_doctor_t *d);

/** datapath.c: charon's datapath of ESP works on this kernel. */
void sm_doctor_datapath(sm_doctor_t *d);

/**
 * doctor_host.c: the firewall of each generated connection: the table
 * inet swanmobile in the kernel is the one its ruleset makes
 * (firewall/firewall.h), none where firewall.enabled is false.
 */
void sm_doctor_firewall(sm_doctor_t *d);

/** doctor_host.c: IP forwarding for the pools' address families (after
 *  sm_doctor_firewall(), whose rulesets say how to turn it on). */
void sm_doctor_forwarding(sm_doctor_t *d);

/** doctor_host.c: pools overlapping interfaces' networks or routes. */
void sm_doctor_overlap(sm_doctor_t *d);

/** doctor_files.c: the certificates as clients check them. */
void sm_doctor_certificates(sm_doctor_t *d);

/** doctor_files.c: the user database (or the swanctl secrets). */
void sm_doctor_userdb(sm_doctor_t *d);
/** Check static-address: no static address of the database's users is
 *  one that a pool of a connection leases (doctor_files.c). */
void sm_doctor_statics(sm_doctor_t *d);

/**
 * Fill in c->ranges and c->range_names from c->conn and c->pools (the pools
 * = of its connection, addrs in its pools section); sm_gw_load() does it.
 *
 * @return			false if out of memory
 */
bool sm_gw_pool_ranges(sm_gw_conn_t *c);

/**
 * The pools generated from one pool of the VPN description, from index
 * start of c->ranges: that pool and the ones right after it named NAME-2,
 * NAME-3, ... (generate splits a pool around the users' static addresses).
 *
 * @return			the index after the last of them
 */
size_t sm_gw_pool_group(const sm_gw_conn_t *c, size_t start);

/**
 * Text of the pools start..end-1 of c->ranges: the range of one
 * (sm_range_format()), else "FROM-TO in N parts".
 *
 * @return			buf
 */
char *sm_gw_pool_text(const sm_gw_conn_t *c, size_t start, size_t end,
					  char *buf, size_t len);

/**
 * doctor_host.c: the networks of this host's interfaces and its routes
 * (without default routes), in the network namespace it runs in.
 *
 * @param nets		receives up to max prefixes
 * @return			the number found
 */
size_t sm_host_networks(sm_prefix_t *nets, size_t max);

/** Most addresses of this host sm_host_addresses() is asked for. */
#define SM_HOST_ADDRS_MAX 256

/**
 * doctor_host.c: the addresses of this host's interfaces (each /32 or
 * /128), in the network namespace it runs in.
 *
 * @param addrs		receives up to max addresses
 * @return			the number found
 */
size_t sm_host_addresses(sm_prefix_t *addrs, size_t max);

/**
 * doctor_host.c: the first of addrs (sm_host_addresses()) inside net.
 *
 * @return			it, NULL if none is
 */
const sm_prefix_t *sm_host_address_in(const sm_prefix_t *addrs, size_t n,
									  const sm_prefix_t *net);

/* ---- selftest_net.c: the client's namespaces and link ----------------- */

/** Longest interface name, with the NUL. */
#define SM_IFNAME_LEN 16

/** The throw-away client: a charon in its own network and mount
 *  namespaces, joined to this namespace by a veth pair. */
typedef struct {
	/** private directory (0700): DIR/run is the client's /run */
	char dir[256];
	/** the client process (0 if none): the forked child until it runs
	 *  charon, then charon itself */
	pid_t pid;
	/** the pipes to it: it writes "R" when its namespaces are ready, and
	 *  waits for "G" before it runs charon */
	int ready_fd;
	int go_fd;
	/** the veth end in this namespace, "" until it was made */
	char host_if[SM_IFNAME_LEN];
	/** the addresses of the link (a /30), host and client ends */
	sm_prefix_t link;
	char host_addr[SM_PREFIX_STRLEN];
	char client_addr[SM_PREFIX_STRLEN];
} sm_selftest_client_t;

/**
 * Choose the link's /30 among the documentation ranges: one that overlaps
 * no network and no route of this host.
 *
 * @return			false with the reason in err if none is free
 */
bool sm_client_pick_link(sm_selftest_client_t *c, char *err);

/**
 * Start the client process: a child in new network and mount namespaces
 * with c->dir/run as /run, in a process group of its own, terminated when
 * this process dies; it waits for sm_client_exec().  Sets c->pid.
 *
 * @param charon	charon's path
 * @param err		receives the reason on failure, SM_OPS_ERR_LEN bytes
 */
bool sm_client_spawn(sm_selftest_client_t *c, const char *charon, char *err);

/** Make the veth pair and address both ends (ip(8), nsenter(1)). */
bool sm_client_link(sm_selftest_client_t *c, char *err);

/** Let the client run charon with c->dir/strongswan.conf. */
bool sm_client_exec(sm_selftest_client_t *c, char *err);

/**
 * Ping addr three times from the client's namespace.
 *
 * @param out		receives ping's summary line (may be "")
 * @return			ping's exit status (0: replies), -1 if it cannot run
 */
int sm_client_ping(const sm_selftest_client_t *c, const char *addr, char *out,
				   size_t len);

/**
 * Stop the client: SIGTERM to charon, SIGKILL if it does not exit in a
 * few seconds; its namespaces (and the veth pair) go with it.  Safe to call
 * twice and from any state.
 */
void sm_client_stop(sm_selftest_client_t *c);

/* ---- selftest.c, selftest_client.c ------------------------------------ */

/** One run of selftest. */
typedef struct {
	const sm_selftest_opts_t *o;
	sm_checks_t *r;
	/** the generated gateway and the connection tested */
	sm_gw_t *gw;
	const sm_gw_conn_t *conn;
	/** its local identity (internal data of gw) */
	const char *local_id;
	/** the gateway's charon */
	sm_vici_t *gwv;
	/** the client, and its charon once it answers */
	sm_selftest_client_t client;
	sm_vici_t *cv;
	/** the user and the NT hash of its password (wiped at the end) */
	char user[256];
	uint8_t hash[16];
	/** the user's static addresses and own DNS servers in the database
	 *  ("" for none, and for a temporary user) */
	char user_vip4[SM_PREFIX_STRLEN];
	char user_vip6[SM_PREFIX_STRLEN];
	char user_dns[SM_USER_DNS_STRLEN];
	/** whether the user is a temporary one, added to the database */
	bool added;
	/** what charon logged while it initiated ("[IKE] ..." lines) */
	char log[8192];
	/** the client's IKE_SA once established (list-sas), NULL before */
	sm_vnode_t *sas;
	/** seconds the connection took */
	double seconds;
	/** selftest could not run (setup failed) */
	bool error;
} sm_selftest_t;

/** selftest_client.c: write the client charon's strongswan.conf. */
bool sm_selftest_conf(sm_selftest_t *t, char *err);

/** How far sm_selftest_connect() got. */
typedef enum {
	/** no IKE_SA */
	SM_SELFTEST_NONE,
	/** an IKE_SA (virtual IP, attributes), but no CHILD_SA */
	SM_SELFTEST_IKE,
	/** the IKE_SA and its CHILD_SA */
	SM_SELFTEST_CHILD,
} sm_selftest_got_t;

/**
 * selftest_client.c: wait for the client charon to answer (t->cv), load
 * the CA certificate, the user's NT hash and the connection, and initiate;
 * adds the "client" and "connect" checks, and sets t->sas when an IKE_SA
 * was established.
 */
sm_selftest_got_t sm_selftest_connect(sm_selftest_t *t);

/**
 * selftest_verify.c: check the virtual IP and what was pushed and, with a
 * CHILD_SA, the networks of the tunnel and a ping.
 */
void sm_selftest_verify(sm_selftest_t *t, sm_selftest_got_t got);

/** selftest.c: whether a signal asked selftest to stop. */
bool sm_selftest_interrupted(void);

/* ---- cpattr.c --------------------------------------------------------- */

/** Longest value text of a configuration attribute. */
#define SM_CPATTR_VALUE_LEN 512

/** One configuration attribute a client received. */
typedef struct {
	/** attribute type (RFC 7296 and Cisco Unity numbers) */
	unsigned int type;
	/** its length in bytes */
	size_t len;
	/** its value: a.b.c.d, an IPv6 address, PREFIX/LEN, a string, hex */
	char value[SM_CPATTR_VALUE_LEN];
} sm_cpattr_t;

/**
 * The configuration attributes of the last CP payload charon parsed (not
 * generated) in a log with the "enc" group at level 3 (raw payload dumps),
 * as tests/e2e/cpattr.awk decodes them.
 *
 * @param log		the log text
 * @param len		its length
 * @param attrs		receives up to max attributes
 * @param max		room in attrs
 * @return			number of attributes found (may exceed max: the rest
 *					were dropped)
 */
size_t sm_cpattr_parse(const char *log, size_t len, sm_cpattr_t *attrs,
					   size_t max);

/** Name of an attribute type ("INTERNAL_IP4_DNS"), "UNKNOWN" if unknown. */
const char *sm_cpattr_name(unsigned int type);

/* ---- profile.c: what the plugin pushes ------------------------------- */

/** Most values of one kind compared (more are dropped). */
#define SM_VALUES_MAX 32

/** A set of values in canonical text (addresses and prefixes canonical,
 *  domains in lower case), in the order added, without duplicates. */
typedef struct {
	char v[SM_VALUES_MAX][SM_CPATTR_VALUE_LEN];
	size_t n;
} sm_values_t;

/** Add a value (made canonical) unless it is there already. */
void sm_values_add(sm_values_t *s, const char *value);

/** Whether a set holds a canonical value. */
bool sm_values_has(const sm_values_t *s, const char *value);

/**
 * The values separated by ", ".
 *
 * @return			buf, or "none" for an empty set
 */
const char *sm_values_text(const sm_values_t *s, char *buf, size_t size);

/** A client of a connection, as the plugin sees it. */
typedef struct {
	/** whether it got an IPv4 or an IPv6 virtual IP */
	bool v4;
	bool v6;
	/** the user's own DNS servers in the database ("a,b"), NULL for none */
	const char *user_dns;
	/** the gateway's address the client connected to ("dynamic" in a
	 *  traffic selector), NULL if unknown */
	const char *gateway;
} sm_push_client_t;

/** What the plugin pushes to an IKEv2 client. */
typedef struct {
	/** INTERNAL_IP4_DNS and INTERNAL_IP6_DNS */
	sm_values_t dns;
	/** whether they are the user's own servers */
	bool user_dns;
	/** INTERNAL_IP4_NBNS */
	sm_values_t nbns;
	/** UNITY_DEF_DOMAIN */
	sm_values_t default_domain;
	/** INTERNAL_DNS_DOMAIN */
	sm_values_t split_dns;
	/** whether network_list is on */
	bool network_list;
	/** INTERNAL_IP4_SUBNET and INTERNAL_IP6_SUBNET (PREFIX/LEN) */
	sm_values_t networks;
} sm_pushed_t;

/**
 * What the plugin pushes to an IKEv2 client of a connection, by its rules
 * (plugin/swanmobile_attrs_build.c, swanmobile.conf(5) MOBILE PROFILES): from
 * c->profile, nothing without one or to a client without a virtual IP;
 * the user's own DNS servers replace the profile's; servers and networks
 * of a family the client has no virtual IP of are left out; the split
 * domains are split_dns, none with %none, else the default domain; the
 * network list (network_list) is the local traffic selectors of the
 * connection's children that are subnets ("dynamic": the gateway's
 * address); names that are no DNS name and values that are no address
 * are left out, as the plugin ignores them.
 *
 * @param c			the connection
 * @param client	the client
 * @param out		receives what is pushed
 */
void sm_profile_pushed(const sm_gw_conn_t *c, const sm_push_client_t *client,
					   sm_pushed_t *out);

/* ---- spawn.c ---------------------------------------------------------- */

/** Longest output sm_spawn_run() keeps. */
#define SM_SPAWN_OUTPUT_MAX 8192

/**
 * Find a program in the usual system directories (/usr/sbin, /usr/bin,
 * /sbin, /bin).
 *
 * @param path		receives its path
 * @param len		size of path
 * @return			path, NULL if not found
 */
const char *sm_spawn_which(const char *name, char *path, size_t len);

/**
 * Run a program with a fixed argument vector (no shell, no PATH search),
 * standard input from /dev/null, and wait for it at most timeout_ms
 * (killed after that).
 *
 * @param argv		path and arguments, NULL-terminated
 * @param output	receives its standard output and error, truncated to
 *					SM_SPAWN_OUTPUT_MAX (may be NULL: discarded)
 * @param outlen	size of output
 * @param timeout_ms	how long to wait
 * @return			its exit status (0..255), 128 + signal if killed, -1 if
 *					it could not be started (errno set)
 */
int sm_spawn_run(char *const argv[], char *output, size_t outlen,
				 int timeout_ms);

#endif /* SM_OPS_INT_H_ */
