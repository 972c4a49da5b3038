/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file template_int.h
 * Internals shared by the files of the template engine: template_vars.c
 * (the values), template_settings.c (the syntax of strongswan.conf and
 * swanctl.conf: how values are escaped, and where the output is) and
 * template.c (parsing and rendering).
 */
#ifndef SM_TEMPLATE_INT_H_
#define SM_TEMPLATE_INT_H_

#include "template.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- template_vars.c ---------------------------------------------------- */

typedef enum {
	VAL_STRING,
	VAL_FLAG,
	VAL_LIST,
} val_type_t;

typedef struct {
	char *name;
	val_type_t type;
	char *str;
	bool flag;
	sm_tvars_t **items;
	size_t n_items;
} entry_t;

struct sm_tvars_t {
	entry_t *entries;
	size_t n;
	/** enclosing set for name lookup, NULL at the top */
	const sm_tvars_t *parent;
};

/**
 * Look a name up in a set of values and its enclosing sets.
 *
 * @return			the value (internal data of vars), NULL if undefined
 */
const entry_t *sm_tvars_lookup(const sm_tvars_t *vars, const char *name);

/* ---- template_settings.c ------------------------------------------------ */

/** Where the output is, for strongSwan's settings parser (its lexer is
 * src/libstrongswan/settings/settings_lexer.l). */
typedef enum {
	/** statement level: section and key names */
	LEX_NAME,
	/** after ':' of a section: the sections it refers to */
	LEX_REF,
	/** after '=': the value */
	LEX_VALUE,
	/** in a quoted string of a value */
	LEX_STRING,
	/** after '\\' in a quoted string */
	LEX_ESCAPE,
	LEX_COMMENT,
	/** a '"' where none may be: the template itself is broken */
	LEX_BROKEN,
} sm_settings_state_t;

typedef struct {
	sm_settings_state_t state;
	/** where a comment returns to */
	sm_settings_state_t ret;
	/** in a value: the last character was part of a word */
	bool word;
	/** offset in the output where the current line starts */
	size_t line;
} sm_settings_lex_t;

/**
 * The state of the settings lexer after the character c, written at offset
 * off of the output.
 */
void sm_settings_lex(sm_settings_lex_t *l, char c, size_t off);

/**
 * Whether a character may be written bare in a value: strongSwan reads it
 * back as it is.
 */
bool sm_settings_bare_char(char c);

/**
 * Whether a character may be part of a section or key name.
 */
bool sm_settings_name_char(char c);

/**
 * A value escaped for a comment that ends at the line's end (strongswan.conf,
 * swanctl.conf, nft, PowerShell and key-file comments alike): nothing that
 * ends a line (or confuses a terminal), and '\\' doubled so the escapes
 * cannot be mistaken.
 *
 * @return			allocated string (must be freed), NULL if out of memory
 */
char *sm_settings_comment(const char *value);

#endif /* SM_TEMPLATE_INT_H_ */
