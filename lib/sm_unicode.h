/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_unicode.h
 * The few Unicode properties the identity and password rules need, from
 * tables generated out of the Unicode Character Database
 * (scripts/gen-unicode-tables, lib/sm_unicode_data.h): a coarse class of
 * every code point, canonical combining classes, and Normalization Form C
 * (UAX #15: full canonical decomposition, canonical ordering, canonical
 * composition).  Pure functions on code points; no allocation.
 */
#ifndef SM_UNICODE_H_
#define SM_UNICODE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Most code points one code point becomes in a full canonical
 * decomposition (a Hangul syllable: 3; the longest table entry: 4).
 */
#define SM_UNICODE_EXPAND 4

/** What kind of character a code point is. */
typedef enum {
	/** an assigned letter, mark, number, punctuation, symbol, or U+0020 */
	SM_UC_OK = 0,
	/** general category Cc: C0 controls, DEL, C1 controls */
	SM_UC_CONTROL,
	/** general category Cf: bidi controls, zero-width characters, U+FEFF,
	 *  soft hyphen, tags ... */
	SM_UC_FORMAT,
	/** general categories Zl, Zp: line and paragraph separators */
	SM_UC_LINESEP,
	/** general category Zs other than U+0020: no-break and other spaces */
	SM_UC_SPACE,
	/** general categories Cn, Co, Cs: unassigned (noncharacters
	 *  included), private use, surrogates */
	SM_UC_UNASSIGNED,
} sm_uc_class_t;

/**
 * The version of Unicode the tables come from, such as "15.0.0".
 */
const char *sm_unicode_version(void);

/**
 * The class of a code point (SM_UC_UNASSIGNED above U+10FFFF).
 */
sm_uc_class_t sm_unicode_class(uint32_t cp);

/**
 * The canonical combining class of a code point (0 for starters).
 */
unsigned int sm_unicode_ccc(uint32_t cp);

/**
 * Normalise code points to NFC.
 *
 * @param in		code points
 * @param n			number of code points in in
 * @param out		receives the NFC form; room for SM_UNICODE_EXPAND * n
 *					code points (it also holds the decomposition); must not
 *					overlap in
 * @return			number of code points written to out
 */
size_t sm_unicode_nfc(const uint32_t *in, size_t n, uint32_t *out);

/**
 * Whether code points are in NFC.  Text whose characters all have
 * NFC_Quick_Check=Yes and whose combining marks are in canonical order is
 * NFC without further work; otherwise the NFC form is computed and compared.
 *
 * @param in		code points
 * @param n			number of code points in in
 * @param scratch	room for SM_UNICODE_EXPAND * n code points
 * @param at		receives the index of the first code point that differs
 *					from the NFC form, if it is not NFC (may be NULL)
 * @return			whether in is in NFC
 */
bool sm_unicode_is_nfc(const uint32_t *in, size_t n, uint32_t *scratch,
					   size_t *at);

#endif /* SM_UNICODE_H_ */
