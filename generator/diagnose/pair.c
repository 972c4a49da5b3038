/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pairing the two sides of an attempt.
 */
#include "config.h"

#include "pair.h"

#include <string.h>

/** Time stamps further apart than this are different attempts. */
#define PAIR_WINDOW 60.0

static bool spi_match(const sm_attempt_t *a, const sm_attempt_t *b, bool *known)
{
	size_t i, j;

	*known = a->nchild && b->nchild;
	for (i = 0; i < a->nchild; i++)
	{
		for (j = 0; j < b->nchild; j++)
		{
			if (!strcmp(a->child[i].spi_in, b->child[j].spi_out) ||
				!strcmp(a->child[i].spi_out, b->child[j].spi_in))
			{
				return true;
			}
		}
	}
	return false;
}

int sm_pair_score(const sm_attempt_t *a, const sm_attempt_t *b)
{
	int score = 0;
	double d;
	bool known;

	if (a->src == b->src)
	{
		return -1;
	}
	if (a->role != SM_ROLE_UNKNOWN && a->role == b->role)
	{
		return -1;
	}
	if (a->version && b->version && a->version != b->version)
	{
		return -1;
	}
	if (spi_match(a, b, &known))
	{
		return 100;
	}
	if (known)
	{
		return -1;
	}
	if (a->local[0] && a->remote[0] && b->local[0] && b->remote[0])
	{
		if (!strcmp(a->local, b->remote) && !strcmp(a->remote, b->local))
		{
			score += 10;
		}
		else if (!strcmp(a->local, b->remote) || !strcmp(a->remote, b->local))
		{
			/* the initiator behind NAT sees other addresses */
			score += 3;
		}
		else
		{
			return -1;
		}
	}
	if (a->eap_id[0] && b->eap_id[0])
	{
		if (strcmp(a->eap_id, b->eap_id))
		{
			return -1;
		}
		score += 5;
	}
	if (a->tkind != SM_TIME_NONE && a->tkind == b->tkind)
	{
		if (b->t_start > a->t_end + PAIR_WINDOW ||
			a->t_start > b->t_end + PAIR_WINDOW)
		{
			return -1;
		}
		d = a->t_start - b->t_start;
		d = d < 0 ? -d : d;
		score += d < 4.0 ? 5 - (int)d : 1;
	}
	if (a->ike_established != b->ike_established)
	{
		/* possible (one side may reject what the other accepted) */
		score -= 1;
	}
	return score < 0 ? 0 : score;
}

/** How specific a side's diagnosis is. */
static int rank(const sm_attempt_t *a)
{
	if (a->cause == SM_CAUSE_UNKNOWN)
	{
		return 0;
	}
	if (a->cause == SM_CAUSE_ESTABLISHED)
	{
		return 1;
	}
	return 1 + a->score;
}

sm_attempt_t *sm_pair_primary(sm_attempt_t *a)
{
	sm_attempt_t *b = a->peer;

	if (!b || rank(a) >= rank(b))
	{
		return a;
	}
	a->peer = NULL;
	b->peer = a;
	return b;
}
