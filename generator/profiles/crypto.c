/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The crypto a generated profile pins, chosen from the gateway's proposals
 * in the gateway's order so that it matches by construction:
 *
 *   Windows   Set-VpnConnectionIPsecConfiguration's documented values
 *             (learn.microsoft.com, vpnclient module): -EncryptionMethod,
 *             -IntegrityCheckMethod (IKE integrity and PRF), -DHGroup,
 *             -CipherTransformConstants, -AuthenticationTransformConstants,
 *             -PfsGroup
 *   Apple     the VPN.IKEv2 payload's IKESecurityAssociationParameters and
 *             ChildSecurityAssociationParameters (EncryptionAlgorithm,
 *             IntegrityAlgorithm, DiffieHellmanGroup, LifeTimeInMinutes)
 *             and EnablePFS (apple/device-management
 *             com.apple.vpn.managed.yaml)
 *   Android   the .sswan's ike-proposal and esp-proposal: one proposal each
 *   NetworkManager, swanctl: the gateway's lists as they are
 *
 * Legacy algorithms are chosen only where nothing else fits.  PFS uses the
 * gateway's first key exchange method, the one charon proposes when it
 * starts a CHILD_SA rekey itself, so that rekeys of both sides agree.
 */
#include "config.h"

#include "profiles.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** A client's value for an algorithm. */
typedef struct {
	uint16_t id;
	uint16_t keysize;
	const char *value;
	/** the strongSwan keyword it stands for */
	const char *keyword;
	bool legacy;
} map_t;

/** A hash as IKE integrity and PRF. */
typedef struct {
	uint16_t integ;
	uint16_t prf;
	const char *value;
	const char *integ_keyword;
	const char *prf_keyword;
	bool legacy;
} hash_t;

/* -EncryptionMethod (IKE) and -CipherTransformConstants (ESP) */
static const map_t win_encr[] = {
	{SM_ENCR_AES_GCM_16, 256, "GCMAES256", "aes256gcm16", false},
	{SM_ENCR_AES_GCM_16, 128, "GCMAES128", "aes128gcm16", false},
	{SM_ENCR_AES_CBC, 256, "AES256", "aes256", false},
	{SM_ENCR_AES_CBC, 192, "AES192", "aes192", false},
	{SM_ENCR_AES_CBC, 128, "AES128", "aes128", false},
	{SM_ENCR_3DES, 0, "DES3", "3des", true},
	{2, 0, "DES", "des", true},
};
/* ESP also has AES-GCM-192 */
static const map_t win_cipher[] = {
	{SM_ENCR_AES_GCM_16, 256, "GCMAES256", "aes256gcm16", false},
	{SM_ENCR_AES_GCM_16, 192, "GCMAES192", "aes192gcm16", false},
	{SM_ENCR_AES_GCM_16, 128, "GCMAES128", "aes128gcm16", false},
	{SM_ENCR_AES_CBC, 256, "AES256", "aes256", false},
	{SM_ENCR_AES_CBC, 192, "AES192", "aes192", false},
	{SM_ENCR_AES_CBC, 128, "AES128", "aes128", false},
	{SM_ENCR_3DES, 0, "DES3", "3des", true},
	{2, 0, "DES", "des", true},
};
/* -IntegrityCheckMethod: one hash for integrity and PRF */
static const hash_t win_hash[] = {
	{SM_INTEG_SHA256_128, SM_PRF_SHA256, "SHA256", "sha256", "prfsha256",
	 false},
	{SM_INTEG_SHA384_192, SM_PRF_SHA384, "SHA384", "sha384", "prfsha384",
	 false},
	{SM_INTEG_SHA1_96, SM_PRF_SHA1, "SHA1", "sha1", "prfsha1", true},
	{1, 1, "MD5", "md5", "prfmd5", true},
};
/* -AuthenticationTransformConstants for classic encryption (with AES-GCM
 * it names the same GCM transform as the cipher) */
static const map_t win_auth[] = {
	{SM_INTEG_SHA256_128, 0, "SHA256128", "sha256", false},
	{SM_INTEG_SHA1_96, 0, "SHA196", "sha1", true},
	{1, 0, "MD596", "md5", true},
};
/* -DHGroup */
static const map_t win_dh[] = {
	{SM_KE_ECP384, 0, "ECP384", "ecp384", false},
	{SM_KE_ECP256, 0, "ECP256", "ecp256", false},
	{SM_KE_MODP2048, 0, "Group14", "modp2048", false},
	{SM_KE_MODP2048S256, 0, "Group24", "modp2048s256", true},
	{SM_KE_MODP1024, 0, "Group2", "modp1024", true},
	{SM_KE_MODP768, 0, "Group1", "modp768", true},
};
/* -PfsGroup */
static const map_t win_pfs[] = {
	{SM_KE_ECP384, 0, "ECP384", "ecp384", false},
	{SM_KE_ECP256, 0, "ECP256", "ecp256", false},
	{SM_KE_MODP2048, 0, "PFS2048", "modp2048", false},
	{SM_KE_MODP2048S256, 0, "PFS24", "modp2048s256", true},
	{SM_KE_MODP1024, 0, "PFS2", "modp1024", true},
	{SM_KE_MODP768, 0, "PFS1", "modp768", true},
};

/* Apple: EncryptionAlgorithm */
static const map_t apple_encr[] = {
	{SM_ENCR_AES_GCM_16, 256, "AES-256-GCM", "aes256gcm16", false},
	{SM_ENCR_AES_GCM_16, 128, "AES-128-GCM", "aes128gcm16", false},
	{SM_ENCR_CHACHA20_POLY1305, 0, "ChaCha20Poly1305", "chacha20poly1305",
	 false},
	{SM_ENCR_AES_CBC, 256, "AES-256", "aes256", false},
	{SM_ENCR_AES_CBC, 128, "AES-128", "aes128", false},
	{SM_ENCR_3DES, 0, "3DES", "3des", true},
	{2, 0, "DES", "des", true},
};
/* IntegrityAlgorithm, also the PRF of IKE */
static const hash_t apple_hash[] = {
	{SM_INTEG_SHA256_128, SM_PRF_SHA256, "SHA2-256", "sha256", "prfsha256",
	 false},
	{SM_INTEG_SHA384_192, SM_PRF_SHA384, "SHA2-384", "sha384", "prfsha384",
	 false},
	{SM_INTEG_SHA512_256, SM_PRF_SHA512, "SHA2-512", "sha512", "prfsha512",
	 false},
	{SM_INTEG_SHA1_96, SM_PRF_SHA1, "SHA1-96", "sha1", "prfsha1", true},
	{7, SM_PRF_SHA1, "SHA1-160", "sha1_160", "prfsha1", true},
};
/* DiffieHellmanGroup: 1, 2, 5, 14-21, 31, 32 */
static const map_t apple_dh[] = {
	{SM_KE_ECP384, 0, "20", "ecp384", false},
	{SM_KE_ECP256, 0, "19", "ecp256", false},
	{SM_KE_ECP521, 0, "21", "ecp521", false},
	{SM_KE_CURVE25519, 0, "31", "curve25519", false},
	{SM_KE_CURVE448, 0, "32", "curve448", false},
	{SM_KE_MODP2048, 0, "14", "modp2048", false},
	{SM_KE_MODP3072, 0, "15", "modp3072", false},
	{SM_KE_MODP4096, 0, "16", "modp4096", false},
	{SM_KE_MODP6144, 0, "17", "modp6144", false},
	{SM_KE_MODP8192, 0, "18", "modp8192", false},
	{SM_KE_MODP1536, 0, "5", "modp1536", true},
	{SM_KE_MODP1024, 0, "2", "modp1024", true},
	{SM_KE_MODP768, 0, "1", "modp768", true},
};

/* what a client can be set to for IKE: encryption, hash and group */
typedef struct {
	const map_t *encr;
	size_t n_encr;
	const hash_t *hash;
	size_t n_hash;
	const map_t *dh;
	size_t n_dh;
} ike_set_t;

static const ike_set_t win_ike = {
	win_encr, countof(win_encr), win_hash, countof(win_hash),
	win_dh,   countof(win_dh),
};

static const ike_set_t apple_ike = {
	apple_encr, countof(apple_encr), apple_hash, countof(apple_hash),
	apple_dh,   countof(apple_dh),
};

/* the passes over the ESP proposals: PFS the gateway's own rekeys
 * propose, without and then with legacy algorithms; then any PFS */
#define LEGACY(pass) ((pass) % 2 == 1)
#define STRICT(pass) ((pass) < 2)

/* the first algorithm of a type in p (in p's order) the client has */
static const map_t *pick(const sm_prop_t *p, sm_trans_t type, const map_t *t,
						 size_t n, bool legacy)
{
	size_t i, k;

	for (i = 0; i < p->n; i++)
	{
		for (k = 0; p->x[i].type == type && k < n; k++)
		{
			if (t[k].id == p->x[i].id && t[k].keysize == p->x[i].keysize &&
				(legacy || !t[k].legacy))
			{
				return &t[k];
			}
		}
	}
	return NULL;
}

static const map_t *find(uint16_t id, const map_t *t, size_t n, bool legacy)
{
	size_t k;

	for (k = 0; k < n; k++)
	{
		if (t[k].id == id && (legacy || !t[k].legacy))
		{
			return &t[k];
		}
	}
	return NULL;
}

/* IKE's hash: with AEAD the PRF, else an integrity algorithm whose PRF the
 * proposal has too */
static const hash_t *pick_hash(const sm_prop_t *p, bool is_aead,
							   const hash_t *t, size_t n, bool legacy)
{
	size_t i, k;

	for (i = 0; i < p->n; i++)
	{
		for (k = 0; k < n; k++)
		{
			if (!legacy && t[k].legacy)
			{
				continue;
			}
			if (is_aead && p->x[i].type == SM_TRANS_PRF &&
				p->x[i].id == t[k].prf)
			{
				return &t[k];
			}
			if (!is_aead && p->x[i].type == SM_TRANS_INTEG &&
				p->x[i].id == t[k].integ &&
				sm_prop_has(p, SM_TRANS_PRF, t[k].prf, 0))
			{
				return &t[k];
			}
		}
	}
	return NULL;
}

/* whether a proposal can be negotiated without key exchange */
static bool allows_none(const sm_prop_t *p)
{
	return !sm_prop_first(p, SM_TRANS_KE, NULL, NULL) ||
		   sm_prop_has(p, SM_TRANS_KE, 0, 0);
}

/* PFS for an ESP proposal, so that the gateway's own rekeys find it: the
 * gateway's first method (what it proposes) if the client has it; none if
 * the gateway proposes none and the proposal allows it; else the first
 * method of the proposal the client has (the gateway is asked for it with
 * INVALID_KE_PAYLOAD), or none; *pfs NULL for none; false if nothing
 * fits */
static bool pick_pfs(const sm_prop_t *q, uint16_t gw_first, const map_t *t,
					 size_t n, bool legacy, bool strict, const map_t **pfs)
{
	*pfs = NULL;
	if (strict)
	{
		/* only what the gateway's own rekeys propose */
		return gw_first ? sm_prop_has(q, SM_TRANS_KE, gw_first, 0) &&
							  (*pfs = find(gw_first, t, n, legacy)) != NULL
						: allows_none(q);
	}
	if (gw_first && sm_prop_has(q, SM_TRANS_KE, gw_first, 0) &&
		(*pfs = find(gw_first, t, n, legacy)))
	{
		return true;
	}
	if (!gw_first && allows_none(q))
	{
		return true;
	}
	*pfs = pick(q, SM_TRANS_KE, t, n, legacy);
	return *pfs != NULL || allows_none(q);
}

static bool parse_offer(sm_profile_crypto_t *c, const char *ike,
						const char *esp, char *err, size_t errlen)
{
	memset(&c->offer, 0, sizeof(c->offer));
	c->offer.rekey_ke = SM_REKEY_KE_FIRST;
	return sm_props_parse(ike, SM_PROTO_IKE, &c->offer.ike, err, errlen) &&
		   sm_props_parse(esp, SM_PROTO_ESP, &c->offer.esp, err, errlen);
}

/* the first IKE proposal of the gateway whose encryption, hash and group
 * the client has, without and then with legacy algorithms, and its
 * keywords in buf ("aes256-sha256-modp2048"); false if there is none */
static bool pick_ike(const sm_props_t *ike, const ike_set_t *set,
					 const map_t **e, const hash_t **h, const map_t **dh,
					 char *buf, size_t size)
{
	size_t i;
	int pass;

	*dh = NULL;
	for (pass = 0; pass < 2 && !*dh; pass++)
	{
		for (i = 0; i < ike->n && !*dh; i++)
		{
			*e = pick(&ike->p[i], SM_TRANS_ENCR, set->encr, set->n_encr, pass);
			*h = *e ? pick_hash(&ike->p[i], sm_alg_is_aead((*e)->id), set->hash,
								set->n_hash, pass)
					: NULL;
			*dh = *h ? pick(&ike->p[i], SM_TRANS_KE, set->dh, set->n_dh, pass)
					 : NULL;
		}
	}
	if (!*dh)
	{
		return false;
	}
	snprintf(buf, size, "%s-%s-%s", (*e)->keyword,
			 sm_alg_is_aead((*e)->id) ? (*h)->prf_keyword : (*h)->integ_keyword,
			 (*dh)->keyword);
	return true;
}

static bool windows(sm_profile_crypto_t *c, const sm_props_t *ike,
					const sm_props_t *esp, char *err, size_t errlen)
{
	const map_t *e = NULL, *dh = NULL, *a = NULL, *pfs = NULL;
	const hash_t *h = NULL;
	char ike_s[128], esp_s[128];
	uint16_t gw_first = sm_props_first_ke(esp);
	size_t i;
	int pass;

	if (!pick_ike(ike, &win_ike, &e, &h, &dh, ike_s, sizeof(ike_s)))
	{
		snprintf(err, errlen,
				 "no IKE proposal of the gateway is one "
				 "Windows can be set to (AES-CBC or AES-GCM, SHA-256/384, "
				 "groups 14, 19, 20)");
		return false;
	}
	c->encryption_method = e->value;
	c->integrity_check_method = h->value;
	c->dh_group = dh->value;
	e = NULL;
	for (pass = 0; pass < 4 && !e; pass++)
	{
		for (i = 0; i < esp->n && !e; i++)
		{
			e = pick(&esp->p[i], SM_TRANS_ENCR, win_cipher, countof(win_cipher),
					 LEGACY(pass));
			a = e && !sm_alg_is_aead(e->id)
					? pick(&esp->p[i], SM_TRANS_INTEG, win_auth,
						   countof(win_auth), LEGACY(pass))
					: e;
			if (!a || !pick_pfs(&esp->p[i], gw_first, win_pfs, countof(win_pfs),
								LEGACY(pass), STRICT(pass), &pfs))
			{
				e = NULL;
			}
		}
	}
	if (!e)
	{
		snprintf(err, errlen,
				 "no ESP proposal of the gateway is one "
				 "Windows can be set to (AES-CBC with SHA-256 or AES-GCM; "
				 "PFS with groups 14, 19, 20 or none)");
		return false;
	}
	c->cipher_transform = e->value;
	c->auth_transform = a->value;
	c->pfs_group = pfs ? pfs->value : "None";
	snprintf(esp_s, sizeof(esp_s), "%s%s%s%s%s", e->keyword,
			 sm_alg_is_aead(e->id) ? "" : "-",
			 sm_alg_is_aead(e->id) ? "" : a->keyword, pfs ? "-" : "",
			 pfs ? pfs->keyword : "");
	snprintf(c->ike, sizeof(c->ike), "%s", ike_s);
	snprintf(c->esp, sizeof(c->esp), "%s", esp_s);
	if (!parse_offer(c, ike_s, esp_s, err, errlen))
	{
		return false;
	}
	/* without -PfsGroup, Windows refuses a rekey with key exchange */
	c->offer.rejects_unasked_ke = !pfs;
	c->offer.no_invalid_ke = true;
	return true;
}

static unsigned int minutes(uint64_t seconds)
{
	uint64_t m = seconds / 60;

	return m < 10 ? 10 : m > 1440 ? 1440 : (unsigned int)m;
}

static bool apple(sm_profile_crypto_t *c, const sm_model_t *m,
				  const sm_props_t *ike, const sm_props_t *esp, char *err,
				  size_t errlen)
{
	const map_t *e = NULL, *dh = NULL, *pfs = NULL;
	const hash_t *h = NULL, *ch = NULL;
	char ike_s[128], esp_s[128];
	uint16_t gw_first = sm_props_first_ke(esp);
	uint64_t life = UINT64_MAX;
	size_t i;
	int pass;

	if (!pick_ike(ike, &apple_ike, &e, &h, &dh, ike_s, sizeof(ike_s)))
	{
		snprintf(err, errlen,
				 "no IKE proposal of the gateway is one Apple "
				 "devices can be set to (AES-CBC or AES-GCM 128/256, "
				 "ChaCha20-Poly1305, SHA2-256/384/512, groups 14-21, 31, 32)");
		return false;
	}
	c->apple_ike_encr = e->value;
	c->apple_ike_integ = h->value;
	c->apple_ike_dh = dh->id;
	e = NULL;
	for (pass = 0; pass < 4 && !e; pass++)
	{
		for (i = 0; i < esp->n && !e; i++)
		{
			const map_t *ci = NULL;

			e = pick(&esp->p[i], SM_TRANS_ENCR, apple_encr, countof(apple_encr),
					 LEGACY(pass));
			ch = NULL;
			if (e && !sm_alg_is_aead(e->id))
			{
				/* the ESP integrity algorithms Apple has */
				for (size_t k = 0; k < esp->p[i].n && !ch; k++)
				{
					for (size_t j = 0; j < countof(apple_hash) && !ch; j++)
					{
						if (esp->p[i].x[k].type == SM_TRANS_INTEG &&
							esp->p[i].x[k].id == apple_hash[j].integ &&
							(LEGACY(pass) || !apple_hash[j].legacy))
						{
							ch = &apple_hash[j];
						}
					}
				}
				ci = ch ? e : NULL;
			}
			else
			{
				ci = e;
				ch = h;
			}
			if (!ci ||
				!pick_pfs(&esp->p[i], gw_first, apple_dh, countof(apple_dh),
						  LEGACY(pass), STRICT(pass), &pfs))
			{
				e = NULL;
			}
		}
	}
	if (!e)
	{
		snprintf(err, errlen,
				 "no ESP proposal of the gateway is one Apple "
				 "devices can be set to (AES-CBC or AES-GCM 128/256, "
				 "ChaCha20-Poly1305, SHA2-256/384/512)");
		return false;
	}
	c->apple_child_encr = e->value;
	c->apple_child_integ = ch->value;
	c->apple_pfs = pfs != NULL;
	/* DiffieHellmanGroup of the child takes effect only with EnablePFS */
	c->apple_child_dh = pfs ? pfs->id : dh->id;
	c->ike_minutes = minutes(m->ike.lifetime.v);
	for (i = 0; i < m->n_children; i++)
	{
		life =
			m->children[i].lifetime.v < life ? m->children[i].lifetime.v : life;
	}
	c->child_minutes = minutes(life);
	snprintf(esp_s, sizeof(esp_s), "%s%s%s%s%s", e->keyword,
			 sm_alg_is_aead(e->id) ? "" : "-",
			 sm_alg_is_aead(e->id) ? "" : ch->integ_keyword, pfs ? "-" : "",
			 pfs ? pfs->keyword : "");
	snprintf(c->ike, sizeof(c->ike), "%s", ike_s);
	snprintf(c->esp, sizeof(c->esp), "%s", esp_s);
	return parse_offer(c, ike_s, esp_s, err, errlen);
}

/* one ESP proposal of a child as emit.c writes it: the child's pfs
 * appended when it names no key exchange */
static void esp_text(const sm_child_t *c, size_t k, char *buf, size_t size)
{
	sm_proposal_error_t perr;
	sm_proposal_t p;
	const char *v = c->proposals.items[k].v;

	if (c->pfs.v && sm_proposal_parse(v, SM_PROTO_ESP, &p, &perr) &&
		!sm_proposal_has_type(&p, SM_TRANS_KE))
	{
		snprintf(buf, size, "%s-%s", v, c->pfs.v);
	}
	else
	{
		snprintf(buf, size, "%s", v);
	}
}

/* whether the ESP proposal k of child i was written before (emit.c writes
 * each text once) */
static bool esp_seen(const sm_model_t *m, size_t i, size_t k, const char *one)
{
	char other[SM_PROPOSAL_MAX_LEN + 64];
	size_t i2, k2;

	for (i2 = 0; i2 <= i; i2++)
	{
		for (k2 = 0; k2 < m->children[i2].proposals.n; k2++)
		{
			if (i2 == i && k2 == k)
			{
				return false;
			}
			esp_text(&m->children[i2], k2, other, sizeof(other));
			if (!strcmp(other, one))
			{
				return true;
			}
		}
	}
	return false;
}

/* the gateway's ESP proposals as written, joined by sep; "default" left
 * out when skip_default */
static void esp_texts(const sm_model_t *m, const char *sep, bool skip_default,
					  bool first_only, char *buf, size_t size)
{
	char one[SM_PROPOSAL_MAX_LEN + 64];
	size_t i, k, len = 0;

	buf[0] = '\0';
	for (i = 0; i < m->n_children; i++)
	{
		for (k = 0; k < m->children[i].proposals.n && len < size; k++)
		{
			esp_text(&m->children[i], k, one, sizeof(one));
			if ((skip_default && !strcmp(one, "default")) ||
				esp_seen(m, i, k, one))
			{
				continue;
			}
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
									len ? sep : "", one);
			if (first_only)
			{
				return;
			}
		}
	}
}

static void ike_texts(const sm_model_t *m, const char *sep, bool skip_default,
					  bool first_only, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < m->ike.proposals.n && len < size; i++)
	{
		if (skip_default && !strcmp(m->ike.proposals.items[i].v, "default"))
		{
			continue;
		}
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? sep : "",
								m->ike.proposals.items[i].v);
		if (first_only)
		{
			return;
		}
	}
}

static void semicolons_to_commas(const char *in, char *out, size_t size)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < size; i++)
	{
		out[i] = in[i] == ';' ? ',' : in[i];
	}
	out[i] = '\0';
}

/* Android and NetworkManager fall back on the platform's defaults where
 * the profile leaves a list out */
static const char *defaults_of(const char *id, bool ike)
{
	const sm_platform_t *pf;
	size_t n, i;

	pf = sm_platforms(&n);
	for (i = 0; i < n; i++)
	{
		if (!strcmp(pf[i].id, id))
		{
			return ike ? pf[i].ike : pf[i].esp;
		}
	}
	return "default";
}

static bool lists(sm_profile_crypto_t *c, const sm_model_t *m,
				  sm_profile_kind_t kind, char *err, size_t errlen)
{
	char ike[2048], esp[2048];

	switch (kind)
	{
		case SM_PROFILE_ANDROID:
			/* one proposal each; "default": the app's own */
			ike_texts(m, "", true, true, c->ike, sizeof(c->ike));
			esp_texts(m, "", true, true, c->esp, sizeof(c->esp));
			return parse_offer(
				c, c->ike[0] ? c->ike : defaults_of("android", true),
				c->esp[0] ? c->esp : defaults_of("android", false), err,
				errlen);
		case SM_PROFILE_NETWORKMANAGER:
			/* charon-nm parses each with proposal_create_from_string(),
			 * which does not know "default" */
			ike_texts(m, ";", true, false, c->ike, sizeof(c->ike));
			esp_texts(m, ";", true, false, c->esp, sizeof(c->esp));
			semicolons_to_commas(c->ike, ike, sizeof(ike));
			semicolons_to_commas(c->esp, esp, sizeof(esp));
			return parse_offer(
				c, ike[0] ? ike : defaults_of("networkmanager", true),
				esp[0] ? esp : defaults_of("networkmanager", false), err,
				errlen);
		default:
			ike_texts(m, ", ", false, false, c->ike, sizeof(c->ike));
			esp_texts(m, ", ", false, false, c->esp, sizeof(c->esp));
			return parse_offer(c, c->ike, c->esp, err, errlen);
	}
}

bool sm_profile_crypto(const sm_model_t *m, sm_profile_kind_t kind,
					   sm_profile_crypto_t *out, char *err, size_t errlen)
{
	sm_props_t *ike = NULL, *esp = NULL;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	ike = calloc(1, sizeof(*ike));
	esp = calloc(1, sizeof(*esp));
	if (!ike || !esp)
	{
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (!sm_gateway_props(m, ike, esp, err, errlen))
	{
		goto out;
	}
	switch (kind)
	{
		case SM_PROFILE_WINDOWS:
			ok = windows(out, ike, esp, err, errlen);
			break;
		case SM_PROFILE_APPLE:
			ok = apple(out, m, ike, esp, err, errlen);
			break;
		case SM_PROFILE_ANDROID:
		case SM_PROFILE_NETWORKMANAGER:
		case SM_PROFILE_LINUX:
			ok = lists(out, m, kind, err, errlen);
			break;
		default:
			snprintf(err, errlen, "this profile has no crypto settings");
			break;
	}
out:
	free(ike);
	free(esp);
	return ok;
}
