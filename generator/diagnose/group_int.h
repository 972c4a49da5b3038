/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file group_int.h
 * The grouper's state, shared by group.c (life of attempts: readiness,
 * pairing, emission) and group_assign.c (which attempt a line belongs to).
 */
#ifndef SM_DX_GROUP_INT_H_
#define SM_DX_GROUP_INT_H_

#include "group.h"
#include "hmap.h"
#include "record.h"

/** Thread contexts per source (thread numbers are folded into this). */
#define THREADS 1024
/** Most ids and child ids an attempt is indexed under. */
#define MAX_UIDS 4
#define MAX_CUIDS 8
/** How far back to look for an attempt waiting for a response. */
#define WAITING_SCAN 64

typedef struct sa {
	sm_attempt_t *a;
	struct sa *prev, *next;
	/** global line counter at creation, at the last line, when finished */
	unsigned long first_gline, last_gline, done_gline;
	/** endpoint keys: addresses only, with ports */
	char ep[2][128];
	unsigned int uids[MAX_UIDS], cuids[MAX_CUIDS];
	size_t nuids, ncuids;
	/** the next IKE_SA unique id seen in its thread is a retry of it */
	bool rebind;
} sa_t;

typedef struct {
	/** the IKE_SA the thread works on */
	sa_t *sa;
	/** the IKE_SA its last received packet created */
	sa_t *created;
	/** endpoints of its last received packet */
	char local[SM_ADDR_LEN], lport[8], remote[SM_ADDR_LEN], rport[8];
	/** the IKE_SA that packet was counted for, and what it was before */
	sa_t *recv_sa;
	sm_attempt_t before;
	unsigned long recv_line;
	double recv_time;
	sm_time_kind_t recv_tkind;
} ctx_t;

struct sm_grouper {
	sm_grouper_opts_t o;
	sm_grouper_emit_t emit;
	void *ectx;
	/** attempts in the order they were created */
	sa_t *head, *tail;
	size_t count;
	sm_hmap_t *by_id, *by_ep, *by_child;
	ctx_t **threads;
	sa_t **last;
	bool *src_done;
	unsigned int ndone;
	unsigned long gline, seq;
	double now;
	sm_time_kind_t now_kind;
	bool finishing;
};

/** Key of an IKE_SA ('#') or CHILD_SA ('{') unique id of a source. */
void sm_grp_key_id(char *buf, size_t size, unsigned int src, char kind,
				   unsigned int id);

/** A new attempt at the end of the list (NULL if out of memory). */
sa_t *sm_grp_new_sa(sm_grouper_t *g, unsigned int src);

/** Index an attempt under an IKE_SA ('#') or CHILD_SA ('{') unique id. */
void sm_grp_index_id(sm_grouper_t *g, sa_t *sa, char kind, unsigned int id);

/** The attempt indexed under a unique id, NULL if none. */
sa_t *sm_grp_get_id(sm_grouper_t *g, unsigned int src, char kind,
					unsigned int id);

/** The endpoint keys: addresses only, and with ports. */
void sm_grp_ep_keys(char k[2][128], unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp);

/** Index an attempt under its endpoints. */
void sm_grp_index_ep(sm_grouper_t *g, sa_t *sa, const char *lo, const char *lp,
					 const char *re, const char *rp);

/** The attempt of endpoints (with ports, else addresses only), or NULL. */
sa_t *sm_grp_get_ep(sm_grouper_t *g, unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp);

/** The attempt a line belongs to (NULL: the line does not matter). */
sa_t *sm_grp_choose(sm_grouper_t *g, unsigned int src, ctx_t *ctx,
					const sm_logline_t *l, const sm_event_t *ev);

#endif /* SM_DX_GROUP_INT_H_ */
