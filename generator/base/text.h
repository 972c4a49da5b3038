/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file text.h
 * Small text helpers shared by the loader's modules: "did you mean"
 * suggestions by edit distance, quoting user text safely inside messages,
 * telling names of secrets, character widths, and UTF-8 checks.
 */
#ifndef SM_TEXT_H_
#define SM_TEXT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/**
 * Like sm_quote() for a mapping key, which may hold a secret when a value
 * was written into it ("password hunter2", "password=hunter2"): everything
 * after the first word that names a secret (see sm_secret_word()) is
 * replaced by "...".
 *
 * @param buf		receives the excerpt, SM_QUOTE_SIZE bytes
 * @param key		key text
 * @param len		length of key in bytes
 * @return			buf
 */
const char *sm_quote_key(char buf[SM_QUOTE_SIZE], const char *key, size_t len);

/**
 * Whether a byte may be part of a word for sm_secret_word(): ASCII letters,
 * digits, '_', '-', and every byte of a non-ASCII character.
 */
bool sm_word_byte(unsigned char c);

/**
 * Whether a word names a secret, or may be a misspelling of such a name, so
 * that what is written after it must never be shown: ignoring case and
 * ASCII characters other than letters and digits, it is within two edits
 * of "password" or one of "nthash", or contains "pass", "pasw", "pwd",
 * "secret", "hash" or "psk".  The flag save_password is not a secret.
 * Errs on the side of yes.
 *
 * @param word		the word (usually a run of bytes accepted by
 *					sm_word_byte(), or a whole mapping key)
 * @param len		its length in bytes
 */
bool sm_secret_word(const char *word, size_t len);

/**
 * Where the first word of a text that names a secret (sm_secret_word())
 * ends; if no word does but the whole text does (a misspelt key such as
 * 'nt_"ash'), its end.
 *
 * @param text		text, e.g. a mapping key
 * @param len		its length in bytes
 * @return			offset just after that word, 0 if there is none
 */
size_t sm_secret_word_end(const char *text, size_t len);

/**
 * Columns a character takes on a terminal, for lining up a caret: 0 for
 * combining marks and zero-width characters, 2 for East Asian wide and
 * full-width characters and emoji, else 1 (a fixed table close to
 * wcwidth(3), independent of the locale).
 */
int sm_char_width(uint32_t cp);

#endif /* SM_TEXT_H_ */
