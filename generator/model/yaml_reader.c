/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yaml_reader_int.h"
#include "yaml_redact.h"
#include "base/hset.h"
#include "base/text.h"
#include "sm_countof.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/** Size of an arena block; larger allocations get a block of their own. */
#define BLOCK_SIZE ((size_t)64 << 10)

/** Mappings up to this size are checked for duplicates pairwise. */
#define SMALL_MAPPING 8

typedef struct block_t block_t;

/** A block of the document's arena. */
struct block_t {
	block_t *next;
	size_t used;
	size_t size;
	/** aligned for any node member */
	max_align_t data[];
};

struct sm_yaml_doc_t {
	/** arena blocks, newest first */
	block_t *blocks;
	sm_yaml_node_t *root;
};

static void *arena_alloc(sm_yaml_doc_t *doc, size_t size)
{
	const size_t align = sizeof(max_align_t);
	block_t *b = doc->blocks;
	size_t bsize;
	void *p;

	size = (size + align - 1) / align * align;
	if (!size)
	{
		size = align;
	}
	if (!b || b->size - b->used < size)
	{
		bsize = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
		b = malloc(sizeof(block_t) + bsize);
		if (!b)
		{
			return NULL;
		}
		b->size = bsize;
		b->used = 0;
		if (bsize == size && doc->blocks)
		{
			/* a big one-off block: keep filling the current block */
			b->next = doc->blocks->next;
			doc->blocks->next = b;
		}
		else
		{
			b->next = doc->blocks;
			doc->blocks = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

void sm_yaml_destroy(sm_yaml_doc_t *doc)
{
	block_t *b, *next;

	if (!doc)
	{
		return;
	}
	for (b = doc->blocks; b; b = next)
	{
		next = b->next;
		/* scalars include passwords and NT hashes */
		OPENSSL_cleanse(b->data, b->used);
		free(b);
	}
	free(doc);
}

const sm_yaml_node_t *sm_yaml_root(const sm_yaml_doc_t *doc)
{
	return doc->root;
}

static void fatal(reader_t *r, sm_pos_t pos, const char *msg)
{
	sm_error(r->diag, pos, "%s", msg);
	r->fatal = true;
}

/* complain about anchors and tags on a node; the node is still used.  On
 * the value of a secret, their names are not quoted: they may be the
 * secret, written where the value should be ("password: &hunter2") */
static void check_properties(reader_t *r, const sm_yaml_node_t *node,
							 const yaml_char_t *anchor, const yaml_char_t *tag)
{
	const char *t = (const char *)tag, *std = "tag:yaml.org,2002:";
	char q[SM_QUOTE_SIZE];

	if (anchor && (node->flags & SM_YAML_SECRET))
	{
		sm_error(r->diag, node->pos,
				 "anchors are not supported; write the "
				 "value out in full");
	}
	else if (anchor)
	{
		sm_error(
			r->diag, node->pos,
			"anchors ('&%s') are not supported; "
			"write the value out in full",
			sm_quote(q, (const char *)anchor, strlen((const char *)anchor)));
	}
	if (!tag)
	{
		return;
	}
	if (node->flags & SM_YAML_SECRET)
	{
		sm_error(r->diag, node->pos, "tags are not supported; remove the tag");
	}
	/* libyaml resolves "!!int" to the standard prefix: show it back */
	else if (!strncmp(t, std, strlen(std)))
	{
		sm_error(r->diag, node->pos,
				 "tags ('!!%s') are not supported; "
				 "remove the tag",
				 sm_quote(q, t + strlen(std), strlen(t + strlen(std))));
	}
	else
	{
		sm_error(r->diag, node->pos,
				 "tags ('%s') are not supported; remove "
				 "the tag",
				 sm_quote(q, t, strlen(t)));
	}
}

static sm_yaml_node_t *new_node(reader_t *r, sm_yaml_kind_t kind,
								yaml_mark_t mark)
{
	sm_yaml_node_t *node;

	if (++r->nodes > SM_YAML_MAX_NODES)
	{
		sm_error(r->diag, sm_yr_mark_pos(r, mark),
				 "more than %zu values in "
				 "one document",
				 SM_YAML_MAX_NODES);
		r->fatal = true;
		return NULL;
	}
	node = arena_alloc(r->doc, sizeof(*node));
	if (!node)
	{
		fatal(r, sm_nopos(r->file), "out of memory while reading YAML");
		return NULL;
	}
	memset(node, 0, sizeof(*node));
	node->kind = kind;
	node->pos = sm_yr_mark_pos(r, mark);
	return node;
}

/* add a node to the collection being read, or make it the root */
static void attach(reader_t *r, sm_yaml_node_t *node)
{
	vec_t *v;
	sm_yaml_node_t **n;
	size_t size;

	if (!r->depth)
	{
		r->doc->root = node;
		return;
	}
	v = &r->vecs[r->stack[r->depth - 1].vec];
	if (v->n == v->size)
	{
		size = v->size ? v->size * 2 : 16;
		n = realloc(v->items, size * sizeof(*n));
		if (!n)
		{
			fatal(r, node->pos, "out of memory while reading YAML");
			return;
		}
		v->items = n;
		v->size = size;
	}
	v->items[v->n++] = node;
}

static bool is_null(const yaml_event_t *ev)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	const char *v = (const char *)ev->data.scalar.value;
	size_t i;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
	{
		return false;
	}
	for (i = 0; i < countof(nulls); i++)
	{
		if (ev->data.scalar.length == strlen(nulls[i]) && !strcmp(v, nulls[i]))
		{
			return true;
		}
	}
	return false;
}

static void on_scalar(reader_t *r, const yaml_event_t *ev)
{
	sm_yaml_node_t *node;
	char *text;

	node = new_node(r, SM_YAML_SCALAR, ev->start_mark);
	if (!node)
	{
		return;
	}
	text = arena_alloc(r->doc, ev->data.scalar.length + 1);
	if (!text)
	{
		fatal(r, node->pos, "out of memory while reading YAML");
		return;
	}
	memcpy(text, ev->data.scalar.value, ev->data.scalar.length);
	text[ev->data.scalar.length] = '\0';
	node->scalar.text = text;
	node->scalar.len = ev->data.scalar.length;
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
	{
		node->flags |= SM_YAML_PLAIN;
	}
	if (is_null(ev))
	{
		node->flags |= SM_YAML_NULL;
	}
	if (ev->start_mark.line == ev->end_mark.line)
	{
		node->flags |= SM_YAML_ONELINE;
	}
	sm_yr_track_secret(r, node, ev);
	check_properties(r, node, ev->data.scalar.anchor, ev->data.scalar.tag);
	attach(r, node);
}

static void on_alias(reader_t *r, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	sm_yaml_node_t *node;
	char q[SM_QUOTE_SIZE];

	node = new_node(r, SM_YAML_SCALAR, ev->start_mark);
	if (!node)
	{
		return;
	}
	node->scalar.text = "";
	node->flags = SM_YAML_NULL | SM_YAML_INVALID;
	sm_yr_track_secret(r, node, ev);
	if (node->flags & SM_YAML_SECRET)
	{
		sm_error(r->diag, node->pos,
				 "aliases are not supported; write the "
				 "value out in full");
	}
	else
	{
		sm_error(r->diag, node->pos,
				 "aliases ('*%s') are not supported; "
				 "write the value out in full",
				 sm_quote(q, name, strlen(name)));
	}
	attach(r, node);
}

static void on_start(reader_t *r, const yaml_event_t *ev)
{
	bool map = ev->type == YAML_MAPPING_START_EVENT, owner, inside;
	sm_yaml_node_t *node;
	frame_t *f;
	size_t keep;

	if (r->depth >= SM_YAML_MAX_DEPTH)
	{
		sm_error(r->diag, sm_yr_mark_pos(r, ev->start_mark),
				 "lists and "
				 "mappings are nested deeper than %d levels",
				 SM_YAML_MAX_DEPTH);
		r->fatal = true;
		return;
	}
	node =
		new_node(r, map ? SM_YAML_MAPPING : SM_YAML_SEQUENCE, ev->start_mark);
	if (!node)
	{
		return;
	}
	owner = sm_yr_track_secret(r, node, ev);
	if (map)
	{
		check_properties(r, node, ev->data.mapping_start.anchor,
						 ev->data.mapping_start.tag);
	}
	else
	{
		check_properties(r, node, ev->data.sequence_start.anchor,
						 ev->data.sequence_start.tag);
	}
	inside = owner || (node->flags & SM_YAML_SECRET);
	keep = owner ? sm_yr_keep_of(r, &r->stack[r->depth - 1]) : 0;
	attach(r, node);
	if (r->fatal)
	{
		return;
	}
	f = &r->stack[r->depth];
	*f = (frame_t){
		.node = node,
		.vec = r->depth,
		.secret = inside,
		.secret_owner = owner,
		.secret_start = owner ? sm_yr_mark_offset(r, ev->start_mark) : 0,
		.keep = keep,
	};
	r->vecs[f->vec].n = 0;
	r->depth++;
}

static bool same_key(const sm_yaml_pair_t *a, const sm_yaml_pair_t *b)
{
	return a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len);
}

/* same_key() of the pairs a and b of a mapping, for sm_hset_put() */
static bool same_pair(const void *ctx, size_t a, size_t b)
{
	const sm_yaml_pair_t *pairs = ctx;

	return same_key(&pairs[a], &pairs[b]);
}

static void report_duplicate(reader_t *r, const sm_yaml_pair_t *first,
							 sm_yaml_pair_t *dup)
{
	char q[SM_QUOTE_SIZE];

	sm_error(r->diag, dup->key_pos,
			 "duplicate key '%s' (first given on line "
			 "%u)",
			 sm_quote_key(q, dup->key, dup->key_len), first->key_pos.line);
	/* dropped below */
	dup->value = NULL;
}

/* mark the second and later occurrences of each key: O(n) per mapping */
static void find_duplicates(reader_t *r, sm_yaml_pair_t *pairs, size_t n)
{
	sm_hset_t keys;
	size_t i, j, dup;
	uint64_t h;

	if (n <= SMALL_MAPPING)
	{
		for (i = 1; i < n; i++)
		{
			for (j = 0; j < i; j++)
			{
				if (pairs[j].value && same_key(&pairs[j], &pairs[i]))
				{
					report_duplicate(r, &pairs[j], &pairs[i]);
					break;
				}
			}
		}
		return;
	}
	if (!sm_hset_init(&keys, n))
	{
		fatal(r, pairs[0].key_pos, "out of memory while reading YAML");
		return;
	}
	for (i = 0; i < n; i++)
	{
		h = sm_hash_bytes(SM_HASH_INIT, pairs[i].key, pairs[i].key_len);
		dup = sm_hset_put(&keys, h, i, same_pair, pairs);
		if (dup != SIZE_MAX)
		{
			report_duplicate(r, &pairs[dup], &pairs[i]);
		}
	}
	sm_hset_free(&keys);
}

static void end_mapping(reader_t *r, sm_yaml_node_t *node, vec_t *v)
{
	sm_yaml_pair_t *pairs;
	size_t i, n = 0;
	sm_yaml_node_t *key;

	pairs = arena_alloc(r->doc, (v->n / 2) * sizeof(*pairs));
	if (!pairs)
	{
		fatal(r, node->pos, "out of memory while reading YAML");
		return;
	}
	for (i = 0; i + 1 < v->n; i += 2)
	{
		key = v->items[i];
		if (key->flags & SM_YAML_INVALID)
		{
			continue;
		}
		if (key->kind != SM_YAML_SCALAR)
		{
			sm_error(r->diag, key->pos,
					 "a mapping key must be a string, "
					 "not %s",
					 sm_yaml_describe(key));
			continue;
		}
		if ((key->flags & SM_YAML_NULL) && !key->scalar.len)
		{
			sm_error(r->diag, key->pos, "empty mapping key");
			continue;
		}
		pairs[n].key = key->scalar.text;
		pairs[n].key_len = key->scalar.len;
		pairs[n].key_pos = key->pos;
		pairs[n].value = v->items[i + 1];
		n++;
	}
	find_duplicates(r, pairs, n);
	node->map.pairs = pairs;
	node->map.n = 0;
	for (i = 0; i < n; i++)
	{
		if (pairs[i].value)
		{
			pairs[node->map.n++] = pairs[i];
		}
	}
}

static void on_end(reader_t *r, const yaml_event_t *ev)
{
	frame_t *f;
	vec_t *v;
	sm_yaml_node_t *node;

	if (!r->depth)
	{
		return;
	}
	f = &r->stack[--r->depth];
	if (f->secret_owner)
	{
		sm_yr_hide(r, f->secret_start, sm_yr_mark_offset(r, ev->end_mark),
				   f->keep);
	}
	v = &r->vecs[f->vec];
	node = f->node;
	if (node->kind == SM_YAML_MAPPING)
	{
		end_mapping(r, node, v);
		return;
	}
	node->seq.items = arena_alloc(r->doc, v->n * sizeof(*node->seq.items));
	if (!node->seq.items)
	{
		fatal(r, node->pos, "out of memory while reading YAML");
		return;
	}
	if (v->n)
	{
		memcpy(node->seq.items, v->items, v->n * sizeof(*node->seq.items));
	}
	node->seq.n = v->n;
}

/* handle one event; returns false at the end of the stream */
static bool on_event(reader_t *r, const yaml_event_t *ev)
{
	switch (ev->type)
	{
		case YAML_DOCUMENT_START_EVENT:
			if (++r->documents > 1)
			{
				fatal(r, sm_yr_mark_pos(r, ev->start_mark),
					  "a second YAML "
					  "document starts here; the file must hold exactly one");
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(r, ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(r, ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			on_start(r, ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(r, ev);
			break;
		case YAML_STREAM_END_EVENT:
			return false;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
	}
	return true;
}

sm_yaml_doc_t *sm_yaml_parse(const char *file, const char *text, size_t len,
							 sm_diag_t *diag)
{
	reader_t r = {.diag = diag};
	yaml_parser_t parser;
	yaml_event_t ev;
	bool more = true;
	size_t i;

	/* a UTF-8 byte order mark is not part of the text */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
	{
		text += 3;
		len -= 3;
	}
	if (len > SM_YAML_MAX_SIZE)
	{
		/* no point in keeping such a text for context lines */
		r.file = sm_diag_source(diag, file, NULL, 0);
		sm_error(diag, sm_nopos(r.file),
				 "the file is larger than %zu "
				 "MiB",
				 SM_YAML_MAX_SIZE >> 20);
		return NULL;
	}
	r.file = sm_diag_source(diag, file, text, len);
	if (!r.file)
	{
		return NULL;
	}
	/* what the parser never sees (after a syntax error) is found there */
	sm_diag_redactor(diag, r.file, sm_yaml_redact);
	r.text = text;
	r.len = len;
	r.mark_line = r.mark_col = 1;
	/* errors past the end of the text point just after its last character */
	r.last = (sm_pos_t){r.file, 1, 1};
	for (i = len; i > 0 && text[i - 1] == '\n'; i--)
	{
	}
	r.end = i;
	if (i)
	{
		r.last = sm_yr_offset_pos(&r, i);
	}
	r.doc = calloc(1, sizeof(*r.doc));
	if (!r.doc || !yaml_parser_initialize(&parser))
	{
		sm_error(diag, sm_nopos(r.file), "out of memory while reading YAML");
		free(r.doc);
		return NULL;
	}
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (more && !r.fatal)
	{
		if (!yaml_parser_parse(&parser, &ev))
		{
			sm_yr_report_libyaml(&r, &parser);
			break;
		}
		more = on_event(&r, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (r.fatal)
	{
		sm_yr_hide_pending(&r);
	}
	/* a key may hold a secret written into it */
	OPENSSL_cleanse(r.keys, sizeof(r.keys));
	for (i = 0; i < SM_YAML_MAX_DEPTH; i++)
	{
		free(r.vecs[i].items);
	}
	if (!r.fatal && !r.doc->root)
	{
		sm_error(diag, sm_nopos(r.file),
				 "empty file, expected a mapping with 'version: 1'");
		r.fatal = true;
	}
	else if (!r.fatal && r.doc->root->kind == SM_YAML_SCALAR &&
			 (r.doc->root->flags & SM_YAML_NULL))
	{
		sm_error(diag, r.doc->root->pos,
				 "empty document, expected a mapping with 'version: 1'");
		r.fatal = true;
	}
	if (r.fatal)
	{
		sm_yaml_destroy(r.doc);
		return NULL;
	}
	return r.doc;
}

sm_pos_t sm_yaml_text_pos(const sm_yaml_node_t *node, size_t offset)
{
	sm_pos_t pos = node->pos;

	if (node->kind == SM_YAML_SCALAR && (node->flags & SM_YAML_PLAIN) &&
		(node->flags & SM_YAML_ONELINE) && offset <= node->scalar.len)
	{
		pos.col += (unsigned int)sm_utf8_chars(node->scalar.text, offset);
	}
	return pos;
}

const char *sm_yaml_describe(const sm_yaml_node_t *node)
{
	switch (node->kind)
	{
		case SM_YAML_MAPPING:
			return "a mapping";
		case SM_YAML_SEQUENCE:
			return "a list";
		case SM_YAML_SCALAR:
			break;
	}
	return node->flags & SM_YAML_NULL ? "an empty value" : "a string";
}
