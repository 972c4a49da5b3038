/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for lib/sm_identity.c and lib/sm_unicode.c: the identity and
 * password rules as tables of inputs and outcomes, their messages, and NFC
 * against the Unicode NormalizationTest.txt cases
 * (tests/data/unicode/nfc-vectors.txt)
 */
#include "config.h"

#include "sm_test.h"

#include "sm_identity.h"
#include "sm_unicode.h"
#include "sm_user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* an identity or password, its outcome, and where the problem is */
typedef struct {
	const char *name;
	const char *in;
	sm_text_err_t err;
	/* byte offset and 1-based character of the offending character */
	size_t offset;
	size_t index;
	/* the code point reported (identities) */
	uint32_t cp;
} text_case_t;

static const text_case_t identity_cases[] = {
	/* accepted */
	{"plain name", "alice", SM_TEXT_OK, 0, 0, 0},
	{"e-mail form", "jimp@example.com", SM_TEXT_OK, 0, 0, 0},
	{"DOMAIN\\user", "CORP\\bob", SM_TEXT_OK, 0, 0, 0},
	{"inner space", "john smith", SM_TEXT_OK, 0, 0, 0},
	{"NFC u umlaut", "J\xc3\xbcrgen", SM_TEXT_OK, 0, 0, 0},
	{"CJK", "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99", SM_TEXT_OK, 0, 0, 0},
	{"Hangul syllables", "\xed\x95\x9c\xea\xb5\xad", SM_TEXT_OK, 0, 0, 0},
	/* U+09AC U+09BE: the vowel sign is NFC_QC=Maybe but composes with
	 * nothing here, so the text is NFC */
	{"Bengali vowel sign", "\xe0\xa6\xac\xe0\xa6\xbe", SM_TEXT_OK, 0, 0, 0},
	/* U+0B95 U+0BBE, likewise */
	{"Tamil vowel sign", "\xe0\xae\x95\xe0\xae\xbe", SM_TEXT_OK, 0, 0, 0},
	{"emoji", "\xf0\x9f\x98\x80@example.org", SM_TEXT_OK, 0, 0, 0},
	{"key ID form", "CORP:bob", SM_TEXT_OK, 0, 0, 0},
	{"address after @", "bob@192.0.2.1", SM_TEXT_OK, 0, 0, 0},
	{"not an address", "1.2.3", SM_TEXT_OK, 0, 0, 0},
	{"name before a dash", "bob-192.0.2.1", SM_TEXT_OK, 0, 0, 0},
	{"percent inside", "a%b", SM_TEXT_OK, 0, 0, 0},
	{"upper-case %ANY is reserved", "%ANY", SM_TEXT_RESERVED, 0, 1, '%'},
	/* lengths: 255 bytes is the limit, in bytes, not characters */
	{"empty", "", SM_TEXT_EMPTY, 0, 0, 0},
	/* encoding: overlong forms, surrogates, beyond U+10FFFF, truncation */
	{"2-byte overlong '/'", "\xc0\xaf", SM_TEXT_UTF8, 0, 1, 0},
	{"3-byte overlong '/'", "\xe0\x80\xaf", SM_TEXT_UTF8, 0, 1, 0},
	{"3-byte overlong 'A' after a letter", "a\xe0\x81\x81", SM_TEXT_UTF8, 1, 2,
	 0},
	{"3-byte overlong U+07FF", "\xe0\x9f\xbf", SM_TEXT_UTF8, 0, 1, 0},
	{"4-byte overlong U+FFFF", "\xf0\x8f\xbf\xbf", SM_TEXT_UTF8, 0, 1, 0},
	{"high surrogate", "\xed\xa0\x80", SM_TEXT_UTF8, 0, 1, 0},
	{"low surrogate", "x\xed\xbf\xbf", SM_TEXT_UTF8, 1, 2, 0},
	{"above U+10FFFF", "\xf4\x90\x80\x80", SM_TEXT_UTF8, 0, 1, 0},
	{"truncated", "caf\xc3", SM_TEXT_UTF8, 3, 4, 0},
	{"stray continuation byte", "\x80", SM_TEXT_UTF8, 0, 1, 0},
	/* controls: C0, DEL, C1 */
	{"NUL", "a\0b", SM_TEXT_CONTROL, 1, 2, 0},
	{"U+0001", "\x01", SM_TEXT_CONTROL, 0, 1, 0x01},
	{"tab", "a\tb", SM_TEXT_CONTROL, 1, 2, 0x09},
	{"line feed", "a\n", SM_TEXT_CONTROL, 1, 2, 0x0a},
	{"U+001F", "a\x1f", SM_TEXT_CONTROL, 1, 2, 0x1f},
	{"DEL", "a\x7f", SM_TEXT_CONTROL, 1, 2, 0x7f},
	{"C1 U+0080", "\xc2\x80", SM_TEXT_CONTROL, 0, 1, 0x80},
	{"C1 NEL U+0085", "ab\xc2\x85", SM_TEXT_CONTROL, 2, 3, 0x85},
	{"C1 U+009F", "\xc3\xa9\xc2\x9f", SM_TEXT_CONTROL, 2, 2, 0x9f},
	/* bidi controls */
	{"LRE U+202A", "a\xe2\x80\xaa", SM_TEXT_FORMAT, 1, 2, 0x202a},
	{"RLO U+202E", "evil\xe2\x80\xaegpj.exe", SM_TEXT_FORMAT, 4, 5, 0x202e},
	{"LRI U+2066", "\xe2\x81\xa6x", SM_TEXT_FORMAT, 0, 1, 0x2066},
	{"PDI U+2069", "x\xe2\x81\xa9", SM_TEXT_FORMAT, 1, 2, 0x2069},
	{"LRM U+200E", "x\xe2\x80\x8e", SM_TEXT_FORMAT, 1, 2, 0x200e},
	{"RLM U+200F", "x\xe2\x80\x8f", SM_TEXT_FORMAT, 1, 2, 0x200f},
	{"ALM U+061C", "x\xd8\x9c", SM_TEXT_FORMAT, 1, 2, 0x061c},
	/* zero-width and other invisible characters */
	{"ZWSP U+200B", "al\xe2\x80\x8bice", SM_TEXT_FORMAT, 2, 3, 0x200b},
	{"ZWNJ U+200C", "a\xe2\x80\x8c", SM_TEXT_FORMAT, 1, 2, 0x200c},
	{"ZWJ U+200D", "a\xe2\x80\x8d", SM_TEXT_FORMAT, 1, 2, 0x200d},
	{"word joiner U+2060", "a\xe2\x81\xa0", SM_TEXT_FORMAT, 1, 2, 0x2060},
	{"BOM U+FEFF",
	 "\xef\xbb\xbf"
	 "alice",
	 SM_TEXT_FORMAT, 0, 1, 0xfeff},
	{"soft hyphen U+00AD", "a\xc2\xad", SM_TEXT_FORMAT, 1, 2, 0xad},
	{"tag U+E0041", "a\xf3\xa0\x81\x81", SM_TEXT_FORMAT, 1, 2, 0xe0041},
	/* separators and spaces */
	{"line separator U+2028", "a\xe2\x80\xa8", SM_TEXT_LINESEP, 1, 2, 0x2028},
	{"paragraph separator U+2029", "a\xe2\x80\xa9", SM_TEXT_LINESEP, 1, 2,
	 0x2029},
	{"no-break space U+00A0", "john\xc2\xa0smith", SM_TEXT_SPACE, 4, 5, 0xa0},
	{"ideographic space U+3000", "a\xe3\x80\x80", SM_TEXT_SPACE, 1, 2, 0x3000},
	{"leading space", " alice", SM_TEXT_SPACE_EDGE, 0, 1, ' '},
	{"trailing space", "alice ", SM_TEXT_SPACE_EDGE, 5, 6, ' '},
	/* unassigned, private use, noncharacters */
	{"unassigned U+0378", "a\xcd\xb8", SM_TEXT_UNASSIGNED, 1, 2, 0x378},
	{"private use U+E000", "\xee\x80\x80", SM_TEXT_UNASSIGNED, 0, 1, 0xe000},
	{"noncharacter U+FDD0", "a\xef\xb7\x90", SM_TEXT_UNASSIGNED, 1, 2, 0xfdd0},
	{"noncharacter U+FFFE", "a\xef\xbf\xbe", SM_TEXT_UNASSIGNED, 1, 2, 0xfffe},
	{"noncharacter U+10FFFF", "\xf4\x8f\xbf\xbf", SM_TEXT_UNASSIGNED, 0, 1,
	 0x10ffff},
	/* normalisation: the NFD spelling of a name is refused */
	{"NFD u umlaut", "Ju\xcc\x88rgen", SM_TEXT_NOT_NFC, 2, 3, 0x308},
	{"e + combining acute",
	 "caf"
	 "e\xcc\x81",
	 SM_TEXT_NOT_NFC, 4, 5, 0x301},
	{"Angstrom sign U+212B", "\xe2\x84\xab", SM_TEXT_NOT_NFC, 0, 1, 0x212b},
	{"marks out of canonical order", "a\xcc\x81\xcc\xa3", SM_TEXT_NOT_NFC, 1, 2,
	 0x301},
	/* e-acute + dot below: each is NFC_QC Yes/Maybe and the pair has no
	 * composite, yet NFC is U+1EB9 U+0301 (reordering, then composing) */
	{"precomposed + reordered mark", "\xc3\xa9\xcc\xa3", SM_TEXT_NOT_NFC, 2, 2,
	 0x323},
	{"conjoining jamo L V", "\xe1\x84\x80\xe1\x85\xa1", SM_TEXT_NOT_NFC, 3, 2,
	 0x1161},
	/* what strongSwan does not read as a literal name */
	{"%any", "%any", SM_TEXT_ANY, 0, 1, '%'},
	{"%any6", "%any6", SM_TEXT_ANY, 0, 1, '%'},
	{"*", "*", SM_TEXT_ANY, 0, 1, '*'},
	{"0.0.0.0", "0.0.0.0", SM_TEXT_ANY, 0, 1, '0'},
	{"::", "::", SM_TEXT_ANY, 0, 1, ':'},
	{"0::0", "0::0", SM_TEXT_ANY, 0, 1, '0'},
	{"leading percent", "%admin", SM_TEXT_RESERVED, 0, 1, '%'},
	{"email: prefix", "email:bob@example.org", SM_TEXT_PREFIX, 0, 1, 'e'},
	{"upper-case prefix", "FQDN:bob", SM_TEXT_PREFIX, 0, 1, 'F'},
	{"keyid: prefix", "keyid:#0011", SM_TEXT_PREFIX, 0, 1, 'k'},
	{"rfc822: prefix", "rfc822:bob", SM_TEXT_PREFIX, 0, 1, 'r'},
	{"userfqdn: prefix", "userfqdn:bob", SM_TEXT_PREFIX, 0, 1, 'u'},
	{"dns: prefix", "dns:bob", SM_TEXT_PREFIX, 0, 1, 'd'},
	{"ipv4: prefix", "ipv4:bob", SM_TEXT_PREFIX, 0, 1, 'i'},
	{"ipv6range: prefix", "ipv6range:x", SM_TEXT_PREFIX, 0, 1, 'i'},
	{"asn1dn: prefix", "asn1dn:#3000", SM_TEXT_PREFIX, 0, 1, 'a'},
	{"xmppaddr: prefix", "xmppaddr:bob", SM_TEXT_PREFIX, 0, 1, 'x'},
	{"numeric type", "{1}:bob", SM_TEXT_NUMTYPE, 0, 1, '{'},
	{"empty numeric type (ID_ANY)", "{}:bob", SM_TEXT_NUMTYPE, 0, 1, '{'},
	{"distinguished name", "CN=bob, O=Example", SM_TEXT_DN, 2, 3, '='},
	{"'=' anywhere", "bob=1", SM_TEXT_DN, 3, 4, '='},
	{"@fqdn", "@example.org", SM_TEXT_AT, 0, 1, '@'},
	{"@@user", "@@bob", SM_TEXT_AT, 0, 1, '@'},
	{"@#hex", "@#0102", SM_TEXT_AT, 0, 1, '@'},
	{"domain wildcard", "*@example.org", SM_TEXT_WILDCARD, 0, 1, '*'},
	{"trailing wildcard", "bob*", SM_TEXT_WILDCARD, 3, 4, '*'},
	{"IPv4 address", "192.0.2.1", SM_TEXT_ADDRESS, 0, 1, '1'},
	{"IPv4 subnet", "10.0.0.0/8", SM_TEXT_ADDRESS, 0, 1, '1'},
	{"IPv4 range", "10.0.0.1-10.0.0.9", SM_TEXT_ADDRESS, 0, 1, '1'},
	{"IPv6 address", "2001:db8::1", SM_TEXT_ADDRESS, 0, 1, '2'},
	{"IPv6 subnet", "2001:db8::/32", SM_TEXT_ADDRESS, 0, 1, '2'},
	{"IPv4-mapped IPv6", "::ffff:192.0.2.1", SM_TEXT_ADDRESS, 0, 1, ':'},
	{"domain without user", "CORP\\", SM_TEXT_NO_USER, 4, 5, '\\'},
};

static const text_case_t password_cases[] = {
	{"ASCII", "abc123", SM_TEXT_OK, 0, 0, 0},
	{"non-ASCII", "p\xc3\xa4ssw\xc3\xb6rd", SM_TEXT_OK, 0, 0, 0},
	{"spaces are part of it", " pass word ", SM_TEXT_OK, 0, 0, 0},
	{"NFD is hashed as typed", "Ju\xcc\x88rgen", SM_TEXT_OK, 0, 0, 0},
	{"no-break space",
	 "a\xc2\xa0"
	 "b",
	 SM_TEXT_OK, 0, 0, 0},
	{"private use", "\xee\x80\x80", SM_TEXT_OK, 0, 0, 0},
	{"'=' and '*'", "a=b*c", SM_TEXT_OK, 0, 0, 0},
	{"empty", "", SM_TEXT_EMPTY, 0, 0, 0},
	{"3-byte overlong", "ab\xe0\x80\xaf", SM_TEXT_UTF8, 2, 3, 0},
	{"surrogate", "\xed\xb0\x80", SM_TEXT_UTF8, 0, 1, 0},
	{"truncated", "abc\xe2\x82", SM_TEXT_UTF8, 3, 4, 0},
	{"NUL", "a\0", SM_TEXT_CONTROL, 1, 2, 0},
	{"C0", "a\x01", SM_TEXT_CONTROL, 1, 2, 0},
	{"tab", "a\tb", SM_TEXT_CONTROL, 1, 2, 0},
	{"DEL", "\x7f", SM_TEXT_CONTROL, 0, 1, 0},
	{"C1", "\xc3\xa4\xc2\x9b", SM_TEXT_CONTROL, 2, 2, 0},
	{"RLO", "pw\xe2\x80\xae", SM_TEXT_FORMAT, 2, 3, 0},
	{"LRI", "\xe2\x81\xa6pw", SM_TEXT_FORMAT, 0, 1, 0},
	{"ZWSP", "p\xe2\x80\x8bw", SM_TEXT_FORMAT, 1, 2, 0},
	{"ZWJ", "p\xe2\x80\x8dw", SM_TEXT_FORMAT, 1, 2, 0},
	{"BOM", "\xef\xbb\xbfpw", SM_TEXT_FORMAT, 0, 1, 0},
	{"word joiner", "p\xe2\x81\xa0", SM_TEXT_FORMAT, 1, 2, 0},
	{"line separator", "p\xe2\x80\xa8", SM_TEXT_LINESEP, 1, 2, 0},
};

static void check_cases(const text_case_t *cases, size_t n, bool identity)
{
	sm_text_check_t res;
	size_t i, len;
	bool ok;

	for (i = 0; i < n; i++)
	{
		len = strlen(cases[i].in);
		/* the NUL cases carry one more byte after the NUL */
		if (!strcmp(cases[i].name, "NUL"))
		{
			len = identity ? 3 : 2;
		}
		ok = identity ? sm_identity_check(cases[i].in, len, &res)
					  : sm_password_check(cases[i].in, len, &res);
		if (ok != (cases[i].err == SM_TEXT_OK) || res.err != cases[i].err)
		{
			fail_msg("%s '%s': got %d, expected %d",
					 identity ? "identity" : "password", cases[i].name, res.err,
					 cases[i].err);
		}
		if (cases[i].err == SM_TEXT_OK || cases[i].err == SM_TEXT_EMPTY)
		{
			continue;
		}
		if (res.offset != cases[i].offset || res.index != cases[i].index)
		{
			fail_msg("'%s': at byte %zu, character %zu; expected %zu, %zu",
					 cases[i].name, res.offset, res.index, cases[i].offset,
					 cases[i].index);
		}
		if (res.cp != cases[i].cp)
		{
			fail_msg("'%s': code point U+%04X, expected U+%04X", cases[i].name,
					 (unsigned int)res.cp, (unsigned int)cases[i].cp);
		}
	}
}

static void test_identity_table(void **state)
{
	(void)state;
	check_cases(identity_cases, countof(identity_cases), true);
}

static void test_password_table(void **state)
{
	(void)state;
	check_cases(password_cases, countof(password_cases), false);
}

/* identities are limited in bytes: 255 of them, whatever the characters */
static void test_identity_length(void **state)
{
	char buf[600];
	sm_text_check_t res;
	size_t i;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_true(sm_identity_check(buf, 255, &res));
	assert_false(sm_identity_check(buf, 256, &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
	assert_int_equal(res.len, 256);
	assert_false(sm_identity_check(buf, sizeof(buf), &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
	/* 253 ASCII bytes and a 2-byte character: 255 bytes */
	memcpy(buf + 253, "\xc3\xa9", 2);
	assert_true(sm_identity_check(buf, 255, &res));
	/* 85 three-byte characters are 255 bytes, 86 are too many */
	for (i = 0; i < 86; i++)
	{
		memcpy(buf + 3 * i, "\xe6\x9d\x8e", 3);
	}
	assert_true(sm_identity_check(buf, 255, &res));
	assert_false(sm_identity_check(buf, 258, &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
}

/* passwords are limited in UTF-16 code units: 256 of them (RFC 2759) */
static void test_password_length(void **state)
{
	static char buf[5000 * 4];
	sm_text_check_t res;
	size_t i;

	(void)state;
	memset(buf, 'x', 5000);
	assert_true(sm_password_check(buf, 1, &res));
	assert_true(sm_password_check(buf, 256, &res));
	assert_false(sm_password_check(buf, 257, &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
	assert_int_equal(res.index, 257);
	assert_false(sm_password_check(buf, 5000, &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
	/* a character beyond U+FFFF takes two code units */
	for (i = 0; i < 129; i++)
	{
		memcpy(buf + 4 * i, "\xf0\x9f\x98\x80", 4);
	}
	assert_true(sm_password_check(buf, 4 * 128, &res));
	assert_false(sm_password_check(buf, 4 * 129, &res));
	assert_int_equal(res.err, SM_TEXT_TOO_LONG);
	/* 255 units and one surrogate pair: 257 */
	memset(buf, 'x', 255);
	memcpy(buf + 255, "\xf0\x9f\x98\x80", 4);
	assert_false(sm_password_check(buf, 259, &res));
	/* three-byte characters count one unit each: 256 of them fit */
	for (i = 0; i < 257; i++)
	{
		memcpy(buf + 3 * i, "\xe2\x82\xac", 3);
	}
	assert_true(sm_password_check(buf, 3 * 256, &res));
	assert_false(sm_password_check(buf, 3 * 257, &res));
}

static const struct {
	const char *in;
	const char *msg;
} identity_messages[] = {
	{"", "is empty"},
	{"a\xc2\x85", "contains the control character U+0085 (character 2); use "
				  "printable characters only"},
	{"evil\xe2\x80\xaegpj", "contains the invisible formatting character "
							"U+202E (character 5), such as a bidi control "
							"or a zero-width character; remove it"},
	{" jimp@example.com", "begins or ends with a space; remove it"},
	{"%any", "stands for any identity in strongSwan and would match every "
			 "user name; give each user's own name"},
	{"Email:bob", "begins with 'Email:', which strongSwan reads as an "
				  "identity type, not as part of the name; give the name "
				  "without it"},
	{"*@example.org", "contains the wildcard '*' (character 1): strongSwan "
					  "matches a secret for '*@example.org' against every "
					  "user of that domain; list each user by name"},
	{"Ju\xcc\x88rgen", "is not in Unicode Normalization Form C (NFC) at "
					   "U+0308 (character 3); write the composed form "
					   "clients send, such as 'e' with acute accent as the "
					   "one character U+00E9 rather than 'e' followed by "
					   "U+0301"},
};

static void test_identity_messages(void **state)
{
	sm_text_check_t res;
	char msg[512], err[512];
	sm_user_t user;
	size_t i;

	(void)state;
	for (i = 0; i < countof(identity_messages); i++)
	{
		const char *in = identity_messages[i].in;

		assert_false(sm_identity_check(in, strlen(in), &res));
		assert_string_equal(
			sm_identity_message(in, strlen(in), &res, msg, sizeof(msg)),
			identity_messages[i].msg);
	}
	/* sm_user_set_identity() quotes only what is printable */
	sm_user_init(&user);
	assert_false(sm_user_set_identity(&user, "%any", err, sizeof(err)));
	assert_string_equal(err, "identity '%any' stands for any identity in "
							 "strongSwan and would match every user name; "
							 "give each user's own name");
	assert_false(
		sm_user_set_identity(&user, "a\xe2\x80\xae", err, sizeof(err)));
	assert_string_equal(err, "identity contains the invisible formatting "
							 "character U+202E (character 2), such as a bidi "
							 "control or a zero-width character; remove it");
	assert_true(sm_user_set_identity(&user, "CORP\\bob", err, sizeof(err)));
	assert_string_equal(user.identity, "CORP\\bob");
}

/* password messages never hold a code point or any of the password */
static void test_password_messages(void **state)
{
	static const char *const secrets[] = {"s3cr\x01t", "s3cr\xe2\x80\xaet",
										  "s3cr\xe2\x80\xa8t", "s3cr\xc0\xaft",
										  ""};
	sm_text_check_t res;
	char msg[512];
	size_t i;

	(void)state;
	for (i = 0; i < countof(secrets); i++)
	{
		assert_false(sm_password_check(secrets[i], strlen(secrets[i]), &res));
		assert_int_equal(res.cp, 0);
		sm_password_message(&res, msg, sizeof(msg));
		assert_null(strstr(msg, "s3cr"));
		assert_null(strstr(msg, "U+"));
	}
	assert_false(sm_password_check("pw\xe2\x80\xae", 5, &res));
	assert_string_equal(sm_password_message(&res, msg, sizeof(msg)),
						"contains an invisible formatting character or a "
						"line separator (character 3), such as a bidi "
						"control or a zero-width space; remove it");
}

static void test_unicode_classes(void **state)
{
	(void)state;
	assert_string_equal(sm_unicode_version(), "15.0.0");
	assert_int_equal(sm_unicode_class('a'), SM_UC_OK);
	assert_int_equal(sm_unicode_class(' '), SM_UC_OK);
	assert_int_equal(sm_unicode_class(0x7f), SM_UC_CONTROL);
	assert_int_equal(sm_unicode_class(0x9f), SM_UC_CONTROL);
	assert_int_equal(sm_unicode_class(0xa0), SM_UC_SPACE);
	assert_int_equal(sm_unicode_class(0x200b), SM_UC_FORMAT);
	assert_int_equal(sm_unicode_class(0x2029), SM_UC_LINESEP);
	assert_int_equal(sm_unicode_class(0xd800), SM_UC_UNASSIGNED);
	assert_int_equal(sm_unicode_class(0x10ffff), SM_UC_UNASSIGNED);
	assert_int_equal(sm_unicode_class(0x110000), SM_UC_UNASSIGNED);
	/* the last assigned CJK ideograph of extension B, in a First/Last
	 * range of UnicodeData.txt */
	assert_int_equal(sm_unicode_class(0x2a6df), SM_UC_OK);
	assert_int_equal(sm_unicode_ccc(0x301), 230);
	assert_int_equal(sm_unicode_ccc(0x323), 220);
	assert_int_equal(sm_unicode_ccc('a'), 0);
}

/* parse "0044 0307" into code points; returns the count */
static size_t parse_cps(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0;
	char *end;

	while (*s && n < max)
	{
		out[n++] = (uint32_t)strtoul(s, &end, 16);
		s = end;
		while (*s == ' ')
		{
			s++;
		}
	}
	return n;
}

static bool same(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na * sizeof(*a));
}

#define VEC_MAX 64

/*
 * Every case of NormalizationTest.txt: NFC(c1) = NFC(c2) = NFC(c3) = c2,
 * and a column is recognised as NFC exactly when it equals c2; every code
 * point that Part 1 does not list is its own NFC.
 */
static void test_nfc_conformance(void **state)
{
	uint32_t col[3][VEC_MAX], out[SM_UNICODE_EXPAND * VEC_MAX];
	static unsigned char listed[0x110000];
	char line[4096], *field[3], *p;
	size_t n[3], m, i, lines = 0;
	bool part1 = false, nfc;
	uint32_t cp;
	FILE *f;

	(void)state;
	f = fopen(SM_NFC_VECTORS, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
	{
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
		{
			continue;
		}
		if (line[0] == '@')
		{
			part1 = !strcmp(line, "@Part1");
			continue;
		}
		field[0] = line;
		p = strchr(line, ';');
		assert_non_null(p);
		*p++ = '\0';
		field[1] = p;
		p = strchr(p, ';');
		assert_non_null(p);
		*p++ = '\0';
		field[2] = p;
		for (i = 0; i < 3; i++)
		{
			n[i] = parse_cps(field[i], col[i], VEC_MAX);
		}
		if (part1)
		{
			listed[col[0][0]] = 1;
		}
		for (i = 0; i < 3; i++)
		{
			m = sm_unicode_nfc(col[i], n[i], out);
			if (!same(out, m, col[1], n[1]))
			{
				fail_msg("NFC of column %zu of '%s;%s;%s' is wrong", i + 1,
						 field[0], field[1], field[2]);
			}
			nfc = sm_unicode_is_nfc(col[i], n[i], out, NULL);
			if (nfc != same(col[i], n[i], col[1], n[1]))
			{
				fail_msg("column %zu of '%s;%s;%s' %s NFC", i + 1, field[0],
						 field[1], field[2],
						 nfc ? "taken for"
							 : "not taken "
							   "for");
			}
		}
		lines++;
	}
	fclose(f);
	assert_true(lines > 4000);
	for (cp = 0; cp < 0x110000; cp++)
	{
		if (listed[cp] || (cp >= 0xd800 && cp <= 0xdfff))
		{
			continue;
		}
		m = sm_unicode_nfc(&cp, 1, out);
		if (m != 1 || out[0] != cp || !sm_unicode_is_nfc(&cp, 1, out, NULL))
		{
			fail_msg("U+%04X is not its own NFC", (unsigned int)cp);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_table),
		cmocka_unit_test(test_password_table),
		cmocka_unit_test(test_identity_length),
		cmocka_unit_test(test_password_length),
		cmocka_unit_test(test_identity_messages),
		cmocka_unit_test(test_password_messages),
		cmocka_unit_test(test_unicode_classes),
		cmocka_unit_test(test_nfc_conformance),
	};

	return sm_run_tests(tests);
}
