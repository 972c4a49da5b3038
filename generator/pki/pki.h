/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file pki.h
 * Stage pki/ (libpki.la); this header says what the folder holds (it
 * includes model/, base/ and lib/ only, and all of the generator's OpenSSL
 * use but MD4).
 *
 * The gateway's certificates and keys: an internal CA and the server
 * certificate it signs, kept in sync with the model (OpenSSL 3; all of the
 * generator's OpenSSL use lives in pki/, apart from the MD4 of base/nthash).
 *
 * In: a validated model (sm_model_t), the file locations (sm_pki_paths_t)
 * and flags.  Out: the key and certificate files, what was done to each
 * (sm_pki_report_t) and the errors (sm_diag_t); for installed certificates,
 * what clients will think of them (sm_pki_verify_server()).  pki_int.h
 * holds what the files of pki/ share: key.c (keys), cert.c (what to
 * issue), check.c (whether an existing certificate still matches), sync.c
 * (the decisions and the writing), ossl.c (OpenSSL errors, times, names),
 * verify.c (the installed certificates as clients check them).
 *
 * Private keys are never overwritten: an existing key is used as it is, or
 * the sync fails.  A certificate is kept byte for byte while it matches the
 * model, and otherwise reissued from the same key, the old one being saved
 * in the backup directory first.
 */
#ifndef SM_PKI_H_
#define SM_PKI_H_

#include "base/diag.h"
#include "model/model.h"

#include <limits.h>
#include <time.h>

/** Where the files live; the caller decides the layout (and the root). */
typedef struct {
	/** CA private key, e.g. ROOT/etc/swanmobile/ca/ca.key; outside the
	 *  swanctl tree so that charon never loads it */
	const char *ca_key;
	/** CA certificate, e.g. ROOT/etc/swanctl/x509ca/NAME-ca.pem */
	const char *ca_cert;
	/** server private key, e.g. ROOT/etc/swanctl/private/NAME.key */
	const char *server_key;
	/** server certificate, e.g. ROOT/etc/swanctl/x509/NAME.pem */
	const char *server_cert;
	/** where replaced certificates are saved, e.g.
	 *  ROOT/etc/swanmobile/backup; must not be a directory charon loads */
	const char *backup_dir;
} sm_pki_paths_t;

/** Flags for sm_pki_sync(). */
enum {
	/** compute and report what would change, write nothing */
	SM_PKI_DRYRUN = 1 << 0,
	/** also reissue certificates that expire within renew_days */
	SM_PKI_RENEW = 1 << 1,
};

/** What sm_pki_sync() did (or, with SM_PKI_DRYRUN, would do) to a file. */
typedef enum {
	/** the file was left alone, byte for byte */
	SM_PKI_KEPT,
	/** the file did not exist and was created */
	SM_PKI_CREATED,
	/** the certificate was reissued (never used for keys) */
	SM_PKI_REISSUED,
} sm_pki_action_t;

/** Largest key or certificate file read (the CA certificate that client
 *  profiles carry too). */
#define SM_PKI_FILE_MAX (64 * 1024)

/** Longest certificate lifetime (and renewal window) in days: 100 years. */
#define SM_PKI_DAYS_MAX 36500

/** Length of the reason texts in sm_pki_report_t. */
#define SM_PKI_REASON_LEN 256

/** The outcome of sm_pki_sync(). */
typedef struct {
	sm_pki_action_t ca_key;
	sm_pki_action_t ca_cert;
	sm_pki_action_t server_key;
	sm_pki_action_t server_cert;
	/** why the CA certificate was created or reissued ("" if kept) */
	char ca_reason[SM_PKI_REASON_LEN];
	/** why the server certificate was created or reissued ("" if kept) */
	char server_reason[SM_PKI_REASON_LEN];
	/** where the replaced CA certificate was saved ("" if nowhere) */
	char ca_backup[PATH_MAX];
	/** where the replaced server certificate was saved ("" if nowhere) */
	char server_backup[PATH_MAX];
} sm_pki_report_t;

/**
 * Bring the CA and server keys and certificates in line with the model.
 *
 * Missing keys are generated (unencrypted PKCS#8 PEM, mode 0600, never
 * replacing a file); existing keys must be of the configured type and size,
 * parse, and be accessible by their owner only, else the sync fails before
 * anything is written.  Certificates (PEM, mode 0644) are kept while they
 * match the model (see swanmobile(8), CERTIFICATES), otherwise reissued
 * from the same key with a new serial, after a copy of the old one was
 * saved in the backup directory.  A reissued CA certificate forces the
 * server certificate to be reissued.  Missing directories are created, the
 * key directories with mode 0700.
 *
 * With SM_PKI_DRYRUN nothing is written and no key is generated; missing
 * keys are reported as SM_PKI_CREATED and the certificates depending on
 * them as created or reissued.
 *
 * @param m			validated model with defaults applied (read only)
 * @param paths		file locations (read only, all members required)
 * @param flags		SM_PKI_DRYRUN, SM_PKI_RENEW
 * @param renew_days	with SM_PKI_RENEW: reissue certificates whose end of
 *					validity is less than this many days away (normally
 *					certificate.renew_before)
 * @param report	receives what was done, filled even on failure as far
 *					as the sync got
 * @param diag		receives errors (and warnings)
 * @return			0 on success, -1 after adding at least one error
 */
int sm_pki_sync(const sm_model_t *m, const sm_pki_paths_t *paths, int flags,
				unsigned int renew_days, sm_pki_report_t *report,
				sm_diag_t *diag);

/** What sm_pki_cert_info() reports about a certificate. */
typedef struct {
	/** start and end of validity */
	time_t not_before;
	time_t not_after;
	/** subject and issuer, RFC 2253 text (truncated if longer) */
	char subject[256];
	char issuer[256];
	/** serial number, lower-case hex */
	char serial[96];
	/** key type, SM_KEY_UNSET if it is none of the supported ones */
	sm_key_kind_t key;
	/** signature digest, SM_DIGEST_UNSET if none of the supported ones */
	sm_digest_kind_t digest;
} sm_pki_cert_info_t;

/**
 * Read the essentials of a PEM certificate, for status and renewal.
 *
 * @param path		certificate file
 * @param info		receives the facts
 * @param diag		receives an error if the file cannot be read or parsed
 * @return			0 on success, -1 after adding an error
 */
int sm_pki_cert_info(const char *path, sm_pki_cert_info_t *info,
					 sm_diag_t *diag);

/**
 * Check installed certificates the way clients check them when they
 * connect (swanmobile doctor): the server certificate chains to the CA
 * certificate, both are valid now (and, else a warning, for renew_days
 * more days), the CA is a CA, the server certificate has a subjectAltName
 * for identity (a DNS name or an address: clients compare the name they
 * connect to, never the CN), the serverAuth extended key usage (and,
 * else a warning, iKEIntermediate) and, if it restricts key usage,
 * digitalSignature.
 *
 * @param ca_cert	the CA certificate file (PEM)
 * @param server_cert	the server certificate file (PEM)
 * @param identity	what clients expect: the connection's local identity
 * @param now		the time to check at
 * @param renew_days	warn when a certificate ends within this many days
 * @param diag		receives an error for each problem clients reject, a
 *					warning for each that should be fixed soon (no
 *					positions; in the order found)
 * @return			0 if both certificates were read (the problems are in
 *					diag), -1 after adding an error if one could not be
 */
int sm_pki_verify_server(const char *ca_cert, const char *server_cert,
						 const char *identity, time_t now,
						 unsigned int renew_days, sm_diag_t *diag);

/**
 * The DER encoding of a PEM certificate file (to compare with what charon
 * reports it holds).
 *
 * @param path		certificate file
 * @param der		receives the encoding (must be freed with free())
 * @param len		receives its length
 * @param diag		receives an error if the file cannot be read or parsed
 * @return			0 on success, -1 after adding an error
 */
int sm_pki_cert_der(const char *path, unsigned char **der, size_t *len,
					sm_diag_t *diag);

/** Text of an sm_pki_action_t: "kept", "created", "reissued". */
const char *sm_pki_action_name(sm_pki_action_t action);

/* ---- for client profiles (export.c) ------------------------------------ */

/**
 * The DER encoding of the first certificate of a PEM text.
 *
 * @param pem		PEM text
 * @param len		its length
 * @param der		receives the DER (must be freed)
 * @param der_len	receives its length
 * @param diag		receives an error if it holds no certificate
 * @return			0 on success, -1 after adding an error
 */
int sm_pki_pem_to_der(const char *pem, size_t len, unsigned char **der,
					  size_t *der_len, sm_diag_t *diag);

/**
 * Sign data as a CMS SignedData that carries it (DER), the way Apple's
 * tools sign configuration profiles.
 *
 * @param data		the content
 * @param len		its length
 * @param cert_path	signer's certificate (PEM)
 * @param key_path	its unencrypted private key (PEM)
 * @param chain_path	further certificates to include (PEM), or NULL
 * @param out		receives the signed profile (must be freed)
 * @param out_len	receives its length
 * @param diag		receives errors (unreadable files, key mismatch)
 * @return			0 on success, -1 after adding an error
 */
int sm_pki_cms_sign(const void *data, size_t len, const char *cert_path,
					const char *key_path, const char *chain_path,
					unsigned char **out, size_t *out_len, sm_diag_t *diag);

/** Length of a UUID in text form, without the NUL. */
#define SM_PKI_UUID_LEN 36

/**
 * A name-based UUID (RFC 4122 version 5): the same name always gives the
 * same UUID.
 *
 * @return			0 on success, -1 if the digest failed
 */
int sm_pki_uuid(const char *name, char out[SM_PKI_UUID_LEN + 1]);

#endif /* SM_PKI_H_ */
