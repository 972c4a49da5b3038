/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file group.h
 * The grouper: lines with their events in, connection attempts out.
 *
 * Lines are assigned to IKE_SAs by what they carry: the IKE_SA prefix
 * (<name|id>, JSON fields), an IKE_SA or CHILD_SA reference in the message,
 * the endpoints of received and sent packets, and otherwise the thread that
 * logs them (charon handles one message of one IKE_SA per job).  A new
 * IKE_SA_INIT/Main/Aggressive Mode request starts a new attempt; a retry
 * after INVALID_KE_PAYLOAD continues the attempt it answers.
 *
 * Attempts are emitted in the order they started, once finished and quiet
 * (or held long enough, or when too many are open), so memory is bounded
 * by max_open attempts whatever the size of the input.  With several
 * sources, an attempt is paired with the other side's attempt (see pair.h)
 * before it is emitted.
 */
#ifndef SM_DX_GROUP_H_
#define SM_DX_GROUP_H_

#include "attempt.h"
#include "event.h"
#include "logline.h"

/** Tuning of the grouper. */
typedef struct {
	/** number of sources (files) */
	unsigned int nsources;
	/** a finished attempt waits this long (log time) for trailing lines */
	double grace_time;
	/** ... or this many further lines when the log has no time stamps */
	unsigned long grace_lines;
	/** an established IKE_SA is held this long for its CHILD_SAs */
	double hold_time;
	unsigned long hold_lines;
	/** an attempt without news for this long is complete */
	double stale_time;
	unsigned long stale_lines;
	/** most attempts held at once */
	size_t max_open;
} sm_grouper_opts_t;

/** Defaults: 10 s / 2000 lines, 300 s / 50000 lines, 120 s / 20000 lines,
 * 2048 attempts. */
void sm_grouper_opts_default(sm_grouper_opts_t *opts, unsigned int nsources);

/** Receives every complete attempt (owned by the callee, must be
 * destroyed). */
typedef void (*sm_grouper_emit_t)(sm_attempt_t *a, void *ctx);

/** A grouper. */
typedef struct sm_grouper sm_grouper_t;

/**
 * Create a grouper.
 *
 * @return			grouper (must be destroyed), NULL if out of memory
 */
sm_grouper_t *sm_grouper_create(const sm_grouper_opts_t *opts,
								sm_grouper_emit_t emit, void *ctx);

/**
 * Feed one line.
 *
 * @param g			grouper
 * @param src		source index (< nsources)
 * @param lineno	1-based line number in the source
 * @param raw		the raw line (for evidence)
 * @param rawlen	its length
 * @param l			the parsed line
 * @param ev		its event
 */
void sm_grouper_line(sm_grouper_t *g, unsigned int src, unsigned long lineno,
					 const char *raw, size_t rawlen, const sm_logline_t *l,
					 const sm_event_t *ev);

/**
 * A source has ended.
 */
void sm_grouper_source_done(sm_grouper_t *g, unsigned int src);

/**
 * Emit everything still held (at the end of the input).
 */
void sm_grouper_finish(sm_grouper_t *g);

/**
 * Number of attempts held right now.
 */
size_t sm_grouper_open(const sm_grouper_t *g);

/**
 * Destroy a grouper and the attempts it still holds; NULL is fine.
 */
void sm_grouper_destroy(sm_grouper_t *g);

#endif /* SM_DX_GROUP_H_ */
