/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for the parts of generator/diagnose/: line prefixes and time
 * stamps, message patterns, proposal comparison, the JSON report.
 */
#include "config.h"

#include "sm_test.h"

#include "diagnose/attempt.h"
#include "diagnose/diagnose.h"
#include "diagnose/event.h"
#include "diagnose/logline.h"
#include "diagnose/propcmp.h"
#include "diagnose/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2024-12-01 00:00:00 UTC, the date of the examples below */
#define DEC1 1733011200.0

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

/* --- line prefixes ------------------------------------------------------- */

/* clang-format off */
static const struct {
	const char *line;
	bool charon;
	int thread;
	const char *group;
	sm_time_kind_t tkind;
	double time;
	bool has_sa;
	const char *name;
	unsigned int id;
	const char *msg;
} lines[] = {
	{"02:22:46 09[IKE] IKE_SA ok[1] established", true, 9, "IKE",
	 SM_TIME_OF_DAY, 8566, false, "", 0, "IKE_SA ok[1] established"},
	{"Dec  1 02:22:46 gw charon[123]: 09[CFG] <rw|5> received proposals: IKE:X",
	 true, 9, "CFG", SM_TIME_DATE, DEC1 + 8566, true, "rw", 5,
	 "received proposals: IKE:X"},
	{"Dec 1 02:22:46 gw charon: 16[IKE] <7> no proposal found", true, 16,
	 "IKE", SM_TIME_DATE, DEC1 + 8566, true, "", 7, "no proposal found"},
	{"Dec  1 02:22:46 gw charon: 09[IKE2] <con-mobile|12> x", true, 9, "IKE",
	 SM_TIME_DATE, DEC1 + 8566, true, "con-mobile", 12, "x"},
	{"2024-12-01T03:22:46.500+01:00 gw charon-systemd[1]: parsed x", true, -1,
	 "", SM_TIME_DATE, DEC1 + 8566.5, false, "", 0, "parsed x"},
	{"Dec 01 02:22:46 gw charon-systemd[77]: 198.51.100.2 is initiating an "
	 "IKE_SA", true, -1, "", SM_TIME_DATE, DEC1 + 8566, false, "", 0,
	 "198.51.100.2 is initiating an IKE_SA"},
	{"{\"time\":\"2024-12-01 02:22:46\",\"thread\":9,\"group\":\"IKE\","
	 "\"level\":1,\"ikesa-uniqueid\":\"3\",\"ikesa-name\":\"rw\",\"msg\":"
	 "\"say \\\"hi\\\"\"}", true, 9, "IKE", SM_TIME_DATE, DEC1 + 8566, true,
	 "rw", 3, "say \"hi\""},
	{"{\"__REALTIME_TIMESTAMP\":\"1733019766250000\",\"SYSLOG_IDENTIFIER\":"
	 "\"charon-systemd\",\"THREAD\":\"12\",\"GROUP\":\"CFG\",\"IKE_SA_UNIQUE_ID\":"
	 "\"4\",\"IKE_SA_NAME\":\"rw\",\"MESSAGE\":\"x \\u0041\"}", true, 12, "CFG",
	 SM_TIME_DATE, DEC1 + 8566, true, "rw", 4, "x A"},
	{"{\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":\"Accepted\"}", false, 0, NULL,
	 0, 0, false, NULL, 0, NULL},
	{"{\"SYSLOG_IDENTIFIER\":\"charon\",\"MESSAGE\":[104,105]}", true, -1, "",
	 SM_TIME_NONE, 0, false, "", 0, "hi"},
	{"09[NET] received packet: from a to b (1 bytes)", true, 9, "NET",
	 SM_TIME_NONE, 0, false, "", 0, "received packet: from a to b (1 bytes)"},
	{"Sun Dec  1 02:22:46 2024 09[IKE] m", true, 9, "IKE", SM_TIME_DATE,
	 DEC1 + 8566, false, "", 0, "m"},
	{"01.12.2024 02:22:46 09[IKE] m", true, 9, "IKE", SM_TIME_DATE,
	 DEC1 + 8566, false, "", 0, "m"},
	{"1733019766.250 gw charon-systemd[1]: m", true, -1, "", SM_TIME_DATE,
	 DEC1 + 8566.25, false, "", 0, "m"},
	{"<30>1 2024-12-01T02:22:46.000000+00:00 pfSense charon 66018 - - 09[IKE] "
	 "<con1|12> m", true, 9, "IKE", SM_TIME_DATE, DEC1 + 8566, true, "con1",
	 12, "m"},
	{"charon: 09[ENC] could not decrypt payloads", true, 9, "ENC",
	 SM_TIME_NONE, 0, false, "", 0, "could not decrypt payloads"},
	{"Dec  1 02:22:46 gw kernel: [IKE] nothing of charon's", false, 0, NULL, 0, 0, false, NULL, 0, NULL},
	{"host01[IKE] not an anchor", false, 0, NULL, 0, 0, false, NULL, 0, NULL},
	{"", false, 0, NULL, 0, 0, false, NULL, 0, NULL},
};
/* clang-format on */

static void test_logline(void **state)
{
	sm_logline_parser_t *p;
	sm_logline_t l;
	size_t i;
	bool ok;

	(void)state;
	utc();
	p = sm_logline_parser_create(DEC1 + 86400 * 30);
	assert_non_null(p);
	for (i = 0; i < countof(lines); i++)
	{
		ok = sm_logline_parse(p, lines[i].line, strlen(lines[i].line), &l);
		if (ok != lines[i].charon)
		{
			fail_msg("'%s': charon line %d, expected %d", lines[i].line, ok,
					 lines[i].charon);
		}
		if (!ok)
		{
			continue;
		}
		if (l.thread != lines[i].thread || strcmp(l.group, lines[i].group) ||
			l.tkind != lines[i].tkind ||
			(l.tkind && (l.time < lines[i].time - 0.001 ||
						 l.time > lines[i].time + 0.001)) ||
			l.has_sa != lines[i].has_sa || strcmp(l.sa_name, lines[i].name) ||
			l.sa_id != lines[i].id || l.msg_len != strlen(lines[i].msg) ||
			memcmp(l.msg, lines[i].msg, l.msg_len))
		{
			fail_msg("'%s': thread %d group '%s' time %d/%.3f sa %d '%s' %u "
					 "msg '%.*s'",
					 lines[i].line, l.thread, l.group, l.tkind, l.time,
					 l.has_sa, l.sa_name, l.sa_id, (int)l.msg_len, l.msg);
		}
	}
	sm_logline_parser_destroy(p);
}

/* --- message patterns ---------------------------------------------------- */

/* clang-format off */
static const struct {
	const char *msg;
	sm_ev_kind_t kind;
	const char *cap0, *cap1;
} events[] = {
	{"received packet: from 198.51.100.2[500] to 198.51.100.1[500] (296 bytes)",
	 SM_EV_RECV_PACKET, "198.51.100.2[500]", "198.51.100.1[500]"},
	{"parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) ]", SM_EV_PARSED,
	 "IKE_SA_INIT", "request"},
	{"  no acceptable ENCRYPTION_ALGORITHM found", SM_EV_NO_ACCEPTABLE_ALG,
	 "ENCRYPTION_ALGORITHM", NULL},
	{"no acceptable traffic selectors found", SM_EV_NO_TS, NULL, NULL},
	{"DH group MODP_1024 inacceptable, requesting MODP_2048",
	 SM_EV_KE_REQUESTING, "MODP_1024", "MODP_2048"},
	{"key exchange method CURVE_25519 unacceptable, requesting ECP_384",
	 SM_EV_KE_REQUESTING, "CURVE_25519", "ECP_384"},
	{"received NO_PROPOSAL_CHOSEN notify error", SM_EV_NOTIFY_ERROR,
	 "NO_PROPOSAL_CHOSEN", NULL},
	{"received INVALID_ID_INFORMATION error notify", SM_EV_NOTIFY_ERROR,
	 "INVALID_ID_INFORMATION", NULL},
	{"received TS_UNACCEPTABLE notify, no CHILD_SA built", SM_EV_NOTIFY_ERROR,
	 "TS_UNACCEPTABLE", NULL},
	{"received FRAGMENTATION_SUPPORTED notify", SM_EV_NONE, NULL, NULL},
	{"traffic selectors 10.0.0.0/8 === 0.0.0.0/0 inacceptable",
	 SM_EV_TS_UNACCEPTABLE, "10.0.0.0/8", "0.0.0.0/0"},
	{"looking for peer configs matching 198.51.100.1[%any]...203.0.113.5[C=CH, "
	 "O=strongSwan, CN=carol]", SM_EV_PEER_CFG_LOOKUP, "198.51.100.1[%any]",
	 "203.0.113.5[C=CH, O=strongSwan, CN=carol]"},
	{"looking for XAuthInitPSK peer configs matching 1.1.1.1...2.2.2.2[x]",
	 SM_EV_PEER_CFG_LOOKUP, "1.1.1.1", "2.2.2.2[x]"},
	{"EAP method EAP_MSCHAPV2 failed for peer 198.51.100.2",
	 SM_EV_EAP_FAILED_PEER, "EAP_MSCHAPV2", "198.51.100.2"},
	{"constraint check failed: identity 'vpn.example.com' required",
	 SM_EV_CONSTRAINT, "identity 'vpn.example.com' required", NULL},
	{"no trusted RSA public key found for 'vpn.example.com'",
	 SM_EV_NO_TRUSTED_KEY, "RSA", "vpn.example.com"},
	{"CHILD_SA lan{1} established with SPIs c1cbfdf2_i cf4973bf_o and TS "
	 "10.3.0.0/24 === 10.3.200.1/32", SM_EV_CHILD_ESTABLISHED, "lan", "1"},
	{"initiating Aggressive Mode IKE_SA v1-aggr[1] to 198.51.100.1",
	 SM_EV_INITIATING, "Aggressive", "v1-aggr"},
	{"198.51.100.2 is initiating a Main Mode IKE_SA", SM_EV_PEER_INITIATING,
	 "198.51.100.2", "Main"},
	{"sending retransmit 2 of request message ID 0, seq 3",
	 SM_EV_RETRANSMIT_V1, "2", NULL},
	{"XAuth authentication of 'bob' (myself) failed", SM_EV_XAUTH_FAILED,
	 "bob", NULL},
	{" 10.3.0.0/24|/0", SM_EV_TS_ITEM, "10.3.0.0/24|/0", NULL},
	{"handling INTERNAL_DNS_DOMAIN attribute failed", SM_EV_NONE, NULL, NULL},
	{"error writing to socket: Network is unreachable", SM_EV_OTHER_ERROR,
	 NULL, NULL},
};
/* clang-format on */

static void test_events(void **state)
{
	sm_event_t ev;
	char buf[256], *kept = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < countof(events); i++)
	{
		sm_event_parse(events[i].msg, strlen(events[i].msg), &ev);
		if (ev.kind != events[i].kind)
		{
			fail_msg("'%s': kind %d, expected %d", events[i].msg, ev.kind,
					 events[i].kind);
		}
		if (events[i].cap0 &&
			strcmp(sm_span_copy(ev.cap[0], buf, sizeof(buf)), events[i].cap0))
		{
			fail_msg("'%s': capture 0 '%s'", events[i].msg, buf);
		}
		if (events[i].cap1 &&
			strcmp(sm_span_copy(ev.cap[1], buf, sizeof(buf)), events[i].cap1))
		{
			fail_msg("'%s': capture 1 '%s'", events[i].msg, buf);
		}
	}
	/* captured text is made printable: control bytes, invalid UTF-8 */
	sm_event_parse("received EAP identity 'a\x1b[31m\xff'",
				   strlen("received EAP identity 'a\x1b[31m\xff'"), &ev);
	assert_int_equal(ev.kind, SM_EV_EAP_IDENTITY);
	assert_string_equal(sm_span_copy(ev.cap[0], buf, sizeof(buf)), "a?[31m?");
	/* and so is the text an attempt keeps (evidence lines, values), cut
	 * to its maximum */
	sm_attempt_store(&kept, "x\x01y\xc3(z\xe2\x82\xac\x7f", 10, 64);
	assert_non_null(kept);
	assert_string_equal(kept, "x?y?(z\xe2\x82\xac?");
	sm_attempt_store(&kept, "abcdef", 6, 4);
	assert_string_equal(kept, "abc");
	free(kept);
}

/* --- proposals ------------------------------------------------------------ */

/* clang-format off */
static const struct {
	const char *name, *received, *configured;
	/** first differing component, SM_TF_COUNT for a match */
	sm_tf_t first;
	const char *got, *want, *keywords;
} props[] = {
	{"encryption", "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024",
	 "IKE:AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", SM_TF_ENCR,
	 "AES_CBC_128", "AES_CBC_256", "aes128-sha1-prfsha1-modp1024"},
	{"missing integrity is named",
	 "IKE:AES_CBC_256/PRF_HMAC_SHA2_256/MODP_2048",
	 "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
	 SM_TF_INTEG, "none", "HMAC_SHA2_256_128", NULL},
	{"AEAD needs no integrity", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384",
	 "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384", SM_TF_COUNT, NULL, NULL,
	 "aes256gcm16-prfsha384-ecp384"},
	{"PRF", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256",
	 "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_256", SM_TF_PRF,
	 "PRF_HMAC_SHA2_256", "PRF_HMAC_SHA2_384", NULL},
	{"Windows' MODP_1024", "IKE:3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, "
	 "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_1024",
	 "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384, "
	 "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
	 SM_TF_KE, "MODP_1024", "MODP_2048", "aes256-sha256-prfsha256-modp1024"},
	{"optional PFS (NONE) matches no PFS",
	 "ESP:AES_GCM_16_256/MODP_2048/MODP_NONE/NO_EXT_SEQ",
	 "ESP:AES_GCM_16_256/NO_EXT_SEQ", SM_TF_COUNT, NULL, NULL, NULL},
	{"6.x KE_NONE", "ESP:AES_GCM_16_256/ECP_384/KE_NONE/NO_EXT_SEQ",
	 "ESP:AES_GCM_16_256/NO_EXT_SEQ", SM_TF_COUNT, NULL, NULL, NULL},
	{"PFS required, none offered", "ESP:AES_GCM_16_256/NO_EXT_SEQ",
	 "ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ", SM_TF_KE, "none", "ECP_384",
	 "aes256gcm16"},
	{"closest pair: integrity rather than AEAD encryption",
	 "ESP:AES_CBC_256/HMAC_SHA2_384_192/NO_EXT_SEQ",
	 "ESP:AES_GCM_16_256/NO_EXT_SEQ, ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ",
	 SM_TF_INTEG, "HMAC_SHA2_384_192", "HMAC_SHA2_256_128", NULL},
	{"ESN", "ESP:AES_GCM_16_256/EXT_SEQ", "ESP:AES_GCM_16_256/NO_EXT_SEQ",
	 SM_TF_ESN, "EXT_SEQ", "NO_EXT_SEQ", NULL},
	{"additional key exchange", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384/"
	 "KE1_ML_KEM_768", "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384/"
	 "KE1_ML_KEM_1024", SM_TF_ADDKE, "KE1_ML_KEM_768", "KE1_ML_KEM_1024", NULL},
};
/* clang-format on */

static void test_propcmp(void **state)
{
	sm_propcmp_t c;
	size_t i;
	int tf;

	(void)state;
	for (i = 0; i < countof(props); i++)
	{
		assert_true(sm_propcmp(props[i].received, props[i].configured, &c));
		for (tf = 0; tf < SM_TF_COUNT && !c.differs[tf]; tf++)
		{
		}
		if (tf != (int)props[i].first)
		{
			fail_msg("%s: first difference %d, expected %d", props[i].name, tf,
					 props[i].first);
		}
		if (c.match != (props[i].first == SM_TF_COUNT))
		{
			fail_msg("%s: match %d", props[i].name, c.match);
		}
		if (props[i].got && (strcmp(c.received[tf], props[i].got) ||
							 strcmp(c.configured[tf], props[i].want)))
		{
			fail_msg("%s: received '%s', configured '%s'", props[i].name,
					 c.received[tf], c.configured[tf]);
		}
		if (props[i].keywords && strcmp(c.keywords, props[i].keywords))
		{
			fail_msg("%s: keywords '%s'", props[i].name, c.keywords);
		}
	}
	assert_false(sm_propcmp("nonsense", "IKE:AES_CBC_256", &c));
}

/* --- JSON ----------------------------------------------------------------- */

/** A minimal JSON syntax check; returns the end of the value or NULL. */
static const char *json_value(const char *p)
{
	while (*p == ' ' || *p == '\n')
	{
		p++;
	}
	if (*p == '"')
	{
		for (p++; *p && *p != '"'; p++)
		{
			if ((unsigned char)*p < 0x20)
			{
				return NULL;
			}
			if (*p == '\\' && !*++p)
			{
				return NULL;
			}
		}
		return *p ? p + 1 : NULL;
	}
	if (*p == '{' || *p == '[')
	{
		char close = *p == '{' ? '}' : ']';
		bool object = *p == '{';

		p++;
		while (*p == ' ' || *p == '\n')
		{
			p++;
		}
		if (*p == close)
		{
			return p + 1;
		}
		for (;;)
		{
			if (object)
			{
				while (*p == ' ' || *p == '\n')
				{
					p++;
				}
				if (*p != '"' || !(p = json_value(p)) || *p++ != ':')
				{
					return NULL;
				}
			}
			if (!(p = json_value(p)))
			{
				return NULL;
			}
			while (*p == ' ' || *p == '\n')
			{
				p++;
			}
			if (*p == close)
			{
				return p + 1;
			}
			if (*p++ != ',')
			{
				return NULL;
			}
		}
	}
	if (!strncmp(p, "null", 4) || !strncmp(p, "true", 4))
	{
		return p + 4;
	}
	if (!strncmp(p, "false", 5))
	{
		return p + 5;
	}
	if (*p == '-' || (*p >= '0' && *p <= '9'))
	{
		while (*p == '-' || (*p >= '0' && *p <= '9'))
		{
			p++;
		}
		return p;
	}
	return NULL;
}

static void report_cb(const sm_attempt_t *a, void *ctx)
{
	sm_report_attempt(ctx, a);
}

static void test_json(void **state)
{
	static const char *const log[] = {
		"10:00:00 09[NET] received packet: from 203.0.113.5[500] to "
		"198.51.100.1[500] (600 bytes)",
		"10:00:00 09[ENC] parsed IKE_SA_INIT request 0 [ SA KE No "
		"N(NATD_S_IP) N(NATD_D_IP) ]",
		"10:00:00 09[IKE] 203.0.113.5 is initiating an IKE_SA",
		"10:00:00 09[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 09[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
		"10:00:00 09[IKE] no acceptable proposal found \"quoted\\ \x01",
		"10:00:00 09[IKE] no acceptable proposal found",
	};
	static const char *const keys[] = {
		"\"schema\": 1",
		"\"attempts\": [",
		"\"cause\": \"p1-encryption-mismatch\"",
		"\"certainty\": ",
		"\"summary\": ",
		"\"meaning\": ",
		"\"ike_version\": ",
		"\"connection\": ",
		"\"initiator\": \"203.0.113.5\"",
		"\"responder\": \"198.51.100.1\"",
		"\"start\": \"10:00:00\"",
		"\"user\": ",
		"\"virtual_ip\": ",
		"\"values\": [{\"what\": \"encryption\", "
		"\"received\": \"AES_CBC_128\", \"configured\": \"AES_CBC_256\"",
		"\"fix\": {\"yaml\": \"ike.proposals\"",
		"\"pfsense\": ",
		"\"client\": ",
		"\"sides\": [{\"file\": \"gw.log\", \"role\": \"responder\"",
		"\"evidence\": [{\"file\": \"gw.log\", \"line\": ",
		"\"summary\": {\"attempts\": 1, \"established\": 0, \"failed\": 1",
	};
	static const char *const names[] = {"gw.log"};
	sm_diagnose_t *d;
	sm_report_t *rep;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *out;

	(void)state;
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	rep = sm_report_create(out, true, names, 1);
	d = sm_diagnose_create(1, 0, report_cb, rep);
	for (i = 0; i < countof(log); i++)
	{
		sm_diagnose_line(d, 0, log[i], strlen(log[i]));
	}
	sm_diagnose_finish(d);
	sm_report_finish(rep);
	sm_diagnose_destroy(d);
	sm_report_destroy(rep);
	fclose(out);
	if (!json_value(buf) || *json_value(buf) != '\n')
	{
		fail_msg("not JSON: %s", buf);
	}
	for (i = 0; i < countof(keys); i++)
	{
		if (!strstr(buf, keys[i]))
		{
			fail_msg("no %s in %s", keys[i], buf);
		}
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logline),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_propcmp),
		cmocka_unit_test(test_json),
	};

	return sm_run_tests(tests);
}
