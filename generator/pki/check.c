/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether an existing certificate still matches the settings: key,
 * subject, issuer, digest, signature, lifetime, expiry, extensions (EKUs,
 * CA:TRUE) and names; and the facts sm_pki_cert_info() reports.
 */
#include "config.h"

#include "pki_int.h"

#include "sm_file.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#define DAY_SECONDS 86400

static void date_text(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm))
	{
		snprintf(buf, size, "?");
	}
}

/* RFC 2253 text of a name (UTF-8 kept), "" if it cannot be printed */
static void name_text(const X509_NAME *name, char *buf, size_t size)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long len;

	buf[0] = '\0';
	if (bio && X509_NAME_print_ex(bio, name, 0,
								  XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
	{
		len = BIO_get_mem_data(bio, &data);
		snprintf(buf, size, "%.*s", (int)len, data);
	}
	ERR_clear_error();
	BIO_free(bio);
}

static void san_text(const GENERAL_NAME *gen, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	int len, family = AF_UNSPEC;

	if (gen->type == GEN_DNS)
	{
		len = ASN1_STRING_length(gen->d.dNSName);
		snprintf(buf, size, "DNS:%.*s", len,
				 (const char *)ASN1_STRING_get0_data(gen->d.dNSName));
		return;
	}
	if (gen->type == GEN_IPADD)
	{
		len = ASN1_STRING_length(gen->d.iPAddress);
		if (len == (int)sizeof(struct in_addr))
		{
			family = AF_INET;
		}
		else if (len == (int)sizeof(struct in6_addr))
		{
			family = AF_INET6;
		}
	}
	if (family != AF_UNSPEC &&
		inet_ntop(family, ASN1_STRING_get0_data(gen->d.iPAddress), addr,
				  sizeof(addr)))
	{
		snprintf(buf, size, "IP:%s", addr);
		return;
	}
	snprintf(buf, size, "a name of type %d", gen->type);
}

/* the first name of a that b lacks, NULL if none */
static const GENERAL_NAME *san_missing(GENERAL_NAMES *a, GENERAL_NAMES *b)
{
	GENERAL_NAME *gen;
	bool found;
	int i, j;

	for (i = 0; i < sk_GENERAL_NAME_num(a); i++)
	{
		gen = sk_GENERAL_NAME_value(a, i);
		found = false;
		for (j = 0; !found && j < sk_GENERAL_NAME_num(b); j++)
		{
			found = GENERAL_NAME_cmp(gen, sk_GENERAL_NAME_value(b, j)) == 0;
		}
		if (!found)
		{
			return gen;
		}
	}
	return NULL;
}

static bool ext_expected(const item_t *it, int nid)
{
	size_t i;

	if (it->sans && nid == NID_subject_alt_name)
	{
		return true;
	}
	for (i = 0; i < it->n_exts; i++)
	{
		if (it->exts[i].nid == nid)
		{
			return true;
		}
	}
	return false;
}

/* whether the extensions are exactly the ones sm_pki_issue() adds; the
 * names are compared as a set */
static bool exts_current(const item_t *it, X509 *old, X509 *issuer,
						 char *reason, size_t size)
{
	X509_EXTENSION *ext, *want = NULL;
	const GENERAL_NAME *gen;
	GENERAL_NAMES *sans = NULL;
	char oid[80], text[160];
	bool ok = false;
	int i, n, nid, crit;
	size_t j;

	n = X509_get_ext_count(old);
	for (i = 0; i < n; i++)
	{
		ext = X509_get_ext(old, i);
		nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
		if (!ext_expected(it, nid) || X509_get_ext_by_NID(old, nid, i) >= 0)
		{
			if (OBJ_obj2txt(oid, sizeof(oid), X509_EXTENSION_get_object(ext),
							0) <= 0)
			{
				snprintf(oid, sizeof(oid), "unknown");
			}
			snprintf(reason, size, "it has an unexpected %s extension", oid);
			goto out;
		}
	}
	for (j = 0; j < it->n_exts; j++)
	{
		i = X509_get_ext_by_NID(old, it->exts[j].nid, -1);
		want = sm_pki_make_ext(&it->exts[j], old, issuer);
		if (!want)
		{
			ERR_clear_error();
			snprintf(reason, size, "its %s extension cannot be checked",
					 OBJ_nid2sn(it->exts[j].nid));
			goto out;
		}
		ext = i >= 0 ? X509_get_ext(old, i) : NULL;
		if (!ext ||
			X509_EXTENSION_get_critical(ext) !=
				X509_EXTENSION_get_critical(want) ||
			ASN1_OCTET_STRING_cmp(X509_EXTENSION_get_data(ext),
								  X509_EXTENSION_get_data(want)) != 0)
		{
			snprintf(reason, size,
					 ext ? "its %s differs from the one "
						   "configured"
						 : "it lacks the %s extension",
					 OBJ_nid2sn(it->exts[j].nid));
			goto out;
		}
		X509_EXTENSION_free(want);
		want = NULL;
	}
	if (it->sans)
	{
		sans = X509_get_ext_d2i(old, NID_subject_alt_name, &crit, NULL);
		if (!sans || crit != 0)
		{
			ERR_clear_error();
			snprintf(reason, size,
					 "its subjectAltName is missing or "
					 "critical");
			goto out;
		}
		if ((gen = san_missing(sans, it->sans)))
		{
			san_text(gen, text, sizeof(text));
			snprintf(reason, size, "its name %s is no longer configured", text);
			goto out;
		}
		if ((gen = san_missing(it->sans, sans)))
		{
			san_text(gen, text, sizeof(text));
			snprintf(reason, size, "it lacks the configured name %s", text);
			goto out;
		}
	}
	ok = true;

out:
	X509_EXTENSION_free(want);
	GENERAL_NAMES_free(sans);
	return ok;
}

/* whether the existing certificate is what sm_pki_issue() would make now (apart
 * from serial and dates), and still valid; if not, why */
bool sm_pki_cert_current(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
						 int flags, unsigned int renew_days, char *reason,
						 size_t size)
{
	char a[100], b[100];
	time_t nb, na, now = time(NULL);
	EVP_PKEY *pub;
	int mdnid;
	bool ok;

	issuer = issuer ? issuer : it->old;
	pub = X509_get0_pubkey(it->old);
	if (X509_get_version(it->old) != X509_VERSION_3)
	{
		snprintf(reason, size, "it is not an X.509 v3 certificate");
		return false;
	}
	if (!pub || EVP_PKEY_eq(pub, it->key) != 1)
	{
		ERR_clear_error();
		snprintf(reason, size, "its public key is not the one of '%s'",
				 it->key_path);
		return false;
	}
	if (!sm_pki_same_name(X509_get_subject_name(it->old), it->subject))
	{
		name_text(X509_get_subject_name(it->old), a, sizeof(a));
		name_text(it->subject, b, sizeof(b));
		snprintf(reason, size, "its subject '%s' is not '%s'", a, b);
		return false;
	}
	if (!sm_pki_same_name(X509_get_issuer_name(it->old),
						  X509_get_subject_name(issuer)))
	{
		name_text(X509_get_issuer_name(it->old), a, sizeof(a));
		name_text(X509_get_subject_name(issuer), b, sizeof(b));
		snprintf(reason, size, "its issuer '%s' is not '%s'", a, b);
		return false;
	}
	if (!X509_get_signature_info(it->old, &mdnid, NULL, NULL, NULL) ||
		mdnid != EVP_MD_get_type(it->md))
	{
		ERR_clear_error();
		snprintf(reason, size, "it is signed with %s, not %s",
				 mdnid != NID_undef ? OBJ_nid2ln(mdnid) : "an unknown digest",
				 OBJ_nid2ln(EVP_MD_get_type(it->md)));
		return false;
	}
	ok = X509_verify(it->old, issuer_key) == 1;
	ERR_clear_error();
	if (!ok)
	{
		snprintf(reason, size, "it is not signed by the current CA key");
		return false;
	}
	if (!sm_pki_asn1_to_time(X509_get0_notBefore(it->old), &nb) ||
		!sm_pki_asn1_to_time(X509_get0_notAfter(it->old), &na))
	{
		snprintf(reason, size, "its validity cannot be read");
		return false;
	}
	if (na - nb != (time_t)it->days * DAY_SECONDS)
	{
		snprintf(reason, size,
				 "it is valid for %lld days, the lifetime is "
				 "%d days",
				 (long long)((na - nb) / DAY_SECONDS), it->days);
		return false;
	}
	date_text(na, a, sizeof(a));
	if (na <= now)
	{
		snprintf(reason, size, "it expired on %s", a);
		return false;
	}
	if ((flags & SM_PKI_RENEW) && na - now < (time_t)renew_days * DAY_SECONDS)
	{
		snprintf(reason, size, "it expires on %s, within %u days", a,
				 renew_days);
		return false;
	}
	return exts_current(it, it->old, issuer, reason, size);
}

/* read an existing certificate: 1 read (it->old NULL if it does not
 * parse), 0 no such file, -1 error */
int sm_pki_load_cert(item_t *it, sm_diag_t *diag)
{
	BIO *bio;

	it->old_pem = sm_file_read(it->cert_path, SM_PKI_FILE_MAX, &it->old_len);
	if (!it->old_pem)
	{
		if (errno == ENOENT)
		{
			return 0;
		}
		sm_error(diag, sm_nopos(NULL), "reading %s '%s': %s", it->what,
				 it->cert_path, strerror(errno));
		return -1;
	}
	bio = BIO_new_mem_buf(it->old_pem, (int)it->old_len);
	if (!bio)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "reading %s '%s'", it->what,
						  it->cert_path);
		return -1;
	}
	it->old = PEM_read_bio_X509(bio, NULL, sm_pki_no_passphrase, NULL);
	/* a file that does not parse is replaced (after a backup) */
	ERR_clear_error();
	BIO_free(bio);
	return 1;
}

int sm_pki_cert_info(const char *path, sm_pki_cert_info_t *info,
					 sm_diag_t *diag)
{
	char desc[KEY_DESC_LEN], *hex = NULL, *pem;
	BIGNUM *serial = NULL;
	X509 *x = NULL;
	EVP_PKEY *pub;
	BIO *bio = NULL;
	size_t len, i;
	int mdnid, ret = -1;

	memset(info, 0, sizeof(*info));
	pem = sm_file_read(path, SM_PKI_FILE_MAX, &len);
	if (!pem)
	{
		sm_error(diag, sm_nopos(NULL), "reading the certificate '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	x = bio ? PEM_read_bio_X509(bio, NULL, sm_pki_no_passphrase, NULL) : NULL;
	if (!x)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "reading the certificate '%s'",
						  path);
		goto out;
	}
	serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hex = serial ? BN_bn2hex(serial) : NULL;
	if (!hex ||
		!sm_pki_asn1_to_time(X509_get0_notBefore(x), &info->not_before) ||
		!sm_pki_asn1_to_time(X509_get0_notAfter(x), &info->not_after))
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "reading the certificate '%s'",
						  path);
		goto out;
	}
	for (i = 0; hex[i] && i + 1 < sizeof(info->serial); i++)
	{
		info->serial[i] =
			(char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] - 'A' + 'a'
												  : hex[i]);
	}
	name_text(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	name_text(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	pub = X509_get0_pubkey(x);
	info->key = pub ? sm_pki_key_kind(pub, desc, sizeof(desc)) : SM_KEY_UNSET;
	if (X509_get_signature_info(x, &mdnid, NULL, NULL, NULL))
	{
		info->digest = mdnid == NID_sha256   ? SM_DIGEST_SHA256
					   : mdnid == NID_sha384 ? SM_DIGEST_SHA384
					   : mdnid == NID_sha512 ? SM_DIGEST_SHA512
											 : SM_DIGEST_UNSET;
	}
	ERR_clear_error();
	ret = 0;

out:
	OPENSSL_free(hex);
	BN_free(serial);
	X509_free(x);
	BIO_free(bio);
	free(pem);
	return ret;
}
