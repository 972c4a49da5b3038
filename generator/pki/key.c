/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keys: the supported types, generating a missing key, loading and
 * checking an existing one.
 */
#include "config.h"

#include "pki_int.h"
#include "sm_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

/** The supported key types, for generating and for recognising keys. */
static const struct {
	sm_key_kind_t kind;
	/** OpenSSL key type name */
	const char *type;
	/** RSA modulus size */
	size_t bits;
	/** EC group name, as OpenSSL reports it */
	const char *group;
} key_types[] = {
	{SM_KEY_RSA_2048, "RSA", 2048, NULL},
	{SM_KEY_RSA_3072, "RSA", 3072, NULL},
	{SM_KEY_RSA_4096, "RSA", 4096, NULL},
	{SM_KEY_ECDSA_P256, "EC", 0, SN_X9_62_prime256v1},
	{SM_KEY_ECDSA_P384, "EC", 0, SN_secp384r1},
};

/* the model's kind of a key (SM_KEY_UNSET if unsupported) and a
 * description of it for messages */
sm_key_kind_t sm_pki_key_kind(EVP_PKEY *key, char *desc, size_t size)
{
	const char *type = EVP_PKEY_get0_type_name(key);
	bool ec = EVP_PKEY_is_a(key, "EC");
	int bits = EVP_PKEY_get_bits(key);
	char group[80] = "";
	size_t i, len;

	if (ec && !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME,
											  group, sizeof(group), &len))
	{
		/* explicit curve parameters: not one of ours */
		ERR_clear_error();
		group[0] = '\0';
	}
	for (i = 0; i < countof(key_types); i++)
	{
		if (EVP_PKEY_is_a(key, key_types[i].type) &&
			(key_types[i].group ? !strcmp(group, key_types[i].group)
								: (size_t)bits == key_types[i].bits))
		{
			snprintf(desc, size, "%s", sm_key_name(key_types[i].kind));
			return key_types[i].kind;
		}
	}
	if (ec)
	{
		snprintf(desc, size, "an EC key on %s",
				 group[0] ? group : "explicit curve parameters");
	}
	else
	{
		snprintf(desc, size, "a %d-bit %s key", bits, type ? type : "unknown");
	}
	return SM_KEY_UNSET;
}

static EVP_PKEY *generate_key(const item_t *it, sm_diag_t *diag)
{
	EVP_PKEY *key = NULL;
	size_t i;

	for (i = 0; i < countof(key_types); i++)
	{
		if (key_types[i].kind != it->kind)
		{
			continue;
		}
		if (key_types[i].group)
		{
			key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", key_types[i].group);
		}
		else
		{
			key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", key_types[i].bits);
		}
	}
	if (!key)
	{
		sm_pki_ossl_error(diag, it->kind_pos, "generating the %s key (%s)",
						  it->role, sm_key_name(it->kind));
	}
	return key;
}

/* passphrase callback: keys are never encrypted, and we never prompt */
int sm_pki_no_passphrase(char *buf, int size, int rwflag, void *user)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)user;
	return -1;
}

/* load an existing key into it->key: 1 loaded, 0 no such file, -1 error */
int sm_pki_load_key(item_t *it, sm_diag_t *diag)
{
	char *buf, desc[KEY_DESC_LEN];
	size_t len = 0;
	struct stat st;
	BIO *bio = NULL;
	int ret = -1;

	buf = sm_file_read_private(it->key_path, SM_PKI_FILE_MAX, SM_FILE_REGULAR,
							   &len, &st);
	if (!buf)
	{
		if (!st.st_mode && errno == ENOENT)
		{
			return 0;
		}
		if (st.st_mode && !S_ISREG(st.st_mode))
		{
			sm_error(diag, sm_nopos(NULL),
					 "the %s key '%s' is not a "
					 "regular file",
					 it->role, it->key_path);
		}
		else if (st.st_mode & 077)
		{
			sm_error(diag, sm_nopos(NULL),
					 "the %s key '%s' has mode %04o "
					 "and is accessible by group or others; refusing to "
					 "use it (chmod 600 it if it was not exposed)",
					 it->role, it->key_path,
					 (unsigned int)(st.st_mode & 07777));
		}
		else if (errno == EFBIG)
		{
			sm_error(diag, sm_nopos(NULL),
					 "the %s key '%s' is larger than "
					 "%d bytes",
					 it->role, it->key_path, SM_PKI_FILE_MAX);
		}
		else
		{
			sm_error(diag, sm_nopos(NULL), "%s the %s key '%s': %s",
					 st.st_mode ? "reading" : "opening", it->role, it->key_path,
					 strerror(errno));
		}
		return -1;
	}
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "reading the %s key '%s'",
						  it->role, it->key_path);
		goto out;
	}
	it->key = PEM_read_bio_PrivateKey(bio, NULL, sm_pki_no_passphrase, NULL);
	if (!it->key)
	{
		if (strstr(buf, "ENCRYPTED"))
		{
			ERR_clear_error();
			sm_error(diag, sm_nopos(NULL),
					 "the %s key '%s' is protected by a "
					 "passphrase; swanmobile needs an unencrypted key",
					 it->role, it->key_path);
		}
		else
		{
			sm_pki_ossl_error(diag, sm_nopos(NULL), "reading the %s key '%s'",
							  it->role, it->key_path);
		}
		goto out;
	}
	if (sm_pki_key_kind(it->key, desc, sizeof(desc)) != it->kind)
	{
		sm_error(diag, it->kind_pos,
				 "the %s key '%s' is %s, but %s is %s; "
				 "keys are never overwritten: move the key away to generate "
				 "a new one",
				 it->role, it->key_path, desc, it->key_setting,
				 sm_key_name(it->kind));
		goto out;
	}
	ret = 1;

out:
	BIO_free(bio);
	OPENSSL_clear_free(buf, len + 1);
	return ret;
}

/* wipe and free a memory BIO that held a private key */
void sm_pki_bio_wipe_free(BIO *bio)
{
	char *data;
	long len;

	if (!bio)
	{
		return;
	}
	len = BIO_get_mem_data(bio, &data);
	if (len > 0 && data)
	{
		OPENSSL_cleanse(data, (size_t)len);
	}
	BIO_free(bio);
}

bool sm_pki_kind_known(sm_key_kind_t kind)
{
	size_t i;

	for (i = 0; i < countof(key_types); i++)
	{
		if (key_types[i].kind == kind)
		{
			return true;
		}
	}
	return false;
}

/* step 1c/2: generate a missing key (not in a dry run) */
bool sm_pki_make_key(item_t *it, int flags, sm_pki_action_t *action,
					 sm_diag_t *diag)
{
	*action = it->new_key ? SM_PKI_CREATED : SM_PKI_KEPT;
	if (!it->new_key || (flags & SM_PKI_DRYRUN))
	{
		return true;
	}
	it->key = generate_key(it, diag);
	if (!it->key)
	{
		return false;
	}
	it->key_bio = BIO_new(BIO_s_secmem());
	if (!it->key_bio || !PEM_write_bio_PKCS8PrivateKey(
							it->key_bio, it->key, NULL, NULL, 0, NULL, NULL))
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "encoding the %s key",
						  it->role);
		return false;
	}
	return true;
}
