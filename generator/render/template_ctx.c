/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lexers and escapers of the client profiles' output syntaxes for the
 * template engine: XML, JSON, PowerShell and GLib key files (see
 * template_ctx.h for the rules).  Each lexer knows only as much of its
 * language as the templates use; where it is unsure it refuses values.
 */
#include "config.h"

#include "template_ctx.h"
#include "base/json.h"

#include "sm_utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- states ------------------------------------------------------------ */

/* XML */
enum {
	X_TEXT,
	/* after '<': a start or end tag (name and attributes) */
	X_TAG,
	X_ATTR_DQ,
	X_ATTR_SQ,
	/* after "<!": a comment, CDATA section or declaration to come */
	X_BANG,
	X_COMMENT,
	X_CDATA,
	/* after "<?": a processing instruction or the XML declaration */
	X_PI,
};

/* JSON */
enum {
	J_OUT,
	J_STR,
	/* after '\\' in a string */
	J_ESC,
	/* the hex digits of a \u escape */
	J_UHEX,
};

/* PowerShell */
enum {
	P_CODE,
	/* after '`' outside strings: the next character is literal */
	P_CODE_BT,
	P_SQ,
	/* a quote in a single-quoted string: its end, or the first half of a
	 * doubled quote */
	P_SQ_END,
	P_DQ,
	P_DQ_BT,
	P_LCOMMENT,
	P_BCOMMENT,
	P_HERE_SQ,
	P_HERE_DQ,
};

/* GLib key file */
enum {
	K_START,
	K_COMMENT,
	K_GROUP,
	K_KEY,
	K_VALUE,
};

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

static bool json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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

/* --- escaping ----------------------------------------------------------- */

/* the worst expansion of one input byte ("&quot;", "\u001f") */
#define EXPANSION 6

/* the text of a refusal, or NULL for out of memory */
static char *refuse(const char **why, const char *text)
{
	*why = text;
	return NULL;
}

/* a character XML 1.0 allows (section 2.2), besides TAB, LF and CR */
static bool xml_char(uint32_t cp)
{
	return (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
		   (cp >= 0x10000 && cp <= 0x10ffff);
}

static char *escape_xml(const char *value, bool attr, const char **why)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n;
	char *out = malloc(len * EXPANSION + 1), *q = out;
	const char *rep;
	uint32_t cp;

	if (!out)
	{
		return NULL;
	}
	while (*p)
	{
		n = sm_utf8_decode(p, len - (size_t)(p - (const unsigned char *)value),
						   &cp);
		if (!n || (!xml_char(cp) && cp != '\t' && cp != '\n' && cp != '\r'))
		{
			free(out);
			return refuse(why, "holds a character that XML cannot carry "
							   "(a control character or bytes that are not "
							   "UTF-8)");
		}
		switch (cp)
		{
			case '&':
				rep = "&amp;";
				break;
			case '<':
				rep = "&lt;";
				break;
			case '>':
				rep = "&gt;";
				break;
			case '"':
				rep = attr ? "&quot;" : NULL;
				break;
			case '\'':
				rep = attr ? "&apos;" : NULL;
				break;
			case '\t':
				rep = attr ? "&#9;" : NULL;
				break;
			case '\n':
				rep = attr ? "&#10;" : NULL;
				break;
			case '\r':
				/* a parser turns a literal CR into LF */
				rep = "&#13;";
				break;
			default:
				rep = NULL;
				break;
		}
		if (rep)
		{
			memcpy(q, rep, strlen(rep));
			q += strlen(rep);
		}
		else
		{
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q = '\0';
	return out;
}

/* a JSON number (RFC 8259 section 6) or literal name */
static bool json_literal(const char *s)
{
	const char *p = s;

	if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "null"))
	{
		return true;
	}
	if (*p == '-')
	{
		p++;
	}
	if (*p == '0')
	{
		p++;
	}
	else if (*p >= '1' && *p <= '9')
	{
		while (*p >= '0' && *p <= '9')
		{
			p++;
		}
	}
	else
	{
		return false;
	}
	if (*p == '.')
	{
		p++;
		if (*p < '0' || *p > '9')
		{
			return false;
		}
		while (*p >= '0' && *p <= '9')
		{
			p++;
		}
	}
	if (*p == 'e' || *p == 'E')
	{
		p++;
		if (*p == '+' || *p == '-')
		{
			p++;
		}
		if (*p < '0' || *p > '9')
		{
			return false;
		}
		while (*p >= '0' && *p <= '9')
		{
			p++;
		}
	}
	return *p == '\0';
}

static char *escape_json_string(const char *value, const char **why)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n;
	char *out = malloc(len * EXPANSION + 1), *q = out;
	char esc[SM_JSON_ESCAPE_SIZE];
	uint32_t cp;

	if (!out)
	{
		return NULL;
	}
	while (*p)
	{
		n = sm_utf8_decode(p, len - (size_t)(p - (const unsigned char *)value),
						   &cp);
		if (!n)
		{
			free(out);
			return refuse(why, "holds bytes that are not UTF-8, which JSON "
							   "text cannot carry");
		}
		/* JSON's escapes; and the line and paragraph separators, which
		 * trip up JavaScript parsers and terminals */
		if (!sm_json_escape(cp, esc)[0] && (cp == 0x2028 || cp == 0x2029))
		{
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned int)cp);
		}
		if (esc[0])
		{
			q = stpcpy(q, esc);
		}
		else
		{
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q = '\0';
	return out;
}

static char *escape_json(const sm_tctx_t *ctx, const char *value, char next,
						 const char **why)
{
	switch (ctx->state)
	{
		case J_STR:
			return escape_json_string(value, why);
		case J_OUT:
			/* a whole token between separators: a number or literal name
			 * (anything else would be JSON syntax of its own) */
			if (json_literal(value) &&
				(!ctx->last || strchr(":[,", ctx->last)) &&
				(!next || json_space(next) || strchr(",]}", next)))
			{
				return strdup(value);
			}
			return refuse(why, "is outside a JSON string and not a whole "
							   "number, true, false or null (write it inside "
							   "quotes)");
		default:
			return refuse(why, "would be part of an escape sequence of a "
							   "JSON string");
	}
}

/* a single quote to PowerShell: ' and U+2018..U+201B */
static bool ps_quote(uint32_t cp)
{
	return cp == '\'' || (cp >= 0x2018 && cp <= 0x201b);
}

static char *escape_ps_string(const char *value, const char **why)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n;
	char *out = malloc(len * EXPANSION + 1), *q = out;
	uint32_t cp;

	if (!out)
	{
		return NULL;
	}
	while (*p)
	{
		n = sm_utf8_decode(p, len - (size_t)(p - (const unsigned char *)value),
						   &cp);
		if (!n || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		{
			free(out);
			return refuse(why,
						  "holds a control character or bytes that are "
						  "not UTF-8, which a PowerShell string is not given");
		}
		memcpy(q, p, n);
		q += n;
		if (ps_quote(cp))
		{
			/* doubled: a literal quote */
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q = '\0';
	return out;
}

/* a value in a comment that ends at the line's end: nothing that ends a
 * line, no other controls, '\\' doubled so the escapes are unambiguous */
static char *escape_comment(const char *value)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n, i;
	char *out = malloc(len * 4 + 1), *q = out;
	uint32_t cp;

	if (!out)
	{
		return NULL;
	}
	while (*p)
	{
		n = sm_utf8_decode(p, len - (size_t)(p - (const unsigned char *)value),
						   &cp);
		if (n && cp == '\\')
		{
			memcpy(q, "\\\\", 2);
			q += 2;
		}
		else if (n && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
				 cp != 0x2028 && cp != 0x2029)
		{
			memcpy(q, p, n);
			q += n;
		}
		else
		{
			for (i = 0; i < (n ? n : 1); i++)
			{
				snprintf(q, 5, "\\x%02x", p[i]);
				q += 4;
			}
		}
		p += n ? n : 1;
	}
	*q = '\0';
	return out;
}

static char *escape_powershell(const sm_tctx_t *ctx, const char *value,
							   const char **why)
{
	switch (ctx->state)
	{
		case P_SQ:
			return escape_ps_string(value, why);
		case P_LCOMMENT:
			return escape_comment(value);
		case P_SQ_END:
			return refuse(why, "would follow a quote, where it could "
							   "continue or end the string (write it inside "
							   "single quotes)");
		default:
			return refuse(why, "is not inside a single-quoted PowerShell "
							   "string or a '#' comment, where it cannot be "
							   "escaped");
	}
}

static char *escape_keyfile_value(const sm_tctx_t *ctx, const char *value,
								  const char **why)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), n;
	char *out = malloc(len * EXPANSION + 1), *q = out;
	uint32_t cp;

	if (!out)
	{
		return NULL;
	}
	while (*p)
	{
		n = sm_utf8_decode(p, len - (size_t)(p - (const unsigned char *)value),
						   &cp);
		if (!n || (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') ||
			cp == 0x7f)
		{
			free(out);
			return refuse(why,
						  "holds a control character or bytes that are "
						  "not UTF-8, which a key file value is not given");
		}
		switch (cp)
		{
			case '\\':
				memcpy(q, "\\\\", 2);
				q += 2;
				break;
			case '\n':
				memcpy(q, "\\n", 2);
				q += 2;
				break;
			case '\r':
				memcpy(q, "\\r", 2);
				q += 2;
				break;
			case '\t':
				memcpy(q, "\\t", 2);
				q += 2;
				break;
			case ' ':
				/* g_key_file drops white space at the start of a value;
				 * one at the end is written escaped too, for readers that
				 * trim */
				if ((p == (const unsigned char *)value && !ctx->last) || !p[1])
				{
					memcpy(q, "\\s", 2);
					q += 2;
					break;
				}
				/* fall through */
			default:
				memcpy(q, p, n);
				q += n;
				break;
		}
		p += n;
	}
	*q = '\0';
	return out;
}

static char *escape_keyfile(const sm_tctx_t *ctx, const char *value,
							const char **why)
{
	switch (ctx->state)
	{
		case K_VALUE:
			return escape_keyfile_value(ctx, value, why);
		case K_COMMENT:
			return escape_comment(value);
		default:
			return refuse(why, "would be part of a group or key name of a "
							   "key file, which cannot be escaped");
	}
}

char *sm_tctx_escape(const sm_tctx_t *ctx, const char *value, char next,
					 const char **why)
{
	*why = NULL;
	switch (ctx->syntax)
	{
		case SM_SYNTAX_XML:
			if (ctx->state == X_TEXT)
			{
				return escape_xml(value, false, why);
			}
			if (ctx->state == X_ATTR_DQ || ctx->state == X_ATTR_SQ)
			{
				return escape_xml(value, true, why);
			}
			return refuse(why, "would be inside an XML tag, comment, CDATA "
							   "section or declaration, where it cannot be "
							   "escaped");
		case SM_SYNTAX_JSON:
			return escape_json(ctx, value, next, why);
		case SM_SYNTAX_POWERSHELL:
			return escape_powershell(ctx, value, why);
		case SM_SYNTAX_KEYFILE:
			return escape_keyfile(ctx, value, why);
		default:
			return refuse(why, "has no escaping rules for this syntax");
	}
}
