/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the log diagnosis: any input is read as charon log
 * lines, from one source, or from two when it holds a form feed (the
 * initiator's log before it, the responder's after), and every attempt is
 * printed as text and as JSON.  Nothing may crash, leak or hang; every
 * attempt has a known cause, a summary, and at most the capped evidence.
 */
#include "config.h"

#include "diagnose/diagnose.h"
#include "diagnose/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	sm_report_t *text, *json;
} reports_t;

static void check(const sm_attempt_t *a, void *ctx)
{
	reports_t *r = ctx;
	const sm_attempt_t *s;

	for (s = a; s; s = s->peer)
	{
		if (s->cause >= SM_CAUSE_COUNT || !s->summary[0] ||
			s->nev > SM_ATT_EVIDENCE || s->nused > s->nev ||
			s->nvalues > SM_ATT_VALUES)
		{
			abort();
		}
	}
	sm_report_attempt(r->text, a);
	sm_report_attempt(r->json, a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"initiator.log", "responder.log"};
	const char *text = (const char *)data, *end = text + size, *nl, *ff;
	reports_t r = {NULL, NULL};
	sm_diagnose_t *d = NULL;
	unsigned int src = 0, n;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	ff = memchr(text, '\f', size);
	n = ff ? 2 : 1;
	out = open_memstream(&buf, &len);
	if (!out)
	{
		return 0;
	}
	r.text = sm_report_create(out, false, names, n);
	r.json = sm_report_create(out, true, names, n);
	d = sm_diagnose_create(n, 1733011200.0, check, &r);
	if (!r.text || !r.json || !d)
	{
		goto out;
	}
	while (text < end)
	{
		if (ff && text > ff)
		{
			src = 1;
		}
		nl = memchr(text, '\n', (size_t)(end - text));
		if (!nl)
		{
			nl = end;
		}
		sm_diagnose_line(d, src, text, (size_t)(nl - text));
		text = nl + 1;
	}
	sm_diagnose_source_done(d, 0);
	sm_diagnose_source_done(d, n - 1);
	sm_diagnose_finish(d);
	sm_report_finish(r.text);
	sm_report_finish(r.json);

out:
	sm_diagnose_destroy(d);
	sm_report_destroy(r.text);
	sm_report_destroy(r.json);
	fclose(out);
	free(buf);
	return 0;
}
