/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for the secrets in YAML: generator/model/yaml_redact.c hides
 * their values in quoted text, yaml_reader.c flags them, and no
 * diagnostic of a load shows them, however broken the file around them
 * (the reader: test_yaml.c; fixture: yaml_fixture.c) */
#include "config.h"

#include "yaml_fixture.h"

#include "model/load.h"
#include "model/yaml_redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		cmocka_unit_test(test_redact_text),
		cmocka_unit_test_teardown(test_secret_values_never_printed, teardown),
		cmocka_unit_test_teardown(test_secrets_survive_broken_files, teardown),
	};

	return sm_run_tests(tests);
}
