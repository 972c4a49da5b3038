/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turning events into the facts of an attempt.
 */
#include "config.h"

#include "record.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Error notifies as charon abbreviates them in message summaries. */
static const struct {
	const char *abbr, *name;
} notifies[] = {
	{"NO_PROP", "NO_PROPOSAL_CHOSEN"},
	{"AUTH_FAILED", "AUTHENTICATION_FAILED"},
	{"TS_UNACCEPT", "TS_UNACCEPTABLE"},
	{"INVAL_KE", "INVALID_KE_PAYLOAD"},
	{"INVAL_ID", "INVALID_ID_INFORMATION"},
	{"PLD_MAL", "PAYLOAD_MALFORMED"},
	{"INVAL_SYN", "INVALID_SYNTAX"},
	{"INT_ADDR_FAIL", "INTERNAL_ADDRESS_FAILURE"},
	{"FAIL_CP_REQ", "FAILED_CP_REQUIRED"},
	{"INVAL_MAJOR", "INVALID_MAJOR_VERSION"},
	{"INVAL_HASH", "INVALID_HASH_INFORMATION"},
	{"INVAL_CERT", "INVALID_CERTIFICATE"},
	{"INVAL_CA", "INVALID_CERTIFICATE_AUTHORITY"},
	{"CERT_UNSUP", "CERT_TYPE_UNSUPPORTED"},
	{"SINGLE_PAIR", "SINGLE_PAIR_REQUIRED"},
	{"NO_ADD_SAS", "NO_ADDITIONAL_SAS"},
	{"TEMP_FAIL", "TEMPORARY_FAILURE"},
	{"NO_CHILD_SA", "CHILD_SA_NOT_FOUND"},
	{"UNACCEPT_ADDR", "UNACCEPTABLE_ADDRESSES"},
	{"CRIT", "UNSUPPORTED_CRITICAL_PAYLOAD"},
};

static char *copy(sm_span_t s, char *buf, size_t size)
{
	return sm_span_copy(s, buf, size);
}

static int version_of(sm_span_t exch)
{
	static const char *const v1[] = {
		"ID_PROT",     "AGGRESSIVE", "QUICK_MODE", "INFORMATIONAL_V1",
		"TRANSACTION", "AUTH_ONLY",  "BASE",
	};
	static const char *const v2[] = {
		"IKE_SA_INIT",     "IKE_AUTH",           "CREATE_CHILD_SA",
		"INFORMATIONAL",   "IKE_SESSION_RESUME", "IKE_INTERMEDIATE",
		"IKE_FOLLOWUP_KE",
	};
	size_t i;

	for (i = 0; i < countof(v1); i++)
	{
		if (sm_span_eq(exch, v1[i]))
		{
			return 1;
		}
	}
	for (i = 0; i < countof(v2); i++)
	{
		if (sm_span_eq(exch, v2[i]))
		{
			return 2;
		}
	}
	return 0;
}

static sm_xch_t xch_of(sm_span_t exch)
{
	if (sm_span_eq(exch, "IKE_SA_INIT") || sm_span_eq(exch, "ID_PROT") ||
		sm_span_eq(exch, "AGGRESSIVE") || sm_span_eq(exch, "IKE_INTERMEDIATE"))
	{
		return SM_XCH_IKE;
	}
	if (sm_span_eq(exch, "IKE_AUTH"))
	{
		return SM_XCH_AUTH;
	}
	if (sm_span_eq(exch, "CREATE_CHILD_SA") || sm_span_eq(exch, "QUICK_MODE"))
	{
		return SM_XCH_CHILD;
	}
	return SM_XCH_INFO;
}

bool sm_ev_init_request(const sm_event_t *ev)
{
	sm_span_t pl;

	if ((ev->kind != SM_EV_PARSED && ev->kind != SM_EV_GENERATING) ||
		ev->ncaps < 4 || !sm_span_eq(ev->cap[1], "request") ||
		xch_of(ev->cap[0]) != SM_XCH_IKE)
	{
		return false;
	}
	pl = ev->cap[3];
	while (pl.len && *pl.ptr == ' ')
	{
		pl.ptr++;
		pl.len--;
	}
	return pl.len >= 2 && pl.ptr[0] == 'S' && pl.ptr[1] == 'A' &&
		   (pl.len == 2 || pl.ptr[2] == ' ');
}

bool sm_ev_endpoints(const sm_event_t *ev, char local[SM_ADDR_LEN],
					 char lport[8], char remote[SM_ADDR_LEN], char rport[8])
{
	sm_span_t from, to, h, p;

	if ((ev->kind != SM_EV_RECV_PACKET && ev->kind != SM_EV_SEND_PACKET) ||
		ev->ncaps < 2)
	{
		return false;
	}
	from = ev->cap[ev->kind == SM_EV_RECV_PACKET ? 1 : 0];
	to = ev->cap[ev->kind == SM_EV_RECV_PACKET ? 0 : 1];
	sm_span_split_bracket(from, &h, &p);
	copy(h, local, SM_ADDR_LEN);
	copy(p, lport, 8);
	sm_span_split_bracket(to, &h, &p);
	copy(h, remote, SM_ADDR_LEN);
	copy(p, rport, 8);
	return true;
}

bool sm_ev_sa_ref(const sm_event_t *ev, char *name, size_t size,
				  unsigned int *id)
{
	char buf[16];
	int ni = 0;

	switch (ev->kind)
	{
		case SM_EV_INITIATING:
			ni = ev->ncaps == 4 ? 1 : 0;
			break;
		case SM_EV_PEER_INITIATING:
			if (ev->ncaps != 3)
			{
				return false;
			}
			ni = 1;
			break;
		case SM_EV_STATE:
		case SM_EV_IKE_ESTABLISHED:
		case SM_EV_IKE_DELETING:
		case SM_EV_IKE_DELETE_RECEIVED:
		case SM_EV_HALF_OPEN_TIMEOUT:
			ni = 0;
			break;
		default:
			return false;
	}
	if (ev->ncaps < ni + 2)
	{
		return false;
	}
	copy(ev->cap[ni], name, size);
	if (!strcmp(name, "(unnamed)"))
	{
		name[0] = '\0';
	}
	copy(ev->cap[ni + 1], buf, sizeof(buf));
	*id = (unsigned int)strtoul(buf, NULL, 10);
	return buf[0] >= '0' && buf[0] <= '9';
}

/** Add a notify error (by full name), or refresh its evidence. */
static void add_notify(sm_attempt_t *a, const char *name, bool received, int ev,
					   bool prefer)
{
	size_t i;

	for (i = 0; i < a->nnotify; i++)
	{
		if (!strcmp(a->notify[i].name, name) &&
			a->notify[i].received == received)
		{
			if (prefer && ev >= 0)
			{
				a->notify[i].ev = ev;
			}
			return;
		}
	}
	if (a->nnotify < SM_ATT_NOTIFIES)
	{
		snprintf(a->notify[a->nnotify].name, sizeof(a->notify[0].name), "%s",
				 name);
		a->notify[a->nnotify].received = received;
		a->notify[a->nnotify].xch = a->xch;
		a->notify[a->nnotify].ev = ev;
		a->nnotify++;
	}
	/* these end the IKE_SA; NO_PROPOSAL_CHOSEN only in its first exchange
	 * (in IKE_AUTH it concerns the CHILD_SA) */
	if (!strcmp(name, "AUTHENTICATION_FAILED") ||
		!strcmp(name, "INVALID_SYNTAX") ||
		!strcmp(name, "INVALID_MAJOR_VERSION") ||
		(a->xch == SM_XCH_IKE && (!strcmp(name, "NO_PROPOSAL_CHOSEN") ||
								  !strcmp(name, "INVALID_ID_INFORMATION") ||
								  !strcmp(name, "PAYLOAD_MALFORMED"))))
	{
		a->finished = true;
	}
}

/** Error notifies in a message summary "[ ... N(NO_PROP) ... ]". */
static int scan_notifies(sm_attempt_t *a, sm_span_t pl, bool received, int *ev,
						 unsigned int src, unsigned long line, const char *raw,
						 size_t rawlen)
{
	const char *p = pl.ptr, *end = pl.ptr + pl.len, *close;
	size_t i, n;
	int found = 0;

	while (p && p < end && (p = memchr(p, 'N', (size_t)(end - p))))
	{
		if (p + 2 >= end || p[1] != '(' || (p > pl.ptr && p[-1] != ' '))
		{
			p++;
			continue;
		}
		close = memchr(p + 2, ')', (size_t)(end - p - 2));
		if (!close)
		{
			break;
		}
		n = (size_t)(close - p - 2);
		for (i = 0; i < countof(notifies); i++)
		{
			if (strlen(notifies[i].abbr) == n &&
				!memcmp(p + 2, notifies[i].abbr, n))
			{
				if (*ev < 0)
				{
					*ev = sm_attempt_evidence(a, src, line, raw, rawlen);
				}
				add_notify(a, notifies[i].name, received, *ev, false);
				if (!received && !strcmp(notifies[i].abbr, "NO_PROP") &&
					!a->fact[SM_EV_NO_PROPOSAL].set)
				{
					/* level 1 logs the proposals of a failed selection, and
					 * this notify, even where "no ... proposal found" lacks */
					sm_span_t proto = {a->xch == SM_XCH_IKE ? "IKE" : "ESP", 3};

					sm_attempt_fact(a, SM_EV_NO_PROPOSAL, *ev, &proto, NULL,
									false);
				}
				found++;
			}
		}
		p = close;
	}
	return found;
}

/** A message of an exchange was parsed or generated. */
static void message(sm_attempt_t *a, const sm_event_t *ev, unsigned int src,
					unsigned long line, const char *raw, size_t rawlen)
{
	bool parsed = ev->kind == SM_EV_PARSED, request, init;
	sm_xch_t x;
	int v, e = -1;

	if (ev->ncaps < 4)
	{
		return;
	}
	v = version_of(ev->cap[0]);
	if (v && !a->version)
	{
		a->version = v;
	}
	x = xch_of(ev->cap[0]);
	request = sm_span_eq(ev->cap[1], "request");
	init = sm_ev_init_request(ev);
	if (init)
	{
		a->started = true;
	}
	if (x == SM_XCH_IKE && a->role == SM_ROLE_UNKNOWN &&
		(init || sm_span_eq(ev->cap[2], "0")))
	{
		a->role = (parsed == request) ? SM_ROLE_RESPONDER : SM_ROLE_INITIATOR;
	}
	if (x != SM_XCH_INFO)
	{
		a->xch = x;
		if (!parsed && request)
		{
			a->last_sent_xch = x;
		}
	}
	scan_notifies(a, ev->cap[3], parsed, &e, src, line, raw, rawlen);
}

/** Append a traffic selector to a comma-separated list. */
static void ts_append(char *list, size_t size, sm_span_t ts)
{
	size_t used = strlen(list);

	if (used + ts.len + 3 >= size)
	{
		return;
	}
	if (used)
	{
		memcpy(list + used, ", ", 2);
		used += 2;
	}
	memcpy(list + used, ts.ptr, ts.len);
	list[used + ts.len] = '\0';
}

/** Split "HOST[ID]" into the attempt's address and identity fields. */
static void host_id(sm_span_t s, char *addr, char *id)
{
	sm_span_t h, i;

	sm_span_split_bracket(s, &h, &i);
	if (addr && h.len && !addr[0])
	{
		copy(h, addr, SM_ADDR_LEN);
	}
	if (id && i.len)
	{
		copy(i, id, SM_ATT_TEXT);
	}
}

static void proposals(sm_attempt_t *a, const sm_event_t *ev, int e)
{
	bool ike = ev->cap[0].len >= 4 && !memcmp(ev->cap[0].ptr, "IKE:", 4);
	sm_span_t s = ev->cap[0];

	if (ev->kind != SM_EV_PROPOSAL_SELECTED)
	{
		a->last_prop_esp = !ike;
	}
	switch (ev->kind)
	{
		case SM_EV_PROPOSALS_RECEIVED:
			sm_attempt_store(ike ? &a->ike_recv : &a->esp_recv, s.ptr, s.len,
							 SM_ATT_PROPOSALS);
			*(ike ? &a->ike_pair_ev : &a->esp_pair_ev) = e;
			break;
		case SM_EV_PROPOSALS_CONFIGURED:
			sm_attempt_store(ike ? &a->ike_conf : &a->esp_conf, s.ptr, s.len,
							 SM_ATT_PROPOSALS);
			break;
		default:
			sm_attempt_store(ike ? &a->ike_sel : &a->esp_sel, s.ptr, s.len,
							 SM_ATT_PROPOSALS);
			break;
	}
}

void sm_record(sm_attempt_t *a, const sm_event_t *ev, const sm_logline_t *l,
			   unsigned int src, unsigned long line, const char *raw,
			   size_t rawlen)
{
	sm_span_t *c = (sm_span_t *)ev->cap;
	sm_span_t none = {NULL, 0};
	sm_ev_kind_t kind;
	int e = -1, n = ev->ncaps;

	if (l->tkind != SM_TIME_NONE)
	{
		if (a->tkind == SM_TIME_NONE)
		{
			a->t_start = l->time;
			a->tkind = l->tkind;
		}
		a->t_end = l->time;
	}
	if (!a->line_first)
	{
		a->line_first = line;
	}
	a->line_last = line;
	if (l->has_sa && l->sa_name[0] && !a->name[0])
	{
		snprintf(a->name, sizeof(a->name), "%s", l->sa_name);
	}
	if (ev->kind != SM_EV_TS_ITEM)
	{
		a->ts_collect = 0;
	}
	switch (ev->kind)
	{
		case SM_EV_NONE:
			return;
		case SM_EV_RECV_PACKET:
		case SM_EV_SEND_PACKET:
		{
			char lo[SM_ADDR_LEN], lp[8], re[SM_ADDR_LEN], rp[8];

			sm_ev_endpoints(ev, lo, lp, re, rp);
			if (!a->local[0])
			{
				snprintf(a->local, sizeof(a->local), "%s", lo);
				snprintf(a->remote, sizeof(a->remote), "%s", re);
			}
			if (ev->kind == SM_EV_RECV_PACKET)
			{
				a->n_recv++;
				a->sent_since_recv = 0;
				a->unanswered = false;
			}
			else
			{
				a->n_sent++;
				a->sent_since_recv++;
				snprintf(a->rport, sizeof(a->rport), "%s", rp);
			}
			return;
		}
		case SM_EV_PARSED:
		case SM_EV_GENERATING:
			message(a, ev, src, line, raw, rawlen);
			return;
		case SM_EV_TS_ITEM:
			if (a->ts_collect)
			{
				ts_append(a->ts_collect == 1 ? a->ts_us : a->ts_other,
						  SM_ATT_TEXT, c[0]);
			}
			return;
		default:
			break;
	}
	e = sm_attempt_evidence(a, src, line, raw, rawlen);
	kind = ev->kind == SM_EV_RETRANSMIT_V1 ? SM_EV_RETRANSMIT : ev->kind;
	switch (kind)
	{
		case SM_EV_INITIATING:
			a->started = true;
			a->role = SM_ROLE_INITIATOR;
			if (n == 4)
			{
				copy(c[0], a->v1_mode, sizeof(a->v1_mode));
				a->version = 1;
			}
			if (n >= 3 && !a->remote[0])
			{
				copy(c[n - 1], a->remote, sizeof(a->remote));
			}
			break;
		case SM_EV_PEER_INITIATING:
			a->started = true;
			a->role = SM_ROLE_RESPONDER;
			if (n == 2)
			{
				copy(c[1], a->v1_mode, sizeof(a->v1_mode));
				a->version = 1;
			}
			if (!a->remote[0])
			{
				copy(c[0], a->remote, sizeof(a->remote));
			}
			break;
		case SM_EV_LOOKING_IKE_CFG:
			a->started = true;
			if (a->role == SM_ROLE_UNKNOWN)
			{
				a->role = SM_ROLE_RESPONDER;
			}
			if (sm_span_eq(c[0], "IKEv1"))
			{
				a->version = 1;
			}
			else if (sm_span_eq(c[0], "IKEv2"))
			{
				a->version = 2;
			}
			break;
		case SM_EV_STATE:
			if (n >= 4 && sm_span_eq(c[3], "DESTROYING"))
			{
				a->finished = true;
			}
			return;
		case SM_EV_IKE_ESTABLISHED:
			a->ike_established = true;
			a->t_established = l->time;
			if (n >= 4)
			{
				host_id(c[2], a->local, a->local_id);
				host_id(c[3], a->remote, a->remote_id);
			}
			break;
		case SM_EV_IKE_DELETE_RECEIVED:
			a->peer_deleted = true;
			a->t_peer_deleted = l->time;
			/* fall through */
		case SM_EV_IKE_DELETING:
		case SM_EV_IKE_DELETED:
			a->deleted = true;
			a->finished = true;
			break;
		case SM_EV_KE_REQUESTING:
			a->ke_retry_expected = true;
			break;
		case SM_EV_RETRANSMIT:
			a->unanswered = true;
			break;
		case SM_EV_HALF_OPEN_TIMEOUT:
		case SM_EV_GIVING_UP:
		case SM_EV_NO_IKE_CFG:
			a->finished = true;
			break;
		case SM_EV_PEER_NOT_RESPONDING:
			if (raw && rawlen && !memchr(raw, '(', rawlen))
			{
				a->finished = true;
			}
			break;
		case SM_EV_PROPOSALS_RECEIVED:
		case SM_EV_PROPOSALS_CONFIGURED:
		case SM_EV_PROPOSAL_SELECTED:
			proposals(a, ev, e);
			return;
		case SM_EV_NO_PROPOSAL:
		{
			bool esp = a->last_prop_esp ||
					   (!a->ike_recv && !a->esp_recv &&
						(a->xch == SM_XCH_CHILD || a->xch == SM_XCH_AUTH));
			sm_span_t proto = {esp ? "ESP" : "IKE", 3};

			if (!esp && (a->xch == SM_XCH_IKE || a->xch == SM_XCH_NONE))
			{
				a->finished = true;
			}
			sm_attempt_fact(a, ev->kind, e, &proto, NULL, false);
			return;
		}
		case SM_EV_NOTIFY_ERROR:
		{
			char name[40];

			copy(c[0], name, sizeof(name));
			add_notify(a, name, true, e, true);
			return;
		}
		case SM_EV_PEER_CFG_LOOKUP:
			if (n >= 2)
			{
				sm_span_t h, lid, rid;

				host_id(c[0], a->local, a->local_id);
				host_id(c[1], a->remote, a->remote_id);
				sm_span_split_bracket(c[0], &h, &lid);
				sm_span_split_bracket(c[1], &h, &rid);
				sm_attempt_fact(a, ev->kind, e, &lid, &rid, true);
			}
			return;
		case SM_EV_PEER_CFG_SELECTED:
			if (!a->name[0])
			{
				copy(c[0], a->name, sizeof(a->name));
			}
			break;
		case SM_EV_EAP_IDENTITY:
		case SM_EV_EAP_SENDING_ID:
			copy(c[0], a->eap_id, sizeof(a->eap_id));
			break;
		case SM_EV_VIP_ASSIGNED:
			copy(c[0], a->vip, sizeof(a->vip));
			if (n >= 2 && !a->eap_id[0])
			{
				copy(c[1], a->eap_id, sizeof(a->eap_id));
			}
			break;
		case SM_EV_VIP_INSTALLED:
			copy(c[0], a->vip, sizeof(a->vip));
			break;
		case SM_EV_PROPOSING_TS:
			a->ts_collect = sm_span_eq(c[0], "us") ? 1 : 2;
			(a->ts_collect == 1 ? a->ts_us : a->ts_other)[0] = '\0';
			break;
		case SM_EV_ESTABLISHING_CHILD:
			copy(c[0], a->child_pending, sizeof(a->child_pending));
			a->child_pending_later = a->xch == SM_XCH_CHILD;
			break;
		case SM_EV_CHILD_ESTABLISHED:
			if (a->nchild < SM_ATT_CHILDREN && n >= 6)
			{
				sm_child_t *ch = &a->child[a->nchild++];
				char lts[SM_ATT_TEXT / 2], rts[SM_ATT_TEXT / 2];

				copy(c[0], ch->name, sizeof(ch->name));
				copy(c[2], ch->spi_in, sizeof(ch->spi_in));
				copy(c[3], ch->spi_out, sizeof(ch->spi_out));
				/* "c1cbfdf2_i" "cf4973bf_o": compare the SPIs alone */
				ch->spi_in[strcspn(ch->spi_in, "_")] = '\0';
				ch->spi_out[strcspn(ch->spi_out, "_")] = '\0';
				snprintf(ch->ts, sizeof(ch->ts), "%s === %s",
						 copy(c[4], lts, sizeof(lts)),
						 copy(c[5], rts, sizeof(rts)));
				ch->created_later = a->xch == SM_XCH_CHILD;
			}
			break;
		case SM_EV_OTHER_ERROR:
			if (e >= 0)
			{
				a->relevant[a->nrelevant % SM_ATT_RELEVANT] = e;
				a->nrelevant++;
			}
			return;
		default:
			break;
	}
	sm_attempt_fact(a, kind, e, n > 0 ? &c[0] : &none, n > 1 ? &c[1] : &none,
					kind == SM_EV_RETRANSMIT ||
						kind == SM_EV_LOOKING_CHILD_CFG);
}

bool sm_attempt_reportable(const sm_attempt_t *a)
{
	static const sm_ev_kind_t failures[] = {
		SM_EV_GIVING_UP,
		SM_EV_PEER_NOT_RESPONDING,
		SM_EV_HALF_OPEN_TIMEOUT,
		SM_EV_DECRYPT_FAILED,
		SM_EV_HASH_MISMATCH,
		SM_EV_NO_IKE_CFG,
		SM_EV_UNSUPPORTED_VERSION,
		SM_EV_NO_PROPOSAL,
		SM_EV_KE_UNAVAILABLE,
		SM_EV_NO_PEER_CFG,
		SM_EV_AGGRESSIVE_PSK,
		SM_EV_IDIR_MISMATCH,
		SM_EV_IDR_MISMATCH,
		SM_EV_CONSTRAINT,
		SM_EV_NO_TRUSTED_KEY,
		SM_EV_CERT_INVALID,
		SM_EV_NO_PRIVATE_KEY,
		SM_EV_NO_SHARED_KEY,
		SM_EV_PSK_MAC_MISMATCH,
		SM_EV_AUTH_MSK_FAILED,
		SM_EV_EAP_FAILED_PEER,
		SM_EV_EAP_METHOD_FAILED,
		SM_EV_MSCHAP_VERIFY_FAILED,
		SM_EV_MSCHAP_CLIENT_FAILED,
		SM_EV_NO_EAP_KEY,
		SM_EV_RADIUS_FAILED,
		SM_EV_XAUTH_FAILED,
		SM_EV_VIP_NONE,
		SM_EV_CHILD_FAILED,
		SM_EV_CHILD_REKEY_FAILED,
		SM_EV_TS_UNACCEPTABLE,
		SM_EV_NO_TS,
		SM_EV_NO_CHILD_CFG,
		SM_EV_PEER_INVALID_TS,
		SM_EV_RETRANSMIT,
	};
	size_t i;

	if (a->started || a->ike_established || a->nchild || a->nnotify)
	{
		return true;
	}
	for (i = 0; i < countof(failures); i++)
	{
		if (a->fact[failures[i]].set)
		{
			return true;
		}
	}
	return false;
}
