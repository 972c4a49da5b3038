/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "template_nft.h"

#include "sm_net.h"

#include <stdlib.h>
#include <string.h>

/* see header file */
sm_nft_state_t sm_nft_lex_char(sm_nft_state_t state, char c)
{
	switch (state)
	{
		case SM_NFT_CODE:
			if (c == '"')
			{
				return SM_NFT_STRING;
			}
			/* nft's scanner: comment #.*$ outside strings */
			return c == '#' ? SM_NFT_COMMENT : SM_NFT_CODE;
		case SM_NFT_STRING:
			/* quotedstring \"[^"]*\": no escapes */
			return c == '"' ? SM_NFT_CODE : SM_NFT_STRING;
		case SM_NFT_COMMENT:
			return c == '\n' ? SM_NFT_CODE : SM_NFT_COMMENT;
	}
	return state;
}

/* a decimal number without sign or leading zero, ending at end */
static bool decimal(const char *p, const char *end)
{
	if (p == end || (*p == '0' && end - p > 1))
	{
		return false;
	}
	for (; p < end; p++)
	{
		if (*p < '0' || *p > '9')
		{
			return false;
		}
	}
	return true;
}

/* an address or network without host bits, written exactly as
 * sm_prefix_format() writes it */
static bool canonical_prefix(const char *v)
{
	char buf[SM_PREFIX_STRLEN];
	sm_prefix_t p;

	return sm_prefix_parse(v, &p) == SM_NET_OK && !sm_prefix_host_bits(&p) &&
		   sm_prefix_format(&p, strchr(v, '/') != NULL, buf, sizeof(buf)) &&
		   !strcmp(buf, v);
}

/* a name as nft's scanner reads it as one string token */
static bool name(const char *v)
{
	if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || *v == '_'))
	{
		return false;
	}
	return strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789_-") == strlen(v);
}

static bool word(const char *v)
{
	const char *dash = strchr(v, '-'), *end = v + strlen(v);

	return canonical_prefix(v) || decimal(v, end) || name(v) ||
		   (dash && decimal(v, dash) && decimal(dash + 1, end));
}

/* see header file */
char *sm_nft_escape(sm_nft_state_t state, const char *value, const char **why)
{
	size_t len = strlen(value), i;
	unsigned char c;
	char *out;

	*why = NULL;
	if (state == SM_NFT_CODE)
	{
		if (!word(value))
		{
			*why = "is not one word of nft's syntax (an address or network, "
				   "a decimal number or range, or a name of letters, "
				   "digits, '_' and '-')";
			return NULL;
		}
		return strdup(value);
	}
	if (state != SM_NFT_STRING)
	{
		*why = "has no escaping rules where it stands";
		return NULL;
	}
	for (i = 0; i < len; i++)
	{
		c = (unsigned char)value[i];
		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
		{
			*why = "holds characters an nft string cannot hold (only "
				   "printable ASCII without '\"' and '\\')";
			return NULL;
		}
	}
	out = malloc(len + 2);
	if (!out)
	{
		return NULL;
	}
	memcpy(out, value, len + 1);
	/* nft reads a final '*' as a wildcard, "\*" as the character */
	if (len && value[len - 1] == '*')
	{
		memcpy(out + len - 1, "\\*", 3);
	}
	return out;
}
