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

/* a character of a label: letters, digits, '-', and '_' unless host */
static bool dns_char(char c, unsigned int flags)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || c == '-' ||
		   (c == '_' && !(flags & SM_DNS_HOST));
}

size_t sm_dns_name_len(const char *text)
{
	size_t len = strlen(text);

	/* "." alone is the root, no name: nothing to drop */
	return len > 1 && text[len - 1] == '.' ? len - 1 : len;
}

/* fail with err at the label [label, label + n) and byte at */
static sm_dns_err_t dns_fault(sm_dns_fault_t *fault, sm_dns_err_t err,
							  size_t label, size_t n, size_t at)
{
	if (fault)
	{
		fault->label = label;
		fault->label_len = n;
		fault->at = at;
	}
	return err;
}

sm_dns_err_t sm_dns_name_check(const char *text, unsigned int flags,
							   sm_dns_fault_t *fault)
{
	size_t len = sm_dns_name_len(text), start, n, i;

	for (i = 0; text[i]; i++)
	{
		if ((unsigned char)text[i] >= 0x80)
		{
			return dns_fault(fault, SM_DNS_ENONASCII, 0, 0, i);
		}
	}
	if (!len || !strcmp(text, "."))
	{
		return dns_fault(fault, SM_DNS_EEMPTY, 0, 0, 0);
	}
	if (len > SM_DNS_NAME_MAX)
	{
		return dns_fault(fault, SM_DNS_ETOOLONG, 0, 0, 0);
	}
	for (start = 0;; start += n + 1)
	{
		for (n = 0; start + n < len && text[start + n] != '.'; n++)
		{
		}
		if (!n)
		{
			return dns_fault(fault, SM_DNS_ELABEL_EMPTY, start, 0, start);
		}
		if (n > SM_DNS_LABEL_MAX)
		{
			return dns_fault(fault, SM_DNS_ELABEL_LONG, start, n, start);
		}
		for (i = start; i < start + n; i++)
		{
			if (!dns_char(text[i], flags))
			{
				return dns_fault(fault, SM_DNS_ECHAR, start, n, i);
			}
		}
		if (text[start] == '-' || text[start + n - 1] == '-')
		{
			return dns_fault(fault, SM_DNS_EHYPHEN, start, n, start);
		}
		if (start + n == len)
		{
			break;
		}
	}
	/* the last label (start, n): a number would make the name an address
	 * such as 10.3.0.1 (RFC 1123, 2.1; RFC 3696, 2) */
	if (strspn(text + start, "0123456789") >= n)
	{
		return dns_fault(fault, SM_DNS_ENUMERIC, start, n, start);
	}
	return dns_fault(fault, SM_DNS_OK, 0, 0, 0);
}

bool sm_dns_name_valid(const char *text)
{
	return sm_dns_name_check(text, 0, NULL) == SM_DNS_OK;
}

const char *sm_dns_strerror(sm_dns_err_t err)
{
	switch (err)
	{
		case SM_DNS_OK:
			return "no error";
		case SM_DNS_EEMPTY:
			return "empty";
		case SM_DNS_ETOOLONG:
			return "longer than 253 characters";
		case SM_DNS_ENONASCII:
			return "not ASCII (write an IDN in its A-label form, 'xn--...')";
		case SM_DNS_ELABEL_EMPTY:
			return "empty label";
		case SM_DNS_ELABEL_LONG:
			return "a label is longer than 63 characters";
		case SM_DNS_ECHAR:
			return "a character other than a letter, a digit, '-' or '_'";
		case SM_DNS_EHYPHEN:
			return "a label starts or ends with '-'";
		case SM_DNS_ENUMERIC:
			return "the last label is a number";
	}
	return "unknown error";
}
