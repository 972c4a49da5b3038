/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "sm_utf8.h"

size_t sm_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t v, min;
	size_t n, i;

	if (!len)
	{
		return 0;
	}
	if (s[0] < 0x80)
	{
		n = 1;
		v = s[0];
		min = 0;
	}
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
	{
		n = 2;
		v = s[0] & 0x1f;
		min = 0x80;
	}
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
	{
		n = 3;
		v = s[0] & 0x0f;
		min = 0x800;
	}
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
	{
		n = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	}
	else
	{
		/* a continuation byte, 0xc0/0xc1 (always overlong), 0xf5.. */
		return 0;
	}
	if (len < n)
	{
		return 0;
	}
	for (i = 1; i < n; i++)
	{
		if (!sm_utf8_cont(s[i]))
		{
			return 0;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
	{
		return 0;
	}
	if (cp)
	{
		*cp = v;
	}
	return n;
}

bool sm_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (len)
	{
		n = sm_utf8_decode(p, len, NULL);
		if (!n)
		{
			return false;
		}
		p += n;
		len -= n;
	}
	return true;
}

size_t sm_utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
	{
		n += !sm_utf8_cont((unsigned char)s[i]);
	}
	return n;
}

/* one UTF-16 code unit, little-endian */
static size_t put16(uint8_t *out, uint32_t unit)
{
	out[0] = (uint8_t)(unit & 0xff);
	out[1] = (uint8_t)(unit >> 8);
	return 2;
}

bool sm_utf8_to_utf16le(const char *in, size_t len, uint8_t *out,
						size_t *outlen, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, n;
	uint32_t cp;

	while (i < len)
	{
		n = sm_utf8_decode(s + i, len - i, &cp);
		if (!n || cp == 0)
		{
			if (bad)
			{
				*bad = i;
			}
			*outlen = o;
			return false;
		}
		if (cp >= 0x10000)
		{
			cp -= 0x10000;
			o += put16(out + o, 0xd800 | (cp >> 10));
			o += put16(out + o, 0xdc00 | (cp & 0x3ff));
		}
		else
		{
			o += put16(out + o, cp);
		}
		i += n;
	}
	*outlen = o;
	return true;
}
