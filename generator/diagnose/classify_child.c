/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Classification rules for CHILD_SAs (traffic selectors, ESP proposals,
 * PFS), for success, and the fallback "unknown".
 */
#include "config.h"

#include "classify_int.h"

#include "propcmp.h"
#include "sm_countof.h"

#include <stdio.h>
#include <string.h>

/** First key exchange method in an ESP proposal list, "" if none. */
static const char *esp_ke(const char *list, char *buf, size_t size)
{
	static const char *const prefixes[] = {
		"/MODP_", "/ECP_", "/CURVE_", "/ML_KEM", "/KE1_",
	};
	const char *p, *best = NULL;
	size_t i, n;

	buf[0] = '\0';
	for (i = 0; list && i < countof(prefixes); i++)
	{
		p = strstr(list, prefixes[i]);
		while (p && !strncmp(p, "/MODP_NONE", 10))
		{
			p = strstr(p + 1, prefixes[i]);
		}
		if (p && (!best || p < best))
		{
			best = p;
		}
	}
	if (best)
	{
		best++;
		n = strcspn(best, "/,");
		snprintf(buf, size, "%.*s", (int)n, best);
	}
	return buf;
}

static void ts_values(sm_attempt_t *a, const char *local, const char *remote)
{
	sm_attempt_value(a, "traffic selectors of this side",
					 local[0] ? local : NULL, a->ts_us[0] ? a->ts_us : NULL);
	if (remote[0] || a->ts_other[0])
	{
		sm_attempt_value(a, "traffic selectors of the peer's side",
						 remote[0] ? remote : NULL,
						 a->ts_other[0] ? a->ts_other : NULL);
	}
}

/**
 * The CHILD_SA was negotiated, then this side's kernel interface refused to
 * install it: strongSwan answers TS_UNACCEPTABLE for policies (SPD) and
 * NO_PROPOSAL_CHOSEN for the SAs (SAD), which must not read as a mismatch.
 */
static bool rule_install(sm_attempt_t *a)
{
	const char *what, *l;

	if (!HAS(SM_EV_KERNEL_FAILED))
	{
		return false;
	}
	what = sm_cls_or(VAL(SM_EV_KERNEL_FAILED, 0), "the CHILD_SA");
	if (HAS(SM_EV_KERNEL_ROUTE_FAILED))
	{
		l = VAL(SM_EV_KERNEL_ROUTE_FAILED, 0);
		SET(a, SM_CAUSE_P2_INSTALL, 5,
			"the kernel interface could not install the %s: it found no "
			"route for the policy %s === %s; kernel-libipsec needs an "
			"address of this host inside the local traffic selector %s",
			what, sm_cls_or(l, "?"),
			sm_cls_or(VAL(SM_EV_KERNEL_ROUTE_FAILED, 1), "?"),
			sm_cls_or(l, "?"));
		sm_attempt_value(a,
						 "local traffic selector without an address of "
						 "this host",
						 NULL, l[0] ? l : NULL);
		sm_attempt_use_fact(a, SM_EV_KERNEL_ROUTE_FAILED);
	}
	else
	{
		SET(a, SM_CAUSE_P2_INSTALL, 4,
			"the kernel refused the CHILD_SA: unable to install %s in "
			"kernel; the proposals and traffic selectors were accepted",
			what);
	}
	sm_attempt_use_fact(a, SM_EV_KERNEL_FAILED);
	sm_attempt_use_fact(a, SM_EV_CHILD_FAILED);
	return true;
}

static bool rule_ts(sm_attempt_t *a)
{
	const char *l, *r;
	int n;

	if (HAS(SM_EV_TS_UNACCEPTABLE) || HAS(SM_EV_NO_CHILD_CFG) ||
		HAS(SM_EV_NO_TS))
	{
		if (HAS(SM_EV_TS_UNACCEPTABLE))
		{
			l = VAL(SM_EV_TS_UNACCEPTABLE, 0);
			r = VAL(SM_EV_TS_UNACCEPTABLE, 1);
		}
		else
		{
			l = VAL(SM_EV_LOOKING_CHILD_CFG, 0);
			r = VAL(SM_EV_LOOKING_CHILD_CFG, 1);
		}
		SET(a, SM_CAUSE_P2_TS, 5,
			"the peer asked for %s on this side (and %s "
			"on its own), but this side offers %s",
			sm_cls_or(l, "?"), sm_cls_or(r, "?"),
			sm_cls_or(a->ts_us, "other networks"));
		ts_values(a, l, r);
		sm_attempt_use_fact(a, SM_EV_LOOKING_CHILD_CFG);
		sm_attempt_use_fact(a, SM_EV_PROPOSING_TS);
		sm_attempt_use_fact(a, SM_EV_TS_UNACCEPTABLE);
		sm_attempt_use_fact(a, SM_EV_NO_CHILD_CFG);
		sm_attempt_use_fact(a, SM_EV_NO_TS);
		return true;
	}
	n = sm_cls_notify(a, "TS_UNACCEPTABLE", true);
	if (n < 0)
	{
		n = sm_cls_notify(a, "INVALID_ID_INFORMATION", true);
		if (n >= 0 && a->notify[n].xch != SM_XCH_CHILD)
		{
			n = -1;
		}
	}
	if (n >= 0 || HAS(SM_EV_PEER_INVALID_TS))
	{
		SET(a, SM_CAUSE_P2_TS, 3,
			"the peer does not accept the networks "
			"proposed: %s on this side, %s on its side (TS_UNACCEPTABLE); "
			"a peer that accepted them but could not install the CHILD_SA's "
			"policies in its kernel sends the same, its log says which",
			sm_cls_or(a->ts_us, "?"), sm_cls_or(a->ts_other, "?"));
		sm_attempt_value(a, "traffic selectors proposed for this side", NULL,
						 a->ts_us[0] ? a->ts_us : NULL);
		sm_attempt_value(a, "traffic selectors proposed for the peer's side",
						 NULL, a->ts_other[0] ? a->ts_other : NULL);
		sm_attempt_use_fact(a, SM_EV_PROPOSING_TS);
		sm_attempt_use_fact(a, SM_EV_PEER_INVALID_TS);
		if (n >= 0)
		{
			sm_attempt_use(a, a->notify[n].ev);
		}
		return true;
	}
	return false;
}

/** Whether the CHILD_SA being set up was established before (a rekey). */
static bool rekeying(const sm_attempt_t *a)
{
	size_t i;

	if (HAS(SM_EV_CHILD_REKEY_FAILED))
	{
		return true;
	}
	for (i = 0; i < a->nchild; i++)
	{
		if (!a->child[i].created_later &&
			!strcmp(a->child[i].name, a->child_pending))
		{
			return true;
		}
	}
	return false;
}

/** Say which side wants PFS, from the key exchange value compare() added. */
static void pfs_summary(sm_attempt_t *a)
{
	const char *got = NULL, *want = NULL;
	size_t i;

	for (i = 0; i < a->nvalues; i++)
	{
		if (!strcmp(a->values[i].what, sm_tf_name(SM_TF_KE)) ||
			!strcmp(a->values[i].what, sm_tf_name(SM_TF_ADDKE)))
		{
			got = a->values[i].received;
			want = a->values[i].configured;
			break;
		}
	}
	got = got ? got : "none";
	want = want ? want : "none";
	if (!strcmp(want, "none"))
	{
		SET(a, SM_CAUSE_P2_PFS, 5,
			"the peer requires perfect forward secrecy "
			"with %s for the CHILD_SA, this side has no PFS configured",
			got);
	}
	else if (!strcmp(got, "none"))
	{
		SET(a, SM_CAUSE_P2_PFS, 5,
			"this side requires perfect forward "
			"secrecy with %s for the CHILD_SA, the peer offers none (macOS "
			"does not when it rekeys)",
			want);
	}
	else
	{
		SET(a, SM_CAUSE_P2_PFS, 5,
			"the CHILD_SA's perfect forward secrecy "
			"groups differ: received %s, configured %s",
			got, want);
	}
	if (a->fact[SM_EV_NO_PROPOSAL].xch == SM_XCH_CHILD)
	{
		size_t n = strlen(a->summary);

		snprintf(a->summary + n, sizeof(a->summary) - n,
				 "; this shows when "
				 "a CHILD_SA is created after IKE_AUTH or rekeyed");
	}
}

static bool rule_esp(sm_attempt_t *a)
{
	char what[400], ke[64];
	sm_cause_t cause;
	int n;

	if (HAS(SM_EV_NO_PROPOSAL) && !strcmp(VAL(SM_EV_NO_PROPOSAL, 0), "ESP"))
	{
		cause = sm_cls_compare(a, a->esp_recv, a->esp_conf, true,
							   a->fact[SM_EV_NO_PROPOSAL].xch == SM_XCH_AUTH,
							   what, sizeof(what));
		sm_attempt_use(a, a->esp_pair_ev);
		sm_attempt_use_fact(a, SM_EV_NO_PROPOSAL);
		if (cause == SM_CAUSE_P2_PROPOSAL)
		{
			SET(a, cause, 3, "no ESP proposal was acceptable%s%s",
				what[0] ? ": " : "", what);
		}
		else if (cause == SM_CAUSE_P2_PFS)
		{
			pfs_summary(a);
		}
		else
		{
			SET(a, cause, 5, "the ESP proposals have no %s in common (%s)",
				cause == SM_CAUSE_P2_ENCRYPTION ? "encryption algorithm"
												: "integrity algorithm",
				what);
		}
		return true;
	}
	n = sm_cls_notify(a, "NO_PROPOSAL_CHOSEN", true);
	if (n < 0 || (!a->ike_established && a->notify[n].xch != SM_XCH_AUTH &&
				  a->notify[n].xch != SM_XCH_CHILD))
	{
		return false;
	}
	sm_attempt_use(a, a->notify[n].ev);
	esp_ke(a->esp_conf, ke, sizeof(ke));
	if (a->notify[n].xch == SM_XCH_CHILD && ke[0] && rekeying(a))
	{
		SET(a, SM_CAUSE_P2_PFS, 4,
			"rekeying the CHILD_SA '%s' with the key "
			"exchange %s (PFS) is refused, while the same proposal without it "
			"worked when the CHILD_SA was created",
			a->child_pending, ke);
		sm_attempt_value(a, "key exchange (DH group)", NULL, ke);
		sm_attempt_use_fact(a, SM_EV_CHILD_REKEY_FAILED);
		return true;
	}
	SET(a, SM_CAUSE_P2_PROPOSAL, 2,
		"the peer accepted none of the ESP "
		"proposals offered%s%s (NO_PROPOSAL_CHOSEN)%s%s%s%s",
		a->esp_conf ? ": " : "", sm_cls_or(a->esp_conf, ""),
		ke[0] ? "; they require PFS with " : "", ke,
		ke[0] ? ", which is the cause if the peer has no PFS" : "",
		a->ike_established
			? "; a peer whose kernel refused the CHILD_SA's IPsec SAs "
			  "sends the same, its log says which"
			: "");
	if (a->esp_conf)
	{
		sm_attempt_value(a, "ESP proposals offered", NULL, a->esp_conf);
	}
	return true;
}

bool sm_cls_child(sm_attempt_t *a)
{
	return rule_install(a) || rule_ts(a) || rule_esp(a);
}

/** A failure the rules before did not explain. */
static bool failed_somehow(const sm_attempt_t *a)
{
	static const sm_ev_kind_t kinds[] = {
		SM_EV_CHILD_FAILED,          SM_EV_CHILD_REKEY_FAILED,
		SM_EV_KERNEL_FAILED,         SM_EV_NO_PROPOSAL,
		SM_EV_PEER_CFG_UNACCEPTABLE, SM_EV_DECRYPT_FAILED,
		SM_EV_PARSE_FAILED,          SM_EV_EAP_NAK,
		SM_EV_AUTH_MSK_FAILED,
	};
	size_t i;

	for (i = 0; i < countof(kinds); i++)
	{
		if (a->fact[kinds[i]].set)
		{
			return true;
		}
	}
	for (i = 0; i < a->nnotify; i++)
	{
		if (a->notify[i].received || !a->ike_established)
		{
			return true;
		}
	}
	return false;
}

static void use_failures(sm_attempt_t *a)
{
	size_t i, n;
	int k;

	for (k = 0; k < SM_EV_COUNT; k++)
	{
		switch (k)
		{
			case SM_EV_CHILD_FAILED:
			case SM_EV_CHILD_REKEY_FAILED:
			case SM_EV_KERNEL_FAILED:
			case SM_EV_NO_PROPOSAL:
			case SM_EV_PEER_CFG_UNACCEPTABLE:
			case SM_EV_DECRYPT_FAILED:
			case SM_EV_PARSE_FAILED:
			case SM_EV_EAP_NAK:
			case SM_EV_AUTH_MSK_FAILED:
			case SM_EV_NO_ACCEPTABLE_ALG:
				sm_attempt_use_fact(a, (sm_ev_kind_t)k);
				break;
			default:
				break;
		}
	}
	for (i = 0; i < a->nnotify; i++)
	{
		sm_attempt_use(a, a->notify[i].ev);
	}
	n = a->nrelevant < SM_ATT_RELEVANT ? a->nrelevant : SM_ATT_RELEVANT;
	for (i = 0; i < n; i++)
	{
		sm_attempt_use(a, a->relevant[i]);
	}
}

bool sm_cls_end(sm_attempt_t *a)
{
	const char *user = sm_cls_or(a->eap_id, a->remote_id);
	char children[SM_ATT_TEXT * 2] = "";
	size_t i, used = 0;
	int w;

	if ((a->ike_established || a->nchild) && !failed_somehow(a))
	{
		for (i = 0; i < a->nchild; i++)
		{
			w = snprintf(children + used, sizeof(children) - used, "%s%s %s",
						 i ? ", " : "", a->child[i].name, a->child[i].ts);
			if (w < 0 || (size_t)w >= sizeof(children) - used)
			{
				break;
			}
			used += (size_t)w;
		}
		SET(a, SM_CAUSE_ESTABLISHED, 5, "established%s%s%s%s%s%s%s%s",
			user[0] ? " for '" : "", user, user[0] ? "'" : "",
			a->vip[0] ? ", virtual IP " : "", a->vip,
			children[0] ? ", CHILD_SA " : "", children,
			(a->fact[SM_EV_GIVING_UP].set ||
			 a->fact[SM_EV_PEER_NOT_RESPONDING].set)
				? "; later the peer stopped answering (it went away, or DPD failed)"
				: "");
		sm_attempt_use_fact(a, SM_EV_IKE_ESTABLISHED);
		sm_attempt_use_fact(a, SM_EV_VIP_ASSIGNED);
		sm_attempt_use_fact(a, SM_EV_VIP_INSTALLED);
		sm_attempt_use_fact(a, SM_EV_CHILD_ESTABLISHED);
		return true;
	}
	use_failures(a);
	if (!a->nused && a->started && !a->finished)
	{
		SET(a, SM_CAUSE_UNKNOWN, 0,
			"the attempt does not complete in the log "
			"(no failure and no success is logged)");
	}
	else if (a->ike_established)
	{
		SET(a, SM_CAUSE_UNKNOWN, 0,
			"the IKE_SA was established, then "
			"something failed that this tool does not recognise; see the "
			"lines below");
	}
	else
	{
		SET(a, SM_CAUSE_UNKNOWN, 0,
			"no known cause in the log; see the lines "
			"that looked relevant below");
	}
	return true;
}
