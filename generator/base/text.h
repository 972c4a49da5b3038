/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file text.h
 * Small text helpers shared by the loader's modules: "did you mean"
 * suggestions by edit distance, quoting user text safely inside messages,
 * and UTF-8 checks.
 */
#ifndef SM_TEXT_H_
#define SM_TEXT_H_

#include <stdbool.h>
#include <stddef.h>

#include "sm_utf8.h"

/** Longest excerpt of user text that sm_quote() puts in a message. */
#define SM_QUOTE_CHARS 60

/** Size of a buffer that always holds sm_quote()'s result. */
#define SM_QUOTE_SIZE (SM_QUOTE_CHARS * 4 + 8)

/**
 * Optimal-string-alignment distance between a and b (insertions, deletions,
 * substitutions and transpositions of neighbours each cost 1).
 *
 * @param a			first word
 * @param b			second word
 * @param max		stop early: any distance above max is returned as max + 1
 * @return			the distance, at most max + 1
 */
size_t sm_edit_distance(const char *a, const char *b, size_t max);

/** State of a search for the closest candidate to a word. */
typedef struct {
	/** the word looked for; internal data of the caller */
	const char *word;
	/** best candidate so far (internal data of the caller), or NULL */
	const char *best;
	/** its distance */
	size_t dist;
	/** largest distance accepted */
	size_t max;
} sm_suggest_t;

/**
 * Start looking for the candidate closest to word, within max edits.
 */
void sm_suggest_init(sm_suggest_t *s, const char *word, size_t max);

/**
 * Consider one candidate; on ties the first one wins.
 */
void sm_suggest_add(sm_suggest_t *s, const char *candidate);

/**
 * Write a printable excerpt of text (len bytes, may contain NUL) into buf:
 * control characters and invalid UTF-8 become \xNN escapes, and text longer
 * than SM_QUOTE_CHARS characters is cut with "...".
 *
 * @param buf		receives the excerpt, SM_QUOTE_SIZE bytes
 * @param text		text
 * @param len		length of text in bytes
 * @return			buf
 */
const char *sm_quote(char buf[SM_QUOTE_SIZE], const char *text, size_t len);

#endif /* SM_TEXT_H_ */
