/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file classify.h
 * The classifier: the facts of one attempt (one side's log) in, a cause
 * code out, with how sure it is, one sentence, the values that differ and
 * the evidence lines that show it.  Rules follow the exchange: IKE version
 * and mode, no response, IKE proposals, identities, pre-shared keys,
 * certificates, EAP/XAuth, virtual IPs, CHILD_SA networks and proposals,
 * then success.  Only what the log says is concluded; a side that only saw
 * the peer's refusal gets the generic code (p1-proposal-mismatch,
 * auth-failed, ...) and pairing with the peer's log refines it.
 */
#ifndef SM_DX_CLASSIFY_H_
#define SM_DX_CLASSIFY_H_

#include "attempt.h"

/**
 * Classify an attempt (not its peer): fills cause, score, summary, values
 * and used.
 */
void sm_classify(sm_attempt_t *a);

#endif /* SM_DX_CLASSIFY_H_ */
