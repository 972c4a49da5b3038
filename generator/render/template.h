/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file template.h
 * A small logic-less template language for the generated files (the text of
 * every file lives in templates/):
 *
 *   {{name}}             the value of name, escaped for where it stands
 *   {{#name}}...{{/name}}  repeated for each item of the list name, or shown
 *                        once when name is a true flag or a non-empty value
 *   {{^name}}...{{/name}}  shown when name is false, empty or an empty list
 *   {{! comment }}       removed
 *
 * A line holding nothing but a section or comment tag disappears entirely.
 * Names are looked up in the current list item, then in the enclosing ones.
 * Using a name that was never defined is an error, so a template typo never
 * produces a silently empty setting.
 *
 * Values are never written as they are: every template has a syntax, and
 * the engine follows the syntax of what it has written so far to escape
 * each value for the place it lands in, or fails.  There is no way to write
 * a value unescaped.  For SM_SYNTAX_SETTINGS (strongswan.conf(5) and
 * swanctl.conf(5), read by strongSwan's settings parser):
 *
 *   in a comment         control characters, bytes that are not UTF-8 and
 *                        '\' are written as \xNN and \\: no line break
 *                        can end the comment
 *   a whole value        after '=' and blanks, followed by a blank, a line
 *                        break, '#' or '}': written bare when it is words of
 *                        letters, digits and ".-_@:/%+=*," separated by
 *                        single spaces, else in double quotes with '"', '\'
 *                        and control characters escaped (sm_conf_quote())
 *   part of a value      next to other text ("{{delay}}s", "0x{{hash}}"):
 *                        only letters, digits and ".-_@:/%+=*," are
 *                        accepted, anything else is an error
 *   a section or key name  only letters, digits, '-' and '_', not empty
 *   anywhere else        (inside a quoted string, an include pattern, after
 *                        a syntax error of the template): an error
 *
 * For SM_SYNTAX_NFT (nft(8) rulesets, nft's lexer): in a comment as above;
 * in a quoted string only printable ASCII without '"' and '\' (nft has no
 * escapes there), a final '*' written as "\*"; anywhere else one word (an
 * address or network in canonical form, a decimal number or range, or a
 * name) or an error (template_nft.h).
 * The syntaxes of client profiles (XML, JSON, PowerShell, GLib key files)
 * follow the same principle; their rules are in template_ctx.h.
 */
#ifndef SM_TEMPLATE_H_
#define SM_TEMPLATE_H_

#include "base/diag.h"

#include <stdbool.h>
#include <stddef.h>

/** The syntax of a template's output, which says how values are escaped. */
typedef enum {
	/** strongswan.conf and swanctl.conf: strongSwan's settings parser */
	SM_SYNTAX_SETTINGS,
	/** nft(8) rulesets: nft's lexer (a comment, a quoted string or one
	 *  word; see template_nft.h) */
	SM_SYNTAX_NFT,
	/** XML 1.0, such as Apple's property lists (.mobileconfig) */
	SM_SYNTAX_XML,
	/** JSON (RFC 8259), such as the strongSwan Android app's .sswan */
	SM_SYNTAX_JSON,
	/** a Windows PowerShell script (.ps1) */
	SM_SYNTAX_POWERSHELL,
	/** a GLib key file, such as a NetworkManager connection */
	SM_SYNTAX_KEYFILE,
} sm_syntax_t;

/** Values for one rendering: strings, flags and lists of nested values. */
typedef struct sm_tvars_t sm_tvars_t;

/**
 * Create an empty set of values.
 *
 * @return			new set (must be destroyed), NULL if out of memory
 */
sm_tvars_t *sm_tvars_create(void);

/**
 * Destroy a set and all its lists; NULL is fine.
 */
void sm_tvars_destroy(sm_tvars_t *vars);

/**
 * Set a string value (cloned); replaces an earlier value of the same name.
 *
 * @return			false if out of memory
 */
bool sm_tvars_set(sm_tvars_t *vars, const char *name, const char *value);

/**
 * Set a string value from a printf format.
 */
bool sm_tvars_setf(sm_tvars_t *vars, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Set a flag for sections.
 */
bool sm_tvars_flag(sm_tvars_t *vars, const char *name, bool value);

/**
 * Declare the list name (empty until items are added).
 */
bool sm_tvars_list(sm_tvars_t *vars, const char *name);

/**
 * Append an item to the list name, declaring the list if needed.
 *
 * @return			the new item (internal data, owned by vars), NULL if
 *					out of memory
 */
sm_tvars_t *sm_tvars_add(sm_tvars_t *vars, const char *name);

/**
 * Render a template, escaping every value for where it lands.
 *
 * @param tmpl		template text
 * @param len		length of tmpl
 * @param file		name for error messages (and sm_diag_source)
 * @param syntax	the syntax of the output
 * @param vars		values (raw: the engine escapes them)
 * @param out		receives the rendered text, NUL-terminated (must be freed)
 * @param out_len	receives its length (may be NULL)
 * @param diag		receives errors with template positions
 * @return			true on success
 */
bool sm_template_render(const char *tmpl, size_t len, const char *file,
						sm_syntax_t syntax, const sm_tvars_t *vars, char **out,
						size_t *out_len, sm_diag_t *diag);

/**
 * Quote a value for swanctl.conf/strongswan.conf when it needs it: words of
 * letters, digits and ".-_@:/%+=*," separated by single spaces stay bare
 * (strongSwan's parser reads them back as they are), anything else is put
 * in double quotes with backslash and quote escaped and line breaks and
 * tabs written as \n, \r, \t.
 *
 * @param value		the value
 * @return			allocated string (must be freed), NULL if out of memory
 */
char *sm_conf_quote(const char *value);

#endif /* SM_TEMPLATE_H_ */
