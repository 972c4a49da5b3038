/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unicode classes, combining classes and NFC (UAX #15) from the generated
 * tables in sm_unicode_data.h.
 */
#include "config.h"

#include "sm_unicode.h"
#include "sm_countof.h"

/* a range of code points with one value */
typedef struct {
	uint32_t first;
	uint32_t last;
	uint8_t value;
} uc_range_t;

/* the full canonical decomposition of cp: uc_decomp_pool[start..+len] */
typedef struct {
	uint32_t cp;
	uint16_t start;
	uint8_t len;
} uc_decomp_t;

/* first + second compose to composite */
typedef struct {
	uint32_t first;
	uint32_t second;
	uint32_t composite;
} uc_pair_t;

/* NFC_Quick_Check values, in bits 3-4 of uc_props[].value */
#define UC_QC_SHIFT 3
#define UC_QC_YES 0
#define UC_QC_NO 1
#define UC_QC_MAYBE 2
#define UC_CLASS_MASK 7

#include "sm_unicode_data.h"

_Static_assert(UC_DECOMP_MAX <= SM_UNICODE_EXPAND,
			   "SM_UNICODE_EXPAND holds the longest decomposition");

/* Hangul syllables (Unicode, section 3.12) */
#define HANGUL_S 0xAC00
#define HANGUL_L 0x1100
#define HANGUL_V 0x1161
#define HANGUL_T 0x11A7
#define HANGUL_LCOUNT 19
#define HANGUL_VCOUNT 21
#define HANGUL_TCOUNT 28
#define HANGUL_NCOUNT (HANGUL_VCOUNT * HANGUL_TCOUNT)
#define HANGUL_SCOUNT (HANGUL_LCOUNT * HANGUL_NCOUNT)

const char *sm_unicode_version(void)
{
	return SM_UNICODE_VERSION;
}

/* the value of the range holding cp, 0 if none does */
static unsigned int range_value(const uc_range_t *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].first)
		{
			hi = mid;
		}
		else if (cp > r[mid].last)
		{
			lo = mid + 1;
		}
		else
		{
			return r[mid].value;
		}
	}
	return 0;
}

sm_uc_class_t sm_unicode_class(uint32_t cp)
{
	/* ASCII without the table (the generator checks that this holds) */
	if (cp < 0x80)
	{
		return cp < 0x20 || cp == 0x7F ? SM_UC_CONTROL : SM_UC_OK;
	}
	if (cp > 0x10FFFF)
	{
		return SM_UC_UNASSIGNED;
	}
	return (sm_uc_class_t)(range_value(uc_props, countof(uc_props), cp) &
						   UC_CLASS_MASK);
}

unsigned int sm_unicode_ccc(uint32_t cp)
{
	if (cp < UC_CCC_FIRST)
	{
		return 0;
	}
	return range_value(uc_ccc, countof(uc_ccc), cp);
}

static unsigned int quick_check(uint32_t cp)
{
	if (cp < UC_QC_FIRST)
	{
		return UC_QC_YES;
	}
	return range_value(uc_props, countof(uc_props), cp) >> UC_QC_SHIFT;
}

/* the table entry of cp's decomposition, NULL if it has none */
static const uc_decomp_t *find_decomp(uint32_t cp)
{
	size_t lo = 0, hi = countof(uc_decomp), mid;

	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (cp < uc_decomp[mid].cp)
		{
			hi = mid;
		}
		else if (cp > uc_decomp[mid].cp)
		{
			lo = mid + 1;
		}
		else
		{
			return &uc_decomp[mid];
		}
	}
	return NULL;
}

/* the primary composite of a and b, 0 if there is none */
static uint32_t compose(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = countof(uc_comp), mid;

	if (a >= HANGUL_L && a < HANGUL_L + HANGUL_LCOUNT && b >= HANGUL_V &&
		b < HANGUL_V + HANGUL_VCOUNT)
	{
		return HANGUL_S + ((a - HANGUL_L) * HANGUL_VCOUNT + (b - HANGUL_V)) *
							  HANGUL_TCOUNT;
	}
	if (a >= HANGUL_S && a < HANGUL_S + HANGUL_SCOUNT &&
		(a - HANGUL_S) % HANGUL_TCOUNT == 0 && b > HANGUL_T &&
		b < HANGUL_T + HANGUL_TCOUNT)
	{
		return a + (b - HANGUL_T);
	}
	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (a < uc_comp[mid].first ||
			(a == uc_comp[mid].first && b < uc_comp[mid].second))
		{
			hi = mid;
		}
		else if (a > uc_comp[mid].first || b > uc_comp[mid].second)
		{
			lo = mid + 1;
		}
		else
		{
			return uc_comp[mid].composite;
		}
	}
	return 0;
}

/* full canonical decomposition of in into out; returns its length */
static size_t decompose(const uint32_t *in, size_t n, uint32_t *out)
{
	const uc_decomp_t *d;
	size_t i, k, m = 0;
	uint32_t s;

	for (i = 0; i < n; i++)
	{
		if (in[i] >= HANGUL_S && in[i] < HANGUL_S + HANGUL_SCOUNT)
		{
			s = in[i] - HANGUL_S;
			out[m++] = HANGUL_L + s / HANGUL_NCOUNT;
			out[m++] = HANGUL_V + (s % HANGUL_NCOUNT) / HANGUL_TCOUNT;
			if (s % HANGUL_TCOUNT)
			{
				out[m++] = HANGUL_T + s % HANGUL_TCOUNT;
			}
			continue;
		}
		d = find_decomp(in[i]);
		if (!d)
		{
			out[m++] = in[i];
			continue;
		}
		for (k = 0; k < d->len; k++)
		{
			out[m++] = uc_decomp_pool[d->start + k];
		}
	}
	return m;
}

/* canonical ordering: a stable sort of every run of non-starters by
 * combining class */
static void reorder(uint32_t *s, size_t n)
{
	unsigned int cc;
	size_t i, j;
	uint32_t c;

	for (i = 1; i < n; i++)
	{
		cc = sm_unicode_ccc(s[i]);
		if (!cc)
		{
			continue;
		}
		c = s[i];
		for (j = i; j > 0 && sm_unicode_ccc(s[j - 1]) > cc; j--)
		{
			s[j] = s[j - 1];
		}
		s[j] = c;
	}
}

/* canonical composition in place; returns the new length */
static size_t recompose(uint32_t *s, size_t n)
{
	size_t r, w = 1, starter = 0;
	unsigned int cc, last;
	bool have_starter;
	uint32_t comp;

	if (!n)
	{
		return 0;
	}
	last = sm_unicode_ccc(s[0]);
	have_starter = last == 0;
	for (r = 1; r < n; r++)
	{
		cc = sm_unicode_ccc(s[r]);
		/* not blocked: nothing between, or only marks of a lower class */
		if (have_starter && (last == 0 || last < cc))
		{
			comp = compose(s[starter], s[r]);
			if (comp)
			{
				s[starter] = comp;
				continue;
			}
		}
		if (cc == 0)
		{
			starter = w;
			have_starter = true;
		}
		last = cc;
		s[w++] = s[r];
	}
	return w;
}

size_t sm_unicode_nfc(const uint32_t *in, size_t n, uint32_t *out)
{
	size_t m;

	m = decompose(in, n, out);
	reorder(out, m);
	return recompose(out, m);
}

bool sm_unicode_is_nfc(const uint32_t *in, size_t n, uint32_t *scratch,
					   size_t *at)
{
	unsigned int cc, last = 0, qc;
	bool maybe = false;
	size_t i, m;

	for (i = 0; i < n; i++)
	{
		cc = sm_unicode_ccc(in[i]);
		qc = quick_check(in[i]);
		if ((cc && last > cc) || qc == UC_QC_NO)
		{
			maybe = true;
			break;
		}
		maybe |= qc == UC_QC_MAYBE;
		last = cc;
	}
	if (!maybe)
	{
		return true;
	}
	m = sm_unicode_nfc(in, n, scratch);
	for (i = 0; i < n && i < m && in[i] == scratch[i]; i++)
	{
	}
	if (i == n && i == m)
	{
		return true;
	}
	if (at)
	{
		/* the text first differs at i (often the base letter of a
		 * decomposed pair): name the character that makes it differ, the
		 * first at or after i that is not NFC-stable or out of order */
		*at = i < n ? i : n - 1;
		for (; i < n; i++)
		{
			cc = sm_unicode_ccc(in[i]);
			if (quick_check(in[i]) != UC_QC_YES ||
				(cc && i && sm_unicode_ccc(in[i - 1]) > cc))
			{
				*at = i;
				break;
			}
		}
	}
	return false;
}
