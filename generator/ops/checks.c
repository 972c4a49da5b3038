/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks of doctor and selftest: a verdict, what was found and the fix,
 * printed for people or as JSON (swanmobile(8), DOCTOR JSON):
 *
 *   {"checks": [{"check", "object", "status", "message", "fix"}],
 *    "facts": {KEY: VALUE}, "summary": {"pass", "warn", "fail", "skip"},
 *    "ok": true|false}
 */
#include "config.h"

#include "ops_int.h"

#include "base/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *check;
	char *object;
	sm_check_t verdict;
	char *message;
	char *fix;
} entry_t;

typedef struct {
	char *key;
	char *value;
} fact_t;

struct sm_checks {
	entry_t *entries;
	size_t n;
	size_t room;
	fact_t *facts;
	size_t n_facts;
	/** an allocation failed: the report misses something */
	bool oom;
};

sm_checks_t *sm_checks_create(void)
{
	return calloc(1, sizeof(sm_checks_t));
}

void sm_checks_destroy(sm_checks_t *r)
{
	size_t i;

	if (!r)
	{
		return;
	}
	for (i = 0; i < r->n; i++)
	{
		free(r->entries[i].check);
		free(r->entries[i].object);
		free(r->entries[i].message);
		free(r->entries[i].fix);
	}
	for (i = 0; i < r->n_facts; i++)
	{
		free(r->facts[i].key);
		free(r->facts[i].value);
	}
	free(r->entries);
	free(r->facts);
	free(r);
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
	{
		return NULL;
	}
	d = strdup(s);
	*oom |= !d;
	return d;
}

void sm_checks_add(sm_checks_t *r, const char *check, const char *object,
				   sm_check_t verdict, const char *fix, const char *fmt, ...)
{
	entry_t *grown, *e;
	va_list args;

	if (r->n == r->room)
	{
		grown =
			realloc(r->entries, (r->room ? r->room * 2 : 16) * sizeof(*grown));
		if (!grown)
		{
			r->oom = true;
			return;
		}
		r->entries = grown;
		r->room = r->room ? r->room * 2 : 16;
	}
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->verdict = verdict;
	e->check = dup_or_null(check, &r->oom);
	e->object = dup_or_null(object, &r->oom);
	e->fix = dup_or_null(fix, &r->oom);
	va_start(args, fmt);
	if (vasprintf(&e->message, fmt, args) < 0)
	{
		e->message = NULL;
		r->oom = true;
	}
	va_end(args);
}

void sm_checks_fact(sm_checks_t *r, const char *key, const char *value)
{
	fact_t *grown;
	size_t i;
	char *v;

	for (i = 0; i < r->n_facts; i++)
	{
		if (!strcmp(r->facts[i].key, key))
		{
			v = strdup(value);
			if (!v)
			{
				r->oom = true;
				return;
			}
			free(r->facts[i].value);
			r->facts[i].value = v;
			return;
		}
	}
	grown = realloc(r->facts, (r->n_facts + 1) * sizeof(*grown));
	if (!grown)
	{
		r->oom = true;
		return;
	}
	r->facts = grown;
	r->facts[r->n_facts].key = strdup(key);
	r->facts[r->n_facts].value = strdup(value);
	if (!r->facts[r->n_facts].key || !r->facts[r->n_facts].value)
	{
		free(r->facts[r->n_facts].key);
		free(r->facts[r->n_facts].value);
		r->oom = true;
		return;
	}
	r->n_facts++;
}

const char *sm_checks_get_fact(const sm_checks_t *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n_facts; i++)
	{
		if (!strcmp(r->facts[i].key, key))
		{
			return r->facts[i].value;
		}
	}
	return NULL;
}

size_t sm_checks_count(const sm_checks_t *r, sm_check_t verdict)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
	{
		n += r->entries[i].verdict == verdict;
	}
	/* a report that lost a check to memory cannot say all passed */
	return n + (verdict == SM_CHECK_FAIL && r->oom);
}

const char *sm_verdict_name(sm_check_t verdict)
{
	switch (verdict)
	{
		case SM_CHECK_PASS:
			return "pass";
		case SM_CHECK_WARN:
			return "warn";
		case SM_CHECK_FAIL:
			return "fail";
		case SM_CHECK_SKIP:
			break;
	}
	return "skip";
}

void sm_checks_print(const sm_checks_t *r, FILE *out)
{
	static const char *const words[] = {"PASS", "WARN", "FAIL", "SKIP"};
	const entry_t *e;
	size_t i;

	for (i = 0; i < r->n; i++)
	{
		e = &r->entries[i];
		fprintf(out, "%-5s %-14s ", words[e->verdict],
				e->check ? e->check : "?");
		if (e->object)
		{
			fprintf(out, "%s: ", e->object);
		}
		fprintf(out, "%s\n", e->message ? e->message : "(out of memory)");
		if (e->fix && e->verdict != SM_CHECK_PASS)
		{
			fprintf(out, "%-20s fix: %s\n", "", e->fix);
		}
	}
	if (r->oom)
	{
		fprintf(out,
				"FAIL  report         out of memory: checks are missing\n");
	}
	fprintf(
		out, "%zu checks: %zu passed, %zu warning%s, %zu failed, %zu skipped\n",
		r->n, sm_checks_count(r, SM_CHECK_PASS),
		sm_checks_count(r, SM_CHECK_WARN),
		sm_checks_count(r, SM_CHECK_WARN) == 1 ? "" : "s",
		sm_checks_count(r, SM_CHECK_FAIL), sm_checks_count(r, SM_CHECK_SKIP));
}

void sm_checks_print_json(const sm_checks_t *r, FILE *out)
{
	const entry_t *e;
	sm_json_t j;
	size_t i;

	sm_json_init(&j, out);
	sm_json_object(&j, true);
	sm_json_key(&j, "checks");
	sm_json_array(&j, true);
	for (i = 0; i < r->n; i++)
	{
		e = &r->entries[i];
		sm_json_object(&j, false);
		sm_json_key(&j, "check");
		sm_json_str(&j, e->check);
		sm_json_key(&j, "object");
		sm_json_str(&j, e->object);
		sm_json_key(&j, "status");
		sm_json_str(&j, sm_verdict_name(e->verdict));
		sm_json_key(&j, "message");
		sm_json_str(&j, e->message);
		sm_json_key(&j, "fix");
		sm_json_str(&j, e->fix);
		sm_json_end(&j);
	}
	sm_json_end(&j);
	sm_json_key(&j, "facts");
	sm_json_object(&j, false);
	for (i = 0; i < r->n_facts; i++)
	{
		sm_json_key(&j, r->facts[i].key);
		sm_json_str(&j, r->facts[i].value);
	}
	sm_json_end(&j);
	sm_json_key(&j, "summary");
	sm_json_object(&j, false);
	sm_json_key(&j, "pass");
	sm_json_uint(&j, sm_checks_count(r, SM_CHECK_PASS));
	sm_json_key(&j, "warn");
	sm_json_uint(&j, sm_checks_count(r, SM_CHECK_WARN));
	sm_json_key(&j, "fail");
	sm_json_uint(&j, sm_checks_count(r, SM_CHECK_FAIL));
	sm_json_key(&j, "skip");
	sm_json_uint(&j, sm_checks_count(r, SM_CHECK_SKIP));
	sm_json_end(&j);
	sm_json_key(&j, "ok");
	sm_json_bool(&j, !sm_checks_count(r, SM_CHECK_FAIL));
	sm_json_end(&j);
}
