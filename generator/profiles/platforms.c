/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What each client platform offers on its own defaults, how it rekeys, and
 * the exchanges of a connection simulated against a strongSwan 5.9.8
 * gateway (charon's child_create.c, child_rekey.c and ike_init.c at tag
 * 5.9.8: the CHILD_SA of IKE_AUTH is negotiated without key exchange;
 * a CHILD_SA rekey reuses the group of the CHILD_SA or takes the first of
 * the initiator's proposals, and a responder that selects another group
 * answers INVALID_KE_PAYLOAD, after which the initiator retries with it;
 * an IKE rekey reuses the IKE_SA's group).
 */
#include "config.h"

#include "profiles.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the Windows caveat that no gateway setting avoids */
#define WINDOWS_NAT_NOTE                                                       \
	"behind NAT, Windows refuses CHILD_SA rekeys the gateway starts (error "   \
	"13863); the CHILD_SA survives when Windows rekeys it first, which it "    \
	"does about every hour or 200 MiB (strongSwan's interop/windowsClients)"

static const sm_platform_t platforms[] = {
	{"windows", SM_CLIENT_WINDOWS,
	 "Windows 10/11, built-in client on its "
	 "defaults",
	 SM_PROFILE_NONE, SM_PROFILE_WINDOWS,
	 /* Windows 10 and 11; the second proposal is Windows 11's */
	 "3des-aes128-aes192-aes256-sha1-sha256-sha384-modp1024, "
	 "aes128gcm16-aes256gcm16-prfsha1-prfsha256-prfsha384-modp1024",
	 "aes256-aes128-3des-des-null-sha1", SM_REKEY_KE_NONE, true, true,
	 "docs.strongswan.org interop/windowsClients", WINDOWS_NAT_NOTE},
	{"windows-profile", SM_CLIENT_WINDOWS,
	 "Windows 10/11 set up by the "
	 "generated PowerShell script",
	 SM_PROFILE_WINDOWS, SM_PROFILE_NONE, NULL, NULL, SM_REKEY_KE_FIRST, false,
	 true, "learn.microsoft.com Set-VpnConnectionIPsecConfiguration",
	 WINDOWS_NAT_NOTE},
	{"ios", SM_CLIENT_APPLE, "iOS set up by hand (as of iOS 16.5)",
	 SM_PROFILE_NONE, SM_PROFILE_APPLE,
	 "aes256-sha256-modp2048, aes256-sha256-ecp256, aes256-sha256-modp1536, "
	 "aes128-sha1-modp1024, 3des-sha1-modp1024",
	 "aes256-sha256, aes128-sha1, 3des-sha1", SM_REKEY_KE_IKE_GROUP, false,
	 false, "docs.strongswan.org interop/ios", NULL},
	{"macos", SM_CLIENT_APPLE, "macOS set up by hand (as of macOS 13.4)",
	 SM_PROFILE_NONE, SM_PROFILE_APPLE, "aes256-sha256-modp2048",
	 "aes256-sha256", SM_REKEY_KE_NONE, false, false,
	 "docs.strongswan.org interop/ios", NULL},
	{"apple-profile", SM_CLIENT_APPLE,
	 "iOS and macOS set up by the "
	 "generated .mobileconfig",
	 SM_PROFILE_APPLE, SM_PROFILE_NONE, NULL, NULL, SM_REKEY_KE_FIRST, false,
	 false, "developer.apple.com VPN.IKEv2 (device-management)", NULL},
	{"android", SM_CLIENT_ANDROID,
	 "the strongSwan app on Android, on its "
	 "defaults",
	 SM_PROFILE_NONE, SM_PROFILE_ANDROID, "default",
	 /* with and without key exchange: the responder decides on PFS */
	 "aes256gcm16-aes128gcm16-chacha20poly1305-curve25519-ecp384-ecp521-"
	 "modp3072-modp4096-ecp256-modp8192, "
	 "aes256-aes192-aes128-sha384-sha256-sha512-sha1-curve25519-ecp384-"
	 "ecp521-modp3072-modp4096-ecp256-modp2048-modp8192, "
	 "aes256gcm16-aes128gcm16-chacha20poly1305, "
	 "aes256-aes192-aes128-sha384-sha256-sha512-sha1",
	 SM_REKEY_KE_FIRST, false, false,
	 "strongSwan src/frontends/android/.../android_service.c", NULL},
	{"android-profile", SM_CLIENT_ANDROID,
	 "the strongSwan app set up by the "
	 "generated .sswan",
	 SM_PROFILE_ANDROID, SM_PROFILE_NONE, NULL, NULL, SM_REKEY_KE_FIRST, false,
	 false, "docs.strongswan.org os/androidVpnClientProfiles", NULL},
	{"strongswan", SM_CLIENT_LINUX,
	 "strongSwan 5.9 (Debian 12) with "
	 "swanctl's default proposals",
	 SM_PROFILE_NONE, SM_PROFILE_LINUX, "default",
	 /* vici's defaults for an empty list: the AEAD proposal first */
	 "aes128gcm16-aes192gcm16-aes256gcm16, "
	 "aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc",
	 SM_REKEY_KE_FIRST, false, false,
	 "strongSwan 5.9.8 proposal.c, vici_config.c", NULL},
	{"strongswan6", SM_CLIENT_LINUX,
	 "strongSwan 6.0.2 and later with "
	 "swanctl's default proposals (key exchange optional)",
	 SM_PROFILE_NONE, SM_PROFILE_LINUX, "default",
	 "aes128gcm16-aes192gcm16-aes256gcm16-curve25519-curve448-ecp256-ecp384-"
	 "ecp521-ecp256bp-ecp384bp-ecp512bp-modp3072-modp4096-modp6144-modp8192-"
	 "modp2048-none, "
	 "aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc-curve25519-"
	 "curve448-ecp256-ecp384-ecp521-ecp256bp-ecp384bp-ecp512bp-modp3072-"
	 "modp4096-modp6144-modp8192-modp2048-none",
	 SM_REKEY_KE_FIRST, false, false,
	 "strongSwan commit 9fe58c83fb (6.0.2): proposal_create_default()", NULL},
	{"strongswan-pfs", SM_CLIENT_LINUX,
	 "strongSwan with PFS required, as in "
	 "its documentation and test scenarios (esp_proposals = "
	 "aes128gcm128-x25519)",
	 SM_PROFILE_NONE, SM_PROFILE_LINUX, "default", "aes128gcm16-curve25519",
	 SM_REKEY_KE_FIRST, false, false,
	 "strongSwan testing/tests/ikev2/*/hosts/*/etc/swanctl/swanctl.conf", NULL},
	{"networkmanager", SM_CLIENT_LINUX,
	 "NetworkManager's strongSwan plugin "
	 "(charon-nm 5.9) on its defaults",
	 SM_PROFILE_NONE, SM_PROFILE_NETWORKMANAGER, "default",
	 "aes128gcm16-aes192gcm16-aes256gcm16, "
	 "aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc",
	 SM_REKEY_KE_FIRST, false, false, "strongSwan 5.9.8 nm_service.c", NULL},
	{"networkmanager-profile", SM_CLIENT_LINUX,
	 "NetworkManager set up by the "
	 "generated keyfile",
	 SM_PROFILE_NETWORKMANAGER, SM_PROFILE_NONE, NULL, NULL, SM_REKEY_KE_FIRST,
	 false, false, "strongSwan nm_service.c", NULL},
	{"linux-profile", SM_CLIENT_LINUX,
	 "strongSwan's swanctl set up by the "
	 "generated client directory",
	 SM_PROFILE_LINUX, SM_PROFILE_NONE, NULL, NULL, SM_REKEY_KE_FIRST, false,
	 false, "swanctl.conf(5)", NULL},
};

const sm_platform_t *sm_platforms(size_t *n)
{
	*n = countof(platforms);
	return platforms;
}

bool sm_platform_offer(const sm_model_t *m, const sm_platform_t *pf,
					   sm_client_offer_t *out, char *err, size_t errlen)
{
	sm_profile_crypto_t *c;
	bool ok;

	if (pf->profile != SM_PROFILE_NONE)
	{
		c = calloc(1, sizeof(*c));
		if (!c)
		{
			snprintf(err, errlen, "out of memory");
			return false;
		}
		ok = sm_profile_crypto(m, pf->profile, c, err, errlen);
		if (ok)
		{
			*out = c->offer;
		}
		free(c);
		return ok;
	}
	memset(out, 0, sizeof(*out));
	out->rekey_ke = pf->rekey_ke;
	out->rejects_unasked_ke = pf->rejects_unasked_ke;
	out->no_invalid_ke = pf->no_invalid_ke;
	return sm_props_parse(pf->ike, SM_PROTO_IKE, &out->ike, err, errlen) &&
		   sm_props_parse(pf->esp, SM_PROTO_ESP, &out->esp, err, errlen);
}

/* --- the exchanges ------------------------------------------------------- */

/* move the group to the front of a proposal's key exchange methods */
static bool promote(sm_prop_t *p, uint16_t ke)
{
	size_t i, first = p->n;
	sm_xform_t x;

	for (i = 0; i < p->n; i++)
	{
		if (p->x[i].type == SM_TRANS_KE && first == p->n)
		{
			first = i;
		}
		if (p->x[i].type == SM_TRANS_KE && p->x[i].id == ke)
		{
			x = p->x[i];
			memmove(&p->x[first + 1], &p->x[first],
					(i - first) * sizeof(p->x[0]));
			p->x[first] = x;
			return true;
		}
	}
	return false;
}

/* what an initiator proposes for a CREATE_CHILD_SA with key exchange ke
 * (update_and_check_proposals()): proposals with ke first, it promoted;
 * the others after them; no key exchange at all when ke is none */
static void rekey_offers(const sm_props_t *config, uint16_t ke, sm_props_t *out)
{
	sm_props_t rest = {.n = 0};
	size_t i;

	*out = *config;
	if (!ke)
	{
		sm_props_strip_ke(out);
		return;
	}
	out->n = 0;
	for (i = 0; i < config->n; i++)
	{
		sm_prop_t p = config->p[i];

		if (promote(&p, ke))
		{
			out->p[out->n++] = p;
		}
		else
		{
			rest.p[rest.n++] = p;
		}
	}
	for (i = 0; i < rest.n; i++)
	{
		out->p[out->n++] = rest.p[i];
	}
}

/* iOS: its first ESP proposal with the IKE_SA's group, and without */
static void ios_offers(const sm_props_t *esp, uint16_t group, sm_props_t *out)
{
	sm_prop_t with;

	*out = *esp;
	sm_props_strip_ke(out);
	if (!out->n || out->n == SM_PROPS_MAX)
	{
		return;
	}
	with = out->p[0];
	/* before the ESN of the proposal */
	if (with.n && with.x[with.n - 1].type == SM_TRANS_ESN)
	{
		with.x[with.n] = with.x[with.n - 1];
		with.x[with.n - 1] = (sm_xform_t){.type = SM_TRANS_KE, .id = group};
		with.n++;
	}
	else
	{
		with.x[with.n++] = (sm_xform_t){.type = SM_TRANS_KE, .id = group};
	}
	memmove(&out->p[1], &out->p[0], out->n * sizeof(out->p[0]));
	out->p[0] = with;
	out->n++;
}

/* the key exchange methods of a list of proposals, for messages */
static const char *ke_list(const sm_props_t *props, char *buf, size_t size)
{
	uint16_t seen[64];
	size_t i, k, j, n = 0, len = 0;
	bool dup;

	buf[0] = '\0';
	for (i = 0; i < props->n; i++)
	{
		for (k = 0; k < props->p[i].n; k++)
		{
			const sm_xform_t *x = &props->p[i].x[k];

			if (x->type != SM_TRANS_KE)
			{
				continue;
			}
			for (dup = false, j = 0; j < n && !dup; j++)
			{
				dup = seen[j] == x->id;
			}
			if (dup || n == 64 || len >= size)
			{
				continue;
			}
			seen[n++] = x->id;
			len += (size_t)snprintf(
				buf + len, size - len, "%s%s", len ? ", " : "",
				sm_ke_keyword(x->id) ? sm_ke_keyword(x->id) : "?");
		}
	}
	if (!len)
	{
		snprintf(buf, size, "none");
	}
	return buf;
}

/* the algorithms of a type in a list of proposals, for messages */
static const char *type_list(const sm_props_t *props, sm_trans_t type,
							 char *buf, size_t size)
{
	sm_prop_t all = {.proto = props->n ? props->p[0].proto : SM_PROTO_IKE};
	char one[1024];
	size_t i, k, j;
	bool dup;

	for (i = 0; i < props->n; i++)
	{
		for (k = 0; k < props->p[i].n; k++)
		{
			const sm_xform_t *x = &props->p[i].x[k];

			for (dup = x->type != type, j = 0; j < all.n && !dup; j++)
			{
				dup = all.x[j].id == x->id && all.x[j].keysize == x->keysize;
			}
			if (!dup && all.n < SM_PROP_MAX_XFORMS)
			{
				all.x[all.n++] = *x;
			}
		}
	}
	sm_prop_format(&all, one, sizeof(one));
	/* "a, b" rather than "a-b" */
	for (i = 0, k = 0; one[i] && k + 3 < size; i++)
	{
		if (one[i] == '-')
		{
			buf[k++] = ',';
			buf[k++] = ' ';
		}
		else
		{
			buf[k++] = one[i];
		}
	}
	buf[k] = '\0';
	if (!buf[0])
	{
		snprintf(buf, size, "none");
	}
	return buf;
}

/* whether some proposals of a and b agree on the algorithms of a type */
static bool type_matches(const sm_props_t *a, const sm_props_t *b,
						 sm_trans_t type)
{
	size_t i, k, x, y;

	for (i = 0; i < a->n; i++)
	{
		for (k = 0; k < b->n; k++)
		{
			bool has_a = false, has_b = false;

			for (x = 0; x < a->p[i].n; x++)
			{
				has_a |= a->p[i].x[x].type == type;
				for (y = 0; y < b->p[k].n; y++)
				{
					if (a->p[i].x[x].type == type &&
						b->p[k].x[y].type == type &&
						a->p[i].x[x].id == b->p[k].x[y].id &&
						a->p[i].x[x].keysize == b->p[k].x[y].keysize)
					{
						return true;
					}
				}
			}
			for (y = 0; y < b->p[k].n; y++)
			{
				has_b |= b->p[k].x[y].type == type;
			}
			if (!has_a && !has_b)
			{
				return true;
			}
		}
	}
	return false;
}

/* NO_PROPOSAL_CHOSEN: the kind of algorithm no proposal agrees on */
static void mismatch(char *why, size_t size, const char *what,
					 const sm_props_t *gw, const sm_props_t *client)
{
	static const struct {
		sm_trans_t type;
		const char *name;
	} types[] = {
		{SM_TRANS_KE, "key exchange"},
		{SM_TRANS_ENCR, "encryption"},
		{SM_TRANS_INTEG, "integrity"},
		{SM_TRANS_PRF, "PRF"},
	};
	char a[512], b[512];
	size_t i;

	for (i = 0; i < countof(types); i++)
	{
		if (!type_matches(gw, client, types[i].type))
		{
			snprintf(why, size,
					 "no %s proposal in common "
					 "(NO_PROPOSAL_CHOSEN): its %s is %s, the gateway's %s",
					 what, types[i].name,
					 type_list(client, types[i].type, a, sizeof(a)),
					 type_list(gw, types[i].type, b, sizeof(b)));
			return;
		}
	}
	snprintf(why, size,
			 "no %s proposal in common (NO_PROPOSAL_CHOSEN): it "
			 "offers %s",
			 what, sm_props_format(client, ", ", a, sizeof(a)));
}

static uint16_t ke_of(const sm_prop_t *p)
{
	uint16_t id = 0;

	sm_prop_first(p, SM_TRANS_KE, &id, NULL);
	return id;
}

/* a failed CHILD_SA exchange: a key exchange mismatch when the rest
 * matches */
static void child_why(char *why, size_t size, const sm_props_t *resp,
					  const sm_props_t *offers, const char *who_offers,
					  const char *who_selects)
{
	char a[256], b[256];

	if (sm_props_select(resp, offers, SM_SELECT_SKIP_KE, NULL))
	{
		snprintf(why, size,
				 "no acceptable KEY_EXCHANGE_METHOD: %s offers %s, "
				 "%s accepts %s",
				 who_offers, ke_list(offers, a, sizeof(a)), who_selects,
				 ke_list(resp, b, sizeof(b)));
	}
	else
	{
		snprintf(why, size, "no ESP proposal in common (NO_PROPOSAL_CHOSEN)");
	}
}

void sm_negotiate(const sm_props_t *gw_ike, const sm_props_t *gw_esp,
				  const sm_client_offer_t *c, sm_nego_t *out)
{
	sm_props_t offers, stripped, client_cfg, emu;
	sm_prop_t sel;
	uint16_t group, ke, sel_ke;

	memset(out, 0, sizeof(*out));
	stripped = c->esp;
	sm_props_strip_ke(&stripped);
	sm_props_format(&c->ike, ", ", out->emu_ike, sizeof(out->emu_ike));
	sm_props_format(c->rekey_ke == SM_REKEY_KE_NONE ? &stripped : &c->esp, ", ",
					out->emu_esp, sizeof(out->emu_esp));

	/* IKE_SA_INIT: a different group than the client's KE payload costs
	 * an INVALID_KE_PAYLOAD round trip, which every client handles */
	out->run[SM_STEP_IKE] = true;
	if (!sm_props_select(gw_ike, &c->ike, 0, &out->ike))
	{
		mismatch(out->why[SM_STEP_IKE], sizeof(out->why[0]), "IKE", gw_ike,
				 &c->ike);
		return;
	}
	out->ok[SM_STEP_IKE] = true;
	group = ke_of(&out->ike);
	if (c->rekey_ke == SM_REKEY_KE_IKE_GROUP)
	{
		ios_offers(&c->esp, group, &emu);
		sm_props_format(&emu, ", ", out->emu_esp, sizeof(out->emu_esp));
	}

	/* the CHILD_SA of IKE_AUTH: no key exchange */
	out->run[SM_STEP_CHILD] = true;
	if (!sm_props_select(gw_esp, &stripped, SM_SELECT_SKIP_KE, &out->child))
	{
		mismatch(out->why[SM_STEP_CHILD], sizeof(out->why[0]), "ESP", gw_esp,
				 &stripped);
		return;
	}
	out->ok[SM_STEP_CHILD] = true;

	/* a CHILD_SA rekey the client starts */
	out->run[SM_STEP_CHILD_REKEY] = true;
	switch (c->rekey_ke)
	{
		case SM_REKEY_KE_NONE:
			ke = 0;
			offers = stripped;
			client_cfg = stripped;
			break;
		case SM_REKEY_KE_IKE_GROUP:
			ke = group;
			ios_offers(&c->esp, group, &offers);
			client_cfg = offers;
			break;
		default:
			ke = sm_props_first_ke(&c->esp);
			rekey_offers(&c->esp, ke, &offers);
			client_cfg = c->esp;
			break;
	}
	if (sm_props_select(gw_esp, &offers, 0, &out->child_rekey))
	{
		/* another group than proposed: INVALID_KE_PAYLOAD, the client
		 * retries with the gateway's (it is among its proposals) */
		out->ok[SM_STEP_CHILD_REKEY] = true;
	}
	else
	{
		child_why(out->why[SM_STEP_CHILD_REKEY], sizeof(out->why[0]), gw_esp,
				  &offers, "it", "the gateway");
	}

	/* a CHILD_SA rekey the gateway starts: the first key exchange of its
	 * proposals (the CHILD_SA of IKE_AUTH has none) */
	out->run[SM_STEP_CHILD_REKEY_GW] = true;
	ke = sm_props_first_ke(gw_esp);
	rekey_offers(gw_esp, ke, &offers);
	if (ke && c->rejects_unasked_ke && !sm_props_first_ke(&c->esp))
	{
		snprintf(out->why[SM_STEP_CHILD_REKEY_GW], sizeof(out->why[0]),
				 "the gateway proposes key exchange %s, which a client "
				 "without PFS refuses (Windows: error 13816), even with "
				 "'none' among the methods",
				 sm_ke_keyword(ke));
	}
	else if (sm_props_select(&client_cfg, &offers, 0, &sel))
	{
		sel_ke = ke_of(&sel);
		if (sel_ke && sel_ke != ke && c->no_invalid_ke)
		{
			snprintf(out->why[SM_STEP_CHILD_REKEY_GW], sizeof(out->why[0]),
					 "it has %s but the gateway proposes %s first, and it "
					 "cannot ask for another group",
					 sm_ke_keyword(sel_ke), sm_ke_keyword(ke));
		}
		else
		{
			out->ok[SM_STEP_CHILD_REKEY_GW] = true;
		}
	}
	else
	{
		child_why(out->why[SM_STEP_CHILD_REKEY_GW], sizeof(out->why[0]),
				  &client_cfg, &offers, "the gateway", "it");
	}

	/* an IKE rekey the client starts: the IKE_SA's group */
	out->run[SM_STEP_IKE_REKEY] = true;
	if (sm_props_select(gw_ike, &c->ike, 0, &sel))
	{
		out->ok[SM_STEP_IKE_REKEY] = true;
	}
	else
	{
		snprintf(out->why[SM_STEP_IKE_REKEY], sizeof(out->why[0]),
				 "no IKE proposal in common");
	}

	/* an IKE rekey the gateway starts: the IKE_SA's group
	 * (prefer_previous_dh_group), all its proposals */
	out->run[SM_STEP_IKE_REKEY_GW] = true;
	if (!sm_props_select(&c->ike, gw_ike, 0, &sel))
	{
		snprintf(out->why[SM_STEP_IKE_REKEY_GW], sizeof(out->why[0]),
				 "no IKE proposal in common");
		return;
	}
	sel_ke = ke_of(&sel);
	if (sel_ke != group && c->no_invalid_ke)
	{
		snprintf(out->why[SM_STEP_IKE_REKEY_GW], sizeof(out->why[0]),
				 "it selects %s but the gateway's key exchange is %s, and "
				 "it cannot ask for another group",
				 sm_ke_keyword(sel_ke), sm_ke_keyword(group));
		return;
	}
	out->ok[SM_STEP_IKE_REKEY_GW] = true;
}
