/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The grouper: which IKE_SA a line belongs to, and when an attempt is
 * complete.  See group.h.
 */
#include "group.h"

#include "hmap.h"
#include "pair.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Thread contexts per source (thread numbers are folded into this). */
#define THREADS 1024
/** Most ids and child ids an attempt is indexed under. */
#define MAX_UIDS  4
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

void sm_grouper_opts_default(sm_grouper_opts_t *o, unsigned int nsources)
{
	o->nsources = nsources ? nsources : 1;
	o->grace_time = 10;
	o->grace_lines = 2000;
	o->hold_time = 300;
	o->hold_lines = 50000;
	o->stale_time = 120;
	o->stale_lines = 20000;
	o->max_open = 2048;
}

sm_grouper_t *sm_grouper_create(const sm_grouper_opts_t *opts,
								sm_grouper_emit_t emit, void *ctx)
{
	sm_grouper_t *g = calloc(1, sizeof(*g));

	if (!g)
	{
		return NULL;
	}
	g->o = *opts;
	g->emit = emit;
	g->ectx = ctx;
	g->by_id = sm_hmap_create();
	g->by_ep = sm_hmap_create();
	g->by_child = sm_hmap_create();
	g->threads = calloc((size_t)g->o.nsources * THREADS, sizeof(ctx_t *));
	g->last = calloc(g->o.nsources, sizeof(sa_t *));
	g->src_done = calloc(g->o.nsources, sizeof(bool));
	if (!g->by_id || !g->by_ep || !g->by_child || !g->threads || !g->last ||
		!g->src_done)
	{
		sm_grouper_destroy(g);
		return NULL;
	}
	return g;
}

static void key_id(char *buf, size_t size, unsigned int src, char kind,
				   unsigned int id)
{
	snprintf(buf, size, "%u%c%u", src, kind, id);
}

static ctx_t *get_ctx(sm_grouper_t *g, unsigned int src, int thread)
{
	size_t i = (size_t)src * THREADS + (size_t)(thread + 1) % THREADS;

	if (!g->threads[i])
	{
		g->threads[i] = calloc(1, sizeof(ctx_t));
	}
	return g->threads[i];
}

static sa_t *new_sa(sm_grouper_t *g, unsigned int src)
{
	sa_t *sa = calloc(1, sizeof(*sa));

	if (!sa)
	{
		return NULL;
	}
	sa->a = sm_attempt_create(src, g->seq++);
	if (!sa->a)
	{
		free(sa);
		return NULL;
	}
	sa->first_gline = sa->last_gline = g->gline;
	sa->prev = g->tail;
	if (g->tail)
	{
		g->tail->next = sa;
	}
	else
	{
		g->head = sa;
	}
	g->tail = sa;
	g->count++;
	return sa;
}

/** Remove an attempt from the list and every index; returns the record. */
static sm_attempt_t *unlink_sa(sm_grouper_t *g, sa_t *sa)
{
	unsigned int src = sa->a->src;
	sm_attempt_t *a = sa->a;
	char key[48];
	size_t i;

	if (sa->prev)
	{
		sa->prev->next = sa->next;
	}
	else
	{
		g->head = sa->next;
	}
	if (sa->next)
	{
		sa->next->prev = sa->prev;
	}
	else
	{
		g->tail = sa->prev;
	}
	g->count--;
	for (i = 0; i < sa->nuids; i++)
	{
		key_id(key, sizeof(key), src, '#', sa->uids[i]);
		sm_hmap_del(g->by_id, key, sa);
	}
	for (i = 0; i < sa->ncuids; i++)
	{
		key_id(key, sizeof(key), src, '{', sa->cuids[i]);
		sm_hmap_del(g->by_child, key, sa);
	}
	for (i = 0; i < 2; i++)
	{
		if (sa->ep[i][0])
		{
			sm_hmap_del(g->by_ep, sa->ep[i], sa);
		}
	}
	for (i = (size_t)src * THREADS; i < (size_t)(src + 1) * THREADS; i++)
	{
		if (g->threads[i] && g->threads[i]->sa == sa)
		{
			g->threads[i]->sa = NULL;
		}
		if (g->threads[i] && g->threads[i]->created == sa)
		{
			g->threads[i]->created = NULL;
		}
		if (g->threads[i] && g->threads[i]->recv_sa == sa)
		{
			g->threads[i]->recv_sa = NULL;
		}
	}
	if (g->last[src] == sa)
	{
		g->last[src] = NULL;
	}
	free(sa);
	return a;
}

static void index_id(sm_grouper_t *g, sa_t *sa, char kind, unsigned int id)
{
	unsigned int *ids = kind == '#' ? sa->uids : sa->cuids;
	size_t *n = kind == '#' ? &sa->nuids : &sa->ncuids;
	size_t max = kind == '#' ? MAX_UIDS : MAX_CUIDS, i;
	char key[48];

	for (i = 0; i < *n; i++)
	{
		if (ids[i] == id)
		{
			return;
		}
	}
	key_id(key, sizeof(key), sa->a->src, kind, id);
	if (*n < max && sm_hmap_put(kind == '#' ? g->by_id : g->by_child, key, sa))
	{
		ids[(*n)++] = id;
	}
	if (kind == '#')
	{
		sa->a->uid = id;
	}
}

static sa_t *get_id(sm_grouper_t *g, unsigned int src, char kind,
					unsigned int id)
{
	char key[48];

	key_id(key, sizeof(key), src, kind, id);
	return sm_hmap_get(kind == '#' ? g->by_id : g->by_child, key);
}

static void ep_keys(char k[2][128], unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp)
{
	snprintf(k[0], 128, "%u|%s|%s", src, lo, re);
	snprintf(k[1], 128, "%u|%s:%s|%s:%s", src, lo, lp, re, rp);
}

static void index_ep(sm_grouper_t *g, sa_t *sa, const char *lo, const char *lp,
					 const char *re, const char *rp)
{
	char k[2][128];
	int i;

	ep_keys(k, sa->a->src, lo, lp, re, rp);
	for (i = 0; i < 2; i++)
	{
		if (strcmp(sa->ep[i], k[i]))
		{
			if (sa->ep[i][0])
			{
				sm_hmap_del(g->by_ep, sa->ep[i], sa);
			}
			memcpy(sa->ep[i], k[i], sizeof(k[i]));
		}
		sm_hmap_put(g->by_ep, k[i], sa);
	}
}

static sa_t *get_ep(sm_grouper_t *g, unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp)
{
	char k[2][128];
	sa_t *sa;

	ep_keys(k, src, lo, lp, re, rp);
	sa = sm_hmap_get(g->by_ep, k[1]);
	return sa ? sa : sm_hmap_get(g->by_ep, k[0]);
}

/** The attempt a line without any reference belongs to. */
static sa_t *fallback(sm_grouper_t *g, unsigned int src, ctx_t *ctx)
{
	if (ctx->sa)
	{
		return ctx->sa;
	}
	if (g->last[src] && !g->last[src]->a->finished)
	{
		return g->last[src];
	}
	return new_sa(g, src);
}

/**
 * An attempt that has sent requests without an answer (for the lines of
 * timer jobs), of IKE version v (0: any).
 */
static sa_t *waiting(sm_grouper_t *g, unsigned int src, ctx_t *ctx, int v)
{
	sa_t *sa;
	int n = 0;

	if (ctx->sa && ctx->sa->a->sent_since_recv &&
		(!v || !ctx->sa->a->version || ctx->sa->a->version == v))
	{
		return ctx->sa;
	}
	for (sa = g->tail; sa && n < WAITING_SCAN; sa = sa->prev, n++)
	{
		if (sa->a->src == src && sa->a->sent_since_recv && !sa->a->finished &&
			(!v || !sa->a->version || sa->a->version == v))
		{
			return sa;
		}
	}
	sa = fallback(g, src, ctx);
	if (sa && v && sa->a->version && sa->a->version != v)
	{
		/* an IKE_SA whose start is not in the log */
		sa = new_sa(g, src);
	}
	return sa;
}

/** A new IKE_SA_INIT/Main Mode request arrived on the endpoints of sa. */
static sa_t *new_request(sm_grouper_t *g, unsigned int src, ctx_t *ctx,
						 sa_t *sa)
{
	sm_attempt_t *a = sa->a;

	if (a->ke_retry_expected)
	{
		/* the retry with the requested key exchange method continues the
		 * attempt; the responder gives it a new IKE_SA */
		a->finished = false;
		a->invalid_ke_retry = true;
		a->ke_retry_expected = false;
		sa->rebind = true;
		return sa;
	}
	if (ctx->recv_sa == sa)
	{
		/* the packet belongs to the new IKE_SA, not to the old one */
		a->n_recv = ctx->before.n_recv;
		a->sent_since_recv = ctx->before.sent_since_recv;
		a->t_end = ctx->before.t_end;
		a->line_last = ctx->before.line_last;
	}
	sa = new_sa(g, src);
	if (sa && ctx->local[0])
	{
		index_ep(g, sa, ctx->local, ctx->lport, ctx->remote, ctx->rport);
	}
	if (sa && ctx->recv_sa)
	{
		sa->a->n_recv = 1;
		sa->a->line_first = ctx->recv_line;
		sa->a->t_start = sa->a->t_end = ctx->recv_time;
		sa->a->tkind = ctx->recv_tkind;
	}
	ctx->recv_sa = NULL;
	return sa;
}

static sa_t *choose(sm_grouper_t *g, unsigned int src, ctx_t *ctx,
					const sm_logline_t *l, const sm_event_t *ev)
{
	char name[SM_LOGLINE_NAME], lo[SM_ADDR_LEN], lp[8], re[SM_ADDR_LEN], rp[8];
	char keys[2][128];
	unsigned int id;
	sa_t *sa;

	if (l->has_sa)
	{
		sa = get_id(g, src, '#', l->sa_id);
		if (sa && sa->a->finished &&
			(ev->kind == SM_EV_INITIATING || sm_ev_init_request(ev)) &&
			!sa->a->ke_retry_expected)
		{
			sa = NULL;
		}
		if (!sa && ev->kind == SM_EV_RECV_PACKET)
		{
			/* a retry after INVALID_KE_PAYLOAD gets a new unique id */
			sm_ev_endpoints(ev, lo, lp, re, rp);
			sa = get_ep(g, src, lo, lp, re, rp);
			if (sa && !sa->a->ke_retry_expected)
			{
				sa = NULL;
			}
			else if (sa)
			{
				sa->a->finished = false;
				sa->a->invalid_ke_retry = true;
				sa->a->ke_retry_expected = false;
			}
		}
		if (!sa)
		{
			sa = new_sa(g, src);
		}
		if (sa)
		{
			index_id(g, sa, '#', l->sa_id);
		}
		return sa;
	}
	if (ev->kind == SM_EV_NONE)
	{
		return NULL;
	}
	if (sm_ev_sa_ref(ev, name, sizeof(name), &id))
	{
		sa = get_id(g, src, '#', id);
		if (ev->kind == SM_EV_INITIATING && sa && sa->a->finished)
		{
			sa = NULL;
		}
		if (!sa && ev->kind == SM_EV_HALF_OPEN_TIMEOUT && ev->ncaps >= 3)
		{
			/* logged by a timer job: find the IKE_SA by its peer */
			sm_span_copy(ev->cap[2], re, sizeof(re));
			for (sa = g->tail; sa; sa = sa->prev)
			{
				if (sa->a->src == src && !sa->a->finished &&
					!strcmp(sa->a->remote, re))
				{
					break;
				}
			}
		}
		if (!sa && ev->kind != SM_EV_INITIATING && ctx->sa &&
			(!ctx->sa->a->uid || ctx->sa->rebind))
		{
			sa = ctx->sa;
			sa->rebind = false;
		}
		if (!sa)
		{
			sa = new_sa(g, src);
		}
		if (sa)
		{
			index_id(g, sa, '#', id);
			if (name[0] && !sa->a->name[0])
			{
				snprintf(sa->a->name, sizeof(sa->a->name), "%s", name);
			}
		}
		return sa;
	}
	switch (ev->kind)
	{
		case SM_EV_RECV_PACKET:
			sm_ev_endpoints(ev, lo, lp, re, rp);
			memcpy(ctx->local, lo, sizeof(lo));
			memcpy(ctx->lport, lp, sizeof(lp));
			memcpy(ctx->remote, re, sizeof(re));
			memcpy(ctx->rport, rp, sizeof(rp));
			ctx->created = NULL;
			sa = get_ep(g, src, lo, lp, re, rp);
			if (sa && sa->a->finished && !sa->a->ke_retry_expected)
			{
				/* a finished IKE_SA gets no more packets: a new one */
				sa = NULL;
			}
			if (!sa && (sa = new_sa(g, src)))
			{
				ctx->created = sa;
			}
			return sa;
		case SM_EV_SEND_PACKET:
			sm_ev_endpoints(ev, lo, lp, re, rp);
			ep_keys(keys, src, lo, lp, re, rp);
			sa = sm_hmap_get(g->by_ep, keys[1]);
			if (sa)
			{
				return sa;
			}
			if (ctx->sa &&
				(!ctx->sa->a->local[0] || (!strcmp(ctx->sa->a->local, lo) &&
										   !strcmp(ctx->sa->a->remote, re))))
			{
				return ctx->sa;
			}
			sa = sm_hmap_get(g->by_ep, keys[0]);
			return sa ? sa : fallback(g, src, ctx);
		case SM_EV_PARSED:
			sa = ctx->sa;
			if (sm_ev_init_request(ev) && sa && sa != ctx->created &&
				sa->a->started)
			{
				sa = new_request(g, src, ctx, sa);
			}
			ctx->created = NULL;
			return sa ? sa : fallback(g, src, ctx);
		case SM_EV_RETRANSMIT:
			return waiting(g, src, ctx, 2);
		case SM_EV_RETRANSMIT_V1:
			return waiting(g, src, ctx, 1);
		case SM_EV_GIVING_UP:
		case SM_EV_PEER_NOT_RESPONDING:
			return waiting(g, src, ctx, 0);
		case SM_EV_ESTABLISHING_CHILD:
		case SM_EV_CHILD_ESTABLISHED:
			if (ev->ncaps >= 2)
			{
				char buf[16];

				id = (unsigned int)strtoul(
					sm_span_copy(ev->cap[1], buf, sizeof(buf)), NULL, 10);
				sa = get_id(g, src, '{', id);
				if (!sa)
				{
					sa = fallback(g, src, ctx);
				}
				if (sa)
				{
					index_id(g, sa, '{', id);
				}
				return sa;
			}
			return fallback(g, src, ctx);
		default:
			return fallback(g, src, ctx);
	}
}

/** Whether the head attempt may be emitted now. */
static bool ready(sm_grouper_t *g, sa_t *sa)
{
	sm_attempt_t *a = sa->a;
	double quiet = -1, limit_t;
	unsigned long lines, limit_l;

	if (g->finishing || g->count > g->o.max_open)
	{
		return true;
	}
	if (a->tkind != SM_TIME_NONE && a->tkind == g->now_kind)
	{
		quiet = g->now - a->t_end;
	}
	if (g->o.nsources > 1 && quiet < 0 && g->ndone < g->o.nsources)
	{
		return false;
	}
	lines = g->gline - sa->last_gline;
	if (a->finished)
	{
		limit_t = g->o.grace_time;
		limit_l = g->o.grace_lines;
	}
	else if (a->ike_established)
	{
		limit_t = g->o.hold_time;
		limit_l = g->o.hold_lines;
		if (quiet >= 0)
		{
			quiet = g->now - a->t_start;
		}
		lines = g->gline - sa->first_gline;
	}
	else
	{
		limit_t = g->o.stale_time;
		limit_l = g->o.stale_lines;
	}
	if (quiet >= 0)
	{
		return quiet > limit_t;
	}
	return lines > limit_l;
}

/** Emit the attempt of sa (with its partner from another source). */
static void emit_sa(sm_grouper_t *g, sa_t *sa)
{
	sm_attempt_t *a = unlink_sa(g, sa), *b;
	sa_t *it, *best = NULL;
	int score, best_score = -1;

	if (!sm_attempt_reportable(a))
	{
		sm_attempt_destroy(a);
		return;
	}
	if (g->o.nsources > 1)
	{
		for (it = g->head; it; it = it->next)
		{
			if (it->a->src == a->src || !sm_attempt_reportable(it->a))
			{
				continue;
			}
			score = sm_pair_score(a, it->a);
			if (score > best_score)
			{
				best_score = score;
				best = it;
			}
		}
		if (best)
		{
			b = unlink_sa(g, best);
			a->peer = b;
		}
	}
	g->emit(a, g->ectx);
}

static void ripen(sm_grouper_t *g)
{
	while (g->head && ready(g, g->head))
	{
		emit_sa(g, g->head);
	}
}

void sm_grouper_line(sm_grouper_t *g, unsigned int src, unsigned long lineno,
					 const char *raw, size_t rawlen, const sm_logline_t *l,
					 const sm_event_t *ev)
{
	char lo[SM_ADDR_LEN], lp[8], re[SM_ADDR_LEN], rp[8];
	ctx_t *ctx;
	sa_t *sa;

	if (src >= g->o.nsources)
	{
		return;
	}
	g->gline++;
	if (l->tkind != SM_TIME_NONE)
	{
		g->now = l->time;
		g->now_kind = l->tkind;
	}
	ctx = get_ctx(g, src, l->thread);
	if (!ctx)
	{
		return;
	}
	sa = choose(g, src, ctx, l, ev);
	if (sa && ev->kind == SM_EV_RECV_PACKET)
	{
		ctx->recv_sa = sa;
		ctx->before = *sa->a;
		ctx->recv_line = lineno;
		ctx->recv_time = l->time;
		ctx->recv_tkind = l->tkind;
	}
	else if (ev->kind != SM_EV_NONE)
	{
		ctx->recv_sa = NULL;
	}
	if (sa)
	{
		ctx->sa = sa;
		g->last[src] = sa;
		sm_record(sa->a, ev, l, src, lineno, raw, rawlen);
		if (sm_ev_endpoints(ev, lo, lp, re, rp))
		{
			index_ep(g, sa, lo, lp, re, rp);
		}
		if (l->has_sa)
		{
			index_id(g, sa, '#', l->sa_id);
		}
		sa->last_gline = g->gline;
	}
	ripen(g);
}

void sm_grouper_source_done(sm_grouper_t *g, unsigned int src)
{
	if (src < g->o.nsources && !g->src_done[src])
	{
		g->src_done[src] = true;
		g->ndone++;
		ripen(g);
	}
}

void sm_grouper_finish(sm_grouper_t *g)
{
	g->finishing = true;
	ripen(g);
	g->finishing = false;
}

size_t sm_grouper_open(const sm_grouper_t *g)
{
	return g->count;
}

void sm_grouper_destroy(sm_grouper_t *g)
{
	size_t i;

	if (!g)
	{
		return;
	}
	while (g->head)
	{
		sm_attempt_destroy(unlink_sa(g, g->head));
	}
	if (g->threads)
	{
		for (i = 0; i < (size_t)g->o.nsources * THREADS; i++)
		{
			free(g->threads[i]);
		}
	}
	free(g->threads);
	free(g->last);
	free(g->src_done);
	sm_hmap_destroy(g->by_id);
	sm_hmap_destroy(g->by_ep);
	sm_hmap_destroy(g->by_child);
	free(g);
}
