/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "text.h"
#include "sm_countof.h"

#include <stdio.h>
#include <string.h>

/** Longest word sm_secret_word() compares with the names of secrets. */
#define SECRET_WORD_MAX 64

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

bool sm_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || c == '_' || c == '-' || c >= 0x80;
}

bool sm_secret_word(const char *word, size_t len)
{
	static const char *const parts[] = {"pass",   "pasw", "pwd",
										"secret", "hash", "psk"};
	char norm[SECRET_WORD_MAX + 1];
	size_t i, n = 0;

	for (i = 0; i < len; i++)
	{
		char c = word[i];

		/* "nt_hash", "NT-Hash", "nt.hash", a quote typed into a key */
		if ((unsigned char)c < 0x80 && !(c >= 'a' && c <= 'z') &&
			!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
		{
			continue;
		}
		if (n == SECRET_WORD_MAX)
		{
			/* too long to be a misspelt name; still look for the parts */
			break;
		}
		norm[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	norm[n] = '\0';
	if (!strcmp(norm, "savepassword"))
	{
		return false;
	}
	for (i = 0; i < countof(parts); i++)
	{
		if (strstr(norm, parts[i]))
		{
			return true;
		}
	}
	return sm_edit_distance(norm, "password", 2) <= 2 ||
		   sm_edit_distance(norm, "nthash", 1) <= 1;
}

size_t sm_secret_word_end(const char *text, size_t len)
{
	size_t i = 0, start;

	while (i < len)
	{
		if (!sm_word_byte((unsigned char)text[i]))
		{
			i++;
			continue;
		}
		for (start = i; i < len && sm_word_byte((unsigned char)text[i]); i++)
		{
		}
		if (sm_secret_word(text + start, i - start))
		{
			return i;
		}
	}
	return sm_secret_word(text, len) ? len : 0;
}

const char *sm_quote_key(char buf[SM_QUOTE_SIZE], const char *key, size_t len)
{
	size_t end = sm_secret_word_end(key, len), n;

	if (!end || end == len)
	{
		return sm_quote(buf, key, len);
	}
	/* the word, and "..." for the rest unless sm_quote() cut it already */
	sm_quote(buf, key, end);
	n = strlen(buf);
	if (n < 3 || strcmp(buf + n - 3, "..."))
	{
		memcpy(buf + n, "...", 4);
	}
	return buf;
}

/** A range of code points. */
typedef struct {
	uint32_t first;
	uint32_t last;
} cp_range_t;

/* combining marks and invisible characters */
static const cp_range_t zero_width[] = {
	{0x0300, 0x036f},   {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
	{0x064b, 0x065f},   {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x1ab0, 0x1aff},
	{0x1dc0, 0x1dff},   {0x200b, 0x200f}, {0x202a, 0x202e}, {0x2060, 0x2064},
	{0x20d0, 0x20ff},   {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
	{0xe0100, 0xe01ef},
};

/* East Asian wide and full-width characters, emoji */
static const cp_range_t wide[] = {
	{0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},
	{0x23e9, 0x23ec},   {0x23f0, 0x23f0},   {0x23f3, 0x23f3},
	{0x25fd, 0x25fe},   {0x2614, 0x2615},   {0x2648, 0x2653},
	{0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
	{0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},
	{0x26ce, 0x26ce},   {0x26d4, 0x26d4},   {0x26ea, 0x26ea},
	{0x26f2, 0x26f3},   {0x26f5, 0x26f5},   {0x26fa, 0x26fa},
	{0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
	{0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},
	{0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
	{0x27b0, 0x27b0},   {0x27bf, 0x27bf},   {0x2b1b, 0x2b1c},
	{0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
	{0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
	{0xa000, 0xa4cf},   {0xa960, 0xa97f},   {0xac00, 0xd7a3},
	{0xf900, 0xfaff},   {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},
	{0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x18cff},
	{0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251},
	{0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb},
	{0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
	{0x30000, 0x3fffd},
};

static bool in_ranges(uint32_t cp, const cp_range_t *r, size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (cp > r[mid].last)
		{
			lo = mid + 1;
		}
		else if (cp < r[mid].first)
		{
			hi = mid;
		}
		else
		{
			return true;
		}
	}
	return false;
}

int sm_char_width(uint32_t cp)
{
	if (cp < 0x300)
	{
		return 1;
	}
	if (in_ranges(cp, zero_width, countof(zero_width)))
	{
		return 0;
	}
	if (in_ranges(cp, wide, countof(wide)))
	{
		return 2;
	}
	return 1;
}
