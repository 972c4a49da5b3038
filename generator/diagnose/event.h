/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file event.h
 * The messages charon prints that matter for a diagnosis, recognised in the
 * text of one log message (the part after thread, group and IKE_SA prefix).
 * Wording follows strongSwan 5.0 to 6.0 (both "DH group" and "key exchange
 * method", "unacceptable" and the older "inacceptable").  Everything else is
 * SM_EV_NONE, or SM_EV_OTHER_ERROR when it reads like a problem.
 *
 * In: one message.  Out: its kind and up to SM_EV_CAPS captured values,
 * pointing into the message (valid as long as the message is).
 */
#ifndef SM_DX_EVENT_H_
#define SM_DX_EVENT_H_

#include <stdbool.h>
#include <stddef.h>

/** Most values an event captures. */
#define SM_EV_CAPS 6

/** Kinds of events. */
typedef enum {
	SM_EV_NONE = 0,
	/* packets and messages */
	SM_EV_RECV_PACKET,   /* from, to */
	SM_EV_SEND_PACKET,   /* from, to */
	SM_EV_PARSED,        /* exchange, request|response, message ID, payloads */
	SM_EV_GENERATING,    /* same */
	SM_EV_RETRANSMIT,    /* count */
	SM_EV_RETRANSMIT_V1, /* count (IKEv1 wording) */
	SM_EV_GIVING_UP,     /* count */
	SM_EV_PEER_NOT_RESPONDING,
	SM_EV_HALF_OPEN_TIMEOUT, /* name, id, peer */
	SM_EV_DECRYPT_FAILED,    /* payload (HASH_V1, ID_V1, ...) or empty */
	SM_EV_HASH_MISMATCH,
	SM_EV_PARSE_FAILED, /* "message parsing failed" and the like */
	/* IKE_SA life */
	SM_EV_INITIATING,      /* name, id, remote, mode (Main/Aggressive or "") */
	SM_EV_PEER_INITIATING, /* remote, mode, name, id */
	SM_EV_STATE,           /* name, id, from, to */
	SM_EV_IKE_ESTABLISHED, /* name, id, local host[id], remote host[id] */
	SM_EV_IKE_DELETING,    /* name, id */
	SM_EV_IKE_DELETE_RECEIVED, /* name, id (the peer deletes it) */
	SM_EV_IKE_DELETED,
	SM_EV_LOOKING_IKE_CFG,     /* version (IKEv1/IKEv2), local, remote */
	SM_EV_NO_IKE_CFG,          /* local, remote */
	SM_EV_UNSUPPORTED_VERSION, /* version */
	SM_EV_NAT_REMOTE,
	SM_EV_NAT_LOCAL,
	/* proposals */
	SM_EV_PROPOSALS_RECEIVED,   /* list */
	SM_EV_PROPOSALS_CONFIGURED, /* list */
	SM_EV_PROPOSAL_SELECTED,    /* proposal */
	SM_EV_NO_PROPOSAL,
	SM_EV_NO_ACCEPTABLE_ALG, /* transform type */
	SM_EV_KE_REQUESTING,     /* offered, requested (sends INVALID_KE) */
	SM_EV_KE_PEER_REQUESTED, /* offered, requested (initiator) */
	SM_EV_KE_UNAVAILABLE,    /* group */
	/* notifies */
	SM_EV_NOTIFY_ERROR, /* notify name */
	/* identities and authentication */
	SM_EV_PEER_CFG_LOOKUP, /* local host, local id, remote host, remote id */
	SM_EV_NO_PEER_CFG,
	SM_EV_PEER_CFG_SELECTED,     /* name */
	SM_EV_PEER_CFG_UNACCEPTABLE, /* name, reason */
	SM_EV_AGGRESSIVE_PSK,
	SM_EV_IDIR_MISMATCH,    /* received, configured */
	SM_EV_IDR_MISMATCH,     /* received, configured */
	SM_EV_CONSTRAINT,       /* text */
	SM_EV_NO_TRUSTED_KEY,   /* key type, identity */
	SM_EV_EE_CERT,          /* subject */
	SM_EV_USING_CERT,       /* subject */
	SM_EV_NO_ISSUER,        /* subject */
	SM_EV_ISSUER_IS,        /* issuer (DN) */
	SM_EV_CERT_INVALID,     /* text */
	SM_EV_NO_PRIVATE_KEY,   /* identity */
	SM_EV_NO_SHARED_KEY,    /* text */
	SM_EV_PSK_MAC_MISMATCH, /* local id, remote id */
	SM_EV_AUTH_OK,          /* identity, method */
	SM_EV_AUTH_MSK_FAILED,
	SM_EV_ID_FALLBACK, /* "no IDi configured, fall back on IP address" */
	/* EAP, XAuth */
	SM_EV_EAP_IDENTITY,      /* identity (server side) */
	SM_EV_EAP_SENDING_ID,    /* identity (client side) */
	SM_EV_EAP_SUCCEEDED,     /* method */
	SM_EV_EAP_FAILED_PEER,   /* method, peer */
	SM_EV_EAP_METHOD_FAILED, /* method (client side) */
	SM_EV_MSCHAP_VERIFY_FAILED,
	SM_EV_MSCHAP_CLIENT_FAILED, /* error */
	SM_EV_NO_EAP_KEY,           /* local id, remote id */
	SM_EV_AUTH_METHOD,          /* received, configured method (or none) */
	SM_EV_EAP_NAK,              /* text */
	SM_EV_RADIUS_FAILED,        /* identity */
	SM_EV_XAUTH_FAILED,         /* identity */
	SM_EV_XAUTH_OK,             /* identity */
	/* virtual IPs */
	SM_EV_VIP_REQUESTED, /* address */
	SM_EV_VIP_ASSIGNED,  /* address, identity */
	SM_EV_VIP_NONE,      /* requested, identity */
	SM_EV_VIP_INSTALLED, /* address */
	/* CHILD_SAs */
	SM_EV_ESTABLISHING_CHILD, /* name, id */
	SM_EV_CHILD_ESTABLISHED,  /* name, id, SPIs in/out, TS local/remote */
	SM_EV_CHILD_FAILED, /* "failed to establish CHILD_SA, keeping IKE_SA" */
	SM_EV_CHILD_REKEY_FAILED,
	SM_EV_LOOKING_CHILD_CFG, /* local TS, remote TS */
	SM_EV_PROPOSING_TS,      /* "us" or "other" */
	SM_EV_TS_ITEM,           /* traffic selector (an indented line) */
	SM_EV_TS_UNACCEPTABLE,   /* local TS, remote TS */
	SM_EV_NO_TS,
	SM_EV_NO_CHILD_CFG,
	SM_EV_PEER_INVALID_TS,     /* text */
	SM_EV_KERNEL_FAILED,       /* text */
	SM_EV_KERNEL_ROUTE_FAILED, /* local TS, remote TS */
	/* anything that reads like a problem */
	SM_EV_OTHER_ERROR,
	SM_EV_COUNT
} sm_ev_kind_t;

/** A piece of the message. */
typedef struct {
	const char *ptr;
	size_t len;
} sm_span_t;

/** A recognised message. */
typedef struct {
	sm_ev_kind_t kind;
	/** number of captures */
	int ncaps;
	/** captured values, pointing into the message */
	sm_span_t cap[SM_EV_CAPS];
} sm_event_t;

/**
 * Recognise one message.
 *
 * @param msg		message text (not NUL-terminated necessarily)
 * @param len		its length
 * @param ev		receives the event (kind SM_EV_NONE if nothing known)
 * @return			ev->kind
 */
sm_ev_kind_t sm_event_parse(const char *msg, size_t len, sm_event_t *ev);

/**
 * Make log text, which is untrusted, safe to keep and print: each control
 * character and each byte that is not part of valid UTF-8 becomes '?'.
 *
 * @param text		text, changed in place
 * @param len		its length
 */
void sm_log_clean(char *text, size_t len);

/**
 * Copy a capture into buf as a NUL-terminated string, cut to size - 1
 * bytes, cleaned by sm_log_clean().
 *
 * @return			buf
 */
char *sm_span_copy(sm_span_t span, char *buf, size_t size);

/**
 * Whether a capture equals a string.
 */
bool sm_span_eq(sm_span_t span, const char *s);

/**
 * Split "HOST[PORT]" (as charon prints endpoints and identities) into the
 * host and the bracketed part.
 *
 * @param span		text
 * @param host		receives the part before '['
 * @param inner		receives the bracketed part (empty if none)
 */
void sm_span_split_bracket(sm_span_t span, sm_span_t *host, sm_span_t *inner);

#endif /* SM_DX_EVENT_H_ */
