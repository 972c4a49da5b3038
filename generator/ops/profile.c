/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the plugin pushes to a client, worked out from the files the way
 * plugin/swanmobile_attrs_build.c and swanmobile_provider.c do it from charon's
 * settings (swanmobile.conf(5), MOBILE PROFILES): the mobile profile of a
 * connection (swanmobile-NAME.conf), the user's own DNS servers, the
 * local traffic selectors of the connection's children, and the families
 * of the client's virtual IPs.  Keep the rules here in step with the
 * plugin's: selftest compares what a client received against them.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* ---- sets of values --------------------------------------------------- */

/* a canonical text for comparing: addresses and prefixes canonical,
 * domains lower case and without a trailing dot (as the plugin sends
 * them) */
static void canon(const char *in, char *out, size_t size)
{
	size_t i, len = sm_dns_name_len(in);
	sm_prefix_t p;

	if (sm_prefix_parse(in, &p) == SM_NET_OK &&
		sm_prefix_format(&p, strchr(in, '/') != NULL, out, size))
	{
		return;
	}
	for (i = 0; i < len && i + 1 < size; i++)
	{
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i];
	}
	out[i] = '\0';
}

void sm_values_add(sm_values_t *s, const char *value)
{
	char c[SM_CPATTR_VALUE_LEN];

	canon(value, c, sizeof(c));
	if (!sm_values_has(s, c) && s->n < countof(s->v))
	{
		snprintf(s->v[s->n++], sizeof(s->v[0]), "%s", c);
	}
}

bool sm_values_has(const sm_values_t *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
	{
		if (!strcmp(s->v[i], value))
		{
			return true;
		}
	}
	return false;
}

const char *sm_values_text(const sm_values_t *s, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < s->n && len < size; i++)
	{
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
								s->v[i]);
	}
	return s->n ? buf : "none";
}

/* ---- the plugin's reading of a profile -------------------------------- */

/*
 * The next token of a list as strongSwan's enumerator_create_token(value,
 * ", ", ", ") gives it: separated by commas and/or blanks, none empty.
 */
static bool token(const char **p, char *out, size_t size)
{
	size_t len;

	*p += strspn(*p, ", ");
	len = strcspn(*p, ", ");
	if (!len)
	{
		return false;
	}
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), *p);
	*p += len;
	return true;
}

/* charon's reading of a boolean setting (settings_value_as_bool) */
static bool setting_bool(const char *value, bool def)
{
	static const char *yes[] = {"1", "yes", "true", "enabled"};
	static const char *no[] = {"0", "no", "false", "disabled"};
	size_t i;

	for (i = 0; value && i < countof(yes); i++)
	{
		if (!strcasecmp(value, yes[i]))
		{
			return true;
		}
		if (!strcasecmp(value, no[i]))
		{
			return false;
		}
	}
	return def;
}

/* the addresses of a list of the families v4 and v6; what is not an
 * address is skipped */
static void add_hosts(sm_values_t *s, const char *list, bool v4, bool v6)
{
	char tok[SM_CPATTR_VALUE_LEN];
	sm_prefix_t a;

	while (list && token(&list, tok, sizeof(tok)))
	{
		if (sm_prefix_parse(tok, &a) != SM_NET_OK || strchr(tok, '/') ||
			(a.family == AF_INET && !v4) || (a.family == AF_INET6 && !v6))
		{
			continue;
		}
		sm_values_add(s, tok);
	}
}

/* whether a list holds at least one address */
static bool has_host(const char *list)
{
	char tok[SM_CPATTR_VALUE_LEN];
	sm_prefix_t a;

	while (list && token(&list, tok, sizeof(tok)))
	{
		if (sm_prefix_parse(tok, &a) == SM_NET_OK && !strchr(tok, '/'))
		{
			return true;
		}
	}
	return false;
}

/* a range that is exactly a subnet, as that subnet (traffic_selector_t's
 * to_subnet()) */
static bool range_subnet(const sm_range_t *r, sm_prefix_t *out)
{
	sm_range_t whole;
	unsigned int bits = r->family == AF_INET ? 32 : 128, len;
	size_t n = bits / 8;

	memset(out, 0, sizeof(*out));
	out->family = r->family;
	memcpy(out->addr, r->lo, n);
	for (len = 0; len <= bits; len++)
	{
		out->len = len;
		sm_range_from_prefix(out, &whole);
		if (!memcmp(whole.lo, r->lo, n) && !memcmp(whole.hi, r->hi, n))
		{
			return true;
		}
	}
	return false;
}

/* the networks of one local traffic selector of swanctl.conf: "dynamic"
 * (the gateway's address), a prefix or a range, with an optional
 * "[proto/port]" */
static void add_ts(sm_values_t *s, const char *ts, const sm_push_client_t *cl)
{
	char text[SM_CPATTR_VALUE_LEN], out[SM_PREFIX_STRLEN];
	sm_range_t r;
	sm_prefix_t p;

	snprintf(text, sizeof(text), "%.*s", (int)strcspn(ts, "["), ts);
	if (!strcmp(text, "dynamic"))
	{
		if (!cl->gateway || sm_prefix_parse(cl->gateway, &p) != SM_NET_OK)
		{
			return;
		}
	}
	else if (strchr(text, '-'))
	{
		if (!sm_range_parse(text, &r) || !range_subnet(&r, &p))
		{
			/* not a subnet: left out of the network list */
			return;
		}
	}
	else if (sm_prefix_parse(text, &p) == SM_NET_OK)
	{
		sm_prefix_network(&p);
	}
	else
	{
		return;
	}
	if (((p.family == AF_INET && cl->v4) || (p.family == AF_INET6 && cl->v6)) &&
		sm_prefix_format(&p, true, out, sizeof(out)))
	{
		sm_values_add(s, out);
	}
}

static void add_networks(sm_values_t *s, const sm_gw_conn_t *c,
						 const sm_push_client_t *cl)
{
	const sm_vnode_t *children = sm_vnode_get(c->conn, "children"), *ch, *i;
	sm_vnode_t *tmp = sm_vnode_section(NULL), *l;
	const char *ts;

	for (ch = children ? children->first : NULL; tmp && ch; ch = ch->next)
	{
		if (ch->kind != SM_VNODE_SECTION)
		{
			continue;
		}
		ts = sm_vnode_str(ch, "local_ts");
		l = sm_swconf_split(tmp, "ts", ts && *ts ? ts : "dynamic");
		for (i = l ? l->first : NULL; i; i = i->next)
		{
			add_ts(s, i->value, cl);
		}
	}
	sm_vnode_free(tmp);
}

void sm_profile_pushed(const sm_gw_conn_t *c, const sm_push_client_t *cl,
					   sm_pushed_t *out)
{
	const sm_vnode_t *p = c->profile;
	const char *dflt = sm_vnode_str(p, "default_domain"), *list;
	char tok[SM_CPATTR_VALUE_LEN];
	bool none = false, any = false;

	memset(out, 0, sizeof(*out));
	if (!p || (!cl->v4 && !cl->v6))
	{
		/* no profile, or no virtual IP: nothing */
		return;
	}
	/* the user's own DNS servers replace the profile's */
	out->user_dns = has_host(cl->user_dns);
	add_hosts(&out->dns, out->user_dns ? cl->user_dns : sm_vnode_str(p, "dns"),
			  cl->v4, cl->v6);
	add_hosts(&out->nbns, sm_vnode_str(p, "nbns"), cl->v4, false);
	if (dflt && !sm_dns_name_valid(dflt))
	{
		dflt = NULL;
	}
	if (dflt)
	{
		sm_values_add(&out->default_domain, dflt);
	}
	/* split DNS: the domains, none with %none, else the default domain */
	list = sm_vnode_str(p, "split_dns");
	while (list && token(&list, tok, sizeof(tok)))
	{
		if (!strcmp(tok, "%none"))
		{
			none = true;
		}
		else if (sm_dns_name_valid(tok))
		{
			sm_values_add(&out->split_dns, tok);
			any = true;
		}
	}
	if (none)
	{
		out->split_dns.n = 0;
	}
	else if (!any && dflt)
	{
		sm_values_add(&out->split_dns, dflt);
	}
	out->network_list = setting_bool(sm_vnode_str(p, "network_list"), false);
	if (out->network_list)
	{
		add_networks(&out->networks, c, cl);
	}
}
