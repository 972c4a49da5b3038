/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proposals as charon holds them, and strongSwan 5.9.8's rules for
 * choosing one (src/libstrongswan/crypto/proposal/proposal.c at tag 5.9.8:
 * check_proposal(), select_algo(), select_algos(), proposal_select()).
 * The keywords are those of model/proposal.c, the one table of them.
 */
#include "config.h"

#include "profiles.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* strongSwan 5.9.8's default proposals as Debian 12's charon builds them
 * (its plugins' algorithms in the factory's order, logged by charon when
 * it loads a connection with "proposals = default"): the classic proposal
 * and its AEAD twin (proposal_create_default(), _default_aead()) */
static const char *const default_ike[] = {
	"aes128-aes192-aes256-aes128ctr-aes192ctr-aes256ctr-camellia128-"
	"camellia192-camellia256-camellia128ctr-camellia192ctr-camellia256ctr-"
	"3des-sha256-sha384-sha512-aesxcbc-aescmac-sha1-prfsha256-prfsha384-"
	"prfsha512-prfaesxcbc-prfaescmac-prfsha1-curve25519-curve448-ecp256-"
	"ecp384-ecp521-ecp256bp-ecp384bp-ecp512bp-modp3072-modp4096-modp6144-"
	"modp8192-modp2048",
	"aes128ccm16-aes192ccm16-aes256ccm16-aes128gcm16-aes192gcm16-"
	"aes256gcm16-chacha20poly1305-aes128ccm8-aes192ccm8-aes256ccm8-"
	"aes128ccm12-aes192ccm12-aes256ccm12-aes128gcm8-aes192gcm8-aes256gcm8-"
	"aes128gcm12-aes192gcm12-aes256gcm12-prfsha256-prfsha384-prfsha512-"
	"prfaesxcbc-prfaescmac-prfsha1-curve25519-curve448-ecp256-ecp384-"
	"ecp521-ecp256bp-ecp384bp-ecp512bp-modp3072-modp4096-modp6144-"
	"modp8192-modp2048",
};
static const char *const default_esp[] = {
	"aes128-aes192-aes256-sha256-sha384-sha512-sha1-aesxcbc",
	"aes128gcm16-aes192gcm16-aes256gcm16",
};

/* the keyword written for a transform (the first of model/proposal.c's
 * spellings that says the key size) */
static const struct {
	sm_trans_t type;
	uint16_t id;
	uint16_t keysize;
	const char *name;
} names[] = {
	{SM_TRANS_ENCR, 3, 0, "3des"},
	{SM_TRANS_ENCR, 2, 0, "des"},
	{SM_TRANS_ENCR, 11, 0, "null"},
	{SM_TRANS_ENCR, 12, 128, "aes128"},
	{SM_TRANS_ENCR, 12, 192, "aes192"},
	{SM_TRANS_ENCR, 12, 256, "aes256"},
	{SM_TRANS_ENCR, 13, 128, "aes128ctr"},
	{SM_TRANS_ENCR, 13, 192, "aes192ctr"},
	{SM_TRANS_ENCR, 13, 256, "aes256ctr"},
	{SM_TRANS_ENCR, 14, 128, "aes128ccm8"},
	{SM_TRANS_ENCR, 14, 192, "aes192ccm8"},
	{SM_TRANS_ENCR, 14, 256, "aes256ccm8"},
	{SM_TRANS_ENCR, 15, 128, "aes128ccm12"},
	{SM_TRANS_ENCR, 15, 192, "aes192ccm12"},
	{SM_TRANS_ENCR, 15, 256, "aes256ccm12"},
	{SM_TRANS_ENCR, 16, 128, "aes128ccm16"},
	{SM_TRANS_ENCR, 16, 192, "aes192ccm16"},
	{SM_TRANS_ENCR, 16, 256, "aes256ccm16"},
	{SM_TRANS_ENCR, 18, 128, "aes128gcm8"},
	{SM_TRANS_ENCR, 18, 192, "aes192gcm8"},
	{SM_TRANS_ENCR, 18, 256, "aes256gcm8"},
	{SM_TRANS_ENCR, 19, 128, "aes128gcm12"},
	{SM_TRANS_ENCR, 19, 192, "aes192gcm12"},
	{SM_TRANS_ENCR, 19, 256, "aes256gcm12"},
	{SM_TRANS_ENCR, 20, 128, "aes128gcm16"},
	{SM_TRANS_ENCR, 20, 192, "aes192gcm16"},
	{SM_TRANS_ENCR, 20, 256, "aes256gcm16"},
	{SM_TRANS_ENCR, 28, 0, "chacha20poly1305"},
	{SM_TRANS_ENCR, 23, 128, "camellia128"},
	{SM_TRANS_ENCR, 23, 192, "camellia192"},
	{SM_TRANS_ENCR, 23, 256, "camellia256"},
	{SM_TRANS_ENCR, 24, 128, "camellia128ctr"},
	{SM_TRANS_ENCR, 24, 192, "camellia192ctr"},
	{SM_TRANS_ENCR, 24, 256, "camellia256ctr"},
	{SM_TRANS_INTEG, 1, 0, "md5"},
	{SM_TRANS_INTEG, 2, 0, "sha1"},
	{SM_TRANS_INTEG, 5, 0, "aesxcbc"},
	{SM_TRANS_INTEG, 8, 0, "aescmac"},
	{SM_TRANS_INTEG, 12, 0, "sha256"},
	{SM_TRANS_INTEG, 13, 0, "sha384"},
	{SM_TRANS_INTEG, 14, 0, "sha512"},
	{SM_TRANS_PRF, 1, 0, "prfmd5"},
	{SM_TRANS_PRF, 2, 0, "prfsha1"},
	{SM_TRANS_PRF, 4, 0, "prfaesxcbc"},
	{SM_TRANS_PRF, 5, 0, "prfsha256"},
	{SM_TRANS_PRF, 6, 0, "prfsha384"},
	{SM_TRANS_PRF, 7, 0, "prfsha512"},
	{SM_TRANS_PRF, 8, 0, "prfaescmac"},
	{SM_TRANS_KE, 0, 0, "none"},
	{SM_TRANS_KE, 1, 0, "modp768"},
	{SM_TRANS_KE, 2, 0, "modp1024"},
	{SM_TRANS_KE, 5, 0, "modp1536"},
	{SM_TRANS_KE, 14, 0, "modp2048"},
	{SM_TRANS_KE, 15, 0, "modp3072"},
	{SM_TRANS_KE, 16, 0, "modp4096"},
	{SM_TRANS_KE, 17, 0, "modp6144"},
	{SM_TRANS_KE, 18, 0, "modp8192"},
	{SM_TRANS_KE, 19, 0, "ecp256"},
	{SM_TRANS_KE, 20, 0, "ecp384"},
	{SM_TRANS_KE, 21, 0, "ecp521"},
	{SM_TRANS_KE, 22, 0, "modp1024s160"},
	{SM_TRANS_KE, 23, 0, "modp2048s224"},
	{SM_TRANS_KE, 24, 0, "modp2048s256"},
	{SM_TRANS_KE, 25, 0, "ecp192"},
	{SM_TRANS_KE, 26, 0, "ecp224"},
	{SM_TRANS_KE, 27, 0, "ecp224bp"},
	{SM_TRANS_KE, 28, 0, "ecp256bp"},
	{SM_TRANS_KE, 29, 0, "ecp384bp"},
	{SM_TRANS_KE, 30, 0, "ecp512bp"},
	{SM_TRANS_KE, 31, 0, "curve25519"},
	{SM_TRANS_KE, 32, 0, "curve448"},
	{SM_TRANS_ESN, 1, 0, "esn"},
};

/* "unknown algorithm 'WORD'" */
static bool fail_word(char *err, size_t errlen, const char *word)
{
	snprintf(err, errlen, "unknown algorithm '%s'", word);
	return false;
}

static bool fail0(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return false;
}

static bool has_type(const sm_prop_t *p, sm_trans_t type)
{
	return sm_prop_first(p, type, NULL, NULL);
}

static void remove_type(sm_prop_t *p, sm_trans_t type, bool only_none)
{
	size_t i, k = 0;

	for (i = 0; i < p->n; i++)
	{
		if (p->x[i].type != type || (only_none && p->x[i].id != 0))
		{
			p->x[k++] = p->x[i];
		}
	}
	p->n = k;
}

static bool add(sm_prop_t *p, sm_trans_t type, uint16_t id, uint16_t keysize)
{
	if (p->n == SM_PROP_MAX_XFORMS)
	{
		return false;
	}
	p->x[p->n++] = (sm_xform_t){.type = type, .id = id, .keysize = keysize};
	return true;
}

/* check_proposal() */
static bool check(sm_prop_t *p, char *err, size_t errlen)
{
	bool any_aead = false, all_aead = true, any_enc = false;
	bool written_prf = has_type(p, SM_TRANS_PRF);
	uint16_t prf;
	size_t i, n;

	if (p->proto == SM_PROTO_IKE)
	{
		/* no PRF written: the one of each integrity algorithm
		 * (model/proposal.c's table of integ_prf_map) */
		n = p->n;
		for (i = 0; i < n && !written_prf; i++)
		{
			prf = p->x[i].type == SM_TRANS_INTEG ? sm_alg_integ_prf(p->x[i].id)
												 : 0;
			if (prf && !sm_prop_has(p, SM_TRANS_PRF, prf, 0))
			{
				add(p, SM_TRANS_PRF, prf, 0);
			}
		}
		if (!has_type(p, SM_TRANS_PRF))
		{
			return fail0(err, errlen, "a PRF is mandatory in IKE proposals");
		}
		remove_type(p, SM_TRANS_KE, true);
		if (!has_type(p, SM_TRANS_KE))
		{
			return fail0(err, errlen,
						 "a key exchange method is mandatory "
						 "in IKE proposals");
		}
	}
	else
	{
		remove_type(p, SM_TRANS_PRF, false);
	}
	for (i = 0; i < p->n; i++)
	{
		if (p->x[i].type == SM_TRANS_ENCR)
		{
			any_enc = true;
			any_aead |= sm_alg_is_aead(p->x[i].id);
			all_aead &= sm_alg_is_aead(p->x[i].id);
		}
	}
	if (!any_enc)
	{
		return fail0(err, errlen, "an encryption algorithm is mandatory");
	}
	if (any_aead && !all_aead)
	{
		return fail0(err, errlen,
					 "classic and AEAD encryption cannot be in "
					 "one proposal");
	}
	if (all_aead)
	{
		remove_type(p, SM_TRANS_INTEG, false);
	}
	else if (p->proto == SM_PROTO_IKE && !has_type(p, SM_TRANS_INTEG))
	{
		return fail0(err, errlen,
					 "an integrity algorithm is mandatory with "
					 "classic encryption");
	}
	if (p->proto == SM_PROTO_ESP && !has_type(p, SM_TRANS_ESN))
	{
		add(p, SM_TRANS_ESN, 0, 0);
	}
	return true;
}

/* one proposal of a list */
static bool parse_one(const char *text, size_t len, sm_proto_t proto,
					  sm_prop_t *p, char *err, size_t errlen)
{
	const sm_alg_t *alg;
	char word[64];
	size_t start, end;

	memset(p, 0, sizeof(*p));
	p->proto = proto;
	for (start = 0; start <= len; start = end + 1)
	{
		end = start;
		while (end < len && text[end] != '-')
		{
			end++;
		}
		snprintf(word, sizeof(word), "%.*s", (int)(end - start), text + start);
		alg = sm_alg_find(text + start, end - start);
		if (!alg)
		{
			return fail_word(err, errlen, word);
		}
		if (!add(p, alg->type, alg->id, alg->keysize))
		{
			return fail0(err, errlen, "too many algorithms in a proposal");
		}
	}
	return check(p, err, errlen);
}

static bool append(sm_props_t *props, const char *text, size_t len,
				   sm_proto_t proto, char *err, size_t errlen)
{
	if (props->n == SM_PROPS_MAX)
	{
		return fail0(err, errlen, "more than 32 proposals");
	}
	if (!parse_one(text, len, proto, &props->p[props->n], err, errlen))
	{
		return false;
	}
	props->n++;
	return true;
}

bool sm_props_parse(const char *list, sm_proto_t proto, sm_props_t *props,
					char *err, size_t errlen)
{
	const char *const *def = proto == SM_PROTO_IKE ? default_ike : default_esp;
	const char *p = list, *end;
	size_t len, i;

	while (*p)
	{
		while (*p == ' ' || *p == ',')
		{
			p++;
		}
		if (!*p)
		{
			break;
		}
		for (end = p; *end && *end != ',' && *end != ' '; end++)
		{
		}
		len = (size_t)(end - p);
		if (len == 7 && !strncasecmp(p, "default", 7))
		{
			for (i = 0; i < 2; i++)
			{
				if (!append(props, def[i], strlen(def[i]), proto, err, errlen))
				{
					return false;
				}
			}
		}
		else if (!append(props, p, len, proto, err, errlen))
		{
			return false;
		}
		p = end;
	}
	return true;
}

bool sm_prop_first(const sm_prop_t *p, sm_trans_t type, uint16_t *id,
				   uint16_t *keysize)
{
	size_t i;

	for (i = 0; i < p->n; i++)
	{
		if (p->x[i].type == type)
		{
			if (id)
			{
				*id = p->x[i].id;
			}
			if (keysize)
			{
				*keysize = p->x[i].keysize;
			}
			return true;
		}
	}
	return false;
}

uint16_t sm_props_first_ke(const sm_props_t *props)
{
	uint16_t id;
	size_t i;

	for (i = 0; i < props->n; i++)
	{
		if (sm_prop_first(&props->p[i], SM_TRANS_KE, &id, NULL))
		{
			return id;
		}
	}
	return 0;
}

bool sm_prop_has(const sm_prop_t *p, sm_trans_t type, uint16_t id,
				 uint16_t keysize)
{
	size_t i;

	for (i = 0; i < p->n; i++)
	{
		if (p->x[i].type == type && p->x[i].id == id &&
			p->x[i].keysize == keysize)
		{
			return true;
		}
	}
	return false;
}

/* select_algo(): this is the preferred side */
static bool select_algo(const sm_prop_t *this, const sm_prop_t *other,
						sm_trans_t type, sm_xform_t *sel)
{
	bool optional = type == SM_TRANS_KE && this->proto != SM_PROTO_IKE;
	bool this_has = has_type(this, type), other_has = has_type(other, type);
	size_t i, k;

	sel->type = type;
	sel->id = 0;
	sel->keysize = 0;
	if (!this_has && !other_has)
	{
		return true;
	}
	/* if one side has no key exchange, "none" on the other matches */
	if (optional && !this_has)
	{
		return sm_prop_has(other, SM_TRANS_KE, 0, 0);
	}
	if (optional && !other_has)
	{
		return sm_prop_has(this, SM_TRANS_KE, 0, 0);
	}
	for (i = 0; i < this->n; i++)
	{
		if (this->x[i].type != type)
		{
			continue;
		}
		for (k = 0; k < other->n; k++)
		{
			if (other->x[k].type == type && other->x[k].id == this->x[i].id &&
				other->x[k].keysize == this->x[i].keysize)
			{
				/* PROPOSAL_SKIP_PRIVATE: the peer is not known to be
				 * strongSwan (no vendor ID by default) */
				if (this->x[i].id >= 1024)
				{
					continue;
				}
				*sel = this->x[i];
				return true;
			}
		}
	}
	return false;
}

/* select_algos() */
static bool select_algos(const sm_prop_t *this, const sm_prop_t *other,
						 int flags, sm_prop_t *selected)
{
	static const sm_trans_t types[] = {SM_TRANS_ENCR, SM_TRANS_INTEG,
									   SM_TRANS_PRF, SM_TRANS_KE, SM_TRANS_ESN};
	bool skip_integ = false;
	sm_xform_t sel;
	size_t i;

	memset(selected, 0, sizeof(*selected));
	selected->proto = this->proto;
	for (i = 0; i < countof(types); i++)
	{
		if ((types[i] == SM_TRANS_INTEG && skip_integ) ||
			(types[i] == SM_TRANS_KE && (flags & SM_SELECT_SKIP_KE)))
		{
			continue;
		}
		if (!has_type(this, types[i]) && !has_type(other, types[i]))
		{
			continue;
		}
		if (!select_algo(this, other, types[i], &sel))
		{
			return false;
		}
		if (sel.id == 0 && types[i] != SM_TRANS_ESN)
		{
			/* "none" */
			continue;
		}
		add(selected, sel.type, sel.id, sel.keysize);
		if (types[i] == SM_TRANS_ENCR && sm_alg_is_aead(sel.id))
		{
			skip_integ = true;
		}
	}
	return true;
}

bool sm_props_select(const sm_props_t *configured, const sm_props_t *supplied,
					 int flags, sm_prop_t *selected)
{
	sm_prop_t tmp;
	size_t i, k;

	for (i = 0; i < configured->n; i++)
	{
		for (k = 0; k < supplied->n; k++)
		{
			if (configured->p[i].proto == supplied->p[k].proto &&
				select_algos(&configured->p[i], &supplied->p[k], flags, &tmp))
			{
				if (selected)
				{
					*selected = tmp;
				}
				return true;
			}
		}
	}
	return false;
}

static bool same(const sm_prop_t *a, const sm_prop_t *b)
{
	return a->proto == b->proto && a->n == b->n &&
		   !memcmp(a->x, b->x, a->n * sizeof(a->x[0]));
}

void sm_props_strip_ke(sm_props_t *props)
{
	size_t i, k, n = 0;
	bool dup;

	for (i = 0; i < props->n; i++)
	{
		remove_type(&props->p[i], SM_TRANS_KE, false);
		for (dup = false, k = 0; k < n && !dup; k++)
		{
			dup = same(&props->p[k], &props->p[i]);
		}
		if (!dup)
		{
			props->p[n++] = props->p[i];
		}
	}
	props->n = n;
}

static const char *xform_name(const sm_xform_t *x)
{
	size_t i;

	for (i = 0; i < countof(names); i++)
	{
		if (names[i].type == x->type && names[i].id == x->id &&
			names[i].keysize == x->keysize)
		{
			return names[i].name;
		}
	}
	return NULL;
}

const char *sm_ke_keyword(uint16_t id)
{
	sm_xform_t x = {.type = SM_TRANS_KE, .id = id};

	return xform_name(&x);
}

const char *sm_prop_format(const sm_prop_t *p, char *buf, size_t size)
{
	static const sm_trans_t order[] = {SM_TRANS_ENCR, SM_TRANS_INTEG,
									   SM_TRANS_PRF, SM_TRANS_KE, SM_TRANS_ESN};
	const char *name;
	size_t i, t, len = 0;

	buf[0] = '\0';
	/* by type, as strongSwan writes them */
	for (t = 0; t < countof(order); t++)
	{
		for (i = 0; i < p->n && len < size; i++)
		{
			/* "noesn" is the default */
			if (p->x[i].type != order[t] ||
				(p->x[i].type == SM_TRANS_ESN && p->x[i].id == 0))
			{
				continue;
			}
			name = xform_name(&p->x[i]);
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
									len ? "-" : "", name ? name : "?");
		}
	}
	return buf;
}

const char *sm_props_format(const sm_props_t *props, const char *sep, char *buf,
							size_t size)
{
	char one[1024];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < props->n && len < size; i++)
	{
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? sep : "",
								sm_prop_format(&props->p[i], one, sizeof(one)));
	}
	return buf;
}

/* emit.c's child_proposals(): the child's pfs appended to the proposals
 * that name no key exchange method */
static bool child_list(const sm_child_t *c, sm_props_t *esp, char *err,
					   size_t errlen)
{
	sm_proposal_error_t perr;
	sm_proposal_t p;
	char text[SM_PROPOSAL_MAX_LEN + 64];
	size_t i, k;
	sm_props_t one;

	for (i = 0; i < c->proposals.n; i++)
	{
		const char *v = c->proposals.items[i].v;

		if (c->pfs.v && sm_proposal_parse(v, SM_PROTO_ESP, &p, &perr) &&
			!sm_proposal_has_type(&p, SM_TRANS_KE))
		{
			snprintf(text, sizeof(text), "%s-%s", v, c->pfs.v);
		}
		else
		{
			snprintf(text, sizeof(text), "%s", v);
		}
		one.n = 0;
		if (!sm_props_parse(text, SM_PROTO_ESP, &one, err, errlen))
		{
			return false;
		}
		/* swanctl's list: a proposal written twice is loaded once */
		for (k = 0; k < one.n; k++)
		{
			size_t j;
			bool dup = false;

			for (j = 0; j < esp->n && !dup; j++)
			{
				dup = same(&esp->p[j], &one.p[k]);
			}
			if (!dup && esp->n < SM_PROPS_MAX)
			{
				esp->p[esp->n++] = one.p[k];
			}
		}
	}
	return true;
}

bool sm_gateway_props(const sm_model_t *m, sm_props_t *ike, sm_props_t *esp,
					  char *err, size_t errlen)
{
	size_t i;

	ike->n = 0;
	esp->n = 0;
	for (i = 0; i < m->ike.proposals.n; i++)
	{
		if (!sm_props_parse(m->ike.proposals.items[i].v, SM_PROTO_IKE, ike, err,
							errlen))
		{
			return false;
		}
	}
	for (i = 0; i < m->n_children; i++)
	{
		if (!child_list(&m->children[i], esp, err, errlen))
		{
			return false;
		}
	}
	return true;
}
