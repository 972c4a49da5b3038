/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/pki/: keeping, renewing and reissuing
 * certificates, and reading them; checked with the openssl CLI and
 * strongSwan's pki tool; every test works in its own temporary root
 * (pki_fixture.c).
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

static void test_renewal(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *pub1, *pub2;

	fx->m->certificate.lifetime.v = 10;
	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.not_after - info.not_before, 10 * 86400);

	/* without renewal, or with a shorter window: kept */
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	sync_ok(fx, SM_PKI_RENEW, 5);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);

	/* expiring within 30 days: reissued from the same key */
	sync_ok(fx, SM_PKI_RENEW, 30);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.server_reason, "within 30 days"));
	assert_true(diag_has(fx->diag, SM_WARNING, "renewal window"));
	assert_int_not_equal(fx->report.server_backup[0], '\0');
	pub2 = pubkey_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	expect_chain_ok(fx);
	free(pub1);
	free(pub2);
}

static void test_ca_change_reissues_server(void **state)
{
	fx_t *fx = *state;
	char *ca_pub1, *ca_pub2, *key1, *key2;

	sync_ok(fx, 0, 0);
	ca_pub1 = pubkey_of(fx, fx->ca_cert);
	key1 = slurp(fx->ca_key);
	set_str(&fx->m->ca.common_name, "Example VPN Root");
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	assert_non_null(strstr(fx->report.ca_reason, "Example VPN Root"));
	assert_string_equal(fx->report.server_reason,
						"the CA certificate is reissued");
	ca_pub2 = pubkey_of(fx, fx->ca_cert);
	key2 = slurp(fx->ca_key);
	assert_string_equal(ca_pub1, ca_pub2);
	assert_string_equal(key1, key2);
	assert_int_not_equal(fx->report.ca_backup[0], '\0');
	assert_int_not_equal(fx->report.server_backup[0], '\0');
	assert_int_equal(count_entries(fx->backup), 2);
	expect_chain_ok(fx);
	assert_int_equal(
		run(fx, "openssl x509 -noout -issuer -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "CN = Example VPN Root");
	free(ca_pub1);
	free(ca_pub2);
	free(key1);
	free(key2);
}

/* a CA key moved away: a new CA, the server certificate follows */
static void test_new_ca_key(void **state)
{
	fx_t *fx = *state;
	char moved[PATH_MAX + 8];

	sync_ok(fx, 0, 0);
	snprintf(moved, sizeof(moved), "%s.old", fx->ca_key);
	assert_int_equal(rename(fx->ca_key, moved), 0);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_CREATED, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	assert_string_equal(fx->report.ca_reason, "a new CA key is generated");
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

static void test_digest_and_lifetime_changes(void **state)
{
	fx_t *fx = *state;

	sync_ok(fx, 0, 0);
	fx->m->certificate.digest.v = SM_DIGEST_SHA384;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_reason,
						"it is signed with sha256, not sha384");
	fx->m->certificate.lifetime.v = 400;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_string_equal(fx->report.server_reason,
						"it is valid for 825 days, the lifetime is 400 days");
	fx->m->ca.lifetime.v = 7300;
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	assert_int_equal(count_entries(fx->backup), 4);
}

static void test_hostname_is_address(void **state)
{
	fx_t *fx = *state;

	set_str(&fx->m->gateway.hostname, "203.0.113.5");
	set_str(&fx->m->gateway.identifier, "203.0.113.5");
	set_names(&fx->m->gateway.names, NULL, 0);
	set_addrs(&fx->m->gateway.addresses, NULL, 0);
	sync_ok(fx, 0, 0);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "IP Address:203.0.113.5");
	assert_out_has(fx, "DNS:203.0.113.5");
	assert_out_has(fx, "CN = 203.0.113.5");
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
}

static void test_identifier_must_be_a_name(void **state)
{
	fx_t *fx = *state;

	set_str(&fx->m->gateway.identifier, "other.example.com");
	assert_int_equal(sync_pki(fx, 0, 0), -1);
	assert_error(fx, "gateway.identifier 'other.example.com' is not one of "
					 "the certificate's names");
	assert_int_equal(count_entries(fx->root), 0);

	/* an address works, in any spelling */
	set_str(&fx->m->gateway.identifier, "2001:DB8:0::1");
	sync_ok(fx, 0, 0);
}

static void test_unreadable_cert_reissued(void **state)
{
	fx_t *fx = *state;
	char *saved;

	sync_ok(fx, 0, 0);
	write_text(fx->server_cert, "not a certificate\n", 0644);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	assert_non_null(
		strstr(fx->report.server_reason, "does not hold a PEM certificate"));
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, "not a certificate\n");
	free(saved);
	expect_chain_ok(fx);
}

/* a certificate from elsewhere at the server's path is replaced */
static void test_foreign_cert_reissued(void **state)
{
	fx_t *fx = *state;

	sync_ok(fx, 0, 0);
	assert_int_equal(run(fx,
						 "openssl req -x509 -key '%s' -subj "
						 "'/C=CH/O=Example Ltd/CN=vpn.example.com' -days 825 "
						 "-out '%s' 2>&1",
						 fx->server_key, fx->server_cert),
					 0);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_non_null(strstr(fx->report.server_reason, "its issuer"));
	expect_chain_ok(fx);
}

/* a server certificate whose basicConstraints say anything but CA:FALSE
 * is reissued from the same key, for RSA and ECDSA keys alike */
typedef struct {
	const char *name;
	sm_key_kind_t key;
	tamper_t change;
	/** openssl x509 -text of the tampered certificate shows this */
	const char *shows;
	/** the reason the sync gives */
	const char *reason;
} bc_case_t;

static const bc_case_t bc_cases[] = {
	{"rsa-2048, CA:TRUE critical", SM_KEY_RSA_2048, ca_true_critical,
	 "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
	{"rsa-2048, CA:TRUE", SM_KEY_RSA_2048, ca_true,
	 "X509v3 Basic Constraints: \n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
	{"rsa-2048, no basicConstraints", SM_KEY_RSA_2048, no_basic_constraints,
	 "X509v3 Key Usage", "it lacks the basicConstraints extension"},
	{"ecdsa-p256, CA:TRUE critical", SM_KEY_ECDSA_P256, ca_true_critical,
	 "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
	 "its basicConstraints differs from the one configured"},
};

static void test_server_ca_flag_reissued(void **state)
{
	fx_t *fx = *state;
	const bc_case_t *c = fx->param;
	char *pub1, *pub2, *ser1, *ser2, *tampered, *saved;

	printf("# %s\n", c->name);
	fx->m->certificate.key.v = c->key;
	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	tamper(fx->server_cert, fx->ca_key, c->change);
	ser1 = serial_of(fx, fx->server_cert);
	tampered = slurp(fx->server_cert);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, c->shows);
	assert_out_lacks(fx, "CA:FALSE");
	/* still a valid chain: only its content can give it away */
	assert_int_equal(run(fx,
						 "openssl verify -CAfile '%s' "
						 "'%s' 2>&1",
						 fx->ca_cert, fx->server_cert),
					 0);

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_string_equal(fx->report.server_reason, c->reason);
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, tampered);

	/* the same key, a new serial, CA:FALSE again */
	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(
		run(fx, "openssl x509 -noout -text -in '%s'", fx->server_cert), 0);
	assert_out_has(fx, "X509v3 Basic Constraints: \n"
					   "                CA:FALSE\n");
	assert_out_lacks(fx, "CA:TRUE");
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
	free(tampered);
	free(saved);
}

/* an expired server certificate is reissued without SM_PKI_RENEW, from
 * the same key */
static void test_expired_server_cert_reissued(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *pub1, *pub2, *ser1, *ser2, *old, *saved;

	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->server_cert);
	tamper(fx->server_cert, fx->ca_key, expired);
	ser1 = serial_of(fx, fx->server_cert);
	old = slurp(fx->server_cert);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_true(info.not_after < time(NULL));
	/* the lifetime is still the configured one */
	assert_int_equal(info.not_after - info.not_before, 825 * 86400);
	assert_int_not_equal(run(fx, "openssl verify -CAfile '%s' '%s' 2>&1",
							 fx->ca_cert, fx->server_cert),
						 0);
	assert_out_has(fx, "certificate has expired");

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.server_reason);
	assert_non_null(strstr(fx->report.server_reason, "it expired on "));
	saved = slurp(fx->report.server_backup);
	assert_string_equal(saved, old);

	pub2 = pubkey_of(fx, fx->server_cert);
	ser2 = serial_of(fx, fx->server_cert);
	assert_string_equal(pub1, pub2);
	assert_string_not_equal(ser1, ser2);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_true(info.not_before <= time(NULL));
	assert_true(info.not_after > time(NULL) + 824 * 86400);
	expect_chain_ok(fx);
	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT, SM_PKI_KEPT);
	free(pub1);
	free(pub2);
	free(ser1);
	free(ser2);
	free(old);
	free(saved);
}

/* an expired CA certificate is reissued from the same key, and the server
 * certificate with it */
static void test_expired_ca_cert_reissued(void **state)
{
	fx_t *fx = *state;
	char *pub1, *pub2, *key1, *key2;

	sync_ok(fx, 0, 0);
	pub1 = pubkey_of(fx, fx->ca_cert);
	key1 = slurp(fx->ca_key);
	tamper(fx->ca_cert, fx->ca_key, expired);

	sync_ok(fx, 0, 0);
	expect_actions(fx, SM_PKI_KEPT, SM_PKI_REISSUED, SM_PKI_KEPT,
				   SM_PKI_REISSUED);
	printf("# reason: %s\n", fx->report.ca_reason);
	assert_non_null(strstr(fx->report.ca_reason, "it expired on "));
	assert_string_equal(fx->report.server_reason,
						"the CA certificate is reissued");
	pub2 = pubkey_of(fx, fx->ca_cert);
	key2 = slurp(fx->ca_key);
	assert_string_equal(pub1, pub2);
	assert_string_equal(key1, key2);
	expect_chain_ok(fx);
	free(pub1);
	free(pub2);
	free(key1);
	free(key2);
}

static void test_cert_info(void **state)
{
	fx_t *fx = *state;
	sm_pki_cert_info_t info;
	char *serial;

	sync_ok(fx, 0, 0);
	assert_int_equal(sm_pki_cert_info(fx->server_cert, &info, fx->diag), 0);
	assert_int_equal(info.not_after - info.not_before, 825 * 86400);
	assert_true(info.not_before <= time(NULL));
	assert_true(info.not_before > time(NULL) - 600);
	assert_string_equal(info.subject, "CN=vpn.example.com,O=Example Ltd,C=CH");
	assert_string_equal(info.issuer,
						"CN=vpn.example.com VPN CA,O=Example Ltd,C=CH");
	assert_int_equal(info.key, SM_KEY_ECDSA_P256);
	assert_int_equal(info.digest, SM_DIGEST_SHA256);
	/* 16 random bytes with the top bit clear */
	assert_true(strlen(info.serial) > 0 && strlen(info.serial) <= 32);
	assert_true(strlen(info.serial) < 32 || info.serial[0] < '8');
	serial = serial_of(fx, fx->server_cert);
	assert_non_null(strcasestr(serial, info.serial));
	free(serial);

	assert_int_equal(sm_pki_cert_info(fx->server_key, &info, fx->diag), -1);
	assert_error(fx, "reading the certificate '");
	sm_test_path(fx->out, sizeof(fx->out), fx->root, "missing.pem");
	assert_int_equal(sm_pki_cert_info(fx->out, &info, fx->diag), -1);
	assert_error(fx, "No such file or directory");
}

#define pki_test(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define bc_test(i)                                                             \
	cmocka_unit_test_prestate_setup_teardown(                                  \
		test_server_ca_flag_reissued, setup, teardown, (void *)&bc_cases[i])

int main(void)
{
	const struct CMUnitTest tests[] = {
		pki_test(test_renewal),
		pki_test(test_ca_change_reissues_server),
		pki_test(test_new_ca_key),
		pki_test(test_digest_and_lifetime_changes),
		pki_test(test_hostname_is_address),
		pki_test(test_identifier_must_be_a_name),
		pki_test(test_unreadable_cert_reissued),
		pki_test(test_foreign_cert_reissued),
		bc_test(0),
		bc_test(1),
		bc_test(2),
		bc_test(3),
		pki_test(test_expired_server_cert_reissued),
		pki_test(test_expired_ca_cert_reissued),
		pki_test(test_cert_info),
	};

	return sm_run_tests(tests);
}
