/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proposal lists as printed by strongSwan's %P/%#P printf hooks: proposals
 * separated by ", ", each "PROTO:" followed by algorithm names joined by
 * '/', key sizes appended ("AES_CBC_256"), additional key exchanges
 * prefixed "KE1_" .. "KE7_".
 */
#include "config.h"

#include "propcmp.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROPS 32
#define MAX_ALGS 48

typedef struct {
	const char *p;
	size_t len;
} tok_t;

typedef struct {
	char proto[4];
	tok_t alg[SM_TF_COUNT][MAX_ALGS];
	int n[SM_TF_COUNT];
} prop_t;

static bool starts(const tok_t *t, const char *prefix)
{
	size_t l = strlen(prefix);

	return t->len >= l && !memcmp(t->p, prefix, l);
}

static bool contains(const tok_t *t, const char *part)
{
	size_t l = strlen(part), i;

	for (i = 0; i + l <= t->len; i++)
	{
		if (!memcmp(t->p + i, part, l))
		{
			return true;
		}
	}
	return false;
}

static bool ends(const tok_t *t, const char *suffix)
{
	size_t l = strlen(suffix);

	return t->len >= l && !memcmp(t->p + t->len - l, suffix, l);
}

/** The component an algorithm name belongs to. */
static sm_tf_t tf_of(const tok_t *t)
{
	if (starts(t, "PRF_"))
	{
		return SM_TF_PRF;
	}
	if (starts(t, "NO_EXT_SEQ") || starts(t, "EXT_SEQ"))
	{
		return SM_TF_ESN;
	}
	if (t->len > 4 && t->p[0] == 'K' && t->p[1] == 'E' && t->p[2] >= '1' &&
		t->p[2] <= '7' && t->p[3] == '_')
	{
		return SM_TF_ADDKE;
	}
	if (starts(t, "MODP_") || starts(t, "ECP_") || starts(t, "CURVE_") ||
		starts(t, "NTRU_") || starts(t, "NH_") || starts(t, "GOST3410") ||
		starts(t, "ML_KEM") || starts(t, "KE_NONE") || starts(t, "BIKE") ||
		starts(t, "HQC") || starts(t, "FRODO"))
	{
		return SM_TF_KE;
	}
	if (starts(t, "HMAC_") || starts(t, "AES_XCBC") || starts(t, "AES_CMAC") ||
		starts(t, "CAMELLIA_XCBC") || starts(t, "DES_MAC") ||
		starts(t, "KPDK_") || (starts(t, "AES_") && ends(t, "_GMAC")))
	{
		return SM_TF_INTEG;
	}
	return SM_TF_ENCR;
}

static bool is_aead(const tok_t *t)
{
	return contains(t, "_GCM_") || contains(t, "_CCM_") ||
		   contains(t, "POLY1305") || contains(t, "NULL_AES_GMAC");
}

static bool is_none(const tok_t *t)
{
	return ends(t, "_NONE");
}

/** Parse a list into props; returns the number of proposals. */
static int parse_list(const char *s, prop_t *props)
{
	int np = 0;
	const char *end, *colon, *a, *slash;
	tok_t t;
	sm_tf_t tf;
	prop_t *p;

	while (*s && np < MAX_PROPS)
	{
		while (*s == ' ' || *s == ',')
		{
			s++;
		}
		if (!*s)
		{
			break;
		}
		end = strstr(s, ", ");
		if (!end)
		{
			end = s + strlen(s);
		}
		colon = memchr(s, ':', (size_t)(end - s));
		if (colon && colon - s <= 3)
		{
			p = &props[np++];
			memset(p, 0, sizeof(*p));
			memcpy(p->proto, s, (size_t)(colon - s));
			for (a = colon + 1; a < end; a = slash + 1)
			{
				slash = memchr(a, '/', (size_t)(end - a));
				if (!slash)
				{
					slash = end;
				}
				t.p = a;
				t.len = (size_t)(slash - a);
				if (t.len)
				{
					tf = tf_of(&t);
					if (p->n[tf] < MAX_ALGS)
					{
						p->alg[tf][p->n[tf]++] = t;
					}
				}
				if (slash == end)
				{
					break;
				}
			}
		}
		s = end;
	}
	return np;
}

static bool same(const tok_t *a, const tok_t *b)
{
	if (is_none(a) && is_none(b))
	{
		return true;
	}
	return a->len == b->len && !memcmp(a->p, b->p, a->len);
}

static bool aead_only(const prop_t *p)
{
	int i;

	for (i = 0; i < p->n[SM_TF_ENCR]; i++)
	{
		if (!is_aead(&p->alg[SM_TF_ENCR][i]))
		{
			return false;
		}
	}
	return p->n[SM_TF_ENCR] > 0;
}

static bool has_none(const prop_t *p, sm_tf_t tf)
{
	int i;

	for (i = 0; i < p->n[tf]; i++)
	{
		if (is_none(&p->alg[tf][i]))
		{
			return true;
		}
	}
	return false;
}

/** Components in which r and c differ; returns their number. */
static int compare(const prop_t *r, const prop_t *c, bool diff[SM_TF_COUNT])
{
	bool optional;
	int tf, i, j, n = 0;

	for (tf = 0; tf < SM_TF_COUNT; tf++)
	{
		diff[tf] = false;
		optional =
			tf == SM_TF_ADDKE || (tf == SM_TF_KE && strcmp(r->proto, "IKE"));
		if (tf == SM_TF_INTEG && aead_only(r) && aead_only(c))
		{
			/* AEAD has integrity built in */
			continue;
		}
		if (!r->n[tf] && !c->n[tf])
		{
			continue;
		}
		if (!r->n[tf] || !c->n[tf])
		{
			diff[tf] = !optional || !has_none(r->n[tf] ? r : c, (sm_tf_t)tf);
		}
		else
		{
			diff[tf] = true;
			for (i = 0; i < r->n[tf] && diff[tf]; i++)
			{
				for (j = 0; j < c->n[tf]; j++)
				{
					if (same(&r->alg[tf][i], &c->alg[tf][j]))
					{
						diff[tf] = false;
						break;
					}
				}
			}
		}
		n += diff[tf];
	}
	return n;
}

/**
 * Order of closeness: fewer differing components first; among equals, the
 * pair that agrees longer in strongSwan's order of selection (a pair that
 * differs in integrity only is closer than one that differs in encryption).
 */
static int rank(int ndiff, const bool diff[SM_TF_COUNT])
{
	int tf;

	for (tf = 0; tf < SM_TF_COUNT && !diff[tf]; tf++)
	{
	}
	return ndiff * (SM_TF_COUNT + 1) + (SM_TF_COUNT - tf);
}

/** Join the algorithms of one component with '/'. */
static void join(const prop_t *p, sm_tf_t tf, char *buf, size_t size)
{
	size_t used = 0;
	int i, w;

	buf[0] = '\0';
	if (!p->n[tf])
	{
		snprintf(buf, size, "none");
		return;
	}
	for (i = 0; i < p->n[tf] && used < size; i++)
	{
		w = snprintf(buf + used, size - used, "%s%.*s", i ? "/" : "",
					 (int)p->alg[tf][i].len, p->alg[tf][i].p);
		if (w < 0)
		{
			break;
		}
		used += (size_t)w;
	}
}

/** Read a decimal number at *s, advancing it; false if there is none. */
static bool number(const char **s, unsigned *v)
{
	const char *p = *s;

	*v = 0;
	while (*p >= '0' && *p <= '9' && *v < 100000)
	{
		*v = *v * 10 + (unsigned)(*p++ - '0');
	}
	if (p == *s)
	{
		return false;
	}
	*s = p;
	return true;
}

/**
 * Whether name is exactly PRE NUMBER [MID NUMBER] [SUF].
 */
static bool fmt(const char *name, const char *pre, unsigned *a, const char *mid,
				unsigned *b, const char *suf)
{
	const char *p = name;

	if (strncmp(p, pre, strlen(pre)))
	{
		return false;
	}
	p += strlen(pre);
	if (!number(&p, a))
	{
		return false;
	}
	if (mid)
	{
		if (strncmp(p, mid, strlen(mid)))
		{
			return false;
		}
		p += strlen(mid);
		if (!number(&p, b))
		{
			return false;
		}
	}
	return !strcmp(p, suf ? suf : "");
}

/** strongSwan keyword of an algorithm name, into buf; false if none. */
static bool keyword(const tok_t *t, char *buf, size_t size)
{
	static const struct {
		const char *name, *kw;
	} fixed[] = {
		{"HMAC_SHA1_96", "sha1"},
		{"HMAC_SHA2_256_128", "sha256"},
		{"HMAC_SHA2_384_192", "sha384"},
		{"HMAC_SHA2_512_256", "sha512"},
		{"HMAC_MD5_96", "md5"},
		{"AES_XCBC_96", "aesxcbc"},
		{"AES_CMAC_96", "aescmac"},
		{"HMAC_SHA2_256_96", "sha256_96"},
		{"PRF_HMAC_SHA1", "prfsha1"},
		{"PRF_HMAC_SHA2_256", "prfsha256"},
		{"PRF_HMAC_SHA2_384", "prfsha384"},
		{"PRF_HMAC_SHA2_512", "prfsha512"},
		{"PRF_HMAC_MD5", "prfmd5"},
		{"PRF_AES128_XCBC", "prfaesxcbc"},
		{"PRF_AES128_CMAC", "prfaescmac"},
		{"3DES_CBC", "3des"},
		{"DES_CBC", "des"},
		{"CHACHA20_POLY1305", "chacha20poly1305"},
		{"CURVE_25519", "curve25519"},
		{"CURVE_448", "curve448"},
		{"MODP_1024_160", "modp1024s160"},
		{"MODP_2048_224", "modp2048s224"},
		{"MODP_2048_256", "modp2048s256"},
		{"EXT_SEQ", "esn"},
		{"NO_EXT_SEQ", ""},
		{"MODP_NONE", "modpnone"},
		{"KE_NONE", "modpnone"},
	};
	unsigned a, b;
	char name[64];
	size_t i;

	if (t->len >= sizeof(name))
	{
		return false;
	}
	memcpy(name, t->p, t->len);
	name[t->len] = '\0';
	for (i = 0; i < countof(fixed); i++)
	{
		if (!strcmp(name, fixed[i].name))
		{
			snprintf(buf, size, "%s", fixed[i].kw);
			return true;
		}
	}
	if (fmt(name, "AES_CBC_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "aes%u", a) > 0;
	}
	if (fmt(name, "AES_CTR_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "aes%uctr", a) > 0;
	}
	if (fmt(name, "AES_GCM_", &b, "_", &a, NULL))
	{
		return snprintf(buf, size, "aes%ugcm%u", a, b) > 0;
	}
	if (fmt(name, "AES_CCM_", &b, "_", &a, NULL))
	{
		return snprintf(buf, size, "aes%uccm%u", a, b) > 0;
	}
	if (fmt(name, "CAMELLIA_CBC_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "camellia%u", a) > 0;
	}
	if (fmt(name, "MODP_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "modp%u", a) > 0;
	}
	if (fmt(name, "ECP_", &a, NULL, NULL, "_BP"))
	{
		return snprintf(buf, size, "ecp%ubp", a) > 0;
	}
	if (fmt(name, "ECP_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "ecp%u", a) > 0;
	}
	if (fmt(name, "ML_KEM_", &a, NULL, NULL, NULL))
	{
		return snprintf(buf, size, "mlkem%u", a) > 0;
	}
	return false;
}

/** Keywords of a proposal, the first algorithm of each component. */
static void keywords(const prop_t *p, char *buf, size_t size)
{
	char kw[64];
	size_t used = 0;
	int tf, w;

	buf[0] = '\0';
	for (tf = 0; tf < SM_TF_COUNT; tf++)
	{
		if (!p->n[tf] || tf == SM_TF_ADDKE)
		{
			continue;
		}
		if (!keyword(&p->alg[tf][0], kw, sizeof(kw)))
		{
			buf[0] = '\0';
			return;
		}
		if (!kw[0])
		{
			continue;
		}
		w = snprintf(buf + used, size - used, "%s%s", used ? "-" : "", kw);
		if (w < 0 || (size_t)w >= size - used)
		{
			buf[0] = '\0';
			return;
		}
		used += (size_t)w;
	}
}

bool sm_propcmp(const char *received, const char *configured, sm_propcmp_t *out)
{
	prop_t *r, *c;
	bool diff[SM_TF_COUNT];
	int nr, nc, i, j, n, best = -1, bi = 0, bj = 0, tf;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	r = calloc(MAX_PROPS, sizeof(*r));
	c = calloc(MAX_PROPS, sizeof(*c));
	if (!r || !c)
	{
		goto out;
	}
	nr = parse_list(received, r);
	nc = parse_list(configured, c);
	for (i = 0; i < nr; i++)
	{
		for (j = 0; j < nc; j++)
		{
			if (strcmp(r[i].proto, c[j].proto))
			{
				continue;
			}
			n = rank(compare(&r[i], &c[j], diff), diff);
			if (best < 0 || n < best)
			{
				best = n;
				bi = i;
				bj = j;
			}
		}
	}
	if (best < 0)
	{
		goto out;
	}
	out->ndiff = compare(&r[bi], &c[bj], out->differs);
	snprintf(out->proto, sizeof(out->proto), "%s", r[bi].proto);
	out->match = out->ndiff == 0;
	for (tf = 0; tf < SM_TF_COUNT; tf++)
	{
		if (out->differs[tf])
		{
			join(&r[bi], (sm_tf_t)tf, out->received[tf], SM_PROPCMP_TEXT);
			join(&c[bj], (sm_tf_t)tf, out->configured[tf], SM_PROPCMP_TEXT);
		}
	}
	keywords(&r[bi], out->keywords, sizeof(out->keywords));
	ok = true;

out:
	free(r);
	free(c);
	return ok;
}

const char *sm_tf_name(sm_tf_t tf)
{
	static const char *const names[SM_TF_COUNT] = {
		"encryption",
		"integrity",
		"PRF",
		"key exchange (DH group)",
		"extended sequence numbers",
		"additional key exchange",
	};

	return (int)tf >= 0 && tf < SM_TF_COUNT ? names[tf] : "?";
}
