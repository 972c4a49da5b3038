/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file template_nft.h
 * The nft(8) context of the template engine (SM_SYNTAX_NFT, template.h),
 * internal to render/: where the output stands in nft's syntax, following
 * the rules of its lexer (nftables' src/scanner.l), and how a value is
 * written there.
 *
 *   in a comment        '#' to the end of the line (outside strings): the
 *                       engine's comment escaping, no line break
 *   in a quoted string  "..." has no escapes in nft: printable ASCII
 *                       without '"' and '\'; a '*' at the end, which nft
 *                       reads as a wildcard, is written "\*" (nft reads a
 *                       literal '*')
 *   anywhere else       one word of nft's syntax, checked and written as
 *                       it is: an IPv4 or IPv6 address or network in
 *                       canonical form (sm_prefix_format()), a decimal
 *                       number (no leading zero: nft reads 010 as octal),
 *                       a range of two such numbers ("8000-8080") or a name
 *                       of letters, digits, '_' and '-' starting with a
 *                       letter or '_'; anything else is refused
 */
#ifndef SM_TEMPLATE_NFT_H_
#define SM_TEMPLATE_NFT_H_

#include <stdbool.h>

/** Where the output is in nft's syntax. */
typedef enum {
	/** statements, expressions, names */
	SM_NFT_CODE = 0,
	/** between the quotes of a string */
	SM_NFT_STRING,
	/** from '#' to the end of the line */
	SM_NFT_COMMENT,
} sm_nft_state_t;

/**
 * The state after the output character c.
 *
 * @param state		the state before c
 * @param c			the next output character
 * @return			the state after it
 */
sm_nft_state_t sm_nft_lex_char(sm_nft_state_t state, char c);

/**
 * Escape a value for a quoted string (SM_NFT_STRING) or check that it is
 * one word (SM_NFT_CODE); comments are escaped by the engine itself.
 *
 * @param state		SM_NFT_STRING or SM_NFT_CODE
 * @param value		the raw value
 * @param why		receives why the value cannot be written there (static
 *					text; never the value) when NULL is returned for that
 *					reason, else NULL
 * @return			what to write (must be freed); NULL if refused (*why
 *					set) or out of memory (*why NULL)
 */
char *sm_nft_escape(sm_nft_state_t state, const char *value, const char **why);

#endif /* SM_TEMPLATE_NFT_H_ */
