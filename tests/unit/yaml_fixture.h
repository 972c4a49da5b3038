/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file yaml_fixture.h
 * The fixture of the YAML reader tests (test_yaml.c, test_yaml_secrets.c):
 * one parse per test, kept until the next one or teardown(), and what it
 * reported.  Implemented in yaml_fixture.c.
 */
#ifndef YAML_FIXTURE_H_
#define YAML_FIXTURE_H_

#include "sm_test.h"

#include "base/diag.h"
#include "model/yaml_reader.h"

/** diagnostics of the current parse (replaced by each parse, freed by
 * teardown(); a test may replace it by a list of its own) */
extern sm_diag_t *diag;

/** cmocka teardown: free the current parse and diag */
int teardown(void **state);

/**
 * Parse len bytes of text as "t.yaml" into a fresh diag, freeing the
 * previous parse.
 *
 * @return		root node (owned by the fixture), NULL if the parse failed
 */
const sm_yaml_node_t *parse_len(const char *text, size_t len);

/** parse_len() of a NUL-terminated text. */
const sm_yaml_node_t *parse(const char *text);

/**
 * The i-th diagnostic as "LINE:COL: MESSAGE" (fails the test if none).
 *
 * @return		static buffer, valid until the next call
 */
const char *msg(size_t i);

/** The value of key in the mapping map (fails the test if none). */
const sm_yaml_node_t *value(const sm_yaml_node_t *map, const char *key);

/** The stderr of a parse: what sm_diag_print() writes (must be freed). */
char *printed(void);

#endif /* YAML_FIXTURE_H_ */
