/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/template.c */
#include "config.h"

#include "sm_test.h"

#include "render/template.h"

#include <stdlib.h>
#include <string.h>

/* render tmpl with vars; returns the output (must be freed) or NULL */
static char *run(const char *tmpl, const sm_tvars_t *vars, sm_diag_t *diag)
{
	char *out = NULL;

	if (!sm_template_render(tmpl, strlen(tmpl), "t.tmpl", vars, &out, NULL,
							diag))
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
	out = run("conn {{name}}\n"
			  "{{#pools}}\n"
			  "  pool {{name}}: {{addrs}}\n"
			  "{{/pools}}\n"
			  "end\n", v, d);
	assert_non_null(out);
	assert_string_equal(out, "conn rw\n"
							 "  pool rw: 10.3.200.0/24\n"
							 "  pool rw: fd00::/120\n"
							 "end\n");
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
			  "{{^none}}no items{{/none}}\n", v, d);
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
	assert_null(run("line one\n  x = {{tpyo}}\n", v, d));
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
	out = run("{{x}}", v, d);
	assert_string_equal(out, "two");
	free(out);
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_lists),
		cmocka_unit_test(test_flags_inverted_comments),
		cmocka_unit_test(test_unknown_variable_is_an_error),
		cmocka_unit_test(test_section_errors),
		cmocka_unit_test(test_replace_value),
	};

	return sm_run_tests(tests);
}
