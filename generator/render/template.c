/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the template engine: parsing and rendering (values: template_vars.c;
 * escaping: template_settings.c) */
#include "config.h"

#include "template_int.h"
#include "template_ctx.h"
#include "template_nft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

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
	sm_syntax_t syntax;
	/** SM_SYNTAX_SETTINGS: where strongSwan's settings lexer is */
	sm_settings_lex_t lex;
	/** SM_SYNTAX_NFT: where nft's lexer is (template_nft.h) */
	sm_nft_state_t nft;
	/** the lexer of the other syntaxes (template_ctx.h) */
	sm_tctx_t ctx;
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
					 "'_', '-' and '.'",
					 (int)(close + 2 - open), open);
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
	if (end > text && !push(p, TOK_TEXT, text, (size_t)(end - text),
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

		sm_error(p->diag, o->pos, "section '%.*s' is never closed", (int)o->len,
				 o->p);
		ok = false;
	}
	free(stack);
	return ok;
}

/* --- rendering ------------------------------------------------------------- */

static bool emit(parser_t *p, const char *s, size_t len)
{
	char *n;
	size_t i;

	if (p->out_len + len + 1 > p->out_size)
	{
		size_t size = p->out_size ? p->out_size : 4096;

		while (size < p->out_len + len + 1)
		{
			size *= 2;
		}
		/* not realloc(): the output may hold secrets, leave no copy */
		n = malloc(size);
		if (!n)
		{
			return false;
		}
		if (p->out)
		{
			memcpy(n, p->out, p->out_len + 1);
			OPENSSL_cleanse(p->out, p->out_size);
			free(p->out);
		}
		p->out = n;
		p->out_size = size;
	}
	memcpy(p->out + p->out_len, s, len);
	for (i = 0; i < len; i++)
	{
		if (p->syntax == SM_SYNTAX_SETTINGS)
		{
			sm_settings_lex(&p->lex, s[i], p->out_len + i);
		}
		else if (p->syntax == SM_SYNTAX_NFT)
		{
			p->nft = sm_nft_lex_char(p->nft, s[i]);
		}
		else
		{
			sm_tctx_feed(&p->ctx, s[i]);
		}
	}
	p->out_len += len;
	p->out[p->out_len] = '\0';
	return true;
}

/* whether what follows token i ends a word of a value */
static bool ends_word(const parser_t *p, size_t i)
{
	const tok_t *next = i + 1 < p->n ? &p->toks[i + 1] : NULL;

	if (!next)
	{
		return true;
	}
	return next->type == TOK_TEXT && strchr(" \t\r\n#}", next->p[0]);
}

/* whether the current output line is an include statement so far */
static bool in_include(const parser_t *p)
{
	const char *s = p->out + p->lex.line, *end = p->out + p->out_len;

	while (s < end && (*s == ' ' || *s == '\t'))
	{
		s++;
	}
	return end - s > 7 && !strncmp(s, "include", 7) &&
		   (s[7] == ' ' || s[7] == '\t');
}

/* emit_value() for SM_SYNTAX_NFT (template_nft.h) */
static bool emit_nft_value(parser_t *p, size_t i, const char *value)
{
	const tok_t *t = &p->toks[i];
	const char *why = NULL;
	char *esc;
	bool ok;

	esc = p->nft == SM_NFT_COMMENT ? sm_settings_comment(value)
								   : sm_nft_escape(p->nft, value, &why);
	if (why)
	{
		/* never the value itself */
		sm_error(p->diag, t->pos, "the value of '%.*s' %s", (int)t->len, t->p,
				 why);
		p->failed = true;
		return true;
	}
	if (!esc)
	{
		return false;
	}
	ok = emit(p, esc, strlen(esc));
	free(esc);
	return ok;
}

/* the first character the template writes after token i, '\0' if none */
static char next_char(const parser_t *p, size_t i)
{
	const tok_t *next = i + 1 < p->n ? &p->toks[i + 1] : NULL;

	return next && next->type == TOK_TEXT && next->len ? next->p[0] : '\0';
}

/* the value of token i in one of the syntaxes of template_ctx.h */
static bool emit_ctx_value(parser_t *p, size_t i, const char *value)
{
	const tok_t *t = &p->toks[i];
	const char *why;
	char *esc;
	bool ok;

	esc = sm_tctx_escape(&p->ctx, value, next_char(p, i), &why);
	if (!esc && why)
	{
		/* never the value itself: it may be a secret */
		sm_error(p->diag, t->pos, "the value of '%.*s' %s", (int)t->len, t->p,
				 why);
		p->failed = true;
		return true;
	}
	if (!esc)
	{
		return false;
	}
	ok = emit(p, esc, strlen(esc));
	/* it may be a secret */
	OPENSSL_cleanse(esc, strlen(esc));
	free(esc);
	return ok;
}

/* write the value of token i escaped for where the output is */
static bool emit_value(parser_t *p, size_t i, const char *value)
{
	const tok_t *t = &p->toks[i];
	const char *v, *why = NULL;
	char *esc = NULL;
	bool ok, escaped = false;

	if (p->syntax == SM_SYNTAX_NFT)
	{
		return emit_nft_value(p, i, value);
	}
	if (p->syntax != SM_SYNTAX_SETTINGS)
	{
		return emit_ctx_value(p, i, value);
	}
	switch (p->lex.state)
	{
		case LEX_COMMENT:
			esc = sm_settings_comment(value);
			escaped = true;
			break;
		case LEX_VALUE:
			if (!p->lex.word && ends_word(p, i))
			{
				esc = sm_conf_quote(value);
				escaped = true;
				break;
			}
			for (v = value; *v && sm_settings_bare_char(*v); v++)
			{
			}
			if (*v)
			{
				why = "holds characters that need quotes, and it is written "
					  "next to other text of a value (write it alone "
					  "after '=')";
			}
			break;
		case LEX_NAME:
		case LEX_REF:
			for (v = value; *v && sm_settings_name_char(*v); v++)
			{
			}
			if (in_include(p))
			{
				why = "would be part of an include pattern, which cannot be "
					  "escaped";
			}
			else if (*v || !*value)
			{
				why = "is not a section or key name (1 or more of a-z, A-Z, "
					  "0-9, '-' and '_')";
			}
			break;
		default:
			why = "would be inside a quoted string or after a syntax error "
				  "of the template, where it cannot be escaped";
			break;
	}
	if (why)
	{
		/* never the value itself: it may be a secret */
		sm_error(p->diag, t->pos, "the value of '%.*s' %s", (int)t->len, t->p,
				 why);
		p->failed = true;
		return true;
	}
	if (escaped)
	{
		if (!esc)
		{
			return false;
		}
		ok = emit(p, esc, strlen(esc));
		/* it may be a secret */
		OPENSSL_cleanse(esc, strlen(esc));
		free(esc);
		return ok;
	}
	return emit(p, value, strlen(value));
}

static const entry_t *need(parser_t *p, const sm_tvars_t *vars, const tok_t *t)
{
	char name[128];
	const entry_t *e;

	snprintf(name, sizeof(name), "%.*s", (int)t->len, t->p);
	e = sm_tvars_lookup(vars, name);
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
				if (!emit_value(p, i, e->str))
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
						sm_syntax_t syntax, const sm_tvars_t *vars, char **out,
						size_t *out_len, sm_diag_t *diag)
{
	parser_t p = {.diag = diag, .syntax = syntax};
	bool ok = false;

	p.file = sm_diag_source(diag, file, tmpl, len);
	if (!p.file)
	{
		return false;
	}
	if (syntax != SM_SYNTAX_SETTINGS && syntax != SM_SYNTAX_NFT &&
		!sm_tctx_supports(syntax))
	{
		sm_error(diag, sm_nopos(p.file),
				 "no escaping rules for "
				 "the syntax of this template");
		return false;
	}
	p.syntax = syntax;
	sm_tctx_init(&p.ctx, syntax);
	if (!tokenize(&p, tmpl, len) || !match_sections(&p))
	{
		goto out;
	}
	if (!emit(&p, "", 0) || !render(&p, 0, p.n, vars) || p.failed)
	{
		if (!p.failed)
		{
			sm_error(diag, sm_nopos(p.file), "out of memory while rendering");
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
	if (p.out)
	{
		OPENSSL_cleanse(p.out, p.out_size);
	}
	free(p.out);
	free(p.toks);
	return ok;
}
