/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The grouper: which IKE_SA a line belongs to, and when an attempt is
 * complete.  See group.h.
 */
#include "config.h"

#include "group_int.h"

#include "pair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static ctx_t *get_ctx(sm_grouper_t *g, unsigned int src, int thread)
{
	size_t i = (size_t)src * THREADS + (size_t)(thread + 1) % THREADS;

	if (!g->threads[i])
	{
		g->threads[i] = calloc(1, sizeof(ctx_t));
	}
	return g->threads[i];
}

sa_t *sm_grp_new_sa(sm_grouper_t *g, unsigned int src)
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
		sm_grp_key_id(key, sizeof(key), src, '#', sa->uids[i]);
		sm_hmap_del(g->by_id, key, sa);
	}
	for (i = 0; i < sa->ncuids; i++)
	{
		sm_grp_key_id(key, sizeof(key), src, '{', sa->cuids[i]);
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
	sa = sm_grp_choose(g, src, ctx, l, ev);
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
			sm_grp_index_ep(g, sa, lo, lp, re, rp);
		}
		if (l->has_sa)
		{
			sm_grp_index_id(g, sa, '#', l->sa_id);
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
