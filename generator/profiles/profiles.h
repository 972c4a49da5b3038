/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file profiles.h
 * Client profiles, made from the same model as the gateway so that they
 * match it by construction, and what each client platform's own defaults
 * do against that gateway.
 *
 * In: a validated model (sm_model_t); for the files, the gateway's CA
 * certificate and the templates.  Out: the per-platform verdicts (for
 * `swanmobile check`), warnings, and the rendered profiles (sm_outputs_t)
 * of `swanmobile profile` and of generate's clients/ directory.
 *
 *   offer.c      proposals as charon holds them (transform lists per
 *                type) and strongSwan 5.9.8's selection rules
 *                (proposal.c select_algo(): the responder prefers its own
 *                order, key exchange optional in ESP and AH, skipped for
 *                the CHILD_SA of IKE_AUTH)
 *   platforms.c  each platform's default offers and rekey behaviour, with
 *                sources, and the exchanges simulated against a gateway:
 *                IKE_SA_INIT, the CHILD_SA of IKE_AUTH, CHILD_SA and IKE
 *                rekeys started by either side
 *   crypto.c     the crypto a generated profile pins, chosen from the
 *                gateway's proposals in its order
 *   report.c     the verdicts `swanmobile check` prints and its warnings
 *   render.c     the profile files: CA export (PEM, DER), Windows
 *                PowerShell, Apple .mobileconfig (signed on request),
 *                Android .sswan, NetworkManager keyfile, swanctl client
 */
#ifndef SM_PROFILES_H_
#define SM_PROFILES_H_

#include "base/diag.h"
#include "model/model.h"
#include "model/proposal.h"
#include "render/emit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- proposals (offer.c) ------------------------------------------------- */

/** One transform of a proposal. */
typedef struct {
	sm_trans_t type;
	/** IANA transform ID (strongSwan's private ones are 1024 and up); for
	 *  SM_TRANS_KE, 0 is "none" */
	uint16_t id;
	/** key size in bits, 0 if fixed */
	uint16_t keysize;
} sm_xform_t;

/** Most transforms of one proposal (strongSwan's default IKE proposal has
 *  38 on Debian 12). */
#define SM_PROP_MAX_XFORMS 64

/** A proposal as charon holds it after parsing (check_proposal()): a PRF
 *  derived for IKE where none is written, integrity dropped next to AEAD,
 *  "noesn" added to ESP. */
typedef struct {
	sm_proto_t proto;
	sm_xform_t x[SM_PROP_MAX_XFORMS];
	size_t n;
} sm_prop_t;

/** Most proposals in one list. */
#define SM_PROPS_MAX 32

/** A list of proposals: a configuration or what a peer offers. */
typedef struct {
	sm_prop_t p[SM_PROPS_MAX];
	size_t n;
} sm_props_t;

/**
 * Parse a comma-separated list of strongSwan proposals ("aes256gcm16-
 * prfsha384-ecp384, default") into props (appended).  The keyword
 * "default" is strongSwan 5.9.8's default proposal and its AEAD twin as
 * Debian 12's charon builds them.  Looser than sm_proposal_parse(): what
 * clients send is described too (integrity next to AEAD is dropped, as
 * charon does).
 *
 * @param list		the proposals
 * @param proto		IKE or ESP
 * @param props		receives the proposals (appended)
 * @param err		receives the reason on failure
 * @param errlen	size of err
 * @return			true on success
 */
bool sm_props_parse(const char *list, sm_proto_t proto, sm_props_t *props,
					char *err, size_t errlen);

/** sm_props_select() flags */
enum {
	/** ignore key exchange methods (the CHILD_SA of IKE_AUTH) */
	SM_SELECT_SKIP_KE = 1 << 0,
};

/**
 * Select a proposal as a strongSwan 5.9.8 responder does by default
 * (charon.prefer_configured_proposals): the first configured proposal that
 * matches any supplied one, algorithms in the configured order; key
 * exchange is optional in ESP ("none" matches a proposal without any);
 * private algorithms never match (peers are not known to be strongSwan).
 *
 * @param configured	the responder's proposals
 * @param supplied		the initiator's proposals
 * @param flags			SM_SELECT_*
 * @param selected		receives the selected proposal (may be NULL)
 * @return				whether a proposal was selected
 */
bool sm_props_select(const sm_props_t *configured, const sm_props_t *supplied,
					 int flags, sm_prop_t *selected);

/**
 * The first transform of a type in a proposal.
 *
 * @return			false if the proposal has none of that type
 */
bool sm_prop_first(const sm_prop_t *p, sm_trans_t type, uint16_t *id,
				   uint16_t *keysize);

/**
 * Whether a proposal has a transform.
 */
bool sm_prop_has(const sm_prop_t *p, sm_trans_t type, uint16_t id,
				 uint16_t keysize);

/**
 * The first key exchange method of a list of proposals, as child_cfg's
 * get_algorithm() finds it: that of the first proposal having any (0 for
 * none: no key exchange).  What the gateway proposes for its own rekeys.
 */
uint16_t sm_props_first_ke(const sm_props_t *props);

/**
 * Remove the key exchange methods of every proposal and then the
 * duplicates, as charon's child_cfg get_proposals(strip) does.
 */
void sm_props_strip_ke(sm_props_t *props);

/**
 * Write a proposal in strongSwan's syntax ("aes256gcm16-prfsha384-ecp384").
 *
 * @return			buf
 */
const char *sm_prop_format(const sm_prop_t *p, char *buf, size_t size);

/**
 * Write a list of proposals in swanctl's syntax, separated by sep.
 *
 * @return			buf
 */
const char *sm_props_format(const sm_props_t *props, const char *sep, char *buf,
							size_t size);

/**
 * The keyword of a key exchange method ("ecp384", "none"), NULL if unknown.
 */
const char *sm_ke_keyword(uint16_t id);

/**
 * The gateway's proposals as charon loads them from generate's output: the
 * IKE proposals, and the ESP proposals of all children in one list (each
 * child's pfs appended to its proposals that name no key exchange method,
 * duplicates once; see emit.c).
 *
 * @return			false if a proposal does not parse (err says why)
 */
bool sm_gateway_props(const sm_model_t *m, sm_props_t *ike, sm_props_t *esp,
					  char *err, size_t errlen);

/* ---- platforms and negotiation (platforms.c) ----------------------------- */

/** The generated profiles. */
typedef enum {
	/** none: a platform on its own defaults */
	SM_PROFILE_NONE = 0,
	/** the CA certificate, PEM and DER */
	SM_PROFILE_CA,
	/** Windows 10/11: a PowerShell script */
	SM_PROFILE_WINDOWS,
	/** iOS, macOS: a .mobileconfig */
	SM_PROFILE_APPLE,
	/** the strongSwan app on Android: a .sswan */
	SM_PROFILE_ANDROID,
	/** NetworkManager's strongSwan plugin: a keyfile */
	SM_PROFILE_NETWORKMANAGER,
	/** strongSwan's swanctl: a client directory */
	SM_PROFILE_LINUX,
	SM_PROFILE_MAX,
} sm_profile_kind_t;

/** How a client picks the key exchange of a CHILD_SA rekey it starts. */
typedef enum {
	/** strongSwan: the CHILD_SA's group, else the first key exchange of
	 *  its proposals (none: no key exchange) */
	SM_REKEY_KE_FIRST,
	/** never a key exchange */
	SM_REKEY_KE_NONE,
	/** iOS: its first ESP proposal with the IKE_SA's group, and without */
	SM_REKEY_KE_IKE_GROUP,
} sm_rekey_ke_t;

/** What a client offers and how it behaves. */
typedef struct {
	sm_props_t ike;
	sm_props_t esp;
	sm_rekey_ke_t rekey_ke;
	/** as responder, fails a CREATE_CHILD_SA with a key exchange it did
	 *  not configure (Windows without -PfsGroup: error 13816) */
	bool rejects_unasked_ke;
	/** as responder of a rekey, fails unless the initiator's key exchange
	 *  is the group it selects: it cannot ask for another with
	 *  INVALID_KE_PAYLOAD (Windows, interop/windowsClients) */
	bool no_invalid_ke;
} sm_client_offer_t;

/** One client platform as `check` describes it. */
typedef struct {
	/** short id, e.g. "windows", "windows-profile", "macos" */
	const char *id;
	/** the clients: entry it belongs to */
	sm_client_t client;
	/** e.g. "Windows 10/11, built-in client" */
	const char *name;
	/** the generated profile that configures it, SM_PROFILE_NONE for its
	 *  own defaults */
	sm_profile_kind_t profile;
	/** the profile that sets it up when its defaults fail */
	sm_profile_kind_t fix;
	/** its defaults (for SM_PROFILE_NONE): swanctl syntax */
	const char *ike;
	const char *esp;
	sm_rekey_ke_t rekey_ke;
	bool rejects_unasked_ke;
	bool no_invalid_ke;
	/** where the defaults are documented */
	const char *source;
	/** a caveat for the report, or NULL */
	const char *note;
} sm_platform_t;

/**
 * The platforms, in the order of the report.
 *
 * @param n			receives their number
 */
const sm_platform_t *sm_platforms(size_t *n);

/** The steps of a connection and its rekeys. */
typedef enum {
	/** IKE_SA_INIT (client offers, gateway selects) */
	SM_STEP_IKE,
	/** the CHILD_SA of IKE_AUTH (key exchange skipped) */
	SM_STEP_CHILD,
	/** a CHILD_SA rekey the client starts */
	SM_STEP_CHILD_REKEY,
	/** a CHILD_SA rekey the gateway starts */
	SM_STEP_CHILD_REKEY_GW,
	/** an IKE rekey the client starts */
	SM_STEP_IKE_REKEY,
	/** an IKE rekey the gateway starts */
	SM_STEP_IKE_REKEY_GW,
	SM_STEP_MAX,
} sm_step_t;

/** The outcome of sm_negotiate(). */
typedef struct {
	/** whether the step succeeds (false for steps never reached) */
	bool ok[SM_STEP_MAX];
	/** whether the step is reached */
	bool run[SM_STEP_MAX];
	/** why a reached step fails */
	char why[SM_STEP_MAX][512];
	/** the selected proposals */
	sm_prop_t ike;
	sm_prop_t child;
	sm_prop_t child_rekey;
	/** swanctl proposals with which a strongSwan initiator offers what the
	 *  client offers, rekeys included (for the test bed) */
	char emu_ike[1024];
	char emu_esp[1024];
} sm_nego_t;

/**
 * Simulate a client against a gateway running strongSwan 5.9.8.
 *
 * @param gw_ike	the gateway's IKE proposals
 * @param gw_esp	the gateway's ESP proposals
 * @param c			the client
 * @param out		receives the outcome
 */
void sm_negotiate(const sm_props_t *gw_ike, const sm_props_t *gw_esp,
				  const sm_client_offer_t *c, sm_nego_t *out);

/* ---- what generated profiles pin (crypto.c) ------------------------------ */

/** The crypto settings of a generated profile. */
typedef struct {
	sm_profile_kind_t kind;
	/** Windows: Set-VpnConnectionIPsecConfiguration's values */
	const char *encryption_method;
	const char *integrity_check_method;
	const char *dh_group;
	const char *cipher_transform;
	const char *auth_transform;
	const char *pfs_group;
	/** Apple: IKESecurityAssociationParameters and
	 *  ChildSecurityAssociationParameters */
	const char *apple_ike_encr;
	const char *apple_ike_integ;
	unsigned int apple_ike_dh;
	const char *apple_child_encr;
	const char *apple_child_integ;
	unsigned int apple_child_dh;
	bool apple_pfs;
	unsigned int ike_minutes;
	unsigned int child_minutes;
	/** Android (one proposal each), NetworkManager and swanctl (the
	 *  gateway's lists): strongSwan syntax */
	char ike[1024];
	char esp[1024];
	/** the client these settings make, for sm_negotiate() */
	sm_client_offer_t offer;
} sm_profile_crypto_t;

/**
 * Choose the crypto of a profile from the gateway's proposals: the first
 * proposal (and in it the first algorithms) the platform can be set to;
 * PFS with the gateway's first key exchange method when the platform
 * supports it, so that rekeys started by either side agree.
 *
 * @param m			validated model
 * @param kind		the profile
 * @param out		receives the settings
 * @param err		receives why no setting fits
 * @return			false if the platform cannot be set to any proposal
 */
bool sm_profile_crypto(const sm_model_t *m, sm_profile_kind_t kind,
					   sm_profile_crypto_t *out, char *err, size_t errlen);

/**
 * The client a platform is: its defaults, or what its profile pins.
 *
 * @return			false if its profile cannot be made (err says why)
 */
bool sm_platform_offer(const sm_model_t *m, const sm_platform_t *pf,
					   sm_client_offer_t *out, char *err, size_t errlen);

/* ---- check's report (report.c) ------------------------------------------- */

/** How sm_compat_report() prints. */
typedef enum {
	/** sentences for people */
	SM_REPORT_TEXT,
	/** one line per platform of KEY=VALUE words, for scripts */
	SM_REPORT_LINES,
} sm_report_format_t;

/**
 * For every platform of the model's clients: whether it connects and
 * rekeys against the gateway, or which generated profile it needs; adds a
 * warning (at the proposals concerned) for each platform that connects but
 * fails a CHILD_SA or IKE rekey, and for a listed client no profile can
 * set up.
 *
 * @param m			validated model
 * @param diag		receives the warnings
 * @param out		where to print (NULL: warnings only)
 * @param format	how to print
 */
void sm_compat_report(const sm_model_t *m, sm_diag_t *diag, FILE *out,
					  sm_report_format_t format);

/* ---- profile files (render.c) -------------------------------------------- */

/** The names of the profiles, for the command line: "windows", ... */
const char *sm_profile_name(sm_profile_kind_t kind);

/**
 * A profile by its command-line name.
 *
 * @return			SM_PROFILE_NONE if unknown
 */
sm_profile_kind_t sm_profile_by_name(const char *name);

/** What goes into the profile files besides the model. */
typedef struct {
	/** directory of the templates (profiles/ below it) */
	const char *templates_dir;
	/** name of the YAML file, for the "generated from" comments */
	const char *source;
	/** where the files go */
	const char *out_dir;
	/** the CA certificate (PEM); NULL while there is none yet: the files
	 *  are rendered without it (to check the templates) and the CA files
	 *  left out */
	const char *ca_pem;
	size_t ca_pem_len;
	/** the user: EAP identity, or NULL for profiles that ask */
	const char *user;
	/** the user's password, or NULL (never put in unless given) */
	const char *password;
	/** Apple: on-demand rules */
	bool on_demand;
	/** Apple: sign with this certificate and key (PEM), and add this
	 *  chain; NULL for unsigned */
	const char *sign_cert;
	const char *sign_key;
	const char *sign_chain;
	/** NetworkManager: where the keyfile says the CA certificate is */
	const char *nm_ca_path;
} sm_profile_opts_t;

/**
 * Render one profile into out (paths below o->out_dir).
 *
 * @param m			validated model
 * @param kind		the profile
 * @param o			options
 * @param out		receives the files (appended)
 * @param diag		receives errors
 * @return			true on success
 */
bool sm_profile_render(const sm_model_t *m, sm_profile_kind_t kind,
					   const sm_profile_opts_t *o, sm_outputs_t *out,
					   sm_diag_t *diag);

/**
 * generate's clients/ directory: the CA and the profiles of the model's
 * clients, for no user in particular (unsigned).
 *
 * @return			true on success
 */
bool sm_profiles_render_all(const sm_model_t *m, const sm_profile_opts_t *o,
							sm_outputs_t *out, sm_diag_t *diag);

#endif /* SM_PROFILES_H_ */
