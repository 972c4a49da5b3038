/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file schema.h
 * Schema version 1 of the VPN description: fills the typed model from the
 * YAML tree.  Every mapping is described by a table of its keys
 * ({key, type (expected node kind + handler), offsetof(field), flags}); one
 * generic processor walks a mapping, rejects unknown keys with a "did you
 * mean" suggestion, checks node kinds and required keys, and calls the
 * handlers, which parse strict scalars (true/false only, plain decimal
 * numbers in range, network prefixes without host bits, LDH domain names,
 * proposal strings ...).  Every error names the key path and points at the
 * offending node; processing continues so that all errors are reported.
 */
#ifndef SM_SCHEMA_H_
#define SM_SCHEMA_H_

#include "base/diag.h"
#include "model.h"
#include "yaml_reader.h"

#include <stdbool.h>

/**
 * Fill a model from a document.  Values that are invalid are reported and
 * left unset.
 *
 * @param root		root node of the document
 * @param model		model to fill (created empty by sm_model_create())
 * @param diag		receives errors
 * @return			true if no error was added
 */
bool sm_schema_load(const sm_yaml_node_t *root, sm_model_t *model,
					sm_diag_t *diag);

/**
 * Fill a model from a users file: a top-level mapping with the key users
 * (the users section of schema version 1, with the same tables) and
 * optionally version.
 *
 * @see sm_schema_load()
 */
bool sm_schema_load_users(const sm_yaml_node_t *root, sm_model_t *model,
						  sm_diag_t *diag);

#endif /* SM_SCHEMA_H_ */
