/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proposal rules: legacy algorithms need ike.legacy_crypto, and every
 * client platform in clients must find a proposal it can use.  What each
 * client can do is from reference/protocol-facts.md section 4 (strongSwan's
 * interop pages for Windows and iOS/macOS, Microsoft's
 * Set-VpnConnectionIPsecConfiguration, Apple's NEVPNIKEv2 parameters, the
 * strongSwan Android app's android_service.c).
 */
#include "config.h"

#include "proposal.h"
#include "validate.h"
#include "sm_countof.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** An algorithm a client can use; keysize 0 for any. */
typedef struct {
	sm_trans_t type;
	unsigned int id;
	unsigned int keysize;
	/** usable only with ike.legacy_crypto */
	bool legacy;
} spec_t;

/** An integrity algorithm and the PRF a client pairs with it. */
typedef struct {
	unsigned int integ;
	unsigned int prf;
	bool legacy;
} hash_t;

/** What one client platform can negotiate. */
typedef struct {
	sm_client_t client;
	/** in messages: "Windows' built-in client" */
	const char *who;
	const spec_t *encr;
	size_t n_encr;
	/** IKE integrity and PRF pairs */
	const hash_t *hash;
	size_t n_hash;
	/** ESP integrity algorithms (the integ member of hash_t) */
	const hash_t *esp_integ;
	size_t n_esp_integ;
	/** for IKE and for ESP with PFS */
	const unsigned int *ke;
	size_t n_ke;
	const unsigned int *legacy_ke;
	size_t n_legacy_ke;
	/** what the client offers, for messages */
	const char *ike_offer;
	const char *esp_offer;
	/** a proposal to suggest */
	const char *ike_example;
	const char *esp_example;
} client_t;

/* Windows: Set-VpnConnectionIPsecConfiguration (EncryptionMethod AES128,
 * AES256, GCMAES128, GCMAES256; IntegrityCheckMethod SHA256, SHA384 also
 * picks the PRF; DHGroup Group14, ECP256, ECP384; PfsGroup PFS2048, ECP256,
 * ECP384), plus its defaults 3DES/AES-192, SHA-1 and Group1/2/24 when
 * legacy crypto is allowed */
static const spec_t win_encr[] = {
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 128, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 128, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 192, true},
	{SM_TRANS_ENCR, SM_ENCR_3DES, 0, true},
};
static const hash_t win_hash[] = {
	{SM_INTEG_SHA256_128, SM_PRF_SHA256, false},
	{SM_INTEG_SHA384_192, SM_PRF_SHA384, false},
	{SM_INTEG_SHA1_96, SM_PRF_SHA1, true},
};
/* ESP: AuthenticationTransformConstants SHA256128 (SHA196 by default) */
static const hash_t win_esp_integ[] = {
	{SM_INTEG_SHA256_128, 0, false},
	{SM_INTEG_SHA1_96, 0, true},
};
static const unsigned int win_ke[] = {SM_KE_MODP2048, SM_KE_ECP256,
									  SM_KE_ECP384};
static const unsigned int win_legacy_ke[] = {SM_KE_MODP1024, SM_KE_MODP768,
											 SM_KE_MODP2048S256};

/* Apple: NEVPNIKEv2EncryptionAlgorithm AES-128/256 (CBC, GCM),
 * ChaCha20-Poly1305; IntegrityAlgorithm SHA2-256/384/512; DiffieHellman
 * groups 14-21, 31, 32 */
static const spec_t apple_encr[] = {
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 128, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 128, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_CHACHA20_POLY1305, 0, false},
};
static const hash_t apple_hash[] = {
	{SM_INTEG_SHA256_128, SM_PRF_SHA256, false},
	{SM_INTEG_SHA384_192, SM_PRF_SHA384, false},
	{SM_INTEG_SHA512_256, SM_PRF_SHA512, false},
};
static const unsigned int apple_ke[] = {
	14, 15, 16, 17, 18, 19, 20, 21, SM_KE_CURVE25519, SM_KE_CURVE448};

/* the strongSwan Android app's ESP proposals (android_service.c):
 * aes256gcm16-aes128gcm16-chacha20poly1305 and
 * aes256-aes192-aes128-sha384-sha256-sha512-sha1, each with and without
 * curve25519-ecp384-ecp521-modp3072-modp4096-ecp256-modp8192 */
static const spec_t android_encr[] = {
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_GCM_16, 128, false},
	{SM_TRANS_ENCR, SM_ENCR_CHACHA20_POLY1305, 0, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 256, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 192, false},
	{SM_TRANS_ENCR, SM_ENCR_AES_CBC, 128, false},
};
static const hash_t android_hash[] = {
	{SM_INTEG_SHA384_192, SM_PRF_SHA384, false},
	{SM_INTEG_SHA256_128, SM_PRF_SHA256, false},
	{SM_INTEG_SHA512_256, SM_PRF_SHA512, false},
	{SM_INTEG_SHA1_96, SM_PRF_SHA1, false},
};
static const unsigned int android_ke[] = {
	SM_KE_CURVE25519, SM_KE_ECP384, SM_KE_ECP521,  SM_KE_MODP3072,
	SM_KE_MODP4096,   SM_KE_ECP256, SM_KE_MODP8192};

static const client_t windows = {
	SM_CLIENT_WINDOWS,
	"Windows' built-in client",
	win_encr,
	countof(win_encr),
	win_hash,
	countof(win_hash),
	win_esp_integ,
	countof(win_esp_integ),
	win_ke,
	countof(win_ke),
	win_legacy_ke,
	countof(win_legacy_ke),
	"AES-CBC-128/256 or AES-GCM-128/256, SHA-256/384, groups modp2048, "
	"ecp256, ecp384",
	"AES-CBC-128/256 with SHA-256, or AES-GCM-128/256; PFS groups modp2048, "
	"ecp256, ecp384",
	"aes256gcm16-prfsha384-ecp384",
	"aes256gcm16",
};

static const client_t apple = {
	SM_CLIENT_APPLE,
	"Apple clients",
	apple_encr,
	countof(apple_encr),
	apple_hash,
	countof(apple_hash),
	apple_hash,
	countof(apple_hash),
	apple_ke,
	countof(apple_ke),
	NULL,
	0,
	"AES-CBC or AES-GCM 128/256 or ChaCha20-Poly1305, SHA2-256/384/512, "
	"DH groups 14-21, 31, 32",
	"AES-CBC or AES-GCM 128/256 or ChaCha20-Poly1305, SHA2-256/384/512",
	"aes256-sha256-modp2048",
	"aes256-sha256",
};

static const client_t android = {
	SM_CLIENT_ANDROID,
	"the strongSwan app on Android",
	android_encr,
	countof(android_encr),
	NULL,
	0,
	android_hash,
	countof(android_hash),
	android_ke,
	countof(android_ke),
	NULL,
	0,
	NULL,
	"AES-GCM-128/256, ChaCha20-Poly1305 or AES-CBC with SHA-1/SHA2; PFS "
	"only with curve25519, ecp384, ecp521, modp3072, modp4096, ecp256 or "
	"modp8192",
	NULL,
	"aes256gcm16",
};

/* sm_validate_report(), under the short name validate.c uses too */
#define report sm_validate_report

/** An ESP proposal as charon will see it: the written one plus pfs. */
typedef struct {
	sm_proposal_t p;
	/** the child's pfs method, used when p names no key exchange */
	const sm_alg_t *pfs;
} esp_t;

static bool esp_has_ke(const esp_t *e, unsigned int id)
{
	if (e->p.is_default)
	{
		return id == SM_KE_NONE;
	}
	if (sm_proposal_has_type(&e->p, SM_TRANS_KE))
	{
		return sm_proposal_has(&e->p, SM_TRANS_KE, id, 0);
	}
	return e->pfs ? e->pfs->id == id : id == SM_KE_NONE;
}

/* whether the proposal can be negotiated without a key exchange */
static bool esp_allows_none(const esp_t *e)
{
	return esp_has_ke(e, SM_KE_NONE);
}

static bool has_spec(const sm_proposal_t *p, const spec_t *s, size_t n,
					 bool legacy)
{
	size_t i;

	for (i = 0; i < n; i++)
	{
		if ((legacy || !s[i].legacy) &&
			sm_proposal_has(p, s[i].type, s[i].id, s[i].keysize))
		{
			return true;
		}
	}
	return false;
}

/* IKE: an integrity algorithm (unless AEAD) and the PRF paired with it */
static bool has_hash(const sm_proposal_t *p, const client_t *c, bool legacy,
					 bool need_integ)
{
	size_t i;

	for (i = 0; i < c->n_hash; i++)
	{
		if ((legacy || !c->hash[i].legacy) &&
			(!need_integ ||
			 sm_proposal_has(p, SM_TRANS_INTEG, c->hash[i].integ, 0)) &&
			sm_proposal_has(p, SM_TRANS_PRF, c->hash[i].prf, 0))
		{
			return true;
		}
	}
	return false;
}

static bool has_esp_integ(const sm_proposal_t *p, const client_t *c,
						  bool legacy)
{
	size_t i;

	for (i = 0; i < c->n_esp_integ; i++)
	{
		if ((legacy || !c->esp_integ[i].legacy) &&
			sm_proposal_has(p, SM_TRANS_INTEG, c->esp_integ[i].integ, 0))
		{
			return true;
		}
	}
	return false;
}

static bool has_ke(bool (*has)(const void *ctx, unsigned int id),
				   const void *ctx, const client_t *c, bool legacy)
{
	size_t i;

	for (i = 0; i < c->n_ke; i++)
	{
		if (has(ctx, c->ke[i]))
		{
			return true;
		}
	}
	for (i = 0; legacy && i < c->n_legacy_ke; i++)
	{
		if (has(ctx, c->legacy_ke[i]))
		{
			return true;
		}
	}
	return false;
}

static bool ike_ke(const void *ctx, unsigned int id)
{
	return sm_proposal_has(ctx, SM_TRANS_KE, id, 0);
}

static bool esp_ke(const void *ctx, unsigned int id)
{
	return esp_has_ke(ctx, id);
}

static bool ike_ok(const sm_proposal_t *p, const client_t *c, bool legacy)
{
	if (p->is_default)
	{
		/* strongSwan's defaults include aes256-sha256-modp2048 */
		return true;
	}
	return has_spec(p, c->encr, c->n_encr, legacy) &&
		   has_hash(p, c, legacy, !sm_proposal_is_aead(p)) &&
		   has_ke(ike_ke, p, c, legacy);
}

static bool esp_ok(const esp_t *e, const client_t *c, bool legacy)
{
	if (e->p.is_default)
	{
		return true;
	}
	return has_spec(&e->p, c->encr, c->n_encr, legacy) &&
		   (sm_proposal_is_aead(&e->p) || has_esp_integ(&e->p, c, legacy)) &&
		   (esp_allows_none(e) || has_ke(esp_ke, e, c, legacy));
}

/* legacy algorithms: warnings with ike.legacy_crypto, errors without;
 * returns false if it reported an error */
static bool check_legacy(const sm_model_t *m, sm_diag_t *diag,
						 const sm_proposal_t *p, const sm_str_t *text,
						 const char *path)
{
	char names[256];
	size_t i, len = 0, n = 0;

	names[0] = '\0';
	for (i = 0; i < p->n_written; i++)
	{
		if ((p->algs[i]->flags & SM_ALG_LEGACY) && len < sizeof(names))
		{
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s'%s'",
									n++ ? ", " : "", p->algs[i]->name);
		}
	}
	if (!n)
	{
		return true;
	}
	if (m->ike.legacy_crypto.v)
	{
		report(diag, SM_WARNING, text->pos, path,
			   "%s in '%s' %s legacy "
			   "crypto (weak or obsolete), allowed by ike.legacy_crypto",
			   names, text->v, n == 1 ? "is" : "are");
		return true;
	}
	report(diag, SM_ERROR, text->pos, path,
		   "%s in '%s' %s legacy crypto "
		   "(weak or obsolete); remove %s, or set ike.legacy_crypto: true to "
		   "allow %s with a warning",
		   names, text->v, n == 1 ? "is" : "are", n == 1 ? "it" : "them",
		   n == 1 ? "it" : "them");
	return false;
}

static void check_ike(const sm_model_t *m, sm_diag_t *diag)
{
	static const client_t *const clients[] = {&windows, &apple};
	const sm_strlist_t *list = &m->ike.proposals;
	bool ok[countof(clients)] = {false};
	bool legacy = m->ike.legacy_crypto.v, clean = true;
	sm_proposal_error_t err;
	sm_proposal_t p;
	char path[64];
	size_t i, c;

	for (i = 0; i < list->n; i++)
	{
		if (!sm_proposal_parse(list->items[i].v, SM_PROTO_IKE, &p, &err))
		{
			/* reported by the schema */
			return;
		}
		snprintf(path, sizeof(path), "ike.proposals[%zu]", i);
		clean &= check_legacy(m, diag, &p, &list->items[i], path);
		for (c = 0; c < countof(clients); c++)
		{
			ok[c] |= ike_ok(&p, clients[c], legacy);
		}
	}
	/* without the legacy algorithms reported, the rest would follow */
	for (c = 0; clean && c < countof(clients); c++)
	{
		if ((m->clients & clients[c]->client) && !ok[c])
		{
			report(diag, SM_ERROR, list->pos, "ike.proposals",
				   "no IKE "
				   "proposal %s can be configured for (%s); add e.g. '%s', or "
				   "remove %s from clients",
				   clients[c]->who, clients[c]->ike_offer,
				   clients[c]->ike_example, sm_client_name(clients[c]->client));
		}
	}
}

/* where to point at for a child's ESP problems */
static sm_pos_t child_pos(const sm_child_t *c)
{
	if (c->pfs.v)
	{
		return c->pfs.pos;
	}
	return c->proposals.pos.line ? c->proposals.pos : c->pos;
}

static void check_child(const sm_model_t *m, sm_diag_t *diag, size_t ci,
						esp_t *esp)
{
	static const client_t *const clients[] = {&windows, &apple, &android};
	const sm_child_t *c = &m->children[ci];
	const sm_alg_t *pfs = NULL;
	bool legacy = m->ike.legacy_crypto.v, ok, pfs_used = false, clean = true;
	int apple_none = -1, apple_any = -1;
	sm_proposal_error_t err;
	char path[64], prefix[32];
	size_t i, k, n = c->proposals.n;

	snprintf(prefix, sizeof(prefix), "children[%zu]", ci);
	if (c->pfs.v)
	{
		pfs = sm_alg_find(c->pfs.v, strlen(c->pfs.v));
		snprintf(path, sizeof(path), "%s.pfs", prefix);
		if (pfs && (pfs->flags & SM_ALG_LEGACY))
		{
			if (legacy)
			{
				report(diag, SM_WARNING, c->pfs.pos, path,
					   "'%s' is legacy "
					   "crypto (weak or obsolete), allowed by "
					   "ike.legacy_crypto",
					   pfs->name);
			}
			else
			{
				report(diag, SM_ERROR, c->pfs.pos, path,
					   "'%s' is legacy "
					   "crypto (weak or obsolete); choose e.g. 'ecp384', or "
					   "set ike.legacy_crypto: true to allow it with a "
					   "warning",
					   pfs->name);
				clean = false;
			}
		}
	}
	for (i = 0; i < n; i++)
	{
		if (!sm_proposal_parse(c->proposals.items[i].v, SM_PROTO_ESP, &esp[i].p,
							   &err))
		{
			return;
		}
		esp[i].pfs = pfs;
		snprintf(path, sizeof(path), "%s.proposals[%zu]", prefix, i);
		clean &= check_legacy(m, diag, &esp[i].p, &c->proposals.items[i], path);
		if (esp[i].p.is_default && pfs)
		{
			report(diag, SM_ERROR, c->proposals.items[i].pos, path,
				   "'default' "
				   "cannot be combined with %s.pfs (strongSwan's default "
				   "proposals take no key exchange method); write the "
				   "proposals out, e.g. 'aes256gcm16'",
				   prefix);
			return;
		}
		pfs_used |= !esp_allows_none(&esp[i]);
	}
	/* without the legacy algorithms reported, the rest would follow */
	if (!clean)
	{
		return;
	}
	for (k = 0; k < countof(clients); k++)
	{
		if (!(m->clients & clients[k]->client))
		{
			continue;
		}
		ok = false;
		for (i = 0; i < n && !ok; i++)
		{
			ok = esp_ok(&esp[i], clients[k], legacy);
		}
		if (ok)
		{
			continue;
		}
		if (clients[k] == &android && pfs_used)
		{
			report(diag, SM_ERROR, child_pos(c), prefix,
				   "%s offers ESP key "
				   "exchange only with curve25519, ecp384, ecp521, modp3072, "
				   "modp4096, ecp256 or modp8192 (not %s); choose one of them "
				   "for pfs, or remove android from clients",
				   clients[k]->who, pfs ? pfs->name : "the one proposed");
		}
		else
		{
			report(diag, SM_ERROR, child_pos(c), prefix,
				   "no ESP proposal %s "
				   "can be configured for (%s); add e.g. '%s' to %s.proposals, "
				   "or remove %s from clients",
				   clients[k]->who, clients[k]->esp_offer,
				   clients[k]->esp_example, prefix,
				   sm_client_name(clients[k]->client));
		}
	}
	if (!(m->clients & SM_CLIENT_APPLE) || !pfs_used)
	{
		return;
	}
	/* macOS rekeys CHILD_SAs without a key exchange: some proposal Apple
	 * accepts must also allow none */
	for (i = 0; i < n; i++)
	{
		if (esp_ok(&esp[i], &apple, legacy))
		{
			if (apple_any < 0)
			{
				apple_any = (int)i;
			}
			if (esp_allows_none(&esp[i]) && apple_none < 0)
			{
				apple_none = (int)i;
			}
		}
	}
	if (apple_any >= 0 && apple_none < 0)
	{
		const char *text = c->proposals.items[apple_any].v;
		bool own_ke = sm_proposal_has_type(&esp[apple_any].p, SM_TRANS_KE);

		report(diag, SM_ERROR, child_pos(c), prefix,
			   "macOS rekeys CHILD_SAs "
			   "without a key exchange, so with apple among the clients a "
			   "child with PFS must also accept none; add '%s%s%s-modpnone' "
			   "to %s.proposals (clients that do PFS still get it)",
			   text, own_ke ? "" : "-", own_ke ? "" : (pfs ? pfs->name : ""),
			   prefix);
	}
}

bool sm_validate_crypto(const sm_model_t *m, sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR), i, max = 0;
	esp_t *esp;

	check_ike(m, diag);
	for (i = 0; i < m->n_children; i++)
	{
		if (m->children[i].proposals.n > max)
		{
			max = m->children[i].proposals.n;
		}
	}
	esp = calloc(max + 1, sizeof(*esp));
	if (!esp)
	{
		sm_error(diag, m->children_pos, "out of memory");
		return false;
	}
	for (i = 0; i < m->n_children; i++)
	{
		check_child(m, diag, i, esp);
	}
	free(esp);
	return sm_diag_count(diag, SM_ERROR) == errors;
}
