/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Escapers of the client profiles' output syntaxes for the template engine
 * (see template_ctx.h for the rules): a value is escaped for the state the
 * lexers of template_ctx.c have reached, or refused where no escaping can
 * keep it a value.
 */
#include "config.h"

#include "template_ctx.h"
#include "template_ctx_int.h"
#include "template_int.h"
#include "base/json.h"

#include "sm_utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *escape_powershell(const sm_tctx_t *ctx, const char *value,
							   const char **why)
{
	switch (ctx->state)
	{
		case P_SQ:
			return escape_ps_string(value, why);
		case P_LCOMMENT:
			return sm_settings_comment(value);
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
			return sm_settings_comment(value);
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
