/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A reader for the strongswan.conf(5)/swanctl.conf(5) syntax, enough for
 * the files generate writes and the settings snippets next to them:
 *
 *   name [: ref[, ref]] {      a section (repeated sections merge)
 *   key = value                a value to the end of the line, or "quoted"
 *   # comment                  also after a value
 *   include PATH               not followed
 *
 * A later value for the same key replaces the earlier one, as in charon.
 */
#include "config.h"

#include "ops_int.h"

#include "sm_file.h"
#include "sm_mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Largest file read. */
#define SWCONF_MAX (4 * 1024 * 1024)
/** Deepest nesting of sections. */
#define SWCONF_DEPTH 64

typedef struct {
	const char *p;
	const char *end;
	const char *name;
	unsigned int line;
	char *err;
	bool failed;
} lex_t;

static bool fail(lex_t *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(lex_t *l, const char *fmt, ...)
{
	char msg[SM_OPS_ERR_LEN / 2];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	snprintf(l->err, SM_OPS_ERR_LEN, "%.*s:%u: %s", SM_OPS_ERR_LEN / 2 - 16,
			 l->name, l->line, msg);
	l->failed = true;
	return false;
}

/* blanks, newlines and comments */
static void skip(lex_t *l)
{
	while (l->p < l->end)
	{
		if (*l->p == '#')
		{
			while (l->p < l->end && *l->p != '\n')
			{
				l->p++;
			}
		}
		else if (*l->p == '\n')
		{
			l->line++;
			l->p++;
		}
		else if (*l->p == ' ' || *l->p == '\t' || *l->p == '\r')
		{
			l->p++;
		}
		else
		{
			break;
		}
	}
}

static void skip_blanks(lex_t *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\r'))
	{
		l->p++;
	}
}

static bool name_char(char c)
{
	return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '{' &&
		   c != '}' && c != '=' && c != ':' && c != '#' && c != '"' &&
		   c != ',' && c != '\0';
}

/* a name into buf (cut at size - 1: such names are never ours) */
static size_t name(lex_t *l, char *buf, size_t size)
{
	size_t n = 0;

	while (l->p < l->end && name_char(*l->p))
	{
		if (n + 1 < size)
		{
			buf[n++] = *l->p;
		}
		l->p++;
	}
	buf[n] = '\0';
	return n;
}

/* a value after '=' into a malloc'ed string */
static char *value(lex_t *l, size_t *len)
{
	const char *start;
	char *v, *q;
	size_t n;

	skip_blanks(l);
	if (l->p < l->end && *l->p == '"')
	{
		v = malloc((size_t)(l->end - l->p) + 1);
		if (!v)
		{
			fail(l, "out of memory");
			return NULL;
		}
		q = v;
		for (l->p++; l->p < l->end && *l->p != '"'; l->p++)
		{
			if (*l->p == '\n')
			{
				l->line++;
			}
			if (*l->p == '\\' && l->p + 1 < l->end)
			{
				l->p++;
				*q++ = *l->p == 'n'   ? '\n'
					   : *l->p == 't' ? '\t'
					   : *l->p == 'r' ? '\r'
									  : *l->p;
				continue;
			}
			*q++ = *l->p;
		}
		if (l->p == l->end)
		{
			free(v);
			fail(l, "missing '\"' at the end of a quoted value");
			return NULL;
		}
		l->p++;
		*q = '\0';
		*len = (size_t)(q - v);
		return v;
	}
	start = l->p;
	while (l->p < l->end && *l->p != '\n' && *l->p != '#' && *l->p != '}')
	{
		l->p++;
	}
	n = (size_t)(l->p - start);
	while (n && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
				 start[n - 1] == '\r'))
	{
		n--;
	}
	v = strndup(start, n);
	if (!v)
	{
		fail(l, "out of memory");
		return NULL;
	}
	*len = n;
	return v;
}

static sm_vnode_t *find(sm_vnode_t *parent, sm_vnode_kind_t kind,
						const char *key)
{
	sm_vnode_t *c;

	for (c = parent->first; c; c = c->next)
	{
		if (c->kind == kind && c->name && !strcmp(c->name, key))
		{
			return c;
		}
	}
	return NULL;
}

static bool set(lex_t *l, sm_vnode_t *parent, const char *key, char *v,
				size_t len)
{
	sm_vnode_t *old = find(parent, SM_VNODE_VALUE, key);

	if (old)
	{
		/* a later value wins: take its place */
		sm_wipe(old->value, old->len);
		free(old->value);
		old->value = v;
		old->len = len;
		return true;
	}
	old = sm_vnode_add_value(parent, key, v, len);
	sm_wipe(v, len);
	free(v);
	return old ? true : fail(l, "out of memory");
}

static bool block(lex_t *l, sm_vnode_t *parent, unsigned int depth)
{
	char key[256];
	sm_vnode_t *child;
	size_t len;
	char *v;

	for (;;)
	{
		skip(l);
		if (l->p == l->end)
		{
			return depth ? fail(l, "missing '}' at the end of the file") : true;
		}
		if (*l->p == '}')
		{
			if (!depth)
			{
				return fail(l, "'}' without a section to close");
			}
			l->p++;
			return true;
		}
		if (!name(l, key, sizeof(key)))
		{
			return fail(l, "unexpected '%c'", *l->p);
		}
		skip_blanks(l);
		if (!strcmp(key, "include") && l->p < l->end && *l->p != '=' &&
			*l->p != '{' && *l->p != ':')
		{
			while (l->p < l->end && *l->p != '\n')
			{
				l->p++;
			}
			continue;
		}
		skip(l);
		if (l->p < l->end && *l->p == ':')
		{
			/* section references: name : a, b { */
			while (l->p < l->end && *l->p != '{' && *l->p != '\n')
			{
				l->p++;
			}
		}
		if (l->p < l->end && *l->p == '{')
		{
			if (depth + 1 >= SWCONF_DEPTH)
			{
				return fail(l, "sections nested too deeply");
			}
			l->p++;
			child = find(parent, SM_VNODE_SECTION, key);
			if (!child &&
				!(child = sm_vnode_add(parent, SM_VNODE_SECTION, key)))
			{
				return fail(l, "out of memory");
			}
			if (!block(l, child, depth + 1))
			{
				return false;
			}
			continue;
		}
		if (l->p < l->end && *l->p == '=')
		{
			l->p++;
			v = value(l, &len);
			if (!v || !set(l, parent, key, v, len))
			{
				return false;
			}
			continue;
		}
		return fail(l, "expected '{' or '=' after '%s'", key);
	}
}

sm_vnode_t *sm_swconf_parse(const char *name, const char *text, size_t len,
							char *err)
{
	lex_t l = {
		.p = text,
		.end = text + len,
		.name = name,
		.line = 1,
		.err = err,
	};
	sm_vnode_t *root = sm_vnode_section(NULL);

	if (!root)
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		return NULL;
	}
	if (!block(&l, root, 0))
	{
		sm_vnode_free(root);
		return NULL;
	}
	return root;
}

sm_vnode_t *sm_swconf_load(const char *path, char *err)
{
	sm_vnode_t *root;
	size_t len;
	char *text;

	text = sm_file_read(path, SWCONF_MAX, &len);
	if (!text)
	{
		snprintf(err, SM_OPS_ERR_LEN, "cannot read '%s': %s", path,
				 strerror(errno));
		return NULL;
	}
	root = sm_swconf_parse(path, text, len, err);
	free(text);
	return root;
}

sm_vnode_t *sm_swconf_split(sm_vnode_t *parent, const char *name,
							const char *value)
{
	sm_vnode_t *list = sm_vnode_add(parent, SM_VNODE_LIST, name);
	const char *p = value, *start;
	size_t n;

	while (list && p && *p)
	{
		while (*p == ' ' || *p == '\t' || *p == ',')
		{
			p++;
		}
		start = p;
		while (*p && *p != ',')
		{
			p++;
		}
		n = (size_t)(p - start);
		while (n && (start[n - 1] == ' ' || start[n - 1] == '\t'))
		{
			n--;
		}
		if (n && !sm_vnode_add_value(list, NULL, start, n))
		{
			return NULL;
		}
	}
	return list;
}

bool sm_swconf_duration(const char *value, uint64_t *seconds)
{
	unsigned long long v;
	uint64_t unit = 1;
	char *end;

	if (!value || *value < '0' || *value > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoull(value, &end, 10);
	if (errno)
	{
		return false;
	}
	switch (*end)
	{
		case 'd':
			unit = 86400;
			end++;
			break;
		case 'h':
			unit = 3600;
			end++;
			break;
		case 'm':
			unit = 60;
			end++;
			break;
		case 's':
			end++;
			break;
		default:
			break;
	}
	if (*end || v > UINT64_MAX / unit)
	{
		return false;
	}
	*seconds = v * unit;
	return true;
}
