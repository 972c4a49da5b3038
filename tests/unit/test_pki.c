/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/pki/: creating the CA and server keys and
 * certificates, key types, keys that are refused, dry runs; checked with
 * the openssl CLI and strongSwan's pki tool; every test works in its own
 * temporary root (pki_fixture.c).
 */
#include "config.h"

#include "pki_fixture.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void test_create(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX], *pem;

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_CREATED,
				   SM_PKI_CREATED);
	assert_string_equal(fx->report.ca_backup, "");
	assert_string_equal(fx->report.server_backup, "");

	/* modes: keys 0600 in 0700 directories, certificates 0644 */
	assert_int_equal(mode_of(fx->ca_key), 0600);
	assert_int_equal(mode_of(fx->server_key), 0600);
	assert_int_equal(mode_of(fx->ca_cert), 0644);
	assert_int_equal(mode_of(fx->server_cert), 0644);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanmobile/ca");
	assert_int_equal(mode_of(dir), 0700);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(mode_of(dir), 0700);
	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/x509");
	assert_int_equal(mode_of(dir), 0755);

	/* unencrypted PKCS#8 */
	pem = slurp(fx->server_key);
	assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
	free(pem);
	pem = slurp(fx->ca_key);
	assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
	free(pem);

	expect_chain_ok(fx);

	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "TLS Web Server Authentication, 1.3.6.1.5.5.8.2.2");
	assert_out_has(fx, "DNS:vpn.example.com");
	assert_out_has(fx, "DNS:vpn2.example.com");
	assert_out_has(fx, "IP Address:198.51.100.1");
	assert_out_has(fx, "DNS:198.51.100.1");
	/* OpenSSL versions differ in how they print IPv6 addresses */
	assert_out_has(fx, "IP Address:2001:");
	assert_out_has(fx, "DNS:2001:db8::1");
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Digital Signature\n");
	assert_out_lacks(fx, "Key Encipherment");
	assert_out_has(fx, "CA:FALSE");
	assert_out_has(fx, "X509v3 Subject Key Identifier");
	assert_out_has(fx, "X509v3 Authority Key Identifier");
	assert_out_has(fx, "Subject: C = CH, O = Example Ltd, "
					   "CN = vpn.example.com");
	assert_out_has(fx, "Issuer: C = CH, O = Example Ltd, "
					   "CN = vpn.example.com VPN CA");
	assert_out_has(fx, "Signature Algorithm: ecdsa-with-SHA256");
	assert_out_has(fx, "NIST CURVE: P-256");

	assert_int_equal(run(fx, "openssl x509 -noout -text -in '%s'", fx->ca_cert),
					 0);
	assert_out_has(fx, "X509v3 Basic Constraints: critical\n"
					   "                CA:TRUE\n");
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Certificate Sign, CRL Sign\n");
	assert_out_has(fx, "X509v3 Subject Key Identifier");
	assert_out_has(fx, "X509v3 Authority Key Identifier");
	assert_out_has(fx, "Signature Algorithm: ecdsa-with-SHA384");
	assert_out_has(fx, "NIST CURVE: P-384");
	assert_out_lacks(fx, "Extended Key Usage");

	/* the subject uses UTF8String (PrintableString for the country) */
	assert_int_equal(run(fx, "openssl asn1parse -in '%s'", fx->ca_cert), 0);
	assert_out_has(fx, "PRINTABLESTRING   :CH");
	assert_out_has(fx, "UTF8STRING        :vpn.example.com VPN CA");
}

/* the server certificate of an RSA key also has keyEncipherment */
static void test_rsa_key_usage(void **state)
{
	fx_t *fx = *state;

	fx->m->certificate.key.v = SM_KEY_RSA_2048;
	sync_ok(fx, 0, 0);
	expect_chain_ok(fx);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "X509v3 Key Usage: critical\n"
					   "                Digital Signature, Key Encipherment\n");
	assert_out_has(fx, "X509v3 Basic Constraints: \n"
					   "                CA:FALSE\n");
	assert_out_lacks(fx, "CA:TRUE");
	assert_out_has(fx, "Public-Key: (2048 bit)");
}

typedef struct {
	const char *name;
	sm_key_kind_t ca_key;
	sm_digest_kind_t ca_digest;
	sm_key_kind_t server_key;
	sm_digest_kind_t server_digest;
	/** openssl x509 -text of the server certificate shows these */
	const char *server_pubkey;
	const char *server_sigalg;
	/** pki --print of the server key */
	const char *pki_key;
} key_case_t;

static const key_case_t key_cases[] = {
	{"ca rsa-2048/sha256, server ecdsa-p384/sha384", SM_KEY_RSA_2048,
	 SM_DIGEST_SHA256, SM_KEY_ECDSA_P384, SM_DIGEST_SHA384, "NIST CURVE: P-384",
	 "sha384WithRSAEncryption", "ECDSA 384 bits"},
	{"ca ecdsa-p256/sha512, server rsa-2048/sha512", SM_KEY_ECDSA_P256,
	 SM_DIGEST_SHA512, SM_KEY_RSA_2048, SM_DIGEST_SHA512,
	 "Public-Key: (2048 bit)", "ecdsa-with-SHA512", "RSA 2048 bits"},
	{"ca ecdsa-p384/sha384, server rsa-3072/sha256", SM_KEY_ECDSA_P384,
	 SM_DIGEST_SHA384, SM_KEY_RSA_3072, SM_DIGEST_SHA256,
	 "Public-Key: (3072 bit)", "ecdsa-with-SHA256", "RSA 3072 bits"},
	{"ca ecdsa-p256/sha256, server ecdsa-p256/sha512", SM_KEY_ECDSA_P256,
	 SM_DIGEST_SHA256, SM_KEY_ECDSA_P256, SM_DIGEST_SHA512, "NIST CURVE: P-256",
	 "ecdsa-with-SHA512", "ECDSA 256 bits"},
};

static void test_key_types(void **state)
{
	fx_t *fx = *state;
	const key_case_t *c = fx->param;
	sm_pki_cert_info_t info;

	printf("# %s\n", c->name);
	fx->m->ca.key.v = c->ca_key;
	fx->m->ca.digest.v = c->ca_digest;
	fx->m->certificate.key.v = c->server_key;
	fx->m->certificate.digest.v = c->server_digest;
	sync_ok(fx, 0, 0);
	expect_chain_ok(fx);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, c->server_pubkey);
	assert_out_has(fx, c->server_sigalg);

	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.key, c->server_key);
	assert_int_equal(info.digest, c->server_digest);
	assert_int_equal(sm_pki_cert_info(fx->ca_cert, &info, fx->diag), 0);
	assert_int_equal(info.key, c->ca_key);
	assert_int_equal(info.digest, c->ca_digest);

	if (system("command -v pki >/dev/null 2>&1") == 0)
	{
		assert_int_equal(run(fx,
							 "pki --print --type priv --in '%s' "
							 "2>/dev/null",
							 fx->server_key),
						 0);
		assert_out_has(fx, c->pki_key);
	}

	/* every key type and digest is recognised on the next run */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

/* strongSwan's own parser accepts what we write */
static void test_strongswan_accepts(void **state)
{
	fx_t *fx = *state;

	if (system("command -v pki >/dev/null 2>&1") != 0)
	{
		printf("# strongSwan's pki tool is not installed\n");
		skip();
	}
	sync_ok(fx, 0, 0);
	assert_int_equal(
		run(fx, "pki --print --in '%s' 2>/dev/null", fx->server_cert), 0);
	assert_out_has(fx, "flags:     serverAuth ikeIntermediate");
	assert_out_has(fx, "altNames:  vpn.example.com, vpn2.example.com, "
					   "198.51.100.1, 198.51.100.1, 2001:db8::1, 2001:db8::1");
	assert_out_has(fx, "subject:  \"C=CH, O=Example Ltd, CN=vpn.example.com\"");
	assert_out_has(fx, "authkeyId:");
	assert_out_has(fx, "subjkeyId:");
	assert_int_equal(run(fx, "pki --print --in '%s' 2>/dev/null", fx->ca_cert),
					 0);
	assert_out_has(fx, "flags:     CA CRLSign self-signed");
	assert_int_equal(run(fx, "pki --verify --in '%s' --cacert '%s' 2>/dev/null",
						 fx->server_cert, fx->ca_cert),
					 0);
	assert_out_has(fx, "certificate trusted, lifetimes valid");
	assert_int_equal(run(fx, "pki --print --type priv --in '%s' 2>/dev/null",
						 fx->server_key),
					 0);
	assert_out_has(fx, "privkey:   ECDSA 256 bits");
}

static void test_second_sync_keeps_everything(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	assert_string_equal(fx->report.ca_reason, "");
	assert_string_equal(fx->report.server_reason, "");
	/* renewal does not touch certificates far from expiry either */
	sync_ok(fx, SM_PKI_RENEW, 30);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* an existing key of the right type is used, not replaced */
static void test_existing_key_is_used(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX], *before, *after;

	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(run(fx,
						 "mkdir -p '%s' && openssl genpkey -algorithm EC "
						 "-pkeyopt ec_paramgen_curve:P-256 -out '%s' 2>&1 && "
						 "chmod 600 '%s'",
						 dir, fx->server_key, fx->server_key),
					 0);
	before = slurp(fx->server_key);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_KEPT,
				   SM_PKI_CREATED);
	after = slurp(fx->server_key);
	assert_string_equal(before, after);
	assert_int_equal(run(fx, "openssl pkey -pubout -in '%s'", fx->server_key),
					 0);
	free(before);
	before = strdup(fx->out);
	free(after);
	after = pubkey_of(fx, fx->server_cert);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_names_change_reissues(void **state)
{
	static const char *const names[] = {"vpn2.example.com", "vpn3.example.com"};
	fx_t *fx = *state;
	char *key, *ca, *old, *pub1, *pub2, *ser1, *ser2, *saved;
	struct stat st1, st2;

	sync_ok(fx, 0, 0);
	key = slurp(fx->server_key);
	ca = slurp(fx->ca_cert);
	old = slurp(fx->server_cert);
	assert_int_equal(stat(fx->server_key, &st1), 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	ser1 = serial_of(fx, fx->server_cert);

	set_names(&fx->m->gateway.names, names, countof(names));
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.server_reason, "vpn3.example.com"));
	printf("# reason: %s\n", fx->report.server_reason);

	/* same key, new serial, old certificate in the backup directory */
	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(
		strncmp(fx->report.server_backup, fx->backup, strlen(fx->backup)), 0);
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, old);
	assert_int_equal(count_entries(fx->backup), 1);
	free(saved);
	saved = slurp(fx->server_key);
	assert_string_equal(saved, key);
	free(saved);
	saved = slurp(fx->ca_cert);
	assert_string_equal(saved, ca);
	free(saved);
	assert_int_equal(stat(fx->server_key, &st2), 0);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(st1.st_ino, st2.st_ino);
	expect_chain_ok(fx);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "DNS:vpn3.example.com");

	/* and now that is the state: kept */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);

	/* the order of names does not matter */
	{
		static const char *const swapped[] = {"vpn3.example.com",
											  "vpn2.example.com"};

		static const char *const v4[] = {"198.51.100.1"};

		set_names(&fx->m->gateway.names, swapped, countof(swapped));
		sync_ok(fx, 0, 0);
		expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);

		/* a name removed */
		set_addrs(&fx->m->gateway.addresses, v4, countof(v4));
		sync_ok(fx, 0, 0);
		expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT,
					   SM_PKI_REISSUED);
		assert_string_equal(fx->report.server_reason,
							"its name IP:2001:db8::1 is no longer "
							"configured");
		assert_int_equal(count_entries(fx->backup), 2);
	}
	free(key);
	free(ca);
	free(old);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
}

static void test_key_type_change_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	fx->m->certificate.key.v = SM_KEY_RSA_2048;
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "the server key '");
	assert_error(fx, "is ecdsa-p256, but certificate.key is rsa-2048");
	assert_error(fx, "keys are never overwritten: move the key away");
	/* the CA key too, in the same run */
	fx->m->ca.key.v = SM_KEY_ECDSA_P256;
	assert_int_equal(sync_pki(fx, SM_PKI_DRYRUN, 0), -1);
	assert_error(fx, "is ecdsa-p384, but ca.key is ecdsa-p256");
	assert_error(fx, "is ecdsa-p256, but certificate.key is rsa-2048");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_exposed_key_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	assert_int_equal(chmod(fx->server_key, 0644), 0);
	assert_int_equal(chmod(fx->ca_key, 0640), 0);
	before = snapshot(fx);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "has mode 0644 and is accessible by group or others; "
					 "refusing to use it");
	assert_error(fx, "the CA key '");
	assert_error(fx, "has mode 0640");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_corrupt_key_refused(void **state)
{
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, 0, 0);
	write_text(fx->server_key,
			   "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n"
			   "-----END PRIVATE KEY-----\n",
			   0600);
	before = snapshot(fx);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "reading the server key '");
	/* the reason comes from OpenSSL's error queue */
	assert_false(diag_has(fx->diag, SM_ERROR, "unknown OpenSSL error"));
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* not PEM at all */
	write_text(fx->server_key, "garbage\n", 0600);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "reading the server key '");
	after = slurp(fx->server_key);
	assert_string_equal(after, "garbage\n");
	free(after);
}

static void test_encrypted_key_refused(void **state)
{
	fx_t *fx = *state;
	char dir[PATH_MAX];

	sm_test_path(dir, sizeof(dir), fx->root, "etc/swanctl/private");
	assert_int_equal(run(fx,
						 "mkdir -p '%s' && openssl genpkey -algorithm EC "
						 "-pkeyopt ec_paramgen_curve:P-256 -aes256 -pass "
						 "pass:secret -out '%s' 2>&1 && chmod 600 '%s'",
						 dir, fx->server_key, fx->server_key),
					 0);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "is protected by a passphrase");
	/* nothing was written, not even the CA */
	assert_int_equal(access(fx->ca_key, F_OK), -1);
	assert_int_equal(access(fx->ca_cert, F_OK), -1);
}

/* OpenSSL refuses a common name over 64 characters: its reason is shown */
static void test_openssl_failure_reported(void **state)
{
	fx_t *fx = *state;
	const char *host = "a-gateway-name-that-is-far-too-long-for-a-common-name."
					   "example.com";

	set_str(&fx->m->gateway.hostname, host);
	set_str(&fx->m->gateway.identifier, host);
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "setting the common name 'a-gateway-name");
	assert_error(fx, "of the server certificate 'a-gateway-name");
	assert_error(fx, "string too long");
	assert_int_equal(count_entries(fx->root), 0);
}

static void test_dry_run_writes_nothing(void **state)
{
	static const char *const names[] = {"other.example.com"};
	fx_t *fx = *state;
	char *before, *after;

	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_CREATED, SM_PKI_CREATED,
				   SM_PKI_CREATED);
	assert_int_equal(count_entries(fx->root), 0);

	sync_ok(fx, 0, 0);
	before = snapshot(fx);
	set_names(&fx->m->gateway.names, names, countof(names));
	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_backup, "");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* a missing CA key: everything but the server key would change */
	assert_int_equal(unlink(fx->ca_key), 0);
	before = snapshot(fx);
	sync_ok(fx, SM_PKI_DRYRUN, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	after = snapshot(fx);
	assert_string_equal(before, after);
	assert_int_equal(access(fx->backup, F_OK), -1);
	free(before);
	free(after);
}

#define pki_test(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define key_test(i)                                                            \
	cmocka_unit_test_prestate_setup_teardown(test_key_types, setup, teardown,  \
											 (void *)&key_cases[i])

int main(void)
{
	const struct CMUnitTest tests[] = {
		pki_test(test_create),
		pki_test(test_rsa_key_usage),
		key_test(0),
		key_test(1),
		key_test(2),
		key_test(3),
		pki_test(test_strongswan_accepts),
		pki_test(test_second_sync_keeps_everything),
		pki_test(test_existing_key_is_used),
		pki_test(test_names_change_reissues),
		pki_test(test_key_type_change_refused),
		pki_test(test_exposed_key_refused),
		pki_test(test_corrupt_key_refused),
		pki_test(test_encrypted_key_refused),
		pki_test(test_openssl_failure_reported),
		pki_test(test_dry_run_writes_nothing),
	};

	return sm_run_tests(tests);
}
