/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration attributes a client received, from its charon's raw
 * payload dumps (the "enc" log group at level 3): the same reading as the
 * test bed's tests/e2e/cpattr.awk.  A CP payload parsed by a thread ("NN[ENC]
 * parsing CONFIGURATION payload") is followed on that thread only: rule 1
 * is an attribute's type, rule 2 its length, rule 3 its value, whose bytes
 * are the hex dump lines after it; the last CP payload parsed wins, and
 * payloads charon generates (its own requests) are not read.
 */
#include "config.h"

#include "ops_int.h"
#include "sm_countof.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Largest attribute value kept (bytes). */
#define VALUE_MAX 1024

const char *sm_cpattr_name(unsigned int type)
{
	static const struct {
		unsigned int type;
		const char *name;
	} names[] = {
		{1, "INTERNAL_IP4_ADDRESS"},    {2, "INTERNAL_IP4_NETMASK"},
		{3, "INTERNAL_IP4_DNS"},        {4, "INTERNAL_IP4_NBNS"},
		{8, "INTERNAL_IP6_ADDRESS"},    {10, "INTERNAL_IP6_DNS"},
		{13, "INTERNAL_IP4_SUBNET"},    {15, "INTERNAL_IP6_SUBNET"},
		{25, "INTERNAL_DNS_DOMAIN"},    {28672, "UNITY_BANNER"},
		{28673, "UNITY_SAVE_PASSWD"},   {28674, "UNITY_DEF_DOMAIN"},
		{28675, "UNITY_SPLITDNS_NAME"}, {28676, "UNITY_SPLIT_INCLUDE"},
		{28679, "UNITY_PFS"},
	};
	size_t i;

	for (i = 0; i < countof(names); i++)
	{
		if (names[i].type == type)
		{
			return names[i].name;
		}
	}
	return "UNKNOWN";
}

/** The attribute being read. */
typedef struct {
	unsigned int type;
	size_t len;
	uint8_t b[VALUE_MAX];
	size_t n;
} cur_t;

static unsigned int popcount(const uint8_t *b, size_t n)
{
	unsigned int c = 0;
	size_t i;

	for (i = 0; i < n; i++)
	{
		c += (unsigned int)__builtin_popcount(b[i]);
	}
	return c;
}

/* the value as text: addresses, prefixes, strings, else hex */
static void format(const cur_t *c, char *out, size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	size_t i, len = 0;
	int w;

	out[0] = '\0';
	if (!c->n)
	{
		return;
	}
	if (c->n == 4 && c->type >= 1 && c->type <= 4 &&
		inet_ntop(AF_INET, c->b, addr, sizeof(addr)))
	{
		snprintf(out, size, "%s", addr);
	}
	else if (c->type == 13 && c->n == 8 &&
			 inet_ntop(AF_INET, c->b, addr, sizeof(addr)))
	{
		snprintf(out, size, "%s/%u", addr, popcount(c->b + 4, 4));
	}
	else if ((c->type == 8 || c->type == 15) && c->n == 17 &&
			 inet_ntop(AF_INET6, c->b, addr, sizeof(addr)))
	{
		snprintf(out, size, "%s/%u", addr, c->b[16]);
	}
	else if (c->type == 10 && c->n == 16 &&
			 inet_ntop(AF_INET6, c->b, addr, sizeof(addr)))
	{
		snprintf(out, size, "%s", addr);
	}
	else if (c->type == 25 || c->type == 28672 || c->type == 28674 ||
			 c->type == 28675)
	{
		for (i = 0; i < c->n && len + 5 < size; i++)
		{
			if (!c->b[i])
			{
				w = snprintf(out + len, size - len, "\\0");
			}
			else if (c->b[i] < 32 || c->b[i] > 126)
			{
				w = snprintf(out + len, size - len, "\\x%02x", c->b[i]);
			}
			else
			{
				w = snprintf(out + len, size - len, "%c", c->b[i]);
			}
			len += w > 0 ? (size_t)w : 0;
		}
	}
	else
	{
		for (i = 0; i < c->n && len + 3 < size; i++)
		{
			len += (size_t)snprintf(out + len, size - len, "%02x", c->b[i]);
		}
	}
}

static void emit(const cur_t *c, sm_cpattr_t *attrs, size_t max, size_t *n)
{
	if (*n < max)
	{
		attrs[*n].type = c->type;
		attrs[*n].len = c->len;
		format(c, attrs[*n].value, sizeof(attrs[*n].value));
	}
	(*n)++;
}

/* the thread number in front of "[ENC]", -1 if the line has none */
static long thread(const char *line, size_t len)
{
	const char *tag = memmem(line, len, "[ENC]", 5), *p;

	if (!tag || tag == line)
	{
		return -1;
	}
	for (p = tag; p > line && p[-1] >= '0' && p[-1] <= '9'; p--)
	{
	}
	return p == tag ? -1 : strtol(p, NULL, 10);
}

static bool has(const char *line, size_t len, const char *what)
{
	return memmem(line, len, what, strlen(what)) != NULL;
}

/* "... => 123" at the end of the line */
static bool arrow_number(const char *line, size_t len, unsigned long *v)
{
	const char *p = line + len;

	while (p > line && p[-1] >= '0' && p[-1] <= '9')
	{
		p--;
	}
	if (p == line + len || p - line < 3 || memcmp(p - 3, "=> ", 3))
	{
		return false;
	}
	*v = strtoul(p, NULL, 10);
	return true;
}

/* the hex bytes of a dump line "NN[ENC]  16: 0A 03 ...  ascii" */
static bool dump_bytes(const char *line, size_t len, cur_t *c)
{
	const char *p = (const char *)memmem(line, len, "[ENC]", 5) + 5;
	const char *end = line + len, *stop;
	unsigned int byte;

	while (p < end && *p == ' ')
	{
		p++;
	}
	if (p == end || *p < '0' || *p > '9')
	{
		return false;
	}
	while (p < end && *p >= '0' && *p <= '9')
	{
		p++;
	}
	if (end - p < 2 || p[0] != ':' || p[1] != ' ')
	{
		return false;
	}
	p += 2;
	/* up to 16 "HH " groups in the next 48 columns; then the ASCII */
	stop = end - p > 48 ? p + 48 : end;
	while (p + 1 < stop)
	{
		if (sscanf(p, "%2x", &byte) != 1 || p[0] == ' ')
		{
			break;
		}
		if (c->n < VALUE_MAX)
		{
			c->b[c->n++] = (uint8_t)byte;
		}
		p += 3;
	}
	return true;
}

size_t sm_cpattr_parse(const char *log, size_t size, sm_cpattr_t *attrs,
					   size_t max)
{
	enum { NONE, TYPE, LEN, VAL } st = NONE;
	const char *line = log, *end = log + size, *nl;
	cur_t *c = calloc(1, sizeof(*c));
	bool incp = false, want = false;
	size_t n = 0, len;
	long tid = -1;
	unsigned long v;

	if (!c)
	{
		return 0;
	}
	for (; line < end; line = nl + 1)
	{
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
		{
			nl = end;
		}
		len = (size_t)(nl - line);
		if (has(line, len, "[ENC] parsing CONFIGURATION payload,"))
		{
			tid = thread(line, len);
			n = 0;
			incp = true;
			want = false;
			st = NONE;
			continue;
		}
		if (!incp || thread(line, len) != tid)
		{
			continue;
		}
		if (has(line, len, "parsing CONFIGURATION payload finished"))
		{
			if (want)
			{
				emit(c, attrs, max, &n);
			}
			want = incp = false;
		}
		else if (has(line, len, "parsing rule 1 ATTRIBUTE_TYPE"))
		{
			if (want)
			{
				emit(c, attrs, max, &n);
			}
			want = false;
			st = TYPE;
		}
		else if (has(line, len, "parsing rule 2 ATTRIBUTE_LENGTH"))
		{
			st = LEN;
		}
		else if (has(line, len, "parsing rule 3 ATTRIBUTE_VALUE"))
		{
			st = VAL;
			c->n = 0;
			want = true;
		}
		else if ((st == TYPE || st == LEN) && arrow_number(line, len, &v))
		{
			if (st == TYPE)
			{
				c->type = (unsigned int)v;
			}
			else
			{
				c->len = v;
				if (!v)
				{
					/* an empty value has no dump lines */
					c->n = 0;
					want = true;
				}
			}
			st = NONE;
		}
		else if (st == VAL && dump_bytes(line, len, c))
		{
			continue;
		}
		else if (has(line, len,
					 "parsing CONFIGURATION_ATTRIBUTE payload finished"))
		{
			if (want)
			{
				emit(c, attrs, max, &n);
			}
			want = false;
			st = NONE;
		}
	}
	free(c);
	return n;
}
