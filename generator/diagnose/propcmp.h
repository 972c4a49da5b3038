/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file propcmp.h
 * Comparing proposal lists as charon logs them ("IKE:AES_CBC_128/
 * HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, IKE:..."), component by component
 * (encryption, integrity, PRF, key exchange, ESN, additional key
 * exchanges) with strongSwan's rules: AEAD needs no integrity algorithm, a
 * key exchange is optional in ESP/AH when one side offers none (or NONE).
 *
 * In: the received and the configured list.  Out: the pair of proposals
 * closest to matching and the components in which they differ.
 */
#ifndef SM_DX_PROPCMP_H_
#define SM_DX_PROPCMP_H_

#include <stdbool.h>
#include <stddef.h>

/** Components of a proposal, in strongSwan's order of selection. */
typedef enum {
	SM_TF_ENCR,
	SM_TF_INTEG,
	SM_TF_PRF,
	SM_TF_KE,
	SM_TF_ESN,
	SM_TF_ADDKE,
	SM_TF_COUNT
} sm_tf_t;

/** Size of a component's text. */
#define SM_PROPCMP_TEXT 256

/** The result of a comparison. */
typedef struct {
	/** protocol of the compared proposals: "IKE", "ESP", "AH" */
	char proto[4];
	/** whether a proposal pair matched after all */
	bool match;
	/** number of differing components of the closest pair */
	int ndiff;
	/** per component: differs, and the algorithms on each side */
	bool differs[SM_TF_COUNT];
	char received[SM_TF_COUNT][SM_PROPCMP_TEXT];
	char configured[SM_TF_COUNT][SM_PROPCMP_TEXT];
	/** the closest received proposal in strongSwan keywords, such as
	 * "aes128-sha256-modp2048", empty if an algorithm has no keyword */
	char keywords[SM_PROPCMP_TEXT];
} sm_propcmp_t;

/**
 * Compare two proposal lists.
 *
 * @param received		list the logging side received
 * @param configured	list it has configured
 * @param out			receives the comparison
 * @return				false if either list holds no proposal
 */
bool sm_propcmp(const char *received, const char *configured,
				sm_propcmp_t *out);

/**
 * Name of a component for messages ("encryption", "integrity", "PRF",
 * "key exchange (DH group)", ...).
 */
const char *sm_tf_name(sm_tf_t tf);

#endif /* SM_DX_PROPCMP_H_ */
