/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file hmap.h
 * A small hash map from short string keys to pointers (chained buckets that
 * grow), for the grouper's indexes: IKE_SA unique ids, endpoints, threads.
 */
#ifndef SM_DX_HMAP_H_
#define SM_DX_HMAP_H_

#include <stdbool.h>
#include <stddef.h>

/** A map. */
typedef struct sm_hmap sm_hmap_t;

/**
 * Create an empty map.
 *
 * @return			map (must be destroyed), NULL if out of memory
 */
sm_hmap_t *sm_hmap_create(void);

/**
 * Destroy a map (not the values); NULL is fine.
 */
void sm_hmap_destroy(sm_hmap_t *m);

/**
 * The value of a key, NULL if none.
 */
void *sm_hmap_get(const sm_hmap_t *m, const char *key);

/**
 * Set the value of a key (the key is cloned).
 *
 * @return			false if out of memory
 */
bool sm_hmap_put(sm_hmap_t *m, const char *key, void *value);

/**
 * Remove a key, but only if it maps to value (NULL: whatever it maps to).
 */
void sm_hmap_del(sm_hmap_t *m, const char *key, const void *value);

#endif /* SM_DX_HMAP_H_ */
