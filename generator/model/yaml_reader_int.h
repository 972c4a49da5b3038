/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file yaml_reader_int.h
 * Internals shared by the YAML reader's files: yaml_reader.c (the arena,
 * the tree, the events) and yaml_pos.c (libyaml's marks as positions, its
 * errors as diagnostics, and which values are secrets and which ranges of
 * the text they hide in quoted lines).
 */
#ifndef SM_YAML_READER_INT_H_
#define SM_YAML_READER_INT_H_

#include "yaml_reader.h"

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

/** Keys whose secret-ness is remembered (keys repeat: identity, ...). */
#define KEY_CACHE 8

/** Longest key remembered there. */
#define KEY_CACHE_LEN 32

/** A list or mapping whose children are being read. */
typedef struct {
	sm_yaml_node_t *node;
	/** index into reader_t.vecs of the children collected so far */
	size_t vec;
	/** the collection is (part of) the value of a secret */
	bool secret;
	/** it is that value itself: hide from secret_start to its end */
	bool secret_owner;
	size_t secret_start;
	/** a mapping whose last key names a secret: its value is pending */
	bool key_secret;
	/** byte offset where that key ends */
	size_t key_end;
	/** spaces of indentation left visible on the lines of the secret */
	size_t keep;
} frame_t;

/** A growable array of node pointers, reused across frames of one depth. */
typedef struct {
	sm_yaml_node_t **items;
	size_t n;
	size_t size;
} vec_t;

/** State of one sm_yaml_parse() call. */
typedef struct {
	sm_yaml_doc_t *doc;
	sm_diag_t *diag;
	/** the diag list's copy of the file name */
	const char *file;
	const char *text;
	size_t len;
	/** offset after the last character that is not a line break */
	size_t end;
	/** position of that offset */
	sm_pos_t last;
	/** the last mark's character index, byte offset, line and column */
	size_t mark_index;
	size_t mark_off;
	size_t mark_line;
	size_t mark_col;
	/** keys seen last and sm_secret_word_end() of each */
	struct {
		char key[KEY_CACHE_LEN];
		size_t len;
		size_t end;
	} keys[KEY_CACHE];
	size_t next_key;
	frame_t stack[SM_YAML_MAX_DEPTH];
	vec_t vecs[SM_YAML_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	unsigned int documents;
	/** a fatal error was reported: stop */
	bool fatal;
} reader_t;

/* ---- yaml_pos.c --------------------------------------------------------- */

/**
 * Byte offset of a libyaml mark (marks come in order; a mark before the
 * last one restarts the walk).
 */
size_t sm_yr_mark_offset(reader_t *r, yaml_mark_t mark);

/**
 * The position of a mark; marks past the last character (an unclosed
 * bracket) point just after it.
 */
sm_pos_t sm_yr_mark_pos(reader_t *r, yaml_mark_t mark);

/**
 * The position of a byte offset.
 */
sm_pos_t sm_yr_offset_pos(const reader_t *r, size_t offset);

/**
 * Report what libyaml failed on, with its position; sets r->fatal.
 */
void sm_yr_report_libyaml(reader_t *r, const yaml_parser_t *parser);

/**
 * Hide [start, end) in quoted lines, except the blanks and line breaks
 * that end it and up to keep spaces of indentation on the lines after the
 * first.
 */
void sm_yr_hide(reader_t *r, size_t start, size_t end, size_t keep);

/**
 * Indentation kept visible on the lines of a value of a key in frame f.
 */
size_t sm_yr_keep_of(const reader_t *r, const frame_t *f);

/**
 * After a fatal error: hide from a secret being read to the end.
 */
void sm_yr_hide_pending(reader_t *r);

/**
 * Keep track of secrets for a node about to be attached: a key that names
 * a secret makes its value secret, and everything inside that value.
 * Scalars are hidden here, collections when they end.
 *
 * @return			whether the node starts the value of a secret key
 */
bool sm_yr_track_secret(reader_t *r, sm_yaml_node_t *node,
						const yaml_event_t *ev);

#endif /* SM_YAML_READER_INT_H_ */
