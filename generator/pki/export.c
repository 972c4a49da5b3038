/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What client profiles need from OpenSSL: the CA certificate in DER,
 * CMS signatures of Apple configuration profiles, and UUIDs derived from
 * names (so that a profile generated twice is the same file).
 */
#include "config.h"

#include "pki_int.h"

#include "sm_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

int sm_pki_pem_to_der(const char *pem, size_t len, unsigned char **der,
					  size_t *der_len, sm_diag_t *diag)
{
	BIO *bio = NULL;
	X509 *x = NULL;
	unsigned char *buf = NULL, *p;
	int n, rc = -1;

	*der = NULL;
	*der_len = 0;
	if (len > INT_MAX)
	{
		sm_error(diag, sm_nopos(NULL), "the CA certificate is too large");
		return -1;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	x = bio ? PEM_read_bio_X509(bio, NULL, sm_pki_no_passphrase, NULL) : NULL;
	if (!x)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "the CA certificate is not a PEM "
						  "certificate");
		goto out;
	}
	n = i2d_X509(x, NULL);
	if (n <= 0 || !(buf = malloc((size_t)n)))
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "cannot encode the CA certificate");
		goto out;
	}
	p = buf;
	i2d_X509(x, &p);
	*der = buf;
	*der_len = (size_t)n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	X509_free(x);
	BIO_free(bio);
	return rc;
}

/* read a PEM file with a size limit */
static BIO *read_pem(const char *path, const char *what, sm_diag_t *diag)
{
	char *data;
	size_t len;
	BIO *bio;

	data = sm_file_read(path, SM_PKI_FILE_MAX, &len);
	if (!data)
	{
		sm_error(diag, sm_nopos(NULL), "cannot read %s '%s': %s", what, path,
				 strerror(errno));
		return NULL;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || BIO_write(bio, data, (int)len) != (int)len)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "cannot read %s '%s'", what,
						  path);
		BIO_free(bio);
		bio = NULL;
	}
	OPENSSL_cleanse(data, len);
	free(data);
	return bio;
}

int sm_pki_cms_sign(const void *data, size_t len, const char *cert_path,
					const char *key_path, const char *chain_path,
					unsigned char **out, size_t *out_len, sm_diag_t *diag)
{
	BIO *cbio = NULL, *kbio = NULL, *chbio = NULL, *in = NULL, *mem = NULL;
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *key = NULL;
	CMS_ContentInfo *cms = NULL;
	X509 *cert = NULL, *x;
	BUF_MEM *bm;
	int rc = -1;

	*out = NULL;
	*out_len = 0;
	if (len > INT_MAX)
	{
		sm_error(diag, sm_nopos(NULL), "the profile is too large to sign");
		return -1;
	}
	cbio = read_pem(cert_path, "the signing certificate", diag);
	if (!cbio)
	{
		goto out;
	}
	cert = PEM_read_bio_X509(cbio, NULL, sm_pki_no_passphrase, NULL);
	if (!cert)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "'%s' holds no PEM certificate",
						  cert_path);
		goto out;
	}
	kbio = read_pem(key_path, "the signing key", diag);
	if (!kbio)
	{
		goto out;
	}
	key = PEM_read_bio_PrivateKey(kbio, NULL, sm_pki_no_passphrase, NULL);
	if (!key)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "'%s' holds no unencrypted PEM private "
						  "key",
						  key_path);
		goto out;
	}
	if (X509_check_private_key(cert, key) != 1)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "the key '%s' does not belong to the "
						  "certificate '%s'",
						  key_path, cert_path);
		goto out;
	}
	chain = sk_X509_new_null();
	if (!chain)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	if (chain_path)
	{
		chbio = read_pem(chain_path, "the certificate chain", diag);
		if (!chbio)
		{
			goto out;
		}
		while ((x = PEM_read_bio_X509(chbio, NULL, sm_pki_no_passphrase, NULL)))
		{
			if (!sk_X509_push(chain, x))
			{
				X509_free(x);
				sm_pki_ossl_error(diag, sm_nopos(NULL), "out of memory");
				goto out;
			}
		}
		/* the end of the file is an error in OpenSSL's queue */
		ERR_clear_error();
		if (!sk_X509_num(chain))
		{
			sm_error(diag, sm_nopos(NULL), "'%s' holds no PEM certificate",
					 chain_path);
			goto out;
		}
	}
	in = BIO_new_mem_buf(data, (int)len);
	/* SignedData with the profile inside, as Apple's tools make it */
	cms =
		in ? CMS_sign(cert, key, chain, in, CMS_BINARY | CMS_NOSMIMECAP) : NULL;
	mem = BIO_new(BIO_s_mem());
	if (!cms || !mem || i2d_CMS_bio(mem, cms) != 1)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL),
						  "cannot sign the profile with '%s'", cert_path);
		goto out;
	}
	BIO_get_mem_ptr(mem, &bm);
	*out = malloc(bm->length ? bm->length : 1);
	if (!*out)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto out;
	}
	memcpy(*out, bm->data, bm->length);
	*out_len = bm->length;
	rc = 0;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(mem);
	BIO_free(in);
	sk_X509_pop_free(chain, X509_free);
	X509_free(cert);
	EVP_PKEY_free(key);
	BIO_free(cbio);
	sm_pki_bio_wipe_free(kbio);
	BIO_free(chbio);
	return rc;
}

int sm_pki_uuid(const char *name, char out[SM_PKI_UUID_LEN + 1])
{
	/* RFC 4122 section 4.3, version 5 (SHA-1), in the URL namespace
	 * 6ba7b811-9dad-11d1-80b4-00c04fd430c8 */
	static const unsigned char ns[16] = {
		0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
		0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
	};
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		 EVP_DigestUpdate(ctx, ns, sizeof(ns)) == 1 &&
		 EVP_DigestUpdate(ctx, name, strlen(name)) == 1 &&
		 EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen >= 16;
	EVP_MD_CTX_free(ctx);
	if (!ok)
	{
		ERR_clear_error();
		return -1;
	}
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	snprintf(out, SM_PKI_UUID_LEN + 1,
			 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x%02x%02x%02x%02x",
			 md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8],
			 md[9], md[10], md[11], md[12], md[13], md[14], md[15]);
	return 0;
}
