/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_mem.h
 * Memory helpers for secrets: wiping that the compiler cannot drop, and a
 * comparison whose time does not depend on where the inputs differ.
 */
#ifndef SM_MEM_H_
#define SM_MEM_H_

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/**
 * Overwrite len bytes at p with zeros; never optimised away.
 */
static inline void sm_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}

/**
 * Whether len bytes at a and b are equal, in time independent of their
 * contents.
 */
static inline bool sm_memeq_const(const void *a, const void *b, size_t len)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char diff = 0;
	size_t i;

	for (i = 0; i < len; i++)
	{
		diff |= x[i] ^ y[i];
	}
	return diff == 0;
}

#endif /* SM_MEM_H_ */
