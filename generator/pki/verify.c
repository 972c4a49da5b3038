/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The installed certificates as clients check them when they connect
 * (swanmobile doctor): the server certificate chains to the CA, both are
 * valid now and for a while, the CA is a CA, the server certificate names
 * the identity clients expect in a subjectAltName and allows serverAuth.
 */
#include "config.h"

#include "pki_int.h"

#include "sm_file.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#define DAY_SECONDS 86400
/** iKEIntermediate, RFC 4945's IKE EKU that older Apple clients want. */
#define OID_IKE_INTERMEDIATE "1.3.6.1.5.5.8.2.2"

static void day_text(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d", &tm))
	{
		snprintf(buf, size, "?");
	}
}

/* a PEM certificate file; NULL after adding an error */
static X509 *load(const char *path, const char *what, sm_diag_t *diag)
{
	X509 *cert = NULL;
	size_t len;
	char *pem;
	BIO *bio;

	pem = sm_file_read(path, SM_PKI_FILE_MAX, &len);
	if (!pem)
	{
		sm_error(diag, sm_nopos(NULL), "cannot read the %s '%s': %s", what,
				 path, strerror(errno));
		return NULL;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio)
	{
		cert = PEM_read_bio_X509(bio, NULL, sm_pki_no_passphrase, NULL);
	}
	if (!cert)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "the %s '%s' is not a PEM certificate", what, path);
	}
	BIO_free(bio);
	free(pem);
	return cert;
}

/* validity now and renew_days from now */
static void check_dates(X509 *cert, const char *what, time_t now,
						unsigned int renew_days, sm_diag_t *diag)
{
	time_t nb, na;
	char day[32];

	if (!sm_pki_asn1_to_time(X509_get0_notBefore(cert), &nb) ||
		!sm_pki_asn1_to_time(X509_get0_notAfter(cert), &na))
	{
		sm_error(diag, sm_nopos(NULL), "the %s has dates that cannot be read",
				 what);
		return;
	}
	if (na < now)
	{
		day_text(na, day, sizeof(day));
		sm_error(diag, sm_nopos(NULL),
				 "the %s expired on %s: clients reject it", what, day);
	}
	else if (nb > now)
	{
		day_text(nb, day, sizeof(day));
		sm_error(diag, sm_nopos(NULL),
				 "the %s is not valid before %s: clients "
				 "reject it (is the clock right?)",
				 what, day);
	}
	else if ((na - now) / DAY_SECONDS < (time_t)renew_days)
	{
		day_text(na, day, sizeof(day));
		sm_warning(diag, sm_nopos(NULL),
				   "the %s expires on %s, in %lld days (less "
				   "than %u)",
				   what, day, (long long)((na - now) / DAY_SECONDS),
				   renew_days);
	}
}

/* whether the EKU extension lists the OID */
static bool has_eku(X509 *cert, const char *oid)
{
	EXTENDED_KEY_USAGE *eku;
	ASN1_OBJECT *want;
	bool found = false;
	int i;

	eku = X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
	want = OBJ_txt2obj(oid, 1);
	for (i = 0; eku && want && i < sk_ASN1_OBJECT_num(eku); i++)
	{
		found |= OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want) == 0;
	}
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	ERR_clear_error();
	return found;
}

/* the server certificate names identity the way clients look for it */
static void check_name(X509 *cert, const char *identity, sm_diag_t *diag)
{
	unsigned char addr[16];
	int ok;

	if (!identity || !*identity || !strcmp(identity, "%any"))
	{
		sm_warning(diag, sm_nopos(NULL),
				   "the connection has no local identity to "
				   "compare with the server certificate's names");
		return;
	}
	/* DNs, key IDs, typed identities ("fqdn:..."): not what clients
	 * match, and not a name we can look up in the certificate */
	if (strchr(identity, '=') || identity[0] == '@' ||
		(strchr(identity, ':') && inet_pton(AF_INET6, identity, addr) != 1))
	{
		sm_warning(diag, sm_nopos(NULL),
				   "the local identity '%s' is neither a DNS "
				   "name nor an address: Windows, macOS and iOS check the "
				   "server's name against the certificate's subjectAltNames",
				   identity);
		return;
	}
	if (inet_pton(AF_INET, identity, addr) == 1 ||
		inet_pton(AF_INET6, identity, addr) == 1)
	{
		ok = X509_check_ip_asc(cert, identity, 0);
	}
	else
	{
		ok = X509_check_host(cert, identity, 0,
							 X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, NULL);
	}
	ERR_clear_error();
	if (ok != 1)
	{
		sm_error(diag, sm_nopos(NULL),
				 "the server certificate has no subjectAltName "
				 "'%s' (the connection's local identity): clients that "
				 "connect to '%s' reject it",
				 identity, identity);
	}
}

/* the server certificate's usages */
static void check_usage(X509 *cert, sm_diag_t *diag)
{
	uint32_t flags = X509_get_extension_flags(cert);

	if (!(flags & EXFLAG_XKUSAGE) ||
		!(X509_get_extended_key_usage(cert) & XKU_SSL_SERVER))
	{
		sm_error(diag, sm_nopos(NULL),
				 "the server certificate lacks the serverAuth "
				 "extended key usage: Windows, macOS and iOS reject it");
	}
	else if (!has_eku(cert, OID_IKE_INTERMEDIATE))
	{
		sm_warning(diag, sm_nopos(NULL),
				   "the server certificate lacks the "
				   "iKEIntermediate extended key usage that older macOS "
				   "clients want");
	}
	if ((flags & EXFLAG_KUSAGE) &&
		!(X509_get_key_usage(cert) & KU_DIGITAL_SIGNATURE))
	{
		sm_error(diag, sm_nopos(NULL),
				 "the server certificate's key usage lacks "
				 "digitalSignature: clients reject its IKE signatures");
	}
	if (X509_check_ca(cert) > 0)
	{
		sm_warning(diag, sm_nopos(NULL),
				   "the server certificate is a CA certificate");
	}
	ERR_clear_error();
}

/* the server certificate is signed by the CA (dates are checked apart) */
static void check_chain(X509 *ca, X509 *cert, const char *ca_path,
						sm_diag_t *diag)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_STORE *store = X509_STORE_new();
	int err;

	if (!ctx || !store || !X509_STORE_add_cert(store, ca) ||
		!X509_STORE_CTX_init(ctx, store, cert, NULL))
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "checking the certificate chain");
		goto out;
	}
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
	if (X509_verify_cert(ctx) != 1)
	{
		err = X509_STORE_CTX_get_error(ctx);
		sm_error(diag, sm_nopos(NULL),
				 "the server certificate does not chain to the "
				 "CA certificate '%s': %s",
				 ca_path, X509_verify_cert_error_string(err));
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
}

int sm_pki_verify_server(const char *ca_path, const char *cert_path,
						 const char *identity, time_t now,
						 unsigned int renew_days, sm_diag_t *diag)
{
	X509 *ca, *cert = NULL;
	int ret = -1;

	ca = load(ca_path, "CA certificate", diag);
	cert = load(cert_path, "server certificate", diag);
	if (!ca || !cert)
	{
		goto out;
	}
	if (X509_check_ca(ca) < 1)
	{
		sm_error(diag, sm_nopos(NULL),
				 "the CA certificate '%s' is not a CA "
				 "(basicConstraints CA:TRUE)",
				 ca_path);
	}
	check_dates(ca, "CA certificate", now, renew_days, diag);
	check_dates(cert, "server certificate", now, renew_days, diag);
	check_chain(ca, cert, ca_path, diag);
	check_usage(cert, diag);
	check_name(cert, identity, diag);
	ret = 0;
out:
	ERR_clear_error();
	X509_free(ca);
	X509_free(cert);
	return ret;
}

int sm_pki_cert_der(const char *path, unsigned char **der, size_t *len,
					sm_diag_t *diag)
{
	unsigned char *buf = NULL, *p;
	X509 *cert;
	int n;

	*der = NULL;
	*len = 0;
	cert = load(path, "certificate", diag);
	if (!cert)
	{
		return -1;
	}
	n = i2d_X509(cert, NULL);
	if (n > 0 && (buf = malloc((size_t)n)))
	{
		p = buf;
		if (i2d_X509(cert, &p) == n)
		{
			*der = buf;
			*len = (size_t)n;
			buf = NULL;
		}
	}
	free(buf);
	X509_free(cert);
	if (!*der)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "encoding the certificate '%s'",
						  path);
		return -1;
	}
	return 0;
}
