/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/load.c: the example loads to the expected model,
 * defaults are applied, warnings do not fail, large user lists are fast */
#include "config.h"

#include "sm_test.h"

#include "model/account.h"
#include "model/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static sm_diag_t *diag;
static sm_model_t *model;

static int teardown(void **state)
{
	(void)state;
	sm_model_destroy(model);
	sm_diag_destroy(diag);
	model = NULL;
	diag = NULL;
	return 0;
}

static sm_model_t *load_text(const char *text)
{
	sm_model_destroy(model);
	sm_diag_destroy(diag);
	diag = sm_diag_create();
	assert_non_null(diag);
	model = sm_load_buffer("t.yaml", text, strlen(text), diag);
	return model;
}

static const char *first_message(void)
{
	sm_diag_entry_t e;

	assert_true(sm_diag_get(diag, 0, &e));
	return e.message;
}

static void assert_prefix(const sm_addr_t *a, const char *text)
{
	char buf[SM_PREFIX_STRLEN];

	assert_true(a->set);
	assert_non_null(sm_prefix_format(&a->v, false, buf, sizeof(buf)));
	assert_string_equal(buf, text);
}

static void test_example(void **state)
{
	const sm_account_t *u;
	const sm_child_t *c;

	(void)state;
	diag = sm_diag_create();
	model = sm_load(SM_EXAMPLE, diag);
	assert_non_null(model);
	assert_int_equal(sm_diag_size(diag), 0);

	assert_string_equal(model->file, SM_EXAMPLE);
	assert_int_equal(model->version.v, 1);
	assert_string_equal(model->name.v, "rw");
	assert_string_equal(model->gateway.hostname.v, "vpn.example.com");
	assert_int_equal(model->gateway.hostname.pos.line, 10);
	assert_int_equal(model->gateway.hostname.pos.col, 13);
	/* default: the identifier is the hostname */
	assert_string_equal(model->gateway.identifier.v, "vpn.example.com");
	assert_int_equal(model->gateway.names.n, 0);

	assert_string_equal(model->ca.common_name.v, "Example VPN CA");
	assert_string_equal(model->ca.subject.country.v, "US");
	assert_string_equal(model->ca.subject.state.v, "Texas");
	assert_string_equal(model->ca.subject.city.v, "Austin");
	assert_string_equal(model->ca.subject.organization.v, "Example Co");
	assert_string_equal(model->ca.subject.unit.v, "IT");
	assert_int_equal(model->ca.key.v, SM_KEY_ECDSA_P384);
	assert_int_equal(model->ca.digest.v, SM_DIGEST_SHA384);
	assert_int_equal(model->ca.lifetime.v, 3650);

	/* the server certificate inherits the CA's subject */
	assert_string_equal(model->certificate.subject.organization.v,
						"Example Co");
	assert_int_equal(model->certificate.key.v, SM_KEY_RSA_3072);
	assert_int_equal(model->certificate.key.pos.line, 24);
	assert_int_equal(model->certificate.digest.v, SM_DIGEST_SHA256);
	assert_int_equal(model->certificate.lifetime.v, 825);
	assert_int_equal(model->certificate.renew_before.v, 30);

	assert_prefix(&model->mobile.pool, "10.3.200.0/24");
	assert_int_equal(model->mobile.pool.pos.line, 28);
	assert_int_equal(model->mobile.pool.pos.col, 9);
	assert_false(model->mobile.pool6.set);
	assert_int_equal(model->mobile.dns.n, 1);
	assert_prefix(&model->mobile.dns.items[0], "10.3.0.1");
	assert_int_equal(model->mobile.wins.n, 0);
	assert_string_equal(model->mobile.default_domain.v, "example.com");
	assert_true(model->mobile.split_dns.set);
	assert_int_equal(model->mobile.split_dns.n, 2);
	assert_string_equal(model->mobile.split_dns.items[1].v, "example.org");
	assert_int_equal(model->mobile.split_dns.items[1].pos.col, 28);
	assert_true(model->mobile.network_list.v);
	assert_false(model->mobile.save_password.v);
	assert_null(model->mobile.banner.v);
	assert_null(model->mobile.pfs_group.v);

	assert_int_equal(model->ike.proposals.n, 3);
	assert_string_equal(model->ike.proposals.items[0].v,
						"aes256gcm16-prfsha384-ecp384");
	assert_int_equal(model->ike.proposals.items[2].pos.line, 42);
	assert_int_equal(model->ike.lifetime.v, 28800);
	assert_int_equal(model->ike.rekey_time.v, 25920);
	assert_int_equal(model->ike.reauth_time.v, 0);
	assert_int_equal(model->ike.rand_time.v, 2880);
	assert_true(model->ike.mobike.v);
	assert_int_equal(model->ike.dpd_delay.v, 30);
	assert_int_equal(model->ike.fragmentation.v, SM_FRAG_YES);
	assert_int_equal(model->ike.unique_ids.v, SM_UNIQUE_REPLACE);
	assert_false(model->ike.legacy_crypto.v);

	assert_int_equal(model->n_children, 1);
	c = &model->children[0];
	assert_string_equal(c->name.v, "lan");
	assert_int_equal(c->local_networks.n, 1);
	assert_prefix(&c->local_networks.items[0], "10.3.0.0/24");
	assert_int_equal(c->proposals.n, 2);
	assert_string_equal(c->proposals.items[1].v,
						"aes256-sha256-ecp384-curve25519-ecp256-modp3072-"
						"modp2048-none");
	assert_null(c->pfs.v);
	assert_int_equal(c->lifetime.v, 3600);
	assert_int_equal(c->rekey_time.v, 3240);
	assert_int_equal(c->rand_time.v, 360);

	assert_int_equal(model->clients, SM_CLIENTS_ALL);
	assert_int_equal(model->clients_pos.line, 57);

	assert_int_equal(model->users.backend.v, SM_BACKEND_DATABASE);
	assert_false(model->users.authoritative.v);
	assert_int_equal(model->users.n_accounts, 1);
	u = &model->users.accounts[0];
	assert_string_equal(u->identity.v, "jimp@example.com");
	assert_string_equal(u->password.v, "abc123");
	assert_false(u->has_nt_hash);
	assert_true(u->enabled.v);
	assert_int_equal(u->pos.line, 62);
}

static const char minimal[] = "version: 1\n"
							  "gateway:\n"
							  "  hostname: VPN.Example.COM.\n"
							  "mobile:\n"
							  "  pool: 10.3.200.0/24\n"
							  "children:\n"
							  "  - name: lan\n"
							  "    local_networks: [10.3.0.0/24]\n";

static void test_defaults(void **state)
{
	(void)state;
	assert_non_null(load_text(minimal));
	assert_int_equal(sm_diag_size(diag), 0);
	/* domain names are lower-cased, the trailing dot dropped */
	assert_string_equal(model->gateway.hostname.v, "vpn.example.com");
	assert_string_equal(model->name.v, SM_DEFAULT_NAME);
	assert_string_equal(model->ca.common_name.v, "vpn.example.com VPN CA");
	assert_int_equal(model->ca.key.v, SM_KEY_ECDSA_P384);
	assert_int_equal(model->certificate.key.v, SM_KEY_RSA_3072);
	assert_int_equal(model->certificate.lifetime.v,
					 SM_DEFAULT_CERT_LIFETIME_DAYS);
	assert_int_equal(model->ike.proposals.n, 3);
	assert_string_equal(model->ike.proposals.items[2].v,
						"aes256-sha256-modp2048");
	assert_string_equal(model->children[0].proposals.items[0].v,
						"aes256gcm16-aes128gcm16-ecp384-curve25519-ecp256-"
						"modp3072-modp2048-none");
	assert_int_equal(model->children[0].lifetime.v, SM_DEFAULT_CHILD_LIFETIME);
	assert_int_equal(model->clients, SM_CLIENTS_ALL);
	assert_false(model->mobile.split_dns.set);
	assert_int_equal(model->users.n_accounts, 0);
}

static void test_rand_default_fits_rekey(void **state)
{
	char text[512];

	(void)state;
	snprintf(text, sizeof(text), "%sike:\n  rekey_time: 28000\n", minimal);
	assert_non_null(load_text(text));
	/* not 10% of lifetime: that would exceed lifetime - rekey_time */
	assert_int_equal(model->ike.rand_time.v, 800);
}

static void test_normalised_values(void **state)
{
	char text[1024];

	(void)state;
	snprintf(text, sizeof(text),
			 "%s"
			 "    proposals: [AES256GCM16]\n"
			 "    pfs: ECP384\n"
			 "clients: [linux]\n"
			 "users:\n"
			 "  accounts:\n"
			 "    - identity: alice\n"
			 "      nt_hash: 8846F7EAEE8FB117AD06BDD830B7586C\n"
			 "      address: 10.3.201.5\n"
			 "      enabled: false\n",
			 minimal);
	assert_non_null(load_text(text));
	assert_string_equal(model->children[0].proposals.items[0].v, "aes256gcm16");
	assert_string_equal(model->children[0].pfs.v, "ecp384");
	assert_int_equal(model->clients, SM_CLIENT_LINUX);
	assert_true(model->users.accounts[0].has_nt_hash);
	assert_int_equal(model->users.accounts[0].nt_hash[0], 0x88);
	assert_int_equal(model->users.accounts[0].nt_hash[15], 0x6c);
	assert_null(model->users.accounts[0].password.v);
	assert_false(model->users.accounts[0].enabled.v);
	assert_prefix(&model->users.accounts[0].address, "10.3.201.5");
}

/* accounts become database records the one way (model/account.h) */
static void test_account_user(void **state)
{
	/* RFC 2759's NT hash of "clientPass" */
	static const uint8_t client_pass[SM_NT_HASH_LEN] = {
		0x44, 0xeb, 0xba, 0x8d, 0x53, 0x12, 0xb8, 0xd6,
		0x11, 0x47, 0x44, 0x11, 0xf5, 0x69, 0x89, 0xae};
	char text[1024], err[700];
	sm_nthash_ctx_t *ctx;
	sm_user_t u;

	(void)state;
	snprintf(text, sizeof(text),
			 "version: 1\n"
			 "gateway:\n"
			 "  hostname: vpn.example.com\n"
			 "mobile:\n"
			 "  pool: 10.3.200.0/24\n"
			 "  pool6: 2001:db8:1::/112\n"
			 "children:\n"
			 "  - name: lan\n"
			 "    local_networks: [10.3.0.0/24, '2001:db8::/64']\n"
			 "users:\n"
			 "  accounts:\n"
			 "    - identity: alice\n"
			 "      password: 'clientPass'\n"
			 "      address: 10.3.201.5\n"
			 "      address6: 2001:db8:1:0::5\n"
			 "      dns: [10.3.0.1, '2001:db8::53']\n"
			 "    - identity: CORP\\bob\n"
			 "      nt_hash: 8846F7EAEE8FB117AD06BDD830B7586C\n"
			 "      enabled: false\n");
	assert_non_null(load_text(text));
	ctx = sm_nthash_ctx_create(err, sizeof(err));
	assert_non_null(ctx);
	assert_int_equal(
		sm_account_user(&model->users.accounts[0], ctx, &u, err, sizeof(err)),
		SM_ACCOUNT_OK);
	assert_string_equal(u.identity, "alice");
	assert_true(u.enabled);
	assert_string_equal(u.vip4, "10.3.201.5");
	assert_string_equal(u.vip6, "2001:db8:1::5");
	assert_string_equal(u.dns, "10.3.0.1,2001:db8::53");
	assert_memory_equal(u.nt_hash, client_pass, SM_NT_HASH_LEN);
	/* without MD4, a password's hash is left to the caller */
	assert_int_equal(
		sm_account_user(&model->users.accounts[0], NULL, &u, err, sizeof(err)),
		SM_ACCOUNT_OK);
	assert_int_equal(u.nt_hash[0] | u.nt_hash[15], 0);
	/* a given hash needs no MD4 */
	assert_int_equal(
		sm_account_user(&model->users.accounts[1], NULL, &u, err, sizeof(err)),
		SM_ACCOUNT_OK);
	assert_string_equal(u.identity, "CORP\\bob");
	assert_false(u.enabled);
	assert_string_equal(u.vip4, "");
	assert_string_equal(u.dns, "");
	assert_int_equal(u.nt_hash[0], 0x88);
	assert_int_equal(u.nt_hash[15], 0x6c);
	sm_user_wipe(&u);
	sm_nthash_ctx_destroy(ctx);
}

/* load the minimal description with mobile.default_domain */
static sm_model_t *load_domain(const char *domain)
{
	char text[1024];

	snprintf(text, sizeof(text),
			 "version: 1\n"
			 "gateway:\n"
			 "  hostname: vpn.example.com\n"
			 "mobile:\n"
			 "  pool: 10.3.200.0/24\n"
			 "  default_domain: %s\n"
			 "children:\n"
			 "  - name: lan\n"
			 "    local_networks: [10.3.0.0/24]\n",
			 domain);
	return load_text(text);
}

/* the RFC 1035 limits of names, at and one over the limit */
static void test_domain_limits(void **state)
{
	char name[SM_DNS_NAME_MAX + 2], label[SM_DNS_LABEL_MAX + 6];
	size_t i;

	(void)state;
	/* labels of 63 characters between dots */
	for (i = 0; i < SM_DNS_NAME_MAX + 1; i++)
	{
		name[i] = i % 64 == 63 ? '.' : 'a';
	}
	name[SM_DNS_NAME_MAX] = '\0';
	assert_non_null(load_domain(name));
	name[SM_DNS_NAME_MAX] = 'a';
	name[SM_DNS_NAME_MAX + 1] = '\0';
	assert_null(load_domain(name));
	assert_non_null(strstr(first_message(), "is longer than 253 characters"));

	memset(label, 'b', SM_DNS_LABEL_MAX);
	strcpy(label + SM_DNS_LABEL_MAX, ".org");
	assert_non_null(load_domain(label));
	memset(label, 'b', SM_DNS_LABEL_MAX + 1);
	strcpy(label + SM_DNS_LABEL_MAX + 1, ".org");
	assert_null(load_domain(label));
	assert_non_null(strstr(first_message(), "is longer than 63 characters"));
}

static void test_warnings_do_not_fail(void **state)
{
	char text[512];

	(void)state;
	snprintf(text, sizeof(text), "%s", minimal);
	strcpy(strstr(text, "10.3.0.0/24"), "0.0.0.0/0]\n");
	strcat(text, "ike:\n  legacy_crypto: true\n  proposals: "
				 "[aes256-sha1-modp2048, aes256-sha256-modp2048]\n");
	assert_non_null(load_text(text));
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 0);
	assert_int_equal(sm_diag_count(diag, SM_WARNING), 1);
	assert_string_equal(first_message(),
						"ike.proposals[0]: 'sha1' in "
						"'aes256-sha1-modp2048' is legacy crypto (weak or "
						"obsolete), allowed by ike.legacy_crypto");
}

static void test_errors_return_null(void **state)
{
	(void)state;
	assert_null(load_text("version: 1\n"));
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 3);
	assert_null(load_text("version: 1\nversion: 1\n"));
	/* a schema error stops before the cross-field rules */
	assert_null(load_text("version: 1\ngateway: {hostname: a.example}\n"
						  "mobile: {pool: 10.0.0.0/8, dns: 10.0.0.1}\n"
						  "children: [{name: a, local_networks: [10.0.0.0/8]}]"
						  "\n"));
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 1);
	assert_string_equal(first_message(),
						"mobile.dns: expected a list, got the "
						"single value '10.0.0.1'; write [10.0.0.1]");
}

static void test_unreadable_file(void **state)
{
	int err;

	(void)state;
	diag = sm_diag_create();
	assert_null(sm_load_file("/nonexistent/vpn.yaml", diag, &err));
	assert_int_equal(err, ENOENT);
	assert_string_equal(first_message(), "cannot read: No such file or "
										 "directory");
}

/* a 100,000-user file loads in well under the 2 s budget of the CLI, and
 * the duplicate at its end is found (the check is O(n)) */
static void test_many_users(void **state)
{
	size_t n = 100000, i, size = n * 64 + 1024, len;
	clock_t start;
	char *text;

	(void)state;
	text = malloc(size);
	assert_non_null(text);
	len = (size_t)snprintf(text, size, "%susers:\n  accounts:\n", minimal);
	for (i = 0; i < n; i++)
	{
		len += (size_t)snprintf(text + len, size - len,
								"    - identity: "
								"user%06zu@example.com\n      password: "
								"pw%zu\n",
								i, i);
	}
	len += (size_t)snprintf(text + len, size - len,
							"    - identity: "
							"USER000007@example.com\n      password: x\n");
	start = clock();
	diag = sm_diag_create();
	model = sm_load_buffer("big.yaml", text, len, diag);
	assert_true(clock() - start < 5 * CLOCKS_PER_SEC);
	assert_null(model);
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 1);
	assert_string_equal(first_message(),
						"users.accounts[100000].identity: "
						"'USER000007@example.com' is already used by "
						"users.accounts[7] (line 25); identities are compared "
						"without regard to case");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_example, teardown),
		cmocka_unit_test_teardown(test_defaults, teardown),
		cmocka_unit_test_teardown(test_rand_default_fits_rekey, teardown),
		cmocka_unit_test_teardown(test_normalised_values, teardown),
		cmocka_unit_test_teardown(test_warnings_do_not_fail, teardown),
		cmocka_unit_test_teardown(test_errors_return_null, teardown),
		cmocka_unit_test_teardown(test_unreadable_file, teardown),
		cmocka_unit_test_teardown(test_many_users, teardown),
		cmocka_unit_test_teardown(test_account_user, teardown),
		cmocka_unit_test_teardown(test_domain_limits, teardown),
	};

	return sm_run_tests(tests);
}
