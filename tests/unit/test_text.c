/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/base/text.c: edit distance, suggestions, quoting
 * user text and keys, names of secrets, character widths */
#include "config.h"

#include "sm_test.h"

#include "base/text.h"

#include <string.h>

static void test_edit_distance(void **state)
{
	static const struct {
		const char *a;
		const char *b;
		size_t max;
		size_t want;
	} cases[] = {
		{"password", "password", 2, 0},
		{"", "", 2, 0},
		{"", "ab", 2, 2},
		{"pasword", "password", 2, 1},   /* insertion */
		{"passwordd", "password", 2, 1}, /* deletion */
		{"passwerd", "password", 2, 1},  /* substitution */
		{"psasword", "password", 2, 1},  /* neighbours swapped: one edit */
		{"ab", "ba", 2, 1},
		{"ca", "abc", 3, 3}, /* optimal string alignment, not Damerau */
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3},   /* above max: max + 1 */
		{"a", "abcdef", 2, 3},         /* lengths alone exceed max */
		{"abcdef", "uvwxyz", 3, 4},    /* stops early */
		{"identity", "enabled", 2, 3}, /* never more than max + 1 */
	};
	char long_a[80], long_b[80];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_int_equal(sm_edit_distance(cases[i].a, cases[i].b, cases[i].max),
						 cases[i].want);
		assert_int_equal(sm_edit_distance(cases[i].b, cases[i].a, cases[i].max),
						 cases[i].want);
	}
	/* words longer than 64 bytes are never close to anything */
	memset(long_a, 'a', 70);
	long_a[70] = '\0';
	memcpy(long_b, long_a, sizeof(long_a));
	assert_int_equal(sm_edit_distance(long_a, long_b, 2), 3);
	long_a[64] = '\0';
	long_b[64] = '\0';
	assert_int_equal(sm_edit_distance(long_a, long_b, 2), 0);
}

static void test_suggest(void **state)
{
	static const char *const keys[] = {"identity", "password", "nt_hash",
									   "address",  "address6", "enabled"};
	sm_suggest_t s;
	size_t i;

	(void)state;
	sm_suggest_init(&s, "pasword", 2);
	for (i = 0; i < countof(keys); i++)
	{
		sm_suggest_add(&s, keys[i]);
	}
	assert_string_equal(s.best, "password");
	assert_int_equal(s.dist, 1);

	/* ties: the first candidate wins */
	sm_suggest_init(&s, "adress", 2);
	for (i = 0; i < countof(keys); i++)
	{
		sm_suggest_add(&s, keys[i]);
	}
	assert_string_equal(s.best, "address");

	/* nothing close enough */
	sm_suggest_init(&s, "colour", 2);
	for (i = 0; i < countof(keys); i++)
	{
		sm_suggest_add(&s, keys[i]);
	}
	assert_null(s.best);

	/* the word itself is not a suggestion, nor is a NULL candidate */
	sm_suggest_init(&s, "enabled", 2);
	sm_suggest_add(&s, "enabled");
	sm_suggest_add(&s, NULL);
	assert_null(s.best);
	sm_suggest_init(&s, NULL, 2);
	sm_suggest_add(&s, "enabled");
	assert_null(s.best);
}

static void test_quote(void **state)
{
	char buf[SM_QUOTE_SIZE], text[400];
	size_t i;

	(void)state;
	assert_string_equal(sm_quote(buf, "vpn.example.com", 15),
						"vpn.example.com");
	/* only len bytes, NUL bytes included */
	assert_string_equal(sm_quote(buf, "a\0b", 3), "a\\x00b");
	assert_string_equal(sm_quote(buf, "abcdef", 3), "abc");
	/* control characters, DEL and bytes that are not UTF-8 */
	assert_string_equal(sm_quote(buf, "a\tb\nc\x7f\xff\xc3", 8),
						"a\\x09b\\x0ac\\x7f\\xff\\xc3");
	/* characters, not bytes, count */
	assert_string_equal(sm_quote(buf,
								 "caf\xc3\xa9 \xe2\x82\xac "
								 "\xf0\x9f\x98\x80",
								 14),
						"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* SM_QUOTE_CHARS characters fit, one more is cut with "..." */
	memset(text, 'x', sizeof(text));
	assert_int_equal(strlen(sm_quote(buf, text, SM_QUOTE_CHARS)),
					 SM_QUOTE_CHARS);
	sm_quote(buf, text, SM_QUOTE_CHARS + 1);
	assert_int_equal(strlen(buf), SM_QUOTE_CHARS + 3);
	assert_string_equal(buf + SM_QUOTE_CHARS, "...");
	/* the worst case fits the buffer: 4-byte characters, then the cut */
	for (i = 0; i + 4 <= sizeof(text); i += 4)
	{
		memcpy(text + i, "\xf0\x9f\x98\x80", 4);
	}
	sm_quote(buf, text, sizeof(text));
	assert_int_equal(strlen(buf), SM_QUOTE_CHARS * 4 + 3);
	/* and so do escapes */
	memset(text, 1, sizeof(text));
	sm_quote(buf, text, sizeof(text));
	assert_int_equal(strlen(buf), SM_QUOTE_CHARS * 4 + 3);
}

static void test_secret_word(void **state)
{
	static const char *const secret[] = {
		"password",       "Password",     "PASSWORD",      "pasword",
		"passwd",         "passwort",     "pass",          "pwd",
		"paswd",          "pass-word",    "pass_word",     "passphrase",
		"user_password",  "psasword",     "nt_hash",       "NT-Hash",
		"nthash",         "nt_hsah",      "nt_has",        "ntash",
		"hash",           "secret",       "client_secret", "psk",
		"pa\xc3\x9fword", "mot_de_passe",
	};
	static const char *const other[] = {
		"identity",  "enabled", "address",  "address6",      "dns",
		"name",      "names",   "hostname", "save_password", "SavePassword",
		"proposals", "banner",  "keyword",  "sword",         "that",
		"",          "-",       "trash",
	};
	size_t i;

	(void)state;
	for (i = 0; i < countof(secret); i++)
	{
		if (!sm_secret_word(secret[i], strlen(secret[i])))
		{
			fail_msg("'%s' should name a secret", secret[i]);
		}
	}
	for (i = 0; i < countof(other); i++)
	{
		if (sm_secret_word(other[i], strlen(other[i])))
		{
			fail_msg("'%s' should not name a secret", other[i]);
		}
	}
	/* only len bytes count */
	assert_false(sm_secret_word("password", 3));
	assert_true(sm_word_byte('a') && sm_word_byte('Z') && sm_word_byte('0') &&
				sm_word_byte('_') && sm_word_byte('-') && sm_word_byte(0xc3));
	assert_false(sm_word_byte(':') || sm_word_byte(' ') || sm_word_byte('=') ||
				 sm_word_byte('"') || sm_word_byte('.'));
}

static void test_quote_key(void **state)
{
	static const struct {
		const char *key;
		const char *want;
	} cases[] = {
		{"identity", "identity"},
		{"pasword", "pasword"},
		{"my password", "my password"},
		{"password hunter2", "password..."},
		{"password=hunter2", "password..."},
		{"password: hunter2", "password..."},
		{"a\tpassword\nhunter2", "a\\x09password..."},
		{"nt_hash 8846f7eaee8fb117ad06bdd830b7586c", "nt_hash..."},
		{"x pwd hunter2", "x pwd..."},
	};
	char buf[SM_QUOTE_SIZE], key[200];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		assert_string_equal(
			sm_quote_key(buf, cases[i].key, strlen(cases[i].key)),
			cases[i].want);
	}
	assert_int_equal(sm_secret_word_end("password hunter2", 16), 8);
	assert_int_equal(sm_secret_word_end("a b", 3), 0);
	/* a secret word after SM_QUOTE_CHARS characters: one "..." only */
	memset(key, 'k', 100);
	memcpy(key + 100, " password x", 11);
	sm_quote_key(buf, key, 111);
	assert_int_equal(strlen(buf), SM_QUOTE_CHARS + 3);
	assert_string_equal(buf + SM_QUOTE_CHARS, "...");
}

static void test_char_width(void **state)
{
	static const struct {
		uint32_t cp;
		int width;
	} cases[] = {
		{'a', 1},    {0xe9, 1},    {0x20ac, 1},   {0x0301, 0},  {0x200b, 0},
		{0xfe0f, 0}, {0x1100, 2},  {0x4e2d, 2},   {0xac00, 2},  {0xff21, 2},
		{0x3000, 2}, {0x1f600, 2}, {0x1f680, 2},  {0x20000, 2}, {0xffe6, 2},
		{0xff61, 1}, {0x2603, 1},  {0x10ffff, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		if (sm_char_width(cases[i].cp) != cases[i].width)
		{
			fail_msg("U+%04X: width %d, expected %d", (unsigned)cases[i].cp,
					 sm_char_width(cases[i].cp), cases[i].width);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_secret_word),
		cmocka_unit_test(test_quote_key),
		cmocka_unit_test(test_char_width),
	};

	return sm_run_tests(tests);
}
