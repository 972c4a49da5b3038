/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_user.h"
#include "sm_err.h"
#include "sm_identity.h"
#include "sm_mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

void sm_user_init(sm_user_t *user)
{
	memset(user, 0, sizeof(*user));
	user->enabled = true;
}

void sm_user_wipe(sm_user_t *user)
{
	sm_wipe(user, sizeof(*user));
}

bool sm_user_set_identity(sm_user_t *user, const char *identity, char *err,
						  size_t errlen)
{
	size_t len = strlen(identity);
	sm_text_check_t res;
	char msg[400];

	if (!sm_identity_check(identity, len, &res))
	{
		sm_identity_message(identity, len, &res, msg, sizeof(msg));
		/* quote it only where the terminal shows what it holds */
		if (sm_identity_quotable(&res))
		{
			sm_err(err, errlen, "identity '%s' %s", identity, msg);
		}
		else
		{
			sm_err(err, errlen, "identity %s", msg);
		}
		return false;
	}
	memcpy(user->identity, identity, len + 1);
	return true;
}

/* one address of the given family, without prefix (or a full one) */
static bool parse_host(const char *text, int family, char *out, size_t size)
{
	sm_prefix_t p;

	if (sm_prefix_parse(text, &p) != SM_NET_OK || p.family != family ||
		p.len != (family == AF_INET ? 32u : 128u))
	{
		return false;
	}
	return sm_prefix_format(&p, false, out, size) != NULL;
}

static bool parse_dns(const char *text, char *out, size_t size, char *err,
					  size_t errlen)
{
	char token[SM_PREFIX_STRLEN + 1], addr[SM_PREFIX_STRLEN];
	const char *p = text;
	size_t used = 0, len, count = 0;
	sm_prefix_t pfx;

	out[0] = '\0';
	for (;;)
	{
		p += strspn(p, ", \t");
		if (!*p)
		{
			break;
		}
		len = strcspn(p, ", \t");
		if (len >= sizeof(token))
		{
			sm_err(err, errlen,
				   "DNS server '%.*s' is not an IPv4 or IPv6 address", (int)len,
				   p);
			return false;
		}
		memcpy(token, p, len);
		token[len] = '\0';
		p += len;
		if (sm_prefix_parse(token, &pfx) != SM_NET_OK ||
			!parse_host(token, pfx.family, addr, sizeof(addr)))
		{
			sm_err(err, errlen,
				   "DNS server '%s' is not an IPv4 or IPv6 address", token);
			return false;
		}
		if (++count > SM_USER_DNS_MAX)
		{
			sm_err(err, errlen, "more than %d DNS servers in '%s'",
				   SM_USER_DNS_MAX, text);
			return false;
		}
		used += (size_t)snprintf(out + used, size - used, "%s%s",
								 used ? "," : "", addr);
	}
	return true;
}

bool sm_user_set_attrs(sm_user_t *user, const char *vip4, const char *vip6,
					   const char *dns, char *err, size_t errlen)
{
	char v4[SM_PREFIX_STRLEN], v6[SM_PREFIX_STRLEN];
	char list[SM_USER_DNS_STRLEN];

	if (vip4 && *vip4 && !parse_host(vip4, AF_INET, v4, sizeof(v4)))
	{
		sm_err(err, errlen,
			   "virtual IPv4 address '%s' is not a single IPv4 address", vip4);
		return false;
	}
	if (vip6 && *vip6 && !parse_host(vip6, AF_INET6, v6, sizeof(v6)))
	{
		sm_err(err, errlen,
			   "virtual IPv6 address '%s' is not a single IPv6 address", vip6);
		return false;
	}
	if (dns && !parse_dns(dns, list, sizeof(list), err, errlen))
	{
		return false;
	}
	if (vip4)
	{
		snprintf(user->vip4, sizeof(user->vip4), "%s", *vip4 ? v4 : "");
	}
	if (vip6)
	{
		snprintf(user->vip6, sizeof(user->vip6), "%s", *vip6 ? v6 : "");
	}
	if (dns)
	{
		memcpy(user->dns, list, sizeof(list));
	}
	return true;
}
