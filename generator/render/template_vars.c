/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the values a template is rendered with: strings, flags and lists */
#include "config.h"

#include "template_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

sm_tvars_t *sm_tvars_create(void)
{
	return calloc(1, sizeof(sm_tvars_t));
}

static void entry_clear(entry_t *e)
{
	size_t i;

	/* values may be secrets (NT hashes) */
	if (e->str)
	{
		OPENSSL_cleanse(e->str, strlen(e->str));
	}
	free(e->str);
	e->str = NULL;
	for (i = 0; i < e->n_items; i++)
	{
		sm_tvars_destroy(e->items[i]);
	}
	free(e->items);
	e->items = NULL;
	e->n_items = 0;
}

void sm_tvars_destroy(sm_tvars_t *vars)
{
	size_t i;

	if (!vars)
	{
		return;
	}
	for (i = 0; i < vars->n; i++)
	{
		entry_clear(&vars->entries[i]);
		free(vars->entries[i].name);
	}
	free(vars->entries);
	free(vars);
}

/* the entry called name, created (as an empty string) if missing */
static entry_t *get_entry(sm_tvars_t *vars, const char *name)
{
	entry_t *n;
	size_t i;

	for (i = 0; i < vars->n; i++)
	{
		if (!strcmp(vars->entries[i].name, name))
		{
			return &vars->entries[i];
		}
	}
	n = realloc(vars->entries, (vars->n + 1) * sizeof(entry_t));
	if (!n)
	{
		return NULL;
	}
	vars->entries = n;
	memset(&n[vars->n], 0, sizeof(entry_t));
	n[vars->n].name = strdup(name);
	if (!n[vars->n].name)
	{
		return NULL;
	}
	return &n[vars->n++];
}

bool sm_tvars_set(sm_tvars_t *vars, const char *name, const char *value)
{
	entry_t *e = get_entry(vars, name);
	char *v;

	if (!e || !(v = strdup(value ? value : "")))
	{
		return false;
	}
	entry_clear(e);
	e->type = VAL_STRING;
	e->str = v;
	return true;
}

bool sm_tvars_setf(sm_tvars_t *vars, const char *name, const char *fmt, ...)
{
	va_list args;
	char *v;
	bool ok;

	va_start(args, fmt);
	if (vasprintf(&v, fmt, args) < 0)
	{
		va_end(args);
		return false;
	}
	va_end(args);
	ok = sm_tvars_set(vars, name, v);
	free(v);
	return ok;
}

bool sm_tvars_flag(sm_tvars_t *vars, const char *name, bool value)
{
	entry_t *e = get_entry(vars, name);

	if (!e)
	{
		return false;
	}
	entry_clear(e);
	e->type = VAL_FLAG;
	e->flag = value;
	return true;
}

bool sm_tvars_list(sm_tvars_t *vars, const char *name)
{
	entry_t *e = get_entry(vars, name);

	if (!e)
	{
		return false;
	}
	if (e->type != VAL_LIST)
	{
		entry_clear(e);
		e->type = VAL_LIST;
	}
	return true;
}

sm_tvars_t *sm_tvars_add(sm_tvars_t *vars, const char *name)
{
	sm_tvars_t **n, *item;
	entry_t *e;

	if (!sm_tvars_list(vars, name))
	{
		return NULL;
	}
	e = get_entry(vars, name);
	n = realloc(e->items, (e->n_items + 1) * sizeof(*n));
	if (!n)
	{
		return NULL;
	}
	e->items = n;
	item = sm_tvars_create();
	if (!item)
	{
		return NULL;
	}
	item->parent = vars;
	e->items[e->n_items++] = item;
	return item;
}

const entry_t *sm_tvars_lookup(const sm_tvars_t *vars, const char *name)
{
	size_t i;

	for (; vars; vars = vars->parent)
	{
		for (i = 0; i < vars->n; i++)
		{
			if (!strcmp(vars->entries[i].name, name))
			{
				return &vars->entries[i];
			}
		}
	}
	return NULL;
}
