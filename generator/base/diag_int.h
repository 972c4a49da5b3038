/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file diag_int.h
 * Internals shared by diag.c (the list of diagnostics, the sources and
 * their hidden ranges) and diag_print.c (printing them as text or JSON).
 */
#ifndef SM_DIAG_INT_H_
#define SM_DIAG_INT_H_

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/** A byte range of a source that is never printed. */
typedef struct {
	size_t start;
	size_t end;
} range_t;

typedef struct {
	char *name;
	char *text;
	size_t len;
	/** hidden ranges, sorted and merged once lines get printed */
	range_t *hidden;
	size_t n_hidden;
	size_t hidden_size;
	/** whether hidden is sorted and merged */
	bool hidden_sorted;
	/** finds more ranges to hide, run before the first line is printed */
	sm_diag_redactor_t redactor;
	/** a range could not be stored: quote no line of this source */
	bool hide_all;
} source_t;

typedef struct {
	sm_severity_t severity;
	sm_pos_t pos;
	char *message;
	/** insertion order, for a stable sort */
	size_t seq;
} entry_t;

struct sm_diag_t {
	source_t *sources;
	size_t n_sources;
	entry_t *entries;
	size_t n_entries;
	/** whether entries are in position order */
	bool sorted;
	/** set when an allocation failed: reported as one more error */
	bool oom;
};

/**
 * The source made known under a file name, NULL if there is none.
 */
source_t *sm_diag_find_source(const sm_diag_t *diag, const char *file);

/**
 * Run a source's redactor once, then sort and merge its hidden ranges.
 */
void sm_diag_prepare_hidden(source_t *src);

/**
 * Index of the first hidden range of a prepared source that ends after
 * off.
 */
size_t sm_diag_first_hidden(const source_t *src, size_t off);

/**
 * Put the entries in position order (file, line, column, then the order
 * they were added), once.
 */
void sm_diag_sort(sm_diag_t *diag);

#endif /* SM_DIAG_INT_H_ */
