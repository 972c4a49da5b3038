/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file yaml_redact.h
 * Finds the values of secrets (passwords, NT hashes, and whatever a
 * misspelt key of theirs holds) in YAML text, so that quoted source lines
 * never show them.
 *
 * It works from the text alone, without a parser: it must also cover what
 * libyaml never turned into events (the rest of a line or of the file after
 * a syntax error, an unterminated quote that swallows the rest of the
 * file).  A secret's key is a word that names a secret (sm_secret_word())
 * followed by ':' or '=', a whole key before them that does ('nt_"ash'),
 * or, where a key starts, such a word followed by anything on its line
 * ("password hunter2").  What follows is hidden: a quoted value up to its
 * closing quote (or the end of the text), a flow collection up to its
 * closing bracket, a plain value in a flow collection up to the next ','
 * or closing bracket (going on past a ',' that no "key:" follows and past
 * a bracket that more text follows: "a,b", "a]b" should have been quoted),
 * and in block context the rest of the line and the lines after it that
 * are blank, indented deeper than the key, or no YAML structure (a key, a
 * list item at a smaller indentation, a document marker).  Secrets are
 * looked for everywhere, in comments and quoted text too: the scanner's
 * idea of the context is a guess, and a wrong guess must cost only more
 * hiding.
 */
#ifndef SM_YAML_REDACT_H_
#define SM_YAML_REDACT_H_

#include "base/diag.h"

#include <stddef.h>

/**
 * Call hide(ctx, start, end) for every byte range of text that holds the
 * value of a secret; an sm_diag_redactor_t.
 *
 * @param text		YAML text (need not be NUL-terminated)
 * @param len		length of text
 * @param hide		receives the ranges, in increasing order
 * @param ctx		passed to hide
 */
void sm_yaml_redact(const char *text, size_t len, sm_diag_hide_t hide,
					void *ctx);

#endif /* SM_YAML_REDACT_H_ */
