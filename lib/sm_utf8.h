/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_utf8.h
 * Strict UTF-8 (RFC 3629) decoding, shared by every check of user text and
 * by the NT hash's UTF-16LE conversion: stray continuation bytes, truncated
 * sequences, overlong forms, surrogates (U+D800..U+DFFF) and values above
 * U+10FFFF are invalid.
 */
#ifndef SM_UTF8_H_
#define SM_UTF8_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Decode the UTF-8 sequence at s.
 *
 * @param s			text (need not be NUL-terminated)
 * @param len		bytes available at s
 * @param cp		receives the code point (may be NULL)
 * @return			length of the sequence (1-4), 0 if it is invalid or
 *					len is 0
 */
size_t sm_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/**
 * Whether a byte continues a UTF-8 sequence (10xxxxxx): a character starts
 * at every other byte, as columns and sm_utf8_chars() count them.
 */
static inline bool sm_utf8_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/**
 * Whether len bytes at s are valid UTF-8 (U+0000 included).
 */
bool sm_utf8_valid(const char *s, size_t len);

/**
 * Number of characters in len bytes at s, counting every byte that is not a
 * continuation byte (so an invalid byte counts as one character).
 */
size_t sm_utf8_chars(const char *s, size_t len);

/**
 * Convert UTF-8 to UTF-16LE; code points above U+FFFF become surrogate
 * pairs.  U+0000 is rejected (a password or name never contains it).
 *
 * @param in		UTF-8 text (need not be NUL-terminated)
 * @param len		length of in in bytes
 * @param out		receives the UTF-16LE bytes; must hold 2 * len bytes
 * @param outlen	receives the number of bytes written
 * @param bad		receives the byte offset of the first invalid sequence
 *					on failure (may be NULL)
 * @return			whether in was valid
 */
bool sm_utf8_to_utf16le(const char *in, size_t len, uint8_t *out,
						size_t *outlen, size_t *bad);

#endif /* SM_UTF8_H_ */
