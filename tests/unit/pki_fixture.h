/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file pki_fixture.h
 * The fixture of the pki/ tests (test_pki.c, test_pki_reissue.c): a
 * temporary root with the file locations, a model of a typical gateway,
 * syncs, the openssl and pki tools, and certificates tampered with.
 * Implemented in pki_fixture.c.
 */
#ifndef PKI_FIXTURE_H_
#define PKI_FIXTURE_H_

#include "sm_test.h"

#include "base/diag.h"
#include "model/model.h"
#include "pki/pki.h"

#include <limits.h>
#include <openssl/x509.h>
#include <sys/types.h>

#define HOST "vpn.example.com"
#define OUT_MAX (64 * 1024)

typedef struct {
	char root[PATH_MAX];
	char ca_key[PATH_MAX];
	char ca_cert[PATH_MAX];
	char server_key[PATH_MAX];
	char server_cert[PATH_MAX];
	char backup[PATH_MAX];
	sm_pki_paths_t paths;
	sm_model_t *m;
	sm_diag_t *diag;
	sm_pki_report_t report;
	/** output of the last run() */
	char out[OUT_MAX];
	/** test parameter (cmocka prestate) */
	const void *param;
} fx_t;

/* ---- the model --------------------------------------------------------- */

void set_str(sm_str_t *s, const char *v);
void set_names(sm_strlist_t *l, const char *const *v, size_t n);
void set_addrs(sm_addrlist_t *l, const char *const *v, size_t n);

/** The model of a typical gateway, defaults applied (must be destroyed). */
sm_model_t *model_new(sm_key_kind_t ca, sm_key_kind_t server);

/* ---- cmocka setup and teardown: an fx_t in its own root ------------------ */

int setup(void **state);
int teardown(void **state);

/* ---- syncs and their diagnostics ----------------------------------------- */

/** Run a sync with a fresh diagnostics list; returns sm_pki_sync()'s. */
int sync_pki(fx_t *fx, int flags, unsigned int renew_days);

/** A sync that must succeed. */
void sync_ok(fx_t *fx, int flags, unsigned int renew_days);

/** The actions of the last sync must be these. */
void expect_actions(const fx_t *fx, sm_pki_action_t ca_key,
					sm_pki_action_t ca_cert, sm_pki_action_t server_key,
					sm_pki_action_t server_cert);

/** Whether a diagnostic of a severity mentions needle. */
bool diag_has(sm_diag_t *diag, sm_severity_t severity, const char *needle);

#define assert_error(fx, needle)                                               \
	do                                                                         \
	{                                                                          \
		if (!diag_has((fx)->diag, SM_ERROR, (needle)))                         \
		{                                                                      \
			sm_test_dump_diag((fx)->diag);                                     \
			fail_msg("no error mentions '%s'", (needle));                      \
		}                                                                      \
	} while (0)

/* ---- tools and files ------------------------------------------------------ */

/** Run a shell command, keep its output (stdout and stderr) in fx->out. */
int run(fx_t *fx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define assert_out_has(fx, needle)                                             \
	do                                                                         \
	{                                                                          \
		if (!strstr((fx)->out, (needle)))                                      \
		{                                                                      \
			fail_msg("output lacks '%s':\n%s", (needle), (fx)->out);           \
		}                                                                      \
	} while (0)

#define assert_out_lacks(fx, needle)                                           \
	do                                                                         \
	{                                                                          \
		if (strstr((fx)->out, (needle)))                                       \
		{                                                                      \
			fail_msg("output has '%s':\n%s", (needle), (fx)->out);             \
		}                                                                      \
	} while (0)

/** The permission bits of a file. */
mode_t mode_of(const char *path);

/** A file's content (must be freed). */
char *slurp(const char *path);

/** Write a file with a mode. */
void write_text(const char *path, const char *text, mode_t mode);

/** A snapshot of the root: name, mode, inode, mtime and content of each
 *  entry (must be freed). */
char *snapshot(const fx_t *fx);

/** Number of entries in a directory. */
int count_entries(const char *dir);

/** The public key of a certificate, as PEM text (must be freed). */
char *pubkey_of(fx_t *fx, const char *cert);

/** The serial number of a certificate (must be freed). */
char *serial_of(fx_t *fx, const char *cert);

/** The server certificate must verify against the CA certificate. */
void expect_chain_ok(fx_t *fx);

/* ---- certificates tampered with ------------------------------------------ */

/** A change to a certificate, before it is signed again. */
typedef void (*tamper_t)(X509 *x);

/** Change a certificate and sign it again with key. */
void tamper(const char *cert, const char *key, tamper_t change);

/* changes: basicConstraints CA:TRUE (critical or not) or none; moved into
 * the past by its own lifetime and a day (expired yesterday) */
void ca_true_critical(X509 *x);
void ca_true(X509 *x);
void no_basic_constraints(X509 *x);
void expired(X509 *x);

#endif /* PKI_FIXTURE_H_ */
