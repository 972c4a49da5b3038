/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file sm_identity.h
 * The one rule for EAP-MSCHAPv2 identities and passwords, used by every
 * entry point (YAML accounts, CSV and YAML import, user add and passwd).
 *
 * Identities: 1 to 255 bytes of UTF-8 (the MS-CHAPv2 name limit), only
 * assigned printable characters (no controls, no invisible formatting
 * characters such as bidi controls or zero-width characters, no line
 * separators, no spaces but U+0020, none at either end, nothing unassigned
 * or private-use), in Unicode Normalization Form C, and nothing that
 * strongSwan reads as anything but a literal name when it turns the
 * MS-CHAPv2 user name into an identity (identification_create_from_string()
 * in strongSwan 5.9.8) or when it matches swanctl secrets against it:
 * %any and the other "any" words, IP addresses, subnets and ranges,
 * distinguished names ('='), type prefixes (email:, fqdn:, keyid:, ...,
 * {N}:, @, @@, @#), wildcards ('*'), and names starting with '%'.
 * A DOMAIN\user name stays a literal name (the plugin also tries the part
 * after the backslash).  Identities are compared ignoring ASCII case.
 *
 * Passwords: 1 to 256 UTF-16 code units (RFC 2759 allows 0 to 256 Unicode
 * characters; an empty one is refused) of UTF-8 without control characters,
 * invisible formatting characters or line separators.  Passwords are hashed
 * exactly as typed: never normalised, trimmed or case-folded.
 */
#ifndef SM_IDENTITY_H_
#define SM_IDENTITY_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Longest identity in bytes: eap-mschapv2 reads at most 255 of the name. */
#define SM_IDENTITY_MAX_BYTES 255

/** Longest password in UTF-16 code units (RFC 2759, section 8.3). */
#define SM_PASSWORD_MAX_UNITS 256

/** Why a text was refused. */
typedef enum {
	SM_TEXT_OK = 0,
	/** nothing at all */
	SM_TEXT_EMPTY,
	/** longer than the limit (len holds the length) */
	SM_TEXT_TOO_LONG,
	/** invalid UTF-8: stray or missing continuation bytes, overlong
	 *  forms, surrogates, values above U+10FFFF */
	SM_TEXT_UTF8,
	/** a C0 or C1 control character or DEL */
	SM_TEXT_CONTROL,
	/** an invisible formatting character (general category Cf) */
	SM_TEXT_FORMAT,
	/** a line or paragraph separator */
	SM_TEXT_LINESEP,
	/** a space other than U+0020 (identities) */
	SM_TEXT_SPACE,
	/** an unassigned, private-use or noncharacter code point
	 *  (identities) */
	SM_TEXT_UNASSIGNED,
	/** a space at the start or end (identities) */
	SM_TEXT_SPACE_EDGE,
	/** not in Normalization Form C (identities) */
	SM_TEXT_NOT_NFC,
	/** a word strongSwan reads as "any identity": %any, %any6, *, 0.0.0.0,
	 *  ::, 0::0 */
	SM_TEXT_ANY,
	/** starts with '%', reserved for strongSwan's keywords */
	SM_TEXT_RESERVED,
	/** starts with a type prefix such as email: (len holds its length) */
	SM_TEXT_PREFIX,
	/** starts with a numeric type prefix {N}: */
	SM_TEXT_NUMTYPE,
	/** starts with '@' (@fqdn, @@user, @#hex) */
	SM_TEXT_AT,
	/** contains '=' (a distinguished name) */
	SM_TEXT_DN,
	/** contains the wildcard '*' */
	SM_TEXT_WILDCARD,
	/** an IPv4/IPv6 address, subnet or range */
	SM_TEXT_ADDRESS,
	/** DOMAIN\ with no user name after the backslash */
	SM_TEXT_NO_USER,
} sm_text_err_t;

/** The outcome of a check. */
typedef struct {
	sm_text_err_t err;
	/** byte offset of the offending character in the text */
	size_t offset;
	/** 1-based character number of it */
	size_t index;
	/** the offending code point (identities) */
	uint32_t cp;
	/** SM_TEXT_TOO_LONG: the length; SM_TEXT_PREFIX: the prefix length */
	size_t len;
} sm_text_check_t;

/**
 * Check an identity.
 *
 * @param text		the identity (need not be NUL-terminated)
 * @param len		its length in bytes
 * @param res		receives the outcome (may be NULL)
 * @return			whether the identity is acceptable
 */
bool sm_identity_check(const char *text, size_t len, sm_text_check_t *res);

/**
 * Check a password.  The outcome never holds a code point of it.
 *
 * @param text		the password (need not be NUL-terminated)
 * @param len		its length in bytes
 * @param res		receives the outcome (may be NULL)
 * @return			whether the password is acceptable
 */
bool sm_password_check(const char *text, size_t len, sm_text_check_t *res);

/**
 * Say why an identity was refused and what to do instead, as a phrase that
 * follows "identity" or a key path: "begins with a space; remove it".  The
 * identity is quoted only where that is safe for a terminal.
 *
 * @param text		the identity that was checked
 * @param len		its length in bytes
 * @param res		the outcome of sm_identity_check()
 * @param buf		receives the message
 * @param size		size of buf
 * @return			buf
 */
char *sm_identity_message(const char *text, size_t len,
						  const sm_text_check_t *res, char *buf, size_t size);

/**
 * Whether a refused identity was checked to hold only printable characters
 * (it failed one of the rules after the character checks), so that a
 * message may quote it.
 */
bool sm_identity_quotable(const sm_text_check_t *res);

/**
 * Say why a password was refused, without any of it: "is empty".
 *
 * @param res		the outcome of sm_password_check()
 * @param buf		receives the message
 * @param size		size of buf
 * @return			buf
 */
char *sm_password_message(const sm_text_check_t *res, char *buf, size_t size);

#endif /* SM_IDENTITY_H_ */
