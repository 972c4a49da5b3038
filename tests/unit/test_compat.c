/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for the client-compatibility rules (generator/model/
 * validate_crypto.c) and the pool size limit (validate.c): per client
 * platform, a table of configurations that must pass and of boundary cases
 * that must fail, each by name.  Every case is a whole YAML file loaded as
 * `swanmobile check` loads it; a failing case must fail with exactly one
 * error, the one its rule gives.
 */
#include "config.h"

#include "sm_test.h"

#include "model/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the neutral settings: every client accepts these */
#define IKE_ANY "[aes256-sha256-modp2048]"
#define ESP_ANY "[aes256gcm16]"

/* the errors of the rules */
#define WIN_IKE "no IKE proposal Windows' built-in client can be configured"
#define WIN_ESP "no ESP proposal Windows' built-in client can be configured"
#define APPLE_IKE "no IKE proposal Apple clients can be configured"
#define APPLE_ESP "no ESP proposal Apple clients can be configured"
#define APPLE_REKEY "macOS rekeys CHILD_SAs without a key exchange"
#define ANDROID_ESP "no ESP proposal the strongSwan app on Android can be"
#define ANDROID_PFS                                                            \
	"the strongSwan app on Android offers ESP key exchange "                   \
	"only with"
#define LEGACY "is legacy crypto (weak or obsolete); remove"
#define POOL_SIZE "is larger than strongSwan's in-memory pools allow"

typedef struct {
	const char *name;
	/** clients: list */
	const char *clients;
	bool legacy;
	/** ike.proposals, NULL for the defaults */
	const char *ike;
	/** the child's proposals, NULL for the defaults */
	const char *esp;
	/** the child's pfs, or NULL */
	const char *pfs;
	/** mobile.pool (NULL: 10.3.200.0/24) and mobile.pool6 (or NULL) */
	const char *pool;
	const char *pool6;
	/** the child's local_networks, NULL for [10.3.0.0/24] */
	const char *nets;
	/** NULL: must load without errors (warnings allowed); else the one
	 *  error must contain this */
	const char *error;
} compat_case_t;

/* Windows' built-in client (IKEv2 with EAP): AES-CBC/GCM 128/256, SHA-256/
 * SHA-384 picking the PRF, groups 14, 19, 20; AES-192, 3DES, SHA-1 and
 * groups 1, 2, 24 only with legacy_crypto; ESP integrity SHA-256 only */
static const compat_case_t windows_cases[] = {
	{"windows: ike aes128-sha256-modp2048 passes", "[windows]", false,
	 "[aes128-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"windows: ike aes256-sha384-ecp384 passes", "[windows]", false,
	 "[aes256-sha384-ecp384]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"windows: ike aes128gcm16-prfsha256-ecp256 passes (AEAD: PRF only)",
	 "[windows]", false, "[aes128gcm16-prfsha256-ecp256]", ESP_ANY, NULL, NULL,
	 NULL, NULL, NULL},
	{"windows: the default IKE proposals pass", "[windows]", false, NULL,
	 ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"windows: one usable IKE proposal among unusable ones passes", "[windows]",
	 false, "[aes256-sha512-modp4096, aes256-sha256-ecp256]", ESP_ANY, NULL,
	 NULL, NULL, NULL, NULL},
	{"windows: ike aes192-sha256-modp2048 with legacy_crypto passes",
	 "[windows]", true, "[aes192-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL,
	 NULL, NULL},
	{"windows: ike aes256-sha1-modp2048 with legacy_crypto passes", "[windows]",
	 true, "[aes256-sha1-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"windows: ike aes256-sha256-modp1024 with legacy_crypto passes",
	 "[windows]", true, "[aes256-sha256-modp1024]", ESP_ANY, NULL, NULL, NULL,
	 NULL, NULL},
	{"windows: ike aes256-sha256-modp2048s256 with legacy_crypto passes "
	 "(group 24)",
	 "[windows]", true, "[aes256-sha256-modp2048s256]", ESP_ANY, NULL, NULL,
	 NULL, NULL, NULL},
	{"windows: ike 3des-sha256-modp2048 with legacy_crypto passes", "[windows]",
	 true, "[3des-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},

	{"windows: ike aes192-sha256-modp2048 without legacy_crypto fails",
	 "[windows]", false, "[aes192-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL,
	 NULL, WIN_IKE},
	{"windows: ike aes256-sha512-modp2048 fails (no SHA-512)", "[windows]",
	 false, "[aes256-sha512-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL,
	 WIN_IKE},
	{"windows: ike aes256-sha256-prfsha384-modp2048 fails (integrity picks "
	 "the PRF)",
	 "[windows]", false, "[aes256-sha256-prfsha384-modp2048]", ESP_ANY, NULL,
	 NULL, NULL, NULL, WIN_IKE},
	{"windows: ike aes256gcm16-prfsha512-ecp384 fails (no PRF SHA-512)",
	 "[windows]", false, "[aes256gcm16-prfsha512-ecp384]", ESP_ANY, NULL, NULL,
	 NULL, NULL, WIN_IKE},
	{"windows: ike aes256-sha256-modp3072 fails (no group 15)", "[windows]",
	 false, "[aes256-sha256-modp3072]", ESP_ANY, NULL, NULL, NULL, NULL,
	 WIN_IKE},
	{"windows: ike aes256-sha256-ecp521 fails (no group 21)", "[windows]",
	 false, "[aes256-sha256-ecp521]", ESP_ANY, NULL, NULL, NULL, NULL, WIN_IKE},
	{"windows: ike aes256-sha256-curve25519 fails", "[windows]", false,
	 "[aes256-sha256-curve25519]", ESP_ANY, NULL, NULL, NULL, NULL, WIN_IKE},
	{"windows: ike chacha20poly1305-prfsha256-ecp256 fails", "[windows]", false,
	 "[chacha20poly1305-prfsha256-ecp256]", ESP_ANY, NULL, NULL, NULL, NULL,
	 WIN_IKE},
	{"windows: ike aes256-sha256-ecp256bp fails even with legacy_crypto "
	 "(group 28)",
	 "[windows]", true, "[aes256-sha256-ecp256bp]", ESP_ANY, NULL, NULL, NULL,
	 NULL, WIN_IKE},
	{"windows: ike aes256-sha1-modp2048 without legacy_crypto fails as "
	 "legacy crypto only",
	 "[windows]", false, "[aes256-sha1-modp2048]", ESP_ANY, NULL, NULL, NULL,
	 NULL, LEGACY},

	{"windows: esp aes128-sha256 passes", "[windows]", false, IKE_ANY,
	 "[aes128-sha256]", NULL, NULL, NULL, NULL, NULL},
	{"windows: esp aes256gcm16-ecp384 passes (PFS group 20)", "[windows]",
	 false, IKE_ANY, "[aes256gcm16-ecp384]", NULL, NULL, NULL, NULL, NULL},
	{"windows: pfs modp2048 passes", "[windows]", false, IKE_ANY, ESP_ANY,
	 "modp2048", NULL, NULL, NULL, NULL},
	{"windows: esp aes256gcm16-modp3072-modpnone passes (no PFS allowed)",
	 "[windows]", false, IKE_ANY, "[aes256gcm16-modp3072-modpnone]", NULL, NULL,
	 NULL, NULL, NULL},
	{"windows: esp aes192-sha256 with legacy_crypto passes", "[windows]", true,
	 IKE_ANY, "[aes192-sha256]", NULL, NULL, NULL, NULL, NULL},
	{"windows: esp aes256-sha1 with legacy_crypto passes", "[windows]", true,
	 IKE_ANY, "[aes256-sha1]", NULL, NULL, NULL, NULL, NULL},
	{"windows: esp aes256gcm16-modp1024 with legacy_crypto passes", "[windows]",
	 true, IKE_ANY, "[aes256gcm16-modp1024]", NULL, NULL, NULL, NULL, NULL},

	{"windows: esp aes192-sha256 without legacy_crypto fails", "[windows]",
	 false, IKE_ANY, "[aes192-sha256]", NULL, NULL, NULL, NULL, WIN_ESP},
	{"windows: esp aes256-sha384 fails (ESP integrity SHA-256 only)",
	 "[windows]", false, IKE_ANY, "[aes256-sha384]", NULL, NULL, NULL, NULL,
	 WIN_ESP},
	{"windows: esp chacha20poly1305 fails", "[windows]", false, IKE_ANY,
	 "[chacha20poly1305]", NULL, NULL, NULL, NULL, WIN_ESP},
	{"windows: pfs ecp521 fails (no PFS group 21)", "[windows]", false, IKE_ANY,
	 ESP_ANY, "ecp521", NULL, NULL, NULL, WIN_ESP},
	{"windows: esp aes256gcm16-curve25519 fails", "[windows]", false, IKE_ANY,
	 "[aes256gcm16-curve25519]", NULL, NULL, NULL, NULL, WIN_ESP},
};

/* Apple (iOS, macOS): AES-CBC/GCM 128/256, ChaCha20-Poly1305, SHA2-256/
 * 384/512, groups 14-21, 31, 32; nothing legacy, not even with
 * legacy_crypto; with PFS, some proposal must also allow none */
static const compat_case_t apple_cases[] = {
	{"apple: ike aes256-sha256-modp2048 passes", "[apple]", false,
	 "[aes256-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"apple: ike aes256-sha512-modp8192 passes (group 18)", "[apple]", false,
	 "[aes256-sha512-modp8192]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"apple: ike aes128gcm16-prfsha512-ecp521 passes (group 21)", "[apple]",
	 false, "[aes128gcm16-prfsha512-ecp521]", ESP_ANY, NULL, NULL, NULL, NULL,
	 NULL},
	{"apple: ike chacha20poly1305-prfsha256-curve25519 passes (group 31)",
	 "[apple]", false, "[chacha20poly1305-prfsha256-curve25519]", ESP_ANY, NULL,
	 NULL, NULL, NULL, NULL},
	{"apple: ike aes256-sha384-curve448 passes (group 32)", "[apple]", false,
	 "[aes256-sha384-curve448]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},
	{"apple: the default IKE proposals pass", "[apple]", false, NULL, ESP_ANY,
	 NULL, NULL, NULL, NULL, NULL},

	{"apple: ike aes192-sha256-modp2048 fails even with legacy_crypto",
	 "[apple]", true, "[aes192-sha256-modp2048]", ESP_ANY, NULL, NULL, NULL,
	 NULL, APPLE_IKE},
	{"apple: ike aes256-sha1-modp2048 fails even with legacy_crypto", "[apple]",
	 true, "[aes256-sha1-modp2048]", ESP_ANY, NULL, NULL, NULL, NULL,
	 APPLE_IKE},
	{"apple: ike aes256-sha256-modp1024 fails even with legacy_crypto",
	 "[apple]", true, "[aes256-sha256-modp1024]", ESP_ANY, NULL, NULL, NULL,
	 NULL, APPLE_IKE},
	{"apple: ike aes256-sha256-modp2048s256 fails (group 24)", "[apple]", true,
	 "[aes256-sha256-modp2048s256]", ESP_ANY, NULL, NULL, NULL, NULL,
	 APPLE_IKE},
	{"apple: ike aes256-sha256-ecp256bp fails (group 28)", "[apple]", false,
	 "[aes256-sha256-ecp256bp]", ESP_ANY, NULL, NULL, NULL, NULL, APPLE_IKE},
	{"apple: ike aes256-sha256-prfsha512-modp2048 fails (integrity picks the "
	 "PRF)",
	 "[apple]", false, "[aes256-sha256-prfsha512-modp2048]", ESP_ANY, NULL,
	 NULL, NULL, NULL, APPLE_IKE},

	{"apple: esp aes256-sha512 passes", "[apple]", false, IKE_ANY,
	 "[aes256-sha512]", NULL, NULL, NULL, NULL, NULL},
	{"apple: esp chacha20poly1305 passes", "[apple]", false, IKE_ANY,
	 "[chacha20poly1305]", NULL, NULL, NULL, NULL, NULL},
	{"apple: esp aes256gcm16-ecp384-modpnone passes (PFS or none)", "[apple]",
	 false, IKE_ANY, "[aes256gcm16-ecp384-modpnone]", NULL, NULL, NULL, NULL,
	 NULL},
	{"apple: pfs ecp384 with a proposal of its own allowing none passes",
	 "[apple]", false, IKE_ANY, "[aes256gcm16, aes256gcm16-ecp384-modpnone]",
	 "ecp384", NULL, NULL, NULL, NULL},

	{"apple: pfs ecp384 without a proposal allowing none fails", "[apple]",
	 false, IKE_ANY, ESP_ANY, "ecp384", NULL, NULL, NULL, APPLE_REKEY},
	{"apple: esp aes256gcm16-ecp384 fails (no rekeying without PFS)", "[apple]",
	 false, IKE_ANY, "[aes256gcm16-ecp384]", NULL, NULL, NULL, NULL,
	 APPLE_REKEY},
	{"apple: esp aes256-sha1 fails even with legacy_crypto", "[apple]", true,
	 IKE_ANY, "[aes256-sha1]", NULL, NULL, NULL, NULL, APPLE_ESP},
	{"apple: esp aes192-sha256 fails", "[apple]", false, IKE_ANY,
	 "[aes192-sha256]", NULL, NULL, NULL, NULL, APPLE_ESP},
	{"apple: esp aes256gcm16-modp1024 fails even with legacy_crypto", "[apple]",
	 true, IKE_ANY, "[aes256gcm16-modp1024]", NULL, NULL, NULL, NULL,
	 APPLE_ESP},
};

/* the strongSwan app on Android: ESP AES-GCM 128/256, ChaCha20-Poly1305,
 * AES-CBC 128/192/256 with SHA-1/SHA2; PFS only with curve25519, ecp384,
 * ecp521, modp3072, modp4096, ecp256, modp8192; its IKE proposals are not
 * restricted */
static const compat_case_t android_cases[] = {
	{"android: esp aes192-sha256 passes without legacy_crypto", "[android]",
	 false, IKE_ANY, "[aes192-sha256]", NULL, NULL, NULL, NULL, NULL},
	{"android: esp aes256-sha1 with legacy_crypto passes", "[android]", true,
	 IKE_ANY, "[aes256-sha1]", NULL, NULL, NULL, NULL, NULL},
	{"android: esp chacha20poly1305 passes", "[android]", false, IKE_ANY,
	 "[chacha20poly1305]", NULL, NULL, NULL, NULL, NULL},
	{"android: pfs ecp256 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "ecp256", NULL, NULL, NULL, NULL},
	{"android: pfs curve25519 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "curve25519", NULL, NULL, NULL, NULL},
	{"android: pfs modp3072 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "modp3072", NULL, NULL, NULL, NULL},
	{"android: pfs modp4096 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "modp4096", NULL, NULL, NULL, NULL},
	{"android: pfs modp8192 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "modp8192", NULL, NULL, NULL, NULL},
	{"android: pfs ecp521 passes", "[android]", false, IKE_ANY, ESP_ANY,
	 "ecp521", NULL, NULL, NULL, NULL},
	{"android: esp aes256gcm16-modp2048-modpnone passes (no PFS allowed)",
	 "[android]", false, IKE_ANY, "[aes256gcm16-modp2048-modpnone]", NULL, NULL,
	 NULL, NULL, NULL},
	{"android: IKE proposals are not restricted", "[android]", false,
	 "[aes256-sha512-modp6144]", ESP_ANY, NULL, NULL, NULL, NULL, NULL},

	{"android: pfs modp2048 fails", "[android]", false, IKE_ANY, ESP_ANY,
	 "modp2048", NULL, NULL, NULL, ANDROID_PFS},
	{"android: pfs modp6144 fails (between modp4096 and modp8192)", "[android]",
	 false, IKE_ANY, ESP_ANY, "modp6144", NULL, NULL, NULL, ANDROID_PFS},
	{"android: pfs curve448 fails", "[android]", false, IKE_ANY, ESP_ANY,
	 "curve448", NULL, NULL, NULL, ANDROID_PFS},
	{"android: esp aes256gcm16-ecp256bp fails", "[android]", false, IKE_ANY,
	 "[aes256gcm16-ecp256bp]", NULL, NULL, NULL, NULL, ANDROID_PFS},
	{"android: esp aes256gcm12 fails (GCM with a 16-byte ICV only)",
	 "[android]", false, IKE_ANY, "[aes256gcm12]", NULL, NULL, NULL, NULL,
	 ANDROID_ESP},
	{"android: esp aes256ctr-sha256 fails (no CTR)", "[android]", false,
	 IKE_ANY, "[aes256ctr-sha256]", NULL, NULL, NULL, NULL, ANDROID_ESP},
	{"android: esp aes256-md5 fails even with legacy_crypto", "[android]", true,
	 IKE_ANY, "[aes256-md5]", NULL, NULL, NULL, NULL, ANDROID_ESP},
};

/* linux (any strongSwan or NetworkManager client): no restriction */
static const compat_case_t linux_cases[] = {
	{"linux: what no other client takes passes", "[linux]", false,
	 "[aes256-sha512-modp6144]", "[aes256gcm12-modp6144]", NULL, NULL, NULL,
	 NULL, NULL},
	{"all four: the defaults pass", "[windows, apple, android, linux]", false,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"all four: one error per client that cannot connect",
	 "[windows, apple, android, linux]", false, "[aes256-sha512-modp8192]",
	 ESP_ANY, NULL, NULL, NULL, NULL, WIN_IKE},
};

/* strongSwan's in-memory pools hold at most 2^31 addresses */
static const compat_case_t pool_cases[] = {
	{"pool: an IPv6 /97 passes", "[linux]", false, NULL, NULL, NULL, NULL,
	 "2001:db8:200::/97", "[10.3.0.0/24, 2001:db8:3::/64]", NULL},
	{"pool: an IPv6 /96 fails", "[linux]", false, NULL, NULL, NULL, NULL,
	 "2001:db8:200::/96", "[10.3.0.0/24, 2001:db8:3::/64]", POOL_SIZE},
	{"pool: an IPv4 /1 passes", "[linux]", false, NULL, NULL, NULL,
	 "128.0.0.0/1", NULL, NULL, NULL},
	{"pool: an IPv4 /0 fails", "[linux]", false, NULL, NULL, NULL, "0.0.0.0/0",
	 NULL, "[0.0.0.0/0]", POOL_SIZE},
};

/* the YAML of a case */
static char *case_yaml(const compat_case_t *c)
{
	char *text = malloc(4096);
	size_t len = 0;

	assert_non_null(text);
#define add(...) len += (size_t)snprintf(text + len, 4096 - len, __VA_ARGS__)
	add("version: 1\ngateway:\n  hostname: vpn.example.com\nmobile:\n");
	add("  pool: %s\n", c->pool ? c->pool : "10.3.200.0/24");
	if (c->pool6)
	{
		add("  pool6: %s\n", c->pool6);
	}
	add("ike:\n  legacy_crypto: %s\n", c->legacy ? "true" : "false");
	if (c->ike)
	{
		add("  proposals: %s\n", c->ike);
	}
	add("children:\n  - name: lan\n    local_networks: %s\n",
		c->nets ? c->nets : "[10.3.0.0/24]");
	if (c->esp)
	{
		add("    proposals: %s\n", c->esp);
	}
	if (c->pfs)
	{
		add("    pfs: %s\n", c->pfs);
	}
	add("clients: %s\n", c->clients);
#undef add
	assert_true(len < 4096);
	return text;
}

static void test_case(void **state)
{
	const compat_case_t *c = *state;
	sm_diag_entry_t e;
	sm_model_t *m;
	sm_diag_t *diag;
	char *text;
	size_t i;
	bool found = false;

	text = case_yaml(c);
	diag = sm_diag_create();
	assert_non_null(diag);
	m = sm_load_buffer("compat.yaml", text, strlen(text), diag);
	if (!c->error)
	{
		if (!m || sm_diag_count(diag, SM_ERROR) != 0)
		{
			printf("# must pass, but:\n");
			sm_test_dump_diag(diag);
			printf("# in:\n# %s\n", text);
			fail();
		}
	}
	else
	{
		for (i = 0; i < sm_diag_size(diag); i++)
		{
			assert_true(sm_diag_get(diag, i, &e));
			found |= e.severity == SM_ERROR && strstr(e.message, c->error);
		}
		if (m || sm_diag_count(diag, SM_ERROR) != 1 || !found)
		{
			printf("# must fail with exactly one error containing '%s', "
				   "but:\n",
				   c->error);
			sm_test_dump_diag(diag);
			printf("# in:\n%s\n", text);
			fail();
		}
	}
	sm_model_destroy(m);
	sm_diag_destroy(diag);
	free(text);
}

/* every case of every table, one test each, named by the case */
int main(void)
{
	static const struct {
		const compat_case_t *cases;
		size_t n;
	} tables[] = {
		{windows_cases, countof(windows_cases)},
		{apple_cases, countof(apple_cases)},
		{android_cases, countof(android_cases)},
		{linux_cases, countof(linux_cases)},
		{pool_cases, countof(pool_cases)},
	};
	struct CMUnitTest *tests;
	size_t i, j, n = 0, k = 0;
	int rc;

	for (i = 0; i < countof(tables); i++)
	{
		n += tables[i].n;
	}
	tests = calloc(n, sizeof(*tests));
	if (!tests)
	{
		return 1;
	}
	for (i = 0; i < countof(tables); i++)
	{
		for (j = 0; j < tables[i].n; j++)
		{
			tests[k].name = tables[i].cases[j].name;
			tests[k].test_func = test_case;
			tests[k].initial_state = (void *)&tables[i].cases[j];
			k++;
		}
	}
	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = _cmocka_run_group_tests("compat", tests, n, NULL, NULL);
	free(tests);
	return rc;
}
