/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/model/yaml_reader.c: tree, positions, caps,
 * rejected YAML features, duplicate keys, libyaml errors (secrets:
 * test_yaml_secrets.c; fixture: yaml_fixture.c) */
#include "config.h"

#include "yaml_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void test_tree_and_positions(void **state)
{
	const sm_yaml_node_t *root, *v;

	(void)state;
	root = parse("version: 1\ngateway:\n  hostname: vpn.example.com\n"
				 "list: [a, 'b', \"c\"]\nempty:\nnull: ~\n");
	assert_non_null(root);
	assert_int_equal(sm_diag_size(diag), 0);
	assert_int_equal(root->kind, SM_YAML_MAPPING);
	assert_int_equal(root->map.n, 5);
	assert_string_equal(root->map.pairs[1].key, "gateway");
	assert_int_equal(root->map.pairs[1].key_pos.line, 2);
	assert_int_equal(root->map.pairs[1].key_pos.col, 1);
	assert_string_equal(root->map.pairs[1].key_pos.file, "t.yaml");

	v = value(value(root, "gateway"), "hostname");
	assert_int_equal(v->kind, SM_YAML_SCALAR);
	assert_string_equal(v->scalar.text, "vpn.example.com");
	assert_int_equal(v->pos.line, 3);
	assert_int_equal(v->pos.col, 13);
	assert_true(v->flags & SM_YAML_PLAIN);
	assert_false(v->flags & SM_YAML_NULL);

	v = value(root, "list");
	assert_int_equal(v->kind, SM_YAML_SEQUENCE);
	assert_int_equal(v->seq.n, 3);
	assert_int_equal(v->seq.items[1]->pos.col, 11);
	assert_false(v->seq.items[1]->flags & SM_YAML_PLAIN);
	assert_string_equal(v->seq.items[2]->scalar.text, "c");

	assert_true(value(root, "empty")->flags & SM_YAML_NULL);
	assert_true(value(root, "null")->flags & SM_YAML_NULL);
	assert_string_equal(sm_yaml_describe(value(root, "empty")),
						"an empty value");
	assert_string_equal(sm_yaml_describe(root), "a mapping");
}

static void test_utf8_columns_and_bom(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	/* columns count characters, not bytes; a BOM is not a character */
	root = parse("\xef\xbb\xbf"
				 "k\xc3\xa4y: \xc3\xa4\xc3\xa4 x\n");
	assert_non_null(root);
	assert_int_equal(root->map.pairs[0].key_pos.col, 1);
	assert_int_equal(root->map.pairs[0].value->pos.col, 6);
	/* the byte offset of "x" in the text is 5, its column 6 + 3 */
	assert_int_equal(sm_yaml_text_pos(root->map.pairs[0].value, 5).col, 9);
}

static void test_text_pos_only_for_plain_one_line(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	root = parse("a: abc-def\nb: 'abc-def'\n");
	assert_non_null(root);
	assert_int_equal(sm_yaml_text_pos(value(root, "a"), 4).col, 8);
	/* quoted: the text may differ from the source, keep the node's column */
	assert_int_equal(sm_yaml_text_pos(value(root, "b"), 4).col, 4);
}

static void test_duplicate_keys(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	root = parse("a: 1\nb: 2\na: 3\n");
	assert_non_null(root);
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 1);
	assert_string_equal(msg(0), "3:1: duplicate key 'a' (first given on line "
								"1)");
	/* the first one wins, the duplicate is left out */
	assert_int_equal(root->map.n, 2);
	assert_string_equal(value(root, "a")->scalar.text, "1");
}

static void test_duplicate_keys_large_mapping(void **state)
{
	char text[8192];
	size_t i, len = 0;
	const sm_yaml_node_t *root;

	(void)state;
	/* more keys than the pairwise check handles: the hash table path */
	for (i = 0; i < 300; i++)
	{
		len += (size_t)snprintf(text + len, sizeof(text) - len, "k%zu: %zu\n",
								i, i);
	}
	len += (size_t)snprintf(text + len, sizeof(text) - len,
							"k17: again\n"
							"k299: again\n");
	root = parse_len(text, len);
	assert_non_null(root);
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 2);
	assert_string_equal(msg(0), "301:1: duplicate key 'k17' (first given on "
								"line 18)");
	assert_string_equal(msg(1), "302:1: duplicate key 'k299' (first given on "
								"line 300)");
	assert_int_equal(root->map.n, 300);
}

static void test_anchor_alias_tag(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	root = parse("a: &x [1]\nb: *x\nc: !!str 5\nd: !local 6\n");
	assert_non_null(root);
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 4);
	assert_string_equal(msg(0), "1:4: anchors ('&x') are not supported; write "
								"the value out in full");
	assert_string_equal(msg(1), "2:4: aliases ('*x') are not supported; write "
								"the value out in full");
	assert_string_equal(msg(2), "3:4: tags ('!!str') are not supported; "
								"remove the tag");
	assert_string_equal(msg(3), "4:4: tags ('!local') are not supported; "
								"remove the tag");
	assert_true(value(root, "b")->flags & SM_YAML_INVALID);
}

static void nested(char *buf, size_t depth)
{
	memset(buf, '[', depth);
	memset(buf + depth, ']', depth);
	buf[2 * depth] = '\0';
}

static void test_depth_cap(void **state)
{
	char buf[2 * SM_YAML_MAX_DEPTH + 3];

	(void)state;
	nested(buf, SM_YAML_MAX_DEPTH);
	assert_non_null(parse(buf));
	nested(buf, SM_YAML_MAX_DEPTH + 1);
	assert_null(parse(buf));
	assert_string_equal(msg(0), "1:65: lists and mappings are nested deeper "
								"than 64 levels");
}

static void test_depth_cap_is_fast(void **state)
{
	size_t n = 2000000;
	char *buf = malloc(2 * n);
	clock_t start;

	(void)state;
	assert_non_null(buf);
	memset(buf, '[', n);
	memset(buf + n, ']', n);
	start = clock();
	assert_null(parse_len(buf, 2 * n));
	/* libyaml alone needs minutes for this; the cap stops it at once */
	assert_true(clock() - start < CLOCKS_PER_SEC);
	free(buf);
}

static void test_size_cap(void **state)
{
	size_t len = SM_YAML_MAX_SIZE + 1;
	char *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	memset(buf, '#', len);
	assert_null(parse_len(buf, len));
	assert_string_equal(msg(0), "0:0: the file is larger than 64 MiB");
	free(buf);
}

static void test_empty_and_multi_document(void **state)
{
	(void)state;
	assert_null(parse(""));
	assert_string_equal(msg(0), "0:0: empty file, expected a mapping with "
								"'version: 1'");
	assert_null(parse("# only a comment\n\n"));
	assert_string_equal(msg(0), "0:0: empty file, expected a mapping with "
								"'version: 1'");
	assert_null(parse("---\n"));
	assert_string_equal(msg(0), "1:4: empty document, expected a mapping with "
								"'version: 1'");
	assert_null(parse("a: 1\n---\nb: 2\n"));
	assert_string_equal(msg(0), "2:1: a second YAML document starts here; the "
								"file must hold exactly one");
	/* an explicit start and end of one document is fine */
	assert_non_null(parse("---\na: 1\n...\n"));
}

static void test_syntax_errors(void **state)
{
	(void)state;
	assert_null(parse("a: [1, 2\n"));
	assert_string_equal(msg(0),
						"1:9: invalid YAML: did not find expected ',' "
						"or ']' (while parsing a flow sequence that started at "
						"line 1, column 4)");
	assert_null(parse("a:\n  b: 1\n c: 2\n"));
	assert_string_equal(msg(0),
						"3:2: invalid YAML: did not find expected key "
						"(while parsing a block mapping that started at line "
						"1, column 1)");
	assert_null(parse("a:\n\tb: 1\n"));
	assert_string_equal(msg(0),
						"2:1: invalid YAML: found a tab character "
						"where a token or indentation was expected; indent "
						"with spaces, YAML does not allow tabs");
	assert_null(parse("a: b\n\xff: c\n"));
	assert_string_equal(msg(0), "2:1: invalid YAML: invalid leading UTF-8 "
								"octet (byte 0xFF); the file must be UTF-8");
	assert_null(parse_len("a: \0\n", 5));
	assert_string_equal(msg(0), "1:4: invalid YAML: control characters are not "
								"allowed (U+0000)");
}

static void test_bad_keys(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	root = parse("? [a]\n: 1\n? \n: 2\nok: 3\n");
	assert_non_null(root);
	assert_int_equal(sm_diag_count(diag, SM_ERROR), 2);
	assert_string_equal(msg(0), "1:3: a mapping key must be a string, not a "
								"list");
	assert_int_equal(root->map.n, 1);
	assert_string_equal(root->map.pairs[0].key, "ok");
}

static void test_source_registered(void **state)
{
	FILE *f;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(parse("a: 1\na: 2\n"));
	f = open_memstream(&out, &len);
	assert_non_null(f);
	sm_diag_print(diag, f);
	fclose(f);
	assert_string_equal(out,
						"t.yaml:2:1: error: duplicate key 'a' (first "
						"given on line 1)\n  a: 2\n  ^\n1 error, 0 warnings\n");
	free(out);
}

static void test_syntax_error_columns_count_characters(void **state)
{
	/* 2-, 3- and 4-byte characters before the error, on its line */
	static const char chars[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	char text[128], *out;

	(void)state;
	/* a scanner error: libyaml's mark */
	snprintf(text, sizeof(text), "a: 1\nb: \"%s%s\\q\"\n", chars, chars);
	assert_null(parse(text));
	assert_string_equal(msg(0), "2:11: invalid YAML: found unknown escape "
								"character (while parsing a quoted scalar that "
								"started at line 2, column 4)");
	/* the caret under the backslash: one space per character, two for
	 * the wide emoji */
	out = printed();
	assert_non_null(strstr(out, "\n  b: \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
								"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\q\"\n"
								"      "
								"    "
								"    "
								"^\n"));
	free(out);
	/* a reader error: a byte offset turned into a column */
	snprintf(text, sizeof(text), "a: 1\nb: %s%s\x01\n", chars, chars);
	assert_null(parse(text));
	assert_string_equal(msg(0), "2:10: invalid YAML: control characters are "
								"not allowed (U+0001)");
	out = printed();
	assert_non_null(strstr(out, "\n  b: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
								"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80?\n"
								"     "
								"    "
								"    "
								"^\n"));
	free(out);
	/* bad UTF-8 after good: the sequence's first byte */
	snprintf(text, sizeof(text), "a: 1\nb: %s\xe2\x82x\n", chars);
	assert_null(parse(text));
	assert_string_equal(msg(0), "2:7: invalid YAML: invalid trailing UTF-8 "
								"octet (byte 0xE2); the file must be UTF-8");
	/* a position libyaml marks after such characters */
	snprintf(text, sizeof(text), "%s: 1\n%s: [%s, 2\n", chars, chars, chars);
	assert_null(parse(text));
	assert_string_equal(msg(0),
						"2:13: invalid YAML: did not find expected "
						"',' or ']' (while parsing a flow sequence that "
						"started at line 2, column 6)");
}

static void test_lines_as_quoted(void **state)
{
	const sm_yaml_node_t *root;

	(void)state;
	/* NEL, LS, PS and a lone CR in a quoted value break lines for YAML,
	 * not for the quoted source lines: positions count lines as '\n' ends
	 * them */
	root = parse("a: \"x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9w\rv\"\n"
				 "b: 1\n"
				 "c: 2\n"
				 "b: 3\n");
	assert_non_null(root);
	assert_string_equal(msg(0), "4:1: duplicate key 'b' (first given on line "
								"2)");
	assert_int_equal(root->map.pairs[2].key_pos.line, 3);
	assert_int_equal(root->map.pairs[2].value->pos.col, 4);
	/* and so do errors */
	assert_null(parse("a: \"\xe2\x80\xa8\"\nb: [1,\n"));
	assert_string_equal(msg(0), "2:7: invalid YAML: did not find expected "
								"node content (while parsing a flow node)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_tree_and_positions, teardown),
		cmocka_unit_test_teardown(test_utf8_columns_and_bom, teardown),
		cmocka_unit_test_teardown(test_text_pos_only_for_plain_one_line,
								  teardown),
		cmocka_unit_test_teardown(test_duplicate_keys, teardown),
		cmocka_unit_test_teardown(test_duplicate_keys_large_mapping, teardown),
		cmocka_unit_test_teardown(test_anchor_alias_tag, teardown),
		cmocka_unit_test_teardown(test_depth_cap, teardown),
		cmocka_unit_test_teardown(test_depth_cap_is_fast, teardown),
		cmocka_unit_test_teardown(test_size_cap, teardown),
		cmocka_unit_test_teardown(test_empty_and_multi_document, teardown),
		cmocka_unit_test_teardown(test_syntax_errors, teardown),
		cmocka_unit_test_teardown(test_bad_keys, teardown),
		cmocka_unit_test_teardown(test_source_registered, teardown),
		cmocka_unit_test_teardown(test_syntax_error_columns_count_characters,
								  teardown),
		cmocka_unit_test_teardown(test_lines_as_quoted, teardown),
	};

	return sm_run_tests(tests);
}
