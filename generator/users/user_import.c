/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "user_import.h"

#include "csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <yaml.h>

/** Deepest YAML nesting accepted (libyaml 0.2.5 has no limit). */
#define YAML_MAX_DEPTH 64

/** The keys of a user, as CSV columns and YAML keys. */
typedef enum {
	F_IDENTITY,
	F_PASSWORD,
	F_NT_HASH,
	F_ADDRESS,
	F_ADDRESS6,
	F_DNS,
	F_ENABLED,
	F_MAX,
} field_t;

static const char *const field_names[F_MAX] = {
	[F_IDENTITY] = "identity",
	[F_PASSWORD] = "password",
	[F_NT_HASH] = "nt_hash",
	[F_ADDRESS] = "address",
	[F_ADDRESS6] = "address6",
	[F_DNS] = "dns",
	[F_ENABLED] = "enabled",
};

#define FIELD_LIST                                                             \
	"identity, password, nt_hash, address, address6, dns, enabled"

struct sm_import {
	/** file name for messages */
	const char *name;
	/** MD4, not owned */
	sm_nthash_ctx_t *nthash;
	/** CSV reader, or NULL for YAML */
	sm_csv_t *csv;
	/** CSV: which field each column is */
	field_t columns[SM_CSV_MAX_FIELDS];
	size_t ncolumns;
	/** YAML parser, and whether it was initialized */
	yaml_parser_t parser;
	bool yaml;
	/** YAML: inside the users list */
	bool in_users;
	/** no more users */
	bool done;
	/** "FILE:LINE[:COL]" of the current user */
	char where[300];
	/** message of the last error */
	char err[720];
};

static bool fail(sm_import_t *imp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* record an error, prefixed with where it happened; returns false */
static bool fail(sm_import_t *imp, const char *fmt, ...)
{
	char msg[400];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	snprintf(imp->err, sizeof(imp->err), "%s: %s", imp->where, msg);
	return false;
}

static int field_id(const char *name)
{
	int i;

	for (i = 0; i < F_MAX; i++)
	{
		if (!strcmp(name, field_names[i]))
		{
			return i;
		}
	}
	return -1;
}

/* apply one value to user; seen collects the fields set so far */
static bool apply(sm_import_t *imp, sm_user_t *user, field_t field,
				  const char *value, unsigned int *seen)
{
	char msg[300];
	bool ok = true;

	if (*seen & (1u << field))
	{
		return fail(imp, "'%s' given twice", field_names[field]);
	}
	*seen |= 1u << field;
	msg[0] = '\0';
	switch (field)
	{
		case F_IDENTITY:
			ok = sm_user_set_identity(user, value, msg, sizeof(msg));
			break;
		case F_PASSWORD:
			if (!*value)
			{
				return fail(imp, "empty password");
			}
			ok = sm_nthash_ctx_hash(imp->nthash, value, strlen(value),
									user->nt_hash, msg,
									sizeof(msg)) == SM_NTHASH_OK;
			break;
		case F_NT_HASH:
			if (!sm_nthash_from_hex(value, user->nt_hash))
			{
				return fail(imp, "nt_hash is not 32 hex digits");
			}
			break;
		case F_ADDRESS:
			ok = sm_user_set_attrs(user, value, NULL, NULL, msg, sizeof(msg));
			break;
		case F_ADDRESS6:
			ok = sm_user_set_attrs(user, NULL, value, NULL, msg, sizeof(msg));
			break;
		case F_DNS:
			ok = sm_user_set_attrs(user, NULL, NULL, value, msg, sizeof(msg));
			break;
		case F_ENABLED:
			if (strcmp(value, "true") && strcmp(value, "false") && *value)
			{
				return fail(imp, "enabled must be true or false, not '%s'",
							value);
			}
			user->enabled = strcmp(value, "false") != 0;
			break;
		case F_MAX:
			break;
	}
	return ok || fail(imp, "%s", msg);
}

/* a complete user has an identity and exactly one of password/nt_hash */
static bool complete(sm_import_t *imp, unsigned int seen)
{
	if (!(seen & (1u << F_IDENTITY)))
	{
		return fail(imp, "user without an identity");
	}
	if (!(seen & (1u << F_PASSWORD | 1u << F_NT_HASH)))
	{
		return fail(imp, "no password or nt_hash for user");
	}
	if ((seen & (1u << F_PASSWORD)) && (seen & (1u << F_NT_HASH)))
	{
		return fail(imp, "both password and nt_hash given");
	}
	return true;
}

/* ---- CSV ------------------------------------------------------------- */

static void csv_where(sm_import_t *imp)
{
	snprintf(imp->where, sizeof(imp->where), "%s:%zu", imp->name,
			 sm_csv_line(imp->csv));
}

static bool csv_header(sm_import_t *imp)
{
	unsigned int seen = 0;
	char **fields;
	size_t i, n;
	int r, id;

	r = sm_csv_next(imp->csv, &fields, &n);
	csv_where(imp);
	if (r <= 0)
	{
		return fail(imp, "%s",
					r ? sm_csv_error(imp->csv)
					  : "no header row (expected " FIELD_LIST ")");
	}
	for (i = 0; i < n; i++)
	{
		id = field_id(fields[i]);
		if (id < 0)
		{
			return fail(imp, "unknown column '%s' (expected " FIELD_LIST ")",
						fields[i]);
		}
		if (seen & (1u << id))
		{
			return fail(imp, "column '%s' appears twice", fields[i]);
		}
		seen |= 1u << id;
		imp->columns[i] = (field_t)id;
	}
	imp->ncolumns = n;
	if (!(seen & (1u << F_IDENTITY)))
	{
		return fail(imp, "no 'identity' column");
	}
	if (!(seen & (1u << F_PASSWORD | 1u << F_NT_HASH)) ||
		((seen & (1u << F_PASSWORD)) && (seen & (1u << F_NT_HASH))))
	{
		return fail(imp, "need either a 'password' or an 'nt_hash' column");
	}
	return true;
}

static int csv_next(sm_import_t *imp, sm_user_t *user)
{
	unsigned int seen = 0;
	char **fields;
	size_t i, n;
	int r;

	if (imp->ncolumns == 0 && !csv_header(imp))
	{
		return -1;
	}
	r = sm_csv_next(imp->csv, &fields, &n);
	csv_where(imp);
	if (r <= 0)
	{
		return r == 0 ? 0 : (fail(imp, "%s", sm_csv_error(imp->csv)), -1);
	}
	if (n != imp->ncolumns)
	{
		fail(imp, "%zu fields, the header has %zu", n, imp->ncolumns);
		return -1;
	}
	for (i = 0; i < n; i++)
	{
		if (!apply(imp, user, imp->columns[i], fields[i], &seen))
		{
			return -1;
		}
	}
	return complete(imp, seen) ? 1 : -1;
}

sm_import_t *sm_import_csv(const char *name, const char *data, size_t len,
						   sm_nthash_ctx_t *nthash)
{
	sm_import_t *imp = calloc(1, sizeof(*imp));

	if (!imp)
	{
		return NULL;
	}
	/* spreadsheets like to start UTF-8 files with a byte order mark */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
	{
		data += 3;
		len -= 3;
	}
	imp->name = name;
	imp->nthash = nthash;
	imp->csv = sm_csv_create(data, len);
	if (!imp->csv)
	{
		free(imp);
		return NULL;
	}
	snprintf(imp->where, sizeof(imp->where), "%s", name);
	return imp;
}

/* ---- YAML ------------------------------------------------------------ */

static void yaml_where(sm_import_t *imp, const yaml_mark_t *mark)
{
	snprintf(imp->where, sizeof(imp->where), "%s:%zu:%zu", imp->name,
			 mark->line + 1, mark->column + 1);
}

/* next event; false with the error recorded on a syntax error or alias */
static bool yaml_next(sm_import_t *imp, yaml_event_t *event)
{
	if (!yaml_parser_parse(&imp->parser, event))
	{
		yaml_where(imp, &imp->parser.problem_mark);
		return fail(imp, "invalid YAML: %s",
					imp->parser.problem ? imp->parser.problem : "error");
	}
	yaml_where(imp, &event->start_mark);
	if (event->type == YAML_ALIAS_EVENT ||
		(event->type == YAML_SCALAR_EVENT && event->data.scalar.anchor) ||
		(event->type == YAML_SEQUENCE_START_EVENT &&
		 event->data.sequence_start.anchor) ||
		(event->type == YAML_MAPPING_START_EVENT &&
		 event->data.mapping_start.anchor))
	{
		yaml_event_delete(event);
		return fail(imp, "anchors and aliases are not supported");
	}
	return true;
}

/* skip the rest of a node whose start event was just read */
static bool yaml_skip(sm_import_t *imp, yaml_event_type_t type)
{
	yaml_event_t event;
	int depth = 1;

	if (type != YAML_SEQUENCE_START_EVENT && type != YAML_MAPPING_START_EVENT)
	{
		return true;
	}
	while (depth > 0)
	{
		if (!yaml_next(imp, &event))
		{
			return false;
		}
		if (event.type == YAML_SEQUENCE_START_EVENT ||
			event.type == YAML_MAPPING_START_EVENT)
		{
			if (++depth > YAML_MAX_DEPTH)
			{
				yaml_event_delete(&event);
				return fail(imp, "nested too deeply");
			}
		}
		else if (event.type == YAML_SEQUENCE_END_EVENT ||
				 event.type == YAML_MAPPING_END_EVENT)
		{
			depth--;
		}
		yaml_event_delete(&event);
	}
	return true;
}

/* read up to the start of the users list */
static bool yaml_find_users(sm_import_t *imp)
{
	yaml_event_t event;
	bool users;

	while (true)
	{
		if (!yaml_next(imp, &event))
		{
			return false;
		}
		if (event.type == YAML_MAPPING_START_EVENT)
		{
			yaml_event_delete(&event);
			break;
		}
		if (event.type != YAML_STREAM_START_EVENT &&
			event.type != YAML_DOCUMENT_START_EVENT)
		{
			yaml_event_delete(&event);
			return fail(imp, "expected a mapping with a 'users' list");
		}
		yaml_event_delete(&event);
	}
	while (true)
	{
		/* a key */
		if (!yaml_next(imp, &event))
		{
			return false;
		}
		if (event.type == YAML_MAPPING_END_EVENT)
		{
			yaml_event_delete(&event);
			return fail(imp, "no 'users' list");
		}
		users = event.type == YAML_SCALAR_EVENT &&
				!strcmp((char *)event.data.scalar.value, "users");
		yaml_event_delete(&event);
		/* its value */
		if (!yaml_next(imp, &event))
		{
			return false;
		}
		if (users)
		{
			if (event.type != YAML_SEQUENCE_START_EVENT)
			{
				yaml_event_delete(&event);
				return fail(imp, "'users' must be a list");
			}
			yaml_event_delete(&event);
			imp->in_users = true;
			return true;
		}
		if (!yaml_skip(imp, event.type))
		{
			yaml_event_delete(&event);
			return false;
		}
		yaml_event_delete(&event);
	}
}

/* a scalar value, or for dns a list of scalars joined by commas */
static bool yaml_value(sm_import_t *imp, field_t field, char *buf, size_t size)
{
	yaml_event_t event;
	size_t used = 0, len;
	bool ok = true;

	if (!yaml_next(imp, &event))
	{
		return false;
	}
	if (event.type == YAML_SCALAR_EVENT)
	{
		len = event.data.scalar.length;
		if (len >= size || memchr(event.data.scalar.value, 0, len))
		{
			ok = fail(imp, "value of '%s' too long", field_names[field]);
		}
		else
		{
			memcpy(buf, event.data.scalar.value, len + 1);
		}
		yaml_event_delete(&event);
		return ok;
	}
	if (event.type != YAML_SEQUENCE_START_EVENT || field != F_DNS)
	{
		yaml_event_delete(&event);
		return fail(imp, "'%s' must be a single value", field_names[field]);
	}
	yaml_event_delete(&event);
	buf[0] = '\0';
	while (ok)
	{
		if (!yaml_next(imp, &event))
		{
			return false;
		}
		if (event.type == YAML_SEQUENCE_END_EVENT)
		{
			yaml_event_delete(&event);
			break;
		}
		if (event.type != YAML_SCALAR_EVENT)
		{
			ok = fail(imp, "'dns' must list addresses");
		}
		else if (used + event.data.scalar.length + 2 > size)
		{
			ok = fail(imp, "too many DNS servers");
		}
		else
		{
			used += (size_t)snprintf(buf + used, size - used, "%s%s",
									 used ? "," : "",
									 (char *)event.data.scalar.value);
		}
		yaml_event_delete(&event);
	}
	return ok;
}

static int yaml_next_user(sm_import_t *imp, sm_user_t *user)
{
	char key[64], value[1024], start[sizeof(imp->where)];
	yaml_event_t event;
	unsigned int seen = 0;
	bool ok = true;
	int field;

	if (!imp->in_users && !yaml_find_users(imp))
	{
		return -1;
	}
	if (!yaml_next(imp, &event))
	{
		return -1;
	}
	if (event.type == YAML_SEQUENCE_END_EVENT)
	{
		yaml_event_delete(&event);
		imp->done = true;
		return 0;
	}
	if (event.type != YAML_MAPPING_START_EVENT)
	{
		yaml_event_delete(&event);
		fail(imp, "each user must be a mapping (identity: ..., password: ...)");
		return -1;
	}
	yaml_event_delete(&event);
	/* a user as a whole is located where its mapping starts */
	memcpy(start, imp->where, sizeof(start));
	while (ok)
	{
		if (!yaml_next(imp, &event))
		{
			return -1;
		}
		if (event.type == YAML_MAPPING_END_EVENT)
		{
			yaml_event_delete(&event);
			break;
		}
		if (event.type != YAML_SCALAR_EVENT)
		{
			yaml_event_delete(&event);
			fail(imp, "expected a key (" FIELD_LIST ")");
			return -1;
		}
		snprintf(key, sizeof(key), "%s", (char *)event.data.scalar.value);
		yaml_event_delete(&event);
		field = field_id(key);
		if (field < 0)
		{
			fail(imp, "unknown key '%s' (expected " FIELD_LIST ")", key);
			return -1;
		}
		ok = yaml_value(imp, (field_t)field, value, sizeof(value)) &&
			 apply(imp, user, (field_t)field, value, &seen);
		OPENSSL_cleanse(value, sizeof(value));
	}
	if (!ok)
	{
		return -1;
	}
	memcpy(imp->where, start, sizeof(start));
	return complete(imp, seen) ? 1 : -1;
}

sm_import_t *sm_import_yaml(const char *name, const char *data, size_t len,
							sm_nthash_ctx_t *nthash)
{
	sm_import_t *imp = calloc(1, sizeof(*imp));

	if (!imp)
	{
		return NULL;
	}
	if (!yaml_parser_initialize(&imp->parser))
	{
		free(imp);
		return NULL;
	}
	yaml_parser_set_input_string(&imp->parser, (const unsigned char *)data,
								 len);
	imp->yaml = true;
	imp->name = name;
	imp->nthash = nthash;
	snprintf(imp->where, sizeof(imp->where), "%s", name);
	return imp;
}

/* ---- common ---------------------------------------------------------- */

int sm_import_next(void *ctx, sm_user_t *user)
{
	sm_import_t *imp = ctx;
	int r;

	if (imp->done)
	{
		return 0;
	}
	r = imp->yaml ? yaml_next_user(imp, user) : csv_next(imp, user);
	if (r < 0)
	{
		imp->done = true;
		sm_user_wipe(user);
	}
	return r;
}

const char *sm_import_where(const sm_import_t *imp)
{
	return imp->where;
}

const char *sm_import_error(const sm_import_t *imp)
{
	return imp->err;
}

void sm_import_destroy(sm_import_t *imp)
{
	if (imp)
	{
		sm_csv_destroy(imp->csv);
		if (imp->yaml)
		{
			yaml_parser_delete(&imp->parser);
		}
		free(imp);
	}
}
