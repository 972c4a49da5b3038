/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
	VAL_STRING,
	VAL_FLAG,
	VAL_LIST,
} val_type_t;

typedef struct {
	char *name;
	val_type_t type;
	char *str;
	bool flag;
	sm_tvars_t **items;
	size_t n_items;
} entry_t;

struct sm_tvars_t {
	entry_t *entries;
	size_t n;
	/** enclosing set for name lookup, NULL at the top */
	const sm_tvars_t *parent;
};

sm_tvars_t *sm_tvars_create(void)
{
	return calloc(1, sizeof(sm_tvars_t));
}

static void entry_clear(entry_t *e)
{
	size_t i;

	free(e->str);
	e->str = NULL;
	for (i = 0; i < e->n_items; i++)
	{
		sm_tvars_destroy(e->items[i]);
	}
	free(e->items);
	e->items = NULL;
	e->n_items = 0;
}

void sm_tvars_destroy(sm_tvars_t *vars)
{
	size_t i;

	if (!vars)
	{
		return;
	}
	for (i = 0; i < vars->n; i++)
	{
		entry_clear(&vars->entries[i]);
		free(vars->entries[i].name);
	}
	free(vars->entries);
	free(vars);
}

/* the entry called name, created (as an empty string) if missing */
static entry_t *get_entry(sm_tvars_t *vars, const char *name)
{
	entry_t *n;
	size_t i;

	for (i = 0; i < vars->n; i++)
	{
		if (!strcmp(vars->entries[i].name, name))
		{
			return &vars->entries[i];
		}
	}
	n = realloc(vars->entries, (vars->n + 1) * sizeof(entry_t));
	if (!n)
	{
		return NULL;
	}
	vars->entries = n;
	memset(&n[vars->n], 0, sizeof(entry_t));
	n[vars->n].name = strdup(name);
	if (!n[vars->n].name)
	{
		return NULL;
	}
	return &n[vars->n++];
}

bool sm_tvars_set(sm_tvars_t *vars, const char *name, const char *value)
{
	entry_t *e = get_entry(vars, name);
	char *v;

	if (!e || !(v = strdup(value ? value : "")))
	{
		return false;
	}
	entry_clear(e);
	e->type = VAL_STRING;
	e->str = v;
	return true;
}

bool sm_tvars_setf(sm_tvars_t *vars, const char *name, const char *fmt, ...)
{
	va_list args;
	char *v;
	bool ok;

	va_start(args, fmt);
	if (vasprintf(&v, fmt, args) < 0)
	{
		va_end(args);
		return false;
	}
	va_end(args);
	ok = sm_tvars_set(vars, name, v);
	free(v);
	return ok;
}

bool sm_tvars_flag(sm_tvars_t *vars, const char *name, bool value)
{
	entry_t *e = get_entry(vars, name);

	if (!e)
	{
		return false;
	}
	entry_clear(e);
	e->type = VAL_FLAG;
	e->flag = value;
	return true;
}

bool sm_tvars_list(sm_tvars_t *vars, const char *name)
{
	entry_t *e = get_entry(vars, name);

	if (!e)
	{
		return false;
	}
	if (e->type != VAL_LIST)
	{
		entry_clear(e);
		e->type = VAL_LIST;
	}
	return true;
}

sm_tvars_t *sm_tvars_add(sm_tvars_t *vars, const char *name)
{
	sm_tvars_t **n, *item;
	entry_t *e;

	if (!sm_tvars_list(vars, name))
	{
		return NULL;
	}
	e = get_entry(vars, name);
	n = realloc(e->items, (e->n_items + 1) * sizeof(*n));
	if (!n)
	{
		return NULL;
	}
	e->items = n;
	item = sm_tvars_create();
	if (!item)
	{
		return NULL;
	}
	item->parent = vars;
	e->items[e->n_items++] = item;
	return item;
}

/* look name up in vars and its enclosing sets */
static const entry_t *lookup(const sm_tvars_t *vars, const char *name)
{
	size_t i;

	for (; vars; vars = vars->parent)
	{
		for (i = 0; i < vars->n; i++)
		{
			if (!strcmp(vars->entries[i].name, name))
			{
				return &vars->entries[i];
			}
		}
	}
	return NULL;
}

/* --- parsing ---------------------------------------------------------------- */

typedef enum {
	TOK_TEXT,
	TOK_VAR,
	TOK_OPEN,
	TOK_INVERT,
	TOK_CLOSE,
	TOK_COMMENT,
} tok_type_t;

typedef struct {
	tok_type_t type;
	/** text: the bytes; tags: the name */
	const char *p;
	size_t len;
	/** index of the matching close for sections */
	size_t match;
	sm_pos_t pos;
} tok_t;

typedef struct {
	tok_t *toks;
	size_t n;
	size_t size;
	const char *file;
	sm_diag_t *diag;
	/** rendered output */
	char *out;
	size_t out_len;
	size_t out_size;
	bool failed;
} parser_t;

static bool push(parser_t *p, tok_type_t type, const char *s, size_t len,
				 sm_pos_t pos)
{
	tok_t *n;

	if (p->n == p->size)
	{
		p->size = p->size ? p->size * 2 : 64;
		n = realloc(p->toks, p->size * sizeof(tok_t));
		if (!n)
		{
			return false;
		}
		p->toks = n;
	}
	p->toks[p->n++] = (tok_t){.type = type, .p = s, .len = len, .pos = pos};
	return true;
}

static sm_pos_t position(const char *start, const char *at, const char *file)
{
	sm_pos_t pos = {.file = file, .line = 1, .col = 1};

	for (; start < at; start++)
	{
		if (*start == '\n')
		{
			pos.line++;
			pos.col = 1;
		}
		else
		{
			pos.col++;
		}
	}
	return pos;
}

static bool valid_name(const char *s, size_t len)
{
	size_t i;

	if (!len)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
		{
			return false;
		}
	}
	return true;
}

/*
 * A section or comment tag alone on its line takes its line with it: trim
 * the indentation before it (end of the previous text token) and the
 * newline after it (start of the next text).
 */
static bool standalone(const char *tmpl, const char *end, const char *tag,
					   const char *after, const char **line_start,
					   const char **line_end)
{
	const char *s = tag, *e = after;

	while (s > tmpl && (s[-1] == ' ' || s[-1] == '\t'))
	{
		s--;
	}
	if (s > tmpl && s[-1] != '\n')
	{
		return false;
	}
	while (e < end && (*e == ' ' || *e == '\t'))
	{
		e++;
	}
	if (e < end && *e == '\r')
	{
		e++;
	}
	if (e < end && *e != '\n')
	{
		return false;
	}
	*line_start = s;
	*line_end = e < end ? e + 1 : e;
	return true;
}

static bool tokenize(parser_t *p, const char *tmpl, size_t len)
{
	const char *end = tmpl + len, *cur = tmpl, *text = tmpl;

	while (cur < end)
	{
		const char *open = NULL, *close, *name, *ls, *le, *scan;
		tok_type_t type;
		size_t nlen;

		for (scan = cur; scan + 1 < end; scan++)
		{
			if (scan[0] == '{' && scan[1] == '{')
			{
				open = scan;
				break;
			}
		}
		if (!open)
		{
			break;
		}
		close = NULL;
		for (scan = open + 2; scan + 1 < end; scan++)
		{
			if (scan[0] == '}' && scan[1] == '}')
			{
				close = scan;
				break;
			}
		}
		if (!close)
		{
			sm_error(p->diag, position(tmpl, open, p->file),
					 "unterminated tag: expected '}}'");
			return false;
		}
		name = open + 2;
		switch (*name)
		{
			case '#':
				type = TOK_OPEN;
				name++;
				break;
			case '^':
				type = TOK_INVERT;
				name++;
				break;
			case '/':
				type = TOK_CLOSE;
				name++;
				break;
			case '!':
				type = TOK_COMMENT;
				break;
			default:
				type = TOK_VAR;
				break;
		}
		while (name < close && *name == ' ')
		{
			name++;
		}
		nlen = (size_t)(close - name);
		while (nlen && name[nlen - 1] == ' ')
		{
			nlen--;
		}
		if (type != TOK_COMMENT && !valid_name(name, nlen))
		{
			sm_error(p->diag, position(tmpl, open, p->file),
					 "invalid tag '%.*s': expected a name of letters, digits, "
					 "'_', '-' and '.'", (int)(close + 2 - open), open);
			return false;
		}
		ls = open;
		le = close + 2;
		if (type != TOK_VAR)
		{
			standalone(tmpl, end, open, close + 2, &ls, &le);
		}
		if (ls > text && !push(p, TOK_TEXT, text, (size_t)(ls - text),
							   position(tmpl, text, p->file)))
		{
			return false;
		}
		if (!push(p, type, name, nlen, position(tmpl, open, p->file)))
		{
			return false;
		}
		cur = text = le;
	}
	if (end > text &&
		!push(p, TOK_TEXT, text, (size_t)(end - text),
			  position(tmpl, text, p->file)))
	{
		return false;
	}
	return true;
}

/* pair sections with their closing tags */
static bool match_sections(parser_t *p)
{
	size_t *stack, depth = 0, i;
	bool ok = true;

	stack = calloc(p->n + 1, sizeof(size_t));
	if (!stack)
	{
		return false;
	}
	for (i = 0; i < p->n && ok; i++)
	{
		tok_t *t = &p->toks[i];

		if (t->type == TOK_OPEN || t->type == TOK_INVERT)
		{
			stack[depth++] = i;
		}
		else if (t->type == TOK_CLOSE)
		{
			tok_t *o;

			if (!depth)
			{
				sm_error(p->diag, t->pos, "'{{/%.*s}}' closes no section",
						 (int)t->len, t->p);
				ok = false;
				break;
			}
			o = &p->toks[stack[--depth]];
			if (o->len != t->len || memcmp(o->p, t->p, t->len))
			{
				sm_error(p->diag, t->pos,
						 "'{{/%.*s}}' closes section '%.*s' opened at line %u",
						 (int)t->len, t->p, (int)o->len, o->p, o->pos.line);
				ok = false;
				break;
			}
			o->match = i;
		}
	}
	if (ok && depth)
	{
		tok_t *o = &p->toks[stack[depth - 1]];

		sm_error(p->diag, o->pos, "section '%.*s' is never closed",
				 (int)o->len, o->p);
		ok = false;
	}
	free(stack);
	return ok;
}

/* --- rendering ------------------------------------------------------------- */

static bool emit(parser_t *p, const char *s, size_t len)
{
	char *n;

	if (p->out_len + len + 1 > p->out_size)
	{
		size_t size = p->out_size ? p->out_size : 4096;

		while (size < p->out_len + len + 1)
		{
			size *= 2;
		}
		n = realloc(p->out, size);
		if (!n)
		{
			return false;
		}
		p->out = n;
		p->out_size = size;
	}
	memcpy(p->out + p->out_len, s, len);
	p->out_len += len;
	p->out[p->out_len] = '\0';
	return true;
}

static const entry_t *need(parser_t *p, const sm_tvars_t *vars, const tok_t *t)
{
	char name[128];
	const entry_t *e;

	snprintf(name, sizeof(name), "%.*s", (int)t->len, t->p);
	e = lookup(vars, name);
	if (!e)
	{
		sm_error(p->diag, t->pos, "unknown template variable '%s'", name);
		p->failed = true;
	}
	return e;
}

static bool truthy(const entry_t *e)
{
	switch (e->type)
	{
		case VAL_STRING:
			return e->str && *e->str;
		case VAL_FLAG:
			return e->flag;
		case VAL_LIST:
			return e->n_items > 0;
	}
	return false;
}

static bool render(parser_t *p, size_t from, size_t to, const sm_tvars_t *vars)
{
	size_t i, k;

	for (i = from; i < to && !p->failed; i++)
	{
		const tok_t *t = &p->toks[i];
		const entry_t *e;

		switch (t->type)
		{
			case TOK_TEXT:
				if (!emit(p, t->p, t->len))
				{
					return false;
				}
				break;
			case TOK_COMMENT:
			case TOK_CLOSE:
				break;
			case TOK_VAR:
				e = need(p, vars, t);
				if (!e)
				{
					break;
				}
				if (e->type != VAL_STRING)
				{
					sm_error(p->diag, t->pos, "'%.*s' is a %s, not a value",
							 (int)t->len, t->p,
							 e->type == VAL_FLAG ? "flag" : "list");
					p->failed = true;
					break;
				}
				if (!emit(p, e->str, strlen(e->str)))
				{
					return false;
				}
				break;
			case TOK_OPEN:
			case TOK_INVERT:
				e = need(p, vars, t);
				if (!e)
				{
					break;
				}
				if (t->type == TOK_INVERT)
				{
					if (!truthy(e) && !render(p, i + 1, t->match, vars))
					{
						return false;
					}
				}
				else if (e->type == VAL_LIST)
				{
					for (k = 0; k < e->n_items; k++)
					{
						if (!render(p, i + 1, t->match, e->items[k]))
						{
							return false;
						}
					}
				}
				else if (truthy(e) && !render(p, i + 1, t->match, vars))
				{
					return false;
				}
				i = t->match;
				break;
		}
	}
	return true;
}

bool sm_template_render(const char *tmpl, size_t len, const char *file,
						const sm_tvars_t *vars, char **out, size_t *out_len,
						sm_diag_t *diag)
{
	parser_t p = {.diag = diag};
	bool ok = false;

	p.file = sm_diag_source(diag, file, tmpl, len);
	if (!p.file)
	{
		return false;
	}
	if (!tokenize(&p, tmpl, len) || !match_sections(&p))
	{
		goto out;
	}
	if (!emit(&p, "", 0) || !render(&p, 0, p.n, vars) || p.failed)
	{
		if (!p.failed)
		{
			sm_error(diag, (sm_pos_t){.file = p.file},
					 "out of memory while rendering");
		}
		goto out;
	}
	*out = p.out;
	if (out_len)
	{
		*out_len = p.out_len;
	}
	p.out = NULL;
	ok = true;
out:
	free(p.out);
	free(p.toks);
	return ok;
}
