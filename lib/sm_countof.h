/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_countof.h
 * countof(): the number of elements of an array, the one definition for
 * lib/, generator/, tests/ and bench/.
 *
 * Include it from .c files only, never from a header the plugin includes:
 * plugin/ uses strongSwan's own countof() (utils/utils.h), which would
 * clash with this one.
 */
#ifndef SM_COUNTOF_H_
#define SM_COUNTOF_H_

#include <stddef.h>

#ifndef countof
/** Number of elements of an array (not of a pointer). */
#define countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* SM_COUNTOF_H_ */
