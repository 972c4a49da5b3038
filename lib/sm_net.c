/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static unsigned int max_len(int family)
{
	return family == AF_INET ? 32 : 128;
}

static bool parse_len(const char *s, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;

	if (!*s || (s[0] == '0' && s[1]))
	{
		return false;
	}
	for (; *s; s++)
	{
		if (*s < '0' || *s > '9')
		{
			return false;
		}
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > max)
		{
			return false;
		}
	}
	*out = v;
	return true;
}

sm_net_err_t sm_prefix_parse(const char *text, sm_prefix_t *out)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *slash;
	size_t alen;
	sm_prefix_t p = {0};

	slash = strchr(text, '/');
	alen = slash ? (size_t)(slash - text) : strlen(text);
	if (alen == 0 || alen >= sizeof(buf))
	{
		return SM_NET_ESYNTAX;
	}
	memcpy(buf, text, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, p.addr) == 1)
	{
		p.family = AF_INET;
	}
	else if (strchr(buf, ':') && inet_pton(AF_INET6, buf, p.addr) == 1)
	{
		p.family = AF_INET6;
	}
	else
	{
		return SM_NET_ESYNTAX;
	}
	p.len = max_len(p.family);
	if (slash && !parse_len(slash + 1, max_len(p.family), &p.len))
	{
		return SM_NET_EPREFIX;
	}
	*out = p;
	return SM_NET_OK;
}

/* mask byte i for a prefix of len bits */
static uint8_t mask_byte(unsigned int len, unsigned int i)
{
	if (len >= (i + 1) * 8)
	{
		return 0xff;
	}
	if (len <= i * 8)
	{
		return 0x00;
	}
	return (uint8_t)(0xff << (8 - (len - i * 8)));
}

bool sm_prefix_host_bits(const sm_prefix_t *p)
{
	unsigned int i, n = max_len(p->family) / 8;

	for (i = 0; i < n; i++)
	{
		if (p->addr[i] & ~mask_byte(p->len, i))
		{
			return true;
		}
	}
	return false;
}

void sm_prefix_network(sm_prefix_t *p)
{
	unsigned int i, n = max_len(p->family) / 8;

	for (i = 0; i < n; i++)
	{
		p->addr[i] &= mask_byte(p->len, i);
	}
}

/* whether a and b agree on the first len bits */
static bool same_bits(const uint8_t *a, const uint8_t *b, unsigned int len)
{
	unsigned int i;

	for (i = 0; i * 8 < len; i++)
	{
		if ((a[i] ^ b[i]) & mask_byte(len, i))
		{
			return false;
		}
	}
	return true;
}

bool sm_prefix_overlaps(const sm_prefix_t *a, const sm_prefix_t *b)
{
	if (a->family != b->family)
	{
		return false;
	}
	return same_bits(a->addr, b->addr, a->len < b->len ? a->len : b->len);
}

bool sm_prefix_contains(const sm_prefix_t *outer, const sm_prefix_t *inner)
{
	if (outer->family != inner->family || outer->len > inner->len)
	{
		return false;
	}
	return same_bits(outer->addr, inner->addr, outer->len);
}

uint64_t sm_prefix_size(const sm_prefix_t *p)
{
	unsigned int host = max_len(p->family) - p->len;

	return host >= 64 ? UINT64_MAX : (uint64_t)1 << host;
}

char *sm_prefix_format(const sm_prefix_t *p, bool with_len, char *buf,
					   size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	int n;

	if (!inet_ntop(p->family, p->addr, addr, sizeof(addr)))
	{
		return NULL;
	}
	if (with_len || p->len != max_len(p->family))
	{
		n = snprintf(buf, size, "%s/%u", addr, p->len);
	}
	else
	{
		n = snprintf(buf, size, "%s", addr);
	}
	return n < 0 || (size_t)n >= size ? NULL : buf;
}

const char *sm_net_strerror(sm_net_err_t err)
{
	switch (err)
	{
		case SM_NET_OK:
			return "no error";
		case SM_NET_ESYNTAX:
			return "expected an IPv4 or IPv6 address, optionally with /prefix";
		case SM_NET_EPREFIX:
			return "prefix length must be 0-32 for IPv4 and 0-128 for IPv6";
	}
	return "unknown error";
}

/* the longest label of a DNS name */
#define DNS_LABEL_MAX 63

static bool dns_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool sm_dns_name_valid(const char *text)
{
	size_t len = strlen(text), label = 0;
	const char *p;

	if (!len || len > SM_DNS_NAME_MAX)
	{
		return false;
	}
	for (p = text; *p; p++)
	{
		if (*p == '.')
		{
			if (!label || p[-1] == '-')
			{
				return false;
			}
			label = 0;
			continue;
		}
		if (!dns_char(*p) || (*p == '-' && !label) || ++label > DNS_LABEL_MAX)
		{
			return false;
		}
	}
	return label > 0 && p[-1] != '-';
}
