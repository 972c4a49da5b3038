/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recognising charon's messages.  Each row of the table is a pattern over
 * the whole message: literal text, '%' captures up to the next literal (or
 * the end), '*' skips the same way.  Wording is taken from strongSwan's
 * sources (src/libcharon/sa/ikev1|ikev2/tasks, authenticators, plugins) of
 * 5.x and 6.x; rows for the older or newer wording sit side by side.
 */
#include "config.h"

#include "event.h"

#include "sm_utf8.h"
#include "sm_countof.h"

#include <ctype.h>
#include <string.h>

/** A pattern and the event it yields. */
typedef struct {
	sm_ev_kind_t kind;
	const char *pat;
} row_t;

/* clang-format off */
static const row_t rows[] = {
	/* packets and messages */
	{SM_EV_RECV_PACKET, "received packet: from % to % (*"},
	{SM_EV_RECV_PACKET, "received packet: from % to %(*"},
	{SM_EV_SEND_PACKET, "sending packet: from % to % (*"},
	{SM_EV_SEND_PACKET, "sending packet: from % to %(*"},
	{SM_EV_PARSED, "parsed % % % [%"},
	{SM_EV_GENERATING, "generating % % % [%"},
	{SM_EV_RETRANSMIT, "retransmit % of request with message ID *"},
	{SM_EV_RETRANSMIT_V1, "sending retransmit % of * message ID *"},
	{SM_EV_GIVING_UP, "giving up after % retransmits"},
	{SM_EV_GIVING_UP, "giving up after % retries"},
	{SM_EV_PEER_NOT_RESPONDING, "establishing IKE_SA failed, peer not responding"},
	{SM_EV_PEER_NOT_RESPONDING, "peer not responding, trying again*"},
	{SM_EV_HALF_OPEN_TIMEOUT, "deleting half open IKE_SA %[%] with % after timeout"},
	{SM_EV_DECRYPT_FAILED, "invalid % payload length, decryption failed?"},
	{SM_EV_DECRYPT_FAILED, "could not decrypt payloads"},
	{SM_EV_HASH_MISMATCH, "received HASH payload does not match"},
	{SM_EV_HASH_MISMATCH, "calculated HASH does not match HASH payload"},
	{SM_EV_PARSE_FAILED, "message parsing failed"},
	{SM_EV_PARSE_FAILED, "message verification failed"},
	/* IKE_SA life */
	{SM_EV_INITIATING, "initiating IKE_SA %[%] to %"},
	{SM_EV_INITIATING, "initiating % Mode IKE_SA %[%] to %"},
	{SM_EV_PEER_INITIATING, "% is initiating an IKE_SA"},
	{SM_EV_PEER_INITIATING, "% is initiating a % Mode IKE_SA"},
	{SM_EV_PEER_INITIATING, "% is initiating IKE_SA %[%]"},
	{SM_EV_STATE, "IKE_SA %[%] state change: % => %"},
	{SM_EV_IKE_ESTABLISHED, "IKE_SA %[%] established between %...%"},
	{SM_EV_IKE_DELETING, "deleting IKE_SA %[%] between *"},
	{SM_EV_IKE_DELETE_RECEIVED, "received DELETE for IKE_SA %[%]"},
	{SM_EV_IKE_DELETING, "sending DELETE for IKE_SA %[%]"},
	{SM_EV_IKE_DELETED, "IKE_SA deleted"},
	{SM_EV_IKE_DELETED, "deleting unestablished IKE_SA*"},
	{SM_EV_LOOKING_IKE_CFG, "looking for an % config for %...%"},
	{SM_EV_NO_IKE_CFG, "no IKE config found for %...%, sending *"},
	{SM_EV_UNSUPPORTED_VERSION, "received unsupported IKE version % from *"},
	{SM_EV_NAT_REMOTE, "remote host is behind NAT"},
	{SM_EV_NAT_LOCAL, "local host is behind NAT*"},
	/* proposals */
	{SM_EV_PROPOSALS_RECEIVED, "received proposals: %"},
	{SM_EV_PROPOSALS_CONFIGURED, "configured proposals: %"},
	{SM_EV_PROPOSAL_SELECTED, "selected proposal: %"},
	{SM_EV_NO_PROPOSAL, "no acceptable proposal found"},
	{SM_EV_NO_PROPOSAL, "no proposal found"},
	{SM_EV_NO_PROPOSAL, "no matching proposal found*"},
	{SM_EV_NO_PROPOSAL, "received proposals unacceptable"},
	{SM_EV_NO_PROPOSAL, "received proposals inacceptable"},
	{SM_EV_NO_TS, "no acceptable traffic selectors found"},
	{SM_EV_NO_ACCEPTABLE_ALG, "no acceptable % found"},
	{SM_EV_KE_REQUESTING, "DH group % unacceptable, requesting %"},
	{SM_EV_KE_REQUESTING, "DH group % inacceptable, requesting %"},
	{SM_EV_KE_REQUESTING, "key exchange method % unacceptable, requesting %"},
	{SM_EV_KE_PEER_REQUESTED, "peer didn't accept DH group %, it requested %"},
	{SM_EV_KE_PEER_REQUESTED, "peer didn't accept key exchange method %, it requested %"},
	{SM_EV_KE_UNAVAILABLE, "requested DH group % not contained in any of our proposals"},
	{SM_EV_KE_UNAVAILABLE, "requested key exchange method % not contained in any of our proposals"},
	{SM_EV_KE_UNAVAILABLE, "already retried with DH group %*"},
	{SM_EV_KE_UNAVAILABLE, "already retried with key exchange method %*"},
	/* notifies */
	{SM_EV_NOTIFY_ERROR, "received % notify error*"},
	{SM_EV_NOTIFY_ERROR, "received % error notify"},
	{SM_EV_NOTIFY_ERROR, "received % notify, no CHILD_SA built"},
	/* identities and authentication */
	{SM_EV_PEER_CFG_LOOKUP, "looking for peer configs matching %...%"},
	{SM_EV_PEER_CFG_LOOKUP, "looking for * peer configs matching %...%"},
	{SM_EV_NO_PEER_CFG, "no matching peer config found"},
	{SM_EV_NO_PEER_CFG, "no peer config found"},
	{SM_EV_PEER_CFG_SELECTED, "selected peer config '%'"},
	{SM_EV_PEER_CFG_UNACCEPTABLE, "selected peer config '%' unacceptable: %"},
	{SM_EV_PEER_CFG_UNACCEPTABLE, "selected peer config '%' inacceptable: %"},
	{SM_EV_AGGRESSIVE_PSK, "Aggressive Mode PSK disabled for security reasons"},
	{SM_EV_IDIR_MISMATCH, "IDir '%' does not match to '%'"},
	{SM_EV_IDR_MISMATCH, "received IDr %, but require %"},
	{SM_EV_CONSTRAINT, "constraint check failed: %"},
	{SM_EV_NO_TRUSTED_KEY, "no trusted % public key found for '%'"},
	{SM_EV_EE_CERT, "received end entity cert \"%\""},
	{SM_EV_USING_CERT, "using certificate \"%\""},
	{SM_EV_USING_CERT, "using trusted certificate \"%\""},
	{SM_EV_NO_ISSUER, "no issuer certificate found for \"%\""},
	{SM_EV_ISSUER_IS, "issuer is \"%\""},
	{SM_EV_CERT_INVALID, "% certificate invalid (valid from % to %)"},
	{SM_EV_CERT_INVALID, "certificate was revoked on %"},
	{SM_EV_NO_PRIVATE_KEY, "no private key found for '%'"},
	{SM_EV_NO_PRIVATE_KEY, "no * private key found for '%'"},
	{SM_EV_NO_SHARED_KEY, "no shared key found for %"},
	{SM_EV_PSK_MAC_MISMATCH, "tried * shared key* for '%' - '%', but MAC mismatched"},
	{SM_EV_AUTH_OK, "authentication of '%' with % successful"},
	{SM_EV_AUTH_MSK_FAILED, "verification of AUTH payload with* EAP MSK failed"},
	{SM_EV_ID_FALLBACK, "no IDi configured, fall back on IP address"},
	/* EAP, XAuth */
	{SM_EV_EAP_IDENTITY, "received EAP identity '%'"},
	{SM_EV_EAP_SENDING_ID, "server requested EAP_IDENTITY (id *), sending '%'"},
	{SM_EV_EAP_SUCCEEDED, "EAP method % succeeded*"},
	{SM_EV_EAP_FAILED_PEER, "EAP method % failed for peer %"},
	{SM_EV_EAP_METHOD_FAILED, "% method failed"},
	{SM_EV_MSCHAP_VERIFY_FAILED, "EAP-MS-CHAPv2 verification failed*"},
	{SM_EV_MSCHAP_CLIENT_FAILED, "EAP-MS-CHAPv2 failed with error %: *"},
	{SM_EV_NO_EAP_KEY, "no EAP key found for hosts '%' - '%'"},
	{SM_EV_NO_EAP_KEY, "no EAP key found for '%' - '%'"},
	{SM_EV_AUTH_METHOD, "peer requested EAP, config unacceptable"},
	{SM_EV_AUTH_METHOD, "peer requested EAP, config inacceptable"},
	{SM_EV_AUTH_METHOD, "configured EAP-only authentication, but peer does not support it"},
	{SM_EV_AUTH_METHOD, "received % authentication, but configured %*"},
	{SM_EV_EAP_NAK, "% not supported, sending EAP_NAK"},
	{SM_EV_EAP_NAK, "requesting % authentication, sending EAP_NAK"},
	{SM_EV_RADIUS_FAILED, "RADIUS authentication of '%' failed"},
	{SM_EV_XAUTH_FAILED, "XAuth authentication of '%' (myself) failed"},
	{SM_EV_XAUTH_FAILED, "XAuth authentication of '%' failed"},
	{SM_EV_XAUTH_FAILED, "no XAuth secret found for '*' - '%'"},
	{SM_EV_XAUTH_OK, "XAuth authentication of '%' successful"},
	/* virtual IPs */
	{SM_EV_VIP_REQUESTED, "peer requested virtual IP %"},
	{SM_EV_VIP_ASSIGNED, "assigning virtual IP % to peer '%'"},
	{SM_EV_VIP_NONE, "no virtual IP found for % requested by '%'"},
	{SM_EV_VIP_NONE, "no virtual IP found, sending %"},
	{SM_EV_VIP_INSTALLED, "installing new virtual IP %"},
	/* CHILD_SAs */
	{SM_EV_ESTABLISHING_CHILD, "establishing CHILD_SA %{%}*"},
	{SM_EV_CHILD_ESTABLISHED, "CHILD_SA %{%} established with SPIs % % and TS % === %"},
	{SM_EV_CHILD_ESTABLISHED, "outbound CHILD_SA %{%} established with SPIs % % and TS % === %"},
	{SM_EV_CHILD_FAILED, "failed to establish CHILD_SA, keeping IKE_SA"},
	{SM_EV_CHILD_FAILED, "closing IKE_SA due CHILD_SA setup failure"},
	{SM_EV_CHILD_REKEY_FAILED, "CHILD_SA rekeying failed, trying again*"},
	{SM_EV_LOOKING_CHILD_CFG, "looking for a child config for % === %"},
	{SM_EV_PROPOSING_TS, "proposing traffic selectors for %:"},
	{SM_EV_TS_UNACCEPTABLE, "traffic selectors % === % unacceptable"},
	{SM_EV_TS_UNACCEPTABLE, "traffic selectors % === % inacceptable"},
	{SM_EV_NO_CHILD_CFG, "no matching CHILD_SA config found*"},
	{SM_EV_PEER_INVALID_TS, "peer selected invalid traffic selectors: %"},
	{SM_EV_KERNEL_FAILED, "unable to install % in kernel"},
	/* kernel-libipsec: no address of this host in the local selector */
	{SM_EV_KERNEL_ROUTE_FAILED, "error installing route with policy % === % *"},
};
/* clang-format on */

/** Messages that contain problem words but are part of normal operation. */
static const char *const benign[] = {
	"handling * attribute failed",
	"unknown attribute type *",
	"ocsp check skipped*",
	"certificate status is not available",
	"received unknown vendor ID*",
	"crl not found*",
	"ocsp request to * failed*",
	"fetching crl from * failed*",
	"no IDr configured*",
	"unable to install source route*",
	"no acceptable * found",
	"received * cert requests for an unknown ca",
	"received cert request for unknown ca*",
	"signature validation failed, looking for another key",
	"IKE_SA * state change: *",
};

/** Words that make an unknown message look relevant (charon writes them in
 * lower case). */
static const char *const problem_words[] = {
	"fail",          "unacceptable", "inacceptable", "invalid", "mismatch",
	"no matching",   "not found",    "unable",       "missing", "error",
	"giving up",     "timeout",      "forbid",       "refus",   "reject",
	"not supported", "expired",      "revoked",      "denied",  "no trusted",
	"untrusted",
};

/** memmem() without the GNU extension. */
static const char *find(const char *hay, size_t haylen, const char *needle,
						size_t nlen)
{
	size_t i;

	if (nlen == 0)
	{
		return hay;
	}
	for (i = 0; i + nlen <= haylen; i++)
	{
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, nlen))
		{
			return hay + i;
		}
	}
	return NULL;
}

/** Most pieces of a pattern. */
#define MAX_SEGS 16

/** A piece of a pattern: a wildcard (or not), then a literal. */
typedef struct {
	/** 0: literal right here, '%': capture up to it, '*': skip up to it */
	char wild;
	/** the literal (not NUL-terminated) and its length; 0 at the end */
	const char *lit;
	size_t len;
} seg_t;

/** A pattern split into pieces once. */
typedef struct {
	seg_t seg[MAX_SEGS];
	int nseg;
} compiled_t;

static void compile(const char *pat, compiled_t *c)
{
	char wild = 0;
	size_t len;

	c->nseg = 0;
	while (*pat && c->nseg < MAX_SEGS)
	{
		if (*pat == '%' || *pat == '*')
		{
			wild = *pat++;
			if (*pat)
			{
				continue;
			}
		}
		len = strcspn(pat, "%*");
		c->seg[c->nseg].wild = wild;
		c->seg[c->nseg].lit = pat;
		c->seg[c->nseg].len = len;
		c->nseg++;
		pat += len;
		wild = 0;
	}
}

/**
 * Match a whole message against a compiled pattern; captures go to ev (if
 * not NULL).
 */
static bool pat_match(const compiled_t *c, const char *s, size_t len,
					  sm_event_t *ev)
{
	const char *hit;
	size_t si = 0, start, end;
	int i, n = 0;

	for (i = 0; i < c->nseg; i++)
	{
		const seg_t *g = &c->seg[i];

		start = si;
		if (!g->wild)
		{
			if (len - si < g->len || memcmp(s + si, g->lit, g->len))
			{
				return false;
			}
			si += g->len;
			continue;
		}
		if (g->len == 0)
		{
			end = si = len;
		}
		else
		{
			hit = find(s + si, len - si, g->lit, g->len);
			if (!hit)
			{
				return false;
			}
			end = (size_t)(hit - s);
			si = end + g->len;
		}
		if (g->wild == '%' && ev && n < SM_EV_CAPS)
		{
			ev->cap[n].ptr = s + start;
			ev->cap[n].len = end - start;
			n++;
		}
	}
	if (si != len)
	{
		return false;
	}
	if (ev)
	{
		ev->ncaps = n;
	}
	return true;
}

/** The patterns, compiled on first use. */
static compiled_t crows[countof(rows)], cbenign[countof(benign)];

static void compile_all(void)
{
	static bool done;
	size_t i;

	if (done)
	{
		return;
	}
	for (i = 0; i < countof(rows); i++)
	{
		compile(rows[i].pat, &crows[i]);
	}
	for (i = 0; i < countof(benign); i++)
	{
		compile(benign[i], &cbenign[i]);
	}
	done = true;
}

/** A traffic selector as charon prints it alone on a line. */
static bool is_ts(const char *s, size_t len)
{
	bool slash = false;
	size_t i;

	if (len == 0 || !(isxdigit((unsigned char)s[0]) || s[0] == ':'))
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (s[i] == '/')
		{
			slash = true;
		}
		else if (s[i] == ' ')
		{
			return false;
		}
	}
	return slash;
}

/** Whether a message contains one of the problem words (one pass). */
static bool looks_like_problem(const char *s, size_t len)
{
	size_t i, j, wl;

	for (i = 0; i < len; i++)
	{
		/* every problem word starts with one of these letters */
		if (s[i] == '\0' || !strchr("fuimnegtrd", s[i]))
		{
			continue;
		}
		for (j = 0; j < countof(problem_words); j++)
		{
			if (problem_words[j][0] != s[i])
			{
				continue;
			}
			wl = strlen(problem_words[j]);
			if (i + wl <= len && !memcmp(s + i, problem_words[j], wl))
			{
				return true;
			}
		}
	}
	return false;
}

sm_ev_kind_t sm_event_parse(const char *msg, size_t len, sm_event_t *ev)
{
	size_t i;

	ev->kind = SM_EV_NONE;
	ev->ncaps = 0;
	while (len && (*msg == ' ' || *msg == '\t'))
	{
		msg++;
		len--;
	}
	while (len && (msg[len - 1] == ' ' || msg[len - 1] == '\r'))
	{
		len--;
	}
	if (len == 0)
	{
		return ev->kind;
	}
	compile_all();
	for (i = 0; i < countof(rows); i++)
	{
		if ((rows[i].pat[0] == '%' || rows[i].pat[0] == '*' ||
			 rows[i].pat[0] == msg[0]) &&
			pat_match(&crows[i], msg, len, ev))
		{
			ev->kind = rows[i].kind;
			return ev->kind;
		}
	}
	if (is_ts(msg, len))
	{
		ev->kind = SM_EV_TS_ITEM;
		ev->ncaps = 1;
		ev->cap[0].ptr = msg;
		ev->cap[0].len = len;
		return ev->kind;
	}
	for (i = 0; i < countof(benign); i++)
	{
		if ((benign[i][0] == '*' || benign[i][0] == msg[0]) &&
			pat_match(&cbenign[i], msg, len, NULL))
		{
			return ev->kind;
		}
	}
	if (looks_like_problem(msg, len))
	{
		ev->kind = SM_EV_OTHER_ERROR;
	}
	return ev->kind;
}

void sm_log_clean(char *text, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n)
	{
		n = sm_utf8_decode((const unsigned char *)text + i, len - i, NULL);
		if (n == 0 || (unsigned char)text[i] < 0x20 || text[i] == 0x7f)
		{
			text[i] = '?';
			n = 1;
		}
	}
}

char *sm_span_copy(sm_span_t span, char *buf, size_t size)
{
	size_t n = span.len < size - 1 ? span.len : size - 1;

	if (span.ptr)
	{
		memcpy(buf, span.ptr, n);
	}
	else
	{
		n = 0;
	}
	buf[n] = '\0';
	sm_log_clean(buf, n);
	return buf;
}

bool sm_span_eq(sm_span_t span, const char *s)
{
	return span.ptr && strlen(s) == span.len && !memcmp(span.ptr, s, span.len);
}

void sm_span_split_bracket(sm_span_t span, sm_span_t *host, sm_span_t *inner)
{
	const char *open = span.ptr ? memchr(span.ptr, '[', span.len) : NULL;
	size_t end;

	if (!open)
	{
		*host = span;
		inner->ptr = span.ptr;
		inner->len = 0;
		return;
	}
	host->ptr = span.ptr;
	host->len = (size_t)(open - span.ptr);
	end = span.len;
	if (end && span.ptr[end - 1] == ']')
	{
		end--;
	}
	inner->ptr = open + 1;
	inner->len = end - host->len - 1;
}
