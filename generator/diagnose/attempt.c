/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The attempt record: facts, evidence and values with bounded memory.
 */
#include "config.h"

#include "attempt.h"

#include <stdlib.h>
#include <string.h>

sm_attempt_t *sm_attempt_create(unsigned int src, unsigned long seq)
{
	sm_attempt_t *a = calloc(1, sizeof(*a));

	if (!a)
	{
		return NULL;
	}
	a->src = src;
	a->seq = seq;
	a->ike_pair_ev = a->esp_pair_ev = -1;
	a->cause = SM_CAUSE_UNKNOWN;
	return a;
}

void sm_attempt_destroy(sm_attempt_t *a)
{
	size_t i;

	if (!a)
	{
		return;
	}
	for (i = 0; i < a->nev; i++)
	{
		free(a->ev[i].text);
	}
	for (i = 0; i < SM_EV_COUNT; i++)
	{
		free(a->fact[i].val[0]);
		free(a->fact[i].val[1]);
	}
	for (i = 0; i < a->nvalues; i++)
	{
		free(a->values[i].received);
		free(a->values[i].configured);
	}
	free(a->ike_recv);
	free(a->ike_conf);
	free(a->esp_recv);
	free(a->esp_conf);
	free(a->ike_sel);
	free(a->esp_sel);
	sm_attempt_destroy(a->peer);
	free(a);
}

void sm_attempt_store(char **dst, const char *text, size_t len, size_t max)
{
	char *copy;

	if (len >= max)
	{
		len = max - 1;
	}
	copy = malloc(len + 1);
	if (!copy)
	{
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	sm_log_clean(copy, len);
	free(*dst);
	*dst = copy;
}

int sm_attempt_evidence(sm_attempt_t *a, unsigned int src, unsigned long line,
						const char *text, size_t len)
{
	sm_evidence_t *e;

	if (a->nev && a->ev[a->nev - 1].src == src &&
		a->ev[a->nev - 1].line == line)
	{
		return (int)a->nev - 1;
	}
	if (a->nev >= SM_ATT_EVIDENCE)
	{
		return -1;
	}
	e = &a->ev[a->nev];
	e->text = NULL;
	sm_attempt_store(&e->text, text, len, SM_ATT_LINE);
	if (!e->text)
	{
		return -1;
	}
	e->src = src;
	e->line = line;
	return (int)a->nev++;
}

void sm_attempt_fact(sm_attempt_t *a, sm_ev_kind_t kind, int ev, sm_span_t *v0,
					 sm_span_t *v1, bool last)
{
	sm_fact_t *f = &a->fact[kind];

	if (f->set && !last)
	{
		return;
	}
	f->set = true;
	f->ev = ev;
	f->xch = a->xch;
	if (v0 && v0->ptr)
	{
		sm_attempt_store(&f->val[0], v0->ptr, v0->len, SM_ATT_TEXT);
	}
	if (v1 && v1->ptr)
	{
		sm_attempt_store(&f->val[1], v1->ptr, v1->len, SM_ATT_TEXT);
	}
}

bool sm_attempt_has(const sm_attempt_t *a, sm_ev_kind_t kind)
{
	return a->fact[kind].set;
}

const char *sm_attempt_val(const sm_attempt_t *a, sm_ev_kind_t kind, int i)
{
	const char *v = a->fact[kind].val[i];

	return v ? v : "";
}

void sm_attempt_value(sm_attempt_t *a, const char *what, const char *received,
					  const char *configured)
{
	sm_value_t *v;

	if (a->nvalues >= SM_ATT_VALUES)
	{
		return;
	}
	v = &a->values[a->nvalues++];
	memset(v, 0, sizeof(*v));
	v->what = what;
	v->src = a->src;
	if (received)
	{
		sm_attempt_store(&v->received, received, strlen(received),
						 SM_ATT_PROPOSALS);
	}
	if (configured)
	{
		sm_attempt_store(&v->configured, configured, strlen(configured),
						 SM_ATT_PROPOSALS);
	}
}

void sm_attempt_use(sm_attempt_t *a, int ev)
{
	size_t i;

	if (ev < 0 || (size_t)ev >= a->nev)
	{
		return;
	}
	for (i = 0; i < a->nused; i++)
	{
		if (a->used[i] == ev)
		{
			return;
		}
	}
	if (a->nused < SM_ATT_EVIDENCE)
	{
		a->used[a->nused++] = ev;
	}
}

void sm_attempt_use_fact(sm_attempt_t *a, sm_ev_kind_t kind)
{
	if (a->fact[kind].set)
	{
		sm_attempt_use(a, a->fact[kind].ev);
	}
}
