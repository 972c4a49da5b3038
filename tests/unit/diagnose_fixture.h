/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file diagnose_fixture.h
 * The fixture of the diagnose tests on hand-written logs
 * (test_diagnose_rules.c, test_diagnose_logs.c): a log's lines diagnosed
 * alone or with the other side's, the attempts found, and what they must
 * say.  Implemented in diagnose_fixture.c.
 */
#ifndef DIAGNOSE_FIXTURE_H_
#define DIAGNOSE_FIXTURE_H_

#include "sm_test.h"

#include "diagnose/diagnose.h"
#include "diagnose/report.h"

/** attempts kept in full; later ones are only counted */
#define MAX_ATTEMPTS 8

/** What a run found. */
typedef struct {
	size_t n;
	char cause[MAX_ATTEMPTS][40];
	char summary[MAX_ATTEMPTS][512];
	char values[MAX_ATTEMPTS][1024];
	char evidence[MAX_ATTEMPTS][2048];
	/** attempts seen, most attempts open at once */
	unsigned long total;
	size_t max_open;
	double last_start;
	bool ordered;
	sm_diagnose_t *d;
} results_t;

/**
 * Collect one attempt into ctx (a results_t): the sm_diagnose_create()
 * callback of run() and run_pair(), and of a test driving the stage itself.
 */
void collect(const sm_attempt_t *a, void *ctx);

/**
 * Diagnose n lines of one log (source 0) into r (overwritten), from since
 * on (a time as --since takes it; NULL: the whole log).
 */
void run(const char *const *lines, size_t n, results_t *r, const char *since);

/** run() of a whole array of lines. */
#define RUN(lines, r) run(lines, countof(lines), r, NULL)

/** Diagnose the two sides' logs together, as 'diagnose A B' does. */
void run_pair(const char *const *a, size_t na, const char *const *b, size_t nb,
			  results_t *r);

/** run_pair() of two whole arrays of lines. */
#define RUN_PAIR(a, b, r) run_pair(a, countof(a), b, countof(b), r)

/**
 * Fail the test unless attempt i has cause (its code), and its summary and
 * values contain summary and values (each unless NULL).
 */
void expect(const results_t *r, size_t i, const char *cause,
			const char *summary, const char *values);

/* the first exchange of an IKE_SA from 203.0.113.5 as the gateway logs it */
#define INIT(t, th)                                                                    \
	t " " th                                                                           \
	  "[NET] received packet: from 203.0.113.5[500] to 198.51.100.1[500] (600 bytes)", \
		t                                                                              \
		" " th                                                                         \
		"[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]",   \
		t " " th "[IKE] 203.0.113.5 is initiating an IKE_SA"

#endif /* DIAGNOSE_FIXTURE_H_ */
