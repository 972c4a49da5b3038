/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file pki_int.h
 * Internals shared by the files of pki/: ossl.c (OpenSSL errors, names and
 * times), key.c (generating and loading keys), cert.c (the certificates
 * the model asks for, and issuing them), check.c (whether an existing
 * certificate still matches) and sync.c (keep, reissue, back up, write).
 */
#ifndef SM_PKI_INT_H_
#define SM_PKI_INT_H_

#include "pki.h"
#include "sm_countof.h"

#include <stdbool.h>
#include <stddef.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/** Room for sm_pki_key_kind()'s description ("an EC key on ..."). */
#define KEY_DESC_LEN 96

/** An extension with a fixed value, in OpenSSL's configuration syntax. */
typedef struct {
	int nid;
	const char *value;
} ext_spec_t;

/** One key and the certificate for it, through the three steps. */
typedef struct {
	/** "CA" or "server", for messages about the key */
	const char *role;
	/** "the CA certificate 'NAME'", for messages about the certificate */
	char what[320];
	const char *key_path;
	const char *cert_path;
	/** the model's setting for the key type, for messages */
	const char *key_setting;
	sm_key_kind_t kind;
	sm_pos_t kind_pos;
	const EVP_MD *md;
	int days;
	X509_NAME *subject;
	/** subjectAltNames, NULL for the CA */
	GENERAL_NAMES *sans;
	const ext_spec_t *exts;
	size_t n_exts;
	/** the key, loaded or generated (NULL while missing in a dry run) */
	EVP_PKEY *key;
	/** whether the key is (or, in a dry run, would be) generated now */
	bool new_key;
	/** the certificate file's content, NULL if there is none */
	char *old_pem;
	size_t old_len;
	/** the certificate in it, NULL if it does not parse */
	X509 *old;
	/** the newly issued certificate */
	X509 *issued;
	/** PEM of the new key (wiped when freed) and the new certificate */
	BIO *key_bio;
	BIO *cert_bio;
} item_t;

/* ---- ossl.c ----------------------------------------------------------- */

/**
 * Add an error naming the operation that failed, followed by everything
 * OpenSSL's error queue says about it (the queue is left empty).
 */
void sm_pki_ossl_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Convert an ASN.1 time; false (error queue cleared) if it cannot be. */
bool sm_pki_asn1_to_time(const ASN1_TIME *t, time_t *out);

/** Whether two names have the same DER encoding. */
bool sm_pki_same_name(const X509_NAME *a, const X509_NAME *b);

/* ---- key.c ------------------------------------------------------------ */

/**
 * The model's kind of a key (SM_KEY_UNSET if unsupported) and a
 * description of it for messages, written to desc.
 */
sm_key_kind_t sm_pki_key_kind(EVP_PKEY *key, char *desc, size_t size);

/** Whether a key kind is one pki/ can generate and recognise. */
bool sm_pki_kind_known(sm_key_kind_t kind);

/** Passphrase callback: keys are never encrypted, and we never prompt. */
int sm_pki_no_passphrase(char *buf, int size, int rwflag, void *user);

/**
 * Load an existing key into it->key (private, of the configured kind).
 *
 * @return			1 loaded, 0 no such file, -1 after adding an error
 */
int sm_pki_load_key(item_t *it, sm_diag_t *diag);

/**
 * Generate a missing key (not in a dry run) into it->key and its PEM into
 * it->key_bio; action receives SM_PKI_CREATED or SM_PKI_KEPT.
 */
bool sm_pki_make_key(item_t *it, int flags, sm_pki_action_t *action,
					 sm_diag_t *diag);

/** Wipe and free a memory BIO that held a private key (NULL-safe). */
void sm_pki_bio_wipe_free(BIO *bio);

/* ---- cert.c ----------------------------------------------------------- */

/**
 * Check the model and fill in both items: paths, key kind, digest,
 * lifetime, subjects, subjectAltNames and extensions.
 */
bool sm_pki_prepare(const sm_model_t *m, const sm_pki_paths_t *paths,
					item_t *ca, item_t *srv, sm_diag_t *diag);

/** One of the fixed extensions, for subject as issued by issuer. */
X509_EXTENSION *sm_pki_make_ext(const ext_spec_t *spec, X509 *subject,
								X509 *issuer);

/**
 * Issue the certificate of an item: self-signed if issuer is NULL.
 *
 * @return			the new certificate (must be freed), NULL after adding
 *					an error
 */
X509 *sm_pki_issue(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
				   sm_diag_t *diag);

/* ---- check.c ---------------------------------------------------------- */

/**
 * Read an existing certificate file into it->old_pem and it->old.
 *
 * @return			1 read (it->old NULL if it does not parse), 0 no such
 *					file, -1 after adding an error
 */
int sm_pki_load_cert(item_t *it, sm_diag_t *diag);

/**
 * Whether the existing certificate it->old is what sm_pki_issue() would
 * make now (apart from serial and dates), and still valid; if not, why (in
 * reason).
 *
 * @param issuer	the CA certificate, NULL if it->old is self-signed
 */
bool sm_pki_cert_current(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
						 int flags, unsigned int renew_days, char *reason,
						 size_t size);

#endif /* SM_PKI_INT_H_ */
