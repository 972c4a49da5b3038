/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for generator/profiles/: strongSwan 5.9.8's proposal
 * selection, and per-platform tables of gateways each platform's defaults
 * must connect to and rekey with and of gateways they must fail with
 * (naming the step).  The generated profiles are cross-checked in
 * test_profiles_render.c.
 */
#include "config.h"

#include "sm_test.h"

#include "profiles_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- selection ------------------------------------------------------------ */

static void test_select(void **state)
{
	sm_props_t *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	sm_prop_t sel;
	char buf[256];

	(void)state;
	/* the responder's order wins */
	sm_test_props("aes128-sha256-modp2048, aes256-sha384-ecp384", SM_PROTO_IKE,
				  a);
	sm_test_props("aes256-sha384-ecp384, aes128-sha256-modp2048", SM_PROTO_IKE,
				  b);
	assert_true(sm_props_select(a, b, 0, &sel));
	assert_string_equal(sm_prop_format(&sel, buf, sizeof(buf)),
						"aes128-sha256-prfsha256-modp2048");
	/* and inside a proposal, the responder's algorithms first */
	sm_test_props("aes256-aes128-sha256-ecp256-modp2048", SM_PROTO_IKE, a);
	sm_test_props("aes128-aes256-sha256-modp2048-ecp256", SM_PROTO_IKE, b);
	assert_true(sm_props_select(a, b, 0, &sel));
	assert_string_equal(sm_prop_format(&sel, buf, sizeof(buf)),
						"aes256-sha256-prfsha256-ecp256");
	/* key sizes must agree; AEAD drops integrity, IKE derives the PRF */
	sm_test_props("aes256gcm16-prfsha384-ecp384", SM_PROTO_IKE, a);
	sm_test_props("aes128gcm16-prfsha384-ecp384", SM_PROTO_IKE, b);
	assert_false(sm_props_select(a, b, 0, NULL));
	sm_test_props("aes128gcm16-aes256gcm16-sha1-sha384-modp1024", SM_PROTO_IKE,
				  b);
	assert_string_equal(sm_props_format(b, ", ", buf, sizeof(buf)),
						"aes128gcm16-aes256gcm16-prfsha1-prfsha384-modp1024");
	/* ESP: a proposal without key exchange matches one with "none" */
	sm_test_props("aes256gcm16", SM_PROTO_ESP, a);
	sm_test_props("aes256gcm16-ecp384-none", SM_PROTO_ESP, b);
	assert_true(sm_props_select(a, b, 0, &sel));
	assert_string_equal(sm_prop_format(&sel, buf, sizeof(buf)), "aes256gcm16");
	assert_true(sm_props_select(b, a, 0, NULL));
	/* but not one that needs a key exchange, except in IKE_AUTH */
	sm_test_props("aes256gcm16-ecp384", SM_PROTO_ESP, b);
	assert_false(sm_props_select(a, b, 0, NULL));
	assert_false(sm_props_select(b, a, 0, NULL));
	assert_true(sm_props_select(a, b, SM_SELECT_SKIP_KE, NULL));
	/* the responder's order of groups */
	sm_test_props("aes256gcm16-ecp384-curve25519-none", SM_PROTO_ESP, a);
	sm_test_props("aes256gcm16-curve25519-ecp384", SM_PROTO_ESP, b);
	assert_true(sm_props_select(a, b, 0, &sel));
	assert_string_equal(sm_prop_format(&sel, buf, sizeof(buf)),
						"aes256gcm16-ecp384");
	/* "default": strongSwan's two default proposals */
	sm_test_props("default", SM_PROTO_IKE, a);
	assert_int_equal(a->n, 2);
	sm_test_props("aes256gcm16-prfsha384-ecp384", SM_PROTO_IKE, b);
	assert_true(sm_props_select(a, b, 0, NULL));
	sm_test_props("aes256-sha1-modp1024", SM_PROTO_IKE, b);
	assert_false(sm_props_select(a, b, 0, NULL));
	free(a);
	free(b);
}

/* --- per-platform tables -------------------------------------------------- */

/** A gateway and what must happen to a platform's defaults against it. */
typedef struct {
	const char *platform;
	const char *ike;
	const char *esp;
	/** SM_STEP_MAX: everything succeeds; else the first step that fails */
	sm_step_t fails;
} table_case_t;

#define ALL SM_STEP_MAX

static const table_case_t table[] = {
	/* Windows on its defaults: MODP-1024 only, ESP SHA-1, no PFS */
	{"windows", "aes256gcm16-prfsha384-ecp384, aes256-sha256-modp2048",
	 "aes256gcm16, aes256-sha256", SM_STEP_IKE},
	{"windows", "aes256-sha1-modp1024", "aes256-sha1", ALL},
	{"windows", "aes256-sha256-modp1024", "aes256-sha256", SM_STEP_CHILD},
	/* a key exchange in the gateway's own rekeys: 13816, even with none */
	{"windows", "aes256-sha1-modp1024", "aes256-sha1-modp2048-none",
	 SM_STEP_CHILD_REKEY_GW},
	{"windows", "aes256-sha1-modp1024", "aes256-sha1-none-modp2048", ALL},
	/* iOS: PFS with the IKE group, and without */
	{"ios", "aes256-sha256-modp2048", "aes256-sha256", ALL},
	{"ios", "aes256-sha256-modp2048", "aes256-sha256-modp2048", ALL},
	{"ios", "aes256-sha256-ecp256", "aes256-sha256-ecp256", ALL},
	{"ios", "aes256gcm16-prfsha384-ecp384", "aes256-sha256", SM_STEP_IKE},
	{"ios", "aes256-sha256-modp2048", "aes256gcm16", SM_STEP_CHILD},
	/* with the IKE group modp2048, a gateway that wants ecp384 */
	{"ios", "aes256-sha256-modp2048", "aes256-sha256-ecp384",
	 SM_STEP_CHILD_REKEY},
	/* macOS: never a key exchange */
	{"macos", "aes256-sha256-modp2048", "aes256-sha256-modp2048-none", ALL},
	{"macos", "aes256-sha256-modp2048", "aes256-sha256-modp2048",
	 SM_STEP_CHILD_REKEY},
	{"macos", "aes256-sha256-ecp256", "aes256-sha256", SM_STEP_IKE},
	/* the Android app: with and without key exchange, not modp2048 with
	 * AES-GCM */
	{"android", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384", ALL},
	{"android", "aes256-sha256-modp2048", "aes256-sha256-modp2048", ALL},
	{"android", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-modp2048",
	 SM_STEP_CHILD_REKEY},
	{"android", "aes256-sha256-modp1024", "aes256gcm16", SM_STEP_IKE},
	/* strongSwan 5.9's defaults: no key exchange in ESP */
	{"strongswan", "aes256gcm16-prfsha384-ecp384", "aes256gcm16", ALL},
	{"strongswan", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384",
	 SM_STEP_CHILD_REKEY},
	{"strongswan", "aes256-sha256-modp1024", "aes256gcm16", SM_STEP_IKE},
	/* strongSwan 6.0.2's: key exchange optional */
	{"strongswan6", "aes256gcm16-prfsha384-ecp384", "aes256gcm16", ALL},
	{"strongswan6", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384", ALL},
	{"strongswan6", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp224bp",
	 SM_STEP_CHILD_REKEY},
	/* strongSwan with x25519 required: the example gateway of issue 12 */
	{"strongswan-pfs", "aes256gcm16-prfsha384-ecp384",
	 "aes256gcm16, aes128gcm16, aes256-sha256", SM_STEP_CHILD_REKEY},
	{"strongswan-pfs", "aes256gcm16-prfsha384-ecp384",
	 "aes256gcm16-aes128gcm16-ecp384-curve25519-none", ALL},
	/* none first: the gateway's own rekeys go without key exchange */
	{"strongswan-pfs", "aes256gcm16-prfsha384-ecp384",
	 "aes128gcm16-none-curve25519", SM_STEP_CHILD_REKEY_GW},
	{"strongswan-pfs", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-x25519",
	 SM_STEP_CHILD},
	/* NetworkManager: strongSwan 5.9's defaults */
	{"networkmanager", "aes256gcm16-prfsha384-ecp384", "aes256gcm16", ALL},
	{"networkmanager", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384",
	 SM_STEP_CHILD_REKEY},
};

static void test_platform_tables(void **state)
{
	sm_props_t *ike = calloc(1, sizeof(*ike)), *esp = calloc(1, sizeof(*esp));
	sm_client_offer_t *c = calloc(1, sizeof(*c));
	sm_nego_t *r = calloc(1, sizeof(*r));
	char err[256];
	size_t i;
	int step;

	(void)state;
	for (i = 0; i < countof(table); i++)
	{
		const table_case_t *t = &table[i];
		const sm_platform_t *pf = sm_test_platform(t->platform);
		sm_step_t first = ALL;

		sm_test_props(t->ike, SM_PROTO_IKE, ike);
		sm_test_props(t->esp, SM_PROTO_ESP, esp);
		assert_true(sm_platform_offer(NULL, pf, c, err, sizeof(err)));
		sm_negotiate(ike, esp, c, r);
		for (step = 0; step < SM_STEP_MAX && first == ALL; step++)
		{
			if (!r->ok[step])
			{
				first = (sm_step_t)step;
			}
		}
		if (first != t->fails)
		{
			fail_msg("%s against ike '%s' esp '%s': first failure %d (%s), "
					 "expected %d",
					 t->platform, t->ike, t->esp, first,
					 first < ALL ? r->why[first] : "", t->fails);
		}
		printf("# %s against ike '%s', esp '%s': %s\n", t->platform, t->ike,
			   t->esp, first == ALL ? "connects and rekeys" : r->why[first]);
	}
	free(ike);
	free(esp);
	free(c);
	free(r);
}

/* a client that cannot answer INVALID_KE_PAYLOAD in IKE rekeys (Windows):
 * the gateway's own IKE rekeys fail when the client would pick another
 * group than the IKE_SA's */
static void test_no_invalid_ke(void **state)
{
	sm_props_t *ike = calloc(1, sizeof(*ike)), *esp = calloc(1, sizeof(*esp));
	sm_client_offer_t *c = calloc(1, sizeof(*c));
	sm_nego_t *r = calloc(1, sizeof(*r));

	(void)state;
	sm_test_props("aes256-sha256-modp2048, aes256-sha256-ecp256", SM_PROTO_IKE,
				  ike);
	sm_test_props("aes256-sha256", SM_PROTO_ESP, esp);
	sm_test_props("aes256-sha256-ecp256, aes256-sha256-modp2048", SM_PROTO_IKE,
				  &c->ike);
	sm_test_props("aes256-sha256", SM_PROTO_ESP, &c->esp);
	c->no_invalid_ke = true;
	sm_negotiate(ike, esp, c, r);
	assert_true(r->ok[SM_STEP_IKE_REKEY]);
	assert_false(r->ok[SM_STEP_IKE_REKEY_GW]);
	c->no_invalid_ke = false;
	sm_negotiate(ike, esp, c, r);
	assert_true(r->ok[SM_STEP_IKE_REKEY_GW]);
	free(ike);
	free(esp);
	free(c);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_platform_tables),
		cmocka_unit_test(test_no_invalid_ke),
	};

	return sm_run_tests(tests);
}
