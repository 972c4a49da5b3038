/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The key tables of the firewall section (swanmobile.yaml(5), FIREWALL) and
 * the handlers of its values that need more than the generic types:
 * interface names, port lists and the rules list.
 */
#include "config.h"

#include "schema_int.h"
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(type, field) offsetof(type, field)

/* Linux's IFNAMSIZ less the terminating NUL */
#define IFNAME_MAX 15

/* every enum holder is { <enum> v; sm_pos_t pos; }: handle_enum relies on it */
_Static_assert(sizeof(sm_access_kind_t) == sizeof(int) &&
				   sizeof(sm_datapath_t) == sizeof(int) &&
				   sizeof(sm_rule_action_t) == sizeof(int) &&
				   sizeof(sm_l4_kind_t) == sizeof(int),
			   "enums are int-sized");
_Static_assert(OFF(sm_firewall_t, access.pos) - OFF(sm_firewall_t, access) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_firewall_t, datapath.pos) -
						   OFF(sm_firewall_t, datapath) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_fw_rule_t, action.pos) - OFF(sm_fw_rule_t, action) ==
					   OFF(sm_key_t, pos) &&
				   OFF(sm_fw_rule_t, protocol.pos) -
						   OFF(sm_fw_rule_t, protocol) ==
					   OFF(sm_key_t, pos),
			   "enum holders share one layout");

/* --- interface names ----------------------------------------------------- */

/*
 * A Linux interface name as the kernel accepts it (dev_valid_name(): 1 to
 * 15 bytes, not "." or "..", no '/', ':' or white space), further limited
 * to visible ASCII without '"', '\\' and '*', which nft(8) would read as
 * the end of the string, an escape or a wildcard.
 */
static bool check_ifname(sm_schema_t *s, const sm_yaml_node_t *node, char *v)
{
	char q[SM_QUOTE_SIZE];
	size_t len = strlen(v), i;

	sm_quote(q, v, len);
	if (len > IFNAME_MAX)
	{
		sm_schema_error(s, node->pos,
						"'%s' is longer than %d bytes, the "
						"longest interface name Linux allows",
						q, IFNAME_MAX);
		return false;
	}
	if (!strcmp(v, ".") || !strcmp(v, ".."))
	{
		sm_schema_error(s, node->pos, "'%s' is not a valid interface name", q);
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (v[i] <= ' ' || v[i] >= 0x7f || strchr("/:\"\\*", v[i]))
		{
			sm_schema_error(s, sm_yaml_text_pos(node, i),
							"'%s' is not a "
							"valid interface name: no white space, non-ASCII "
							"characters or any of / : \" \\ * (as 'ip link' "
							"shows it, such as eth0)",
							q);
			return false;
		}
	}
	return true;
}

static const sm_check_t ifname = {check_ifname};

/* --- ports --------------------------------------------------------------- */

/* a decimal port number 1-65535 without sign or leading zero at *p, up to
 * end; false if it is not one */
static bool parse_port(const char *p, const char *end, uint16_t *out)
{
	unsigned long v = 0;

	if (p == end || *p == '0' || end - p > 5)
	{
		return false;
	}
	for (; p < end; p++)
	{
		if (*p < '0' || *p > '9')
		{
			return false;
		}
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > 65535)
	{
		return false;
	}
	*out = (uint16_t)v;
	return true;
}

/* one item of rules[].ports: a port number or a range "LOW-HIGH" */
static bool port_item(sm_schema_t *s, const sm_yaml_node_t *item,
					  const sm_key_def_t *def, void *slot)
{
	sm_port_t *port = slot;
	const char *t, *dash;
	char q[SM_QUOTE_SIZE];

	(void)def;
	t = sm_schema_text(s, item, false);
	if (!t)
	{
		return false;
	}
	sm_quote(q, t, strlen(t));
	dash = strchr(t, '-');
	if (!dash ? !parse_port(t, t + strlen(t), &port->lo)
			  : !parse_port(t, dash, &port->lo) ||
					!parse_port(dash + 1, t + strlen(t), &port->hi))
	{
		sm_schema_error(s, item->pos,
						"'%s' is not a port; expected a number "
						"from 1 to 65535 or a range such as 8000-8080",
						q);
		return false;
	}
	if (dash && port->lo >= port->hi)
	{
		sm_schema_error(
			s, item->pos,
			"'%s': the first port of a range must "
			"be lower than the last%s",
			q,
			port->lo == port->hi ? " (write a single port without '-')" : "");
		return false;
	}
	if (!dash)
	{
		port->hi = port->lo;
	}
	port->pos = item->pos;
	return true;
}

/* rules[].ports: port numbers and ranges */
static void handle_ports(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						 const sm_key_def_t *def)
{
	static const sm_type_t item_type = {SM_YAML_SCALAR, NULL,
										"a port or a range"};
	sm_portlist_t *list = (sm_portlist_t *)((char *)base + def->offset);

	list->set = true;
	list->pos = node->pos;
	list->items = sm_schema_list_start(s, node,
									   "one port, or leave ports "
									   "out for all of them",
									   sizeof(*list->items));
	list->n = sm_schema_list_items(s, node, def, &item_type, list->items,
								   sizeof(*list->items), port_item);
}

static const sm_type_t type_ports = {SM_YAML_SEQUENCE, handle_ports, "a list"};

/* --- enumerations -------------------------------------------------------- */

static const char *const access_words[] = {"networks", "all", "none"};
static const int access_values[] = {SM_ACCESS_NETWORKS, SM_ACCESS_ALL,
									SM_ACCESS_NONE};
static const sm_enum_t access_enum = {access_words, access_values, 3,
									  "firewall access"};

static const char *const datapath_words[] = {"auto", "kernel", "libipsec"};
static const int datapath_values[] = {SM_DATAPATH_AUTO, SM_DATAPATH_KERNEL,
									  SM_DATAPATH_LIBIPSEC};
static const sm_enum_t datapath_enum = {datapath_words, datapath_values, 3,
										"datapath"};

static const char *const action_words[] = {"allow", "deny"};
static const int action_values[] = {SM_RULE_ALLOW, SM_RULE_DENY};
static const sm_enum_t action_enum = {action_words, action_values, 2,
									  "rule action"};

static const char *const l4_words[] = {"tcp", "udp", "sctp", "icmp", "gre"};
static const int l4_values[] = {SM_L4_TCP, SM_L4_UDP, SM_L4_SCTP, SM_L4_ICMP,
								SM_L4_GRE};
static const sm_enum_t l4_enum = {l4_words, l4_values, 5, "protocol"};

/* 536: the smallest MSS every IPv4 host must accept (RFC 879); 9000: a
 * jumbo frame */
static const sm_range_t mss_bytes = {536, 9000, "bytes"};

static const sm_addr_arg_t destination = {
	SM_ADDR_V4 | SM_ADDR_V6 | SM_ADDR_NET_OR_HOST, NULL};

/* --- the rules list ------------------------------------------------------ */

static const sm_key_def_t rule_keys[] = {
	{"action", &sm_type_enum, OFF(sm_fw_rule_t, action), SM_KEY_REQUIRED,
	 &action_enum},
	{"to", &sm_type_addrlist, OFF(sm_fw_rule_t, to), SM_KEY_NONEMPTY,
	 &destination},
	{"protocol", &sm_type_enum, OFF(sm_fw_rule_t, protocol), 0, &l4_enum},
	{"ports", &type_ports, OFF(sm_fw_rule_t, ports), 0, NULL},
	{NULL, NULL, 0, 0, NULL},
};

static void each_rule(sm_schema_t *s, const sm_yaml_node_t *item, void *obj)
{
	sm_fw_rule_t *r = obj;

	r->pos = item->pos;
	sm_schema_mapping(s, item, r, rule_keys);
}

static void handle_rules(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
						 const sm_key_def_t *def)
{
	sm_firewall_t *f = base;

	(void)def;
	f->rules_pos = node->pos;
	f->rules = sm_schema_mapping_list(s, node, sizeof(*f->rules), NULL,
									  &f->n_rules, each_rule);
}

static const sm_type_t type_rules = {SM_YAML_SEQUENCE, handle_rules, "a list"};

/* --- the section --------------------------------------------------------- */

static const sm_key_def_t firewall_keys[] = {
	{"enabled", &sm_type_bool, OFF(sm_firewall_t, enabled), 0, NULL},
	{"access", &sm_type_enum, OFF(sm_firewall_t, access), 0, &access_enum},
	{"rules", &type_rules, 0, 0, NULL},
	{"nat", &sm_type_bool, OFF(sm_firewall_t, nat), 0, NULL},
	{"nat_interface", &sm_type_string, OFF(sm_firewall_t, nat_interface), 0,
	 &ifname},
	{"datapath", &sm_type_enum, OFF(sm_firewall_t, datapath), 0,
	 &datapath_enum},
	{"tunnel_interface", &sm_type_string, OFF(sm_firewall_t, tunnel_interface),
	 0, &ifname},
	{"mss", &sm_type_uint, OFF(sm_firewall_t, mss), 0, &mss_bytes},
	{NULL, NULL, 0, 0, NULL},
};

const sm_section_t sm_schema_firewall = {firewall_keys,
										 OFF(sm_firewall_t, pos)};
