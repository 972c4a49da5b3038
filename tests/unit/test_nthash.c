/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/base/nthash.c and lib/sm_utf8.c: RFC 2759
 * vectors, strict UTF-8 to UTF-16LE conversion, hex round trips, and the
 * error when MD4 cannot be loaded.
 */
#include "config.h"

#include "sm_test.h"

#include "base/nthash.h"
#include "sm_utf8.h"

#include <stdlib.h>
#include <string.h>

/* expected values: RFC 2759 section 9.2, and `iconv -t utf-16le | openssl
 * dgst -md4 -provider legacy` for the others */
static const struct {
	const char *name;
	const char *password;
	const char *hash;
} vectors[] = {
	{"RFC 2759 9.2 clientPass", "clientPass",
	 "44ebba8d5312b8d611474411f56989ae"},
	{"empty password", "", "31d6cfe0d16ae931b73c59d7e0c089c0"},
	{"password", "password", "8846f7eaee8fb117ad06bdd830b7586c"},
	{"latin-1 umlauts", "p\xc3\xa4ssw\xc3\xb6rd",
	 "0553152250ac01adb4213cb9938663e4"},
	{"astral plane (surrogate pair)", "a\xf0\x9f\x98\x80",
	 "d7a8818d09eec184f85b7c9941485a12"},
};

static void test_vectors(void **state)
{
	uint8_t hash[SM_NT_HASH_LEN];
	char hex[SM_NT_HASH_HEXLEN + 1], err[256];
	sm_nthash_ctx_t *ctx;
	size_t i;

	(void)state;
	ctx = sm_nthash_ctx_create(err, sizeof(err));
	if (!ctx)
	{
		fail_msg("%s", err);
	}
	for (i = 0; i < countof(vectors); i++)
	{
		assert_int_equal(sm_nthash_ctx_hash(ctx, vectors[i].password,
											strlen(vectors[i].password), hash,
											err, sizeof(err)),
						 SM_NTHASH_OK);
		sm_nthash_to_hex(hash, hex);
		if (strcmp(hex, vectors[i].hash))
		{
			fail_msg("%s: got %s, expected %s", vectors[i].name, hex,
					 vectors[i].hash);
		}
	}
	sm_nthash_ctx_destroy(ctx);
}

/* the one-shot function loads and frees its own context */
static void test_one_shot(void **state)
{
	uint8_t hash[SM_NT_HASH_LEN], expected[SM_NT_HASH_LEN];

	(void)state;
	assert_int_equal(sm_nthash("clientPass", 10, hash, NULL, 0), SM_NTHASH_OK);
	assert_true(
		sm_nthash_from_hex("44EBBA8D5312B8D611474411F56989AE", expected));
	assert_memory_equal(hash, expected, SM_NT_HASH_LEN);
}

/* RFC 2759 9.2 gives the UTF-16LE form of "clientPass" too */
static void test_utf16_rfc(void **state)
{
	static const uint8_t expected[] = {
		0x63, 0x00, 0x6C, 0x00, 0x69, 0x00, 0x65, 0x00, 0x6E, 0x00,
		0x74, 0x00, 0x50, 0x00, 0x61, 0x00, 0x73, 0x00, 0x73, 0x00,
	};
	uint8_t out[20];
	size_t len;

	(void)state;
	assert_true(sm_utf8_to_utf16le("clientPass", 10, out, &len, NULL));
	assert_int_equal(len, sizeof(expected));
	assert_memory_equal(out, expected, sizeof(expected));
}

/* expected UTF-16LE bytes; surrogate pairs are high then low */
#define U8(s) ((const uint8_t *)(s))

static const struct {
	const char *name;
	const char *in;
	const uint8_t *out;
	size_t outlen;
} good_utf8[] = {
	{"2-byte U+00E4", "\xc3\xa4", U8("\xe4\x00"), 2},
	{"2-byte lowest U+0080", "\xc2\x80", U8("\x80\x00"), 2},
	{"3-byte U+20AC", "\xe2\x82\xac", U8("\xac\x20"), 2},
	{"3-byte lowest U+0800", "\xe0\xa0\x80", U8("\x00\x08"), 2},
	{"3-byte below surrogates U+D7FF", "\xed\x9f\xbf", U8("\xff\xd7"), 2},
	{"3-byte above surrogates U+E000", "\xee\x80\x80", U8("\x00\xe0"), 2},
	{"3-byte U+FFFF", "\xef\xbf\xbf", U8("\xff\xff"), 2},
	{"4-byte U+1F600", "\xf0\x9f\x98\x80", U8("\x3d\xd8\x00\xde"), 4},
	{"4-byte lowest U+10000", "\xf0\x90\x80\x80", U8("\x00\xd8\x00\xdc"), 4},
	{"4-byte highest U+10FFFF", "\xf4\x8f\xbf\xbf", U8("\xff\xdb\xff\xdf"), 4},
};

static void test_utf8_valid(void **state)
{
	uint8_t out[16];
	size_t i, len;

	(void)state;
	for (i = 0; i < countof(good_utf8); i++)
	{
		if (!sm_utf8_to_utf16le(good_utf8[i].in, strlen(good_utf8[i].in), out,
								&len, NULL) ||
			len != good_utf8[i].outlen || memcmp(out, good_utf8[i].out, len))
		{
			fail_msg("%s: wrong conversion", good_utf8[i].name);
		}
	}
}

static const struct {
	const char *name;
	const char *in;
	size_t len;
	size_t bad;
} bad_utf8[] = {
	{"lone continuation byte", "a\x80", 2, 1},
	{"overlong 2-byte (C0 AF = '/')", "\xc0\xaf", 2, 0},
	{"overlong 2-byte (C1 BF)", "\xc1\xbf", 2, 0},
	{"overlong 3-byte (E0 80 AF)", "\xe0\x80\xaf", 3, 0},
	{"overlong 4-byte (F0 80 80 AF)", "\xf0\x80\x80\xaf", 4, 0},
	{"high surrogate U+D800", "\xed\xa0\x80", 3, 0},
	{"low surrogate U+DFFF", "ab\xed\xbf\xbf", 5, 2},
	{"above U+10FFFF (F4 90 80 80)", "\xf4\x90\x80\x80", 4, 0},
	{"F5 lead byte", "\xf5\x80\x80\x80", 4, 0},
	{"FF byte", "\xff", 1, 0},
	{"truncated 2-byte", "x\xc3", 2, 1},
	{"truncated 3-byte", "\xe2\x82", 2, 0},
	{"truncated 4-byte", "\xf0\x9f\x98", 3, 0},
	{"bad continuation", "\xe2\x28\xa1", 3, 0},
	{"NUL character", "a\0b", 3, 1},
};

static void test_utf8_invalid(void **state)
{
	uint8_t out[16], hash[SM_NT_HASH_LEN];
	char err[256];
	size_t i, len, bad;

	(void)state;
	for (i = 0; i < countof(bad_utf8); i++)
	{
		bad = 999;
		if (sm_utf8_to_utf16le(bad_utf8[i].in, bad_utf8[i].len, out, &len,
							   &bad))
		{
			fail_msg("%s: accepted", bad_utf8[i].name);
		}
		if (bad != bad_utf8[i].bad)
		{
			fail_msg("%s: offset %zu, expected %zu", bad_utf8[i].name, bad,
					 bad_utf8[i].bad);
		}
	}
	/* hashing refuses too, and the message names no password byte */
	assert_int_equal(sm_nthash("p\xc3(ss", 5, hash, err, sizeof(err)),
					 SM_NTHASH_EUTF8);
	assert_string_equal(err, "the password is not valid UTF-8 (byte 2)");
}

static void test_hex(void **state)
{
	uint8_t hash[SM_NT_HASH_LEN], orig[SM_NT_HASH_LEN];
	char hex[SM_NT_HASH_HEXLEN + 1];

	(void)state;
	assert_true(sm_nthash_from_hex("44EBBA8D5312B8D611474411F56989ae", hash));
	sm_nthash_to_hex(hash, hex);
	assert_string_equal(hex, "44ebba8d5312b8d611474411f56989ae");
	memcpy(orig, hash, sizeof(hash));
	assert_false(sm_nthash_from_hex("", hash));
	assert_false(sm_nthash_from_hex("44ebba8d5312b8d611474411f56989a", hash));
	assert_false(sm_nthash_from_hex("44ebba8d5312b8d611474411f56989aee", hash));
	assert_false(sm_nthash_from_hex("44ebba8d5312b8d611474411f56989ag", hash));
	assert_false(sm_nthash_from_hex(" 4ebba8d5312b8d611474411f56989ae", hash));
	/* failures leave the output alone */
	assert_memory_equal(hash, orig, sizeof(hash));
}

/* without the legacy provider: a clear error, no crash, no leak */
static void test_no_legacy_provider(void **state)
{
	uint8_t hash[SM_NT_HASH_LEN];
	char err[512] = "";
	char *old = getenv("OPENSSL_MODULES");
	char *saved = old ? strdup(old) : NULL;

	(void)state;
	setenv("OPENSSL_MODULES", "/nonexistent/ossl-modules", 1);
	assert_null(sm_nthash_ctx_create(err, sizeof(err)));
	assert_non_null(strstr(err, "MD4 is unavailable: cannot load OpenSSL's "
								"legacy provider"));
	assert_int_equal(sm_nthash("x", 1, hash, NULL, 0), SM_NTHASH_ECRYPTO);
	if (saved)
	{
		setenv("OPENSSL_MODULES", saved, 1);
		free(saved);
	}
	else
	{
		unsetenv("OPENSSL_MODULES");
	}
	/* and it works again once the provider can be found */
	assert_int_equal(sm_nthash("x", 1, hash, NULL, 0), SM_NTHASH_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_one_shot),
		cmocka_unit_test(test_utf16_rfc),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_no_legacy_provider),
	};

	return sm_run_tests(tests);
}
