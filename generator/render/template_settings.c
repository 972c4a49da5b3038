/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the syntax of strongswan.conf and swanctl.conf for the template engine:
 * how values are escaped, and where the output is */
#include "config.h"

#include "template_int.h"

#include "sm_utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sm_settings_bare_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || (c && strchr(".-_@:/%+=*,", c));
}

bool sm_settings_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		   (c >= '0' && c <= '9') || c == '-' || c == '_';
}

char *sm_conf_quote(const char *value)
{
	const char *p;
	char *q, *out;
	bool bare = *value != '\0' && *value != ' ';

	/* words of bare characters, single spaces between them: the lexer
	 * joins the words of a value with one space */
	for (p = value; *p && bare; p++)
	{
		bare = sm_settings_bare_char(*p) || (*p == ' ' && p[1] && p[1] != ' ');
	}
	if (bare)
	{
		return strdup(value);
	}
	out = malloc(strlen(value) * 2 + 3);
	if (!out)
	{
		return NULL;
	}
	q = out;
	*q++ = '"';
	for (p = value; *p; p++)
	{
		switch (*p)
		{
			case '\n':
				*q++ = '\\';
				*q++ = 'n';
				break;
			case '\r':
				*q++ = '\\';
				*q++ = 'r';
				break;
			case '\t':
				*q++ = '\\';
				*q++ = 't';
				break;
			case '"':
			case '\\':
				*q++ = '\\';
				/* fall through */
			default:
				*q++ = *p;
				break;
		}
	}
	*q++ = '"';
	*q = '\0';
	return out;
}

char *sm_settings_comment(const char *value)
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
		if (n && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
			cp != 0x2028 && cp != 0x2029 && cp != '\\')
		{
			memcpy(q, p, n);
			q += n;
			p += n;
			continue;
		}
		if (n && cp == '\\')
		{
			memcpy(q, "\\\\", 2);
			q += 2;
			p++;
			continue;
		}
		/* every byte of what cannot be shown */
		for (i = 0; i < (n ? n : 1); i++)
		{
			snprintf(q, 5, "\\x%02x", p[i]);
			q += 4;
		}
		p += n ? n : 1;
	}
	*q = '\0';
	return out;
}

void sm_settings_lex(sm_settings_lex_t *l, char c, size_t off)
{
	switch (l->state)
	{
		case LEX_COMMENT:
			/* strongSwan's comments end at CR or LF */
			if (c == '\n' || c == '\r')
			{
				l->state = l->ret;
			}
			break;
		case LEX_REF:
			if (!c || !strchr("#{}=:\"", c))
			{
				break;
			}
			/* anything else ends the references: read it as a name */
			l->state = LEX_NAME;
			/* fall through */
		case LEX_NAME:
			switch (c)
			{
				case '#':
					l->ret = l->state;
					l->state = LEX_COMMENT;
					break;
				case '=':
					l->state = LEX_VALUE;
					l->word = false;
					break;
				case ':':
					l->state = LEX_REF;
					break;
				case '"':
					l->state = LEX_BROKEN;
					break;
				default:
					break;
			}
			break;
		case LEX_VALUE:
			switch (c)
			{
				case '#':
					l->ret = LEX_NAME;
					l->state = LEX_COMMENT;
					break;
				case '}':
				case '\n':
					l->state = LEX_NAME;
					break;
				case '"':
					l->state = LEX_STRING;
					break;
				case ' ':
				case '\t':
				case '\r':
					l->word = false;
					break;
				default:
					l->word = true;
					break;
			}
			break;
		case LEX_STRING:
			if (c == '\\')
			{
				l->state = LEX_ESCAPE;
			}
			else if (c == '"')
			{
				l->state = LEX_VALUE;
				l->word = true;
			}
			break;
		case LEX_ESCAPE:
			l->state = LEX_STRING;
			break;
		case LEX_BROKEN:
			break;
	}
	if (c == '\n')
	{
		l->line = off + 1;
	}
}
