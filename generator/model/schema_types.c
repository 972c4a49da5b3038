/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The value types of the schema (strings, string lists, numbers, booleans,
 * enumerations, addresses and networks, address lists, sections), the walk
 * over lists that every list handler uses, and the string checks (names,
 * domain names, hosts, distinguished-name fields).
 */
#include "config.h"

#include "schema_int.h"
#include "base/text.h"
#include "sm_countof.h"
#include "sm_net.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* longest one-line string value, in bytes */
#define LINE_MAX_BYTES 255

/* longest multi-line text value (banner), in bytes */
#define TEXT_MAX_BYTES 4096

/* longest distinguished-name field, in characters (X.509 ub-*-name) */
#define DN_MAX_CHARS 64

static void handle_string(sm_schema_t *s, const sm_yaml_node_t *node,
						  void *base, const sm_key_def_t *def)
{
	sm_schema_str(s, node, def->arg, (sm_str_t *)((char *)base + def->offset));
}

/* see schema_int.h */
void *sm_schema_list_start(sm_schema_t *s, const sm_yaml_node_t *node,
						   const char *empty, size_t item_size)
{
	void *items;

	if (!node->seq.n)
	{
		if (empty)
		{
			sm_schema_error(s, node->pos,
							"the list is empty; give at least "
							"%s",
							empty);
		}
		return NULL;
	}
	items = calloc(node->seq.n, item_size);
	if (!items)
	{
		sm_schema_error(s, node->pos, "out of memory");
	}
	return items;
}

/*
 * The start of a list handler: the list counts as given (even empty), an
 * empty list is an error for SM_KEY_NONEMPTY keys, and room for every item
 * is allocated.  Returns NULL when there is nothing to fill.
 */
static void *list_start(sm_schema_t *s, const sm_yaml_node_t *node,
						const sm_key_def_t *def, bool *set, sm_pos_t *pos,
						size_t item_size)
{
	*set = true;
	*pos = node->pos;
	return sm_schema_list_start(
		s, node, def->flags & SM_KEY_NONEMPTY ? "one value" : NULL, item_size);
}

/* see schema_int.h */
size_t sm_schema_list_items(sm_schema_t *s, const sm_yaml_node_t *node,
							const sm_key_def_t *def, const sm_type_t *type,
							void *items, size_t item_size, sm_item_fn_t one)
{
	const sm_yaml_node_t *item;
	size_t i, old, n = 0;

	for (i = 0; items && i < node->seq.n; i++)
	{
		item = node->seq.items[i];
		if (item->flags & SM_YAML_INVALID)
		{
			continue;
		}
		old = sm_schema_push(s, NULL, i);
		if (sm_schema_kind(s, item, type) &&
			one(s, item, def, (char *)items + n * item_size))
		{
			n++;
		}
		sm_schema_pop(s, old);
	}
	return n;
}

/* see schema_int.h */
void *sm_schema_mapping_list(sm_schema_t *s, const sm_yaml_node_t *node,
							 size_t size, const char *empty, size_t *n,
							 void (*each)(sm_schema_t *s,
										  const sm_yaml_node_t *item,
										  void *obj))
{
	static const sm_type_t item_type = {SM_YAML_MAPPING, NULL, "a mapping"};
	const sm_yaml_node_t *item;
	size_t i, old;
	char *items;

	*n = 0;
	items = sm_schema_list_start(s, node, empty, size);
	if (!items)
	{
		return NULL;
	}
	*n = node->seq.n;
	for (i = 0; i < node->seq.n; i++)
	{
		item = node->seq.items[i];
		if (item->flags & SM_YAML_INVALID)
		{
			continue;
		}
		old = sm_schema_push(s, NULL, i);
		if (sm_schema_kind(s, item, &item_type))
		{
			each(s, item, items + i * size);
		}
		sm_schema_pop(s, old);
	}
	return items;
}

static bool str_item(sm_schema_t *s, const sm_yaml_node_t *item,
					 const sm_key_def_t *def, void *slot)
{
	return sm_schema_str(s, item, def->arg, slot);
}

static void handle_strlist(sm_schema_t *s, const sm_yaml_node_t *node,
						   void *base, const sm_key_def_t *def)
{
	sm_strlist_t *list = (sm_strlist_t *)((char *)base + def->offset);

	list->items =
		list_start(s, node, def, &list->set, &list->pos, sizeof(*list->items));
	list->n = sm_schema_list_items(s, node, def, &sm_type_string, list->items,
								   sizeof(*list->items), str_item);
}

/* "from 60 to 2592000 seconds" */
static const char *range_text(char *buf, size_t size, const sm_range_t *r)
{
	snprintf(buf, size, "from %" PRIu64 " to %" PRIu64 "%s%s", r->min, r->max,
			 r->unit ? " " : "", r->unit ? r->unit : "");
	return buf;
}

bool sm_schema_number(sm_schema_t *s, const sm_yaml_node_t *node,
					  const sm_range_t *range, uint64_t *out)
{
	const char *t = node->scalar.text, *p;
	char q[SM_QUOTE_SIZE], r[128];
	unsigned long long v;
	char *end;

	range_text(r, sizeof(r), range);
	sm_quote(q, t, node->scalar.len);
	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos, "empty value; expected a number %s", r);
		return false;
	}
	if (!(node->flags & SM_YAML_PLAIN))
	{
		sm_schema_error(s, node->pos,
						"expected a number, got the quoted "
						"string '%s'; remove the quotes",
						q);
		return false;
	}
	if (t[0] == '-' || t[0] == '+')
	{
		sm_schema_error(s, node->pos, "'%s' has a sign; expected a number %s",
						q, r);
		return false;
	}
	for (p = t; *p >= '0' && *p <= '9'; p++)
	{
	}
	if (p == t || *p || strlen(t) != node->scalar.len)
	{
		if (p != t && range->unit &&
			(!strcmp(p, "s") || !strcmp(p, "m") || !strcmp(p, "h") ||
			 !strcmp(p, "d")))
		{
			sm_schema_error(s, node->pos,
							"'%s' has a unit; write the plain "
							"number of %s",
							q, range->unit);
		}
		else
		{
			sm_schema_error(s, node->pos,
							"'%s' is not a whole number; "
							"expected a number %s",
							q, r);
		}
		return false;
	}
	if (t[0] == '0' && t[1])
	{
		for (p = t; *p == '0' && p[1]; p++)
		{
		}
		sm_schema_error(s, node->pos,
						"'%s' has a leading zero (YAML 1.1 "
						"reads such numbers as octal); write %s",
						q, p);
		return false;
	}
	errno = 0;
	v = strtoull(t, &end, 10);
	if (errno == ERANGE || *end || v < range->min || v > range->max)
	{
		sm_schema_error(s, node->pos,
						"%s is out of range; expected a number "
						"%s",
						q, r);
		return false;
	}
	*out = (uint64_t)v;
	return true;
}

static void handle_uint(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						const sm_key_def_t *def)
{
	sm_uint_t *out = (sm_uint_t *)((char *)base + def->offset);
	uint64_t v;

	if (sm_schema_number(s, node, def->arg, &v))
	{
		out->v = v;
		out->set = true;
		out->pos = node->pos;
	}
}

static void handle_bool(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						const sm_key_def_t *def)
{
	static const char *const yaml11[] = {"yes", "no", "on", "off", "y", "n"};
	sm_bool_t *out = (sm_bool_t *)((char *)base + def->offset);
	const char *t = node->scalar.text;
	char q[SM_QUOTE_SIZE];
	size_t i;

	sm_quote(q, t, node->scalar.len);
	if ((node->flags & SM_YAML_PLAIN) &&
		(!strcmp(t, "true") || !strcmp(t, "false")))
	{
		out->v = t[0] == 't';
		out->set = true;
		out->pos = node->pos;
		return;
	}
	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos, "empty value; expected true or false");
		return;
	}
	if (!(node->flags & SM_YAML_PLAIN))
	{
		sm_schema_error(s, node->pos,
						"expected true or false, got the "
						"quoted string '%s'; remove the quotes",
						q);
		return;
	}
	for (i = 0; i < countof(yaml11); i++)
	{
		if (!strcasecmp(t, yaml11[i]))
		{
			sm_schema_error(s, node->pos,
							"'%s' is not accepted as a boolean; "
							"write true or false (YAML 1.1 words such as "
							"yes/no/on/off are ambiguous)",
							q);
			return;
		}
	}
	if (!strcasecmp(t, "true") || !strcasecmp(t, "false"))
	{
		sm_schema_error(s, node->pos,
						"'%s': write true or false in lower "
						"case",
						q);
		return;
	}
	sm_schema_error(s, node->pos,
					"'%s' is not a boolean; write true or "
					"false",
					q);
}

int sm_schema_word(sm_schema_t *s, const sm_yaml_node_t *node,
				   const sm_enum_t *e)
{
	char q[SM_QUOTE_SIZE], words[256];
	size_t i, len = 0;

	for (i = 0; i < e->n; i++)
	{
		if (strlen(e->words[i]) == node->scalar.len &&
			!strcmp(e->words[i], node->scalar.text))
		{
			return (int)i;
		}
		if (len < sizeof(words))
		{
			len += (size_t)snprintf(words + len, sizeof(words) - len, "%s%s",
									i ? ", " : "", e->words[i]);
		}
	}
	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos, "empty value; expected a %s: one of %s",
						e->what, words);
	}
	else
	{
		sm_schema_error(s, node->pos, "'%s' is not a %s; expected one of %s",
						sm_quote(q, node->scalar.text, node->scalar.len),
						e->what, words);
	}
	return -1;
}

static void handle_enum(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						const sm_key_def_t *def)
{
	const sm_enum_t *e = def->arg;
	char *field = (char *)base + def->offset;
	int i = sm_schema_word(s, node, e);

	if (i >= 0)
	{
		/* all enum holders are { <enum> v; sm_pos_t pos; } (schema_v1.c
		 * asserts this for each of them) */
		memcpy(field, &e->values[i], sizeof(int));
		memcpy(field + offsetof(sm_key_t, pos), &node->pos, sizeof(sm_pos_t));
	}
}

static bool parse_addr(sm_schema_t *s, const sm_yaml_node_t *node,
					   const sm_addr_arg_t *arg, sm_prefix_t *out)
{
	char q[SM_QUOTE_SIZE], net[SM_PREFIX_STRLEN];
	const char *text, *what, *hint;
	sm_net_err_t err;
	sm_prefix_t p;

	text = sm_schema_text(s, node, false);
	if (!text)
	{
		return false;
	}
	sm_quote(q, text, strlen(text));
	what = arg->flags & SM_ADDR_SINGLE ? "address" : "network";
	hint = arg->hint ? arg->hint : "";
	if ((arg->flags & SM_ADDR_SINGLE) && strchr(text, '/'))
	{
		sm_schema_error(s, node->pos,
						"'%s' has a prefix length; expected a "
						"single address",
						q);
		return false;
	}
	if ((arg->flags & SM_ADDR_NETWORK) && !strchr(text, '/'))
	{
		sm_schema_error(
			s, node->pos,
			"'%s' has no prefix length; expected a "
			"network such as %s",
			q, arg->flags & SM_ADDR_V4 ? "10.3.200.0/24" : "2001:db8:3::/112");
		return false;
	}
	err = sm_prefix_parse(text, &p);
	if (err == SM_NET_ESYNTAX)
	{
		sm_schema_error(s, node->pos, "'%s' is not an IP %s", q, what);
		return false;
	}
	if (err != SM_NET_OK)
	{
		sm_schema_error(s, node->pos, "'%s': %s", q, sm_net_strerror(err));
		return false;
	}
	if (p.family == AF_INET && !(arg->flags & SM_ADDR_V4))
	{
		sm_schema_error(s, node->pos, "'%s' is an IPv4 %s; expected IPv6%s", q,
						what, hint);
		return false;
	}
	if (p.family == AF_INET6 && !(arg->flags & SM_ADDR_V6))
	{
		sm_schema_error(s, node->pos, "'%s' is an IPv6 %s; expected IPv4%s", q,
						what, hint);
		return false;
	}
	if (sm_prefix_host_bits(&p))
	{
		/* pfSense's 192.0.2.1/24 pitfall: say which network was meant */
		sm_prefix_network(&p);
		sm_schema_error(s, node->pos,
						"'%s' has host bits set; the network "
						"is '%s'",
						q, sm_prefix_format(&p, true, net, sizeof(net)));
		return false;
	}
	*out = p;
	return true;
}

static void handle_addr(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						const sm_key_def_t *def)
{
	sm_addr_t *out = (sm_addr_t *)((char *)base + def->offset);

	if (parse_addr(s, node, def->arg, &out->v))
	{
		out->set = true;
		out->pos = node->pos;
	}
}

static bool addr_item(sm_schema_t *s, const sm_yaml_node_t *item,
					  const sm_key_def_t *def, void *slot)
{
	sm_addr_t *a = slot;

	if (!parse_addr(s, item, def->arg, &a->v))
	{
		return false;
	}
	a->set = true;
	a->pos = item->pos;
	return true;
}

static void handle_addrlist(sm_schema_t *s, const sm_yaml_node_t *node,
							void *base, const sm_key_def_t *def)
{
	sm_addrlist_t *list = (sm_addrlist_t *)((char *)base + def->offset);

	list->items =
		list_start(s, node, def, &list->set, &list->pos, sizeof(*list->items));
	list->n = sm_schema_list_items(s, node, def, &sm_type_addr, list->items,
								   sizeof(*list->items), addr_item);
}

static void handle_section(sm_schema_t *s, const sm_yaml_node_t *node,
						   void *base, const sm_key_def_t *def)
{
	const sm_section_t *sec = def->arg;
	char *field = (char *)base + def->offset;

	memcpy(field + sec->pos_offset, &node->pos, sizeof(sm_pos_t));
	sm_schema_mapping(s, node, field, sec->keys);
}

const sm_type_t sm_type_string = {SM_YAML_SCALAR, handle_string, "a string"};
const sm_type_t sm_type_strlist = {SM_YAML_SEQUENCE, handle_strlist, "a list"};
const sm_type_t sm_type_uint = {SM_YAML_SCALAR, handle_uint, "a number"};
const sm_type_t sm_type_bool = {SM_YAML_SCALAR, handle_bool, "true or false"};
const sm_type_t sm_type_addr = {SM_YAML_SCALAR, handle_addr, "an IP address"};
const sm_type_t sm_type_addrlist = {SM_YAML_SEQUENCE, handle_addrlist,
									"a list"};
const sm_type_t sm_type_enum = {SM_YAML_SCALAR, handle_enum, "a word"};
const sm_type_t sm_type_section = {SM_YAML_MAPPING, handle_section,
								   "a mapping"};

static bool check_line(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	if (strlen(v) > LINE_MAX_BYTES)
	{
		sm_schema_error(s, node->pos, "longer than %d bytes", LINE_MAX_BYTES);
		return false;
	}
	return true;
}

static bool check_text(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	if (strlen(v) > TEXT_MAX_BYTES)
	{
		sm_schema_error(s, node->pos, "longer than %d bytes", TEXT_MAX_BYTES);
		return false;
	}
	return true;
}

static bool check_name(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	char q[SM_QUOTE_SIZE];
	size_t len = strlen(v);

	if (len > 32 || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_-") != len)
	{
		sm_schema_error(s, node->pos,
						"'%s' is not a valid name; use 1 to 32 "
						"of a-z, 0-9, '-' and '_'",
						sm_quote(q, v, len));
		return false;
	}
	return true;
}

/* a DNS name by lib's rule (sm_dns_name_check(); flags SM_DNS_HOST for a
 * host name), lower-cased in place, one trailing dot dropped */
static bool check_dns_name(sm_schema_t *s, const sm_yaml_node_t *node, char *v,
						   unsigned int flags)
{
	char q[SM_QUOTE_SIZE], l[SM_QUOTE_SIZE];
	const char *what = flags & SM_DNS_HOST ? "host name" : "domain name";
	const char *allowed = flags & SM_DNS_HOST ? "letters, digits and '-'"
											  : "letters, digits, '-' and '_'";
	sm_dns_fault_t f;
	sm_dns_err_t err;
	size_t i;

	sm_quote(q, v, strlen(v));
	err = sm_dns_name_check(v, flags, &f);
	sm_quote(l, v + f.label, f.label_len);
	switch (err)
	{
		case SM_DNS_OK:
			break;
		case SM_DNS_ENONASCII:
			sm_schema_error(s, node->pos,
							"'%s' is not ASCII; write the "
							"name in its IDNA A-label form ('xn--...', e.g. "
							"as printed by 'idn2')",
							q);
			return false;
		case SM_DNS_ETOOLONG:
			sm_schema_error(s, node->pos, "'%s' is longer than %d characters",
							q, SM_DNS_NAME_MAX);
			return false;
		case SM_DNS_EEMPTY:
		case SM_DNS_ELABEL_EMPTY:
			sm_schema_error(s, node->pos,
							"'%s' is not a valid %s: empty "
							"label",
							q, what);
			return false;
		case SM_DNS_ELABEL_LONG:
			sm_schema_error(s, node->pos,
							"'%s' is not a valid %s: label "
							"'%s' is longer than %d characters",
							q, what, l, SM_DNS_LABEL_MAX);
			return false;
		case SM_DNS_ECHAR:
			sm_schema_error(s, node->pos,
							"'%s' is not a valid %s: '%c' in "
							"label '%s' (only %s are allowed)",
							q, what, v[f.at], l, allowed);
			return false;
		case SM_DNS_EHYPHEN:
			sm_schema_error(s, node->pos,
							"'%s' is not a valid %s: label "
							"'%s' starts or ends with '-'",
							q, what, l);
			return false;
		case SM_DNS_ENUMERIC:
			sm_schema_error(s, node->pos,
							"'%s' is not a valid %s: the last "
							"label is a number",
							q, what);
			return false;
	}
	v[sm_dns_name_len(v)] = '\0';
	for (i = 0; v[i]; i++)
	{
		if (v[i] >= 'A' && v[i] <= 'Z')
		{
			v[i] = (char)(v[i] - 'A' + 'a');
		}
	}
	return true;
}

/* a domain (default_domain, split_dns): the plugin's rule */
static bool check_domain(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	return check_dns_name(s, node, v, 0);
}

/* a host name (gateway.names; a certificate's names) */
static bool check_hostname(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	return check_dns_name(s, node, v, SM_DNS_HOST);
}

/* a DNS name or a single IP address */
static bool check_host(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	char q[SM_QUOTE_SIZE];
	sm_prefix_t p;

	if (strchr(v, '/'))
	{
		sm_schema_error(s, node->pos,
						"'%s' has a prefix length; expected a "
						"DNS name or a single address",
						sm_quote(q, v, strlen(v)));
		return false;
	}
	if (sm_prefix_parse(v, &p) == SM_NET_OK)
	{
		return true;
	}
	return check_hostname(s, node, v);
}

static bool check_dn(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	if (sm_utf8_chars(v, strlen(v)) > DN_MAX_CHARS)
	{
		sm_schema_error(s, node->pos,
						"longer than %d characters (the X.509 "
						"limit)",
						DN_MAX_CHARS);
		return false;
	}
	return true;
}

static bool check_country(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	char q[SM_QUOTE_SIZE];

	if (strlen(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z')
	{
		sm_schema_error(s, node->pos,
						"'%s' is not a two-letter country code "
						"in capitals, such as 'US'",
						sm_quote(q, v, strlen(v)));
		return false;
	}
	return true;
}

const sm_check_t sm_check_line = {check_line};
const sm_check_t sm_check_text = {check_text};
const sm_check_t sm_check_name = {check_name};
const sm_check_t sm_check_domain = {check_domain};
const sm_check_t sm_check_hostname = {check_hostname};
const sm_check_t sm_check_host = {check_host};
const sm_check_t sm_check_dn = {check_dn};
const sm_check_t sm_check_country = {check_country};
