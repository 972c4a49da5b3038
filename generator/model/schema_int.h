/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file schema_int.h
 * Internals shared by schema.c (the generic mapping processor),
 * schema_types.c (the value types, the list walk and string checks),
 * schema_v1.c (the key tables of schema version 1) and schema_firewall.c
 * (those of its firewall section).
 */
#ifndef SM_SCHEMA_INT_H_
#define SM_SCHEMA_INT_H_

#include "schema.h"

#include <stddef.h>
#include <stdint.h>

/** Longest key path kept for messages ("users.accounts[99999].dns[3]"). */
#define SM_PATH_MAX 256

/** State of one sm_schema_load() run. */
typedef struct {
	sm_diag_t *diag;
	sm_model_t *model;
	/** key path of the value being processed */
	char path[SM_PATH_MAX];
	size_t path_len;
	/** errors added so far */
	size_t errors;
} sm_schema_t;

typedef struct sm_key_def_t sm_key_def_t;

/**
 * Handle a value of the expected node kind.
 *
 * @param s			state
 * @param node		the value
 * @param base		the struct the key's table describes
 * @param def		the key's table row; field is base + def->offset
 */
typedef void (*sm_handler_t)(sm_schema_t *s, const sm_yaml_node_t *node,
							 void *base, const sm_key_def_t *def);

/** A value type: which node kind it takes and how it is handled. */
typedef struct {
	/** expected node kind */
	sm_yaml_kind_t kind;
	sm_handler_t handler;
	/** what is expected, for type errors: "a number", "true or false" */
	const char *what;
} sm_type_t;

/** Flags of a key. */
enum {
	/** the key must be given */
	SM_KEY_REQUIRED = 1 << 0,
	/** a list that must not be empty */
	SM_KEY_NONEMPTY = 1 << 1,
};

/** One row of a key table; tables end with a row whose key is NULL. */
struct sm_key_def_t {
	const char *key;
	const sm_type_t *type;
	/** offsetof() the field in the struct the table describes */
	size_t offset;
	/** SM_KEY_* flags */
	unsigned int flags;
	/** handler argument: sm_range_t, sm_enum_t, sm_check_t, sm_addr_arg_t
	 *  or sm_section_t, depending on the type */
	const void *arg;
};

/** Range of a number. */
typedef struct {
	uint64_t min;
	uint64_t max;
	/** unit for messages: "seconds", "days" */
	const char *unit;
} sm_range_t;

/** Words of an enumeration and the values stored for them. */
typedef struct {
	const char *const *words;
	const int *values;
	size_t n;
	/** what the words are, for messages: "key type" */
	const char *what;
} sm_enum_t;

/**
 * Check (and normalise in place) a string value; adds an error and returns
 * false if it is invalid.
 */
typedef bool (*sm_check_fn_t)(sm_schema_t *s, const sm_yaml_node_t *node,
							  char *value);

/** Argument of string types: the check of the value. */
typedef struct {
	sm_check_fn_t check;
} sm_check_t;

/** What an address or prefix value must be. */
enum {
	/** IPv4 allowed */
	SM_ADDR_V4 = 1 << 0,
	/** IPv6 allowed */
	SM_ADDR_V6 = 1 << 1,
	/** a single address: no /length */
	SM_ADDR_SINGLE = 1 << 2,
	/** a network: /length required, no host bits */
	SM_ADDR_NETWORK = 1 << 3,
	/** a network or a single address */
	SM_ADDR_NET_OR_HOST = 1 << 4,
};

/** Argument of address types. */
typedef struct {
	/** SM_ADDR_* flags */
	unsigned int flags;
	/** added to family errors: "IPv6 pools go in mobile.pool6" */
	const char *hint;
} sm_addr_arg_t;

/** Argument of mapping types: the table and where the section's position
 *  goes. */
typedef struct {
	const sm_key_def_t *keys;
	/** offsetof() the sm_pos_t of the section in its struct */
	size_t pos_offset;
} sm_section_t;

/* generic types, implemented in schema_types.c */
extern const sm_type_t sm_type_string;
extern const sm_type_t sm_type_strlist;
extern const sm_type_t sm_type_uint;
extern const sm_type_t sm_type_bool;
extern const sm_type_t sm_type_addr;
extern const sm_type_t sm_type_addrlist;
extern const sm_type_t sm_type_enum;
extern const sm_type_t sm_type_section;

/* string checks, implemented in schema_types.c */
extern const sm_check_t sm_check_line;
extern const sm_check_t sm_check_text;
extern const sm_check_t sm_check_name;
extern const sm_check_t sm_check_domain;
extern const sm_check_t sm_check_hostname;
extern const sm_check_t sm_check_host;
extern const sm_check_t sm_check_dn;
extern const sm_check_t sm_check_country;

/**
 * Add an error at pos, prefixed with the current key path.
 */
void sm_schema_error(sm_schema_t *s, sm_pos_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Append ".key" (or "[index]" when key is NULL) to the key path.
 *
 * @return			the previous length, for sm_schema_pop()
 */
size_t sm_schema_push(sm_schema_t *s, const char *key, size_t index);

/**
 * Restore the key path to a length returned by sm_schema_push().
 */
void sm_schema_pop(sm_schema_t *s, size_t len);

/**
 * Process a mapping node with a key table: unknown keys, node kinds,
 * required keys, then each key's handler.
 *
 * @return			false if the node is not a mapping
 */
bool sm_schema_mapping(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
					   const sm_key_def_t *keys);

/**
 * Check a node's kind against a type and report a mismatch.
 *
 * @return			true if the node has the expected kind
 */
bool sm_schema_kind(sm_schema_t *s, const sm_yaml_node_t *node,
					const sm_type_t *type);

/**
 * The text of a scalar that must be a non-empty string; reports empty
 * values, NUL characters and control characters (newline and tab are
 * allowed only with multiline).
 *
 * @return			the text (internal data of the node), NULL on errors
 */
const char *sm_schema_text(sm_schema_t *s, const sm_yaml_node_t *node,
						   bool multiline);

/**
 * Parse a strict unsigned number: plain decimal digits, no sign, no
 * leading zero, within range.
 *
 * @return			false (error reported) if invalid
 */
bool sm_schema_number(sm_schema_t *s, const sm_yaml_node_t *node,
					  const sm_range_t *range, uint64_t *out);

/**
 * Look a word up in an enumeration and report unknown words with the list
 * of allowed ones.
 *
 * @return			index into e->words, -1 on errors
 */
int sm_schema_word(sm_schema_t *s, const sm_yaml_node_t *node,
				   const sm_enum_t *e);

/**
 * Store a checked copy of a scalar in a string value.
 *
 * @return			false (error reported) if invalid
 */
bool sm_schema_str(sm_schema_t *s, const sm_yaml_node_t *node,
				   const sm_check_t *check, sm_str_t *out);

/* lists, implemented in schema_types.c */

/**
 * The start of reading a list: room for every item, or for an empty list
 * an error when empty names what to give ("the list is empty; give at
 * least EMPTY").
 *
 * @param empty		what an empty list lacks, or NULL if it may be empty
 * @return			the items, zeroed (must be freed); NULL for an empty
 *					list or when out of memory (reported)
 */
void *sm_schema_list_start(sm_schema_t *s, const sm_yaml_node_t *node,
						   const char *empty, size_t item_size);

/**
 * One item of a list, checked and stored in slot; false if it is invalid
 * (reported).
 */
typedef bool (*sm_item_fn_t)(sm_schema_t *s, const sm_yaml_node_t *item,
							 const sm_key_def_t *def, void *slot);

/**
 * The walk over a list: each item the reader accepted, under its index in
 * the key path, is checked against type and then stored by one() in the
 * next free slot of items (item_size bytes each).  With item_size 0 every
 * item gets the same slot (a list folded into one value, such as a set of
 * bits).
 *
 * @param items		slots, from sm_schema_list_start(); NULL: nothing is
 *					walked
 * @return			how many items one() stored
 */
size_t sm_schema_list_items(sm_schema_t *s, const sm_yaml_node_t *node,
							const sm_key_def_t *def, const sm_type_t *type,
							void *items, size_t item_size, sm_item_fn_t one);

/**
 * A list of mappings: room for every item (n items of size bytes), then
 * each(s, item node, item) for every item that is a mapping, under its
 * index in the key path.  Unlike sm_schema_list_items(), item i stays in
 * slot i (later messages name items by their index).  An empty list is an
 * error when empty names what to give.
 *
 * @return			the items (must be freed; NULL for none), their count in
 *					*n
 */
void *sm_schema_mapping_list(sm_schema_t *s, const sm_yaml_node_t *node,
							 size_t size, const char *empty, size_t *n,
							 void (*each)(sm_schema_t *s,
										  const sm_yaml_node_t *item,
										  void *obj));

/** The firewall section (schema_firewall.c). */
extern const sm_section_t sm_schema_firewall;

/** The key tables of schema version 1 (schema_v1.c): the top level, one
 *  entry of children, one entry of users.accounts, and the top level of a
 *  users file (version and users only). */
extern const sm_key_def_t sm_schema_v1[];
extern const sm_key_def_t sm_schema_users_file[];
extern const sm_key_def_t sm_schema_child[];
extern const sm_key_def_t sm_schema_account[];

#endif /* SM_SCHEMA_INT_H_ */
