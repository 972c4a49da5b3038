/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file validate.h
 * Cross-field rules of a VPN description, checked on a model that the
 * schema filled without errors and sm_model_defaults() completed.  Errors
 * and warnings point at the values involved and name the keys to change.
 */
#ifndef SM_VALIDATE_H_
#define SM_VALIDATE_H_

#include "base/diag.h"
#include "model.h"

#include <stdbool.h>

/**
 * Check every rule: address pools (present, not overlapping local
 * networks, gateway or server addresses, within strongSwan's pool size
 * limit), the gateway identifier against the certificate's names, DNS and
 * WINS counts, users (unique identities, static addresses outside the pool
 * and the local networks), children (unique names and local networks),
 * split DNS, IPv6 routes, lifetimes, and sm_validate_crypto().
 *
 * @param model		a model completed by sm_model_defaults()
 * @param diag		receives errors and warnings
 * @return			true if no error was added (warnings do not count)
 */
bool sm_validate(const sm_model_t *model, sm_diag_t *diag);

/**
 * Check the cross-field rules of users.accounts alone (unique identities,
 * the gateway's identity when there is a gateway, static addresses, DNS
 * counts), for a users file (sm_load_users_buffer()).
 *
 * @return			true if no error was added
 */
bool sm_validate_users(const sm_model_t *model, sm_diag_t *diag);

/**
 * Check the proposals against ike.legacy_crypto (legacy algorithms are
 * errors without it and warnings with it) and against the client
 * platforms in clients (Windows, Apple, the Android strongSwan app).
 *
 * Decision on PFS: a child's pfs method is appended to every ESP proposal
 * that names no key exchange method; proposals that name one (such as
 * "aes256gcm16-ecp384-modpnone") are used as written.  macOS rekeys
 * CHILD_SAs without a key exchange, so with apple among the clients a
 * child with PFS must offer a proposal that also allows none; swanmobile
 * never adds "modpnone" on its own but reports the proposal to add.
 *
 * @param model		a model completed by sm_model_defaults()
 * @param diag		receives errors and warnings
 * @return			true if no error was added
 */
bool sm_validate_crypto(const sm_model_t *model, sm_diag_t *diag);

/**
 * Check the firewall section (when firewall.enabled): source NAT needs
 * nat_interface, ports need tcp, udp or sctp, allowed networks must not
 * overlap the pools, and the clients of each pool must be able to reach
 * something.
 *
 * @param model		a model completed by sm_model_defaults()
 * @param diag		receives errors and warnings
 * @return			true if no error was added
 */
bool sm_validate_firewall(const sm_model_t *model, sm_diag_t *diag);

/**
 * Check the lifetimes (validate_times.c): for ike and each child,
 * rekey_time and reauth_time below the lifetime and room left for
 * rand_time; certificate.renew_before below certificate.lifetime.
 *
 * @param model		a model completed by sm_model_defaults()
 * @param diag		receives errors and warnings
 */
void sm_validate_lifetimes(const sm_model_t *model, sm_diag_t *diag);

/**
 * Add an error or warning about a model value as "PATH: MESSAGE", PATH being
 * the key path such as "children[0].proposals" (shared by the validators).
 */
void sm_validate_report(sm_diag_t *diag, sm_severity_t sev, sm_pos_t pos,
						const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif /* SM_VALIDATE_H_ */
