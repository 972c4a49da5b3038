/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/users/csv.c (the RFC 4180 reader: fields, quoting,
 * line numbers, every syntax error) and the CSV side of
 * generator/users/user_import.c (columns, the enabled column, the identity
 * and password rules, where errors are)
 */
#include "config.h"

#include "sm_test.h"

#include "users/csv.h"
#include "users/user_import.h"

#include <stdlib.h>
#include <string.h>

/* read every record of text; returns the result of the last sm_csv_next() */
typedef struct {
	size_t records;
	/* fields of the records, joined: "a|b;c|d;" */
	char joined[512];
	/* the line each record started on */
	size_t lines[16];
} read_t;

static int read_all(const char *text, size_t len, read_t *r, sm_csv_t **out)
{
	sm_csv_t *csv = sm_csv_create(text, len);
	char **fields;
	size_t n, i, used = 0;
	int ret;

	assert_non_null(csv);
	memset(r, 0, sizeof(*r));
	while ((ret = sm_csv_next(csv, &fields, &n)) > 0)
	{
		assert_true(n >= 1);
		if (r->records < countof(r->lines))
		{
			r->lines[r->records] = sm_csv_line(csv);
		}
		r->records++;
		for (i = 0; i < n; i++)
		{
			used += (size_t)snprintf(r->joined + used, sizeof(r->joined) - used,
									 "%s%s", fields[i], i + 1 < n ? "|" : ";");
		}
	}
	if (out)
	{
		*out = csv;
	}
	else
	{
		sm_csv_destroy(csv);
	}
	return ret;
}

static void test_fields_and_quoting(void **state)
{
	static const char text[] = "identity,password\n"
							   "alice,\"pa,ss\"\"word\"\n"
							   "bob,,x\n"
							   "\"\",\"\"\n"
							   "carol,trailing,\n"
							   "last,no newline";
	read_t r;

	(void)state;
	assert_int_equal(read_all(text, strlen(text), &r, NULL), 0);
	assert_int_equal(r.records, 6);
	assert_string_equal(r.joined, "identity|password;alice|pa,ss\"word;"
								  "bob||x;|;carol|trailing|;last|no newline;");
}

static void test_crlf_and_blank_lines(void **state)
{
	static const char text[] = "\r\n\na,b\r\n\r\n\nc,d\r\ne\n\n";
	read_t r;

	(void)state;
	assert_int_equal(read_all(text, strlen(text), &r, NULL), 0);
	assert_int_equal(r.records, 3);
	assert_string_equal(r.joined, "a|b;c|d;e;");
	/* blank lines count, records start where their first field is */
	assert_int_equal(r.lines[0], 3);
	assert_int_equal(r.lines[1], 6);
	assert_int_equal(r.lines[2], 7);
}

/* a quoted field may hold line breaks; the lines after it keep counting */
static void test_multiline_field_lines(void **state)
{
	static const char text[] = "identity,note\n"
							   "alice,\"one\ntwo\r\nthree\"\n"
							   "bob,x\n"
							   "\"carol\n\",\"\n\n\"\n"
							   "dave,y\n";
	read_t r;

	(void)state;
	assert_int_equal(read_all(text, strlen(text), &r, NULL), 0);
	assert_int_equal(r.records, 5);
	assert_string_equal(r.joined, "identity|note;alice|one\ntwo\r\nthree;"
								  "bob|x;carol\n|\n\n;dave|y;");
	assert_int_equal(r.lines[0], 1);
	assert_int_equal(r.lines[1], 2);
	assert_int_equal(r.lines[2], 5);
	assert_int_equal(r.lines[3], 6);
	assert_int_equal(r.lines[4], 10);
}

static const struct {
	const char *name;
	const char *text;
	size_t len;
	const char *err;
	/* the line of the record that failed */
	size_t line;
} syntax_cases[] = {
	{"unterminated quote", "a,b\n\"x\ny\n", 0, "unterminated quoted field", 2},
	{"quote inside an unquoted field", "a,b\nx,y\"z\n", 0,
	 "quote inside an unquoted field (quote the whole field)", 2},
	{"bare CR", "a,b\nx\ry,z\n", 0, "carriage return inside a field", 2},
	{"NUL unquoted", "a,b\nx\0y,z\n", 9, "NUL byte in the input", 2},
	{"NUL quoted", "a,b\n\"x\0y\",z\n", 11, "NUL byte in the input", 2},
	{"text after a closing quote", "a\n\"x\"y\n", 0,
	 "unexpected character after a closing quote", 2},
	{"error after a multi-line field", "a\n\"1\n2\"\n\"3\"x\n", 0,
	 "unexpected character after a closing quote", 4},
};

static void test_syntax_errors(void **state)
{
	sm_csv_t *csv;
	char **fields;
	size_t i, n;
	read_t r;

	(void)state;
	for (i = 0; i < countof(syntax_cases); i++)
	{
		const char *t = syntax_cases[i].text;
		size_t len = syntax_cases[i].len ? syntax_cases[i].len : strlen(t);

		if (read_all(t, len, &r, &csv) != -1)
		{
			fail_msg("%s: no error", syntax_cases[i].name);
		}
		assert_string_equal(sm_csv_error(csv), syntax_cases[i].err);
		if (sm_csv_line(csv) != syntax_cases[i].line)
		{
			fail_msg("%s: error on line %zu, expected %zu",
					 syntax_cases[i].name, sm_csv_line(csv),
					 syntax_cases[i].line);
		}
		/* reading stops at an error */
		assert_int_equal(sm_csv_next(csv, &fields, &n), -1);
		sm_csv_destroy(csv);
	}
}

static void test_limits(void **state)
{
	char *text;
	sm_csv_t *csv;
	size_t i, len;
	read_t r;

	(void)state;
	/* 64 fields are fine, 65 are too many */
	text = calloc(1, 1024);
	assert_non_null(text);
	for (i = 0; i < SM_CSV_MAX_FIELDS - 1; i++)
	{
		strcat(text, "x,");
	}
	strcat(text, "x\n");
	assert_int_equal(read_all(text, strlen(text), &r, NULL), 0);
	assert_int_equal(r.records, 1);
	memcpy(text + strlen(text) - 1, ",x\n", 4);
	assert_int_equal(read_all(text, strlen(text), &r, &csv), -1);
	assert_string_equal(sm_csv_error(csv), "too many fields");
	sm_csv_destroy(csv);
	free(text);

	/* a record of SM_CSV_MAX_RECORD bytes of field text, then one more */
	len = SM_CSV_MAX_RECORD + 1;
	text = malloc(len + 1);
	assert_non_null(text);
	memset(text, 'y', len);
	assert_int_equal(read_all(text, len - 1, &r, NULL), 0);
	assert_int_equal(r.records, 1);
	assert_int_equal(read_all(text, len, &r, &csv), -1);
	assert_string_equal(sm_csv_error(csv), "record too long");
	sm_csv_destroy(csv);
	text[0] = '"';
	text[len - 1] = '"';
	assert_int_equal(read_all(text, len, &r, &csv), 0);
	sm_csv_destroy(csv);
	free(text);

	/* nothing at all */
	assert_int_equal(read_all("", 0, &r, NULL), 0);
	assert_int_equal(r.records, 0);
	assert_int_equal(read_all("\n\r\n", 3, &r, NULL), 0);
	assert_int_equal(r.records, 0);
}

/* ---- sm_import_csv ------------------------------------------------------- */

typedef struct {
	sm_nthash_ctx_t *nthash;
} import_fixture_t;

static int import_setup(void **state)
{
	import_fixture_t *f = calloc(1, sizeof(*f));
	char err[256];

	if (!f)
	{
		return -1;
	}
	f->nthash = sm_nthash_ctx_create(err, sizeof(err));
	if (!f->nthash)
	{
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int import_teardown(void **state)
{
	import_fixture_t *f = *state;

	sm_nthash_ctx_destroy(f->nthash);
	free(f);
	return 0;
}

/* import text; returns the users yielded, the last result in *ret */
static size_t import(import_fixture_t *f, const char *text, sm_user_t *users,
					 size_t max, int *ret, char *err, size_t errlen)
{
	sm_import_t *imp;
	sm_user_t user;
	size_t n = 0;

	imp = sm_import_csv("t.csv", text, strlen(text), f->nthash);
	assert_non_null(imp);
	for (;;)
	{
		sm_user_init(&user);
		*ret = sm_import_next(imp, &user);
		if (*ret <= 0)
		{
			break;
		}
		if (n < max)
		{
			users[n] = user;
		}
		n++;
	}
	snprintf(err, errlen, "%s", *ret < 0 ? sm_import_error(imp) : "");
	sm_import_destroy(imp);
	return n;
}

static void test_import_enabled(void **state)
{
	sm_user_t users[4];
	char err[800];
	int ret;

	assert_int_equal(import(*state,
							"identity,password,enabled\n"
							"a,pw,\nb,pw,false\nc,pw,true\n",
							users, 4, &ret, err, sizeof(err)),
					 3);
	assert_int_equal(ret, 0);
	/* empty is the default, enabled */
	assert_true(users[0].enabled);
	assert_false(users[1].enabled);
	assert_true(users[2].enabled);
	assert_int_equal(import(*state, "identity,password,enabled\na,pw,no\n",
							users, 4, &ret, err, sizeof(err)),
					 0);
	assert_int_equal(ret, -1);
	assert_string_equal(err, "t.csv:2: enabled must be true or false, not "
							 "'no'");
}

static void test_import_rules(void **state)
{
	sm_user_t users[4];
	char err[800];
	int ret;

	/* the identity rule, with the line of the record after a blank line
	 * and a multi-line quoted field */
	assert_int_equal(import(*state,
							"identity,password\n\n\"ok\",\"a\"\n"
							"\"x\ny\",pw\n",
							users, 4, &ret, err, sizeof(err)),
					 1);
	assert_int_equal(ret, -1);
	assert_string_equal(err, "t.csv:4: identity contains the control "
							 "character U+000A (character 2); use printable "
							 "characters only");
	assert_int_equal(import(*state, "identity,password\n%any,pw\n", users, 4,
							&ret, err, sizeof(err)),
					 0);
	assert_string_equal(err, "t.csv:2: identity '%any' stands for any "
							 "identity in strongSwan and would match every "
							 "user name; give each user's own name");
	/* the password rule, never quoting the password */
	assert_int_equal(import(*state,
							"password,identity\n"
							"s3cr\xe2\x80\x8bt,bob\n",
							users, 4, &ret, err, sizeof(err)),
					 0);
	assert_null(strstr(err, "s3cr"));
	assert_string_equal(err, "t.csv:2: password contains an invisible "
							 "formatting character or a line separator "
							 "(character 5), such as a bidi control or a "
							 "zero-width space; remove it");
	assert_int_equal(import(*state, "identity,password\nbob,\n", users, 4, &ret,
							err, sizeof(err)),
					 0);
	assert_string_equal(err, "t.csv:2: password is empty");
	/* columns */
	assert_int_equal(import(*state, "identity,password,nt_hash\n", users, 4,
							&ret, err, sizeof(err)),
					 0);
	assert_string_equal(err, "t.csv:1: need either a 'password' or an "
							 "'nt_hash' column");
	assert_int_equal(import(*state, "identity,password\nbob\n", users, 4, &ret,
							err, sizeof(err)),
					 0);
	assert_string_equal(err, "t.csv:2: 1 fields, the header has 2");
	assert_int_equal(import(*state,
							"\xef\xbb\xbfidentity,nt_hash\n"
							"bob,44EBBA8D5312B8D611474411F56989AE\n",
							users, 4, &ret, err, sizeof(err)),
					 1);
	assert_int_equal(ret, 0);
	assert_string_equal(users[0].identity, "bob");
	assert_int_equal(users[0].nt_hash[0], 0x44);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_quoting),
		cmocka_unit_test(test_crlf_and_blank_lines),
		cmocka_unit_test(test_multiline_field_lines),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test_setup_teardown(test_import_enabled, import_setup,
										import_teardown),
		cmocka_unit_test_setup_teardown(test_import_rules, import_setup,
										import_teardown),
	};

	return sm_run_tests(tests);
}
