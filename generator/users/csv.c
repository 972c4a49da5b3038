/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

struct sm_csv {
	/** input, not owned */
	const char *data;
	size_t len;
	/** read position */
	size_t pos;
	/** current line (1-based) and the line the last record started on */
	size_t line;
	size_t start;
	/** field text of the current record, each NUL-terminated */
	char *buf;
	size_t used;
	/** start offsets of the fields in buf, turned into pointers */
	size_t offsets[SM_CSV_MAX_FIELDS];
	char *fields[SM_CSV_MAX_FIELDS];
	size_t count;
	/** message of a syntax error */
	char err[128];
	/** a syntax error stops reading */
	bool failed;
};

sm_csv_t *sm_csv_create(const char *data, size_t len)
{
	sm_csv_t *csv = calloc(1, sizeof(*csv));

	if (!csv)
	{
		return NULL;
	}
	/* a record and its NULs fit, as every field costs at least a byte */
	csv->buf = malloc(SM_CSV_MAX_RECORD + SM_CSV_MAX_FIELDS + 1);
	if (!csv->buf)
	{
		free(csv);
		return NULL;
	}
	csv->data = data;
	csv->len = len;
	csv->line = 1;
	return csv;
}

void sm_csv_destroy(sm_csv_t *csv)
{
	if (csv)
	{
		OPENSSL_clear_free(csv->buf, SM_CSV_MAX_RECORD + SM_CSV_MAX_FIELDS + 1);
		free(csv);
	}
}

size_t sm_csv_line(const sm_csv_t *csv)
{
	return csv->start;
}

const char *sm_csv_error(const sm_csv_t *csv)
{
	return csv->err;
}

static int syntax(sm_csv_t *csv, const char *msg)
{
	snprintf(csv->err, sizeof(csv->err), "%s", msg);
	csv->failed = true;
	return -1;
}

/* append one byte of field text */
static bool put(sm_csv_t *csv, char c)
{
	if (csv->used >= SM_CSV_MAX_RECORD)
	{
		return false;
	}
	csv->buf[csv->used++] = c;
	return true;
}

/* end the current field */
static bool end_field(sm_csv_t *csv)
{
	if (csv->count >= SM_CSV_MAX_FIELDS)
	{
		return false;
	}
	csv->buf[csv->used++] = '\0';
	csv->count++;
	return true;
}

/* whether the input at pos is a line break; skips it and counts the line */
static bool line_break(sm_csv_t *csv)
{
	if (csv->pos < csv->len && csv->data[csv->pos] == '\n')
	{
		csv->pos++;
		csv->line++;
		return true;
	}
	if (csv->pos + 1 < csv->len && csv->data[csv->pos] == '\r' &&
		csv->data[csv->pos + 1] == '\n')
	{
		csv->pos += 2;
		csv->line++;
		return true;
	}
	return false;
}

int sm_csv_next(sm_csv_t *csv, char ***fields, size_t *count)
{
	bool quoted;
	size_t i;
	char c;

	if (csv->failed)
	{
		return -1;
	}
	OPENSSL_cleanse(csv->buf, csv->used);
	csv->used = csv->count = 0;
	while (line_break(csv))
	{
		/* blank line */
	}
	csv->start = csv->line;
	if (csv->pos >= csv->len)
	{
		return 0;
	}
	for (;;)
	{
		/* one field; its offset needs a slot before end_field() counts it */
		if (csv->count >= SM_CSV_MAX_FIELDS)
		{
			return syntax(csv, "too many fields");
		}
		csv->offsets[csv->count] = csv->used;
		quoted = csv->pos < csv->len && csv->data[csv->pos] == '"';
		if (quoted)
		{
			csv->pos++;
			for (;;)
			{
				if (csv->pos >= csv->len)
				{
					return syntax(csv, "unterminated quoted field");
				}
				c = csv->data[csv->pos++];
				if (c == '"')
				{
					if (csv->pos < csv->len && csv->data[csv->pos] == '"')
					{
						csv->pos++;
					}
					else
					{
						break;
					}
				}
				else if (c == '\n')
				{
					csv->line++;
				}
				else if (c == '\0')
				{
					return syntax(csv, "NUL byte in the input");
				}
				if (!put(csv, c))
				{
					return syntax(csv, "record too long");
				}
			}
		}
		else
		{
			while (csv->pos < csv->len)
			{
				c = csv->data[csv->pos];
				if (c == ',' || c == '\n' ||
					(c == '\r' && csv->pos + 1 < csv->len &&
					 csv->data[csv->pos + 1] == '\n'))
				{
					break;
				}
				if (c == '"')
				{
					return syntax(csv, "quote inside an unquoted field "
									   "(quote the whole field)");
				}
				if (c == '\0' || c == '\r')
				{
					return syntax(csv, c ? "carriage return inside a field"
										 : "NUL byte in the input");
				}
				if (!put(csv, c))
				{
					return syntax(csv, "record too long");
				}
				csv->pos++;
			}
		}
		if (!end_field(csv))
		{
			return syntax(csv, "too many fields");
		}
		if (csv->pos >= csv->len || line_break(csv))
		{
			break;
		}
		if (csv->data[csv->pos] != ',')
		{
			return syntax(csv, "unexpected character after a closing quote");
		}
		csv->pos++;
	}
	for (i = 0; i < csv->count; i++)
	{
		csv->fields[i] = csv->buf + csv->offsets[i];
	}
	*fields = csv->fields;
	*count = csv->count;
	return 1;
}
