/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/render/template.c: sections, lists, errors, and
 * every value escaped for where it lands in strongSwan's settings syntax;
 * and the list of rendered files (render/emit.c) */
#include "config.h"

#include "sm_test.h"

#include "render/emit.h"
#include "render/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* render tmpl with vars; returns the output (must be freed) or NULL */
static char *run(const char *tmpl, const sm_tvars_t *vars, sm_diag_t *diag)
{
	char *out = NULL;

	if (!sm_template_render(tmpl, strlen(tmpl), "t.tmpl", SM_SYNTAX_SETTINGS,
							vars, &out, NULL, diag))
	{
		return NULL;
	}
	return out;
}

static void test_values_and_lists(void **state)
{
	sm_tvars_t *v = sm_tvars_create(), *item;
	sm_diag_t *d = sm_diag_create();
	char *out;

	(void)state;
	assert_true(sm_tvars_set(v, "name", "rw"));
	item = sm_tvars_add(v, "pools");
	assert_true(sm_tvars_set(item, "addrs", "10.3.200.0/24"));
	item = sm_tvars_add(v, "pools");
	assert_true(sm_tvars_setf(item, "addrs", "%s/%d", "fd00::", 120));
	out = run("{{name}} {\n"
			  "{{#pools}}\n"
			  "  pool = {{name}}: {{addrs}}\n"
			  "{{/pools}}\n"
			  "}\n",
			  v, d);
	assert_non_null(out);
	assert_string_equal(out, "rw {\n"
							 "  pool = rw: 10.3.200.0/24\n"
							 "  pool = rw: fd00::/120\n"
							 "}\n");
	free(out);
	assert_int_equal(sm_diag_size(d), 0);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_flags_inverted_comments(void **state)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	char *out;

	(void)state;
	assert_true(sm_tvars_flag(v, "mobike", false));
	assert_true(sm_tvars_flag(v, "pfs", true));
	assert_true(sm_tvars_set(v, "empty", ""));
	assert_true(sm_tvars_list(v, "none"));
	out = run("{{! a comment line disappears }}\n"
			  "a\n"
			  "  {{#mobike}}\n"
			  "  mobike = yes\n"
			  "  {{/mobike}}\n"
			  "  {{^mobike}}\n"
			  "  mobike = no\n"
			  "  {{/mobike}}\n"
			  "{{#pfs}}pfs{{/pfs}} {{^empty}}no value{{/empty}} "
			  "{{^none}}no items{{/none}}\n",
			  v, d);
	assert_non_null(out);
	assert_string_equal(out, "a\n  mobike = no\npfs no value no items\n");
	free(out);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_unknown_variable_is_an_error(void **state)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	sm_diag_entry_t e;

	(void)state;
	assert_null(run("# line one\n  x = {{tpyo}}\n", v, d));
	assert_int_equal(sm_diag_count(d, SM_ERROR), 1);
	assert_true(sm_diag_get(d, 0, &e));
	assert_int_equal(e.pos.line, 2);
	assert_int_equal(e.pos.col, 7);
	assert_string_equal(e.message, "unknown template variable 'tpyo'");
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_section_errors(void **state)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d;
	sm_diag_entry_t e;

	(void)state;
	assert_true(sm_tvars_flag(v, "a", true));

	d = sm_diag_create();
	assert_null(run("{{#a}}\nx\n", v, d));
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message, "section 'a' is never closed");
	sm_diag_destroy(d);

	d = sm_diag_create();
	assert_null(run("{{#a}}x{{/b}}", v, d));
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message,
						"'{{/b}}' closes section 'a' opened at line 1");
	sm_diag_destroy(d);

	d = sm_diag_create();
	assert_null(run("x {{a", v, d));
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message, "unterminated tag: expected '}}'");
	sm_diag_destroy(d);

	d = sm_diag_create();
	assert_null(run("{{a b}}", v, d));
	assert_int_equal(sm_diag_count(d, SM_ERROR), 1);
	sm_diag_destroy(d);

	d = sm_diag_create();
	assert_null(run("{{a}}", v, d));
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message, "'a' is a flag, not a value");
	sm_diag_destroy(d);
	sm_tvars_destroy(v);
}

static void test_replace_value(void **state)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	char *out;

	(void)state;
	assert_true(sm_tvars_set(v, "x", "one"));
	assert_true(sm_tvars_add(v, "x") != NULL);
	assert_true(sm_tvars_set(v, "x", "two"));
	out = run("a = {{x}}", v, d);
	assert_string_equal(out, "a = two");
	free(out);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_conf_quote(void **state)
{
	static const struct {
		const char *value;
		const char *want;
	} cases[] = {
		{"vpn.example.com", "vpn.example.com"},
		{"%any", "%any"},
		{"aes256-sha256, aes128gcm16", "aes256-sha256, aes128gcm16"},
		{"10.3.0.0/24,fd00::/64", "10.3.0.0/24,fd00::/64"},
		{"a=b:c@d*e+f", "a=b:c@d*e+f"},
		/* the parser would join words with one space, drop the rest */
		{"", "\"\""},
		{" a", "\" a\""},
		{"a ", "\"a \""},
		{"a  b", "\"a  b\""},
		/* what ends or opens something */
		{"a#b", "\"a#b\""},
		{"a}b", "\"a}b\""},
		{"a{b", "\"a{b\""},
		{"${x}", "\"${x}\""},
		{"it's", "\"it's\""},
		{"say \"hi\"", "\"say \\\"hi\\\"\""},
		{"C:\\dir\\", "\"C:\\\\dir\\\\\""},
		{"two\nlines\r\tx", "\"two\\nlines\\r\\tx\""},
		{"\xc3\xa9", "\"\xc3\xa9\""},
	};
	char *q;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		q = sm_conf_quote(cases[i].value);
		assert_non_null(q);
		if (strcmp(q, cases[i].want))
		{
			fail_msg("'%s' became '%s', expected '%s'", cases[i].value, q,
					 cases[i].want);
		}
		free(q);
	}
}

static void test_escaped_by_context(void **state)
{
	/* a file name that would add a connection and an IKE secret */
	static const char evil[] = "x}\n\r# ${a} \"q\" \\\nsecrets { ike { "
							   "secret = s } }\x01\xff\xe2\x80\xa8.yaml";
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	char *out;

	(void)state;
	assert_true(sm_tvars_set(v, "source", evil));
	assert_true(sm_tvars_set(v, "id", "CN=a b, O=\"x\" #1"));
	assert_true(sm_tvars_set(v, "delay", "30"));
	assert_true(sm_tvars_set(v, "name", "rw-1_a"));
	out = run("# from {{source}}; more\n"
			  "{{name}} {\n"
			  "\tid = {{id}}\n"
			  "\tid2 = {{id}} # {{id}}\n"
			  "\tdelay = {{delay}}s\n"
			  "\tx = \"quoted\" {{delay}}\n"
			  "\t{{name}}-{{delay}} = 1\n"
			  "\tr : {{name}} {\n\t}\n"
			  "}\n",
			  v, d);
	assert_non_null(out);
	assert_string_equal(
		out,
		"# from x}\\x0a\\x0d# ${a} \"q\" \\\\\\x0asecrets { ike { secret = "
		"s } }\\x01\\xff\\xe2\\x80\\xa8.yaml; more\n"
		"rw-1_a {\n"
		"\tid = \"CN=a b, O=\\\"x\\\" #1\"\n"
		"\tid2 = \"CN=a b, O=\\\"x\\\" #1\" # CN=a b, O=\"x\" #1\n"
		"\tdelay = 30s\n"
		"\tx = \"quoted\" 30\n"
		"\trw-1_a-30 = 1\n"
		"\tr : rw-1_a {\n\t}\n"
		"}\n");
	assert_int_equal(sm_diag_size(d), 0);
	free(out);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_unescapable_contexts(void **state)
{
	static const struct {
		const char *tmpl;
		const char *message;
	} cases[] = {
		{"a = 0x{{secret}}\n",
		 "the value of 'secret' holds characters that "
		 "need quotes, and it is written next to other text of a value "
		 "(write it alone after '=')"},
		{"a = {{secret}}s\n",
		 "the value of 'secret' holds characters that "
		 "need quotes, and it is written next to other text of a value "
		 "(write it alone after '=')"},
		{"{{secret}} {\n}\n", "the value of 'secret' is not a section or key "
							  "name (1 or more of a-z, A-Z, 0-9, '-' and '_')"},
		{"a : {{secret}} {\n}\n",
		 "the value of 'secret' is not a section or "
		 "key name (1 or more of a-z, A-Z, 0-9, '-' and '_')"},
		{"{{empty}} = 1\n", "the value of 'empty' is not a section or key "
							"name (1 or more of a-z, A-Z, 0-9, '-' and '_')"},
		{"include {{name}}\n", "the value of 'name' would be part of an "
							   "include pattern, which cannot be escaped"},
		{"a = \"x {{name}}\"\n",
		 "the value of 'name' would be inside a "
		 "quoted string or after a syntax error of the template, where it "
		 "cannot be escaped"},
		{"a \"b\" {{name}}\n",
		 "the value of 'name' would be inside a quoted "
		 "string or after a syntax error of the template, where it cannot "
		 "be escaped"},
	};
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d;
	sm_diag_entry_t e;
	size_t i;

	(void)state;
	assert_true(sm_tvars_set(v, "secret", "hunter 2"));
	assert_true(sm_tvars_set(v, "empty", ""));
	assert_true(sm_tvars_set(v, "name", "rw"));
	for (i = 0; i < countof(cases); i++)
	{
		d = sm_diag_create();
		assert_null(run(cases[i].tmpl, v, d));
		assert_int_equal(sm_diag_count(d, SM_ERROR), 1);
		assert_true(sm_diag_get(d, 0, &e));
		assert_string_equal(e.message, cases[i].message);
		assert_int_equal(e.pos.line, 1);
		/* never the value */
		assert_null(strstr(e.message, "hunter"));
		sm_diag_destroy(d);
	}
	sm_tvars_destroy(v);
}

static void test_unknown_syntax(void **state)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	sm_diag_entry_t e;
	char *out = NULL;

	(void)state;
	assert_false(sm_template_render("x", 1, "t.tmpl", (sm_syntax_t)99, v, &out,
									NULL, d));
	assert_null(out);
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message, "no escaping rules for the syntax of this "
								   "template");
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

/* render tmpl as an nft ruleset */
static char *run_nft(const char *tmpl, const sm_tvars_t *vars, sm_diag_t *diag)
{
	char *out = NULL;

	if (!sm_template_render(tmpl, strlen(tmpl), "t.nft.tmpl", SM_SYNTAX_NFT,
							vars, &out, NULL, diag))
	{
		return NULL;
	}
	return out;
}

static void test_nft_by_context(void **state)
{
	/* a file name that would add a rule if a comment could end early */
	static const char evil[] = "x\n add rule inet t c accept # \"q\" \\\r"
							   "\x01\xff.yaml";
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	char *out;

	(void)state;
	assert_true(sm_tvars_set(v, "source", evil));
	assert_true(sm_tvars_set(v, "net", "10.3.0.0/24"));
	assert_true(sm_tvars_set(v, "host", "2001:db8::1"));
	assert_true(sm_tvars_set(v, "port", "443"));
	assert_true(sm_tvars_set(v, "range", "8000-8080"));
	assert_true(sm_tvars_set(v, "proto", "tcp"));
	assert_true(sm_tvars_set(v, "chain", "from_clients4"));
	assert_true(sm_tvars_set(v, "ifname", "ppp0 #x*"));
	out = run_nft("# from {{source}}\n"
				  "chain {{chain}} {\n"
				  "\tip daddr { {{net}}, } meta l4proto {{proto}} "
				  "th dport { {{port}}, {{range}}, } accept # {{ifname}}\n"
				  "\tip6 daddr {{host}} oifname \"{{ifname}}\" drop\n"
				  "\tjump {{chain}}\n"
				  "}\n",
				  v, d);
	assert_non_null(out);
	assert_string_equal(
		out,
		"# from x\\x0a add rule inet t c accept # \"q\" \\\\\\x0d\\x01\\xff"
		".yaml\n"
		"chain from_clients4 {\n"
		"\tip daddr { 10.3.0.0/24, } meta l4proto tcp th dport { 443, "
		"8000-8080, } accept # ppp0 #x*\n"
		"\tip6 daddr 2001:db8::1 oifname \"ppp0 #x\\*\" drop\n"
		"\tjump from_clients4\n"
		"}\n");
	assert_int_equal(sm_diag_size(d), 0);
	free(out);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

static void test_nft_refused(void **state)
{
	static const char word[] = "is not one word of nft's syntax (an address "
							   "or network, a decimal number or range, or a "
							   "name of letters, digits, '_' and '-')";
	static const char string[] = "holds characters an nft string cannot "
								 "hold (only printable ASCII without '\"' "
								 "and '\\')";
	static const struct {
		const char *value;
		const char *tmpl;
		const char *message;
	} cases[] = {
		/* what would end a statement, open a block, a set or a variable */
		{"10.3.0.0/24; flush ruleset", "ip daddr {{x}} accept\n", word},
		{"10.3.0.0/24 accept", "ip daddr {{x}} accept\n", word},
		{"x\nflush ruleset", "jump {{x}}\n", word},
		{"a}", "jump {{x}}\n", word},
		{"@pool4", "ip saddr {{x}}\n", word},
		{"$var", "ip saddr {{x}}\n", word},
		{"a#b", "jump {{x}}\n", word},
		{"\"x\"", "jump {{x}}\n", word},
		{"", "jump {{x}}\n", word},
		/* nft reads 010 as octal, 1.2 as a concatenation */
		{"010", "tcp dport {{x}}\n", word},
		{"1.2", "tcp dport {{x}}\n", word},
		{"1-", "tcp dport {{x}}\n", word},
		{"-1", "tcp dport {{x}}\n", word},
		/* addresses in canonical form only */
		{"10.3.0.1/24", "ip daddr {{x}}\n", word},
		{"2001:DB8::1", "ip6 daddr {{x}}\n", word},
		{"2001:db8:0::1", "ip6 daddr {{x}}\n", word},
		{"1name", "jump {{x}}\n", word},
		{"a.b", "jump {{x}}\n", word},
		/* strings have no escapes */
		{"eth0\" accept", "iifname \"{{x}}\"\n", string},
		{"eth0\\", "iifname \"{{x}}\"\n", string},
		{"eth0\n", "iifname \"{{x}}\"\n", string},
		{"\xc3\xa9th0", "iifname \"{{x}}\"\n", string},
	};
	sm_tvars_t *v;
	sm_diag_t *d;
	sm_diag_entry_t e;
	char msg[512];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		v = sm_tvars_create();
		d = sm_diag_create();
		assert_true(sm_tvars_set(v, "x", cases[i].value));
		if (run_nft(cases[i].tmpl, v, d))
		{
			fail_msg("case %zu: '%s' was accepted in '%s'", i, cases[i].value,
					 cases[i].tmpl);
		}
		assert_int_equal(sm_diag_count(d, SM_ERROR), 1);
		assert_true(sm_diag_get(d, 0, &e));
		snprintf(msg, sizeof(msg), "the value of 'x' %s", cases[i].message);
		if (strcmp(e.message, msg))
		{
			fail_msg("case %zu: '%s', expected '%s'", i, e.message, msg);
		}
		assert_int_equal(e.pos.line, 1);
		sm_tvars_destroy(v);
		sm_diag_destroy(d);
	}
}

static void test_nft_words(void **state)
{
	static const char *const words[] = {
		"0",
		"65535",
		"1-65535",
		"10.3.0.0/24",
		"0.0.0.0/0",
		"::/0",
		"2001:db8::/64",
		"fd00::1",
		"::ffff:10.3.0.1",
		"ipv4_addr",
		"admin-prohibited",
		"_x",
		"ipsec0",
	};
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	char *out, want[64];
	size_t i;

	(void)state;
	for (i = 0; i < countof(words); i++)
	{
		assert_true(sm_tvars_set(v, "x", words[i]));
		out = run_nft("a {{x}} b", v, d);
		if (!out)
		{
			fail_msg("'%s' was refused", words[i]);
		}
		snprintf(want, sizeof(want), "a %s b", words[i]);
		assert_string_equal(out, want);
		free(out);
	}
	assert_int_equal(sm_diag_size(d), 0);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

/* the list of rendered files: paths cloned, a tail dropped (generate
 * renders the client profiles again once the CA exists), all freed */
static void test_outputs(void **state)
{
	sm_outputs_t out = {0};
	char name[16];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
	{
		snprintf(name, sizeof(name), "f%zu", i);
		assert_true(sm_outputs_add(&out, name, strdup("x"), 1, 0644, i == 2));
	}
	name[0] = '\0';
	assert_int_equal(out.n, 3);
	assert_string_equal(out.files[2].path, "f2");
	assert_true(out.files[2].secret);
	sm_outputs_truncate(&out, 1);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.files[0].path, "f0");
	assert_true(sm_outputs_add(&out, "g", strdup("y"), 1, 0600, true));
	assert_int_equal(out.n, 2);
	assert_string_equal(out.files[1].path, "g");
	assert_string_equal(out.files[1].data, "y");
	sm_outputs_truncate(&out, 5);
	assert_int_equal(out.n, 2);
	sm_outputs_clear(&out);
	assert_int_equal(out.n, 0);
	assert_null(out.files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_values_and_lists),
		cmocka_unit_test(test_flags_inverted_comments),
		cmocka_unit_test(test_unknown_variable_is_an_error),
		cmocka_unit_test(test_section_errors),
		cmocka_unit_test(test_replace_value),
		cmocka_unit_test(test_conf_quote),
		cmocka_unit_test(test_escaped_by_context),
		cmocka_unit_test(test_unescapable_contexts),
		cmocka_unit_test(test_unknown_syntax),
		cmocka_unit_test(test_nft_by_context),
		cmocka_unit_test(test_nft_refused),
		cmocka_unit_test(test_nft_words),
	};

	return sm_run_tests(tests);
}
