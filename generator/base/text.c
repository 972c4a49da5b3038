/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

/* words longer than this are never close to a keyword */
#define DISTANCE_MAX_LEN 64

size_t sm_edit_distance(const char *a, const char *b, size_t max)
{
	size_t rows[3][DISTANCE_MAX_LEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
	size_t la = strlen(a), lb = strlen(b), i, j, best, v;

	if (la > DISTANCE_MAX_LEN || lb > DISTANCE_MAX_LEN ||
		(la > lb ? la - lb : lb - la) > max)
	{
		return max + 1;
	}
	for (j = 0; j <= lb; j++)
	{
		prev[j] = j;
	}
	for (i = 1; i <= la; i++)
	{
		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= lb; j++)
		{
			v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
			{
				v = prev[j] + 1;
			}
			if (cur[j - 1] + 1 < v)
			{
				v = cur[j - 1] + 1;
			}
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
				a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
			{
				v = prev2[j - 2] + 1;
			}
			cur[j] = v;
			if (v < best)
			{
				best = v;
			}
		}
		if (best > max)
		{
			return max + 1;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

void sm_suggest_init(sm_suggest_t *s, const char *word, size_t max)
{
	s->word = word;
	s->best = NULL;
	s->dist = max + 1;
	s->max = max;
}

void sm_suggest_add(sm_suggest_t *s, const char *candidate)
{
	size_t d;

	if (!s->word || !candidate || !strcmp(s->word, candidate))
	{
		return;
	}
	d = sm_edit_distance(s->word, candidate, s->max);
	if (d <= s->max && d < s->dist)
	{
		s->best = candidate;
		s->dist = d;
	}
}

const char *sm_quote(char buf[SM_QUOTE_SIZE], const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t out = 0, chars = 0, n;

	while (len && chars < SM_QUOTE_CHARS)
	{
		n = sm_utf8_decode(p, len, NULL);
		if (n == 1 && (*p < 0x20 || *p == 0x7f))
		{
			n = 0;
		}
		if (n)
		{
			memcpy(buf + out, p, n);
			out += n;
		}
		else
		{
			/* a control character or a byte that is not UTF-8 */
			snprintf(buf + out, 5, "\\x%02x", *p);
			out += 4;
			n = 1;
		}
		p += n;
		len -= n;
		chars++;
	}
	if (len)
	{
		memcpy(buf + out, "...", 3);
		out += 3;
	}
	buf[out] = '\0';
	return buf;
}
