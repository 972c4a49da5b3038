/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic part of the schema: key paths, error messages, node kinds,
 * the mapping processor and string values.  The value types and string
 * checks are in schema_types.c, the tables of schema version 1 in
 * schema_v1.c.
 */
#include "config.h"

#include "schema_int.h"
#include "base/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/* largest distance of a "did you mean" suggestion for a key: 1 for keys
 * of up to 3 characters (else "x" would suggest "ca"), else 2 */
#define KEY_SUGGEST_MAX(len) ((len) <= 3 ? 1 : 2)

void sm_schema_error(sm_schema_t *s, sm_pos_t pos, const char *fmt, ...)
{
	va_list args;
	char *msg;

	s->errors++;
	va_start(args, fmt);
	if (vasprintf(&msg, fmt, args) < 0)
	{
		msg = NULL;
	}
	va_end(args);
	if (!msg)
	{
		sm_error(s->diag, pos, "out of memory");
		return;
	}
	if (s->path_len)
	{
		sm_error(s->diag, pos, "%s: %s", s->path, msg);
	}
	else
	{
		sm_error(s->diag, pos, "%s", msg);
	}
	free(msg);
}

size_t sm_schema_push(sm_schema_t *s, const char *key, size_t index)
{
	size_t old = s->path_len, left = SM_PATH_MAX - old;
	int n;

	if (key)
	{
		n = snprintf(s->path + old, left, "%s%s", old ? "." : "", key);
	}
	else
	{
		n = snprintf(s->path + old, left, "[%zu]", index);
	}
	s->path_len =
		n < 0 || (size_t)n >= left ? SM_PATH_MAX - 1 : old + (size_t)n;
	return old;
}

void sm_schema_pop(sm_schema_t *s, size_t len)
{
	s->path_len = len;
	s->path[len] = '\0';
}

bool sm_schema_kind(sm_schema_t *s, const sm_yaml_node_t *node,
					const sm_type_t *type)
{
	char q[SM_QUOTE_SIZE];

	if (node->kind == type->kind)
	{
		return true;
	}
	switch (type->kind)
	{
		case SM_YAML_MAPPING:
			sm_schema_error(s, node->pos,
							"expected a mapping (check "
							"indentation), got %s",
							sm_yaml_describe(node));
			break;
		case SM_YAML_SEQUENCE:
			/* a secret's value is never quoted */
			if (node->kind == SM_YAML_SCALAR &&
				!(node->flags & (SM_YAML_NULL | SM_YAML_SECRET)))
			{
				sm_quote(q, node->scalar.text, node->scalar.len);
				sm_schema_error(s, node->pos,
								"expected a list, got the "
								"single value '%s'; write [%s]",
								q, q);
			}
			else
			{
				sm_schema_error(s, node->pos, "expected a list, got %s",
								sm_yaml_describe(node));
			}
			break;
		case SM_YAML_SCALAR:
			sm_schema_error(s, node->pos, "expected %s, got %s", type->what,
							sm_yaml_describe(node));
			break;
	}
	return false;
}

static const sm_key_def_t *find_key(const sm_key_def_t *keys,
									const sm_yaml_pair_t *pair)
{
	for (; keys->key; keys++)
	{
		if (strlen(keys->key) == pair->key_len &&
			!memcmp(keys->key, pair->key, pair->key_len))
		{
			return keys;
		}
	}
	return NULL;
}

/* returns the suggested key, NULL if there is none; prev: the pair before
 * it in the mapping, NULL for the first */
static const sm_key_def_t *unknown_key(sm_schema_t *s, const sm_key_def_t *keys,
									   const sm_yaml_pair_t *pair,
									   const sm_yaml_pair_t *prev)
{
	char q[SM_QUOTE_SIZE], known[512];
	const sm_key_def_t *k, *best = NULL;
	sm_suggest_t sug;
	size_t len = 0;

	/* "{password: abc,def}" makes "def" a key without a value: it may be
	 * the rest of the secret, never quote it */
	if (prev && (prev->value->flags & SM_YAML_SECRET) &&
		(pair->value->flags & SM_YAML_NULL))
	{
		sm_schema_error(s, pair->key_pos,
						"unknown key without a value after "
						"'%s' (not quoted: it may be part of that secret; "
						"put a value holding ',', ':' or '#' in quotes)",
						sm_quote_key(q, prev->key, prev->key_len));
		return NULL;
	}

	/* a value may have been written into a key: "password hunter2" */
	sm_quote_key(q, pair->key, pair->key_len);
	sm_suggest_init(&sug, pair->key, KEY_SUGGEST_MAX(pair->key_len));
	known[0] = '\0';
	for (k = keys; k->key; k++)
	{
		sm_suggest_add(&sug, k->key);
		if (sug.best == k->key)
		{
			best = k;
		}
		if (len < sizeof(known))
		{
			len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
									len ? ", " : "", k->key);
		}
	}
	if (sug.best)
	{
		sm_schema_error(s, pair->key_pos,
						"unknown key '%s'; did you mean "
						"'%s'?",
						q, sug.best);
	}
	else
	{
		sm_schema_error(s, pair->key_pos, "unknown key '%s' (known keys: %s)",
						q, known);
	}
	return best;
}

bool sm_schema_mapping(sm_schema_t *s, const sm_yaml_node_t *node, void *base,
					   const sm_key_def_t *keys)
{
	const sm_yaml_pair_t *pair;
	const sm_key_def_t *def;
	/* keys given, and keys suggested for misspelt ones */
	uint64_t seen = 0, suggested = 0;
	size_t i, old;

	if (node->kind != SM_YAML_MAPPING)
	{
		return false;
	}
	for (i = 0; i < node->map.n; i++)
	{
		pair = &node->map.pairs[i];
		def = find_key(keys, pair);
		if (!def)
		{
			def = unknown_key(s, keys, pair, i ? pair - 1 : NULL);
			if (def)
			{
				suggested |= (uint64_t)1 << (def - keys);
			}
			continue;
		}
		seen |= (uint64_t)1 << (def - keys);
		if (pair->value->flags & SM_YAML_INVALID)
		{
			continue;
		}
		old = sm_schema_push(s, def->key, 0);
		if (sm_schema_kind(s, pair->value, def->type))
		{
			def->type->handler(s, pair->value, base, def);
		}
		sm_schema_pop(s, old);
	}
	for (def = keys; def->key; def++)
	{
		/* a misspelt required key was reported as such already */
		if ((def->flags & SM_KEY_REQUIRED) &&
			!((seen | suggested) & ((uint64_t)1 << (def - keys))))
		{
			sm_schema_error(s, node->pos, "missing required key '%s'",
							def->key);
		}
	}
	return true;
}

const char *sm_schema_text(sm_schema_t *s, const sm_yaml_node_t *node,
						   bool multiline)
{
	const unsigned char *p = (const unsigned char *)node->scalar.text;
	size_t i, len = node->scalar.len;

	if (node->flags & SM_YAML_NULL)
	{
		sm_schema_error(s, node->pos, "empty value; expected a string");
		return NULL;
	}
	if (!len)
	{
		sm_schema_error(s, node->pos, "must not be empty");
		return NULL;
	}
	if (!sm_utf8_valid(node->scalar.text, len))
	{
		sm_schema_error(s, node->pos, "is not valid UTF-8");
		return NULL;
	}
	for (i = 0; i < len; i++)
	{
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F) */
		if (p[i] < 0x20 || p[i] == 0x7f ||
			(p[i] == 0xc2 && i + 1 < len && p[i + 1] < 0xa0))
		{
			if (multiline && (p[i] == '\n' || p[i] == '\t'))
			{
				continue;
			}
			sm_schema_error(s, node->pos,
							"contains a control character "
							"(U+%04X)",
							p[i] == 0xc2 ? p[i + 1] : p[i]);
			return NULL;
		}
	}
	return node->scalar.text;
}

bool sm_schema_str(sm_schema_t *s, const sm_yaml_node_t *node,
				   const sm_check_t *check, sm_str_t *out)
{
	const char *text;
	char *copy;

	text = sm_schema_text(s, node, check == &sm_check_text);
	if (!text)
	{
		return false;
	}
	copy = strdup(text);
	if (!copy)
	{
		sm_schema_error(s, node->pos, "out of memory");
		return false;
	}
	if (check && !check->check(s, node, copy))
	{
		/* it may be a password */
		OPENSSL_cleanse(copy, strlen(copy));
		free(copy);
		return false;
	}
	free(out->v);
	out->v = copy;
	out->pos = node->pos;
	return true;
}

bool sm_schema_load(const sm_yaml_node_t *root, sm_model_t *model,
					sm_diag_t *diag)
{
	sm_schema_t s = {.diag = diag, .model = model};

	if (root->kind != SM_YAML_MAPPING)
	{
		sm_error(diag, root->pos,
				 "expected a mapping with 'version: 1' at "
				 "the top level, got %s",
				 sm_yaml_describe(root));
		return false;
	}
	sm_schema_mapping(&s, root, model, sm_schema_v1);
	return s.errors == 0;
}

bool sm_schema_load_users(const sm_yaml_node_t *root, sm_model_t *model,
						  sm_diag_t *diag)
{
	sm_schema_t s = {.diag = diag, .model = model};

	if (root->kind != SM_YAML_MAPPING)
	{
		sm_error(diag, root->pos,
				 "expected a mapping with 'users:' at the "
				 "top level, got %s",
				 sm_yaml_describe(root));
		return false;
	}
	sm_schema_mapping(&s, root, model, sm_schema_users_file);
	return s.errors == 0;
}
