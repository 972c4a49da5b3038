/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file diagnose.h
 * The diagnose stage: charon logs in (one or more sources: files, stdin,
 * journalctl's output), classified connection attempts out, in the order
 * they started, each paired with the other side's view when both logs are
 * given.
 *
 *   lines --logline--> parts --event--> events --group--> attempts
 *         --classify--> causes --pair--> one attempt per exchange --> callback
 *
 * Reading is streaming: line by line, sources merged by time stamp, state
 * kept only for open IKE_SAs (bounded), evidence capped per attempt; memory
 * does not grow with the size of the input.
 */
#ifndef SM_DX_DIAGNOSE_H_
#define SM_DX_DIAGNOSE_H_

#include "attempt.h"
#include "logline.h"

#include <stdbool.h>
#include <stdio.h>

/** Longest line read; longer lines are cut (the rest is skipped). */
#define SM_DIAGNOSE_MAX_LINE 65536

/** Receives each classified attempt; internal data, valid during the call. */
typedef void (*sm_diagnose_cb_t)(const sm_attempt_t *a, void *ctx);

/** A diagnosis in progress. */
typedef struct sm_diagnose sm_diagnose_t;

/**
 * Create a diagnosis.
 *
 * @param nsources	number of sources (at least 1)
 * @param now		current time (seconds since the epoch), for dates
 *					without a year
 * @param cb		receives the attempts
 * @param ctx		passed to cb
 * @return			diagnosis (must be destroyed), NULL if out of memory
 */
sm_diagnose_t *sm_diagnose_create(unsigned int nsources, double now,
								  sm_diagnose_cb_t cb, void *ctx);

/**
 * Ignore lines logged before a time (lines without time stamps are kept;
 * when the log or the time has no date, times of day are compared).
 */
void sm_diagnose_since(sm_diagnose_t *d, double since, sm_time_kind_t kind);

/**
 * Feed one line of a source (without its newline).  Lines must be fed in
 * time order across sources; sm_diagnose_run() does that.
 */
void sm_diagnose_line(sm_diagnose_t *d, unsigned int src, const char *line,
					  size_t len);

/**
 * A source has ended.
 */
void sm_diagnose_source_done(sm_diagnose_t *d, unsigned int src);

/**
 * Read all sources to their end, merging them by time stamp, and feed
 * their lines.
 *
 * @param in		one stream per source (not closed)
 * @param failed	receives the index of a source that could not be read
 * @return			0, or the errno of the failed read
 */
int sm_diagnose_run(sm_diagnose_t *d, FILE *const *in, unsigned int *failed);

/**
 * Emit every attempt still open (at the end of the input).
 */
void sm_diagnose_finish(sm_diagnose_t *d);

/**
 * Number of lines read, and of those that were charon's.
 */
void sm_diagnose_counts(const sm_diagnose_t *d, unsigned long *lines,
						unsigned long *charon);

/**
 * Number of attempts held right now (for the benchmark).
 */
size_t sm_diagnose_open(const sm_diagnose_t *d);

/**
 * Destroy a diagnosis; NULL is fine.
 */
void sm_diagnose_destroy(sm_diagnose_t *d);

#endif /* SM_DX_DIAGNOSE_H_ */
