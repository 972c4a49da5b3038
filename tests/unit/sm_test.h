/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_test.h
 * Common includes for the cmocka unit tests, which report in TAP for
 * automake's tap-driver, and the fixtures of sm_test.c (temporary
 * directories).
 */
#ifndef SM_TEST_H_
#define SM_TEST_H_

/* fopencookie(), memmem() */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sm_countof.h"

/**
 * Standard output of the tests: cmocka 1.1.5 reports a skip() as
 * "not ok N # SKIP", which TAP drivers count as a failure; this passes
 * every line on to file descriptor 1 with that "not " removed.
 */
static __attribute__((unused)) ssize_t
sm_tap_write(void *cookie, const char *buf, size_t size)
{
	static char line[4096];
	static size_t len;
	const char *out;
	size_t i, n;

	(void)cookie;
	for (i = 0; i < size; i++)
	{
		line[len++] = buf[i];
		if (buf[i] != '\n' && len < sizeof(line))
		{
			continue;
		}
		out = line;
		n = len;
		if (!strncmp(line, "not ok ", 7) && memmem(line, len, " # SKIP", 7))
		{
			out += 4;
			n -= 4;
		}
		if (write(STDOUT_FILENO, out, n) != (ssize_t)n)
		{
			return -1;
		}
		len = 0;
	}
	return (ssize_t)size;
}

/** Send standard output through sm_tap_write(), line-buffered. */
static __attribute__((unused)) void sm_tap_stdout(void)
{
	cookie_io_functions_t io = {.write = sm_tap_write};
	FILE *fp;

	fflush(stdout);
	fp = fopencookie(NULL, "w", io);
	if (fp)
	{
		setvbuf(fp, NULL, _IOLBF, 0);
		stdout = fp;
	}
}

/*
 * Fixtures in sm_test.c, for the tests that list it among their sources.
 */

/**
 * Make a private temporary directory, /tmp/sm-test-NAME.XXXXXX.
 *
 * @param name		a word for the test, part of the directory's name
 * @return			its path (must be freed), NULL on failure
 */
char *sm_test_tmpdir(const char *name);

/**
 * Remove a directory and everything below it, whatever permissions a test
 * left on it; symbolic links are removed, not followed.  NULL is fine.
 */
void sm_test_rmtree(const char *dir);

/**
 * Write DIR/REL into buf; fails the test if it does not fit.
 */
void sm_test_path(char *buf, size_t size, const char *dir, const char *rel);

/** base/diag.h's list, for the tests that include sm_test_diag.c */
struct sm_diag_t;

/**
 * Print the diagnostics of a list as TAP comments ("# error: ...");
 * in sm_test_diag.c, for the tests of generator/ that link base/.
 */
void sm_test_dump_diag(struct sm_diag_t *diag);

/** Run a group of tests with TAP output. */
#define sm_run_tests(tests)                                                    \
	(sm_tap_stdout(), cmocka_set_message_output(CM_OUTPUT_TAP),                \
	 cmocka_run_group_tests(tests, NULL, NULL))

#endif /* SM_TEST_H_ */
