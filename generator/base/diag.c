/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "diag.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/** A byte range of a source that is never printed. */
typedef struct {
	size_t start;
	size_t end;
} range_t;

typedef struct {
	char *name;
	char *text;
	size_t len;
	/** hidden ranges, sorted and merged once lines get printed */
	range_t *hidden;
	size_t n_hidden;
	size_t hidden_size;
	/** whether hidden is sorted and merged */
	bool hidden_sorted;
	/** finds more ranges to hide, run before the first line is printed */
	sm_diag_redactor_t redactor;
	/** a range could not be stored: quote no line of this source */
	bool hide_all;
} source_t;

typedef struct {
	sm_severity_t severity;
	sm_pos_t pos;
	char *message;
	/** insertion order, for a stable sort */
	size_t seq;
} entry_t;

/** Output collected before sm_diag_print() writes it. */
#define SPILL_SIZE ((size_t)64 << 10)

struct sm_diag_t {
	source_t *sources;
	size_t n_sources;
	entry_t *entries;
	size_t n_entries;
	/** whether entries are in position order */
	bool sorted;
	/** set when an allocation failed: reported as one more error */
	bool oom;
};

sm_diag_t *sm_diag_create(void)
{
	sm_diag_t *diag = calloc(1, sizeof(*diag));

	if (diag)
	{
		diag->sorted = true;
	}
	return diag;
}

void sm_diag_destroy(sm_diag_t *diag)
{
	size_t i;

	if (!diag)
	{
		return;
	}
	for (i = 0; i < diag->n_sources; i++)
	{
		free(diag->sources[i].name);
		/* a source text may hold passwords */
		if (diag->sources[i].text)
		{
			OPENSSL_cleanse(diag->sources[i].text, diag->sources[i].len);
		}
		free(diag->sources[i].text);
		free(diag->sources[i].hidden);
	}
	for (i = 0; i < diag->n_entries; i++)
	{
		free(diag->entries[i].message);
	}
	free(diag->sources);
	free(diag->entries);
	free(diag);
}

const char *sm_diag_source(sm_diag_t *diag, const char *file,
						   const char *text, size_t len)
{
	source_t *s, *n;
	size_t i;

	for (i = 0; i < diag->n_sources; i++)
	{
		if (!strcmp(diag->sources[i].name, file))
		{
			return diag->sources[i].name;
		}
	}
	n = realloc(diag->sources, (diag->n_sources + 1) * sizeof(*n));
	if (!n)
	{
		diag->oom = true;
		return NULL;
	}
	diag->sources = n;
	s = &diag->sources[diag->n_sources];
	memset(s, 0, sizeof(*s));
	s->name = strdup(file);
	if (text)
	{
		s->text = malloc(len + 1);
		if (s->text)
		{
			memcpy(s->text, text, len);
			s->text[len] = '\0';
			s->len = len;
		}
	}
	if (!s->name || (text && !s->text))
	{
		free(s->name);
		free(s->text);
		diag->oom = true;
		return NULL;
	}
	diag->n_sources++;
	return s->name;
}

void sm_diag_vadd(sm_diag_t *diag, sm_severity_t severity, sm_pos_t pos,
				  const char *fmt, va_list args)
{
	entry_t *n, *e;
	char *msg;

	if (vasprintf(&msg, fmt, args) < 0)
	{
		diag->oom = true;
		return;
	}
	n = realloc(diag->entries, (diag->n_entries + 1) * sizeof(*n));
	if (!n)
	{
		free(msg);
		diag->oom = true;
		return;
	}
	diag->entries = n;
	e = &diag->entries[diag->n_entries];
	e->severity = severity;
	e->pos = pos;
	e->message = msg;
	e->seq = diag->n_entries++;
	diag->sorted = false;
}

void sm_diag_add(sm_diag_t *diag, sm_severity_t severity, sm_pos_t pos,
				 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sm_diag_vadd(diag, severity, pos, fmt, args);
	va_end(args);
}

void sm_error(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sm_diag_vadd(diag, SM_ERROR, pos, fmt, args);
	va_end(args);
}

void sm_warning(sm_diag_t *diag, sm_pos_t pos, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	sm_diag_vadd(diag, SM_WARNING, pos, fmt, args);
	va_end(args);
}

size_t sm_diag_count(const sm_diag_t *diag, sm_severity_t severity)
{
	size_t i, n = 0;

	for (i = 0; i < diag->n_entries; i++)
	{
		n += diag->entries[i].severity == severity;
	}
	if (severity == SM_ERROR && diag->oom)
	{
		n++;
	}
	return n;
}

size_t sm_diag_size(const sm_diag_t *diag)
{
	return diag->n_entries;
}

static int by_position(const void *pa, const void *pb)
{
	const entry_t *a = pa, *b = pb;
	int c;

	/* entries without a file come first, then by file name */
	if (a->pos.file != b->pos.file)
	{
		if (!a->pos.file || !b->pos.file)
		{
			return a->pos.file ? 1 : -1;
		}
		c = strcmp(a->pos.file, b->pos.file);
		if (c)
		{
			return c;
		}
	}
	if (a->pos.line != b->pos.line)
	{
		return a->pos.line < b->pos.line ? -1 : 1;
	}
	if (a->pos.col != b->pos.col)
	{
		return a->pos.col < b->pos.col ? -1 : 1;
	}
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sort(sm_diag_t *diag)
{
	if (!diag->sorted && diag->n_entries)
	{
		qsort(diag->entries, diag->n_entries, sizeof(entry_t), by_position);
	}
	diag->sorted = true;
}

bool sm_diag_get(sm_diag_t *diag, size_t i, sm_diag_entry_t *entry)
{
	if (i >= diag->n_entries)
	{
		return false;
	}
	sort(diag);
	entry->severity = diag->entries[i].severity;
	entry->pos = diag->entries[i].pos;
	entry->message = diag->entries[i].message;
	return true;
}

static source_t *find_source(const sm_diag_t *diag, const char *file)
{
	size_t i;

	for (i = 0; file && i < diag->n_sources; i++)
	{
		if (diag->sources[i].name == file || !strcmp(diag->sources[i].name, file))
		{
			return &diag->sources[i];
		}
	}
	return NULL;
}

static void add_hidden(void *ctx, size_t start, size_t end)
{
	source_t *src = ctx;
	range_t *n;
	size_t size;

	if (end > src->len)
	{
		end = src->len;
	}
	if (start >= end || src->hide_all)
	{
		return;
	}
	if (src->n_hidden == src->hidden_size)
	{
		size = src->hidden_size ? src->hidden_size * 2 : 16;
		n = realloc(src->hidden, size * sizeof(*n));
		if (!n)
		{
			/* err on the side of hiding */
			src->hide_all = true;
			return;
		}
		src->hidden = n;
		src->hidden_size = size;
	}
	/* ranges mostly come in order: stay sorted and apart without sorting */
	if (src->n_hidden && start < src->hidden[src->n_hidden - 1].end)
	{
		src->hidden_sorted = false;
	}
	src->hidden[src->n_hidden++] = (range_t){start, end};
}

void sm_diag_hide(sm_diag_t *diag, const char *file, size_t start, size_t end)
{
	source_t *src = find_source(diag, file);

	if (src)
	{
		add_hidden(src, start, end);
	}
}

void sm_diag_redactor(sm_diag_t *diag, const char *file,
					  sm_diag_redactor_t redactor)
{
	source_t *src = find_source(diag, file);

	if (src)
	{
		src->redactor = redactor;
	}
}

static int by_start(const void *pa, const void *pb)
{
	const range_t *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* run the redactor once, then sort and merge the hidden ranges */
static void prepare_hidden(source_t *src)
{
	size_t i, n = 0;

	if (src->redactor && src->text)
	{
		src->redactor(src->text, src->len, add_hidden, src);
		src->redactor = NULL;
		src->hidden_sorted = false;
	}
	if (src->hidden_sorted || !src->n_hidden)
	{
		src->hidden_sorted = true;
		return;
	}
	qsort(src->hidden, src->n_hidden, sizeof(range_t), by_start);
	for (i = 1; i < src->n_hidden; i++)
	{
		if (src->hidden[i].start <= src->hidden[n].end)
		{
			if (src->hidden[i].end > src->hidden[n].end)
			{
				src->hidden[n].end = src->hidden[i].end;
			}
		}
		else
		{
			src->hidden[++n] = src->hidden[i];
		}
	}
	src->n_hidden = n + 1;
	src->hidden_sorted = true;
}

/* index of the first hidden range that ends after off */
static size_t first_hidden(const source_t *src, size_t off)
{
	size_t lo = 0, hi = src->n_hidden, mid;

	while (lo < hi)
	{
		mid = lo + (hi - lo) / 2;
		if (src->hidden[mid].end <= off)
		{
			lo = mid + 1;
		}
		else
		{
			hi = mid;
		}
	}
	return lo;
}

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
	source_t *src = find_source(diag, pos->file);
	const char *text, *nl;
	size_t ls, le, at, ws, we, q, n, h, k;
	caret_t c = {.len = 0};
	unsigned int col;
	int width;

	if (!src || !src->text || pos->line == 0)
	{
		return;
	}
	prepare_hidden(src);
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
	h = first_hidden(src, ws);
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

	sort(diag);
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

	sort(diag);
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
