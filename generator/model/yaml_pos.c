/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the YAML reader's positions and secrets: libyaml's marks as line and
 * column, its errors as diagnostics, which values are secrets, and the
 * ranges of the text they hide in quoted lines */
#include "config.h"

#include "yaml_reader_int.h"
#include "base/text.h"

#include <stdint.h>
#include <string.h>

/* start of 1-based line in the text, NULL if there is no such line */
static const char *line_start(const reader_t *r, size_t line)
{
	const char *p = r->text, *end = r->text + r->len;

	while (line > 1)
	{
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
		{
			return NULL;
		}
		p++;
		line--;
	}
	return p;
}

/*
 * Byte offset of a mark.  libyaml counts characters, and lines as YAML
 * does (a lone CR, NEL, LS and PS break lines too), while positions count
 * lines as '\n' ends them, as the quoted source lines do: walk the text
 * from the last mark (they come in order) to its index.
 */
size_t sm_yr_mark_offset(reader_t *r, yaml_mark_t mark)
{
	const char *t = r->text;

	if (mark.index < r->mark_index)
	{
		r->mark_index = 0;
		r->mark_off = 0;
		r->mark_line = 1;
		r->mark_col = 1;
	}
	while (r->mark_index < mark.index && r->mark_off < r->len)
	{
		/* eight ASCII characters without a line break at once */
		if (mark.index - r->mark_index >= 8 && r->len - r->mark_off >= 8)
		{
			uint64_t w, nl;

			memcpy(&w, t + r->mark_off, 8);
			/* no byte >= 0x80, no byte equal to '\n' */
			nl = w ^ 0x0a0a0a0a0a0a0a0aULL;
			if (!(w & 0x8080808080808080ULL) &&
				!((nl - 0x0101010101010101ULL) & ~nl & 0x8080808080808080ULL))
			{
				r->mark_off += 8;
				r->mark_index += 8;
				r->mark_col += 8;
				continue;
			}
		}
		if (t[r->mark_off] == '\n')
		{
			r->mark_line++;
			r->mark_col = 0;
		}
		for (r->mark_off++; r->mark_off < r->len &&
							sm_utf8_cont((unsigned char)t[r->mark_off]);
			 r->mark_off++)
		{
		}
		r->mark_index++;
		r->mark_col++;
	}
	return r->mark_off;
}

/*
 * Hide [start, end) in quoted lines, except the blanks and line breaks that
 * end it (block collections end where the next token starts) and up to
 * keep spaces of indentation on the lines after the first.
 */
void sm_yr_hide(reader_t *r, size_t start, size_t end, size_t keep)
{
	const char *t = r->text, *nl;
	size_t k;

	while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' ||
						   t[end - 1] == '\r' || t[end - 1] == '\n'))
	{
		end--;
	}
	while (start < end)
	{
		nl = memchr(t + start, '\n', end - start);
		if (!nl)
		{
			sm_diag_hide(r->diag, r->file, start, end);
			return;
		}
		sm_diag_hide(r->diag, r->file, start, (size_t)(nl - t));
		for (start = (size_t)(nl - t) + 1, k = 0;
			 k < keep && start < end && t[start] == ' '; k++)
		{
			start++;
		}
	}
}

/* indentation kept visible on the lines of a value of a key in frame f */
size_t sm_yr_keep_of(const reader_t *r, const frame_t *f)
{
	const vec_t *v = &r->vecs[f->vec];

	/* the key's column: deeper spaces may be part of a block scalar */
	return v->n ? v->items[v->n - 1]->pos.col : 0;
}

/* after a fatal error: hide from a secret being read to the end */
void sm_yr_hide_pending(reader_t *r)
{
	const frame_t *f;
	size_t i, p;

	for (i = 0; i < r->depth; i++)
	{
		f = &r->stack[i];
		if (f->secret)
		{
			sm_yr_hide(r, f->secret_start, r->len, f->keep);
			return;
		}
		if (f->key_secret)
		{
			/* from the value on, after the ':' of its key */
			for (p = f->key_end;
				 p < r->len &&
				 (r->text[p] == ' ' || r->text[p] == '\t' || r->text[p] == ':');
				 p++)
			{
			}
			sm_yr_hide(r, p, r->len, sm_yr_keep_of(r, f));
			return;
		}
	}
}

/* the position of a mark; marks past the last character (an unclosed
 * bracket) point just after it */
sm_pos_t sm_yr_mark_pos(reader_t *r, yaml_mark_t mark)
{
	sm_pos_t pos = sm_nopos(r->file);

	if (sm_yr_mark_offset(r, mark) >= r->end)
	{
		return r->last;
	}
	if (r->mark_line < UINT32_MAX && r->mark_col < UINT32_MAX)
	{
		pos.line = (unsigned int)r->mark_line;
		pos.col = (unsigned int)r->mark_col;
	}
	return pos;
}

/* the byte a position points at, or NUL */
static char char_at(const reader_t *r, sm_pos_t pos)
{
	const char *p = line_start(r, pos.line), *end = r->text + r->len;
	unsigned int col = 1;

	if (!p)
	{
		return '\0';
	}
	while (p < end && *p != '\n' && col < pos.col)
	{
		p++;
		/* columns count characters, not bytes */
		while (p < end && sm_utf8_cont((unsigned char)*p))
		{
			p++;
		}
		col++;
	}
	return p < end ? *p : '\0';
}

/* position of a byte offset (reader errors report offsets) */
sm_pos_t sm_yr_offset_pos(const reader_t *r, size_t offset)
{
	sm_pos_t pos = {r->file, 1, 1};
	const char *p, *start = r->text;

	if (offset > r->len)
	{
		offset = r->len;
	}
	for (p = r->text; p < r->text + offset; p++)
	{
		if (*p == '\n')
		{
			pos.line++;
			start = p + 1;
		}
	}
	pos.col = (unsigned int)sm_utf8_chars(start, (size_t)(p - start)) + 1;
	return pos;
}

/* reader errors: bad UTF-8 or characters YAML does not allow */
static void report_reader(reader_t *r, const yaml_parser_t *parser)
{
	const char *problem = parser->problem ? parser->problem : "unknown error";
	size_t off = parser->problem_offset, i;
	int value = parser->problem_value;

	if (off > r->len)
	{
		off = r->len;
	}
	if (strstr(problem, "UTF-8"))
	{
		/* libyaml points at the bad byte of a sequence: show where the
		 * sequence starts, and its first byte */
		for (i = 0;
			 i < 3 && off > 0 &&
			 (off == r->len || ((unsigned char)r->text[off] & 0xc0) != 0xc0) &&
			 ((unsigned char)r->text[off - 1] & 0x80);
			 i++)
		{
			off--;
		}
		if (off < r->len && (unsigned char)r->text[off] >= 0x80)
		{
			value = (unsigned char)r->text[off];
		}
		sm_error(r->diag, sm_yr_offset_pos(r, off),
				 "invalid YAML: %s (byte "
				 "0x%02X); the file must be UTF-8",
				 problem, (unsigned int)(value & 0xff));
	}
	else if (value >= 0)
	{
		sm_error(r->diag, sm_yr_offset_pos(r, off), "invalid YAML: %s (U+%04X)",
				 problem, (unsigned int)value);
	}
	else
	{
		sm_error(r->diag, sm_yr_offset_pos(r, off), "invalid YAML: %s",
				 problem);
	}
}

void sm_yr_report_libyaml(reader_t *r, const yaml_parser_t *parser)
{
	sm_pos_t pos, ctx;
	const char *problem = parser->problem ? parser->problem : "unknown error";

	switch (parser->error)
	{
		case YAML_MEMORY_ERROR:
			sm_error(r->diag, sm_nopos(r->file),
					 "out of memory while reading YAML");
			break;
		case YAML_READER_ERROR:
			report_reader(r, parser);
			break;
		case YAML_SCANNER_ERROR:
		case YAML_PARSER_ERROR:
			pos = sm_yr_mark_pos(r, parser->problem_mark);
			if (char_at(r, pos) == '\t')
			{
				sm_error(r->diag, pos,
						 "invalid YAML: found a tab character "
						 "where a token or indentation was expected; indent "
						 "with spaces, YAML does not allow tabs");
				break;
			}
			if (!parser->context)
			{
				sm_error(r->diag, pos, "invalid YAML: %s", problem);
				break;
			}
			ctx = sm_yr_mark_pos(r, parser->context_mark);
			if (ctx.line == pos.line && ctx.col == pos.col)
			{
				sm_error(r->diag, pos, "invalid YAML: %s (%s)", problem,
						 parser->context);
			}
			else
			{
				sm_error(r->diag, pos,
						 "invalid YAML: %s (%s that started at "
						 "line %u, column %u)",
						 problem, parser->context, ctx.line, ctx.col);
			}
			break;
		default:
			sm_error(r->diag, sm_nopos(r->file), "invalid YAML: %s", problem);
			break;
	}
	r->fatal = true;
}

/* sm_secret_word_end() of a key, remembered for short ones */
static size_t secret_key_end(reader_t *r, const char *key, size_t len)
{
	size_t i, end;

	if (len > KEY_CACHE_LEN)
	{
		return sm_secret_word_end(key, len);
	}
	for (i = 0; i < KEY_CACHE; i++)
	{
		if (r->keys[i].len == len && !memcmp(r->keys[i].key, key, len))
		{
			return r->keys[i].end;
		}
	}
	end = sm_secret_word_end(key, len);
	i = r->next_key++ % KEY_CACHE;
	memcpy(r->keys[i].key, key, len);
	r->keys[i].len = len;
	r->keys[i].end = end;
	return end;
}

/*
 * Keep track of secrets for a node about to be attached: a key that names
 * a secret makes its value secret, and everything inside that value.
 * Scalars are hidden here, collections when they end.  Returns whether the
 * node starts the value of a secret key.
 */
bool sm_yr_track_secret(reader_t *r, sm_yaml_node_t *node,
						const yaml_event_t *ev)
{
	frame_t *f;
	size_t start, end;

	if (!r->depth)
	{
		return false;
	}
	f = &r->stack[r->depth - 1];
	if (f->secret)
	{
		/* the collection's owner hides all of it */
		node->flags |= SM_YAML_SECRET;
		return false;
	}
	if (f->node->kind != SM_YAML_MAPPING)
	{
		return false;
	}
	if (r->vecs[f->vec].n % 2 == 0)
	{
		/* a key */
		f->key_secret = false;
		if (node->kind != SM_YAML_SCALAR)
		{
			return false;
		}
		end = secret_key_end(r, node->scalar.text, node->scalar.len);
		if (!end)
		{
			return false;
		}
		start = sm_yr_mark_offset(r, ev->start_mark);
		f->key_secret = true;
		f->key_end = sm_yr_mark_offset(r, ev->end_mark);
		if (end < node->scalar.len)
		{
			/* "password hunter2": a value may have been written into the
			 * key; the text of a plain one-line key is its source */
			if ((node->flags & SM_YAML_PLAIN) &&
				(node->flags & SM_YAML_ONELINE))
			{
				start += end;
			}
			sm_yr_hide(r, start, f->key_end, 0);
		}
		return false;
	}
	if (!f->key_secret)
	{
		return false;
	}
	f->key_secret = false;
	node->flags |= SM_YAML_SECRET;
	if (node->kind == SM_YAML_SCALAR)
	{
		start = sm_yr_mark_offset(r, ev->start_mark);
		sm_yr_hide(r, start, sm_yr_mark_offset(r, ev->end_mark),
				   sm_yr_keep_of(r, f));
	}
	return true;
}
