/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/profiles/'s rendering: a cross-check of every
 * generated profile (the crypto settings are read back from the rendered
 * file with mappings of this test, Microsoft's and Apple's documented
 * values to strongSwan keywords, and negotiated against the gateway's
 * proposals, rekeys of both sides included; a profile that could not
 * negotiate or rekey fails), passwords only where they were given, and the
 * Windows script's IPv6 routes only with an IPv6 pool.
 */
#include "config.h"

#include "profiles_fixture.h"

#include "model/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a self-signed test CA (P-256, expires 2126) */
static const char ca_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBfDCCASGgAwIBAgIUOSNPzOsy5cvXttdWNNhA6bBMxZswCgYIKoZIzj0EAwIw\n"
	"EjEQMA4GA1UEAwwHVGVzdCBDQTAgFw0yNjEyMDEwMzQxNDVaGA8yMTI2MTEwNzAz\n"
	"NDE0NVowEjEQMA4GA1UEAwwHVGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
	"A0IABDobF8KiOkZmgK3Z255KnfkTusIWJel69d++TywIBArPK9We6Y3seftYEQyU\n"
	"Y5PaGNXONV9afZXWjaPRpF4MaBujUzBRMB0GA1UdDgQWBBQJ6PBDE1PHGB7Fj0I+\n"
	"o66GPtIDijAfBgNVHSMEGDAWgBQJ6PBDE1PHGB7Fj0I+o66GPtIDijAPBgNVHRMB\n"
	"Af8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDqfeNJaMaGnefUGkfMjG3dgNmo\n"
	"T0Q5/xyQiexytxyOfgIhAKGGraKZnNTwZN2qSD1wFOh+t4Nnq0v3l8gO/sOTNg5u\n"
	"-----END CERTIFICATE-----\n";

/* --- profiles cross-checked ----------------------------------------------- */

/* the value after key in text ("-DHGroup '", "ike="), up to the next end
 * character */
static bool value_after(const char *text, const char *key, const char *ends,
						char *buf, size_t size)
{
	const char *p = strstr(text, key), *e;

	if (!p)
	{
		return false;
	}
	p += strlen(key);
	e = p + strcspn(p, ends);
	snprintf(buf, size, "%.*s", (int)(e - p), p);
	return true;
}

/* a value of a plist dict after <key>dict</key>: the text of the element
 * after <key>key</key> */
static bool plist_value(const char *text, const char *dict, const char *key,
						char *buf, size_t size)
{
	char k[128];
	const char *p = text;

	if (dict)
	{
		snprintf(k, sizeof(k), "<key>%s</key>", dict);
		p = strstr(text, k);
		if (!p)
		{
			return false;
		}
	}
	snprintf(k, sizeof(k), "<key>%s</key>", key);
	p = strstr(p, k);
	if (!p)
	{
		return false;
	}
	p = strchr(p + strlen(k), '>');
	return p && value_after(p, ">", "<", buf, size);
}

typedef struct {
	const char *value;
	const char *keyword;
} vmap_t;

static const char *lookup(const vmap_t *m, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (!strcmp(m[i].value, value))
		{
			return m[i].keyword;
		}
	}
	fail_msg("unexpected value '%s'", value);
	return NULL;
}

/* Set-VpnConnectionIPsecConfiguration's documented values */
static const vmap_t win_encr[] = {
	{"DES", "des"},
	{"DES3", "3des"},
	{"AES128", "aes128"},
	{"AES192", "aes192"},
	{"AES256", "aes256"},
	{"GCMAES128", "aes128gcm16"},
	{"GCMAES192", "aes192gcm16"},
	{"GCMAES256", "aes256gcm16"},
};
static const vmap_t win_hash[] = {
	{"MD5", "md5"},
	{"SHA1", "sha1"},
	{"SHA256", "sha256"},
	{"SHA384", "sha384"},
};
static const vmap_t win_auth[] = {
	{"MD596", "md5"},  {"SHA196", "sha1"}, {"SHA256128", "sha256"},
	{"GCMAES128", ""}, {"GCMAES192", ""},  {"GCMAES256", ""},
};
static const vmap_t win_dh[] = {
	{"Group1", "modp768"}, {"Group2", "modp1024"}, {"Group14", "modp2048"},
	{"ECP256", "ecp256"},  {"ECP384", "ecp384"},   {"Group24", "modp2048s256"},
};
static const vmap_t win_pfs[] = {
	{"None", ""},
	{"PFS1", "modp768"},
	{"PFS2", "modp1024"},
	{"PFS2048", "modp2048"},
	{"ECP256", "ecp256"},
	{"ECP384", "ecp384"},
	{"PFS24", "modp2048s256"},
};

/* Apple's VPN.IKEv2 values */
static const vmap_t apple_encr[] = {
	{"DES", "des"},
	{"3DES", "3des"},
	{"AES-128", "aes128"},
	{"AES-256", "aes256"},
	{"AES-128-GCM", "aes128gcm16"},
	{"AES-256-GCM", "aes256gcm16"},
	{"ChaCha20Poly1305", "chacha20poly1305"},
};
static const vmap_t apple_hash[] = {
	{"SHA1-96", "sha1"},    {"SHA1-160", "sha1_160"}, {"SHA2-256", "sha256"},
	{"SHA2-384", "sha384"}, {"SHA2-512", "sha512"},
};
static const vmap_t apple_dh[] = {
	{"1", "modp768"},   {"2", "modp1024"},  {"5", "modp1536"},
	{"14", "modp2048"}, {"15", "modp3072"}, {"16", "modp4096"},
	{"17", "modp6144"}, {"18", "modp8192"}, {"19", "ecp256"},
	{"20", "ecp384"},   {"21", "ecp521"},   {"31", "curve25519"},
	{"32", "curve448"},
};

static bool is_aead(const char *keyword)
{
	return strstr(keyword, "gcm") || strstr(keyword, "chacha");
}

/* "aes256gcm16" + "sha384" -> "aes256gcm16-prfsha384"; "aes256-sha256" */
static void ike_text(char *buf, size_t size, const char *encr, const char *hash,
					 const char *dh)
{
	snprintf(buf, size, "%s-%s%s-%s", encr, is_aead(encr) ? "prf" : "",
			 is_aead(encr) && !strcmp(hash, "sha1_160") ? "sha1" : hash, dh);
}

static void windows_offer(const char *ps, sm_client_offer_t *c)
{
	char encr[64], hash[64], dh[64], cipher[64], auth[64], pfs[64];
	char ike[256], esp[256];
	const char *e, *a, *p;

	assert_true(
		value_after(ps, "-EncryptionMethod '", "'", encr, sizeof(encr)));
	assert_true(
		value_after(ps, "-IntegrityCheckMethod '", "'", hash, sizeof(hash)));
	assert_true(value_after(ps, "-DHGroup '", "'", dh, sizeof(dh)));
	assert_true(value_after(ps, "-CipherTransformConstants '", "'", cipher,
							sizeof(cipher)));
	assert_true(value_after(ps, "-AuthenticationTransformConstants '", "'",
							auth, sizeof(auth)));
	assert_true(value_after(ps, "-PfsGroup '", "'", pfs, sizeof(pfs)));
	ike_text(ike, sizeof(ike), lookup(win_encr, countof(win_encr), encr),
			 lookup(win_hash, countof(win_hash), hash),
			 lookup(win_dh, countof(win_dh), dh));
	e = lookup(win_encr, countof(win_encr), cipher);
	a = lookup(win_auth, countof(win_auth), auth);
	p = lookup(win_pfs, countof(win_pfs), pfs);
	/* with AES-GCM, both name the same transform */
	assert_true(is_aead(e) ? !strcmp(auth, cipher) : *a != '\0');
	snprintf(esp, sizeof(esp), "%s%s%s%s%s", e, *a ? "-" : "", a, *p ? "-" : "",
			 p);
	sm_test_props(ike, SM_PROTO_IKE, &c->ike);
	sm_test_props(esp, SM_PROTO_ESP, &c->esp);
	c->rekey_ke = SM_REKEY_KE_FIRST;
	c->rejects_unasked_ke = !*p;
	/* it cannot ask for another group (interop/windowsClients) */
	c->no_invalid_ke = true;
}

static void apple_offer(const char *plist, sm_client_offer_t *c)
{
	char encr[64], hash[64], dh[64], pfs[16], ike[256], esp[256];
	const char *e, *h;

	assert_true(plist_value(plist, "IKESecurityAssociationParameters",
							"EncryptionAlgorithm", encr, sizeof(encr)));
	assert_true(plist_value(plist, "IKESecurityAssociationParameters",
							"IntegrityAlgorithm", hash, sizeof(hash)));
	assert_true(plist_value(plist, "IKESecurityAssociationParameters",
							"DiffieHellmanGroup", dh, sizeof(dh)));
	ike_text(ike, sizeof(ike), lookup(apple_encr, countof(apple_encr), encr),
			 lookup(apple_hash, countof(apple_hash), hash),
			 lookup(apple_dh, countof(apple_dh), dh));
	assert_true(plist_value(plist, "ChildSecurityAssociationParameters",
							"EncryptionAlgorithm", encr, sizeof(encr)));
	assert_true(plist_value(plist, "ChildSecurityAssociationParameters",
							"IntegrityAlgorithm", hash, sizeof(hash)));
	assert_true(plist_value(plist, "ChildSecurityAssociationParameters",
							"DiffieHellmanGroup", dh, sizeof(dh)));
	assert_true(plist_value(plist, NULL, "EnablePFS", pfs, sizeof(pfs)));
	e = lookup(apple_encr, countof(apple_encr), encr);
	h = lookup(apple_hash, countof(apple_hash), hash);
	snprintf(esp, sizeof(esp), "%s%s%s%s%s", e, is_aead(e) ? "" : "-",
			 is_aead(e) ? "" : h, !strcmp(pfs, "1") ? "-" : "",
			 !strcmp(pfs, "1") ? lookup(apple_dh, countof(apple_dh), dh) : "");
	sm_test_props(ike, SM_PROTO_IKE, &c->ike);
	sm_test_props(esp, SM_PROTO_ESP, &c->esp);
	c->rekey_ke = SM_REKEY_KE_FIRST;
}

static void android_offer(const char *json, sm_client_offer_t *c)
{
	const sm_platform_t *pf = sm_test_platform("android");
	char ike[1024], esp[1024];

	/* one proposal each, else the app's defaults */
	if (value_after(json, "\"ike-proposal\": \"", "\"", ike, sizeof(ike)))
	{
		assert_null(strchr(ike, ','));
	}
	else
	{
		snprintf(ike, sizeof(ike), "%s", pf->ike);
	}
	if (value_after(json, "\"esp-proposal\": \"", "\"", esp, sizeof(esp)))
	{
		assert_null(strchr(esp, ','));
	}
	else
	{
		snprintf(esp, sizeof(esp), "%s", pf->esp);
	}
	sm_test_props(ike, SM_PROTO_IKE, &c->ike);
	sm_test_props(esp, SM_PROTO_ESP, &c->esp);
	c->rekey_ke = SM_REKEY_KE_FIRST;
}

static void semicolons(char *s)
{
	for (; *s; s++)
	{
		*s = *s == ';' ? ',' : *s;
	}
}

static void nm_offer(const char *keyfile, sm_client_offer_t *c)
{
	const sm_platform_t *pf = sm_test_platform("networkmanager");
	char ike[2048], esp[2048];

	if (strstr(keyfile, "\nproposal=yes\n"))
	{
		assert_true(value_after(keyfile, "\nike=", "\n", ike, sizeof(ike)));
		assert_true(value_after(keyfile, "\nesp=", "\n", esp, sizeof(esp)));
		semicolons(ike);
		semicolons(esp);
	}
	else
	{
		snprintf(ike, sizeof(ike), "%s", pf->ike);
		snprintf(esp, sizeof(esp), "%s", pf->esp);
	}
	sm_test_props(ike, SM_PROTO_IKE, &c->ike);
	sm_test_props(esp, SM_PROTO_ESP, &c->esp);
	c->rekey_ke = SM_REKEY_KE_FIRST;
}

static void linux_offer(const char *conf, sm_client_offer_t *c)
{
	char ike[2048], esp[2048];

	assert_true(value_after(conf, "\t\tproposals = ", "\n", ike, sizeof(ike)));
	assert_true(value_after(conf, "esp_proposals = ", "\n", esp, sizeof(esp)));
	sm_test_props(ike, SM_PROTO_IKE, &c->ike);
	sm_test_props(esp, SM_PROTO_ESP, &c->esp);
	c->rekey_ke = SM_REKEY_KE_FIRST;
}

/** A gateway, and the profiles that cannot fit it. */
typedef struct {
	const char *name;
	bool legacy;
	const char *ike;
	const char *esp;
	const char *pfs;
	/** bits of 1 << sm_profile_kind_t that must fail to render */
	unsigned int no_profile;
	/** bits of profiles that connect but whose CHILD_SA rekeys started by
	 *  the gateway must fail (check warns about them) */
	unsigned int gw_rekey_fails;
} gateway_case_t;

static const gateway_case_t gateways[] = {
	{"the defaults", false, NULL, NULL, NULL, 0, 0},
	{"the example", false,
	 "[aes256gcm16-prfsha384-ecp384, "
	 "aes256gcm16-prfsha256-ecp256, aes256-sha256-modp2048]",
	 "[aes256gcm16-aes128gcm16-ecp384-curve25519-ecp256-modp3072-modp2048-"
	 "none, aes256-sha256-ecp384-curve25519-ecp256-modp3072-modp2048-none]",
	 NULL, 0, 0},
	{"issue 12's example (no key exchange)", false,
	 "[aes256gcm16-prfsha384-ecp384, aes256-sha256-modp2048]",
	 "[aes256gcm16, aes128gcm16, aes256-sha256]", NULL, 0, 0},
	{"CBC only, PFS modp2048 required", false, "[aes256-sha256-modp2048]",
	 "[aes256-sha256]", "modp2048", 0, 0},
	{"AES-128 GCM, ecp256, PFS optional", false,
	 "[aes128gcm16-prfsha256-ecp256]", "[aes128gcm16-ecp256-none]", NULL, 0, 0},
	/* Windows has no curve25519, and cannot ask for another group */
	{"curve25519 first", false,
	 "[aes256gcm16-prfsha256-curve25519, aes256gcm16-prfsha384-ecp384]",
	 "[aes256gcm16-curve25519-ecp384-none]", NULL, 0, 1u << SM_PROFILE_WINDOWS},
	{"SHA-384 CBC, ecp384 first, then none", false, "[aes256-sha384-ecp384]",
	 "[aes256-sha256-ecp384-none]", NULL, 0, 0},
	{"ChaCha20 first", false,
	 "[chacha20poly1305-prfsha256-curve25519, "
	 "aes256-sha256-modp2048]",
	 "[chacha20poly1305, aes256gcm16]", NULL, 0, 0},
	{"legacy Windows", true, "[aes256-sha256-modp2048, aes256-sha1-modp1024]",
	 "[aes256gcm16, aes256-sha1]", NULL, 0, 0},
	{"no Windows", false, "[aes256-sha512-modp4096]", "[aes256gcm16]", NULL,
	 1u << SM_PROFILE_WINDOWS, 0},
	{"default in the lists", false, "[default]", "[default]", NULL, 0, 0},
};

static char *gateway_yaml(const gateway_case_t *g)
{
	char *text = malloc(4096);
	size_t len = 0;

	assert_non_null(text);
#define add(...) len += (size_t)snprintf(text + len, 4096 - len, __VA_ARGS__)
	add("version: 1\nname: rw\ngateway:\n  hostname: vpn.example.com\n");
	add("ca:\n  common_name: Test CA\n");
	add("mobile:\n  pool: 10.3.200.0/24\n  pool6: fd00:3:200::/112\n");
	add("  dns: [10.3.0.1]\n  split_dns: [example.com]\n");
	add("ike:\n  legacy_crypto: %s\n", g->legacy ? "true" : "false");
	if (g->ike)
	{
		add("  proposals: %s\n", g->ike);
	}
	add("children:\n  - name: lan\n    local_networks: [10.3.0.0/24, "
		"fd00:3::/64]\n");
	if (g->esp)
	{
		add("    proposals: %s\n", g->esp);
	}
	if (g->pfs)
	{
		add("    pfs: %s\n", g->pfs);
	}
	add("clients: [linux]\n");
#undef add
	assert_true(len < 4096);
	return text;
}

/* the rendered file whose name ends with suffix */
static const char *file_ending(const sm_outputs_t *out, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < out->n; i++)
	{
		size_t len = strlen(out->files[i].path);

		if (len >= n && !strcmp(out->files[i].path + len - n, suffix))
		{
			return out->files[i].data;
		}
	}
	fail_msg("no file *%s", suffix);
	return NULL;
}

static void test_profiles_cross_checked(void **state)
{
	static const sm_profile_kind_t kinds[] = {
		SM_PROFILE_WINDOWS,        SM_PROFILE_APPLE, SM_PROFILE_ANDROID,
		SM_PROFILE_NETWORKMANAGER, SM_PROFILE_LINUX,
	};
	static const char *const files[] = {
		".ps1", ".mobileconfig", ".sswan", ".nmconnection", "conf.d/rw.conf",
	};
	sm_props_t *ike = calloc(1, sizeof(*ike)), *esp = calloc(1, sizeof(*esp));
	sm_client_offer_t *c = calloc(1, sizeof(*c));
	sm_nego_t *r = calloc(1, sizeof(*r));
	sm_profile_opts_t o = {
		.templates_dir = SM_TEMPLATES,
		.source = "t.yaml",
		.out_dir = "out",
		.ca_pem = ca_pem,
		.ca_pem_len = sizeof(ca_pem) - 1,
	};
	char err[256];
	size_t g, k;
	int step;

	(void)state;
	for (g = 0; g < countof(gateways); g++)
	{
		sm_diag_t *d = sm_diag_create();
		char *yaml = gateway_yaml(&gateways[g]);
		sm_model_t *m = sm_load_buffer("t.yaml", yaml, strlen(yaml), d);

		if (!m)
		{
			sm_diag_entry_t e;

			assert_true(sm_diag_get(d, 0, &e));
			fail_msg("%s: %s", gateways[g].name, e.message);
		}
		assert_true(sm_gateway_props(m, ike, esp, err, sizeof(err)));
		for (k = 0; k < countof(kinds); k++)
		{
			sm_outputs_t out = {0};
			bool rendered, must_fail;
			const char *text;

			rendered = sm_profile_render(m, kinds[k], &o, &out, d);
			must_fail = gateways[g].no_profile & (1u << kinds[k]);
			if (rendered == must_fail)
			{
				fail_msg("%s: the %s profile %s", gateways[g].name,
						 sm_profile_name(kinds[k]),
						 must_fail ? "rendered" : "failed");
			}
			if (!rendered)
			{
				sm_outputs_clear(&out);
				continue;
			}
			memset(c, 0, sizeof(*c));
			text = file_ending(&out, files[k]);
			switch (kinds[k])
			{
				case SM_PROFILE_WINDOWS:
					windows_offer(text, c);
					break;
				case SM_PROFILE_APPLE:
					apple_offer(text, c);
					break;
				case SM_PROFILE_ANDROID:
					android_offer(text, c);
					break;
				case SM_PROFILE_NETWORKMANAGER:
					nm_offer(text, c);
					break;
				default:
					linux_offer(text, c);
					break;
			}
			sm_negotiate(ike, esp, c, r);
			if (gateways[g].gw_rekey_fails & (1u << kinds[k]))
			{
				assert_false(r->ok[SM_STEP_CHILD_REKEY_GW]);
				r->ok[SM_STEP_CHILD_REKEY_GW] = true;
				printf("# %s: the %s profile connects, the gateway's CHILD_SA "
					   "rekeys fail as they must\n",
					   gateways[g].name, sm_profile_name(kinds[k]));
			}
			for (step = 0; step < SM_STEP_MAX; step++)
			{
				if (!r->ok[step])
				{
					fail_msg("%s: the %s profile fails at step %d: %s",
							 gateways[g].name, sm_profile_name(kinds[k]), step,
							 r->why[step]);
				}
			}
			printf("# %s: the %s profile connects and rekeys both ways\n",
				   gateways[g].name, sm_profile_name(kinds[k]));
			sm_outputs_clear(&out);
		}
		sm_model_destroy(m);
		sm_diag_destroy(d);
		free(yaml);
	}
	free(ike);
	free(esp);
	free(c);
	free(r);
}

/* passwords only when given; the rendered files carry the user */
static void test_password_only_when_given(void **state)
{
	static const char yaml[] =
		"version: 1\nname: rw\ngateway:\n  hostname: vpn.example.com\n"
		"mobile:\n  pool: 10.3.200.0/24\n"
		"children:\n  - name: lan\n    local_networks: [10.3.0.0/24]\n";
	static const sm_profile_kind_t kinds[] = {
		SM_PROFILE_APPLE,
		SM_PROFILE_ANDROID,
		SM_PROFILE_NETWORKMANAGER,
		SM_PROFILE_LINUX,
	};
	sm_profile_opts_t o = {
		.templates_dir = SM_TEMPLATES,
		.source = "t.yaml",
		.out_dir = "out",
		.ca_pem = ca_pem,
		.ca_pem_len = sizeof(ca_pem) - 1,
		.user = "alice@example.com",
	};
	sm_diag_t *d = sm_diag_create();
	sm_model_t *m = sm_load_buffer("t.yaml", yaml, strlen(yaml), d);
	size_t k, i;

	(void)state;
	assert_non_null(m);
	for (k = 0; k < countof(kinds); k++)
	{
		sm_outputs_t out = {0};
		bool user = false;

		o.password = NULL;
		assert_true(sm_profile_render(m, kinds[k], &o, &out, d));
		for (i = 0; i < out.n; i++)
		{
			assert_null(
				memmem(out.files[i].data, out.files[i].len, "s3cr3t-pw", 9));
			assert_false(out.files[i].secret);
			user |= memmem(out.files[i].data, out.files[i].len,
						   "alice@example.com", 17) != NULL;
		}
		assert_true(user);
		sm_outputs_clear(&out);
		o.password = "s3cr3t-pw";
		assert_true(sm_profile_render(m, kinds[k], &o, &out, d));
		for (user = false, i = 0; i < out.n; i++)
		{
			if (memmem(out.files[i].data, out.files[i].len, "s3cr3t-pw", 9))
			{
				/* only in a file kept secret */
				assert_true(out.files[i].secret);
				assert_int_equal(out.files[i].mode, 0600);
				user = true;
			}
		}
		assert_true(user);
		sm_outputs_clear(&out);
	}
	sm_model_destroy(m);
	sm_diag_destroy(d);
}

/* how often needle occurs in text */
static size_t occurrences(const char *text, const char *needle)
{
	size_t n = 0;

	for (text = strstr(text, needle); text; text = strstr(text + 1, needle))
	{
		n++;
	}
	return n;
}

/* the Windows script routes the IPv6 networks behind the gateway only when
 * clients get an IPv6 address (mobile.pool6); ::/0 becomes 2000::/3 */
static void test_windows_ipv6_routes(void **state)
{
	static const char head[] =
		"version: 1\nname: rw\ngateway:\n  hostname: vpn.example.com\n"
		"mobile:\n  pool: 10.3.200.0/24\n";
	static const struct {
		const char *pool6;
		const char *nets;
		const char *route6;
	} cases[] = {
		{"  pool6: fd00:3:200::/112\n", "[10.3.0.0/24, fd00:3::/64]",
		 "fd00:3::/64"},
		{"  pool6: fd00:3:200::/112\n", "[10.3.0.0/24, \"::/0\"]", "2000::/3"},
		{"", "[10.3.0.0/24, fd00:3::/64]", NULL},
	};
	sm_profile_opts_t o = {
		.templates_dir = SM_TEMPLATES,
		.source = "t.yaml",
		.out_dir = "out",
		.ca_pem = ca_pem,
		.ca_pem_len = sizeof(ca_pem) - 1,
	};
	char yaml[512], want[128];
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		sm_diag_t *d = sm_diag_create();
		sm_outputs_t out = {0};
		sm_model_t *m;
		const char *ps;

		snprintf(yaml, sizeof(yaml),
				 "%s%schildren:\n  - name: lan\n    local_networks: %s\n", head,
				 cases[i].pool6, cases[i].nets);
		m = sm_load_buffer("t.yaml", yaml, strlen(yaml), d);
		assert_non_null(m);
		assert_true(sm_profile_render(m, SM_PROFILE_WINDOWS, &o, &out, d));
		ps = file_ending(&out, ".ps1");
		/* the IPv4 network is routed in every case */
		assert_non_null(strstr(ps, "Add-VpnConnectionRoute -ConnectionName "
								   "$Name -DestinationPrefix '10.3.0.0/24'"));
		if (cases[i].route6)
		{
			snprintf(want, sizeof(want), "-DestinationPrefix '%s'\n",
					 cases[i].route6);
			if (!strstr(ps, want))
			{
				fail_msg("case %zu: no route %s in\n%s", i, cases[i].route6,
						 ps);
			}
		}
		else if (strstr(ps, "-DestinationPrefix 'fd") ||
				 strstr(ps, "-DestinationPrefix '2000::/3'"))
		{
			fail_msg("case %zu: an IPv6 route without an IPv6 pool\n%s", i, ps);
		}
		/* one route per network the client can reach */
		assert_int_equal(occurrences(ps, "-DestinationPrefix "),
						 cases[i].route6 ? 2 : 1);
		sm_outputs_clear(&out);
		sm_model_destroy(m);
		sm_diag_destroy(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles_cross_checked),
		cmocka_unit_test(test_password_only_when_given),
		cmocka_unit_test(test_windows_ipv6_routes),
	};

	return sm_run_tests(tests);
}
