/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printing diagnostics: each with its source line (hidden ranges
 * redacted, cut around the caret) and a caret, then a count; or as JSON */
#include "config.h"

#include "diag_int.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/** Output collected before sm_diag_print() writes it. */
#define SPILL_SIZE ((size_t)64 << 10)

/** Where the last quoted line started: diagnostics come in line order. */
typedef struct {
	const source_t *src;
	unsigned int line;
	size_t off;
} cursor_t;

/* offset of the start of a 1-based line, SIZE_MAX if there is none */
static size_t line_offset(cursor_t *c, const source_t *src, unsigned int line)
{
	const char *p;

	if (c->src != src || c->line > line)
	{
		c->src = src;
		c->line = 1;
		c->off = 0;
	}
	while (c->line < line)
	{
		p = memchr(src->text + c->off, '\n', src->len - c->off);
		if (!p)
		{
			return SIZE_MAX;
		}
		c->off = (size_t)(p - src->text) + 1;
		c->line++;
	}
	return c->off < src->len ? c->off : SIZE_MAX;
}

/* a character is a byte and the continuation bytes after it, as columns
 * count them; returns its length */
static size_t char_len(const char *p, const char *end)
{
	const char *q = p + 1;

	while (q < end && sm_utf8_cont((unsigned char)*q))
	{
		q++;
	}
	return (size_t)(q - p);
}

/* whether a character is shown as it is; its width in columns (-1: tab) */
static bool showable(const char *p, size_t len, int *width)
{
	uint32_t cp;

	*width = 1;
	if (sm_utf8_decode((const unsigned char *)p, len, &cp) != len)
	{
		return false;
	}
	if (cp == '\t')
	{
		*width = -1;
		return true;
	}
	/* C0 and C1 controls, DEL, bidirectional embeddings and isolates */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200e ||
		cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		(cp >= 0x2066 && cp <= 0x2069))
	{
		return false;
	}
	*width = sm_char_width(cp);
	return true;
}

/** The caret line: padding as wide as what it stands under, then '^'. */
typedef struct {
	/* at most the widest thing shown per character, and the "..." */
	char s[(2 * SM_DIAG_CONTEXT + 2) * sizeof(SM_DIAG_REDACTED) + 16];
	size_t len;
	bool done;
} caret_t;

static void pad(caret_t *c, int width)
{
	if (c->done)
	{
		return;
	}
	if (width < 0)
	{
		c->s[c->len++] = '\t';
	}
	for (; width > 0; width--)
	{
		c->s[c->len++] = ' ';
	}
}

/* print the source line of pos, cut around the caret and with its hidden
 * ranges replaced, and a caret under its column */
static void print_context(const sm_diag_t *diag, cursor_t *cur,
						  const sm_pos_t *pos, FILE *out)
{
	source_t *src = sm_diag_find_source(diag, pos->file);
	const char *text, *nl;
	size_t ls, le, at, ws, we, q, n, h, k;
	caret_t c = {.len = 0};
	unsigned int col;
	int width;

	if (!src || !src->text || pos->line == 0)
	{
		return;
	}
	sm_diag_prepare_hidden(src);
	if (src->hide_all)
	{
		return;
	}
	ls = line_offset(cur, src, pos->line);
	if (ls == SIZE_MAX)
	{
		return;
	}
	text = src->text;
	nl = memchr(text + ls, '\n', src->len - ls);
	le = nl ? (size_t)(nl - text) : src->len;
	/* a CRLF line ends before its CR */
	if (nl && le > ls && text[le - 1] == '\r')
	{
		le--;
	}
	/* the caret's character: columns count characters */
	for (at = ls, col = 1; col < pos->col && at < le; col++)
	{
		at += char_len(text + at, text + le);
	}
	/* at most SM_DIAG_CONTEXT characters either side of it */
	for (ws = at, k = 0; k < SM_DIAG_CONTEXT && ws > ls; k++)
	{
		for (ws--; ws > ls && sm_utf8_cont((unsigned char)text[ws]); ws--)
		{
		}
	}
	for (we = at, k = 0; k <= SM_DIAG_CONTEXT && we < le; k++)
	{
		we += char_len(text + we, text + le);
	}
	fputs(ws > ls ? "  ..." : "  ", out);
	pad(&c, ws > ls ? 5 : 2);
	h = sm_diag_first_hidden(src, ws);
	for (q = ws; q < we;)
	{
		n = char_len(text + q, text + le);
		if (h < src->n_hidden && src->hidden[h].end <= q)
		{
			h++;
			continue;
		}
		if (h < src->n_hidden && src->hidden[h].start < q + n)
		{
			/* the caret points at what it hides */
			c.done |= at < src->hidden[h].end;
			fputs(SM_DIAG_REDACTED, out);
			pad(&c, (int)strlen(SM_DIAG_REDACTED));
			q = src->hidden[h++].end;
			continue;
		}
		c.done |= q >= at;
		if (showable(text + q, n, &width))
		{
			fwrite(text + q, 1, n, out);
		}
		else
		{
			fputc('?', out);
		}
		pad(&c, width);
		q += n;
	}
	if (q < le)
	{
		fputs("...", out);
	}
	fputc('\n', out);
	if (pos->col)
	{
		c.s[c.len++] = '^';
	}
	c.s[c.len++] = '\n';
	fwrite(c.s, 1, c.len, out);
}

/* write text, control characters and bytes that are not UTF-8 as \xNN */
static void put_escaped(FILE *out, const char *s)
{
	const char *end = s + strlen(s);
	size_t n;
	int width;

	while (s < end)
	{
		n = char_len(s, end);
		if (showable(s, n, &width) && width >= 0)
		{
			fwrite(s, 1, n, out);
			s += n;
			continue;
		}
		/* the first byte only: what follows may be fine */
		fprintf(out, "\\x%02x", (unsigned char)*s);
		s++;
	}
}

/** The output of sm_diag_print(), collected and written in large pieces. */
typedef struct {
	/** where it all goes */
	FILE *final;
	/** an open_memstream() collecting it, NULL to write to final at once */
	FILE *mem;
	char *buf;
	size_t len;
} spill_t;

/* write what was collected once it is large (thousands of warnings) */
static void spill(spill_t *s, bool last)
{
	if (!s->mem || fflush(s->mem) != 0 || (!last && s->len < SPILL_SIZE))
	{
		return;
	}
	fwrite(s->buf, 1, s->len, s->final);
	/* open_memstream()'s size follows the position */
	fseek(s->mem, 0, SEEK_SET);
}

static void print_all(sm_diag_t *diag, FILE *out, spill_t *s)
{
	size_t i, errors = 0, hidden = 0, warnings;
	cursor_t cur = {0};

	sm_diag_sort(diag);
	for (i = 0; i < diag->n_entries; i++)
	{
		const entry_t *e = &diag->entries[i];

		if (e->severity == SM_ERROR && ++errors > SM_DIAG_PRINT_MAX)
		{
			hidden++;
			continue;
		}
		if (e->pos.file)
		{
			put_escaped(out, e->pos.file);
			if (e->pos.line)
			{
				fprintf(out, ":%u:%u", e->pos.line, e->pos.col);
			}
			fputs(": ", out);
		}
		fputs(e->severity == SM_ERROR ? "error: " : "warning: ", out);
		put_escaped(out, e->message);
		fputc('\n', out);
		print_context(diag, &cur, &e->pos, out);
		spill(s, false);
	}
	if (diag->oom)
	{
		fprintf(out, "error: out of memory while collecting diagnostics\n");
	}
	if (hidden)
	{
		fprintf(out, "... %zu more error%s not shown\n", hidden,
				hidden == 1 ? "" : "s");
	}
	errors = sm_diag_count(diag, SM_ERROR);
	warnings = sm_diag_count(diag, SM_WARNING);
	if (errors || warnings)
	{
		fprintf(out, "%zu error%s, %zu warning%s\n", errors,
				errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	}
}

void sm_diag_print(sm_diag_t *diag, FILE *out)
{
	spill_t s = {.final = out};

	/* stderr is unbuffered: collect, then write in large pieces */
	s.mem = open_memstream(&s.buf, &s.len);
	if (!s.mem)
	{
		print_all(diag, out, &s);
		return;
	}
	print_all(diag, s.mem, &s);
	spill(&s, true);
	fclose(s.mem);
	free(s.buf);
	fflush(out);
}

static void json_entry(sm_json_t *j, sm_severity_t severity, sm_pos_t pos,
					   const char *message)
{
	sm_json_object(j, false);
	sm_json_key(j, "file");
	sm_json_str(j, pos.file);
	sm_json_key(j, "line");
	sm_json_uint(j, pos.line);
	sm_json_key(j, "column");
	sm_json_uint(j, pos.col);
	sm_json_key(j, "severity");
	sm_json_str(j, severity == SM_ERROR ? "error" : "warning");
	sm_json_key(j, "message");
	sm_json_str(j, message);
	sm_json_end(j);
}

void sm_diag_json(sm_diag_t *diag, sm_json_t *j)
{
	size_t i;

	sm_diag_sort(diag);
	sm_json_array(j, true);
	for (i = 0; i < diag->n_entries; i++)
	{
		json_entry(j, diag->entries[i].severity, diag->entries[i].pos,
				   diag->entries[i].message);
	}
	if (diag->oom)
	{
		json_entry(j, SM_ERROR, sm_nopos(NULL), "out of memory");
	}
	sm_json_end(j);
}

void sm_diag_print_json(sm_diag_t *diag, FILE *out)
{
	sm_json_t j;

	sm_json_init(&j, out);
	sm_diag_json(diag, &j);
}
