/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file cause.h
 * The diagnosis vocabulary: stable cause codes (DESIGN.md, extended where a
 * real case needs it), what each means and how to fix it in this product's
 * YAML, in pfSense and on the client.
 */
#ifndef SM_DX_CAUSE_H_
#define SM_DX_CAUSE_H_

/** Cause codes; the order is the table's, not a ranking. */
typedef enum {
	SM_CAUSE_UNKNOWN = 0,
	SM_CAUSE_ESTABLISHED,
	SM_CAUSE_IKE_MODE,
	SM_CAUSE_NO_IKE_CONFIG,
	SM_CAUSE_PEER_ID,
	SM_CAUSE_NAT_ID,
	SM_CAUSE_PSK,
	SM_CAUSE_P1_ENCRYPTION,
	SM_CAUSE_P1_INTEGRITY,
	SM_CAUSE_P1_PRF,
	SM_CAUSE_P1_DH,
	SM_CAUSE_P1_PROPOSAL,
	SM_CAUSE_P2_TS,
	SM_CAUSE_P2_ENCRYPTION,
	SM_CAUSE_P2_INTEGRITY,
	SM_CAUSE_P2_PFS,
	SM_CAUSE_P2_PROPOSAL,
	SM_CAUSE_P2_INSTALL,
	SM_CAUSE_EAP_AUTH,
	SM_CAUSE_EAP_IDENTITY,
	SM_CAUSE_XAUTH,
	SM_CAUSE_AUTH_METHOD,
	SM_CAUSE_AUTH_FAILED,
	SM_CAUSE_CERT_UNTRUSTED,
	SM_CAUSE_CERT_NAME,
	SM_CAUSE_VIP,
	SM_CAUSE_NO_RESPONSE,
	SM_CAUSE_COUNT
} sm_cause_t;

/** What the table says about a cause. */
typedef struct {
	/** stable code, printed as "cause" */
	const char *code;
	/** what it means */
	const char *meaning;
	/** the setting in swanmobile.yaml(5), or NULL */
	const char *yaml;
	/** the pfSense setting, or NULL */
	const char *pfsense;
	/** what to change on the client, or NULL */
	const char *client;
} sm_cause_info_t;

/**
 * The table entry of a cause.
 *
 * @return			internal data, never NULL
 */
const sm_cause_info_t *sm_cause_info(sm_cause_t cause);

/**
 * The cause of a code.
 *
 * @return			SM_CAUSE_COUNT if the code is unknown
 */
sm_cause_t sm_cause_from_code(const char *code);

#endif /* SM_DX_CAUSE_H_ */
