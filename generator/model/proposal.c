/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "proposal.h"
#include "base/text.h"
#include "sm_countof.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the most algorithms written in one proposal; derived PRFs may follow */
#define MAX_WRITTEN 24

/* the longest keyword is "chacha20poly1305compat" */
#define MAX_KEYWORD 32

#define A SM_ALG_AEAD
#define L SM_ALG_LEGACY
#define E(n, id, ks, f)                                                        \
	{                                                                          \
		n, SM_TRANS_ENCR, id, ks, f                                            \
	}
#define I(n, id, f)                                                            \
	{                                                                          \
		n, SM_TRANS_INTEG, id, 0, f                                            \
	}
#define P(n, id, f)                                                            \
	{                                                                          \
		n, SM_TRANS_PRF, id, 0, f                                              \
	}
#define K(n, id, f)                                                            \
	{                                                                          \
		n, SM_TRANS_KE, id, 0, f                                               \
	}
#define N(n, id, f)                                                            \
	{                                                                          \
		n, SM_TRANS_ESN, id, 0, f                                              \
	}

/*
 * The keywords of strongSwan 5.9.8 (the facts of
 * src/libstrongswan/crypto/proposal/proposal_keywords_static.txt), with
 * IANA transform IDs; IDs of 1024 and up are strongSwan's private ones.
 * Flagged AEAD as in encryption_algorithm_is_aead() (crypter.c), and LEGACY
 * where RFC 8221/8247 say MUST NOT or SHOULD NOT: DES, 3DES, NULL, Blowfish,
 * CAST, AES-GMAC (no confidentiality), MD5, SHA-1, and MODP groups below
 * 2048 bits or with small subgroups, ECP-192 and MODP_NULL.
 */
static const sm_alg_t algs[] = {
	E("null", 11, 0, L),
	E("des", 2, 0, L),
	E("3des", 3, 0, L),
	E("aes", 12, 128, 0),
	E("aes128", 12, 128, 0),
	E("aes192", 12, 192, 0),
	E("aes256", 12, 256, 0),
	E("aes128ctr", 13, 128, 0),
	E("aes192ctr", 13, 192, 0),
	E("aes256ctr", 13, 256, 0),
	E("aes128ccm8", 14, 128, A),
	E("aes128ccm64", 14, 128, A),
	E("aes128ccm12", 15, 128, A),
	E("aes128ccm96", 15, 128, A),
	E("aes128ccm16", 16, 128, A),
	E("aes128ccm128", 16, 128, A),
	E("aes128ccm", 16, 128, A),
	E("aes192ccm8", 14, 192, A),
	E("aes192ccm64", 14, 192, A),
	E("aes192ccm12", 15, 192, A),
	E("aes192ccm96", 15, 192, A),
	E("aes192ccm16", 16, 192, A),
	E("aes192ccm128", 16, 192, A),
	E("aes192ccm", 16, 192, A),
	E("aes256ccm8", 14, 256, A),
	E("aes256ccm64", 14, 256, A),
	E("aes256ccm12", 15, 256, A),
	E("aes256ccm96", 15, 256, A),
	E("aes256ccm16", 16, 256, A),
	E("aes256ccm128", 16, 256, A),
	E("aes256ccm", 16, 256, A),
	E("aes128gcm8", 18, 128, A),
	E("aes128gcm64", 18, 128, A),
	E("aes128gcm12", 19, 128, A),
	E("aes128gcm96", 19, 128, A),
	E("aes128gcm16", 20, 128, A),
	E("aes128gcm128", 20, 128, A),
	E("aes128gcm", 20, 128, A),
	E("aes192gcm8", 18, 192, A),
	E("aes192gcm64", 18, 192, A),
	E("aes192gcm12", 19, 192, A),
	E("aes192gcm96", 19, 192, A),
	E("aes192gcm16", 20, 192, A),
	E("aes192gcm128", 20, 192, A),
	E("aes192gcm", 20, 192, A),
	E("aes256gcm8", 18, 256, A),
	E("aes256gcm64", 18, 256, A),
	E("aes256gcm12", 19, 256, A),
	E("aes256gcm96", 19, 256, A),
	E("aes256gcm16", 20, 256, A),
	E("aes256gcm128", 20, 256, A),
	E("aes256gcm", 20, 256, A),
	E("aes128gmac", 21, 128, A | L),
	E("aes192gmac", 21, 192, A | L),
	E("aes256gmac", 21, 256, A | L),
	E("chacha20poly1305", 28, 0, A),
	E("chacha20poly1305compat", 28, 256, A),
	E("blowfish", 7, 128, L),
	E("blowfish128", 7, 128, L),
	E("blowfish192", 7, 192, L),
	E("blowfish256", 7, 256, L),
	E("camellia", 23, 128, 0),
	E("camellia128", 23, 128, 0),
	E("camellia192", 23, 192, 0),
	E("camellia256", 23, 256, 0),
	E("camellia128ctr", 24, 128, 0),
	E("camellia192ctr", 24, 192, 0),
	E("camellia256ctr", 24, 256, 0),
	E("camellia128ccm8", 25, 128, A),
	E("camellia128ccm64", 25, 128, A),
	E("camellia128ccm12", 26, 128, A),
	E("camellia128ccm96", 26, 128, A),
	E("camellia128ccm16", 27, 128, A),
	E("camellia128ccm128", 27, 128, A),
	E("camellia192ccm8", 25, 192, A),
	E("camellia192ccm64", 25, 192, A),
	E("camellia192ccm12", 26, 192, A),
	E("camellia192ccm96", 26, 192, A),
	E("camellia192ccm16", 27, 192, A),
	E("camellia192ccm128", 27, 192, A),
	E("camellia256ccm8", 25, 256, A),
	E("camellia256ccm64", 25, 256, A),
	E("camellia256ccm12", 26, 256, A),
	E("camellia256ccm96", 26, 256, A),
	E("camellia256ccm16", 27, 256, A),
	E("camellia256ccm128", 27, 256, A),
	E("cast128", 6, 128, L),
	E("serpent", 1026, 128, 0),
	E("serpent128", 1026, 128, 0),
	E("serpent192", 1026, 192, 0),
	E("serpent256", 1026, 256, 0),
	E("twofish", 1027, 128, 0),
	E("twofish128", 1027, 128, 0),
	E("twofish192", 1027, 192, 0),
	E("twofish256", 1027, 256, 0),
	I("sha", 2, L),
	I("sha1", 2, L),
	I("sha1_160", 7, L),
	I("sha256", 12, 0),
	I("sha2_256", 12, 0),
	I("sha256_96", 1026, 0),
	I("sha2_256_96", 1026, 0),
	I("sha384", 13, 0),
	I("sha2_384", 13, 0),
	I("sha512", 14, 0),
	I("sha2_512", 14, 0),
	I("md5", 1, L),
	I("md5_128", 6, L),
	I("aesxcbc", 5, 0),
	I("camelliaxcbc", 1030, 0),
	I("aescmac", 8, 0),
	P("prfsha1", 2, L),
	P("prfsha256", 5, 0),
	P("prfsha384", 6, 0),
	P("prfsha512", 7, 0),
	P("prfmd5", 1, L),
	P("prfaesxcbc", 4, 0),
	P("prfcamelliaxcbc", 1028, 0),
	P("prfaescmac", 8, 0),
	K("none", 0, 0),
	K("modpnone", 0, 0),
	K("modpnull", 1024, L),
	K("modp768", 1, L),
	K("modp1024", 2, L),
	K("modp1536", 5, L),
	K("modp2048", 14, 0),
	K("modp3072", 15, 0),
	K("modp4096", 16, 0),
	K("modp6144", 17, 0),
	K("modp8192", 18, 0),
	K("ecp192", 25, L),
	K("ecp224", 26, 0),
	K("ecp256", 19, 0),
	K("ecp384", 20, 0),
	K("ecp521", 21, 0),
	K("modp1024s160", 22, L),
	K("modp2048s224", 23, L),
	K("modp2048s256", 24, L),
	K("ecp224bp", 27, 0),
	K("ecp256bp", 28, 0),
	K("ecp384bp", 29, 0),
	K("ecp512bp", 30, 0),
	K("curve25519", 31, 0),
	K("x25519", 31, 0),
	K("curve448", 32, 0),
	K("x448", 32, 0),
	K("ntru112", 1030, 0),
	K("ntru128", 1031, 0),
	K("ntru192", 1032, 0),
	K("ntru256", 1033, 0),
	K("newhope128", 1040, 0),
	N("noesn", 0, 0),
	N("esn", 1, 0),
};

#undef A
#undef L
#undef E
#undef I
#undef P
#undef K
#undef N

/* the PRF strongSwan derives from an integrity algorithm when an IKE
 * proposal names none: integ_prf_map in 5.9.8's proposal.c, row for row
 * (HMAC_SHA2_256_96, sha256_96, has none: such a proposal needs a PRF
 * written) */
static const struct {
	uint16_t integ;
	const char *prf;
} integ_prf[] = {
	{2, "prfsha1"},            /* HMAC_SHA1_96 */
	{7, "prfsha1"},            /* HMAC_SHA1_160 */
	{12, "prfsha256"},         /* HMAC_SHA2_256_128 */
	{13, "prfsha384"},         /* HMAC_SHA2_384_192 */
	{14, "prfsha512"},         /* HMAC_SHA2_512_256 */
	{1, "prfmd5"},             /* HMAC_MD5_96 */
	{6, "prfmd5"},             /* HMAC_MD5_128 */
	{5, "prfaesxcbc"},         /* AES_XCBC_96 */
	{1030, "prfcamelliaxcbc"}, /* CAMELLIA_XCBC_96 */
	{8, "prfaescmac"},         /* AES_CMAC_96 */
};

/* spellings from other products, with the keyword strongSwan uses */
static const struct {
	const char *foreign;
	const char *keyword;
} hints[] = {
	{"sha1_96", "sha1"},       {"md5_96", "md5"},
	{"sha2", "sha256"},        {"sha256_128", "sha256"},
	{"sha384_192", "sha384"},  {"sha512_256", "sha512"},
	{"aesgcm", "aes256gcm16"}, {"chacha20", "chacha20poly1305"},
};

const sm_alg_t *sm_alg_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < countof(algs); i++)
	{
		if (strlen(algs[i].name) == len &&
			!strncasecmp(algs[i].name, name, len))
		{
			return &algs[i];
		}
	}
	return NULL;
}

bool sm_alg_is_aead(unsigned int encr_id)
{
	size_t i;

	for (i = 0; i < countof(algs); i++)
	{
		if (algs[i].type == SM_TRANS_ENCR && algs[i].id == encr_id)
		{
			return algs[i].flags & SM_ALG_AEAD;
		}
	}
	return false;
}

static const sm_alg_t *find_ke(unsigned int group)
{
	size_t i;

	for (i = 0; i < countof(algs); i++)
	{
		if (algs[i].type == SM_TRANS_KE && algs[i].id == group)
		{
			return &algs[i];
		}
	}
	return NULL;
}

/* "14", "dh14", "group14", "modp14", "ecp19": a DH group by number */
static const char *group_hint(const char *name)
{
	static const char *const prefixes[] = {"dh", "group", "modp", "ecp", ""};
	const sm_alg_t *alg;
	const char *p;
	size_t i, plen;
	unsigned long n;
	char *end;

	for (i = 0; i < countof(prefixes); i++)
	{
		plen = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], plen) != 0)
		{
			continue;
		}
		p = name + plen;
		if (*p < '1' || *p > '9' || strlen(p) > 2)
		{
			continue;
		}
		n = strtoul(p, &end, 10);
		if (*end == '\0')
		{
			alg = find_ke((unsigned int)n);
			return alg && alg->id ? alg->name : NULL;
		}
	}
	return NULL;
}

const char *sm_alg_suggest(const char *name, int type)
{
	char lower[MAX_KEYWORD + 1];
	sm_suggest_t s;
	size_t i, len = strlen(name);
	const char *hint;

	if (len > MAX_KEYWORD)
	{
		return NULL;
	}
	for (i = 0; i <= len; i++)
	{
		lower[i] = (char)tolower((unsigned char)name[i]);
	}
	for (i = 0; i < countof(hints); i++)
	{
		if (!strcmp(lower, hints[i].foreign))
		{
			return hints[i].keyword;
		}
	}
	if (!strncmp(lower, "hmac_", 5) && sm_alg_find(lower + 5, len - 5))
	{
		return sm_alg_find(lower + 5, len - 5)->name;
	}
	hint = group_hint(lower);
	if (hint && (type < 0 || type == SM_TRANS_KE))
	{
		return hint;
	}
	sm_suggest_init(&s, lower, len <= 4 ? 1 : len <= 8 ? 2 : 3);
	for (i = 0; i < countof(algs); i++)
	{
		if (type < 0 || (int)algs[i].type == type)
		{
			sm_suggest_add(&s, algs[i].name);
		}
	}
	return s.best;
}

static bool fail(sm_proposal_error_t *err, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(sm_proposal_error_t *err, size_t offset, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, args);
	va_end(args);
	err->offset = offset;
	return false;
}

/* the first algorithm of a type (and AEAD-ness, -1 for any) and its index */
static int first(const sm_proposal_t *p, sm_trans_t type, int aead)
{
	size_t i;

	for (i = 0; i < p->n; i++)
	{
		if (p->algs[i]->type == type &&
			(aead < 0 || !!(p->algs[i]->flags & SM_ALG_AEAD) == aead))
		{
			return (int)i;
		}
	}
	return -1;
}

/* the first KE entry that is / is not "none" */
static int first_ke(const sm_proposal_t *p, bool none)
{
	size_t i;

	for (i = 0; i < p->n; i++)
	{
		if (p->algs[i]->type == SM_TRANS_KE &&
			(p->algs[i]->id == SM_KE_NONE) == none)
		{
			return (int)i;
		}
	}
	return -1;
}

static const char *prf_for(const sm_alg_t *integ)
{
	size_t i;

	for (i = 0; i < countof(integ_prf); i++)
	{
		if (integ_prf[i].integ == integ->id)
		{
			return integ_prf[i].prf;
		}
	}
	return NULL;
}

/* IKE without PRF: add those strongSwan derives from the integrity algs */
static void derive_prfs(sm_proposal_t *p)
{
	const sm_alg_t *prf;
	size_t i, n = p->n;

	for (i = 0; i < n; i++)
	{
		if (p->algs[i]->type != SM_TRANS_INTEG || !prf_for(p->algs[i]))
		{
			continue;
		}
		prf = sm_alg_find(prf_for(p->algs[i]), strlen(prf_for(p->algs[i])));
		if (prf && !sm_proposal_has(p, SM_TRANS_PRF, prf->id, 0) &&
			p->n < SM_PROPOSAL_MAX_ALGS)
		{
			p->algs[p->n++] = prf;
		}
	}
}

/* the rules charon applies (check_proposal() in proposal.c), plus ours */
static bool check(sm_proposal_t *p, const size_t *offs,
				  sm_proposal_error_t *err)
{
	int aead = first(p, SM_TRANS_ENCR, 1), classic = first(p, SM_TRANS_ENCR, 0);
	int integ = first(p, SM_TRANS_INTEG, -1), prf = first(p, SM_TRANS_PRF, -1);
	int esn = first(p, SM_TRANS_ESN, -1), none = first_ke(p, true);
	int ke = first_ke(p, false);
	bool ike = p->proto == SM_PROTO_IKE;

	if (ike && esn >= 0)
	{
		return fail(err, offs[esn], "'%s' applies to ESP proposals only",
					p->algs[esn]->name);
	}
	if (!ike && prf >= 0)
	{
		return fail(err, offs[prf],
					"'%s' is a PRF, which ESP proposals do "
					"not have; remove it",
					p->algs[prf]->name);
	}
	if (ike && none >= 0)
	{
		return fail(err, offs[none],
					"'%s' (no key exchange) is not possible "
					"in IKE proposals; IKE always needs a key exchange method",
					p->algs[none]->name);
	}
	if (aead < 0 && classic < 0)
	{
		return fail(err, 0,
					"no encryption algorithm; add one, e.g. "
					"'aes256gcm16' or 'aes256'");
	}
	if (aead >= 0 && classic >= 0)
	{
		return fail(err, offs[aead > classic ? aead : classic],
					"'%s' is "
					"classic encryption and '%s' is AEAD; they cannot be in "
					"the same proposal, write two proposals",
					p->algs[classic]->name, p->algs[aead]->name);
	}
	if (aead >= 0 && integ >= 0)
	{
		if (ike && prf_for(p->algs[integ]))
		{
			return fail(err, offs[integ],
						"'%s' is an integrity algorithm, "
						"but AEAD encryption '%s' has integrity built in and "
						"strongSwan ignores it; to choose the PRF write '%s'",
						p->algs[integ]->name, p->algs[aead]->name,
						prf_for(p->algs[integ]));
		}
		return fail(err, offs[integ],
					"'%s' is an integrity algorithm, but "
					"AEAD encryption '%s' has integrity built in and "
					"strongSwan ignores it; remove it",
					p->algs[integ]->name, p->algs[aead]->name);
	}
	if (ike && aead >= 0 && prf < 0)
	{
		return fail(err, offs[aead],
					"AEAD encryption '%s' needs a PRF in IKE "
					"proposals; add one, e.g. '%s'",
					p->algs[aead]->name,
					p->algs[aead]->keysize == 256 ? "prfsha384" : "prfsha256");
	}
	if (classic >= 0 && integ < 0)
	{
		return fail(err, offs[classic],
					"classic encryption '%s' needs an "
					"integrity algorithm; add one, e.g. 'sha256', or use AEAD "
					"such as 'aes256gcm16'",
					p->algs[classic]->name);
	}
	if (ike && ke < 0)
	{
		return fail(err, 0,
					"no key exchange method; add one, e.g. 'ecp384' "
					"or 'modp2048'");
	}
	p->n_written = p->n;
	if (ike && prf < 0)
	{
		derive_prfs(p);
		if (!sm_proposal_has_type(p, SM_TRANS_PRF))
		{
			/* charon: "a PRF algorithm is mandatory in IKE proposals" */
			return fail(err, offs[integ],
						"strongSwan derives no PRF from "
						"'%s'; add one, e.g. 'prfsha256'",
						p->algs[integ]->name);
		}
	}
	return true;
}

uint16_t sm_alg_integ_prf(uint16_t integ)
{
	const sm_alg_t *prf;
	size_t i;

	for (i = 0; i < countof(integ_prf); i++)
	{
		if (integ_prf[i].integ == integ)
		{
			prf = sm_alg_find(integ_prf[i].prf, strlen(integ_prf[i].prf));
			return prf ? prf->id : 0;
		}
	}
	return 0;
}

bool sm_proposal_parse(const char *text, sm_proto_t proto, sm_proposal_t *out,
					   sm_proposal_error_t *err)
{
	char q[SM_QUOTE_SIZE];
	size_t offs[MAX_WRITTEN], len = strlen(text), start, end;
	const sm_alg_t *alg;
	const char *hint;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	out->proto = proto;
	if (!len)
	{
		return fail(err, 0, "empty proposal");
	}
	if (len > SM_PROPOSAL_MAX_LEN)
	{
		return fail(err, 0, "proposal longer than %d characters",
					SM_PROPOSAL_MAX_LEN);
	}
	if (!strcasecmp(text, "default"))
	{
		out->is_default = true;
		return true;
	}
	for (start = 0; start <= len; start = end + 1)
	{
		end = start;
		while (end < len && text[end] != '-')
		{
			end++;
		}
		if (end == start)
		{
			return fail(err, start, "empty algorithm name (a '-' too many)");
		}
		alg = sm_alg_find(text + start, end - start);
		if (!alg && end - start == 7 &&
			!strncasecmp(text + start, "default", 7))
		{
			return fail(err, start,
						"'default' must stand alone as a "
						"proposal of its own");
		}
		if (!alg)
		{
			sm_quote(q, text + start, end - start);
			hint = sm_alg_suggest(q, -1);
			if (hint)
			{
				return fail(err, start,
							"unknown algorithm '%s'; did you "
							"mean '%s'?",
							q, hint);
			}
			return fail(err, start, "unknown algorithm '%s'", q);
		}
		if (out->n == MAX_WRITTEN)
		{
			return fail(err, start,
						"more than %d algorithms in one "
						"proposal",
						MAX_WRITTEN);
		}
		offs[out->n] = start;
		out->algs[out->n++] = alg;
	}
	return check(out, offs, err);
}

bool sm_proposal_has(const sm_proposal_t *p, sm_trans_t type, unsigned int id,
					 unsigned int keysize)
{
	size_t i;

	for (i = 0; i < p->n; i++)
	{
		if (p->algs[i]->type == type && p->algs[i]->id == id &&
			(!keysize || p->algs[i]->keysize == keysize))
		{
			return true;
		}
	}
	return false;
}

bool sm_proposal_has_type(const sm_proposal_t *p, sm_trans_t type)
{
	return first(p, type, -1) >= 0;
}

const sm_alg_t *sm_proposal_legacy(const sm_proposal_t *p)
{
	size_t i;

	for (i = 0; i < p->n_written; i++)
	{
		if (p->algs[i]->flags & SM_ALG_LEGACY)
		{
			return p->algs[i];
		}
	}
	return NULL;
}

bool sm_proposal_is_aead(const sm_proposal_t *p)
{
	return first(p, SM_TRANS_ENCR, 1) >= 0;
}
