/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/diagnose/ on the shapes logs come in: variants
 * of bed cases (NAT/ID with and without translation, no-ike-config on
 * another address), pfSense-style logs with IKE_SA prefixes and XAuth,
 * interleaved IKE_SAs, --since, and memory bounded by the open IKE_SAs.
 * The lines use charon's own wording (strongSwan 5.9/6.0 sources).
 */
#include "config.h"

#include "diagnose_fixture.h"

#include <stdio.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pfsense_prefix),
		cmocka_unit_test(test_nat_id_v2),
		cmocka_unit_test(test_ip_id_forced_encap),
		cmocka_unit_test(test_no_ike_config),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_bounded),
	};

	return sm_run_tests(tests);
}
