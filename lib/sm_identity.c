/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rules for identities and passwords (see sm_identity.h).  What
 * strongSwan 5.9.8 makes of a user name: eap-mschapv2 copies at most 255
 * bytes of the MS-CHAPv2 Name field into a string and calls
 * identification_create_from_string() (src/libstrongswan/utils/
 * identification.c), which in this order
 *   - strips a case-insensitive type prefix (ipv4:, ipv6:, ipv4net:,
 *     ipv6net:, ipv4range:, ipv6range:, rfc822:, email:, userfqdn:, fqdn:,
 *     dns:, asn1dn:, asn1gn:, xmppaddr:, keyid:) or a numeric one ({N}:);
 *   - reads text containing '=' as a distinguished name;
 *   - without '@': reads "", %any, %any6, 0.0.0.0, *, :: and 0::0 as
 *     ID_ANY, and tries an IPv4 (no ':') or IPv6 address, "ADDR/BITS"
 *     subnet or "ADDR-ADDR" range, else an FQDN (no ':') or key ID;
 *   - with '@': @#hex is a key ID, @@x and @x are x as user FQDN and FQDN,
 *     anything else an e-mail address.
 * swanctl's secrets parse their id-* values the same way and match them
 * with identification_t.matches(): ID_ANY matches everyone, a leading '*'
 * of an FQDN or e-mail identity matches any prefix, '*' in a DN any RDN.
 * The plugin serves only FQDN, e-mail and key ID identities.  A user name
 * stays literal when none of the above applies, which is what is checked.
 * (identification_create_from_data() would also read a DER-encoded DN, but
 * DER needs control bytes, which are refused anyway.)
 */
#include "config.h"

#include "sm_identity.h"
#include "sm_err.h"
#include "sm_unicode.h"
#include "sm_utf8.h"
#include "sm_countof.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* the words identification_create_from_string() turns into ID_ANY */
static const char *const any_words[] = {"%any",    "%any6", "*",
										"0.0.0.0", "::",    "0::0"};

/* its type prefixes, compared without regard to case */
static const char *const type_prefixes[] = {
	"ipv4:",      "ipv6:",   "ipv4net:", "ipv6net:",  "ipv4range:",
	"ipv6range:", "rfc822:", "email:",   "userfqdn:", "fqdn:",
	"dns:",       "asn1dn:", "asn1gn:",  "xmppaddr:", "keyid:",
};

static bool refuse(sm_text_check_t *res, sm_text_err_t err, size_t offset,
				   size_t index, uint32_t cp)
{
	res->err = err;
	res->offset = offset;
	res->index = index;
	res->cp = cp;
	return false;
}

/* the 1-based character number of byte offset in s */
static size_t char_index(const char *s, size_t offset)
{
	return sm_utf8_chars(s, offset) + 1;
}

/*
 * An IPv4 (no ':') or IPv6 address, or one followed by '/' (a subnet) or
 * '-' (a range).  strongSwan reads "ADDR/BITS" as a subnet and "ADDR-ADDR"
 * as a range; "ADDR/" or "ADDR-" followed by anything is refused too, which
 * is simpler to explain and never a user's name.
 */
static bool is_address(const char *s)
{
	char head[SM_IDENTITY_MAX_BYTES + 1];
	unsigned char bin[sizeof(struct in6_addr)];
	size_t n;

	n = strcspn(s, strchr(s, '/') ? "/" : "-");
	memcpy(head, s, n);
	head[n] = '\0';
	return inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, head, bin) == 1;
}

/* what strongSwan would read as more or less than the literal name s */
static bool check_syntax(const char *s, size_t len, sm_text_check_t *res)
{
	const char *p;
	size_t i, n;

	for (i = 0; i < countof(any_words); i++)
	{
		if (!strcmp(s, any_words[i]))
		{
			return refuse(res, SM_TEXT_ANY, 0, 1, (unsigned char)s[0]);
		}
	}
	if (s[0] == '%')
	{
		return refuse(res, SM_TEXT_RESERVED, 0, 1, '%');
	}
	for (i = 0; i < countof(type_prefixes); i++)
	{
		n = strlen(type_prefixes[i]);
		if (len >= n && !strncasecmp(s, type_prefixes[i], n))
		{
			res->len = n;
			return refuse(res, SM_TEXT_PREFIX, 0, 1, (unsigned char)s[0]);
		}
	}
	if (s[0] == '{' && strstr(s, "}:"))
	{
		return refuse(res, SM_TEXT_NUMTYPE, 0, 1, '{');
	}
	p = strchr(s, '=');
	if (p)
	{
		return refuse(res, SM_TEXT_DN, (size_t)(p - s),
					  char_index(s, (size_t)(p - s)), '=');
	}
	if (s[0] == '@')
	{
		return refuse(res, SM_TEXT_AT, 0, 1, '@');
	}
	p = strchr(s, '*');
	if (p)
	{
		return refuse(res, SM_TEXT_WILDCARD, (size_t)(p - s),
					  char_index(s, (size_t)(p - s)), '*');
	}
	if (!strchr(s, '@') && is_address(s))
	{
		return refuse(res, SM_TEXT_ADDRESS, 0, 1, (unsigned char)s[0]);
	}
	p = strchr(s, '\\');
	if (p && !p[1])
	{
		return refuse(res, SM_TEXT_NO_USER, (size_t)(p - s),
					  char_index(s, (size_t)(p - s)), '\\');
	}
	return true;
}

/* whether a character of a class is refused, and why: controls, invisible
 * formatting and line separators everywhere, other spaces and unassigned
 * code points in identities only */
static sm_text_err_t class_error(sm_uc_class_t class, bool identity)
{
	switch (class)
	{
		case SM_UC_OK:
			break;
		case SM_UC_CONTROL:
			return SM_TEXT_CONTROL;
		case SM_UC_FORMAT:
			return SM_TEXT_FORMAT;
		case SM_UC_LINESEP:
			return SM_TEXT_LINESEP;
		case SM_UC_SPACE:
			return identity ? SM_TEXT_SPACE : SM_TEXT_OK;
		case SM_UC_UNASSIGNED:
			return identity ? SM_TEXT_UNASSIGNED : SM_TEXT_OK;
	}
	return SM_TEXT_OK;
}

bool sm_identity_check(const char *text, size_t len, sm_text_check_t *res)
{
	uint32_t cps[SM_IDENTITY_MAX_BYTES];
	uint32_t scratch[SM_UNICODE_EXPAND * SM_IDENTITY_MAX_BYTES];
	size_t offsets[SM_IDENTITY_MAX_BYTES];
	char copy[SM_IDENTITY_MAX_BYTES + 1];
	sm_text_check_t dummy;
	size_t pos = 0, n = 0, k, at = 0;
	sm_text_err_t err;
	uint32_t cp;

	res = res ? res : &dummy;
	memset(res, 0, sizeof(*res));
	if (len == 0)
	{
		return refuse(res, SM_TEXT_EMPTY, 0, 0, 0);
	}
	if (len > SM_IDENTITY_MAX_BYTES)
	{
		res->len = len;
		return refuse(res, SM_TEXT_TOO_LONG, SM_IDENTITY_MAX_BYTES,
					  char_index(text, SM_IDENTITY_MAX_BYTES), 0);
	}
	while (pos < len)
	{
		k = sm_utf8_decode((const unsigned char *)text + pos, len - pos, &cp);
		if (!k)
		{
			return refuse(res, SM_TEXT_UTF8, pos, n + 1, 0);
		}
		err = class_error(sm_unicode_class(cp), true);
		if (err != SM_TEXT_OK)
		{
			return refuse(res, err, pos, n + 1, cp);
		}
		offsets[n] = pos;
		cps[n++] = cp;
		pos += k;
	}
	if (text[0] == ' ')
	{
		return refuse(res, SM_TEXT_SPACE_EDGE, 0, 1, ' ');
	}
	if (text[len - 1] == ' ')
	{
		return refuse(res, SM_TEXT_SPACE_EDGE, len - 1, n, ' ');
	}
	if (!sm_unicode_is_nfc(cps, n, scratch, &at))
	{
		return refuse(res, SM_TEXT_NOT_NFC, offsets[at], at + 1, cps[at]);
	}
	/* no NUL inside (a control character), so it is one C string */
	memcpy(copy, text, len);
	copy[len] = '\0';
	return check_syntax(copy, len, res);
}

bool sm_password_check(const char *text, size_t len, sm_text_check_t *res)
{
	sm_text_check_t dummy;
	size_t pos = 0, n = 0, units = 0, k;
	sm_text_err_t err;
	uint32_t cp;

	res = res ? res : &dummy;
	memset(res, 0, sizeof(*res));
	if (len == 0)
	{
		return refuse(res, SM_TEXT_EMPTY, 0, 0, 0);
	}
	/* the outcome never records a code point of the password */
	while (pos < len)
	{
		k = sm_utf8_decode((const unsigned char *)text + pos, len - pos, &cp);
		if (!k)
		{
			return refuse(res, SM_TEXT_UTF8, pos, n + 1, 0);
		}
		err = class_error(sm_unicode_class(cp), false);
		if (err != SM_TEXT_OK)
		{
			return refuse(res, err, pos, n + 1, 0);
		}
		units += cp >= 0x10000 ? 2 : 1;
		if (units > SM_PASSWORD_MAX_UNITS)
		{
			return refuse(res, SM_TEXT_TOO_LONG, pos, n + 1, 0);
		}
		n++;
		pos += k;
	}
	return true;
}

char *sm_identity_message(const char *text, size_t len,
						  const sm_text_check_t *res, char *buf, size_t size)
{
	switch (res->err)
	{
		case SM_TEXT_OK:
			sm_err(buf, size, "is valid");
			break;
		case SM_TEXT_EMPTY:
			sm_err(buf, size, "is empty");
			break;
		case SM_TEXT_TOO_LONG:
			sm_err(buf, size,
				   "is %zu bytes long; EAP-MSCHAPv2 user names "
				   "have at most %d bytes",
				   res->len, SM_IDENTITY_MAX_BYTES);
			break;
		case SM_TEXT_UTF8:
			sm_err(buf, size, "is not valid UTF-8 (byte %zu)", res->offset + 1);
			break;
		case SM_TEXT_CONTROL:
			sm_err(buf, size,
				   "contains the control character U+%04X "
				   "(character %zu); use printable characters only",
				   (unsigned int)res->cp, res->index);
			break;
		case SM_TEXT_FORMAT:
			sm_err(buf, size,
				   "contains the invisible formatting character "
				   "U+%04X (character %zu), such as a bidi control or a "
				   "zero-width character; remove it",
				   (unsigned int)res->cp, res->index);
			break;
		case SM_TEXT_LINESEP:
			sm_err(buf, size,
				   "contains the line or paragraph separator "
				   "U+%04X (character %zu); remove it",
				   (unsigned int)res->cp, res->index);
			break;
		case SM_TEXT_SPACE:
			sm_err(buf, size,
				   "contains the space character U+%04X "
				   "(character %zu); use the ordinary space U+0020",
				   (unsigned int)res->cp, res->index);
			break;
		case SM_TEXT_UNASSIGNED:
			sm_err(buf, size,
				   "contains U+%04X (character %zu), which is "
				   "unassigned, private-use or a noncharacter in Unicode %s; "
				   "use assigned characters only",
				   (unsigned int)res->cp, res->index, sm_unicode_version());
			break;
		case SM_TEXT_SPACE_EDGE:
			sm_err(buf, size, "begins or ends with a space; remove it");
			break;
		case SM_TEXT_NOT_NFC:
			sm_err(buf, size,
				   "is not in Unicode Normalization Form C (NFC) "
				   "at U+%04X (character %zu); write the composed form "
				   "clients send, such as 'e' with acute accent as the one "
				   "character U+00E9 rather than 'e' followed by U+0301",
				   (unsigned int)res->cp, res->index);
			break;
		case SM_TEXT_ANY:
			sm_err(buf, size,
				   "stands for any identity in strongSwan and "
				   "would match every user name; give each user's own name");
			break;
		case SM_TEXT_RESERVED:
			sm_err(buf, size,
				   "begins with '%%', which strongSwan reserves "
				   "for keywords such as %%any; choose a name without it");
			break;
		case SM_TEXT_PREFIX:
			sm_err(buf, size,
				   "begins with '%.*s', which strongSwan reads as "
				   "an identity type, not as part of the name; give the name "
				   "without it",
				   (int)(res->len < len ? res->len : len), text);
			break;
		case SM_TEXT_NUMTYPE:
			sm_err(buf, size,
				   "begins with '{...}:', which strongSwan reads "
				   "as a numeric identity type; choose another name");
			break;
		case SM_TEXT_AT:
			sm_err(buf, size,
				   "begins with '@', which strongSwan reads as a "
				   "type marker (@host, @@user, @#hex), not as part of the "
				   "name; give the name without it");
			break;
		case SM_TEXT_DN:
			sm_err(buf, size,
				   "contains '=' (character %zu), which makes "
				   "strongSwan read it as a distinguished name such as "
				   "'CN=bob, O=Example'; EAP user names cannot contain '='",
				   res->index);
			break;
		case SM_TEXT_WILDCARD:
			sm_err(buf, size,
				   "contains the wildcard '*' (character %zu): "
				   "strongSwan matches a secret for '*@example.org' against "
				   "every user of that domain; list each user by name",
				   res->index);
			break;
		case SM_TEXT_ADDRESS:
			sm_err(buf, size,
				   "is an IP address (or subnet or range), which "
				   "strongSwan matches as an address, never as an EAP user "
				   "name; use a name such as 'user@example.org'");
			break;
		case SM_TEXT_NO_USER:
			sm_err(buf, size,
				   "has no user name after the backslash of "
				   "DOMAIN\\user; give the user name after it");
			break;
	}
	return buf;
}

bool sm_identity_quotable(const sm_text_check_t *res)
{
	switch (res->err)
	{
		case SM_TEXT_SPACE_EDGE:
		case SM_TEXT_NOT_NFC:
		case SM_TEXT_ANY:
		case SM_TEXT_RESERVED:
		case SM_TEXT_PREFIX:
		case SM_TEXT_NUMTYPE:
		case SM_TEXT_AT:
		case SM_TEXT_DN:
		case SM_TEXT_WILDCARD:
		case SM_TEXT_ADDRESS:
		case SM_TEXT_NO_USER:
			return true;
		default:
			return false;
	}
}

char *sm_password_message(const sm_text_check_t *res, char *buf, size_t size)
{
	switch (res->err)
	{
		case SM_TEXT_OK:
			sm_err(buf, size, "is valid");
			break;
		case SM_TEXT_EMPTY:
			sm_err(buf, size, "is empty");
			break;
		case SM_TEXT_TOO_LONG:
			sm_err(buf, size,
				   "is longer than %d characters (UTF-16 code "
				   "units), the limit of MS-CHAPv2 (RFC 2759)",
				   SM_PASSWORD_MAX_UNITS);
			break;
		case SM_TEXT_UTF8:
			sm_err(buf, size, "is not valid UTF-8 (byte %zu)", res->offset + 1);
			break;
		case SM_TEXT_CONTROL:
			sm_err(buf, size,
				   "contains a control character (character %zu); "
				   "passwords are hashed exactly as typed, so use only "
				   "characters clients can type",
				   res->index);
			break;
		default:
			sm_err(buf, size,
				   "contains an invisible formatting character or "
				   "a line separator (character %zu), such as a bidi control "
				   "or a zero-width space; remove it",
				   res->index);
			break;
	}
	return buf;
}
