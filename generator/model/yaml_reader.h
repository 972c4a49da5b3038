/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file yaml_reader.h
 * Reads YAML with libyaml's event API into a small tree of scalars, lists
 * and mappings that remembers the 1-based position of every node and every
 * mapping key.
 *
 * The reader enforces what libyaml 0.2.5 does not: an input size cap, a
 * nesting depth cap (checked on every start event, so deeply nested input
 * costs nothing), a cap on the number of nodes, exactly one document, no
 * anchors, aliases or tags, and no duplicate mapping keys.  Every problem is
 * added to the diagnostics list with its position; the input text is
 * registered there too, so printed diagnostics can quote the source line,
 * with the values of secrets hidden: those the parser saw (the value of
 * every key that names a secret, see sm_secret_word(); after a syntax
 * error, everything from a pending secret to the end), and those
 * sm_yaml_redact() finds in the text.
 */
#ifndef SM_YAML_READER_H_
#define SM_YAML_READER_H_

#include "base/diag.h"

#include <stdbool.h>
#include <stddef.h>

/** Largest input accepted: 64 MiB (a 100,000-user file is about 7 MiB). */
#define SM_YAML_MAX_SIZE ((size_t)64 << 20)

/** Deepest nesting of lists and mappings accepted. */
#define SM_YAML_MAX_DEPTH 64

/** Most nodes accepted in one document (bounds memory for hostile input). */
#define SM_YAML_MAX_NODES ((size_t)8 << 20)

/** Kind of a node. */
typedef enum {
	SM_YAML_SCALAR,
	SM_YAML_SEQUENCE,
	SM_YAML_MAPPING,
} sm_yaml_kind_t;

/** Flags of a node. */
enum {
	/** a plain (unquoted, not block) scalar */
	SM_YAML_PLAIN = 1 << 0,
	/** a plain scalar meaning null: empty, "~", "null", "Null" or "NULL" */
	SM_YAML_NULL = 1 << 1,
	/** the scalar's text starts and ends on the same line */
	SM_YAML_ONELINE = 1 << 2,
	/** stands for something the reader rejected (an alias): skip it */
	SM_YAML_INVALID = 1 << 3,
	/** the value of a key that names a secret (or looks like it), or part
	 * of one: never quote it in a message */
	SM_YAML_SECRET = 1 << 4,
};

typedef struct sm_yaml_node_t sm_yaml_node_t;

/** One key/value pair of a mapping. */
typedef struct {
	/** the key (NUL-terminated, may contain NUL bytes before key_len) */
	const char *key;
	size_t key_len;
	/** position of the key */
	sm_pos_t key_pos;
	sm_yaml_node_t *value;
} sm_yaml_pair_t;

/** A node of the tree; all of it is internal data of the document. */
struct sm_yaml_node_t {
	sm_yaml_kind_t kind;
	/** SM_YAML_* flags */
	unsigned int flags;
	/** position of the node's first character */
	sm_pos_t pos;
	union {
		/** SM_YAML_SCALAR: NUL-terminated text; len excludes the NUL */
		struct {
			const char *text;
			size_t len;
		} scalar;
		/** SM_YAML_SEQUENCE */
		struct {
			sm_yaml_node_t **items;
			size_t n;
		} seq;
		/** SM_YAML_MAPPING: pairs in document order, keys unique */
		struct {
			sm_yaml_pair_t *pairs;
			size_t n;
		} map;
	};
};

/** A parsed document: the tree and the memory it lives in. */
typedef struct sm_yaml_doc_t sm_yaml_doc_t;

/**
 * Parse one YAML document.
 *
 * Syntax errors, the caps, a second document, an empty input and running
 * out of memory are fatal: NULL is returned.  Anchors, aliases, tags and
 * duplicate keys are reported but the tree is still returned (aliases
 * become SM_YAML_INVALID nodes, duplicate pairs are left out), so that the
 * schema can report further errors in one run.
 *
 * @param file		file name for positions and messages (cloned into diag)
 * @param text		input (need not be NUL-terminated)
 * @param len		length of text
 * @param diag		receives errors; the text is registered with it
 * @return			document (must be destroyed), NULL on fatal errors
 */
sm_yaml_doc_t *sm_yaml_parse(const char *file, const char *text, size_t len,
							 sm_diag_t *diag);

/**
 * The root node of a document, never NULL (internal data, do not free).
 */
const sm_yaml_node_t *sm_yaml_root(const sm_yaml_doc_t *doc);

/**
 * Destroy a document and its tree; NULL is fine.
 */
void sm_yaml_destroy(sm_yaml_doc_t *doc);

/**
 * Position of the byte at offset inside a scalar's text: exact for one-line
 * plain scalars (their text is the source text), else the scalar's own
 * position.
 */
sm_pos_t sm_yaml_text_pos(const sm_yaml_node_t *node, size_t offset);

/**
 * What a node is, for messages: "a mapping", "a list", "an empty value",
 * "a string".
 */
const char *sm_yaml_describe(const sm_yaml_node_t *node);

#endif /* SM_YAML_READER_H_ */
