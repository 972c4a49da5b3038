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

sm_model_t *sm_load_buffer(const char *name, const char *text, size_t len,
						   sm_diag_t *diag)
{
	size_t errors = sm_diag_count(diag, SM_ERROR);
	sm_model_t *model = NULL;
	sm_yaml_doc_t *doc;
	bool ok;

	doc = sm_yaml_parse(name, text, len, diag);
	if (!doc)
	{
		return NULL;
	}
	model = sm_model_create();
	if (!model)
	{
		sm_error(diag, (sm_pos_t){NULL, 0, 0}, "out of memory");
		goto fail;
	}
	model->file = sm_yaml_root(doc)->pos.file;
	ok = sm_schema_load(sm_yaml_root(doc), model, diag);
	/* anchors, tags and duplicate keys leave a usable tree but count */
	if (!ok || sm_diag_count(diag, SM_ERROR) != errors)
	{
		goto fail;
	}
	if (!sm_model_defaults(model))
	{
		sm_error(diag, (sm_pos_t){model->file, 0, 0}, "out of memory");
		goto fail;
	}
	if (!sm_validate(model, diag))
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
			sm_error(diag, (sm_pos_t){name, 0, 0}, "the file is larger than "
					 "%zu MiB", SM_YAML_MAX_SIZE >> 20);
			return NULL;
		}
		if (io_errno)
		{
			*io_errno = err;
		}
		sm_error(diag, (sm_pos_t){name, 0, 0}, "cannot read: %s",
				 strerror(err));
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
