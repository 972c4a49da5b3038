/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file proposal.h
 * strongSwan IKE and ESP proposal strings ("aes256gcm16-prfsha384-ecp384",
 * "aes256-sha256-modp2048-modpnone", "default") parsed into algorithm sets
 * with the keywords strongSwan 5.9.8 knows, and checked the way charon
 * checks them when it loads a configuration -- stricter where charon
 * silently ignores what was written (see sm_proposal_parse()).
 */
#ifndef SM_PROPOSAL_H_
#define SM_PROPOSAL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Which SA a proposal is for. */
typedef enum {
	SM_PROTO_IKE,
	SM_PROTO_ESP,
} sm_proto_t;

/** Transform types, as in RFC 7296 section 3.3.2. */
typedef enum {
	SM_TRANS_ENCR,
	SM_TRANS_PRF,
	SM_TRANS_INTEG,
	SM_TRANS_KE,
	SM_TRANS_ESN,
} sm_trans_t;

/** Flags of an algorithm. */
enum {
	/** combined-mode (AEAD) encryption: integrity built in */
	SM_ALG_AEAD = 1 << 0,
	/** weak or obsolete: allowed only with ike.legacy_crypto (warning) */
	SM_ALG_LEGACY = 1 << 1,
};

/** IANA encryption transform IDs used by the checks. */
enum {
	SM_ENCR_3DES = 3,
	SM_ENCR_AES_CBC = 12,
	SM_ENCR_AES_GCM_16 = 20,
	SM_ENCR_CHACHA20_POLY1305 = 28,
};

/** IANA integrity transform IDs used by the checks. */
enum {
	SM_INTEG_SHA1_96 = 2,
	SM_INTEG_SHA256_128 = 12,
	SM_INTEG_SHA384_192 = 13,
	SM_INTEG_SHA512_256 = 14,
};

/** IANA PRF transform IDs used by the checks. */
enum {
	SM_PRF_SHA1 = 2,
	SM_PRF_SHA256 = 5,
	SM_PRF_SHA384 = 6,
	SM_PRF_SHA512 = 7,
};

/** IANA key exchange method (DH group) numbers used by the checks. */
enum {
	SM_KE_NONE = 0,
	SM_KE_MODP768 = 1,
	SM_KE_MODP1024 = 2,
	SM_KE_MODP1536 = 5,
	SM_KE_MODP2048 = 14,
	SM_KE_MODP3072 = 15,
	SM_KE_MODP4096 = 16,
	SM_KE_MODP6144 = 17,
	SM_KE_MODP8192 = 18,
	SM_KE_ECP256 = 19,
	SM_KE_ECP384 = 20,
	SM_KE_ECP521 = 21,
	SM_KE_MODP2048S256 = 24,
	SM_KE_CURVE25519 = 31,
	SM_KE_CURVE448 = 32,
};

/** One keyword of strongSwan's proposal syntax. */
typedef struct {
	/** the keyword, lower case */
	const char *name;
	sm_trans_t type;
	/** IANA transform ID (strongSwan's private IDs are 1024 and up) */
	uint16_t id;
	/** key size in bits, 0 if fixed or not applicable */
	uint16_t keysize;
	/** SM_ALG_* flags */
	unsigned int flags;
} sm_alg_t;

/** Most algorithms one proposal may list. */
#define SM_PROPOSAL_MAX_ALGS 32

/** Longest proposal string accepted, in bytes. */
#define SM_PROPOSAL_MAX_LEN 1024

/** A parsed proposal. */
typedef struct {
	sm_proto_t proto;
	/** the keyword "default": strongSwan's default proposals */
	bool is_default;
	/** algorithms in the order written; IKE proposals without a PRF get
	 *  the PRFs strongSwan derives from their integrity algorithms at the
	 *  end (internal data of the keyword table, do not free) */
	const sm_alg_t *algs[SM_PROPOSAL_MAX_ALGS];
	size_t n;
	/** how many of algs were written; the derived PRFs follow them */
	size_t n_written;
} sm_proposal_t;

/** Why a proposal was rejected. */
typedef struct {
	/** the message, without the key path */
	char msg[256];
	/** byte offset of the offending token in the text (0: whole string) */
	size_t offset;
} sm_proposal_error_t;

/**
 * Parse a proposal.  Keywords are matched without regard to case.  Beyond
 * what charon rejects (unknown keywords, no encryption, classic and AEAD
 * encryption mixed, IKE without PRF, integrity or key exchange), this also
 * rejects what charon would silently drop or ignore: an integrity
 * algorithm next to AEAD encryption, a PRF in ESP, "modpnone" in IKE, ESN
 * keywords in IKE, and ESP encryption without integrity.
 *
 * @param text		proposal text
 * @param proto		IKE or ESP
 * @param out		receives the proposal
 * @param err		receives the reason on failure
 * @return			true if the proposal is valid
 */
bool sm_proposal_parse(const char *text, sm_proto_t proto, sm_proposal_t *out,
					   sm_proposal_error_t *err);

/**
 * Look a keyword up (without regard to case).
 *
 * @return			the algorithm (internal data), NULL if unknown
 */
const sm_alg_t *sm_alg_find(const char *name, size_t len);

/**
 * The known keyword closest to an unknown one, within a few edits, or a
 * hint for common foreign spellings ("dh14", "group14", "sha1_96").
 *
 * @param name		the unknown keyword (NUL-terminated)
 * @param type		only suggest keywords of this type, or -1 for any
 * @return			a keyword (static), NULL if nothing is close
 */
const char *sm_alg_suggest(const char *name, int type);

/**
 * The PRF strongSwan 5.9.8 adds to an IKE proposal that names none, for
 * one of its integrity algorithms (integ_prf_map in proposal.c).
 *
 * @param integ		IANA integrity transform ID
 * @return			IANA PRF transform ID, 0 if strongSwan derives none
 */
uint16_t sm_alg_integ_prf(uint16_t integ);

/**
 * Whether an encryption algorithm is combined-mode (AEAD), by its IANA
 * transform ID (encryption_algorithm_is_aead(); the SM_ALG_AEAD flag of
 * the keyword table).
 */
bool sm_alg_is_aead(unsigned int encr_id);

/**
 * Whether a proposal lists an algorithm.
 *
 * @param p			proposal
 * @param type		transform type
 * @param id		IANA transform ID (SM_KE_NONE for "none"/"modpnone")
 * @param keysize	key size in bits, 0 for any
 */
bool sm_proposal_has(const sm_proposal_t *p, sm_trans_t type, unsigned int id,
					 unsigned int keysize);

/**
 * Whether a proposal lists any algorithm of the given type.
 */
bool sm_proposal_has_type(const sm_proposal_t *p, sm_trans_t type);

/**
 * The first legacy algorithm written in a proposal, NULL if there is none.
 */
const sm_alg_t *sm_proposal_legacy(const sm_proposal_t *p);

/**
 * Whether a proposal uses AEAD encryption.
 */
bool sm_proposal_is_aead(const sm_proposal_t *p);

#endif /* SM_PROPOSAL_H_ */
