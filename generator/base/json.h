/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file json.h
 * The one JSON writer of the CLI (check --json, generate --json, user list
 * and show --json, diagnose --json): strings escaped as JSON wants them,
 * the commas and the layout done by the writer.
 *
 * A container is written either compact on one line ({"a": 1, "b": [2]})
 * or with each member on its own line, indented by one space per
 * enclosing container written that way (so one written a member a line
 * inside a compact one is indented by one space); an empty container is
 * written {} or [].  A newline follows the outermost value.
 */
#ifndef SM_JSON_H_
#define SM_JSON_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Deepest nesting of containers (more is a programming error). */
#define SM_JSON_DEPTH 8

/** A JSON writer on a stream; initialise with sm_json_init(). */
typedef struct {
	/** where the text goes; not owned */
	FILE *out;
	/** open containers */
	unsigned int depth;
	/** a key was written: the value follows it */
	bool after_key;
	/** per open container: members written so far, what it is, and its
	 *  layout */
	struct {
		size_t n;
		bool object;
		bool lines;
	} level[SM_JSON_DEPTH];
} sm_json_t;

/**
 * Start writing one JSON value to out.
 *
 * @param j			the writer
 * @param out		stream (not owned, not closed)
 */
void sm_json_init(sm_json_t *j, FILE *out);

/**
 * Open an object.
 *
 * @param j			the writer
 * @param lines		each member on its own line, else all on one line
 */
void sm_json_object(sm_json_t *j, bool lines);

/**
 * Open an array.
 *
 * @param j			the writer
 * @param lines		each element on its own line, else all on one line
 */
void sm_json_array(sm_json_t *j, bool lines);

/**
 * Close the innermost open object or array.
 */
void sm_json_end(sm_json_t *j);

/**
 * Write the key of the next member of an object.
 */
void sm_json_key(sm_json_t *j, const char *key);

/**
 * Write a string (see sm_json_string()); NULL is written as null.
 */
void sm_json_str(sm_json_t *j, const char *s);

/**
 * Write a number.
 */
void sm_json_uint(sm_json_t *j, uint64_t v);

/**
 * Write a number that may be negative.
 */
void sm_json_int(sm_json_t *j, int64_t v);

/**
 * Write true or false.
 */
void sm_json_bool(sm_json_t *j, bool v);

/**
 * Write null.
 */
void sm_json_null(sm_json_t *j);

/** Room for an escape of sm_json_escape(), with its NUL. */
#define SM_JSON_ESCAPE_SIZE 7

/**
 * How a character is written inside a JSON string: '"' and '\' escaped,
 * newline, tab and carriage return as \n, \t, \r, other controls and DEL
 * as \u00XX; "" for every other character, which stands as it is.  The
 * one escaping table of sm_json_string() and of the template engine's JSON
 * values (render/template_ctx.c).
 *
 * @param cp		a Unicode code point
 * @param buf		receives the escape
 * @return			buf
 */
const char *sm_json_escape(uint32_t cp, char buf[SM_JSON_ESCAPE_SIZE]);

/**
 * Write s as a JSON string literal (with quotes) to out: '"', '\' and
 * control characters escaped, a byte that is not UTF-8 written as U+FFFD
 * (JSON text is Unicode).  The escaping under sm_json_str().
 */
void sm_json_string(FILE *out, const char *s);

#endif /* SM_JSON_H_ */
