/* SPDX-License-Identifier: GPL-2.0-or-later */
/* the fixture of the YAML reader tests (see yaml_fixture.h) */
#include "config.h"

#include "yaml_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sm_diag_t *diag;
/* the parse of the current test, freed by teardown */
static sm_yaml_doc_t *doc;

int teardown(void **state)
{
	(void)state;
	sm_yaml_destroy(doc);
	sm_diag_destroy(diag);
	doc = NULL;
	diag = NULL;
	return 0;
}

const sm_yaml_node_t *parse_len(const char *text, size_t len)
{
	sm_yaml_destroy(doc);
	sm_diag_destroy(diag);
	diag = sm_diag_create();
	assert_non_null(diag);
	doc = sm_yaml_parse("t.yaml", text, len, diag);
	return doc ? sm_yaml_root(doc) : NULL;
}

const sm_yaml_node_t *parse(const char *text)
{
	return parse_len(text, strlen(text));
}

const char *msg(size_t i)
{
	static char buf[1024];
	sm_diag_entry_t e;

	assert_true(sm_diag_get(diag, i, &e));
	snprintf(buf, sizeof(buf), "%u:%u: %s", e.pos.line, e.pos.col, e.message);
	return buf;
}

const sm_yaml_node_t *value(const sm_yaml_node_t *map, const char *key)
{
	size_t i;

	assert_int_equal(map->kind, SM_YAML_MAPPING);
	for (i = 0; i < map->map.n; i++)
	{
		if (!strcmp(map->map.pairs[i].key, key))
		{
			return map->map.pairs[i].value;
		}
	}
	fail_msg("no key '%s'", key);
	return NULL;
}

char *printed(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	sm_diag_print(diag, f);
	fclose(f);
	return out;
}
