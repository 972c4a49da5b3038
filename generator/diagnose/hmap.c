/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Chained hash map with base/hset.h's FNV-1a; the table doubles at load
 * factor 1.
 */
#include "config.h"

#include "hmap.h"
#include "base/hset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	struct entry *next;
	void *value;
	uint64_t hash;
	char key[];
} entry_t;

struct sm_hmap {
	entry_t **buckets;
	size_t nbuckets, count;
};

static uint64_t hash_of(const char *s)
{
	return sm_hash_bytes(SM_HASH_INIT, s, strlen(s));
}

sm_hmap_t *sm_hmap_create(void)
{
	sm_hmap_t *m = calloc(1, sizeof(*m));

	if (!m)
	{
		return NULL;
	}
	m->nbuckets = 64;
	m->buckets = calloc(m->nbuckets, sizeof(entry_t *));
	if (!m->buckets)
	{
		free(m);
		return NULL;
	}
	return m;
}

void sm_hmap_destroy(sm_hmap_t *m)
{
	entry_t *e, *next;
	size_t i;

	if (!m)
	{
		return;
	}
	for (i = 0; i < m->nbuckets; i++)
	{
		for (e = m->buckets[i]; e; e = next)
		{
			next = e->next;
			free(e);
		}
	}
	free(m->buckets);
	free(m);
}

void *sm_hmap_get(const sm_hmap_t *m, const char *key)
{
	uint64_t h = hash_of(key);
	entry_t *e;

	for (e = m->buckets[h & (m->nbuckets - 1)]; e; e = e->next)
	{
		if (e->hash == h && !strcmp(e->key, key))
		{
			return e->value;
		}
	}
	return NULL;
}

static void grow(sm_hmap_t *m)
{
	entry_t **nb, *e, *next;
	size_t n = m->nbuckets * 2, i;

	nb = calloc(n, sizeof(entry_t *));
	if (!nb)
	{
		return;
	}
	for (i = 0; i < m->nbuckets; i++)
	{
		for (e = m->buckets[i]; e; e = next)
		{
			next = e->next;
			e->next = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	}
	free(m->buckets);
	m->buckets = nb;
	m->nbuckets = n;
}

bool sm_hmap_put(sm_hmap_t *m, const char *key, void *value)
{
	uint64_t h = hash_of(key);
	size_t len = strlen(key);
	entry_t *e;

	for (e = m->buckets[h & (m->nbuckets - 1)]; e; e = e->next)
	{
		if (e->hash == h && !strcmp(e->key, key))
		{
			e->value = value;
			return true;
		}
	}
	e = malloc(sizeof(*e) + len + 1);
	if (!e)
	{
		return false;
	}
	memcpy(e->key, key, len + 1);
	e->hash = h;
	e->value = value;
	e->next = m->buckets[h & (m->nbuckets - 1)];
	m->buckets[h & (m->nbuckets - 1)] = e;
	if (++m->count > m->nbuckets)
	{
		grow(m);
	}
	return true;
}

void sm_hmap_del(sm_hmap_t *m, const char *key, const void *value)
{
	uint64_t h = hash_of(key);
	entry_t **p, *e;

	for (p = &m->buckets[h & (m->nbuckets - 1)]; (e = *p); p = &e->next)
	{
		if (e->hash == h && !strcmp(e->key, key))
		{
			if (!value || e->value == value)
			{
				*p = e->next;
				free(e);
				m->count--;
			}
			return;
		}
	}
}
