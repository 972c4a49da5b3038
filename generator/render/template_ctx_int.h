/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The states of the lexers of template_ctx.c (sm_tctx_t.state, one enum
 * per syntax), which the escapers of template_escape.c read: internal to
 * the two.
 */
#ifndef SM_TEMPLATE_CTX_INT_H_
#define SM_TEMPLATE_CTX_INT_H_

#include <stdbool.h>

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

/* JSON's white space between tokens */
static inline bool json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#endif /* SM_TEMPLATE_CTX_INT_H_ */
