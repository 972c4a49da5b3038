/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/base/json.c: layout, commas, escaping */
#include "config.h"

#include "sm_test.h"

#include "base/json.h"

#include <stdlib.h>

/** A writer into memory. */
typedef struct {
	FILE *f;
	char *buf;
	size_t len;
	sm_json_t j;
} mem_t;

static void mem_open(mem_t *m)
{
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	sm_json_init(&m->j, m->f);
}

/* what was written (must be freed) */
static char *mem_close(mem_t *m)
{
	fclose(m->f);
	return m->buf;
}

/* compact containers: ", " between members, no line breaks inside */
static void test_compact(void **state)
{
	mem_t m;
	char *out;

	(void)state;
	mem_open(&m);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "s");
	sm_json_str(&m.j, "x");
	sm_json_key(&m.j, "n");
	sm_json_uint(&m.j, 18446744073709551615ULL);
	sm_json_key(&m.j, "t");
	sm_json_bool(&m.j, true);
	sm_json_key(&m.j, "f");
	sm_json_bool(&m.j, false);
	sm_json_key(&m.j, "z");
	sm_json_null(&m.j);
	sm_json_key(&m.j, "none");
	sm_json_str(&m.j, NULL);
	sm_json_key(&m.j, "a");
	sm_json_array(&m.j, false);
	sm_json_uint(&m.j, 1);
	sm_json_array(&m.j, false);
	sm_json_end(&m.j);
	sm_json_object(&m.j, false);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	out = mem_close(&m);
	assert_string_equal(out, "{\"s\": \"x\", \"n\": 18446744073709551615, "
							 "\"t\": true, \"f\": false, \"z\": null, "
							 "\"none\": null, \"a\": [1, [], {}]}\n");
	free(out);
}

/* one member a line, indented one space a level; empty stays [] */
static void test_lines(void **state)
{
	mem_t m;
	char *out;

	(void)state;
	mem_open(&m);
	sm_json_object(&m.j, true);
	sm_json_key(&m.j, "changes");
	sm_json_array(&m.j, true);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "a");
	sm_json_uint(&m.j, 1);
	sm_json_end(&m.j);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "a");
	sm_json_uint(&m.j, 2);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	sm_json_key(&m.j, "empty");
	sm_json_array(&m.j, true);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	out = mem_close(&m);
	assert_string_equal(out, "{\n"
							 " \"changes\": [\n"
							 "  {\"a\": 1},\n"
							 "  {\"a\": 2}\n"
							 " ],\n"
							 " \"empty\": []\n"
							 "}\n");
	free(out);
}

/* a container written a member a line inside a compact one (diagnose
 * --json's attempts) is indented only by the containers written that
 * way; numbers may be negative */
static void test_lines_in_compact(void **state)
{
	mem_t m;
	char *out;

	(void)state;
	mem_open(&m);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "schema");
	sm_json_uint(&m.j, 1);
	sm_json_key(&m.j, "attempts");
	sm_json_array(&m.j, true);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "n");
	sm_json_int(&m.j, -5);
	sm_json_end(&m.j);
	sm_json_object(&m.j, false);
	sm_json_key(&m.j, "n");
	sm_json_int(&m.j, INT64_MIN);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	sm_json_key(&m.j, "none");
	sm_json_array(&m.j, true);
	sm_json_end(&m.j);
	sm_json_end(&m.j);
	out = mem_close(&m);
	assert_string_equal(out, "{\"schema\": 1, \"attempts\": [\n"
							 " {\"n\": -5},\n"
							 " {\"n\": -9223372036854775808}\n"
							 "], \"none\": []}\n");
	free(out);
}

/* a value on its own is a document too; the next one starts afresh */
static void test_scalar_documents(void **state)
{
	mem_t m;
	char *out;

	(void)state;
	mem_open(&m);
	sm_json_str(&m.j, "a");
	sm_json_uint(&m.j, 7);
	out = mem_close(&m);
	assert_string_equal(out, "\"a\"\n7\n");
	free(out);
}

/* escaping: quotes, backslashes, controls; bytes that are not UTF-8
 * become U+FFFD, valid UTF-8 stays as it is */
static void test_escape(void **state)
{
	mem_t m;
	char *out;

	(void)state;
	mem_open(&m);
	sm_json_array(&m.j, false);
	sm_json_str(&m.j, "q\"b\\n\nr\rt\t\x01\x1f\x7f");
	sm_json_str(&m.j, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	sm_json_str(&m.j, "\xff\xc3(\xed\xa0\x80");
	sm_json_end(&m.j);
	out = mem_close(&m);
	assert_string_equal(out,
						"[\"q\\\"b\\\\n\\nr\\rt\\t\\u0001\\u001f\\u007f\", "
						"\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", "
						"\"\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd\"]\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_lines_in_compact),
		cmocka_unit_test(test_scalar_documents),
		cmocka_unit_test(test_escape),
	};

	return sm_run_tests(tests);
}
