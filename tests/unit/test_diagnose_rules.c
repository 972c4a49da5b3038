/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/diagnose/ on logs the test bed cannot produce:
 * causes it lacks (virtual IP pool, XAuth, expired certificates, lost
 * IKE_AUTH, Windows' default proposals, PFS at rekey), variants of bed
 * cases (NAT/ID with and without translation, no-ike-config on another
 * address), pfSense-style logs with IKE_SA prefixes, interleaved IKE_SAs,
 * --since, bounded memory and the cause table.  The lines use charon's own
 * wording (strongSwan 5.9/6.0 sources).
 */
#include "config.h"

#include "sm_test.h"

#include "diagnose/diagnose.h"
#include "diagnose/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ATTEMPTS 8

typedef struct {
	size_t n;
	char cause[MAX_ATTEMPTS][40];
	char summary[MAX_ATTEMPTS][512];
	char values[MAX_ATTEMPTS][1024];
	char evidence[MAX_ATTEMPTS][2048];
	/** attempts seen, most attempts open at once */
	unsigned long total;
	size_t max_open;
	double last_start;
	bool ordered;
	sm_diagnose_t *d;
} results_t;

static void collect(const sm_attempt_t *a, void *ctx)
{
	results_t *r = ctx;
	size_t i, used;

	r->total++;
	if (r->d && sm_diagnose_open(r->d) > r->max_open)
	{
		r->max_open = sm_diagnose_open(r->d);
	}
	if (a->t_start < r->last_start)
	{
		r->ordered = false;
	}
	r->last_start = a->t_start;
	if (r->n >= MAX_ATTEMPTS)
	{
		return;
	}
	snprintf(r->cause[r->n], 40, "%s", sm_cause_info(a->cause)->code);
	snprintf(r->summary[r->n], 512, "%s", a->summary);
	for (i = used = 0; i < a->nvalues && used < 1000; i++)
	{
		used += (size_t)snprintf(
			r->values[r->n] + used, 1024 - used, "%s=%s|%s;", a->values[i].what,
			a->values[i].received ? a->values[i].received : "",
			a->values[i].configured ? a->values[i].configured : "");
	}
	for (i = used = 0; i < a->nused && used < 2000; i++)
	{
		used += (size_t)snprintf(r->evidence[r->n] + used, 2048 - used, "%s\n",
								 a->ev[a->used[i]].text);
	}
	r->n++;
}

static void run(const char *const *lines, size_t n, results_t *r,
				const char *since)
{
	sm_time_kind_t kind;
	double t;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->ordered = true;
	r->d = sm_diagnose_create(1, 1733011200.0 + 86400, collect, r);
	assert_non_null(r->d);
	if (since)
	{
		t = sm_time_parse(since, strlen(since), 1733011200.0 + 86400, &kind);
		sm_diagnose_since(r->d, t, kind);
	}
	for (i = 0; i < n; i++)
	{
		sm_diagnose_line(r->d, 0, lines[i], strlen(lines[i]));
	}
	sm_diagnose_source_done(r->d, 0);
	sm_diagnose_finish(r->d);
	sm_diagnose_destroy(r->d);
	r->d = NULL;
}

#define RUN(lines, r) run(lines, countof(lines), r, NULL)

/** A log's lines as one stream (owned by the caller, fclose). */
static FILE *stream(const char *const *lines, size_t n, char **buf)
{
	size_t i, len = 0;
	FILE *f;

	for (i = 0; i < n; i++)
	{
		len += strlen(lines[i]) + 1;
	}
	*buf = calloc(1, len + 1);
	assert_non_null(*buf);
	for (i = 0; i < n; i++)
	{
		strcat(*buf, lines[i]);
		strcat(*buf, "\n");
	}
	f = fmemopen(*buf, len, "r");
	assert_non_null(f);
	return f;
}

/** Diagnose the two sides' logs together, as 'diagnose A B' does. */
static void run_pair(const char *const *a, size_t na, const char *const *b,
					 size_t nb, results_t *r)
{
	char *buf[2];
	FILE *in[2];
	unsigned int failed;

	memset(r, 0, sizeof(*r));
	r->ordered = true;
	in[0] = stream(a, na, &buf[0]);
	in[1] = stream(b, nb, &buf[1]);
	r->d = sm_diagnose_create(2, 1733011200.0 + 86400, collect, r);
	assert_non_null(r->d);
	assert_int_equal(sm_diagnose_run(r->d, in, &failed), 0);
	sm_diagnose_finish(r->d);
	sm_diagnose_destroy(r->d);
	r->d = NULL;
	fclose(in[0]);
	fclose(in[1]);
	free(buf[0]);
	free(buf[1]);
}

#define RUN_PAIR(a, b, r) run_pair(a, countof(a), b, countof(b), r)

static void expect(const results_t *r, size_t i, const char *cause,
				   const char *summary, const char *values)
{
	if (i >= r->n)
	{
		fail_msg("attempt %zu missing (%zu found), expected %s", i + 1, r->n,
				 cause);
	}
	if (strcmp(r->cause[i], cause))
	{
		fail_msg("attempt %zu: %s (%s), expected %s", i + 1, r->cause[i],
				 r->summary[i], cause);
	}
	if (summary && !strstr(r->summary[i], summary))
	{
		fail_msg("attempt %zu: summary '%s' lacks '%s'", i + 1, r->summary[i],
				 summary);
	}
	if (values && !strstr(r->values[i], values))
	{
		fail_msg("attempt %zu: values '%s' lack '%s'", i + 1, r->values[i],
				 values);
	}
}

/* the first exchange of an IKE_SA from 203.0.113.5 as the gateway logs it */
#define INIT(t, th)                                                                    \
	t " " th                                                                           \
	  "[NET] received packet: from 203.0.113.5[500] to 198.51.100.1[500] (600 bytes)", \
		t                                                                              \
		" " th                                                                         \
		"[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]",   \
		t " " th "[IKE] 203.0.113.5 is initiating an IKE_SA"

static void test_vip(void **state)
{
	static const char *const log[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[IKE] remote host is behind NAT",
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 09[NET] sending packet: from 198.51.100.1[500] to 203.0.113.5[500] (329 bytes)",
		"10:00:01 11[NET] received packet: from 203.0.113.5[4500] to 198.51.100.1[4500] (113 bytes)",
		"10:00:01 11[ENC] parsed IKE_AUTH request 5 [ AUTH ]",
		"10:00:01 11[IKE] authentication of '10.0.0.5' with EAP successful",
		"10:00:01 11[IKE] peer requested virtual IP %any",
		"10:00:01 11[IKE] no virtual IP found for %any requested by 'jimp@example.com'",
		"10:00:01 11[IKE] no virtual IP found, sending INTERNAL_ADDRESS_FAILURE",
		"10:00:01 11[ENC] generating IKE_AUTH response 5 [ AUTH N(INT_ADDR_FAIL) ]",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "vip-unavailable", "'jimp@example.com'", NULL);
}

static void test_pfsense_prefix(void **state)
{
	/* syslog lines with IKE_SA prefixes, two IKE_SAs on one thread */
	static const char *const log[] = {
		"Dec  1 10:00:00 fw charon[71]: 09[IKE] <con1|3> 203.0.113.5 is initiating a Main Mode IKE_SA",
		"Dec  1 10:00:00 fw charon[71]: 09[IKE] <con1|4> 203.0.113.9 is initiating a Main Mode IKE_SA",
		"Dec  1 10:00:01 fw charon[71]: 09[IKE] <con1|4> IKE_SA con1[4] established between 198.51.100.1[fw]...203.0.113.9[alice]",
		"Dec  1 10:00:01 fw charon[71]: 09[IKE] <con1|3> XAuth authentication of 'bob' failed",
		"Dec  1 10:00:02 fw charon[71]: 09[IKE] <con1|4> CHILD_SA con1{9} established with SPIs c1cbfdf2_i cf4973bf_o and TS 10.3.0.0/24 === 10.9.0.1/32",
		"Dec  1 10:00:02 fw charon[71]: 10[IKE] <con1|5> tried 1 shared key for 'fw' - 'branch', but MAC mismatched",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 3);
	expect(&r, 0, "xauth-failed", "'bob'", NULL);
	expect(&r, 1, "established", "'alice'", NULL);
	expect(&r, 2, "psk-mismatch", "'fw' - 'branch'", NULL);
}

static void test_nat_id_v2(void **state)
{
	/* a client behind NAT (192.168.1.20, seen as 203.0.113.5) identifies
	 * itself with its own address */
	static const char *const gw[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[IKE] remote host is behind NAT",
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 09[NET] sending packet: from 198.51.100.1[500] to 203.0.113.5[500] (329 bytes)",
		"10:00:01 10[NET] received packet: from 203.0.113.5[4500] to 198.51.100.1[4500] (300 bytes)",
		"10:00:01 10[ENC] parsed IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]",
		"10:00:01 10[CFG] looking for peer configs matching 198.51.100.1[198.51.100.1]...203.0.113.5[192.168.1.20]",
		"10:00:01 10[CFG] no matching peer config found",
		"10:00:01 10[ENC] generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
	};
	static const char *const client[] = {
		"10:00:00 05[IKE] initiating IKE_SA site[1] to 198.51.100.1",
		"10:00:00 05[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]",
		"10:00:00 05[NET] sending packet: from 192.168.1.20[500] to 198.51.100.1[500] (600 bytes)",
		"10:00:00 06[NET] received packet: from 198.51.100.1[500] to 192.168.1.20[500] (329 bytes)",
		"10:00:00 06[ENC] parsed IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 06[IKE] local host is behind NAT, sending keep alives",
		"10:00:00 06[IKE] authentication of '192.168.1.20' (myself) with pre-shared key",
		"10:00:00 06[ENC] generating IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]",
		"10:00:00 06[NET] sending packet: from 192.168.1.20[4500] to 198.51.100.1[4500] (300 bytes)",
		"10:00:01 07[NET] received packet: from 198.51.100.1[4500] to 192.168.1.20[4500] (80 bytes)",
		"10:00:01 07[ENC] parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
		"10:00:01 07[IKE] received AUTHENTICATION_FAILED notify error",
	};
	results_t r;

	(void)state;
	RUN_PAIR(client, gw, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "nat-id-mismatch", "192.168.1.20",
		   "identity of the peer=192.168.1.20|");
	/* the gateway's log alone: the NAT it reports may be forced UDP
	 * encapsulation, the identity is wrong either way */
	RUN(gw, &r);
	expect(&r, 0, "peer-id-mismatch", "its log tells", NULL);
}

/* an IKEv1 responder that identifies itself with another of its addresses
 * (192.168.5.1) than the one the initiator expects and sends to
 * (198.51.100.1); both force UDP encapsulation (kernel-libipsec), so both
 * report "remote host is behind NAT".  RESP_ADDR is the responder's own
 * address, RESP_NAT its NAT-D finding. */
#define V1_INITIATOR                                                                                  \
	"10:00:00 05[IKE] initiating Main Mode IKE_SA site[3] to 198.51.100.1",                           \
		"10:00:00 05[ENC] generating ID_PROT request 0 [ SA V V V V V ]",                             \
		"10:00:00 05[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[500] (180 bytes)",   \
		"10:00:00 06[NET] received packet: from 198.51.100.1[500] to 198.51.100.2[500] (160 bytes)",  \
		"10:00:00 06[ENC] parsed ID_PROT response 0 [ SA V V V V ]",                                  \
		"10:00:00 06[ENC] generating ID_PROT request 0 [ KE No NAT-D NAT-D ]",                        \
		"10:00:00 06[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[500] (396 bytes)",   \
		"10:00:00 07[NET] received packet: from 198.51.100.1[500] to 198.51.100.2[500] (396 bytes)",  \
		"10:00:00 07[ENC] parsed ID_PROT response 0 [ KE No NAT-D NAT-D ]",                           \
		"10:00:00 07[IKE] remote host is behind NAT",                                                 \
		"10:00:00 07[ENC] generating ID_PROT request 0 [ ID HASH N(INITIAL_CONTACT) ]",               \
		"10:00:00 07[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (124 bytes)", \
		"10:00:00 08[NET] received packet: from 198.51.100.1[4500] to 198.51.100.2[4500] (92 bytes)", \
		"10:00:00 08[ENC] parsed ID_PROT response 0 [ ID HASH ]",                                     \
		"10:00:00 08[IKE] IDir '192.168.5.1' does not match to '198.51.100.1'",                       \
		"10:00:00 08[IKE] deleting IKE_SA site[3] between 198.51.100.2[branch]...198.51.100.1[%any]", \
		"10:00:00 08[IKE] sending DELETE for IKE_SA site[3]",                                         \
		"10:00:00 08[ENC] generating INFORMATIONAL_V1 request 1273714179 [ HASH D ]",                 \
		"10:00:00 08[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (108 bytes)"
#define V1_RESPONDER(RESP_ADDR, RESP_NAT)                                              \
	"10:00:00 11[NET] received packet: from 198.51.100.2[500] to " RESP_ADDR           \
	"[500] (180 bytes)",                                                               \
		"10:00:00 11[ENC] parsed ID_PROT request 0 [ SA V V V V V ]",                  \
		"10:00:00 11[IKE] 198.51.100.2 is initiating a Main Mode IKE_SA",              \
		"10:00:00 11[ENC] generating ID_PROT response 0 [ SA V V V V ]",               \
		"10:00:00 11[NET] sending packet: from " RESP_ADDR                             \
		"[500] to 198.51.100.2[500] (160 bytes)",                                      \
		"10:00:00 12[NET] received packet: from 198.51.100.2[500] to " RESP_ADDR       \
		"[500] (396 bytes)",                                                           \
		"10:00:00 12[ENC] parsed ID_PROT request 0 [ KE No NAT-D NAT-D ]",             \
		"10:00:00 12[IKE] " RESP_NAT,                                                  \
		"10:00:00 12[ENC] generating ID_PROT response 0 [ KE No NAT-D NAT-D ]",        \
		"10:00:00 12[NET] sending packet: from " RESP_ADDR                             \
		"[500] to 198.51.100.2[500] (396 bytes)",                                      \
		"10:00:00 13[NET] received packet: from 198.51.100.2[4500] to " RESP_ADDR      \
		"[4500] (124 bytes)",                                                          \
		"10:00:00 13[ENC] parsed ID_PROT request 0 [ ID HASH N(INITIAL_CONTACT) ]",    \
		"10:00:00 13[CFG] looking for pre-shared key peer configs matching " RESP_ADDR \
		"...198.51.100.2[branch]",                                                     \
		"10:00:00 13[CFG] selected peer config \"site\"",                              \
		"10:00:00 13[IKE] IKE_SA site[7] established between " RESP_ADDR               \
		"[192.168.5.1]...198.51.100.2[branch]",                                        \
		"10:00:00 13[ENC] generating ID_PROT response 0 [ ID HASH ]",                  \
		"10:00:00 13[NET] sending packet: from " RESP_ADDR                             \
		"[4500] to 198.51.100.2[4500] (92 bytes)",                                     \
		"10:00:00 14[NET] received packet: from 198.51.100.2[4500] to " RESP_ADDR      \
		"[4500] (108 bytes)",                                                          \
		"10:00:00 14[ENC] parsed INFORMATIONAL_V1 request 1273714179 [ HASH D ]",      \
		"10:00:00 14[IKE] received DELETE for IKE_SA site[7]"

static void test_ip_id_forced_encap(void **state)
{
	/* the packets' addresses are the same in both logs: nothing is
	 * translated, the NAT both report is forced UDP encapsulation */
	static const char *const ini[] = {V1_INITIATOR};
	static const char *const resp[] = {
		V1_RESPONDER("198.51.100.1", "remote host is behind NAT")};
	/* the responder sits behind NAT at 192.168.5.1, its NAT-D says so */
	static const char *const resp_nat[] = {V1_RESPONDER(
		"192.168.5.1", "local host is behind NAT, sending keep alives")};
	results_t r;

	(void)state;
	RUN_PAIR(ini, resp, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "peer-id-mismatch", "'192.168.5.1', but '198.51.100.1'",
		   "identity of the peer (IDr)=192.168.5.1|198.51.100.1;");
	RUN(ini, &r);
	expect(&r, 0, "peer-id-mismatch", "UDP encapsulation the peer forces",
		   NULL);
	RUN_PAIR(ini, resp_nat, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "nat-id-mismatch", "192.168.5.1, its address behind NAT",
		   "identity of the peer (IDr)=192.168.5.1|198.51.100.1;");
}

static void test_no_ike_config(void **state)
{
	/* a client sends IKE_SA_INIT to an address of the gateway (192.0.2.10)
	 * no connection is for (charon 5.9.8, task_manager_v2.c) */
	static const char *const gw[] = {
		"10:00:00 09[NET] received packet: from 203.0.113.5[500] to 192.0.2.10[500] (1084 bytes)",
		"10:00:00 09[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]",
		"10:00:00 09[CFG] looking for an IKEv2 config for 192.0.2.10...203.0.113.5",
		"10:00:00 09[IKE] no IKE config found for 192.0.2.10...203.0.113.5, sending NO_PROPOSAL_CHOSEN",
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ N(NO_PROP) ]",
		"10:00:00 09[NET] sending packet: from 192.0.2.10[500] to 203.0.113.5[500] (36 bytes)",
	};
	static const char *const client[] = {
		"10:00:00 05[IKE] initiating IKE_SA home[1] to 192.0.2.10",
		"10:00:00 05[CFG] configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384",
		"10:00:00 05[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]",
		"10:00:00 05[NET] sending packet: from 203.0.113.5[500] to 192.0.2.10[500] (1084 bytes)",
		"10:00:00 06[NET] received packet: from 192.0.2.10[500] to 203.0.113.5[500] (36 bytes)",
		"10:00:00 06[ENC] parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]",
		"10:00:00 06[IKE] received NO_PROPOSAL_CHOSEN notify error",
	};
	results_t r;

	(void)state;
	RUN(gw, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "no-ike-config",
		   "no IKEv2 connection is configured for the local address "
		   "192.0.2.10",
		   "local address=192.0.2.10|");
	/* the client alone only knows the gateway refused all proposals */
	RUN(client, &r);
	expect(&r, 0, "p1-proposal-mismatch", "NO_PROPOSAL_CHOSEN", NULL);
	RUN_PAIR(client, gw, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "no-ike-config", "192.0.2.10", "local address=192.0.2.10|");
}

static void test_cert_expired(void **state)
{
	static const char *const log[] = {
		"10:00:00 10[IKE] initiating IKE_SA home[1] to 198.51.100.1",
		"10:00:00 10[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:00 10[NET] sending packet: from 10.0.0.2[500] to 198.51.100.1[500] (400 bytes)",
		"10:00:00 11[NET] received packet: from 198.51.100.1[500] to 10.0.0.2[500] (400 bytes)",
		"10:00:00 11[ENC] parsed IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 11[ENC] generating IKE_AUTH request 1 [ IDi IDr SA TSi TSr ]",
		"10:00:00 11[NET] sending packet: from 10.0.0.2[4500] to 198.51.100.1[4500] (400 bytes)",
		"10:00:01 12[NET] received packet: from 198.51.100.1[4500] to 10.0.0.2[4500] (1200 bytes)",
		"10:00:01 12[ENC] parsed IKE_AUTH response 1 [ IDr CERT AUTH EAP/REQ/ID ]",
		"10:00:01 12[IKE] received end entity cert \"CN=vpn.example.com\"",
		"10:00:01 12[CFG]   using certificate \"CN=vpn.example.com\"",
		"10:00:01 12[CFG] subject certificate invalid (valid from Jan 01 00:00:00 2020 to Jan 01 00:00:00 2021)",
		"10:00:01 12[IKE] no trusted RSA public key found for 'vpn.example.com'",
		"10:00:01 12[ENC] generating INFORMATIONAL request 2 [ N(AUTH_FAILED) ]",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	expect(&r, 0, "cert-untrusted", "not valid", NULL);
}

static void test_ike_auth_lost(void **state)
{
	static const char *const initiator[] = {
		"10:00:00 10[IKE] initiating IKE_SA win[1] to 198.51.100.1",
		"10:00:00 10[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]",
		"10:00:00 10[NET] sending packet: from 10.0.0.2[500] to 198.51.100.1[500] (1100 bytes)",
		"10:00:00 11[NET] received packet: from 198.51.100.1[500] to 10.0.0.2[500] (400 bytes)",
		"10:00:00 11[ENC] parsed IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) CERTREQ ]",
		"10:00:00 11[IKE] local host is behind NAT, sending keep alives",
		"10:00:00 11[ENC] generating IKE_AUTH request 1 [ IDi CERTREQ IDr AUTH SA TSi TSr ]",
		"10:00:00 11[NET] sending packet: from 10.0.0.2[4500] to 198.51.100.1[4500] (1800 bytes)",
		"10:00:04 12[IKE] retransmit 1 of request with message ID 1",
		"10:00:04 12[NET] sending packet: from 10.0.0.2[4500] to 198.51.100.1[4500] (1800 bytes)",
		"10:00:11 13[IKE] giving up after 5 retransmits",
		"10:00:11 13[IKE] establishing IKE_SA failed, peer not responding",
	};
	static const char *const responder[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 09[NET] sending packet: from 198.51.100.1[500] to 203.0.113.5[500] (400 bytes)",
		"10:00:30 14[JOB] deleting half open IKE_SA (unnamed)[4] with 203.0.113.5 after timeout",
	};
	results_t r;

	(void)state;
	RUN(initiator, &r);
	expect(&r, 0, "no-response", "not IKE_AUTH", NULL);
	RUN(responder, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "no-response", "IKE_AUTH request never arrived", NULL);
}

static void test_retransmit_versions(void **state)
{
	/* an IKEv1 IKE_SA whose start is not in the log retransmits between
	 * the requests of an IKEv2 one to the same gateway */
	static const char *const log[] = {
		"10:00:00 02[IKE] initiating IKE_SA noresp[9] to 198.51.100.1",
		"10:00:00 02[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:00 02[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[5099] (296 bytes)",
		"10:00:03 06[IKE] sending retransmit 2 of request message ID 0, seq 3",
		"10:00:03 06[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (124 bytes)",
		"10:00:04 02[IKE] retransmit 1 of request with message ID 0",
		"10:00:04 02[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[5099] (296 bytes)",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	expect(&r, 0, "no-response",
		   "did not answer 2 requests sent to UDP port 5099", NULL);
}

static void test_retransmit_answered(void **state)
{
	/* a busy bed: the IKE_SA_INIT response came after a retransmit, then
	 * the password was wrong; the retransmit is no cause */
	static const char *const log[] = {
		"03:18:12 16[IKE] initiating IKE_SA badpw[2] to 198.51.100.1",
		"03:18:12 16[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]",
		"03:18:12 16[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[500] (1004 bytes)",
		"03:18:16 09[IKE] retransmit 1 of request with message ID 0",
		"03:18:16 09[NET] sending packet: from 198.51.100.2[500] to 198.51.100.1[500] (1004 bytes)",
		"03:18:16 12[NET] received packet: from 198.51.100.1[500] to 198.51.100.2[500] (329 bytes)",
		"03:18:16 12[ENC] parsed IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) CERTREQ N(FRAG_SUP) N(HASH_ALG) N(CHDLESS_SUP) N(MULT_AUTH) ]",
		"03:18:16 12[ENC] generating IKE_AUTH request 1 [ IDi N(INIT_CONTACT) CERTREQ IDr CPRQ(ADDR DNS) SA TSi TSr ]",
		"03:18:16 12[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (385 bytes)",
		"03:18:16 14[NET] received packet: from 198.51.100.1[4500] to 198.51.100.2[4500] (97 bytes)",
		"03:18:16 14[ENC] parsed IKE_AUTH response 2 [ EAP/REQ/MSCHAPV2 ]",
		"03:18:16 14[ENC] generating IKE_AUTH request 3 [ EAP/RES/MSCHAPV2 ]",
		"03:18:16 14[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (125 bytes)",
		"03:18:18 11[NET] received packet: from 198.51.100.1[4500] to 198.51.100.2[4500] (114 bytes)",
		"03:18:18 11[ENC] parsed IKE_AUTH response 3 [ EAP/REQ/MSCHAPV2 ]",
		"03:18:18 11[IKE] EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE: '(null)'",
		"03:18:18 11[IKE] EAP_MSCHAPV2 method failed",
		"03:18:18 11[ENC] generating INFORMATIONAL request 4 [ N(AUTH_FAILED) ]",
		"03:18:18 11[NET] sending packet: from 198.51.100.2[4500] to 198.51.100.1[4500] (65 bytes)",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "eap-auth-failed", NULL, NULL);
}

static void test_auth_method(void **state)
{
	/* an older charon (no space before the byte count, "inacceptable") */
	static const char *const log[] = {
		"Jul 15 00:39:55 gw charon: 07[NET] received packet: from 203.0.113.50[3258] to 172.31.1.33[500](604 bytes)",
		"Jul 15 00:39:55 gw charon: 07[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]",
		"Jul 15 00:39:55 gw charon: 07[IKE] 203.0.113.50 is initiating an IKE_SA",
		"Jul 15 00:39:55 gw charon: 07[NET] sending packet: from 172.31.1.33[500] to 203.0.113.50[3258](312 bytes)",
		"Jul 15 00:39:56 gw charon: 08[NET] received packet: from 203.0.113.50[4500] to 172.31.1.33[4500](300 bytes)",
		"Jul 15 00:39:56 gw charon: 08[ENC] parsed IKE_AUTH request 1 [ IDi N(INIT_CONTACT) IDr CPRQ(ADDR DNS) SA TSi TSr ]",
		"Jul 15 00:39:56 gw charon: 08[CFG] looking for peer configs matching 172.31.1.33[%any]...203.0.113.50[192.168.1.5]",
		"Jul 15 00:39:56 gw charon: 08[CFG] selected peer config 'rw'",
		"Jul 15 00:39:56 gw charon: 08[IKE] peer requested EAP, config inacceptable",
		"Jul 15 00:39:56 gw charon: 08[CFG] no alternative config found",
		"Jul 15 00:39:56 gw charon: 08[ENC] generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "auth-method-mismatch", "('rw')", NULL);
}

static void test_windows_defaults(void **state)
{
	static const char *const log[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[CFG] received proposals: IKE:3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, "
		"IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, "
		"IKE:3DES_CBC/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024, "
		"IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024",
		"10:00:00 09[CFG] configured proposals: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384, "
		"IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 09[IKE] received proposals unacceptable",
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ N(NO_PROP) ]",
	};
	static const char *const nointeg[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[CFG] received proposals: IKE:AES_CBC_256/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 09[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 09[IKE] no acceptable proposal found",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	expect(&r, 0, "p1-dh-group-mismatch", "Windows' built-in defaults",
		   "key exchange (DH group)=MODP_1024|MODP_2048;");
	RUN(nointeg, &r);
	expect(&r, 0, "p1-integrity-mismatch", NULL,
		   "integrity=none|HMAC_SHA2_256_128;");
}

static void test_pfs_rekey(void **state)
{
	/* the client's log alone: ESP with PFS fails only when rekeying */
	static const char *const log[] = {
		"10:00:00 10[IKE] initiating IKE_SA mac[1] to 198.51.100.1",
		"10:00:00 10[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:00 10[NET] sending packet: from 10.0.0.2[500] to 198.51.100.1[500] (400 bytes)",
		"10:00:00 11[NET] received packet: from 198.51.100.1[500] to 10.0.0.2[500] (400 bytes)",
		"10:00:00 11[ENC] parsed IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 11[CFG] configured proposals: ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ",
		"10:00:00 11[IKE] establishing CHILD_SA lan{1}",
		"10:00:00 11[ENC] generating IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]",
		"10:00:00 11[NET] sending packet: from 10.0.0.2[4500] to 198.51.100.1[4500] (400 bytes)",
		"10:00:01 12[NET] received packet: from 198.51.100.1[4500] to 10.0.0.2[4500] (300 bytes)",
		"10:00:01 12[ENC] parsed IKE_AUTH response 1 [ IDr AUTH SA TSi TSr ]",
		"10:00:01 12[IKE] IKE_SA mac[1] established between 10.0.0.2[mac]...198.51.100.1[vpn.example.com]",
		"10:00:01 12[IKE] CHILD_SA lan{1} established with SPIs aaaa0001_i bbbb0001_o and TS 10.0.0.2/32 === 10.3.0.0/24",
		"10:00:40 13[CFG] configured proposals: ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ",
		"10:00:40 13[IKE] establishing CHILD_SA lan{2}",
		"10:00:40 13[ENC] generating CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No KE TSi TSr ]",
		"10:00:40 13[NET] sending packet: from 10.0.0.2[4500] to 198.51.100.1[4500] (400 bytes)",
		"10:00:40 14[NET] received packet: from 198.51.100.1[4500] to 10.0.0.2[4500] (80 bytes)",
		"10:00:40 14[ENC] parsed CREATE_CHILD_SA response 2 [ N(NO_PROP) ]",
		"10:00:40 14[IKE] received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "p2-pfs-mismatch",
		   "rekeying the CHILD_SA 'lan' with the key "
		   "exchange ECP_384",
		   NULL);
}

static void test_unknown(void **state)
{
	static const char *const log[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[IKE] frobnicating the IKE_SA failed unexpectedly",
		"10:00:00 09[IKE] IKE_SA (unnamed)[1] state change: CONNECTING => DESTROYING",
	};
	static const char *const nat[] = {
		INIT("10:00:00", "09"),
		"10:00:00 09[IKE] remote host is behind NAT",
		"10:00:01 09[IKE] IKE_SA rw[1] established between 198.51.100.1[vpn]...203.0.113.5[10.0.0.5]",
		"10:00:01 09[IKE] CHILD_SA lan{1} established with SPIs 01020304_i 05060708_o and TS 10.3.0.0/24 === 10.3.200.1/32",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	expect(&r, 0, "unknown", NULL, NULL);
	if (!strstr(r.evidence[0], "frobnicating the IKE_SA failed unexpectedly"))
	{
		fail_msg("the relevant line is not shown: %s", r.evidence[0]);
	}
	/* the NAT kernel-libipsec forces is no cause */
	RUN(nat, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "established", NULL, NULL);
}

static void test_interleaved(void **state)
{
	/* two clients at once, threads handing over, no IKE_SA prefixes */
	static const char *const log[] = {
		"10:00:00 09[NET] received packet: from 203.0.113.5[500] to 198.51.100.1[500] (600 bytes)",
		"10:00:00 10[NET] received packet: from 203.0.113.9[500] to 198.51.100.1[500] (600 bytes)",
		"10:00:00 09[ENC] parsed IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:00 10[ENC] parsed IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:00 10[IKE] 203.0.113.9 is initiating an IKE_SA",
		"10:00:00 09[IKE] 203.0.113.5 is initiating an IKE_SA",
		"10:00:00 09[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 10[ENC] generating IKE_SA_INIT response 0 [ SA KE No ]",
		"10:00:00 09[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 10[NET] sending packet: from 198.51.100.1[500] to 203.0.113.9[500] (329 bytes)",
		"10:00:00 09[IKE] no acceptable proposal found",
		"10:00:00 09[ENC] generating IKE_SA_INIT response 0 [ N(NO_PROP) ]",
		"10:00:01 09[NET] received packet: from 203.0.113.9[4500] to 198.51.100.1[4500] (400 bytes)",
		"10:00:01 09[ENC] parsed IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]",
		"10:00:01 09[IKE] IKE_SA rw[2] established between 198.51.100.1[vpn]...203.0.113.9[carol]",
		"10:00:01 09[IKE] CHILD_SA lan{1} established with SPIs 01020304_i 05060708_o and TS 10.3.0.0/24 === 10.3.200.2/32",
	};
	results_t r;

	(void)state;
	RUN(log, &r);
	assert_int_equal(r.n, 2);
	expect(&r, 0, "p1-encryption-mismatch", NULL,
		   "encryption=AES_CBC_128|AES_CBC_256;");
	expect(&r, 1, "established", "'carol'", NULL);
}

static void test_since(void **state)
{
	static const char *const log[] = {
		INIT("Dec  1 10:00:00", "09"),
		"Dec  1 10:00:00 gw charon: 09[IKE] no acceptable proposal found",
		"Dec  1 11:00:00 gw charon: 09[NET] received packet: from 203.0.113.7[500] to 198.51.100.1[500] (600 bytes)",
		"Dec  1 11:00:00 gw charon: 09[ENC] parsed IKE_SA_INIT request 0 [ SA KE No ]",
		"Dec  1 11:00:00 gw charon: 09[IKE] 203.0.113.7 is initiating an IKE_SA",
		"Dec  1 11:00:00 gw charon: 09[IKE] Aggressive Mode PSK disabled for security reasons",
	};
	results_t r;

	(void)state;
	run(log, countof(log), &r, NULL);
	assert_int_equal(r.n, 2);
	run(log, countof(log), &r, "10:30:00");
	assert_int_equal(r.n, 1);
	expect(&r, 0, "ike-mode-mismatch", NULL, NULL);
	run(log, countof(log), &r, "Dec  1 12:00:00");
	assert_int_equal(r.n, 0);
}

/** Memory is bounded by the open IKE_SAs, not by the length of the log. */
static void test_bounded(void **state)
{
	char line[512], t[16], peer[32];
	results_t r;
	sm_diagnose_t *d;
	int i, k;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.ordered = true;
	d = r.d = sm_diagnose_create(1, 0, collect, &r);
	assert_non_null(d);
	for (i = 0; i < 20000; i++)
	{
		snprintf(t, sizeof(t), "%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60,
				 i % 60);
		snprintf(peer, sizeof(peer), "10.%d.%d.%d", i >> 16 & 255, i >> 8 & 255,
				 i & 255);
		for (k = 0; k < 4; k++)
		{
			switch (k)
			{
				case 0:
					snprintf(line, sizeof(line),
							 "%s 09[NET] received packet: "
							 "from %s[500] to 198.51.100.1[500] (600 bytes)",
							 t, peer);
					break;
				case 1:
					snprintf(line, sizeof(line),
							 "%s 09[ENC] parsed "
							 "IKE_SA_INIT request 0 [ SA KE No ]",
							 t);
					break;
				case 2:
					snprintf(line, sizeof(line),
							 "%s 09[IKE] %s is initiating "
							 "an IKE_SA",
							 t, peer);
					break;
				default:
					snprintf(
						line, sizeof(line),
						i % 2 ? "%s 09[IKE] no acceptable proposal found"
							  : "%s 09[IKE] IKE_SA rw[%d] established between "
								"198.51.100.1[vpn]...%s[u]",
						t, i + 1, peer);
					break;
			}
			sm_diagnose_line(d, 0, line, strlen(line));
		}
	}
	sm_diagnose_finish(d);
	sm_diagnose_destroy(d);
	assert_int_equal(r.total, 20000);
	assert_true(r.ordered);
	/* established IKE_SAs are held 300 s of log time: one per second here */
	if (r.max_open > 400)
	{
		fail_msg("%zu attempts open at once", r.max_open);
	}
}

static void test_cause_table(void **state)
{
	const sm_cause_info_t *info;
	int i, j;

	(void)state;
	for (i = 0; i < SM_CAUSE_COUNT; i++)
	{
		info = sm_cause_info((sm_cause_t)i);
		assert_non_null(info->code);
		assert_non_null(info->meaning);
		assert_int_equal(sm_cause_from_code(info->code), i);
		if (i != SM_CAUSE_UNKNOWN && i != SM_CAUSE_ESTABLISHED &&
			(!info->yaml || !info->pfsense || !info->client))
		{
			fail_msg("%s has no fix for swanmobile.yaml, pfSense and the "
					 "client",
					 info->code);
		}
		for (j = 0; j < i; j++)
		{
			assert_string_not_equal(info->code,
									sm_cause_info((sm_cause_t)j)->code);
		}
	}
	assert_int_equal(sm_cause_from_code("no-such-cause"), SM_CAUSE_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vip),
		cmocka_unit_test(test_pfsense_prefix),
		cmocka_unit_test(test_nat_id_v2),
		cmocka_unit_test(test_ip_id_forced_encap),
		cmocka_unit_test(test_no_ike_config),
		cmocka_unit_test(test_cert_expired),
		cmocka_unit_test(test_ike_auth_lost),
		cmocka_unit_test(test_retransmit_versions),
		cmocka_unit_test(test_retransmit_answered),
		cmocka_unit_test(test_auth_method),
		cmocka_unit_test(test_windows_defaults),
		cmocka_unit_test(test_pfs_rekey),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_cause_table),
	};

	return sm_run_tests(tests);
}
