/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Printing attempts as text or JSON.  Fields an attempt lacks are taken from
 * its peer (the other side's log) where it has them.
 */
#include "config.h"

#include "report.h"

#include "base/json.h"

#include <stdlib.h>
#include <string.h>

struct sm_report {
	FILE *out;
	bool json;
	/** the JSON document, with json */
	sm_json_t j;
	const char *const *names;
	unsigned int nnames;
	unsigned long attempts, failed;
	unsigned long causes[SM_CAUSE_COUNT];
};

sm_report_t *sm_report_create(FILE *out, bool json, const char *const *names,
							  unsigned int nnames)
{
	sm_report_t *r = calloc(1, sizeof(*r));

	if (!r)
	{
		return NULL;
	}
	r->out = out;
	r->json = json;
	r->names = names;
	r->nnames = nnames;
	if (json)
	{
		/* {"schema": 1, "attempts": [ then one attempt a line */
		sm_json_init(&r->j, out);
		sm_json_object(&r->j, false);
		sm_json_key(&r->j, "schema");
		sm_json_uint(&r->j, 1);
		sm_json_key(&r->j, "attempts");
		sm_json_array(&r->j, true);
	}
	return r;
}

void sm_report_destroy(sm_report_t *r)
{
	free(r);
}

void sm_report_time(double t, sm_time_kind_t kind, char *buf, size_t size)
{
	long days, s, y, era, doe, yoe, doy, mp, d, m;
	int ms;

	buf[0] = '\0';
	if (kind == SM_TIME_NONE || t < 0)
	{
		return;
	}
	days = (long)(t / 86400);
	s = (long)t - days * 86400;
	ms = (int)((t - (double)(long)t) * 1000 + 0.5);
	if (ms >= 1000)
	{
		ms = 999;
	}
	if (kind == SM_TIME_OF_DAY)
	{
		snprintf(buf, size, "%02ld:%02ld:%02ld", s / 3600 % 24, s / 60 % 60,
				 s % 60);
	}
	else
	{
		/* civil date from days since 1970-01-01 */
		days += 719468;
		era = (days >= 0 ? days : days - 146096) / 146097;
		doe = days - era * 146097;
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		y = yoe + era * 400;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = doy - (153 * mp + 2) / 5 + 1;
		m = mp < 10 ? mp + 3 : mp - 9;
		snprintf(buf, size, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", y + (m <= 2),
				 m, d, s / 3600, s / 60 % 60, s % 60);
	}
	if (ms > 0 && strlen(buf) + 5 < size)
	{
		snprintf(buf + strlen(buf), size - strlen(buf), ".%03d", ms);
	}
}

static const char *role_name(sm_role_t role)
{
	return role == SM_ROLE_INITIATOR   ? "initiator"
		   : role == SM_ROLE_RESPONDER ? "responder"
									   : "unknown";
}

static const char *name_of(const sm_report_t *r, unsigned int src)
{
	return src < r->nnames ? r->names[src] : "?";
}

/** A text field of a or, if empty, of its peer. */
#define PICK(a, field)                                                         \
	((a)->field[0] || !(a)->peer ? (a)->field : (a)->peer->field)

static const char *pick_str(const char *x, const char *y)
{
	return x ? x : y;
}

/** Initiator and responder addresses, from whichever side knows them. */
static void endpoints(const sm_attempt_t *a, const char **ini, const char **res)
{
	const sm_attempt_t *s[2] = {a, a->peer};
	int i;

	*ini = *res = NULL;
	for (i = 0; i < 2 && s[i]; i++)
	{
		if (!s[i]->local[0] || !s[i]->remote[0])
		{
			continue;
		}
		if (s[i]->role == SM_ROLE_INITIATOR)
		{
			*ini = s[i]->local;
			*res = s[i]->remote;
			return;
		}
		if (s[i]->role == SM_ROLE_RESPONDER)
		{
			*ini = s[i]->remote;
			*res = s[i]->local;
			return;
		}
	}
}

static void text_values(sm_report_t *r, const sm_attempt_t *a)
{
	const sm_value_t *v;
	size_t i;

	for (i = 0; i < a->nvalues; i++)
	{
		v = &a->values[i];
		fprintf(r->out, "  %s %s:", i ? "       " : "values:", v->what);
		if (v->received && v->configured)
		{
			fprintf(r->out, " received %s, configured %s", v->received,
					v->configured);
		}
		else if (v->received || v->configured)
		{
			fprintf(r->out, " %s", pick_str(v->received, v->configured));
		}
		fprintf(r->out, " (%s's log)\n", role_name(a->role));
	}
}

static void text_evidence(sm_report_t *r, const sm_attempt_t *a, bool *first)
{
	size_t i;

	for (i = 0; i < a->nused; i++)
	{
		const sm_evidence_t *e = &a->ev[a->used[i]];

		fprintf(r->out, "  %s %s:%lu: %s\n", *first ? "evidence:" : "         ",
				name_of(r, e->src), e->line, e->text);
		*first = false;
	}
}

static void print_text(sm_report_t *r, const sm_attempt_t *a)
{
	const sm_cause_info_t *info = sm_cause_info(a->cause);
	const char *ini, *res, *user = PICK(a, eap_id);
	char t0[40], t1[40];
	bool first = true;
	int version = a->version ? a->version : a->peer ? a->peer->version : 0;

	if (!user[0])
	{
		user = a->role == SM_ROLE_RESPONDER ? a->remote_id : "";
	}
	fprintf(r->out, "attempt %lu: %s\n", r->attempts, info->code);
	sm_report_time(a->t_start, a->tkind, t0, sizeof(t0));
	sm_report_time(a->t_end, a->tkind, t1, sizeof(t1));
	if (t0[0])
	{
		fprintf(r->out, "  time:     %s - %s\n", t0, t1);
	}
	endpoints(a, &ini, &res);
	fprintf(r->out, "  IKE_SA:   %s%s%s%s", PICK(a, name)[0] ? "'" : "",
			PICK(a, name), PICK(a, name)[0] ? "' " : "",
			version ? (version == 1 ? "IKEv1" : "IKEv2") : "IKE");
	if (ini)
	{
		fprintf(r->out, ", %s -> %s", ini, res);
	}
	fprintf(r->out, "\n  logs:     %s (%s, lines %lu-%lu)", name_of(r, a->src),
			role_name(a->role), a->line_first, a->line_last);
	if (a->peer)
	{
		fprintf(r->out, ", %s (%s, lines %lu-%lu)", name_of(r, a->peer->src),
				role_name(a->peer->role), a->peer->line_first,
				a->peer->line_last);
	}
	fputc('\n', r->out);
	if (user[0] || PICK(a, vip)[0])
	{
		fprintf(r->out, "  user:     %s%s%s\n", user[0] ? user : "-",
				PICK(a, vip)[0] ? ", virtual IP " : "", PICK(a, vip));
	}
	if (a->ike_sel || (a->peer && a->peer->ike_sel))
	{
		fprintf(r->out, "  IKE:      %s\n",
				pick_str(a->ike_sel, a->peer ? a->peer->ike_sel : NULL));
	}
	if (a->esp_sel || (a->peer && a->peer->esp_sel))
	{
		fprintf(r->out, "  ESP:      %s\n",
				pick_str(a->esp_sel, a->peer ? a->peer->esp_sel : NULL));
	}
	fprintf(r->out, "  what:     %s\n", a->summary);
	if (a->peer && a->peer->cause != a->cause)
	{
		fprintf(r->out, "  %s: %s (%s)\n", role_name(a->peer->role),
				a->peer->summary, sm_cause_info(a->peer->cause)->code);
	}
	text_values(r, a);
	if (a->cause != SM_CAUSE_ESTABLISHED)
	{
		fprintf(r->out, "  meaning:  %s\n", info->meaning);
	}
	if (info->yaml)
	{
		fprintf(r->out, "  fix:      swanmobile.yaml: %s\n", info->yaml);
	}
	if (info->pfsense)
	{
		fprintf(r->out, "            pfSense: %s\n", info->pfsense);
	}
	if (info->client)
	{
		fprintf(r->out, "            client: %s\n", info->client);
	}
	text_evidence(r, a, &first);
	if (a->peer)
	{
		text_evidence(r, a->peer, &first);
	}
	fputc('\n', r->out);
}

/* a text that may be missing or empty: null then */
static void json_text(sm_json_t *j, const char *key, const char *s)
{
	sm_json_key(j, key);
	sm_json_str(j, s && s[0] ? s : NULL);
}

/* a time of a, formatted, or null */
static void json_time(sm_json_t *j, const char *key, const sm_attempt_t *a,
					  double t)
{
	char buf[40];

	sm_report_time(t, a->tkind, buf, sizeof(buf));
	json_text(j, key, buf);
}

static void json_side(sm_report_t *r, const sm_attempt_t *a)
{
	sm_json_t *j = &r->j;

	sm_json_object(j, false);
	sm_json_key(j, "file");
	sm_json_str(j, name_of(r, a->src));
	sm_json_key(j, "role");
	sm_json_str(j, role_name(a->role));
	sm_json_key(j, "first_line");
	sm_json_uint(j, a->line_first);
	sm_json_key(j, "last_line");
	sm_json_uint(j, a->line_last);
	sm_json_key(j, "cause");
	sm_json_str(j, sm_cause_info(a->cause)->code);
	sm_json_key(j, "certainty");
	sm_json_int(j, a->score);
	sm_json_key(j, "summary");
	sm_json_str(j, a->summary);
	json_time(j, "start", a, a->t_start);
	json_time(j, "end", a, a->t_end);
	sm_json_end(j);
}

static void json_values(sm_report_t *r, const sm_attempt_t *a)
{
	sm_json_t *j = &r->j;
	size_t i;

	for (i = 0; i < a->nvalues; i++)
	{
		sm_json_object(j, false);
		sm_json_key(j, "what");
		sm_json_str(j, a->values[i].what);
		json_text(j, "received", a->values[i].received);
		json_text(j, "configured", a->values[i].configured);
		sm_json_key(j, "side");
		sm_json_str(j, role_name(a->role));
		sm_json_key(j, "file");
		sm_json_str(j, name_of(r, a->src));
		sm_json_end(j);
	}
}

static void json_evidence(sm_report_t *r, const sm_attempt_t *a)
{
	sm_json_t *j = &r->j;
	size_t i;

	for (i = 0; i < a->nused; i++)
	{
		const sm_evidence_t *e = &a->ev[a->used[i]];

		sm_json_object(j, false);
		sm_json_key(j, "file");
		sm_json_str(j, name_of(r, e->src));
		sm_json_key(j, "line");
		sm_json_uint(j, e->line);
		sm_json_key(j, "text");
		sm_json_str(j, e->text);
		sm_json_end(j);
	}
}

static void json_children(sm_json_t *j, const sm_attempt_t *s)
{
	size_t i;

	for (i = 0; i < s->nchild; i++)
	{
		sm_json_object(j, false);
		sm_json_key(j, "name");
		sm_json_str(j, s->child[i].name);
		sm_json_key(j, "traffic_selectors");
		sm_json_str(j, s->child[i].ts);
		sm_json_key(j, "spi_in");
		sm_json_str(j, s->child[i].spi_in);
		sm_json_key(j, "spi_out");
		sm_json_str(j, s->child[i].spi_out);
		sm_json_end(j);
	}
}

static void print_json(sm_report_t *r, const sm_attempt_t *a)
{
	const sm_cause_info_t *info = sm_cause_info(a->cause);
	const char *ini, *res, *user = PICK(a, eap_id);
	int version = a->version ? a->version : a->peer ? a->peer->version : 0;
	sm_json_t *j = &r->j;

	if (!user[0])
	{
		user = a->role == SM_ROLE_RESPONDER ? a->remote_id : "";
	}
	endpoints(a, &ini, &res);
	sm_json_object(j, false);
	sm_json_key(j, "cause");
	sm_json_str(j, info->code);
	sm_json_key(j, "certainty");
	sm_json_int(j, a->score);
	sm_json_key(j, "summary");
	sm_json_str(j, a->summary);
	sm_json_key(j, "meaning");
	sm_json_str(j, info->meaning);
	sm_json_key(j, "ike_version");
	sm_json_int(j, version);
	json_text(j, "connection", PICK(a, name));
	json_text(j, "initiator", ini);
	json_text(j, "responder", res);
	json_time(j, "start", a, a->t_start);
	json_time(j, "end", a, a->t_end);
	json_text(j, "user", user);
	json_text(j, "virtual_ip", PICK(a, vip));
	json_text(j, "ike_proposal",
			  pick_str(a->ike_sel, a->peer ? a->peer->ike_sel : NULL));
	json_text(j, "esp_proposal",
			  pick_str(a->esp_sel, a->peer ? a->peer->esp_sel : NULL));
	sm_json_key(j, "children");
	sm_json_array(j, false);
	json_children(j, a->nchild || !a->peer ? a : a->peer);
	sm_json_end(j);
	sm_json_key(j, "values");
	sm_json_array(j, false);
	json_values(r, a);
	sm_json_end(j);
	sm_json_key(j, "fix");
	sm_json_object(j, false);
	json_text(j, "yaml", info->yaml);
	json_text(j, "pfsense", info->pfsense);
	json_text(j, "client", info->client);
	sm_json_end(j);
	sm_json_key(j, "sides");
	sm_json_array(j, false);
	json_side(r, a);
	if (a->peer)
	{
		json_side(r, a->peer);
	}
	sm_json_end(j);
	sm_json_key(j, "evidence");
	sm_json_array(j, false);
	json_evidence(r, a);
	if (a->peer)
	{
		json_evidence(r, a->peer);
	}
	sm_json_end(j);
	sm_json_end(j);
}

void sm_report_attempt(sm_report_t *r, const sm_attempt_t *a)
{
	r->attempts++;
	r->causes[a->cause < SM_CAUSE_COUNT ? a->cause : SM_CAUSE_UNKNOWN]++;
	if (a->cause != SM_CAUSE_ESTABLISHED)
	{
		r->failed++;
	}
	if (r->json)
	{
		print_json(r, a);
	}
	else
	{
		print_text(r, a);
	}
}

void sm_report_finish(sm_report_t *r)
{
	int i;

	if (!r->json)
	{
		if (r->attempts == 0)
		{
			fputs("no connection attempts found in the log\n", r->out);
		}
		else
		{
			fprintf(r->out, "%lu attempt%s: %lu established, %lu failed\n",
					r->attempts, r->attempts == 1 ? "" : "s",
					r->attempts - r->failed, r->failed);
		}
		return;
	}
	/* the attempts end, the summary follows */
	sm_json_end(&r->j);
	sm_json_key(&r->j, "summary");
	sm_json_object(&r->j, false);
	sm_json_key(&r->j, "attempts");
	sm_json_uint(&r->j, r->attempts);
	sm_json_key(&r->j, "established");
	sm_json_uint(&r->j, r->attempts - r->failed);
	sm_json_key(&r->j, "failed");
	sm_json_uint(&r->j, r->failed);
	sm_json_key(&r->j, "causes");
	sm_json_object(&r->j, false);
	for (i = 0; i < SM_CAUSE_COUNT; i++)
	{
		if (r->causes[i])
		{
			sm_json_key(&r->j, sm_cause_info((sm_cause_t)i)->code);
			sm_json_uint(&r->j, r->causes[i]);
		}
	}
	sm_json_end(&r->j);
	sm_json_end(&r->j);
	sm_json_end(&r->j);
}

void sm_report_counts(const sm_report_t *r, unsigned long *attempts,
					  unsigned long *failed)
{
	*attempts = r->attempts;
	*failed = r->failed;
}
