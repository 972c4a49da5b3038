/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file classify_int.h
 * Helpers the classifier's rule files share (classify.c: IKE_SA rules,
 * classify_child.c: CHILD_SA rules, success and unknown).
 */
#ifndef SM_DX_CLASSIFY_INT_H_
#define SM_DX_CLASSIFY_INT_H_

#include "attempt.h"

#define HAS(kind) sm_attempt_has(a, kind)
#define VAL(kind, i) sm_attempt_val(a, kind, i)
#define SET sm_cls_set

/** Set cause, score and summary. */
void sm_cls_set(sm_attempt_t *a, sm_cause_t cause, int score, const char *fmt,
				...) __attribute__((format(printf, 4, 5)));

/** Whether s is an IPv4 or IPv6 address. */
bool sm_cls_is_ip(const char *s);

/** Index of a notify error received (or sent) by name, -1 if none. */
int sm_cls_notify(const sm_attempt_t *a, const char *name, bool received);

/**
 * Whether the peer's address is translated on the way (it is behind NAT),
 * from evidence of real translation only: its own log (paired in a->peer)
 * names another local address than the one its packets arrive from here.
 * A NAT-D mismatch seen here ("remote host is behind NAT") is no such
 * evidence: charon fakes it when it forces UDP encapsulation
 * (kernel-libipsec, encap = yes).
 */
bool sm_cls_peer_translated(const sm_attempt_t *a);

/** s if not empty, else alt. */
const char *sm_cls_or(const char *s, const char *alt);

/**
 * Compare a received and a configured proposal list component by component,
 * add the differing values to a, describe them in what.
 *
 * @param esp		ESP/AH proposals (else IKE)
 * @param skip_ke	ignore key exchange differences (IKE_AUTH CHILD_SAs
 *					negotiate no key exchange)
 * @return			the cause of the first differing component, or the
 *					generic p1-/p2-proposal-mismatch
 */
sm_cause_t sm_cls_compare(sm_attempt_t *a, const char *recv, const char *conf,
						  bool esp, bool skip_ke, char *what, size_t size);

/** CHILD_SA rules: traffic selectors and ESP proposals. */
bool sm_cls_child(sm_attempt_t *a);

/** The last rules: established, or unknown with the relevant lines. */
bool sm_cls_end(sm_attempt_t *a);

#endif /* SM_DX_CLASSIFY_INT_H_ */
