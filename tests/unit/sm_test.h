/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_test.h
 * Common includes for the cmocka unit tests, which report in TAP for
 * automake's tap-driver.
 */
#ifndef SM_TEST_H_
#define SM_TEST_H_

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#ifndef countof
#define countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

/** Run a group of tests with TAP output. */
#define sm_run_tests(tests)                                                    \
	(cmocka_set_message_output(CM_OUTPUT_TAP),                                 \
	 cmocka_run_group_tests(tests, NULL, NULL))

#endif /* SM_TEST_H_ */
