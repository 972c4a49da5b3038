/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile status' output: one block per IKE_SA and the pools for
 * people, or JSON (swanmobile(8), STATUS JSON):
 *
 *   {"charon": {...}, "sessions": [{...}], "pools": [{...}]}
 */
#include "config.h"

#include "ops_int.h"

#include "base/diag.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void time_text(time_t t, char *buf, size_t size, bool iso)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
		!strftime(buf, size,
				  iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm))
	{
		snprintf(buf, size, "?");
	}
}

/* a sum of a counter over the CHILD_SAs */
static uint64_t child_sum(const sm_vnode_t *ike, const char *key)
{
	const sm_vnode_t *children = sm_vnode_get(ike, "child-sas"), *c;
	uint64_t sum = 0, v;

	for (c = children ? children->first : NULL; c; c = c->next)
	{
		if (c->kind == SM_VNODE_SECTION && sm_vnode_u64(c, key, &v))
		{
			sum += v;
		}
	}
	return sum;
}

/* "AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384", as swanctl --list-sas */
static void algs_text(const sm_vnode_t *sa, char *buf, size_t size)
{
	static const char *const keys[][2] = {
		{"encr-alg", "encr-keysize"},
		{"integ-alg", "integ-keysize"},
		{"prf-alg", NULL},
		{"dh-group", NULL},
	};
	const char *alg, *ks;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < countof(keys) && len < size; i++)
	{
		alg = sm_vnode_str(sa, keys[i][0]);
		if (!alg)
		{
			continue;
		}
		ks = keys[i][1] ? sm_vnode_str(sa, keys[i][1]) : NULL;
		len +=
			(size_t)snprintf(buf + len, size - len, "%s%s%s%s", len ? "/" : "",
							 alg, ks ? "-" : "", ks ? ks : "");
	}
	if (!buf[0])
	{
		snprintf(buf, size, "-");
	}
}

static void list_text(FILE *out, const sm_vnode_t *list, const char *none)
{
	const sm_vnode_t *c;

	if (!list || !list->first)
	{
		fputs(none, out);
		return;
	}
	for (c = list->first; c; c = c->next)
	{
		fprintf(out, "%s%s", c == list->first ? "" : ", ", c->value);
	}
}

static void print_session(const sm_status_t *s, const sm_vnode_t *ike,
						  FILE *out)
{
	const sm_vnode_t *children = sm_vnode_get(ike, "child-sas"), *c;
	const char *eap = sm_vnode_str(ike, "remote-eap-id");
	char when[64], algs[256];
	uint64_t est;

	fprintf(out, "%s\n", sm_session_user(ike));
	fprintf(out, "  connection   %s, IKE_SA #%s, %s\n", ike->name,
			sm_vnode_str(ike, "uniqueid") ?: "?",
			sm_vnode_str(ike, "state") ?: "?");
	fprintf(out, "  virtual IP   ");
	list_text(out, sm_vnode_get(ike, "remote-vips"), "none");
	fprintf(out, "\n  client       %s port %s",
			sm_vnode_str(ike, "remote-host") ?: "?",
			sm_vnode_str(ike, "remote-port") ?: "?");
	if (eap && sm_vnode_str(ike, "remote-id"))
	{
		fprintf(out, " (IKE identity %s)", sm_vnode_str(ike, "remote-id"));
	}
	fputc('\n', out);
	if (sm_vnode_u64(ike, "established", &est))
	{
		time_text(s->now - (time_t)est, when, sizeof(when), false);
		fprintf(out, "  since        %s (%" PRIu64 " s)\n", when, est);
	}
	fprintf(out, "  in           %" PRIu64 " bytes, %" PRIu64 " packets\n",
			child_sum(ike, "bytes-in"), child_sum(ike, "packets-in"));
	fprintf(out, "  out          %" PRIu64 " bytes, %" PRIu64 " packets\n",
			child_sum(ike, "bytes-out"), child_sum(ike, "packets-out"));
	algs_text(ike, algs, sizeof(algs));
	fprintf(out, "  IKE          %s\n", algs);
	for (c = children ? children->first : NULL; c; c = c->next)
	{
		if (c->kind != SM_VNODE_SECTION)
		{
			continue;
		}
		algs_text(c, algs, sizeof(algs));
		fprintf(out, "  %-4s %-7s %s, ", sm_vnode_str(c, "protocol") ?: "ESP",
				sm_vnode_str(c, "name") ?: c->name, algs);
		list_text(out, sm_vnode_get(c, "local-ts"), "?");
		fputs(" === ", out);
		list_text(out, sm_vnode_get(c, "remote-ts"), "?");
		fputc('\n', out);
	}
}

void sm_status_print(const sm_status_t *s, FILE *out)
{
	const sm_vnode_t *p;
	const char *since = sm_vnode_str(s->stats, "uptime/since");
	size_t i;

	fprintf(out, "charon %s at %s", sm_vnode_str(s->version, "version") ?: "?",
			s->uri);
	if (since)
	{
		/* charon's local time, as it reports it */
		fprintf(out, ", running since %s", since);
	}
	fprintf(out, "\n%zu user%s connected\n", s->n_sessions,
			s->n_sessions == 1 ? "" : "s");
	for (i = 0; i < s->n_sessions; i++)
	{
		fputc('\n', out);
		print_session(s, s->sessions[i], out);
	}
	fprintf(out, "\npools\n");
	if (!s->pools || !s->pools->first)
	{
		fprintf(out, "  none loaded\n");
	}
	for (p = s->pools ? s->pools->first : NULL; p; p = p->next)
	{
		if (p->kind == SM_VNODE_SECTION)
		{
			fprintf(out, "  %-12s %s, %s addresses: %s online, %s offline\n",
					p->name, sm_vnode_str(p, "base") ?: "?",
					sm_vnode_str(p, "size") ?: "?",
					sm_vnode_str(p, "online") ?: "?",
					sm_vnode_str(p, "offline") ?: "?");
		}
	}
}

/* ---- JSON ------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
	if (s)
	{
		sm_json_string(out, s);
	}
	else
	{
		fputs("null", out);
	}
}

static void json_num(FILE *out, const sm_vnode_t *n, const char *key)
{
	uint64_t v;

	if (sm_vnode_u64(n, key, &v))
	{
		fprintf(out, "%" PRIu64, v);
	}
	else
	{
		fputs("null", out);
	}
}

static void json_list(FILE *out, const sm_vnode_t *list)
{
	const sm_vnode_t *c;

	fputc('[', out);
	for (c = list ? list->first : NULL; c; c = c->next)
	{
		if (c != list->first)
		{
			fputs(", ", out);
		}
		sm_json_string(out, c->value);
	}
	fputc(']', out);
}

/* the algorithm members of an IKE or CHILD SA */
static void json_algs(FILE *out, const sm_vnode_t *sa)
{
	fputs("\"encryption\": ", out);
	json_str(out, sm_vnode_str(sa, "encr-alg"));
	fputs(", \"key_size\": ", out);
	json_num(out, sa, "encr-keysize");
	fputs(", \"integrity\": ", out);
	json_str(out, sm_vnode_str(sa, "integ-alg"));
	fputs(", \"prf\": ", out);
	json_str(out, sm_vnode_str(sa, "prf-alg"));
	fputs(", \"dh_group\": ", out);
	json_str(out, sm_vnode_str(sa, "dh-group"));
}

static void json_child(FILE *out, const sm_vnode_t *c)
{
	static const char *const counters[] = {
		"bytes-in",
		"packets-in",
		"bytes-out",
		"packets-out",
	};
	size_t i;

	fputs("{\"name\": ", out);
	json_str(out, sm_vnode_str(c, "name") ?: c->name);
	fputs(", \"id\": ", out);
	json_num(out, c, "uniqueid");
	fputs(", \"state\": ", out);
	json_str(out, sm_vnode_str(c, "state"));
	fputs(", \"protocol\": ", out);
	json_str(out, sm_vnode_str(c, "protocol"));
	fprintf(out, ", \"udp_encapsulation\": %s, ",
			sm_vnode_str(c, "encap") ? "true" : "false");
	json_algs(out, c);
	for (i = 0; i < countof(counters); i++)
	{
		fprintf(out, ", \"%s_%s\": ",
				!strncmp(counters[i], "bytes", 5) ? "bytes" : "packets",
				strchr(counters[i], '-') + 1);
		json_num(out, c, counters[i]);
	}
	fputs(", \"local_ts\": ", out);
	json_list(out, sm_vnode_get(c, "local-ts"));
	fputs(", \"remote_ts\": ", out);
	json_list(out, sm_vnode_get(c, "remote-ts"));
	fputc('}', out);
}

static void json_session(const sm_status_t *s, const sm_vnode_t *ike, FILE *out)
{
	const sm_vnode_t *children = sm_vnode_get(ike, "child-sas"), *c;
	char when[64];
	uint64_t est;
	bool first = true;

	fputs("    {\"user\": ", out);
	sm_json_string(out, sm_session_user(ike));
	fputs(", \"eap_identity\": ", out);
	json_str(out, sm_vnode_str(ike, "remote-eap-id"));
	fputs(", \"ike_identity\": ", out);
	json_str(out, sm_vnode_str(ike, "remote-id"));
	fputs(",\n     \"connection\": ", out);
	json_str(out, ike->name);
	fputs(", \"ike_sa_id\": ", out);
	json_num(out, ike, "uniqueid");
	fputs(", \"state\": ", out);
	json_str(out, sm_vnode_str(ike, "state"));
	fputs(", \"version\": ", out);
	json_num(out, ike, "version");
	fputs(",\n     \"client\": {\"address\": ", out);
	json_str(out, sm_vnode_str(ike, "remote-host"));
	fputs(", \"port\": ", out);
	json_num(out, ike, "remote-port");
	fputs("}, \"gateway\": {\"address\": ", out);
	json_str(out, sm_vnode_str(ike, "local-host"));
	fputs(", \"port\": ", out);
	json_num(out, ike, "local-port");
	fputs("},\n     \"virtual_ips\": ", out);
	json_list(out, sm_vnode_get(ike, "remote-vips"));
	if (sm_vnode_u64(ike, "established", &est))
	{
		time_text(s->now - (time_t)est, when, sizeof(when), true);
		fputs(", \"connected_since\": ", out);
		sm_json_string(out, when);
		fprintf(out, ", \"connected_seconds\": %" PRIu64, est);
	}
	else
	{
		fputs(", \"connected_since\": null, \"connected_seconds\": null", out);
	}
	fprintf(out,
			",\n     \"bytes_in\": %" PRIu64 ", \"packets_in\": %" PRIu64
			", \"bytes_out\": %" PRIu64 ", \"packets_out\": %" PRIu64,
			child_sum(ike, "bytes-in"), child_sum(ike, "packets-in"),
			child_sum(ike, "bytes-out"), child_sum(ike, "packets-out"));
	fputs(",\n     \"ike\": {", out);
	json_algs(out, ike);
	fputs("},\n     \"children\": [", out);
	for (c = children ? children->first : NULL; c; c = c->next)
	{
		if (c->kind == SM_VNODE_SECTION)
		{
			fputs(first ? "\n      " : ",\n      ", out);
			json_child(out, c);
			first = false;
		}
	}
	fputs(first ? "]}" : "\n     ]}", out);
}

static void json_pool(const sm_vnode_t *p, FILE *out)
{
	const sm_vnode_t *leases = sm_vnode_get(p, "leases"), *l;

	fputs("    {\"name\": ", out);
	sm_json_string(out, p->name);
	fputs(", \"base\": ", out);
	json_str(out, sm_vnode_str(p, "base"));
	fputs(", \"size\": ", out);
	json_num(out, p, "size");
	fputs(", \"online\": ", out);
	json_num(out, p, "online");
	fputs(", \"offline\": ", out);
	json_num(out, p, "offline");
	fputs(", \"leases\": [", out);
	for (l = leases ? leases->first : NULL; l; l = l->next)
	{
		fputs(l == leases->first ? "\n      {\"address\": "
								 : ",\n      {\"address\": ",
			  out);
		json_str(out, sm_vnode_str(l, "address"));
		fputs(", \"identity\": ", out);
		json_str(out, sm_vnode_str(l, "identity"));
		fputs(", \"status\": ", out);
		json_str(out, sm_vnode_str(l, "status"));
		fputc('}', out);
	}
	fputs(leases && leases->first ? "\n    ]}" : "]}", out);
}

void sm_status_print_json(const sm_status_t *s, FILE *out)
{
	const sm_vnode_t *p;
	size_t i;
	bool first = true;

	fputs("{\n  \"charon\": {\"uri\": ", out);
	sm_json_string(out, s->uri);
	fputs(", \"version\": ", out);
	json_str(out, sm_vnode_str(s->version, "version"));
	fputs(", \"running_since\": ", out);
	json_str(out, sm_vnode_str(s->stats, "uptime/since"));
	fputs("},\n  \"sessions\": [", out);
	for (i = 0; i < s->n_sessions; i++)
	{
		fputs(i ? ",\n" : "\n", out);
		json_session(s, s->sessions[i], out);
	}
	fputs(s->n_sessions ? "\n  ],\n  \"pools\": [" : "],\n  \"pools\": [", out);
	for (p = s->pools ? s->pools->first : NULL; p; p = p->next)
	{
		if (p->kind == SM_VNODE_SECTION)
		{
			fputs(first ? "\n" : ",\n", out);
			json_pool(p, out);
			first = false;
		}
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
}
