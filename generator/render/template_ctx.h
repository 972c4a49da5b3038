/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file template_ctx.h
 * The output syntaxes of client profiles for the template engine
 * (template.c): XML (Apple property lists), JSON (the strongSwan Android
 * app's .sswan), Windows PowerShell scripts and GLib key files
 * (NetworkManager connections).  For each, a lexer follows what the engine
 * has written so far, and an escaper writes a value for the place the
 * output has reached, or refuses it:
 *
 *   XML         text between tags: '&', '<', '>' as entity references, CR
 *               as &#13;; an attribute value in quotes: also both quotes,
 *               TAB, LF and CR as character references.  Characters XML
 *               1.0 does not allow (controls, U+FFFE, U+FFFF) and bytes
 *               that are not UTF-8 are refused; so is every other place
 *               (tag names, comments, CDATA, declarations).
 *   JSON        inside a string: '"', '\\' and control characters escaped,
 *               U+2028 and U+2029 as \u escapes; bytes that are not UTF-8
 *               are refused.  Outside strings only a whole token that is a
 *               JSON number, true, false or null, between ':', '[' or ','
 *               and ',', ']', '}' or white space; anything else is refused.
 *   PowerShell  inside a single-quoted string: the quote characters
 *               PowerShell accepts (' and U+2018..U+201B) doubled; control
 *               characters and bytes that are not UTF-8 refused.  In a
 *               '#' line comment: line breaks, other controls and '\\'
 *               written as \xNN and \\.  Everywhere else (bare words,
 *               double-quoted strings with their $ expansions, block
 *               comments, here-strings) values are refused.
 *   key file    a value after '=': '\\', LF, CR, TAB and a leading or
 *               trailing space written as g_key_file's escapes (\\, \n,
 *               \r, \t, \s); other controls and bytes that are not UTF-8
 *               refused.  In a '#' comment line: escaped as in PowerShell
 *               comments.  Group and key names: refused.
 *
 * Internal to render/: template.c calls these for every syntax but
 * SM_SYNTAX_SETTINGS.
 */
#ifndef SM_TEMPLATE_CTX_H_
#define SM_TEMPLATE_CTX_H_

#include "template.h"

#include <stdbool.h>
#include <stddef.h>

/** Longest run of recent output characters the lexers look back on. */
#define SM_TCTX_TAIL 12

/** Where the output of one of the syntaxes above is. */
typedef struct {
	sm_syntax_t syntax;
	/** the lexer's state (an enum of template_ctx_int.h per syntax) */
	int state;
	/** JSON: the last character outside strings that is not white space;
	 *  key file: whether a value has characters yet */
	char last;
	/** JSON: hex digits of a \u escape still to come */
	int pending;
	/** the last characters written, newest last */
	char tail[SM_TCTX_TAIL];
	size_t n_tail;
} sm_tctx_t;

/**
 * Whether the syntax is one of those of this file.
 */
bool sm_tctx_supports(sm_syntax_t syntax);

/**
 * Start a lexer at the beginning of an output.
 */
void sm_tctx_init(sm_tctx_t *ctx, sm_syntax_t syntax);

/**
 * Follow one character of the output.
 */
void sm_tctx_feed(sm_tctx_t *ctx, char c);

/**
 * A value escaped for where the output is.
 *
 * @param ctx		the lexer
 * @param value		the value (raw)
 * @param next		the first character the template writes after the
 *					value, '\0' at its end (JSON tokens need it)
 * @param why		receives, when the value cannot be written here, the
 *					reason (static text, never quoting the value)
 * @return			the escaped value (must be freed; may hold a secret),
 *					NULL if refused (*why set) or out of memory (*why NULL)
 */
char *sm_tctx_escape(const sm_tctx_t *ctx, const char *value, char next,
					 const char **why);

#endif /* SM_TEMPLATE_CTX_H_ */
