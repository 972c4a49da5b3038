/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file diag.h
 * Stage base/ (libbase.la), the bottom of generator/.  This header says
 * what the folder holds.
 *
 *   in          nothing of the CLI's: may include lib/ only (and OpenSSL,
 *               for the MD4 of nthash.c)
 *   out         diagnostics (this header: positions, errors and warnings,
 *               printing them as text or JSON; diag.c, diag_print.c),
 *               the JSON writer (json.h), text helpers: quoting, "did you
 *               mean", names of secrets, widths (text.h), hash sets of
 *               indices (hset.h), NT hashes (nthash.h)
 *   used by     every stage above (model/, pki/, render/, users/) and the
 *               commands
 *
 * Diagnostics of the generator: modules never print; they add errors and
 * warnings with a source position to an sm_diag_t, and only the command
 * functions print them, as
 *
 *     FILE:LINE:COL: error: MESSAGE
 *       source line
 *       ^
 *
 * (GNU/netplan style) followed by a count, or as JSON for tools.
 *
 * The quoted line never shows a secret: a source may hide byte ranges
 * (sm_diag_hide(), or a redactor that finds them in the text when a line
 * of it is printed for the first time), which are printed as
 * SM_DIAG_REDACTED.  Only SM_DIAG_CONTEXT characters either side of the
 * caret are quoted, so a huge line costs no more than a short one.
 */
#ifndef SM_DIAG_H_
#define SM_DIAG_H_

#include "json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** How many errors sm_diag_print() shows before it summarises the rest. */
#define SM_DIAG_PRINT_MAX 20

/** Characters of the source line quoted either side of the caret. */
#define SM_DIAG_CONTEXT 100

/** What a hidden part of a source line is printed as. */
#define SM_DIAG_REDACTED "<redacted>"

/** Severity of a diagnostic. */
typedef enum {
	SM_ERROR,
	SM_WARNING,
} sm_severity_t;

/** A 1-based position in a named file; line 0: no position (sm_nopos()). */
typedef struct {
	/** file name as given by the user; internal data, do not free */
	const char *file;
	/** 1-based line, 0 if unknown */
	unsigned int line;
	/** 1-based column, 0 if unknown */
	unsigned int col;
} sm_pos_t;

/**
 * The position of a diagnostic that points at no line: about a whole file
 * (printed "FILE: error: ...") or, with file NULL, about no file at all
 * ("error: ...": I/O, the environment, running out of memory).  The one
 * way to write "no position".
 *
 * @param file		file name (internal data of the caller), or NULL
 */
static inline sm_pos_t sm_nopos(const char *file)
{
	return (sm_pos_t){.file = file};
}

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
const char *sm_diag_source(sm_diag_t *diag, const char *file, const char *text,
						   size_t len);

/**
 * Called by a redactor for every byte range [start, end) of a text to hide.
 */
typedef void (*sm_diag_hide_t)(void *ctx, size_t start, size_t end);

/**
 * Finds the secrets in a source text: calls hide(ctx, start, end) for each
 * byte range that must not be printed.  Must err on the side of hiding.
 */
typedef void (*sm_diag_redactor_t)(const char *text, size_t len,
								   sm_diag_hide_t hide, void *ctx);

/**
 * Hide the bytes [start, end) of a source text wherever its lines are
 * quoted.  If the range cannot be stored, no line of that source is quoted.
 *
 * @param diag		list
 * @param file		name of a source made known with sm_diag_source()
 * @param start		first byte to hide
 * @param end		byte after the last one to hide
 */
void sm_diag_hide(sm_diag_t *diag, const char *file, size_t start, size_t end);

/**
 * Have a function find the secrets of a source text before the first line
 * of it is quoted (it never runs if no line is printed).
 *
 * @param diag		list
 * @param file		name of a source made known with sm_diag_source()
 * @param redactor	finds the ranges to hide
 */
void sm_diag_redactor(sm_diag_t *diag, const char *file,
					  sm_diag_redactor_t redactor);

/**
 * Add a diagnostic.  The message is lower case, names the key path and
 * quotes values with '...', and says what was expected.
 */
void sm_diag_add(sm_diag_t *diag, sm_severity_t severity, sm_pos_t pos,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

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
 * when there is anything to count.  The source line is cut to
 * SM_DIAG_CONTEXT characters either side of the caret (marked "..."), its
 * hidden ranges are replaced by SM_DIAG_REDACTED, and control characters,
 * bidirectional overrides and bytes that are not UTF-8 are printed as '?'
 * (in file names and messages as \xNN escapes).  The output is collected
 * and written in pieces of 64 KiB, not byte by byte: one write for most
 * runs.
 */
void sm_diag_print(sm_diag_t *diag, FILE *out);

/**
 * Write all diagnostics, in position order, as the next value of a JSON
 * writer: an array (one element a line) of objects with the members
 * "file" (null without one), "line", "column" (0 without a position),
 * "severity" ("error" or "warning") and "message".
 */
void sm_diag_json(sm_diag_t *diag, sm_json_t *j);

/**
 * Print all diagnostics as a JSON document: sm_diag_json() on its own.
 */
void sm_diag_print_json(sm_diag_t *diag, FILE *out);

#endif /* SM_DIAG_H_ */
