/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file model.h
 * Stage model/ (libmodel.la): a VPN description from YAML to a validated
 * model.  This header says what the folder holds.
 *
 *   in          the YAML text of a description or of a users file
 *               (load.h: sm_load_file(), sm_load_buffer(),
 *               sm_load_users_buffer())
 *   out         the model (this header), every error and warning in an
 *               sm_diag_t; an account as a user record (account.h)
 *   inside      yaml_reader.c + yaml_pos.c (YAML events to a positioned
 *               tree, secrets hidden; yaml_redact.c for what the parser
 *               never saw), schema.c + schema_types.c + schema_v1.c (key
 *               tables to the model), model.c (defaults), proposal.c
 *               (strongSwan proposals), validate.c + validate_times.c +
 *               validate_crypto.c (cross-field rules), load.c (the
 *               pipeline)
 *   includes    base/ and lib/ (and libyaml); never pki/, render/, users/
 *               or the commands
 *
 * The typed model of a VPN description (schema version 1, see
 * swanmobile.yaml(5)).  The loader fills it from YAML, the validator checks
 * it, and the emitters only read a validated model.
 *
 * Every value remembers where it came from (sm_pos_t) and whether it was
 * given at all ("set"), so that cross-field errors point at the right place
 * and defaults are applied in one place (sm_model_defaults()).
 */
#ifndef SM_MODEL_H_
#define SM_MODEL_H_

#include "base/diag.h"
#include "base/esp.h"
#include "sm_net.h"
#include "sm_user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Schema version this model implements. */
#define SM_SCHEMA_VERSION 1

/** A string value (UTF-8, NUL-terminated). */
typedef struct {
	/** owned by the model; NULL when not set */
	char *v;
	sm_pos_t pos;
} sm_str_t;

/** An unsigned integer value. */
typedef struct {
	uint64_t v;
	bool set;
	sm_pos_t pos;
} sm_uint_t;

/** A boolean value (YAML true/false only). */
typedef struct {
	bool v;
	bool set;
	sm_pos_t pos;
} sm_bool_t;

/** An address or prefix value, normalised by the loader where noted. */
typedef struct {
	sm_prefix_t v;
	bool set;
	sm_pos_t pos;
} sm_addr_t;

/** A list of strings. */
typedef struct {
	sm_str_t *items;
	size_t n;
	/** whether the key was given (an empty list is not the same as none) */
	bool set;
	sm_pos_t pos;
} sm_strlist_t;

/** A list of addresses or prefixes. */
typedef struct {
	sm_addr_t *items;
	size_t n;
	bool set;
	sm_pos_t pos;
} sm_addrlist_t;

/** Key algorithm and size: "rsa-2048|3072|4096", "ecdsa-p256|p384". */
typedef enum {
	SM_KEY_UNSET = 0,
	SM_KEY_RSA_2048,
	SM_KEY_RSA_3072,
	SM_KEY_RSA_4096,
	SM_KEY_ECDSA_P256,
	SM_KEY_ECDSA_P384,
} sm_key_kind_t;

typedef struct {
	sm_key_kind_t v;
	sm_pos_t pos;
} sm_key_t;

/** Certificate digest: "sha256", "sha384", "sha512". */
typedef enum {
	SM_DIGEST_UNSET = 0,
	SM_DIGEST_SHA256,
	SM_DIGEST_SHA384,
	SM_DIGEST_SHA512,
} sm_digest_kind_t;

typedef struct {
	sm_digest_kind_t v;
	sm_pos_t pos;
} sm_digest_t;

/** Distinguished-name fields besides the common name (all optional). */
typedef struct {
	/** two-letter ISO 3166 code */
	sm_str_t country;
	sm_str_t state;
	sm_str_t city;
	sm_str_t organization;
	sm_str_t unit;
	/** position of the subject mapping */
	sm_pos_t pos;
} sm_subject_t;

/** gateway: how clients reach the gateway and how it identifies itself. */
typedef struct {
	/** DNS name (or address) clients connect to: certificate CN and SAN */
	sm_str_t hostname;
	/** IKE identity (my identifier); default hostname; must be a cert name */
	sm_str_t identifier;
	/** further DNS names for the certificate */
	sm_strlist_t names;
	/** addresses clients connect to: iPAddress and dNSName SANs */
	sm_addrlist_t addresses;
	/** local addresses charon accepts IKE on (swanctl local_addrs); none = any */
	sm_addrlist_t listen;
	/** how charon carries ESP; SM_DATAPATH_AUTO (default): the kernel's
	 *  IPsec where it has ESP, else kernel-libipsec */
	struct {
		sm_datapath_t v;
		sm_pos_t pos;
	} datapath;
	sm_pos_t pos;
} sm_gateway_t;

/** ca: the internal certificate authority. */
typedef struct {
	/** default "<hostname> VPN CA" */
	sm_str_t common_name;
	sm_subject_t subject;
	/** default ecdsa-p384 */
	sm_key_t key;
	/** default sha384 for ecdsa-p384, else sha256 */
	sm_digest_t digest;
	/** days; default 3650 */
	sm_uint_t lifetime;
	sm_pos_t pos;
} sm_ca_t;

/** certificate: the server certificate, signed by the CA. */
typedef struct {
	/** default: the CA's subject fields */
	sm_subject_t subject;
	/** default rsa-3072 (what every client accepts, iOS set up by hand too) */
	sm_key_t key;
	/** default sha256 */
	sm_digest_t digest;
	/** days; default 825 */
	sm_uint_t lifetime;
	/** days before expiry at which `swanmobile renew` reissues; default 30 */
	sm_uint_t renew_before;
	sm_pos_t pos;
} sm_cert_t;

/** mobile: the virtual address pools and what is pushed to clients. */
typedef struct {
	/** IPv4 pool (network address, no host bits) */
	sm_addr_t pool;
	/** IPv6 pool */
	sm_addr_t pool6;
	/** DNS servers, at most 4, IPv4 or IPv6 (single addresses) */
	sm_addrlist_t dns;
	/** WINS (NBNS) servers, at most 2, IPv4 */
	sm_addrlist_t wins;
	/** default search domain (UNITY_DEF_DOMAIN) */
	sm_str_t default_domain;
	/** split DNS domains; not set = all DNS to the VPN; set and empty =
	 *  the default domain only */
	sm_strlist_t split_dns;
	/** push the phase 2 local networks as the client's network list;
	 *  default true */
	sm_bool_t network_list;
	/** IKEv1 Xauth clients: allow saving the password; default false */
	sm_bool_t save_password;
	/** IKEv1 Xauth clients: login banner */
	sm_str_t banner;
	/** IKEv1 Unity clients: the phase 2 PFS group, a key exchange method
	 *  in strongSwan's spelling; NULL for none */
	sm_str_t pfs_group;
	sm_pos_t pos;
} sm_mobile_t;

/** DPD/fragmentation/unique-id choices. */
typedef enum {
	SM_FRAG_UNSET = 0,
	SM_FRAG_YES,
	SM_FRAG_ACCEPT,
	SM_FRAG_FORCE,
	SM_FRAG_NO,
} sm_frag_kind_t;

typedef enum {
	SM_UNIQUE_UNSET = 0,
	SM_UNIQUE_REPLACE,
	SM_UNIQUE_KEEP,
	SM_UNIQUE_NEVER,
	SM_UNIQUE_NO,
} sm_unique_kind_t;

/** ike: phase 1 of the mobile connection (IKEv2). */
typedef struct {
	/** strongSwan proposal strings, validated and lower-cased; default
	 *  SM_DEFAULT_IKE_PROPOSALS */
	sm_strlist_t proposals;
	/** seconds; basis of the defaults below; default 28800 */
	sm_uint_t lifetime;
	/** seconds; default 90% of lifetime */
	sm_uint_t rekey_time;
	/** seconds, 0 = never; default 0 (clients do not expect it) */
	sm_uint_t reauth_time;
	/** seconds; default 10% of lifetime */
	sm_uint_t rand_time;
	/** default true */
	sm_bool_t mobike;
	/** seconds between DPD checks, 0 = off; default 30 */
	sm_uint_t dpd_delay;
	struct {
		sm_frag_kind_t v;
		sm_pos_t pos;
	} fragmentation;
	struct {
		sm_unique_kind_t v;
		sm_pos_t pos;
	} unique_ids;
	/** allow 3DES, SHA-1, MODP-1024 (with a warning); default false */
	sm_bool_t legacy_crypto;
	sm_pos_t pos;
} sm_ike_t;

/** One entry of children: a phase 2 (CHILD_SA config). */
typedef struct {
	/** [a-z0-9_-]+, unique */
	sm_str_t name;
	/** the gateway-side networks (local_ts); 0.0.0.0/0 and/or ::/0 for a
	 *  full tunnel */
	sm_addrlist_t local_networks;
	/** ESP proposals; default SM_DEFAULT_ESP_PROPOSALS */
	sm_strlist_t proposals;
	/** PFS key exchange method ("ecp384", "modp2048", ...) or unset */
	sm_str_t pfs;
	/** seconds; default 3600 */
	sm_uint_t lifetime;
	/** seconds; default 90% of lifetime */
	sm_uint_t rekey_time;
	/** seconds; default 10% of lifetime */
	sm_uint_t rand_time;
	sm_pos_t pos;
} sm_child_t;

/** Client platforms the proposals must work for. */
typedef enum {
	SM_CLIENT_WINDOWS = 1 << 0,
	SM_CLIENT_APPLE = 1 << 1,
	SM_CLIENT_ANDROID = 1 << 2,
	SM_CLIENT_LINUX = 1 << 3,
} sm_client_t;

#define SM_CLIENTS_ALL                                                         \
	(SM_CLIENT_WINDOWS | SM_CLIENT_APPLE | SM_CLIENT_ANDROID | SM_CLIENT_LINUX)

/** One user account for EAP-MSCHAPv2. */
typedef struct {
	/** the identity exactly as clients send it */
	sm_str_t identity;
	/** plaintext password (wiped when the model is destroyed) */
	sm_str_t password;
	/** or: the NT hash */
	uint8_t nt_hash[SM_NT_HASH_LEN];
	bool has_nt_hash;
	sm_pos_t nt_hash_pos;
	/** static virtual IPv4 address (a single address) */
	sm_addr_t address;
	/** static virtual IPv6 address */
	sm_addr_t address6;
	/** per-user DNS servers */
	sm_addrlist_t dns;
	/** default true */
	sm_bool_t enabled;
	sm_pos_t pos;
} sm_account_t;

/** Where user secrets go. */
typedef enum {
	SM_BACKEND_UNSET = 0,
	/** the plugin's SQLite database of NT hashes */
	SM_BACKEND_DATABASE,
	/** swanctl secrets (ntlm, NT hashes only) */
	SM_BACKEND_SWANCTL,
} sm_backend_kind_t;

/** users: the EAP-MSCHAPv2 user list. */
typedef struct {
	struct {
		sm_backend_kind_t v;
		sm_pos_t pos;
	} backend;
	/** users absent from accounts are removed from the database; default
	 *  false */
	sm_bool_t authoritative;
	sm_account_t *accounts;
	size_t n_accounts;
	sm_pos_t accounts_pos;
	sm_pos_t pos;
} sm_users_t;

/** What clients may reach besides the rules (firewall.access). */
typedef enum {
	SM_ACCESS_UNSET = 0,
	/** the children's local networks (the phase 2 networks) */
	SM_ACCESS_NETWORKS,
	/** everything (a full tunnel) */
	SM_ACCESS_ALL,
	/** nothing but what firewall.rules allow */
	SM_ACCESS_NONE,
} sm_access_kind_t;

/** What a firewall rule does with the traffic it matches. */
typedef enum {
	SM_RULE_UNSET = 0,
	SM_RULE_ALLOW,
	/** refused: TCP reset, else ICMP administratively prohibited */
	SM_RULE_DENY,
} sm_rule_action_t;

/** The protocol a firewall rule matches; unset = any. */
typedef enum {
	SM_L4_ANY = 0,
	SM_L4_TCP,
	SM_L4_UDP,
	SM_L4_SCTP,
	/** ICMP for IPv4, ICMPv6 for IPv6 */
	SM_L4_ICMP,
	SM_L4_GRE,
} sm_l4_kind_t;

/** A port or a range of ports (lo == hi for one port). */
typedef struct {
	uint16_t lo;
	uint16_t hi;
	sm_pos_t pos;
} sm_port_t;

/** A list of ports and port ranges. */
typedef struct {
	sm_port_t *items;
	size_t n;
	bool set;
	sm_pos_t pos;
} sm_portlist_t;

/** One entry of firewall.rules; the first rule that matches decides. */
typedef struct {
	struct {
		sm_rule_action_t v;
		sm_pos_t pos;
	} action;
	/** destinations (networks or addresses); none = anywhere */
	sm_addrlist_t to;
	struct {
		sm_l4_kind_t v;
		sm_pos_t pos;
	} protocol;
	/** destination ports (tcp, udp, sctp only) */
	sm_portlist_t ports;
	sm_pos_t pos;
} sm_fw_rule_t;

/** firewall: what clients may reach, source NAT, MSS clamping. */
typedef struct {
	/** write and load the ruleset; default true */
	sm_bool_t enabled;
	/** default networks */
	struct {
		sm_access_kind_t v;
		sm_pos_t pos;
	} access;
	/** checked in order before access */
	sm_fw_rule_t *rules;
	size_t n_rules;
	sm_pos_t rules_pos;
	/** masquerade the pools' traffic leaving through nat_interface;
	 *  default false */
	sm_bool_t nat;
	/** the interface towards the Internet (a Linux interface name) */
	sm_str_t nat_interface;
	/** default kernel */
	struct {
		sm_datapath_t v;
		sm_pos_t pos;
	} datapath;
	/** kernel-libipsec's TUN device; default "ipsec0" */
	sm_str_t tunnel_interface;
	/** largest TCP MSS of IPv4 tunnel traffic (IPv6: 20 less); default
	 *  SM_DEFAULT_MSS */
	sm_uint_t mss;
	sm_pos_t pos;
} sm_firewall_t;

/** The whole description. */
typedef struct {
	/** the file the model was loaded from (internal data of the diag list) */
	const char *file;
	/** schema version, must be 1 */
	sm_uint_t version;
	/** connection name, [a-z0-9_-]+; default "swanmobile" */
	sm_str_t name;
	sm_gateway_t gateway;
	sm_ca_t ca;
	sm_cert_t certificate;
	sm_mobile_t mobile;
	sm_ike_t ike;
	sm_child_t *children;
	size_t n_children;
	sm_pos_t children_pos;
	/** SM_CLIENT_* bits; default all */
	unsigned int clients;
	sm_pos_t clients_pos;
	sm_users_t users;
	sm_firewall_t firewall;
} sm_model_t;

/** Defaults applied by sm_model_defaults(). */
#define SM_DEFAULT_NAME "swanmobile"
#define SM_DEFAULT_IKE_PROPOSALS                                               \
	"aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha256-ecp256",            \
		"aes256-sha256-modp2048"
/* PFS as the client asks for it: ecp384 first (what the gateway proposes
 * when it rekeys, and what the generated Windows and Apple profiles use),
 * the groups of other clients, and none for clients that rekey without
 * (macOS set up by hand, strongSwan 5.9's swanctl and NetworkManager on
 * their defaults) */
#define SM_DEFAULT_ESP_PROPOSALS                                               \
	"aes256gcm16-aes128gcm16-ecp384-curve25519-ecp256-modp3072-modp2048-none", \
		"aes256-sha256-ecp384-curve25519-ecp256-modp3072-modp2048-none"
#define SM_DEFAULT_CA_LIFETIME_DAYS 3650
#define SM_DEFAULT_CERT_LIFETIME_DAYS 825
#define SM_DEFAULT_RENEW_BEFORE_DAYS 30
#define SM_DEFAULT_IKE_LIFETIME 28800
#define SM_DEFAULT_CHILD_LIFETIME 3600
#define SM_DEFAULT_DPD_DELAY 30
#define SM_DEFAULT_MSS 1360
#define SM_DEFAULT_TUNNEL_INTERFACE "ipsec0"

/**
 * Create an empty model.
 *
 * @return			new model (must be destroyed), NULL if out of memory
 */
sm_model_t *sm_model_create(void);

/**
 * Destroy a model, wiping passwords; NULL is fine.
 */
void sm_model_destroy(sm_model_t *model);

/**
 * Fill every unset value with its default (see the comments above).
 * Called by the loader after parsing and before validation.
 *
 * @return			false if out of memory
 */
bool sm_model_defaults(sm_model_t *model);

/** Names used in messages and the schema for the enums above. */
const char *sm_key_name(sm_key_kind_t key);
const char *sm_digest_name(sm_digest_kind_t digest);
const char *sm_client_name(sm_client_t client);

#endif /* SM_MODEL_H_ */
