/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the list of diagnostics, the source texts they point into and the
 * ranges of those never to be printed (printing: diag_print.c) */
#include "config.h"

#include "diag_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

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

const char *sm_diag_source(sm_diag_t *diag, const char *file, const char *text,
						   size_t len)
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

void sm_diag_sort(sm_diag_t *diag)
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
	sm_diag_sort(diag);
	entry->severity = diag->entries[i].severity;
	entry->pos = diag->entries[i].pos;
	entry->message = diag->entries[i].message;
	return true;
}

source_t *sm_diag_find_source(const sm_diag_t *diag, const char *file)
{
	size_t i;

	for (i = 0; file && i < diag->n_sources; i++)
	{
		if (diag->sources[i].name == file ||
			!strcmp(diag->sources[i].name, file))
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
	source_t *src = sm_diag_find_source(diag, file);

	if (src)
	{
		add_hidden(src, start, end);
	}
}

void sm_diag_redactor(sm_diag_t *diag, const char *file,
					  sm_diag_redactor_t redactor)
{
	source_t *src = sm_diag_find_source(diag, file);

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

void sm_diag_prepare_hidden(source_t *src)
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

size_t sm_diag_first_hidden(const source_t *src, size_t off)
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
