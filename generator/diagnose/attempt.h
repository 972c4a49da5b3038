/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file attempt.h
 * One connection attempt (one IKE_SA as seen in one log): what the log said
 * about it, reduced to facts with the line each came from, and after
 * classification its cause, the values that differ and the evidence lines.
 * Memory per attempt is bounded (SM_ATT_EVIDENCE lines of at most
 * SM_ATT_LINE bytes, proposal lists of at most SM_ATT_PROPOSALS bytes).
 */
#ifndef SM_DX_ATTEMPT_H_
#define SM_DX_ATTEMPT_H_

#include "cause.h"
#include "event.h"
#include "logline.h"

#include <stdbool.h>
#include <stddef.h>

/** Most evidence lines kept per attempt. */
#define SM_ATT_EVIDENCE 40
/** Longest evidence line kept (longer lines are cut). */
#define SM_ATT_LINE 400
/** Longest proposal list kept. */
#define SM_ATT_PROPOSALS 4096
/** Most "looks relevant" lines kept for unknown failures. */
#define SM_ATT_RELEVANT 8
/** Most notify errors, children, values kept. */
#define SM_ATT_NOTIFIES 6
#define SM_ATT_CHILDREN 4
#define SM_ATT_VALUES 8
/** Size of short text fields (identities, addresses, names). */
#define SM_ATT_TEXT 160

/** Which side of the exchange a log is from. */
typedef enum {
	SM_ROLE_UNKNOWN = 0,
	SM_ROLE_INITIATOR,
	SM_ROLE_RESPONDER,
} sm_role_t;

/** The exchange a message belonged to, as far as it matters. */
typedef enum {
	SM_XCH_NONE = 0,
	/** IKE_SA_INIT, ID_PROT (Main Mode), AGGRESSIVE */
	SM_XCH_IKE,
	/** IKE_AUTH (authentication and the first CHILD_SA) */
	SM_XCH_AUTH,
	/** CREATE_CHILD_SA, QUICK_MODE */
	SM_XCH_CHILD,
	/** INFORMATIONAL, INFORMATIONAL_V1, TRANSACTION */
	SM_XCH_INFO,
} sm_xch_t;

/** One line of a log. */
typedef struct {
	/** index of the source (file) */
	unsigned int src;
	/** 1-based line number in it */
	unsigned long line;
	/** the line, cut to SM_ATT_LINE bytes (owned) */
	char *text;
} sm_evidence_t;

/** A fact: an event seen in the attempt, with its values. */
typedef struct {
	bool set;
	/** index into evidence, -1 if not kept */
	int ev;
	/** up to two values (owned), may be NULL */
	char *val[2];
	/** exchange in progress when it was seen */
	sm_xch_t xch;
} sm_fact_t;

/** A notify error received or sent. */
typedef struct {
	char name[40];
	sm_xch_t xch;
	/** received (true) or sent (false) */
	bool received;
	int ev;
} sm_notify_t;

/** A CHILD_SA that was established. */
typedef struct {
	char name[64];
	char spi_in[12], spi_out[12];
	char ts[SM_ATT_TEXT];
	/** established in a CREATE_CHILD_SA/QUICK_MODE exchange */
	bool created_later;
} sm_child_t;

/** A value that differs between the sides, named for the admin. */
typedef struct {
	/** what it is, e.g. "encryption", "IKE identity of the gateway" */
	const char *what;
	/** what the logging side received from its peer (owned), or NULL */
	char *received;
	/** what the logging side has configured (owned), or NULL */
	char *configured;
	/** source the values come from */
	unsigned int src;
} sm_value_t;

/** A connection attempt. */
typedef struct sm_attempt {
	/** source (file) this attempt was read from */
	unsigned int src;
	/** order of creation, for stable sorting */
	unsigned long seq;
	sm_role_t role;
	/** IKE version 1 or 2, 0 if not known */
	int version;
	/** IKEv1 mode: "Main", "Aggressive" or empty */
	char v1_mode[16];
	/** connection (peer config) name, IKE_SA unique id (0 = unknown) */
	char name[64];
	unsigned int uid;
	/** endpoints as logged (addresses without ports) */
	char local[48], remote[48];
	/** remote port requests were last sent to */
	char rport[8];
	/** first and last time stamp, and their kind */
	double t_start, t_end;
	sm_time_kind_t tkind;
	/** first and last line */
	unsigned long line_first, line_last;
	/** identities: from the peer config lookup or IKE_SA established */
	char local_id[SM_ATT_TEXT], remote_id[SM_ATT_TEXT];
	/** EAP identity of the user, virtual IP */
	char eap_id[SM_ATT_TEXT], vip[48];
	/** the exchange in progress */
	sm_xch_t xch;
	/** packets sent and received, sends since the last receive */
	unsigned int n_sent, n_recv, sent_since_recv;
	/** exchange of the last request sent */
	sm_xch_t last_sent_xch;
	/** a request was retransmitted and nothing has been received since */
	bool unanswered;
	/** when the IKE_SA was established, when the peer deleted it */
	double t_established, t_peer_deleted;
	bool peer_deleted;
	/** IKE_SA and CHILD_SA states */
	bool started, ike_established, deleted, finished, invalid_ke_retry;
	/** it asked for another key exchange method (INVALID_KE_PAYLOAD) and
	 * the peer's retry has not come yet */
	bool ke_retry_expected;
	/** proposals: last received/configured per protocol, and selected */
	char *ike_recv, *ike_conf, *esp_recv, *esp_conf, *ike_sel, *esp_sel;
	int ike_pair_ev, esp_pair_ev;
	/** whether the last proposals logged were ESP/AH (else IKE) */
	bool last_prop_esp;
	/** traffic selectors proposed ("us", "other"), collecting state */
	char ts_us[SM_ATT_TEXT], ts_other[SM_ATT_TEXT];
	int ts_collect;
	/** notify errors */
	sm_notify_t notify[SM_ATT_NOTIFIES];
	size_t nnotify;
	/** CHILD_SAs established, name of the one being set up */
	sm_child_t child[SM_ATT_CHILDREN];
	size_t nchild;
	char child_pending[64];
	bool child_pending_later;
	/** facts by event kind */
	sm_fact_t fact[SM_EV_COUNT];
	/** evidence lines */
	sm_evidence_t ev[SM_ATT_EVIDENCE];
	size_t nev;
	/** lines that looked relevant (ring) */
	int relevant[SM_ATT_RELEVANT];
	size_t nrelevant;

	/* --- filled by sm_classify() --- */
	sm_cause_t cause;
	/** how sure: 1 (guess from one side) .. 5 (the decisive message) */
	int score;
	/** one sentence */
	char summary[512];
	sm_value_t values[SM_ATT_VALUES];
	size_t nvalues;
	/** evidence indices shown for the cause */
	int used[SM_ATT_EVIDENCE];
	size_t nused;

	/* --- filled when paired with the other side's log --- */
	/** the other side's attempt (owned), or NULL */
	struct sm_attempt *peer;
} sm_attempt_t;

/**
 * Create an empty attempt.
 *
 * @return			attempt (must be destroyed), NULL if out of memory
 */
sm_attempt_t *sm_attempt_create(unsigned int src, unsigned long seq);

/**
 * Destroy an attempt and its peer; NULL is fine.
 */
void sm_attempt_destroy(sm_attempt_t *a);

/**
 * Keep a line as evidence.
 *
 * @return			its index, -1 if the attempt holds enough lines
 */
int sm_attempt_evidence(sm_attempt_t *a, unsigned int src, unsigned long line,
						const char *text, size_t len);

/**
 * Record a fact: the event's kind with up to two values.
 *
 * @param a			attempt
 * @param kind		event kind
 * @param ev		evidence index or -1
 * @param v0		first value or NULL
 * @param v1		second value or NULL
 * @param last		true: a later occurrence replaces an earlier one
 */
void sm_attempt_fact(sm_attempt_t *a, sm_ev_kind_t kind, int ev, sm_span_t *v0,
					 sm_span_t *v1, bool last);

/**
 * Whether a fact was recorded.
 */
bool sm_attempt_has(const sm_attempt_t *a, sm_ev_kind_t kind);

/**
 * A fact's value, "" if none.
 */
const char *sm_attempt_val(const sm_attempt_t *a, sm_ev_kind_t kind, int i);

/**
 * Add a differing value (cloned).
 */
void sm_attempt_value(sm_attempt_t *a, const char *what, const char *received,
					  const char *configured);

/**
 * Mark an evidence line as shown for the cause; -1 is ignored.
 */
void sm_attempt_use(sm_attempt_t *a, int ev);

/**
 * Mark the evidence line of a fact as shown, if it was recorded.
 */
void sm_attempt_use_fact(sm_attempt_t *a, sm_ev_kind_t kind);

/**
 * Store a copy of text (len bytes, cut to max - 1, cleaned by
 * sm_log_clean()) in *dst, replacing it.
 */
void sm_attempt_store(char **dst, const char *text, size_t len, size_t max);

#endif /* SM_DX_ATTEMPT_H_ */
