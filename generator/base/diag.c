/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "diag.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

typedef struct {
	char *name;
	char *text;
	size_t len;
} source_t;

typedef struct {
	sm_severity_t severity;
	sm_pos_t pos;
	char *message;
	/** insertion order, for a stable sort */
	size_t seq;
} entry_t;

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
	s->name = strdup(file);
	s->text = NULL;
	s->len = 0;
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

static const source_t *find_source(const sm_diag_t *diag, const char *file)
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

/* print the source line of pos and a caret under its column */
static void print_context(const sm_diag_t *diag, const sm_pos_t *pos,
						  FILE *out)
{
	const source_t *src = find_source(diag, pos->file);
	const char *p, *end;
	unsigned int line = 1, col;
	size_t n;

	if (!src || !src->text || pos->line == 0)
	{
		return;
	}
	p = src->text;
	end = src->text + src->len;
	while (p < end && line < pos->line)
	{
		if (*p++ == '\n')
		{
			line++;
		}
	}
	if (line != pos->line || p >= end)
	{
		return;
	}
	fputs("  ", out);
	for (; p < end && *p != '\n'; p += n)
	{
		/* a CRLF line ends before its CR */
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
		{
			break;
		}
		/* keep control characters and broken UTF-8 out of the terminal */
		n = sm_utf8_decode((const unsigned char *)p, (size_t)(end - p), NULL);
		if (!n || (n == 1 && (unsigned char)*p < 0x20 && *p != '\t'))
		{
			fputc('?', out);
			n = 1;
			continue;
		}
		fwrite(p, 1, n, out);
	}
	fputs("\n  ", out);
	if (pos->col)
	{
		/* reproduce tabs so the caret lines up */
		p = src->text;
		line = 1;
		while (line < pos->line)
		{
			if (*p++ == '\n')
			{
				line++;
			}
		}
		for (col = 1; col < pos->col && p < end && *p != '\n'; col++)
		{
			fputc(*p == '\t' ? '\t' : ' ', out);
			/* columns count characters: skip UTF-8 continuation bytes */
			for (p++; p < end && ((unsigned char)*p & 0xc0) == 0x80; p++)
			{
			}
		}
		fputc('^', out);
	}
	fputc('\n', out);
}

void sm_diag_print(sm_diag_t *diag, FILE *out)
{
	size_t i, errors = 0, shown = 0, hidden = 0, warnings;

	sort(diag);
	for (i = 0; i < diag->n_entries; i++)
	{
		const entry_t *e = &diag->entries[i];

		if (e->severity == SM_ERROR && ++errors > SM_DIAG_PRINT_MAX)
		{
			hidden++;
			continue;
		}
		shown++;
		if (e->pos.file && e->pos.line)
		{
			fprintf(out, "%s:%u:%u: ", e->pos.file, e->pos.line, e->pos.col);
		}
		else if (e->pos.file)
		{
			fprintf(out, "%s: ", e->pos.file);
		}
		fprintf(out, "%s: %s\n", e->severity == SM_ERROR ? "error" : "warning",
				e->message);
		print_context(diag, &e->pos, out);
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

void sm_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; p && *p; p++)
	{
		switch (*p)
		{
			case '"':
				fputs("\\\"", out);
				break;
			case '\\':
				fputs("\\\\", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			case '\r':
				fputs("\\r", out);
				break;
			default:
				if (*p < 0x20 || *p == 0x7f)
				{
					fprintf(out, "\\u%04x", *p);
				}
				else
				{
					fputc(*p, out);
				}
				break;
		}
	}
	fputc('"', out);
}

void sm_diag_print_json(sm_diag_t *diag, FILE *out)
{
	size_t i;

	sort(diag);
	fputc('[', out);
	for (i = 0; i < diag->n_entries; i++)
	{
		const entry_t *e = &diag->entries[i];

		fputs(i ? ",\n {" : "\n {", out);
		fputs("\"file\": ", out);
		if (e->pos.file)
		{
			sm_json_string(out, e->pos.file);
		}
		else
		{
			fputs("null", out);
		}
		fprintf(out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", "
				"\"message\": ", e->pos.line, e->pos.col,
				e->severity == SM_ERROR ? "error" : "warning");
		sm_json_string(out, e->message);
		fputc('}', out);
	}
	if (diag->oom)
	{
		fputs(i ? ",\n " : "\n ", out);
		fputs("{\"file\": null, \"line\": 0, \"column\": 0, \"severity\": "
			  "\"error\", \"message\": \"out of memory\"}", out);
	}
	fputs("\n]\n", out);
}
