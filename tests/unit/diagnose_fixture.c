/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the fixture of the diagnose tests on hand-written logs (see
 * diagnose_fixture.h) */
#include "config.h"

#include "diagnose_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void collect(const sm_attempt_t *a, void *ctx)
{
	results_t *r = ctx;
	size_t i, used;

	r->total++;
	if (r->d && sm_diagnose_open(r->d) > r->max_open)
	{
		r->max_open = sm_diagnose_open(r->d);
	}
	if (a->t_start < r->last_start)
	{
		r->ordered = false;
	}
	r->last_start = a->t_start;
	if (r->n >= MAX_ATTEMPTS)
	{
		return;
	}
	snprintf(r->cause[r->n], 40, "%s", sm_cause_info(a->cause)->code);
	snprintf(r->summary[r->n], 512, "%s", a->summary);
	for (i = used = 0; i < a->nvalues && used < 1000; i++)
	{
		used += (size_t)snprintf(
			r->values[r->n] + used, 1024 - used, "%s=%s|%s;", a->values[i].what,
			a->values[i].received ? a->values[i].received : "",
			a->values[i].configured ? a->values[i].configured : "");
	}
	for (i = used = 0; i < a->nused && used < 2000; i++)
	{
		used += (size_t)snprintf(r->evidence[r->n] + used, 2048 - used, "%s\n",
								 a->ev[a->used[i]].text);
	}
	r->n++;
}

void run(const char *const *lines, size_t n, results_t *r, const char *since)
{
	sm_time_kind_t kind;
	double t;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->ordered = true;
	r->d = sm_diagnose_create(1, 1733011200.0 + 86400, collect, r);
	assert_non_null(r->d);
	if (since)
	{
		t = sm_time_parse(since, strlen(since), 1733011200.0 + 86400, &kind);
		sm_diagnose_since(r->d, t, kind);
	}
	for (i = 0; i < n; i++)
	{
		sm_diagnose_line(r->d, 0, lines[i], strlen(lines[i]));
	}
	sm_diagnose_source_done(r->d, 0);
	sm_diagnose_finish(r->d);
	sm_diagnose_destroy(r->d);
	r->d = NULL;
}

/** A log's lines as one stream (owned by the caller, fclose). */
static FILE *stream(const char *const *lines, size_t n, char **buf)
{
	size_t i, len = 0;
	FILE *f;

	for (i = 0; i < n; i++)
	{
		len += strlen(lines[i]) + 1;
	}
	*buf = calloc(1, len + 1);
	assert_non_null(*buf);
	for (i = 0; i < n; i++)
	{
		strcat(*buf, lines[i]);
		strcat(*buf, "\n");
	}
	f = fmemopen(*buf, len, "r");
	assert_non_null(f);
	return f;
}

void run_pair(const char *const *a, size_t na, const char *const *b, size_t nb,
			  results_t *r)
{
	char *buf[2];
	FILE *in[2];
	unsigned int failed;

	memset(r, 0, sizeof(*r));
	r->ordered = true;
	in[0] = stream(a, na, &buf[0]);
	in[1] = stream(b, nb, &buf[1]);
	r->d = sm_diagnose_create(2, 1733011200.0 + 86400, collect, r);
	assert_non_null(r->d);
	assert_int_equal(sm_diagnose_run(r->d, in, &failed), 0);
	sm_diagnose_finish(r->d);
	sm_diagnose_destroy(r->d);
	r->d = NULL;
	fclose(in[0]);
	fclose(in[1]);
	free(buf[0]);
	free(buf[1]);
}

void expect(const results_t *r, size_t i, const char *cause,
			const char *summary, const char *values)
{
	if (i >= r->n)
	{
		fail_msg("attempt %zu missing (%zu found), expected %s", i + 1, r->n,
				 cause);
	}
	if (strcmp(r->cause[i], cause))
	{
		fail_msg("attempt %zu: %s (%s), expected %s", i + 1, r->cause[i],
				 r->summary[i], cause);
	}
	if (summary && !strstr(r->summary[i], summary))
	{
		fail_msg("attempt %zu: summary '%s' lacks '%s'", i + 1, r->summary[i],
				 summary);
	}
	if (values && !strstr(r->values[i], values))
	{
		fail_msg("attempt %zu: values '%s' lack '%s'", i + 1, r->values[i],
				 values);
	}
}
