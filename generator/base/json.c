/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the JSON writer: values, commas and layout */
#include "config.h"

#include "json.h"
#include "sm_utf8.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

void sm_json_init(sm_json_t *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* a line break and the indentation of a member of the innermost depth
 * containers: a space for each of them written a member a line */
static void new_line(sm_json_t *j, unsigned int depth)
{
	unsigned int i;

	fputc('\n', j->out);
	for (i = 0; i < depth; i++)
	{
		if (j->level[i].lines)
		{
			fputc(' ', j->out);
		}
	}
}

/* what goes before a key, or a value that no key introduced: a comma
 * after an earlier member, then a line break and the indentation, or a
 * space */
static void next_member(sm_json_t *j)
{
	size_t *n;

	if (j->after_key)
	{
		j->after_key = false;
		return;
	}
	if (!j->depth)
	{
		return;
	}
	n = &j->level[j->depth - 1].n;
	if ((*n)++)
	{
		fputc(',', j->out);
	}
	if (j->level[j->depth - 1].lines)
	{
		new_line(j, j->depth);
	}
	else if (*n > 1)
	{
		fputc(' ', j->out);
	}
}

/* after a whole value: the newline that ends the outermost one */
static void value_done(sm_json_t *j)
{
	if (!j->depth)
	{
		fputc('\n', j->out);
	}
}

static void open(sm_json_t *j, bool object, bool lines)
{
	/* the callers nest a few levels, never more */
	assert(j->depth < SM_JSON_DEPTH);
	next_member(j);
	fputc(object ? '{' : '[', j->out);
	j->level[j->depth].n = 0;
	j->level[j->depth].object = object;
	j->level[j->depth].lines = lines;
	j->depth++;
}

void sm_json_object(sm_json_t *j, bool lines)
{
	open(j, true, lines);
}

void sm_json_array(sm_json_t *j, bool lines)
{
	open(j, false, lines);
}

void sm_json_end(sm_json_t *j)
{
	if (!j->depth)
	{
		return;
	}
	if (j->level[j->depth - 1].lines && j->level[j->depth - 1].n)
	{
		new_line(j, j->depth - 1);
	}
	fputc(j->level[j->depth - 1].object ? '}' : ']', j->out);
	j->depth--;
	value_done(j);
}

void sm_json_key(sm_json_t *j, const char *key)
{
	next_member(j);
	sm_json_string(j->out, key);
	fputs(": ", j->out);
	j->after_key = true;
}

void sm_json_str(sm_json_t *j, const char *s)
{
	if (!s)
	{
		sm_json_null(j);
		return;
	}
	next_member(j);
	sm_json_string(j->out, s);
	value_done(j);
}

void sm_json_uint(sm_json_t *j, uint64_t v)
{
	next_member(j);
	fprintf(j->out, "%" PRIu64, v);
	value_done(j);
}

void sm_json_int(sm_json_t *j, int64_t v)
{
	next_member(j);
	fprintf(j->out, "%" PRId64, v);
	value_done(j);
}

void sm_json_bool(sm_json_t *j, bool v)
{
	next_member(j);
	fputs(v ? "true" : "false", j->out);
	value_done(j);
}

void sm_json_null(sm_json_t *j)
{
	next_member(j);
	fputs("null", j->out);
	value_done(j);
}

const char *sm_json_escape(uint32_t cp, char buf[SM_JSON_ESCAPE_SIZE])
{
	switch (cp)
	{
		case '"':
			return strcpy(buf, "\\\"");
		case '\\':
			return strcpy(buf, "\\\\");
		case '\n':
			return strcpy(buf, "\\n");
		case '\t':
			return strcpy(buf, "\\t");
		case '\r':
			return strcpy(buf, "\\r");
		default:
			break;
	}
	if (cp < 0x20 || cp == 0x7f)
	{
		snprintf(buf, SM_JSON_ESCAPE_SIZE, "\\u%04x", (unsigned int)cp);
		return buf;
	}
	buf[0] = '\0';
	return buf;
}

void sm_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + (s ? strlen(s) : 0);
	char esc[SM_JSON_ESCAPE_SIZE];
	size_t n;

	fputc('"', out);
	while (p < end)
	{
		n = 1;
		if (*p < 0x80)
		{
			/* ASCII: itself or its escape */
			if (sm_json_escape(*p, esc)[0])
			{
				fputs(esc, out);
			}
			else
			{
				fputc(*p, out);
			}
		}
		else
		{
			n = sm_utf8_decode(p, (size_t)(end - p), NULL);
			if (!n)
			{
				/* JSON is Unicode: a byte that is not UTF-8 cannot be
				 * written, its replacement character can */
				fputs("\\ufffd", out);
				n = 1;
			}
			else
			{
				fwrite(p, 1, n, out);
			}
		}
		p += n;
	}
	fputc('"', out);
}
