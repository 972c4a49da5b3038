/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Classification rules, in the order of the exchange.  Each rule returns
 * true when it decided; sm_classify() tries them in turn.
 */
#include "config.h"

#include "classify.h"
#include "classify_int.h"

#include "propcmp.h"
#include "sm_countof.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sm_cls_set(sm_attempt_t *a, sm_cause_t cause, int score, const char *fmt,
				...)
{
	va_list args;

	a->cause = cause;
	a->score = score;
	va_start(args, fmt);
	vsnprintf(a->summary, sizeof(a->summary), fmt, args);
	va_end(args);
}

bool sm_cls_is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

int sm_cls_notify(const sm_attempt_t *a, const char *name, bool received)
{
	size_t i;

	for (i = 0; i < a->nnotify; i++)
	{
		if (a->notify[i].received == received &&
			!strcmp(a->notify[i].name, name))
		{
			return (int)i;
		}
	}
	return -1;
}

bool sm_cls_peer_translated(const sm_attempt_t *a)
{
	const sm_attempt_t *p = a->peer;

	/* "remote host is behind NAT" alone is no evidence: a peer that forces
	 * UDP encapsulation (kernel-libipsec, encap = yes) sends a random
	 * source NAT-D hash, and one log cannot tell the two apart; with the
	 * peer's log, the translation itself is visible: the peer's own
	 * address is not the one its packets arrive from */
	return p && p->local[0] && a->remote[0] && strcmp(p->local, a->remote);
}

const char *sm_cls_or(const char *s, const char *alt)
{
	return s && s[0] ? s : alt;
}

/* --- IKE version and mode, no response ------------------------------ */

static bool rule_mode(sm_attempt_t *a)
{
	if (HAS(SM_EV_AGGRESSIVE_PSK))
	{
		SET(a, SM_CAUSE_IKE_MODE, 5,
			"the peer uses IKEv1 Aggressive Mode "
			"with a pre-shared key, which this side refuses (Main Mode "
			"required)");
		sm_attempt_value(a, "IKEv1 mode", "Aggressive", "Main");
		sm_attempt_use_fact(a, SM_EV_AGGRESSIVE_PSK);
		return true;
	}
	if (HAS(SM_EV_NO_IKE_CFG))
	{
		sm_attempt_use_fact(a, SM_EV_NO_IKE_CFG);
		sm_attempt_use_fact(a, SM_EV_LOOKING_IKE_CFG);
		if (a->version == 1)
		{
			SET(a, SM_CAUSE_IKE_MODE, 5,
				"the peer speaks IKEv1 (%s Mode), "
				"but no IKEv1 connection is configured for %s",
				sm_cls_or(a->v1_mode, "Main"),
				sm_cls_or(VAL(SM_EV_NO_IKE_CFG, 0), a->local));
			sm_attempt_value(a, "IKE version", "IKEv1", "IKEv2 only");
		}
		else
		{
			SET(a, SM_CAUSE_NO_IKE_CONFIG, 4,
				"no %s connection is configured "
				"for the local address %s (the address is wrong, or the "
				"connection is for another IKE version)",
				a->version == 2 ? "IKEv2" : "IKE",
				sm_cls_or(VAL(SM_EV_NO_IKE_CFG, 0), a->local));
			sm_attempt_value(a, "local address", VAL(SM_EV_NO_IKE_CFG, 0),
							 NULL);
		}
		return true;
	}
	if (HAS(SM_EV_UNSUPPORTED_VERSION) ||
		sm_cls_notify(a, "INVALID_MAJOR_VERSION", true) >= 0)
	{
		SET(a, SM_CAUSE_IKE_MODE, 4,
			"the peers do not speak the same IKE "
			"version");
		sm_attempt_use_fact(a, SM_EV_UNSUPPORTED_VERSION);
		if (sm_cls_notify(a, "INVALID_MAJOR_VERSION", true) >= 0)
		{
			sm_attempt_use(
				a,
				a->notify[sm_cls_notify(a, "INVALID_MAJOR_VERSION", true)].ev);
		}
		return true;
	}
	return false;
}

static bool rule_no_response(sm_attempt_t *a)
{
	/* retransmits that were answered are no cause */
	bool timer =
		a->unanswered || HAS(SM_EV_GIVING_UP) || HAS(SM_EV_PEER_NOT_RESPONDING);

	if (a->ike_established || a->nchild)
	{
		return false;
	}
	if (HAS(SM_EV_HALF_OPEN_TIMEOUT) && a->role != SM_ROLE_INITIATOR &&
		a->xch == SM_XCH_IKE)
	{
		SET(a, SM_CAUSE_NO_RESPONSE, 3,
			"the peer %s answered IKE_SA_INIT, "
			"but its IKE_AUTH request never arrived (UDP 4500 blocked or IP "
			"fragments dropped on the way)",
			sm_cls_or(a->remote, "?"));
		sm_attempt_value(a, "IKE_AUTH request", "none", NULL);
		sm_attempt_use_fact(a, SM_EV_HALF_OPEN_TIMEOUT);
		return true;
	}
	if (!timer || a->sent_since_recv == 0)
	{
		return false;
	}
	sm_attempt_use_fact(a, SM_EV_RETRANSMIT);
	sm_attempt_use_fact(a, SM_EV_GIVING_UP);
	sm_attempt_use_fact(a, SM_EV_PEER_NOT_RESPONDING);
	if (a->n_recv && a->last_sent_xch == SM_XCH_AUTH)
	{
		SET(a, SM_CAUSE_NO_RESPONSE, 4,
			"%s answered IKE_SA_INIT but not "
			"IKE_AUTH: UDP 4500 is blocked or IP fragments of the large "
			"IKE_AUTH messages are dropped (enable IKE fragmentation)",
			sm_cls_or(a->remote, "the peer"));
	}
	else
	{
		SET(a, SM_CAUSE_NO_RESPONSE, 4,
			"%s did not answer %u request%s "
			"sent to UDP port %s%s",
			sm_cls_or(a->remote, "the peer"), a->sent_since_recv,
			a->sent_since_recv == 1 ? "" : "s", sm_cls_or(a->rport, "?"),
			a->n_recv ? "" : " (nothing was received from it)");
	}
	sm_attempt_value(a, "peer that did not answer", sm_cls_or(a->remote, NULL),
					 NULL);
	sm_attempt_value(a, "UDP port", sm_cls_or(a->rport, NULL), NULL);
	return true;
}

/* --- proposals ------------------------------------------------------- */

sm_cause_t sm_cls_compare(sm_attempt_t *a, const char *recv, const char *conf,
						  bool esp, bool skip_ke, char *what, size_t size)
{
	static const sm_cause_t p1[SM_TF_COUNT] = {
		SM_CAUSE_P1_ENCRYPTION, SM_CAUSE_P1_INTEGRITY, SM_CAUSE_P1_PRF,
		SM_CAUSE_P1_DH,         SM_CAUSE_P1_PROPOSAL,  SM_CAUSE_P1_DH,
	};
	static const sm_cause_t p2[SM_TF_COUNT] = {
		SM_CAUSE_P2_ENCRYPTION, SM_CAUSE_P2_INTEGRITY, SM_CAUSE_P2_PROPOSAL,
		SM_CAUSE_P2_PFS,        SM_CAUSE_P2_PROPOSAL,  SM_CAUSE_P2_PFS,
	};
	sm_cause_t cause = esp ? SM_CAUSE_P2_PROPOSAL : SM_CAUSE_P1_PROPOSAL;
	sm_propcmp_t cmp;
	size_t used = 0;
	int tf, w;

	what[0] = '\0';
	if (!recv || !conf || !sm_propcmp(recv, conf, &cmp))
	{
		return cause;
	}
	for (tf = 0; tf < SM_TF_COUNT; tf++)
	{
		if (!cmp.differs[tf] ||
			(skip_ke && (tf == SM_TF_KE || tf == SM_TF_ADDKE)))
		{
			continue;
		}
		if (cause == SM_CAUSE_P1_PROPOSAL || cause == SM_CAUSE_P2_PROPOSAL)
		{
			cause = esp ? p2[tf] : p1[tf];
		}
		sm_attempt_value(a, sm_tf_name((sm_tf_t)tf), cmp.received[tf],
						 cmp.configured[tf]);
		w = snprintf(what + used, size - used,
					 "%s%s: received %s, configured "
					 "%s",
					 used ? "; " : "", sm_tf_name((sm_tf_t)tf),
					 cmp.received[tf], cmp.configured[tf]);
		if (w > 0 && (size_t)w < size - used)
		{
			used += (size_t)w;
		}
	}
	if (cmp.keywords[0])
	{
		sm_attempt_value(a,
						 esp ? "ESP proposal offered by the peer"
							 : "IKE proposal offered by the peer",
						 cmp.keywords, NULL);
	}
	return cause;
}

/** Whether a received IKE list looks like Windows' built-in defaults. */
static bool windows_defaults(const char *recv)
{
	return recv && strstr(recv, "MODP_1024") && strstr(recv, "3DES_CBC") &&
		   !strstr(recv, "MODP_2048") && !strstr(recv, "ECP_");
}

static bool rule_ike_proposals(sm_attempt_t *a)
{
	char what[400];
	sm_cause_t cause;
	int n;

	if (HAS(SM_EV_NO_PROPOSAL) && !strcmp(VAL(SM_EV_NO_PROPOSAL, 0), "IKE"))
	{
		cause = sm_cls_compare(a, a->ike_recv, a->ike_conf, false, false, what,
							   sizeof(what));
		sm_attempt_use(a, a->ike_pair_ev);
		sm_attempt_use_fact(a, SM_EV_NO_PROPOSAL);
		if (cause == SM_CAUSE_P1_PROPOSAL)
		{
			SET(a, cause, 3, "no IKE proposal was acceptable");
		}
		else
		{
			SET(a, cause, 5, "the IKE proposals have no %s in common (%s)%s",
				sm_tf_name(
					(sm_tf_t)(cause == SM_CAUSE_P1_ENCRYPTION  ? SM_TF_ENCR
							  : cause == SM_CAUSE_P1_INTEGRITY ? SM_TF_INTEG
							  : cause == SM_CAUSE_P1_PRF       ? SM_TF_PRF
															   : SM_TF_KE)),
				what,
				windows_defaults(a->ike_recv)
					? "; the received proposals are Windows' built-in defaults"
					: "");
		}
		return true;
	}
	if (HAS(SM_EV_KE_UNAVAILABLE))
	{
		SET(a, SM_CAUSE_P1_DH, 4,
			"the peer requires the key exchange method "
			"%s, which is not in this side's proposals",
			VAL(SM_EV_KE_UNAVAILABLE, 0));
		sm_attempt_value(a, "key exchange (DH group)",
						 VAL(SM_EV_KE_UNAVAILABLE, 0), a->ike_conf);
		sm_attempt_use_fact(a, SM_EV_KE_PEER_REQUESTED);
		sm_attempt_use_fact(a, SM_EV_KE_UNAVAILABLE);
		return true;
	}
	if (HAS(SM_EV_KE_REQUESTING) && !a->invalid_ke_retry &&
		!a->ike_established && a->n_recv <= 1 && a->finished)
	{
		SET(a, SM_CAUSE_P1_DH, 3,
			"the peer sent a key exchange for %s; this "
			"side asked for %s (INVALID_KE_PAYLOAD) and the peer did not come "
			"back with it",
			VAL(SM_EV_KE_REQUESTING, 0), VAL(SM_EV_KE_REQUESTING, 1));
		sm_attempt_value(a, "key exchange (DH group)",
						 VAL(SM_EV_KE_REQUESTING, 0),
						 VAL(SM_EV_KE_REQUESTING, 1));
		sm_attempt_use_fact(a, SM_EV_KE_REQUESTING);
		return true;
	}
	n = sm_cls_notify(a, "NO_PROPOSAL_CHOSEN", true);
	if (n >= 0 && !a->ike_established && !a->nchild &&
		(a->notify[n].xch == SM_XCH_IKE || a->notify[n].xch == SM_XCH_NONE))
	{
		SET(a, SM_CAUSE_P1_PROPOSAL, 2,
			"the peer accepted none of the IKE "
			"proposals offered%s%s (NO_PROPOSAL_CHOSEN); the peer's log names "
			"the algorithm",
			a->ike_conf ? ": " : "", sm_cls_or(a->ike_conf, ""));
		if (a->ike_conf)
		{
			sm_attempt_value(a, "IKE proposals offered", NULL, a->ike_conf);
		}
		sm_attempt_use(a, a->notify[n].ev);
		return true;
	}
	return false;
}

/* --- identities, keys, certificates, users ----------------------------- */

/** What to add to a peer-id-mismatch whose identity id may be the peer's
 * address before NAT, which this log alone cannot tell. */
static const char *nat_hint(const sm_attempt_t *a, const char *id)
{
	if (a->peer || !HAS(SM_EV_NAT_REMOTE) || !sm_cls_is_ip(id) ||
		!strcmp(id, a->remote))
	{
		return "";
	}
	return " (if the peer is behind NAT, that is its address before NAT; "
		   "a NAT reported here may also be UDP encapsulation the peer "
		   "forces: its log tells)";
}

static bool rule_identity(sm_attempt_t *a)
{
	const char *got, *want, *lid, *rid;

	if (HAS(SM_EV_IDIR_MISMATCH) || HAS(SM_EV_IDR_MISMATCH))
	{
		sm_ev_kind_t k =
			HAS(SM_EV_IDIR_MISMATCH) ? SM_EV_IDIR_MISMATCH : SM_EV_IDR_MISMATCH;

		got = VAL(k, 0);
		want = VAL(k, 1);
		sm_attempt_use_fact(a, k);
		if (sm_cls_is_ip(got) && sm_cls_is_ip(want) && strcmp(got, a->remote) &&
			sm_cls_peer_translated(a))
		{
			SET(a, SM_CAUSE_NAT_ID, 5,
				"the peer identifies itself as %s, its "
				"address behind NAT, but %s is expected",
				got, want);
			sm_attempt_use_fact(a, SM_EV_NAT_REMOTE);
		}
		else
		{
			SET(a, SM_CAUSE_PEER_ID, 5,
				"the peer's identity is '%s', but "
				"'%s' is expected%s",
				got, want, nat_hint(a, got));
		}
		sm_attempt_value(a,
						 k == SM_EV_IDIR_MISMATCH
							 ? "identity of the peer "
							   "(IDr)"
							 : "identity requested for this side (IDr)",
						 got, want);
		return true;
	}
	if (HAS(SM_EV_NO_PEER_CFG))
	{
		lid = VAL(SM_EV_PEER_CFG_LOOKUP, 0);
		rid = VAL(SM_EV_PEER_CFG_LOOKUP, 1);
		sm_attempt_use_fact(a, SM_EV_PEER_CFG_LOOKUP);
		sm_attempt_use_fact(a, SM_EV_NO_PEER_CFG);
		if (rid[0] && sm_cls_is_ip(rid) && a->remote[0] &&
			strcmp(rid, a->remote) && sm_cls_peer_translated(a))
		{
			SET(a, SM_CAUSE_NAT_ID, 4,
				"no connection accepts the peer's "
				"identity %s: that is its address behind NAT, it connects "
				"from %s",
				rid, a->remote);
			sm_attempt_value(a, "identity of the peer", rid, NULL);
			sm_attempt_use_fact(a, SM_EV_NAT_REMOTE);
			return true;
		}
		SET(a, SM_CAUSE_PEER_ID, 4,
			"no connection matches the identities: "
			"the peer asked for this side as '%s' and identified itself as "
			"'%s'%s",
			sm_cls_or(lid, "?"), sm_cls_or(rid, "?"), nat_hint(a, rid));
		sm_attempt_value(a, "identity requested for this side (IDr)", lid,
						 NULL);
		sm_attempt_value(a, "identity of the peer (IDi)", rid, NULL);
		return true;
	}
	if (HAS(SM_EV_CONSTRAINT))
	{
		const char *c = VAL(SM_EV_CONSTRAINT, 0);

		sm_attempt_use_fact(a, SM_EV_CONSTRAINT);
		if (strstr(c, "not authenticated by") || strstr(c, "certificate"))
		{
			SET(a, SM_CAUSE_CERT_UNTRUSTED, 4, "constraint check failed: %s",
				c);
		}
		else if (strstr(c, "identity"))
		{
			SET(a, SM_CAUSE_PEER_ID, 4, "constraint check failed: %s", c);
			sm_attempt_value(a, "identity", NULL, c);
		}
		else
		{
			SET(a, SM_CAUSE_AUTH_FAILED, 3, "constraint check failed: %s", c);
		}
		return true;
	}
	return false;
}

static bool rule_psk(sm_attempt_t *a)
{
	if (HAS(SM_EV_PSK_MAC_MISMATCH))
	{
		SET(a, SM_CAUSE_PSK, 5,
			"the AUTH payload does not verify with the "
			"pre-shared key for '%s' - '%s'",
			VAL(SM_EV_PSK_MAC_MISMATCH, 0), VAL(SM_EV_PSK_MAC_MISMATCH, 1));
		sm_attempt_use_fact(a, SM_EV_PSK_MAC_MISMATCH);
		return true;
	}
	if ((HAS(SM_EV_DECRYPT_FAILED) && a->version != 2 && !a->ike_established &&
		 !HAS(SM_EV_EE_CERT)) ||
		HAS(SM_EV_HASH_MISMATCH))
	{
		SET(a, SM_CAUSE_PSK, 4,
			"the peer's IKEv1 messages do not decrypt or "
			"verify with the pre-shared key: the keys differ");
		sm_attempt_use_fact(a, SM_EV_DECRYPT_FAILED);
		sm_attempt_use_fact(a, SM_EV_HASH_MISMATCH);
		return true;
	}
	if (HAS(SM_EV_NO_SHARED_KEY))
	{
		SET(a, SM_CAUSE_PSK, 3, "no pre-shared key is configured for %s",
			VAL(SM_EV_NO_SHARED_KEY, 0));
		sm_attempt_value(a, "pre-shared key for", VAL(SM_EV_NO_SHARED_KEY, 0),
						 "none");
		sm_attempt_use_fact(a, SM_EV_NO_SHARED_KEY);
		return true;
	}
	return false;
}

static bool rule_cert(sm_attempt_t *a)
{
	const char *id = VAL(SM_EV_NO_TRUSTED_KEY, 1);

	if (HAS(SM_EV_NO_TRUSTED_KEY))
	{
		sm_attempt_use_fact(a, SM_EV_EE_CERT);
		sm_attempt_use_fact(a, SM_EV_NO_ISSUER);
		sm_attempt_use_fact(a, SM_EV_CERT_INVALID);
		sm_attempt_use_fact(a, SM_EV_NO_TRUSTED_KEY);
		if (HAS(SM_EV_NO_ISSUER) || HAS(SM_EV_CERT_INVALID))
		{
			SET(a, SM_CAUSE_CERT_UNTRUSTED, 5,
				"the certificate of '%s' is not trusted: %s", id,
				HAS(SM_EV_NO_ISSUER)
					? "its issuer (CA) is not installed on this side"
					: "it is not valid (expired or revoked)");
			if (HAS(SM_EV_NO_ISSUER))
			{
				sm_attempt_use_fact(a, SM_EV_ISSUER_IS);
				sm_attempt_value(a, "issuer of the peer's certificate",
								 sm_cls_or(VAL(SM_EV_ISSUER_IS, 0), "unknown"),
								 "not trusted (CA not installed)");
			}
			else
			{
				sm_attempt_value(a, "validity of the peer's certificate",
								 VAL(SM_EV_CERT_INVALID, 0), NULL);
			}
		}
		else if (HAS(SM_EV_EE_CERT) && !HAS(SM_EV_USING_CERT))
		{
			SET(a, SM_CAUSE_CERT_NAME, 4,
				"the peer's certificate \"%s\" does "
				"not contain its identity '%s'",
				VAL(SM_EV_EE_CERT, 0), id);
			sm_attempt_value(a, "identity the peer's certificate lacks", id,
							 NULL);
			sm_attempt_value(a, "certificate received", VAL(SM_EV_EE_CERT, 0),
							 NULL);
		}
		else
		{
			SET(a, SM_CAUSE_CERT_UNTRUSTED, 3,
				"no trusted public key for '%s'%s", id,
				HAS(SM_EV_EE_CERT) ? ""
								   : ": the peer sent no certificate "
									 "and none is installed for it");
		}
		return true;
	}
	if (HAS(SM_EV_CERT_INVALID))
	{
		SET(a, SM_CAUSE_CERT_UNTRUSTED, 4, "a certificate is not valid: %s",
			VAL(SM_EV_CERT_INVALID, 0));
		sm_attempt_use_fact(a, SM_EV_CERT_INVALID);
		return true;
	}
	if (HAS(SM_EV_NO_PRIVATE_KEY))
	{
		SET(a, SM_CAUSE_CERT_NAME, 3,
			"this side has no private key for its "
			"identity '%s': the identity is not one of its certificate's names, "
			"or the key is missing",
			VAL(SM_EV_NO_PRIVATE_KEY, 0));
		sm_attempt_value(a, "own identity without certificate/key",
						 VAL(SM_EV_NO_PRIVATE_KEY, 0), NULL);
		sm_attempt_use_fact(a, SM_EV_NO_PRIVATE_KEY);
		return true;
	}
	return false;
}

static bool rule_user(sm_attempt_t *a)
{
	const char *user = sm_cls_or(a->eap_id, VAL(SM_EV_NO_EAP_KEY, 1));

	if (HAS(SM_EV_NO_EAP_KEY))
	{
		SET(a, SM_CAUSE_EAP_IDENTITY, 5,
			"the user '%s' is not in the user "
			"database (no EAP secret)",
			sm_cls_or(VAL(SM_EV_NO_EAP_KEY, 1), user));
		sm_attempt_value(a, "EAP identity",
						 sm_cls_or(VAL(SM_EV_NO_EAP_KEY, 1), user), "unknown");
		sm_attempt_use_fact(a, SM_EV_EAP_IDENTITY);
		sm_attempt_use_fact(a, SM_EV_NO_EAP_KEY);
		return true;
	}
	if (HAS(SM_EV_MSCHAP_VERIFY_FAILED) || HAS(SM_EV_EAP_FAILED_PEER) ||
		HAS(SM_EV_RADIUS_FAILED))
	{
		const char *method = VAL(SM_EV_EAP_FAILED_PEER, 0);

		user = sm_cls_or(user, VAL(SM_EV_RADIUS_FAILED, 0));
		if (method[0] && !strstr(method, "MSCHAP") && !strstr(method, "MD5") &&
			!strstr(method, "GTC") && !HAS(SM_EV_MSCHAP_VERIFY_FAILED))
		{
			/* EAP-TLS, -PEAP, -TTLS...: no password to blame */
			SET(a, SM_CAUSE_EAP_AUTH, 3,
				"the %s authentication of '%s' "
				"failed",
				method, sm_cls_or(user, "the user"));
			sm_attempt_value(a, "EAP method", method, NULL);
		}
		else
		{
			SET(a, SM_CAUSE_EAP_AUTH, 4,
				"the password of '%s' does not "
				"match",
				sm_cls_or(user, "the user"));
			sm_attempt_value(a, "password of", sm_cls_or(user, NULL),
							 "does not match");
		}
		sm_attempt_use_fact(a, SM_EV_EAP_IDENTITY);
		sm_attempt_use_fact(a, SM_EV_MSCHAP_VERIFY_FAILED);
		sm_attempt_use_fact(a, SM_EV_EAP_FAILED_PEER);
		sm_attempt_use_fact(a, SM_EV_RADIUS_FAILED);
		return true;
	}
	if (HAS(SM_EV_MSCHAP_CLIENT_FAILED) || HAS(SM_EV_EAP_METHOD_FAILED))
	{
		SET(a, SM_CAUSE_EAP_AUTH, 3,
			"the gateway rejected the EAP "
			"authentication of '%s' (wrong password, or a user it does not "
			"know: its log says which)",
			sm_cls_or(user, "the user"));
		sm_attempt_value(a, "EAP identity sent", sm_cls_or(user, NULL), NULL);
		sm_attempt_use_fact(a, SM_EV_EAP_SENDING_ID);
		sm_attempt_use_fact(a, SM_EV_MSCHAP_CLIENT_FAILED);
		sm_attempt_use_fact(a, SM_EV_EAP_METHOD_FAILED);
		return true;
	}
	if (HAS(SM_EV_AUTH_METHOD) || HAS(SM_EV_EAP_NAK))
	{
		sm_ev_kind_t k =
			HAS(SM_EV_AUTH_METHOD) ? SM_EV_AUTH_METHOD : SM_EV_EAP_NAK;

		if (VAL(k, 1)[0])
		{
			SET(a, SM_CAUSE_AUTH_METHOD, 4,
				"the peer authenticates with %s, "
				"this side expects %s",
				VAL(k, 0), VAL(k, 1));
			sm_attempt_value(a, "authentication method", VAL(k, 0), VAL(k, 1));
		}
		else if (k == SM_EV_EAP_NAK)
		{
			SET(a, SM_CAUSE_AUTH_METHOD, 4,
				"the peers support different EAP "
				"methods (%s)",
				sm_cls_or(VAL(k, 0), "EAP_NAK"));
		}
		else
		{
			SET(a, SM_CAUSE_AUTH_METHOD, 4,
				"the peer wants to authenticate "
				"with EAP (user name and password) and the connection it "
				"matched%s%s%s expects another method, or the other way round",
				a->name[0] ? " ('" : "", a->name, a->name[0] ? "')" : "");
		}
		sm_attempt_use_fact(a, SM_EV_AUTH_METHOD);
		sm_attempt_use_fact(a, SM_EV_EAP_NAK);
		sm_attempt_use_fact(a, SM_EV_PEER_CFG_UNACCEPTABLE);
		return true;
	}
	if (HAS(SM_EV_XAUTH_FAILED))
	{
		SET(a, SM_CAUSE_XAUTH, 4, "XAuth authentication of '%s' failed",
			VAL(SM_EV_XAUTH_FAILED, 0));
		sm_attempt_value(a, "XAuth user", VAL(SM_EV_XAUTH_FAILED, 0), NULL);
		sm_attempt_use_fact(a, SM_EV_XAUTH_FAILED);
		return true;
	}
	if (HAS(SM_EV_VIP_NONE) ||
		sm_cls_notify(a, "INTERNAL_ADDRESS_FAILURE", true) >= 0 ||
		sm_cls_notify(a, "FAILED_CP_REQUIRED", true) >= 0)
	{
		SET(a, SM_CAUSE_VIP, HAS(SM_EV_VIP_NONE) ? 5 : 3,
			"no virtual IP address could be assigned%s%s%s",
			HAS(SM_EV_VIP_NONE) ? " to '" : "",
			HAS(SM_EV_VIP_NONE) ? sm_cls_or(VAL(SM_EV_VIP_NONE, 1), "?") : "",
			HAS(SM_EV_VIP_NONE) ? "' (the pool is exhausted or missing)"
								: " (the peer's pool is exhausted or missing)");
		if (HAS(SM_EV_VIP_NONE))
		{
			sm_attempt_value(a, "virtual IP requested by",
							 VAL(SM_EV_VIP_NONE, 1), NULL);
		}
		sm_attempt_use_fact(a, SM_EV_VIP_REQUESTED);
		sm_attempt_use_fact(a, SM_EV_VIP_NONE);
		if (sm_cls_notify(a, "INTERNAL_ADDRESS_FAILURE", true) >= 0)
		{
			sm_attempt_use(
				a, a->notify[sm_cls_notify(a, "INTERNAL_ADDRESS_FAILURE", true)]
					   .ev);
		}
		return true;
	}
	return false;
}

static bool rule_auth_failed(sm_attempt_t *a)
{
	int n = sm_cls_notify(a, "AUTHENTICATION_FAILED", true);

	if (a->version == 1 && a->ike_established && !a->nchild &&
		a->peer_deleted && a->role != SM_ROLE_INITIATOR &&
		(a->tkind == SM_TIME_NONE || a->t_peer_deleted - a->t_established < 10))
	{
		/* an IKEv1 initiator checks the responder's identity last and
		 * deletes the IKE_SA when it does not like it */
		SET(a, SM_CAUSE_AUTH_FAILED, 2,
			"the peer deleted the IKE_SA as soon "
			"as Main Mode was complete, before any CHILD_SA: it rejected this "
			"side's identity (or authentication); its log says which");
		sm_attempt_use_fact(a, SM_EV_IKE_ESTABLISHED);
		sm_attempt_use_fact(a, SM_EV_IKE_DELETE_RECEIVED);
		return true;
	}

	if (n < 0 || a->ike_established)
	{
		return false;
	}
	sm_attempt_use(a, a->notify[n].ev);
	if (a->role == SM_ROLE_RESPONDER)
	{
		SET(a, SM_CAUSE_AUTH_FAILED, 2,
			"the peer rejected this side's "
			"authentication (AUTHENTICATION_FAILED): usually it does not "
			"trust the certificate's CA or the certificate lacks the name it "
			"connected to; its log says which");
	}
	else
	{
		SET(a, SM_CAUSE_AUTH_FAILED, 2,
			"the peer rejected the authentication "
			"(AUTHENTICATION_FAILED): identity, password, pre-shared key or "
			"certificate; its log says which");
	}
	return true;
}

void sm_classify(sm_attempt_t *a)
{
	static bool (*const rules[])(sm_attempt_t * a) = {
		rule_mode,        rule_no_response, rule_ike_proposals, rule_identity,
		rule_psk,         rule_cert,        rule_user,          sm_cls_child,
		rule_auth_failed, sm_cls_end,
	};
	size_t i;

	a->nused = 0;
	for (i = 0; i < a->nvalues; i++)
	{
		free(a->values[i].received);
		free(a->values[i].configured);
	}
	a->nvalues = 0;
	for (i = 0; i < countof(rules); i++)
	{
		if (rules[i](a))
		{
			break;
		}
	}
}
