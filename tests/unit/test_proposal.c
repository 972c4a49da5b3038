/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/proposal.c: strongSwan proposal strings */
#include "config.h"

#include "sm_test.h"

#include "model/proposal.h"

#include <stdio.h>
#include <string.h>

#define IKE SM_PROTO_IKE
#define ESP SM_PROTO_ESP

static const struct {
	const char *name;
	const char *text;
	sm_proto_t proto;
	/** NULL if valid, else the expected message */
	const char *error;
	/** byte offset of the token the error points at */
	size_t offset;
} cases[] = {
	{"IKE AEAD with PRF", "aes256gcm16-prfsha384-ecp384", IKE, NULL, 0},
	{"IKE classic, PRF derived", "aes256-sha256-modp2048", IKE, NULL, 0},
	{"several per type", "aes256-aes128-sha384-sha256-ecp384-modp3072", IKE,
	 NULL, 0},
	{"keywords ignore case", "AES256GCM16-PRFSHA384-ECP384", IKE, NULL, 0},
	{"default", "default", IKE, NULL, 0},
	{"ESP AEAD", "aes256gcm16", ESP, NULL, 0},
	{"ESP with PFS and its none alternative", "aes256-sha256-modp2048-modpnone",
	 ESP, NULL, 0},
	{"ESP with ESN", "aes128gcm16-esn-noesn", ESP, NULL, 0},
	{"ESP chacha20poly1305", "chacha20poly1305-x25519", ESP, NULL, 0},
	{"legacy parses (the validator decides)", "3des-sha1-modp1024", IKE, NULL,
	 0},
	{"empty", "", IKE, "empty proposal", 0},
	{"unknown with suggestion", "aes265-sha256-modp2048", IKE,
	 "unknown algorithm 'aes265'; did you mean 'aes256'?", 0},
	{"unknown in the middle", "aes256-sha265-modp2048", IKE,
	 "unknown algorithm 'sha265'; did you mean 'sha256'?", 7},
	{"unknown without suggestion", "aes256-sha256-frobnicate", IKE,
	 "unknown algorithm 'frobnicate'", 14},
	{"DH group by number", "aes256-sha256-group14", IKE,
	 "unknown algorithm 'group14'; did you mean 'modp2048'?", 14},
	{"foreign spelling", "aes256-sha1_96-modp2048", IKE,
	 "unknown algorithm 'sha1_96'; did you mean 'sha1'?", 7},
	{"pfSense hash name", "aes256-hmac_sha256", ESP,
	 "unknown algorithm 'hmac_sha256'; did you mean 'sha256'?", 7},
	{"empty token", "aes256--sha256-modp2048", IKE,
	 "empty algorithm name (a '-' too many)", 7},
	{"trailing dash", "aes256gcm16-", ESP,
	 "empty algorithm name (a '-' too many)", 12},
	{"default inside", "default-modp2048", IKE,
	 "'default' must stand alone as a proposal of its own", 0},
	{"no encryption", "sha256-modp2048", IKE,
	 "no encryption algorithm; add one, e.g. 'aes256gcm16' or 'aes256'", 0},
	{"AEAD and classic mixed", "aes256gcm16-aes256-sha256", ESP,
	 "'aes256' is classic encryption and 'aes256gcm16' is AEAD; they cannot "
	 "be in the same proposal, write two proposals",
	 12},
	{"IKE AEAD with integrity", "aes256gcm16-sha384-ecp384", IKE,
	 "'sha384' is an integrity algorithm, but AEAD encryption 'aes256gcm16' "
	 "has integrity built in and strongSwan ignores it; to choose the PRF "
	 "write 'prfsha384'",
	 12},
	{"ESP AEAD with integrity", "aes128gcm16-sha256", ESP,
	 "'sha256' is an integrity algorithm, but AEAD encryption 'aes128gcm16' "
	 "has integrity built in and strongSwan ignores it; remove it",
	 12},
	{"IKE AEAD without PRF", "aes256gcm16-ecp384", IKE,
	 "AEAD encryption 'aes256gcm16' needs a PRF in IKE proposals; add one, "
	 "e.g. 'prfsha384'",
	 0},
	{"IKE classic without integrity", "aes256-prfsha256-modp2048", IKE,
	 "classic encryption 'aes256' needs an integrity algorithm; add one, e.g. "
	 "'sha256', or use AEAD such as 'aes256gcm16'",
	 0},
	{"ESP classic without integrity", "aes256", ESP,
	 "classic encryption 'aes256' needs an integrity algorithm; add one, e.g. "
	 "'sha256', or use AEAD such as 'aes256gcm16'",
	 0},
	/* strongSwan 5.9.8's integ_prf_map has no row for HMAC_SHA2_256_96:
	 * charon refuses the proposal ("a PRF algorithm is mandatory") */
	{"IKE integrity without a derived PRF", "aes256-sha256_96-modp2048", IKE,
	 "strongSwan derives no PRF from 'sha256_96'; add one, e.g. 'prfsha256'",
	 7},
	{"IKE sha256_96 with a PRF", "aes256-sha256_96-prfsha256-modp2048", IKE,
	 NULL, 0},
	{"IKE sha256_96 next to one that gives a PRF",
	 "aes256-sha256_96-sha256-modp2048", IKE, NULL, 0},
	{"ESP sha256_96", "aes256-sha256_96", ESP, NULL, 0},
	{"IKE without key exchange", "aes256-sha256", IKE,
	 "no key exchange method; add one, e.g. 'ecp384' or 'modp2048'", 0},
	{"IKE with modpnone", "aes256-sha256-modp2048-modpnone", IKE,
	 "'modpnone' (no key exchange) is not possible in IKE proposals; IKE "
	 "always needs a key exchange method",
	 23},
	{"IKE with ESN", "aes256-sha256-modp2048-esn", IKE,
	 "'esn' applies to ESP proposals only", 23},
	{"ESP with PRF", "aes256gcm16-prfsha256", ESP,
	 "'prfsha256' is a PRF, which ESP proposals do not have; remove it", 12},
	{"too many",
	 "aes256-aes256-aes256-aes256-aes256-aes256-aes256-aes256-"
	 "aes256-aes256-aes256-aes256-aes256-aes256-aes256-aes256-aes256-aes256-"
	 "aes256-aes256-aes256-aes256-aes256-aes256-aes256",
	 ESP, "more than 24 algorithms in one proposal", 168},
};

static void test_cases(void **state)
{
	sm_proposal_error_t err;
	sm_proposal_t p;
	size_t i;
	bool ok;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		ok = sm_proposal_parse(cases[i].text, cases[i].proto, &p, &err);
		if (!cases[i].error)
		{
			if (!ok)
			{
				fail_msg("%s: '%s' rejected: %s", cases[i].name, cases[i].text,
						 err.msg);
			}
			continue;
		}
		if (ok)
		{
			fail_msg("%s: '%s' accepted", cases[i].name, cases[i].text);
		}
		if (strcmp(err.msg, cases[i].error) || err.offset != cases[i].offset)
		{
			fail_msg("%s: got \"%s\" at %zu, expected \"%s\" at %zu",
					 cases[i].name, err.msg, err.offset, cases[i].error,
					 cases[i].offset);
		}
	}
}

static void test_algorithm_sets(void **state)
{
	sm_proposal_error_t err;
	sm_proposal_t p;

	(void)state;
	assert_true(
		sm_proposal_parse("aes256-sha384-sha256-modp2048", IKE, &p, &err));
	assert_true(sm_proposal_has(&p, SM_TRANS_ENCR, SM_ENCR_AES_CBC, 256));
	assert_false(sm_proposal_has(&p, SM_TRANS_ENCR, SM_ENCR_AES_CBC, 128));
	assert_true(sm_proposal_has(&p, SM_TRANS_INTEG, SM_INTEG_SHA384_192, 0));
	/* the PRFs strongSwan derives from the integrity algorithms */
	assert_true(sm_proposal_has(&p, SM_TRANS_PRF, SM_PRF_SHA384, 0));
	assert_true(sm_proposal_has(&p, SM_TRANS_PRF, SM_PRF_SHA256, 0));
	assert_int_equal(p.n_written, 4);
	assert_int_equal(p.n, 6);
	assert_true(sm_proposal_has(&p, SM_TRANS_KE, SM_KE_MODP2048, 0));
	assert_false(sm_proposal_is_aead(&p));
	assert_null(sm_proposal_legacy(&p));

	assert_true(
		sm_proposal_parse("aes256gcm16-prfsha384-ecp384", IKE, &p, &err));
	assert_true(sm_proposal_is_aead(&p));
	assert_int_equal(p.n, 3);
	assert_true(sm_proposal_has(&p, SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 256));

	assert_true(
		sm_proposal_parse("aes256gcm16-ecp384-modpnone", ESP, &p, &err));
	assert_true(sm_proposal_has(&p, SM_TRANS_KE, SM_KE_NONE, 0));
	assert_true(sm_proposal_has(&p, SM_TRANS_KE, SM_KE_ECP384, 0));

	/* no PRF derived from sha256_96, the written one only */
	assert_true(sm_proposal_parse("aes256-sha256_96-prfsha384-modp2048", IKE,
								  &p, &err));
	assert_int_equal(p.n, p.n_written);
	assert_false(sm_proposal_has(&p, SM_TRANS_PRF, SM_PRF_SHA256, 0));
	assert_int_equal(sm_alg_integ_prf(SM_INTEG_SHA256_128), SM_PRF_SHA256);
	assert_int_equal(sm_alg_integ_prf(1026), 0);

	assert_true(sm_proposal_parse("default", ESP, &p, &err));
	assert_true(p.is_default);
	assert_int_equal(p.n, 0);
}

static void test_legacy(void **state)
{
	static const char *const legacy[] = {
		"3des-sha256-modp2048",  "aes256-sha1-modp2048",
		"aes256-md5-modp2048",   "aes256-sha256-modp1024",
		"aes256-sha256-modp768", "aes256-sha256-modp1536",
		"des-sha256-modp2048",   "aes256-sha256-prfsha1-modp2048",
	};
	sm_proposal_error_t err;
	sm_proposal_t p;
	size_t i;

	(void)state;
	for (i = 0; i < countof(legacy); i++)
	{
		assert_true(sm_proposal_parse(legacy[i], IKE, &p, &err));
		if (!sm_proposal_legacy(&p))
		{
			fail_msg("'%s' not flagged legacy", legacy[i]);
		}
	}
	assert_true(sm_proposal_parse("aes128-sha256-ecp256", IKE, &p, &err));
	assert_null(sm_proposal_legacy(&p));
	assert_true(sm_proposal_parse("aes128-sha1-modp2048", IKE, &p, &err));
	assert_string_equal(sm_proposal_legacy(&p)->name, "sha1");
}

static void test_lookup_and_suggest(void **state)
{
	const sm_alg_t *a;
	unsigned int id;
	bool aead;

	(void)state;
	a = sm_alg_find("ECP384", 6);
	assert_non_null(a);
	assert_string_equal(a->name, "ecp384");
	assert_int_equal(a->type, SM_TRANS_KE);
	assert_int_equal(a->id, SM_KE_ECP384);
	assert_null(sm_alg_find("ecp38", 5));
	assert_string_equal(sm_alg_suggest("ecp385", SM_TRANS_KE), "ecp384");
	assert_string_equal(sm_alg_suggest("dh19", SM_TRANS_KE), "ecp256");
	assert_string_equal(sm_alg_suggest("31", SM_TRANS_KE), "curve25519");
	assert_null(sm_alg_suggest("zzzzzzzzzz", -1));
	assert_true(sm_alg_find("aes256gcm16", 11)->flags & SM_ALG_AEAD);
	assert_false(sm_alg_find("aes256", 6)->flags & SM_ALG_AEAD);
	/* by transform ID, as charon's encryption_algorithm_is_aead(): CCM,
	 * GCM, GMAC, ChaCha20-Poly1305, Camellia-CCM */
	for (id = 0; id < 1100; id++)
	{
		aead = (id >= 14 && id <= 16) || (id >= 18 && id <= 21) ||
			   (id >= 25 && id <= 28);
		if (sm_alg_is_aead(id) != aead)
		{
			fail_msg("encryption %u: AEAD is %d", id, sm_alg_is_aead(id));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_algorithm_sets),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_lookup_and_suggest),
	};

	return sm_run_tests(tests);
}
