/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file diag.h
 * Diagnostics of the generator: modules never print; they add errors and
 * warnings with a source position to an sm_diag_t, and only the command
 * functions print them, as
 *
 *     FILE:LINE:COL: error: MESSAGE
 *       source line
 *       ^
 *
 * (GNU/netplan style) followed by a count, or as JSON for tools.
 */
#ifndef SM_DIAG_H_
#define SM_DIAG_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** How many errors sm_diag_print() shows before it summarises the rest. */
#define SM_DIAG_PRINT_MAX 20

/** Severity of a diagnostic. */
typedef enum {
	SM_ERROR,
	SM_WARNING,
} sm_severity_t;

/** A 1-based position in a named file; line 0 means "no position". */
typedef struct {
	/** file name as given by the user; internal data, do not free */
	const char *file;
	/** 1-based line, 0 if unknown */
	unsigned int line;
	/** 1-based column, 0 if unknown */
	unsigned int col;
} sm_pos_t;

/** A list of diagnostics, with the source texts they point into. */
typedef struct sm_diag_t sm_diag_t;

/**
 * Create an empty list.
 *
 * @return			new list (must be destroyed), NULL if out of memory
 */
sm_diag_t *sm_diag_create(void);

/**
 * Destroy a list; NULL is fine.
 */
void sm_diag_destroy(sm_diag_t *diag);

/**
 * Make a source text known so that printed diagnostics can quote the line
 * they point at.  The returned name is the one to put in sm_pos_t.file.
 *
 * @param diag		list
 * @param file		file name (cloned)
 * @param text		file content (cloned), may be NULL
 * @param len		length of text
 * @return			the list's copy of file (internal data, lives as long
 *					as the list), NULL if out of memory
 */
const char *sm_diag_source(sm_diag_t *diag, const char *file,
						   const char *text, size_t len);

/**
 * Add a diagnostic.  The message is lower case, names the key path and
 * quotes values with '...', and says what was expected.
 */
void sm_diag_add(sm_diag_t *diag, sm_severity_t severity, sm_pos_t pos,
				 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** va_list variant of sm_diag_add(). */
void sm_diag_vadd(sm_diag_t *diag, sm_severity_t severity, sm_pos_t pos,
				  const char *fmt, va_list args)
	__attribute__((format(printf, 4, 0)));

/** Add an error. */
void sm_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Add a warning. */
void sm_warning(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Number of diagnostics of one severity.
 */
size_t sm_diag_count(const sm_diag_t *diag, sm_severity_t severity);

/** One diagnostic, as returned by sm_diag_get(). */
typedef struct {
	sm_severity_t severity;
	sm_pos_t pos;
	/** internal data, do not free */
	const char *message;
} sm_diag_entry_t;

/**
 * Number of diagnostics in the list.
 */
size_t sm_diag_size(const sm_diag_t *diag);

/**
 * The i-th diagnostic in position order (file, line, column, then the order
 * they were added).
 *
 * @return			FALSE if i is out of range
 */
bool sm_diag_get(sm_diag_t *diag, size_t i, sm_diag_entry_t *entry);

/**
 * Print all diagnostics in position order, each followed by its source line
 * and a caret, at most SM_DIAG_PRINT_MAX errors, then "N errors, M warnings"
 * when there is anything to count.
 */
void sm_diag_print(sm_diag_t *diag, FILE *out);

/**
 * Print all diagnostics as a JSON array of objects with the members
 * "file", "line", "column", "severity" and "message".
 */
void sm_diag_print_json(sm_diag_t *diag, FILE *out);

/**
 * Write s as a JSON string literal (with quotes) to out.
 */
void sm_json_string(FILE *out, const char *s);

#endif /* SM_DIAG_H_ */
