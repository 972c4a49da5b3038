/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/diagnose/ on logs the test bed cannot produce:
 * causes it lacks (virtual IP pool, expired certificates, lost IKE_AUTH,
 * retransmits, an older charon's wording, Windows' default proposals, PFS
 * at rekey, a kernel that refuses a CHILD_SA), a log no rule knows, and the
 * cause table.  The lines use
 * charon's own wording (strongSwan 5.9/6.0 sources).  Variants of bed
 * cases and the shapes of logs are in test_diagnose_logs.c.
 */
#include "config.h"

#include "diagnose_fixture.h"

#include <string.h>

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

/* the IKE_AUTH exchange of a gateway that negotiates the CHILD_SA "lan"
 * (5.9.8's wording), up to installing it */
#define CHILD_NEGOTIATED(t, th)                                                \
	t " " th "[ENC] parsed IKE_AUTH request 5 [ AUTH ]",                       \
		t " " th "[IKE] authentication of '203.0.113.5' with EAP successful",  \
		t " " th "[IKE] assigning virtual IP 10.3.200.1 to peer "              \
		  "'jimp@example.com'",                                                \
		t " " th "[IKE] IKE_SA rw[1] established between "                     \
		  "198.51.100.1[vpn.example.com]...203.0.113.5[203.0.113.5]",          \
		t " " th "[CFG] looking for a child config for 10.3.0.0/24 === "       \
		  "0.0.0.0/0",                                                         \
		t " " th "[CFG] found matching child config \"lan\" with prio 6",      \
		t " " th "[CFG] selecting proposal:",                                  \
		t " " th "[CFG]   proposal matches",                                   \
		t " " th "[CFG] received proposals: ESP:AES_GCM_16_256/NO_EXT_SEQ",    \
		t " " th "[CFG] configured proposals: ESP:AES_GCM_16_256/NO_EXT_SEQ",  \
		t " " th "[CFG] selected proposal: ESP:AES_GCM_16_256/NO_EXT_SEQ",     \
		t " " th "[CFG] selecting traffic selectors for us:",                  \
		t " " th "[CFG]  config: 10.3.0.0/24, received: 10.3.0.0/24 => "       \
		  "match: 10.3.0.0/24"

static void test_child_install(void **state)
{
	/* kernel-libipsec without an address of the gateway in 10.3.0.0/24 */
	static const char *const route[] = {
		INIT("10:00:00", "09"),
		CHILD_NEGOTIATED("10:00:01", "02"),
		"10:00:01 02[KNL] error installing route with policy 10.3.0.0/24 === 10.3.200.1/32 out",
		"10:00:01 02[IKE] unable to install IPsec policies (SPD) in kernel",
		"10:00:01 02[IKE] failed to establish CHILD_SA, keeping IKE_SA",
		"10:00:01 02[ENC] generating IKE_AUTH response 5 [ AUTH CPRP(ADDR) N(TS_UNACCEPT) ]",
	};
	/* kernel-netlink refusing the SAs: the client gets NO_PROPOSAL_CHOSEN */
	static const char *const sad[] = {
		INIT("10:00:00", "09"),
		CHILD_NEGOTIATED("10:00:01", "02"),
		"10:00:01 02[KNL] unable to add SAD entry with SPI c83f1a27 (FAILED)",
		"10:00:01 02[IKE] unable to install inbound IPsec SA (SAD) in kernel",
		"10:00:01 02[IKE] failed to establish CHILD_SA, keeping IKE_SA",
		"10:00:01 02[ENC] generating IKE_AUTH response 5 [ AUTH CPRP(ADDR) N(NO_PROP) ]",
	};
	/* the client sees only the notify */
	static const char *const client_ts[] = {
		"10:00:00 10[IKE] initiating IKE_SA home[1] to 198.51.100.1",
		"10:00:00 10[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:01 11[ENC] parsed IKE_AUTH response 5 [ AUTH CPRP(ADDR) N(TS_UNACCEPT) ]",
		"10:00:01 11[IKE] authentication of 'vpn.example.com' with EAP successful",
		"10:00:01 11[IKE] installing new virtual IP 10.3.200.1",
		"10:00:01 11[IKE] IKE_SA home[1] established between 203.0.113.5[203.0.113.5]...198.51.100.1[vpn.example.com]",
		"10:00:01 11[IKE] received TS_UNACCEPTABLE notify, no CHILD_SA built",
		"10:00:01 11[IKE] failed to establish CHILD_SA, keeping IKE_SA",
	};
	static const char *const client_np[] = {
		"10:00:00 10[IKE] initiating IKE_SA home[1] to 198.51.100.1",
		"10:00:00 10[ENC] generating IKE_SA_INIT request 0 [ SA KE No ]",
		"10:00:01 11[ENC] parsed IKE_AUTH response 5 [ AUTH CPRP(ADDR) N(NO_PROP) ]",
		"10:00:01 11[IKE] authentication of 'vpn.example.com' with EAP successful",
		"10:00:01 11[IKE] IKE_SA home[1] established between 203.0.113.5[203.0.113.5]...198.51.100.1[vpn.example.com]",
		"10:00:01 11[IKE] received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built",
		"10:00:01 11[IKE] failed to establish CHILD_SA, keeping IKE_SA",
	};
	results_t r;

	(void)state;
	RUN(route, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "child-install-failed",
		   "kernel-libipsec needs an address of this host inside the local "
		   "traffic selector 10.3.0.0/24",
		   "10.3.0.0/24");
	if (!strstr(r.evidence[0], "error installing route with policy"))
	{
		fail_msg("the kernel's line is not shown: %s", r.evidence[0]);
	}
	RUN(sad, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "child-install-failed",
		   "unable to install inbound IPsec SA (SAD) in kernel", NULL);
	/* alone, the client cannot tell: the summary says what else it can be */
	RUN(client_ts, &r);
	expect(&r, 0, "p2-traffic-selector-mismatch",
		   "could not install the CHILD_SA's policies in its kernel", NULL);
	RUN(client_np, &r);
	expect(&r, 0, "p2-proposal-mismatch",
		   "whose kernel refused the CHILD_SA's IPsec SAs", NULL);
	/* the gateway's log decides */
	RUN_PAIR(client_ts, route, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "child-install-failed", "10.3.0.0/24 === 10.3.200.1/32",
		   NULL);
	RUN_PAIR(client_np, sad, &r);
	expect(&r, 0, "child-install-failed", "(SAD)", NULL);
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
		cmocka_unit_test(test_cert_expired),
		cmocka_unit_test(test_ike_auth_lost),
		cmocka_unit_test(test_retransmit_versions),
		cmocka_unit_test(test_retransmit_answered),
		cmocka_unit_test(test_auth_method),
		cmocka_unit_test(test_windows_defaults),
		cmocka_unit_test(test_pfs_rekey),
		cmocka_unit_test(test_child_install),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_cause_table),
	};

	return sm_run_tests(tests);
}
