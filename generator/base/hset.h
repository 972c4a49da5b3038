/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file hset.h
 * A set of indices into the caller's array, looked up by hash (open
 * addressing), for finding duplicates among n elements in O(n): duplicate
 * mapping keys, identities, child names, networks, addresses.  With the
 * hash function the sets use (64-bit FNV-1a).
 */
#ifndef SM_HSET_H_
#define SM_HSET_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Where a hash starts, for sm_hash_bytes() and sm_hash_fold(). */
#define SM_HASH_INIT 0xcbf29ce484222325ULL

/** A set of indices; zero-initialised it is empty and needs no free. */
typedef struct {
	/** index + 1 of each element, 0 for a free slot */
	size_t *slots;
	size_t mask;
} sm_hset_t;

/**
 * Whether the elements a and b of the caller's array are equal.
 *
 * @param ctx		the caller's array (or what it needs to compare)
 */
typedef bool (*sm_hset_eq_t)(const void *ctx, size_t a, size_t b);

/**
 * Make room for n elements.
 *
 * @return			false if out of memory
 */
bool sm_hset_init(sm_hset_t *h, size_t n);

/**
 * Add element i unless an equal one is there.
 *
 * @param h			set made by sm_hset_init() for at least i + 1 elements
 * @param hash		the hash of element i (equal elements, equal hashes)
 * @param i			index of the element in the caller's array
 * @param eq		compares two elements
 * @param ctx		passed to eq
 * @return			the index of the equal element already in the set (i is
 *					then not added), or SIZE_MAX
 */
size_t sm_hset_put(sm_hset_t *h, uint64_t hash, size_t i, sm_hset_eq_t eq,
				   const void *ctx);

/**
 * Free a set's memory; it is empty again.
 */
void sm_hset_free(sm_hset_t *h);

/**
 * Add len bytes to a hash that started as SM_HASH_INIT.
 */
uint64_t sm_hash_bytes(uint64_t h, const void *data, size_t len);

/**
 * As sm_hash_bytes(), with ASCII letters folded to lower case.
 */
uint64_t sm_hash_fold(uint64_t h, const char *s, size_t len);

#endif /* SM_HSET_H_ */
