/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file pair.h
 * Matching the initiator's and the responder's view of one attempt, read
 * from different logs: by CHILD_SA SPIs (the initiator's inbound SPI is the
 * responder's outbound one), by endpoints (the responder's address is the
 * same in both views; the initiator's may be translated by NAT), by
 * identities and by time.  Contradicting facts rule a pair out.
 */
#ifndef SM_DX_PAIR_H_
#define SM_DX_PAIR_H_

#include "attempt.h"

/**
 * How well two attempts from different logs fit as the two sides of one
 * exchange.
 *
 * @return			-1 if they cannot be, else a score (higher is better)
 */
int sm_pair_score(const sm_attempt_t *a, const sm_attempt_t *b);

/**
 * After both sides of a pair were classified: the side whose diagnosis is
 * more specific becomes the outer attempt, the other its peer.
 *
 * @param a			attempt with a->peer set (ownership passes to the
 *					result)
 * @return			the outer attempt
 */
sm_attempt_t *sm_pair_primary(sm_attempt_t *a);

#endif /* SM_DX_PAIR_H_ */
