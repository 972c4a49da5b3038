/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/base/diag.c: records, order, the cap on errors,
 * quoted lines (carets, tabs, wide and multi-byte characters, the window
 * around the caret), hidden ranges and redactors, escaping, JSON, and
 * writing everything at once */
#include "config.h"

#include "sm_test.h"

#include "base/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** An open_memstream() buffer (on the heap: gcc takes locals for
 * dangling once the stream is closed). */
typedef struct {
	char *buf;
	size_t len;
} mem_t;

/* the output of sm_diag_print() or sm_diag_print_json() (must be freed) */
static char *output(sm_diag_t *d, bool json)
{
	mem_t *m = calloc(1, sizeof(*m));
	char *out;
	FILE *f;

	assert_non_null(m);
	f = open_memstream(&m->buf, &m->len);
	assert_non_null(f);
	if (json)
	{
		sm_diag_print_json(d, f);
	}
	else
	{
		sm_diag_print(d, f);
	}
	fclose(f);
	out = m->buf;
	free(m);
	return out;
}

static char *printed(sm_diag_t *d)
{
	return output(d, false);
}

/* the quoted line and caret line printed for an error at line:col of text */
static char *excerpt(const char *text, size_t len, unsigned int line,
					 unsigned int col)
{
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out, *ex;

	assert_non_null(d);
	file = sm_diag_source(d, "t.yaml", text, len);
	assert_non_null(file);
	sm_error(d, (sm_pos_t){file, line, col}, "m");
	out = printed(d);
	sm_diag_destroy(d);
	/* between the message line and the summary */
	ex = strdup(strchr(out, '\n') + 1);
	*strstr(ex, "1 error, 0 warnings\n") = '\0';
	free(out);
	return ex;
}

static void test_records_and_order(void **state)
{
	sm_diag_t *d = sm_diag_create();
	const char *a, *b;
	sm_diag_entry_t e;

	(void)state;
	a = sm_diag_source(d, "b.yaml", "x", 1);
	b = sm_diag_source(d, "a.yaml", NULL, 0);
	/* the same name is the same source, text and all */
	assert_ptr_equal(sm_diag_source(d, "b.yaml", "other", 5), a);
	sm_error(d, (sm_pos_t){a, 3, 1}, "a3:1");
	sm_warning(d, (sm_pos_t){a, 1, 9}, "a1:9");
	sm_error(d, (sm_pos_t){b, 7, 2}, "b7:2");
	sm_error(d, sm_nopos(NULL), "none");
	sm_diag_add(d, SM_ERROR, (sm_pos_t){a, 1, 9}, "a1:9 %s", "second");
	sm_error(d, (sm_pos_t){a, 1, 2}, "a1:2");
	assert_int_equal(sm_diag_size(d), 6);
	assert_int_equal(sm_diag_count(d, SM_ERROR), 5);
	assert_int_equal(sm_diag_count(d, SM_WARNING), 1);
	/* no file first, then by file name, line, column, then as added */
	assert_true(sm_diag_get(d, 0, &e));
	assert_string_equal(e.message, "none");
	assert_true(sm_diag_get(d, 1, &e));
	assert_string_equal(e.message, "b7:2");
	assert_string_equal(e.pos.file, "a.yaml");
	assert_true(sm_diag_get(d, 2, &e));
	assert_string_equal(e.message, "a1:2");
	assert_true(sm_diag_get(d, 3, &e));
	assert_string_equal(e.message, "a1:9");
	assert_int_equal(e.severity, SM_WARNING);
	assert_true(sm_diag_get(d, 4, &e));
	assert_string_equal(e.message, "a1:9 second");
	assert_true(sm_diag_get(d, 5, &e));
	assert_string_equal(e.message, "a3:1");
	assert_false(sm_diag_get(d, 6, &e));
	sm_diag_destroy(d);
	sm_diag_destroy(NULL);
}

static void test_print_format(void **state)
{
	sm_diag_t *d = sm_diag_create();
	const char *f;
	char *out;

	(void)state;
	out = printed(d);
	assert_string_equal(out, "");
	free(out);
	f = sm_diag_source(d, "vpn.yaml", "version: 2\n", 11);
	sm_error(d, (sm_pos_t){f, 1, 10}, "version: expected 1");
	sm_error(d, sm_nopos(f), "cannot read");
	sm_warning(d, sm_nopos(NULL), "no position");
	out = printed(d);
	assert_string_equal(out, "warning: no position\n"
							 "vpn.yaml: error: cannot read\n"
							 "vpn.yaml:1:10: error: version: expected 1\n"
							 "  version: 2\n"
							 "           ^\n"
							 "2 errors, 1 warning\n");
	free(out);
	sm_diag_destroy(d);
}

static void test_error_cap(void **state)
{
	sm_diag_t *d = sm_diag_create();
	const char *f;
	char *out, *p;
	size_t i, n = 0;

	(void)state;
	f = sm_diag_source(d, "t.yaml", NULL, 0);
	for (i = 1; i <= SM_DIAG_PRINT_MAX + 5; i++)
	{
		sm_error(d, (sm_pos_t){f, (unsigned int)i, 1}, "e%zu", i);
	}
	/* warnings are never held back */
	sm_warning(d, (sm_pos_t){f, 100, 1}, "w1");
	sm_warning(d, (sm_pos_t){f, 101, 1}, "w2");
	out = printed(d);
	for (p = out; (p = strstr(p, ": error: ")); p++)
	{
		n++;
	}
	assert_int_equal(n, SM_DIAG_PRINT_MAX);
	assert_non_null(strstr(out, "t.yaml:20:1: error: e20\n"));
	assert_null(strstr(out, "error: e21\n"));
	assert_non_null(strstr(out, "t.yaml:100:1: warning: w1\n"
								"t.yaml:101:1: warning: w2\n"
								"... 5 more errors not shown\n"
								"25 errors, 2 warnings\n"));
	free(out);
	sm_error(d, (sm_pos_t){f, 200, 1}, "one more");
	sm_diag_destroy(d);

	d = sm_diag_create();
	for (i = 0; i <= SM_DIAG_PRINT_MAX; i++)
	{
		sm_error(d, sm_nopos(NULL), "e");
	}
	out = printed(d);
	assert_non_null(strstr(out, "error: e\n... 1 more error not shown\n"
								"21 errors, 0 warnings\n"));
	free(out);
	sm_diag_destroy(d);
}

static void test_excerpt_caret(void **state)
{
	static const char text[] = "a: 1\nkey: value\r\nlast: no newline";
	char *ex;

	(void)state;
	ex = excerpt(text, strlen(text), 2, 6);
	assert_string_equal(ex, "  key: value\n       ^\n");
	free(ex);
	/* after the last character (a CRLF line ends before its CR) */
	ex = excerpt(text, strlen(text), 2, 11);
	assert_string_equal(ex, "  key: value\n            ^\n");
	free(ex);
	/* a column past the end stays just after it */
	ex = excerpt(text, strlen(text), 3, 99);
	assert_string_equal(ex, "  last: no newline\n                  ^\n");
	free(ex);
	/* no column: the line without a caret */
	ex = excerpt(text, strlen(text), 1, 0);
	assert_string_equal(ex, "  a: 1\n  \n");
	free(ex);
	/* no such line, or no line at all: nothing */
	ex = excerpt(text, strlen(text), 4, 1);
	assert_string_equal(ex, "");
	free(ex);
	ex = excerpt("a\n", 2, 2, 1);
	assert_string_equal(ex, "");
	free(ex);
	ex = excerpt(text, strlen(text), 0, 1);
	assert_string_equal(ex, "");
	free(ex);
}

static void test_excerpt_tabs_wide_multibyte(void **state)
{
	/* tab, 2-, 3- and 4-byte characters, CJK (wide), a combining accent */
	static const char text[] = "\tk: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
							   "\xe4\xb8\xad"
							   "e\xcc\x81x\n";
	/* a control character, DEL, C1, a bidi override, broken UTF-8 */
	static const char bad[] = "a\x01\x7f\xc2\x9b\xe2\x80\xae\xff\xc3z\n";
	char *ex;

	(void)state;
	/* x is character 11; the caret line repeats the tab and is as wide as
	 * the characters shown: 1 + 1 + 2 + 2 + 1 + 0 */
	ex = excerpt(text, strlen(text), 1, 11);
	assert_string_equal(ex, "  \tk: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
							"\xe4\xb8\xad"
							"e\xcc\x81x\n"
							"  \t"
							"   "
							"  "
							"  "
							"  "
							" "
							"^\n");
	free(ex);
	ex = excerpt(text, strlen(text), 1, 7);
	assert_string_equal(ex + strlen(text) + 2, "  \t     ^\n");
	free(ex);
	/* one '?' per character that must not reach a terminal; a broken
	 * sequence is one character as columns count them */
	ex = excerpt(bad, strlen(bad), 1, 8);
	assert_string_equal(ex, "  a??????z\n         ^\n");
	free(ex);
}

static void test_excerpt_window(void **state)
{
	char line[2001], want[1000], *ex;
	size_t i;

	(void)state;
	for (i = 0; i < 2000; i++)
	{
		line[i] = (char)('a' + i % 26);
	}
	line[2000] = '\0';
	/* the caret at character 1001: 100 before, the caret's, 100 after */
	ex = excerpt(line, 2000, 1, 1001);
	snprintf(want, sizeof(want), "  ...%.201s...\n%*s^\n", line + 900,
			 5 + SM_DIAG_CONTEXT, "");
	assert_string_equal(ex, want);
	free(ex);
	/* near the start: nothing cut before */
	ex = excerpt(line, 2000, 1, 51);
	snprintf(want, sizeof(want), "  %.151s...\n%*s^\n", line, 2 + 50, "");
	assert_string_equal(ex, want);
	free(ex);
	/* at the end: nothing cut after */
	ex = excerpt(line, 2000, 1, 2000);
	snprintf(want, sizeof(want), "  ...%s\n%*s^\n", line + 1899,
			 5 + SM_DIAG_CONTEXT, "");
	assert_string_equal(ex, want);
	free(ex);
	/* the window counts characters, not bytes */
	for (i = 0; i < 600; i++)
	{
		memcpy(line + 2 * i, "\xc3\xa9", 2);
	}
	line[1200] = '\0';
	ex = excerpt(line, 1200, 1, 300);
	snprintf(want, sizeof(want), "  ...%.402s...\n%*s^\n", line + 2 * 199,
			 5 + SM_DIAG_CONTEXT, "");
	assert_string_equal(ex, want);
	free(ex);
}

static void test_excerpt_huge_line(void **state)
{
	size_t len = 20 << 20;
	char *text = malloc(len), *ex;

	(void)state;
	assert_non_null(text);
	memset(text, 'x', len);
	text[len - 1] = '\n';
	ex = excerpt(text, len, 1, (unsigned int)(len - 1));
	/* two windows of context, not 20 MB */
	assert_true(strlen(ex) < 4 * SM_DIAG_CONTEXT);
	assert_int_equal(strstr(ex, "\n") - ex, 5 + SM_DIAG_CONTEXT + 1);
	assert_int_equal(strchr(ex, '^') - strchr(ex, '\n') - 1,
					 5 + SM_DIAG_CONTEXT);
	free(ex);
	free(text);
}

/* print one error at line:col of text with the ranges [start, end) hidden */
static char *hidden(const char *text, unsigned int line, unsigned int col,
					const size_t *ranges, size_t n)
{
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out, *ex;
	size_t i;

	file = sm_diag_source(d, "t.yaml", text, strlen(text));
	for (i = 0; i < n; i++)
	{
		sm_diag_hide(d, file, ranges[2 * i], ranges[2 * i + 1]);
	}
	/* an unknown source: nothing */
	sm_diag_hide(d, "other.yaml", 0, 1);
	sm_error(d, (sm_pos_t){file, line, col}, "m");
	out = printed(d);
	sm_diag_destroy(d);
	ex = strdup(strchr(out, '\n') + 1);
	*strstr(ex, "1 error") = '\0';
	free(out);
	return ex;
}

static void test_hidden_ranges(void **state)
{
	static const char text[] = "  password: hunter2, x: 1\n"
							   "  more: \"two\nlines\" # c\n";
	const size_t one[] = {12, 19};
	/* unsorted, overlapping, touching, empty, past the end */
	const size_t many[] = {14, 17, 12, 15, 17, 19, 3, 3, 60, 999};
	const size_t lines[] = {34, 44};
	char *ex;

	(void)state;
	/* the caret after a hidden range moves by the marker's width */
	ex = hidden(text, 1, 21, one, 1);
	assert_string_equal(ex, "  "
							"  password: " SM_DIAG_REDACTED ", x: 1\n"
							"  "
							"            "
							"          "
							" ^\n");
	free(ex);
	/* a caret inside one points at the marker */
	ex = hidden(text, 1, 15, many, 5);
	assert_string_equal(ex, "    password: " SM_DIAG_REDACTED ", x: 1\n"
							"              ^\n");
	free(ex);
	/* a caret before one stays */
	ex = hidden(text, 1, 3, one, 1);
	assert_string_equal(ex, "    password: " SM_DIAG_REDACTED ", x: 1\n"
							"    ^\n");
	free(ex);
	/* a range over two lines hides its part of each */
	ex = hidden(text, 2, 3, lines, 1);
	assert_string_equal(ex, "    more: " SM_DIAG_REDACTED "\n    ^\n");
	free(ex);
	ex = hidden(text, 3, 1, lines, 1);
	assert_string_equal(ex, "  " SM_DIAG_REDACTED "\" # c\n  ^\n");
	free(ex);
}

static void test_hidden_in_window(void **state)
{
	char line[1001], want[400], *ex, *p, *q;
	sm_diag_t *d = sm_diag_create();
	const char *file;
	size_t i;

	(void)state;
	memset(line, 'x', 1000);
	line[1000] = '\0';
	file = sm_diag_source(d, "t.yaml", line, 1000);
	/* a range from the start to the caret's character, and one after it */
	sm_diag_hide(d, file, 0, 501);
	sm_diag_hide(d, file, 550, 2000);
	sm_error(d, (sm_pos_t){file, 1, 501}, "m");
	ex = printed(d);
	snprintf(want, sizeof(want),
			 "t.yaml:1:501: error: m\n"
			 "  ..." SM_DIAG_REDACTED "%.49s" SM_DIAG_REDACTED "\n"
			 "     ^\n1 error, 0 warnings\n",
			 line);
	assert_string_equal(ex, want);
	free(ex);
	sm_diag_destroy(d);

	/* many ranges in the window: the caret line still fits */
	d = sm_diag_create();
	file = sm_diag_source(d, "t.yaml", line, 1000);
	for (i = 0; i < 1000; i += 2)
	{
		sm_diag_hide(d, file, i, i + 1);
	}
	sm_error(d, (sm_pos_t){file, 1, 500}, "m");
	ex = printed(d);
	/* 100 characters either side: 101 shown, 100 hidden */
	p = strchr(ex, '\n') + 1;
	q = strchr(p, '\n') + 1;
	assert_int_equal(q - p - 1, 5 + 101 + 100 * strlen(SM_DIAG_REDACTED) + 3);
	assert_int_equal(strchr(q, '^') - q,
					 5 + 50 + 50 * strlen(SM_DIAG_REDACTED));
	assert_non_null(strstr(q, "^\n1 error"));
	free(ex);
	sm_diag_destroy(d);
}

static void test_hidden_after_print(void **state)
{
	static const char text[] = "a: 0123456789 tail x\n";
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out;

	(void)state;
	file = sm_diag_source(d, "t.yaml", text, strlen(text));
	sm_diag_hide(d, file, 3, 13);
	sm_error(d, (sm_pos_t){file, 1, 20}, "m");
	out = printed(d);
	free(out);
	/* after sorting and merging: one inside the last, one after it */
	sm_diag_hide(d, file, 5, 7);
	sm_diag_hide(d, file, 14, 18);
	out = printed(d);
	assert_string_equal(out,
						"t.yaml:1:20: error: m\n"
						"  a: " SM_DIAG_REDACTED " " SM_DIAG_REDACTED " x\n"
						"  "
						"   "
						"          "
						" "
						"          "
						" ^\n"
						"1 error, 0 warnings\n");
	free(out);
	sm_diag_destroy(d);
}

static size_t redactor_calls;

static void redact_digits(const char *text, size_t len, sm_diag_hide_t hide,
						  void *ctx)
{
	size_t i;

	redactor_calls++;
	for (i = 0; i < len; i++)
	{
		if (text[i] >= '0' && text[i] <= '9')
		{
			hide(ctx, i, i + 1);
		}
	}
}

static void test_redactor(void **state)
{
	static const char text[] = "a: 12\nb: x3\n";
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out;

	(void)state;
	redactor_calls = 0;
	file = sm_diag_source(d, "t.yaml", text, strlen(text));
	sm_diag_redactor(d, file, redact_digits);
	sm_diag_redactor(d, "unknown.yaml", redact_digits);
	sm_diag_hide(d, file, 9, 10);
	sm_error(d, (sm_pos_t){file, 1, 4}, "first");
	sm_error(d, (sm_pos_t){file, 2, 4}, "second");
	/* it only runs when a line is quoted */
	assert_int_equal(redactor_calls, 0);
	out = printed(d);
	assert_int_equal(redactor_calls, 1);
	/* its ranges and sm_diag_hide()'s together */
	assert_string_equal(out, "t.yaml:1:4: error: first\n"
							 "  a: " SM_DIAG_REDACTED "\n"
							 "     ^\n"
							 "t.yaml:2:4: error: second\n"
							 "  b: " SM_DIAG_REDACTED "\n"
							 "     ^\n"
							 "2 errors, 0 warnings\n");
	free(out);
	/* once */
	out = printed(d);
	assert_int_equal(redactor_calls, 1);
	free(out);
	sm_diag_destroy(d);

	/* no quoted line, no run */
	d = sm_diag_create();
	file = sm_diag_source(d, "t.yaml", text, strlen(text));
	sm_diag_redactor(d, file, redact_digits);
	sm_error(d, sm_nopos(file), "no line");
	out = printed(d);
	assert_int_equal(redactor_calls, 1);
	free(out);
	sm_diag_destroy(d);
}

static void test_escaped_names_and_messages(void **state)
{
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out;

	(void)state;
	file = sm_diag_source(d, "a\nb\x1b[31m\xff.yaml", NULL, 0);
	sm_error(d, (sm_pos_t){file, 2, 3}, "bad '%s'\ttab \xe2\x80\xae", "\r");
	out = printed(d);
	assert_string_equal(out, "a\\x0ab\\x1b[31m\\xff.yaml:2:3: error: bad "
							 "'\\x0d'\\x09tab \\xe2\\x80\\xae\n"
							 "1 error, 0 warnings\n");
	free(out);
	sm_diag_destroy(d);
}

static void test_json(void **state)
{
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out;

	(void)state;
	file = sm_diag_source(d, "dir/\"q\"\\\xff.yaml", "password: x\n", 12);
	sm_error(d, (sm_pos_t){file, 1, 11}, "tab\there\n\x01\x7f \xc3\xa9");
	sm_warning(d, sm_nopos(NULL), "w");
	out = output(d, true);
	/* no quoted line, so nothing to hide */
	assert_string_equal(out, "[\n {\"file\": null, \"line\": 0, \"column\": 0, "
							 "\"severity\": \"warning\", \"message\": \"w\"},\n"
							 " {\"file\": \"dir/\\\"q\\\"\\\\\\ufffd.yaml\", "
							 "\"line\": 1, \"column\": 11, \"severity\": "
							 "\"error\", \"message\": \"tab\\there\\n\\u0001"
							 "\\u007f \xc3\xa9\"}\n]\n");
	free(out);
	sm_diag_destroy(d);

	d = sm_diag_create();
	out = output(d, true);
	assert_string_equal(out, "[]\n");
	free(out);
	sm_diag_destroy(d);
}

static size_t writes, written;

static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	writes++;
	written += size;
	return (ssize_t)size;
}

static void test_written_at_once(void **state)
{
	cookie_io_functions_t io = {.write = count_write};
	sm_diag_t *d = sm_diag_create();
	const char *file;
	char *out;
	FILE *f;
	int i;

	(void)state;
	file = sm_diag_source(d, "t.yaml", "a: 1\nb: 2\n", 10);
	for (i = 0; i < 10; i++)
	{
		sm_error(d, (sm_pos_t){file, 1 + i % 2, 4}, "message %d", i);
	}
	/* like stderr: unbuffered */
	f = fopencookie(NULL, "w", io);
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	writes = 0;
	sm_diag_print(d, f);
	assert_int_equal(writes, 1);
	fclose(f);
	sm_diag_destroy(d);

	/* thousands of warnings: written in pieces of 64 KiB, all of them */
	d = sm_diag_create();
	file = sm_diag_source(d, "t.yaml", "a: 1\nb: 2\n", 10);
	for (i = 0; i < 10000; i++)
	{
		sm_warning(d, (sm_pos_t){file, 1 + i % 2, 4}, "message %d", i);
	}
	out = printed(d);
	f = fopencookie(NULL, "w", io);
	setvbuf(f, NULL, _IONBF, 0);
	writes = written = 0;
	sm_diag_print(d, f);
	fclose(f);
	assert_int_equal(written, strlen(out));
	assert_true(strlen(out) > 4 * 65536);
	assert_true(writes >= 4 && writes <= strlen(out) / 65536 + 1);
	assert_non_null(strstr(out, "t.yaml:2:4: warning: message 9999\n  b: 2\n"
								"     ^\n0 errors, 10000 warnings\n"));
	free(out);
	sm_diag_destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_and_order),
		cmocka_unit_test(test_print_format),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_excerpt_caret),
		cmocka_unit_test(test_excerpt_tabs_wide_multibyte),
		cmocka_unit_test(test_excerpt_window),
		cmocka_unit_test(test_excerpt_huge_line),
		cmocka_unit_test(test_hidden_ranges),
		cmocka_unit_test(test_hidden_in_window),
		cmocka_unit_test(test_hidden_after_print),
		cmocka_unit_test(test_redactor),
		cmocka_unit_test(test_escaped_names_and_messages),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_written_at_once),
	};

	return sm_run_tests(tests);
}
