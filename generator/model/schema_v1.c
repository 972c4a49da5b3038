/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The key tables of schema version 1 (swanmobile.yaml(5)) and the handlers
 * of the values that need more than the generic types: the version, the
 * children and accounts lists, the clients list, proposals, the PFS method,
 * user identities, passwords and NT hashes.
 */
#include "config.h"

#include "proposal.h"
#include "schema_int.h"
#include "base/nthash.h"
#include "base/text.h"
#include "sm_identity.h"
#include "sm_countof.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define OFF(type, field) offsetof(type, field)

/* every enum holder is { <enum> v; sm_pos_t pos; }: handle_enum relies on it */
_Static_assert(sizeof(sm_key_kind_t) == sizeof(int) &&
				   sizeof(sm_digest_kind_t) == sizeof(int) &&
				   sizeof(sm_frag_kind_t) == sizeof(int) &&
				   sizeof(sm_unique_kind_t) == sizeof(int) &&
				   sizeof(sm_backend_kind_t) == sizeof(int) &&
				   sizeof(sm_datapath_t) == sizeof(int),
			   "enums are int-sized");
_Static_assert(OFF(sm_key_t, v) == 0 && OFF(sm_digest_t, v) == 0 &&
				   OFF(sm_digest_t, pos) == OFF(sm_key_t, pos) &&
				   OFF(sm_ike_t, fragmentation.pos) -
						   OFF(sm_ike_t, fragmentation) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_ike_t, unique_ids.pos) - OFF(sm_ike_t, unique_ids) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_users_t, backend.pos) - OFF(sm_users_t, backend) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_gateway_t, datapath.pos) -
						   OFF(sm_gateway_t, datapath) ==
					   OFF(sm_key_t, pos),
			   "enum holders share one layout");

/* --- value checks ------------------------------------------------------ */

static bool check_proposal(sm_schema_t *s, const sm_yaml_node_t *node, char *v,
						   sm_proto_t proto)
{
	sm_proposal_error_t err;
	sm_proposal_t p;
	char *c;

	/* strongSwan's keywords are lower case */
	for (c = v; *c; c++)
	{
		if (*c >= 'A' && *c <= 'Z')
		{
			*c = (char)(*c - 'A' + 'a');
		}
	}
	if (!sm_proposal_parse(v, proto, &p, &err))
	{
		sm_schema_error(s, sm_yaml_text_pos(node, err.offset), "%s", err.msg);
		return false;
	}
	return true;
}

static bool check_ike(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	return check_proposal(s, node, v, SM_PROTO_IKE);
}

static bool check_esp(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	return check_proposal(s, node, v, SM_PROTO_ESP);
}

/* children[].pfs, mobile.pfs_group: one key exchange method */
static bool check_ke(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	const sm_alg_t *alg = sm_alg_find(v, strlen(v));
	char q[SM_QUOTE_SIZE];
	const char *hint;

	sm_quote(q, v, strlen(v));
	if (!alg || alg->type != SM_TRANS_KE)
	{
		hint = sm_alg_suggest(v, SM_TRANS_KE);
		if (hint)
		{
			sm_schema_error(s, node->pos,
							"'%s' is not a key exchange method; "
							"did you mean '%s'?",
							q, hint);
		}
		else
		{
			sm_schema_error(s, node->pos,
							"'%s' is not a key exchange method "
							"(such as ecp384, curve25519 or modp3072)",
							q);
		}
		return false;
	}
	if (alg->id == SM_KE_NONE)
	{
		sm_schema_error(s, node->pos,
						"'%s' means no key exchange; leave the key "
						"out instead",
						q);
		return false;
	}
	/* store strongSwan's spelling */
	strcpy(v, alg->name);
	return true;
}

static const sm_check_t check_ike_proposal = {check_ike};
static const sm_check_t check_esp_proposal = {check_esp};
static const sm_check_t check_pfs = {check_ke};

/* --- enumerations ------------------------------------------------------ */

static const char *const key_words[] = {"rsa-2048", "rsa-3072", "rsa-4096",
										"ecdsa-p256", "ecdsa-p384"};
static const int key_values[] = {SM_KEY_RSA_2048, SM_KEY_RSA_3072,
								 SM_KEY_RSA_4096, SM_KEY_ECDSA_P256,
								 SM_KEY_ECDSA_P384};
static const sm_enum_t key_enum = {key_words, key_values, 5, "key type"};

static const char *const digest_words[] = {"sha256", "sha384", "sha512"};
static const int digest_values[] = {SM_DIGEST_SHA256, SM_DIGEST_SHA384,
									SM_DIGEST_SHA512};
static const sm_enum_t digest_enum = {digest_words, digest_values, 3, "digest"};

static const char *const frag_words[] = {"yes", "accept", "force", "no"};
static const int frag_values[] = {SM_FRAG_YES, SM_FRAG_ACCEPT, SM_FRAG_FORCE,
								  SM_FRAG_NO};
static const sm_enum_t frag_enum = {frag_words, frag_values, 4,
									"fragmentation mode"};

static const char *const unique_words[] = {"replace", "keep", "never", "no"};
static const int unique_values[] = {SM_UNIQUE_REPLACE, SM_UNIQUE_KEEP,
									SM_UNIQUE_NEVER, SM_UNIQUE_NO};
static const sm_enum_t unique_enum = {unique_words, unique_values, 4,
									  "unique-ID policy"};

static const char *const backend_words[] = {"database", "swanctl"};
static const int backend_values[] = {SM_BACKEND_DATABASE, SM_BACKEND_SWANCTL};
static const sm_enum_t backend_enum = {backend_words, backend_values, 2,
									   "user backend"};

static const char *const datapath_words[] = {"auto", "kernel", "libipsec"};
static const int datapath_values[] = {SM_DATAPATH_AUTO, SM_DATAPATH_KERNEL,
									  SM_DATAPATH_LIBIPSEC};
static const sm_enum_t datapath_enum = {datapath_words, datapath_values, 3,
										"datapath"};

static const char *const client_words[] = {"windows", "apple", "android",
										   "linux"};
static const int client_values[] = {SM_CLIENT_WINDOWS, SM_CLIENT_APPLE,
									SM_CLIENT_ANDROID, SM_CLIENT_LINUX};
static const sm_enum_t client_enum = {client_words, client_values, 4,
									  "client platform"};

/* --- ranges ------------------------------------------------------------ */

/* pfSense's certificate manager caps lifetimes at 12000 days */
static const sm_range_t cert_days = {1, 12000, "days"};
static const sm_range_t renew_days = {0, 12000, "days"};
/* 30 days: longer SA lifetimes only delay rekeying failures */
static const sm_range_t life_seconds = {60, 2592000, "seconds"};
static const sm_range_t time_seconds = {0, 2592000, "seconds"};
static const sm_range_t dpd_seconds = {0, 3600, "seconds"};
static const sm_range_t any_number = {0, UINT64_MAX, NULL};

/* --- addresses --------------------------------------------------------- */

static const sm_addr_arg_t any_address = {
	SM_ADDR_V4 | SM_ADDR_V6 | SM_ADDR_SINGLE, NULL};
static const sm_addr_arg_t v4_address = {SM_ADDR_V4 | SM_ADDR_SINGLE,
										 " (WINS servers are IPv4)"};
static const sm_addr_arg_t user_v4 = {SM_ADDR_V4 | SM_ADDR_SINGLE,
									  "; IPv6 addresses go in address6"};
static const sm_addr_arg_t user_v6 = {SM_ADDR_V6 | SM_ADDR_SINGLE,
									  "; IPv4 addresses go in address"};
static const sm_addr_arg_t pool_v4 = {SM_ADDR_V4 | SM_ADDR_NETWORK,
									  "; IPv6 pools go in mobile.pool6"};
static const sm_addr_arg_t pool_v6 = {SM_ADDR_V6 | SM_ADDR_NETWORK,
									  "; IPv4 pools go in mobile.pool"};
static const sm_addr_arg_t local_net = {
	SM_ADDR_V4 | SM_ADDR_V6 | SM_ADDR_NET_OR_HOST, NULL};

/* --- custom handlers --------------------------------------------------- */

/* whether a mapping has a key, valid or not */
static bool has_key(const sm_yaml_node_t *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->map.n; i++)
	{
		if (!strcmp(map->map.pairs[i].key, key))
		{
			return true;
		}
	}
	return false;
}

static void handle_version(sm_schema_t *s, const sm_yaml_node_t *node,
						   void *base, const sm_key_def_t *def)
{
	sm_uint_t *out = (sm_uint_t *)((char *)base + def->offset);
	uint64_t v;

	if (!sm_schema_number(s, node, &any_number, &v))
	{
		return;
	}
	if (v != SM_SCHEMA_VERSION)
	{
		sm_schema_error(s, node->pos,
						"unsupported schema version %llu; this "
						"swanmobile reads version %d",
						(unsigned long long)v, SM_SCHEMA_VERSION);
		return;
	}
	out->v = v;
	out->set = true;
	out->pos = node->pos;
}

/* --- accounts ---------------------------------------------------------- */

/*
 * Where to report a problem with a secret (password, NT hash): at the value
 * itself; the quoted line shows it as <redacted> (the reader marks every
 * secret value hidden, see yaml_reader.h).
 */
static sm_pos_t secret_pos(const sm_account_t *a, const sm_yaml_node_t *node)
{
	(void)a;
	return node->pos;
}

/*
 * What YAML 1.1 or 1.2 tools (PyYAML, Ansible, yq ...) read a plain scalar
 * as when it is not a string: "a boolean" (true, yes, on, y ... in their
 * capitalisations) or "a number" (decimal, octal, hex and binary integers
 * with '_', floats, sexagesimal 1:20, .inf, .nan); NULL for a string.
 * Nulls are refused as empty values already.
 */
static const char *yaml_non_string(const sm_yaml_node_t *node)
{
	static const char *const bools[] = {
		"y",  "Y",  "yes",  "Yes",  "YES",  "n",     "N",     "no",
		"No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON",   "off",  "Off",  "OFF",
	};
	static const char number[] =
		"^([-+]?(0b[01_]+|0o[0-7]+|0x[0-9a-fA-F_]+|"
		"[0-9][0-9_]*(:[0-5]?[0-9])*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|"
		"\\.[0-9_]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))|\\.(nan|NaN|NAN))$";
	static regex_t re;
	static bool compiled;
	size_t i;

	if (!(node->flags & SM_YAML_PLAIN))
	{
		return NULL;
	}
	for (i = 0;
		 strchr("yYnNtTfFoO", node->scalar.text[0]) && i < countof(bools); i++)
	{
		if (!strcmp(node->scalar.text, bools[i]))
		{
			return "a boolean";
		}
	}
	/* every number starts with a digit, a sign or a dot */
	if (!strchr("0123456789+-.", node->scalar.text[0]) || !node->scalar.text[0])
	{
		return NULL;
	}
	if (!compiled)
	{
		/* a constant pattern: compiling it cannot fail but for memory */
		if (regcomp(&re, number, REG_EXTENDED | REG_NOSUB) != 0)
		{
			return NULL;
		}
		compiled = true;
	}
	return regexec(&re, node->scalar.text, 0, NULL, 0) == 0 ? "a number" : NULL;
}

/* users.accounts[].identity: the one identity rule (sm_identity.h) */
static void handle_identity(sm_schema_t *s, const sm_yaml_node_t *node,
							void *base, const sm_key_def_t *def)
{
	sm_str_t *out = (sm_str_t *)((char *)base + def->offset);
	const char *t = node->scalar.text, *what;
	char q[SM_QUOTE_SIZE], msg[512];
	sm_text_check_t res;
	char *copy;

	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos,
						"empty value; expected the name the "
						"user logs in with");
		return;
	}
	sm_quote(q, t, node->scalar.len);
	what = yaml_non_string(node);
	if (what)
	{
		sm_schema_error(s, node->pos,
						"'%s' is read as %s by YAML tools; "
						"put the identity in quotes (\"%s\")",
						q, what, q);
		return;
	}
	if (!sm_identity_check(t, node->scalar.len, &res))
	{
		sm_identity_message(t, node->scalar.len, &res, msg, sizeof(msg));
		if (sm_identity_quotable(&res))
		{
			sm_schema_error(s, sm_yaml_text_pos(node, res.offset), "'%s' %s", q,
							msg);
		}
		else
		{
			sm_schema_error(s, sm_yaml_text_pos(node, res.offset), "%s", msg);
		}
		return;
	}
	copy = strdup(t);
	if (!copy)
	{
		sm_schema_error(s, node->pos, "out of memory");
		return;
	}
	free(out->v);
	out->v = copy;
	out->pos = node->pos;
}

/* users.accounts[].password: the one password rule; never quoted */
static void handle_password(sm_schema_t *s, const sm_yaml_node_t *node,
							void *base, const sm_key_def_t *def)
{
	sm_account_t *a = base;
	sm_text_check_t res;
	char msg[512];
	char *copy;

	(void)def;
	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos,
						"empty value; expected the password "
						"(in quotes)");
		return;
	}
	if (yaml_non_string(node))
	{
		sm_schema_error(s, secret_pos(a, node),
						"a plain number or "
						"yes/no/on/off word is read as a number or boolean "
						"by YAML tools; put the password in quotes");
		return;
	}
	if (!sm_password_check(node->scalar.text, node->scalar.len, &res))
	{
		sm_password_message(&res, msg, sizeof(msg));
		sm_schema_error(
			s, res.err == SM_TEXT_EMPTY ? node->pos : secret_pos(a, node), "%s",
			msg);
		return;
	}
	copy = strdup(node->scalar.text);
	if (!copy)
	{
		sm_schema_error(s, node->pos, "out of memory");
		return;
	}
	a->password.v = copy;
	a->password.pos = node->pos;
}

static void handle_nt_hash(sm_schema_t *s, const sm_yaml_node_t *node,
						   void *base, const sm_key_def_t *def)
{
	sm_account_t *a = base;

	(void)def;
	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos,
						"empty value; expected %d hexadecimal "
						"digits",
						SM_NT_HASH_HEXLEN);
		return;
	}
	/* never quoted in messages: it is as good as the password; a NUL
	 * byte inside makes it shorter than its scalar */
	if (node->scalar.len != SM_NT_HASH_HEXLEN ||
		!sm_nthash_from_hex(node->scalar.text, a->nt_hash))
	{
		sm_schema_error(s, secret_pos(a, node),
						"expected %d hexadecimal "
						"digits (the MD4 hash of the UTF-16LE password)",
						SM_NT_HASH_HEXLEN);
		return;
	}
	a->has_nt_hash = true;
	a->nt_hash_pos = node->pos;
}

/* a word of clients, folded into the bits at slot */
static bool client_item(sm_schema_t *s, const sm_yaml_node_t *item,
						const sm_key_def_t *def, void *slot)
{
	unsigned int *bits = slot, bit;
	char q[SM_QUOTE_SIZE];
	int w;

	(void)def;
	w = sm_schema_word(s, item, &client_enum);
	if (w < 0)
	{
		return false;
	}
	bit = (unsigned int)client_values[w];
	if (*bits & bit)
	{
		sm_schema_error(s, item->pos, "'%s' is listed twice",
						sm_quote(q, item->scalar.text, item->scalar.len));
	}
	*bits |= bit;
	return true;
}

static void handle_clients(sm_schema_t *s, const sm_yaml_node_t *node,
						   void *base, const sm_key_def_t *def)
{
	sm_model_t *m = base;
	unsigned int bits = 0;

	m->clients_pos = node->pos;
	if (!node->seq.n)
	{
		sm_schema_error(s, node->pos,
						"the list is empty; give at least one "
						"of windows, apple, android, linux (or leave clients "
						"out for all of them)");
		return;
	}
	sm_schema_list_items(s, node, def, &sm_type_enum, &bits, 0, client_item);
	m->clients = bits;
}

static void each_child(sm_schema_t *s, const sm_yaml_node_t *item, void *obj)
{
	sm_child_t *c = obj;

	c->pos = item->pos;
	sm_schema_mapping(s, item, c, sm_schema_child);
}

static void handle_children(sm_schema_t *s, const sm_yaml_node_t *node,
							void *base, const sm_key_def_t *def)
{
	sm_model_t *m = base;

	(void)def;
	m->children_pos = node->pos;
	m->children = sm_schema_mapping_list(s, node, sizeof(*m->children),
										 "one child (a phase 2 with its "
										 "local_networks)",
										 &m->n_children, each_child);
}

static void each_account(sm_schema_t *s, const sm_yaml_node_t *item, void *obj)
{
	sm_account_t *a = obj;

	a->pos = item->pos;
	sm_schema_mapping(s, item, a, sm_schema_account);
	if (a->password.v && a->has_nt_hash)
	{
		sm_schema_error(s, a->nt_hash_pos,
						"give either password or nt_hash, "
						"not both");
	}
	else if (!has_key(item, "password") && !has_key(item, "nt_hash"))
	{
		sm_schema_error(s, item->pos,
						"missing required key "
						"'password' (or 'nt_hash')");
	}
}

static void handle_accounts(sm_schema_t *s, const sm_yaml_node_t *node,
							void *base, const sm_key_def_t *def)
{
	sm_users_t *u = base;

	(void)def;
	u->accounts_pos = node->pos;
	u->accounts = sm_schema_mapping_list(s, node, sizeof(*u->accounts), NULL,
										 &u->n_accounts, each_account);
}

static const sm_type_t type_version = {SM_YAML_SCALAR, handle_version,
									   "a number"};
static const sm_type_t type_identity = {SM_YAML_SCALAR, handle_identity,
										"a string"};
static const sm_type_t type_password = {SM_YAML_SCALAR, handle_password,
										"a string"};
static const sm_type_t type_nt_hash = {SM_YAML_SCALAR, handle_nt_hash,
									   "a string"};
static const sm_type_t type_clients = {SM_YAML_SEQUENCE, handle_clients,
									   "a list"};
static const sm_type_t type_children = {SM_YAML_SEQUENCE, handle_children,
										"a list"};
static const sm_type_t type_accounts = {SM_YAML_SEQUENCE, handle_accounts,
										"a list"};

/* --- the tables -------------------------------------------------------- */

static const sm_key_def_t subject_keys[] = {
	{"country", &sm_type_string, OFF(sm_subject_t, country), 0,
	 &sm_check_country},
	{"state", &sm_type_string, OFF(sm_subject_t, state), 0, &sm_check_dn},
	{"city", &sm_type_string, OFF(sm_subject_t, city), 0, &sm_check_dn},
	{"organization", &sm_type_string, OFF(sm_subject_t, organization), 0,
	 &sm_check_dn},
	{"unit", &sm_type_string, OFF(sm_subject_t, unit), 0, &sm_check_dn},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t subject = {subject_keys, OFF(sm_subject_t, pos)};

static const sm_key_def_t gateway_keys[] = {
	{"hostname", &sm_type_string, OFF(sm_gateway_t, hostname), SM_KEY_REQUIRED,
	 &sm_check_host},
	{"identifier", &sm_type_string, OFF(sm_gateway_t, identifier), 0,
	 &sm_check_host},
	{"names", &sm_type_strlist, OFF(sm_gateway_t, names), 0,
	 &sm_check_hostname},
	{"addresses", &sm_type_addrlist, OFF(sm_gateway_t, addresses), 0,
	 &any_address},
	{"listen", &sm_type_addrlist, OFF(sm_gateway_t, listen), 0, &any_address},
	{"datapath", &sm_type_enum, OFF(sm_gateway_t, datapath), 0, &datapath_enum},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t gateway = {gateway_keys, OFF(sm_gateway_t, pos)};

static const sm_key_def_t ca_keys[] = {
	{"common_name", &sm_type_string, OFF(sm_ca_t, common_name), 0,
	 &sm_check_dn},
	{"subject", &sm_type_section, OFF(sm_ca_t, subject), 0, &subject},
	{"key", &sm_type_enum, OFF(sm_ca_t, key), 0, &key_enum},
	{"digest", &sm_type_enum, OFF(sm_ca_t, digest), 0, &digest_enum},
	{"lifetime", &sm_type_uint, OFF(sm_ca_t, lifetime), 0, &cert_days},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t ca = {ca_keys, OFF(sm_ca_t, pos)};

static const sm_key_def_t cert_keys[] = {
	{"subject", &sm_type_section, OFF(sm_cert_t, subject), 0, &subject},
	{"key", &sm_type_enum, OFF(sm_cert_t, key), 0, &key_enum},
	{"digest", &sm_type_enum, OFF(sm_cert_t, digest), 0, &digest_enum},
	{"lifetime", &sm_type_uint, OFF(sm_cert_t, lifetime), 0, &cert_days},
	{"renew_before", &sm_type_uint, OFF(sm_cert_t, renew_before), 0,
	 &renew_days},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t certificate = {cert_keys, OFF(sm_cert_t, pos)};

static const sm_key_def_t mobile_keys[] = {
	{"pool", &sm_type_addr, OFF(sm_mobile_t, pool), 0, &pool_v4},
	{"pool6", &sm_type_addr, OFF(sm_mobile_t, pool6), 0, &pool_v6},
	{"dns", &sm_type_addrlist, OFF(sm_mobile_t, dns), 0, &any_address},
	{"wins", &sm_type_addrlist, OFF(sm_mobile_t, wins), 0, &v4_address},
	{"default_domain", &sm_type_string, OFF(sm_mobile_t, default_domain), 0,
	 &sm_check_domain},
	{"split_dns", &sm_type_strlist, OFF(sm_mobile_t, split_dns), 0,
	 &sm_check_domain},
	{"network_list", &sm_type_bool, OFF(sm_mobile_t, network_list), 0, NULL},
	{"save_password", &sm_type_bool, OFF(sm_mobile_t, save_password), 0, NULL},
	{"banner", &sm_type_string, OFF(sm_mobile_t, banner), 0, &sm_check_text},
	{"pfs_group", &sm_type_string, OFF(sm_mobile_t, pfs_group), 0, &check_pfs},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t mobile = {mobile_keys, OFF(sm_mobile_t, pos)};

static const sm_key_def_t ike_keys[] = {
	{"proposals", &sm_type_strlist, OFF(sm_ike_t, proposals), SM_KEY_NONEMPTY,
	 &check_ike_proposal},
	{"lifetime", &sm_type_uint, OFF(sm_ike_t, lifetime), 0, &life_seconds},
	{"rekey_time", &sm_type_uint, OFF(sm_ike_t, rekey_time), 0, &time_seconds},
	{"reauth_time", &sm_type_uint, OFF(sm_ike_t, reauth_time), 0,
	 &time_seconds},
	{"rand_time", &sm_type_uint, OFF(sm_ike_t, rand_time), 0, &time_seconds},
	{"mobike", &sm_type_bool, OFF(sm_ike_t, mobike), 0, NULL},
	{"dpd_delay", &sm_type_uint, OFF(sm_ike_t, dpd_delay), 0, &dpd_seconds},
	{"fragmentation", &sm_type_enum, OFF(sm_ike_t, fragmentation), 0,
	 &frag_enum},
	{"unique_ids", &sm_type_enum, OFF(sm_ike_t, unique_ids), 0, &unique_enum},
	{"legacy_crypto", &sm_type_bool, OFF(sm_ike_t, legacy_crypto), 0, NULL},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t ike = {ike_keys, OFF(sm_ike_t, pos)};

const sm_key_def_t sm_schema_child[] = {
	{"name", &sm_type_string, OFF(sm_child_t, name), SM_KEY_REQUIRED,
	 &sm_check_name},
	{"local_networks", &sm_type_addrlist, OFF(sm_child_t, local_networks),
	 SM_KEY_REQUIRED | SM_KEY_NONEMPTY, &local_net},
	{"proposals", &sm_type_strlist, OFF(sm_child_t, proposals), SM_KEY_NONEMPTY,
	 &check_esp_proposal},
	{"pfs", &sm_type_string, OFF(sm_child_t, pfs), 0, &check_pfs},
	{"lifetime", &sm_type_uint, OFF(sm_child_t, lifetime), 0, &life_seconds},
	{"rekey_time", &sm_type_uint, OFF(sm_child_t, rekey_time), 0,
	 &time_seconds},
	{"rand_time", &sm_type_uint, OFF(sm_child_t, rand_time), 0, &time_seconds},
	{NULL, NULL, 0, 0, NULL},
};

const sm_key_def_t sm_schema_account[] = {
	{"identity", &type_identity, OFF(sm_account_t, identity), SM_KEY_REQUIRED,
	 NULL},
	{"password", &type_password, 0, 0, NULL},
	{"nt_hash", &type_nt_hash, 0, 0, NULL},
	{"address", &sm_type_addr, OFF(sm_account_t, address), 0, &user_v4},
	{"address6", &sm_type_addr, OFF(sm_account_t, address6), 0, &user_v6},
	{"dns", &sm_type_addrlist, OFF(sm_account_t, dns), 0, &any_address},
	{"enabled", &sm_type_bool, OFF(sm_account_t, enabled), 0, NULL},
	{NULL, NULL, 0, 0, NULL},
};

static const sm_key_def_t users_keys[] = {
	{"backend", &sm_type_enum, OFF(sm_users_t, backend), 0, &backend_enum},
	{"authoritative", &sm_type_bool, OFF(sm_users_t, authoritative), 0, NULL},
	{"accounts", &type_accounts, 0, 0, NULL},
	{NULL, NULL, 0, 0, NULL},
};
static const sm_section_t users = {users_keys, OFF(sm_users_t, pos)};

/* a users file for swanmobile user import: the users section alone */
const sm_key_def_t sm_schema_users_file[] = {
	{"version", &type_version, OFF(sm_model_t, version), 0, NULL},
	{"users", &sm_type_section, OFF(sm_model_t, users), SM_KEY_REQUIRED,
	 &users},
	{NULL, NULL, 0, 0, NULL},
};

const sm_key_def_t sm_schema_v1[] = {
	{"version", &type_version, OFF(sm_model_t, version), SM_KEY_REQUIRED, NULL},
	{"name", &sm_type_string, OFF(sm_model_t, name), 0, &sm_check_name},
	{"gateway", &sm_type_section, OFF(sm_model_t, gateway), SM_KEY_REQUIRED,
	 &gateway},
	{"ca", &sm_type_section, OFF(sm_model_t, ca), 0, &ca},
	{"certificate", &sm_type_section, OFF(sm_model_t, certificate), 0,
	 &certificate},
	{"mobile", &sm_type_section, OFF(sm_model_t, mobile), SM_KEY_REQUIRED,
	 &mobile},
	{"ike", &sm_type_section, OFF(sm_model_t, ike), 0, &ike},
	{"children", &type_children, 0, SM_KEY_REQUIRED, NULL},
	{"clients", &type_clients, 0, 0, NULL},
	{"users", &sm_type_section, OFF(sm_model_t, users), 0, &users},
	{"firewall", &sm_type_section, OFF(sm_model_t, firewall), 0,
	 &sm_schema_firewall},
	{NULL, NULL, 0, 0, NULL},
};
