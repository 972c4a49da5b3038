/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/yaml_reader.c: tree, positions, caps, rejected
 * YAML features, duplicate keys, libyaml errors */
#include "config.h"

#include "sm_test.h"

#include "model/load.h"
#include "model/yaml_reader.h"
#include "model/yaml_redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the parse of the current test, freed by teardown */
static sm_diag_t *diag;
static sm_yaml_doc_t *doc;

static int teardown(void **state)
{
	(void)state;
	sm_yaml_destroy(doc);
	sm_diag_destroy(diag);
	doc = NULL;
	diag = NULL;
	return 0;
}

static const sm_yaml_node_t *parse_len(const char *text, size_t len)
{
	sm_yaml_destroy(doc);
	sm_diag_destroy(diag);
	diag = sm_diag_create();
	assert_non_null(diag);
	doc = sm_yaml_parse("t.yaml", text, len, diag);
	return doc ? sm_yaml_root(doc) : NULL;
}

static const sm_yaml_node_t *parse(const char *text)
{
	return parse_len(text, strlen(text));
}

/* the i-th diagnostic as "LINE:COL: MESSAGE" */
static const char *msg(size_t i)
{
	static char buf[1024];
	sm_diag_entry_t e;

	assert_true(sm_diag_get(diag, i, &e));
	snprintf(buf, sizeof(buf), "%u:%u: %s", e.pos.line, e.pos.col, e.message);
	return buf;
}

static const sm_yaml_node_t *value(const sm_yaml_node_t *map, const char *key)
{
	size_t i;

	assert_int_equal(map->kind, SM_YAML_MAPPING);
	for (i = 0; i < map->map.n; i++)
	{
		if (!strcmp(map->map.pairs[i].key, key))
		{
			return map->map.pairs[i].value;
		}
	}
	fail_msg("no key '%s'", key);
	return NULL;
}

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

/* the stderr of a parse: what sm_diag_print() writes (must be freed) */
static char *printed(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	sm_diag_print(diag, f);
	fclose(f);
	return out;
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

/* sm_yaml_redact() on text, each hidden range replaced by '*' */
static char masked_text[4096];
static size_t masked_len, masked_from;
static const char *masked_src;

static void mask_range(void *ctx, size_t start, size_t end)
{
	(void)ctx;
	/* in increasing order, without overlaps */
	assert_true(start >= masked_from && end > start);
	memcpy(masked_text + masked_len, masked_src + masked_from,
		   start - masked_from);
	masked_len += start - masked_from;
	masked_text[masked_len++] = '*';
	masked_from = end;
}

static const char *masked(const char *text)
{
	masked_src = text;
	masked_len = masked_from = 0;
	sm_yaml_redact(text, strlen(text), mask_range, NULL);
	strcpy(masked_text + masked_len, text + masked_from);
	return masked_text;
}

static void test_redact_text(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		/* plain, quoted, with a comment, properties */
		{"password: hunter2\nnext: 1\n", "password: *\nnext: 1\n"},
		{"password: 'it''s' # c\n", "password: *\n"},
		{"password: \"a\\\"b\"\n", "password: *\n"},
		{"password: &a !!str x\n", "password: *\n"},
		{"  - nt_hash: 8846f7eaee8fb117ad06bdd830b7586c\r\n",
		 "  - nt_hash: *\r\n"},
		/* misspelt, other case, quoted keys, '=' */
		{"pasword: x\nPASSWORD: y\nNt-Hsah: z\n",
		 "pasword: *\nPASSWORD: *\nNt-Hsah: *\n"},
		{"\"password\": x\n'nt_hash' : y\n",
		 "\"password\": *\n'nt_hash' : *\n"},
		{"- password=hunter2\n", "- password=*\n"},
		/* flow: up to the next ',', ']' or '}', quotes and brackets kept
		 * together */
		{"- {identity: a, password: x y, enabled: maybe}\n",
		 "- {identity: a, password: *, enabled: maybe}\n"},
		{"- {password: \"a,b}\", x: 1}\n", "- {password: *, x: 1}\n"},
		/* ',' and brackets that should have been quoted: no pair follows */
		{"- {password: a,b, c]d, x: 1}\n", "- {password: *, x: 1}\n"},
		{"- {password: a]b}\n", "- {password: *}\n"},
		{"- {a: 1, password: b, }\n", "- {a: 1, password: *, }\n"},
		{"{\"password\":\"x\",\"identity\":\"a\"}\n",
		 "{\"password\":*,\"identity\":\"a\"}\n"},
		{"- {password: [a, {b: c}], x: 1}\n", "- {password: *, x: 1}\n"},
		{"- {password:\n   x, y: 1}\n", "- {password:\n   *, y: 1}\n"},
		{"- {password:]x, y: 1}\n", "- {password:*\n"},
		/* block: the rest of the line, and the lines deeper than the key */
		{"password:\n  hunter2\n  more\n\n  last\nnext: 1\n",
		 "password:\n *\n *\n\n *\nnext: 1\n"},
		{"  password: |\n    a\n     b\n  x: 1\n",
		 "  password: *\n   *\n   *\n  x: 1\n"},
		{"password:\n- a\n- b\nnext: 1\n", "password:\n*\n*\nnext: 1\n"},
		{"password: x\n- a\n", "password: *\n- a\n"},
		{"password: x\n\tb\n", "password: *\n*\n"},
		{"password: [a, \"b]\",\n  c]\nnext: 1\n",
		 "password: *\n *\nnext: 1\n"},
		{"  password: \"a\n   b\" x\n  y: 1\n",
		 "  password: *\n   *\n  y: 1\n"},
		/* unterminated: to the end */
		{"password: \"abc\nx: 1\n  y: 2\n", "password: *\n*\n *\n"},
		{"password: 'a\n", "password: *\n"},
		/* a key without its ':' where a key starts */
		{"    password hunter2\n", "    password *\n"},
		{"- {identity: a, password hunter2}\n",
		 "- {identity: a, password *}\n"},
		{"password\x01hunter2\n", "password*\n"},
		/* in comments and quoted text: err on the side of hiding */
		{"# password: x\n", "# password: *\n"},
		{"banner: \"Your password: here\"\n", "banner: \"Your password: *\n"},
		{"banner: \"x\n  password: y\n", "banner: \"x\n  password: *\n"},
		/* not secrets */
		{"save_password: yes\n", "save_password: yes\n"},
		{"x: password hunter2\n", "x: password hunter2\n"},
		{"identity: passerby@example.com\n",
		 "identity: passerby@example.com\n"},
		{"- [password, x]\n", "- [password, x]\n"},
		{"- [x, password]\n", "- [x, password]\n"},
		{"a: 1\npassword:\n", "a: 1\npassword:\n"},
		{"keyword: x\n", "keyword: x\n"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		if (strcmp(masked(cases[i].text), cases[i].want))
		{
			fail_msg("case %zu: '%s' became '%s', expected '%s'", i,
					 cases[i].text, masked_text, cases[i].want);
		}
	}
}

static void test_secret_values_never_printed(void **state)
{
	static const char *const texts[] = {
		/* what only the parser knows: an explicit key, an escaped one (the
		 * tag is an error on the value's line) */
		"? password\n: !!str QXJQXJ\n",
		"? \"pass\\x77ord\"\n: !!str QXJQXJ\n",
		"? nt_hash\n: [QXJQXJ, !!str QXJQXJ]\n",
		/* a value that fails later, a nested one */
		"a:\n  password:\n    deep: [QXJQXJ, QXJQXJ]\n  password: QXJQXJ\n",
		/* the error after the secret's key, inside its value */
		"a:\n  password: [QXJQXJ, {b: QXJQXJ\n",
		"a:\n  password: \"QXJQXJ\\q\"\n",
		"a:\n  password: !!str QXJQXJ\n",
	};
	const sm_yaml_node_t *root;
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < countof(texts); i++)
	{
		parse(texts[i]);
		assert_true(sm_diag_size(diag) > 0);
		out = printed();
		if (strstr(out, "QX") || strstr(out, "XJ"))
		{
			fail_msg("case %zu shows a secret:\n%s", i, out);
		}
		free(out);
	}
	/* values of secrets are flagged, and everything inside them */
	root = parse("a:\n  password: [x, {y: z}]\n  nt_hash: h\n  other: o\n"
				 "  pasword: p\n");
	assert_non_null(root);
	root = value(root, "a");
	assert_true(value(root, "password")->flags & SM_YAML_SECRET);
	assert_true(value(root, "password")->seq.items[0]->flags & SM_YAML_SECRET);
	assert_true(value(value(root, "password")->seq.items[1], "y")->flags &
				SM_YAML_SECRET);
	assert_true(value(root, "nt_hash")->flags & SM_YAML_SECRET);
	assert_true(value(root, "pasword")->flags & SM_YAML_SECRET);
	assert_false(value(root, "other")->flags & SM_YAML_SECRET);
}

/*
 * Whether printed diagnostics show a part of the secret "QXJQXJ": in a
 * quoted line, or with messages, in a message too (a ',' breaking a value
 * in a flow mapping, or a '#' making its key a comment, turn what is left
 * of it into a key of its own, which messages quote).
 */
static bool leaks(const char *out, bool messages)
{
	const char *line, *end;

	for (line = out; *line; line = end + 1)
	{
		end = strchr(line, '\n');
		if (!end)
		{
			end = line + strlen(line);
		}
		if ((messages || !strncmp(line, "  ", 2)) &&
			(memmem(line, (size_t)(end - line), "QX", 2) ||
			 memmem(line, (size_t)(end - line), "XJ", 2) ||
			 memmem(line, (size_t)(end - line), "JQ", 2)))
		{
			return true;
		}
		if (!*end)
		{
			break;
		}
	}
	return false;
}

/* whether only spaces are before i on its line */
static bool in_indentation(const char *text, size_t i)
{
	while (i > 0 && text[i - 1] == ' ')
	{
		i--;
	}
	return !i || text[i - 1] == '\n';
}

/* whether the line holding i holds a part of the secret "QXJ" */
static bool on_secret_line(const char *text, size_t len, size_t i)
{
	size_t a = i, b = i;

	while (a > 0 && text[a - 1] != '\n')
	{
		a--;
	}
	while (b < len && text[b] != '\n')
	{
		b++;
	}
	return memchr(text + a, 'Q', b - a) || memchr(text + a, 'X', b - a) ||
		   memchr(text + a, 'J', b - a);
}

/*
 * Whatever goes wrong around a secret, its value never shows: every byte
 * of some descriptions (but the secret key's name and its ':') is replaced
 * in turn by characters that break YAML, and the diagnostics of the whole
 * load (syntax, schema, validation) are printed.
 */
static void test_secrets_survive_broken_files(void **state)
{
	static const char head[] =
		"version: 1\ngateway:\n  hostname: vpn.example.com\nmobile:\n"
		"  pool: 10.3.200.0/24\nchildren:\n  - name: lan\n"
		"    local_networks: [10.3.0.0/24]\nusers:\n  accounts:\n";
	static const char *const bodies[] = {
		"    - identity: alice\n      password: QXJQXJ\n      enabled: 1\n",
		"    - identity: alice\n      password: \"QXJ QXJ\"\n"
		"    - identity: bob\n      nt_hash: QXJQXJ\n",
		"    - {identity: alice, password: QXJQXJ, enabled: maybe}\n",
		"    - identity: alice\n      password: |\n        QXJQXJ\n"
		"        QXJQXJ\n      enabled: 1\n",
		"    - identity: alice\n      password: 'QXJ\n        QXJ'\n",
		"    - {identity: alice,\n       password: \"QXJ QXJ\", enabled: 1}\n",
		"    - identity: alice\n      nt_hash: QXJQXJ # QXJ\n"
		"      password: QXJQXJ\n",
	};
	static const char breakers[] = "\"'\t\x01[]{}:#|\xff\n-,&";
	static const char *const keys[] = {"password:", "nt_hash:"};
	char text[1024], *p;
	bool skip[1024];
	sm_model_t *model;
	size_t b, i, k, len;
	char *out;

	(void)state;
	for (b = 0; b < countof(bodies); b++)
	{
		len = (size_t)snprintf(text, sizeof(text), "%s%s", head, bodies[b]);
		/* a secret's key and its ':' stay: broken, nothing tells it */
		memset(skip, 0, sizeof(skip));
		for (k = 0; k < countof(keys); k++)
		{
			for (p = text; (p = strstr(p, keys[k])); p++)
			{
				memset(skip + (p - text), 1, strlen(keys[k]));
			}
		}
		for (i = 0; i < len; i++)
		{
			if (skip[i])
			{
				continue;
			}
			for (k = 0; k < sizeof(breakers) - 1; k++)
			{
				char c = text[i];

				/* a line break inside the secret puts its rest on a line
				 * of its own, at the start: no longer its value */
				if (breakers[k] == '\n' && on_secret_line(text, len, i))
				{
					continue;
				}
				/* nor is what a list item in the indentation holds */
				if (breakers[k] == '-' && in_indentation(text, i))
				{
					continue;
				}

				text[i] = breakers[k];
				sm_diag_destroy(diag);
				diag = sm_diag_create();
				model = sm_load_buffer("t.yaml", text, len, diag);
				sm_model_destroy(model);
				out = printed();
				if (leaks(out, !strchr(",#", breakers[k])))
				{
					fail_msg("byte %zu as 0x%02x shows a secret:\n%s\n%s", i,
							 (unsigned char)breakers[k], text, out);
				}
				free(out);
				text[i] = c;
			}
		}
	}
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
		cmocka_unit_test(test_redact_text),
		cmocka_unit_test_teardown(test_secret_values_never_printed, teardown),
		cmocka_unit_test_teardown(test_secrets_survive_broken_files, teardown),
	};

	return sm_run_tests(tests);
}
