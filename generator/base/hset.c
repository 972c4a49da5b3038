/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sets of indices by hash, and the hash (64-bit FNV-1a) */
#include "config.h"

#include "hset.h"

#include <stdlib.h>

/** FNV-1a's 64-bit prime. */
#define FNV_PRIME 0x100000001b3ULL

bool sm_hset_init(sm_hset_t *h, size_t n)
{
	size_t size = 16;

	/* at most half full: probe sequences stay short */
	while (size < n * 2)
	{
		size *= 2;
	}
	h->mask = size - 1;
	h->slots = calloc(size, sizeof(*h->slots));
	return h->slots != NULL;
}

size_t sm_hset_put(sm_hset_t *h, uint64_t hash, size_t i, sm_hset_eq_t eq,
				   const void *ctx)
{
	size_t j;

	for (j = hash & h->mask; h->slots[j]; j = (j + 1) & h->mask)
	{
		if (eq(ctx, h->slots[j] - 1, i))
		{
			return h->slots[j] - 1;
		}
	}
	h->slots[j] = i + 1;
	return SIZE_MAX;
}

void sm_hset_free(sm_hset_t *h)
{
	free(h->slots);
	h->slots = NULL;
	h->mask = 0;
}

uint64_t sm_hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
	{
		h = (h ^ p[i]) * FNV_PRIME;
	}
	return h;
}

uint64_t sm_hash_fold(uint64_t h, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++)
	{
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
		{
			c = (unsigned char)(c - 'A' + 'a');
		}
		h = (h ^ c) * FNV_PRIME;
	}
	return h;
}
