/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "model.h"
#include "sm_countof.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

sm_model_t *sm_model_create(void)
{
	return calloc(1, sizeof(sm_model_t));
}

static void str_free(sm_str_t *s)
{
	free(s->v);
	s->v = NULL;
}

/* passwords are wiped, not just freed */
static void secret_free(sm_str_t *s)
{
	if (s->v)
	{
		OPENSSL_cleanse(s->v, strlen(s->v));
	}
	str_free(s);
}

static void strlist_free(sm_strlist_t *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
	{
		str_free(&l->items[i]);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void addrlist_free(sm_addrlist_t *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void subject_free(sm_subject_t *s)
{
	str_free(&s->country);
	str_free(&s->state);
	str_free(&s->city);
	str_free(&s->organization);
	str_free(&s->unit);
}

static void firewall_free(sm_firewall_t *f)
{
	size_t i;

	for (i = 0; i < f->n_rules; i++)
	{
		addrlist_free(&f->rules[i].to);
		free(f->rules[i].ports.items);
	}
	free(f->rules);
	str_free(&f->nat_interface);
	str_free(&f->tunnel_interface);
}

void sm_model_destroy(sm_model_t *m)
{
	size_t i;

	if (!m)
	{
		return;
	}
	str_free(&m->name);
	str_free(&m->gateway.hostname);
	str_free(&m->gateway.identifier);
	strlist_free(&m->gateway.names);
	addrlist_free(&m->gateway.addresses);
	addrlist_free(&m->gateway.listen);
	str_free(&m->ca.common_name);
	subject_free(&m->ca.subject);
	subject_free(&m->certificate.subject);
	addrlist_free(&m->mobile.dns);
	addrlist_free(&m->mobile.wins);
	str_free(&m->mobile.default_domain);
	strlist_free(&m->mobile.split_dns);
	str_free(&m->mobile.banner);
	str_free(&m->mobile.pfs_group);
	strlist_free(&m->ike.proposals);
	for (i = 0; i < m->n_children; i++)
	{
		str_free(&m->children[i].name);
		addrlist_free(&m->children[i].local_networks);
		strlist_free(&m->children[i].proposals);
		str_free(&m->children[i].pfs);
	}
	free(m->children);
	for (i = 0; i < m->users.n_accounts; i++)
	{
		sm_account_t *a = &m->users.accounts[i];

		str_free(&a->identity);
		secret_free(&a->password);
		OPENSSL_cleanse(a->nt_hash, sizeof(a->nt_hash));
		addrlist_free(&a->dns);
	}
	free(m->users.accounts);
	firewall_free(&m->firewall);
	free(m);
}

static bool set_str(sm_str_t *s, const char *v)
{
	if (!s->v)
	{
		s->v = strdup(v);
	}
	return s->v != NULL;
}

static bool set_list(sm_strlist_t *l, const char *const *v, size_t n)
{
	size_t i;

	if (l->set)
	{
		return true;
	}
	l->items = calloc(n, sizeof(sm_str_t));
	if (!l->items)
	{
		return false;
	}
	for (i = 0; i < n; i++)
	{
		l->items[i].v = strdup(v[i]);
		if (!l->items[i].v)
		{
			return false;
		}
		l->n = i + 1;
	}
	return true;
}

static void set_uint(sm_uint_t *u, uint64_t v)
{
	if (!u->set)
	{
		u->v = v;
		u->set = true;
	}
}

/* 10% of lifetime, but never more than what rekeying leaves before the
 * lifetime ends (strongSwan's own default is lifetime - rekey_time) */
static uint64_t rand_default(const sm_uint_t *life, const sm_uint_t *rekey)
{
	uint64_t v = life->v / 10;

	if (rekey->v < life->v && life->v - rekey->v < v)
	{
		v = life->v - rekey->v;
	}
	return v;
}

static void set_bool(sm_bool_t *b, bool v)
{
	if (!b->set)
	{
		b->v = v;
		b->set = true;
	}
}

/* subject fields of the certificate default to the CA's */
static bool inherit_subject(sm_subject_t *s, const sm_subject_t *from)
{
	return (!from->country.v || set_str(&s->country, from->country.v)) &&
		   (!from->state.v || set_str(&s->state, from->state.v)) &&
		   (!from->city.v || set_str(&s->city, from->city.v)) &&
		   (!from->organization.v ||
			set_str(&s->organization, from->organization.v)) &&
		   (!from->unit.v || set_str(&s->unit, from->unit.v));
}

bool sm_model_defaults(sm_model_t *m)
{
	static const char *const ike[] = {SM_DEFAULT_IKE_PROPOSALS};
	static const char *const esp[] = {SM_DEFAULT_ESP_PROPOSALS};
	char *cn;
	size_t i;

	if (!set_str(&m->name, SM_DEFAULT_NAME))
	{
		return false;
	}
	if (m->gateway.hostname.v && !m->gateway.identifier.v)
	{
		if (!set_str(&m->gateway.identifier, m->gateway.hostname.v))
		{
			return false;
		}
		m->gateway.identifier.pos = m->gateway.hostname.pos;
	}
	if (!m->ca.common_name.v && m->gateway.hostname.v)
	{
		if (asprintf(&cn, "%s VPN CA", m->gateway.hostname.v) < 0)
		{
			return false;
		}
		m->ca.common_name.v = cn;
	}
	if (!m->ca.key.v)
	{
		m->ca.key.v = SM_KEY_ECDSA_P384;
	}
	if (!m->ca.digest.v)
	{
		m->ca.digest.v = m->ca.key.v == SM_KEY_ECDSA_P384 ? SM_DIGEST_SHA384
														  : SM_DIGEST_SHA256;
	}
	set_uint(&m->ca.lifetime, SM_DEFAULT_CA_LIFETIME_DAYS);
	if (!inherit_subject(&m->certificate.subject, &m->ca.subject))
	{
		return false;
	}
	if (!m->certificate.key.v)
	{
		m->certificate.key.v = SM_KEY_RSA_3072;
	}
	if (!m->certificate.digest.v)
	{
		m->certificate.digest.v = SM_DIGEST_SHA256;
	}
	set_uint(&m->certificate.lifetime, SM_DEFAULT_CERT_LIFETIME_DAYS);
	set_uint(&m->certificate.renew_before, SM_DEFAULT_RENEW_BEFORE_DAYS);

	set_bool(&m->mobile.network_list, true);
	set_bool(&m->mobile.save_password, false);

	if (!set_list(&m->ike.proposals, ike, countof(ike)))
	{
		return false;
	}
	set_uint(&m->ike.lifetime, SM_DEFAULT_IKE_LIFETIME);
	set_uint(&m->ike.rekey_time, m->ike.lifetime.v * 9 / 10);
	set_uint(&m->ike.reauth_time, 0);
	set_uint(&m->ike.rand_time,
			 rand_default(&m->ike.lifetime, &m->ike.rekey_time));
	set_bool(&m->ike.mobike, true);
	set_uint(&m->ike.dpd_delay, SM_DEFAULT_DPD_DELAY);
	if (!m->ike.fragmentation.v)
	{
		m->ike.fragmentation.v = SM_FRAG_YES;
	}
	if (!m->ike.unique_ids.v)
	{
		m->ike.unique_ids.v = SM_UNIQUE_REPLACE;
	}
	set_bool(&m->ike.legacy_crypto, false);

	for (i = 0; i < m->n_children; i++)
	{
		sm_child_t *c = &m->children[i];

		if (!set_list(&c->proposals, esp, countof(esp)))
		{
			return false;
		}
		set_uint(&c->lifetime, SM_DEFAULT_CHILD_LIFETIME);
		set_uint(&c->rekey_time, c->lifetime.v * 9 / 10);
		set_uint(&c->rand_time, rand_default(&c->lifetime, &c->rekey_time));
	}
	if (!m->clients)
	{
		m->clients = SM_CLIENTS_ALL;
	}
	if (!m->users.backend.v)
	{
		m->users.backend.v = SM_BACKEND_DATABASE;
	}
	set_bool(&m->users.authoritative, false);
	for (i = 0; i < m->users.n_accounts; i++)
	{
		set_bool(&m->users.accounts[i].enabled, true);
	}
	set_bool(&m->firewall.enabled, true);
	if (!m->firewall.access.v)
	{
		m->firewall.access.v = SM_ACCESS_NETWORKS;
	}
	set_bool(&m->firewall.nat, false);
	/* the rules follow gateway.datapath; auto accepts both kinds of
	 * tunnel traffic, as scripts/gateway up may decide again */
	if (!m->firewall.datapath.v)
	{
		m->firewall.datapath.v = m->gateway.datapath.v;
	}
	set_uint(&m->firewall.mss, SM_DEFAULT_MSS);
	return set_str(&m->firewall.tunnel_interface, SM_DEFAULT_TUNNEL_INTERFACE);
}

const char *sm_key_name(sm_key_kind_t key)
{
	switch (key)
	{
		case SM_KEY_RSA_2048:
			return "rsa-2048";
		case SM_KEY_RSA_3072:
			return "rsa-3072";
		case SM_KEY_RSA_4096:
			return "rsa-4096";
		case SM_KEY_ECDSA_P256:
			return "ecdsa-p256";
		case SM_KEY_ECDSA_P384:
			return "ecdsa-p384";
		case SM_KEY_UNSET:
			break;
	}
	return "unset";
}

const char *sm_digest_name(sm_digest_kind_t digest)
{
	switch (digest)
	{
		case SM_DIGEST_SHA256:
			return "sha256";
		case SM_DIGEST_SHA384:
			return "sha384";
		case SM_DIGEST_SHA512:
			return "sha512";
		case SM_DIGEST_UNSET:
			break;
	}
	return "unset";
}

const char *sm_client_name(sm_client_t client)
{
	switch (client)
	{
		case SM_CLIENT_WINDOWS:
			return "windows";
		case SM_CLIENT_APPLE:
			return "apple";
		case SM_CLIENT_ANDROID:
			return "android";
		case SM_CLIENT_LINUX:
			return "linux";
	}
	return "unknown";
}
