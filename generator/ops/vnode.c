/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the tree of vici messages and swanctl.conf files */
#include "config.h"

#include "ops_int.h"

#include "sm_mem.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sm_vnode_t *node_new(sm_vnode_kind_t kind, const char *name)
{
	sm_vnode_t *n = calloc(1, sizeof(*n));

	if (!n)
	{
		return NULL;
	}
	n->kind = kind;
	if (name && !(n->name = strdup(name)))
	{
		free(n);
		return NULL;
	}
	return n;
}

static void append(sm_vnode_t *parent, sm_vnode_t *child)
{
	if (parent->last)
	{
		parent->last->next = child;
	}
	else
	{
		parent->first = child;
	}
	parent->last = child;
}

sm_vnode_t *sm_vnode_section(const char *name)
{
	return node_new(SM_VNODE_SECTION, name);
}

void sm_vnode_free(sm_vnode_t *node)
{
	sm_vnode_t *child, *next;

	if (!node)
	{
		return;
	}
	for (child = node->first; child; child = next)
	{
		next = child->next;
		sm_vnode_free(child);
	}
	if (node->value)
	{
		sm_wipe(node->value, node->len);
		free(node->value);
	}
	free(node->name);
	free(node);
}

sm_vnode_t *sm_vnode_add(sm_vnode_t *parent, sm_vnode_kind_t kind,
						 const char *name)
{
	sm_vnode_t *n;

	if (!parent || parent->kind != SM_VNODE_SECTION || kind == SM_VNODE_VALUE ||
		!name)
	{
		return NULL;
	}
	n = node_new(kind, name);
	if (n)
	{
		append(parent, n);
	}
	return n;
}

sm_vnode_t *sm_vnode_add_value(sm_vnode_t *parent, const char *name,
							   const void *value, size_t len)
{
	sm_vnode_t *n;

	/* key/value pairs in sections, unnamed items in lists */
	if (!parent || parent->kind == SM_VNODE_VALUE ||
		(parent->kind == SM_VNODE_SECTION) != (name != NULL))
	{
		return NULL;
	}
	n = node_new(SM_VNODE_VALUE, name);
	if (!n)
	{
		return NULL;
	}
	n->value = malloc(len + 1);
	if (!n->value)
	{
		sm_vnode_free(n);
		return NULL;
	}
	if (len)
	{
		memcpy(n->value, value, len);
	}
	n->value[len] = '\0';
	n->len = len;
	append(parent, n);
	return n;
}

sm_vnode_t *sm_vnode_add_str(sm_vnode_t *parent, const char *name,
							 const char *value)
{
	return sm_vnode_add_value(parent, name, value, strlen(value));
}

sm_vnode_t *sm_vnode_add_fmt(sm_vnode_t *parent, const char *name,
							 const char *fmt, ...)
{
	sm_vnode_t *n;
	va_list args;
	char *s;
	int len;

	va_start(args, fmt);
	len = vasprintf(&s, fmt, args);
	va_end(args);
	if (len < 0)
	{
		return NULL;
	}
	n = sm_vnode_add_value(parent, name, s, (size_t)len);
	free(s);
	return n;
}

const sm_vnode_t *sm_vnode_get(const sm_vnode_t *node, const char *path)
{
	const sm_vnode_t *child;
	const char *end;
	size_t len;

	while (node && *path)
	{
		end = strchr(path, '/');
		len = end ? (size_t)(end - path) : strlen(path);
		for (child = node->first; child; child = child->next)
		{
			if (child->name && strlen(child->name) == len &&
				!strncmp(child->name, path, len))
			{
				break;
			}
		}
		node = child;
		path += len;
		if (*path == '/')
		{
			path++;
		}
	}
	return node;
}

const char *sm_vnode_str(const sm_vnode_t *node, const char *path)
{
	node = sm_vnode_get(node, path);
	return node && node->kind == SM_VNODE_VALUE ? node->value : NULL;
}

bool sm_vnode_u64(const sm_vnode_t *node, const char *path, uint64_t *out)
{
	const char *s = sm_vnode_str(node, path);
	uintmax_t v;
	char *end;

	if (!s || *s < '0' || *s > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoumax(s, &end, 10);
	if (errno || *end || v > UINT64_MAX)
	{
		return false;
	}
	*out = (uint64_t)v;
	return true;
}

size_t sm_vnode_count(const sm_vnode_t *node)
{
	const sm_vnode_t *child;
	size_t n = 0;

	for (child = node ? node->first : NULL; child; child = child->next)
	{
		n++;
	}
	return n;
}
