/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Printing attempts as text or JSON.  Fields an attempt lacks are taken from
 * its peer (the other side's log) where it has them.
 */
#include "report.h"

#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

struct sm_report {
	FILE *out;
	bool json;
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
		fputs("{\"schema\": 1, \"attempts\": [", out);
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

static void json_str(FILE *out, const char *s)
{
	if (s && s[0])
	{
		sm_json_string(out, s);
	}
	else
	{
		fputs("null", out);
	}
}

static void json_side(sm_report_t *r, const sm_attempt_t *a, bool comma)
{
	char t[40];

	fprintf(r->out, "%s{\"file\": ", comma ? ", " : "");
	sm_json_string(r->out, name_of(r, a->src));
	fprintf(r->out,
			", \"role\": \"%s\", \"first_line\": %lu, \"last_line\": "
			"%lu, \"cause\": \"%s\", \"certainty\": %d, \"summary\": ",
			role_name(a->role), a->line_first, a->line_last,
			sm_cause_info(a->cause)->code, a->score);
	sm_json_string(r->out, a->summary);
	fputs(", \"start\": ", r->out);
	sm_report_time(a->t_start, a->tkind, t, sizeof(t));
	json_str(r->out, t);
	fputs(", \"end\": ", r->out);
	sm_report_time(a->t_end, a->tkind, t, sizeof(t));
	json_str(r->out, t);
	fputc('}', r->out);
}

static void json_values(sm_report_t *r, const sm_attempt_t *a, bool *comma)
{
	size_t i;

	for (i = 0; i < a->nvalues; i++)
	{
		fprintf(r->out, "%s{\"what\": ", *comma ? ", " : "");
		sm_json_string(r->out, a->values[i].what);
		fputs(", \"received\": ", r->out);
		json_str(r->out, a->values[i].received);
		fputs(", \"configured\": ", r->out);
		json_str(r->out, a->values[i].configured);
		fprintf(r->out, ", \"side\": \"%s\", \"file\": ", role_name(a->role));
		sm_json_string(r->out, name_of(r, a->src));
		fputc('}', r->out);
		*comma = true;
	}
}

static void json_evidence(sm_report_t *r, const sm_attempt_t *a, bool *comma)
{
	size_t i;

	for (i = 0; i < a->nused; i++)
	{
		const sm_evidence_t *e = &a->ev[a->used[i]];

		fprintf(r->out, "%s{\"file\": ", *comma ? ", " : "");
		sm_json_string(r->out, name_of(r, e->src));
		fprintf(r->out, ", \"line\": %lu, \"text\": ", e->line);
		sm_json_string(r->out, e->text);
		fputc('}', r->out);
		*comma = true;
	}
}

static void print_json(sm_report_t *r, const sm_attempt_t *a)
{
	const sm_cause_info_t *info = sm_cause_info(a->cause);
	const sm_attempt_t *s;
	const char *ini, *res, *user = PICK(a, eap_id);
	bool comma = false;
	int version = a->version ? a->version : a->peer ? a->peer->version : 0;
	size_t i;
	char t[40];

	if (!user[0])
	{
		user = a->role == SM_ROLE_RESPONDER ? a->remote_id : "";
	}
	endpoints(a, &ini, &res);
	fprintf(r->out, "%s\n {\"cause\": \"%s\", \"certainty\": %d, \"summary\": ",
			r->attempts > 1 ? "," : "", info->code, a->score);
	sm_json_string(r->out, a->summary);
	fputs(", \"meaning\": ", r->out);
	sm_json_string(r->out, info->meaning);
	fprintf(r->out, ", \"ike_version\": %d, \"connection\": ", version);
	json_str(r->out, PICK(a, name));
	fputs(", \"initiator\": ", r->out);
	json_str(r->out, ini);
	fputs(", \"responder\": ", r->out);
	json_str(r->out, res);
	fputs(", \"start\": ", r->out);
	sm_report_time(a->t_start, a->tkind, t, sizeof(t));
	json_str(r->out, t);
	fputs(", \"end\": ", r->out);
	sm_report_time(a->t_end, a->tkind, t, sizeof(t));
	json_str(r->out, t);
	fputs(", \"user\": ", r->out);
	json_str(r->out, user);
	fputs(", \"virtual_ip\": ", r->out);
	json_str(r->out, PICK(a, vip));
	fputs(", \"ike_proposal\": ", r->out);
	json_str(r->out, pick_str(a->ike_sel, a->peer ? a->peer->ike_sel : NULL));
	fputs(", \"esp_proposal\": ", r->out);
	json_str(r->out, pick_str(a->esp_sel, a->peer ? a->peer->esp_sel : NULL));
	fputs(", \"children\": [", r->out);
	s = a->nchild || !a->peer ? a : a->peer;
	for (i = 0; i < s->nchild; i++)
	{
		fprintf(r->out, "%s{\"name\": ", i ? ", " : "");
		sm_json_string(r->out, s->child[i].name);
		fputs(", \"traffic_selectors\": ", r->out);
		sm_json_string(r->out, s->child[i].ts);
		fputs(", \"spi_in\": ", r->out);
		sm_json_string(r->out, s->child[i].spi_in);
		fputs(", \"spi_out\": ", r->out);
		sm_json_string(r->out, s->child[i].spi_out);
		fputc('}', r->out);
	}
	fputs("], \"values\": [", r->out);
	json_values(r, a, &comma);
	fputs("], \"fix\": {\"yaml\": ", r->out);
	json_str(r->out, info->yaml);
	fputs(", \"pfsense\": ", r->out);
	json_str(r->out, info->pfsense);
	fputs(", \"client\": ", r->out);
	json_str(r->out, info->client);
	fputs("}, \"sides\": [", r->out);
	json_side(r, a, false);
	if (a->peer)
	{
		json_side(r, a->peer, true);
	}
	fputs("], \"evidence\": [", r->out);
	comma = false;
	json_evidence(r, a, &comma);
	if (a->peer)
	{
		json_evidence(r, a->peer, &comma);
	}
	fputs("]}", r->out);
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
	bool comma = false;
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
	fprintf(r->out,
			"%s], \"summary\": {\"attempts\": %lu, \"established\": %lu, "
			"\"failed\": %lu, \"causes\": {",
			r->attempts ? "\n" : "", r->attempts, r->attempts - r->failed,
			r->failed);
	for (i = 0; i < SM_CAUSE_COUNT; i++)
	{
		if (r->causes[i])
		{
			fprintf(r->out, "%s\"%s\": %lu", comma ? ", " : "",
					sm_cause_info((sm_cause_t)i)->code, r->causes[i]);
			comma = true;
		}
	}
	fputs("}}}\n", r->out);
}

void sm_report_counts(const sm_report_t *r, unsigned long *attempts,
					  unsigned long *failed)
{
	*attempts = r->attempts;
	*failed = r->failed;
}
