/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driving the stage: reading sources line by line, merging them by time,
 * filtering by --since, and handing classified attempts to the caller.
 */
#include "config.h"

#include "diagnose.h"

#include "classify.h"
#include "event.h"
#include "group.h"
#include "pair.h"
#include "sm_countof.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/** Read buffer of a source. */
#define READ_BUF (SM_DIAGNOSE_MAX_LINE * 2)

typedef struct {
	FILE *in;
	char *buf;
	size_t start, end;
	bool eof, skipping;
	/** the line read ahead, and whether there is one */
	const char *line;
	size_t len;
	bool has;
	/** its parts (valid while has) */
	sm_logline_t parsed;
	bool charon;
	unsigned long lineno;
	/** days added to times of day after midnight, last time of day */
	double day_offset, last_tod;
	bool seen_tod;
	sm_logline_parser_t *parser;
} source_t;

struct sm_diagnose {
	unsigned int nsources;
	source_t *src;
	sm_grouper_t *grouper;
	sm_diagnose_cb_t cb;
	void *ctx;
	bool has_since;
	double since;
	sm_time_kind_t since_kind;
	unsigned long lines, charon;
};

static void emit(sm_attempt_t *a, void *ctx)
{
	sm_diagnose_t *d = ctx;

	sm_classify(a);
	if (a->peer)
	{
		/* each side's rules may look at the other side's facts; the link
		 * back is not owned and removed before the pair is handed on */
		a->peer->peer = a;
		sm_classify(a->peer);
		a->peer->peer = NULL;
		a = sm_pair_primary(a);
	}
	d->cb(a, d->ctx);
	sm_attempt_destroy(a);
}

sm_diagnose_t *sm_diagnose_create(unsigned int nsources, double now,
								  sm_diagnose_cb_t cb, void *ctx)
{
	sm_grouper_opts_t opts;
	sm_diagnose_t *d;
	unsigned int i;

	if (nsources == 0)
	{
		nsources = 1;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
	{
		return NULL;
	}
	d->nsources = nsources;
	d->cb = cb;
	d->ctx = ctx;
	d->src = calloc(nsources, sizeof(source_t));
	sm_grouper_opts_default(&opts, nsources);
	d->grouper = sm_grouper_create(&opts, emit, d);
	if (!d->src || !d->grouper)
	{
		sm_diagnose_destroy(d);
		return NULL;
	}
	for (i = 0; i < nsources; i++)
	{
		d->src[i].parser = sm_logline_parser_create(now);
		if (!d->src[i].parser)
		{
			sm_diagnose_destroy(d);
			return NULL;
		}
	}
	return d;
}

void sm_diagnose_since(sm_diagnose_t *d, double since, sm_time_kind_t kind)
{
	d->has_since = kind != SM_TIME_NONE;
	d->since = since;
	d->since_kind = kind;
}

static double tod(double t)
{
	long days = (long)(t / 86400);

	return t - (double)days * 86400.0;
}

/** Parse the line a source has read; fix times of day past midnight. */
static void parse(sm_diagnose_t *d, source_t *s)
{
	double t;

	s->charon = sm_logline_parse(s->parser, s->line, s->len, &s->parsed);
	if (!s->charon || s->parsed.tkind != SM_TIME_OF_DAY)
	{
		return;
	}
	t = s->parsed.time + s->day_offset;
	if (s->seen_tod && t < s->last_tod - 43200)
	{
		s->day_offset += 86400;
		t += 86400;
	}
	s->seen_tod = true;
	s->last_tod = t;
	s->parsed.time = t;
	(void)d;
}

static bool before_since(const sm_diagnose_t *d, const sm_logline_t *l)
{
	if (!d->has_since || l->tkind == SM_TIME_NONE)
	{
		return false;
	}
	if (l->tkind == SM_TIME_DATE && d->since_kind == SM_TIME_DATE)
	{
		return l->time < d->since;
	}
	return tod(l->time) < tod(d->since);
}

/** Log groups whose messages never concern a connection attempt. */
static bool unrelated(const char *group)
{
	static const char *const groups[] = {
		"LIB", "KNL", "DMN", "ASN", "TLS", "APP",
		"MGR", "TNC", "IMC", "IMV", "PTS", "ESP",
	};
	size_t i;

	for (i = 0; group[0] && i < countof(groups); i++)
	{
		if (!memcmp(group, groups[i], 3))
		{
			return true;
		}
	}
	return false;
}

/** Feed the parsed line of a source to the grouper. */
static void feed(sm_diagnose_t *d, unsigned int i)
{
	source_t *s = &d->src[i];
	sm_event_t ev;

	d->lines++;
	if (!s->charon || before_since(d, &s->parsed))
	{
		return;
	}
	d->charon++;
	if (unrelated(s->parsed.group) && memcmp(s->parsed.group, "KNL", 3))
	{
		return;
	}
	sm_event_parse(s->parsed.msg, s->parsed.msg_len, &ev);
	/* of the kernel interface's messages, only the one that explains a
	 * CHILD_SA's failure concerns an attempt (it runs in its thread) */
	if (unrelated(s->parsed.group) && ev.kind != SM_EV_KERNEL_ROUTE_FAILED)
	{
		return;
	}
	sm_grouper_line(d->grouper, i, s->lineno, s->line, s->len, &s->parsed, &ev);
}

void sm_diagnose_line(sm_diagnose_t *d, unsigned int src, const char *line,
					  size_t len)
{
	source_t *s;

	if (src >= d->nsources)
	{
		return;
	}
	s = &d->src[src];
	s->lineno++;
	s->line = line;
	s->len = len < SM_DIAGNOSE_MAX_LINE ? len : SM_DIAGNOSE_MAX_LINE;
	parse(d, s);
	feed(d, src);
}

void sm_diagnose_source_done(sm_diagnose_t *d, unsigned int src)
{
	sm_grouper_source_done(d->grouper, src);
}

/** Read the next line of a source into s->line; false at the end. */
static bool next_line(source_t *s, int *err)
{
	char *nl;
	size_t n;

	for (;;)
	{
		nl = memchr(s->buf + s->start, '\n', s->end - s->start);
		if (nl || (s->eof && s->end > s->start) ||
			s->end - s->start >= SM_DIAGNOSE_MAX_LINE)
		{
			size_t len =
				nl ? (size_t)(nl - (s->buf + s->start)) : s->end - s->start;

			if (len > SM_DIAGNOSE_MAX_LINE)
			{
				len = SM_DIAGNOSE_MAX_LINE;
			}
			s->line = s->buf + s->start;
			s->len = len;
			s->start += nl ? len + 1 : len;
			if (s->skipping)
			{
				/* the rest of a line that was too long */
				s->skipping = !nl;
				continue;
			}
			s->skipping = !nl && !s->eof;
			s->lineno++;
			return true;
		}
		if (s->eof)
		{
			return false;
		}
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
		n = fread(s->buf + s->end, 1, READ_BUF - s->end, s->in);
		s->end += n;
		if (n == 0)
		{
			if (ferror(s->in))
			{
				*err = errno ? errno : EIO;
				return false;
			}
			s->eof = true;
		}
	}
}

int sm_diagnose_run(sm_diagnose_t *d, FILE *const *in, unsigned int *failed)
{
	source_t *s, *best;
	unsigned int i, bi;
	int err = 0;

	for (i = 0; i < d->nsources; i++)
	{
		s = &d->src[i];
		s->in = in[i];
		s->buf = malloc(READ_BUF);
		if (!s->buf)
		{
			*failed = i;
			return ENOMEM;
		}
		s->has = next_line(s, &err);
		if (err)
		{
			*failed = i;
			return err;
		}
		if (s->has)
		{
			parse(d, s);
		}
		else
		{
			sm_grouper_source_done(d->grouper, i);
		}
	}
	for (;;)
	{
		best = NULL;
		bi = 0;
		for (i = 0; i < d->nsources; i++)
		{
			s = &d->src[i];
			if (!s->has)
			{
				continue;
			}
			if (!s->charon || s->parsed.tkind == SM_TIME_NONE)
			{
				best = s;
				bi = i;
				break;
			}
			if (!best || s->parsed.time < best->parsed.time)
			{
				best = s;
				bi = i;
			}
		}
		if (!best)
		{
			break;
		}
		feed(d, bi);
		best->has = next_line(best, &err);
		if (err)
		{
			*failed = bi;
			return err;
		}
		if (best->has)
		{
			parse(d, best);
		}
		else
		{
			sm_grouper_source_done(d->grouper, bi);
		}
	}
	return 0;
}

void sm_diagnose_finish(sm_diagnose_t *d)
{
	sm_grouper_finish(d->grouper);
}

void sm_diagnose_counts(const sm_diagnose_t *d, unsigned long *lines,
						unsigned long *charon)
{
	*lines = d->lines;
	*charon = d->charon;
}

size_t sm_diagnose_open(const sm_diagnose_t *d)
{
	return sm_grouper_open(d->grouper);
}

void sm_diagnose_destroy(sm_diagnose_t *d)
{
	unsigned int i;

	if (!d)
	{
		return;
	}
	sm_grouper_destroy(d->grouper);
	if (d->src)
	{
		for (i = 0; i < d->nsources; i++)
		{
			sm_logline_parser_destroy(d->src[i].parser);
			free(d->src[i].buf);
		}
	}
	free(d->src);
	free(d);
}
