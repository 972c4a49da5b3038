/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/diagnose/: every log fixture (the test bed's
 * cases and the pfSense book's real logs) yields its cause code and the
 * values that differ, from both logs together and from each side alone,
 * and the same cause whatever the logger's line format.
 */
#include "config.h"

#include "sm_test.h"

#include "diagnose/diagnose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ATTEMPTS 16

/** An expected value: what, received, configured (NULL: not checked). */
typedef struct {
	const char *what, *received, *configured;
} value_t;

/* clang-format off */
static const struct {
	/** fixture: tests/fixtures/logs/NAME.{initiator,responder}.log, .cause */
	const char *name;
	/** cause from both logs (must equal NAME.cause) */
	const char *cause;
	/** cause from the initiator's and from the responder's log alone */
	const char *initiator, *responder;
	/** values the diagnosis of both logs names */
	value_t values[3];
	/** words its summary contains */
	const char *summary;
} cases[] = {
	{"eap-success", "established", "established", "established",
	 {{NULL}}, "'jimp@example.com', virtual IP 10.3.200."},
	{"eap-wrong-password", "eap-auth-failed", "eap-auth-failed", "eap-auth-failed",
	 {{"password of", "carol", NULL}}, "password of 'carol'"},
	{"eap-unknown-user", "eap-identity-unknown", "eap-auth-failed", "eap-identity-unknown",
	 {{"EAP identity", "dave", NULL}}, "'dave' is not in the user database"},
	{"ike-encryption-mismatch", "p1-encryption-mismatch", "p1-proposal-mismatch",
	 "p1-encryption-mismatch",
	 {{"encryption", "AES_CBC_128", "AES_CBC_256"}}, "no encryption in common"},
	{"ike-dh-mismatch", "p1-dh-group-mismatch", "p1-proposal-mismatch",
	 "p1-dh-group-mismatch",
	 {{"key exchange (DH group)", "MODP_3072", "MODP_2048"}}, "MODP_3072"},
	{"ike-integrity-mismatch", "p1-integrity-mismatch", "p1-proposal-mismatch",
	 "p1-integrity-mismatch",
	 {{"integrity", "HMAC_SHA2_384_192", "HMAC_SHA2_256_128"}}, "integrity"},
	{"esp-mismatch", "p2-encryption-mismatch", "p2-proposal-mismatch",
	 "p2-encryption-mismatch",
	 {{"encryption", "AES_CBC_192", "AES_CBC_256"}}, "no encryption algorithm"},
	{"esp-integrity-mismatch", "p2-integrity-mismatch", "p2-proposal-mismatch",
	 "p2-integrity-mismatch",
	 {{"integrity", "HMAC_SHA2_384_192", "HMAC_SHA2_256_128"}}, "integrity"},
	{"pfs-mismatch", "p2-pfs-mismatch", "p2-proposal-mismatch", "p2-pfs-mismatch",
	 {{"key exchange (DH group)", "MODP_2048", "none"}},
	 "the peer requires perfect forward secrecy with MODP_2048"},
	{"ts-mismatch", "p2-traffic-selector-mismatch", "p2-traffic-selector-mismatch",
	 "p2-traffic-selector-mismatch",
	 {{"traffic selectors of this side", "192.0.2.0/24", "10.3.0.0/24"}},
	 "asked for 192.0.2.0/24"},
	{"child-install-failed", "child-install-failed", "p2-traffic-selector-mismatch",
	 "child-install-failed",
	 {{"local traffic selector without an address of this host", NULL,
	   "10.3.0.0/24"}},
	 "kernel-libipsec needs an address of this host inside the local traffic "
	 "selector 10.3.0.0/24"},
	{"identity-mismatch", "peer-id-mismatch", "auth-failed", "peer-id-mismatch",
	 {{"identity requested for this side (IDr)", "wrong.example.com", NULL},
	  {"identity of the peer (IDi)", "198.51.100.2", NULL}}, "'wrong.example.com'"},
	{"untrusted-ca", "cert-untrusted", "cert-untrusted", "auth-failed",
	 {{"issuer of the peer's certificate",
	   "C=XX, O=swanmobile test bed, CN=Test Bed CA",
	   "not trusted (CA not installed)"}},
	 "'vpn.example.com' is not trusted"},
	{"cert-name-mismatch", "cert-name-mismatch", "cert-name-mismatch", "auth-failed",
	 {{"identity the peer's certificate lacks", "noname.example.com", NULL}},
	 "does not contain its identity 'noname.example.com'"},
	{"ikev1-aggressive-mismatch", "ike-mode-mismatch", "auth-failed", "ike-mode-mismatch",
	 {{"IKEv1 mode", "Aggressive", "Main"}}, "Aggressive Mode"},
	{"ikev1-vs-ikev2", "ike-mode-mismatch", "p1-proposal-mismatch", "ike-mode-mismatch",
	 {{"IKE version", "IKEv1", "IKEv2 only"}}, "no IKEv1 connection"},
	{"ikev1-psk-mismatch", "psk-mismatch", "psk-mismatch", "psk-mismatch",
	 {{NULL}}, "pre-shared key"},
	/* real NAT (nft masquerade): only the two logs together prove it */
	{"nat-id", "nat-id-mismatch", "auth-failed", "peer-id-mismatch",
	 {{"identity of the peer", "192.168.77.2", NULL}},
	 "192.168.77.2: that is its address behind NAT, it connects from 203.0.113.2"},
	{"no-ike-config", "no-ike-config", "p1-proposal-mismatch", "no-ike-config",
	 {{"local address", "10.3.0.1", NULL}},
	 "no IKEv2 connection is configured for the local address 10.3.0.1"},
	{"ikev1-id-mismatch", "peer-id-mismatch", "peer-id-mismatch", "auth-failed",
	 {{"identity of the peer (IDr)", "vpn.example.com", "wrong.example.com"}},
	 "'wrong.example.com' is expected"},
	/* no NAT, though both log "remote host is behind NAT" (forced UDP
	 * encapsulation); the initiator alone cannot tell */
	{"ikev1-ip-id", "peer-id-mismatch", "peer-id-mismatch", "auth-failed",
	 {{"identity of the peer (IDr)", "10.3.0.1", "198.51.100.1"}},
	 "'10.3.0.1', but '198.51.100.1' is expected"},
	{"ikev1-encryption-mismatch", "p1-encryption-mismatch", "p1-proposal-mismatch",
	 "p1-encryption-mismatch",
	 {{"encryption", "AES_CBC_128", "AES_CBC_256"}}, "no encryption in common"},
	{"ikev1-dh-mismatch", "p1-dh-group-mismatch", "p1-proposal-mismatch",
	 "p1-dh-group-mismatch",
	 {{"key exchange (DH group)", "MODP_3072", "MODP_2048"}}, "MODP_3072"},
	{"ikev1-esp-integrity-mismatch", "p2-integrity-mismatch", "p2-proposal-mismatch",
	 "p2-integrity-mismatch",
	 {{"integrity", "HMAC_SHA2_384_192", "HMAC_SHA2_256_128"}},
	 "no integrity algorithm in common"},
	{"ike-prf-mismatch", "p1-prf-mismatch", "p1-proposal-mismatch", "p1-prf-mismatch",
	 {{"PRF", "PRF_HMAC_SHA2_512", "PRF_HMAC_SHA2_384"}}, "no PRF in common"},
	{"ikev1-pfs-mismatch", "p2-pfs-mismatch", "p2-proposal-mismatch", "p2-pfs-mismatch",
	 {{"key exchange (DH group)", "MODP_2048", "none"}}, "MODP_2048"},
	{"no-response", "no-response", "no-response", NULL,
	 {{"UDP port", "5099", NULL}}, "did not answer"},
	/* the pfSense book's logs (real installations, syslog prefix, no time) */
	{"pfsense/01-success", "established", "established", "established",
	 {{NULL}}, "established"},
	{"pfsense/04-psk-mismatch", "psk-mismatch", "psk-mismatch", "psk-mismatch",
	 {{NULL}}, "pre-shared key"},
	{"pfsense/05-p1-enc", "p1-encryption-mismatch", "p1-proposal-mismatch",
	 "p1-encryption-mismatch",
	 {{"encryption", "AES_CBC_128", "AES_CBC_256"}}, "encryption"},
	{"pfsense/08-p2-net", "p2-traffic-selector-mismatch",
	 "p2-traffic-selector-mismatch", "p2-traffic-selector-mismatch",
	 {{"traffic selectors of this side", "10.5.0.0/24|/0", "10.5.1.0/24|/0"}},
	 "10.5.1.0/24"},
};
/* clang-format on */

/** What the tests keep of an attempt. */
typedef struct {
	char cause[40];
	char summary[512];
	value_t values[8];
	size_t nvalues;
	char *strings[16];
	size_t nstrings;
} result_t;

typedef struct {
	result_t r[MAX_ATTEMPTS];
	size_t n;
} results_t;

static const char *keep(result_t *r, const char *s)
{
	if (!s || r->nstrings >= 16)
	{
		return NULL;
	}
	return r->strings[r->nstrings++] = strdup(s);
}

static void collect(const sm_attempt_t *a, void *ctx)
{
	results_t *res = ctx;
	result_t *r;
	size_t i;

	if (res->n >= MAX_ATTEMPTS)
	{
		return;
	}
	r = &res->r[res->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->cause, sizeof(r->cause), "%s", sm_cause_info(a->cause)->code);
	snprintf(r->summary, sizeof(r->summary), "%s", a->summary);
	for (i = 0; i < a->nvalues && i < 8; i++)
	{
		r->values[i].what = keep(r, a->values[i].what);
		r->values[i].received = keep(r, a->values[i].received);
		r->values[i].configured = keep(r, a->values[i].configured);
		r->nvalues++;
	}
}

static void results_free(results_t *res)
{
	size_t i, j;

	for (i = 0; i < res->n; i++)
	{
		for (j = 0; j < res->r[i].nstrings; j++)
		{
			free(res->r[i].strings[j]);
		}
	}
	res->n = 0;
}

static char *fixture(const char *name, const char *suffix)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/tests/fixtures/logs/%s%s", SM_SRCDIR, name,
			 suffix);
	return path;
}

/** Diagnose open streams into res. */
static void run_streams(FILE **in, unsigned int n, results_t *res)
{
	sm_diagnose_t *d;
	unsigned int failed;

	memset(res, 0, sizeof(*res));
	d = sm_diagnose_create(n, (double)time(NULL), collect, res);
	assert_non_null(d);
	assert_int_equal(sm_diagnose_run(d, in, &failed), 0);
	sm_diagnose_finish(d);
	sm_diagnose_destroy(d);
}

/** Diagnose the named sides of a fixture ("initiator", "responder"). */
static void run_files(const char *name, const char *const *sides,
					  unsigned int n, results_t *res)
{
	FILE *in[2];
	char suffix[32];
	unsigned int i;

	for (i = 0; i < n; i++)
	{
		snprintf(suffix, sizeof(suffix), ".%s.log", sides[i]);
		in[i] = fopen(fixture(name, suffix), "r");
		if (!in[i])
		{
			fail_msg("%s: cannot open %s", name, fixture(name, suffix));
		}
	}
	run_streams(in, n, res);
	for (i = 0; i < n; i++)
	{
		fclose(in[i]);
	}
}

/** Every attempt has the cause (there is at least one). */
static void expect_cause(const char *what, const results_t *res,
						 const char *cause)
{
	size_t i;

	if (res->n == 0)
	{
		fail_msg("%s: no attempt found, expected %s", what, cause);
	}
	for (i = 0; i < res->n; i++)
	{
		if (strcmp(res->r[i].cause, cause))
		{
			fail_msg("%s: attempt %zu is %s (%s), expected %s", what, i + 1,
					 res->r[i].cause, res->r[i].summary, cause);
		}
	}
}

static bool same(const char *want, const char *got)
{
	return !want || (got && !strcmp(want, got));
}

static void test_fixtures(void **state)
{
	static const char *const both[] = {"initiator", "responder"};
	char buf[64], *nl;
	results_t res;
	size_t i, k, j;
	FILE *f;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		/* the table agrees with the fixture's .cause file */
		f = fopen(fixture(cases[i].name, ".cause"), "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		if ((nl = strchr(buf, '\n')))
		{
			*nl = '\0';
		}
		if (strcmp(buf, cases[i].cause))
		{
			fail_msg("%s: the table says %s, the .cause file %s", cases[i].name,
					 cases[i].cause, buf);
		}

		run_files(cases[i].name, both, 2, &res);
		expect_cause(cases[i].name, &res, cases[i].cause);
		if (res.n != 1)
		{
			/* the two sides' views of the attempt are one */
			fail_msg("%s: %zu attempts from both logs, expected 1",
					 cases[i].name, res.n);
		}
		if (!strstr(res.r[0].summary, cases[i].summary))
		{
			fail_msg("%s: summary '%s' lacks '%s'", cases[i].name,
					 res.r[0].summary, cases[i].summary);
		}
		for (k = 0; k < 3 && cases[i].values[k].what; k++)
		{
			for (j = 0; j < res.r[0].nvalues; j++)
			{
				if (!strcmp(res.r[0].values[j].what, cases[i].values[k].what) &&
					same(cases[i].values[k].received,
						 res.r[0].values[j].received) &&
					same(cases[i].values[k].configured,
						 res.r[0].values[j].configured))
				{
					break;
				}
			}
			if (j == res.r[0].nvalues)
			{
				fail_msg("%s: no value '%s' received '%s' configured '%s'",
						 cases[i].name, cases[i].values[k].what,
						 cases[i].values[k].received,
						 cases[i].values[k].configured);
			}
		}
		results_free(&res);

		run_files(cases[i].name, &both[0], 1, &res);
		expect_cause("initiator alone", &res, cases[i].initiator);
		results_free(&res);
		if (cases[i].responder)
		{
			run_files(cases[i].name, &both[1], 1, &res);
			expect_cause("responder alone", &res, cases[i].responder);
			results_free(&res);
		}
	}
}

/** Every fixture on disk is in the table. */
static void test_fixtures_listed(void **state)
{
	static const char *const dirs[] = {"", "pfsense/"};
	char cmd[4200], line[256], *dot;
	size_t i, d, found;
	FILE *p;

	(void)state;
	for (d = 0; d < countof(dirs); d++)
	{
		snprintf(cmd, sizeof(cmd), "ls '%s'", fixture(dirs[d], ""));
		p = popen(cmd, "r");
		assert_non_null(p);
		found = 0;
		while (fgets(line, sizeof(line), p))
		{
			if (!(dot = strstr(line, ".cause\n")))
			{
				continue;
			}
			*dot = '\0';
			for (i = 0; i < countof(cases); i++)
			{
				if (!strncmp(cases[i].name, dirs[d], strlen(dirs[d])) &&
					!strcmp(cases[i].name + strlen(dirs[d]), line))
				{
					break;
				}
			}
			if (i == countof(cases))
			{
				fail_msg("fixture %s%s is not in the table", dirs[d], line);
			}
			found++;
		}
		pclose(p);
		assert_true(found > 0);
	}
}

/** Line formats of charon's loggers, applied to "HH:MM:SS NN[GRP] msg". */
typedef enum {
	FMT_SYSLOG,
	FMT_SYSLOG_PID,
	FMT_JOURNAL_ISO,
	FMT_JOURNAL,
	FMT_FILE_MS,
	FMT_LEVEL,
	FMT_SWANCTL,
	FMT_JSON,
	FMT_RFC5424,
	FMT_JOURNAL_JSON,
	FMT_LEVEL1,
	FMT_COUNT
} fmt_t;

static const char *const fmt_names[FMT_COUNT] = {
	"syslog with host",
	"syslog with pid",
	"journalctl -o short-iso",
	"journalctl",
	"file logger with date and ms",
	"file logger log_level",
	"swanctl --log",
	"file logger json",
	"RFC 5424 syslog",
	"journalctl -o json",
};

/** Messages charon logs at level 2 or higher (the bed logs IKE and CFG at
 * 2): what a log at the default level 1 lacks. */
static bool level2(const char *msg)
{
	static const char *const prefixes[] = {
		"selecting proposal",
		"proposal matches",
		"no acceptable ENC",
		"no acceptable INT",
		"no acceptable PSE",
		"no acceptable KEY",
		"no acceptable DIF",
		"no acceptable EXT",
		"looking for an IKEv",
		"candidate",
		"found matching",
		"IKE_SA ",
		"queueing",
		"activating",
		"local endpoint changed",
		"remote endpoint changed",
		"proposing traffic selectors",
		"selecting traffic selectors",
		"config: ",
		"looking for a child config",
		"received supported",
		"sending supported",
		"scheduling",
		"maximum IKE_SA lifetime",
		"reinitiating",
		"nothing to initiate",
		"building ",
		"processing ",
		"handling ",
		"unknown attribute",
		"installing DNS",
		"got additional",
		"peer supports MOBIKE",
		"sending XAuth",
		"sending DPD",
		"sending FRAG",
		"sending NAT",
		"sending draft",
		"received XAuth",
		"received DPD",
		"received FRAG",
		"received NAT",
		"received draft",
		"received FRAGMENTATION",
		"received SIGNATURE",
		"received CHILDLESS",
	};
	size_t i;

	while (*msg == ' ')
	{
		msg++;
	}
	if (!strncmp(msg, "IKE_SA ", 7) && strstr(msg, " established between "))
	{
		return false;
	}
	for (i = 0; i < countof(prefixes); i++)
	{
		if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
		{
			return true;
		}
	}
	/* traffic selectors listed under "proposing traffic selectors" */
	return strspn(msg, "0123456789abcdef:./|") == strcspn(msg, "\n") &&
		   strchr(msg, '/');
}

static void convert(FILE *out, const char *line, fmt_t fmt)
{
	char t[9], g[4];
	const char *msg, *p;
	int th, n = 0;

	if (sscanf(line, "%8[0-9:] %d[%3[A-Z]]%n", t, &th, g, &n) != 3 || !n)
	{
		fputs(line, out);
		return;
	}
	msg = line + n + (line[n] == ' ');
	switch (fmt)
	{
		case FMT_SYSLOG:
			fprintf(out, "Dec  1 %s vpn-gw charon: %02d[%s] %s", t, th, g, msg);
			break;
		case FMT_SYSLOG_PID:
			fprintf(out, "Dec  1 %s vpn-gw charon[4242]: %02d[%s] %s", t, th, g,
					msg);
			break;
		case FMT_JOURNAL_ISO:
			fprintf(out, "2024-12-01T%s+0000 vpn-gw charon-systemd[4242]: %s",
					t, msg);
			break;
		case FMT_JOURNAL:
			fprintf(out, "Dec 01 %s vpn-gw charon-systemd[4242]: %s", t, msg);
			break;
		case FMT_FILE_MS:
			fprintf(out, "2024-12-01 %s.123 %02d[%s] %s", t, th, g, msg);
			break;
		case FMT_LEVEL:
			fprintf(out, "%s %02d[%s1] %s", t, th, g, msg);
			break;
		case FMT_SWANCTL:
			fprintf(out, "%02d[%s] %s", th, g, msg);
			break;
		case FMT_JSON:
			fprintf(out,
					"{\"time\":\"2024-12-01 %s\",\"thread\":%d,"
					"\"group\":\"%s\",\"level\":1,\"msg\":\"",
					t, th, g);
			for (p = msg; *p && *p != '\n'; p++)
			{
				fprintf(out, *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
			}
			fputs("\"}\n", out);
			break;
		case FMT_LEVEL1:
			if (!level2(msg))
			{
				fputs(line, out);
			}
			break;
		case FMT_JOURNAL_JSON:
			fprintf(
				out,
				"{\"__REALTIME_TIMESTAMP\":\"1733%.2s%.2s%.2s000000\","
				"\"SYSLOG_IDENTIFIER\":\"charon-systemd\",\"THREAD\":\"%d\","
				"\"GROUP\":\"%s\",\"MESSAGE\":\"",
				t, t + 3, t + 6, th, g);
			for (p = msg; *p && *p != '\n'; p++)
			{
				fprintf(out, *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
			}
			fputs("\"}\n", out);
			break;
		default:
			fprintf(out,
					"<30>1 2024-12-01T%s.000000+00:00 pfSense.home.arpa "
					"charon 66018 - - %02d[%s] %s",
					t, th, g, msg);
			break;
	}
}

/** The same causes whatever the logger's line format. */
static void test_formats(void **state)
{
	static const char *const sides[] = {"initiator", "responder"};
	char line[65536], suffix[32], what[128];
	results_t res;
	FILE *in[2], *f;
	size_t i;
	int fmt, s;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		if (strchr(cases[i].name, '/'))
		{
			continue;
		}
		for (fmt = 0; fmt < FMT_COUNT; fmt++)
		{
			for (s = 0; s < 2; s++)
			{
				snprintf(suffix, sizeof(suffix), ".%s.log", sides[s]);
				f = fopen(fixture(cases[i].name, suffix), "r");
				in[s] = tmpfile();
				assert_non_null(f);
				assert_non_null(in[s]);
				while (fgets(line, sizeof(line), f))
				{
					convert(in[s], line, (fmt_t)fmt);
				}
				fclose(f);
				rewind(in[s]);
			}
			run_streams(in, 2, &res);
			snprintf(what, sizeof(what), "%s as %s", cases[i].name,
					 fmt_names[fmt]);
			expect_cause(what, &res, cases[i].cause);
			results_free(&res);
			fclose(in[0]);
			fclose(in[1]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_fixtures_listed),
		cmocka_unit_test(test_formats),
	};

	return sm_run_tests(tests);
}
