/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The certificates the model asks for: subjects, subjectAltNames and
 * extensions of the CA and the server certificate, and issuing them.
 */
#include "config.h"

#include "pki_int.h"

#include "sm_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

/** Serial numbers: 16 random bytes, top bit cleared (RFC 5280: <= 20). */
#define SERIAL_LEN 16
/** Longest lifetime accepted here (days); the validator has the limits. */
#define LIFETIME_MAX_DAYS SM_PKI_DAYS_MAX
/** Prefix length of a single IPv4 and IPv6 address. */
#define HOST_BITS_V4 32u
#define HOST_BITS_V6 128u
/** iKEIntermediate: the EKU Windows and old macOS clients look for. */
#define OID_IKE_INTERMEDIATE "1.3.6.1.5.5.8.2.2"

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

static bool is_ip(const char *text)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, text, buf) == 1 ||
		   inet_pton(AF_INET6, text, buf) == 1;
}

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
		sm_pki_ossl_error(diag, s->pos, "building the subject of %s", what);
		goto out;
	}
	for (i = 0; i < countof(rdn); i++)
	{
		/* MBSTRING_UTF8: UTF8String, PrintableString for the country,
		 * with the length limits of RFC 5280 */
		if (rdn[i].v->v && !X509_NAME_add_entry_by_NID(
							   name, rdn[i].nid, MBSTRING_UTF8,
							   (const unsigned char *)rdn[i].v->v, -1, -1, 0))
		{
			sm_pki_ossl_error(diag, rdn[i].v->pos, "setting the %s '%s' of %s",
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
		sm_pki_ossl_error(diag, pos,
						  "adding the name '%s' to the server "
						  "certificate",
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
		sm_pki_ossl_error(diag, pos,
						  "adding the name '%s' to the server "
						  "certificate",
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
		sm_error(diag, s->pos,
				 "%s '%s' is not a DNS name in ASCII (use the "
				 "IDNA form xn--... for international names)",
				 setting, s->v);
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
		sm_pki_ossl_error(diag, gw->pos,
						  "building the names of the server "
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
	ok = ok && add_san(sans, GEN_DNS, gw->hostname.v, gw->hostname.pos, diag);
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
			sm_error(diag, a->pos,
					 "gateway.addresses entry cannot be "
					 "formatted");
			ok = false;
			break;
		}
		if (a->v.len != (a->v.family == AF_INET ? HOST_BITS_V4 : HOST_BITS_V6))
		{
			sm_error(diag, a->pos,
					 "gateway.addresses entry '%s' is a "
					 "prefix; the certificate needs single addresses",
					 text);
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
		sm_pki_ossl_error(diag, id->pos, "checking gateway.identifier '%s'",
						  id->v);
		return false;
	}
	for (i = 0; !found && i < sk_GENERAL_NAME_num(sans); i++)
	{
		found = GENERAL_NAME_cmp(gen, sk_GENERAL_NAME_value(sans, i)) == 0;
	}
	GENERAL_NAME_free(gen);
	if (!found)
	{
		sm_error(diag, id->pos,
				 "gateway.identifier '%s' is not one of the "
				 "certificate's names (gateway.hostname, gateway.names, "
				 "gateway.addresses)",
				 id->v);
	}
	return found;
}

/* one of the fixed extensions, for subject as issued by issuer */
X509_EXTENSION *sm_pki_make_ext(const ext_spec_t *spec, X509 *subject,
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
X509 *sm_pki_issue(const item_t *it, X509 *issuer, EVP_PKEY *issuer_key,
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
		ext = sm_pki_make_ext(&it->exts[i], x, issuer ? issuer : x);
		ok = ext && X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	ok =
		ok && (!it->sans || X509_add1_ext_i2d(x, NID_subject_alt_name, it->sans,
											  0, X509V3_ADD_APPEND) == 1);
	ok = ok && X509_sign(x, issuer_key, it->md) > 0;
	if (!ok)
	{
		sm_pki_ossl_error(diag, sm_nopos(NULL), "signing %s", it->what);
		goto out;
	}
	ret = x;
	x = NULL;

out:
	X509_free(x);
	return ret;
}

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
	if (!sm_pki_kind_known(key.v))
	{
		sm_error(diag, key.pos, "%s is not set to a supported key type",
				 setting);
		ok = false;
	}
	if (!it->md)
	{
		sm_error(diag, digest.pos, "the digest of %s is not set", it->what);
		ok = false;
	}
	if (!lifetime->set || lifetime->v < 1 || lifetime->v > LIFETIME_MAX_DAYS)
	{
		sm_error(diag, lifetime->pos,
				 "the lifetime of %s must be 1 to %d "
				 "days",
				 it->what, LIFETIME_MAX_DAYS);
		ok = false;
	}
	it->days = (int)lifetime->v;
	return ok;
}

/* step 1a: check the model and build the desired names */
bool sm_pki_prepare(const sm_model_t *m, const sm_pki_paths_t *paths,
					item_t *ca, item_t *srv, sm_diag_t *diag)
{
	const sm_gateway_t *gw = &m->gateway;
	bool ok;

	if (!paths->ca_key || !paths->ca_cert || !paths->server_key ||
		!paths->server_cert || !paths->backup_dir)
	{
		sm_error(diag, sm_nopos(NULL),
				 "certificates: a file location is missing");
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

	ok = item_settings(ca, "ca.key", m->ca.key, m->ca.digest, &m->ca.lifetime,
					   diag);
	ok = item_settings(srv, "certificate.key", m->certificate.key,
					   m->certificate.digest, &m->certificate.lifetime, diag) &&
		 ok;
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
	ca->subject = make_name(&m->ca.subject, &m->ca.common_name, ca->what, diag);
	srv->subject =
		make_name(&m->certificate.subject, &gw->hostname, srv->what, diag);
	srv->sans = make_sans(gw, diag);
	if (!ok || !ca->subject || !srv->subject || !srv->sans)
	{
		return false;
	}
	if (sm_pki_same_name(ca->subject, srv->subject))
	{
		sm_error(diag, m->ca.common_name.pos,
				 "the CA and the server "
				 "certificate would have the same subject; choose another "
				 "ca.common_name");
		return false;
	}
	return identifier_listed(&gw->identifier, srv->sans, diag);
}
