/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lexers of the client profiles' output syntaxes for the template engine:
 * XML, JSON, PowerShell and GLib key files (see template_ctx.h for the
 * rules; the escapers are in template_escape.c).  Each lexer knows only as
 * much of its language as the templates use; where it is unsure, its state
 * makes the escaper refuse values.
 */
#include "config.h"

#include "template_ctx.h"
#include "template_ctx_int.h"

#include <string.h>

/* the states of the lexers: template_ctx_int.h */

bool sm_tctx_supports(sm_syntax_t syntax)
{
	switch (syntax)
	{
		case SM_SYNTAX_XML:
		case SM_SYNTAX_JSON:
		case SM_SYNTAX_POWERSHELL:
		case SM_SYNTAX_KEYFILE:
			return true;
		default:
			return false;
	}
}

void sm_tctx_init(sm_tctx_t *ctx, sm_syntax_t syntax)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->syntax = syntax;
}

/* the character written before the newest one, '\0' if none */
static char prev(const sm_tctx_t *ctx)
{
	return ctx->n_tail >= 2 ? ctx->tail[ctx->n_tail - 2] : '\0';
}

/* whether the output ends with s */
static bool ends_with(const sm_tctx_t *ctx, const char *s)
{
	size_t n = strlen(s);

	return n <= ctx->n_tail && !memcmp(ctx->tail + ctx->n_tail - n, s, n);
}

static void feed_xml(sm_tctx_t *ctx, char c)
{
	switch (ctx->state)
	{
		case X_TEXT:
			if (c == '<')
			{
				ctx->state = X_TAG;
			}
			break;
		case X_TAG:
			if (c == '!' && prev(ctx) == '<')
			{
				ctx->state = X_BANG;
			}
			else if (c == '?' && prev(ctx) == '<')
			{
				ctx->state = X_PI;
			}
			else if (c == '"')
			{
				ctx->state = X_ATTR_DQ;
			}
			else if (c == '\'')
			{
				ctx->state = X_ATTR_SQ;
			}
			else if (c == '>')
			{
				ctx->state = X_TEXT;
			}
			break;
		case X_ATTR_DQ:
			if (c == '"')
			{
				ctx->state = X_TAG;
			}
			break;
		case X_ATTR_SQ:
			if (c == '\'')
			{
				ctx->state = X_TAG;
			}
			break;
		case X_BANG:
			if (ends_with(ctx, "<!--"))
			{
				ctx->state = X_COMMENT;
			}
			else if (ends_with(ctx, "<![CDATA["))
			{
				ctx->state = X_CDATA;
			}
			else if (c == '>')
			{
				/* a declaration such as <!DOCTYPE ...> (no internal
				 * subset: a '>' inside one would end it here, and the
				 * values after it would be refused or misplaced; the
				 * templates have none) */
				ctx->state = X_TEXT;
			}
			break;
		case X_COMMENT:
			if (ends_with(ctx, "-->"))
			{
				ctx->state = X_TEXT;
			}
			break;
		case X_CDATA:
			if (ends_with(ctx, "]]>"))
			{
				ctx->state = X_TEXT;
			}
			break;
		case X_PI:
			if (ends_with(ctx, "?>"))
			{
				ctx->state = X_TEXT;
			}
			break;
	}
}

static void feed_json(sm_tctx_t *ctx, char c)
{
	switch (ctx->state)
	{
		case J_OUT:
			if (c == '"')
			{
				ctx->state = J_STR;
			}
			else if (!json_space(c))
			{
				ctx->last = c;
			}
			break;
		case J_STR:
			if (c == '\\')
			{
				ctx->state = J_ESC;
			}
			else if (c == '"')
			{
				ctx->state = J_OUT;
				ctx->last = c;
			}
			break;
		case J_ESC:
			if (c == 'u')
			{
				ctx->state = J_UHEX;
				ctx->pending = 4;
			}
			else
			{
				ctx->state = J_STR;
			}
			break;
		case J_UHEX:
			if (--ctx->pending <= 0)
			{
				ctx->state = J_STR;
			}
			break;
	}
}

static void feed_ps_code(sm_tctx_t *ctx, char c)
{
	switch (c)
	{
		case '\'':
			ctx->state = prev(ctx) == '@' ? P_HERE_SQ : P_SQ;
			break;
		case '"':
			ctx->state = prev(ctx) == '@' ? P_HERE_DQ : P_DQ;
			break;
		case '#':
			ctx->state = prev(ctx) == '<' ? P_BCOMMENT : P_LCOMMENT;
			break;
		case '`':
			ctx->state = P_CODE_BT;
			break;
		default:
			break;
	}
}

static void feed_powershell(sm_tctx_t *ctx, char c)
{
	switch (ctx->state)
	{
		case P_CODE:
			feed_ps_code(ctx, c);
			break;
		case P_CODE_BT:
			ctx->state = P_CODE;
			break;
		case P_SQ:
			if (c == '\'')
			{
				ctx->state = P_SQ_END;
			}
			break;
		case P_SQ_END:
			if (c == '\'')
			{
				ctx->state = P_SQ;
			}
			else
			{
				ctx->state = P_CODE;
				feed_ps_code(ctx, c);
			}
			break;
		case P_DQ:
			if (c == '`')
			{
				ctx->state = P_DQ_BT;
			}
			else if (c == '"')
			{
				ctx->state = P_CODE;
			}
			break;
		case P_DQ_BT:
			ctx->state = P_DQ;
			break;
		case P_LCOMMENT:
			if (c == '\n' || c == '\r')
			{
				ctx->state = P_CODE;
			}
			break;
		case P_BCOMMENT:
			if (c == '>' && prev(ctx) == '#')
			{
				ctx->state = P_CODE;
			}
			break;
		case P_HERE_SQ:
			if (ends_with(ctx, "\n'@"))
			{
				ctx->state = P_CODE;
			}
			break;
		case P_HERE_DQ:
			if (ends_with(ctx, "\n\"@"))
			{
				ctx->state = P_CODE;
			}
			break;
	}
}

static void feed_keyfile(sm_tctx_t *ctx, char c)
{
	if (c == '\n')
	{
		ctx->state = K_START;
		return;
	}
	switch (ctx->state)
	{
		case K_START:
			if (c == '#')
			{
				ctx->state = K_COMMENT;
			}
			else if (c == '[')
			{
				ctx->state = K_GROUP;
			}
			else if (c != ' ' && c != '\t' && c != '\r')
			{
				ctx->state = K_KEY;
			}
			break;
		case K_KEY:
			if (c == '=')
			{
				ctx->state = K_VALUE;
				/* nothing of the value yet: g_key_file skips the
				 * white space after '=' */
				ctx->last = 0;
			}
			break;
		case K_VALUE:
			if (c != ' ' && c != '\t')
			{
				ctx->last = 1;
			}
			break;
		default:
			break;
	}
}

void sm_tctx_feed(sm_tctx_t *ctx, char c)
{
	if (ctx->n_tail == SM_TCTX_TAIL)
	{
		memmove(ctx->tail, ctx->tail + 1, SM_TCTX_TAIL - 1);
		ctx->n_tail--;
	}
	ctx->tail[ctx->n_tail++] = c;
	switch (ctx->syntax)
	{
		case SM_SYNTAX_XML:
			feed_xml(ctx, c);
			break;
		case SM_SYNTAX_JSON:
			feed_json(ctx, c);
			break;
		case SM_SYNTAX_POWERSHELL:
			feed_powershell(ctx, c);
			break;
		case SM_SYNTAX_KEYFILE:
			feed_keyfile(ctx, c);
			break;
		default:
			break;
	}
}
