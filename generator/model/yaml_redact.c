/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "yaml_redact.h"
#include "base/text.h"

#include <stdbool.h>
#include <string.h>

/** Longest key looked at as a whole before a ':' or '='. */
#define KEY_TOKEN_MAX 128

/** Flow collections whose brackets are remembered on one line. */
#define OPEN_MAX 16

/** The text being scanned and where the ranges go. */
typedef struct {
	const char *t;
	size_t len;
	sm_diag_hide_t hide;
	void *ctx;
} scan_t;

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* offset of the '\n' that ends the line holding i, or len */
static size_t line_end(const scan_t *s, size_t i)
{
	const char *nl;

	if (i >= s->len)
	{
		return s->len;
	}
	nl = memchr(s->t + i, '\n', s->len - i);
	return nl ? (size_t)(nl - s->t) : s->len;
}

/* hide [a, b) of one line, without the CR of a CRLF line end */
static void hide_line(const scan_t *s, size_t a, size_t b)
{
	if (b > a && b < s->len && s->t[b] == '\n' && s->t[b - 1] == '\r')
	{
		b--;
	}
	if (a < b)
	{
		s->hide(s->ctx, a, b);
	}
}

/*
 * Hide [a, b), but leave up to keep spaces of indentation visible at the
 * start of each line after the first: they are never part of the value.
 */
static void hide_lines(const scan_t *s, size_t a, size_t b, size_t keep)
{
	size_t le, k;

	while (a < b)
	{
		le = line_end(s, a);
		if (le >= b)
		{
			hide_line(s, a, b);
			return;
		}
		hide_line(s, a, le);
		for (a = le + 1, k = 0; k < keep && a < b && s->t[a] == ' '; k++)
		{
			a++;
		}
	}
}

/* end of the quoted scalar whose opening quote is at i, or len */
static size_t quoted_end(const scan_t *s, size_t i)
{
	char q = s->t[i];

	for (i++; i < s->len; i++)
	{
		if (q == '"' && s->t[i] == '\\')
		{
			i++;
		}
		else if (s->t[i] == q)
		{
			/* '' is a quote inside single quotes */
			if (q == '\'' && i + 1 < s->len && s->t[i + 1] == '\'')
			{
				i++;
				continue;
			}
			return i + 1;
		}
	}
	return s->len;
}

/* end of the flow collection whose opening bracket is at i, or len */
static size_t bracket_end(const scan_t *s, size_t i)
{
	size_t depth = 0;

	while (i < s->len)
	{
		switch (s->t[i])
		{
			case '"':
			case '\'':
				/* an apostrophe in a plain value hides more: fine */
				i = quoted_end(s, i);
				continue;
			case '[':
			case '{':
				depth++;
				break;
			case ']':
			case '}':
				if (--depth == 0)
				{
					return i + 1;
				}
				break;
			default:
				break;
		}
		i++;
	}
	return s->len;
}

/* whether only blanks and then the end of the line, a comment, a closing
 * bracket or a ',' follow i */
static bool ends_here(const scan_t *s, size_t i)
{
	while (i < s->len && blank(s->t[i]))
	{
		i++;
	}
	return i >= s->len || strchr(",]}\r\n#", s->t[i]);
}

/* whether the flow entry starting at i is a "key: value" pair, or nothing
 * before a closing bracket that ends things */
static bool entry_is_pair(const scan_t *s, size_t i)
{
	bool empty = true;

	for (; i < s->len; i++)
	{
		switch (s->t[i])
		{
			case ':':
				/* a key, then ": " (or ':' right after a quoted key) */
				if (!empty && (ends_here(s, i + 1) || blank(s->t[i + 1]) ||
							   s->t[i - 1] == '"' || s->t[i - 1] == '\''))
				{
					return true;
				}
				empty = false;
				break;
			case ',':
				/* "a,,b" or "a,b,": no pair */
				return false;
			case ']':
			case '}':
				/* a ',' before the end is allowed */
				return empty && ends_here(s, i + 1);
			case ' ':
			case '\t':
			case '\r':
			case '\n':
				break;
			default:
				empty = false;
				break;
		}
	}
	return empty;
}

/* whether a closing bracket can end a flow value: only the end of the
 * line, a comment, another closing bracket or a ',' and a pair may follow */
static bool closes(const scan_t *s, size_t i)
{
	while (i < s->len && blank(s->t[i]))
	{
		i++;
	}
	if (i < s->len && s->t[i] == ',')
	{
		return entry_is_pair(s, i + 1);
	}
	return i >= s->len || strchr("]}\r\n#", s->t[i]);
}

/*
 * End of a plain value in a flow collection: the next ',' or closing
 * bracket.  A ',' followed by no "key:" ("a,b") and a bracket followed by
 * more text ("a]b") are taken for parts of a value that should have been
 * quoted: err on hiding.
 */
static size_t flow_plain_end(const scan_t *s, size_t i)
{
	while (i < s->len)
	{
		switch (s->t[i])
		{
			case ',':
				if (!entry_is_pair(s, i + 1))
				{
					break;
				}
				return i;
			case ']':
			case '}':
				if (!closes(s, i + 1))
				{
					break;
				}
				return i;
			case '[':
			case '{':
				i = bracket_end(s, i);
				continue;
			default:
				break;
		}
		i++;
	}
	return s->len;
}

/*
 * Whether a line that is not indented deeper than a secret's key (from its
 * first character at i to its end at le) goes on with the YAML around it:
 * a key, a list item, a document marker.  Anything else (a broken
 * indentation, a stray character, text without a ':', a comment, which may
 * hold a commented-out part) is taken for more of the secret: err on
 * hiding.
 */
static bool structure(const scan_t *s, size_t i, size_t le)
{
	const char *t = s->t;
	size_t j;

	if ((t[i] == '-' || t[i] == '?') &&
		(i + 1 == le || blank(t[i + 1]) || t[i + 1] == '\r'))
	{
		return true;
	}
	if (le - i >= 3 && (!memcmp(t + i, "---", 3) || !memcmp(t + i, "...", 3)))
	{
		return true;
	}
	for (j = i + 1; j < le; j++)
	{
		if (t[j] == ':' && (j + 1 == le || blank(t[j + 1]) || t[j + 1] == '\r'))
		{
			return true;
		}
	}
	return false;
}

/*
 * Hide the lines after the one that ends at i which continue a block value
 * whose key is at column col: blank lines, lines indented deeper, lines
 * that are not YAML structure (see structure()), and with items, list
 * items at the key's column.
 * Returns the end of the last of them.
 */
static size_t block_lines(const scan_t *s, size_t i, size_t col, bool items)
{
	size_t ls, le, ind;
	const char *t = s->t;

	while (i < s->len)
	{
		ls = i + 1;
		le = line_end(s, ls);
		for (ind = 0; ls + ind < le && t[ls + ind] == ' '; ind++)
		{
		}
		if (ls + ind < le && t[ls + ind] != '\r' && ind <= col &&
			structure(s, ls + ind, le) &&
			!(items && ind == col && t[ls + ind] == '-'))
		{
			break;
		}
		hide_line(s, ls + (ind < col + 1 ? ind : col + 1), le);
		i = le;
	}
	return i;
}

/*
 * Hide a value that starts at v (its first character after the indicator
 * and blanks) of a key at column col, in the flow collection opened by
 * opener (0: block context); plain: there was no indicator, the value can
 * only be plain text.  Returns where scanning goes on.
 */
static size_t hide_value(const scan_t *s, size_t v, size_t col, char opener,
						 bool plain)
{
	const char *t = s->t;
	size_t start = v, le = line_end(s, v), e;

	/* an anchor or tag before the value: hidden with it */
	while (!plain && v < le && (t[v] == '&' || t[v] == '!'))
	{
		while (v < le && !blank(t[v]))
		{
			v++;
		}
		while (v < le && blank(t[v]))
		{
			v++;
		}
	}
	if (v >= le || t[v] == '#' || t[v] == '\r')
	{
		/* nothing on the key's line: the value follows on the next ones */
		if (opener)
		{
			e = flow_plain_end(s, v);
			hide_lines(s, start, e, col + 1);
			return e;
		}
		hide_line(s, start, le);
		return block_lines(s, le, col, true);
	}
	if (opener && (t[v] == ',' || t[v] == ']' || t[v] == '}'))
	{
		if (plain)
		{
			/* "[password, x]": a word in a list */
			return v;
		}
		/* empty, or broken ("password:]hunter2"): the rest of the line */
		hide_line(s, start, le);
		return le;
	}
	if (!plain && (t[v] == '"' || t[v] == '\'' || t[v] == '[' || t[v] == '{'))
	{
		e = t[v] == '[' || t[v] == '{' ? bracket_end(s, v) : quoted_end(s, v);
		if (opener)
		{
			hide_lines(s, start, e, col + 1);
			return e;
		}
		/* and whatever follows it on its last line, and the lines that
		 * would go on with it if it had ended sooner */
		e = line_end(s, e);
		hide_lines(s, start, e, col + 1);
		return block_lines(s, e, col, false);
	}
	if (opener)
	{
		e = flow_plain_end(s, v);
		hide_lines(s, start, e, col + 1);
		return e;
	}
	/* a plain value or a block scalar ('|', '>'): the rest of the line and
	 * the lines that continue it */
	hide_line(s, start, le);
	return block_lines(s, le, col, false);
}

/** What the scanner guesses about where it is. */
typedef struct {
	/** start of the current line */
	size_t ls;
	/** flow collections opened on this line, innermost last */
	char open[OPEN_MAX];
	size_t depth;
	/** inside a quoted scalar: its quote */
	char quote;
	bool comment;
	/** the last character that is not blank on this line, 0 if none */
	char prev;
} state_t;

/* the innermost flow collection's bracket where flow rules apply, else 0 */
static char opener(const state_t *st)
{
	if (!st->depth || st->quote || st->comment)
	{
		return 0;
	}
	return st->open[(st->depth < OPEN_MAX ? st->depth : OPEN_MAX) - 1];
}

/* go on at e after hiding a value that started at from */
static size_t resume(const scan_t *s, state_t *st, size_t from, size_t e)
{
	if (e > from && memchr(s->t + from, '\n', e - from))
	{
		/* the value went on over lines: start afresh on this one */
		for (st->ls = e; st->ls > from && s->t[st->ls - 1] != '\n'; st->ls--)
		{
		}
		st->depth = 0;
		st->quote = 0;
		st->comment = false;
	}
	st->prev = e > from ? s->t[e - 1] : st->prev;
	return e;
}

/*
 * A secret word ends at we: if a value follows, hide it and return where
 * scanning goes on, else return we.  col: the word's column; keypos: it is
 * where a key starts.
 */
static size_t site(const scan_t *s, state_t *st, size_t we, size_t col,
				   bool keypos)
{
	const char *t = s->t;
	size_t p = we, q;

	/* the closing quote of a quoted key */
	if (p < s->len && (t[p] == '"' || t[p] == '\''))
	{
		if (st->quote == t[p])
		{
			st->quote = 0;
		}
		p++;
	}
	for (q = p; q < s->len && blank(t[q]); q++)
	{
	}
	if (q < s->len && (t[q] == ':' || t[q] == '='))
	{
		for (q++; q < s->len && blank(t[q]); q++)
		{
		}
		return hide_value(s, q, col, opener(st), false);
	}
	/* "password hunter2": a key that lacks its ':', or a broken one */
	if (keypos && q < s->len && t[q] != '\n' && t[q] != '\r' &&
		(t[q] != '#' || q == p))
	{
		return hide_value(s, q, col, opener(st), true);
	}
	return we;
}

/*
 * Whether the key before an indicator at i names a secret as a whole: the
 * non-blank characters before it (and its blanks), back to a blank, the
 * start of the line, '{', '[' or ','.  *start receives where it starts.
 */
static bool key_token(const scan_t *s, size_t ls, size_t i, size_t *start)
{
	size_t end = i, j;

	while (end > ls && blank(s->t[end - 1]))
	{
		end--;
	}
	for (j = end; j > ls && end - j < KEY_TOKEN_MAX && !blank(s->t[j - 1]) &&
				  !strchr("{[,", s->t[j - 1]);
		 j--)
	{
	}
	*start = j;
	return j < end && sm_secret_word(s->t + j, end - j);
}

/* whether a quote or bracket at the current place starts a token */
static bool token_start(const state_t *st)
{
	return !st->prev || strchr(":-?[{,", st->prev);
}

/* track quotes, comments and brackets for the character at i */
static size_t track(const scan_t *s, state_t *st, size_t i)
{
	char c = s->t[i];

	if (st->comment)
	{
		return i + 1;
	}
	if (st->quote)
	{
		if (c == '\\' && st->quote == '"')
		{
			return i + 2;
		}
		if (c == st->quote)
		{
			if (st->quote == '\'' && i + 1 < s->len && s->t[i + 1] == '\'')
			{
				return i + 2;
			}
			st->quote = 0;
		}
		return i + 1;
	}
	switch (c)
	{
		case '#':
			st->comment = i == st->ls || blank(s->t[i - 1]);
			break;
		case '"':
		case '\'':
			if (token_start(st))
			{
				st->quote = c;
			}
			break;
		case '[':
		case '{':
			if (st->depth || token_start(st))
			{
				if (st->depth < OPEN_MAX)
				{
					st->open[st->depth] = c;
				}
				st->depth++;
			}
			break;
		case ']':
		case '}':
			if (st->depth)
			{
				st->depth--;
			}
			break;
		default:
			break;
	}
	if (!blank(c))
	{
		st->prev = c;
	}
	return i + 1;
}

void sm_yaml_redact(const char *text, size_t len, sm_diag_hide_t hide,
					void *ctx)
{
	scan_t s = {text, len, hide, ctx};
	state_t st = {.ls = 0};
	size_t i = 0, ws, e;
	char c;

	while (i < len)
	{
		c = text[i];
		if (c == '\n')
		{
			/* a flow collection may go on, but guessing it ends is safer:
			 * block rules hide more */
			st = (state_t){.ls = ++i};
			continue;
		}
		if (sm_word_byte((unsigned char)c))
		{
			for (ws = i; i < len && sm_word_byte((unsigned char)text[i]); i++)
			{
			}
			if (sm_secret_word(text + ws, i - ws))
			{
				e = site(&s, &st, i, ws - st.ls,
						 !st.comment &&
							 (!st.prev || strchr("-?[{,\"'", st.prev)));
				i = resume(&s, &st, i, e);
				continue;
			}
			st.prev = text[i - 1];
			continue;
		}
		if ((c == ':' || c == '=') && key_token(&s, st.ls, i, &ws))
		{
			/* a key whose words alone do not tell: 'nt_"ash' */
			for (e = i + 1; e < len && blank(text[e]); e++)
			{
			}
			e = hide_value(&s, e, ws - st.ls, opener(&st), false);
			i = resume(&s, &st, i, e > i ? e : i + 1);
			continue;
		}
		i = track(&s, &st, i);
	}
}
