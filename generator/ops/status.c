/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who is connected (charon's IKE_SAs and pools, over vici) and throwing a
 * user off.  status_print.c prints what sm_status_query() got.
 */
#include "config.h"

#include "ops_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** How long charon waits for a client to confirm a DELETE (ms). */
#define TERMINATE_TIMEOUT_MS 5000
/** ... and for a forced delete, which needs no answer (ms). */
#define FORCE_TIMEOUT_MS 2000

void sm_status_destroy(sm_status_t *s)
{
	if (!s)
	{
		return;
	}
	sm_vnode_free(s->version);
	sm_vnode_free(s->stats);
	sm_vnode_free(s->sas);
	sm_vnode_free(s->pools);
	free(s->sessions);
	free(s->uri);
	free(s);
}

size_t sm_status_sessions(const sm_status_t *s)
{
	return s->n_sessions;
}

/* the IKE_SA sections of list-sas' events, in the order charon sent them:
 * each "list-sa" event holds one section named after its connection */
static bool collect_sessions(sm_status_t *s)
{
	const sm_vnode_t *ev, *ike;
	size_t n = 0;

	for (ev = s->sas ? s->sas->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			n += ike->kind == SM_VNODE_SECTION;
		}
	}
	s->sessions = calloc(n ? n : 1, sizeof(*s->sessions));
	if (!s->sessions)
	{
		return false;
	}
	for (ev = s->sas ? s->sas->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			if (ike->kind == SM_VNODE_SECTION)
			{
				s->sessions[s->n_sessions++] = ike;
			}
		}
	}
	return true;
}

/* list-sas: the IKE_SAs as events */
static sm_vnode_t *list_sas(sm_vici_t *v, char *err)
{
	sm_vnode_t *res, *events = NULL;

	res = sm_vici_call(v, "list-sas", NULL, "list-sa", &events, err);
	if (!res)
	{
		return NULL;
	}
	sm_vnode_free(res);
	return events;
}

int sm_status_query(const sm_ops_opts_t *o, sm_status_t **out, char *err)
{
	sm_status_t *s = calloc(1, sizeof(*s));
	sm_vnode_t *args = NULL;
	sm_vici_t *v = NULL;
	char ignored[SM_OPS_ERR_LEN];
	int ret = -1;

	*out = NULL;
	if (!s || !(s->uri = strdup(o->uri ? o->uri : SM_VICI_DEFAULT_URI)))
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		goto out;
	}
	s->now = time(NULL);
	v = sm_vici_open(s->uri, err);
	if (!v)
	{
		goto out;
	}
	s->version = sm_vici_call(v, "version", NULL, NULL, NULL, err);
	if (!s->version)
	{
		goto out;
	}
	/* uptime only: a charon without it is still worth asking */
	s->stats = sm_vici_call(v, "stats", NULL, NULL, NULL, ignored);
	s->sas = list_sas(v, err);
	args = sm_vnode_section(NULL);
	if (!s->sas || !args || !sm_vnode_add_str(args, "leases", "yes"))
	{
		goto out;
	}
	s->pools = sm_vici_call(v, "get-pools", args, NULL, NULL, err);
	if (!s->pools)
	{
		goto out;
	}
	if (!collect_sessions(s))
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		goto out;
	}
	*out = s;
	s = NULL;
	ret = 0;
out:
	sm_vnode_free(args);
	sm_vici_close(v);
	sm_status_destroy(s);
	return ret;
}

const char *sm_session_user(const sm_vnode_t *ike)
{
	const char *id = sm_vnode_str(ike, "remote-eap-id");

	if (!id)
	{
		id = sm_vnode_str(ike, "remote-xauth-id");
	}
	if (!id)
	{
		id = sm_vnode_str(ike, "remote-id");
	}
	return id ? id : "";
}

/* equal ignoring ASCII case only, as the user database compares */
static bool ascii_caseeq(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++)
	{
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		x = x >= 'A' && x <= 'Z' ? (unsigned char)(x + 32) : x;
		y = y >= 'A' && y <= 'Z' ? (unsigned char)(y + 32) : y;
		if (x != y)
		{
			return false;
		}
		if (!x)
		{
			return true;
		}
	}
}

bool sm_session_is(const sm_vnode_t *ike, const char *user)
{
	const char *id = sm_session_user(ike), *bs;

	if (ascii_caseeq(id, user))
	{
		return true;
	}
	/* DOMAIN\user, as the plugin finds it */
	bs = strchr(id, '\\');
	return bs && bs[1] && ascii_caseeq(bs + 1, user);
}

/* terminate one IKE_SA; false with the reason in err */
static bool terminate(sm_vici_t *v, const char *id, bool force, char *err)
{
	sm_vnode_t *args = sm_vnode_section(NULL), *res = NULL;
	bool ok = false;

	if (!args || !sm_vnode_add_str(args, "ike-id", id) ||
		!sm_vnode_add_fmt(args, "timeout", "%d",
						  force ? FORCE_TIMEOUT_MS : TERMINATE_TIMEOUT_MS) ||
		(force && !sm_vnode_add_str(args, "force", "yes")))
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		goto out;
	}
	res = sm_vici_call(v, "terminate", args, NULL, NULL, err);
	ok = res && sm_vici_success(res, err);
out:
	sm_vnode_free(args);
	sm_vnode_free(res);
	return ok;
}

static void print_vips(FILE *out, const sm_vnode_t *ike)
{
	const sm_vnode_t *vip;
	const sm_vnode_t *list = sm_vnode_get(ike, "remote-vips");

	for (vip = list ? list->first : NULL; vip; vip = vip->next)
	{
		fprintf(out, "%s%s", vip == list->first ? ", virtual IP " : " ",
				vip->value);
	}
}

int sm_disconnect(const sm_ops_opts_t *o, const char *user, FILE *out,
				  sm_disconnect_result_t *r, char *err)
{
	sm_vnode_t *sas = NULL, *after = NULL;
	const sm_vnode_t *ev, *ike;
	char why[SM_OPS_ERR_LEN];
	sm_vici_t *v;
	const char *id;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	v = sm_vici_open(o->uri, err);
	if (!v || !(sas = list_sas(v, err)))
	{
		goto out;
	}
	for (ev = sas->first; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			id = sm_vnode_str(ike, "uniqueid");
			if (ike->kind != SM_VNODE_SECTION || !id ||
				!sm_session_is(ike, user))
			{
				continue;
			}
			r->found++;
			if (terminate(v, id, false, why) || terminate(v, id, true, why))
			{
				r->terminated++;
				if (out)
				{
					fprintf(out, "disconnected %s: IKE_SA %s #%s from %s",
							sm_session_user(ike), ike->name, id,
							sm_vnode_str(ike, "remote-host") ?: "?");
					print_vips(out, ike);
					fputc('\n', out);
				}
			}
			else if (out)
			{
				fprintf(out, "could not disconnect %s: IKE_SA %s #%s: %s\n",
						sm_session_user(ike), ike->name, id, why);
			}
		}
	}
	/* what is left: an IKE_SA established meanwhile, or one charon kept */
	if (r->found && !(after = list_sas(v, err)))
	{
		goto out;
	}
	for (ev = after ? after->first : NULL; ev; ev = ev->next)
	{
		for (ike = ev->first; ike; ike = ike->next)
		{
			r->remaining +=
				ike->kind == SM_VNODE_SECTION && sm_session_is(ike, user);
		}
	}
	ret = 0;
out:
	sm_vnode_free(sas);
	sm_vnode_free(after);
	sm_vici_close(v);
	return ret;
}
