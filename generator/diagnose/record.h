/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file record.h
 * What an event says about the attempt it belongs to: facts, evidence
 * lines, endpoints, identities, proposals, traffic selectors, notifies,
 * and whether the attempt has finished.  Also the helpers the grouper uses
 * to decide which attempt an event belongs to.
 */
#ifndef SM_DX_RECORD_H_
#define SM_DX_RECORD_H_

#include "attempt.h"

/** Size of an address buffer. */
#define SM_ADDR_LEN 48

/**
 * Apply an event to an attempt.
 *
 * @param a			attempt
 * @param ev		event of the line
 * @param l			the parsed line
 * @param src		source index
 * @param line		line number
 * @param raw		the raw line (for evidence)
 * @param rawlen	its length
 */
void sm_record(sm_attempt_t *a, const sm_event_t *ev, const sm_logline_t *l,
			   unsigned int src, unsigned long line, const char *raw,
			   size_t rawlen);

/**
 * Whether an event is the first message of an IKE_SA (IKE_SA_INIT, Main or
 * Aggressive Mode request with an SA payload), parsed or generated.
 */
bool sm_ev_init_request(const sm_event_t *ev);

/**
 * Local and remote endpoint of a packet event (received/sending packet).
 *
 * @param ev		event
 * @param local		receives the local address
 * @param lport		receives the local port ("" if none)
 * @param remote	receives the remote address
 * @param rport		receives the remote port
 * @return			false if ev is no packet event
 */
bool sm_ev_endpoints(const sm_event_t *ev, char local[SM_ADDR_LEN],
					 char lport[8], char remote[SM_ADDR_LEN], char rport[8]);

/**
 * The IKE_SA an event names ("IKE_SA name[id]", "initiating IKE_SA
 * name[id]" and the like).
 *
 * @param ev		event
 * @param name		receives the name ("" for "(unnamed)")
 * @param size		size of name
 * @param id		receives the unique id
 * @return			false if the event names no IKE_SA
 */
bool sm_ev_sa_ref(const sm_event_t *ev, char *name, size_t size,
				  unsigned int *id);

/**
 * Whether the attempt has an outcome worth reporting (it started, was
 * established, or shows a failure).
 */
bool sm_attempt_reportable(const sm_attempt_t *a);

#endif /* SM_DX_RECORD_H_ */
