/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file report.h
 * The printer: classified attempts in, text for admins or JSON for tools
 * out (the JSON schema is documented in swanmobile(8), DIAGNOSE).
 */
#ifndef SM_DX_REPORT_H_
#define SM_DX_REPORT_H_

#include "attempt.h"

#include <stdbool.h>
#include <stdio.h>

/** A report being written. */
typedef struct sm_report sm_report_t;

/**
 * Start a report.
 *
 * @param out		stream written to
 * @param json		JSON instead of text
 * @param names		names of the sources (internal data of the caller,
 *					must outlive the report)
 * @param nnames	number of names
 * @return			report (must be destroyed), NULL if out of memory
 */
sm_report_t *sm_report_create(FILE *out, bool json, const char *const *names,
							  unsigned int nnames);

/**
 * Print one attempt (and its peer, the other side's view).
 */
void sm_report_attempt(sm_report_t *r, const sm_attempt_t *a);

/**
 * Print the summary (text) or close the document (JSON).
 */
void sm_report_finish(sm_report_t *r);

/**
 * Number of attempts printed, and of those that failed.
 */
void sm_report_counts(const sm_report_t *r, unsigned long *attempts,
					  unsigned long *failed);

/**
 * Destroy a report; NULL is fine.
 */
void sm_report_destroy(sm_report_t *r);

/**
 * Format a time of a log (see sm_time_kind_t) as "YYYY-MM-DD HH:MM:SS",
 * "HH:MM:SS" (with milliseconds if any) or "".
 */
void sm_report_time(double t, sm_time_kind_t kind, char *buf, size_t size);

#endif /* SM_DX_REPORT_H_ */
