/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CA and server certificate with OpenSSL 3 (EVP and X509 APIs only).
 * This is the only file of the generator that calls OpenSSL, apart from
 * OPENSSL_cleanse() for wiping secrets.
 *
 * sm_pki_sync() works in three steps, so that an error never leaves half
 * the changes behind: (1) check the model and load what exists (keys must
 * parse, be private and of the configured type, or nothing happens);
 * (2) decide per certificate whether it is kept, and build new keys and
 * certificates in memory; (3) write keys, backups and certificates.
 */
#include "config.h"

#include "pki.h"

#include "sm_file.h"
#include "sm_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/** Largest key or certificate file read. */
#define PKI_FILE_MAX (64 * 1024)
/** Serial numbers: 16 random bytes, top bit cleared (RFC 5280: <= 20). */
#define SERIAL_LEN 16
/** Longest lifetime accepted here (days); the validator has the limits. */
#define LIFETIME_MAX_DAYS 36500
#define DAY_SECONDS 86400
/** iKEIntermediate: the EKU Windows and old macOS clients look for. */
#define OID_IKE_INTERMEDIATE "1.3.6.1.5.5.8.2.2"
/** Modes of what is written. */
#define MODE_KEY 0600
#define MODE_CERT 0644
#define MODE_PRIVATE_DIR 0700
#define MODE_DIR 0755

#ifndef countof
#define countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

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

/** An extension with a fixed value, in OpenSSL's configuration syntax. */
typedef struct {
	int nid;
	const char *value;
} ext_spec_t;

static const ext_spec_t ca_exts[] = {
	{NID_basic_constraints, "critical,CA:TRUE"},
	{NID_key_usage, "critical,keyCertSign,cRLSign"},
	{NID_subject_key_identifier, "hash"},
	{NID_authority_key_identifier, "keyid:always"},
};

static const ext_spec_t server_rsa_exts[] = {
	{NID_basic_constraints, "CA:FALSE"},
	{NID_key_usage, "critical,digitalSignature,keyEncipherment"},
	{NID_ext_key_usage, "serverAuth," OID_IKE_INTERMEDIATE},
	{NID_subject_key_identifier, "hash"},
	{NID_authority_key_identifier, "keyid:always"},
};

/* RFC 5480 section 3: keyEncipherment must not be set for EC keys */
static const ext_spec_t server_ec_exts[] = {
	{NID_basic_constraints, "CA:FALSE"},
	{NID_key_usage, "critical,digitalSignature"},
	{NID_ext_key_usage, "serverAuth," OID_IKE_INTERMEDIATE},
	{NID_subject_key_identifier, "hash"},
	{NID_authority_key_identifier, "keyid:always"},
};

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

static const sm_pos_t nopos;

/* append formatted text to a NUL-terminated buffer, truncating */
static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list args;

	if (used + 1 >= size)
	{
		return;
	}
	va_start(args, fmt);
	vsnprintf(buf + used, size - used, fmt, args);
	va_end(args);
}

/* add an error naming the operation that failed, followed by everything
 * OpenSSL's error queue says about it (the queue is left empty) */
static void ossl_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ossl_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
{
	char op[512], why[512] = "", one[256], last[256] = "";
	const char *data, *reason;
	unsigned long e;
	va_list args;
	int flags;

	va_start(args, fmt);
	vsnprintf(op, sizeof(op), fmt, args);
	va_end(args);
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0)
	{
		reason = ERR_reason_error_string(e);
		if (reason)
		{
			snprintf(one, sizeof(one), "%s", reason);
		}
		else
		{
			ERR_error_string_n(e, one, sizeof(one));
		}
		if ((flags & ERR_TXT_STRING) && data && *data)
		{
			append(one, sizeof(one), " (%s)", data);
		}
		if (strcmp(one, last) != 0)
		{
			append(why, sizeof(why), "%s%s", why[0] ? "; " : "", one);
			memcpy(last, one, sizeof(last));
		}
	}
	sm_error(diag, pos, "%s: %s", op, why[0] ? why : "unknown OpenSSL error");
}

static bool asn1_to_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
	{
		ERR_clear_error();
		return false;
	}
	*out = timegm(&tm);
	return true;
}

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

static bool same_name(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	if (!X509_NAME_get0_der(a, &da, &la) || !X509_NAME_get0_der(b, &db, &lb))
	{
		ERR_clear_error();
		return false;
	}
	return la == lb && memcmp(da, db, la) == 0;
}

static bool is_ip(const char *text)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, text, buf) == 1 ||
		   inet_pton(AF_INET6, text, buf) == 1;
}

/* ---- keys ------------------------------------------------------------ */

/* the model's kind of a key (SM_KEY_UNSET if unsupported) and a
 * description of it for messages */
static sm_key_kind_t key_kind(EVP_PKEY *key, char *desc, size_t size)
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
		ossl_error(diag, it->kind_pos, "generating the %s key (%s)", it->role,
				   sm_key_name(it->kind));
	}
	return key;
}

/* passphrase callback: keys are never encrypted, and we never prompt */
static int no_passphrase(char *buf, int size, int rwflag, void *user)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)user;
	return -1;
}

/* load an existing key into it->key: 1 loaded, 0 no such file, -1 error */
static int load_key(item_t *it, sm_diag_t *diag)
{
	char *buf = NULL, desc[96];
	size_t size = 0, len = 0;
	struct stat st;
	BIO *bio = NULL;
	ssize_t n;
	int fd, ret = -1;

	fd = open(it->key_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
	{
		if (errno == ENOENT)
		{
			return 0;
		}
		sm_error(diag, nopos, "opening the %s key '%s': %s", it->role,
				 it->key_path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0)
	{
		sm_error(diag, nopos, "checking the %s key '%s': %s", it->role,
				 it->key_path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode))
	{
		sm_error(diag, nopos, "the %s key '%s' is not a regular file",
				 it->role, it->key_path);
		goto out;
	}
	if (st.st_mode & 077)
	{
		sm_error(diag, nopos, "the %s key '%s' has mode %04o and is "
				 "accessible by group or others; refusing to use it "
				 "(chmod 600 it if it was not exposed)", it->role,
				 it->key_path, (unsigned int)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_size > PKI_FILE_MAX)
	{
		sm_error(diag, nopos, "the %s key '%s' is larger than %d bytes",
				 it->role, it->key_path, PKI_FILE_MAX);
		goto out;
	}
	size = (size_t)st.st_size + 1;
	buf = malloc(size);
	if (!buf)
	{
		sm_error(diag, nopos, "reading the %s key '%s': out of memory",
				 it->role, it->key_path);
		goto out;
	}
	while (len + 1 < size &&
		   (n = read(fd, buf + len, size - 1 - len)) != 0)
	{
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			sm_error(diag, nopos, "reading the %s key '%s': %s", it->role,
					 it->key_path, strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
	{
		ossl_error(diag, nopos, "reading the %s key '%s'", it->role,
				   it->key_path);
		goto out;
	}
	it->key = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	if (!it->key)
	{
		if (strstr(buf, "ENCRYPTED"))
		{
			ERR_clear_error();
			sm_error(diag, nopos, "the %s key '%s' is protected by a "
					 "passphrase; swanmobile needs an unencrypted key",
					 it->role, it->key_path);
		}
		else
		{
			ossl_error(diag, nopos, "reading the %s key '%s'", it->role,
					   it->key_path);
		}
		goto out;
	}
	if (key_kind(it->key, desc, sizeof(desc)) != it->kind)
	{
		sm_error(diag, it->kind_pos, "the %s key '%s' is %s, but %s is %s; "
				 "keys are never overwritten: move the key away to generate "
				 "a new one", it->role, it->key_path, desc, it->key_setting,
				 sm_key_name(it->kind));
		goto out;
	}
	ret = 1;

out:
	BIO_free(bio);
	if (buf)
	{
		OPENSSL_cleanse(buf, size);
		free(buf);
	}
	close(fd);
	return ret;
}

/* wipe and free a memory BIO that held a private key */
static void bio_wipe_free(BIO *bio)
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

/* ---- certificates: what they should be -------------------------------- */

static X509_NAME *make_name(const sm_subject_t *s, const sm_str_t *cn,
							const char *what, sm_diag_t *diag)
{
	const struct {
		int nid;
		const char *label;
		const sm_str_t *v;
	} rdn[] = {
		{NID_countryName, "country", &s->country},
		{NID_stateOrProvinceName, "state", &s->state},
		{NID_localityName, "city", &s->city},
		{NID_organizationName, "organization", &s->organization},
		{NID_organizationalUnitName, "unit", &s->unit},
		{NID_commonName, "common name", cn},
	};
	X509_NAME *name, *ret = NULL;
	size_t i;

	name = X509_NAME_new();
	if (!name)
	{
		ossl_error(diag, s->pos, "building the subject of %s", what);
		goto out;
	}
	for (i = 0; i < countof(rdn); i++)
	{
		/* MBSTRING_UTF8: UTF8String, PrintableString for the country,
		 * with the length limits of RFC 5280 */
		if (rdn[i].v->v &&
			!X509_NAME_add_entry_by_NID(name, rdn[i].nid, MBSTRING_UTF8,
										(const unsigned char *)rdn[i].v->v,
										-1, -1, 0))
		{
			ossl_error(diag, rdn[i].v->pos, "setting the %s '%s' of %s",
					   rdn[i].label, rdn[i].v->v, what);
			goto out;
		}
	}
	ret = name;
	name = NULL;

out:
	X509_NAME_free(name);
	return ret;
}

/* add a dNSName or iPAddress unless the list has it already */
static bool add_san(GENERAL_NAMES *sans, int type, const char *value,
					sm_pos_t pos, sm_diag_t *diag)
{
	GENERAL_NAME *gen;
	int i;

	gen = a2i_GENERAL_NAME(NULL, NULL, NULL, type, value, 0);
	if (!gen)
	{
		ossl_error(diag, pos, "adding the name '%s' to the server certificate",
				   value);
		return false;
	}
	for (i = 0; i < sk_GENERAL_NAME_num(sans); i++)
	{
		if (GENERAL_NAME_cmp(gen, sk_GENERAL_NAME_value(sans, i)) == 0)
		{
			GENERAL_NAME_free(gen);
			return true;
		}
	}
	if (!sk_GENERAL_NAME_push(sans, gen))
	{
		GENERAL_NAME_free(gen);
		ossl_error(diag, pos, "adding the name '%s' to the server certificate",
				   value);
		return false;
	}
	return true;
}

/* a DNS name must be plain ASCII (IDNA A-labels) to fit an IA5String */
static bool dns_ok(const sm_str_t *s, const char *setting, sm_diag_t *diag)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s->v; *p; p++)
	{
		if (*p <= ' ' || *p >= 0x7f)
		{
			break;
		}
	}
	if (!s->v[0] || *p)
	{
		sm_error(diag, s->pos, "%s '%s' is not a DNS name in ASCII (use the "
				 "IDNA form xn--... for international names)", setting,
				 s->v);
		return false;
	}
	return true;
}

/* the subjectAltNames: the hostname and names as dNSName, addresses as
 * iPAddress and as dNSName (Windows matches an address against dNSName) */
static GENERAL_NAMES *make_sans(const sm_gateway_t *gw, sm_diag_t *diag)
{
	GENERAL_NAMES *sans, *ret = NULL;
	char text[SM_PREFIX_STRLEN];
	const sm_addr_t *a;
	bool ok = true;
	size_t i;

	sans = GENERAL_NAMES_new();
	if (!sans)
	{
		ossl_error(diag, gw->pos, "building the names of the server "
				   "certificate");
		goto out;
	}
	if (is_ip(gw->hostname.v))
	{
		ok = add_san(sans, GEN_IPADD, gw->hostname.v, gw->hostname.pos, diag);
	}
	else
	{
		ok = dns_ok(&gw->hostname, "gateway.hostname", diag);
	}
	ok = ok &&
		 add_san(sans, GEN_DNS, gw->hostname.v, gw->hostname.pos, diag);
	for (i = 0; ok && i < gw->names.n; i++)
	{
		ok = dns_ok(&gw->names.items[i], "gateway.names entry", diag) &&
			 add_san(sans, GEN_DNS, gw->names.items[i].v,
					 gw->names.items[i].pos, diag);
	}
	for (i = 0; ok && i < gw->addresses.n; i++)
	{
		a = &gw->addresses.items[i];
		if (!sm_prefix_format(&a->v, true, text, sizeof(text)))
		{
			sm_error(diag, a->pos, "gateway.addresses entry cannot be "
					 "formatted");
			ok = false;
			break;
		}
		if (a->v.len != (a->v.family == AF_INET ? 32u : 128u))
		{
			sm_error(diag, a->pos, "gateway.addresses entry '%s' is a "
					 "prefix; the certificate needs single addresses", text);
			ok = false;
			break;
		}
		sm_prefix_format(&a->v, false, text, sizeof(text));
		ok = add_san(sans, GEN_IPADD, text, a->pos, diag) &&
			 add_san(sans, GEN_DNS, text, a->pos, diag);
	}
	if (ok)
	{
		ret = sans;
		sans = NULL;
	}

out:
	GENERAL_NAMES_free(sans);
	return ret;
}

/* whether the IKE identity is one of the certificate's names (Apple
 * clients require a subjectAltName matching the server identity) */
static bool identifier_listed(const sm_str_t *id, GENERAL_NAMES *sans,
							  sm_diag_t *diag)
{
	GENERAL_NAME *gen;
	bool found = false;
	int i;

	gen = a2i_GENERAL_NAME(NULL, NULL, NULL, is_ip(id->v) ? GEN_IPADD : GEN_DNS,
						   id->v, 0);
	if (!gen)
	{
		ossl_error(diag, id->pos, "checking gateway.identifier '%s'", id->v);
		return false;
	}
	for (i = 0; !found && i < sk_GENERAL_NAME_num(sans); i++)
	{
		found = GENERAL_NAME_cmp(gen, sk_GENERAL_NAME_value(sans, i)) == 0;
	}
	GENERAL_NAME_free(gen);
	if (!found)
	{
		sm_error(diag, id->pos, "gateway.identifier '%s' is not one of the "
				 "certificate's names (gateway.hostname, gateway.names, "
				 "gateway.addresses)", id->v);
	}
	return found;
}

/* one of the fixed extensions, for subject as issued by issuer */
static X509_EXTENSION *make_ext(const ext_spec_t *spec, X509 *subject,
								X509 *issuer)
{
	X509V3_CTX ctx;

	memset(&ctx, 0, sizeof(ctx));
	X509V3_set_ctx(&ctx, issuer, subject, NULL, NULL, 0);
	X509V3_set_ctx_nodb(&ctx);
	return X509V3_EXT_nconf_nid(NULL, &ctx, spec->nid, spec->value);
}

static bool set_serial(X509 *x)
{
	unsigned char buf[SERIAL_LEN];
	ASN1_INTEGER *serial = NULL;
	BIGNUM *bn = NULL;
	bool ok = false, zero;
	size_t i;

	do
	{
		if (RAND_bytes(buf, sizeof(buf)) != 1)
		{
			goto out;
		}
		/* positive, and no longer than SERIAL_LEN once encoded */
		buf[0] &= 0x7f;
		zero = true;
		for (i = 0; i < sizeof(buf); i++)
		{
			zero = zero && buf[i] == 0;
		}
	} while (zero);
	bn = BN_bin2bn(buf, sizeof(buf), NULL);
	serial = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	ok = serial && X509_set_serialNumber(x, serial);

out:
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	return ok;
}

/* issue the certificate of an item: self-signed if issuer is NULL */
static X509 *issue(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
				   sm_diag_t *diag)
{
	X509_EXTENSION *ext = NULL;
	X509 *x, *ret = NULL;
	time_t now = time(NULL);
	size_t i;
	bool ok;

	x = X509_new();
	ok = x && X509_set_version(x, X509_VERSION_3) && set_serial(x) &&
		 X509_set_subject_name(x, it->subject) &&
		 X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer)
										: it->subject) &&
		 X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &now) &&
		 X509_time_adj_ex(X509_getm_notAfter(x), it->days, 0, &now) &&
		 X509_set_pubkey(x, it->key);
	/* in order: the self-signed CA's authorityKeyIdentifier is taken from
	 * its subjectKeyIdentifier */
	for (i = 0; ok && i < it->n_exts; i++)
	{
		ext = make_ext(&it->exts[i], x, issuer ? issuer : x);
		ok = ext && X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	ok = ok && (!it->sans || X509_add1_ext_i2d(x, NID_subject_alt_name,
											   it->sans, 0,
											   X509V3_ADD_APPEND) == 1);
	ok = ok && X509_sign(x, issuer_key, it->md) > 0;
	if (!ok)
	{
		ossl_error(diag, nopos, "signing %s", it->what);
		goto out;
	}
	ret = x;
	x = NULL;

out:
	X509_free(x);
	return ret;
}

/* ---- certificates: is the existing one still right? ------------------- */

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
		family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : AF_UNSPEC;
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

/* whether the extensions are exactly the ones issue() adds; the names are
 * compared as a set */
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
		want = make_ext(&it->exts[j], old, issuer);
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
			snprintf(reason, size, ext ? "its %s differs from the one "
					 "configured" : "it lacks the %s extension",
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
			snprintf(reason, size, "its subjectAltName is missing or "
					 "critical");
			goto out;
		}
		if ((gen = san_missing(sans, it->sans)))
		{
			san_text(gen, text, sizeof(text));
			snprintf(reason, size, "its name %s is no longer configured",
					 text);
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

/* whether the existing certificate is what issue() would make now (apart
 * from serial and dates), and still valid; if not, why */
static bool cert_current(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
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
	if (!same_name(X509_get_subject_name(it->old), it->subject))
	{
		name_text(X509_get_subject_name(it->old), a, sizeof(a));
		name_text(it->subject, b, sizeof(b));
		snprintf(reason, size, "its subject '%s' is not '%s'", a, b);
		return false;
	}
	if (!same_name(X509_get_issuer_name(it->old),
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
	if (!asn1_to_time(X509_get0_notBefore(it->old), &nb) ||
		!asn1_to_time(X509_get0_notAfter(it->old), &na))
	{
		snprintf(reason, size, "its validity cannot be read");
		return false;
	}
	if (na - nb != (time_t)it->days * DAY_SECONDS)
	{
		snprintf(reason, size, "it is valid for %lld days, the lifetime is "
				 "%d days", (long long)((na - nb) / DAY_SECONDS), it->days);
		return false;
	}
	date_text(na, a, sizeof(a));
	if (na <= now)
	{
		snprintf(reason, size, "it expired on %s", a);
		return false;
	}
	if ((flags & SM_PKI_RENEW) &&
		na - now < (time_t)renew_days * DAY_SECONDS)
	{
		snprintf(reason, size, "it expires on %s, within %u days", a,
				 renew_days);
		return false;
	}
	return exts_current(it, it->old, issuer, reason, size);
}

/* read an existing certificate: 1 read (it->old NULL if it does not
 * parse), 0 no such file, -1 error */
static int load_cert(item_t *it, sm_diag_t *diag)
{
	BIO *bio;

	it->old_pem = sm_file_read(it->cert_path, PKI_FILE_MAX, &it->old_len);
	if (!it->old_pem)
	{
		if (errno == ENOENT)
		{
			return 0;
		}
		sm_error(diag, nopos, "reading %s '%s': %s", it->what, it->cert_path,
				 strerror(errno));
		return -1;
	}
	bio = BIO_new_mem_buf(it->old_pem, (int)it->old_len);
	if (!bio)
	{
		ossl_error(diag, nopos, "reading %s '%s'", it->what, it->cert_path);
		return -1;
	}
	it->old = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL);
	/* a file that does not parse is replaced (after a backup) */
	ERR_clear_error();
	BIO_free(bio);
	return 1;
}

/* ---- files ------------------------------------------------------------ */

static bool parent_dir(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (!slash)
	{
		snprintf(buf, size, ".");
		return true;
	}
	len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= size)
	{
		return false;
	}
	memcpy(buf, path, len);
	buf[len] = '\0';
	return true;
}

/* create a directory with exactly the given mode (and missing parents with
 * MODE_DIR); an existing directory is left as it is */
static bool ensure_dir(const char *dir, mode_t mode, sm_diag_t *diag)
{
	char parent[PATH_MAX];
	struct stat st;

	if (stat(dir, &st) == 0)
	{
		if (!S_ISDIR(st.st_mode))
		{
			sm_error(diag, nopos, "'%s' is not a directory", dir);
			return false;
		}
		return true;
	}
	if (errno != ENOENT || !parent_dir(dir, parent, sizeof(parent)) ||
		sm_mkdirs(parent, MODE_DIR) != 0 ||
		(mkdir(dir, mode) != 0 && errno != EEXIST) || chmod(dir, mode) != 0)
	{
		sm_error(diag, nopos, "creating the directory '%s': %s", dir,
				 strerror(errno));
		return false;
	}
	return true;
}

static bool write_bio(const char *path, BIO *bio, mode_t mode, int fflags,
					  mode_t dir_mode, const char *what, sm_diag_t *diag)
{
	char dir[PATH_MAX], *data;
	long len;

	if (!parent_dir(path, dir, sizeof(dir)) ||
		!ensure_dir(dir, dir_mode, diag))
	{
		return false;
	}
	len = BIO_get_mem_data(bio, &data);
	if (len <= 0 ||
		sm_file_write(path, data, (size_t)len, mode, fflags, NULL) != 0)
	{
		if (len > 0 && errno == EEXIST && (fflags & SM_FILE_NOCLOBBER))
		{
			sm_error(diag, nopos, "writing %s '%s': the file appeared "
					 "meanwhile; it was not replaced", what, path);
		}
		else
		{
			sm_error(diag, nopos, "writing %s '%s': %s", what, path,
					 len > 0 ? strerror(errno) : "nothing to write");
		}
		return false;
	}
	return true;
}

/* save a copy of the certificate file being replaced as
 * DIR/STEM.YYYYMMDDTHHMMSSZ[-N].pem */
static bool backup_cert(const item_t *it, const char *dir, char *saved,
						size_t size, sm_diag_t *diag)
{
	const char *base, *ext = "";
	char stamp[32], path[PATH_MAX], suffix[16] = "";
	time_t now = time(NULL);
	size_t stem;
	struct tm tm;
	int n, len;

	base = strrchr(it->cert_path, '/');
	base = base ? base + 1 : it->cert_path;
	stem = strlen(base);
	if (stem > 4 && !strcmp(base + stem - 4, ".pem"))
	{
		stem -= 4;
		ext = ".pem";
	}
	if (!gmtime_r(&now, &tm) ||
		!strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) ||
		!ensure_dir(dir, MODE_PRIVATE_DIR, diag))
	{
		return false;
	}
	for (n = 1; n < 100; n++)
	{
		if (n > 1)
		{
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		len = snprintf(path, sizeof(path), "%s/%.*s.%s%s%s", dir, (int)stem,
					   base, stamp, suffix, ext);
		if (len < 0 || (size_t)len >= sizeof(path))
		{
			errno = ENAMETOOLONG;
			break;
		}
		if (sm_file_write(path, it->old_pem, it->old_len, MODE_CERT,
						  SM_FILE_NOCLOBBER, NULL) == 0)
		{
			snprintf(saved, size, "%s", path);
			return true;
		}
		if (errno != EEXIST)
		{
			break;
		}
	}
	sm_error(diag, nopos, "saving a copy of '%s' in '%s': %s", it->cert_path,
			 dir, strerror(errno));
	return false;
}

/* ---- sync ------------------------------------------------------------- */

static const EVP_MD *digest_md(sm_digest_kind_t digest)
{
	switch (digest)
	{
		case SM_DIGEST_SHA256:
			return EVP_sha256();
		case SM_DIGEST_SHA384:
			return EVP_sha384();
		case SM_DIGEST_SHA512:
			return EVP_sha512();
		case SM_DIGEST_UNSET:
			break;
	}
	return NULL;
}

static bool kind_known(sm_key_kind_t kind)
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

/* the settings of an item that do not need OpenSSL objects */
static bool item_settings(item_t *it, const char *setting, sm_key_t key,
						  sm_digest_t digest, const sm_uint_t *lifetime,
						  sm_diag_t *diag)
{
	bool ok = true;

	it->key_setting = setting;
	it->kind = key.v;
	it->kind_pos = key.pos;
	it->md = digest_md(digest.v);
	if (!kind_known(key.v))
	{
		sm_error(diag, key.pos, "%s is not set to a supported key type",
				 setting);
		ok = false;
	}
	if (!it->md)
	{
		sm_error(diag, digest.pos, "the digest of %s is not set",
				 it->what);
		ok = false;
	}
	if (!lifetime->set || lifetime->v < 1 ||
		lifetime->v > LIFETIME_MAX_DAYS)
	{
		sm_error(diag, lifetime->pos, "the lifetime of %s must be 1 to %d "
				 "days", it->what, LIFETIME_MAX_DAYS);
		ok = false;
	}
	it->days = (int)lifetime->v;
	return ok;
}

/* step 1a: check the model and build the desired names */
static bool prepare(const sm_model_t *m, const sm_pki_paths_t *paths,
					item_t *ca, item_t *srv, sm_diag_t *diag)
{
	const sm_gateway_t *gw = &m->gateway;
	bool ok;

	if (!paths->ca_key || !paths->ca_cert || !paths->server_key ||
		!paths->server_cert || !paths->backup_dir)
	{
		sm_error(diag, nopos, "certificates: a file location is missing");
		return false;
	}
	if (!gw->hostname.v || !gw->identifier.v || !m->ca.common_name.v)
	{
		sm_error(diag, gw->pos, "certificates: gateway.hostname is not set");
		return false;
	}
	ca->role = "CA";
	ca->key_path = paths->ca_key;
	ca->cert_path = paths->ca_cert;
	ca->exts = ca_exts;
	ca->n_exts = countof(ca_exts);
	snprintf(ca->what, sizeof(ca->what), "the CA certificate '%s'",
			 m->ca.common_name.v);
	srv->role = "server";
	srv->key_path = paths->server_key;
	srv->cert_path = paths->server_cert;
	snprintf(srv->what, sizeof(srv->what), "the server certificate '%s'",
			 gw->hostname.v);

	ok = item_settings(ca, "ca.key", m->ca.key, m->ca.digest,
					   &m->ca.lifetime, diag);
	ok = item_settings(srv, "certificate.key", m->certificate.key,
					   m->certificate.digest, &m->certificate.lifetime,
					   diag) && ok;
	if (srv->kind == SM_KEY_ECDSA_P256 || srv->kind == SM_KEY_ECDSA_P384)
	{
		srv->exts = server_ec_exts;
		srv->n_exts = countof(server_ec_exts);
	}
	else
	{
		srv->exts = server_rsa_exts;
		srv->n_exts = countof(server_rsa_exts);
	}
	ca->subject = make_name(&m->ca.subject, &m->ca.common_name, ca->what,
							diag);
	srv->subject = make_name(&m->certificate.subject, &gw->hostname,
							 srv->what, diag);
	srv->sans = make_sans(gw, diag);
	if (!ok || !ca->subject || !srv->subject || !srv->sans)
	{
		return false;
	}
	if (same_name(ca->subject, srv->subject))
	{
		sm_error(diag, m->ca.common_name.pos, "the CA and the server "
				 "certificate would have the same subject; choose another "
				 "ca.common_name");
		return false;
	}
	return identifier_listed(&gw->identifier, srv->sans, diag);
}

/* step 1b: load the key and certificate that exist (all errors reported) */
static bool load(item_t *it, sm_diag_t *diag)
{
	int rc = load_key(it, diag);

	it->new_key = rc == 0;
	return load_cert(it, diag) >= 0 && rc >= 0;
}

/* step 2: decide whether the certificate is kept, and issue it if not */
static bool plan(item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
				 const char *forced, int flags, unsigned int renew_days,
				 sm_pki_action_t *action, char *reason, sm_diag_t *diag)
{
	size_t size = SM_PKI_REASON_LEN;

	*action = SM_PKI_REISSUED;
	if (!it->old_pem)
	{
		*action = SM_PKI_CREATED;
		snprintf(reason, size, "there is no certificate yet");
	}
	else if (it->new_key)
	{
		snprintf(reason, size, "a new %s key is generated", it->role);
	}
	else if (forced)
	{
		snprintf(reason, size, "%s", forced);
	}
	else if (!it->old)
	{
		snprintf(reason, size, "'%s' does not hold a PEM certificate",
				 it->cert_path);
	}
	else if (cert_current(it, issuer, issuer_key, flags, renew_days, reason,
						  size))
	{
		*action = SM_PKI_KEPT;
		reason[0] = '\0';
		return true;
	}
	if (flags & SM_PKI_DRYRUN)
	{
		return true;
	}
	it->issued = issue(it, issuer, issuer_key, diag);
	it->cert_bio = BIO_new(BIO_s_mem());
	if (!it->issued || !it->cert_bio ||
		!PEM_write_bio_X509(it->cert_bio, it->issued))
	{
		if (it->issued)
		{
			ossl_error(diag, nopos, "encoding %s", it->what);
		}
		return false;
	}
	return true;
}

/* step 1c/2: generate a missing key (not in a dry run) */
static bool make_key(item_t *it, int flags, sm_pki_action_t *action,
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
	if (!it->key_bio ||
		!PEM_write_bio_PKCS8PrivateKey(it->key_bio, it->key, NULL, NULL, 0,
									   NULL, NULL))
	{
		ossl_error(diag, nopos, "encoding the %s key", it->role);
		return false;
	}
	return true;
}

/* step 3a: write a new key, never replacing a file */
static bool write_key(item_t *it, sm_diag_t *diag)
{
	char what[64];

	if (!it->key_bio)
	{
		return true;
	}
	snprintf(what, sizeof(what), "the %s key", it->role);
	return write_bio(it->key_path, it->key_bio, MODE_KEY, SM_FILE_NOCLOBBER,
					 MODE_PRIVATE_DIR, what, diag);
}

/* step 3b: write a new certificate, after saving the one it replaces */
static bool write_cert(item_t *it, const char *backup_dir, char *saved,
					   sm_diag_t *diag)
{
	if (!it->cert_bio)
	{
		return true;
	}
	if (it->old_pem && !backup_cert(it, backup_dir, saved, PATH_MAX, diag))
	{
		return false;
	}
	return write_bio(it->cert_path, it->cert_bio, MODE_CERT, 0, MODE_DIR,
					 it->what, diag);
}

static void item_free(item_t *it)
{
	EVP_PKEY_free(it->key);
	X509_NAME_free(it->subject);
	GENERAL_NAMES_free(it->sans);
	free(it->old_pem);
	X509_free(it->old);
	X509_free(it->issued);
	bio_wipe_free(it->key_bio);
	BIO_free(it->cert_bio);
}

int sm_pki_sync(const sm_model_t *m, const sm_pki_paths_t *paths, int flags,
				unsigned int renew_days, sm_pki_report_t *report,
				sm_diag_t *diag)
{
	item_t ca, srv;
	const char *forced = NULL;
	bool loaded;
	int ret = -1;

	memset(&ca, 0, sizeof(ca));
	memset(&srv, 0, sizeof(srv));
	memset(report, 0, sizeof(*report));
	ERR_clear_error();
	if (!prepare(m, paths, &ca, &srv, diag))
	{
		goto out;
	}
	loaded = load(&ca, diag);
	if (!load(&srv, diag) || !loaded)
	{
		goto out;
	}
	if ((flags & SM_PKI_RENEW) && (unsigned int)srv.days <= renew_days)
	{
		sm_warning(diag, m->certificate.lifetime.pos, "the certificate "
				   "lifetime of %d days is not longer than the renewal "
				   "window of %u days: every renewal reissues it", srv.days,
				   renew_days);
	}
	if (!make_key(&ca, flags, &report->ca_key, diag) ||
		!make_key(&srv, flags, &report->server_key, diag) ||
		!plan(&ca, NULL, ca.key, NULL, flags, renew_days, &report->ca_cert,
			  report->ca_reason, diag))
	{
		goto out;
	}
	if (report->ca_cert != SM_PKI_KEPT)
	{
		forced = report->ca_cert == SM_PKI_CREATED
					 ? "the CA certificate is created"
					 : "the CA certificate is reissued";
	}
	if (!plan(&srv, ca.issued ? ca.issued : ca.old, ca.key, forced, flags,
			  renew_days, &report->server_cert, report->server_reason, diag))
	{
		goto out;
	}
	if (!(flags & SM_PKI_DRYRUN) &&
		(!write_key(&ca, diag) || !write_key(&srv, diag) ||
		 !write_cert(&ca, paths->backup_dir, report->ca_backup, diag) ||
		 !write_cert(&srv, paths->backup_dir, report->server_backup, diag)))
	{
		goto out;
	}
	ret = 0;

out:
	item_free(&ca);
	item_free(&srv);
	ERR_clear_error();
	return ret;
}

int sm_pki_cert_info(const char *path, sm_pki_cert_info_t *info,
					 sm_diag_t *diag)
{
	char desc[96], *hex = NULL, *pem;
	BIGNUM *serial = NULL;
	X509 *x = NULL;
	EVP_PKEY *pub;
	BIO *bio = NULL;
	size_t len, i;
	int mdnid, ret = -1;

	memset(info, 0, sizeof(*info));
	pem = sm_file_read(path, PKI_FILE_MAX, &len);
	if (!pem)
	{
		sm_error(diag, nopos, "reading the certificate '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	x = bio ? PEM_read_bio_X509(bio, NULL, no_passphrase, NULL) : NULL;
	if (!x)
	{
		ossl_error(diag, nopos, "reading the certificate '%s'", path);
		goto out;
	}
	serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	hex = serial ? BN_bn2hex(serial) : NULL;
	if (!hex || !asn1_to_time(X509_get0_notBefore(x), &info->not_before) ||
		!asn1_to_time(X509_get0_notAfter(x), &info->not_after))
	{
		ossl_error(diag, nopos, "reading the certificate '%s'", path);
		goto out;
	}
	for (i = 0; hex[i] && i + 1 < sizeof(info->serial); i++)
	{
		info->serial[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F'
									 ? hex[i] - 'A' + 'a'
									 : hex[i]);
	}
	name_text(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	name_text(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	pub = X509_get0_pubkey(x);
	info->key = pub ? key_kind(pub, desc, sizeof(desc)) : SM_KEY_UNSET;
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

const char *sm_pki_action_name(sm_pki_action_t action)
{
	switch (action)
	{
		case SM_PKI_KEPT:
			return "kept";
		case SM_PKI_CREATED:
			return "created";
		case SM_PKI_REISSUED:
			return "reissued";
	}
	return "unknown";
}
