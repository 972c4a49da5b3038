/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "load.h"
#include "schema.h"
#include "sm_file.h"
#include "validate.h"
#include "yaml_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/* whether a document is a users file: a mapping of version and users only */
static bool is_users_file(const sm_yaml_node_t *root)
{
	size_t i;

	if (root->kind != SM_YAML_MAPPING)
	{
		return false;
	}
	for (i = 0; i < root->map.n; i++)
	{
		if (strcmp(root->map.pairs[i].key, "version") &&
			strcmp(root->map.pairs[i].key, "users"))
		{
			return false;
		}
	}
	return true;
}

/* the value of the top-level key users, NULL if there is none */
static const sm_yaml_node_t *find_users(const sm_yaml_node_t *root)
{
	size_t i;

	for (i = 0; i < root->map.n; i++)
	{
		if (!strcmp(root->map.pairs[i].key, "users"))
		{
			return root->map.pairs[i].value;
		}
	}
	return NULL;
}

/* load a description, or with import the users to import (a description
 * or a users file) */
static sm_model_t *load(const char *name, const char *text, size_t len,
						bool import, sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR);
	const sm_yaml_node_t *root, *users;
	sm_model_t *model = NULL;
	sm_yaml_doc_t *doc;
	bool users_only, ok;

	doc = sm_yaml_parse(name, text, len, diag);
	if (!doc)
	{
		return NULL;
	}
	root = sm_yaml_root(doc);
	users_only = import && is_users_file(root);
	users = users_only ? find_users(root) : NULL;
	if (users && users->kind == SM_YAML_SEQUENCE)
	{
		/* the list format of earlier versions of user import */
		sm_error(diag, users->pos,
				 "users: expected a mapping, got a list; "
				 "the list of users goes under 'accounts:' (users.accounts), "
				 "as in a VPN description");
		goto fail;
	}
	model = sm_model_create();
	if (!model)
	{
		sm_error(diag, sm_nopos(NULL), "out of memory");
		goto fail;
	}
	model->file = root->pos.file;
	ok = users_only ? sm_schema_load_users(root, model, diag)
					: sm_schema_load(root, model, diag);
	/* anchors, tags and duplicate keys leave a usable tree but count */
	if (!ok || sm_diag_count(diag, SM_ERROR) != errors)
	{
		goto fail;
	}
	if (import && !model->users.accounts_pos.line)
	{
		/* importing nothing would, with --prune, delete every user */
		sm_error(
			diag, model->users.pos.line ? model->users.pos : root->pos, "%s",
			model->users.pos.line
				? "users: missing required key "
				  "'accounts' (the list of users to import)"
				: "missing "
				  "required key 'users' (with 'accounts:', the list of users "
				  "to import)");
		goto fail;
	}
	if (!sm_model_defaults(model))
	{
		sm_error(diag, sm_nopos(model->file), "out of memory");
		goto fail;
	}
	if (!(users_only ? sm_validate_users(model, diag)
					 : sm_validate(model, diag)))
	{
		goto fail;
	}
	sm_yaml_destroy(doc);
	return model;

fail:
	sm_yaml_destroy(doc);
	sm_model_destroy(model);
	return NULL;
}

sm_model_t *sm_load_buffer(const char *name, const char *text, size_t len,
						   sm_diag_t *diag)
{
	return load(name, text, len, false, diag);
}

sm_model_t *sm_load_users_buffer(const char *name, const char *text, size_t len,
								 sm_diag_t *diag)
{
	return load(name, text, len, true, diag);
}

sm_model_t *sm_load_file(const char *path, sm_diag_t *diag, int *io_errno)
{
	sm_model_t *model;
	size_t len;
	char *text;
	const char *name;
	int err;

	if (io_errno)
	{
		*io_errno = 0;
	}
	text = sm_file_read(path, SM_YAML_MAX_SIZE, &len);
	if (!text)
	{
		err = errno ? errno : EIO;
		name = sm_diag_source(diag, path, NULL, 0);
		if (err == EFBIG)
		{
			sm_error(diag, sm_nopos(name),
					 "the file is larger than "
					 "%zu MiB",
					 SM_YAML_MAX_SIZE >> 20);
			return NULL;
		}
		if (io_errno)
		{
			*io_errno = err;
		}
		sm_error(diag, sm_nopos(name), "cannot read: %s", strerror(err));
		return NULL;
	}
	model = sm_load_buffer(path, text, len, diag);
	/* the text holds the users' passwords */
	OPENSSL_cleanse(text, len);
	free(text);
	return model;
}

sm_model_t *sm_load(const char *path, sm_diag_t *diag)
{
	return sm_load_file(path, diag, NULL);
}
