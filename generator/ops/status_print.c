/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swanmobile status' output: one block per IKE_SA and the pools for
 * people, or JSON (swanmobile(8), STATUS JSON):
 *
 *   {"charon": {...}, "sessions": [{...}], "pools": [{...}]}
 */
#include "config.h"

#include "ops_int.h"

#include "base/json.h"
#include "sm_countof.h"

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

/* a number of the node, null if it has none */
static void json_num(sm_json_t *j, const sm_vnode_t *n, const char *key)
{
	uint64_t v;

	if (sm_vnode_u64(n, key, &v))
	{
		sm_json_uint(j, v);
	}
	else
	{
		sm_json_null(j);
	}
}

/* a list of values as an array of strings, [] for none */
static void json_list(sm_json_t *j, const sm_vnode_t *list)
{
	const sm_vnode_t *c;

	sm_json_array(j, false);
	for (c = list ? list->first : NULL; c; c = c->next)
	{
		sm_json_str(j, c->value);
	}
	sm_json_end(j);
}

/* the algorithm members of an IKE or CHILD SA */
static void json_algs(sm_json_t *j, const sm_vnode_t *sa)
{
	sm_json_key(j, "encryption");
	sm_json_str(j, sm_vnode_str(sa, "encr-alg"));
	sm_json_key(j, "key_size");
	json_num(j, sa, "encr-keysize");
	sm_json_key(j, "integrity");
	sm_json_str(j, sm_vnode_str(sa, "integ-alg"));
	sm_json_key(j, "prf");
	sm_json_str(j, sm_vnode_str(sa, "prf-alg"));
	sm_json_key(j, "dh_group");
	sm_json_str(j, sm_vnode_str(sa, "dh-group"));
}

static void json_child(sm_json_t *j, const sm_vnode_t *c)
{
	static const char *const counters[][2] = {
		{"bytes-in", "bytes_in"},
		{"packets-in", "packets_in"},
		{"bytes-out", "bytes_out"},
		{"packets-out", "packets_out"},
	};
	size_t i;

	sm_json_object(j, false);
	sm_json_key(j, "name");
	sm_json_str(j, sm_vnode_str(c, "name") ?: c->name);
	sm_json_key(j, "id");
	json_num(j, c, "uniqueid");
	sm_json_key(j, "state");
	sm_json_str(j, sm_vnode_str(c, "state"));
	sm_json_key(j, "protocol");
	sm_json_str(j, sm_vnode_str(c, "protocol"));
	sm_json_key(j, "udp_encapsulation");
	sm_json_bool(j, sm_vnode_str(c, "encap") != NULL);
	json_algs(j, c);
	for (i = 0; i < countof(counters); i++)
	{
		sm_json_key(j, counters[i][1]);
		json_num(j, c, counters[i][0]);
	}
	sm_json_key(j, "local_ts");
	json_list(j, sm_vnode_get(c, "local-ts"));
	sm_json_key(j, "remote_ts");
	json_list(j, sm_vnode_get(c, "remote-ts"));
	sm_json_end(j);
}

/* an address and a port of an IKE_SA */
static void json_endpoint(sm_json_t *j, const sm_vnode_t *ike, const char *host,
						  const char *port)
{
	sm_json_object(j, false);
	sm_json_key(j, "address");
	sm_json_str(j, sm_vnode_str(ike, host));
	sm_json_key(j, "port");
	json_num(j, ike, port);
	sm_json_end(j);
}

static void json_session(sm_json_t *j, const sm_status_t *s,
						 const sm_vnode_t *ike)
{
	const sm_vnode_t *children = sm_vnode_get(ike, "child-sas"), *c;
	char when[64];
	uint64_t est;

	sm_json_object(j, true);
	sm_json_key(j, "user");
	sm_json_str(j, sm_session_user(ike));
	sm_json_key(j, "eap_identity");
	sm_json_str(j, sm_vnode_str(ike, "remote-eap-id"));
	sm_json_key(j, "ike_identity");
	sm_json_str(j, sm_vnode_str(ike, "remote-id"));
	sm_json_key(j, "connection");
	sm_json_str(j, ike->name);
	sm_json_key(j, "ike_sa_id");
	json_num(j, ike, "uniqueid");
	sm_json_key(j, "state");
	sm_json_str(j, sm_vnode_str(ike, "state"));
	sm_json_key(j, "version");
	json_num(j, ike, "version");
	sm_json_key(j, "client");
	json_endpoint(j, ike, "remote-host", "remote-port");
	sm_json_key(j, "gateway");
	json_endpoint(j, ike, "local-host", "local-port");
	sm_json_key(j, "virtual_ips");
	json_list(j, sm_vnode_get(ike, "remote-vips"));
	sm_json_key(j, "connected_since");
	if (sm_vnode_u64(ike, "established", &est))
	{
		time_text(s->now - (time_t)est, when, sizeof(when), true);
		sm_json_str(j, when);
		sm_json_key(j, "connected_seconds");
		sm_json_uint(j, est);
	}
	else
	{
		sm_json_null(j);
		sm_json_key(j, "connected_seconds");
		sm_json_null(j);
	}
	sm_json_key(j, "bytes_in");
	sm_json_uint(j, child_sum(ike, "bytes-in"));
	sm_json_key(j, "packets_in");
	sm_json_uint(j, child_sum(ike, "packets-in"));
	sm_json_key(j, "bytes_out");
	sm_json_uint(j, child_sum(ike, "bytes-out"));
	sm_json_key(j, "packets_out");
	sm_json_uint(j, child_sum(ike, "packets-out"));
	sm_json_key(j, "ike");
	sm_json_object(j, false);
	json_algs(j, ike);
	sm_json_end(j);
	sm_json_key(j, "children");
	sm_json_array(j, true);
	for (c = children ? children->first : NULL; c; c = c->next)
	{
		if (c->kind == SM_VNODE_SECTION)
		{
			json_child(j, c);
		}
	}
	sm_json_end(j);
	sm_json_end(j);
}

static void json_pool(sm_json_t *j, const sm_vnode_t *p)
{
	const sm_vnode_t *leases = sm_vnode_get(p, "leases"), *l;

	sm_json_object(j, true);
	sm_json_key(j, "name");
	sm_json_str(j, p->name);
	sm_json_key(j, "base");
	sm_json_str(j, sm_vnode_str(p, "base"));
	sm_json_key(j, "size");
	json_num(j, p, "size");
	sm_json_key(j, "online");
	json_num(j, p, "online");
	sm_json_key(j, "offline");
	json_num(j, p, "offline");
	sm_json_key(j, "leases");
	sm_json_array(j, true);
	for (l = leases ? leases->first : NULL; l; l = l->next)
	{
		sm_json_object(j, false);
		sm_json_key(j, "address");
		sm_json_str(j, sm_vnode_str(l, "address"));
		sm_json_key(j, "identity");
		sm_json_str(j, sm_vnode_str(l, "identity"));
		sm_json_key(j, "status");
		sm_json_str(j, sm_vnode_str(l, "status"));
		sm_json_end(j);
	}
	sm_json_end(j);
	sm_json_end(j);
}

void sm_status_print_json(const sm_status_t *s, FILE *out)
{
	const sm_vnode_t *p;
	sm_json_t j;
	size_t i;

	sm_json_init(&j, out);
	sm_json_object(&j, true);
	sm_json_key(&j, "charon");
	sm_json_object(&j, false);
	sm_json_key(&j, "uri");
	sm_json_str(&j, s->uri);
	sm_json_key(&j, "version");
	sm_json_str(&j, sm_vnode_str(s->version, "version"));
	sm_json_key(&j, "running_since");
	sm_json_str(&j, sm_vnode_str(s->stats, "uptime/since"));
	sm_json_end(&j);
	sm_json_key(&j, "sessions");
	sm_json_array(&j, true);
	for (i = 0; i < s->n_sessions; i++)
	{
		json_session(&j, s, s->sessions[i]);
	}
	sm_json_end(&j);
	sm_json_key(&j, "pools");
	sm_json_array(&j, true);
	for (p = s->pools ? s->pools->first : NULL; p; p = p->next)
	{
		if (p->kind == SM_VNODE_SECTION)
		{
			json_pool(&j, p);
		}
	}
	sm_json_end(&j);
	sm_json_end(&j);
}
