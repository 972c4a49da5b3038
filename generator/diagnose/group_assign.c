/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which attempt a line belongs to: the IKE_SA prefix, IKE_SA and CHILD_SA
 * references, the endpoints of packets, the thread's last IKE_SA, and for
 * lines of timer jobs the IKE_SA waiting for an answer.  See group.h.
 */
#include "config.h"

#include "group_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sm_grp_key_id(char *buf, size_t size, unsigned int src, char kind,
				   unsigned int id)
{
	snprintf(buf, size, "%u%c%u", src, kind, id);
}

void sm_grp_index_id(sm_grouper_t *g, sa_t *sa, char kind, unsigned int id)
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
	sm_grp_key_id(key, sizeof(key), sa->a->src, kind, id);
	if (*n < max && sm_hmap_put(kind == '#' ? g->by_id : g->by_child, key, sa))
	{
		ids[(*n)++] = id;
	}
	if (kind == '#')
	{
		sa->a->uid = id;
	}
}

sa_t *sm_grp_get_id(sm_grouper_t *g, unsigned int src, char kind,
					unsigned int id)
{
	char key[48];

	sm_grp_key_id(key, sizeof(key), src, kind, id);
	return sm_hmap_get(kind == '#' ? g->by_id : g->by_child, key);
}

void sm_grp_ep_keys(char k[2][128], unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp)
{
	snprintf(k[0], 128, "%u|%s|%s", src, lo, re);
	snprintf(k[1], 128, "%u|%s:%s|%s:%s", src, lo, lp, re, rp);
}

void sm_grp_index_ep(sm_grouper_t *g, sa_t *sa, const char *lo, const char *lp,
					 const char *re, const char *rp)
{
	char k[2][128];
	int i;

	sm_grp_ep_keys(k, sa->a->src, lo, lp, re, rp);
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

sa_t *sm_grp_get_ep(sm_grouper_t *g, unsigned int src, const char *lo,
					const char *lp, const char *re, const char *rp)
{
	char k[2][128];
	sa_t *sa;

	sm_grp_ep_keys(k, src, lo, lp, re, rp);
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
	return sm_grp_new_sa(g, src);
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
		sa = sm_grp_new_sa(g, src);
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
	sa = sm_grp_new_sa(g, src);
	if (sa && ctx->local[0])
	{
		sm_grp_index_ep(g, sa, ctx->local, ctx->lport, ctx->remote, ctx->rport);
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

sa_t *sm_grp_choose(sm_grouper_t *g, unsigned int src, ctx_t *ctx,
					const sm_logline_t *l, const sm_event_t *ev)
{
	char name[SM_LOGLINE_NAME], lo[SM_ADDR_LEN], lp[8], re[SM_ADDR_LEN], rp[8];
	char keys[2][128];
	unsigned int id;
	sa_t *sa;

	if (l->has_sa)
	{
		sa = sm_grp_get_id(g, src, '#', l->sa_id);
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
			sa = sm_grp_get_ep(g, src, lo, lp, re, rp);
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
			sa = sm_grp_new_sa(g, src);
		}
		if (sa)
		{
			sm_grp_index_id(g, sa, '#', l->sa_id);
		}
		return sa;
	}
	if (ev->kind == SM_EV_NONE)
	{
		return NULL;
	}
	if (sm_ev_sa_ref(ev, name, sizeof(name), &id))
	{
		sa = sm_grp_get_id(g, src, '#', id);
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
			sa = sm_grp_new_sa(g, src);
		}
		if (sa)
		{
			sm_grp_index_id(g, sa, '#', id);
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
			sa = sm_grp_get_ep(g, src, lo, lp, re, rp);
			if (sa && sa->a->finished && !sa->a->ke_retry_expected)
			{
				/* a finished IKE_SA gets no more packets: a new one */
				sa = NULL;
			}
			if (!sa && (sa = sm_grp_new_sa(g, src)))
			{
				ctx->created = sa;
			}
			return sa;
		case SM_EV_SEND_PACKET:
			sm_ev_endpoints(ev, lo, lp, re, rp);
			sm_grp_ep_keys(keys, src, lo, lp, re, rp);
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
				sa = sm_grp_get_id(g, src, '{', id);
				if (!sa)
				{
					sa = fallback(g, src, ctx);
				}
				if (sa)
				{
					sm_grp_index_id(g, sa, '{', id);
				}
				return sa;
			}
			return fallback(g, src, ctx);
		default:
			return fallback(g, src, ctx);
	}
}
